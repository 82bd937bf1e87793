"""The Imports page's preview runs the grain check the import runs: a dimension whose labels are
one per person (many, each with the volume of one agent) is refused there, with the import's own
words, before anyone goes further; and no row of it is shown."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import importer, profiles

ACTOR = Actor("vmo@client.example", "vendor_manager")
VENDOR = "Harbour Voice Services"
TODAY = date(2026, 11, 22)
DAYS = [date(2026, 10, 5) + timedelta(days=i) for i in range(2)]
PROFILE = profiles.parse(
    """
vendor = "Harbour Voice Services"
[columns]
date = "Date"
program = "Program"
channel = "Channel"
queue = "Queue"
offered = "Offered"
answered = "Answered"
"""
)


def queue_file(tmp_path: Path, queues: list[str], volume) -> Path:
    """Rows per day and queue (one program, one channel); ``volume(i, day)`` contacts offered."""
    rows = [["Date", "Program", "Channel", "Queue", "Offered", "Answered"]]
    for d in DAYS:
        for i, queue in enumerate(queues):
            offered = volume(i, d.day)
            rows.append([d.isoformat(), "Billing care", "Voice", queue, offered, offered - 1])
    path = tmp_path / "queues.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture
def con(con):
    vendors.add_vendors(con, ACTOR, [VENDOR])
    return con


def test_the_preview_refuses_labels_with_one_persons_volume_as_the_import_does(con, tmp_path):
    ids = [f"A{i:03d}" for i in range(1, 41)]  # anonymised agents, 20 to 44 contacts a day each
    path = queue_file(tmp_path, ids, lambda i, day: 20 + (i * 7 + day) % 25)
    view = importer.preview(con, path, file_name=path.name, profile=PROFILE)
    assert view.frame is None  # the labels (one per person) are not shown
    (problem,) = view.problems
    assert "column 'Queue' (mapped as queue) has 40 labels" in problem
    assert "the volume of one person" in problem
    assert [(f.column, f.reason) for f in view.guard_findings] == [("Queue", "grain")]
    result = importer.run(
        con, ACTOR, path, file_name=path.name, vendor=VENDOR, profile=PROFILE, today=TODAY
    )
    assert result.status == "rejected"
    assert [e.reason for e in result.errors] == [problem]  # the same words, said earlier
    assert con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0] == 0


def test_the_preview_refuses_it_with_aggregate_too(con, tmp_path):
    ids = [f"A{i:03d}" for i in range(1, 41)]
    path = queue_file(tmp_path, ids, lambda i, day: 20 + (i * 7 + day) % 25)
    view = importer.preview(
        con, path, file_name=path.name, profile=PROFILE, on_agent_data="aggregate"
    )
    assert view.frame is None and len(view.problems) == 1
    assert "'aggregate'" not in view.problems[0]  # summing does not help: the labels are people


def test_busy_coded_queues_preview_their_rows(con, tmp_path):
    queues = [f"Q{101 + i}" for i in range(30)]  # hundreds of calls each a day: queues
    path = queue_file(tmp_path, queues, lambda i, day: 300 + (i * 11 + day) % 90)
    view = importer.preview(con, path, file_name=path.name, profile=PROFILE, limit=5)
    assert view.problems == [] and view.guard_findings == []
    first = view.frame.iloc[0]
    assert (first["queue"], first["offered"]) == ("Q101", 300 + 5 % 90)
    assert len(view.frame) == 5
