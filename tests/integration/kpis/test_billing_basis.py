"""Billing accuracy under each vendor's own pricing (issue 19, item 4): never a ratio of unlike
units. Expected values worked here by hand from the inserted rows."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance import cli, kpis
from governance.kpis import frames
from governance.scoring import billing
from governance.store import db
from tests.integration.contract_builders import add_facts, add_vendors, contract, create, target

NOV = date(2026, 11, 3)


def row(**values) -> dict:
    return {"date": NOV, "program": "Billing care", "channel": "voice", **values}


def load(con) -> None:
    """November 2026:
    - Minute Co, per handled minute: Billing care 120 minutes billed on 6,000 s (100 minutes)
      handled, Collections 200 on 6,000 s: 320 ÷ 200 minutes = 1.60 over the vendor (the generic
      ratio, billed ÷ handled contacts, would read 320 ÷ 150 = 2.13).
    - Contact Co, per contact: 95 billed of 100 handled: 0.95.
    - Outcome Co, outcome-based: not computed. Loose Co, no contract: not computed.
    """
    add_vendors(con, "Minute Co", "Contact Co", "Outcome Co", "Loose Co")
    add_facts(
        con,
        "Minute Co",
        [
            row(answered=100, handle_time_sec=6000, billed_units=120),
            row(program="Collections", answered=50, handle_time_sec=6000, billed_units=200),
        ],
    )
    for name in ("Contact Co", "Outcome Co", "Loose Co"):
        add_facts(con, name, [row(answered=100, handle_time_sec=30_000, billed_units=95)])
    sl = [target("service_level", 0.8, 0.75, 100)]
    for name, pricing in (
        ("Minute Co", "per_handled_minute"),
        ("Contact Co", "per_contact"),
        ("Outcome Co", "outcome_based"),
    ):
        create(con, contract(name, sl, pricing=pricing, programs=["Billing care", "Collections"]))


def test_each_vendor_is_measured_under_its_own_pricing(con):
    load(con)
    frame = kpis.rollup(con, by="month", dims=("vendor",), parts=True)
    # The catalogue's generic ratio divides by contacts: Minute Co 320 ÷ 150 = 2.13, meaningless.
    generic = dict(zip(frame["vendor"], frame["billing_accuracy"], strict=True))
    assert generic["Minute Co"] == pytest.approx(320 / 150)
    shown = {
        r["vendor"]: r
        for r in frames.plain_records(billing.by_pricing(con, frame, by="month", dims=("vendor",)))
    }
    # 320 billed minutes over 12,000 s = 200 handled minutes: 1.60.
    assert shown["Minute Co"]["billing_accuracy"] == pytest.approx(320 / (12_000 / 60))
    assert shown["Minute Co"]["billing_basis"].startswith("per_handled_minute: billed minutes")
    assert shown["Contact Co"]["billing_accuracy"] == pytest.approx(0.95)
    assert shown["Outcome Co"]["billing_accuracy"] is None
    assert "not computed" in shown["Outcome Co"]["billing_basis"]
    assert shown["Loose Co"]["billing_accuracy"] is None
    assert shown["Loose Co"]["billing_basis"] == billing.NO_CONTRACT


def test_by_program_each_row_uses_the_vendors_pricing(con):
    load(con)
    frame = kpis.rollup(con, by="month", dims=("vendor", "program"), parts=True)
    shown = billing.by_pricing(con, frame, by="month", dims=("vendor", "program"))
    minute = {
        r["program"]: r["billing_accuracy"]
        for r in frames.plain_records(shown)
        if r["vendor"] == "Minute Co"
    }
    # Billing care 120 ÷ 100 minutes; Collections 200 ÷ 100 minutes.
    assert minute == pytest.approx({"Billing care": 1.2, "Collections": 2.0})


def test_the_kpis_command_prints_the_basis(db_path, capsys):
    with db.connect(db_path) as con:
        load(con)
    assert cli.main(["kpis", "--format", "json", "--db", str(db_path)]) == 0
    shown = {r["vendor"]: r for r in json.loads(capsys.readouterr().out)}
    assert shown["Minute Co"]["billing_accuracy"] == pytest.approx(1.6)
    assert shown["Outcome Co"]["billing_accuracy"] is None
    assert shown["Contact Co"]["billing_basis"] == "per_contact: billed units ÷ handled contacts"
