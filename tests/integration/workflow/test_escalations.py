"""Escalation services against a real DuckDB file: the path, history, versions, roles, audit and
the log with its filters."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from governance.access import vendors
from governance.errors import InvalidInput, NotFound, PermissionDenied, StaleRecord
from governance.workflow import escalations as E
from governance.workflow import wording

T0 = datetime(2026, 3, 2, 9, 0)
H, D = timedelta(hours=1), timedelta(days=1)


@pytest.fixture
def esc(con, manager):
    """Two vendors and one P1 escalation at Alpha Care, raised at T0."""
    vendors.add_vendors(con, manager, ["Alpha Care", "Beacon Support"])
    return E.raise_escalation(
        con,
        manager,
        vendor="Alpha Care",
        category="operational_incident",
        severity="P1",
        title="Telephony outage at the Leeds site",
        description="Inbound voice stopped for 3 h.",
        site="Leeds",
        raised_at=T0,
    )


def version(con, escalation_id) -> int:
    return E.get(con, escalation_id)["version"]


def audits(con, action):
    rows = con.execute(
        "SELECT actor, before, after FROM audit_events WHERE action = ? ORDER BY event_id",
        [action],
    ).fetchall()
    return [(a, json.loads(b) if b else None, json.loads(c)) for a, b, c in rows]


def test_raise_records_the_escalation_its_first_event_and_an_audit(con, esc, manager):
    row = E.get(con, esc)
    assert (row["vendor"], row["site"], row["status"], row["level"], row["version"]) == (
        "Alpha Care",
        "Leeds",
        "open",
        "L1",
        1,
    )
    assert row["raised_by"] == manager.name
    history = E.history(con, esc)
    assert history[["to_status", "to_level", "actor"]].values.tolist() == [
        ["open", "L1", manager.name]
    ]
    [(actor, before, after)] = audits(con, "escalation.raise")
    assert actor == manager.name and before is None and after["title"].startswith("Telephony")


def test_the_full_path_keeps_every_change_in_the_history(con, esc, manager):
    E.acknowledge(con, manager, esc, expected_version=1, note="Bridge call open", at=T0 + H)
    E.escalate(con, manager, esc, expected_version=2, note="Beyond one hour", at=T0 + 2 * H)
    E.acknowledge(con, manager, esc, expected_version=3, at=T0 + 3 * H)
    E.escalate(con, manager, esc, expected_version=4, at=T0 + 4 * H)
    E.resolve(
        con,
        manager,
        esc,
        expected_version=5,
        root_cause="Carrier circuit failure",
        resolution="Failover configured",
        at=T0 + 5 * H,
    )
    E.reopen(con, manager, esc, expected_version=6, note="Failed again", at=T0 + 6 * H)
    E.resolve(
        con,
        manager,
        esc,
        expected_version=7,
        root_cause="Failover misrouted",
        resolution="Routing fixed and tested",
        at=T0 + 7 * H,
    )
    after = E.close(con, manager, esc, expected_version=8, note="Evidence reviewed", at=T0 + 8 * H)
    assert (after["status"], after["level"], after["version"]) == ("closed", "L3", 9)
    assert after["root_cause"] == "Failover misrouted"
    assert after["acknowledged_at"] == T0 + H  # the first acknowledgement
    assert after["resolved_at"] == T0 + 7 * H and after["closed_at"] == T0 + 8 * H
    h = E.history(con, esc)
    assert list(zip(h["from_status"].fillna(""), h["to_status"], h["to_level"], strict=True)) == [
        ("", "open", "L1"),
        ("open", "acknowledged", "L1"),
        ("acknowledged", "escalated", "L2"),
        ("escalated", "acknowledged", "L2"),
        ("acknowledged", "escalated", "L3"),
        ("escalated", "resolved", "L3"),
        ("resolved", "open", "L3"),
        ("open", "resolved", "L3"),
        ("resolved", "closed", "L3"),
    ]
    assert set(h["actor"]) == {manager.name}
    assert h["note"].tolist()[1:3] == ["Bridge call open", "Beyond one hour"]
    assert len(audits(con, "escalation.transition")) == 8


@pytest.mark.parametrize(
    ("steps", "action", "message"),
    [
        ([], "close", "it can move to acknowledged, escalated, resolved, not closed"),
        ([], "reopen", "not open"),
        ([("resolve",)], "acknowledge", "is resolved; it can move to closed, open"),
        ([("resolve",), ("close",)], "reopen", "nothing (it is closed)"),
        ([("escalate",), ("escalate",)], "escalate", "already at L3"),
    ],
)
def test_steps_the_path_does_not_allow_are_refused_and_change_nothing(
    con, esc, manager, steps, action, message
):
    for (step,) in steps:
        E.apply(
            con,
            manager,
            esc,
            step,
            expected_version=version(con, esc),
            note="why",
            root_cause="cause",
            resolution="fix",
        )
    before = E.get(con, esc)
    events = len(E.history(con, esc))
    with pytest.raises(InvalidInput) as info:
        E.apply(
            con,
            manager,
            esc,
            action,
            expected_version=before["version"],
            note="why",
            root_cause="cause",
            resolution="fix",
        )
    assert message in str(info.value)
    assert E.get(con, esc) == before and len(E.history(con, esc)) == events


@pytest.mark.parametrize(
    ("root_cause", "resolution", "message"),
    [("", "Fixed", "root cause"), ("Carrier", "  ", "resolution")],
)
def test_resolving_needs_a_root_cause_and_a_resolution(
    con, esc, manager, root_cause, resolution, message
):
    with pytest.raises(InvalidInput, match=message):
        E.resolve(
            con, manager, esc, expected_version=1, root_cause=root_cause, resolution=resolution
        )
    assert E.get(con, esc)["status"] == "open"


def test_reopening_needs_a_note(con, esc, manager):
    E.resolve(con, manager, esc, expected_version=1, root_cause="c", resolution="r")
    with pytest.raises(InvalidInput, match="why the escalation is reopened"):
        E.reopen(con, manager, esc, expected_version=2, note=" ")


def test_a_stale_save_is_refused_with_a_plain_message_and_changes_nothing(con, esc, manager, admin):
    opened = version(con, esc)  # both people open version 1
    E.acknowledge(con, admin, esc, expected_version=opened, note="First in", at=T0 + H)
    before = E.get(con, esc)
    with pytest.raises(StaleRecord) as info:
        E.escalate(con, manager, esc, expected_version=opened, note="Second", at=T0 + 2 * H)
    message = str(info.value)
    assert f"Escalation {esc} was changed by {admin.name}" in message
    assert "Nothing was saved" in message and "acknowledged at L1" in message
    assert E.get(con, esc) == before
    assert E.history(con, esc)["note"].tolist()[-1] == "First in"
    assert len(audits(con, "escalation.transition")) == 1


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_leadership_and_auditors_may_read_but_not_write(con, esc, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        E.raise_escalation(
            con,
            actor,
            vendor="Alpha Care",
            category="billing",
            severity="P3",
            title="Invoice",
            description="Too high",
        )
    with pytest.raises(PermissionDenied):
        E.acknowledge(con, actor, esc, expected_version=1)
    assert E.get(con, esc)["status"] == "open"
    assert len(E.log(con, T0, vendor="Alpha Care")) == 1  # reading is allowed (no actor needed)


def test_acknowledged_wording_is_recorded_in_the_audit_after_payload(con, esc, manager):
    note = "Coach John on call control before the next peak."
    findings = wording.check_fields({"Note": note})
    assert findings, "the sentence should be flagged"
    record = wording.acknowledgement(findings)
    E.acknowledge(con, manager, esc, expected_version=1, note=note, acknowledged=record)
    [(_, before, after)] = audits(con, "escalation.transition")
    assert "wording_acknowledged" not in before
    assert after["wording_acknowledged"]["acknowledged"] is True
    assert after["wording_acknowledged"]["findings"][0]["field"] == "Note"
    assert after["note"] == note
    new = E.raise_escalation(
        con,
        manager,
        vendor="Beacon Support",
        category="relationship",
        severity="P4",
        title="Late pack",
        description=note,
        acknowledged=record,
    )
    raised = [a for _, _, a in audits(con, "escalation.raise") if a["escalation_id"] == new]
    assert raised[0]["wording_acknowledged"]["count"] == len(findings)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "title is required"),
        ("description", "", "description (what went wrong) is required"),
        ("severity", "P5", "'P5' is not an escalation severity"),
        ("category", "staffing", "'staffing' is not an escalation category"),
        ("title", "x" * 201, "keep it to 200"),
    ],
)
def test_raise_refuses_bad_input(con, esc, manager, field, value, message):
    spec = {
        "vendor": "Alpha Care",
        "category": "billing",
        "severity": "P3",
        "title": "Invoice",
        "description": "Too high",
    }
    with pytest.raises(InvalidInput) as info:
        E.raise_escalation(con, manager, **{**spec, field: value})
    assert message in str(info.value)


def test_raise_against_an_unknown_vendor_is_not_found(con, esc, manager):
    with pytest.raises(NotFound):
        E.raise_escalation(
            con,
            manager,
            vendor="Nobody",
            category="billing",
            severity="P3",
            title="Invoice",
            description="Too high",
        )


def test_the_log_shows_the_clock_and_filters(con, esc, manager):
    late = E.raise_escalation(
        con,
        manager,
        vendor="Beacon Support",
        category="billing",
        severity="P3",
        title="Invoice above handled contacts",
        description="1.8% more billed.",
        raised_at=T0 - 20 * D,
    )
    E.acknowledge(con, manager, late, expected_version=1, at=T0 - 18 * D)
    now = T0 + 5 * H
    log = E.log(con, now).set_index("escalation_id")
    assert list(log.index) == [esc, late]  # newest first
    p1 = log.loc[esc]
    assert (p1["age"], p1["response_target"], p1["resolution_target"]) == ("5 h", "4 h", "2 d")
    assert (p1["response"], p1["resolution"], p1["suggestion"]) == ("Breached", "Running", "")
    assert p1["response_due"] == T0 + 4 * H
    p3 = log.loc[late]
    assert (p3["response"], p3["resolution"]) == ("Met", "Breached")
    assert "escalate to L2 management" in p3["suggestion"]

    def ids(**filters):
        return E.log(con, now, **filters)["escalation_id"].tolist()

    assert ids(vendor="Beacon Support") == [late]
    assert ids(status="acknowledged") == [late]
    assert ids(severity=["P1", "P2"]) == [esc]
    assert ids(category="billing") == [late]
    assert ids(breached="response") == [esc]
    assert ids(breached="resolution") == [late]
    assert ids(breached=True) == [esc, late]
    assert ids(breached="none") == []
    assert ids(vendor="Alpha Care", breached="resolution") == []
    with pytest.raises(InvalidInput, match="not an escalation status"):
        E.log(con, now, status="pending")


def test_escalating_restarts_the_clock_at_the_new_level(con, esc, manager):
    E.escalate(con, manager, esc, expected_version=1, at=T0 + 3 * D)
    row = E.log(con, T0 + 3 * D + 4 * H).iloc[0]
    assert row["level"] == "L2" and row["level_since"] == T0 + 3 * D
    assert (row["response"], row["resolution"], row["suggestion"]) == ("Running", "Running", "")
    row = E.log(con, T0 + 5 * D + 1 * H).iloc[0]
    assert (row["response"], row["resolution"]) == ("Breached", "Breached")
    assert "escalate to L3 executive" in row["suggestion"]


def test_the_demo_signatures_still_work(con, esc, admin):
    # demo_records calls transition without a version and resolve without a root cause.
    E.transition(con, admin, esc, to_status="acknowledged", at=T0 + H)
    after = E.transition(con, admin, esc, to_status="resolved", resolution="Done", at=T0 + 2 * H)
    assert after["status"] == "resolved" and after["root_cause"] is None
