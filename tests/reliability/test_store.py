"""Cases 8-10: interrupted ingest, concurrent writers, and writes that cannot complete.

8. SIGINT, then SIGKILL, in the middle of a batch ingest: every film's graph is
   absent, the old one, or the complete new one; ingesting again is idempotent.
9. A second writer, and a writer while ``filmgraph serve`` or a read-only store
   holds the store: "the store at PATH is in use" and exit code 4; nothing changes.
10. Writing to a read-only folder, a full disk, a path that is a folder: an error
    naming the path, an existing file left byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from _reliability import AUDIT_PRELUDE, REPO, assert_clean_error, invoke, run_cli, store_snapshot

N_PAGES = 24


def _generator():
    spec = importlib.util.spec_from_file_location("fg_generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fg_generate"] = module  # dataclasses look their module up
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _graphs(store: Path) -> dict[str, frozenset[str]]:
    """Each film graph's quads (the log graph left out: it records when a page was read)."""
    s = ox.Store.read_only(str(store))
    try:
        out: dict[str, set[str]] = {}
        for q in s:
            g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
            # The log records when pages were read; a staging graph is an unfinished write
            # that no reader sees (named_graphs() hides it) and the next writer removes.
            if g.endswith("/graph/log") or g.startswith("urn:x-filmgraph-staging:"):
                continue
            out.setdefault(g, set()).add(str(q))
        return {g: frozenset(v) for g, v in out.items()}
    finally:
        del s


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """Old and new versions of N_PAGES pages, and the graphs a clean build of each gives."""
    root = tmp_path_factory.mktemp("corpus")
    old = _generator().generate(N_PAGES, root / "old", seed=7)
    new_dir = root / "new"
    new_dir.mkdir()
    new = []
    for p in old:
        q = new_dir / p.name
        q.write_text(p.read_text(encoding="utf-8") + "\n\nA later edit of this page.\n",
                     encoding="utf-8")
        new.append(q)
    expected = {}
    for name, pages in (("old", old), ("new", new)):
        store = root / f"clean-{name}"
        run = run_cli("--store", store, "ingest", *pages)
        assert run.code == 0, run.stderr[-2000:]
        expected[name] = _graphs(store)
    assert len(expected["old"]) == N_PAGES
    assert set(expected["old"]) == set(expected["new"])
    assert all(expected["old"][g] != expected["new"][g] for g in expected["old"])
    return {"old": old, "new": new, "new_dir": new_dir, "expected": expected, "root": root}


def _assert_each_film_whole(store: Path, expected: dict) -> dict[str, int]:
    seen = {"absent": 0, "old": 0, "new": 0}
    actual = _graphs(store)
    for graph in expected["old"]:
        got = actual.get(graph, frozenset())
        if not got:
            seen["absent"] += 1
        elif got == expected["old"][graph]:
            seen["old"] += 1
        elif got == expected["new"][graph]:
            seen["new"] += 1
        else:
            old, new = expected["old"][graph], expected["new"][graph]
            pytest.fail(f"{graph} is a mix: {len(got)} quads, {len(got & old)} of the old "
                        f"{len(old)}, {len(got & new)} of the new {len(new)}")
    assert set(actual) <= set(expected["old"]), set(actual) - set(expected["old"])
    return seen


def _store_bytes(store: Path) -> int:
    total = 0
    for p in store.glob("*"):
        with contextlib.suppress(OSError):
            total += p.stat().st_size
    return total


def _start_ingest(store: Path, pages: list[Path]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", AUDIT_PRELUDE, "--store", str(store), "ingest", *map(str, pages)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        # Its own process group, as a job at a terminal: Ctrl-C and a crash reach
        # the ingest and its worker processes together.
        start_new_session=True,
    )


