"""Score an extracted :class:`~filmgraph.model.Narrative` against hand annotations (gold JSON).

The gold format is described in ``../shared/gold/README.md``. Names are compared
after :func:`~filmgraph.extract.text.match_key` (typographic quotes to ASCII,
no-break spaces, non-breaking hyphens, zero-width joiners, runs of spaces,
case). An extracted character matches a gold one when its name equals the gold
name or one of its aliases (failing that, when one of its own aliases does).
Items marked ``optional`` count neither for recall nor against precision;
``relations_negative`` found count as false positives.

Examples
--------
>>> s = Score(tp=3, fp=1, fn=0)
>>> round(s.precision, 2), s.recall, round(s.f1, 3)
(0.75, 1.0, 0.857)
>>> Score().f1 is None
True
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from filmgraph.errors import InputError
from filmgraph.extract.text import match_key
from filmgraph.model import SYMMETRIC_KINDS, Narrative

__all__ = ["METRICS", "Evaluation", "Score", "evaluate", "load_gold"]

#: The rows of an evaluation, in the order they are printed.
METRICS: tuple[str, ...] = (
    "characters",
    "characters_listed",
    "characters_prose",
    "event_participants",
    "event_agents",
    "event_places",
    "event_times",
    "places",
    "relations",
    "themes_events",
)


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives, and what follows from them.

    Precision, recall and F1 are None where they are undefined (nothing
    extracted, nothing to find).
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    #: Gold items found, when it differs from ``tp`` (two extracted relations may
    #: match one gold relation: precision counts the first, recall the second).
    found: int | None = None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        found = self.tp if self.found is None else self.found
        return found / (found + self.fn) if found + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def __add__(self, other: Score) -> Score:
        found = None
        if self.found is not None or other.found is not None:
            found = (self.tp if self.found is None else self.found) + (
                other.tp if other.found is None else other.found)
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, found)

    def as_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True)
class Evaluation:
    """The scores of one page, with what was missed and what was wrong.

    ``scores[name]`` is None when the gold has nothing to compare (``n/a``).
    ``duplicates`` counts gold characters matched by more than one extracted
    character plus extracted characters matching more than one gold character.
    """

    film: str
    scores: dict[str, Score | None]
    duplicates: int
    relations_with_evidence: float | None
    errors: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "film": self.film,
            "scores": {k: (v.as_dict() if v is not None else None) for k, v in self.scores.items()},
            "duplicates": self.duplicates,
            "relations_with_evidence": self.relations_with_evidence,
            "errors": self.errors,
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per metric, for a table."""
        out = []
        for name in METRICS:
            s = self.scores.get(name)
            row: dict[str, Any] = {"metric": name}
            if s is None:
                row.update(precision="n/a", recall="n/a", f1="n/a")
            else:
                row.update({k: _fmt(v) for k, v in
                            (("precision", s.precision), ("recall", s.recall), ("f1", s.f1))})
                row.update(tp=s.tp, fp=s.fp, fn=s.fn)
            out.append(row)
        out.append({"metric": "duplicates", "tp": self.duplicates})
        out.append({"metric": "relations_with_evidence",
                    "precision": _fmt(self.relations_with_evidence)})
        return out


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def load_gold(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a gold JSON file (``InputError`` if it cannot be read or is not gold)."""
    try:
        with open(path, encoding="utf-8") as f:
            gold = json.load(f)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("characters"), list):
        raise InputError(f"{path}: not a gold annotation file (no 'characters' list)")
    return gold


# --------------------------------------------------------------------------- matching


class _Characters:
    """Gold characters by index, and the extracted characters mapped onto them."""

    def __init__(self, narrative: Narrative, gold: dict[str, Any]) -> None:
        self.gold = gold.get("characters", [])
        self.names: list[set[str]] = [
            {match_key(g["name"])} | {match_key(a) for a in g.get("aliases", [])}
            | ({match_key(g["listed_as"])} if g.get("listed_as") else set())
            for g in self.gold
        ]
        self.by_name: dict[str, int] = {}
        for i, names in enumerate(self.names):
            for n in names:
                self.by_name.setdefault(n, i)
        self.of_key: dict[str, int] = {}
        self.ambiguous: list[str] = []
        self.matched_by: dict[int, list[str]] = {}
        for c in narrative.characters:
            found = self._candidates([c.name])
            if not found:
                found = self._candidates(list(c.aliases))
            if len(found) > 1:
                self.ambiguous.append(c.key)
            if found:
                i = min(found)
                self.of_key[c.key] = i
                self.matched_by.setdefault(i, []).append(c.key)

    def _candidates(self, names: list[str]) -> set[int]:
        out: set[int] = set()
        for n in names:
            k = match_key(n)
            out |= {i for i, names_i in enumerate(self.names) if k in names_i}
        return out

    def index(self, name: str) -> int | None:
        """The gold character a gold reference (a name) points at."""
        return self.by_name.get(match_key(name))

    def optional(self, i: int) -> bool:
        return bool(self.gold[i].get("optional"))


def evaluate(narrative: Narrative, gold: dict[str, Any]) -> Evaluation:
    """Score ``narrative`` against ``gold`` (a parsed gold JSON document)."""
    chars = _Characters(narrative, gold)
    errors: dict[str, list[str]] = {}
    scores: dict[str, Score | None] = {}
    scores["characters_listed"] = _character_score(narrative, chars, listed=True, errors=errors)
    scores["characters_prose"] = _character_score(narrative, chars, listed=False, errors=errors)
    scores["characters"] = _sum(scores["characters_listed"], scores["characters_prose"])
    duplicates = sum(len(v) - 1 for v in chars.matched_by.values() if len(v) > 1) + len(chars.ambiguous)
    if duplicates:
        errors["duplicates"] = [
            f"{chars.gold[i]['name']}: {', '.join(keys)}"
            for i, keys in sorted(chars.matched_by.items()) if len(keys) > 1
        ] + [f"{k}: matches several gold characters" for k in chars.ambiguous]
    scores["event_participants"], scores["event_agents"] = _participants(narrative, gold, chars, errors)
    scores["event_places"], scores["event_times"] = _places_times(narrative, gold, errors)
    scores["places"] = _places(narrative, gold, errors)
    scores["relations"] = _relations(narrative, gold, chars, errors)
    scores["themes_events"] = _themes(narrative, gold, errors)
    with_evidence = None
    if narrative.relations:
        text = narrative.document.text
        ok = sum(1 for r in narrative.relations if r.evidence.span.of(text).strip())
        with_evidence = ok / len(narrative.relations)
    title = gold.get("film", {}).get("title") or narrative.document.title
    return Evaluation(title, scores, duplicates, with_evidence, errors)


def _sum(*scores: Score | None) -> Score | None:
    present = [s for s in scores if s is not None]
    if not present:
        return None
    total = Score()
    for s in present:
        total = total + s
    return total


def _character_score(narrative: Narrative, chars: _Characters, *, listed: bool,
                     errors: dict[str, list[str]]) -> Score | None:
    wanted = [i for i, g in enumerate(chars.gold) if bool(g.get("listed")) == listed
              and not g.get("optional")]
    found = set(chars.of_key.values())
    tp = sum(1 for i in wanted if i in found)
    fn_items = [chars.gold[i]["name"] for i in wanted if i not in found]
    fp_items = []
    for c in narrative.characters:
        if c.listed != listed:
            continue
        i = chars.of_key.get(c.key)
        if i is None:
            fp_items.append(c.name)
    label = "listed" if listed else "prose"
    if fn_items:
        errors[f"characters_{label}_missed"] = fn_items
    if fp_items:
        errors[f"characters_{label}_extra"] = fp_items
    if not wanted and not fp_items and tp == 0:
        return None
    return Score(tp, len(fp_items), len(fn_items))


def _participants(narrative: Narrative, gold: dict[str, Any], chars: _Characters,
                  errors: dict[str, list[str]]) -> tuple[Score | None, Score | None]:
    events = {e.index: e for e in narrative.events}
    total = Score()
    agents: Score | None = None
    any_gold = False
    for g in gold.get("events", []):
        any_gold = True
        e = events.get(g["index"])
        want = {i for n in g.get("participants", []) if (i := chars.index(n)) is not None}
        maybe = {i for n in g.get("participants_optional", []) if (i := chars.index(n)) is not None}
        got: dict[int | str, str] = {}
        for p in e.participants if e else ():
            got[chars.of_key.get(p.character, p.character)] = p.role
        tp = len(want & set(got))
        extra = [k for k in got if k not in want and k not in maybe]
        missed = want - set(got)
        total = total + Score(tp, len(extra), len(missed))
        for k in extra:
            errors.setdefault("participants_extra", []).append(f"event {g['index']}: {_label(chars, k)}")
        for i in sorted(missed):
            errors.setdefault("participants_missed", []).append(f"event {g['index']}: {chars.gold[i]['name']}")
        if "agents" in g and g["agents"] is not None:
            want_a = {i for n in g["agents"] if (i := chars.index(n)) is not None}
            got_a = {k for k, role in got.items() if role == "agent"}
            agents = (agents or Score()) + Score(len(want_a & got_a), len(got_a - want_a - maybe),
                                                 len(want_a - got_a))
    return (total if any_gold else None), agents


def _label(chars: _Characters, k: int | str) -> str:
    return chars.gold[k]["name"] if isinstance(k, int) else k


def _places_times(narrative: Narrative, gold: dict[str, Any], errors: dict[str, list[str]]
                  ) -> tuple[Score | None, Score | None]:
    events = {e.index: e for e in narrative.events}
    places = {p.key: p for p in narrative.places}
    ps, ts = Score(), Score()
    if not gold.get("events"):
        return None, None
    for g in gold["events"]:
        e = events.get(g["index"])
        want = {match_key(x) for x in (g.get("place_normalized"), g.get("place")) if x}
        got: set[str] = set()
        if e is not None and e.place is not None and e.place in places:
            p = places[e.place]
            got = {match_key(p.name)} | {match_key(a) for a in p.aliases}
        if want and got & want:
            ps = ps + Score(1, 0, 0)
        else:
            ps = ps + Score(0, 1 if got else 0, 1 if want else 0)
            if want or got:
                errors.setdefault("event_places_wrong", []).append(
                    f"event {g['index']}: {g.get('place_normalized')!r} != "
                    f"{places[e.place].name if e and e.place in places else None!r}")
        want_t = match_key(g["date_label"]) if g.get("date_label") else None
        got_t = match_key(e.time.label) if e is not None and e.time is not None else None
        if want_t == got_t:
            ts = ts + Score(1 if want_t else 0, 0, 0)
        else:
            ts = ts + Score(0, 1 if got_t else 0, 1 if want_t else 0)
            errors.setdefault("event_times_wrong", []).append(
                f"event {g['index']}: {g.get('date_label')!r} != {e.time.label if e and e.time else None!r}")
    return ps, ts


def _places(narrative: Narrative, gold: dict[str, Any], errors: dict[str, list[str]]) -> Score | None:
    want = {match_key(p) for p in gold.get("places", [])}
    if not want:
        return None
    maybe = {match_key(p) for p in gold.get("places_optional", [])}
    tp = fp = 0
    matched: set[str] = set()
    for p in narrative.places:
        names = {match_key(p.name)} | {match_key(a) for a in p.aliases}
        if names & want:
            tp += 1
            matched |= names & want
        elif not names & maybe:
            fp += 1
            errors.setdefault("places_extra", []).append(p.name)
    missed = want - matched
    if missed:
        errors["places_missed"] = sorted(missed)
    return Score(tp, fp, len(missed))


def _relation_matches(src: int, tgt: int, kind: str, g: dict[str, Any], chars: _Characters) -> bool:
    kinds = {g["kind"], *g.get("alt_kinds", [])}
    if kind not in kinds:
        return False
    gs, gt = chars.index(g["source"]), chars.index(g["target"])
    if gs is None or gt is None:
        return False
    if (src, tgt) == (gs, gt):
        return True
    undirected = not g.get("directed", True) or g["kind"] in SYMMETRIC_KINDS or kind in SYMMETRIC_KINDS
    return undirected and (src, tgt) == (gt, gs)


def _relations(narrative: Narrative, gold: dict[str, Any], chars: _Characters,
               errors: dict[str, list[str]]) -> Score | None:
    rels = gold.get("relations", [])
    negative = gold.get("relations_negative", [])
    if not rels and not narrative.relations:
        return None
    required = [g for g in rels if not g.get("optional")]
    hit: set[int] = set()
    tp = fp = 0
    for r in narrative.relations:
        src, tgt = chars.of_key.get(r.source), chars.of_key.get(r.target)
        label = f"{r.source} {r.kind} {r.target}"
        if src is None or tgt is None:
            fp += 1
            errors.setdefault("relations_extra", []).append(label)
            continue
        matched = [i for i, g in enumerate(required) if _relation_matches(src, tgt, r.kind, g, chars)]
        if matched:
            tp += 1
            hit.update(matched)
            continue
        if any(_relation_matches(src, tgt, r.kind, g, chars) for g in negative):
            fp += 1
            errors.setdefault("relations_negative_found", []).append(label)
            continue
        if any(_relation_matches(src, tgt, r.kind, g, chars) for g in rels if g.get("optional")):
            continue
        fp += 1
        errors.setdefault("relations_extra", []).append(label)
    missed = [f"{g['source']} {g['kind']} {g['target']}" for i, g in enumerate(required) if i not in hit]
    if missed:
        errors["relations_missed"] = missed
    # Several extracted relations may match one gold relation (a kind and its alternative):
    # precision counts extracted relations, recall counts gold ones.
    return Score(tp, fp, len(required) - len(hit), found=len(hit))


def _themes(narrative: Narrative, gold: dict[str, Any], errors: dict[str, list[str]]) -> Score | None:
    linked = [t for t in gold.get("themes", []) if isinstance(t, dict) and t.get("events") is not None]
    if not linked:
        return None
    by_name = {match_key(t.name): t for t in narrative.themes}
    total = Score()
    for g in linked:
        t = by_name.get(match_key(g["name"]))
        want = set(g["events"])
        got = set(t.events) if t else set()
        total = total + Score(len(want & got), len(got - want), len(want - got))
        if want != got:
            errors.setdefault("themes_events_wrong", []).append(
                f"{g['name']}: want {sorted(want)}, got {sorted(got)}")
    return total
