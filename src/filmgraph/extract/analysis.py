"""Who each sentence names: names, role and kinship phrases, pronouns, resolved to characters.

:func:`analyse_sentence` finds every mention of a character in one sentence and
resolves it against the :class:`~filmgraph.extract.cast.Cast`. Pronouns are
resolved conservatively: a pronoun points at a character only when exactly one
character of its gender is in view (earlier in the sentence, else the previous
sentence of the same segment, else the character a description is about).

The result keeps a *masked* copy of the sentence, in which every mention is
replaced by a placeholder ``\\x02N\\x03``; the relation rules are regular
expressions over that masked text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from filmgraph.extract.cast import Cast
from filmgraph.extract.lexicon import (
    BULLY_SUBJECTS,
    FUNCTION_WORDS,
    GROUP_KIN,
    GROUP_ROLES,
    KIN,
    KIN_COMPOUNDS,
    PRONOUNS,
    ROLE_NOUNS,
    STOP_CAPITALS,
    TITLE_GENDER,
    TITLES,
    UNIQUE_ROLES,
)
from filmgraph.extract.text import Sentence

__all__ = ["BULLY_AFTER", "BULLY_VERBS", "PH", "Analysed", "Context", "Hit", "analyse_sentence", "hit_at"]

_TITLE_ABBR = r"(?:Mr|Mrs|Ms|Mx|Dr|Prof|St|Capt|Lt|Sgt|Rev|Gen|Col)\."
_RUN = re.compile(
    rf"(?<![\w'-])(?:{_TITLE_ABBR}\s+)?[A-Z][\w'-]*(?:\s+(?:{_TITLE_ABBR}\s+)?[A-Z][\w'-]*)*"
)
_TOKEN = re.compile(r"\S+")
_HEADS = sorted(
    [*KIN, *KIN_COMPOUNDS, *GROUP_KIN, *ROLE_NOUNS, *BULLY_SUBJECTS, *GROUP_ROLES],
    key=lambda w: (-len(w), w),
)
_NOT_MOD = (
    "and|or|but|who|whom|whose|that|which|is|was|are|were|be|been|of|to|with|in|on|at|for|"
    "from|by|as|has|have|had|he|she|they|him|her|his|their|it|its|not|no|a|an|the|this|"
    "into|while|when|after|before|than|then|so|if|because"
)
_NP = re.compile(
    r"(?<![\w\x03'-])(?P<det>[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|\x02(?P<pos>\d+)\x03(?:'s|'))\s+"
    rf"(?P<mods>(?:(?!(?:{_NOT_MOD})\b)[a-z][a-z-]*,?\s+){{0,4}}?)"
    rf"(?P<head>{'|'.join(re.escape(h) for h in _HEADS)})(?P<poss>'s|')?(?![\w-])"
)
_PRONOUN = re.compile(r"(?<![\w\x03'-])(?:he|him|his|she|her|they|them|their)(?![\w'-])", re.I)
#: A placeholder for mention N in masked text.
PH = r"\x02(\d+)\x03"
BULLY_VERBS = (
    r"(?:bull(?:y|ies|ied|ying)|taunt(?:s|ed|ing)?|mock(?:s|ed|ing)?|teas(?:es|ed|ing)|"
    r"torment(?:s|ed|ing)?|harass(?:es|ed|ing)?|humiliat(?:es|ed|ing)|ridicul(?:es|ed|ing)|"
    r"pick(?:s|ed|ing)?\s+on|beat(?:s|ing)?\s+up)"
)
BULLY_AFTER = re.compile(rf"\s+(?:\w+ly\s+)?{BULLY_VERBS}\b")
_VERBISH = re.compile(
    r"\s+(?:\w+ly\s+)?(?:[a-z]+(?:es|s|ed)|is|was|has|had|can|could|will|would|must|says|tells)\b"
)
_GENDER_WORDS = {
    "boy": "m", "man": "m", "son": "m", "father": "m", "husband": "m", "brother": "m",
    "gentleman": "m", "widower": "m", "king": "m", "prince": "m", "grandfather": "m",
    "girl": "f", "woman": "f", "daughter": "f", "mother": "f", "wife": "f", "sister": "f",
    "lady": "f", "widow": "f", "queen": "f", "princess": "f", "grandmother": "f",
    "waitress": "f", "actress": "f", "seamstress": "f", "heroine": "f", "hero": "m",
}


@dataclass
class Hit:
    """One mention in a sentence; offsets are relative to the sentence text.

    ``kind`` is ``"name"`` (a proper name), ``"np"`` (a role, kinship or group
    phrase), ``"pronoun"`` or ``"run"`` (a capitalised run that names nobody
    known yet). ``owner`` is the possessor of a kinship phrase.
    """

    start: int
    end: int
    kind: str
    surface: str
    key: str | None = None
    possessive: bool = False
    det: str | None = None
    head: str | None = None
    owner: str | None = None
    gender: str | None = None
    title: str | None = None
    nested: list[Hit] = field(default_factory=list)


@dataclass
class Analysed:
    """A sentence with its mentions, resolved, and the masked text the rules read."""

    sentence: Sentence
    hits: list[Hit]
    masked: str
    subject: str | None = None

    @property
    def keys(self) -> list[str]:
        """Characters mentioned, in order, possessors included, each once."""
        seen: list[str] = []
        for h in self.hits:
            for k in [*(n.key for n in h.nested if n.key), h.key]:
                if k and k not in seen:
                    seen.append(k)
        return seen


@dataclass
class Context:
    """What pronoun resolution may look at beyond the sentence."""

    previous: Analysed | None = None
    owner: str | None = None  # the character a description is about
    subject: str | None = None  # the subject of the sentence being read, once known
    #: gender -> (character, offset): whom the last resolved pronoun of that gender meant.
    anchors: dict[str, tuple[str, int]] = field(default_factory=dict)
    text: str = ""


def hit_at(a: Analysed, index: str | int) -> Hit:
    """The mention behind placeholder ``index`` of ``a.masked``."""
    return a.hits[int(index)]


class Reader:
    """Per-document facts the analyser needs: words seen in lower case, place and title words."""

    def __init__(self, lower_words: set[str], excluded_words: set[str]) -> None:
        self.lower_words = lower_words
        self.excluded = excluded_words
        # The page is read more than once; what does not depend on the cast is kept.
        self.runs: dict[str, list[_Run]] = {}
        self.pronouns: dict[str, list[tuple[int, int, str]]] = {}
        self.np_matches: dict[str, list[tuple[int, int, str, str | None, str, bool, str]]] = {}

    def plausible_name(self, tokens: list[str]) -> bool:
        """Could these capitalised tokens be a person's name never seen before?"""
        if not 1 <= len(tokens) <= 3:
            return False
        for t in tokens:
            low = t.lower()
            if not re.fullmatch(r"[A-Z][a-z][a-z'-]*", t):
                return False
            if low in STOP_CAPITALS or low in self.lower_words or low in self.excluded:
                return False
            if low in TITLES or low in ROLE_NOUNS:
                return False
        return True


