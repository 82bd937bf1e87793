"""The rows of excused events (``contracts.excused`` keeps the rules), with every value bound."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from governance.store.rowdicts import dicts

# A fact row on a day an excused event of its vendor covers (and of its program, site and
# channel where the event names one): the condition ``kpi_rollup(excused=True)`` leaves out.
EXCUSED_FACT = (
    "EXISTS (SELECT 1 FROM excused_events e WHERE e.vendor_id = f.vendor_id "
    "AND f.date BETWEEN e.date_from AND e.date_to "
    "AND (e.program IS NULL OR e.program = f.program) "
    "AND (e.site IS NULL OR e.site = f.site) "
    "AND (e.channel IS NULL OR e.channel = f.channel))"
)

_COLUMNS = (
    "e.event_id, v.name AS vendor, e.vendor_id, e.program, e.site, e.channel, e.date_from, "
    "e.date_to, e.kind, e.reason, e.approved_by, e.recorded_by, e.recorded_at"
)


def insert(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    program: str | None,
    site: str | None,
    channel: str | None,
    date_from: date,
    date_to: date,
    kind: str,
    reason: str,
    approved_by: str,
    recorded_by: str,
    recorded_at: datetime,
) -> int:
    con.execute(
        "INSERT INTO excused_events (vendor_id, program, site, channel, date_from, date_to, "
        "kind, reason, approved_by, recorded_by, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            vendor_id,
            program,
            site,
            channel,
            date_from,
            date_to,
            kind,
            reason,
            approved_by,
            recorded_by,
            recorded_at,
        ],
    ).fetchall()
    return con.execute(
        "SELECT max(event_id) FROM excused_events WHERE vendor_id = ? AND recorded_at = ?",
        [vendor_id, recorded_at],
    ).fetchone()[0]


def events(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int | None = None,
    first: date | None = None,
    last: date | None = None,
) -> list[dict]:
    """Excused events (of one vendor; overlapping ``first``…``last``), by start."""
    return dicts(
        con.execute(
            f"SELECT {_COLUMNS} FROM excused_events e "  # noqa: S608 - a constant list
            "JOIN vendors v ON v.vendor_id = e.vendor_id "
            "WHERE (CAST(? AS INTEGER) IS NULL OR e.vendor_id = ?) "
            "AND (CAST(? AS DATE) IS NULL OR e.date_to >= ?) "
            "AND (CAST(? AS DATE) IS NULL OR e.date_from <= ?) "
            "ORDER BY e.date_from, v.name, e.event_id",
            [vendor_id, vendor_id, first, first, last, last],
        )
    )
