"""Every stored query, answered on *Mask* from the real page, on the embedded store AND a real
Oxigraph server; the read-only guard; parameter binding; injection; the query timeout.

The expected answers were checked by hand against ``../shared/corpus/mask-1985.txt``
(the line of the page is quoted next to each). Where the page leaves a point open
(a participant it only implies) the test asserts only what the page states.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest

import servers
from filmgraph.errors import (
    FilmGraphError,
    InputError,
    NotFoundError,
    QueryError,
    QueryRefusedError,
)
from filmgraph.queries import (
    bind_values,
    check_read_only,
    convert_params,
    load_query,
    parse_param,
    run_query,
    stored_queries,
    values_clause,
    where_brace,
)
from filmgraph.remote import RemoteStore
from filmgraph.store import EmbeddedStore
from servers import REAL_MASK

# The server fixtures, made available to this module's tests.
mask_embedded = servers.mask_embedded
mask_server = servers.mask_server
oxigraph_server = servers.oxigraph_server


FILM = "mask-1985"
OWNED_BY_OTHERS = ("network-", "report-", "evidence")


@pytest.fixture(scope="module", params=["embedded", "server"])
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The same film, in the embedded store and on the Oxigraph server."""
    if request.param == "embedded":
        s = EmbeddedStore(request.getfixturevalue("mask_embedded"), read_only=True)
    else:
        s = RemoteStore(request.getfixturevalue("mask_server").query_url, timeout=30)
    yield s
    s.close()


def values(rows: list[dict[str, Any]], name: str) -> list[Any]:
    from filmgraph.store import to_python as _py

    return [_py(r.get(name)) for r in rows]


def split(row: dict[str, Any], name: str) -> set[str]:
    term = row.get(name)
    return set(term.value.split("|")) if term is not None and term.value else set()


def q(store: Any, query_name: str, /, **params: object) -> list[dict[str, Any]]:
    """Run a stored query on *Mask*."""
    if "film" in load_query(query_name).params:
        params = {"film": FILM, **params}
    return run_query(store, query_name, params)


# --------------------------------------------------------------------------- every stored query


def test_every_stored_query_is_documented_and_tested() -> None:
    names = {q.name for q in stored_queries() if not q.name.startswith(OWNED_BY_OTHERS)}
    tested = {name[len("test_query_"):].replace("_", "-") for name in globals()
              if name.startswith("test_query_")}
    assert names - tested == set(), "stored queries without a test"
    for sq in stored_queries():
        if sq.name.startswith(OWNED_BY_OTHERS):
            continue
        assert sq.title and sq.question and sq.example, sq.name
        for p in sq.params:
            assert f"?{p}" in sq.text, (sq.name, p)


def test_query_films(store: Any) -> None:
    rows = q(store, "films")
    assert [(r["title"].value, int(r["year"].value)) for r in rows] == [("Mask", 1985)]


def test_query_film(store: Any) -> None:
    rows = q(store, "film")
    assert [(r["title"].value, int(r["year"].value)) for r in rows] == [("Mask", 1985)]
    assert rows[0]["g"].value.endswith("/graph/mask-1985")


def test_query_film_by_slug(store: Any) -> None:
    rows = q(store, "film-by-slug", slug="mask-1985")
    assert [(r["title"].value, r["film"].value.rsplit("/", 1)[1]) for r in rows] == [
        ("Mask", "mask-1985")]
    assert q(store, "film-by-slug", slug="mask-198") == []  # a suffix of the slug is no slug


def test_query_stats(store: Any) -> None:
    counts = {r["class"].value.rsplit("#", 1)[1]: int(r["count"].value) for r in q(store, "stats")}
    assert counts["Film"] == 1
    assert counts["Event"] == 13  # the Timeline section has 13 events
    assert counts["Theme"] == 4   # Acceptance, Love Across Difference, Family and Belonging, Mortality and Resilience


LISTED = {  # "Rocky Dennis (Eric Stoltz)" ... the six headers of the Characters section
    "Rocky Dennis": "Eric Stoltz", "Rusty Dennis": "Cher", "Gar Dennis": "Sam Elliott",
    "Diana Adams": "Laura Dern", "Mr. Simms": "Ben Piazza", "Abe Dennis": "Richard Dysart",
}


