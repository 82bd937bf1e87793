"""Governance meetings (MBR, QBR, steering committee), their decisions and action items.

Action items are owned by a side (the client or the vendor organisation) and a role or
organisation, never an individual vendor employee.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from governance import audit, vendors
from governance.actors import Actor, require
from governance.catalogue import KPI_CODES
from governance.db import transaction
from governance.errors import InvalidInput, NotFound

KINDS = ("MBR", "QBR", "steering")
OWNER_SIDES = ("client", "vendor")
ACTION_STATUSES = ("open", "in_progress", "done", "cancelled")


def create_meeting(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    kind: str,
    meeting_date: date,
    title: str,
    attendees: str | None = None,
    agenda: str | None = None,
    minutes: str | None = None,
    pack_file: str | None = None,
) -> int:
    """Record a governance meeting with a vendor; returns its id.

    Raises ``PermissionDenied``, ``NotFound`` (vendor) or ``InvalidInput`` (unknown kind, no title).
    """
    require(actor, "governance.write")
    if kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not a meeting kind; use one of {', '.join(KINDS)}.")
    title = _text(title, "A meeting's title")
    meeting_date = _day(meeting_date, "The meeting date")
    vendor_id = vendors.vendor_id(con, vendor)
    with transaction(con):
        meeting_id = con.execute(
            "INSERT INTO meetings (vendor_id, kind, meeting_date, title, attendees, agenda, "
            "minutes, pack_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING meeting_id",
            [vendor_id, kind, meeting_date, title, attendees, agenda, minutes, pack_file],
        ).fetchone()[0]
        after = {"meeting_id": meeting_id, "vendor": vendor, "kind": kind,
                 "meeting_date": meeting_date, "title": title, "attendees": attendees,
                 "agenda": agenda, "minutes": minutes, "pack_file": pack_file}  # fmt: skip
        audit.record(con, actor, "meeting.create", "meeting", meeting_id, None, after)
    return meeting_id


def add_decision(con: duckdb.DuckDBPyConnection, actor: Actor, meeting_id: int, text: str) -> int:
    """Record a decision taken at a meeting; returns its id. ``NotFound`` for an unknown meeting."""
    require(actor, "governance.write")
    text = _text(text, "A decision's text")
    with transaction(con):
        _meeting_vendor(con, meeting_id)
        decision_id = con.execute(
            "INSERT INTO decisions (meeting_id, text) VALUES (?, ?) RETURNING decision_id",
            [meeting_id, text],
        ).fetchone()[0]
        audit.record(con, actor, "decision.add", "decision", decision_id, None,
                     {"decision_id": decision_id, "meeting_id": meeting_id, "text": text})  # fmt: skip
    return decision_id


def add_action_item(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    description: str,
    owner_side: str,
    owner: str,
    due_date: date,
    meeting_id: int | None = None,
    escalation_id: int | None = None,
    kpi: str | None = None,
    created_at: datetime | None = None,
) -> int:
    """Record an action item (status ``open``); returns its id.

    ``owner`` is a role or organisation ("Vendor account manager", "Client VMO lead"). The
    meeting and escalation, when given, must belong to the same vendor. Raises
    ``PermissionDenied``, ``NotFound`` or ``InvalidInput``.
    """
    require(actor, "governance.write")
    description = _text(description, "An action item's description")
    owner = _text(owner, "An action item's owner")
    if owner_side not in OWNER_SIDES:
        raise InvalidInput(f"An action item's owner side is client or vendor, not '{owner_side}'.")
    if kpi is not None and kpi not in KPI_CODES:
        raise InvalidInput(f"'{kpi}' is not a KPI code; use one of {', '.join(KPI_CODES)}.")
    due_date = _day(due_date, "The due date")
    vendor_id = vendors.vendor_id(con, vendor)
    with transaction(con):
        if meeting_id is not None and _meeting_vendor(con, meeting_id) != vendor_id:
            raise InvalidInput(f"Meeting {meeting_id} is with another vendor than {vendor}.")
        if escalation_id is not None:
            row = con.execute(
                "SELECT vendor_id FROM escalations WHERE escalation_id = ?", [escalation_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"No escalation with id {escalation_id}.")
            if row[0] != vendor_id:
                raise InvalidInput(
                    f"Escalation {escalation_id} is about another vendor than {vendor}."
                )
        action_id = con.execute(
            "INSERT INTO action_items (vendor_id, meeting_id, escalation_id, kpi, description, "
            "owner_side, owner, due_date, status, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) RETURNING action_id",
            [vendor_id, meeting_id, escalation_id, kpi, description, owner_side, owner, due_date,
             created_at or audit.now()],
        ).fetchone()[0]  # fmt: skip
        audit.record(con, actor, "action.add", "action_item", action_id, None,
                     _action(con, action_id))  # fmt: skip
    return action_id


def set_action_status(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    action_id: int,
    status: str,
    *,
    at: datetime | None = None,
) -> dict:
    """Set an action item's status; ``done`` stamps ``completed_at`` (``at`` or now), any other
    status clears it. Returns the updated item. Raises ``NotFound`` or ``InvalidInput``."""
    require(actor, "governance.write")
    if status not in ACTION_STATUSES:
        raise InvalidInput(
            f"'{status}' is not an action status; use one of {', '.join(ACTION_STATUSES)}."
        )
    with transaction(con):
        before = _action(con, action_id)
        completed = (at or audit.now()) if status == "done" else None
        con.execute(
            "UPDATE action_items SET status = ?, completed_at = ?, version = version + 1 "
            "WHERE action_id = ?",
            [status, completed, action_id],
        )
        after = _action(con, action_id)
        audit.record(con, actor, "action.update", "action_item", action_id, before, after)
    return after


def _action(con, action_id: int) -> dict:
    cur = con.execute(
        "SELECT action_id, vendor_id, meeting_id, escalation_id, kpi, description, owner_side, "
        "owner, due_date, status, created_at, completed_at, version "
        "FROM action_items WHERE action_id = ?",
        [action_id],
    )
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"No action item with id {action_id}.")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def _meeting_vendor(con, meeting_id: int) -> int:
    row = con.execute(
        "SELECT vendor_id FROM meetings WHERE meeting_id = ?", [meeting_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"No meeting with id {meeting_id}.")
    return row[0]


def _day(value, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{what} '{value}' is not a date: write it as YYYY-MM-DD.") from None


def _text(value, what: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidInput(f"{what} is required.")
    return text
