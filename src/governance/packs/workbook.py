"""Lay a pack (``packs.PackData``) out as an openpyxl workbook whose sheets are slides.

Each sheet is one landscape page with one message: a title that states the finding (``titles``),
then at most one table or two charts, with text no smaller than 10 pt when printed (``layout``
sizes columns and rows so the page prints at full size). A table too long for its page continues
on the next sheet ("Scorecard (2)"); the trend charts come two to a slide, the two KPIs that
most need attention first and the others on "More trends" slides before the appendix. Every
sheet has its print area, no gridlines, and a footer (Confidential, generation date, page).
Numbers are written as numbers with the catalogue's formats; every text is neutralised so that
no cell can become a formula (``safe``). Charts are native Excel line charts over the slide's
own cells, so they stay editable.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import DateAxis
from openpyxl.chart.series import SeriesLabel, StrRef
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
    RichTextProperties,
)
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from governance.contracts import lines as kpi_lines
from governance.kpis import catalogue, frames, periods, privacy
from governance.packs import data as packdata
from governance.packs import layout, titles
from governance.packs.data import APPENDIX_KPIS, PackData, escalation_counts, number_format
from governance.packs.layout import BODY, FONT, NAVY, SMALLEST, Col, Deck, safe
from governance.scoring import billing, credits, health, presentation, scorecard, survey
from governance.workflow import escalations

__all__ = ["build", "limit_format", "money_format", "safe", "save", "to_bytes"]

SCORE_FMT = "0.0"
CHANGE_FMT = "+0.0;-0.0;0.0"
MONEY_FMT = "#,##0.00"
DATE_FMT = "yyyy-mm-dd"
COUNT_FMT = "0"
TREND_SHEET = "More trends"
CHART_HEIGHT = {"month": 240.0, "quarter": 290.0}  # points: a trend chart over its table
CHART_COLOURS = ("0072B2", "009E73", "D55E00", "CC79A7", "E69F00", "56B4E9", "000000")


def money_format(currency) -> str:
    """The money format, carrying the contract's currency code when it states one (the cell stays
    a number): ``"EUR "#,##0.00`` shows 2,000 as "EUR 2,000.00"."""
    code = "".join(ch for ch in str(frames.plain_value(currency) or "") if ch.isalnum())
    return f'"{code} "{MONEY_FMT}' if code else MONEY_FMT


def limit_format(fmt: str, value, direction: str) -> str:
    """A worse limit's number format: the KPI's ``fmt`` marked with the side the actual must stay
    on, as the pages show it ("≥ 80.0%" a floor, "≤ 8.0%" a ceiling). For a KPI best at 1 the
    cell keeps the stored limit and shows the band it accepts ("0.980–1.020")."""
    if direction == "higher":
        return f'"≥ "{fmt}'
    if direction == "lower":
        return f'"≤ "{fmt}'
    value = frames.plain_value(value)
    if value is None:
        return fmt
    low, high = presentation.accepted_range(value)
    if value <= 1:
        return f'{fmt}"–{frames.format_value(high, "accuracy")}"'
    return f'"{frames.format_value(low, "accuracy")}–"{fmt}'


def _limit_format(line: dict) -> str:
    return limit_format(number_format(line["kpi"]), line["minimum"], _direction(line))


def _direction(line: dict) -> str:
    return line.get("direction") or catalogue.kpi(line["kpi"]).direction


def build(data: PackData) -> Workbook:
    """The pack's workbook: the slides of ``packs.SHEETS`` in order (a slide whose content runs
    past its page continues on "Name (2)"), the trend slides beyond the first before the
    appendix, and the cover (written last, as it lists them all, and moved first)."""
    deck = Deck(lambda name: _subtitle(data, name))
    for write in (
        _executive,
        _scorecard,
        _trends,
        _credits,
        _billing,
        _escalations,
        _actions,
        _health,
        _relationship,
        _compliance,
        _more_trends,
        _appendix,
    ):
        write(deck, data)
    _cover(deck, data)
    day = f"{data.generated:%Y-%m-%d}"
    for slide in deck.slides:
        slide.finish(day)
    deck.wb.move_sheet("Cover", -(len(deck.wb.sheetnames) - 1))
    deck.wb.properties.title = f"{data.title}: {data.who}, {periods.label(data.period)}"
    deck.wb.properties.creator = "Vendor governance"
    return deck.wb


def to_bytes(data: PackData) -> bytes:
    buf = io.BytesIO()
    build(data).save(buf)
    return buf.getvalue()


def save(data: PackData, path: str | Path) -> Path:
    path = Path(path)
    build(data).save(path)
    return path


def _subtitle(d: PackData, name: str) -> str:
    return f"{d.who} · {periods.label(d.period)} · {name} — {d.title}, as of {d.as_of_text}"


def _start(deck: Deck, d: PackData, name: str, title: str, grid: list[float]):
    return deck.slide(name, title, grid)


def _uniform(n: int) -> list[float]:
    return [round(layout.PAGE_UNITS / n, 2)] * n


FINE = _uniform(68)  # the grid of a slide with tables of several shapes: each takes spans of it


# --- cover and executive summary -----------------------------------------------------------------


