"""The Portfolio says how each vendor's service level is defined when definitions differ."""

from __future__ import annotations

from datetime import date

from governance.access.actors import Actor
from governance.ingest import importer
from governance.scoring import portfolio
from tests.integration.contract_builders import add_facts, add_vendors, contract, create, sl_row

ADMIN = Actor("vmo@client.example", "admin")
HEADER = "Report Date,LOB,Channel,Calls Offered,Calls Handled,Abandons,Ans < {t}s\n"


def imported(con, tmp_path, vendor: str, threshold: int, day: int) -> None:
    path = tmp_path / f"{vendor}-{threshold}-{day}.csv"
    path.write_text(
        HEADER.format(t=threshold) + f"2026-10-{day:02d},Billing care,Voice,100,95,5,80\n"
    )
    result = importer.run(
        con,
        ADMIN,
        path,
        file_name=path.name,
        vendor=vendor,
        today=date(2026, 11, 20),
        add_labels=True,
    )
    assert result.ok, [e.text() for e in result.errors]


def test_each_vendor_s_threshold_and_denominator_are_stated(con, tmp_path):
    add_vendors(con, "Ardent", "Bellwether", "Cobalt")
    imported(con, tmp_path, "Ardent", 20, 1)
    imported(con, tmp_path, "Bellwether", 60, 1)
    imported(con, tmp_path, "Bellwether", 20, 2)  # a second file counted at another threshold
    add_facts(con, "Cobalt", [sl_row(date(2026, 10, 1), 100, 80)])
    create(
        con,
        contract(
            "Cobalt",
            [{"kpi": "service_level", "expected": 0.8, "minimum": 0.7, "weight": 100}],
            service_level={"over": "answered", "threshold_seconds": 30},
        ),
    )
    summary = portfolio.month_summary(con, date(2026, 10, 1)).set_index("vendor")
    assert summary.loc["Ardent", "sl_definition"] == "20 s ÷ offered"
    assert summary.loc["Bellwether", "sl_definition"] == "20/60 s ÷ offered"
    assert summary.loc["Cobalt", "sl_definition"] == "30 s ÷ offered (contract: ÷ answered)"
    # September: nothing was imported and no contract differs from the default wording.
    before = portfolio.month_summary(con, date(2026, 9, 1)).set_index("vendor")
    assert before["sl_definition"].isna()["Ardent"]


def test_a_scorecard_is_warned_when_the_files_counted_another_threshold(con, tmp_path):
    add_vendors(con, "Ardent", "Bellwether")
    imported(con, tmp_path, "Ardent", 20, 1)
    imported(con, tmp_path, "Bellwether", 60, 1)
    imported(con, tmp_path, "Bellwether", 20, 2)
    first, last = date(2026, 10, 1), date(2026, 10, 31)
    assert portfolio.sl_mismatch(con, "Ardent", first, last, 20) is None
    note = portfolio.sl_mismatch(con, "Bellwether", first, last, 20)
    assert note is not None and "within 60 s" in note and "within 20 s" in note
    assert "within 20 s and" not in note  # the agreeing file is not listed as a difference
    # A month with no imported file says nothing either way.
    assert portfolio.sl_mismatch(con, "Bellwether", date(2026, 9, 1), date(2026, 9, 30), 20) is None
