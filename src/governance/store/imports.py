"""The import's reads and writes of stored facts, as named functions: import batches, the
vendor × period slices of ``kpi_facts`` a batch replaces, the rows it restated (and rolling them
back), restatements and layouts (saved mappings). Used by ``governance.ingest`` (batches, facts,
importer, layouts).

Values are always bound parameters. Identifiers that must be dynamic (component, key and fact
columns, which the caller takes from the KPI catalogue, and a staging table's name) go through
``quoting.quote_ident``; SQL types come from a fixed list. The functions write within the caller's
transaction and start none of their own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime

import duckdb
import pandas as pd

from governance.errors import StaleRecord
from governance.store import server
from governance.store.db import WRITE_CONFLICT
from governance.store.quoting import quote_ident

_IN_SLICE = "vendor_id = ? AND date BETWEEN ? AND ?"
# The columns of import_batches a batch may be inserted with (batch_id comes from its sequence).
BATCH_COLUMNS = (
    "vendor_id",
    "file_name",
    "content_hash",
    "source",
    "status",
    "imported_by",
    "imported_at",
    "profile",
    "rows_read",
    "rows_loaded",
    "rows_rejected",
    "period_from",
    "period_to",
    "import_id",
    "grain",
    "shape",
    "components",
    "identifying_data",
)
_SQL_TYPES = ("INTEGER", "BIGINT", "DOUBLE", "VARCHAR", "DATE", "TIMESTAMP")


def _names(columns: Sequence[str], prefix: str = "") -> str:
    return ", ".join(prefix + quote_ident(c) for c in columns)


# --- slices of kpi_facts ---------------------------------------------------------------------------


def slice_fact_count(
    con: duckdb.DuckDBPyConnection, vendor_id: int, first: date, last: date
) -> int:
    """How many fact rows the vendor holds from ``first`` to ``last`` (both included)."""
    sql = f"SELECT count(*) FROM kpi_facts WHERE {_IN_SLICE}"  # noqa: S608 - fixed SQL
    return con.execute(sql, [vendor_id, first, last]).fetchone()[0]


def months_held(
    con: duckdb.DuckDBPyConnection, vendor_id: int, first: date, last: date
) -> list[date]:
    """The first days of the months in which the vendor holds facts from ``first`` to ``last``."""
    sql = (
        "SELECT DISTINCT CAST(date_trunc('month', date) AS DATE) AS m FROM kpi_facts "  # noqa: S608
        f"WHERE {_IN_SLICE} ORDER BY m"
    )
    return [m for (m,) in con.execute(sql, [vendor_id, first, last]).fetchall()]


def slice_totals(
    con: duckdb.DuckDBPyConnection,
    vendor_id: int,
    first: date,
    last: date,
    components: Sequence[str],
) -> tuple:
    """The sum of each of ``components`` over the vendor's facts from ``first`` to ``last``, in
    order (None where nothing was summed)."""
    sums = ", ".join(f"SUM({quote_ident(c)})" for c in components)
    sql = f"SELECT {sums} FROM kpi_facts WHERE {_IN_SLICE}"  # noqa: S608 - identifiers quoted
    return con.execute(sql, [vendor_id, first, last]).fetchone()


def vendors_holding_facts(
    con: duckdb.DuckDBPyConnection, periods: Sequence[tuple[int, date, date]]
) -> set[int]:
    """The vendor ids, among ``periods`` (vendor_id, first, last), that hold any fact in theirs."""
    if not periods:
        return set()
    rows = " UNION ALL ".join("SELECT ? AS vendor_id, ? AS first, ? AS last" for _ in periods)
    found = con.execute(
        f"SELECT DISTINCT p.vendor_id FROM ({rows}) p JOIN kpi_facts f "  # noqa: S608 - placeholders only
        "ON f.vendor_id = p.vendor_id AND f.date BETWEEN p.first AND p.last",
        [x for period in periods for x in period],
    ).fetchall()
    return {vid for (vid,) in found}


def clear_components(
    con: duckdb.DuckDBPyConnection,
    vendor_id: int,
    first: date,
    last: date,
    components: Sequence[str],
) -> None:
    """Set ``components`` to NULL in the vendor's facts from ``first`` to ``last``."""
    cleared = ", ".join(f"{quote_ident(c)} = NULL" for c in components)
    sql = f"UPDATE kpi_facts SET {cleared} WHERE {_IN_SLICE}"  # noqa: S608 - identifiers quoted
    con.execute(sql, [vendor_id, first, last])


