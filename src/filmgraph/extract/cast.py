"""The cast registry: every character found so far and every way the page names them.

:class:`Cast` is the one mutable object of extraction. It lives only inside
:func:`filmgraph.extract.characters.discover` and is frozen into
:class:`~filmgraph.model.Character` values at the end; nothing outside the
extract package sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from filmgraph.extract.text import match_key
from filmgraph.iri import slugify
from filmgraph.model import Evidence

__all__ = ["AMBIGUOUS", "Cast", "KinLink", "Member"]

#: Marker for a name or role that points at more than one character.
AMBIGUOUS = "\x00ambiguous"


@dataclass
class Member:
    """One character while the cast is being built."""

    key: str
    name: str
    listed: bool
    kind: str = "person"
    gender: str | None = None
    actor: str | None = None
    description: str | None = None
    traits: tuple[str, ...] = ()
    aliases: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    #: True for a character known only by a role ("the doctor").
    unnamed: bool = False
    roles: set[str] = field(default_factory=set)

    def add_alias(self, alias: str) -> None:
        alias = " ".join(alias.split())
        if alias and match_key(alias) not in {match_key(a) for a in [self.name, *self.aliases]}:
            self.aliases.append(alias)


@dataclass(frozen=True)
class KinLink:
    """``member`` is ``noun`` of ``owner`` (``Nell`` is ``mother`` of ``Jem``), read at ``evidence``."""

    owner: str
    noun: str
    member: str
    evidence: Evidence
    event: int | None


class Cast:
    """Characters by key, with indexes from names, roles and kinship to keys."""

    def __init__(self) -> None:
        self.members: dict[str, Member] = {}
        self.names: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.role_phrases: dict[str, str] = {}
        self.kin: dict[tuple[str, str], str] = {}
        self.kin_links: list[KinLink] = []
        self.groups: dict[tuple[str, str], str] = {}

    # -- members ---------------------------------------------------------------
    def add(self, member: Member) -> Member:
        key = member.key
        n = 2
        while key in self.members:
            key = f"{member.key}-{n}"
            n += 1
        member.key = key
        self.members[key] = member
        return member

    def new_key(self, name: str) -> str:
        base = slugify(name)
        key, n = base, 2
        while key in self.members:
            key = f"{base}-{n}"
            n += 1
        return key

    def get(self, key: str | None) -> Member | None:
        return self.members.get(key) if key else None

    # -- names -----------------------------------------------------------------
    def add_name(self, surface: str, key: str) -> None:
        """Index a proper-name variant; a variant two characters share points at neither."""
        k = match_key(surface)
        if not k:
            return
        old = self.names.get(k)
        if old is None:
            self.names[k] = key
        elif old != key:
            self.names[k] = AMBIGUOUS

    def name_key(self, surface: str) -> str | None:
        key = self.names.get(match_key(surface))
        return None if key in (None, AMBIGUOUS) else key

    def knows_name(self, surface: str) -> bool:
        return match_key(surface) in self.names

    # -- roles -----------------------------------------------------------------
    def add_role(self, noun: str, key: str) -> None:
        old = self.roles.get(noun)
        if old is None:
            self.roles[noun] = key
        elif old != key:
            self.roles[noun] = AMBIGUOUS
        m = self.members.get(key)
        if m is not None:
            m.roles.add(noun)

    def role_key(self, noun: str) -> str | None:
        key = self.roles.get(noun)
        return None if key in (None, AMBIGUOUS) else key

    def add_role_phrase(self, phrase: str, key: str) -> None:
        k = match_key(phrase)
        old = self.role_phrases.get(k)
        self.role_phrases[k] = key if old in (None, key) else AMBIGUOUS

    def role_phrase_key(self, phrase: str) -> str | None:
        key = self.role_phrases.get(match_key(phrase))
        return None if key in (None, AMBIGUOUS) else key

    # -- kinship -----------------------------------------------------------------
    def add_kin(self, owner: str, noun: str, member: str, evidence: Evidence,
                event: int | None) -> bool:
        """Record that ``member`` is the ``noun`` of ``owner``; False if it contradicts what is known."""
        if owner == member:
            return False
        old = self.kin.get((owner, noun))
        if old is not None and old != member:
            return False
        self.kin[(owner, noun)] = member
        self.kin_links.append(KinLink(owner, noun, member, evidence, event))
        return True

    def kin_key(self, owner: str | None, noun: str) -> str | None:
        if owner is None:
            return None
        return self.kin.get((owner, noun))

    def only_kin(self, noun: str) -> str | None:
        """The one character anybody's ``noun`` is, when there is exactly one."""
        found = {m for (_, n), m in self.kin.items() if n == noun}
        return found.pop() if len(found) == 1 else None

    def gender(self, key: str) -> str | None:
        m = self.members.get(key)
        return m.gender if m else None

    def short_name(self, key: str) -> str:
        """The name used to build a possessive label (``Ivy's parents``)."""
        m = self.members[key]
        if m.unnamed:
            return m.name
        words = m.name.split()
        for w in words:
            if w.rstrip(".").lower() not in _TITLE_WORDS:
                return w
        return m.name


_TITLE_WORDS = frozenset("mr mrs ms miss dr prof captain sir lady".split())
