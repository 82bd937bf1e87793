"""Meetings & actions: MBR, QBR and steering meetings per vendor, their decisions, action items
(owned by the client or the vendor organisation), and the next MBR and QBR from the cadence."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from governance import errors
from governance.kpis import catalogue
from governance.store import queries
from governance.ui import feedback, filters, session, wording
from governance.workflow import meetings

st.title("Meetings & actions")
st.caption(
    "Governance meetings with each vendor, what was decided and who owns each action: the client "
    'or the vendor organisation, by role ("Vendor account manager", "Client VMO lead"). '
    "Attendees are client staff and the vendor's leadership, by role — never a list of agents."
)
who = session.actor()
vendor = filters.current().vendor
today = date.today()

FLASH = "meetings_flash"
feedback.show_saved(FLASH)


def _saved(message: str, clear: tuple[str, ...] = ()) -> None:
    feedback.saved(FLASH, message, clear)


with session.connection() as con:
    cadence = meetings.next_due(con, today)
    held = queries.meetings(con, vendor)
    actions = meetings.action_items(con, today, vendor)
    vendor_names = queries.vendor_names(con)
if vendor:
    cadence = cadence[cadence["vendor"] == vendor]

if not vendor_names:
    st.info("No vendor is registered yet: add one on the Vendor registry page, or load the demo.")
    st.stop()

STATUS_LABELS = {
    "open": "Open",
    "in_progress": "In progress",
    "done": "Done",
    "cancelled": "Cancelled",
}


def _editor(prefix: str, record_id: int, record: dict, fields: tuple[str, ...]) -> int:
    """Load a record into its edit widgets once, and remember the version it was read at, so a
    save can be refused when someone else changed it meanwhile; the user's text stays put."""
    state = st.session_state
    version_key = f"{prefix}_version_{record_id}"
    if version_key not in state:
        state[version_key] = int(record["version"])
        for name in fields:
            value = record[name]
            if isinstance(value, pd.Timestamp):
                value = value.date()
            value = "" if value is None or pd.isna(value) else value
            state[f"{prefix}_{name}_{record_id}"] = value
            state[f"{prefix}_{name}_{record_id}__loaded"] = value
    return state[version_key]


def _forget(prefix: str, record_id: int, fields: tuple[str, ...]) -> None:
    st.session_state.pop(f"{prefix}_version_{record_id}", None)
    st.session_state.pop(f"{prefix}_stale_{record_id}", None)
    for name in fields:
        st.session_state.pop(f"{prefix}_{name}_{record_id}", None)
        st.session_state.pop(f"{prefix}_{name}_{record_id}__loaded", None)


def _failed(exc: errors.GovernanceError, prefix: str, record_id: int) -> None:
    if isinstance(exc, errors.StaleRecord):
        st.session_state[f"{prefix}_stale_{record_id}"] = str(exc)
    else:
        st.error(str(exc))


def _stale_notice(prefix: str, record_id: int, fields: tuple[str, ...]) -> None:
    """After a refused save: the reason, and a way to take the saved version (the user's text
    stays on screen until they choose that)."""
    message = st.session_state.get(f"{prefix}_stale_{record_id}")
    if message:
        st.error(message)
        if st.button(
            "Reload the saved version (discards your edits)", key=f"{prefix}_reload_{record_id}"
        ):
            _forget(prefix, record_id, fields)
            st.rerun()


overdue = int(actions["overdue"].sum()) if not actions.empty else 0
open_count = (
    int((~actions["status"].isin(meetings.CLOSED_STATUSES)).sum()) if not actions.empty else 0
)
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
    st.dataframe(
        cadence,
        hide_index=True,
        width="stretch",
        column_config={
            "vendor": "Vendor",
            "kind": "Meeting",
            "last_held": "Last held",
            "next_due": "Next",
            "scheduled": "Scheduled",
            "title": "Title",
            "status": "Status",
        },
    )

