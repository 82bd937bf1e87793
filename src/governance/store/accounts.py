"""The rows behind ``governance.access``: users and their roles, the vendor registry (vendors and
their delivery sites) and the audit log's one writer, as named functions.

The services in ``governance.access`` keep the rules (validation, versions, the audit trail, the
transaction); these functions only say the SQL. Every value is a bound parameter; the only
column names put into SQL text are this module's fixed ones. ``insert_audit_event`` is the only
statement anywhere that writes ``audit_events``, and it only appends.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

_USER_SELECT = (
    "SELECT u.email, u.role, v.name AS vendor, u.created_at, u.version "
    "FROM users u LEFT JOIN vendors v ON v.vendor_id = u.vendor_id"
)


def _one(cur: duckdb.DuckDBPyConnection) -> dict | None:
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


# --- users -----------------------------------------------------------------------------------


def user(con: duckdb.DuckDBPyConnection, email: str) -> dict | None:
    """One user (email, role, vendor name, created_at, version) by exact e-mail, or None."""
    return _one(con.execute(f"{_USER_SELECT} WHERE u.email = ?", [email]))  # noqa: S608


def users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every user: email, role, vendor name, created_at, version; by e-mail."""
    return con.execute(f"{_USER_SELECT} ORDER BY u.email").df()  # noqa: S608


def admin_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many users have the admin role."""
    return con.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()[0]


def insert_user(
    con: duckdb.DuckDBPyConnection,
    email: str,
    role: str,
    vendor_id: int | None,
    created_at: datetime,
) -> None:
    """Insert a user (version 1)."""
    con.execute(
        "INSERT INTO users (email, role, vendor_id, created_at) VALUES (?, ?, ?, ?)",
        [email, role, vendor_id, created_at],
    )


def update_user_role(
    con: duckdb.DuckDBPyConnection, email: str, role: str, vendor_id: int | None
) -> None:
    """Set a user's role and vendor, and step its version."""
    con.execute(
        "UPDATE users SET role = ?, vendor_id = ?, version = version + 1 WHERE email = ?",
        [role, vendor_id, email],
    )


def delete_user(con: duckdb.DuckDBPyConnection, email: str) -> None:
    """Delete a user's row."""
    con.execute("DELETE FROM users WHERE email = ?", [email])


# --- vendors and sites -----------------------------------------------------------------------


def vendor_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many vendors are registered."""
    return con.execute("SELECT count(*) FROM vendors").fetchone()[0]


def insert_vendor(
    con: duckdb.DuckDBPyConnection, name: str, status: str, created_at: datetime
) -> None:
    """Insert a vendor (version 1)."""
    con.execute(
        "INSERT INTO vendors (name, status, created_at) VALUES (?, ?, ?)",
        [name, status, created_at],
    )


def update_vendor(
    con: duckdb.DuckDBPyConnection,
    vendor_id: int,
    *,
    account_manager: str | None = None,
    operations_director: str | None = None,
    executive_sponsor: str | None = None,
    status: str | None = None,
) -> None:
    """Set the given contacts and status of a vendor and step its version.

    None leaves a field as it is; when every field is None nothing is written (the version
    stays).
    """
    given = {
        "account_manager": account_manager,
        "operations_director": operations_director,
        "executive_sponsor": executive_sponsor,
        "status": status,
    }
    sets = {k: v for k, v in given.items() if v is not None}
    if not sets:
        return
    assignments = ", ".join(f"{k} = ?" for k in sets)  # keys: the fixed names above
    con.execute(
        f"UPDATE vendors SET {assignments}, version = version + 1 WHERE vendor_id = ?",  # noqa: S608
        [*sets.values(), vendor_id],
    )


def site_exists(con: duckdb.DuckDBPyConnection, vendor_id: int, name: str) -> bool:
    """Whether the vendor already has a site of exactly that name."""
    return bool(
        con.execute(
            "SELECT count(*) FROM sites WHERE vendor_id = ? AND name = ?", [vendor_id, name]
        ).fetchone()[0]
    )


def insert_site(
    con: duckdb.DuckDBPyConnection, vendor_id: int, name: str, country: str | None
) -> None:
    """Insert a vendor's delivery site."""
    con.execute(
        "INSERT INTO sites (vendor_id, name, country) VALUES (?, ?, ?)",
        [vendor_id, name, country],
    )


# --- the audit log ---------------------------------------------------------------------------


def insert_audit_event(
    con: duckdb.DuckDBPyConnection,
    *,
    occurred_at: datetime,
    actor: str,
    role: str,
    action: str,
    entity: str,
    entity_id: str | None,
    before: str | None,
    after: str | None,
) -> None:
    """Append one audit event (``before`` and ``after`` are JSON text or None)."""
    insert_audit_events(con, [(occurred_at, actor, role, action, entity, entity_id, before, after)])


def insert_audit_events(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Append many audit events at once: (occurred_at, actor, role, action, entity, entity_id,
    before, after) each, in that order (one statement per 500: executemany is slow)."""
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        values = ", ".join("(?, ?, ?, ?, ?, ?, ?, ?)" for _ in chunk)
        con.execute(
            "INSERT INTO audit_events (occurred_at, actor, role, action, entity, "  # noqa: S608
            f"entity_id, before, after) VALUES {values}",
            [v for row in chunk for v in row],
        )
