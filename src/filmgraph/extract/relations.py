"""Relations between characters: family ties from kinship phrases, influence from verbs.

Three kinds of rule, each naming itself in the evidence:

* **kinship** (``kinship-apposition``, ``kinship-description``...): a kinship
  phrase resolved to a character (``his mother, Nell``; ``Jem's grandfather``
  opening Orrin's description; ``Hob is Jem's father figure``);
* **verb** (``verb-teaches``...): a subject, an influence verb, an object, all
  resolved to characters (``Lottie mentors Ada``; ``forbids Ada from``). The
  subject of a coordinated or participial verb is the clause's subject. A
  negated verb says nothing; a hedged killing (``nearly kills``, ``tries to
  kill``, ``claims that``) is no killing, and a death (``dies``) never is one;
* **pair** (``pair-romantic``...): two characters doing something together
  (``Nora and Finn share their first kiss``; ``the two fall in love``).

One relation per (source, kind, target) is kept, with its best evidence and the
events of every sentence that stated it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filmgraph.extract.analysis import BULLY_VERBS, PH, Analysed, hit_at
from filmgraph.extract.cast import Cast
from filmgraph.extract.characters import Reading
from filmgraph.extract.lexicon import GROUP_KIN, KIN, KIN_COMPOUNDS
from filmgraph.model import SYMMETRIC_KINDS, Evidence, Relation

__all__ = ["extract_relations", "sentence_relations"]

_FILL = (
    r"(?:\s+(?:also|quietly|still|then|finally|soon|even|openly|secretly|repeatedly|constantly|"
    r"continually|immediately|eventually|gradually|again|always|often|later|now|actually|"
    r"really|just|first|instead|fiercely|lovingly|gently|patiently|desperately|"
    r"begins?(?:\s+to)?|began(?:\s+to)?|starts?(?:\s+to)?|started(?:\s+to)?|"
    r"continues?(?:\s+to)?|keeps?\s+on|tries\s+to|tried\s+to|try\s+to|trying\s+to|"
    r"attempts?\s+to|decides?\s+to|decided\s+to|wants?\s+to|agrees?\s+to|helps?\s+to|"
    r"has|have|had|is|was|are|were|will|would|can|could|does|did|do|"
    r"not|never|no\s+longer|refuses\s+to|refused\s+to|fails\s+to|failed\s+to|"
    r"nearly|almost|plans?\s+to|threatens?\s+to|would\s+rather|must|"
    r"\w+ly))*"
)
_NEGATION = re.compile(r"\b(?:not|never|no\s+longer|refuses\s+to|refused\s+to|fails\s+to|failed\s+to)\b")
_HEDGE = re.compile(
    r"\b(?:nearly|almost|tries\s+to|tried\s+to|try\s+to|trying\s+to|attempts?\s+to|plans?\s+to|"
    r"wants?\s+to|threatens?\s+to|would|could|claim\w*|accus\w*|alleg\w*|suspect\w*|"
    r"rumou?r\w*|believes?|thinks?|fears?)\b"
)


@dataclass(frozen=True)
class _Verb:
    kind: str
    pattern: re.Pattern[str]
    possessive_object: bool = False
    needs_from: bool = False
    inherit: bool = True  # may take the clause's subject ("..., and teaches Ada")


def _v(kind: str, verbs: str, *, poss: bool = False, from_: bool = False,
       inherit: bool = True, prep: str = "") -> _Verb:
    obj = rf"\s+{prep}(?:the\s+)?{PH}(?P<poss>'s|')?"
    return _Verb(kind, re.compile(rf"\b(?:{verbs}){obj}"), poss, from_, inherit)


_VERBS: tuple[_Verb, ...] = (
    _v("kills", r"shoots?\s+and\s+kills|shot\s+and\s+killed|kills|killed|killing|murders?|"
       r"murdered|murdering|stabs?\s+to\s+death|stabbed\s+to\s+death|strangles?|strangled|"
       r"poisons?|poisoned|executes?|executed|assassinates?|assassinated|slays?|slew|"
       r"shoots?\s+dead|shot\s+dead|beats?\s+to\s+death|beat\s+to\s+death", inherit=False),
    _v("bullies", BULLY_VERBS, poss=True),
    _v("forbids", r"forbids?|forbade|forbidding|bans?|banned|bars?|barred|prohibits?|prohibited"),
    _v("forbids", r"keeps?|kept|keeping|prevents?|prevented|preventing|stops?|stopped",
       from_=True),
    _v("teaches", r"teach(?:es|ing)?|taught|tutors?|tutored|tutoring|trains?|trained|training|"
       r"coach(?:es|ed|ing)|instructs?|instructed|instructing"),
    _v("mentors", r"mentors?|mentored|mentoring|guides?|guided|guiding"),
    _v("helps", r"help(?:s|ed|ing)?|assists?|assisted|assisting|aids?|aided|aiding|rescues?|"
       r"rescued|rescuing|saves?|saved|saving|nurses?|nursed|shelters?|sheltered"),
    _v("supports", r"supports?|supported|supporting|defends?|defended|defending|protects?|"
       r"protected|protecting|encourages?|encouraged|encouraging|comforts?|comforted|backs|"
       r"backed|backing|champions?|championed|stands?\s+(?:up\s+for|by)|stood\s+(?:up\s+for|by)|"
       r"covers?\s+for|covered\s+for|covering\s+for|cares?\s+for|cared\s+for|caring\s+for|"
       r"looks?\s+after|looked\s+after|believes?\s+in|"
       r"(?:fights?|fought|fighting|battles?|battled|battling)\s+(?:hard\s+)?(?:to\s+[a-z]+|for)|"
       r"devoted\s+to(?:\s+[a-z]+ing)?", poss=True),
    _v("opposes", r"oppos(?:es|e|ed|ing)|resists?|resisted|resisting|confronts?|confronted|"
       r"confronting|clash(?:es|ed|ing)?\s+with|(?:fights?|fought|fighting)\s+against|"
       r"battles?\s+against|defies|defied|defying|blames?|blamed|blaming|accuses?|accused|"
       r"accusing|testif(?:ies|ied|y|ying)\s+against|turns?\s+against|turned\s+against|"
       r"betrays?|betrayed|betraying|threatens?|threatened|threatening|sabotages?|sabotaged|"
       r"attacks?|attacked|attacking|frames?|framed|denounces?|denounced|sues?|sued|"
       r"exposes?|exposed|exposing|stands?\s+up\s+to|stood\s+up\s+to|rejects?|rejected|"
       r"rejecting|evicts?|evicted|fires?\s+at|fired\s+at|shoots?\s+at|shot\s+at", poss=True),
    _v("romantic", r"falls?\s+(?:in\s+love\s+with|for)|fell\s+(?:in\s+love\s+with|for)|"
       r"kiss(?:es|ed)|dates|dated|romances?|romanced|seduces?|seduced|courts?|courted"),
    _v("partner_of", r"marries|married|weds|wedded"),
    _v("friend_of", r"befriends?|befriended|(?:makes?|made|becomes?|became)\s+friends\s+with"),
    _v("rivals", r"competes?\s+(?:with|against)|competed\s+(?:with|against)"),
)

# A cheap test that a sentence may hold a relation verb at all.
_ANY_VERB = re.compile(
    "|".join(v.pattern.pattern.split(r"\s+(?:the", 1)[0].replace(r"(?:the\s+)?", "") for v in _VERBS)
)
_SUBJECT = re.compile(PH + r"(?P<poss>'s|')?(?:\s*,[^,\x02]{1,80},|,)?(?P<fill>" + _FILL + r")\s*$")
_CLAUSE_OPEN = re.compile(
    r"(?:^|[,;:(\u2014-]\s*|\x03\s*|\b(?:and|but|or|when|while|as|after|before|because|since|until|"
    r"that|so|then|if|though|although|once|where|whom|who)\s+|^[A-Z][a-z]+\s+)$"
)
_RELATIVE = re.compile(
    PH + r"(?:\s*,?\s+(?:who|that)|\s+(?:of|at|from|in)\s+[^,\x02]{1,40},\s+who)(?P<fill>" + _FILL
    + r")\s*$"
)
_COORD = re.compile(r"(?:,\s*(?:and\s+|but\s+|then\s+)?|\s+(?:and|but|then)\s+)(?P<fill>" + _FILL
                    + r")\s*$")
_PASSIVE_KILL = re.compile(
    PH + r"\s+(?:is|was|gets|got|has\s+been)\s+(?:\w+ly\s+)?(?:killed|murdered|shot\s+dead|"
    r"stabbed\s+to\s+death|strangled|poisoned|executed|assassinated)\s+by\s+(?:the\s+)?" + PH
)
_PAIR_PH = re.compile(
    PH + r"\s+and\s+" + PH + r"(?:'s|')?(?P<rest>" + _FILL + r"\s+[^.;]{0,60})"
)
_PAIR_WORDS = re.compile(
    r"(?:^|\b)(?:the\s+two|the\s+pair|the\s+couple|they|both)\b(?P<rest>" + _FILL + r"\s+[^.;]{0,60})",
    re.I,
)
_THEIR_KISS = re.compile(r"\btheir\s+first\s+kiss\b", re.I)
_PAIR_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("romantic", re.compile(r"^\s*(?:fall|fell|falls|are\s+falling)\s+in\s+love|^\s*(?:share|shared|"
                            r"sharing)\s+(?:their|a)\s+(?:first\s+)?kiss|^\s*kiss(?:ed)?\b|"
                            r"^\s*(?:are|were|become|became)\s+(?:\w+\s+)?(?:lovers|sweethearts)")),
    ("partner_of", re.compile(r"^\s*(?:marry|married|get\s+married|got\s+married|wed)\b")),
    ("friend_of", re.compile(r"^\s*(?:are|were|become|became)\s+(?:\w+\s+)?friends\b")),
    ("rivals", re.compile(r"^\s*(?:are|were|become|became)\s+(?:\w+\s+)?rivals\b")),
    ("opposes", re.compile(r"^\s*(?:are|were|become|became)\s+(?:\w+\s+)?enemies\b")),
)
_SUPPORTIVE = re.compile(r"\b(?:supportive|protective|devoted|nurturing|caring)\b", re.I)


class _Collector:
    def __init__(self) -> None:
        self.found: dict[tuple[str, str, str], tuple[Evidence, set[int]]] = {}

    def add(self, source: str | None, kind: str, target: str | None, evidence: Evidence,
            event: int | None) -> None:
        if not source or not target or source == target:
            return
        if kind in SYMMETRIC_KINDS and target < source:
            source, target = target, source
        key = (source, kind, target)
        old = self.found.get(key)
        events = set(old[1]) if old else set()
        if event is not None:
            events.add(event)
        best = evidence
        if old is not None and (old[0].confidence, -old[0].span.start) >= (
            evidence.confidence, -evidence.span.start
        ):
            best = old[0]
        self.found[key] = (best, events)

    def relations(self) -> tuple[Relation, ...]:
        out = []
        for (s, kind, t), (ev, events) in sorted(self.found.items()):
            out.append(Relation(s, t, kind, kind not in SYMMETRIC_KINDS, ev, tuple(sorted(events))))
        return tuple(out)


def extract_relations(reading: Reading) -> tuple[Relation, ...]:
    """Every relation the prose states, one per (source, kind, target)."""
    cast = reading.cast
    out = _Collector()
    for link in cast.kin_links:
        _kin(out, cast, link.owner, link.noun, link.member, link.evidence, link.event)
    for seg, sentences in reading.segments:
        event = seg.owner if seg.kind in ("event", "event-title") and isinstance(seg.owner, int) else None
        owner = reading.owner_key(seg)
        for i, a in enumerate(sentences):
            _kin_mentions(out, cast, a, event)
            _verbs(out, a, event)
            _pairs(out, cast, a, sentences[max(0, i - 2) : i], event)
            if owner is not None:
                _supportive(out, cast, a, owner, event)
    return out.relations()


def sentence_relations(cast: Cast, a: Analysed) -> set[tuple[str, str, str]]:
    """The (source, kind, target) triples one sentence states by itself."""
    out = _Collector()
    _kin_mentions(out, cast, a, None)
    _verbs(out, a, None)
    _pairs(out, cast, a, (), None)
    return set(out.found)


def _kin(out: _Collector, cast: Cast, owner: str, noun: str, member: str, evidence: Evidence,
         event: int | None) -> None:
    info = KIN.get(noun) or KIN_COMPOUNDS.get(noun)
    if info is None and noun in GROUP_KIN:
        kind, direction = GROUP_KIN[noun]
    elif info is not None:
        kind, direction = info[0], info[1]
    else:
        return
    if kind is None:
        return
    rule = evidence.rule if evidence.rule.endswith("kinship") or "group" in evidence.rule else "kinship"
    ev = Evidence(evidence.span, rule, evidence.confidence)
    if direction == "owner":
        out.add(owner, kind, member, ev, event)
    else:
        out.add(member, kind, owner, ev, event)


def _kin_mentions(out: _Collector, cast: Cast, a: Analysed, event: int | None) -> None:
    """A kinship phrase that resolves states the tie again ("help his mother")."""
    for h in a.hits:
        if h.kind == "np" and h.key and h.owner and h.head and (
            h.head in KIN or h.head in KIN_COMPOUNDS or h.head in GROUP_KIN
        ):
            _kin(out, cast, h.owner, h.head, h.key,
                 Evidence(a.sentence.span, "kinship-mention", 0.8), event)


def _find_subject(a: Analysed, before: str, subjects: list[str]) -> tuple[str | None, str]:
    """The subject of a verb whose clause starts before ``before``, and the words in between."""
    m = _SUBJECT.search(before)
    if m and not _CLAUSE_OPEN.search(before[: m.start()]):
        m = None  # "...pigeonhole him, clashing with": an object, not a subject
    if m:
        h = hit_at(a, m.group(1))
        if m.group("poss"):
            return None, ""
        if h.kind == "np" and h.key is None:
            # "Nora's grandmother and the town's baker, a sharp-tongued woman who backs..."
            return None, m.group("fill")
        return h.key, m.group("fill")
    m = _RELATIVE.search(before)
    if m:
        h = hit_at(a, m.group(1))
        key = h.key
        if key is None and h.kind == "np" and h.det in ("a", "an"):
            prior = re.search(PH + r",\s+$", before[: m.start()])
            if prior:
                key = hit_at(a, prior.group(1)).key
        return key, m.group("fill")
    m = _COORD.search(before)
    if m and subjects:
        return subjects[-1], m.group("fill")
    return None, ""


def _verbs(out: _Collector, a: Analysed, event: int | None) -> None:
    masked = a.masked
    subjects: list[str] = [a.subject] if a.subject else []
    found = []
    if not _ANY_VERB.search(masked):
        return
    for verb in _VERBS:
        for m in verb.pattern.finditer(masked):
            found.append((m.start(), verb, m))
    found.sort(key=lambda x: x[0])
    for start, verb, m in found:
        target_hit = hit_at(a, m.group(1))
        if m.group("poss") and not verb.possessive_object:
            continue
        if verb.needs_from and not re.match(r"\s+from\b", masked[m.end():]):
            continue
        before = masked[max(0, start - 160) : start]
        source, fill = _find_subject(a, before, subjects if verb.inherit else [])
        if source is None:
            continue
        subjects.append(source)
        if _NEGATION.search(fill):
            continue
        if verb.kind == "kills" and (_HEDGE.search(fill) or _HEDGE.search(before[-40:])):
            continue
        out.add(source, verb.kind, target_hit.key, Evidence(a.sentence.span, f"verb-{verb.kind}", 0.75),
                event)
        if verb.kind == "forbids" and not verb.needs_from:
            # "forbids Ada from meeting Eli": the one kept away is opposed.
            w = re.match(r"\s+from\s+(?:[a-z]+\s+){1,4}?(?:with\s+|to\s+)?" + PH + r"(?!'s|')",
                         masked[m.end():])
            if w:
                away = hit_at(a, w.group(1)).key
                out.add(source, "opposes", away,
                        Evidence(a.sentence.span, "verb-forbids-contact", 0.6), event)
    for m in _PASSIVE_KILL.finditer(masked):
        victim, killer = hit_at(a, m.group(1)), hit_at(a, m.group(2))
        if not _HEDGE.search(masked[max(0, m.start() - 40) : m.end()]):
            out.add(killer.key, "kills", victim.key,
                    Evidence(a.sentence.span, "verb-kills-passive", 0.75), event)


def _persons(cast: Cast, keys: list[str]) -> list[str]:
    return [k for k in keys if (m := cast.get(k)) is not None and m.kind != "group"]


def _pairs(out: _Collector, cast: Cast, a: Analysed, previous: tuple[Analysed, ...],
           event: int | None) -> None:
    masked = a.masked
    for m in _PAIR_PH.finditer(masked):
        one, two = hit_at(a, m.group(1)), hit_at(a, m.group(2))
        rest = m.group("rest")
        for kind, pattern in _PAIR_KINDS:
            if pattern.match(re.sub(_FILL_RE, "", rest, count=1)):
                out.add(one.key, kind, two.key, Evidence(a.sentence.span, f"pair-{kind}", 0.75), event)
    pair: list[str] | None = None
    for m in _PAIR_WORDS.finditer(masked):
        rest = re.sub(_FILL_RE, "", m.group("rest"), count=1)
        for kind, pattern in _PAIR_KINDS:
            if pattern.match(rest):
                pair = pair or _context_pair(cast, a, previous, masked[: m.start()])
                if pair:
                    out.add(pair[0], kind, pair[1],
                            Evidence(a.sentence.span, f"pair-{kind}", 0.65), event)
    if _THEIR_KISS.search(masked):
        pair = pair or _context_pair(cast, a, previous, masked[: _THEIR_KISS.search(masked).start()])  # type: ignore[union-attr]
        if pair:
            out.add(pair[0], "romantic", pair[1],
                    Evidence(a.sentence.span, "pair-romantic", 0.65), event)


_FILL_RE = re.compile(r"^" + _FILL)


def _context_pair(cast: Cast, a: Analysed, previous: tuple[Analysed, ...], before: str
                  ) -> list[str] | None:
    """Exactly two people in view: earlier in the sentence, else in the sentences just before."""
    here = _persons(cast, [hit_at(a, i).key or "" for i in re.findall(PH, before)])
    here = list(dict.fromkeys(k for k in here if k))
    if len(here) == 2:
        return here
    if here:
        return None
    for back in range(1, len(previous) + 1):
        keys: list[str] = []
        for p in previous[-back:]:
            keys.extend(_persons(cast, p.keys))
        keys = list(dict.fromkeys(keys))
        if len(keys) == 2:
            return keys
        if len(keys) > 2:
            return None
    return None


def _supportive(out: _Collector, cast: Cast, a: Analysed, owner: str, event: int | None) -> None:
    """A description calling its character supportive of the one other person it names."""
    if not _SUPPORTIVE.search(a.sentence.text):
        return
    keys = a.keys
    if owner not in keys and a.subject not in (None, owner):
        return
    others = [k for k in _persons(cast, keys) if k != owner]
    if len(others) == 1:
        out.add(owner, "supports", others[0], Evidence(a.sentence.span, "description-supportive", 0.5),
                event)
