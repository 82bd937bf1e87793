"""Cached reads for the pages: results are cached (not connections), keyed on hashable arguments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from governance.ingest import importer, labels, profiles
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


@st.cache_data(ttl=TTL, show_spinner=False)
def vendor_labels(path: str, vendor: str) -> pd.DataFrame:
    """The vendor's registered programs, sites, languages and queues."""
    with _con(path) as con:
        return labels.registered(con, vendor)


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
class ImportMapping:
    profile: object
    headers: list
    layout_of: str | None  # the vendor whose saved mapping fits the file; None: suggested
    reasons: dict  # header -> why it got its role ("92% · header words: calls, offered")
    grain: str | None  # interval, day, week or month (None: no time column found)


@st.cache_data(ttl=300, show_spinner="Reading the file…", max_entries=8)
def import_mapping(path: str, content: bytes, file_name: str) -> ImportMapping:
    """A saved mapping whose columns the file has (from any vendor the session may see), else
    one suggested from the file's headers and values (with the reason for each column); and the
    file's headers."""
    with _con(path) as con:
        found = importer.suggest_mapping(con, content, file_name=file_name)
        known = importer.known_layout(con, found.read.headers)
    headers = found.read.headers
    if known is not None:
        return ImportMapping(known[1], headers, known[0], {}, found.grain)
    reasons = {h: f"{r.confidence:.0%} · {r.why}" for h, r in found.reasons.items()}
    return ImportMapping(found.profile, headers, None, reasons, found.grain)


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


@st.cache_data(ttl=300, show_spinner="Checking every row…", max_entries=8)
def import_check(
    path: str, who, content: bytes, file_name: str, vendor: str | None, profile_toml: str, aggregate
):
    """The import as a dry run: every check, what it would load and replace, and the vendors it
    would register (for a role that may register them), and the labels it brings that are not
    registered yet (listed for such a role; for others the check refuses with them); writes
    nothing."""
    with db.connect(path, migrate_schema=False) as con:
        return importer.run(
            con,
            who,
            content,
            file_name=file_name,
            vendor=vendor,
            profile=profiles.parse(profile_toml),
            on_agent_data="aggregate" if aggregate else "refuse",
            dry_run=True,
            add_vendors=who.may("vendors.write"),
            add_labels=who.may("vendors.write"),
        )
