"""Extraction commands: ``eval`` scores a page's extraction against gold annotations,
``explain`` shows the sentence, rule and confidence behind an extracted fact.

``explain`` reads the store through the stored query ``queries/evidence.rq``,
never the page, so it works the same against a SPARQL server.
"""

from __future__ import annotations

from typing import Any

import click

from filmgraph.cli._common import emit_rows, film_option, format_option, open_store

__all__ = ["evaluate", "explain"]


@click.command("eval")
@click.argument("doc", type=click.Path(exists=True, dir_okay=False))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@format_option(choices=("table", "json"))
def evaluate(doc: str, gold: str, fmt: str | None) -> None:
    """Score the extraction of page DOC against the hand annotations GOLD.

    Prints precision, recall and F1 for characters (listed and prose-only),
    event participants, agents, places and times, relations (kind and
    direction) and theme links; ``n/a`` where the gold has nothing to compare.

    \b
    Example:
      filmgraph eval ../shared/corpus/mask-1985.txt ../shared/gold/mask-1985.gold.json
    """
    from filmgraph.evaluate import evaluate as score
    from filmgraph.evaluate import load_gold
    from filmgraph.extract import extract
    from filmgraph.parse import read_document

    result = score(extract(read_document(doc)), load_gold(gold))
    emit_rows(result.rows(), ["metric", "precision", "recall", "f1", "tp", "fp", "fn"], fmt,
              json_data=result.as_dict())


@click.command()
@film_option
@click.argument("subject")
@click.option("--kind", metavar="KIND", help="Only relations of this kind (e.g. parent_of).")
@format_option()
def explain(film: str | None, subject: str, kind: str | None, fmt: str | None) -> None:
    """Show the evidence behind a character, an event, or a relation "A -> B".

    SUBJECT is a character's name or alias, an event's title or index, or two
    names joined by "->" for the relations between them (either way round for
    relations without a direction).

    \b
    Example:
      filmgraph explain "Rusty Dennis -> Rocky Dennis" --kind parent_of
      filmgraph explain 8
    """
    from filmgraph.errors import InputError, NotFoundError

    if kind is not None:
        from filmgraph.model import RELATION_KINDS

        if kind not in RELATION_KINDS:
            raise InputError(f"unknown relation kind {kind!r} (kinds: {', '.join(RELATION_KINDS)})")
    source, _, target = subject.partition("->")
    source, target = source.strip(), target.strip()
    if not source or ("->" in subject and not target):
        raise InputError(f"cannot read {subject!r}: give a name, an event, or 'A -> B'")
    with open_store() as store:
        rows = evidence_rows(store, film, source, target or None, kind)
    if not rows:
        raise NotFoundError(f"no evidence found for {subject!r}")
    emit_rows(rows, ["what", "fact", "role", "rule", "confidence", "start", "end", "quote"], fmt,
              json_data=rows)


def evidence_rows(store: Any, film: str | None, subject: str, target: str | None,
                  kind: str | None) -> list[dict[str, Any]]:
    """Rows of evidence from the stored query ``evidence``, one per fact and span."""
    import pyoxigraph as ox

    from filmgraph.catalog import resolve_film
    from filmgraph.queries import film_bindings, load_query
    from filmgraph.store import to_python as _py

    query = load_query("evidence").text
    info = resolve_film(store, film)
    bound = film_bindings(store, info["iri"], info.get("graph"))  # film and its named graph
    pairs = [(subject, target or "")]
    if target:
        pairs.append((target, subject))  # relations without a direction, stored either way
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for i, (s, o) in enumerate(pairs):
        bindings = {**bound, "subject": ox.Literal(s), "object": ox.Literal(o),
                    "wantKind": ox.Literal(kind or "")}
        for r in store.select(query, bindings):
            if i == 1 and _py(r.get("directed")) is not False:
                continue
            key = (r["fact"].value, f"{r['start'].value}-{r['end'].value}")
            if key in seen:
                continue
            seen.add(key)
            what = r["what"].value
            label = r["label"].value
            if what == "relation":
                label = f"{r['source'].value} -{r['kind'].value}-> {r['target'].value}"
            out.append({
                "what": what,
                "fact": label,
                "role": _py(r.get("role")),
                "rule": _py(r.get("rule")),
                "confidence": _py(r.get("confidence")),
                "start": _py(r["start"]),
                "end": _py(r["end"]),
                "quote": " ".join(r["quote"].value.split()),
            })
    return out
