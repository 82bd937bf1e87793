"""Scorecards against contract targets, on real DuckDB files.

Every expectation is computed here in plain Python from the fact rows the test inserted and the
rules of domain.md ("Scorecards"): ratios of sums, status and points by direction, weights over
the KPIs with data, bands with an inclusive top. The engine is never asked for the answer.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from governance import cli, contracts, demo
from governance.access.actors import Actor
from governance.kpis import frames, periods
from governance.scoring import presentation, scorecard
from governance.store import db
from tests.integration.contract_builders import (
    BUILDER,
    add_facts,
    add_vendors,
    contract,
    create,
    target,
)

VENDORS = ("Acme Care", "Zenith BPO")
BILLING = "Billing care"

# Per vendor and month: offered, service level, abandonment, AHT (s), CSAT (satisfied, responses).
PLAN = {
    ("Acme Care", "2025-10"): (1000, 0.90, 0.030, 290, (170, 200)),
    ("Acme Care", "2025-11"): (1200, 0.70, 0.050, 310, (150, 200)),
    ("Acme Care", "2025-12"): (1000, 0.82, 0.035, 300, (160, 200)),
    ("Acme Care", "2026-01"): (1100, 0.82, 0.045, 330, (156, 200)),
    ("Acme Care", "2026-02"): (900, 0.86, 0.020, 280, (180, 200)),
    ("Zenith BPO", "2025-10"): (2000, 0.78, 0.070, 350, (140, 200)),
    ("Zenith BPO", "2025-11"): (2000, 0.84, 0.040, 340, (150, 200)),
    ("Zenith BPO", "2025-12"): (2100, 0.90, 0.030, 360, (0, 0)),  # no survey: CSAT no data
    ("Zenith BPO", "2026-01"): (1900, 0.74, 0.061, 370, (130, 200)),
    # Zenith sends nothing for 2026-02: every KPI has no data
}
TARGETS = [
    target("service_level", 0.80, 0.75, 40, tier="critical", allocation_pct=50),
    target("abandon_rate", 0.04, 0.06, 20, tier="critical", allocation_pct=50),
    target("aht", 300, 360, 20),
    target("csat", 0.80, 0.70, 20),
]
AMENDMENT = {
    "effective_from": date(2026, 1, 1),
    "reason": "Service level raised",
    "approved_by": "VMO lead",
    "targets": [{"kpi": "service_level", "expected": 0.85, "minimum": 0.80}],
}
# domain.md's formulas, written out again: KPI -> (numerator, denominator, higher is better)
FORMULA = {
    "service_level": ("answered_within_sl", "offered", True),
    "abandon_rate": ("abandoned", "offered", False),
    "aht": ("handle_time_sec", "answered", False),
    "csat": ("csat_satisfied", "csat_responses", True),
}


def month_rows(month: str, offered: int, sl: float, abandon: float, aht: float, csat) -> list[dict]:
    """Two days of voice facts for the month, 60/40, whole numbers; the month's ratios as planned."""
    start = periods.parse(month).start
    total = {
        "offered": offered,
        "abandoned": round(offered * abandon),
        "answered_within_sl": round(offered * sl),
        "csat_satisfied": csat[0],
        "csat_responses": csat[1],
    }
    rows = []
    for day, share in ((3, 0.6), (17, 0.4)):
        part = {
            k: (round(v * 0.6) if share == 0.6 else v - round(v * 0.6)) for k, v in total.items()
        }
        part["answered"] = part["offered"] - part["abandoned"]
        part["handle_time_sec"] = part["answered"] * aht + (7 if share == 0.6 else -7)
        rows.append(
            {
                "date": start.replace(day=day),
                "program": BILLING,
                "site": "Leeds",
                "channel": "voice",
                **part,
            }
        )
    return rows


def load_plan(con, plan=PLAN, targets=TARGETS, amendments=(AMENDMENT,)) -> dict[str, list[dict]]:
    add_vendors(con, *VENDORS)
    rows: dict[str, list[dict]] = {v: [] for v in VENDORS}
    for (vendor, month), values in plan.items():
        rows[vendor] += month_rows(month, *values)
    for vendor in VENDORS:
        add_facts(con, vendor, rows[vendor])
        create(con, contract(vendor, targets, amendments=list(amendments)))
    return rows


