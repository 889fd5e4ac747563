"""The ontology, its alignments and the SHACL shapes.

Checks that the three files parse, that the ontology and :data:`filmgraph.vocab.FG`
name the same terms, that schema.org is only ever ``http://schema.org/``, and that
the shapes accept a well-formed graph and reject broken ones with readable reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from filmgraph.iri import Minter
from filmgraph.mapping import to_quads
from filmgraph.model import (
    FAMILY_KINDS,
    RELATION_KINDS,
    SYMMETRIC_KINDS,
    Character,
    Event,
    Evidence,
    Narrative,
    Participation,
    Place,
    PlotDocument,
    Relation,
    Setting,
    Span,
    Theme,
    TimeValue,
)
from filmgraph.resources import resource_dir, resource_path
from filmgraph.vocab import FG, KIND_PROPERTY

# Plain namespaces: rdflib's closed ones warn when pytest probes module attributes.
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FGNS = Namespace(FG.iri)
FGSH = Namespace("https://w3id.org/filmgraph/shapes#")
SCHEMA = Namespace("http://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
OA = Namespace("http://www.w3.org/ns/oa#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
REL = Namespace("http://purl.org/vocab/relationship/")

ONTOLOGY_IRI = URIRef("https://w3id.org/filmgraph/ontology")
ALIGNMENTS_IRI = URIRef("https://w3id.org/filmgraph/ontology/alignments")
TTL_FILES = ("filmgraph.ttl", "alignments.ttl", "shapes.ttl")
TERM_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


def _parse(name: str) -> Graph:
    return Graph().parse(resource_path("ontology", name), format="turtle")


@pytest.fixture(scope="module")
def core() -> Graph:
    return _parse("filmgraph.ttl")


@pytest.fixture(scope="module")
def alignments() -> Graph:
    return _parse("alignments.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _parse("shapes.ttl")


def _validate(data: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=False
    )
    return bool(conforms), report, str(text)


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("name", TTL_FILES)
def test_parses_with_rdflib(name: str) -> None:
    assert len(_parse(name)) > 50


@pytest.mark.parametrize("name", TTL_FILES)
def test_parses_with_pyoxigraph(name: str) -> None:
    triples = list(ox.parse(path=resource_path("ontology", name), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(_parse(name))


def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    # meta_shacl checks the shapes graph against the SHACL-for-SHACL shapes first.
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


# --------------------------------------------------------------------------- the ontology header


def test_ontology_header(core: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in core
    assert core.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        "https://w3id.org/filmgraph/ontology/0.1.0"
    )
    assert core.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.created):
        assert core.value(ONTOLOGY_IRI, prop) is not None, prop
    for prop in (RDFS.label, RDFS.comment):
        assert core.value(ONTOLOGY_IRI, prop) is not None, prop


def test_ontology_imports_the_alignments(core: Graph, alignments: Graph) -> None:
    assert (ONTOLOGY_IRI, OWL.imports, ALIGNMENTS_IRI) in core
    assert (ALIGNMENTS_IRI, RDF.type, OWL.Ontology) in alignments
    assert alignments.value(ALIGNMENTS_IRI, OWL.versionIRI) is not None


# --------------------------------------------------------------------------- vocab.py <-> ontology


def _declared_fg_terms(core: Graph) -> set[str]:
    return {
        str(s)[len(FG.iri) :]
        for s, t in core.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(FG.iri) and t in TERM_TYPES
    }


@pytest.mark.parametrize("term", sorted(FG.terms))
def test_every_vocab_term_is_declared_and_documented(core: Graph, term: str) -> None:
    iri = FGNS[term]
    types = set(core.objects(iri, RDF.type))
    assert types & TERM_TYPES, f"fg:{term} is not declared in filmgraph.ttl"
    assert core.value(iri, RDFS.label) is not None, f"fg:{term} has no rdfs:label"
    assert core.value(iri, RDFS.comment) is not None, f"fg:{term} has no rdfs:comment"


def test_every_declared_term_is_in_vocab(core: Graph) -> None:
    assert _declared_fg_terms(core) == set(FG.terms)


@pytest.mark.parametrize("name", TTL_FILES)
def test_every_fg_iri_used_is_in_vocab(name: str) -> None:
    graph = _parse(name)
    used = {
        str(term)[len(FG.iri) :]
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(FG.iri)
    }
    assert used - set(FG.terms) == set()


def test_classes_and_properties_are_declared_as_such(core: Graph) -> None:
    for term in FG.terms:
        types = set(core.objects(FGNS[term], RDF.type))
        if term[0].isupper():
            assert OWL.Class in types, term
        else:
            assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}, term


# --------------------------------------------------------------------------- axioms


@pytest.mark.parametrize("term", ["partnerOf", "friendOf", "romanticWith", "rivalOf"])
def test_symmetric_kinds(core: Graph, term: str) -> None:
    assert (FGNS[term], RDF.type, OWL.SymmetricProperty) in core


def test_story_order_axioms(core: Graph) -> None:
    assert (FGNS.before, RDF.type, OWL.TransitiveProperty) in core
    assert (FGNS.before, OWL.inverseOf, FGNS.after) in core
    assert (FGNS.nextEvent, RDFS.subPropertyOf, FGNS.before) in core
    assert (FGNS.previousEvent, RDFS.subPropertyOf, FGNS.after) in core
    assert (FGNS.nextEvent, OWL.inverseOf, FGNS.previousEvent) in core
    assert (FGNS.playedBy, OWL.inverseOf, FGNS.plays) in core


def test_kind_properties_match_vocab(core: Graph) -> None:
    """Each shortcut property names its kind in skos:notation and sits under its parent."""
    assert set(KIND_PROPERTY) == set(RELATION_KINDS)
    for kind, iri in KIND_PROPERTY.items():
        prop = URIRef(iri)
        assert core.value(prop, SKOS.notation) == Literal(kind), kind
        parent = FGNS.familyRelation if kind in FAMILY_KINDS else FGNS.influences
        assert (prop, RDFS.subPropertyOf, parent) in core, kind
        assert ((prop, RDF.type, OWL.SymmetricProperty) in core) == (kind in SYMMETRIC_KINDS)


def test_family_relations_are_schema_related_to(alignments: Graph) -> None:
    assert (FGNS.familyRelation, RDFS.subPropertyOf, SCHEMA.relatedTo) in alignments


def test_characters_are_never_people(core: Graph, alignments: Graph) -> None:
    graph = core + alignments
    supers = set(graph.transitive_objects(FGNS.Character, RDFS.subClassOf))
    assert supers.isdisjoint({FOAF.Person, SCHEMA.Person, FGNS.Person})
    assert (FGNS.Character, OWL.disjointWith, FGNS.Person) in graph
    # rel: declares foaf:Person as domain and range: an axiom to it would type characters.
    for s, p, o in graph:
        if isinstance(o, URIRef) and str(o).startswith(str(REL)):
            assert p not in {RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf}, (s, p, o)


def test_core_alignments(alignments: Graph) -> None:
    expected = [
        (FGNS.Film, RDFS.subClassOf, SCHEMA.Movie),
        (FGNS.PlotDocument, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")),
        (FGNS.Person, RDFS.subClassOf, FOAF.Person),
        (FGNS.Casting, RDFS.subClassOf, SCHEMA.PerformanceRole),
        (FGNS.Theme, RDFS.subClassOf, SKOS.Concept),
        (FGNS.Trait, RDFS.subClassOf, SKOS.Concept),
        (FGNS.hasCharacter, OWL.equivalentProperty, SCHEMA.character),
        (FGNS.partOf, RDFS.subPropertyOf, SCHEMA.containedInPlace),
        (FGNS.setInPlace, RDFS.subPropertyOf, SCHEMA.contentLocation),
    ]
    for triple in expected:
        assert triple in alignments, triple


# --------------------------------------------------------------------------- schema.org over http


def test_no_https_schema_org_iri_in_any_file() -> None:
    for path in sorted(resource_dir("ontology").glob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        assert "<https://schema.org" not in text, path.name
        graph = Graph().parse(path, format="turtle")
        for triple in graph:
            for term in triple:
                iris = [term] if isinstance(term, URIRef) else []
                if isinstance(term, Literal) and term.datatype is not None:
                    iris.append(term.datatype)
                for iri in iris:
                    assert not str(iri).startswith("https://schema.org"), (path.name, triple)


# --------------------------------------------------------------------------- the shapes, readable


def test_every_shape_is_readable(shapes: Graph) -> None:
    named = [s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)]
    assert len(named) >= 15
    for shape in named:
        assert shapes.value(shape, RDFS.label) is not None, shape
        for prop in shapes.objects(shape, SH.property):
            assert shapes.value(prop, SH.name) is not None, (shape, shapes.value(prop, SH.path))
            assert shapes.value(prop, SH.message) is not None, (shape, shapes.value(prop, SH.path))
        for sparql in shapes.objects(shape, SH.sparql):
            assert shapes.value(sparql, SH.message) is not None, shape
        if any(shapes.value(shape, p) is not None for p in (SH["not"], SH["or"], SH.xone)):
            assert shapes.value(shape, SH.message) is not None, shape


# --------------------------------------------------------------------------- hand-written graphs

PREFIXES = """
@prefix fg:     <https://w3id.org/filmgraph/ontology#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix schema: <http://schema.org/> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix time:   <http://www.w3.org/2006/time#> .
@prefix f:      <http://example.org/film/> .
@prefix x:      <http://example.org/film/dune-town-2001/> .
@prefix p:      <http://example.org/person/> .
@prefix t:      <http://example.org/theme/> .
@prefix tr:     <http://example.org/trait/> .
@prefix s:      <http://example.org/scheme/> .
"""

# Every kind of node mapping.py writes, once, the way it writes it.
GOOD = (
    PREFIXES
    + """