@pytest.mark.slow
def test_interrupted_ingest_leaves_each_film_whole(corpus, tmp_path):
    store = tmp_path / "store"
    half = corpus["old"][: N_PAGES // 2]
    assert run_cli("--store", store, "ingest", *half).code == 0
    expected = corpus["expected"]
    rng = random.Random(8)

    # SIGINT, at a moment while the batch is being built or written: a clean stop.
    proc = _start_ingest(store, corpus["new"])
    time.sleep(rng.uniform(0.5, 1.5))
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    text = err.decode()
    assert "Traceback" not in text, text[-2000:]
    if proc.returncode != 0:
        assert proc.returncode == 130, (proc.returncode, text)
        assert text.strip() == "filmgraph: error: interrupted", text
    _assert_each_film_whole(store, expected)

    # SIGKILL once the store's files start growing (films are being written).
    proc = _start_ingest(store, corpus["new"])
    start_size = _store_bytes(store)
    deadline = time.monotonic() + 60
    while _store_bytes(store) == start_size and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(rng.uniform(0.0, 0.3))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    seen = _assert_each_film_whole(store, expected)
    # The kill landed mid-batch: some films new, some not (if it did not, the test says so).
    assert seen["new"] < N_PAGES, f"the ingest finished before the kill: {seen}"

    # Ingesting again completes the batch, and again changes nothing.
    assert run_cli("--store", store, "ingest", *corpus["new"]).code == 0
    assert _assert_each_film_whole(store, expected)["new"] == N_PAGES
    count = len(store_snapshot(store))
    assert run_cli("--store", store, "ingest", *corpus["new"]).code == 0
    assert len(store_snapshot(store)) == count
    assert _graphs(store) == expected["new"]


# --------------------------------------------------------------------------- 9: one writer

_HOLD = """
import sys, time
from filmgraph.store import EmbeddedStore
s = EmbeddedStore(sys.argv[1], read_only=sys.argv[2] == "ro")
print("ready", flush=True)
time.sleep(60)
"""


@contextlib.contextmanager
def _holder(store: Path, mode: str) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(store), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "ready", proc.stderr.read()
        yield proc
    finally:
        proc.kill()
        proc.communicate(timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serving(store: Path) -> Iterator[subprocess.Popen]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from filmgraph.cli import main; main()",
                             "--store", str(store), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    break
            except urllib.error.HTTPError:
                break  # it answered
            except OSError:
                assert time.monotonic() < deadline, "filmgraph serve did not start"
                time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.mark.parametrize("holder", ["writer", "reader", "serve"])
def test_a_second_writer_is_told_the_store_is_in_use(mask_copy, holder, tmp_path):
    before = store_snapshot(mask_copy)
    extra = tmp_path / "extra.nt"
    extra.write_text('<http://example.org/s> <http://example.org/p> "o" .\n')
    ctx = _serving(mask_copy) if holder == "serve" else _holder(
        mask_copy, "rw" if holder == "writer" else "ro")
    with ctx:
        for args in (["ingest", str(REPO / "data" / "mask-1985.txt")],
                     ["load", str(extra), "--graph", "http://example.org/g"]):
            run = run_cli("--store", mask_copy, *args)
            line = assert_clean_error(run, 4, mentions=["in use"])
            assert f"the store at {mask_copy} is in use" in line, line
        if holder != "writer":
            # Readers share: a lookup still works while the store is held for reading.
            assert run_cli("--store", mask_copy, "films").code == 0
    assert store_snapshot(mask_copy) == before
    # Once the holder is gone the writer gets in.
    assert run_cli("--store", mask_copy, "load", extra, "--graph", "http://example.org/g").code == 0


def test_two_writers_racing(mask_copy):
    """Two ingests started together: one wins, the other exits 4; the store is whole."""
    page = REPO / "data" / "mask-1985.txt"
    procs = [subprocess.Popen([sys.executable, "-c", "from filmgraph.cli import main; main()",
                               "--store", str(mask_copy), "ingest", str(page)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
    results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in procs]
    for p in procs:
        p.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes[0] == 0, results
    for code, err in results:
        assert "Traceback" not in err, err
        assert code in (0, 4), results
        if code == 4:
            assert "is in use" in err
    run = run_cli("--store", mask_copy, "validate", "--film", "mask-1985")
    assert run.code == 0, run.stdout + run.stderr


# --------------------------------------------------------------------------- 10: writes that fail

@contextlib.contextmanager
def _tmpfs(where: Path, size: str, *, read_only: bool = False) -> Iterator[Path | None]:
    """A small tmpfs at ``where`` if this machine lets us mount one, else None."""
    where.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if read_only else "")
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)],
                            capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    try:
        yield where if ok else None
    finally:
        if ok:
            subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=10)