def delete_empty_facts(
    con: duckdb.DuckDBPyConnection,
    vendor_id: int,
    first: date,
    last: date,
    components: Sequence[str],
) -> None:
    """Delete the vendor's facts from ``first`` to ``last`` in which every one of ``components``
    (all of them, to remove the rows that hold nothing) is NULL."""
    empty = " AND ".join(f"{quote_ident(c)} IS NULL" for c in components)
    sql = f"DELETE FROM kpi_facts WHERE {_IN_SLICE} AND {empty}"  # noqa: S608 - identifiers quoted
    con.execute(sql, [vendor_id, first, last])


def delete_slice(con: duckdb.DuckDBPyConnection, vendor_id: int, first: date, last: date) -> None:
    """Delete every fact of the vendor from ``first`` to ``last``."""
    sql = f"DELETE FROM kpi_facts WHERE {_IN_SLICE}"  # noqa: S608 - fixed SQL
    con.execute(sql, [vendor_id, first, last])


# --- a staging table's rows into kpi_facts ---------------------------------------------------------


def source_row_count(con: duckdb.DuckDBPyConnection, source_table: str, vendor_id: int) -> int:
    """How many rows of ``source_table`` belong to the vendor."""
    sql = f"SELECT count(*) FROM {quote_ident(source_table)} WHERE vendor_id = ?"  # noqa: S608 - identifier quoted
    return con.execute(sql, [vendor_id]).fetchone()[0]


def source_totals_by_vendor(
    con: duckdb.DuckDBPyConnection, source_table: str, components: Sequence[str]
) -> dict[int, tuple[int, list]]:
    """Per vendor in ``source_table``: its row count and the sum of each of ``components``."""
    sums = ", ".join(f"SUM({quote_ident(c)})" for c in components)
    rows = con.execute(
        f"SELECT vendor_id, count(*), {sums} FROM {quote_ident(source_table)} GROUP BY vendor_id"  # noqa: S608 - identifiers quoted
    ).fetchall()
    return {vid: (n, sums_row) for vid, n, *sums_row in rows}


def merge_into_facts(
    con: duckdb.DuckDBPyConnection,
    source_table: str,
    *,
    vendor_id: int,
    batch_id: int,
    key: Sequence[str],
    columns: Sequence[str],
    components: Sequence[str],
) -> None:
    """Merge the vendor's rows of ``source_table`` into ``kpi_facts`` as batch ``batch_id``: a
    fact with the same ``key`` takes the row's ``components``; a new key is inserted with
    ``columns`` (which name the vendor_id, the key and the components)."""
    src = quote_ident(source_table)
    match = " AND ".join(f"f.{quote_ident(k)} IS NOT DISTINCT FROM s.{quote_ident(k)}" for k in key)
    sets = ", ".join(f"{quote_ident(c)} = s.{quote_ident(c)}" for c in components)
    con.execute(
        f"UPDATE kpi_facts AS f SET {sets}, batch_id = ? FROM {src} AS s "  # noqa: S608 - identifiers quoted
        f"WHERE f.vendor_id = ? AND s.vendor_id = ? AND {match}",
        [batch_id, vendor_id, vendor_id],
    )
    con.execute(
        f"INSERT INTO kpi_facts ({_names(columns)}, batch_id) "  # noqa: S608 - identifiers quoted
        f"SELECT {_names(columns, 's.')}, ? FROM {src} AS s "
        f"WHERE s.vendor_id = ? AND NOT EXISTS (SELECT 1 FROM kpi_facts AS f "
        f"WHERE f.vendor_id = ? AND {match})",
        [batch_id, vendor_id, vendor_id],
    )


def insert_from_source(
    con: duckdb.DuckDBPyConnection,
    source_table: str,
    batches: Sequence[tuple[int, int]],
    columns: Sequence[str],
) -> None:
    """Insert the rows of ``source_table`` into ``kpi_facts``, each vendor's as its batch:
    ``batches`` holds (vendor_id, batch_id) pairs; ``columns`` are copied as they are."""
    if not batches:
        return
    pairs = " UNION ALL ".join("SELECT ? AS vendor_id, ? AS batch_id" for _ in batches)
    con.execute(
        f"INSERT INTO kpi_facts ({_names(columns)}, batch_id) "  # noqa: S608 - identifiers quoted
        f"SELECT {_names(columns, 's.')}, b.batch_id FROM {quote_ident(source_table)} AS s "
        f"JOIN ({pairs}) b ON b.vendor_id = s.vendor_id",
        [x for pair in batches for x in pair],
    )


