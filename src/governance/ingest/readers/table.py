"""The staging table both readers fill, and how it is finished: blank and totals rows and unnamed
empty columns dropped and reported, the rows counted, a ``ReadResult`` describing what was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from governance.errors import InvalidInput
from governance.ingest.readers.headers import ROW_COLUMN, TOTALS_PATTERN
from governance.ingest.sql import Params
from governance.store.quoting import quote_ident

DROPPED_CAP = 100  # rows listed in ReadResult.dropped; the counts are always complete


@dataclass(frozen=True)
class ReadResult:
    """What ``read_into`` loaded and how it read the file.

    ``header_row`` is 1-based (the line of a CSV, the row of a sheet); ``headers`` are the staging
    table's column names in file order (``_row`` not included); ``rows`` is the number of data rows
    loaded; ``dropped`` lists up to ``DROPPED_CAP`` (row, reason) pairs for blank and totals rows,
    ``blank_rows`` / ``totals_rows`` count all of them; ``dropped_columns`` names the columns that
    had neither a header nor any value. ``cell_types`` (xlsx only) gives each column's native cell
    type: "text", "number", "date", "datetime", "time", "duration", "bool", "empty" or "mixed"; a
    "number" column was written by Excel with "." as the decimal point whatever the locale.
    """

    kind: str  # "csv" | "xlsx"
    file_name: str
    table: str
    header_row: int
    headers: tuple[str, ...]
    rows: int
    encoding: str | None = None  # csv: "utf-8", "utf-8-sig", "utf-16", "cp1252" or "latin-1"
    delimiter: str | None = None  # csv only
    sheet: str | None = None  # xlsx only
    sheets: tuple[str, ...] = ()
    dropped: tuple[tuple[int, str], ...] = ()
    blank_rows: int = 0
    totals_rows: int = 0
    dropped_columns: tuple[str, ...] = ()
    cell_types: dict[str, str] = field(default_factory=dict)


_SPACES = r"[\s\x{A0}]*"  # whitespace, non-breaking spaces included
_TOTALS_CELL = rf"(?i){_SPACES}(?:{TOTALS_PATTERN}){_SPACES}"


def _blankish(column: str, params: Params) -> str:
    # Empty or only whitespace. "< '!'" (first character a space or control) is a cheap test that
    # spares the pattern for almost every cell.
    spaces = params.bind(_SPACES)
    return f"({column} IS NULL OR ({column} < '!' AND regexp_full_match({column}, {spaces})))"


def _totals_cell(column: str, params: Params) -> str:
    return f"regexp_full_match({column}, {params.bind(_TOTALS_CELL)})"


def finish(
    con: duckdb.DuckDBPyConnection,
    table: str,
    names: list[str],
    generated: set[int],
    file_name: str,
    *,
    header_row: int,
    extra_blank: list[int],
    **details,
) -> ReadResult:
    """Drop blank and totals rows and unnamed empty columns; check there is data; describe it."""
    t = quote_ident(table)
    unnamed = [names[i] for i in sorted(generated)]
    dropped_columns: list[str] = []
    if unnamed:
        counts = con.execute(
            "SELECT " + ", ".join(f"count({quote_ident(n)})" for n in unnamed) + f" FROM {t}"  # noqa: S608 - identifiers quoted
        ).fetchall()[0]
        dropped_columns = [n for n, c in zip(unnamed, counts, strict=True) if c == 0]
        for name in dropped_columns:
            con.execute(f"ALTER TABLE {t} DROP COLUMN {quote_ident(name)}")
    kept = [n for n in names if n not in set(dropped_columns)]
    if not kept:
        raise InvalidInput(f"{file_name} has no columns with a header or data.")
    columns = [quote_ident(n) for n in kept]
    params = Params()
    blank = " AND ".join(_blankish(c, params) for c in columns)
    # The first non-blank cell names a totals row. Checking the first column alone is cheap and
    # settles nearly every row; only rows whose first cell is blank walk along the others.
    walk = " ".join(
        f"WHEN NOT {_blankish(c, params)} THEN {_totals_cell(c, params)}" for c in columns
    )
    head = columns[0]
    totals = (
        f"({head} >= '!' AND {_totals_cell(head, params)}) "
        f"OR (({head} IS NULL OR {head} < '!') AND CASE {walk} ELSE FALSE END)"
    )
    params.execute(
        con,
        f"CREATE OR REPLACE TEMP TABLE governance_dropped_rows AS "  # noqa: S608 - identifiers quoted
        f"SELECT {ROW_COLUMN} AS r, 'blank row' AS k FROM {t} WHERE {blank} "
        f"UNION ALL SELECT {ROW_COLUMN}, 'totals row' FROM {t} WHERE {totals}",
    )
    try:
        listed = con.execute(
            "SELECT r, k FROM governance_dropped_rows ORDER BY r LIMIT ?", [DROPPED_CAP]
        ).fetchall()
        blank_count, totals_count = con.execute(
            "SELECT count(*) FILTER (WHERE k = 'blank row'), count(*) FILTER (WHERE k = 'totals row') "
            "FROM governance_dropped_rows"
        ).fetchall()[0]
        if blank_count or totals_count:
            con.execute(
                f"DELETE FROM {t} WHERE {ROW_COLUMN} IN (SELECT r FROM governance_dropped_rows)"  # noqa: S608 - identifiers quoted
            )
    finally:
        con.execute("DROP TABLE IF EXISTS governance_dropped_rows")
    listed = sorted([(int(r), k) for r, k in listed] + [(n, "blank row") for n in extra_blank])
    (rows,) = con.execute(f"SELECT count(*) FROM {t}").fetchall()[0]  # noqa: S608 - identifier quoted
    if rows == 0:
        raise InvalidInput(
            f"{file_name} has a header row (row {header_row}) but no data rows below it."
        )
    cell_types = details.pop("cell_types", {})
    return ReadResult(
        file_name=file_name,
        table=table,
        header_row=header_row,
        headers=tuple(kept),
        rows=int(rows),
        dropped=tuple(listed[:DROPPED_CAP]),
        blank_rows=int(blank_count) + len(extra_blank),
        totals_rows=int(totals_count),
        dropped_columns=tuple(dropped_columns),
        cell_types={n: k for n, k in cell_types.items() if n in kept},
        **details,
    )
