"""Audit log: every write, who made it, when, and the record before and after."""

from datetime import date

import streamlit as st

from governance import errors
from governance.access import audit
from governance.ui import audit as ui
from governance.ui import session, tables

st.title("Audit log")
who = session.actor()
if not who.may("audit.read"):
    st.error("The audit log is open to auditors and admins.")
    st.stop()
path = session.db_path()
st.caption(
    "Every change made through the tool: who, when, what, and the record before and after. "
    "The log is append-only: nothing can edit or delete an event."
)

found = ui.facets(path)
c1, c2, c3, c4 = st.columns(4)
f_who = c1.selectbox(
    "Who", [None, *found["actor"]], format_func=lambda v: v or "Anyone", key="audit_who"
)
f_action = c2.selectbox(
    "What", [None, *found["action"]], format_func=lambda v: v or "Any action", key="audit_action"
)
f_entity = c3.selectbox(
    "Record", [None, *found["entity"]], format_func=lambda v: v or "Any record", key="audit_entity"
)
f_id = c4.text_input("Record id", key="audit_entity_id", placeholder="Any id")
days = st.date_input(
    "Between (UTC days, inclusive)",
    value=(),
    min_value=date(2000, 1, 1),
    key="audit_days",
    help="Pick the first and the last day; leave empty for any date.",
)
f_from, f_to = (tuple(days) + (None, None))[:2] if days else (None, None)
if f_from and not f_to:
    f_to = f_from

try:
    events = ui.events(
        path, f_who, f_action, f_entity, f_id.strip() or None, f_from, f_to, actor=who
    )
except errors.GovernanceError as exc:
    st.error(str(exc))
    st.stop()

if events.empty:
    st.info("No audit event matches these filters.")
    st.stop()
more = " (the newest; narrow the filters to see older ones)" if len(events) >= ui.LIMIT else ""
st.caption(f"{len(events)} events{more}, newest first.")
st.dataframe(
    events,
    hide_index=True,
    width="stretch",
    column_order=list(ui.COLUMNS),
    column_config=ui.COLUMNS,
    placeholder=tables.NO_DATA,
)
st.download_button(
    "Download these events (CSV)",
    audit.to_csv(events),
    file_name="audit-events.csv",
    mime="text/csv",
    key="audit_csv",
)

st.subheader("Before and after")
labels = {int(r.event_id): ui.event_label(r) for r in events.itertuples()}
chosen = st.selectbox("Event", list(labels), format_func=labels.get, key="audit_event")
row = events.set_index("event_id").loc[chosen]
changes = audit.diff(row["before"], row["after"])
if changes.empty:
    st.info("This event recorded no before or after.")
else:
    st.dataframe(
        changes,
        hide_index=True,
        width="stretch",
        column_config=ui.DIFF_COLUMNS,
        placeholder=tables.NO_DATA,
    )
