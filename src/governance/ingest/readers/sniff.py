"""What kind of file an upload is, by its content and never by its name: CSV (text in any of the
encodings the reader knows) or an .xlsx workbook. Anything else (an old .xls, an .ods, a PDF, an
image, an archive, a web page, a binary) is refused with a message that names what it is.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

from governance.errors import InvalidInput

ACCEPTED = "a CSV or .xlsx file"
HEAD_BYTES = 256 * 1024  # what kind, encoding, delimiter and header detection look at
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)
_MARKUP = (
    (b"<!doctype html", "a web page (HTML)"),
    (b"<html", "a web page (HTML)"),
    (b"<?xml", "an XML file"),
)


def _reject(file_name: str, what: str, advice: str | None = None) -> InvalidInput:
    return InvalidInput(
        f"{file_name} is {what}, not {ACCEPTED}. " + (advice or f"Upload {ACCEPTED}.")
    )


def sniff(head: bytes, file_name: str, data: bytes | None, path: Path | None) -> str:
    """ "csv" or "xlsx" from the file's first bytes ``head`` (and, for a zip, its member names,
    read from ``data`` or ``path``); raises ``InvalidInput`` naming what else the file is."""
    if not head.strip():
        raise InvalidInput(
            f"{file_name} is empty. Upload {ACCEPTED} with a header row and rows of data."
        )
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype") if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError):
            raise _reject(file_name, "a damaged or incomplete zip archive") from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if b"opendocument.spreadsheet" in mimetype:
            raise _reject(
                file_name, "an OpenDocument spreadsheet (.ods)", "Save it as .xlsx or CSV."
            )
        if "word/document.xml" in names:
            raise _reject(file_name, "a Word document")
        raise _reject(file_name, "a zip archive")
    if head.startswith(_OLE):
        raise _reject(
            file_name,
            "an old-style Excel .xls workbook (or a password-protected one)",
            "Open it in Excel and save it as .xlsx (without a password) or as CSV, then upload that.",
        )
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise _reject(file_name, what)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:20].lower()
    for magic, what in _MARKUP:
        if lowered.startswith(magic):
            raise _reject(file_name, what, f"Export the data as {ACCEPTED} and upload that.")
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13)) + head.count(127)
    if b"\x00" in head or control > len(head) / 100:
        raise _reject(file_name, "a binary file")
    return "csv"
