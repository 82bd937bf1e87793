"""Excel workbooks (.xlsx) into the staging table.

The workbook is read with python-calamine; the sheet is the one named, else the first visible
worksheet holding a table. Each column goes to DuckDB as an Arrow array of its native cell type
and becomes text inside DuckDB, the same text ``cell_text`` gives in Python, so a number, a date
or a duration reads the same whichever way it arrives.

A cell holding a formula is read as the value the workbook saved with it. A workbook written by
a program that does not calculate (openpyxl, many report generators) saves a formula without its
value, which would read as a blank cell: such a cell is refused, naming it (``check_formulas``).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import duckdb
import pyarrow as pa
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from governance.errors import InvalidInput
from governance.ingest.readers.headers import HEAD_LINES, ROW_COLUMN, header_index, unique_names
from governance.ingest.readers.table import ReadResult, finish
from governance.store.quoting import quote_ident


def read_xlsx(
    con: duckdb.DuckDBPyConnection,
    data: bytes | None,
    path: Path | None,
    file_name: str,
    table: str,
    sheet: str | None,
    header_row: int | None,
) -> ReadResult:
    """Load one sheet of a workbook (``data``, or the file at ``path``) into the TEMP table
    ``table``: ``sheet`` by name, else the first visible worksheet holding a table."""
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
    check_formulas(data if data is not None else path, chosen, file_name)
    return _load_sheet(con, rows, start, index, file_name, table, chosen, sheets)


_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# Every sheet holding a formula has an "f>" ("<f>…</f>", "<x:f>", a shared formula's first
# cell); it is rare elsewhere in a sheet's XML, and much quicker to look for than "<f".
_FORMULA_MARK = b"f>"
_CHUNK = 1 << 22


def check_formulas(source: bytes | Path, sheet: str, file_name: str) -> None:
    """``InvalidInput`` naming the first cell of ``sheet`` that holds a formula without a saved
    value (it would read as blank); nothing when every formula has one, or the sheet has none.

    The sheet's XML is scanned for a formula first (one pass, nothing parsed); only a sheet that
    has one is parsed, cell by cell. A formula whose result is empty text keeps ``t="str"`` and
    is a value, not a missing one."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as book:
            part = _sheet_part(book, sheet)
            if part is None or not _has_formula(book, part):
                return
            with book.open(part) as xml:
                cell = _formula_without_value(xml)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError):
        return  # calamine has read the sheet; its values stand
    if cell is not None:
        raise InvalidInput(
            f"{file_name}: cell {cell} of sheet '{sheet}' holds a formula with no saved value "
            "(the program that wrote the file did not calculate it, so it would read as blank): "
            "open and save the file in Excel, or export the values (for example as CSV), and "
            "upload that."
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(book: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of ``part``: id -> (type, target part name)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    out = {}
    for rel in ElementTree.fromstring(book.read(rels)):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(target))
    return out


def _sheet_part(book: zipfile.ZipFile, sheet: str) -> str | None:
    """The name of the XML part holding the worksheet named ``sheet``, or None."""
    main = next(
        (t for kind, t in _relationships(book, "").values() if kind == _OFFICE_DOCUMENT),
        "xl/workbook.xml",
    )
    targets = _relationships(book, main)
    for element in ElementTree.fromstring(book.read(main)).iter():
        if _local(element.tag) == "sheet" and element.get("name") == sheet:
            found = targets.get(element.get(_RELATIONSHIP_ID, ""))
            return found[1] if found else None
    return None


def _has_formula(book: zipfile.ZipFile, part: str) -> bool:
    """Whether the part may hold a formula (a false alarm only costs parsing it)."""
    last = b""
    with book.open(part) as xml:
        while chunk := xml.read(_CHUNK):
            if _FORMULA_MARK in chunk or _FORMULA_MARK in last + chunk[:1]:
                return True
            last = chunk[-1:]
    return False


def _formula_without_value(xml) -> str | None:
    """The reference (e.g. "C5") of the first cell with a formula and no saved value."""
    for _event, element in ElementTree.iterparse(xml, events=("end",)):
        name = _local(element.tag)
        if name == "c":
            children = {_local(child.tag): child for child in element}
            if "f" in children:
                value = children.get("v")
                text = value.text if value is not None else None
                if value is None or (not text and element.get("t") != "str"):
                    return element.get("r") or "?"
        elif name == "row":
            element.clear()  # a row at a time: a large sheet never sits in memory whole
    return None


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
    head = [[_cell_text(v) for v in row] for row in rows[: HEAD_LINES * 5]]
    try:
        where = f"Sheet '{name}' of {file_name}"
        index = header_index(head, header_row, where, first_row=start + 1)
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
    names, generated = unique_names(header)
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
    return finish(
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
