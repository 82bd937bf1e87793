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
