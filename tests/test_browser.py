"""The report page in a real browser: Debian's Chromium driven by Playwright, offline.

Every test fails if the page makes a request that is not for its own file, or
opens a dialog. Expected names and relations are what the Mask page says.
When ``CI=true`` a missing Chromium or Playwright fails the tests instead of
skipping them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from test_report import HOSTILE, MASK, hostile_store

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _require_browser() -> None:
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the playwright package is not installed"
    if problem is None and not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        problem = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page with every request, dialog and script error recorded."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(offline=True, viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(5000)
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

        def route(r):
            url = r.request.url
            if url.startswith("file:"):
                r.continue_()
            else:
                self.outside.append(url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("request", lambda req: None if req.url.startswith(("file:", "data:"))
                     else self.outside.append(req.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: Path) -> Watched:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("#graph")
        return self

    def check_clean(self) -> None:
        assert self.outside == [], f"the page made requests: {self.outside}"
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"
        assert self.errors == [], f"script errors: {self.errors}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def mask_file(tmp_path_factory):
    from filmgraph.pipeline import ingest
    from filmgraph.report import render_report
    from filmgraph.store import EmbeddedStore

    store = EmbeddedStore()
    ingest([MASK], store)
    path = tmp_path_factory.mktemp("report") / "mask-1985.html"
    path.write_text(render_report(store, "mask-1985"), encoding="utf-8")
    store.close()
    return path


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory):
    from filmgraph.report import render_report

    store, slug = hostile_store()
    path = tmp_path_factory.mktemp("report") / "hostile.html"
    path.write_text(render_report(store, slug), encoding="utf-8")
    return path


@pytest.fixture
def mask(browser, mask_file):
    w = Watched(browser).open(mask_file)
    yield w
    w.check_clean()
    w.close()


def _visible_edges(page) -> int:
    return page.locator("#edges .edge:not(.hidden)").count()


def _hover_edge(page, selector: str) -> None:
    """Move the mouse onto the middle of an edge's curve (its box's centre may be off the curve)."""
    edge = page.locator(selector).first
    edge.scroll_into_view_if_needed()
    x, y = page.evaluate(
        """(sel) => {
          const p = document.querySelector(sel + ' path.hit');
          const pt = p.getPointAtLength(p.getTotalLength() / 2);
          const m = p.getScreenCTM();
          return [pt.x * m.a + pt.y * m.c + m.e, pt.x * m.b + pt.y * m.d + m.f];
        }""",
        selector,
    )
    page.mouse.move(x, y)


def _node(page, name: str):
    return page.locator("#nodes .node", has=page.locator("text", has_text=name)).first


# --------------------------------------------------------------------------- Mask


def test_graph_shows_the_characters(mask):
    labels = mask.page.locator("#nodes .node text").all_text_contents()
    for name in ("Rocky Dennis", "Rusty Dennis", "Gar Dennis", "Diana Adams", "Mr. Simms",
                 "Abe Dennis", "Ben", "Dozer"):
        assert name in labels, f"{name} is not a node of the graph"
    assert mask.page.title() == "Mask (1985) · filmgraph"


def test_graph_shows_the_relations(mask):
    page = mask.page
    # Each relation of the page is an edge whose tooltip names both ends and the kind.
    titles = page.locator("#edges .edge > title").all_text_contents()
    for want in ("Rusty Dennis parent of Rocky Dennis", "Gar Dennis father figure of Rocky Dennis",
                 "Rocky Dennis teaches Diana Adams"):
        assert any(t.startswith(want) for t in titles), f"no edge {want!r}"
    assert _visible_edges(page) == len(titles) > 0


def test_click_a_character_shows_the_arc(mask):
    page = mask.page
    _node(page, "Diana Adams").click()
    panel = page.locator("#panel-body")
    assert panel.get_attribute("data-showing") == "arc"
    assert panel.locator("h2").text_content() == "Diana Adams"
    assert "Laura Dern" in panel.text_content()
    arc = panel.locator("ol.arc li .ev-title").all_text_contents()
    # Diana is met at Camp Bloomfield (event 7) and kept apart from Rocky (event 8).
    assert arc[:2] == ["Meeting Diana at Camp Bloomfield", "Diana's parents keep them apart"]
    assert "Blind" in panel.locator(".traits").text_content()
    assert "Rocky Dennis" in panel.locator("ul.relations").text_content()


def test_slider_shrinks_the_graph(mask):
    page = mask.page
    everything = _visible_edges(page)
    nodes = page.locator("#nodes .node:not(.hidden)").count()
    page.locator("#slider").fill("1")
    assert page.locator("#slider-label").text_content().startswith("event 1.")
    early = _visible_edges(page)
    assert early < everything
    assert page.locator("#nodes .node:not(.hidden)").count() < nodes
    # Diana is not in the story yet at event 1.
    assert not _node(page, "Diana Adams").is_visible()
    page.locator("#slider").fill(page.locator("#slider").get_attribute("max"))
    assert _visible_edges(page) == everything


def test_kind_filter_hides_edges(mask):
    page = mask.page
    before = _visible_edges(page)
    box = page.locator('.kind-filter[value="parent_of"]')
    n = page.locator('#edges .edge[data-kind="parent_of"]').count()
    assert n > 0
    box.uncheck()
    assert _visible_edges(page) == before - n
    box.check()
    assert _visible_edges(page) == before


def test_edge_shows_its_evidence(mask):
    page = mask.page
    _hover_edge(page, '#edges .edge[data-kind="teaches"]')
    panel = page.locator("#panel-body")
    assert panel.get_attribute("data-showing") == "edge"
    quote = panel.locator("blockquote mark").first.text_content()
    assert quote and quote in MASK.read_text(encoding="utf-8")
    assert "Diana" in quote


def test_event_shows_its_sentence(mask):
    page = mask.page
    page.locator('#timeline li[data-index="7"]').click()
    panel = page.locator("#panel-body")
    assert panel.get_attribute("data-showing") == "event"
    assert panel.locator("h2").text_content() == "7. Meeting Diana at Camp Bloomfield"
    marks = panel.locator("blockquote mark").all_text_contents()
    page_text = MASK.read_text(encoding="utf-8")
    assert marks and all(m in page_text for m in marks)


# --------------------------------------------------------------------------- hostile labels


def test_hostile_label_is_text(browser, hostile_file):
    w = Watched(browser).open(hostile_file)
    try:
        page = w.page
        labels = page.locator("#nodes .node text").all_text_contents()
        assert HOSTILE in labels
        _node(page, "alert(1)").click()
        assert page.locator("#panel-body h2").text_content() == HOSTILE
        page.locator("#timeline li").first.click()
        _hover_edge(page, "#edges .edge")
        assert page.locator("#panel-body").get_attribute("data-showing") == "edge"
        assert HOSTILE in page.locator("#panel-body h2").text_content()
        # The only scripts are the page's own two; nothing was injected.
        assert page.locator("script").count() == 2
        assert page.locator("img, b, em").count() == 0
        assert page.evaluate("typeof window.alert") == "function"
    finally:
        w.check_clean()
        w.close()


def test_slider_and_filters_on_a_hand_built_film(browser, hostile_file):
    # The hand-built film ties "helps" to event 2 and "opposes" to event 3.
    w = Watched(browser).open(hostile_file)
    try:
        page = w.page
        assert _visible_edges(page) == 2
        page.locator("#slider").fill("1")
        assert _visible_edges(page) == 0
        page.locator("#slider").fill("2")
        assert page.locator("#edges .edge:not(.hidden)").get_attribute("data-kind") == "helps"
        page.locator("#slider").fill("4")  # the whole film
        assert _visible_edges(page) == 2
        assert page.locator("#slider-label").text_content() == "the whole film"
        page.locator('.kind-filter[value="opposes"]').uncheck()
        assert _visible_edges(page) == 1
        # The character in no event and no relation shows only in the whole film.
        lonely = _node(page, "Lonely")
        assert lonely.is_visible()
        page.locator("#slider").fill("3")
        assert not lonely.is_visible()
    finally:
        w.check_clean()
        w.close()