# --- the independent computation -------------------------------------------------------------


def targets_on(day: date, amended: bool = True) -> dict[str, tuple[float, float, float]]:
    levels = {t["kpi"]: (t["expected"], t["minimum"], t["weight"]) for t in TARGETS}
    if amended and day >= AMENDMENT["effective_from"]:
        levels["service_level"] = (0.85, 0.80, 40)
    return levels


def expected_card(rows: list[dict], first: date, last: date, levels=None) -> dict:
    """Actual, status and points per KPI and the weighted score, by hand."""
    levels = levels or targets_on(last)
    inside = [r for r in rows if first <= r["date"] <= last]
    out = {}
    for kpi, (num, den, higher) in FORMULA.items():
        d = sum(r[den] for r in inside)
        actual = sum(r[num] for r in inside) / d if d else None
        e, m, w = levels[kpi]
        if actual is None:
            status, points = "no_data", None
        else:
            a, ee, mm = (actual, e, m) if higher else (-actual, -e, -m)
            if a >= ee:
                status, points = "met", 100.0
            elif a < mm:
                status, points = "default", 0.0
            else:
                status, points = "below_target", 100 * (a - mm) / (ee - mm)
        out[kpi] = {
            "actual": actual,
            "status": status,
            "points": points,
            "weight": w,
            "expected": e,
        }
    scored = [v for v in out.values() if v["points"] is not None]
    total = sum(v["weight"] for v in scored)
    score = sum(v["weight"] * v["points"] for v in scored) / total if total else None
    return {"kpis": out, "score": score, "without": sum(v["points"] is None for v in out.values())}


def band(score):
    if score is None:
        return None
    return (
        "Excellent"
        if score >= 90
        else "Good"
        if score >= 75
        else "Watch"
        if score >= 60
        else "At risk"
    )


def card_of(cards, vendor, program=None):
    found = [
        c for c in presentation.records(cards) if c["vendor"] == vendor and c["program"] == program
    ]
    assert len(found) == 1, (vendor, program, found)
    return found[0]


# --- scorecards for a month -------------------------------------------------------------------


