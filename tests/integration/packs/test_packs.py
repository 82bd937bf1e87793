"""MBR, QBR and portfolio packs built from the demo and opened again with openpyxl.

What a reader of the pack would notice: the slides in order, each one landscape page at full
size (so no text below 10 pt) with its title stating the finding and a footer, wrapped text in
rows tall enough for it, headers aligned like their numbers, at most two native charts a slide
that read cells of the workbook, numbers that are numbers and equal the ``scorecard``
command's, everything as of the period's end (escalations raised later left out, the calendar
counted from the end), and no cell that turns text into a formula. The printed pages are
checked in ``test_pack_render``.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl.chart import LineChart
from openpyxl.utils import column_index_from_string, get_column_letter

from governance import cli, demo, packs
from governance.access.actors import Actor
from governance.kpis import catalogue
from governance.packs import titles, workbook
from governance.scoring import presentation
from governance.store import db
from governance.workflow import escalations

from . import sheets

VENDOR = "Bluebird BPO"
EVIL = '=HYPERLINK("http://example.invalid","x")'
NOW = datetime(2026, 10, 20, 9, 0)


LATE = "Raised after the quarter ended"
RESOLVED_LATER = "Open at the quarter's end, resolved in October"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("packs") / "governance.duckdb"
    manager = Actor("vince@client.example", "vendor_manager")
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=path.parent / "x"
        )
        escalations.raise_escalation(
            con,
            manager,
            vendor=VENDOR,
            category="service_performance",
            severity="P2",
            title=EVIL,
            description="+SUM(1,2) imported text",
            raised_at=datetime(2026, 9, 10, 8, 0),
        )
        escalations.raise_escalation(
            con,
            manager,
            vendor=VENDOR,
            category="relationship",
            severity="P1",
            title=LATE,
            description="Raised on 5 October.",
            raised_at=datetime(2026, 10, 5, 9, 0),
        )
        done = escalations.raise_escalation(
            con,
            manager,
            vendor=VENDOR,
            category="billing",
            severity="P3",
            title=RESOLVED_LATER,
            description="Raised on 20 September, resolved on 3 October.",
            raised_at=datetime(2026, 9, 20, 9, 0),
        )
        escalations.resolve(
            con,
            manager,
            done,
            expected_version=escalations.get(con, done)["version"],
            root_cause="A rate card was out of date.",
            resolution="Invoices reissued.",
            at=datetime(2026, 10, 3, 12, 0),
        )
    return path


def _open(data) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook.to_bytes(data)))


@pytest.fixture(scope="module")
def books(demo_db):
    out = {}
    with db.connect(demo_db) as con:
        for key, period, vendor in (
            ("MBR", "2026-09", VENDOR),
            ("QBR", "2026Q3", VENDOR),
            ("portfolio", "2026Q3", None),
            ("October", "2026-10", VENDOR),  # a month not over at NOW: as of NOW
        ):
            data = packs.gather(con, period, vendor, now=NOW)
            out[key] = (data, _open(data))
    return out


def _sections(wb) -> list[str]:
    return list(dict.fromkeys(re.sub(r" \(\d+\)$", "", n) for n in wb.sheetnames))


@pytest.mark.parametrize("kind", ["MBR", "QBR", "portfolio"])
def test_the_slides_come_in_order_each_one_landscape_page_with_its_footer(books, kind):
    data, wb = books[kind]
    wanted = list(packs.sheets(data.period))
    if data.vendor:  # the trends of the KPIs beyond the first two, before the appendix
        wanted.insert(wanted.index("Appendix"), "More trends")
    assert _sections(wb) == wanted
    for ws in wb:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1), ws.title
        assert ws.print_area, ws.title
        assert not ws.sheet_view.showGridLines, ws.title
        subtitle = ws["A2"].value
        shown = {"2026-09": "Sep 2026", "2026Q3": "Q3 2026"}[
            data.period.label
        ]  # how people read it
        assert data.who in subtitle and shown in subtitle and ws.title in subtitle
        assert ws.oddFooter.left.text == "Confidential"
        assert "2026-10-20" in ws.oddFooter.center.text
        assert "&P" in ws.oddFooter.right.text
        assert all(
            part.size >= 10 for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right)
        )
        # the footer sits inside the bottom margin, with room for a 10 pt line
        room = (ws.page_margins.bottom - ws.page_margins.footer) * 72
        assert room >= 14, (ws.title, room)


# A4 landscape in points; a column's width in pixels from its stored width, as ECMA-376 gives
# it for a default font whose digits are 7 pixels wide (Arial 10), at 96 pixels an inch.
PAGE = (841.9, 595.3)


def _column_pt(width: float) -> float:
    return int((256 * width + int(128 / 7)) / 256 * 7) * 0.75


def _printed_size(ws) -> tuple[float, float]:
    """The print area's width and height in points."""
    area = ws.print_area.split("!")[-1].replace("$", "")
    first, last = area.split(":")
    last_col = column_index_from_string(re.sub(r"\d", "", last))
    last_row = int(re.sub(r"\D", "", last))
    width = 0.0
    for col in range(1, last_col + 1):
        units = ws.column_dimensions[get_column_letter(col)].width or 8.43
        width += max(_column_pt(units), units * 5.55)  # the wider of Excel and LibreOffice
    height = sum(ws.row_dimensions[r].height or 12.75 for r in range(1, last_row + 1))
    return width, height


