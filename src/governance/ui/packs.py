"""Cached pack building for the Packs page: the data and the workbook's bytes, keyed on the
database, vendor (None for the portfolio) and period; and the page's period picker, which follows
the sidebar's month."""

from __future__ import annotations

from datetime import date

import streamlit as st

from governance import errors, packs
from governance.kpis import periods
from governance.packs import workbook
from governance.store import db
from governance.store.scope import Scoped
from governance.ui import session
from governance.ui.data import TTL
from governance.workflow import meetings

PERIOD_KEY = "pack_period"
_FOLLOWED = "pack_period_followed"  # the (pack kind, sidebar month) the picker was last set for


def default_period(months: list[date], kind: str, sidebar: date | None, today: date) -> str:
    """The period a pack opens on: the last month (or quarter) with data that has ended by
    ``today``, up to the sidebar's month; an unfinished period only when no other has data."""
    p = periods.last_ended(months, kind, today, upto=sidebar) or periods.last_ended(
        months, kind, today
    )
    if p is not None:
        return p.label
    newest = max(months)
    return (periods.quarter(newest) if kind == "quarter" else periods.month(newest)).label


def follow_sidebar(options: list[str], default: str, kind: str, sidebar: date | None) -> None:
    """Set the period picker to ``default`` when the pack kind or the sidebar month changed since
    it was last set (or its value is gone); a period chosen on the page stands until then."""
    state = st.session_state
    if state.get(_FOLLOWED) != (kind, sidebar) or state.get(PERIOD_KEY) not in options:
        state[PERIOD_KEY] = default if default in options else options[0]
        state[_FOLLOWED] = (kind, sidebar)


@st.cache_data(ttl=TTL, show_spinner="Building the pack…")
def pack(path: str, vendor: str | None, period: str) -> tuple[packs.PackData, bytes]:
    """``packs.gather`` and the workbook it makes, for the page's preview and download."""
    with db.connect(path, migrate_schema=False) as con:
        # A vendor partner's pack has no risk tier: the client's view of its exposure.
        data = packs.gather(con, period, vendor, exposure=not isinstance(path, Scoped))
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
