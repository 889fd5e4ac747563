"""Map a :class:`~filmgraph.model.Narrative` to RDF quads in the film's named graph.

This stage knows the ontology and nothing about where the quads go. It builds
pyoxigraph terms (fast, and they check every IRI) in a fixed order, so the same
narrative always gives the same quads. There are no blank nodes: every node,
annotations and selectors included, has a minted IRI, which keeps graphs
comparable and re-ingestion idempotent.

Examples
--------
>>> from filmgraph.parse import parse_text
>>> from filmgraph.extract import extract
>>> from filmgraph.iri import Minter
>>> from filmgraph.resources import resource_path
>>> page = open(resource_path("data", "mask-1985.txt"), encoding="utf-8").read()
>>> quads = to_quads(extract(parse_text(page)), Minter("http://example.org/"))
>>> graph = {q.graph_name.value for q in quads}
>>> graph == {"http://example.org/graph/mask-1985"}
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from filmgraph.iri import Minter
from filmgraph.model import (
    FAMILY_KINDS,
    NEGATIVE_KINDS,
    SYMMETRIC_KINDS,
    Evidence,
    Narrative,
)
from filmgraph.vocab import FG, KIND_PROPERTY, OA, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, XSD

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["to_quads", "log_quads", "sign_of", "layer_of"]

_CONTEXT = 32  # characters of prefix and suffix kept in a TextQuoteSelector
_PREDICATES: dict[str, ox.NamedNode] = {}  # the predicate terms, made once


def _decimal(value: float) -> str:
    """The canonical lexical form of a decimal in [0, 1], as stores write it back.

    >>> _decimal(1.0), _decimal(0.9), _decimal(0.855)
    ('1', '0.9', '0.86')
    """
    from decimal import ROUND_HALF_UP, Decimal

    d = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return format(d, "f")


def sign_of(kind: str) -> int:
    """+1 for a positive influence, -1 for a negative one, 0 for a family tie.

    >>> sign_of("supports"), sign_of("bullies"), sign_of("parent_of")
    (1, -1, 0)
    """
    if kind in FAMILY_KINDS:
        return 0
    return -1 if kind in NEGATIVE_KINDS else 1


def layer_of(kind: str) -> str:
    """``"family"`` for family ties, ``"influence"`` for the rest.

    >>> layer_of("grandparent_of"), layer_of("teaches")
    ('family', 'influence')
    """
    return "family" if kind in FAMILY_KINDS else "influence"


class _Builder:
    """Collects quads for one film; remembers which spans already have a target node."""

    def __init__(self, narrative: Narrative, minter: Minter) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.n = narrative
        self.m = minter
        self.film = narrative.document.slug
        self.g = ox.NamedNode(minter.graph(self.film))
        self.doc = ox.NamedNode(minter.document(self.film))
        self.quads: list[ox.Quad] = []
        self._spans: set[tuple[int, int]] = set()
        self._annotations: set[str] = set()
        self._shared: set[str] = set()

    # -- terms ---------------------------------------------------------------
    def iri(self, value: str) -> ox.NamedNode:
        return self.ox.NamedNode(value)

    def lit(self, value: object, datatype: str | None = None) -> ox.Literal:
        ox = self.ox
        if isinstance(value, bool):
            return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD.boolean))
        if isinstance(value, int) and datatype is None:
            return ox.Literal(str(value), datatype=ox.NamedNode(XSD.integer))
        if datatype is not None:
            return ox.Literal(str(value), datatype=ox.NamedNode(datatype))
        return ox.Literal(str(value))

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        pred = _PREDICATES.get(p)
        if pred is None:
            pred = _PREDICATES[p] = self.ox.NamedNode(p)
        self.quads.append(self.ox.Quad(s, pred, o, self.g))

    def label(self, s: ox.NamedNode, text: str) -> None:
        self.add(s, RDFS.label, self.lit(text))

    def shared(self, node: ox.NamedNode) -> bool:
        """True the first time a shared node (trait, theme, person) is described.

        Two spellings that mint one IRI ("Brave", "brave") keep the first one's label.
        """
        if node.value in self._shared:
            return False
        self._shared.add(node.value)
        return True

    # -- evidence ------------------------------------------------------------
    def evidence(self, body: ox.NamedNode, ev: Evidence) -> None:
        """An oa:Annotation saying that ``body`` was read from ``ev.span`` by ``ev.rule``."""
        text = self.n.document.text
        start, end = ev.span.start, ev.span.end
        target = self.iri(self.m.span(self.film, start, end))
        if (start, end) not in self._spans:
            self._spans.add((start, end))
            quote = self.iri(target.value + "/quote")
            position = self.iri(target.value + "/position")
            self.add(target, RDF.type, self.iri(OA.SpecificResource))
            self.add(target, OA.hasSource, self.doc)
            self.add(target, OA.hasSelector, quote)
            self.add(target, OA.hasSelector, position)
            self.add(quote, RDF.type, self.iri(OA.TextQuoteSelector))
            self.add(quote, OA.exact, self.lit(text[start:end]))
            self.add(quote, OA.prefix, self.lit(text[max(0, start - _CONTEXT) : start]))
            self.add(quote, OA.suffix, self.lit(text[end : end + _CONTEXT]))
            self.add(position, RDF.type, self.iri(OA.TextPositionSelector))
            # xsd:integer, not the xsd:nonNegativeInteger the OA model suggests: Oxigraph
            # stores every integer type as xsd:integer, and the graph must read back as written.
            self.add(position, OA.start, self.lit(start))
            self.add(position, OA.end, self.lit(end))
        key = f"{body.value}|{ev.rule}|{start}|{end}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        if digest in self._annotations:
            return
        self._annotations.add(digest)
        ann = self.iri(self.m.annotation(self.film, digest))
        self.add(ann, RDF.type, self.iri(OA.Annotation))
        self.add(ann, OA.hasBody, body)
        self.add(ann, OA.hasTarget, target)
        self.add(ann, OA.motivatedBy, self.iri(OA.identifying))
        self.add(ann, FG.rule, self.lit(ev.rule))
        self.add(ann, FG.confidence, self.lit(_decimal(ev.confidence), XSD.decimal))
        self.add(body, FG.evidence, ann)

    def evidences(self, body: ox.NamedNode, evs: Iterable[Evidence]) -> None:
        for ev in evs:
            self.evidence(body, ev)

    # -- the film ------------------------------------------------------------
    def build(self) -> list[ox.Quad]:
        n, m, film = self.n, self.m, self.film
        d = n.document
        f = self.iri(m.film(film))
        self.add(f, RDF.type, self.iri(FG.Film))
        self.label(f, d.title)
        self.add(f, FG.title, self.lit(d.title))
        if d.year is not None:
            self.add(f, FG.year, self.lit(f"{d.year:04d}", XSD.gYear))
        if d.director:
            self.add(f, FG.director, self.lit(d.director))
        if d.made_by:
            self.add(f, FG.madeBy, self.lit(d.made_by))
        self.add(f, FG.document, self.doc)
        self.evidence(f, Evidence(d.title_span, "page-title"))

        self.add(self.doc, RDF.type, self.iri(FG.PlotDocument))
        self.label(self.doc, f"Plot page of {d.title}" + (f" ({d.year})" if d.year else ""))
        self.add(self.doc, FG.sha256, self.lit(d.sha256))
        self.add(self.doc, SCHEMA.about, f)

        self._characters(f)
        self._places()
        self._events(f)
        self._themes(f)
        self._setting(f)
        self._relations(f)
        return self.quads

    def _characters(self, f: ox.NamedNode) -> None:
        n, m, film = self.n, self.m, self.film
        trait_scheme = self.iri(m.scheme("traits"))
        for c in n.characters:
            node = self.iri(m.character(film, c.key))
            self.add(f, FG.hasCharacter, node)
            self.add(node, RDF.type, self.iri(FG.Character))
            self.label(node, c.name)
            for alias in sorted(set(c.aliases) - {c.name}):
                self.add(node, SKOS.altLabel, self.lit(alias))
            self.add(node, FG.listed, self.lit(c.listed))
            self.add(node, FG.characterKind, self.lit(c.kind))
            if c.description:
                self.add(node, FG.description, self.lit(c.description))
            for trait in c.traits:
                t = self.iri(m.trait(trait))
                self.add(node, FG.hasTrait, t)
                if self.shared(t):
                    self.add(t, RDF.type, self.iri(FG.Trait))
                    self.label(t, trait)
                    self.add(t, SKOS.prefLabel, self.lit(trait))
                    self.add(t, SKOS.inScheme, trait_scheme)
            self.add(node, PROV.wasDerivedFrom, self.doc)
            self.evidences(node, c.evidence)
            if c.actor:
                person = self.iri(m.person(c.actor))
                casting = self.iri(m.casting(film, c.key))
                if self.shared(person):
                    self.add(person, RDF.type, self.iri(FG.Person))
                    self.label(person, c.actor)
                self.add(f, FG.hasCasting, casting)
                self.add(casting, RDF.type, self.iri(FG.Casting))
                self.label(casting, f"{c.actor} as {c.name}")
                self.add(casting, FG.castingFilm, f)
                self.add(casting, FG.castingCharacter, node)
                self.add(casting, FG.castingActor, person)
                self.add(node, FG.playedBy, person)
                self.evidences(casting, c.evidence[:1])
        if any(c.traits for c in n.characters):
            self.add(trait_scheme, RDF.type, self.iri(SKOS.ConceptScheme))
            self.label(trait_scheme, "Character traits")

    def _places(self) -> None:
        m, film = self.m, self.film
        for p in self.n.places:
            node = self.iri(m.place(film, p.key))
            self.add(node, RDF.type, self.iri(FG.Place))
            self.label(node, p.name)
            for alias in sorted(set(p.aliases) - {p.name}):
                self.add(node, SKOS.altLabel, self.lit(alias))
            if p.part_of:
                self.add(node, FG.partOf, self.iri(m.place(film, p.part_of)))
            self.add(node, PROV.wasDerivedFrom, self.doc)
            self.evidences(node, p.evidence)

    def _events(self, f: ox.NamedNode) -> None:
        m, film = self.m, self.film
        events = sorted(self.n.events, key=lambda e: e.index)
        for i, e in enumerate(events):
            node = self.iri(m.event(film, e.index))
            self.add(f, FG.hasEvent, node)
            self.add(node, RDF.type, self.iri(FG.Event))
            self.label(node, e.title)
            self.add(node, FG.index, self.lit(e.index))
            self.add(node, FG.description, self.lit(e.description))
            if i + 1 < len(events):
                nxt = self.iri(m.event(film, events[i + 1].index))
                self.add(node, FG.nextEvent, nxt)
                self.add(nxt, FG.previousEvent, node)
            if e.time is not None:
                t = self.iri(m.event_time(film, e.index))
                self.add(node, FG.hasTime, t)
                self.add(t, RDF.type, self.iri(TIME.Instant))
                self.add(t, RDF.type, self.iri(FG.TimeLabel))
                self.label(t, e.time.label)
                self.add(t, FG.timeLabel, self.lit(e.time.label))
                if e.time.year is not None:
                    self.add(t, TIME.inXSDgYear, self.lit(f"{e.time.year:04d}", XSD.gYear))
                if e.time.evidence is not None:
                    self.evidence(t, e.time.evidence)
            if e.place is not None:
                self.add(node, FG.atPlace, self.iri(m.place(film, e.place)))
            for key in e.places_mentioned:
                if key != e.place:
                    self.add(node, FG.placeMentioned, self.iri(m.place(film, key)))
            for part in e.participants:
                c = self.iri(m.character(film, part.character))
                prop = {"agent": FG.hasAgent, "patient": FG.hasPatient}.get(part.role)
                self.add(node, FG.hasParticipant, c)
                if prop:
                    self.add(node, prop, c)
                pnode = self.iri(m.participation(film, e.index, part.character, part.role))
                self.add(node, FG.hasParticipation, pnode)
                self.add(pnode, RDF.type, self.iri(FG.Participation))
                self.add(pnode, FG.participationEvent, node)
                self.add(pnode, FG.participationCharacter, c)
                self.add(pnode, FG.role, self.lit(part.role))
                self.evidence(pnode, part.evidence)
            self.add(node, PROV.wasDerivedFrom, self.doc)
            self.evidences(node, e.evidence)

    def _themes(self, f: ox.NamedNode) -> None:
        m, film = self.m, self.film
        if not self.n.themes:
            return
        scheme = self.iri(m.scheme("themes"))
        self.add(scheme, RDF.type, self.iri(SKOS.ConceptScheme))
        self.label(scheme, "Film themes")
        for t in self.n.themes:
            node = self.iri(m.theme(t.name))
            self.add(f, FG.hasTheme, node)
            if self.shared(node):
                self.add(node, RDF.type, self.iri(FG.Theme))
                self.label(node, t.name)
                self.add(node, SKOS.prefLabel, self.lit(t.name))
                self.add(node, SKOS.inScheme, scheme)
            for index in t.events:
                ev = self.iri(m.event(film, index))
                self.add(ev, FG.concernsTheme, node)
                self.add(node, FG.concernsEvent, ev)
            for key in t.characters:
                c = self.iri(m.character(film, key))
                self.add(c, FG.concernsTheme, node)
                self.add(node, FG.concernsCharacter, c)
            self.evidences(node, t.evidence)

    def _setting(self, f: ox.NamedNode) -> None:
        m, film = self.m, self.film
        s = self.n.setting
        for i, period in enumerate(s.periods, start=1):
            node = self.iri(m.period(film, i))
            self.add(f, FG.setInPeriod, node)
            self.add(node, RDF.type, self.iri(FG.Period))
            self.label(node, period.label)
            if period.year is not None:
                # A period is no time:Instant, which time:inXSDgYear would make it.
                self.add(node, FG.year, self.lit(f"{period.year:04d}", XSD.gYear))
            if period.evidence is not None:
                self.evidence(node, period.evidence)
        for key in s.places:
            self.add(f, FG.setInPlace, self.iri(m.place(film, key)))

    def _relations(self, f: ox.NamedNode) -> None:
        m, film = self.m, self.film
        for r in sorted(self.n.relations, key=lambda r: (r.source, r.kind, r.target)):
            src = self.iri(m.character(film, r.source))
            tgt = self.iri(m.character(film, r.target))
            node = self.iri(m.relation(film, r.source, r.kind, r.target))
            self.add(f, FG.hasRelationship, node)
            self.add(node, RDF.type, self.iri(FG.Relationship))
            self.add(node, FG.source, src)
            self.add(node, FG.target, tgt)
            self.add(node, FG.kind, self.lit(r.kind))
            directed = r.directed and r.kind not in SYMMETRIC_KINDS
            self.add(node, FG.directed, self.lit(directed))
            self.add(node, FG.sign, self.lit(sign_of(r.kind)))
            self.add(node, FG.layer, self.lit(layer_of(r.kind)))
            for index in r.events:
                self.add(node, FG.inEvent, self.iri(m.event(film, index)))
            prop = KIND_PROPERTY[r.kind]
            self.add(src, prop, tgt)
            if not directed:
                self.add(tgt, prop, src)
            self.evidence(node, r.evidence)


def to_quads(narrative: Narrative, minter: Minter | None = None) -> list[ox.Quad]:
    """All quads of one film's named graph, in a deterministic order, duplicates removed."""
    quads = _Builder(narrative, minter or Minter()).build()
    seen: set[ox.Quad] = set()
    unique = []
    for q in quads:
        if q not in seen:
            seen.add(q)
            unique.append(q)
    return unique


