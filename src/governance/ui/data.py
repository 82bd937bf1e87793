"""Cached reads for the pages: results are cached (not connections), keyed on hashable arguments.

A cached read stays until the database changes: a write made in the app drops every cached read
(``session.data_changed``), and so does a write from outside it, such as a scheduled ``governance
import`` (``follow_changes``, which app.py calls on every run). ``TTL`` only bounds how long an
unused result is kept.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from governance.ingest import importer, labels, layouts, profiles
from governance.kpis import privacy
from governance.scoring import allocation, headline, health, portfolio, risk
from governance.store import db, queries
from governance.store.scope import Scoped
from governance.workflow import compliance, due_dates, meetings

TTL = 3600  # seconds; a change to the data drops the cached reads at once (follow_changes)


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
    profile: object  # the mapping suggested from the file's headers and values
    headers: list
    reasons: dict  # header -> why it got its role ("92% · header words: calls, offered")
    grain: str | None  # interval, day, week or month (None: no time column found)
    # Every saved layout the session may see (layouts.Layout, newest first), each profile as the
    # reader found this file (its sheet and header row), and the name of the one that fits the
    # file's columns (None: none fits).
    layouts: tuple = ()
    fit: str | None = None

    def layout(self, name: str | None):
        """The saved layout of that name, or None."""
        return next((x for x in self.layouts if x.name == name), None)


@st.cache_data(ttl=300, show_spinner="Reading the file…", max_entries=8)
def import_mapping(path: str, content: bytes, file_name: str) -> ImportMapping:
    """The mapping suggested from the file's headers and values (with the reason for each
    column), the file's headers, and the saved layouts the session may see, with the one that
    fits the file's columns (from any vendor)."""
    with _con(path) as con:
        found = importer.suggest_mapping(con, content, file_name=file_name)
        saved = layouts.saved(con)
    read = found.read
    saved = tuple(
        dataclasses.replace(x, profile=layouts.as_read(x.profile, read.sheet, read.header_row))
        if x.profile is not None
        else x
        for x in saved
    )
    fit = layouts.fit(saved, read.headers)
    reasons = {h: f"{r.confidence:.0%} · {r.why}" for h, r in found.reasons.items()}
    return ImportMapping(
        found.profile, read.headers, reasons, found.grain, saved, fit.name if fit else None
    )


@st.cache_data(ttl=10, show_spinner=False)
def saved_layouts(path: str) -> pd.DataFrame:
    """The saved layouts the session may see, newest first (``layouts.listed``)."""
    with _con(path) as con:
        return layouts.listed(con)


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


@st.cache_data(ttl=TTL, show_spinner="Computing the headline…")
def portfolio_headline(path: str, month: date, vendor: str | None) -> headline.Headline:
    """The Portfolio's headline figures for ``month`` (one vendor, or all when None); no people
    figure is among them, so the small-cell threshold is not part of the key."""
    with _con(path) as con:
        return headline.headline(con, month, [vendor] if vendor else None)


def portfolio_leadership(path: str, month: date, vendor: str | None) -> portfolio.Leadership:
    """``portfolio.leadership`` for ``month`` (one vendor, or all when None), cached."""
    return _portfolio_leadership(path, month, vendor, privacy.threshold())


@st.cache_data(ttl=TTL, show_spinner="Scoring the portfolio…")
def _portfolio_leadership(path: str, month: date, vendor: str | None, k: int):
    # k is part of the cache key: the board withholds people figures under the small-cell threshold.
    with _con(path) as con:
        return portfolio.leadership(con, month, [vendor] if vendor else None)


def vendor_health(path: str, month: date, vendor: str | None) -> pd.DataFrame:
    """``health.table`` of ``health.assess`` for ``month`` (one vendor, or all when None), cached."""
    return health.table(_health(path, month, vendor, privacy.threshold()))


@st.cache_data(ttl=TTL, show_spinner=False)
def volume_allocation(path: str, month: date, vendor: str | None) -> pd.DataFrame:
    """``allocation.allocation`` of ``month`` as the Portfolio shows it (one vendor's rows, or
    every vendor's when None)."""
    with _con(path) as con:
        return allocation.shown(allocation.allocation(con, month), vendor)


def vendor_risk(path: str, month: date, vendor: str | None) -> pd.DataFrame:
    """``risk.assess`` for ``month`` (one vendor, or all when None), from the cached health."""
    return _risk(path, month, vendor, privacy.threshold())


@st.cache_data(ttl=TTL, show_spinner="Assessing vendor health…")
def _health(path: str, month: date, vendor: str | None, k: int) -> pd.DataFrame:
    # k is part of the cache key: the reasons withhold figures under the small-cell threshold.
    with _con(path) as con:
        return health.assess(con, month, [vendor] if vendor else None)