def _strip_possessive(token: str) -> tuple[str, bool]:
    if token.endswith("'s"):
        return token[:-2], True
    if token.endswith("s'"):
        return token[:-1], True
    return token, False


class _Run:
    """A capitalised run of a sentence, with what matching it needs precomputed."""

    __slots__ = ("end", "lows", "possessive", "starts", "suffixes", "titled", "words")

    def __init__(self, run: list[tuple[str, int]]) -> None:
        words = [w for w, _ in run]
        last, self.possessive = _strip_possessive(words[-1])
        words[-1] = last.rstrip(",;:")
        self.end = run[-1][1] + len(last)
        self.words = words
        self.starts = [at for _, at in run]
        # Every tail of the run, longest first: "Captain Elias Hale", "Elias Hale", "Hale".
        self.suffixes = [" ".join(words[i:]) for i in range(len(words))]
        self.lows = [w.rstrip(".").lower() for w in words]
        self.titled = [len(words) - i > 1 and low in TITLES for i, low in enumerate(self.lows)]


def _name_hits(text: str, cast: Cast, reader: Reader) -> list[Hit]:
    """Proper names: capitalised runs matched against the cast's name variants."""
    hits: list[Hit] = []
    runs = reader.runs.get(text)
    if runs is None:
        raw: list[list[tuple[str, int]]] = []
        for m in _RUN.finditer(text):
            # A possessive inside a run ends a name: "Nell's Riders".
            run: list[tuple[str, int]] = []
            for t in _TOKEN.finditer(m.group(0)):
                run.append((t.group(0), m.start() + t.start()))
                if _strip_possessive(t.group(0))[1]:
                    raw.append(run)
                    run = []
            if run:
                raw.append(run)
        runs = reader.runs[text] = [_Run(r) for r in raw]
    for r in runs:
        hit = _match_run(text, r, cast, reader)
        if hit is not None:
            hits.append(hit)
    return hits


