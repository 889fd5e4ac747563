"""Cases 16-18: reading RDF files safely, output to pipes, files and dumb terminals, SHACL.

16. ``filmgraph load``: one bad line adds nothing and is reported with line and
    column; RDF/XML with a DOCTYPE or entities refused in under a second;
    JSON-LD remote contexts never fetched.
17. stdout piped into ``head -1``, redirected to a file, ``NO_COLOR=1``,
    ``TERM=dumb``: no traceback, no colour codes off a terminal, JSON parses.
18. SHACL: a broken shape gives focus node, path and message and exit 1; a
    shapes file that does not parse gives exit 2.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest
from _reliability import AUDIT_PRELUDE, assert_clean_error, invoke, run_cli, store_snapshot

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
EX = "http://example.org/"


def _nt_lines(n: int, start: int = 0) -> list[str]:
    return [f'<{EX}s{i}> <{EX}p> "value {i}" .' for i in range(start, start + n)]


@pytest.fixture(autouse=True)
def _audited(audit):
    """Every test here runs under the audit hook: no socket, no file outside the allowed places."""
    return audit


# --------------------------------------------------------------------------- 16: load

def test_load_with_one_bad_line_adds_nothing_and_names_line_and_column(tmp_path, audit):
    store = tmp_path / "store"
    good = tmp_path / "good.nt"
    good.write_text("\n".join(_nt_lines(3)) + "\n")
    assert invoke("--store", str(store), "load", str(good)).code == 0
    before = store_snapshot(store)
    assert len(before) == 3

    lines = _nt_lines(200, start=10)
    lines[99] = f'<{EX}s109> <{EX}p> "no closing quote .'  # line 100 of the file
    bad = tmp_path / "bad.nt"
    bad.write_text("\n".join(lines) + "\n")
    run = invoke("--store", str(store), "load", str(bad))
    line = assert_clean_error(run, 1, mentions=[str(bad)])
    assert re.search(rf"{re.escape(str(bad))}:100:\d+:", line), line
    assert store_snapshot(store) == before

    # Turtle: a statement that breaks in the middle of a file of good ones.
    ttl = tmp_path / "bad.ttl"
    rows = [f"ex:s{i} ex:p {i} ." for i in range(50)]
    rows[24] = "ex:s24 ex:p ex:o ex:extra ."  # line 26 (after the prefix line)
    ttl.write_text(f"@prefix ex: <{EX}> .\n" + "\n".join(rows) + "\n")
    run = invoke("--store", str(store), "load", str(good), str(ttl))  # good file first
    line = assert_clean_error(run, 1)
    assert re.search(rf"{re.escape(str(ttl))}:26:\d+:", line), line
    assert store_snapshot(store) == before


def test_load_adds_every_file_in_one_go(tmp_path, audit):
    store = tmp_path / "store"
    a, b = tmp_path / "a.nt", tmp_path / "b.ttl"
    a.write_text("\n".join(_nt_lines(5)) + "\n")
    b.write_text(f"@prefix ex: <{EX}> .\nex:x ex:p \"é ✓\" .\n")
    run = invoke("--store", str(store), "load", str(a), str(b), "--graph", EX + "graph/extra",
                 "--format", "json")
    assert run.code == 0, run.stderr
    assert [r["quads"] for r in json.loads(run.stdout)] == [5, 1]
    snap = store_snapshot(store)
    assert len(snap) == 6 and all(f"<{EX}graph/extra>" in q for q in snap)
    assert any('"é ✓"' in q for q in snap)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description>
</rdf:RDF>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&secret;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("name, body", [("laughs.rdf", BILLION_LAUGHS),
                                        ("external.xml", EXTERNAL_ENTITY),
                                        ("lower.rdf", BILLION_LAUGHS.replace(b"DOCTYPE", b"doctype"))])
def test_rdfxml_with_entities_is_refused_fast(tmp_path, audit, name, body):
    store = tmp_path / "store"
    path = tmp_path / name
    path.write_bytes(body)
    start = time.perf_counter()
    run = invoke("--store", str(store), "load", str(path))
    elapsed = time.perf_counter() - start
    assert_clean_error(run, 1, mentions=[name, "DOCTYPE"])
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert store_snapshot(store) == []


def test_plain_rdfxml_still_loads(tmp_path, audit):
    path = tmp_path / "ok.rdf"
    path.write_bytes(b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>plain</ex:p></rdf:Description>
</rdf:RDF>
""")
    run = invoke("--store", str(tmp_path / "store"), "load", str(path), "--graph", EX + "g")
    assert run.code == 0, run.stderr
    assert len(store_snapshot(tmp_path / "store")) == 1


