"""The rows of volume plans and shares (``scoring.allocation`` keeps the rules), values bound."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from governance.store import bulk
from governance.store.rowdicts import dicts


def plan(con: duckdb.DuckDBPyConnection, program: str, month: date) -> dict | None:
    found = dicts(
        con.execute(
            "SELECT plan_id, program, month, forecast_offered, source, recorded_by, recorded_at, "
            "version FROM volume_plans WHERE program = ? AND month = ?",
            [program, month],
        )
    )
    return found[0] if found else None


def insert_plan(
    con,
    *,
    program: str,
    month: date,
    forecast: float,
    source: str,
    recorded_by: str,
    recorded_at: datetime,
) -> int:
    return con.execute(
        "INSERT INTO volume_plans (program, month, forecast_offered, source, recorded_by, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING plan_id",
        [program, month, forecast, source, recorded_by, recorded_at],
    ).fetchone()[0]


def replace_plan(
    con, plan_id: int, *, forecast: float, source: str, recorded_by: str, recorded_at: datetime
) -> None:
    con.execute(
        "UPDATE volume_plans SET forecast_offered = ?, source = ?, recorded_by = ?, "
        "recorded_at = ?, version = version + 1 WHERE plan_id = ?",
        [forecast, source, recorded_by, recorded_at, plan_id],
    ).fetchall()
    con.execute("DELETE FROM volume_shares WHERE plan_id = ?", [plan_id]).fetchall()


def insert_shares(con, plan_id: int, shares: list[tuple[int, object]]) -> None:
    """(vendor_id, share_pct) of one plan."""
    bulk.insert_rows(
        con,
        "volume_shares",
        ["plan_id", "vendor_id", "share_pct"],
        [(plan_id, v, s) for v, s in shares],
    )


def shares(con: duckdb.DuckDBPyConnection, month: date) -> list[dict]:
    """Every plan of a month with each vendor's share, by program and vendor."""
    return dicts(
        con.execute(
            "SELECT p.plan_id, p.program, p.month, p.forecast_offered, p.version, v.name AS vendor, "
            "s.share_pct FROM volume_plans p JOIN volume_shares s ON s.plan_id = p.plan_id "
            "JOIN vendors v ON v.vendor_id = s.vendor_id WHERE p.month = ? "
            "ORDER BY p.program, v.name",
            [month],
        )
    )