def _match_run(text: str, run: _Run, cast: Cast, reader: Reader) -> Hit | None:
    words = run.words
    n = len(words)
    i = 0
    while i < n:
        key = cast.name_key(run.suffixes[i])
        title = None
        if key is None and run.titled[i]:
            key = cast.name_key(run.suffixes[i + 1])
            title = words[i].rstrip(".") if key else None
        if key is not None:
            start = run.starts[i]
            if text[max(0, start - 4) : start].lower() == "the " and title is None:
                return None  # "the Calloway boatyard": a name used as a modifier
            return Hit(start, run.end, "name", text[start : run.end], key=key,
                       possessive=run.possessive, title=title)
        low = run.lows[i]
        if low in FUNCTION_WORDS or (low in reader.lower_words and not cast.knows_name(words[i])):
            i += 1
            continue
        break
    if i >= n:
        return None
    start = run.starts[i]
    if text[max(0, start - 4) : start].lower() == "the ":
        return None
    return Hit(start, run.end, "run", text[start : run.end], possessive=run.possessive)


def _place_nps(text: str, base: list[Hit], reader: Reader) -> list[Hit]:
    """Role, kinship and group phrases, with offsets in ``text``; ``base`` mentions may own them."""
    back = _offset_map(text, base)
    out = []
    for ms, me, hit in _np_hits(_mask(text, base), base, reader):
        hit.start, hit.end = back(ms), back(me)
        if hit.possessive:
            hit.end -= 2 if text[hit.start : hit.end].endswith("'s") else 1
        hit.surface = text[hit.start : hit.end]
        out.append(hit)
    return out


def _np_hits(masked: str, base: list[Hit], reader: Reader) -> list[tuple[int, int, Hit]]:
    """Role, kinship and group phrases in text where names are already masked."""
    found = reader.np_matches.get(masked)
    if found is None:
        found = [
            (m.start(), m.end(), m.group("det"), m.group("pos"), m.group("head"),
             m.group("poss") is not None, m.group(0))
            for m in _NP.finditer(masked)
        ]
        reader.np_matches[masked] = found
    out = []
    for start, end, det, pos, head, poss, surface in found:
        nested = []
        if pos is not None:
            nested = [base[int(pos)]]
            det = "'s"
        hit = Hit(0, 0, "np", surface, det=det.lower(), head=head, possessive=poss, nested=nested)
        out.append((start, end, hit))
    return out


def _mask(text: str, hits: list[Hit]) -> str:
    """Replace mentions by placeholders; a pronoun nobody could be found for stays a word."""
    parts = []
    pos = 0
    for i, h in enumerate(hits):
        if h.kind == "pronoun" and h.key is None:
            continue
        parts.append(text[pos : h.start])
        parts.append(f"\x02{i}\x03")
        pos = h.end
    parts.append(text[pos:])
    return "".join(parts)


