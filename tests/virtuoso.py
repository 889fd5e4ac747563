"""Start and stop a real Virtuoso server for the tests (Debian's ``virtuoso-opensource``).

The server runs without a service manager: the system ``virtuoso.ini`` is copied
with every file path pointed at a temporary folder and both ports set to free
ones on 127.0.0.1, then ``virtuoso-t -f`` runs in the foreground as a child of
the test process and is stopped at the end. SPARQL Update over HTTP needs the
``SPARQL`` user to hold ``SPARQL_UPDATE``, granted through ``isql-vt``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
SERVER_BIN = "virtuoso-t"
ISQL_BIN = "isql-vt"


def available() -> bool:
    """True when the Virtuoso server and its SQL client are installed."""
    return bool(shutil.which(SERVER_BIN) and shutil.which(ISQL_BIN) and SYSTEM_INI.exists())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_ini(folder: Path, sql_port: int, http_port: int, source: Path = SYSTEM_INI) -> Path:
    """A copy of ``source`` whose database, log and lock files live in ``folder``.

    Edited line by line: the file has repeated keys that ``configparser`` refuses.
    """
    paths = {
        ("Database", "DatabaseFile"): folder / "virtuoso.db",
        ("Database", "ErrorLogFile"): folder / "virtuoso.log",
        ("Database", "LockFile"): folder / "virtuoso.lck",
        ("Database", "TransactionFile"): folder / "virtuoso.trx",
        ("Database", "xa_persistent_file"): folder / "virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): folder / "virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): folder / "virtuoso-temp.trx",
    }
    values: dict[tuple[str, str], str] = {k: str(v) for k, v in paths.items()}
    values[("Parameters", "ServerPort")] = f"127.0.0.1:{sql_port}"
    values[("HTTPServer", "ServerPort")] = f"127.0.0.1:{http_port}"
    # Small buffers: the test data is tiny and CI machines are shared.
    values[("Parameters", "NumberOfBuffers")] = "10000"
    values[("Parameters", "MaxDirtyBuffers")] = "6000"
    values[("URIQA", "DefaultHost")] = f"127.0.0.1:{http_port}"
    section = ""
    out = []
    for line in source.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1]
        elif "=" in stripped and not stripped.startswith(";"):
            key = stripped.split("=", 1)[0].strip()
            if (section, key) in values:
                line = f"{key} = {values[(section, key)]}"
        out.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(out) + "\n", encoding="utf-8")
    return ini


@dataclass
class Virtuoso:
    """A running Virtuoso: its SPARQL endpoint, its SQL port and its process."""

    folder: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen[bytes]

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, statement: str, timeout: float = 60) -> str:
        """Run one SQL statement as ``dba`` through ``isql-vt``."""
        done = subprocess.run(
            [ISQL_BIN, str(self.sql_port), "dba", "dba", f"exec={statement}"],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stdout}{done.stderr}")
        return done.stdout

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.isql("shutdown;", timeout=30)
            except (RuntimeError, subprocess.TimeoutExpired, OSError):
                pass
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()


def start(folder: Path, *, timeout: float = 90) -> Virtuoso:
    """Start Virtuoso with its database in ``folder`` and wait until SPARQL answers."""
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = write_ini(folder, sql_port, http_port)
    with open(folder / "stdout.log", "wb") as out:  # the child keeps its own copy
        process = subprocess.Popen(
            [SERVER_BIN, "-f", "-c", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
    server = Virtuoso(folder, sql_port, http_port, process)
    deadline = time.monotonic() + timeout
    query = urllib.parse.urlencode({"query": "ASK { }"})
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"virtuoso-t exited with {process.returncode}:\n{server.log()[-3000:]}"
                f"{(folder / 'stdout.log').read_text(errors='replace')[-2000:]}"
            )
        try:
            req = urllib.request.Request(
                f"{server.endpoint}?{query}",
                headers={"Accept": "application/sparql-results+json"},
            )
            with urllib.request.urlopen(req, timeout=5) as resp:
                if resp.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"Virtuoso did not answer within {timeout} s:\n{server.log()[-3000:]}")
        time.sleep(0.5)
    server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
    return server


def update(endpoint: str, text: str, timeout: float = 60) -> None:
    """POST one SPARQL Update (``update=``) to ``endpoint``."""
    data = urllib.parse.urlencode({"update": text}).encode("utf-8")
    req = urllib.request.Request(
        endpoint, data=data,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        resp.read()


def select(endpoint: str, query: str, timeout: float = 60) -> dict:
    """POST a SELECT query and return the parsed SPARQL JSON results."""
    import json

    data = urllib.parse.urlencode({"query": query}).encode("utf-8")
    req = urllib.request.Request(
        endpoint, data=data,
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8"))


# --------------------------------------------------------------------------- binding and loading

_MASKED = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|' r"'''(?:[^'\\]|\\.|'(?!''))*'''|"
    r'"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\x00-\x20]*>"
)
_DATA_BLOCK = re.compile(r"VALUES\s*(?:[?$]\w+|\([^()]*\))\s*$", re.IGNORECASE)


def bind_values(query: str, bindings: dict[str, str]) -> str:
    """``query`` with each variable of ``bindings`` fixed in every group pattern.

    ``bindings`` maps variable names to terms in N-Triples form. A one-row
    ``VALUES`` block opens every ``{ ... }`` group (except ``VALUES`` data blocks),
    which fixes the variable in every scope the way Oxigraph's substitutions do;
    a single trailing ``VALUES`` would not reach a ``FILTER`` inside a nested group.
    """
    used = {k: v for k, v in bindings.items() if re.search(rf"[?$]{re.escape(k)}\b", query)}
    if not used:
        return query
    block = " VALUES (" + " ".join(f"?{k}" for k in used) + ") { (" + " ".join(used.values()) + ") } "
    masked = _MASKED.sub(lambda m: " " * len(m.group(0)), query)
    out, last = [], 0
    for i, ch in enumerate(masked):
        if ch == "{" and not _DATA_BLOCK.search(masked[:i]):
            out.append(query[last : i + 1])
            out.append(block)
            last = i + 1
    out.append(query[last:])
    return "".join(out)


def insert_data_updates(nquads_by_graph: dict[str, list[str]], batch: int = 400) -> list[str]:
    """``INSERT DATA`` updates, ``batch`` triples each, for N-Triples lines grouped by graph."""
    updates = []
    for graph, lines in nquads_by_graph.items():
        for i in range(0, len(lines), batch):
            body = "\n".join(lines[i : i + batch])
            updates.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")
    return updates


def replace_graph_update(graph: str, triples_nt: list[str], extra: dict[str, list[str]],
                         drop_about: list[tuple[str, str]], batch: int = 500) -> str:
    """One SPARQL Update request replacing ``graph``, in ``INSERT DATA`` operations of ``batch`` triples.

    Virtuoso compiles ``INSERT DATA`` to SQL and refuses one whose SQL text passes
    10,000 lines ("SP031 ... exceeded 10000 lines of code"), which a single film
    of 3,000 triples does; several operations in one request are accepted.
    """
    parts = [f"DROP SILENT GRAPH <{graph}>"]
    for g, s in drop_about:
        parts.append(f"DELETE WHERE {{ GRAPH <{g}> {{ <{s}> ?p ?o }} }}")
    parts.extend(insert_data_updates({graph: triples_nt, **extra}, batch=batch))
    return " ;\n".join(parts)


def load_pages(endpoint: str, paths: list) -> None:
    """Build each page and replace its film's graph (and log entries) on the server."""
    import pyoxigraph as ox

    from filmgraph.iri import Minter
    from filmgraph.mapping import log_quads
    from filmgraph.pipeline import build

    m = Minter()
    for path in paths:
        b = build(path, minter=m)
        nt = (ox.serialize([q.triple for q in b.quads], format=ox.RdfFormat.N_TRIPLES) or b"")
        log = [q.triple for q in log_quads(b.narrative, m, location=Path(path).resolve().as_uri())]
        log_nt = (ox.serialize(log, format=ox.RdfFormat.N_TRIPLES) or b"")
        graph = m.graph(b.slug)
        update(endpoint, replace_graph_update(
            graph, nt.decode("utf-8").splitlines(), {m.log_graph(): log_nt.decode("utf-8").splitlines()},
            [(m.log_graph(), graph), (m.log_graph(), m.document(b.slug))],
        ))
