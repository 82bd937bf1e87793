"""Plotly figures for the pages: titled, with units, hover values and colour-blind-safe colours.

A figure with nothing to draw says so in words instead of drawing empty axes; a legend names only
the lines that have points; a time axis runs from the first to the last month with data.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from governance.contracts import lines as kpi_lines
from governance.kpis import periods, privacy
from governance.kpis.catalogue import Kpi
from governance.kpis.frames import plain_value
from governance.scoring.presentation import STATUS_STYLES, amendment_marks
from governance.scoring.scorecard import STATUSES
from governance.scoring.standings import BANDS

# Okabe–Ito: distinguishable for the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def _axis(kpi: Kpi) -> dict:
    if kpi.unit == "ratio":
        return {"tickformat": ".0%", "title": f"{kpi.name} (%)"}
    if kpi.unit == "seconds":
        return {"ticksuffix": " s", "title": f"{kpi.name} (seconds)"}
    if kpi.unit == "money":
        return {"tickformat": ",.2f", "title": kpi.name}
    return {"title": kpi.name}


def _points(values) -> bool:
    """Whether a trace of these y values would draw anything (not all empty)."""
    return bool(pd.Series(values, dtype="float64").notna().any())


def _no_data(fig: go.Figure, what: str, *, text: str | None = None) -> go.Figure:
    """``fig`` without axes or traces, saying in the middle that there is no data for ``what``
    (or ``text``)."""
    fig.data = ()
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        showlegend=False,
        annotations=[
            {
                "text": text or f"No data for {what}",
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "font": {"size": 15},
            }
        ],
        shapes=[],
    )
    return fig


def _months_shown(when) -> list:
    """A time axis's range: from the first to the last month with data, with room for a marker
    (a few days) but not for an empty month either side."""
    when = pd.to_datetime(pd.Series(when)).dropna()
    pad = pd.Timedelta(days=8)
    return [when.min() - pad, when.max() + pad]


def _hover(kpi: Kpi) -> str:
    value = {"ratio": "%{y:.1%}", "seconds": "%{y:.0f} s", "money": "%{y:,.2f}"}.get(
        kpi.unit, "%{y:.1f}"
    )
    return "%{fullData.name}<br>%{x|%b %Y}: " + value + "<extra></extra>"


def vendor_trend(frame: pd.DataFrame, kpi: Kpi, title: str) -> go.Figure:
    """One line per vendor: ``frame`` has ``vendor``, ``period``, ``value``. A vendor without a
    value in these months has no line and no legend entry; with none at all, the figure says so."""
    fig = go.Figure()
    drawn = frame[frame["value"].astype("float64").notna()] if len(frame) else frame
    if drawn.empty:
        fig.update_layout(title={"text": title}, height=420)
        return _no_data(fig, f"{kpi.name} in these months")
    with_values = set(drawn["vendor"])
    for i, (vendor, rows) in enumerate(frame.groupby("vendor", sort=True)):
        if vendor not in with_values:
            continue
        rows = rows.sort_values("period")
        fig.add_trace(
            go.Scatter(
                x=rows["period"],
                y=rows["value"],
                name=str(vendor),
                mode="lines+markers",
                line={"color": PALETTE[i % len(PALETTE)], "width": 2},
                hovertemplate=_hover(kpi),
            )
        )
    fig.update_layout(
        title={"text": title},
        xaxis={
            "title": "Month",
            "tickformat": "%b %Y",
            "dtick": "M1",
            "tickangle": -45,
            "range": _months_shown(drawn["period"]),
        },
        yaxis=_axis(kpi),
        legend={"title": {"text": "Vendor"}},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=420,
        hovermode="closest",
    )
    return fig


# --- scorecards (issue 4) ----------------------------------------------------------------------

_STATUS_MARKERS = {
    "met": "circle",
    "below_target": "triangle-down",
    "default": "x",
    "no_data": "circle-open",
}


def _status_styles():

    return STATUS_STYLES


def kpi_trend(lines: pd.DataFrame, kpi: Kpi, title: str) -> go.Figure:
    """A KPI's monthly actuals against its expected level and worse limit, amendments marked.

    ``lines`` are one scorecard's lines (``scorecard.trend``) for this KPI: ``period_start``,
    ``actual``, ``expected``, ``minimum``, ``status``, ``amendment_id``, ``amendment_from``,
    ``amendment_reason``. The levels are drawn as steps (the version in force at each month's
    end); each point's marker shape and colour give its status, also named in the hover. The
    worse limit is named by the KPI's direction ("Worse limit (default above)" for a ceiling).
    """

    styles = _status_styles()
    rows = lines.sort_values("period_start")
    x = pd.to_datetime(rows["period_start"])
    measured = rows["actual"].astype("float64").notna()
    if not measured.any():
        fig = go.Figure(layout={"title": {"text": title}, "height": 380})
        if note := privacy.withheld_note(rows):
            fig.update_layout(title={"text": f"{title}<br><sup>{note}</sup>"})
        return _no_data(fig, f"{kpi.name} in these months")
    value = {"ratio": "%{y:.1%}", "seconds": "%{y:,.0f} s", "money": "%{y:,.2f}"}.get(
        kpi.unit, "%{y:.3f}"
    )
    code = kpi.code.split("|")[0]
    sign = {"higher": "≥ ", "lower": "≤ "}.get(kpi.direction, "")
    fig = go.Figure()
    for name, col, colour, dash, prefix in (
        ("Expected", "expected", "#009E73", "dash", ""),
        (kpi_lines.limit_label(code), "minimum", "#D55E00", "dot", sign),
    ):
        if not _points(rows[col]):  # no such level in the contract: no line, no legend entry
            continue
        fig.add_trace(
            go.Scatter(
                x=x,
                y=rows[col].astype("float64"),
                name=name,
                mode="lines",
                line_shape="hv",
                line={"color": colour, "width": 2, "dash": dash},
                hovertemplate=f"{name}<br>%{{x|%b %Y}}: {prefix}{value}<extra></extra>",
            )
        )
    status_text = [styles[s].text for s in rows["status"]]
    fig.add_trace(
        go.Scatter(
            x=x,
            y=rows["actual"].astype("float64"),
            name="Actual",
            mode="lines+markers",
            line={"color": "#000000", "width": 2},
            marker={
                "size": 11,
                "color": [styles[s].colour for s in rows["status"]],
                "symbol": [_STATUS_MARKERS[s] for s in rows["status"]],
                "line": {"color": "#000000", "width": 1},
            },
            customdata=status_text,
            hovertemplate=f"Actual<br>%{{x|%b %Y}}: {value}<br>%{{customdata}}<extra></extra>",
        )
    )
    for mark in amendment_marks(lines, kpi.code.split("|")[0]).to_dict("records"):
        when = pd.Timestamp(mark["date"])
        fig.add_vline(x=when, line={"color": "#56B4E9", "width": 2, "dash": "dashdot"})
        fig.add_annotation(
            x=when,
            y=1.0,
            yref="paper",
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            text=f"Amendment #{int(mark['amendment_id'])} from {mark['date']:%d %b %Y}",
            hovertext=f"{mark['reason']} (approved by {mark['approved_by']})",
            font={"size": 11, "color": "#0072B2"},
        )
    fig.update_layout(
        title={"text": title},
        xaxis={
            "title": "Month",
            "tickformat": "%b %Y",
            "dtick": "M1",
            "tickangle": -45,
            "range": _months_shown(x[measured]),
        },
        yaxis=_axis(kpi),
        legend={"orientation": "h", "y": -0.35},
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        height=380,
        hovermode="closest",
    )
    if note := privacy.withheld_note(rows):  # a withheld month is a gap, said so
        fig.update_layout(title={"text": f"{title}<br><sup>{note}</sup>"})
    return fig


def status_heatmap(frame: pd.DataFrame, title: str) -> go.Figure:
    """Vendor × KPI status: colour-blind-safe fills and, in every cell, the status word and value.

    ``frame`` is ``portfolio.Leadership.heatmap``: ``vendor``, ``kpi_name``, ``status``,
    ``shown``, ``expected``.
    """

    styles = _status_styles()
    if frame.empty:
        fig = go.Figure(layout={"title": {"text": title}, "height": 200})
        return _no_data(fig, "any vendor's KPIs in this period")
    vendors = sorted(frame["vendor"].unique(), reverse=True)
    kpis = sorted(frame["kpi_name"].unique())
    code = {s: i for i, s in enumerate(STATUSES)}
    cells = {(r["vendor"], r["kpi_name"]): r for r in frame.to_dict("records")}
    z, text, hover = [], [], []
    for v in vendors:
        zr, tr, hr = [], [], []
        for k in kpis:
            r = cells.get((v, k))
            if r is None:
                zr.append(None), tr.append(""), hr.append(f"{v}<br>{k}: no target")
                continue
            st = styles[r["status"]]
            zr.append(code[r["status"]])
            tr.append(f"{st.symbol} {r['shown']}")
            hr.append(f"{v}<br>{k}: {st.label}<br>actual {r['shown']} (expected {r['expected']})")
        z.append(zr), text.append(tr), hover.append(hr)
    n = len(STATUSES)
    scale = []
    for i, s in enumerate(STATUSES):
        scale += [[i / n, styles[s].colour], [(i + 1) / n, styles[s].colour]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=kpis,
            y=vendors,
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            colorscale=scale,
            zmin=-0.5,
            zmax=n - 0.5,
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": "Status"},
                "tickvals": list(range(n)),
                "ticktext": [styles[s].text for s in STATUSES],
            },
        )
    )
    fig.update_layout(
        title={"text": title},
        xaxis={"title": "KPI", "side": "bottom"},
        yaxis={"title": "Vendor"},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=160 + 45 * len(vendors),
    )
    return fig


def cost_vs_performance(frame: pd.DataFrame, title: str) -> go.Figure:
    """One point per vendor: weighted score (x) against invoiced amount per handled contact (y).

    With a ``currency`` column (the vendor's contract's), each point's hover names its currency
    and the axis names the one currency all points share, or says that they differ.
    """
    fig = go.Figure()
    rows = frame.dropna(subset=["weighted_score", "cost_per_contact"]).sort_values("vendor")
    if rows.empty:
        fig.update_layout(title={"text": title}, height=420)
        return _no_data(fig, "cost and score: no vendor has both an invoice and a weighted score")
    codes = [plain_value(c) for c in rows.get("currency", pd.Series([None] * len(rows)))]
    shared = set(codes)
    if len(shared) > 1:
        unit = "each vendor's contract currency, not comparable across currencies"
    else:
        unit = next(iter(shared), None) or "invoice currency"
    for i, (r, code) in enumerate(zip(rows.to_dict("records"), codes, strict=True)):
        fig.add_trace(
            go.Scatter(
                x=[r["weighted_score"]],
                y=[r["cost_per_contact"]],
                name=r["vendor"],
                mode="markers+text",
                text=[r["vendor"]],
                textposition="top center",
                marker={
                    "size": 14,
                    "color": PALETTE[i % len(PALETTE)],
                    "line": {"color": "#000000", "width": 1},
                },
                customdata=[r["standing"] or "no standing"],
                hovertemplate="%{fullData.name}<br>weighted score %{x:.1f} (%{customdata})"
                f"<br>{code + ' ' if code else ''}%{{y:,.2f}} per handled contact<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": title},
        xaxis={"title": "Weighted score (0–100, higher is better)", "range": [-5, 115]},
        yaxis={
            "title": f"Invoiced amount per handled contact ({unit})",
            "tickformat": ",.2f",
        },
        legend={"title": {"text": "Vendor"}},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=420,
        hovermode="closest",
    )
    return fig


def score_trend(summary: pd.DataFrame, title: str) -> go.Figure:
    """A scorecard's weighted score over time, with the standing bands shaded and named."""

    fig = go.Figure()
    rows = summary.sort_values("period_start")
    scored = rows["weighted_score"].astype("float64").notna()
    if not scored.any():
        fig.update_layout(title={"text": title}, height=340)
        return _no_data(fig, "a weighted score in these months")
    shades = {"Excellent": "#0072B2", "Good": "#56B4E9", "Watch": "#F0E442", "At risk": "#D55E00"}
    for band in BANDS:
        fig.add_hrect(
            y0=band.low,
            y1=band.high,
            fillcolor=shades.get(band.name, "#DDDDDD"),
            opacity=0.12,
            line_width=0,
            annotation_text=band.name,
            annotation_position="left",
        )
    fig.add_trace(
        go.Scatter(
            x=pd.to_datetime(rows["period_start"]),
            y=rows["weighted_score"].astype("float64"),
            name="Weighted score",
            mode="lines+markers",
            line={"color": "#000000", "width": 2},
            customdata=rows["standing"].fillna("no data"),
            hovertemplate="%{x|%b %Y}: %{y:.1f} (%{customdata})<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": title},
        xaxis={
            "title": "Month",
            "tickformat": "%b %Y",
            "dtick": "M1",
            "tickangle": -45,
            "range": _months_shown(rows["period_start"][scored]),
        },
        yaxis={"title": "Weighted score (0–100)", "range": [0, 101]},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=340,
        showlegend=False,
    )
    return fig


