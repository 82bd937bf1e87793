"""The KPI catalogue is the one declaration of components and KPIs: it matches interfaces.md,
the domain's directions and formulas, and the kpi_facts table."""

from __future__ import annotations

import duckdb
import pytest

from governance.kpis import catalogue
from governance.kpis.catalogue import Kpi

# interfaces.md, "Canonical names", copied by hand: these names are a contract with other teams.
INTERFACE_DIMENSIONS = ("vendor", "program", "site", "channel", "language", "queue")
INTERFACE_COMPONENTS = (
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "answered_within_sl",
    "wait_time_sec",
    "handle_time_sec",
    "resolved_first_contact",
    "fcr_eligible",
    "csat_satisfied",
    "csat_responses",
    "nps_promoters",
    "nps_detractors",
    "nps_responses",
    "qa_points",
    "qa_possible",
    "intervals",
    "intervals_meeting_sl",
    "headcount",
    "leavers",
    "early_leavers",
    "new_hires",
    "trained",
    "training_assigned",
    "invoiced_amount",
    "billed_units",
)
INTERFACE_KPI_CODES = (
    "service_level",
    "asa",
    "abandon_rate",
    "aht",
    "fcr",
    "csat",
    "nps",
    "qa_score",
    "interval_sl_attainment",
    "attrition",
    "early_attrition",
    "training_completion",
    "cost_per_contact",
    "billing_accuracy",
)

# domain.md's KPI table: better direction and "naturally per agent?".
DOMAIN = {
    "service_level": ("higher", False),
    "asa": ("lower", False),
    "abandon_rate": ("lower", False),
    "aht": ("lower", True),
    "fcr": ("higher", True),
    "csat": ("higher", True),
    "nps": ("higher", True),
    "qa_score": ("higher", True),
    "interval_sl_attainment": ("higher", False),
    "attrition": ("lower", True),
    "early_attrition": ("lower", True),
    "training_completion": ("higher", True),
    "cost_per_contact": ("lower", False),
    "billing_accuracy": ("target", False),
}


def test_the_catalogue_is_valid():
    catalogue.validate()  # raises ValueError naming the first problem


def test_dimensions_are_exactly_the_canonical_ones():
    assert catalogue.DIMENSIONS == INTERFACE_DIMENSIONS


def test_components_are_exactly_the_26_canonical_ones():
    assert len(INTERFACE_COMPONENTS) == 26
    assert catalogue.COMPONENT_NAMES == INTERFACE_COMPONENTS


def test_kpi_codes_are_exactly_the_14_canonical_ones():
    assert len(INTERFACE_KPI_CODES) == 14
    assert catalogue.KPI_CODES == INTERFACE_KPI_CODES


def test_every_kpi_reads_only_catalogue_components():
    for k in catalogue.KPIS:
        assert k.components, k.code
        assert set(k.components) <= set(INTERFACE_COMPONENTS), k.code
        assert all(sign in (1, -1) for _, sign in k.numerator + k.denominator), k.code


@pytest.mark.parametrize("code", INTERFACE_KPI_CODES)
def test_direction_and_per_agent_flag_follow_the_domain(code):
    k = catalogue.kpi(code)
    assert (k.direction, k.per_agent) == DOMAIN[code]


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "scale"),
    [
        ("service_level", {"answered_within_sl": 1}, {"offered": 1}, 1),
        ("asa", {"wait_time_sec": 1}, {"answered": 1}, 1),
        ("abandon_rate", {"abandoned": 1}, {"offered": 1}, 1),
        ("aht", {"handle_time_sec": 1}, {"answered": 1}, 1),
        ("fcr", {"resolved_first_contact": 1}, {"fcr_eligible": 1}, 1),
        ("csat", {"csat_satisfied": 1}, {"csat_responses": 1}, 1),
        ("nps", {"nps_promoters": 1, "nps_detractors": -1}, {"nps_responses": 1}, 100),
        ("qa_score", {"qa_points": 1}, {"qa_possible": 1}, 1),
        ("interval_sl_attainment", {"intervals_meeting_sl": 1}, {"intervals": 1}, 1),
        ("attrition", {"leavers": 1}, {"headcount": 1}, 1),
        ("early_attrition", {"early_leavers": 1}, {"new_hires": 1}, 1),
        ("training_completion", {"trained": 1}, {"training_assigned": 1}, 1),
        ("cost_per_contact", {"invoiced_amount": 1}, {"answered": 1}, 1),
        ("billing_accuracy", {"billed_units": 1}, {"answered": 1}, 1),
    ],
)
def test_formula_of_each_kpi(code, numerator, denominator, scale):
    k = catalogue.kpi(code)
    assert dict(k.numerator) == numerator
    assert dict(k.denominator) == denominator
    assert k.scale == scale
    assert k.definition  # every KPI explains itself on a scorecard


