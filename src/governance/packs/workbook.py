"""Lay a pack (``packs.PackData``) out as an openpyxl workbook: one sheet per slide.

Every sheet is landscape, fits one page wide and tall, has its print area, no gridlines, a title
row (vendor, period, sheet title) and a footer (Confidential, generation date, page). Numbers are
written as numbers with the catalogue's formats; every text is neutralised so that no cell can
become a formula (``safe``).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from governance.kpis import catalogue, frames, privacy
from governance.packs.data import APPENDIX_KPIS, SHEETS, PackData, escalation_counts, number_format
from governance.scoring import credits, health, presentation, scorecard
from governance.workflow import escalations

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
SCORE_FMT = "0.0"
CHANGE_FMT = "+0.0;-0.0;0.0"
MONEY_FMT = "#,##0.00"
DATE_FMT = "yyyy-mm-dd"
COUNT_FMT = "0"
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=16, color="1F3864")
SECTION_FONT = Font(bold=True, size=12, color="1F3864")
CHART_COLS, CHART_ROWS = 8, 16  # the grid cell one trend chart takes
CHART_COL_WIDTH = 11
TEXT_CHARS = 110  # a paragraph of the executive summary wraps at about this many characters
DEFAULT_WIDTH = 10


def safe(value: str) -> str:
    """Text that cannot become a formula: one starting with = + - @ tab or CR gets a ' prefix."""
    return "'" + value if value.startswith(DANGEROUS) else value


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


