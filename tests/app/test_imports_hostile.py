"""Whatever file is uploaded, the Imports page shows one plain message and never an exception:
empty, binary, truncated or foreign workbooks, a zip bomb, broken CSV, a huge cell, a column
named like an engine's hidden column."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.app.test_imports_page import CSV, imports_page


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _xlsx_like(sheet: bytes) -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": sheet})


HOSTILE = {
    "empty.csv": b"",
    "blank-lines.csv": b"\n\n\n",
    "binary.csv": bytes(range(256)) * 40,
    "elf.xlsx": b"\x7fELF\x02\x01\x01" + b"\x00" * 400,
    "truncated.xlsx": _xlsx_like(b"<worksheet>" * 50)[:300],
    "not-a-workbook.xlsx": _zip({"hello.txt": b"hello"}),
    "old-excel.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
    "bomb.xlsx": _xlsx_like(b"<c>" + b"0" * 60_000_000 + b"</c>"),
    "unclosed-quote.csv": CSV.replace("Billing care", '"Billing care', 1).encode(),
    "ragged.csv": (
        CSV + "2026-10-03,Billing care,Leeds\n2026-10-04,a,b,c,d,e,f,g,h,i,j,k\n"
    ).encode(),
    "huge-cell.csv": (
        CSV + "2026-10-05,Billing care," + "x" * 1_000_000 + ",Voice,1,1,0,1,1\n"
    ).encode(),
    "rowid.csv": CSV.replace("AHT", "rowid").encode(),
    "only-header.csv": CSV.splitlines()[0].encode() + b"\n",
    "nul-bytes.csv": CSV.encode().replace(b"Leeds", b"Le\x00eds"),
    "utf16-no-bom.csv": CSV.encode("utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_upload_gets_a_plain_message_not_an_exception(small_db, name):
    at = imports_page()
    at.get("file_uploader")[0].set_value((name, HOSTILE[name], "application/octet-stream")).run()
    assert not at.exception, f"{name}: {at.exception}"
    if any(b.key == "import_vendor" for b in at.selectbox):
        at.selectbox(key="import_vendor").set_value("Alpha Care").run()
        assert not at.exception, f"{name} on choosing the vendor: {at.exception}"
    said = _said(at)
    # Either the file is refused with a reason, or it reads and importing it says what happened.
    if _has(at, "import_go") and not at.button(key="import_go").disabled:
        at.button(key="import_go").click().run()
        assert not at.exception, f"{name} on import: {at.exception}"
        said += _said(at)
    assert said.strip(), f"{name}: nothing said"
    assert "Traceback" not in said and 'File "' not in said


def _said(at) -> str:
    return " ".join(m.value for m in [*at.error, *at.warning, *at.success])


def _has(at, key: str) -> bool:
    return any(getattr(b, "key", None) == key for b in at.button)