def _cover(deck: Deck, d: PackData) -> None:
    names = [s.name for s in deck.slides]
    s = deck.slide("Cover", d.title, [4.0, 62.0, 4.0, 66.0], title_size=28)
    s.gap(24)
    s.text_row(d.who, size=24, bold=True, colour=NAVY, first=2)
    span = f"{packdata.day_text(d.period.start)} – {packdata.day_text(d.period.end)}"
    s.text_row(f"{periods.label(d.period)} ({span})", size=16, first=2)
    s.gap(10)
    contracts = list(d.summary["contract"].dropna().unique()) if not d.summary.empty else []
    if d.vendor and contracts:
        s.text_row("Contract: " + ", ".join(map(str, contracts)), first=2)
    s.text_row(
        f"As of {d.as_of_text}: escalations, action items and the calendar as they stood then.",
        first=2,
    )
    s.text_row(f"Generated {d.generated:%Y-%m-%d %H:%M}", first=2)
    s.text_row("Confidential: for the review's participants only.", first=2)
    s.gap(10)
    s.text_row("Contents (page: slide)", size=12, bold=True, colour=NAVY, first=2)
    half = (len(names) + 1) // 2 if len(names) > 8 else len(names)
    left, right = names[:half], names[half:]
    for i, name in enumerate(left):
        s.put(s.row, 2, f"{i + 2}: {name}")
        if i < len(right):
            s.put(s.row, 4, f"{half + i + 2}: {right[i]}")
        s.set_height(s.row, layout.row_height(1, BODY))
        s.row += 1


def _executive(deck: Deck, d: PackData) -> None:
    _start(deck, d, "Executive summary", titles.executive(d), _uniform(10))
    shown = []
    for t in packdata.tiles(d):
        fmt = {
            "score": SCORE_FMT,
            "change": CHANGE_FMT,
            "count": COUNT_FMT,
            "money": money_format(t.currency),
        }.get(t.kind)
        shown.append((t.label, t.value, fmt, t.note))
    deck.tiles(shown)
    note = packdata.standing_note(d)
    if note:
        deck.gap(4)
        deck.paragraph(note, italic=True, colour=layout.GREY)
    exposure = packdata.risk_words(d)
    if exposure:
        deck.gap(4)
        deck.paragraph(exposure, italic=True, colour=layout.GREY)
    deck.gap(6)
    deck.section("Highlights")
    for h in d.highlights:
        deck.gap(6)
        deck.paragraph("• " + h, size=13)


# --- scorecard -------------------------------------------------------------------------------------

CARD_COLS = [
    Col("Scope", most=16, least=15),  # "Whole vendor" on one line: the version wraps first
    Col("KPI", most=26, least=22),
    Col("Channel", most=12, least=7),
    Col("Status", kind="status", least=14, most=16),
    Col("Actual", kind="number"),
    Col("Expected", kind="number"),
    Col(presentation.LIMIT_HEADER, kind="number"),
    Col("Points", kind="number"),
    Col("Weight", kind="number"),
    Col("Tier", kind="status", most=10),
    Col("Target version", most=20, least=8),
]
LEAGUE_COLS = [
    Col("Vendor", most=24),
    Col("Weighted score", kind="number", fmt=SCORE_FMT),
    Col("Standing", most=12),
    Col("Change", kind="number", fmt=CHANGE_FMT),
    Col("Rolling three", kind="number", fmt=SCORE_FMT),
    Col("Rank", kind="number", fmt=COUNT_FMT),
    Col("KPIs scored", kind="number", fmt=COUNT_FMT),
    Col("KPIs without data", kind="number", fmt=COUNT_FMT),
    Col("KPIs in default", kind="number", fmt=COUNT_FMT),
    Col("Risk tier", most=10),
]


def _card_rows(d: PackData):
    """Each scorecard (vendor and programs, or each vendor) as (card, label, rows, formats,
    status styles)."""
    out = []
    for card, lines in presentation.by_card(scorecard.Scorecards(d.period, d.summary, d.lines)):
        label = (card["program"] or "Whole vendor") if d.vendor else card["vendor"]
        rows, fmts, styles = [], [], []
        for line in frames.plain_records(lines):
            fmt = number_format(line["kpi"])
            style = presentation.STATUS_STYLES[line["status"]]
            rows.append(
                [
                    label,
                    line["kpi_name"],
                    line["channel"] or "",
                    style.text,
                    "< 5" if scorecard_small(line) else line["actual"],
                    line["expected"],
                    line["minimum"],
                    line["points"],
                    line["weight"],
                    line["tier"],
                    f"v{line['target_version']}"
                    + (f" (amendment #{line['amendment_id']})" if line["amendment_id"] else ""),
                ]
            )
            fmts.append([None, None, None, None, fmt, fmt, _limit_format(line), SCORE_FMT, "0.##"])
            styles.append(_status_style(style))
        out.append((card, label, rows, fmts, styles))
    return out


def _status_style(style):
    def apply(cell, j):
        if j == 3:
            cell.fill = PatternFill("solid", fgColor=style.colour.lstrip("#"))
            cell.font = Font(name=FONT, size=BODY, bold=True, color=style.text_colour.lstrip("#"))

    return apply


def _card_cols(fmts: list[list]) -> list[Col]:
    cols = [Col(c.header, c.kind, None, c.most, c.least) for c in CARD_COLS]
    for j in (4, 5, 6, 7, 8):
        cols[j].fmt = [f[j] for f in fmts]
    return cols