def insert_facts_frame(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, types: Mapping[str, str]
) -> None:
    """Insert every row of ``frame`` into ``kpi_facts`` in one statement: ``types`` maps each
    column to load to its SQL type (INTEGER, BIGINT, DOUBLE, VARCHAR, DATE or TIMESTAMP), and
    each column is cast to it. The frame is scanned by DuckDB, not inserted row by row."""
    unknown = sorted({t for t in types.values() if t not in _SQL_TYPES})
    if unknown:
        raise ValueError(f"unknown SQL type(s) {unknown}; use one of {', '.join(_SQL_TYPES)}")
    view = "_governance_facts_batch"
    columns = list(types)
    if isinstance(con, server.ServerConnection):
        con.copy_frame("kpi_facts", _typed(frame[columns], types))
        return
    select = ", ".join(f"CAST({quote_ident(c)} AS {types[c]})" for c in columns)
    con.register(view, frame[columns])
    try:
        con.execute(
            f"INSERT INTO kpi_facts ({_names(columns)}) SELECT {select} FROM {quote_ident(view)}"  # noqa: S608 - identifiers quoted, types from a fixed list
        )
    finally:
        con.unregister(view)


def _typed(frame: pd.DataFrame, types: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with each column as the Python values its SQL type takes, for a ``COPY``: whole
    numbers as int, days as date, the rest as they are (None for a missing value)."""
    out = {}
    for column, kind in types.items():
        values = frame[column]
        if kind in ("INTEGER", "BIGINT"):
            values = pd.to_numeric(values).astype("Int64")
        elif kind == "DOUBLE":
            values = pd.to_numeric(values).astype("float64")
        elif kind == "DATE":
            values = pd.to_datetime(values).dt.date
        elif kind == "TIMESTAMP":
            values = pd.to_datetime(values)
        out[column] = values
    return pd.DataFrame(out)


# --- import batches ----------------------------------------------------------------------------------


def insert_batches(
    con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, object]]
) -> list[tuple[int, int]]:
    """Insert one ``import_batches`` row per mapping of column to value (every mapping with the
    same columns, from ``BATCH_COLUMNS``); returns the (batch_id, vendor_id) pairs created."""
    if not rows:
        return []
    columns = list(rows[0])
    unknown = [c for c in columns if c not in BATCH_COLUMNS]
    if unknown or any(list(r) != columns for r in rows):
        raise ValueError(f"import_batches rows must all have the same known columns: {unknown}")
    one = "(" + ", ".join("?" for _ in columns) + ")"
    return con.execute(
        f"INSERT INTO import_batches ({_names(columns)}) "  # noqa: S608 - identifiers quoted, placeholders only
        f"VALUES {', '.join(one for _ in rows)} RETURNING batch_id, vendor_id",
        [r[c] for r in rows for c in columns],
    ).fetchall()


def set_batch_status(con: duckdb.DuckDBPyConnection, batch_id: int, status: str) -> None:
    """Set a batch's status (loaded, restated)."""
    con.execute("UPDATE import_batches SET status = ? WHERE batch_id = ?", [status, batch_id])


def find_duplicate(
    con: duckdb.DuckDBPyConnection, vendor_id: int, content_hash: str
) -> dict | None:
    """The latest batch of the vendor, not rolled back, that loaded content with this hash:
    batch_id, file_name, imported_at, imported_by; None when there is none."""
    cur = con.execute(
        "SELECT batch_id, file_name, imported_at, imported_by FROM import_batches "
        "WHERE vendor_id = ? AND content_hash = ? AND status <> 'rolled_back' "
        "ORDER BY batch_id DESC LIMIT 1",
        [vendor_id, content_hash],
    )
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))


def batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> dict | None:
    """One batch with its vendor's name: batch_id, vendor_id, vendor, file_name, status, source,
    period_from, period_to; None when there is no such batch."""
    cur = con.execute(
        "SELECT b.batch_id, b.vendor_id, v.name AS vendor, b.file_name, b.status, b.source, "
        "b.period_from, b.period_to FROM import_batches b JOIN vendors v USING (vendor_id) "
        "WHERE b.batch_id = ?",
        [batch_id],
    )
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))


