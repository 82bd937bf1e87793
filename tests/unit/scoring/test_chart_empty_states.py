"""Charts draw only what has data (issue 16): no data says so in words, not with empty axes; a
legend names only lines with points; a time axis ends at the first and last month with data."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from governance.kpis import catalogue
from governance.scoring import charts

SL = catalogue.kpi("service_level")
NOTHING = float("nan")


def _said(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def _no_axes(fig) -> bool:
    return fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False


def _range(fig) -> tuple[pd.Timestamp, pd.Timestamp]:
    low, high = fig.layout.xaxis.range
    return pd.Timestamp(low), pd.Timestamp(high)


def _lines(actual: list[float], expected: list[float], minimum: list[float]) -> pd.DataFrame:
    months = [date(2026, m, 1) for m in range(1, len(actual) + 1)]
    return pd.DataFrame(
        {
            "period_start": months,
            "period_end": [pd.Timestamp(m) + pd.offsets.MonthEnd(0) for m in months],
            "kpi": ["service_level"] * len(months),
            "actual": actual,
            "expected": expected,
            "minimum": minimum,
            "status": ["met" if a == a else "no_data" for a in actual],
            "amendment_id": [None] * len(months),
            "amendment_from": [None] * len(months),
            "amendment_reason": [None] * len(months),
            "amendment_approved_by": [None] * len(months),
        }
    )


# --- the portfolio's vendor trend --------------------------------------------------------------


def _trend(rows: list[tuple[str, date, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["vendor", "period", "value"])


def test_a_vendor_trend_without_a_value_says_so_and_draws_no_axes():
    frame = _trend([("A", date(2026, 9, 1), NOTHING), ("B", date(2026, 10, 1), NOTHING)])
    fig = charts.vendor_trend(frame, SL, "Service level by vendor")
    assert fig.data == ()
    assert _no_axes(fig)
    assert _said(fig) == ["No data for Service level in these months"]
    assert fig.layout.title.text == "Service level by vendor"


def test_an_empty_vendor_trend_frame_says_so_too():
    fig = charts.vendor_trend(_trend([]), SL, "Service level by vendor")
    assert fig.data == () and _no_axes(fig)
    assert _said(fig) == ["No data for Service level in these months"]


def test_the_legend_lists_only_vendors_with_a_line():
    frame = _trend(
        [
            ("A", date(2026, 8, 1), 0.81),
            ("A", date(2026, 9, 1), 0.83),
            ("B", date(2026, 8, 1), NOTHING),  # B: months without a value, no line
            ("B", date(2026, 9, 1), NOTHING),
            ("C", date(2026, 9, 1), 0.9),
        ]
    )
    fig = charts.vendor_trend(frame, SL, "Service level by vendor")
    assert [t.name for t in fig.data] == ["A", "C"]
    assert all(pd.Series(t.y, dtype="float64").notna().any() for t in fig.data)


def test_the_vendor_trend_axis_ends_at_the_months_with_data():
    frame = _trend(
        [
            ("A", date(2026, 5, 1), NOTHING),  # a month without a value does not widen the axis
            ("A", date(2026, 6, 1), 0.8),
            ("A", date(2026, 7, 1), 0.82),
            ("B", date(2026, 9, 1), 0.85),
            ("B", date(2026, 10, 1), NOTHING),
        ]
    )
    low, high = _range(charts.vendor_trend(frame, SL, "Service level by vendor"))
    # from June (the first value) to September (the last): no tick for May or October
    assert pd.Timestamp("2026-05-01") < low <= pd.Timestamp("2026-06-01")
    assert pd.Timestamp("2026-09-01") <= high < pd.Timestamp("2026-10-01")


# --- a scorecard's KPI trend and weighted-score trend ------------------------------------------


def test_a_kpi_trend_without_actuals_says_so():
    lines = _lines([NOTHING, NOTHING], [0.85, 0.85], [0.8, 0.8])
    fig = charts.kpi_trend(lines, SL, "Service level against target")
    assert fig.data == () and _no_axes(fig)
    assert _said(fig) == ["No data for Service level in these months"]


def test_a_level_the_contract_does_not_set_has_no_line_and_no_legend_entry():
    lines = _lines([0.82, 0.84], [0.85, 0.85], [NOTHING, NOTHING])
    fig = charts.kpi_trend(lines, SL, "Service level against target")
    assert [t.name for t in fig.data] == ["Expected", "Actual"]


def test_the_kpi_trend_axis_ends_at_the_last_month_with_an_actual():
    # 12 months of targets; actuals from February to October only
    actual = [NOTHING] + [0.8 + i / 100 for i in range(9)] + [NOTHING] * 2
    fig = charts.kpi_trend(_lines(actual, [0.85] * 12, [0.8] * 12), SL, "Service level")
    low, high = _range(fig)
    assert pd.Timestamp("2026-01-01") < low <= pd.Timestamp("2026-02-01")
    assert pd.Timestamp("2026-10-01") <= high < pd.Timestamp("2026-11-01")


def _summary(scores: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period_start": [date(2026, m, 1) for m in range(1, len(scores) + 1)],
            "weighted_score": scores,
            "standing": ["Good" if s == s else None for s in scores],
        }
    )


def test_a_score_trend_without_a_score_says_so_without_bands_or_axes():
    fig = charts.score_trend(_summary([NOTHING, NOTHING, NOTHING]), "Weighted score")
    assert fig.data == () and _no_axes(fig)
    assert fig.layout.shapes == ()  # no standing bands around nothing
    assert _said(fig) == ["No data for a weighted score in these months"]


def test_the_score_trend_axis_ends_at_the_scored_months():
    fig = charts.score_trend(_summary([NOTHING, 71.0, 74.5, NOTHING]), "Weighted score")
    low, high = _range(fig)
    assert pd.Timestamp("2026-01-01") < low <= pd.Timestamp("2026-02-01")
    assert pd.Timestamp("2026-03-01") <= high < pd.Timestamp("2026-04-01")
    assert [round(v, 1) for v in fig.data[0].y if v == v] == [71.0, 74.5]


# --- portfolio figures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(columns=["vendor", "weighted_score", "standing", "cost_per_contact"]),
        pd.DataFrame(
            {
                "vendor": ["A"],
                "weighted_score": [80.0],
                "standing": ["Good"],
                "cost_per_contact": [None],  # no invoice: no point
            }
        ),
    ],
)
def test_cost_vs_performance_without_a_point_says_so(frame):
    fig = charts.cost_vs_performance(frame, "Cost vs performance")
    assert fig.data == () and _no_axes(fig)
    assert _said(fig)[0].startswith("No data for cost and score")


def test_a_heatmap_without_cells_says_so():
    frame = pd.DataFrame(columns=["vendor", "kpi_name", "status", "shown", "expected"])
    fig = charts.status_heatmap(frame, "Status")
    assert fig.data == () and _no_axes(fig)
    assert _said(fig) == ["No data for any vendor's KPIs in this period"]
