"""No CSV the product writes can carry a spreadsheet formula: every command's CSV output, the
audit export and the import's validation report go through one writer, which neutralises text
starting with = + - @ tab or CR (OWASP: a leading ') and leaves numbers as numbers. Payloads
enter where a user or a vendor file can put them: vendor names, labels in a vendor's file, file
names, cell values."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date

import pytest

from governance import cli
from governance.access import audit, users, vendors
from governance.access.actors import Actor
from governance.errors import InvalidInput
from governance.ingest import importer
from governance.store import db, queries
from tests.integration import contract_builders as cb

ADMIN = Actor("ada@client.example", "admin")
VENDOR = '=HYPERLINK("http://evil.example","x")'
LABELS = ("+SUM(1,1)", "@cmd", "-2+3", "\tTAB", "\rCR")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
HEADER = "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _dangerous(text: str) -> list[str]:
    """Every cell of CSV ``text`` that a spreadsheet would run as a formula."""
    return [
        cell
        for row in csv.reader(io.StringIO(text))
        for cell in row
        if cell.startswith(FORMULA) and not _is_number(cell)
    ]


@pytest.fixture
def hostile(db_path, tmp_path):
    with db.connect(db_path) as con:
        vendors.add_vendors(con, ADMIN, [VENDOR])
        cb.create(con, cb.contract(VENDOR, targets=[cb.target("service_level", 0.8, 0.75, 100)]))
        vendor_id = queries.vendor_by_name(con, VENDOR)["vendor_id"]
        for i, label in enumerate(LABELS):
            con.execute(
                "INSERT INTO kpi_facts (vendor_id, program, site, channel, date, offered, "
                "answered, answered_within_sl) VALUES (?, ?, ?, 'voice', ?, 100, 95, 80)",
                [vendor_id, label, label, date(2026, 10, 1 + i)],
            )
        users.add(con, ADMIN, "pat@bpo.example", "vendor_partner", VENDOR)
        good = tmp_path / "good.csv"
        good.write_text(f"{HEADER}\n2026-09-01,Billing care,Leeds,Voice,100,95,5,80,300\n")
        loaded = importer.run(
            con,
            ADMIN,
            good,
            file_name="=cmd|' /C calc'!A0.csv",
            vendor=VENDOR,
            today=date(2026, 11, 1),
            add_labels=True,
        )  # a file name is the user's to choose
        assert loaded.status == "loaded", [e.text() for e in loaded.errors]
        bad = tmp_path / "bad.csv"
        bad.write_text(f"{HEADER}\n2026-09-02,Billing care,Leeds,Voice,=1+1,95,5,80,300\n")
        rejected = importer.run(
            con, ADMIN, bad, file_name="bad.csv", vendor=VENDOR, today=date(2026, 11, 1)
        )
        assert rejected.status == "rejected"
        events = queries.audit_events(con)
    return db_path, importer.errors_csv(rejected), audit.to_csv(events)


def _command(*argv) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main([*argv]) == 0
    return out.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ("kpis", "--dims", "program,site", "--format", "csv"),
        ("kpis", "--by", "month", "--format", "csv"),
        ("vendors", "list", "--format", "csv"),
        ("users", "list", "--format", "csv"),
        ("batches", "list", "--format", "csv"),
        ("contracts", "list", "--format", "csv"),
        ("scorecard", "--period", "2026-10", "--format", "csv"),
        ("credits", "--period", "2026-10", "--format", "csv"),
    ],
)
def test_no_command_writes_a_formula(hostile, argv):
    path, _, _ = hostile
    text = _command(*argv, "--db", str(path))
    assert text.strip(), argv
    assert _dangerous(text) == [], argv


def test_the_payloads_are_kept_as_text_and_numbers_stay_numbers(hostile):
    path, _, _ = hostile
    text = _command("kpis", "--db", str(path), "--dims", "program", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["program"] for r in rows} == {"'" + label for label in LABELS} | {"Billing care"}
    assert {r["vendor"] for r in rows} == {"'" + VENDOR}
    assert all(_is_number(r["service_level"]) for r in rows)  # 0.8: a number, as it was


def test_the_validation_report_and_the_audit_export_carry_no_formula(hostile):
    _, report, events = hostile
    assert "'=1+1" in report and _dangerous(report) == []
    assert _dangerous(events) == []


@pytest.mark.parametrize(
    "email",
    ['=hyperlink("http://evil.example")@x.co', "+1@x.co", "@x.co", "a b@x.co", "x@vendor"],
)
def test_an_email_that_is_not_an_address_is_refused(db_path, email):
    with db.connect(db_path) as con, pytest.raises(InvalidInput, match="not an e-mail address"):
        users.add(con, ADMIN, email, "leadership")
