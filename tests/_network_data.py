"""Hand-made stores for the network tests: Mask's true relations, and hostile labels.

The Mask narrative below is what the page /work/shared/corpus/mask-1985.txt says,
checked by hand: its characters, the participants of its thirteen timeline events,
and its sixteen required relations, each tied to the events whose text states it
(none when only the plot summary or a character description states it).
"""

from __future__ import annotations

import hashlib

from filmgraph.iri import Minter
from filmgraph.mapping import to_quads
from filmgraph.model import (
    Character,
    Event,
    Evidence,
    Narrative,
    Participation,
    Place,
    PlotDocument,
    Relation,
    Span,
)
from filmgraph.store import EmbeddedStore

BASE = "http://example.org/"

MASK_CHARACTERS = {
    "rocky-dennis": "Rocky Dennis",
    "rusty-dennis": "Rusty Dennis",
    "gar-dennis": "Gar Dennis",
    "diana-adams": "Diana Adams",
    "mr-simms": "Mr. Simms",
    "abe-dennis": "Abe Dennis",
    "ben": "Ben",
    "dozer": "Dozer",
    "diana-s-parents": "Diana's parents",
    "the-doctor": "the doctor",
    "the-bully": "the bully",
}

# (index, title, place key, participants)
MASK_EVENTS = [
    (1, "Rocky Dennis's birth and Azusa beginnings", "azusa", ["rocky-dennis", "rusty-dennis", "gar-dennis"]),
    (2, "Rusty fights for Rocky's junior high enrollment", "azusa", ["rusty-dennis", "rocky-dennis", "mr-simms"]),
    (3, "A grim prognosis at Rocky's checkup", "clinic", ["rocky-dennis", "rusty-dennis", "the-doctor"]),
    (4, "Rocky thrives in junior high", "junior-high", ["rocky-dennis"]),
    (5, "Junior high graduation and prizes", "junior-high", ["rocky-dennis"]),
    (6, "Family conflict and decision to work at Camp Bloomfield", "rustys-home", ["rocky-dennis", "rusty-dennis"]),
    (7, "Camp Bloomfield and Rocky's bond with Diana", "camp-bloomfield", ["rocky-dennis", "diana-adams"]),
    (8, "Diana's parents forbid contact", "diana-home", ["diana-s-parents", "diana-adams", "rocky-dennis"]),
    (9, "High school cruelty escalates", "high-school", ["rocky-dennis", "the-bully"]),
    (10, "Europe dream ends; Ben leaves; visit to Diana", "stables", ["rocky-dennis", "ben", "diana-adams"]),
    (11, "Night of headache and Rocky's death", "bedroom", ["rocky-dennis", "rusty-dennis"]),
    (12, "Grief at the grave", "grave", ["rusty-dennis"]),
    (13, "Final memory and poem", "grave", ["rocky-dennis"]),
]

MASK_PLACES = {
    "azusa": "Azusa, California",
    "clinic": "local clinic, Azusa",
    "junior-high": "Azusa junior high",
    "rustys-home": "Rusty's home, Azusa",
    "camp-bloomfield": "Camp Bloomfield",
    "diana-home": "Diana Adams' home",
    "high-school": "Azusa High School",
    "stables": "Equestrian stables near Griffith Park",
    "bedroom": "Rocky's bedroom, Azusa",
    "grave": "Rocky Dennis's grave",
}

