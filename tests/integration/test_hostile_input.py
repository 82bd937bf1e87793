"""Hostile input: oversized files, zip bombs, path-like file names, markup in user text, and a
corpus of hostile strings fed to every text input and to an import."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import GovernanceError, InvalidInput
from governance.ingest import importer, readers, uploads
from governance.store import db, queries
from governance.workflow import escalations, meetings, training

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
ADMIN = Actor("ada@client.example", "admin")
TODAY = date(2026, 11, 22)
HEADER = [
    "Report Date",
    "LOB",
    "Location",
    "Channel",
    "Calls Offered",
    "Calls Handled",
    "Abandons",
    "Ans < 20s",
    "AHT",
]
MARKUP = "**bold** [x](http://example.invalid) <script>alert(1)</script>"
HOSTILE = [
    "'; DROP TABLE vendors; --",
    "Robert'); DELETE FROM audit_events; --",
    'x" OR "1"="1',
    MARKUP,
    "<img src=x onerror=alert(1)>",
    "=1+1",
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "zero\u200bwidth\u200djoiner\ufeffbom",
    "naïve café — 日本語 🚀",
    "back\\slash and %s %d {0} ${x}",
]
LONG = "x" * 100_000
# Text that can disguise itself on a screen is refused where it enters (not stored verbatim).
DISGUISING = ["\u202eevil\u202c gpj.exe", "bell\x07 and \x1b[2Jescape"]


def _csv(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _row(day: int, program: str = "Billing care", site: str = "Leeds") -> list[str]:
    return [f"2026-10-{day:02d}", program, site, "Voice", "100", "95", "5", "80", "300"]


@pytest.fixture
def acme(con):
    vendors.add_vendors(con, ADMIN, ["Acme Care"])
    return con


def fact_rows(con) -> int:
    return con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0]


# --- (a) size limit --------------------------------------------------------------------------------


def test_size_limit_is_enforced_in_the_library(acme, tmp_path, monkeypatch):
    data = _csv([_row(1)])
    with pytest.raises(InvalidInput, match=r"^big\.csv is 2\.5 MB; the limit is 2 MB\."):
        uploads.check(b"x" * int(2.5 * 1024 * 1024), file_name="big.csv", max_bytes=2 * 1024 * 1024)
    uploads.check(data, file_name="small.csv")  # well under 200 MB: nothing to say

    monkeypatch.setenv("GOVERNANCE_MAX_UPLOAD_MB", "0.001")  # about 1 kB
    big = data + b"".join(",".join(_row(d)).encode() + b"\n" for d in range(2, 29))
    assert len(big) > 1100
    with pytest.raises(InvalidInput, match=r"is \d.* MB; the limit is 0 MB"):
        readers.read_into(acme, big, file_name="big.csv")
    on_disk = tmp_path / "big.csv"
    on_disk.write_bytes(big)
    with pytest.raises(InvalidInput, match="the limit is"):
        readers.read_into(acme, on_disk, file_name="big.csv")
    before = fact_rows(acme)
    result = importer.run(
        acme, ADMIN, big, file_name="big.csv", vendor="Acme Care", today=TODAY, add_labels=True
    )
    assert result.status == "rejected"
    assert "the limit is" in result.errors[0].reason
    assert fact_rows(acme) == before


def test_the_default_limit_is_200_mb_as_the_imports_page_and_streamlit_say():
    from governance import config

    assert config.max_upload_bytes() == 200 * 1024 * 1024
    assert "MAX_MB = 200" in (ROOT / "app_pages" / "imports.py").read_text()
    assert "maxUploadSize = 200" in (ROOT / ".streamlit" / "config.toml").read_text()


# --- (b) zip bombs ---------------------------------------------------------------------------------

_WORKBOOK = b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'  # noqa: E501


def _bomb(member_mb: int) -> bytes:
    """An .xlsx-looking zip whose sheet is ``member_mb`` MB of one repeated byte (tiny on disk)."""
    out = io.BytesIO()
    chunk = b"A" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(member_mb):
                member.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_parsing(acme):
    bomb = _bomb(24)
    assert len(bomb) < 200 * 1024  # small on disk, 24 MB inflated: a ratio near 1000 to 1
    started = time.perf_counter()
    with pytest.raises(InvalidInput, match=r"bomb\.xlsx was refused before reading.*100 to 1"):
        readers.read_into(acme, bomb, file_name="bomb.xlsx")
    assert time.perf_counter() - started < 1.0  # nothing was inflated
    result = importer.run(
        acme, ADMIN, bomb, file_name="bomb.xlsx", vendor="Acme Care", today=TODAY, add_labels=True
    )
    assert result.status == "rejected" and "refused before reading" in result.errors[0].reason


def test_total_uncompressed_size_is_capped(tmp_path):
    bomb = _bomb(12)
    with pytest.raises(InvalidInput, match=r"expand to 12 MB, over the 8 MB limit"):
        uploads.check(bomb, file_name="wide.xlsx", max_uncompressed=8 * 1024 * 1024)
    path = tmp_path / "wide.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(InvalidInput, match="refused before reading"):
        uploads.check(path, file_name="wide.xlsx", max_uncompressed=8 * 1024 * 1024)


def test_a_real_workbook_passes_the_zip_checks(acme, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for day in range(1, 29):
        sheet.append(_row(day))
    path = tmp_path / "export.xlsx"
    book.save(path)
    uploads.check(path.read_bytes(), file_name="export.xlsx")
    read = readers.read_into(acme, path.read_bytes(), file_name="export.xlsx")
    assert read.kind == "xlsx" and read.rows == 28


# --- (c) file names are never paths ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../etc/passwd.csv", "passwd.csv"),
        ("/etc/passwd.csv", "passwd.csv"),
        ("..\\..\\windows\\win.ini.csv", "win.ini.csv"),
        ("ev\x00il/../x\x00.csv", "x.csv"),
        ("..", "upload"),
        ("", "upload"),
        ("a/b/", "upload"),
    ],
)
def test_base_name_keeps_only_the_last_part(sent, shown):
    assert uploads.base_name(sent) == shown


@pytest.mark.parametrize(
    "sent", ["../../etc/passwd.csv", "/tmp/../etc/passwd.csv", "sub/dir/passwd.csv"]
)
def test_an_upload_named_like_a_path_is_read_and_reported_by_its_base_name(
    acme, tmp_path, monkeypatch, sent
):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    before_tmp = set(os.listdir(tempfile.gettempdir()))
    before_here = sorted(p for p in tmp_path.rglob("*") if "governance.duckdb" not in p.name)
    good = _csv([_row(1), _row(2)])
    result = importer.run(
        acme, ADMIN, good, file_name=sent, vendor="Acme Care", today=TODAY, add_labels=True
    )
    assert result.status == "loaded", [e.text() for e in result.errors]
    assert result.file_name == "passwd.csv"
    stored = acme.execute("SELECT file_name FROM import_batches").fetchall()
    assert stored == [("passwd.csv",)]
    bad = importer.run(
        acme, ADMIN, b"", file_name=sent, vendor="Acme Care", today=TODAY, add_labels=True
    )
    assert bad.status == "rejected"
    assert bad.errors[0].reason.startswith("passwd.csv is empty")
    assert "/" not in bad.summary().split(" was rejected")[0]
    # Nothing was written beside the test's own database, nor left in the temp directory.
    after_here = sorted(p for p in tmp_path.rglob("*") if "governance.duckdb" not in p.name)
    assert after_here == before_here
    assert not (tmp_path / "etc").exists() and not Path("/etc/passwd.csv").exists()
    leftovers = set(os.listdir(tempfile.gettempdir())) - before_tmp
    assert not {n for n in leftovers if n.startswith("governance-import-")}


def test_a_name_with_nul_bytes_is_only_a_label(acme):
    read = readers.read_into(acme, _csv([_row(1)]), file_name="we\x00ird/na\x00me.csv")
    assert read.rows == 1
    result = importer.run(
        acme,
        ADMIN,
        _csv([_row(3)]),
        file_name="..\x00/x\x00.csv",
        vendor="Acme Care",
        today=TODAY,
        add_labels=True,
    )
    assert result.status == "loaded"
    assert "/" not in result.file_name


# --- (e) a corpus of hostile strings through every text input and an import ------------------------


def _tables(con) -> set[str]:
    return set(queries.table_names(con))


def _norm(text: str) -> str:
    """The services' documented whitespace normalisation (runs of whitespace become one space)."""
    return " ".join(text.split())


