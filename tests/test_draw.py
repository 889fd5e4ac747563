"""Pictures: valid PNG and SVG files, the SVG holding the expected labels as text."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest

from _network_data import HOSTILE, MASK_CHARACTERS, hostile, mask_truth, store_of
from filmgraph.draw import draw_arc, draw_cooccurrence, draw_influence, draw_timeline
from filmgraph.errors import ExportError
from filmgraph.network import (
    cooccurrence_graph,
    influence_graph,
    resolve_character,
    timeline_graph,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def store():
    return store_of(mask_truth())


def svg_texts(path):
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg"
    return " ".join("".join(t.itertext()) for t in root.iter(SVG + "text"))


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_influence_png_and_svg(store, tmp_path):
    G = influence_graph(store)
    draw_influence(G, tmp_path / "influence.png")
    width, height = png_size(tmp_path / "influence.png")
    assert width > 800 and height > 600
    draw_influence(G, tmp_path / "influence.svg")
    texts = svg_texts(tmp_path / "influence.svg")
    for name in MASK_CHARACTERS.values():
        assert name in texts
    for legend in ("supports (+)", "opposes (−)", "parent of (family)", "romantic (+)"):
        assert legend in texts
    assert "Mask" in texts


def test_same_graph_same_picture(store, tmp_path):
    G = influence_graph(store)
    draw_influence(G, tmp_path / "a.svg")
    draw_influence(G, tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_cooccurrence(store, tmp_path):
    draw_cooccurrence(cooccurrence_graph(store), tmp_path / "co.svg")
    texts = svg_texts(tmp_path / "co.svg")
    assert "Rocky Dennis" in texts and "Ben" in texts
    draw_cooccurrence(cooccurrence_graph(store, until=2), tmp_path / "early.svg")
    early = svg_texts(tmp_path / "early.svg")
    assert "Mr. Simms" in early and "Diana Adams" not in early and "up to event 2" in early


def test_timeline(store, tmp_path):
    draw_timeline(timeline_graph(store), tmp_path / "timeline.svg")
    texts = svg_texts(tmp_path / "timeline.svg")
    assert "1. Rocky Dennis's birth and Azusa beginnings" in texts
    assert "13. Final memory and poem" in texts
    assert "Camp Bloomfield" in texts and "Equestrian stables near Griffith Park" in texts
    assert "Diana's parents" in texts and "the bully" in texts
    draw_timeline(timeline_graph(store), tmp_path / "timeline.png")
    png_size(tmp_path / "timeline.png")


def test_arc(store, tmp_path):
    G = influence_graph(store)
    diana = resolve_character(G, "diana")
    draw_arc(timeline_graph(store), diana, tmp_path / "diana.svg")
    texts = svg_texts(tmp_path / "diana.svg")
    assert "the arc of Diana Adams" in texts
    # Diana is at the camp, at home, at the stables; never at the clinic
    for place in ("Camp Bloomfield", "Diana Adams' home", "Equestrian stables near Griffith Park"):
        assert place in texts
    assert "local clinic" not in texts
    dozer = resolve_character(G, "dozer")
    draw_arc(timeline_graph(store), dozer, tmp_path / "dozer.png", label="Dozer")
    png_size(tmp_path / "dozer.png")


def test_hostile_labels_make_valid_svg(tmp_path):
    s = store_of(hostile())
    draw_influence(influence_graph(s), tmp_path / "h.svg")
    draw_timeline(timeline_graph(s), tmp_path / "t.svg")
    for name in ("h.svg", "t.svg"):
        raw = (tmp_path / name).read_text(encoding="utf-8")
        assert "<script>" not in raw
        texts = svg_texts(tmp_path / name)
        assert HOSTILE in texts
        assert "\x07" not in texts and "\x01" not in texts


def test_bad_suffix_and_folder(store, tmp_path):
    G = influence_graph(store)
    with pytest.raises(ExportError, match=r"png or \.svg"):
        draw_influence(G, tmp_path / "x.jpg")
    (tmp_path / "d.svg").mkdir()
    with pytest.raises(ExportError, match="folder"):
        draw_influence(G, tmp_path / "d.svg")
