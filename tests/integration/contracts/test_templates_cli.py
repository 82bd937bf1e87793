"""`governance contracts template` prints a starter contract that `contracts load` accepts
unchanged, through the command line as a script runs it; the currency a contract states is
stored and exported."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from governance import contracts
from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import InvalidInput

ADMIN = Actor("ada@client.example", "admin")


def governance(db_path, *argv) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "governance", *argv, "--db", str(db_path)]
        if argv[0] != "contracts"
        else [sys.executable, "-m", "governance", "contracts", "--db", str(db_path), *argv[1:]],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("kind", ["voice", "chat", "email", "back-office"])
def test_a_printed_template_loads_unchanged(kind, db_path, tmp_path):
    made = governance(
        db_path,
        "contracts",
        "template",
        "--kind",
        kind,
        "--vendor",
        "Quayside Support",
        "--start",
        "2026-04-01",
    )
    assert made.returncode == 0, made.stderr
    path = tmp_path / "starter.toml"
    path.write_text(made.stdout, encoding="utf-8")

    assert governance(db_path, "vendors", "add", "Quayside Support").returncode == 0
    loaded = governance(db_path, "contracts", "load", str(path), "--format", "json")
    assert loaded.returncode == 0, loaded.stderr
    [result] = json.loads(loaded.stdout)
    assert (result["vendor"], result["result"]) == ("Quayside Support", "created")

    # What is stored is what was printed: export it and compare with the file, key by key.
    printed = tomllib.loads(made.stdout)["contract"][0]
    exported = governance(db_path, "contracts", "export")
    assert exported.returncode == 0, exported.stderr
    [stored] = tomllib.loads(exported.stdout)["contract"]
    for key, value in printed.items():
        if key != "target":
            assert stored[key] == value, key
    kept = {t["kpi"]: t for t in stored["target"]}
    assert len(kept) == len(printed["target"])
    for given in printed["target"]:
        assert {k: kept[given["kpi"]].get(k) for k in given} == pytest.approx(given)

    # Loading the same file again changes nothing.
    again = governance(db_path, "contracts", "load", str(path), "--format", "json")
    assert [r["result"] for r in json.loads(again.stdout)] == ["unchanged"]


def test_the_template_without_a_vendor_names_a_placeholder_to_replace(db_path):
    made = governance(db_path, "contracts", "template", "--kind", "voice")
    assert made.returncode == 0, made.stderr
    assert 'vendor = "Example vendor"' in made.stdout
    assert "vendors add NAME" in made.stdout  # the header says what to do first
    # Named, with a direction and a unit, above each target.
    assert "# Abandonment rate (lower is better): expected 5 %, worse limit 8 %" in made.stdout


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--kind", "fax"], "'fax' is not a template"),
        (["--kind", "voice", "--start", "2026-13-01"], "is not a date"),
        (["--kind", "voice", "--currency", "dollars"], "is not a currency code"),
    ],
)
def test_bad_template_options_exit_2_with_one_line(argv, message, db_path):
    made = governance(db_path, "contracts", "template", *argv)
    assert made.returncode == 2
    assert message in made.stderr and made.stdout == ""
    assert len(made.stderr.strip().splitlines()) == 1


def test_a_contracts_currency_is_stored_upper_case_and_exported(con):
    vendors.add_vendors(con, ADMIN, ["Quayside Support"])
    spec = contracts.starter("chat", vendor="Quayside Support") | {"currency": "eur"}
    cid = contracts.create_contract(con, ADMIN, spec)
    assert contracts.contract_spec(con, cid)["currency"] == "EUR"
    with pytest.raises(InvalidInput, match="'E1' is not a currency code"):
        contracts.create_contract(con, ADMIN, spec | {"name": "Other", "currency": "E1"})
