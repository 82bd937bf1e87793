"""The forms of the Escalations page: raising one, and moving one along the path (acknowledge,
escalate, resolve, close, reopen) with a note, against the version the user opened
(``governance.ui.editing``)."""

from __future__ import annotations

import streamlit as st

from governance.ui import escalations as ui
from governance.ui import wording
from governance.ui.editing import Edit
from governance.ui.page import Page
from governance.workflow import escalations

REWRITE = "Rewrite the flagged wording, or tick the acknowledgement and {} again."


def raise_form(page: Page, path: str, vendor_names: list[str], *, expanded: bool) -> None:
    """Raise an escalation against a vendor (optionally one program and site)."""
    with st.expander("Raise an escalation", expanded=expanded):
        index = page.vendor_index(vendor_names)
        vendor = st.selectbox("Vendor", vendor_names, index=index, key="esc_new_vendor")
        programs, sites = ui.scopes(path, vendor)
        with st.form("esc_raise", clear_on_submit=False):
            c = st.columns(4)
            new = {
                "program": c[0].selectbox(
                    "Program",
                    [None, *programs],
                    key="esc_new_program",
                    format_func=lambda p: p or "All programs",
                ),
                "site": c[1].selectbox(
                    "Site",
                    [None, *sites],
                    key="esc_new_site",
                    format_func=lambda s: s or "All sites",
                ),
                "category": c[2].selectbox(
                    "Category",
                    escalations.CATEGORIES,
                    key="esc_new_category",
                    format_func=escalations.CATEGORY_LABELS.get,
                ),
                "severity": c[3].selectbox(
                    "Severity",
                    escalations.SEVERITIES,
                    key="esc_new_severity",
                    help="P1 is the most severe; targets are listed above.",
                ),
            }
            new["title"] = st.text_input(
                "Title", max_chars=escalations.MAX_TITLE, key="esc_new_title"
            )
            new["description"] = st.text_area(
                "What went wrong", key="esc_new_description", max_chars=escalations.MAX_TEXT
            )
            st.caption(f"Raised by {page.who.name}.")
            raised = st.form_submit_button("Raise escalation", key="esc_raise_submit")
        text = {"Title": new["title"], "Description": new["description"]}
        gate = wording.findings_gate(text, key="esc_raise_ack")
        if raised and not gate.ok_to_save:
            st.error(REWRITE.format("raise"))
        elif raised:
            page.save(
                lambda con: escalations.raise_escalation(
                    con, page.who, vendor=vendor, **new, acknowledged=gate.record
                ),
                lambda new_id: f"Raised escalation #{new_id} against {vendor}.",
                clear=("esc_new_title", "esc_new_description", "esc_raise_ack"),
            )


def work_on(page: Page, chosen: int, current: dict) -> None:
    """The next steps open to escalation ``chosen`` (as stored now: ``current``), each a button
    that saves the note (and, to resolve, the root cause and resolution) with the step."""
    edit = Edit("esc", chosen)
    opened = edit.open(current)
    edit.notice_drift(current["version"], "this escalation")
    actions = escalations.next_actions(current["status"], current["level"])
    if not actions:
        st.info(f"Escalation #{chosen} is {current['status']}: nothing further can be done to it.")
        return
    keys = {"note": f"esc_note_{chosen}", "root": f"esc_root_{chosen}", "res": f"esc_res_{chosen}"}
    text = {"Note": "", "Root cause": "", "Resolution": ""}
    pressed = None
    with st.form(f"esc_action_{chosen}", clear_on_submit=False):
        text["Note"] = st.text_area(
            "Note",
            key=keys["note"],
            max_chars=escalations.MAX_TEXT,
            help="What happened or what was agreed; kept in the history.",
        )
        if "resolve" in actions:
            text["Root cause"] = st.text_area(
                "Root cause (to resolve)", key=keys["root"], max_chars=escalations.MAX_TEXT
            )
            text["Resolution"] = st.text_area(
                "Resolution (to resolve)", key=keys["res"], max_chars=escalations.MAX_TEXT
            )
        for column, action in zip(st.columns(len(actions)), actions, strict=True):
            label = ui.action_label(action, current["level"])
            if column.form_submit_button(label, key=f"esc_do_{action}_{chosen}"):
                pressed = action
    gate = wording.findings_gate(text, key=f"esc_action_ack_{chosen}")
    if pressed and not gate.ok_to_save:
        st.error(REWRITE.format("save"))
    elif pressed:
        page.save(
            lambda con: escalations.apply(
                con,
                page.who,
                chosen,
                pressed,
                expected_version=opened,
                note=text["Note"],
                root_cause=text["Root cause"],
                resolution=text["Resolution"],
                acknowledged=gate.record,
            ),
            f"Escalation #{chosen}: {ui.ACTION_LABELS[pressed].lower()} saved.",
            clear=(*keys.values(), f"esc_action_ack_{chosen}"),
            edit=edit,
        )
    edit.stale_notice()
