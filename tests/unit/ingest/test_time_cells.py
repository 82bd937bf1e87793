"""cells.py: a time of day in a column of its own, ISO weeks and Excel date serials."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from governance.ingest import cells
from governance.ingest.sql import Params

TOD = cells.TIME_OF_DAY_REASON


@pytest.fixture
def mem():
    con = duckdb.connect(":memory:")
    yield con
    con.close()


def evaluate(con, parsed: cells.Parsed, params: Params, values: list[str | None]) -> list[tuple]:
    con.execute("CREATE OR REPLACE TABLE t (i INTEGER, v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
    sql = f"SELECT {parsed.value}, {parsed.error} FROM t ORDER BY i"  # noqa: S608 - test SQL
    return params.execute(con, sql).fetchall()


@pytest.mark.parametrize(
    ("cell", "seconds", "error"),
    [
        ("08:30", 30600.0, None),
        ("8:30:15", 30615.0, None),
        (" 08:30 ", 30600.0, None),
        ("8:30 PM", 73800.0, None),
        ("8:30pm", 73800.0, None),
        ("12:00 AM", 0.0, None),
        ("12:15 PM", 44100.0, None),
        ("08h30", 30600.0, None),
        ("08:00 - 08:30", 28800.0, None),
        ("08:00-08:30", 28800.0, None),
        ("8:00 AM – 8:30 AM", 28800.0, None),
        ("08:00 to 08:30", 28800.0, None),
        ("1899-12-30 08:30:00", 30600.0, None),  # a workbook's time cell on Excel's day 0
        ("0.5", 43200.0, None),  # an Excel time value
        ("0", 0.0, None),
        ("17", 61200.0, None),  # a whole hour
        ("23:59:59", 86399.0, None),
        ("", None, None),
        ("n/a", None, None),
        (None, None, None),
        ("24:00", None, TOD),
        ("13:00 PM", None, TOD),
        ("8:75", None, TOD),
        ("1.5", None, TOD),
        ("24", None, TOD),
        ("morning", None, TOD),
    ],
)
def test_time_of_day(mem, cell, seconds, error):
    params = Params()
    ((value, reason),) = evaluate(mem, cells.time_of_day("v", params=params), params, [cell])
    assert (value, reason) == (seconds, error)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-W03", dt.date(2026, 1, 12)),  # the Monday of ISO week 3
        ("2026W3", dt.date(2026, 1, 12)),
        ("2026-w01-3", dt.date(2025, 12, 29)),  # week 1 of 2026 starts in 2025
        ("46031", dt.date(2026, 1, 9)),  # an Excel date serial
        ("46031.75", dt.date(2026, 1, 9)),
        ("45000", dt.date(2023, 3, 15)),
        ("April-15", dt.date(2015, 4, 1)),
        ("2024/04", dt.date(2024, 4, 1)),
        ("12345", None),  # outside the serials' years
        ("99999", None),
        ("2026-W60", None),
    ],
)
def test_iso_weeks_and_excel_serials_read_without_a_format(mem, cell, expected):
    params = Params()
    ((value, _reason),) = evaluate(mem, cells.date("v", params=params), params, [cell])
    assert value == expected


def test_an_excel_serial_keeps_its_time_of_day_as_a_timestamp(mem):
    params = Params()
    ((value, _reason),) = evaluate(mem, cells.timestamp("v", params=params), params, ["46031.75"])
    assert value == dt.datetime(2026, 1, 9, 18, 0)


@pytest.mark.parametrize(
    ("values", "grain"),
    [
        (["2026-W01", "2026-W02", "2026-W03"], "week"),
        (["46031", "46032", "46033"], "day"),
        (["46031.25", "46031.5"], "interval"),
        (["Apr-15", "May-15"], "month"),
    ],
)
def test_the_grain_hint_of_weeks_serials_and_months(mem, values, grain):
    mem.execute("CREATE TABLE c (v VARCHAR)")
    mem.executemany("INSERT INTO c VALUES (?)", [[v] for v in values])
    assert cells.detect_date_format(mem, "c", "v").grain_hint == grain


def test_an_iso_week_pattern_is_a_valid_date_format():
    assert cells.validate_date_format("%G-W%V") == "%G-W%V"
