"""Read a plot page and return what its structure says, as a :class:`~filmgraph.model.PlotDocument`.

A plot page is plain text with a few sections, each opened by a header line that
starts with the film's title: ``<Title> Plot Summary``, ``<Title> Timeline``,
``<Title> Characters``, ``<Title> Settings``, ``<Title> Themes`` and
``<Title> Spoiler-Free Summary``. Each header is followed by a one-line site blurb,
then the content. The site's own furniture (logo, quiz line, app promotion,
recommendations, footer) is dropped.

The text is normalised first (byte-order mark, line endings, control characters,
lone surrogates) and every span in the result points into that normalised text,
``PlotDocument.text``. Nothing else in the text is changed: quotes stay curly or
straight as the page has them.

This module knows the page format and nothing about RDF.

Examples
--------
>>> page = '''Heist Plot Summary
...
... Read the complete plot summary of Heist (2001).
...
... Joe plans one last job in Boston.
...
... Heist Timeline
...
... The plan
...
... Joe gathers his crew in a warehouse and explains the plan in detail.
...
... Winter 2000 Boston, Massachusetts
... '''
>>> doc = parse_text(page)
>>> doc.title, doc.year, doc.missing
('Heist', 2001, ('characters', 'settings', 'themes', 'spoiler_free'))
>>> entry = doc.timeline[0]
>>> entry.title, entry.time_label, entry.place
('The plan', 'Winter 2000', 'Boston, Massachusetts')
>>> entry.place_span.of(doc.text)
'Boston, Massachusetts'
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

from filmgraph.errors import EncodingError, InputError, PageFormatError
from filmgraph.model import (
    CharacterEntry,
    Paragraph,
    PlotDocument,
    SettingEntry,
    Span,
    ThemeEntry,
    TimelineEntry,
    TraitEntry,
)

__all__ = [
    "MAX_PAGE_BYTES",
    "PLACE_NOUNS",
    "SECTIONS",
    "TIME_WORDS",
    "PlaceCues",
    "normalise_text",
    "parse_bytes",
    "parse_text",
    "read_document",
    "split_location",
]

#: The largest page :func:`read_document` reads unless told otherwise (5 MiB).
MAX_PAGE_BYTES = 5 * 1024 * 1024

#: Section names, in page order; ``PlotDocument.missing`` uses these names.
SECTIONS: tuple[str, ...] = (
    "summary",
    "timeline",
    "characters",
    "settings",
    "themes",
    "spoiler_free",
)

# --------------------------------------------------------------------------- normalisation

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """Normalise a page: the text every span of a :class:`PlotDocument` points into.

    Removes a leading byte-order mark, turns CRLF and lone CR into ``\\n``, deletes
    NUL and the other C0/C1 control characters except ``\\n`` and ``\\t``, and
    replaces lone surrogates with U+FFFD. Quotes, dashes and spaces are kept.

    Parameters
    ----------
    text : str
        The page as decoded.

    Returns
    -------
    str
        The normalised text.

    Examples
    --------
    >>> normalise_text("\\ufeffOne\\r\\nTwo\\rThree\\x00 ’quoted’")
    'One\\nTwo\\nThree ’quoted’'
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


# --------------------------------------------------------------------------- reading files

# Leading bytes of common binary formats a user may hand us by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x01\x00", "an icon file"),
)
_BINARY_PROBE = 8192


def read_document(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_PAGE_BYTES,
) -> PlotDocument:
    """Read and parse one plot page file.

    The size is checked before anything is read, so a huge file costs nothing.

    Parameters
    ----------
    path : str or path-like
        The page file.
    encoding : str, optional
        A codec to decode the bytes with; UTF-8 (with or without a byte-order
        mark) when not given.
    max_bytes : int, optional
        The largest file accepted, :data:`MAX_PAGE_BYTES` by default.

    Returns
    -------
    PlotDocument
        The parsed page; ``sha256`` is the digest of the file's bytes and
        ``source`` the path as given.

    Raises
    ------
    InputError
        The path is missing, a directory, not a regular file, unreadable, empty,
        whitespace only, binary, or larger than ``max_bytes``.
    EncodingError
        The bytes are not text in the expected encoding.
    PageFormatError
        The text holds no section filmgraph recognises.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> read_document(folder / "nothing.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    filmgraph.errors.InputError: .../nothing.txt: no such file
    >>> _ = (folder / "page.txt").write_text("Heist Timeline\\n\\nThe plan\\n", encoding="utf-8")
    >>> read_document(folder / "page.txt").title
    'Heist'
    """
    if max_bytes < 0:
        raise ValueError(f"max_bytes must not be negative, got {max_bytes}")
    p = Path(path)
    name = os.fspath(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except NotADirectoryError:
        raise InputError(f"{name}: no such file (a parent is not a folder)") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name}: is a directory, not a plot page file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{name}: not a regular file")
    if st.st_size > max_bytes:
        raise InputError(
            f"{name}: the file is {_size(st.st_size)}, larger than the limit of "
            f"{_size(max_bytes)} ({max_bytes} bytes)"
        )
    try:
        with p.open("rb") as fh:
            # One byte past the limit tells us if the file grew after stat().
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: the file is larger than the limit of {_size(max_bytes)} ({max_bytes} bytes)"
        )
    return parse_bytes(data, source=name, encoding=encoding)


