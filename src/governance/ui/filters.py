"""The shared sidebar filters (period, vendor), drawn by app.py on every run and read by every page.

Because the entrypoint draws them on every page, Streamlit keeps their state across pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from governance.kpis import periods

MONTH_KEY = "filter_month"
VENDOR_KEY = "filter_vendor"
ALL_VENDORS = "All vendors"


@dataclass(frozen=True)
class Filters:
    month: date | None
    vendor: str | None  # None = all vendors


def month_label(d: date) -> str:
    """ "Nov 2026": the one way a period reads (``periods.label``)."""
    return periods.label(d)


def sidebar(months: list[date], vendors: list[str]) -> Filters:
    """Draw the period and vendor pickers in the sidebar and return the choice."""
    state = st.session_state
    # A choice that no longer exists (data or vendor removed) falls back to the default.
    if state.get(MONTH_KEY) is not None and state[MONTH_KEY] not in months:
        del state[MONTH_KEY]
    if state.get(VENDOR_KEY) is not None and state[VENDOR_KEY] not in [ALL_VENDORS, *vendors]:
        del state[VENDOR_KEY]
    with st.sidebar:
        st.subheader("Filters")
        if months:
            st.selectbox(
                "Month",
                months,
                format_func=month_label,
                key=MONTH_KEY,
                help="The reporting month every page opens on.",
            )
        st.selectbox(
            "Vendor",
            [ALL_VENDORS, *vendors],
            key=VENDOR_KEY,
            help="Narrow the pages to one vendor.",
        )
    return current(months)


def current(months: list[date] | None = None) -> Filters:
    """The filters as last chosen (defaults: the newest month, all vendors)."""
    state = st.session_state
    month = state.get(MONTH_KEY)
    if months is not None and month not in months:
        month = months[0] if months else None
    vendor = state.get(VENDOR_KEY)
    return Filters(month=month, vendor=None if vendor in (None, ALL_VENDORS) else vendor)
