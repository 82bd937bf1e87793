"""The command line as scripts use it: help everywhere, one-line errors, exit codes, json shapes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from governance import cli
from governance.store import db


def commands(parser=None, prefix=()):
    """Every command path of the CLI, e.g. ('vendors', 'add')."""
    import argparse

    parser = parser or cli.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*prefix, name)
                yield from commands(sub, (*prefix, name))


def run(*args, env_db=None):
    return subprocess.run(
        [sys.executable, "-m", "governance", *args], capture_output=True, text=True
    )


ALL = sorted(set(commands()))


def test_the_documented_commands_exist():
    assert {
        ("init",),
        ("demo",),
        ("vendors",),
        ("vendors", "add"),
        ("vendors", "list"),
        ("kpis",),
    } <= set(ALL)


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_every_command_has_help(path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*path, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage:" in out
    # A description or a list of actions, not just the usage line.
    assert len(out.strip().splitlines()) > 3


def is_group(path) -> bool:
    """A command that only holds actions (vendors, profiles, batches…) has no options of its own."""
    return any(len(other) > len(path) and other[: len(path)] == path for other in ALL)


# ``store copy`` names its two databases with --from and --to instead.
@pytest.mark.parametrize(
    "path", [p for p in ALL if not is_group(p) and p != ("store", "copy")], ids=" ".join
)
def test_every_command_takes_db(path, capsys):
    with pytest.raises(SystemExit):
        cli.main([*path, "--help"])
    assert "--db PATH" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["kpis", "--by", "year"], "invalid choice: 'year'"),
        (["kpis", "--from", "yesterday"], "--from 'yesterday' is not a date"),
        (["kpis", "--from", "2026-10-01", "--to", "2026-09-01"], "is after --to"),
        (["kpis", "--dims", "agent"], "Unknown dimension 'agent'"),
        (["kpis", "--vendor", "Nobody"], "No vendor named 'Nobody'"),
        (["vendors", "add", " "], "cannot be empty"),
        (["nonsense"], "invalid choice"),
        (["vendors"], "name an action"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(argv, fragment, db_path):
    proc = (
        run(*argv, "--db", str(db_path))
        if argv[0] not in ("nonsense",) and argv != ["vendors"]
        else run(*argv)
    )
    assert proc.returncode == 2, proc.stderr
    assert fragment in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr


def test_init_creates_and_reports_the_schema_version(db_path):
    proc = run("init", "--db", str(db_path))
    assert proc.returncode == 0, proc.stderr
    latest = db.available_migrations()[-1][0]
    assert f"schema version {latest}" in proc.stdout
    with db.connect(db_path) as con:
        assert db.schema_version(con) == latest


def test_vendors_add_then_list_as_json(db_path):
    assert run("vendors", "add", "Acme Care", "Zenith BPO", "--db", str(db_path)).returncode == 0
    again = run("vendors", "add", "acme care", "--db", str(db_path))
    assert "already registered" in again.stdout
    listed = json.loads(run("vendors", "list", "--format", "json", "--db", str(db_path)).stdout)
    assert [v["name"] for v in listed] == ["Acme Care", "Zenith BPO"]


def test_kpis_json_has_vendor_dims_period_and_every_kpi_code(db_path):
    from governance.kpis.catalogue import KPI_CODES

    run("vendors", "add", "Acme Care", "--db", str(db_path))
    with db.connect(db_path) as con:
        con.execute(
            "INSERT INTO kpi_facts (vendor_id, program, date, offered, answered, answered_within_sl) "
            "VALUES (1, 'Billing care', DATE '2026-09-03', 100, 90, 70), "
            "(1, 'Billing care', DATE '2026-09-20', 50, 50, 50), (1, 'Collections', DATE '2026-10-01', 10, 0, 0)"
        )
    proc = run(
        "kpis", "--by", "month", "--dims", "program", "--format", "json", "--db", str(db_path)
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["vendor"], r["program"], r["period"]) for r in rows] == [
        ("Acme Care", "Billing care", "2026-09-01"),
        ("Acme Care", "Collections", "2026-10-01"),
    ]
    assert set(KPI_CODES) <= set(rows[0])
    assert rows[0]["service_level"] == pytest.approx(120 / 150)
    assert rows[0]["csat"] is None  # not reported -> null, never 0
    assert rows[1]["asa"] is None  # zero answered -> no data
    csv = run("kpis", "--by", "quarter", "--db", str(db_path)).stdout.splitlines()
    assert csv[0].startswith("vendor,period,service_level")
    assert csv[1].startswith("Acme Care,2026-07-01,")


def test_a_db_that_is_not_a_database_is_bad_input_with_exit_2(db_path, tmp_path):
    bad = tmp_path / "not-a-database.duckdb"
    bad.write_text("this is not a duckdb file")
    for target, says in ((bad, "not a database file"), (tmp_path, "is a directory")):
        proc = run("init", "--db", str(target))
        assert proc.returncode == 2, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and says in proc.stderr
        assert "Traceback" not in proc.stderr and str(target) in proc.stderr
    assert bad.read_text() == "this is not a duckdb file"  # left as it was


INTERNAL_FAULT = """
import sys
from governance import cli
from governance.commands import database

