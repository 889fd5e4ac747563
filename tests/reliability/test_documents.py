"""Cases 1-6: bad documents, through the real CLI (in-process and as a new process).

Every refusal is one line on stderr that starts "filmgraph: error:", a non-zero
exit, no traceback, and the store exactly as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
from _reliability import DATA_PAGE, assert_clean_error, invoke, run_cli, store_snapshot

FG = "https://w3id.org/filmgraph/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
C0 = {chr(c) for c in range(32) if chr(c) not in "\n\t"} | {chr(c) for c in range(0x7F, 0xA0)}


def make_page(title: str = "Quarry Lights", year: int = 1971, *,
              characters: list[tuple[str, str, str]] | None = None,
              places: list[str] | None = None, themes: list[str] | None = None,
              summary: str | None = None) -> str:
    """A plot page in the site's format, built from parts."""
    characters = characters or [("Nora Quill", "Ada Brennan", "A quarry clerk who keeps the books."),
                                ("Tom Quill", "Reuben Hale", "Her brother, a blaster at the quarry.")]
    places = places or ["Millbrook, Ohio", "The old quarry"]
    themes = themes or ["Family and Duty", "Work and Danger"]
    first = characters[0][0]
    summary = summary or (f"In {year}, {first} keeps the books of a quarry in Millbrook, and her "
                          "brother works the blasting crew there every single day of the year.")
    out = [f"{title} Plot Summary", "",
           f"Get the full plot summary of {title} ({year}), with the ending explained.", "",
           summary, "", f"{title} Timeline", "",
           f"Trace every major event of {title} ({year}) in the order it happens.", ""]
    for i, place in enumerate(places, 1):
        out += [f"Turn number {i}", "",
                f"{first} walks to the place where the next part of the story happens, and "
                "everyone there watches her arrive.", "", place, ""]
    out += [f"{title} Characters", "",
            f"Meet the characters of {title} ({year}). In-depth profiles cover their roles.", ""]
    for name, actor, desc in characters:
        out += [f"{name} ({actor})", "", desc, "", "💪 Stubborn 💖 Loyal", ""]
    out += [f"{title} Settings", "", f"See where and when {title} ({year}) unfolds.", "",
            "Time period", "", str(year), "", "Location", "", "; ".join(places), "",
            f"{title} Themes", "", f"Explore the central themes of {title} ({year}).", ""]
    for theme in themes:
        out += ["💙", "", theme, "", "A theme the story keeps coming back to, again and again.", ""]
    return "\n".join(out) + "\n"


def nquads(store: Path) -> list[ox.Quad]:
    s = ox.Store.read_only(str(store))
    try:
        return list(s)
    finally:
        del s


def labels(quads: list[ox.Quad]) -> set[str]:
    return {q.object.value for q in quads if q.predicate.value == RDFS_LABEL}


def film_graph(quads: list[ox.Quad], slug: str) -> set[tuple[str, str, str]]:
    """The film's graph without its document node (whose digest depends on the bytes)."""
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads
            if q.graph_name.value.endswith(f"/graph/{slug}")
            and not str(q.subject).endswith("/document>")}


@pytest.fixture(autouse=True)
def _audited(audit):
    """Every test here runs under the audit hook: no socket, no file outside the allowed places."""
    return audit


# --------------------------------------------------------------------------- 1: empty

@pytest.mark.parametrize("body", [b"", b"   \n\t \n\n", b"\xef\xbb\xbf", b"\r\n\r\n  \r\n",
                                  b"\xef\xbb\xbf \n"], ids=["empty", "spaces", "bom-only", "crlf",
                                                            "bom-space"])
def test_empty_or_blank_page(mask_copy, tmp_path, body):
    before = store_snapshot(mask_copy)
    page = tmp_path / "blank.txt"
    page.write_bytes(body)
    run = invoke("--store", str(mask_copy), "ingest", str(page))
    line = assert_clean_error(run, 1, mentions=["blank.txt"])
    assert "empty" in line or "whitespace" in line, line
    # The same as a new process, and with a good page beside it: nothing is stored.
    run = run_cli("--store", mask_copy, "ingest", DATA_PAGE, page)
    assert_clean_error(run, 1, mentions=["blank.txt"])
    assert store_snapshot(mask_copy) == before