def test_headcount_is_the_only_stock_and_attrition_the_only_kpi_over_it():
    assert [c.name for c in catalogue.COMPONENTS if c.stock] == ["headcount"]
    assert [k.code for k in catalogue.KPIS if k.stock_denominator] == ["attrition"]


def test_kpi_components_lists_each_once_numerator_first():
    assert catalogue.kpi("nps").components == ("nps_promoters", "nps_detractors", "nps_responses")
    assert catalogue.kpi("service_level").components == ("answered_within_sl", "offered")


@pytest.mark.parametrize(
    ("code", "a", "b", "a_is_better"),
    [
        ("service_level", 0.85, 0.80, True),
        ("service_level", 0.80, 0.85, False),
        ("service_level", 0.80, 0.80, False),  # strictly better
        ("aht", 300, 420, True),
        ("aht", 420, 300, False),
        ("abandon_rate", 0.03, 0.05, True),
        ("nps", -10, -20, True),
        ("billing_accuracy", 0.99, 1.05, True),
        ("billing_accuracy", 1.02, 0.99, False),
        ("billing_accuracy", 1.01, 0.99, False),  # as far from 1 either side
    ],
)
def test_better_is_direction_aware(code, a, b, a_is_better):
    assert catalogue.kpi(code).better(a, b) is a_is_better


def test_unknown_kpi_and_component_names_are_named_in_the_error():
    with pytest.raises(KeyError, match="sla"):
        catalogue.kpi("sla")
    with pytest.raises(KeyError, match="calls"):
        catalogue.component("calls")
    assert catalogue.component("headcount").stock


@pytest.mark.parametrize(
    ("over", "denominator", "wording"),
    [
        ("offered", {"offered": 1}, "÷ offered"),
        ("answered", {"answered": 1}, "÷ answered"),
        ("offered_less_short_abandons", {"offered": 1, "short_abandoned": -1}, "short-abandon"),
    ],
)
def test_service_level_definitions(over, denominator, wording):
    sl = catalogue.service_level(over=over, threshold_seconds=60)
    assert sl.code == "service_level"
    assert dict(sl.numerator) == {"answered_within_sl": 1}
    assert dict(sl.denominator) == denominator
    assert "60 s" in sl.definition and wording in sl.definition
    assert sl.direction == "higher"
    # The catalogue's own entry is untouched by a contract's definition.
    assert dict(catalogue.kpi("service_level").denominator) == {"offered": 1}


def test_an_unknown_service_level_definition_is_named():
    with pytest.raises(KeyError, match="handled"):
        catalogue.service_level(over="handled")


def _bad(**changes) -> Kpi:
    base = dict(
        code="extra",
        name="Extra",
        numerator=(("offered", 1),),
        denominator=(("answered", 1),),
        direction="higher",
        unit="ratio",
        fmt="0%",
        per_agent=False,
    )
    base.update(changes)
    return Kpi(**base)


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (_bad(code="aht"), "aht"),
        (_bad(direction="up"), "up"),
        (_bad(numerator=(("calls", 1),)), "calls"),
        (_bad(denominator=(("answered", 2),)), "sign"),
    ],
    ids=["duplicate code", "direction", "unknown component", "term sign"],
)
def test_validate_names_the_first_problem(monkeypatch, broken, message):
    monkeypatch.setattr(catalogue, "KPIS", (*catalogue.KPIS, broken))
    with pytest.raises(ValueError, match=message):
        catalogue.validate()


# --- the catalogue and the table agree -------------------------------------------------------

FACT_KEYS = {
    "vendor_id",
    "program",
    "site",
    "channel",
    "language",
    "queue",
    "date",
    "grain",
    "batch_id",
}


def test_kpi_facts_has_exactly_one_numeric_column_per_component(con):
    columns = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'kpi_facts'"
        ).fetchall()
    )
    assert set(columns) - FACT_KEYS == set(catalogue.COMPONENT_NAMES)
    assert FACT_KEYS <= set(columns)
    assert {columns[c] for c in catalogue.COMPONENT_NAMES} == {"DOUBLE"}


def test_kpi_facts_accepts_every_catalogue_channel_and_no_other(con):
    con.execute("INSERT INTO vendors (vendor_id, name, created_at) VALUES (1, 'V', now())")
    for channel in catalogue.CHANNELS:
        con.execute(
            "INSERT INTO kpi_facts (vendor_id, channel, date) VALUES (1, ?, DATE '2026-09-01')",
            [channel],
        )
    with pytest.raises(duckdb.ConstraintException):
        con.execute(
            "INSERT INTO kpi_facts (vendor_id, channel, date) VALUES (1, 'phone', DATE '2026-09-01')"
        )
