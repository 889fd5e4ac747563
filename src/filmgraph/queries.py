"""Stored SPARQL queries (``queries/*.rq``) and running them with bound parameters.

A stored query is a ``.rq`` file that starts with ``# key: value`` comment lines
(``title``, ``question``, ``param NAME``, ``example``). Parameters are bound as
data (Oxigraph substitutions locally, a ``VALUES`` clause on a server), never
pasted into query text.

Examples
--------
>>> q = load_query("films")
>>> q.name, q.title
('films', 'Films')
>>> "SELECT" in q.text
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from filmgraph.errors import (
    InputError,
    NotFoundError,
    QueryError,
    QueryRefusedError,
    QueryTimeoutError,
)
from filmgraph.resources import resource_dir

__all__ = [
    "FILM_PARAMS",
    "INTEGER_PARAMS",
    "StoredQuery",
    "bind_values",
    "check_read_only",
    "convert_params",
    "film_bindings",
    "film_graph",
    "load_query",
    "parse_param",
    "parse_query_file",
    "query_form",
    "resolve_query",
    "run_query",
    "stored_queries",
    "values_clause",
    "where_brace",
]

_HEADER = re.compile(r"^#\s*(?P<key>[A-Za-z]+)(?:\s+(?P<arg>[A-Za-z_][A-Za-z0-9_]*))?\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True)
class StoredQuery:
    """A SPARQL query with its documentation and declared parameters."""

    name: str
    text: str
    title: str = ""
    question: str = ""
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""
    path: Path | None = None


def parse_query_file(path: Path, name: str | None = None) -> StoredQuery:
    """Read a ``.rq`` file and its header comments."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, arg, value = m.group("key").lower(), m.group("arg"), m.group("value").strip()
        if key == "param" and arg:
            params[arg] = value
        elif key in meta:
            meta[key] += " " + value
        else:
            meta[key] = value
    return StoredQuery(
        name=name or path.stem,
        text=text,
        title=meta.get("title", ""),
        question=meta.get("question", ""),
        params=params,
        example=meta.get("example", ""),
        path=path,
    )


def stored_queries() -> list[StoredQuery]:
    """Every stored query, by name."""
    return [parse_query_file(p) for p in sorted(resource_dir("queries").glob("*.rq"))]