with tab_actions:
    show_closed = st.toggle("Show done and cancelled", key="act_show_closed")
    shown = actions if show_closed else actions[~actions["status"].isin(meetings.CLOSED_STATUSES)]
    if shown.empty:
        st.info("No action items to show.")
    else:
        st.dataframe(
            shown[
                [
                    "action_id",
                    "vendor",
                    "description",
                    "owner_side",
                    "owner",
                    "due_date",
                    "status",
                    "overdue",
                    "kpi",
                    "escalation_id",
                    "meeting",
                ]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "action_id": "Id",
                "vendor": "Vendor",
                "description": "Action",
                "owner_side": "Side",
                "owner": "Owner",
                "due_date": "Due",
                "status": "Status",
                "overdue": st.column_config.CheckboxColumn("Overdue"),
                "kpi": "KPI",
                "escalation_id": "Escalation",
                "meeting": "Meeting",
            },
        )

with tab_meetings:
    if held.empty:
        st.info("No meeting recorded yet.")
    else:
        st.dataframe(
            held[["meeting_id", "vendor", "kind", "meeting_date", "title", "decisions", "actions"]],
            hide_index=True,
            width="stretch",
            column_config={
                "meeting_id": "Id",
                "vendor": "Vendor",
                "kind": "Kind",
                "meeting_date": "Date",
                "title": "Title",
                "decisions": "Decisions",
                "actions": "Actions",
            },
        )
        labels = {
            int(r.meeting_id): f"{r.meeting_date:%Y-%m-%d} · {r.title}" for r in held.itertuples()
        }
        chosen = st.selectbox("Open a meeting", list(labels), format_func=labels.get, key="mt_open")
        record = held.set_index("meeting_id").loc[chosen]
        with st.container(border=True):
            st.markdown("**Attendees**")
            st.text(record["attendees"] or "—")
            st.markdown("**Agenda**")
            st.text(record["agenda"] or "—")
            st.markdown("**Minutes**")
            st.text(record["minutes"] or "—")
            with session.connection() as con:
                taken = queries.decisions(con, int(chosen))
            st.markdown("**Decisions**")
            for text in taken["text"]:
                st.text(f"• {text}")
            if taken.empty:
                st.text("—")

if not who.may("governance.write"):
    st.caption("Your role reads governance records; vendor managers and admins record them.")
    st.stop()

st.divider()
st.subheader("Record")
form = st.radio(
    "What to record",
    ["Action item", "Update an action item", "Meeting", "Edit a meeting", "Decision"],
    horizontal=True,
    key="rec_form",
)

if form == "Meeting":
    m_vendor = st.selectbox(
        "Vendor",
        vendor_names,
        key="mt_vendor",
        index=vendor_names.index(vendor) if vendor in vendor_names else 0,
    )
    m_kind = st.selectbox("Kind", meetings.KINDS, key="mt_kind")
    m_date = st.date_input("Date", value=today, key="mt_date")
    m_title = st.text_input("Title", key="mt_title")
    m_attendees = st.text_area(
        "Attendees (client staff and vendor leadership, by role)", key="mt_attendees"
    )
    m_agenda = st.text_area("Agenda", key="mt_agenda")
    m_minutes = st.text_area("Minutes", key="mt_minutes")
    gate = wording.findings_gate(
        {"Title": m_title, "Attendees": m_attendees, "Agenda": m_agenda, "Minutes": m_minutes},
        key="mt_ack",
    )
    if st.button("Save meeting", key="mt_save", disabled=not gate.ok_to_save, type="primary"):
        try:
            with session.connection() as con:
                new_id = meetings.create_meeting(
                    con,
                    who,
                    vendor=m_vendor,
                    kind=m_kind,
                    meeting_date=m_date,
                    title=m_title,
                    attendees=m_attendees,
                    agenda=m_agenda,
                    minutes=m_minutes,
                    acknowledged=gate.record,
                )
        except errors.GovernanceError as exc:
            st.error(str(exc))
        else:
            _saved(
                f"Recorded meeting {new_id}: {m_title.strip()}.",
                ("mt_title", "mt_attendees", "mt_agenda", "mt_minutes", "mt_ack"),
            )