def test_query_characters(store: Any) -> None:
    rows = q(store, "characters")
    actors = {r["name"].value: r["actor"].value for r in rows if "actor" in r}
    assert actors == LISTED
    rocky = next(r for r in rows if r["name"].value == "Rocky Dennis")
    assert split(rocky, "traits") == {"Intelligent", "Compassionate", "Determined"}
    assert "Rocky" in split(rocky, "aliases")
    # Named in the prose though not listed: "his best friend Ben", "Rusty, Gar, and Dozer".
    assert {"Ben", "Dozer"} <= set(values(rows, "name"))


TIMES = {1: "1979", 5: "Graduation day", 7: "New Year's Eve (camp event)", 9: "Early high school",
         10: "Bus trip during high school", 11: "Morning after the headache"}


def test_query_events(store: Any) -> None:
    rows = q(store, "events")
    assert values(rows, "index") == list(range(1, 14))
    assert rows[6]["title"].value == "Camp Bloomfield and Rocky's bond with Diana"
    assert {i: t for i, t in zip(values(rows, "index"), values(rows, "time"), strict=True) if t} == TIMES
    assert [i for i, y in zip(values(rows, "index"), values(rows, "year"), strict=True) if y] == [1]
    assert rows[6]["placeName"].value == "Camp Bloomfield"
    assert rows[9]["placeName"].value == "Equestrian stables near Griffith Park"
    # "Rusty Dennis fights to enroll Rocky ... She confronts the skeptical principal"
    assert {"Rusty Dennis", "Rocky Dennis", "Mr. Simms"} <= split(rows[1], "participants")
    # "Rocky meets Diana Adams, a blind teenage girl"
    assert {"Rocky Dennis", "Diana Adams"} <= split(rows[6], "participants")


def test_query_places(store: Any) -> None:
    rows = {r["name"].value: r for r in q(store, "places")}
    assert "Camp Bloomfield" in rows and split(rows["Camp Bloomfield"], "events") == {"7"}
    junior = [r for r in rows.values() if split(r, "events") == {"4", "5"}]
    assert len(junior) == 1  # "Azusa, California – junior high" and "... – Junior High Graduation"
    assert junior[0]["partOfName"].value == "Azusa, California"


THEMES = {"Acceptance", "Love Across Difference", "Family and Belonging", "Mortality and Resilience"}


def test_query_themes(store: Any) -> None:
    rows = {r["name"].value: r for r in q(store, "themes")}
    assert set(rows) == THEMES
    # "Rocky teaches Diana to sense color ... parental disapproval"
    assert {"7", "8"} <= split(rows["Love Across Difference"], "events")
    assert {"Rocky Dennis", "Diana Adams"} <= split(rows["Love Across Difference"], "characters")


# (source, kind, target) the page states outright, with the words it states them in.
SURE_RELATIONS = {
    ("Rusty Dennis", "parent_of", "Rocky Dennis"),        # "his ... biker mother, Rusty Dennis"
    ("Gar Dennis", "father_figure_of", "Rocky Dennis"),   # "Gar is Rocky's father figure"
    ("Abe Dennis", "grandparent_of", "Rocky Dennis"),     # "Rocky's grandfather"
    ("Mr. Simms", "opposes", "Rocky Dennis"),             # "resists Rocky's enrollment"
}
SURE_UNDIRECTED = {
    ("partner_of", frozenset({"Rusty Dennis", "Gar Dennis"})),   # "her partner, Gar"
    ("romantic", frozenset({"Rocky Dennis", "Diana Adams"})),    # "Their first kiss"
}


def _triples(rows: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(r["sourceName"].value, r["kind"].value, r["targetName"].value) for r in rows}


def test_query_relations(store: Any) -> None:
    rows = q(store, "relations")
    got = _triples(rows)
    assert got >= SURE_RELATIONS
    assert {(k, frozenset({s, t})) for s, k, t in got} >= SURE_UNDIRECTED
    page = REAL_MASK.read_text(encoding="utf-8")
    for r in rows:
        assert r["evidence"].value in page
    # relations_negative of the hand annotations: no family tie with the principal, no killing
    assert not any(k == "kills" for _, k, _ in got)
    assert ("Mr. Simms", "parent_of", "Rocky Dennis") not in got


