"""The service-credit ledger on real DuckDB files, table-driven (domain.md, "Service credits").

Each scenario lists one fact row per month (service level, abandonment, invoice) for one vendor
with critical service levels, and the credits expected, worked out here by hand from the rules:
at-risk = at-risk % × the month's invoice; credit = category % × allocation % × at-risk; the
month capped at the at-risk amount; repeated misses; earn-back after N windows at expected.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance import cli
from governance.kpis import periods
from governance.scoring import credits
from governance.store import db
from tests.integration.contract_builders import add_facts, add_vendors, contract, create, target

V = "Acme Care"


def rows_for(months: dict[str, tuple]) -> list[dict]:
    """month -> (answered within threshold of 100 offered, abandoned of 100, invoice or None).

    One row per month, dated its last day, so the data covers the whole month (a window counts
    for earn-back only once the vendor's data reaches its last day).
    """
    out = []
    for month, (within, abandoned, invoice) in months.items():
        row = {
            "date": periods.parse(month).end,
            "offered": 100,
            "answered": 100 - abandoned,
            "abandoned": abandoned,
            "answered_within_sl": within,
        }
        if invoice is not None:
            row["invoiced_amount"] = invoice
        out.append(row)
    return out


def setup(con, months, targets, **terms):
    add_vendors(con, V)
    add_facts(con, V, rows_for(months))
    create(con, contract(V, targets, **terms))


SL = dict(tier="critical", allocation_pct=40, category_pct=50)
AB = dict(tier="critical", allocation_pct=60)


def sl_target(weight=60, **kw):
    return target("service_level", 0.80, 0.75, weight, **(SL | kw))


def ab_target(weight=40, **kw):
    return target("abandon_rate", 0.04, 0.06, weight, **(AB | kw))


def only(book, month):
    rows = [r for r in credits.records(book) if r["period"] == month]
    assert len(rows) == 1
    return rows[0]


def test_the_worked_example(con):
    # invoice 100,000; at-risk 10% -> 10,000; category 50% x allocation 40% -> 2,000
    setup(con, {"2026-03": (70, 2, 100_000)}, [sl_target(), ab_target()], at_risk_pct=10)
    got = only(credits.ledger(con, "2026-03"), "2026-03")
    assert got == {
        "vendor": V,
        "period": "2026-03",
        "invoiced_amount": 100_000.0,
        "at_risk_amount": 10_000.0,
        "total": 2_000.0,
        "credits": [
            {
                "kpi": "service_level",
                "program": None,
                "amount": 2_000.0,
                "status": "pending_earn_back",
            }
        ],
    }


def test_no_default_no_credit_and_every_contracted_vendor_gets_a_row(con):
    setup(con, {"2026-03": (85, 2, 50_000)}, [sl_target(), ab_target()])
    add_vendors(con, "No Contract Ltd")
    book = credits.ledger(con, "2026-03")
    assert [r["vendor"] for r in credits.records(book)] == [V]
    assert only(book, "2026-03")["credits"] == [] and only(book, "2026-03")["total"] == 0


def test_the_cap_bites_when_several_levels_default(con):
    targets = [
        target("service_level", 0.80, 0.75, 40, tier="critical", allocation_pct=100),
        target("abandon_rate", 0.04, 0.06, 30, tier="critical", allocation_pct=80),
        target("aht", 300, 360, 30, tier="critical", allocation_pct=60),
    ]
    add_vendors(con, V)
    row = rows_for({"2026-03": (50, 20, 100_000)})[0] | {"handle_time_sec": 80 * 400}
    add_facts(con, V, [row])
    create(con, contract(V, targets, pool_pct_available=300, at_risk_pct=10))
    book = credits.ledger(con, "2026-03")
    got = only(book, "2026-03")
    raw = {"service_level": 10_000, "abandon_rate": 8_000, "aht": 6_000}  # 24,000 before the cap
    assert got["at_risk_amount"] == 10_000 and got["total"] == 10_000
    amounts = {c["kpi"]: c["amount"] for c in got["credits"]}
    assert amounts == {
        k: pytest.approx(round(v * 10_000 / 24_000, 2), abs=0.011) for k, v in raw.items()
    }
    assert sum(amounts.values()) == pytest.approx(10_000)
    assert bool(book.summary["capped"].iloc[0]) and book.summary["uncapped"].iloc[0] == 24_000


@pytest.mark.parametrize(
    "months, credited",
    [
        # January alone would default, but the quarter's summed components decide: 880/1200
        (
            {"2026-01": (700, 0, 90_000), "2026-02": (90, 0, 90_000), "2026-03": (90, 0, 120_000)},
            True,
        ),
        # February alone would default; the quarter is at 80%: met
        (
            {"2026-01": (90, 0, 90_000), "2026-02": (60, 0, 90_000), "2026-03": (90, 0, 120_000)},
            False,
        ),
    ],
)
def test_a_quarterly_window_is_assessed_on_the_quarter_in_its_last_month(con, months, credited):
    add_vendors(con, V)
    rows = rows_for(months)
    rows[0]["offered"] = rows[0]["answered"] = 1000 if months["2026-01"][0] == 700 else 100
    add_facts(con, V, rows)
    create(con, contract(V, [sl_target(window="quarter", weight=100)], at_risk_pct=10))
    book = credits.ledger(con, "2026Q1")
    assert only(book, "2026-01")["credits"] == [] and only(book, "2026-02")["credits"] == []
    march = only(book, "2026-03")
    if credited:  # valued against March's at-risk amount: 10% x 120,000 x 50% x 40%
        assert [c["amount"] for c in march["credits"]] == [2_400.0]
        assert book.items["window"].tolist() == ["2026Q1"]
    else:
        assert march["credits"] == []


MET, BELOW, DEFAULT = (90, 2, 100_000), (78, 2, 100_000), (70, 2, 100_000)


@pytest.mark.parametrize(
    "after, windows, status",
    [
        ([MET, MET, MET], 3, "earned_back"),
        ([MET, MET], 3, "pending_earn_back"),  # the data ends before the third window
        ([MET, BELOW, MET], 3, "final"),
        ([DEFAULT], 3, "final"),
        ([MET, MET], 2, "earned_back"),
        ([MET, MET, MET], 0, "final"),  # a contract without earn-back
    ],
)
def test_earn_back_after_n_consecutive_windows_at_expected(con, after, windows, status):
    months = {"2026-01": DEFAULT} | {f"2026-0{i + 2}": v for i, v in enumerate(after)}
    setup(con, months, [sl_target(weight=100)], earn_back_windows=windows)
    got = only(credits.ledger(con, "2026-01"), "2026-01")["credits"]
    assert [(c["kpi"], c["status"]) for c in got] == [("service_level", status)]


@pytest.mark.parametrize(
    "misses, count, credited_in",
    [
        (["2026-01", "2026-02", "2026-03", "2026-04"], 4, ["2026-04"]),
        (["2026-01", "2026-02", "2026-03", "2026-04", "2026-06"], 4, ["2026-04", "2026-06"]),
        (["2026-01", "2026-02", "2026-03"], 4, []),
        # only three of the four fall in the twelve months ending 2026-03
        (["2025-02", "2025-05", "2025-09", "2026-03"], 4, []),
        (["2025-04", "2025-05", "2025-09", "2026-03"], 4, ["2026-03"]),
        (["2026-01", "2026-03"], 2, ["2026-03"]),  # configurable per contract
    ],
)
def test_repeated_misses_of_expected_count_as_a_default(con, misses, count, credited_in):
    months = {}
    for i in range(18):
        m = periods.month(periods.add_months(date(2025, 1, 1), i)).label
        months[m] = BELOW if m in misses else MET
    setup(con, months, [sl_target(weight=100)], repeated_miss_count=count, earn_back_windows=0)
    book = credits.ledger(con, list(months))
    credited = [r["period"] for r in credits.records(book) if r["credits"]]
    assert credited == credited_in
    assert set(book.items["reason"]) <= {"repeated_miss"}
    assert (book.items["amount"] == 2_000).all()  # 100,000 x 10% x 50% x 40%


def test_a_month_without_invoiced_amounts_cannot_value_its_credits(con):
    setup(con, {"2026-03": (70, 2, None)}, [sl_target(), ab_target()])
    got = only(credits.ledger(con, "2026-03"), "2026-03")
    assert got["invoiced_amount"] is None and got["at_risk_amount"] is None and got["total"] is None
    assert [(c["kpi"], c["amount"]) for c in got["credits"]] == [("service_level", None)]


def test_credits_follow_the_target_version_of_the_window(con):
    amendment = {
        "effective_from": date(2026, 2, 1),
        "reason": "raised",
        "approved_by": "VMO lead",
        "targets": [{"kpi": "service_level", "expected": 0.90, "minimum": 0.85}],
    }
    setup(
        con,
        {"2026-01": (82, 2, 100_000), "2026-02": (82, 2, 100_000)},
        [sl_target(weight=100)],
        amendments=[amendment],
    )
    book = credits.ledger(con, ["2026-01", "2026-02"])
    assert [r["period"] for r in credits.records(book) if r["credits"]] == ["2026-02"]


def test_the_credits_command_prints_the_ledger(db_path, capsys):
    with db.connect(db_path) as con:
        setup(con, {"2026-03": (70, 2, 100_000), "2026-04": MET}, [sl_target(), ab_target()])
        want = credits.records(credits.ledger(con, "2026-03"))
    assert (
        cli.main(["credits", "--period", "2026-03", "--format", "json", "--db", str(db_path)]) == 0
    )
    got = json.loads(capsys.readouterr().out)
    assert got == want
    assert [set(r) for r in got] == [
        {"vendor", "period", "invoiced_amount", "at_risk_amount", "total", "credits"}
    ]
    assert [set(c) for c in got[0]["credits"]] == [{"kpi", "program", "amount", "status"}]
    assert got[0]["credits"][0]["status"] in credits.CREDIT_STATUSES

    assert cli.main(["credits", "--period", "2026-03", "--db", str(db_path)]) == 0
    table = capsys.readouterr().out
    assert (
        "2,000.00" in table
        and "10,000.00 (10%)" in table
        and "default (past the worse limit)" in table
    )
    assert cli.main(["credits", "--period", "2026Q1", "--format", "csv", "--db", str(db_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("vendor,period,invoiced_amount,at_risk_amount,total,capped,kpi")
    assert len(lines) == 1 + 3  # one row per month of the quarter; March's row is its one credit
    assert lines[1].startswith("Acme Care,2026-01,,,,False,") and ",service_level," in lines[3]
