"""Write N synthetic plot pages in the format of the real pages, for benchmarks.

The LUBM/BSBM way of benchmarking RDF systems: a deterministic generator of data
that looks like the real thing and goes through the same parser and extractor.
Each page has a title and year, a plot summary whose prose states family ties
(apposition, possessives) and influence (teaches, forbids ... from, taunts,
fights to enroll, mentors, helps, shoots and kills), a timeline of 8-14 events
whose time/place lines take every shape the real pages use, 6-12 listed
characters ``Name (Actor)`` with a description and an emoji trait line, a few
characters named only in the prose, settings, themes and the site's boilerplate.

Places come from one gazetteer shared by all films, drawn with Zipf popularity,
so a corpus-wide "top places" query has a long tail; actors recur across films
the same way. Themes come from one shared list.

The same ``seed`` always gives the same bytes: every page draws from its own
``random.Random(f"{seed}:{index}")`` and nothing reads the clock or global state,
so the first N pages of a larger corpus are the N-page corpus.

Usage::

    python benchmarks/generate.py 10000 benchmarks/work/pages --seed 1

Pure standard library.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Page", "generate", "generate_page", "main"]

# --------------------------------------------------------------------------- vocabulary

FEMALE = (
    "Ada Agnes Alma Anika Bea Bettina Carys Clara Dagny Della Edie Elin Esme Etta Fern "
    "Freya Greta Hattie Helka Ida Ilse Imke Iona Jessa Juno Kaja Katrin Lena Liesl Lotte "
    "Lucia Mabel Maren Marit Mina Nell Nora Odile Orla Pia Rhea Rosa Ruth Saskia Selma "
    "Signe Tilde Una Vera Wilma Xenia Yara Zelda Bryn Cleo Dora Elsa Faye Gwen Hedda Inga"
).split()
MALE = (
    "Abel Anselm Arlo Bastian Bram Casimir Cyril Dario Edgar Elias Emil Ennis Felix Gideon "
    "Hale Hugo Ivo Jasper Joost Kasper Lars Leif Linus Magnus Matthias Milo Nestor Niko "
    "Oskar Otto Pavel Quill Ragnar Rafe Ronan Rufus Silas Soren Tobin Tomas Ulric Valen "
    "Walt Wendel Yannick Zeno Amos Boris Cato Dorian Ewald Ferris Gunnar Hollis Ansel Jonas"
).split()
SURNAMES = (
    "Abernay Ashgrove Baird Bellweather Brandauer Calloway Carrow Corwin Dalby Dravik "
    "Ellery Falk Fennimore Garrick Gorse Halloran Hartigan Hollis Ingram Jessop Kellan "
    "Kerrigan Lastra Lindqvist Marlowe Merrin Navarro Norrell Oakes Osterby Pell Penrose "
    "Quayle Ravel Rell Rowntree Saltash Sauvage Selwyn Strand Tambling Teague Thorne "
    "Ulvaeus Vance Varga Voss Wexley Whitcombe Winslade Yarrow Zander Ambler Birch Crane "
    "Dunmore Everly Frost Gale Hume Ives Jory Keel Lowe Moss Nash Orme Pike Reeve Sorrel "
    "Tull Underhill Vey Wick Yeo Amsel Brisk Dray Hale Tibbet Quill Pruitt Kessler"
).split()
CITY_HEADS = (
    "Ash Bel Bram Cor Dun Elm Fen Gar Hal Ivy Kest Lark Mor Nor Oak Pen Quar Ros Sal "
    "Thorn Ul Vane Wex Yar Alder Birch Cold Drake Ember Frost Glen Hollow Iron Juniper"
).split()
CITY_TAILS = (
    "ford ton field ridge haven wick moor bury dale mouth stead well brook gate hurst "
    "combe port ley thorpe by"
).split()
REGION_LIST = [
    "California", "Ohio", "Nevada", "Oregon", "Montana", "Vermont", "Maine", "Idaho",
    "Kansas", "Wyoming", "Halmoor", "Vessary Hills", "Askel Valley", "Northmarch",
    "Lowfen", "Brennland", "Oster Vale", "Kettle Downs",
]
LANDMARK_HEADS = (
    "Copper Creek Gullrock Seal Rocks Griffith Hallow Pine Raven Saltmarsh Blackwater "
    "Cinder Heron Lantern Millbrook Quarry Hill Stonebridge Wolf Hollow Larkspur Tern"
).split()
LANDMARK_KINDS = (
    "Park", "Lighthouse", "Point", "County Courthouse", "Station", "Reservoir", "Mill",
    "Quarry", "Cemetery", "Fairground", "Observatory", "Pier", "Racecourse", "Abbey",
)
SUB_PLACES = (
    "union hall", "local clinic", "junior high", "company gates", "village school",
    "train station", "harbor office", "town square", "public library", "bus depot",
    "county fair", "old chapel", "boxing gym", "night market", "police station",
)
ROOMS = ("home", "kitchen", "bedroom", "porch", "workshop", "study", "garage", "attic")
NEAR_HEADS = (
    "Slag heaps", "Equestrian stables", "The old quarry", "A roadside motel", "Fishing huts",
    "The rail yard", "Empty barns", "A burned-out chapel", "Salt flats", "The lower docks",
)
SEASONS = ("Spring", "Summer", "Autumn", "Winter", "Early spring", "Late autumn")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)
DAY_LABELS = (
    "Graduation day", "Strike night", "Harvest night", "Election night", "Wedding day",
    "Opening night", "Race day", "Market day", "Moving day", "Trial day",
)
QUALIFIED = (
    ("New Year's Eve", "camp event"), ("Fourth of July", "company picnic"),
    ("Midsummer Eve", "village fair"), ("Christmas Eve", "family dinner"),
    ("Easter Sunday", "church supper"), ("Founders' Day", "town parade"),
    ("Halloween", "school dance"), ("Labor Day", "union rally"),
)
PHRASES = (
    "Late summer", "Bus trip during high school", "Morning after the storm",
    "Night before the trial", "First week of term", "Early high school",
    "Weeks after the funeral", "The next morning", "Winter break",
)
THEMES = (
    ("✊", "Solidarity"), ("⚖️", "Truth and Accountability"), ("🌱", "Coming of Age"),
    ("💙", "Acceptance"), ("💖", "First Love"), ("👨‍👩‍👧", "Family and Belonging"),
    ("🕯️", "Mortality and Resilience"), ("⚓", "Duty and Sacrifice"), ("🕊️", "Letting Go"),
    ("⚙️", "Progress Versus Tradition"), ("🔥", "Revenge"), ("🎭", "Identity"),
    ("🏠", "Home and Exile"), ("💰", "Greed"), ("🗝️", "Secrets"), ("🤝", "Friendship"),
    ("🧭", "Ambition"), ("🛡️", "Courage"), ("🌊", "Nature's Power"), ("📚", "Education"),
    ("🏛️", "Power and Corruption"), ("🕰️", "Memory"), ("🩹", "Forgiveness"),
    ("🎶", "Art and Expression"), ("🚪", "Freedom"), ("🪞", "Self-Discovery"),
    ("⛓️", "Class and Inequality"), ("🌾", "Rural Life"), ("🏙️", "City and Country"),
    ("👑", "Loyalty and Betrayal"),
)
TRAITS = (
    ("🧠", "Intelligent"), ("💖", "Compassionate"), ("🎯", "Determined"), ("💪", "Stubborn"),
    ("🔥", "Defiant"), ("🤫", "Quiet"), ("📚", "Studious"), ("🐍", "Ruthless"),
    ("👊", "Bully"), ("🤝", "Loyal"), ("💼", "Powerful"), ("😟", "Fearful"),
    ("🏠", "Devoted"), ("📣", "Outspoken"), ("🧭", "Ambitious"), ("🛡️", "Protective"),
    ("🎭", "Charming"), ("💔", "Conflicted"), ("🌀", "Free-spirited"), ("🧱", "Enforcer"),
    ("👴", "Elder"), ("🗣️", "Traditional"), ("💡", "Supportive"), ("✊", "Fearless"),
)
JOBS = (
    "miner", "seamstress", "bookkeeper", "fisherman", "baker", "schoolteacher", "nurse",
    "mechanic", "carpenter", "telegraph clerk", "farmer", "lorry driver", "printer",
)
ADJ = (
    "Copper", "Silent", "Long", "Last", "Burning", "Hollow", "Winter", "Glass", "Iron",
    "Crimson", "Quiet", "Broken", "Golden", "Distant", "Wild", "Paper", "Salt", "Velvet",
    "Northern", "Lonely", "Bright", "Hidden", "Bitter", "Second", "Falling", "Open",
)
NOUNS = (
    "Season", "Harbor", "Road", "Lantern", "Orchard", "Signal", "Summer", "River",
    "Keeper", "Daughter", "Crossing", "Promise", "Garden", "Letter", "Frontier", "Bridge",
    "Mile", "Tide", "Chorus", "Verdict", "Witness", "Engine", "Ledger", "Meadow", "Storm",
    "Shadow", "Compass", "Ballad", "Harvest", "Light", "Horizon", "Mask", "Ember",
)

INTROS = {
    "Plot Summary": (
        "Read the whole story of {t} ({y}) from start to finish, ending included, and see how each turn leads to the next.",
        "The plot of {t} ({y}) told in full, with its ending explained and the choices that shape it.",
    ),
    "Timeline": (
        "Every major event of {t} ({y}), in the order it happens on screen.",
        "Follow {t} ({y}) one event at a time, from the opening scene to the last.",
    ),
    "Characters": (
        "Who is who in {t} ({y}): the people of the story, their roles and how they change.",
        "Profiles of the characters of {t} ({y}), with the ties that bind them.",
    ),
    "Settings": (
        "Where and when {t} ({y}) takes place, and what its places bring to the story.",
    ),
    "Themes": (
        "The ideas at the heart of {t} ({y}), and the scenes that carry them.",
        "What {t} ({y}) is about beneath its plot: its main themes, one by one.",
    ),
    "Spoiler-Free Summary": (
        "A short overview of {t} ({y}) that gives nothing away.",
    ),
}

# --------------------------------------------------------------------------- shared pools


def _zipf_weights(n: int, s: float = 1.07) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


@dataclass(frozen=True)
class _Pools:
    """The vocabulary shared by every page of a corpus: gazetteer, actors."""

    cities: tuple[tuple[str, str], ...]
    city_weights: tuple[float, ...]
    landmarks: tuple[str, ...]
    landmark_weights: tuple[float, ...]
    actors: tuple[str, ...]
    actor_weights: tuple[float, ...]


def _pools(seed: int) -> _Pools:
    rng = random.Random(f"{seed}:pools")
    names = [h + t for h in CITY_HEADS for t in CITY_TAILS]
    rng.shuffle(names)
    cities = tuple((name, rng.choice(REGION_LIST)) for name in names[:400])
    marks = [f"{h} {k}" for h in LANDMARK_HEADS for k in LANDMARK_KINDS]
    rng.shuffle(marks)
    landmarks = tuple(marks[:200])
    firsts = FEMALE + MALE
    actor_set = sorted({f"{a} {b}" for a in firsts for b in SURNAMES})
    rng.shuffle(actor_set)
    actors = tuple(actor_set[:3000])
    return _Pools(
        cities=cities,
        city_weights=tuple(_zipf_weights(len(cities))),
        landmarks=landmarks,
        landmark_weights=tuple(_zipf_weights(len(landmarks))),
        actors=actors,
        actor_weights=tuple(_zipf_weights(len(actors), 0.8)),
    )


# --------------------------------------------------------------------------- one page


@dataclass
class _Person:
    first: str
    last: str | None
    female: bool
    role: str
    listed: bool = True
    actor: str | None = None
    description: str = ""
    traits: list[tuple[str, str]] = field(default_factory=list)

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}" if self.last else self.first

    @property
    def he(self) -> str:
        return "she" if self.female else "he"

    @property
    def his(self) -> str:
        return "her" if self.female else "his"

    @property
    def him(self) -> str:
        return "her" if self.female else "him"


@dataclass(frozen=True)
class Page:
    """One generated page: its file name (the film's slug), title, year and text."""

    slug: str
    title: str
    year: int
    text: str


def _slug(title: str, year: int) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join([*words, str(year)])


def _title(rng: random.Random) -> str:
    shape = rng.randrange(6)
    a, n, n2 = rng.choice(ADJ), rng.choice(NOUNS), rng.choice(NOUNS)
    if shape == 0:
        return f"The {a} {n}"
    if shape == 1:
        return f"{a} {n}"
    if shape == 2:
        return f"The {n} of {rng.choice(CITY_HEADS)}{rng.choice(CITY_TAILS)}"
    if shape == 3:
        return f"A {n} for {rng.choice(CITY_HEADS)}{rng.choice(CITY_TAILS)}"
    if shape == 4:
        return f"The {n}'s {n2}"
    return f"{n} and {n2}"


class _Film:
    """Draws one film's cast, places and story from its own random generator."""

    def __init__(self, rng: random.Random, pools: _Pools, title: str, year: int) -> None:
        self.rng = rng
        self.pools = pools
        self.title = title
        self.year = year
        self.story_year = max(1900, year - rng.randrange(0, 12))
        self.apos = rng.choice(("'", "’"))
        self._used_first: set[str] = set()
        self.city, self.region = self._city()
        self.cast = self._cast()

    # -- names ----------------------------------------------------------------
    def _first(self, female: bool) -> str:
        pool = FEMALE if female else MALE
        while True:
            name = self.rng.choice(pool)
            if name not in self._used_first:
                self._used_first.add(name)
                return name

    def _surname(self, avoid: set[str]) -> str:
        while True:
            name = self.rng.choice(SURNAMES)
            if name not in avoid:
                return name

    def _city(self) -> tuple[str, str]:
        return self.rng.choices(self.pools.cities, self.pools.city_weights)[0]

    def _landmark(self) -> str:
        return self.rng.choices(self.pools.landmarks, self.pools.landmark_weights)[0]

    def poss(self, name: str) -> str:
        return f"{name}{self.apos}s"

    # -- cast -----------------------------------------------------------------
    def _cast(self) -> dict[str, _Person]:
        rng = self.rng
        family = self._surname(set())
        used = {family}

        def other() -> str:
            s = self._surname(used)
            used.add(s)
            return s

        hero_f = rng.random() < 0.5
        p = {
            "hero": _Person(self._first(hero_f), family, hero_f, "hero"),
            "mother": _Person(self._first(True), family, True, "mother"),
            "father": _Person(self._first(False), family, False, "father"),
            "mentor": _Person(self._first(rng.random() < 0.5), other(), False, "mentor"),
            "villain": _Person(self._first(rng.random() < 0.3), other(), False, "villain"),
            "love": _Person(self._first(not hero_f), other(), not hero_f, "love"),
            "bully": _Person(self._first(False), other(), False, "bully"),
            "grand": _Person(self._first(rng.random() < 0.5), family, False, "grand"),
            "friend": _Person(self._first(rng.random() < 0.5), other(), False, "friend"),
            "rival": _Person(self._first(rng.random() < 0.5), other(), False, "rival"),
            "doctor": _Person(self._first(rng.random() < 0.5), other(), False, "doctor"),
            "clerk": _Person(self._first(rng.random() < 0.5), other(), False, "clerk"),
            "sibling": _Person(self._first(rng.random() < 0.5), None, False, "sibling"),
            "victim": _Person(self._first(False), other(), False, "victim"),
        }
        for person in p.values():
            person.female = person.first in FEMALE
        listed_order = ["hero", "mother", "father", "mentor", "villain", "love", "bully",
                        "grand", "friend", "rival", "doctor", "clerk"]
        n_listed = rng.randint(6, 12)
        actors = self._actors(n_listed)
        for i, role in enumerate(listed_order):
            person = p[role]
            person.listed = i < n_listed
            if person.listed:
                person.actor = actors[i]
        p["sibling"].listed = False
        p["victim"].listed = False
        return p

    def _actors(self, n: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < n:
            a = self.rng.choices(self.pools.actors, self.pools.actor_weights)[0]
            if a not in chosen:
                chosen.append(a)
        return chosen

    # -- prose ----------------------------------------------------------------
    def plot(self) -> list[str]:
        c, rng, ps = self.cast, self.rng, self.poss
        hero, mom, dad, grand = c["hero"], c["mother"], c["father"], c["grand"]
        mentor, villain, love, bully = c["mentor"], c["villain"], c["love"], c["bully"]
        sib, victim, friend = c["sibling"], c["victim"], c["friend"]
        job = rng.choice(JOBS)
        school = rng.choice(("a regular school", "the town academy", "the county high school"))
        paras = [
            f"In {self.story_year}, in {self.city}, {self.region}, {hero.full} is a restless "
            f"young {job} who wants more than the town can offer. {hero.his.capitalize()} "
            f"mother, {mom.first}, keeps the household afloat, and {hero.his} father, "
            f"{dad.first}, has worked the same shift for twenty years. {ps(hero.first)} "
            f"grandfather, {grand.first}, tells stories on the porch, and {hero.his} younger "
            f"{'sister' if sib.female else 'brother'}, {sib.first}, follows {hero.him} everywhere.",
            f"{mom.first} fights to enroll {hero.first} in {school} when the board would rather "
            f"send {hero.him} away. {mentor.full} mentors {hero.first} through the winter and "
            f"teaches {hero.first} to argue a case without notes. {dad.first} forbids "
            f"{hero.first} from joining the protest, but {mom.first} quietly supports "
            f"{hero.first} and covers for {hero.him} at supper.",
            f"At a town dance {hero.first} meets {love.full}, and the two fall in love over a "
            f"long argument about the future. The same evening {bully.full} taunts {sib.first} "
            f"in front of the other children, and {hero.first} has to pull "
            f"{sib.first} away before a fight starts.",
            f"{villain.full} wants the land under {ps(dad.first)} house. {villain.first} sends "
            f"{bully.first} to frighten the neighbours, and one night {bully.first} shoots and "
            f"kills {victim.full}, {ps(dad.first)} oldest friend. {love.first} helps "
            f"{hero.first} gather proof, and {friend.full} hides the papers.",
            f"At the hearing {hero.first} speaks for the town, {villain.first} is ruined, and "
            f"{bully.first} is taken away. {hero.first} stays in {self.city} for one more "
            f"season, with {love.first} beside {hero.him}.",
        ]
        return paras

    def place_line(self, i: int) -> tuple[str, str]:
        """A joined time/place line in one of the real page's shapes, and a mentioned place."""
        rng, c = self.rng, self.cast
        city, region = self.city, self.region
        if rng.random() < 0.25:
            city, region = self._city()
        shape = rng.randrange(10)
        sub = rng.choice(SUB_PLACES)
        if shape == 0:
            return f"{self.story_year + i // 4} {city}, {region}", city
        if shape == 1:
            label = rng.choice(DAY_LABELS + tuple(f"{s} {self.story_year}" for s in SEASONS))
            return f"{label} {city}, {region} – {sub}", city
        if shape == 2:
            label, qual = rng.choice(QUALIFIED)
            return f"{label} ({qual}) {self._landmark()}", city
        if shape == 3:
            return f"{rng.choice(PHRASES)} {rng.choice(NEAR_HEADS)} near {self._landmark()}", city
        if shape == 4:
            who = rng.choice([c["hero"], c["mother"], c["grand"], c["mentor"]])
            label = rng.choice(("", f"{rng.choice(MONTHS)} ", "The next morning "))
            return f"{label}{self.poss(who.first)} {rng.choice(ROOMS)}, {city}", city
        if shape == 5:
            return f"{city}, {region}", city
        if shape == 6:
            return f"{city}, {region} – {sub}", city
        if shape == 7:
            return self._landmark(), city
        if shape == 8:
            who = rng.choice([c["love"], c["villain"], c["friend"]])
            return f"{who.full}' home" if who.full.endswith("s") else f"{who.full}{self.apos}s home", city
        return f"{rng.choice(MONTHS)} {city} {rng.choice(('Town Hall', 'Market', 'Harbor'))}", city

    def timeline(self) -> list[tuple[str, str, str]]:
        c, rng, ps = self.cast, self.rng, self.poss
        hero, mom, dad, grand = c["hero"], c["mother"], c["father"], c["grand"]
        mentor, villain, love, bully = c["mentor"], c["villain"], c["love"], c["bully"]
        sib, victim, friend, rival = c["sibling"], c["victim"], c["friend"], c["rival"]
        doctor, clerk = c["doctor"], c["clerk"]
        core = [
            (f"{ps(hero.first)} beginnings",
             f"{hero.full} grows up with {hero.his} mother {mom.first}, {hero.his} father "
             f"{dad.first} and {hero.his} grandfather {grand.first}. {sib.first} is never far behind."),
            (f"{mom.first} fights for {ps(hero.first)} schooling",
             f"{mom.full} fights to enroll {hero.first} in the town school. The board resists, "
             f"but {hero.first} soon proves them wrong."),
            (f"{ps(mentor.first)} lessons",
             f"{mentor.full} mentors {hero.first} and teaches {hero.first} to speak to a crowd."),
            (f"{dad.first} forbids the protest",
             f"{dad.full} forbids {hero.first} from joining the protest, while {mom.first} takes "
             f"{ps(hero.first)} side."),
            ("The dance",
             f"{hero.first} meets {love.full} and the two fall in love. {bully.full} taunts "
             f"{sib.first} in front of the other children."),
            (f"The death of {victim.first}",
             f"On {ps(villain.first)} orders, {bully.first} shoots and kills {victim.full}."),
            ("Gathering proof",
             f"{love.first} helps {hero.first} copy the deeds that prove {villain.first} lied."),
        ]
        extra = [
            (f"{ps(hero.first)} visit to the doctor",
             f"{doctor.full} examines {hero.first} and warns {mom.first} about the winter."),
            (f"{ps(friend.first)} hiding place",
             f"{friend.full} hides the papers from {villain.first}."),
            ("A race against the clock",
             f"{rival.full} and {hero.first} compete for the same prize."),
            ("The letter",
             f"{clerk.full} finds a letter that {villain.first} wanted burned."),
            ("A quarrel at home",
             f"{hero.first} and {dad.first} argue about the future while {grand.first} listens."),
            ("Storm over the town",
             f"A storm cuts the roads, and {hero.first} and {love.first} wait it out together."),
            ("The hearing",
             f"{hero.first} speaks for the town and {villain.full} is ruined."),
            ("The last season",
             f"{hero.first} decides to stay one more season, with {love.first} beside {hero.him}."),
        ]
        n = rng.randint(8, 14)
        chosen = core + extra[: max(0, n - len(core))]
        chosen = chosen[:n]
        events = []
        for i, (title, desc) in enumerate(chosen):
            line, _ = self.place_line(i)
            events.append((title, desc, line))
        return events

    def characters(self) -> list[_Person]:
        c, rng, ps = self.cast, self.rng, self.poss
        hero = c["hero"]
        texts = {
            "hero": f"A young {rng.choice(JOBS)} who wants to leave {self.city} and ends up fighting for it.",
            "mother": f"{ps(c['father'].first)} wife and {ps(hero.first)} mother, a practical woman whose quiet defiance holds the family together.",
            "father": f"{ps(hero.first)} father, a tired {rng.choice(JOBS)} who fears losing the house.",
            "mentor": f"A teacher who takes {hero.first} under {c['mentor'].his} wing.",
            "villain": f"The owner of half of {self.city}, who will not be crossed.",
            "love": f"A gentle newcomer who falls for {hero.first} against everyone's advice.",
            "bully": f"{ps(c['villain'].first)} enforcer, a loud bully who does the dirty work.",
            "grand": f"{ps(hero.first)} grandfather, a retired {rng.choice(JOBS)} with a long memory.",
            "friend": f"{ps(hero.first)} loyal friend since childhood.",
            "rival": f"A clever student who competes with {hero.first} for the prize.",
            "doctor": "The town doctor, calm and overworked.",
            "clerk": f"A nervous clerk who knows more than {c['clerk'].he} says.",
        }
        out = []
        for role, text in texts.items():
            person = c[role]
            if not person.listed:
                continue
            person.description = text
            person.traits = rng.sample(TRAITS, 3)
            out.append(person)
        return out

    def themes(self) -> list[tuple[str, str, str]]:
        c = self.cast
        picks = self.rng.sample(THEMES, self.rng.randint(3, 5))
        lines = (
            f"{c['hero'].first} learns that the town is only strong when it stands together.",
            f"{c['mother'].first} and {c['father'].first} disagree about how much to risk.",
            f"The story asks what {c['villain'].first} owes to the people of {self.city}.",
            f"{c['love'].first} and {c['hero'].first} choose each other despite the town.",
            f"Every choice costs something, and {c['hero'].first} pays for all of them.",
        )
        return [(emoji, name, lines[i]) for i, (emoji, name) in enumerate(picks)]

    def settings(self) -> tuple[str, str, str, str]:
        other = [self._landmark() for _ in range(2)]
        locations = "; ".join(dict.fromkeys([f"{self.city}, {self.region}", *other]))
        return (
            str(self.story_year),
            f"Set in {self.story_year}, the film shows a town on the edge of change.",
            locations,
            f"The story moves between {self.city} and the country around it.",
        )


def generate_page(index: int, seed: int = 0, *, pools: _Pools | None = None,
                  taken: set[str] | None = None) -> Page:
    """The page number ``index`` of the corpus for ``seed``.

    ``taken`` holds the slugs of earlier pages; a colliding title is drawn again.
    """
    pools = pools or _pools(seed)
    rng = random.Random(f"{seed}:{index}")
    while True:
        title = _title(rng)
        year = rng.randint(1935, 2024)
        slug = _slug(title, year)
        if taken is None or slug not in taken:
            break
    film = _Film(rng, pools, title, year)
    return Page(slug, title, year, _render(film, rng))


def _render(f: _Film, rng: random.Random) -> str:
    t, y = f.title, f.year
    out: list[str] = []

    def intro(section: str) -> str:
        return rng.choice(INTROS[section]).format(t=t, y=y)

    def plot() -> None:
        out.extend([f"{t} Plot Summary", "", intro("Plot Summary"), "", ""])
        for para in f.plot():
            out.extend([para, ""])

    def timeline() -> None:
        out.extend([f"{t} Timeline", "", intro("Timeline"), "", ""])
        for title, desc, line in f.timeline():
            out.extend([title, "", desc, "", line, ""])

    def characters() -> None:
        out.extend([f"{t} Characters", "", intro("Characters"), "", ""])
        for p in f.characters():
            traits = " ".join(f"{e} {name}" for e, name in p.traits)
            out.extend([f"{p.full} ({p.actor})", "", p.description, "", traits, ""])

    def settings() -> None:
        period, pdesc, locs, ldesc = f.settings()
        out.extend([f"{t} Settings", "", intro("Settings"), "", "",
                    "Time period", "", period, "", pdesc, "",
                    "Location", "", locs, "", ldesc, ""])

    def themes() -> None:
        out.extend([f"{t} Themes", "", intro("Themes"), "", ""])
        for emoji, name, desc in f.themes():
            out.extend([emoji, "", name, "", desc, ""])

    out.extend(["Logo What's After the Movie", "",
                f"Test your knowledge of {t} with our quiz!", ""])
    plot()
    if rng.random() < 0.7:  # the usual order
        for part in (timeline, characters, settings, themes):
            part()
    else:  # the other order seen on the site: characters first, no settings
        for part in (characters, timeline, themes):
            part()
    out.extend([
        "Mobile App Preview", "", "Coming soon on iOS and Android", "",
        "The Plot Explained Mobile App", "",
        "Film stories wherever you are, on your phone.", "",
        f"{t} Spoiler-Free Summary", "", intro("Spoiler-Free Summary"), "", "",
        f"A family in {f.city} faces a choice that will divide the town.", "",
        "Can’t find your movie? Request a summary here.", "",
        "Movies with Similar Twists and Themes", "",
        "Films that share the story beats of this one.", "", "",
    ])
    return "\n".join(out)


def generate(n: int, outdir: str | Path, seed: int = 0) -> list[Path]:
    """Write ``n`` pages into ``outdir`` as ``<slug>.txt`` and return their paths."""
    if n < 0:
        raise ValueError("n must not be negative")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    pools = _pools(seed)
    taken: set[str] = set()
    paths = []
    for i in range(n):
        page = generate_page(i, seed, pools=pools, taken=taken)
        taken.add(page.slug)
        path = out / f"{page.slug}.txt"
        path.write_text(page.text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many pages")
    parser.add_argument("outdir", help="the folder to write them into")
    parser.add_argument("--seed", type=int, default=0, help="the corpus seed (default 0)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must not be negative")
    start = time.perf_counter()
    paths = generate(args.n, args.outdir, args.seed)
    took = time.perf_counter() - start
    print(f"wrote {len(paths)} pages to {args.outdir} in {took:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
