"""Stored SPARQL queries (``queries/*.rq``) and running them with bound parameters.

A stored query is a ``.rq`` file that starts with ``# key: value`` comment lines
(``title``, ``question``, ``param NAME``, ``example``). Parameters are bound as
data (Oxigraph substitutions locally, a ``VALUES`` clause on a server), never
pasted into query text.

Examples
--------
>>> q = load_query("films")
>>> q.name, q.title
('films', 'Films')
>>> "SELECT" in q.text
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from filmgraph.errors import NotFoundError
from filmgraph.resources import resource_dir

__all__ = ["StoredQuery", "load_query", "stored_queries", "parse_query_file"]

_HEADER = re.compile(r"^#\s*(?P<key>[A-Za-z]+)(?:\s+(?P<arg>[A-Za-z_][A-Za-z0-9_]*))?\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True)
class StoredQuery:
    """A SPARQL query with its documentation and declared parameters."""

    name: str
    text: str
    title: str = ""
    question: str = ""
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""
    path: Path | None = None


def parse_query_file(path: Path, name: str | None = None) -> StoredQuery:
    """Read a ``.rq`` file and its header comments."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, arg, value = m.group("key").lower(), m.group("arg"), m.group("value").strip()
        if key == "param" and arg:
            params[arg] = value
        elif key in meta:
            meta[key] += " " + value
        else:
            meta[key] = value
    return StoredQuery(
        name=name or path.stem,
        text=text,
        title=meta.get("title", ""),
        question=meta.get("question", ""),
        params=params,
        example=meta.get("example", ""),
        path=path,
    )


def stored_queries() -> list[StoredQuery]:
    """Every stored query, by name."""
    return [parse_query_file(p) for p in sorted(resource_dir("queries").glob("*.rq"))]


def load_query(name: str) -> StoredQuery:
    """The stored query called ``name`` (``NotFoundError`` if there is none)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise NotFoundError(f"no stored query named {name!r}")
    path = resource_dir("queries") / f"{name}.rq"
    if not path.is_file():
        names = ", ".join(q.name for q in stored_queries())
        raise NotFoundError(f"no stored query named {name!r} (stored: {names})")
    return parse_query_file(path)