@pytest.mark.parametrize("month", ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"])
def test_monthly_scorecards_match_an_independent_computation(con, month):
    rows = load_plan(con)
    p = periods.parse(month)
    cards = scorecard.scorecards(con, month)
    for vendor in VENDORS:
        want = expected_card(rows[vendor], p.start, p.end)
        got = card_of(cards, vendor)
        assert got["period"] == month
        assert got["kpis_without_data"] == want["without"]
        assert got["weighted_score"] == (
            None if want["score"] is None else pytest.approx(want["score"])
        )
        assert got["standing"] == band(want["score"])
        by_kpi = {k["kpi"]: k for k in got["kpis"]}
        assert set(by_kpi) == set(FORMULA)
        for kpi, w in want["kpis"].items():
            k = by_kpi[kpi]
            assert k["status"] == w["status"], (vendor, kpi)
            assert k["expected"] == w["expected"] and k["weight"] == w["weight"]
            if w["actual"] is None:
                assert k["actual"] is None and k["points"] is None
            else:
                assert k["actual"] == pytest.approx(w["actual"])
                assert k["points"] == pytest.approx(w["points"])


def test_a_month_without_activity_is_no_data_never_a_pass_or_a_fail(con):
    load_plan(con)
    zenith = card_of(scorecard.scorecards(con, "2026-02"), "Zenith BPO")
    assert zenith["weighted_score"] is None and zenith["standing"] is None
    assert zenith["kpis_without_data"] == 4
    assert {k["status"] for k in zenith["kpis"]} == {"no_data"}
    assert all(k["points"] is None and k["actual"] is None for k in zenith["kpis"])


def test_a_kpi_without_data_is_left_out_of_the_score_and_counted(con):
    rows = load_plan(con)
    got = card_of(scorecard.scorecards(con, "2025-12"), "Zenith BPO")
    csat = next(k for k in got["kpis"] if k["kpi"] == "csat")
    assert csat["status"] == "no_data" and got["kpis_without_data"] == 1
    want = expected_card(rows["Zenith BPO"], date(2025, 12, 1), date(2025, 12, 31))
    # weights 40 + 20 + 20 of the KPIs with data, not 100
    assert got["weighted_score"] == pytest.approx(want["score"])


# --- target versions ----------------------------------------------------------------------------


def test_an_amendment_changes_scores_from_its_date_and_not_before(con):
    load_plan(con, amendments=())
    before = {m: card_of(scorecard.scorecards(con, m), "Acme Care") for m in ("2025-12", "2026-01")}
    cid = contracts.contract_id(con, "Acme Care")
    contracts.add_amendment(con, BUILDER, cid, **AMENDMENT)
    after = {m: card_of(scorecard.scorecards(con, m), "Acme Care") for m in ("2025-12", "2026-01")}

    def sl(card):
        return next(k for k in card["kpis"] if k["kpi"] == "service_level")

    # December keeps the original target and its score; January is scored on the amendment.
    assert after["2025-12"] == before["2025-12"]
    assert (sl(after["2025-12"])["expected"], sl(after["2025-12"])["status"]) == (0.80, "met")
    assert (sl(before["2026-01"])["expected"], sl(before["2026-01"])["status"]) == (0.80, "met")
    assert (sl(after["2026-01"])["expected"], sl(after["2026-01"])["status"]) == (
        0.85,
        "below_target",
    )
    assert after["2026-01"]["weighted_score"] < before["2026-01"]["weighted_score"]


def test_each_line_names_the_target_version_and_amendment_in_force(con):
    load_plan(con)
    lines = scorecard.scorecards(con, "2026-01", ["Acme Care"]).lines
    sl = frames.plain_records(lines[(lines["kpi"] == "service_level") & lines["program"].isna()])[0]
    assert sl["target_version"] == 2 and sl["target_from"] == date(2026, 1, 1)
    assert (
        sl["amendment_reason"] == "Service level raised"
        and sl["amendment_approved_by"] == "VMO lead"
    )
    text = presentation.explain(sl)
    assert re.search(r"amendment #\d+ effective", text), text  # an id, never "#1.0"
    for fragment in (
        "Target version 2",
        "Service level raised",
        "VMO lead",
        "85.0%",
        "80.0%",
        "answered within 20 s ÷ offered",
        "in force on 2026-01-31",
    ):
        assert fragment in text
    dec = scorecard.scorecards(con, "2025-12", ["Acme Care"]).lines
    assert "original target" in presentation.explain(
        dec[dec["kpi"] == "service_level"].iloc[0].to_dict()
    )


def test_a_window_is_scored_on_the_version_in_force_on_its_last_day(con):
    mid = {**AMENDMENT, "effective_from": date(2026, 1, 15)}
    load_plan(con, amendments=(mid,))
    sl = {
        m: next(
            k
            for k in card_of(scorecard.scorecards(con, m), "Acme Care")["kpis"]
            if k["kpi"] == "service_level"
        )
        for m in ("2025-12", "2026-01")
    }
    assert sl["2025-12"]["expected"] == 0.80
    assert sl["2026-01"]["expected"] == 0.85  # in force on 31 January, so it scores all of January


# --- quarters, trend, rolling three, rank ---------------------------------------------------------


def test_a_quarter_is_scored_from_its_summed_components_not_averaged_months(con):
    rows = load_plan(con)
    q = periods.parse("2025Q4")
    got = card_of(scorecard.scorecards(con, "2025Q4"), "Acme Care")
    want = expected_card(rows["Acme Care"], q.start, q.end)
    assert got["period"] == "2025Q4"
    assert got["weighted_score"] == pytest.approx(want["score"])
    months = [
        expected_card(rows["Acme Care"], m.start, m.end)["score"]
        for m in (periods.parse(x) for x in ("2025-10", "2025-11", "2025-12"))
    ]
    assert got["weighted_score"] != pytest.approx(sum(months) / 3)
    sl = next(k for k in got["kpis"] if k["kpi"] == "service_level")
    inside = [r for r in rows["Acme Care"] if q.start <= r["date"] <= q.end]
    assert sl["actual"] == pytest.approx(
        sum(r["answered_within_sl"] for r in inside) / sum(r["offered"] for r in inside)
    )


def test_change_rolling_three_and_rank(con):
    rows = load_plan(con)
    summary = scorecard.scorecards(con, "2026-01").summary
    vendor_rows = summary[summary["program"].isna()].set_index("vendor")
    for vendor in VENDORS:
        now = expected_card(rows[vendor], date(2026, 1, 1), date(2026, 1, 31))["score"]
        before = expected_card(rows[vendor], date(2025, 12, 1), date(2025, 12, 31))["score"]
        rolling = expected_card(rows[vendor], date(2025, 11, 1), date(2026, 1, 31))["score"]
        assert vendor_rows.loc[vendor, "change"] == pytest.approx(now - before)
        assert vendor_rows.loc[vendor, "rolling_three"] == pytest.approx(rolling)
    scores = vendor_rows["weighted_score"]
    best = scores.idxmax()
    assert vendor_rows.loc[best, "rank"] == 1 and (vendor_rows["ranked"] == 2).all()
    assert vendor_rows.loc[scores.idxmin(), "rank"] == 2


def test_equal_scores_share_a_rank_and_ranks_hold_when_one_vendor_is_asked(con):
    same = {(v, m): values for (_, m), values in PLAN.items() if _ == "Acme Care" for v in VENDORS}
    load_plan(con, plan=same)
    summary = scorecard.scorecards(con, "2025-12").summary
    assert list(summary["rank"]) == [1, 1, 1, 1]  # both vendors, whole vendor and Billing care
    one = scorecard.scorecards(con, "2025-12", ["Zenith BPO"]).summary
    assert set(one["vendor"]) == {"Zenith BPO"} and list(one["ranked"]) == [2, 2]


def test_trend_gives_one_scorecard_per_month_with_the_versions_in_force(con):
    load_plan(con)
    t = scorecard.trend(con, "Acme Care", "2026-02", 5)
    assert list(t.summary["period"]) == ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
    sl = t.lines[t.lines["kpi"] == "service_level"]
    assert list(sl["expected"]) == [0.80, 0.80, 0.80, 0.85, 0.85]
    marks = presentation.amendment_marks(t.lines, "service_level")
    assert list(marks["date"]) == [date(2026, 1, 1)]


# --- definitions and scopes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "over, extra, denominator, words",
    [
        ("offered", {}, lambda r: r["offered"], "answered within 30 s ÷ offered"),
        ("answered", {}, lambda r: r["answered"], "answered within 30 s ÷ answered"),
        (
            "offered_less_short_abandons",
            {"short_abandon_seconds": 5},
            lambda r: r["offered"] - r["short_abandoned"],
            "offered − abandons",
        ),
    ],
)
def test_service_level_follows_the_contracts_definition(con, over, extra, denominator, words):
    add_vendors(con, "Acme Care")
    rows = [
        {
            "date": date(2026, 3, d),
            "offered": o,
            "answered": a,
            "abandoned": o - a,
            "short_abandoned": s,
            "answered_within_sl": w,
        }
        for d, o, a, s, w in ((2, 500, 470, 12, 400), (9, 300, 250, 30, 190))
    ]
    add_facts(con, "Acme Care", rows)
    sl = {"over": over, "threshold_seconds": 30, **extra}
    create(con, contract("Acme Care", [target("service_level", 0.8, 0.75, 100)], service_level=sl))
    card = card_of(scorecard.scorecards(con, "2026-03"), "Acme Care")
    got = card["kpis"][0]
    assert got["actual"] == pytest.approx(590 / sum(denominator(r) for r in rows))
    assert words in got["definition"]
    assert words in scorecard.scorecards(con, "2026-03").summary["sl_definition"].iloc[0]