f:dune-town-2001 a fg:Film ;
    rdfs:label "Dune Town" ; fg:title "Dune Town" ; fg:year "2001"^^xsd:gYear ;
    fg:document x:document ;
    fg:hasCharacter x:ann , x:bob ; fg:hasCasting x:casting-ann ;
    fg:hasEvent x:event-1 , x:event-2 ; fg:hasTheme t:courage ;
    fg:setInPeriod x:period-1 ; fg:setInPlace x:town ;
    fg:hasRelationship x:ann-mentors-bob ;
    fg:evidence x:a-film .

x:document a fg:PlotDocument ;
    rdfs:label "Plot page of Dune Town (2001)" ;
    fg:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ;
    schema:about f:dune-town-2001 .

x:ann a fg:Character ;
    rdfs:label "Ann Reyes" ; skos:altLabel "Ann" ;
    fg:listed true ; fg:characterKind "person" ; fg:description "A surveyor." ;
    fg:hasTrait tr:brave ; fg:playedBy p:jo-lee ; fg:concernsTheme t:courage ;
    fg:mentors x:bob ;
    prov:wasDerivedFrom x:document ; fg:evidence x:a-ann .

x:bob a fg:Character ;
    rdfs:label "Bob" ; fg:listed false ; fg:characterKind "person" ;
    prov:wasDerivedFrom x:document ; fg:evidence x:a-bob .

