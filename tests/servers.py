"""Real servers for the tests: an Oxigraph SPARQL server, and small HTTP stand-ins for failures.

``oxigraph_server`` (a session fixture) runs the ``oxigraph`` package's
``oxigraph serve`` on 127.0.0.1 and a free port, waits until it answers, and
stops it at the end. ``mask_server`` loads it the way a user would, through
``filmgraph --endpoint URL ingest`` (SPARQL Update): first the project's
own-words page, then the real page, which replaces it (same film, same graph).

``http_stub`` serves canned answers (an HTML page, an HTTP error, a 429 with
``Retry-After``, or no answer at all) to test how failures are reported, and
records the requests it got. Every server listens on the loopback address only.

Import the fixtures into a test module: ``from servers import mask_server, oxigraph_server``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_MASK = SHARED / "corpus" / "mask-1985.txt"
OWN_MASK = REPO / "data" / "mask-1985.txt"


def need_real_page() -> Path:
    """The real *Mask* page: a failure on CI when it is missing, a skip elsewhere."""
    if not REAL_MASK.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{REAL_MASK} is missing")
        pytest.skip(f"{REAL_MASK} is missing")
    return REAL_MASK


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of the venv running the tests (or on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is not installed: pip install oxigraph (test extras)")
    return found


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve``."""

    process: subprocess.Popen
    port: int
    location: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def start_oxigraph(location: Path, *, timeout: float = 30) -> OxigraphServer:
    """Start ``oxigraph serve`` on a free loopback port; return once it answers a query."""
    port = free_port()
    log = open(location.parent / f"oxigraph-{port}.log", "wb")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    server = OxigraphServer(process, port, location)
    deadline = time.monotonic() + timeout
    probe = urllib.request.Request(
        server.query_url + "?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"}
    )
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"oxigraph serve did not answer within {timeout} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """An empty Oxigraph server for the whole session."""
    folder = tmp_path_factory.mktemp("oxigraph")
    server = start_oxigraph(folder / "db")
    try:
        yield server
    finally:
        server.stop()


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``filmgraph ARGS...`` in a new process (as a user would)."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "filmgraph", *args], capture_output=True, text=True,
        env=full_env, timeout=120, check=False,
    )


@pytest.fixture(scope="session")
def mask_server(oxigraph_server: OxigraphServer) -> OxigraphServer:
    """The Oxigraph server holding *Mask*, loaded by ``filmgraph --endpoint ... ingest``."""
    page = need_real_page()
    for path in (OWN_MASK, page):
        if not path.is_file():
            continue
        done = cli("--endpoint", oxigraph_server.query_url, "--update-endpoint",
                   oxigraph_server.update_url, "ingest", str(path))
        assert done.returncode == 0, done.stderr
    return oxigraph_server


@pytest.fixture(scope="session")
def mask_embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of an embedded store holding *Mask* from the real page (ingested by the CLI)."""
    page = need_real_page()
    folder = tmp_path_factory.mktemp("embedded") / "store"
    done = cli("--store", str(folder), "ingest", str(page))
    assert done.returncode == 0, done.stderr
    return folder


# --------------------------------------------------------------------------- HTTP stand-ins


@dataclass
class Stub:
    """A loopback HTTP server answering every request with ``status``, ``headers`` and ``body``.

    ``delay`` holds the answer back (to test timeouts); ``script`` (a list of
    statuses) answers the first requests differently. ``requests`` records each
    request's headers.
    """

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    script: list[int] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)
    port: int = 0
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"


@pytest.fixture
def http_stub() -> Iterator[Stub]:
    """A :class:`Stub` running in a thread for one test."""
    stub = Stub()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            stub.requests.append(dict(self.headers.items()))
            if stub.delay:
                time.sleep(stub.delay)
            status = stub.script.pop(0) if stub.script else stub.status
            try:
                self.send_response(status)
                for k, v in stub.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(stub.body)))
                self.end_headers()
                self.wfile.write(stub.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = _answer
        do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stub.server = server
    stub.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
