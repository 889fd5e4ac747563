"""Write character networks for Gephi, Cytoscape, igraph, Graphviz, pandas and NetworkX.

Formats (:data:`FORMATS`):

- ``graphml``: one typed key per attribute (``infer_numeric_types``); Gephi takes
  the ``label`` key as the label; Cytoscape desktop and igraph read it.
- ``gexf``: GEXF 1.3, for Gephi.
- ``json``: networkx node-link JSON (``nodes``, ``edges``), values unencoded.
- ``cytoscape``: Cytoscape.js JSON: ``elements.nodes[].data.{id,label,...}`` and
  ``elements.edges[].data.{id,source,target,...}``.
- ``csv``: Gephi's spreadsheet import: ``nodes.csv`` (``Id,Label,Type,...``) and
  ``edges.csv`` (``Source,Target,Type,Weight,Id,Kind,Sign,...``, ``Type`` being
  ``Directed`` or ``Undirected``).
- ``dot``: Graphviz, every name and value quoted.

Nodes carry their id, ``label``, ``type`` and (unless ``metrics=False``) the
metrics of :func:`filmgraph.network.with_metrics`; edges their stable ``id``,
``kind``, ``sign``, ``weight``, ``directed``, ``events`` and ``evidence``.
Parallel relations between one pair stay separate edges.

For GraphML, GEXF, CSV and DOT, values those formats cannot hold are encoded
(:func:`encoded`): a list or dict becomes JSON text, None is left out (an absent
value), and characters XML 1.0 forbids (control characters other than tab, line
feed and carriage return) are removed, so the output is always well-formed.
Files are written atomically: an interrupted export leaves no half-written file,
and an existing file stays as it was if the export fails.

Examples
--------
>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="<Rocky>", type="character")
>>> G.add_node("b", label="Rusty", type="character")
>>> _ = G.add_edge("b", "a", key="b-a", id="b-a", kind="supports", sign=1, events=[2])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
>>> _ = export(G, "graphml", path, metrics=False)
>>> H = nx.read_graphml(path, force_multigraph=True)
>>> H.nodes["a"]["label"], H.edges["b", "a", "b-a"]["events"]
('<Rocky>', '[2]')
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filmgraph.errors import ExportError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "clean_text",
    "csv_paths",
    "encoded",
    "encoded_graph",
    "export",
    "to_bytes",
    "to_cytoscape",
    "to_dot",
]

#: The formats :func:`export` writes.
FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "cytoscape", "csv", "dot")
#: The usual file suffix of each format.
SUFFIXES: dict[str, str] = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "json": ".json",
    "cytoscape": ".cyjs",
    "csv": "",
    "dot": ".dot",
}

# Characters XML 1.0 does not allow, plus DEL and the C1 controls (legal but invisible trouble).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Remove the characters an XML file cannot hold (and other control characters).

    >>> clean_text("Bell\\x07 and\\x0b tab\\tok")
    'Bell and tab\\tok'
    """
    return _BAD_CHARS.sub("", value)


def _plain(value: Any) -> Any:
    """A JSON-ready value: sets and tuples as lists, numpy scalars as Python numbers."""
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


def encoded(value: Any) -> Any:
    """The value as GraphML, GEXF, CSV and DOT carry it: scalars kept, lists and dicts as JSON, None as None.

    Strings lose the characters XML cannot hold.

    >>> encoded([1, 2]), encoded("a\\x01b"), encoded(3), encoded(None)
    ('[1, 2]', 'ab', 3, None)
    """
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, list | dict):
        return clean_text(json.dumps(value, ensure_ascii=False))
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool | int | float):
        return value
    return clean_text(str(value))