class Slide:
    """One sheet being written: a cursor, helpers for text and tables, and the print setup."""

    def __init__(self, wb: Workbook, data: PackData, title: str):
        self.ws = wb.create_sheet(title)
        self.data = data
        self.row = 3
        self.max_col = 1
        self.widths: dict[int, int] = {}
        self.fixed: dict[int, float] = {}
        self.extent = (1, 1)  # (rows, cols) covered by charts
        self.paragraphs: list[int] = []  # rows holding a wrapped paragraph
        heading = f"{data.who} · {data.period.label} · {title}"
        self.overflow = 1.6 * len(heading)  # the title row (16 pt), in characters
        self.ws.cell(1, 1, safe(heading)).font = TITLE_FONT
        self.ws.cell(2, 1, safe(f"{data.title} — generated {data.generated:%Y-%m-%d %H:%M}"))
        self.ws.cell(2, 1).font = Font(italic=True, color="595959")

    def put(self, row: int, col: int, value, fmt: str | None = None, *, measure: bool = True):
        cell = self.ws.cell(row, col)
        if _blank(value):
            cell.value = None
        elif isinstance(value, str):
            cell.value = safe(value)
            cell.data_type = "s"
        elif isinstance(value, bool):
            cell.value = "Yes" if value else "No"
        elif isinstance(value, pd.Timestamp):
            cell.value = value.to_pydatetime()
            cell.number_format = fmt or DATE_FMT
        elif isinstance(value, (datetime, date)):
            cell.value = value
            cell.number_format = fmt or (
                DATE_FMT + " hh:mm" if isinstance(value, datetime) else DATE_FMT
            )
        else:
            cell.value = value.item() if hasattr(value, "item") else value
            if fmt:
                cell.number_format = fmt
        self.max_col = max(self.max_col, col)
        if measure and cell.value is not None:
            n = len(str(cell.value)) if isinstance(cell.value, str) else 12
            self.widths[col] = max(self.widths.get(col, 0), min(n, 60))
        return cell

    def section(self, text: str) -> None:
        self.row += 1
        self.put(self.row, 1, text, measure=False).font = SECTION_FONT
        self.row += 1

    def text(self, text: str) -> None:
        """A paragraph: wrapped over the slide's width, the row as tall as its lines."""
        cell = self.put(self.row, 1, text, measure=False)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.ws.row_dimensions[self.row].height = 15 * (1 + len(text) // TEXT_CHARS)
        self.paragraphs.append(self.row)
        self.overflow = max(self.overflow, TEXT_CHARS)
        self.row += 1

    def table(self, header: list[str], rows: list[list], fmts: list | None = None, col: int = 1):
        """Write a header and rows from column ``col``; ``fmts`` per column (or per cell as a
        callable(row) -> format). Returns the first data row."""
        for j, name in enumerate(header):
            c = self.put(self.row, col + j, name)
            c.fill, c.font = HEADER_FILL, HEADER_FONT
        self.row += 1
        first = self.row
        for values in rows:
            for j, value in enumerate(values):
                fmt = fmts[j] if fmts else None
                if callable(fmt):
                    fmt = fmt(values)
                self.put(self.row, col + j, value, fmt)
            self.row += 1
        if not rows:
            self.put(self.row, col, "None.", measure=False)
            self.row += 1
        return first

    def finish(self) -> None:
        ws = self.ws
        for col, width in self.widths.items():
            ws.column_dimensions[get_column_letter(col)].width = max(8, width + 2)
        for col, width in self.fixed.items():
            ws.column_dimensions[get_column_letter(col)].width = width
        last_row = max(self.row, self.extent[0])
        last_col = max(self.max_col, self.extent[1])
        # widen the slide until text that runs past its table (title, paragraphs) fits on it
        total = 0.0
        for col in range(1, 200):
            letter = get_column_letter(col)
            if col not in self.widths and col not in self.fixed:
                ws.column_dimensions[letter].width = DEFAULT_WIDTH
            total += ws.column_dimensions[letter].width
            if col >= last_col and total >= self.overflow:
                last_col = col
                break
        for row in self.paragraphs:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
        ws.sheet_view.showGridLines = False
        ws.print_options.gridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
        ws.oddFooter.left.text = "Confidential"
        ws.oddFooter.center.text = f"Generated {self.data.generated:%Y-%m-%d}"
        ws.oddFooter.right.text = "Page &P of &N"


def build(data: PackData) -> Workbook:
    """The pack's workbook: the sheets of ``packs.SHEETS`` in order."""
    wb = Workbook()
    wb.remove(wb.active)
    writers = (
        _cover,
        _executive,
        _scorecard,
        _trends,
        _credits,
        _escalations,
        _actions,
        _health,
        _compliance,
        _appendix,
    )
    for title, write in zip(SHEETS, writers, strict=True):
        slide = Slide(wb, data, title)
        write(slide, data)
        slide.finish()
    wb.properties.title = f"{data.title}: {data.who}, {data.period.label}"
    wb.properties.creator = "Vendor governance"
    return wb


def to_bytes(data: PackData) -> bytes:
    buf = io.BytesIO()
    build(data).save(buf)
    return buf.getvalue()


def save(data: PackData, path: str | Path) -> Path:
    path = Path(path)
    build(data).save(path)
    return path


# --- slides --------------------------------------------------------------------------------------


def _cover(s: Slide, d: PackData) -> None:
    s.row = 5
    s.put(s.row, 2, d.title, measure=False).font = Font(bold=True, size=28, color="1F3864")
    s.row += 2
    s.put(s.row, 2, d.who, measure=False).font = Font(bold=True, size=20)
    s.row += 1
    span = f"{d.period.label} ({d.period.start:%d %b %Y} – {d.period.end:%d %b %Y})"
    s.put(s.row, 2, span, measure=False).font = Font(size=14)
    s.row += 2
    contracts = [c for c in d.summary["contract"].dropna().unique()] if not d.summary.empty else []
    if d.vendor and contracts:
        s.put(s.row, 2, "Contract: " + ", ".join(map(str, contracts)), measure=False)
        s.row += 1
    s.put(s.row, 2, f"Generated {d.generated:%Y-%m-%d %H:%M}", measure=False)
    s.row += 1
    s.put(s.row, 2, "Confidential: for the review's participants only.", measure=False)
    s.row += 2
    s.put(s.row, 2, "Contents", measure=False).font = SECTION_FONT
    for i, name in enumerate(SHEETS[1:], start=1):
        s.put(s.row + i, 2, f"{i}. {name}", measure=False)
    s.row += len(SHEETS)
    s.fixed = {1: 4, 2: 40}
    s.extent = (s.row, 10)


def _executive(s: Slide, d: PackData) -> None:
    if d.vendor:
        whole = d.summary[d.summary["program"].isna()]
        rec = frames.plain_records(whole)[0] if not whole.empty else None
        s.section("Score")
        rows = []
        if rec:
            rows = [
                ["Weighted score", rec["weighted_score"], SCORE_FMT],
                ["Standing", rec["standing"] or "No data", None],
                ["Change vs previous period", rec.get("change"), CHANGE_FMT],
                ["Rolling three periods", rec.get("rolling_three"), SCORE_FMT],
                ["Rank among vendors", rec.get("rank"), COUNT_FMT],
                ["KPIs without data", rec["kpis_without_data"], COUNT_FMT],
            ]
            rows = [r for r in rows if r[0] != "Rank among vendors" or r[1] is not None]
        s.table(["Measure", "Value"], [r[:2] for r in rows], [None, lambda r: _fmt_of(rows, r)])
    else:
        s.section("Scores")
        rows = [
            [r["vendor"], r["weighted_score"], r["standing"] or "No data", r.get("change")]
            for r in frames.plain_records(d.summary)
        ]
        s.table(
            ["Vendor", "Weighted score", "Standing", "Change"],
            rows,
            [None, SCORE_FMT, None, CHANGE_FMT],
        )
    s.section("Highlights")
    for h in d.highlights:
        s.text("• " + h)


def _fmt_of(rows, row) -> str | None:
    for label, _, fmt in rows:
        if label == row[0]:
            return fmt
    return None


def _scorecard(s: Slide, d: PackData) -> None:
    header = [
        "Scope",
        "KPI",
        "Channel",
        "Status",
        "Actual",
        "Expected",
        "Minimum",
        "Points",
        "Weight",
        "Tier",
        "Target version",
    ]
    if d.vendor is None:
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
            ]
            for r in frames.plain_records(d.summary)
        ]
        s.table(
            [
                "Vendor",
                "Weighted score",
                "Standing",
                "Change",
                "Rolling three",
                "Rank",
                "KPIs scored",
                "KPIs without data",
                "KPIs in default",
            ],
            rows,
            [
                None,
                SCORE_FMT,
                None,
                CHANGE_FMT,
                SCORE_FMT,
                COUNT_FMT,
                COUNT_FMT,
                COUNT_FMT,
                COUNT_FMT,
            ],
        )
        s.section("KPIs by vendor")
    for card, lines in presentation.by_card(scorecard.Scorecards(d.period, d.summary, d.lines)):
        scope = card["program"] or "Whole vendor"
        label = scope if d.vendor else card["vendor"]
        score = card["weighted_score"]
        s.put(s.row, 1, label).font = Font(bold=True)
        s.put(s.row, 2, "Weighted score").font = Font(bold=True)
        s.put(s.row, 4, score, SCORE_FMT).font = Font(bold=True)
        s.put(s.row, 5, card["standing"] or "No data").font = Font(bold=True)
        s.row += 1
        for j, name in enumerate(header):
            c = s.put(s.row, 1 + j, name)
            c.fill, c.font = HEADER_FILL, HEADER_FONT
        s.row += 1
        for line in frames.plain_records(lines):
            fmt = number_format(line["kpi"])
            style = presentation.STATUS_STYLES[line["status"]]
            small = scorecard_small(line)
            values = [
                label,
                line["kpi_name"],
                line["channel"] or "",
                style.text,
                "< 5" if small else line["actual"],
                line["expected"],
                line["minimum"],
                line["points"],
                line["weight"],
                line["tier"],
                f"v{line['target_version']}"
                + (f" (amendment #{line['amendment_id']})" if line["amendment_id"] else ""),
            ]
            fmts = [None, None, None, None, fmt, fmt, fmt, SCORE_FMT, "0.##", None, None]
            for j, (v, f) in enumerate(zip(values, fmts, strict=True)):
                s.put(s.row, 1 + j, v, f)
            cell = s.ws.cell(s.row, 4)
            cell.fill = PatternFill("solid", fgColor=style.colour.lstrip("#"))
            cell.font = Font(bold=True, color=style.text_colour.lstrip("#"))
            cell.alignment = Alignment(horizontal="center")
            s.row += 1
        s.row += 1