def test_vendor_names_are_stored_verbatim_or_refused_plainly(con):
    tables = _tables(con)
    for text in HOSTILE:
        assert vendors.add_vendors(con, ADMIN, [text]) == [_norm(text)]
        assert queries.vendor_by_name(con, _norm(text))["name"] == _norm(text)
    with pytest.raises(InvalidInput, match="at most 120 characters"):
        vendors.add_vendors(con, ADMIN, [LONG])
    for text in DISGUISING:
        with pytest.raises(InvalidInput, match="can disguise text on a screen"):
            vendors.add_vendors(con, ADMIN, [text])
    assert set(queries.vendor_names(con)) == {_norm(t) for t in HOSTILE}
    assert _tables(con) == tables


def test_escalation_title_and_description_are_stored_verbatim(acme):
    tables = _tables(acme)
    for text in HOSTILE:
        eid = escalations.raise_escalation(
            acme,
            ADMIN,
            vendor="Acme Care",
            category="billing",
            severity="P3",
            title=text,
            description=text,
            program=text,
            site=text,
        )
        got = escalations.get(acme, eid)
        assert (got["title"], got["description"], got["program"], got["site"]) == (_norm(text),) * 4
    with pytest.raises(InvalidInput, match="characters long; keep it to 200"):
        escalations.raise_escalation(
            acme,
            ADMIN,
            vendor="Acme Care",
            category="billing",
            severity="P3",
            title=LONG,
            description="d",
        )
    with pytest.raises(InvalidInput, match="characters long; keep it to 4000"):
        escalations.raise_escalation(
            acme,
            ADMIN,
            vendor="Acme Care",
            category="billing",
            severity="P3",
            title="t",
            description=LONG,
        )
    assert _tables(acme) == tables
    assert queries.vendor_names(acme) == ["Acme Care"]


