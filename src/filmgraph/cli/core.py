"""Commands that fill the store and show what it holds: ingest, films, stats, validate, rdf."""

from __future__ import annotations

import sys
from typing import Any

import click

from filmgraph.cli._common import emit_json, emit_rows, format_option, open_store, settings, warn

RDF_FORMATS = {
    "turtle": ("TURTLE", False),
    "nt": ("N_TRIPLES", False),
    "nq": ("N_QUADS", True),
    "trig": ("TRIG", True),
    "jsonld": ("JSON_LD", True),
}


@click.command()
@click.argument("pages", nargs=-1, required=True, metavar="PAGE_DIR_OR_GLOB...")
@click.option("--encoding", metavar="CODEC", help="Read the pages in this encoding instead of UTF-8.")
@click.option("--force", is_flag=True,
              help="Store a page again even if the store already holds its SHA-256.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for parsing and extraction [default: all cores].")
@format_option(choices=("table", "json"))
def ingest(pages: tuple[str, ...], encoding: str | None, force: bool, jobs: int | None,
           fmt: str | None) -> None:
    """Read plot pages and store each film in its own named graph.

    PAGE may be a file, a folder (its *.txt) or a glob. Pages are parsed and
    extracted on every core and loaded in bulk; a page whose SHA-256 the store
    already holds is skipped unless --force, so an interrupted batch can simply be
    run again. A film ingested again replaces its graph in one transaction. A bad
    page is reported and skipped, the others are stored (the exit code is then 1).

    \b
    Example:
      filmgraph ingest data/mask-1985.txt
      filmgraph ingest 'corpus/*.txt' --jobs 2
    """
    from filmgraph.pipeline import iter_pages

    paths = iter_pages(pages)
    if not paths:
        raise click.UsageError("no page matches " + " ".join(pages))
    s = settings()
    if s.endpoint:
        from filmgraph.remote import ingest_remote

        results = ingest_remote(paths, s.endpoint, update_endpoint=s.update_endpoint,
                                timeout=s.timeout, encoding=encoding)
        data = [
            {"source": r.source, "slug": r.slug, "title": r.title, "year": r.year,
             "triples": r.triples, "characters": r.characters, "events": r.events,
             "status": r.status, "warnings": list(r.warnings)}
            for r in results
        ]
        _ingest_report(data, [], fmt)
        return
    from filmgraph.batch import ingest_many
    from filmgraph.errors import InputError

    progress = _Progress(len(paths))
    with open_store(write=True) as store:
        result = ingest_many(paths, store, jobs=jobs, force=force, encoding=encoding,
                             progress=progress.step)
    progress.done()
    data = [
        {"source": p.source, "slug": p.slug, "title": p.title, "year": p.year,
         "triples": p.triples, "characters": p.characters, "events": p.events,
         "status": p.status, "warnings": list(p.warnings), "error": p.message}
        for p in result.pages
    ]
    if len(paths) == 1 and result.failures:
        raise InputError(result.failures[0][1])
    _ingest_report(data, result.failures, fmt)
    # The summary line: on a terminal, or when a large batch leaves the per-film table out.
    if len(paths) > 1 and (sys.stderr.isatty() or len(paths) > 50):
        rate = result.total / result.elapsed if result.elapsed else 0.0
        click.echo(
            f"filmgraph: {result.stored} stored, {result.replaced} replaced, "
            f"{result.skipped} skipped (already stored), {result.failed} failed; "
            f"{result.triples:,} triples in {result.elapsed:.1f} s ({rate:.0f} pages/s)",
            err=True,
        )
    if result.failures:
        click.get_current_context().exit(1)


def _ingest_report(data: list[dict[str, Any]], failures: list[tuple[str, str]],
                   fmt: str | None) -> None:
    for row in data:
        for w in row["warnings"]:
            warn(f"{row['source']}: {w}")
    for _source, message in failures:
        click.echo(f"filmgraph: error: {' '.join(message.split())}", err=True)
    if fmt == "json":
        emit_json(data)
        return
    ok = [row for row in data if row["status"] != "failed"]
    if len(ok) > 50:
        return  # the summary line says it all for a large batch
    emit_rows(ok, ["slug", "title", "year", "characters", "events", "triples", "status"], fmt)


class _Progress:
    """Pages done, pages/s and time left, on stderr when it is a terminal."""

    def __init__(self, total: int) -> None:
        import time

        self.total = total
        self.start = time.monotonic()
        self.show = total > 1 and sys.stderr.isatty()
        self._last = 0.0

    def step(self, done: int, total: int) -> None:
        import time

        if not self.show:
            return
        now = time.monotonic()
        if now - self._last < 0.2 and done < total:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0.0
        sys.stderr.write(f"\r{done:,}/{total:,} pages  {rate:,.0f} pages/s  "
                         f"ETA {int(left) // 60}:{int(left) % 60:02d} ")
        sys.stderr.flush()

    def done(self) -> None:
        if self.show:
            sys.stderr.write("\n")
            sys.stderr.flush()


