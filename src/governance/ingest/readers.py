"""Read a vendor export into a DuckDB staging table of text, whatever its shape.

``read_into`` tells CSV from .xlsx by content (never by the file name), finds the delimiter, the
encoding, the sheet and the header row below any title block, and loads every cell as text into a
TEMP table with one VARCHAR column per header plus ``_row``, the row's number in the file as a
spreadsheet user counts it. Blank rows and totals rows are dropped and reported. Everything after
reading (mapping, parsing values with ``governance.ingest.cells``, validation, roll-up) runs as SQL over
that table.

CSV is read by DuckDB from a path (zero-copy for UTF-8; other encodings are transcoded to a
temporary UTF-8 file first). Excel is read with python-calamine and handed to DuckDB as Arrow
columns, converted to text inside DuckDB. No cell value ever appears in a message: rows are named
by number only.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from governance.errors import InvalidInput
from governance.store.db import quote_ident

ACCEPTED = "a CSV or .xlsx file"
DELIMITERS = (",", ";", "\t", "|")
DROPPED_CAP = 100  # rows listed in ReadResult.dropped; the counts are always complete
ROW_COLUMN = "_row"

_HEAD_BYTES = 256 * 1024  # what encoding, delimiter and header detection look at
_HEAD_LINES = 200
_CHUNK = 16 * 1024 * 1024
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
# First non-empty cell of a totals row: "Total", "TOTAL:", "Totals", "Grand total", "Subtotal",
# "Sub-total", "Sum". The whole cell must match: "Total care" is a program, not a totals row.
TOTALS_PATTERN = r"(grand\s*|sub[\s-]?)?totals?\s*:?|sum\s*:?"

_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december"
_WORDS = re.compile(rf"\b(?:{_MONTHS}|am|pm)\b", re.I)
_LETTER_RUN = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class ReadResult:
    """What ``read_into`` loaded and how it read the file.

    ``header_row`` is 1-based (the line of a CSV, the row of a sheet); ``headers`` are the staging
    table's column names in file order (``_row`` not included); ``rows`` is the number of data rows
    loaded; ``dropped`` lists up to ``DROPPED_CAP`` (row, reason) pairs for blank and totals rows,
    ``blank_rows`` / ``totals_rows`` count all of them; ``dropped_columns`` names the columns that
    had neither a header nor any value. ``cell_types`` (xlsx only) gives each column's native cell
    type: "text", "number", "date", "datetime", "time", "duration", "bool", "empty" or "mixed"; a
    "number" column was written by Excel with "." as the decimal point whatever the locale.
    """

    kind: str  # "csv" | "xlsx"
    file_name: str
    table: str
    header_row: int
    headers: tuple[str, ...]
    rows: int
    encoding: str | None = None  # csv: "utf-8", "utf-8-sig", "utf-16", "cp1252" or "latin-1"
    delimiter: str | None = None  # csv only
    sheet: str | None = None  # xlsx only
    sheets: tuple[str, ...] = ()
    dropped: tuple[tuple[int, str], ...] = ()
    blank_rows: int = 0
    totals_rows: int = 0
    dropped_columns: tuple[str, ...] = ()
    cell_types: dict[str, str] = field(default_factory=dict)


def _check_upload(source, file_name: str) -> None:
    """Hostile-input guard before any parsing: size limit and zip-bomb check (``uploads.check``)."""
    from governance.ingest import uploads

    uploads.check(source, file_name=file_name)


def read_into(
    con: duckdb.DuckDBPyConnection,
    source: bytes | Path,
    *,
    file_name: str,
    table: str = "staging_raw",
    sheet: str | None = None,
    header_row: int | None = None,
) -> ReadResult:
    """Load an export (bytes of an upload, or a path) into the TEMP table ``table`` (replaced).

    The table has one VARCHAR column per source header (trimmed, inner whitespace collapsed; blank
    headers become "Unnamed N" for column N, repeats "Calls (2)"; names compare case-insensitively
    as DuckDB does) and ``_row BIGINT``. ``sheet`` picks an Excel sheet by name (default: the first
    visible sheet holding a table); ``header_row`` (1-based) overrides header detection.
    ``file_name`` is only used in messages, never as a path.

    Raises ``InvalidInput`` with a plain message naming the file when it is empty, not a CSV or
    .xlsx file (an old .xls, a PDF, an image …), has no header row or no data rows, or a line
    does not fit the table.
    """
    _check_upload(source, file_name)
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise InvalidInput(f"header_row must be a row number (1 or more), not {header_row!r}.")
    if isinstance(source, bytes | bytearray | memoryview):
        data: bytes | None = bytes(source)
        path: Path | None = None
        head = data[:_HEAD_BYTES]
    else:
        data, path = None, Path(source)
        try:
            with path.open("rb") as fh:
                head = fh.read(_HEAD_BYTES)
        except OSError as exc:
            raise InvalidInput(f"{file_name} could not be opened: {exc.strerror}.") from None
    kind = _sniff(head, file_name, data, path)
    if kind == "xlsx":
        return _read_xlsx(con, data, path, file_name, table, sheet, header_row)
    return _read_csv(con, data, path, head, file_name, table, header_row)


# --- what kind of file ---------------------------------------------------------------------------


def _reject(file_name: str, what: str, advice: str | None = None) -> InvalidInput:
    return InvalidInput(
        f"{file_name} is {what}, not {ACCEPTED}. " + (advice or f"Upload {ACCEPTED}.")
    )


def _sniff(head: bytes, file_name: str, data: bytes | None, path: Path | None) -> str:
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


# --- CSV -----------------------------------------------------------------------------------------


def _decodes(data: bytes, encoding: str, *, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(head: bytes, data: bytes | None, whole: bool) -> str:
    """The encoding of a text file from its first bytes (all of them for an upload)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data if data is not None else head
    if _decodes(sample, "utf-8", final=whole or data is not None):
        return "utf-8"
    return "cp1252" if _decodes(sample, "cp1252", final=True) else "latin-1"


