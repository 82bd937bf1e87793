"""The rows of the governance records (escalations, meetings and action items, training and
knowledge transfer, compliance attestations), written and read as named functions.

The services in ``governance.workflow`` keep the rules (validation, versions, audit, the
transaction); these functions only say the SQL. Every value is a bound parameter; no identifier
is ever dynamic here (``quoting.quote_ident`` would be the way if one were). Reads shared with the
pages live in ``queries``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import duckdb


def _one(cur: duckdb.DuckDBPyConnection) -> dict | None:
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def _scalar(cur: duckdb.DuckDBPyConnection):
    row = cur.fetchone()
    return None if row is None else row[0]


# --- escalations ---------------------------------------------------------------------------------


def escalation(con: duckdb.DuckDBPyConnection, escalation_id: int) -> dict | None:
    """One escalation with its vendor's name, or None."""
    return _one(
        con.execute(
            "SELECT e.escalation_id, v.name AS vendor, e.vendor_id, e.program, e.site, "
            "e.category, e.severity, e.level, e.status, e.title, e.description, e.raised_by, "
            "e.raised_at, e.acknowledged_at, e.resolved_at, e.closed_at, e.root_cause, "
            "e.resolution, e.version "
            "FROM escalations e JOIN vendors v ON v.vendor_id = e.vendor_id "
            "WHERE e.escalation_id = ?",
            [escalation_id],
        )
    )


def escalation_vendor_id(con: duckdb.DuckDBPyConnection, escalation_id: int) -> int | None:
    """The vendor id of an escalation, or None when there is no such escalation."""
    return _scalar(
        con.execute("SELECT vendor_id FROM escalations WHERE escalation_id = ?", [escalation_id])
    )


def insert_escalation(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    program: str | None,
    site: str | None,
    category: str,
    severity: str,
    level: str,
    status: str,
    title: str,
    description: str,
    raised_by: str,
    raised_at: datetime,
) -> int:
    """Insert an escalation; returns its new id."""
    return con.execute(
        "INSERT INTO escalations (vendor_id, program, site, category, severity, level, status, "
        "title, description, raised_by, raised_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING escalation_id",
        [
            vendor_id,
            program,
            site,
            category,
            severity,
            level,
            status,
            title,
            description,
            raised_by,
            raised_at,
        ],
    ).fetchone()[0]


def update_escalation_state(
    con: duckdb.DuckDBPyConnection,
    escalation_id: int,
    *,
    status: str,
    level: str,
    acknowledged_at: datetime | None,
    resolved_at: datetime | None,
    closed_at: datetime | None,
    root_cause: str | None,
    resolution: str | None,
) -> None:
    """Set an escalation's status, level, timestamps and outcome, and bump its version."""
    con.execute(
        "UPDATE escalations SET status = ?, level = ?, acknowledged_at = ?, resolved_at = ?, "
        "closed_at = ?, root_cause = ?, resolution = ?, version = version + 1 "
        "WHERE escalation_id = ?",
        [
            status,
            level,
            acknowledged_at,
            resolved_at,
            closed_at,
            root_cause,
            resolution,
            escalation_id,
        ],
    )


def insert_escalation_event(
    con: duckdb.DuckDBPyConnection,
    *,
    escalation_id: int,
    occurred_at: datetime,
    actor: str,
    from_status: str | None,
    to_status: str,
    from_level: str | None,
    to_level: str,
    note: str | None,
) -> None:
    """Record one change of an escalation in ``escalation_events``."""
    con.execute(
        "INSERT INTO escalation_events (escalation_id, occurred_at, actor, from_status, "
        "to_status, from_level, to_level, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [escalation_id, occurred_at, actor, from_status, to_status, from_level, to_level, note],
    )


def last_escalation_change_at(
    con: duckdb.DuckDBPyConnection, escalation_id: int
) -> datetime | None:
    """When the latest recorded change of an escalation happened, or None when there is none."""
    return _scalar(
        con.execute(
            "SELECT max(occurred_at) FROM escalation_events WHERE escalation_id = ?",
            [escalation_id],
        )
    )


def last_escalation_event(
    con: duckdb.DuckDBPyConnection, escalation_id: int
) -> tuple[str, datetime] | None:
    """The actor and time of an escalation's latest recorded change, or None when there is none."""
    row = con.execute(
        "SELECT actor, occurred_at FROM escalation_events WHERE escalation_id = ? "
        "ORDER BY occurred_at DESC, event_id DESC LIMIT 1",
        [escalation_id],
    ).fetchone()
    return None if row is None else (row[0], row[1])


# --- meetings, decisions, action items -----------------------------------------------------------


