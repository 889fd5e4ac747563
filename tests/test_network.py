"""The network projections and metrics, on Mask's true relations and on the real page."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest

from _network_data import (
    MASK_CHARACTERS,
    MASK_EVENTS,
    MASK_RELATIONS,
    MUTUAL,
    UNDIRECTED,
    hostile,
    iri,
    mask_truth,
    store_of,
)
from filmgraph.errors import NotFoundError
from filmgraph.mapping import layer_of, sign_of
from filmgraph.network import (
    balanced_triads_share,
    character_metrics,
    combined_graph,
    communities,
    cooccurrence_graph,
    dynamic_metrics,
    film_metrics,
    influence_graph,
    influence_ranking,
    network_graph,
    places_graph,
    resolve_character,
    timeline_graph,
)

PAGE = Path(__file__).parents[1].parent / "shared" / "corpus" / "mask-1985.txt"
CI = os.environ.get("CI") == "true"
FILM = "mask-1985"


def rel_id(s, k, t):
    return f"{s}--{k.replace('_', '-')}--{t}"


@pytest.fixture(scope="module")
def store():
    return store_of(mask_truth())


@pytest.fixture(scope="module")
def G(store):
    return influence_graph(store, FILM)


# --------------------------------------------------------------------------- influence


def test_influence_graph_holds_every_relation_with_its_attributes(G):
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G.nodes) == {iri(FILM, k) for k in MASK_CHARACTERS}
    assert G.number_of_edges() == len(MASK_RELATIONS) == 16
    for s, k, t, events in MASK_RELATIONS:
        key = rel_id(s, k, t)
        d = G.edges[iri(FILM, s), iri(FILM, t), key]
        assert d["id"] == key and d["kind"] == k
        assert d["sign"] == sign_of(k) and d["layer"] == layer_of(k)
        assert d["directed"] is (k not in UNDIRECTED and (s, k, t) not in MUTUAL)
        assert d["events"] == list(events)
        assert d["evidence"] == MASK_CHARACTERS[s]  # the span the relation was read from
        assert d["iri"].endswith("/relation/" + key)
    rocky = G.nodes[iri(FILM, "rocky-dennis")]
    assert rocky["label"] == "Rocky Dennis" and rocky["type"] == "character"
    assert rocky["firstEvent"] == 1 and rocky["listed"] is True
    assert G.nodes[iri(FILM, "ben")]["firstEvent"] == 10


def test_signs_split_into_positive_negative_and_family(G):
    signs = {d["kind"]: d["sign"] for *_, d in G.edges(data=True)}
    assert {k for k, s in signs.items() if s == 1} == {
        "supports", "romantic", "teaches", "friend_of", "helps"}
    assert {k for k, s in signs.items() if s == -1} == {"opposes", "forbids", "bullies"}
    assert {k for k, s in signs.items() if s == 0} == {
        "parent_of", "partner_of", "father_figure_of", "grandparent_of"}


def test_pagerank_ranking_is_pinned(store, G):
    """Relations point from influencer to influenced: PageRank ranks who the story acts upon.

    Rocky receives ten of the sixteen relations; Diana is next (romance, lessons,
    her parents' bans), then Rusty (her son helps her, the principal clashes with her).
    """
    ranking = influence_ranking(store, FILM, by="pagerank")
    assert [r["character"] for r in ranking[:5]] == [
        "Rocky Dennis", "Diana Adams", "Rusty Dennis", "Ben", "Gar Dennis"]
    assert ranking[0]["in"] == 10 and ranking[0]["out"] == 4
    # the same numbers from a DiGraph built straight from the relation list, not the store
    D = nx.DiGraph()
    D.add_nodes_from(MASK_CHARACTERS)
    for s, k, t, _ in MASK_RELATIONS:
        both = k in UNDIRECTED or (s, k, t) in MUTUAL
        for a, b in [(s, t), (t, s)] if both else [(s, t)]:
            w = D[a][b]["weight"] + 1 if D.has_edge(a, b) else 1
            D.add_edge(a, b, weight=w)
    expected = nx.pagerank(D, weight="weight")
    for r in ranking:
        assert r["score"] == pytest.approx(expected[r["iri"].rsplit("/", 1)[-1]])
    by_out = {r["character"]: r["score"] for r in influence_ranking(store, FILM, by="out")}
    # an undirected relation (partner, friend, romance, a mutual clash) counts out of both ends
    assert by_out["Rocky Dennis"] == 4 and by_out["Rusty Dennis"] == 4
    assert by_out["Gar Dennis"] == 3 and by_out["Diana's parents"] == 3
    top = influence_ranking(store, FILM, by="out", top=2)
    assert [r["character"] for r in top] == ["Rocky Dennis", "Rusty Dennis"]  # ties by name


def test_until_keeps_the_relations_shown_so_far(store, G):
    early = influence_graph(store, FILM, until=2)
    assert {k for *_, k in early.edges(keys=True)} == {
        "rusty-dennis--parent-of--rocky-dennis",
        "gar-dennis--partner-of--rusty-dennis",
        "gar-dennis--father-figure-of--rocky-dennis",   # no event: from the start
        "abe-dennis--grandparent-of--rocky-dennis",     # no event: from the start
        "rusty-dennis--supports--rocky-dennis",
        "gar-dennis--supports--rocky-dennis",           # no event: from the start
        "mr-simms--opposes--rocky-dennis",
        "rusty-dennis--opposes--mr-simms",
    }
    assert set(early.nodes) == {iri(FILM, k) for k in
                                ("rocky-dennis", "rusty-dennis", "gar-dennis", "abe-dennis", "mr-simms")}
    assert early.number_of_edges() < G.number_of_edges()
    assert early.graph["until"] == 2
    start = influence_graph(store, FILM, until=0)
    assert {k for *_, k in start.edges(keys=True)} == {
        "gar-dennis--father-figure-of--rocky-dennis",
        "abe-dennis--grandparent-of--rocky-dennis",
        "gar-dennis--supports--rocky-dennis",
    }
    assert set(influence_graph(store, FILM, until=13).edges(keys=True)) == set(G.edges(keys=True))


def test_balanced_triads(G):
    # Rocky-Rusty friends, both opposed by Mr. Simms; Rocky-Diana close, both opposed by her parents.
    assert balanced_triads_share(G) == 1.0
    H = G.copy()
    H.add_edge(iri(FILM, "mr-simms"), iri(FILM, "rocky-dennis"), key="x", sign=1)
    H.add_edge(iri(FILM, "mr-simms"), iri(FILM, "rocky-dennis"), key="y", sign=1)
    assert balanced_triads_share(H) == 0.5  # Simms now leans friendly to Rocky: one triad breaks
    assert balanced_triads_share(nx.Graph()) is None


def test_film_and_character_metrics(G):
    m = film_metrics(G)
    assert m["size"] == 11
    assert m["numEdges"] == 11  # connected pairs
    assert m["numConnectedComponents"] == 3  # the doctor and Dozer have no relation
    assert m["maxDegree"] == 8  # Rocky
    assert m["diameter"] == 2
    assert m["averageDegree"] == pytest.approx(2 * 11 / 11)
    assert m["density"] == pytest.approx(11 / (11 * 10 / 2))
    c = character_metrics(G)
    rocky = c[iri(FILM, "rocky-dennis")]
    assert (rocky["degree"], rocky["inDegree"], rocky["outDegree"]) == (8, 10, 4)
    assert rocky["weightedDegree"] == 12  # every relation at Rocky counts once
    assert max(c, key=lambda n: c[n]["betweenness"]) == iri(FILM, "rocky-dennis")
    assert c[iri(FILM, "dozer")]["closeness"] == 0.0
    assert set(rocky) == {"degree", "weightedDegree", "inDegree", "outDegree", "betweenness",
                          "closeness", "eigenvector", "pagerank"}
    parts = communities(G)
    assert parts == communities(G)  # seeded
    assert parts[iri(FILM, "diana-adams")] == parts[iri(FILM, "diana-s-parents")]


def test_empty_graph_metrics():
    assert film_metrics(nx.MultiDiGraph())["diameter"] is None
    assert character_metrics(nx.Graph()) == {}
    lonely = nx.Graph()
    lonely.add_nodes_from("ab")
    assert character_metrics(lonely)["a"]["eigenvector"] == 0.0


# --------------------------------------------------------------------------- other graphs


def test_cooccurrence_counts_shared_events(store):
    C = cooccurrence_graph(store, FILM)
    expected: dict[frozenset, list[int]] = {}
    for index, _, _, who in MASK_EVENTS:
        for a in who:
            for b in who:
                if a < b:
                    expected.setdefault(frozenset((a, b)), []).append(index)
    got = {frozenset(x.rsplit("/", 1)[-1] for x in (u, v)): d for u, v, d in C.edges(data=True)}
    assert set(got) == set(expected)
    for pair, events in expected.items():
        assert got[pair]["events"] == events and got[pair]["weight"] == len(events)
    rocky_rusty = got[frozenset(("rocky-dennis", "rusty-dennis"))]
    assert rocky_rusty["events"] == [1, 2, 3, 6, 11]
    early = cooccurrence_graph(store, FILM, until=3)
    assert early.edges[iri(FILM, "rocky-dennis"), iri(FILM, "rusty-dennis")]["weight"] == 3
    assert iri(FILM, "diana-adams") not in early


def test_places_graph_is_bipartite(store):
    P = places_graph(store, FILM)
    assert nx.is_bipartite(P)
    kinds = {d["type"] for _, d in P.nodes(data=True)}
    assert kinds == {"character", "place"}
    grave = next(n for n, d in P.nodes(data=True) if d.get("label") == "Rocky Dennis's grave")
    assert {P.nodes[n]["label"] for n in P[grave]} == {"Rusty Dennis", "Rocky Dennis"}
    azusa = next(n for n, d in P.nodes(data=True) if d.get("label") == "Azusa, California")
    assert P.edges[iri(FILM, "rocky-dennis"), azusa]["events"] == [1, 2]
    assert places_graph(store, FILM, until=1).number_of_edges() == 3


def test_timeline_in_story_order(store):
    T = timeline_graph(store, FILM)
    order = list(nx.topological_sort(T))
    assert [T.nodes[n]["index"] for n in order] == list(range(1, 14))
    assert T.nodes[order[7]]["label"] == "Diana's parents forbid contact"
    assert T.nodes[order[7]]["placeLabel"] == "Diana Adams' home"
    assert sorted(T.nodes[order[7]]["participants"]) == ["Diana Adams", "Diana's parents", "Rocky Dennis"]
    assert timeline_graph(store, FILM, until=4).number_of_nodes() == 4


def test_combined_puts_weights_and_kinds_on_one_edge(store):
    C = combined_graph(store, FILM)
    rocky, diana = iri(FILM, "rocky-dennis"), iri(FILM, "diana-adams")
    d = C.edges[rocky, diana]
    assert d["weight"] == 3 and d["events"] == [7, 8, 10]
    assert d["kinds"] == ["romantic", "teaches"] and d["sign"] == 1
    abe = C.edges[iri(FILM, "abe-dennis"), rocky]  # related, never on screen together
    assert abe["weight"] == 0 and abe["kinds"] == ["grandparent_of"] and abe["sign"] == 0
    doctor = C.edges[iri(FILM, "the-doctor"), rocky]  # together in an event, not related
    assert doctor["kinds"] == [] and doctor["weight"] == 1


def test_dynamic_metrics_grow_with_the_story(store, G):
    steps = dynamic_metrics(store, FILM, graph="influence")
    assert [s["until"] for s in steps] == list(range(14))
    edges = [s["numEdges"] for s in steps]
    assert edges == sorted(edges) and edges[0] < edges[-1]
    last = influence_graph(store, FILM, until=13)
    assert steps[-1] == {"until": 13, **film_metrics(last)}
    # Every relation is shown by the last event; only Dozer (no event, no relation) is not.
    assert set(G.nodes) - set(last.nodes) == {iri(FILM, "dozer")}
    assert steps[2] == {"until": 2, **film_metrics(influence_graph(store, FILM, until=2))}


# --------------------------------------------------------------------------- errors, several films


def test_bad_arguments(store, G):
    with pytest.raises(ValueError, match="until"):
        influence_graph(store, FILM, until=-1)
    with pytest.raises(NotFoundError, match="no film"):
        influence_graph(store, "casablanca-1942")
    with pytest.raises(ValueError, match="rank"):
        influence_ranking(store, FILM, by="charisma")
    with pytest.raises(ValueError, match="unknown graph"):
        network_graph(store, "hypergraph", FILM)
    assert resolve_character(G, "rocky") == iri(FILM, "rocky-dennis")
    assert resolve_character(G, "Mr. Simms") == iri(FILM, "mr-simms")
    with pytest.raises(NotFoundError, match="several"):
        resolve_character(G, "dennis")
    with pytest.raises(NotFoundError, match="no character"):
        resolve_character(G, "Elliott")


def test_two_films_in_one_store():
    both = store_of(mask_truth(), hostile())
    with pytest.raises(NotFoundError, match="--film"):
        influence_graph(both)
    mask = influence_graph(both, FILM)
    assert mask.number_of_edges() == 16
    other = influence_graph(both, "hostile-film-2001")
    assert other.number_of_edges() == 5
    assert influence_graph(both, mask.graph["film"]).number_of_edges() == 16  # by IRI
    assert not set(mask.nodes) & set(other.nodes)


# --------------------------------------------------------------------------- the real page


@pytest.fixture(scope="module")
def page_store():
    if not PAGE.is_file():
        if CI:
            pytest.fail(f"{PAGE} is missing")
        pytest.skip(f"{PAGE} is missing")
    from filmgraph.pipeline import ingest
    from filmgraph.store import EmbeddedStore

    s = EmbeddedStore()
    ingest([PAGE], s)
    return s


def _by_label(G):
    return {(G.nodes[u]["label"], d["kind"], G.nodes[v]["label"]): d for u, v, d in G.edges(data=True)}


def test_page_pagerank_puts_rocky_first(page_store):
    ranking = influence_ranking(page_store, FILM, by="pagerank")
    assert ranking[0]["character"] == "Rocky Dennis"
    assert ranking[0]["in"] >= 8  # parents, friends, the principal, the bully all act on him
    names = [r["character"] for r in ranking]
    assert names.index("Diana Adams") < names.index("Mr. Simms")


def test_page_relations_in_the_influence_graph(page_store):
    G = influence_graph(page_store, FILM)
    found = _by_label(G)
    for triple in [
        ("Rusty Dennis", "parent_of", "Rocky Dennis"),
        ("Gar Dennis", "father_figure_of", "Rocky Dennis"),
        ("Abe Dennis", "grandparent_of", "Rocky Dennis"),
        ("Mr. Simms", "opposes", "Rocky Dennis"),
        ("Rocky Dennis", "teaches", "Diana Adams"),
    ]:
        assert triple in found, f"missing {triple}"
    romantic = [k for k in found if k[1] == "romantic"]
    assert any({k[0], k[2]} == {"Rocky Dennis", "Diana Adams"} for k in romantic)


def test_page_until_two(page_store):
    """After event 2 (the enrolment fight) the romance, the bans, the bully and Ben are still to come."""
    G = influence_graph(page_store, FILM)
    early = influence_graph(page_store, FILM, until=2)
    assert early.number_of_edges() < G.number_of_edges()
    kinds = {d["kind"] for *_, d in early.edges(data=True)}
    # The romance (event 7), the bully (event 9) and Ben's friendship (event 10) are still to come.
    assert not kinds & {"romantic", "bullies", "friend_of"}
    found = _by_label(early)
    assert ("Diana's parents", "forbids", "Diana Adams") not in found  # event 8
    # Every edge kept is tied to an event up to 2, or to none (stated in the summary or a
    # character's description, so counted from the start).
    for *_, d in early.edges(data=True):
        assert not d["events"] or min(d["events"]) <= 2, d
    assert ("Mr. Simms", "opposes", "Rocky Dennis") in found
    assert ("Rusty Dennis", "parent_of", "Rocky Dennis") in found
