"""Extraction: a parsed page becomes a :class:`~filmgraph.model.Narrative`.

The page's structure gives the skeleton (:mod:`filmgraph.extract.structure`);
the prose adds characters, participants, relations and theme links.
"""

from __future__ import annotations

from filmgraph.model import Narrative, PlotDocument

__all__ = ["extract"]


def extract(doc: PlotDocument) -> Narrative:
    """Everything filmgraph reads from one page, deterministic for the same page."""
    from filmgraph.extract.structure import extract_structure

    return extract_structure(doc)
