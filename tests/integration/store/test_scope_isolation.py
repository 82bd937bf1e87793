"""A vendor partner's connection cannot reach the database file behind it: no catalog-qualified
name, catalog function, size estimate, attached database or file read reveals another vendor's
rows or counts, and a write is refused as a ``PermissionDenied``."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from governance import demo
from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import PermissionDenied
from governance.store import db, scope

VENDOR = "Bluebird BPO"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("isolation")
    path = root / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=root / "x"
        )
    return path


@pytest.fixture(scope="module")
def truth(demo_file) -> dict:
    """Counts read without restriction: every table's total and the vendor's own share."""
    con = duckdb.connect(str(demo_file), read_only=True)
    try:
        own = con.execute("SELECT vendor_id FROM vendors WHERE name = ?", [VENDOR]).fetchone()[0]
        others = [
            n
            for (n,) in con.execute("SELECT name FROM vendors WHERE name <> ?", [VENDOR]).fetchall()
        ]
        totals = dict(
            con.execute(
                "SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        )
        facts = con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0]
        own_facts = con.execute(
            "SELECT count(*) FROM kpi_facts WHERE vendor_id = ?", [own]
        ).fetchone()[0]
    finally:
        con.close()
    assert 0 < own_facts < facts
    return {
        "own": own,
        "others": others,
        "totals": totals,
        "facts": facts,
        "own_facts": own_facts,
    }


@pytest.fixture
def file(demo_file, tmp_path, monkeypatch) -> Path:
    """A copy of the demo in a folder outside the temporary directory partners may read (as the
    real database in data/ is)."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = tmp_path / "data" / "governance.duckdb"
    path.parent.mkdir()
    shutil.copy(demo_file, path)
    return path


def partner(file: Path):
    return db.connect(scope.Scoped(str(file), VENDOR), migrate_schema=False)


def reachable(con, sql: str, params=None) -> list[tuple] | None:
    """The rows ``sql`` returns on the partner's connection, or None when DuckDB refuses it."""
    try:
        return con.execute(sql, params or []).fetchall()
    except duckdb.Error:
        return None


@pytest.mark.parametrize(
    "table",
    [
        "governance.main.kpi_facts",
        "governance.kpi_facts",
        '"governance"."main"."kpi_facts"',
        "main.kpi_facts",
        "kpi_facts",
    ],
)
def test_no_name_reaches_other_vendors_facts(file, truth, table):
    with partner(file) as con:
        rows = reachable(con, f"SELECT vendor_id, count(*) FROM {table} GROUP BY ALL")  # noqa: S608
    if rows is not None:
        assert rows == [(truth["own"], truth["own_facts"])]


def test_catalog_functions_show_only_the_partner_s_copy(file, truth):
    with partner(file) as con:
        sizes = con.execute(
            "SELECT database_name, table_name, estimated_size FROM duckdb_tables()"
        ).fetchall()
        seen = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for _, t, _ in sizes}  # noqa: S608
        databases = con.execute("SELECT database_name, path FROM duckdb_databases()").fetchall()
        column_dbs = {
            d
            for (d,) in con.execute(
                "SELECT DISTINCT database_name FROM duckdb_columns()"
            ).fetchall()
        }
        size_dbs = {r[0] for r in con.execute("PRAGMA database_size").fetchall()}
        storage = con.execute(
            "SELECT max(row_group_id) FROM pragma_storage_info('kpi_facts')"
        ).fetchone()[0]

    assert sizes, "duckdb_tables() lists the partner's tables"
    for database, table, estimate in sizes:
        assert estimate <= seen[table], f"{database}.{table} estimates {estimate} rows"
    facts = [e for _, t, e in sizes if t == "kpi_facts"]
    assert facts == [truth["own_facts"]]
    paths = {str(Path(p).resolve()) for _, p in databases if p}
    assert str(file.resolve()) not in paths
    names = {d for d, _ in databases}
    assert "governance" not in names and "governance" not in column_dbs | size_dbs
    assert storage is None or storage < 10  # the vendor's few thousand rows, not the file's


def test_the_file_cannot_be_attached_or_read(file, truth):
    with partner(file) as con:
        attached = reachable(con, "ATTACH ? AS whole (READ_ONLY)", [str(file)])
        if attached is not None:  # it must not be
            rows = con.execute("SELECT count(*) FROM whole.main.kpi_facts").fetchall()
            pytest.fail(f"the partner attached the file and counted {rows}")
        raw = reachable(con, "SELECT content FROM read_blob(?)", [str(file)])
        assert raw is None
        for other in truth["others"]:
            assert reachable(con, "SELECT * FROM vendors WHERE name = ?", [other]) == []


def test_a_csv_in_the_temporary_directory_is_still_readable(file):
    # A partner's upload is parsed from a temporary file on this connection.
    upload = Path(tempfile.gettempdir()) / "governance-import-x.csv"
    upload.write_text("a,b\n1,2\n", encoding="utf-8")
    with partner(file) as con:
        assert con.execute("SELECT a + b FROM read_csv(?)", [str(upload)]).fetchall() == [(3,)]


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO vendors (vendor_id, name, created_at) VALUES (99, 'Sneaky Ltd', now())",
        "DELETE FROM kpi_facts",
        "UPDATE escalations SET title = 'x'",
        "DELETE FROM audit_events",
        "CREATE TABLE notes (x INTEGER)",
        "DROP TABLE vendors",
    ],
)
def test_a_write_is_permission_denied(file, sql):
    with pytest.raises(PermissionDenied, match="read-only"), partner(file) as con:
        con.execute(sql)


def test_a_service_write_is_permission_denied_and_changes_nothing(file):
    with pytest.raises(PermissionDenied), partner(file) as con:
        vendors.add_vendors(con, Actor("ada@client.example", "admin"), ["Sneaky Ltd"])
    with db.connect(file, migrate_schema=False) as con:
        assert con.execute("SELECT count(*) FROM vendors WHERE name = 'Sneaky Ltd'").fetchone() == (
            0,
        )


def test_other_errors_are_left_alone(file):
    with pytest.raises(duckdb.CatalogException), partner(file) as con:
        con.execute("SELECT * FROM no_such_table")


def test_the_copy_is_gone_after_the_connection(file):
    with partner(file) as con:
        (copy,) = [
            p
            for _, p in con.execute("SELECT database_name, path FROM duckdb_databases()").fetchall()
            if p
        ]
        assert Path(copy).exists()
    assert not Path(copy).exists()
    assert not Path(copy).parent.exists()


def test_a_partner_of_an_unknown_vendor_sees_nothing(file):
    from governance.errors import NotFound

    with pytest.raises(NotFound), db.connect(scope.Scoped(str(file), "Nobody Ltd")):
        pass
