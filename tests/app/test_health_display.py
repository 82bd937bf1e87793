"""Vendor health on the Portfolio and Vendor scorecard pages, and small cells suppressed there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from governance import demo
from governance.access.actors import Actor
from governance.store import db

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("health_pages")
    path = root / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=root / "x"
        )
    return path


def run(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page != "app_pages/portfolio.py":
        at.switch_page(page)
        at.run()
    return at


def table_with(at: AppTest, column: str):
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with a {column!r} column"
    return found[0]


def test_portfolio_shows_vendor_health_with_status_reasons_and_projected_breach(
    demo_db, monkeypatch
):
    monkeypatch.setenv("GOVERNANCE_DB", str(demo_db))
    at = run("app_pages/portfolio.py")
    assert not at.exception, at.exception
    assert any(s.value.startswith("Vendor health") for s in at.subheader)
    t = table_with(at, "Projected breach")
    whole = t[t["Program"] == "Whole vendor"].set_index("Vendor")
    assert set(whole.index) == {
        "Northwind Contact",
        "Bluebird BPO",
        "Crestline Services",
        "Dunmore Digital",
    }
    assert whole.loc["Bluebird BPO", "Status"] == "✖ At risk"
    assert "below its minimum of 80.0 %" in whole.loc["Bluebird BPO", "Reasons"]
    assert whole.loc["Northwind Contact", "Status"] == "✔ Healthy"


def test_the_scorecard_page_shows_the_vendors_health_per_program(demo_db, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_DB", str(demo_db))
    at = run("app_pages/scorecard.py")
    at.selectbox(key="scorecard_vendor").set_value("Bluebird BPO").run()
    assert not at.exception, at.exception
    t = table_with(at, "Reasons")
    assert "Vendor" not in t.columns
    assert list(t["Program"]) == ["Whole vendor", "Billing care", "Sales & retention"]
    assert set(t["Status"]) == {"✖ At risk"}


def test_small_cells_are_suppressed_on_the_scorecard_page(demo_db, monkeypatch):
    # With k above any headcount in the demo, every people figure is a small cell.
    monkeypatch.setenv("GOVERNANCE_DB", str(demo_db))
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", "100000")
    at = run("app_pages/scorecard.py")
    at.selectbox(key="scorecard_vendor").set_value("Bluebird BPO").run()
    assert not at.exception, at.exception
    card = table_with(at, "Actual").set_index("KPI")
    assert card.loc["Attrition", "Actual"] == "< 100000"
    assert card.loc["Service level", "Actual"] != "< 100000"  # not a people figure
    attrition = [e for e in at.expander if e.label.startswith("Attrition")]
    assert attrition and "Figure withheld" in attrition[0].markdown[0].value
    reasons = " ".join(table_with(at, "Reasons")["Reasons"])
    assert "figures withheld: fewer than 100000 people" in reasons
    assert "Attrition (3-month rate) rose from" not in reasons


def test_with_the_default_k_the_scorecard_shows_the_attrition_figure(demo_db, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_DB", str(demo_db))
    at = run("app_pages/scorecard.py")
    at.selectbox(key="scorecard_vendor").set_value("Bluebird BPO").run()
    card = table_with(at, "Actual").set_index("KPI")
    assert card.loc["Attrition", "Actual"].endswith("%")
