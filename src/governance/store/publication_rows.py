"""The rows of published scorecards (``scoring.published`` keeps the rules), as named functions
with every value bound."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

_COLUMNS = (
    "p.publication_id, v.name AS vendor, p.vendor_id, p.period, p.period_start, p.period_end, "
    "p.version, p.published_by, p.published_at, p.reason, p.document"
)


def _dicts(cur) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def insert(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    period: str,
    period_start: date,
    period_end: date,
    version: int,
    published_by: str,
    published_at: datetime,
    reason: str | None,
    document: str,
) -> int:
    """A new publication; its id."""
    con.execute(
        "INSERT INTO scorecard_publications (vendor_id, period, period_start, period_end, "
        "version, published_by, published_at, reason, document) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            vendor_id,
            period,
            period_start,
            period_end,
            version,
            published_by,
            published_at,
            reason,
            document,
        ],
    ).fetchall()
    return con.execute(
        "SELECT publication_id FROM scorecard_publications "
        "WHERE vendor_id = ? AND period = ? AND version = ?",
        [vendor_id, period, version],
    ).fetchone()[0]


def latest_version(con: duckdb.DuckDBPyConnection, vendor_id: int, period: str) -> int:
    """The newest version published for the vendor and period (0 for none)."""
    return con.execute(
        "SELECT coalesce(max(version), 0) FROM scorecard_publications "
        "WHERE vendor_id = ? AND period = ?",
        [vendor_id, period],
    ).fetchone()[0]


def current(con: duckdb.DuckDBPyConnection, period: str) -> list[dict]:
    """The newest publication of each vendor for the period, by vendor name."""
    return _dicts(
        con.execute(
            f"SELECT {_COLUMNS} FROM scorecard_publications p "  # noqa: S608 - a constant list
            "JOIN vendors v ON v.vendor_id = p.vendor_id "
            "WHERE p.period = ? AND p.version = (SELECT max(q.version) "
            "FROM scorecard_publications q WHERE q.vendor_id = p.vendor_id AND q.period = p.period) "
            "ORDER BY v.name",
            [period],
        )
    )


def versions(con: duckdb.DuckDBPyConnection, vendor_id: int, period: str) -> list[dict]:
    """Every publication of the vendor for the period, newest first."""
    return _dicts(
        con.execute(
            f"SELECT {_COLUMNS} FROM scorecard_publications p "  # noqa: S608 - a constant list
            "JOIN vendors v ON v.vendor_id = p.vendor_id "
            "WHERE p.vendor_id = ? AND p.period = ? ORDER BY p.version DESC",
            [vendor_id, period],
        )
    )


def listed(con: duckdb.DuckDBPyConnection, vendor_id: int | None = None) -> list[dict]:
    """Every publication (of one vendor when given), without documents: newest period first."""
    return _dicts(
        con.execute(
            "SELECT p.publication_id, v.name AS vendor, p.period, p.period_start, p.version, "
            "p.published_by, p.published_at, p.reason FROM scorecard_publications p "
            "JOIN vendors v ON v.vendor_id = p.vendor_id "
            "WHERE (CAST(? AS INTEGER) IS NULL OR p.vendor_id = ?) "
            "ORDER BY p.period_start DESC, p.period, v.name, p.version DESC",
            [vendor_id, vendor_id],
        )
    )
