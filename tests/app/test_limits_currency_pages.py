"""The Vendor scorecard and Portfolio pages (AppTest) on vendors whose contracts state EUR, USD
and no currency: a lower-is-better KPI's limit reads as a ceiling, never a minimum; every credit
shows its contract's currency, or no code when the contract states none; totals are per currency.
Expected values are worked by hand in ``tests/integration/money_scenario.py``.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from governance.kpis import frames
from governance.store import db
from tests.integration.money_scenario import AB_CREDIT, TOTAL, VENDORS, load, money

from .test_pages import APP


def _with(db_path, monkeypatch, vendors=tuple(VENDORS)):
    monkeypatch.setenv("GOVERNANCE_DB", str(db_path))
    with db.connect(db_path) as con:
        load(con, vendors)


def _frame_with(at: AppTest, *columns: str):
    for element in at.dataframe:
        if all(c in element.value.columns for c in columns):
            return element.value
    raise AssertionError(f"no table with columns {columns}")


def _scorecard(vendor: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/scorecard.py")
    at.run()
    at.selectbox(key="scorecard_vendor").set_value(vendor).run()
    assert not at.exception, at.exception
    return at


def test_the_scorecard_page_shows_a_ceiling_and_credits_in_euro(db_path, monkeypatch):
    _with(db_path, monkeypatch)
    at = _scorecard("Euro Care")
    card = _frame_with(at, "KPI", "Worse limit").set_index("KPI")
    assert "Minimum" not in card.columns
    assert card.loc["Abandonment rate", "Worse limit"] == "≤ 6.0%"
    assert card.loc["Service level", "Worse limit"] == "≥ 75.0%"
    texts = [e.markdown[0].value for e in at.expander if e.label.startswith("Abandonment rate")]
    assert texts and "worse limit 6.0% (default above it)" in texts[0]
    assert "minimum" not in texts[0].lower()
    ledger = _frame_with(at, "Invoiced", "At risk").iloc[0]
    assert ledger["Credits"] == money(TOTAL["Euro Care"], "EUR")
    items = _frame_with(at, "Why", "Amount").set_index("KPI")
    assert items.loc["Abandonment rate", "Amount"] == money(AB_CREDIT["Euro Care"], "EUR")
    notes = " ".join(c.value for c in at.caption)
    assert f"= EUR {AB_CREDIT['Euro Care']:,.2f}" in notes
    assert "between the worse limit and expected" in notes


def test_the_scorecard_page_shows_no_code_for_a_contract_without_currency(db_path, monkeypatch):
    _with(db_path, monkeypatch)
    at = _scorecard("Plain Care")
    ledger = _frame_with(at, "Invoiced", "At risk").iloc[0]
    assert ledger["Credits"] == f"{TOTAL['Plain Care']:,.2f}"
    items = _frame_with(at, "Why", "Amount")
    assert not any(code in a for a in items["Amount"] for code in ("EUR", "USD", "None"))


def test_the_portfolio_lists_credits_with_their_currency_and_totals_them_apart(
    db_path, monkeypatch
):
    _with(db_path, monkeypatch)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    table = _frame_with(at, "month_total", "currency").set_index("vendor")
    for vendor, (currency, _) in VENDORS.items():
        assert frames.plain_value(table.loc[vendor, "currency"]) == currency
        assert table.loc[vendor, "month_total"] == pytest.approx(TOTAL[vendor])
    captions = [c.value for c in at.caption]
    month = (
        f"EUR {TOTAL['Euro Care']:,.2f}, USD {TOTAL['Dollar Care']:,.2f} and "
        f"{TOTAL['Plain Care']:,.2f} (no currency stated)"
    )
    assert any(c.startswith(f"Credits in Mar 2026: {month};") for c in captions), captions
    attention = _frame_with(at, "issue")
    assert not any("minimum" in i.lower() for i in attention["issue"])
    assert any("above its worse limit of 6.0%" in i for i in attention["issue"])


def test_the_portfolio_drops_the_currency_column_when_no_contract_states_one(db_path, monkeypatch):
    _with(db_path, monkeypatch, ["Plain Care"])
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    table = _frame_with(at, "month_total")
    assert "currency" not in table.columns
    assert table.set_index("vendor").loc["Plain Care", "month_total"] == pytest.approx(
        TOTAL["Plain Care"]
    )
    total = f"{TOTAL['Plain Care']:,.2f}"
    assert f"Credits in Mar 2026: {total}; year to date: {total}." in [c.value for c in at.caption]
