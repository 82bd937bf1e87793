"""Oversight report: stored free text that directs or evaluates individual vendor staff."""

import streamlit as st

from governance.ui import filters, session
from governance.ui import wording as wording_gate
from governance.workflow import wording

st.title("Oversight report")
st.caption(
    "Every stored free text (escalations and their history notes, action items, meeting agendas "
    "and minutes, decisions, contract amendment reasons) screened for co-employment wording: "
    "hiring or firing, discipline, schedules, pay, direct supervision, treating vendor staff as "
    "our employees, a named person beside a performance measure. The client governs outcomes; "
    "the vendor manages its people."
)

report = wording_gate.oversight_report(session.db_path())
if report.empty:
    st.success("No risky wording in the stored text.", icon=":material/verified_user:")
    st.stop()

vendor = filters.current().vendor
families = st.multiselect(
    "Families",
    wording.FAMILIES,
    format_func=wording.family_label,
    key="oversight_families",
    placeholder="All families",
    help="Show only findings of these families. The vendor filter is in the sidebar.",
)
shown = wording.filter_report(report, families=families, vendor=vendor)
st.caption(
    f"{len(shown)} of {len(report)} findings"
    + (f" for {vendor}" if vendor else " across all vendors")
    + ". Open the record to rewrite it as an outcome the vendor delivers."
)
if shown.empty:
    st.info("No findings match the chosen families and vendor.")
    st.stop()

st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_order=[
        "record_type",
        "record_id",
        "vendor",
        "field",
        "label",
        "matched",
        "suggestion",
        "excerpt",
        "explanation",
    ],
    column_config={
        "record_type": "Record",
        "record_id": st.column_config.NumberColumn("Id", format="%d"),
        "vendor": "Vendor",
        "field": "Field",
        "label": "Family",
        "matched": "Words",
        "excerpt": st.column_config.TextColumn("Text", width="large"),
        "suggestion": st.column_config.TextColumn("Suggested rewording", width="medium"),
        "explanation": st.column_config.TextColumn("Risk", width="medium"),
    },
)
with st.expander("Findings by family"):
    st.dataframe(
        wording.family_counts(shown),
        hide_index=True,
        column_order=["label", "findings"],
        column_config={"label": "Family", "findings": "Findings"},
    )
