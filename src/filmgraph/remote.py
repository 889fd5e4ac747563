"""A SPARQL 1.1 server as a store: the same reading interface as the embedded one.

:class:`RemoteStore` answers ``select``, ``ask``, ``construct``, ``named_graphs``,
``graph_size``, ``quads`` and ``len()`` like :class:`~filmgraph.store.EmbeddedStore`,
over HTTP through SPARQLWrapper, so every lookup and stored query runs unchanged
on Oxigraph, Virtuoso, GraphDB, Neptune or QLever. Bindings become a ``VALUES``
clause of escaped RDF terms (:func:`filmgraph.queries.bind_values`), never text
pasted into the query. Every request sends a ``User-Agent``. Failures become one
:class:`~filmgraph.errors.RemoteError` with a message for people: the server
refused the connection, did not answer in time, answered with an HTTP error, or
answered with something that is not SPARQL results.

:func:`ingest_remote` builds pages and replaces each film's named graph on the
server with one SPARQL Update request.

Examples
--------
>>> store = RemoteStore("http://127.0.0.1:9/query", timeout=2)
>>> store.update_endpoint
'http://127.0.0.1:9/update'
>>> store.select("SELECT * WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
filmgraph.errors.RemoteError: cannot connect to the SPARQL server at http://127.0.0.1:9/query: connection refused (is it running?)
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from filmgraph.errors import QueryError, RemoteError

if TYPE_CHECKING:
    import pyoxigraph as ox

    from filmgraph.pipeline import IngestResult

__all__ = ["MAX_RETRIES", "MAX_RETRY_WAIT", "RemoteStore", "ingest_remote", "user_agent"]

#: Retries after a 429 (Too Many Requests) answer, and the most time spent waiting for them.
MAX_RETRIES = 2
MAX_RETRY_WAIT = 10.0


def user_agent() -> str:
    """The User-Agent sent with every request.

    >>> user_agent().startswith("filmgraph/")
    True
    """
    from filmgraph import __version__

    return f"filmgraph/{__version__} (+https://w3id.org/filmgraph)"


def _term(binding: Mapping[str, str]) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A pyoxigraph term from one SPARQL JSON results binding."""
    import pyoxigraph as ox

    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        try:
            return ox.BlankNode(value)
        except ValueError:
            return ox.BlankNode()
    lang = binding.get("xml:lang")
    if lang:
        return ox.Literal(value, language=lang)
    datatype = binding.get("datatype")
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


