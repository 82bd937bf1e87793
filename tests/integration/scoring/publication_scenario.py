"""A small scenario for published scorecards and disputes: two vendors, one January of voice
facts, one service-level target each (the ``two_vendors`` fixture is in this folder's conftest)."""

from __future__ import annotations

from datetime import date

from governance.access.actors import Actor
from governance.kpis import frames
from tests.integration.contract_builders import add_facts, add_vendors, contract, create, target

MANAGER = Actor("vince@client.example", "vendor_manager")
JAN = "2026-01"


def voice(day: int, offered: int, within: int) -> dict:
    return {
        "date": date(2026, 1, day),
        "program": "Billing care",
        "channel": "voice",
        "offered": offered,
        "answered": offered,
        "answered_within_sl": within,
    }


def load_two_vendors(con):
    """Acme Care: service level 90 % in January (expected 80 %, minimum 75 %, weight 100), so
    met, 100 points. Zenith BPO: 76 %: below target, (0.76 − 0.75) ÷ (0.80 − 0.75) × 100 = 20."""
    add_vendors(con, "Acme Care", "Zenith BPO")
    for name, within in (("Acme Care", 90), ("Zenith BPO", 76)):
        add_facts(con, name, [voice(5, 100, within)])
        create(
            con,
            contract(
                name,
                [target("service_level", 0.80, 0.75, 100, tier="critical", allocation_pct=100)],
            ),
        )
    return con


def whole(cards, vendor: str) -> tuple[dict, dict]:
    """The vendor's whole-vendor card and its service-level line, as plain dicts."""
    [card] = [
        c
        for c in frames.plain_records(cards.summary)
        if c["vendor"] == vendor and c["program"] is None
    ]
    [line] = [
        x
        for x in frames.plain_records(cards.lines)
        if x["vendor"] == vendor and x["program"] is None and x["kpi"] == "service_level"
    ]
    return card, line