def later_overlapping_batches(
    con: duckdb.DuckDBPyConnection, vendor_id: int, batch_id: int, first: date, last: date
) -> list[int]:
    """The vendor's batches after ``batch_id``, not rolled back, whose period overlaps
    ``first``–``last``, in order."""
    rows = con.execute(
        "SELECT batch_id FROM import_batches WHERE vendor_id = ? AND batch_id > ? "
        "AND status <> 'rolled_back' AND period_from <= ? AND period_to >= ? ORDER BY batch_id",
        [vendor_id, batch_id, last, first],
    ).fetchall()
    return [r[0] for r in rows]


def mark_rolled_back(con: duckdb.DuckDBPyConnection, batch_id: int, by: str, at: datetime) -> None:
    """Record that ``by`` rolled the batch back at ``at``."""
    con.execute(
        "UPDATE import_batches SET status = 'rolled_back', rolled_back_by = ?, "
        "rolled_back_at = ? WHERE batch_id = ?",
        [by, at, batch_id],
    )


# --- restated rows and restatements ------------------------------------------------------------------


def keep_restated(
    con: duckdb.DuckDBPyConnection,
    batch_id: int,
    vendor_id: int,
    first: date,
    last: date,
    columns: Sequence[str],
) -> None:
    """Copy the vendor's facts from ``first`` to ``last`` (their ``columns``) to
    ``restated_facts`` as restated by ``batch_id``: what rolling the batch back restores."""
    cols = _names(columns)
    con.execute(
        f"INSERT INTO restated_facts (restated_by, {cols}) "  # noqa: S608 - identifiers quoted
        f"SELECT ?, {cols} FROM kpi_facts WHERE {_IN_SLICE}",
        [batch_id, vendor_id, first, last],
    )


def restated_summary(
    con: duckdb.DuckDBPyConnection, batch_id: int, components: Sequence[str]
) -> tuple[int, str | None]:
    """Of the rows ``batch_id`` restated, those holding any of ``components``: how many, and the
    batches they came from (comma-separated ids, None when there are none)."""
    held = " OR ".join(f"{quote_ident(c)} IS NOT NULL" for c in components)
    return con.execute(
        "SELECT count(*), string_agg(DISTINCT CAST(batch_id AS VARCHAR), ',') "  # noqa: S608 - identifiers quoted
        f"FROM restated_facts WHERE restated_by = ? AND ({held})",
        [batch_id],
    ).fetchone()


def restore_restated(con: duckdb.DuckDBPyConnection, batch_id: int, columns: Sequence[str]) -> int:
    """Put the rows ``batch_id`` restated back into ``kpi_facts`` (their ``columns``); returns
    how many."""
    cols = _names(columns)
    con.execute(
        f"INSERT INTO kpi_facts ({cols}) SELECT {cols} FROM restated_facts "  # noqa: S608 - identifiers quoted
        "WHERE restated_by = ?",
        [batch_id],
    )
    return con.execute(
        "SELECT count(*) FROM restated_facts WHERE restated_by = ?", [batch_id]
    ).fetchone()[0]


def insert_restatement(
    con: duckdb.DuckDBPyConnection,
    *,
    batch_id: int,
    vendor_id: int,
    period_from: date,
    period_to: date,
    components: str,
    replaced_batches: str,
    rows_before: int,
    before_totals: str,
    after_totals: str,
    recorded_at: datetime,
) -> None:
    """Record a restatement: the batch, its slice, the batches it replaced and the slice's totals
    before and after (JSON)."""
    con.execute(
        "INSERT INTO restatements (batch_id, vendor_id, period_from, period_to, components, "
        "replaced_batches, rows_before, before_totals, after_totals, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            batch_id,
            vendor_id,
            period_from,
            period_to,
            components,
            replaced_batches,
            rows_before,
            before_totals,
            after_totals,
            recorded_at,
        ],
    )


# --- layouts (saved mappings) ------------------------------------------------------------------------


def insert_layout(
    con: duckdb.DuckDBPyConnection,
    name: str,
    vendor_id: int | None,
    profile: str,
    by: str,
    at: datetime,
) -> int:
    """Store a new layout at version 1 (TOML), with its first version in ``layout_versions``;
    returns its id. ``StaleRecord`` when another writer stored one of that name (in any letter
    case) since this transaction began (the caller found none: the name is theirs now)."""
    try:
        (layout_id,) = con.execute(
            "INSERT INTO layouts (name, vendor_id, profile, version, created_by, created_at, "
            "updated_by, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?) RETURNING layout_id",
            [name, vendor_id, profile, by, at, by, at],
        ).fetchone()
    except duckdb.ConstraintException:
        raise StaleRecord(WRITE_CONFLICT) from None
    insert_layout_version(con, layout_id, 1, profile, by, at)
    return layout_id