def _encoded_attrs(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in data.items():
        e = encoded(v)
        if e is not None:
            out[clean_text(str(k))] = e
    return out


def encoded_graph(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` with string node ids and every attribute encoded (see :func:`encoded`)."""
    H = G.__class__()
    H.graph.update(_encoded_attrs(G.graph))
    ids = {n: clean_text(str(n)) for n in G.nodes}
    if len(set(ids.values())) != len(ids):
        raise ExportError("two nodes have the same id once written as text")
    for n, d in G.nodes(data=True):
        H.add_node(ids[n], **_encoded_attrs(d))
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            attrs = _encoded_attrs(d)
            key = clean_text(str(attrs.get("id", k)))
            attrs.setdefault("id", key)
            H.add_edge(ids[u], ids[v], key=key, **attrs)
    else:
        for u, v, d in G.edges(data=True):
            attrs = _encoded_attrs(d)
            attrs.setdefault("id", f"{ids[u]}--{ids[v]}")
            H.add_edge(ids[u], ids[v], **attrs)
    return H


def _with_metrics(G: nx.Graph, metrics: bool) -> nx.Graph:
    if not metrics:
        return G
    from filmgraph.network import with_metrics

    return with_metrics(G)


# --------------------------------------------------------------------------- writers


def _graphml(G: nx.Graph) -> bytes:
    import networkx as nx

    buf = io.BytesIO()
    nx.write_graphml_xml(encoded_graph(G), buf, infer_numeric_types=True, named_key_ids=True,
                         edge_id_from_attribute="id")
    return buf.getvalue()


def _gexf(G: nx.Graph) -> bytes:
    import networkx as nx

    H = encoded_graph(G)
    # networkx gives "type" on an edge the meaning of GEXF's edge type. It writes a
    # multigraph's key (our edge id) as ``networkx_key`` and reads it back as the key.
    for *_, d in H.edges(data=True):
        if "type" in d:
            d["edgeType"] = d.pop("type")
    buf = io.BytesIO()
    nx.write_gexf(H, buf, version="1.3")
    return buf.getvalue()


def _node_link(G: nx.Graph) -> bytes:
    import networkx as nx

    data = nx.node_link_data(G, edges="edges")
    return (json.dumps(_plain(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_cytoscape(G: nx.Graph) -> dict[str, Any]:
    """Cytoscape.js JSON: ``{"data", "directed", "multigraph", "elements": {"nodes", "edges"}}``.

    Every edge has an ``id``: its own ``id`` attribute, else its key in a
    multigraph, else ``source--target``.

    >>> import networkx as nx
    >>> cy = to_cytoscape(nx.Graph([("a", "b")]))
    >>> cy["elements"]["edges"][0]["data"]
    {'id': 'a--b', 'source': 'a', 'target': 'b'}
    """
    nodes = []
    for n, d in G.nodes(data=True):
        data = {"id": str(n), "label": str(d.get("label", n))}
        data.update({k: _plain(v) for k, v in d.items() if k not in ("id", "label")})
        nodes.append({"data": data})
    edges = []
    seen: set[str] = set()
    rows = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, k, d in rows:
        eid = str(d.get("id") or (k if k is not None else f"{u}--{v}"))
        if eid in seen:
            raise ExportError(f"two edges have the id {eid!r}")
        seen.add(eid)
        data = {"id": eid, "source": str(u), "target": str(v)}
        data.update({key: _plain(val) for key, val in d.items() if key not in ("id", "source", "target")})
        edges.append({"data": data})
    return {
        "format_version": "1.0",
        "generated_by": "filmgraph",
        "target_cytoscapejs_version": "~3",
        "data": _plain(dict(G.graph)),
        "directed": G.is_directed(),
        "multigraph": G.is_multigraph(),
        "elements": {"nodes": nodes, "edges": edges},
    }


def _cytoscape(G: nx.Graph) -> bytes:
    return (json.dumps(to_cytoscape(G), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# Graphviz gives these names a meaning of its own; our attributes of the same name get a prefix.
_DOT_RESERVED = frozenset({
    "layer", "layers", "pos", "width", "height", "shape", "color", "style", "group", "rank",
    "size", "root", "dir", "class", "href", "url", "target", "tooltip", "xlabel", "charset",
})


def _dot_id(value: Any) -> str:
    text = clean_text(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if text.endswith("\\"):
        # A backslash right before the closing quote would escape it.
        text += " "
    return f'"{text}"'


def _dot_value(value: Any) -> str | None:
    e = encoded(value)
    if e is None:
        return None
    if isinstance(e, bool):
        e = "true" if e else "false"
    return _dot_id(e)


def _dot_attrs(data: dict[str, Any], extra: dict[str, str] | None = None) -> str:
    parts = []
    for k, v in data.items():
        name = f"fg_{k}" if k in _DOT_RESERVED else k
        text = _dot_value(v)
        if text is not None:
            parts.append(f"{_dot_id(name)}={text}")
    for k, v in (extra or {}).items():
        parts.append(f"{_dot_id(k)}={_dot_id(v)}")
    return f" [{', '.join(parts)}]" if parts else ""


def to_dot(G: nx.Graph) -> str:
    """The graph in the DOT language, every name and value quoted.

    Undirected edges of a directed graph (``directed=False``) get ``dir="none"``;
    attributes whose names Graphviz reserves (``layer``...) are written ``fg_layer``.

    >>> import networkx as nx
    >>> print(to_dot(nx.DiGraph([("a", 'b"c')])), end="")
    digraph "network" {
      "a";
      "b\\"c";
      "a" -> "b\\"c";
    }
    """
    directed = G.is_directed()
    arrow = "->" if directed else "--"
    name = G.graph.get("name") or "network"
    lines = [f"{'digraph' if directed else 'graph'} {_dot_id(name)} {{"]
    graph_attrs = {k: v for k, v in G.graph.items() if k != "name"}
    if graph_attrs:
        lines.append(f"  graph{_dot_attrs(graph_attrs)};")
    for n, d in G.nodes(data=True):
        lines.append(f"  {_dot_id(n)}{_dot_attrs(d)};")
    rows = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, k, d in rows:
        data = dict(d)
        if k is not None and "id" not in data:
            data["id"] = k
        extra = {"dir": "none"} if directed and d.get("directed") is False else None
        lines.append(f"  {_dot_id(u)} {arrow} {_dot_id(v)}{_dot_attrs(data, extra)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot(G: nx.Graph) -> bytes:
    return to_dot(G).encode("utf-8")


def _csv_value(value: Any) -> str:
    e = encoded(value)
    if e is None:
        return ""
    if isinstance(e, bool):
        return "true" if e else "false"
    return str(e)


def _csv_tables(G: nx.Graph) -> tuple[bytes, bytes]:
    node_keys = sorted({k for _, d in G.nodes(data=True) for k in d} - {"label", "type"})
    nbuf = io.StringIO()
    w = csv.writer(nbuf, lineterminator="\n")
    w.writerow(["Id", "Label", "Type", *node_keys])
    for n, d in G.nodes(data=True):
        w.writerow([_csv_value(str(n)), _csv_value(d.get("label", n)), _csv_value(d.get("type")),
                    *(_csv_value(d.get(k)) for k in node_keys)])
    fixed = {"id": "Id", "kind": "Kind", "sign": "Sign", "weight": "Weight", "type": "EdgeType"}
    edge_keys = sorted({k for *_, d in G.edges(data=True) for k in d} - set(fixed))
    ebuf = io.StringIO()
    w = csv.writer(ebuf, lineterminator="\n")
    w.writerow(["Source", "Target", "Type", "Weight", "Id", "Kind", "Sign", "EdgeType", *edge_keys])
    rows = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, k, d in rows:
        directed = G.is_directed() and d.get("directed") is not False
        eid = d.get("id") or (k if k is not None else f"{u}--{v}")
        w.writerow([
            _csv_value(str(u)), _csv_value(str(v)), "Directed" if directed else "Undirected",
            _csv_value(d.get("weight", 1)), _csv_value(eid), _csv_value(d.get("kind")),
            _csv_value(d.get("sign")), _csv_value(d.get("type")),
            *(_csv_value(d.get(key)) for key in edge_keys),
        ])
    return nbuf.getvalue().encode("utf-8"), ebuf.getvalue().encode("utf-8")


_WRITERS = {
    "graphml": _graphml,
    "gexf": _gexf,
    "json": _node_link,
    "cytoscape": _cytoscape,
    "dot": _dot,
}


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def to_bytes(G: nx.Graph, fmt: str, *, metrics: bool = True) -> bytes:
    """The graph in one of the single-file formats (every format but ``csv``).

    Examples
    --------
    >>> import networkx as nx
    >>> b"<gexf" in to_bytes(nx.path_graph(2), "gexf", metrics=False)
    True
    """
    _check_format(fmt)
    if fmt == "csv":
        raise ExportError("the csv export is two files (nodes.csv, edges.csv): give it a folder")
    return _WRITERS[fmt](_with_metrics(G, metrics))


def csv_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Where the csv export writes: ``PATH/nodes.csv`` and ``PATH/edges.csv``, or beside ``PATH.csv``.

    A path ending in ``.csv`` is a prefix (``out/mask.csv`` gives
    ``out/mask.nodes.csv`` and ``out/mask.edges.csv``); any other path is a folder.

    >>> [p.as_posix() for p in csv_paths("out/mask")]
    ['out/mask/nodes.csv', 'out/mask/edges.csv']
    >>> [p.as_posix() for p in csv_paths("out/mask.csv")]
    ['out/mask.nodes.csv', 'out/mask.edges.csv']
    """
    p = Path(path)
    if p.suffix.lower() == ".csv" and not p.is_dir():
        return p.with_name(p.stem + ".nodes.csv"), p.with_name(p.stem + ".edges.csv")
    return p / "nodes.csv", p / "edges.csv"


def export(G: nx.Graph, fmt: str, path: str | os.PathLike[str], *, metrics: bool = True) -> list[Path]:
    """Write ``G`` to ``path`` in format ``fmt``, atomically; return the files written.

    Parameters
    ----------
    G : networkx graph
        A graph from :mod:`filmgraph.network` (or any networkx graph).
    fmt : str
        One of :data:`FORMATS`.
    path : path-like
        The file to write; for ``csv`` a folder (created if missing) or a ``.csv``
        prefix (see :func:`csv_paths`).
    metrics : bool
        Add the per-character metrics and communities to the nodes first.

    Returns
    -------
    list of Path

    Raises
    ------
    ExportError
        ``path`` is a folder (for a single-file format), its folder does not exist,
        or it cannot be written. An existing file is then left as it was.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in export(nx.path_graph(3), "csv", d / "net")]
    ['nodes.csv', 'edges.csv']
    >>> export(nx.path_graph(3), "dot", d)
    Traceback (most recent call last):
    ...
    filmgraph.errors.ExportError: ... is a folder, not a file
    """
    from filmgraph.fileio import atomic_write

    _check_format(fmt)
    if fmt != "csv":
        target = Path(path)
        if target.is_dir():
            raise ExportError(f"{target}: is a folder, not a file")
        atomic_write(target, to_bytes(G, fmt, metrics=metrics))
        return [target]
    nodes_path, edges_path = csv_paths(path)
    folder = nodes_path.parent
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file, not a folder")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise ExportError(f"{folder}: the folder {folder.parent} does not exist")
        try:
            folder.mkdir()
        except OSError as exc:
            raise ExportError(f"{folder}: cannot create the folder ({exc.strerror})") from None
    nodes, edges = _csv_tables(_with_metrics(G, metrics))
    for target in (nodes_path, edges_path):
        if target.is_dir():
            raise ExportError(f"{target}: is a folder, not a file")
    atomic_write(nodes_path, nodes)
    atomic_write(edges_path, edges)
    return [nodes_path, edges_path]
