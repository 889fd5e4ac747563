"""Character discovery: every person the prose names, and one key for all their names.

Starting from the listed characters, the prose is read twice to learn:

* name variants: full name, first name, surname, title and surname
  (``Mr. Pike``, ``Captain Hale``), each indexed only while it points at one
  character;
* people the list leaves out: a name in apposition to a kinship or role phrase
  (``his best friend Tam``), after a title (``Mr. Pruitt``), or in a list with
  known characters (``Nell, Hob, and Tuck``);
* role phrases tied to a name (``the principal, Mr. Pike``; a description
  that opens ``The junior high principal who...``) and kinship
  (``his mother, Nell``; ``Jem's grandfather`` opening a description);
* groups treated as one (``Ivy's parents``) and people known only by a role
  who act in the story (``a doctor warns`` -> *the doctor*; ``a student taunts
  him`` -> *the bully*).

Then a last reading resolves every mention with what was learnt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from filmgraph.extract.analysis import (
    BULLY_AFTER,
    PH,
    Analysed,
    Context,
    Hit,
    Reader,
    analyse_sentence,
    gender_word,
    hit_at,
    title_gender,
    verbish_after,
)
from filmgraph.extract.cast import Cast, Member
from filmgraph.extract.lexicon import (
    BULLY_SUBJECTS,
    GROUP_KIN,
    GROUP_ROLES,
    KIN,
    KIN_COMPOUNDS,
    ROLE_NOUNS,
    TITLES,
)
from filmgraph.extract.text import Segment, fold, fold_page, segments
from filmgraph.model import Character, Evidence, Narrative

__all__ = ["Reading", "discover", "read_segments"]

_LEARN_PASSES = 1


@dataclass(frozen=True)
class Reading:
    """The prose of a page, every sentence analysed against the final cast."""

    cast: Cast
    segments: tuple[tuple[Segment, tuple[Analysed, ...]], ...]

    def owner_key(self, seg: Segment) -> str | None:
        """The key of the listed character a description segment is about."""
        if seg.kind != "character":
            return None
        for m in self.cast.members.values():
            if m.listed and m.name == seg.owner:
                return m.key
        return None


def discover(narrative: Narrative) -> tuple[tuple[Character, ...], Reading]:
    """All characters of the page, and the page's sentences resolved against them."""
    doc = narrative.document
    cast = _seed(narrative)
    reader = _reader(narrative)
    segs = segments(doc)
    # Descriptions define people; read them first while learning.
    order = [s for s in segs if s.kind == "character"] + [s for s in segs if s.kind != "character"]
    for _ in range(_LEARN_PASSES):
        read_segments(order, cast, reader, learn=True)
    final = read_segments(segs, cast, reader, learn=False)
    # Every name variant the page uses becomes an alias: "Dr. Abernathy", "Quill".
    for _, analysed in final:
        for a in analysed:
            for h in a.hits:
                for n in [h, *h.nested]:
                    if n.kind == "name" and n.key:
                        cast.members[n.key].add_alias(n.surface)
    reading = Reading(cast, tuple(final))
    return _freeze(narrative, cast), reading


def read_segments(segs: list[Segment], cast: Cast, reader: Reader, *, learn: bool
                  ) -> list[tuple[Segment, tuple[Analysed, ...]]]:
    """Analyse every sentence; with ``learn``, grow the cast from what is read."""
    owners = {m.name: m.key for m in cast.members.values() if m.listed}
    out: list[tuple[Segment, tuple[Analysed, ...]]] = []
    previous: Analysed | None = None
    for seg in segs:
        owner = owners.get(seg.owner) if seg.kind == "character" and isinstance(seg.owner, str) else None
        if seg.kind != "event":  # an event's description continues its title
            previous = None
        event = seg.owner if seg.kind in ("event", "event-title") and isinstance(seg.owner, int) else None
        done: list[Analysed] = []
        for i, sentence in enumerate(seg.sentences):
            a = analyse_sentence(sentence, cast, reader, Context(previous, owner))
            if learn:
                _learn(a, cast, reader, event=event, opening_of=owner if i == 0 else None,
                       vague=seg.kind == "spoiler-free")
            done.append(a)
            previous = a
        out.append((seg, tuple(done)))
    return out


