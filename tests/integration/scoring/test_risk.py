"""The vendor risk tier (issue 18, item 6): set from declared inputs, shown beside the score and
never part of it. Points and tiers worked here by hand from risk_tiers.toml's steps."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from governance import cli
from governance.kpis import frames
from governance.scoring import portfolio, risk, scorecard
from governance.store import db
from governance.workflow import compliance
from governance.workflow.escalations import workflow
from tests.integration.contract_builders import (
    BUILDER,
    add_facts,
    add_vendors,
    contract,
    create,
    sl_row,
    target,
)

NOV = date(2026, 11, 1)


def load(con) -> None:
    """November 2026. Anchor Care: 300 offered, 3,000 invoiced; Birch BPO: 100 offered, 1,000
    invoiced, an ISO 27001 attestation that expired on 30 Sep 2026, and two P1 escalations open.
    Both meet their service level (90 %)."""
    add_vendors(con, "Anchor Care", "Birch BPO")
    for name, offered, invoiced in (("Anchor Care", 300, 3000), ("Birch BPO", 100, 1000)):
        row = sl_row(date(2026, 11, 3), offered, offered * 0.9, invoiced_amount=invoiced)
        add_facts(con, name, [row])
        create(con, contract(name, [target("service_level", 0.80, 0.75, 100)]))
    compliance.record_attestation(
        con,
        BUILDER,
        vendor="Birch BPO",
        kind="ISO 27001",
        issued=date(2025, 10, 1),
        expires=date(2026, 9, 30),
    )
    for title in ("Billing outage", "Payment line down"):
        workflow.raise_escalation(
            con,
            BUILDER,
            vendor="Birch BPO",
            category="service_performance",
            severity="P1",
            title=title,
            description="Customers could not reach the billing line",
            raised_at=datetime(2026, 11, 10, 9, 0),
        )


def test_the_tier_adds_the_points_of_each_declared_input(con):
    load(con)
    found = {r["vendor"]: r for r in frames.plain_records(risk.assess(con, NOV))}
    anchor, birch = found["Anchor Care"], found["Birch BPO"]
    # Anchor: 300 of 400 contacts and 3,000 of 4,000 invoiced: 75 % each, 3 points each (the
    # 30 % step) = 6: high.
    assert anchor["volume_share"] == pytest.approx(0.75)
    assert (anchor["risk_points"], anchor["risk_tier"]) == (6, "high")
    assert anchor["risk_reasons"] == "75% of volume; 75% of spend"
    # Birch: 25 % of each (2 + 2, the 15 % step), one attestation expired (2), two P1 open (3,
    # the step of 2): 9 = critical, though it meets its target.
    assert (birch["overdue_attestations"], birch["open_p1p2"]) == (1, 2)
    assert (birch["risk_points"], birch["risk_tier"]) == (9, "critical")
    assert list(found) == ["Birch BPO", "Anchor Care"]  # most exposed first
    # Beside the score, never in it: both score 100 (service level met).
    cards = scorecard.scorecards(con, "2026-11", programs=False)
    assert list(cards.summary["weighted_score"]) == [100.0, 100.0]


def test_the_portfolio_board_shows_the_tier_in_its_own_column(con):
    load(con)
    lead = portfolio.leadership(con, NOV)
    board = portfolio.with_risk(lead.board, risk.assess(con, NOV))
    assert list(board.table.columns[:3]) == ["Vendor", "Risk tier", "Standing"]
    tiers = dict(zip(board.table["Vendor"], board.table["Risk tier"], strict=True))
    assert tiers == {"Anchor Care": "High", "Birch BPO": "Critical"}
    assert board.statuses["Risk tier"].isna().all()  # no status colour: not performance
    assert "Birch BPO critical (25% of volume" in portfolio.risk_note(risk.assess(con, NOV))


def test_the_rules_file_is_checked(tmp_path):
    bad = tmp_path / "risk.toml"
    bad.write_text("[inputs.volume_share]\nsteps = [[0.3]]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="inputs.volume_share.steps"):
        risk.rules(bad)
    declared = risk.rules()
    assert risk.points_of(0.149, declared.steps["volume_share"]) == 1
    assert risk.points_of(0.15, declared.steps["volume_share"]) == 2
    assert [risk.tier_of(p, declared) for p in (0, 2, 3, 6, 9)] == [
        "low",
        "low",
        "medium",
        "high",
        "critical",
    ]


def test_the_command(db_path, capsys):
    with db.connect(db_path) as con:
        load(con)
    argv = ["risk", "--month", "2026-11", "--format", "json", "--db", str(db_path)]
    assert cli.main(argv) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(r["vendor"], r["risk_tier"]) for r in shown] == [
        ("Birch BPO", "critical"),
        ("Anchor Care", "high"),
    ]
    assert cli.main(["risk", "--month", "2026Q4", "--db", str(db_path)]) == 2
