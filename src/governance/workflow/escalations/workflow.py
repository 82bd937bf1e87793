"""The escalation services: raise one and move it along its path (open → acknowledged →
escalated → resolved → closed), keeping every change with who and when in
``escalation_events``.

The path runs L1 operational (client vendor manager ↔ vendor account manager), L2 management
(VMO lead ↔ vendor operations director), L3 executive (sponsors / steering committee).

Every write takes ``expected_version`` (the version the caller read); a record changed since is
refused with ``StaleRecord`` and nothing is written. Free text (title, description, notes, root
cause, resolution) goes through the co-employment wording check here, before anything is
written: findings the caller did not acknowledge (``wording.acknowledgement``, passed as
``acknowledged``) are refused with ``WordingNotAcknowledged``; an acknowledgement that covers
them is kept in the audit event's ``after`` payload.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from governance.access import audit, records, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound, StaleRecord
from governance.store import queries, workflow_rows
from governance.store.db import transaction
from governance.workflow import wording
from governance.workflow.escalations.vocabulary import (
    ACTIONS,
    CATEGORIES,
    LEVELS,
    MAX_TEXT,
    MAX_TITLE,
    SEVERITIES,
    STATUSES,
    TRANSITIONS,
    one_of,
)


def get(con: duckdb.DuckDBPyConnection, escalation_id: int) -> dict:
    """One escalation as a dict (with the vendor's name); ``NotFound`` if there is none."""
    row = workflow_rows.escalation(con, escalation_id)
    if row is None:
        raise NotFound(f"No escalation with id {escalation_id}.")
    return row


def history(con: duckdb.DuckDBPyConnection, escalation_id: int) -> pd.DataFrame:
    """Every recorded change of one escalation, oldest first: ``occurred_at``, ``actor``,
    ``from_status``, ``to_status``, ``from_level``, ``to_level``, ``note``. ``NotFound`` if the
    escalation does not exist."""
    get(con, escalation_id)
    return queries.escalation_history(con, escalation_id)


def next_actions(status: str, level: str) -> list[str]:
    """The named actions (``ACTIONS``) allowed from ``status`` at ``level``, in path order."""
    allowed = TRANSITIONS.get(status, ())
    out = [a for a, to in ACTIONS.items() if to in allowed]
    if level == LEVELS[-1] and "escalate" in out:
        out.remove("escalate")
    return out


def raise_escalation(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    category: str,
    severity: str,
    title: str,
    description: str,
    program: str | None = None,
    site: str | None = None,
    raised_at: datetime | None = None,
    level: str = "L1",
    acknowledged: dict | None = None,
) -> int:
    """Open an escalation against a vendor (optionally one program and/or site); returns its id.

    ``raised_by`` is the acting user. Records the first ``escalation_events`` row (status
    ``open`` at ``level``) and an audit event whose ``after`` carries ``wording_acknowledged``
    when the user saved flagged wording anyway. Raises ``PermissionDenied``, ``NotFound``
    (vendor) or ``InvalidInput`` (unknown category, severity or level, empty title or
    description, text too long).
    """
    require(actor, "governance.write")
    one_of(category, CATEGORIES, "category")
    one_of(severity, SEVERITIES, "severity")
    one_of(level, LEVELS, "level")
    title = _text(title, "An escalation's title", MAX_TITLE)
    description = _text(description, "An escalation's description (what went wrong)")
    program = _optional(program, "The program")
    site = _optional(site, "The site")
    vendor_id = vendors.vendor_id(con, vendor)
    acknowledged = wording.screen(con, {"Title": title, "Description": description}, acknowledged)
    at = raised_at or audit.now()
    with transaction(con):
        escalation_id = workflow_rows.insert_escalation(
            con,
            vendor_id=vendor_id,
            program=program,
            site=site,
            category=category,
            severity=severity,
            level=level,
            status="open",
            title=title,
            description=description,
            raised_by=actor.name,
            raised_at=at,
        )
        workflow_rows.insert_escalation_event(
            con,
            escalation_id=escalation_id,
            occurred_at=at,
            actor=actor.name,
            from_status=None,
            to_status="open",
            from_level=None,
            to_level=level,
            note="Raised",
        )
        after = records.with_acknowledgement(get(con, escalation_id), acknowledged)
        audit.record(con, actor, "escalation.raise", "escalation", escalation_id, None, after)
    return escalation_id


def transition(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    to_status: str,
    to_level: str | None = None,
    note: str | None = None,
    at: datetime | None = None,
    root_cause: str | None = None,
    resolution: str | None = None,
    expected_version: int | None = None,
    acknowledged: dict | None = None,
) -> dict:
    """Move an escalation to ``to_status`` (and ``to_level``); returns the updated escalation.

    ``escalated`` moves it up one level unless ``to_level`` names a higher one; ``resolved``
    needs a ``resolution`` (given now or earlier). Timestamps: ``acknowledged_at`` is set the
    first time it is acknowledged, ``resolved_at`` / ``closed_at`` when resolved / closed
    (cleared on reopening). With ``expected_version``, a record changed since it was read raises
    ``StaleRecord`` and nothing is written (the named actions below always pass it). Raises
    ``NotFound``, ``PermissionDenied`` or ``InvalidInput`` for a step the path does not allow or
    a time before the last recorded change.
    """
    require(actor, "governance.write")
    one_of(to_status, STATUSES, "status")
    if to_level is not None:
        one_of(to_level, LEVELS, "level")
    when = at or audit.now()
    note = _optional(note, "A note", MAX_TEXT)
    root_cause = _optional(root_cause, "The root cause", MAX_TEXT)
    resolution = _optional(resolution, "The resolution", MAX_TEXT)
    acknowledged = wording.screen(
        con, {"Note": note, "Root cause": root_cause, "Resolution": resolution}, acknowledged
    )
    with transaction(con):
        before = get(con, escalation_id)
        if expected_version is not None and before["version"] != expected_version:
            raise StaleRecord(_stale_message(con, before))
        status, level = before["status"], before["level"]
        if to_status not in TRANSITIONS[status]:
            allowed = ", ".join(TRANSITIONS[status]) or "nothing (it is closed)"
            raise InvalidInput(
                f"Escalation {escalation_id} is {status}; it can move to {allowed}, not {to_status}."
            )
        new_level = to_level or level
        if to_status == "escalated":
            if to_level is None:
                if level == LEVELS[-1]:
                    raise InvalidInput(
                        f"Escalation {escalation_id} is already at {level}, the executive level: "
                        "there is no higher level to escalate to."
                    )
                new_level = LEVELS[LEVELS.index(level) + 1]
            elif LEVELS.index(to_level) <= LEVELS.index(level):
                raise InvalidInput(
                    f"Escalating moves up the path: escalation {escalation_id} is at {level}, "
                    f"so escalate to a higher level than {to_level}."
                )
        elif to_level is not None and to_level != level:
            raise InvalidInput(
                f"Only escalating changes the level; escalation {escalation_id} stays at {level} "
                f"when it is {to_status}."
            )
        last = workflow_rows.last_escalation_change_at(con, escalation_id)
        if last is not None and when < last:
            raise InvalidInput(
                f"The change is dated {when:%Y-%m-%d %H:%M}, before the escalation's last recorded "
                f"change ({last:%Y-%m-%d %H:%M})."
            )
        root_cause = root_cause or before["root_cause"]
        resolution = resolution or before["resolution"]
        if to_status == "resolved" and not resolution:
            raise InvalidInput(
                "Say how the escalation was resolved (the resolution) to resolve it."
            )
        acknowledged_at = before["acknowledged_at"]
        if to_status == "acknowledged" and acknowledged_at is None:
            acknowledged_at = when
        resolved_at, closed_at = before["resolved_at"], before["closed_at"]
        if to_status == "resolved":
            resolved_at = when
        elif to_status == "closed":
            closed_at = when
        elif to_status == "open":
            resolved_at = closed_at = None
        workflow_rows.update_escalation_state(
            con,
            escalation_id,
            status=to_status,
            level=new_level,
            acknowledged_at=acknowledged_at,
            resolved_at=resolved_at,
            closed_at=closed_at,
            root_cause=root_cause,
            resolution=resolution,
        )
        workflow_rows.insert_escalation_event(
            con,
            escalation_id=escalation_id,
            occurred_at=when,
            actor=actor.name,
            from_status=status,
            to_status=to_status,
            from_level=level,
            to_level=new_level,
            note=note,
        )
        after = get(con, escalation_id)
        recorded = records.with_acknowledgement({**after, "note": note}, acknowledged)
        audit.record(
            con, actor, "escalation.transition", "escalation", escalation_id, before, recorded
        )
    return after


def acknowledge(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    note: str | None = None,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Acknowledge an open (or newly escalated) escalation at its current level."""
    return transition(
        con,
        actor,
        escalation_id,
        to_status="acknowledged",
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def escalate(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    note: str | None = None,
    to_level: str | None = None,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Move an escalation up the path (L1 → L2 → L3, or to ``to_level``); refused beyond L3."""
    return transition(
        con,
        actor,
        escalation_id,
        to_status="escalated",
        to_level=to_level,
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def resolve(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    root_cause: str,
    resolution: str,
    note: str | None = None,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Resolve an escalation; both the root cause and the resolution are required."""
    root_cause = _text(root_cause, "The root cause (why it happened)", MAX_TEXT)
    resolution = _text(resolution, "The resolution (what was done)", MAX_TEXT)
    return transition(
        con,
        actor,
        escalation_id,
        to_status="resolved",
        root_cause=root_cause,
        resolution=resolution,
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def close(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    note: str | None = None,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Close a resolved escalation (final: a closed escalation cannot be reopened)."""
    return transition(
        con,
        actor,
        escalation_id,
        to_status="closed",
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def reopen(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    note: str,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Reopen a resolved escalation at its current level; the note (why) is required."""
    note = _text(note, "A note saying why the escalation is reopened", MAX_TEXT)
    return transition(
        con,
        actor,
        escalation_id,
        to_status="open",
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def apply(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    action: str,
    *,
    expected_version: int,
    note: str | None = None,
    root_cause: str | None = None,
    resolution: str | None = None,
    acknowledged: dict | None = None,
) -> dict:
    """Run one named action (a key of ``ACTIONS``), as the page does."""
    common = {"expected_version": expected_version, "note": note, "acknowledged": acknowledged}
    if action == "acknowledge":
        return acknowledge(con, actor, escalation_id, **common)
    if action == "escalate":
        return escalate(con, actor, escalation_id, **common)
    if action == "resolve":
        return resolve(
            con,
            actor,
            escalation_id,
            root_cause=root_cause or "",
            resolution=resolution or "",
            **common,
        )
    if action == "close":
        return close(con, actor, escalation_id, **common)
    if action == "reopen":
        return reopen(con, actor, escalation_id, **{**common, "note": note or ""})
    raise InvalidInput(f"'{action}' is not an escalation action; use one of {', '.join(ACTIONS)}.")


def _stale_message(con: duckdb.DuckDBPyConnection, current: dict) -> str:
    last = workflow_rows.last_escalation_event(con, current["escalation_id"])
    by = f" by {last[0]} at {last[1]:%Y-%m-%d %H:%M} UTC" if last else ""
    return (
        f"Escalation {current['escalation_id']} was changed{by} since you opened it (it is now "
        f"{current['status']} at {current['level']}). Nothing was saved: reload it to see that "
        "change, then apply yours again. Your text is kept."
    )


def _text(value, what: str, limit: int = MAX_TEXT) -> str:
    records.check_characters(str(value or ""), what, multiline=True)
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidInput(f"{what} is required.")
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text)} characters long; keep it to {limit}.")
    return text


def _optional(value, what: str, limit: int = MAX_TITLE) -> str | None:
    text = " ".join(str(value or "").split())
    return _text(text, what, limit) if text else None
