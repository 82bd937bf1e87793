"""Reading a small sheet someone exported (a survey tool's answers, a vendor's invoice): its
bytes within a size limit, its text whatever the encoding, and its CSV records whatever the
delimiter. The readers (``survey_file``, ``invoice_file``) give the words for their own file."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl

from governance.errors import InvalidInput
from governance.ingest import uploads


def load(
    source: bytes | bytearray | memoryview | Path | str,
    name: str,
    *,
    limit: int,
    what: str,
    advice: str,
) -> bytes:
    """The file's bytes (an upload's, or a path's), refused past ``limit`` bytes (``what`` the
    file is, ``advice`` what to send instead) or as a zip bomb."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            if path.stat().st_size > limit:
                raise _too_big(name, path.stat().st_size, limit, what, advice)
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"{name} could not be opened: {exc.strerror}.") from None
    if len(data) > limit:
        raise _too_big(name, len(data), limit, what, advice)
    uploads.check_zip(data, file_name=name)
    return data


def _too_big(name: str, size: int, limit: int, what: str, advice: str) -> InvalidInput:
    return InvalidInput(
        f"{name} is {size / 1024 / 1024:.1f} MB; {what} is at most {limit // 1024 // 1024} MB. "
        + advice
    )


def decode(data: bytes) -> str:
    """Text from UTF-8 (with or without its mark), UTF-16 with its mark (Excel's "Unicode
    text"), Windows-1252, or else Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def csv_grid(data: bytes, name: str, *, again: str) -> list[list[str]]:
    """The records of a delimited text file, split by the delimiter (comma, semicolon or tab)
    that gives the most rows the same number (two or more) of fields. Read strictly: a quote
    left open swallows the rest of a file, so it is refused rather than read as one cell
    (``again`` says how to get a good file)."""
    text = decode(data)
    best: tuple[tuple[float, int], list[list[str]]] | None = None
    broken = False
    for delimiter in (",", ";", "\t"):
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
            grid = [list(r) for r in reader]
        except csv.Error:
            broken = True
            continue
        widths = [len(r) for r in grid if any(str(c).strip() for c in r)][:50]
        if not widths:  # nothing but separators, quotes and spaces
            raise InvalidInput(f"{name} has no data: every row is empty.")
        width = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(width) / len(widths), width) if width > 1 else (0.0, width)
        if best is None or score > best[0]:
            best = (score, grid)
    if best is None or (broken and best[0][1] < 2):  # only unsplit lines read without error
        raise InvalidInput(
            f"{name} could not be read as CSV: a quotation mark is not closed, or a value is "
            f"far too long. {again}"
        )
    return best[1]


def xlsx_grid(
    data: bytes, name: str, cell: Callable[[object, str | None], object], *, again: str
) -> list[list]:
    """The first visible worksheet holding any value, each cell as ``cell(value, its number
    format)`` gives it ("" for an empty one); ``again`` says how to get a good file when the
    workbook is damaged."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged workbook
        raise InvalidInput(
            f"{name} could not be opened as an .xlsx workbook: it may be damaged. {again}"
        ) from None
    try:
        for sheet in book.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            sheet.reset_dimensions()  # some writers record a wrong size
            grid = [
                [cell(c.value, getattr(c, "number_format", None)) for c in row]
                for row in sheet.iter_rows()
            ]
            if any(str(c).strip() for r in grid for c in r):
                return grid
    finally:
        book.close()
    raise InvalidInput(f"{name} has no data: every sheet is empty.")
