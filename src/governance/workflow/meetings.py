"""Governance meetings (MBR, QBR, steering committee), their decisions and action items.

Action items are owned by a side (the client or the vendor organisation) and a role or
organisation, never a person: an owner that names one is refused (``wording.check_owner``).
Every free text is screened for co-employment wording before it is stored; findings the caller
did not acknowledge are refused (``WordingNotAcknowledged``).
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from governance.access import audit, records, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound
from governance.kpis import periods
from governance.kpis.catalogue import KPI_CODES
from governance.store import queries, workflow_rows
from governance.store.db import transaction
from governance.workflow import wording

KINDS = ("MBR", "QBR", "steering")
OWNER_SIDES = ("client", "vendor")
ACTION_STATUSES = ("open", "in_progress", "done", "cancelled")
CLOSED_STATUSES = ("done", "cancelled")
ACTION_STATUS_LABELS = {
    "open": "Open",
    "in_progress": "In progress",
    "done": "Done",
    "cancelled": "Cancelled",
}
# Cadence: months between meetings of a kind (domain.md, Governance).
CADENCE_MONTHS = {"MBR": 1, "QBR": 3}


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
    acknowledged: dict | None = None,
) -> int:
    """Record a governance meeting with a vendor; returns its id.

    ``acknowledged``: the wording-check findings the user chose to save anyway
    (``wording.acknowledgement``), kept in the audit record; findings it does not cover are
    refused. Raises ``PermissionDenied``, ``NotFound`` (vendor) or ``InvalidInput`` (unknown
    kind, no title, ``WordingNotAcknowledged``).
    """
    require(actor, "governance.write")
    if kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not a meeting kind; use one of {', '.join(KINDS)}.")
    title = records.required_text(title, "A meeting's title")
    meeting_date = records.day(meeting_date, "The meeting date")
    attendees, agenda, minutes = (
        records.optional_text(attendees, "The attendees"),
        records.optional_text(agenda, "The agenda"),
        records.optional_text(minutes, "The minutes"),
    )
    vendor_id = vendors.vendor_id(con, vendor)
    acknowledged = wording.screen(
        con, _meeting_text(title, attendees, agenda, minutes), acknowledged
    )
    with transaction(con):
        meeting_id = workflow_rows.insert_meeting(
            con,
            vendor_id=vendor_id,
            kind=kind,
            meeting_date=meeting_date,
            title=title,
            attendees=attendees,
            agenda=agenda,
            minutes=minutes,
            pack_file=pack_file,
        )
        after = {
            "meeting_id": meeting_id,
            "vendor": vendor,
            "kind": kind,
            "meeting_date": meeting_date,
            "title": title,
            "attendees": attendees,
            "agenda": agenda,
            "minutes": minutes,
            "pack_file": pack_file,
        }
        audit.record(
            con,
            actor,
            "meeting.create",
            "meeting",
            meeting_id,
            None,
            records.with_acknowledgement(after, acknowledged),
        )
    return meeting_id


def add_decision(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    meeting_id: int,
    text: str,
    *,
    acknowledged: dict | None = None,
) -> int:
    """Record a decision taken at a meeting; returns its id. ``NotFound`` for an unknown meeting.
    ``acknowledged``: wording findings saved anyway, kept in the audit record (findings it does
    not cover are refused)."""
    require(actor, "governance.write")
    text = records.required_text(text, "A decision's text")
    acknowledged = wording.screen(con, {"Decision": text}, acknowledged)
    with transaction(con):
        _meeting_vendor(con, meeting_id)
        decision_id = workflow_rows.insert_decision(con, meeting_id, text)
        audit.record(
            con,
            actor,
            "decision.add",
            "decision",
            decision_id,
            None,
            records.with_acknowledgement(
                {"decision_id": decision_id, "meeting_id": meeting_id, "text": text}, acknowledged
            ),
        )
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
    acknowledged: dict | None = None,
) -> int:
    """Record an action item (status ``open``); returns its id.

    ``owner`` is a role or organisation ("Vendor account manager", "Client VMO lead"); one that
    names a person is refused, acknowledged or not. The meeting and escalation, when given, must
    belong to the same vendor. Wording findings in the description need ``acknowledged``.
    Raises ``PermissionDenied``, ``NotFound`` or ``InvalidInput``.
    """
    require(actor, "governance.write")
    description, owner, owner_side, kpi, due_date = _action_fields(
        description, owner, owner_side, kpi, due_date
    )
    vendor_id = vendors.vendor_id(con, vendor)
    acknowledged = _screen_action(con, description, owner, acknowledged)
    with transaction(con):
        if meeting_id is not None and _meeting_vendor(con, meeting_id) != vendor_id:
            raise InvalidInput(f"Meeting {meeting_id} is with another vendor than {vendor}.")
        _check_escalation(con, escalation_id, vendor_id, vendor)
        action_id = workflow_rows.insert_action_item(
            con,
            vendor_id=vendor_id,
            meeting_id=meeting_id,
            escalation_id=escalation_id,
            kpi=kpi,
            description=description,
            owner_side=owner_side,
            owner=owner,
            due_date=due_date,
            status="open",
            created_at=created_at or audit.now(),
        )
        audit.record(
            con,
            actor,
            "action.add",
            "action_item",
            action_id,
            None,
            records.with_acknowledgement(_action(con, action_id), acknowledged),
        )
    return action_id


def set_action_status(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    action_id: int,
    status: str,
    *,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> dict:
    """Set an action item's status; ``done`` stamps ``completed_at`` (``at`` or now), any other
    status clears it. Returns the updated item. Raises ``NotFound``, ``InvalidInput``, or
    ``StaleRecord`` when ``expected_version`` is given and the item changed since it was read."""
    require(actor, "governance.write")
    if status not in ACTION_STATUSES:
        raise InvalidInput(
            f"'{status}' is not an action status; use one of {', '.join(ACTION_STATUSES)}."
        )
    with transaction(con):
        before = _action(con, action_id)
        records.check_version(before, expected_version, f"Action item {action_id}")
        completed = (at or audit.now()) if status == "done" else None
        workflow_rows.set_action_status(con, action_id, status=status, completed_at=completed)
        after = _action(con, action_id)
        audit.record(con, actor, "action.update", "action_item", action_id, before, after)
    return after


def update_meeting(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    meeting_id: int,
    *,
    expected_version: int,
    meeting_date: date,
    title: str,
    attendees: str | None = None,
    agenda: str | None = None,
    minutes: str | None = None,
    acknowledged: dict | None = None,
) -> dict:
    """Edit a meeting (date, title, attendees by role, agenda, minutes); returns the new row.

    Raises ``NotFound``, ``InvalidInput`` (``WordingNotAcknowledged`` included), or
    ``StaleRecord`` when the meeting changed since it was read at ``expected_version``
    (nothing is written then).
    """
    require(actor, "governance.write")
    title = records.required_text(title, "A meeting's title")
    meeting_date = records.day(meeting_date, "The meeting date")
    attendees, agenda, minutes = (
        records.optional_text(attendees, "The attendees"),
        records.optional_text(agenda, "The agenda"),
        records.optional_text(minutes, "The minutes"),
    )
    acknowledged = wording.screen(
        con, _meeting_text(title, attendees, agenda, minutes), acknowledged
    )
    with transaction(con):
        before = _meeting(con, meeting_id)
        records.check_version(before, expected_version, f"Meeting {meeting_id}")
        workflow_rows.update_meeting(
            con,
            meeting_id,
            meeting_date=meeting_date,
            title=title,
            attendees=attendees,
            agenda=agenda,
            minutes=minutes,
        )
        after = _meeting(con, meeting_id)
        audit.record(
            con,
            actor,
            "meeting.update",
            "meeting",
            meeting_id,
            before,
            records.with_acknowledgement(after, acknowledged),
        )
    return after


def update_action_item(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    action_id: int,
    *,
    expected_version: int,
    description: str,
    owner_side: str,
    owner: str,
    due_date: date,
    kpi: str | None = None,
    escalation_id: int | None = None,
    acknowledged: dict | None = None,
) -> dict:
    """Edit an action item's text, owner, due date and links; returns the new row.

    The owner must be a role or an organisation and wording findings need ``acknowledged``,
    as for ``add_action_item``. Raises ``NotFound``, ``InvalidInput``, or ``StaleRecord`` when
    the item changed since it was read at ``expected_version``.
    """
    require(actor, "governance.write")
    description, owner, owner_side, kpi, due_date = _action_fields(
        description, owner, owner_side, kpi, due_date
    )
    acknowledged = _screen_action(con, description, owner, acknowledged)
    with transaction(con):
        before = _action(con, action_id)
        records.check_version(before, expected_version, f"Action item {action_id}")
        _check_escalation(con, escalation_id, before["vendor_id"], "this vendor")
        workflow_rows.update_action_item(
            con,
            action_id,
            description=description,
            owner_side=owner_side,
            owner=owner,
            due_date=due_date,
            kpi=kpi,
            escalation_id=escalation_id,
        )
        after = _action(con, action_id)
        audit.record(
            con,
            actor,
            "action.update",
            "action_item",
            action_id,
            before,
            records.with_acknowledgement(after, acknowledged),
        )
    return after


def is_overdue(due_date, status: str, today: date) -> bool:
    """An action item is overdue when its due date has passed and it is neither done nor
    cancelled (due today is not yet overdue)."""
    return status not in CLOSED_STATUSES and records.day(due_date, "The due date") < today


def action_items(
    con: duckdb.DuckDBPyConnection, today: date, vendor: str | None = None
) -> pd.DataFrame:
    """Action items (newest due first within open before closed) with an ``overdue`` flag."""
    frame = queries.action_items(con, vendor)
    frame["overdue"] = [
        is_overdue(d, s, today) for d, s in zip(frame["due_date"], frame["status"], strict=True)
    ]
    return frame


def plus_months(d: date, n: int) -> date:
    """The same day ``n`` months later, clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    first = periods.add_months(d, n)
    return first.replace(day=min(d.day, periods.month_end(first).day))


