"""The notebook API (:mod:`filmgraph.api`) and the walkthrough in docs/notebook.md, run as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MASK = ROOT / "data" / "mask-1985.txt"
WALKTHROUGH = ROOT / "docs" / "notebook.md"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from filmgraph.pipeline import ingest
    from filmgraph.store import EmbeddedStore

    path = tmp_path_factory.mktemp("nb") / "store"
    with EmbeddedStore(path) as s:
        ingest([MASK], s)
    return path


def _blocks(markdown: str) -> list[tuple[str, str | None]]:
    """(python code, the text block right after it or None), in order."""
    fences = re.findall(r"```(\w+)\n(.*?)```", markdown, flags=re.S)
    out: list[tuple[str, str | None]] = []
    for i, (lang, body) in enumerate(fences):
        if lang != "python":
            continue
        nxt = fences[i + 1] if i + 1 < len(fences) else None
        out.append((body, nxt[1] if nxt and nxt[0] == "text" else None))
    return out


def test_walkthrough_runs_as_written(store_dir, monkeypatch):
    monkeypatch.setenv("FILMGRAPH_STORE", str(store_dir))
    blocks = _blocks(WALKTHROUGH.read_text(encoding="utf-8"))
    assert len(blocks) >= 6
    namespace: dict = {"__name__": "__notebook__"}
    for n, (code, expected) in enumerate(blocks, start=1):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"docs/notebook.md block {n}", "exec"), namespace)
        if expected is not None:
            assert out.getvalue() == expected, f"block {n} printed something else"


def test_import_filmgraph_stays_light():
    import subprocess
    import sys

    code = ("import sys, filmgraph; "
            "print(any(m in sys.modules for m in ('networkx', 'pandas', 'rdflib', 'filmgraph.api')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_open_store_is_exported():
    import filmgraph

    assert filmgraph.open_store is __import__("filmgraph.api").api.open_store
    assert filmgraph.FilmGraph.__name__ == "FilmGraph"


def test_query_values_are_python(store_dir):
    from filmgraph.api import open_store

    with open_store(store_dir) as fg:
        rows = fg.query("events", film="mask-1985")
        assert [r["index"] for r in rows] == list(range(1, 14))
        assert all(isinstance(r["title"], str) for r in rows)
        first = rows[0]
        assert first["year"] == 1979 and isinstance(first["year"], int)
        assert fg.query("ASK { GRAPH ?g { ?s ?p ?o } }") == [{"result": True}]


def test_dataframe_types(store_dir):
    pd = pytest.importorskip("pandas")
    from filmgraph.api import open_store

    with open_store(store_dir) as fg:
        df = fg.dataframe("characters", film="mask-1985")
        assert str(df["listed"].dtype) == "boolean"
        assert isinstance(df["name"].dtype, pd.StringDtype)
        listed = df[df["listed"]]
        assert set(listed["name"]) >= {"Rocky Dennis", "Rusty Dennis", "Gar Dennis", "Diana Adams",
                                       "Mr. Simms", "Abe Dennis"}
        counts = fg.dataframe("PREFIX fg: <https://w3id.org/filmgraph/ontology#> "
                              "SELECT ?kind (COUNT(*) AS ?n) (0.5 AS ?share) WHERE { GRAPH ?g "
                              "{ ?r fg:kind ?kind } } GROUP BY ?kind")
        assert list(counts.columns) == ["kind", "n", "share"]
        assert str(counts["n"].dtype) == "Int64"
        assert str(counts["share"].dtype) == "Float64"
        # An empty answer still has its columns.
        empty = fg.dataframe("SELECT ?a ?b WHERE { FILTER(false) }")
        assert list(empty.columns) == ["a", "b"] and len(empty) == 0


def test_dataframe_without_pandas(store_dir, monkeypatch):
    import builtins

    from filmgraph.api import open_store

    real = builtins.__import__

    def no_pandas(name, *a, **k):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with open_store(store_dir) as fg, pytest.raises(ImportError, match=r"pip install 'filmgraph-kg\[pandas\]'"):
        fg.dataframe("films")


def test_updates_are_refused(store_dir):
    from filmgraph.api import open_store
    from filmgraph.errors import QueryRefusedError

    with open_store(store_dir) as fg:
        with pytest.raises(QueryRefusedError):
            fg.query("DROP ALL")
        assert fg.films()[0]["slug"] == "mask-1985"


def test_open_store_errors(tmp_path):
    from filmgraph.api import open_store
    from filmgraph.errors import InputError, StoreError

    with pytest.raises(StoreError, match="there is no store"):
        open_store(tmp_path / "none")
    with pytest.raises(InputError):
        open_store(tmp_path, endpoint="http://127.0.0.1:1/sparql")


def test_open_store_over_an_endpoint(store_dir):
    """The same API over ``filmgraph serve``."""
    from filmgraph.api import open_store
    from test_serve import _start, _stop

    proc, url, _ = _start(store_dir)
    try:
        with open_store(endpoint=url + "/sparql") as fg:
            assert [f["slug"] for f in fg.films()] == ["mask-1985"]
            rows = fg.query("arc", film="mask-1985", character="Diana")
            assert [r["index"] for r in rows] == [7, 8, 10]
    finally:
        _stop(proc)