p:jo-lee a fg:Person ; rdfs:label "Jo Lee" .

x:casting-ann a fg:Casting ;
    rdfs:label "Jo Lee as Ann Reyes" ;
    fg:castingFilm f:dune-town-2001 ; fg:castingCharacter x:ann ; fg:castingActor p:jo-lee .

tr:brave a fg:Trait ; rdfs:label "brave" ; skos:prefLabel "brave" ; skos:inScheme s:traits .
s:traits a skos:ConceptScheme ; rdfs:label "Character traits" .

x:town a fg:Place ; rdfs:label "Dune Town" ;
    prov:wasDerivedFrom x:document .
x:tower a fg:Place ; rdfs:label "Water tower" ; fg:partOf x:town ;
    prov:wasDerivedFrom x:document .

x:event-1 a fg:Event ;
    rdfs:label "Arrival" ; fg:index 1 ; fg:description "Ann arrives." ;
    fg:nextEvent x:event-2 ; fg:hasTime x:event-1-time ; fg:atPlace x:town ;
    fg:hasParticipant x:ann ; fg:hasAgent x:ann ; fg:hasParticipation x:event-1-agent-ann ;
    fg:concernsTheme t:courage ;
    prov:wasDerivedFrom x:document ; fg:evidence x:a-event-1 .
