"""Per-process and per-session plumbing for the app: database readiness, identity, connections."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import streamlit as st

from governance import config, db
from governance.actors import LOCAL_ADMIN, Actor


def db_path() -> str:
    """The database file this app serves (``$GOVERNANCE_DB`` or the default)."""
    return str(config.db_path())


@st.cache_resource(show_spinner=False)
def _migrated(path: str) -> int:
    with db.connect(path) as con:
        return db.schema_version(con)


def ensure_ready() -> int:
    """Migrate the database once per process (migrations run on start); returns the schema version."""
    return _migrated(db_path())


@contextmanager
def connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for one unit of work (a page's reads, one service's write), closed promptly."""
    with db.connect(db_path(), migrate_schema=False) as con:
        yield con


def data_changed() -> None:
    """Call after a write: cached reads are dropped so every page shows the new state."""
    st.cache_data.clear()


def actor() -> Actor:
    """The acting user. Without single sign-on, the local admin (the sidebar says so)."""
    return LOCAL_ADMIN


def identity_note() -> str:
    """One line for the sidebar about who is acting and how."""
    who = actor()
    return f"Local mode: acting as **{who.name}** ({who.role.replace('_', ' ')}); no single sign-on configured."
