"""The pages' cached reads never outlive the data: a write made outside the app (an import from
the command line) or on a page (an amendment) shows on the next run, while runs that only read
keep what is cached (issue 16: speed as felt, without stale figures)."""

from __future__ import annotations

import csv
import shutil
import time
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from governance import cli, demo
from governance.access.actors import Actor
from governance.scoring import health, portfolio
from governance.store import db, queries
from governance.ui import data

from .test_pages import APP

END = date(2026, 9, 1)
NORTHWIND = "Northwind Contact"
EXPORT = "northwind_daily_2026-09.csv"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo@client.example", "admin"), end_month=END, exports_dir=path.parent
        )
    return path


@pytest.fixture
def served(demo_file, tmp_path, monkeypatch):
    """A copy of the demo the test may change, served to the pages, and its sample export."""
    path = tmp_path / "governance.duckdb"
    shutil.copy(demo_file, path)
    monkeypatch.setenv("GOVERNANCE_DB", str(path))
    return path, demo_file.parent / EXPORT


def scorecard(vendor: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/scorecard.py")
    at.run()
    at.selectbox(key="scorecard_vendor").set_value(vendor).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="scorecard_period").value == "2026-09"
    return at


def shown(at: AppTest, kpi: str, column: str) -> str:
    card = at.dataframe[0].value.set_index("KPI")
    return card.loc[kpi, column]


def test_an_import_from_the_command_line_shows_on_the_next_run(served, tmp_path):
    path, export = served
    at = scorecard(NORTHWIND)
    before = shown(at, "Abandonment rate", "Actual")

    # The vendor's September again, every row with 40 more calls offered, all abandoned: the
    # import restates the month, so its abandonment rate becomes the file's.
    with export.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["Calls Offered"] = str(int(row["Calls Offered"]) + 40)
        row["Abandons"] = str(int(row["Abandons"]) + 40)
    changed = tmp_path / EXPORT
    with changed.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    abandoned = sum(int(r["Abandons"]) for r in rows)
    offered = sum(int(r["Calls Offered"]) for r in rows)
    expected = f"{abandoned / offered:.1%}"
    assert expected != before

    # The command line writes the file while the app keeps its cached reads (same process).
    assert cli.main(["import", str(changed), "--vendor", NORTHWIND, "--db", str(path)]) == 0

    again = scorecard(NORTHWIND)
    assert shown(again, "Abandonment rate", "Actual") == expected
    # Months and vendors (the sidebar's, cached too) are the file's as well.
    with db.connect(path) as con:
        months = queries.months_with_data(con)
    assert again.sidebar.selectbox(key="filter_month").options == [
        m.strftime("%b %Y") for m in months
    ]


def test_an_amendment_on_the_contracts_page_shows_on_the_scorecard(served):
    path, _ = served
    before = scorecard(NORTHWIND)
    assert shown(before, "Service level", "Expected") != "91.0%"

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/contracts.py")
    at.run()
    at.selectbox(key="contracts_vendor").set_value(NORTHWIND).run()
    at.date_input(key="contracts_effective_from").set_value(date(2026, 9, 1)).run()
    assert not at.exception, at.exception
    editor = next(e.value for e in at.dataframe if "Worse limit" in e.value.columns)
    row = int(editor.index[editor["KPI"] == "Service level"][0])
    at.session_state["contracts_targets_editor"] = {
        "edited_rows": {row: {"Expected": 91.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_input(key="contracts_reason").input("Peak season")
    at.text_input(key="contracts_approver").input("VMO lead")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("Recorded amendment" in s.value for s in at.success), [e.value for e in at.error]

    assert shown(scorecard(NORTHWIND), "Service level", "Expected") == "91.0%"


def test_reading_keeps_the_cached_reads_and_a_write_drops_them(served):
    path, _ = served
    data.follow_changes(path)  # the first look only records the file's state
    assert data.follow_changes(path) is False
    scorecard(NORTHWIND)  # pages read the file (and app.py looks too)
    with db.connect(path) as con:
        queries.vendor_names(con)
    assert data.follow_changes(path) is False
    assert cli.main(["vendors", "add", "Zephyr Care", "--db", str(path)]) == 0
    assert data.follow_changes(path) is True
    assert data.follow_changes(path) is False


def test_a_write_in_the_app_warms_the_portfolio_with_the_new_figures(served, monkeypatch):
    """After a write the Portfolio's reads are computed in the background for the sidebar's
    month: the page then takes them from the cache, and they are the new figures."""
    path, _ = served
    assert cli.main(["vendors", "add", "Zephyr Care", "--db", str(path)]) == 0

    computed = []
    real = portfolio.leadership

    def counting(con, month, vendors=None):
        computed.append(month)
        return real(con, month, vendors)

    monkeypatch.setattr(portfolio, "leadership", counting)
    data.after_write(str(path), str(path), None, None).join(timeout=120)
    assert computed == [END]  # the newest month, as the sidebar shows it first
    assert data.follow_changes(path) is False  # the write's new version is recorded

    lead = data.portfolio_leadership(str(path), END, None)
    assert computed == [END]  # from the cache
    with db.connect(path) as con:
        direct = real(con, END)
        assessed = health.table(health.assess(con, END, None))
    assert lead.league.equals(direct.league)
    assert data.vendor_health(str(path), END, None).equals(assessed)


def test_on_a_server_reading_keeps_the_cached_reads_and_a_write_drops_them(pg_url):
    """Several app servers on one PostgreSQL: each sees another's write (here the command line's)
    on its next page run, and reads alone never drop what is cached."""
    with db.connect(pg_url):
        pass  # migrated
    data.follow_changes(pg_url)  # the first look only records the state
    assert data.follow_changes(pg_url) is False
    with db.connect(pg_url) as con:
        queries.vendor_names(con)
        queries.months_with_data(con)
    assert data.follow_changes(pg_url) is False
    assert cli.main(["vendors", "add", "Zephyr Care", "--db", pg_url]) == 0
    time.sleep(1.1)  # a server is asked for its version at most once a second per process
    assert data.follow_changes(pg_url) is True
    assert data.follow_changes(pg_url) is False