def analyse_sentence(sentence: Sentence, cast: Cast, reader: Reader, ctx: Context) -> Analysed:
    """Find and resolve every mention in ``sentence``."""
    text = sentence.text
    names = _name_hits(text, cast, reader)
    nps = _place_nps(text, names, reader)
    owned = [h for h in nps if h.possessive]
    if owned:
        # A phrase owned by a phrase: "the landlord's son".
        first = sorted(names + owned, key=lambda h: h.start)
        nps += [h for h in _place_nps(text, first, reader) if h.nested and any(h.nested[0] is o for o in owned)]
    nested = {id(h.nested[0]) for h in nps if h.nested}
    items: list[Hit] = [h for h in names + nps if id(h) not in nested]
    taken = [(h.start, h.end) for h in items]
    pronouns = reader.pronouns.get(text)
    if pronouns is None:
        pronouns = reader.pronouns[text] = [(m.start(), m.end(), m.group(0))
                                            for m in _PRONOUN.finditer(text)]
    for s, e, surface in pronouns:
        if any(a <= s < b for a, b in taken):
            continue
        word = surface.lower()
        items.append(Hit(s, e, "pronoun", surface, possessive=word in ("his", "their")
                         or (word == "her" and _possessive_her(text, e)), gender=PRONOUNS[word]))
    items.sort(key=lambda h: (h.start, -h.end))
    # Resolve left to right: a pronoun may lean on what came before it.
    done: list[Hit] = []
    ctx = Context(ctx.previous, ctx.owner, text=text)
    for h in items:
        if h.kind == "np":
            _resolve_np(h, text, done, cast, ctx)
            if h.owner and not h.nested and h.det in ("his", "her", "their"):
                ctx.anchors[PRONOUNS[h.det]] = (h.owner, h.start)
        elif h.kind == "pronoun":
            h.key = _resolve_pronoun(h.gender, done, cast, ctx, h)
            if h.key and h.gender:
                ctx.anchors[h.gender] = (h.key, h.start)
        if ctx.subject is None and h.key and not h.possessive and not any(d.key for d in done):
            if _LEAD_TEXT.match(text[: h.start]):
                ctx.subject = h.key
        done.append(h)
    masked = _mask(text, done)
    a = Analysed(sentence, done, masked)
    a.subject = _subject(a)
    return a


def _offset_map(text: str, hits: list[Hit]) -> Callable[[int], int]:
    """A function from offsets in the masked text to offsets in ``text``."""
    marks: list[tuple[int, int, int, int]] = []  # masked start, masked end, start, end
    mpos = 0
    prev_end = 0
    for i, h in enumerate(hits):
        mpos += h.start - prev_end
        ph = len(f"\x02{i}\x03")
        marks.append((mpos, mpos + ph, h.start, h.end))
        mpos += ph
        prev_end = h.end

    def back(mo: int) -> int:
        delta = 0
        for ms, me, _, e in marks:
            if mo >= me:
                delta = e - me
            elif mo > ms:
                return e
            else:
                break
        return mo + delta

    return back


def _possessive_her(text: str, end: int) -> bool:
    """Is this "her" a determiner ("her parents") rather than an object ("forbid her")?"""
    m = re.match(r"\s+([a-z][a-z-]*)", text[end:])
    if not m:
        return False
    nxt = m.group(1)
    return nxt not in {
        "from", "to", "and", "or", "in", "on", "at", "with", "for", "about", "as", "that",
        "back", "away", "up", "down", "out", "off", "into", "again", "when", "while",
        "because", "before", "after", "until", "through", "over", "by", "how", "what",
        "a", "an", "the", "is", "was", "so", "but", "if", "whether",
    }


def _resolve_np(h: Hit, text: str, before: list[Hit], cast: Cast, ctx: Context) -> None:
    head = h.head or ""
    det = h.det or ""
    owner: str | None = None
    if h.nested:
        if h.nested[0].kind == "np" and h.nested[0].key is None:
            _resolve_np(h.nested[0], text, before, cast, ctx)
        owner = h.nested[0].key
    elif det in ("his", "her", "their"):
        owner = _resolve_pronoun(PRONOUNS[det], before, cast, ctx, h)
    h.owner = owner
    if head in KIN or head in KIN_COMPOUNDS:
        if det in ("'s", "his", "her", "their"):
            h.key = cast.kin_key(owner, head)
        elif det == "the":
            h.key = cast.role_phrase_key(h.surface)
        info = KIN.get(head) or KIN_COMPOUNDS.get(head)
        h.gender = info[2] if info else None
        return
    if head in GROUP_KIN:
        if owner is not None:
            h.key = cast.groups.get((owner, head))
        return
    if det in ("a", "an"):
        if head in BULLY_SUBJECTS or head == "bully":
            if BULLY_AFTER.match(text, h.end) or head == "bully":
                h.key = cast.role_key("bully")
            return
        key = cast.role_key(head)
        m = cast.get(key)
        h.key = key if m is not None and (m.unnamed or head in UNIQUE_ROLES) else None
        return
    h.key = cast.role_phrase_key(h.surface)
    if h.key is None and det == "the" and head in ROLE_NOUNS:
        h.key = cast.role_key(head)


