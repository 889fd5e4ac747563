"""Pictures of character networks: influence, co-occurrence, the timeline, a character's arc.

matplotlib is imported only when a picture is drawn, with the non-interactive
Agg backend. Layouts are seeded, so the same graph gives the same picture. The
format follows the file suffix (``.png`` or ``.svg``); an SVG keeps its labels
as text (``svg.fonttype = "none"``), so it can be searched and read by screen
readers. Files are written atomically.

Examples
--------
>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="Rocky"); G.add_node("b", label="Rusty")
>>> _ = G.add_edge("b", "a", kind="supports", sign=1, directed=True)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "influence.svg"
>>> draw_influence(G, path)
>>> "Rocky" in path.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filmgraph.errors import ExportError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "KIND_COLORS",
    "PICTURES",
    "draw_arc",
    "draw_cooccurrence",
    "draw_influence",
    "draw_timeline",
    "picture_format",
]

#: The pictures the ``draw`` command makes.
PICTURES: tuple[str, ...] = ("influence", "cooccurrence", "timeline", "arc")

#: Edge colour of each relation kind: greens and blues positive, reds negative, greys family.
KIND_COLORS: dict[str, str] = {
    "supports": "#2ca02c",
    "helps": "#17becf",
    "teaches": "#1f77b4",
    "mentors": "#393b79",
    "romantic": "#e377c2",
    "friend_of": "#98df8a",
    "father_figure_of": "#8c564b",
    "parent_of": "#7f7f7f",
    "grandparent_of": "#a5a5a5",
    "partner_of": "#9467bd",
    "opposes": "#d62728",
    "forbids": "#ff7f0e",
    "bullies": "#8b0000",
    "rivals": "#bcbd22",
    "kills": "#000000",
}
_SEED = 7
_SUFFIXES = {".png": "png", ".svg": "svg"}


def picture_format(path: str | os.PathLike[str]) -> str:
    """``"png"`` or ``"svg"`` from the suffix of ``path``; ExportError for anything else.

    >>> picture_format("arc.SVG")
    'svg'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ExportError(f"{path}: give a .png or .svg file name")
    if Path(path).is_dir():
        raise ExportError(f"{path}: is a folder, not a file")
    return _SUFFIXES[suffix]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "filmgraph"
    return plt


def _text(value: Any, limit: int | None = None) -> str:
    """A label safe to draw: no control characters, no mathtext, at most ``limit`` characters."""
    from filmgraph.export import clean_text

    text = " ".join(clean_text(str(value)).split())
    text = text.replace("$", r"\$")
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _save(fig: Any, path: str | os.PathLike[str], fmt: str) -> None:
    from filmgraph.fileio import atomic_write

    plt = _pyplot()
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    try:
        with warnings.catch_warnings():
            # A name in a script the default font lacks still draws (as boxes); say nothing.
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            fig.savefig(buf, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)
    finally:
        plt.close(fig)
    atomic_write(path, buf.getvalue())


def _layout(G: nx.Graph) -> dict[Any, Any]:
    """Kamada-Kawai for the linked characters (deterministic), the unlinked ones in a row below."""
    import networkx as nx

    from filmgraph.network_metrics import undirected_projection

    P = undirected_projection(G)
    linked = nx.Graph()
    linked.add_nodes_from(sorted((n for n in P if P.degree(n)), key=str))
    linked.add_edges_from(sorted(P.edges(), key=lambda e: tuple(sorted(map(str, e)))))
    alone = sorted((n for n in P if not P.degree(n)), key=lambda n: str(P.nodes[n].get("label", n)))
    pos: dict[Any, Any] = {}
    if linked.number_of_nodes() == 1:
        pos = {next(iter(linked)): (0.0, 0.0)}
    elif linked.number_of_nodes() > 1:
        start = nx.circular_layout(linked)
        pos = nx.kamada_kawai_layout(linked, pos=start, weight=None)
    bottom = min((p[1] for p in pos.values()), default=0.0) - 0.45
    width = max(1, len(alone) - 1)
    for i, n in enumerate(alone):
        pos[n] = (-0.9 + 1.8 * i / width if len(alone) > 1 else 0.0, bottom)
    return pos


