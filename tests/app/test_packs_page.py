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
    assert at.selectbox(key="pack_period").value == "2026Q4"
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
    assert wb.sheetnames == list(packs.SHEETS)
    assert packs.pack_name(data) == "QBR_Bluebird_BPO_2026Q3.xlsx"
