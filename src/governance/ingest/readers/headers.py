"""Where a table starts: the header row below any title block, and the column names it gives.

Pure Python over the first rows of a file or sheet (as text): a header is a row of two or more
mostly non-numeric names, about as wide as the rows below it, followed by rows holding numbers or
dates. Names are made unique and usable as staging columns; ``ROW_COLUMN`` is reserved.
"""

from __future__ import annotations

import re

from governance.errors import InvalidInput

ROW_COLUMN = "_row"
HEAD_LINES = 200  # lines looked at for the delimiter; five times as many rows for the header
# First non-empty cell of a totals row: "Total", "TOTAL:", "Totals", "Grand total", "Subtotal",
# "Sub-total", "Sum". The whole cell must match: "Total care" is a program, not a totals row.
TOTALS_PATTERN = r"(grand\s*|sub[\s-]?)?totals?\s*:?|sum\s*:?"

_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december"
_WORDS = re.compile(rf"\b(?:{_MONTHS}|am|pm)\b", re.I)
_LETTER_RUN = re.compile(r"[^\W\d_]{3,}")


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


def header_index(
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


def unique_names(
    raw: list[str | None], *, start: int = 0, taken: list[str] | None = None
) -> tuple[list[str], set[int]]:
    """Header cells as column names: trimmed, whitespace runs made one space, blank ones named
    "Unnamed N" (N = column number), repeats "Name (2)"; unique ignoring case, "_row" reserved,
    and so is "rowid" (DuckDB's own row number: a column of that name is read as "rowid (2)")."""
    seen = {n.casefold() for n in (taken or [])} | {ROW_COLUMN, "rowid"}
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