def parse_bytes(
    data: bytes,
    *,
    source: str | None = None,
    encoding: str | None = None,
) -> PlotDocument:
    """Decode and parse a page given as bytes.

    Parameters
    ----------
    data : bytes
        The raw page.
    source : str, optional
        Where the bytes came from; starts every error message and is kept in
        ``PlotDocument.source``.
    encoding : str, optional
        A codec to decode with instead of UTF-8.

    Returns
    -------
    PlotDocument
        The parsed page; ``sha256`` is the digest of ``data``.

    Raises
    ------
    InputError
        Empty, whitespace only, or binary data, or an unknown codec.
    EncodingError
        The bytes do not decode.
    PageFormatError
        No section filmgraph recognises.

    Examples
    --------
    >>> parse_bytes("Heist Timeline\\n\\nThe plan\\n".encode()).title
    'Heist'
    >>> parse_bytes(b"Caf\\xe9 Timeline", source="cafe.txt")
    Traceback (most recent call last):
    ...
    filmgraph.errors.EncodingError: cafe.txt: not UTF-8 text (invalid byte 0xe9 at offset 3); pass --encoding to read it as another encoding
    >>> parse_bytes(b"Caf\\xe9 Timeline", encoding="cp1252").title
    'Café'
    """
    where = source if source is not None else "<bytes>"
    if not data:
        raise InputError(f"{where}: the file is empty")
    if encoding is None:
        _refuse_binary(data, where)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = data[exc.start]
            raise EncodingError(
                f"{where}: not UTF-8 text (invalid byte 0x{bad:02x} at offset {exc.start}); "
                "pass --encoding to read it as another encoding"
            ) from None
    else:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"{where}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            bad = data[exc.start]
            raise EncodingError(
                f"{where}: not {encoding} text (invalid byte 0x{bad:02x} at offset {exc.start})"
            ) from None
    return parse_text(text, source=source, sha256=hashlib.sha256(data).hexdigest())


def _refuse_binary(data: bytes, where: str) -> None:
    head = data[:_BINARY_PROBE]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EncodingError(
            f"{where}: UTF-16 text (it starts with a UTF-16 byte-order mark); "
            "pass --encoding utf-16 to read it"
        )
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"{where}: a binary file ({kind}), not a text page")
    if b"\x00" in head:
        offset = head.index(b"\x00")
        raise InputError(f"{where}: a binary file (NUL byte at offset {offset}), not a text page")


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


# --------------------------------------------------------------------------- lines


class _Line(NamedTuple):
    """One line of the normalised text, stripped; ``start``/``end`` bound the stripped text."""

    lineno: int
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            lines.append(_Line(i, start, start + len(stripped), stripped))
        else:
            lines.append(_Line(i, pos, pos, ""))
        pos += len(raw) + 1
    return lines


# --------------------------------------------------------------------------- page furniture

