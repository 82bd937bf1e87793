"""Registered labels are still checked for people. Migration 005 registered every label already
stored, as it was (source ``existing``), without the person check later labels pass: an import
that brings such a label is refused all the same, ``labels list`` marks it (``--people`` lists
only those), ``labels add`` refuses it, and ``labels remove`` takes it out."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from governance import cli
from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import importer, labels
from governance.store import db
from tests import store_tables

ACTOR = Actor("vmo@client.example", "vendor_manager")
VENDOR = "Acme Care"
TODAY = date(2026, 11, 22)
QUEUES = ["Billing", "Disputes", "Diane Smith", "Upgrades"]  # one queue named after an agent


def seed_existing(con, vendor: str, dimension: str, names: list[str]) -> None:
    """Labels registered as migration 005 registered those already held: plain SQL, no check."""
    (vid,) = con.execute("SELECT vendor_id FROM vendors WHERE name = ?", [vendor]).fetchone()
    for name in names:
        con.execute(
            "INSERT INTO vendor_labels VALUES (?, ?, ?, 'migration 005', ?, 'existing')",
            [vid, dimension, name, datetime(2026, 1, 1)],
        )


def export(tmp_path: Path) -> Path:
    """Two days of queue totals, hundreds of calls a queue: only the label is a person's."""
    rows = [["Date", "Queue", "Channel", "Offered", "Answered"]]
    for day in (1, 2):
        for i, queue in enumerate(QUEUES):
            rows.append([f"2026-10-{day:02d}", queue, "Voice", 400 + i, 390 + i])
    path = tmp_path / "queues.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def state(con) -> dict:
    return {
        t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # noqa: S608
        for (t,) in con.execute(store_tables.TABLES).fetchall()
    }


def run_cli(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(argv)
    return status, out.getvalue() + err.getvalue()


@pytest.fixture
def acme(con):
    vendors.add_vendors(con, ACTOR, [VENDOR])
    seed_existing(con, VENDOR, "queue", QUEUES)
    return con


def test_an_import_refuses_a_person_like_label_even_when_it_is_registered(acme, tmp_path):
    path = export(tmp_path)
    before = state(acme)
    for add in (False, True):
        result = importer.run(
            acme,
            ACTOR,
            path,
            file_name=path.name,
            vendor=VENDOR,
            profile=None,
            today=TODAY,
            add_labels=add,
        )
        assert result.status == "rejected"
        (error,) = result.errors
        assert (
            "column 'Queue' (mapped as queue) holds 1 label(s) that look like a person's name"
            in (error.reason)
        )
        assert "1 of them is in the vendor's registry" in error.reason
        assert "labels list --people" in error.reason
        said = " ".join([error.text(), json.dumps(result.to_json()), importer.errors_csv(result)])
        assert "Diane" not in said and "Smith" not in said
        assert state(acme) == before


def test_the_same_file_imports_once_the_label_is_removed_and_renamed(acme, tmp_path):
    labels.remove(acme, ACTOR, VENDOR, "queue", "Diane Smith")
    path = export(tmp_path)
    text = path.read_text(encoding="utf-8").replace("Diane Smith", "Retention")
    path.write_text(text, encoding="utf-8")
    result = importer.run(
        acme, ACTOR, path, file_name=path.name, vendor=VENDOR, today=TODAY, add_labels=True
    )
    assert result.ok, [e.text() for e in result.errors]
    stored = {q for (q,) in acme.execute("SELECT DISTINCT queue FROM kpi_facts").fetchall()}
    assert stored == {"Billing", "Disputes", "Retention", "Upgrades"}


def test_labels_list_marks_the_registered_labels_that_look_like_people(acme, db_path):
    seed_existing(acme, VENDOR, "site", ["jdoe01", "Leeds"])
    acme.close()
    status, text = run_cli(["labels", "list", "--db", str(db_path), "--format", "json"])
    assert status == 0
    marks = {(r["dimension"], r["label"]): r["looks like a person"] for r in json.loads(text)}
    assert marks == {
        ("site", "Leeds"): "",
        ("site", "jdoe01"): "a login",
        ("queue", "Billing"): "",
        ("queue", "Diane Smith"): "a person's name",
        ("queue", "Disputes"): "",
        ("queue", "Upgrades"): "",
    }
    status, text = run_cli(["labels", "list", "--people", "--db", str(db_path), "--format", "csv"])
    assert status == 0
    lines = text.strip().splitlines()
    assert len(lines) == 3 and "Leeds" not in text and "Billing" not in text
    assert {line.split(",")[2] for line in lines[1:]} == {"jdoe01", "Diane Smith"}


def test_labels_add_refuses_a_person_like_label_and_remove_takes_a_registered_one_out(
    acme, db_path
):
    acme.close()
    base = ["--db", str(db_path), "--vendor", VENDOR, "--dimension", "queue"]
    status, text = run_cli(["labels", "add", *base, "SMITH, DIANE"])
    assert status == 2 and "looks like a person's name" in text and "Traceback" not in text
    status, text = run_cli(["labels", "remove", *base, "Diane Smith"])
    assert status == 0
    status, text = run_cli(["labels", "list", "--people", "--db", str(db_path), "--format", "json"])
    assert status == 0 and json.loads(text) == []
    with db.connect(db_path) as con:
        (n,) = con.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'label.remove'"
        ).fetchone()
        assert n == 1
        assert con.execute(
            "SELECT count(*) FROM vendor_labels WHERE label LIKE '%SMITH%'"
        ).fetchone() == (0,)
