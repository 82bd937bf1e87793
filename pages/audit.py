"""Audit log: every write, who made it, when, and the record before and after."""

import streamlit as st

from governance.ui import data, session

st.title("Audit log")
who = session.actor()
if not who.may("audit.read"):
    st.error("The audit log is open to auditors and admins.")
    st.stop()

events = data.audit_events(session.db_path(), 500)
st.caption(f"The newest {len(events)} events, newest first. The log is append-only.")
st.dataframe(
    events,
    hide_index=True,
    width="stretch",
    column_config={
        "event_id": "#", "occurred_at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm:ss"),
        "actor": "Who", "role": "Role", "action": "What", "entity": "Record", "entity_id": "Id",
        "before": "Before", "after": "After",
    },
)  # fmt: skip
