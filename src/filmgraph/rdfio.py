"""Reading RDF files safely: whole documents, parsed before anything is stored.

``filmgraph load`` reads RDF files a user hands it (ontologies, alignments, data
from elsewhere). Files come from anywhere, so reading them follows three rules:

- **Parse everything first, then add in one transaction.** A document with one
  bad line adds nothing; the error names the file, line and column.
- **Never expand entities.** RDF/XML with a ``<!DOCTYPE`` or ``<!ENTITY``
  declaration is refused before it reaches a parser, so "billion laughs" and
  external entities cost nothing.
- **Never touch the network.** JSON-LD is read with pyoxigraph, whose parser has
  no document loader: a remote ``@context`` is refused, never fetched (rdflib,
  which would fetch it, is not used for input).

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.ttl").write_text('<http://example.org/s> <http://example.org/p> "o" .\\n')
>>> quads = read_rdf(folder / "a.ttl", graph="http://example.org/g")
>>> len(quads), quads[0].graph_name.value
(1, 'http://example.org/g')
>>> _ = (folder / "b.nt").write_text('<http://example.org/s> <http://example.org/p> "o .\\n')
>>> read_rdf(folder / "b.nt")
Traceback (most recent call last):
...
filmgraph.errors.RDFSyntaxError: .../b.nt:1:...
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from filmgraph.errors import InputError, RDFSyntaxError, StoreError

if TYPE_CHECKING:
    import pyoxigraph as ox

    from filmgraph.store import EmbeddedStore

__all__ = [
    "MAX_RDF_BYTES",
    "RDF_SUFFIXES",
    "LoadResult",
    "format_for",
    "load_files",
    "parse_rdf",
    "read_rdf",
]

#: The largest RDF file :func:`read_rdf` reads unless told otherwise (256 MiB).
MAX_RDF_BYTES = 256 * 1024 * 1024

#: File suffix -> pyoxigraph ``RdfFormat`` attribute name.
RDF_SUFFIXES: dict[str, str] = {
    ".ttl": "TURTLE",
    ".turtle": "TURTLE",
    ".nt": "N_TRIPLES",
    ".ntriples": "N_TRIPLES",
    ".nq": "N_QUADS",
    ".nquads": "N_QUADS",
    ".trig": "TRIG",
    ".rdf": "RDF_XML",
    ".xml": "RDF_XML",
    ".owl": "RDF_XML",
    ".jsonld": "JSON_LD",
    ".json": "JSON_LD",
}

#: ``--format`` names -> pyoxigraph ``RdfFormat`` attribute name.
FORMAT_NAMES: dict[str, str] = {
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "nq": "N_QUADS",
    "trig": "TRIG",
    "rdfxml": "RDF_XML",
    "jsonld": "JSON_LD",
}

# A DTD is the only door to entity expansion (internal or external) in XML.
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class LoadResult:
    """What loading one file did: its path, format and the number of quads read."""

    source: str
    format: str
    quads: int


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> ox.RdfFormat:
    """The RDF format of a file: ``fmt`` if given (a ``--format`` name), else from the suffix.

    >>> format_for("onto.ttl").name
    'Turtle'
    >>> format_for("data.txt", "nt").name
    'N-Triples'
    >>> format_for("data.txt")
    Traceback (most recent call last):
    ...
    filmgraph.errors.InputError: data.txt: cannot tell the RDF format from the suffix '.txt'; ...
    """
    import pyoxigraph as ox

    if fmt is not None:
        try:
            return getattr(ox.RdfFormat, FORMAT_NAMES[fmt])
        except KeyError:
            known = ", ".join(FORMAT_NAMES)
            raise InputError(f"unknown RDF format {fmt!r} (known: {known})") from None
    suffix = Path(path).suffix.lower()
    try:
        return getattr(ox.RdfFormat, RDF_SUFFIXES[suffix])
    except KeyError:
        known = " ".join(sorted(RDF_SUFFIXES))
        raise InputError(
            f"{os.fspath(path)}: cannot tell the RDF format from the suffix {suffix!r}; "
            f"use one of {known} or pass --format"
        ) from None


def parse_rdf(
    data: bytes,
    fmt: ox.RdfFormat,
    *,
    source: str = "<data>",
    graph: str | None = None,
    base_iri: str | None = None,
) -> list[ox.Quad]:
    """Parse a whole RDF document into a list of quads, refusing anything unsafe.

    Parameters
    ----------
    data : bytes
        The document.
    fmt : pyoxigraph.RdfFormat
        Its format.
    source : str, optional
        Where it came from; starts every error message.
    graph : str, optional
        Put every statement into this named graph (triples of a triple format go
        to the default graph otherwise; quads keep their graph).
    base_iri : str, optional
        The base for relative IRIs.

    Returns
    -------
    list of pyoxigraph.Quad

    Raises
    ------
    RDFSyntaxError
        The document does not parse (``SOURCE:LINE:COLUMN: message``), declares
        a DTD or entities (RDF/XML), or needs a remote JSON-LD context.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> parse_rdf(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', ox.RdfFormat.RDF_XML)
    Traceback (most recent call last):
    ...
    filmgraph.errors.RDFSyntaxError: <data>: RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion is unsafe)
    """
    import pyoxigraph as ox

    if fmt == ox.RdfFormat.RDF_XML and _DTD.search(data):
        raise RDFSyntaxError(
            f"{source}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
            "(entity expansion is unsafe)"
        )
    target = ox.NamedNode(graph) if graph else None
    try:
        parser = ox.parse(data, format=fmt, base_iri=base_iri)
        quads = []
        for q in parser:
            if target is not None and q.graph_name != target:
                q = ox.Quad(q.subject, q.predicate, q.object, target)
            quads.append(q)
    except SyntaxError as exc:
        raise RDFSyntaxError(_syntax_message(source, exc)) from None
    except ValueError as exc:
        raise RDFSyntaxError(f"{source}: {' '.join(str(exc).split())}") from None
    return quads


def _syntax_message(source: str, exc: SyntaxError) -> str:
    msg = " ".join(str(exc.msg or exc).split())
    if "LoadDocumentCallback" in msg or "remote context" in msg.lower():
        return (f"{source}: the JSON-LD document needs a remote @context; "
                "filmgraph never fetches one (inline the context instead)")
    if exc.lineno:
        # "Parser error between line 2 column 23 and ...": the prefix repeats what we print.
        msg = re.sub(r"^Parser error [^:]*:\s*", "", msg)
        return f"{source}:{exc.lineno}:{exc.offset or 1}: {msg}"
    return f"{source}: {msg}"


def read_rdf(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    graph: str | None = None,
    max_bytes: int = MAX_RDF_BYTES,
) -> list[ox.Quad]:
    """Read a whole RDF file into a list of quads (see :func:`parse_rdf`).

    The size is checked before anything is read.

    Raises
    ------
    InputError
        The path is missing, a folder, unreadable, or larger than ``max_bytes``.
    RDFSyntaxError
        The document does not parse or is refused.
    """
    name = os.fspath(path)
    rdf_format = format_for(path, fmt)
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name}: is a directory, not an RDF file")
    if st.st_size > max_bytes:
        raise InputError(f"{name}: the file is {st.st_size} bytes, larger than the limit of "
                         f"{max_bytes} bytes")
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"{name}: the file is larger than the limit of {max_bytes} bytes")
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    base = p.resolve().as_uri()
    return parse_rdf(data, rdf_format, source=name, graph=graph, base_iri=base)


def load_files(
    store: EmbeddedStore,
    paths: Sequence[str | os.PathLike[str]],
    fmt: str | None = None,
    *,
    graph: str | None = None,
    max_bytes: int = MAX_RDF_BYTES,
) -> list[LoadResult]:
    """Read every file, then add all their quads to ``store`` in ONE transaction.

    If any file cannot be read or parsed, nothing is added.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from filmgraph.store import EmbeddedStore
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.nt").write_text('<http://example.org/s> <http://example.org/p> "o" .\\n')
    >>> store = EmbeddedStore()
    >>> [r.quads for r in load_files(store, [folder / "a.nt"], graph="http://example.org/g")]
    [1]
    >>> len(store)
    1
    """
    results: list[LoadResult] = []
    everything: list[ox.Quad] = []
    for path in paths:
        quads = read_rdf(path, fmt, graph=graph, max_bytes=max_bytes)
        results.append(LoadResult(os.fspath(path), format_for(path, fmt).name, len(quads)))
        everything.extend(quads)
    _add_all(store, everything)
    return results


def _add_all(store: EmbeddedStore, quads: Iterable[ox.Quad]) -> None:
    if store.read_only:
        raise StoreError(f"the store at {store.path} is open read-only")
    try:
        store.raw.extend(quads)  # one transaction: all or nothing
    except OSError as exc:
        raise StoreError(f"cannot write to the store at {store.path}: {exc}") from None
