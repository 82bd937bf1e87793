"""What a person sees when the database is not what the program expects: a database holding
another application's tables, a server whose connections all stay busy. A clear message and exit
2 (bad input or busy, not broken), never an internal error, and nothing changed."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import psycopg
import pytest

from governance import cli
from governance.errors import DatabaseLocked
from governance.store import server


def gov(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "governance", *args], capture_output=True, text=True, timeout=120
    )


def raw_sql(target, *statements: str) -> list[tuple]:
    """Statements run on ``target`` without the program; returns the last one's rows."""
    if server.is_url(str(target)):
        with psycopg.connect(str(target), autocommit=True) as con:
            for sql in statements:
                cur = con.execute(sql)
            return cur.fetchall() if cur.description else []
    con = duckdb.connect(str(target))
    try:
        for sql in statements:
            cur = con.execute(sql)
        return cur.fetchall() if cur.description else []
    finally:
        con.close()


def test_init_leaves_a_database_holding_another_application_s_tables_alone(target):
    raw_sql(
        target,
        "CREATE TABLE vendors (code INTEGER)",
        "CREATE TABLE orders (id INTEGER)",
        "INSERT INTO vendors VALUES (7)",
    )
    done = gov("init", "--db", str(target))
    assert done.returncode == 2, done.stderr
    assert "orders, vendors" in done.stderr and "empty database" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    tables = raw_sql(
        target,
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() ORDER BY table_name",
    )
    assert tables == [("orders",), ("vendors",)]  # no schema_version, nothing of ours
    assert raw_sql(target, "SELECT code FROM vendors") == [(7,)]


def test_a_server_whose_connections_all_stay_busy_is_reported_as_busy(pg_url, monkeypatch):
    assert cli.main(["init", "--db", pg_url]) == 0
    monkeypatch.setattr(server, "CONNECT_WAIT", 0.5)
    held = [server.connect(pg_url) for _ in range(8)]  # the pool's whole size
    try:
        with pytest.raises(DatabaseLocked, match="stayed busy"):
            server.connect(pg_url)
        assert cli.main(["vendors", "list", "--db", pg_url]) == 2
    finally:
        for con in held:
            con.close()
    assert cli.main(["vendors", "list", "--db", pg_url]) == 0
