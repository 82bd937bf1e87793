"""Health assesses what it can and says why not the rest (issue 15, item 8)."""

from __future__ import annotations

from datetime import date, timedelta

from governance.scoring import health
from tests.integration.contract_builders import add_facts, add_vendors, sl_row


def test_a_vendor_with_volume_and_service_level_but_no_contract_is_assessed(con):
    add_vendors(con, "Harbour Contact")
    day, rows = date(2026, 5, 1), []
    while day <= date(2026, 10, 31):
        rows.append(sl_row(day, 100, 85))
        day += timedelta(days=1)
    add_facts(con, "Harbour Contact", rows)
    frame = health.assess(con, date(2026, 10, 1), ["Harbour Contact"])
    row = frame[frame["program"].isna()].iloc[0]
    assert row["status"] != "not_assessed"
    assert row["months"] == 6  # May to October, counted from the volume and service level held
    assert "no contract with a service-level target in force" in row["reasons"]
    assert "No data to judge Attrition" in row["reasons"] and "CSAT" in row["reasons"]
    assert "No KPI data" not in row["reasons"]


def test_a_vendor_without_any_data_is_still_not_assessed(con):
    add_vendors(con, "Quiet BPO")
    row = health.assess(con, date(2026, 10, 1), ["Quiet BPO"]).iloc[0]
    assert row["status"] == "not_assessed" and "No KPI data" in row["reasons"]
