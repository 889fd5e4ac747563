"""Cases 11-14: hostile parameters, refused clauses, runaway queries, huge answers.

11. Injection through every parameter of every command and every stored query is
    data: on the embedded store and on a real Oxigraph server, no extra rows and
    nothing changed.
12. SERVICE, LOAD, FROM <http...> and updates are refused by ``filmgraph query``
    before they run, naming the clause; the audit hook proves no socket was
    opened and no file outside the allowed places was read.
13. A pathological query stops at ``--timeout`` with exit code 6; the next
    command works.
14. A query without LIMIT over a large store: ``--format json`` is valid JSON,
    and rows are streamed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _reliability import AUDIT, assert_clean_error, invoke, run_cli, store_snapshot
from stubserver import StubServer

from servers import mask_server, oxigraph_server  # noqa: F401 (fixtures)

INJECTIONS = [
    'x" || true || "',
    '"} ; DROP ALL ; #',
    "?x",
    "<>",
    "Rocky\nDennis",
    "rocky' || 1=1 || '",
    'Rocky Dennis" . } } SELECT * WHERE { ?s ?p ?o } #',
    "\\u0022) || true || (\\u0022",
]
BENIGN = "zz-nothing-by-this-name"


def _stored_params() -> list[tuple[str, str]]:
    from filmgraph.queries import stored_queries

    pairs = [(q.name, p) for q in stored_queries() for p in q.params]
    assert len(pairs) > 30, pairs
    return pairs


def _command_lines(value: str) -> list[list[str]]:
    """Every command that takes a user-given value, with ``value`` in that place."""
    return [
        ["arc", value], ["arc", "rocky", "--film", value],
        ["where", value], ["where", "Azusa", "--film", value],
        ["relations", "--kind", value], ["relations", "--film", value],
        ["influence", "--film", value], ["characters", "--film", value],
        ["events", "--film", value], ["places", "--film", value], ["themes", "--film", value],
        ["explain", value], ["explain", "rocky", "--kind", value],
        ["network", "--graph", "influence", "--film", value],
    ]


def _outcome(run) -> tuple[str, object]:
    """('error', code) for a clean refusal, ('rows', data) for an answer; fails on anything else."""
    if run.code != 0:
        assert "Traceback" not in run.stderr, run.stderr[-2000:]
        assert run.code in (1, 2), (run.code, run.stderr)
        assert len(run.error_lines) >= 1
        return "error", run.code
    return "rows", json.loads(run.stdout)


def _no_extra_rows(hostile, benign, where: object = None) -> None:
    kind, data = hostile
    if kind == "error":
        return
    # An answer to a hostile value may hold no more than the answer to a harmless unknown one.
    b_kind, b_data = benign
    if b_kind == "rows":
        assert _count(data) <= _count(b_data), (data, b_data)
    else:
        assert _count(data) == 0, data


def _reference(prefix, line, value, benign, make, i):
    """What a harmless value gives: names are matched with their whitespace folded, so a
    value with a newline is compared with the same words on one line (that is data too)."""
    folded = " ".join(value.split())
    if folded == value:
        return benign
    return _outcome(invoke(*prefix, *make(folded)[i], "--format", "json"))


def _count(data: object) -> int:
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        return sum(_count(v) for v in data.values() if isinstance(v, list | dict))
    return 0


# --------------------------------------------------------------------------- 11: injection

@pytest.fixture(autouse=True)
def _audited(audit):
    """Every test here runs under the audit hook."""
    return audit


def test_injection_through_every_command_embedded(mask_copy):
    before = store_snapshot(mask_copy)
    store = ["--store", str(mask_copy)]
    for i, line in enumerate(_command_lines(BENIGN)):
        benign = _outcome(invoke(*store, *line, "--format", "json"))
        for value in INJECTIONS:
            hostile_line = _command_lines(value)[i]
            reference = _reference(store, hostile_line, value, benign, _command_lines, i)
            _no_extra_rows(_outcome(invoke(*store, *hostile_line, "--format", "json")), reference)
    assert store_snapshot(mask_copy) == before


def test_injection_through_every_stored_query_param_embedded(mask_copy):
    before = store_snapshot(mask_copy)
    store = ["--store", str(mask_copy)]
    for name, param in _stored_params():
        benign = _outcome(invoke(*store, "query", name, "--param", f"{param}={BENIGN}",
                                 "--format", "json"))
        for value in INJECTIONS:
            run = invoke(*store, "query", name, "--param", f"{param}={value}", "--format", "json")
            _no_extra_rows(_outcome(run), _reference(
                store, None, value, benign,
                lambda v, n=name, p=param: [["query", n, "--param", f"{p}={v}"]], 0))
    assert store_snapshot(mask_copy) == before


def test_injection_is_not_found_for_lookups(mask_copy):
    """The documented answer to a hostile name: 'no character named ...', exit 1."""
    for value in INJECTIONS:
        if " ".join(value.split()) != value:
            continue  # "Rocky\nDennis" is Rocky Dennis's name, whitespace folded
        run = invoke("--store", str(mask_copy), "arc", value)
        line = assert_clean_error(run, 1)
        assert "no character named" in line, line


def _server_args(server) -> list[str]:
    return ["--endpoint", server.query_url, "--update-endpoint", server.update_url]


def _server_size(server) -> int:
    import urllib.parse
    import urllib.request

    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    req = urllib.request.Request(f"{server.query_url}?query={q}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return int(json.load(r)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.server
def test_injection_on_the_server(mask_server):  # noqa: F811
    size = _server_size(mask_server)
    assert size > 0
    args = _server_args(mask_server)
    values = INJECTIONS[:5]
    for i, line in enumerate(_command_lines(BENIGN)):
        benign = _outcome(invoke(*args, *line, "--format", "json"))
        for value in values:
            _no_extra_rows(_outcome(invoke(*args, *_command_lines(value)[i], "--format", "json")),
                           _reference(args, None, value, benign, _command_lines, i))
    for name, param in _stored_params():
        benign = _outcome(invoke(*args, "query", name, "--param", f"{param}={BENIGN}",
                                 "--format", "json"))
        for value in values:
            run = invoke(*args, "query", name, "--param", f"{param}={value}", "--format", "json")
            _no_extra_rows(_outcome(run), _reference(
                args, None, value, benign,
                lambda v, n=name, p=param: [["query", n, "--param", f"{p}={v}"]], 0))
    assert _server_size(mask_server) == size


# --------------------------------------------------------------------------- 12: refused clauses

REFUSED = [
    ("SERVICE", "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }"),
    ("SERVICE", "select * where { service silent <{url}> { ?s ?p ?o } }"),
    ("SERVICE", "PREFIX x: <{url}#>\nSELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
    ("LOAD", "LOAD <{url}>"),
    ("LOAD", "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://example.org/g>"),
    ("FROM", "SELECT * FROM <{url}> WHERE { ?s ?p ?o }"),
    ("FROM", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
    ("FROM NAMED", "SELECT * FROM NAMED <http://example.org/elsewhere> WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ("INSERT", "INSERT DATA { GRAPH <http://example.org/g> { <http://e/s> <http://e/p> 1 } }"),
    ("DELETE", "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ("DROP", "DROP ALL"),
    ("CLEAR", "CLEAR DEFAULT"),
    ("CREATE", "CREATE GRAPH <http://example.org/new>"),
    ("COPY", "COPY DEFAULT TO <http://example.org/copy>"),
    ("INSERT", "# a comment first\nPREFIX fg: <https://w3id.org/filmgraph/ontology#>\n"
               "WITH <http://example.org/g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
]


@pytest.mark.parametrize("clause, text", REFUSED, ids=[f"{c}-{i}" for i, (c, _) in enumerate(REFUSED)])
def test_dangerous_queries_are_refused_before_running(mask_copy, clause, text):
    before = store_snapshot(mask_copy)
    with StubServer("ok") as listener:
        query = text.replace("{url}", listener.url)
        run = invoke("--store", str(mask_copy), "query", "-", input=query)
        line = assert_clean_error(run, 5)
        assert clause.split()[0] in line.upper(), line
        # A stored-query file is refused the same way.
        path = mask_copy.parent / "q.rq"
        path.write_text(query)
        assert_clean_error(invoke("--store", str(mask_copy), "query", str(path)), 5)
        # Through --endpoint too: refused before anything is sent.
        run = invoke("--endpoint", listener.url, "query", "-", input=query)
        assert_clean_error(run, 5)
        sent = [_sparql_of(r) for r in listener.requests]
        assert not [q for q in sent if clause.split()[0] in q.upper()], f"sent to the server: {sent}"
    assert store_snapshot(mask_copy) == before


def _sparql_of(request) -> str:
    """The query or update text of a request the stub received (GET or POST form)."""
    from urllib.parse import parse_qs, urlsplit

    fields = parse_qs(urlsplit(request.path).query)
    ctype = request.headers.get("Content-Type", "")
    if "form-urlencoded" in ctype:
        fields.update(parse_qs(request.body.decode("utf-8", "replace")))
    elif request.body:
        fields.setdefault("body", []).append(request.body.decode("utf-8", "replace"))
    return " ".join(v for k in ("query", "update", "body") for v in fields.get(k, []))


def test_refusal_does_not_fire_on_words_in_strings_or_comments(mask_copy):
    text = ('# SERVICE LOAD DROP in a comment\nSELECT ?t WHERE { GRAPH ?g { ?f '
            '<https://w3id.org/filmgraph/ontology#title> ?t } FILTER(?t != "DROP ALL; SERVICE") }')
    run = invoke("--store", str(mask_copy), "query", "-", "--format", "json", input=text)
    assert run.code == 0, run.stderr
    assert {r["t"] for r in json.loads(run.stdout)} == {"Mask"}


def test_updates_need_the_explicit_flag(mask_copy):
    text = "INSERT DATA { GRAPH <http://example.org/g> { <http://e/s> <http://e/p> 1 } }"
    assert_clean_error(invoke("--store", str(mask_copy), "query", "-", input=text), 5)
    run = invoke("--store", str(mask_copy), "query", "-", "--allow-updates", input=text)
    assert run.code == 0, run.stderr
    assert any("<http://example.org/g>" in q for q in store_snapshot(mask_copy))


def test_the_audit_hook_sees_what_it_should(tmp_path):
    """The hook is live: a file outside the allowed places and a remote connect are recorded."""
    import socket

    AUDIT.clear()
    with open("/etc/hostname", "rb") as fh:
        fh.read(1)
    s = socket.socket()
    s.settimeout(0.01)
    try:
        s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed
    except OSError:
        pass
    finally:
        s.close()
    seen = AUDIT.problems()
    AUDIT.clear()
    assert any("/etc/hostname" in p for p in seen), seen
    assert any("192.0.2.1" in p for p in seen), seen


def test_subprocess_query_opens_no_socket_and_no_outside_file(mask_store, tmp_path):
    run = run_cli("--store", mask_store, "arc", "rocky", "--format", "json",
                  audit_roots=[mask_store.parent])
    assert run.code == 0, run.stderr
    assert run.audit == []
    run = run_cli("--store", mask_store, "query", "-", input="SELECT * WHERE { SERVICE "
                  "<http://example.org/sparql> { ?s ?p ?o } }", audit_roots=[mask_store.parent])
    assert_clean_error(run, 5)
    assert run.audit == []


# --------------------------------------------------------------------------- 13: timeouts

PATHOLOGICAL = [
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } "
    "GRAPH ?g3 { ?x ?y ?z } GRAPH ?g4 { ?u ?v ?w } }",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s (<http://example.org/p>|!<http://example.org/p>)* ?o . "
    "?o (<http://example.org/p>|!<http://example.org/p>)* ?t } }",
]


@pytest.mark.slow
@pytest.mark.parametrize("text", PATHOLOGICAL, ids=["cartesian", "property-path"])
def test_pathological_query_stops_at_timeout(mask_store, text):
    start = time.monotonic()
    run = run_cli("--store", mask_store, "--timeout", "1.5", "query", "-", input=text, timeout=60)
    elapsed = time.monotonic() - start
    line = assert_clean_error(run, 6)
    assert "1.5" in line, line
    assert elapsed < 10, f"took {elapsed:.1f} s to stop"
    # The store is free again: the next command (a writer even) works at once.
    run = run_cli("--store", mask_store, "films", "--format", "json")
    assert run.code == 0, run.stderr
    assert [f["slug"] for f in json.loads(run.stdout)] == ["mask-1985"]


def test_timeout_in_process_leaves_no_worker(mask_store):
    import multiprocessing

    run = invoke("--store", str(mask_store), "--timeout", "0.5", "query", "-",
                 input=PATHOLOGICAL[0])
    assert_clean_error(run, 6)
    time.sleep(0.2)
    assert [p for p in multiprocessing.active_children() if p.is_alive()] == []


# --------------------------------------------------------------------------- 14: big answers

@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bigq")
    data = folder / "big.nt"
    with data.open("w") as fh:
        for i in range(150_000):
            fh.write(f'<http://example.org/s{i}> <http://example.org/p> "value {i} \\" quoted" .\n')
    run = run_cli("--store", folder / "store", "load", data, "--graph", "http://example.org/big")
    assert run.code == 0, run.stderr
    return folder / "store"


@pytest.mark.slow
def test_query_without_limit_streams_valid_json(big_store, tmp_path):
    text = "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from filmgraph.cli import main; main()", "--store", str(big_store),
         "query", "-", "--format", "json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    start = time.monotonic()
    proc.stdin.write(text.encode())
    proc.stdin.close()
    first = proc.stdout.read(1)
    first_at = time.monotonic() - start
    rest = proc.stdout.read()
    total = time.monotonic() - start
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == 0, err
    rows = json.loads(first + rest)
    assert len(rows) == 150_000
    assert rows[0]["o"].startswith("value ") and rows[0]["o"].endswith('" quoted')
    # Streamed: the first bytes leave long before the last row is read.
    assert first_at < 0.5 * total, f"first byte after {first_at:.2f} s of {total:.2f} s"
