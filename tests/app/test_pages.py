"""Every registered page runs without an exception; the main flows work through their widgets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
ALL_PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))
# Shown only to someone who may not read the portfolio (tests/app/test_access.py), never in the
# local admin's navigation.
PAGES = [p for p in ALL_PAGES if p != "app_pages/no_access.py"]
# Another program holding the database file (as a long import from the command line would).
HOLD = "import sys, time, duckdb\ncon = duckdb.connect(sys.argv[1])\nprint('holding', flush=True)\ntime.sleep(120)"


def run_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def test_every_page_file_is_registered_in_navigation():
    text = (ROOT / "app.py").read_text()
    for page in ALL_PAGES:
        assert f'"{page}"' in text, f"{page} exists but app.py does not register it"


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_an_empty_database(page):
    at = run_app(page)
    assert not at.exception, at.exception


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_data(small_db, page):
    at = run_app(page)
    assert not at.exception, at.exception


def test_empty_database_says_how_to_get_data():
    at = run_app()
    assert any("governance demo" in i.value for i in at.info)


def kpi_table(at: AppTest):
    """The Portfolio's table of volumes and KPIs as the files counted them."""
    return next(d.value for d in at.dataframe if "offered" in d.value.columns)


def test_portfolio_shows_each_vendor_for_the_newest_month(small_db):
    at = run_app()
    assert not at.exception
    table = kpi_table(at)
    assert list(table["vendor"]) == ["Alpha Care", "Beacon Support"]
    # Alpha: 85 of 100 offered answered within threshold every day -> 85.0 % in October.
    alpha = table.set_index("vendor").loc["Alpha Care"]
    assert alpha["service_level"] == pytest.approx(85.0)
    assert alpha["offered"] == 100 * 31
    assert alpha["service_level_change"] == pytest.approx(0.0)
    assert at.sidebar.selectbox(key="filter_month").value.isoformat() == "2026-10-01"
    assert "local admin" in " ".join(c.value for c in at.sidebar.caption)


def test_vendor_filter_narrows_the_portfolio(small_db):
    # Persistence of the choice across pages is checked in the browser test: AppTest drops the
    # entrypoint's sidebar widgets from its tree after switch_page.
    at = run_app()
    at.sidebar.selectbox(key="filter_vendor").set_value("Beacon Support").run()
    assert not at.exception
    assert list(kpi_table(at)["vendor"]) == ["Beacon Support"]
    assert len(json.loads(at.get("plotly_chart")[0].proto.spec)["data"]) == 1


def test_month_filter_changes_the_month_and_its_comparison(small_db):
    from datetime import date

    at = run_app()
    at.sidebar.selectbox(key="filter_month").set_value(date(2026, 9, 1)).run()
    table = kpi_table(at).set_index("vendor")
    assert table.loc["Alpha Care", "offered"] == 100 * 30
    # September has no earlier month of data: no change can be computed, so it is blank.
    assert table["service_level_change"].isna().all()


def test_trend_chart_has_a_line_per_vendor(small_db):
    at = run_app()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = sorted(trace["name"] for trace in spec["data"])
    assert names == ["Alpha Care", "Beacon Support"]
    assert "Service level" in spec["layout"]["title"]["text"]


def test_register_a_vendor_from_the_page_is_audited(small_db):
    at = run_app("app_pages/vendors.py")
    at.text_input(key="new_vendor_name").input("Cobalt Contact")
    at.button[0].click().run()
    assert not at.exception
    assert any("Registered Cobalt Contact" in s.value for s in at.success)
    at.switch_page("app_pages/audit.py").run()
    events = at.dataframe[0].value
    assert "vendor.add" in set(events["action"])
    assert any("Cobalt Contact" in (a or "") for a in events["after"])


def test_an_empty_vendor_name_is_refused_with_a_message(small_db):
    at = run_app("app_pages/vendors.py")
    at.text_input(key="new_vendor_name").input("   ")
    at.button[0].click().run()
    assert not at.exception
    assert any("cannot be empty" in e.value for e in at.error)


def test_a_database_busy_past_the_wait_is_one_sentence_not_a_trace(small_db, monkeypatch):
    """Another program holds the file longer than the app waits: the page says so in plain
    language (the app's net for refusals a page does not expect), and no exception reaches it."""
    at = run_app()
    assert not at.exception, at.exception
    monkeypatch.setenv("GOVERNANCE_LOCK_WAIT", "1")
    held = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(small_db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert held.stdout.readline().strip() == "holding"
        at.switch_page("app_pages/vendors.py")
        at.run()
    finally:
        held.kill()
        held.wait()
        held.stdout.close()
    assert not at.exception, at.exception
    assert any("in use by another program" in e.value for e in at.error), [
        e.value for e in at.error
    ]
