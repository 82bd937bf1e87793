"""Vendor registry: the vendors governed, their status and governance contacts (their leadership)."""

import streamlit as st

from governance.access import vendors
from governance.ingest import labels
from governance.ui import data, session
from governance.ui import page as ui_page
from governance.ui.editing import Edit
from governance.ui.text import plain

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


def _labels_section() -> None:
    """The chosen vendor's programs, sites, languages and queues; a form to add or remove one
    (vendor managers and admins)."""
    st.subheader("Programs, sites, languages and queues")
    st.caption(
        "Each vendor's known labels. An import whose file brings a label not registered here for "
        "its vendor asks to register it first. Channels are a fixed list (voice, chat, email, "
        "messaging, social, back office) and are not registered. A label names a program, site, "
        "language or queue, never a person."
    )
    labelled = st.selectbox(
        "Vendor",
        registry["name"].tolist(),
        index=page.vendor_index(registry["name"].tolist()),
        key="labels_vendor",
    )
    known = data.vendor_labels(path, labelled)
    if known.empty:
        st.info(plain(f"No label is registered for {labelled} yet."))
    else:
        st.dataframe(
            known.drop(columns=["vendor"]),
            hide_index=True,
            width="stretch",
            column_config={
                "dimension": "Dimension",
                "label": "Label",
                "registered_by": "Registered by",
                "registered_at": st.column_config.DatetimeColumn(
                    "Registered (UTC)", format="YYYY-MM-DD HH:mm"
                ),
                "source": "How",
            },
        )
    if who.may("vendors.write"):
        with st.form("vendor_label"):
            dimension = st.selectbox("Dimension", labels.DIMENSIONS, key="label_dimension")
            label = st.text_input("Label", max_chars=labels.MAX_LABEL, key="label_text")
            c1, c2 = st.columns(2)
            register = c1.form_submit_button("Register label")
            remove = c2.form_submit_button("Remove label")
        if register:
            page.save(
                lambda con: labels.add(con, who, labelled, dimension, [label], source="page"),
                lambda added: (
                    f"Registered the {dimension} '{added[0]}' of {labelled}."
                    if added
                    else f"'{labels.tidy(label)}' is already a registered {dimension} of "
                    f"{labelled}."
                ),
                clear=("label_text",),
            )
        if remove:
            page.save(
                lambda con: labels.remove(con, who, labelled, dimension, label),
                lambda gone: f"Removed the {dimension} '{gone['label']}' of {labelled}.",
                clear=("label_text",),
            )


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
    if not registry.empty:
        _labels_section()
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

if not registry.empty:
    _labels_section()
