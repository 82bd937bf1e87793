"""A contract amendment changes rates as it changes targets (issue 19, item 1): dated, with a
reason and an approver; history is priced by the rate in force then. Expected amounts are worked
by hand from the rate card and the facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from governance import contracts
from governance.errors import InvalidInput
from governance.scoring import billing
from governance.store import billing_rows, db
from tests.integration.contract_builders import (
    BUILDER,
    add_facts,
    add_vendors,
    contract,
    create,
    target,
)

V = "Minute Co"


def load(con) -> int:
    """Minute Co, billed per handled minute (USD) from 2025-01-01: 0.90 a minute up to 1,000
    minutes, 0.80 beyond (graduated); training at 25.00 an hour. September and October 2026
    each hold 1,500 handled minutes (90,000 s)."""
    minute_facts(con, (9, 10))
    return create(
        con,
        contract(
            V,
            [target("service_level", 0.80, 0.75, 100)],
            pricing="per_handled_minute",
            currency="USD",
            rates=[
                {"price": "0.90", "bands": [["1000", "0.80"]]},
                {"unit": "training_hour", "price": "25"},
            ],
        ),
    )


def minute_facts(con, months) -> None:
    """Minute Co registered, with 1,500 handled minutes (90,000 s) in each of ``months`` of 2026."""
    add_vendors(con, V)
    add_facts(
        con,
        V,
        [
            {
                "date": date(2026, month, 5),
                "program": "Billing care",
                "channel": "voice",
                "offered": 100,
                "answered": 100,
                "answered_within_sl": 90,
                "handle_time_sec": 90_000,
                "invoiced_amount": 1000,
            }
            for month in months
        ],
    )


def amend_rates(
    con, cid: int, rates: list, *, on: str = "2026-10-01", reason: str = "Indexation", **extra
) -> int:
    """An amendment of the rate card, approved by the VMO director, as the builder."""
    return contracts.add_amendment(
        con,
        BUILDER,
        cid,
        effective_from=on,
        reason=reason,
        approved_by="VMO director",
        rates=rates,
        **extra,
    )


def indexation(con, cid: int, **extra) -> int:
    """From 2026-10-01 the minute costs 0.95 (the band beyond 1,000 minutes unchanged)."""
    return amend_rates(
        con,
        cid,
        [{"unit": "handled_minute", "price": "0.95"}],
        reason="Annual indexation, clause 9.2",
        **extra,
    )


def minutes_invoice(con, month: str, number: str) -> None:
    billing.record_invoice(
        con,
        BUILDER,
        vendor=V,
        month=month,
        invoice_no=number,
        lines=[{"unit": "handled_minute", "units": "1500", "amount": "1300.00"}],
    )


def test_an_amended_price_prices_the_months_after_it_and_not_before(con):
    cid = load(con)
    indexation(con, cid)
    minutes_invoice(con, "2026-09", "MC-09")
    minutes_invoice(con, "2026-10", "MC-10")
    [sep] = billing.reconcile(con, V, "2026-09")["lines"]
    [oct_] = billing.reconcile(con, V, "2026-10")["lines"]
    # September, the old card: 1,000 × 0.90 + 500 × 0.80 = 1,300.00, as billed.
    assert sep["expected"] == Decimal("1300.00") and sep["variance"] == Decimal("0.00")
    # October: 1,000 × 0.95 + 500 × 0.80 (the band carried over) = 1,350.00; billed 1,300.00.
    assert oct_["expected"] == Decimal("1350.00")
    assert oct_["variance"] == Decimal("-50.00") and oct_["flag"] == "under"


def test_the_rate_versions_close_and_name_their_amendment(con):
    cid = load(con)
    aid = indexation(con, cid)
    minute = [r for r in billing_rows.rates(con, cid) if r["unit"] == "handled_minute"]
    assert [(r["version"], r["effective_from"], r["effective_to"]) for r in minute] == [
        (1, date(2025, 1, 1), date(2026, 9, 30)),
        (2, date(2026, 10, 1), None),
    ]
    assert [r["amendment_id"] for r in minute] == [None, aid]
    assert minute[1]["price"] == Decimal("0.95") and minute[1]["bands"] == minute[0]["bands"]
    event = con.execute(
        "SELECT before, after FROM audit_events WHERE action = 'contract.amend'"
    ).fetchall()
    assert len(event) == 1
    assert "Annual indexation" in event[0][1] and "VMO director" in event[0][1]
    assert '"0.95"' in event[0][1] and '"price": "0.9"' in event[0][0]


def test_a_rate_can_be_retired_and_a_new_one_added(con):
    cid = load(con)
    amend_rates(
        con,
        cid,
        [
            {"unit": "training_hour", "retire": True},
            {"unit": "contact", "program": "Billing care", "price": "3.10"},
        ],
        reason="Training now billed per contact",
    )
    in_force = {
        (r["unit"], r["program"])
        for r in billing_rows.rates(con, cid)
        if r["effective_to"] is None or r["effective_to"] >= date(2026, 10, 1)
    }
    assert in_force == {("handled_minute", None), ("contact", "Billing care")}
    card = billing_rows.rates(con, cid)
    assert billing.rate_for(card, "training_hour", None, None, date(2026, 9, 30)) is not None
    assert billing.rate_for(card, "training_hour", None, None, date(2026, 10, 1)) is None


@pytest.mark.parametrize(
    ("rates", "says"),
    [
        ([{"unit": "fte", "retire": True}], "not in force on 2026-10-01"),
        ([{"unit": "contact"}], "price is required"),
        ([{"unit": "handled_minute", "colour": "red"}], "Unknown key 'colour'"),
        ([{"unit": "handled_minute", "price": "-1"}], "0 or more"),
        ([], "changes no target and no rate"),
    ],
)
def test_a_wrong_rate_change_is_refused_and_writes_nothing(con, rates, says):
    cid = load(con)
    before = billing_rows.rates(con, cid)
    with pytest.raises(InvalidInput, match=says):
        amend_rates(con, cid, rates)
    assert billing_rows.rates(con, cid) == before
    assert con.execute("SELECT count(*) FROM amendments").fetchone()[0] == 0


def test_an_amendment_before_a_later_rate_version_is_refused(con):
    cid = load(con)
    indexation(con, cid)
    with pytest.raises(InvalidInput, match="already has a version from 2026-06-01 or later"):
        amend_rates(
            con,
            cid,
            [{"unit": "handled_minute", "price": "0.99"}],
            on="2026-06-01",
            reason="Back-dated change",
        )


def test_the_contracts_file_carries_rate_amendments_and_loads_back_the_same(con, tmp_path):
    cid = load(con)
    indexation(con, cid)
    amend_rates(
        con,
        cid,
        [{"unit": "training_hour", "retire": True}],
        on="2026-11-01",
        reason="Training moved into the minute rate",
    )
    text = contracts.export_toml(con)
    assert 'price = "0.95"' in text and "retire = true" in text
    with db.connect(tmp_path / "other.duckdb") as other:
        add_vendors(other, V)
        assert [r["result"] for r in contracts.load_toml(other, BUILDER, text)] == ["created"]
        assert contracts.export_toml(other) == text

        def shape(c):
            return [
                {k: v for k, v in r.items() if k not in ("rate_id", "contract_id", "amendment_id")}
                for r in billing_rows.rates(c, 1)
            ]

        assert shape(other) == shape(con)
        assert {r["result"] for r in contracts.load_toml(other, BUILDER, text)} == {"unchanged"}


def test_a_rate_amendment_added_to_the_file_is_recorded_on_load(con):
    cid = load(con)
    text = contracts.export_toml(con)
    text += (
        "\n[[contract.amendment]]\n"
        'effective_from = 2026-10-01\nreason = "Indexation"\napproved_by = "VMO director"\n'
        '[[contract.amendment.rates]]\nunit = "handled_minute"\nprice = "0.95"\n'
    )
    [result] = contracts.load_toml(con, BUILDER, text)
    assert (result["result"], result["amendments_added"]) == ("amended", 1)
    card = billing_rows.rates(con, cid)
    now = billing.rate_for(card, "handled_minute", None, None, date(2026, 10, 1))
    assert now["price"] == Decimal("0.95")


def test_the_rate_card_editor_records_edits_deletions_and_new_rows(con):
    from governance.contracts import rate_editor

    cid = load(con)
    when = date(2026, 10, 1)
    shown = rate_editor.rate_table(con, cid, when)
    assert list(shown["Unit"]) == ["handled minute", "training hour"]
    assert list(shown["Bands"]) == ["1,000: 0.8", None]
    edited = shown.copy()
    edited.loc[0, "Price"] = "0.93"
    edited.loc[0, "Bands"] = "1,000: 0.80; 5000 at 0.70"
    edited = edited.drop(index=1)  # training is no longer billed apart
    edited.loc[5] = [None, "handled contact", "Billing care", None, "3.10", None, None, "500"]
    contracts.amend_from_editor(
        con,
        BUILDER,
        cid,
        contracts.editor_table(con, cid, when),
        contracts.editor_table(con, cid, when),
        effective_from=when,
        reason="New card",
        approved_by="VMO director",
        rates_shown=shown,
        rates_edited=edited,
    )
    after = rate_editor.rate_table(con, cid, when)
    assert after.drop(columns=["rate_id"]).to_dict("records") == [
        {
            "Unit": "handled contact",
            "Program": "Billing care",
            "Channel": None,
            "Price": "3.1",
            "Bands": None,
            "Banding": None,
            "Minimum monthly": "500",
        },
        {
            "Unit": "handled minute",
            "Program": None,
            "Channel": None,
            "Price": "0.93",
            "Bands": "1,000: 0.8; 5,000: 0.7",
            "Banding": "graduated",
            "Minimum monthly": None,
        },
    ]
    # Untouched rows and a blank row the grid adds are not changes.
    assert rate_editor.rate_changes(after, after) == []


def test_the_rate_card_editor_refuses_nonsense_with_the_rate_named(con):
    from governance.contracts import rate_editor

    cid = load(con)
    shown = rate_editor.rate_table(con, cid, date(2026, 10, 1))
    edited = shown.copy()
    edited.loc[0, "Bands"] = "from a thousand, cheaper"
    with pytest.raises(InvalidInput, match="handled minute: bands read"):
        rate_editor.rate_changes(shown, edited)
    edited = shown.copy()
    edited.loc[0, "Unit"] = "per banana"
    with pytest.raises(InvalidInput, match="the unit is not known"):
        rate_editor.rate_changes(shown, edited)


def test_a_rate_card_written_another_common_way_reads_the_same(con):
    """A stranger's contracts file: the unit named "Handled minutes", the band as a table; an
    amendment naming the unit "minute" changes that rate. Priced by hand: 1,500 minutes at 0.90
    up to 1,000 and 0.80 beyond is 1,300.00; amended to 0.92, 1,320.00."""
    minute_facts(con, (10,))
    text = """
