"""Escalations: the log with its clock (age, targets, breaches, suggestions), raising one, and
moving one along the path (acknowledge, escalate, resolve, close, reopen) with a note."""

import streamlit as st

from governance import errors
from governance.ui import data, filters, session, wording
from governance.ui import escalations as ui
from governance.ui.text import plain
from governance.workflow import escalations

st.title("Escalations")
st.caption(
    "What went wrong at a vendor and who is on it. Path: L1 operational (vendor manager ↔ "
    "account manager) → L2 management (VMO lead ↔ operations director) → L3 executive "
    "(sponsors / steering committee). Each level has its own response and resolution clock; "
    "escalations are about the vendor's service, never about individual vendor staff."
)
session.ensure_ready()  # a no-op under app.py; lets the page also run on its own
path = session.db_path()
who = session.actor()
vendor = filters.current().vendor
flash = st.session_state.pop(ui.FLASH, None)
if flash:
    st.success(plain(flash))

cols = st.columns(4)
statuses = cols[0].multiselect(
    "Status", escalations.STATUSES, key="esc_f_status", placeholder="All statuses"
)
severities = cols[1].multiselect(
    "Severity", escalations.SEVERITIES, key="esc_f_severity", placeholder="All severities"
)
categories = cols[2].multiselect(
    "Category",
    escalations.CATEGORIES,
    format_func=escalations.CATEGORY_LABELS.get,
    key="esc_f_category",
    placeholder="All categories",
)
breached = cols[3].selectbox(
    "Breached", list(ui.BREACHED_LABELS), key="esc_f_breached", format_func=ui.BREACHED_LABELS.get
)
st.caption(
    "The vendor filter is in the sidebar." + (plain(f" Showing {vendor}.") if vendor else "")
)

frame = ui.log(
    path, ui.now(), vendor, tuple(statuses), tuple(severities), tuple(categories), breached
)
if frame.empty:
    st.info("No escalation matches these filters.")
else:
    st.dataframe(
        ui.display(frame),
        hide_index=True,
        width="stretch",
        column_order=ui.LOG_ORDER,
        column_config=ui.log_columns(),
    )
with st.expander("Targets in force"):
    st.dataframe(escalations.default_targets().table(), hide_index=True)

# --- raise ---------------------------------------------------------------------------------------
vendor_names = data.vendor_names(path)
if who.may("governance.write") and vendor_names:
    with st.expander("Raise an escalation", expanded=frame.empty):
        index = vendor_names.index(vendor) if vendor in vendor_names else 0
        new_vendor = st.selectbox("Vendor", vendor_names, index=index, key="esc_new_vendor")
        programs, sites = ui.scopes(path, new_vendor)
        with st.form("esc_raise", clear_on_submit=False):
            c = st.columns(4)
            program = c[0].selectbox(
                "Program",
                [None, *programs],
                key="esc_new_program",
                format_func=lambda p: p or "All programs",
            )
            site = c[1].selectbox(
                "Site", [None, *sites], key="esc_new_site", format_func=lambda s: s or "All sites"
            )
            category = c[2].selectbox(
                "Category",
                escalations.CATEGORIES,
                key="esc_new_category",
                format_func=escalations.CATEGORY_LABELS.get,
            )
            severity = c[3].selectbox(
                "Severity",
                escalations.SEVERITIES,
                key="esc_new_severity",
                help="P1 is the most severe; targets are listed above.",
            )
            title = st.text_input("Title", max_chars=escalations.MAX_TITLE, key="esc_new_title")
            description = st.text_area(
                "What went wrong", key="esc_new_description", max_chars=escalations.MAX_TEXT
            )
            st.caption(f"Raised by {who.name}.")
            raised = st.form_submit_button("Raise escalation", key="esc_raise_submit")
        gate = wording.findings_gate(
            {"Title": title, "Description": description}, key="esc_raise_ack"
        )
        if raised:
            if not gate.ok_to_save:
                st.error(
                    "Rewrite the flagged wording, or tick the acknowledgement and raise again."
                )
            else:
                try:
                    with session.connection() as con:
                        new_id = escalations.raise_escalation(
                            con,
                            who,
                            vendor=new_vendor,
                            category=category,
                            severity=severity,
                            title=title,
                            description=description,
                            program=program,
                            site=site,
                            acknowledged=gate.record,
                        )
                except errors.GovernanceError as exc:
                    st.error(str(exc))
                else:
                    session.data_changed()
                    st.session_state[ui.FLASH] = (
                        f"Raised escalation #{new_id} against {new_vendor}."
                    )
                    ui.clear(["esc_new_title", "esc_new_description", "esc_raise_ack"])
                    st.rerun()

