"""Training and knowledge transfer: materials and releases, KT sessions (a count of attendees),
attested completion (trained ÷ assigned), the best-practice library and the old-release flag."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance.access import vendors
from governance.errors import InvalidInput, PermissionDenied, StaleRecord
from governance.store import db
from governance.workflow import training, wording


@pytest.fixture
def setup(con, admin):
    vendors.add_vendors(con, admin, ["Alpha Care", "Beacon Support"])
    material = training.add_material(
        con,
        admin,
        title="Billing disputes playbook",
        programs=["Billing care"],
        released_on=date(2026, 1, 10),
    )
    return con, material


def _after(con, action):
    return [
        json.loads(r[0])
        for r in con.execute(
            "SELECT after FROM audit_events WHERE action = ? ORDER BY event_id", [action]
        ).fetchall()
    ]


def test_the_schema_has_no_column_that_identifies_a_person(con):
    assert db.agent_columns(con) == []
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert {
        "training_materials",
        "kt_sessions",
        "training_completion",
        "compliance_attestations",
    } <= tables


def test_material_releases_are_numbered_and_audited(setup, manager):
    con, material = setup
    assert (
        training.release_material(
            con,
            manager,
            material,
            expected_version=1,
            released_on=date(2026, 6, 1),
            notes="New refund rules",
        )
        == 2
    )
    with pytest.raises(StaleRecord):
        training.release_material(
            con, manager, material, expected_version=1, released_on=date(2026, 7, 1)
        )
    with pytest.raises(InvalidInput, match="cannot be dated earlier"):
        training.release_material(
            con, manager, material, expected_version=2, released_on=date(2026, 5, 1)
        )
    assert _after(con, "material.add")[0]["programs"] == ["Billing care"]
    assert _after(con, "material.release")[0]["current_release"] == 2
    with pytest.raises(InvalidInput, match="exists already"):
        training.add_material(
            con,
            manager,
            title="Billing disputes playbook",
            programs=["X"],
            released_on=date(2026, 1, 1),
        )


def test_kt_session_records_a_count_of_vendor_attendees(setup, manager):
    con, material = setup
    sid = training.record_kt_session(
        con,
        manager,
        vendor="Alpha Care",
        session_date=date(2026, 2, 3),
        topic="Refund rules",
        vendor_attendees=12,
        material_id=material,
    )
    after = _after(con, "kt_session.add")[0]
    assert (
        after["session_id"] == sid and after["vendor_attendees"] == 12 and after["release_no"] == 1
    )
    with pytest.raises(InvalidInput, match="whole number"):
        training.record_kt_session(
            con,
            manager,
            vendor="Alpha Care",
            session_date=date(2026, 2, 3),
            topic="Refund rules",
            vendor_attendees=-1,
        )
    with pytest.raises(InvalidInput, match="releases 1 to 1"):
        training.record_kt_session(
            con,
            manager,
            vendor="Alpha Care",
            session_date=date(2026, 2, 3),
            topic="x",
            vendor_attendees=3,
            material_id=material,
            release_no=2,
        )


def test_completion_is_trained_over_assigned_and_corrections_need_the_version(setup, manager):
    con, _ = setup
    row = training.attest_completion(
        con,
        manager,
        vendor="Alpha Care",
        program="Billing care",
        month=date(2026, 9, 17),
        trained=45,
        assigned=50,
    )
    assert row["month"] == date(2026, 9, 1) and row["version"] == 1
    with pytest.raises(StaleRecord, match="already recorded"):
        training.attest_completion(
            con,
            manager,
            vendor="Alpha Care",
            program="Billing care",
            month=date(2026, 9, 1),
            trained=48,
            assigned=50,
        )
    training.attest_completion(
        con,
        manager,
        vendor="Alpha Care",
        program="Billing care",
        month=date(2026, 9, 1),
        trained=48,
        assigned=50,
        expected_version=1,
    )
    training.attest_completion(
        con,
        manager,
        vendor="Beacon Support",
        program="Billing care",
        month=date(2026, 9, 1),
        trained=0,
        assigned=0,
    )
    frame = training.completion(con).set_index("vendor")
    assert frame.loc["Alpha Care", "rate"] == pytest.approx(0.96)
    assert frame.loc["Beacon Support", "rate"] != frame.loc["Beacon Support", "rate"]  # NaN
    with pytest.raises(InvalidInput, match="cannot exceed"):
        training.attest_completion(
            con,
            manager,
            vendor="Alpha Care",
            program="Billing care",
            month=date(2026, 10, 1),
            trained=51,
            assigned=50,
        )


def test_a_vendor_on_an_old_release_is_flagged(setup, manager):
    con, material = setup
    training.record_kt_session(
        con,
        manager,
        vendor="Alpha Care",
        session_date=date(2026, 2, 3),
        topic="Refund rules",
        vendor_attendees=12,
        material_id=material,
    )
    assert training.outdated(con).empty  # release 1 is current
    training.release_material(
        con, manager, material, expected_version=1, released_on=date(2026, 6, 1)
    )
    training.attest_completion(
        con,
        manager,
        vendor="Beacon Support",
        program="Billing care",
        month=date(2026, 6, 1),
        trained=20,
        assigned=20,
        material_id=material,
    )  # current release, 2
    flagged = training.outdated(con)
    assert flagged.to_dict("records") == [
        {
            "vendor": "Alpha Care",
            "material": "Billing disputes playbook",
            "on_release": 1,
            "current_release": 2,
            "since": date(2026, 2, 3),
            "source": "KT session",
        }
    ]
    # A later KT session on the current release clears the flag.
    training.record_kt_session(
        con,
        manager,
        vendor="Alpha Care",
        session_date=date(2026, 6, 10),
        topic="What changed",
        vendor_attendees=4,
        material_id=material,
    )
    assert training.outdated(con).empty
    # A later attestation naming the old release raises it again.
    training.attest_completion(
        con,
        manager,
        vendor="Alpha Care",
        program="Billing care",
        month=date(2026, 7, 1),
        trained=5,
        assigned=9,
        material_id=material,
        release_no=1,
    )
    assert list(training.outdated(con)["source"]) == ["completion attestation"]
    assert training.outdated(con, "Beacon Support").empty


def test_best_practice_library_records_the_wording_acknowledgement(con, manager):
    text = "Coach John on his handle time every week."
    ack = wording.acknowledgement(wording.check_fields({"Practice": text}))
    training.add_best_practice(con, manager, title="Handle time", body=text, acknowledged=ack)
    after = _after(con, "best_practice.add")[0]
    assert after["program"] is None and after["wording_acknowledged"]["acknowledged"] is True


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_leadership_and_auditors_may_not_write(setup, who, request):
    con, material = setup
    actor = request.getfixturevalue(who)
    calls = [
        lambda: training.add_material(
            con, actor, title="T", programs=["P"], released_on=date(2026, 1, 1)
        ),
        lambda: training.release_material(
            con, actor, material, expected_version=1, released_on=date(2026, 2, 1)
        ),
        lambda: training.record_kt_session(
            con,
            actor,
            vendor="Alpha Care",
            session_date=date(2026, 2, 1),
            topic="T",
            vendor_attendees=1,
        ),
        lambda: training.attest_completion(
            con,
            actor,
            vendor="Alpha Care",
            program="P",
            month=date(2026, 2, 1),
            trained=1,
            assigned=1,
        ),
        lambda: training.add_best_practice(con, actor, title="T", body="B"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
