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
            "SELECT rate_id, contract_id, program, channel, unit, price, bands, minimum_monthly, "
            "effective_from, effective_to, version FROM rate_cards WHERE contract_id = ? "
            "ORDER BY unit, program NULLS FIRST, channel NULLS FIRST, effective_from",
            [contract_id],
        )
    )


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
) -> int:
    return con.execute(
        "INSERT INTO invoices (vendor_id, invoice_no, month, currency, source, recorded_by, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING invoice_id",
        [vendor_id, invoice_no, month, currency, source, recorded_by, recorded_at],
    ).fetchone()[0]


def insert_lines(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Invoice lines as tuples in ``LINE_COLUMNS`` order."""
    bulk.insert_rows(con, "invoice_lines", list(LINE_COLUMNS), rows)


_INVOICE = (
    "SELECT i.invoice_id, v.name AS vendor, i.vendor_id, i.invoice_no, i.month, i.currency, "
    "i.status, i.source, i.recorded_by, i.recorded_at, i.version, "
    "(SELECT sum(l.amount) FROM invoice_lines l WHERE l.invoice_id = i.invoice_id) AS total "
    "FROM invoices i JOIN vendors v ON v.vendor_id = i.vendor_id "
)


def invoices(
    con: duckdb.DuckDBPyConnection, *, vendor_id: int | None = None, month: date | None = None
) -> list[dict]:
    """Invoices (of a vendor; of a month) with their total, newest month first."""
    return dicts(
        con.execute(
            _INVOICE  # noqa: S608 - a constant
            + "WHERE (CAST(? AS INTEGER) IS NULL OR i.vendor_id = ?) "
            "AND (CAST(? AS DATE) IS NULL OR i.month = ?) "
            "ORDER BY i.month DESC, v.name, i.invoice_no",
            [vendor_id, vendor_id, month, month],
        )
    )


def invoice_by_number(con, vendor_id: int, invoice_no: str) -> dict | None:
    found = dicts(
        con.execute(
            _INVOICE + "WHERE i.vendor_id = ? AND i.invoice_no = ?",  # noqa: S608 - a constant
            [vendor_id, invoice_no],
        )
    )
    return found[0] if found else None


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
            "WHERE invoice_id = ? AND version = ? RETURNING invoice_id",
            [status, invoice_id, version],
        ).fetchall()
    )
