"""Worse limits follow the KPI's direction and money carries its contract's currency (issue 15).

A lower-is-better KPI's limit is a ceiling, never called a minimum: the scorecard table marks it
"≤", explanations say the default is above it. Credits show the contract's currency beside every
amount, and amounts in different currencies are totalled per currency, never added. The
commands' JSON and CSV keep their field names. Expected values are worked by hand in
``tests/integration/money_scenario.py``.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance import cli
from governance.kpis import frames
from governance.scoring import credits, portfolio, presentation, scorecard
from governance.store import db
from tests.integration.money_scenario import (
    AB_CREDIT,
    AT_RISK,
    MONTH,
    SL_CREDIT,
    TOTAL,
    VENDORS,
    load,
    money,
)


def _whole_vendor_lines(con, vendor):
    cards = scorecard.scorecards(con, MONTH, [vendor])
    lines = cards.lines[cards.lines["program"].isna()].reset_index(drop=True)
    return lines


def test_the_scorecard_table_marks_a_ceiling_a_floor_and_a_band_never_a_minimum(con):
    load(con, ["Euro Care"])
    table = presentation.table(_whole_vendor_lines(con, "Euro Care"))
    assert "Minimum" not in table.columns
    limit = dict(zip(table["KPI"], table["Worse limit"], strict=True))
    assert limit == {
        "Abandonment rate": "≤ 6.0%",  # lower is better: a ceiling
        "Service level": "≥ 75.0%",  # higher is better: a floor
        "Billing accuracy": "0.980–1.020",  # best at 1: 0.98 is 0.02 from 1 either side
    }
    status = dict(zip(table["KPI"], table["Status"], strict=True))
    assert all(s.endswith("Default") for s in status.values())


def test_the_explanation_of_a_lower_is_better_default_says_above_its_worse_limit(con):
    load(con, ["Euro Care"])
    lines = {x["kpi"]: x for x in frames.plain_records(_whole_vendor_lines(con, "Euro Care"))}
    abandon = presentation.explain(lines["abandon_rate"])
    assert "minimum" not in abandon.lower()
    assert (
        "Actual 9.0% (9 ÷ 100) against expected 4.0% and worse limit 6.0% (default above it)"
        in (abandon)
    )
    service = presentation.explain(lines["service_level"])
    assert "worse limit 75.0% (default below it)" in service
    accuracy = presentation.explain(lines["billing_accuracy"])
    assert "worse limit 0.980–1.020 (default outside it)" in accuracy


def test_the_scorecard_json_keeps_its_minimum_field(db_path, capsys):
    with db.connect(db_path) as con:
        load(con, ["Euro Care"])
    argv = ["scorecard", "--period", MONTH, "--format", "json", "--db", str(db_path)]
    assert cli.main(argv) == 0
    [card] = [c for c in json.loads(capsys.readouterr().out) if c["program"] is None]
    by_kpi = {k["kpi"]: k for k in card["kpis"]}
    assert by_kpi["abandon_rate"]["minimum"] == pytest.approx(0.06)
    assert set(by_kpi["abandon_rate"]) == {
        "kpi",
        "actual",
        "expected",
        "minimum",
        "status",
        "points",
        "weight",
        "definition",
    }


def test_a_credit_explanation_names_the_ceiling_and_the_contracts_currency(con):
    load(con)
    book = credits.ledger(con, MONTH)
    items = {(i["vendor"], i["kpi"]): i for i in frames.plain_records(book.items)}
    euro = credits.explain(items[("Euro Care", "abandon_rate")])
    assert "minimum" not in euro.lower()
    assert "worse limit 6.0% (default above it)" in euro
    assert f"Credit = 60% allocation × at-risk amount = EUR {AB_CREDIT['Euro Care']:,.2f}." in euro
    dollar = credits.explain(items[("Dollar Care", "service_level")])
    assert "worse limit 75.0% (default below it)" in dollar
    assert f"= USD {SL_CREDIT['Dollar Care']:,.2f}." in dollar
    plain = credits.explain(items[("Plain Care", "abandon_rate")])
    assert f"at-risk amount = {AB_CREDIT['Plain Care']:,.2f}." in plain
    assert not any(code in plain for code in ("EUR", "USD", "None"))
    assert "minimum" not in credits.REASONS["default"]


def test_the_credit_tables_show_each_amount_in_its_contracts_currency(con):
    load(con)
    book = credits.ledger(con, MONTH)
    table = credits.table(book).set_index("Vendor")
    for vendor, (currency, invoice) in VENDORS.items():
        row = table.loc[vendor]
        assert row["Invoiced"] == money(invoice, currency)
        assert row["At risk"] == money(AT_RISK[vendor], currency) + " (10%)"
        assert row["Credits"] == money(TOTAL[vendor], currency)
        assert row["Pending earn-back"] == money(TOTAL[vendor], currency)
    assert not any("None" in str(v) for v in table.loc["Plain Care"])
    items = credits.item_table(book.items)
    got = sorted(zip(items["Vendor"], items["KPI"], items["Amount"], strict=True))
    want = sorted(
        [(v, "Service level", money(SL_CREDIT[v], c)) for v, (c, _) in VENDORS.items()]
        + [(v, "Abandonment rate", money(AB_CREDIT[v], c)) for v, (c, _) in VENDORS.items()]
    )
    assert got == want
    assert set(items["Why"]) == {"default (past the worse limit)"}


def test_the_credits_commands_json_and_csv_keep_their_fields(db_path, capsys):
    with db.connect(db_path) as con:
        load(con)
    assert cli.main(["credits", "--period", MONTH, "--format", "json", "--db", str(db_path)]) == 0
    got = json.loads(capsys.readouterr().out)
    assert {frozenset(r) for r in got} == {
        frozenset({"vendor", "period", "invoiced_amount", "at_risk_amount", "total", "credits"})
    }
    assert {r["vendor"]: r["total"] for r in got} == pytest.approx(TOTAL)
    assert cli.main(["credits", "--period", MONTH, "--format", "csv", "--db", str(db_path)]) == 0
    header = capsys.readouterr().out.splitlines()[0].split(",")
    assert "currency" not in header and "minimum" in header


def test_the_portfolio_totals_credits_per_currency_never_across(con):
    load(con)
    lead = portfolio.leadership(con, date(2026, 3, 1))
    table = lead.credits.set_index("vendor")
    for vendor, (currency, _) in VENDORS.items():
        assert frames.plain_value(table.loc[vendor, "currency"]) == currency
        assert table.loc[vendor, "month_total"] == pytest.approx(TOTAL[vendor])
        assert table.loc[vendor, "ytd_total"] == pytest.approx(TOTAL[vendor])  # only March
    note = portfolio.credit_note(lead.credits, "Mar 2026")
    month = (
        f"EUR {TOTAL['Euro Care']:,.2f}, USD {TOTAL['Dollar Care']:,.2f} and "
        f"{TOTAL['Plain Care']:,.2f} (no currency stated)"
    )
    assert note.startswith(f"Credits in Mar 2026: {month}; year to date: {month}.")
    assert "never added" in note
    unlike_sum = f"{sum(TOTAL.values()):,.2f}"
    assert unlike_sum not in note
    cost = lead.cost.set_index("vendor")
    assert [frames.plain_value(cost.loc[v, "currency"]) for v in VENDORS] == ["EUR", "USD", None]


def test_one_currency_is_totalled_without_a_warning(con):
    load(con, ["Euro Care"])
    lead = portfolio.leadership(con, date(2026, 3, 1))
    note = portfolio.credit_note(lead.credits, "Mar 2026")
    total = f"EUR {TOTAL['Euro Care']:,.2f}"
    assert note == f"Credits in Mar 2026: {total}; year to date: {total}."


def test_the_attention_list_says_a_ceiling_was_passed_from_above(con):
    load(con, ["Plain Care"])
    lead = portfolio.leadership(con, date(2026, 3, 1))
    issues = list(lead.attention["issue"])
    assert (
        "Abandonment rate in default: 9.0%, above its worse limit of 6.0% "
        "(critical: service credit)" in issues
    )
    assert (
        "Service level in default: 70.0%, below its worse limit of 75.0% "
        "(critical: service credit)" in issues
    )
    assert "Billing accuracy in default: 1.066, outside its worse limit of 0.980–1.020" in issues
    assert not any("minimum" in i.lower() for i in issues)
