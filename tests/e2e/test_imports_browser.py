"""The Imports page in a real browser: an edit in the mapping grid is the mapping (issue 15)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from governance.store import db
from tests.e2e.conftest import ROOT, start_app, stop_app

pytestmark = pytest.mark.e2e

CSV = (
    "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT\n"
    "2026-10-01,Billing care,Leeds,Voice,100,95,5,80,300\n"
    "2026-10-02,Billing care,Leeds,Voice,120,110,10,90,310\n"
)


@pytest.fixture
def app(tmp_path):
    db_file = tmp_path / "governance.duckdb"
    subprocess.run(
        [sys.executable, "-m", "governance", "vendors", "add", "Acme Care", "--db", str(db_file)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    for dimension, label in (("program", "Billing care"), ("site", "Leeds")):  # known labels
        subprocess.run(
            [sys.executable, "-m", "governance", "labels", "add", "--vendor", "Acme Care"]
            + ["--dimension", dimension, label, "--db", str(db_file)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    proc, url = start_app(db_file, tmp_path / "app.log")
    yield url, db_file
    stop_app(proc)


def _set_role(page, row: int, role: str) -> None:
    """Open the "Maps to" cell of the grid's ``row`` (0-based) and choose ``role``, by mouse and
    keyboard as a user does (the grid is drawn on a canvas)."""
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]').length > 0"
    )
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + 35 * (row + 1) + 17)  # the row's "File column"
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowRight")  # to its "Maps to" cell
    page.keyboard.press("Enter")  # open the cell's list of roles
    page.wait_for_timeout(300)
    page.keyboard.type(role)
    page.keyboard.press("Enter")


def test_an_edit_in_the_grid_changes_what_is_imported(app, page, tmp_path):
    url, db_file = app
    export = tmp_path / "acme.csv"
    export.write_text(CSV)
    page.goto(url + "/imports")
    page.get_by_role("heading", name="Imports").first.wait_for()
    page.locator("input[type=file]").set_input_files(str(export))
    page.get_by_text("Preview: the first rows of 2").wait_for()
    preview = page.locator('[data-testid="stDataFrame"]').nth(1)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stDataFrame]')[1]"
        "?.innerHTML.includes('handle_time_sec')"
    )
    _set_role(page, 8, "(ignore)")  # AHT, the ninth column of the file
    page.wait_for_function(
        "() => !document.querySelectorAll('[data-testid=stDataFrame]')[1]"
        "?.innerHTML.includes('handle_time_sec')"
    )
    assert "answered_within_sl" in preview.inner_html()
    picker = page.get_by_role("combobox", name="Vendor who sent this file")
    picker.click()
    page.keyboard.type("Acme Care")
    page.keyboard.press("Enter")
    page.get_by_text("Ready to import 2 rows").wait_for()
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("loaded (2 of 2 rows").wait_for()
    with db.connect(db_file) as con:
        stored = con.execute(
            "SELECT sum(offered), count(handle_time_sec) FROM kpi_facts"
        ).fetchone()
    assert stored == (220, 0)  # the offered calls of both rows; no handle time: it was ignored
