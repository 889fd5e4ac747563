"""Tests of filmgraph.extract.structure and filmgraph.extract.places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from filmgraph.extract.places import resolve_places
from filmgraph.extract.structure import extract_structure, year_of
from filmgraph.model import Narrative
from filmgraph.parse import parse_text

PAGES = Path(__file__).parent / "fixtures" / "pages"

# Read off the real page by hand: event index -> (time label, year, place key).
MASK_EVENTS = {
    1: ("1979", 1979, "azusa-california"),
    2: (None, None, "azusa-california"),
    3: (None, None, "local-clinic-azusa"),
    4: (None, None, "junior-high-azusa"),
    5: ("Graduation day", None, "junior-high-azusa"),
    6: (None, None, "rusty-s-home-azusa"),
    7: ("New Year's Eve (camp event)", None, "camp-bloomfield"),
    8: (None, None, "diana-adams-home"),
    9: ("Early high school", None, "azusa-high-school"),
    10: ("Bus trip during high school", None, "equestrian-stables-near-griffith-park"),
    11: ("Morning after the headache", None, "rocky-s-bedroom-azusa"),
    12: (None, None, "rocky-dennis-s-grave"),
    13: (None, None, "rocky-dennis-s-grave"),
}
# place key -> (display name, parent key)
MASK_PLACES = {
    "california": ("California", None),
    "azusa-california": ("Azusa, California", "california"),
    "local-clinic-azusa": ("local clinic, Azusa", "azusa-california"),
    "junior-high-azusa": ("junior high, Azusa", "azusa-california"),
    "rusty-s-home-azusa": ("Rusty's home, Azusa", "azusa-california"),
    "camp-bloomfield": ("Camp Bloomfield", None),
    "diana-adams-home": ("Diana Adams' home", None),
    "azusa-high-school": ("Azusa High School", "azusa-california"),
    "griffith-park": ("Griffith Park", None),
    "equestrian-stables-near-griffith-park": ("Equestrian stables near Griffith Park", None),
    "rocky-s-bedroom-azusa": ("Rocky's bedroom, Azusa", "azusa-california"),
    "rocky-dennis-s-grave": ("Rocky Dennis's grave", None),
}

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\u2011": "-"})


def norm(text: str) -> str:
    """The gold README's matching normalisation."""
    return " ".join(text.translate(_FOLD).replace("\u200d", "").split()).casefold()


def names_of(place) -> set[str]:
    return {norm(place.name), *(norm(a) for a in place.aliases)}


def find_place(n: Narrative, name: str):
    hits = [p for p in n.places if norm(name) in names_of(p)]
    assert len(hits) <= 1, f"{name!r} names {len(hits)} places"
    return hits[0] if hits else None


@pytest.fixture(scope="module")
def mask(mask_page_text: str) -> Narrative:
    return extract_structure(parse_text(mask_page_text))


# --------------------------------------------------------------------------- the real page


def test_mask_characters(mask: Narrative) -> None:
    got = [(c.key, c.name, c.actor, c.aliases) for c in mask.characters]
    assert got == [
        ("rocky-dennis", "Rocky Dennis", "Eric Stoltz", ("Rocky Dennis", "Rocky")),
        ("rusty-dennis", "Rusty Dennis", "Cher", ("Rusty Dennis", "Rusty")),
        ("gar-dennis", "Gar Dennis", "Sam Elliott", ("Gar Dennis", "Gar")),
        ("diana-adams", "Diana Adams", "Laura Dern", ("Diana Adams", "Diana")),
        ("mr-simms", "Mr. Simms", "Ben Piazza", ("Mr. Simms",)),
        ("abe-dennis", "Abe Dennis", "Richard Dysart", ("Abe Dennis", "Abe")),
    ]
    rocky = mask.character("rocky-dennis")
    assert rocky.listed and rocky.kind == "person"
    assert rocky.traits == ("Intelligent", "Compassionate", "Determined")
    assert mask.character("gar-dennis").traits == (
        "Father figure",
        "Motorcycle culture",
        "Supportive",
    )
    assert rocky.description.startswith("Rocky is a teenage boy")
    for c in mask.characters:
        (ev,) = c.evidence
        assert (ev.rule, ev.confidence) == ("listed-character", 1.0)
        assert ev.span.of(mask.document.text) == c.name


