"""Vendor registry services: register vendors and keep their governance contacts."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from governance.access import audit, records
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound
from governance.store import accounts, queries
from governance.store.db import transaction

MAX_NAME = 120
STATUSES = ("active", "onboarding", "exiting", "inactive")  # as the vendors table's CHECK allows


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise InvalidInput(f"'{status}' is not a vendor status; use one of {', '.join(STATUSES)}.")


def clean_name(name: str) -> str:
    """A vendor name trimmed and checked; ``InvalidInput`` for an empty or too long name."""
    # Tabs and line breaks are whitespace (folded below); other control characters are refused.
    records.check_characters(str(name or ""), "A vendor name", multiline=True)
    text = " ".join(str(name or "").split())
    if not text:
        raise InvalidInput("A vendor name cannot be empty.")
    if len(text) > MAX_NAME:
        raise InvalidInput(f"A vendor name is at most {MAX_NAME} characters (got {len(text)}).")
    return text


def add_vendors(
    con: duckdb.DuckDBPyConnection, actor: Actor, names: Iterable[str], *, status: str = "active"
) -> list[str]:
    """Register vendors in one transaction; returns the names newly added (known ones are skipped).

    Raises ``PermissionDenied`` for a read-only role and ``InvalidInput`` for an empty or too long
    name or an unknown status; nothing is written then.
    """
    with transaction(con):
        return register(con, actor, names, status=status)


def register(
    con: duckdb.DuckDBPyConnection, actor: Actor, names: Iterable[str], *, status: str = "active"
) -> list[str]:
    """``add_vendors`` within the caller's transaction (an import that registers the vendors its
    file names does so in the transaction that writes its rows: both or neither)."""
    require(actor, "vendors.write")
    _check_status(status)
    cleaned: list[str] = []
    for n in names:
        c = clean_name(n)
        if c.casefold() not in {x.casefold() for x in cleaned}:
            cleaned.append(c)
    if not cleaned:
        raise InvalidInput("Name at least one vendor.")
    existing = {n.casefold(): n for n in queries.vendor_names(con)}
    added = []
    for name in cleaned:
        if name.casefold() in existing:
            continue
        accounts.insert_vendor(con, name, status, audit.now())
        after = queries.vendor_by_name(con, name)
        audit.record(con, actor, "vendor.add", "vendor", after["vendor_id"], None, after)
        added.append(name)
    return added


def update_contacts(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    name: str,
    *,
    account_manager: str | None = None,
    operations_director: str | None = None,
    executive_sponsor: str | None = None,
    status: str | None = None,
    expected_version: int | None = None,
) -> dict:
    """Set a vendor's governance contacts (its leadership roles) and status; returns the new row.

    Raises ``NotFound`` for an unknown vendor and ``StaleRecord`` when ``expected_version`` is
    given and the row changed since it was read.
    """
    require(actor, "vendors.write")
    if status is not None:
        _check_status(status)
    with transaction(con):
        before = queries.vendor_by_name(con, name)
        if before is None:
            raise NotFound(f"No vendor named '{name}'. Register it first (vendors add).")
        records.check_version(before, expected_version, f"Vendor '{name}'")
        accounts.update_vendor(  # a field left None stays; nothing given, nothing written
            con,
            before["vendor_id"],
            account_manager=account_manager,
            operations_director=operations_director,
            executive_sponsor=executive_sponsor,
            status=status,
        )
        after = queries.vendor_by_name(con, name)
        audit.record(con, actor, "vendor.update", "vendor", before["vendor_id"], before, after)
    return after


def vendor_id(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """The id of a known vendor; ``NotFound`` with the list of known names otherwise."""
    row = queries.vendor_by_name(con, name)
    if row is None:
        known = queries.vendor_names(con)
        hint = f" Known vendors: {', '.join(known)}." if known else " No vendor is registered yet."
        raise NotFound(f"No vendor named '{name}'.{hint}")
    return row["vendor_id"]


def add_site(
    con: duckdb.DuckDBPyConnection, actor: Actor, vendor: str, name: str, country: str | None
) -> None:
    """Register a vendor's delivery site (a location, never a team or a person).

    Raises ``PermissionDenied``, ``NotFound`` (vendor) or ``InvalidInput`` (no name, or the
    vendor already has a site of that name).
    """
    require(actor, "vendors.write")
    vid = vendor_id(con, vendor)
    name = " ".join(str(name or "").split())
    if not name:
        raise InvalidInput("A site needs a name.")
    with transaction(con):
        if accounts.site_exists(con, vid, name):
            raise InvalidInput(f"{vendor} already has a site named '{name}'.")
        accounts.insert_site(con, vid, name, country)
        audit.record(
            con,
            actor,
            "site.add",
            "site",
            f"{vid}:{name}",
            None,
            {"vendor": vendor, "name": name, "country": country},
        )