def _scorecard(deck: Deck, d: PackData) -> None:
    cards = _card_rows(d)
    every = [r for _, _, rows, _, _ in cards for r in rows]
    grid = layout.allot(_card_cols([f for *_, fmts, _ in cards for f in fmts]), every)
    if d.vendor is None:
        tiers = (
            {} if d.risk is None else dict(zip(d.risk["vendor"], d.risk["risk_tier"], strict=True))
        )
        rows = [
            [
                r["vendor"],
                r["weighted_score"],
                r["standing"] or "No data",
                r["change"],
                r["rolling_three"],
                r["rank"],
                r["kpis_scored"],
                r["kpis_without_data"],
                r["defaults"],
                tiers.get(r["vendor"], ""),
            ]
            for r in frames.plain_records(d.summary)
        ]
        title = titles.portfolio_scorecard(d)
        _start(deck, d, "Scorecard", title, layout.allot(LEAGUE_COLS, rows))
        deck.table(LEAGUE_COLS, rows)  # each vendor's KPIs follow, a slide each
        deck.gap(4)
        deck.paragraph(
            "Risk tier: how exposed the client is to the vendor (share of volume and spend, "
            "expired attestations, open P1/P2 escalations, health), beside the score and not "
            "part of it.",
            italic=True,
            colour=layout.GREY,
        )
    else:
        whole = [x for x in frames.plain_records(d.lines) if x["program"] is None]
        _start(deck, d, "Scorecard", titles.scorecard(whole), grid)
    if not cards:
        deck.paragraph("No scorecard: no contract in force in this period.")
    for i, (card, label, rows, fmts, styles) in enumerate(cards):
        if i or d.vendor is None:  # each program's (or vendor's) card on a slide of its own
            lines = _card_lines(d, card)
            title = f"{label} scored {titles.score_words(card)}: {titles.scorecard(lines)}"
            deck.carry_on(deck.current, grid=grid, title=title)
        s = deck.current
        r = s.row
        s.put(r, 1, f"{label}: weighted score", size=12, bold=True, colour=NAVY)
        s.merge(r, 1, 3)
        s.put(r, 4, card["weighted_score"], SCORE_FMT, size=12, bold=True, colour=NAVY)
        s.put(r, 5, card["standing"] or "No data", size=12, bold=True, colour=NAVY)
        s.merge(r, 5, 7)
        s.ws.cell(r, 4).alignment = Alignment(horizontal="center")
        s.set_height(r, layout.row_height(1, 12))
        s.row += 1
        deck.table(_card_cols(fmts), rows, styles=styles)
        deck.gap(6)
        deck.paragraph(presentation.LIMIT_NOTE, italic=True, colour=layout.GREY)
        _publication_notes(deck, d, card)


def _publication_notes(deck: Deck, d: PackData, card: dict) -> None:
    """The days excused events left out of its lines (the first three lines), whether the card
    is the published record, and its lines whose live figures now differ (the first three; the
    rest counted)."""
    excused = [
        scorecard_name(line) + f": {line['excused']}"
        for line in _card_lines(d, card)
        if line.get("excused")
    ]
    for text in excused[:3]:
        deck.paragraph(text, italic=True, colour=layout.GREY)
    words = presentation.publication_words(card)
    if not words:
        return
    deck.paragraph(words, italic=True, colour=layout.GREY)
    changed = [
        scorecard_name(line) + f": {line['since_publication']}"
        for line in _card_lines(d, card)
        if line.get("since_publication")
    ]
    for text in changed[:3]:
        deck.paragraph(text, italic=True, colour=layout.GREY)
    if len(changed) > 3:
        deck.paragraph(f"… and {len(changed) - 3} more lines changed since publication.")


def _card_lines(d: PackData, card: dict) -> list[dict]:
    return [
        x
        for x in frames.plain_records(d.lines)
        if x["vendor"] == card["vendor"] and x["program"] == card["program"]
    ]


def scorecard_small(line: dict) -> bool:
    return privacy.small_line(line)


# --- trends ---------------------------------------------------------------------------------------

TREND_GRID = [14.0, 14.0, 14.0, 21.0, 6.0, 14.0, 14.0, 14.0, 21.0]
TREND_HEADER = ["Period", "Actual", "Expected", presentation.LIMIT_HEADER]


def _trend_keys(d: PackData) -> list[tuple[str, str | None]]:
    """The whole vendor's KPIs (and channels) on this period's scorecard, those that most need
    attention first (fewest points, then the heaviest weight), then the rest in card order."""
    lines = d.trend
    have = {
        (k, c if isinstance(c, str) else None)
        for k, c in zip(lines["kpi"], lines["channel"], strict=True)
    }
    current = [x for x in frames.plain_records(d.lines) if x["program"] is None]
    keyed = [((x["kpi"], x["channel"]), x) for x in current if (x["kpi"], x["channel"]) in have]
    order = sorted(
        range(len(keyed)),
        key=lambda i: (
            keyed[i][1]["points"] if keyed[i][1]["points"] is not None else 101.0,
            -(keyed[i][1]["weight"] or 0),
            i,
        ),
    )
    keys = list(dict.fromkeys(keyed[i][0] for i in order))
    return keys or sorted(have, key=lambda k: (k[0], k[1] or ""))


def _trend_series(d: PackData, kpi: str, channel: str | None) -> tuple[str, dict]:
    lines = d.trend
    mask = [
        k == kpi and (c if isinstance(c, str) else None) == channel
        for k, c in zip(lines["kpi"], lines["channel"], strict=True)
    ]
    sub = lines[mask]
    name = sub["kpi_name"].iloc[0] + (f" ({channel})" if channel else "")
    return name, {r["period"]: r for r in frames.plain_records(sub)}


def _finding(d: PackData, name: str, by_period: dict, short: bool = False) -> str:
    labels = d.trend_periods
    now = by_period.get(labels[-1])
    before = by_period.get(labels[-2]) if len(labels) > 1 else None
    prev = labels[-2] if len(labels) > 1 else ""
    return titles.kpi_finding(name, now, before, labels[-1], prev, short=short)


def _trend_title(d: PackData, keys) -> str:
    series = [_trend_series(d, k, c) for k, c in keys]
    return titles.trends(
        [_finding(d, *x) for x in series], [_finding(d, *x, short=True) for x in series]
    )


def _trends(deck: Deck, d: PackData) -> None:
    if d.vendor is None:
        return _portfolio_trend(deck, d)
    keys = _trend_keys(d)
    first = keys[:2]
    _start(deck, d, "Trends", _trend_title(d, first), TREND_GRID)
    _trend_pair(deck, d, first)
    if not first:
        deck.paragraph("No KPI trend: no scorecard in force in this period.")


