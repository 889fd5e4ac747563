"""The README's notebook walkthrough runs, and says what the page says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from filmgraph.pipeline import ingest
from filmgraph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.fixture()
def mask_store(tmp_path, monkeypatch):
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        ingest([ROOT / "data" / "mask-1985.txt"], store)
    monkeypatch.setenv("FILMGRAPH_STORE", str(path))
    return path


def test_readme_walkthrough_runs(mask_store):
    [code] = python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    # What happens in Azusa, rolled up: the junior high (4, 5), the clinic (3), Rusty's home (6),
    # the high school (9) and Rocky's bedroom (11) are all part of Azusa.
    assert {r["index"] for r in scope["rows"]} == {1, 2, 3, 4, 5, 6, 9, 11}
    df = scope["df"]
    assert str(df["weight"].dtype) == "Int64"
    pair = df[(df["aName"] == "Rocky Dennis") & (df["bName"] == "Rusty Dennis")
              | (df["aName"] == "Rusty Dennis") & (df["bName"] == "Rocky Dennis")]
    assert int(pair["weight"].iloc[0]) >= 7  # they share events 1, 2, 3, 5, 6, 11, 12
    labels = {d["label"] for _, d in scope["G"].nodes(data=True)}
    assert {"Rocky Dennis", "Rusty Dennis", "Diana Adams"} <= labels
