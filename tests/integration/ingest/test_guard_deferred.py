"""With a mapping of its own, an import judges the values of the columns it maps to a vendor or a
dimension after the roll-up, over the distinct labels it makes anyway (a scan of every row saved):
the verdict is the guard's all the same, on every path the rows take, and before any value of
such a column is listed or registered."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import importer, profiles
from governance.store import queries
from tests import store_tables

ACTOR = Actor("vmo@client.example", "vendor_manager")
VENDOR = "Harbour Voice Services"
TODAY = date(2026, 11, 22)
DAYS = [date(2026, 10, 5) + timedelta(days=i) for i in range(3)]
AGENTS = ["Diane Smith", "Greg Walker", "Maria Garcia", "Karen Holt", "Brian Foster", "Linda Reyes"]
PROFILE = """
vendor = "Harbour Voice Services"
[columns]
date = "Date"
channel = "Channel"
queue = "Split"
offered = "Offered"
answered = "Answered"
"""


def owner_file(tmp_path: Path, *, channel=lambda i, d: "Voice") -> tuple[Path, int]:
    """Rows per agent and day, the agents under a neutral header 'Split'; and the first row of
    the file (as the reader counts them: the header is row 1) that holds an agent."""
    rows = [["Date", "Channel", "Split", "Offered", "Answered"]]
    for d in DAYS:
        for i, agent in enumerate(AGENTS):
            rows.append([d.isoformat(), channel(i, d), agent, 40 + i, 38 + i])
    path = tmp_path / "owners.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    first = next(n for n, row in enumerate(rows, start=1) if row[2] in AGENTS)
    return path, first


@pytest.fixture
def con(con):
    vendors.add_vendors(con, ACTOR, [VENDOR])
    return con


def state(con) -> dict:
    return {
        t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # noqa: S608
        for (t,) in con.execute(store_tables.TABLES).fetchall()
    }


def said(result) -> str:
    return " ".join(
        [
            result.summary(),
            *result.warnings,
            *(e.text() for e in result.errors),
            json.dumps(result.to_json(), default=str),
            importer.errors_csv(result),
        ]
    )


def run(con, path, profile, **kw):
    return importer.run(
        con, ACTOR, path, file_name=path.name, profile=profile, today=TODAY, add_labels=True, **kw
    )


@pytest.mark.parametrize("policy", ["refuse", "aggregate"])
def test_names_in_a_column_mapped_as_queue_are_refused_after_the_roll_up(con, tmp_path, policy):
    path, first = owner_file(tmp_path)
    before = state(con)
    result = run(con, path, profiles.parse(PROFILE), vendor=VENDOR, on_agent_data=policy)
    assert result.status == "rejected"
    (error,) = result.errors
    assert error.reason.startswith(
        f"owners.csv holds data about individual vendor staff: column 'Split' holds person "
        f"names (6 of 6 distinct values) (e.g. row {first})"
    )
    assert "The profile maps 'Split' as queue" in error.reason
    assert [(f.column, f.reason) for f in result.guard_findings] == [("Split", "names")]
    assert not [a for a in AGENTS if a in said(result)]
    assert state(con) == before


def test_they_are_refused_by_the_guard_when_the_rows_take_the_full_path(con, tmp_path):
    # An unknown channel on one row: the rows are looked at one by one, and listed, which is
    # when the guard has judged the queue column first.
    odd = lambda i, d: "Carrier pigeon" if (i, d) == (3, DAYS[1]) else "Voice"  # noqa: E731
    path, first = owner_file(tmp_path, channel=odd)
    result = run(con, path, profiles.parse(PROFILE), vendor=VENDOR)
    assert result.status == "rejected"
    (error,) = result.errors
    assert f"column 'Split' holds person names (6 of 6 distinct values) (e.g. row {first})" in (
        error.reason
    )
    assert "Carrier pigeon" not in error.reason  # not refused for the channel: for the people
    assert not [a for a in AGENTS if a in said(result)]


def test_names_in_the_vendor_column_are_refused_before_they_are_listed(con, tmp_path):
    path, first = owner_file(tmp_path)
    as_vendor = profiles.parse(PROFILE.replace('queue = "Split"', 'vendor = "Split"')).with_changes(
        vendor=None
    )
    for add in (False, True):
        result = run(con, path, as_vendor, add_vendors=add)
        assert result.status == "rejected"
        assert [(f.column, f.reason) for f in result.guard_findings] == [("Split", "names")]
        assert "not registered" not in result.errors[0].reason
        assert f"(e.g. row {first})" in result.errors[0].reason
        assert not [a for a in AGENTS if a in said(result)]
    assert queries.vendor_names(con) == [VENDOR]


def test_queues_with_names_of_places_import(con, tmp_path):
    path, _ = owner_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    for i, agent in enumerate(AGENTS):
        text = text.replace(agent, ["Manila", "Cebu", "Leeds", "Bogotá", "Recife", "Gdańsk"][i])
    path.write_text(text, encoding="utf-8")
    result = run(con, path, profiles.parse(PROFILE), vendor=VENDOR)
    assert result.ok, said(result)
    assert result.guard_findings == []
    (total,) = con.execute("SELECT sum(offered) FROM kpi_facts").fetchone()
    assert total == sum(40 + i for i in range(len(AGENTS))) * len(DAYS)


def test_a_name_far_down_a_column_of_counts_is_refused_and_never_quoted(con, tmp_path):
    """The guard reads the first 1,000 rows of a column the import parses as numbers; a name
    further down is refused when every cell is parsed, and not quoted."""
    rows = [["Date", "Channel", "Split", "Offered", "Answered"]]
    for i in range(1200):
        day = DAYS[i % 3].isoformat()
        offered = "Diane Smith" if i == 1150 else 40 + i % 7
        rows.append([day, "Voice", f"Q{100 + i // 3}", offered, 30])
    path = tmp_path / "counts.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    before = state(con)
    result = run(con, path, profiles.parse(PROFILE), vendor=VENDOR)
    assert result.status == "rejected"
    (error,) = [e for e in result.errors if e.column == "Offered"]
    assert error.row == 1152  # the header is row 1, the 1,151st data row is row 1,152
    assert "the value is not shown: it may identify a person" in error.reason
    assert error.value is None
    assert "Diane" not in said(result) and "Smith" not in said(result)
    assert state(con) == before
