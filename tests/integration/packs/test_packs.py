"""MBR, QBR and portfolio packs built from the demo and opened again with openpyxl.

What a reader of the pack would notice: the slides in order, each printing on one landscape
page with its title and footer, native charts that read cells of the workbook, numbers that are
numbers and equal the ``scorecard`` command's, and no cell that turns text into a formula.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date, datetime

import openpyxl
import pytest

from governance import cli, demo, packs
from governance.access.actors import Actor
from governance.kpis import catalogue
from governance.packs import workbook
from governance.scoring import presentation
from governance.store import db
from governance.workflow import escalations

VENDOR = "Bluebird BPO"
EVIL = '=HYPERLINK("http://example.invalid","x")'
NOW = datetime(2026, 10, 20, 9, 0)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("packs") / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=path.parent / "x"
        )
        escalations.raise_escalation(
            con,
            Actor("vince@client.example", "vendor_manager"),
            vendor=VENDOR,
            category="service_performance",
            severity="P2",
            title=EVIL,
            description="+SUM(1,2) imported text",
            raised_at=datetime(2026, 9, 10, 8, 0),
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
        ):
            data = packs.gather(con, period, vendor, now=NOW)
            out[key] = (data, _open(data))
    return out


@pytest.mark.parametrize("kind", ["MBR", "QBR", "portfolio"])
def test_one_sheet_per_slide_in_order_each_printing_on_one_landscape_page(books, kind):
    data, wb = books[kind]
    assert wb.sheetnames == list(packs.SHEETS)
    for ws in wb:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1), ws.title
        assert ws.print_area, ws.title
        assert not ws.sheet_view.showGridLines, ws.title
        title = ws["A1"].value
        assert data.who in title and data.period.label in title and ws.title in title
        assert ws.oddFooter.left.text == "Confidential"
        assert "2026-10-20" in ws.oddFooter.center.text
        assert "&P" in ws.oddFooter.right.text
    scorecard_sheet = wb["Scorecard"]
    header_row = next(r for r in scorecard_sheet.iter_rows() if r[0].value in ("Scope", "Vendor"))
    for cell in header_row:  # column widths fit their content
        width = scorecard_sheet.column_dimensions[cell.column_letter].width
        longest = max(
            len(str(c.value))
            for c in scorecard_sheet[cell.column_letter][3:]
            if c.value is not None and not isinstance(c.value, float)
        )
        assert width >= min(longest, 60), cell.value


def _kpi_rows(ws):
    """The scorecard sheet's KPI rows: (scope, KPI, channel, status, actual, expected, minimum,
    points, weight) as cells."""
    rows, header = [], False
    for row in ws.iter_rows(min_row=3):
        values = [c.value for c in row]
        if values[0] == "Scope":
            header = True
            continue
        if header and values[1] and values[3] and values[1] != "Weighted score":
            rows.append(row)
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
    rows = _kpi_rows(wb["Scorecard"])
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
        for cell, key in ((row[4], "actual"), (row[5], "expected"), (row[6], "minimum")):
            if cell.value == "< 5":  # a small people cell, suppressed
                continue
            assert cell.value == pytest.approx(k[key]) if k[key] is not None else cell.value is None
            if cell.value is not None:
                assert cell.data_type == "n" and cell.number_format == fmt
        assert row[7].value == pytest.approx(k["points"]) if k["points"] is not None else True
        assert row[8].value == pytest.approx(k["weight"])
    score_cell = wb["Scorecard"]["D3"]
    assert score_cell.value == pytest.approx(cards[0]["weighted_score"])
    assert score_cell.data_type == "n"


def test_the_executive_summary_speaks_in_sentences_with_the_score(books):
    data, wb = books["QBR"]
    ws = wb["Executive summary"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    whole = data.summary[data.summary["program"].isna()].iloc[0]
    assert ws["B6"].value == pytest.approx(whole["weighted_score"])
    assert ws["B6"].number_format == "0.0"
    text = " ".join(v for v in values if isinstance(v, str))
    for phrase in ("Weighted score", "Best KPI", "P1/P2", "Service credit"):
        assert phrase in text


@pytest.mark.parametrize("kind, points", [("MBR", 13), ("QBR", 5)])
def test_trend_charts_are_native_and_read_cells_of_the_workbook(books, kind, points):
    data, wb = books[kind]
    ws = wb["Trends"]
    charts = ws._charts
    on_card = {
        (k, c)
        for k, c, p in zip(
            data.lines["kpi"], data.lines["channel"], data.lines["program"], strict=True
        )
        if not isinstance(p, str)
    }
    assert len(charts) == len(on_card) > 0
    for chart in charts:
        titles = []
        assert len(chart.series) == 3  # actual, expected, minimum
        for series in chart.series:
            ref = series.val.numRef.f
            assert ref.startswith("'Trends'!")
            titles.append(series.tx.strRef.f)
            rows = ref.split("$")[-1], ref.split("$")[2].split(":")[0]
            assert int(rows[0]) - int(rows[1]) + 1 == points
        header = [ws[t.split("!")[1].replace("$", "")].value for t in titles]
        assert header == ["Actual", "Expected", "Minimum"]


def test_the_portfolio_pack_has_every_vendor_and_a_chart(books):
    data, wb = books["portfolio"]
    ws = wb["Scorecard"]
    vendors = [ws.cell(r, 1).value for r in range(4, 4 + len(data.summary))]
    assert vendors == list(data.summary["vendor"])
    assert len(data.summary) == 4
    assert wb["Trends"]._charts


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
    appendix = wb["Appendix"]
    header = [c.value for c in next(r for r in appendix.iter_rows() if r[0].value == "Month")]
    if kind == "portfolio":
        assert header[1:3] == ["Vendor", "Program"]
    else:
        assert header[1:5] == ["Vendor", "Program", "Site", "Channel"]


def test_numbers_are_numbers_with_formats(books):
    _, wb = books["QBR"]
    credits = wb["SLA & credits"]
    money = [
        c
        for row in credits.iter_rows(min_row=6, max_row=8)
        for c in row[2:5]
        if c.value is not None
    ]
    assert money and all(c.data_type == "n" and c.number_format == "#,##0.00" for c in money)
    appendix = wb["Appendix"]
    pct = [c for row in appendix.iter_rows(min_row=6) for c in row if c.number_format == "0.0%"]
    assert pct and all(isinstance(c.value, float) for c in pct if c.value is not None)


def test_the_pack_command_writes_the_workbook(demo_db, tmp_path, capsys):
    out = tmp_path / "qbr.xlsx"
    code = cli.main(
        ["pack", "--db", str(demo_db), "--vendor", VENDOR, "--quarter", "2026Q3", "-o", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    assert openpyxl.load_workbook(out).sheetnames == list(packs.SHEETS)
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


def test_each_sheet_prints_as_one_page_in_libreoffice(books, tmp_path):
    """Looked at, not only parsed: LibreOffice renders the QBR to one PDF page per sheet."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdfinfo = shutil.which("pdfinfo")
    if not soffice or not pdfinfo:
        pytest.skip("needs Debian's libreoffice-calc and poppler-utils (.ci/run installs them)")
    data, _ = books["QBR"]
    xlsx = workbook.save(data, tmp_path / "qbr.xlsx")
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    info = subprocess.run(
        [pdfinfo, str(tmp_path / "qbr.pdf")], check=True, capture_output=True, text=True
    ).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == len(packs.SHEETS)


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
