"""The invented test pages give the answers their ``*.expected.json`` state."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmgraph.evaluate import evaluate, load_gold
from filmgraph.extract import extract
from filmgraph.parse import read_document

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
EXPECTED = sorted(PAGES.glob("*.expected.json"))

# Scores achieved on each page, pinned: (characters recall, participants F1, relations P, R).
PINNED = {
    "copper-season-1974": (1.0, 1.0, 1.0, 1.0),
    "lighthouse-keeper-1962": (1.0, 0.975, 1.0, 1.0),
    "millers-daughter-1953": (1.0, 1.0, 1.0, 1.0),
}


@pytest.fixture(scope="module", params=[p.name.removesuffix(".expected.json") for p in EXPECTED])
def scored(request):
    name = request.param
    narrative = extract(read_document(PAGES / f"{name}.txt"))
    return name, narrative, evaluate(narrative, load_gold(PAGES / f"{name}.expected.json"))


def test_characters_without_duplicates(scored):
    name, _, result = scored
    assert result.duplicates == 0, result.errors.get("duplicates")
    floor = PINNED.get(name, (1.0, 0.9, 0.9, 0.75))[0]
    assert result.scores["characters"].recall >= floor, result.errors


def test_participants(scored):
    name, _, result = scored
    floor = PINNED.get(name, (1.0, 0.9, 0.9, 0.75))[1]
    assert result.scores["event_participants"].f1 >= floor, result.errors


def test_relations_as_stated(scored):
    name, _, result = scored
    _, _, p, r = PINNED.get(name, (1.0, 0.9, 0.9, 0.75))
    rel = result.scores["relations"]
    assert rel.precision >= p and rel.recall >= r, result.errors
    assert "relations_negative_found" not in result.errors


def test_every_relation_has_its_sentence(scored):
    _, narrative, _ = scored
    text = narrative.document.text
    for rel in narrative.relations:
        assert rel.evidence.span.of(text).strip()
