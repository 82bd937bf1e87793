"""``profiles list|show|save`` and ``import --layout`` through the real command line: what they
print, their exit statuses, and that a refused save leaves the database as it was."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from governance.access.actors import Actor
from governance.ingest import labels
from governance.store import db

VMO = Actor("vmo@client.example", "vendor_manager")
CSV = (
    "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,AHT\n"
    "2026-10-01,Billing care,Leeds,Voice,100,95,5,300\n"
    "2026-10-02,Billing care,Leeds,Voice,120,110,10,310\n"
)
PROFILE = """\
vendor = "Acme Care"
ignore = ["AHT"]

[columns]
date = "Report Date"
program = "LOB"
site = "Location"
channel = "Channel"
offered = "Calls Offered"
answered = "Calls Handled"
abandoned = "Abandons"
"""


def gov(*args):
    return subprocess.run(
        [sys.executable, "-m", "governance", *args], capture_output=True, text=True
    )


@pytest.fixture
def setup(tmp_path):
    dbf = tmp_path / "g.duckdb"
    assert gov("vendors", "add", "Acme Care", "Zenith BPO", "--db", str(dbf)).returncode == 0
    with db.connect(dbf) as con:
        for vendor in ("Acme Care", "Zenith BPO"):
            labels.add(con, VMO, vendor, "program", ["Billing care"])
            labels.add(con, VMO, vendor, "site", ["Leeds"])
    (tmp_path / "p.toml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "export.csv").write_text(CSV, encoding="utf-8")
    return dbf, tmp_path


def state(dbf) -> dict:
    with db.connect(dbf, migrate_schema=False) as con:
        return {
            t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # noqa: S608
            for t in ("layouts", "layout_versions", "audit_events", "kpi_facts")
        }


def one_line_refusal(proc, fragment: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert fragment in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr


def test_save_list_show_and_versions(setup):
    dbf, tmp = setup
    saved = gov("profiles", "save", "Acme daily", "--file", str(tmp / "p.toml"), "--db", str(dbf))
    assert saved.returncode == 0, saved.stderr
    assert saved.stdout.startswith("saved: layout 'Acme daily' version 1\n")
    assert "listed as saved for Acme Care" in saved.stdout
    again = gov("profiles", "save", " ACME  daily", "--file", str(tmp / "p.toml"), "--db", str(dbf))
    assert again.returncode == 0
    assert again.stdout.startswith("unchanged: layout 'Acme daily' is at version 1")
    (tmp / "p2.toml").write_text(
        PROFILE.replace('ignore = ["AHT"]', 'ignore = ["AHT"]\nsl_threshold_seconds = 30')
    )
    second = gov(
        "profiles",
        "save",
        "Acme daily",
        "--file",
        str(tmp / "p2.toml"),
        "--expected-version",
        "1",
        "--db",
        str(dbf),
    )
    assert second.returncode == 0 and "version 2" in second.stdout, second.stderr
    listed = json.loads(gov("profiles", "list", "--format", "json", "--db", str(dbf)).stdout)
    assert len(listed) == 1
    row = listed[0]
    assert (row["name"], row["version"], row["vendor"]) == ("Acme daily", 2, "Acme Care")
    reads = tomllib.loads(PROFILE)["columns"].values()
    assert row["reads"] == ", ".join(sorted(reads))
    assert row["time"] == "Report Date (date)" and row["saved_by"]
    table = gov("profiles", "list", "--db", str(dbf)).stdout
    assert "Acme daily" in table and "Report Date (date)" in table
    csv_lines = gov("profiles", "list", "--format", "csv", "--db", str(dbf)).stdout.splitlines()
    assert csv_lines[0] == "name,version,vendor,time,reads,saved_by,saved_at"
    # show: the latest, or a given version; a comment line first, then TOML that reads back.
    latest = gov("profiles", "show", "acme DAILY", "--db", str(dbf))
    assert latest.returncode == 0
    assert latest.stdout.startswith("# Layout 'Acme daily', version 2 of 2, saved by ")
    doc = tomllib.loads(latest.stdout)
    assert doc["sl_threshold_seconds"] == 30 and "vendor" not in doc
    first = tomllib.loads(
        gov("profiles", "show", "Acme daily", "--version", "1", "--db", str(dbf)).stdout
    )
    assert (
        first["sl_threshold_seconds"] == 20
        and first["columns"] == tomllib.loads(PROFILE)["columns"]
    )
    one_line_refusal(
        gov("profiles", "show", "Acme daily", "--version", "5", "--db", str(dbf)),
        "has no version 5 kept (it is at version 2; kept: 2, 1)",
    )
    one_line_refusal(
        gov("profiles", "show", "Nope", "--db", str(dbf)),
        "No layout named 'Nope'. Saved layouts: 'Acme daily'.",
    )


def test_a_refused_save_exits_2_and_changes_nothing(setup):
    dbf, tmp = setup
    assert (
        gov(
            "profiles", "save", "Acme daily", "--file", str(tmp / "p.toml"), "--db", str(dbf)
        ).returncode
        == 0
    )
    before = state(dbf)
    (tmp / "bad.toml").write_text("[columns\n", encoding="utf-8")
    (tmp / "agent.toml").write_text(PROFILE.replace('program = "LOB"', 'program = "Agent Name"'))
    (tmp / "other.toml").write_text(PROFILE.replace("Leeds", "x").replace('"Location"', '"Site"'))
    cases = [
        (("Acme daily", "--file", str(tmp / "bad.toml")), "Mapping profile: not valid TOML"),
        (("Acme daily", "--file", str(tmp / "missing.toml")), "no such file"),
        (("Other", "--file", str(tmp / "agent.toml")), "maps 'Agent Name' as program"),
        (
            ("Acme daily", "--file", str(tmp / "other.toml"), "--expected-version", "0"),
            "Someone else saved a layout named 'Acme daily'",
        ),
        (
            ("Acme daily", "--file", str(tmp / "other.toml"), "--expected-version", "4"),
            "(version 1, you had 4)",
        ),
        (("Daily\u202eexport", "--file", str(tmp / "other.toml")), "can disguise text"),
        (("x" * 81, "--file", str(tmp / "other.toml")), "keep it to 80"),
    ]
    for args, fragment in cases:
        one_line_refusal(gov("profiles", "save", *args, "--db", str(dbf)), fragment)
    bad_number = gov(
        "profiles", "save", "A", "--file", "p.toml", "--expected-version", "-1", "--db", str(dbf)
    )
    one_line_refusal(bad_number, "'-1' is not a version number")
    assert state(dbf) == before


def test_import_uses_the_layout_that_fits_and_says_so(setup):
    dbf, tmp = setup
    gov("profiles", "save", "Acme daily", "--file", str(tmp / "p.toml"), "--db", str(dbf))
    # A file from another vendor with the same columns: mapped with the layout (AHT ignored).
    proc = gov("import", str(tmp / "export.csv"), "--vendor", "Zenith BPO", "--db", str(dbf))
    assert proc.returncode == 0, proc.stderr
    assert "note: mapped with the saved layout 'Acme daily' (version 1)" in proc.stdout
    with db.connect(dbf) as con:
        got = con.execute(
            "SELECT v.name, sum(f.offered), count(f.handle_time_sec) FROM kpi_facts f "
            "JOIN vendors v USING (vendor_id) GROUP BY v.name"
        ).fetchall()
    assert got == [("Zenith BPO", 100 + 120, 0)]  # AHT was ignored, as the layout says


def test_import_with_a_named_layout(setup):
    dbf, tmp = setup
    gov("profiles", "save", "Acme daily", "--file", str(tmp / "p.toml"), "--db", str(dbf))
    doc = json.loads(
        gov(
            "import",
            str(tmp / "export.csv"),
            "--vendor",
            "Acme Care",
            "--layout",
            "acme daily",
            "--dry-run",
            "--format",
            "json",
            "--db",
            str(dbf),
        ).stdout
    )
    assert doc["status"] == "loaded" and doc["layout"] == {"name": "Acme daily", "version": 1}
    before = state(dbf)
    one_line_refusal(
        gov(
            "import",
            str(tmp / "export.csv"),
            "--vendor",
            "Acme Care",
            "--layout",
            "Nope",
            "--db",
            str(dbf),
        ),
        "No layout named 'Nope'",
    )
    one_line_refusal(
        gov(
            "import",
            str(tmp / "export.csv"),
            "--vendor",
            "Acme Care",
            "--layout",
            "Acme daily",
            "--profile",
            str(tmp / "p.toml"),
            "--db",
            str(dbf),
        ),
        "not allowed with argument",
    )
    assert state(dbf) == before


def test_an_empty_list(setup):
    dbf, _tmp = setup
    assert gov("profiles", "list", "--db", str(dbf)).stdout.strip() == "(no rows)"
    assert json.loads(gov("profiles", "list", "--format", "json", "--db", str(dbf)).stdout) == []
