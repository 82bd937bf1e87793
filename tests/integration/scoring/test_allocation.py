"""Volume allocation (issue 19, item 5): allocated shares against what each vendor received and
how it served it. Figures worked here by hand from the inserted rows."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance import cli
from governance.errors import InvalidInput
from governance.scoring import allocation
from governance.store import db
from tests.integration.contract_builders import (
    BUILDER,
    add_facts,
    add_vendors,
    contract,
    create,
    sl_row,
    target,
)


def load(con) -> None:
    """October 2026, program Billing care: forecast 1,000 contacts, Ash Care allocated 60 %,
    Birch BPO 40 %. Ash received 700 (85 % answered in time: expected 80 %, met); Birch 300
    (70 %: below its 80 %)."""
    add_vendors(con, "Ash Care", "Birch BPO")
    for name, offered, within in (("Ash Care", 700, 595), ("Birch BPO", 300, 210)):
        add_facts(con, name, [sl_row(date(2026, 10, 6), offered, within)])
        create(con, contract(name, [target("service_level", 0.80, 0.75, 100)]))


def test_shares_against_what_each_vendor_received_and_served(con):
    load(con)
    allocation.set_plan(
        con,
        BUILDER,
        program="Billing care",
        month="2026-10",
        forecast=1000,
        shares={"Ash Care": 60, "Birch BPO": "40%"},
    )
    found = {r["vendor"]: r for r in allocation.allocation(con, "2026-10")}
    ash, birch = found["Ash Care"], found["Birch BPO"]
    # 700 of 1,000 = 70 %: 10 points over its 60 %, 700 − 600 = 100 contacts over.
    assert ash["actual_pct"] == pytest.approx(70.0)
    assert ash["over_under_points"] == pytest.approx(10.0)
    assert ash["over_under_contacts"] == pytest.approx(100.0)
    assert birch["over_under_contacts"] == pytest.approx(-100.0)
    assert ash["forecast_accuracy"] == pytest.approx(1.0)
    # Ash served its share at 595 ÷ 700 = 85 % (met); Birch at 210 ÷ 300 = 70 % (below 80 %).
    assert (ash["service_level"], ash["staffed"]) == (pytest.approx(0.85), "met")
    assert (birch["service_level"], birch["staffed"]) == (pytest.approx(0.70), "below")


def test_a_plan_is_checked_and_replaced_whole(con):
    load(con)
    good = {"program": "Billing care", "month": "2026-10", "forecast": 1000}
    with pytest.raises(InvalidInput, match="add up to 90"):
        allocation.set_plan(con, BUILDER, **good, shares={"Ash Care": 60, "Birch BPO": 30})
    with pytest.raises(InvalidInput, match="not a percentage"):
        allocation.set_plan(con, BUILDER, **good, shares={"Ash Care": 160})
    with pytest.raises(InvalidInput, match="for a month"):
        allocation.set_plan(con, BUILDER, **{**good, "month": "2026Q4"}, shares={"Ash Care": 100})
    assert allocation.allocation(con, "2026-10") == []
    allocation.set_plan(con, BUILDER, **good, shares={"Ash Care": 100})
    allocation.set_plan(con, BUILDER, **good, shares={"Ash Care": 50, "Birch BPO": 50})
    assert sorted(r["allocated_pct"] for r in allocation.allocation(con, "2026-10")) == [50, 50]


def test_the_command_loads_a_plan_file_and_prints_json(db_path, tmp_path, capsys):
    with db.connect(db_path) as con:
        load(con)
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Line of business,Month,Vendor,Allocation %,Forecast offered\n"
        "Billing care,2026-10,Ash Care,60,1000\n"
        "Billing care,2026-10,Birch BPO,40,1000\n",
        encoding="utf-8",
    )
    argv = ["allocation", "--month", "2026-10", "--load", str(plan), "--format", "json"]
    assert cli.main([*argv, "--db", str(db_path)]) == 0
    shown = {r["vendor"]: r for r in json.loads(capsys.readouterr().out)}
    assert shown["Birch BPO"]["over_under_points"] == pytest.approx(-10.0)
    agents = tmp_path / "agents.csv"
    agents.write_text("Program,Month,Vendor,Agent name,Share,Forecast\n", encoding="utf-8")
    bad = ["allocation", "--month", "2026-10", "--load", str(agents), "--db", str(db_path)]
    assert cli.main(bad) == 2
    assert "names people" in capsys.readouterr().err


def test_the_portfolio_reads_it_in_words(con):
    load(con)
    allocation.set_plan(
        con,
        BUILDER,
        program="Billing care",
        month="2026-10",
        forecast=1250,
        shares={"Ash Care": 60, "Birch BPO": 40},
    )
    table = allocation.shown(allocation.allocation(con, "2026-10"), "Birch BPO")
    [row] = table.to_dict("records")
    assert row["Over / under"] == "-10.0 pts (-100)"
    assert row["Served its share"] == "▼ below" and row["Service level"] == "70.0%"
    assert row["Forecast accuracy"] == "80.0%"  # 1,000 received of 1,250 forecast
