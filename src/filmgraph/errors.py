"""The one exception hierarchy of filmgraph.

Every error the library raises on purpose is a :class:`FilmGraphError`. The CLI
turns each into a one-line message on stderr and the exit code the class names,
so a user never sees a traceback for a condition we foresaw.

Examples
--------
>>> from filmgraph.errors import InputError, FilmGraphError
>>> err = InputError("page.txt: the file is empty")
>>> isinstance(err, FilmGraphError), err.exit_code
(True, 1)
"""

from __future__ import annotations

__all__ = [
    "EXIT_CODES",
    "FilmGraphError",
    "InputError",
    "EncodingError",
    "PageFormatError",
    "NotFoundError",
    "StoreError",
    "StoreLockedError",
    "QueryError",
    "QueryRefusedError",
    "QueryTimeoutError",
    "RemoteError",
    "ValidationError",
    "ShapesError",
    "ExportError",
    "RDFSyntaxError",
]


class FilmGraphError(Exception):
    """Base class of every error filmgraph raises on purpose."""

    exit_code = 1


class InputError(FilmGraphError):
    """A document or argument given by the user cannot be used."""


class EncodingError(InputError):
    """A document is not valid text in the expected encoding."""


class PageFormatError(InputError):
    """A document is text but not a plot page filmgraph recognises."""


class NotFoundError(FilmGraphError):
    """A film, character, place, theme or stored query does not exist."""


class StoreError(FilmGraphError):
    """The store cannot be opened, read or written."""

    exit_code = 3


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""

    exit_code = 4


class QueryError(FilmGraphError):
    """A SPARQL query is malformed or failed while running."""


class QueryRefusedError(QueryError):
    """A query asks for something read-only mode forbids (updates, SERVICE, LOAD...)."""

    exit_code = 5


class QueryTimeoutError(QueryError):
    """A query ran past its time limit and was stopped."""

    exit_code = 6


class RemoteError(FilmGraphError):
    """A SPARQL server could not be reached or answered with an error."""

    exit_code = 7


class ValidationError(FilmGraphError):
    """A graph does not conform to the SHACL shapes."""


class ShapesError(FilmGraphError):
    """A SHACL shapes file cannot be read."""

    exit_code = 2


class ExportError(FilmGraphError):
    """An output file cannot be written."""


class RDFSyntaxError(InputError):
    """An RDF file given to filmgraph does not parse."""


#: The exit codes of the ``filmgraph`` command, by meaning.
EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "bad input, not found, or the graph does not conform",
    2: "usage error (bad option or argument), or a SHACL shapes file that does not parse",
    3: "the store cannot be opened or written",
    4: "the store is in use by another process",
    5: "a query was refused (update, SERVICE, LOAD or remote FROM in read-only mode)",
    6: "a query ran past --timeout and was stopped",
    7: "a SPARQL server could not be reached or answered with an error",
    130: "interrupted (Ctrl-C)",
}
