"""Commands that show the graph: ``report`` (an offline HTML page) and ``serve`` (a read-only endpoint)."""

from __future__ import annotations

import click

from filmgraph.cli._common import film_option, open_store, settings, warn


@click.command()
@film_option
@click.option("-o", "--output", "output", required=True, metavar="FILE.html",
              type=click.Path(dir_okay=False, writable=True),
              help="Where to write the page.")
def report(film: str | None, output: str) -> None:
    """Write one self-contained, interactive HTML page about a film.

    The page shows the influence graph (node size: PageRank; a slider steps
    through story time), the timeline, each character's arc, the sentence each
    relation and event was read from, and the places. It loads nothing from the
    network and works offline.

    \b
    Example:
      filmgraph report --film mask-1985 -o mask.html
    """
    from filmgraph.fileio import atomic_write
    from filmgraph.report import render_report

    with open_store() as store:
        page = render_report(store, film)
    atomic_write(output, page.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=None, show_default=False,
              help="The TCP port [default: 7878; 0 picks a free one].")
@click.option("--bind", "host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="The address to listen on; anything but localhost is reachable by others.")
@click.option("--query-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="SECONDS", help="Stop a query after this long [default: --timeout, else 10].")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Return at most this many rows (or triples) per query.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Query worker processes (queries that run at the same time).")
def serve(port: int | None, host: str, query_timeout: float | None, max_rows: int,
          workers: int) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol, with a page per film.

    Queries go to /sparql (GET or POST; JSON, XML, CSV or TSV by Accept);
    updates, LOAD, SERVICE and outside graphs are refused. Each film's report
    page is at /films/SLUG, and an index at /. Stop with Ctrl-C.

    \b
    Example:
      filmgraph serve --port 7878
      curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT%20*%20%7B?s%20?p%20?o%7D%20LIMIT%203'
    """
    from filmgraph.serve import DEFAULT_PORT, ServeOptions, is_loopback
    from filmgraph.serve import serve as run
    from filmgraph.store import resolve_store_path

    s = settings()
    if s.endpoint:
        raise click.UsageError("serve works on the embedded store; drop --endpoint")
    if not is_loopback(host):
        warn(f"listening on {host}: other machines can reach this endpoint (read-only)")
    timeout = query_timeout or s.timeout or 10.0
    options = ServeOptions(
        store_path=resolve_store_path(s.store_path), host=host,
        port=DEFAULT_PORT if port is None else port, timeout=timeout, max_rows=max_rows,
        workers=workers,
    )

    def ready(url: str) -> None:
        click.echo(f"filmgraph: serving {url} (SPARQL at {url}sparql, read-only; Ctrl-C stops)",
                   err=True)

    try:
        run(options, ready=ready)
    except KeyboardInterrupt:
        click.echo("filmgraph: stopped", err=True)
