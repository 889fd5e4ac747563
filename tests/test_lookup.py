"""The lookup library on *Mask* from the real page, on the embedded store and an Oxigraph server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import servers
from filmgraph import lookup
from filmgraph.errors import InputError, NotFoundError
from filmgraph.remote import RemoteStore
from filmgraph.store import EmbeddedStore

# The server fixtures, made available to this module's tests.
mask_embedded = servers.mask_embedded
mask_server = servers.mask_server
oxigraph_server = servers.oxigraph_server

FILM = "mask-1985"
EVENT_KEYS = {"index", "title", "time", "year", "place", "participants", "agents", "themes", "iri"}


@pytest.fixture(scope="module", params=["embedded", "server"])
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    if request.param == "embedded":
        s = EmbeddedStore(request.getfixturevalue("mask_embedded"), read_only=True)
    else:
        s = RemoteStore(request.getfixturevalue("mask_server").query_url, timeout=30)
    yield s
    s.close()


def test_characters_contract(store: Any) -> None:
    rows = lookup.characters(store, FILM)
    assert all({"name", "actor", "aliases", "traits", "listed", "iri"} <= set(r) for r in rows)
    rusty = next(r for r in rows if r["name"] == "Rusty Dennis")
    assert rusty["actor"] == "Cher" and rusty["listed"] is True
    assert set(rusty["traits"]) == {"Free-spirited", "Biker family", "Protective"}
    assert "Rusty" in rusty["aliases"]


def test_events_contract(store: Any) -> None:
    rows = lookup.events(store)  # the store holds one film: --film may be left out
    assert [e["index"] for e in rows] == list(range(1, 14))
    assert all(EVENT_KEYS <= set(e) for e in rows)
    first = rows[0]
    assert (first["time"], first["year"], first["place"]) == ("1979", 1979, "Azusa, California")
    assert rows[1]["time"] is None and rows[1]["year"] is None
    assert {"Rocky Dennis", "Diana Adams"} <= set(rows[6]["participants"])


def test_places_and_themes(store: Any) -> None:
    places = {p["name"]: p for p in lookup.places(store, FILM)}
    assert places["Camp Bloomfield"]["events"] == [7]
    assert all({"name", "part_of", "events", "iri"} <= set(p) for p in places.values())
    themes = {t["name"]: t for t in lookup.themes(store, FILM)}
    assert set(themes) == {"Acceptance", "Love Across Difference", "Family and Belonging",
                           "Mortality and Resilience"}
    assert all({"name", "events", "characters", "iri"} <= set(t) for t in themes.values())
    assert {7, 8} <= set(themes["Love Across Difference"]["events"])


def test_relations_and_kind(store: Any) -> None:
    rows = lookup.relations(store, FILM)
    assert all({"source", "target", "kind", "directed", "events", "evidence"} <= set(r) for r in rows)
    parents = lookup.relations(store, FILM, kind="parent_of")
    assert {r["kind"] for r in parents} <= {"parent_of"}
    assert ("Rusty Dennis", "Rocky Dennis") in {(r["source"], r["target"]) for r in parents}
    with pytest.raises(NotFoundError, match="did you mean parent_of"):
        lookup.relations(store, FILM, kind="parent-of")


@pytest.mark.parametrize("name", ["Rocky Dennis", "rocky dennis", "ROCKY", "rocky", "  Rocky   Dennis "])
def test_find_character_by_any_name(store: Any, name: str) -> None:
    assert lookup.find_character(store, FILM, name)["name"] == "Rocky Dennis"


def test_find_character_quote_insensitive(store: Any) -> None:
    # the page writes "Diana Adams' home" and "Rocky Dennis's grave" with plain quotes
    assert lookup.find_place(store, FILM, "rocky dennis’s grave")["name"] == "Rocky Dennis's grave"


def test_unknown_character_suggests(store: Any) -> None:
    with pytest.raises(NotFoundError) as err:
        lookup.find_character(store, FILM, "Rocky Denis")
    assert str(err.value) == "no character named Rocky Denis in mask-1985; did you mean Rocky Dennis?"
    with pytest.raises(NotFoundError, match="did you mean Diana Adams"):
        lookup.arc(store, FILM, "Dianna")


def test_arc_contract(store: Any) -> None:
    data = lookup.arc(store, FILM, "rocky")
    assert data["character"] == "Rocky Dennis" and data["film"] == FILM
    indices = [e["index"] for e in data["events"]]
    assert indices == sorted(indices)
    assert {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13} <= set(indices)
    assert all(EVENT_KEYS <= set(e) and e["role"] in ("agent", "patient", "participant")
               for e in data["events"])


def test_where_rolls_up(store: Any) -> None:
    data = lookup.where(store, FILM, "Azusa")
    found = {e["index"] for group in data for e in group["events"]}
    assert {1, 2, 3, 4, 5, 6, 11} <= found and not found & {7, 8, 10, 12, 13}
    by_place = {group["place"]: [e["index"] for e in group["events"]] for group in data}
    assert by_place["Rocky's bedroom, Azusa"] == [11]
    everything = lookup.where(store, FILM)
    assert sorted(e["index"] for g in everything for e in g["events"]) == list(range(1, 14))
    with pytest.raises(NotFoundError, match="no place named Atlantis in mask-1985"):
        lookup.where(store, FILM, "Atlantis")


def test_influence_contract(store: Any) -> None:
    data = lookup.influence(store, FILM)
    assert set(data) >= {"edges", "ranking"}
    assert all({"character", "score", "in", "out"} <= set(r) for r in data["ranking"])
    scores = [r["score"] for r in data["ranking"]]
    assert scores == sorted(scores, reverse=True)
    assert ("Mr. Simms", "opposes", "Rocky Dennis") in {(e["source"], e["kind"], e["target"]) for e in data["edges"]}
    # relations point from influencer to influenced: Rocky is the one most acted upon
    assert data["ranking"][0]["character"] == "Rocky Dennis"
    assert len(lookup.influence(store, FILM, top=2)["ranking"]) == 2
    out = lookup.influence(store, FILM, by="out")["ranking"]
    assert [r["score"] for r in out] == sorted((r["out"] for r in out), reverse=True)
    with pytest.raises(InputError):
        lookup.influence(store, FILM, by="fame")


BAD = ['x" || true || "', '"} ; DROP ALL ; #', "?x", "<>", "a\nb"]


@pytest.mark.parametrize("bad", BAD)
def test_injection_finds_nothing(store: Any, bad: str) -> None:
    before = len(store)
    for call in (lambda: lookup.arc(store, FILM, bad), lambda: lookup.where(store, FILM, bad),
                 lambda: lookup.find_character(store, FILM, bad),
                 lambda: lookup.relations(store, FILM, kind=bad), lambda: lookup.events(store, bad),
                 lambda: lookup.influence(store, bad)):
        with pytest.raises(NotFoundError):
            call()
    assert len(store) == before


def test_normalize_name() -> None:
    assert lookup.normalize_name("Rocky\u00a0Dennis’s") == "rocky dennis's"
