"""RemoteStore against a real Oxigraph server, and its failures against real loopback sockets."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pyoxigraph as ox
import pytest

import servers
from filmgraph.errors import RemoteError
from filmgraph.remote import RemoteStore, ingest_remote, user_agent
from filmgraph.store import EmbeddedStore
from servers import OWN_MASK, Stub, free_port, need_real_page, start_oxigraph

# The server fixtures, made available to this module's tests.
http_stub = servers.http_stub
mask_embedded = servers.mask_embedded
mask_server = servers.mask_server
oxigraph_server = servers.oxigraph_server


GRAPH = "https://w3id.org/filmgraph/id/graph/mask-1985"


def test_same_reading_interface(mask_server: Any, mask_embedded: Any) -> None:
    remote = RemoteStore(mask_server.query_url)
    local = EmbeddedStore(mask_embedded, read_only=True)
    try:
        assert GRAPH in remote.named_graphs()
        assert set(remote.named_graphs()) == set(local.named_graphs())
        assert remote.graph_size(GRAPH) == local.graph_size(GRAPH) > 100
        assert set(remote.quads(GRAPH)) == set(local.quads(GRAPH))
        assert len(remote) == len(local)
        assert remote.ask("ASK { GRAPH ?g { ?s ?p ?o } }") is True
        rows = remote.select("SELECT ?g ?s WHERE { GRAPH ?g { ?s a ?c } } LIMIT 1", {"g": ox.NamedNode(GRAPH)})
        assert isinstance(rows[0]["s"], ox.NamedNode) and rows[0]["g"].value == GRAPH
        triples = remote.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5")
        assert len(triples) == 5 and all(isinstance(t, ox.Triple) for t in triples)
    finally:
        local.close()


def test_literals_round_trip(mask_server: Any) -> None:
    remote = RemoteStore(mask_server.query_url)
    tricky = 'a "quoted" \\ back\nslash’s é'
    rows = remote.select("SELECT ?x ?y WHERE { BIND(CONCAT(?x, \"!\") AS ?y) }", {"x": ox.Literal(tricky)})
    assert rows[0]["y"].value == tricky + "!"
    rows = remote.select("SELECT ?n ?m WHERE { BIND(?n + 1 AS ?m) }", {"n": ox.Literal(41)})
    assert rows[0]["m"] == ox.Literal(42)


def test_ingest_replaces_the_graph(tmp_path: Any) -> None:
    """Loading the own-words page then the real one leaves exactly the real page's graph."""
    page = need_real_page()
    server = start_oxigraph(tmp_path / "db")
    try:
        first = ingest_remote([OWN_MASK], server.query_url, server.update_url)
        assert [r.status for r in first] == ["stored"] and first[0].slug == "mask-1985"
        again = ingest_remote([page], server.query_url, server.update_url, timeout=30)
        assert [r.status for r in again] == ["replaced"]
        remote = RemoteStore(server.query_url)
        assert remote.graph_size(GRAPH) == again[0].triples
        local = EmbeddedStore()
        from filmgraph.pipeline import ingest

        ingest([page], local)
        assert set(remote.quads(GRAPH)) == set(local.quads(GRAPH))
    finally:
        server.stop()


def test_connection_refused() -> None:
    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=5)
    with pytest.raises(RemoteError, match="connection refused"):
        store.named_graphs()


def test_timeout() -> None:
    """A server that accepts the connection and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        started = time.monotonic()
        with pytest.raises(RemoteError, match=r"did not answer within 1 s"):
            RemoteStore(f"http://127.0.0.1:{port}/query", timeout=1).select("SELECT * WHERE { ?s ?p ?o }")
        assert time.monotonic() - started < 5
    finally:
        stop.set()
        t.join(2)
        for c in held:
            c.close()
        listener.close()


def test_html_page_is_not_sparql(http_stub: Stub) -> None:
    http_stub.headers = {"Content-Type": "text/html; charset=utf-8"}
    http_stub.body = b"<html><body>Welcome</body></html>"
    with pytest.raises(RemoteError, match="text/html, not SPARQL results"):
        RemoteStore(http_stub.url).select("SELECT * WHERE { ?s ?p ?o }")


def test_user_agent_is_sent(http_stub: Stub) -> None:
    http_stub.headers = {"Content-Type": "application/sparql-results+json"}
    http_stub.body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://x.example/"}}]}}'
    rows = RemoteStore(http_stub.url).select("SELECT ?s WHERE { ?s ?p ?o }")
    assert rows == [{"s": ox.NamedNode("http://x.example/")}]
    assert http_stub.requests[0]["User-Agent"] == user_agent()
    assert user_agent().startswith("filmgraph/")


@pytest.mark.parametrize("status, words", [
    (400, "refused the query as malformed"), (401, "asks for credentials"), (403, "refused access"),
    (404, "has no SPARQL service"), (500, "failed while answering"), (502, "answered with an error"),
    (503, "is unavailable"),
])
def test_http_errors(http_stub: Stub, status: int, words: str) -> None:
    http_stub.status = status
    http_stub.body = b"something went wrong"
    with pytest.raises(RemoteError, match=words) as err:
        RemoteStore(http_stub.url).select("SELECT * WHERE { ?s ?p ?o }")
    assert f"HTTP {status}" in str(err.value)


def test_429_retried_then_answered(http_stub: Stub) -> None:
    http_stub.script = [429, 429]
    http_stub.headers = {"Content-Type": "application/sparql-results+json", "Retry-After": "1"}
    http_stub.body = b'{"head": {}, "boolean": true}'
    started = time.monotonic()
    assert RemoteStore(http_stub.url).ask("ASK {}") is True
    assert len(http_stub.requests) == 3
    assert 1.5 < time.monotonic() - started < 10


def test_429_gives_up_after_two_retries(http_stub: Stub) -> None:
    http_stub.status = 429
    http_stub.headers = {"Retry-After": "0"}
    with pytest.raises(RemoteError, match="429"):
        RemoteStore(http_stub.url).ask("ASK {}")
    assert len(http_stub.requests) == 3


def test_429_with_a_long_wait_is_not_waited_for(http_stub: Stub) -> None:
    http_stub.status = 429
    http_stub.headers = {"Retry-After": "3600"}
    started = time.monotonic()
    with pytest.raises(RemoteError, match="429"):
        RemoteStore(http_stub.url).ask("ASK {}")
    assert time.monotonic() - started < 5 and len(http_stub.requests) == 1


def test_bad_endpoint_url() -> None:
    with pytest.raises(RemoteError, match="not an http"):
        RemoteStore("ftp://example.org/sparql")