def _more_trends(deck: Deck, d: PackData) -> None:
    if d.vendor is None:
        return
    rest = _trend_keys(d)[2:]
    for i in range(0, len(rest), 2):
        pair = rest[i : i + 2]
        name = TREND_SHEET if i == 0 else f"{TREND_SHEET} ({i // 2 + 1})"
        deck.slide(name, _trend_title(d, pair), TREND_GRID)
        _trend_pair(deck, d, pair)


def _trend_pair(deck: Deck, d: PackData, keys: list[tuple[str, str | None]]) -> None:
    """Two KPIs side by side: the finding, a native line chart (actual, expected, worse limit)
    and the table it reads."""
    s = deck.current
    n = len(d.trend_periods)
    monthly = d.period.kind == "month"
    captions = []
    for i, (kpi, channel) in enumerate(keys):
        name, by_period = _trend_series(d, kpi, channel)
        captions.append((i, kpi, name, by_period))
    # the findings, each over its half
    r = s.row
    height = 0.0
    for i, kpi, name, by_period in captions:
        text = f"{_finding(d, name, by_period)} ({kpi_lines.better(kpi)})."
        first, last = (1, 4) if i == 0 else (6, 9)
        cell = s.put(r, first, text, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        s.merge(r, first, last)
        lines = layout.lines_needed(text, s.span_pt(first, last), BODY, True)
        height = max(height, layout.row_height(lines, BODY))
    s.set_height(r, height)
    s.row += 1
    # the chart as tall as its kind wants, or as the page leaves above the table
    table_h = layout.row_height(1, SMALLEST) - 2  # one line each, a little tighter
    chart_h = min(CHART_HEIGHT[d.period.kind], s.room() - 4 - (n + 1) * table_h)
    chart_row = s.row
    s.set_height(chart_row, chart_h)
    s.row += 1
    s.gap(4)
    header_row = s.row
    for i, kpi, _name, by_period in captions:
        col = 1 if i == 0 else 6
        for j, h in enumerate(TREND_HEADER):
            c = s.put(header_row, col + j, h, size=SMALLEST, bold=True, colour="FFFFFF")
            c.fill = layout.HEADER_FILL
            c.alignment = Alignment(horizontal="left" if j == 0 else "right", indent=1)
        fmt = number_format(kpi)
        direction = catalogue.kpi(kpi).direction
        for k, label in enumerate(d.trend_periods):
            row = by_period.get(label, {})
            when = periods.parse(label).start if monthly else periods.label(label)
            cell = s.put(header_row + 1 + k, col, when, "mmm yyyy", size=SMALLEST)
            cell.alignment = Alignment(horizontal="left")
            limit = limit_format(fmt, row.get("minimum"), direction)
            for j, (key, f) in enumerate(
                (("actual", fmt), ("expected", fmt), ("minimum", limit)), start=1
            ):
                cell = s.put(header_row + 1 + k, col + j, row.get(key), f, size=SMALLEST)
                cell.alignment = Alignment(horizontal="right")
        chart = _line_chart(None, fmt)  # the finding over it names it
        if monthly:  # 13 months on a date axis: a label a quarter, level
            chart.x_axis = DateAxis(crossAx=100, axId=500)
            chart.x_axis.number_format = "mmm yy"
            chart.x_axis.majorTimeUnit = "months"
            chart.x_axis.majorUnit = 3
            chart.x_axis.delete = False
            chart.x_axis.txPr = _chart_text(BODY)
            chart.y_axis.crossAx = 500
        chart.add_data(
            Reference(
                s.ws, min_col=col + 1, max_col=col + 3, min_row=header_row, max_row=header_row + n
            ),
            titles_from_data=True,
        )
        chart.set_categories(
            Reference(s.ws, min_col=col, min_row=header_row + 1, max_row=header_row + n)
        )
        for series, colour, dash in zip(
            chart.series, CHART_COLOURS[:3], (None, "dash", "sysDot"), strict=True
        ):
            series.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.width = 22000
            if dash:
                series.graphicalProperties.line.dashStyle = dash
            series.smooth = False
        _place(s, chart, chart_row, col, col + 3, chart_h)
    for k in range(n + 1):
        s.set_height(header_row + k, table_h)
    s.row = header_row + n + 1


def _line_chart(title: str | None, fmt: str) -> LineChart:
    chart = LineChart()
    if title:
        chart.title = _chart_title(title)
    chart.y_axis.number_format = fmt
    chart.y_axis.title = None
    chart.legend.position = "b"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for part in (chart.x_axis, chart.y_axis, chart.legend):
        part.txPr = _chart_text(BODY)  # LibreOffice shrinks chart text a little with the chart
    return chart


def _chart_text(size: float) -> RichText:
    """Chart text at ``size`` points, level (never turned)."""
    props = CharacterProperties(sz=int(size * 100))
    return RichText(
        bodyPr=RichTextProperties(rot=0, vert="horz"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)],
    )


def _chart_title(text: str) -> Title:
    props = CharacterProperties(sz=BODY * 100, b=True)
    para = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def _place(s, chart, row: int, first: int, last: int, height_pt: float) -> None:
    """Anchor ``chart`` at ``row`` over grid columns ``first`` … ``last``, as tall as the row."""
    chart.width = (s.span_pt(first, last) - 4) / 28.35  # centimetres
    chart.height = (height_pt - 4) / 28.35
    s.ws.add_chart(chart, f"{get_column_letter(first)}{row}")
    s.charts += 1