def _split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\n|\r", text)


def _parse_line(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, quotechar='"'), [])


def _delimiter(lines: list[str]) -> str:
    """The candidate that splits the lines most consistently into more than one field."""
    sample = [line for line in lines if line.strip()][:_HEAD_LINES]
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        counts = [len(_parse_line(line, delimiter)) for line in sample]
        if not counts:
            continue
        width, seen = Counter(counts).most_common(1)[0]
        if width < 2:
            continue
        score = (seen / len(counts), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


@contextmanager
def _scratch_file() -> Iterator[Path]:
    """A temporary file of our own naming (never the user's file name), removed afterwards."""
    fd, name = tempfile.mkstemp(prefix="governance-import-", suffix=".csv")
    os.close(fd)
    try:
        yield Path(name)
    finally:
        try:
            os.unlink(name)
        except OSError:
            pass


def _transcode(data: bytes | None, path: Path | None, encoding: str, target: Path) -> None:
    decoder = codecs.getincrementaldecoder("utf-16" if encoding == "utf-16" else encoding)()
    with target.open("wb") as out:
        if data is not None:
            out.write(decoder.decode(data, final=True).encode("utf-8"))
            return
        with path.open("rb") as src:
            while chunk := src.read(_CHUNK):
                out.write(decoder.decode(chunk).encode("utf-8"))
            out.write(decoder.decode(b"", final=True).encode("utf-8"))


def _line_count(data: bytes | None, path: Path) -> tuple[int, bytes]:
    """Physical lines in the file (a last line without a newline counts) and its newline byte."""
    newline = b"\n"
    count, last = 0, b""
    if data is not None:
        chunks: Iterator[bytes] = iter([data])
    else:
        chunks = _chunks(path)
    first = True
    for chunk in chunks:
        if first and b"\n" not in chunk[:_HEAD_BYTES] and b"\r" in chunk[:_HEAD_BYTES]:
            newline = b"\r"  # old Mac line ends
        first = False
        count += chunk.count(newline)
        last = chunk[-1:] or last
    if last and last != newline:
        count += 1
    return count, newline


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            yield chunk


def _empty_lines(data: bytes | None, path: Path, newline: bytes) -> list[int]:
    """1-based numbers of the empty lines (nothing between two line ends), which DuckDB skips."""
    pattern = re.compile(rb"\r?\n" if newline == b"\n" else rb"\r")
    found, line, carry = [], 1, b""
    for chunk in [data] if data is not None else _chunks(path):
        buffer = carry + chunk
        cut = buffer.rfind(newline) + 1  # whole lines only; the partial last one waits
        body, carry = buffer[:cut], buffer[cut:]
        start = 0
        for match in pattern.finditer(body):
            if match.start() == start:
                found.append(line)
            start = match.end()
            line += 1
    return found


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    data: bytes | None,
    path: Path | None,
    head: bytes,
    file_name: str,
    table: str,
    header_row: int | None,
) -> ReadResult:
    whole = data is not None or len(head) < _HEAD_BYTES
    encoding = _encoding(head, data, whole)
    codec = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(head, final=whole)
    lines = _split_lines(text)
    if not whole:
        lines = lines[:-1]  # the last line of the sample may be cut short
    delimiter = _delimiter(lines)
    cells = [_parse_line(line, delimiter) for line in lines[: _HEAD_LINES * 5]]
    index = _header_index(cells, header_row, file_name, first_row=1)
    names, generated = _unique_names(cells[index])
    width = max(len(row) for row in cells[index:])
    names += _unique_names([None] * (width - len(names)), start=len(names), taken=names)[0]
    generated |= set(range(len(cells[index]), width))
    skip = index + 1

    with _scratch_file() as scratch, ThreadPoolExecutor(1) as pool:
        if encoding in ("utf-8", "utf-8-sig") and path is not None:
            source = path  # zero-copy: DuckDB reads the user's file directly
        elif encoding in ("utf-8", "utf-8-sig"):
            scratch.write_bytes(data)
            source = scratch
        else:
            _transcode(data, path, encoding, scratch)
            source, data = scratch, None
        # Counting lines (to spot the empty ones DuckDB skips) overlaps with DuckDB's read, which
        # runs without the GIL.
        counted = pool.submit(_line_count, data, source)
        try:
            _load_csv(con, source, table, names, delimiter, skip)
        except duckdb.InvalidInputException as exc:
            message = str(exc)
            if "unicode" not in message.lower() or path is None or not head.isascii():
                raise _csv_error(message, file_name, delimiter, skip) from None
            # The first part was plain ASCII; a later byte says it is Windows-1252 after all.
            encoding = "cp1252" if _decodes(path.read_bytes(), "cp1252", final=True) else "latin-1"
            counted.result()
            _transcode(None, path, encoding, scratch)
            source = scratch
            counted = pool.submit(_line_count, None, source)
            try:
                _load_csv(con, source, table, names, delimiter, skip)
            except duckdb.InvalidInputException as again:
                raise _csv_error(str(again), file_name, delimiter, skip) from None
        _number_rows(con, table, skip)
        blank_lines = _shift_past_empty_lines(con, table, data, source, skip, *counted.result())
    return _finish(
        con,
        table,
        names,
        generated,
        file_name,
        header_row=skip,
        extra_blank=blank_lines,
        kind="csv",
        encoding=encoding,
        delimiter=delimiter,
    )


