"""The one way to put a name into SQL text: ``quote_ident`` for identifiers. Values are always
bound as parameters; ``quote_path`` is the one exception, for the two DuckDB statements that take
no parameter (see its docstring)."""

from __future__ import annotations

from pathlib import Path


def quote_ident(name: str) -> str:
    """Quote an SQL identifier (table or column name) so it can be spliced into SQL safely."""
    return '"' + str(name).replace('"', '""') + '"'


def quote_path(path: str | Path) -> str:
    """Quote a file path as an SQL string literal, for ``EXPORT DATABASE`` and ``IMPORT DATABASE``
    only.

    Bind every other value, paths included: ``COPY … TO ?`` / ``COPY … FROM ?`` and
    ``ATTACH ?`` take a bound parameter. ``EXPORT DATABASE`` and ``IMPORT DATABASE`` do not: DuckDB
    (2.0) refuses ``?`` and ``$1`` there with a parser error, and accepts no expression either, so
    their directory has to be spelled as a literal. Single quotes are doubled, the standard SQL
    escape (a backslash is an ordinary character in a DuckDB string literal).
    """
    return "'" + str(path).replace("'", "''") + "'"
