"""The quarterly packs' Relationship slide (issue 18, item 4): the vendor's score by dimension
against the quarter before, its contract target and what stakeholders said; nothing of a quarter
with fewer than three respondents; no such slide in a monthly pack. Figures worked by hand."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from governance import packs
from governance.packs import workbook
from tests.integration.scoring.test_survey import ANSWERS, SCORE, VENDOR, enter, setup

NOW = datetime(2026, 12, 6, 9, 0)


def book(con, period: str, vendor: str | None = VENDOR) -> openpyxl.Workbook:
    data = packs.gather(con, period, vendor, now=NOW)
    return openpyxl.load_workbook(io.BytesIO(workbook.to_bytes(data)))


def cells(ws) -> list:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def table_row(ws, first: str) -> list:
    for row in ws.iter_rows():
        values = [c.value for c in row if c.value is not None]
        if values and values[0] == first:
            return values
    raise AssertionError(f"no row starting {first!r} on {ws.title}")


def test_the_qbr_shows_the_quarter_by_dimension_with_the_target_and_comments(con):
    setup(con)
    enter(con, ANSWERS, "2026Q3")
    enter(con, [*ANSWERS, ("Legal", 2, 2, 2, 2, None)])
    ws = book(con, "2026Q4")["Relationship"]
    now = (43 + 8) / 15
    # down from 43/11 in Q3 2026; the weakest dimension: proactivity (3 + 4 + 2) / 3 = 3.00
    assert ws["A1"].value == (
        f"Relationship score {now:.2f} of 5 from 4 stakeholders, down {SCORE - now:.2f} on "
        "Q3 2026; weakest: proactivity at 3.00"
    )
    shown = cells(ws)
    assert pytest.approx(now) in shown and pytest.approx(SCORE) in shown
    assert 4.0 in shown  # the contract's expected level
    # Responsiveness (4 + 5 + 3 + 2) / 4 = 3.5 against (4 + 5 + 3) / 3 = 4.0 in Q3, 4 ratings
    assert table_row(ws, "Responsiveness") == pytest.approx(["Responsiveness", 3.5, 4.0, -0.5, 4])
    assert "“Quick on escalations, slow on root causes”" in shown
    assert "“Reports arrive on time”" in shown


def test_a_withheld_quarter_shows_no_figure_and_no_comment(con):
    setup(con)
    enter(con, ANSWERS[:2])
    wb = book(con, "2026Q4")
    ws = wb["Relationship"]
    assert "fewer than 3, so its figures are withheld" in ws["A1"].value
    every = [v for sheet in wb for v in cells(sheet)]
    assert not any("Quick on escalations" in str(v) for v in every)
    assert not any(isinstance(v, float) and v == pytest.approx(13 / 4) for v in cells(ws))


def test_the_portfolio_pack_compares_vendors_and_a_monthly_pack_has_no_such_slide(con):
    setup(con)
    enter(con)
    ws = book(con, "2026Q4", None)["Relationship"]
    assert (
        ws["A1"].value
        == f"Relationship scores, Q4 2026: 1 vendor scored; lowest {VENDOR} at {SCORE:.2f} of 5"
    )
    row = table_row(ws, VENDOR)
    assert row[1] == pytest.approx(SCORE) and row[2] == 3
    assert "Relationship" not in book(con, "2026-11").sheetnames
