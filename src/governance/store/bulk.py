"""Writing many rows at once into a table of either store, their values exact."""

from __future__ import annotations

import pyarrow as pa

from governance.store import server
from governance.store.quoting import quote_ident


def insert_rows(dest, table: str, columns: list[str], rows: list[tuple]) -> None:
    """``rows`` (tuples of Python values, in ``columns``' order) into ``table`` on ``dest``.

    A server takes them by ``COPY``. A DuckDB connection scans them as an Arrow table whose types
    come from the values (a ``Decimal`` stays a decimal, a ``date`` a date: nothing passes through
    a float, as it would through a pandas frame) and casts them to the columns' types.
    """
    if not rows:
        return
    if isinstance(dest, server.ServerConnection):
        dest.copy_rows(table, columns, rows)
        return
    batch = pa.Table.from_pydict({c: [r[i] for r in rows] for i, c in enumerate(columns)})
    names = ", ".join(quote_ident(c) for c in columns)
    # DuckDB refuses to register beside a result a caller left unfinished (a ``fetchone``); a
    # statement of our own closes it first.
    dest.execute("SELECT 1").fetchall()
    dest.register("_bulk_rows", batch)
    try:
        dest.execute(
            f"INSERT INTO {quote_ident(table)} ({names}) SELECT {names} FROM _bulk_rows"  # noqa: S608 - identifiers quoted
        )
    finally:
        dest.unregister("_bulk_rows")
