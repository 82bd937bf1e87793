"""A date column and a time-of-day column read together as each interval's start (issue 15,
item 5): the real WFM interval export, time ranges, AM/PM, and the rows that cannot be read."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import cells, importer, profiles
from tests.conftest import REAL_DATA

ADMIN = Actor("imp@client.example", "vendor_manager")
VENDOR = "Harbour Voice Services"
TODAY = date(2026, 11, 22)
WFM = REAL_DATA / "wfm_interval_15min_synth.csv"


@pytest.fixture
def harbour(con):
    vendors.add_vendors(con, Actor("admin@client.example", "admin"), [VENDOR])
    return con


def run(con, path: Path, profile: profiles.Profile | None = None, **kw):
    return importer.run(
        con,
        ADMIN,
        path,
        file_name=path.name,
        vendor=VENDOR,
        profile=profile,
        today=TODAY,
        add_labels=True,
        **kw,
    )


def daily_offered(con) -> dict[date, float]:
    rows = con.execute(
        "SELECT date, sum(offered) FROM kpi_facts GROUP BY date ORDER BY date"
    ).fetchall()
    return {d: float(n) for d, n in rows}


def wfm_rows() -> list[dict]:
    with WFM.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def test_the_real_interval_export_imports_with_its_suggested_mapping(harbour):
    found = importer.suggest_mapping(harbour, WFM, file_name=WFM.name)
    prof = found.profile
    assert prof.time_sources == ("Date", "Time") and found.grain == "interval"
    result = run(harbour, WFM, prof)
    assert result.status == "loaded", [e.text() for e in result.errors]
    assert result.periods[0]["grain"] == "day" and result.rows_read == 26592
    expected: dict[date, float] = defaultdict(float)
    for row in wfm_rows():
        expected[datetime.strptime(row["Date"], "%d.%m.%Y").date()] += float(row["Offered"])
    assert daily_offered(harbour) == dict(expected)


def write(tmp_path: Path, header: list[str], rows: list[list]) -> Path:
    path = tmp_path / "intervals.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


PROFILE = profiles.parse(
    """
[columns]
date = "Date"
interval_start = "Interval"
queue = "Queue"
offered = "Offered"
answered = "Answered"
"""
)
HEADER = ["Date", "Interval", "Queue", "Offered", "Answered"]


@pytest.mark.parametrize(
    "times",
    [
        ["08:00 - 08:30", "08:30 - 09:00", "09:00 - 09:30"],
        ["8:00 AM", "8:30 AM", "1:00 PM"],
        ["08h00", "08h30", "09h00"],
        ["0.3333333", "0.3541667", "0.375"],
        ["8", "9", "10"],
    ],
    ids=["ranges", "am-pm", "french", "excel", "hours"],
)
def test_times_of_day_in_any_common_form_are_summed_to_their_day(harbour, tmp_path, times):
    rows = [
        [f"2026-10-0{d}", t, "Billing", 10 * d + i, 9 * d + i]
        for d in (1, 2)
        for i, t in enumerate(times)
    ]
    result = run(harbour, write(tmp_path, HEADER, rows), PROFILE)
    assert result.status == "loaded", [e.text() for e in result.errors]
    assert daily_offered(harbour) == {date(2026, 10, 1): 33.0, date(2026, 10, 2): 63.0}


def test_an_unreadable_time_of_day_rejects_the_file_naming_its_row_and_column(harbour, tmp_path):
    rows = [["2026-10-01", "08:00", "Billing", 10, 9], ["2026-10-01", "lunch", "Billing", 5, 5]]
    result = run(harbour, write(tmp_path, HEADER, rows), PROFILE)
    assert result.status == "rejected"
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (3, "Interval", "lunch")
    assert error.reason == cells.TIME_OF_DAY_REASON


def test_a_blank_time_of_day_is_a_missing_time(harbour, tmp_path):
    rows = [["2026-10-01", "08:00", "Billing", 10, 9], ["2026-10-01", "", "Billing", 5, 5]]
    result = run(harbour, write(tmp_path, HEADER, rows), PROFILE)
    assert result.status == "rejected"
    assert [(e.row, e.reason) for e in result.errors] == [(3, "the date or time of day is missing")]


def test_the_same_date_and_time_twice_is_a_repeated_key(harbour, tmp_path):
    rows = [
        ["2026-10-01", "08:00", "Billing", 10, 9],
        ["2026-10-01", "08:00 - 08:30", "Billing", 5, 5],
    ]
    result = run(harbour, write(tmp_path, HEADER, rows), PROFILE)
    assert result.status == "rejected"
    assert any("more than once" in e.reason for e in result.errors)


def test_the_date_format_reads_the_date_column(harbour, tmp_path):
    rows = [["01/10/2026", "8:00 PM", "Billing", 10, 9], ["13/10/2026", "9:00 PM", "Billing", 5, 5]]
    prof = PROFILE.with_changes(formats={"date": "%d/%m/%Y"})
    result = run(harbour, write(tmp_path, HEADER, rows), prof)
    assert result.status == "loaded", [e.text() for e in result.errors]
    assert daily_offered(harbour) == {date(2026, 10, 1): 10.0, date(2026, 10, 13): 5.0}
