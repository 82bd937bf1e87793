"""ingest.sql.Params: values bound by name, each statement given exactly the values it names."""

from __future__ import annotations

import duckdb
import pytest

from governance.ingest.sql import Params
from governance.store.quoting import quote_ident


@pytest.fixture
def mem():
    con = duckdb.connect(":memory:", config={"python_enable_replacements": False})
    yield con
    con.close()


def test_each_value_gets_a_placeholder_and_a_repeat_gets_the_same_one():
    p = Params()
    assert (p.bind("a"), p.bind(2), p.bind("a"), p.bind("2")) == ("$p1", "$p2", "$p1", "$p3")
    assert p.bind_all(["x", "a"]) == "$p4, $p1"
    assert p.values == {"p1": "a", "p2": 2, "p3": "2", "p4": "x"}


def test_a_statement_gets_only_the_values_it_names(mem):
    p = Params()
    first, second = p.bind("first"), p.bind("second")
    assert p.used_in(f"SELECT {second}") == {"p2": "second"}
    assert p.execute(mem, f"SELECT {second}, {first}").fetchall() == [("second", "first")]
    assert p.execute(mem, "SELECT 1").fetchall() == [(1,)]


def test_placeholders_inside_quoted_names_and_text_are_not_parameters(mem):
    p = Params()
    value = p.bind("it's")
    column = quote_ident("$p1 and $p2")
    mem.execute(f"CREATE TABLE t ({column} VARCHAR)")
    mem.execute("INSERT INTO t VALUES ('x')")
    sql = f"SELECT {column}, '$p2', {value} FROM t"  # noqa: S608 - test SQL
    assert p.used_in(sql) == {"p1": "it's"}
    assert p.execute(mem, sql).fetchall() == [("x", "$p2", "it's")]


def test_hostile_text_is_only_ever_a_value(mem):
    p = Params()
    text = "'; DROP TABLE t; -- $p1 \" \\"
    mem.execute("CREATE TABLE t (x INTEGER)")
    assert p.execute(mem, f"SELECT {p.bind(text)}").fetchall() == [(text,)]
    assert mem.execute("SELECT count(*) FROM t").fetchall() == [(0,)]


def test_a_placeholder_from_another_collector_is_a_programming_error():
    with pytest.raises(ValueError, match="bound elsewhere"):
        Params().used_in("SELECT $p1")


def test_bound_values_are_planned_as_constants(mem):
    """DuckDB binds a directly executed statement's values as constants: a strptime format
    (which must be constant) and a regular expression are read once, as literals would be."""
    mem.execute("CREATE TABLE t AS SELECT '01/02/2026' AS d, 'a1' AS s")
    p = Params()
    sql = f"SELECT try_strptime(d, {p.bind('%d/%m/%Y')}), regexp_replace(s, {p.bind('[0-9]')}, '') FROM t"  # noqa: S608 - test SQL
    got = p.execute(mem, sql).fetchall()
    assert str(got[0][0]) == "2026-02-01 00:00:00" and got[0][1] == "a"
    plan = p.execute(mem, "EXPLAIN " + sql).fetchall()[0][1]
    assert "'%d/%m/%Y'" in plan and "'[0-9]'" in plan
