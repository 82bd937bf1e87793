"""Training and knowledge transfer: client-owned materials with releases and the programs they
cover, knowledge-transfer (KT) sessions per vendor, vendor-attested training completion per
program and month, and a best-practice library shared with every vendor.

Everything about the vendor's people is an aggregate: a KT session records how many of the
vendor's people attended, a completion attestation records trained and assigned counts. The
vendor trains and manages its own people; the client owns the content.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from governance.access import audit, records, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound, StaleRecord
from governance.kpis import privacy
from governance.store import queries, workflow_rows
from governance.store.db import transaction
from governance.workflow import wording


def add_material(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    title: str,
    programs: list[str],
    released_on: date,
    description: str | None = None,
    notes: str | None = None,
    acknowledged: dict | None = None,
) -> int:
    """Add a client-owned training material with its first release (1); returns its id.

    ``acknowledged``: the co-employment wording findings the user chose to save anyway
    (``wording.acknowledgement``); text with findings it does not cover is refused
    (``WordingNotAcknowledged``). Raises ``PermissionDenied`` or ``InvalidInput`` (no title, no
    program, title taken).
    """
    require(actor, "governance.write")
    title = records.required_text(title, "A material's title")
    programs = sorted({records.required_text(p, "A program") for p in programs or []})
    if not programs:
        raise InvalidInput("Name at least one program the material covers.")
    released_on = records.day(released_on, "The release date")
    description = records.optional_text(description, "The description")
    notes = records.optional_text(notes, "What changed")
    acknowledged = wording.screen(
        con,
        {"Title": title, "Description": description, "What changed": notes},
        acknowledged,
    )
    with transaction(con):
        if workflow_rows.material_title_taken(con, title):
            raise InvalidInput(
                f"A material called '{title}' exists already; release a new version of it."
            )
        material_id = workflow_rows.insert_material(
            con, title=title, description=description, created_at=audit.now()
        )
        workflow_rows.insert_material_release(con, material_id, 1, released_on, notes)
        workflow_rows.insert_material_programs(con, material_id, programs)
        after = {
            "material_id": material_id,
            "title": title,
            "description": description,
            "programs": programs,
            "release_no": 1,
            "released_on": released_on,
            "notes": notes,
        }
        audit.record(
            con,
            actor,
            "material.add",
            "training_material",
            material_id,
            None,
            records.with_acknowledgement(after, acknowledged),
        )
    return material_id


def release_material(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    material_id: int,
    *,
    expected_version: int,
    released_on: date,
    notes: str | None = None,
    acknowledged: dict | None = None,
) -> int:
    """Publish the next release of a material; returns the new release number.

    Vendors whose latest KT session or attestation references an earlier release are then flagged
    by ``outdated``. Raises ``NotFound``, ``InvalidInput`` (a release date before the current
    one's; wording findings not acknowledged) or ``StaleRecord`` when the material changed
    since it was read.
    """
    require(actor, "governance.write")
    released_on = records.day(released_on, "The release date")
    notes = records.optional_text(notes, "What changed")
    acknowledged = wording.screen(con, {"What changed": notes}, acknowledged)
    with transaction(con):
        before = queries.training_material(con, material_id)
        if before is None:
            raise NotFound(f"No training material with id {material_id}.")
        records.check_version(before, expected_version, f"Material '{before['title']}'")
        current = before["current_release"]
        last_day = workflow_rows.material_release_date(con, material_id, current)
        if released_on < last_day:
            raise InvalidInput(
                f"Release {current} came out on {last_day}; a new release cannot be dated earlier."
            )
        release_no = current + 1
        workflow_rows.insert_material_release(con, material_id, release_no, released_on, notes)
        workflow_rows.bump_material_version(con, material_id)
        after = {
            **queries.training_material(con, material_id),
            "released_on": released_on,
            "notes": notes,
        }
        audit.record(
            con,
            actor,
            "material.release",
            "training_material",
            material_id,
            before,
            records.with_acknowledgement(after, acknowledged),
        )
    return release_no


def record_kt_session(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    session_date: date,
    topic: str,
    vendor_attendees: int,
    material_id: int | None = None,
    release_no: int | None = None,
    notes: str | None = None,
    acknowledged: dict | None = None,
) -> int:
    """Record a knowledge-transfer session delivered to a vendor; returns its id.

    ``vendor_attendees`` is how many of the vendor's people attended (a count, never names).
    A material, when given, needs its release (default: the current one). Wording findings in
    the topic or notes need ``acknowledged``.
    """
    require(actor, "governance.write")
    topic = records.required_text(topic, "A session's topic")
    session_date = records.day(session_date, "The session date")
    attendees = _count(vendor_attendees, "The number of vendor attendees")
    notes = records.optional_text(notes, "The notes")
    vendor_id = vendors.vendor_id(con, vendor)
    acknowledged = wording.screen(con, {"Topic": topic, "Notes": notes}, acknowledged)
    with transaction(con):
        release_no = _release(con, material_id, release_no)
        session_id = workflow_rows.insert_kt_session(
            con,
            vendor_id=vendor_id,
            session_date=session_date,
            topic=topic,
            material_id=material_id,
            release_no=release_no,
            vendor_attendees=attendees,
            notes=notes,
            created_at=audit.now(),
        )
        after = {
            "session_id": session_id,
            "vendor": vendor,
            "session_date": session_date,
            "topic": topic,
            "material_id": material_id,
            "release_no": release_no,
            "vendor_attendees": attendees,
            "notes": notes,
        }
        audit.record(
            con,
            actor,
            "kt_session.add",
            "kt_session",
            session_id,
            None,
            records.with_acknowledgement(after, acknowledged),
        )
    return session_id


def attest_completion(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    program: str,
    month: date,
    trained: int,
    assigned: int,
    material_id: int | None = None,
    release_no: int | None = None,
    expected_version: int | None = None,
) -> dict:
    """Record the vendor's attested training completion for a program and month (aggregate:
    ``trained`` of ``assigned``); returns the stored row.

    A month already attested is corrected only with ``expected_version`` equal to the stored
    version; otherwise ``StaleRecord`` is raised and nothing is written.
    """
    require(actor, "governance.write")
    program = records.required_text(program, "The program")
    month = records.day(month, "The month").replace(day=1)
    trained = _count(trained, "Trained")
    assigned = _count(assigned, "Assigned")
    if trained > assigned:
        raise InvalidInput(f"Trained ({trained}) cannot exceed assigned ({assigned}).")
    vendor_id = vendors.vendor_id(con, vendor)
    with transaction(con):
        release_no = _release(con, material_id, release_no)
        before = queries.training_completion_row(con, vendor_id, program, month)
        if before is None:
            workflow_rows.insert_training_completion(
                con,
                vendor_id=vendor_id,
                program=program,
                month=month,
                trained=trained,
                assigned=assigned,
                material_id=material_id,
                release_no=release_no,
                attested_at=audit.now(),
            )
        else:
            if expected_version != before["version"]:
                raise StaleRecord(
                    f"{vendor}'s completion for {program} in {month:%B %Y} is already recorded "
                    f"(version {before['version']}) and may have changed since you read it; "
                    "nothing was saved. Reload, then correct it."
                )
            workflow_rows.update_training_completion(
                con,
                vendor_id=vendor_id,
                program=program,
                month=month,
                trained=trained,
                assigned=assigned,
                material_id=material_id,
                release_no=release_no,
                attested_at=audit.now(),
            )
        after = queries.training_completion_row(con, vendor_id, program, month)
        audit.record(
            con,
            actor,
            "training.attest",
            "training_completion",
            f"{vendor_id}:{program}:{month}",
            before,
            {**after, "vendor": vendor},
        )
    return after


def add_best_practice(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    title: str,
    body: str,
    program: str | None = None,
    acknowledged: dict | None = None,
) -> int:
    """Add an entry to the best-practice library (shared with every vendor); returns its id.
    Wording findings in the title or text need ``acknowledged``."""
    require(actor, "governance.write")
    title = records.required_text(title, "A best practice's title")
    body = records.required_text(body, "A best practice's text")
    program = records.optional_text(program, "The program")
    acknowledged = wording.screen(con, {"Title": title, "Practice": body}, acknowledged)
    with transaction(con):
        practice_id = workflow_rows.insert_best_practice(
            con, title=title, program=program, body=body, created_at=audit.now()
        )
        audit.record(
            con,
            actor,
            "best_practice.add",
            "best_practice",
            practice_id,
            None,
            records.with_acknowledgement(queries.best_practice(con, practice_id), acknowledged),
        )
    return practice_id


def completion(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> pd.DataFrame:
    """Attested completion with ``rate`` = trained ÷ assigned (blank when nothing assigned)."""
    frame = queries.training_completion(con, vendor)
    assigned = frame["assigned"].astype("float64")
    frame["rate"] = (frame["trained"].astype("float64") / assigned).where(assigned > 0)
    return frame


def outdated(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> pd.DataFrame:
    """Vendors still on an old release: per vendor and material, the latest reference (KT session
    or completion attestation, by date) names a release older than the current one.

    Columns: vendor, material, on_release, current_release, since (date), source.
    """
    refs = queries.material_references(con)
    columns = ["vendor", "material", "on_release", "current_release", "since", "source"]
    if vendor is not None:
        refs = refs[refs["vendor"] == vendor]
    if refs.empty:
        return pd.DataFrame(columns=columns)
    # Latest by date; on the same date the higher release wins (the vendor moved up that day).
    latest = refs.sort_values(["on", "release_no"]).groupby(["vendor", "material_id"]).tail(1)
    old = latest[latest["release_no"] < latest["current_release"]]
    out = old.rename(columns={"release_no": "on_release", "on": "since"})[columns]
    out["since"] = [records.day(d, "since") for d in out["since"]]
    return out.sort_values(["vendor", "material"]).reset_index(drop=True)


def _release(con, material_id: int | None, release_no: int | None) -> int | None:
    """The release referenced: checked to exist; the current one when only a material is given."""
    if material_id is None:
        if release_no is not None:
            raise InvalidInput("A release number needs its material.")
        return None
    material = queries.training_material(con, material_id)
    if material is None:
        raise NotFound(f"No training material with id {material_id}.")
    if release_no is None:
        return material["current_release"]
    release_no = _count(release_no, "The release number")
    if not 1 <= release_no <= material["current_release"]:
        raise InvalidInput(
            f"'{material['title']}' has releases 1 to {material['current_release']}, not {release_no}."
        )
    return release_no


def _count(value, what: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} must be a whole number, not '{value}'.") from None
    if number != int(number) or number < 0:
        raise InvalidInput(f"{what} must be a whole number of 0 or more, not '{value}'.")
    return int(number)


def completion_version(
    con: duckdb.DuckDBPyConnection, vendor: str, program: str, month: date
) -> int | None:
    """The version of ``vendor``'s attestation for ``program`` in ``month`` (any day of it), or
    None when that month is not attested yet (or the vendor is unknown)."""
    found = queries.vendor_by_name(con, vendor)
    if found is None or not str(program or "").strip():
        return None
    month = records.day(month, "The month").replace(day=1)
    row = queries.training_completion_row(con, found["vendor_id"], str(program).strip(), month)
    return None if row is None else int(row["version"])


def sessions_shown(sessions: pd.DataFrame) -> pd.DataFrame:
    """KT sessions as shown to anyone: attendee counts below the small-cell threshold suppressed."""
    return privacy.suppress(sessions, "vendor_attendees")


def completion_shown(done: pd.DataFrame) -> pd.DataFrame:
    """Attested completion as shown to anyone: the rate as a percentage, and the counts and rate
    of a small cell suppressed (so trained and assigned cannot be recovered from the rate)."""
    shown = done.assign(rate=[None if r != r else f"{r:.1%}" for r in done["rate"]])
    return privacy.suppress(shown, ["trained", "assigned"], figures=["rate"])