@pytest.mark.parametrize(
    "pricing, supported",
    [
        ("per_contact", lambda g: g["answered"]),
        ("per_handled_minute", lambda g: g["handle_time_sec"] / 60),
        ("per_productive_hour", lambda g: g["handle_time_sec"] / 3600),
        ("per_fte", lambda g: g["headcount"] / g["days"]),  # average headcount over the days
        ("outcome_based", None),
    ],
)
def test_billing_accuracy_uses_the_units_of_the_contracts_pricing(con, pricing, supported):
    add_vendors(con, "Acme Care")
    rows = [
        {
            "date": date(2026, 3, 2),
            "site": "A",
            "answered": 400,
            "handle_time_sec": 120_000,
            "headcount": 20,
            "billed_units": 410,
        },
        {
            "date": date(2026, 3, 2),
            "site": "B",
            "answered": 100,
            "handle_time_sec": 30_000,
            "headcount": 6,
            "billed_units": 95,
        },
        {
            "date": date(2026, 3, 3),
            "site": "A",
            "answered": 300,
            "handle_time_sec": 90_000,
            "headcount": 22,
            "billed_units": 300,
        },
    ]
    add_facts(con, "Acme Care", rows)
    create(
        con, contract("Acme Care", [target("billing_accuracy", 0.99, 0.97, 100)], pricing=pricing)
    )
    got = card_of(scorecard.scorecards(con, "2026-03"), "Acme Care")["kpis"][0]
    if supported is None:
        assert got["status"] == "no_data" and got["actual"] is None
        assert "outcome-based" in got["definition"]
        return
    g = {k: sum(r[k] for r in rows) for k in ("answered", "handle_time_sec", "headcount")}
    g["days"] = len({r["date"] for r in rows})
    assert got["actual"] == pytest.approx(805 / supported(g))