def test_query_family(store: Any) -> None:
    rows = q(store, "family")
    got = _triples(rows)
    family = {"parent_of", "grandparent_of", "partner_of", "father_figure_of"}
    assert {k for _, k, _ in got} <= family
    assert got >= {t for t in SURE_RELATIONS if t[1] in family}
    assert "partner_of" in {k for _, k, _ in got}


def test_query_influence(store: Any) -> None:
    rows = q(store, "influence")
    got = _triples(rows)
    assert ("Mr. Simms", "opposes", "Rocky Dennis") in got
    # an undirected relation is an edge each way
    assert {("Rocky Dennis", "romantic", "Diana Adams"), ("Diana Adams", "romantic", "Rocky Dennis")} <= got
    assert not {k for _, k, _ in got} & {"parent_of", "grandparent_of", "partner_of", "father_figure_of"}


def test_query_cooccurrence(store: Any) -> None:
    rows = q(store, "cooccurrence")
    pairs = {frozenset({r["aName"].value, r["bName"].value}): r for r in rows}
    rocky_diana = pairs[frozenset({"Rocky Dennis", "Diana Adams"})]
    assert {"7", "8", "10"} <= split(rocky_diana, "events")
    assert int(rocky_diana["weight"].value) == len(split(rocky_diana, "events"))
    assert {"1", "2", "3", "6", "11"} <= split(pairs[frozenset({"Rocky Dennis", "Rusty Dennis"})], "events")
    weights = [int(r["weight"].value) for r in rows]
    assert weights == sorted(weights, reverse=True)


# Events in which the page has Rocky take part (the grave scene, 12, only implies him).
ROCKY_EVENTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13}


def test_query_arc(store: Any) -> None:
    rows = q(store, "arc", character="rocky dennis")
    indices = values(rows, "index")
    assert indices == sorted(indices)
    assert ROCKY_EVENTS <= set(indices)
    assert {r["name"].value for r in rows} == {"Rocky Dennis"}
    camp = rows[indices.index(7)]
    assert camp["placeName"].value == "Camp Bloomfield"
    assert "Diana Adams" in split(camp, "with")
    diana = q(store, "arc", character="Diana")
    assert {7, 8, 10} <= set(values(diana, "index"))


def test_query_where(store: Any) -> None:
    rows = q(store, "where", place="Azusa")
    found = set(values(rows, "index"))
    # Azusa itself (1, 2), its clinic (3), junior high (4, 5), Rusty's home (6), Rocky's bedroom (11)
    assert {1, 2, 3, 4, 5, 6, 11} <= found
    # Camp Bloomfield, Diana's home, the stables near Griffith Park, the grave: not in Azusa
    assert not found & {7, 8, 10, 12, 13}
    assert {r["atName"].value for r in rows if int(r["index"].value) == 11} == {"Rocky's bedroom, Azusa"}
    assert values(q(store, "where", place="camp bloomfield"), "index") == [7]


def test_query_themes_of_event(store: Any) -> None:
    assert "Love Across Difference" in values(q(store, "themes-of-event", event="7"), "name")
    assert "Acceptance" in values(q(store, "themes-of-event", event=2), "name")
    assert q(store, "themes-of-event", event=99) == []


def test_query_themes_of_character(store: Any) -> None:
    assert "Love Across Difference" in values(q(store, "themes-of-character", character="diana"), "name")


def test_query_events_of_theme(store: Any) -> None:
    rows = q(store, "events-of-theme", theme="love across difference")
    assert {7, 8} <= set(values(rows, "index"))
    assert values(rows, "index") == sorted(values(rows, "index"))
    assert {3, 11} <= set(values(q(store, "events-of-theme", theme="Mortality and Resilience"), "index"))


