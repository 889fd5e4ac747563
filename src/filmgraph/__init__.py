"""filmgraph: a knowledge graph of film narratives.

The notebook API is importable from the package itself, loaded on first use so
that ``import filmgraph`` stays light (no networkx, pandas or rdflib):

>>> import filmgraph
>>> filmgraph.open_store.__module__
'filmgraph.api'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["FilmGraph", "__version__", "open_store"]

#: Public names imported from their module on first access.
_LAZY: dict[str, str] = {"open_store": "filmgraph.api", "FilmGraph": "filmgraph.api"}

if TYPE_CHECKING:
    from filmgraph.api import FilmGraph, open_store


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'filmgraph' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
