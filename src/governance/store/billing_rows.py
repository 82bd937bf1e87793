"""The rows of rate cards and invoices (``scoring.billing`` keeps the rules), every value bound.
Money and quantities are DECIMAL columns and come back as ``Decimal``."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from governance.store import bulk
from governance.store.rowdicts import dicts

RATE_COLUMNS = (
    "contract_id",
    "program",
    "channel",
    "unit",
    "price",
    "bands",
    "minimum_monthly",
    "effective_from",
    "effective_to",
    "version",
    "amendment_id",
)
LINE_COLUMNS = (
    "invoice_id",
    "line_no",
    "program",
    "site",
    "channel",
    "unit",
    "units",
    "rate",
    "amount",
    "description",
)


def insert_rates(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Rate-card versions as tuples in ``RATE_COLUMNS`` order."""
    bulk.insert_rows(con, "rate_cards", list(RATE_COLUMNS), rows)


def rates(con: duckdb.DuckDBPyConnection, contract_id: int) -> list[dict]:
    """A contract's rate-card versions, by scope and start."""
    return dicts(
        con.execute(
            _RATE_SELECT + "WHERE contract_id = ? "  # noqa: S608 - a constant
            "ORDER BY unit, program NULLS FIRST, channel NULLS FIRST, effective_from",
            [contract_id],
        )
    )


_RATE_SELECT = (
    "SELECT rate_id, contract_id, program, channel, unit, price, bands, minimum_monthly, "
    "effective_from, effective_to, version, amendment_id FROM rate_cards "
)
_SAME_RATE = (
    "contract_id = ? AND unit = ? AND program IS NOT DISTINCT FROM ? "
    "AND channel IS NOT DISTINCT FROM ?"
)


def rate_in_force(
    con: duckdb.DuckDBPyConnection,
    contract_id: int,
    unit: str,
    program: str | None,
    channel: str | None,
    on: date,
) -> dict | None:
    """The version of one rate (unit, program, channel; None matches None) in force on ``on``."""
    found = dicts(
        con.execute(
            _RATE_SELECT + f"WHERE {_SAME_RATE} "  # noqa: S608 - constants
            "AND effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?) "
            "ORDER BY effective_from DESC LIMIT 1",
            [contract_id, unit, program, channel, on, on],
        )
    )
    return found[0] if found else None


def rate_versions_from(
    con: duckdb.DuckDBPyConnection,
    contract_id: int,
    unit: str,
    program: str | None,
    channel: str | None,
    on: date,
) -> int:
    """How many versions of one rate (None matches None) start on ``on`` or later."""
    sql = f"SELECT count(*) FROM rate_cards WHERE {_SAME_RATE} AND effective_from >= ?"  # noqa: S608
    return con.execute(sql, [contract_id, unit, program, channel, on]).fetchone()[0]


def close_rate(con: duckdb.DuckDBPyConnection, rate_id: int, effective_to: date) -> None:
    """End a rate version: set its last day in force."""
    con.execute("UPDATE rate_cards SET effective_to = ? WHERE rate_id = ?", [effective_to, rate_id])


def insert_invoice(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    invoice_no: str,
    month: date,
    currency: str | None,
    source: str,
    recorded_by: str,
    recorded_at: datetime,
    revision: int = 1,
) -> int:
    return con.execute(
        "INSERT INTO invoices (vendor_id, invoice_no, month, currency, source, recorded_by, "
        "recorded_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING invoice_id",
        [vendor_id, invoice_no, month, currency, source, recorded_by, recorded_at, revision],
    ).fetchone()[0]


def supersede(con: duckdb.DuckDBPyConnection, invoice_id: int, version: int, at: datetime) -> int:
    """Mark an invoice revision replaced by a correction if it is still at ``version``; returns
    how many rows changed."""
    return len(
        con.execute(
            "UPDATE invoices SET superseded_at = ?, version = version + 1 "
            "WHERE invoice_id = ? AND version = ? AND superseded_at IS NULL "
            "RETURNING invoice_id",
            [at, invoice_id, version],
        ).fetchall()
    )


