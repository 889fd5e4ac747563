"""The network, export and draw commands through the real CLI."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner

from _network_data import BASE, mask_truth
from filmgraph.cli import cli
from filmgraph.iri import Minter
from filmgraph.mapping import to_quads
from filmgraph.store import EmbeddedStore
from servers import cli as run_process
from servers import mask_embedded, mask_server, oxigraph_server  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("net") / "db"
    n = mask_truth()
    m = Minter(BASE)
    with EmbeddedStore(path) as s:
        s.replace_graphs([(m.graph(n.document.slug), to_quads(n, m))])
    return path


def run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], catch_exceptions=False)


def test_network_table(store_path):
    r = run(store_path, "network")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["metric", "value"]
    assert any(line.split()[:2] == ["size", "11"] for line in lines)
    assert any(line.split()[:2] == ["balancedTriadsShare", "1"] for line in lines)
    first_character = next(i for i, line in enumerate(lines) if line.startswith("label"))
    assert lines[first_character + 2].startswith("Rocky Dennis")


def test_network_json_and_until(store_path):
    full = json.loads(run(store_path, "network", "--format", "json").output)
    assert full["metrics"]["size"] == 11 and full["graph"] == "influence"
    assert full["nodes"][0]["label"] == "Rocky Dennis"
    assert {"pagerank", "betweenness", "eigenvector", "inDegree", "community"} <= set(full["nodes"][0])
    early = json.loads(run(store_path, "network", "--until", "2", "--format", "json").output)
    assert early["until"] == 2
    assert early["metrics"]["size"] == 5 and early["metrics"]["numEdges"] < full["metrics"]["numEdges"]
    co = json.loads(run(store_path, "network", "--graph", "cooccurrence", "--format", "json").output)
    assert co["metrics"]["numEdges"] == 13 and "balancedTriadsShare" not in co["metrics"]


def test_network_dynamic(store_path):
    r = run(store_path, "network", "--dynamic", "--format", "csv")
    assert r.exit_code == 0
    rows = list(csv.DictReader(r.output.splitlines()))
    assert [int(x["until"]) for x in rows] == list(range(14))
    assert int(rows[0]["numEdges"]) < int(rows[-1]["numEdges"])
    r = run(store_path, "network", "--dynamic", "--until", "3")
    assert r.exit_code == 2


def test_network_csv_holds_node_metrics(store_path):
    rows = list(csv.DictReader(run(store_path, "network", "--format", "csv").output.splitlines()))
    assert len(rows) == 11 and rows[0]["label"] == "Rocky Dennis"
    assert rows[0]["id"].endswith("/character/rocky-dennis")


@pytest.mark.parametrize("graph", ["influence", "cooccurrence", "places", "combined"])
def test_export_files(store_path, tmp_path, graph):
    out = tmp_path / f"{graph}.graphml"
    r = run(store_path, "export", "--graph", graph, "--format", "graphml", "-o", str(out))
    assert r.exit_code == 0, r.output
    H = nx.read_graphml(out)
    assert H.number_of_nodes() > 0 and H.number_of_edges() > 0
    gexf = tmp_path / f"{graph}.gexf"
    assert run(store_path, "export", "--graph", graph, "--format", "gexf", "-o", str(gexf)).exit_code == 0
    assert nx.read_gexf(gexf, version="1.3").number_of_edges() == H.number_of_edges()
    folder = tmp_path / f"{graph}-csv"
    assert run(store_path, "export", "--graph", graph, "--format", "csv", "-o", str(folder)).exit_code == 0
    with (folder / "edges.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == H.number_of_edges()


def test_export_to_stdout(store_path):
    r = run(store_path, "export", "--format", "cytoscape")
    data = json.loads(r.output)
    assert len(data["elements"]["edges"]) == 16
    assert all(e["data"]["id"] for e in data["elements"]["edges"])
    r = run(store_path, "export", "--format", "dot", "--until", "2")
    assert r.output.startswith('digraph "influence"') and r.output.count(" -> ") == 8
    r = run(store_path, "export", "--format", "graphml", "--graph", "combined")
    ET.fromstring(r.output.encode())


def test_draw_commands(store_path, tmp_path):
    for picture, name in [("influence", "i.png"), ("cooccurrence", "c.svg"), ("timeline", "t.svg")]:
        r = run(store_path, "draw", picture, "-o", str(tmp_path / name))
        assert r.exit_code == 0, r.output
        assert (tmp_path / name).stat().st_size > 1000
    r = run(store_path, "draw", "arc", "rocky", "-o", str(tmp_path / "arc.svg"))
    assert r.exit_code == 0, r.output
    assert "the arc of Rocky Dennis" in (tmp_path / "arc.svg").read_text(encoding="utf-8")
    assert run(store_path, "draw", "arc", "-o", str(tmp_path / "x.svg")).exit_code == 2
    assert run(store_path, "draw", "timeline", "rocky", "-o", str(tmp_path / "x.svg")).exit_code == 2


def test_errors_are_one_line(store_path, tmp_path):
    cases = [
        (["draw", "influence", "-o", str(tmp_path / "x.gif")], 1, ".png or .svg"),
        (["draw", "arc", "nobody", "-o", str(tmp_path / "x.svg")], 1, "no character"),
        (["network", "--film", "casablanca-1942"], 1, "no film"),
        (["export", "--format", "dot", "-o", str(tmp_path)], 1, "is a folder"),
        (["export", "--format", "csv"], 2, "-o"),
        (["network", "--until", "-1"], 2, "-1"),
    ]
    for args, code, text in cases:
        done = run_process("--store", str(store_path), *args)
        assert done.returncode == code, (args, done.stderr)
        assert text in done.stderr
        assert "Traceback" not in done.stderr
        if code == 1:
            assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("name", ["network", "export", "draw"])
def test_help(name):
    r = CliRunner().invoke(cli, [name, "--help"])
    assert r.exit_code == 0 and "Example" in r.output


def test_server_gives_the_same_graph(mask_server, mask_embedded, tmp_path):  # noqa: F811
    """The same page on a SPARQL server and in the embedded store: the same influence graph."""
    remote = run_process("--endpoint", mask_server.query_url, "export", "--format", "json")
    local = run_process("--store", str(mask_embedded), "export", "--format", "json")
    assert remote.returncode == 0, remote.stderr
    assert local.returncode == 0, local.stderr
    a, b = json.loads(remote.stdout), json.loads(local.stdout)
    assert sorted(n["id"] for n in a["nodes"]) == sorted(n["id"] for n in b["nodes"])
    key = lambda e: (e["source"], e["target"], e["key"])  # noqa: E731
    assert sorted(map(key, a["edges"])) == sorted(map(key, b["edges"]))
    assert len(a["nodes"]) >= 6