def scorecard_small(line: dict) -> bool:
    return privacy.small_line(line)


def _trends(s: Slide, d: PackData) -> None:
    if d.vendor is None:
        return _portfolio_trend(s, d)
    lines = d.trend
    keys = list(
        dict.fromkeys(
            (k, c if isinstance(c, str) else None)
            for k, c in zip(lines["kpi"], lines["channel"], strict=True)
        )
    )
    # only the KPIs on this period's scorecard, in its order
    current = [
        (k, c if isinstance(c, str) else None)
        for k, c, p in zip(d.lines["kpi"], d.lines["channel"], d.lines["program"], strict=True)
        if not isinstance(p, str)
    ]
    keys = [k for k in dict.fromkeys(current) if k in keys] or keys
    n = len(d.trend_periods)
    block = max(CHART_ROWS, n + 3)
    top = 4
    for i, (kpi, channel) in enumerate(keys):
        mask = [
            k == kpi and (c if isinstance(c, str) else None) == channel
            for k, c in zip(lines["kpi"], lines["channel"], strict=True)
        ]
        sub = lines[mask]
        by_period = {r["period"]: r for r in frames.plain_records(sub)}
        name = sub["kpi_name"].iloc[0] + (f" ({channel})" if channel else "")
        band, side = divmod(i, 2)
        col = 1 + side * (4 + CHART_COLS + 1)
        row = top + band * block
        s.put(row, col, name, measure=False).font = Font(bold=True)
        for j, h in enumerate(["Period", "Actual", "Expected", "Minimum"]):
            c = s.put(row + 1, col + j, h)
            c.fill, c.font = HEADER_FILL, HEADER_FONT
        fmt = number_format(kpi)
        for k, label in enumerate(d.trend_periods):
            r = by_period.get(label, {})
            s.put(row + 2 + k, col, label)
            for j, key in enumerate(("actual", "expected", "minimum"), start=1):
                s.put(row + 2 + k, col + j, r.get(key), fmt)
        chart = LineChart()
        chart.title = name
        chart.y_axis.number_format = fmt
        chart.y_axis.title = None
        chart.height, chart.width = 7.5, CHART_COLS * 2.1
        data = Reference(
            s.ws, min_col=col + 1, max_col=col + 3, min_row=row + 1, max_row=row + 1 + n
        )
        cats = Reference(s.ws, min_col=col, min_row=row + 2, max_row=row + 1 + n)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        for series, colour, dash in zip(
            chart.series, ("0072B2", "009E73", "D55E00"), (None, "dash", "sysDot"), strict=True
        ):
            series.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.width = 22000
            if dash:
                series.graphicalProperties.line.dashStyle = dash
            series.smooth = False
        chart.legend.position = "b"
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        s.ws.add_chart(chart, f"{get_column_letter(col + 5)}{row}")
        for c in range(col + 5, col + 5 + CHART_COLS):
            s.fixed[c] = CHART_COL_WIDTH
        s.extent = (max(s.extent[0], row + block), max(s.extent[1], col + 4 + CHART_COLS))
    s.row = max(s.row, s.extent[0])


