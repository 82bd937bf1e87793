"""A query's rows as dicts keyed by column name, for the row modules of the store layer."""

from __future__ import annotations


def dicts(cur) -> list[dict]:
    """Every row of the executed ``cur`` (a DuckDB or server connection) as a dict."""
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
