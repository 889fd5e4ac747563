"""Metrics of character networks, with the names drama-network research uses (DraCor).

Every function takes a networkx graph first and returns plain Python values:
``dict`` by node, or a ``dict`` of film-level numbers. They work on any of the
graphs :mod:`filmgraph.network` builds (and on any other networkx graph).

Structural metrics (degree, density, paths, clustering, betweenness, closeness,
eigenvector, communities) are computed on the *undirected simple projection*:
one edge per connected pair, its weight the sum of the weights of the edges
between the pair. PageRank and in/out degree keep direction; an edge whose
``directed`` attribute is False (``friend_of``, ``romantic``...) counts both ways.

Examples
--------
>>> import networkx as nx
>>> G = nx.path_graph(4)
>>> m = film_metrics(G)
>>> m["size"], m["numEdges"], m["diameter"], m["maxDegree"]
(4, 3, 3, 2)
>>> round(character_metrics(G)[1]["betweenness"], 3)
0.667
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CHARACTER_METRICS",
    "FILM_METRICS",
    "balanced_triads_share",
    "character_metrics",
    "communities",
    "directed_projection",
    "film_metrics",
    "signed_pairs",
    "undirected_projection",
]

#: The film-level metrics, in the order they are printed.
FILM_METRICS: tuple[str, ...] = (
    "size",
    "numEdges",
    "density",
    "diameter",
    "averageClustering",
    "averagePathLength",
    "averageDegree",
    "maxDegree",
    "numConnectedComponents",
)
#: The per-character metrics, in the order they are printed.
CHARACTER_METRICS: tuple[str, ...] = (
    "degree",
    "weightedDegree",
    "inDegree",
    "outDegree",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
)


def _weight(data: dict[str, Any]) -> float:
    w = data.get("weight", 1)
    return w if isinstance(w, int | float) and not isinstance(w, bool) else 1


def undirected_projection(G: nx.Graph) -> nx.Graph:
    """One undirected edge per connected pair, weighted by the sum of the pair's edge weights.

    Node attributes are kept; self-loops are dropped.

    Examples
    --------
    >>> import networkx as nx
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", weight=1); _ = M.add_edge("b", "a", weight=2)
    >>> P = undirected_projection(M)
    >>> P.number_of_edges(), P["a"]["b"]["weight"]
    (1, 3)
    """
    import networkx as nx

    P = nx.Graph()
    P.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        w = _weight(data)
        if P.has_edge(u, v):
            P[u][v]["weight"] += w
        else:
            P.add_edge(u, v, weight=w)
    return P


def directed_projection(G: nx.Graph) -> nx.DiGraph:
    """A simple weighted DiGraph: parallel edges summed, undirected edges (``directed=False``) both ways.

    An undirected input graph gives every edge both ways.

    Examples
    --------
    >>> import networkx as nx
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", directed=False)
    >>> sorted(directed_projection(M).edges())
    [('a', 'b'), ('b', 'a')]
    """
    import networkx as nx

    D = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    directed_graph = G.is_directed()
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        w = _weight(data)
        pairs = [(u, v)]
        if not directed_graph or data.get("directed") is False:
            pairs.append((v, u))
        for a, b in pairs:
            if D.has_edge(a, b):
                D[a][b]["weight"] += w
            else:
                D.add_edge(a, b, weight=w)
    return D


def film_metrics(G: nx.Graph) -> dict[str, Any]:
    """Film-level metrics of a network, named as DraCor names them.

    All are computed on :func:`undirected_projection` of ``G``: ``numEdges``
    counts connected pairs (parallel relations between one pair count once).
    ``diameter`` and ``averagePathLength`` are those of the largest connected
    component (None when the graph has no edge).

    Parameters
    ----------
    G : networkx graph
        Any graph; directed and multi-graphs are projected first.

    Returns
    -------
    dict
        ``size``, ``numEdges``, ``density``, ``diameter``, ``averageClustering``,
        ``averagePathLength``, ``averageDegree``, ``maxDegree``,
        ``numConnectedComponents``.

    Examples
    --------
    >>> import networkx as nx
    >>> m = film_metrics(nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e")]))
    >>> m["size"], m["numEdges"], m["numConnectedComponents"], m["diameter"]
    (5, 4, 2, 1)
    >>> film_metrics(nx.Graph())["diameter"] is None
    True
    """
    import networkx as nx

    P = undirected_projection(G)
    n, e = P.number_of_nodes(), P.number_of_edges()
    degrees = [d for _, d in P.degree()]
    out: dict[str, Any] = {
        "size": n,
        "numEdges": e,
        "density": nx.density(P) if n > 1 else 0.0,
        "diameter": None,
        "averageClustering": nx.average_clustering(P) if n else 0.0,
        "averagePathLength": None,
        "averageDegree": (2 * e / n) if n else 0.0,
        "maxDegree": max(degrees) if degrees else 0,
        "numConnectedComponents": nx.number_connected_components(P) if n else 0,
    }
    if e:
        largest = max(nx.connected_components(P), key=lambda c: (len(c), sorted(map(str, c))))
        core = P.subgraph(largest)
        out["diameter"] = nx.diameter(core)
        out["averagePathLength"] = nx.average_shortest_path_length(core)
    return out


def _eigenvector(P: nx.Graph) -> dict[Any, float]:
    import networkx as nx

    if P.number_of_edges() == 0:
        return dict.fromkeys(P, 0.0)
    try:
        return nx.eigenvector_centrality(P, max_iter=1000, weight="weight")
    except nx.PowerIterationFailedConvergence:
        pass
    try:
        return nx.eigenvector_centrality_numpy(P, weight="weight")
    except (nx.NetworkXException, ValueError, ArithmeticError):
        # Neither method settles (some disconnected or bipartite graphs): no ranking.
        return dict.fromkeys(P, 0.0)


def character_metrics(G: nx.Graph) -> dict[Any, dict[str, Any]]:
    """Per-node metrics: degree, weightedDegree, in/out degree, betweenness, closeness, eigenvector, pagerank.

    ``degree`` counts distinct neighbours; ``weightedDegree`` sums the weights of
    every edge at the node (each relation counts). ``inDegree``/``outDegree``
    count edges in and out, an undirected relation both ways; on an undirected
    graph both equal ``degree``. Betweenness (normalised), closeness and
    eigenvector centrality use the undirected projection (eigenvector weighted;
    when power iteration does not converge a dense solver is tried, then 0.0).
    PageRank follows direction on directed graphs.

    Parameters
    ----------
    G : networkx graph

    Returns
    -------
    dict
        ``{node: {metric: value}}``.

    Examples
    --------
    >>> import networkx as nx
    >>> D = nx.MultiDiGraph([("a", "c"), ("b", "c")])
    >>> m = character_metrics(D)
    >>> m["c"]["inDegree"], m["c"]["outDegree"], m["a"]["degree"]
    (2, 0, 1)
    >>> max(m, key=lambda n: m[n]["pagerank"])
    'c'
    """
    import networkx as nx

    P = undirected_projection(G)
    D = directed_projection(G)
    if G.number_of_nodes() == 0:
        return {}
    betweenness = nx.betweenness_centrality(P)
    closeness = nx.closeness_centrality(P)
    eigen = _eigenvector(P)
    pagerank = nx.pagerank(D if G.is_directed() else P, weight="weight")
    out: dict[Any, dict[str, Any]] = {}
    for node in G.nodes:
        if G.is_directed():
            ins = outs = 0
            for _, _, data in G.in_edges(node, data=True):
                ins += 1
                if data.get("directed") is False:
                    outs += 1
            for _, _, data in G.out_edges(node, data=True):
                outs += 1
                if data.get("directed") is False:
                    ins += 1
        else:
            ins = outs = P.degree(node)
        weighted = sum(_weight(d) for *_, d in G.edges(node, data=True))
        if G.is_directed():
            weighted += sum(_weight(d) for *_, d in G.in_edges(node, data=True))
        out[node] = {
            "degree": P.degree(node),
            "weightedDegree": weighted,
            "inDegree": ins,
            "outDegree": outs,
            "betweenness": betweenness.get(node, 0.0),
            "closeness": closeness.get(node, 0.0),
            "eigenvector": eigen.get(node, 0.0),
            "pagerank": pagerank.get(node, 0.0),
        }
    return out


def communities(G: nx.Graph, *, seed: int = 42) -> dict[Any, int]:
    """Louvain communities of the weighted undirected projection, as ``{node: community}``.

    Communities are numbered from 0, largest first (ties by their first node); the
    fixed ``seed`` makes the result repeatable.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> parts = communities(G)
    >>> parts["a"] == parts["b"] == parts["c"], parts["a"] != parts["x"]
    (True, True)
    """
    import networkx as nx

    P = undirected_projection(G)
    if P.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(P, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    return {node: i for i, group in enumerate(ordered) for node in group}


def signed_pairs(G: nx.Graph) -> dict[frozenset[Any], int]:
    """The sign of each connected pair: the sign of the sum of its non-zero edge signs.

    Edges without a ``sign`` or with sign 0 (family ties) are ignored; a pair whose
    positive and negative edges cancel out is left out, being neither friend nor foe.

    Examples
    --------
    >>> import networkx as nx
    >>> M = nx.MultiGraph()
    >>> _ = M.add_edge("a", "b", sign=1); _ = M.add_edge("a", "b", sign=0)
    >>> signed_pairs(M)[frozenset({"a", "b"})]
    1
    """
    totals: dict[frozenset[Any], int] = {}
    for u, v, data in G.edges(data=True):
        sign = data.get("sign")
        if u == v or not isinstance(sign, int) or sign == 0:
            continue
        key = frozenset((u, v))
        totals[key] = totals.get(key, 0) + (1 if sign > 0 else -1)
    return {k: (1 if s > 0 else -1) for k, s in totals.items() if s != 0}


def balanced_triads_share(G: nx.Graph) -> float | None:
    """The share of balanced triads among the signed triangles of ``G``.

    A triad is three characters each pair of which has a non-zero sign (see
    :func:`signed_pairs`); it is balanced when the product of the three signs is
    positive (friends of friends are friends; the enemy of a friend is an enemy).
    None when ``G`` has no signed triangle.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("rocky", "rusty", sign=1)
    >>> G.add_edge("rusty", "simms", sign=-1)
    >>> G.add_edge("simms", "rocky", sign=-1)
    >>> balanced_triads_share(G)
    1.0
    >>> G["rocky"]["rusty"]["sign"] = -1
    >>> balanced_triads_share(G)
    0.0
    """
    import itertools

    pairs = signed_pairs(G)
    neighbours: dict[Any, set[Any]] = {}
    for pair in pairs:
        a, b = tuple(pair)
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    order = {n: i for i, n in enumerate(sorted(neighbours, key=str))}
    total = balanced = 0
    for a in neighbours:
        for b, c in itertools.combinations(sorted(neighbours[a], key=str), 2):
            if not (order[a] < order[b] and order[a] < order[c]):
                continue  # count each triangle once, from its first node
            if c not in neighbours[b]:
                continue
            total += 1
            product = pairs[frozenset((a, b))] * pairs[frozenset((b, c))] * pairs[frozenset((a, c))]
            balanced += product > 0
    return balanced / total if total else None
