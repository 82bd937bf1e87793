"""The packs' Billing slide (issue 19, item 3): each month's invoices against what the data
supports with credits netted, the flagged lines, and a title that states the finding. Figures
are those worked by hand in tests/integration/scoring/test_reconcile.py."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from governance import packs
from governance.packs import workbook
from tests.integration.scoring.test_reconcile import OCT, invoice, load

NOW = datetime(2026, 12, 6, 9, 0)


def rows(ws) -> list[list]:
    return [[c.value for c in r if c.value is not None] for r in ws.iter_rows()]


def test_the_mbr_billing_slide_states_the_overbilling_and_nets_the_credits(con):
    load(con)
    invoice(
        con,
        "Minute Co",
        "MC-1010",
        [{"unit": "handled_minute", "units": "1560", "amount": "1348.00"}],
    )
    data = packs.gather(con, OCT, "Minute Co", now=NOW)
    wb = openpyxl.load_workbook(io.BytesIO(workbook.to_bytes(data)))
    ws = wb["Billing"]
    assert ws["A1"].value == "Invoice MC-1010 billed 48.00 USD (3.69%) above what the data supports"
    found = rows(ws)
    month = next(r for r in found if r and r[0] == "Oct 2026")
    # invoiced 1,348.00; supported 1,300.00; payable 1,300.00; credits 100.00; net 1,200.00
    assert month == ["Oct 2026", 1348.0, 1300.0, 1300.0, 100.0, 1200.0, 1]
    line = next(r for r in found if r and r[0] == "MC-1010 / 1")
    assert line[-2:] == [pytest.approx(48.0), "over-billed"]


def test_a_month_without_an_invoice_says_so(con):
    load(con)
    data = packs.gather(con, OCT, "Minute Co", now=NOW)
    ws = openpyxl.load_workbook(io.BytesIO(workbook.to_bytes(data)))["Billing"]
    assert ws["A1"].value == "No invoice recorded for Oct 2026"
    text = " ".join(str(v) for r in rows(ws) for v in r)
    assert "No invoice recorded yet: Oct 2026." in text
