"""``filmgraph serve``: a real server process, queried with SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MASK = ROOT / "data" / "mask-1985.txt"

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TITLES = """PREFIX fg: <https://w3id.org/filmgraph/ontology#>
SELECT ?title ?year WHERE { ?film a fg:Film ; fg:title ?title ; fg:year ?year }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(store: Path, *args: str, timeout: float = 20.0):
    port = _free_port()
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from filmgraph.cli import main; main()",
         "--store", str(store), "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(url + "/sparql", timeout=1):
                return proc, url, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("serve did not start")


def _stop(proc) -> str:
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from filmgraph.pipeline import ingest
    from filmgraph.store import EmbeddedStore

    path = tmp_path_factory.mktemp("served") / "store"
    with EmbeddedStore(path) as s:
        ingest([MASK], s)
    return path


@pytest.fixture(scope="module")
def server(store_dir):
    proc, url, _port = _start(store_dir, "--query-timeout", "3", "--max-rows", "50")
    yield url
    _stop(proc)


def _get(url: str, accept: str | None = None):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def _post(url: str, body: bytes, content_type: str, accept: str | None = None):
    headers = {"Content-Type": content_type}
    if accept:
        headers["Accept"] = accept
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def _q(query: str) -> str:
    return urllib.parse.urlencode({"query": query})


def _count(url: str) -> int:
    status, _, body = _get(f"{url}/sparql?{_q(COUNT)}", "application/sparql-results+json")
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def _expected_count(store_dir: Path) -> int:
    # Read the store directly (read-only opens share it with the server).
    from filmgraph.store import EmbeddedStore

    with EmbeddedStore(store_dir, read_only=True) as s:
        return len(s.quads())


# --------------------------------------------------------------------------- SPARQLWrapper


