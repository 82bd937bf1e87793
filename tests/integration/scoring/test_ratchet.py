"""The continuous-improvement ratchet (issue 18, item 5): next year's expected levels from the
last twelve months by the contract's clause. Every expected value is worked out here by hand
from the monthly rows inserted (service level = within ÷ offered; handle time = seconds ÷
answered), never asked of the code under test."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance import cli, contracts
from governance.access.actors import Actor
from governance.errors import InvalidInput, PermissionDenied
from governance.scoring import ratchet, scorecard
from tests.integration.contract_builders import (
    BUILDER,
    add_facts,
    add_vendors,
    contract,
    create,
    target,
)

VENDOR = "Acme Care"
# Service level per month of 2026 (within of 1000 offered): the best three are Jul (0.93), Mar
# (0.91) and Oct (0.90); February sends nothing.
SL = {1: 850, 3: 910, 4: 820, 5: 860, 6: 870, 7: 930, 8: 880, 9: 840, 10: 900, 11: 830, 12: 860}
# Handle time per month (seconds per answered call): the best (lowest) three: 290, 295, 300.
AHT = {1: 320, 3: 310, 4: 300, 5: 330, 6: 295, 7: 340, 8: 290, 9: 315, 10: 325, 11: 335, 12: 305}


def load(con, clause: dict | None, sl_expected: float = 0.85) -> None:
    add_vendors(con, VENDOR)
    rows = []
    for month, within in SL.items():
        rows.append(
            {
                "date": date(2026, month, 10),
                "program": "Billing care",
                "channel": "voice",
                "offered": 1000,
                "answered": 1000,
                "answered_within_sl": within,
                "handle_time_sec": AHT[month] * 1000,
            }
        )
    add_facts(con, VENDOR, rows)
    spec = contract(
        VENDOR,
        [target("service_level", sl_expected, 0.80, 60), target("aht", 330, 360, 40)],
    )
    if clause is not None:
        spec["ratchet"] = clause
    create(con, spec)


def by_kpi(found: ratchet.Ratchet) -> dict[str, ratchet.Proposal]:
    return {p.kpi: p for p in found.proposals}


def test_the_gap_to_the_best_months_closed_by_a_share_and_capped(con):
    load(con, {"share": 0.5, "best_months": 3, "cap": 2, "cap_seconds": 10})
    found = ratchet.propose(con, VENDOR, 2027)
    assert found.months[0] == "2026-01" and found.months[-1] == "2026-12"
    sl, aht = by_kpi(found)["service_level"], by_kpi(found)["aht"]
    best = (0.93 + 0.91 + 0.90) / 3  # 0.91333…
    assert [m for m, _ in sl.best_months] == ["Jul 2026", "Mar 2026", "Oct 2026"]
    assert sl.best_mean == pytest.approx(best)
    assert sl.gap == pytest.approx(best - 0.85)  # 6.33 points
    # Half of it is 3.17 points, more than the 2-point cap: 85 % + 2 points.
    assert sl.capped and sl.proposed == pytest.approx(0.87)
    assert "capped at 2.00 pts" in sl.note and "Proposed expected: 87.0%" in sl.note
    # Handle time, lower is better: best three 290, 295, 300 → mean 295; gap 330 − 295 = 35 s;
    # half is 17.5 s, capped at 10 s: 330 − 10 = 320 s.
    assert aht.best_mean == pytest.approx(295.0) and aht.gap == pytest.approx(35.0)
    assert aht.proposed == pytest.approx(320.0) and aht.capped


def test_the_limit_basis_and_an_uncapped_share(con):
    load(con, {"share": 0.25, "best_months": 2, "basis": "limit", "kpis": ["service_level"]})
    found = ratchet.propose(con, VENDOR, 2027)
    [sl] = found.proposals  # only the KPIs the clause names
    # The gap to the limit, 100 %: 1 − 0.85 = 0.15; a quarter of it is 3.75 points.
    assert sl.basis_value == pytest.approx(1.0) and sl.gap == pytest.approx(0.15)
    assert sl.proposed == pytest.approx(0.8875) and not sl.capped


def test_no_step_when_the_level_is_already_past_the_best_months(con):
    load(con, {"share": 0.5, "best_months": 3}, sl_expected=0.95)
    sl = by_kpi(ratchet.propose(con, VENDOR, 2027))["service_level"]
    # The best three months' mean, 91.33 %, is below the 95 % expected now: no step.
    assert sl.best_mean == pytest.approx((0.93 + 0.91 + 0.90) / 3)
    assert sl.proposed is None and "no step" in sl.note


def test_every_month_with_data_may_be_the_best_months(con):
    load(con, {"share": 0.5, "best_months": 11})
    sl = by_kpi(ratchet.propose(con, VENDOR, 2027))["service_level"]
    # All 11 months with data: 9,550 ÷ 11 ÷ 1,000 = 0.868182; gap 1.818 points; half: 0.909.
    mean = 9550 / 11 / 1000
    assert sl.best_mean == pytest.approx(mean)
    assert sl.proposed == pytest.approx(0.85 + (mean - 0.85) / 2)


def test_too_few_months_give_no_proposal(con):
    load(con, {"share": 0.5, "best_months": 12})
    sl = by_kpi(ratchet.propose(con, VENDOR, 2027))["service_level"]
    assert sl.proposed is None and sl.note.startswith("Only 11 of the 12 months have data")


def test_no_clause_and_an_unknown_year_are_said(con):
    load(con, None)
    with pytest.raises(InvalidInput, match="no continuous-improvement clause"):
        ratchet.propose(con, VENDOR, 2027)
    with pytest.raises(InvalidInput, match="a year such as 2027"):
        ratchet.propose(con, VENDOR, 27)


def test_a_clause_is_checked_when_the_contract_is_made(con):
    add_vendors(con, VENDOR)
    for clause, words in (
        ({"share": 1.5}, "share"),
        ({"share": 0.5, "best_months": 13}, "best_months"),
        ({"share": 0.5, "basis": "median"}, "basis 'median'"),
        ({"share": 0.5, "kpis": ["speed"]}, "unknown KPIs"),
        ({"share": 0.5, "floor": 1}, "Unknown key 'floor'"),
    ):
        spec = contract(VENDOR, [target("service_level", 0.85, 0.80, 100)])
        spec["ratchet"] = clause
        with pytest.raises(InvalidInput, match=words):
            create(con, spec)


def test_applying_records_one_amendment_from_the_year_s_first_day(con):
    load(con, {"share": 0.5, "best_months": 3, "cap": 2, "cap_seconds": 10})
    found = ratchet.propose(con, VENDOR, 2027)
    with pytest.raises(PermissionDenied):
        ratchet.apply(con, Actor("lee@client.example", "leadership"), found, approved_by="x")
    amendment = ratchet.apply(con, BUILDER, found, approved_by="VMO lead")
    cid = contracts.contract_id(con, VENDOR)
    after = contracts.editable_targets(con, cid, date(2027, 1, 1)).set_index("kpi")
    assert after.loc["service_level", "expected"] == pytest.approx(0.87)
    assert after.loc["aht", "expected"] == pytest.approx(320.0)
    before = contracts.editable_targets(con, cid, date(2026, 12, 31)).set_index("kpi")
    assert before.loc["service_level", "expected"] == pytest.approx(0.85)
    # December 2026 is still scored on 85 %; the same proposal reads the same afterwards.
    lines = scorecard.scorecards(con, "2026-12").lines
    assert lines[lines["kpi"] == "service_level"]["expected"].iloc[0] == pytest.approx(0.85)
    assert by_kpi(ratchet.propose(con, VENDOR, 2027))["service_level"].proposed == pytest.approx(
        0.87
    )
    with pytest.raises(InvalidInput, match=f"already applied.*#{amendment}"):
        ratchet.apply(con, BUILDER, ratchet.propose(con, VENDOR, 2027), approved_by="VMO lead")


def test_the_command(db_path, capsys):
    from governance.store import db

    with db.connect(db_path) as con:
        load(con, {"share": 0.5, "best_months": 3, "cap": 2})
    argv = ["ratchet", "--vendor", VENDOR, "--year", "2027", "--db", str(db_path)]
    assert cli.main([*argv, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    [sl] = [p for p in document["proposals"] if p["kpi"] == "service_level"]
    assert sl["proposed_expected"] == pytest.approx(0.87) and sl["capped"] is True
    assert [m["month"] for m in sl["best_months"]] == ["Jul 2026", "Mar 2026", "Oct 2026"]
    assert cli.main([*argv, "--apply"]) == 2
    assert "--approved-by" in capsys.readouterr().err
    assert cli.main([*argv, "--apply", "--approved-by", "VMO lead"]) == 0
    assert "Recorded as amendment #" in capsys.readouterr().out
    assert cli.main(["ratchet", "--vendor", "Nobody", "--year", "2027", "--db", str(db_path)]) == 2
