"""Bound values for the staging engine's SQL: ``Params`` names each value as a parameter.

The staging engine (``readers``, ``agent_guard``, ``cells``, ``staging``) composes its SQL in
Python, expression by expression. Every value an expression needs (a regular expression, a date
format, a flag word, a vendor name, a profile's constant, a reason text, a limit) goes through
``Params.bind``, which keeps it under a fresh name and returns the placeholder to write instead
(``$p1``, ``$p2`` …); the value itself never enters the SQL text. Identifiers go through
``governance.store.quoting.quote_ident``. Expressions may be composed in any order and shared by
several statements of one collector: ``Params.execute`` passes each statement exactly the values
it names (DuckDB refuses a value that a statement does not use).

DuckDB binds the values of a statement executed with them as constants, so a bound pattern or
format is planned as a literal would be: a regular expression is compiled once, a ``strptime``
format is read once, and repeated expressions are still recognised as repeats.
"""

from __future__ import annotations

import re

import duckdb

# A placeholder outside string literals and quoted identifiers (a column may be named "$p1").
_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\$(p\d+)\b")


class Params:
    """The values of one or more statements, each bound under a name of its own."""

    __slots__ = ("_names", "values")

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self._names: dict[tuple[type, object], str] = {}

    def bind(self, value: object) -> str:
        """Keep ``value`` and return its placeholder (``$p1`` …); the same value of the same
        type is given the same name again."""
        try:
            key: tuple[type, object] | None = (type(value), value)
            name = self._names.get(key)
        except TypeError:  # unhashable (a dict of column types): a name of its own
            key, name = None, None
        if name is None:
            name = f"p{len(self.values) + 1}"
            self.values[name] = value
            if key is not None:
                self._names[key] = name
        return "$" + name

    def bind_all(self, values) -> str:
        """Placeholders for each of ``values``, comma separated (for ``IN (…)``)."""
        return ", ".join(self.bind(v) for v in values)

    def used_in(self, sql: str) -> dict[str, object]:
        """The values ``sql`` names, by name."""
        names = {m.group(1) for m in _PLACEHOLDER.finditer(sql) if m.group(1)}
        unknown = names - self.values.keys()
        if unknown:
            raise ValueError(f"SQL names parameters bound elsewhere: {sorted(unknown)}")
        return {n: self.values[n] for n in names}

    def execute(self, con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyConnection:
        """Run ``sql`` on ``con`` with the values it names."""
        return con.execute(sql, self.used_in(sql))