@pytest.mark.parametrize("kind", ["MBR", "QBR", "portfolio"])
def test_every_slide_fits_its_page_at_full_size_so_no_text_prints_below_10_pt(books, kind):
    _, wb = books[kind]
    for ws in wb:
        width, height = _printed_size(ws)
        m = ws.page_margins
        room_w = PAGE[0] - (m.left + m.right) * 72
        room_h = PAGE[1] - (m.top + m.bottom) * 72
        scale = min(1.0, room_w / width, room_h / height)
        sizes = [c.font.sz for row in ws.iter_rows() for c in row if c.value is not None]
        assert min(sizes) * scale >= 10, (ws.title, min(sizes), scale, width, height)
        for chart in ws._charts:  # chart text (axes, legend) is 10 pt or more too
            for part in (chart.x_axis, chart.y_axis, chart.legend):
                assert part.txPr.p[0].pPr.defRPr.sz >= 1000, ws.title


@pytest.mark.parametrize("kind", ["MBR", "QBR", "portfolio"])
def test_text_wraps_in_rows_tall_enough_and_headers_align_with_their_numbers(books, kind):
    _, wb = books[kind]
    for ws in wb:
        merged = {
            (r.min_row, r.min_col): sum(
                ws.column_dimensions[get_column_letter(c)].width or 8.43
                for c in range(r.min_col, r.max_col + 1)
            )
            for r in ws.merged_cells.ranges
        }
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str) or not c.alignment.wrap_text:
                    continue
                units = merged.get(
                    (c.row, c.column), ws.column_dimensions[c.column_letter].width or 8.43
                )
                # at least: Arial's letters average more than 0.4 of its size in width; a line
                # is as tall as the font
                per_line = max(1, int(_column_pt(units) / (0.4 * c.font.sz)))
                lines = sum(-(-len(p) // per_line) or 1 for p in c.value.split("\n"))
                height = ws.row_dimensions[c.row].height
                assert height and height >= lines * c.font.sz, (ws.title, c.coordinate, c.value)
        for _, cols, body in sheets.tables(ws):
            for name in cols:
                numbers = [r[name] for r in body if isinstance(r[name].value, (int, float))]
                header = next(c for r in ws.iter_rows() for c in r if c.value == name)
                if numbers and len(numbers) == len([r for r in body if r[name].value is not None]):
                    assert header.alignment.horizontal == "right", (ws.title, name)
                    assert all(x.alignment.horizontal == "right" for x in numbers), name


@pytest.mark.parametrize("kind", ["MBR", "QBR", "portfolio"])
def test_no_slide_has_more_than_two_charts_and_every_chart_is_native(books, kind):
    _, wb = books[kind]
    for ws in wb:
        assert len(ws._charts) <= 2, ws.title
        for chart in ws._charts:
            assert isinstance(chart, LineChart)
            for series in chart.series:  # it reads numbers from cells of this workbook
                sheet, cells = series.val.numRef.f.rsplit("!", 1)
                target = wb[sheet.strip("'")]
                values = [c.value for row in target[cells.replace("$", "")] for c in row]
                assert any(isinstance(v, (int, float)) for v in values), ws.title


# Worse limits' number formats by direction, written out by hand: a floor "≥ 80.0%", a ceiling
# "≤ 6.0%", and for a KPI best at 1 the band the limit accepts ("0.980–1.020").
LIMIT_FORMATS = {
    "higher": lambda fmt, limit: f'"≥ "{fmt}',
    "lower": lambda fmt, limit: f'"≤ "{fmt}',
    "target": lambda fmt, limit: (
        f'{fmt}"–{2 - limit:.3f}"' if limit <= 1 else f'"{2 - limit:.3f}–"{fmt}'
    ),
}


def _kpi_rows(wb):
    """The scorecard slides' KPI rows: (scope, KPI, channel, status, actual, expected, worse
    limit, points, weight) as cells, card after card."""
    rows = []
    for ws in sheets.section(wb, "Scorecard"):
        for _, cols, body in sheets.tables(ws):
            if "Scope" in cols:
                rows += [[r[name] for name in cols] for r in body]
    return rows


@pytest.mark.parametrize("kind, period", [("MBR", "2026-09"), ("QBR", "2026Q3")])
def test_scorecard_figures_equal_the_scorecard_commands(books, demo_db, kind, period, capsys):
    _, wb = books[kind]
    code = cli.main(
        [
            "scorecard",
            "--db",
            str(demo_db),
            "--period",
            period,
            "--vendor",
            VENDOR,
            "--format",
            "json",
        ]
    )
    assert code == 0
    cards = json.loads(capsys.readouterr().out)
    expected = [(card["program"] or "Whole vendor", k) for card in cards for k in card["kpis"]]
    rows = _kpi_rows(wb)
    assert len(rows) == len(expected)
    labels = {
        "met": "Met",
        "below_target": "Below target",
        "default": "Default",
        "no_data": "No data",
    }
    for row, (scope, k) in zip(rows, expected, strict=True):
        assert row[0].value == scope
        assert labels[k["status"]] in row[3].value  # a text label, not colour alone
        assert row[3].fill.fgColor.rgb.endswith(
            presentation.STATUS_STYLES[k["status"]].colour.lstrip("#")
        )
        fmt = catalogue.kpi(k["kpi"]).fmt
        # the worse limit is a number too, shown with the side the actual must stay on
        limit = LIMIT_FORMATS[catalogue.kpi(k["kpi"]).direction](fmt, k["minimum"])
        for cell, key, want in (
            (row[4], "actual", fmt),
            (row[5], "expected", fmt),
            (row[6], "minimum", limit),
        ):
            if cell.value == "< 5":  # a small people cell, suppressed
                continue
            assert cell.value == pytest.approx(k[key]) if k[key] is not None else cell.value is None
            if cell.value is not None:
                assert cell.data_type == "n" and cell.number_format == want
        assert row[7].value == pytest.approx(k["points"]) if k["points"] is not None else True
        assert row[8].value == pytest.approx(k["weight"])
    # each card's heading carries its weighted score as a number
    headings = [
        ws.cell(c.row, 4)
        for ws in sheets.section(wb, "Scorecard")
        for c in ws["A"]
        if isinstance(c.value, str) and c.value.endswith(": weighted score")
    ]
    assert [h.value for h in headings] == pytest.approx([c["weighted_score"] for c in cards])
    assert all(h.data_type == "n" for h in headings)


def test_the_executive_summary_is_tiles_and_at_most_five_one_line_highlights(books):
    data, wb = books["QBR"]
    ws = wb["Executive summary"]
    whole = data.summary[data.summary["program"].isna()].iloc[0]
    # the tiles: label, value, note rows under the subtitle
    labels = [c.value for c in ws[4] if c.value]
    assert labels == [
        "Weighted score",
        "Standing",
        "Change vs Q2 2026",
        "Rank among vendors",
        "Service credits",
    ]
    values = [c for c in ws[5] if c.value is not None]
    assert values[0].value == pytest.approx(whole["weighted_score"])
    assert values[0].number_format == "0.0"
    assert values[1].value == whole["standing"]
    assert values[2].value == pytest.approx(whole["weighted_score"] - whole["previous_score"])
    assert values[3].value == f"{whole['rank']} of {whole['ranked']}"
    credits_total = sum(float(x) for x in data.credit_summary["total"])
    assert values[4].value == pytest.approx(credits_total)
    assert values[4].number_format.endswith("#,##0.00")
    bullets = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("• ")]
    assert 0 < len(bullets) <= 5
    assert all(len(b) <= 150 for b in bullets), bullets  # one line of the slide
    text = " ".join(bullets)
    for phrase in ("KPI", "P1", "ervice credit", "Health"):
        assert phrase in text
    # the health detail is its own slide, not the summary's
    assert "(3-month rate)" not in text


def test_a_high_standing_beside_a_health_warning_is_explained(books):
    data, wb = books["portfolio"]
    status = {v: s for v, s in zip(data.health["vendor"], data.health["status"], strict=True)}
    odd = [
        v
        for v, st in zip(data.summary["vendor"], data.summary["standing"], strict=True)
        if st in ("Excellent", "Good") and status.get(v) in ("watch", "at_risk")
    ]
    assert odd  # the demo has one: a vendor scored Excellent whose health is on watch
    notes = [
        t
        for t in sheets.texts(wb["Executive summary"])
        if "the score rates" in t and "health reads" in t
    ]
    assert len(notes) == 1 and odd[0] in notes[0]
    assert notes[0] in sheets.texts(wb["Health & people"])
    _, qbr = books["QBR"]
    bluebird = data.summary[data.summary["vendor"] == VENDOR].iloc[0]
    if bluebird["standing"] not in ("Excellent", "Good"):  # Watch beside at risk: no note
        assert not any("the score rates" in t for t in sheets.texts(qbr["Executive summary"]))


@pytest.mark.parametrize("kind, points", [("MBR", 13), ("QBR", 5)])
def test_trend_charts_are_native_two_a_slide_and_read_cells_of_the_workbook(books, kind, points):
    data, wb = books[kind]
    slides = sheets.section(wb, "Trends") + sheets.section(wb, "More trends")
    charts = [(ws, chart) for ws in slides for chart in ws._charts]
    on_card = {
        (k, c)
        for k, c, p in zip(
            data.lines["kpi"], data.lines["channel"], data.lines["program"], strict=True
        )
        if not isinstance(p, str)
    }
    assert len(charts) == len(on_card) > 0
    assert all(len(ws._charts) <= 2 for ws in slides)
    for ws, chart in charts:
        titles = []
        assert len(chart.series) == 3  # actual, expected, worse limit
        for series in chart.series:
            ref = series.val.numRef.f
            assert ref.startswith(f"'{ws.title}'!")
            titles.append(series.tx.strRef.f)
            rows = ref.split("$")[-1], ref.split("$")[2].split(":")[0]
            assert int(rows[0]) - int(rows[1]) + 1 == points
        header = [ws[t.split("!")[1].replace("$", "")].value for t in titles]
        assert header == ["Actual", "Expected", "Worse limit"]


def test_the_trend_slide_is_titled_with_its_first_kpis_move_worked_from_its_table(books):
    data, wb = books["QBR"]
    ws = wb["Trends"]
    _, body = sheets.table(ws, "Period")
    now, before = body[-1], body[-2]
    change = (now["Actual"].value - before["Actual"].value) * 100  # a rate, in points
    verb = "rose" if change > 0 else "fell"
    caption = ws["A4"].value  # the first chart's finding, over its half
    name = caption.split(f" {verb} ")[0]
    assert caption.startswith(f"{name} {verb} {abs(change):.1f} pts from Q2 2026 to ")
    assert f"{now['Actual'].value:.1%}" in caption
    assert ws["A1"].value.startswith(f"{name} {verb} {abs(change):.1f} pts")
    # the first two trends are the KPIs that most need attention: fewest points first
    whole = data.lines[data.lines["program"].isna()]
    worst = whole.sort_values(["points", "weight"], ascending=[True, False]).iloc[0]
    assert name == worst["kpi_name"]


def test_the_portfolio_pack_has_every_vendor_and_a_chart(books):
    data, wb = books["portfolio"]
    _, body = sheets.table(wb["Scorecard"], "Vendor")
    assert [r["Vendor"].value for r in body] == list(data.summary["vendor"])
    assert len(data.summary) == 4
    (chart,) = wb["Trends"]._charts
    assert [s.tx.strRef.f for s in chart.series] == [
        f"'Trends'!$A${r['Vendor'].row}" for r in sheets.table(wb["Trends"], "Vendor")[1]
    ]


def _all_cells(wb):
    for ws in wb:
        for row in ws.iter_rows():
            yield from row


@pytest.mark.parametrize("kind", ["MBR", "QBR", "portfolio"])
def test_no_cell_is_a_formula_and_the_hostile_title_stays_text(books, kind):
    _, wb = books[kind]
    found = False
    for cell in _all_cells(wb):
        assert cell.data_type != "f", (cell.parent.title, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
            found |= "HYPERLINK" in cell.value
    assert found  # the escalation is in every pack (open P2 of the vendor)


def test_a_formula_like_text_is_written_as_text():
    assert workbook.safe(EVIL) == "'" + EVIL
    assert workbook.safe("@SUM(A1)").startswith("'")
    assert workbook.safe("\tx").startswith("'")
    assert workbook.safe("Met") == "Met"


@pytest.mark.parametrize("kind", ["MBR", "QBR", "portfolio"])
def test_nothing_below_program_site_channel(books, kind):
    _, wb = books[kind]
    header_words = {str(c.value).lower() for c in _all_cells(wb) if isinstance(c.value, str)}
    for forbidden in ("agent", "agent id", "agent_id", "employee", "queue", "language"):
        assert forbidden not in header_words
    header, _ = sheets.table(wb["Appendix"], "Month")
    if kind == "portfolio":
        assert header[1:3] == ["Vendor", "Program"]
    else:  # the vendor is named in every subtitle
        assert header[1:4] == ["Program", "Site", "Channel"]


def test_numbers_are_numbers_with_formats(books):
    _, wb = books["QBR"]
    _, body = sheets.table(wb["SLA & credits"], "Month")
    money = [r[k] for r in body for k in ("Invoiced", "At risk", "Credits")]
    assert money and all(c.data_type == "n" and c.number_format.endswith("#,##0.00") for c in money)
    _, body = sheets.table(wb["Appendix"], "Month")
    pct = [r["Service level"] for r in body]
    assert pct and all(isinstance(c.value, float) and c.number_format == "0.0%" for c in pct)


def _all_text(wb) -> str:
    return " ".join(t for ws in wb for t in sheets.texts(ws))


@pytest.mark.parametrize("kind", ["MBR", "QBR", "portfolio"])
def test_a_periods_pack_leaves_out_escalations_raised_after_it(books, kind):
    _, wb = books[kind]
    assert LATE not in _all_text(wb)
    _, october = books["October"]  # October's MBR has it
    assert LATE in _all_text(october)


def test_an_escalation_resolved_after_the_period_counts_as_open_at_its_end(books, demo_db):
    data, wb = books["QBR"]
    ws = wb["Escalations"]
    body = [r for page in sheets.section(wb, "Escalations") for r in sheets.table(page, "#")[1]]
    listed = {r["Title"].value: r for r in body}
    assert RESOLVED_LATER in listed and listed[RESOLVED_LATER]["State"].value == "P3 · L1 · open"
    # the number open at 30 September, worked from the stored rows in plain Python
    end = datetime(2026, 9, 30, 23, 59, 59)
    with db.connect(demo_db) as con:
        rows = con.execute(
            "SELECT e.raised_at, e.resolved_at, e.closed_at FROM escalations e "
            "JOIN vendors v USING (vendor_id) WHERE v.name = ?",
            [VENDOR],
        ).fetchall()
    open_then = sum(
        1
        for raised, resolved, closed in rows
        if raised <= end
        and (resolved is None or resolved > end)
        and (closed is None or closed > end)
    )
    assert len(body) == open_then
    word = "escalation" if open_then == 1 else "escalations"
    assert ws["A1"].value.startswith(f"{open_then} {word} open at 30 Sep 2026")
    tiles = {c.value: ws.cell(c.row + 1, c.column).value for c in ws[4] if c.value}
    assert tiles["Open at 30 Sep 2026"] == open_then


def test_the_calendar_counts_days_from_the_period_end_not_from_today(books):
    data, wb = books["QBR"]
    end = date(2026, 9, 30)
    heading = "Calendar: overdue at 30 Sep 2026 or due in the 90 days after"
    pages = sheets.section(wb, "Compliance & calendar")
    ws = next(p for p in pages if heading in sheets.texts(p))
    _, body = sheets.table(ws, "Date", after=sheets.row_of(ws, heading))
    assert body
    for r in body:
        day = r["Date"].value.date()
        assert r["Days"].value == (day - end).days
        assert r["Status"].value == ("overdue" if day < end else "due")
        assert (day - end).days <= 90
    dates = sheets.table(pages[0], "Contract")[1]
    assert all(
        r["Days from 30 Sep 2026"].value == (r["Date"].value.date() - end).days for r in dates
    )


def test_a_kpi_finding_in_words_worked_by_hand():
    line = {
        "kpi": "service_level",
        "unit": "ratio",
        "direction": "higher",
        "expected": 0.85,
        "minimum": 0.80,
    }
    now = {**line, "actual": 0.827, "status": "below_target"}
    before = {**line, "actual": 0.869, "status": "met"}
    # 86.9% to 82.7% is 4.2 points down, under the 85.0% expected and over the 80.0% limit
    assert (
        titles.kpi_finding("Service level", now, before, "2026Q3", "2026Q2")
        == "Service level fell 4.2 pts from Q2 2026 to 82.7%, below the 85.0% target"
    )
    assert (
        titles.kpi_finding("Service level", now, before, "2026Q3", "2026Q2", short=True)
        == "Service level fell 4.2 pts to 82.7%"
    )
    same = {**before, "actual": 0.8272}  # 82.72% shows as 82.7%: no move worth a word
    assert titles.kpi_finding("Service level", now, same, "2026Q3", "2026Q2").startswith(
        "Service level held at 82.7% from Q2 2026"
    )
    default = {**now, "actual": 0.78, "status": "default"}
    assert titles.kpi_finding("Service level", default, None, "2026Q3", "2026Q2") == (
        "Service level at 78.0% in Q3 2026, past the 80.0% worse limit"
    )
    aht = {"kpi": "aht", "unit": "seconds", "direction": "lower", "expected": 480.0}
    assert titles.kpi_finding(
        "Average handle time",
        {**aht, "actual": 519.0, "status": "below_target"},
        {**aht, "actual": 478.0, "status": "met"},
        "2026-09",
        "2026-08",
    ) == ("Average handle time rose 41 s from Aug 2026 to 519 s, above the 480 s target")
    assert titles.kpi_finding("Service level", None, before, "2026Q3", "2026Q2") == (
        "Service level: no data in Q3 2026"
    )


def test_the_pack_command_writes_the_workbook(demo_db, tmp_path, capsys):
    out = tmp_path / "qbr.xlsx"
    code = cli.main(
        ["pack", "--db", str(demo_db), "--vendor", VENDOR, "--quarter", "2026Q3", "-o", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    assert set(_sections(openpyxl.load_workbook(out))) >= set(packs.SHEETS)
    out = tmp_path / "portfolio.xlsx"
    assert (
        cli.main(
            ["pack", "--db", str(demo_db), "--portfolio", "--quarter", "2026Q3", "-o", str(out)]
        )
        == 0
    )
    assert out.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--vendor", "Nobody Ltd", "--month", "2026-09"], "No vendor named"),
        (["--vendor", VENDOR, "--month", "2026Q3"], "write a month"),
        (["--vendor", VENDOR, "--quarter", "Sept"], "is not a period"),
        (["--portfolio", "--month", "2026-09"], "quarterly"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(demo_db, tmp_path, capsys, args, message):
    code = cli.main(["pack", "--db", str(demo_db), *args, "-o", str(tmp_path / "p.xlsx")])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "p.xlsx").exists()


def test_pack_without_period_is_an_argument_error(demo_db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["pack", "--db", str(demo_db), "--vendor", VENDOR, "-o", str(tmp_path / "p.xlsx")])
    assert exc.value.code == 2


def test_the_mbr_meeting_record_links_the_pack_made_for_it(demo_db, tmp_path, capsys):
    # The MBR that reviews September: the first held after it, within two months.
    with db.connect(demo_db) as con:
        mid = con.execute(
            "SELECT m.meeting_id FROM meetings m JOIN vendors v USING (vendor_id) WHERE v.name = ? "
            "AND m.kind = 'MBR' AND m.meeting_date > DATE '2026-09-30' AND m.meeting_date <= DATE "
            "'2026-11-30' ORDER BY m.meeting_date LIMIT 1",
            [VENDOR],
        ).fetchone()[0]
    out = tmp_path / "mbr.xlsx"
    assert (
        cli.main(
            ["pack", "--db", str(demo_db), "--vendor", VENDOR, "--month", "2026-09", "-o", str(out)]
        )
        == 0
    )
    printed = capsys.readouterr().out
    with db.connect(demo_db) as con:
        linked = con.execute(
            "SELECT pack_file FROM meetings WHERE meeting_id = ?", [mid]
        ).fetchone()[0]
        audited = con.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'meeting.link_pack' AND entity_id = ?",
            [str(mid)],
        ).fetchone()[0]
    assert linked == str(out) and audited == 1
    assert f"meeting #{mid}" in printed