def log_quads(
    narrative: Narrative,
    minter: Minter | None = None,
    *,
    location: str | None = None,
    read_at: datetime | None = None,
) -> Iterator[ox.Quad]:
    """Quads for the log graph: which document the film graph came from, where and when it was read.

    Kept out of the film graph so the same page always gives the same film graph.
    """
    import pyoxigraph as ox

    m = minter or Minter()
    film = narrative.document.slug
    g = ox.NamedNode(m.log_graph())
    graph = ox.NamedNode(m.graph(film))
    doc = ox.NamedNode(m.document(film))
    when = (read_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
    yield ox.Quad(graph, ox.NamedNode(RDF.type), ox.NamedNode(PROV.Entity), g)
    yield ox.Quad(graph, ox.NamedNode(PROV.wasDerivedFrom), doc, g)
    yield ox.Quad(
        graph,
        ox.NamedNode(PROV.generatedAtTime),
        ox.Literal(when, datatype=ox.NamedNode(XSD.dateTime)),
        g,
    )
    yield ox.Quad(doc, ox.NamedNode(FG.sha256), ox.Literal(narrative.document.sha256), g)
    yield ox.Quad(doc, ox.NamedNode(FG.derivedGraph), graph, g)
    if location:
        yield ox.Quad(doc, ox.NamedNode(SCHEMA.url), ox.Literal(location), g)
