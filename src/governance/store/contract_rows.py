"""The rows behind ``governance.contracts``: programs, contracts and the programs in their scope,
target versions and amendments, written and read as named functions.

The services in ``governance.contracts`` keep the rules (validation, versioning, the audit trail,
the transaction); these functions only say the SQL. Every value is a bound parameter; the only
column names put into SQL text are this module's fixed ones. Reads shared with the pages live in
``queries`` (``queries.contracts``, ``queries.target_versions``, ``queries.amendments``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import duckdb
import pandas as pd

# The columns of ``contracts`` a new contract is given (besides its id, created_at and version).
CONTRACT_FIELDS = (
    "vendor_id",
    "name",
    "start_date",
    "end_date",
    "pricing",
    "monthly_fee_basis",
    "at_risk_pct",
    "pool_pct_available",
    "earn_back_windows",
    "repeated_miss_count",
    "dispute_days",
    "dispute_resolve_days",
    "ratchet",
    "excused_kpis",
    "renewal_notice",
    "legal_review",
    "sl_over",
    "sl_threshold_seconds",
    "short_abandon_seconds",
    "csat_scale",
    "csat_top_box",
    "currency",
    "billing_tolerance_pct",
)
_TARGET_SELECT = (
    "SELECT target_id, contract_id, kpi, program, channel, expected, minimum, weight, tier, "
    "allocation_pct, category_pct, measurement_window, effective_from, effective_to, "
    "amendment_id, version FROM targets"
)
_SAME_TARGET = (
    "contract_id = ? AND kpi = ? AND program IS NOT DISTINCT FROM ? "
    "AND channel IS NOT DISTINCT FROM ?"
)
_IN_FORCE = "effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?)"


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _scalar(cur: duckdb.DuckDBPyConnection):
    row = cur.fetchone()
    return None if row is None else row[0]


# --- programs --------------------------------------------------------------------------------


def program_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a program of exactly that name is registered."""
    return bool(con.execute("SELECT count(*) FROM programs WHERE name = ?", [name]).fetchone()[0])


def insert_program(
    con: duckdb.DuckDBPyConnection, name: str, description: str | None = None
) -> None:
    """Register a program."""
    con.execute("INSERT INTO programs (name, description) VALUES (?, ?)", [name, description])