def test_mask_events(mask: Narrative) -> None:
    text = mask.document.text
    assert [e.index for e in mask.events] == list(range(1, 14))
    got = {
        e.index: (e.time.label if e.time else None, e.time.year if e.time else None, e.place)
        for e in mask.events
    }
    assert got == MASK_EVENTS
    for e in mask.events:
        rules = [ev.rule for ev in e.evidence]
        assert rules == ["timeline-title", "timeline-description"]
        assert e.evidence[0].span.of(text) == e.title
        assert e.evidence[1].span.of(text) == e.description
        if e.time is not None:
            assert e.time.evidence.rule == "timeline-time"
            assert e.time.evidence.span.of(text) == e.time.label
        assert e.participants == ()
    assert mask.events[9].places_mentioned == ("griffith-park",)
    assert mask.events[3].title == "Rocky thrives in junior high"


def test_mask_places(mask: Narrative) -> None:
    got = {p.key: (p.name, p.part_of) for p in mask.places}
    assert got == MASK_PLACES
    junior = mask.place("junior-high-azusa")
    assert "Azusa, California – Junior High Graduation" in junior.aliases
    assert "Azusa junior high" in junior.aliases
    assert "Azusa" in mask.place("azusa-california").aliases
    assert "Griffith Park area" in mask.place("griffith-park").aliases
    assert "Grave site / memorial" in mask.place("rocky-dennis-s-grave").aliases
    text = mask.document.text
    for p in mask.places:
        assert p.evidence, p.key
        for ev in p.evidence:
            assert ev.rule in {"timeline-place", "setting-location"}
            assert ev.span.end > ev.span.start
        for m in p.mentions:
            assert m.span.of(text) == m.text


def test_mask_setting_themes_and_warnings(mask: Narrative) -> None:
    (period,) = mask.setting.periods
    assert (period.label, period.year) == ("1979", 1979)
    assert period.evidence.span.of(mask.document.text) == "1979"
    assert mask.setting.places == ("azusa-california", "camp-bloomfield", "griffith-park")
    assert mask.setting.description.startswith("Set in 1979")
    got = [(t.key, t.name, t.emoji, t.events, t.characters) for t in mask.themes]
    assert got == [
        ("acceptance", "Acceptance", "💙", (), ()),
        ("love-across-difference", "Love Across Difference", "💖", (), ()),
        ("family-and-belonging", "Family and Belonging", "👨👩👧", (), ()),
        ("mortality-and-resilience", "Mortality and Resilience", "🕯\ufe0f", (), ()),
    ]
    for t in mask.themes:
        assert [ev.rule for ev in t.evidence] == ["theme-name", "theme-description"]
        assert t.evidence[0].span.of(mask.document.text) == t.name
    assert mask.relations == () and mask.warnings == ()


def test_mask_against_gold(mask: Narrative, mask_gold: dict) -> None:
    """Score the places against the hand annotations: every required place, nothing unlisted."""
    _check_against_gold(mask, mask_gold)


def test_own_mask_page(own_mask_text: str, mask: Narrative) -> None:
    own = extract_structure(parse_text(own_mask_text))
    assert {p.key: (p.name, p.part_of) for p in own.places} == MASK_PLACES
    assert [(e.index, e.place, e.time.label if e.time else None) for e in own.events] == [
        (e.index, e.place, e.time.label if e.time else None) for e in mask.events
    ]
    assert [c.key for c in own.characters] == [c.key for c in mask.characters]
    assert own.setting.places == mask.setting.places


