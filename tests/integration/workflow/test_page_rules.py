"""The rules the record pages used to hold themselves, now in the library: which action items
are open or overdue, one editor save of an action item, the vendor and kind filters of the
calendar and the cadence, the version of an attested month, what a small cell shows, and the
status of a contract date. Expected values are worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import PermissionDenied, StaleRecord
from governance.workflow import compliance, due_dates, meetings, training
from tests.integration import contract_builders as cb

TODAY = date(2026, 11, 22)


@pytest.fixture
def two(con, admin):
    vendors.add_vendors(con, admin, ["Alpha Care", "Beacon Support"])
    return con


def _action(con, actor, vendor="Alpha Care", due=date(2026, 11, 1), description="Send the plan"):
    return meetings.add_action_item(
        con,
        actor,
        vendor=vendor,
        description=description,
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=due,
    )


def test_open_and_overdue_counts(two, admin):
    late = _action(two, admin, due=date(2026, 11, 1))
    later = _action(two, admin, due=date(2026, 12, 1))
    done = _action(two, admin, due=date(2026, 10, 1))
    meetings.set_action_status(two, admin, done, "done")
    items = meetings.action_items(two, TODAY)
    # three items; one closed; of the two open, one is past due
    assert meetings.action_counts(items) == (2, 1)
    assert sorted(meetings.open_actions(items)["action_id"]) == sorted([late, later])
    assert meetings.action_counts(items.iloc[0:0]) == (0, 0)


def test_one_editor_save_changes_details_and_status_in_order(two, admin):
    aid = _action(two, admin)
    after = meetings.edit_action_item(
        two,
        admin,
        aid,
        expected_version=1,
        details_changed=True,
        description="Send the plan by Friday",
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 11, 30),
        status="done",
    )
    # details (version 2), then the status (version 3)
    assert (after["description"], after["status"], after["version"]) == (
        "Send the plan by Friday",
        "done",
        3,
    )
    # nothing changed: nothing written, but a stale version is still refused
    same = dict(
        details_changed=False,
        description="x",
        owner_side="vendor",
        owner="y",
        due_date=date(2026, 11, 30),
        status="done",
    )
    assert meetings.edit_action_item(two, admin, aid, expected_version=3, **same)["version"] == 3
    with pytest.raises(StaleRecord):
        meetings.edit_action_item(two, admin, aid, expected_version=2, **same)


def test_an_editor_save_needs_the_write_permission_even_when_nothing_changed(two, admin):
    aid = _action(two, admin)
    with pytest.raises(PermissionDenied):
        meetings.edit_action_item(
            two,
            Actor("lee@client.example", "leadership"),
            aid,
            expected_version=1,
            details_changed=False,
            description="Send the plan",
            owner_side="vendor",
            owner="Vendor account manager",
            due_date=date(2026, 11, 1),
            status="open",
        )


def test_the_cadence_and_the_calendar_narrow_to_a_vendor_and_kinds(two, admin):
    every = meetings.next_due(two, TODAY)
    alpha = meetings.next_due(two, TODAY, "Alpha Care")
    assert set(every["vendor"]) == {"Alpha Care", "Beacon Support"}
    assert set(alpha["vendor"]) == {"Alpha Care"} and len(alpha) == len(every) // 2
    _action(two, admin, vendor="Beacon Support", due=date(2026, 11, 25))
    found = due_dates.items(two, TODAY, 30, vendor="Beacon Support", kinds=["action item"])
    assert found[["vendor", "kind"]].values.tolist() == [["Beacon Support", "action item"]]
    assert due_dates.counts(found) == (0, 1)


def test_the_version_of_an_attested_month(two, admin):
    assert training.completion_version(two, "Alpha Care", "Billing care", date(2026, 10, 9)) is None
    training.attest_completion(
        two,
        admin,
        vendor="Alpha Care",
        program="Billing care",
        month=date(2026, 10, 1),
        trained=12,
        assigned=15,
    )
    assert training.completion_version(two, "Alpha Care", "Billing care", date(2026, 10, 31)) == 1
    assert training.completion_version(two, "Alpha Care", "Other", date(2026, 10, 31)) is None
    assert training.completion_version(two, "Nobody", "Billing care", date(2026, 10, 1)) is None


def test_a_small_attested_month_shows_no_count_and_no_rate(two, admin):
    for program, trained, assigned in (("Billing care", 3, 4), ("Tech support", 40, 50)):
        training.attest_completion(
            two,
            admin,
            vendor="Alpha Care",
            program=program,
            month=date(2026, 10, 1),
            trained=trained,
            assigned=assigned,
        )
    shown = training.completion_shown(training.completion(two)).set_index("program")
    assert shown.loc["Tech support", ["trained", "assigned", "rate"]].tolist() == [40, 50, "80.0%"]
    small = shown.loc["Billing care", ["trained", "assigned", "rate"]].tolist()
    assert all(str(v).startswith("<") for v in small)  # 3 of 4 (75%) cannot be recovered


def test_a_contract_date_is_overdue_once_past(two):
    sl = [cb.target("service_level", 0.8, 0.75, 100, tier="critical", allocation_pct=100)]
    review, notice = date(2026, 11, 21), date(2026, 11, 22)  # yesterday and today
    cb.create(two, cb.contract("Alpha Care", sl, legal_review=review, renewal_notice=notice))
    frame = compliance.contract_dates(two, TODAY)
    assert frame[["kind", "days", "status"]].values.tolist() == [
        ["legal review", -1, "overdue"],
        ["renewal notice", 0, "due"],
    ]
