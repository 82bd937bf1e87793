"""Shown instead of every other page to someone who may not see the portfolio: not signed in,
signed in without a role, or served on a network address without single sign-on."""

import streamlit as st

from governance.ui import session
from governance.ui.text import plain

ident = session.identity()

if ident.mode == "refused":
    st.title("Not available on this address")
    st.error(session.refusal())  # our words only: the address comes from the server config
elif ident.mode == "signed_out":
    st.title("Vendor governance")
    st.info("Sign in with your organisation's account to continue.")
    st.button("Sign in", on_click=st.login, type="primary", key="sign_in")
elif ident.actor is None:
    st.title("No access")
    if not ident.verified:  # the provider says the address is not verified
        st.warning(
            plain(
                f"You are signed in as {ident.email}, but your organisation's sign-in says this "
                "e-mail address is not verified, so this tool will not use it to find your role. "
                "Verify the address with your IT team, then sign in again."
            )
        )
    elif ident.email is None:  # signed in, but the provider shared no e-mail address
        st.warning(
            "You are signed in, but your organisation's sign-in did not share your e-mail "
            "address, so this tool cannot find your role. Ask your IT team to release the e-mail "
            "claim (the 'email' scope) to this app, then sign in again."
        )
    else:
        st.warning(
            plain(
                f"You are signed in as {ident.email}, but you have no role in this tool, so "
                "there is nothing to show you. Ask an admin to give you one (Admin > Users, or "
                "'python -m governance users add EMAIL --role ROLE')."
            )
        )
    st.button("Sign out", on_click=st.logout, key="sign_out")
else:
    who = ident.actor
    st.title("No access yet")
    st.warning(
        plain(
            f"You are signed in as {who.name}, a {who.role.replace('_', ' ')}. The pages for your "
            "role are not available yet; ask your contact at the client."
        )
    )
    st.button("Sign out", on_click=st.logout, key="sign_out")