def test_missing_section_is_a_warning(mask_page_text: str) -> None:
    start = mask_page_text.index("Mask Themes\n")
    end = mask_page_text.index("Mobile App Preview")
    n = extract_structure(parse_text(mask_page_text[:start] + mask_page_text[end:]))
    assert n.warnings == ("the page has no Themes section",)
    assert n.themes == () and len(n.events) == 13


def test_extraction_is_deterministic(mask_page_text: str) -> None:
    assert extract_structure(parse_text(mask_page_text)) == extract_structure(
        parse_text(mask_page_text)
    )


def test_narrative_maps_to_rdf(mask: Narrative) -> None:
    from filmgraph.iri import Minter
    from filmgraph.mapping import to_quads

    quads = to_quads(mask, Minter("http://example.org/"))
    part_of = {
        (q.subject.value.rsplit("/", 1)[1], q.object.value.rsplit("/", 1)[1])
        for q in quads
        if q.predicate.value.endswith("partOf")
    }
    assert ("junior-high-azusa", "azusa-california") in part_of
    assert ("azusa-california", "california") in part_of
    assert not any(child.startswith("equestrian") for child, _ in part_of)


# --------------------------------------------------------------------------- invented pages


def _check_against_gold(n: Narrative, gold: dict) -> None:
    # every required place is found, under its name or an alias
    for name in gold["places"]:
        assert find_place(n, name) is not None, name
    # nothing is a place that the annotations do not list
    allowed = {norm(x) for x in (*gold["places"], *gold.get("places_optional", ()))}
    for p in n.places:
        assert names_of(p) & allowed, p.name
    # each event is at the annotated place
    for want, got in zip(gold["events"], n.events, strict=True):
        place = find_place(n, want["place_normalized"])
        assert place is not None and got.place == place.key, (got.index, got.place)
    # every part-of link the extractor makes is one the annotations make
    gold_links = {(norm(a), norm(b)) for a, b in gold.get("place_part_of", ())}
    if gold_links:
        for p in n.places:
            if p.part_of is not None:
                parent = n.place(p.part_of)
                assert any((c, q) in gold_links for c in names_of(p) for q in names_of(parent)), (
                    p.name,
                    parent.name,
                )


FIXTURE_PAGES = sorted(PAGES.glob("*.txt"))


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.stem)
def test_invented_page_places(path: Path) -> None:
    expected_path = path.with_name(path.stem + ".expected.json")
    if not expected_path.is_file():
        pytest.skip(f"{expected_path.name} is not written yet")
    gold = json.loads(expected_path.read_text(encoding="utf-8"))
    n = extract_structure(parse_text(path.read_text(encoding="utf-8")))
    _check_against_gold(n, gold)
    # the links the location lines state ("X, Town", "Town, Region – x") are all found
    by_name = {norm(p.name): p for p in n.places}
    for child, parent in gold.get("place_part_of", ()):
        if "," in child and norm(child) in by_name:
            got = by_name[norm(child)].part_of
            assert got is not None and norm(parent) in names_of(n.place(got)), child


# --------------------------------------------------------------------------- place rules


def _places(lines: list[str], locations: str | None = None) -> Narrative:
    """A page with one timeline event per location line."""
    parts = ["Film Timeline", ""]
    for i, line in enumerate(lines, 1):
        parts += [
            f"Event {i}",
            "",
            f"Something happens here in scene number {i} of the story.",
            "",
            line,
            "",
        ]
    if locations:
        parts += ["Film Settings", "", "Location", "", locations, ""]
    return extract_structure(parse_text("\n".join(parts)))


def test_rule_area_and_settings_order() -> None:
    n = _places(["Harbor Point"], "Harbor Point area; Elm Town; Harbor Point")
    assert n.setting.places == ("harbor-point", "elm-town")
    assert n.place("harbor-point").aliases == ("Harbor Point area",)


