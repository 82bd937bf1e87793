"""Vendor registry: the vendors governed, their status and governance contacts (their leadership)."""

import streamlit as st

from governance.access import vendors
from governance.ui import data, session
from governance.ui import page as ui_page
from governance.ui.editing import Edit

page = ui_page.start(
    "Vendor registry",
    "Governance contacts are the vendor's leadership (account manager, operations director, "
    "executive sponsor), never its agents: the vendor manages its people.",
    flash="vendors_flash",
)
path = session.db_path()
who = page.who
CONTACTS = {
    "account_manager": "Account manager",
    "operations_director": "Operations director",
    "executive_sponsor": "Executive sponsor",
}
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
    page.save(
        lambda con: vendors.add_vendors(con, who, [name]),
        lambda added: (
            f"Registered {added[0]}." if added else f"'{name.strip()}' is already registered."
        ),
        clear=("new_vendor_name",),
    )

if not registry.empty:
    st.subheader("Governance contacts")
    chosen = st.selectbox("Vendor", registry["name"].tolist(), key="contacts_vendor")
    edit = Edit("vc", chosen, (*CONTACTS, "status"))
    version = edit.open(registry.set_index("name").loc[chosen].to_dict())
    with st.form("contacts"):
        changes = {c: st.text_input(CONTACTS[c], key=edit.key(c)) for c in CONTACTS}
        changes["status"] = st.selectbox("Status", vendors.STATUSES, key=edit.key("status"))
        saved = st.form_submit_button("Save contacts")
    if saved:
        page.save(
            lambda con: vendors.update_contacts(
                con, who, chosen, **changes, expected_version=version
            ),
            f"Saved the contacts of {chosen}.",
            edit=edit,
        )
    edit.stale_notice()