def update_layout(
    con: duckdb.DuckDBPyConnection, layout_id: int, profile: str, by: str, at: datetime
) -> int:
    """Make ``profile`` the layout's next version (kept in ``layout_versions`` too); returns the
    version it now has."""
    (version,) = con.execute(
        "UPDATE layouts SET profile = ?, updated_by = ?, updated_at = ?, version = version + 1 "
        "WHERE layout_id = ? RETURNING version",
        [profile, by, at, layout_id],
    ).fetchone()
    insert_layout_version(con, layout_id, version, profile, by, at)
    return version


def insert_layout_version(
    con: duckdb.DuckDBPyConnection,
    layout_id: int,
    version: int,
    profile: str,
    by: str,
    at: datetime,
) -> None:
    """Keep one saved version of a layout. ``StaleRecord`` when that version is kept already
    (another writer saved it since this transaction began)."""
    try:
        con.execute(
            "INSERT INTO layout_versions (layout_id, version, profile, saved_by, saved_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [layout_id, version, profile, by, at],
        )
    except duckdb.ConstraintException:
        raise StaleRecord(WRITE_CONFLICT) from None


# --- imports on a server -------------------------------------------------------------------------

# The store tables the staging SQL joins with (vendor names and ids, registered labels): on a
# server, an import's in-process DuckDB holds a copy of them for the length of the import.
STAGING_MIRRORS = ("vendors", "vendor_labels")

_SERVER_TYPES = {
    "VARCHAR": "TEXT",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP",
    "DOUBLE": "DOUBLE PRECISION",
    "FLOAT": "DOUBLE PRECISION",
    "INTEGER": "INTEGER",
    "BIGINT": "BIGINT",
    "SMALLINT": "SMALLINT",
    "TINYINT": "SMALLINT",
    "HUGEINT": "NUMERIC",
    "BOOLEAN": "BOOLEAN",
}


@contextlib.contextmanager
def staging_workspace(con) -> Iterator[duckdb.DuckDBPyConnection]:
    """Where an import reads and checks a file: the store's own connection for a DuckDB file; for
    a PostgreSQL server, an in-memory DuckDB holding a copy of ``STAGING_MIRRORS`` (closed when
    the import ends). DuckDB reads and checks the file in both cases."""
    if not isinstance(con, server.ServerConnection):
        yield con
        return
    stage = duckdb.connect(":memory:", config={"python_enable_replacements": False})
    try:
        refresh_mirrors(con, stage)
        yield stage
    finally:
        stage.close()


def refresh_mirrors(store, stage) -> None:
    """Copy ``STAGING_MIRRORS`` from the store into the staging workspace again (after the import
    registered vendors); nothing when the workspace is the store itself."""
    if stage is store:
        return
    for table in STAGING_MIRRORS:
        frame = store.execute(f"SELECT * FROM {quote_ident(table)}").df()  # noqa: S608 - fixed names
        stage.execute(f"DROP TABLE IF EXISTS {quote_ident(table)}")
        stage.register("_mirror", frame)
        try:
            stage.execute(f"CREATE TABLE {quote_ident(table)} AS SELECT * FROM _mirror")  # noqa: S608 - fixed names
        finally:
            stage.unregister("_mirror")


def upload_staged(store, stage, table: str) -> None:
    """Copy a staging table of the workspace to the server, as a temporary table of the same name
    dropped when the current transaction ends, so the store's SQL reads it there; nothing when
    the workspace is the store itself. Call inside the transaction that writes the rows."""
    if stage is store:
        return
    described = stage.execute(f"DESCRIBE {quote_ident(table)}").fetchall()
    columns = []
    for name, kind, *_ in described:
        base = str(kind).split("(")[0].upper()
        sql_type = "NUMERIC" + kind[len(base) :] if base == "DECIMAL" else _SERVER_TYPES.get(base)
        columns.append(f"{quote_ident(name)} {sql_type or 'TEXT'}")
    store.raw.execute(
        f"CREATE TEMPORARY TABLE {quote_ident(table)} ({', '.join(columns)}) ON COMMIT DROP"
    )
    frame = stage.execute(f"SELECT * FROM {quote_ident(table)}").df()  # noqa: S608 - our table
    for name, kind, *_ in described:
        if str(kind).upper() == "DATE":
            frame[name] = pd.to_datetime(frame[name]).dt.date
    store.copy_frame(table, frame)