def test_rule_dash_sub_place_and_occasion() -> None:
    n = _places(
        [
            "Elm Town, Ohio – town hall",
            "Elm Town, Ohio – Town Hall Wedding",
            "Elm Town, Ohio – Spring Dance",
            "Elm Town, Ohio – Dance",
        ]
    )
    keys = [e.place for e in n.events]
    assert keys[0] == keys[1] == "town-hall-elm-town"
    assert n.place("town-hall-elm-town").part_of == "elm-town-ohio"
    # nothing left but a time and the occasion: the event is at the parent place
    assert keys[2] == keys[3] == "elm-town-ohio"
    assert "Elm Town, Ohio – Spring Dance" in n.place("elm-town-ohio").aliases
    assert n.place("elm-town-ohio").part_of == "ohio"


def test_rule_near_is_not_part_of() -> None:
    n = _places(["Old barn near Elm Creek", "Shed behind the old barn", "Old barn near Elm Creek"])
    barn = n.place("old-barn-near-elm-creek")
    assert barn.part_of is None
    assert n.events[0].places_mentioned == n.events[2].places_mentioned == ("elm-creek",)
    assert len(barn.mentions) == len(set(barn.mentions)) == 2
    assert n.place("elm-creek").part_of is None
    # a lower-case reference names no new place
    assert n.events[1].places_mentioned == ()
    assert {p.key for p in n.places} == {
        "elm-creek",
        "old-barn-near-elm-creek",
        "shed-behind-the-old-barn",
    }


def test_rule_comma_and_town_prefix() -> None:
    n = _places(
        ["Elm Town, Ohio", "Mia's flat, Elm Town", "Elm Town High School", "Cafe in Elm Town"]
    )
    assert n.place("mia-s-flat-elm-town").part_of == "elm-town-ohio"
    assert n.place("elm-town-high-school").part_of == "elm-town-ohio"
    assert n.place("cafe-in-elm-town").part_of == "elm-town-ohio"
    assert "Elm Town" in n.place("elm-town-ohio").aliases


def test_rule_generic_refers_back_to_one_place() -> None:
    n = _places(["Mia's grave", "Grave site / memorial"])
    assert n.events[1].place == "mia-s-grave"
    # two earlier graves: no way to tell which, so the generic text is its own place
    n = _places(["Mia's grave", "Tom's grave", "Grave site"])
    assert n.events[2].place == "grave-site"
    # no earlier grave: its own place
    n = _places(["Grave site / memorial"])
    assert n.events[0].place == "grave-site-memorial"
    # a named place is not generic
    n = _places(["Mia's mill", "Voss mill"])
    assert n.events[1].place == "voss-mill"


def test_rule_slug_equal_spellings_are_one_place() -> None:
    n = _places(["Elm Town, Ohio – junior high", "Elm Town, Ohio – Junior High", "ELM TOWN, OHIO"])
    assert n.events[0].place == n.events[1].place == "junior-high-elm-town"
    assert n.events[2].place == "elm-town-ohio"
    assert len({p.key for p in n.places}) == len(n.places)


def test_places_of_a_page_without_timeline_or_settings() -> None:
    table = resolve_places(parse_text("Film Themes\n\nHope\n\nIt keeps them going.\n"))
    assert table.places == () and table.setting_places == () and table.event_places == {}


def test_duplicate_names_get_distinct_keys() -> None:
    page = (
        "Film Characters\n\nJo (Ann Lee)\n\nThe elder sister, who runs the shop.\n\n🛒 Busy\n\n"
        "Jo (Bea Kim)\n\nA cousin with the same name, visiting.\n\n🧳 Curious\n\n"
        "Film Themes\n\nHope\n\nIt keeps them going.\n\nHope\n\nAgain, differently.\n"
    )
    n = extract_structure(parse_text(page))
    assert [c.key for c in n.characters] == ["jo", "jo-2"]
    assert [t.key for t in n.themes] == ["hope", "hope-2"]


@pytest.mark.parametrize(
    ("label", "year"),
    [
        ("1979", 1979),
        ("Summer 1985", 1985),
        ("1970s", None),
        ("late '70s", None),
        ("1979–1980", None),
        ("Day 3", None),
    ],
)
def test_year_of(label: str, year: int | None) -> None:
    assert year_of(label) == year
