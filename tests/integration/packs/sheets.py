"""Reading a pack's sheets as a person reads them: the slides of a section ("Scorecard",
"Scorecard (2)", …) and a table under its header, each value under the header cell it sits
below (a column may be merged over several sheet columns)."""

from __future__ import annotations

import re

HEADER_FILL = "1F3864"


def section(wb, name: str) -> list:
    """The sheets of the slide ``name``: itself and its continuations, in order."""
    return [ws for ws in wb if re.sub(r" \(\d+\)$", "", ws.title) == name]


def _filled(cell) -> bool:
    fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None
    return str(fill or "").endswith(HEADER_FILL)


def tables(ws) -> list[tuple[int, dict[str, int], list[dict]]]:
    """Every table of the sheet: (header row, {header: column}, rows as {header: cell}). A
    header is a run of adjacent header-filled cells (two tables side by side are two runs); a
    table's rows end at the first row with nothing under its first header."""
    out = []
    for cells in ws.iter_rows():
        runs, run = [], []
        for c in cells:
            # a header merged over several columns goes on under its first cell
            if _filled(c) or (run and type(c).__name__ == "MergedCell"):
                run.append(c)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        for run in runs:
            named = [c for c in run if isinstance(c.value, str)]
            if len(named) < 2:
                continue
            cols = {c.value: c.column for c in named}
            first = named[0].column
            body = []
            r = named[0].row + 1
            while r <= ws.max_row and ws.cell(r, first).value is not None:
                if _filled(ws.cell(r, first)):
                    break
                body.append({name: ws.cell(r, col) for name, col in cols.items()})
                r += 1
            out.append((named[0].row, cols, body))
    return out


def table(ws, first_header: str, *, after: int = 0) -> tuple[list[str], list[dict]]:
    """The first table below row ``after`` whose first header is ``first_header``: its header
    names and rows ({header: cell})."""
    for row, cols, body in tables(ws):
        if row > after and next(iter(cols)) == first_header:
            return list(cols), body
    raise AssertionError(f"no table headed {first_header!r} on {ws.title} below row {after}")


def row_of(ws, text: str) -> int:
    """The row of the first cell holding ``text``."""
    for r in ws.iter_rows():
        for c in r:
            if c.value == text:
                return c.row
    raise AssertionError(f"{text!r} not on {ws.title}")


def texts(ws) -> list[str]:
    return [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
