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
    "vellmar-crossing-1968": (1.0, 1.0, 1.0, 1.0),
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


def test_no_false_characters(scored):
    # No page makes up a person: not a sentence-opening adverb ("Afterwards, Tomas, ..."),
    # not the spoiler-free summary's "a young soldier".
    _, _, result = scored
    assert result.scores["characters"].precision == 1.0, result.errors


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


DATA = Path(__file__).resolve().parents[1] / "data"


def test_our_own_mask_page_scores_as_annotated():
    """The demo page, in our own words, against our hand annotation of it (pinned)."""
    narrative = extract(read_document(DATA / "mask-1985.txt"))
    result = evaluate(narrative, load_gold(DATA / "mask-1985.expected.json"))
    s = result.scores
    assert result.duplicates == 0, result.errors
    assert s["characters"].recall == 1.0 and s["characters"].precision == 1.0, result.errors
    assert s["event_participants"].f1 == 1.0, result.errors
    assert s["relations"].precision == 1.0 and s["relations"].recall == 1.0, result.errors
    assert s["event_places"].f1 == 1.0 and s["event_times"].f1 == 1.0, result.errors
    assert "relations_negative_found" not in result.errors
    names = {c.name for c in narrative.characters}
    # Mistakes once made on this page: a sentence-opening adverb taken for a person, the
    # grandparents given to the wrong man, a family read as somebody's parents.
    assert not names & {"Afterward", "Gar's grandparents", "Ben's parents"}


def test_our_own_annotation_quotes_the_page():
    import json

    text = (DATA / "mask-1985.txt").read_text(encoding="utf-8")
    gold = json.loads((DATA / "mask-1985.expected.json").read_text(encoding="utf-8"))
    for section in ("relations", "relations_extra", "relations_negative"):
        for rel in gold[section]:
            assert rel["evidence"] in text, rel