x:event-2 a fg:Event ;
    rdfs:label "The climb" ; fg:index 2 ; fg:description "They climb the tower." ;
    fg:previousEvent x:event-1 ; fg:hasTime x:event-2-time ;
    fg:atPlace x:tower ; fg:placeMentioned x:town ;
    prov:wasDerivedFrom x:document ; fg:evidence x:a-event-2 .

x:event-1-time a time:Instant , fg:TimeLabel ;
    rdfs:label "2001" ; fg:timeLabel "2001" ; time:inXSDgYear "2001"^^xsd:gYear .
x:event-2-time a time:Instant , fg:TimeLabel ;
    rdfs:label "Next morning" ; fg:timeLabel "Next morning" .

x:event-1-agent-ann a fg:Participation ;
    fg:participationEvent x:event-1 ; fg:participationCharacter x:ann ; fg:role "agent" ;
    fg:evidence x:a-part .

t:courage a fg:Theme ; rdfs:label "Courage" ; skos:prefLabel "Courage" ; skos:inScheme s:themes ;
    fg:concernsEvent x:event-1 ; fg:concernsCharacter x:ann .
s:themes a skos:ConceptScheme ; rdfs:label "Film themes" .

x:period-1 a fg:Period ; rdfs:label "Early 2000s" ; time:inXSDgYear "2001"^^xsd:gYear .

x:ann-mentors-bob a fg:Relationship ;
    fg:source x:ann ; fg:target x:bob ; fg:kind "mentors" ; fg:directed true ;
    fg:sign 1 ; fg:layer "influence" ; fg:inEvent x:event-2 ;
    fg:evidence x:a-rel .

x:span a oa:SpecificResource ;
    oa:hasSource x:document ; oa:hasSelector x:span-quote , x:span-position .
x:span-quote a oa:TextQuoteSelector ;
    oa:exact "Ann Reyes" ; oa:prefix "" ; oa:suffix " (Jo Lee)" .
x:span-position a oa:TextPositionSelector ;
    oa:start 120 ; oa:end 129 .
"""
    + "".join(
        f"""
x:a-{name} a oa:Annotation ;
    oa:hasBody {body} ; oa:hasTarget x:span ; oa:motivatedBy oa:identifying ;
    fg:rule "hand-written" ; fg:confidence "1.00"^^xsd:decimal .
