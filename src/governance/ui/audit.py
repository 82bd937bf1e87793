"""Cached reads and labels for the Audit page (the page itself stays a thin shell)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from governance.access import audit
from governance.access.actors import Actor
from governance.store import db, queries

TTL = 10
LIMIT = 1000
COLUMNS = {
    "event_id": "#",
    "occurred_at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm:ss"),
    "actor": "Who",
    "role": "Role",
    "action": "What",
    "entity": "Record",
    "entity_id": "Id",
}
DIFF_COLUMNS = {
    "field": "Field",
    "before": "Before",
    "after": "After",
    "changed": st.column_config.CheckboxColumn("Changed"),
}


def _con(path: str):
    return db.connect(path, migrate_schema=False)


@st.cache_data(ttl=TTL, show_spinner=False)
def facets(path: str) -> dict[str, list[str]]:
    """Who, what and which records appear in the log, for the filters."""
    with _con(path) as con:
        return queries.audit_facets(con)


@st.cache_data(ttl=TTL, show_spinner=False)
def events(
    path: str,
    who: str | None,
    action: str | None,
    entity: str | None,
    entity_id: str | None,
    date_from: date | None,
    date_to: date | None,
    limit: int = LIMIT,
    *,
    actor: Actor,
) -> pd.DataFrame:
    with _con(path) as con:
        return audit.events(
            con, who, action, entity, entity_id, date_from, date_to, limit, actor=actor
        )


def event_label(row) -> str:
    """One line naming an event in the picker (plain text, never Markdown)."""
    record = f"{row.entity} {row.entity_id}" if row.entity_id is not None else row.entity
    return f"#{row.event_id} · {row.occurred_at:%Y-%m-%d %H:%M:%S} · {row.actor} · {row.action} · {record}"
