"""CSV (and other delimited text) into the staging table.

The encoding (UTF-8 with or without BOM, UTF-16, Windows-1252, Latin-1) and the delimiter are found
from the first part of the file, the header row by ``headers``. DuckDB then reads the file from a
path with every cell as text: zero-copy for UTF-8, other encodings are transcoded to a temporary
UTF-8 file first. Rows are numbered by their line in the file, counting the empty lines DuckDB
skips. DuckDB's CSV errors become plain messages without the line's content.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import duckdb

from governance.errors import InvalidInput
from governance.ingest.readers.headers import HEAD_LINES, ROW_COLUMN, header_index, unique_names
from governance.ingest.readers.sniff import HEAD_BYTES
from governance.ingest.readers.table import ReadResult, finish
from governance.ingest.sql import Params
from governance.store.quoting import quote_ident

DELIMITERS = (",", ";", "\t", "|")
_CHUNK = 16 * 1024 * 1024


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
    try:
        return next(csv.reader([line], delimiter=delimiter, quotechar='"'), [])
    except csv.Error:  # a field beyond csv's limit: _long_line refuses the file with its line
        return line.split(delimiter)


# The longest line a KPI export has any business holding: rows of labels and numbers are a few
# hundred characters, a wide one a few thousand. A longer line is a damaged file (a stray quote
# swallowing the rest) or not an export at all.
MAX_LINE_CHARS = 65_536


def _long_line(lines: list[str], file_name: str) -> InvalidInput | None:
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            return InvalidInput(
                f"Line {number} of {file_name} is longer than {MAX_LINE_CHARS:,} characters "
                f"({len(line):,}); a KPI export's lines are far shorter. A value may hold a whole "
                "document, or a stray double quote may have joined many lines: ask the vendor "
                "for the export again."
            )
    return None


def _delimiter(lines: list[str]) -> str:
    """The candidate that splits the lines most consistently into more than one field."""
    sample = [line for line in lines if line.strip()][:HEAD_LINES]
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
        if first and b"\n" not in chunk[:HEAD_BYTES] and b"\r" in chunk[:HEAD_BYTES]:
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


def read_csv(
    con: duckdb.DuckDBPyConnection,
    data: bytes | None,
    path: Path | None,
    head: bytes,
    file_name: str,
    table: str,
    header_row: int | None,
    sample_rows: int | None = None,
) -> ReadResult:
    """Load a delimited text file (``data``, or the file at ``path``, whose first bytes are
    ``head``) into the TEMP table ``table``; see ``readers.read_into``. With ``sample_rows``, only
    the first that many rows (their numbers are not corrected for empty lines)."""
    whole = data is not None or len(head) < HEAD_BYTES
    encoding = _encoding(head, data, whole)
    codec = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(head, final=whole)
    lines = _split_lines(text)
    if not whole:
        lines = lines[:-1]  # the last line of the sample may be cut short
    too_long = _long_line(lines, file_name)
    if too_long:
        raise too_long
    delimiter = _delimiter(lines)
    cells = [_parse_line(line, delimiter) for line in lines[: HEAD_LINES * 5]]
    index = header_index(cells, header_row, file_name, first_row=1)
    names, generated = unique_names(cells[index])
    width = max(len(row) for row in cells[index:])
    names += unique_names([None] * (width - len(names)), start=len(names), taken=names)[0]
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
        counted = pool.submit(_line_count, data, source) if sample_rows is None else None
        try:
            _load_csv(con, source, table, names, delimiter, skip, sample_rows)
        except duckdb.InvalidInputException as exc:
            message = str(exc)
            if "unicode" not in message.lower() or path is None or not head.isascii():
                raise _csv_error(message, file_name, delimiter, skip) from None
            # The first part was plain ASCII; a later byte says it is Windows-1252 after all.
            encoding = "cp1252" if _decodes(path.read_bytes(), "cp1252", final=True) else "latin-1"
            if counted is not None:
                counted.result()
            _transcode(None, path, encoding, scratch)
            source = scratch
            if sample_rows is None:
                counted = pool.submit(_line_count, None, source)
            try:
                _load_csv(con, source, table, names, delimiter, skip, sample_rows)
            except duckdb.InvalidInputException as again:
                raise _csv_error(str(again), file_name, delimiter, skip) from None
        _number_rows(con, table, skip)
        blank_lines = (
            _shift_past_empty_lines(con, table, data, source, skip, *counted.result())
            if counted is not None
            else []
        )
    return finish(
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
    limit: int | None = None,
) -> None:
    params = Params()
    columns = params.bind({f"c{i}": "VARCHAR" for i in range(len(names))})
    select = ", ".join(f"c{i} AS {quote_ident(n)}" for i, n in enumerate(names))
    params.execute(
        con,
        f"CREATE OR REPLACE TEMP TABLE {quote_ident(table)} AS SELECT {select} "  # noqa: S608 - identifiers quoted, values bound
        f"FROM read_csv({params.bind(str(source))}, delim = {params.bind(delimiter)}, "
        f"quote = '\"', escape = '\"', header = false, skip = {params.bind(skip)}, "
        "all_varchar = true, auto_detect = false, null_padding = true, strict_mode = true, "
        f"max_line_size = {params.bind(MAX_LINE_CHARS * 4)}, columns = {columns})"
        + (f" LIMIT {params.bind(int(limit))}" if limit else ""),
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
    if "maximum line size" in message.lower():
        return InvalidInput(
            f"{where.capitalize()} of {file_name} is longer than {MAX_LINE_CHARS:,} characters; "
            "a KPI export's lines are far shorter. A value may hold a whole document, or a "
            "stray double quote may have joined many lines: ask the vendor for the export again."
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
