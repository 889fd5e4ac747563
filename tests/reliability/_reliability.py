"""Shared helpers of the reliability battery (fixtures are re-exported by conftest.py): the CLI run in-process and as a process, an
ingested store, and an audit hook that records every network connection and every
file opened outside the places filmgraph may read.

``sys.addaudithook`` is process-wide and cannot be removed, so the hook is
installed once, here, and only *records* while the ``audit`` fixture is active.
Subprocesses get the same hook through :data:`AUDIT_PRELUDE`: they write what
they saw to a file the test reads back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
DATA_PAGE = REPO / "data" / "mask-1985.txt"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# --------------------------------------------------------------------------- audit hook

def _allowed_roots() -> tuple[str, ...]:
    roots = {
        str(REPO), str(SHARED), sys.prefix, sys.base_prefix, sys.exec_prefix,
        tempfile.gettempdir(), "/tmp", "/dev/null", "/dev/urandom", "/proc/self", "/proc/",
        "/sys/fs/cgroup", "/sys/devices/system/cpu", "/usr/lib", "/usr/local/lib",
        "/usr/share/zoneinfo", "/etc/localtime", "/etc/mime.types", "/etc/ssl", "/usr/lib/ssl",
    }
    roots |= {p for p in sys.path if p}
    return tuple(sorted(os.path.realpath(r) for r in roots if r))


_LOOPBACK = ("127.", "::1", "localhost", "0:0:0:0:0:0:0:1")


@dataclass
class AuditLog:
    """What the hook saw while recording: remote connections, DNS lookups, opened files."""

    active: bool = False
    roots: tuple[str, ...] = field(default_factory=_allowed_roots)
    extra_roots: list[str] = field(default_factory=list)
    connects: list[str] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)
    opens: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.connects.clear()
        self.lookups.clear()
        self.opens.clear()

    def problems(self) -> list[str]:
        return ([f"connect {c}" for c in self.connects] + [f"lookup {h}" for h in self.lookups]
                + [f"open {p}" for p in self.opens])


AUDIT = AuditLog()


def _is_loopback(host: object) -> bool:
    return isinstance(host, str) and (host.startswith(_LOOPBACK) or host == "")


def _hook(event: str, args: tuple) -> None:
    # Keep this cheap and free of anything that raises audit events itself.
    if not AUDIT.active:
        return
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            AUDIT.connects.append(repr(address))
    elif event == "socket.getaddrinfo":
        if not _is_loopback(args[0]):
            AUDIT.lookups.append(repr(args[0]))
    elif event == "open":
        path = args[0]
        if isinstance(path, bytes):
            path = path.decode("utf-8", "replace")
        if not isinstance(path, str):
            return  # a file descriptor
        full = os.path.normpath(os.path.join(os.getcwd(), path))
        if not full.startswith(AUDIT.roots) and not full.startswith(tuple(AUDIT.extra_roots)):
            AUDIT.opens.append(full)


sys.addaudithook(_hook)


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[AuditLog]:
    """Record connections and file opens during the test; fail it if any escaped."""
    AUDIT.clear()
    AUDIT.extra_roots = [str(tmp_path)]
    AUDIT.active = True
    try:
        yield AUDIT
    finally:
        AUDIT.active = False
    problems = AUDIT.problems()
    AUDIT.clear()
    assert not problems, f"network or file access outside the allowed places: {problems[:10]}"


#: Code run before the CLI in a subprocess: the same hook, reported at exit to $FG_AUDIT_LOG.
AUDIT_PRELUDE = r"""
import atexit, json, os, sys
_log, _seen = os.environ.get("FG_AUDIT_LOG"), []
_roots = tuple(json.loads(os.environ.get("FG_AUDIT_ROOTS", "[]")))
_on = [True]
def _hook(event, args):
    if not _on[0]:
        return
    if event == "socket.connect":
        a = args[1]
        if isinstance(a, tuple) and not (isinstance(a[0], str) and a[0].startswith(("127.", "::1", "localhost"))):
            _seen.append("connect " + repr(a))
    elif event == "socket.getaddrinfo":
        if not (isinstance(args[0], str) and args[0].startswith(("127.", "::1", "localhost"))):
            _seen.append("lookup " + repr(args[0]))
    elif event == "open" and isinstance(args[0], (str, bytes)):
        p = args[0].decode() if isinstance(args[0], bytes) else args[0]
        full = os.path.normpath(os.path.join(os.getcwd(), p))
        if not full.startswith(_roots):
            _seen.append("open " + full)
def _report():
    _on[0] = False
    if _log:
        with open(_log, "w") as f:
            json.dump(_seen, f)
if _log:
    sys.addaudithook(_hook)
    atexit.register(_report)
