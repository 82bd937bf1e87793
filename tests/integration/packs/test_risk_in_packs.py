"""The risk tier in the packs (issue 18, item 6): a sentence beside the vendor's score on its
executive summary, a column of the portfolio's scorecard, and nothing in a pack made without
the client's view of exposure (a vendor partner's)."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl

from governance import packs
from governance.packs import workbook
from tests.integration.scoring.test_risk import load

NOW = datetime(2026, 12, 6, 9, 0)


def sheet_text(wb, name: str) -> str:
    return " ".join(str(c.value) for row in wb[name].iter_rows() for c in row if c.value)


def book(con, period, vendor, **options):
    data = packs.gather(con, period, vendor, now=NOW, **options)
    return openpyxl.load_workbook(io.BytesIO(workbook.to_bytes(data)))


def test_the_vendor_pack_says_the_tier_beside_the_score(con):
    load(con)
    text = sheet_text(book(con, "2026-11", "Birch BPO"), "Executive summary")
    assert "Risk tier: critical (25% of volume; 25% of spend; 1 attestation expired; " in text
    assert "is not part of the score" in text
    partner = book(con, "2026-11", "Birch BPO", exposure=False)
    assert "Risk tier" not in " ".join(sheet_text(partner, n) for n in partner.sheetnames)


def test_the_portfolio_pack_has_a_risk_tier_column(con):
    load(con)
    ws = book(con, "2026Q4", None)["Scorecard"]
    rows = [[c.value for c in row if c.value is not None] for row in ws.iter_rows()]
    header = next(r for r in rows if "Risk tier" in r)
    birch = next(r for r in rows if r and r[0] == "Birch BPO")
    # As of 6 Dec 2026 (the quarter is not over): December has no volume or spend yet, so
    # Birch's tier is its expired attestation (2) and two open P1s (3): 5, medium.
    assert header[-1] == "Risk tier" and birch[-1] == "medium"