# (source, kind, target, events): the page's sixteen required relations.
MASK_RELATIONS = [
    ("rusty-dennis", "parent_of", "rocky-dennis", (1,)),
    ("gar-dennis", "partner_of", "rusty-dennis", (1,)),
    ("gar-dennis", "father_figure_of", "rocky-dennis", ()),
    ("abe-dennis", "grandparent_of", "rocky-dennis", ()),
    ("rusty-dennis", "supports", "rocky-dennis", (2,)),
    ("gar-dennis", "supports", "rocky-dennis", ()),
    ("mr-simms", "opposes", "rocky-dennis", (2,)),
    ("rusty-dennis", "opposes", "mr-simms", (2,)),  # mutual: "clashing with the principal"
    ("diana-adams", "romantic", "rocky-dennis", (7,)),
    ("rocky-dennis", "teaches", "diana-adams", (7,)),
    ("diana-s-parents", "parent_of", "diana-adams", (8,)),
    ("diana-s-parents", "forbids", "diana-adams", (8,)),
    ("diana-s-parents", "opposes", "rocky-dennis", (8,)),
    ("ben", "friend_of", "rocky-dennis", (10,)),
    ("the-bully", "bullies", "rocky-dennis", (9,)),
    ("rocky-dennis", "helps", "rusty-dennis", (6,)),
]
UNDIRECTED = {"partner_of", "friend_of", "romantic", "rivals"}
MUTUAL = {("rusty-dennis", "opposes", "mr-simms")}


def _document(text: str, title: str, year: int) -> PlotDocument:
    return PlotDocument(
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        source=None,
        title=title,
        title_span=Span(0, len(title)),
        year=year,
    )


def narrative(title: str, year: int, characters: dict[str, str], places: dict[str, str],
              events: list, relations: list) -> Narrative:
    """A narrative whose page text is just the names, so that every evidence span is real."""
    text = title + "\n" + "\n".join(characters.values()) + "\n"
    doc = _document(text, title, year)

    def span_of(name: str) -> Span:
        start = text.index(name)
        return Span(start, start + len(name))

    ev = {k: Evidence(span_of(v), "test") for k, v in characters.items()}
    return Narrative(
        document=doc,
        characters=tuple(
            Character(key=k, name=v, listed=i < 6, evidence=(ev[k],))
            for i, (k, v) in enumerate(characters.items())
        ),
        places=tuple(Place(key=k, name=v) for k, v in places.items()),
        events=tuple(
            Event(index=i, title=t, description=t, time=None, place=p,
                  participants=tuple(Participation(c, "participant", ev[c]) for c in who))
            for i, t, p, who in events
        ),
        relations=tuple(
            Relation(source=s, target=t, kind=k, directed=k not in UNDIRECTED and (s, k, t) not in MUTUAL,
                     evidence=ev[s], events=tuple(e))
            for s, k, t, e in relations
        ),
    )


def mask_truth() -> Narrative:
    return narrative("Mask", 1985, MASK_CHARACTERS, MASK_PLACES, MASK_EVENTS, MASK_RELATIONS)


def store_of(*narratives: Narrative) -> EmbeddedStore:
    store = EmbeddedStore()
    minter = Minter(BASE)
    for n in narratives:
        store.replace_graphs([(minter.graph(n.document.slug), to_quads(n, minter))])
    return store


def iri(film: str, key: str) -> str:
    return Minter(BASE).character(film, key)


HOSTILE = "<script>alert(1)</script>"


def hostile() -> Narrative:
    """Labels that break naive writers: markup, quotes, backslashes, control characters."""
    chars = {
        "a": HOSTILE,
        "b": 'Quote "Q" O\'Neil \\ back',
        "c": "Bell\x07 and\x0b tab\tnew\nline & <amp>",
        "d": "Ünïcødé 東京 ;semi; {brace} -> arrow",
    }
    places = {"p": 'Place <"&">'}
    events = [
        (1, 'First "event" <b>', "p", ["a", "b"]),
        (2, "Second\x01event", "p", ["a", "c", "d"]),
    ]
    relations = [
        ("a", "supports", "b", (1,)),
        ("a", "teaches", "b", (1,)),
        ("c", "opposes", "a", (2,)),
        ("b", "friend_of", "d", ()),
        ("d", "parent_of", "c", ()),
    ]
    return narrative("Hostile <Film>", 2001, chars, places, events, relations)
