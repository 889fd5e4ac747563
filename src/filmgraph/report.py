"""One self-contained, interactive HTML page per film: graph, timeline, arcs, evidence, places.

The page loads nothing from anywhere: the influence graph is an SVG laid out here
with networkx (a seeded layout, so the same store gives the same page), the data
sits in the page as JSON, and a short script of our own (inline, pinned by its
hash in the page's Content-Security-Policy) does the interaction. Every label
comes from a document, so every label is escaped: text and attributes with
:func:`html.escape`, the JSON with ``<``, ``>``, ``&`` and U+2028/U+2029 written
as ``\\u`` escapes, and the script only ever sets ``textContent``.

Examples
--------
>>> from filmgraph.store import EmbeddedStore
>>> from filmgraph.pipeline import ingest, resource_path
>>> store = EmbeddedStore()
>>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
>>> page = render_report(store, "mask-1985")
>>> page.startswith("<!DOCTYPE html>"), "Rocky Dennis" in page
(True, True)
>>> 'src="http' in page or 'href="http' in page
False
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from collections import defaultdict
from typing import Any

from filmgraph.queries import load_query

__all__ = ["KIND_COLORS", "render_report", "report_data", "script_json"]

#: Edge colours by relation kind: blues for family, greens for positive influence,
#: reds and oranges for negative influence.
KIND_COLORS: dict[str, str] = {
    "parent_of": "#1f5fa8",
    "grandparent_of": "#5b8fd0",
    "partner_of": "#7a4fb0",
    "father_figure_of": "#178a99",
    "friend_of": "#2e9b3a",
    "romantic": "#d1449a",
    "supports": "#3f7f1e",
    "teaches": "#8a8a12",
    "helps": "#5fb85a",
    "mentors": "#8c5a2b",
    "opposes": "#d62728",
    "forbids": "#e8700a",
    "bullies": "#a50f15",
    "rivals": "#f29b4b",
    "kills": "#222222",
}
_OTHER_COLOR = "#777777"
_DASH = ' stroke-dasharray="7 4"'
_SIGN_NAMES = {1: "positive", -1: "negative", 0: "family"}

_WIDTH, _HEIGHT, _MARGIN = 960, 640, 70


# --------------------------------------------------------------------------- data


def _v(row: dict[str, Any], name: str) -> Any:
    """The Python value of one binding (None when unbound)."""
    term = row.get(name)
    if term is None:
        return None
    value = term.value
    datatype = getattr(getattr(term, "datatype", None), "value", "")
    if datatype.endswith(("#integer", "#int", "#long", "#nonNegativeInteger")):
        return int(value)
    if datatype.endswith(("#decimal", "#double", "#float")):
        return float(value)
    if datatype.endswith("#boolean"):
        return value in ("true", "1")
    return value


def _select(store: Any, name: str, graph: str) -> list[dict[str, Any]]:
    import pyoxigraph as ox

    rows = store.select(load_query(name).text, {"graph": ox.NamedNode(graph)})
    return rows


def report_data(store: Any, film: str | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data.

    Parameters
    ----------
    store
        An :class:`~filmgraph.store.EmbeddedStore` (or any store with ``select``).
    film
        The film's slug; optional when the store holds one film.

    Returns
    -------
    dict
        ``film``, ``characters`` (with layout ``x``, ``y``, ``r`` and ``pagerank``),
        ``events``, ``edges`` (with ``first``: the event index from which the edge
        exists), ``places``, ``kinds`` and ``steps`` (for each event index, the
        node and edge ids of the graph up to that event, then the whole film).

    Examples
    --------
    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> data = report_data(store)
    >>> data["film"]["title"], len(data["steps"]) == len(data["events"]) + 1
    ('Mask', True)
    """
    from filmgraph.catalog import resolve_film

    info = resolve_film(store, film)
    graph = info["graph"]

    evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _select(store, "report-evidence", graph):
        item = {
            "exact": _v(r, "exact") or "",
            "prefix": _v(r, "prefix") or "",
            "suffix": _v(r, "suffix") or "",
            "rule": _v(r, "rule") or "",
            "confidence": _v(r, "confidence"),
            "start": _v(r, "start"),
        }
        body = r["body"].value
        if item not in evidence[body]:
            evidence[body].append(item)

    # characters ---------------------------------------------------------------
    characters: list[dict[str, Any]] = []
    by_iri: dict[str, dict[str, Any]] = {}
    for r in _select(store, "report-characters", graph):
        iri = r["character"].value
        if iri in by_iri:
            continue
        c = {
            "id": f"c{len(characters)}",
            "iri": iri,
            "key": iri.rsplit("/", 1)[-1],
            "name": _v(r, "name") or "",
            "actor": _v(r, "actor"),
            "kind": _v(r, "kind") or "person",
            "listed": bool(_v(r, "listed")),
            "description": _v(r, "description"),
            "traits": [],
            "events": [],
        }
        by_iri[iri] = c
        characters.append(c)
    for r in _select(store, "report-traits", graph):
        owner = by_iri.get(r["character"].value)
        trait = _v(r, "trait")
        if owner is not None and trait not in owner["traits"]:
            owner["traits"].append(trait)

    # places -----------------------------------------------------------------------
    places: list[dict[str, Any]] = []
    place_by_iri: dict[str, dict[str, Any]] = {}
    parents: dict[str, str] = {}
    for r in _select(store, "report-places", graph):
        iri = r["place"].value
        if iri not in place_by_iri:
            p = {"id": f"p{len(places)}", "iri": iri, "name": _v(r, "name") or "",
                 "parent": None, "events": []}
            place_by_iri[iri] = p
            places.append(p)
        if r.get("parent") is not None:
            parents[iri] = r["parent"].value
    for iri, parent in parents.items():
        if parent in place_by_iri and parent != iri:
            place_by_iri[iri]["parent"] = place_by_iri[parent]["id"]

    # events -----------------------------------------------------------------------
    events: list[dict[str, Any]] = []
    event_by_iri: dict[str, dict[str, Any]] = {}
    for r in _select(store, "report-events", graph):
        iri = r["event"].value
        if iri in event_by_iri:
            continue
        place = place_by_iri.get(r["place"].value) if r.get("place") is not None else None
        e = {
            "index": _v(r, "index"),
            "iri": iri,
            "title": _v(r, "title") or "",
            "description": _v(r, "description") or "",
            "time": _v(r, "time"),
            "place": place["id"] if place else None,
            "participants": [],
            "evidence": evidence.get(iri, []),
        }
        event_by_iri[iri] = e
        events.append(e)
        if place is not None:
            place["events"].append(e["index"])
    events.sort(key=lambda e: e["index"])
    for r in _select(store, "report-participants", graph):
        event = event_by_iri.get(r["event"].value)
        who = by_iri.get(r["character"].value)
        if event is None or who is None:
            continue
        event["participants"].append({
            "character": who["id"],
            "role": _v(r, "role") or "participant",
            "evidence": evidence.get(r["participation"].value, []),
        })
        if event["index"] not in who["events"]:
            who["events"].append(event["index"])
    role_order = {"agent": 0, "patient": 1, "participant": 2}
    for e in events:
        e["participants"].sort(key=lambda p: (role_order.get(p["role"], 3), p["character"]))
    for c in characters:
        c["events"].sort()

    # edges ------------------------------------------------------------------------
    edges: list[dict[str, Any]] = []
    edge_by_iri: dict[str, dict[str, Any]] = {}
    for r in _select(store, "report-relations", graph):
        iri = r["relation"].value
        src, tgt = by_iri.get(r["source"].value), by_iri.get(r["target"].value)
        if src is None or tgt is None:
            continue
        edge = edge_by_iri.get(iri)
        if edge is None:
            kind = _v(r, "kind") or ""
            sign = _v(r, "sign")
            edge = {
                "id": f"e{len(edges)}",
                "iri": iri,
                "source": src["id"],
                "target": tgt["id"],
                "kind": kind,
                "sign": int(sign) if sign is not None else 1,
                "directed": bool(_v(r, "directed")) if r.get("directed") is not None else True,
                "layer": _v(r, "layer") or "influence",
                "events": [],
                "evidence": evidence.get(iri, []),
            }
            edge_by_iri[iri] = edge
            edges.append(edge)
        index = _v(r, "index")
        if index is not None and index not in edge["events"]:
            edge["events"].append(index)

    steps = _steps(store, info["iri"], characters, events, edges)
    _layout(characters, edges)
    kinds = sorted({e["kind"] for e in edges}, key=lambda k: ([*list(KIND_COLORS), k]).index(k))
    return {
        "film": {"slug": info["slug"], "title": info["title"], "year": info["year"]},
        "characters": characters,
        "events": events,
        "edges": edges,
        "places": places,
        "kinds": [
            {"kind": k, "color": KIND_COLORS.get(k, _OTHER_COLOR),
             "sign": next(e["sign"] for e in edges if e["kind"] == k)}
            for k in kinds
        ],
        "steps": steps,
    }


