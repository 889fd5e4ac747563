"""Case 15: a SPARQL server that misbehaves (a local stub the tests start).

Connection refused, a hang past --timeout, HTTP 500, 429 with Retry-After
(bounded retry), 403, and 200 with an HTML page: each a distinct, human
message, exit code 7, no traceback; a User-Agent is always sent.
"""

from __future__ import annotations

import re
import time

import pytest
from _reliability import DATA_PAGE, assert_clean_error, invoke
from stubserver import StubServer, closed_port

EXPECTED_WORDS = {
    "refused": ("refused", "could not connect", "cannot connect", "not reachable", "no server"),
    "hang": ("time", "did not answer"),
    "500": ("500",),
    "403": ("403", "forbidden", "denied"),
    "429": ("429", "too many", "busy"),
    "html": ("html", "not sparql", "not a sparql"),
}


def _error_for(mode: str) -> tuple[str, float, StubServer | None]:
    args = ["--timeout", "1", "films"]
    start = time.monotonic()
    if mode == "refused":
        run = invoke("--endpoint", f"http://127.0.0.1:{closed_port()}/sparql", *args)
        stub = None
    else:
        stub = StubServer({"hang": "hang"}.get(mode, mode), busy_times=1000, retry_after=1)
        with stub:
            run = invoke("--endpoint", stub.url, *args)
    elapsed = time.monotonic() - start
    line = assert_clean_error(run, 7)
    return line, elapsed, stub


@pytest.fixture(scope="module")
def failures() -> dict[str, tuple[str, float, StubServer | None]]:
    return {mode: _error_for(mode) for mode in EXPECTED_WORDS}


@pytest.mark.parametrize("mode", list(EXPECTED_WORDS))
def test_each_fault_has_its_own_human_message(failures, mode):
    line, elapsed, _ = failures[mode]
    assert any(w in line.lower() for w in EXPECTED_WORDS[mode]), line
    assert elapsed < 15, f"{mode}: {elapsed:.1f} s"


def test_the_messages_are_distinct(failures):
    def shape(line: str) -> str:
        return re.sub(r"\d+", "N", re.sub(r"https?://\S+", "URL", line))

    shapes = {mode: shape(line) for mode, (line, _, _) in failures.items()}
    assert len(set(shapes.values())) == len(shapes), shapes


def test_a_user_agent_is_always_sent(failures):
    for mode, (_, _, stub) in failures.items():
        if stub is None:
            continue
        assert stub.requests, mode
        for r in stub.requests:
            agent = r.headers.get("User-Agent", "")
            assert agent.startswith("filmgraph/"), (mode, agent)


def test_hang_stops_at_the_timeout(failures):
    _, elapsed, _ = failures["hang"]
    assert elapsed < 8, f"a 1 s timeout took {elapsed:.1f} s"


def test_429_retries_a_bounded_number_of_times(failures):
    from filmgraph.remote import MAX_RETRIES

    _, _elapsed, stub = failures["429"]
    assert stub is not None
    assert 2 <= len(stub.requests) <= MAX_RETRIES + 1, len(stub.requests)


def test_429_then_success_answers(tmp_path):
    with StubServer("429", busy_times=1, retry_after=1) as stub:
        start = time.monotonic()
        run = invoke("--endpoint", stub.url, "--timeout", "5", "query", "-", "--format", "json",
                     input="SELECT ?s WHERE { ?s ?p ?o }")
        elapsed = time.monotonic() - start
    assert run.code == 0, run.stderr
    assert run.stdout.strip() == "[]"
    assert len(stub.requests) == 2
    assert elapsed >= 0.9, "Retry-After was not honoured"


def test_a_huge_retry_after_is_not_obeyed_blindly():
    from filmgraph.remote import MAX_RETRY_WAIT

    with StubServer("429", busy_times=1000, retry_after=3600) as stub:
        start = time.monotonic()
        run = invoke("--endpoint", stub.url, "--timeout", "2", "films")
        elapsed = time.monotonic() - start
    assert_clean_error(run, 7)
    assert elapsed < 20 and MAX_RETRY_WAIT < 3600, elapsed


@pytest.mark.parametrize("mode", ["500", "403", "html", "refused"])
def test_ingest_to_a_failing_server(mode):
    if mode == "refused":
        url = f"http://127.0.0.1:{closed_port()}/sparql"
        run = invoke("--endpoint", url, "--update-endpoint", url, "--timeout", "2", "ingest",
                     str(DATA_PAGE))
        assert_clean_error(run, 7)
        return
    with StubServer(mode) as stub:
        run = invoke("--endpoint", stub.url, "--update-endpoint", stub.url, "--timeout", "2",
                     "ingest", str(DATA_PAGE))
    if mode == "html" and run.code == 0:
        return  # an update's answer has no body to check; a 200 is success
    assert_clean_error(run, 7)


def test_a_bad_endpoint_url_is_a_clear_error():
    for url in ("ftp://example.org/sparql", "not a url", "http://"):
        run = invoke("--endpoint", url, "films")
        assert run.code != 0 and "Traceback" not in run.stderr, run
        assert len(run.error_lines) == 1
