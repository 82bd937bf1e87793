"""Vendor health on the demo portfolio: the declining vendor is flagged months before its first
default, the steady one stays healthy. The first default is found independently, in pandas over
the raw ``kpi_facts`` rows (ratio of sums), not through the KPI engine or the scorecard."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from governance import demo
from governance.access.actors import Actor
from governance.kpis import periods
from governance.scoring import health
from governance.store import db

END = date(2026, 10, 1)
MINIMUM = 0.80  # Bluebird's contract minimum for service level (demo_records)


@pytest.fixture(scope="module")
def dcon(tmp_path_factory):
    root = tmp_path_factory.mktemp("health")
    with db.connect(root / "governance.duckdb") as con:
        demo.load_demo(con, Actor("demo", "admin"), end_month=END, exports_dir=root / "x")
        yield con


def first_default(con, vendor: str) -> date:
    f = con.execute(
        "SELECT f.date, f.offered, f.answered_within_sl FROM kpi_facts f "
        "JOIN vendors v USING (vendor_id) WHERE v.name = ?",
        [vendor],
    ).df()
    f["month"] = pd.to_datetime(f["date"]).dt.to_period("M")
    g = f.groupby("month")[["answered_within_sl", "offered"]].sum()
    sl = g["answered_within_sl"] / g["offered"]
    below = sl[sl < MINIMUM]
    return below.index[0].start_time.date()


def whole_vendor(frame: pd.DataFrame, vendor: str) -> dict:
    rows = frame[(frame["vendor"] == vendor) & frame["program"].isna()]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def test_the_declining_vendor_is_flagged_at_least_two_months_before_its_first_default(dcon):
    default = first_default(dcon, "Bluebird BPO")
    assert default == date(2026, 9, 1)  # the demo's story: the last two months default
    early = periods.add_months(default, -2)
    row = whole_vendor(health.assess(dcon, early, ["Bluebird BPO"]), "Bluebird BPO")
    assert row["status"] in ("watch", "at_risk")
    # The service-level trend already points at the minimum, before any default.
    assert isinstance(row["projected_breach"], date) and row["projected_breach"] > early
    assert "reaches its minimum of 80.0 %" in row["reasons"]
    assert "Attrition" in row["reasons"] and "CSAT fell" in row["reasons"]
    # Every program of the vendor is flagged too.
    per_program = health.assess(dcon, early, ["Bluebird BPO"])
    assert set(per_program["status"]) <= {"watch", "at_risk"}


def test_the_first_month_flagged_comes_before_the_default(dcon):
    default = first_default(dcon, "Bluebird BPO")
    flagged = [
        m
        for m in (periods.add_months(default, -i) for i in range(8, 0, -1))
        if whole_vendor(health.assess(dcon, m, ["Bluebird BPO"]), "Bluebird BPO")["status"]
        != "healthy"
    ]
    assert flagged and flagged[0] <= periods.add_months(default, -2)
    # Once flagged it stays flagged up to the default.
    assert flagged == [periods.add_months(flagged[0], i) for i in range(len(flagged))]


def test_at_and_after_the_default_it_is_at_risk_and_says_so(dcon):
    row = whole_vendor(health.assess(dcon, END, ["Bluebird BPO"]), "Bluebird BPO")
    assert row["status"] == "at_risk"
    assert "below its minimum of 80.0 %" in row["reasons"]


def test_the_steady_vendor_is_healthy_throughout(dcon):
    for i in range(12):
        month = periods.add_months(END, -i)
        frame = health.assess(dcon, month, ["Northwind Contact"])
        row = whole_vendor(frame, "Northwind Contact")
        assert row["status"] == "healthy", (month, row["reasons"])
        assert row["projected_breach"] is None
        assert "at_risk" not in set(frame["status"]), month


def test_no_data_in_the_window_is_not_assessed_and_said_so(dcon):
    frame = health.assess(dcon, date(2024, 1, 1))
    assert set(frame["status"]) == {"not_assessed"}
    assert len(frame) == 4  # every vendor, whole-vendor only
    assert all("No KPI data in the 6 months to Jan 2024" in r for r in frame["reasons"])


def test_a_new_vendor_with_few_months_says_what_it_could_not_judge(dcon):
    # Dunmore Digital goes live six months before the end: two months of data in May 2026.
    row = whole_vendor(
        health.assess(dcon, date(2026, 5, 1), ["Dunmore Digital"]), "Dunmore Digital"
    )
    assert row["status"] == "healthy"
    assert "Too few months of data to judge" in row["reasons"]


def test_escalations_are_counted_per_vendor_and_month(dcon):
    from governance.store import queries

    counts = queries.health_escalations(dcon, date(2025, 1, 1), date(2026, 12, 31))
    raw = dcon.execute(
        "SELECT v.name, count(*) FROM escalations e JOIN vendors v USING (vendor_id) GROUP BY 1"
    ).fetchall()
    assert counts.groupby("vendor")["raised"].sum().to_dict() == dict(raw)


def test_the_table_reads_as_people_read_it(dcon):
    t = health.table(health.assess(dcon, date(2026, 8, 1), ["Bluebird BPO", "Northwind Contact"]))
    assert list(t.columns) == ["Vendor", "Program", "Status", "Reasons", "Projected breach"]
    blue = t[(t["Vendor"] == "Bluebird BPO") & (t["Program"] == "Whole vendor")].iloc[0]
    assert blue["Status"] == "✖ At risk"
    assert blue["Projected breach"] == "Oct 2026"
    north = t[(t["Vendor"] == "Northwind Contact") & (t["Program"] == "Whole vendor")].iloc[0]
    assert north["Status"] == "✔ Healthy" and north["Projected breach"] == ""


def test_escalation_counts_per_vendor_include_every_program_and_per_program_their_own():
    raised = pd.DataFrame(
        {
            "vendor": ["A", "A", "A", "A", "B"],
            "program": ["Care", None, "Care", "Sales", "Care"],
            "month": pd.to_datetime(
                ["2026-09-01", "2026-09-01", "2026-10-01", "2026-10-01", "2026-10-01"]
            ),
            "raised": [2, 1, 3, 4, 5],
        }
    )
    totals = health._escalation_totals(raised)
    months = [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
    assert health._escalation_counts(totals, "A", None, months) == [0.0, 3.0, 7.0]
    assert health._escalation_counts(totals, "A", "Care", months) == [0.0, 2.0, 3.0]
    assert health._escalation_counts(totals, "A", "Sales", months) == [0.0, 0.0, 4.0]
    assert health._escalation_counts(totals, "B", None, months) == [0.0, 0.0, 5.0]
    assert health._escalation_counts(totals, "C", None, months) == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("months", [1, 2, 3])
def test_trailing_sums_skip_months_without_data_as_a_rolling_sum_does(months):
    nan = float("nan")
    values = np.array([nan, 4.0, nan, nan, nan, 1.0, 2.0, nan, 5.0])
    expected = pd.Series(values).rolling(months, min_periods=1).sum().tolist()
    got = health._trailing_sum(values, months).tolist()
    assert [None if v != v else v for v in got] == [None if v != v else v for v in expected]