def test_query_shared_traits(store: Any) -> None:
    rows = q(store, "shared-traits")
    got = {(r["traitName"].value, frozenset({r["aName"].value, r["bName"].value})) for r in rows}
    both = frozenset({"Rocky Dennis", "Diana Adams"})
    # 🧠 Intelligent 💖 Compassionate 🎯 Determined  /  👁️ Blind 💖 Compassionate 🎓 Determined
    assert got == {("Compassionate", both), ("Determined", both)}


def test_query_events_in_period(store: Any) -> None:
    rows = q(store, "events-in-period", **{"from": 1979, "to": 1979})
    assert values(rows, "index") == [1]  # "1979 Azusa, California": the only dated event
    assert values(rows, "time") == ["1979"]
    assert q(store, "events-in-period", **{"from": "1980", "to": "2000"}) == []


def test_query_actor_films(store: Any) -> None:
    rows = q(store, "actor-films", actor="eric stoltz")
    assert [(r["title"].value, r["characterName"].value) for r in rows] == [("Mask", "Rocky Dennis")]
    assert values(q(store, "actor-films", actor="Cher"), "characterName") == ["Rusty Dennis"]
    assert q(store, "actor-films", actor="Nobody") == []


def test_query_character_places(store: Any) -> None:
    rows = q(store, "character-places", character="Rocky")
    indices = values(rows, "index")
    assert indices == sorted(indices) and ROCKY_EVENTS <= set(indices)
    places = dict(zip(indices, values(rows, "placeName"), strict=True))
    assert places[7] == "Camp Bloomfield"
    assert places[10] == "Equestrian stables near Griffith Park"
    assert places[11] == "Rocky's bedroom, Azusa"


def test_query_fact_evidence(store: Any) -> None:
    rows = q(store, "fact-evidence", name="Diana Adams")
    assert rows
    page = REAL_MASK.read_text(encoding="utf-8").replace("\r\n", "\n")
    for r in rows:
        start, end = int(r["start"].value), int(r["end"].value)
        assert page[start:end] == r["quote"].value
    types = {r["type"].value.rsplit("#", 1)[1] for r in rows}
    assert "Character" in types
    assert any(r["quote"].value.startswith("Diana Adams") for r in rows)


def test_query_quality_events(store: Any) -> None:
    rows = q(store, "quality-events")
    no_time = {int(r["index"].value) for r in rows if r["noTime"].value == "true"}
    no_place = {int(r["index"].value) for r in rows if r["noPlace"].value == "true"}
    # Timeline location lines with a place only: events 2, 3, 4, 6, 8, 12, 13
    assert no_time == {2, 3, 4, 6, 8, 12, 13}
    assert no_place == set()


def test_query_quality_characters(store: Any) -> None:
    names = set(values(q(store, "quality-characters"), "name"))
    assert not names & {"Rocky Dennis", "Rusty Dennis", "Gar Dennis", "Diana Adams", "Mr. Simms"}


def test_same_answers_on_both_stores(mask_embedded: Any, mask_server: Any) -> None:
    """Every stored query gives the same rows on the embedded store and the server."""
    params = {"character": "Rocky", "place": "Azusa", "event": 7, "theme": "Acceptance",
              "from": 1979, "to": 1985, "actor": "Cher", "name": "Rusty Dennis"}

    def norm(rows: list[dict[str, Any]]) -> list[Any]:
        return sorted(sorted((k, tuple(sorted(v.value.split("|")))) for k, v in r.items()) for r in rows)

    local = EmbeddedStore(mask_embedded, read_only=True)
    remote = RemoteStore(mask_server.query_url)
    try:
        for sq in stored_queries():
            if not all(k in params or k == "film" for k in sq.params):
                continue  # a query of another module with parameters of its own
            p = {k: params[k] for k in sq.params if k in params}
            assert norm(run_query(local, sq, p)) == norm(run_query(remote, sq, p)), sq.name
    finally:
        local.close()


# --------------------------------------------------------------------------- injection

BAD = ['x" || true || "', '"} ; DROP ALL ; #', "?x", "<>", "a\nb", "x' || true || '", "}}"]