def _portfolio_trend(deck: Deck, d: PackData) -> None:
    """The weighted score of every vendor over five quarters: one chart over a table of
    vendors (rows) by quarter (columns)."""
    n = len(d.trend_periods)
    grid = [40.0] + [round((layout.PAGE_UNITS - 40.0) / n, 2)] * n
    s = _start(deck, d, "Trends", titles.portfolio_trend(d), grid)
    scores = {
        (r["vendor"], r["period"]): r["weighted_score"] for r in frames.plain_records(d.trend)
    }
    vendors = list(dict.fromkeys(d.trend["vendor"]))
    chart_row = s.row
    s.set_height(chart_row, 250.0)
    s.row += 1
    s.gap(6)
    cols = [Col("Vendor", most=40)] + [
        Col(periods.label(p), kind="number", fmt=SCORE_FMT) for p in d.trend_periods
    ]
    header_row = s.row
    written = deck.table(
        cols, [[v, *(scores.get((v, p)) for p in d.trend_periods)] for v in vendors]
    )
    chart = _line_chart("Weighted score by vendor", SCORE_FMT)
    sheets = [sl for sl in deck.slides if sl.name.startswith("Trends")]
    for i, row in enumerate(written):
        ws = next(sl.ws for sl in sheets if sl.ws.cell(row, 1).value == safe(vendors[i]))
        series = Series(Reference(ws, min_col=2, max_col=1 + n, min_row=row))
        series.tx = SeriesLabel(strRef=StrRef(f"'{ws.title}'!$A${row}"))
        series.graphicalProperties.line.solidFill = CHART_COLOURS[i % len(CHART_COLOURS)]
        series.graphicalProperties.line.width = 22000
        series.smooth = False
        chart.series.append(series)
    chart.set_categories(Reference(s.ws, min_col=2, max_col=1 + n, min_row=header_row))
    _place(s, chart, chart_row, 1, len(grid), 250.0)


# --- credits ---------------------------------------------------------------------------------------


def _credits(deck: Deck, d: PackData) -> None:
    portfolio = d.vendor is None
    who = [Col("Vendor", most=20)] if portfolio else []
    summary = frames.plain_records(d.credit_summary)
    items = frames.plain_records(d.credit_items)
    defaults = [x for x in frames.plain_records(d.lines) if x["status"] == "default"]
    item_cols = who + [
        Col("Month", kind="date"),
        Col("KPI", most=22),
        Col("Scope", most=16),
        Col("Window", most=10),
        Col("Why", most=22),
        Col("Actual", kind="number", fmt=_by_name(items, 1 + len(who))),
        Col("Expected", kind="number", fmt=_by_name(items, 1 + len(who))),
        Col(presentation.LIMIT_HEADER, kind="number", fmt=[_limit_format(i) for i in items]),
        Col("Credit", kind="number", fmt=[money_format(i["currency"]) for i in items]),
        Col("Earn-back status", most=16),
        Col("Progress", most=18),
    ]
    item_rows = [
        [
            *([i["vendor"]] if portfolio else []),
            i["period"],
            i["kpi_name"],
            ", ".join(x for x in (i["program"], i["channel"]) if x) or "Whole contract",
            i["window"],
            credits.REASONS[i["reason"]],
            i["actual"],
            i["expected"],
            i["minimum"],
            i["amount"],
            credits.STATUS_LABELS[i["status"]],
            f"{i['windows_met']} of {i['earn_back_windows']} windows at expected",
        ]
        for i in items
    ]
    _start(deck, d, "SLA & credits", titles.credits(d), FINE)
    money = [money_format(r["currency"]) for r in summary]
    deck.section("Service credits by month")
    deck.table(
        who
        + [
            Col("Month", kind="date"),
            Col("Invoiced", kind="number", fmt=money),
            Col("At risk", kind="number", fmt=money),
            Col("Credits", kind="number", fmt=money),
            Col("Capped", most=8),
            Col("Pending earn-back", kind="number", fmt=money),
            Col("Earned back", kind="number", fmt=money),
            Col("Final", kind="number", fmt=money),
        ],
        [
            [
                *([r["vendor"]] if portfolio else []),
                r["period"],
                r["invoiced_amount"],
                r["at_risk_amount"],
                r["total"],
                "Yes" if r["capped"] else "No",
                r["pending_earn_back"],
                r["earned_back"],
                r["final"],
            ]
            for r in summary
        ],
        empty="No contract in force in this period.",
    )
    deck.section("SLA defaults and credits, with earn-back status")
    deck.table(item_cols, item_rows, empty="No service credit arose in this period.")
    deck.section("KPIs in default this period (scorecard)")
    deck.table(
        who
        + [
            Col("Scope", most=22),
            Col("KPI", most=30),
            Col("Actual", kind="number", fmt=_by_name(defaults, 1 + len(who))),
            Col(presentation.LIMIT_HEADER, kind="number", fmt=[_limit_format(x) for x in defaults]),
        ],
        [
            [
                *([x["vendor"]] if portfolio else []),
                x["program"] or "Whole vendor",
                scorecard_name(x),
                "< 5" if scorecard_small(x) else x["actual"],
                x["minimum"],
            ]
            for x in defaults
        ],
        empty="No KPI in default.",
    )


