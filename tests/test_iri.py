"""IRIs minted from names are valid, stable and distinct."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from filmgraph.iri import Minter, film_slug, slugify

NAMES = [
    "Rocky Dennis", "O'Hara #1", "a/b", "100%", 'say "hi"', "🎬🎭", "שלום", "Zoë", "e\u0301",
    "x" * 10_000, "  spaced   out  ", "<script>", "東京タワー",
]


@pytest.mark.parametrize("name", NAMES)
def test_minted_iris_parse_back_in_both_libraries(name):
    iri = Minter("http://example.org/").character("film", slugify(name))
    node = ox.NamedNode(iri)  # raises on an invalid IRI
    ttl = f"<{node.value}> <http://example.org/p> \"v\" ."
    g = rdflib.Graph().parse(data=ttl, format="turtle")
    assert str(next(iter(g))[0]) == iri
    parsed = list(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE))
    assert parsed[0].subject.value == iri


@given(st.text(max_size=200))
def test_any_name_gives_a_valid_iri_segment(name):
    slug = slugify(name)
    assert slug
    ox.NamedNode("http://example.org/x/" + slug)
    assert slugify(name) == slug  # the same name, the same IRI


def test_slugs_are_readable():
    assert slugify("Rocky Dennis") == "rocky-dennis"
    assert slugify("Mr. Simms") == "mr-simms"
    assert film_slug("Mask", 1985) == "mask-1985"
    assert film_slug("Untitled", None) == "untitled"


def test_long_names_stay_apart():
    a, b = "y" * 5000 + "a", "y" * 5000 + "b"
    assert slugify(a) != slugify(b)
    assert len(slugify(a)) < 100


def test_base_is_configurable(monkeypatch):
    monkeypatch.setenv("FILMGRAPH_BASE", "http://films.example/kg/")
    assert Minter().film("mask-1985") == "http://films.example/kg/film/mask-1985"
    monkeypatch.setenv("FILMGRAPH_BASE", "not a base")
    with pytest.raises(ValueError):
        Minter()
