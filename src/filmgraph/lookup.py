"""Look things up in a film: characters, events, places, themes, relations, arcs, influence.

Every function reads the store through the stored queries in ``queries/*.rq``
(so it works the same on the embedded store and on a SPARQL server) and returns
plain dicts whose keys follow the JSON contract of the ``filmgraph`` lookups.
Names are display names (``rdfs:label``). A character or place is found by any
of its names, ignoring case and the difference between typographic and plain
quotes; an unknown one raises :class:`~filmgraph.errors.NotFoundError` with the
closest name as a suggestion.

Examples
--------
>>> from filmgraph.store import EmbeddedStore
>>> from filmgraph.pipeline import ingest, resource_path
>>> store = EmbeddedStore()
>>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
>>> find_character(store, "mask-1985", "ROCKY DENNIS")["name"]
'Rocky Dennis'
>>> [e["index"] for e in arc(store, "mask-1985", "rocky")["events"]][:1]
[1]
>>> find_character(store, "mask-1985", "Rocky Denis")
Traceback (most recent call last):
...
filmgraph.errors.NotFoundError: no character named Rocky Denis in mask-1985; did you mean Rocky Dennis?
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

from filmgraph.errors import InputError, NotFoundError
from filmgraph.queries import run_query
from filmgraph.store import to_python

__all__ = [
    "RANK_BY",
    "arc",
    "characters",
    "events",
    "find_character",
    "find_place",
    "influence",
    "normalize_name",
    "places",
    "relations",
    "themes",
    "where",
]

#: What ``influence`` can rank characters by.
RANK_BY: tuple[str, ...] = ("pagerank", "out", "in", "degree", "betweenness", "eigenvector")

_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "`": "'", "“": '"', "”": '"',
                         "\u00a0": " ", "\u2011": "-", "\u200d": None})


def normalize_name(name: str) -> str:
    """A name folded for matching: case, typographic quotes and runs of spaces ignored.

    >>> normalize_name("  Rocky  DENNIS’s ")
    "rocky dennis's"
    """
    text = unicodedata.normalize("NFC", str(name)).translate(_QUOTES)
    return " ".join(text.casefold().split())


# --------------------------------------------------------------------------- helpers


def _film(store: Any, film: str | None) -> dict[str, Any]:
    from filmgraph.catalog import resolve_film

    return resolve_film(store, film)


def _rows(store: Any, name: str, film: dict[str, Any], **params: object) -> list[dict[str, Any]]:
    import pyoxigraph as ox

    return run_query(store, name, {"film": ox.NamedNode(film["iri"]), **params})


def _list(term: Any) -> list[str]:
    """The items of a ``|``-joined GROUP_CONCAT, sorted; empty for an unbound value."""
    if term is None or not term.value:
        return []
    return sorted(set(term.value.split("|")))


def _ints(term: Any) -> list[int]:
    return sorted({int(x) for x in _list(term) if x.lstrip("-").isdigit()})


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _suggest(query: str, names: dict[str, str]) -> str | None:
    """The display name whose name (any of them) is closest to ``query``."""
    close = difflib.get_close_matches(normalize_name(query), list(names), n=1, cutoff=0.5)
    return names[close[0]] if close else None


def _find(kind: str, query: str, film: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """The item that ``query`` names: by a full name, then by the part before a comma,
    then by a single word of one name when only one item has it."""
    wanted = normalize_name(query)
    by_name: dict[str, str] = {}
    for tier in ("full", "head", "word"):
        found: dict[str, dict[str, Any]] = {}
        for item in items:
            for n in [item["name"], *item.get("aliases", [])]:
                norm = normalize_name(n)
                by_name.setdefault(norm, item["name"])
                if tier == "full":
                    hit = norm == wanted
                elif tier == "head":
                    hit = "," in norm and norm.split(",", 1)[0].strip() == wanted
                else:
                    hit = bool(wanted) and wanted in norm.replace(",", " ").split()
                if hit:
                    found[item["iri"]] = item
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            names = ", ".join(sorted(i["name"] for i in found.values()))
            raise NotFoundError(
                f"{_one_line(query)} could be any of several {kind}s in {film['slug']}: {names}"
            )
    hint = _suggest(query, by_name)
    if hint:
        raise NotFoundError(
            f"no {kind} named {_one_line(query)} in {film['slug']}; did you mean {hint}?"
        )
    listed = ", ".join(sorted(i["name"] for i in items)[:8]) or "none"
    raise NotFoundError(f"no {kind} named {_one_line(query)} in {film['slug']} ({kind}s: {listed})")


# --------------------------------------------------------------------------- listings


def characters(store: Any, film: str | None = None) -> list[dict[str, Any]]:
    """``[{"name", "actor", "aliases", "traits", "listed", "iri"}]``: listed characters first, by name."""
    f = _film(store, film)
    out = []
    for r in _rows(store, "characters", f):
        name = r["name"].value
        out.append({
            "name": name,
            "actor": to_python(r.get("actor")),
            "aliases": [a for a in _list(r.get("aliases")) if a != name],
            "traits": _list(r.get("traits")),
            "listed": bool(to_python(r.get("listed"))),
            "iri": r["character"].value,
        })
    return out


def events(store: Any, film: str | None = None) -> list[dict[str, Any]]:
    """``[{"index", "title", "time", "year", "place", "participants", "agents", "themes", "iri"}]`` in story order."""
    f = _film(store, film)
    out = []
    for r in _rows(store, "events", f):
        out.append({
            "index": to_python(r["index"]),
            "title": r["title"].value,
            "time": to_python(r.get("time")),
            "year": to_python(r.get("year")),
            "place": to_python(r.get("placeName")),
            "participants": _list(r.get("participants")),
            "agents": _list(r.get("agents")),
            "themes": _list(r.get("themes")),
            "iri": r["event"].value,
        })
    out.sort(key=lambda e: e["index"])
    return out


def places(store: Any, film: str | None = None) -> list[dict[str, Any]]:
    """``[{"name", "part_of", "events", "iri", "aliases"}]`` by name; ``events`` are story indices of
    the events placed there directly."""
    f = _film(store, film)
    return [
        {
            "name": r["name"].value,
            "part_of": to_python(r.get("partOfName")),
            "events": _ints(r.get("events")),
            "iri": r["place"].value,
            "aliases": [a for a in _list(r.get("aliases")) if a != r["name"].value],
        }
        for r in _rows(store, "places", f)
    ]


def themes(store: Any, film: str | None = None) -> list[dict[str, Any]]:
    """``[{"name", "events", "characters", "iri"}]`` by name."""
    f = _film(store, film)
    return [
        {
            "name": r["name"].value,
            "events": _ints(r.get("events")),
            "characters": _list(r.get("characters")),
            "iri": r["theme"].value,
        }
        for r in _rows(store, "themes", f)
    ]


def _relation(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": r["sourceName"].value,
        "target": r["targetName"].value,
        "kind": r["kind"].value,
        "directed": bool(to_python(r.get("directed"))),
        "events": _ints(r.get("events")),
        "evidence": to_python(r.get("evidence")),
        "sign": to_python(r.get("sign")),
        "layer": to_python(r.get("layer")),
        "iri": r["relation"].value,
    }


def _check_kind(kind: str) -> None:
    from filmgraph.model import RELATION_KINDS

    if kind in RELATION_KINDS:
        return
    close = difflib.get_close_matches(str(kind).lower(), RELATION_KINDS, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]}?" if close else f" (kinds: {', '.join(RELATION_KINDS)})"
    raise NotFoundError(f"no relation kind {_one_line(kind)}{hint}")


def relations(store: Any, film: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """``[{"source", "target", "kind", "directed", "events", "evidence"}]`` (plus sign, layer, iri).

    ``kind`` keeps one of the fifteen kinds (:data:`filmgraph.model.RELATION_KINDS`).
    """
    if kind is not None:
        _check_kind(kind)
    f = _film(store, film)
    rows = [_relation(r) for r in _rows(store, "relations", f)]
    return [r for r in rows if kind is None or r["kind"] == kind]


# --------------------------------------------------------------------------- finding


def find_character(store: Any, film: str | None, name: str) -> dict[str, Any]:
    """The character ``name`` names (any of its names, any case), as in :func:`characters`."""
    f = _film(store, film)
    return _find("character", name, f, characters(store, f["slug"]))


def find_place(store: Any, film: str | None, name: str) -> dict[str, Any]:
    """The place ``name`` names (any of its names, any case; ``Azusa`` finds ``Azusa, California``)."""
    f = _film(store, film)
    return _find("place", name, f, places(store, f["slug"]))


# --------------------------------------------------------------------------- questions


def arc(store: Any, film: str | None, name: str) -> dict[str, Any]:
    """A character's arc: ``{"character", "film", "events"}``, the events in story order.

    Each event is an event object as in :func:`events`, plus ``role`` (agent,
    patient or participant) and ``with`` (the other participants).
    """
    import pyoxigraph as ox

    f = _film(store, film)
    who = find_character(store, f["slug"], name)
    rows = _rows(store, "arc", f, character=ox.Literal(who["name"]))
    by_index = {e["index"]: e for e in events(store, f["slug"])}
    out = []
    for r in rows:
        if r["who"].value != who["iri"]:
            continue
        index = to_python(r["index"])
        event = dict(by_index.get(index) or {"index": index, "title": r["title"].value})
        roles = _list(r.get("roles"))
        event["role"] = "agent" if "agent" in roles else (roles[0] if roles else "participant")
        event["with"] = _list(r.get("with"))
        out.append(event)
    out.sort(key=lambda e: e["index"])
    return {"character": who["name"], "film": f["slug"], "events": out}


def where(store: Any, film: str | None = None, place: str | None = None) -> list[dict[str, Any]]:
    """What happens where: ``[{"place", "events"}]``, one entry per place, in story order.

    Without ``place``, every event under its own place. With ``place``, the
    events at that place or anywhere inside it (its part-of hierarchy rolled up:
    a town includes its school and the rooms of its houses), each under its own,
    most specific place.
    """
    import pyoxigraph as ox

    f = _film(store, film)
    all_events = events(store, f["slug"])
    if place is None:
        chosen = all_events
    else:
        area = find_place(store, f["slug"], place)
        rows = _rows(store, "where", f, place=ox.Literal(area["name"]))
        wanted = {to_python(r["index"]) for r in rows if r["area"].value == area["iri"]}
        chosen = [e for e in all_events if e["index"] in wanted]
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in chosen:
        groups.setdefault(e["place"] or "", []).append(e)
    return [{"place": p or None, "events": evs} for p, evs in groups.items()]


def influence(store: Any, film: str | None = None, top: int | None = None,
              by: str = "pagerank") -> dict[str, Any]:
    """Who influences whom: ``{"edges": [relation objects], "ranking": [{"character", "score", "in", "out"}]}``.

    ``edges`` are the directed edges of the influence layer (an undirected
    relation such as friendship gives one edge each way), from ``influence.rq``.
    ``ranking`` orders the characters by ``by`` (see :data:`RANK_BY`) over the
    film's influence graph (:func:`filmgraph.network.influence_ranking`), best
    first; ``top`` keeps the first ``top``.
    """
    if by not in RANK_BY:
        raise InputError(f"cannot rank by {by!r}; choose one of {', '.join(RANK_BY)}")
    if top is not None and top < 1:
        raise InputError(f"--top must be a positive integer, not {top}")
    from filmgraph.network import influence_ranking

    f = _film(store, film)
    edges = [_relation(r) for r in _rows(store, "influence", f)]
    ranking = [
        {"character": r["character"], "score": r["score"], "in": r["in"], "out": r["out"],
         "iri": r.get("iri")}
        for r in influence_ranking(store, f["slug"], by=by, top=top)
    ]
    return {"edges": edges, "ranking": ranking}
