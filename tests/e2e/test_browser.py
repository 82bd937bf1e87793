"""The real app in headless Chromium: the demo portfolio is served and the filters carry over."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT, start_app, stop_app

pytestmark = pytest.mark.e2e

DEMO_VENDORS = ("Bluebird BPO", "Crestline Services", "Dunmore Digital", "Northwind Contact")


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    work = tmp_path_factory.mktemp("demo")
    db_file = work / "governance.duckdb"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "governance",
            "demo",
            "--db",
            str(db_file),
            "--exports",
            str(work / "exports"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    proc, url = start_app(db_file, work / "app.log")
    yield url
    stop_app(proc)


def portfolio_cells(page) -> str:
    """The Portfolio's board of vendors by standing, as text."""
    board = page.locator('[data-testid="stTable"]').first
    board.wait_for()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stTable] td').length > 0")
    return board.inner_text() + board.inner_html()


def test_portfolio_shows_the_demo_vendors(demo_app, page):
    page.goto(demo_app)
    page.get_by_role("heading", name="Portfolio").first.wait_for()
    cells = portfolio_cells(page)
    for vendor in DEMO_VENDORS:
        assert vendor in cells
    # cost vs performance, then service level by vendor (each KPI's status is on the board)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    charts.nth(1).wait_for()  # drawn below the board, after it
    assert charts.count() == 2
    assert page.locator('[data-testid="stMetric"]').count() == 5  # the headline tiles
    assert "local admin" in page.locator('[data-testid="stSidebar"]').inner_text()


def test_vendor_filter_is_kept_across_pages(demo_app, page):
    page.goto(demo_app)
    portfolio_cells(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    picker = sidebar.get_by_role("combobox", name="Vendor")
    assert picker.input_value() == "All vendors"
    picker.click()
    page.get_by_role("option", name="Dunmore Digital").click()
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stTable]').innerHTML.includes('Northwind Contact')"
    )
    sidebar.get_by_role("link", name="Vendor registry").click()
    page.get_by_role("heading", name="Vendor registry").first.wait_for()
    sidebar.get_by_role("link", name="Portfolio").click()
    page.get_by_role("heading", name="Portfolio").first.wait_for()
    cells = portfolio_cells(page)
    assert "Dunmore Digital" in cells
    assert "Northwind Contact" not in cells
    assert sidebar.get_by_role("combobox", name="Vendor").input_value() == "Dunmore Digital"


def test_a_deep_link_on_a_fresh_server_goes_through_the_app(tmp_path, page):
    """The first visit after a start is a deep link: app.py still runs (navigation, identity),
    and Streamlit does not list the page scripts itself (it would for a folder named pages/)."""
    db_file = tmp_path / "governance.duckdb"
    subprocess.run(
        [sys.executable, "-m", "governance", "init", "--db", str(db_file)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    proc, url = start_app(db_file, tmp_path / "app.log")
    try:
        page.goto(url + "/audit")
        page.get_by_role("heading", name="Audit log").first.wait_for()
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "local admin" in sidebar  # app.py's identity note: the entry point ran
        assert "no access" not in sidebar.lower() and "admin users" not in sidebar.lower()
    finally:
        stop_app(proc)
