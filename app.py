"""Entry point: page config, identity, shared sidebar filters, navigation. Run with `make run`."""

import streamlit as st

from governance.ui import data, filters, session

st.set_page_config(page_title="Vendor governance", page_icon=":material/handshake:", layout="wide")

session.ensure_ready()
who = session.actor()

pages = {
    "Portfolio": [
        st.Page("pages/portfolio.py", title="Portfolio", icon=":material/dashboard:", default=True),
    ],
    "Vendors": [
        st.Page("pages/vendors.py", title="Vendor registry", icon=":material/domain:"),
        st.Page("pages/scorecard.py", title="Vendor scorecard", icon=":material/scoreboard:"),
    ],
    "Imports": [
        st.Page("pages/imports.py", title="Imports", icon=":material/upload_file:"),
    ],
    "Contracts": [
        st.Page("pages/contracts.py", title="Contracts", icon=":material/contract:"),
    ],
    "Governance": [
        st.Page("pages/escalations.py", title="Escalations", icon=":material/priority_high:"),
        st.Page("pages/oversight.py", title="Oversight report", icon=":material/policy:"),
        st.Page("pages/meetings.py", title="Meetings & actions", icon=":material/groups:"),
        st.Page("pages/training.py", title="Training & KT", icon=":material/school:"),
        st.Page("pages/compliance.py", title="Compliance", icon=":material/verified:"),
        st.Page("pages/calendar.py", title="Calendar", icon=":material/calendar_month:"),
        st.Page("pages/packs.py", title="Packs", icon=":material/slideshow:"),
    ],
}
if who.may("audit.read"):
    pages["Admin"] = [st.Page("pages/audit.py", title="Audit log", icon=":material/history:")]

nav = st.navigation(pages)

path = session.db_path()
filters.sidebar(data.months(path), data.vendor_names(path))
with st.sidebar:
    st.divider()
    st.caption(session.identity_note())

nav.run()
