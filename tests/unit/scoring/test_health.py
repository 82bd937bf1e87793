"""Vendor health math: trends, signal rules and the projected month of breach, as tables of cases."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from governance.scoring import health
from governance.scoring.health import RULES, Rule, ServiceLevelRule, fit, judge, months_to_breach

NAN = math.nan
ATTRITION = next(r for r in RULES if r.signal == "attrition_rising")  # watch 1.0 pp, at risk 2.0 pp
CSAT = next(r for r in RULES if r.signal == "csat_falling")  # watch 2 pp, at risk 4 pp


@pytest.mark.parametrize(
    ("values", "slope", "baseline", "last", "points"),
    [
        ([0.05, 0.06, 0.07, 0.08], 0.01, 0.055, 0.08, 4),  # rising by 1 pp a month
        ([0.90, 0.88, 0.86, 0.84, 0.82], -0.02, 0.89, 0.82, 5),  # falling
        ([0.5, 0.5, 0.5], 0.0, 0.5, 0.5, 3),  # flat
        ([1.0, None, 3.0, NAN, 5.0], 1.0, 2.0, 5.0, 3),  # gaps are skipped, not zeros
        ([0.10, 0.14, 0.10, 0.14, 0.10, 0.14], 0.06 / 17.5, 0.12, 0.14, 6),  # noisy
    ],
)
def test_fit_is_least_squares_with_a_level_check(values, slope, baseline, last, points):
    t = fit(values)
    assert t.slope == pytest.approx(slope)
    assert t.baseline == pytest.approx(baseline)
    assert t.last == pytest.approx(last)
    assert t.points == points


@pytest.mark.parametrize("values", [[], [0.1], [0.1, 0.2], [None, 0.1, NAN, 0.2]])
def test_too_short_a_series_is_not_judged(values):
    assert fit(values) is None
    assert judge(fit(values), ATTRITION) is None
    assert months_to_breach(values, 0.8) is None


@pytest.mark.parametrize(
    ("rule", "values", "expected"),
    [
        (ATTRITION, [0.050, 0.052, 0.055, 0.058, 0.061, 0.064], "watch"),  # +1.3 pp
        (ATTRITION, [0.050, 0.055, 0.060, 0.065, 0.070, 0.075], "at_risk"),  # +2.5 pp
        (ATTRITION, [0.050, 0.051, 0.050, 0.052, 0.051, 0.052], None),  # flat
        (ATTRITION, [0.075, 0.070, 0.065, 0.060, 0.055, 0.050], None),  # improving
        # One bad latest month on a flat series: the level moved, the fitted trend did not.
        (ATTRITION, [0.050, 0.050, 0.050, 0.050, 0.050, 0.060], None),
        # A spike at the start that has passed: the trend is down.
        (ATTRITION, [0.09, 0.05, 0.05, 0.05, 0.05, 0.05], None),
        (CSAT, [0.85, 0.84, 0.83, 0.82, 0.81, 0.80], "at_risk"),  # −5 pp
        (CSAT, [0.85, 0.846, 0.842, 0.838, 0.834, 0.83], None),  # −2 pp fitted, −1.8 pp level
        (CSAT, [0.85, 0.86, 0.84, 0.82, 0.83, 0.82], "watch"),  # noisy fall of ~3 pp
    ],
)
def test_a_signal_fires_when_trend_and_level_both_move_the_wrong_way(rule, values, expected):
    assert judge(fit(values), rule) == expected


@pytest.mark.parametrize(
    ("values", "minimum", "direction", "expected"),
    [
        ([0.86, 0.85, 0.84, 0.83], 0.80, "higher", 4),  # 0.83 − 4 × 1 pp = 0.79 < 0.80
        ([0.86, 0.84, 0.82], 0.80, "higher", 2),  # reaches 0.80 exactly after 1: not below yet
        ([0.86, 0.84, 0.79], 0.80, "higher", 0),  # already below
        ([0.85, 0.85, 0.85, 0.85], 0.80, "higher", None),  # flat: no breach in sight
        ([0.83, 0.84, 0.85], 0.80, "higher", None),  # improving
        ([0.850, 0.849, 0.848, 0.847], 0.80, "higher", None),  # falling slower than 0.25 pp
        ([300, 310, 320], 360, "lower", 5),  # AHT-like: lower is better, rising toward a max
    ],
)
def test_months_to_breach(values, minimum, direction, expected):
    assert months_to_breach(values, minimum, direction) == expected


def test_the_shipped_rules_are_valid():
    health.validate()


@pytest.mark.parametrize(
    ("rules", "sl", "message"),
    [
        ((ATTRITION, ATTRITION), health.SL_RULE, "declared twice"),
        ((replace(ATTRITION, worse="sideways"),), health.SL_RULE, "worse"),
        ((replace(ATTRITION, watch=0.03),), health.SL_RULE, "watch"),
        ((replace(ATTRITION, months=0),), health.SL_RULE, "months"),
        ((Rule("x", "X", "no_such_kpi", "up", 1, 2, "ratio"),), health.SL_RULE, "source"),
        (RULES, ServiceLevelRule(watch_within=2, at_risk_within=4), "at_risk"),
        (RULES, ServiceLevelRule(trend_months=2), "trend_months"),
    ],
)
def test_invalid_rules_are_refused(rules, sl, message):
    with pytest.raises(ValueError, match=message):
        health.validate(rules, sl)
