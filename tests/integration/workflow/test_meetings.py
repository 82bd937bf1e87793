"""Meetings, decisions and action items: services, audit, roles, stale versions, the wording
acknowledgement, the overdue flag and the MBR / QBR cadence."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance.access import vendors
from governance.errors import InvalidInput, PermissionDenied, StaleRecord
from governance.workflow import meetings, wording

TODAY = date(2026, 11, 22)


@pytest.fixture
def two(con, admin):
    vendors.add_vendors(con, admin, ["Alpha Care", "Beacon Support"])
    return con


def _audit(con, action):
    rows = con.execute(
        "SELECT actor, before, after FROM audit_events WHERE action = ? ORDER BY event_id", [action]
    ).fetchall()
    return [(a, json.loads(b) if b else None, json.loads(c) if c else None) for a, b, c in rows]


def _meeting(con, actor, **kw):
    args = {
        "vendor": "Alpha Care",
        "kind": "MBR",
        "meeting_date": date(2026, 10, 8),
        "title": "Alpha MBR: September",
    } | kw
    return meetings.create_meeting(con, actor, **args)


def _action(con, actor, **kw):
    args = {
        "vendor": "Alpha Care",
        "description": "Vendor to submit a QA remediation plan",
        "owner_side": "vendor",
        "owner": "Vendor account manager",
        "due_date": date(2026, 11, 30),
    } | kw
    return meetings.add_action_item(con, actor, **args)


def test_meeting_decision_and_action_are_audited(two, manager):
    mid = _meeting(
        two,
        manager,
        attendees="Client: VMO lead. Vendor: account manager.",
        agenda="Scorecard; credits",
        minutes="Reviewed the scorecard.",
    )
    meetings.add_decision(two, manager, mid, "Invoice reconciliation becomes a standing item.")
    aid = _action(two, manager, meeting_id=mid, kpi="qa_score")
    [(who, before, after)] = _audit(two, "meeting.create")
    assert who == manager.name and before is None and after["agenda"] == "Scorecard; credits"
    assert "wording_acknowledged" not in after
    assert _audit(two, "decision.add")[0][2]["meeting_id"] == mid
    assert _audit(two, "action.add")[0][2]["action_id"] == aid


def test_wording_acknowledgement_is_recorded_in_the_audit(two, manager):
    text = "coach John on his tone"
    findings = wording.check_fields({"Minutes": text})
    assert findings
    ack = wording.acknowledgement(findings)
    mid = _meeting(two, manager, minutes=text, acknowledged=ack)
    meetings.add_decision(two, manager, mid, text, acknowledged=ack)
    aid = _action(two, manager, description=text, acknowledged=ack)
    meetings.update_action_item(
        two,
        manager,
        aid,
        expected_version=1,
        description=text + " again",
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 12, 1),
        acknowledged=ack,
    )
    for action in ("meeting.create", "decision.add", "action.add", "action.update"):
        after = _audit(two, action)[-1][2]
        assert after["wording_acknowledged"]["acknowledged"] is True, action
        assert after["wording_acknowledged"]["families"] == ["discipline"]


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_leadership_and_auditors_may_not_write(two, manager, who, request):
    actor = request.getfixturevalue(who)
    mid = _meeting(two, manager)
    aid = _action(two, manager)
    calls = [
        lambda: _meeting(two, actor),
        lambda: meetings.add_decision(two, actor, mid, "A decision."),
        lambda: _action(two, actor),
        lambda: meetings.set_action_status(two, actor, aid, "done"),
        lambda: meetings.update_meeting(
            two, actor, mid, expected_version=1, meeting_date=date(2026, 10, 9), title="x"
        ),
        lambda: meetings.update_action_item(
            two,
            actor,
            aid,
            expected_version=1,
            description="x",
            owner_side="client",
            owner="VMO lead",
            due_date=date(2026, 12, 1),
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert (
        two.execute("SELECT count(*) FROM audit_events WHERE actor = ?", [actor.name]).fetchone()[0]
        == 0
    )


def test_editing_a_meeting_with_a_stale_version_is_refused(two, manager, admin):
    mid = _meeting(two, manager, minutes="First draft.")
    first = meetings.update_meeting(
        two,
        admin,
        mid,
        expected_version=1,
        meeting_date=date(2026, 10, 8),
        title="Alpha MBR: September",
        minutes="Admin's edit.",
    )
    assert first["version"] == 2
    with pytest.raises(StaleRecord, match="changed by someone else"):
        meetings.update_meeting(
            two,
            manager,
            mid,
            expected_version=1,
            meeting_date=date(2026, 10, 8),
            title="Alpha MBR: September",
            minutes="Manager's edit.",
        )
    stored = two.execute(
        "SELECT minutes, version FROM meetings WHERE meeting_id = ?", [mid]
    ).fetchone()
    assert stored == ("Admin's edit.", 2)
    [(_, before, after)] = _audit(two, "meeting.update")
    assert before["minutes"] == "First draft." and after["minutes"] == "Admin's edit."


def test_action_edits_and_status_changes_refuse_a_stale_version(two, manager):
    aid = _action(two, manager)
    after = meetings.set_action_status(two, manager, aid, "in_progress", expected_version=1)
    assert after["version"] == 2
    with pytest.raises(StaleRecord):
        meetings.set_action_status(two, manager, aid, "done", expected_version=1)
    with pytest.raises(StaleRecord):
        meetings.update_action_item(
            two,
            manager,
            aid,
            expected_version=1,
            description="Other",
            owner_side="vendor",
            owner="Vendor",
            due_date=date(2026, 12, 1),
        )
    row = two.execute("SELECT status, description, version FROM action_items").fetchone()
    assert row == ("in_progress", "Vendor to submit a QA remediation plan", 2)
    # Without an expected version (the demo loader), the change goes through.
    assert meetings.set_action_status(two, manager, aid, "done")["completed_at"] is not None


def test_action_item_input_is_checked(two, manager):
    with pytest.raises(InvalidInput, match="client or vendor"):
        _action(two, manager, owner_side="agent")
    with pytest.raises(InvalidInput, match="KPI code"):
        _action(two, manager, kpi="happiness")
    with pytest.raises(InvalidInput, match="owner"):
        _action(two, manager, owner="  ")
    other = _meeting(two, manager, vendor="Beacon Support")
    with pytest.raises(InvalidInput, match="another vendor"):
        _action(two, manager, meeting_id=other)


def test_overdue_is_past_due_and_not_done_or_cancelled(two, manager):
    late = _action(two, manager, due_date=date(2026, 11, 21))
    _action(two, manager, due_date=TODAY)
    done = _action(two, manager, due_date=date(2026, 11, 1))
    meetings.set_action_status(two, manager, done, "done")
    cancelled = _action(two, manager, due_date=date(2026, 11, 1))
    meetings.set_action_status(two, manager, cancelled, "cancelled")
    frame = meetings.action_items(two, TODAY).set_index("action_id")
    assert frame["overdue"].to_dict() == {late: True, 2: False, done: False, cancelled: False}
    assert list(meetings.action_items(two, TODAY, "Beacon Support")["action_id"]) == []


def test_next_mbr_and_qbr_follow_the_cadence(two, manager, admin):
    _meeting(two, manager, kind="MBR", meeting_date=date(2026, 10, 31))
    _meeting(two, manager, kind="QBR", meeting_date=date(2026, 7, 20))
    _meeting(
        two,
        manager,
        kind="MBR",
        meeting_date=date(2026, 12, 3),
        title="Alpha MBR: November",
        vendor="Beacon Support",
    )
    _meeting(two, manager, kind="MBR", meeting_date=date(2026, 8, 3), vendor="Beacon Support")
    plan = meetings.next_due(two, TODAY).set_index(["vendor", "kind"])
    alpha_mbr = plan.loc[("Alpha Care", "MBR")]
    assert alpha_mbr["last_held"] == date(2026, 10, 31)
    assert alpha_mbr["next_due"] == date(2026, 11, 30)  # a month later, clamped to 30 November
    assert alpha_mbr["status"] == "due" and not alpha_mbr["scheduled"]
    alpha_qbr = plan.loc[("Alpha Care", "QBR")]
    assert alpha_qbr["next_due"] == date(2026, 10, 20) and alpha_qbr["status"] == "overdue"
    beacon_mbr = plan.loc[("Beacon Support", "MBR")]  # one already scheduled wins over the cadence
    assert beacon_mbr["next_due"] == date(2026, 12, 3) and beacon_mbr["status"] == "scheduled"
    assert beacon_mbr["title"] == "Alpha MBR: November"
    beacon_qbr = plan.loc[("Beacon Support", "QBR")]  # never held: due now
    assert beacon_qbr["next_due"] == TODAY and beacon_qbr["last_held"] is None
    vendors.update_contacts(two, admin, "Beacon Support", status="inactive")
    assert set(meetings.next_due(two, TODAY)["vendor"]) == {"Alpha Care"}


def test_a_meeting_held_today_counts_as_held(two, manager):
    _meeting(two, manager, kind="QBR", meeting_date=TODAY)
    row = meetings.next_due(two, TODAY).set_index(["vendor", "kind"]).loc[("Alpha Care", "QBR")]
    assert row["last_held"] == TODAY and row["next_due"] == date(2027, 2, 22)


def test_plus_months_clamps_to_the_end_of_the_month():
    assert meetings.plus_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert meetings.plus_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert meetings.plus_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
