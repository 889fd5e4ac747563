"""The synthetic corpus generator: deterministic, and its pages read like real ones."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from filmgraph.pipeline import build

REPO = Path(__file__).resolve().parents[1]


def _load_generator():
    spec = importlib.util.spec_from_file_location("fg_generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fg_generate"] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return gen.generate(40, tmp_path_factory.mktemp("corpus"), seed=7)


def _bytes(paths: list[Path]) -> list[bytes]:
    return [p.read_bytes() for p in paths]


def test_same_seed_same_bytes(tmp_path: Path, corpus: list[Path]) -> None:
    again = gen.generate(40, tmp_path / "again", seed=7)
    assert [p.name for p in again] == [p.name for p in corpus]
    assert _bytes(again) == _bytes(corpus)


def test_different_seed_different_pages(tmp_path: Path, corpus: list[Path]) -> None:
    other = gen.generate(40, tmp_path / "other", seed=8)
    assert set(_bytes(other)).isdisjoint(_bytes(corpus))


def test_a_smaller_corpus_is_a_prefix(tmp_path: Path, corpus: list[Path]) -> None:
    small = gen.generate(10, tmp_path / "small", seed=7)
    assert _bytes(small) == _bytes(corpus[:10])


def test_slugs_are_unique(tmp_path: Path) -> None:
    paths = gen.generate(300, tmp_path, seed=3)
    assert len({p.name for p in paths}) == 300


def test_command_line(tmp_path: Path) -> None:
    assert gen.main(["5", str(tmp_path / "out"), "--seed", "2"]) == 0
    assert len(list((tmp_path / "out").glob("*.txt"))) == 5


def test_listed_characters_and_events_in_range(corpus: list[Path]) -> None:
    for path in corpus:
        text = path.read_text(encoding="utf-8")
        listed = re.findall(r"^[A-Z][a-z]+ [A-Z][a-z]+ \([A-Z][a-z]+ [A-Z][a-z]+\)$", text, re.M)
        assert 6 <= len(listed) <= 12, path.name
        b = build(path)
        names = {c.name for c in b.narrative.characters}
        for header in listed:
            assert header.split(" (")[0] in names, (path.name, header)
        assert 8 <= len(b.narrative.events) <= 14, path.name
        # A character named only in the prose (the hero's younger sibling) is found too.
        assert len(names) > len(listed), path.name


def test_pages_parse_with_the_real_parser(corpus: list[Path]) -> None:
    for path in corpus[:10]:
        b = build(path)
        title = b.document.title
        assert f"{title} Plot Summary" in path.read_text(encoding="utf-8")
        assert b.slug == path.stem
        assert b.document.year is not None
        assert len(b.narrative.themes) >= 3


def test_every_place_line_shape_occurs(corpus: list[Path]) -> None:
    """The joined time/place lines take the shapes the real pages use."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in corpus)
    shapes = {
        "year city": r"^\d{4} [A-Z]\w+, [A-Z][\w ]+$",
        "label city – sub": r"^[A-Z][\w ]+ [A-Z]\w+, [A-Z][\w ]+ – [a-z][\w ]+$",
        "label (qualifier) place": r"^[A-Z][\w' ]+ \([a-z ]+\) [A-Z][\w ]+$",
        "phrase place near place": r"^[A-Z][\w -]+ near [A-Z][\w ]+$",
        "name's room, city": r"^(?:[A-Z]\w+ )*[A-Z]\w+['’]s [a-z]+, [A-Z]\w+$",
        "place alone": r"^[A-Z]\w+ [A-Z][a-z]+$",
    }
    for name, pattern in shapes.items():
        assert re.search(pattern, text, re.M), name


def test_relations_are_stated_in_the_prose(corpus: list[Path]) -> None:
    text = corpus[0].read_text(encoding="utf-8")
    for phrase in (" mentors ", " teaches ", " forbids ", " from ", " taunts ",
                   " fights to enroll ", " helps ", " shoots and kills ", "mother, ", "grandfather, "):
        assert phrase in text, phrase


def test_places_and_actors_recur_across_films(corpus: list[Path]) -> None:
    from collections import Counter

    actors: Counter[str] = Counter()
    for path in corpus:
        text = path.read_text(encoding="utf-8")
        actors.update(set(re.findall(r"\(([A-Z][a-z]+ [A-Z][a-z]+)\)$", text, re.M)))
    assert actors.most_common(1)[0][1] >= 2