# --------------------------------------------------------------------------- seed


def _seed(narrative: Narrative) -> Cast:
    cast = Cast()
    for c in narrative.characters:
        m = cast.add(Member(
            key=c.key, name=c.name, listed=c.listed, kind=c.kind, actor=c.actor,
            description=c.description, traits=c.traits, aliases=list(c.aliases),
            evidence=list(c.evidence),
        ))
        m.gender = _description_gender(c.name, c.description)
    for m in list(cast.members.values()):
        _index_name(cast, m.key, m.name)
        for alias in m.aliases:
            _index_name(cast, m.key, alias)
    return cast


_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.I)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_CAPITAL = re.compile(r"(?<![\w'-])[A-Z][\w'-]*")
_IS_A = re.compile(r"\b(?:is|was)\s+(?:a|an|the)\s+((?:[\w-]+,?\s+){0,4}?)(\w+)\b")


def _description_gender(name: str, description: str | None) -> str | None:
    words = name.split()
    if words and (g := title_gender(words[0])):
        return g
    if not description:
        return None
    text = fold(description)
    m = _IS_A.search(text)
    if m and (g := gender_word(m.group(2))):
        return g
    opening = re.match(r"[^,.;]*?(?=,| who\b| whose\b| that\b|\.|;|$)", text)
    if opening and (g := gender_word(opening.group(0))):
        return g
    # A pronoun speaks of the character described only before anybody else is named:
    # in "...make Ivo feel seen for who he is", "he" is Ivo.
    own = {w.lower() for w in re.findall(r"[A-Za-z][\w-]*", name)}
    he = she = 0
    for sentence in _SENTENCE_END.split(text):
        other = next((m.start() for m in _CAPITAL.finditer(sentence)
                      if m.start() > 0 and m.group(0).lower().removesuffix("'s") not in own), len(sentence))
        he += len(_HE.findall(sentence, 0, other))
        she += len(_SHE.findall(sentence, 0, other))
    if he > she:
        return "m"
    if she > he:
        return "f"
    return None


def _index_name(cast: Cast, key: str, name: str) -> None:
    """Index a name and its variants: full, without title, first, last, title + last."""
    words = fold(name).replace("(", " ").replace(")", " ").split()
    if not words:
        return
    cast.add_name(" ".join(words), key)
    title = None
    if len(words) > 1 and words[0].rstrip(".").lower() in TITLES:
        title = words[0]
        words = words[1:]
        if title.rstrip(".").lower() in ("dr", "doctor"):
            cast.add_role("doctor", key)
    if not all(w[:1].isupper() for w in words):
        return  # a role label ("the doctor"), not a name
    cast.add_name(" ".join(words), key)
    if len(words) > 1:
        cast.add_name(words[0], key)
        cast.add_name(words[-1], key)
    last = words[-1]
    if title:
        bare = title.rstrip(".")
        cast.add_name(f"{bare} {last}", key)
        cast.add_name(f"{bare}. {last}", key)
        if bare.lower() == "dr":
            cast.add_name(f"Doctor {last}", key)


def _reader(narrative: Narrative) -> Reader:
    doc = narrative.document
    text = fold_page(doc.text)
    lower = set(re.findall(r"(?<![\w'-])[a-z][a-z'-]*", text))
    excluded: set[str] = set()
    names = [p.name for p in narrative.places] + [a for p in narrative.places for a in p.aliases]
    for s in doc.settings:
        names.extend(v for v, _ in s.values)
    for n in names:
        if "'" in fold(n):
            continue  # "Ivy Marsh' home" names a person too
        excluded.update(w.lower() for w in re.findall(r"[A-Za-z][\w-]*", n))
    excluded.update(w.lower() for w in re.findall(r"[A-Za-z][\w-]*", doc.title))
    for t in doc.themes:
        excluded.update(w.lower() for w in re.findall(r"[A-Za-z][\w-]*", t.name))
    return Reader(lower, excluded)


# --------------------------------------------------------------------------- learning