def load_query(name: str) -> StoredQuery:
    """The stored query called ``name`` (``NotFoundError`` if there is none)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise NotFoundError(f"no stored query named {name!r}")
    path = resource_dir("queries") / f"{name}.rq"
    if not path.is_file():
        names = ", ".join(q.name for q in stored_queries())
        raise NotFoundError(f"no stored query named {name!r} (stored: {names})")
    return parse_query_file(path)


# --------------------------------------------------------------------------- parameters

#: Parameters whose values are story indices or years: bound as ``xsd:integer``.
INTEGER_PARAMS: frozenset[str] = frozenset({"event", "index", "year", "from", "to"})
#: Parameters whose values name a film by slug: bound as the film's IRI.
FILM_PARAMS: frozenset[str] = frozenset({"film"})
#: The variable a stored query's ``GRAPH ?g`` names; bound to the film's named graph
#: along with ``film`` (never a user parameter), so one film's lookup reads one graph.
GRAPH_VAR = "g"


def parse_param(text: str) -> tuple[str, str]:
    """Split a ``--param k=v`` argument.

    >>> parse_param("character=Rocky Dennis")
    ('character', 'Rocky Dennis')
    >>> parse_param("oops")
    Traceback (most recent call last):
    ...
    filmgraph.errors.InputError: --param 'oops' is not of the form NAME=VALUE
    """
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise InputError(f"--param {text!r} is not of the form NAME=VALUE")
    return name, value


def convert_params(
    store: Any, params: Mapping[str, object] | None, query: StoredQuery | None = None
) -> dict[str, Any]:
    """Turn user-given parameter values into RDF terms to bind.

    ``film`` (a slug) becomes the film's IRI, looked up in the store (so an unknown
    or malformed slug is a :class:`~filmgraph.errors.NotFoundError`, never query
    text); ``event``, ``index``, ``year``, ``from`` and ``to`` become integers;
    everything else is a plain string literal. Values that already are
    pyoxigraph terms pass through. For a stored query, an undeclared name is an
    error, a missing ``film`` defaults to the store's only film, and any other
    missing parameter is an error.

    A stored query that declares ``film`` and projects ``?g`` also gets ``g``
    bound to the film's named graph (:func:`film_graph`), so its ``GRAPH ?g``
    pattern reads that one graph instead of every film's: ``g`` is internal,
    never a parameter a user gives.

    >>> from filmgraph.store import EmbeddedStore
    >>> convert_params(EmbeddedStore(), {"year": "1979", "name": "Rocky"})
    {'year': <Literal value=1979 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>, 'name': <Literal value=Rocky datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>}
    """
    import pyoxigraph as ox

    given = dict(params or {})
    if query is not None and query.params:
        unknown = sorted(set(given) - set(query.params))
        if unknown:
            declared = ", ".join(query.params) or "none"
            why = (" (it is bound from film, to the film's named graph)"
                   if unknown[0] == GRAPH_VAR and _graph_bound(query) else "")
            raise InputError(
                f"the query {query.name!r} has no parameter {unknown[0]!r}{why} (parameters: {declared})"
            )
        for name in query.params:
            if name in given:
                continue
            if name in FILM_PARAMS:
                given[name] = None  # the store's only film, if it holds one
            else:
                raise InputError(
                    f"the query {query.name!r} needs --param {name}=VALUE ({query.params[name]})"
                )
    out: dict[str, Any] = {}
    graphs: dict[str, str] = {}  # film IRI -> its named graph, as resolve_film found it
    for name, value in given.items():
        if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
            out[name] = value
        elif name in FILM_PARAMS:
            from filmgraph.catalog import resolve_film

            info = resolve_film(store, None if value is None else str(value))
            out[name] = ox.NamedNode(info["iri"])
            if info.get("graph"):
                graphs[str(info["iri"])] = str(info["graph"])
        elif name in INTEGER_PARAMS:
            try:
                out[name] = ox.Literal(int(str(value).strip()))
            except ValueError:
                raise InputError(f"--param {name} must be an integer, not {value!r}") from None
        else:
            out[name] = ox.Literal(str(value))
    if query is not None and _graph_bound(query) and GRAPH_VAR not in out:
        film = next((out[n] for n in FILM_PARAMS if isinstance(out.get(n), ox.NamedNode)), None)
        if film is not None:
            graph = graphs.get(film.value) or film_graph(store, film.value)
            if graph is not None:
                out[GRAPH_VAR] = ox.NamedNode(graph)
    return out


def _graph_bound(query: StoredQuery) -> bool:
    """Whether ``g`` is bound to the film's graph for ``query``: it declares a film and projects ``?g``."""
    return any(n in query.params for n in FILM_PARAMS) and GRAPH_VAR not in query.params and \
        projects(query.text, GRAPH_VAR)


_PROJECTS: dict[tuple[str, str], bool] = {}


def projects(query: str, var: str) -> bool:
    """Whether a SELECT query's projection names ``?var`` (or is ``SELECT *``).

    >>> projects("SELECT ?film ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?film ?p ?o } } GROUP BY ?film ?g", "g")
    True
    >>> projects("SELECT ?film WHERE { GRAPH ?g { ?film ?p ?o } }", "g")
    False
    """
    key = (query, var)
    if key not in _PROJECTS:
        masked = _mask(query).text
        m = re.search(r"(?i)(?<![?$\w])SELECT\b", masked)
        at = where_brace(query)
        if m is None or at is None or at < m.end():
            _PROJECTS[key] = False
        else:
            head = masked[m.end():at]
            head = re.split(r"(?i)(?<![?$\w])WHERE\b", head)[0]
            _PROJECTS[key] = bool(re.search(rf"[?$]{re.escape(var)}(?![\w\u00b7\u00c0-\uffff])", head)
                                  or re.fullmatch(r"(?is)\s*(DISTINCT|REDUCED)?\s*\*\s*", head))
    return _PROJECTS[key]


