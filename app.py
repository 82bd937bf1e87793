"""Entry point: page config, identity, shared sidebar filters, navigation. Run with `make run`.

Navigation holds only the pages the acting role may use. A vendor partner gets its own vendor's
pages, each reading a database restricted to that vendor. Anyone else who may not read the
portfolio (not signed in, signed in without a role, a network address without single sign-on)
gets the no-access page and nothing else: no other page, no sidebar filters, no vendor names.
"""

import streamlit as st

from governance import errors
from governance.kpis import privacy
from governance.ui import data, filters, session

st.set_page_config(page_title="Vendor governance", page_icon=":material/handshake:", layout="wide")

try:
    privacy.check_threshold()  # a small-cell k below 3 is refused on start
except errors.InvalidInput as exc:
    st.error(str(exc))
    st.stop()
session.ensure_ready()
data.follow_changes(session.file_path())  # a write from outside the app drops the cached reads
who = session.identity().actor

partner = who is not None and who.role == "vendor_partner"
if who is None or not (who.may("data.read") or partner):
    nav = st.navigation(
        [st.Page("app_pages/no_access.py", title="No access", icon=":material/block:")],
        position="hidden",
    )
    with st.sidebar:
        st.caption(session.identity_note())
    nav.run()
    st.stop()

# Group -> (permission needed to see the page, page).
groups = {
    "Portfolio": [
        (
            "data.read",
            st.Page(
                "app_pages/portfolio.py",
                title="Portfolio",
                icon=":material/dashboard:",
                default=True,
            ),
        ),
    ],
    "Vendors": [
        (
            "data.read",
            st.Page("app_pages/vendors.py", title="Vendor registry", icon=":material/domain:"),
        ),
        (
            "data.read",
            st.Page(
                "app_pages/scorecard.py", title="Vendor scorecard", icon=":material/scoreboard:"
            ),
        ),
    ],
    "Imports": [
        (
            "facts.write",
            st.Page("app_pages/imports.py", title="Imports", icon=":material/upload_file:"),
        ),
    ],
    "Contracts": [
        (
            "data.read",
            st.Page("app_pages/contracts.py", title="Contracts", icon=":material/contract:"),
        ),
        (
            "data.read",
            st.Page("app_pages/billing.py", title="Billing", icon=":material/receipt_long:"),
        ),
    ],
    "Governance": [
        (
            "data.read",
            st.Page(
                "app_pages/escalations.py", title="Escalations", icon=":material/priority_high:"
            ),
        ),
        (
            "data.read",
            st.Page("app_pages/oversight.py", title="Oversight report", icon=":material/policy:"),
        ),
        (
            "data.read",
            st.Page("app_pages/meetings.py", title="Meetings & actions", icon=":material/groups:"),
        ),
        (
            "data.read",
            st.Page("app_pages/survey.py", title="Stakeholder survey", icon=":material/reviews:"),
        ),
        (
            "data.read",
            st.Page("app_pages/training.py", title="Training & KT", icon=":material/school:"),
        ),
        (
            "data.read",
            st.Page("app_pages/compliance.py", title="Compliance", icon=":material/verified:"),
        ),
        (
            "data.read",
            st.Page("app_pages/calendar.py", title="Calendar", icon=":material/calendar_month:"),
        ),
        ("data.read", st.Page("app_pages/packs.py", title="Packs", icon=":material/slideshow:")),
    ],
    "Admin": [
        ("audit.read", st.Page("app_pages/audit.py", title="Audit log", icon=":material/history:")),
        (
            "users.write",
            st.Page("app_pages/admin_users.py", title="Users", icon=":material/manage_accounts:"),
        ),
    ],
}
pages = {
    group: shown
    for group, entries in groups.items()
    if (shown := [page for needs, page in entries if who.may(needs)])
}
if partner:
    # A vendor partner's own pages: every read on them is restricted to its vendor in the
    # database (session.db_path), and they show no rank or portfolio figure.
    pages = {
        who.vendor: [
            st.Page(
                "app_pages/scorecard.py",
                title="Scorecard & credits",
                icon=":material/scoreboard:",
                default=True,
            ),
            st.Page(
                "app_pages/escalations.py", title="Escalations", icon=":material/priority_high:"
            ),
            st.Page("app_pages/packs.py", title="Packs", icon=":material/slideshow:"),
            # Its own invoices and their reconciliation (never another vendor's rates).
            st.Page("app_pages/billing.py", title="Billing", icon=":material/receipt_long:"),
            st.Page("app_pages/imports.py", title="Upload exports", icon=":material/upload_file:"),
        ]
    }

nav = st.navigation(pages)

try:
    path = session.db_path()
    filters.sidebar(data.months(path), data.vendor_names(path))
    with st.sidebar:
        st.divider()
        st.caption(session.identity_note())
        if session.identity().mode == "sso":
            st.button("Sign out", on_click=st.logout, key="sign_out", icon=":material/logout:")
    nav.run()
except errors.GovernanceError as exc:
    # Pages show the refusals they expect; anything the user can act on that escapes one (the
    # database busy for longer than we wait) is still one plain sentence, never a trace.
    st.error(str(exc), icon=":material/error:")
