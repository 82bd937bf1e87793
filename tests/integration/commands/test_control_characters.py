"""Characters that can disguise text on a terminal (ESC, OSC and CSI sequences, BEL, the
bidirectional overrides and isolates) in an imported file's labels are refused at import, naming
the row and the column, with nothing stored; and whatever a command prints shows them escaped,
never raw."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from governance.store import db

HEADER = "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT"
VENDOR = "Acme Care"
# Every character a terminal or a reader might obey rather than show (control characters other
# than line breaks and tabs, bidirectional overrides, isolates and marks), written out here.
DISGUISING = {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"} | {
    chr(c) for c in range(0x7F, 0xA0)
}
DISGUISING |= set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _governance(*argv) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "governance", *argv], capture_output=True, text=True
    )


def _rows(n: int = 120) -> list[list[str]]:
    # Enough rows that a few control bytes stay under the reader's binary-file threshold.
    return [
        [f"2026-10-{1 + i % 28:02d}", "Billing care", f"Site {i // 28}", "Voice"]
        + ["100", "95", "5", "80", "300"]
        for i in range(n)
    ]


def _state(db_path) -> dict:
    with db.connect(db_path, migrate_schema=False) as con:
        return {
            table: sorted(con.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608
            for table in ("kpi_facts", "import_batches", "layouts", "audit_events")
        }


@pytest.fixture
def registered(db_path):
    assert _governance("vendors", "add", VENDOR, "--db", str(db_path)).returncode == 0
    return db_path


def _refused(db_path, path, row: int, column: str) -> str:
    before = _state(db_path)
    proc = _governance("import", str(path), "--vendor", VENDOR, "--db", str(db_path))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"row {row}, column '{column}': holds " in proc.stderr
    assert "a character that can disguise text on a screen" in proc.stderr
    assert not DISGUISING & set(proc.stdout + proc.stderr), "printed raw"
    assert "Traceback" not in proc.stderr
    assert _state(db_path) == before
    return proc.stderr


@pytest.mark.parametrize(
    ("column", "label", "named"),
    [
        ("LOB", "Billing \x1b[31mcare", "ESC (U+001B)"),  # a colour escape (CSI)
        ("Location", "Leeds\x1b]0;pwned\x07", "ESC (U+001B)"),  # OSC: sets the window title
        ("LOB", "Billing\x07", "BEL (U+0007)"),
        ("LOB", "Billing \x9b31m", "(U+009B)"),  # the one-byte CSI
        ("Location", "Leeds \u202eabc", "RIGHT-TO-LEFT OVERRIDE (U+202E)"),
        ("Location", "\u2066Leeds\u2069", "LEFT-TO-RIGHT ISOLATE (U+2066)"),
        ("Channel", "Voice\u202d", "LEFT-TO-RIGHT OVERRIDE (U+202D)"),
    ],
)
def test_a_csv_label_with_a_disguising_character_is_refused(
    registered, tmp_path, column, label, named
):
    rows = _rows()
    at = 40
    rows[at][HEADER.split(",").index(column)] = label
    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    message = _refused(registered, path, at + 2, column)  # the header is row 1
    assert named in message


def _workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(HEADER.split(","))
    for r in rows:
        sheet.append([*r[:4], *(int(v) for v in r[4:])])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_label_with_a_bidirectional_override_is_refused(registered, tmp_path):
    rows = _rows(30)
    rows[6][1] = "Billing \u202eeracgnilliB"
    path = tmp_path / "export.xlsx"
    path.write_bytes(_workbook(rows))
    assert "RIGHT-TO-LEFT OVERRIDE (U+202E)" in _refused(registered, path, 8, "LOB")


def test_an_xlsx_label_with_an_escape_sequence_is_refused(registered, tmp_path):
    # Excel stores a control character in a cell as _x001B_ (XML cannot hold it as it is).
    rows = _rows(30)
    rows[11][2] = "Leeds MARK"
    book = zipfile.ZipFile(io.BytesIO(_workbook(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as patched:
        for member in book.infolist():
            data = book.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"MARK", b"_x001B_[2J")  # "clear the screen"
            patched.writestr(member, data)
    path = tmp_path / "export.xlsx"
    path.write_bytes(out.getvalue())
    assert "ESC (U+001B)" in _refused(registered, path, 13, "Location")


def test_a_vendor_column_with_a_disguising_character_is_refused(registered, tmp_path):
    profile = tmp_path / "profile.toml"
    profile.write_text(
        '[columns]\ndate = "Day"\nvendor = "Provider"\noffered = "Offered"\n', encoding="utf-8"
    )
    lines = ["Day,Provider,Offered"] + [f"2026-10-{d:02d},{VENDOR},10" for d in range(1, 29)]
    lines[5] = f"2026-10-05,{VENDOR}\u202e,10"
    path = tmp_path / "vendors.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _state(registered)
    proc = _governance(
        "import", str(path), "--vendor", VENDOR, "--profile", str(profile), "--db", str(registered)
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "row 6, column 'Provider': holds RIGHT-TO-LEFT OVERRIDE (U+202E)" in proc.stderr
    assert not DISGUISING & set(proc.stdout + proc.stderr)
    assert _state(registered) == before


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_stored_name_is_printed_escaped_never_raw(registered, fmt):
    # A name stored before names were checked (or written by another tool) still prints safely.
    with db.connect(registered, migrate_schema=False) as con:
        con.execute("UPDATE vendors SET name = ? WHERE name = ?", ["Acme\x1b[2J\u202eeraC", VENDOR])
    proc = _governance("vendors", "list", "--format", fmt, "--db", str(registered))
    assert proc.returncode == 0, proc.stderr
    assert not DISGUISING & set(proc.stdout.replace("\r\n", "\n"))
    if fmt == "json":
        assert "Acme\\u001b[2J\\u202eeraC" in proc.stdout  # JSON's own escapes
    else:
        assert "Acme\\x1b[2J\\u202eeraC" in proc.stdout
