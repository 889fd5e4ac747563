#!/usr/bin/env python3
"""Set up filmgraph in ./.venv and run its main job or its test suite.

Needs only Python 3.11+ and this repository:

    python3 dev.py demo     # set up, ingest data/mask-1985.txt into the default store, show it
    python3 dev.py test     # set up (with test extras and test services), run the whole suite
    python3 dev.py data     # rebuild data/mask-1985.ttl from data/mask-1985.txt

Uses only the standard library, so it runs before anything is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("FILMGRAPH_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def say(msg: str) -> None:
    print(f"[dev] {msg}", file=sys.stderr, flush=True)


def run(*cmd: str | os.PathLike[str], check: bool = True, env: dict[str, str] | None = None) -> int:
    say(" ".join(str(c) for c in cmd))
    proc = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env)
    if check and proc.returncode != 0:
        sys.exit(proc.returncode)
    return proc.returncode


def setup(extras: str = "") -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs on any Python
        sys.exit("filmgraph needs Python 3.11 or newer")
    if not PY.exists():
        say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    spec = f".[{extras}]" if extras else "."
    run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", spec)


def demo() -> None:
    setup()
    fg = str(BIN / "filmgraph")
    run(fg, "ingest", "data/mask-1985.txt")
    run(fg, "films")
    run(fg, "stats")
    run(fg, "characters")
    run(fg, "events")
    run(fg, "influence", "--top", "8")
    run(fg, "validate")


def data() -> None:
    """Rebuild data/mask-1985.ttl, the committed graph of the demo page."""
    setup()
    code = (
        "import pyoxigraph as ox\n"
        "from filmgraph.pipeline import build\n"
        "from filmgraph.vocab import PREFIXES\n"
        "b = build('data/mask-1985.txt')\n"
        "ttl = ox.serialize([q.triple for q in b.quads], format=ox.RdfFormat.TURTLE,"
        " prefixes=PREFIXES)\n"
        "open('data/mask-1985.ttl', 'wb').write(ttl)\n"
    )
    run(PY, "-c", code, env=dict(os.environ, FILMGRAPH_BASE=""))


def system_packages() -> None:
    """Install the Debian packages the browser and Virtuoso tests use, where apt-get is available."""
    wanted = {"chromium": "/usr/bin/chromium", "virtuoso-opensource": "/usr/bin/virtuoso-t",
              "graphviz": "/usr/bin/dot"}
    missing = [pkg for pkg, probe in wanted.items() if not Path(probe).exists()]
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        say(f"cannot install {', '.join(missing)} (needs apt-get as root); their tests will say so")
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run("apt-get", "update", "-qq", check=False, env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, check=False, env=env)


def test(args: list[str]) -> None:
    setup("test")
    system_packages()
    lint = [p for p in ("src", "tests", "benchmarks", "docs", "dev.py") if (ROOT / p).exists()]
    run(PY, "-m", "ruff", "check", *lint)
    run(PY, "-m", "mypy")
    run(PY, "-m", "pytest", *args)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"demo", "test", "setup", "data"}:
        sys.exit(__doc__)
    if argv[0] == "demo":
        demo()
    elif argv[0] == "setup":
        setup("test")
    elif argv[0] == "data":
        data()
    else:
        test(argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
