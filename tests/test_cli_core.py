"""The core commands through the real CLI: ingest, films, stats, validate, rdf, --help."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from filmgraph.cli import COMMANDS, cli

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
OWN_MASK = ROOT / "data" / "mask-1985.txt"


def run(store, *args, input=None):
    result = CliRunner().invoke(cli, ["--store", str(store), *args], input=input,
                                catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def mask_store(tmp_path_factory, mask_page_path):
    store = tmp_path_factory.mktemp("store") / "db"
    result = run(store, "ingest", str(mask_page_path), "--format", "json")
    assert result.exit_code == 0, result.output
    return store


def test_ingest_reports_the_film(tmp_path, mask_page_path):
    result = run(tmp_path / "db", "ingest", str(mask_page_path), "--format", "json")
    assert result.exit_code == 0, result.output
    [film] = json.loads(result.stdout)
    assert (film["slug"], film["title"], film["year"]) == ("mask-1985", "Mask", 1985)
    assert film["events"] == 13
    assert film["status"] == "stored"


def test_films_json_contract(mask_store):
    result = run(mask_store, "films", "--format", "json")
    assert result.exit_code == 0, result.output
    [film] = json.loads(result.stdout)
    assert set(film) >= {"slug", "title", "year", "iri", "triples"}
    assert film["slug"] == "mask-1985" and film["title"] == "Mask" and film["year"] == 1985
    assert film["iri"].endswith("/film/mask-1985")
    assert film["triples"] > 500


def test_ingest_twice_keeps_the_same_triples(tmp_path, mask_page_path):
    store = tmp_path / "db"
    run(store, "ingest", str(mask_page_path))
    first = json.loads(run(store, "films", "--format", "json").stdout)[0]["triples"]
    again = run(store, "ingest", str(mask_page_path), "--format", "json")
    assert json.loads(again.stdout)[0]["status"] == "skipped"  # same SHA-256: nothing to do
    forced = run(store, "ingest", "--force", str(mask_page_path), "--format", "json")
    assert json.loads(forced.stdout)[0]["status"] == "replaced"
    second = json.loads(run(store, "films", "--format", "json").stdout)[0]["triples"]
    assert first == second
    stats = json.loads(run(store, "stats", "--format", "json").stdout)
    assert stats["films"] == 1


def test_two_pages_two_named_graphs(tmp_path, mask_page_path):
    store = tmp_path / "db"
    invented = sorted((ROOT / "tests/fixtures/pages").glob("*.txt"))
    result = run(store, "ingest", str(mask_page_path), str(OWN_MASK), *map(str, invented))
    assert result.exit_code == 0, result.output
    films = json.loads(run(store, "films", "--format", "json").stdout)
    slugs = [f["slug"] for f in films]
    # The real page and our own-words page describe one film: the second replaces the first.
    assert slugs.count("mask-1985") == 1
    assert len(slugs) == len(invented) + 1 == len(set(slugs))


def test_validate_conforms(mask_store):
    result = run(mask_store, "validate")
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout


def test_validate_with_broken_shapes_exits_2(mask_store, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:path [ \n")
    result = subprocess.run(
        [sys.executable, "-m", "filmgraph", "--store", str(mask_store), "validate", "--shapes",
         str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("filmgraph: error:") and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt,parser", [
    ("turtle", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("trig", "trig"), ("jsonld", "json-ld"),
])
def test_rdf_serialisations_parse_back(mask_store, tmp_path, fmt, parser):
    import rdflib

    out = tmp_path / f"mask.{fmt}"
    result = run(mask_store, "rdf", "--film", "mask-1985", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    ds = rdflib.Dataset()
    ds.parse(out, format=parser)
    n = sum(1 for _ in ds.quads((None, None, None, None)))
    films = json.loads(run(mask_store, "films", "--format", "json").stdout)
    assert n == films[0]["triples"]
    assert b"https://schema.org/" not in out.read_bytes()


def test_rdf_to_stdout(mask_store):
    result = run(mask_store, "rdf", "--film", "mask-1985")
    assert result.exit_code == 0
    assert "@prefix fg:" in result.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"{name} --help has no example"


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from filmgraph.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('rdflib', 'networkx', 'matplotlib', 'SPARQLWrapper', 'pyshacl')"
            " if m in sys.modules]\n"
            "print('HEAVY', heavy, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in out.stderr, out.stderr
    assert "ingest" in out.stdout and "arc" in out.stdout


def test_store_in_use_gives_a_clear_message(tmp_path, mask_page_path):
    from filmgraph.store import EmbeddedStore

    store = tmp_path / "db"
    run(store, "ingest", str(mask_page_path))
    with EmbeddedStore(store):
        out = subprocess.run([sys.executable, "-m", "filmgraph", "--store", str(store), "ingest",
                              str(mask_page_path)], capture_output=True, text=True)
    assert out.returncode == 4
    assert out.stderr.strip() == f"filmgraph: error: the store at {store} is in use by another process"


def test_a_bad_page_in_a_batch_is_reported_and_the_rest_stored(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 Plot Summary\n")
    pages = sorted((ROOT / "tests/fixtures/pages").glob("*.txt"))
    out = subprocess.run(
        [sys.executable, "-m", "filmgraph", "--store", str(tmp_path / "db"), "ingest",
         *map(str, pages), str(bad), "--jobs", "2", "--format", "json"],
        capture_output=True, text=True)
    assert out.returncode == 1
    assert f"filmgraph: error: {bad}: not UTF-8 text" in out.stderr
    assert "Traceback" not in out.stderr
    rows = json.loads(out.stdout)
    assert sorted(r["status"] for r in rows) == ["failed"] + ["stored"] * len(pages)
    films = json.loads(run(tmp_path / "db", "films", "--format", "json").stdout)
    assert len(films) == len(pages)


def test_a_single_bad_page_is_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = subprocess.run([sys.executable, "-m", "filmgraph", "--store", str(tmp_path / "db"),
                          "ingest", str(empty)], capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr == f"filmgraph: error: {empty}: the file is empty\n"
