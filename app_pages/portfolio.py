"""Portfolio: what leadership needs first (headline tiles, every vendor by standing with its
recommended action and each KPI in its status colour), then what needs attention, vendor
health, service credits, cost vs performance and the trends, against the vendors' contracts."""

import streamlit as st

from governance.kpis import catalogue
from governance.scoring import charts, headline, portfolio
from governance.ui import data, filters, scorecards, session, tables
from governance.ui import health as health_ui
from governance.ui import portfolio as portfolio_ui
from governance.ui.text import plain

st.title("Portfolio")
path = session.db_path()
chosen = filters.current(data.months(path))

if chosen.month is None:
    st.info(
        "There is no KPI data yet. Load the demo portfolio with `python -m governance demo`, "
        "or import a vendor export."
    )
    st.stop()

label = filters.month_label(chosen.month)
head = data.portfolio_headline(path, chosen.month, chosen.vendor)
before = filters.month_label(head.months[-2])
st.caption(
    f"{label} against each vendor's contract; changes are against {before}. Hover the ? beside "
    "a figure for how it is made and who is behind it."
)

lead = data.portfolio_leadership(path, chosen.month, chosen.vendor)
contracted = not lead.league.empty
if contracted:
    portfolio_ui.tiles(headline.tiles(head))

    st.subheader(f"Vendors by standing, {label}")
    exposure = data.vendor_risk(path, chosen.month, chosen.vendor)
    board = portfolio.with_risk(lead.board, exposure)
    st.table(portfolio_ui.styled_board(board), hide_index=True)
    st.caption(
        "Worst standing first; the score is the weighted score against the contract (0–100) "
        f"with its change against {before}. " + scorecards.status_key()
    )
    st.caption(portfolio_ui.board_key(lead.board))
    if not exposure.empty:
        st.caption(plain(portfolio.risk_note(exposure)))
    st.caption(portfolio_ui.actions_key(lead.board))
else:
    st.info(
        "No vendor has a contract in force this month, so there are no scorecards or credits. "
        "Load contracts on the Contracts page or with `python -m governance contracts load`."
    )

if contracted:
    st.subheader("What needs attention")
    if lead.attention.empty:
        st.success(f"No default, repeated miss or fall in standing in {label}.")
    else:
        st.dataframe(
            lead.attention.drop(columns=["severity"]),
            hide_index=True,
            width="stretch",
            height=tables.rows_height(len(lead.attention)),
            key="portfolio_attention",
            column_config={
                "vendor": st.column_config.TextColumn("Vendor", width=150),
                "kind": st.column_config.TextColumn("What", width=110),
                "issue": st.column_config.TextColumn("Detail", width=540),
            },
        )

st.subheader(f"Vendor health, {label}")
st.caption(health_ui.CAPTION)
health = data.vendor_health(path, chosen.month, chosen.vendor)
st.dataframe(
    health,
    hide_index=True,
    width="stretch",
    height=tables.rows_height(len(health)),
    column_order=portfolio_ui.health_order(health),
    key="portfolio_health",
)

if contracted:
    st.subheader("Service credits")
    st.dataframe(
        scorecards.credit_rows(lead.credits),
        column_config=scorecards.credit_columns(label),
        placeholder=tables.NO_DATA,
        hide_index=True,
        width="stretch",
        height=tables.rows_height(len(lead.credits)),
        key="portfolio_credits",
    )
    st.caption(portfolio.credit_note(lead.credits, label))

    st.subheader("Cost vs performance")
    st.plotly_chart(
        charts.cost_vs_performance(
            lead.cost, f"Invoiced amount per handled contact vs weighted score, {label}"
        ),
        width="stretch",
        key="portfolio_cost",
    )

plans = data.volume_allocation(path, chosen.month, chosen.vendor)
if not plans.empty:
    st.subheader(f"Volume allocation, {label}")
    st.dataframe(
        plans,
        hide_index=True,
        width="stretch",
        height=tables.rows_height(len(plans)),
        key="portfolio_allocation",
    )
    st.caption(
        "Each program's plan: the share of its contacts each vendor was allocated against the "
        "share it received (over or under, in contacts and points), and whether it served them "
        "at the service level its contract expects there."
    )

summary, trend = data.portfolio_view(path, chosen.month, chosen.vendor)
st.subheader("Trends")
st.plotly_chart(
    charts.vendor_trend(
        trend, catalogue.kpi("service_level"), f"Service level by vendor, 18 months to {label}"
    ),
    width="stretch",
    key="portfolio_trend",
)

st.subheader(f"Volumes and KPIs as the vendors' files counted them, {label}")
counted, missing = portfolio_ui.with_data(summary)
st.caption(
    "Ratios of summed components (never averaged percentages); change against "
    f"{before}, blank where that month has no data."
    + (f" No data for {label}: {plain(', '.join(missing))}." if missing else "")
)
st.dataframe(
    portfolio_ui.shown_summary(counted),
    column_config=tables.portfolio_columns(),
    placeholder="",
    hide_index=True,
    width="stretch",
    height=tables.rows_height(len(counted)),
    column_order=portfolio_ui.kpi_order(counted),
    key="portfolio_table",
)
if note := tables.sl_footnote(counted):
    st.caption(f"⚠ {note}")