@st.cache_data(ttl=TTL, show_spinner=False)
def _risk(path: str, month: date, vendor: str | None, k: int) -> pd.DataFrame:
    assessed = _health(path, month, vendor, k)
    with _con(path) as con:
        return risk.assess(con, month, [vendor] if vendor else None, health_table=assessed)


_seen: dict[str, tuple] = {}  # database file -> its version when this process last looked
_seen_lock = threading.Lock()


def follow_changes(file: str | os.PathLike) -> bool:
    """Drop every cached read when the database changed since this process last looked (an import
    from the command line, another app server, or a write of this app; ``db.data_version``), so
    no page shows data older than the store. The first look only records the version. Returns True when the
    cached reads were dropped."""
    version = db.data_version(file)
    with _seen_lock:
        before = _seen.get(str(file), version)
        _seen[str(file)] = version
    if version == before:
        return False
    st.cache_data.clear()
    return True


def after_write(
    file: str, path: str | Scoped, month: date | None, vendor: str | None, *, warm: bool = True
) -> threading.Thread | None:
    """A write made in the app: every cached read is dropped (and the file's new version recorded,
    so ``follow_changes`` does not drop them again), then the Portfolio's reads for the month the
    sidebar shows (the newest when it shows none) are computed again in the background, so the
    first Portfolio after an import does not compute them while a person waits. A page that asks
    for one of them while it is being computed waits for that computation (Streamlit holds a lock
    per cached value) instead of starting its own. Returns the warming thread, started (None
    when ``warm`` is False: a script run without a server, as AppTest's, has nobody to keep it
    for)."""
    st.cache_data.clear()
    with _seen_lock:
        _seen[str(file)] = db.data_version(file, max_age=0)
    if not warm:
        return None
    warming = threading.Thread(
        target=_warm_portfolio, args=(path, month, vendor), name="governance-warm", daemon=True
    )
    warming.start()
    return warming


def _warm_portfolio(path: str | Scoped, month: date | None, vendor: str | None) -> None:
    """The Portfolio's reads, in two threads (this one and a helper it waits for): the store does
    much of the work outside Python's lock, so the two halves overlap (on the 1M-row file, about
    1.1 s one after the other, 0.8 s side by side)."""

    def warm(month: date, *reads) -> None:
        try:
            for read in reads:
                read(path, month, vendor)
        except Exception:  # a warm-up that fails leaves the page to compute (and report) it
            logging.getLogger(__name__).debug("warming the Portfolio failed", exc_info=True)

    try:
        found = months(path)
    except Exception:
        logging.getLogger(__name__).debug("warming the Portfolio failed", exc_info=True)
        return
    if month not in found:
        month = found[0] if found else None
    if month is None:
        return
    helper = threading.Thread(
        target=warm,
        args=(month, vendor_health, vendor_risk, portfolio_view),
        name="governance-warm-health",
        daemon=True,
    )
    helper.start()
    warm(month, portfolio_headline, portfolio_leadership)
    helper.join()


@st.cache_data(ttl=TTL, show_spinner=False)
def meeting_records(
    path: str, today: date, vendor: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """The Meetings & actions page's reads on ``today`` (one vendor, or all when None): the next
    MBR and QBR of each vendor, the meetings held, the action items (overdue or not) and the
    names of every vendor."""
    with _con(path) as con:
        return (
            meetings.next_due(con, today, vendor),
            queries.meetings(con, vendor),
            meetings.action_items(con, today, vendor),
            queries.vendor_names(con),
        )


@st.cache_data(ttl=TTL, show_spinner=False)
def decisions(path: str, meeting_id: int) -> pd.DataFrame:
    """What was decided at one meeting."""
    with _con(path) as con:
        return queries.decisions(con, meeting_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def compliance_records(
    path: str, today: date, vendor: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The Compliance page's reads on ``today`` (one vendor, or all when None): the
    attestations with their status, the contracts' legal-review and renewal-notice dates, and
    the names of every vendor."""
    with _con(path) as con:
        return (
            compliance.attestations(con, today, vendor),
            compliance.contract_dates(con, today, vendor),
            queries.vendor_names(con),
        )


@st.cache_data(ttl=TTL, show_spinner=False)
def due_items(
    path: str, today: date, days: int, vendor: str | None, kinds: tuple[str, ...]
) -> pd.DataFrame:
    """``due_dates.items``: what is due in the ``days`` after ``today`` or overdue."""
    with _con(path) as con:
        return due_dates.items(con, today, days, vendor=vendor, kinds=kinds)
