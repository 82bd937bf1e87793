"""``import --add-labels`` and ``labels list|add|remove``: the known-labels registry from the
command line, as a scheduled job or an administrator uses it."""

from __future__ import annotations

import contextlib
import csv
import io
import json

import pytest

from governance import cli
from governance.store import db

CSV = (
    "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled\n"
    "2026-10-01,Billing care,Leeds,Voice,900,880\n"
    "2026-10-01,Billing care,Manila,Voice,900,880\n"
    "2026-10-02,Billing care,Leeds,Voice,900,880\n"
    "2026-10-02,Billing care,Manila,Voice,900,880\n"
)


def gov(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(args))
        except SystemExit as exc:  # argparse refusing the arguments
            status = exc.code
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def dbf(tmp_path):
    path = tmp_path / "g.duckdb"
    assert gov("vendors", "add", "Acme Care", "Bravo Contact", "--db", str(path))[0] == 0
    return path


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "acme.csv"
    path.write_text(CSV)
    return path


def stored(dbf) -> tuple[int, int]:
    with db.connect(dbf) as con:
        facts = con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0]
        known = con.execute("SELECT count(*) FROM vendor_labels").fetchone()[0]
    return facts, known


def listed(dbf, *args: str) -> list[dict]:
    status, out, err = gov("labels", "list", "--format", "json", "--db", str(dbf), *args)
    assert status == 0, err
    return json.loads(out)


def test_import_with_new_labels_exits_2_with_the_list(dbf, export):
    status, out, err = gov("import", str(export), "--vendor", "Acme Care", "--db", str(dbf))
    assert status == 2
    assert (
        "acme.csv brings 3 label(s) not registered for their vendor: Acme Care program: "
        "'Billing care'; site: 'Leeds', 'Manila'." in err
    )
    assert "--add-labels" in err and "Traceback" not in err
    assert stored(dbf) == (0, 0)
    status, out, _ = gov(
        "import", str(export), "--vendor", "Acme Care", "--format", "json", "--db", str(dbf)
    )
    doc = json.loads(out)
    assert status == 2 and doc["status"] == "rejected" and doc["new_labels"] == []


def test_add_labels_registers_them_with_the_import(dbf, export):
    base = ["import", str(export), "--vendor", "Acme Care", "--add-labels", "--db", str(dbf)]
    status, out, err = gov(*base, "--dry-run", "--format", "json")
    assert status == 0, err
    doc = json.loads(out)
    assert doc["dry_run"] and doc["new_labels"] == [
        {"vendor": "Acme Care", "dimension": "program", "label": "Billing care"},
        {"vendor": "Acme Care", "dimension": "site", "label": "Leeds"},
        {"vendor": "Acme Care", "dimension": "site", "label": "Manila"},
    ]
    assert stored(dbf) == (0, 0)  # a dry run registers nothing
    status, out, err = gov(*base)
    assert status == 0, err
    assert "It registered 3 new label(s): Acme Care program: 'Billing care'" in out
    assert stored(dbf) == (4, 3)
    known = listed(dbf, "--vendor", "Acme Care")
    assert [(r["dimension"], r["label"], r["source"]) for r in known] == [
        ("program", "Billing care", "import"),
        ("site", "Leeds", "import"),
        ("site", "Manila", "import"),
    ]


def test_a_person_like_label_exits_2_even_with_add_labels(dbf, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(CSV.replace("Manila", '"SMITH, DIANE"'))
    status, out, err = gov(
        "import", str(path), "--vendor", "Acme Care", "--add-labels", "--db", str(dbf)
    )
    assert status == 2
    assert "column 'Location'" in err and "look like a person's name" in err
    assert "smith" not in (out + err).casefold()
    assert stored(dbf) == (0, 0)


def test_labels_add_list_remove(dbf):
    status, out, err = gov(
        "labels", "add", "--vendor", "Acme Care", "--dimension", "queue",
        "Billing disputes", " Payment  arrangements", "--db", str(dbf),
    )  # fmt: skip
    assert status == 0, err
    assert out.splitlines() == [
        "registered: Acme Care queue 'Billing disputes'",
        "registered: Acme Care queue 'Payment arrangements'",
    ]
    status, out, err = gov(
        "labels", "add", "--vendor", "Acme Care", "--dimension", "queue", "Billing disputes",
        "--db", str(dbf),
    )  # fmt: skip
    assert status == 0 and out == "already registered: Acme Care queue 'Billing disputes'\n"
    gov(
        "labels",
        "add",
        "--vendor",
        "Bravo Contact",
        "--dimension",
        "site",
        "Bogota",
        "--db",
        str(dbf),
    )
    rows = listed(dbf)
    assert [(r["vendor"], r["dimension"], r["label"]) for r in rows] == [
        ("Acme Care", "queue", "Billing disputes"),
        ("Acme Care", "queue", "Payment arrangements"),
        ("Bravo Contact", "site", "Bogota"),
    ]
    assert {r["source"] for r in rows} == {"command"}
    status, out, err = gov(
        "labels", "list", "--vendor", "Bravo Contact", "--format", "csv", "--db", str(dbf)
    )
    table = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and [(r["vendor"], r["label"]) for r in table] == [
        ("Bravo Contact", "Bogota")
    ]
    status, out, err = gov(
        "labels", "remove", "--vendor", "Acme Care", "--dimension", "queue",
        "Payment arrangements", "--db", str(dbf),
    )  # fmt: skip
    assert status == 0 and out == "removed: Acme Care queue 'Payment arrangements'\n"
    assert [r["label"] for r in listed(dbf, "--vendor", "Acme Care")] == ["Billing disputes"]
    with db.connect(dbf) as con:
        actions = [a for (a,) in con.execute("SELECT action FROM audit_events").fetchall()]
    assert actions.count("label.add") == 3 and actions.count("label.remove") == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add", "--vendor", "Acme Care", "--dimension", "queue", "Diane Smith"], "looks like a person's name"),
        (["add", "--vendor", "Acme Care", "--dimension", "queue", "jdoe01"], "looks like a login"),
        (["add", "--vendor", "Acme Care", "--dimension", "site", "Ext 4471"], "extension or employee"),
        (["add", "--vendor", "Acme Care", "--dimension", "queue", "Bill\x1b[2Jing"], "disguise text"),
        (["add", "--vendor", "Acme Care", "--dimension", "channel", "Voice"], "invalid choice"),
        (["add", "--vendor", "Nobody", "--dimension", "queue", "Billing"], "No vendor named 'Nobody'"),
        (["remove", "--vendor", "Acme Care", "--dimension", "queue", "Never added"], "no registered queue"),
        (["list", "--vendor", "Nobody"], "No vendor named 'Nobody'"),
        ([], "name an action"),
    ],
)  # fmt: skip
def test_bad_labels_commands_exit_2_and_register_nothing(dbf, args, says):
    status, out, err = gov("labels", *args, *(["--db", str(dbf)] if args else []))
    assert status == 2, out + err
    assert says in err and "Traceback" not in err
    assert "\x1b" not in out + err  # a control character is shown escaped, never sent raw
    assert stored(dbf) == (0, 0)
