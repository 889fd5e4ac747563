"""The notebook façade: open a store, run stored queries, get rows, DataFrames and graphs.

:func:`open_store` gives a :class:`FilmGraph` over the embedded store (read-only)
or a SPARQL server. Query answers come back as plain Python values (``str``,
``int``, ``float``, ``bool``; ``None`` for unbound), never RDF terms, so they
go straight into pandas, JSON or a plot.

Examples
--------
>>> import tempfile, pathlib
>>> from filmgraph.pipeline import ingest, resource_path
>>> from filmgraph.store import EmbeddedStore
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> with EmbeddedStore(folder) as s:
...     _ = ingest([resource_path("data", "mask-1985.txt")], s)
>>> with open_store(folder) as fg:
...     [f["title"] for f in fg.films()]
['Mask']
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from filmgraph.errors import InputError
from filmgraph.store import to_python

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = ["FilmGraph", "open_store", "to_python"]

class FilmGraph:
    """A film knowledge graph for notebooks: one store, queried by name or by text.

    Parameters
    ----------
    store
        An :class:`~filmgraph.store.EmbeddedStore` or :class:`~filmgraph.remote.RemoteStore`.
    timeout
        Seconds a query may run (embedded store: in a worker process that is stopped).

    See Also
    --------
    open_store : the usual way to get one.
    """

    def __init__(self, store: Any, *, timeout: float | None = None) -> None:
        self.store = store
        self.timeout = timeout

    def __repr__(self) -> str:
        where = getattr(self.store, "path", None) or getattr(self.store, "endpoint", None)
        return f"<FilmGraph {where or 'in memory'}>"

    # -- lifecycle ---------------------------------------------------------------------
    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def __enter__(self) -> FilmGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries --------------------------------------------------------------------------
    def query(self, name_or_text: str, **params: object) -> list[dict[str, Any]]:
        """Run a stored query (by name, e.g. ``"characters"``) or SPARQL text; rows of Python values.

        Parameters are bound as data, never pasted into the query: ``film`` is a
        slug (optional when the store holds one film), ``event``/``year``/``index``
        are integers, others are strings. Updates, ``SERVICE`` and ``LOAD`` are refused.

        Returns
        -------
        list of dict
            One dict per row, variable name to value; unbound variables are absent.
        """
        from filmgraph.queries import run_query

        rows = run_query(self.store, name_or_text, params or None, timeout=self.timeout)
        return [{k: to_python(v) for k, v in row.items()} for row in rows]

    def columns(self, name_or_text: str) -> list[str]:
        """The variables a SELECT query projects, in order (``*`` expanded at run time only)."""
        import re

        from filmgraph.queries import _mask, resolve_query

        text = _mask(resolve_query(name_or_text).text).text
        m = re.search(r"(?is)\bSELECT\b(.*?)\bWHERE\b|\bSELECT\b(.*?)\{", text)
        if not m:
            return []
        head = m.group(1) or m.group(2) or ""
        # Variables named after AS, and plain projected variables (not those inside expressions).
        out: list[str] = []
        depth = 0
        tokens = re.findall(r"\(|\)|\bAS\s+[?$]\w+|[?$]\w+", head, flags=re.I)
        for tok in tokens:
            if tok == "(":
                depth += 1
            elif tok == ")":
                depth -= 1
            elif tok.upper().startswith("AS"):
                out.append(tok.split()[-1][1:])
            elif depth == 0:
                out.append(tok[1:])
        return out

    def dataframe(self, name_or_text: str, **params: object) -> pd.DataFrame:
        """Like :meth:`query`, as a pandas DataFrame with typed columns.

        Whole numbers become ``Int64``, other numbers ``Float64``, truth values
        ``boolean`` and text ``string`` (all nullable), so a missing value is
        ``<NA>``, not a change of type. A column of mixed kinds stays ``object``.

        Raises
        ------
        ImportError
            When pandas is not installed (``pip install 'filmgraph-kg[pandas]'``).
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "FilmGraph.dataframe needs pandas: pip install 'filmgraph-kg[pandas]'"
            ) from None
        rows = self.query(name_or_text, **params)
        names = self.columns(name_or_text) or []
        for row in rows:
            for k in row:
                if k not in names:
                    names.append(k)
        data: dict[str, Any] = {}
        for name in names:
            values = [row.get(name) for row in rows]
            data[name] = pd.Series(values, dtype=_dtype(values), name=name)
        return pd.DataFrame(data, columns=names)

    # -- films and graphs -----------------------------------------------------------------
    def films(self) -> list[dict[str, Any]]:
        """The films in the store: ``slug``, ``title``, ``year``, ``iri``, ``graph``, ``triples``."""
        from filmgraph.catalog import films

        return films(self.store)

    def influence_graph(self, film: str | None = None, until: int | None = None) -> nx.MultiDiGraph:
        """The typed, signed relations of a film (see :func:`filmgraph.network.influence_graph`)."""
        from filmgraph.network import influence_graph

        return influence_graph(self.store, film, until=until)

    def cooccurrence_graph(self, film: str | None = None, until: int | None = None) -> nx.Graph:
        """Characters who share events, weighted by how many (see :func:`filmgraph.network.cooccurrence_graph`)."""
        from filmgraph.network import cooccurrence_graph

        return cooccurrence_graph(self.store, film, until=until)

    def report(self, film: str | None = None) -> str:
        """The film's self-contained HTML page (see :func:`filmgraph.report.render_report`)."""
        from filmgraph.report import render_report

        return render_report(self.store, film)


def _dtype(values: list[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return "object"
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "Int64"
    if kinds <= {int, float}:
        return "Float64"
    if kinds == {str}:
        return "string"
    return "object"


def open_store(path: str | os.PathLike[str] | None = None, endpoint: str | None = None, *,
               timeout: float | None = None) -> FilmGraph:
    """Open the store for reading: the embedded one at ``path`` or a SPARQL server at ``endpoint``.

    Parameters
    ----------
    path
        The store's folder; default ``FILMGRAPH_STORE``, else the per-user data folder.
    endpoint
        A SPARQL 1.1 query URL (``filmgraph serve``'s ``http://127.0.0.1:7878/sparql``,
        Oxigraph's ``/query``...). Give ``path`` or ``endpoint``, not both.
    timeout
        Seconds a query may run.

    Returns
    -------
    FilmGraph
        Use it as a context manager, or call :meth:`FilmGraph.close`.

    Raises
    ------
    StoreError
        When there is no store at ``path``.
    """
    if path is not None and endpoint is not None:
        raise InputError("open_store takes a path or an endpoint, not both")
    if endpoint is not None:
        from filmgraph.remote import RemoteStore

        return FilmGraph(RemoteStore(endpoint, timeout=timeout), timeout=None)
    from filmgraph.store import EmbeddedStore, resolve_store_path

    return FilmGraph(EmbeddedStore(resolve_store_path(path), read_only=True), timeout=timeout)
