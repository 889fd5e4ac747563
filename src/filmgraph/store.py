"""The embedded store: an on-disk Oxigraph database, one named graph per film.

This module knows RDF quads and SPARQL, nothing about films beyond graph names.
Writers are exclusive and readers share: a lock file beside the database says
who holds it, so a second writer (or a writer while a reader such as
``filmgraph serve`` has the store open) gets :class:`~filmgraph.errors.StoreLockedError`
instead of a raw RocksDB lock error. Readers open the database read-only.

Examples
--------
>>> import pyoxigraph as ox
>>> store = EmbeddedStore()            # in memory
>>> g = ox.NamedNode("http://example.org/graph/a")
>>> q = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
...             ox.Literal("o"), g)
>>> store.replace_graphs([(g.value, [q])])
>>> store.graph_size(g.value)
1
>>> rows = store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
>>> rows[0]["o"].value
'o'
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filmgraph.errors import QueryError, StoreError, StoreLockedError

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["EmbeddedStore", "default_store_path", "resolve_store_path", "Row", "to_term", "to_python"]

Row = dict[str, Any]
_LOCK_NAME = "filmgraph.lock"
_STAGING = "urn:x-filmgraph-staging:"


def default_store_path() -> Path:
    """The per-user data folder: ``$XDG_DATA_HOME/filmgraph/store`` or the platform's equivalent."""
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Application Support"
    else:
        root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / "filmgraph" / "store"


def resolve_store_path(path: str | os.PathLike[str] | None) -> Path:
    """``path`` if given, else ``FILMGRAPH_STORE``, else :func:`default_store_path`."""
    if path:
        return Path(path).expanduser()
    env = os.environ.get("FILMGRAPH_STORE")
    if env:
        return Path(env).expanduser()
    return default_store_path()