def _load_csv(
    con: duckdb.DuckDBPyConnection,
    source: Path,
    table: str,
    names: list[str],
    delimiter: str,
    skip: int,
) -> None:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(names))) + "}"
    select = ", ".join(f"c{i} AS {quote_ident(n)}" for i, n in enumerate(names))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {quote_ident(table)} AS SELECT {select} FROM read_csv(?, "  # noqa: S608 - identifiers quoted, values bound
        "delim = ?, quote = '\"', escape = '\"', header = false, skip = ?, all_varchar = true, "
        f"auto_detect = false, null_padding = true, strict_mode = true, columns = {columns})",
        [str(source), delimiter, skip],
    )


def _number_rows(con: duckdb.DuckDBPyConnection, table: str, skip: int) -> None:
    """Add ``_row``: DuckDB keeps file order, so a row's position plus the skipped lines is its
    line number (``_shift_past_empty_lines`` corrects it for empty lines, which DuckDB drops)."""
    t = quote_ident(table)
    con.execute(f"ALTER TABLE {t} ADD COLUMN {ROW_COLUMN} BIGINT")
    con.execute(f"UPDATE {t} SET {ROW_COLUMN} = rowid + ?", [skip + 1])  # noqa: S608 - identifier quoted


def _shift_past_empty_lines(
    con: duckdb.DuckDBPyConnection,
    table: str,
    data: bytes | None,
    source: Path,
    skip: int,
    lines: int,
    newline: bytes,
) -> list[int]:
    """Empty lines below the header (``lines`` counts all lines of ``data`` or ``source``). When
    there are some, ``_row`` is shifted past each one."""
    t = quote_ident(table)
    (loaded,) = con.execute(f"SELECT count(*) FROM {t}").fetchall()[0]  # noqa: S608 - identifier quoted
    if lines - skip <= loaded:
        return []
    empty = [n for n in _empty_lines(data, source, newline) if n > skip]
    if not empty:
        return []  # more lines than rows without empty lines: quoted line breaks; left as is
    # The i-th empty line (0-based) at line b comes after b - skip - 1 - i loaded rows: every row
    # from that position on moves down one line.
    # Consecutive empty lines share a position: keep the largest shift for each.
    shifts = list({n - skip - 1 - i: i + 1 for i, n in enumerate(empty)}.items())
    con.execute("CREATE OR REPLACE TEMP TABLE governance_line_shifts (pos BIGINT, shift BIGINT)")
    try:
        con.executemany("INSERT INTO governance_line_shifts VALUES (?, ?)", shifts)
        con.execute(
            f"UPDATE {t} SET {ROW_COLUMN} = {ROW_COLUMN} + s.shift FROM ("  # noqa: S608 - identifiers quoted
            f"SELECT r.rid, l.shift FROM (SELECT rowid AS rid FROM {t}) r "
            "ASOF JOIN governance_line_shifts l ON r.rid >= l.pos) s "
            f"WHERE {t}.rowid = s.rid"
        )
    finally:
        con.execute("DROP TABLE IF EXISTS governance_line_shifts")
    return empty


