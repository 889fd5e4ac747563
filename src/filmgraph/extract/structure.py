"""The part of a :class:`~filmgraph.model.Narrative` the page's structure states.

No language processing happens here: the listed characters (with actors,
descriptions and traits), the timeline events with their times and places, the
places (see :mod:`filmgraph.extract.places`), the setting and the themes, each
with the span it was read from. Prose extraction builds on this skeleton.

Examples
--------
>>> from filmgraph.parse import parse_text
>>> page = '''Heist Characters
...
... Joe Rossi (Al Pacino)
...
... A careful safecracker who plans one last job before he retires for good.
...
... 🔐 Careful 🧠 Clever
...
... Heist Timeline
...
... The plan
...
... Joe gathers his crew in a warehouse and explains the plan in detail.
...
... Winter 1999 Boston, Massachusetts
... '''
>>> n = extract_structure(parse_text(page))
>>> joe = n.characters[0]
>>> joe.key, joe.actor, joe.traits, joe.aliases
('joe-rossi', 'Al Pacino', ('Careful', 'Clever'), ('Joe Rossi', 'Joe'))
>>> e = n.events[0]
>>> e.time.label, e.time.year, e.place
('Winter 1999', 1999, 'boston-massachusetts')
>>> n.warnings
('the page has no Plot Summary section', 'the page has no Settings section', 'the page has no Themes section', 'the page has no Spoiler-Free Summary section')
"""

from __future__ import annotations

import re
from collections import Counter

from filmgraph.extract.places import resolve_places
from filmgraph.iri import slugify
from filmgraph.model import (
    Character,
    Event,
    Evidence,
    Narrative,
    PlotDocument,
    Setting,
    Span,
    Theme,
    TimeValue,
)

__all__ = ["SECTION_LABELS", "extract_structure", "year_of"]

#: How each section is named in a warning about it.
SECTION_LABELS: dict[str, str] = {
    "summary": "Plot Summary",
    "timeline": "Timeline",
    "characters": "Characters",
    "settings": "Settings",
    "themes": "Themes",
    "spoiler_free": "Spoiler-Free Summary",
}

_YEAR = re.compile(r"(?<![\d'’])(1[5-9]\d\d|20\d\d)(?![\d]|['’]?s\b)")
_HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir lady lord captain capt. uncle aunt father "
    "mother sister brother professor prof. officer detective sergeant king queen prince "
    "princess saint st.".split()
)


def year_of(label: str) -> int | None:
    """The year a time label holds, if it holds exactly one 4-digit year (a decade does not count).

    >>> year_of("1979"), year_of("Summer 1985"), year_of("the 1970s"), year_of("Graduation day")
    (1979, 1985, None, None)
    """
    years = _YEAR.findall(label)
    return int(years[0]) if len(set(years)) == 1 else None


def _unique_key(base: str, taken: set[str]) -> str:
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def _evidence(span: Span | None, rule: str) -> tuple[Evidence, ...]:
    if span is None or span.start == span.end:
        return ()
    return (Evidence(span, rule),)


def _characters(doc: PlotDocument) -> tuple[Character, ...]:
    firsts: Counter[str] = Counter()
    for entry in doc.characters:
        words = entry.name.split()
        if len(words) > 1 and words[0].casefold() not in _HONORIFICS:
            firsts[words[0]] += 1
    taken: set[str] = set()
    out = []
    for entry in doc.characters:
        words = entry.name.split()
        aliases = [entry.name]
        # The first name alone, when no other listed character shares it.
        if len(words) > 1 and firsts[words[0]] == 1:
            aliases.append(words[0])
        out.append(
            Character(
                key=_unique_key(slugify(entry.name), taken),
                name=entry.name,
                listed=True,
                actor=entry.actor,
                description=entry.description or None,
                traits=tuple(dict.fromkeys(t.name for t in entry.traits)),
                aliases=tuple(aliases),
                evidence=(Evidence(entry.name_span, "listed-character", 1.0),),
            )
        )
    return tuple(out)


def _themes(doc: PlotDocument) -> tuple[Theme, ...]:
    taken: set[str] = set()
    out = []
    for entry in doc.themes:
        out.append(
            Theme(
                key=_unique_key(slugify(entry.name), taken),
                name=entry.name,
                description=entry.description,
                emoji=entry.emoji,
                evidence=_evidence(entry.name_span, "theme-name")
                + _evidence(entry.description_span, "theme-description"),
            )
        )
    return tuple(out)


def extract_structure(doc: PlotDocument) -> Narrative:
    """Build the structural :class:`~filmgraph.model.Narrative` of a parsed page.

    Parameters
    ----------
    doc : PlotDocument
        The parsed page.

    Returns
    -------
    Narrative
        Listed characters, events, places, setting and themes, each with its
        evidence; ``warnings`` names the sections the page lacks.

    Examples
    --------
    >>> from filmgraph.parse import parse_text
    >>> page = "Heist Settings\\n\\nTime period\\n\\n1999\\n\\nLocation\\n\\nBoston, Massachusetts\\n"
    >>> n = extract_structure(parse_text(page))
    >>> n.setting.periods[0].year, n.setting.places
    (1999, ('boston-massachusetts',))
    >>> n.place("boston-massachusetts").part_of
    'massachusetts'
    """
    table = resolve_places(doc)
    events = []
    for entry in doc.timeline:
        time = None
        if entry.time_label is not None and entry.time_span is not None:
            time = TimeValue(
                entry.time_label,
                year_of(entry.time_label),
                Evidence(entry.time_span, "timeline-time"),
            )
        events.append(
            Event(
                index=entry.index,
                title=entry.title,
                description=entry.description,
                time=time,
                place=table.event_places.get(entry.index),
                places_mentioned=table.event_mentions.get(entry.index, ()),
                evidence=_evidence(entry.title_span, "timeline-title")
                + _evidence(entry.description_span, "timeline-description"),
            )
        )
    periods = []
    descriptions = []
    for s in doc.settings:
        if s.description:
            descriptions.append(s.description)
        if s.kind != "period":
            continue
        for value, span in s.values:
            periods.append(TimeValue(value, year_of(value), Evidence(span, "setting-period")))
    setting = Setting(
        periods=tuple(periods),
        places=table.setting_places,
        description="\n\n".join(descriptions) or None,
    )
    warnings = tuple(f"the page has no {SECTION_LABELS[m]} section" for m in doc.missing)
    return Narrative(
        document=doc,
        characters=_characters(doc),
        places=table.places,
        events=tuple(events),
        themes=_themes(doc),
        setting=setting,
        warnings=warnings,
    )
