"""The governance records' rows (``store.workflow_rows``) against a real DuckDB file: each write
lands as given, versions move only where they should, lookups of missing rows give None, and
every statement is a fixed string with its values bound."""

from __future__ import annotations

import ast
import inspect
from datetime import date, datetime

import pytest

from governance.access import vendors
from governance.store import queries, workflow_rows

T0 = datetime(2026, 3, 2, 9, 0)
HOSTILE = "O'Brien'); DROP TABLE vendors; --"


@pytest.fixture
def vendor_id(con, manager) -> int:
    vendors.add_vendors(con, manager, ["Alpha Care"])
    return queries.vendor_by_name(con, "Alpha Care")["vendor_id"]


def _escalation(con, vendor_id, **kw) -> int:
    fields = {
        "vendor_id": vendor_id,
        "program": None,
        "site": "Leeds",
        "category": "billing",
        "severity": "P2",
        "level": "L1",
        "status": "open",
        "title": HOSTILE,
        "description": "Invoices doubled.",
        "raised_by": "vince@client.example",
        "raised_at": T0,
    }
    return workflow_rows.insert_escalation(con, **{**fields, **kw})


def test_every_statement_is_a_fixed_string_with_bound_values():
    tree = ast.parse(inspect.getsource(workflow_rows))
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in ("execute", "executemany")
    ]
    assert calls
    for call in calls:
        sql = call.args[0]
        assert isinstance(sql, ast.Constant) and isinstance(sql.value, str), ast.unparse(call)
        assert "{" not in sql.value


def test_every_public_function_says_what_it_does():
    public = [
        f
        for name, f in inspect.getmembers(workflow_rows, inspect.isfunction)
        if not name.startswith("_") and f.__module__ == workflow_rows.__name__
    ]
    assert public
    assert [f.__name__ for f in public if not (f.__doc__ or "").strip()] == []


def test_escalation_rows(con, vendor_id):
    assert workflow_rows.escalation(con, 999) is None
    assert workflow_rows.escalation_vendor_id(con, 999) is None
    assert workflow_rows.last_escalation_change_at(con, 999) is None
    assert workflow_rows.last_escalation_event(con, 999) is None

    esc = _escalation(con, vendor_id)
    row = workflow_rows.escalation(con, esc)
    assert row["vendor"] == "Alpha Care"
    assert row["title"] == HOSTILE
    assert (row["status"], row["level"], row["version"]) == ("open", "L1", 1)
    assert workflow_rows.escalation_vendor_id(con, esc) == vendor_id

    workflow_rows.insert_escalation_event(
        con,
        escalation_id=esc,
        occurred_at=T0,
        actor="vince@client.example",
        from_status=None,
        to_status="open",
        from_level=None,
        to_level="L1",
        note="Raised",
    )
    later = datetime(2026, 3, 3, 10, 0)
    workflow_rows.insert_escalation_event(
        con,
        escalation_id=esc,
        occurred_at=later,
        actor="lee@client.example",
        from_status="open",
        to_status="escalated",
        from_level="L1",
        to_level="L2",
        note=None,
    )
    assert workflow_rows.last_escalation_change_at(con, esc) == later
    assert workflow_rows.last_escalation_event(con, esc) == ("lee@client.example", later)

    workflow_rows.update_escalation_state(
        con,
        esc,
        status="escalated",
        level="L2",
        acknowledged_at=None,
        resolved_at=None,
        closed_at=None,
        root_cause="Tariff table",
        resolution=None,
    )
    row = workflow_rows.escalation(con, esc)
    assert (row["status"], row["level"], row["root_cause"], row["version"]) == (
        "escalated",
        "L2",
        "Tariff table",
        2,
    )
    history = queries.escalation_history(con, esc)
    assert list(history["to_status"]) == ["open", "escalated"]
    assert history["from_status"].isna().tolist() == [True, False]


