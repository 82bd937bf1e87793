"""The import commands as scheduled jobs use them: exit codes, json, dry run, profiles, rollback."""

from __future__ import annotations

import json
import subprocess
import sys

from governance.access.actors import Actor
from governance.ingest import labels, profiles
from governance.store import db

VMO = Actor("vmo@client.example", "vendor_manager")
CSV = (
    "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT\n"
    "2026-10-01,Billing care,Leeds,Voice,100,95,5,80,300\n"
    "2026-10-02,Billing care,Leeds,Voice,120,110,10,90,310\n"
)


def gov(*args):
    return subprocess.run(
        [sys.executable, "-m", "governance", *args], capture_output=True, text=True
    )


def setup(tmp_path, text=CSV):
    dbf = tmp_path / "g.duckdb"
    assert gov("vendors", "add", "Acme Care", "--db", str(dbf)).returncode == 0
    with db.connect(dbf) as con:  # the program and site of the files are known labels of Acme
        labels.add(con, VMO, "Acme Care", "program", ["Billing care"])
        labels.add(con, VMO, "Acme Care", "site", ["Leeds"])
    f = tmp_path / "acme.csv"
    f.write_text(text)
    return dbf, f


def test_import_json_then_unchanged_then_rollback(tmp_path):
    dbf, f = setup(tmp_path)
    first = gov("import", str(f), "--vendor", "Acme Care", "--format", "json", "--db", str(dbf))
    assert first.returncode == 0, first.stderr
    doc = json.loads(first.stdout)
    assert doc["status"] == "loaded" and doc["rows_read"] == 2 and doc["rows_loaded"] == 2
    assert doc["rows_rejected"] == 0 and doc["errors"] == []
    assert doc["periods"] == [
        {"vendor": "Acme Care", "from": "2026-10-01", "to": "2026-10-02", "grain": "day", "rows": 2}
    ]
    again = json.loads(
        gov("import", str(f), "--vendor", "Acme Care", "--format", "json", "--db", str(dbf)).stdout
    )
    assert again["status"] == "unchanged" and again["batch_id"] == doc["batch_id"]
    listed = json.loads(gov("batches", "list", "--format", "json", "--db", str(dbf)).stdout)
    assert [b["batch_id"] for b in listed] == [doc["batch_id"]]
    undo = gov("batches", "rollback", str(doc["batch_id"]), "--db", str(dbf))
    assert undo.returncode == 0 and "Rolled back" in undo.stdout
    with db.connect(dbf) as con:
        assert con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0] == 0


def test_a_rejected_file_exits_2_with_row_column_reason_on_stderr(tmp_path):
    dbf, f = setup(tmp_path, CSV.replace("120,110", "120,130"))
    proc = gov("import", str(f), "--vendor", "Acme Care", "--db", str(dbf))
    assert proc.returncode == 2
    assert "row 3, column 'Calls Handled': answered is more than offered" in proc.stderr
    assert "Traceback" not in proc.stderr
    doc = json.loads(
        gov("import", str(f), "--vendor", "Acme Care", "--format", "json", "--db", str(dbf)).stdout
    )
    assert (
        doc["status"] == "rejected"
        and doc["errors"][0]["row"] == 3
        and doc["errors"][0]["column"] == "Calls Handled"
    )


def test_dry_run_validates_and_writes_nothing(tmp_path):
    dbf, f = setup(tmp_path)
    proc = gov("import", str(f), "--vendor", "Acme Care", "--dry-run", "--db", str(dbf))
    assert proc.returncode == 0 and proc.stdout.startswith("Dry run: would be acme.csv loaded")
    with db.connect(dbf) as con:
        assert con.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 0


def test_a_dry_run_says_which_months_it_would_replace(tmp_path):
    dbf, f = setup(tmp_path)
    assert gov("import", str(f), "--vendor", "Acme Care", "--db", str(dbf)).returncode == 0
    again = tmp_path / "again.csv"
    again.write_text(CSV.replace(",300\n", ",301\n"))
    proc = gov("import", str(again), "--vendor", "Acme Care", "--dry-run", "--db", str(dbf))
    assert proc.returncode == 0, proc.stderr
    assert "would replace the data already held for 2026-10 of Acme Care." in proc.stdout


def test_profiles_suggest_prints_a_profile_that_imports(tmp_path):
    dbf, f = setup(
        tmp_path, CSV.replace("2026-10-01", "01/10/2026").replace("2026-10-02", "13/10/2026")
    )
    proc = gov("profiles", "suggest", str(f), "--vendor", "Acme Care", "--db", str(dbf))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    prof = profiles.parse(text)
    assert prof.vendor == "Acme Care" and prof.formats.date == "%d/%m/%Y"
    assert prof.averages["handle_time_sec"].column == "AHT"
    (tmp_path / "p.toml").write_text(text)
    done = gov("import", str(f), "--profile", str(tmp_path / "p.toml"), "--db", str(dbf))
    assert done.returncode == 0, done.stderr


def test_missing_files_and_bad_profiles_are_one_line_errors(tmp_path):
    dbf, f = setup(tmp_path)
    missing = gov("import", str(tmp_path / "nope.csv"), "--vendor", "Acme Care", "--db", str(dbf))
    assert missing.returncode == 2 and "is not a file" in missing.stderr
    (tmp_path / "bad.toml").write_text("[columns]\nagent = 'Agent'\n")
    bad = gov("import", str(f), "--profile", str(tmp_path / "bad.toml"), "--db", str(dbf))
    assert bad.returncode == 2 and "unknown canonical name 'agent'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
