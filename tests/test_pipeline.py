"""The whole pipeline on Mask: what the graph holds, checked by hand against the page."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from filmgraph.iri import Minter
from filmgraph.pipeline import build, ingest
from filmgraph.store import EmbeddedStore

REPO = Path(__file__).resolve().parents[1]

FG = "https://w3id.org/filmgraph/ontology#"
PREFIX = f"PREFIX fg: <{FG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
         "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " \
         "PREFIX time: <http://www.w3.org/2006/time#> "

# The 13 timeline events of the page: (index, time label or None, year or None, place as written).
EVENTS = [
    (1, "1979", 1979, "Azusa, California"),
    (2, None, None, "Azusa, California"),
    (3, None, None, "local clinic"),
    (4, None, None, "junior high"),
    (5, "Graduation day", None, "junior high"),
    (6, None, None, "Rusty's home"),
    (7, "New Year's Eve (camp event)", None, "Camp Bloomfield"),
    (8, None, None, "Diana Adams' home"),
    (9, "Early high school", None, "Azusa High School"),
    (10, "Bus trip during high school", None, "Equestrian stables near Griffith Park"),
    (11, "Morning after the headache", None, "Rocky's bedroom"),
    (12, None, None, "Rocky Dennis's grave"),
    (13, None, None, "grave"),
]
CAST = {
    "Rocky Dennis": ("Eric Stoltz", {"Intelligent", "Compassionate", "Determined"}),
    "Rusty Dennis": ("Cher", {"Free-spirited", "Biker family", "Protective"}),
    "Gar Dennis": ("Sam Elliott", {"Father figure", "Motorcycle culture", "Supportive"}),
    "Diana Adams": ("Laura Dern", {"Blind", "Compassionate", "Determined"}),
    "Mr. Simms": ("Ben Piazza", {"Authority", "Prejudice", "Education"}),
    "Abe Dennis": ("Richard Dysart", {"Elder", "Guarded", "Traditional"}),
}
THEMES = {"Acceptance", "Love Across Difference", "Family and Belonging", "Mortality and Resilience"}


@pytest.fixture(scope="module", params=["real", "own"])
def store(request, mask_page_path):
    path = mask_page_path if request.param == "real" else REPO / "data" / "mask-1985.txt"
    s = EmbeddedStore()
    ingest([path], s)
    return s


def select(store, q, **bind):
    return store.select(PREFIX + q, bind or None)


def test_film_title_and_year(store):
    rows = select(store, "SELECT ?t ?y WHERE { GRAPH ?g { ?f a fg:Film ; fg:title ?t ; fg:year ?y } }")
    assert [(r["t"].value, r["y"].value) for r in rows] == [("Mask", "1985")]


def test_listed_characters_with_actors_and_traits(store):
    rows = select(store, """SELECT ?name ?actor ?trait WHERE { GRAPH ?g {
        ?c a fg:Character ; rdfs:label ?name ; fg:listed true ; fg:playedBy/rdfs:label ?actor ;
           fg:hasTrait/skos:prefLabel ?trait } }""")
    got: dict[str, tuple[str, set[str]]] = {}
    for r in rows:
        _actor, traits = got.setdefault(r["name"].value, (r["actor"].value, set()))
        traits.add(r["trait"].value)
    assert got == CAST


def test_actors_link_through_castings_not_sameas(store):
    rows = select(store, """SELECT ?c ?p WHERE { GRAPH ?g {
        ?k a fg:Casting ; fg:castingCharacter ?c ; fg:castingActor ?p } }""")
    assert len(rows) == 6
    assert not store.ask("ASK { GRAPH ?g { ?a <http://www.w3.org/2002/07/owl#sameAs> ?b } }")


def test_events_in_order_with_time_and_place(store):
    rows = select(store, """SELECT ?i ?label ?year ?place WHERE { GRAPH ?g {
        ?e a fg:Event ; fg:index ?i .
        OPTIONAL { ?e fg:hasTime ?t . ?t fg:timeLabel ?label OPTIONAL { ?t time:inXSDgYear ?year } }
        OPTIONAL { ?e fg:atPlace/rdfs:label ?place } } } ORDER BY ?i""")
    got = [(int(r["i"].value), r["label"].value if "label" in r else None,
            int(r["year"].value) if "year" in r else None, r.get("place")) for r in rows]
    assert [g[:3] for g in got] == [e[:3] for e in EVENTS]
    for (i, _, _, place), (_, _, _, want) in zip(got, EVENTS, strict=True):
        assert place is not None, f"event {i} has no place"
        assert want.casefold() in place.value.casefold(), (i, place.value, want)


def test_event_chain(store):
    rows = select(store, """SELECT ?a ?b WHERE { GRAPH ?g {
        ?x fg:nextEvent ?y . ?x fg:index ?a . ?y fg:index ?b } } ORDER BY ?a""")
    assert [(int(r["a"].value), int(r["b"].value)) for r in rows] == [(i, i + 1) for i in range(1, 13)]


def test_place_hierarchy(store):
    rows = select(store, """SELECT ?child ?parent WHERE { GRAPH ?g {
        ?c fg:partOf ?p . ?c rdfs:label ?child . ?p rdfs:label ?parent } }""")
    pairs = {(r["child"].value.casefold(), r["parent"].value.casefold()) for r in rows}
    parent_of = dict(pairs)
    assert any("junior high" in c and "azusa" in p for c, p in pairs)
    assert any("bedroom" in c and "azusa" in p for c, p in pairs)
    azusa = next(c for c in parent_of if c.startswith("azusa") and "school" not in c)
    assert "california" in parent_of[azusa]
    # "near" is not "part of": the stables are not inside Griffith Park.
    assert not any("stables" in c and "griffith" in p for c, p in pairs)


def test_themes_and_setting(store):
    rows = select(store, "SELECT ?n WHERE { GRAPH ?g { ?f fg:hasTheme/skos:prefLabel ?n } }")
    assert {r["n"].value for r in rows} == THEMES
    rows = select(store, """SELECT ?label ?year WHERE { GRAPH ?g {
        ?f fg:setInPeriod ?p . ?p rdfs:label ?label OPTIONAL { ?p fg:year ?year } } }""")
    assert [(r["label"].value, r["year"].value) for r in rows] == [("1979", "1979")]
    rows = select(store, "SELECT ?n WHERE { GRAPH ?g { ?f fg:setInPlace/rdfs:label ?n } }")
    names = {r["n"].value.casefold() for r in rows}
    assert any("azusa" in n for n in names) and "camp bloomfield" in names
    assert any("griffith park" in n for n in names)


def test_every_annotation_quotes_the_document(store, mask_page_text):
    """The text quote of each selector is the text at its position in the normalised page."""
    from filmgraph.parse import parse_text

    rows = select(store, """PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact ?start ?end WHERE { GRAPH ?g {
        ?t oa:hasSelector ?q, ?p . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end } }""")
    assert len(rows) > 30
    texts = {parse_text(mask_page_text).text,
             parse_text((REPO / "data" / "mask-1985.txt").read_text(encoding="utf-8")).text}
    for r in rows:
        s, e = int(r["start"].value), int(r["end"].value)
        assert any(t[s:e] == r["exact"].value for t in texts)


def test_no_https_schema_org(store):
    assert not store.ask("ASK { GRAPH ?g { ?s ?p ?o FILTER(CONTAINS(STR(?p), 'https://schema.org')"
                         " || CONTAINS(STR(?o), 'https://schema.org')) } }")


def test_build_is_deterministic(mask_page_path):
    a = build(mask_page_path).quads
    b = build(mask_page_path).quads
    assert a == b


def test_committed_graph_matches_a_rebuild(monkeypatch):
    """data/mask-1985.ttl is exactly what the pipeline builds from data/mask-1985.txt."""
    monkeypatch.delenv("FILMGRAPH_BASE", raising=False)
    built = build(REPO / "data" / "mask-1985.txt", minter=Minter())
    import pyoxigraph as ox

    nt = ox.serialize([q.triple for q in built.quads], format=ox.RdfFormat.N_TRIPLES)
    g = rdflib.Graph().parse(data=nt, format="nt")
    committed = rdflib.Graph().parse(REPO / "data" / "mask-1985.ttl", format="turtle")
    assert len(g) == len(committed)
    assert isomorphic(g, committed), "run: python3 dev.py data"


def test_store_reads_back_what_was_built(mask_page_path):
    """No literal is rewritten by the store (so exports equal builds)."""
    built = build(mask_page_path)
    s = EmbeddedStore()
    ingest([mask_page_path], s)
    stored = set(s.quads(Minter().graph("mask-1985")))
    assert stored == set(built.quads)