def test_meeting_minutes_and_action_descriptions_are_stored_verbatim(acme):
    tables = _tables(acme)
    for text in [*HOSTILE, LONG]:
        mid = meetings.create_meeting(
            acme,
            ADMIN,
            vendor="Acme Care",
            kind="MBR",
            meeting_date=date(2026, 10, 1),
            title=text,
            attendees=text,
            agenda=text,
            minutes=text,
        )
        row = acme.execute(
            "SELECT title, attendees, agenda, minutes FROM meetings WHERE meeting_id = ?", [mid]
        ).fetchone()
        assert row == (_norm(text), text.strip(), text.strip(), text.strip())
        aid = meetings.add_action_item(
            acme,
            ADMIN,
            vendor="Acme Care",
            description=text,
            owner_side="vendor",
            owner="Vendor account manager",  # an owner is a role; a person's name is refused
            due_date=date(2026, 12, 1),
            meeting_id=mid,
        )
        got = acme.execute(
            "SELECT description, owner FROM action_items WHERE action_id = ?", [aid]
        ).fetchone()
        assert got == (_norm(text), "Vendor account manager")
    assert _tables(acme) == tables


def test_an_import_stores_hostile_program_and_site_values_verbatim(acme):
    tables = _tables(acme)
    rows = [_row(i + 1, program=text, site=text) for i, text in enumerate(HOSTILE)]
    result = importer.run(
        acme,
        ADMIN,
        _csv(rows),
        file_name="hostile.csv",
        vendor="Acme Care",
        today=TODAY,
        add_labels=True,
    )
    assert result.status == "loaded", [e.text() for e in result.errors]
    stored = acme.execute("SELECT DISTINCT program, site FROM kpi_facts").fetchall()
    assert {p for p, _ in stored} == {_norm(t) for t in HOSTILE}
    assert all(p == s for p, s in stored)
    assert _tables(acme) == tables
    assert queries.vendor_names(acme) == ["Acme Care"]


def test_an_import_with_a_very_long_value_is_stored_verbatim_or_rejected_plainly(acme):
    before = fact_rows(acme)
    result = importer.run(
        acme,
        ADMIN,
        _csv([_row(1, program=LONG)]),
        file_name="long.csv",
        vendor="Acme Care",
        today=TODAY,
        add_labels=True,
    )
    if result.status == "rejected":
        assert any("longer than" in e.reason for e in result.errors)
        assert all(len(e.text()) < 1000 for e in result.errors)  # the value is not echoed whole
        assert fact_rows(acme) == before
    else:
        # Today the import path stores it (facts.add_facts caps dimensions at 200 characters).
        assert acme.execute("SELECT DISTINCT program FROM kpi_facts").fetchall() == [(LONG,)]


def test_an_import_with_non_utf8_bytes_is_read_or_refused_plainly(acme):
    legacy = _csv([_row(1, program="Café Señor", site="Zürich")], encoding="cp1252")
    result = importer.run(
        acme,
        ADMIN,
        legacy,
        file_name="legacy.csv",
        vendor="Acme Care",
        today=TODAY,
        add_labels=True,
    )
    assert result.status == "loaded", [e.text() for e in result.errors]
    assert acme.execute("SELECT DISTINCT program, site FROM kpi_facts").fetchall() == [
        ("Café Señor", "Zürich")
    ]
    garbage = _csv([_row(2)]).replace(b"Billing care", b"Bill\x81\x8d\x90\xff\xfe care")
    result = importer.run(
        acme,
        ADMIN,
        garbage,
        file_name="garbage.csv",
        vendor="Acme Care",
        today=TODAY,
        add_labels=True,
    )
    assert result.status in ("loaded", "rejected")
    if result.status == "rejected":
        assert result.errors and all(e.reason for e in result.errors)
    assert "kpi_facts" in _tables(acme)


