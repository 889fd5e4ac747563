"""Options and output shared by the commands, written once.

Output goes to stdout as data only (tables, JSON, CSV, TSV, Markdown);
messages, warnings and progress go to stderr.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click

__all__ = [
    "FORMATS",
    "format_option",
    "film_option",
    "settings",
    "open_store",
    "emit_rows",
    "emit_json",
    "emit_stream",
    "warn",
    "use_color",
]

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "csv", "tsv", "md")


def format_option(default: str | None = None, choices: Sequence[str] = FORMATS) -> Callable[[F], F]:
    """``--format``: a table on a terminal, else the given default (or a table)."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=default,
        help="Output format (default: a table).",
    )


def film_option(f: F) -> F:
    """``--film SLUG``: optional when the store holds one film."""
    return click.option("--film", metavar="SLUG",
                        help="The film (optional when the store holds one).")(f)


def settings(ctx: click.Context | None = None) -> Any:
    """The global options (``filmgraph.cli.Settings``)."""
    ctx = ctx or click.get_current_context()
    return ctx.find_root().obj


@contextmanager
def open_store(*, write: bool = False) -> Iterator[Any]:
    """The store the global options name: the embedded one, or a SPARQL server."""
    s = settings()
    if s.endpoint:
        from filmgraph.remote import RemoteStore

        remote = RemoteStore(s.endpoint, update_endpoint=s.update_endpoint, timeout=s.timeout)
        try:
            yield remote
        finally:
            remote.close()
        return
    from filmgraph.store import EmbeddedStore, resolve_store_path

    store = EmbeddedStore(resolve_store_path(s.store_path), read_only=not write)
    try:
        yield store
    finally:
        store.close()


def use_color(stream: Any = None) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set or ``TERM=dumb``."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def warn(message: str) -> None:
    """A one-line warning on stderr."""
    text = f"filmgraph: warning: {message}"
    if use_color(sys.stderr):
        text = click.style(text, fg="yellow")
    click.echo(text, err=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return " ".join(str(value).split())


def emit_json(data: Any) -> None:
    """Write JSON to stdout (UTF-8, not ASCII-escaped)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def emit_stream(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str) -> None:
    """Write rows as they come: a JSON array of objects, or CSV/TSV with a header."""
    out = sys.stdout
    if fmt == "json":
        n = 0
        for n, row in enumerate(rows, start=1):
            out.write(("[" if n == 1 else ",") + "\n  " + json.dumps(row, ensure_ascii=False))
        out.write("\n]\n" if n else "[]\n")
        out.flush()
        return
    writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    out.flush()


def emit_rows(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str | None,
              *, json_data: Any = None) -> None:
    """Write rows in the chosen format; ``json_data`` (if given) is what ``--format json`` prints."""
    rows = list(rows)
    fmt = fmt or "table"
    if fmt == "json":
        emit_json(json_data if json_data is not None else rows)
        return
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        click.echo(buf.getvalue(), nl=False)
        return
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    if fmt == "md":
        click.echo("| " + " | ".join(columns) + " |")
        click.echo("|" + "|".join("---" for _ in columns) + "|")
        for r in cells:
            click.echo("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
        return
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths]
    bold = use_color()
    header = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
    click.echo(click.style(header, bold=True) if bold else header)
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        out = []
        for c, w in zip(r, widths, strict=True):
            out.append((c[: w - 1] + "…") if len(c) > w else c.ljust(w))
        click.echo("  ".join(out).rstrip())
