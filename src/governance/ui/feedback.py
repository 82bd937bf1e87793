"""After a save: the message survives the rerun that makes every table on the page current."""

from __future__ import annotations

import streamlit as st

from governance.ui import session
from governance.ui.text import plain


def show_saved(key: str) -> None:
    """Show (once) the message a previous run saved under ``key``."""
    if key in st.session_state:
        st.success(plain(st.session_state.pop(key)))


def saved(key: str, message: str, clear: tuple[str, ...] = ()) -> None:
    """After a save: drop cached reads, clear the form's inputs, and show ``message`` on a fresh
    run so every table on the page includes the change."""
    session.data_changed()
    for name in clear:
        st.session_state.pop(name, None)
    st.session_state[key] = message
    st.rerun()
