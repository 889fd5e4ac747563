"""A read-only SPARQL 1.1 Protocol endpoint over the embedded store, with a report page per film.

``filmgraph serve`` answers ``GET`` and ``POST`` at ``/sparql`` (``query=`` in the
URL or a form body, or an ``application/sparql-query`` body) with results in JSON,
XML, CSV or TSV as the ``Accept`` header asks (Turtle, N-Triples or RDF/XML for
CONSTRUCT and DESCRIBE). It serves ``/films/SLUG`` (the page of
:func:`filmgraph.report.render_report`) and an index at ``/``.

It changes nothing and contacts nothing: the store is opened read-only; SPARQL
Update (``update=`` or an ``application/sparql-update`` body, or update text
sent as a query), ``LOAD``, ``SERVICE`` and ``FROM`` a graph the store does not
hold are refused with HTTP 403 before anything runs (the guard is
:func:`filmgraph.queries.check_read_only`). Each query runs in a worker process
that is killed when it passes the time limit (pyoxigraph queries cannot be
interrupted otherwise), and at most ``max_rows`` rows (or triples) are returned;
a cut answer carries the header ``Filmgraph-Truncated: true``.

The default graph of a query is the union of the named graphs (one per film),
as with ``oxigraph serve --union-default-graph``, so ``SELECT * { ?s ?p ?o }``
sees every film; ``default-graph-uri`` and ``named-graph-uri`` narrow it.

Examples
--------
>>> negotiate("application/sparql-results+json;q=0.5, text/csv", "SELECT")
'csv'
>>> negotiate("*/*", "CONSTRUCT")
'turtle'
>>> negotiate("image/png", "SELECT") is None
True
"""

from __future__ import annotations

import html
import ipaddress
import json
import queue
import re
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from filmgraph.errors import (
    FilmGraphError,
    NotFoundError,
    QueryError,
    QueryRefusedError,
    QueryTimeoutError,
)

__all__ = [
    "DEFAULT_PORT",
    "MEDIA_TYPES",
    "Endpoint",
    "ServeOptions",
    "is_loopback",
    "make_server",
    "negotiate",
    "serve",
    "solutions_json",
]

DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # bytes of a POST body

#: Result format name -> media type sent back.
MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
# Accepted media types -> format, for solutions (SELECT, ASK) and for graphs (CONSTRUCT, DESCRIBE).
_SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "tsv",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
}
# ``format=``/``output=`` values (SPARQLWrapper sends them) -> format.
_FORMAT_PARAM = {
    "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "ntriples",
    "ntriples": "ntriples", "rdf+xml": "rdfxml", "rdfxml": "rdfxml",
}


