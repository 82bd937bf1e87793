"""The store: migrations, the no-person-column rule, transactions, identifier quoting, the file lock."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import duckdb
import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import DatabaseLocked, SchemaError, StaleRecord
from governance.store import db, quoting


def _columns(con) -> list[tuple[str, str, str]]:
    return con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()


def _versions(con) -> list[tuple]:
    return con.execute(
        "SELECT version, name, applied_at FROM schema_version ORDER BY version"
    ).fetchall()


# --- migrations ------------------------------------------------------------------------------


def test_a_new_file_gets_every_migration_once(db_path):
    assert not db_path.exists()
    with db.connect(db_path) as con:
        shipped = db.available_migrations()
        assert [(v, n) for v, n, _ in _versions(con)] == [(v, n) for v, n, _ in shipped]
        assert db.schema_version(con) == shipped[-1][0]
        tables = {t for t, _, _ in _columns(con)}
        assert {
            "vendors",
            "kpi_facts",
            "contracts",
            "targets",
            "escalations",
            "audit_events",
        } <= tables
    assert db_path.exists()


def test_migrations_are_numbered_from_one_without_gaps():
    versions = [v for v, _, _ in db.available_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_opening_again_applies_nothing(db_path):
    with db.connect(db_path) as con:
        first = _versions(con)
        schema = _columns(con)
    with db.connect(db_path) as con:
        assert _versions(con) == first  # same rows, same applied_at: nothing re-applied
        assert _columns(con) == schema
        assert db.migrate(con) == first[-1][0]
        assert _versions(con) == first


def test_a_database_newer_than_the_code_is_refused(db_path):
    with db.connect(db_path) as con:
        con.execute("INSERT INTO schema_version VALUES (99, 'from_the_future', now())")
    with pytest.raises(SchemaError, match="99"), db.connect(db_path):
        pass


def test_a_new_migration_is_applied_in_order_and_recorded(con):
    latest = db.schema_version(con)
    extra = [
        (latest + 1, "vendor_notes", "ALTER TABLE vendors ADD COLUMN notes VARCHAR"),
        (
            latest + 2,
            "vendor_tier",
            "ALTER TABLE vendors ADD COLUMN tier VARCHAR DEFAULT 'standard'",
        ),
    ]
    assert db.migrate(con, migrations=[*db.available_migrations(), *extra]) == latest + 2
    assert [(v, n) for v, n, _ in _versions(con)][-2:] == [
        (latest + 1, "vendor_notes"),
        (latest + 2, "vendor_tier"),
    ]
    names = {c for t, c, _ in _columns(con) if t == "vendors"}
    assert {"notes", "tier"} <= names


def test_a_failing_migration_is_rolled_back_whole(con):
    latest = db.schema_version(con)
    before = _columns(con)
    broken = (
        latest + 1,
        "half_done",
        "ALTER TABLE vendors ADD COLUMN notes VARCHAR; SELECT * FROM no_such_table",
    )
    with pytest.raises(duckdb.Error):
        db.migrate(con, migrations=[*db.available_migrations(), broken])
    assert _columns(con) == before
    assert db.schema_version(con) == latest


AGENT_MIGRATIONS = [
    ("ALTER TABLE kpi_facts ADD COLUMN agent_name VARCHAR", "agent_name"),
    ("CREATE TABLE x (program VARCHAR, emp_id INT)", "emp_id"),
    ("ALTER TABLE escalations ADD COLUMN team_lead VARCHAR", "team_lead"),
    ("CREATE TABLE logins (user_id INTEGER, seen DATE)", "user_id"),
    ("ALTER TABLE vendors ADD COLUMN login VARCHAR", "login"),
    ("ALTER TABLE kpi_facts ADD COLUMN AgentName VARCHAR", "AgentName"),
    ("ALTER TABLE kpi_facts ADD COLUMN employeeid INTEGER", "employeeid"),
    (
        "ALTER TABLE vendors ADD COLUMN notes VARCHAR; ALTER TABLE action_items ADD COLUMN supervisor VARCHAR",
        "supervisor",
    ),
]


@pytest.mark.parametrize(("sql", "column"), AGENT_MIGRATIONS, ids=[c for _, c in AGENT_MIGRATIONS])
def test_a_migration_adding_a_person_column_is_refused_and_rolled_back(con, sql, column):
    latest = db.schema_version(con)
    before_columns, before_versions = _columns(con), _versions(con)
    with pytest.raises(SchemaError, match=column):
        db.migrate(con, migrations=[*db.available_migrations(), (latest + 1, "sneaky", sql)])
    assert _columns(con) == before_columns
    assert _versions(con) == before_versions
    # The connection is not left inside a half-open transaction.
    con.execute("INSERT INTO programs (name) VALUES ('still writable')")
    assert con.execute("SELECT count(*) FROM programs").fetchone()[0] == 1


def test_the_real_schema_has_no_column_that_identifies_a_person(con):
    offending = [f"{t}.{c}" for t, c, _ in _columns(con) if db.is_person_column(c)]
    assert offending == []
    assert db.agent_columns(con) == []


# Whole words are matched (also in camelCase and run-together forms such as AgentName, empid).
# A name that merely contains such a word, like representative_sample, is refused too: the
# schema can always use another word, while a missed person column is a co-employment risk.
PERSON_COLUMNS = [
    "agent",
    "Agent",
    "agent_id",
    "Agent ID",
    "agent-name",
    "AgentName",
    "agentid",
    "agentName",
    "agents",
    "employee",
    "employee_id",
    "EmployeeName",
    "emp_id",
    "empid",
    "EmpID",
    "emp no",
    "staff",
    "staff_id",
    "StaffName",
    "rep",
    "rep_name",
    "repid",
    "representative",
    "representative_sample",
    "advisor",
    "adviser",
    "advisor_email",
    "associate",
    "associate_id",
    "login",
    "login_id",
    "LoginID",
    "user_id",
    "UserID",
    "userid",
    "User Id",
    "supervisor",
    "supervisor_name",
    "team_lead",
    "teamlead",
    "TeamLead",
    "team leader",
    "tl",
    "TL",
    "TL Name",
    "operator",
    "csr",
    "csr_id",
    "worker_id",
    "badge",
    "badge_number",
    "payroll_id",
]
NOT_PERSON_COLUMNS = [
    "account_manager",
    "operations_director",
    "executive_sponsor",
    "raised_by",
    "actor",
    "owner",
    "owner_side",
    "imported_by",
    "approved_by",
    "recorded_by",
    "role",
    "attendees",
    "agenda",
    "report_date",
    "reported_at",
    "repeated_miss_count",
    "headcount",
    "leavers",
    "new_hires",
    "trained",
    "training_assigned",
    "vendor",
    "program",
    "site",
    "channel",
    "language",
    "queue",
    "title",
    "total",
    "staffing_plan",
    "user_count",
    "username_policy",
    "template",
    "temperature",
    "loginless",
    "reply_rate",
    "prepaid",
]


@pytest.mark.parametrize("name", PERSON_COLUMNS)
def test_names_that_identify_a_person_are_flagged(name):
    assert db.is_person_column(name)


@pytest.mark.parametrize("name", NOT_PERSON_COLUMNS)
def test_names_of_roles_places_and_measures_are_not_flagged(name):
    assert not db.is_person_column(name)


# --- transactions and quoting ------------------------------------------------------------------


def _program_count(con) -> int:
    return con.execute("SELECT count(*) FROM programs").fetchone()[0]


def test_transaction_commits_when_the_block_ends(con):
    with db.transaction(con):
        con.execute("INSERT INTO programs (name) VALUES ('Billing care')")
    assert _program_count(con) == 1


def test_transaction_rolls_back_when_the_block_raises(con):
    with pytest.raises(RuntimeError, match="boom"), db.transaction(con):
        con.execute("INSERT INTO programs (name) VALUES ('Billing care')")
        raise RuntimeError("boom")
    assert _program_count(con) == 0


def test_transaction_rolls_back_earlier_statements_when_a_later_one_fails(con):
    with pytest.raises(duckdb.ConstraintException), db.transaction(con):
        con.execute("INSERT INTO programs (name) VALUES ('Billing care')")
        con.execute("INSERT INTO programs (name) VALUES ('Billing care')")  # duplicate key
    assert _program_count(con) == 0
    with db.transaction(con):  # and the connection is usable again
        con.execute("INSERT INTO programs (name) VALUES ('Tech support')")
    assert _program_count(con) == 1


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("offered", '"offered"'),
        ("two words", '"two words"'),
        ('say "hi"', '"say ""hi"""'),
        ('"', '""""'),
        ("", '""'),
    ],
)
def test_quote_ident(name, quoted):
    assert quoting.quote_ident(name) == quoted