[[contract]]
vendor = "Minute Co"
name = "Minutes SOW"
start = 2025-01-01
pricing = "per_handled_minute"
currency = "USD"

[[contract.target]]
kpi = "service_level"
expected = 0.8
minimum = 0.75
weight = 100

[[contract.rate]]
unit = "Handled minutes"
price = 0.90
bands = [{ from_units = 1000, price = "0.80" }]
"""
    contracts.load_toml(con, BUILDER, text)
    cid = contracts.contract_id(con, V)
    [rate] = billing_rows.rates(con, cid)
    assert rate["unit"] == "handled_minute"
    assert billing.priced(Decimal("1500"), rate) == Decimal("1300.00")
    amend_rates(con, cid, [{"unit": "minute", "price": "0,92"}])
    card = billing_rows.rates(con, cid)
    now = billing.rate_for(card, "handled_minute", None, None, date(2026, 10, 1))
    assert now["version"] == 2 and billing.priced(Decimal("1500"), now) == Decimal("1320.00")
    with pytest.raises(InvalidInput, match="rate unit 'per banana' is not known"):
        amend_rates(con, cid, [{"unit": "per banana", "price": "1"}], on="2026-11-01")


def test_an_fte_rate_on_the_grid_is_read_back_and_can_be_changed():
    """The grid shows the FTE unit as "FTE (month)"; reading it back refused it as an unknown
    unit, so no amendment of a per-FTE contract could be recorded on the page."""
    import pandas as pd

    from governance.contracts import rate_editor

    shown = pd.DataFrame(
        [
            {
                "rate_id": 7,
                "Unit": "FTE (month)",
                "Program": None,
                "Channel": None,
                "Price": "4800",
                "Bands": None,
                "Banding": None,
                "Minimum monthly": None,
            }
        ],
        dtype=object,
    )
    assert rate_editor.rate_changes(shown, shown) == []
    edited = shown.copy()
    edited.loc[0, "Price"] = "4.950,00"
    assert rate_editor.rate_changes(shown, edited) == [{"unit": "fte", "price": "4.950,00"}]
