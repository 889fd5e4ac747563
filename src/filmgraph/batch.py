"""Batch ingest: many pages, built on every core, loaded in bulk, resumable.

:func:`ingest_many` parses, extracts and maps pages in worker processes (each
returns N-Quads bytes and a small summary, never pyoxigraph objects), skips
pages whose SHA-256 the store already holds, reports a bad page and goes on
with the others, and writes what it built in large batches.

How a film is kept whole
------------------------
``bulk_load`` is the fast path but is not transactional: a process killed in
the middle of it may leave part of a batch behind. So a batch is written in two
steps. First its film graphs go in with ``bulk_load``; then the batch's entries
of the log graph (``fg:sha256``, ``fg:derivedGraph``, ``prov:generatedAtTime``)
go in with one transactional ``load``. The log entry is the commit mark: a film
graph with no log entry is unfinished. The next run finds such graphs (the store
holds the graph, the log does not name it) and replaces them in one transaction,
so after any interruption a rerun leaves every film either complete or absent.
Films the store already holds (a changed page, ``force=True``) always go through
the transactional :meth:`~filmgraph.store.EmbeddedStore.replace_graphs`.

Examples
--------
>>> from filmgraph.store import EmbeddedStore
>>> from filmgraph.pipeline import resource_path
>>> store = EmbeddedStore()
>>> page = resource_path("data", "mask-1985.txt")
>>> first = ingest_many([page], store, jobs=1)
>>> (first.stored, first.skipped, first.failed)
(1, 0, 0)
>>> again = ingest_many([page], store, jobs=1)
>>> (again.stored, again.skipped)
(0, 1)
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from filmgraph.errors import FilmGraphError
from filmgraph.iri import Minter
from filmgraph.pipeline import replace_film, source_location

if TYPE_CHECKING:
    from filmgraph.store import EmbeddedStore

__all__ = ["BatchResult", "PageOutcome", "build_page", "ingest_many", "stored_hashes"]

#: Most films per bulk load.
BATCH_FILMS = 1000
#: Most N-Quads bytes per bulk load. Oxigraph's bulk loader needs several times
#: its input in memory: 128 MB (about 200 films of 2,600 quads) keeps the peak
#: near 1 GB, where 1,000 films at once reached 3 GB for a 25% faster load.
BATCH_BYTES = 128 * 1024 * 1024
#: Pages per task sent to a worker process.
CHUNK_PAGES = 16

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PageOutcome:
    """What happened to one page: ``status`` is stored, replaced, skipped or failed."""

    source: str
    status: str
    slug: str | None = None
    title: str | None = None
    year: int | None = None
    triples: int = 0
    characters: int = 0
    events: int = 0
    warnings: tuple[str, ...] = ()
    message: str | None = None


@dataclass
class BatchResult:
    """The outcome of :func:`ingest_many`.

    ``triples`` counts the quads written to film graphs (log graph excluded);
    ``failures`` pairs each bad page with a one-line message; ``write_seconds``
    is the part of ``elapsed`` spent writing to the store.
    """

    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    triples: int = 0
    elapsed: float = 0.0
    write_seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    pages: list[PageOutcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.stored + self.replaced + self.skipped + self.failed

    def _add(self, outcome: PageOutcome) -> None:
        self.pages.append(outcome)
        if outcome.status == "failed":
            self.failed += 1
            self.failures.append((outcome.source, outcome.message or "failed"))
            return
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        if outcome.status in ("stored", "replaced"):
            self.triples += outcome.triples


# --------------------------------------------------------------------------- worker side


@dataclass(frozen=True)
class _Built:
    """A page built by a worker: plain data that pickles cheaply."""

    source: str
    slug: str
    sha256: str
    title: str
    year: int | None
    characters: int
    events: int
    triples: int
    warnings: tuple[str, ...]
    film_nq: bytes  # the film's named graph
    log_nq: bytes  # its entries in the log graph


def build_page(path: str, *, encoding: str | None = None, base: str | None = None,
               location: str | None = None) -> _Built:
    """Parse, extract and map one page into N-Quads (the work a batch worker does).

    Raises :class:`~filmgraph.errors.FilmGraphError` for a page that cannot be used.
    """
    import pyoxigraph as ox

    from filmgraph.mapping import log_quads
    from filmgraph.pipeline import build

    minter = Minter(base)
    b = build(path, encoding=encoding, minter=minter)
    quads = list(dict.fromkeys(b.quads))
    loc = location if location is not None else source_location(path)
    log = list(log_quads(b.narrative, minter, location=loc))
    film_nq = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    log_nq = ox.serialize(log, format=ox.RdfFormat.N_QUADS) or b""
    doc = b.document
    return _Built(
        source=str(path), slug=b.slug, sha256=doc.sha256, title=doc.title, year=doc.year,
        characters=len(b.narrative.characters), events=len(b.narrative.events),
        triples=len(quads), warnings=tuple(b.narrative.warnings),
        film_nq=film_nq, log_nq=log_nq,
    )


def _build_chunk(paths: Sequence[str], encoding: str | None, base: str) -> list[_Built | PageOutcome]:
    """Build a chunk of pages; a bad page becomes a failed outcome, never an exception."""
    out: list[_Built | PageOutcome] = []
    for path in paths:
        try:
            out.append(build_page(path, encoding=encoding, base=base))
        except FilmGraphError as exc:
            out.append(PageOutcome(path, "failed", message=_one_line(str(exc))))
        except (OSError, ValueError, UnicodeError) as exc:
            out.append(PageOutcome(path, "failed", message=_one_line(f"{path}: {exc}")))
        except RecursionError:
            out.append(PageOutcome(path, "failed", message=f"{path}: the page is too deeply nested"))
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group; the parent alone decides what to do.
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        # A worker dies with its parent (even a SIGKILLed one) instead of running on.
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


# --------------------------------------------------------------------------- parent side


def stored_hashes(store: EmbeddedStore, minter: Minter | None = None) -> dict[str, str]:
    """``{graph IRI: SHA-256}`` of every film whose load was completed (one query)."""
    from filmgraph.vocab import FG

    m = minter or Minter()
    rows = store.select(
        f"SELECT ?g ?sha WHERE {{ GRAPH <{m.log_graph()}> "
        f"{{ ?doc <{FG.sha256}> ?sha ; <{FG.derivedGraph}> ?g }} }}"
    )
    return {r["g"].value: r["sha"].value for r in rows}


def _file_sha(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None  # the worker reports it with the parser's message
    return h.hexdigest()


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _built_stream(todo: Sequence[str], jobs: int, encoding: str | None,
                  base: str) -> Iterator[_Built | PageOutcome]:
    """Built pages as workers finish them, with a bounded number of chunks in flight."""
    if jobs <= 1 or len(todo) <= 1:
        for chunk in _chunks(todo, CHUNK_PAGES):
            yield from _build_chunk(chunk, encoding, base)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    size = max(1, min(CHUNK_PAGES, len(todo) // (jobs * 4) or 1))
    pending_chunks = _chunks(todo, size)
    # spawn: the parent holds an open store with its own threads; forking that is unsafe.
    ctx = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init)
    in_flight: set[Future[list[_Built | PageOutcome]]] = set()
    try:
        for chunk in pending_chunks:
            in_flight.add(executor.submit(_build_chunk, chunk, encoding, base))
            if len(in_flight) >= jobs * 3:
                break
        while in_flight:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            for fut in done:
                for chunk in pending_chunks:
                    in_flight.add(executor.submit(_build_chunk, chunk, encoding, base))
                    break
                yield from fut.result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def ingest_many(
    paths: Iterable[str | os.PathLike[str]],
    store: EmbeddedStore,
    *,
    jobs: int | None = None,
    force: bool = False,
    encoding: str | None = None,
    minter: Minter | None = None,
    progress: Progress | None = None,
    batch_films: int = BATCH_FILMS,
) -> BatchResult:
    """Ingest many pages into ``store``: built in parallel, loaded in bulk, resumable.

    Parameters
    ----------
    paths
        Page files.
    store
        An embedded store opened for writing.
    jobs
        Worker processes; ``None`` uses every core, 1 builds in this process.
    force
        Store a page again even when the store holds its SHA-256 already.
    encoding
        Codec of the pages (UTF-8 when not given).
    minter
        The IRI minter (its base names every IRI).
    progress
        Called as ``progress(done, total)`` after each page (skipped ones included).
    batch_films
        Films written per bulk load.

    Returns
    -------
    BatchResult
        Counts, failures (path and one-line message), triples and elapsed seconds.

    Raises
    ------
    StoreError
        The store cannot be written. Pages already committed stay committed.
    """
    start = time.perf_counter()
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if batch_films < 1:
        raise ValueError(f"batch_films must be at least 1, got {batch_films}")
    minter = minter or Minter()
    sources = [str(p) for p in paths]
    total = len(sources)
    result = BatchResult()
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    # One query for what is committed; one listing of graphs for what is present.
    committed = stored_hashes(store, minter)
    committed_shas = set(committed.values())
    present = {g.value for g in store.raw.named_graphs()}
    todo: list[str] = []
    seen_shas: set[str] = set()
    for src in sources:
        sha = _file_sha(src)
        if sha is not None and not force and (sha in committed_shas or sha in seen_shas):
            result._add(PageOutcome(src, "skipped"))
            tick()
            continue
        if sha is not None:
            seen_shas.add(sha)
        todo.append(src)

    writer = _Writer(store, minter, present, batch_films)
    try:
        for item in _built_stream(todo, jobs or os.cpu_count() or 1, encoding, minter.base):
            if isinstance(item, PageOutcome):
                result._add(item)
            else:
                status = writer.add(item)
                result._add(_outcome(item, status))
            tick()
        writer.flush()
    finally:
        result.elapsed = time.perf_counter() - start
        result.write_seconds = writer.seconds
    return result


def _outcome(b: _Built, status: str) -> PageOutcome:
    return PageOutcome(
        source=b.source, status=status, slug=b.slug, title=b.title, year=b.year,
        triples=b.triples, characters=b.characters, events=b.events, warnings=b.warnings,
    )


class _Writer:
    """Buffers new films for bulk loading; replaces films the store already has at once."""

    def __init__(self, store: EmbeddedStore, minter: Minter, present: set[str],
                 batch_films: int) -> None:
        self.store = store
        self.minter = minter
        self.present = present  # graphs in the store, or pending in the buffer
        self.batch_films = batch_films
        self.film_parts: list[bytes] = []
        self.log_parts: list[bytes] = []
        self.buffered = 0
        self.seconds = 0.0

    def add(self, b: _Built) -> str:
        graph = self.minter.graph(b.slug)
        if graph in self.present:
            # In the store already (or earlier in this run, or left unfinished by a
            # killed run): write what is buffered first, then replace in one transaction.
            self.flush()
            started = time.perf_counter()
            self._replace(b, graph)
            self.seconds += time.perf_counter() - started
            return "replaced"
        self.present.add(graph)
        self.film_parts.append(b.film_nq)
        self.log_parts.append(b.log_nq)
        self.buffered += len(b.film_nq)
        if len(self.film_parts) >= self.batch_films or self.buffered >= BATCH_BYTES:
            self.flush()
        return "stored"

    def flush(self) -> None:
        if not self.film_parts:
            return
        import pyoxigraph as ox

        from filmgraph.errors import StoreError

        films, logs = b"".join(self.film_parts), b"".join(self.log_parts)
        self.film_parts, self.log_parts, self.buffered = [], [], 0
        raw = self.store._writable()
        started = time.perf_counter()
        try:
            # lenient: every IRI was checked by pyoxigraph when the worker built it.
            raw.bulk_load(films, format=ox.RdfFormat.N_QUADS, lenient=True)
            # The commit mark, in one transaction, only once the graphs are in.
            raw.load(logs, format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"cannot write to the store at {self.store.path}: {exc}") from None
        finally:
            self.seconds += time.perf_counter() - started

    def _replace(self, b: _Built, graph: str) -> None:
        import pyoxigraph as ox

        quads = list(ox.parse(b.film_nq, format=ox.RdfFormat.N_QUADS))
        log = list(ox.parse(b.log_nq, format=ox.RdfFormat.N_QUADS))
        replace_film(self.store, self.minter, b.slug, quads, log)
