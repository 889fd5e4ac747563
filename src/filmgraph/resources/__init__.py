"""Files shipped with filmgraph: the ontology, the SHACL shapes, the stored queries, the demo data.

In a source checkout these are the top-level ``ontology/``, ``queries/`` and ``data/``
folders (linked here); in an installed wheel they are copied into this package.

>>> resource_path("ontology", "filmgraph.ttl").name
'filmgraph.ttl'
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["resource_path", "resource_dir"]

_HERE = Path(__file__).resolve().parent


def resource_dir(kind: str) -> Path:
    """The folder of one kind of resource: ``"ontology"``, ``"queries"`` or ``"data"``."""
    if kind not in {"ontology", "queries", "data"}:
        raise ValueError(f"unknown resource kind {kind!r}")
    return _HERE / kind


def resource_path(kind: str, name: str) -> Path:
    """The path of one shipped file."""
    return resource_dir(kind) / name