def next_due(
    con: duckdb.DuckDBPyConnection, today: date, vendor: str | None = None
) -> pd.DataFrame:
    """The next MBR (monthly) and QBR (quarterly) of each vendor that is not inactive (only
    ``vendor``'s when given).

    A meeting of the kind already scheduled after ``today`` is the next one (``scheduled``).
    Otherwise the next is due one cadence after the last meeting held (on or before ``today``),
    or ``today`` when none was ever held. ``status``: scheduled, due (today or later) or overdue.
    Columns: vendor, kind, last_held, next_due, scheduled, title, status; by vendor and kind.
    """
    today = records.day(today, "Today")
    cadence = queries.meeting_cadence(con, today, list(CADENCE_MONTHS))
    rows = []
    for r in cadence.itertuples(index=False):
        last = None if pd.isna(r.last_held) else records.day(r.last_held, "last held")
        if not pd.isna(r.next_scheduled):
            when, scheduled, status = records.day(r.next_scheduled, "next"), True, "scheduled"
        else:
            when = plus_months(last, CADENCE_MONTHS[r.kind]) if last else today
            scheduled, status = False, ("overdue" if when < today else "due")
        rows.append(
            {
                "vendor": r.vendor,
                "kind": r.kind,
                "last_held": last,
                "next_due": when,
                "scheduled": scheduled,
                "title": None if pd.isna(r.next_title) else r.next_title,
                "status": status,
            }
        )
    columns = ["vendor", "kind", "last_held", "next_due", "scheduled", "title", "status"]
    frame = pd.DataFrame(rows, columns=columns)
    if vendor is not None:
        frame = frame[frame["vendor"] == vendor].reset_index(drop=True)
    return frame


