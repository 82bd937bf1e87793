"""The one literal the store splices into SQL: a directory path for EXPORT / IMPORT DATABASE."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from governance.store import quoting


@pytest.mark.parametrize(
    ("path", "literal"),
    [
        ("/tmp/export", "'/tmp/export'"),
        (Path("/tmp/two words"), "'/tmp/two words'"),
        ("/tmp/it's", "'/tmp/it''s'"),
        ("'", "''''"),
        ("", "''"),
        ("C:\\backups\\x", "'C:\\backups\\x'"),  # a backslash is an ordinary character
    ],
)
def test_quote_path(path, literal):
    assert quoting.quote_path(path) == literal


@pytest.mark.parametrize("statement", ["EXPORT DATABASE ?", "IMPORT DATABASE ?"])
def test_export_and_import_database_take_no_bound_path(statement, tmp_path):
    # Why quote_path exists at all. If DuckDB starts accepting a parameter here, bind the path
    # instead and retire quote_path.
    con = duckdb.connect()
    with pytest.raises(duckdb.ParserException):
        con.execute(statement, [str(tmp_path / "export")])


def test_copy_takes_a_bound_path(tmp_path):
    # COPY (and ATTACH) do take one: paths there are bound, never quoted.
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT 1 AS a")
    out = tmp_path / "it's.parquet"
    con.execute("COPY t TO ? (FORMAT parquet)", [str(out)])
    con.execute("CREATE TABLE u (a INTEGER)")
    con.execute("COPY u FROM ? (FORMAT parquet)", [str(out)])
    assert con.execute("SELECT a FROM u").fetchall() == [(1,)]


@pytest.mark.parametrize("name", ["it's here", 'say "hi"', "'; DROP TABLE t; --"])
def test_a_quoted_path_round_trips_through_export_and_import(tmp_path, name):
    target = tmp_path / name
    source = duckdb.connect()
    source.execute("CREATE TABLE t AS SELECT 42 AS a")
    source.execute(f"EXPORT DATABASE {quoting.quote_path(target)} (FORMAT parquet)")
    assert (target / "schema.sql").is_file()
    copy = duckdb.connect()
    copy.execute(f"IMPORT DATABASE {quoting.quote_path(target)}")
    assert copy.execute("SELECT a FROM t").fetchall() == [(42,)]
    assert source.execute("SELECT a FROM t").fetchall() == [(42,)]  # nothing injected
