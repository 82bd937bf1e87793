"""Mapping profiles: strict validation that names the problem, round trips, suggestions."""

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


@pytest.mark.parametrize(
    "headers, expected_columns, expected_averages, threshold",
    [
        (
            [
                "Report Date",
                "LOB",
                "Location",
                "Calls Offered",
                "Calls Handled",
                "Abandons",
                "Ans < 20s",
                "AHT",
            ],
            {
                "date": "Report Date",
                "program": "LOB",
                "site": "Location",
                "offered": "Calls Offered",
                "answered": "Calls Handled",
                "abandoned": "Abandons",
                "answered_within_sl": "Ans < 20s",
            },
            {"handle_time_sec": ("AHT", "answered")},
            20,
        ),
        (
            ["Date", "Offered", "Answered", "Ans <= 30 sec", "Talk Duration (AVG)"],
            {
                "date": "Date",
                "offered": "Offered",
                "answered": "Answered",
                "answered_within_sl": "Ans <= 30 sec",
            },
            {"handle_time_sec": ("Talk Duration (AVG)", "answered")},
            30,
        ),
        (
            ["Week Starting", "Inbound", "Abandoned Calls", "Handle Time", "Contacts Received"],
            {
                "week": "Week Starting",
                "offered": "Inbound",
                "abandoned": "Abandoned Calls",
                "handle_time_sec": "Handle Time",
            },
            {},
            20,
        ),
    ],
)
def test_suggest_places_headers_by_synonym(headers, expected_columns, expected_averages, threshold):
    p, _unplaced = profiles.suggest(headers)
    assert p.columns == expected_columns
    assert {k: (a.column, a.over) for k, a in p.averages.items()} == expected_averages
    assert p.sl_threshold_seconds == threshold


def test_suggest_keeps_counts_over_their_rates_and_derives_answered():
    p, unplaced = profiles.suggest(
        [
            "Month",
            "Inbound Calls",
            "Average Speed of Answer in Secs",
            "Abandoned Calls",
            "Call Abandonment Rate",
            "In-person visits",
        ]
    )
    assert p.columns == {
        "month": "Month",
        "offered": "Inbound Calls",
        "abandoned": "Abandoned Calls",
    }
    assert p.averages["wait_time_sec"] == profiles.Average(
        "Average Speed of Answer in Secs", "answered"
    )
    assert p.derived["answered"] == profiles.Derived("offered", ("abandoned",))
    assert p.ignore == ("Call Abandonment Rate",)
    assert unplaced == ["In-person visits"]


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
