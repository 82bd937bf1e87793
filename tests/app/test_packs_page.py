"""The Packs page on the demo portfolio: choose a vendor and period (or the portfolio), see the
executive summary and the scorecard, download the workbook (its bytes are tested through the
builder, which AppTest cannot reach through the button)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from governance import demo, packs
from governance.access.actors import Actor
from governance.packs import workbook
from governance.store import db

from .test_pages import APP

VENDOR = "Bluebird BPO"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("packs_page") / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=path.parent / "x"
        )
    return path


@pytest.fixture
def demo_db(demo_file, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_DB", str(demo_file))
    return demo_file


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/packs.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.get("text")]
    return " ".join(str(p.value) for p in parts)


def test_the_page_previews_the_mbr_of_the_chosen_vendor(demo_db):
    at = open_page()
    at.selectbox(key="pack_vendor").set_value(VENDOR).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="pack_period").value == "2026-10"
    assert "Weighted score" in _text(at)
    assert at.dataframe  # the scorecard
    assert any("Executive summary" in h.value and VENDOR in h.value for h in at.subheader)


def test_the_page_switches_to_the_qbr_and_the_portfolio(demo_db):
    at = open_page()
    at.radio(key="pack_kind").set_value("QBR").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="pack_period").value == _last_ended_quarter(date(2026, 10, 1))
    at.selectbox(key="pack_period").set_value("2026Q3").run()
    assert not at.exception, at.exception
    at.radio(key="pack_kind").set_value("Portfolio").run()
    assert not at.exception, at.exception
    league = at.dataframe[0].value
    assert set(league["Vendor"]) == {
        "Bluebird BPO",
        "Crestline Services",
        "Dunmore Digital",
        "Northwind Contact",
    }


def test_what_the_page_downloads_is_the_pack(demo_db):
    with db.connect(demo_db) as con:
        data = packs.gather(con, "2026Q3", VENDOR)
    wb = openpyxl.load_workbook(io.BytesIO(workbook.to_bytes(data)))
    # the slides in order; a slide too long for its page goes on in "Name (2)", and the trends
    # beyond the first two are "More trends" before the appendix
    sections = list(dict.fromkeys(n.split(" (")[0] for n in wb.sheetnames))
    assert [n for n in sections if n != "More trends"] == list(packs.sheets(data.period))
    assert packs.pack_name(data) == "QBR_Bluebird_BPO_2026Q3.xlsx"


# --- the period follows the sidebar and opens on a period that has ended (issue 16) ----------


def _last_ended_month(upto: date) -> str:
    """By hand: the newest month up to ``upto`` whose last day is before today (the demo has
    data in every month to October 2026)."""
    m = upto
    while date(m.year + (m.month == 12), m.month % 12 + 1, 1) > date.today():
        m = date(m.year - (m.month == 1), (m.month - 2) % 12 + 1, 1)
    return f"{m.year}-{m.month:02d}"


def _last_ended_quarter(upto: date) -> str:
    q = (upto.month - 1) // 3 + 1
    year = upto.year
    while date(year + (q == 4), (q * 3) % 12 + 1, 1) > date.today():
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return f"{year}Q{q}"


def test_the_period_opens_on_the_last_ended_period_up_to_the_sidebar_month(demo_db):
    at = open_page()
    sidebar = at.selectbox(key="filter_month").value
    assert sidebar == date(2026, 10, 1)  # the newest month with data
    assert at.selectbox(key="pack_period").value == _last_ended_month(sidebar)
    at.radio(key="pack_kind").set_value("QBR").run()
    # October 2026's quarter ends on 31 December: until then the pack opens on the third quarter
    quarter = at.selectbox(key="pack_period").value
    assert quarter == _last_ended_quarter(sidebar)
    assert quarter == ("2026Q3" if date.today() <= date(2026, 12, 31) else "2026Q4")
    # the picker reads like every other period: "Q3 2026", the machine label stays the value
    shown = at.selectbox(key="pack_period").options
    assert f"Q{quarter[-1]} {quarter[:4]}" in shown and quarter not in shown
    assert any(h.value.endswith(f", Q{quarter[-1]} {quarter[:4]}") for h in at.subheader)


def test_the_period_follows_the_sidebar_month(demo_db):
    at = open_page()
    at.selectbox(key="filter_month").set_value(date(2026, 8, 1)).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="pack_period").value == "2026-08"
    assert any(h.value.endswith(", Aug 2026") for h in at.subheader)
    at.radio(key="pack_kind").set_value("QBR").run()
    assert at.selectbox(key="pack_period").value == "2026Q3"
    # a period chosen on the page stands while the sidebar does not move
    at.selectbox(key="pack_period").set_value("2026Q2").run()
    at.radio(key="pack_kind").set_value("Portfolio").run()
    at.radio(key="pack_kind").set_value("QBR").run()
    assert at.selectbox(key="pack_period").value == "2026Q3"  # a new kind: the default again
    at.selectbox(key="pack_period").set_value("2026Q2").run()
    at.run()
    assert at.selectbox(key="pack_period").value == "2026Q2"
    # moving the sidebar moves the pack
    at.selectbox(key="filter_month").set_value(date(2026, 5, 1)).run()
    assert at.selectbox(key="pack_period").value == "2026Q2"
    at.radio(key="pack_kind").set_value("MBR").run()
    assert at.selectbox(key="pack_period").value == "2026-05"
