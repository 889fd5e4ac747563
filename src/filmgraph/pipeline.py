"""The pipeline from page files to stored film graphs, with nothing half-written.

``build`` runs the pure stages (parse, extract, map) for one page;
``ingest`` stores the result, replacing the film's named graph in one
transaction, so ingesting the same page twice leaves the store as it was.

Examples
--------
>>> from filmgraph.store import EmbeddedStore
>>> store = EmbeddedStore()
>>> [r.slug for r in ingest([resource_path("data", "mask-1985.txt")], store)]
['mask-1985']
>>> n = len(store)
>>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
>>> len(store) == n
True
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filmgraph.iri import Minter
from filmgraph.model import Narrative, PlotDocument
from filmgraph.resources import resource_path

if TYPE_CHECKING:
    import pyoxigraph as ox

    from filmgraph.store import EmbeddedStore

__all__ = ["Built", "IngestResult", "build", "build_text", "ingest", "replace_film", "resource_path", "source_location"]


@dataclass(frozen=True)
class Built:
    """The output of the pure stages for one page."""

    document: PlotDocument
    narrative: Narrative
    quads: list[ox.Quad]

    @property
    def slug(self) -> str:
        return self.document.slug


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one page did."""

    source: str
    slug: str
    title: str
    year: int | None
    triples: int
    characters: int
    events: int
    status: str  # "stored", "replaced", "unchanged", "skipped"
    warnings: tuple[str, ...] = field(default=())


def build_document(doc: PlotDocument, minter: Minter | None = None) -> Built:
    """Extract and map an already parsed page."""
    from filmgraph.extract import extract
    from filmgraph.mapping import to_quads

    narrative = extract(doc)
    return Built(doc, narrative, to_quads(narrative, minter))


def build(path: str | os.PathLike[str], *, encoding: str | None = None,
          minter: Minter | None = None) -> Built:
    """Parse, extract and map one page file."""
    from filmgraph.parse import read_document

    return build_document(read_document(path, encoding=encoding), minter)


def build_text(text: str, *, source: str | None = None, minter: Minter | None = None) -> Built:
    """Parse, extract and map a page given as text."""
    from filmgraph.parse import parse_text

    return build_document(parse_text(text, source=source), minter)


def ingest(
    paths: Sequence[str | os.PathLike[str]],
    store: EmbeddedStore,
    *,
    encoding: str | None = None,
    minter: Minter | None = None,
    force: bool = True,
    on_built: Callable[[Built], None] | None = None,
) -> list[IngestResult]:
    """Build every page, then store each film in its own transaction.

    All pages are built before anything is written: a page that cannot be read
    raises before the store is touched. With ``force=False`` a page whose SHA-256
    the store already holds is skipped.
    """
    from filmgraph.mapping import log_quads

    minter = minter or Minter()
    built: list[tuple[str, Built]] = []
    for path in paths:
        b = build(path, encoding=encoding, minter=minter)
        if on_built:
            on_built(b)
        built.append((str(path), b))
    results = []
    for source, b in built:
        graph = minter.graph(b.slug)
        existed = graph in set(store.named_graphs())
        if not force and existed and _stored_sha(store, minter, b.slug) == b.document.sha256:
            results.append(_result(source, b, store, minter, "skipped"))
            continue
        log = list(log_quads(b.narrative, minter, location=source_location(source)))
        replace_film(store, minter, b.slug, b.quads, log)
        results.append(_result(source, b, store, minter, "replaced" if existed else "stored"))
    return results


def source_location(source: str) -> str:
    """Where a page was read from, for the log: a ``file:`` URI for a file, else as given."""
    return Path(source).resolve().as_uri() if Path(source).exists() else source


def replace_film(store: Any, minter: Minter, slug: str, quads: Iterable[ox.Quad],
                 log: Iterable[ox.Quad]) -> None:
    """Replace one film's graph and its log entries in one transaction.

    The same call serves the embedded store and a SPARQL server (both have
    ``replace_graphs``); the log's old entries about the graph and the document
    go in the same transaction.
    """
    graph = minter.graph(slug)
    store.replace_graphs(
        [(graph, quads)],
        extra=log,
        drop_about=[(minter.log_graph(), graph), (minter.log_graph(), minter.document(slug))],
    )


def _stored_sha(store: EmbeddedStore, minter: Minter, slug: str) -> str | None:
    from filmgraph.vocab import FG

    rows = store.select(
        f"SELECT ?g ?doc ?sha WHERE {{ GRAPH ?g {{ ?doc <{FG.sha256}> ?sha }} }}",
        {"g": _named(minter.graph(slug)), "doc": _named(minter.document(slug))},
    )
    return rows[0]["sha"].value if rows else None


def _named(iri: str) -> ox.NamedNode:
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _result(source: str, b: Built, store: EmbeddedStore, minter: Minter, status: str) -> IngestResult:
    n = b.narrative
    return IngestResult(
        source=source,
        slug=b.slug,
        title=b.document.title,
        year=b.document.year,
        triples=store.graph_size(minter.graph(b.slug)),
        characters=len(n.characters),
        events=len(n.events),
        status=status,
        warnings=n.warnings,
    )


def iter_pages(patterns: Iterable[str]) -> list[Path]:
    """Expand files, folders (their ``*.txt``) and glob patterns into a sorted list of pages."""
    import glob

    found: list[Path] = []
    for pattern in patterns:
        p = Path(pattern)
        if p.is_dir():
            found.extend(sorted(p.glob("*.txt")))
        elif any(ch in pattern for ch in "*?["):
            found.extend(sorted(Path(x) for x in glob.glob(pattern, recursive=True)))
        else:
            found.append(p)
    return found
