"""Least privilege on a PostgreSQL server (issue 17, item 6): the owner migrates; the app connects
as a runtime role that writes rows, changes no schema, and can only add to the audit trail, by
the server's grants and not only by the program's code."""

from __future__ import annotations

import subprocess
import sys
import uuid

import psycopg
import pytest

from governance.errors import PermissionDenied
from governance.store import db, server

from ... import postgres


def gov(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "governance", *args], capture_output=True, text=True, timeout=120
    )


def as_role(url: str, role: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(url)
    info["user"] = role
    return postgres.url_from(info)


@pytest.fixture
def roles(pg_server):
    """A database owned by an owner role, and a runtime role; both removed afterwards."""
    tag = uuid.uuid4().hex[:8]
    owner, runtime = f"gov_owner_{tag}", f"gov_app_{tag}"
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f'CREATE ROLE "{owner}" LOGIN')
        con.execute(f'CREATE ROLE "{runtime}" LOGIN')
        con.execute(f'CREATE DATABASE "db_{tag}" OWNER "{owner}"')
        con.execute(f'REVOKE ALL ON DATABASE "db_{tag}" FROM PUBLIC')
        con.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "db_{tag}" TO "{runtime}"')
    info = psycopg.conninfo.conninfo_to_dict(pg_server)
    info["dbname"] = f"db_{tag}"
    base = postgres.url_from(info)
    yield as_role(base, owner), as_role(base, runtime), runtime
    server.close_pools()
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "db_{tag}" WITH (FORCE)')
        con.execute(f'DROP ROLE IF EXISTS "{runtime}"')
        con.execute(f'DROP ROLE IF EXISTS "{owner}"')


def granted(owner_url: str, runtime: str) -> None:
    """The owner migrates the database and grants the runtime role."""
    assert gov("init", "--db", owner_url).returncode == 0
    done = gov("store", "grant", "--role", runtime, "--db", owner_url)
    assert done.returncode == 0, done.stderr


def imported(app_url: str, tmp_path, vendor: str, days: str) -> None:
    """As the runtime role: ``vendor`` registered and an export of ``days`` (CSV lines of date,
    channel, offered, handled, abandons, answered within 20 s) imported for it."""
    assert gov("vendors", "add", vendor, "--db", app_url).returncode == 0
    export = tmp_path / f"{vendor}.csv"
    export.write_text("Report Date,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s\n" + days)
    done = gov("import", str(export), "--vendor", vendor, "--db", app_url)
    assert done.returncode == 0, done.stderr


def test_the_runtime_role_writes_rows_but_no_schema_and_only_adds_to_the_audit(roles, tmp_path):
    owner_url, app_url, runtime = roles
    granted(owner_url, runtime)

    # The app's work: a vendor added (a row and its audit event), an import with its temp table.
    imported(app_url, tmp_path, "Acme Care", "2026-10-01,Voice,100,95,5,80\n")

    with db.connect(app_url) as con:
        assert con.execute("SELECT count(*) FROM audit_events").fetchone()[0] >= 2
        for sql in (
            "UPDATE audit_events SET actor = 'someone else'",
            "DELETE FROM audit_events",
            "DELETE FROM schema_version",
            "CREATE TABLE agents (agent_name VARCHAR)",
            "DROP TABLE kpi_facts",
        ):
            with pytest.raises(PermissionDenied):
                con.execute(sql)
        assert con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0] == 1


def test_a_runtime_role_cannot_migrate_and_says_who_can(roles):
    owner_url, app_url, runtime = roles
    conn = server.connect(owner_url)
    try:  # the owner migrates all but the last migration, and grants the runtime role
        db.migrate(conn, db.available_migrations()[:-1])
        server.grant_runtime(conn, runtime)
    finally:
        conn.close()
    with pytest.raises(PermissionDenied, match="Run 'governance init' as the database owner"):
        with db.connect(app_url):
            pass
    proc = gov("init", "--db", app_url)
    assert proc.returncode == 2 and "database owner" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_grants_are_for_a_server_and_an_existing_role(roles, tmp_path):
    owner_url, _app_url, _runtime = roles
    assert gov("init", "--db", owner_url).returncode == 0
    missing = gov("store", "grant", "--role", "nobody_here", "--db", owner_url)
    assert missing.returncode == 2 and "There is no role nobody_here" in missing.stderr
    on_file = gov("store", "grant", "--role", "app", "--db", str(tmp_path / "g.duckdb"))
    assert on_file.returncode == 2 and "a file has no roles" in on_file.stderr