def insert_lines(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Invoice lines as tuples in ``LINE_COLUMNS`` order."""
    bulk.insert_rows(con, "invoice_lines", list(LINE_COLUMNS), rows)


_INVOICE = (
    "SELECT i.invoice_id, v.name AS vendor, i.vendor_id, i.invoice_no, i.month, i.currency, "
    "i.status, i.source, i.recorded_by, i.recorded_at, i.version, i.revision, "
    "i.superseded_at, "
    "(SELECT sum(l.amount) FROM invoice_lines l WHERE l.invoice_id = i.invoice_id) AS total "
    "FROM invoices i JOIN vendors v ON v.vendor_id = i.vendor_id "
)


def invoices(
    con: duckdb.DuckDBPyConnection, *, vendor_id: int | None = None, month: date | None = None
) -> list[dict]:
    """Invoices in force (the latest revision of each; of a vendor; of a month) with their
    total, newest month first."""
    return dicts(
        con.execute(
            _INVOICE  # noqa: S608 - a constant
            + "WHERE i.superseded_at IS NULL AND (CAST(? AS INTEGER) IS NULL OR i.vendor_id = ?) "
            "AND (CAST(? AS DATE) IS NULL OR i.month = ?) "
            "ORDER BY i.month DESC, v.name, i.invoice_no",
            [vendor_id, vendor_id, month, month],
        )
    )


def invoice_by_number(con, vendor_id: int, invoice_no: str) -> dict | None:
    """The revision in force of a vendor's invoice number, or None."""
    found = dicts(
        con.execute(
            _INVOICE  # noqa: S608 - a constant
            + "WHERE i.vendor_id = ? AND i.invoice_no = ? AND i.superseded_at IS NULL",
            [vendor_id, invoice_no],
        )
    )
    return found[0] if found else None


def revisions(con, vendor_id: int, invoice_no: str) -> list[dict]:
    """Every revision of a vendor's invoice number, the first first (superseded ones with the
    time they were replaced)."""
    return dicts(
        con.execute(
            _INVOICE  # noqa: S608 - a constant
            + "WHERE i.vendor_id = ? AND i.invoice_no = ? ORDER BY i.revision",
            [vendor_id, invoice_no],
        )
    )


def lines(con: duckdb.DuckDBPyConnection, invoice_id: int) -> list[dict]:
    return dicts(
        con.execute(
            "SELECT line_id, line_no, program, site, channel, unit, units, rate, amount, "
            "description FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no, line_id",
            [invoice_id],
        )
    )


def set_status(con, invoice_id: int, status: str, version: int) -> int:
    """Set an invoice's status if it is still at ``version``; returns how many rows changed."""
    return len(
        con.execute(
            "UPDATE invoices SET status = ?, version = version + 1 "
            "WHERE invoice_id = ? AND version = ? AND superseded_at IS NULL RETURNING invoice_id",
            [status, invoice_id, version],
        ).fetchall()
    )


def remember_layout(
    con: duckdb.DuckDBPyConnection,
    vendor_id: int,
    headers: str,
    columns: str,
    saved_by: str,
    at: datetime,
) -> None:
    """Keep ``columns`` (JSON field -> header) as how the vendor's files with ``headers`` (JSON)
    are mapped, replacing what was kept for those headers."""
    con.execute(
        "DELETE FROM invoice_layouts WHERE vendor_id = ? AND headers = ?", [vendor_id, headers]
    )
    con.execute(
        "INSERT INTO invoice_layouts (vendor_id, headers, columns, saved_by, saved_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [vendor_id, headers, columns, saved_by, at],
    )


def layout(con: duckdb.DuckDBPyConnection, vendor_id: int, headers: str) -> str | None:
    """How the vendor's invoice files with ``headers`` (JSON) were last mapped (JSON), or None."""
    found = con.execute(
        "SELECT columns FROM invoice_layouts WHERE vendor_id = ? AND headers = ?",
        [vendor_id, headers],
    ).fetchone()
    return None if found is None else found[0]
