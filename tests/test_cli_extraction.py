"""The eval and explain commands through the real CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from filmgraph.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory, mask_page_path):
    path = tmp_path_factory.mktemp("store") / "db"
    result = run("--store", str(path), "ingest", str(mask_page_path))
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def gold_path(shared_dir, mask_page_path):
    return shared_dir / "gold" / "mask-1985.gold.json"


def test_eval_table(mask_page_path, gold_path):
    result = run("eval", str(mask_page_path), str(gold_path))
    assert result.exit_code == 0, result.output
    for metric in ("characters_listed", "characters_prose", "event_participants", "event_agents",
                   "event_places", "event_times", "relations", "themes_events", "duplicates"):
        assert metric in result.output
    assert "n/a" in result.output


def test_eval_json(mask_page_path, gold_path):
    result = run("eval", str(mask_page_path), str(gold_path), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["duplicates"] == 0
    assert data["scores"]["relations"]["f1"] >= 0.75
    assert data["scores"]["event_agents"] is None


def test_eval_bad_gold(mask_page_path, tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(mask_page_path), str(bad)])
    assert result.exit_code != 0


def test_explain_relation(store, mask_gold):
    parent = next(r for r in mask_gold["relations"] if r["kind"] == "parent_of")
    result = run("--store", str(store), "explain", f"{parent['source']} -> {parent['target']}",
                 "--kind", "parent_of", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(r["what"] == "relation" for r in rows)
    assert all(r["rule"] and r["quote"] and 0 < r["confidence"] <= 1 for r in rows)


def test_explain_symmetric_relation_either_way(store, mask_gold):
    rel = next(r for r in mask_gold["relations"] if r["kind"] == "romantic")
    result = run("--store", str(store), "explain", f"{rel['target']} -> {rel['source']}",
                 "--kind", "romantic", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)


def test_explain_character_and_event(store, mask_gold):
    prose_only = next(c for c in mask_gold["characters"] if not c["listed"] and not c["optional"])
    result = run("--store", str(store), "explain", prose_only["name"], "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["what"] == "character"
    result = run("--store", str(store), "explain", "1", "--format", "json")
    rows = json.loads(result.output)
    assert {r["what"] for r in rows} >= {"event", "participant"}


def test_explain_unknown(store):
    result = CliRunner().invoke(cli, ["--store", str(store), "explain", "Nobody At All"])
    assert result.exit_code == 1
    result = CliRunner().invoke(cli, ["--store", str(store), "explain", "a -> b", "--kind", "x"])
    assert result.exit_code == 1