def to_term(value: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A pyoxigraph term for a Python value: terms pass through, others become literals.

    >>> to_term(3).datatype.value
    'http://www.w3.org/2001/XMLSchema#integer'
    >>> to_term("x").value
    'x'
    """
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    if isinstance(value, bool):
        return ox.Literal(value)
    if isinstance(value, int | float | str):
        return ox.Literal(value)
    raise TypeError(f"cannot bind a {type(value).__name__} in a query")


_INT_TYPES = frozenset({"integer", "int", "long", "short", "byte", "nonNegativeInteger",
                        "positiveInteger", "negativeInteger", "nonPositiveInteger",
                        "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "gYear"})
_FLOAT_TYPES = frozenset({"decimal", "double", "float"})


def to_python(term: Any) -> Any:
    """The Python value of an RDF term: IRIs and strings as ``str``, numbers, booleans.

    A ``xsd:gYear`` becomes an ``int`` (the year); a value that does not fit its
    datatype stays a string.

    >>> import pyoxigraph as ox
    >>> to_python(ox.Literal(3)), to_python(ox.Literal(True)), to_python(ox.NamedNode("http://x/"))
    (3, True, 'http://x/')
    >>> to_python(ox.Literal("1985", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")))
    1985
    """
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    value = term.value
    if datatype is None or getattr(term, "language", None):
        return value
    local = datatype.value.rsplit("#", 1)[-1]
    try:
        if local in _INT_TYPES:
            return int(value)
        if local in _FLOAT_TYPES:
            return float(value)
    except ValueError:
        return value
    if local == "boolean":
        return value in ("true", "1")
    return value


class _Lock:
    """An advisory file lock: exclusive for writers, shared for readers."""

    def __init__(self, path: Path, *, exclusive: bool) -> None:
        self.path = path
        self.exclusive = exclusive
        self._fd: int | None = None

    def acquire(self, store_path: Path) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: RocksDB's own lock still protects
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise StoreLockedError(
                    f"the store at {store_path} is in use by another process"
                ) from None
            raise StoreError(f"cannot lock the store at {store_path}: {exc.strerror}") from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class EmbeddedStore:
    """An Oxigraph store on disk (or in memory when ``path`` is None).

    Parameters
    ----------
    path
        The store's folder. Created on first write. None keeps everything in memory.
    read_only
        Open for reading only: several readers may share the store, a writer may not
        open it meanwhile.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False):
        import pyoxigraph as ox

        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._lock: _Lock | None = None
        self._store: ox.Store | None = None
        if self.path is None:
            self._store = ox.Store()
            return
        if read_only and not (self.path / "CURRENT").exists():
            raise StoreError(
                f"there is no store at {self.path} yet; ingest a page first (filmgraph ingest PAGE)"
            )
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store at {self.path}: {exc.strerror}") from None
        if not self.path.is_dir():
            raise StoreError(f"the store path {self.path} is not a folder")
        self._lock = _Lock(self.path / _LOCK_NAME, exclusive=not read_only)
        self._lock.acquire(self.path)
        try:
            self._store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
            if not read_only:
                self.drop_staging()
        except OSError as exc:
            self._lock.release()
            text = str(exc)
            if "lock" in text.lower():
                raise StoreLockedError(
                    f"the store at {self.path} is in use by another process"
                ) from None
            raise StoreError(f"cannot open the store at {self.path}: {text}") from None

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Release the store; it cannot be used afterwards."""
        if self._store is not None:
            if not self.read_only and self.path is not None:
                try:
                    self._store.flush()
                except OSError:
                    pass
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def raw(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for the few callers that need it)."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    # ------------------------------------------------------------------ reading
    def _query(self, query: str, bindings: Mapping[str, object] | None) -> Any:
        import pyoxigraph as ox

        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None
        if bindings:
            subs = {ox.Variable(k): to_term(v) for k, v in bindings.items() if v is not None}
        try:
            return self.raw.query(query, substitutions=subs)
        except SyntaxError as exc:
            raise QueryError(f"the query does not parse: {exc}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"the query failed: {exc}") from None

    def select(self, query: str, bindings: Mapping[str, object] | None = None) -> list[Row]:
        """Run a SELECT query; each row maps variable names to pyoxigraph terms (unbound ones absent).

        ``bindings`` are substituted for variables before evaluation; they are
        data, never query text. Oxigraph requires a substituted variable to be
        in the SELECT projection, so stored queries project their parameters.
        """
        return list(self.iter_select(query, bindings))

    def iter_select(self, query: str, bindings: Mapping[str, object] | None = None) -> Iterable[Row]:
        """Like :meth:`select`, streaming rows as they come."""
        import pyoxigraph as ox

        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        for solution in result:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = value
            yield row

    def select_stream(
        self, query: str, bindings: Mapping[str, object] | None = None
    ) -> tuple[list[str], Iterable[Row]]:
        """The projected variable names and a stream of rows (for results too big to hold)."""
        import pyoxigraph as ox

        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]

        def rows() -> Iterable[Row]:
            for solution in result:
                yield {n: solution[n] for n in names if solution[n] is not None}

        return names, rows()

    def ask(self, query: str, bindings: Mapping[str, object] | None = None) -> bool:
        """Run an ASK query."""
        result = self._query(query, bindings)
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, object] | None = None) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE query and return its triples."""
        return list(self._query(query, bindings))

    def quads(self, graph: str | None = None) -> list[ox.Quad]:
        """Every quad of one named graph, or of the whole store."""
        import pyoxigraph as ox

        g = ox.NamedNode(graph) if graph else None
        return list(self.raw.quads_for_pattern(None, None, None, g))

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted (staging graphs left out)."""
        return sorted(
            g.value for g in self.raw.named_graphs() if not g.value.startswith(_STAGING)
        )

    def graph_size(self, graph: str) -> int:
        """The number of quads in one named graph."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            {"g": _iri(graph)},
        )
        return int(rows[0]["n"].value) if rows else 0

    def __len__(self) -> int:
        return len(self.raw)

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        """Serialise one graph (as triples) or the whole dataset (as quads)."""
        import pyoxigraph as ox

        if graph is not None:
            triples = [q.triple for q in self.quads(graph)]
            return ox.serialize(triples, format=fmt, prefixes=_prefixes()) or b""
        return ox.serialize(self.quads(), format=fmt, prefixes=_prefixes()) or b""

    # ------------------------------------------------------------------ writing
    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        return self.raw

    def replace_graphs(
        self,
        graphs: Sequence[tuple[str, Iterable[ox.Quad]]],
        *,
        extra: Iterable[ox.Quad] = (),
        drop_about: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Replace named graphs with new content in ONE transaction.

        ``graphs`` pairs a graph IRI with its quads. ``extra`` quads are added in the
        same transaction (the log entries); ``drop_about`` lists ``(graph, subject)``
        pairs whose triples are deleted first. Either all of it is stored or none.

        The new quads are first written to staging graphs (one transactional
        ``extend``), then a single SPARQL update drops the old graphs and moves the
        staged ones in. Moving keeps every literal exactly as written (re-parsing
        them as update text would canonicalise ``"7"^^xsd:nonNegativeInteger`` to an
        ``xsd:integer``). A crash before the update leaves only a staging graph,
        which the next writer removes.
        """
        import pyoxigraph as ox

        store = self._writable()
        staged: list[ox.Quad] = []
        moves: list[str] = []
        adds: list[str] = []
        for graph, quads in graphs:
            g = ox.NamedNode(graph)
            tmp = ox.NamedNode(_STAGING + graph)
            staged.extend(ox.Quad(q.subject, q.predicate, q.object, tmp) for q in quads)
            # IRIs are checked by NamedNode and written in N-Triples form.
            moves.append(f"DROP SILENT GRAPH {g}")
            moves.append(f"MOVE SILENT GRAPH {tmp} TO {g}")
        extra_graphs: set[str] = set()
        for q in extra:
            name = str(q.graph_name)[1:-1]  # extra quads are always in a named graph
            extra_graphs.add(name)
            tmp = ox.NamedNode(_STAGING + name)
            staged.append(ox.Quad(q.subject, q.predicate, q.object, tmp))
        for graph in sorted(extra_graphs):
            tmp = ox.NamedNode(_STAGING + graph)
            adds.append(f"ADD SILENT GRAPH {tmp} TO {ox.NamedNode(graph)}")
            adds.append(f"DROP SILENT GRAPH {tmp}")
        deletes = []
        for graph, subject in drop_about:
            g, subj = ox.NamedNode(graph), ox.NamedNode(subject)
            deletes.append(f"DELETE WHERE {{ GRAPH {g} {{ {subj} ?p ?o }} }}")
        try:
            store.extend(staged)
            store.update(" ;\n".join(moves + deletes + adds) or "CLEAR SILENT GRAPH <urn:x-none>")
        except OSError as exc:
            raise StoreError(f"cannot write to the store at {self.path}: {exc}") from None

    def drop_staging(self) -> None:
        """Remove staging graphs left behind by an interrupted write."""
        import pyoxigraph as ox

        store = self._writable()
        for g in list(store.named_graphs()):
            if isinstance(g, ox.NamedNode) and g.value.startswith(_STAGING):
                store.remove_graph(g)

    def drop_graph(self, graph: str) -> None:
        """Remove one named graph (transactionally)."""
        import pyoxigraph as ox

        self._writable().update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def bulk_load_nquads(self, data: bytes) -> None:
        """Fast, non-transactional load of N-Quads (for batch ingest of new graphs)."""
        import pyoxigraph as ox

        try:
            self._writable().bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"cannot write to the store at {self.path}: {exc}") from None


def _iri(value: str) -> ox.NamedNode:
    import pyoxigraph as ox

    return ox.NamedNode(value)


def _prefixes() -> dict[str, str]:
    from filmgraph.vocab import PREFIXES

    return dict(PREFIXES)