def _steps(store: Any, film_iri: str, characters: list[dict[str, Any]],
           events: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each event, which nodes and edges the ``--until`` graph holds; then the whole film.

    The graphs are :func:`filmgraph.network.influence_graph` with ``until`` set to
    each event in turn, so the page shows exactly what ``filmgraph network --until N``
    computes. Also sets each edge's and character's ``first`` (the first step that
    shows it; None when only the whole film does) and each character's ``pagerank``.
    """
    from filmgraph.network import character_metrics, influence_graph

    char_id = {c["iri"]: c["id"] for c in characters}
    edge_id = {e["iri"]: e["id"] for e in edges}

    def ids(G: Any) -> tuple[list[str], list[str]]:
        nodes = sorted((char_id[n] for n in G.nodes if n in char_id), key=lambda i: int(i[1:]))
        found = {edge_id[d.get("iri")] for *_, d in G.edges(data=True) if d.get("iri") in edge_id}
        return nodes, sorted(found, key=lambda i: int(i[1:]))

    steps: list[dict[str, Any]] = []
    for e in events:
        nodes, kept = ids(influence_graph(store, film_iri, until=e["index"]))
        steps.append({"index": e["index"], "title": e["title"], "nodes": nodes, "edges": kept})
    full = influence_graph(store, film_iri)
    nodes, kept = ids(full)
    steps.append({"index": None, "title": "the whole film", "nodes": nodes, "edges": kept})
    for item, key in ((characters, "nodes"), (edges, "edges")):
        for x in item:
            x["first"] = next((s["index"] for s in steps if x["id"] in s[key]), None)
    metrics = character_metrics(full)
    for c in characters:
        c["pagerank"] = round(float(metrics.get(c["iri"], {}).get("pagerank", 0.0)), 6)
    return steps


def _layout(characters: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """A seeded spring layout and a radius from PageRank, written into each character's dict.

    Weak springs between every pair keep unconnected characters near the rest;
    a few passes then push apart circles that overlap.
    """
    import networkx as nx

    g = nx.Graph()
    ids = [c["id"] for c in characters]
    g.add_nodes_from(ids)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            g.add_edge(a, b, weight=0.05)
    for e in edges:
        if e["source"] != e["target"]:
            g.add_edge(e["source"], e["target"], weight=1.0)
    if len(g) == 0:
        return
    pos = nx.spring_layout(g, seed=7, weight="weight", iterations=300)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = max((c.get("pagerank", 0.0) for c in characters), default=0.0)
    for c in characters:
        x, y = pos[c["id"]]
        fx = (x - x0) / (x1 - x0) if x1 > x0 else 0.5
        fy = (y - y0) / (y1 - y0) if y1 > y0 else 0.5
        c["x"] = _MARGIN + fx * (_WIDTH - 2 * _MARGIN)
        c["y"] = _MARGIN + fy * (_HEIGHT - 2 * _MARGIN)
        share = c.get("pagerank", 0.0) / top if top > 0 else 0.0
        c["r"] = round(8 + 22 * math.sqrt(share), 1)
    for _ in range(60):
        moved = False
        for i, a in enumerate(characters):
            for b in characters[i + 1:]:
                dx, dy = b["x"] - a["x"], b["y"] - a["y"]
                dist = math.hypot(dx, dy)
                need = a["r"] + b["r"] + 36  # room for the labels under the circles
                if dist >= need:
                    continue
                if dist < 1e-6:
                    dx, dy, dist = 1.0, 0.0, 1.0
                push = (need - dist) / 2
                ux, uy = dx / dist, dy / dist
                a["x"] -= ux * push
                a["y"] -= uy * push
                b["x"] += ux * push
                b["y"] += uy * push
                moved = True
        for c in characters:
            c["x"] = min(max(c["x"], _MARGIN), _WIDTH - _MARGIN)
            c["y"] = min(max(c["y"], _MARGIN / 2), _HEIGHT - _MARGIN)
        if not moved:
            break
    for c in characters:
        c["x"] = round(c["x"], 1)
        c["y"] = round(c["y"], 1)


# --------------------------------------------------------------------------- page


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028/9 left raw.

    >>> script_json({"name": "</script><b>&"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _svg(data: dict[str, Any]) -> str:
    chars = {c["id"]: c for c in data["characters"]}
    parts = [
        f'<svg id="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_HEIGHT}" '
        'role="img" aria-labelledby="graph-title">',
        '<title id="graph-title">Influence graph</title>',
        "<defs>",
    ]
    for i, k in enumerate(data["kinds"]):
        parts.append(
            f'<marker id="arrow-{i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{_e(k["color"])}"/></marker>'
        )
    parts.append("</defs>")
    marker_of = {k["kind"]: i for i, k in enumerate(data["kinds"])}
    parts.append('<g id="edges">')
    pair_count: dict[frozenset[str], int] = defaultdict(int)
    pair_seen: dict[frozenset[str], int] = defaultdict(int)
    for e in data["edges"]:
        pair_count[frozenset((e["source"], e["target"]))] += 1
    for e in data["edges"]:
        a, b = chars[e["source"]], chars[e["target"]]
        pair = frozenset((e["source"], e["target"]))
        n, i = pair_count[pair], pair_seen[pair]
        pair_seen[pair] += 1
        d = _edge_path(a, b, (i - (n - 1) / 2) * 34, e["source"] > e["target"])
        color = KIND_COLORS.get(e["kind"], _OTHER_COLOR)
        dash = _DASH if e["sign"] < 0 else ""
        marker = f' marker-end="url(#arrow-{marker_of[e["kind"]]})"' if e["directed"] else ""
        sign = _SIGN_NAMES.get(e["sign"], "positive")
        label = f'{a["name"]} {e["kind"].replace("_", " ")} {b["name"]}'
        quote = e["evidence"][0]["exact"] if e["evidence"] else ""
        parts.append(
            f'<g class="edge" id="{_e(e["id"])}" data-id="{_e(e["id"])}" data-kind="{_e(e["kind"])}" '
            f'data-sign="{sign}" tabindex="0">'
            f"<title>{_e(label)}{(': ' + _e(quote)) if quote else ''}</title>"
            f'<path class="hit" d="{d}" fill="none" stroke="transparent" stroke-width="14" '
            'pointer-events="stroke"/>'
            f'<path class="line" d="{d}" fill="none" stroke="{_e(color)}" stroke-width="2.5"'
            f"{dash}{marker}/></g>"
        )
    parts.append("</g>")
    parts.append('<g id="nodes">')
    for c in data["characters"]:
        if "x" not in c:
            continue
        parts.append(
            f'<g class="node" id="{_e(c["id"])}" data-id="{_e(c["id"])}" tabindex="0" role="button" '
            f'transform="translate({c["x"]},{c["y"]})">'
            f"<title>{_e(c['name'])} (PageRank {c['pagerank']:.3f})</title>"
            f'<circle r="{c["r"]}"/>'
            f'<text y="{c["r"] + 14}" text-anchor="middle">{_e(c["name"])}</text></g>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


def _edge_path(a: dict[str, Any], b: dict[str, Any], bend: float, flip: bool) -> str:
    """A quadratic curve from the rim of ``a`` to the rim of ``b``, bent by ``bend`` pixels."""
    ax, ay, bx, by = a["x"], a["y"], b["x"], b["y"]
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy) or 1.0
    # Bend relative to one fixed orientation of the pair, so two edges between the
    # same characters in opposite directions do not land on the same curve.
    if flip:
        bend = -bend
    nx_, ny_ = -dy / length, dx / length
    cx, cy = (ax + bx) / 2 + nx_ * bend, (ay + by) / 2 + ny_ * bend
    # Start and end on the circles' rims, aiming at the control point.
    sx, sy = _toward(ax, ay, cx, cy, a["r"] + 1)
    ex, ey = _toward(bx, by, cx, cy, b["r"] + 3)
    return f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"


def _toward(x: float, y: float, tx: float, ty: float, dist: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    length = math.hypot(dx, dy) or 1.0
    return x + dx / length * dist, y + dy / length * dist


def _legend(data: dict[str, Any]) -> str:
    rows = []
    for k in data["kinds"]:
        sign = _SIGN_NAMES.get(k["sign"], "positive")
        rows.append(
            '<li><label><input type="checkbox" class="kind-filter" checked '
            f'value="{_e(k["kind"])}"> <svg class="swatch" width="34" height="10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="33" y2="5" stroke="{_e(k["color"])}" stroke-width="3"'
            f'{_DASH if k["sign"] < 0 else ""}/></svg> '
            f'{_e(k["kind"].replace("_", " "))} <span class="muted">({sign})</span></label></li>'
        )
    if not rows:
        rows.append('<li class="muted">No relations were read from the page.</li>')
    return (
        '<fieldset id="legend"><legend>Relation kinds</legend><ul>' + "".join(rows) + "</ul>"
        '<p class="muted">Colour: blue family, green positive, red/orange negative influence; '
        "dashed lines are negative. Node size: PageRank.</p></fieldset>"
    )


def _slider(data: dict[str, Any]) -> str:
    steps = data["steps"]
    if not steps:
        return '<p class="muted">The page has no timeline, so there is no story time to step through.</p>'
    last = len(steps)
    return (
        '<div id="time"><label for="slider">Story time: the graph up to</label> '
        f'<input type="range" id="slider" min="1" max="{last}" step="1" value="{last}"> '
        f'<output id="slider-label" for="slider">{_e(steps[-1]["title"])}</output></div>'
    )


def _timeline(data: dict[str, Any]) -> str:
    chars = {c["id"]: c for c in data["characters"]}
    places = {p["id"]: p for p in data["places"]}
    items = []
    for e in data["events"]:
        who = ", ".join(
            f'{chars[p["character"]]["name"]}'
            + (f' ({p["role"]})' if p["role"] != "participant" else "")
            for p in e["participants"]
        )
        where = places[e["place"]]["name"] if e["place"] else ""
        items.append(
            f'<li class="event" data-index="{_e(e["index"])}" tabindex="0">'
            f'<span class="ev-title">{_e(e["index"])}. {_e(e["title"])}</span>'
            + (f' <span class="ev-time">{_e(e["time"])}</span>' if e["time"] else "")
            + (f' <span class="ev-place">{_e(where)}</span>' if where else "")
            + (f'<div class="ev-who">{_e(who)}</div>' if who else "")
            + "</li>"
        )
    if not items:
        return '<p class="muted">No events.</p>'
    return '<ol id="timeline">' + "".join(items) + "</ol>"


def _places(data: dict[str, Any]) -> str:
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    ids = {p["id"] for p in data["places"]}
    for p in data["places"]:
        parent = p["parent"] if p["parent"] in ids else None
        children[parent].append(p)
    events = {e["index"]: e for e in data["events"]}
    seen: set[str] = set()

    def tree(parent: str | None) -> str:
        out = []
        for p in children.get(parent, []):
            if p["id"] in seen:  # a part-of cycle in the data: show each place once
                continue
            seen.add(p["id"])
            evs = "".join(
                f'<li class="place-event" data-index="{_e(i)}">{_e(i)}. {_e(events[i]["title"])}</li>'
                for i in sorted(p["events"]) if i in events
            )
            out.append(
                f'<li class="place" data-id="{_e(p["id"])}"><span class="place-name">{_e(p["name"])}</span>'
                + (f"<ul class=\"place-events\">{evs}</ul>" if evs else "")
                + tree(p["id"]) + "</li>"
            )
        return "<ul>" + "".join(out) + "</ul>" if out else ""

    body = tree(None)
    # Places inside a cycle have no root; list them too.
    rest = [p for p in data["places"] if p["id"] not in seen]
    for p in rest:
        children[None].append(p)
    if rest:
        body += tree(None)
    return f'<div id="places">{body}</div>' if body else '<p class="muted">No places.</p>'


def _characters(data: dict[str, Any]) -> str:
    items = "".join(
        f'<li><button type="button" class="char-button" data-id="{_e(c["id"])}">{_e(c["name"])}</button>'
        + (f' <span class="muted">{_e(c["actor"])}</span>' if c["actor"] else "")
        + "</li>"
        for c in sorted(data["characters"], key=lambda c: -c.get("pagerank", 0))
    )
    return f'<ul id="characters">{items}</ul>'


_CSS = """
:root { --fg: #1d1d1f; --muted: #6b6b70; --line: #d8d8de; --bg: #fbfbfd; --accent: #2456a6; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 14px 24px; border-bottom: 1px solid var(--line); background: #fff; }
header h1 { margin: 0; font-size: 22px; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 1.3fr); gap: 18px; padding: 18px 24px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
h2 { font-size: 17px; margin: 4px 0 10px; }
#graph { width: 100%; height: auto; background: #fff; }
.node circle { fill: #e9eef8; stroke: #2456a6; stroke-width: 2; cursor: pointer; }
.node:focus, .edge:focus { outline: none; }
.node:focus-visible circle { stroke-width: 4; }
.node.selected circle { fill: #ffd75e; stroke: #8a6500; stroke-width: 3; }
.node text { font-size: 13px; fill: #1d1d1f; pointer-events: none; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.edge { cursor: pointer; }
.edge:hover .line, .edge.selected .line { stroke-width: 5; }
.hidden { display: none; }
#legend { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; }
#legend ul { list-style: none; padding: 0; margin: 0; columns: 3; }
#legend li { break-inside: avoid; }
#time { margin: 8px 0; display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
#slider { flex: 1 1 240px; }
.muted { color: var(--muted); font-size: 13px; }
#panel { position: sticky; top: 12px; align-self: start; max-height: calc(100vh - 24px); overflow: auto; }
#panel h3 { margin: 12px 0 4px; font-size: 15px; }
blockquote { margin: 6px 0; padding: 6px 10px; border-left: 3px solid var(--accent); background: #f4f6fb; }
mark { background: #ffe58a; }
#timeline li, #places li.place-event { cursor: pointer; }
#timeline { list-style: none; padding-left: 0; }
#timeline li { margin: 4px 0; }
#timeline li:hover, #timeline li.selected { background: #f4f6fb; }
#timeline li.future { opacity: 0.45; }
.ev-title { font-weight: 600; }
.ev-time, .ev-place { color: var(--muted); font-size: 13px; margin-left: 6px; }
.ev-place::before { content: "@ "; }
.ev-who { font-size: 13px; }
.char-button { border: 1px solid var(--line); background: #fff; border-radius: 4px; padding: 2px 8px; cursor: pointer; font: inherit; }
#characters { list-style: none; padding: 0; columns: 2; }
.wide { grid-column: 1 / -1; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
"""

_JS = """
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("fg-data").textContent);
  var chars = {}, edges = {}, places = {}, events = {};
  D.characters.forEach(function (c) { chars[c.id] = c; });
  D.edges.forEach(function (e) { edges[e.id] = e; });
  D.places.forEach(function (p) { places[p.id] = p; });
  D.events.forEach(function (e) { events[e.index] = e; });
  var panel = document.getElementById("panel-body");

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) { n.className = cls; }
    if (text !== undefined && text !== null) { n.textContent = String(text); }
    return n;
  }
  function clear() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
  function kindName(k) { return k.replace(/_/g, " "); }
  function quote(ev) {
    var q = el("blockquote", "evidence");
    q.appendChild(el("span", "muted", ev.prefix ? "\\u2026" + ev.prefix : ""));
    q.appendChild(el("mark", null, ev.exact));
    q.appendChild(el("span", "muted", ev.suffix ? ev.suffix + "\\u2026" : ""));
    if (ev.rule) { q.appendChild(el("div", "muted", "rule: " + ev.rule)); }
    return q;
  }
  function evidenceList(list) {
    var box = el("div", "evidence-list");
    if (!list || !list.length) { box.appendChild(el("p", "muted", "No evidence recorded.")); }
    (list || []).forEach(function (ev) { box.appendChild(quote(ev)); });
    return box;
  }
  function select(kind, id) {
    document.querySelectorAll(".selected").forEach(function (n) { n.classList.remove("selected"); });
    if (kind === "node") {
      var n = document.getElementById(id); if (n) { n.classList.add("selected"); }
    } else if (kind === "edge") {
      var g = document.getElementById(id); if (g) { g.classList.add("selected"); }
    } else if (kind === "event") {
      var li = document.querySelector('#timeline li[data-index="' + Number(id) + '"]');
      if (li) { li.classList.add("selected"); }
    }
  }

  function showArc(id) {
    var c = chars[id]; if (!c) { return; }
    select("node", id);
    clear();
    panel.setAttribute("data-showing", "arc");
    panel.appendChild(el("h2", "arc-name", c.name));
    var meta = [];
    if (c.actor) { meta.push("played by " + c.actor); }
    meta.push(c.kind);
    meta.push("PageRank " + Number(c.pagerank || 0).toFixed(3));
    panel.appendChild(el("p", "muted", meta.join(" \\u00b7 ")));
    if (c.description) { panel.appendChild(el("p", null, c.description)); }
    if (c.traits.length) {
      panel.appendChild(el("h3", null, "Traits"));
      panel.appendChild(el("p", "traits", c.traits.join(", ")));
    }
    panel.appendChild(el("h3", null, "Arc"));
    var ol = el("ol", "arc");
    c.events.forEach(function (i) {
      var e = events[i]; if (!e) { return; }
      var role = "";
      e.participants.forEach(function (p) { if (p.character === id) { role = p.role; } });
      var li = el("li", "arc-event");
      li.value = i;
      li.appendChild(el("span", "ev-title", e.title));
      if (role) { li.appendChild(el("span", "ev-time", role)); }
      if (e.time) { li.appendChild(el("span", "ev-time", e.time)); }
      if (e.place && places[e.place]) { li.appendChild(el("span", "ev-place", places[e.place].name)); }
      li.addEventListener("click", function () { showEvent(i); });
      ol.appendChild(li);
    });
    if (!c.events.length) { panel.appendChild(el("p", "muted", "Takes part in no event.")); }
    panel.appendChild(ol);
    panel.appendChild(el("h3", null, "Relations"));
    var ul = el("ul", "relations");
    D.edges.forEach(function (e) {
      if (e.source !== id && e.target !== id) { return; }
      var li = el("li", "relation", chars[e.source].name + " \\u2192 " + kindName(e.kind) + " \\u2192 " + chars[e.target].name);
      li.addEventListener("click", function () { showEdge(e.id); });
      ul.appendChild(li);
    });
    if (!ul.firstChild) { ul.appendChild(el("li", "muted", "None read from the page.")); }
    panel.appendChild(ul);
  }

  function showEdge(id) {
    var e = edges[id]; if (!e) { return; }
    select("edge", id);
    clear();
    panel.setAttribute("data-showing", "edge");
    panel.appendChild(el("h2", null, chars[e.source].name + " \\u2192 " + kindName(e.kind) + " \\u2192 " + chars[e.target].name));
    var sign = e.sign < 0 ? "negative" : (e.sign > 0 ? "positive" : "family");
    panel.appendChild(el("p", "muted", e.layer + " \\u00b7 " + sign + (e.directed ? "" : " \\u00b7 both ways") +
      (e.events.length ? " \\u00b7 events " + e.events.join(", ") : "")));
    panel.appendChild(el("h3", null, "Read from"));
    panel.appendChild(evidenceList(e.evidence));
  }

  function showEvent(i) {
    var e = events[i]; if (!e) { return; }
    select("event", i);
    clear();
    panel.setAttribute("data-showing", "event");
    panel.appendChild(el("h2", null, e.index + ". " + e.title));
    var meta = [];
    if (e.time) { meta.push(e.time); }
    if (e.place && places[e.place]) { meta.push(places[e.place].name); }
    if (meta.length) { panel.appendChild(el("p", "muted", meta.join(" \\u00b7 "))); }
    if (e.description) { panel.appendChild(el("p", null, e.description)); }
    panel.appendChild(el("h3", null, "Who"));
    var ul = el("ul");
    e.participants.forEach(function (p) {
      var li = el("li", "participant", chars[p.character].name + " (" + p.role + ")");
      li.addEventListener("click", function () { showArc(p.character); });
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    panel.appendChild(el("h3", null, "Read from"));
    var all = e.evidence.slice();
    e.participants.forEach(function (p) { all = all.concat(p.evidence); });
    panel.appendChild(evidenceList(all));
  }

  // filters and story time --------------------------------------------------------
  var slider = document.getElementById("slider");
  var label = document.getElementById("slider-label");
  function refresh() {
    var on = {};
    document.querySelectorAll(".kind-filter").forEach(function (b) { on[b.value] = b.checked; });
    var step = slider ? D.steps[Number(slider.value) - 1] : null;
    var nodeOk = null, edgeOk = null;
    if (step) {
      nodeOk = {}; edgeOk = {};
      step.nodes.forEach(function (n) { nodeOk[n] = true; });
      step.edges.forEach(function (n) { edgeOk[n] = true; });
      label.textContent = step.index === null ? step.title : "event " + step.index + ". " + step.title;
    }
    D.edges.forEach(function (e) {
      var visible = on[e.kind] !== false && (!edgeOk || edgeOk[e.id]);
      document.getElementById(e.id).classList.toggle("hidden", !visible);
    });
    D.characters.forEach(function (c) {
      var n = document.getElementById(c.id);
      if (n) { n.classList.toggle("hidden", !!nodeOk && !nodeOk[c.id]); }
    });
    document.querySelectorAll("#timeline li").forEach(function (li) {
      li.classList.toggle("future", !!step && step.index !== null && Number(li.getAttribute("data-index")) > step.index);
    });
  }
  if (slider) { slider.addEventListener("input", refresh); }
  document.querySelectorAll(".kind-filter").forEach(function (b) { b.addEventListener("change", refresh); });

  // wiring ------------------------------------------------------------------------------
  function activate(node, fn) {
    node.addEventListener("click", fn);
    node.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); fn(); } });
  }
  document.querySelectorAll(".node").forEach(function (n) {
    activate(n, function () { showArc(n.getAttribute("data-id")); });
  });
  document.querySelectorAll(".char-button").forEach(function (n) {
    activate(n, function () { showArc(n.getAttribute("data-id")); });
  });
  document.querySelectorAll(".edge").forEach(function (n) {
    activate(n, function () { showEdge(n.getAttribute("data-id")); });
    n.addEventListener("mouseenter", function () { showEdge(n.getAttribute("data-id")); });
  });
  document.querySelectorAll("#timeline li, .place-event").forEach(function (n) {
    activate(n, function () { showEvent(Number(n.getAttribute("data-index"))); });
  });
  refresh();
})();
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_report(store: Any, film: str | None = None) -> str:
    """One self-contained HTML page for a film: no network, no third-party code.

    Parameters
    ----------
    store
        The store to read (embedded or remote; anything with ``select``).
    film
        The film's slug; optional when the store holds one film.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    NotFoundError
        When the film is not in the store.
    """
    return render_page(report_data(store, film))


def render_page(data: dict[str, Any]) -> str:
    """The HTML page for :func:`report_data`'s output."""
    film = data["film"]
    title = f'{film["title"]} ({film["year"]})' if film["year"] else film["title"]
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src {_csp_hash(_CSS)}; script-src {_csp_hash(_JS)}; "
        "base-uri 'none'; form-action 'none'"
    )
    counts = (
        f'{len(data["characters"])} characters · {len(data["events"])} events · '
        f'{len(data["edges"])} relations · {len(data["places"])} places'
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(title)} · filmgraph</title>"
        f"<style>{_CSS}</style></head>\n<body>"
        f'<header><h1 id="film-title">{_e(title)}</h1><p class="muted">{_e(counts)}</p></header>'
        "<main>"
        '<section id="graph-section"><h2>Who influences whom</h2>'
        f"{_slider(data)}{_svg(data)}{_legend(data)}</section>"
        '<section id="panel" aria-live="polite"><div id="panel-body">'
        '<h2>Details</h2><p class="muted">Click a character to see their arc; hover or click '
        "an edge or an event to see the sentence it was read from.</p></div>"
        f"<h3>Characters</h3>{_characters(data)}</section>"
        '<section class="wide cols"><div><h2>Timeline</h2>'
        f"{_timeline(data)}</div><div><h2>Places</h2>{_places(data)}</div></section>"
        "</main>"
        f'<script type="application/json" id="fg-data">{script_json(data)}</script>'
        f"<script>{_JS}</script>"
        "</body></html>\n"
    )