from filmgraph.cli import main
main()
"""


# --------------------------------------------------------------------------- running the CLI

@dataclass
class Run:
    """The outcome of one ``filmgraph`` run."""

    code: int
    stdout: str
    stderr: str
    audit: list[str] = field(default_factory=list)

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def assert_clean_error(run: Run, code: int | None = None, *, mentions: Sequence[str] = ()) -> str:
    """A foreseen failure: one 'filmgraph: error:' line, a non-zero exit, no traceback."""
    assert run.code != 0, f"expected a failure, got exit 0; stdout={run.stdout[:300]!r}"
    if code is not None:
        assert run.code == code, f"exit {run.code}, expected {code}; stderr={run.stderr[-500:]!r}"
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    lines = run.error_lines
    assert len(lines) == 1, f"expected one line on stderr, got {lines[:5]}"
    assert lines[0].startswith("filmgraph: error:"), lines[0]
    for word in mentions:
        assert word.lower() in lines[0].lower(), f"{word!r} not in {lines[0]!r}"
    return lines[0]


class _Main:
    """Lets CliRunner drive ``filmgraph.cli.main`` (which turns errors into exit codes)."""

    name = "filmgraph"

    def main(self, args: Sequence[str] = (), prog_name: str | None = None, **_: object) -> object:
        from filmgraph.cli import main

        return main(list(args))


def invoke(*args: str, input: str | bytes | None = None,
           env: dict[str, str] | None = None) -> Run:
    """Run ``filmgraph ARGS`` in this process through click's CliRunner."""
    from click.testing import CliRunner

    runner = CliRunner(catch_exceptions=True)
    result = runner.invoke(_Main(), list(args), input=input, env=env)  # type: ignore[arg-type]
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        stderr += "".join(traceback.format_exception(result.exception))
    return Run(result.exit_code, result.stdout, stderr)


def run_cli(*args: str | os.PathLike[str], input: bytes | str | None = None,
            env: dict[str, str] | None = None, timeout: float = 120,
            audit_roots: Sequence[str | os.PathLike[str]] | None = None,
            cwd: str | os.PathLike[str] | None = None) -> Run:
    """Run ``filmgraph ARGS`` as a new process (``python -c 'from filmgraph.cli import main; main()'``).

    With ``audit_roots`` the process records remote connections and file opens
    outside those roots (plus the usual ones) and the result carries them.
    """
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    full_env.pop("FILMGRAPH_STORE", None)
    full_env.pop("FILMGRAPH_ENDPOINT", None)
    full_env.update(env or {})
    log = None
    if audit_roots is not None:
        fd, log = tempfile.mkstemp(suffix=".json", prefix="fg-audit-")
        os.close(fd)
        roots = list(_allowed_roots()) + [os.path.realpath(r) for r in audit_roots]
        full_env["FG_AUDIT_LOG"] = log
        full_env["FG_AUDIT_ROOTS"] = json.dumps(roots)
    data = input.encode() if isinstance(input, str) else input
    proc = subprocess.run(
        [sys.executable, "-c", AUDIT_PRELUDE, *map(os.fspath, args)],
        input=data, capture_output=True, env=full_env, timeout=timeout, cwd=cwd,
    )
    seen: list[str] = []
    if log:
        try:
            seen = json.loads(Path(log).read_text() or "[]")
        finally:
            os.unlink(log)
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"), seen)


# --------------------------------------------------------------------------- pages and stores

def real_page_path() -> Path:
    """The real Mask page from ../shared; fails (never skips) in CI when it is missing."""
    path = SHARED / "corpus" / "mask-1985.txt"
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"{path} is missing (CI must have ../shared)")
        pytest.skip(f"{path} is missing")
    return path


@pytest.fixture(scope="session")
def real_page() -> Path:
    return real_page_path()


def store_snapshot(store: Path) -> list[str]:
    """Every quad of an on-disk store as sorted N-Quads lines (opened read-only)."""
    import pyoxigraph as ox

    if not (store / "CURRENT").exists():
        return []
    s = ox.Store.read_only(str(store))
    try:
        return sorted(str(q) for q in s)
    finally:
        del s


def _strip_volatile(lines: list[str]) -> list[str]:
    # The log graph records when a page was read: that changes on every ingest.
    return [ln for ln in lines if "/graph/log>" not in ln]


@pytest.fixture(scope="session")
def mask_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding data/mask-1985.txt, built once; copy it before writing to it."""
    store = tmp_path_factory.mktemp("mask") / "store"
    run = run_cli("--store", store, "ingest", DATA_PAGE)
    assert run.code == 0, run.stderr
    return store


@pytest.fixture
def mask_copy(mask_store: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`mask_store` a test may write to."""
    dst = tmp_path / "store"
    shutil.copytree(mask_store, dst, ignore=shutil.ignore_patterns("filmgraph.lock"))
    return dst


def film_page(template: str, title: str, year: int) -> str:
    """A copy of a page retitled: every 'Mask' and '(1985)' replaced."""
    return template.replace("Mask", title).replace("(1985)", f"({year})")