class _ContextServer(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        body = b'{"@context": {"name": "http://schema.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_jsonld_remote_context_is_never_fetched(tmp_path, audit):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ContextServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        for i, ctx in enumerate([f"http://127.0.0.1:{port}/ctx.jsonld",
                                 f"http://example.org/ctx-{port}.jsonld",
                                 "file:///etc/passwd"]):
            doc = tmp_path / f"remote{i}.jsonld"
            doc.write_text(json.dumps({"@context": ctx, "@id": EX + "x", "name": "X"}))
            run = invoke("--store", str(tmp_path / "store"), "load", str(doc), "--graph", EX + "g")
            assert_clean_error(run, 1, mentions=[doc.name, "context"])
        # A subprocess too, so that the hook sees the whole run.
        run = run_cli("--store", tmp_path / "store2", "load", tmp_path / "remote1.jsonld",
                      audit_roots=[tmp_path])
        assert_clean_error(run, 1)
        assert run.audit == []
    finally:
        server.shutdown()
        server.server_close()
    assert _ContextServer.hits == []
    # An inline context loads.
    doc = tmp_path / "inline.jsonld"
    doc.write_text(json.dumps({"@context": {"name": "http://schema.org/name"},
                               "@id": EX + "x", "name": "X"}))
    run = invoke("--store", str(tmp_path / "store"), "load", str(doc), "--graph", EX + "g")
    assert run.code == 0, run.stderr
    assert store_snapshot(tmp_path / "store") == [
        f'<{EX}x> <http://schema.org/name> "X" <{EX}g>']


@pytest.mark.parametrize("case", ["missing", "folder", "suffix", "empty"])
def test_load_bad_paths(tmp_path, case):
    target = {"missing": tmp_path / "nope.ttl", "folder": tmp_path,
              "suffix": tmp_path / "data.csv", "empty": tmp_path / "empty.ttl"}[case]
    if case in ("suffix", "empty"):
        target.write_text("" if case == "empty" else "a,b\n")
    run = invoke("--store", str(tmp_path / "store"), "load", str(target))
    assert_clean_error(run, 1, mentions=[target.name])


# --------------------------------------------------------------------------- 17: outputs

@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Path:
    """A store with enough triples that its N-Triples dump is far larger than a pipe buffer."""
    folder = tmp_path_factory.mktemp("big")
    data = folder / "big.nt"
    data.write_text("\n".join(_nt_lines(20_000)) + "\n")
    run = run_cli("--store", folder / "store", "load", data, "--graph", EX + "graph/big")
    assert run.code == 0, run.stderr
    return folder / "store"


def test_pipe_into_head_ends_quietly(big_store):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    everything = b"SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    for args in (["rdf", "--format", "nt"], ["query", "-", "--format", "csv"]):
        proc = subprocess.Popen(
            [sys.executable, "-c", AUDIT_PRELUDE, "--store", str(big_store), *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )
        proc.stdin.write(everything)
        proc.stdin.close()
        first = proc.stdout.readline()
        assert first.strip(), (args, first, proc.stderr.read() if proc.poll() is not None else "")
        proc.stdout.close()  # what `head -1` does after its line
        proc.wait(timeout=60)
        text = proc.stderr.read().decode()
        proc.stderr.close()
        assert "Traceback" not in text and "BrokenPipe" not in text, text
        assert "Exception ignored" not in text, text
        assert proc.returncode in (0, 141), (proc.returncode, text)
    # And through a real shell pipeline.
    out = subprocess.run(
        f'"{sys.executable}" -c "from filmgraph.cli import main; main()" --store "{big_store}" '
        "rdf --format nt | head -1",
        shell=True, capture_output=True, timeout=60,
    )
    assert out.stdout.count(b"\n") == 1
    assert b"Traceback" not in out.stderr and out.stderr.strip() == b"", out.stderr


def _run_on_pty(args: list[str], env: dict[str, str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal and return what it printed."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", "from filmgraph.cli import main; main()", *args],
                            stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.returncode == 0, err
    return b"".join(chunks).decode("utf-8", "replace")


def test_no_colour_off_a_terminal_or_when_asked(big_store, tmp_path):
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "FORCE_COLOR")}
    args = ["--store", str(big_store), "stats"]
    # On a terminal with a normal TERM the table header is bold: the check below can fail.
    on_tty = _run_on_pty(args, {**base, "TERM": "xterm-256color"})
    assert ANSI.search(on_tty), on_tty[:200]
    assert not ANSI.search(_run_on_pty(args, {**base, "TERM": "xterm", "NO_COLOR": "1"}))
    assert not ANSI.search(_run_on_pty(args, {**base, "TERM": "dumb"}))
    # Redirected to a file or a pipe: never colour, whatever TERM says.
    out = tmp_path / "out.txt"
    with out.open("wb") as fh:
        proc = subprocess.run([sys.executable, "-c", "from filmgraph.cli import main; main()",
                               *args], stdout=fh, stderr=subprocess.PIPE,
                              env={**base, "TERM": "xterm-256color"}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "quads" in out.read_text() and not ANSI.search(out.read_text())
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {}])
def test_json_output_parses_when_redirected(big_store, tmp_path, env):
    out = tmp_path / "stats.json"
    with out.open("wb") as fh:
        proc = subprocess.run(
            [sys.executable, "-c", "from filmgraph.cli import main; main()",
             "--store", str(big_store), "stats", "--format", "json"],
            stdout=fh, stderr=subprocess.PIPE, env={**os.environ, **env}, timeout=60,
        )
    assert proc.returncode == 0, proc.stderr
    counts = json.loads(out.read_text())
    assert counts["quads"] == 20_000
    assert not ANSI.search(out.read_text())


