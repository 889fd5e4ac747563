"""Fixtures shared by the whole test suite.

The real plot page lives beside the repository in ``../shared`` and is never
copied into it: tests read it at run time. On CI (``CI=true``) it must be there,
so a missing page fails the tests that need it instead of skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: The repository root.
REPO = Path(__file__).resolve().parents[1]
#: ``../shared`` beside the repository.
SHARED = Path(__file__).parents[1].parent / "shared"
#: Invented pages with their expected answers.
PAGES = REPO / "tests" / "fixtures" / "pages"


def _need(path: Path) -> str:
    """The text of a file a test needs: fail on CI when it is missing, skip elsewhere."""
    if not path.is_file():
        message = f"{path} is missing"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (corpus, gold annotations, notes)."""
    return SHARED


@pytest.fixture(scope="session")
def mask_page_path(shared_dir: Path) -> Path:
    """Path of the real saved page for *Mask* (1985)."""
    path = shared_dir / "corpus" / "mask-1985.txt"
    _need(path)
    return path


@pytest.fixture(scope="session")
def mask_page_text(shared_dir: Path) -> str:
    """The real saved page for *Mask* (1985), read from ``../shared/corpus``."""
    return _need(shared_dir / "corpus" / "mask-1985.txt")


@pytest.fixture(scope="session")
def mask_gold(shared_dir: Path) -> dict:
    """The hand annotations of the real *Mask* page."""
    import json

    return json.loads(_need(shared_dir / "gold" / "mask-1985.gold.json"))


@pytest.fixture(scope="session")
def own_mask_text() -> str:
    """The project's own-words version of the *Mask* page, ``data/mask-1985.txt``."""
    path = REPO / "data" / "mask-1985.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not written yet")
    return path.read_text(encoding="utf-8")