def _portfolio_trend(s: Slide, d: PackData) -> None:
    summary = d.trend
    vendors = list(dict.fromkeys(summary["vendor"]))
    scores = {
        (r["vendor"], r["period"]): r["weighted_score"] for r in frames.plain_records(summary)
    }
    s.put(s.row, 1, "Weighted score by quarter", measure=False).font = Font(bold=True)
    s.row += 1
    header_row = s.row
    first = s.table(
        ["Quarter", *vendors],
        [[p, *(scores.get((v, p)) for v in vendors)] for p in d.trend_periods],
        [None, *([SCORE_FMT] * len(vendors))],
    )
    n = len(d.trend_periods)
    chart = LineChart()
    chart.title = "Weighted score by vendor"
    chart.y_axis.number_format = SCORE_FMT
    chart.height, chart.width = 12, 24
    chart.add_data(
        Reference(
            s.ws, min_col=2, max_col=1 + len(vendors), min_row=header_row, max_row=first + n - 1
        ),
        titles_from_data=True,
    )
    chart.set_categories(Reference(s.ws, min_col=1, min_row=first, max_row=first + n - 1))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    anchor_row = s.row + 1
    s.ws.add_chart(chart, f"A{anchor_row}")
    s.extent = (anchor_row + 25, max(s.max_col, 12))