def test_program_scorecards_use_program_targets_over_contract_wide_ones(con):
    add_vendors(con, "Acme Care")
    rows = [
        {
            "date": date(2026, 3, 2),
            "program": BILLING,
            "channel": "voice",
            "offered": 100,
            "answered_within_sl": 78,
        },
        {
            "date": date(2026, 3, 2),
            "program": BILLING,
            "channel": "chat",
            "offered": 100,
            "answered_within_sl": 96,
        },
        {
            "date": date(2026, 3, 2),
            "program": "Collections",
            "channel": "voice",
            "offered": 300,
            "answered_within_sl": 210,
        },
    ]
    add_facts(con, "Acme Care", rows)
    targets = [
        target("service_level", 0.80, 0.75, 100),
        target("service_level", 0.75, 0.70, 60, program="Collections"),
        target("service_level", 0.80, 0.75, 40, program="Collections", channel="voice"),
    ]
    create(con, contract("Acme Care", targets, programs=[BILLING, "Collections"]))
    cards = scorecard.scorecards(con, "2026-03")
    whole = card_of(cards, "Acme Care")
    assert [k["actual"] for k in whole["kpis"]] == [pytest.approx(384 / 500)]
    billing = card_of(cards, "Acme Care", BILLING)  # the contract-wide target, over Billing care
    assert [k["actual"] for k in billing["kpis"]] == [pytest.approx(174 / 200)]
    collections = card_of(cards, "Acme Care", "Collections")
    got = {(k["expected"], k["weight"]): k["actual"] for k in collections["kpis"]}
    assert got == {(0.75, 60): pytest.approx(0.70), (0.80, 40): pytest.approx(0.70)}
    assert any("voice only" in k["definition"] for k in collections["kpis"])


def test_attrition_over_a_quarter_is_the_average_monthly_rate(con):
    add_vendors(con, "Acme Care")
    rows = [
        {"date": date(2026, m, d), "headcount": 100, "leavers": lv}
        for m, lv in ((1, 4), (2, 5), (3, 6))
        for d in (1, 15)
    ]
    add_facts(con, "Acme Care", rows)
    create(con, contract("Acme Care", [target("attrition", 0.05, 0.07, 100)]))
    month = card_of(scorecard.scorecards(con, "2026-02"), "Acme Care")["kpis"][0]
    quarter = card_of(scorecard.scorecards(con, "2026Q1"), "Acme Care")["kpis"][0]
    assert month["actual"] == pytest.approx(10 / 100)
    assert quarter["actual"] == pytest.approx(30 / 100 / 3)
    assert "monthly average" in quarter["definition"]


