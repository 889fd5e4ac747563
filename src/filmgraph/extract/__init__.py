"""Extraction: a parsed page becomes a :class:`~filmgraph.model.Narrative`.

The page's structure gives the skeleton (:mod:`filmgraph.extract.structure`);
the prose stages add to it, each a pure function over frozen data:

1. :mod:`~filmgraph.extract.characters`: every character, with all their names;
2. :mod:`~filmgraph.extract.participants`: who takes part in each event, and
   the places each event's prose names;
3. :mod:`~filmgraph.extract.relations`: who does what to whom;
4. :mod:`~filmgraph.extract.themes`: what each theme speaks of.

The same page always gives the same narrative: no randomness, no model, no
network.
"""

from __future__ import annotations

from dataclasses import replace

from filmgraph.model import Narrative, PlotDocument

__all__ = ["extract", "extract_prose"]


def extract(doc: PlotDocument) -> Narrative:
    """Everything filmgraph reads from one page, deterministic for the same page."""
    from filmgraph.extract.structure import extract_structure

    return extract_prose(extract_structure(doc))


def extract_prose(narrative: Narrative) -> Narrative:
    """Add what the prose says to a narrative built from the page's structure."""
    from filmgraph.extract.characters import discover
    from filmgraph.extract.participants import add_participants, add_places_mentioned
    from filmgraph.extract.relations import extract_relations
    from filmgraph.extract.themes import link_themes

    characters, reading = discover(narrative)
    events = add_participants(narrative.events, reading)
    events = add_places_mentioned(events, narrative.places, reading)
    relations = extract_relations(reading)
    themes = link_themes(narrative.themes, events, reading, relations)
    return replace(narrative, characters=characters, events=events, relations=relations,
                   themes=themes)
