"""The calendar: every source on one list, and the window's boundaries (due today, overdue
yesterday, day 90 in, day 91 out, configurable window)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance.access import vendors
from governance.workflow import compliance, due_dates, meetings
from tests.integration import contract_builders as cb

TODAY = date(2026, 11, 22)


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture
def alpha(con, admin):
    vendors.add_vendors(con, admin, ["Alpha Care"])
    # Both meeting kinds held recently, so the cadence items fall well inside the window.
    for kind in ("MBR", "QBR"):
        meetings.create_meeting(
            con, admin, vendor="Alpha Care", kind=kind, meeting_date=day(-5), title=f"Alpha {kind}"
        )
    return con


def _action(con, actor, due: date, text: str) -> int:
    return meetings.add_action_item(
        con,
        actor,
        vendor="Alpha Care",
        description=text,
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=due,
    )


def test_action_item_boundaries(alpha, manager):
    for n in (-1, 0, 90, 91):
        _action(alpha, manager, day(n), f"Action due on day {n}")
    done = _action(alpha, manager, day(-30), "Done already")
    meetings.set_action_status(alpha, manager, done, "done")
    items = due_dates.items(alpha, TODAY)
    acts = items[items["kind"] == "action item"]
    assert [(d, s) for d, s in zip(acts["date"], acts["status"], strict=True)] == [
        (day(-1), "overdue"),
        (day(0), "due"),
        (day(90), "due"),
    ]
    assert list(acts["days"]) == [-1, 0, 90]
    assert not items["what"].str.contains("Done already").any()
    assert "owner: Vendor account manager" in acts["what"].iloc[0]


def test_the_window_is_configurable(alpha, manager):
    _action(alpha, manager, day(10), "Ten days out")
    _action(alpha, manager, day(-400), "Long overdue")
    narrow = due_dates.items(alpha, TODAY, days=9)
    assert "Ten days out" not in " ".join(narrow["what"])
    assert "Long overdue" in " ".join(narrow["what"])  # overdue stays however old
    assert "Ten days out" in " ".join(due_dates.items(alpha, TODAY, days=10)["what"])


def test_every_source_appears_sorted(alpha, manager):
    sl = [cb.target("service_level", 0.8, 0.75, 100, tier="critical", allocation_pct=100)]
    cb.create(alpha, cb.contract("Alpha Care", sl, legal_review=day(-3), renewal_notice=day(60)))
    compliance.record_attestation(
        alpha,
        manager,
        vendor="Alpha Care",
        kind="PCI DSS",
        issued=date(2025, 11, 1),
        expires=day(-2),
    )
    compliance.record_attestation(
        alpha,
        manager,
        vendor="Alpha Care",
        kind="SOC 2 Type II",
        issued=date(2026, 1, 1),
        expires=day(91),
    )  # out
    compliance.record_attestation(
        alpha,
        manager,
        vendor="Alpha Care",
        kind="ISO 27001",
        issued=date(2025, 1, 1),
        expires=day(-100),
    )  # superseded:
    compliance.record_attestation(
        alpha,
        manager,
        vendor="Alpha Care",
        kind="ISO 27001",
        issued=date(2026, 1, 1),
        expires=date(2029, 1, 1),
    )
    _action(alpha, manager, day(5), "Vendor to send the forecast review")
    items = due_dates.items(alpha, TODAY)
    assert items[["date", "kind", "status"]].values.tolist() == [
        [day(-3), "legal review", "overdue"],
        [day(-2), "attestation", "overdue"],
        [day(5), "action item", "due"],
        [date(2026, 12, 17), "MBR", "due"],  # held 17 Nov: one month later
        [day(60), "renewal notice", "due"],
        [date(2027, 2, 17), "QBR", "due"],  # held 17 Nov: three months later (day 87)
    ]
    assert items["vendor"].eq("Alpha Care").all()
    assert "PCI DSS expires" in items["what"].tolist()
    assert list(items.columns) == due_dates.COLUMNS


def test_meetings_due_today_and_overdue(con, admin):
    vendors.add_vendors(con, admin, ["Beacon Support"])
    meetings.create_meeting(
        con,
        admin,
        vendor="Beacon Support",
        kind="MBR",
        meeting_date=date(2026, 10, 21),
        title="Beacon MBR",
    )
    sl = [cb.target("service_level", 0.8, 0.75, 100, tier="critical", allocation_pct=100)]
    cb.create(con, cb.contract("Beacon Support", sl))  # running since 2025: reviews are due
    items = due_dates.items(con, TODAY).set_index("kind")
    assert (
        items.loc["MBR", "date"] == date(2026, 11, 21) and items.loc["MBR", "status"] == "overdue"
    )
    assert items.loc["QBR", "date"] == TODAY and items.loc["QBR", "status"] == "due"  # none held
    assert items.loc["QBR", "what"] == "Quarterly business review (none held yet)"


# --- only what a contract or a record makes due (issue 16) -----------------------------------


def test_a_vendor_without_a_contract_or_a_meeting_has_no_review_due(con, admin):
    vendors.add_vendors(con, admin, ["Beacon Support", "Cobalt Care"])
    sl = [cb.target("service_level", 0.8, 0.75, 100, tier="critical", allocation_pct=100)]
    cb.create(con, cb.contract("Cobalt Care", sl))
    items = due_dates.items(con, TODAY)
    assert "Beacon Support" not in set(items["vendor"])
    cobalt = items[items["vendor"] == "Cobalt Care"]
    assert sorted(cobalt["kind"]) == ["MBR", "QBR"] and set(cobalt["date"]) == {TODAY}


def test_a_meeting_on_record_keeps_the_cadence_without_a_contract(con, admin):
    vendors.add_vendors(con, admin, ["Beacon Support"])
    meetings.create_meeting(
        con, admin, vendor="Beacon Support", kind="QBR", meeting_date=date(2026, 9, 2), title="Q"
    )
    items = due_dates.items(con, TODAY)
    # the QBR held on 2 September makes the next due on 2 December; no MBR was ever held
    assert items[["kind", "date"]].values.tolist() == [["QBR", date(2026, 12, 2)]]


def test_an_ended_contract_makes_no_review_due_and_a_later_one_from_its_start(con, admin):
    vendors.add_vendors(con, admin, ["Beacon Support", "Cobalt Care"])
    sl = [cb.target("service_level", 0.8, 0.75, 100, tier="critical", allocation_pct=100)]
    ended = cb.contract("Beacon Support", sl, end=date(2026, 6, 30))
    cb.create(con, ended)
    starts = cb.contract("Cobalt Care", sl, start=day(20), end=date(2028, 12, 31))
    cb.create(con, starts)
    items = due_dates.items(con, TODAY)
    assert "Beacon Support" not in set(items["vendor"])
    cobalt = items[items["kind"].isin(["MBR", "QBR"])]
    assert cobalt[["vendor", "date"]].values.tolist() == [["Cobalt Care", day(20)]] * 2


def test_assemble_is_pure_over_its_inputs():
    found = [
        {"date": day(n), "vendor": "V", "kind": "action item", "what": f"d{n}"}
        for n in (91, 90, 0, -1)
    ]
    out = due_dates.assemble(found, TODAY, 90)
    assert list(out["what"]) == ["d-1", "d0", "d90"]
    assert list(out["status"]) == ["overdue", "due", "due"]
    assert due_dates.assemble([], TODAY, 90).empty


def test_empty_database_has_an_empty_calendar(con):
    assert due_dates.items(con, TODAY).empty


def test_breached_escalations_are_on_the_calendar_dated_by_the_breached_target(alpha, manager):
    from datetime import datetime

    from governance.workflow import escalations

    raised = datetime.combine(day(-10), datetime.min.time())  # P3: respond within 3 days
    escalations.raise_escalation(
        alpha,
        manager,
        vendor="Alpha Care",
        category="billing",
        severity="P3",
        title="Invoice lines do not match handled volume",
        description="October invoice",
        raised_at=raised,
    )
    escalations.raise_escalation(
        alpha,
        manager,
        vendor="Alpha Care",
        category="billing",
        severity="P4",
        title="Fresh question on rates",
        description="raised today",
        raised_at=datetime.combine(day(0), datetime.min.time()),
    )
    found = due_dates.items(alpha, day(0))
    esc = found[found["kind"] == "escalation"]
    assert len(esc) == 1  # the one raised today has breached nothing yet
    row = esc.iloc[0]
    assert row["status"] == "overdue" and row["date"] == day(-7)
    assert (
        "P3 Invoice lines do not match handled volume: response target breached at L1"
        == row["what"]
    )
