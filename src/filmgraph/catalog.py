"""What the store holds: its films and its counts.

Examples
--------
>>> from filmgraph.store import EmbeddedStore
>>> from filmgraph.pipeline import ingest, resource_path
>>> store = EmbeddedStore()
>>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
>>> [(f["slug"], f["title"], f["year"]) for f in films(store)]
[('mask-1985', 'Mask', 1985)]
"""

from __future__ import annotations

import re
from typing import Any

from filmgraph.queries import load_query

__all__ = ["films", "stats", "film_slug_of", "resolve_film"]


def film_slug_of(film_iri: str) -> str:
    """The slug of a film from its IRI (the segment after ``film/``).

    >>> film_slug_of("http://example.org/film/mask-1985")
    'mask-1985'
    """
    return film_iri.rsplit("/film/", 1)[-1]


def films(store: Any) -> list[dict[str, Any]]:
    """``[{"slug", "title", "year", "iri", "triples"}]`` for every film, by title."""
    rows = store.select(load_query("films").text)
    out = []
    for r in rows:
        year = r.get("year")
        # Loaded data may hold a year that is no number: show none rather than fail.
        m = re.match(r"-?\d{1,4}", year.value) if year is not None else None
        out.append(
            {
                "slug": film_slug_of(r["film"].value),
                "title": r["title"].value,
                "year": int(m.group()) if m else None,
                "iri": r["film"].value,
                "triples": int(r["triples"].value),
                "graph": r["graph"].value,
            }
        )
    return out


def stats(store: Any) -> dict[str, int]:
    """Counts of films, characters, actors, events, places, themes, traits, relations and quads."""
    names = {
        "Film": "films", "Character": "characters", "Person": "actors", "Event": "events",
        "Place": "places", "Theme": "themes", "Trait": "traits", "Relationship": "relations",
    }
    counts = dict.fromkeys(names.values(), 0)
    for r in store.select(load_query("stats").text):
        local = r["class"].value.rsplit("#", 1)[-1]
        counts[names[local]] = int(r["count"].value)
    counts["quads"] = len(store)
    return counts


def _film_row(r: dict[str, Any]) -> dict[str, Any]:
    year = r.get("year")
    m = re.match(r"-?\d{1,4}", year.value) if year is not None else None
    return {
        "slug": film_slug_of(r["film"].value),
        "title": r["title"].value,
        "year": int(m.group()) if m else None,
        "iri": r["film"].value,
        "graph": r["g"].value,
    }


def resolve_film(store: Any, slug: str | None) -> dict[str, Any]:
    """The film named by ``slug``, or the only film when ``slug`` is None.

    Cheap at any corpus size: it reads one named graph (the slug's, under the base
    IRI in effect) or the first films, never counts triples. Raises NotFoundError
    naming some of the store's films when there is no such film, and asks for
    ``--film`` when the store holds several.

    >>> from filmgraph.store import EmbeddedStore
    >>> from filmgraph.pipeline import ingest, resource_path
    >>> store = EmbeddedStore()
    >>> _ = ingest([resource_path("data", "mask-1985.txt")], store)
    >>> resolve_film(store, None)["title"], resolve_film(store, "mask-1985")["year"]
    ('Mask', 1985)
    """
    import pyoxigraph as ox

    from filmgraph.errors import NotFoundError
    from filmgraph.iri import Minter

    text = load_query("film").text
    if slug is not None:
        try:
            rows = store.select(text, {"g": ox.NamedNode(Minter().graph(slug))}) if _safe(slug) else []
        except ValueError:  # not a possible IRI: no such film
            rows = []
        if not rows and _safe(slug):
            # A store built under another base IRI: find the film by its slug.
            rows = store.select(load_query("film-by-slug").text, {"slug": slug})
        if rows:
            return _film_row(rows[0])
        known = ", ".join(sorted(_film_row(r)["slug"] for r in store.select(text))[:10])
        if not known:
            raise NotFoundError(f"no film {slug!r}: the store holds no film yet")
        raise NotFoundError(f"no film {slug!r} in the store (films: {known})")
    rows = store.select(text)
    if len(rows) == 1:
        return _film_row(rows[0])
    if not rows:
        raise NotFoundError("the store holds no film yet; ingest a page first")
    more = "more than 10" if len(rows) > 10 else str(len(rows))
    raise NotFoundError(f"the store holds {more} films; choose one with --film SLUG")


def _safe(slug: str) -> bool:
    """A slug that can be part of an IRI (anything else names no film)."""
    return bool(slug) and not any(ch in slug for ch in ' <>"{}|\\^`\n\r\t')