def test_a_window_the_data_does_not_cover_to_its_end_is_marked_partial(con):
    add_vendors(con, "Acme Care")
    add_facts(
        con, "Acme Care", [{"date": date(2026, 3, 10), "offered": 100, "answered_within_sl": 90}]
    )
    create(con, contract("Acme Care", [target("service_level", 0.8, 0.75, 100)]))
    s = frames.plain_records(scorecard.scorecards(con, "2026-03").summary)[0]
    assert s["complete"] is False and s["data_to"] == date(2026, 3, 10)
    assert "Partial: data to 2026-03-10" in presentation.headline(s)


# --- the command ----------------------------------------------------------------------------------


def test_the_scorecard_command_prints_the_library_numbers(db_path, capsys):
    with db.connect(db_path) as con:
        load_plan(con)
        want = presentation.records(scorecard.scorecards(con, "2026-01"))
    assert (
        cli.main(["scorecard", "--period", "2026-01", "--format", "json", "--db", str(db_path)])
        == 0
    )
    got = json.loads(capsys.readouterr().out)
    assert got == json.loads(json.dumps(want))
    assert [set(c) for c in got] == [
        {"vendor", "program", "period", "weighted_score", "standing", "kpis_without_data", "kpis"}
    ] * len(got)
    assert {frozenset(k) for c in got for k in c["kpis"]} == {
        frozenset(
            {"kpi", "actual", "expected", "minimum", "status", "points", "weight", "definition"}
        )
    }
    assert {k["status"] for c in got for k in c["kpis"]} <= set(scorecard.STATUSES)

    assert (
        cli.main(
            [
                "scorecard",
                "--period",
                "2026-01",
                "--vendor",
                "Acme Care",
                "--format",
                "csv",
                "--db",
                str(db_path),
            ]
        )
        == 0
    )
    csv = capsys.readouterr().out.splitlines()
    assert csv[0].startswith("vendor,program,period,weighted_score,standing,kpis_without_data")
    assert len(csv) == 1 + 4 * 2 and all(line.startswith("Acme Care,") for line in csv[1:])

    assert cli.main(["scorecard", "--period", "2026Q1", "--db", str(db_path)]) == 0
    table = capsys.readouterr().out
    assert "Acme Care — whole vendor — Q1 2026" in table and "Service level here" in table


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["scorecard", "--period", "2026-13"], "is not a period"),
        (["scorecard", "--period", "2026-01", "--vendor", "Nobody"], "No vendor named 'Nobody'"),
        (["credits", "--period", "Q3"], "is not a period"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(db_path, capsys, argv, fragment):
    assert cli.main([*argv, "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert fragment in err and len(err.strip().splitlines()) == 1


# --- the demo's story ------------------------------------------------------------------------------

END = date(2026, 9, 1)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con,
            Actor("demo@client.example", "admin"),
            end_month=END,
            exports_dir=path.parent / "exports",
        )
    return path


def test_the_declining_vendor_falls_through_the_standings_in_its_last_months(demo_db):
    with db.connect(demo_db) as con:
        t = scorecard.trend(con, "Bluebird BPO", "2026-09", 13)
        others = scorecard.scorecards(con, "2026-09", programs=False).summary.set_index("vendor")
    s = t.summary.set_index("period")
    standing = list(s["standing"])
    order = ["Excellent", "Good", "Watch", "At risk"]
    assert standing[:6] == ["Excellent"] * 6  # steady for most of the year
    assert [order.index(x) for x in standing] == sorted(order.index(x) for x in standing)
    assert standing[-1] == "At risk" and {"Good", "At risk"} <= set(standing[-4:])
    last4 = list(s["weighted_score"])[-4:]
    assert last4 == sorted(last4, reverse=True)
    assert others.loc["Bluebird BPO", "rank"] == 4
    assert (others.drop("Bluebird BPO")["standing"] == "Excellent").all()


def test_the_demo_amendment_raises_the_target_from_its_date_only(demo_db):
    with db.connect(demo_db) as con:
        t = scorecard.trend(con, "Bluebird BPO", "2026-09", 13)
    sl = t.lines[t.lines["kpi"] == "service_level"].set_index("period")
    assert (sl.loc["2025-12", "expected"], sl.loc["2025-12", "target_version"]) == (0.80, 1)
    assert (sl.loc["2026-01", "expected"], sl.loc["2026-01", "target_version"]) == (0.85, 2)
    assert list(sl["status"])[-2:] == ["default", "default"]