def test_row_level_security_shows_a_partner_transaction_only_its_vendor(roles, tmp_path):
    """Issue 17, item 5: the server holds a partner's scope itself. As the runtime role, with
    the acting vendor set for the transaction, every table shows only the rows scope.RULES gives
    that vendor (none of a client-only table); with no vendor set, every row."""
    from governance.store import scope

    owner_url, app_url, runtime = roles
    granted(owner_url, runtime)
    for vendor, offered in (("Acme Care", 100), ("Birch BPO", 250)):
        day = f"Voice,{offered},{offered - 5},5,{offered - 20}\n"
        imported(app_url, tmp_path, vendor, f"2026-10-01,{day}2026-10-02,{day}")
    with psycopg.connect(app_url, autocommit=True) as con:
        ids = dict(con.execute("SELECT name, vendor_id FROM vendors").fetchall())
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        with_vendor = {
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND column_name = 'vendor_id'"
            ).fetchall()
        }

        def count(table: str) -> int:
            return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608

        everything = {t: count(t) for t in tables}
        assert everything["kpi_facts"] == 4 and everything["audit_events"] >= 4
        with con.transaction():
            con.execute(
                "SELECT set_config(%s, %s, true)", [server.PARTNER_SETTING, str(ids["Acme Care"])]
            )
            seen = {t: count(t) for t in tables}
            facts = con.execute("SELECT DISTINCT vendor_id FROM kpi_facts").fetchall()
            offered = con.execute("SELECT sum(offered) FROM kpi_facts").fetchone()[0]
        # Worked by hand: Acme's two days of 100 offered; nothing of Birch's.
        assert facts == [(ids["Acme Care"],)] and offered == 200
        assert seen["vendors"] == 1 and seen["import_batches"] == 1
        for table in tables:
            if table not in scope.RULES:
                assert seen[table] == 0, f"{table}: a client-only table shows {seen[table]} rows"
            elif table in with_vendor:
                own = con.execute(
                    f'SELECT count(*) FROM "{table}" WHERE vendor_id = %s',  # noqa: S608
                    [ids["Acme Care"]],
                ).fetchone()[0]
                assert seen[table] == own, table
        assert seen["schema_version"] == everything["schema_version"]
        # The setting ends with its transaction: the next one sees every row again.
        assert {t: count(t) for t in tables} == everything


def test_the_runtime_role_keeps_the_roll_up_and_reads_the_facts_without_it(roles, tmp_path):
    """The app's role settles the monthly roll-up its own imports marked (the grants cover the
    roll-up's tables); a role refused them still gets the same figures, from the facts."""
    from governance import kpis

    owner_url, app_url, runtime = roles
    granted(owner_url, runtime)
    imported(
        app_url,
        tmp_path,
        "Acme Care",
        "2026-10-01,Voice,100,95,5,80\n2026-10-02,Voice,300,290,10,200\n",
    )

    def service_level() -> list[float]:
        with db.connect(app_url) as con:
            return kpis.rollup(con, by="month", kpis=["service_level"])["service_level"].tolist()

    # Worked by hand: (80 + 200) answered within the threshold of (100 + 300) offered.
    assert service_level() == [pytest.approx(280 / 400)]
    with psycopg.connect(app_url, autocommit=True) as con:
        assert con.execute("SELECT count(*) FROM kpi_rollup_dirty").fetchone()[0] == 0
        assert con.execute("SELECT sum(offered) FROM kpi_month_rollup").fetchone()[0] == 400

    with psycopg.connect(owner_url, autocommit=True) as con:
        con.execute(f'REVOKE ALL ON kpi_month_rollup FROM "{runtime}"')
        con.execute("UPDATE kpi_facts SET answered_within_sl = 0 WHERE date = '2026-10-02'")
    assert service_level() == [pytest.approx(80 / 400)]  # from the facts, the roll-up refused
