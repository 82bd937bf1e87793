"""A real vendor file, start to finish, in Chromium (issue 15, item 9): a public multi-provider
export nobody here wrote is uploaded into an empty database, mapped as suggested, its providers
and labels registered with the import; a contract is made from a template for one of them; its
scorecard shows and its MBR pack downloads."""

from __future__ import annotations

import re
import subprocess
import sys

import openpyxl
import pytest

from governance.store import db
from tests.conftest import REAL_DATA
from tests.e2e.conftest import ARTIFACTS, ROOT, start_app, stop_app

pytestmark = pytest.mark.e2e

FILE = REAL_DATA / "nhs111_iuc_daily_provider.csv"
VENDOR = "Milton Keynes"


@pytest.fixture
def empty_app(tmp_path):
    db_file = tmp_path / "governance.duckdb"
    subprocess.run(
        [sys.executable, "-m", "governance", "init", "--db", str(db_file)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    proc, url = start_app(db_file, tmp_path / "app.log")
    yield url, db_file
    stop_app(proc)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"first_mile_{name}.png"), full_page=True)


def _choose(page, label: str, option: str) -> None:
    main = page.get_by_test_id("stMainBlockContainer")
    main.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def test_a_public_multi_vendor_file_to_a_scorecard_and_a_pack(empty_app, page, tmp_path):
    url, db_file = empty_app
    # 1. Import: the suggested mapping as it comes (no edit), the providers and labels registered.
    page.goto(url + "/imports")
    page.locator("input[type=file]").set_input_files(str(FILE))
    page.get_by_text("comes from the file's column 'contract_name'").wait_for()
    page.get_by_text("Ready to import").wait_for()
    page.get_by_text("vendor(s) with this import").click()
    page.get_by_text(re.compile(r"Register (these \d+ labels|this label) with this import")).click()
    _shot(page, "1_mapped")
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("new vendor(s)").first.wait_for(timeout=90_000)
    with db.connect(db_file) as con:
        vendors = con.execute("SELECT count(*) FROM vendors").fetchone()[0]
        rows = con.execute(
            "SELECT count(*) FROM kpi_facts f JOIN vendors v USING (vendor_id) WHERE v.name = ?",
            [VENDOR],
        ).fetchone()[0]
    assert vendors > 20 and rows > 0
    _shot(page, "2_imported")

    # 2. A contract from the voice template, starting when the file's data starts.
    page.goto(url + "/contracts")
    _choose(page, "Vendor", VENDOR)
    page.get_by_text(f"{VENDOR} has no contract yet").wait_for()
    page.get_by_role("button", name="Fill the form from the voice template").click()
    for part, value in (
        ("year", "2025"),
        ("month", "11"),
        ("day", "01"),
    ):  # typed segment by segment
        page.get_by_role("spinbutton", name=f"{part}, Starts on").click()
        page.keyboard.type(value)
    page.get_by_text("KPI lines", exact=True).click()  # leave the field: the date is set
    _shot(page, "3_contract_form")
    page.get_by_role("button", name="Create the contract").click()
    page.get_by_text("Amend the targets").wait_for(timeout=60_000)
    with db.connect(db_file) as con:
        start_date = con.execute(
            "SELECT c.start_date FROM contracts c JOIN vendors v USING (vendor_id) "
            "WHERE v.name = ?",
            [VENDOR],
        ).fetchone()[0]
    assert str(start_date) == "2025-11-01"

    # 3. Its scorecard for the last full month of the file.
    page.goto(url + "/scorecard")
    _choose(page, "Vendor", VENDOR)
    _choose(page, "Period", "Mar 2026")  # periods read "Mar 2026" (issue 16)
    page.get_by_role("heading", name="Scorecard, Mar 2026").wait_for()
    table = page.get_by_test_id("stDataFrame").first
    page.wait_for_function(
        "() => /Met|Below target|Default/.test("
        "document.querySelector('[data-testid=stDataFrame]')?.innerHTML || '')"
    )
    assert "Service level" in table.inner_html()
    # The file counted answered within 60 s; the voice template's contract says 20 s: said.
    page.get_by_text("counted calls answered within 60 s").wait_for()
    _shot(page, "4_scorecard")

    # 4. Its MBR pack.
    page.goto(url + "/packs")
    _choose(page, "Vendor", VENDOR)
    page.get_by_text(f"Executive summary — {VENDOR}").wait_for(timeout=90_000)
    _choose(page, "Period", "Mar 2026")  # periods read "Mar 2026" (issue 16)
    page.get_by_text(f"Executive summary — {VENDOR}, Mar 2026").wait_for(timeout=90_000)
    button = page.get_by_role("button", name="Download the MBR pack (.xlsx)")
    _shot(page, "5_pack")
    with page.expect_download() as got:
        button.click()
    saved = tmp_path / "mbr.xlsx"
    got.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert len(book.sheetnames) >= 5
    assert any(VENDOR in str(c.value) for ws in book for row in ws.iter_rows() for c in row)