def broken(args):
    return 1 / 0  # a fault in the program, not in the input

database.cmd_init = broken
raise SystemExit(cli.main(["init", "--db", sys.argv[1]]))
"""


def test_an_internal_error_is_one_line_with_exit_3(db_path):
    proc = subprocess.run(
        [sys.executable, "-c", INTERNAL_FAULT, str(db_path)], capture_output=True, text=True
    )
    assert proc.returncode == 3, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "internal error" in proc.stderr and "Traceback" not in proc.stderr


def test_kpis_export_suppresses_people_figures_for_fewer_than_k(db_path):
    run("vendors", "add", "Acme Care", "--db", str(db_path))
    with db.connect(db_path) as con:
        con.execute(
            "INSERT INTO kpi_facts (vendor_id, site, date, headcount, leavers) VALUES "
            "(1, 'Small site', DATE '2026-09-01', 3, 1), (1, 'Mid site', DATE '2026-09-01', 20, 4), "
            "(1, 'Large site', DATE '2026-09-01', 50, 5)"
        )
    rows = json.loads(
        run("kpis", "--dims", "site", "--format", "json", "--db", str(db_path)).stdout
    )
    by_site = {r["site"]: r for r in rows}
    # As on the pages: small when the leavers or the headcount stand for fewer than k people.
    assert by_site["Small site"]["attrition"] == "< 5"  # 1 of 3 people: never shown
    # The sites add up to the vendor's figure: the next smallest goes with it (1 + 4 leavers)
    assert by_site["Mid site"]["attrition"] == "< 5"
    assert by_site["Large site"]["attrition"] == pytest.approx(0.1)
    assert not any(k.endswith(("__num", "__den")) for k in rows[0])
    csv = run("kpis", "--dims", "site", "--db", str(db_path)).stdout
    assert "< 5" in csv and "0.3333" not in csv


def test_a_table_shows_a_missing_text_as_an_empty_cell(tmp_path, capsys):
    path = tmp_path / "governance.duckdb"
    argv = ["excused", "add", "--vendor", "Acme Care", "--from", "2026-10-05", "--to", "2026-10-06"]
    argv += ["--kind", "holiday", "--reason", "Public holiday", "--approved-by", "VMO lead"]
    assert cli.main(["vendors", "add", "Acme Care", "--db", str(path)]) == 0
    assert cli.main([*argv, "--db", str(path)]) == 0
    capsys.readouterr()
    assert cli.main(["excused", "list", "--db", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "Public holiday" in shown and "None" not in shown  # no program, site or channel