def _meeting(con, meeting_id: int) -> dict:
    row = queries.meeting(con, meeting_id)
    if row is None:
        raise NotFound(f"No meeting with id {meeting_id}.")
    return row


def _check_escalation(con, escalation_id: int | None, vendor_id: int, vendor: str) -> None:
    if escalation_id is None:
        return
    found = workflow_rows.escalation_vendor_id(con, escalation_id)
    if found is None:
        raise NotFound(f"No escalation with id {escalation_id}.")
    if found != vendor_id:
        raise InvalidInput(f"Escalation {escalation_id} is about another vendor than {vendor}.")


def _action_fields(description, owner, owner_side, kpi, due_date):
    description = records.required_text(description, "An action item's description")
    owner = records.required_text(owner, "An action item's owner")
    if owner_side not in OWNER_SIDES:
        raise InvalidInput(f"An action item's owner side is client or vendor, not '{owner_side}'.")
    kpi = kpi or None
    if kpi is not None and kpi not in KPI_CODES:
        raise InvalidInput(f"'{kpi}' is not a KPI code; use one of {', '.join(KPI_CODES)}.")
    return description, owner, owner_side, kpi, records.day(due_date, "The due date")


def _meeting_text(title, attendees, agenda, minutes) -> dict[str, str | None]:
    return {"Title": title, "Attendees": attendees, "Agenda": agenda, "Minutes": minutes}