_KINDS = {
    "plot summary": "summary",
    "timeline": "timeline",
    "characters": "characters",
    "settings": "settings",
    "themes": "themes",
    "spoiler-free summary": "spoiler_free",
}
_HEADER = re.compile(
    r"^(?P<title>\S.*?)\s+(?P<kind>plot\s+summary|timeline|characters|settings|themes|"
    r"spoiler[\s\-\u2010\u2011\u2013]*free\s+summary)\s*:?$",
    re.IGNORECASE,
)
_QUIZ = re.compile(r"^test your knowledge of (?P<title>.+?) with our quiz\W*$", re.IGNORECASE)
_TITLE_YEAR = re.compile(r"^(?P<title>.+?)\s*\((?P<year>1[89]\d\d|20\d\d)\)$")
_LOGO = re.compile(r"^logo\b", re.IGNORECASE)
# Lines after which the rest, up to the next section header, is site furniture.
_STOP = re.compile(
    r"^(?:mobile app preview\b|coming soon on (?:ios|android)\b|can[’'`]?t find your movie\b|"
    r"movies with similar\b|©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4}|"
    r"sign up to be the first\b)",
    re.IGNORECASE,
)
_RIGHTS = re.compile(r"all rights reserved\.?$", re.IGNORECASE)
_BLURB_VERB = re.compile(
    r"^(?:read|follow|explore|learn|discover|get|uncover|find|see|meet|check|dive|browse|"
    r"view|here)\b",
    re.IGNORECASE,
)
_BLURB_WORD = re.compile(
    r"\b(?:summary|timeline|characters?|settings?|themes?|movie|film|plot)\b", re.IGNORECASE
)
_META = re.compile(
    r"^(?P<label>directed\s+by|made\s+by|director\s*:|directors\s*:)\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_YEAR_IN_VALUE = re.compile(r"\s*[(,·|–-]?\s*\(?(?P<year>1[89]\d\d|20\d\d)\)?\s*$")


@dataclass
class _Page:
    """The page cut into its parts, before the sections are read."""

    title: str
    title_span: Span
    sections: dict[str, list[_Line]] = field(default_factory=dict)
    blurbs: list[str] = field(default_factory=list)
    director: str | None = None
    made_by: str | None = None
    meta_year: int | None = None
    header_year: int | None = None


def _find_title(lines: Sequence[_Line]) -> tuple[str, Span, int | None] | None:
    """The film title: the prefix most section headers share (the quiz line votes too)."""
    votes: Counter[str] = Counter()
    kinds: dict[str, set[str]] = {}
    first: dict[str, tuple[_Line, int]] = {}
    for line in lines:
        if not line.text or len(line.text) > 300:
            continue
        m = _HEADER.match(line.text)
        if m:
            prefix = " ".join(m.group("title").split())
            key = prefix.casefold()
            kind = _KINDS[_kind_key(m.group("kind"))]
            if kind not in kinds.setdefault(key, set()):
                kinds[key].add(kind)
                votes[key] += 2
            first.setdefault(key, (line, m.start("title")))
            continue
        q = _QUIZ.match(line.text)
        if q:
            votes[" ".join(q.group("title").split()).casefold()] += 1
    candidates = [k for k in votes if k in first]
    if not candidates:
        return None
    best = max(candidates, key=lambda k: (votes[k], -first[k][0].lineno))
    line, offset = first[best]
    raw = _HEADER.match(line.text)
    if raw is None:  # pragma: no cover - matched above
        return None
    title = raw.group("title").strip()
    start = line.start + offset
    year = None
    ty = _TITLE_YEAR.match(title)
    if ty:
        title, year = ty.group("title"), int(ty.group("year"))
    return title, Span(start, start + len(title)), year


def _kind_key(kind: str) -> str:
    words = re.sub(r"[\s\-\u2010\u2011\u2013]+", " ", kind.casefold()).split()
    joined = " ".join(words)
    return "spoiler-free summary" if joined.startswith("spoiler") else joined


def _cut_page(lines: Sequence[_Line]) -> _Page:
    found = _find_title(lines)
    if found is None:
        raise _NoSection
    title, title_span, header_year = found
    page = _Page(title=title, title_span=title_span, header_year=header_year)
    folded = title.casefold()

    current: list[_Line] | None = None
    skip_value_for: str | None = None
    for line in lines:
        text = line.text
        if not text:
            if current is not None:
                current.append(line)
            continue
        if skip_value_for is not None:
            label, skip_value_for = skip_value_for, None
            if _is_meta_value(text) and not _HEADER.match(text):
                _set_meta(page, label, text)
                continue
        m = _HEADER.match(text) if len(text) <= 300 else None
        if m is not None:
            prefix = " ".join(m.group("title").split())
            ty = _TITLE_YEAR.match(prefix)
            if ty:
                prefix = ty.group("title")
            if prefix.casefold() == folded:
                kind = _KINDS[_kind_key(m.group("kind"))]
                # A repeated header continues its section rather than replacing it.
                current = page.sections.setdefault(kind, [])
                if current:
                    current.append(_Line(line.lineno, line.start, line.start, ""))
                continue
        if _QUIZ.match(text) or (_LOGO.match(text) and len(text.split()) <= 8):
            continue
        meta = _META.match(text)
        if meta is not None:
            label = meta.group("label").casefold()
            value = meta.group("value").strip()
            if not value:
                skip_value_for = label
                continue
            if _is_meta_value(value):
                _set_meta(page, label, value)
                continue
        if _STOP.match(text) or (_RIGHTS.search(text) and _words(text) <= 15):
            current = None
            continue
        if current is not None:
            current.append(line)
    return page


def _is_meta_value(value: str) -> bool:
    """A director or studio name: short, and starting like a name ("Directed by fear" is prose)."""
    return _words(value) <= 12 and (value[0].isupper() or value[0].isdigit())


def _set_meta(page: _Page, label: str, value: str) -> None:
    m = _YEAR_IN_VALUE.search(value)
    if m and m.start() > 0:
        if page.meta_year is None:
            page.meta_year = int(m.group("year"))
        value = value[: m.start()].strip()
    value = value.rstrip(" .,;:")
    if not value:
        return
    if label.startswith("made"):
        page.made_by = page.made_by or value
    else:
        page.director = page.director or value


def _is_blurb(text: str, title: str) -> bool:
    """A site blurb: names the title with its year, or invites the reader to read about it."""
    if re.search(re.escape(title) + r"\s*\((?:1[89]|20)\d\d\)", text):
        return True
    if _BLURB_VERB.match(text) and (
        title.casefold() in text.casefold() or _BLURB_WORD.search(text)
    ):
        return True
    return False


class _NoSection(Exception):
    pass


# --------------------------------------------------------------------------- emoji

_EMOJI_BASE = (
    "\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf"
    "\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf"
    "\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001faff"
)
_EMOJI_MOD = "\ufe0e\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_EMOJI_RUN = re.compile(f"[{_EMOJI_BASE}][{_EMOJI_BASE}{_EMOJI_MOD}\\s]*")
_EMOJI_START = re.compile(f"[{_EMOJI_BASE}]")
_TRAITS_LABEL = re.compile(r"^(?:traits?|personality|qualities)\s*:\s*", re.IGNORECASE)
_TRAIT_SEPARATORS = re.compile(r"[^,;·|•/]+")


def _is_emoji_only(text: str) -> bool:
    m = _EMOJI_RUN.match(text)
    return m is not None and m.end() == len(text)


def _emoji_runs(text: str) -> list[tuple[int, int]]:
    """Start and end of each emoji run (trailing spaces excluded)."""
    runs = []
    for m in _EMOJI_RUN.finditer(text):
        end = m.start() + len(m.group().rstrip())
        runs.append((m.start(), end))
    return runs


def _traits(line: _Line) -> tuple[TraitEntry, ...]:
    """Trait words of a line of emoji + words; the words between emoji are one trait."""
    text = line.text
    body_start = 0
    label = _TRAITS_LABEL.match(text)
    if label:
        body_start = label.end()
    runs = [r for r in _emoji_runs(text) if r[0] >= body_start]
    pieces: list[tuple[int, int, str | None]] = []
    cursor, emoji = body_start, None
    for start, end in runs:
        pieces.append((cursor, start, emoji))
        cursor, emoji = end, text[start:end]
    pieces.append((cursor, len(text), emoji))
    out: list[TraitEntry] = []
    for start, end, em in pieces:
        for m in _TRAIT_SEPARATORS.finditer(text, start, end):
            word = m.group()
            stripped = word.strip(" \t-–—:")
            if not stripped or not any(ch.isalnum() for ch in stripped):
                continue
            offset = m.start() + word.index(stripped)
            s = line.start + offset
            out.append(TraitEntry(stripped, Span(s, s + len(stripped)), em))
    return tuple(out)


# --------------------------------------------------------------------------- prose helpers

_SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*$")


def _words(text: str) -> int:
    return len(text.split())


def _is_prose(text: str) -> bool:
    """A line of running prose, as opposed to a short title, label or place line."""
    n = _words(text)
    return n >= 12 or (n >= 5 and _SENTENCE_END.search(text) is not None)


_NAME_PARTICLES = frozenset(
    "de da di del della der den du la le van von y bin al ibn of the and jr. jr sr. sr".split()
)


def _is_name_like(text: str) -> bool:
    """A short line that reads as a name: capitalised words, no sentence punctuation."""
    if len(text) > 60 or _EMOJI_START.search(text):
        return False
    words = text.split()
    if not 1 <= len(words) <= 6 or text[-1] in ".!?:;,":
        return False
    if not text[0].isupper():
        return False
    for w in words:
        core = w.strip("\"'“”‘’()")
        if not core:
            return False
        if not (core[0].isupper() or core[0].isdigit() or core.casefold() in _NAME_PARTICLES):
            return False
    return True


def _block_span(lines: Sequence[_Line]) -> Span:
    return Span(lines[0].start, lines[-1].end)


def _paragraphs(body: Sequence[_Line], text: str) -> tuple[Paragraph, ...]:
    """Runs of non-blank lines separated by blank lines."""
    out: list[Paragraph] = []
    block: list[_Line] = []
    for line in [*body, _Line(-1, 0, 0, "")]:
        if line.text:
            block.append(line)
        elif block:
            span = _block_span(block)
            out.append(Paragraph(span.of(text), span))
            block = []
    return tuple(out)


# --------------------------------------------------------------------------- sections


def _timeline_groups(
    items: Sequence[_Line],
) -> list[tuple[_Line | None, list[_Line], _Line | None]]:
    """Group timeline lines into (title, description lines, location) triples."""
    if not items:
        return []
    prose = [_is_prose(it.text) for it in items]
    n = len(items)
    if n % 3 == 0 and all(prose[i] == (i % 3 == 1) for i in range(n)):
        return [(items[i], [items[i + 1]], items[i + 2]) for i in range(0, n, 3)]
    if not any(prose):
        if n % 3 == 0:
            return [(items[i], [items[i + 1]], items[i + 2]) for i in range(0, n, 3)]
        return []
    # Anchor on the descriptions: consecutive prose lines are one description; the
    # short lines between two descriptions are the first one's location and the
    # next one's title.
    runs: list[tuple[bool, list[_Line]]] = []
    for it, is_p in zip(items, prose, strict=True):
        if runs and runs[-1][0] == is_p:
            runs[-1][1].append(it)
        else:
            runs.append((is_p, [it]))
    groups: list[tuple[_Line | None, list[_Line], _Line | None]] = []
    pending_title: _Line | None = None
    for i, (is_p, run) in enumerate(runs):
        if is_p:
            groups.append((pending_title, run, None))
            pending_title = None
            continue
        is_last = i == len(runs) - 1
        if not groups:
            pending_title = run[-1]
        elif is_last:
            t, d, _ = groups[-1]
            groups[-1] = (t, d, run[0])
        elif len(run) == 1:
            pending_title = run[0]
        else:
            t, d, _ = groups[-1]
            groups[-1] = (t, d, run[0])
            pending_title = run[-1]
    return groups


@dataclass
class _CharacterDraft:
    name: str
    name_span: Span
    actor: str | None = None
    actor_span: Span | None = None
    desc: list[_Line] = field(default_factory=list)
    traits: list[TraitEntry] = field(default_factory=list)
    closed: bool = False  # a trait line was seen: the next line starts a new character

    def entry(self, text: str) -> CharacterEntry:
        if self.desc:
            dspan = _block_span(self.desc)
        else:
            dspan = Span(self.name_span.end, self.name_span.end)
        return CharacterEntry(
            name=self.name,
            name_span=self.name_span,
            actor=self.actor,
            actor_span=self.actor_span,
            description=dspan.of(text),
            description_span=dspan,
            traits=tuple(self.traits),
        )


def _characters(items: Sequence[_Line], text: str) -> tuple[CharacterEntry, ...]:
    """``Name (Actor)`` headers, each with a description and a trait line."""
    drafts: list[_CharacterDraft] = []
    for it in items:
        t = it.text
        cur = drafts[-1] if drafts else None
        if _EMOJI_START.match(t) or _TRAITS_LABEL.match(t):
            if cur is not None:
                cur.traits.extend(_traits(it))
                cur.closed = True
            continue
        m = _CHAR_HEADER.match(t) if len(t) <= 160 else None
        if m is not None and _is_name_like(m.group("name")):
            ns = it.start + m.start("name")
            as_ = it.start + m.start("actor")
            actor = m.group("actor")
            drafts.append(
                _CharacterDraft(
                    m.group("name"),
                    Span(ns, ns + len(m.group("name"))),
                    actor,
                    Span(as_, as_ + len(actor)),
                )
            )
            continue
        starts_new = cur is None or cur.closed or bool(cur.desc)
        if starts_new and _is_name_like(t):
            drafts.append(_CharacterDraft(t, it.span))
            continue
        if cur is None or cur.closed:
            continue  # text that belongs to no character
        cur.desc.append(it)
    return tuple(d.entry(text) for d in drafts)


_CHAR_HEADER = re.compile(r"^(?P<name>[^()\[\]]+?)\s*\(\s*(?P<actor>[^()\[\]]*[^()\[\]\s])\s*\)$")
_PERIOD_LABEL = re.compile(
    r"^(?:time\s+period|period|era|time(?:\s+frame)?|when)\s*(?::\s*(?P<value>.+))?$",
    re.IGNORECASE,
)
_LOCATION_LABEL = re.compile(
    r"^(?:locations?|places?|where|setting)\s*(?::\s*(?P<value>.+))?$", re.IGNORECASE
)
_VALUE_ITEM = re.compile(r"[^;•|]+")


def _setting_values(line: _Line, offset: int) -> tuple[tuple[str, Span], ...]:
    out = []
    for m in _VALUE_ITEM.finditer(line.text, offset):
        raw = m.group()
        item = raw.strip(" \t.,")
        if not item:
            continue
        s = line.start + m.start() + raw.index(item)
        out.append((item, Span(s, s + len(item))))
    return tuple(out)


def _settings(items: Sequence[_Line], text: str) -> tuple[SettingEntry, ...]:
    out: list[SettingEntry] = []
    i = 0
    n = len(items)
    while i < n:
        t = items[i].text
        pm = _PERIOD_LABEL.match(t)
        lm = None if pm else _LOCATION_LABEL.match(t)
        m = pm or lm
        if m is None:
            i += 1
            continue
        kind: Literal["period", "location"] = "period" if pm else "location"
        i += 1
        if m.group("value"):
            values = _setting_values(items[i - 1], m.start("value"))
        elif i < n and not _is_setting_label(items[i].text) and not _is_emoji_only(items[i].text):
            values = _setting_values(items[i], 0)
            i += 1
        else:
            values = ()
        desc: list[_Line] = []
        while (
            i < n and not _is_setting_label(items[i].text) and not _EMOJI_START.match(items[i].text)
        ):
            desc.append(items[i])
            i += 1
        dspan = _block_span(desc) if desc else None
        out.append(
            SettingEntry(
                kind=kind,
                values=values,
                description=dspan.of(text) if dspan else "",
                description_span=dspan,
            )
        )
    return tuple(out)


def _is_setting_label(t: str) -> bool:
    return bool(_PERIOD_LABEL.match(t) or _LOCATION_LABEL.match(t))


@dataclass
class _ThemeDraft:
    name: str
    name_span: Span
    emoji: str | None
    desc: list[_Line] = field(default_factory=list)

    def entry(self, text: str) -> ThemeEntry:
        if self.desc:
            dspan = _block_span(self.desc)
        else:
            dspan = Span(self.name_span.end, self.name_span.end)
        return ThemeEntry(self.name, self.name_span, dspan.of(text), dspan, self.emoji)


def _themes(items: Sequence[_Line], text: str) -> tuple[ThemeEntry, ...]:
    """Themes: an optional emoji line, a name line, then the description."""
    drafts: list[_ThemeDraft] = []
    pending_emoji: str | None = None
    for it in items:
        t = it.text
        cur = drafts[-1] if drafts else None
        if _is_emoji_only(t):
            pending_emoji = "".join(t.split())
            continue
        runs = _emoji_runs(t)
        if runs and runs[0][0] == 0 and not _is_prose(t):
            # the emoji and the name on one line
            e_end = runs[0][1]
            rest = t[e_end:].strip()
            s = it.start + t.index(rest, e_end)
            drafts.append(_ThemeDraft(rest, Span(s, s + len(rest)), "".join(t[:e_end].split())))
            pending_emoji = None
            continue
        opens = pending_emoji is not None or cur is None
        if opens or (cur is not None and cur.desc and not _is_prose(t) and _words(t) <= 8):
            if _is_prose(t) and pending_emoji is None and cur is None:
                continue  # a description without a name
            drafts.append(_ThemeDraft(t, it.span, pending_emoji))
            pending_emoji = None
            continue
        if cur is not None:
            cur.desc.append(it)
    return tuple(d.entry(text) for d in drafts)


# --------------------------------------------------------------------------- time and place


#: Words that mark a time label (lower case): "Graduation *day*", "*Early* high school".
TIME_WORDS: frozenset[str] = frozenset(
    """
    day days daytime night nights nighttime tonight morning mornings evening evenings afternoon
    noon midday midnight dawn dusk daybreak sunrise sunset eve week weeks weekend weekends
    fortnight month months year years decade decades century season seasons semester term
    summer summers winter winters spring autumn fall midsummer midwinter solstice equinox
    holiday holidays vacation christmas xmas easter thanksgiving halloween hanukkah passover ramadan diwali birthday anniversary
    graduation childhood youth infancy adolescence boyhood girlhood teens
    early late later earlier before after during while until till since following
    then today tomorrow yesterday meanwhile once soon ago first last next final previous
    present past future flashback prologue epilogue o'clock am pm a.m. p.m. hours hour
    minutes moments moment time times age aged
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)
_FUNCTION_WORDS = frozenset(
    """
    the a an of at in on near to from by for with and or into onto outside inside behind
    beside across toward towards through around over under between his her their its my
    our your this that these those
    """.split()
)
#: Common nouns that name a kind of place (lower case): "Name's *home*", "Grave *site*".
PLACE_NOUNS: frozenset[str] = frozenset(
    """
    home house houses apartment flat room bedroom kitchen bathroom office school high
    college university academy campus classroom clinic hospital church chapel cemetery
    grave graves graveyard graveside tomb memorial park garden gardens street avenue road
    boulevard lane highway bridge station airport harbor harbour port dock docks beach lake
    river sea ocean island mountain mountains valley forest woods desert farm ranch stables
    stable barn camp town city village county state country hotel motel inn bar pub
    restaurant diner cafe café club store shop mall market factory warehouse prison jail
    court courthouse castle palace tower hall library museum theater theatre stadium arena
    gym field square plaza building headquarters base site garage yard backyard basement
    attic cabin lodge tent ship neighborhood neighbourhood suburb district area region
    coast shore cliff cave center centre temple mosque synagogue embassy cottage mansion
    estate manor trailer compound rink track pool lot residence quarters hideout mill
    forge pier wharf quay boatyard shipyard lighthouse mine shaft quarry green common
    meadow orchard vineyard yard porch gate gates hut shack saloon tavern bakery
    """.split()
)
_AREA_WORDS = ("area", "region", "vicinity", "surroundings", "environs")
_SEPARATOR_TOKEN = re.compile(r"^[\-–—|·:/•]+$")
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)(?:s|['’]s)?$|^['’]\d0s$")
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)(?:['’]s|s['’])$")
_EDGE_PUNCT = "\"'“”‘’()[]{},.;:!?"


def _core(token: str) -> str:
    """A token without edge punctuation and possessive ending."""
    core = token.strip(_EDGE_PUNCT)
    for suffix in ("'s", "’s"):
        if core.endswith(suffix):
            return core[: -len(suffix)]
    return core.rstrip("'’")


def _is_capitalised(token: str) -> bool:
    core = token.lstrip("\"'“‘(")
    return bool(core) and core[0].isupper()


@dataclass(frozen=True)
class PlaceCues:
    """What a page knows about its places and people, used to split timeline lines.

    ``places`` are names known to be places (from the Settings section, timeline
    lines and the prose); ``people`` are names of characters, which are never
    places and never times.

    Examples
    --------
    >>> cues = PlaceCues.build(["Boston, Massachusetts"], people=["Joe Rossi"])
    >>> sorted(cues.places)
    ['Boston', 'Boston, Massachusetts', 'Massachusetts']
    >>> cues.starts_with_place("Boston harbour at night")
    6
    """

    places: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    _by_first: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, places: Iterable[str], people: Iterable[str] = ()) -> PlaceCues:
        """Collect place names (with their comma parts and without a trailing "area")."""
        person_names: set[str] = set()
        for name in people:
            name = " ".join(name.split())
            if not name:
                continue
            person_names.add(name)
            for word in name.split():
                core = _core(word)
                if len(core) > 2 and core[0].isupper() and core.casefold() not in _HONORIFICS:
                    person_names.add(core)
        known: set[str] = set()
        for raw in places:
            for name in _place_variants(raw):
                if name in person_names or name.casefold() in TIME_WORDS:
                    continue
                if not name[0].isupper() and not name[0].isdigit():
                    continue
                known.add(name)
        by_first: dict[str, list[str]] = {}
        for name in known:
            by_first.setdefault(name.split()[0], []).append(name)
        frozen = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}
        return cls(frozenset(known), frozenset(person_names), frozen)

    def starts_with_place(self, text: str) -> int:
        """Length of the longest known place that ``text`` starts with (0 for none)."""
        if not text:
            return 0
        first = text.split(None, 1)[0]
        for candidate in (first, first.rstrip(",;:"), _core(first)):
            for name in self._by_first.get(candidate, ()):
                if text.startswith(name) and (
                    len(text) == len(name) or not text[len(name)].isalnum()
                ):
                    return len(name)
        return 0

    def contains_place(self, text: str) -> bool:
        """Whether a known place starts at any word of ``text``."""
        for m in _TOKEN.finditer(text):
            if self.starts_with_place(text[m.start() :]):
                return True
        return False

    def is_person(self, token: str) -> bool:
        return _core(token) in self.people


_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. sir lady lord".split())
_TOKEN = re.compile(r"\S+")


def _place_variants(raw: str) -> list[str]:
    name = " ".join(raw.split()).strip(" .;:")
    if not name:
        return []
    out = [name]
    words = name.split()
    if len(words) > 1 and words[-1].casefold() in _AREA_WORDS:
        out.append(" ".join(words[:-1]))
    if "," in name:
        parts = [p.strip() for p in name.split(",")]
        out.extend(p for p in parts if p)
    return [v for v in out if v and not _POSSESSIVE.match(v.split()[-1])]


def _time_score(tokens: Sequence[str]) -> tuple[int, bool]:
    """How much ``tokens`` read as a time label; 0 means they cannot be one.

    Returns the score and whether the label ends in a way that marks a boundary
    (a lower-case word, a year or a closing parenthesis).
    """
    if not tokens:
        return 0, False
    depth = 0
    cue = 0
    for i, tok in enumerate(tokens):
        outside = depth == 0 and not tok.startswith("(")
        depth += tok.count("(") + tok.count("[") - tok.count(")") - tok.count("]")
        if depth < 0:
            return 0, False
        core = _core(tok)
        if not core:
            return 0, False
        if _YEAR.match(core):
            cue = max(cue, 3)
            continue
        if core.casefold() in TIME_WORDS:
            cue = max(cue, 2)
        elif outside and i > 0 and core[0].isupper():
            return 0, False  # a capitalised word that is not a time word: a name
    if depth != 0:
        return 0, False
    last = tokens[-1]
    if last.endswith((")", "]")):
        cue += 1
    elif _core(last).casefold() in _FUNCTION_WORDS:
        return 0, False
    if cue < 2:
        return 0, False
    last_core = _core(last)
    boundary = (
        last.endswith((")", "]"))
        or bool(_YEAR.match(last_core))
        or (last_core[:1].islower() and len(tokens) > 1)
    )
    if len(tokens) == 1 and not _YEAR.match(_core(tokens[0])):
        boundary = False
    if _POSSESSIVE.match(tokens[-1].strip(_EDGE_PUNCT.replace("'", "").replace("’", ""))):
        return 0, False
    return cue, boundary


def _place_score(rest: str, cues: PlaceCues) -> int:
    """How much ``rest`` reads as the start of a place name; 0 means it cannot be one."""
    if not rest or (not _is_capitalised(rest) and not rest[0].isdigit()):
        return 0
    if cues.starts_with_place(rest):
        return 3
    tokens = rest.split()
    if rest[0].isdigit():
        return 0
    # "Name's room" / "Name Surname' house": an owner, then a common noun.
    for j, tok in enumerate(tokens[:4]):
        if not _is_capitalised(tok):
            break
        if _POSSESSIVE.match(tok.rstrip(",;:")) and j + 1 < len(tokens):
            owner = " ".join(tokens[: j + 1])
            owner = re.sub(r"(?:['’]s|['’])$", "", owner)
            return 3 if owner in cues.people or _core(tokens[0]) in cues.people else 2
    if cues.contains_place(rest) or any(_core(t).casefold() in PLACE_NOUNS for t in tokens):
        return 2
    return 1


def _starts_with_owner(text: str, cues: PlaceCues) -> bool:
    """``text`` starts with a character's possessive ("Name's ...")."""
    tokens = text.split()
    for j, tok in enumerate(tokens[:4]):
        if not _is_capitalised(tok):
            return False
        if _POSSESSIVE.match(tok.rstrip(",;:")):
            owner = re.sub(r"(?:['’]s|['’])$", "", " ".join(tokens[: j + 1]))
            return owner in cues.people or _core(tokens[0]) in cues.people
    return False


def split_location(line: str, cues: PlaceCues | None = None) -> tuple[str | None, str | None]:
    """Split a timeline location line into its time label and its place.

    The place must start where the line begins a known place, an owner's place
    ("Name's room") or a capitalised place-like phrase; the time must read as one
    (a year, time words such as *day*, *morning*, *during*, *early*, a
    parenthesised qualifier) and end cleanly. When in doubt the whole line is the
    place: a wrong time label is worse than a missing one.

    Parameters
    ----------
    line : str
        The joined line.
    cues : PlaceCues, optional
        What the page knows about its places and people.

    Returns
    -------
    tuple of (str or None, str or None)
        The time label and the place; either may be None.

    Examples
    --------
    >>> cues = PlaceCues.build(["Boston, Massachusetts", "Fenway Park"], people=["Joe Rossi"])
    >>> split_location("1999 Boston, Massachusetts", cues)
    ('1999', 'Boston, Massachusetts')
    >>> split_location("Opening night (charity gala) Fenway Park", cues)
    ('Opening night (charity gala)', 'Fenway Park')
    >>> split_location("Late winter Joe's garage, Boston", cues)
    ('Late winter', "Joe's garage, Boston")
    >>> split_location("Joe Rossi's apartment", cues)
    (None, "Joe Rossi's apartment")
    >>> split_location("Harbour pier / warehouse", cues)
    (None, 'Harbour pier / warehouse')
    """
    bounds = _split_bounds(line, cues or PlaceCues())
    time = line[bounds[0] : bounds[1]] if bounds[0] is not None else None
    place = line[bounds[2] : bounds[3]] if bounds[2] is not None else None
    return time, place


def _split_bounds(
    line: str, cues: PlaceCues
) -> tuple[int | None, int | None, int | None, int | None]:
    """Character bounds (time start, time end, place start, place end) within ``line``."""
    text = line.strip()
    if not text:
        return None, None, None, None
    lead = len(line) - len(line.lstrip())
    end = lead + len(text)
    toks = [(lead + m.start(), lead + m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if cues.starts_with_place(text) or _starts_with_owner(text, cues):
        return None, None, lead, end
    best: tuple[int, int] | None = None  # (score, k)
    for k in range(1, len(toks)):
        # separators between time and place ("1979 – Boston") belong to neither
        j = k
        while j > 0 and _SEPARATOR_TOKEN.match(toks[j - 1][2]):
            j -= 1
        if j == 0:
            continue
        if _SEPARATOR_TOKEN.match(toks[k][2]):
            continue
        time_tokens = [t[2] for t in toks[:j]]
        last = time_tokens[-1].rstrip(",;:")
        if not last:
            continue
        if last != time_tokens[-1]:
            # "X, Town" is a place form: a comma closes a time label only when the
            # label ends in a year or a time word ("Christmas morning, Town").
            core = _core(last)
            if not (_YEAR.match(core) or core.casefold() in TIME_WORDS):
                continue
        time_tokens[-1] = last
        t_score, boundary = _time_score(time_tokens)
        if not t_score:
            continue
        p_score = _place_score(line[toks[k][0] : end], cues)
        if not p_score:
            continue
        year_led = bool(_YEAR.match(_core(time_tokens[0])))
        # A closing parenthesis ends a time label as clearly as a year does.
        closed = time_tokens[-1].endswith((")", "]"))
        accept = (
            p_score == 3
            or (p_score == 2 and boundary)
            or (p_score == 1 and boundary and (year_led or closed))
        )
        if not accept:
            continue
        score = t_score + p_score
        if best is None or score > best[0]:
            best = (score, k)
    if best is not None:
        k = best[1]
        j = k
        while j > 0 and _SEPARATOR_TOKEN.match(toks[j - 1][2]):
            j -= 1
        t_end = toks[j - 1][1]
        while t_end > lead and line[t_end - 1] in ",;:":
            t_end -= 1
        return lead, t_end, toks[k][0], end
    tokens = [t[2] for t in toks]
    if _is_time_only(tokens):
        return lead, end, None, None
    return None, None, lead, end


def _is_time_only(tokens: Sequence[str]) -> bool:
    """A line that names a time and no place ("1979", "Later that night")."""
    if len(tokens) == 1 and _YEAR.match(_core(tokens[0])):
        return True
    score, _ = _time_score(tokens)
    if score < 2:
        return False
    return not any(_core(t).casefold() in PLACE_NOUNS for t in tokens)


# Place names the prose gives: capitalised phrases after a word of place or motion.
_CAP = r"[A-ZÀ-ÖØ-Þ][\w\-]*(?!['’\w])"
_PROSE_PLACE = re.compile(
    r"\b(?:in|at|near|to|from|into|outside|inside|around|toward|towards|through|across|"
    r"reach(?:es|ed)?|visit(?:s|ed|ing)?|join(?:s|ed)?|enter(?:s|ed)?|leave(?:s)?|left)\s+"
    rf"(?:the\s+)?(?P<name>{_CAP}(?:\s+(?:of|de|del|la|le|du|von|van|y)?\s*{_CAP}){{0,5}}"
    rf"(?:,\s+{_CAP}(?:\s+{_CAP}){{0,3}})?)"
)
_NAMED_PLACE = re.compile(
    rf"\b(?P<name>(?:{_CAP}\s+){{1,5}}(?:Park|School|Street|Avenue|Road|Boulevard|Hospital|Clinic|"
    r"Lake|River|Beach|City|County|Hotel|Church|Cemetery|Stadium|Center|Centre|Station|Airport|"
    r"Bridge|Valley|Island|Bay|Hall|Library|Academy|College|University|Prison|Ranch|Farm|"
    r"Harbor|Harbour|Square|Mall|Castle|Palace|Tower|Base|Heights|Hills)|"
    r"(?:Camp|Mount|Lake|Fort|Port|Saint|San|Santa|Los|Las|Glen)\s+" + _CAP + r")"
    r"(?!['’\w])"
)


_CUT_SHORT = re.compile(r"['’]|\s+[A-ZÀ-ÖØ-Þ]")


def _prose_places(texts: Iterable[str]) -> set[str]:
    """Capitalised phrases the prose uses as places ("at Camp X", "near Y Park")."""
    found: set[str] = set()
    for t in texts:
        for pattern in (_PROSE_PLACE, _NAMED_PLACE):
            for m in pattern.finditer(t):
                # A phrase cut short before a possessive ("the New Year's ...") is
                # part of a longer name, not a place.
                if _CUT_SHORT.match(t, m.end()):
                    continue
                found.add(m.group("name"))
    return {f for f in found if not any(_core(w).casefold() in TIME_WORDS for w in f.split())}


def _line_places(lines: Sequence[str]) -> set[str]:
    """Places the timeline lines show by themselves.

    A line that is the tail of another line is a place standing alone (the other
    line adds a time to it); the part after the last comma of a line is a town or
    region when it is a few capitalised words.
    """
    found: set[str] = set()
    whole = set(lines)
    for line in lines:
        for m in _TOKEN.finditer(line):
            if m.start() and line[m.start() :] in whole:
                found.add(line[m.start() :])
        if "," in line:
            tail = line.rsplit(",", 1)[1].strip()
            words = tail.split()
            if 1 <= len(words) <= 3 and all(_is_capitalised(w) for w in words):
                if not _EMOJI_START.search(tail) and not _POSSESSIVE.match(words[-1]):
                    found.add(tail)
    return found


# --------------------------------------------------------------------------- the page


def parse_text(
    text: str,
    *,
    source: str | None = None,
    sha256: str | None = None,
) -> PlotDocument:
    """Parse a plot page given as text.

    Parameters
    ----------
    text : str
        The page.
    source : str, optional
        Where the page came from (a path or URL); starts every error message.
    sha256 : str, optional
        The digest to record; by default the SHA-256 of ``text`` encoded as UTF-8.

    Returns
    -------
    PlotDocument
        The page's structure; spans point into ``PlotDocument.text``, the
        normalised page.

    Raises
    ------
    InputError
        The text is empty or whitespace only.
    PageFormatError
        No section header was found.

    Examples
    --------
    >>> doc = parse_text("Heist Characters\\n\\nJoe Rossi (Al Pacino)\\n\\nA safecracker.\\n\\n🔐 Careful 🧠 Clever\\n")
    >>> c = doc.characters[0]
    >>> c.name, c.actor, [t.name for t in c.traits], [t.emoji for t in c.traits]
    ('Joe Rossi', 'Al Pacino', ['Careful', 'Clever'], ['🔐', '🧠'])
    >>> parse_text("just some words", source="notes.txt")
    Traceback (most recent call last):
    ...
    filmgraph.errors.PageFormatError: notes.txt: no recognisable section (expected a header such as '<Title> Plot Summary' or '<Title> Timeline')
    """
    where = source if source is not None else "<text>"
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    norm = normalise_text(text)
    if not norm:
        raise InputError(f"{where}: the file is empty")
    if not norm.strip():
        raise InputError(f"{where}: the file holds only whitespace")
    lines = _split_lines(norm)
    try:
        page = _cut_page(lines)
    except _NoSection:
        raise PageFormatError(
            f"{where}: no recognisable section (expected a header such as "
            "'<Title> Plot Summary' or '<Title> Timeline')"
        ) from None

    bodies: dict[str, list[_Line]] = {}
    for kind, body in page.sections.items():
        items = [line for line in body if line.text]
        if items and _is_blurb(items[0].text, page.title):
            page.blurbs.append(items[0].text)
            body = [line for line in body if line.lineno != items[0].lineno]
        bodies[kind] = body

    def items_of(kind: str) -> list[_Line]:
        return [line for line in bodies.get(kind, ()) if line.text]

    summary = _paragraphs(bodies.get("summary", ()), norm)
    spoiler_free = _paragraphs(bodies.get("spoiler_free", ()), norm)
    characters = _characters(items_of("characters"), norm)
    settings = _settings(items_of("settings"), norm)
    themes = _themes(items_of("themes"), norm)
    groups = _timeline_groups(items_of("timeline"))

    people = [c.name for c in characters]
    setting_places = [v for s in settings if s.kind == "location" for v, _ in s.values]
    location_lines = [g[2].text for g in groups if g[2] is not None]
    prose = [p.text for p in summary]
    prose += [p.text for p in spoiler_free]
    prose += [_block_span(g[1]).of(norm) for g in groups if g[1]]
    prose += [s.description for s in settings]
    prose += [c.description for c in characters]
    cues = PlaceCues.build(
        [*setting_places, *_line_places(location_lines), *_prose_places(prose)],
        people=people,
    )
    timeline = tuple(
        _timeline_entry(i, group, cues, norm) for i, group in enumerate(groups, start=1)
    )

    year = page.header_year or _year_from(page.blurbs, page.title) or page.meta_year
    missing = tuple(s for s in SECTIONS if s not in page.sections)
    return PlotDocument(
        text=norm,
        sha256=sha256,
        source=source,
        title=page.title,
        title_span=page.title_span,
        year=year,
        summary=summary,
        timeline=timeline,
        characters=characters,
        settings=settings,
        themes=themes,
        spoiler_free=spoiler_free,
        director=page.director,
        made_by=page.made_by,
        missing=missing,
    )


def _year_from(blurbs: Sequence[str], title: str) -> int | None:
    pattern = re.compile(re.escape(title) + r"\s*\((?P<year>1[89]\d\d|20\d\d)\)")
    for blurb in blurbs:
        m = pattern.search(blurb)
        if m:
            return int(m.group("year"))
    return None


def _timeline_entry(
    index: int,
    group: tuple[_Line | None, list[_Line], _Line | None],
    cues: PlaceCues,
    text: str,
) -> TimelineEntry:
    title_line, desc, loc = group
    dspan = _block_span(desc) if desc else None
    if title_line is not None:
        title, tspan = title_line.text, title_line.span
    elif dspan is not None:
        # No title line: the description's first words stand in for one.
        words = list(_TOKEN.finditer(text, dspan.start, dspan.end))[:8]
        tspan = Span(words[0].start(), words[-1].end()) if words else Span(dspan.start, dspan.start)
        title = tspan.of(text)
    else:
        title, tspan = "", Span(0, 0)
    if dspan is None:
        dspan = Span(tspan.end, tspan.end)
    if loc is None:
        return TimelineEntry(
            index,
            title,
            tspan,
            dspan.of(text),
            dspan,
            "",
            Span(dspan.end, dspan.end),
            None,
            None,
            None,
            None,
        )
    ts, te, ps, pe = _split_bounds(loc.text, cues)
    time_label = time_span = place = place_span = None
    if ts is not None and te is not None:
        time_span = Span(loc.start + ts, loc.start + te)
        time_label = time_span.of(text)
    if ps is not None and pe is not None:
        place_span = Span(loc.start + ps, loc.start + pe)
        place = place_span.of(text)
    return TimelineEntry(
        index=index,
        title=title,
        title_span=tspan,
        description=dspan.of(text),
        description_span=dspan,
        location_line=loc.text,
        location_span=loc.span,
        time_label=time_label,
        time_span=time_span,
        place=place,
        place_span=place_span,
    )
