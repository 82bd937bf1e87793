"""The rows of the stakeholder survey (``scoring.survey`` keeps the rules), with every value bound."""

from __future__ import annotations

from datetime import date

import duckdb

from governance.store import bulk
from governance.store.rowdicts import dicts

DIMENSIONS = ("responsiveness", "reporting", "proactivity", "partnership")
COLUMNS = (
    "vendor_id",
    "quarter",
    "stakeholder_role",
    *DIMENSIONS,
    "comment",
    "source",
    "recorded_by",
    "recorded_at",
)


def insert(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Responses as tuples in ``COLUMNS`` order, in one statement (or one COPY on a server)."""
    bulk.insert_rows(con, "survey_responses", list(COLUMNS), rows)


def delete(con: duckdb.DuckDBPyConnection, vendor_id: int, quarter: date) -> int:
    """Remove a vendor's responses for a quarter; returns how many there were."""
    n = con.execute(
        "SELECT count(*) FROM survey_responses WHERE vendor_id = ? AND quarter = ?",
        [vendor_id, quarter],
    ).fetchone()[0]
    con.execute(
        "DELETE FROM survey_responses WHERE vendor_id = ? AND quarter = ?", [vendor_id, quarter]
    ).fetchall()
    return n


def responses(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_ids: list[int] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> list[dict]:
    """Responses (of these vendors; of quarters starting ``first``…``last``), with the vendor's
    name, by vendor, quarter and response."""
    wanted = vendor_ids or []
    marks = ", ".join("?" for _ in wanted) or "NULL"
    return dicts(
        con.execute(
            "SELECT r.response_id, v.name AS vendor, r.vendor_id, r.quarter, r.stakeholder_role, "  # noqa: S608 - placeholders only
            "r.responsiveness, r.reporting, r.proactivity, r.partnership, r.comment, r.source, "
            "r.recorded_by, r.recorded_at "
            "FROM survey_responses r JOIN vendors v ON v.vendor_id = r.vendor_id "
            f"WHERE (CAST(? AS BOOLEAN) OR r.vendor_id IN ({marks})) "
            "AND (CAST(? AS DATE) IS NULL OR r.quarter >= ?) "
            "AND (CAST(? AS DATE) IS NULL OR r.quarter <= ?) "
            "ORDER BY v.name, r.quarter, r.response_id",
            [vendor_ids is None, *wanted, first, first, last, last],
        )
    )


def quarters(con: duckdb.DuckDBPyConnection, vendor_id: int) -> list[tuple[date, int]]:
    """(quarter, responses) of a vendor, newest first."""
    return [
        (q, n)
        for q, n in con.execute(
            "SELECT quarter, count(*) FROM survey_responses WHERE vendor_id = ? "
            "GROUP BY quarter ORDER BY quarter DESC",
            [vendor_id],
        ).fetchall()
    ]
