"""Stable, readable IRIs minted from text.

Everything the graph names is an IRI under one configurable base (``FILMGRAPH_BASE``,
default :data:`DEFAULT_BASE`). Segments are slugs: lower-case ASCII words joined by
``-`` where the text allows, and percent-encoded UTF-8 otherwise, so that a name in
any script still gives a valid IRI and the same name always gives the same IRI.

Examples
--------
>>> slugify("Rocky Dennis")
'rocky-dennis'
>>> slugify("Diana Adams' home")
'diana-adams-home'
>>> slugify("Amélie")
'amelie'
>>> slugify("東京")
'%E6%9D%B1%E4%BA%AC'
>>> film_slug("Mask", 1985)
'mask-1985'
>>> Minter("http://example.org/").character("mask-1985", "rocky-dennis")
'http://example.org/film/mask-1985/character/rocky-dennis'
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from urllib.parse import quote

__all__ = ["DEFAULT_BASE", "slugify", "film_slug", "Minter", "default_base"]

#: The base every minted IRI starts with, unless ``FILMGRAPH_BASE`` says otherwise.
DEFAULT_BASE = "https://w3id.org/filmgraph/id/"

_MAX_SLUG = 80
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def default_base() -> str:
    """The base from ``FILMGRAPH_BASE`` (which must end in ``/`` or ``#``), else :data:`DEFAULT_BASE`."""
    base = os.environ.get("FILMGRAPH_BASE", "").strip()
    if not base:
        return DEFAULT_BASE
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#]$", base):
        raise ValueError(f"FILMGRAPH_BASE {base!r} must be an absolute IRI ending in '/' or '#'")
    return base


def slugify(text: str) -> str:
    """Turn a name into an IRI segment; never empty, always the same for the same text.

    Latin letters lose their accents; other scripts are kept, percent-encoded. A
    name longer than 80 characters is cut and given a short digest of the whole,
    so two long names stay apart.

    >>> slugify("  ")
    '_'
    >>> slugify("x" * 200) == slugify("x" * 200), len(slugify("x" * 200)) <= 90
    (True, True)
    >>> slugify("Mr. Simms") == slugify("mr simms")
    True
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    kept: list[str] = []
    for ch in folded:
        if unicodedata.combining(ch):
            continue
        if ch.isascii():
            kept.append(ch if ch.isalnum() else " ")
        elif ch.isalnum():
            kept.append(ch)
        else:
            kept.append(" ")
    words = "".join(kept).split()
    slug = "-".join(words)
    if not slug:
        # Nothing alphanumeric (emoji, punctuation only): name it by a digest.
        return "_" if not text.strip() else "x" + hashlib.sha256(text.encode()).hexdigest()[:12]
    slug = unicodedata.normalize("NFC", slug)
    if len(slug) > _MAX_SLUG:
        digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
        slug = slug[:_MAX_SLUG].rstrip("-") + "-" + digest
    return quote(slug, safe="-")


def film_slug(title: str, year: int | None) -> str:
    """The slug of a film: its title, then its year when known."""
    slug = slugify(title)
    return f"{slug}-{year}" if year is not None else slug


class Minter:
    """Mints every IRI of the graph under one base.

    >>> m = Minter("http://example.org/")
    >>> m.film("mask-1985"), m.graph("mask-1985")
    ('http://example.org/film/mask-1985', 'http://example.org/graph/mask-1985')
    >>> m.event("mask-1985", 3)
    'http://example.org/film/mask-1985/event/3'
    >>> m.person("Eric Stoltz")
    'http://example.org/person/eric-stoltz'
    """

    def __init__(self, base: str | None = None) -> None:
        self.base = base if base is not None else default_base()

    # film-level resources -------------------------------------------------
    def film(self, film: str) -> str:
        return f"{self.base}film/{film}"

    def graph(self, film: str) -> str:
        """The named graph that holds everything about one film."""
        return f"{self.base}graph/{film}"

    def document(self, film: str) -> str:
        return f"{self.base}film/{film}/document"

    def character(self, film: str, key: str) -> str:
        return f"{self.base}film/{film}/character/{key}"

    def casting(self, film: str, key: str) -> str:
        return f"{self.base}film/{film}/casting/{key}"

    def event(self, film: str, index: int) -> str:
        return f"{self.base}film/{film}/event/{index}"

    def event_time(self, film: str, index: int) -> str:
        return f"{self.base}film/{film}/event/{index}/time"

    def participation(self, film: str, index: int, key: str, role: str) -> str:
        return f"{self.base}film/{film}/event/{index}/{role}/{key}"

    def place(self, film: str, key: str) -> str:
        return f"{self.base}film/{film}/place/{key}"

    def relation(self, film: str, source: str, kind: str, target: str) -> str:
        return f"{self.base}film/{film}/relation/{source}--{slugify(kind)}--{target}"

    def period(self, film: str, n: int) -> str:
        return f"{self.base}film/{film}/period/{n}"

    def annotation(self, film: str, digest: str) -> str:
        return f"{self.base}film/{film}/annotation/{digest}"

    def span(self, film: str, start: int, end: int) -> str:
        """The target of an annotation: one span of the film's document."""
        return f"{self.base}film/{film}/span/{start}-{end}"

    def log_graph(self) -> str:
        """The named graph recording where and when each document was read."""
        return f"{self.base}graph/log"

    # shared across films ---------------------------------------------------
    def person(self, name: str) -> str:
        return f"{self.base}person/{slugify(name)}"

    def trait(self, name: str) -> str:
        return f"{self.base}trait/{slugify(name)}"

    def theme(self, name: str) -> str:
        return f"{self.base}theme/{slugify(name)}"

    def scheme(self, name: str) -> str:
        return f"{self.base}scheme/{name}"
