"""The new-contract form and the stored contract agree on scoped lines: what the form accepts is
stored as it was typed, program and channel included, and what it refuses for weights or credit
allocations the contracts service refuses too (the same scorecards, counted the same way)."""

from __future__ import annotations

from datetime import date

import pytest

from governance import contracts
from governance.contracts import form
from governance.errors import InvalidInput
from tests.integration.contract_builders import BUILDER, add_vendors

V = "Quayside Support"
TERMS = {
    "vendor": V,
    "name": "Care MSA",
    "start": date(2026, 4, 1),
    "pricing": "per_contact",
    "sl_over": "offered",
    "sl_threshold_seconds": 20,
    "programs": "Billing care, Tech support",
}
# How each KPI of these lines is typed: service level in percent, AHT in seconds.
SCALE = {"Service level": ("service_level", 100.0), "Average handle time": ("aht", 1.0)}


def line(kpi, expected, limit, weight, program=None, channel=None, allocation=None):
    return {
        "kpi": kpi,
        "expected": expected,
        "limit": limit,
        "weight": weight,
        "tier": "key" if allocation is None else "critical",
        "allocation_pct": allocation,
        "category_pct": None,
        "window": "month",
        "program": program,
        "channel": channel,
    }


def by_hand(lines: list[dict]) -> dict:
    """The contracts-file spec of the lines, converted here (fractions, codes), not by the form."""
    targets = []
    for x in lines:
        code, scale = SCALE[x["kpi"]]
        t = {
            "kpi": code,
            "expected": x["expected"] / scale,
            "minimum": x["limit"] / scale,
            "weight": x["weight"],
        }
        t |= {k: x[k] for k in ("program", "channel") if x[k]}
        if x["allocation_pct"] is not None:
            t |= {"tier": "critical", "allocation_pct": x["allocation_pct"]}
        targets.append(t)
    return {
        "vendor": V,
        "name": "Care MSA",
        "start": date(2026, 4, 1),
        "pricing": "per_contact",
        "programs": ["Billing care", "Tech support"],
        "target": targets,
    }


SL = line("Service level", 80.0, 75.0, 50.0, allocation=60.0)
AHT = line("Average handle time", 420.0, 480.0, 50.0)
CASES = {
    "program replaces its line": [SL, AHT, line("Service level", 70.0, 60.0, 50.0, "Billing care")],
    "program line short": [SL, AHT, line("Service level", 70.0, 60.0, 40.0, "Billing care")],
    "program adds a KPI": [
        SL,
        AHT,
        line("Average handle time", 400.0, 450.0, 10.0, "Tech support", "chat"),
    ],
    "channels for all programs": [
        line("Service level", 80.0, 75.0, 30.0, channel="voice"),
        line("Service level", 60.0, 50.0, 20.0, channel="chat"),
        AHT,
    ],
    "program lines only": [
        line("Service level", 70.0, 60.0, 100.0, "Billing care"),
        line("Service level", 85.0, 80.0, 50.0, "Tech support"),
        line("Average handle time", 600.0, 700.0, 50.0, "Tech support"),
    ],
    "program allocation over the pool": [
        SL,
        {**AHT, "tier": "critical", "allocation_pct": 40.0},
        line("Service level", 70.0, 60.0, 50.0, "Billing care", allocation=70.0),
    ],
}


# Accepted, or the scorecard whose weights or allocations are wrong (worked by hand).
VERDICTS = {
    "program replaces its line": None,  # Billing care: 50 (own) + 50 (AHT)
    "program line short": "weights",  # Billing care: 40 + 50
    "program adds a KPI": "weights",  # Tech support: 50 + 50 + 10 (chat AHT replaces nothing)
    "channels for all programs": None,  # 30 + 20 + 50
    "program lines only": None,  # Billing care 100; Tech support 50 + 50
    "program allocation over the pool": "allocations",  # Billing care: 70 + 40
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_form_accepts_what_the_contracts_service_accepts(con, case):
    add_vendors(con, V)
    lines = CASES[case]
    try:
        form.spec_from_form(TERMS, lines)
        form_says = None
    except InvalidInput as exc:
        form_says = str(exc)
    try:
        contracts.create_contract(con, BUILDER, by_hand(lines))
        service_says = None
    except InvalidInput as exc:
        service_says = str(exc)
    assert (form_says is None) == (service_says is None), (form_says, service_says)
    verdict = VERDICTS[case]
    if verdict is None:
        assert form_says is None
    else:
        assert form_says.startswith(
            f"The {'weights' if verdict == 'weights' else 'credit allocations'}"
        )
        assert verdict in service_says


def test_a_form_with_a_program_line_is_stored_with_its_scope(con):
    add_vendors(con, V)
    lines = [
        *CASES["program replaces its line"],
        line("Service level", 60.0, 50.0, 0.0, "Tech support", "chat"),
    ]
    cid = form.create_from_form(con, BUILDER, TERMS, lines)
    rows = con.execute(
        "SELECT kpi, program, channel, expected, minimum, weight FROM targets "
        "WHERE contract_id = ? ORDER BY target_id",
        [cid],
    ).fetchall()
    assert rows == [
        ("service_level", None, None, 0.80, 0.75, 50.0),
        ("aht", None, None, 420.0, 480.0, 50.0),
        ("service_level", "Billing care", None, 0.70, 0.60, 50.0),
        ("service_level", "Tech support", "chat", 0.60, 0.50, 0.0),
    ]
    # The stored contract fills the form with the same lines.
    _, again = form.form_from_spec(contracts.contract_spec(con, cid))

    def scope(x):
        return (x["kpi"], x["program"] or "", x["channel"] or "")

    assert sorted(again, key=scope) == sorted(lines, key=scope)
