"""Take docs/img/mask-report.png: the report page of Mask, opened offline in Chromium.

Run from the repository root:

    python docs/make_screenshot.py [--out docs/img/mask-report.png]

It builds the film from data/mask-1985.txt in memory, writes the page to a
temporary file, opens it with Debian's Chromium driven by Playwright (network
off), clicks Rocky Dennis so his arc shows, and saves the screenshot. Any
request that leaves the page's own file makes it fail.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "mask-report.png")
    parser.add_argument("--page", type=Path, default=ROOT / "data" / "mask-1985.txt")
    parser.add_argument("--character", default="Rocky Dennis", help="whose arc to open")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from filmgraph.pipeline import ingest
    from filmgraph.report import render_report
    from filmgraph.store import EmbeddedStore

    store = EmbeddedStore()
    [result] = ingest([args.page], store)
    html = render_report(store, result.slug)
    store.close()

    outside: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / f"{result.slug}.html"
        path.write_text(html, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(offline=True, viewport={"width": 1400, "height": 1050},
                                      device_scale_factor=1)
        page = context.new_page()
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                else outside.append(r.url))
        page.goto(path.as_uri())
        node = page.locator("#nodes .node", has=page.locator("text", has_text=args.character))
        node.first.click()
        page.mouse.move(0, 0)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    if outside:
        print(f"the page made requests: {outside}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
