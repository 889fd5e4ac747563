"""Commands over the character networks: network (metrics), export, draw."""

from __future__ import annotations

from typing import Any

import click

from filmgraph.cli._common import emit_json, emit_rows, film_option, format_option, open_store

_METRIC_GRAPHS = ("influence", "cooccurrence", "places")
_EXPORT_GRAPHS = ("influence", "cooccurrence", "places", "combined")
_EXPORT_FORMATS = ("graphml", "gexf", "json", "cytoscape", "csv", "dot")

until_option = click.option(
    "--until", type=click.IntRange(min=0), metavar="N",
    help="Build the graph from the story up to event N (relations tied to no event hold "
         "from the start).",
)


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


@click.command()
@click.option("--graph", "graph", type=click.Choice(_METRIC_GRAPHS), default="influence",
              show_default=True, help="Which network to measure.")
@film_option
@until_option
@click.option("--dynamic", is_flag=True,
              help="Print the film metrics after each event instead.")
@format_option()
def network(graph: str, film: str | None, until: int | None, dynamic: bool,
            fmt: str | None) -> None:
    """Print network metrics: the film's, then each character's (DraCor names).

    Film metrics: size, numEdges, density, diameter, averageClustering,
    averagePathLength, averageDegree, maxDegree, numConnectedComponents; for the
    influence graph also the share of balanced triads. Per character: degree,
    weightedDegree, in/out degree, betweenness, closeness, eigenvector, pagerank
    and community.

    \b
    Examples:
      filmgraph network --graph influence
      filmgraph network --graph cooccurrence --until 3 --format json
      filmgraph network --dynamic --format csv
    """
    from filmgraph import network as nw

    if dynamic and until is not None:
        raise click.UsageError("--dynamic and --until cannot be used together")
    with open_store() as store:
        if dynamic:
            steps = nw.dynamic_metrics(store, film, graph=graph)
        else:
            G = nw.network_graph(store, graph, film, until)
    if dynamic:
        rows = [{k: _round(v) for k, v in s.items()} for s in steps]
        emit_rows(rows, ["until", *nw.FILM_METRICS], fmt, json_data=steps)
        return
    film_m = nw.film_metrics(G)
    if graph == "influence":
        film_m["balancedTriadsShare"] = nw.balanced_triads_share(G)
    H = nw.with_metrics(G)
    chars = []
    for n, d in H.nodes(data=True):
        row = {"id": n, "label": d.get("label", n), "type": d.get("type")}
        row.update({k: d.get(k) for k in (*nw.CHARACTER_METRICS, "community")})
        chars.append(row)
    chars.sort(key=lambda r: (-r["pagerank"], str(r["label"])))
    if fmt == "json":
        emit_json({"film": G.graph.get("film"), "graph": graph, "until": until,
                   "metrics": film_m, "nodes": chars})
        return
    columns = ["label", *nw.CHARACTER_METRICS, "community"]
    if fmt in ("csv", "tsv"):
        # Machine formats hold one table: the per-node metrics, with their ids.
        emit_rows([{k: _round(v) for k, v in r.items()} for r in chars], ["id", "type", *columns],
                  fmt)
        return
    emit_rows([{"metric": k, "value": _round(v)} for k, v in film_m.items()],
              ["metric", "value"], fmt)
    click.echo()
    emit_rows([{k: _round(v) for k, v in r.items()} for r in chars], columns, fmt)


@click.command()
@click.option("--graph", "graph", type=click.Choice(_EXPORT_GRAPHS), default="influence",
              show_default=True, help="Which network to export.")
@click.option("--format", "fmt", type=click.Choice(_EXPORT_FORMATS), required=True,
              help="graphml (Cytoscape, igraph, Gephi), gexf (Gephi), json (networkx "
                   "node-link), cytoscape (Cytoscape.js), csv (Gephi spreadsheet), dot (Graphviz).")
@click.option("-o", "--output", metavar="PATH",
              help="The file to write (atomically); for csv a folder or a PATH.csv prefix. "
                   "Default: stdout (not for csv).")
@film_option
@until_option
def export(graph: str, fmt: str, output: str | None, film: str | None, until: int | None) -> None:
    """Export a network for Gephi, Cytoscape, igraph, Graphviz or pandas.

    Nodes carry id, label, type and the metrics; edges a stable id, kind, sign,
    weight, directed, events and evidence. Parallel relations between one pair
    stay separate edges. `combined` puts co-occurrence weights and relation kinds
    on one edge per pair.

    \b
    Examples:
      filmgraph export --graph influence --format gexf -o mask.gexf
      filmgraph export --graph combined --format csv -o mask-csv/
      filmgraph export --format dot | dot -Tsvg > mask.svg
    """
    from filmgraph.export import export as write
    from filmgraph.export import to_bytes
    from filmgraph.network import network_graph

    if fmt == "csv" and not output:
        raise click.UsageError("--format csv writes two files: give a folder with -o PATH")
    with open_store() as store:
        G = network_graph(store, graph, film, until)
    if output:
        paths = write(G, fmt, output)
        click.echo(f"wrote {', '.join(str(p) for p in paths)} ({G.number_of_nodes()} nodes, "
                   f"{G.number_of_edges()} edges)", err=True)
    else:
        click.echo(to_bytes(G, fmt).decode("utf-8"), nl=False)


@click.command()
@click.argument("picture", type=click.Choice(("influence", "cooccurrence", "timeline", "arc")))
@click.argument("character", required=False)
@film_option
@until_option
@click.option("-o", "--output", metavar="FILE", required=True,
              help="The picture to write: FILE.png or FILE.svg.")
def draw(picture: str, character: str | None, film: str | None, until: int | None,
         output: str) -> None:
    """Draw a network, the timeline, or one character's arc, as PNG or SVG.

    \b
    influence     who influences whom: node size by PageRank, edges by kind and sign
    cooccurrence  who shares events with whom, edge width by count
    timeline      the events in story order with their places and participants
    arc CHARACTER one character's path through the events and places

    \b
    Examples:
      filmgraph draw influence -o influence.png
      filmgraph draw arc rocky -o rocky.svg
    """
    from filmgraph import draw as pictures
    from filmgraph import network as nw

    if (picture == "arc") != (character is not None):
        raise click.UsageError("draw arc needs a CHARACTER" if picture == "arc"
                               else f"draw {picture} takes no CHARACTER")
    pictures.picture_format(output)  # refuse a bad suffix before reading the store
    with open_store() as store:
        if picture == "influence":
            pictures.draw_influence(nw.influence_graph(store, film, until), output)
        elif picture == "cooccurrence":
            pictures.draw_cooccurrence(nw.cooccurrence_graph(store, film, until), output)
        else:
            T = nw.timeline_graph(store, film, until)
            if picture == "timeline":
                pictures.draw_timeline(T, output)
            else:
                cast = nw.influence_graph(store, film)
                who = nw.resolve_character(cast, character or "")
                pictures.draw_arc(T, who, output, label=cast.nodes[who].get("label"))
    click.echo(f"wrote {output}", err=True)
