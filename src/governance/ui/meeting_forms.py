"""The record forms of the Meetings & actions page: a new meeting, a decision, a new action item,
and the editors of a meeting and an action item (versioned: ``governance.ui.editing``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import pandas as pd
import streamlit as st

from governance.kpis import catalogue
from governance.ui import wording
from governance.ui.editing import Edit
from governance.ui.page import Page
from governance.workflow import meetings

MEETING_TEXT = {
    "title": "Title",
    "attendees": "Attendees",
    "agenda": "Agenda",
    "minutes": "Minutes",
}
ATTENDEES = "Attendees (client staff and vendor leadership, by role)"
OWNER = "Owner (a role or organisation)"
SIDES = {
    "horizontal": True,
    "format_func": lambda s: "Client" if s == "client" else "Vendor organisation",
}


@dataclass(frozen=True)
class Held:
    """What the forms pick from: the vendors, the meetings held and the action items."""

    vendor_names: list[str]
    meetings: pd.DataFrame
    actions: pd.DataFrame

    @cached_property
    def dated(self) -> dict[int, str]:
        """Meeting id → "date · title"."""
        return {
            int(r.meeting_id): f"{r.meeting_date:%Y-%m-%d} · {r.title}"
            for r in self.meetings.itertuples()
        }

    @cached_property
    def named(self) -> dict[int, str]:
        """Meeting id → "vendor · date · title"."""
        return {
            int(r.meeting_id): f"{r.vendor} · {self.dated[int(r.meeting_id)]}"
            for r in self.meetings.itertuples()
        }


def new_meeting(page: Page, held: Held) -> None:
    """A meeting held (or scheduled) with a vendor."""
    who = page.who
    new = {
        "vendor": st.selectbox(
            "Vendor", held.vendor_names, page.vendor_index(held.vendor_names), key="mt_vendor"
        )
    }
    new["kind"] = st.selectbox("Kind", meetings.KINDS, key="mt_kind")
    new["meeting_date"] = st.date_input("Date", value=page.today, key="mt_date")
    new["title"] = st.text_input("Title", key="mt_title")
    new["attendees"] = st.text_area(ATTENDEES, key="mt_attendees")
    new["agenda"] = st.text_area("Agenda", key="mt_agenda")
    new["minutes"] = st.text_area("Minutes", key="mt_minutes")
    gate = wording.findings_gate({MEETING_TEXT[k]: new[k] for k in MEETING_TEXT}, key="mt_ack")
    if st.button("Save meeting", key="mt_save", disabled=not gate.ok_to_save, type="primary"):
        page.save(
            lambda con: meetings.create_meeting(con, who, **new, acknowledged=gate.record),
            lambda new_id: f"Recorded meeting {new_id}: {new['title'].strip()}.",
            clear=("mt_title", "mt_attendees", "mt_agenda", "mt_minutes", "mt_ack"),
        )


def decision(page: Page, held: Held) -> None:
    """A decision taken in a meeting."""
    who = page.who
    chosen = st.selectbox("Meeting", list(held.named), format_func=held.named.get, key="dc_meeting")
    text = st.text_area("Decision", key="dc_text")
    gate = wording.findings_gate({"Decision": text}, key="dc_ack")
    if st.button("Save decision", key="dc_save", disabled=not gate.ok_to_save, type="primary"):
        page.save(
            lambda con: meetings.add_decision(con, who, chosen, text, acknowledged=gate.record),
            "Decision recorded.",
            clear=("dc_text", "dc_ack"),
        )


def new_action(page: Page, held: Held) -> None:
    """An action item: an outcome its owner (a side and a role) delivers by a date."""
    who = page.who
    new = {
        "vendor": st.selectbox(
            "Vendor", held.vendor_names, page.vendor_index(held.vendor_names), key="ai_vendor"
        )
    }
    new["description"] = st.text_area(
        "Action (an outcome the owner delivers)", key="ai_description"
    )
    new["owner_side"] = st.radio("Owner side", meetings.OWNER_SIDES, key="ai_side", **SIDES)
    new["owner"] = st.text_input(OWNER, key="ai_owner", placeholder="Vendor account manager")
    new["due_date"] = st.date_input("Due", value=page.today + timedelta(days=14), key="ai_due")
    new["kpi"] = st.selectbox(
        "Linked KPI", [None, *catalogue.KPI_CODES], key="ai_kpi", format_func=lambda k: k or "—"
    )
    of_vendor = {None: "—"} | {
        int(r.meeting_id): held.dated[int(r.meeting_id)]
        for r in held.meetings.itertuples()
        if r.vendor == new["vendor"]
    }
    new["meeting_id"] = st.selectbox(
        "From meeting", list(of_vendor), format_func=of_vendor.get, key="ai_meeting"
    )
    escalation = st.number_input(
        "Linked escalation id (0 = none)", min_value=0, step=1, key="ai_escalation"
    )
    text = {"Action": new["description"], "Owner": new["owner"]}
    gate = wording.findings_gate(text, key="ai_ack")
    if st.button("Save action item", key="ai_save", disabled=not gate.ok_to_save, type="primary"):
        page.save(
            lambda con: meetings.add_action_item(
                con, who, **new, escalation_id=int(escalation) or None, acknowledged=gate.record
            ),
            lambda new_id: f"Action item {new_id} recorded.",
            clear=("ai_description", "ai_owner", "ai_ack"),
        )


def edit_meeting(page: Page, held: Held) -> None:
    """Edit a meeting, refused when someone else saved it since it was opened."""
    who = page.who
    chosen = st.selectbox("Meeting", list(held.named), format_func=held.named.get, key="me_pick")
    edit = Edit("me", chosen, ("meeting_date", *MEETING_TEXT))
    version = edit.open(held.meetings.set_index("meeting_id").loc[chosen].to_dict())
    changes = {"meeting_date": st.date_input("Date", key=edit.key("meeting_date"))}
    changes["title"] = st.text_input("Title", key=edit.key("title"))
    changes["attendees"] = st.text_area("Attendees (by role)", key=edit.key("attendees"))
    changes["agenda"] = st.text_area("Agenda", key=edit.key("agenda"))
    changes["minutes"] = st.text_area("Minutes", key=edit.key("minutes"))
    text = {MEETING_TEXT[k]: changes[k] for k in MEETING_TEXT}
    gate = wording.findings_gate(text, key=f"me_ack_{chosen}")
    if st.button("Save changes", key="me_save", disabled=not gate.ok_to_save, type="primary"):
        page.save(
            lambda con: meetings.update_meeting(
                con, who, chosen, expected_version=version, **changes, acknowledged=gate.record
            ),
            f"Saved meeting {chosen}.",
            edit=edit,
        )
    edit.stale_notice()


def edit_action(page: Page, held: Held) -> None:
    """Edit an action item or move its status, refused when someone else saved it since it was opened."""
    who = page.who
    labels = {
        int(r.action_id): f"{r.action_id} · {r.vendor} · {r.description[:70]}"
        for r in held.actions.itertuples()
    }
    chosen = st.selectbox("Action item", list(labels), format_func=labels.get, key="au_pick")
    edit = Edit("au", chosen, ("description", "owner_side", "owner", "due_date", "status"))
    version = edit.open(held.actions.set_index("action_id").loc[chosen].to_dict())
    changes = {"description": st.text_area("Action", key=edit.key("description"))}
    changes["owner_side"] = st.radio(
        "Owner side", meetings.OWNER_SIDES, key=edit.key("owner_side"), **SIDES
    )
    changes["owner"] = st.text_input(OWNER, key=edit.key("owner"))
    changes["due_date"] = st.date_input("Due", key=edit.key("due_date"))
    changes["status"] = st.selectbox(
        "Status",
        meetings.ACTION_STATUSES,
        format_func=meetings.ACTION_STATUS_LABELS.get,
        key=edit.key("status"),
    )
    text = {"Action": changes["description"], "Owner": changes["owner"]}
    gate = wording.findings_gate(text, key=f"au_ack_{chosen}")
    if st.button("Save changes", key="au_save", disabled=not gate.ok_to_save, type="primary"):
        details = edit.changed("description", "owner_side", "owner", "due_date")
        page.save(
            lambda con: meetings.edit_action_item(
                con,
                who,
                chosen,
                expected_version=version,
                details_changed=details,
                **changes,
                acknowledged=gate.record,
            ),
            f"Saved action item {chosen}.",
            edit=edit,
        )
    edit.stale_notice()


FORMS = {
    "Action item": (new_action, None),
    "Update an action item": (edit_action, "No action item to update."),
    "Meeting": (new_meeting, None),
    "Edit a meeting": (edit_meeting, "No meeting to edit."),
    "Decision": (decision, "Record a meeting first."),
}


def record(page: Page, held: Held) -> None:
    """The "Record" section: a choice of form, and the form chosen (or why it cannot be shown)."""
    st.divider()
    st.subheader("Record")
    chosen = st.radio("What to record", list(FORMS), horizontal=True, key="rec_form")
    form, empty = FORMS[chosen]
    needs = held.actions if form is edit_action else held.meetings
    if empty and needs.empty:
        st.info(empty)
    else:
        form(page, held)
