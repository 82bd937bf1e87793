"""KPI lines as people enter them: names, levels in the KPI's own unit, direction-aware labels,
and the checks on a line written in the KPI's words (pure functions, no database)."""

from __future__ import annotations

import pytest

from governance.contracts import lines
from governance.errors import InvalidInput

# (code, typed, stored): rates in percent, times in seconds, NPS in points, money as is, billing
# accuracy as a ratio.
UNITS = [
    ("service_level", 85.0, 0.85),
    ("abandon_rate", 4.0, 0.04),
    ("csat", 82.5, 0.825),
    ("attrition", 5.5, 0.055),
    ("asa", 30.0, 30.0),
    ("aht", 480.0, 480.0),
    ("nps", -12.0, -12.0),
    ("cost_per_contact", 4.75, 4.75),
    ("billing_accuracy", 1.02, 1.02),
]


@pytest.mark.parametrize(("code", "typed", "kept"), UNITS)
def test_a_level_typed_in_its_unit_is_stored_and_shown_back(code, typed, kept):
    assert lines.to_stored(code, typed) == pytest.approx(kept, abs=1e-12)
    assert lines.to_entry(code, kept) == pytest.approx(typed, abs=1e-9)


@pytest.mark.parametrize(
    ("code", "symbol"),
    [
        ("service_level", "%"),
        ("fcr", "%"),
        ("aht", "s"),
        ("nps", "points"),
        ("cost_per_contact", "per contact"),
        ("billing_accuracy", "ratio"),
    ],
)
def test_each_kpi_has_a_unit(code, symbol):
    assert lines.entry_unit(code).symbol == symbol


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("service_level", "Worse limit (default below)"),
        ("abandon_rate", "Worse limit (default above)"),
        ("aht", "Worse limit (default above)"),
        ("billing_accuracy", "Worse limit (default further from 1)"),
    ],
)
def test_the_limit_label_follows_the_direction_and_is_never_minimum(code, label):
    assert lines.limit_label(code) == label


def test_kpis_are_named_not_coded():
    assert lines.code_of("Abandonment rate") == "abandon_rate"
    assert lines.code_of("  average   HANDLE time ") == "aht"
    with pytest.raises(InvalidInput, match="'abandon_rate' is not a KPI of the catalogue"):
        lines.code_of("abandon_rate")
    assert "Average handle time" in lines.KPI_NAMES and "aht" not in lines.KPI_NAMES


@pytest.mark.parametrize(
    ("code", "expected", "limit", "message"),
    [
        (
            "service_level",
            70,
            75,
            "Service level: the expected level (70 %) is below the worse limit (75 %). "
            "Service level is better when higher",
        ),
        (
            "aht",
            500,
            480,
            "Average handle time: the expected level (500 s) is above the worse limit (480 s). "
            "Average handle time is better when lower",
        ),
        (
            "billing_accuracy",
            1.05,
            1.02,
            "Billing accuracy: the expected level (1.050) is further from 1 than the worse "
            "limit (1.020)",
        ),
        ("service_level", 0.8, None, "Service level: give the worse limit (in percent"),
        ("csat", 850, 80, "Customer satisfaction: the expected level 850 is out of range"),
        ("nps", 30, -120, "Net promoter score: the worse limit -120 is out of range"),
        ("aht", "fast", 480, "Average handle time: the expected level 'fast' is not a number"),
    ],
)
def test_a_wrong_line_is_explained_in_the_kpis_words(code, expected, limit, message):
    with pytest.raises(InvalidInput) as err:
        lines.check_levels(code, expected, limit)
    assert str(err.value).startswith(message), str(err.value)


def test_levels_at_the_limit_are_accepted():
    assert lines.check_levels("abandon_rate", 5, 5) == (5.0, 5.0)
    assert lines.check_levels("billing_accuracy", 1.0, 0.98) == (1.0, 0.98)
