"""Lookup commands: query, queries, characters, events, places, themes, arc, where, influence, relations.

A thin layer: each command opens the store, calls one function of
:mod:`filmgraph.lookup` or :mod:`filmgraph.queries`, and prints rows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from filmgraph.cli._common import (
    emit_json,
    emit_rows,
    emit_stream,
    film_option,
    format_option,
    open_store,
    settings,
)


def _value(term: Any) -> Any:
    from filmgraph.store import to_python

    return to_python(term)


@click.command()
@click.argument("source", metavar="NAME|FILE|-")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter (repeatable): film=SLUG, names as text, years and "
                   "event indices as integers.")
@click.option("--allow-updates", is_flag=True,
              help="Allow SPARQL Update (INSERT, DELETE, DROP...); refused otherwise.")
@format_option()
def query(source: str, params: tuple[str, ...], allow_updates: bool, fmt: str | None) -> None:
    """Run a SPARQL query: a stored one by NAME, a .rq FILE, or - for standard input.

    Parameters are bound as data, never pasted into the query. Queries that use
    SERVICE or LOAD, or name a FROM graph the store does not hold, are refused
    before they run; updates are refused unless --allow-updates is given.

    \b
    Example:
      filmgraph query arc --param character="Rocky Dennis"
      filmgraph query where --param film=mask-1985 --param place=Azusa --format json
      echo 'SELECT ?film ?title WHERE { GRAPH ?g { ?film <https://w3id.org/filmgraph/ontology#title> ?title } }' | filmgraph query -
    """
    from filmgraph.errors import InputError, NotFoundError
    from filmgraph.queries import StoredQuery, load_query, parse_param, parse_query_file, run_query

    q: StoredQuery
    if source == "-":
        q = StoredQuery(name="stdin", text=sys.stdin.read())
    elif Path(source).is_file():
        try:
            q = parse_query_file(Path(source))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{source}: cannot read the query: {exc}") from None
    else:
        try:
            q = load_query(source)
        except NotFoundError:
            if any(ch in source for ch in "/\\.") or source.endswith(".rq"):
                raise InputError(f"{source}: no such file") from None
            raise
    bound = dict(parse_param(p) for p in params)
    s = settings()
    if fmt in ("json", "csv", "tsv"):
        # Machine formats stream: a query without LIMIT starts answering at once.
        from filmgraph.queries import stream_query

        with open_store(write=allow_updates) as store:
            names, stream = stream_query(store, q, bound, allow_updates=allow_updates,
                                         timeout=s.timeout)
            emit_stream(({k: _value(v) for k, v in r.items()} for r in stream), names, fmt)
        return
    with open_store(write=allow_updates) as store:
        rows = run_query(store, q, bound, allow_updates=allow_updates, timeout=s.timeout)
    columns: list[str] = []
    for r in rows:
        for k in r:
            if k not in columns:
                columns.append(k)
    data = [{k: _value(v) for k, v in r.items()} for r in rows]
    emit_rows(data, columns, fmt, json_data=data)


@click.command()
@format_option()
def queries(fmt: str | None) -> None:
    """List the stored queries, with the question each answers and its parameters.

    \b
    Example:
      filmgraph queries
    """
    from filmgraph.queries import stored_queries

    data = [
        {"name": q.name, "title": q.title, "question": q.question,
         "params": list(q.params), "example": q.example}
        for q in stored_queries()
    ]
    emit_rows(data, ["name", "params", "question"], fmt, json_data=data)


@click.command()
@film_option
@format_option()
def characters(film: str | None, fmt: str | None) -> None:
    """List a film's characters with their actor, other names and traits.

    \b
    Example:
      filmgraph characters --film mask-1985
    """
    from filmgraph import lookup

    with open_store() as store:
        rows = lookup.characters(store, film)
    emit_rows(rows, ["name", "actor", "aliases", "traits", "listed"], fmt, json_data=rows)


@click.command()
@film_option
@format_option()
def events(film: str | None, fmt: str | None) -> None:
    """List a film's events in story order: when, where, with whom.

    \b
    Example:
      filmgraph events --format md
    """
    from filmgraph import lookup

    with open_store() as store:
        rows = lookup.events(store, film)
    emit_rows(rows, ["index", "title", "time", "place", "participants"], fmt, json_data=rows)


@click.command()
@film_option
@format_option()
def places(film: str | None, fmt: str | None) -> None:
    """List a film's places, what each is part of, and the events there.

    \b
    Example:
      filmgraph places
    """
    from filmgraph import lookup

    with open_store() as store:
        rows = lookup.places(store, film)
    emit_rows(rows, ["name", "part_of", "events"], fmt, json_data=rows)


@click.command()
@film_option
@format_option()
def themes(film: str | None, fmt: str | None) -> None:
    """List a film's themes and the events and characters each concerns.

    \b
    Example:
      filmgraph themes --format json
    """
    from filmgraph import lookup

    with open_store() as store:
        rows = lookup.themes(store, film)
    emit_rows(rows, ["name", "events", "characters"], fmt, json_data=rows)


@click.command()
@film_option
@click.option("--kind", metavar="KIND", help="Only relations of this kind (e.g. parent_of, opposes).")
@format_option()
def relations(film: str | None, kind: str | None, fmt: str | None) -> None:
    """List the typed relations between a film's characters, with their evidence.

    \b
    Example:
      filmgraph relations --kind opposes
    """
    from filmgraph import lookup

    with open_store() as store:
        rows = lookup.relations(store, film, kind=kind)
    emit_rows(rows, ["source", "kind", "target", "directed", "events", "evidence"], fmt,
              json_data=rows)


@click.command()
@click.argument("character")
@film_option
@format_option()
def arc(character: str, film: str | None, fmt: str | None) -> None:
    """Show a character's arc: the events they take part in, in story order.

    CHARACTER is any of the character's names, in any case.

    \b
    Example:
      filmgraph arc "Rocky Dennis"
      filmgraph arc rocky --format json
    """
    from filmgraph import lookup

    with open_store() as store:
        data = lookup.arc(store, film, character)
    emit_rows(data["events"], ["index", "title", "role", "time", "place", "with", "themes"], fmt,
              json_data=data)


@click.command()
@click.argument("place", required=False)
@film_option
@format_option()
def where(place: str | None, film: str | None, fmt: str | None) -> None:
    """Show what happens where, in story order; with PLACE, what happens there or inside it.

    PLACE is any of the place's names, in any case; the part-of hierarchy is rolled
    up, so a town includes its school and the rooms of its houses.

    \b
    Example:
      filmgraph where Azusa
    """
    from filmgraph import lookup

    with open_store() as store:
        data = lookup.where(store, film, place)
    rows = [{"place": group["place"], **e} for group in data for e in group["events"]]
    emit_rows(rows, ["place", "index", "title", "time", "participants"], fmt, json_data=data)


@click.command()
@film_option
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Rank only the first N characters.")
@click.option("--by", type=click.Choice(["pagerank", "out", "betweenness", "in", "degree", "eigenvector"]),
              default="pagerank", show_default=True, help="What to rank the characters by.")
@format_option()
def influence(film: str | None, top: int | None, by: str, fmt: str | None) -> None:
    """Show who influences whom: the directed influence edges, then the ranking.

    A table shows the edges (kind, events, evidence) and then the characters ranked
    by PageRank (or --by); CSV and TSV give the ranking only; JSON gives both.

    \b
    Example:
      filmgraph influence --top 3
      filmgraph influence --by out --format json
    """
    from filmgraph import lookup

    with open_store() as store:
        data = lookup.influence(store, film, top=top, by=by)
    ranking = data["ranking"]
    if fmt in ("json",):
        emit_json(data)
        return
    if fmt in ("csv", "tsv"):
        emit_rows(ranking, ["character", "score", "in", "out"], fmt)
        return
    emit_rows(data["edges"], ["source", "kind", "target", "events", "evidence"], fmt)
    click.echo("")
    emit_rows(ranking, ["character", "score", "in", "out"], fmt)
