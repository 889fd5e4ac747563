"""Character networks projected from the store: influence, co-occurrence, places, timeline.

Every graph is read from the store through the stored queries
``queries/network-*.rq`` (never from the page), so the same code works on the
embedded store and on a SPARQL server holding many films.

- :func:`influence_graph`: a ``MultiDiGraph`` of the typed relations. Nodes are
  character IRIs; each relation is one edge keyed by a stable id, with ``kind``,
  ``sign`` (+1 positive, -1 negative, 0 for the family layer), ``layer``,
  ``directed``, ``weight``, ``events`` and ``evidence``.
- :func:`cooccurrence_graph`: characters sharing an event, weighted by the count.
- :func:`places_graph`: the bipartite graph of characters and the places they are at.
- :func:`timeline_graph`: the events in story order.
- :func:`combined_graph`: co-occurrence weights and relation kinds on one edge per pair.

**Through the story** (``until``): a graph built with ``until=N`` holds what the
story has shown by the end of event N. An edge is in it when its earliest event
is at most N; a relation tied to no event (read from the plot summary or a
character description) describes the story's standing situation and is there
from the start (``until=0``). Its ``events`` list keeps only the events up to N.
A character is a node when it takes part in an event up to N or ends an edge
of the graph. With ``until=None`` every character of the film is a node.

Examples
--------
>>> from filmgraph.store import EmbeddedStore
>>> from filmgraph.pipeline import ingest, resource_path
>>> store = EmbeddedStore()
>>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
>>> G = influence_graph(store, "mask-1985")
>>> G.is_multigraph() and G.is_directed()
True
>>> ranking = influence_ranking(store, "mask-1985", top=1)
>>> ranking[0]["character"]
'Rocky Dennis'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from filmgraph.network_metrics import (
    CHARACTER_METRICS,
    FILM_METRICS,
    balanced_triads_share,
    character_metrics,
    communities,
    film_metrics,
)
from filmgraph.store import to_python

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CHARACTER_METRICS",
    "FILM_METRICS",
    "GRAPH_KINDS",
    "RANK_BY",
    "balanced_triads_share",
    "character_metrics",
    "combined_graph",
    "communities",
    "cooccurrence_graph",
    "dynamic_metrics",
    "film_iri",
    "film_metrics",
    "influence_graph",
    "influence_ranking",
    "network_graph",
    "places_graph",
    "resolve_character",
    "timeline_graph",
    "with_metrics",
]

#: The graphs :func:`network_graph` builds, by name.
GRAPH_KINDS: tuple[str, ...] = ("influence", "cooccurrence", "places", "timeline", "combined")
#: What :func:`influence_ranking` can rank by.
RANK_BY: tuple[str, ...] = ("pagerank", "in", "out", "degree", "betweenness", "eigenvector")


# --------------------------------------------------------------------------- reading the store


def _film(store: Any, film: str | None) -> dict[str, Any]:
    from filmgraph.catalog import film_slug_of, resolve_film
    from filmgraph.errors import NotFoundError

    if film is not None and ":" in film:
        # A film IRI: resolve its slug (one graph read) rather than list the corpus.
        f = resolve_film(store, film_slug_of(film))
        if f["iri"] != film:
            raise NotFoundError(f"no film {film!r} in the store")
        return f
    return resolve_film(store, film)


def film_iri(store: Any, film: str | None) -> str:
    """The IRI of a film named by slug or IRI; the only film when ``film`` is None.

    Raises :class:`~filmgraph.errors.NotFoundError` when the store has no such film.
    """
    f = _film(store, film)
    _TITLES[str(f["iri"])] = str(f.get("title") or "")
    return str(f["iri"])


#: Film titles seen by :func:`film_iri`, so graphs can carry their film's title.
_TITLES: dict[str, str] = {}


def _select(store: Any, name: str, film: str) -> list[dict[str, Any]]:
    from filmgraph.queries import film_bindings, load_query

    # ``g``, the film's named graph, keeps the query to that one graph.
    return store.select(load_query(name).text, film_bindings(store, film))


def _local(iri: str, marker: str) -> str:
    return iri.rsplit(marker, 1)[-1]


def _characters(store: Any, film: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in _select(store, "network-characters", film):
        iri = r["character"].value
        if iri in out:
            continue
        out[iri] = {
            "label": r["label"].value,
            "type": "character",
            "slug": _local(iri, "/character/"),
            "kind": to_python(r.get("kind")) or "person",
            "listed": bool(to_python(r.get("listed"))),
            "first": to_python(r.get("first")),
        }
    return out


def _check_until(until: int | None) -> None:
    if until is not None and (isinstance(until, bool) or not isinstance(until, int) or until < 0):
        raise ValueError(f"until must be a non-negative integer or None, not {until!r}")


def _graph_attrs(G: nx.Graph, kind: str, film: str, until: int | None) -> None:
    G.graph.update({"name": kind, "graph": kind, "film": film})
    title = _TITLES.get(film)
    if title:
        G.graph["title"] = title
    if until is not None:
        G.graph["until"] = until


def _add_characters(G: nx.Graph, chars: dict[str, dict[str, Any]], until: int | None,
                    extra: Iterable[str] = ()) -> None:
    """Add the characters present by event ``until`` (all when None), then ``extra`` ones."""
    for iri, attrs in chars.items():
        first = attrs["first"]
        if until is None or (first is not None and first <= until):
            G.add_node(iri, **_node_attrs(attrs))
    for iri in extra:
        if iri not in G:
            G.add_node(iri, **_node_attrs(chars.get(iri) or _unknown(iri)))


def _node_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k != "first"} | {"firstEvent": attrs["first"]}


def _unknown(iri: str) -> dict[str, Any]:
    # An edge end the film does not list as a character (should not happen with our mapping).
    key = _local(iri, "/")
    return {"label": key, "type": "character", "slug": key, "kind": "person", "listed": False,
            "first": None}


# --------------------------------------------------------------------------- influence


def _influence_data(store: Any, film: str) -> dict[str, Any]:
    relations: dict[str, dict[str, Any]] = {}
    for r in _select(store, "network-influence", film):
        iri = r["relation"].value
        rel = relations.get(iri)
        if rel is None:
            from filmgraph.mapping import layer_of, sign_of

            kind = r["kind"].value
            sign = to_python(r.get("sign"))
            layer = to_python(r.get("layer"))
            directed = to_python(r.get("directed"))
            rel = relations[iri] = {
                "source": r["source"].value,
                "target": r["target"].value,
                "id": _local(iri, "/relation/"),
                "iri": iri,
                "kind": kind,
                "sign": sign if sign is not None else sign_of(kind),
                "layer": layer if layer is not None else layer_of(kind),
                "directed": True if directed is None else bool(directed),
                "events": set(),
                "evidence": None,
            }
        if r.get("index") is not None:
            rel["events"].add(to_python(r["index"]))
        if r.get("evidence") is not None and rel["evidence"] is None:
            rel["evidence"] = r["evidence"].value
    return {"film": film, "characters": _characters(store, film), "relations": relations}


def _influence_assemble(data: dict[str, Any], until: int | None) -> nx.MultiDiGraph:
    import networkx as nx

    G = nx.MultiDiGraph()
    _graph_attrs(G, "influence", data["film"], until)
    kept = []
    for rel in sorted(data["relations"].values(), key=lambda r: r["id"]):
        events = sorted(rel["events"])
        if until is not None and events and events[0] > until:
            continue
        kept.append((rel, [e for e in events if until is None or e <= until]))
    ends = [end for rel, _ in kept for end in (rel["source"], rel["target"])]
    _add_characters(G, data["characters"], until, ends)
    for rel, events in kept:
        G.add_edge(
            rel["source"], rel["target"], key=rel["id"],
            id=rel["id"], iri=rel["iri"], kind=rel["kind"], sign=rel["sign"],
            layer=rel["layer"], directed=rel["directed"], weight=1, events=events,
            firstEvent=events[0] if events else None, evidence=rel["evidence"],
        )
    return G


def influence_graph(store: Any, film: str | None = None, until: int | None = None) -> nx.MultiDiGraph:
    """The typed, signed relations between a film's characters, as a ``MultiDiGraph``.

    Parameters
    ----------
    store
        An :class:`~filmgraph.store.EmbeddedStore` or any object with the same ``select``.
    film
        The film's slug or IRI; None when the store holds one film.
    until
        Keep only what the story has shown by the end of this event (see the module
        notes): relations whose earliest event is at most ``until``, and relations
        tied to no event, which hold from the start.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are character IRIs (``label``, ``type``, ``slug``, ``kind``, ``listed``,
        ``firstEvent``). Each relation is one edge keyed by its stable id (the last
        segment of the relation's IRI), with ``id``, ``iri``, ``kind``, ``sign``,
        ``layer``, ``directed``, ``weight`` (1), ``events`` (sorted indices),
        ``firstEvent`` and ``evidence`` (the quoted text). A symmetric relation
        (``friend_of``, ``romantic``...) is one edge with ``directed=False``.

    Raises
    ------
    NotFoundError
        The store has no such film.

    Examples
    --------
    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> G = influence_graph(store)
    >>> rocky = "https://w3id.org/filmgraph/id/film/mask-1985/character/rocky-dennis"
    >>> G.nodes[rocky]["label"]
    'Rocky Dennis'
    >>> {d["sign"] for *_, d in G.edges(data=True)} <= {-1, 0, 1}
    True
    >>> influence_graph(store, until=1).number_of_edges() < G.number_of_edges()
    True
    """
    _check_until(until)
    return _influence_assemble(_influence_data(store, film_iri(store, film)), until)


# --------------------------------------------------------------------------- co-occurrence


def _cooccurrence_data(store: Any, film: str) -> dict[str, Any]:
    pairs: dict[tuple[str, str], set[int]] = {}
    for r in _select(store, "network-cooccurrence", film):
        a, b = r["a"].value, r["b"].value
        pairs.setdefault((a, b), set()).add(to_python(r["index"]))
    return {"film": film, "characters": _characters(store, film), "pairs": pairs}


def _pair_id(a: str, b: str, what: str) -> str:
    return f"{_local(a, '/character/')}--{what}--{_local(b, '/character/')}"


def _cooccurrence_assemble(data: dict[str, Any], until: int | None) -> nx.Graph:
    import networkx as nx

    G = nx.Graph()
    _graph_attrs(G, "cooccurrence", data["film"], until)
    kept = []
    for (a, b), events in sorted(data["pairs"].items()):
        shown = sorted(e for e in events if until is None or e <= until)
        if shown:
            kept.append((a, b, shown))
    _add_characters(G, data["characters"], until, [x for a, b, _ in kept for x in (a, b)])
    for a, b, shown in kept:
        G.add_edge(a, b, id=_pair_id(a, b, "cooccurs"), kind="cooccurrence", directed=False,
                   weight=len(shown), events=shown, firstEvent=shown[0])
    return G


def cooccurrence_graph(store: Any, film: str | None = None, until: int | None = None) -> nx.Graph:
    """Characters linked when they take part in the same event, weighted by how many they share.

    Parameters
    ----------
    store, film, until
        As for :func:`influence_graph`; with ``until`` only events up to it count.

    Returns
    -------
    networkx.Graph
        Character nodes as in :func:`influence_graph`; edges with ``id``, ``kind``
        (``"cooccurrence"``), ``directed`` (False), ``weight`` (the number of shared
        events), ``events`` and ``firstEvent``.

    Examples
    --------
    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> G = cooccurrence_graph(store)
    >>> all(d["weight"] == len(d["events"]) for *_, d in G.edges(data=True))
    True
    """
    _check_until(until)
    return _cooccurrence_assemble(_cooccurrence_data(store, film_iri(store, film)), until)


# --------------------------------------------------------------------------- places


def _places_data(store: Any, film: str) -> dict[str, Any]:
    links: dict[tuple[str, str], set[int]] = {}
    places: dict[str, str] = {}
    for r in _select(store, "network-places", film):
        c, p = r["character"].value, r["place"].value
        places[p] = r["placeLabel"].value if r.get("placeLabel") is not None else _local(p, "/place/")
        links.setdefault((c, p), set()).add(to_python(r["index"]))
    return {"film": film, "characters": _characters(store, film), "places": places, "links": links}


def _places_assemble(data: dict[str, Any], until: int | None) -> nx.Graph:
    import networkx as nx

    G = nx.Graph()
    _graph_attrs(G, "places", data["film"], until)
    chars = data["characters"]
    for (c, p), events in sorted(data["links"].items()):
        shown = sorted(e for e in events if until is None or e <= until)
        if not shown:
            continue
        if c not in G:
            G.add_node(c, **_node_attrs(chars.get(c) or _unknown(c)), bipartite=0)
        if p not in G:
            first = min(e for (_, q), evs in data["links"].items() if q == p for e in evs)
            G.add_node(p, label=data["places"][p], type="place", slug=_local(p, "/place/"),
                       firstEvent=first, bipartite=1)
        G.add_edge(c, p, id=f"{_local(c, '/character/')}--at--{_local(p, '/place/')}",
                   kind="at_place", directed=False, weight=len(shown), events=shown,
                   firstEvent=shown[0])
    return G


def places_graph(store: Any, film: str | None = None, until: int | None = None) -> nx.Graph:
    """The bipartite graph of characters and the places where they take part in events.

    Parameters
    ----------
    store, film, until
        As for :func:`influence_graph`.

    Returns
    -------
    networkx.Graph
        Character nodes (``type="character"``, ``bipartite=0``) and place nodes
        (``type="place"``, ``bipartite=1``), only those linked by an edge. An edge
        joins a character to the place of an event it takes part in: ``weight`` is
        the number of such events, ``events`` their indices.

    Examples
    --------
    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> G = places_graph(store)
    >>> sorted({d["type"] for _, d in G.nodes(data=True)})
    ['character', 'place']
    """
    _check_until(until)
    return _places_assemble(_places_data(store, film_iri(store, film)), until)


# --------------------------------------------------------------------------- timeline


def _timeline_data(store: Any, film: str) -> dict[str, Any]:
    chars = _characters(store, film)
    events: dict[str, dict[str, Any]] = {}
    for r in _select(store, "network-events", film):
        iri = r["event"].value
        e = events.get(iri)
        if e is None:
            index = to_python(r["index"])
            place = r["place"].value if r.get("place") is not None else None
            e = events[iri] = {
                "index": index,
                "label": r["title"].value if r.get("title") is not None else f"Event {index}",
                "time": r["time"].value if r.get("time") is not None else None,
                "place": place,
                "placeLabel": (r["placeLabel"].value if r.get("placeLabel") is not None
                               else (_local(place, "/place/") if place else None)),
                "participants": {},
            }
        if r.get("participant") is not None:
            who = r["participant"].value
            roles = e["participants"].setdefault(who, set())
            if r.get("role") is not None:
                roles.add(r["role"].value)
    return {"film": film, "characters": chars, "events": events}


def _timeline_assemble(data: dict[str, Any], until: int | None) -> nx.DiGraph:
    import networkx as nx

    G = nx.DiGraph()
    _graph_attrs(G, "timeline", data["film"], until)
    chars = data["characters"]
    ordered = sorted(data["events"].items(), key=lambda kv: kv[1]["index"])
    ordered = [(iri, e) for iri, e in ordered if until is None or e["index"] <= until]
    for iri, e in ordered:
        who = sorted(e["participants"], key=lambda c: (chars.get(c, {}).get("label", c), c))
        G.add_node(
            iri, label=e["label"], type="event", index=e["index"], time=e["time"],
            place=e["place"], placeLabel=e["placeLabel"],
            participants=[chars.get(c, _unknown(c))["label"] for c in who],
            participantIds=who,
            agents=[c for c in who if "agent" in e["participants"][c]],
        )
    for (a, ea), (b, eb) in itertools.pairwise(ordered):
        G.add_edge(a, b, id=f"event-{ea['index']}--next--event-{eb['index']}", kind="next",
                   directed=True, weight=1)
    return G


def timeline_graph(store: Any, film: str | None = None, until: int | None = None) -> nx.DiGraph:
    """The events of a film in story order, each linked to the next.

    Parameters
    ----------
    store, film
        As for :func:`influence_graph`.
    until
        Keep the events up to this index.

    Returns
    -------
    networkx.DiGraph
        Event IRIs as nodes with ``label`` (the title), ``index``, ``time`` (the time
        label or None), ``place`` (IRI), ``placeLabel``, ``participants`` (labels),
        ``participantIds`` (IRIs) and ``agents``; edges ``kind="next"``.

    Examples
    --------
    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> T = timeline_graph(store)
    >>> [d["index"] for _, d in T.nodes(data=True)][:3]
    [1, 2, 3]
    >>> timeline_graph(store, until=2).number_of_nodes()
    2
    """
    _check_until(until)
    return _timeline_assemble(_timeline_data(store, film_iri(store, film)), until)


# --------------------------------------------------------------------------- combined


def _combined_assemble(data: dict[str, Any], until: int | None) -> nx.Graph:
    import networkx as nx

    co = _cooccurrence_assemble(data["cooccurrence"], until)
    inf = _influence_assemble(data["influence"], until)
    G = nx.Graph()
    _graph_attrs(G, "combined", data["film"], until)
    G.add_nodes_from(co.nodes(data=True))
    G.add_nodes_from(inf.nodes(data=True))
    pairs: dict[tuple[str, str], dict[str, Any]] = {}

    def pair(u: str, v: str) -> dict[str, Any]:
        a, b = sorted((u, v))
        return pairs.setdefault((a, b), {"events": [], "relations": [], "kinds": set(), "signs": 0})

    for u, v, d in co.edges(data=True):
        pair(u, v)["events"] = list(d["events"])
    for u, v, d in inf.edges(data=True):
        p = pair(u, v)
        p["relations"].append(d["id"])
        p["kinds"].add(d["kind"])
        p["signs"] += d["sign"]
    for (a, b), p in sorted(pairs.items()):
        G.add_edge(
            a, b, id=_pair_id(a, b, "with"), kind="combined", directed=False,
            weight=len(p["events"]), cooccurrences=len(p["events"]), events=p["events"],
            kinds=sorted(p["kinds"]), relations=sorted(p["relations"]),
            sign=(p["signs"] > 0) - (p["signs"] < 0),
        )
    return G


def combined_graph(store: Any, film: str | None = None, until: int | None = None) -> nx.Graph:
    """Co-occurrence weights and relation kinds in one graph: one edge per pair of characters.

    Parameters
    ----------
    store, film, until
        As for :func:`influence_graph`.

    Returns
    -------
    networkx.Graph
        An edge joins two characters that share an event or are related. ``weight``
        and ``cooccurrences`` count the shared events (0 for a pair that is related
        but never shares an event), ``events`` lists them; ``kinds`` lists the
        relation kinds between the pair, ``relations`` the ids of those relations
        (edge keys of :func:`influence_graph`), and ``sign`` is the sign of the sum of
        their signs.

    Examples
    --------
    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> G = combined_graph(store)
    >>> any(d["kinds"] and d["weight"] for *_, d in G.edges(data=True))
    True
    """
    _check_until(until)
    return _combined_assemble(_combined_data(store, film_iri(store, film)), until)


def _combined_data(store: Any, film: str) -> dict[str, Any]:
    return {"film": film, "cooccurrence": _cooccurrence_data(store, film),
            "influence": _influence_data(store, film)}


_LOADERS = {
    "influence": (_influence_data, _influence_assemble),
    "cooccurrence": (_cooccurrence_data, _cooccurrence_assemble),
    "places": (_places_data, _places_assemble),
    "timeline": (_timeline_data, _timeline_assemble),
    "combined": (_combined_data, _combined_assemble),
}


def _kind(graph: str) -> tuple[Any, Any]:
    try:
        return _LOADERS[graph]
    except KeyError:
        raise ValueError(f"unknown graph {graph!r}; choose one of {', '.join(GRAPH_KINDS)}") from None


def network_graph(store: Any, graph: str, film: str | None = None,
                  until: int | None = None) -> nx.Graph:
    """The graph called ``graph`` (one of :data:`GRAPH_KINDS`) for a film.

    Examples
    --------
    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> network_graph(store, "cooccurrence").graph["graph"]
    'cooccurrence'
    """
    load, assemble = _kind(graph)
    _check_until(until)
    return assemble(load(store, film_iri(store, film)), until)


# --------------------------------------------------------------------------- analysis


def dynamic_metrics(store: Any, film: str | None = None, graph: str = "influence") -> list[dict[str, Any]]:
    """Film metrics after each event: ``[{"until": n, **film_metrics}]`` for n = 0 .. last event.

    The store is read once; each step is the ``until=n`` graph (see the module
    notes), so step 0 holds the relations tied to no event.

    Examples
    --------
    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> steps = dynamic_metrics(store, graph="cooccurrence")
    >>> steps[0]["until"], steps[-1]["until"] == len(steps) - 1
    (0, True)
    >>> steps[-1]["numEdges"] >= steps[1]["numEdges"]
    True
    """
    load, assemble = _kind(graph)
    iri = film_iri(store, film)
    data = load(store, iri)
    last = max((e["index"] for e in _timeline_data(store, iri)["events"].values()), default=0)
    return [{"until": n, **film_metrics(assemble(data, n))} for n in range(last + 1)]


def with_metrics(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose nodes also carry :func:`character_metrics` and a ``community``.

    Examples
    --------
    >>> import networkx as nx
    >>> H = with_metrics(nx.Graph([("a", "b")]))
    >>> sorted(H.nodes["a"])[:3]
    ['betweenness', 'closeness', 'community']
    """
    H = G.copy()
    metrics = character_metrics(G)
    parts = communities(G)
    for node, values in metrics.items():
        H.nodes[node].update(values)
        H.nodes[node]["community"] = parts.get(node, 0)
    return H


def influence_ranking(store: Any, film: str | None = None, by: str = "pagerank",
                      top: int | None = None) -> list[dict[str, Any]]:
    """Characters ranked by influence: ``[{"character", "iri", "score", "in", "out"}]``, best first.

    Parameters
    ----------
    store, film
        As for :func:`influence_graph`.
    by
        ``"pagerank"`` (relations point from influencer to influenced, so PageRank
        ranks who is most acted upon), ``"out"`` (how many relations a character
        starts), ``"in"``, ``"degree"``, ``"betweenness"`` or ``"eigenvector"``.
    top
        Keep the first ``top`` characters.

    Examples
    --------
    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> [r["character"] for r in influence_ranking(store, by="pagerank", top=1)]
    ['Rocky Dennis']
    """
    if by not in RANK_BY:
        raise ValueError(f"cannot rank by {by!r}; choose one of {', '.join(RANK_BY)}")
    if top is not None and top < 0:
        raise ValueError(f"top must be a non-negative integer, not {top!r}")
    G = influence_graph(store, film)
    metrics = character_metrics(G)
    field = {"in": "inDegree", "out": "outDegree"}.get(by, by)
    rows = [
        {
            "character": G.nodes[n].get("label", n),
            "iri": n,
            "score": m[field],
            "in": m["inDegree"],
            "out": m["outDegree"],
        }
        for n, m in metrics.items()
    ]
    rows.sort(key=lambda r: (-r["score"], r["character"], r["iri"]))
    return rows[:top] if top is not None else rows


def resolve_character(G: nx.Graph, name: str) -> str:
    """The node of ``G`` a user means by ``name``: its IRI, slug, label or a unique word of the label.

    Raises :class:`~filmgraph.errors.NotFoundError` naming the characters when none
    or several match.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("http://x/character/rocky-dennis", label="Rocky Dennis", slug="rocky-dennis")
    >>> G.add_node("http://x/character/rusty-dennis", label="Rusty Dennis", slug="rusty-dennis")
    >>> resolve_character(G, "rocky")
    'http://x/character/rocky-dennis'
    """
    from filmgraph.errors import NotFoundError

    chars = {n: d for n, d in G.nodes(data=True) if d.get("type", "character") == "character"}
    wanted = " ".join(name.split()).casefold()
    if name in chars:
        return name
    for test in (
        lambda n, d: str(d.get("slug", "")).casefold() == wanted,
        lambda n, d: str(d.get("label", "")).casefold() == wanted,
        lambda n, d: wanted in str(d.get("label", "")).casefold().split(),
        lambda n, d: str(d.get("label", "")).casefold().startswith(wanted),
    ):
        found = sorted(n for n, d in chars.items() if test(n, d))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(str(chars[n].get("label", n)) for n in found)
            raise NotFoundError(f"{name!r} could mean several characters: {names}")
    names = ", ".join(sorted(str(d.get("label", n)) for n, d in chars.items()))
    raise NotFoundError(f"no character {name!r} in the film (characters: {names})")
