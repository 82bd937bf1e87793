"""Escalations: the log with its clock (age, targets, breaches, suggestions), raising one, and
moving one along the path (acknowledge, escalate, resolve, close, reopen) with a note."""

import streamlit as st

from governance import errors
from governance.ui import data, escalation_forms, session, tables
from governance.ui import escalations as ui
from governance.ui import page as ui_page
from governance.ui.text import plain
from governance.workflow import escalations

session.ensure_ready()  # a no-op under app.py; lets the page also run on its own
page = ui_page.start(
    "Escalations",
    "What went wrong at a vendor and who is on it. Path: L1 operational (vendor manager ↔ "
    "account manager) → L2 management (VMO lead ↔ operations director) → L3 executive "
    "(sponsors / steering committee). Each level has its own response and resolution clock; "
    "escalations are about the vendor's service, never about individual vendor staff.",
    flash=ui.FLASH,
)
path = session.db_path()
who, vendor = page.who, page.vendor

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
        height=tables.rows_height(len(frame)),
        column_order=ui.LOG_ORDER,
        column_config=ui.log_columns(),
        placeholder=tables.NO_DATA,
    )
with st.expander("Targets in force"):
    st.dataframe(escalations.default_targets().table(), hide_index=True, placeholder=tables.NO_DATA)

vendor_names = data.vendor_names(path)
if who.may("governance.write") and vendor_names:
    escalation_forms.raise_form(page, path, vendor_names, expanded=frame.empty)

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
    placeholder=tables.NO_DATA,
)

if who.may("governance.write"):
    escalation_forms.work_on(page, chosen, current)
