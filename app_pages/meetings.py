"""Meetings & actions: MBR, QBR and steering meetings per vendor, their decisions, action items
(owned by the client or the vendor organisation), and the next MBR and QBR from the cadence."""

import streamlit as st

from governance.ui import data, meeting_forms, session, tables
from governance.ui import page as ui_page
from governance.workflow import meetings

page = ui_page.start(
    "Meetings & actions",
    "Governance meetings with each vendor, what was decided and who owns each action: the client "
    'or the vendor organisation, by role ("Vendor account manager", "Client VMO lead"). '
    "Attendees are client staff and the vendor's leadership, by role — never a list of agents.",
    flash="meetings_flash",
)
who, vendor, today = page.who, page.vendor, page.today
path = session.db_path()
cadence, held, actions, vendor_names = data.meeting_records(path, today, vendor)
if not vendor_names:
    st.info("No vendor is registered yet: add one on the Vendor registry page, or load the demo.")
    st.stop()

records = meeting_forms.Held(vendor_names, held, actions)
open_count, overdue = meetings.action_counts(actions)
c1, c2, c3 = st.columns(3)
c1.metric("Open action items", open_count)
c2.metric("Overdue action items", overdue)
c3.metric("Meetings recorded", len(held))

tab_next, tab_actions, tab_meetings = st.tabs(["Next meetings", "Action items", "Meetings"])
with tab_next:
    st.caption(
        "MBR monthly and QBR quarterly: one cadence after the last one held, unless one is "
        "already scheduled; due today when none was ever held."
    )
    tables.show(
        cadence,
        {"vendor": "Vendor", "kind": "Meeting", "last_held": "Last held", "next_due": "Next"}
        | {"scheduled": "Scheduled", "title": "Title", "status": "Status"},
    )
with tab_actions:
    closed = st.toggle("Show done and cancelled", key="act_show_closed")
    shown = actions if closed else meetings.open_actions(actions)
    if shown.empty:
        st.info("No action items to show.")
    else:
        overdue_column = st.column_config.CheckboxColumn("Overdue")
        tables.show(
            shown,
            {"action_id": "Id", "vendor": "Vendor", "description": "Action", "owner_side": "Side"}
            | {"owner": "Owner", "due_date": "Due", "status": "Status", "overdue": overdue_column}
            | {"kpi": "KPI", "escalation_id": "Escalation", "meeting": "Meeting"},
        )
with tab_meetings:
    if held.empty:
        st.info("No meeting recorded yet.")
    else:
        counts = {
            "meeting_date": "Date",
            "title": "Title",
            "decisions": "Decisions",
            "actions": "Actions",
        }
        tables.show(held, {"meeting_id": "Id", "vendor": "Vendor", "kind": "Kind"} | counts)
        dated = records.dated
        chosen = st.selectbox("Open a meeting", list(dated), format_func=dated.get, key="mt_open")
        record = held.set_index("meeting_id").loc[chosen]
        taken = data.decisions(path, int(chosen))
        with st.container(border=True):
            for name in ("attendees", "agenda", "minutes"):
                st.markdown(f"**{name.capitalize()}**")
                st.text(tables.cell_text(record[name]))
            st.markdown("**Decisions**")
            st.text("\n".join(f"• {text}" for text in taken["text"]) or "—")

if not who.may("governance.write"):
    st.caption("Your role reads governance records; vendor managers and admins record them.")
    st.stop()
meeting_forms.record(page, records)