_APPOSITION = re.compile(PH + r",?\s+" + PH)
_TRAILING = re.compile(PH + r",\s+" + PH)
_LIST = re.compile(PH + r"(?:,\s+" + PH + r")*,?\s+and\s+" + PH + "|" + PH + r"(?:,\s+" + PH + r")+,?\s+and\b")
_COPULA = re.compile(PH + r"\s+(?:is|was|becomes|became|remains)\s+(?:also\s+)?" + PH)
_IS_A_NOUN = re.compile(PH + r",?\s+(?:who\s+)?(?:is|was|,)\s*(?:a|an)\s+([^,.;\x02]{0,40})")
_CLAUSE_START = re.compile(r"(?:^|[,;:]\s*|\b(?:when|while|after|as|and|but|then|until|before)\s+)$",
                           re.I)
# Callers pass only the last few characters before a mention, so "^" is not the sentence start
# there; a mention at the very start has an empty tail, which "^" matches.
_PH_ALL = re.compile(PH)
_NOT_VERBS = frozenset(
    "and or but of to in on at for from with by as who whom whose that which than then so "
    "into onto over under about after before during while is was has had".split()
)
_CHAIN = re.compile(PH + r",\s+" + PH + r",\s+" + PH)
_GROUP_LIST = re.compile(PH + r",?\s+" + PH + r"(?:,\s+" + PH + r")*,?\s+and\s+" + PH)
_PERSON_OBJECT = re.compile(
    r"\b(?:falls?\s+in\s+love\s+with|fell\s+in\s+love\s+with|marries|married|kisses|kissed|"
    r"meets|met|befriends|befriended|kills|killed|murders|murdered|shoots|shot)\s+" + PH
)
_PERSON_SUBJECT = re.compile(
    PH + r"\s+(?:shoots|kills|murders|says|tells|asks|announces|confesses|admits|promises|"
    r"marries|kisses|befriends|warns|smiles|laughs|cries|weeps|dies)\b"
)


def _clause_start(masked: str, pos: int) -> bool:
    """Does a clause start at ``pos``: the sentence start, after a comma, "when", "and"...?"""
    return bool(_CLAUSE_START.search(masked[max(0, pos - 16) : pos])
                or _LEAD_WORD.fullmatch(masked[:pos]))


_LEAD_WORD = re.compile(r"[A-Z][a-z]+,?\s+")


def _overlapping(pattern: re.Pattern[str], text: str, need: int = 1) -> list[re.Match[str]]:
    """Every match, including those that share a mention with the previous one.

    ``need`` is how many mentions a match takes: text with fewer is not searched.
    """
    out: list[re.Match[str]] = []
    if text.count("\x02") < need:
        return out
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        out.append(m)
        pos = m.start() + 1
    return out


def _ev(a: Analysed, rule: str, confidence: float) -> Evidence:
    return Evidence(a.sentence.span, rule, confidence)


