"""Files that used to end in an internal error (exit 3) are input errors or plain files: a column
named like DuckDB's own row number, a line holding a megabyte. A workbook's formula saved without
its value is refused by cell, a huge cell is quoted short, and a long file name is cut."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date

import openpyxl

from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import importer, profiles
from governance.store import db

HEADER = "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT"
ROW = "2026-10-01,Billing care,Leeds,Voice,100,95,5,80,300"


def _import(db_path, path) -> subprocess.CompletedProcess:
    subprocess.run(
        [sys.executable, "-m", "governance", "vendors", "add", "Acme Care", "--db", str(db_path)],
        check=True,
        capture_output=True,
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "governance",
            "import",
            str(path),
            "--add-labels",
            "--vendor",
            "Acme Care",
            "--db",
            str(db_path),
        ],
        capture_output=True,
        text=True,
    )


def test_a_column_named_rowid_is_just_a_column(db_path, tmp_path):
    path = tmp_path / "rowid.csv"
    path.write_text(f"{HEADER},rowid\n{ROW},7\n")
    proc = _import(db_path, path)
    assert proc.returncode == 0, proc.stderr
    assert "Binder Error" not in proc.stderr + proc.stdout


def test_a_megabyte_line_is_refused_naming_the_line(db_path, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(f"{HEADER}\n{ROW}\n2026-10-02,{'x' * 1_000_000},Leeds,Voice,1,1,0,1,1\n")
    proc = _import(db_path, path)
    assert proc.returncode == 2, proc.stderr
    assert "Line 3 of huge.csv is" in proc.stderr and "65,536 characters" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


# --- workbooks: formulas without a saved value, huge cells; long file names ----------------------

XLSX_HEADER = ["Report Date", "Notes", "Calls Offered", "Calls Handled"]
# Mapped explicitly, and no labels: these files are about cells, not about what is suggested.
PROFILE = (
    'ignore = ["Notes"]\n[columns]\ndate = "Report Date"\noffered = "Calls Offered"\n'
    'answered = "Calls Handled"\n'
)


def _import_mapped(db_path, path) -> subprocess.CompletedProcess:
    profile = path.with_suffix(".toml")
    profile.write_text(PROFILE, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "governance", "vendors", "add", "Acme Care", "--db", str(db_path)],
        check=True,
        capture_output=True,
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "governance",
            "import",
            str(path),
            "--vendor",
            "Acme Care",
            "--profile",
            str(profile),
            "--db",
            str(db_path),
        ],
        capture_output=True,
        text=True,
    )


def _workbook(path, rows, patches: tuple[tuple[bytes, bytes], ...] = ()):
    """A workbook written by openpyxl (which saves a formula with no value, as it calculates
    nothing); ``patches`` replace bytes in the sheet's XML, as another program would write it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(XLSX_HEADER)
    for row in rows:
        sheet.append(row)
    raw = io.BytesIO()
    book.save(raw)
    source = zipfile.ZipFile(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as patched:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                for old, new in patches:
                    assert old in data
                    data = data.replace(old, new)
            patched.writestr(member, data)
    path.write_bytes(out.getvalue())
    return path


def _facts(db_path) -> list[tuple]:
    with db.connect(db_path, migrate_schema=False) as con:
        return con.execute("SELECT date, offered, answered FROM kpi_facts ORDER BY date").fetchall()


def test_a_formula_with_no_saved_value_is_refused_naming_the_cell(db_path, tmp_path):
    path = _workbook(
        tmp_path / "calc.xlsx",
        [["2026-10-01", "", 100, 95], ["2026-10-02", "", 120, "=C3-10"]],
    )
    proc = _import_mapped(db_path, path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "cell D3 of sheet 'Data' holds a formula with no saved value" in proc.stderr
    assert "open and save the file in Excel" in proc.stderr
    assert _facts(db_path) == []


def test_a_formula_with_its_saved_value_is_read_as_that_value(db_path, tmp_path):
    # As Excel writes it: the formula and the value it calculated, an empty text result too.
    path = _workbook(
        tmp_path / "saved.xlsx",
        [
            ["2026-10-01", "", 100, 95],
            ["2026-10-02", "", 120, "=C3-10"],
            ["2026-10-03", '=IF(1,"","x")', 90, 80],
        ],
        patches=(
            (b"<f>C3-10</f><v />", b"<f>C3-10</f><v>110</v>"),
            (
                b'<c r="B4"><f>IF(1,"","x")</f><v />',
                b'<c r="B4" t="str"><f>IF(1,"","x")</f><v></v>',
            ),
        ),
    )
    proc = _import_mapped(db_path, path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [(d.isoformat(), o, a) for d, o, a in _facts(db_path)] == [
        ("2026-10-01", 100, 95),
        ("2026-10-02", 120, 110),
        ("2026-10-03", 90, 80),
    ]


def test_a_megabyte_cell_in_a_workbook_is_named_and_quoted_short(db_path, tmp_path):
    path = _workbook(
        tmp_path / "huge.xlsx",
        [["2026-10-01", "", 100, 95], ["2026-10-02", "", "9" * 20 + "x" * 30_000, 95]],
    )
    proc = _import_mapped(db_path, path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "no data rows" not in proc.stderr
    assert "row 3, column 'Calls Offered': not a number" in proc.stderr
    assert "30,020 characters)" in proc.stderr
    assert len(proc.stderr) < 1_000  # the start of the cell and its length, not the cell


def test_a_long_file_name_is_cut_keeping_its_extension(con, tmp_path):
    vendors.add_vendors(con, Actor("root@client.example", "admin"), ["Acme Care"])
    path = tmp_path / "export.csv"
    path.write_text(
        "Report Date,Calls Offered,Calls Handled\n2026-10-01,100,95\n", encoding="utf-8"
    )
    sent = "Q3 export " * 40 + "\u202efinal.csv"  # 400 characters, and a right-to-left override
    result = importer.run(
        con,
        Actor("vince@client.example", "vendor_manager"),
        path,
        file_name=sent,
        vendor="Acme Care",
        profile=profiles.parse(PROFILE),
        today=date(2026, 11, 1),
    )
    assert result.status == "loaded", [e.text() for e in result.errors]
    (stored,) = con.execute("SELECT file_name FROM import_batches").fetchone()
    assert len(stored) == 200 and stored.endswith("….csv")
    assert stored.startswith("Q3 export Q3 export") and "\u202e" not in stored
    assert result.file_name == stored
