"""Who takes part in each timeline event, and in what role.

A character takes part in an event when the event's title or description
mentions them: by name, by a name variant or a possessive (``Jem's checkup``),
by a role or kinship phrase tied to them, or by a pronoun resolved without
ambiguity. The grammatical subject of an active verb is the ``agent``; the
subject of a passive, or the first character after the agent's verb, is the
``patient``; everyone else is a ``participant``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from filmgraph.extract.analysis import PH, Analysed, hit_at
from filmgraph.extract.characters import Reading
from filmgraph.extract.text import match_key
from filmgraph.model import Event, Evidence, Participation, Place

__all__ = ["add_participants", "add_places_mentioned", "sentence_roles"]

_RANK = {"participant": 0, "patient": 1, "agent": 2}
_CONFIDENCE = {"name": 0.9, "np": 0.8, "pronoun": 0.6}
_PASSIVE = re.compile(
    r"\s+(?:is|are|was|were|gets|got|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"(?:[a-z]+ed|born|taken|seen|known|driven|shot|hit|beaten|given|caught|held|told|"
    r"bitten|forgiven|forbidden|chosen|stolen|thrown|torn|woken|found|kept|left|sent|brought)\b"
)
_BY = re.compile(r"\s+by\s+" + PH + r"(?!'s|')")
_ACTIVE = re.compile(
    r"(?:,[^,\x02]{1,60},)?\s+(?:\w+ly\s+)?(?:also\s+|still\s+|then\s+|soon\s+|even\s+)?"
    r"(?!is\b|are\b|was\b|were\b|has\b|have\b|had\b|becomes\b|remains\b|seems\b)"
    r"([a-z]+(?:es|s|ed)|[a-z]+s\s+to\s+[a-z]+)\b"
)
_OBJECT = re.compile(r"(?:\s+(?:to\s+)?[a-z]+){0,2}?\s+" + PH + r"(?!'s|')")


def sentence_roles(a: Analysed) -> dict[str, str]:
    """Agent and patient of one sentence's main clause (others are left out)."""
    roles: dict[str, str] = {}
    masked = a.masked
    for i, h in enumerate(a.hits):
        if h.key is None or h.possessive:
            continue
        ph = f"\x02{i}\x03"
        pos = masked.find(ph)
        end = pos + len(ph)
        if h.key != a.subject:
            continue
        passive = _PASSIVE.match(masked, end)
        if passive:
            roles[h.key] = "patient"
            by = _BY.search(masked, passive.end())
            if by and (agent := hit_at(a, by.group(1))).key and agent.key != h.key:
                roles[agent.key] = "agent"
            break
        active = _ACTIVE.match(masked, end)
        if active:
            roles[h.key] = "agent"
            obj = _OBJECT.match(masked, active.end())
            if obj:
                target = hit_at(a, obj.group(1))
                if target.key and target.key != h.key:
                    roles.setdefault(target.key, "patient")
        break
    return roles


def add_participants(events: tuple[Event, ...], reading: Reading) -> tuple[Event, ...]:
    """Each event with the characters its title and description mention."""
    by_event: dict[int, list[Analysed]] = {}
    for seg, sentences in reading.segments:
        if seg.kind in ("event-title", "event") and isinstance(seg.owner, int):
            by_event.setdefault(seg.owner, []).extend(sentences)
    out = []
    for e in events:
        found: dict[str, Participation] = {p.character: p for p in e.participants}
        for a in by_event.get(e.index, []):
            roles = sentence_roles(a)
            for h in a.hits:
                mentions = [(n, "name") for n in h.nested if n.key] + [(h, h.kind)]
                for m, kind in mentions:
                    if not m.key or kind == "run":
                        continue
                    role = roles.get(m.key, "participant") if m is h else "participant"
                    rule = {"name": "name-mention", "np": "phrase-mention",
                            "pronoun": "pronoun-mention"}[kind]
                    if role != "participant":
                        rule = f"{role}-of-sentence"
                    ev = Evidence(a.sentence.span, rule, _CONFIDENCE[kind])
                    old = found.get(m.key)
                    if old is None or _RANK[role] > _RANK[old.role]:
                        found[m.key] = Participation(m.key, role, ev)  # type: ignore[arg-type]
        out.append(replace(e, participants=tuple(found.values())))
    return tuple(out)


def _contains_word(text: str, phrase: str) -> bool:
    """Does ``phrase`` occur in ``text`` with no word character either side?

    >>> _contains_word("near old mill, vellmar", "mill"), _contains_word("a millpond", "mill")
    (True, False)
    """
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if not (at and _word_char(text[at - 1])) and not (end < len(text) and _word_char(text[end])):
            return True
        at = text.find(phrase, at + 1)
    return False


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def add_places_mentioned(events: tuple[Event, ...], places: tuple[Place, ...],
                         reading: Reading) -> tuple[Event, ...]:
    """Places the event's prose names, besides the place the event happens at."""
    patterns: list[tuple[str, str]] = []
    for p in places:
        for label in {p.name, *p.aliases}:
            key = match_key(label)
            if len(key) >= 4:
                patterns.append((p.key, key))
    if not patterns:
        return events
    texts: dict[int, str] = {}
    for seg, sentences in reading.segments:
        if seg.kind in ("event-title", "event") and isinstance(seg.owner, int):
            texts[seg.owner] = texts.get(seg.owner, "") + " " + " ".join(
                match_key(a.sentence.text) for a in sentences
            )
    out = []
    for e in events:
        text = texts.get(e.index, "")
        keys = list(e.places_mentioned)
        for key, label in patterns:
            if key != e.place and key not in keys and _contains_word(text, label):
                keys.append(key)
        out.append(replace(e, places_mentioned=tuple(keys)))
    return tuple(out)