# --- (d) user text on the pages renders as text, never as Markdown or HTML -------------------------


@pytest.fixture
def marked_up(db_path, monkeypatch):
    """Every kind of user text that pages show, holding Markdown, a link and a script tag."""
    monkeypatch.setenv("GOVERNANCE_DB", str(db_path))
    with db.connect(db_path) as con:
        vendors.add_vendors(con, ADMIN, [MARKUP])
        eid = escalations.raise_escalation(
            con,
            ADMIN,
            vendor=MARKUP,
            category="billing",
            severity="P3",
            title=MARKUP,
            description=MARKUP,
        )
        mid = meetings.create_meeting(
            con,
            ADMIN,
            vendor=MARKUP,
            kind="MBR",
            meeting_date=date(2026, 10, 1),
            title=MARKUP,
            attendees=MARKUP,
            agenda=MARKUP,
            minutes=MARKUP,
        )
        meetings.add_decision(con, ADMIN, mid, MARKUP)
        meetings.add_action_item(
            con,
            ADMIN,
            vendor=MARKUP,
            description=MARKUP,
            owner_side="vendor",
            owner=MARKUP,
            due_date=date(2026, 12, 1),
            meeting_id=mid,
            escalation_id=eid,
        )
        training.add_best_practice(con, ADMIN, title=MARKUP, body=MARKUP, program=MARKUP)
    return db_path


_LIVE_MARKUP = re.compile(r"(?<!\\)\*\*bold|(?<!\\)<script|(?<!\\)\]\(http")


def _live_markup(body: str) -> bool:
    """Whether Markdown would render the sample's bold, link or tag (an unescaped one is left)."""
    return bool(_LIVE_MARKUP.search(body))


def _rendered_as_markdown(at: AppTest) -> list[str]:
    """The bodies and labels of every element that Streamlit renders as Markdown."""
    out = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "info",
        "warning",
        "error",
        "success",
        "toast",
    ):
        out += [str(e.value) for e in at.get(kind)]
    out += [str(e.proto.label) for e in at.get("expander")]
    out += [str(getattr(e.proto, "label", "")) for e in at.get("tab")]
    return out


def _shown_verbatim(at: AppTest) -> list[str]:
    """Text shown as written: st.text, st.code, table cells and widget option labels."""
    out = [str(e.value) for e in at.get("text")] + [str(e.value) for e in at.get("code")]
    for frame in at.dataframe:
        out += [str(v) for v in frame.value.astype(str).to_numpy().ravel()]
    for box in at.get("selectbox"):
        out += [str(o) for o in box.options]
    return out


@pytest.mark.parametrize(
    ("page", "tab_or_none"),
    [
        ("app_pages/vendors.py", None),
        ("app_pages/escalations.py", None),
        ("app_pages/meetings.py", None),
        ("app_pages/training.py", None),
        ("app_pages/audit.py", None),
    ],
)
def test_user_text_is_never_rendered_as_markdown(marked_up, page, tab_or_none):
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    for body in _rendered_as_markdown(at):
        assert not _live_markup(body), body
    assert any(MARKUP in shown for shown in _shown_verbatim(at)), page


def test_saved_messages_escape_user_text(marked_up):
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("app_pages/vendors.py")
    at.run()
    at.text_input(key="new_vendor_name").input(MARKUP + " 2")
    at.button[0].click().run()
    assert not at.exception
    for body in _rendered_as_markdown(at):
        assert not _live_markup(body), body
    assert any("Registered" in s.value for s in at.success)


def test_no_page_allows_unsafe_html():
    for page in (ROOT / "app_pages").glob("*.py"):
        assert "unsafe_allow_html" not in page.read_text(), page
    for module in (ROOT / "src" / "governance" / "ui").glob("*.py"):
        text = module.read_text()
        assert "unsafe_allow_html=True" not in text, module


def test_the_markup_check_tells_escaped_from_live_text():
    from governance.ui.text import plain

    assert _live_markup(MARKUP)
    assert not _live_markup(plain(MARKUP))
    assert issubclass(InvalidInput, GovernanceError)