def _csv_error(message: str, file_name: str, delimiter: str, skip: int) -> InvalidInput:
    """A plain message from DuckDB's CSV error, without the line's content (it may hold names)."""
    line = re.search(r"CSV Error on Line: (\d+)", message)
    where = f"line {line.group(1)}" if line else "a line"
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message)
    shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}[delimiter]
    if counts:
        return InvalidInput(
            f"{where.capitalize()} of {file_name} has {counts.group(2)} fields but the table has "
            f"{counts.group(1)} columns (header on line {skip}). A text value probably holds an "
            f"unquoted {shown}; ask for the file with text values in double quotes."
        )
    if "unicode" in message.lower():
        return InvalidInput(
            f"{file_name} is not valid UTF-8 text ({where}). Save it again as CSV UTF-8 and "
            "upload that."
        )
    if "quote" in message.lower() or "state machine" in message.lower():
        return InvalidInput(
            f"{file_name} could not be read as CSV at {where}: a double quote is not closed. "
            "Check that text values with quotes or line breaks are quoted properly."
        )
    return InvalidInput(f"{file_name} could not be read as CSV at {where} ({shown}-separated).")


# --- Excel ---------------------------------------------------------------------------------------


def _read_xlsx(
    con: duckdb.DuckDBPyConnection,
    data: bytes | None,
    path: Path | None,
    file_name: str,
    table: str,
    sheet: str | None,
    header_row: int | None,
) -> ReadResult:
    try:
        book = (
            CalamineWorkbook.from_filelike(io.BytesIO(data))
            if data is not None
            else CalamineWorkbook.from_path(str(path))
        )
        sheets = tuple(book.sheet_names)
        metadata = {m.name: m for m in book.sheets_metadata}
    except Exception:  # calamine raises its own error types for damaged workbooks
        raise _damaged(file_name) from None
    listed = ", ".join(f"'{s}'" for s in sheets)
    if sheet is not None:
        wanted = " ".join(str(sheet).split()).casefold()
        matches = [s for s in sheets if s == sheet] or [
            s for s in sheets if " ".join(s.split()).casefold() == wanted
        ]
        if not matches:
            raise InvalidInput(f"{file_name} has no sheet '{sheet}'. Its sheets: {listed}.")
        found = _sheet_table(book, matches[0], header_row, file_name, strict=True)
        if found is None:
            raise InvalidInput(
                f"Sheet '{matches[0]}' of {file_name} holds no table (a header row followed by "
                "rows of data)."
            )
        chosen, (rows, start, index) = matches[0], found
    else:
        chosen, hollow = None, None
        for name in sheets:
            meta = metadata.get(name)
            if meta is not None and (
                meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible
            ):
                continue  # chart sheets, hidden sheets
            try:
                found = _sheet_table(book, name, header_row, file_name, strict=False)
            except InvalidInput as exc:
                hollow = hollow or exc
                continue
            if found is not None:
                chosen, (rows, start, index) = name, found
                break
        if chosen is None and hollow is not None:
            raise hollow
        if chosen is None:
            raise InvalidInput(
                f"No sheet of {file_name} holds a table (a header row followed by rows of data). "
                f"Its sheets: {listed}."
            )
    return _load_sheet(con, rows, start, index, file_name, table, chosen, sheets)


