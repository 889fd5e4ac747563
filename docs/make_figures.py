"""Regenerate the figures of *Mask* shown in the README: ``python docs/make_figures.py``.

Reads ``data/mask-1985.txt`` into an in-memory store, then draws the influence
graph and the timeline into ``docs/img/``. The layouts are seeded, so running it
again on the same page gives the same pictures.
"""

from __future__ import annotations

from pathlib import Path

from filmgraph.draw import draw_influence, draw_timeline
from filmgraph.network import influence_graph, timeline_graph
from filmgraph.pipeline import ingest
from filmgraph.store import EmbeddedStore

HERE = Path(__file__).resolve().parent
PAGE = HERE.parent / "data" / "mask-1985.txt"
OUT = HERE / "img"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    store = EmbeddedStore()
    ingest([PAGE], store)
    draw_influence(influence_graph(store, "mask-1985"), OUT / "mask-influence.png")
    draw_timeline(timeline_graph(store, "mask-1985"), OUT / "mask-timeline.png")
    for name in ("mask-influence.png", "mask-timeline.png"):
        print(OUT / name)


if __name__ == "__main__":
    main()