# --------------------------------------------------------------------------- 18: SHACL

FG = "https://w3id.org/filmgraph/ontology#"


@pytest.fixture
def broken_film_store(tmp_path) -> Path:
    """A store whose one film breaks the shipped shapes: no document, a year that is not a gYear."""
    trig = tmp_path / "broken.trig"
    trig.write_text(f"""
@prefix fg: <{FG}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{EX}graph/broken-1999> {{
  <{EX}film/broken-1999> a fg:Film ;
      rdfs:label "Broken" ;
      fg:title "Broken" ;
      fg:year "1999"^^xsd:integer .
}}
""")
    store = tmp_path / "store"
    run = invoke("--store", str(store), "load", str(trig))
    assert run.code == 0, run.stderr
    return store


def test_shacl_violation_report_names_focus_path_message(broken_film_store):
    run = invoke("--store", str(broken_film_store), "validate", "--film", "broken-1999",
                 "--format", "json")
    assert run.code == 1, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    assert report["conforms"] is False
    by_path = {v["path"]: v for v in report["violations"]}
    focus = f"{EX}film/broken-1999"
    assert by_path[FG + "document"]["focus"] == focus
    assert "fg:document" in by_path[FG + "document"]["message"]
    assert by_path[FG + "year"]["focus"] == focus
    assert by_path[FG + "year"]["message"]
    # The table says the same to a person.
    run = invoke("--store", str(broken_film_store), "validate", "--film", "broken-1999")
    assert run.code == 1
    assert focus in run.stdout and FG + "document" in run.stdout


def test_shapes_file_that_does_not_parse_exits_2(broken_film_store, tmp_path):
    shapes = tmp_path / "bad-shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle [ .\n")
    run = invoke("--store", str(broken_film_store), "validate", "--shapes", str(shapes))
    assert_clean_error(run, 2, mentions=["bad-shapes.ttl"])
    missing = tmp_path / "missing-shapes.ttl"
    run = invoke("--store", str(broken_film_store), "validate", "--shapes", str(missing))
    assert_clean_error(run, 2, mentions=["missing-shapes.ttl"])


def test_loaded_data_cannot_crash_the_lookups(tmp_path):
    """Data from `filmgraph load` is not built by filmgraph: a year that is not a number
    must not turn `films` into a traceback."""
    trig = tmp_path / "odd.trig"
    trig.write_text(f"""
@prefix fg: <{FG}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{EX}graph/odd> {{
  <{EX}film/odd> a fg:Film ; rdfs:label "Odd" ; fg:title "Odd" ; fg:year "nineteen ninety-nine" .
}}
""")
    store = tmp_path / "store"
    assert invoke("--store", str(store), "load", str(trig)).code == 0
    for args in (["films", "--format", "json"], ["stats", "--format", "json"]):
        run = invoke("--store", str(store), *args)
        assert "Traceback" not in run.stderr, run.stderr[-1500:]
        if run.code != 0:
            assert_clean_error(run, 1)