def film_graph(store: Any, film: str) -> str | None:
    """The IRI of the named graph that holds the film ``film`` (an IRI).

    Films minted under the base in effect have their graph minted alongside
    (:meth:`filmgraph.iri.Minter.graph`); any other film IRI is looked up in
    the store (one quad). None when the store holds no such film.

    >>> film_graph(None, "https://w3id.org/filmgraph/id/film/mask-1985")
    'https://w3id.org/filmgraph/id/graph/mask-1985'
    """
    from filmgraph.iri import Minter

    minter = Minter()
    prefix = minter.film("")
    slug = film[len(prefix):] if film.startswith(prefix) else ""
    if slug and "/" not in slug and "#" not in slug:
        return minter.graph(slug)
    if store is None:
        return None
    import pyoxigraph as ox

    rows = store.select(
        "SELECT ?film ?g WHERE { GRAPH ?g { ?film a <https://w3id.org/filmgraph/ontology#Film> } } LIMIT 1",
        {"film": ox.NamedNode(film)},
    )
    return rows[0]["g"].value if rows else None


def film_bindings(store: Any, film: str, graph: str | None = None) -> dict[str, Any]:
    """Bindings for a per-film stored query run directly on a store: ``film`` and ``g``.

    ``graph`` is the film's named graph when known (``resolve_film`` gives it);
    otherwise :func:`film_graph` finds it.

    >>> b = film_bindings(None, "https://w3id.org/filmgraph/id/film/mask-1985")
    >>> sorted(b), b["g"].value
    (['film', 'g'], 'https://w3id.org/filmgraph/id/graph/mask-1985')
    """
    import pyoxigraph as ox

    out: dict[str, Any] = {"film": ox.NamedNode(film)}
    graph = graph or film_graph(store, film)
    if graph is not None:
        out[GRAPH_VAR] = ox.NamedNode(graph)
    return out


# --------------------------------------------------------------------------- the read-only guard

_UPDATE_WORDS = ("INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "ADD", "MOVE", "COPY", "WITH", "LOAD")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_PNAME_OR_VAR = re.compile(
    r"[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+"  # variables
    r"|(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:[\w.\-:%\\\u00b7\u00c0-\uffff]*"  # a:b
    r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"  # language tags
    r"|\^\^"
)


@dataclass(frozen=True)
class _Masked:
    """Query text with comments, strings and IRIs blanked out (same length), and the IRIs."""

    text: str
    iris: dict[int, str]  # start offset in ``text`` -> the IRI (without < >)


def _mask(query: str) -> _Masked:
    """Blank out comments, string literals and IRIs so keywords can be looked for safely."""
    out: list[str] = []
    iris: dict[int, str] = {}
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            j = query.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif ch in "\"'":
            long = query.startswith(ch * 3, i)
            quote = ch * 3 if long else ch
            j = i + len(quote)
            while j < n:
                if query[j] == "\\":
                    j += 2
                    continue
                if query.startswith(quote, j):
                    j += len(quote)
                    break
                if not long and query[j] == "\n":
                    break
                j += 1
            j = min(j, n)
            out.append(quote + " " * max(0, j - i - 2 * len(quote)) + quote[: max(0, j - i - len(quote))])
            i = j
        elif ch == "<":
            m = _IRI.match(query, i)
            if m:
                iris[i] = m.group(0)[1:-1]
                out.append("<" + " " * (len(m.group(0)) - 2) + ">")
                i = m.end()
            else:
                out.append(ch)
                i += 1
        else:
            out.append(ch)
            i += 1
    text = "".join(out)
    return _Masked(text[:n].ljust(n), iris)


