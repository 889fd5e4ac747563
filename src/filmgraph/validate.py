"""SHACL validation of film graphs against ``ontology/shapes.ttl`` (with pySHACL).

Examples
--------
>>> from filmgraph.pipeline import build, resource_path
>>> report = validate_quads(build(resource_path("data", "mask-1985.txt")).quads)
>>> report.conforms
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filmgraph.errors import ShapesError
from filmgraph.resources import resource_path

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["Violation", "Report", "validate_quads", "validate_nquads"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the focus node, the path, the message and the severity."""

    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None = None


@dataclass(frozen=True)
class Report:
    """The outcome of validating one graph."""

    conforms: bool
    violations: tuple[Violation, ...] = field(default=())
    text: str = ""


def _load_shapes(path: str | os.PathLike[str] | None) -> Any:
    import rdflib

    shapes_path = Path(path) if path else resource_path("ontology", "shapes.ttl")
    g = rdflib.Graph()
    try:
        g.parse(shapes_path, format="turtle")
    except FileNotFoundError:
        raise ShapesError(f"{shapes_path}: no such shapes file") from None
    except Exception as exc:  # rdflib raises many parser types
        msg = " ".join(str(exc).split())
        raise ShapesError(f"{shapes_path}: the shapes do not parse: {msg}") from None
    return g


def validate_nquads(data: bytes, shapes: str | os.PathLike[str] | None = None) -> Report:
    """Validate the union of the quads given as N-Quads."""
    import rdflib
    from pyshacl import validate

    shapes_graph = _load_shapes(shapes)
    # The graphs are validated as one: their quads are read as triples.
    data_graph = rdflib.Graph()
    data_graph.parse(data=_as_ntriples(data), format="nt")
    ont = rdflib.Graph()
    ont.parse(resource_path("ontology", "filmgraph.ttl"), format="turtle")
    conforms, results_graph, text = validate(
        data_graph, shacl_graph=shapes_graph, ont_graph=ont, inference="none",
        abort_on_first=False, allow_warnings=True,
    )
    return Report(bool(conforms), tuple(_violations(results_graph)), str(text))


def _as_ntriples(data: bytes) -> bytes:
    import pyoxigraph as ox

    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def validate_quads(quads: Iterable[ox.Quad], shapes: str | os.PathLike[str] | None = None) -> Report:
    """Validate the union of some pyoxigraph quads."""
    import pyoxigraph as ox

    data = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS) or b""
    return validate_nquads(data, shapes)


def _violations(results: Any) -> Iterable[Violation]:
    from rdflib.namespace import SH

    for r in results.subjects(SH.focusNode, None):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        msg = results.value(r, SH.resultMessage)
        sev = results.value(r, SH.resultSeverity)
        val = results.value(r, SH.value)
        yield Violation(
            focus=str(focus),
            path=str(path) if path is not None else None,
            message=str(msg) if msg is not None else "",
            severity=str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
            value=str(val) if val is not None else None,
        )