@pytest.mark.parametrize("case", ["missing", "folder", "binary"])
def test_unusable_paths(mask_copy, tmp_path, case):
    before = store_snapshot(mask_copy)
    target = {"missing": tmp_path / "gone.txt", "folder": tmp_path / "pages",
              "binary": tmp_path / "photo.txt"}[case]
    if case == "folder":
        target.mkdir()
        (target / "notes.md").write_text("not a page")
    if case == "binary":
        target.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    run = invoke("--store", str(mask_copy), "ingest", str(target))
    if case == "folder":  # a folder means its *.txt pages: none here is a usage error
        assert run.code == 2 and "Traceback" not in run.stderr, run
        assert target.name in run.stderr
    else:
        assert_clean_error(run, 1, mentions=[target.name])
    assert store_snapshot(mask_copy) == before


# --------------------------------------------------------------------------- 2: encodings

def test_byte_order_mark_is_stripped(tmp_path):
    plain, bom = tmp_path / "plain", tmp_path / "bom"
    page = tmp_path / "mask-bom.txt"
    page.write_bytes(b"\xef\xbb\xbf" + DATA_PAGE.read_bytes())
    assert invoke("--store", str(plain), "ingest", str(DATA_PAGE)).code == 0
    run = invoke("--store", str(bom), "ingest", str(page), "--format", "json")
    assert run.code == 0, run.stderr
    [film] = json.loads(run.stdout)
    assert (film["slug"], film["title"], film["year"]) == ("mask-1985", "Mask", 1985)
    a, b = nquads(plain), nquads(bom)
    assert not any("\ufeff" in str(q) for q in b)
    assert film_graph(a, "mask-1985") == film_graph(b, "mask-1985")


def test_cp1252_bytes_are_refused_with_file_and_offset(mask_copy, tmp_path):
    text = make_page(characters=[("Nora Quill", "José Ferrer", "A clerk who says “no” a lot."),
                                 ("Tom Quill", "Reuben Hale", "Her brother.")])
    data = text.encode("cp1252", errors="ignore")  # the emoji have no cp1252 bytes
    first_bad = next(i for i, byte in enumerate(data) if byte >= 0x80)
    page = tmp_path / "latin.txt"
    page.write_bytes(data)
    before = store_snapshot(mask_copy)
    for run in (invoke("--store", str(mask_copy), "ingest", str(page)),
                run_cli("--store", mask_copy, "ingest", page)):
        line = assert_clean_error(run, 1, mentions=["latin.txt"])
        assert f"offset {first_bad}" in line, line
        assert "--encoding" in line
    assert store_snapshot(mask_copy) == before
    # With an explicit --encoding the page is read as written: no mojibake.
    run = invoke("--store", str(mask_copy), "ingest", "--encoding", "cp1252", str(page))
    assert run.code == 0, run.stderr
    found = labels(nquads(mask_copy))
    assert "José Ferrer" in found
    assert not any("Ã" in v for v in found)


def test_utf16_and_unknown_codec_are_clear_errors(tmp_path):
    page = tmp_path / "wide.txt"
    page.write_bytes(make_page().encode("utf-16"))
    assert_clean_error(invoke("--store", str(tmp_path / "s"), "ingest", str(page)), 1,
                       mentions=["wide.txt", "UTF-16"])
    assert_clean_error(invoke("--store", str(tmp_path / "s"), "ingest", "--encoding", "klingon",
                              str(DATA_PAGE)), 1, mentions=["klingon"])


# --------------------------------------------------------------------------- 3: control characters

def test_line_endings_give_the_same_graph(tmp_path):
    text = DATA_PAGE.read_text(encoding="utf-8")
    graphs = {}
    for name, body in {"lf": text, "crlf": text.replace("\n", "\r\n"),
                       "cr": text.replace("\n", "\r")}.items():
        page = tmp_path / f"{name}.txt"
        page.write_bytes(body.encode("utf-8"))
        run = invoke("--store", str(tmp_path / name), "ingest", str(page))
        assert run.code == 0, run.stderr
        graphs[name] = film_graph(nquads(tmp_path / name), "mask-1985")
    assert graphs["crlf"] == graphs["lf"]
    assert graphs["cr"] == graphs["lf"]