def _learn(a: Analysed, cast: Cast, reader: Reader, *, event: int | None,
           opening_of: str | None, vague: bool = False) -> None:
    """Grow the cast from one sentence.

    A ``vague`` sentence (the spoiler-free summary) retells the story without names: its
    "a young soldier" is the hero, so it makes no new character known only by a role.
    """
    masked = a.masked
    hits = a.hits
    many = masked.count("\x02") >= 2  # lists and appositions take two mentions or more
    # Titles seen with a full name: "Captain Elias Hale" -> "Captain Hale", "the captain".
    for h in hits:
        if h.kind == "name" and h.title and h.key:
            titled = cast.members[h.key]
            titled.add_alias(h.surface)
            last = h.surface.split()[-1]
            cast.add_name(h.surface, h.key)
            cast.add_name(f"{h.title} {last}", h.key)
            if h.title.lower() in ROLE_NOUNS:
                cast.add_role(h.title.lower(), h.key)
                cast.add_role_phrase(f"the {h.title.lower()}", h.key)
            if titled.gender is None:
                titled.gender = title_gender(h.title)
    # A title before an unknown name: "Mr. Pruitt".
    for h in hits:
        if h.kind == "run" and h.key is None:
            words = h.surface.split()
            if len(words) > 1 and words[0].rstrip(".").lower() in TITLES and reader.plausible_name(words[1:]):
                _new_person(cast, h, a, "title-name", 0.85, gender=title_gender(words[0]))
    # People a verb shows to be people: "falls in love with Jakob Rell"; "Kessler shoots".
    for m in _PERSON_OBJECT.finditer(masked):
        h = hit_at(a, m.group(1))
        if h.kind == "run" and not h.possessive and reader.plausible_name(h.surface.split()):
            _new_person(cast, h, a, "verb-object-person", 0.7)
    for m in _PERSON_SUBJECT.finditer(masked):
        h = hit_at(a, m.group(1))
        if h.kind == "run" and not h.possessive and reader.plausible_name(h.surface.split()):
            if _clause_start(masked, m.start()):
                _new_person(cast, h, a, "verb-subject-person", 0.7)
    # A phrase in apposition to a phrase: "His father, the landlord, Anton Brandauer".
    for m in _overlapping(_CHAIN, masked, 3):
        first, second, name = (hit_at(a, m.group(i)) for i in (1, 2, 3))
        if first.kind == "np" and second.kind == "np" and name.kind == "name" and name.key:
            if first.det not in ("a", "an") and first.head not in GROUP_KIN:
                _tie(cast, first, name.key, a, event, "apposition")
    # A group named by its members: "her parents, Tomas and Greta".
    for m in (_GROUP_LIST.finditer(masked) if many else ()):
        group = hit_at(a, m.group(1))
        if group.kind != "np" or group.head not in GROUP_KIN or not group.owner:
            continue
        group.kind = "np-list"
        single = (group.head or "")[:-1]
        for i in _PH_ALL.findall(m.group(0))[1:]:
            h = hit_at(a, i)
            if h.kind == "run" and reader.plausible_name(h.surface.split()):
                _new_person(cast, h, a, "apposition-name", 0.8)
            if h.kind == "name" and h.key and single in KIN:
                np = Hit(group.start, group.end, "np", group.surface, det=group.det, head=single,
                         owner=group.owner)
                _tie(cast, np, h.key, a, event, "apposition")
    # Appositions: "his mother, Nell Quay"; "the principal, Mr. Pike"; "his best friend Tam".
    for m in _overlapping(_APPOSITION, masked, 2):
        left, right = hit_at(a, m.group(1)), hit_at(a, m.group(2))
        if left.kind != "np" or right.kind not in ("name", "run") or right.possessive:
            continue
        if left.det in ("a", "an") or left.head in GROUP_KIN:
            continue
        if right.kind == "run":
            if not reader.plausible_name(right.surface.split()):
                continue
            _new_person(cast, right, a, "apposition-name", 0.8, gender=left.gender)
        if right.key is None or (left.key is not None and left.key != right.key):
            continue
        _tie(cast, left, right.key, a, event, "apposition")
    # "Ivy Marsh, a shy teenage girl"; "Tobias Quill, an ambitious man".
    for m in _overlapping(_TRAILING, masked, 2):
        left, right = hit_at(a, m.group(1)), hit_at(a, m.group(2))
        if left.kind != "name" or not left.key or right.kind != "np":
            continue
        after = masked[m.end():]
        if re.match(r",?\s+" + PH, after):
            continue  # "Nell, her partner, Hob": the phrase belongs to what follows
        if right.det in ("a", "an"):
            member = cast.members[left.key]
            if member.gender is None:
                member.gender = gender_word(right.surface)
            if right.head in ROLE_NOUNS and cast.roles.get(right.head) is None:
                cast.add_role(right.head, left.key)
        elif right.key is None or right.key == left.key:
            _tie(cast, right, left.key, a, event, "apposition")
    for m in _overlapping(_IS_A_NOUN, masked):
        h = hit_at(a, m.group(1))
        if h.kind == "name" and h.key and cast.members[h.key].gender is None:
            cast.members[h.key].gender = gender_word(m.group(2).split(" who ")[0])
    # "Hob is Jem's father figure."
    for m in _overlapping(_COPULA, masked, 2):
        left, right = hit_at(a, m.group(1)), hit_at(a, m.group(2))
        if left.kind == "name" and left.key and right.kind == "np" and right.key in (None, left.key):
            _tie(cast, right, left.key, a, event, "copula")
    # Lists with known people: "Nell, Hob, and Tuck".
    for m in (_LIST.finditer(masked) if many else ()):
        items = [hit_at(a, i) for i in _PH_ALL.findall(m.group(0))]
        if not any(h.kind == "name" and h.key for h in items):
            continue
        for h in items:
            if h.kind == "run" and reader.plausible_name(h.surface.split()):
                _new_person(cast, h, a, "listed-with-characters", 0.7)
    # A description opening with who the character is: "Jem's grandfather whose...".
    if opening_of is not None:
        _opening(a, cast, opening_of, event)
    # Groups acting as one: "the villagers refuse"; "the other fishermen row out".
    for i, h in enumerate(hits):
        if h.kind == "np" and h.head in GROUP_ROLES and h.det == "the" and h.key is None:
            end = masked.find(f"\x02{i}\x03") + len(f"\x02{i}\x03")
            nxt = re.match(r"\s+([a-z]+)\b", masked[end:])
            if nxt and nxt.group(1) not in _NOT_VERBS:
                _new_group_role(cast, h, a)
    # Groups: "Ivy's parents", "her parents".
    for h in hits:
        if h.kind == "np" and h.head in GROUP_KIN and h.owner and h.key is None:
            _new_group(cast, h, a, event)
        elif h.kind == "np" and h.key and h.head in GROUP_KIN:
            cast.members[h.key].add_alias(h.surface)
    # People known by a role who act: "a doctor warns"; "a student taunts him".
    for i, h in enumerate(hits):
        if h.kind != "np" or h.possessive:
            continue
        pos = masked.find(f"\x02{i}\x03")
        end = pos + len(f"\x02{i}\x03")
        if h.det in ("a", "an") and (h.head in BULLY_SUBJECTS or h.head == "bully"):
            if BULLY_AFTER.match(masked, end) or (h.head == "bully" and h.key is None):
                _new_role(cast, "bully", h, a, "role-bully")
            continue
        if vague or h.key is not None or not _clause_start(masked, pos):
            continue
        if h.det in ("a", "an", "the") and h.head in ROLE_NOUNS and verbish_after(masked, end):
            if cast.roles.get(h.head) is None:
                _new_role(cast, h.head, h, a, "role-character")


