"""Files that used to end in an internal error (exit 3) are input errors or plain files: a column
named like DuckDB's own row number, a line holding a megabyte."""

from __future__ import annotations

import subprocess
import sys

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
