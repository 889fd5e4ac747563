"""The vocabularies filmgraph writes, as plain IRI strings.

Plain strings keep this module free of rdflib, so the lookup path stays light.
:class:`Namespace` is closed: asking for a term the ontology does not define
raises ``AttributeError``, so a typo cannot mint a silent new IRI.

Examples
--------
>>> FG.Character
'https://w3id.org/filmgraph/ontology#Character'
>>> SCHEMA.Movie
'http://schema.org/Movie'
>>> FG.Charakter
Traceback (most recent call last):
...
AttributeError: 'Charakter' is not a term of https://w3id.org/filmgraph/ontology#
"""

from __future__ import annotations

__all__ = [
    "Namespace",
    "FG",
    "SCHEMA",
    "SEM",
    "LODE",
    "TIME",
    "PROV",
    "OA",
    "FOAF",
    "SKOS",
    "REL",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "DCTERMS",
    "PREFIXES",
    "KIND_PROPERTY",
]


class Namespace:
    """A namespace whose terms are listed up front (closed) or not (open)."""

    def __init__(self, iri: str, terms: str | None = None) -> None:
        self._iri = iri
        self._terms = frozenset(terms.split()) if terms is not None else None

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        value = self.term(name)
        # Cache it as a plain attribute: the next lookup never reaches __getattr__.
        self.__dict__[name] = value
        return value

    def term(self, name: str) -> str:
        """The IRI of ``name``; ``AttributeError`` if the namespace is closed and lacks it."""
        if self._terms is not None and name not in self._terms:
            raise AttributeError(f"{name!r} is not a term of {self._iri}")
        return self._iri + name

    @property
    def iri(self) -> str:
        return self._iri

    @property
    def terms(self) -> frozenset[str]:
        return self._terms or frozenset()

    def __str__(self) -> str:
        return self._iri

    def __repr__(self) -> str:
        return f"Namespace({self._iri!r})"


# Our ontology. Every term here is declared in ontology/filmgraph.ttl; a test checks both ways.
FG = Namespace(
    "https://w3id.org/filmgraph/ontology#",
    """
    Film PlotDocument Character Person Casting Event Place TimeLabel Theme Trait
    Relationship Period Participation

    title year director madeBy sha256
    hasCharacter hasCasting castingCharacter castingActor castingFilm playedBy plays
    description hasTrait listed characterKind
    hasEvent index nextEvent previousEvent before after
    hasTime timeLabel year
    atPlace partOf placeMentioned
    hasParticipant hasAgent hasPatient hasParticipation participationEvent
    participationCharacter role
    hasTheme concernsTheme concernsEvent concernsCharacter
    setInPeriod setInPlace
    hasRelationship source target kind directed sign layer inEvent
    influences familyRelation
    parentOf grandparentOf partnerOf fatherFigureOf friendOf romanticWith supports opposes
    teaches helps forbids bullies mentors rivalOf kills
    evidence rule confidence document derivedGraph
    """,
)
SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
LODE = Namespace("http://linkedevents.org/ontology/")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
REL = Namespace("http://purl.org/vocab/relationship/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

#: Prefixes for serialisations and stored queries.
PREFIXES: dict[str, str] = {
    "fg": FG.iri,
    "schema": SCHEMA.iri,
    "sem": SEM.iri,
    "lode": LODE.iri,
    "time": TIME.iri,
    "prov": PROV.iri,
    "oa": OA.iri,
    "foaf": FOAF.iri,
    "skos": SKOS.iri,
    "rel": REL.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "owl": OWL.iri,
    "xsd": XSD.iri,
    "dcterms": DCTERMS.iri,
}

#: The direct shortcut property of each relation kind.
KIND_PROPERTY: dict[str, str] = {
    "parent_of": FG.parentOf,
    "grandparent_of": FG.grandparentOf,
    "partner_of": FG.partnerOf,
    "father_figure_of": FG.fatherFigureOf,
    "friend_of": FG.friendOf,
    "romantic": FG.romanticWith,
    "supports": FG.supports,
    "opposes": FG.opposes,
    "teaches": FG.teaches,
    "helps": FG.helps,
    "forbids": FG.forbids,
    "bullies": FG.bullies,
    "mentors": FG.mentors,
    "rivals": FG.rivalOf,
    "kills": FG.kills,
}