class RemoteStore:
    """A SPARQL 1.1 server, read (and for ingest, written) over HTTP.

    Parameters
    ----------
    endpoint
        The query URL (``http://host:7878/query`` for Oxigraph, ``.../sparql`` for Virtuoso).
    update_endpoint
        The SPARQL Update URL. Default: the query URL with a final ``/query``
        replaced by ``/update``, else the query URL itself.
    timeout
        Seconds to wait for the server's answer to one request.
    """

    def __init__(self, endpoint: str, update_endpoint: str | None = None,
                 timeout: float | None = None) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise RemoteError(f"the endpoint {endpoint!r} is not an http:// or https:// URL")
        self.endpoint = endpoint
        if update_endpoint is None:
            update_endpoint = (endpoint[: -len("/query")] + "/update"
                               if endpoint.endswith("/query") else endpoint)
        self.update_endpoint = update_endpoint
        if timeout is not None and timeout <= 0:
            raise RemoteError("--timeout must be a positive number of seconds")
        self.timeout = timeout
        self.read_only = False
        self.path = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Nothing to release: each request opens and closes its own connection."""

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ HTTP
    def _wrapper(self, url: str, query: str, *, update: bool = False, accept: str | None = None) -> Any:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.Wrapper import DROP, SELECT

        sw = SPARQLWrapper(url, updateEndpoint=url, agent=user_agent())
        sw.setMethod(POST)
        sw.setQuery(query)
        # Say what the request is rather than let SPARQLWrapper guess from the text:
        # any update form is sent as ``update=``, any query form as ``query=``.
        sw.queryType = DROP if update else SELECT
        sw.setReturnFormat(JSON)
        if accept:
            sw.addCustomHttpHeader("Accept", accept)
        if self.timeout is not None:
            sw.setTimeout(self.timeout)  # type: ignore[arg-type]  # urlopen takes a float
        return sw

    def _request(self, url: str, query: str, *, update: bool = False,
                 accept: str | None = None) -> tuple[str, bytes]:
        """Send one request (with bounded retries on 429); return (content type, body)."""
        import urllib.error

        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        waited = 0.0
        for attempt in range(MAX_RETRIES + 1):
            sw = self._wrapper(url, query, update=update, accept=accept)
            try:
                result = sw.query()
                response = result.response
                ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                return ctype, response.read()
            except SPARQLWrapperException as exc:
                raise self._http_error(url, _status_of(exc), _detail(exc)) from None
            except urllib.error.HTTPError as exc:
                if exc.code == 429 and attempt < MAX_RETRIES:
                    delay = _retry_after(exc.headers.get("Retry-After"))
                    if delay is not None and waited + delay <= MAX_RETRY_WAIT:
                        time.sleep(delay)
                        waited += delay
                        continue
                body = b""
                try:
                    body = exc.read()
                except OSError:
                    pass
                raise self._http_error(url, exc.code, body.decode("utf-8", "replace")) from None
            except urllib.error.URLError as exc:
                raise self._connection_error(url, exc.reason) from None
            except TimeoutError as exc:
                raise self._connection_error(url, exc) from None
            except ConnectionError as exc:
                raise self._connection_error(url, exc) from None
            except OSError as exc:
                raise self._connection_error(url, exc) from None
        raise RemoteError(f"the SPARQL server at {url} kept answering 429 Too Many Requests")

    def _connection_error(self, url: str, reason: Any) -> RemoteError:
        import socket

        if isinstance(reason, ConnectionRefusedError):
            return RemoteError(
                f"cannot connect to the SPARQL server at {url}: connection refused (is it running?)"
            )
        if isinstance(reason, TimeoutError | socket.timeout) or "timed out" in str(reason):
            return RemoteError(
                f"the SPARQL server at {url} did not answer within {self.timeout:g} s"
                if self.timeout else f"the SPARQL server at {url} did not answer in time"
            )
        if isinstance(reason, socket.gaierror):
            return RemoteError(f"cannot find the host of the SPARQL server at {url}")
        text = getattr(reason, "strerror", None) or str(reason)
        return RemoteError(f"cannot connect to the SPARQL server at {url}: {text}")

    def _http_error(self, url: str, status: int | None, detail: str) -> RemoteError:
        detail = " ".join(detail.split())[:200]
        what = {
            400: "refused the query as malformed",
            401: "asks for credentials",
            403: "refused access",
            404: "has no SPARQL service at this URL",
            405: "does not accept this request method at this URL",
            413: "refused the request as too large",
            414: "refused the request as too long",
            429: "is answering 429 Too Many Requests; try again later",
            500: "failed while answering",
            503: "is unavailable",
        }.get(status or 0, "answered with an error")
        code = f"HTTP {status}" if status else "HTTP error"
        msg = f"the SPARQL server at {url} {what} ({code})"
        if detail and status in (400, 500):
            msg += f": {detail}"
        return RemoteError(msg)

    def _results(self, query: str) -> dict[str, Any]:
        ctype, body = self._request(self.endpoint, query,
                                    accept="application/sparql-results+json")
        if "json" not in ctype:
            raise RemoteError(
                f"the server at {self.endpoint} answered with {ctype or 'an unnamed content type'}, "
                "not SPARQL results; is this the URL of a SPARQL endpoint?"
            )
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise RemoteError(
                f"the server at {self.endpoint} answered with JSON that does not parse"
            ) from None
        if not isinstance(data, dict) or ("results" not in data and "boolean" not in data):
            raise RemoteError(f"the server at {self.endpoint} answered with JSON that is not SPARQL results")
        return data

    # ------------------------------------------------------------------ reading
    def _bound(self, query: str, bindings: Mapping[str, object] | None) -> str:
        from filmgraph.queries import bind_values

        return bind_values(query, dict(bindings)) if bindings else query

    def select(self, query: str, bindings: Mapping[str, object] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT query; rows map variable names to pyoxigraph terms (unbound ones absent)."""
        return list(self.iter_select(query, bindings))

    def iter_select(self, query: str, bindings: Mapping[str, object] | None = None) -> Iterable[dict[str, Any]]:
        """Like :meth:`select` (the server's answer is read whole, then yielded row by row)."""
        data = self._results(self._bound(query, bindings))
        if "results" not in data:
            raise QueryError("expected a SELECT query")
        for b in data["results"].get("bindings", []):
            yield {name: _term(value) for name, value in b.items()}

    def ask(self, query: str, bindings: Mapping[str, object] | None = None) -> bool:
        """Run an ASK query."""
        data = self._results(self._bound(query, bindings))
        if "boolean" not in data:
            raise QueryError("expected an ASK query")
        return bool(data["boolean"])

    def construct(self, query: str, bindings: Mapping[str, object] | None = None) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE query and return its triples (asked for as N-Triples)."""
        import pyoxigraph as ox

        ctype, body = self._request(self.endpoint, self._bound(query, bindings),
                                    accept="application/n-triples, text/turtle;q=0.9")
        fmt = ox.RdfFormat.TURTLE if "turtle" in ctype else ox.RdfFormat.N_TRIPLES
        if not ("turtle" in ctype or "n-triples" in ctype or ctype == "text/plain"):
            raise RemoteError(
                f"the server at {self.endpoint} answered with {ctype or 'an unnamed content type'}, "
                "not RDF; is this the URL of a SPARQL endpoint?"
            )
        try:
            return [q.triple for q in ox.parse(body, format=fmt)]
        except SyntaxError as exc:
            raise RemoteError(f"the server at {self.endpoint} answered with RDF that does not parse: {exc}") from None

    def quads(self, graph: str | None = None) -> list[ox.Quad]:
        """Every quad of one named graph, or of every named graph."""
        import pyoxigraph as ox

        bindings = {"g": ox.NamedNode(graph)} if graph else None
        rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", bindings)
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"].value for r in rows if "g" in r)

    def graph_size(self, graph: str) -> int:
        """The number of quads in one named graph."""
        import pyoxigraph as ox

        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                           {"g": ox.NamedNode(graph)})
        return int(rows[0]["n"].value) if rows else 0

    def __len__(self) -> int:
        """The number of quads in the named graphs (a server's default graph is left out)."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value) if rows else 0

    # ------------------------------------------------------------------ writing
    def update(self, update: str) -> None:
        """Send a SPARQL Update to the update endpoint."""
        self._request(self.update_endpoint, update, update=True)

    def replace_graphs(
        self,
        graphs: Sequence[tuple[str, Iterable[ox.Quad]]],
        *,
        extra: Iterable[ox.Quad] = (),
        drop_about: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Replace named graphs in ONE SPARQL Update request (see ``EmbeddedStore.replace_graphs``)."""
        import pyoxigraph as ox

        parts: list[str] = []
        quads_in: list[ox.Quad] = []
        for graph, quads in graphs:
            parts.append(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
            quads_in.extend(quads)
        for graph, subject in drop_about:
            g, s = ox.NamedNode(graph), ox.NamedNode(subject)
            parts.append(f"DELETE WHERE {{ GRAPH {g} {{ {s} ?p ?o }} }}")
        quads_in.extend(extra)
        # Several INSERT DATA operations in the one request (still one transaction):
        # Virtuoso refuses a single operation whose generated SQL is too long.
        for start in range(0, len(quads_in), _INSERT_CHUNK):
            body = _graph_blocks(quads_in[start : start + _INSERT_CHUNK])
            parts.append("INSERT DATA {\n" + body + "\n}")
        self.update(" ;\n".join(parts))


#: Triples per INSERT DATA operation (Virtuoso accepts about 1,000 at most).
_INSERT_CHUNK = 500


def _graph_blocks(quads: Iterable[ox.Quad]) -> str:
    """Quads as ``GRAPH <g> { ... }`` blocks of N-Triples lines (valid SPARQL data)."""
    import pyoxigraph as ox

    by_graph: dict[str, list[ox.Triple]] = {}
    for q in quads:
        by_graph.setdefault(str(getattr(q.graph_name, "value", "")), []).append(q.triple)
    blocks = []
    for graph, triples in by_graph.items():
        text = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        blocks.append(f"GRAPH {ox.NamedNode(graph)} {{\n{text}}}")
    return "\n".join(blocks)


def _status_of(exc: Exception) -> int | None:
    from SPARQLWrapper import SPARQLExceptions as E

    for cls, code in ((E.QueryBadFormed, 400), (E.Unauthorized, 401), (E.EndPointNotFound, 404),
                      (E.URITooLong, 414), (E.EndPointInternalError, 500)):
        if isinstance(exc, cls):
            return code
    return None


def _detail(exc: Exception) -> str:
    text = str(getattr(exc, "msg", "") or exc)
    marker = "Response:\n"
    if marker in text:
        text = text.split(marker, 1)[1]
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1].replace("\\n", " ")
    return text


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date); None if unusable."""
    if value is None:
        return 1.0
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def ingest_remote(
    paths: Sequence[str | os.PathLike[str]],
    endpoint: str,
    update_endpoint: str | None = None,
    timeout: float | None = None,
    encoding: str | None = None,
) -> list[IngestResult]:
    """Build every page, then replace each film's named graph (and its log entries) on a server.

    All pages are built before anything is sent. Each film goes in one SPARQL
    Update request (``DROP SILENT GRAPH`` + ``INSERT DATA``), so a film is either
    replaced whole or left as it was.
    """
    from filmgraph.iri import Minter
    from filmgraph.mapping import log_quads
    from filmgraph.pipeline import IngestResult, build, replace_film, source_location

    store = RemoteStore(endpoint, update_endpoint=update_endpoint, timeout=timeout)
    minter = Minter()
    built = [(str(p), build(p, encoding=encoding, minter=minter)) for p in paths]
    existing = set(store.named_graphs()) if built else set()
    results = []
    for source, b in built:
        graph = minter.graph(b.slug)
        log = list(log_quads(b.narrative, minter, location=source_location(source)))
        replace_film(store, minter, b.slug, b.quads, log)
        n = b.narrative
        results.append(IngestResult(
            source=source, slug=b.slug, title=b.document.title, year=b.document.year,
            triples=store.graph_size(graph), characters=len(n.characters), events=len(n.events),
            status="replaced" if graph in existing else "stored", warnings=n.warnings,
        ))
    return results