def check_read_only(query: str, *, graphs: Callable[[], Iterable[str]] | None = None) -> None:
    """Refuse a query that would change data or reach beyond the store, before it runs.

    Looks, outside comments, strings and IRIs, for ``SERVICE``, ``LOAD``, any
    update operation, and ``FROM``/``FROM NAMED`` with an IRI that is not one of
    the store's named graphs (``graphs`` lists them; without it every ``FROM`` is
    refused). Raises :class:`~filmgraph.errors.QueryRefusedError` naming the clause.

    >>> check_read_only('SELECT * WHERE { ?s ?p "service" } # DROP ALL')
    >>> check_read_only("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    filmgraph.errors.QueryRefusedError: the query uses SERVICE, which would make the store contact another server; filmgraph runs such queries nowhere
    >>> check_read_only("DROP ALL")
    Traceback (most recent call last):
    ...
    filmgraph.errors.QueryRefusedError: the query is an update (DROP); add --allow-updates to change the store
    """
    masked = _mask(query)
    words = _PNAME_OR_VAR.sub(" ", masked.text).upper()
    if re.search(r"\bSERVICE\b", words):
        raise QueryRefusedError(
            "the query uses SERVICE, which would make the store contact another server; "
            "filmgraph runs such queries nowhere"
        )
    if re.search(r"\bLOAD\b", words):
        raise QueryRefusedError(
            "the query uses LOAD, which would fetch a document from elsewhere into the store; "
            "filmgraph runs such queries nowhere"
        )
    for word in _UPDATE_WORDS:
        if re.search(rf"\b{word}\b", words):
            raise QueryRefusedError(
                f"the query is an update ({word}); add --allow-updates to change the store"
            )
    upper = masked.text.upper()
    known: set[str] | None = None
    for m in re.finditer(r"(?<![?$\w:])FROM\b(\s+NAMED\b)?\s*", upper):
        clause = "FROM NAMED" if m.group(1) else "FROM"
        iri = masked.iris.get(m.end())
        if iri is None:
            raise QueryRefusedError(f"the query's {clause} clause does not name a graph by a full IRI")
        if known is None:
            known = set(graphs()) if graphs is not None else set()
        if iri not in known:
            raise QueryRefusedError(
                f"the query's {clause} <{iri}> names no graph of the store; "
                "filmgraph does not fetch graphs from elsewhere"
            )


