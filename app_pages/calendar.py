"""Calendar: what is due or overdue in the next days, across meetings, contracts, compliance and
action items."""

from datetime import date

import streamlit as st

from governance.ui import data, filters, session, tables
from governance.workflow import due_dates

st.title("Calendar")
st.caption(
    "Everything with a date on it, in one list: the next MBR and QBR of each vendor (from the "
    "cadence), contract legal reviews and renewal notices, attestations expiring or expired, "
    "open action items, and escalations past a response or resolution target. Overdue items stay "
    "until they are dealt with."
)
vendor = filters.current().vendor
today = date.today()
days = st.number_input(
    "Window (days ahead)",
    min_value=0,
    max_value=730,
    value=due_dates.DEFAULT_DAYS,
    step=15,
    key="cal_days",
    help="Show what falls due from today up to this many days ahead.",
)
kinds = st.multiselect("Kinds", due_dates.KINDS, key="cal_kinds", placeholder="All kinds")
found = data.due_items(session.db_path(), today, int(days), vendor, tuple(kinds))

overdue, due = due_dates.counts(found)
c1, c2 = st.columns(2)
c1.metric("Overdue", overdue)
c2.metric(f"Due in the next {int(days)} days", due)
if found.empty:
    st.info("Nothing is due or overdue in this window.")
    st.stop()
st.dataframe(
    found,
    hide_index=True,
    width="stretch",
    height=tables.rows_height(len(found)),
    # when and how late first, what it is last: it is the longest and may be cut at the edge
    column_order=["date", "days", "status", "kind", "vendor", "what"],
    column_config={
        "date": st.column_config.DateColumn("Date", format="D MMM YYYY", width=110),
        "days": st.column_config.NumberColumn("Days from today", format="%d", width=120),
        "status": st.column_config.TextColumn("Status", width=80),
        "kind": st.column_config.TextColumn("Kind", width=110),
        "vendor": st.column_config.TextColumn("Vendor", width=150),
        "what": st.column_config.TextColumn("What", width="large"),
    },
)