def _new_person(cast: Cast, h: Hit, a: Analysed, rule: str, confidence: float,
                gender: str | None = None) -> None:
    words = h.surface.split()
    name = " ".join(words)
    key = cast.name_key(name)
    if key is None:
        m = cast.add(Member(key=cast.new_key(name), name=name, listed=False))
        m.evidence.append(_ev(a, rule, confidence))
        _index_name(cast, m.key, name)
        key = m.key
    member = cast.members[key]
    if member.gender is None and gender is not None:
        member.gender = gender
    h.kind, h.key = "name", key


def _new_role(cast: Cast, head: str, h: Hit, a: Analysed, rule: str) -> None:
    key = cast.role_key(head)
    if key is None:
        m = cast.add(Member(key=cast.new_key(head), name=f"the {head}", listed=False,
                            unnamed=True))
        m.evidence.append(_ev(a, rule, 0.7))
        cast.add_role(head, m.key)
        cast.add_role_phrase(f"the {head}", m.key)
        key = m.key
    member = cast.members[key]
    member.add_alias(h.surface if h.det in ("a", "an") else f"a {head}")
    h.key = key


def _new_group_role(cast: Cast, h: Hit, a: Analysed) -> None:
    head = h.head or ""
    key = cast.role_key(head)
    if key is None:
        m = cast.add(Member(key=cast.new_key(head), name=f"the {head}", listed=False, kind="group",
                            unnamed=True))
        m.evidence.append(_ev(a, "group-role", 0.6))
        cast.add_role(head, m.key)
        cast.add_role_phrase(f"the {head}", m.key)
        key = m.key
    cast.members[key].add_alias(h.surface)
    h.key = key