def _billing(deck: Deck, d: PackData) -> None:
    """The reconciliation: each month's invoices against what the data supports, credits
    netted; then the lines flagged, largest variance first (the others are within tolerance)."""
    portfolio = d.vendor is None
    who = [Col("Vendor", most=20)] if portfolio else []
    billed = [r for r in d.billing if r["invoices"]]
    missing = [r for r in d.billing if not r["invoices"]]
    money = [money_format(r["currency"]) for r in billed]
    month_cols = who + [
        Col("Month", most=10, least=9),
        Col("Invoiced", kind="number", fmt=money),
        Col("Supported", kind="number", fmt=money),
        Col("Payable", kind="number", fmt=money),
        Col("Credits", kind="number", fmt=money),
        Col("Net payable", kind="number", fmt=money),
        Col("Lines flagged", kind="number", fmt=COUNT_FMT),
    ]
    month_rows = [
        [
            *([r["vendor"]] if portfolio else []),
            periods.label(r["month"]),
            *(
                float(r["totals"][k])
                for k in (
                    "invoiced",
                    "supported",
                    "payable_before_credits",
                    "credits",
                    "net_payable",
                )
            ),
            r["totals"]["flagged"],
        ]
        for r in billed
    ]
    flagged = sorted(
        ((r, x) for r in d.billing for x in r["lines"] if x["flag"]),
        key=lambda rx: -abs(rx[1]["variance"] or 0),
    )
    line_money = [money_format(r["currency"]) for r, _ in flagged]
    line_cols = who + [
        Col("Invoice", most=14),
        Col("Unit", most=14),
        Col("Billed units", kind="number", fmt="#,##0.00"),
        Col("Supported units", kind="number", fmt="#,##0.00"),
        Col("Invoiced", kind="number", fmt=line_money),
        Col("Expected", kind="number", fmt=line_money),
        Col("Variance", kind="number", fmt=line_money),
        Col("Flag", most=22),
    ]
    line_rows = [
        [
            *([r["vendor"]] if portfolio else []),
            f"{x['invoice_no']} / {x['line_no']}",
            x["unit"].replace("_", " "),
            float(x["billed_units"]),
            None if x["supported_units"] is None else float(x["supported_units"]),
            float(x["invoiced"]),
            None if x["expected"] is None else float(x["expected"]),
            None if x["variance"] is None else float(x["variance"]),
            billing.FLAG_WORDS.get(x["flag"], x["flag"]),
        ]
        for r, x in flagged
    ]
    _start(deck, d, "Billing", titles.billing_title(d), FINE)
    deck.section("Invoices against what the KPI data supports, credits netted")
    deck.table(month_cols, month_rows, empty="No invoice recorded in this period.")
    if missing:
        deck.gap(4)
        deck.paragraph(
            "No invoice recorded yet: "
            + "; ".join(
                (f"{r['vendor']}, " if portfolio else "") + periods.label(r["month"])
                for r in missing
            )
            + ".",
            italic=True,
            colour=layout.GREY,
        )
    deck.section("Lines flagged (past the contract's tolerance, or not in the KPI data)")
    deck.table(line_cols, line_rows, empty="Every invoice line is within tolerance.")


def scorecard_name(line: dict) -> str:
    return line["kpi_name"] + (f" ({line['channel']})" if line.get("channel") else "")


def _by_name(lines: list[dict], name_at: int):
    """A per-row number format: the KPI named in column ``name_at`` of the row."""
    by_name = {scorecard_name(x): number_format(x["kpi"]) for x in lines}
    by_name.update({x["kpi_name"]: number_format(x["kpi"]) for x in lines})
    return lambda values: by_name.get(values[name_at])


# --- escalations ---------------------------------------------------------------------------------


def _escalations(deck: Deck, d: PackData) -> None:
    counts = escalation_counts(d.escalations, d.period)
    portfolio = d.vendor is None
    when = d.as_of_text
    cols = (
        [Col("#", kind="number", fmt=COUNT_FMT, least=4)]
        + ([Col("Vendor", most=18)] if portfolio else [])
        + [
            Col("State", most=16),
            Col("Scope", most=16),
            Col("Category", most=14),
            Col("Title", most=34),
            Col("Raised", kind="date", fmt=DATE_FMT),
            Col("Age", most=12),
            Col("Targets", most=16),
            Col("Suggestion", most=30),
        ]
    )
    active = titles.open_escalations(d.escalations)
    rows = [
        [
            r["escalation_id"],
            *([r["vendor"]] if portfolio else []),
            f"{r['severity']} · {r['level']} · {r['status']}",
            ", ".join(x for x in (r["program"], r["site"]) if x) or "Whole vendor",
            escalations.CATEGORY_LABELS.get(r["category"], r["category"]),
            r["title"],
            r["raised_at"],
            r["age"],
            f"Response {r['response'].lower()}; resolution {r['resolution'].lower()}",
            r["suggestion"],
        ]
        for r in active
    ]
    _start(deck, d, "Escalations", titles.escalation_title(d, counts), FINE)
    hot = sum(r["severity"] in ("P1", "P2") for r in active)
    deck.tiles(
        [
            (f"Raised in {periods.label(d.period)}", counts["opened"], COUNT_FMT, "escalations"),
            (
                f"Closed in {periods.label(d.period)}",
                counts["closed"],
                COUNT_FMT,
                "resolved or closed",
            ),
            (f"Open at {when}", counts["open"], COUNT_FMT, f"{hot} of them P1 or P2"),
            ("Past a target", counts["breached"], COUNT_FMT, "response or resolution"),
        ]
    )
    deck.section(f"Open at {when}, by age and severity")
    deck.table(
        [Col("Age", most=16)]
        + [Col(x, kind="number", fmt=COUNT_FMT, most=8) for x in escalations.SEVERITIES]
        + [Col("Total", kind="number", fmt=COUNT_FMT, most=8)],
        [
            [age, *(g[x] for x in escalations.SEVERITIES), sum(g.values())]
            for age, g in counts["grid"].items()
        ],
    )
    deck.section(f"Escalations open at {when}, most severe first")
    deck.table(cols, rows, empty=f"No escalation was open at {when}.")


# --- action items -------------------------------------------------------------------------------


