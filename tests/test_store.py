"""The embedded store: one writer, shared readers, atomic graph replacement."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest

from filmgraph.errors import StoreError, StoreLockedError
from filmgraph.store import EmbeddedStore, resolve_store_path

EX = "http://example.org/"


def quad(s: str, o: str, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(o), ox.NamedNode(EX + g))


def test_replace_graph_replaces_only_that_graph(tmp_path):
    with EmbeddedStore(tmp_path / "db") as store:
        store.replace_graphs([(EX + "a", [quad("s", "1", "a"), quad("t", "2", "a")])])
        store.replace_graphs([(EX + "b", [quad("s", "3", "b")])])
        store.replace_graphs([(EX + "a", [quad("u", "4", "a")])])
        assert store.graph_size(EX + "a") == 1
        assert store.graph_size(EX + "b") == 1
        assert store.named_graphs() == [EX + "a", EX + "b"]


def test_replace_is_all_or_nothing(tmp_path):
    """A replacement whose data cannot be written leaves the old graph intact."""
    with EmbeddedStore(tmp_path / "db") as store:
        store.replace_graphs([(EX + "a", [quad("s", "old", "a")])])
        with pytest.raises(ValueError):
            # An invalid IRI fails while the update is being prepared: nothing is dropped.
            store.replace_graphs([(EX + "a", [quad("s", "new", "a")]), ("not an iri", [])])
        rows = store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert [r["o"].value for r in rows] == ["old"]


def test_bindings_are_data_not_query_text(tmp_path):
    with EmbeddedStore() as store:
        store.replace_graphs([(EX + "a", [quad("s", "x", "a")])])
        hostile = 'x" || true || "'
        rows = store.select(
            "SELECT ?s ?o ?name WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?o = ?name) }", {"name": hostile}
        )
        assert rows == []
        rows = store.select(
            "SELECT ?s ?o ?name WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?o = ?name) }", {"name": "x"}
        )
        assert len(rows) == 1


def test_second_writer_gets_a_clear_error(tmp_path):
    path = tmp_path / "db"
    with EmbeddedStore(path):
        code = textwrap.dedent(f"""
            from filmgraph.store import EmbeddedStore
            from filmgraph.errors import StoreLockedError
            try:
                EmbeddedStore({str(path)!r})
            except StoreLockedError as e:
                print(e)
        """)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.stdout.strip() == f"the store at {path} is in use by another process"


def test_readers_share_and_block_a_writer(tmp_path):
    path = tmp_path / "db"
    with EmbeddedStore(path) as store:
        store.replace_graphs([(EX + "a", [quad("s", "x", "a")])])
    with EmbeddedStore(path, read_only=True) as r1, EmbeddedStore(path, read_only=True) as r2:
        assert len(r1) == len(r2) == 1
        with pytest.raises(StoreLockedError):
            EmbeddedStore(path)
    with EmbeddedStore(path) as store:  # free again once the readers are gone
        assert len(store) == 1


def test_reading_a_store_that_does_not_exist(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        EmbeddedStore(tmp_path / "nothing", read_only=True)


def test_store_path_resolution(monkeypatch, tmp_path):
    monkeypatch.setenv("FILMGRAPH_STORE", str(tmp_path / "env"))
    assert resolve_store_path(str(tmp_path / "flag")) == tmp_path / "flag"
    assert resolve_store_path(None) == tmp_path / "env"
    monkeypatch.delenv("FILMGRAPH_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert resolve_store_path(None) == tmp_path / "xdg" / "filmgraph" / "store"
