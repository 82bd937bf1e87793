"""Scorecard rules as tables: status and points by direction, the weighted score, scopes."""

from __future__ import annotations

import pytest

from governance import contracts
from governance.kpis import frames
from governance.scoring import presentation, scorecard

NAN = float("nan")


@pytest.mark.parametrize(
    "actual, expected, minimum, direction, status, points",
    [
        # higher is better: service level 80% expected, 75% minimum
        (0.85, 0.80, 0.75, "higher", "met", 100.0),
        (0.80, 0.80, 0.75, "higher", "met", 100.0),
        (0.775, 0.80, 0.75, "higher", "below_target", 50.0),
        (0.75, 0.80, 0.75, "higher", "below_target", 0.0),
        (0.7499, 0.80, 0.75, "higher", "default", 0.0),
        # lower is better: abandonment 4% expected, 6% minimum
        (0.03, 0.04, 0.06, "lower", "met", 100.0),
        (0.045, 0.04, 0.06, "lower", "below_target", 75.0),
        (0.06, 0.04, 0.06, "lower", "below_target", 0.0),
        (0.07, 0.04, 0.06, "lower", "default", 0.0),
        # close to 1: billing accuracy within 1% met, beyond 3% default, either side
        (1.005, 0.99, 0.97, "target", "met", 100.0),
        (0.995, 0.99, 0.97, "target", "met", 100.0),
        (1.02, 0.99, 0.97, "target", "below_target", 50.0),
        (0.98, 0.99, 0.97, "target", "below_target", 50.0),
        (1.04, 0.99, 0.97, "target", "default", 0.0),
        # one pass level (expected = minimum)
        (0.80, 0.80, 0.80, "higher", "met", 100.0),
        (0.79, 0.80, 0.80, "higher", "default", 0.0),
        # no data is neither a pass nor a fail
        (None, 0.80, 0.75, "higher", "no_data", None),
        (NAN, 0.80, 0.75, "higher", "no_data", None),
    ],
)
def test_status_and_points(actual, expected, minimum, direction, status, points):
    got_status, got_points = scorecard.assess(actual, expected, minimum, direction)
    assert got_status == status
    assert got_points == (None if points is None else pytest.approx(points))


@pytest.mark.parametrize(
    "weights, points, score",
    [
        ([25, 75], [100.0, 0.0], 25.0),
        ([25, 75], [100.0, None], 100.0),  # no data is left out, not counted as zero
        ([50, 50], [None, None], None),
        ([0, 0], [10.0, 20.0], None),
        ([10, 30, 60], [100.0, 50.0, 20.0], (1000 + 1500 + 1200) / 100),
    ],
)
def test_weighted_score_is_over_the_kpis_with_data(weights, points, score):
    got = scorecard.weighted_score(weights, points)
    assert got == (None if score is None else pytest.approx(score))


def _t(kpi, program=None, channel=None, weight=50):
    return {"kpi": kpi, "program": program, "channel": channel, "weight": weight}


def test_program_targets_replace_contract_wide_ones_in_their_program():
    wide_sl, wide_csat = _t("service_level"), _t("csat")
    billing_sl = _t("service_level", "Billing care")
    sets = contracts.scorecard_sets([wide_sl, wide_csat, billing_sl], ["Billing care", "Sales"])
    assert sets[None] == [(wide_sl, None), (wide_csat, None)]
    assert sets["Billing care"] == [(billing_sl, "Billing care"), (wide_csat, "Billing care")]
    assert sets["Sales"] == [(wide_sl, "Sales"), (wide_csat, "Sales")]


def test_without_contract_wide_targets_the_vendor_card_holds_every_program_target():
    a, b = _t("service_level", "A", weight=100), _t("service_level", "B", weight=100)
    sets = contracts.scorecard_sets([a, b], [])
    assert sets[None] == [(a, "A"), (b, "B")]
    assert sets["A"] == [(a, "A")]


@pytest.mark.parametrize(
    "value, unit, text",
    [
        (0.8432, "ratio", "84.3%"),
        (412.4, "seconds", "412 s"),
        (4.1, "money", "4.10"),
        (1.0123, "accuracy", "1.012"),
        (None, "ratio", "—"),
        (NAN, "seconds", "—"),
        (-12.34, "points", "-12.3"),
    ],
)
def test_values_read_in_their_units(value, unit, text):
    assert frames.format_value(value, unit) == text


def test_every_status_has_a_word_a_symbol_and_distinct_colours():
    styles = presentation.STATUS_STYLES
    assert set(styles) == set(scorecard.STATUSES)
    assert len({s.colour for s in styles.values()}) == 4
    assert len({s.symbol for s in styles.values()}) == 4