@pytest.mark.parametrize("bad", BAD)
def test_injection_through_every_parameter(store: Any, bad: str) -> None:
    before = len(store)
    good = {"film": FILM, "character": "Rocky", "place": "Azusa", "event": "7", "theme": "Acceptance",
            "from": "1979", "to": "1979", "actor": "Cher", "name": "Diana Adams", "slug": "mask-1985"}
    for sq in stored_queries():
        if sq.name.startswith(OWNED_BY_OTHERS):
            continue
        for param in sq.params:
            p = {k: good[k] for k in sq.params}
            p[param] = bad
            try:
                rows = run_query(store, sq, p)
            except (NotFoundError, InputError):
                continue
            assert rows == [], (sq.name, param, bad)
    assert len(store) == before


# --------------------------------------------------------------------------- the guard


@pytest.mark.parametrize("text, clause", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("select * { service silent <http://x.example/> { ?s ?p ?o } }", "SERVICE"),
    ("LOAD <http://x.example/data.ttl>", "LOAD"),
    ("INSERT DATA { <http://a.example/s> <http://a.example/p> 1 }", "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("DROP ALL", "DROP"), ("CLEAR DEFAULT", "CLEAR"), ("CREATE GRAPH <http://g.example/>", "CREATE"),
    ("ADD DEFAULT TO <http://g.example/>", "ADD"), ("MOVE DEFAULT TO <http://g.example/>", "MOVE"),
    ("COPY DEFAULT TO <http://g.example/>", "COPY"),
    ("SELECT * FROM <http://evil.example/g> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <https://evil.example/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED"),
])
def test_refused_before_running(text: str, clause: str) -> None:
    with pytest.raises(QueryRefusedError, match=clause):
        check_read_only(text, graphs=lambda: ["https://w3id.org/filmgraph/id/graph/mask-1985"])


@pytest.mark.parametrize("text", [
    'SELECT ?s WHERE { ?s ?p "service drop insert" }',
    "SELECT ?s WHERE { ?s ?p 'LOAD <http://x.example/>' }",
    "SELECT ?with ?add ?from WHERE { ?with <http://x.example/service> ?add . BIND(1 AS ?from) }",
    "PREFIX drop: <http://x.example/> SELECT * WHERE { ?s drop:insert ?o } # SERVICE <http://x>",
    'SELECT * WHERE { ?s ?p """multi\nline DROP ALL""" }',
    "SELECT * FROM <https://w3id.org/filmgraph/id/graph/mask-1985> WHERE { ?s ?p ?o }",
])
def test_not_refused(text: str) -> None:
    check_read_only(text, graphs=lambda: ["https://w3id.org/filmgraph/id/graph/mask-1985"])


AUDIT = textwrap.dedent("""
    import sys
    def hook(event, args):
        if event == "socket.connect":
            sys.stderr.write("CONNECT %r\\n" % (args[1],))
            sys.stderr.flush()
            import os; os._exit(99)
    sys.addaudithook(hook)
    from filmgraph.cli import main
    main(sys.argv[1:])
""")


@pytest.mark.parametrize("where", ["embedded", "server"])
def test_service_refused_without_opening_a_connection(where: str, tmp_path: Any, mask_embedded: Any) -> None:
    """The refusal happens before anything runs: the process never calls socket.connect."""
    from servers import free_port

    target = ["--store", str(mask_embedded)] if where == "embedded" else [
        "--endpoint", f"http://127.0.0.1:{free_port()}/query"]
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    done = subprocess.run([sys.executable, "-c", AUDIT, *target, "query", "-"], input=text,
                          capture_output=True, text=True, timeout=60, check=False)
    assert "CONNECT" not in done.stderr
    assert done.returncode == 5, done.stderr
    assert "SERVICE" in done.stderr and "Traceback" not in done.stderr


