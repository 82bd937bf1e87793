"""``governance store copy`` (issue 17, item 7): a team that outgrows the file moves to a server in
one command, and back; the copy is checked table by table, and refused or undone whole."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from governance import cli, demo
from governance.access import vendors
from governance.access.actors import Actor
from governance.store import db, transfer

END = date(2026, 10, 1)


def gov(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "governance", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    root = tmp_path_factory.mktemp("transfer")
    path = root / "demo.duckdb"
    with db.connect(path) as con:
        demo.load_demo(con, Actor("demo", "admin"), end_month=END, exports_dir=root / "x")
    return path


def scorecards(capsys, target) -> list:
    assert (
        cli.main(["scorecard", "--period", "2026Q3", "--format", "json", "--db", str(target)]) == 0
    )
    return json.loads(capsys.readouterr().out)


def counts(target) -> dict[str, int]:
    with db.connect(target) as con:
        return {t: transfer._count(con, t) for t in transfer.tables(con)}


def test_a_file_moves_to_a_server_and_back_with_every_row(demo_file, pg_url, tmp_path, capsys):
    there = gov("store", "copy", "--from", str(demo_file), "--to", pg_url, "--format", "json")
    assert there.returncode == 0, there.stderr
    report = json.loads(there.stdout)
    expected = counts(demo_file)
    assert {t: v["rows"] for t, v in report["tables"].items()} == expected
    assert report["rows"] == sum(expected.values()) and expected["kpi_facts"] > 20_000

    back = tmp_path / "back.duckdb"
    again = gov("store", "copy", "--from", pg_url, "--to", str(back))
    assert again.returncode == 0, again.stderr
    assert "every table's row count and checksum match" in again.stdout
    assert counts(back) == expected

    original = scorecards(capsys, demo_file)
    assert original and scorecards(capsys, pg_url) == original == scorecards(capsys, back)

    # Ids continue after the copied ones on both stores: a new vendor gets the next id.
    for target in (pg_url, back):
        with db.connect(target) as con:
            top = con.execute("SELECT max(vendor_id) FROM vendors").fetchone()[0]
            vendors.add_vendors(con, Actor("vmo@client.example", "vendor_manager"), ["Zenith BPO"])
            new = con.execute("SELECT vendor_id FROM vendors WHERE name = 'Zenith BPO'").fetchone()
            assert new[0] == top + 1


def test_a_destination_that_holds_data_is_refused_and_left_alone(demo_file, tmp_path):
    dest = tmp_path / "held.duckdb"
    assert gov("vendors", "add", "Acme Care", "--db", str(dest)).returncode == 0
    proc = gov("store", "copy", "--from", str(demo_file), "--to", str(dest))
    assert proc.returncode == 2 and "already holds data (audit_events, vendors)" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert counts(dest)["vendors"] == 1 and counts(dest)["kpi_facts"] == 0


def test_a_source_at_an_older_schema_is_refused(tmp_path, pg_url):
    old = tmp_path / "old.duckdb"
    con = db.open_connection(old)
    try:
        db.migrate(con, db.available_migrations()[:-1])
    finally:
        con.close()
    proc = gov("store", "copy", "--from", str(old), "--to", pg_url)
    assert proc.returncode == 2
    assert "run 'governance init --db" in proc.stderr and "Nothing was copied" in proc.stderr


def test_a_copy_that_does_not_check_out_keeps_nothing(demo_file, pg_url, monkeypatch):
    real = transfer.checksum
    calls = []

    def drifting(con, table, columns):
        rows, digest = real(con, table, columns)
        calls.append(table)
        return (rows + 1 if len(calls) % 2 == 0 and table == "kpi_facts" else rows), digest

    monkeypatch.setattr(transfer, "checksum", drifting)
    with pytest.raises(Exception, match="does not match its source"):
        transfer.copy(str(demo_file), pg_url)
    assert sum(counts(pg_url).values()) == 0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "\u2205"),
        (3, "3"),
        (3.0, "3"),
        (0.25, "0.25"),
        (date(2026, 10, 1), "2026-10-01"),
        (True, "true"),
    ],
)
def test_checksums_read_a_value_the_same_whichever_engine_gave_it(value, text):
    assert transfer._plain(value) == text


def test_an_archive_made_on_either_store_restores_into_the_other(
    demo_file, pg_url, tmp_path, capsys
):
    """A file's backup restores into an empty server database; that server's backup restores
    into a new file; each holds every row, and the scorecards are the file's."""
    from_file = tmp_path / "from-file.zip"
    made = gov("backup", "-o", str(from_file), "--db", str(demo_file))
    assert made.returncode == 0, made.stderr
    restored = gov("restore", str(from_file), "--db", pg_url, "--format", "json")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["signature"] == "not_checked"
    assert counts(pg_url) == counts(demo_file)

    from_server = tmp_path / "from-server.zip"
    made = gov("backup", "-o", str(from_server), "--db", pg_url)
    assert made.returncode == 0, made.stderr
    assert "read at one moment and checked against the server" in made.stdout
    back = tmp_path / "back.duckdb"
    again = gov("restore", str(from_server), "--db", str(back))
    assert again.returncode == 0, again.stderr
    assert counts(back) == counts(demo_file)
    original = scorecards(capsys, demo_file)
    assert original and scorecards(capsys, pg_url) == original == scorecards(capsys, back)


def test_a_restore_onto_a_server_that_holds_data_is_refused_and_changes_nothing(
    demo_file, pg_url, tmp_path
):
    archive = tmp_path / "b.zip"
    assert gov("backup", "-o", str(archive), "--db", str(demo_file)).returncode == 0
    with db.connect(pg_url) as con:
        vendors.add_vendors(con, Actor("vmo@client.example", "vendor_manager"), ["Zenith BPO"])
    before = counts(pg_url)
    proc = gov("restore", str(archive), "--db", pg_url, "--yes")
    assert proc.returncode == 2, proc.stderr
    assert "already holds data" in proc.stderr and "new, empty database" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert counts(pg_url) == before
