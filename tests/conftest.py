"""Shared fixtures: every test gets its own DuckDB file (and, where it asks, its own database on a
real PostgreSQL server); a developer's data/ and secrets stay out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from governance.access.actors import Actor
from governance.store import db, server

from . import postgres

ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = ROOT / "tests" / "data" / "real"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Point the default database at a per-test file and keep lock waits short.

    No test can touch the developer's data/governance.duckdb or read .streamlit/secrets.toml:
    the database comes from $GOVERNANCE_DB, and the app tests pass secrets explicitly.
    """
    monkeypatch.setenv("GOVERNANCE_DB", str(tmp_path / "governance.duckdb"))
    monkeypatch.setenv("GOVERNANCE_LOCK_WAIT", "2")
    monkeypatch.delenv("GOVERNANCE_SMALL_CELL_K", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    """A fresh database file path (not yet created)."""
    return tmp_path / "governance.duckdb"


@pytest.fixture
def con(request, db_path):
    """A migrated connection to a fresh database file, closed after the test; with
    ``$GOVERNANCE_TEST_STORE=server``, to a fresh database on the PostgreSQL server instead."""
    target = db_path
    if os.environ.get("GOVERNANCE_TEST_STORE") == "server":
        target = request.getfixturevalue("pg_url")
    with db.connect(target) as connection:
        yield connection


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL server the tests may create databases on: $GOVERNANCE_TEST_PG, else
    a private cluster on 127.0.0.1 for this test run."""
    given = os.environ.get(postgres.ENV)
    if given:
        yield given
        server.close_pools()
        return
    cluster = postgres.Cluster().start()
    try:
        yield cluster.url
    finally:
        server.close_pools()
        cluster.stop()


@pytest.fixture
def pg_url(pg_server):
    """A new, empty database on the server, for this test (dropped after it)."""
    url = postgres.new_database(pg_server)
    yield url
    server.close_pools(url)
    postgres.drop_database(pg_server, url)


@pytest.fixture(params=["file", "server"])
def target(request, tmp_path) -> Path | str:
    """The store a test runs on, once on each: a new DuckDB file, then a new PostgreSQL database."""
    if request.param == "file":
        return tmp_path / "governance.duckdb"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def admin() -> Actor:
    return Actor("ada@client.example", "admin")


@pytest.fixture
def manager() -> Actor:
    return Actor("vince@client.example", "vendor_manager")


@pytest.fixture
def leader() -> Actor:
    return Actor("lee@client.example", "leadership")


@pytest.fixture
def auditor() -> Actor:
    return Actor("audrey@client.example", "auditor")