def query_form(query: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE`` or ``UPDATE``: what a query text is.

    >>> query_form("PREFIX ex: <http://example.org/select#> ASK { ?s ?p ?o }")
    'ASK'
    """
    words = _PNAME_OR_VAR.sub(" ", _mask(query).text).upper()
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", words)
    return m.group(1) if m else "UPDATE"


def where_brace(query: str) -> int | None:
    """The offset of the ``{`` that opens the query's top-level WHERE pattern, if found.

    >>> q = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"
    >>> where_brace(q)
    16
    """
    masked = _mask(query).text
    form = query_form(query)
    depth = 0
    groups_seen = 0
    where_pending = False
    for i, ch in enumerate(masked):
        if ch == "{":
            if depth == 0:
                if where_pending or form != "CONSTRUCT" or groups_seen == 1:
                    return i
                groups_seen += 1
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and masked.startswith(("WHERE", "where", "Where"), i):
            if re.match(r"(?i)WHERE\b", masked[i:]) and (i == 0 or not masked[i - 1].isalnum()):
                where_pending = True
    return None


def values_clause(bindings: Mapping[str, Any]) -> str:
    """A ``VALUES`` clause binding variables to RDF terms, each written in N-Triples form.

    pyoxigraph checks IRIs and escapes quotes, backslashes and newlines in
    literals, so no value can end the clause early.

    >>> import pyoxigraph as ox
    >>> values_clause({"name": ox.Literal('x" } ; DROP ALL ; #')})
    'VALUES (?name) { ("x\\\\" } ; DROP ALL ; #") }'
    """
    from filmgraph.store import to_term

    names, terms = [], []
    for name, value in bindings.items():
        if value is None:
            continue
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(f"{name!r} is not a SPARQL variable name")
        names.append("?" + name)
        terms.append(str(to_term(value)))
    if not names:
        return ""
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def bind_values(query: str, bindings: Mapping[str, Any]) -> str:
    """The query with ``bindings`` as a ``VALUES`` clause opening its WHERE pattern.

    Placed there, the values join everything the pattern matches, which for
    parameters used at the top level of the pattern is what binding them
    beforehand (Oxigraph substitutions, rdflib ``initBindings``) does. A query
    whose pattern cannot be found gets the clause at its end.

    >>> import pyoxigraph as ox
    >>> bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.Literal(1)})
    'SELECT ?s WHERE { VALUES (?o) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) }\\n ?s ?p ?o }'
    """
    clause = values_clause(bindings)
    if not clause:
        return query
    at = where_brace(query)
    if at is None:
        return query.rstrip() + "\n" + clause + "\n"
    return query[: at + 1] + " " + clause + "\n" + query[at + 1 :]


# --------------------------------------------------------------------------- running


def resolve_query(query_or_name: str | StoredQuery) -> StoredQuery:
    """A stored query by name, or query text wrapped as an unnamed :class:`StoredQuery`."""
    if isinstance(query_or_name, StoredQuery):
        return query_or_name
    if re.fullmatch(r"[A-Za-z0-9_-]+", query_or_name.strip()):
        return load_query(query_or_name.strip())
    return StoredQuery(name="query", text=query_or_name)


def run_query(
    store: Any,
    query_or_name: str | StoredQuery,
    params: Mapping[str, object] | None = None,
    *,
    allow_updates: bool = False,
    timeout: float | None = None,
) -> list[dict[str, Any]]:
    """Run a stored query (by name) or query text with bound parameters; return its rows.

    The query is checked first (:func:`check_read_only`) unless ``allow_updates``;
    parameters are converted (:func:`convert_params`) and bound as data. SELECT
    gives rows mapping variable names to pyoxigraph terms; ASK gives one row
    ``{"result": Literal(bool)}``; CONSTRUCT and DESCRIBE give rows of
    ``subject``, ``predicate``, ``object``; an allowed update gives no rows. On the
    embedded store, ``timeout`` (seconds) runs the query in a worker process that
    is stopped when time is up (:class:`~filmgraph.errors.QueryTimeoutError`).

    >>> from filmgraph.store import EmbeddedStore
    >>> rows = run_query(EmbeddedStore(), "SELECT ?x WHERE { BIND(?year + 1 AS ?x) }", {"year": "1979"})
    Traceback (most recent call last):
    ...
    filmgraph.errors.QueryError: the query failed: The SPARQL query does not contains variable ?year in its SELECT projection (a bound parameter must be in the SELECT list)
    >>> rows = run_query(EmbeddedStore(), "SELECT ?year ?x WHERE { BIND(?year + 1 AS ?x) }", {"year": "1979"})
    >>> rows[0]["x"].value
    '1980'
    """
    q = resolve_query(query_or_name)
    text = q.text
    if not allow_updates:
        check_read_only(text, graphs=store.named_graphs)
    form = query_form(text)
    if form == "UPDATE":
        if params:
            raise InputError("parameters cannot be bound in an update")
        _update(store, text)
        return []
    bindings = convert_params(store, params, q)
    if timeout is not None and getattr(store, "raw", None) is not None:
        return _run_with_timeout(store, text, form, bindings, timeout)
    try:
        return _run(store, text, form, bindings)
    except QueryError as exc:
        raise _explain(exc) from None


def stream_query(
    store: Any,
    query_or_name: str | StoredQuery,
    params: Mapping[str, object] | None = None,
    *,
    allow_updates: bool = False,
    timeout: float | None = None,
) -> tuple[list[str], Iterable[dict[str, Any]]]:
    """Like :func:`run_query`, but return the column names and a stream of rows.

    A SELECT on the embedded store without a timeout streams straight from the
    store, so a query without LIMIT over a large store starts answering at once;
    anything else is run by :func:`run_query`.

    >>> from filmgraph.store import EmbeddedStore
    >>> columns, rows = stream_query(EmbeddedStore(), "SELECT ?x WHERE { VALUES ?x { 1 2 } }")
    >>> columns, [r["x"].value for r in rows]
    (['x'], ['1', '2'])
    """
    q = resolve_query(query_or_name)
    if (timeout is None and query_form(q.text) == "SELECT"
            and hasattr(store, "select_stream")):
        if not allow_updates:
            check_read_only(q.text, graphs=store.named_graphs)
        bindings = convert_params(store, params, q)
        try:
            return cast("tuple[list[str], Iterable[dict[str, Any]]]",
                        store.select_stream(q.text, bindings))
        except QueryError as exc:
            raise _explain(exc) from None
    rows = run_query(store, q, params, allow_updates=allow_updates, timeout=timeout)
    columns: list[str] = []
    for r in rows:
        for k in r:
            if k not in columns:
                columns.append(k)
    return columns, rows


def _explain(exc: QueryError) -> QueryError:
    if "SELECT projection" in str(exc):
        return QueryError(f"{exc} (a bound parameter must be in the SELECT list)")
    return exc


def _run(store: Any, text: str, form: str, bindings: Mapping[str, Any]) -> list[dict[str, Any]]:
    import pyoxigraph as ox

    if form == "SELECT":
        return store.select(text, bindings)
    if form == "ASK":
        return [{"result": ox.Literal(bool(store.ask(text, bindings)))}]
    return [
        {"subject": t.subject, "predicate": t.predicate, "object": t.object}
        for t in store.construct(text, bindings)
    ]


def _update(store: Any, text: str) -> None:
    raw = getattr(store, "raw", None)
    if raw is None:
        store.update(text)
        return
    if getattr(store, "read_only", False):
        raise QueryError("the store is open read-only; an update needs it open for writing")
    try:
        raw.update(text)
    except SyntaxError as exc:
        raise QueryError(f"the update does not parse: {exc}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the update failed: {exc}") from None


# Terms cross the process boundary as plain tuples: (kind, value, datatype or language).
def _pack(term: Any) -> tuple[str, str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return ("iri", term.value, "")
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, "")
    if isinstance(term, ox.Literal):
        if term.language:
            return ("lang", term.value, term.language)
        return ("literal", term.value, term.datatype.value)
    return ("literal", str(term), "")


def _unpack(packed: tuple[str, str, str]) -> Any:
    import pyoxigraph as ox

    kind, value, extra = packed
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind == "lang":
        return ox.Literal(value, language=extra)
    return ox.Literal(value, datatype=ox.NamedNode(extra)) if extra else ox.Literal(value)


_FORKED_STORE: Any = None  # the in-memory store a forked worker inherits


def _worker(conn: Any, path: str | None, text: str, form: str, bindings: dict[str, tuple]) -> None:
    try:
        if path is None:
            store = _FORKED_STORE
        else:
            from filmgraph.store import EmbeddedStore

            store = EmbeddedStore.__new__(EmbeddedStore)
            import pyoxigraph as ox

            store.path, store.read_only, store._lock = None, True, None
            store._store = ox.Store.read_only(path)
        rows = _run(store, text, form, {k: _unpack(v) for k, v in bindings.items()})
        conn.send(("ok", [{k: _pack(v) for k, v in r.items()} for r in rows]))
    except QueryError as exc:
        conn.send(("error", str(_explain(exc))))
    except Exception as exc:  # pragma: no cover - reported to the parent as a query error
        conn.send(("error", f"the query failed: {exc}"))
    finally:
        conn.close()


def _run_with_timeout(
    store: Any, text: str, form: str, bindings: Mapping[str, Any], timeout: float
) -> list[dict[str, Any]]:
    """Run the query in a worker process; stop it when ``timeout`` seconds have passed."""
    import multiprocessing as mp

    global _FORKED_STORE
    if timeout <= 0:
        raise InputError("--timeout must be a positive number of seconds")
    path = str(store.path) if store.path is not None else None
    ctx: Any
    if path is None:
        if "fork" not in mp.get_all_start_methods():  # pragma: no cover - Windows
            return _run(store, text, form, bindings)
        ctx = mp.get_context("fork")
        _FORKED_STORE = store
    else:
        ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    packed = {k: _pack(v) for k, v in bindings.items()}
    proc = ctx.Process(target=_worker, args=(child, path, text, form, packed), daemon=True)
    try:
        proc.start()
        child.close()
        if not parent.poll(timeout):
            raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped")
        try:
            status, payload = parent.recv()
        except EOFError:
            raise QueryError("the query's worker process ended without an answer") from None
    finally:
        _FORKED_STORE = None
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "error":
        raise QueryError(payload)
    return [{k: _unpack(v) for k, v in r.items()} for r in payload]
