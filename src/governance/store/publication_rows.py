"""The rows of published scorecards (``scoring.published`` keeps the rules), as named functions
with every value bound."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from governance.store.rowdicts import dicts

_COLUMNS = (
    "p.publication_id, v.name AS vendor, p.vendor_id, p.period, p.period_start, p.period_end, "
    "p.version, p.published_by, p.published_at, p.reason, p.document"
)


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
    return dicts(
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
    return dicts(
        con.execute(
            f"SELECT {_COLUMNS} FROM scorecard_publications p "  # noqa: S608 - a constant list
            "JOIN vendors v ON v.vendor_id = p.vendor_id "
            "WHERE p.vendor_id = ? AND p.period = ? ORDER BY p.version DESC",
            [vendor_id, period],
        )
    )


def listed(con: duckdb.DuckDBPyConnection, vendor_id: int | None = None) -> list[dict]:
    """Every publication (of one vendor when given), without documents: newest period first."""
    return dicts(
        con.execute(
            "SELECT p.publication_id, v.name AS vendor, p.period, p.period_start, p.version, "
            "p.published_by, p.published_at, p.reason FROM scorecard_publications p "
            "JOIN vendors v ON v.vendor_id = p.vendor_id "
            "WHERE (CAST(? AS INTEGER) IS NULL OR p.vendor_id = ?) "
            "ORDER BY p.period_start DESC, p.period, v.name, p.version DESC",
            [vendor_id, vendor_id],
        )
    )


def answers(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The newest publication of every vendor and period, with how many acknowledgements and
    disputes it has, and the vendor's dispute window (business days) from its newest contract."""
    return dicts(
        con.execute(
            "SELECT p.publication_id, v.name AS vendor, p.period, p.period_start, p.version, "
            "p.published_at, "
            "(SELECT count(*) FROM scorecard_acknowledgements a "
            "WHERE a.publication_id = p.publication_id) AS acknowledgements, "
            "(SELECT count(*) FROM scorecard_disputes d "
            "WHERE d.publication_id = p.publication_id) AS disputes, "
            "coalesce((SELECT c.dispute_days FROM contracts c WHERE c.vendor_id = p.vendor_id "
            "ORDER BY c.start_date DESC LIMIT 1), 10) AS dispute_days "
            "FROM scorecard_publications p JOIN vendors v ON v.vendor_id = p.vendor_id "
            "WHERE p.version = (SELECT max(q.version) FROM scorecard_publications q "
            "WHERE q.vendor_id = p.vendor_id AND q.period = p.period) "
            "ORDER BY v.name, p.period_start"
        )
    )
