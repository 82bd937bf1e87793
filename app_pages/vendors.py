"""Vendor registry: the vendors governed, their status and governance contacts (their leadership)."""

import pandas as pd
import streamlit as st

from governance import errors
from governance.access import vendors
from governance.ui import data, session
from governance.ui.text import plain

st.title("Vendor registry")
st.caption(
    "Governance contacts are the vendor's leadership (account manager, operations director, "
    "executive sponsor), never its agents: the vendor manages its people."
)
path = session.db_path()
who = session.actor()
registry = data.vendors(path)

if registry.empty:
    st.info("No vendor is registered yet.")
else:
    st.dataframe(
        registry.drop(columns=["vendor_id", "version"]),
        hide_index=True,
        width="stretch",
        column_config={
            "name": "Vendor",
            "status": "Status",
            "account_manager": "Account manager",
            "operations_director": "Operations director",
            "executive_sponsor": "Executive sponsor",
            "created_at": st.column_config.DatetimeColumn("Registered", format="YYYY-MM-DD"),
        },
    )

if not who.may("vendors.write"):
    st.stop()

with st.form("add_vendor", clear_on_submit=False):
    st.subheader("Register a vendor")
    name = st.text_input("Vendor name", max_chars=vendors.MAX_NAME, key="new_vendor_name")
    submitted = st.form_submit_button("Register")
if submitted:
    try:
        with session.connection() as con:
            added = vendors.add_vendors(con, who, [name])
    except errors.GovernanceError as exc:
        st.error(str(exc))
    else:
        session.data_changed()
        st.success(
            plain(
                f"Registered {added[0]}." if added else f"'{name.strip()}' is already registered."
            )
        )

if not registry.empty:
    with st.form("contacts"):
        st.subheader("Governance contacts")
        chosen = st.selectbox("Vendor", registry["name"].tolist(), key="contacts_vendor")
        row = registry.set_index("name").loc[chosen]
        text = {
            k: ("" if pd.isna(row[k]) else str(row[k]))
            for k in ("account_manager", "operations_director", "executive_sponsor")
        }
        manager = st.text_input("Account manager", value=text["account_manager"])
        director = st.text_input("Operations director", value=text["operations_director"])
        sponsor = st.text_input("Executive sponsor", value=text["executive_sponsor"])
        status = st.selectbox(
            "Status",
            ["active", "onboarding", "exiting", "inactive"],
            index=["active", "onboarding", "exiting", "inactive"].index(row["status"]),
        )
        saved = st.form_submit_button("Save contacts")
    if saved:
        try:
            with session.connection() as con:
                vendors.update_contacts(
                    con,
                    who,
                    chosen,
                    account_manager=manager,
                    operations_director=director,
                    executive_sponsor=sponsor,
                    status=status,
                    expected_version=int(row["version"]),
                )
        except errors.GovernanceError as exc:
            st.error(str(exc))
        else:
            session.data_changed()
            st.success(f"Saved the contacts of {chosen}.")
