"""The invoices and reconcile commands end to end on a DuckDB file (issue 19): an invoice file
loaded, a corrected invoice loaded as its next revision, every revision listed, the month
reconciled as JSON, and bad input refused with exit 2 and nothing stored."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance import cli
from governance.store import db
from tests.integration.contract_builders import add_facts, add_vendors, contract, create, target

V = "Minute Co"


@pytest.fixture
def path(tmp_path):
    """Minute Co, per handled minute at 0.90 (USD); October 2026: 1,500 minutes handled."""
    file = tmp_path / "g.duckdb"
    with db.connect(file) as con:
        add_vendors(con, V)
        add_facts(
            con,
            V,
            [
                {
                    "date": date(2026, 10, 5),
                    "program": "Billing care",
                    "channel": "voice",
                    "offered": 100,
                    "answered": 100,
                    "answered_within_sl": 90,
                    "handle_time_sec": 90_000,
                }
            ],
        )
        create(
            con,
            contract(
                V,
                [target("service_level", 0.80, 0.75, 100)],
                pricing="per_handled_minute",
                currency="USD",
                rates=[{"price": "0.90"}],
            ),
        )
    return file


def invoice_file(tmp_path, minutes: str, amount: str):
    file = tmp_path / f"inv-{minutes}.csv"
    file.write_text(
        "Invoice No,Period,Program,Channel,Unit,Quantity,Rate,Amount\n"
        f"MC-10,2026-10,Billing care,Voice,Handled minutes,{minutes},0.90,{amount}\n",
        encoding="utf-8",
    )
    return file


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_load_correct_list_and_reconcile(path, tmp_path, capsys):
    # 1,560 minutes × 0.90 = 1,404.00 billed; the data supports 1,500 × 0.90 = 1,350.00.
    code, out, _ = run(
        capsys,
        "invoices",
        "load",
        str(invoice_file(tmp_path, "1560", "1404.00")),
        "--vendor",
        V,
        "--db",
        str(path),
    )
    assert code == 0 and "total 1,404.00 USD" in out
    code, out, err = run(
        capsys,
        "invoices",
        "load",
        str(invoice_file(tmp_path, "1500", "1350.00")),
        "--vendor",
        V,
        "--db",
        str(path),
    )
    assert code == 2 and "already has invoice MC-10" in err and "correction" in err
    code, out, _ = run(
        capsys,
        "invoices",
        "load",
        str(invoice_file(tmp_path, "1500", "1350.00")),
        "--vendor",
        V,
        "--correct",
        "--db",
        str(path),
    )
    assert code == 0 and "revision 2" in out and "total 1,350.00 USD" in out
    code, out, _ = run(
        capsys,
        "invoices",
        "list",
        "--vendor",
        V,
        "--number",
        "MC-10",
        "--format",
        "json",
        "--db",
        str(path),
    )
    rows = json.loads(out)
    assert [(r["revision"], r["total"]) for r in rows] == [(1, "1404.00"), (2, "1350.00")]
    assert rows[0]["superseded_at"] and rows[1]["superseded_at"] is None
    code, out, _ = run(
        capsys,
        "reconcile",
        "--vendor",
        V,
        "--month",
        "2026-10",
        "--format",
        "json",
        "--db",
        str(path),
    )
    found = json.loads(out)
    assert code == 0
    assert found["totals"]["invoiced"] == "1350.00" and found["totals"]["supported"] == "1350.00"


def test_a_correction_of_an_unknown_number_exits_2_and_stores_nothing(path, tmp_path, capsys):
    code, _, err = run(
        capsys,
        "invoices",
        "load",
        str(invoice_file(tmp_path, "1500", "1350.00")),
        "--vendor",
        V,
        "--correct",
        "--db",
        str(path),
    )
    assert code == 2 and "no invoice MC-10 to correct" in err and "Traceback" not in err
    code, out, _ = run(capsys, "invoices", "list", "--format", "json", "--db", str(path))
    assert json.loads(out) == []
    code, _, err = run(capsys, "invoices", "list", "--number", "MC-10", "--db", str(path))
    assert code == 2 and "--vendor" in err


def test_a_vendor_s_invoice_layout_is_remembered_for_its_next_file(path, tmp_path, capsys):
    """October's file names its units and amount columns "Q" and "V", which the suggestion
    cannot read; named once with --column, November's file with the same headers maps itself."""

    def odd(name: str, month: str, minutes: str, amount: str):
        file = tmp_path / name
        file.write_text(
            "Invoice No,Period,Service,Q,V\n"
            f"MC-{month},2026-{month},Handled minutes,{minutes},{amount}\n",
            encoding="utf-8",
        )
        return file

    oct_file = odd("oct.csv", "10", "1500", "1350.00")
    code, _, err = run(capsys, "invoices", "load", str(oct_file), "--vendor", V, "--db", str(path))
    assert code == 2 and "units" in err  # not recognised without help
    code, out, _ = run(
        capsys,
        "invoices",
        "load",
        str(oct_file),
        "--vendor",
        V,
        "--column",
        "units=Q",
        "--column",
        "amount=V",
        "--column",
        "unit=Service",
        "--db",
        str(path),
    )
    assert code == 0 and "remembered" not in out and "last invoice file" not in out
    nov_file = odd("nov.csv", "11", "1400", "1260.00")
    code, out, _ = run(capsys, "invoices", "load", str(nov_file), "--vendor", V, "--db", str(path))
    assert code == 0, out
    assert "last invoice file with these headers" in out and "total 1,260.00 USD" in out
    # Another vendor's file with the same headers is not mapped with Minute Co's columns.
    with db.connect(path) as con:
        from governance.scoring import billing

        assert billing.remembered_columns(
            con, V, ["v", "Q", "Invoice  No", "period", "Service"]
        ) == {
            "amount": "V",
            "invoice_no": "Invoice No",
            "period": "Period",
            "unit": "Service",
            "units": "Q",
        }
        add_vendors(con, "Contact Co")
        assert (
            billing.remembered_columns(
                con, "Contact Co", ["V", "Q", "Invoice No", "Period", "Service"]
            )
            is None
        )
