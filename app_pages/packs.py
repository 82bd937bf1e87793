"""Packs: the MBR, QBR or portfolio workbook, previewed and downloaded."""

from datetime import date

import streamlit as st

from governance import errors, packs
from governance.kpis import periods
from governance.scoring import presentation, scorecard, vendor_view
from governance.ui import data, filters, session
from governance.ui import packs as ui
from governance.ui import scorecards as cards_ui

st.title("Business-review packs")
st.caption(
    "An Excel workbook whose sheets are slides, one landscape page each with a title that states "
    "its finding: cover, executive summary, scorecard, trend charts (two a slide), SLA defaults "
    "and credits, escalations, action items, vendor health and people, compliance and "
    "calendar, appendix. Everything stands as at the end of the period."
)
path = session.db_path()
months = data.months(path)
names = data.vendor_names(path)
chosen = filters.current(months)
if not months or not names:
    st.info(
        "Packs need KPI data and contracts. Load the demo portfolio with "
        "`python -m governance demo`, or import vendor exports on the Imports page."
    )
    st.stop()

left, middle, right = st.columns([1, 2, 1])
partner = session.actor().role == "vendor_partner"  # its own vendor's packs, no portfolio pack
kind = left.radio(
    "Pack",
    ["MBR", "QBR"] if partner else ["MBR", "QBR", "Portfolio"],
    key="pack_kind",
    help="MBR: one vendor, one month. QBR: one vendor, one quarter. "
    "Portfolio: every vendor, one quarter, for leadership.",
)
vendor = None
if kind != "Portfolio":
    vendor = middle.selectbox(
        "Vendor",
        names,
        index=names.index(chosen.vendor) if chosen.vendor in names else 0,
        key="pack_vendor",
    )
# the sidebar's month, or the last month (quarter) before it that has ended and has data
span = "month" if kind == "MBR" else "quarter"
options = vendor_view.period_options(months, span)
ui.follow_sidebar(
    options, ui.default_period(months, span, chosen.month, date.today()), kind, chosen.month
)
label = right.selectbox("Period", options, format_func=periods.label, key=ui.PERIOD_KEY)

try:
    pack, content = ui.pack(path, vendor, label)
except errors.GovernanceError as exc:
    st.error(str(exc))
    st.stop()

st.download_button(
    f"Download the {pack.kind if pack.vendor else 'portfolio'} pack (.xlsx)",
    content,
    file_name=packs.pack_name(pack),
    icon=":material/download:",
    type="primary",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="pack_download",
    on_click=ui.link_to_meeting,
    args=(pack,),
)
if pack.meeting_id is not None:
    st.caption(f"Downloading links this pack to the {pack.kind} meeting #{pack.meeting_id}.")

st.subheader(f"Executive summary — {pack.who}, {periods.label(pack.period)}")
st.caption(
    f"As of {pack.as_of_text}: escalations, action items and the calendar as they stood then."
)
# the summary slide's tiles and highlights; text quotes user text (titles): never markdown
st.text(" · ".join(f"{t.label}: {packs.tile_text(t)}" for t in packs.tiles(pack)))
for line in pack.highlights:
    st.text(f"• {line}")
note = packs.standing_note(pack)
if note:
    st.text(note)

st.subheader("Scorecard")
if pack.summary.empty:
    st.info("No scorecard: no contract in force in this period.")
elif pack.vendor is None:
    st.dataframe(packs.portfolio_table(pack), hide_index=True, width="stretch", key="pack_league")
else:
    for card, lines in presentation.by_card(
        scorecard.Scorecards(pack.period, pack.summary, pack.lines)
    ):
        st.caption(presentation.headline(card))
        st.dataframe(
            cards_ui.styled(presentation.table(lines), lines["status"]),
            hide_index=True,
            width="stretch",
            placeholder="—",
        )
