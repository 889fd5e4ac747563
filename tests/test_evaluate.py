"""Scoring against gold annotations: the metrics, the matching rules, the pinned Mask scores."""

from __future__ import annotations

import json

import pytest

from _prose import narrate
from filmgraph.errors import InputError
from filmgraph.evaluate import Score, evaluate, load_gold
from filmgraph.model import Character, Evidence, Relation, Span


def _gold(**extra):
    gold = {
        "film": {"title": "Test"},
        "characters": [
            {"name": "Wren Dale", "aliases": ["Wren"], "listed": True},
            {"name": "Cal Orme", "aliases": ["Cal"], "listed": True},
            {"name": "the bully", "aliases": ["a bully"], "listed": False},
            {"name": "the crowd", "aliases": ["crowd"], "listed": False, "optional": True},
        ],
        "relations": [
            {"source": "Wren Dale", "target": "Cal Orme", "kind": "romantic", "directed": False},
            {"source": "the bully", "target": "Cal Orme", "kind": "bullies", "directed": True,
             "alt_kinds": ["opposes"]},
            {"source": "Wren Dale", "target": "the crowd", "kind": "helps", "directed": True,
             "optional": True},
        ],
        "relations_negative": [
            {"source": "the bully", "target": "Cal Orme", "kind": "kills", "directed": True},
        ],
    }
    gold.update(extra)
    return gold


def _narrative(characters, relations=()):
    n = narrate("Wren meets Cal.")
    ev = Evidence(Span(0, 15), "test", 0.5)
    rels = tuple(Relation(s, t, k, k != "romantic", ev) for s, k, t in relations)
    return n.__class__(document=n.document, characters=tuple(characters), relations=rels)


def _char(key, name, listed=False, aliases=()):
    return Character(key, name, listed, aliases=tuple(aliases))


def test_score_arithmetic():
    assert Score(2, 2, 0).precision == 0.5
    assert Score(0, 0, 3).recall == 0.0 and Score(0, 0, 3).precision is None
    assert (Score(1, 0, 1) + Score(1, 1, 0)) == Score(2, 1, 1)


def test_characters_listed_and_prose_separately():
    chars = [_char("w", "Wren Dale", True), _char("c", "cal", True), _char("b", "the bully"),
             _char("x", "Stranger")]
    result = evaluate(_narrative(chars), _gold())
    assert result.scores["characters_listed"] == Score(2, 0, 0)
    assert result.scores["characters_prose"] == Score(1, 1, 0)
    assert result.duplicates == 0


def test_duplicates_are_counted():
    chars = [_char("w", "Wren Dale", True), _char("w2", "Wren"), _char("c", "Cal Orme", True)]
    result = evaluate(_narrative(chars), _gold())
    assert result.duplicates == 1
    assert result.errors["duplicates"]


def test_optional_characters_count_for_nothing():
    chars = [_char("w", "Wren Dale", True), _char("c", "Cal Orme", True), _char("b", "the bully"),
             _char("k", "the crowd")]
    assert evaluate(_narrative(chars), _gold()).scores["characters"] == Score(3, 0, 0)


def test_relations_kind_direction_alternatives_and_negatives():
    chars = [_char("w", "Wren Dale", True), _char("c", "Cal Orme", True), _char("b", "the bully")]
    rels = [("c", "romantic", "w"),     # symmetric: either way
            ("b", "opposes", "c"),      # an alternative kind
            ("c", "bullies", "b"),      # wrong direction
            ("b", "kills", "c")]        # a negative
    result = evaluate(_narrative(chars, rels), _gold())
    s = result.scores["relations"]
    assert (s.tp, s.fp, s.fn) == (2, 2, 0)
    assert result.errors["relations_negative_found"] == ["b kills c"]


def test_na_when_the_gold_has_nothing():
    result = evaluate(_narrative([_char("w", "Wren Dale", True)]), _gold())
    assert result.scores["event_agents"] is None
    assert result.scores["themes_events"] is None
    assert "n/a" in {r.get("f1") for r in result.rows()}


def test_load_gold_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not JSON"):
        load_gold(bad)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"a": 1}), encoding="utf-8")
    with pytest.raises(InputError, match="not a gold"):
        load_gold(other)


def test_mask_scores_pinned(mask_page_text, mask_gold):
    """The scores the README reports; a change that lowers any of them fails."""
    from filmgraph.extract import extract
    from filmgraph.parse import parse_text

    result = evaluate(extract(parse_text(mask_page_text)), mask_gold)
    s = result.scores
    assert result.duplicates == 0
    assert s["characters"].recall == 1.0 and s["characters"].precision == 1.0
    assert s["characters_listed"].f1 == 1.0 and s["characters_prose"].f1 == 1.0
    assert s["event_participants"].f1 == 1.0
    assert s["event_places"].f1 == 1.0 and s["event_times"].f1 == 1.0
    assert s["relations"].f1 == 1.0
    assert result.relations_with_evidence == 1.0
    assert s["event_agents"] is None and s["themes_events"] is None
