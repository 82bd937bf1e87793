"""Compliance: attestations per vendor with their expiry, and contract legal-review and
renewal-notice dates."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from governance.ui import data, session, tables
from governance.ui import page as ui_page
from governance.ui.editing import Edit
from governance.ui.text import plain
from governance.workflow import compliance

page = ui_page.start(
    "Compliance",
    "Attestations each vendor has provided (PCI DSS, SOC 2 Type II, ISO 27001, the "
    "data-processing agreement, …) with their expiry and evidence, and the legal-review and "
    "renewal-notice dates of each contract. Dates also appear on the Calendar.",
    flash="compliance_flash",
)
who, vendor, today = page.who, page.vendor, page.today

held, dates, vendor_names = data.compliance_records(session.db_path(), today, vendor)

st.subheader("Attestations")
show_old = st.toggle("Show superseded attestations", key="cmp_show_old")
shown = held if show_old else compliance.current_only(held)
if shown.empty:
    st.info("No attestation recorded" + (plain(f" for {vendor}.") if vendor else "."))
else:
    st.dataframe(
        shown[["attestation_id", "vendor", "kind", "issued", "expires", "status", "evidence_ref"]],
        hide_index=True,
        width="stretch",
        height=tables.rows_height(len(shown)),
        column_config={
            "attestation_id": "Id",
            "vendor": "Vendor",
            "kind": "Type",
            "issued": "Issued",
            "expires": "Expires",
            "status": "Status",
            "evidence_ref": "Evidence",
        },
    )

st.subheader("Contract dates")
if dates.empty:
    st.info("No running contract has a legal-review or renewal-notice date.")
else:
    st.dataframe(
        dates,
        hide_index=True,
        width="stretch",
        height=tables.rows_height(len(dates)),
        column_config={
            "vendor": "Vendor",
            "contract": "Contract",
            "kind": "Date of",
            "date": "Date",
            "days": "Days from today",
            "status": "Status",
        },
    )

if not who.may("governance.write") or not vendor_names:
    st.stop()

st.divider()
st.subheader("Record an attestation")
new = {
    "vendor": st.selectbox(
        "Vendor", vendor_names, page.vendor_index(vendor_names), key="cmp_vendor"
    )
}
new["kind"] = st.selectbox("Type", compliance.KINDS, key="cmp_kind")
new["issued"] = st.date_input("Issued", value=today, key="cmp_issued")
new["expires"] = st.date_input("Expires", value=today + timedelta(days=365), key="cmp_expires")
new["evidence_ref"] = st.text_input(
    "Evidence reference (report number, document link)", key="cmp_evidence"
)
if st.button("Save attestation", key="cmp_save", type="primary"):
    page.save(
        lambda con: compliance.record_attestation(con, who, **new),
        lambda new_id: f"Recorded the {new['kind']} attestation of {new['vendor']} (id {new_id}).",
        clear=("cmp_evidence",),
    )

current = compliance.current_only(held)
if not current.empty:
    st.subheader("Correct an attestation")
    labels = {
        int(r.attestation_id): f"{r.vendor} · {r.kind} · issued {r.issued:%Y-%m-%d}"
        for r in current.itertuples()
    }
    aid = st.selectbox("Attestation", list(labels), format_func=labels.get, key="cmp_pick")
    record = current.set_index("attestation_id").loc[aid]
    edit = Edit("cmp", aid, ("e_issued", "e_expires", "e_evidence"))
    version = edit.open(
        {
            "version": record["version"],
            "e_issued": pd.Timestamp(record["issued"]),
            "e_expires": pd.Timestamp(record["expires"]),  # NaT when it never expires
            "e_evidence": record["evidence_ref"],
        }
    )
    changes = {"issued": st.date_input("Issued", key=edit.key("e_issued"))}
    changes["expires"] = st.date_input("Expires", key=edit.key("e_expires"))
    changes["evidence_ref"] = st.text_input("Evidence reference", key=edit.key("e_evidence"))
    if st.button("Save correction", key="cmp_e_save"):
        page.save(
            lambda con: compliance.update_attestation(
                con, who, aid, expected_version=version, **changes
            ),
            "Attestation corrected.",
            edit=edit,
        )
    edit.stale_notice()
