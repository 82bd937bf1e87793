"""Imports on either store (issue 17): DuckDB reads and checks the file in the importing process
in both cases; on a PostgreSQL server the checked day slices go there with COPY, in the one
transaction that writes the batch, so the same rules hold: all or nothing, a restatement keeps
what it replaced, a rollback brings it back. Run from the command line, as a scheduled job does."""

from __future__ import annotations

import json
import subprocess
import sys

from governance.access.actors import Actor
from governance.ingest import labels
from governance.store import db

VMO = Actor("vmo@client.example", "vendor_manager")
CSV = (
    "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT\n"
    "2026-10-01,Billing care,Leeds,Voice,100,95,5,80,300\n"
    "2026-10-02,Billing care,Leeds,Voice,120,110,10,90,310\n"
)


def gov(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "governance", *args], capture_output=True, text=True, timeout=120
    )


def imported(target, path) -> dict:
    proc = gov(
        "import", str(path), "--vendor", "Acme Care", "--format", "json", "--db", str(target)
    )
    assert proc.returncode in (0, 2), proc.stderr
    return json.loads(proc.stdout)


def stored(target) -> list[tuple]:
    with db.connect(target) as con:
        return con.execute(
            "SELECT date, offered, answered, abandoned, answered_within_sl FROM kpi_facts "
            "ORDER BY date"
        ).fetchall()


def test_an_import_then_a_restatement_then_a_rollback_on_either_store(target, tmp_path):
    assert gov("vendors", "add", "Acme Care", "--db", str(target)).returncode == 0
    with db.connect(target) as con:
        labels.add(con, VMO, "Acme Care", "program", ["Billing care"])
        labels.add(con, VMO, "Acme Care", "site", ["Leeds"])
    first = tmp_path / "acme.csv"
    first.write_text(CSV)

    doc = imported(target, first)
    assert doc["status"] == "loaded" and doc["rows_loaded"] == 2, doc
    assert [tuple(float(v) for v in r[1:]) for r in stored(target)] == [
        (100.0, 95.0, 5.0, 80.0),
        (120.0, 110.0, 10.0, 90.0),
    ]
    assert imported(target, first)["status"] == "unchanged"

    # The vendor restates the 2nd: 20 more calls offered, all abandoned.
    restated = tmp_path / "acme_restated.csv"
    restated.write_text(CSV.replace("120,110,10,90", "140,110,30,90"))
    again = imported(target, restated)
    assert again["status"] == "restated", again
    assert [float(r[1]) for r in stored(target)] == [100.0, 140.0]

    # A file with a bad row changes nothing.
    bad = tmp_path / "acme_bad.csv"
    bad.write_text(CSV.replace("120,110", "120,130"))
    refused = imported(target, bad)
    assert refused["status"] == "rejected" and refused["errors"][0]["row"] == 3
    assert [float(r[1]) for r in stored(target)] == [100.0, 140.0]

    # Rolling the restatement back brings the first file's figures back.
    undo = gov("batches", "rollback", str(again["batch_id"]), "--db", str(target))
    assert undo.returncode == 0, undo.stderr
    assert [float(r[1]) for r in stored(target)] == [100.0, 120.0]

    # The service level the store computes is the file's: answered in threshold / offered.
    kpis = json.loads(gov("kpis", "--by", "month", "--format", "json", "--db", str(target)).stdout)
    assert [round(k["service_level"], 12) for k in kpis] == [round((80 + 90) / (100 + 120), 12)]


def test_a_file_with_new_vendors_registers_them_with_its_rows_on_either_store(target, tmp_path):
    multi = tmp_path / "multi.csv"
    multi.write_text(
        "Vendor,Report Date,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s\n"
        "Acme Care,2026-10-01,Voice,100,95,5,80\n"
        "Zenith BPO,2026-10-01,Voice,50,45,5,40\n"
    )
    proc = gov("import", str(multi), "--add-vendors", "--format", "json", "--db", str(target))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["status"] == "loaded" and doc["new_vendors"] == ["Acme Care", "Zenith BPO"]
    with db.connect(target) as con:
        rows = con.execute(
            "SELECT v.name, f.offered FROM kpi_facts f JOIN vendors v USING (vendor_id) "
            "ORDER BY v.name"
        ).fetchall()
    assert [(n, float(o)) for n, o in rows] == [("Acme Care", 100.0), ("Zenith BPO", 50.0)]
