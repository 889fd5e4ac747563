"""Case 7: any text either parses (and extracts and maps) or raises filmgraph's own
InputError; nothing else escapes the page parser or the extractor.

The strategies build texts from page-like fragments (section headers, blurbs,
"Name (Actor)" lines, emoji trait lines, joined time/place lines, prose) as well
as arbitrary text, so the parser's deeper paths are reached, not only its
"no recognisable section" exit.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filmgraph.errors import InputError

TITLES = st.sampled_from(["Mask", "The Miller's Daughter", "Heist", "A", "東京 Story", "X (Y)",
                          "Café #1", "Mask Plot Summary"])
NAMES = st.sampled_from(["Rocky Dennis", "Rusty", "Mr. Simms", "Diana Adams", "Zoë Hart",
                         "ZOE\u0308 HART", "Abe", "The Bully", "Gar"])
ACTORS = st.sampled_from(["Eric Stoltz", "Cher", "", " ", "A (B)", "Laura Dern 🎬"])
PLACES = st.sampled_from(["Azusa, California", "Camp Bloomfield", "Rocky's bedroom, Azusa",
                          "Azusa, California – Junior High Graduation", "Griffith Park area",
                          "Diana Adams' home", "–", ""])
TIMES = st.sampled_from(["1979", "Graduation day", "New Year's Eve (camp event)",
                         "Bus trip during high school", "Morning after the headache", "", "1890s"])
EMOJI = st.sampled_from(["🧠 Intelligent 💖 Compassionate", "💙", "👨\u200d👩\u200d👧", "🏍️ Biker",
                         "Traits: brave, kind", "🎯"])
PROSE = st.sampled_from([
    "Rocky meets Diana at the camp and teaches her colours by touch.",
    "Rusty fights the principal, Mr. Simms, who wants Rocky in special classes.",
    "Her mother, Rusty (Cher), forbids nothing at all.",
    "Gar steps in as a father figure to Rocky and rides with the gang.",
    "It is 1979 in Azusa, California.",
])
SECTIONS = st.sampled_from(["Plot Summary", "Timeline", "Characters", "Settings", "Themes",
                            "Spoiler-Free Summary"])
NOISE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n\n\n", " \n", "\u2028", "\x00",
                              "\ufeff"])


@st.composite
def fragment(draw: st.DrawFn, title: str) -> str:
    kind = draw(st.integers(0, 11))
    if kind in (0, 10, 11):
        return f"{title} {draw(SECTIONS)}"
    if kind == 1:
        return f"Read the complete plot summary of {title} ({draw(st.integers(1880, 2030))})."
    if kind == 2:
        return f"{draw(NAMES)} ({draw(ACTORS)})"
    if kind == 3:
        return draw(EMOJI)
    if kind == 4:
        return f"{draw(TIMES)} {draw(PLACES)}".strip()
    if kind == 5:
        return draw(PROSE)
    if kind == 6:
        return draw(st.sampled_from(["Time period", "Location", "Directed by", "Made by"]))
    if kind == 7:
        return "; ".join(draw(st.lists(PLACES, max_size=3)))
    if kind == 8:
        return draw(NOISE)
    return draw(st.sampled_from(["Logo What's After the Movie", "Mobile App Preview", "1985",
                                 "Acceptance", "Love Across Difference"]))


@st.composite
def page_like(draw: st.DrawFn) -> str:
    title = draw(TITLES)
    parts = draw(st.lists(fragment(title), min_size=0, max_size=40))
    if draw(st.booleans()):
        # Usually a page opens with a section header: that is what leads past the first exit.
        parts.insert(0, f"{title} {draw(SECTIONS)}")
    seps = draw(st.lists(SEPARATORS, min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


def _parse_extract_map(text: str) -> None:
    from filmgraph.extract import extract
    from filmgraph.mapping import to_quads
    from filmgraph.parse import parse_text

    try:
        doc = parse_text(text, source="generated.txt")
    except InputError:
        return
    narrative = extract(doc)
    to_quads(narrative)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_like())
def test_page_like_text_parses_or_raises_input_error(text):
    _parse_extract_map(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_or_raises_input_error(text):
    _parse_extract_map(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_parse_or_raise_input_error(data):
    from filmgraph.parse import parse_bytes

    try:
        parse_bytes(data, source="generated.txt")
    except InputError:
        pass


def test_the_strategy_reaches_the_deep_paths():
    """The fragments do make pages with characters, events and themes (so the test means something)."""
    from filmgraph.parse import parse_text

    text = "\n\n".join([
        "Mask Plot Summary", "Read the complete plot summary of Mask (1985).",
        "It is 1979 in Azusa, California.", "Mask Timeline", "Camp", "Rocky meets Diana at the "
        "camp and teaches her colours by touch.", "New Year's Eve (camp event) Camp Bloomfield",
        "Mask Characters", "Rocky Dennis (Eric Stoltz)", "Rocky meets Diana at the camp and "
        "teaches her colours by touch.", "🧠 Intelligent 💖 Compassionate",
    ])
    doc = parse_text(text)
    assert doc.characters and doc.timeline
