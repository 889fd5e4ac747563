"""Every export read back by the reader of the tool it is for, and compared with its graph."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from _network_data import HOSTILE, hostile, mask_truth, store_of
from filmgraph.errors import ExportError
from filmgraph.export import FORMATS, encoded, encoded_graph, export, to_bytes
from filmgraph.network import network_graph, with_metrics

GRAPHS = ("influence", "cooccurrence", "places", "combined")
CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="module")
def stores():
    return {"mask": store_of(mask_truth()), "hostile": store_of(hostile())}


@pytest.fixture(scope="module", params=[(s, g) for s in ("mask", "hostile") for g in GRAPHS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def graph(request, stores):
    which, kind = request.param
    G = with_metrics(network_graph(stores[which], kind))
    assert G.number_of_edges() > 0
    return G


def _edges(G):
    """{edge id: (source, target, attrs)} whatever the graph class."""
    rows = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    out = {}
    for u, v, k, d in rows:
        eid = d.get("id", k)
        assert eid not in out, f"duplicate edge id {eid}"
        out[eid] = (u, v, d)
    return out


def _same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a == pytest.approx(b, rel=1e-9, abs=1e-12)
    return a == b


def _assert_same_pair(expected_u, expected_v, u, v, undirected):
    if undirected:
        assert {expected_u, expected_v} == {u, v}
    else:
        assert (expected_u, expected_v) == (u, v)


def assert_round_trip(E, H, *, ignore=frozenset()):
    """H (read back) holds every node, edge and attribute of E (the encoded graph), equal."""
    assert set(H.nodes) == set(E.nodes)
    for n, d in E.nodes(data=True):
        got = H.nodes[n]
        for key, value in d.items():
            assert key in got, f"node {n}: lost attribute {key}"
            assert _same(got[key], value), (n, key, got[key], value)
    e_edges, h_edges = _edges(E), _edges(H)
    assert set(h_edges) == set(e_edges)
    for eid, (u, v, d) in e_edges.items():
        hu, hv, hd = h_edges[eid]
        _assert_same_pair(u, v, hu, hv, not E.is_directed())
        for key, value in d.items():
            if key in ignore:
                continue
            assert key in hd, f"edge {eid}: lost attribute {key}"
            assert _same(hd[key], value), (eid, key, hd[key], value)


def test_graphml_round_trip(graph, tmp_path):
    path = tmp_path / "g.graphml"
    export(graph, "graphml", path, metrics=False)
    ET.parse(path)  # well-formed XML
    H = nx.read_graphml(path, force_multigraph=graph.is_multigraph())
    assert H.is_directed() == graph.is_directed()
    assert_round_trip(encoded_graph(graph), H)
    # one typed key per attribute name and domain
    keys = ET.parse(path).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    seen = [(k.get("attr.name"), k.get("for")) for k in keys]
    assert len(seen) == len(set(seen))
    assert ("label", "node") in seen


def test_graphml_decodes_to_the_original_values(stores, tmp_path):
    G = network_graph(stores["mask"], "influence")
    path = tmp_path / "g.graphml"
    export(G, "graphml", path)
    H = nx.read_graphml(path, force_multigraph=True)
    for u, v, k, d in G.edges(keys=True, data=True):
        got = H.edges[u, v, k]
        assert json.loads(got["events"]) == d["events"]
        assert got["sign"] == d["sign"] and got["kind"] == d["kind"]
        assert got["directed"] is d["directed"]
    # the metrics are on the nodes
    assert all("pagerank" in d and "community" in d for _, d in H.nodes(data=True))


def test_gexf_round_trip(graph, tmp_path):
    path = tmp_path / "g.gexf"
    export(graph, "gexf", path, metrics=False)
    root = ET.parse(path).getroot()
    assert root.get("version") == "1.3"
    H = nx.read_gexf(path, version="1.3")
    assert H.is_directed() == graph.is_directed()
    E = encoded_graph(graph)
    if graph.is_multigraph():
        # the key comes back as the key; parallel relations stay apart
        assert sorted(k for *_, k in H.edges(keys=True)) == sorted(k for *_, k in E.edges(keys=True))
    H2 = nx.MultiDiGraph(H) if graph.is_multigraph() else H
    assert_round_trip(E, H2)


def test_node_link_json_round_trip(graph, tmp_path):
    path = tmp_path / "g.json"
    export(graph, "json", path, metrics=False)
    data = json.loads(path.read_text(encoding="utf-8"))
    H = nx.node_link_graph(data, edges="edges")
    assert H.is_multigraph() == graph.is_multigraph()
    assert_round_trip(graph, H)  # JSON carries lists and None as they are


def test_cytoscape_json(graph, tmp_path):
    path = tmp_path / "g.cyjs"
    export(graph, "cytoscape", path, metrics=False)
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    edges = {e["data"]["id"]: e["data"] for e in data["elements"]["edges"]}
    assert set(nodes) == set(graph.nodes)
    for n, d in graph.nodes(data=True):
        assert nodes[n]["label"] == d["label"]
        for key, value in d.items():
            assert _same(nodes[n][key], value)
    expected = _edges(graph)
    assert set(edges) == set(expected)
    for eid, (u, v, d) in expected.items():
        assert (edges[eid]["source"], edges[eid]["target"]) == (u, v)
        for key, value in d.items():
            assert _same(edges[eid][key], value), (eid, key)
    # every edge id is unique and every endpoint is a node
    assert len(edges) == len(data["elements"]["edges"])
    assert all(e["source"] in nodes and e["target"] in nodes for e in edges.values())


def test_csv_for_gephi(graph, tmp_path):
    paths = export(graph, "csv", tmp_path / "out", metrics=False)
    assert [p.name for p in paths] == ["nodes.csv", "edges.csv"]
    with paths[0].open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with paths[1].open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames[:7] == ["Source", "Target", "Type", "Weight", "Id", "Kind", "Sign"]
        edges = list(reader)
    assert list(nodes[0])[:3] == ["Id", "Label", "Type"]
    E = encoded_graph(graph)

    def text(value):
        return "" if value is None else ("true" if value is True else "false" if value is False else str(value))

    by_id = {row["Id"]: row for row in nodes}
    assert set(by_id) == set(E.nodes)
    for n, d in E.nodes(data=True):
        row = by_id[n]
        assert row["Label"] == d["label"] and row["Type"] == d["type"]
        for key, value in d.items():
            if key not in ("label", "type"):
                assert row[key] == text(value), (n, key)
    rows = {row["Id"]: row for row in edges}
    expected = _edges(E)
    assert set(rows) == set(expected) and len(rows) == len(edges)
    column = {"weight": "Weight", "kind": "Kind", "sign": "Sign", "id": "Id"}
    for eid, (u, v, d) in expected.items():
        row = rows[eid]
        assert (row["Source"], row["Target"]) == (u, v)
        directed = graph.is_directed() and d.get("directed") is not False
        assert row["Type"] == ("Directed" if directed else "Undirected")
        for key, value in d.items():
            assert row[column.get(key, key)] == text(value), (eid, key)


def _dot_unescape(text):
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append({"n": "\n", "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _dot_available():
    if shutil.which("dot"):
        return True
    if CI:
        pytest.fail("Graphviz's dot is not installed (CI installs it with apt-get install graphviz)")
    pytest.skip("Graphviz's dot is not installed")


def test_dot_renders_and_reads_back(graph, tmp_path):
    _dot_available()
    path = tmp_path / "g.dot"
    export(graph, "dot", path, metrics=False)
    svg = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, check=False)
    assert svg.returncode == 0, svg.stderr.decode()
    ET.fromstring(svg.stdout)  # the SVG Graphviz made is well-formed
    back = subprocess.run(["dot", "-Tjson0", str(path)], capture_output=True, check=True)
    data = json.loads(back.stdout)
    assert (data["directed"] is True) == graph.is_directed()
    E = encoded_graph(graph)
    objects = data.get("objects", [])
    names = {o["_gvid"]: o["name"] for o in objects}
    assert set(names.values()) == set(E.nodes)
    for o in objects:
        d = E.nodes[o["name"]]
        for key, value in d.items():
            name = f"fg_{key}" if key == "layer" else key
            got = _dot_unescape(o[name])
            want = "true" if value is True else "false" if value is False else str(value)
            assert got.rstrip(" ") == want.replace("\r", "\n") or got == want, (key, got, want)
    edges = {e["id"]: e for e in data.get("edges", [])}
    expected = _edges(E)
    assert set(edges) == set(expected) and len(edges) == len(data.get("edges", []))
    for eid, (u, v, d) in expected.items():
        e = edges[eid]
        _assert_same_pair(u, v, names[e["tail"]], names[e["head"]], not graph.is_directed())
        for key, value in d.items():
            name = f"fg_{key}" if key == "layer" else key
            want = "true" if value is True else "false" if value is False else str(value)
            assert _dot_unescape(e[name]) == want, (eid, key)
        if graph.is_directed():
            assert (e.get("dir") == "none") == (d.get("directed") is False)


def test_parallel_relations_are_kept(stores, tmp_path):
    """Rocky romantic with Diana and teaching her: two edges between one pair, in every format."""
    G = network_graph(stores["mask"], "influence")
    pair = [k for u, v, k in G.edges(keys=True)
            if {G.nodes[u]["label"], G.nodes[v]["label"]} == {"Rocky Dennis", "Diana Adams"}]
    assert len(pair) == 2
    export(G, "graphml", tmp_path / "g.graphml")
    export(G, "gexf", tmp_path / "g.gexf")
    assert nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True).number_of_edges() == 16
    assert nx.read_gexf(tmp_path / "g.gexf", version="1.3").number_of_edges() == 16


def test_hostile_labels_stay_text(stores, tmp_path):
    G = network_graph(stores["hostile"], "influence")
    for fmt in ("graphml", "gexf"):
        data = to_bytes(G, fmt)
        root = ET.fromstring(data)  # well-formed despite markup and control characters
        assert b"<script>" not in data
        labels = [el.get("label") for el in root.iter() if el.get("label")]
        texts = [el.text for el in root.iter() if el.text]
        assert HOSTILE in labels + texts
        assert not any("\x07" in t or "\x01" in t for t in labels + texts)
    dot = to_bytes(G, "dot").decode()
    assert '"<script>alert(1)</script>"' in dot
    assert 'Quote \\"Q\\" O\'Neil \\\\ back' in dot


def test_encoded_values():
    assert encoded([1, 2]) == "[1, 2]"
    assert encoded({"a": None}) == '{"a": null}'
    assert encoded("a\x00b\x1fc\td") == "abc\td"
    assert encoded(None) is None
    assert encoded(True) is True


def test_atomic_and_errors(stores, tmp_path):
    G = network_graph(stores["mask"], "influence")
    target = tmp_path / "g.graphml"
    target.write_text("old", encoding="utf-8")
    broken = nx.MultiDiGraph(G)
    broken.add_node(object.__new__(_Unwritable))  # cannot be written as text
    with pytest.raises(Exception):  # noqa: B017 - any failure must leave the file alone
        export(broken, "graphml", target, metrics=False)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.graphml"]  # no temporary left behind
    with pytest.raises(ExportError, match=str(tmp_path)):
        export(G, "dot", tmp_path)
    with pytest.raises(ExportError, match="does not exist"):
        export(G, "gexf", tmp_path / "missing" / "g.gexf")
    with pytest.raises(ExportError, match="two files"):
        to_bytes(G, "csv")
    with pytest.raises(ValueError, match="unknown export format"):
        to_bytes(G, "pajek")
    assert set(FORMATS) == {"graphml", "gexf", "json", "cytoscape", "csv", "dot"}


class _Unwritable:
    def __str__(self):
        raise RuntimeError("cannot be written")

    def __hash__(self):
        return 1
