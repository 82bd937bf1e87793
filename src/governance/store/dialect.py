"""The store layer's SQL for PostgreSQL: every SQL text is written once, in DuckDB's dialect (the
embedded default), and read for a PostgreSQL server through SQLGlot, once per text.

What the translation must keep, and ``tests/integration/store/test_dialect.py`` checks on a real
server against DuckDB's answers: a ratio of sums stays a fraction (DuckDB's ``/`` divides
integers as doubles; PostgreSQL's would truncate, so SQLGlot casts the dividend), ``?`` becomes
psycopg's ``%s``, and a ``%`` inside a string literal is doubled so psycopg does not read it as a
placeholder. Money is DECIMAL on both, and no SQL text rounds (``ROUND(2.5)`` of a double differs
between the two engines); money is rounded in Python.
"""

from __future__ import annotations

import functools

import sqlglot
from sqlglot import exp

READ = "duckdb"
WRITE = "postgres"


@functools.lru_cache(maxsize=4096)
def postgres(sql: str) -> str:
    """One statement in DuckDB's dialect as PostgreSQL reads it, with psycopg placeholders."""
    statements = postgres_script(sql)
    if len(statements) != 1:
        raise ValueError(f"one statement expected, found {len(statements)}: {sql[:80]}")
    return statements[0]


def postgres_script(sql: str) -> list[str]:
    """Every statement of a script (a migration) in PostgreSQL's dialect, in order."""
    out = []
    for tree in sqlglot.parse(sql, read=READ):
        if tree is None:
            continue
        for literal in tree.find_all(exp.Literal):
            if literal.is_string and "%" in literal.this:
                literal.set("this", literal.this.replace("%", "%%"))
        out.append(tree.sql(dialect=WRITE))
    return out
