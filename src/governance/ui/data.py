"""Cached reads for the pages: results are cached (not connections), keyed on hashable arguments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from governance.ingest import importer, profiles
from governance.scoring import portfolio
from governance.store import db, queries

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


@st.cache_data(ttl=10, show_spinner=False)
def import_batches(path: str, vendor: str | None) -> pd.DataFrame:
    with _con(path) as con:
        return queries.import_batches(con, vendor)


@st.cache_data(ttl=10, show_spinner=False)
def restatements(path: str, vendor: str | None) -> pd.DataFrame:
    with _con(path) as con:
        return queries.restatements(con, vendor)


@dataclass(frozen=True)
class ImportProfile:
    profile: object
    headers: list
    source: str  # stored | suggested


@st.cache_data(ttl=300, show_spinner="Reading the file…", max_entries=8)
def import_profile(path: str, vendor: str, content: bytes, file_name: str) -> ImportProfile:
    """The vendor's saved mapping, else one suggested from this file; and the file's headers."""

    with _con(path) as con:
        suggested, _unplaced, read = importer.suggest_profile(con, content, file_name=file_name)
        stored = importer.stored_profile(con, vendor)
    if stored is not None:
        return ImportProfile(stored, read.headers, "stored")
    return ImportProfile(suggested.with_changes(vendor=vendor), read.headers, "suggested")


@st.cache_data(ttl=300, show_spinner="Checking the file…", max_entries=8)
def import_preview(path: str, content: bytes, file_name: str, profile_toml: str, aggregate: bool):

    with _con(path) as con:
        return importer.preview(
            con,
            content,
            file_name=file_name,
            profile=profiles.parse(profile_toml),
            on_agent_data="aggregate" if aggregate else "refuse",
        )
