"""The HTML report: self-contained, offline, every label escaped, the graph true to the page.

The Mask tests read the store built from ``data/mask-1985.txt``; the expected
names and edges are what the page says (checked by hand against the page and
the gold annotations), not what the extractor happens to output. The hostile
film is built by hand from the model classes, so it does not depend on extraction.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from filmgraph.model import (
    Character,
    Event,
    Evidence,
    Narrative,
    Participation,
    Place,
    PlotDocument,
    Relation,
    Span,
    TimeValue,
)

ROOT = Path(__file__).resolve().parents[1]
MASK = ROOT / "data" / "mask-1985.txt"

HOSTILE = "<script>alert(1)</script>"
AMP = 'Ann & "Bob" \u2028</script><img src=x onerror=alert(2)>'


# --------------------------------------------------------------------------- fixtures


def hostile_narrative() -> Narrative:
    """A tiny film whose labels try to break out of HTML, attributes, JSON and script."""
    parts = [
        f"{HOSTILE} meets {AMP} at <b>the Fort</b>.",
        f"{HOSTILE} helps {AMP}.",
        f"{AMP} opposes {HOSTILE} in the end.",
    ]
    text = "\n".join(parts)
    spans = []
    offset = 0
    for p in parts:
        spans.append(Span(offset, offset + len(p)))
        offset += len(p) + 1
    doc = PlotDocument(
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        source=None,
        title='The "<Fort>" & Co',
        title_span=Span(0, 4),
        year=2001,
    )
    ev = [Evidence(s, "hand") for s in spans]
    chars = (
        Character(key="x", name=HOSTILE, listed=True, actor="<i>Actor</i>",
                  traits=("<u>bold</u>",), evidence=(ev[0],)),
        Character(key="y", name=AMP, listed=True, evidence=(ev[0],)),
        Character(key="z", name="Lonely \u2029 one", listed=False, evidence=(ev[2],)),
    )
    places = (
        Place(key="land", name="Land & <Sea>", evidence=(ev[0],)),
        Place(key="fort", name="<b>the Fort</b>", part_of="land", evidence=(ev[0],)),
    )
    events = tuple(
        Event(
            index=i + 1,
            title=f"Step {i + 1} <em>{HOSTILE}</em>",
            description=parts[i],
            time=TimeValue(f"<time {i}>") if i == 0 else None,
            place="fort" if i < 2 else "land",
            participants=(
                Participation("x", "agent", ev[i]),
                Participation("y", "patient", ev[i]),
            ),
            evidence=(ev[i],),
        )
        for i in range(3)
    )
    relations = (
        Relation("x", "y", "helps", True, ev[1], events=(2,)),
        Relation("y", "x", "opposes", True, ev[2], events=(3,)),
    )
    return Narrative(document=doc, characters=chars, places=places, events=events,
                     relations=relations)


def hostile_store():
    from filmgraph.iri import Minter
    from filmgraph.mapping import to_quads
    from filmgraph.store import EmbeddedStore

    store = EmbeddedStore()
    n = hostile_narrative()
    graph = Minter().graph(n.document.slug)
    store.replace_graphs([(graph, to_quads(n))])
    return store, n.document.slug


@pytest.fixture(scope="module")
def mask_store():
    from filmgraph.pipeline import ingest
    from filmgraph.store import EmbeddedStore

    store = EmbeddedStore()
    ingest([MASK], store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def mask_report(mask_store):
    from filmgraph.report import render_report

    return render_report(mask_store, "mask-1985")


@pytest.fixture(scope="module")
def hostile_report():
    from filmgraph.report import render_report

    store, slug = hostile_store()
    return render_report(store, slug)


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = a
            self.scripts.append((a, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            a, t = self.scripts[-1]
            self.scripts[-1] = (a, t + data)
        else:
            self.text.append(data)


def parse(page: str) -> _Collector:
    c = _Collector()
    c.feed(page)
    return c


# --------------------------------------------------------------------------- self-contained


def _no_network(page: str) -> None:
    doc = parse(page)
    for tag, attrs in doc.tags:
        for name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page), "a CSS url() points outside"
    assert "@import" not in page
    assert "@font-face" not in page


def test_mask_page_is_self_contained(mask_report):
    _no_network(mask_report)
    doc = parse(mask_report)
    scripts = doc.scripts
    # One JSON data block, one script of our own, nothing loaded from a file.
    assert [a.get("type") for a, _ in scripts] == ["application/json", None]
    assert all("src" not in a for a, _ in scripts)
    code = scripts[1][1]
    assert "import(" not in code and "fetch(" not in code and "XMLHttpRequest" not in code
    assert "innerHTML" not in code and "document.write" not in code


def test_mask_page_has_a_strict_csp(mask_report):
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', mask_report)
    assert m
    csp = html.unescape(m.group(1))
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp


def _data(page: str) -> dict:
    doc = parse(page)
    (_attrs, text), = [s for s in doc.scripts if s[0].get("type") == "application/json"]
    return json.loads(text)


# --------------------------------------------------------------------------- true to the page

# Who the Mask page names as characters (the Characters section lists six; the
# prose adds Ben, Dozer, Diana's parents, a doctor and a bully).
MASK_LISTED = {"Rocky Dennis", "Rusty Dennis", "Gar Dennis", "Diana Adams", "Mr. Simms", "Abe Dennis"}
MASK_ALSO = {"Ben", "Dozer"}

# Relations the page states outright (source, kind, target); each is in the gold file.
MASK_EDGES = {
    ("Rusty Dennis", "parent_of", "Rocky Dennis"),
    ("Gar Dennis", "father_figure_of", "Rocky Dennis"),
    ("Abe Dennis", "grandparent_of", "Rocky Dennis"),
    ("Rocky Dennis", "teaches", "Diana Adams"),
}
MASK_UNDIRECTED = {
    frozenset({"Rocky Dennis", "Diana Adams"}): "romantic",
    frozenset({"Rusty Dennis", "Gar Dennis"}): "partner_of",
}


def _names(data):
    return {c["id"]: c["name"] for c in data["characters"]}


def test_mask_graph_has_the_characters_of_the_page(mask_report):
    data = _data(mask_report)
    names = set(_names(data).values())
    assert MASK_LISTED <= names
    assert MASK_ALSO <= names
    # Each listed character shows in the SVG as a node labelled with its name.
    doc = parse(mask_report)
    labels = set(re.findall(r'<g class="node"[^>]*>.*?<text[^>]*>([^<]*)</text>', mask_report))
    assert MASK_LISTED <= {html.unescape(x) for x in labels}
    assert sum(1 for t, a in doc.tags if t == "g" and a.get("class") == "node") == len(names)


def test_mask_graph_has_the_relations_of_the_page(mask_report):
    data = _data(mask_report)
    names = _names(data)
    triples = {(names[e["source"]], e["kind"], names[e["target"]]) for e in data["edges"]}
    assert MASK_EDGES <= triples
    for pair, kind in MASK_UNDIRECTED.items():
        assert any(frozenset((a, b)) == pair and k == kind for a, k, b in triples), (pair, kind)
    # Every edge of the data is drawn, with its kind.
    drawn = re.findall(r'<g class="edge" id="(e\d+)"[^>]*data-kind="([^"]+)"', mask_report)
    assert {(e["id"], e["kind"]) for e in data["edges"]} == set(drawn)


def test_mask_actors_and_traits_come_from_the_page(mask_report):
    data = _data(mask_report)
    by_name = {c["name"]: c for c in data["characters"]}
    assert by_name["Rocky Dennis"]["actor"] == "Eric Stoltz"
    assert by_name["Rusty Dennis"]["actor"] == "Cher"
    assert by_name["Diana Adams"]["actor"] == "Laura Dern"
    assert {"Intelligent", "Compassionate", "Determined"} <= set(by_name["Rocky Dennis"]["traits"])


def test_mask_timeline_events_in_order_with_places(mask_report):
    data = _data(mask_report)
    titles = [e["title"] for e in data["events"]]
    assert len(titles) == 13
    assert titles[0] == "Rocky Dennis's early life in Azusa"
    assert titles[6] == "Meeting Diana at Camp Bloomfield"
    assert titles[-1] == "Rocky's poem"
    assert [e["index"] for e in data["events"]] == sorted(e["index"] for e in data["events"])
    places = {p["id"]: p["name"] for p in data["places"]}
    seventh = data["events"][6]
    assert places[seventh["place"]] == "Camp Bloomfield"
    assert seventh["time"] == "New Year's Eve (camp event)"
    names = _names(data)
    who = {names[p["character"]] for p in seventh["participants"]}
    assert {"Rocky Dennis", "Diana Adams"} <= who


def test_mask_rocky_is_most_central(mask_report):
    data = _data(mask_report)
    top = max(data["characters"], key=lambda c: c["pagerank"])
    assert top["name"] == "Rocky Dennis"
    assert top["r"] == max(c["r"] for c in data["characters"])


def test_mask_story_time_grows(mask_report):
    data = _data(mask_report)
    steps = data["steps"]
    assert len(steps) == len(data["events"]) + 1
    sizes = [len(s["edges"]) for s in steps]
    assert sizes == sorted(sizes), "the graph only grows as the story goes on"
    assert sizes[0] < sizes[-1]
    # The romance is shown at Camp Bloomfield (event 7), not before.
    names = _names(data)
    romance = next(e for e in data["edges"] if e["kind"] == "romantic"
                   and {names[e["source"]], names[e["target"]]} == {"Rocky Dennis", "Diana Adams"})
    assert romance["id"] not in steps[0]["edges"]
    assert romance["id"] in steps[-1]["edges"]


def test_mask_evidence_quotes_the_page(mask_report):
    data = _data(mask_report)
    page = MASK.read_text(encoding="utf-8")
    quotes = [ev["exact"] for e in data["edges"] for ev in e["evidence"]]
    quotes += [ev["exact"] for e in data["events"] for ev in e["evidence"]]
    assert quotes
    for q in quotes:
        assert q in page


def test_mask_places_have_their_events(mask_report):
    data = _data(mask_report)
    camp = next(p for p in data["places"] if p["name"] == "Camp Bloomfield")
    assert 7 in camp["events"]


# --------------------------------------------------------------------------- escaping


def test_hostile_labels_are_text(hostile_report):
    page = hostile_report
    doc = parse(page)
    # No element the page did not intend: the only scripts are ours, no <img>, <b>, <em>...
    assert [t for t, _ in doc.tags if t == "script"] == ["script", "script"]
    assert not [t for t, _ in doc.tags if t in {"img", "b", "em", "u", "i", "time"}]
    # The labels are there, as text.
    text = "".join(doc.text)
    assert HOSTILE in text
    assert "<b>the Fort</b>" in text
    assert 'The "<Fort>" & Co' in text
    # The JSON block cannot end the script early, and decodes to the labels.
    json_text = next(t for a, t in doc.scripts if a.get("type") == "application/json")
    assert "<" not in json_text and ">" not in json_text and "&" not in json_text
    assert "\u2028" not in json_text and "\u2029" not in json_text
    data = json.loads(json_text)
    assert {c["name"] for c in data["characters"]} >= {HOSTILE, AMP, "Lonely \u2029 one"}


def test_hostile_page_is_self_contained(hostile_report):
    _no_network(hostile_report)


def test_script_json_escapes():
    from filmgraph.report import script_json

    out = script_json({"a": "</script>&\u2028\u2029"})
    assert json.loads(out) == {"a": "</script>&\u2028\u2029"}
    assert not set("<>&\u2028\u2029") & set(out)


def test_report_unknown_film_is_a_clear_error(mask_store):
    from filmgraph.errors import NotFoundError
    from filmgraph.report import render_report

    with pytest.raises(NotFoundError, match="no film 'nope'"):
        render_report(mask_store, "nope")


# --------------------------------------------------------------------------- the command


def test_report_command_writes_the_page(tmp_path, mask_store):
    from click.testing import CliRunner

    from filmgraph.cli import cli
    from filmgraph.pipeline import ingest
    from filmgraph.store import EmbeddedStore

    store_dir = tmp_path / "store"
    with EmbeddedStore(store_dir) as s:
        ingest([MASK], s)
    out = tmp_path / "mask.html"
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "report", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Rocky Dennis" in page
    assert not list(tmp_path.glob(".mask.html.*"))  # no temporary file left behind


def test_report_command_unknown_film(tmp_path):
    import subprocess
    import sys

    from filmgraph.pipeline import ingest
    from filmgraph.store import EmbeddedStore

    store_dir = tmp_path / "store"
    with EmbeddedStore(store_dir) as s:
        ingest([MASK], s)
    proc = subprocess.run(
        [sys.executable, "-c", "from filmgraph.cli import main; main()", "--store", str(store_dir),
         "report", "--film", "nope", "-o", str(tmp_path / "x.html")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("filmgraph: error: no film 'nope'")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.html").exists()
