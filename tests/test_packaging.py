"""The wheel carries the ontology, the shapes, the stored queries and the demo data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_the_resources(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
         str(ROOT)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    [wheel] = tmp_path.glob("filmgraph_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind, pattern in [("ontology", "*.ttl"), ("queries", "*.rq"), ("data", "*")]:
        for f in (ROOT / kind).glob(pattern):
            if f.is_file():
                assert f"filmgraph/resources/{kind}/{f.name}" in names, f"{kind}/{f.name} not in wheel"
    assert "filmgraph/py.typed" in names
    meta = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert "Name: filmgraph-kg" in text
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "filmgraph = filmgraph.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