def _damaged(file_name: str) -> InvalidInput:
    return InvalidInput(
        f"{file_name} looks like an Excel workbook but could not be read (it may be damaged or "
        "incomplete). Open it in Excel, save it again as .xlsx or CSV, and upload that."
    )


def _sheet_table(
    book: CalamineWorkbook, name: str, header_row: int | None, file_name: str, *, strict: bool
) -> tuple[list[list], int, int] | None:
    """(rows, index of the sheet's first used row, header index), or None when the sheet holds
    no table. Raises when the sheet has a header but no rows, and with ``strict`` (a sheet the
    user named) whenever no table is found."""
    try:
        sheet = book.get_sheet_by_name(name)
        rows = sheet.to_python()
    except Exception:  # calamine raises its own error types for a sheet it cannot parse
        raise _damaged(file_name) from None
    if not rows or sheet.start is None:
        return None
    start = sheet.start[0]
    head = [[_cell_text(v) for v in row] for row in rows[: _HEAD_LINES * 5]]
    try:
        where = f"Sheet '{name}' of {file_name}"
        index = _header_index(head, header_row, where, first_row=start + 1)
    except InvalidInput as exc:
        if strict or "no data rows" in str(exc):
            raise
        return None
    return rows, start, index


def _round_second(value: dt.datetime) -> dt.datetime:
    return (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def _cell_text(value: object) -> str | None:
    """A cell as the text the staging table holds (see ``_arrow_column`` for the same in SQL)."""
    kind = type(value)
    if kind is str:
        return value or None
    if value is None:
        return None
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if kind is dt.datetime:
        return _round_second(value).strftime("%Y-%m-%d %H:%M:%S")
    if kind is dt.date:
        return value.isoformat()
    if kind is dt.time:
        moment = _round_second(dt.datetime.combine(dt.date(2000, 1, 1), value))
        return moment.strftime("%H:%M:%S")
    if kind is dt.timedelta:
        return _clock(value)
    return str(value)


def _clock(value: dt.timedelta) -> str:
    seconds = round(value.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


# Each native cell type becomes text inside DuckDB, the same text ``_cell_text`` gives.
_AS_TEXT = {
    "text": "nullif({c}, '')",
    "number": "CASE WHEN {c} = trunc({c}) AND abs({c}) < 1e15 THEN CAST(CAST({c} AS BIGINT) AS VARCHAR) "
    "ELSE CAST({c} AS VARCHAR) END",
    "bool": "CASE WHEN {c} IS NULL THEN NULL WHEN {c} THEN 'TRUE' ELSE 'FALSE' END",
    "datetime": "strftime(date_trunc('second', {c} + INTERVAL 500 MILLISECOND), '%Y-%m-%d %H:%M:%S')",
    "date": "strftime({c}, '%Y-%m-%d')",
    "time": "strftime(date_trunc('second', DATE '2000-01-01' + {c} + INTERVAL 500 MILLISECOND), '%H:%M:%S')",
    "duration": "CASE WHEN {c} IS NULL THEN NULL ELSE (CASE WHEN round(epoch({c})) < 0 THEN '-' ELSE '' END) "
    "|| printf('%d:%02d:%02d', CAST(abs(round(epoch({c}))) AS BIGINT) // 3600, "
    "CAST(abs(round(epoch({c}))) AS BIGINT) % 3600 // 60, CAST(abs(round(epoch({c}))) AS BIGINT) % 60) END",
    "mixed": "{c}",
    "empty": "CAST({c} AS VARCHAR)",
}
_ARROW_TYPES = {
    frozenset({float}): ("number", pa.float64()),
    frozenset({int}): ("number", pa.float64()),
    frozenset({int, float}): ("number", pa.float64()),
    frozenset({bool}): ("bool", pa.bool_()),
    frozenset({dt.datetime}): ("datetime", pa.timestamp("us")),
    frozenset({dt.date}): ("date", pa.date32()),
    frozenset({dt.time}): ("time", pa.time64("us")),
    frozenset({dt.timedelta}): ("duration", pa.duration("us")),
}


def _arrow_column(values: tuple | list) -> tuple[pa.Array, str]:
    """One sheet column as an Arrow array of its native type, and that type's name."""
    types = set(map(type, values))
    if types <= {str}:
        return pa.array(values, pa.string()), "text"
    if str in types:
        if any(type(v) is str and v for v in values):
            return pa.array([_cell_text(v) for v in values], pa.string()), "mixed"
        values = [None if type(v) is str else v for v in values]
        types.discard(str)
    if types == {dt.datetime, dt.date}:
        # calamine gives a date for a date-time at midnight: keep the column one type.
        values = [dt.datetime.combine(v, dt.time()) if type(v) is dt.date else v for v in values]
        types = {dt.datetime}
    types.discard(type(None))
    if not types:
        return pa.nulls(len(values), pa.string()), "empty"
    known = _ARROW_TYPES.get(frozenset(types))
    if known is None:
        return pa.array([_cell_text(v) for v in values], pa.string()), "mixed"
    kind, arrow_type = known
    return pa.array(values, arrow_type), kind


def _load_sheet(
    con: duckdb.DuckDBPyConnection,
    rows: list[list],
    start: int,
    index: int,
    file_name: str,
    table: str,
    sheet: str,
    sheets: tuple[str, ...],
) -> ReadResult:
    header = [_cell_text(v) for v in rows[index]]
    body = rows[index + 1 :]
    width = len(header)
    arrays, kinds = [], []
    for j in range(width):
        # One comprehension per column is about twice as fast as zip(*body) here.
        array, kind = _arrow_column([row[j] for row in body])
        arrays.append(array)
        kinds.append(kind)
    names, generated = _unique_names(header)
    first = start + index + 2  # sheet row number of the first data row (1-based)
    arrays.append(pa.array(range(first, first + len(body)), pa.int64()))
    frame = pa.table(arrays, names=[f"c{i}" for i in range(width)] + [ROW_COLUMN])
    select = ", ".join(
        _AS_TEXT[kind].format(c=f"c{i}") + f" AS {quote_ident(name)}"
        for i, (name, kind) in enumerate(zip(names, kinds, strict=True))
    )
    view = "governance_sheet_frame"
    con.register(view, frame)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {quote_ident(table)} AS "  # noqa: S608 - identifiers quoted
            f"SELECT {select}, {ROW_COLUMN} FROM {view}"
        )
    finally:
        con.unregister(view)
    return _finish(
        con,
        table,
        names,
        generated,
        file_name,
        header_row=start + index + 1,
        extra_blank=[],
        kind="xlsx",
        sheet=sheet,
        sheets=sheets,
        cell_types=dict(zip(names, kinds, strict=True)),
    )


# --- shared: header detection, names, dropping rows and columns ----------------------------------


def _is_value(cell: str) -> bool:
    """A cell that reads as data (a number, date, time, percentage, code) rather than a name."""
    if not any(ch.isdigit() for ch in cell):
        return False
    return not _LETTER_RUN.search(_WORDS.sub(" ", cell))


def _is_totals(row: list[str | None]) -> bool:
    cells = _filled(row)
    return bool(cells) and re.fullmatch(TOTALS_PATTERN, cells[0].lower()) is not None


def _width(row: list[str | None]) -> int:
    for i in range(len(row) - 1, -1, -1):
        if row[i] is not None and str(row[i]).strip():
            return i + 1
    return 0


def _filled(row: list[str | None]) -> list[str]:
    return [str(c).strip() for c in row if c is not None and str(c).strip()]


def _looks_like_header(row: list[str | None]) -> bool:
    cells = _filled(row)
    if len(cells) < 2:
        return False
    names = sum(1 for c in cells if not _is_value(c))
    return names >= 0.75 * len(cells)


def _header_index(
    rows: list[list[str | None]], header_row: int | None, file_name: str, *, first_row: int
) -> int:
    """Index in ``rows`` of the header: ``header_row`` when given (1-based, ``rows[0]`` being row
    ``first_row``), else the first row of two or more mostly non-numeric names, at least half as
    wide as the rows below it and not narrower than them by more than one column, followed (before
    any wider header-like row) by rows holding some numbers or dates."""
    if header_row is not None:
        index = header_row - first_row
        if not 0 <= index < len(rows) or not _filled(rows[index]):
            raise InvalidInput(
                f"Row {header_row} of {file_name} is not a header row (it is empty or beyond the "
                "rows read). Check header_row in the profile."
            )
        if not any(_filled(r) for r in rows[index + 1 :]):
            raise InvalidInput(f"{file_name} has no data rows below the header row {header_row}.")
        return index
    candidates = [i for i, r in enumerate(rows) if _filled(r)]
    for position, i in enumerate(candidates):
        row = rows[i]
        if not _looks_like_header(row):
            continue
        below = [rows[j] for j in candidates[position + 1 : position + 21]]
        below = [r for r in below if not _is_totals(r)]
        if not below:
            raise InvalidInput(
                f"{file_name} has a header row (row {i + first_row}) but no data rows below it."
            )
        widest = max(_width(r) for r in below)
        if _width(row) < widest - 1 or len(_filled(row)) < 0.5 * widest:
            continue
        if _looks_like_header(below[0]) and _width(below[0]) > _width(row):
            continue  # a title or key/value line above the real header
        if not any(_is_value(c) for r in below for c in _filled(r)):
            continue
        return i
    if any(_filled(r) for r in rows):
        raise InvalidInput(
            f"{file_name} has no header row that this import can find: a row of column names "
            "followed by rows of data with numbers or dates. If the names are there, set "
            "header_row in the profile to their row number."
        )
    raise InvalidInput(f"{file_name} has no data: every row is empty.")


def _unique_names(
    raw: list[str | None], *, start: int = 0, taken: list[str] | None = None
) -> tuple[list[str], set[int]]:
    """Header cells as column names: trimmed, whitespace runs made one space, blank ones named
    "Unnamed N" (N = column number), repeats "Name (2)"; unique ignoring case, "_row" reserved."""
    seen = {n.casefold() for n in (taken or [])} | {ROW_COLUMN}
    names, generated = [], set()
    for offset, cell in enumerate(raw):
        position = start + offset
        base = " ".join(str(cell).split()) if cell is not None else ""
        if not base:
            base = f"Unnamed {position + 1}"
            generated.add(position)
        name, k = base, 2
        while name.casefold() in seen:
            name, k = f"{base} ({k})", k + 1
        seen.add(name.casefold())
        names.append(name)
    return names, generated


def _blankish(column: str) -> str:
    # Empty or only whitespace. "< '!'" (first character a space or control) is a cheap test that
    # spares the pattern for almost every cell.
    return (
        f"({column} IS NULL OR ({column} < '!' AND regexp_full_match({column}, '[\\s\\x{{A0}}]*')))"
    )


def _totals_cell(column: str) -> str:
    return f"regexp_full_match({column}, '(?i)[\\s\\x{{A0}}]*(?:{TOTALS_PATTERN})[\\s\\x{{A0}}]*')"


def _finish(
    con: duckdb.DuckDBPyConnection,
    table: str,
    names: list[str],
    generated: set[int],
    file_name: str,
    *,
    header_row: int,
    extra_blank: list[int],
    **details,
) -> ReadResult:
    """Drop blank and totals rows and unnamed empty columns; check there is data; describe it."""
    t = quote_ident(table)
    unnamed = [names[i] for i in sorted(generated)]
    dropped_columns: list[str] = []
    if unnamed:
        counts = con.execute(
            "SELECT " + ", ".join(f"count({quote_ident(n)})" for n in unnamed) + f" FROM {t}"  # noqa: S608 - identifiers quoted
        ).fetchall()[0]
        dropped_columns = [n for n, c in zip(unnamed, counts, strict=True) if c == 0]
        for name in dropped_columns:
            con.execute(f"ALTER TABLE {t} DROP COLUMN {quote_ident(name)}")
    kept = [n for n in names if n not in set(dropped_columns)]
    if not kept:
        raise InvalidInput(f"{file_name} has no columns with a header or data.")
    columns = [quote_ident(n) for n in kept]
    blank = " AND ".join(_blankish(c) for c in columns)
    # The first non-blank cell names a totals row. Checking the first column alone is cheap and
    # settles nearly every row; only rows whose first cell is blank walk along the others.
    walk = " ".join(f"WHEN NOT {_blankish(c)} THEN {_totals_cell(c)}" for c in columns)
    head = columns[0]
    totals = (
        f"({head} >= '!' AND {_totals_cell(head)}) "
        f"OR (({head} IS NULL OR {head} < '!') AND CASE {walk} ELSE FALSE END)"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE governance_dropped_rows AS "  # noqa: S608 - identifiers quoted
        f"SELECT {ROW_COLUMN} AS r, 'blank row' AS k FROM {t} WHERE {blank} "
        f"UNION ALL SELECT {ROW_COLUMN}, 'totals row' FROM {t} WHERE {totals}"
    )
    try:
        listed = con.execute(
            "SELECT r, k FROM governance_dropped_rows ORDER BY r LIMIT ?", [DROPPED_CAP]
        ).fetchall()
        blank_count, totals_count = con.execute(
            "SELECT count(*) FILTER (WHERE k = 'blank row'), count(*) FILTER (WHERE k = 'totals row') "
            "FROM governance_dropped_rows"
        ).fetchall()[0]
        if blank_count or totals_count:
            con.execute(
                f"DELETE FROM {t} WHERE {ROW_COLUMN} IN (SELECT r FROM governance_dropped_rows)"  # noqa: S608 - identifiers quoted
            )
    finally:
        con.execute("DROP TABLE IF EXISTS governance_dropped_rows")
    listed = sorted([(int(r), k) for r, k in listed] + [(n, "blank row") for n in extra_blank])
    (rows,) = con.execute(f"SELECT count(*) FROM {t}").fetchall()[0]  # noqa: S608 - identifier quoted
    if rows == 0:
        raise InvalidInput(
            f"{file_name} has a header row (row {header_row}) but no data rows below it."
        )
    cell_types = details.pop("cell_types", {})
    return ReadResult(
        file_name=file_name,
        table=table,
        header_row=header_row,
        headers=tuple(kept),
        rows=int(rows),
        dropped=tuple(listed[:DROPPED_CAP]),
        blank_rows=int(blank_count) + len(extra_blank),
        totals_rows=int(totals_count),
        dropped_columns=tuple(dropped_columns),
        cell_types={n: k for n, k in cell_types.items() if n in kept},
        **details,
    )