def _credits(s: Slide, d: PackData) -> None:
    s.section("Service credits by month")
    rows = [
        [
            r["vendor"],
            r["period"],
            r["invoiced_amount"],
            r["at_risk_amount"],
            r["total"],
            "Yes" if r["capped"] else "No",
            r["pending_earn_back"],
            r["earned_back"],
            r["final"],
        ]
        for r in frames.plain_records(d.credit_summary)
    ]
    s.table(
        [
            "Vendor",
            "Month",
            "Invoiced",
            "At risk",
            "Credits",
            "Capped",
            "Pending earn-back",
            "Earned back",
            "Final",
        ],
        rows,
        [None, None, MONEY_FMT, MONEY_FMT, MONEY_FMT, None, MONEY_FMT, MONEY_FMT, MONEY_FMT],
    )
    s.section("SLA defaults and credits, with earn-back status")
    rows = []
    items = frames.plain_records(d.credit_items)
    for i in items:
        fmt_scope = ", ".join(x for x in (i["program"], i["channel"]) if x) or "Whole contract"
        rows.append(
            [
                i["vendor"],
                i["period"],
                i["kpi_name"],
                fmt_scope,
                i["window"],
                credits.REASONS[i["reason"]],
                i["actual"],
                i["expected"],
                i["minimum"],
                i["amount"],
                credits.STATUS_LABELS[i["status"]],
                f"{i['windows_met']} of {i['earn_back_windows']} windows at expected",
            ]
        )
    s.table(
        [
            "Vendor",
            "Month",
            "KPI",
            "Scope",
            "Window",
            "Why",
            "Actual",
            "Expected",
            "Minimum",
            "Credit",
            "Earn-back status",
            "Progress",
        ],
        rows,
        [None, None, None, None, None, None, *(_by_name(items, 2),) * 3, MONEY_FMT, None, None],
    )
    defaults = [x for x in frames.plain_records(d.lines) if x["status"] == "default"]
    s.section("KPIs in default this period (scorecard)")
    s.table(
        ["Vendor", "Scope", "KPI", "Actual", "Minimum"],
        [
            [
                x["vendor"],
                x["program"] or "Whole vendor",
                scorecard_name(x),
                "< 5" if scorecard_small(x) else x["actual"],
                x["minimum"],
            ]
            for x in defaults
        ],
        [None, None, None, _by_name(defaults, 2), _by_name(defaults, 2)],
    )


def scorecard_name(line: dict) -> str:
    return line["kpi_name"] + (f" ({line['channel']})" if line.get("channel") else "")


def _by_name(lines: list[dict], name_at: int):
    """A per-row number format: the KPI named in column ``name_at`` of the row."""
    by_name = {scorecard_name(x): number_format(x["kpi"]) for x in lines}
    return lambda values: by_name.get(values[name_at])


def _escalations(s: Slide, d: PackData) -> None:
    counts = escalation_counts(d.escalations, d.period)
    s.section(f"Escalations in {d.period.label}")
    s.table(
        ["Measure", "Count"],
        [
            ["Opened", counts["opened"]],
            ["Closed or resolved", counts["closed"]],
            ["Open now", counts["open"]],
        ],
        [None, COUNT_FMT],
    )
    s.section("Open escalations by age and severity")
    s.table(
        ["Age", *escalations.SEVERITIES, "Total"],
        [
            [age, *(g[x] for x in escalations.SEVERITIES), sum(g.values())]
            for age, g in counts["grid"].items()
        ],
        [None, *([COUNT_FMT] * (len(escalations.SEVERITIES) + 1))],
    )
    s.section("Open escalations")
    active = d.escalations[d.escalations["status"].isin(escalations.ACTIVE)]
    rows = [
        [
            int(r["escalation_id"]),
            r["vendor"],
            r["severity"],
            escalations.LEVEL_LABELS[r["level"]],
            r["status"],
            r["program"] or "",
            r["site"] or "",
            escalations.CATEGORY_LABELS.get(r["category"], r["category"]),
            r["title"],
            r["raised_at"],
            r["age"],
            r["response"],
            r["resolution"],
            r["suggestion"],
        ]
        for r in frames.plain_records(active)
    ]
    s.table(
        [
            "#",
            "Vendor",
            "Severity",
            "Level",
            "Status",
            "Program",
            "Site",
            "Category",
            "Title",
            "Raised",
            "Age",
            "Response",
            "Resolution",
            "Suggestion",
        ],
        rows,
        [COUNT_FMT] + [None] * 8 + [DATE_FMT] + [None] * 4,
    )


