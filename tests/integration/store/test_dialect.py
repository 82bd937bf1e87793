"""One SQL text, two engines: what the store layer writes in DuckDB's dialect gives the same
answer on a real PostgreSQL server (issue 17). Each case is computed by DuckDB and by the server
and compared with a value worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from governance.store import db, dialect, server

SETUP = [
    "CREATE TABLE t (vendor VARCHAR, d DATE, answered INTEGER, offered INTEGER, "
    "fee DECIMAL(18, 2), note VARCHAR)",
    "INSERT INTO t VALUES ('A', DATE '2026-10-03', 801, 1000, 10.25, '50% off'), "
    "('A', DATE '2026-11-05', 3, 4, 0.10, NULL), ('B', DATE '2026-11-30', 1, 3, 2.50, 'x')",
]

# (SQL in DuckDB's dialect, parameters, the rows expected, worked out by hand)
CASES = [
    # a ratio of integer sums is a fraction on both (PostgreSQL alone would say 0)
    (
        "SELECT vendor, sum(answered) / sum(offered) FROM t WHERE vendor = ? GROUP BY vendor",
        ["A"],
        [("A", 804 / 1004)],
    ),
    ("SELECT 7 / 2", [], [(3.5,)]),
    # months by truncation, as dates
    (
        "SELECT CAST(date_trunc('month', d) AS DATE) AS m, count(*) FROM t GROUP BY m ORDER BY m",
        [],
        [(date(2026, 10, 1), 1), (date(2026, 11, 1), 2)],
    ),
    # money stays exact
    ("SELECT sum(fee) FROM t", [], [(Decimal("12.85"),)]),
    # a literal percent sign beside bound parameters
    (
        "SELECT note FROM t WHERE note LIKE '%\\% off' ESCAPE '\\' AND vendor = ?",
        ["A"],
        [("50% off",)],
    ),
    ("SELECT count(*) FROM t WHERE note LIKE ?", ["50%"], [(1,)]),
    # the whole and its parts in one pass
    (
        "SELECT vendor, sum(answered) FROM t GROUP BY GROUPING SETS ((vendor), ()) "
        "ORDER BY vendor NULLS LAST",
        [],
        [("A", 804), ("B", 1), (None, 805)],
    ),
    # a list bound as one parameter
    (
        "SELECT count(*) FROM t WHERE d IN (SELECT unnest(CAST(? AS DATE[])))",
        [[date(2026, 11, 5), date(2026, 11, 30)]],
        [(2,)],
    ),
    ("SELECT coalesce(max(answered), 0) FROM t WHERE vendor = ?", ["Z"], [(0,)]),
]


def _open(target):
    return server.connect(target) if server.is_url(target) else db.open_connection(target)


@pytest.fixture
def both(tmp_path, pg_url):
    cons = [db.open_connection(tmp_path / "d.duckdb"), server.connect(pg_url)]
    for con in cons:
        for sql in SETUP:
            con.execute(sql)
    yield cons
    for con in cons:
        con.close()


@pytest.mark.parametrize(("sql", "params", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_one_text_gives_the_same_answer_on_both_engines(both, sql, params, expected):
    for con in both:
        got = con.execute(sql, params).fetchall()
        assert [tuple(r) for r in got] == expected, type(con).__name__


def test_dividing_integers_is_cast_for_postgresql():
    assert "DOUBLE PRECISION" in dialect.postgres("SELECT sum(a) / sum(b) FROM t")


def test_a_percent_in_a_literal_is_doubled_for_psycopg_and_placeholders_are_its_own():
    assert dialect.postgres("SELECT 1 FROM t WHERE a LIKE '5%' AND b = ?") == (
        "SELECT 1 FROM t WHERE a LIKE '5%%' AND b = %s"
    )


def test_frames_have_the_types_duckdb_gives(both):
    sql = "SELECT vendor, d, answered, fee, note FROM t ORDER BY vendor, d"
    file_frame, server_frame = (con.execute(sql).df() for con in both)
    assert list(file_frame.dtypes.astype(str)) == list(server_frame.dtypes.astype(str))
    assert file_frame.equals(server_frame)


@pytest.mark.parametrize("store", ["file", "server"])
def test_migrations_build_the_same_tables_on_both(store, tmp_path, pg_url):
    target = tmp_path / "g.duckdb" if store == "file" else pg_url
    with db.connect(target) as con:
        version = db.schema_version(con)
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() ORDER BY table_name"
            ).fetchall()
        ]
    assert version == db.available_migrations()[-1][0]
    assert "kpi_facts" in tables and "audit_events" in tables and "layouts" in tables
    assert "mapping_profiles" not in tables  # dropped by migration 007 on both


def test_a_text_column_without_a_value_is_typed_as_duckdb_types_it(both):
    for sql in ("SELECT note FROM t WHERE note IS NULL", "SELECT note FROM t WHERE false"):
        file_frame, server_frame = (con.execute(sql).df() for con in both)
        assert str(file_frame["note"].dtype) == str(server_frame["note"].dtype) == "object"
