"""The lookup commands, through click's runner and as a real process, on both stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from click.testing import CliRunner

import servers
from filmgraph.cli import cli as root
from filmgraph.store import EmbeddedStore
from servers import cli

# The server fixtures, made available to this module's tests.
mask_embedded = servers.mask_embedded
mask_server = servers.mask_server
oxigraph_server = servers.oxigraph_server

COMMANDS = ["query", "queries", "characters", "events", "places", "themes", "arc", "where",
            "influence", "relations"]


@pytest.fixture(scope="module", params=["embedded", "server"])
def target(request: pytest.FixtureRequest) -> list[str]:
    """Global options that point the command at the embedded store or at the server."""
    if request.param == "embedded":
        return ["--store", str(request.getfixturevalue("mask_embedded"))]
    return ["--endpoint", request.getfixturevalue("mask_server").query_url]


def run_out(target: list[str], *args: str) -> str:
    """What the command printed on stdout (stderr kept apart)."""
    result = run(target, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def run(target: list[str], *args: str, input: str | None = None) -> Any:
    """Run ``filmgraph TARGET ARGS`` through ``filmgraph.cli.main``, the error handling users get."""
    import click

    from filmgraph.cli import main

    @click.command()
    def shim() -> None:
        main([*target, *args])

    return CliRunner().invoke(shim, [], env={"NO_COLOR": "1"}, input=input)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(root, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"filmgraph {command}" in result.output


def test_arc_table(target: list[str]) -> None:
    result = run(target, "arc", "Rocky Dennis")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["index", "title", "role", "time", "place", "with", "themes"]
    assert lines[2].startswith("1 ") and "Rocky Dennis's birth" in lines[2]
    assert "\x1b[" not in result.output
    assert run(target, "arc", "rocky").output == result.output


def test_arc_json_contract(target: list[str]) -> None:
    data = json.loads(run_out(target, "arc", "rocky", "--format", "json"))
    assert set(data) >= {"character", "film", "events"}
    assert data["character"] == "Rocky Dennis" and data["film"] == "mask-1985"
    first = data["events"][0]
    assert set(first) >= {"index", "title", "time", "year", "place", "participants", "agents", "themes", "iri"}
    assert (first["index"], first["time"], first["year"]) == (1, "1979", 1979)


def test_where_azusa(target: list[str]) -> None:
    result = run(target, "where", "Azusa")
    assert result.exit_code == 0, result.output
    assert "Rocky's bedroom, Azusa" in result.output and "junior high" in result.output.lower()
    assert not any(line.startswith(("Camp Bloomfield", "Equestrian")) for line in result.output.splitlines())
    data = json.loads(run_out(target, "where", "Azusa", "--format", "json"))
    assert all(set(group) >= {"place", "events"} for group in data)
    found = {e["index"] for g in data for e in g["events"]}
    assert {1, 2, 3, 4, 5, 6, 11} <= found and not found & {7, 8, 10, 12, 13}


def test_influence(target: list[str]) -> None:
    result = run(target, "influence")
    assert result.exit_code == 0, result.output
    assert "Mr. Simms" in result.output and "opposes" in result.output
    data = json.loads(run_out(target, "influence", "--top", "3", "--format", "json"))
    assert set(data) >= {"edges", "ranking"} and len(data["ranking"]) == 3
    assert all(set(e) >= {"source", "target", "kind", "directed", "events", "evidence"} for e in data["edges"])
    assert all(set(r) >= {"character", "score", "in", "out"} for r in data["ranking"])
    csv_out = run_out(target, "influence", "--by", "out", "--format", "csv")
    assert csv_out.splitlines()[0] == "character,score,in,out"


@pytest.mark.parametrize("command, columns", [
    ("characters", ["name", "actor", "aliases", "traits", "listed", "iri"]),
    ("events", ["index", "title", "time", "year", "place", "participants", "agents", "themes", "iri"]),
    ("places", ["name", "part_of", "events", "iri"]),
    ("themes", ["name", "events", "characters", "iri"]),
    ("relations", ["source", "target", "kind", "directed", "events", "evidence"]),
])
def test_listings(target: list[str], command: str, columns: list[str]) -> None:
    data = json.loads(run_out(target, command, "--film", "mask-1985", "--format", "json"))
    assert data and all(set(row) >= set(columns) for row in data)
    for fmt in ("table", "csv", "tsv", "md"):
        result = run(target, command, "--format", fmt)
        assert result.exit_code == 0 and result.output.strip()


def test_relations_kind(target: list[str]) -> None:
    data = json.loads(run_out(target, "relations", "--kind", "parent_of", "--format", "json"))
    assert data and {r["kind"] for r in data} == {"parent_of"}


def test_query_and_queries(target: list[str], tmp_path: Any) -> None:
    result = run(target, "query", "arc", "--param", "character=Rocky Dennis", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["index"] == 1 and rows[0]["name"] == "Rocky Dennis"
    listing = json.loads(run_out(target, "queries", "--format", "json"))
    assert {"arc", "where", "influence", "cooccurrence"} <= {q["name"] for q in listing}
    assert all(q["question"] for q in listing)
    f = tmp_path / "mine.rq"
    f.write_text("# param year: a year\nSELECT ?year ?next WHERE { BIND(?year + 1 AS ?next) }\n")
    assert json.loads(run_out(target, "query", str(f), "--param", "year=1979", "--format", "json")) == [
        {"year": 1979, "next": 1980}]


def test_unknown_character_message(target: list[str]) -> None:
    result = run(target, "arc", "Rocky Denis")
    assert result.exit_code == 1
    assert "filmgraph: error: no character named Rocky Denis in mask-1985; did you mean Rocky Dennis?" in result.output
    assert "Traceback" not in result.output


BAD = ['x" || true || "', '"} ; DROP ALL ; #', "?x", "<>", "a\nb"]


def _count(target: list[str]) -> int:
    if target[0] == "--store":
        s = EmbeddedStore(target[1], read_only=True)
        try:
            return len(s)
        finally:
            s.close()
    from filmgraph.remote import RemoteStore

    return len(RemoteStore(target[1]))


@pytest.mark.parametrize("bad", BAD)
def test_injection_through_every_command(target: list[str], bad: str) -> None:
    before = _count(target)
    calls = [["arc", bad], ["where", bad], ["relations", "--kind", bad]]
    calls += [[c, "--film", bad] for c in ("characters", "events", "places", "themes", "influence", "relations")]
    calls += [["arc", "rocky", "--film", bad], ["where", "Azusa", "--film", bad]]
    calls += [["query", "arc", "--param", f"character={bad}"], ["query", "arc", "--param", f"film={bad}"],
              ["query", "where", "--param", f"place={bad}"], ["query", "actor-films", "--param", f"actor={bad}"],
              ["query", "events-in-period", "--param", f"from={bad}", "--param", "to=2000"],
              ["query", "themes-of-event", "--param", f"event={bad}"]]
    for args in calls:
        result = run(target, *args, "--format", "json")
        if result.exit_code == 0:
            assert json.loads(result.stdout) == [], args
        else:
            assert result.exit_code == 1, (args, result.output)
            assert "Traceback" not in result.output
    assert _count(target) == before


def test_refused_query_exit_code(target: list[str]) -> None:
    result = run(target, "query", "-", input="DROP ALL")
    assert result.exit_code == 5 and "--allow-updates" in result.output
    result = run(target, "query", "-", input="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert result.exit_code == 5 and "SERVICE" in result.output


def test_pipe_into_head_ends_quietly(mask_embedded: Any) -> None:
    """`filmgraph query - | head -1` on output larger than a pipe's buffer: exit 0, nothing on stderr."""
    env = {**os.environ, "NO_COLOR": "1"}
    producer = subprocess.Popen([sys.executable, "-m", "filmgraph", "--store", str(mask_embedded),
                                 "query", "-", "--format", "tsv"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert producer.stdin is not None and producer.stdout is not None
    producer.stdin.write(b"SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    producer.stdin.close()
    first = producer.stdout.readline()
    producer.stdout.close()  # like head: read one line, then go away
    assert producer.stderr is not None
    err = producer.stderr.read()
    producer.wait(60)
    assert first == b"s\tp\to\n"
    assert producer.returncode == 0, err
    assert err == b""


def test_no_color_and_plain_pipe(mask_embedded: Any) -> None:
    done = cli("--store", str(mask_embedded), "characters", env={"NO_COLOR": "1"})
    assert done.returncode == 0 and "\x1b[" not in done.stdout and done.stderr == ""
    assert done.stdout.splitlines()[0].split() == ["name", "actor", "aliases", "traits", "listed"]
