"""Plotly figures for the pages: titled, with units, hover values and colour-blind-safe colours."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from governance.catalogue import Kpi

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


def _hover(kpi: Kpi) -> str:
    value = {"ratio": "%{y:.1%}", "seconds": "%{y:.0f} s", "money": "%{y:,.2f}"}.get(
        kpi.unit, "%{y:.1f}"
    )
    return "%{fullData.name}<br>%{x|%b %Y}: " + value + "<extra></extra>"


def vendor_trend(frame: pd.DataFrame, kpi: Kpi, title: str) -> go.Figure:
    """One line per vendor: ``frame`` has ``vendor``, ``period``, ``value``."""
    fig = go.Figure()
    for i, (vendor, rows) in enumerate(frame.groupby("vendor", sort=True)):
        rows = rows.sort_values("period")
        fig.add_trace(
            go.Scatter(
                x=rows["period"], y=rows["value"], name=str(vendor), mode="lines+markers",
                line={"color": PALETTE[i % len(PALETTE)], "width": 2}, hovertemplate=_hover(kpi),
            )
        )  # fmt: skip
    fig.update_layout(
        title={"text": title},
        xaxis={"title": "Month", "tickformat": "%b %Y", "dtick": "M1", "tickangle": -45},
        yaxis=_axis(kpi),
        legend={"title": {"text": "Vendor"}},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=420,
        hovermode="closest",
    )
    return fig
