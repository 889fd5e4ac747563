"""Text helpers for the prose stages: folding for matching, sentences with spans, segments.

Everything here keeps offsets: :func:`fold` maps one character to one character,
so a match found in the folded text is a span of ``PlotDocument.text`` as is.
:func:`match_key` is the lossy form used to compare names (the gold files'
normalisation rules).

Examples
--------
>>> fold("Jem’s “mask”")
'Jem\\'s "mask"'
>>> match_key("  Ivy\u00a0Adams’  home ")
"ivy adams' home"
>>> [s.text for s in split_sentences("Mr. Pike objects. She wins! Then? no.")]
['Mr. Pike objects.', 'She wins!', 'Then? no.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from filmgraph.model import PlotDocument, Span

__all__ = [
    "Segment",
    "Sentence",
    "fold",
    "match_key",
    "segments",
    "split_sentences",
]

# One character in, one character out: offsets survive folding.
_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2011": "-",
        "\u2010": "-",
        "\u200d": " ",
        "\u202f": " ",
    }
)
_SPACES = re.compile(r"[ \t]+")


def fold(text: str) -> str:
    """Typographic quotes, no-break spaces and hyphens to ASCII, keeping the length.

    >>> len(fold("a\u2011b")) == 3
    True
    """
    return text.translate(_FOLD)


@lru_cache(maxsize=8)
def fold_page(text: str) -> str:
    """:func:`fold` for a whole page, kept: every prose stage reads the same page."""
    return text.translate(_FOLD)


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """The form names are compared in: folded, no zero-width joiner, spaces collapsed, case-folded.

    >>> match_key("Mr.  Pike") == match_key("mr. pike")
    True
    """
    return _SPACES.sub(" ", text.replace("\u200d", "").translate(_FOLD)).strip().casefold()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the page: its folded text and its span in ``PlotDocument.text``."""

    text: str
    span: Span


# Abbreviations after which a full stop does not end a sentence.
_ABBREV = frozenset(
    "mr mrs ms mx dr st jr sr prof capt col gen lt sgt rev fr hon gov sen rep "
    "vs etc no mt ft approx".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9\u00c0-\u024f])|[.!?]+[\"')\]]*$")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.*$")


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Split prose into sentences; spans are shifted by ``offset``.

    A full stop after a title (``Mr.``), an initial (``J.``) or inside an
    abbreviation does not end a sentence.

    >>> [s.span for s in split_sentences("He runs. Dr. No waits.", 10)]
    [Span(start=10, end=18), Span(start=19, end=32)]
    """
    folded = fold(text)
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(folded):
        if m.group(0).startswith(".") and len(m.group(0).rstrip("\"')]")) == 1:
            w = _WORD_BEFORE.search(folded, max(0, m.start() - 24), m.start() + 1)
            if w and (w.group(1).lower() in _ABBREV or (len(w.group(1)) == 1 and w.group(1).isupper())):
                continue
        end = m.end()
        _emit(folded, start, end, offset, out)
        start = end
    _emit(folded, start, len(folded), offset, out)
    return out


def _emit(folded: str, start: int, end: int, offset: int, out: list[Sentence]) -> None:
    chunk = folded[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    out.append(Sentence(stripped, Span(offset + s, offset + s + len(stripped))))


SegmentKind = Literal[
    "summary", "event-title", "event", "character", "setting", "theme", "spoiler-free"
]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of prose and what it belongs to.

    ``owner`` is the event index (``event``, ``event-title``), the listed
    character's name (``character``) or the theme's name (``theme``); None for
    the summary, the settings and the spoiler-free summary. Pronoun resolution
    never crosses a segment.
    """

    kind: SegmentKind
    owner: int | str | None
    sentences: tuple[Sentence, ...]


def _whole(text: str, span: Span) -> tuple[Sentence, ...]:
    raw = fold(text[span.start : span.end])
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    if not body:
        return ()
    start = span.start + lead
    return (Sentence(body, Span(start, start + len(body))),)


def segments(doc: PlotDocument) -> list[Segment]:
    """The page's prose as segments, in reading order of the sections.

    The summary comes first: it introduces the people, and later sections lean
    on what it established.
    """
    out: list[Segment] = []
    # Folding keeps offsets, so slices of the folded page are the folded slices.
    text = fold_page(doc.text)

    def sents(span: Span) -> tuple[Sentence, ...]:
        # Read from the document itself, so spans hold whatever the parser kept.
        return tuple(split_sentences(text[span.start : span.end], span.start))

    for p in doc.summary:
        out.append(Segment("summary", None, sents(p.span)))
    for e in doc.timeline:
        out.append(Segment("event-title", e.index, _whole(text, e.title_span)))
        out.append(
            Segment("event", e.index, sents(e.description_span))
        )
    for c in doc.characters:
        out.append(
            Segment("character", c.name, sents(c.description_span))
        )
    for s in doc.settings:
        if s.description and s.description_span is not None:
            out.append(
                Segment("setting", None, sents(s.description_span))
            )
    for t in doc.themes:
        out.append(
            Segment("theme", t.name, sents(t.description_span))
        )
    for p in doc.spoiler_free:
        out.append(Segment("spoiler-free", None, sents(p.span)))
    return out