# --- one escalation ------------------------------------------------------------------------------
if frame.empty:
    st.stop()
st.subheader("Work on an escalation")
chosen = st.selectbox(
    "Escalation",
    frame["escalation_id"].tolist(),
    key="esc_chosen",
    format_func=ui.choice_label(frame),
)
try:
    current = ui.record(path, chosen)
except errors.GovernanceError as exc:
    st.error(str(exc))
    st.stop()
opened = ui.opened_version(chosen, current["version"])

st.text(
    f"{escalations.LEVEL_LABELS[current['level']]} · {current['status']} · "
    f"{current['severity']} · {escalations.CATEGORY_LABELS[current['category']]}"
    + (f" · program {current['program']}" if current["program"] else "")
    + (f" · site {current['site']}" if current["site"] else "")
)
st.text(f"Raised by {current['raised_by']} at {current['raised_at']:%Y-%m-%d %H:%M} UTC")
st.text(current["description"] or "")
if current["root_cause"]:
    st.text(f"Root cause: {current['root_cause']}")
if current["resolution"]:
    st.text(f"Resolution: {current['resolution']}")
st.dataframe(
    ui.history(path, chosen, current["version"]),
    hide_index=True,
    width="stretch",
    column_config=ui.history_columns(),
)

if not who.may("governance.write"):
    st.stop()
if opened != current["version"]:
    st.warning(
        "Someone else changed this escalation since you opened it; a save now would be refused. "
        "Reload it to see their change (your text stays in the form)."
    )
    st.button(
        "Reload the escalation", key=f"esc_reload_{chosen}", on_click=ui.forget, args=(chosen,)
    )

actions = escalations.next_actions(current["status"], current["level"])
if not actions:
    st.info(f"Escalation #{chosen} is {current['status']}: nothing further can be done to it.")
    st.stop()
keys = {"note": f"esc_note_{chosen}", "root": f"esc_root_{chosen}", "res": f"esc_res_{chosen}"}
root_cause = resolution = ""
pressed = None
with st.form(f"esc_action_{chosen}", clear_on_submit=False):
    note = st.text_area(
        "Note",
        key=keys["note"],
        max_chars=escalations.MAX_TEXT,
        help="What happened or what was agreed; kept in the history.",
    )
    if "resolve" in actions:
        root_cause = st.text_area(
            "Root cause (to resolve)", key=keys["root"], max_chars=escalations.MAX_TEXT
        )
        resolution = st.text_area(
            "Resolution (to resolve)", key=keys["res"], max_chars=escalations.MAX_TEXT
        )
    buttons = st.columns(len(actions))
    for column, action in zip(buttons, actions, strict=True):
        if column.form_submit_button(
            ui.action_label(action, current["level"]), key=f"esc_do_{action}_{chosen}"
        ):
            pressed = action
gate = wording.findings_gate(
    {"Note": note, "Root cause": root_cause, "Resolution": resolution},
    key=f"esc_action_ack_{chosen}",
)
if pressed:
    if not gate.ok_to_save:
        st.error("Rewrite the flagged wording, or tick the acknowledgement and save again.")
    else:
        try:
            with session.connection() as con:
                escalations.apply(
                    con,
                    who,
                    chosen,
                    pressed,
                    expected_version=opened,
                    note=note,
                    root_cause=root_cause,
                    resolution=resolution,
                    acknowledged=gate.record,
                )
        except errors.GovernanceError as exc:
            st.error(str(exc))
        else:
            session.data_changed()
            ui.forget(chosen)
            st.session_state[ui.FLASH] = (
                f"Escalation #{chosen}: {ui.ACTION_LABELS[pressed].lower()} saved."
            )
            ui.clear([*keys.values(), f"esc_action_ack_{chosen}"])
            st.rerun()
