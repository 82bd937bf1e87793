"""Users of the tool and their roles: single sign-on says who someone is, this table says what
they may do. Admin-managed (the Users page, ``governance users``), every change audited.

An e-mail is stored lower-case; a vendor partner is tied to one registered vendor, every other
role to none. ``lookup`` turns a signed-in e-mail into an ``Actor`` (None: no role given).
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from governance.access import audit, records, vendors
from governance.access.actors import ROLES, Actor, require
from governance.errors import InvalidInput, NotFound
from governance.store import accounts
from governance.store.db import transaction

MAX_EMAIL = 254
COLUMNS = ["email", "role", "vendor", "created_at", "version"]
# An address as mail systems and identity providers issue them: a dot-atom local part (letters,
# digits and ._%+-, not starting with a sign or dot) and a domain of letter/digit labels.
# Quoted local parts and other RFC 5322 rarities are refused: they are never a sign-in name, and
# "=hyperlink(...)@x.co" is a spreadsheet formula, not a person.
_EMAIL = re.compile(
    r"^[a-z0-9_](?:[a-z0-9._%+'-]*[a-z0-9_%+-])?@"
    r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$"
)


def clean_email(email: str) -> str:
    """An e-mail trimmed and lower-cased; ``InvalidInput`` when it does not look like one."""
    text = str(email or "").strip().lower()
    if not text:
        raise InvalidInput("An e-mail address is needed.")
    if len(text) > MAX_EMAIL:
        raise InvalidInput(f"An e-mail address is at most {MAX_EMAIL} characters.")
    if not _EMAIL.match(text) or ".." in text:
        raise InvalidInput(
            f"'{text}' is not an e-mail address: write it as name@example.com (letters, digits "
            "and . _ % + - before the @)."
        )
    return text


def _check_role(role: str | None) -> str:
    if not role:
        raise InvalidInput(f"Choose the user's role: one of {', '.join(ROLES)}.")
    if role not in ROLES:
        raise InvalidInput(f"'{role}' is not a role; use one of {', '.join(ROLES)}.")
    return role


def _vendor_id(con: duckdb.DuckDBPyConnection, role: str, vendor: str | None) -> int | None:
    vendor = (vendor or "").strip() or None
    if role == "vendor_partner":
        if vendor is None:
            raise InvalidInput("A vendor partner must be tied to a vendor: name it (--vendor).")
        return vendors.vendor_id(con, vendor)  # NotFound names the known vendors
    if vendor is not None:
        raise InvalidInput(
            f"Only a vendor partner is tied to a vendor; a {role} sees every vendor. "
            "Leave the vendor out."
        )
    return None


def get(con: duckdb.DuckDBPyConnection, email: str) -> dict | None:
    """One user as a dict (email, role, vendor, created_at, version), or None."""
    return accounts.user(con, str(email or "").strip().lower())


def _existing(con: duckdb.DuckDBPyConnection, email: str) -> dict:
    row = get(con, email)
    if row is None:
        raise NotFound(f"No user '{email}'. Add them first (users add).")
    return row


def _admins(con: duckdb.DuckDBPyConnection) -> int:
    return accounts.admin_count(con)


def add(
    con: duckdb.DuckDBPyConnection, actor: Actor, email: str, role: str, vendor: str | None = None
) -> dict:
    """Give a person (by e-mail) a role; returns the new user.

    Raises ``PermissionDenied`` unless the actor is an admin, ``InvalidInput`` for a bad e-mail,
    an unknown role, a vendor partner without a vendor (or a vendor for another role), or an
    e-mail already added, and ``NotFound`` for an unknown vendor.
    """
    require(actor, "users.write")
    email = clean_email(email)
    role = _check_role(role)
    with transaction(con):
        vid = _vendor_id(con, role, vendor)
        if get(con, email) is not None:
            raise InvalidInput(f"'{email}' is already a user; change their role instead.")
        accounts.insert_user(con, email, role, vid, audit.now())
        after = get(con, email)
        audit.record(con, actor, "user.add", "user", email, None, after)
    return after


def set_role(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    email: str,
    role: str,
    vendor: str | None = None,
    *,
    expected_version: int | None = None,
) -> dict:
    """Change a user's role (and vendor, for a vendor partner); returns the user.

    Raises as ``add`` does, ``NotFound`` for an unknown user, ``StaleRecord`` when
    ``expected_version`` is given and the user changed since it was read, and ``InvalidInput``
    when it would leave no admin.
    """
    require(actor, "users.write")
    email = clean_email(email)
    role = _check_role(role)
    with transaction(con):
        before = _existing(con, email)
        records.check_version(before, expected_version, f"User '{email}'")
        vid = _vendor_id(con, role, vendor)
        if before["role"] == "admin" and role != "admin" and _admins(con) == 1:
            raise InvalidInput(f"'{email}' is the only admin; make someone else admin first.")
        accounts.update_user_role(con, email, role, vid)
        after = get(con, email)
        audit.record(con, actor, "user.set_role", "user", email, before, after)
    return after


def remove(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    email: str,
    *,
    expected_version: int | None = None,
) -> None:
    """Take a user's role away (they can still sign in, but see only the no-access page).

    Raises ``PermissionDenied``, ``NotFound``, ``StaleRecord`` (see ``set_role``) and
    ``InvalidInput`` when it would remove the only admin.
    """
    require(actor, "users.write")
    email = clean_email(email)
    with transaction(con):
        before = _existing(con, email)
        records.check_version(before, expected_version, f"User '{email}'")
        if before["role"] == "admin" and _admins(con) == 1:
            raise InvalidInput(f"'{email}' is the only admin; make someone else admin first.")
        accounts.delete_user(con, email)
        audit.record(con, actor, "user.remove", "user", email, before, None)


def list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every user: email, role, vendor (vendor partners only), created_at, version; by e-mail."""
    return accounts.users(con)[COLUMNS]


def lookup(con: duckdb.DuckDBPyConnection, email: str | None) -> Actor | None:
    """The actor for a signed-in e-mail (any case), or None when that person has no role."""
    text = str(email or "").strip().lower()
    if not text:
        return None
    row = get(con, text)
    if row is None:
        return None
    return Actor(row["email"], row["role"], row["vendor"])