def _screen_action(con, description: str, owner: str, acknowledged: dict | None) -> dict | None:
    """The owner names a role or an organisation (not acknowledgeable), then the wording gate."""
    wording.screen_owner(con, owner)
    return wording.screen(con, {"Action": description, "Owner": owner}, acknowledged)


def _action(con, action_id: int) -> dict:
    row = workflow_rows.action_item(con, action_id)
    if row is None:
        raise NotFound(f"No action item with id {action_id}.")
    return row


def _meeting_vendor(con, meeting_id: int) -> int:
    found = workflow_rows.meeting_vendor_id(con, meeting_id)
    if found is None:
        raise NotFound(f"No meeting with id {meeting_id}.")
    return found


def link_pack(
    con: duckdb.DuckDBPyConnection, actor: Actor, meeting_id: int, pack_file: str
) -> dict:
    """Record on an MBR or QBR meeting the pack generated for it (a file name, no content).

    Does not change the meeting's version: the link is not something a user edits, so it never
    makes an open edit of the minutes stale. Audited. Raises ``NotFound`` or ``InvalidInput``.
    """
    require(actor, "governance.write")
    name = records.required_text(pack_file, "A pack's file name")
    with transaction(con):
        before = _meeting(con, meeting_id)
        if before["kind"] not in ("MBR", "QBR"):
            raise InvalidInput(
                f"Meeting {meeting_id} is a {before['kind']}; packs are for MBRs and QBRs."
            )
        workflow_rows.set_meeting_pack_file(con, meeting_id, name)
        after = _meeting(con, meeting_id)
        audit.record(
            con,
            actor,
            "meeting.link_pack",
            "meeting",
            meeting_id,
            {"pack_file": before["pack_file"]},
            {"pack_file": name},
        )
    return after


def open_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """The action items (from ``action_items``) that are neither done nor cancelled."""
    return actions[~actions["status"].isin(CLOSED_STATUSES)]


def action_counts(actions: pd.DataFrame) -> tuple[int, int]:
    """(open, overdue) among action items from ``action_items``."""
    if actions.empty:
        return 0, 0
    return len(open_actions(actions)), int(actions["overdue"].sum())


def edit_action_item(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    action_id: int,
    *,
    expected_version: int,
    details_changed: bool,
    description: str,
    owner_side: str,
    owner: str,
    due_date: date,
    status: str,
    acknowledged: dict | None = None,
) -> dict:
    """One save of the action-item editor: the details (``update_action_item``, keeping the
    item's KPI and escalation links) when ``details_changed``, then the status
    (``set_action_status``) when it differs from the stored one; both checked against
    ``expected_version``, the version the editor opened. Returns the item as stored."""
    require(actor, "governance.write")
    item = _action(con, action_id)
    records.check_version(item, expected_version, f"Action item {action_id}")
    version = expected_version
    if details_changed:
        item = update_action_item(
            con,
            actor,
            action_id,
            expected_version=version,
            description=description,
            owner_side=owner_side,
            owner=owner,
            due_date=due_date,
            kpi=item["kpi"],
            escalation_id=item["escalation_id"],
            acknowledged=acknowledged,
        )
        version = item["version"]
    if status != item["status"]:
        item = set_action_status(con, actor, action_id, status, expected_version=version)
    return item