def test_meeting_and_action_rows(con, vendor_id):
    assert workflow_rows.meeting_vendor_id(con, 999) is None
    assert workflow_rows.action_item(con, 999) is None

    meeting = workflow_rows.insert_meeting(
        con,
        vendor_id=vendor_id,
        kind="MBR",
        meeting_date=date(2026, 3, 5),
        title=HOSTILE,
        attendees=None,
        agenda="KPIs",
        minutes=None,
        pack_file=None,
    )
    assert workflow_rows.meeting_vendor_id(con, meeting) == vendor_id
    workflow_rows.update_meeting(
        con,
        meeting,
        meeting_date=date(2026, 3, 6),
        title="March MBR",
        attendees="Vendor account manager",
        agenda=None,
        minutes="Agreed a plan.",
    )
    workflow_rows.set_meeting_pack_file(con, meeting, "mbr-2026-03.xlsx")
    row = queries.meeting(con, meeting)
    assert (row["meeting_date"], row["title"], row["minutes"]) == (
        date(2026, 3, 6),
        "March MBR",
        "Agreed a plan.",
    )
    assert (row["pack_file"], row["version"]) == ("mbr-2026-03.xlsx", 2)  # the link: no bump

    decision = workflow_rows.insert_decision(con, meeting, HOSTILE)
    assert list(queries.decisions(con, meeting)["text"]) == [HOSTILE]
    assert decision >= 1

    esc = _escalation(con, vendor_id)
    action = workflow_rows.insert_action_item(
        con,
        vendor_id=vendor_id,
        meeting_id=meeting,
        escalation_id=None,
        kpi=None,
        description="Send the recovery plan",
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 3, 20),
        status="open",
        created_at=T0,
    )
    item = workflow_rows.action_item(con, action)
    assert (item["vendor_id"], item["status"], item["version"]) == (vendor_id, "open", 1)
    workflow_rows.update_action_item(
        con,
        action,
        description=HOSTILE,
        owner_side="client",
        owner="Client VMO lead",
        due_date=date(2026, 3, 27),
        kpi=None,
        escalation_id=esc,
    )
    done = datetime(2026, 3, 25, 12, 0)
    workflow_rows.set_action_status(con, action, status="done", completed_at=done)
    item = workflow_rows.action_item(con, action)
    assert (item["description"], item["owner_side"], item["escalation_id"]) == (
        HOSTILE,
        "client",
        esc,
    )
    assert (item["status"], item["completed_at"], item["version"]) == ("done", done, 3)


def test_training_rows(con, vendor_id):
    assert not workflow_rows.material_title_taken(con, HOSTILE)
    material = workflow_rows.insert_material(con, title=HOSTILE, description=None, created_at=T0)
    assert workflow_rows.material_title_taken(con, HOSTILE)
    workflow_rows.insert_material_release(con, material, 1, date(2026, 1, 10), None)
    workflow_rows.insert_material_programs(con, material, ["Billing care", "Tech support"])
    assert workflow_rows.material_release_date(con, material, 1) == date(2026, 1, 10)
    assert workflow_rows.material_release_date(con, material, 2) is None

    workflow_rows.insert_material_release(con, material, 2, date(2026, 2, 1), "New tariffs")
    workflow_rows.bump_material_version(con, material)
    found = queries.training_material(con, material)
    assert (found["current_release"], found["version"]) == (2, 2)
    listed = queries.training_materials(con)
    assert listed.loc[0, "programs"] == "Billing care, Tech support"

    session = workflow_rows.insert_kt_session(
        con,
        vendor_id=vendor_id,
        session_date=date(2026, 2, 3),
        topic="Tariffs",
        material_id=material,
        release_no=2,
        vendor_attendees=14,
        notes=None,
        created_at=T0,
    )
    assert session >= 1
    assert list(queries.kt_sessions(con)["vendor_attendees"]) == [14]

    month = date(2026, 2, 1)
    common = {"vendor_id": vendor_id, "program": "Billing care", "month": month}
    workflow_rows.insert_training_completion(
        con,
        **common,
        trained=10,
        assigned=20,
        material_id=material,
        release_no=1,
        attested_at=T0,
    )
    row = queries.training_completion_row(con, vendor_id, "Billing care", month)
    assert (row["trained"], row["assigned"], row["release_no"], row["version"]) == (10, 20, 1, 1)
    workflow_rows.update_training_completion(
        con,
        **common,
        trained=18,
        assigned=20,
        material_id=material,
        release_no=2,
        attested_at=T0,
    )
    row = queries.training_completion_row(con, vendor_id, "Billing care", month)
    assert (row["trained"], row["release_no"], row["version"]) == (18, 2, 2)

    practice = workflow_rows.insert_best_practice(
        con, title="Warm transfers", program=None, body=HOSTILE, created_at=T0
    )
    assert queries.best_practice(con, practice)["body"] == HOSTILE


def test_attestation_rows(con, vendor_id):
    attestation = workflow_rows.insert_attestation(
        con,
        vendor_id=vendor_id,
        kind="PCI DSS",
        issued=date(2026, 1, 1),
        expires=date(2027, 1, 1),
        evidence_ref=HOSTILE,
        notes=None,
        created_at=T0,
    )
    row = queries.attestation(con, attestation)
    assert (row["vendor"], row["evidence_ref"], row["version"]) == ("Alpha Care", HOSTILE, 1)
    workflow_rows.update_attestation(
        con,
        attestation,
        issued=date(2026, 2, 1),
        expires=None,
        evidence_ref=None,
        notes="Re-issued",
    )
    row = queries.attestation(con, attestation)
    assert (row["issued"], row["expires"], row["evidence_ref"], row["notes"], row["version"]) == (
        date(2026, 2, 1),
        None,
        None,
        "Re-issued",
        2,
    )
    assert con.execute("SELECT count(*) FROM vendors").fetchone()[0] == 1
