"""Vendor scorecard: one vendor (or vendor × program) against its contract for a month or quarter."""

import streamlit as st

from governance import errors
from governance.kpis import catalogue, periods
from governance.scoring import charts, scorecard, vendor_view
from governance.ui import data, filters, session, tables
from governance.ui import health as health_ui
from governance.ui import scorecards as ui
from governance.ui.text import plain

st.title("Vendor scorecard")
path = session.db_path()
months = data.months(path)
chosen = filters.current(months)
names, contracted = ui.vendor_choices(path)

if not months or not names:
    st.info(
        "Scorecards need KPI data and a contract with targets. Load the demo portfolio with "
        "`python -m governance demo`, or make a contract on the Contracts page."
    )
    st.stop()

left, middle, right = st.columns([2, 1, 1])
vendor = left.selectbox(
    "Vendor",
    names,
    index=names.index(ui.default_vendor(names, contracted, chosen.vendor)),
    key="scorecard_vendor",
    format_func=ui.vendor_label(contracted),
)
if vendor not in contracted:
    st.info(
        f"**{plain(vendor)}** has no contract yet, so there is nothing to score it against: a "
        "scorecard compares the vendor's KPIs with the targets of its contract."
    )
    if session.actor().may("contracts.write") and st.button(
        f"Make a contract for {plain(vendor)}", key="scorecard_make_contract", type="primary"
    ):
        st.session_state["contracts_pick_vendor"] = vendor
        st.switch_page("app_pages/contracts.py")
    st.stop()
kind = middle.radio(
    "Scored over",
    ["month", "quarter"],
    format_func=str.title,
    horizontal=True,
    key="scorecard_kind",
)
options = vendor_view.period_options(months, kind)
start = vendor_view.period_options([chosen.month], kind)[0] if chosen.month else options[0]
label = right.selectbox(
    "Period",
    options,
    index=options.index(start) if start in options else 0,
    format_func=periods.label,
    key="scorecard_period",
)
program = st.session_state.get("scorecard_program")
try:
    view = ui.shown_view(
        path, vendor, label, None if program in (None, "Whole vendor") else program
    )
except errors.GovernanceError as exc:
    st.error(str(exc))
    st.stop()
st.selectbox(
    "Scorecard",
    ["Whole vendor", *view.programs],
    key="scorecard_program",
    help="The whole vendor, or one program it serves.",
)

if view.card is None:
    st.info(
        f"{vendor} has no contract in force in {periods.label(view.period)}, so there is no scorecard."
    )
    st.stop()

card = view.card
ranked = card["rank"] is not None  # never for a vendor partner, who sees its own vendor only
a, b, c, *d = st.columns(4 if ranked else 3)
a.metric(
    "Weighted score",
    "—" if card["weighted_score"] is None else f"{card['weighted_score']:.1f}",
    None if card["change"] is None else f"{card['change']:+.1f} vs previous",
    help="Σ weight × points ÷ Σ weight over the KPIs with data (0–100)",
)
b.metric(
    "Standing",
    card["standing"] or "No data",
    help=f"Previous period: {card['previous_standing'] or 'no standing'}",
)
c.metric(
    "Rolling three",
    "—" if card["rolling_three"] is None else f"{card['rolling_three']:.1f}",
    help="Score of the three periods ending with this one, from their summed components",
)
if ranked:
    d[0].metric(
        "Rank",
        f"{card['rank']} of {card['ranked']}",
        help="Among the vendors scored on the same program (the whole vendor: among all vendors)",
    )
st.caption(view.headline)
ui.publication_panel(vendor, card, view.period.label)
if card["action"]:
    st.info(f"**{card['standing']}** — recommended governance action: {card['action']}")
st.caption(
    f"Service level under this contract: **{card['sl_definition']}** (answered within the "
    "threshold as counted by the vendor's export). " + ui.status_key()
)
if note := ui.sl_mismatch(path, vendor, card["contract"], view.period.start, view.period.end):
    st.warning(plain(note))

st.subheader(f"Scorecard, {periods.label(view.period)}")
st.dataframe(
    ui.styled(view.table, view.lines["status"]),
    hide_index=True,
    width="stretch",
    height=tables.rows_height(len(view.table)),
    placeholder="—",
    key="scorecard_table",
    column_config={"Since publication": st.column_config.TextColumn(width="medium")},
)

ui.responses_panel(vendor, card, view.period.label, view.lines)

st.subheader(f"Vendor health, {periods.label(view.period)}")
st.caption(health_ui.CAPTION)
health = data.vendor_health(path, view.period.end.replace(day=1), vendor).drop(columns="Vendor")
st.dataframe(
    health,
    hide_index=True,
    width="stretch",
    height=tables.rows_height(len(health)),
    key="scorecard_health",
)

st.subheader("Why each score")
for title, status, text in view.explanations:
    with st.expander(f"{title} · {status}"):
        st.write(text)


SCORE_TAB = "score"  # the weighted score's tab, before one tab per KPI


@st.fragment
def trends(view: vendor_view.VendorView) -> None:
    """One tab for the weighted score and one per KPI; only the open tab's chart is drawn, and
    opening another reruns this section alone (a chart costs the browser about as much as the
    rest of the page)."""
    kpi_list = [(SCORE_TAB, "Weighted score"), *vendor_view.kpis_in(view)]
    tabs = st.tabs([n for _, n in kpi_list], key="scorecard_trend_kpi", on_change="rerun")
    for tab, (code, name) in zip(tabs, kpi_list, strict=True):
        if not tab.open:
            continue
        with tab:
            if code == SCORE_TAB:
                figure = charts.score_trend(
                    view.trend.summary,
                    f"Weighted score of {view.vendor}, 13 months to "
                    f"{periods.label(view.trend.period)}",
                )
            else:
                figure = charts.kpi_trend(
                    vendor_view.kpi_lines(view, code),
                    catalogue.kpi(code),
                    f"{name} of {view.vendor} against target, 13 months",
                )
            st.plotly_chart(figure, width="stretch", key=f"scorecard_trend_{code}")


@st.fragment
def breakdown(path, vendor: str, period: str) -> None:
    """The breakdown table; choosing another dimension reruns this section alone."""
    by = st.radio(
        "Break down by",
        scorecard.BREAKDOWN_DIMS,
        format_func=str.title,
        horizontal=True,
        key="scorecard_breakdown",
        help="Never below program, site or channel.",
    )
    st.dataframe(
        ui.breakdown(path, vendor, period, by),
        hide_index=True,
        width="stretch",
        placeholder="—",
        key="scorecard_breakdown_table",
    )
    st.caption(
        "Status against the vendor's contract-wide targets, indicative for a part of the vendor."
    )


st.subheader("Trends over 13 months")
trends(view)

st.subheader("Breakdown")
breakdown(path, vendor, view.period.label)

st.subheader(f"Service credits, {periods.label(view.period)}")
st.dataframe(
    view.credits,
    hide_index=True,
    width="stretch",
    height=tables.rows_height(len(view.credits)),
    placeholder="—",
    key="scorecard_credits",
)
if view.credit_items.empty:
    st.caption("No critical service level was in default (or repeatedly missed) in this period.")
else:
    st.dataframe(
        view.credit_items,
        hide_index=True,
        width="stretch",
        height=tables.rows_height(len(view.credit_items)),
        key="scorecard_credit_items",
    )
    for note in view.credit_notes:
        st.caption(note)
