"""Charts say what they show: titles, units, hover values, and statuses in words as well as colour."""

from __future__ import annotations

from datetime import date

import pandas as pd

from governance.kpis import catalogue
from governance.scoring import charts, presentation


def test_the_status_heatmap_labels_every_cell_and_names_every_colour():
    frame = pd.DataFrame(
        [
            {
                "vendor": "A",
                "kpi_name": "Service level",
                "status": "met",
                "shown": "84.0%",
                "expected": "80.0%",
            },
            {
                "vendor": "A",
                "kpi_name": "CSAT",
                "status": "default",
                "shown": "70.0%",
                "expected": "80.0%",
            },
            {
                "vendor": "B",
                "kpi_name": "Service level",
                "status": "below_target",
                "shown": "78.0%",
                "expected": "80.0%",
            },
            {
                "vendor": "B",
                "kpi_name": "CSAT",
                "status": "no_data",
                "shown": "—",
                "expected": "80.0%",
            },
        ]
    )
    fig = charts.status_heatmap(frame, "Status, Sep 2026")
    heat = fig.data[0]
    assert fig.layout.title.text == "Status, Sep 2026"
    cells = [t for row in heat.text for t in row]
    assert sorted(cells) == sorted(["✔ 84.0%", "✖ 70.0%", "▼ 78.0%", "– —"])
    assert list(heat.colorbar.ticktext) == [s.text for s in presentation.STATUS_STYLES.values()]
    assert any("Default" in h for row in heat.hovertext for h in row)


def test_the_kpi_trend_draws_levels_as_steps_and_marks_amendments():
    lines = pd.DataFrame(
        {
            "period_start": [date(2025, 12, 1), date(2026, 1, 1)],
            "period_end": [date(2025, 12, 31), date(2026, 1, 31)],
            "kpi": ["service_level"] * 2,
            "actual": [0.82, 0.82],
            "expected": [0.80, 0.85],
            "minimum": [0.75, 0.80],
            "status": ["met", "below_target"],
            "amendment_id": [None, 7],
            "amendment_from": [None, date(2026, 1, 1)],
            "amendment_reason": [None, "Peak"],
            "amendment_approved_by": [None, "VMO lead"],
        }
    )
    fig = charts.kpi_trend(lines, catalogue.kpi("service_level"), "Service level against target")
    names = [t.name for t in fig.data]
    assert names == ["Expected", "Worse limit (default below)", "Actual"]
    assert "≥ %{y:.1%}" in fig.data[1].hovertemplate  # a floor: the side to stay on
    assert fig.data[0].line.shape == "hv"
    assert fig.layout.yaxis.title.text == "Service level (%)"
    assert list(fig.data[2].customdata) == ["✔ Met", "▼ Below target"]
    assert [a.text for a in fig.layout.annotations] == ["Amendment #7 from 01 Jan 2026"]


def test_cost_vs_performance_has_one_labelled_point_per_vendor_and_units():
    frame = pd.DataFrame(
        {
            "vendor": ["A", "B", "C"],
            "weighted_score": [90.0, 40.0, None],
            "standing": ["Excellent", "At risk", None],
            "cost_per_contact": [4.1, 4.6, 5.0],
        }
    )
    fig = charts.cost_vs_performance(frame, "Cost vs performance")
    assert [t.name for t in fig.data] == ["A", "B"]  # no score, no point
    assert "per handled contact" in fig.layout.yaxis.title.text
    assert "0–100" in fig.layout.xaxis.title.text


def _levels(kpi: str, expected: float, limit: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period_start": [date(2026, 1, 1), date(2026, 2, 1)],
            "period_end": [date(2026, 1, 31), date(2026, 2, 28)],
            "kpi": [kpi] * 2,
            "actual": [expected, limit * 1.5],
            "expected": [expected] * 2,
            "minimum": [limit] * 2,
            "status": ["met", "default"],
            "amendment_id": [None, None],
            "amendment_from": [None, None],
            "amendment_reason": [None, None],
            "amendment_approved_by": [None, None],
        }
    )


def test_a_lower_is_better_kpis_limit_is_a_ceiling_in_the_chart_not_a_minimum():
    fig = charts.kpi_trend(
        _levels("abandon_rate", 0.04, 0.06), catalogue.kpi("abandon_rate"), "Abandonment"
    )
    limit = fig.data[1]
    assert limit.name == "Worse limit (default above)"
    assert list(limit.y) == [0.06, 0.06]
    assert "≤ %{y:.1%}" in limit.hovertemplate
    assert not any("minimum" in (t.name or "").lower() for t in fig.data)


def test_a_handle_time_limit_in_the_chart_is_a_ceiling_in_seconds():
    fig = charts.kpi_trend(_levels("aht", 420.0, 480.0), catalogue.kpi("aht"), "Handle time")
    assert fig.data[1].name == "Worse limit (default above)"
    assert "≤ %{y:,.0f} s" in fig.data[1].hovertemplate


def test_cost_per_contact_names_its_currency_or_says_that_currencies_differ():
    base = {
        "vendor": ["A", "B"],
        "weighted_score": [90.0, 40.0],
        "standing": ["Excellent", "At risk"],
        "cost_per_contact": [4.1, 4.6],
    }
    one = charts.cost_vs_performance(pd.DataFrame(base | {"currency": ["EUR", "EUR"]}), "Cost")
    assert one.layout.yaxis.title.text.endswith("(EUR)")
    assert all("EUR %{y:,.2f}" in t.hovertemplate for t in one.data)
    mixed = charts.cost_vs_performance(pd.DataFrame(base | {"currency": ["EUR", None]}), "Cost")
    assert "not comparable across currencies" in mixed.layout.yaxis.title.text
    assert "EUR %{y" in mixed.data[0].hovertemplate
    assert "EUR" not in mixed.data[1].hovertemplate  # no currency stated: the amount alone
    none = charts.cost_vs_performance(pd.DataFrame(base), "Cost")
    assert none.layout.yaxis.title.text.endswith("(invoice currency)")
