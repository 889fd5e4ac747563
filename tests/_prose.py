"""Build a small narrative from prose, without a page: for testing the prose rules alone."""

from __future__ import annotations

import hashlib

from filmgraph.iri import slugify
from filmgraph.model import (
    Character,
    CharacterEntry,
    Event,
    Narrative,
    Paragraph,
    PlotDocument,
    Span,
    TimelineEntry,
)


def narrate(summary: str, listed: dict[str, str] | None = None,
            events: list[tuple[str, str]] | None = None) -> Narrative:
    """A narrative whose page holds ``summary``, the listed characters' descriptions and events."""
    parts: list[str] = []
    pos = 0

    def put(text: str) -> Span:
        nonlocal pos
        start = pos
        parts.append(text + "\n\n")
        pos += len(text) + 2
        return Span(start, start + len(text))

    paragraphs = tuple(Paragraph(p, put(p)) for p in summary.split("\n\n") if p)
    timeline = []
    for i, (title, description) in enumerate(events or [], start=1):
        ts, ds = put(title), put(description)
        timeline.append(TimelineEntry(i, title, ts, description, ds, "", ds, None, None, None, None))
    entries = []
    for name, description in (listed or {}).items():
        ns, ds = put(name), put(description)
        entries.append(CharacterEntry(name, ns, None, None, description, ds))
    text = "".join(parts)
    doc = PlotDocument(text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), source=None,
                       title="Test", title_span=Span(0, 0), year=2000, summary=paragraphs,
                       timeline=tuple(timeline), characters=tuple(entries))
    characters = tuple(Character(slugify(e.name), e.name, True, description=e.description)
                       for e in entries)
    evs = tuple(Event(t.index, t.title, t.description, None, None) for t in timeline)
    return Narrative(document=doc, characters=characters, events=evs)


def extracted(summary: str, listed: dict[str, str] | None = None,
              events: list[tuple[str, str]] | None = None) -> Narrative:
    from filmgraph.extract import extract_prose

    return extract_prose(narrate(summary, listed, events))


def triples(n: Narrative) -> set[tuple[str, str, str]]:
    """Relations as (source name, kind, target name)."""
    names = {c.key: c.name for c in n.characters}
    return {(names[r.source], r.kind, names[r.target]) for r in n.relations}


def by_name(n: Narrative) -> dict[str, Character]:
    return {c.name: c for c in n.characters}
