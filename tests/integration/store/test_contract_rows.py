"""The rows behind contracts: contracts and their programs, amendments, target versions."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from governance.store import accounts, contract_rows

T0 = datetime(2026, 1, 5, 9, 30)


@pytest.fixture
def vendor_id(con) -> int:
    accounts.insert_vendor(con, "Acme Care", "active", T0)
    return con.execute("SELECT vendor_id FROM vendors WHERE name = 'Acme Care'").fetchone()[0]


def _target(kpi="service_level", program=None, channel=None, start=date(2026, 1, 1), **extra):
    return {
        "kpi": kpi,
        "program": program,
        "channel": channel,
        "expected": 0.8,
        "minimum": 0.7,
        "weight": 100.0,
        "tier": "key",
        "allocation_pct": None,
        "category_pct": None,
        "window": "month",
        "effective_from": start,
        **extra,
    }


def test_insert_contract_takes_fixed_columns_and_defaults_the_rest(con, vendor_id):
    fields = {"vendor_id": vendor_id, "name": "MSA", "start_date": date(2026, 1, 1)}
    cid = contract_rows.insert_contract(con, {**fields, "pricing": "per_contact"}, T0)
    row = contract_rows.contract_row(con, cid)
    assert row["vendor"] == "Acme Care" and row["name"] == "MSA" and row["created_at"] == T0
    assert row["at_risk_pct"] == 10 and row["sl_threshold_seconds"] == 20  # the table's defaults
    assert contract_rows.contract_term(con, cid) == ("MSA", date(2026, 1, 1), None)
    assert contract_rows.contract_row(con, cid + 1) is None
    assert contract_rows.contract_term(con, cid + 1) is None

    with pytest.raises(ValueError, match="name = 'x'"):
        contract_rows.insert_contract(con, {**fields, "name = 'x'; --": 1}, T0)


def test_contract_ids_by_name_and_newest(con, vendor_id):
    assert contract_rows.newest_contract_id(con, vendor_id) is None
    first = contract_rows.insert_contract(
        con,
        {"vendor_id": vendor_id, "name": "A", "start_date": date(2026, 1, 1), "pricing": "per_fte"},
        T0,
    )
    second = contract_rows.insert_contract(
        con,
        {"vendor_id": vendor_id, "name": "B", "start_date": date(2025, 1, 1), "pricing": "per_fte"},
        T0,
    )
    assert contract_rows.contract_id_by_name(con, vendor_id, "B") == second
    assert contract_rows.contract_id_by_name(con, vendor_id, "b") is None
    assert contract_rows.newest_contract_id(con, vendor_id) == first  # the later start wins


def test_programs_in_scope_and_registered_once(con, vendor_id):
    cid = contract_rows.insert_contract(
        con,
        {"vendor_id": vendor_id, "name": "A", "start_date": date(2026, 1, 1), "pricing": "per_fte"},
        T0,
    )
    contract_rows.insert_program(con, "Billing care", "Invoices")
    for program in ("Sales", "Billing care"):
        contract_rows.insert_contract_program(con, cid, program)
        contract_rows.insert_program_if_new(con, program)
    contract_rows.insert_program_if_new(con, "Sales")
    assert contract_rows.contract_program_names(con, cid) == ["Billing care", "Sales"]
    assert contract_rows.program_exists(con, "Sales")
    assert not contract_rows.program_exists(con, "sales")
    assert con.execute("SELECT name, description FROM programs ORDER BY name").fetchall() == [
        ("Billing care", "Invoices"),
        ("Sales", None),
    ]


def test_target_versions_match_their_scope_with_nulls_as_values(con, vendor_id):
    cid = contract_rows.insert_contract(
        con,
        {"vendor_id": vendor_id, "name": "A", "start_date": date(2026, 1, 1), "pricing": "per_fte"},
        T0,
    )
    wide = contract_rows.insert_target(con, cid, _target(), version=1, amendment_id=None)
    billing = contract_rows.insert_target(
        con, cid, _target(program="Billing care"), version=1, amendment_id=None
    )
    day = date(2026, 3, 1)
    in_force = contract_rows.target_rows_in_force
    assert [t["target_id"] for t in in_force(con, cid, "service_level", None, None, day)] == [wide]
    assert [
        t["target_id"] for t in in_force(con, cid, "service_level", "Billing care", None, day)
    ] == [billing]
    assert in_force(con, cid, "service_level", None, "voice", day) == []

    aid = contract_rows.insert_amendment(
        con,
        cid,
        effective_from=day,
        reason="Volume mix",
        approved_by="Steering group",
        recorded_by="ada@client.example",
        recorded_at=T0,
    )
    contract_rows.close_target(con, wide, date(2026, 2, 28))
    newer = contract_rows.insert_target(
        con, cid, _target(start=day, expected=0.85), version=2, amendment_id=aid
    )
    assert contract_rows.amendment_rows(con, cid) == [(aid, day, "Volume mix", "Steering group")]
    assert contract_rows.amendment_count(con) == 1
    assert contract_rows.target_versions_from(con, cid, "service_level", None, None, day) == 1
    assert (
        contract_rows.target_versions_from(con, cid, "service_level", "Billing care", None, day)
        == 0
    )
    assert [t["target_id"] for t in in_force(con, cid, "service_level", None, None, day)] == [newer]

    rows = contract_rows.target_rows(con, cid)
    assert [(t["target_id"], t["effective_to"], t["version"]) for t in rows] == [
        (wide, date(2026, 2, 28), 1),
        (billing, None, 1),
        (newer, None, 2),
    ]
    assert rows[2]["measurement_window"] == "month" and rows[2]["amendment_id"] == aid
    frame = contract_rows.targets_in_force(con, cid, date(2026, 2, 1))
    assert list(frame["target_id"]) == [wide, billing]  # whole contract first, then programs