def test_audit_hook_sees_a_connection(tmp_path: Any) -> None:
    """The audit above can fail: a query sent to a server does call socket.connect."""
    from servers import free_port

    done = subprocess.run(
        [sys.executable, "-c", AUDIT, "--endpoint", f"http://127.0.0.1:{free_port()}/query",
         "query", "-"], input="SELECT * WHERE { ?s ?p ?o }",
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 99 and "CONNECT" in done.stderr


def test_updates_need_the_flag(tmp_path: Any) -> None:
    store = EmbeddedStore(tmp_path / "s")
    with pytest.raises(QueryRefusedError):
        run_query(store, "INSERT DATA { GRAPH <http://g.example/> { <http://a.example/s> <http://a.example/p> 1 } }")
    assert len(store) == 0
    run_query(store, "INSERT DATA { GRAPH <http://g.example/> { <http://a.example/s> <http://a.example/p> 1 } }",
              allow_updates=True)
    assert len(store) == 1
    store.close()


# --------------------------------------------------------------------------- binding


def test_param_conversion(store: Any) -> None:
    bound = convert_params(store, {"film": FILM, "event": "7", "character": "Rocky"})
    assert bound["film"] == ox.NamedNode("https://w3id.org/filmgraph/id/film/mask-1985")
    assert bound["event"] == ox.Literal(7)
    assert bound["character"] == ox.Literal("Rocky")
    with pytest.raises(NotFoundError):
        convert_params(store, {"film": "no-such-film"})
    with pytest.raises(InputError):
        convert_params(store, {"year": "nineteen"})
    # film defaults to the only film; an undeclared or missing parameter is an error
    assert convert_params(store, {"character": "x"}, load_query("arc"))["film"] == bound["film"]
    with pytest.raises(InputError, match="no parameter"):
        convert_params(store, {"colour": "red"}, load_query("arc"))
    with pytest.raises(InputError, match="needs --param character"):
        convert_params(store, {}, load_query("arc"))


def test_parse_param() -> None:
    assert parse_param("name=a=b") == ("name", "a=b")
    with pytest.raises(InputError):
        parse_param("=x")


def test_values_clause_escapes() -> None:
    clause = values_clause({"name": ox.Literal('a" } ; DROP ALL ; #\n'), "film": ox.NamedNode("http://x.example/f")})
    assert clause == 'VALUES (?name ?film) { ("a\\" } ; DROP ALL ; #\\n" <http://x.example/f>) }'
    with pytest.raises(InputError):
        values_clause({"x) { (1) } DROP ALL #": ox.Literal(1)})


def test_values_go_into_the_top_level_pattern() -> None:
    text = load_query("arc").text
    at = where_brace(text)
    assert text[at] == "{" and text[:at].rstrip().endswith("WHERE")
    bound = bind_values(text, {"character": ox.Literal("Rocky")})
    assert 'WHERE { VALUES (?character) { ("Rocky") }' in bound
    construct = "CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }"
    assert where_brace(construct) == construct.rindex("{")


def test_a_parameter_must_be_projected() -> None:
    with pytest.raises(QueryError, match="SELECT list"):
        run_query(EmbeddedStore(), "SELECT ?x WHERE { BIND(?year AS ?x) }", {"year": "1"})


# --------------------------------------------------------------------------- timeout


def test_timeout_stops_a_long_query(mask_embedded: Any) -> None:
    import time

    from filmgraph.errors import QueryTimeoutError

    slow = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j } }"
    store = EmbeddedStore(mask_embedded, read_only=True)
    try:
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError):
            run_query(store, slow, timeout=1)
        assert time.monotonic() - started < 10
        rows = run_query(store, "events", {"film": FILM}, timeout=30)
        assert [int(r["index"].value) for r in rows] == list(range(1, 14))
    finally:
        store.close()


def test_timeout_on_a_store_in_memory() -> None:
    from filmgraph.errors import QueryTimeoutError

    store = EmbeddedStore()
    g = ox.NamedNode("http://g.example/")
    store.replace_graphs([(g.value, [ox.Quad(ox.NamedNode(f"http://s.example/{i}"), ox.NamedNode("http://p.example/"),
                                             ox.Literal(i), g) for i in range(300)])])
    assert run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=20)[0]["n"].value == "300"
    with pytest.raises(QueryTimeoutError):
        run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j . ?k ?l ?m } }",
                  timeout=0.5)


def test_errors_are_filmgraph_errors() -> None:
    with pytest.raises(FilmGraphError):
        run_query(EmbeddedStore(), "SELECT nonsense")
    with pytest.raises(NotFoundError):
        run_query(EmbeddedStore(), "no-such-query")
