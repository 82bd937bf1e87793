"""Escalations: raise one and move it along its path (open → acknowledged → escalated → resolved →
closed), keeping every change with who and when in ``escalation_events``.

The path runs L1 operational (client vendor manager ↔ vendor account manager), L2 management
(VMO lead ↔ vendor operations director), L3 executive (sponsors / steering committee).
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from governance import audit, vendors
from governance.actors import Actor, require
from governance.db import transaction
from governance.errors import InvalidInput, NotFound

CATEGORIES = (
    "service_performance", "compliance_data_security", "billing", "relationship",
    "operational_incident",
)  # fmt: skip
SEVERITIES = ("P1", "P2", "P3", "P4")
LEVELS = ("L1", "L2", "L3")
STATUSES = ("open", "acknowledged", "escalated", "resolved", "closed")

# Which status may follow which. A resolved escalation may be reopened; a closed one is final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("acknowledged", "escalated", "resolved"),
    "acknowledged": ("escalated", "resolved"),
    "escalated": ("acknowledged", "escalated", "resolved"),
    "resolved": ("closed", "open"),
    "closed": (),
}

_SELECT = (
    "SELECT e.escalation_id, v.name AS vendor, e.vendor_id, e.program, e.site, e.category, "
    "e.severity, e.level, e.status, e.title, e.description, e.raised_by, e.raised_at, "
    "e.acknowledged_at, e.resolved_at, e.closed_at, e.root_cause, e.resolution, e.version "
    "FROM escalations e JOIN vendors v ON v.vendor_id = e.vendor_id WHERE e.escalation_id = ?"
)


def get(con: duckdb.DuckDBPyConnection, escalation_id: int) -> dict:
    """One escalation as a dict (with the vendor's name); ``NotFound`` if there is none."""
    cur = con.execute(_SELECT, [escalation_id])
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"No escalation with id {escalation_id}.")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


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
) -> int:
    """Open an escalation against a vendor; returns its id.

    Records the first ``escalation_events`` row (status ``open`` at ``level``) and an audit event.
    Raises ``PermissionDenied``, ``NotFound`` (vendor) or ``InvalidInput`` (unknown category,
    severity or level, empty title).
    """
    require(actor, "governance.write")
    _one_of(category, CATEGORIES, "category")
    _one_of(severity, SEVERITIES, "severity")
    _one_of(level, LEVELS, "level")
    title = _text(title, "An escalation's title")
    description = " ".join(str(description or "").split()) or None
    vendor_id = vendors.vendor_id(con, vendor)
    at = raised_at or audit.now()
    with transaction(con):
        escalation_id = con.execute(
            "INSERT INTO escalations (vendor_id, program, site, category, severity, level, status, "
            "title, description, raised_by, raised_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING escalation_id",
            [vendor_id, program, site, category, severity, level, title, description,
             actor.name, at],
        ).fetchone()[0]  # fmt: skip
        con.execute(
            "INSERT INTO escalation_events (escalation_id, occurred_at, actor, from_status, "
            "to_status, from_level, to_level, note) VALUES (?, ?, ?, NULL, 'open', NULL, ?, ?)",
            [escalation_id, at, actor.name, level, "Raised"],
        )
        after = get(con, escalation_id)
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
) -> dict:
    """Move an escalation to ``to_status`` (and ``to_level``); returns the updated escalation.

    ``escalated`` moves it up one level unless ``to_level`` names a higher one; ``resolved``
    needs a ``resolution`` (given now or earlier). Timestamps: ``acknowledged_at`` is set the
    first time it is acknowledged, ``resolved_at`` / ``closed_at`` when resolved / closed
    (cleared on reopening). Raises ``NotFound``, ``PermissionDenied`` or ``InvalidInput`` for a
    step the path does not allow or a time before the last recorded change.
    """
    require(actor, "governance.write")
    _one_of(to_status, STATUSES, "status")
    if to_level is not None:
        _one_of(to_level, LEVELS, "level")
    when = at or audit.now()
    with transaction(con):
        before = get(con, escalation_id)
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
                        f"Escalation {escalation_id} is already at {level}, the executive level."
                    )
                new_level = LEVELS[LEVELS.index(level) + 1]
            elif LEVELS.index(to_level) <= LEVELS.index(level):
                raise InvalidInput(
                    f"Escalating moves up the path: escalation {escalation_id} is at {level}, "
                    f"so escalate to a higher level than {to_level}."
                )
        last = con.execute(
            "SELECT max(occurred_at) FROM escalation_events WHERE escalation_id = ?",
            [escalation_id],
        ).fetchone()[0]
        if last is not None and when < last:
            raise InvalidInput(
                f"The change is dated {when:%Y-%m-%d %H:%M}, before the escalation's last recorded "
                f"change ({last:%Y-%m-%d %H:%M})."
            )
        root_cause = " ".join(str(root_cause or "").split()) or before["root_cause"]
        resolution = " ".join(str(resolution or "").split()) or before["resolution"]
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
        con.execute(
            "UPDATE escalations SET status = ?, level = ?, acknowledged_at = ?, resolved_at = ?, "
            "closed_at = ?, root_cause = ?, resolution = ?, version = version + 1 "
            "WHERE escalation_id = ?",
            [to_status, new_level, acknowledged_at, resolved_at, closed_at, root_cause,
             resolution, escalation_id],
        )  # fmt: skip
        note = " ".join(str(note or "").split()) or None
        con.execute(
            "INSERT INTO escalation_events (escalation_id, occurred_at, actor, from_status, "
            "to_status, from_level, to_level, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [escalation_id, when, actor.name, status, to_status, level, new_level, note],
        )
        after = get(con, escalation_id)
        audit.record(
            con, actor, "escalation.transition", "escalation", escalation_id, before, after
        )
    return after


def _one_of(value, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise InvalidInput(
            f"'{value}' is not an escalation {what}; use one of {', '.join(allowed)}."
        )


def _text(value, what: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidInput(f"{what} is required.")
    return text