def _actions(deck: Deck, d: PackData) -> None:
    portfolio = d.vendor is None
    cols = ([Col("Vendor", most=18)] if portfolio else []) + [
        Col("Action", most=48),
        Col("Owner side", most=8),
        Col("Owner", most=22),
        Col("Due", kind="date", fmt=DATE_FMT),
        Col("Status", most=11),
        Col("Overdue", most=8),
        Col("Completed", kind="date", fmt=DATE_FMT),
        Col("Meeting", most=22),
    ]
    groups = []
    for group in ("Open", "Due", "Done since last review"):
        part = d.actions[d.actions["group"] == group]
        rows = [
            [
                *([r["vendor"]] if portfolio else []),
                r["description"],
                r["owner_side"],
                r["owner"],
                r["due_date"],
                r["status"].replace("_", " "),
                "Yes" if r["overdue"] else "No",
                r["completed_at"],
                r["meeting"] or "",
            ]
            for r in frames.plain_records(part)
        ]
        groups.append((group, rows))
    every = [r for _, rows in groups for r in rows]
    _start(deck, d, "Action items", titles.actions(d), layout.allot(cols, every))
    labels = {
        "Open": f"Open at {d.as_of_text}",
        "Due": f"Due by {periods.month_end(periods.add_months(d.period.end, 1)):%d %b %Y}",
        "Done since last review": "Done since the last review",
    }
    for group, rows in groups:
        deck.section(f"{labels[group]} ({len(rows)})", keep=60)
        deck.table(cols, rows)


# --- health and people ----------------------------------------------------------------------------

PEOPLE_COLS = [
    Col("Vendor", most=16),
    Col("Program", most=18),
    Col("Average headcount", kind="number", fmt="#,##0"),
    Col("Leavers", kind="number", fmt="#,##0"),
    Col("New hires", kind="number", fmt="#,##0"),
    Col("Early leavers", kind="number", fmt="#,##0"),
    Col("Attrition", kind="number", fmt="0.0%"),
    Col("Early-tenure attrition", kind="number", fmt="0.0%"),
    Col("Trained", kind="number", fmt="#,##0"),
    Col("Assigned", kind="number", fmt="#,##0"),
    Col("Training completion", kind="number", fmt="0.0%"),
]


def _health(deck: Deck, d: PackData) -> None:
    p = d.people
    scope = "program" if "program" in p.columns else None
    rows = [
        [
            r["vendor"],
            (r.get(scope) or "All programs") if scope else "All programs",
            r["headcount"],
            r["leavers"],
            r["new_hires"],
            r["early_leavers"],
            r["attrition"],
            r["early_attrition"],
            r["trained"],
            r["training_assigned"],
            r["training_completion"],
        ]
        for r in frames.plain_records(p)
    ]
    grid = layout.allot(PEOPLE_COLS, rows)  # the people table column by column, health over it
    _start(deck, d, "Health & people", titles.health(d), grid)
    t = health.table(d.health)
    months = f"the {health.WINDOW_MONTHS} months to {d.period.end:%b %Y}"
    deck.section(f"Vendor health: leading signals over {months}")
    deck.table(
        [
            Col("Vendor", most=16),
            Col("Program", most=18),
            Col("Status", most=12),
            Col("Reasons", most=80),
            Col("Projected breach", most=11),
        ],
        t.values.tolist(),
    )
    note = packdata.standing_note(d)
    if note:
        deck.gap(4)
        deck.paragraph(note, italic=True, colour=layout.GREY)
    deck.section(
        f'People in {periods.label(d.period)} (aggregates; fewer than 5 people shown as "< 5")'
    )
    if p.empty:
        deck.paragraph("No people data in this period.")
        return
    deck.table(PEOPLE_COLS, rows)


# --- the stakeholder survey (quarterly packs) ------------------------------------------------

RATING_FMT = "0.00"
RATING_CHANGE_FMT = "+0.00;-0.00;0.00"
COMMENTS_SHOWN = 6


def _relationship(deck: Deck, d: PackData) -> None:
    """The quarter's stakeholder survey: the vendor's score by dimension against the quarter
    before, and what stakeholders said; the portfolio's vendors side by side. A quarter of fewer
    than three respondents shows no figure and no comment."""
    if d.period.kind != "quarter":
        return
    if d.vendor is None:
        _relationship_portfolio(deck, d)
        return
    [s] = d.relationship
    cols = [
        Col("Dimension", most=30),
        Col(periods.label(d.period), kind="number", fmt=RATING_FMT),
        Col("Quarter before", kind="number", fmt=RATING_FMT),
        Col("Change", kind="number", fmt=RATING_CHANGE_FMT),
        Col("Ratings", kind="number", fmt="#,##0"),
    ]
    rows = [
        [
            x["name"],
            x["mean"],
            x["previous"],
            None if x["mean"] is None or x["previous"] is None else x["mean"] - x["previous"],
            x["ratings"] or None,
        ]
        for x in s["dimensions"]
    ]
    _start(deck, d, "Relationship", titles.relationship(d), layout.allot(cols, rows))
    if s["withheld"] or not s["respondents"]:
        deck.paragraph(
            "Nobody has answered this quarter's stakeholder survey yet."
            if not s["respondents"]
            else f"{s['respondents']} stakeholders answered, fewer than "
            f"{survey.MIN_RESPONDENTS}: the score, its dimensions and the comments are withheld "
            "so that no one's answer can be told apart."
        )
        return
    target = _relationship_target(d)
    deck.tiles(
        [
            ("Relationship score", s["score"], RATING_FMT, "of 5, every rating"),
            (
                "Previous quarter",
                _or_dash(s["previous_score"]),
                RATING_FMT,
                periods.label(periods.shift(d.period, -1)),
            ),
            ("Stakeholders", s["respondents"], "#,##0", "answered, by role"),
            (
                "Contract target",
                _or_dash(target),
                RATING_FMT,
                "expected level" if target is not None else "not scored in the contract",
            ),
        ]
    )
    deck.section("By dimension (1 poor – 5 excellent)")
    deck.table(cols, rows)
    said = s["comments"]
    if said:
        deck.section(f"What stakeholders said ({len(said)})", keep=60)
        for comment in said[:COMMENTS_SHOWN]:
            deck.paragraph(f"“{comment}”")
        if len(said) > COMMENTS_SHOWN:
            deck.paragraph(
                f"and {len(said) - COMMENTS_SHOWN} more on the Stakeholder survey page",
                italic=True,
                colour=layout.GREY,
            )