def survey_dimensions(shown: dict, title: str) -> go.Figure:
    """A vendor's quarter of the stakeholder survey (``survey.summary``): each dimension's mean
    on the 1 to 5 scale as a bar, the quarter before as a marker; words instead of bars when
    nobody answered or fewer than the minimum did (withheld)."""
    fig = go.Figure()
    fig.update_layout(title=title, height=300, margin={"l": 10, "r": 10, "t": 50, "b": 40})
    names = [d["name"] for d in shown["dimensions"]]
    now = [d["mean"] for d in shown["dimensions"]]
    if shown["withheld"]:
        n = shown["respondents"]
        return _no_data(fig, "", text=f"Withheld: {n} respondents, fewer than 3")
    if not _points(now):
        return _no_data(fig, "this quarter: nobody has answered")
    fig.add_bar(
        y=names,
        x=now,
        orientation="h",
        name=periods.label(shown["quarter"]),
        marker_color=PALETTE[0],
        text=[None if v is None else f"{v:.2f}" for v in now],
        textposition="inside",
        hovertemplate="%{y}: %{x:.2f}<extra></extra>",
    )
    before = [d["previous"] for d in shown["dimensions"]]
    if _points(before):
        fig.add_scatter(
            y=names,
            x=before,
            mode="markers",
            name="quarter before",
            marker={"color": "#000000", "symbol": "line-ns-open", "size": 22, "line": {"width": 3}},
            hovertemplate="%{y}, quarter before: %{x:.2f}<extra></extra>",
        )
    fig.update_xaxes(range=[1, 5], dtick=1, title="Mean rating (1 poor – 5 excellent)")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(legend={"orientation": "h", "y": -0.3})
    return fig