def negotiate(accept: str | None, form: str, param: str | None = None) -> str | None:
    """The result format for an ``Accept`` header and a query form; None if none fits.

    A ``format=`` or ``output=`` parameter (``param``) wins when it names a format
    that fits the form. ``*/*`` or no header gives JSON for SELECT and ASK, Turtle
    for CONSTRUCT and DESCRIBE.
    """
    graph = form in ("CONSTRUCT", "DESCRIBE")
    table = _GRAPH_TYPES if graph else _SOLUTION_TYPES
    fits = set(table.values())
    if param:
        wanted = _FORMAT_PARAM.get(param.strip().lower())
        if wanted in fits:
            return wanted
    default = "turtle" if graph else "json"
    if not accept or not accept.strip():
        return default
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0 and media:
            choices.append((-q, i, media))
    for _, _, media in sorted(choices):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*") or (media == "text/*" and not graph):
            return default if media != "text/*" else "csv"
        if media == "text/*":
            return "turtle"
    return None


# --------------------------------------------------------------------------- running queries


def _term_json(term: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {
            "subject": _term_json(term.subject),
            "predicate": _term_json(term.predicate),
            "object": _term_json(term.object),
        }}
    return {"type": "literal", "value": str(term)}


def solutions_json(variables: list[str], rows: list[list[Any]]) -> bytes:
    """SPARQL 1.1 Query Results JSON for rows of pyoxigraph terms (None for unbound).

    >>> import pyoxigraph as ox
    >>> solutions_json(["x"], [[ox.Literal("a")], [None]])
    b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "a"}}, {}]}}'
    """
    bindings = [
        {v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Answer:
    """What a worker sends back: an HTTP status, a media type, a body, whether it was cut."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


def execute(store: Any, query: str, fmt_accept: str | None, fmt_param: str | None,
            max_rows: int, default_graphs: list[str], named_graphs: list[str]) -> Answer:
    """Run one query on a pyoxigraph store and serialise at most ``max_rows`` of its results."""
    import pyoxigraph as ox

    from filmgraph.queries import query_form

    form = query_form(query)
    fmt = negotiate(fmt_accept, form, fmt_param)
    if fmt is None:
        kinds = "Turtle, N-Triples, RDF/XML" if form in ("CONSTRUCT", "DESCRIBE") else "JSON, XML, CSV, TSV"
        return Answer(406, "text/plain; charset=utf-8",
                      f"none of the accepted media types can be served; this query gives {kinds}\n"
                      .encode())
    kwargs: dict[str, Any] = {}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.query(query, **kwargs)
    except SyntaxError as exc:
        return Answer(400, "text/plain; charset=utf-8", f"the query does not parse: {exc}\n".encode())
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer(400, "text/plain; charset=utf-8", f"the query failed: {exc}\n".encode())
    try:
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper()))
            return Answer(200, MEDIA_TYPES[fmt], body or b"")
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows: list[list[Any]] = []
            truncated = False
            for solution in result:
                if len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append([solution[v] for v in variables])
            body = solutions_json(variables, rows)
            if fmt != "json":
                # pyoxigraph's own serialisers, fed the capped rows back through JSON.
                parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
                body = parsed.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper())) or b""
            return Answer(200, MEDIA_TYPES[fmt], body, truncated)
        triples: list[Any] = []
        truncated = False
        for t in result:
            if len(triples) >= max_rows:
                truncated = True
                break
            triples.append(t)
        rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
        from filmgraph.vocab import PREFIXES

        prefixes = dict(PREFIXES) if fmt == "turtle" else None
        body = ox.serialize(triples, format=rdf, prefixes=prefixes) if prefixes else ox.serialize(
            triples, format=rdf)
        return Answer(200, MEDIA_TYPES[fmt], body or b"", truncated)
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer(500, "text/plain; charset=utf-8", f"the query failed: {exc}\n".encode())


def _worker_main(path: str, conn: Any) -> None:
    """A query worker: opens the store read-only, answers requests until told to stop."""
    import pyoxigraph as ox

    store = ox.Store.read_only(path)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            answer = execute(store, *request)
        except Exception as exc:  # pragma: no cover - reported as a server error
            answer = Answer(500, "text/plain; charset=utf-8", f"the query failed: {exc}\n".encode())
        try:
            conn.send(answer)
        except (OSError, BrokenPipeError):
            return


class _Worker:
    def __init__(self, ctx: Any, path: str) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(path, child), daemon=True,
                                name="filmgraph-query")
        self.proc.start()
        child.close()

    def ask(self, request: tuple[Any, ...], timeout: float) -> Answer:
        self.conn.send(request)
        if not self.conn.poll(timeout):
            raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped")
        answer: Answer = self.conn.recv()
        return answer

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class QueryPool:
    """Worker processes that run queries; one that runs past the time limit is killed and replaced."""

    def __init__(self, path: Path, size: int = 2, timeout: float = 10.0) -> None:
        import multiprocessing as mp

        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self._ctx = mp.get_context("spawn")
        self._path = str(path)
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self._path)
        with self._lock:
            self._all.append(w)
        return w

    def _retire(self, w: _Worker) -> None:
        w.stop()
        with self._lock:
            if w in self._all:
                self._all.remove(w)

    def run(self, *request: Any) -> Answer:
        w = self._idle.get()
        try:
            answer = w.ask(request, self.timeout)
        except QueryTimeoutError:
            self._retire(w)
            w = self._spawn()
            raise
        except (EOFError, OSError, BrokenPipeError):
            self._retire(w)
            w = self._spawn()
            raise QueryError("the query's worker process ended without an answer") from None
        finally:
            self._idle.put(w)
        return answer

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.stop()


# --------------------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class ServeOptions:
    """How the endpoint runs."""

    store_path: Path
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Endpoint:
    """The state shared by the request handlers: the store, the query workers, the page cache."""

    def __init__(self, options: ServeOptions) -> None:
        from filmgraph.store import EmbeddedStore

        self.options = options
        self.store = EmbeddedStore(options.store_path, read_only=True)
        try:
            self.pool = QueryPool(options.store_path, options.workers, options.timeout)
        except BaseException:
            self.store.close()
            raise
        self._pages: dict[str, bytes] = {}
        self._render_lock = threading.Lock()

    def close(self) -> None:
        self.pool.close()
        self.store.close()

    def films(self) -> list[dict[str, Any]]:
        from filmgraph.catalog import films

        with self._render_lock:
            return films(self.store)

    def page(self, slug: str) -> bytes:
        """The report page of one film (rendered once: the store cannot change while served)."""
        from filmgraph.report import render_report

        with self._render_lock:
            if slug not in self._pages:
                self._pages[slug] = render_report(self.store, slug).encode("utf-8")
            return self._pages[slug]

    def query(self, text: str, accept: str | None, fmt: str | None,
              default_graphs: list[str], named_graphs: list[str]) -> Answer:
        from filmgraph.queries import check_read_only, query_form

        if query_form(text) == "UPDATE" and not re.search(r"(?i)\bSERVICE\b", text):
            raise QueryRefusedError(
                "this endpoint is read-only: SPARQL Update is refused (send queries only)"
            )
        try:
            check_read_only(text, graphs=self.store.named_graphs)
        except QueryRefusedError as exc:
            message = str(exc).replace("; add --allow-updates to change the store",
                                       "; this endpoint is read-only")
            raise QueryRefusedError(message) from None
        known = set(self.store.named_graphs())
        for g in default_graphs + named_graphs:
            if g not in known:
                raise QueryRefusedError(f"the graph <{g}> is not in the store; nothing is fetched from elsewhere")
        return self.pool.run(text, accept, fmt, self.options.max_rows, default_graphs, named_graphs)


class _Handler(BaseHTTPRequestHandler):
    server_version = "filmgraph"
    sys_version = ""
    endpoint: Endpoint  # set on the subclass made by make_server
    protocol_version = "HTTP/1.1"

    # -- plumbing -------------------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"filmgraph serve: {self.address_string()} - {format % args}\n")

    def _send(self, status: int, media_type: str, body: bytes,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))

    # -- routes -------------------------------------------------------------------------
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/sparql":
            if "update" in params:
                self._text(403, "this endpoint is read-only: SPARQL Update is refused")
                return
            if "query" not in params:
                self._text(200, "filmgraph read-only SPARQL endpoint: send query= (GET or POST), "
                                "or POST an application/sparql-query body.")
                return
            self._run(params)
            return
        if url.path in ("/", "/index.html"):
            self._index()
            return
        m = re.fullmatch(r"/films/([A-Za-z0-9%_.-]+)/?", url.path)
        if m:
            self._film(m.group(1))
            return
        self._text(404, f"nothing at {url.path}; try / or /sparql")

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._text(404, f"nothing to POST to at {url.path}; use /sparql")
            return
        length = self.headers.get("Content-Length")
        try:
            size = int(length) if length is not None else -1
        except ValueError:
            size = -1
        if size < 0:
            self._text(411, "a POST needs a Content-Length")
            return
        if size > MAX_BODY:
            self._text(413, f"the request body is larger than {MAX_BODY} bytes")
            self.close_connection = True
            return
        body = self.rfile.read(size)
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if media == "application/sparql-update":
            self._text(403, "this endpoint is read-only: SPARQL Update is refused")
            return
        if media == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                self._text(400, "the form body is not UTF-8")
                return
            if "update" in form:
                self._text(403, "this endpoint is read-only: SPARQL Update is refused")
                return
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif media == "application/sparql-query":
            try:
                params["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError:
                self._text(400, "the query is not UTF-8")
                return
        else:
            self._text(415, "POST a form (application/x-www-form-urlencoded) with query=, "
                            "or an application/sparql-query body")
            return
        if "query" not in params:
            self._text(400, "no query= given")
            return
        self._run(params)

    def _run(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1:
            self._text(400, "give exactly one query=")
            return
        fmt_values = params.get("format") or params.get("output") or []
        fmt = fmt_values[0] if fmt_values else None
        try:
            answer = self.endpoint.query(
                queries[0], self.headers.get("Accept"), fmt,
                params.get("default-graph-uri", []), params.get("named-graph-uri", []),
            )
        except QueryRefusedError as exc:
            self._text(403, str(exc))
            return
        except QueryTimeoutError as exc:
            self._text(503, str(exc))
            return
        except QueryError as exc:
            self._text(400, str(exc))
            return
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["Filmgraph-Truncated"] = "true"
            headers["Filmgraph-Row-Cap"] = str(self.endpoint.options.max_rows)
        self._send(answer.status, answer.media_type, answer.body, headers)

    def _index(self) -> None:
        try:
            films = self.endpoint.films()
        except FilmGraphError as exc:
            self._text(500, str(exc))
            return
        items = "".join(
            f'<li><a href="/films/{html.escape(f["slug"], quote=True)}">{html.escape(f["title"])}'
            + (f" ({f['year']})" if f["year"] else "")
            + f'</a> <small>{f["triples"]} triples</small></li>'
            for f in films
        )
        page = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<title>filmgraph</title><style>body{font:16px/1.5 system-ui,sans-serif;margin:2em}"
            "code{background:#f3f3f3;padding:1px 4px}</style></head><body>"
            "<h1>filmgraph</h1>"
            f"<p>{len(films)} film{'s' if len(films) != 1 else ''} in the store.</p><ul>{items}</ul>"
            "<p>Read-only SPARQL 1.1 endpoint: <code>/sparql</code> (GET or POST <code>query=</code>; "
            "results as JSON, XML, CSV or TSV by <code>Accept</code>).</p></body></html>"
        )
        self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))

    def _film(self, slug: str) -> None:
        try:
            body = self.endpoint.page(slug)
        except NotFoundError as exc:
            self._text(404, str(exc))
            return
        except FilmGraphError as exc:
            self._text(500, str(exc))
            return
        self._send(200, "text/html; charset=utf-8", body)


def make_server(options: ServeOptions) -> tuple[ThreadingHTTPServer, Endpoint]:
    """A bound (not yet serving) HTTP server and its endpoint; close both when done."""
    endpoint = Endpoint(options)
    handler = type("Handler", (_Handler,), {"endpoint": endpoint})
    server_class: type[ThreadingHTTPServer] = ThreadingHTTPServer
    if ":" in options.host:
        import socket

        server_class = type("Server6", (ThreadingHTTPServer,), {"address_family": socket.AF_INET6})
    try:
        server = server_class((options.host, options.port), handler)
    except OSError as exc:
        endpoint.close()
        from filmgraph.errors import InputError

        raise InputError(
            f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}"
        ) from None
    server.daemon_threads = True
    return server, endpoint


def serve(options: ServeOptions, *, ready: Any = None) -> None:
    """Serve until interrupted; ``ready(url)`` is called once the socket listens."""
    server, endpoint = make_server(options)
    host, port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else str(host)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    if ready is not None:
        ready(url)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        endpoint.close()
