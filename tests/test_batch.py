"""Batch ingest: parallel building, bulk loading, bad pages, resuming."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from filmgraph.batch import ingest_many, stored_hashes
from filmgraph.iri import Minter
from filmgraph.store import EmbeddedStore
from filmgraph.vocab import PROV

REPO = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("fg_generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fg_generate", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("pages")
    paths = _generator().generate(30, folder, seed=11)
    return [Path(p) for p in paths]


@pytest.fixture(scope="module")
def bad_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bad") / "broken.txt"
    path.write_bytes(b"Logo What\xe2\x80\x99s After\n\xff\xfe\x00 not text \x00\x01")
    return path


def _film_quads(store: EmbeddedStore) -> set[str]:
    """Every quad as N-Quads text, without the log's read times (which differ per run)."""
    when = ox.NamedNode(PROV.generatedAtTime)
    return {str(q) for q in store.raw if q.predicate != when}


@pytest.fixture(scope="module")
def parallel_store(pages: list[Path], bad_page: Path, tmp_path_factory: pytest.TempPathFactory):
    store = EmbeddedStore(tmp_path_factory.mktemp("par") / "db")
    seen: list[tuple[int, int]] = []
    result = ingest_many([*pages[:15], bad_page, *pages[15:]], store, jobs=2,
                         progress=lambda done, total: seen.append((done, total)), batch_films=8)
    yield store, result, seen
    store.close()


def test_bad_page_is_reported_and_the_rest_stored(parallel_store, pages, bad_page) -> None:
    store, result, _ = parallel_store
    assert (result.stored, result.failed, result.skipped, result.replaced) == (30, 1, 0, 0)
    [(path, message)] = result.failures
    assert path == str(bad_page)
    assert "broken.txt" in message and "\n" not in message
    graphs = set(store.named_graphs())
    m = Minter()
    for page in pages:
        assert m.graph(page.stem) in graphs
    assert m.log_graph() in graphs
    assert len(graphs) == 31


def test_counts_and_progress(parallel_store) -> None:
    store, result, seen = parallel_store
    assert seen[-1] == (31, 31)
    assert [d for d, _ in seen] == list(range(1, 32))
    log = store.graph_size(Minter().log_graph())
    assert result.triples == len(store) - log
    assert result.elapsed > 0 and 0 <= result.write_seconds <= result.elapsed


def test_every_stored_film_is_committed_in_the_log(parallel_store, pages) -> None:
    store, _, _ = parallel_store
    hashes = stored_hashes(store)
    import hashlib

    m = Minter()
    for page in pages:
        assert hashes[m.graph(page.stem)] == hashlib.sha256(page.read_bytes()).hexdigest()


def test_second_run_skips_everything_and_force_reingests(parallel_store, pages, bad_page) -> None:
    store, _, _ = parallel_store
    before = _film_quads(store)
    size = len(store)
    again = ingest_many(pages, store, jobs=2)
    assert (again.skipped, again.stored, again.replaced) == (30, 0, 0)
    assert len(store) == size
    forced = ingest_many(pages, store, jobs=2, force=True)
    assert (forced.replaced, forced.stored, forced.skipped) == (30, 0, 0)
    assert len(store) == size
    assert _film_quads(store) == before


def test_serial_and_parallel_give_the_same_quads(parallel_store, pages, tmp_path: Path) -> None:
    store, _, _ = parallel_store
    with EmbeddedStore(tmp_path / "serial") as serial:
        result = ingest_many(pages, serial, jobs=1)
        assert result.stored == 30
        assert _film_quads(serial) == _film_quads(store)


def test_a_film_left_half_loaded_is_replaced(pages, tmp_path: Path) -> None:
    """A run killed between a bulk load and its commit mark is finished by the next run."""
    from filmgraph.batch import build_page

    page = pages[0]
    with EmbeddedStore(tmp_path / "clean") as clean:
        ingest_many([page], clean, jobs=1)
        expected = _film_quads(clean)
    built = build_page(str(page))
    lines = built.film_nq.splitlines(keepends=True)
    with EmbeddedStore(tmp_path / "db") as store:
        # Half the film's quads, and no log entry: what a SIGKILL mid-load leaves.
        store.bulk_load_nquads(b"".join(lines[: len(lines) // 2]))
        assert stored_hashes(store) == {}
        result = ingest_many([page], store, jobs=1)
        assert (result.replaced, result.skipped) == (1, 0)
        assert _film_quads(store) == expected
        assert ingest_many([page], store, jobs=1).skipped == 1


def test_same_film_twice_in_one_batch(pages, tmp_path: Path) -> None:
    """Two different pages of one film: the later one wins, with no leftovers."""
    text = pages[0].read_text(encoding="utf-8")
    changed = tmp_path / "changed.txt"
    changed.write_text(text.replace("who wants to leave", "who longs to leave"), encoding="utf-8")
    with EmbeddedStore(tmp_path / "db") as store:
        result = ingest_many([pages[0], changed], store, jobs=1)
        assert (result.stored, result.replaced) == (1, 1)
        descriptions = {str(q.object) for q in store.raw if "longs to leave" in str(q.object)}
        assert descriptions
        assert not any("wants to leave" in str(q.object) for q in store.raw
                       if q.graph_name.value == Minter().graph(pages[0].stem))


def test_missing_file_is_a_failure_not_a_crash(tmp_path: Path, pages) -> None:
    with EmbeddedStore() as store:
        result = ingest_many([tmp_path / "nope.txt", pages[1]], store, jobs=1)
        assert (result.stored, result.failed) == (1, 1)
        assert "nope.txt" in result.failures[0][1]


def test_bad_arguments() -> None:
    with EmbeddedStore() as store, pytest.raises(ValueError):
        ingest_many([], store, jobs=0)
