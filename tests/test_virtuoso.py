"""The same answers from the embedded store and from a real Virtuoso server.

A Virtuoso 7 (Debian's ``virtuoso-opensource``) is started for this module on
127.0.0.1 and stopped at the end. *Mask* and the invented fixture pages are
ingested into it the way a user would (:func:`filmgraph.remote.ingest_remote`,
SPARQL Update over HTTP) and into an embedded store; then every stored query
runs with the same parameters on both, through the same
:func:`filmgraph.queries.run_query`, and the answers must agree once the
differences in how Virtuoso writes the same values are normalised (each is
listed in ``docs/sparql-dialects.md``).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

import virtuoso
from filmgraph.pipeline import ingest
from filmgraph.queries import run_query, stored_queries
from filmgraph.store import EmbeddedStore

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[1]
REAL_MASK = REPO.parent / "shared" / "corpus" / "mask-1985.txt"
FIXTURES = sorted((REPO / "tests" / "fixtures" / "pages").glob("*.txt"))
MASK_GRAPH = "https://w3id.org/filmgraph/id/graph/mask-1985"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "int", "long", "short", "decimal", "double", "float",
                             "nonNegativeInteger", "positiveInteger", "unsignedInt")}


def _need(condition: bool, message: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso.Virtuoso]:
    _need(virtuoso.available(),
          "Virtuoso is not installed (apt-get install -y virtuoso-opensource)")
    srv = virtuoso.start(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def pages() -> list[Path]:
    _need(REAL_MASK.is_file(), f"{REAL_MASK} is missing")
    return [REAL_MASK, *FIXTURES]


@pytest.fixture(scope="module")
def embedded(pages: list[Path]) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    ingest(pages, store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def remote(server: virtuoso.Virtuoso, pages: list[Path]) -> Any:
    """Virtuoso holding the same films, loaded by SPARQL Update over HTTP."""
    from filmgraph.remote import RemoteStore

    virtuoso.load_pages(server.endpoint, pages)
    return RemoteStore(server.endpoint, update_endpoint=server.endpoint, timeout=60)


# --------------------------------------------------------------------------- normalising


def _split_concat(value: str) -> str:
    """GROUP_CONCAT leaves the order of its parts open: sort them."""
    for sep in ("|", ", "):
        if sep in value:
            return sep.join(sorted(value.split(sep)))
    return value


def norm(term: Any) -> tuple:
    """One comparable form for a term as either store writes it."""
    if term is None:
        return ("unbound",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    dt = term.datatype.value if term.datatype is not None else XSD + "string"
    value = term.value
    if term.language:
        return ("lang", _split_concat(value), term.language.lower())
    if dt in NUMERIC:
        # Virtuoso writes 0.90 as 0.9, and may type a COUNT or SUM differently.
        try:
            return ("number", Decimal(value).normalize())
        except InvalidOperation:
            return ("number", value)
    if dt == XSD + "boolean":
        # Virtuoso answers a stored boolean as "1"^^xsd:boolean and a computed one
        # (!BOUND(?x) AS ?flag) as the integer 1 or 0: compare them all as numbers.
        return ("number", Decimal(1 if value in ("true", "1") else 0))
    if dt in (XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"):
        return ("string", _split_concat(value))
    return ("typed", value, dt)


def norm_rows(rows: list[dict[str, Any]]) -> list[tuple]:
    """Rows as sorted tuples; an empty plain string counts as unbound.

    GROUP_CONCAT over no values: Virtuoso answers "", Oxigraph leaves the variable unbound.
    """
    out = []
    for row in rows:
        items = [(k, norm(v)) for k, v in row.items()]
        out.append(tuple(sorted(kv for kv in items if kv[1] != ("string", ""))))
    return sorted(out)


# --------------------------------------------------------------------------- parameters


def params_for(query: Any) -> dict[str, str]:
    """The parameters of a query's documented example, and Mask's film/graph otherwise."""
    params: dict[str, str] = {}
    words = shlex.split(query.example) if query.example else []
    for i, word in enumerate(words):
        if word == "--param" and i + 1 < len(words):
            key, _, value = words[i + 1].partition("=")
            params[key] = value
    for name in query.params:
        if name in params:
            continue
        if name == "film":
            params[name] = "mask-1985"
        elif name == "graph":
            params[name] = MASK_GRAPH
        else:
            params[name] = ""
    return {k: v for k, v in params.items() if k in query.params}


def _bind(params: dict[str, str]) -> dict[str, object]:
    """Graph IRIs as terms; everything else as the CLI would pass it."""
    return {k: ox.NamedNode(v) if k == "graph" else v for k, v in params.items()}


QUERIES = [q.name for q in stored_queries()]


# --------------------------------------------------------------------------- tests


def test_same_graphs_and_quads(embedded: EmbeddedStore, remote: Any) -> None:
    # Virtuoso also lists its own system graphs (virtrdf, DAV, owl, ldp...).
    ours = {g for g in remote.named_graphs() if g.startswith("https://w3id.org/filmgraph/")}
    assert ours == set(embedded.named_graphs())
    assert remote.graph_size(MASK_GRAPH) == embedded.graph_size(MASK_GRAPH) > 500

    def quad_key(q: ox.Quad) -> tuple:
        return (norm(q.subject), q.predicate.value, norm(q.object))

    assert sorted(map(quad_key, remote.quads(MASK_GRAPH))) == sorted(
        map(quad_key, embedded.quads(MASK_GRAPH)))


@pytest.mark.parametrize("name", QUERIES)
def test_stored_query_same_answers(name: str, embedded: EmbeddedStore, remote: Any) -> None:
    query = next(q for q in stored_queries() if q.name == name)
    params = _bind(params_for(query))
    local = run_query(embedded, name, params)
    served = run_query(remote, name, params)
    assert norm_rows(served) == norm_rows(local)


@pytest.mark.parametrize("name", ["films", "stats", "characters", "events", "places", "themes",
                                  "relations", "arc", "where"])
def test_key_questions_have_answers(name: str, embedded: EmbeddedStore) -> None:
    """The comparison above is not between two empty answers."""
    if name not in QUERIES:
        pytest.fail(f"the stored query {name} is missing")
    query = next(q for q in stored_queries() if q.name == name)
    assert run_query(embedded, name, _bind(params_for(query)))


def test_ingest_remote_into_virtuoso(server: virtuoso.Virtuoso, remote: Any,
                                     embedded: EmbeddedStore, pages: list[Path]) -> None:
    """``filmgraph --endpoint URL ingest`` works on Virtuoso: it replaces Mask with the same graph."""
    from filmgraph.remote import ingest_remote

    before = remote.graph_size(MASK_GRAPH)
    [result] = ingest_remote([pages[0]], server.endpoint, update_endpoint=server.endpoint,
                             timeout=60)
    assert result.status == "replaced"
    assert remote.graph_size(MASK_GRAPH) == before == embedded.graph_size(MASK_GRAPH)


def test_parameters_are_data_on_virtuoso_too(remote: Any) -> None:
    hostile = 'x" || true || "'
    rows = run_query(remote, "characters", {"film": "mask-1985"})
    assert rows
    rows = remote.select(
        "SELECT ?s ?name WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        "FILTER(?l = ?name) }", {"name": ox.Literal(hostile)})
    assert rows == []
