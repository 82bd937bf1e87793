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

The modules: ``sniff`` (what kind of file), ``delimited`` (CSV), ``xlsx`` (Excel), ``headers``
(the header row and column names), ``table`` (finishing the staging table, ``ReadResult``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from governance.errors import InvalidInput
from governance.ingest import uploads
from governance.ingest.readers.delimited import DELIMITERS, read_csv
from governance.ingest.readers.headers import ROW_COLUMN, TOTALS_PATTERN
from governance.ingest.readers.sniff import ACCEPTED, HEAD_BYTES, sniff
from governance.ingest.readers.table import DROPPED_CAP, ReadResult
from governance.ingest.readers.xlsx import read_xlsx

__all__ = [
    "ACCEPTED",
    "DELIMITERS",
    "DROPPED_CAP",
    "ROW_COLUMN",
    "TOTALS_PATTERN",
    "ReadResult",
    "read_into",
]


def _check_upload(source, file_name: str) -> None:
    """Hostile-input guard before any parsing: size limit and zip-bomb check (``uploads.check``)."""

    uploads.check(source, file_name=file_name)


def read_into(
    con: duckdb.DuckDBPyConnection,
    source: bytes | Path,
    *,
    file_name: str,
    table: str = "staging_raw",
    sheet: str | None = None,
    header_row: int | None = None,
    sample_rows: int | None = None,
) -> ReadResult:
    """Load an export (bytes of an upload, or a path) into the TEMP table ``table`` (replaced).

    The table has one VARCHAR column per source header (trimmed, inner whitespace collapsed; blank
    headers become "Unnamed N" for column N, repeats "Calls (2)"; names compare case-insensitively
    as DuckDB does) and ``_row BIGINT``. ``sheet`` picks an Excel sheet by name (default: the first
    visible sheet holding a table); ``header_row`` (1-based) overrides header detection.
    ``file_name`` is only used in messages, never as a path. With ``sample_rows``, a CSV file
    is read only that far (its first rows, for a suggestion; ``rows`` then counts those); a
    workbook is read whole.

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
        head = data[:HEAD_BYTES]
    else:
        data, path = None, Path(source)
        try:
            with path.open("rb") as fh:
                head = fh.read(HEAD_BYTES)
        except OSError as exc:
            raise InvalidInput(f"{file_name} could not be opened: {exc.strerror}.") from None
    kind = sniff(head, file_name, data, path)
    if kind == "xlsx":
        return read_xlsx(con, data, path, file_name, table, sheet, header_row)
    return read_csv(con, data, path, head, file_name, table, header_row, sample_rows)