def _or_dash(value):
    return "—" if value is None else value


def _relationship_target(d: PackData) -> float | None:
    lines = d.lines
    found = lines[(lines["kpi"] == survey.RELATIONSHIP) & lines["program"].isna()]
    return None if found.empty else frames.plain_value(found["expected"].iloc[0])


def _relationship_portfolio(deck: Deck, d: PackData) -> None:
    cols = [
        Col("Vendor", most=24),
        Col("Relationship score", kind="number", fmt=RATING_FMT),
        Col("Quarter before", kind="number", fmt=RATING_FMT),
        Col("Change", kind="number", fmt=RATING_CHANGE_FMT),
        Col("Stakeholders", kind="number", fmt="#,##0"),
        Col("Weakest dimension", most=30),
    ]
    rows = []
    for s in d.relationship:
        rated = [x for x in s["dimensions"] if x["mean"] is not None]
        weakest = min(rated, key=lambda x: x["mean"]) if len(rated) > 1 else None
        score, before = s["score"], s["previous_score"]
        rows.append(
            [
                s["vendor"],
                "withheld" if s["withheld"] else score,
                before,
                None if score is None or before is None else score - before,
                s["respondents"] or None,
                "" if weakest is None else f"{weakest['name']} ({weakest['mean']:.2f})",
            ]
        )
    _start(deck, d, "Relationship", titles.relationship(d), layout.allot(cols, rows))
    deck.table(cols, rows)
    deck.gap(4)
    deck.paragraph(
        f"The client's stakeholders rate each vendor 1 to 5 on responsiveness, quality of "
        f"reporting, proactivity and partnership; fewer than {survey.MIN_RESPONDENTS} "
        "respondents: withheld.",
        italic=True,
        colour=layout.GREY,
    )


# --- compliance and calendar ------------------------------------------------------------------


def _compliance(deck: Deck, d: PackData) -> None:
    portfolio = d.vendor is None
    who = [Col("Vendor", most=18)] if portfolio else []
    _start(deck, d, "Compliance & calendar", titles.compliance(d), FINE)
    when = d.as_of_text
    deck.section(f"Attestations at {when}")
    deck.table(
        who
        + [
            Col("Attestation", most=30),
            Col("Issued", kind="date", fmt=DATE_FMT),
            Col("Expires", kind="date", fmt=DATE_FMT),
            Col("Status", most=12),
        ],
        [
            [
                *([r["vendor"]] if portfolio else []),
                r["kind"],
                r.get("issued"),
                r.get("expires"),
                r["status"],
            ]
            for r in frames.plain_records(d.attestations)
        ],
        empty="No attestation on record.",
    )
    deck.section("Contract dates")
    deck.table(
        who
        + [
            Col("Contract", most=40),
            Col("What", most=16),
            Col("Date", kind="date", fmt=DATE_FMT),
            Col(f"Days from {when}", kind="number", fmt=COUNT_FMT),
        ],
        [
            [*([r["vendor"]] if portfolio else []), r["contract"], r["kind"], r["date"], r["days"]]
            for r in frames.plain_records(d.contract_dates)
        ],
        empty="No contract date.",
    )
    deck.section(f"Calendar: overdue at {when} or due in the 90 days after")
    deck.table(
        [Col("Date", kind="date", fmt=DATE_FMT)]
        + who
        + [
            Col("Kind", most=14),
            Col("What", most=60),
            Col("Status", most=9),
            Col("Days", kind="number", fmt=COUNT_FMT, least=7),
        ],
        [
            [
                r["date"],
                *([r["vendor"]] if portfolio else []),
                r["kind"],
                r["what"],
                r["status"],
                r["days"],
            ]
            for r in frames.plain_records(d.calendar)
        ],
        empty="Nothing due or overdue.",
    )


# --- appendix -----------------------------------------------------------------------------------


APPENDIX_HEADERS = {"asa": "ASA", "aht": "AHT", "fcr": "FCR", "csat": "CSAT"}
APPENDIX_NOTE = (
    "ASA: average speed of answer; AHT: average handle time; FCR: first contact resolution; "
    "CSAT: customer satisfaction."
)


def _appendix(deck: Deck, d: PackData) -> None:
    a = d.appendix
    # the vendor's own pack names it in every subtitle: its appendix starts at the program
    dims = [c for c in ("vendor", "program", "site", "channel") if c in a.columns]
    shown = dims if d.vendor is None else dims[1:]
    cols = (
        [Col("Month", kind="date", fmt="mmm yyyy")]
        + [Col(x.title(), most=16) for x in shown]
        + [Col("Offered", kind="number", fmt="#,##0"), Col("Answered", kind="number", fmt="#,##0")]
        + [
            Col(APPENDIX_HEADERS.get(k, catalogue.kpi(k).name), kind="number", fmt=number_format(k))
            for k in APPENDIX_KPIS
        ]
    )
    rows = [
        [
            r["period"],
            *(r[x] or "" for x in shown),
            r["offered"],
            r["answered"],
            *(r[k] for k in APPENDIX_KPIS),
        ]
        for r in frames.plain_records(a)
    ]
    _start(deck, d, "Appendix", titles.appendix(d, dims), layout.allot(cols, rows))
    deck.paragraph(APPENDIX_NOTE, italic=True, colour=layout.GREY)
    deck.table(cols, rows, empty="No KPI data in this period.")