def test_sparqlwrapper_json(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(TITLES)
    sw.setReturnFormat(JSON)
    res = sw.query().convert()
    rows = res["results"]["bindings"]
    assert [(r["title"]["value"], r["year"]["value"]) for r in rows] == [("Mask", "1985")]
    assert rows[0]["year"]["datatype"] == "http://www.w3.org/2001/XMLSchema#gYear"


def test_sparqlwrapper_xml_post(server):
    from SPARQLWrapper import POST, XML, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setMethod(POST)
    sw.setQuery(TITLES)
    sw.setReturnFormat(XML)
    doc = sw.query().convert()  # an xml.dom.minidom document
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert literals == ["Mask", "1985"]


def test_sparqlwrapper_ask(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery('PREFIX fg: <https://w3id.org/filmgraph/ontology#> ASK { ?f fg:title "Mask" }')
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True


# --------------------------------------------------------------------------- content negotiation


def test_csv_and_tsv_by_accept(server):
    status, headers, body = _get(f"{server}/sparql?{_q(TITLES)}", "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows == [["title", "year"], ["Mask", "1985"]]
    status, headers, body = _get(f"{server}/sparql?{_q(TITLES)}", "text/tab-separated-values")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?title\t?year"
    assert lines[1] == '"Mask"\t"1985"^^<http://www.w3.org/2001/XMLSchema#gYear>'


def test_post_sparql_query_body(server):
    status, _headers, body = _post(server + "/sparql", TITLES.encode(), "application/sparql-query",
                                  "application/sparql-results+json")
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["title"]["value"] == "Mask"


def test_post_form(server):
    status, _, body = _post(server + "/sparql", _q(TITLES).encode(),
                            "application/x-www-form-urlencoded", "application/sparql-results+xml")
    assert status == 200 and b"<literal>Mask</literal>" in body


def test_construct_as_turtle(server):
    q = ("PREFIX fg: <https://w3id.org/filmgraph/ontology#> "
         "CONSTRUCT { ?f fg:title ?t } WHERE { ?f fg:title ?t }")
    status, headers, body = _get(f"{server}/sparql?{_q(q)}", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    import pyoxigraph as ox

    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert [t.object.value for t in triples] == ["Mask"]


def test_unacceptable_type(server):
    status, _, _body = _get(f"{server}/sparql?{_q(TITLES)}", "image/png")
    assert status == 406


def test_row_cap(server):
    q = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, headers, body = _get(f"{server}/sparql?{_q(q)}", "application/sparql-results+json")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 50
    assert headers["Filmgraph-Truncated"] == "true"


def test_syntax_error_is_400(server):
    status, _, body = _get(f"{server}/sparql?{_q('SELECT ?x WHERE {')}")
    assert status == 400 and b"does not parse" in body


# --------------------------------------------------------------------------- read-only


@pytest.mark.parametrize("how", ["query-get", "query-post", "update-form", "update-body", "update-get"])
def test_updates_are_refused(server, store_dir, how):
    before = _count(server)
    update = ('INSERT DATA { GRAPH <https://w3id.org/filmgraph/id/graph/mask-1985> '
              '{ <http://example.org/x> <http://example.org/p> "pwned" } }')
    if how == "query-get":
        status, _, body = _get(f"{server}/sparql?{_q(update)}")
    elif how == "query-post":
        status, _, body = _post(server + "/sparql", update.encode(), "application/sparql-query")
    elif how == "update-form":
        status, _, body = _post(server + "/sparql", urllib.parse.urlencode({"update": update}).encode(),
                                "application/x-www-form-urlencoded")
    elif how == "update-body":
        status, _, body = _post(server + "/sparql", update.encode(), "application/sparql-update")
    else:
        status, _, body = _get(f"{server}/sparql?{urllib.parse.urlencode({'update': update})}")
    assert status == 403
    assert b"read-only" in body
    assert _count(server) == before


def test_sparqlwrapper_update_is_refused(server):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    before = _count(server)
    sw = SPARQLWrapper(server + "/sparql", updateEndpoint=server + "/sparql")
    sw.setMethod(POST)
    sw.setQuery("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        sw.query()
    assert _count(server) == before


def test_store_unchanged_after_refusals(server, store_dir):
    for q in ("DROP ALL", "CLEAR DEFAULT", "LOAD <http://example.org/data.ttl>"):
        status, _, _ = _get(f"{server}/sparql?{_q(q)}")
        assert status == 403
    assert _count(server) == _expected_count(store_dir)


def test_service_is_refused(server):
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, _, body = _get(f"{server}/sparql?{_q(q)}")
    assert status == 403 and b"SERVICE" in body


def test_keywords_inside_strings_are_fine(server):
    q = 'SELECT ?x WHERE { BIND("DROP ALL; SERVICE <x>" AS ?x) }'
    status, _, body = _get(f"{server}/sparql?{_q(q)}", "application/sparql-results+json")
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"] == "DROP ALL; SERVICE <x>"


def test_timeout_stops_a_long_query(server):
    # A cross product of every quad with itself, three times: far more than 3 s of work.
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.monotonic()
    status, _, body = _get(f"{server}/sparql?{_q(q)}")
    took = time.monotonic() - start
    assert status == 503 and b"longer than 3 s" in body
    assert took < 10
    # The server still answers afterwards (the stuck worker was replaced).
    assert _count(server) > 0


# --------------------------------------------------------------------------- pages and binding


def test_film_page(server):
    status, headers, body = _get(server + "/films/mask-1985")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert page.startswith("<!DOCTYPE html>") and "Rocky Dennis" in page and 'id="graph"' in page


def test_unknown_film_is_404(server):
    status, _, body = _get(server + "/films/nope-1999")
    assert status == 404 and b"no film 'nope-1999'" in body


def test_index_lists_films(server):
    status, _, body = _get(server + "/")
    assert status == 200 and b'href="/films/mask-1985"' in body


def test_binds_localhost_by_default(server):
    port = int(server.rsplit(":", 1)[1])
    addresses = _listening(port)
    assert addresses, "no listening socket found"
    assert all(a.startswith("127.") for a in addresses), addresses


def _listening(port: int) -> list[str]:
    """The local addresses listening on ``port`` (from /proc/net/tcp)."""
    out = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, p = local.split(":")
        if int(p, 16) == port and state == "0A":
            octets = [str(int(addr[i:i + 2], 16)) for i in (6, 4, 2, 0)]
            out.append(".".join(octets))
    return out


def test_other_address_warns(store_dir):
    proc = subprocess.Popen(
        [sys.executable, "-c", "from filmgraph.cli import main; main()", "--store", str(store_dir),
         "serve", "--port", "0", "--bind", "0.0.0.0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ, NO_COLOR="1"),
    )
    try:
        line = proc.stderr.readline()
        assert line.startswith("filmgraph: warning: listening on 0.0.0.0")
    finally:
        _stop(proc)


def test_missing_store_is_a_clear_error(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", "from filmgraph.cli import main; main()", "--store",
         str(tmp_path / "none"), "serve", "--port", "0"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 3
    assert proc.stderr.startswith("filmgraph: error: there is no store at")
    assert "Traceback" not in proc.stderr


def test_negotiate():
    from filmgraph.serve import negotiate

    assert negotiate(None, "SELECT") == "json"
    assert negotiate("text/csv;q=0.2, application/sparql-results+xml", "SELECT") == "xml"
    assert negotiate("application/sparql-results+json", "SELECT", "csv") == "csv"
    assert negotiate("application/n-triples", "DESCRIBE") == "ntriples"
    assert negotiate("text/csv", "CONSTRUCT") is None
