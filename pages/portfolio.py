"""Portfolio: every vendor's headline KPIs for the month, with change, and service level over time."""

import streamlit as st

from governance import catalogue, charts
from governance.ui import data, filters, session, tables

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

st.subheader("Service level by vendor")
st.plotly_chart(
    charts.vendor_trend(
        trend, catalogue.kpi("service_level"), f"Service level by vendor, 18 months to {label}"
    ),
    width="stretch",
    key="portfolio_trend",
)
