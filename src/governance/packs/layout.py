"""The page a pack's sheet prints on, and a slide laid out to fit it at full size.

A sheet is one landscape A4 page (the same content fits US Letter): 0.5 in margins left, right
and top, 0.8 in at the bottom with the footer 0.35 in above the edge, so the footer is never
clipped. Content is sized to print at 100 %: every column has a width in Excel's units, every
row a height in points worked out from its text (LibreOffice and Excel do not size the rows
openpyxl writes), so text stays at the size it was written in (no text below 10 pt) and
nothing is cut. "Fit to one page" stays on as a safety net only; a table that does not fit
continues on a new sheet ("Escalations (2)").

Widths are Excel's character units. With Arial 10 as the workbook's default font (``deck``) a
unit is 5.55 pt in LibreOffice and 5.25 pt in Excel (the narrower is used); text is
measured with Arial's own character widths (Liberation Sans, the same metrics, where Arial is
missing), so wrapped text gets the rows it needs in both.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties

FONT = "Arial"
BODY = 11  # points: table and paragraph text
SMALLEST = 10  # no text on a slide is smaller
NAVY = "1F3864"
GREY = "595959"
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
TILE_FILL = PatternFill("solid", fgColor="EEF2F8")
RULE = Side(style="thin", color="BFBFBF")
UNDERLINE = Border(bottom=RULE)

UNIT_PT = 5.55  # a column-width unit, in points, in LibreOffice
EXCEL_UNIT_PT = 5.25  # and in Excel
PAGE_UNITS = 136.0  # the slide's width: A4 landscape less margins is 770 pt, about 138 units
PAGE_HEIGHT = 490.0  # points of rows above the footer: 595 pt less 36 top and 58 bottom is 501
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.5, "bottom": 0.8, "header": 0.3, "footer": 0.35}
CELL_PAD = 10.0  # points a table cell keeps free beside its text (its indent and margins)
LINE = 1.22  # a line of text is this many times its font size tall
ROW_PAD = 4.0  # points a row keeps above and below its lines
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")

# Arial / Liberation Sans advance widths (thousandths of an em) for " " to "~".
_REGULAR = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 "
    "556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 "
    "260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 "
    "556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 389 "
    "280 389 584"
)
WIDTHS = {
    False: [int(x) / 1000 for x in _REGULAR.split()],
    True: [int(x) / 1000 for x in _BOLD.split()],
}
_NARROW = set("–·’‘“”≥≤éèàáíóúüöäçñ×÷")  # Latin-1 letters and common marks: about 0.56 em


def safe(value: str) -> str:
    """Text that cannot become a formula: one starting with = + - @ tab or CR gets a ' prefix."""
    return "'" + value if value.startswith(DANGEROUS) else value


def blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` prints on one line, in points."""
    table = WIDTHS[bold]
    em = 0.0
    for ch in text:
        code = ord(ch)
        if 32 <= code <= 126:
            em += table[code - 32]
        elif ch in _NARROW or code < 0x2000:
            em += 0.6
        else:
            em += 1.0  # symbols (✔ ▼ ✖ —) from a wider fallback font
    return em * size


def lines_needed(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """How many lines ``text`` takes wrapped at word boundaries in ``width_pt`` points (a word
    longer than the line breaks inside it, as Excel and LibreOffice do)."""
    room = max(width_pt - CELL_PAD, size)
    space = text_width(" ", size, bold)
    total = 0
    for paragraph in str(text).split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split(" "):
            w = text_width(word, size, bold)
            if used and used + space + w > room:
                lines, used = lines + 1, 0.0
            if w > room:  # a word wider than the cell
                extra = math.ceil(w / room) - 1
                lines += extra
                used = w - extra * room
            else:
                used += (space if used else 0.0) + w
        total += lines
    return total


def row_height(n_lines: int, size: float) -> float:
    return round(n_lines * size * LINE + ROW_PAD, 1)


def width_pt(units: float) -> float:
    """A column's printed width in points: the narrower of Excel's (7 pixels a unit with Arial
    10 as the default font, 5.25 pt) and LibreOffice's."""
    return units * min(UNIT_PT, EXCEL_UNIT_PT)


def number_text(value, fmt: str | None) -> str:
    """About how a number shows in ``fmt`` (to size its column): digits, separators and the
    text the format adds ("EUR ", "≥ ", "%")."""
    fmt = fmt or "General"
    literal = "".join(re.findall(r'"([^"]*)"', fmt))
    body = re.sub(r'"[^"]*"', "", fmt.split(";")[0])
    if isinstance(value, (datetime, date)):
        return literal + re.sub(r"[ymdh]", "0", body)  # "yyyy-mm" prints as 7 digits
    decimals = len(body.split(".")[1].rstrip("%")) if "." in body else 0
    number = float(value) * (100 if "%" in body else 1)
    sign = "+" if body.startswith("+") and number > 0 else ""
    shown = f"{number:,.{decimals}f}" if "," in body else f"{number:.{decimals}f}"
    return literal + sign + shown + ("%" if "%" in body else "")


@dataclass
class Col:
    """A table column: ``kind`` text (left, wraps), number or date (right), or status
    (centred); ``fmt`` a number format, a list of one per row, or a callable(row) -> format;
    ``most`` / ``least`` bound its width in units."""

    header: str
    kind: str = "text"
    fmt: object = None
    most: float = 40.0
    least: float = 6.0

    @property
    def indent(self) -> int:
        return 0 if self.kind == "status" else 1

    @property
    def align(self) -> str:
        return {"number": "right", "date": "right", "status": "center"}.get(self.kind, "left")

    def format_of(self, i: int, values: list):
        if isinstance(self.fmt, list):
            return self.fmt[i]
        if callable(self.fmt):
            return self.fmt(values)
        return self.fmt


def allot(
    cols: list[Col], rows: list[list], total: float = PAGE_UNITS, *, fill: bool = True
) -> list[float]:
    """Column widths (units) for a table: each as wide as its longest value or header word
    (within its bounds), then text columns narrowed (they wrap) until the table fits
    ``total``; with ``fill``, widened in proportion until it spans ``total`` (a slide's grid
    spans the page)."""
    want, floor = [], []
    for j, col in enumerate(cols):
        heading = max((text_width(w, BODY, True) for w in col.header.split()), default=0.0)
        longest = word = 0.0
        for i, row in enumerate(rows):
            v = row[j]
            if blank(v):
                continue
            text = v if isinstance(v, str) else number_text(v, col.format_of(i, row))
            longest = max(longest, text_width(str(text), BODY))
            word = max(word, *(text_width(w, BODY) for w in str(text).split() or [""]))
        # a text column wraps between words, never inside one: its longest word (and its
        # header's) sets its floor; a value's word longer than the column's bound (a web
        # address) breaks inside
        low = max(min(_units(word), col.most), _units(heading), col.least)
        wide = max(min(_units(longest), col.most), low)
        want.append(wide)
        floor.append(low if col.kind == "text" else wide)
    # narrow the text columns to their floors, then (when still too wide) below them: a word
    # broken inside is better than a page printed smaller
    for floors in (
        floor,
        [c.least if c.kind == "text" else w for c, w in zip(cols, want, strict=True)],
    ):
        over = sum(want) - total
        while over > 0.01:
            give = [j for j in range(len(cols)) if want[j] > floors[j] + 0.01]
            if not give:
                break
            widest = max(give, key=lambda j: want[j] - floors[j])
            cut = min(over, want[widest] - floors[widest], max(1.0, want[widest] * 0.1))
            want[widest] -= cut
            over -= cut
    if fill and sum(want) < total:
        grow = total / sum(want)
        want = [w * grow for w in want]
    return [round(w, 2) for w in want]


def _units(points: float) -> float:
    """The column width (units) that shows ``points`` of text with the cell's padding, in Excel's
    narrower unit."""
    return (points + CELL_PAD + 2) / EXCEL_UNIT_PT


def spans(
    widths: list[float], grid: list[float], stiff: list[bool] | None = None
) -> list[tuple[int, int]]:
    """Lay columns of ``widths`` over a sheet's ``grid`` (the widths of its columns): each
    column takes one or more adjacent grid columns, chosen so that as little as possible of any
    column's width is missing, a ``stiff`` column's (a number or a date, which cannot wrap)
    ten times as much as a text column's, then as little as possible is left over. Returns
    (first, last) grid indexes (from 0)."""
    n, k = len(grid), len(widths)
    if k > n:
        raise ValueError("a table cannot have more columns than the slide's grid")
    stiff = stiff or [False] * k
    edge = [0.0]
    for g in grid:
        edge.append(edge[-1] + g)

    def cost(j: int, a: int, b: int) -> float:  # column j over grid columns a … b
        have = edge[b + 1] - edge[a]
        short = max(0.0, widths[j] - have)
        return short * (10.0 if stiff[j] else 1.0) * 100 + max(0.0, have - widths[j])

    inf = float("inf")
    best = [[inf] * n for _ in range(k)]  # best[j][b]: columns 0 … j placed, j ending at b
    back = [[-1] * n for _ in range(k)]
    for b in range(n - k + 1):
        best[0][b] = cost(0, 0, b)
    for j in range(1, k):
        for b in range(j, n - (k - j - 1)):
            for a in range(j, b + 1):
                c = best[j - 1][a - 1] + cost(j, a, b)
                if c < best[j][b]:
                    best[j][b], back[j][b] = c, a
    # the last column may end before the grid does (a narrow table): pick the cheapest end
    end = min(range(k - 1, n), key=lambda b: best[k - 1][b])
    out = []
    for j in range(k - 1, -1, -1):
        a = back[j][end] if j else 0
        out.append((a, end))
        end = a - 1
    return out[::-1]


class Slide:
    """One sheet being written: its grid of columns, a row cursor, the height used so far, and
    text, tiles and tables that wrap and size their rows. ``deck`` makes the continuation sheet
    when a table runs past the page."""

    def __init__(
        self,
        deck: Deck,
        name: str,
        title: str,
        grid: list[float],
        section: str,
        part: int = 1,
        title_size: float = 18,
    ):
        self.deck = deck
        self.name = name
        self.section_name = section  # the slide it continues, or its own name
        self.part = part
        self.ws = deck.wb.create_sheet(name)
        self.title = title
        subtitle = deck.subtitle(name)
        self.grid = list(grid)
        for i, w in enumerate(self.grid, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.row = 1
        self.used = 0.0
        self.charts = 0
        self.text_row(title, size=title_size, bold=True, colour=NAVY)
        self.text_row(subtitle, size=SMALLEST, italic=True, colour=GREY)
        self.gap(6)

    # --- cells and rows --------------------------------------------------------------------

    @property
    def width(self) -> int:
        return len(self.grid)

    def room(self) -> float:
        return PAGE_HEIGHT - self.used

    def put(self, row: int, col: int, value, fmt: str | None = None, **font) -> object:
        cell = self.ws.cell(row, col)
        if blank(value):
            cell.value = None
        elif isinstance(value, str):
            cell.value = safe(value)
            cell.data_type = "s"
        elif isinstance(value, bool):
            cell.value = "Yes" if value else "No"
        elif isinstance(value, pd.Timestamp):
            cell.value = value.to_pydatetime()
            cell.number_format = fmt or "yyyy-mm-dd"
        elif isinstance(value, (datetime, date)):
            cell.value = value
            cell.number_format = fmt or (
                "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
            )
        else:
            cell.value = value.item() if hasattr(value, "item") else value
            if fmt:
                cell.number_format = fmt
        cell.font = Font(
            name=FONT,
            size=font.get("size", BODY),
            bold=font.get("bold", False),
            italic=font.get("italic", False),
            color=font.get("colour", "000000"),
        )
        return cell

    def merge(self, row: int, first: int, last: int) -> None:
        """Merge ``first`` … ``last`` of ``row``. The range is recorded as it is: the cells it
        covers hold nothing but their fill, so openpyxl's ``merge_cells`` (which restyles each
        of them, a second for a large pack) has nothing to do."""
        if last > first:
            ref = f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"
            self.ws.merged_cells.add(MergedCellRange(self.ws, ref))

    def span_pt(self, first: int, last: int) -> float:
        """The printed width of grid columns ``first`` … ``last`` (from 1)."""
        return sum(width_pt(w) for w in self.grid[first - 1 : last])

    def set_height(self, row: int, height: float) -> None:
        self.ws.row_dimensions[row].height = height
        self.used += height

    def gap(self, height: float = 8.0) -> None:
        self.set_height(self.row, height)
        self.row += 1

    def text_row(
        self,
        text: str,
        *,
        size: float = BODY,
        bold: bool = False,
        italic: bool = False,
        colour: str = "000000",
        first: int = 1,
        last: int | None = None,
    ) -> None:
        """A line of text across the slide (or grid columns ``first`` … ``last``), wrapped,
        its row as tall as its lines."""
        last = last or self.width
        cell = self.put(self.row, first, text, size=size, bold=bold, italic=italic, colour=colour)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.merge(self.row, first, last)
        n = lines_needed(text, self.span_pt(first, last), size, bold)
        self.set_height(self.row, row_height(n, size))
        self.row += 1

    # --- tiles -------------------------------------------------------------------------------

    def tiles(self, tiles: list[tuple[str, object, str | None, str]]) -> None:
        """A row of tiles: (label, value, number format or None, note), each over an equal share
        of the grid's columns: the label above, the value large, the note below."""
        n = len(tiles)
        places = spans([sum(self.grid) / n - 0.5] * n, self.grid)
        rows = (self.row, self.row + 1, self.row + 2)
        heights = [0.0, 0.0, 0.0]
        for i, (label, value, fmt, note) in enumerate(tiles):
            first, last = places[i][0] + 1, places[i][1] + 1
            if i == n - 1:
                last = self.width
            room = self.span_pt(first, last) - 8
            parts = (
                (label, dict(size=BODY, bold=True, colour=GREY)),
                (value, dict(size=22, bold=True, colour=NAVY)),
                (note, dict(size=SMALLEST, colour=GREY)),
            )
            for k, (text, font) in enumerate(parts):
                if k == 1 and not isinstance(text, str):  # a number cannot wrap: fit its size
                    while text_width(number_text(text, fmt), font["size"], True) > room - 4:
                        if font["size"] <= 14:
                            break
                        font["size"] -= 1
                cell = self.put(rows[k], first, text, fmt, **font)
                cell.alignment = Alignment(
                    horizontal="center", vertical="center", wrap_text=isinstance(text, str)
                )
                shown = text if isinstance(text, str) else number_text(text, fmt)
                lines = lines_needed(str(shown), room, font["size"], font.get("bold", False))
                heights[k] = max(heights[k], row_height(lines, font["size"]))
                for c in range(first, last + 1):
                    self.ws.cell(rows[k], c).fill = TILE_FILL
                self.merge(rows[k], first, last)
        for r, h in zip(rows, heights, strict=True):
            self.set_height(r, h + 2)
        self.row += 3

    # --- tables ------------------------------------------------------------------------------

    def table(
        self,
        cols: list[Col],
        rows: list[list],
        *,
        empty: str = "None.",
        styles: list | None = None,
    ) -> list[int]:
        """A header and rows laid over the grid (``spans``): text wraps and each row is as tall
        as its tallest cell; headers align with their column's values. A row that does not fit
        continues the table on a new sheet under its header again. ``styles``: per row, a
        callable(cell, j) that restyles a cell (status fills). Returns the rows written, by
        sheet row number (on whichever sheet they landed)."""
        slide = self
        if not rows:
            if slide.room() < row_height(1, BODY):
                slide = self.deck.carry_on(slide)
            slide.text_row(empty)
            return []
        if len(cols) < self.width:
            # each column takes whole grid columns: keep back half of one each for rounding up
            budget = sum(self.grid) * (1 - 0.5 * len(cols) / self.width)
            wanted = allot(cols, rows, budget, fill=False)
            places = spans(wanted, self.grid, [c.kind != "text" for c in cols])
        else:
            places = [(j, j) for j in range(len(cols))]
        header_h = slide._header_height(cols, places)
        if slide.room() < header_h + row_height(1, BODY):
            slide = self.deck.carry_on(slide)
        slide._header(cols, places, header_h)
        written = []
        for i, values in enumerate(rows):
            fmts = [c.format_of(i, values) for c in cols]
            height = slide._row_height(cols, places, values, fmts)
            if height > slide.room():
                slide = self.deck.carry_on(slide)
                slide._header(cols, places, header_h)
            r = slide.row
            for j, (col, value) in enumerate(zip(cols, values, strict=True)):
                first, last = places[j]
                cell = slide.put(r, first + 1, value, fmts[j])
                cell.alignment = Alignment(
                    horizontal=col.align,
                    vertical="top",
                    wrap_text=col.kind == "text",
                    indent=col.indent,
                )
                for c in range(first + 1, last + 2):  # the rule under the whole row
                    slide.ws.cell(r, c).border = UNDERLINE
                slide.merge(r, first + 1, last + 1)
                if styles and styles[i]:
                    styles[i](cell, j)
            slide.set_height(r, height)
            slide.row += 1
            written.append(r)
        return written

    def _header_height(self, cols, places) -> float:
        n = max(
            lines_needed(c.header, self.span_pt(p[0] + 1, p[1] + 1), BODY, True)
            for c, p in zip(cols, places, strict=True)
        )
        return row_height(n, BODY)

    def _header(self, cols, places, height: float) -> None:
        r = self.row
        for col, (first, last) in zip(cols, places, strict=True):
            cell = self.put(r, first + 1, col.header, bold=True, colour="FFFFFF")
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(
                horizontal=col.align, vertical="bottom", wrap_text=True, indent=col.indent
            )
            for c in range(first + 1, last + 2):
                self.ws.cell(r, c).fill = HEADER_FILL
            self.merge(r, first + 1, last + 1)
        self.set_height(r, height)
        self.row += 1

    def _row_height(self, cols, places, values, fmts) -> float:
        n = 1
        for col, (first, last), value, fmt in zip(cols, places, values, fmts, strict=True):
            if blank(value):
                continue
            text = value if isinstance(value, str) else number_text(value, fmt)
            room = self.span_pt(first + 1, last + 1)
            if col.kind == "text":
                n = max(n, lines_needed(str(text), room, BODY))
        return row_height(n, BODY)

    # --- the page ----------------------------------------------------------------------------

    def finish(self, footer_day: str) -> None:
        ws = self.ws
        last_row = max(self.row - 1, 1)
        ws.print_area = f"A1:{get_column_letter(self.width)}{last_row}"
        ws.sheet_view.showGridLines = False
        ws.print_options.gridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        for side, inches in MARGINS.items():
            setattr(ws.page_margins, side, inches)
        for part, text in (
            (ws.oddFooter.left, "Confidential"),
            (ws.oddFooter.center, f"Generated {footer_day}"),
            (ws.oddFooter.right, "Page &P of &N"),
        ):
            part.text = text
            part.size = SMALLEST
            part.font = f"{FONT},Regular"


class Deck:
    """The workbook being written: its slides in order and the continuation of a slide whose
    content runs past its page ("Escalations (2)", same grid, title marked continued)."""

    def __init__(self, subtitle: Callable[[str], str]):
        self.subtitle = subtitle  # a sheet's second line, from its name
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        # Arial 10 as the default font: the unit of column widths is then the same in Excel and
        # LibreOffice (with Calibri, missing on most Linux machines, LibreOffice's is wider).
        self.wb._fonts = IndexedList([Font(name=FONT, size=10, family=2)])
        self.slides: list[Slide] = []
        self.current: Slide | None = None

    # --- what the slide writers call: they act on the current sheet --------------------------

    def paragraph(self, text: str, **style) -> None:
        """A wrapped line of text across the slide; on a new sheet when it does not fit."""
        slide = self.current
        size = style.get("size", BODY)
        n = lines_needed(text, slide.span_pt(1, slide.width), size, style.get("bold", False))
        if row_height(n, size) > slide.room():
            slide = self.carry_on(slide)
        slide.text_row(text, **style)

    def section(self, text: str, *, keep: float = 80.0) -> None:
        """A section heading; it moves to a new sheet with what follows it when less than
        ``keep`` points are left."""
        slide = self.current
        if slide.room() < keep:
            slide = self.carry_on(slide)
        slide.gap(6)
        slide.text_row(text, size=12, bold=True, colour=NAVY)

    def gap(self, height: float = 8.0) -> None:
        if self.current.room() > height:
            self.current.gap(height)

    def tiles(self, tiles: list[tuple[str, object, str | None, str]]) -> None:
        self.current.tiles(tiles)

    def table(self, cols: list[Col], rows: list[list], **kw) -> list[int]:
        return self.current.table(cols, rows, **kw)

    def block(self, height: float) -> Slide:
        """The sheet on which ``height`` points fit: the current one or a new one."""
        if self.current.room() < height:
            self.carry_on(self.current)
        return self.current

    def slide(self, name: str, title: str, grid: list[float], *, title_size: float = 18) -> Slide:
        slide = Slide(self, name, title, grid, name, title_size=title_size)
        self.slides.append(slide)
        self.current = slide
        return slide

    def carry_on(
        self, slide: Slide, *, grid: list[float] | None = None, title: str | None = None
    ) -> Slide:
        """The sheet after ``slide`` for the rest of its content: the same title marked
        continued and the same grid, unless given."""
        base = slide.section_name
        part = slide.part + 1
        name = f"{base} ({part})"
        nxt = Slide(self, name, title or _continued(slide.title), grid or slide.grid, base, part)
        self.slides.append(nxt)
        self.current = nxt
        return nxt


def _continued(title: str) -> str:
    return title if title.endswith("(continued)") else f"{title} (continued)"


def section_of(sheet_name: str) -> str:
    """The slide a sheet belongs to: "Escalations (2)" → "Escalations"."""
    return re.sub(r" \(\d+\)$", "", sheet_name)
