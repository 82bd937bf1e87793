"""cells.py: each builder evaluated inside DuckDB over a column of text cells, case by case.

A case is (cell, expected value, expected error). Every table is evaluated in one query so the
expressions are exercised the way an import runs them: vectorised, many rows at once.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import pytest

from governance.errors import InvalidInput
from governance.ingest import cells
from governance.ingest.sql import Params
from governance.store.quoting import quote_ident

NOT_NUMBER = "not a number"
NOT_PERCENT = "not a percentage"
OUT_OF_RANGE = "percentage outside 0–100 %"
NOT_DURATION = "not a duration"
NEGATIVE = "negative duration"
IMPLAUSIBLE = "implausible year"
ISO_REASON = "not a date (use ISO such as 2026-10-01, or set formats.date)"
NOT_FLAG = "not one of the yes/no values"


@pytest.fixture
def mem():
    con = duckdb.connect(":memory:", config={"python_enable_replacements": False})
    yield con
    con.close()


@pytest.fixture
def params():
    return Params()


def evaluate(con, parsed: cells.Parsed, raw_cells: list[str | None], params) -> list[tuple]:
    """(value, error) for each cell, in order, from one query over a table of the raw_cells."""
    con.execute('CREATE OR REPLACE TABLE raw_cells (i INTEGER, "Raw cell" VARCHAR)')
    con.executemany("INSERT INTO raw_cells VALUES (?, ?)", list(enumerate(raw_cells)))
    return params.execute(
        con,
        f"SELECT {parsed.value}, {parsed.error} FROM raw_cells ORDER BY i",  # noqa: S608 - test SQL
    ).fetchall()


def check(con, parsed, cases, params):
    got = evaluate(con, parsed, [c[0] for c in cases], params)
    for (cell, want_value, want_error), (value, error) in zip(cases, got, strict=True):
        assert error == want_error, f"{cell!r}: error {error!r}, expected {want_error!r}"
        if isinstance(want_value, float):
            assert value == pytest.approx(want_value, rel=1e-12, abs=1e-12), f"{cell!r}: {value!r}"
        else:
            assert value == want_value, f"{cell!r}: value {value!r}, expected {want_value!r}"


COL = quote_ident("Raw cell")

NUMBER_DOT = [
    ("1234", 1234.0, None),
    ("0.953", 0.953, None),
    ("-5", -5.0, None),
    ("+7", 7.0, None),
    ("1e3", 1000.0, None),
    (" 12 ", 12.0, None),
    ("1,234", 1234.0, None),
    ("1,234,567.89", 1234567.89, None),
    ("1 234", 1234.0, None),
    ("1\u00a0234.5", 1234.5, None),  # non-breaking space as thousands separator
    ("1\u202f234", 1234.0, None),  # narrow non-breaking space (French exports)
    ("1'234.5", 1234.5, None),
    ("\u00a012\u00a0", 12.0, None),
    ("(12)", -12.0, None),  # accounting negative
    (" ( 1,200.50 ) ", -1200.5, None),
    ("$1,200.50", 1200.5, None),
    ("€ 95", 95.0, None),
    ("-$5", -5.0, None),
    (".5", 0.5, None),
    ("0", 0.0, None),
    # blanks: not reported, no error
    ("", None, None),
    (None, None, None),
    ("   ", None, None),
    ("\t", None, None),
    ("n/a", None, None),
    ("N/A", None, None),
    ("#N/A", None, None),
    ("NULL", None, None),
    # junk and wrong separators
    ("0,95", None, NOT_NUMBER),  # a decimal comma needs decimal=","
    ("1,23", None, NOT_NUMBER),
    ("1,2,3", None, NOT_NUMBER),
    ("1 2 3", None, NOT_NUMBER),
    ("12,34.5", None, NOT_NUMBER),
    ("-", None, NOT_NUMBER),  # accounting zero is ambiguous: reported, not guessed
    (".", None, NOT_NUMBER),
    ("abc", None, NOT_NUMBER),
    ("12abc", None, NOT_NUMBER),
    ("nan", None, NOT_NUMBER),
    ("inf", None, NOT_NUMBER),
    ("-Infinity", None, NOT_NUMBER),
    ("1e400", None, NOT_NUMBER),
    ("0x10", None, NOT_NUMBER),
    ("1\n234", None, NOT_NUMBER),
    ("(12", None, NOT_NUMBER),
    ("'; DROP TABLE raw_cells; --", None, NOT_NUMBER),
]

NUMBER_COMMA = [
    ("1234", 1234.0, None),
    ("0,95", 0.95, None),
    ("95,3", 95.3, None),
    ("-0,5", -0.5, None),
    ("1.234,5", 1234.5, None),
    ("1.234.567", 1234567.0, None),
    ("1 234,5", 1234.5, None),
    ("1\u00a0234,5", 1234.5, None),
    ("1.234", 1234.0, None),  # a dot in groups of three is a thousands separator
    ("0.953", 0.953, None),  # …otherwise a decimal point, as spreadsheets write numbers
    ("12.5", 12.5, None),
    ("1.2345", 1.2345, None),
    ("(1.234,50)", -1234.5, None),
    ("", None, None),
    ("1,2,3", None, NOT_NUMBER),
    ("1.234,5,6", None, NOT_NUMBER),
    ("1.23.4", None, NOT_NUMBER),
    ("abc", None, NOT_NUMBER),
]


def test_number_with_a_decimal_point(mem, params):
    check(mem, cells.number(COL, params=params), NUMBER_DOT, params)


def test_number_with_a_decimal_comma(mem, params):
    check(mem, cells.number(COL, decimal=",", params=params), NUMBER_COMMA, params)


def test_an_unknown_decimal_separator_is_refused(params):
    with pytest.raises(InvalidInput, match="Decimal separator"):
        cells.number(COL, decimal=";", params=params)


PERCENT_FRACTION = [
    ("0.95", 0.95, None),
    ("0", 0.0, None),
    ("1", 1.0, None),
    ("95%", 0.95, None),  # a "%" is always points, whatever the column's mode
    ("95 %", 0.95, None),
    ("100%", 1.0, None),
    ("0%", 0.0, None),
    ("12.5%", 0.125, None),
    ("", None, None),
    ("n/a", None, None),
    ("1.2", None, OUT_OF_RANGE),
    ("101%", None, OUT_OF_RANGE),
    ("-1%", None, OUT_OF_RANGE),
    ("-0.1", None, OUT_OF_RANGE),
    ("95,3 %", None, NOT_PERCENT),  # decimal comma without decimal=","
    ("high", None, NOT_PERCENT),
    ("%", None, NOT_PERCENT),
]

PERCENT_POINTS_COMMA = [
    ("95", 0.95, None),
    ("95,3 %", 0.953, None),
    ("95,3", 0.953, None),
    ("0,5", 0.005, None),
    ("100", 1.0, None),
    ("100,1", None, OUT_OF_RANGE),
    ("", None, None),
]


def test_percent_as_fractions(mem, params):
    check(mem, cells.percent(COL, "fraction", params=params), PERCENT_FRACTION, params)


def test_percent_in_points_with_decimal_comma(mem, params):
    check(
        mem, cells.percent(COL, "points", decimal=",", params=params), PERCENT_POINTS_COMMA, params
    )


def test_percent_auto_must_be_resolved_per_column_first(params):
    with pytest.raises(InvalidInput, match="detect_percent_mode"):
        cells.percent(COL, "auto", params=params)


DURATION_SECONDS = [
    ("312", 312.0, None),
    ("312.5", 312.5, None),
    ("0", 0.0, None),
    ("00:05:12", 312.0, None),
    ("0:05:12", 312.0, None),
    ("5:12", 312.0, None),  # two parts: minutes and seconds
    ("05:12", 312.0, None),
    ("1:05:12.5", 3912.5, None),
    ("5:12.25", 312.25, None),
    ("125:00:00", 450000.0, None),  # hours beyond a day
    (" 00:05:12 ", 312.0, None),
    ("1,312", 1312.0, None),
    ("", None, None),
    ("n/a", None, None),
    ("-5", None, NEGATIVE),
    ("-0:05:12", None, NEGATIVE),
    ("5:7", None, NOT_DURATION),  # seconds need two digits
    ("1:60", None, NOT_DURATION),
    ("1:60:00", None, NOT_DURATION),
    ("1:2:3:4", None, NOT_DURATION),
    ("5 min", None, NOT_DURATION),
    ("abc", None, NOT_DURATION),
    ("-abc", None, NOT_DURATION),
    ("1 day", None, NOT_DURATION),  # DuckDB would read it as an interval: not here
]

DURATION_DAY_FRACTION = [
    ("0.00361111111111111", 312.0, None),  # Excel's 00:05:12
    ("0.0036", 311.04, None),
    ("0.5", 43200.0, None),
    ("00:05:12", 312.0, None),  # clock text reads the same in every mode
    ("-0.1", None, NEGATIVE),
    ("", None, None),
]


def test_duration_in_seconds_and_clock_text(mem, params):
    check(mem, cells.duration(COL, "seconds", params=params), DURATION_SECONDS, params)


def test_duration_hms_mode_reads_like_seconds(mem, params):
    check(mem, cells.duration(COL, "hms", params=params), DURATION_SECONDS, params)


def test_duration_as_excel_day_fractions(mem, params):
    check(mem, cells.duration(COL, "day_fraction", params=params), DURATION_DAY_FRACTION, params)


def test_duration_in_minutes(mem, params):
    check(
        mem,
        cells.duration(COL, "minutes", params=params),
        [("5.2", 312.0, None), ("1:00", 60.0, None)],
        params,
    )


def test_duration_auto_must_be_resolved_per_column_first(params):
    with pytest.raises(InvalidInput, match="detect_duration_mode"):
        cells.duration(COL, "auto", params=params)


D = dt.date
DATE_DEFAULT = [
    ("2026-10-01", D(2026, 10, 1), None),
    ("2026-1-5", D(2026, 1, 5), None),
    (" 2026-10-01 ", D(2026, 10, 1), None),
    ("2026-10-01T08:30", D(2026, 10, 1), None),
    ("2026-10-01 08:30:00", D(2026, 10, 1), None),
    ("2026-10-01T08:30:00", D(2026, 10, 1), None),
    ("Apr 2024", D(2024, 4, 1), None),  # month labels: the first of the month
    ("April 2024", D(2024, 4, 1), None),
    ("apr 2024", D(2024, 4, 1), None),
    ("Apr-15", D(2015, 4, 1), None),  # Excel's mmm-yy
    ("Apr-2015", D(2015, 4, 1), None),
    ("2024-04", D(2024, 4, 1), None),
    ("04/2024", D(2024, 4, 1), None),
    ("", None, None),
    ("n/a", None, None),
    ("01/02/2026", None, ISO_REASON),  # day/month or month/day: never guessed
    ("2026-02-30", None, ISO_REASON),
    ("20261001", None, ISO_REASON),
    ("epoch", None, ISO_REASON),  # DuckDB words, not dates in an export
    ("infinity", None, ISO_REASON),
    ("today", None, ISO_REASON),
    ("0026-01-01", None, IMPLAUSIBLE),
    ("2300-01-01", None, IMPLAUSIBLE),
]


def test_date_without_a_format_reads_iso_and_month_labels(mem, params):
    check(mem, cells.date(COL, params=params), DATE_DEFAULT, params)


DATE_DAY_FIRST = [
    ("01/02/2026", D(2026, 2, 1), None),
    ("1/2/2026", D(2026, 2, 1), None),
    ("13/02/2026", D(2026, 2, 13), None),
    ("2026-02-13", D(2026, 2, 13), None),  # ISO text (a workbook's real date raw_cells) still reads
    ("02/13/2026", None, "not a date in the format %d/%m/%Y"),
    ("31/02/2026", None, "not a date in the format %d/%m/%Y"),
    ("1/2/26", None, IMPLAUSIBLE),  # %Y read "26" as the year 26
    ("epoch", None, "not a date in the format %d/%m/%Y"),
    ("", None, None),
]


def test_date_with_an_explicit_format(mem, params):
    check(mem, cells.date(COL, "%d/%m/%Y", params=params), DATE_DAY_FIRST, params)


def test_date_with_a_year_first_format_does_not_fall_back_to_iso(mem, params):
    check(
        mem,
        cells.date(COL, "%Y-%d-%m", params=params),
        [
            ("2026-13-01", D(2026, 1, 13), None),
            ("2026-01-13", None, "not a date in the format %Y-%d-%m"),
        ],
        params,
    )


TIMESTAMPS = [
    ("01/10/2026 08:30", dt.datetime(2026, 10, 1, 8, 30), None),
    ("1/10/2026 8:30", dt.datetime(2026, 10, 1, 8, 30), None),
    ("2026-10-01 08:30", dt.datetime(2026, 10, 1, 8, 30), None),
    ("2026-10-01T08:30:00", dt.datetime(2026, 10, 1, 8, 30), None),
    ("01/10/2026", None, "not a date in the format %d/%m/%Y %H:%M"),
]


def test_timestamp_keeps_the_time_of_day(mem, params):
    check(mem, cells.timestamp(COL, "%d/%m/%Y %H:%M", params=params), TIMESTAMPS, params)
    check(
        mem,
        cells.timestamp(COL, params=params),
        [
            ("2026-10-01 08:30", dt.datetime(2026, 10, 1, 8, 30), None),
            ("Apr 2024", dt.datetime(2024, 4, 1), None),
        ],
        params,
    )


@pytest.mark.parametrize(
    "fmt",
    [
        "%d/%m/%Y",
        "%m/%d/%Y %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%b %Y",
        "%d.%m.%y",
        "%-d/%-m/%Y",
        "%Y%m%d",
        "%d %B %Y",
    ],
)
def test_valid_date_formats(fmt):
    assert cells.validate_date_format(fmt) == fmt


@pytest.mark.parametrize(
    ("fmt", "reason"),
    [
        ("%d/%m/%Y'); DROP TABLE x; --", "neither a strptime code"),
        ("%d/%m/%Y'", "neither a strptime code"),
        ("%Q/%m/%Y", "neither a strptime code"),
        ("dd/mm/yyyy", "neither a strptime code"),
        ("%d/%m", "needs a year and a month"),
        ("%Y", "needs a year and a month"),
        ("", "not valid"),
        ("%d" * 30, "not valid"),
    ],
)
def test_unsafe_or_incomplete_date_formats_are_refused(fmt, reason, params):
    with pytest.raises(InvalidInput, match=reason):
        cells.validate_date_format(fmt)
    with pytest.raises(InvalidInput):
        cells.date(COL, fmt, params=params)


FLAGS = [
    ("Y", 1.0, None),
    ("y", 1.0, None),
    (" Yes ", 1.0, None),
    ("TRUE", 1.0, None),
    ("1", 1.0, None),
    ("N", 0.0, None),
    ("no", 0.0, None),
    ("False", 0.0, None),
    ("0", 0.0, None),
    ("", None, None),
    (None, None, None),
    ("maybe", None, NOT_FLAG),
    ("2", None, NOT_FLAG),
]


def test_flag_with_the_default_words(mem, params):
    check(mem, cells.flag(COL, params=params), FLAGS, params)


def test_flag_with_only_true_values_reads_everything_else_as_no(mem, params):
    check(
        mem,
        cells.flag(COL, true_values=["Resolved"], false_values=None, params=params),
        [("resolved", 1.0, None), ("Open", 0.0, None), ("", None, None), (None, None, None)],
        params,
    )


def test_flag_words_are_checked_before_they_reach_sql(params):
    with pytest.raises(InvalidInput, match="not usable"):
        cells.flag(COL, true_values=["Y'); DROP TABLE x; --"], params=params)
    with pytest.raises(InvalidInput, match="both yes and no"):
        cells.flag(COL, true_values=["Y"], false_values=["y"], params=params)
    with pytest.raises(InvalidInput, match="at least one"):
        cells.flag(COL, true_values=[], params=params)


def test_label_trims_and_squeezes_whitespace(mem, params):
    raw_cells = [
        "Manila",
        " Manila ",
        "Billing  care",
        "Billing\u00a0care",
        "\tCebu\n",
        "",
        "   ",
        None,
    ]
    mem.execute('CREATE OR REPLACE TABLE raw_cells (i INTEGER, "Raw cell" VARCHAR)')
    mem.executemany("INSERT INTO raw_cells VALUES (?, ?)", list(enumerate(raw_cells)))
    sql = f"SELECT {cells.label(COL, params=params)} FROM raw_cells ORDER BY i"  # noqa: S608
    got = [r[0] for r in params.execute(mem, sql).fetchall()]
    assert got == ["Manila", "Manila", "Billing care", "Billing care", "Cebu", None, None, None]


def test_bound_text_keeps_its_quotes(mem, params):
    text = "it's a 'test'"
    assert params.execute(mem, f"SELECT {params.bind(text)}").fetchall() == [(text,)]  # noqa: S608


def test_every_non_blank_cell_gets_a_value_or_an_error_never_both(mem, params):
    raw_cells = [c for c, _, _ in NUMBER_DOT + PERCENT_FRACTION + DURATION_SECONDS + DATE_DEFAULT]
    for parsed in (
        cells.number(COL, params=params),
        cells.percent(COL, "fraction", params=params),
        cells.duration(COL, params=params),
        cells.date(COL, params=params),
        cells.flag(COL, params=params),
    ):
        got = evaluate(mem, parsed, raw_cells, params)
        sql = f"SELECT {cells.blank(COL, params=params)} FROM raw_cells ORDER BY i"  # noqa: S608
        blanks = params.execute(mem, sql).fetchall()
        for cell, (value, error), (is_blank,) in zip(raw_cells, got, blanks, strict=True):
            assert (value is None and error is None) == is_blank, cell
            assert value is None or error is None, cell


# --- detection over a table ----------------------------------------------------------------------


def table_of(con, column: str, raw_cells: list[str | None], name: str = "staging") -> str:
    con.execute(f"CREATE OR REPLACE TABLE {quote_ident(name)} ({quote_ident(column)} VARCHAR)")
    con.executemany(f"INSERT INTO {quote_ident(name)} VALUES (?)", [[c] for c in raw_cells])  # noqa: S608
    return name


@pytest.mark.parametrize(
    ("raw_cells", "mode"),
    [
        (["0.95", "0.87", "1", None, ""], "fraction"),
        (["95", "87", "100"], "points"),
        (["0.5", "8.7", ""], "points"),  # one value above 1 decides the whole column
        (["95%", "87%"], "fraction"),  # "%" reads as points either way
        (["95%", "0.87"], "fraction"),
        (["95%", "87"], "points"),
        ([None, ""], "fraction"),
    ],
)
def test_detect_percent_mode_decides_per_column(mem, raw_cells, mode):
    table_of(mem, "SL %", raw_cells)
    assert cells.detect_percent_mode(mem, "staging", "SL %") == mode


def test_detect_percent_mode_with_decimal_comma(mem):
    table_of(mem, "Rate", ["0,95", "0,5"])
    assert cells.detect_percent_mode(mem, "staging", "Rate", decimal=",") == "fraction"
    table_of(mem, "Rate", ["95,3", "8,7"])
    assert cells.detect_percent_mode(mem, "staging", "Rate", decimal=",") == "points"


@pytest.mark.parametrize(
    ("raw_cells", "mode"),
    [
        (["312", "45", ""], "seconds"),
        (["0.0036111", "0.0015", None], "day_fraction"),
        (["0", "0"], "seconds"),
        (["00:05:12", "00:01:00"], "hms"),
        (["00:05:12", "312"], "seconds"),
        ([None], "seconds"),
    ],
)
def test_detect_duration_mode(mem, raw_cells, mode):
    table_of(mem, "AHT", raw_cells)
    assert cells.detect_duration_mode(mem, "staging", "AHT") == mode


@pytest.mark.parametrize(
    ("columns", "decimal"),
    [
        ({"A": ["0,95", "12,5"], "B": ["1,234"]}, ","),
        ({"A": ["1,234.5", "0.5"], "B": ["1,234"]}, "."),
        ({"A": ["1,234"], "B": ["5"]}, "."),  # reads either way: the default stands
        ({"A": ["1.234,5", "2.345,6"], "B": ["1,234.5"]}, ","),
    ],
)
def test_detect_decimal(mem, columns, decimal):
    names = list(columns)
    width = max(len(v) for v in columns.values())
    mem.execute(
        "CREATE OR REPLACE TABLE staging ("
        + ", ".join(f"{quote_ident(n)} VARCHAR" for n in names)
        + ")"
    )
    rows = [[columns[n][i] if i < len(columns[n]) else None for n in names] for i in range(width)]
    mem.executemany(f"INSERT INTO staging VALUES ({', '.join('?' for _ in names)})", rows)  # noqa: S608
    assert cells.detect_decimal(mem, "staging", names) == decimal


@pytest.mark.parametrize(
    ("raw_cells", "fmt", "grain"),
    [
        (["2026-10-01", "2026-10-02", ""], None, "day"),
        (["2026-10-01 08:30", "2026-10-01 09:00", "2026-10-02 00:00"], None, "interval"),
        (["2026-10-01T08:30:00", "2026-10-01"], None, "interval"),
        (["Apr 2024", "Mar 2024", "Feb 2024"], None, "month"),
        (["Apr-15", "May-15"], None, "month"),
        (["2024-04", "2024-05"], None, "month"),
        (["13/02/2026", "01/02/2026"], "%d/%m/%Y", "day"),
        (["02/13/2026", "02/01/2026"], "%m/%d/%Y", "day"),
        (["13.02.2026", "01.02.2026"], "%d.%m.%Y", "day"),
        (["01/10/2026 08:30", "13/10/2026 09:00"], "%d/%m/%Y %H:%M", "interval"),
        (["10/13/2026 8:30 PM", "10/01/2026 9:00 AM"], "%m/%d/%Y %I:%M %p", "interval"),
        (["13/02/26", "01/02/26"], "%d/%m/%y", "day"),
        (["1-Apr-2024", "15-Apr-2024"], "%d-%b-%Y", "day"),
        (["20261001", "20261002"], "%Y%m%d", "day"),
        (["13/02/2026", "01/02/2026", "TBD"], "%d/%m/%Y", "day"),  # junk is left to validation
    ],
)
def test_detect_date_format(mem, raw_cells, fmt, grain, params):
    table_of(mem, "Report Date", raw_cells)
    found = cells.detect_date_format(mem, "staging", "Report Date")
    assert (found.fmt, found.grain_hint) == (fmt, grain)
    assert found.example in raw_cells
    # The format found reads every date-looking value.
    parsed = evaluate(mem, cells.date(COL, found.fmt, params=params), raw_cells, params)
    assert all(
        v is not None for (v, _), c in zip(parsed, raw_cells, strict=True) if c and c != "TBD"
    )


def test_an_ambiguous_date_column_is_an_error_that_says_what_to_set(mem):
    table_of(mem, "Report Date", ["01/02/2026", "03/04/2026", "12/11/2026"])
    with pytest.raises(InvalidInput) as raised:
        cells.detect_date_format(mem, "staging", "Report Date")
    message = str(raised.value)
    assert "Report Date" in message
    assert "01/02/2026" in message
    assert "2026-02-01" in message and "2026-01-02" in message  # both readings shown
    assert "formats.date" in message and "%m/%d/%Y" in message


def test_one_unambiguous_value_anywhere_decides_the_date_format(mem):
    raw_cells = [f"{m:02d}/{d:02d}/2026" for m in range(1, 13) for d in range(1, 13)] * 3
    raw_cells.append("12/25/2026")  # month/day: 25 cannot be a month
    table_of(mem, "Date", raw_cells)
    assert cells.detect_date_format(mem, "staging", "Date").fmt == "%m/%d/%Y"


def test_a_column_of_non_dates_is_an_error(mem):
    table_of(mem, "Date", ["soon", "later"])
    with pytest.raises(InvalidInput, match="does not hold dates"):
        cells.detect_date_format(mem, "staging", "Date")
    table_of(mem, "Date", ["", None])
    with pytest.raises(InvalidInput, match="every cell is blank"):
        cells.detect_date_format(mem, "staging", "Date")


def test_detection_leaves_no_tables_behind(mem):
    table_of(mem, "Date", ["2026-10-01"])
    cells.detect_date_format(mem, "staging", "Date")
    tables = {r[0] for r in mem.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {"staging"}


def test_builders_stay_vectorised_over_many_rows(mem, params):
    """A million-row import evaluates these in SQL; a sanity check that a large column works and
    sums exactly (the timing itself belongs in bench/)."""
    mem.execute(
        "CREATE TABLE big AS SELECT CAST(i AS VARCHAR) AS n, "
        "CASE WHEN i % 1000 = 0 THEN '1,234.5' ELSE CAST(i % 7 AS VARCHAR) END AS m, "
        "strftime(TIMESTAMP '2026-01-01' + INTERVAL (i % 48 * 30) MINUTE, '%Y-%m-%d %H:%M') AS t "
        "FROM range(200000) r(i)"
    )
    n, m, t = (
        cells.number('"n"', params=params),
        cells.number('"m"', params=params),
        cells.timestamp('"t"', params=params),
    )
    total, other, errors, first = params.execute(
        mem,
        f"SELECT sum({n.value}), sum({m.value}), count({m.error}) + count({t.error}), min({t.value}) FROM big",  # noqa: S608
    ).fetchall()[0]
    assert total == sum(range(200000))
    assert math.isclose(other, sum(1234.5 if i % 1000 == 0 else i % 7 for i in range(200000)))
    assert errors == 0 and first == dt.datetime(2026, 1, 1)
