"""Calendar periods: how users write months and quarters, and how they follow each other."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from governance.errors import InvalidInput
from governance.kpis import periods
from governance.kpis.periods import Period
from governance.scoring.scorecard import Window


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "label"),
    [
        ("2026-09", date(2026, 9, 1), date(2026, 9, 30), "month", "2026-09"),
        ("2026-01", date(2026, 1, 1), date(2026, 1, 31), "month", "2026-01"),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31), "month", "2026-12"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month", "2024-02"),
        (" 2026-09 ", date(2026, 9, 1), date(2026, 9, 30), "month", "2026-09"),
        ("2026Q3", date(2026, 7, 1), date(2026, 9, 30), "quarter", "2026Q3"),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "quarter", "2026Q3"),
        ("2026q1", date(2026, 1, 1), date(2026, 3, 31), "quarter", "2026Q1"),
        ("2026Q2", date(2026, 4, 1), date(2026, 6, 30), "quarter", "2026Q2"),
        ("2026Q4", date(2026, 10, 1), date(2026, 12, 31), "quarter", "2026Q4"),
    ],
)
def test_parse(text, start, end, kind, label):
    p = periods.parse(text)
    assert (p.start, p.end, p.kind, p.label, str(p)) == (start, end, kind, label, label)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        None,
        "2026",
        "2026-9",
        "2026-13",
        "2026-00",
        "26-09",
        "2026/09",
        "2026Q0",
        "2026Q5",
        "2026-Q",
        "Q3 2026",
        "2026-09-01",
        "September 2026",
        "2026 Q3",
    ],
)
def test_bad_periods_raise_invalid_input_naming_the_text_and_the_forms(text):
    with pytest.raises(InvalidInput) as raised:
        periods.parse(text)
    message = str(raised.value)
    assert "2026-09" in message and "2026Q3" in message  # says how to write one
    if text and text.strip():
        assert text.strip() in message


@pytest.mark.parametrize("label", ["2025-12", "2026-01", "2024-02", "2025Q4", "2026Q1"])
def test_label_parses_back_to_the_same_period(label):
    assert periods.parse(periods.parse(label).label) == periods.parse(label)


@pytest.mark.parametrize(
    ("label", "n", "expected"),
    [
        ("2026-01", -1, "2025-12"),
        ("2025-12", 1, "2026-01"),
        ("2026-03", -14, "2025-01"),
        ("2026-11", 14, "2028-01"),
        ("2026-09", 0, "2026-09"),
        ("2026Q1", -1, "2025Q4"),
        ("2025Q4", 1, "2026Q1"),
        ("2026Q3", -5, "2025Q2"),
        ("2026Q2", 7, "2028Q1"),
    ],
)
def test_shift_crosses_year_boundaries(label, n, expected):
    assert periods.shift(periods.parse(label), n) == periods.parse(expected)


@pytest.mark.parametrize(
    ("label", "expected"),
    [("2026-01", "2025-12"), ("2024-03", "2024-02"), ("2026Q1", "2025Q4"), ("2026Q3", "2026Q2")],
)
def test_previous(label, expected):
    previous = periods.parse(label).previous()
    assert previous == periods.parse(expected)
    assert previous.end.toordinal() + 1 == periods.parse(label).start.toordinal()  # contiguous


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 10), date(2024, 2, 29)),  # divisible by 4
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2000, 2, 28), date(2000, 2, 29)),  # divisible by 400
        (date(2100, 2, 1), date(2100, 2, 28)),  # divisible by 100, not 400
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2026, 4, 15), date(2026, 4, 30)),
        (date(2026, 1, 31), date(2026, 1, 31)),
    ],
)
def test_month_end(day, expected):
    assert periods.month_end(day) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 1)),
        (date(2026, 12, 15), 1, date(2027, 1, 1)),
        (date(2026, 1, 1), -1, date(2025, 12, 1)),
        (date(2026, 1, 1), -13, date(2024, 12, 1)),
        (date(2026, 5, 20), 0, date(2026, 5, 1)),
    ],
)
def test_add_months_lands_on_the_first_day(day, n, expected):
    assert periods.add_months(day, n) == expected


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 8, 15), date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_quarter_containing_a_day(day, start, end):
    assert periods.quarter(day) == Period(start, end, "quarter")


def test_months_back_ends_with_the_month_of_the_day_oldest_first():
    got = periods.months_back(date(2026, 2, 15), 3)
    assert [p.label for p in got] == ["2025-12", "2026-01", "2026-02"]
    assert all(p.kind == "month" for p in got)


def test_thirteen_months_back_for_an_mbr_trend():
    got = periods.months_back(date(2026, 9, 30), 13)
    assert (got[0].label, got[-1].label, len(got)) == ("2025-09", "2026-09", 13)
    assert len({p.start for p in got}) == 13


@pytest.mark.parametrize(("count", "expected"), [(1, ["2026-09"]), (0, [])])
def test_months_back_small_counts(count, expected):
    assert [p.label for p in periods.months_back(date(2026, 9, 1), count)] == expected


def test_periods_sort_in_time_order():
    labels = ["2026-03", "2025-12", "2026-01"]
    assert [p.label for p in sorted(periods.parse(x) for x in labels)] == [
        "2025-12",
        "2026-01",
        "2026-03",
    ]


@pytest.mark.parametrize(
    ("text", "expected"), [("2026-09-30", date(2026, 9, 30)), (" 2024-02-29 ", date(2024, 2, 29))]
)
def test_parse_date(text, expected):
    assert periods.parse_date(text) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "30/09/2026", "", "tomorrow", None])
def test_parse_date_refuses_and_names_what(text):
    with pytest.raises(InvalidInput, match="--from"):
        periods.parse_date(text, what="--from")


# --- how a period reads to a user (issue 16): one form everywhere ----------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("2026-11", "Nov 2026"),
        ("2026-01", "Jan 2026"),
        ("2026Q3", "Q3 2026"),
        ("2026-q1", "Q1 2026"),
        ("2026-09..2026-11", "Sep\u2013Nov 2026"),
        ("2026-11..2027-01", "Nov 2026\u2013Jan 2027"),
        ("2026Q1..2026Q2", "Jan\u2013Jun 2026"),
        ("2026-05..2026-05", "May 2026"),
        (date(2026, 12, 31), "Dec 2026"),
        (pd.Timestamp("2025-02-01"), "Feb 2025"),
        (Period(date(2026, 10, 1), date(2026, 12, 31), "quarter"), "Q4 2026"),
        (Period(date(2026, 4, 1), date(2026, 4, 30), "month"), "Apr 2026"),
    ],
)
def test_a_period_reads_one_way_for_users(given, shown):
    assert periods.label(given) == shown


def test_a_scorecard_window_reads_as_its_months():
    # anything with start, end and kind: the rolling three months of a scorecard
    window = Window("2026-08..2026-10", date(2026, 8, 1), date(2026, 10, 31), "span")
    assert periods.label(window) == "Aug\u2013Oct 2026"


def test_a_machine_label_that_is_not_a_period_is_refused_with_the_forms_to_write():
    with pytest.raises(InvalidInput, match="2026-09"):
        periods.label("Sept 2026")


# --- the last period that has ended and has data (the Packs page's default) ------------------

DATA = [date(2026, 10, 1), date(2026, 9, 1), date(2026, 8, 1), date(2026, 6, 1)]


@pytest.mark.parametrize(
    ("kind", "today", "upto", "expected"),
    [
        # the data's newest month has ended by December: it is the default month
        ("month", date(2026, 12, 6), None, "2026-10"),
        # on 31 October, October has not ended yet: September
        ("month", date(2026, 10, 31), None, "2026-09"),
        # the fourth quarter has not ended on 6 December: the third, which has data
        ("quarter", date(2026, 12, 6), None, "2026Q3"),
        # once the year is over, the fourth quarter (October's data) counts
        ("quarter", date(2027, 1, 1), None, "2026Q4"),
        # the sidebar's month caps it: August's month, and August's quarter
        ("month", date(2026, 12, 6), date(2026, 8, 1), "2026-08"),
        ("quarter", date(2026, 12, 6), date(2026, 8, 1), "2026Q3"),
        # July has no data: the newest month with data before it, June
        ("month", date(2026, 12, 6), date(2026, 7, 1), "2026-06"),
        # the sidebar's month is October (unfinished quarter): the quarter before it
        ("quarter", date(2026, 12, 6), date(2026, 10, 1), "2026Q3"),
    ],
)
def test_the_last_ended_period_with_data(kind, today, upto, expected):
    assert periods.last_ended(DATA, kind, today, upto).label == expected


def test_no_period_has_ended_yet():
    assert periods.last_ended([date(2026, 12, 1)], "month", date(2026, 12, 6)) is None
    assert periods.last_ended([date(2026, 10, 1)], "quarter", date(2026, 12, 31)) is None
    assert periods.last_ended([], "month", date(2026, 12, 6)) is None
