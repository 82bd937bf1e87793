"""Mapping profiles: strict validation that names the problem, round trips, the mapping table,
the date and time-of-day pair. (Suggestions: ``test_suggest``.)"""

from __future__ import annotations

import pytest

from governance.errors import InvalidInput
from governance.ingest import profiles

INTERFACES_EXAMPLE = """
vendor = "Northwind Contact"
shape = "aggregated"
sheet = "Daily"
header_row = 3
on_agent_data = "refuse"
sl_threshold_seconds = 20
ignore = ["Comments"]

[columns]
date = "Report Date"
program = "LOB"
site = "Location"
offered = "Calls Offered"
answered = "Calls Handled"
abandoned = "Abandons"
answered_within_sl = "Ans < 20s"

[averages]
handle_time_sec = { column = "AHT", over = "answered" }

[formats]
date = "%d/%m/%Y"
percent = "auto"
duration = "auto"
decimal = "."
"""


def test_the_interfaces_example_parses_and_round_trips():
    p = profiles.parse(INTERFACES_EXAMPLE)
    assert p.vendor == "Northwind Contact" and p.header_row == 3 and p.time_column == "date"
    assert p.averages["handle_time_sec"] == profiles.Average("AHT", "answered")
    assert profiles.parse(profiles.to_toml(p)) == p


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("colour = 'blue'", "unknown key 'colour'"),
        ("[columns]\nagent_id = 'Agent'", "unknown canonical name 'agent_id'"),
        ("[columns]\ndate = 'D'\nmonth = 'M'", "map only one time column"),
        ("shape = 'pivot'", "shape must be one of"),
        ("on_agent_data = 'keep'", "on_agent_data must be one of"),
        ("header_row = 0", "header_row must be a row number"),
        ("[averages]\naht = { column = 'AHT', over = 'answered' }", "unknown component 'aht'"),
        (
            "[averages]\nhandle_time_sec = { column = 'AHT', over = 'calls' }",
            "unknown component 'calls'",
        ),
        (
            "[averages]\nhandle_time_sec = { column = 'AHT', over = 'answered', x = 1 }",
            "unknown key 'x'",
        ),
        ("[formats]\npercent = 'percentish'", "[formats].percent"),
        ('[formats]\ndate = "%d/%m/%Y\'; DROP TABLE x"', "is not a date pattern"),
        ("shape = 'contact'", "needs a [contact] section"),
        ("[contact]\nwait_seconds = 'W'", "applies only to shape"),
        ("[constants]\nvendor = 'X'", "[constants] may fix"),
        ("[derived]\nanswered = { total = 'offered', less = [] }", "must list components"),
        ("this is not toml =", "not valid TOML"),
    ],
)
def test_bad_profiles_name_the_problem(text, fragment):
    with pytest.raises(InvalidInput, match="Mapping profile") as exc:
        profiles.parse(text)
    assert fragment in str(exc.value)


def test_the_mapping_table_round_trips_and_refuses_two_columns_for_one_name():
    p = profiles.parse(INTERFACES_EXAMPLE)
    headers = [
        "Report Date",
        "LOB",
        "Location",
        "Calls Offered",
        "Calls Handled",
        "Abandons",
        "Ans < 20s",
        "AHT",
        "Comments",
        "Notes",
    ]
    rows = profiles.mapping_rows(p, headers)
    assert {r["column"]: r["role"] for r in rows}["Comments"] == profiles.IGNORED
    assert {r["column"]: r["role"] for r in rows}["Notes"] == profiles.NOT_LOADED
    again = profiles.apply_mapping(p, rows)
    assert again.columns == p.columns and again.averages == p.averages and again.ignore == p.ignore
    rows[-1]["role"] = "offered"
    with pytest.raises(InvalidInput, match="two columns are mapped to offered"):
        profiles.apply_mapping(p, rows)


def test_a_date_and_a_time_of_day_column_make_one_interval_time():
    p = profiles.parse(
        '[columns]\ndate = "Date"\ninterval_start = "Interval"\noffered = "Offered"\n'
        '[formats]\ndate = "%d.%m.%Y"\nduration = "minutes"'
    )
    assert p.split_time and p.time_column == "interval_start"
    assert p.time_sources == ("Date", "Interval") and p.grain == "day"
    assert profiles.parse(profiles.to_toml(p)) == p
    one = profiles.parse('[columns]\ninterval_start = "Start"\noffered = "Offered"')
    assert not one.split_time and one.time_sources == ("Start",)


@pytest.mark.parametrize(
    "columns",
    [
        'date = "D"\nmonth = "M"',
        'week = "W"\ninterval_start = "I"',
        'date = "D"\ninterval_start = "I"\nmonth = "M"',
    ],
)
def test_other_pairs_of_time_columns_are_refused(columns):
    with pytest.raises(InvalidInput, match="map only one time column"):
        profiles.parse(f"[columns]\n{columns}")