def insert_program_if_new(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Register a program (without a description) unless one of that name already is."""
    con.execute(
        "INSERT INTO programs (name) SELECT ? WHERE NOT EXISTS "
        "(SELECT 1 FROM programs WHERE name = ?)",
        [name, name],
    )


# --- contracts -------------------------------------------------------------------------------


def contract_id_by_name(con: duckdb.DuckDBPyConnection, vendor_id: int, name: str) -> int | None:
    """The id of the vendor's contract of exactly that name, or None."""
    return _scalar(
        con.execute(
            "SELECT contract_id FROM contracts WHERE vendor_id = ? AND name = ?", [vendor_id, name]
        )
    )


def newest_contract_id(con: duckdb.DuckDBPyConnection, vendor_id: int) -> int | None:
    """The id of the vendor's contract that starts last (the higher id on a tie), or None."""
    return _scalar(
        con.execute(
            "SELECT contract_id FROM contracts WHERE vendor_id = ? "
            "ORDER BY start_date DESC, contract_id DESC LIMIT 1",
            [vendor_id],
        )
    )


def contract_row(con: duckdb.DuckDBPyConnection, contract_id: int) -> dict | None:
    """Every column of one contract plus its vendor's name (``vendor``), or None."""
    rows = _rows(
        con.execute(
            "SELECT c.*, v.name AS vendor FROM contracts c JOIN vendors v USING (vendor_id) "
            "WHERE contract_id = ?",
            [contract_id],
        )
    )
    return rows[0] if rows else None


def contract_term(
    con: duckdb.DuckDBPyConnection, contract_id: int
) -> tuple[str, date, date | None] | None:
    """A contract's (name, start_date, end_date), or None when there is no such contract."""
    return con.execute(
        "SELECT name, start_date, end_date FROM contracts WHERE contract_id = ?", [contract_id]
    ).fetchone()


def insert_contract(
    con: duckdb.DuckDBPyConnection, fields: Mapping[str, object], created_at: datetime
) -> int:
    """Insert a contract; returns its new id.

    ``fields`` maps column names of ``CONTRACT_FIELDS`` to values (a column left out takes its
    default); ``ValueError`` for any other key.
    """
    unknown = sorted(set(fields) - set(CONTRACT_FIELDS))
    if unknown:
        raise ValueError(f"Not a contract column: {', '.join(unknown)}.")
    cols = [c for c in CONTRACT_FIELDS if c in fields]
    return con.execute(
        f"INSERT INTO contracts ({', '.join(cols)}, created_at) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join('?' for _ in cols)}, ?) RETURNING contract_id",
        [*(fields[c] for c in cols), created_at],
    ).fetchone()[0]


def insert_contract_program(con: duckdb.DuckDBPyConnection, contract_id: int, program: str) -> None:
    """Put a program in a contract's scope."""
    con.execute(
        "INSERT INTO contract_programs (contract_id, program) VALUES (?, ?)",
        [contract_id, program],
    )


def contract_program_names(con: duckdb.DuckDBPyConnection, contract_id: int) -> list[str]:
    """The programs in a contract's scope, sorted."""
    return [
        p
        for (p,) in con.execute(
            "SELECT program FROM contract_programs WHERE contract_id = ? ORDER BY program",
            [contract_id],
        ).fetchall()
    ]


# --- amendments and target versions ------------------------------------------------------------


def amendment_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many amendments are recorded, over every contract."""
    return con.execute("SELECT count(*) FROM amendments").fetchone()[0]


def amendment_rows(
    con: duckdb.DuckDBPyConnection, contract_id: int
) -> list[tuple[int, date, str, str]]:
    """A contract's amendments as (amendment_id, effective_from, reason, approved_by), in date
    order (the lower id first on one day)."""
    return con.execute(
        "SELECT amendment_id, effective_from, reason, approved_by FROM amendments "
        "WHERE contract_id = ? ORDER BY effective_from, amendment_id",
        [contract_id],
    ).fetchall()


def insert_amendment(
    con: duckdb.DuckDBPyConnection,
    contract_id: int,
    *,
    effective_from: date,
    reason: str,
    approved_by: str,
    recorded_by: str,
    recorded_at: datetime,
) -> int:
    """Insert an amendment of a contract; returns its new id."""
    return con.execute(
        "INSERT INTO amendments (contract_id, effective_from, reason, approved_by, recorded_by, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING amendment_id",
        [contract_id, effective_from, reason, approved_by, recorded_by, recorded_at],
    ).fetchone()[0]


def targets_in_force(con: duckdb.DuckDBPyConnection, contract_id: int, on: date) -> pd.DataFrame:
    """The target versions of a contract in force on day ``on``, by KPI, program and channel."""
    return con.execute(
        f"{_TARGET_SELECT} WHERE contract_id = ? AND {_IN_FORCE} "  # noqa: S608 - fixed text
        "ORDER BY kpi, program NULLS FIRST, channel NULLS FIRST",
        [contract_id, on, on],
    ).df()


def target_rows(con: duckdb.DuckDBPyConnection, contract_id: int) -> list[dict]:
    """Every target version of a contract as plain dicts, by ``target_id``."""
    return _rows(
        con.execute(
            f"{_TARGET_SELECT} WHERE contract_id = ? ORDER BY target_id",  # noqa: S608 - fixed text
            [contract_id],
        )
    )


def target_rows_in_force(
    con: duckdb.DuckDBPyConnection,
    contract_id: int,
    kpi: str,
    program: str | None,
    channel: str | None,
    on: date,
) -> list[dict]:
    """The versions of one target (KPI, program, channel; None matches None) in force on ``on``,
    as plain dicts by ``target_id``."""
    return _rows(
        con.execute(
            f"{_TARGET_SELECT} WHERE {_SAME_TARGET} AND {_IN_FORCE} "  # noqa: S608 - fixed text
            "ORDER BY target_id",
            [contract_id, kpi, program, channel, on, on],
        )
    )


def target_versions_from(
    con: duckdb.DuckDBPyConnection,
    contract_id: int,
    kpi: str,
    program: str | None,
    channel: str | None,
    on: date,
) -> int:
    """How many versions of one target (None matches None) start on ``on`` or later."""
    sql = f"SELECT count(*) FROM targets WHERE {_SAME_TARGET} AND effective_from >= ?"  # noqa: S608
    return con.execute(sql, [contract_id, kpi, program, channel, on]).fetchone()[0]


def close_target(con: duckdb.DuckDBPyConnection, target_id: int, effective_to: date) -> None:
    """End a target version: set its last day in force."""
    con.execute(
        "UPDATE targets SET effective_to = ? WHERE target_id = ?", [effective_to, target_id]
    )


def insert_target(
    con: duckdb.DuckDBPyConnection,
    contract_id: int,
    target: Mapping[str, object],
    *,
    version: int,
    amendment_id: int | None,
) -> int:
    """Insert a target version; returns its new id.

    ``target`` holds kpi, program, channel, expected, minimum, weight, tier, allocation_pct,
    category_pct, window (stored as ``measurement_window``) and effective_from.
    """
    return con.execute(
        "INSERT INTO targets (contract_id, kpi, program, channel, expected, minimum, weight, tier, "
        "allocation_pct, category_pct, measurement_window, effective_from, amendment_id, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING target_id",
        [
            contract_id,
            target["kpi"],
            target["program"],
            target["channel"],
            target["expected"],
            target["minimum"],
            target["weight"],
            target["tier"],
            target["allocation_pct"],
            target["category_pct"],
            target["window"],
            target["effective_from"],
            amendment_id,
            version,
        ],
    ).fetchone()[0]