HOSTILE_CONTROLS = "\x07\x1b\x0b\x0c\x7f\x85\x9b\u2028\u2029\ufeff\u200b"


def _controlled_page() -> str:
    c = HOSTILE_CONTROLS
    return make_page(
        characters=[("Nora\x07 Quill", "Ada\x1b\x0b Brennan\x7f", f"A clerk{c} who keeps books."),
                    ("Tom Quill", "Reuben\x85\x9b Hale", "Her brother, a blaster\x0c.")],
        places=["Millbrook\u2028, Ohio\u2029", "The old\ufeff quarry\u200b"],
        themes=["Family\x07 and Duty", "Work and Danger"],
    )


def test_control_characters_are_normalised_or_refused(tmp_path):
    store = tmp_path / "store"
    text = _controlled_page()
    pages = {
        "controls.txt": text.encode("utf-8"),
        # A NUL far into the file (past the binary sniffing) and one near the start.
        "late-nul.txt": text.encode("utf-8") + b"\n" * 9000 + b"Late\x00line\n",
        "early-nul.txt": text.encode("utf-8").replace(b"Plot Summary", b"Plot\x00Summary", 1),
        # An encoded lone surrogate is not UTF-8.
        "surrogate.txt": text.encode("utf-8").replace(b"Tom", b"T\xed\xa0\x80m", 1),
    }
    for name, data in pages.items():
        page = tmp_path / name
        page.write_bytes(data)
        run = invoke("--store", str(store), "ingest", str(page))
        if run.code != 0:
            assert_clean_error(run, 1, mentions=[name])
            continue
        assert "Traceback" not in run.stderr
    quads = nquads(store)
    assert quads, "the control-character page itself must be stored (normalised)"
    bad = [q for q in quads if isinstance(q.object, ox.Literal) and C0 & set(q.object.value)]
    assert not bad, bad[:3]
    found = labels(quads)
    # The control characters are gone and nothing else is.
    assert {"Nora Quill", "Ada Brennan", "Reuben Hale", "Family and Duty"} <= found, found


def test_lone_surrogates_in_text_are_replaced():
    from filmgraph.pipeline import build_text

    built = build_text(_controlled_page().replace("Tom", "T\ud800m", 1), source="s.txt")
    data = ox.serialize(built.quads, format=ox.RdfFormat.N_QUADS)
    data.decode("utf-8")  # strict: no surrogate reached the output
    assert "\ufffd" in data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["nt", "nq", "turtle", "trig", "jsonld"])