@click.command()
@format_option()
def films(fmt: str | None) -> None:
    """List the films in the store, with the size of each film's graph.

    \b
    Example:
      filmgraph films --format json
    """
    from filmgraph.catalog import films as list_films

    with open_store() as store:
        rows = list_films(store)
    data = [{k: r[k] for k in ("slug", "title", "year", "iri", "triples")} for r in rows]
    emit_rows(data, ["slug", "title", "year", "triples"], fmt, json_data=data)


@click.command()
@format_option()
def stats(fmt: str | None) -> None:
    """Count what the store holds: films, characters, events, places, relations, quads.

    \b
    Example:
      filmgraph stats
    """
    from filmgraph.catalog import stats as count

    with open_store() as store:
        counts = count(store)
    if fmt == "json":
        emit_json(counts)
        return
    emit_rows([{"what": k, "count": v} for k, v in counts.items()], ["what", "count"], fmt)


@click.command()
@click.option("--film", metavar="SLUG", help="Validate one film (default: every film).")
@click.option("--shapes", type=click.Path(dir_okay=False), metavar="FILE",
              help="SHACL shapes to use instead of the shipped ontology/shapes.ttl.")
@format_option(choices=("table", "json"))
@click.pass_context
def validate(ctx: click.Context, film: str | None, shapes: str | None, fmt: str | None) -> None:
    """Check the stored graphs against the SHACL shapes; exit 0 if they conform, 1 if not.

    \b
    Example:
      filmgraph validate --film mask-1985
    """
    import pyoxigraph as ox

    from filmgraph.catalog import films as list_films
    from filmgraph.catalog import resolve_film
    from filmgraph.validate import Report, validate_nquads

    with open_store() as store:
        targets = [resolve_film(store, film)] if film else list_films(store)
        if not targets:
            raise click.ClickException("the store holds no film to validate")
        # Each film graph is validated on its own: shared nodes (actors, traits, themes)
        # may carry a different spelling of their label in another film's graph.
        chunks = [ox.serialize(store.quads(f["graph"]), format=ox.RdfFormat.N_QUADS) or b""
                  for f in targets]
    reports = [validate_nquads(chunk, shapes) for chunk in chunks]
    report = Report(all(r.conforms for r in reports),
                    tuple(v for r in reports for v in r.violations))
    if fmt == "json":
        emit_json({
            "conforms": report.conforms,
            "films": [f["slug"] for f in targets],
            "violations": [v.__dict__ for v in report.violations],
        })
    else:
        names = ", ".join(f["slug"] for f in targets)
        if report.conforms:
            click.echo(f"{names}: conforms to the shapes")
        else:
            click.echo(f"{names}: {len(report.violations)} violation(s)")
            shown = report.violations[:20]
            for v in shown:
                path = f" {v.path}" if v.path else ""
                click.echo(f"- {v.focus}{path}: {v.message}")
            if len(report.violations) > len(shown):
                click.echo(f"... and {len(report.violations) - len(shown)} more "
                           "(--format json lists them all)")
    ctx.exit(0 if report.conforms else 1)


@click.command()
@click.option("--format", "fmt", type=click.Choice(list(RDF_FORMATS)), default="turtle",
              show_default=True, help="RDF serialisation.")
@click.option("--film", metavar="SLUG", help="One film's graph (default: the whole store).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=False), metavar="FILE",
              help="Write to FILE (atomically) instead of stdout.")
def rdf(fmt: str, film: str | None, output: str | None) -> None:
    """Write the graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD.

    Turtle and N-Triples hold triples: with no --film they merge every graph.

    \b
    Example:
      filmgraph rdf --film mask-1985 --format turtle -o mask.ttl
    """
    import pyoxigraph as ox

    from filmgraph.catalog import resolve_film

    name, quads_format = RDF_FORMATS[fmt]
    with open_store() as store:
        graph = resolve_film(store, film)["graph"] if film else None
        if graph is None and not quads_format:
            data = ox.serialize(sorted({q.triple for q in store.quads()}, key=str),
                                format=getattr(ox.RdfFormat, name),
                                prefixes=_prefixes()) or b""
        elif graph is not None and not quads_format:
            data = store.dump(getattr(ox.RdfFormat, name), graph)
        else:
            quads = store.quads(graph) if graph else store.quads()
            prefixes = _prefixes() if name == "TRIG" else None
            data = ox.serialize(quads, format=getattr(ox.RdfFormat, name),
                                prefixes=prefixes) or b""
    if output:
        from filmgraph.fileio import atomic_write

        atomic_write(output, data)
        click.echo(f"wrote {len(data):,} bytes to {output}", err=True)
    else:
        click.echo(data.decode("utf-8"), nl=False)


def _prefixes() -> dict[str, str]:
    from filmgraph.vocab import PREFIXES

    return dict(PREFIXES)