def _actions(s: Slide, d: PackData) -> None:
    for group in ("Open", "Due", "Done since last review"):
        part = d.actions[d.actions["group"] == group]
        s.section(f"{group} ({len(part)})")
        rows = [
            [
                r["vendor"],
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
        s.table(
            [
                "Vendor",
                "Action",
                "Owner side",
                "Owner",
                "Due",
                "Status",
                "Overdue",
                "Completed",
                "Meeting",
            ],
            rows,
            [None, None, None, None, DATE_FMT, None, None, DATE_FMT, None],
        )


def _health(s: Slide, d: PackData) -> None:
    s.section("Vendor health (leading signals)")
    t = health.table(d.health)
    s.table(list(t.columns), t.values.tolist())
    s.section(f'People in {d.period.label} (aggregates; fewer than 5 people shown as "< 5")')
    p = d.people
    if p.empty:
        s.text("No people data in this period.")
        return
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
    s.table(
        [
            "Vendor",
            "Program",
            "Average headcount",
            "Leavers",
            "New hires",
            "Early leavers",
            "Attrition",
            "Early-tenure attrition",
            "Trained",
            "Assigned",
            "Training completion",
        ],
        rows,
        [None, None, "#,##0", "#,##0", "#,##0", "#,##0", "0.0%", "0.0%", "#,##0", "#,##0", "0.0%"],
    )


def _compliance(s: Slide, d: PackData) -> None:
    s.section("Attestations")
    a = d.attestations
    rows = [
        [r["vendor"], r["kind"], r.get("issued"), r.get("expires"), r["status"]]
        for r in frames.plain_records(a)
    ]
    s.table(
        ["Vendor", "Attestation", "Issued", "Expires", "Status"],
        rows,
        [None, None, DATE_FMT, DATE_FMT, None],
    )
    s.section("Contract dates")
    rows = [
        [r["vendor"], r["contract"], r["kind"], r["date"], r["days"]]
        for r in frames.plain_records(d.contract_dates)
    ]
    s.table(
        ["Vendor", "Contract", "What", "Date", "Days from today"],
        rows,
        [None, None, None, DATE_FMT, COUNT_FMT],
    )
    s.section("Calendar: due or overdue in the next 90 days")
    rows = [
        [r["date"], r["vendor"], r["kind"], r["what"], r["status"], r["days"]]
        for r in frames.plain_records(d.calendar)
    ]
    s.table(
        ["Date", "Vendor", "Kind", "What", "Status", "Days"],
        rows,
        [DATE_FMT, None, None, None, None, COUNT_FMT],
    )


def _appendix(s: Slide, d: PackData) -> None:

    a = d.appendix
    dims = [c for c in ("vendor", "program", "site", "channel") if c in a.columns]
    names = [catalogue.kpi(k).name for k in APPENDIX_KPIS]
    s.section("Monthly KPIs by " + " / ".join(dims[1:] or ["vendor"]))
    rows = [
        [
            r["period"],
            *(r[x] or "" for x in dims),
            r["offered"],
            r["answered"],
            *(r[k] for k in APPENDIX_KPIS),
        ]
        for r in frames.plain_records(a)
    ]
    s.table(
        ["Month", *(x.title() for x in dims), "Offered", "Answered", *names],
        rows,
        [
            "yyyy-mm",
            *([None] * len(dims)),
            "#,##0",
            "#,##0",
            *(number_format(k) for k in APPENDIX_KPIS),
        ],
    )
