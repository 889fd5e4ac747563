"""``filmgraph load``: add RDF files to the embedded store, all or nothing."""

from __future__ import annotations

import click

from filmgraph.cli._common import emit_rows, format_option, open_store, settings


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--graph", metavar="IRI",
              help="Put every statement into this named graph (default: triples go to the "
                   "default graph, quads keep their own).")
@click.option("--rdf-format", "rdf_format",
              type=click.Choice(["turtle", "nt", "nq", "trig", "rdfxml", "jsonld"]),
              default=None, help="The files' RDF format (default: from each file's suffix).")
@format_option(choices=("table", "json"))
def load(files: tuple[str, ...], graph: str | None, rdf_format: str | None,
         fmt: str | None) -> None:
    """Add RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) to the store.

    Every file is parsed completely before anything is stored, and then all of
    them are added in one transaction: a syntax error anywhere (reported as
    FILE:LINE:COLUMN) adds nothing. RDF/XML with a DOCTYPE or entity
    declarations is refused, and a JSON-LD remote @context is never fetched.

    \b
    Example:
      filmgraph load extra.ttl --graph https://example.org/graph/extra
    """
    from filmgraph.rdfio import load_files

    if graph is not None:
        import pyoxigraph as ox

        try:
            ox.NamedNode(graph)
        except ValueError:
            raise click.BadParameter(f"{graph!r} is not an absolute IRI",
                                     param_hint="--graph") from None
    if settings().endpoint:
        raise click.UsageError("load works on the embedded store only (drop --endpoint)")
    with open_store(write=True) as store:
        results = load_files(store, list(files), rdf_format, graph=graph)
    rows = [{"source": r.source, "format": r.format, "quads": r.quads} for r in results]
    emit_rows(rows, ["source", "format", "quads"], fmt)