def insert_meeting(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    kind: str,
    meeting_date: date,
    title: str,
    attendees: str | None,
    agenda: str | None,
    minutes: str | None,
    pack_file: str | None,
) -> int:
    """Insert a meeting; returns its new id."""
    return con.execute(
        "INSERT INTO meetings (vendor_id, kind, meeting_date, title, attendees, agenda, "
        "minutes, pack_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING meeting_id",
        [vendor_id, kind, meeting_date, title, attendees, agenda, minutes, pack_file],
    ).fetchone()[0]


def meeting_vendor_id(con: duckdb.DuckDBPyConnection, meeting_id: int) -> int | None:
    """The vendor id of a meeting, or None when there is no such meeting."""
    return _scalar(con.execute("SELECT vendor_id FROM meetings WHERE meeting_id = ?", [meeting_id]))


def update_meeting(
    con: duckdb.DuckDBPyConnection,
    meeting_id: int,
    *,
    meeting_date: date,
    title: str,
    attendees: str | None,
    agenda: str | None,
    minutes: str | None,
) -> None:
    """Set a meeting's date, title, attendees, agenda and minutes, and bump its version."""
    con.execute(
        "UPDATE meetings SET meeting_date = ?, title = ?, attendees = ?, agenda = ?, "
        "minutes = ?, version = version + 1 WHERE meeting_id = ?",
        [meeting_date, title, attendees, agenda, minutes, meeting_id],
    )


def set_meeting_pack_file(con: duckdb.DuckDBPyConnection, meeting_id: int, pack_file: str) -> None:
    """Record the pack file name on a meeting (its version is left as it is)."""
    con.execute("UPDATE meetings SET pack_file = ? WHERE meeting_id = ?", [pack_file, meeting_id])


def insert_decision(con: duckdb.DuckDBPyConnection, meeting_id: int, text: str) -> int:
    """Insert a decision taken at a meeting; returns its new id."""
    return con.execute(
        "INSERT INTO decisions (meeting_id, text) VALUES (?, ?) RETURNING decision_id",
        [meeting_id, text],
    ).fetchone()[0]


def action_item(con: duckdb.DuckDBPyConnection, action_id: int) -> dict | None:
    """One action item as stored (with its vendor id), or None."""
    return _one(
        con.execute(
            "SELECT action_id, vendor_id, meeting_id, escalation_id, kpi, description, "
            "owner_side, owner, due_date, status, created_at, completed_at, version "
            "FROM action_items WHERE action_id = ?",
            [action_id],
        )
    )


def insert_action_item(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    meeting_id: int | None,
    escalation_id: int | None,
    kpi: str | None,
    description: str,
    owner_side: str,
    owner: str,
    due_date: date,
    status: str,
    created_at: datetime,
) -> int:
    """Insert an action item; returns its new id."""
    return con.execute(
        "INSERT INTO action_items (vendor_id, meeting_id, escalation_id, kpi, description, "
        "owner_side, owner, due_date, status, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING action_id",
        [
            vendor_id,
            meeting_id,
            escalation_id,
            kpi,
            description,
            owner_side,
            owner,
            due_date,
            status,
            created_at,
        ],
    ).fetchone()[0]


def set_action_status(
    con: duckdb.DuckDBPyConnection,
    action_id: int,
    *,
    status: str,
    completed_at: datetime | None,
) -> None:
    """Set an action item's status and completion time, and bump its version."""
    con.execute(
        "UPDATE action_items SET status = ?, completed_at = ?, version = version + 1 "
        "WHERE action_id = ?",
        [status, completed_at, action_id],
    )


def update_action_item(
    con: duckdb.DuckDBPyConnection,
    action_id: int,
    *,
    description: str,
    owner_side: str,
    owner: str,
    due_date: date,
    kpi: str | None,
    escalation_id: int | None,
) -> None:
    """Set an action item's text, owner, due date and links, and bump its version."""
    con.execute(
        "UPDATE action_items SET description = ?, owner_side = ?, owner = ?, due_date = ?, "
        "kpi = ?, escalation_id = ?, version = version + 1 WHERE action_id = ?",
        [description, owner_side, owner, due_date, kpi, escalation_id, action_id],
    )


# --- training and knowledge transfer -------------------------------------------------------------


def material_title_taken(con: duckdb.DuckDBPyConnection, title: str) -> bool:
    """True when a training material already has this title."""
    return (
        con.execute("SELECT 1 FROM training_materials WHERE title = ?", [title]).fetchone()
        is not None
    )


def insert_material(
    con: duckdb.DuckDBPyConnection,
    *,
    title: str,
    description: str | None,
    created_at: datetime,
) -> int:
    """Insert a training material (without releases or programs); returns its new id."""
    return con.execute(
        "INSERT INTO training_materials (title, description, created_at) VALUES (?, ?, ?) "
        "RETURNING material_id",
        [title, description, created_at],
    ).fetchone()[0]


