"""The rows of the vendor's answers to published scorecards (acknowledgements and disputes), as
named functions with every value bound; ``scoring.disputes`` keeps the rules."""

from __future__ import annotations

from datetime import datetime

import duckdb

from governance.store.rowdicts import dicts

_DISPUTE = (
    "d.dispute_id, d.publication_id, v.name AS vendor, d.vendor_id, p.period, p.version "
    "AS publication_version, p.published_at, d.program, d.kpi, d.channel, d.reason, "
    "d.evidence_name, d.raised_by, d.raised_at, d.status, d.generated_value, d.new_value, "
    "d.resolution, d.resolved_by, d.resolved_at, d.version"
)
_FROM = (
    "FROM scorecard_disputes d JOIN vendors v ON v.vendor_id = d.vendor_id "
    "JOIN scorecard_publications p ON p.publication_id = d.publication_id "
)


def insert_acknowledgement(
    con, publication_id: int, vendor_id: int, by: str, at: datetime, note: str | None
) -> None:
    con.execute(
        "INSERT INTO scorecard_acknowledgements (publication_id, vendor_id, acknowledged_by, "
        "acknowledged_at, note) VALUES (?, ?, ?, ?, ?)",
        [publication_id, vendor_id, by, at, note],
    ).fetchall()


def acknowledgements(con, publication_id: int) -> list[dict]:
    return dicts(
        con.execute(
            "SELECT acknowledgement_id, acknowledged_by, acknowledged_at, note "
            "FROM scorecard_acknowledgements WHERE publication_id = ? ORDER BY acknowledged_at",
            [publication_id],
        )
    )


def insert_dispute(
    con: duckdb.DuckDBPyConnection,
    *,
    publication_id: int,
    vendor_id: int,
    program: str | None,
    kpi: str,
    channel: str | None,
    reason: str,
    evidence_name: str | None,
    evidence: bytes | None,
    raised_by: str,
    raised_at: datetime,
    generated_value: float | None,
) -> int:
    con.execute(
        "INSERT INTO scorecard_disputes (publication_id, vendor_id, program, kpi, channel, "
        "reason, evidence_name, evidence, raised_by, raised_at, generated_value) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            publication_id,
            vendor_id,
            program,
            kpi,
            channel,
            reason,
            evidence_name,
            evidence,
            raised_by,
            raised_at,
            generated_value,
        ],
    ).fetchall()
    return con.execute(
        "SELECT max(dispute_id) FROM scorecard_disputes WHERE publication_id = ? AND kpi = ? "
        "AND raised_at = ?",
        [publication_id, kpi, raised_at],
    ).fetchone()[0]


def dispute(con, dispute_id: int) -> dict | None:
    found = dicts(
        con.execute(
            f"SELECT {_DISPUTE} {_FROM} WHERE d.dispute_id = ?",  # noqa: S608 - constants
            [dispute_id],
        )
    )
    return found[0] if found else None


def disputes(con, *, vendor_id: int | None = None, publication_id: int | None = None) -> list[dict]:
    """Disputes, newest first (of one vendor, or of one publication, when given)."""
    return dicts(
        con.execute(
            f"SELECT {_DISPUTE} {_FROM} "  # noqa: S608 - constants
            "WHERE (CAST(? AS INTEGER) IS NULL OR d.vendor_id = ?) "
            "AND (CAST(? AS INTEGER) IS NULL OR d.publication_id = ?) "
            "ORDER BY d.raised_at DESC, d.dispute_id DESC",
            [vendor_id, vendor_id, publication_id, publication_id],
        )
    )


def evidence(con, dispute_id: int) -> tuple[str | None, bytes | None]:
    row = con.execute(
        "SELECT evidence_name, evidence FROM scorecard_disputes WHERE dispute_id = ?",
        [dispute_id],
    ).fetchone()
    return (None, None) if row is None else (row[0], None if row[1] is None else bytes(row[1]))


def resolve(
    con,
    dispute_id: int,
    *,
    status: str,
    new_value: float | None,
    resolution: str,
    by: str,
    at: datetime,
    version: int,
) -> int:
    """Resolve an open dispute at ``version``; the rows changed (0: it changed meanwhile)."""
    changed = con.execute(
        "UPDATE scorecard_disputes SET status = ?, new_value = ?, resolution = ?, "
        "resolved_by = ?, resolved_at = ?, version = version + 1 "
        "WHERE dispute_id = ? AND version = ? AND status = 'open' RETURNING dispute_id",
        [status, new_value, resolution, by, at, dispute_id, version],
    ).fetchall()
    return len(changed)


def upheld(con, publication_ids: list[int]) -> list[dict]:
    """The upheld disputes (overrides) of these publications."""
    if not publication_ids:
        return []
    marks = ", ".join("?" for _ in publication_ids)
    return dicts(
        con.execute(
            f"SELECT {_DISPUTE} {_FROM} WHERE d.status = 'upheld' "  # noqa: S608 - placeholders only
            f"AND d.publication_id IN ({marks}) ORDER BY d.resolved_at",
            [int(i) for i in publication_ids],
        )
    )


def upheld_in_force(con) -> list[dict]:
    """The upheld disputes of every vendor's newest publication of each period (the
    publication pages show), oldest ruling first."""
    return dicts(
        con.execute(
            f"SELECT {_DISPUTE}, p.period_start, p.period_end {_FROM} "  # noqa: S608 - constants
            "WHERE d.status = 'upheld' AND p.version = (SELECT max(q.version) FROM "
            "scorecard_publications q WHERE q.vendor_id = p.vendor_id AND q.period = p.period) "
            "ORDER BY d.resolved_at, d.dispute_id"
        )
    )


def contract_days(con, vendor_id: int) -> tuple[int, int]:
    """(dispute_days, dispute_resolve_days) of the vendor's newest contract (10, 20 without)."""
    row = con.execute(
        "SELECT dispute_days, dispute_resolve_days FROM contracts WHERE vendor_id = ? "
        "ORDER BY start_date DESC LIMIT 1",
        [vendor_id],
    ).fetchone()
    if row is None:
        return 10, 20
    return int(row[0] or 10), int(row[1] or 20)
