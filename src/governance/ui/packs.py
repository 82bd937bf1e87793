"""Cached pack building for the Packs page: the data and the workbook's bytes, keyed on the
database, vendor (None for the portfolio) and period."""

from __future__ import annotations

import streamlit as st

from governance import errors, packs
from governance.packs import workbook
from governance.store import db
from governance.ui import session
from governance.ui.data import TTL
from governance.workflow import meetings


@st.cache_data(ttl=TTL, show_spinner="Building the pack…")
def pack(path: str, vendor: str | None, period: str) -> tuple[packs.PackData, bytes]:
    """``packs.gather`` and the workbook it makes, for the page's preview and download."""
    with db.connect(path, migrate_schema=False) as con:
        data = packs.gather(con, period, vendor)
    return data, workbook.to_bytes(data)


def link_to_meeting(pack) -> None:
    """On download: record the pack on the MBR or QBR meeting it was made for (when there is one
    and the user may write); a refusal is shown, never raised."""

    who = session.actor()
    if pack.meeting_id is None or not who.may("governance.write"):
        return
    try:
        with session.connection() as con:
            meetings.link_pack(con, who, pack.meeting_id, packs.pack_name(pack))
        session.data_changed()
    except errors.GovernanceError as exc:
        st.toast(str(exc))
