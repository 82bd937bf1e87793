"""Periods without activity (issue 18, item 7): a KPI with no volume behind it in a period
("no data": nothing offered, no survey returned, or no row at all) is never scored as met or as
zero, in the live scorecard, in its credits and in the published snapshot."""

from __future__ import annotations

from datetime import date

import pytest

from governance.access.actors import Actor
from governance.kpis import frames
from governance.scoring import credits, published, scorecard
from tests.integration.contract_builders import add_facts, add_vendors, contract, create, target

VENDOR = "Idle Co"
MANAGER = Actor("vince@client.example", "vendor_manager")


def idle_day(day: int, month: int) -> dict:
    """A row the vendor reported with nothing on it: no contact offered, none answered, no
    survey returned; 5,000 invoiced (a minimum commitment)."""
    return {
        "date": date(2026, month, day),
        "program": "Billing care",
        "channel": "voice",
        "offered": 0,
        "answered": 0,
        "abandoned": 0,
        "answered_within_sl": 0,
        "handle_time_sec": 0,
        "csat_satisfied": 0,
        "csat_responses": 0,
        "invoiced_amount": 5000,
    }


def load(con) -> None:
    """November 2026: four idle days; December: no row at all. October: one busy day (service
    level 90 of 100, met) so that the vendor has data before."""
    add_vendors(con, VENDOR)
    busy = {**idle_day(1, 10), "offered": 100, "answered": 100, "answered_within_sl": 90}
    busy |= {"handle_time_sec": 30_000, "csat_satisfied": 8, "csat_responses": 10}
    add_facts(con, VENDOR, [busy, *(idle_day(d, 11) for d in range(1, 5))])
    targets = [
        target("service_level", 0.80, 0.75, 40, tier="critical", allocation_pct=100),
        target("abandon_rate", 0.05, 0.08, 20),
        target("csat", 0.80, 0.70, 20),
        target("aht", 300, 400, 20),
    ]
    create(con, contract(VENDOR, targets))


@pytest.mark.parametrize("month", ["2026-11", "2026-12"])
def test_a_period_without_activity_is_no_data_not_met_nor_zero(con, month):
    load(con)
    cards = scorecard.scorecards(con, month, programs=False)
    lines = frames.plain_records(cards.lines)
    assert {x["kpi"]: (x["status"], x["actual"], x["points"]) for x in lines} == {
        "service_level": ("no_data", None, None),
        "abandon_rate": ("no_data", None, None),
        "csat": ("no_data", None, None),
        "aht": ("no_data", None, None),
    }
    [card] = frames.plain_records(cards.summary)
    assert card["weighted_score"] is None and card["standing"] is None
    assert card["kpis_without_data"] == 4 and card["defaults"] == 0
    # No credit: a critical level without data is neither met nor in default.
    assert credits.ledger(con, month, [VENDOR]).items.empty


def test_the_published_snapshot_keeps_no_data(con):
    load(con)
    published.publish(con, MANAGER, "2026-11", [VENDOR])
    shown = published.scorecards(con, "2026-11", programs=False)
    assert set(shown.lines["status"]) == {"no_data"}
    assert shown.lines["actual"].isna().all() and shown.lines["points"].isna().all()
    [card] = frames.plain_records(shown.summary)
    assert card["published_version"] == 1 and card["weighted_score"] is None
    # October, busy, is scored: 90 % met.
    [sl] = [
        x
        for x in frames.plain_records(scorecard.scorecards(con, "2026-10", programs=False).lines)
        if x["kpi"] == "service_level"
    ]
    assert (sl["status"], sl["actual"]) == ("met", pytest.approx(0.90))
