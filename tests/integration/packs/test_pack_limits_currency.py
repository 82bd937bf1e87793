"""Packs opened with openpyxl: worse limits follow the KPI's direction, money carries the
contract's currency in its number format (the cell stays a number), and credits of different
currencies are never added. Expected values are worked by hand in
``tests/integration/money_scenario.py``.
"""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from governance import packs
from governance.packs import workbook
from governance.store import db
from tests.integration.money_scenario import AB_CREDIT, AT_RISK, MONTH, TOTAL, VENDORS, load

from . import sheets

NOW = datetime(2026, 4, 20, 9, 0)
PLAIN_MONEY = "#,##0.00"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    path = tmp_path_factory.mktemp("money") / "governance.duckdb"
    with db.connect(path) as con:
        load(con)
    return path


def _pack(path, period, vendor):
    with db.connect(path) as con:
        data = packs.gather(con, period, vendor, now=NOW)
    return data, openpyxl.load_workbook(io.BytesIO(workbook.to_bytes(data)))


def _texts(ws) -> list[str]:
    return sheets.texts(ws)


def _table(ws, first_header: str, *, after: int = 0) -> tuple[list[str], list[tuple]]:
    """The header and data rows (cells, in header order) of the first table whose header
    starts with ``first_header`` below row ``after``."""
    header, body = sheets.table(ws, first_header, after=after)
    return header, [tuple(r[name] for name in header) for r in body]


def _section_texts(wb, name: str) -> list[str]:
    return [t for ws in sheets.section(wb, name) for t in sheets.texts(ws)]


def test_the_scorecard_sheet_marks_the_abandonment_ceiling_not_a_minimum(scenario):
    _, wb = _pack(scenario, MONTH, "Euro Care")
    ws = wb["Scorecard"]
    header, rows = _table(ws, "Scope")
    assert "Minimum" not in header and header[6] == "Worse limit"
    cells = {r[1].value: r[6] for r in rows}
    abandon = cells["Abandonment rate"]
    assert abandon.value == pytest.approx(0.06) and abandon.data_type == "n"
    assert abandon.number_format == '"≤ "0.0%'  # shows "≤ 6.0%"
    assert cells["Service level"].number_format == '"≥ "0.0%'  # shows "≥ 75.0%"
    accuracy = cells["Billing accuracy"]
    assert accuracy.value == pytest.approx(0.98)
    assert accuracy.number_format == '0.000"–1.020"'  # shows "0.980–1.020"
    assert any("≤ a ceiling" in t for t in _texts(ws))


def test_the_trend_and_default_tables_call_the_limit_a_worse_limit(scenario):
    _, wb = _pack(scenario, MONTH, "Euro Care")
    texts = _section_texts(wb, "Trends") + _section_texts(wb, "More trends")
    assert "Minimum" not in texts and "Worse limit" in texts
    # the finding over the abandonment chart says which way is better
    assert any(t.startswith("Abandonment rate") and "(lower is better)" in t for t in texts)
    credits_ws = wb["SLA & credits"]
    assert "Minimum" not in _texts(credits_ws)
    defaults_at = sheets.row_of(credits_ws, "KPIs in default this period (scorecard)")
    header, rows = _table(credits_ws, "Scope", after=defaults_at)
    assert header == ["Scope", "KPI", "Actual", "Worse limit"]  # the vendor's own pack
    by_kpi = {r[1].value: r[3] for r in rows}
    assert by_kpi["Abandonment rate"].number_format == '"≤ "0.0%'


def test_the_credit_sheet_carries_the_contracts_currency_in_its_number_formats(scenario):
    data, wb = _pack(scenario, MONTH, "Euro Care")
    ws = wb["SLA & credits"]
    header, [row] = _table(ws, "Month")
    cells = dict(zip(header, row, strict=True))
    assert cells["At risk"].value == pytest.approx(AT_RISK["Euro Care"])
    assert cells["Credits"].value == pytest.approx(TOTAL["Euro Care"])
    for name in ("Invoiced", "At risk", "Credits", "Pending earn-back", "Earned back", "Final"):
        assert cells[name].data_type == "n", name
        assert cells[name].number_format == '"EUR "#,##0.00', name
    items_at = sheets.row_of(ws, "SLA defaults and credits, with earn-back status")
    header, items = _table(ws, "Month", after=items_at)
    credit = {r[1].value: dict(zip(header, r, strict=True)) for r in items}
    abandon = credit["Abandonment rate"]
    assert abandon["Credit"].value == pytest.approx(AB_CREDIT["Euro Care"])
    assert abandon["Credit"].number_format == '"EUR "#,##0.00'
    assert abandon["Worse limit"].number_format == '"≤ "0.0%'
    assert abandon["Why"].value == "default (past the worse limit)"
    summary = " ".join(data.highlights)
    assert f"Service credits of EUR {TOTAL['Euro Care']:,.2f} in Mar 2026" in summary
    assert "(past the worse limit)" in summary and "minimum" not in summary


def test_a_contract_without_a_currency_shows_its_money_without_a_code(scenario):
    data, wb = _pack(scenario, MONTH, "Plain Care")
    ws = wb["SLA & credits"]
    header, [row] = _table(ws, "Month")
    cells = dict(zip(header, row, strict=True))
    assert cells["Credits"].value == pytest.approx(TOTAL["Plain Care"])
    assert cells["Credits"].number_format == PLAIN_MONEY
    assert f"Service credits of {TOTAL['Plain Care']:,.2f} in Mar 2026" in " ".join(data.highlights)
    assert not any(
        code in str(c.number_format) or code in str(c.value)
        for sheet in wb
        for r in sheet.iter_rows()
        for c in r
        for code in ("EUR", "USD")
    )


def test_the_portfolio_pack_formats_each_vendor_in_its_currency_and_never_adds_them(scenario):
    data, wb = _pack(scenario, "2026Q1", None)
    ws = wb["SLA & credits"]
    header, rows = _table(ws, "Vendor")
    march = {r[0].value: dict(zip(header, r, strict=True)) for r in rows if r[1].value == MONTH}
    for vendor, (currency, _) in VENDORS.items():
        credits_cell = march[vendor]["Credits"]
        assert credits_cell.value == pytest.approx(TOTAL[vendor])
        want = f'"{currency} "#,##0.00' if currency else PLAIN_MONEY
        assert credits_cell.number_format == want, vendor
    summary = " ".join(data.highlights)
    assert (
        f"Service credits of EUR {TOTAL['Euro Care']:,.2f}, USD {TOTAL['Dollar Care']:,.2f} and "
        f"{TOTAL['Plain Care']:,.2f} (no currency stated) in Q1 2026" in summary
    )
    assert f"{sum(TOTAL.values()):,.2f}" not in summary
