"""Cached reads for the pages: results are cached (not connections), keyed on hashable arguments."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from governance import db, portfolio, queries

TTL = 60


def _con(path: str):
    return db.connect(path, migrate_schema=False)


@st.cache_data(ttl=TTL, show_spinner=False)
def months(path: str) -> list[date]:
    """Months with data, newest first."""
    with _con(path) as con:
        return queries.months_with_data(con)


@st.cache_data(ttl=TTL, show_spinner=False)
def vendor_names(path: str) -> list[str]:
    with _con(path) as con:
        return queries.vendor_names(con)


@st.cache_data(ttl=TTL, show_spinner=False)
def vendors(path: str) -> pd.DataFrame:
    with _con(path) as con:
        return queries.vendors(con)


@st.cache_data(ttl=TTL, show_spinner="Computing the portfolio…")
def portfolio_view(path: str, month: date, vendor: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Portfolio page's data in one unit of work: the month summary and the 18-month trend."""
    only = [vendor] if vendor else None
    with _con(path) as con:
        summary = portfolio.month_summary(con, month, only)
        trend = portfolio.trend(con, "service_level", month, 18, only)
    return summary, trend


@st.cache_data(ttl=10, show_spinner=False)
def audit_events(path: str, limit: int) -> pd.DataFrame:
    with _con(path) as con:
        return queries.audit_events(con, limit)
