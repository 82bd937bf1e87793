"""Compliance: attestations per vendor with their expiry, and contract legal-review and
renewal-notice dates."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from governance import errors
from governance.store import queries
from governance.ui import feedback, filters, session
from governance.ui.text import plain
from governance.workflow import compliance

st.title("Compliance")
st.caption(
    "Attestations each vendor has provided (PCI DSS, SOC 2 Type II, ISO 27001, the "
    "data-processing agreement, …) with their expiry and evidence, and the legal-review and "
    "renewal-notice dates of each contract. Dates also appear on the Calendar."
)
who = session.actor()
vendor = filters.current().vendor
today = date.today()

FLASH = "compliance_flash"
feedback.show_saved(FLASH)


def _saved(message: str, clear: tuple[str, ...] = ()) -> None:
    feedback.saved(FLASH, message, clear)


with session.connection() as con:
    held = compliance.attestations(con, today, vendor)
    dates = compliance.contract_dates(con, today, vendor)
    vendor_names = queries.vendor_names(con)

st.subheader("Attestations")
show_old = st.toggle("Show superseded attestations", key="cmp_show_old")
shown = held if show_old else held[held["current"]]
if shown.empty:
    st.info("No attestation recorded" + (plain(f" for {vendor}.") if vendor else "."))
else:
    st.dataframe(
        shown[["attestation_id", "vendor", "kind", "issued", "expires", "status", "evidence_ref"]],
        hide_index=True,
        width="stretch",
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
    dates = dates.assign(status=["overdue" if d < 0 else "due" for d in dates["days"]])
    st.dataframe(
        dates,
        hide_index=True,
        width="stretch",
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
c_vendor = st.selectbox(
    "Vendor",
    vendor_names,
    key="cmp_vendor",
    index=vendor_names.index(vendor) if vendor in vendor_names else 0,
)
c_kind = st.selectbox("Type", compliance.KINDS, key="cmp_kind")
c_issued = st.date_input("Issued", value=today, key="cmp_issued")
c_expires = st.date_input("Expires", value=today + timedelta(days=365), key="cmp_expires")
c_evidence = st.text_input("Evidence reference (report number, document link)", key="cmp_evidence")
if st.button("Save attestation", key="cmp_save", type="primary"):
    try:
        with session.connection() as con:
            new_id = compliance.record_attestation(
                con,
                who,
                vendor=c_vendor,
                kind=c_kind,
                issued=c_issued,
                expires=c_expires,
                evidence_ref=c_evidence,
            )
    except errors.GovernanceError as exc:
        st.error(str(exc))
    else:
        _saved(f"Recorded the {c_kind} attestation of {c_vendor} (id {new_id}).", ("cmp_evidence",))

current = held[held["current"]]
if not current.empty:
    st.subheader("Correct an attestation")
    labels = {
        int(r.attestation_id): f"{r.vendor} · {r.kind} · issued {r.issued:%Y-%m-%d}"
        for r in current.itertuples()
    }
    aid = st.selectbox("Attestation", list(labels), format_func=labels.get, key="cmp_pick")

    def _reload(attestation_id: int) -> None:
        for key in ("cmp_version", "cmp_e_issued", "cmp_e_expires", "cmp_e_evidence", "cmp_stale"):
            st.session_state.pop(f"{key}_{attestation_id}", None)

    record = current.set_index("attestation_id").loc[aid]
    state = st.session_state
    if f"cmp_version_{aid}" not in state:  # read once: a concurrent change is refused on save
        state[f"cmp_version_{aid}"] = int(record["version"])
        state[f"cmp_e_issued_{aid}"] = pd.Timestamp(record["issued"]).date()
        state[f"cmp_e_expires_{aid}"] = (
            None if pd.isna(record["expires"]) else pd.Timestamp(record["expires"]).date()
        )
        state[f"cmp_e_evidence_{aid}"] = (
            "" if pd.isna(record["evidence_ref"]) else record["evidence_ref"]
        )
    e_issued = st.date_input("Issued", key=f"cmp_e_issued_{aid}")
    e_expires = st.date_input("Expires", key=f"cmp_e_expires_{aid}")
    e_evidence = st.text_input("Evidence reference", key=f"cmp_e_evidence_{aid}")
    if st.button("Save correction", key="cmp_e_save"):
        try:
            with session.connection() as con:
                compliance.update_attestation(
                    con,
                    who,
                    aid,
                    expected_version=state[f"cmp_version_{aid}"],
                    issued=e_issued,
                    expires=e_expires,
                    evidence_ref=e_evidence,
                )
        except errors.StaleRecord as exc:
            state[f"cmp_stale_{aid}"] = str(exc)
        except errors.GovernanceError as exc:
            st.error(str(exc))
        else:
            _reload(aid)
            _saved("Attestation corrected.")
    if state.get(f"cmp_stale_{aid}"):  # refused: the user's entries stay until they reload
        st.error(state[f"cmp_stale_{aid}"])
        if st.button("Reload the saved version (discards your edits)", key=f"cmp_reload_{aid}"):
            _reload(aid)
            st.rerun()