elif form == "Decision":
    if held.empty:
        st.info("Record a meeting first.")
    else:
        labels = {
            int(r.meeting_id): f"{r.vendor} · {r.meeting_date:%Y-%m-%d} · {r.title}"
            for r in held.itertuples()
        }
        d_meeting = st.selectbox("Meeting", list(labels), format_func=labels.get, key="dc_meeting")
        d_text = st.text_area("Decision", key="dc_text")
        gate = wording.findings_gate({"Decision": d_text}, key="dc_ack")
        if st.button("Save decision", key="dc_save", disabled=not gate.ok_to_save, type="primary"):
            try:
                with session.connection() as con:
                    meetings.add_decision(con, who, d_meeting, d_text, acknowledged=gate.record)
            except errors.GovernanceError as exc:
                st.error(str(exc))
            else:
                _saved("Decision recorded.", ("dc_text", "dc_ack"))

elif form == "Action item":
    a_vendor = st.selectbox(
        "Vendor",
        vendor_names,
        key="ai_vendor",
        index=vendor_names.index(vendor) if vendor in vendor_names else 0,
    )
    a_description = st.text_area("Action (an outcome the owner delivers)", key="ai_description")
    a_side = st.radio(
        "Owner side",
        meetings.OWNER_SIDES,
        horizontal=True,
        key="ai_side",
        format_func=lambda s: "Client" if s == "client" else "Vendor organisation",
    )
    a_owner = st.text_input(
        "Owner (a role or organisation)", key="ai_owner", placeholder="Vendor account manager"
    )
    a_due = st.date_input("Due", value=today + timedelta(days=14), key="ai_due")
    a_kpi = st.selectbox(
        "Linked KPI",
        [None, *catalogue.KPI_CODES],
        key="ai_kpi",
        format_func=lambda k: "—" if k is None else k,
    )
    of_vendor = held[held["vendor"] == a_vendor] if not held.empty else held
    meeting_labels = {None: "—"} | {
        int(r.meeting_id): f"{r.meeting_date:%Y-%m-%d} · {r.title}" for r in of_vendor.itertuples()
    }
    a_meeting = st.selectbox(
        "From meeting", list(meeting_labels), format_func=meeting_labels.get, key="ai_meeting"
    )
    a_escalation = st.number_input(
        "Linked escalation id (0 = none)", min_value=0, step=1, key="ai_escalation"
    )
    gate = wording.findings_gate({"Action": a_description, "Owner": a_owner}, key="ai_ack")
    if st.button("Save action item", key="ai_save", disabled=not gate.ok_to_save, type="primary"):
        try:
            with session.connection() as con:
                new_id = meetings.add_action_item(
                    con,
                    who,
                    vendor=a_vendor,
                    description=a_description,
                    owner_side=a_side,
                    owner=a_owner,
                    due_date=a_due,
                    meeting_id=a_meeting,
                    escalation_id=int(a_escalation) or None,
                    kpi=a_kpi,
                    acknowledged=gate.record,
                )
        except errors.GovernanceError as exc:
            st.error(str(exc))
        else:
            _saved(f"Action item {new_id} recorded.", ("ai_description", "ai_owner", "ai_ack"))

