"""The new-contract form turned into a contract spec: names become codes, levels typed in their
units become fractions and seconds, and each refusal is one plain sentence."""

from __future__ import annotations

from datetime import date

import pytest

from governance.contracts import form, templates
from governance.errors import InvalidInput

TERMS = {
    "vendor": "Quayside Support",
    "name": "Chat pilot",
    "start": date(2026, 4, 1),
    "pricing": "per_contact",
    "currency": "eur",
    "at_risk_pct": 12.0,
    "sl_over": "answered",
    "sl_threshold_seconds": 60,
    "programs": "Billing care, Tech support,  Billing care",
}


def line(kpi, expected, limit, weight, tier="key", allocation=None, **extra) -> dict:
    return {
        "kpi": kpi,
        "expected": expected,
        "limit": limit,
        "weight": weight,
        "tier": tier,
        "allocation_pct": allocation,
        "category_pct": None,
        "window": "month",
    } | extra


LINES = [
    line("Service level", 85.0, 80.0, 60.0, "critical", 70.0, category_pct=50.0),
    line("Average handle time", 420.0, 480.0, 40.0, allocation=25.0),  # key: allocation dropped
]


def test_a_filled_form_becomes_a_contract_spec_in_stored_units():
    spec = form.spec_from_form(TERMS, LINES)
    assert spec == {
        "vendor": "Quayside Support",
        "name": "Chat pilot",
        "start": date(2026, 4, 1),
        "pricing": "per_contact",
        "currency": "eur",  # upper-cased by the service that stores it
        "at_risk_pct": 12.0,
        "earn_back_windows": 3,
        "repeated_miss_count": 4,
        "service_level": {"over": "answered", "threshold_seconds": 60.0},
        "programs": ["Billing care", "Tech support"],
        "target": [
            {
                "kpi": "service_level",
                "expected": 0.85,
                "minimum": 0.80,
                "weight": 60.0,
                "tier": "critical",
                "window": "month",
                "allocation_pct": 70.0,
                "category_pct": 50.0,
            },
            {
                "kpi": "aht",
                "expected": 420.0,
                "minimum": 480.0,
                "weight": 40.0,
                "tier": "key",
                "window": "month",
            },
        ],
    }


@pytest.mark.parametrize(
    ("change", "lines", "message"),
    [
        ({}, [], "Add at least one KPI line"),
        ({"name": "  "}, LINES, "The contract's name is required."),
        ({"pricing": None}, LINES, "Pick how the vendor is paid"),
        ({"start": None}, LINES, "Give the contract's start date."),
        (
            {},
            [LINES[0], {**LINES[1], "weight": 30.0}],
            "The weights add up to 90, not 100.",
        ),
        ({}, [LINES[0], {**LINES[0], "weight": 40.0}], "Service level is listed twice"),
        (
            {},
            [{**LINES[0], "allocation_pct": None}, LINES[1]],
            "Service level is critical (it can earn a service credit): give its credit allocation",
        ),
        (
            {},
            [{**LINES[0], "allocation_pct": 120.0}, LINES[1]],
            "The credit allocations of the critical KPIs add up to 120 %, more than 100 % (no pool)",
        ),
        ({}, [{**LINES[0], "kpi": "service_level"}], "'service_level' is not a KPI"),
        ({}, [{**LINES[0], "kpi": None}], "KPI line 1: pick a KPI."),
    ],
)
def test_a_form_that_cannot_make_a_contract_says_why_once(change, lines, message):
    with pytest.raises(InvalidInput) as err:
        form.spec_from_form(TERMS | change, lines)
    assert str(err.value).startswith(message), str(err.value)


def test_a_pool_lets_allocations_total_more_than_100():
    spec = form.spec_from_form(
        TERMS | {"pool_pct_available": 150.0}, [{**LINES[0], "allocation_pct": 120.0}, LINES[1]]
    )
    assert spec["pool_pct_available"] == 150.0


@pytest.mark.parametrize("kind", list(templates.KINDS))
def test_a_template_fills_the_form_and_the_form_gives_the_template_back(kind):
    spec = templates.starter(kind, vendor="V", start=date(2026, 1, 1))
    terms, lines = form.form_from_spec(spec)
    assert all("_" not in line["kpi"] for line in lines)  # names, not codes
    again = form.spec_from_form(terms, lines)
    for key in ("vendor", "name", "start", "end", "pricing", "currency", "at_risk_pct"):
        assert again[key] == spec[key]
    assert again["service_level"]["threshold_seconds"] == spec["service_level"]["threshold_seconds"]
    for made, given in zip(again["target"], spec["target"], strict=True):
        assert made["kpi"] == given["kpi"]
        assert made["expected"] == pytest.approx(given["expected"])
        assert made["minimum"] == pytest.approx(given["minimum"])
        assert made["weight"] == given["weight"]
        assert made["tier"] == given.get("tier", "key")
        assert made.get("allocation_pct") == given.get("allocation_pct")


def test_a_kpi_added_by_hand_starts_at_typical_levels_in_its_unit():
    assert form.typical_line("Abandonment rate") == line("Abandonment rate", 5.0, 8.0, 0.0)
    assert form.typical_line("Cost per contact")["expected"] is None