@pytest.mark.parametrize("name", ['we"ird', 'x"; DROP TABLE vendors; --', "select", "Ünïcode col"])
def test_a_quoted_identifier_round_trips_and_injects_nothing(con, name):
    con.execute(f"CREATE TABLE scratch ({quoting.quote_ident(name)} INTEGER)")
    assert [c for t, c, _ in _columns(con) if t == "scratch"] == [name]
    cur = con.execute(f"SELECT 1 AS {quoting.quote_ident(name)}")
    assert [d[0] for d in cur.description] == [name]
    assert con.execute("SELECT count(*) FROM vendors").fetchone()[0] == 0  # vendors still exists


# --- the file lock ---------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("holding", flush=True)
    if sys.argv[2] == "release":
        time.sleep(0.5)
        con.close()
        print("released", flush=True)
    time.sleep(120)
    """
)


@pytest.fixture
def holder(db_path):
    """Start another process that opens the database file and holds it; killed afterwards."""
    with db.connect(db_path):
        pass  # a real, migrated database file
    procs = []

    def start(mode: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db_path), mode], stdout=subprocess.PIPE, text=True
        )
        procs.append(proc)
        assert proc.stdout.readline().strip() == "holding"
        return proc

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def test_a_database_held_by_another_process_raises_database_locked_naming_the_file(
    db_path, holder, monkeypatch
):
    holder("hold")
    monkeypatch.setenv("GOVERNANCE_LOCK_WAIT", "1")
    with pytest.raises(DatabaseLocked) as raised:
        db.open_connection(db_path)
    message = str(raised.value)
    assert str(db_path) in message
    assert "in use by another program" in message
    assert "IO Error" not in message and "PID" not in message  # plain language, not DuckDB's text


def test_opening_waits_for_the_other_process_to_let_go(db_path, holder, monkeypatch):
    proc = holder("release")
    monkeypatch.setenv("GOVERNANCE_LOCK_WAIT", "60")  # generous: this checks sequencing, not speed
    con = db.open_connection(db_path)
    try:
        assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] >= 1
    finally:
        con.close()
    # We could only get in after the holder let go.
    assert proc.stdout.readline().strip() == "released"


def test_restated_facts_keeps_every_column_of_kpi_facts(con):
    """Rolling back an import restores rows from restated_facts: a column added to kpi_facts by a
    later migration must be added there too, or a rollback would lose it."""

    def columns(table):
        return con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()

    assert columns("restated_facts") == [("restated_by", "INTEGER"), *columns("kpi_facts")]


def test_a_command_that_finds_the_database_busy_exits_2_and_says_so(db_path, holder, monkeypatch):
    holder("hold")
    proc = subprocess.run(
        [sys.executable, "-m", "governance", "vendors", "list", "--db", str(db_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "GOVERNANCE_LOCK_WAIT": "1"},
    )
    assert proc.returncode == 2, proc.stderr  # busy, not broken: try again
    assert "in use by another program" in proc.stderr and "Traceback" not in proc.stderr


def test_two_writers_of_one_row_at_once_end_in_a_stale_record_not_a_crash(db_path):
    with db.connect(db_path) as first:
        first.execute("INSERT INTO vendors (name, created_at) VALUES ('Acme', now())")
    with db.connect(db_path) as first, db.connect(db_path, migrate_schema=False) as second:
        with db.transaction(first):
            first.execute("UPDATE vendors SET status = 'exiting' WHERE name = 'Acme'")
            with pytest.raises(StaleRecord, match="at the same moment; nothing was saved"):
                with db.transaction(second):
                    second.execute("UPDATE vendors SET status = 'inactive' WHERE name = 'Acme'")
        # the first writer's change stands, the second left nothing behind
        assert second.execute("SELECT status FROM vendors").fetchall() == [("exiting",)]


def test_two_threads_saving_one_record_never_raise_a_raw_conflict(db_path):
    with db.connect(db_path) as con:
        vendors.add_vendors(con, Actor("a", "admin"), ["Acme"])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(status: str) -> None:
        with db.connect(db_path, migrate_schema=False) as con:
            barrier.wait()
            try:
                vendors.update_contacts(con, Actor("a", "admin"), "Acme", status=status)
                outcomes.append("saved")
            except StaleRecord:
                outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(s,)) for s in ("exiting", "inactive")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) in (["saved", "saved"], ["saved", "stale"])
    with db.connect(db_path) as con:
        assert con.execute("SELECT status FROM vendors").fetchone()[0] in ("exiting", "inactive")


def test_threads_opening_and_closing_one_file_at_once_never_collide(db_path):
    """An app server's page and its Portfolio warm-up open and close the file at the same moment:
    DuckDB refuses a connection made while the process's last one is closing ("already
    attached"); opening waits that moment out instead of failing the page."""
    with db.connect(db_path):
        pass  # migrated once, before the threads start
    failures: list[BaseException] = []

    def work(write: bool) -> None:
        for n in range(150):
            try:
                with db.connect(db_path, migrate_schema=False) as con:
                    if write and n % 5 == 0:
                        con.execute("CHECKPOINT")
                    con.execute("SELECT count(*) FROM vendors").fetchall()
            except BaseException as exc:  # noqa: BLE001 - every failure is the finding
                failures.append(exc)

    threads = [threading.Thread(target=work, args=(i == 0,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
