"""Places of a film: the timeline's place texts and the Settings' locations, normalised.

One :class:`~filmgraph.model.Place` per real place, with a part-of hierarchy where
the text itself gives one. The rules, in the order they apply to a place text:

1. **Known spelling.** Texts whose slugs are equal name the same place
   (``"Junior High"`` and ``"junior high"``); so do the spellings already recorded
   as aliases.
2. **Area.** ``"X area"`` (also *region*, *vicinity*, *surroundings*, *environs*)
   is the place ``X``; the longer text becomes an alias.
3. **Sub-place after a dash.** ``"A – b"`` is a place *b* inside *A*: named
   ``"b, A₁"`` (``A₁`` being the part of *A* before its first comma), with
   ``"A₁ b"`` and the text as written as aliases. When *b* ends in a word for an
   occasion (*graduation*, *party*, *wedding*, *funeral*...), the occasion is not
   a place: ``"A – Junior High Graduation"`` is the junior high of *A*, and
   ``"A – Spring Dance"`` (nothing left but a time) is *A* itself.
4. **Nearness.** ``"X near Y"`` (also *outside*, *behind*, *beside*, *opposite*,
   *next to*, *across from*) is one place named as written; ``Y`` is a place of
   its own, mentioned, and **not** its parent. ``"the Y"`` is the one known place
   whose name ends in ``Y`` if there is exactly one; an unknown lower-case ``Y``
   ("the valley road") is not made a place.
5. **Containment.** ``"X in Y"``, ``"X at Y"`` and ``"X, Y"`` (``Y`` capitalised)
   make ``X`` part of ``Y``. When ``X`` is itself a proper name (``"Town, Region"``)
   the place keeps the whole text as its name and ``X`` alone as an alias, so a
   later ``"someone's home, Town"`` finds it; and a proper name that starts with
   that town ("Town High School") is part of it.
6. **Generic back-reference.** A text made only of common nouns (no owner, no
   proper name: ``"Grave site / memorial"``) that shares its head noun with exactly
   one earlier specific place (owned or named: ``"Name's grave"``) is that place.
   With no such place, or with two, it stays a place of its own.

Keys are :func:`~filmgraph.iri.slugify` of the display name.

Examples
--------
>>> from filmgraph.parse import parse_text
>>> page = '''Heist Timeline
...
... Arrival
...
... Joe drives into town with his crew and rents a room above the bakery.
...
... 1999 Boston, Massachusetts
...
... The job
...
... The crew cracks the vault of the old bank while the city sleeps soundly.
...
... Boston, Massachusetts – First National Bank
...
... Aftermath
...
... Joe hides the money in his apartment and waits for the noise to die down.
...
... Joe's apartment, Boston
... '''
>>> table = resolve_places(parse_text(page))
>>> [(p.key, p.part_of) for p in table.places]  # doctest: +NORMALIZE_WHITESPACE
[('massachusetts', None), ('boston-massachusetts', 'massachusetts'),
 ('first-national-bank-boston', 'boston-massachusetts'),
 ('joe-s-apartment-boston', 'boston-massachusetts')]
>>> table.event_places[3]
'joe-s-apartment-boston'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from filmgraph.iri import slugify
from filmgraph.model import Evidence, Mention, Place, PlotDocument, Span
from filmgraph.parse import PLACE_NOUNS, TIME_WORDS

__all__ = ["OCCASION_WORDS", "PlaceTable", "resolve_places"]

#: Words for an occasion rather than a place: "X Graduation" happens at X.
OCCASION_WORDS: frozenset[str] = frozenset(
    """
    graduation ceremony party dance prom wedding funeral reception reunion game match
    festival concert recital show meeting trial hearing banquet dinner lunch breakfast
    picnic service celebration assembly gala fair parade premiere competition tournament
    """.split()
)
_AREA_WORDS = frozenset({"area", "region", "vicinity", "surroundings", "environs"})
_DASH = re.compile(r"\s+[–—-]\s+")
_NEAR = re.compile(
    r"\s+(?:near|outside(?:\s+of)?|behind|beside|opposite|next\s+to|across\s+from)\s+"
    r"(?:the\s+)?(?=\w)"
)
_INSIDE = re.compile(r"\s+(?:in|at|inside|within)\s+(?=[A-ZÀ-ÖØ-Þ])")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_PARTICLES = frozenset("of de da del della di du la le los las van von y the and".split())
_FUNCTION = frozenset("of the a an and or at in on near to by for with".split())
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
# Place names repeat within a page and across pages; slugs are pure.
_slug = lru_cache(maxsize=8192)(slugify)
# Adjectives that start a common-noun place text ("Local clinic", "Old mill").
_GENERIC_ADJECTIVES = frozenset(
    "local old new main small big little nearby abandoned empty public private family".split()
)


@dataclass(frozen=True, slots=True)
class PlaceTable:
    """The places of one film and where the page puts them.

    ``event_places`` maps an event index to the key of its place;
    ``event_mentions`` to keys of other places its location line names (the
    ``Y`` of ``"X near Y"``); ``setting_places`` are the keys of the Settings'
    location items, in page order, without repeats.
    """

    places: tuple[Place, ...] = ()
    event_places: dict[int, str] = field(default_factory=dict)
    event_mentions: dict[int, tuple[str, ...]] = field(default_factory=dict)
    setting_places: tuple[str, ...] = ()


@dataclass
class _Draft:
    key: str
    name: str
    part_of: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    specific: bool = False  # owned or proper-named: a generic text may refer back to it
    head: str | None = None  # the head noun, lower case
    town: str | None = None  # for a "Town, Region" place: "Town"
    refs: list[str] = field(default_factory=list)  # places its text names but is not in

    def freeze(self) -> Place:
        aliases = tuple(dict.fromkeys(a for a in self.aliases if a != self.name))
        return Place(
            key=self.key,
            name=self.name,
            part_of=self.part_of,
            aliases=aliases,
            mentions=tuple(dict.fromkeys(self.mentions)),
            evidence=tuple(dict.fromkeys(self.evidence)),
        )


def _clean(text: str, start: int) -> tuple[str, int]:
    """``text`` without edge spaces and trailing punctuation, and its new start."""
    stripped = text.lstrip()
    start += len(text) - len(stripped)
    return stripped.rstrip(" \t\n.;:,"), start


def _is_proper(text: str) -> bool:
    """Every word capitalised (particles aside) and no owner: a proper name."""
    words = text.split()
    if not words or _POSSESSIVE.search(words[-1]):
        return False
    for i, w in enumerate(words):
        if not w[0].isupper() and not (i and w.casefold() in _PARTICLES):
            return False
        if _POSSESSIVE.search(w):
            return False
    return True


def _is_owned(text: str) -> bool:
    return any(_POSSESSIVE.search(w) for w in text.split()[:4])


def _is_generic(text: str) -> bool:
    """Common nouns only ("Grave site / memorial"): no owner, no proper name.

    Only the first word may be capitalised, and then it must be a common noun
    or adjective: "Voss mill" names a particular mill.
    """
    words = _WORD.findall(text)
    if not words or _is_owned(text):
        return False
    if any(w[0].isupper() for w in words[1:]):
        return False
    first = words[0]
    folded = first.casefold()
    return first[0].islower() or folded in PLACE_NOUNS or folded in _GENERIC_ADJECTIVES


def _head(text: str) -> str | None:
    """The head noun: the last word before a comma, dash or relation word."""
    part = _DASH.split(text, maxsplit=1)[0].split(",", 1)[0]
    part = _NEAR.split(part, maxsplit=1)[0]
    words = _WORD.findall(part)
    if not words:
        return None
    return _POSSESSIVE.sub("", words[-1]).casefold()


class _Resolver:
    def __init__(self) -> None:
        self.drafts: dict[str, _Draft] = {}
        self.by_slug: dict[str, str] = {}  # slug of a name or alias -> key

    # -- registry -------------------------------------------------------------
    def find(self, name: str) -> str | None:
        return self.by_slug.get(_slug(name))

    def note(self, key: str, written: str, span: Span, rule: str) -> None:
        d = self.drafts[key]
        spelled = " ".join(written.split())
        if spelled and spelled not in d.aliases and spelled != d.name:
            d.aliases.append(spelled)
        self.by_slug.setdefault(_slug(spelled), key)
        d.mentions.append(Mention(written, span))
        d.evidence.append(Evidence(span, rule))

    def alias(self, key: str, alias: str) -> None:
        d = self.drafts[key]
        if alias != d.name and alias not in d.aliases:
            d.aliases.append(alias)
        self.by_slug.setdefault(_slug(alias), key)

    def create(self, name: str, *, specific: bool, part_of: str | None = None) -> str:
        key = _slug(name)
        if key in self.drafts:  # a different text with the same slug: the same place
            return key
        self.drafts[key] = _Draft(key, name, specific=specific, head=_head(name))
        self.by_slug.setdefault(key, key)
        if part_of is not None:
            self.set_parent(key, part_of)
        return key

    def set_parent(self, key: str, parent: str) -> None:
        d = self.drafts[key]
        if d.part_of is not None or parent == key:
            return
        seen = {key}
        p: str | None = parent
        while p is not None:  # refuse a cycle
            if p in seen:
                return
            seen.add(p)
            p = self.drafts[p].part_of
        d.part_of = parent

    # -- the rules ------------------------------------------------------------
    def register_proper(self, text: str, start: int, rule: str) -> None:
        """First pass: record ``"Town, Region"`` names so later short forms find them."""
        for seg, seg_start in _segments(text, start):
            head, sep, tail = seg.partition(",")
            tail_clean, _ = _clean(tail, 0)
            if (
                sep
                and _usable(head)
                and _is_proper(head.strip())
                and _is_proper(tail_clean)
                and "," not in tail
            ):
                self.resolve(seg, seg_start, rule)

    def resolve(self, text: str, start: int, rule: str) -> tuple[str, list[str]]:
        """The key of the place ``text`` names, and keys of places it only mentions."""
        text, start = _clean(text, start)
        span = Span(start, start + len(text))
        name = " ".join(text.split())
        if not _usable(name):
            raise ValueError(f"not a place text: {text!r}")
        known = self.find(name)
        if known is not None:
            self.note(known, text, span, rule)
            return known, list(self.drafts[known].refs)

        words = name.split()
        if len(words) > 1 and words[-1].casefold() in _AREA_WORDS:
            core = text[: text.rfind(text.split()[-1])]
            if _usable(core):
                key, mentioned = self.resolve(core, start, rule)
                self.note(key, text, span, rule)
                return key, mentioned

        dash = _DASH.search(text)
        if dash is not None and _usable(text[: dash.start()]):
            return self._sub_place(text, start, dash, span, rule)

        near = _NEAR.search(text)
        if near is not None and _usable(text[: near.start()]):
            ref_key = self._reference(text[near.end() :], start + near.end(), rule)
            key = self.create(name, specific=not _is_generic(name))
            if ref_key and ref_key not in self.drafts[key].refs:
                self.drafts[key].refs.append(ref_key)
            self.note(key, text, span, rule)
            return key, list(self.drafts[key].refs)

        inside = _INSIDE.search(text)
        if inside is not None and not _is_proper(name):
            parent, _ = self.resolve(text[inside.end() :], start + inside.end(), rule)
            key = self.create(name, specific=True, part_of=parent)
            self.note(key, text, span, rule)
            return key, []

        head, sep, tail = text.partition(",")
        tail_text, tail_start = _clean(tail, start + len(head) + 1)
        if sep and tail_text and tail_text[0].isupper() and _usable(head):
            parent, _ = self.resolve(tail_text, tail_start, rule)
            head_name = " ".join(head.split())
            key = self.create(name, specific=True, part_of=parent)
            if _is_proper(head_name):
                self.alias(key, head_name)
                self.drafts[key].town = head_name
            self.note(key, text, span, rule)
            return key, []

        if _is_generic(name):
            earlier = self._refers_back(name)
            if earlier is not None:
                self.note(earlier, text, span, rule)
                return earlier, []
        key = self.create(name, specific=_is_proper(name) or _is_owned(name))
        town = self._town_prefix(name)
        if town is not None:
            self.set_parent(key, town)
        self.note(key, text, span, rule)
        return key, []

    def _town_prefix(self, name: str) -> str | None:
        """The town a name starts with ("Town High School" is in Town), if any."""
        best: tuple[int, str] | None = None
        for d in self.drafts.values():
            if d.town and name.startswith(d.town + " ") and (best is None or len(d.town) > best[0]):
                best = (len(d.town), d.key)
        return best[1] if best else None

    def _reference(self, text: str, start: int, rule: str) -> str | None:
        """The place the ``Y`` of ``"X near Y"`` names: a known place, or a new proper one.

        ``"the Number Four shaft"`` is the one known place whose name ends that way;
        an unknown common-noun reference ("the valley road") is not made a place.
        """
        text, start = _clean(text, start)
        name = " ".join(text.split())
        if not _usable(name):
            return None
        key = self.find(name)
        if key is None:
            words = name.split()
            short = " ".join(words[1:]) if words[0].casefold() == "the" else name
            key = self.find(short) if short else None
            if key is None and short:
                tails = [d.key for d in self.drafts.values() if d.name.endswith(" " + short)]
                key = tails[0] if len(tails) == 1 else None
        if key is not None:
            self.note(key, text, Span(start, start + len(text)), rule)
            return key
        if _is_proper(name):
            return self.resolve(text, start, rule)[0]
        return None

    def _sub_place(
        self, text: str, start: int, dash: re.Match[str], span: Span, rule: str
    ) -> tuple[str, list[str]]:
        parent, mentioned = self.resolve(text[: dash.start()], start, rule)
        sub_text, _ = _clean(text[dash.end() :], start + dash.end())
        if not _usable(sub_text):
            self.note(parent, text, span, rule)
            return parent, mentioned
        sub_words = sub_text.split()
        if sub_words[-1].casefold() in OCCASION_WORDS:
            # "<place> Graduation": an occasion at the place, not a place. With
            # nothing left but times ("Spring Dance"), the occasion is at the parent.
            rest = sub_words[:-1]
            if not any(_WORD.fullmatch(w) and w.casefold() not in TIME_WORDS for w in rest):
                self.note(parent, text, span, rule)
                return parent, mentioned
            sub_text = sub_text[: sub_text.rfind(sub_words[-1])].rstrip()
        sub = " ".join(sub_text.split())
        short = self.drafts[parent].name.split(",", 1)[0].strip()
        name = f"{sub}, {short}"
        key = self.find(name)
        if key is None:
            key = self.create(name, specific=False, part_of=parent)
            self.alias(key, f"{short} {sub}")
        self.note(key, text, span, rule)
        return key, mentioned

    def _refers_back(self, name: str) -> str | None:
        words = {
            _POSSESSIVE.sub("", w).casefold()
            for w in _WORD.findall(name)
            if w.casefold() not in _FUNCTION
        }
        hits = [d.key for d in self.drafts.values() if d.specific and d.head in words]
        return hits[0] if len(hits) == 1 else None

    def places(self) -> tuple[Place, ...]:
        return tuple(d.freeze() for d in self.drafts.values())


def _usable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _segments(text: str, start: int) -> Iterator[tuple[str, int]]:
    """The parts of a place text that may be names on their own."""
    yield text, start
    dash = _DASH.search(text)
    if dash is not None:
        yield text[: dash.start()], start
    near = _NEAR.search(text)
    if near is not None:
        yield text[near.end() :], start + near.end()


def resolve_places(doc: PlotDocument) -> PlaceTable:
    """Normalise the places of a parsed page (see the module notes for the rules).

    Parameters
    ----------
    doc : PlotDocument
        The parsed page.

    Returns
    -------
    PlaceTable
        The places in the order first met, and where events and settings point.

    Examples
    --------
    >>> from filmgraph.parse import parse_text
    >>> doc = parse_text("Heist Settings\\n\\nLocation\\n\\nBoston, Massachusetts; Fenway Park area\\n")
    >>> table = resolve_places(doc)
    >>> table.setting_places
    ('boston-massachusetts', 'fenway-park')
    >>> table.places[-1].aliases
    ('Fenway Park area',)
    """
    r = _Resolver()
    occurrences: list[tuple[str, int, str, int | None]] = []
    for e in doc.timeline:
        if e.place is not None and e.place_span is not None and e.place.strip():
            occurrences.append((e.place, e.place_span.start, "timeline-place", e.index))
    for s in doc.settings:
        if s.kind == "location":
            for value, span in s.values:
                occurrences.append((value, span.start, "setting-location", None))
    for text, start, rule, _ in occurrences:
        r.register_proper(text, start, rule)
    event_places: dict[int, str] = {}
    event_mentions: dict[int, tuple[str, ...]] = {}
    setting: list[str] = []
    for text, start, rule, index in occurrences:
        if not _usable(text):
            continue
        key, mentioned = r.resolve(text, start, rule)
        if index is None:
            if key not in setting:
                setting.append(key)
        else:
            event_places[index] = key
            if mentioned:
                event_mentions[index] = tuple(dict.fromkeys(m for m in mentioned if m != key))
    return PlaceTable(r.places(), event_places, event_mentions, tuple(setting))
