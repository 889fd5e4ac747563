"""The ``filmgraph`` command: a thin click layer over the library.

Commands live in their own modules and are imported only when run (or when
``--help`` lists them), so ``filmgraph --help`` and the lookups start fast: no
rdflib, no networkx on the start-up path.

Errors the library raises on purpose (:class:`~filmgraph.errors.FilmGraphError`)
become one line on stderr and the exit code their class names.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any

import click

__all__ = ["main", "cli", "COMMANDS"]

#: command name -> "module:attribute", imported on first use.
COMMANDS: dict[str, str] = {
    "ingest": "filmgraph.cli.core:ingest",
    "films": "filmgraph.cli.core:films",
    "stats": "filmgraph.cli.core:stats",
    "validate": "filmgraph.cli.core:validate",
    "rdf": "filmgraph.cli.core:rdf",
    "load": "filmgraph.cli.loadcmd:load",
    "eval": "filmgraph.cli.extraction:evaluate",
    "explain": "filmgraph.cli.extraction:explain",
    "query": "filmgraph.cli.lookup:query",
    "queries": "filmgraph.cli.lookup:queries",
    "characters": "filmgraph.cli.lookup:characters",
    "events": "filmgraph.cli.lookup:events",
    "places": "filmgraph.cli.lookup:places",
    "themes": "filmgraph.cli.lookup:themes",
    "arc": "filmgraph.cli.lookup:arc",
    "where": "filmgraph.cli.lookup:where",
    "influence": "filmgraph.cli.lookup:influence",
    "relations": "filmgraph.cli.lookup:relations",
    "network": "filmgraph.cli.network:network",
    "export": "filmgraph.cli.network:export",
    "draw": "filmgraph.cli.network:draw",
    "report": "filmgraph.cli.view:report",
    "serve": "filmgraph.cli.view:serve",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported when first needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(module_name)
        command = getattr(module, attr, None)
        return command if isinstance(command, click.Command) else None


class Settings:
    """Global options, handed to every command through ``ctx.obj``."""

    def __init__(self, store: str | None, endpoint: str | None, update_endpoint: str | None,
                 timeout: float | None, base: str | None) -> None:
        self.store_path = store
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.timeout = timeout
        self.base = base


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", envvar="FILMGRAPH_STORE", metavar="PATH",
              help="The store folder [env FILMGRAPH_STORE; default: the per-user data folder].")
@click.option("--endpoint", envvar="FILMGRAPH_ENDPOINT", metavar="URL",
              help="Query a SPARQL 1.1 server instead of the embedded store.")
@click.option("--update-endpoint", envvar="FILMGRAPH_UPDATE_ENDPOINT", metavar="URL",
              help="The server's SPARQL Update URL, for ingest --endpoint.")
@click.option("--timeout", type=float, default=None, metavar="SECONDS",
              help="Stop a query that runs longer than this.")
@click.option("--base", envvar="FILMGRAPH_BASE", metavar="IRI",
              help="Base IRI of minted resources [env FILMGRAPH_BASE].")
@click.version_option(package_name="filmgraph-kg", prog_name="filmgraph")
@click.pass_context
def cli(ctx: click.Context, store: str | None, endpoint: str | None,
        update_endpoint: str | None, timeout: float | None, base: str | None) -> None:
    """filmgraph: a knowledge graph of film narratives.

    Plot pages become RDF (one named graph per film) in an embedded store or on a
    SPARQL server; ask who influences whom, what happens where, or a character's arc.

    \b
    Example:
      filmgraph ingest data/mask-1985.txt
      filmgraph arc rocky
    """
    if base:
        os.environ["FILMGRAPH_BASE"] = base
    ctx.obj = Settings(store, endpoint, update_endpoint, timeout, base)


def main(argv: list[str] | None = None) -> Any:
    """Run the command line; never shows a traceback for a foreseen error."""
    from filmgraph.errors import FilmGraphError

    try:
        try:
            rv = cli.main(args=argv, prog_name="filmgraph", standalone_mode=False)
        except SystemExit as exc:
            # click turns a closed stdout (EPIPE) into exit 1 after wrapping the streams;
            # for us a reader that stopped early (``| head``) is no error.
            if exc.code == 1 and type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper":
                _quiet_broken_pipe()
            raise
        if isinstance(rv, int) and rv:
            sys.exit(rv)
        return rv
    except FilmGraphError as exc:
        _fail(str(exc), exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        _fail("interrupted", 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except OSError as exc:
        import errno

        if exc.errno == errno.EPIPE:
            _quiet_broken_pipe()
        _fail(f"{exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}", 1)


def _fail(message: str, code: int) -> None:
    message = " ".join(str(message).split())  # one line, always
    try:
        click.echo(f"filmgraph: error: {message}", err=True)
    except OSError:
        pass
    sys.exit(code)


def _quiet_broken_pipe() -> None:
    # stdout went away (``| head``): stop quietly, and keep Python from complaining at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    sys.exit(0)