def insert_material_release(
    con: duckdb.DuckDBPyConnection,
    material_id: int,
    release_no: int,
    released_on: date,
    notes: str | None,
) -> None:
    """Insert one release of a training material."""
    con.execute(
        "INSERT INTO material_releases (material_id, release_no, released_on, notes) "
        "VALUES (?, ?, ?, ?)",
        [material_id, release_no, released_on, notes],
    )


def insert_material_programs(
    con: duckdb.DuckDBPyConnection, material_id: int, programs: Iterable[str]
) -> None:
    """Record the programs a training material covers (at least one)."""
    con.executemany(
        "INSERT INTO material_programs (material_id, program) VALUES (?, ?)",
        [[material_id, p] for p in programs],
    )


def material_release_date(
    con: duckdb.DuckDBPyConnection, material_id: int, release_no: int
) -> date | None:
    """The date a release of a material came out, or None when there is no such release."""
    return _scalar(
        con.execute(
            "SELECT released_on FROM material_releases WHERE material_id = ? AND release_no = ?",
            [material_id, release_no],
        )
    )


def bump_material_version(con: duckdb.DuckDBPyConnection, material_id: int) -> None:
    """Bump a training material's version (a new release changes the material)."""
    con.execute(
        "UPDATE training_materials SET version = version + 1 WHERE material_id = ?",
        [material_id],
    )


def insert_kt_session(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    session_date: date,
    topic: str,
    material_id: int | None,
    release_no: int | None,
    vendor_attendees: int,
    notes: str | None,
    created_at: datetime,
) -> int:
    """Insert a knowledge-transfer session; returns its new id."""
    return con.execute(
        "INSERT INTO kt_sessions (vendor_id, session_date, topic, material_id, release_no, "
        "vendor_attendees, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING session_id",
        [
            vendor_id,
            session_date,
            topic,
            material_id,
            release_no,
            vendor_attendees,
            notes,
            created_at,
        ],
    ).fetchone()[0]


def insert_training_completion(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    program: str,
    month: date,
    trained: int,
    assigned: int,
    material_id: int | None,
    release_no: int | None,
    attested_at: datetime,
) -> None:
    """Insert a vendor's attested training completion for a program and month."""
    con.execute(
        "INSERT INTO training_completion (vendor_id, program, month, trained, assigned, "
        "material_id, release_no, attested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [vendor_id, program, month, trained, assigned, material_id, release_no, attested_at],
    )


def update_training_completion(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    program: str,
    month: date,
    trained: int,
    assigned: int,
    material_id: int | None,
    release_no: int | None,
    attested_at: datetime,
) -> None:
    """Correct a vendor's attested training completion for a program and month; bumps its
    version."""
    con.execute(
        "UPDATE training_completion SET trained = ?, assigned = ?, material_id = ?, "
        "release_no = ?, attested_at = ?, version = version + 1 "
        "WHERE vendor_id = ? AND program = ? AND month = ?",
        [trained, assigned, material_id, release_no, attested_at, vendor_id, program, month],
    )


def insert_best_practice(
    con: duckdb.DuckDBPyConnection,
    *,
    title: str,
    program: str | None,
    body: str,
    created_at: datetime,
) -> int:
    """Insert an entry of the best-practice library; returns its new id."""
    return con.execute(
        "INSERT INTO best_practices (title, program, body, created_at) VALUES (?, ?, ?, ?) "
        "RETURNING practice_id",
        [title, program, body, created_at],
    ).fetchone()[0]


# --- compliance ----------------------------------------------------------------------------------


def insert_attestation(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor_id: int,
    kind: str,
    issued: date,
    expires: date | None,
    evidence_ref: str | None,
    notes: str | None,
    created_at: datetime,
) -> int:
    """Insert a compliance attestation; returns its new id."""
    return con.execute(
        "INSERT INTO compliance_attestations (vendor_id, kind, issued, expires, evidence_ref, "
        "notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING attestation_id",
        [vendor_id, kind, issued, expires, evidence_ref, notes, created_at],
    ).fetchone()[0]


def update_attestation(
    con: duckdb.DuckDBPyConnection,
    attestation_id: int,
    *,
    issued: date,
    expires: date | None,
    evidence_ref: str | None,
    notes: str | None,
) -> None:
    """Correct an attestation's dates, evidence reference and notes, and bump its version."""
    con.execute(
        "UPDATE compliance_attestations SET issued = ?, expires = ?, evidence_ref = ?, "
        "notes = ?, version = version + 1 WHERE attestation_id = ?",
        [issued, expires, evidence_ref, notes, attestation_id],
    )
