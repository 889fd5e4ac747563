"""What each theme's description speaks of: characters by name, events by shared phrases.

A theme is linked to a character its description mentions (a name, a variant,
a role or kinship phrase; not a bare pronoun), and to an event when

* the description states a relation that an event states too (``X teaches Y``);
* it names a character who takes part in few events (at most a quarter of
  them): those events are what it speaks of;
* the event's title or description shares a salient two-word phrase with it. A
  phrase is salient when it is made of content words and at most two events use
  it, so a phrase that runs through the whole story links nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from filmgraph.extract.analysis import Analysed
from filmgraph.extract.characters import Reading
from filmgraph.model import Event, Evidence, Relation, Theme

__all__ = ["link_themes", "salient_pairs"]

_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset(
    """
    a an the and or but if then than that this these those there their they them he him his she
    her hers it its of to in on at by for from with without into onto over under about after
    before during while as is are was were be been being has have had do does did not no so
    such very more most much many some any all each every other another own same just also only
    even still yet again ever never always often who whom whose which what when where why how
    can could would should will may might must one two first last new old s film story
    """.split()
)


def _stem(word: str) -> str:
    for suffix in ("'s", "ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def salient_pairs(text: str) -> set[tuple[str, str]]:
    """Consecutive content-word pairs of a text, stemmed.

    >>> sorted(salient_pairs("to enroll him in a regular junior high"))
    [('junior', 'high'), ('regular', 'junior')]
    """
    words = [w.strip("'") for w in _WORD.findall(text.lower())]
    pairs: set[tuple[str, str]] = set()
    for x, y in pairwise(words):
        if x in _STOP or y in _STOP or len(x) < 3 or len(y) < 3:
            continue
        pairs.add((_stem(x), _stem(y)))
    return pairs


def link_themes(themes: tuple[Theme, ...], events: tuple[Event, ...], reading: Reading,
                relations: tuple[Relation, ...] = ()) -> tuple[Theme, ...]:
    """Each theme with the events and characters its description speaks of."""
    from filmgraph.extract.relations import sentence_relations

    stated = {(r.source, r.kind, r.target): r.events for r in relations}
    appears: dict[str, list[int]] = {}
    for e in events:
        for part in e.participants:
            appears.setdefault(part.character, []).append(e.index)
    few = max(1, len(events) // 4)
    event_pairs: dict[int, set[tuple[str, str]]] = {}
    theme_sentences: dict[str, list[Analysed]] = {}
    for seg, sentences in reading.segments:
        if seg.kind in ("event", "event-title") and isinstance(seg.owner, int):
            pairs = event_pairs.setdefault(seg.owner, set())
            for a in sentences:
                pairs |= salient_pairs(a.sentence.text)
        elif seg.kind == "theme" and isinstance(seg.owner, str):
            theme_sentences.setdefault(seg.owner, []).extend(sentences)
    use: dict[tuple[str, str], int] = {}
    for pairs in event_pairs.values():
        for p in pairs:
            use[p] = use.get(p, 0) + 1
    known = {e.index for e in events}
    out = []
    for t in themes:
        said = theme_sentences.get(t.name, [])
        characters = list(t.characters)
        linked = list(t.events)
        evidence = list(t.evidence)
        for a in said:
            for h in a.hits:
                for k in [*(n.key for n in h.nested if n.key), h.key if h.kind != "pronoun" else None]:
                    if k and k not in characters:
                        characters.append(k)
            for triple in sentence_relations(reading.cast, a):
                for index in stated.get(triple, ()):
                    if index not in linked:
                        linked.append(index)
                        evidence.append(Evidence(a.sentence.span, "theme-relation", 0.6))
            for h in a.hits:
                k = h.key if h.kind != "pronoun" else None
                if k and 0 < len(appears.get(k, [])) <= few:
                    for index in appears[k]:
                        if index not in linked:
                            linked.append(index)
                            evidence.append(Evidence(a.sentence.span, "theme-character", 0.5))
            mine = salient_pairs(a.sentence.text)
            for index, pairs in sorted(event_pairs.items()):
                shared = [p for p in mine & pairs if use.get(p, 0) <= 2]
                if shared and index in known and index not in linked:
                    linked.append(index)
                    evidence.append(Evidence(a.sentence.span, "theme-shared-phrase", 0.5))
        out.append(replace(t, characters=tuple(characters), events=tuple(sorted(linked)),
                           evidence=tuple(evidence)))
    return tuple(out)
