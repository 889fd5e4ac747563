"""Relation rules on small pages of our own: kinship, influence verbs, pairs, kill versus die."""

from __future__ import annotations

from _prose import extracted, triples

LISTED = {
    "Wren Dale": "A stubborn girl. She wants the mill saved.",
    "Cal Orme": "A quiet boy. He draws.",
    "Ada Dale": "Wren's mother, a tired weaver.",
}


def test_apposition_kinship_with_direction():
    n = extracted("Wren Dale lives with her mother, Ada Dale, and her uncle, Bram.", LISTED)
    found = triples(n)
    assert ("Ada Dale", "parent_of", "Wren Dale") in found
    assert not any(kind == "parent_of" and "Bram" in (s, t) for s, kind, t in found)


def test_role_apposition_is_no_family_tie():
    n = extracted("Wren clashes with the principal, Mr. Pike, who expels Cal.",
                  {**LISTED, "Mr. Pike": "The principal."})
    found = triples(n)
    assert ("Wren Dale", "opposes", "Mr. Pike") in found
    assert not any(kind in ("parent_of", "grandparent_of") and "Mr. Pike" in (s, t)
                   for s, kind, t in found)


def test_influence_verbs_and_coordination():
    n = extracted("Ada, still angry, forbids Wren from meeting Cal, but Wren teaches Cal to "
                  "swim and helps him fix the boat. A bully mocks Cal.", LISTED)
    found = triples(n)
    assert ("Ada Dale", "forbids", "Wren Dale") in found
    assert ("Ada Dale", "opposes", "Cal Orme") in found
    assert ("Wren Dale", "teaches", "Cal Orme") in found
    assert ("Wren Dale", "helps", "Cal Orme") in found
    assert ("the bully", "bullies", "Cal Orme") in found


def test_kill_is_not_death_nor_attempt():
    n = extracted(
        "Cal dies in his sleep. Later Bram shoots and kills Jory Vell, and Quin nearly kills "
        "Wren. Wren's carelessness killed Cal's dog.",
        {**LISTED, "Bram Holt": "A drifter.", "Jory Vell": "A clerk.", "Quin Ash": "A rival."},
    )
    kills = {(s, t) for s, kind, t in triples(n) if kind == "kills"}
    assert kills == {("Bram Holt", "Jory Vell")}


def test_pairs_and_their_first_kiss():
    n = extracted("Wren meets Cal at the fair. Their first kiss comes at the dance.", LISTED)
    assert ("Cal Orme", "romantic", "Wren Dale") in triples(n)
    rel = next(r for r in n.relations if r.kind == "romantic")
    assert not rel.directed and rel.source < rel.target


def test_negation_blocks_a_relation():
    n = extracted("Wren does not help Cal.", LISTED)
    assert ("Wren Dale", "helps", "Cal Orme") not in triples(n)


def test_relations_keep_event_and_sentence():
    n = extracted("", LISTED, events=[("Lessons", "Wren teaches Cal to read by the river.")])
    [rel] = [r for r in n.relations if r.kind == "teaches"]
    assert rel.events == (1,)
    assert rel.evidence.span.of(n.document.text) == "Wren teaches Cal to read by the river."
    assert rel.evidence.rule == "verb-teaches"


def test_one_relation_per_triple():
    n = extracted("Wren helps Cal. Later Wren helps Cal again.", LISTED)
    assert sum(1 for r in n.relations if r.kind == "helps") == 1


def test_mask_relations_pinned(mask_page_text, mask_gold):
    from filmgraph.evaluate import evaluate
    from filmgraph.extract import extract
    from filmgraph.parse import parse_text

    n = extract(parse_text(mask_page_text))
    result = evaluate(n, mask_gold)
    rel = result.scores["relations"]
    # Pinned at what the extractor achieves: a change that lowers it fails.
    assert rel.precision == 1.0 and rel.recall == 1.0
    assert "relations_negative_found" not in result.errors
    text = n.document.text
    for r in n.relations:
        sentence = r.evidence.span.of(text)
        assert sentence.strip() and r.evidence.rule and 0 < r.evidence.confidence <= 1