"""
        for name, body in [
            ("film", "f:dune-town-2001"),
            ("ann", "x:ann"),
            ("bob", "x:bob"),
            ("event-1", "x:event-1"),
            ("event-2", "x:event-2"),
            ("part", "x:event-1-agent-ann"),
            ("rel", "x:ann-mentors-bob"),
        ]
    )
)

X = Namespace("http://example.org/film/dune-town-2001/")


def _good() -> Graph:
    return Graph().parse(data=GOOD, format="turtle")


def test_hand_written_graph_conforms(shapes: Graph) -> None:
    conforms, _, text = _validate(_good(), shapes)
    assert conforms, text


def _add(turtle: str) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        graph.parse(data=PREFIXES + turtle, format="turtle")

    return change


def _set(s: URIRef, p: URIRef, o: URIRef | Literal) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        graph.set((s, p, o))

    return change


def _drop(s: URIRef, p: URIRef) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        graph.remove((s, p, None))

    return change


SCHEMA_HTTPS_ABOUT = URIRef("https://schema.org/about")

BROKEN = {
    "second place of an event": (
        _add("x:event-1 fg:atPlace x:tower ."),
        X["event-1"],
        FGNS.atPlace,
    ),
    "unknown character kind": (
        _set(X.bob, FGNS.characterKind, Literal("robot")),
        X.bob,
        FGNS.characterKind,
    ),
    "character without evidence": (
        _drop(X.bob, FGNS.evidence),
        X.bob,
        FGNS.evidence,
    ),
    "year as a plain string": (
        _set(URIRef("http://example.org/film/dune-town-2001"), FGNS.year, Literal("2001")),
        URIRef("http://example.org/film/dune-town-2001"),
        FGNS.year,
    ),
    "unknown relation kind": (
        _set(X["ann-mentors-bob"], FGNS.kind, Literal("admires")),
        X["ann-mentors-bob"],
        FGNS.kind,
    ),
    "sign out of range": (
        _set(X["ann-mentors-bob"], FGNS.sign, Literal(2)),
        X["ann-mentors-bob"],
        FGNS.sign,
    ),
    "index from zero": (
        _set(X["event-1"], FGNS["index"], Literal(0)),
        X["event-1"],
        FGNS["index"],
    ),
    "unknown role": (
        _set(X["event-1-agent-ann"], FGNS.role, Literal("hero")),
        X["event-1-agent-ann"],
        FGNS.role,
    ),
    "start after end": (
        _set(X["span-position"], OA.start, Literal(200)),
        X["span-position"],
        OA.start,
    ),
    "confidence above one": (
        _set(X["a-ann"], FGNS.confidence, Literal("1.5", datatype=XSD.decimal)),
        X["a-ann"],
        FGNS.confidence,
    ),
    "target whose source is no document": (
        _set(X.span, OA.hasSource, X.town),
        X.span,
        OA.hasSource,
    ),
    "schema.org over https": (
        _add("x:document <https://schema.org/about> f:dune-town-2001 ."),
        FGSH.dataGraph,
        SCHEMA_HTTPS_ABOUT,
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_names_focus_node_and_path(shapes: Graph, case: str) -> None:
    change, focus, path = BROKEN[case]
    graph = _good()
    change(graph)
    conforms, report, text = _validate(graph, shapes)
    assert not conforms
    results = [
        (
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            report.value(r, SH.resultMessage),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]
    assert any(f == focus and p == path for f, p, _ in results), text
    assert all(m is not None for _, _, m in results), text


BROKEN_SPARQL = {
    "missing shortcut": (_drop(X.ann, FGNS.mentors), X["ann-mentors-bob"]),
    "story order backwards": (
        _add("x:event-2 fg:nextEvent x:event-1 . x:event-1 fg:previousEvent x:event-2 ."),
        X["event-2"],
    ),
    "part-of cycle": (_add("x:town fg:partOf x:tower ."), X.town),
    "sign against kind": (_set(X["ann-mentors-bob"], FGNS.sign, Literal(-1)), X["ann-mentors-bob"]),
    "friends one way": (
        _add(
            "x:r2 a fg:Relationship ; fg:source x:ann ; fg:target x:bob ; "
            'fg:kind "friend_of" ; fg:directed true ; fg:sign 1 ; fg:layer "influence" ; '
            "fg:evidence x:a-r2 . x:ann fg:friendOf x:bob . x:a-r2 a oa:Annotation ; "
            'oa:hasBody x:r2 ; oa:hasTarget x:span ; fg:rule "r" ; '
            'fg:confidence "0.5"^^xsd:decimal .'
        ),
        X.r2,
    ),
    "character who is an actor": (_add("x:ann a fg:Person ."), X.ann),
}


@pytest.mark.parametrize("case", sorted(BROKEN_SPARQL))
def test_broken_graph_node_level_checks(shapes: Graph, case: str) -> None:
    change, focus = BROKEN_SPARQL[case]
    graph = _good()
    change(graph)
    conforms, report, text = _validate(graph, shapes)
    assert not conforms
    focuses = {
        report.value(r, SH.focusNode) for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert focus in focuses, text


def test_annotation_must_point_back(shapes: Graph) -> None:
    graph = _good()
    graph.set((X["a-bob"], OA.hasBody, X.ann))
    conforms, report, text = _validate(graph, shapes)
    assert not conforms
    inverse_paths = [
        report.value(r, SH.resultPath)
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.focusNode) == X["a-bob"]
    ]
    assert any(
        isinstance(p, BNode) and report.value(p, SH.inversePath) == FGNS.evidence
        for p in inverse_paths
    ), text


# --------------------------------------------------------------------------- what mapping.py writes


def _narrative() -> Narrative:
    """A small story touching every branch of mapping.py, written by hand."""
    text = "".join(chr(ord("a") + i % 26) for i in range(4000))

    def ev(start: int, rule: str = "hand", confidence: float = 1.0) -> Evidence:
        return Evidence(Span(start, start + 7), rule, confidence)

    doc = PlotDocument(
        text=text,
        sha256="f" * 64,
        source=None,
        title="Dune Town",
        title_span=Span(0, 9),
        year=2001,
        director="R. Vale",
    )

    def character(i: int, key: str, actor: str | None, traits: tuple[str, ...] = ()) -> Character:
        return Character(
            key=key,
            name=key.title(),
            listed=actor is not None,
            actor=actor,
            description="Someone." if actor else None,
            traits=traits,
            aliases=(key.upper(),),
            evidence=(ev(20 + 10 * i), ev(500 + 10 * i, "prose", 0.6)),
        )

    characters = (
        character(0, "ann", "Jo Lee", ("brave", "stubborn")),
        character(1, "bob", "Max Orr", ("kind",)),
        # The same actor in two parts: one person node, two castings.
        character(2, "cy", "Jo Lee"),
        replace(character(3, "dog", None), kind="animal"),
        replace(character(4, "gang", None), kind="group"),
    )
    places = (
        Place("state", "The State", evidence=(ev(900),)),
        Place("town", "Dune Town", part_of="state", aliases=("the town",), evidence=(ev(910),)),
        Place("tower", "Water tower", part_of="town"),
    )
    events = tuple(
        Event(
            index=i,
            title=f"Event {i}",
            description=f"What happens, part {i}.",
            time=(
                TimeValue(str(1999 + i), 1999 + i, ev(1000 + i)) if i % 2 else TimeValue("Later")
            ),
            place=("town", "tower", None)[i % 3],
            participants=(
                Participation("ann", "agent", ev(1100 + 10 * i)),
                Participation("bob", "patient", ev(1101 + 10 * i)),
                Participation("dog", "participant", ev(1102 + 10 * i)),
            ),
            places_mentioned=("state",),
            evidence=(ev(1300 + 10 * i),),
        )
        for i in range(1, 8)
    )
    themes = (
        Theme(
            "courage",
            "Courage",
            "Being brave.",
            events=(1, 3),
            characters=("ann",),
            evidence=(ev(1600),),
        ),
        Theme("home", "Home", "Where one belongs.", evidence=(ev(1610),)),
    )
    pairs = [("ann", "bob"), ("bob", "cy"), ("cy", "ann"), ("ann", "gang")]
    relations = []
    for i, kind in enumerate(RELATION_KINDS):
        source, target = pairs[i % len(pairs)]
        if kind in SYMMETRIC_KINDS:
            source, target = sorted((source, target))
        directed = kind not in SYMMETRIC_KINDS
        relations.append(
            Relation(source, target, kind, directed, ev(1700 + 10 * i), events=(1 + i % 7,))
        )
    # A mutual opposition: undirected although "opposes" is not a symmetric kind.
    relations.append(Relation("bob", "cy", "opposes", False, ev(1900)))
    setting = Setting(
        periods=(TimeValue("Early 2000s", 2001, ev(2000)), TimeValue("Some summers")),
        places=("town", "state"),
    )
    return Narrative(doc, characters, places, events, themes, tuple(relations), setting)


def test_mapping_output_conforms(shapes: Graph) -> None:
    """What mapping.py writes conforms, also once it has been through the store.

    Oxigraph writes some literals back in canonical form (``"1.00"^^xsd:decimal``
    as ``"1"``, ``xsd:nonNegativeInteger`` as ``xsd:integer``): the shapes must
    accept the graph as the store gives it back, which is what gets validated.
    """
    quads = to_quads(_narrative(), Minter("http://example.org/"))
    store = ox.Store()
    store.extend(quads)
    (graph_name,) = {q.graph_name for q in quads}
    for name, triples in (
        ("as written", [ox.Triple(q.subject, q.predicate, q.object) for q in quads]),
        (
            "from the store",
            [q.triple for q in store.quads_for_pattern(None, None, None, graph_name)],
        ),
    ):
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        graph = Graph().parse(data=data, format="nt")
        assert len(graph) == len(quads) > 500, name
        conforms, _, text = _validate(graph, shapes)
        assert conforms, f"{name}:\n{text}"
