"""Portfolio: headline KPIs with change and service level over time; league table, status heatmap,
cost vs performance, service credits and what needs attention, against the vendors' contracts."""

import streamlit as st

from governance.kpis import catalogue
from governance.scoring import charts
from governance.ui import data, filters, scorecards, session, tables
from governance.ui import health as health_ui

st.title("Portfolio")
path = session.db_path()
chosen = filters.current(data.months(path))

if chosen.month is None:
    st.info(
        "There is no KPI data yet. Load the demo portfolio with `python -m governance demo`, "
        "or import a vendor export."
    )
    st.stop()

summary, trend = data.portfolio_view(path, chosen.month, chosen.vendor)
label = filters.month_label(chosen.month)
st.caption(
    f"{label} · KPIs are ratios of summed components (never averaged percentages); "
    "change is against the previous month. Blank means no data."
)

st.subheader(f"Vendors, {label}")
st.dataframe(
    tables.as_display(summary),
    column_config=tables.portfolio_columns(),
    placeholder=tables.NO_DATA,
    hide_index=True,
    width="stretch",
    key="portfolio_table",
)
if note := tables.sl_footnote(summary):
    st.caption(f"⚠ {note}")

st.subheader("Service level by vendor")
st.plotly_chart(
    charts.vendor_trend(
        trend, catalogue.kpi("service_level"), f"Service level by vendor, 18 months to {label}"
    ),
    width="stretch",
    key="portfolio_trend",
)

st.subheader(f"Vendor health, {label}")
st.caption(health_ui.CAPTION)
st.dataframe(
    health_ui.vendor_health(path, chosen.month, chosen.vendor),
    hide_index=True,
    width="stretch",
    key="portfolio_health",
)

lead = scorecards.leadership(path, chosen.month, chosen.vendor)
if lead.league.empty:
    st.info(
        "No vendor has a contract in force this month, so there are no scorecards or credits. "
        "Load contracts on the Contracts page or with `python -m governance contracts load`."
    )
    st.stop()

st.subheader(f"League table, {label}")
st.caption(
    "Vendors by weighted score against their contracts (0–100), with the standing and its "
    "recommended action. Change is against the previous month; equal scores share a rank."
)
st.dataframe(
    lead.league,
    column_config=scorecards.league_columns(),
    placeholder=tables.NO_DATA,
    hide_index=True,
    width="stretch",
    key="portfolio_league",
)

st.subheader("Status by vendor and KPI")
st.plotly_chart(
    charts.status_heatmap(lead.heatmap, f"Contract status by vendor and KPI, {label}"),
    width="stretch",
    key="portfolio_heatmap",
)
st.caption(scorecards.status_key())

st.subheader("Cost vs performance")
st.plotly_chart(
    charts.cost_vs_performance(
        lead.cost, f"Invoiced amount per handled contact vs weighted score, {label}"
    ),
    width="stretch",
    key="portfolio_cost",
)

st.subheader("Service credits")
st.dataframe(
    lead.credits,
    column_config=scorecards.credit_columns(label),
    placeholder=tables.NO_DATA,
    hide_index=True,
    width="stretch",
    key="portfolio_credits",
)

st.subheader("What needs attention")
if lead.attention.empty:
    st.success(f"No default, repeated miss or fall in standing in {label}.")
else:
    st.dataframe(
        lead.attention.drop(columns=["severity"]),
        hide_index=True,
        width="stretch",
        key="portfolio_attention",
        column_config={"vendor": "Vendor", "kind": "What", "issue": "Detail"},
    )
