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


def resolve_film(store: Any, slug: str | None) -> dict[str, Any]:
    """The film named by ``slug``, or the only film when ``slug`` is None.

    Raises NotFoundError with the slugs the store has when there is no such film,
    and asks for ``--film`` when the store holds several.
    """
    from filmgraph.errors import NotFoundError

    all_films = films(store)
    if slug is None:
        if len(all_films) == 1:
            return all_films[0]
        if not all_films:
            raise NotFoundError("the store holds no film yet; ingest a page first")
        raise NotFoundError(
            f"the store holds {len(all_films)} films; choose one with --film SLUG"
        )
    for f in all_films:
        if f["slug"] == slug:
            return f
    known = ", ".join(f["slug"] for f in all_films[:10])
    raise NotFoundError(f"no film {slug!r} in the store (films: {known})")
