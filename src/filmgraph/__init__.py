"""filmgraph: a knowledge graph of film narratives."""

from __future__ import annotations

__version__ = "0.1.0"
