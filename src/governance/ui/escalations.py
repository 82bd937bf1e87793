"""Streamlit helpers for the Escalations page: cached reads and the log's display."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from governance.access import audit
from governance.store import db, queries
from governance.workflow import escalations

TTL = 10
FLASH = "escalations_flash"

ACTION_LABELS = {
    "acknowledge": "Acknowledge",
    "escalate": "Escalate",
    "resolve": "Resolve",
    "close": "Close",
    "reopen": "Reopen",
}
BREACHED_LABELS = {
    None: "Any",
    "any": "Breached (either target)",
    "response": "Response target breached",
    "resolution": "Resolution target breached",
    "none": "Not breached",
}
LOG_ORDER = [
    "escalation_id",
    "vendor",
    "severity",
    "level",
    "status",
    "category",
    "title",
    "age",
    "response",
    "response_target",
    "response_due",
    "resolution",
    "resolution_target",
    "resolution_due",
    "suggestion",
]


def _con(path: str):
    return db.connect(path, migrate_schema=False)


def now() -> datetime:
    """The clock's ``now`` for a render, to the minute (so cached reads can be reused)."""
    return audit.now().replace(second=0, microsecond=0)


@st.cache_data(ttl=TTL, show_spinner=False)
def log(
    path: str,
    at: datetime,
    vendor: str | None,
    statuses: tuple[str, ...],
    severities: tuple[str, ...],
    categories: tuple[str, ...],
    breached: str | None,
) -> pd.DataFrame:
    with _con(path) as con:
        return escalations.log(
            con,
            at,
            vendor=vendor,
            status=statuses or None,
            severity=severities or None,
            category=categories or None,
            breached=breached,
        )


@st.cache_data(ttl=TTL, show_spinner=False)
def history(path: str, escalation_id: int, version: int) -> pd.DataFrame:
    """An escalation's history (``version`` is part of the key: a new change, a new read)."""
    with _con(path) as con:
        return escalations.history(con, escalation_id)


@st.cache_data(ttl=60, show_spinner=False)
def scopes(path: str, vendor: str) -> tuple[list[str], list[str]]:
    with _con(path) as con:
        return queries.escalation_scopes(con, vendor)


def record(path: str, escalation_id: int) -> dict:
    """The escalation as stored now (not cached: the page compares it with what was opened)."""
    with _con(path) as con:
        return escalations.get(con, escalation_id)


def display(frame: pd.DataFrame):
    """The log for ``st.dataframe``: category labels, and breached targets highlighted (the cell
    also says "Breached", so colour is never the only signal)."""
    shown = frame.assign(category=frame["category"].map(escalations.CATEGORY_LABELS))

    def mark(value):
        if value == "Breached":
            return "background-color: #f8d7da; color: #842029; font-weight: bold"
        return ""

    return shown.style.map(mark, subset=["response", "resolution"])


def log_columns() -> dict:
    dt = "YYYY-MM-DD HH:mm"
    return {
        "escalation_id": st.column_config.NumberColumn("#", format="%d"),
        "vendor": "Vendor",
        "severity": "Severity",
        "level": "Level",
        "status": "Status",
        "category": "Category",
        "title": st.column_config.TextColumn("Title", width="medium"),
        "age": st.column_config.TextColumn("Age", help="Time since it was raised (until resolved)"),
        "response": st.column_config.TextColumn(
            "Response", help="Acknowledged at the current level within the response target?"
        ),
        "response_target": "Response target",
        "response_due": st.column_config.DatetimeColumn("Response due (UTC)", format=dt),
        "resolution": st.column_config.TextColumn(
            "Resolution", help="Resolved within the resolution target of the current level?"
        ),
        "resolution_target": "Resolution target",
        "resolution_due": st.column_config.DatetimeColumn("Resolution due (UTC)", format=dt),
        "suggestion": st.column_config.TextColumn("Suggestion", width="medium"),
    }


def history_columns() -> dict:
    return {
        "occurred_at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm"),
        "actor": "Who",
        "from_status": "From",
        "to_status": "To",
        "from_level": "From level",
        "to_level": "To level",
        "note": st.column_config.TextColumn("Note", width="large"),
    }


def choice_label(frame: pd.DataFrame):
    """Labels for the escalation picker: ``#3 · Vendor · P1 · title``."""
    rows = frame.set_index("escalation_id")

    def label(escalation_id: int) -> str:
        r = rows.loc[escalation_id]
        return f"#{escalation_id} · {r['vendor']} · {r['severity']} {r['status']} · {r['title']}"

    return label


def action_label(action: str, level: str) -> str:
    if action == "escalate" and level != escalations.LEVELS[-1]:
        up = escalations.LEVELS[escalations.LEVELS.index(level) + 1]
        return f"Escalate to {escalations.LEVEL_LABELS[up]}"
    return ACTION_LABELS[action]