def test_controls_cannot_break_rdf_exports(tmp_path, fmt):
    import rdflib

    page = tmp_path / "controls.txt"
    page.write_text(_controlled_page(), encoding="utf-8")
    store = tmp_path / "store"
    assert invoke("--store", str(store), "ingest", str(page)).code == 0
    out = tmp_path / f"out.{fmt}"
    run = invoke("--store", str(store), "rdf", "--format", fmt, "-o", str(out))
    assert run.code == 0, run.stderr
    ox_format = {"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
                 "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
                 "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    parsed = list(ox.parse(path=str(out), format=ox_format))
    assert len(parsed) > 50
    rdflib_format = {"nt": "nt", "nq": "nquads", "turtle": "turtle", "trig": "trig",
                     "jsonld": "json-ld"}[fmt]
    if fmt != "jsonld":  # rdflib's JSON-LD reader may fetch contexts: never feed it files
        ds = rdflib.Dataset()
        ds.parse(out, format=rdflib_format)
        assert len(ds) + sum(len(g) for g in ds.graphs()) > 0


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot"])
def test_controls_cannot_break_graph_exports(tmp_path, fmt):
    import networkx as nx

    page = tmp_path / "controls.txt"
    page.write_text(_controlled_page(), encoding="utf-8")
    store = tmp_path / "store"
    assert invoke("--store", str(store), "ingest", str(page)).code == 0
    out = tmp_path / f"graph.{fmt}"
    run = invoke("--store", str(store), "export", "--graph", "combined", "--format", fmt,
                 "-o", str(out))
    assert run.code == 0, run.stderr
    raw = out.read_bytes().decode("utf-8")
    assert not (C0 & set(raw) - {"\r"}), "a control character reached the export"
    if fmt == "graphml":
        g = nx.read_graphml(out)
    elif fmt == "gexf":
        g = nx.read_gexf(out)
    elif fmt == "json":
        g = json.loads(raw)
    else:
        g = raw
    assert g


# --------------------------------------------------------------------------- 4: names

HOSTILE_NAMES = [
    "Rick Blaine", "No. 5 #hash", "AC/DC Fan", "100% Real", 'Jim "Doc" O\'Hara', "Ziggy 🎸 Star",
    "שרה כהן", "ليلى مراد", "Zoë Ångström", "Zoe\u0308 Combining", "東京 花子",
    "a<b>c{d}e|f^g`h\\i", "x" * 140,
]


@pytest.mark.parametrize("name", [*HOSTILE_NAMES, "y" * 10_000], ids=lambda n: n[:20])
def test_minted_iris_are_valid_for_any_name(name):
    import rdflib

    from filmgraph.iri import Minter, film_slug, slugify

    m = Minter()
    slug = film_slug(name, 1999)
    iris = [m.film(slug), m.graph(slug), m.character(slug, slugify(name)), m.person(name),
            m.place(slug, slugify(name)), m.theme(name), m.trait(name)]
    for iri in iris:
        ox.NamedNode(iri)  # raises on an invalid IRI
        assert len(iri) < 400
        g = rdflib.Graph()
        g.add((rdflib.URIRef(iri), rdflib.RDFS.label, rdflib.Literal(name)))
        back = rdflib.Graph().parse(data=g.serialize(format="nt"), format="nt")
        assert len(back) == 1 and str(next(iter(back))[2]) == name
    assert slugify(name) == slugify(name)


def test_hostile_names_round_trip_through_the_store(tmp_path):
    import rdflib

    actors = HOSTILE_NAMES
    characters = [(f"Person Number{i}", actor, f"Someone played by {actor}, in the story.")
                  for i, actor in enumerate(actors)]
    places = ["Café #1/2 100%", "Tel Aviv – רחוב הרצל", "The “Quoted” Yard"]
    themes = ["Love & Loss 💔", "Zoe\u0308 and Zoë"]
    page = tmp_path / "hostile.txt"
    page.write_text(make_page("Names #1/100% “Test”", 2001, characters=characters,
                              places=places, themes=themes), encoding="utf-8")
    store = tmp_path / "store"
    run = invoke("--store", str(store), "ingest", str(page))
    assert run.code == 0, run.stderr
    quads = nquads(store)
    found = labels(quads)
    for actor in actors:
        assert actor in found, f"label {actor!r} did not round-trip"
    for theme in themes:
        assert theme in found, f"label {theme!r} did not round-trip"
    # Every IRI is valid for rdflib too: serialise all of it as Turtle and read it back.
    nq = tmp_path / "all.nq"
    assert invoke("--store", str(store), "rdf", "--format", "nq", "-o", str(nq)).code == 0
    ds = rdflib.Dataset()
    ds.parse(nq, format="nquads")
    for g in ds.graphs():
        if len(g):
            text = g.serialize(format="turtle")
            assert len(rdflib.Graph().parse(data=text, format="turtle")) == len(g)


# --------------------------------------------------------------------------- 5: equal names

def test_names_equal_after_normalisation_never_merge_facts(tmp_path):
    precomposed = "Zoë Hart"
    decomposed = unicodedata.normalize("NFD", "ZOË HART")
    assert precomposed.casefold() != decomposed.casefold()
    assert unicodedata.normalize("NFKC", precomposed).casefold() == \
        unicodedata.normalize("NFKC", decomposed).casefold()
    page = tmp_path / "twins.txt"
    page.write_text(make_page("Twin Hearts", 1990, characters=[
        (precomposed, "Ada Brennan", "The elder twin, a violinist."),
        (decomposed, "Reuben Hale", "The younger twin, a sailor."),
    ]), encoding="utf-8")
    store = tmp_path / "store"
    run = invoke("--store", str(store), "ingest", str(page))
    assert run.code == 0, run.stderr
    quads = nquads(store)
    chars = {q.subject for q in quads if q.predicate.value.endswith("#type")
             and q.object.value == FG + "Character"}

    def facts(node: ox.NamedNode, pred: str) -> set[str]:
        return {q.object.value for q in quads if q.subject == node and q.predicate.value == pred}

    by_label = {}
    for c in chars:
        for label in facts(c, RDFS_LABEL):
            by_label.setdefault(label, set()).add(c)
    # The documented rule: listed characters are never merged; a name that collides
    # after NFKC + case folding gets its own IRI (a "-2" suffix in page order).
    assert precomposed in by_label and decomposed in by_label
    a, b = by_label[precomposed], by_label[decomposed]
    assert len(a) == 1 and len(b) == 1 and a != b
    (na,), (nb,) = a, b
    assert facts(na, FG + "description") == {"The elder twin, a violinist."}
    assert facts(nb, FG + "description") == {"The younger twin, a sailor."}
    for node, actor in ((na, "Ada Brennan"), (nb, "Reuben Hale")):
        people = facts(node, FG + "playedBy")
        assert len(people) == 1
        assert facts(ox.NamedNode(people.pop()), RDFS_LABEL) == {actor}


# --------------------------------------------------------------------------- 6: size

_RSS_PRELUDE = (
    "import atexit, os, resource\n"
    "atexit.register(lambda: open(os.environ['FG_RSS'], 'w').write("
    "str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))\n"
    "from filmgraph.cli import main\nmain()\n"
)


def _run_measured(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, int, float]:
    rss_file = tmp_path / "rss.txt"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _RSS_PRELUDE, *args], capture_output=True,
                          env={**os.environ, "FG_RSS": str(rss_file)}, timeout=120)
    elapsed = time.perf_counter() - start
    return proc, int(rss_file.read_text()) // 1024, elapsed  # ru_maxrss is in KiB


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["50MB-page", "10MB-line"])
def test_huge_pages_are_refused_within_bounded_memory(tmp_path, mask_copy, shape):
    from filmgraph.parse import MAX_PAGE_BYTES

    page = tmp_path / f"{shape}.txt"
    head = DATA_PAGE.read_bytes()
    with page.open("wb") as fh:
        fh.write(head)
        if shape == "50MB-page":
            block = head * 64
            while fh.tell() < 50 * 1024 * 1024:
                fh.write(block)
        else:
            fh.write(b"word " * (2 * 1024 * 1024) + b"\n")
    before = store_snapshot(mask_copy)
    proc, rss_mb, elapsed = _run_measured(tmp_path, "--store", str(mask_copy), "ingest", str(page))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert err.startswith("filmgraph: error:") and err.count("\n") == 1, err
    assert page.name in err and str(MAX_PAGE_BYTES) in err, err
    assert rss_mb < 200, f"peak RSS {rss_mb} MiB"
    assert elapsed < 10
    assert store_snapshot(mask_copy) == before


@pytest.mark.slow
def test_a_page_of_one_long_line_under_the_limit_finishes(tmp_path):
    """A 1 MB page that is one line of prose: a result (or a clean refusal) in bounded time."""
    words = ("Nora walks to the quarry and Tom follows her there in the rain " * 20000)[:1_000_000]
    page = tmp_path / "oneline.txt"
    page.write_text("Long Line Plot Summary " + words + "\n", encoding="utf-8")
    proc, rss_mb, elapsed = _run_measured(tmp_path, "--store", str(tmp_path / "store"), "ingest",
                                          str(page))
    err = proc.stderr.decode()
    assert "Traceback" not in err, err[-2000:]
    assert proc.returncode in (0, 1), err
    assert elapsed < 60, f"{elapsed:.1f} s"
    assert rss_mb < 1024, f"peak RSS {rss_mb} MiB"
