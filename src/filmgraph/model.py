"""Typed, frozen data passed between the pipeline stages.

The pipeline runs one way::

    text --parse--> PlotDocument --extract--> Narrative --map--> RDF quads

Every offset in these classes is a 0-based character offset into
``PlotDocument.text`` — the page after normalisation (byte-order mark removed,
line endings turned into ``\\n``). Selectors written into the graph use the same
offsets, so ``doc.text[span.start:span.end]`` is always the quoted text.

Examples
--------
>>> text = "Rocky meets Diana."
>>> span = Span(0, 5)
>>> span.of(text)
'Rocky'
>>> Evidence(span, rule="listed-character", confidence=1.0).span.end
5
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Span",
    "Evidence",
    "Paragraph",
    "TimelineEntry",
    "CharacterEntry",
    "TraitEntry",
    "SettingEntry",
    "ThemeEntry",
    "PlotDocument",
    "Mention",
    "Character",
    "Place",
    "TimeValue",
    "Participation",
    "Event",
    "Theme",
    "Relation",
    "Setting",
    "Narrative",
    "RELATION_KINDS",
    "SYMMETRIC_KINDS",
    "NEGATIVE_KINDS",
    "FAMILY_KINDS",
    "ROLES",
]

#: The relation kinds filmgraph knows, in a fixed order.
RELATION_KINDS: tuple[str, ...] = (
    "parent_of",
    "grandparent_of",
    "partner_of",
    "father_figure_of",
    "friend_of",
    "romantic",
    "supports",
    "opposes",
    "teaches",
    "helps",
    "forbids",
    "bullies",
    "mentors",
    "rivals",
    "kills",
)
#: Kinds that hold both ways: (a, kind, b) means (b, kind, a) too.
SYMMETRIC_KINDS: frozenset[str] = frozenset({"partner_of", "friend_of", "romantic", "rivals"})
#: Family ties: their own layer in the influence graph.
FAMILY_KINDS: frozenset[str] = frozenset(
    {"parent_of", "grandparent_of", "partner_of", "father_figure_of"}
)
#: Kinds whose influence is negative (the rest of the non-family kinds are positive).
NEGATIVE_KINDS: frozenset[str] = frozenset({"opposes", "forbids", "bullies", "rivals", "kills"})
#: Roles a character plays in an event.
ROLES: tuple[str, ...] = ("agent", "patient", "participant")

Role = Literal["agent", "patient", "participant"]
CharacterKind = Literal["person", "group", "animal"]


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of ``PlotDocument.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        """Return the text this span covers."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why the graph holds a fact: the span it was read from and the rule that read it.

    ``rule`` names the pattern (``"listed-character"``, ``"apposition-parent"``...);
    ``confidence`` is in ``[0, 1]``: 1.0 for what the page's structure states.
    """

    span: Span
    rule: str
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is not in [0, 1]")


# --------------------------------------------------------------------------- parse


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of prose and where it sits."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event of the page's Timeline section, as the page gives it.

    ``location_line`` is the joined line; ``time_label`` and ``place`` are the
    two parts it was split into (``time_label`` is None when the line holds a
    place only). Spans point into the document.
    """

    index: int
    title: str
    title_span: Span
    description: str
    description_span: Span
    location_line: str
    location_span: Span
    time_label: str | None
    time_span: Span | None
    place: str | None
    place_span: Span | None


@dataclass(frozen=True, slots=True)
class TraitEntry:
    """A trait word of a listed character, with its emoji when the page gives one."""

    name: str
    span: Span
    emoji: str | None = None


@dataclass(frozen=True, slots=True)
class CharacterEntry:
    """A ``Name (Actor)`` block of the Characters section."""

    name: str
    name_span: Span
    actor: str | None
    actor_span: Span | None
    description: str
    description_span: Span
    traits: tuple[TraitEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class SettingEntry:
    """A block of the Settings section: ``kind`` is ``"period"`` or ``"location"``.

    ``values`` are the items of the value line (a location line such as
    ``"A; B; C"`` gives three), each with its span.
    """

    kind: Literal["period", "location"]
    values: tuple[tuple[str, Span], ...]
    description: str
    description_span: Span | None


@dataclass(frozen=True, slots=True)
class ThemeEntry:
    """A theme block: emoji line, name, description."""

    name: str
    name_span: Span
    description: str
    description_span: Span
    emoji: str | None = None


@dataclass(frozen=True, slots=True)
class PlotDocument:
    """A plot page, parsed: what its structure says, nothing more.

    ``text`` is the normalised page; ``sha256`` is the digest of the raw bytes
    as read. ``missing`` names the sections the page lacks.
    """

    text: str
    sha256: str
    source: str | None
    title: str
    title_span: Span
    year: int | None
    summary: tuple[Paragraph, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    characters: tuple[CharacterEntry, ...] = ()
    settings: tuple[SettingEntry, ...] = ()
    themes: tuple[ThemeEntry, ...] = ()
    spoiler_free: tuple[Paragraph, ...] = ()
    director: str | None = None
    made_by: str | None = None
    missing: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The film's slug: ``title-year`` in lower case ASCII (see :mod:`filmgraph.iri`)."""
        from filmgraph.iri import film_slug

        return film_slug(self.title, self.year)


# --------------------------------------------------------------------------- extract


@dataclass(frozen=True, slots=True)
class Mention:
    """A place in the document where something is named, and how."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Character:
    """One character of the story, with every way the page names it.

    ``key`` is unique within the film and becomes the last IRI segment.
    ``name`` is the display name (the listed header when there is one).
    ``aliases`` are the other names the page uses (``skos:altLabel``).
    """

    key: str
    name: str
    listed: bool
    kind: CharacterKind = "person"
    actor: str | None = None
    description: str | None = None
    traits: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    """A place of the story. ``part_of`` is the key of the enclosing place, if the text gives one."""

    key: str
    name: str
    part_of: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeValue:
    """When an event happens: the label as the page gives it, and a year when it holds one."""

    label: str
    year: int | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Participation:
    """A character taking part in an event, in a role, with the evidence."""

    character: str
    role: Role
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Event:
    """A timeline event in story order (``index`` from 1)."""

    index: int
    title: str
    description: str
    time: TimeValue | None
    place: str | None
    participants: tuple[Participation, ...] = ()
    places_mentioned: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme of the film and what its description speaks of."""

    key: str
    name: str
    description: str
    emoji: str | None = None
    events: tuple[int, ...] = ()
    characters: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed relation between two characters, with its evidence.

    For a symmetric kind the pair is stored in key order, ``directed`` is False.
    """

    source: str
    target: str
    kind: str
    directed: bool
    evidence: Evidence
    events: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in RELATION_KINDS:
            raise ValueError(f"unknown relation kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Setting:
    """Where and when the film is set: periods (labels, with a year where one is given) and place keys."""

    periods: tuple[TimeValue, ...] = ()
    places: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Narrative:
    """Everything extracted from one page, ready to be mapped to RDF."""

    document: PlotDocument
    characters: tuple[Character, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    themes: tuple[Theme, ...] = ()
    relations: tuple[Relation, ...] = ()
    setting: Setting = field(default_factory=Setting)
    warnings: tuple[str, ...] = ()

    def character(self, key: str) -> Character:
        """Return the character with this key (``KeyError`` if none)."""
        for c in self.characters:
            if c.key == key:
                return c
        raise KeyError(key)

    def place(self, key: str) -> Place:
        """Return the place with this key (``KeyError`` if none)."""
        for p in self.places:
            if p.key == key:
                return p
        raise KeyError(key)