def _title(G: nx.Graph, what: str) -> str:
    film = G.graph.get("title") or str(G.graph.get("film", "")).rsplit("/", 1)[-1]
    until = G.graph.get("until")
    tail = f" (up to event {until})" if until is not None else ""
    return _text(f"{film}: {what}{tail}" if film else what + tail)


def _draw_labels(ax: Any, G: nx.Graph, pos: dict[Any, Any]) -> None:
    for n, (x, y) in pos.items():
        ax.text(x, y, _text(G.nodes[n].get("label", n), 28), ha="center", va="center",
                fontsize=8.5, zorder=5,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.75})


def draw_influence(G: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Draw the influence graph: nodes sized by PageRank, edges coloured by kind, styled by sign.

    Solid edges are positive, dashed negative, dotted the family layer; directed
    relations have arrows. Parallel relations between one pair are drawn as
    separate arcs. A legend names the kinds present.

    Parameters
    ----------
    G : networkx graph
        Usually :func:`filmgraph.network.influence_graph`.
    path : path-like
        ``.png`` or ``.svg``.

    Raises
    ------
    ExportError
        The suffix is neither ``.png`` nor ``.svg``, or the file cannot be written.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    from filmgraph.network_metrics import character_metrics

    fmt = picture_format(path)
    plt = _pyplot()
    pos = _layout(G)
    metrics = character_metrics(G)
    fig, ax = plt.subplots(figsize=(11, 8.5))
    sizes = {n: 250 + 5000 * metrics[n]["pagerank"] for n in G.nodes}
    ax.scatter([pos[n][0] for n in G.nodes], [pos[n][1] for n in G.nodes],
               s=[sizes[n] for n in G.nodes], c="#fdd49e", edgecolors="#b35806", zorder=3)
    rows = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    groups: dict[frozenset[Any], list[tuple[Any, Any, dict[str, Any]]]] = {}
    for u, v, _, d in sorted(rows, key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        groups.setdefault(frozenset((u, v)), []).append((u, v, d))
    kinds_seen: dict[str, int] = {}
    for edges in groups.values():
        for i, (u, v, d) in enumerate(edges):
            if u == v:
                continue
            kind = str(d.get("kind", "relation"))
            sign = d.get("sign", 1)
            kinds_seen[kind] = sign if isinstance(sign, int) else 1
            rad = 0.0 if len(edges) == 1 else 0.18 * (i - (len(edges) - 1) / 2) + 0.08
            if len(edges) > 1 and str(u) > str(v):
                rad = -rad  # arcs of one pair bend the same way whatever their direction
            directed = G.is_directed() and d.get("directed") is not False
            style = "solid" if sign == 1 else ("dashed" if sign == -1 else "dotted")
            ax.add_patch(FancyArrowPatch(
                pos[u], pos[v], arrowstyle="-|>" if directed else "-", mutation_scale=14,
                connectionstyle=f"arc3,rad={rad}", color=KIND_COLORS.get(kind, "#444444"),
                linewidth=1.8, linestyle=style, zorder=2,
                shrinkA=(sizes[u] ** 0.5) / 2 + 2, shrinkB=(sizes[v] ** 0.5) / 2 + 2,
            ))
    _draw_labels(ax, G, pos)
    handles = [
        Line2D([0], [0], color=KIND_COLORS.get(k, "#444444"), lw=2,
               linestyle="solid" if s == 1 else ("dashed" if s == -1 else "dotted"),
               label=f"{k.replace('_', ' ')} ({'+' if s == 1 else '−' if s == -1 else 'family'})")
        for k, s in sorted(kinds_seen.items(), key=lambda ks: (-ks[1], ks[0]))
    ]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8.5,
                  title="relation (sign)", frameon=False)
    ax.set_title(_title(G, "who influences whom (node size: PageRank)"), fontsize=12)
    _finish(ax, pos)
    _save(fig, path, fmt)


def _finish(ax: Any, pos: dict[Any, Any]) -> None:
    ax.set_axis_off()
    if pos:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        ax.set_xlim(min(xs) - 0.25, max(xs) + 0.25)
        ax.set_ylim(min(ys) - 0.2, max(ys) + 0.2)


def draw_cooccurrence(G: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Draw the co-occurrence graph: edge width by shared events, node size by weighted degree.

    Parameters
    ----------
    G : networkx graph
        Usually :func:`filmgraph.network.cooccurrence_graph`.
    path : path-like
        ``.png`` or ``.svg``.
    """
    fmt = picture_format(path)
    plt = _pyplot()
    pos = _layout(G)
    fig, ax = plt.subplots(figsize=(10, 8))
    strength = {n: sum(d.get("weight", 1) for *_, d in G.edges(n, data=True)) for n in G.nodes}
    top = max(strength.values(), default=1) or 1
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        w = d.get("weight", 1)
        ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#6b6ecf",
                linewidth=0.8 + 1.6 * w, alpha=0.6, zorder=1, solid_capstyle="round")
        if w > 1:
            ax.text((pos[u][0] + pos[v][0]) / 2, (pos[u][1] + pos[v][1]) / 2, str(w),
                    fontsize=7, color="#393b79", ha="center", va="center", zorder=4)
    ax.scatter([pos[n][0] for n in G.nodes], [pos[n][1] for n in G.nodes],
               s=[200 + 1800 * strength[n] / top for n in G.nodes], c="#c6dbef",
               edgecolors="#08519c", zorder=3)
    _draw_labels(ax, G, pos)
    ax.set_title(_title(G, "characters sharing events (width: number of shared events)"),
                 fontsize=12)
    _finish(ax, pos)
    _save(fig, path, fmt)


def _events(T: nx.Graph) -> list[dict[str, Any]]:
    return sorted((dict(d, id=n) for n, d in T.nodes(data=True)), key=lambda d: d.get("index", 0))


def draw_timeline(T: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Draw the events along the story: title, place and time, and who takes part.

    Each row is an event in story order; the columns on the right are the
    characters (in order of first appearance, the busiest first among those who
    appear together), a dot marking who takes part (a filled dot: the agent).

    Parameters
    ----------
    T : networkx graph
        :func:`filmgraph.network.timeline_graph`.
    path : path-like
        ``.png`` or ``.svg``.
    """
    fmt = picture_format(path)
    plt = _pyplot()
    events = _events(T)
    names: dict[str, str] = {}
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for i, e in enumerate(events):
        for iri, label in zip(e.get("participantIds", []), e.get("participants", []), strict=False):
            names.setdefault(iri, label)
            first.setdefault(iri, i)
            count[iri] = count.get(iri, 0) + 1
    # Columns in order of first appearance; among newcomers of one event, the busiest first.
    order = sorted(names, key=lambda c: (first[c], -count[c], names[c]))
    n, m = max(1, len(events)), len(order)
    fig = plt.figure(figsize=(7.5 + 0.42 * m, 1.6 + 0.62 * n))
    grid = fig.add_gridspec(1, 2, width_ratios=[7.0, max(0.8, 0.42 * m)], wspace=0.02)
    left, right = fig.add_subplot(grid[0]), fig.add_subplot(grid[1], sharey=None)
    ys = list(range(len(events)))[::-1]
    left.plot([0.03] * len(events), ys, color="#bdbdbd", zorder=1)
    left.scatter([0.03] * len(events), ys, s=60, color="#3182bd", zorder=2)
    for y, e in zip(ys, events, strict=True):
        left.text(0.07, y + 0.12, _text(f"{e.get('index')}. {e.get('label', '')}", 70),
                  fontsize=9.5, va="center", fontweight="bold")
        where = " · ".join(_text(x, 45) for x in (e.get("placeLabel"), e.get("time")) if x)
        left.text(0.07, y - 0.25, where or "(no place given)", fontsize=8, va="center",
                  color="#636363")
    left.set_xlim(0, 1)
    left.set_ylim(-0.8, len(events) - 0.3)
    left.set_axis_off()
    col = {iri: i for i, iri in enumerate(order)}
    for y, e in zip(ys, events, strict=True):
        agents = set(e.get("agents", []))
        for iri in e.get("participantIds", []):
            right.scatter([col[iri]], [y], s=70, zorder=2,
                          color="#e6550d" if iri in agents else "white", edgecolors="#e6550d")
    for i in range(m):
        right.axvline(i, color="#f0f0f0", zorder=1)
    right.set_xticks(range(m))
    right.set_xticklabels([_text(names[i], 28) for i in order], rotation=60, ha="left",
                          fontsize=8.5)
    right.xaxis.tick_top()
    right.set_yticks([])
    right.set_xlim(-0.6, max(0.6, m - 0.4))
    right.set_ylim(-0.8, len(events) - 0.3)
    for spine in right.spines.values():
        spine.set_visible(False)
    fig.suptitle(_title(T, "events in story order, with their places and participants"),
                 fontsize=12, x=0.02, ha="left")
    _save(fig, path, fmt)


def draw_arc(T: nx.Graph, character: str, path: str | os.PathLike[str], *,
             label: str | None = None) -> None:
    """Draw one character's path through the story: the events it takes part in, and where.

    The x axis is story order, the y axis the places in order of the character's
    first visit; each point is an event (filled when the character is its agent).

    Parameters
    ----------
    T : networkx graph
        :func:`filmgraph.network.timeline_graph`.
    character : str
        The character's IRI (see :func:`filmgraph.network.resolve_character`).
    path : path-like
        ``.png`` or ``.svg``.
    label : str, optional
        The name to show; by default the label the events give.
    """
    fmt = picture_format(path)
    plt = _pyplot()
    steps = [e for e in _events(T) if character in e.get("participantIds", [])]
    if label is None:
        for e in steps:
            label = dict(zip(e["participantIds"], e["participants"], strict=False)).get(character)
            break
    name = _text(label or str(character).rsplit("/", 1)[-1])
    places: list[str] = []
    for e in steps:
        place = _text(e.get("placeLabel") or "(no place given)", 40)
        if place not in places:
            places.append(place)
    fig, ax = plt.subplots(figsize=(11, 1.8 + 0.55 * max(1, len(places))))
    if not steps:
        ax.text(0.5, 0.5, f"{name} takes part in no event", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
    else:
        ys = {p: len(places) - 1 - i for i, p in enumerate(places)}
        xs = [e["index"] for e in steps]
        yv = [ys[_text(e.get("placeLabel") or "(no place given)", 40)] for e in steps]
        ax.plot(xs, yv, color="#9ecae1", linewidth=2, zorder=1)
        for x, y, e in zip(xs, yv, steps, strict=True):
            agent = character in e.get("agents", [])
            ax.scatter([x], [y], s=90, zorder=2, color="#3182bd" if agent else "white",
                       edgecolors="#3182bd")
            ax.annotate(_text(e.get("label", ""), 34), (x, y), xytext=(0, 9),
                        textcoords="offset points", rotation=25, fontsize=7.5, ha="left")
        ax.set_yticks(list(ys.values()))
        ax.set_yticklabels(list(ys.keys()), fontsize=8.5)
        ax.set_xticks(xs)
        ax.set_xlabel("event (story order)")
        ax.set_ylim(-0.6, len(places) - 0.4 + 0.9)
        ax.set_xlim(min(xs) - 0.6, max(xs) + 2.2)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
    ax.set_title(_title(T, f"the arc of {name}"), fontsize=12)
    _save(fig, path, fmt)