_EXPORTS = [
    ("rdf", ["rdf", "--format", "nt", "-o"]),
    ("export", ["export", "--graph", "cooccurrence", "--format", "graphml", "-o"]),
]


def _simulate(monkeypatch, err: int) -> None:
    """Make every new file's write fail as the real condition would."""
    import tempfile

    real_mkstemp = tempfile.mkstemp

    def failing_mkstemp(*args, **kwargs):
        if err == errno.EROFS:
            raise OSError(err, os.strerror(err))
        fd, name = real_mkstemp(*args, **kwargs)
        return _FullFd.wrap(fd), name

    monkeypatch.setattr(tempfile, "mkstemp", failing_mkstemp)
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        f = real_fdopen(fd, *args, **kwargs)
        if fd in _FullFd.fds:
            def write(_data, _f=f):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            f.write = write  # type: ignore[method-assign]
        return f

    monkeypatch.setattr(os, "fdopen", fdopen)


class _FullFd:
    fds: ClassVar[set[int]] = set()

    @classmethod
    def wrap(cls, fd: int) -> int:
        cls.fds.add(fd)
        return fd


@pytest.mark.parametrize("name, args", _EXPORTS, ids=[e[0] for e in _EXPORTS])
@pytest.mark.parametrize("condition", ["read-only", "full"])
def test_failed_writes_name_the_path_and_keep_the_old_file(mask_store, tmp_path, monkeypatch,
                                                           name, args, condition):
    original = b"the previous export, which must survive\n"
    ro = condition == "read-only"
    with _tmpfs(tmp_path / "mnt", "64k") as mnt:
        if mnt is not None:
            target = mnt / "out.file"
            target.write_bytes(original)
            if ro:
                subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True, timeout=10)
            else:  # fill the disk but for a few bytes
                with contextlib.suppress(OSError), (mnt / "filler").open("wb") as fh:
                    fh.write(b"x" * 100_000)
            run = run_cli("--store", mask_store, *args, target)
        else:  # no mount here: the same failure, simulated in-process
            target = tmp_path / "out.file"
            target.write_bytes(original)
            _simulate(monkeypatch, errno.EROFS if ro else errno.ENOSPC)
            run = invoke("--store", str(mask_store), *args, str(target))
            monkeypatch.undo()
        line = assert_clean_error(run, 1, mentions=[str(target)])
        assert target.read_bytes() == original
        leftovers = [p.name for p in target.parent.iterdir() if p.name not in ("out.file", "filler")]
        assert leftovers == [], leftovers
        assert line


@pytest.mark.parametrize("name, args", _EXPORTS, ids=[e[0] for e in _EXPORTS])
def test_simulated_failures_also_keep_the_old_file(mask_store, tmp_path, monkeypatch, name, args):
    """The in-process simulation runs everywhere, so both paths are always exercised."""
    for err in (errno.EROFS, errno.ENOSPC):
        target = tmp_path / f"out-{err}.file"
        target.write_bytes(b"old\n")
        _simulate(monkeypatch, err)
        run = invoke("--store", str(mask_store), *args, str(target))
        monkeypatch.undo()
        assert_clean_error(run, 1, mentions=[str(target)])
        assert target.read_bytes() == b"old\n"
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


@pytest.mark.parametrize("name, args", _EXPORTS, ids=[e[0] for e in _EXPORTS])
def test_output_path_that_is_a_folder(mask_store, tmp_path, name, args):
    folder = tmp_path / "already-a-folder"
    folder.mkdir()
    (folder / "keep.txt").write_bytes(b"keep")
    run = invoke("--store", str(mask_store), *args, str(folder))
    assert run.code in (1, 2), run
    assert "Traceback" not in run.stderr
    assert str(folder) in run.stderr or folder.name in run.stderr, run.stderr
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    assert (folder / "keep.txt").read_bytes() == b"keep"