elif form == "Edit a meeting":
    if held.empty:
        st.info("No meeting to edit.")
    else:
        labels = {
            int(r.meeting_id): f"{r.vendor} · {r.meeting_date:%Y-%m-%d} · {r.title}"
            for r in held.itertuples()
        }
        mid = st.selectbox("Meeting", list(labels), format_func=labels.get, key="me_pick")
        fields = ("meeting_date", "title", "attendees", "agenda", "minutes")
        record = held.set_index("meeting_id").loc[mid].to_dict()
        expected = _editor("me", mid, record, fields)
        e_date = st.date_input("Date", key=f"me_meeting_date_{mid}")
        e_title = st.text_input("Title", key=f"me_title_{mid}")
        e_attendees = st.text_area("Attendees (by role)", key=f"me_attendees_{mid}")
        e_agenda = st.text_area("Agenda", key=f"me_agenda_{mid}")
        e_minutes = st.text_area("Minutes", key=f"me_minutes_{mid}")
        gate = wording.findings_gate(
            {"Title": e_title, "Attendees": e_attendees, "Agenda": e_agenda, "Minutes": e_minutes},
            key=f"me_ack_{mid}",
        )
        if st.button("Save changes", key="me_save", disabled=not gate.ok_to_save, type="primary"):
            try:
                with session.connection() as con:
                    meetings.update_meeting(
                        con,
                        who,
                        mid,
                        expected_version=expected,
                        meeting_date=e_date,
                        title=e_title,
                        attendees=e_attendees,
                        agenda=e_agenda,
                        minutes=e_minutes,
                        acknowledged=gate.record,
                    )
            except errors.GovernanceError as exc:
                _failed(exc, "me", mid)
            else:
                _forget("me", mid, fields)
                _saved(f"Saved meeting {mid}.")
        _stale_notice("me", mid, fields)

elif form == "Update an action item":
    if actions.empty:
        st.info("No action item to update.")
    else:
        labels = {
            int(r.action_id): f"{r.action_id} · {r.vendor} · {r.description[:70]}"
            for r in actions.itertuples()
        }
        aid = st.selectbox("Action item", list(labels), format_func=labels.get, key="au_pick")
        fields = ("description", "owner_side", "owner", "due_date", "status")
        record = actions.set_index("action_id").loc[aid].to_dict()
        expected = _editor("au", aid, record, fields)
        u_description = st.text_area("Action", key=f"au_description_{aid}")
        u_side = st.radio(
            "Owner side", meetings.OWNER_SIDES, horizontal=True, key=f"au_owner_side_{aid}"
        )
        u_owner = st.text_input("Owner (a role or organisation)", key=f"au_owner_{aid}")
        u_due = st.date_input("Due", key=f"au_due_date_{aid}")
        u_status = st.selectbox(
            "Status",
            meetings.ACTION_STATUSES,
            format_func=STATUS_LABELS.get,
            key=f"au_status_{aid}",
        )
        gate = wording.findings_gate(
            {"Action": u_description, "Owner": u_owner}, key=f"au_ack_{aid}"
        )
        if st.button("Save changes", key="au_save", disabled=not gate.ok_to_save, type="primary"):
            kpi = None if pd.isna(record["kpi"]) else record["kpi"]
            escalation = None if pd.isna(record["escalation_id"]) else int(record["escalation_id"])
            loaded = [st.session_state[f"au_{n}_{aid}__loaded"] for n in fields]
            try:
                with session.connection() as con:
                    version = expected
                    if [u_description, u_side, u_owner, u_due] != loaded[:4]:
                        version = meetings.update_action_item(
                            con,
                            who,
                            aid,
                            expected_version=expected,
                            description=u_description,
                            owner_side=u_side,
                            owner=u_owner,
                            due_date=u_due,
                            kpi=kpi,
                            escalation_id=escalation,
                            acknowledged=gate.record,
                        )["version"]
                    if u_status != loaded[4]:
                        meetings.set_action_status(
                            con, who, aid, u_status, expected_version=version
                        )
            except errors.GovernanceError as exc:
                _failed(exc, "au", aid)
            else:
                _forget("au", aid, fields)
                _saved(f"Saved action item {aid}.")
        _stale_notice("au", aid, fields)