def _gendered(keys: list[str], gender: str | None, cast: Cast) -> list[str]:
    out: list[str] = []
    for k in keys:
        m = cast.get(k)
        if m is None or k in out:
            continue
        if gender == "p":
            if m.kind == "group":
                out.append(k)
        elif m.kind != "group" and (m.gender == gender or (m.gender is None and not m.unnamed)):
            # A named person of unknown gender could be either: they make a pronoun ambiguous.
            out.append(k)
    return out


def _resolve_pronoun(gender: str | None, before: list[Hit], cast: Cast, ctx: Context,
                     hit: Hit) -> str | None:
    # The owner of "his mother" is in view as much as the mother is.
    here = [k for h in before for k in [*(n.key for n in h.nested), h.owner, h.key] if k]
    found = _gendered(here, gender, cast)
    if len(found) == 1:
        return found[0]
    if found:
        # Several in view: a possessive or a subject pronoun leans on the clause's subject.
        word = hit.surface.lower() if hit.kind == "pronoun" else (hit.det or "")
        if word in ("his", "her", "their", "he", "she") and ctx.subject in found:
            return ctx.subject
        # Else a possessive or an object goes on meaning whom an earlier pronoun of the
        # sentence meant ("Nell, his mother, Hob, her partner, ... accept him"), unless
        # another candidate has since opened a clause as its subject.
        anchor = ctx.anchors.get(gender or "")
        if (word in ("his", "her", "him", "their", "them") and anchor is not None
                and anchor[0] in found and not _intervenes(anchor, found, before, ctx.text)):
            return anchor[0]
        return None
    if gender == "p":
        return None  # "they" only for a group named in the same sentence
    prev = ctx.previous
    if prev is not None:
        there = _gendered(prev.keys, gender, cast)
        if len(there) == 1:
            return there[0]
        if there:
            # Only a subject or a possessive carries the topic over; an object does not.
            word = hit.surface.lower() if hit.kind == "pronoun" else (hit.det or "")
            if word in ("he", "she", "his", "her") and not (word == "her" and not hit.possessive
                                                              and hit.kind == "pronoun"):
                return prev.subject if prev.subject in there else None
            return None
    if ctx.owner is not None and _gendered([ctx.owner], gender, cast):
        return ctx.owner
    return None


def _intervenes(anchor: tuple[str, int], found: list[str], before: list[Hit], text: str) -> bool:
    """Has a candidate other than ``anchor`` become a clause's subject since the anchor?"""
    key, at = anchor
    for h in before:
        if h.start <= at or not h.key or h.key == key or h.key not in found or h.possessive:
            continue
        if _CLAUSE_OPENER.search(text, 0, h.start) and _VERBISH.match(text, h.end):
            return True
    return False


_CLAUSE_OPENER = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but|when|while|after|as|then|until|before|so)\s+)$")
_LEAD_TEXT = re.compile(r"^(?:[^,]{0,80},\s*|[A-Z][a-z]+\s+)?$")
_LEAD = re.compile(r"^(?:[^\x02]{0,80},\s*|[A-Z][a-z]+\s+)?$")


def _subject(a: Analysed) -> str | None:
    """The character a sentence is about: its first mention, when that opens the clause."""
    for i, h in enumerate(a.hits):
        if h.key is None:
            continue
        pos = a.masked.find(f"\x02{i}\x03")
        if h.possessive or not _LEAD.match(a.masked[:pos]):
            return None
        return h.key
    return None


def gender_word(text: str) -> str | None:
    """The gender a noun phrase tells (``a blind teenage girl`` -> ``"f"``)."""
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in _GENDER_WORDS:
            return _GENDER_WORDS[w]
    return None


def title_gender(title: str | None) -> str | None:
    return TITLE_GENDER.get(title.rstrip(".").lower()) if title else None


def verbish_after(masked: str, pos: int) -> bool:
    """Does a verb-looking word follow position ``pos``?"""
    return _VERBISH.match(masked, pos) is not None