def _new_group(cast: Cast, h: Hit, a: Analysed, event: int | None) -> None:
    if h.owner is None or h.head is None:
        return
    key = cast.groups.get((h.owner, h.head))
    if key is None:
        name = f"{cast.short_name(h.owner)}'s {h.head}"
        m = cast.add(Member(key=cast.new_key(name), name=name, listed=False, kind="group"))
        m.evidence.append(_ev(a, "possessive-group", 0.8))
        cast.groups[(h.owner, h.head)] = m.key
        key = m.key
        cast.add_kin(h.owner, h.head, key, _ev(a, "possessive-group", 0.8), None)
    member = cast.members[key]
    member.add_alias(h.surface)
    if h.det in ("his", "her", "their"):
        member.add_alias(f"{h.det} {h.head}")
    mods = h.surface.split()[1:]
    if len(mods) > 1:
        member.add_alias(" ".join(mods))
    member.add_alias(h.head)
    h.key = key


def _tie(cast: Cast, np: Hit, key: str, a: Analysed, event: int | None, how: str) -> None:
    """Record what a role or kinship phrase tells about the character ``key``."""
    member = cast.members[key]
    head = np.head or ""
    if head in KIN or head in KIN_COMPOUNDS:
        if np.owner is None or np.owner == key:
            return
        info = KIN.get(head) or KIN_COMPOUNDS[head]
        if cast.add_kin(np.owner, head, key, _ev(a, f"{how}-kinship", 0.9), event):
            if member.gender is None and info[2]:
                member.gender = info[2]
            if np.det in ("his", "her", "their"):
                member.add_alias(f"{np.det} {head}")
            member.add_alias(f"{cast.short_name(np.owner)}'s {head}")
            np.key = key
        return
    if head in ROLE_NOUNS or np.det in ("the", "'s"):
        if np.det == "the":
            if head in ROLE_NOUNS:
                cast.add_role(head, key)
                cast.add_role_phrase(f"the {head}", key)
                member.add_alias(f"the {head}")
            cast.add_role_phrase(np.surface, key)
            member.add_alias(np.surface[0].lower() + np.surface[1:])
        elif np.det == "'s":
            cast.add_role_phrase(np.surface, key)
            member.add_alias(np.surface)
            if head in ROLE_NOUNS and cast.roles.get(head) is None:
                cast.add_role(head, key)
        np.key = key


def _opening(a: Analysed, cast: Cast, owner: str, event: int | None) -> None:
    """A description's first words say who the character is: kinship or role phrases."""
    m = re.match(PH + r"((?:\s+and\s+" + PH + r")*)", a.masked)
    if not m:
        return
    items = [hit_at(a, i) for i in _PH_ALL.findall(m.group(0))]
    for h in items:
        if h.kind == "np" and not h.possessive and h.key in (None, owner) and h.det not in ("a", "an"):
            _tie(cast, h, owner, a, event, "description")
    rest = a.masked[m.end():]
    t = re.match(r",\s+" + PH, rest)
    if t:
        h = hit_at(a, t.group(1))
        if h.kind == "np" and h.det in ("a", "an") and h.head in ROLE_NOUNS:
            if cast.roles.get(h.head) is None:
                cast.add_role(h.head, owner)
    if items and items[0].kind == "np" and items[0].det in ("a", "an") and items[0].head in ROLE_NOUNS:
        if cast.roles.get(items[0].head) is None:
            cast.add_role(items[0].head or "", owner)


# --------------------------------------------------------------------------- freeze


def _freeze(narrative: Narrative, cast: Cast) -> tuple[Character, ...]:
    by_key = {c.key: c for c in narrative.characters}
    out: list[Character] = []
    for m in cast.members.values():
        aliases = tuple(dict.fromkeys(a for a in m.aliases if a != m.name))
        base = by_key.get(m.key)
        if base is not None:
            out.append(replace(base, aliases=aliases, evidence=tuple(m.evidence)))
        else:
            out.append(Character(
                key=m.key, name=m.name, listed=m.listed, kind=m.kind,  # type: ignore[arg-type]
                aliases=aliases, evidence=tuple(m.evidence),
            ))
    return tuple(out)
