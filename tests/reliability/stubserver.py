"""A misbehaving SPARQL server on 127.0.0.1, for the server-fault tests.

Each :class:`StubServer` answers every request the way its ``mode`` says:

- ``"ok"``: an empty, valid SPARQL JSON result (or 204 for an update);
- ``"html"``: ``200 OK`` with an HTML error page (a proxy or login page);
- ``"500"``, ``"403"``: that HTTP error, with a short text body;
- ``"429"``: ``429 Too Many Requests`` with ``Retry-After`` for the first
  ``busy_times`` requests, then ``"ok"``;
- ``"hang"``: accept, read the request, and answer nothing for ``hang`` seconds.

It records every request (method, path, headers) so tests can check the
User-Agent and count retries. Pure standard library; loopback only.

>>> with StubServer("ok") as stub:
...     import urllib.request
...     body = urllib.request.urlopen(stub.url + "?query=ASK%7B%7D", timeout=5).read()
>>> b'"boolean"' in body or b'"bindings"' in body, len(stub.requests)
(True, 1)
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Request", "StubServer", "closed_port"]

EMPTY_RESULTS = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
ASK_RESULT = b'{"head": {}, "boolean": false}'
HTML_PAGE = (b"<!DOCTYPE html><html><head><title>Sign in</title></head>"
             b"<body><h1>Please sign in to continue</h1></body></html>")


@dataclass
class Request:
    """One request the stub received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class StubServer:
    """A local HTTP server that fails in one chosen way (see the module docstring)."""

    mode: str = "ok"
    retry_after: int = 1
    busy_times: int = 1
    hang: float = 30.0
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def port(self) -> int:
        assert self._server is not None, "the stub is not running"
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def start(self) -> StubServer:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                stub.requests.append(Request(self.command, self.path, dict(self.headers), body))
                stub._answer(self, body)

            do_GET = do_POST = _handle

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ answers
    def _answer(self, h: BaseHTTPRequestHandler, body: bytes) -> None:
        mode = self.mode
        if mode == "429":
            busy = sum(1 for _ in self.requests) <= self.busy_times
            if busy:
                self._send(h, 429, b"slow down", "text/plain",
                           {"Retry-After": str(self.retry_after)})
                return
            mode = "ok"
        if mode == "hang":
            self._stop.wait(self.hang)
            return
        if mode == "html":
            self._send(h, 200, HTML_PAGE, "text/html; charset=utf-8")
        elif mode in ("500", "403", "404", "503"):
            self._send(h, int(mode), f"error {mode} from the stub".encode(), "text/plain")
        else:
            is_update = h.command == "POST" and (b"update=" in body or
                                                 "sparql-update" in h.headers.get("Content-Type", ""))
            if is_update:
                self._send(h, 204, b"", "text/plain")
                return
            text = body.decode("utf-8", "replace") + h.path
            payload = ASK_RESULT if "ASK" in text.upper() else EMPTY_RESULTS
            self._send(h, 200, payload, "application/sparql-results+json")

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str,
              extra: dict[str, str] | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)


def wait_for(predicate: Any, timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())
