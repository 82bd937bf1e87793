"""Users: who may use the tool and in which role. Single sign-on says who someone is; this page
gives each e-mail a role (admins only; every change is in the audit log)."""

import streamlit as st

from governance.access import users
from governance.access.actors import ROLES
from governance.ui import data, session
from governance.ui import page as ui_page
from governance.ui.editing import Edit

if not session.actor().may("users.write"):
    st.title("Users")
    st.error("Users are managed by admins.")
    st.stop()
page = ui_page.start(
    "Users",
    "Give each person, by the e-mail they sign in with, one role: admin (configuration, users), "
    "vendor manager (imports, contracts, governance), leadership (reads, packs), auditor (reads "
    "and the audit log) or vendor partner (one vendor's own data). Someone signed in without a "
    "role sees only a page saying so.",
    flash="users_saved",
)
who = page.who


def _role_label(role: str) -> str:
    return role.replace("_", " ")


path = session.db_path()
with session.connection() as con:
    listed = users.list(con)
vendor_names = data.vendor_names(path)

if listed.empty:
    st.info("No user has a role yet.")
else:
    st.dataframe(
        listed.drop(columns=["version"]),
        hide_index=True,
        width="stretch",
        column_config={
            "email": "E-mail",
            "role": "Role",
            "vendor": "Vendor",
            "created_at": st.column_config.DatetimeColumn("Added", format="YYYY-MM-DD"),
        },
    )

with st.form("add_user"):
    st.subheader("Add a user")
    email = st.text_input("E-mail", max_chars=users.MAX_EMAIL, key="new_user_email")
    role = st.selectbox(
        "Role",
        ROLES,
        index=None,  # no default: an administrator's rights are never one careless click away
        placeholder="Choose a role",
        format_func=_role_label,
        key="new_user_role",
    )
    vendor = st.selectbox(
        "Vendor (vendor partners only)",
        [None, *vendor_names],
        format_func=lambda v: v or "No vendor",
        key="new_user_vendor",
    )
    submitted = st.form_submit_button("Add user")
if submitted:
    page.save(
        lambda con: users.add(con, who, email, role, vendor),
        lambda added: f"Added {added['email']} as {_role_label(added['role'])}.",
    )

if not listed.empty:
    st.subheader("Change or remove a user")
    chosen = st.selectbox("User", listed["email"].tolist(), key="edit_user_email")
    edit = Edit("uc", chosen, ("role",))
    version = edit.open(listed.set_index("email").loc[chosen].to_dict())
    with st.form("change_user"):
        new_role = st.selectbox("Role", ROLES, format_func=_role_label, key=edit.key("role"))
        new_vendor = st.selectbox(
            "Vendor (vendor partners only)",
            [None, *vendor_names],
            format_func=lambda v: v or "No vendor",
            key="edit_user_vendor",
        )
        c1, c2 = st.columns(2)
        change = c1.form_submit_button("Save role")
        drop = c2.form_submit_button("Remove user")
    if change:
        page.save(
            lambda con: users.set_role(
                con, who, chosen, new_role, new_vendor, expected_version=version
            ),
            f"Changed {chosen} to {_role_label(new_role)}.",
            edit=edit,
        )
    elif drop:
        page.save(
            lambda con: users.remove(con, who, chosen, expected_version=version),
            f"Removed {chosen}.",
            edit=edit,
        )
    edit.stale_notice()
