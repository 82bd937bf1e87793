"""facts.insert_batch registers the labels it stores, in the transaction that stores them, so the
known-labels registry always holds every stored program, site, language and queue; a label that
looks like a person is refused and nothing is written. The demo, which loads through it, leaves
no stored label unregistered."""

from __future__ import annotations

import contextlib
import io
from datetime import date

import pandas as pd
import pytest

from governance import cli
from governance.access import vendors
from governance.errors import InvalidInput
from governance.ingest import facts
from governance.store import db
from tests import store_tables

VENDOR = "Northwind Contact"


@pytest.fixture
def vendor(con, manager):
    vendors.add_vendors(con, manager, [VENDOR, "Bluebird BPO"])
    return VENDOR


def frame(queues=("Billing", "Disputes")) -> pd.DataFrame:
    rows = []
    for day in (1, 2):
        for i, queue in enumerate(queues):
            rows.append(
                {
                    "date": date(2026, 9, day),
                    "program": "Billing care",
                    "site": ("Leeds", "Manila")[i % 2],
                    "channel": "voice",
                    "language": "English",
                    "queue": queue,
                    "offered": 300 + i,
                    "answered": 290 + i,
                }
            )
    return pd.DataFrame(rows)


def registry(con) -> set[tuple[str, str, str, str]]:
    return set(
        con.execute(
            "SELECT v.name, l.dimension, l.label, l.source FROM vendor_labels l "
            "JOIN vendors v USING (vendor_id)"
        ).fetchall()
    )


def stored_labels(con) -> set[tuple[str, str, str]]:
    """Every (vendor, dimension, label) kpi_facts holds, by plain SQL over its rows."""
    out = set()
    for dim in ("program", "site", "language", "queue"):
        out |= set(
            con.execute(
                f"SELECT DISTINCT v.name, '{dim}', f.{dim} FROM kpi_facts f "  # noqa: S608
                f"JOIN vendors v USING (vendor_id) WHERE f.{dim} IS NOT NULL"
            ).fetchall()
        )
    return out


def state(con) -> dict:
    return {
        t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # noqa: S608
        for (t,) in con.execute(store_tables.TABLES).fetchall()
    }


def test_the_labels_a_batch_stores_are_registered_with_it(con, manager, vendor):
    facts.insert_batch(
        con, manager, vendor=vendor, frame=frame(), file_name="feed", content_hash="h1"
    )
    assert registry(con) == {
        (VENDOR, "program", "Billing care", "import"),
        (VENDOR, "site", "Leeds", "import"),
        (VENDOR, "site", "Manila", "import"),
        (VENDOR, "language", "English", "import"),
        (VENDOR, "queue", "Billing", "import"),
        (VENDOR, "queue", "Disputes", "import"),
    }
    (added,) = con.execute(
        "SELECT count(*) FROM audit_events WHERE action = 'label.add'"
    ).fetchone()
    assert added == 6  # one event per label registered


def test_labels_already_registered_are_left_as_they_are(con, manager, vendor):
    facts.insert_batch(
        con, manager, vendor=vendor, frame=frame(), file_name="feed", content_hash="h1"
    )
    later = frame(("Billing", "Upgrades"))
    facts.insert_batch(
        con,
        manager,
        vendor=vendor,
        frame=later,
        file_name="demo feed",
        content_hash="h2",
        source="demo",
    )
    queues = {(label, source) for _v, d, label, source in registry(con) if d == "queue"}
    assert queues == {("Billing", "import"), ("Disputes", "import"), ("Upgrades", "demo")}
    (added,) = con.execute(
        "SELECT count(*) FROM audit_events WHERE action = 'label.add'"
    ).fetchone()
    assert added == 7
    assert {(v, d, lab) for v, d, lab, _s in registry(con)} >= stored_labels(con)


def test_a_label_that_looks_like_a_person_refuses_the_batch(con, manager, vendor):
    before = state(con)
    for person in ("Diane Smith", "jdoe01", "Ext 4471", "d.smith@vendor.com"):
        with pytest.raises(InvalidInput) as refused:
            facts.insert_batch(
                con,
                manager,
                vendor=vendor,
                frame=frame(("Billing", person)),
                file_name="feed",
                content_hash="h1",
            )
        message = str(refused.value)
        assert message.startswith("A queue label of the batch looks like")
        assert person not in message and "Nothing was written" in message
        assert state(con) == before


def test_a_failed_batch_registers_nothing(con, manager, vendor):
    bad = frame(("Billing", "Retention"))
    bad.loc[3, "answered"] = -1  # a count below zero: the batch is refused whole
    before = state(con)
    with pytest.raises(InvalidInput):
        facts.insert_batch(con, manager, vendor=vendor, frame=bad, file_name="f", content_hash="h")
    assert state(con) == before


def test_the_demo_leaves_no_stored_label_unregistered(tmp_path):
    path = tmp_path / "demo.duckdb"
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = cli.main(["demo", "--db", str(path), "--exports", str(tmp_path / "exports")])
    assert status == 0, out.getvalue()
    with db.connect(path) as con:
        held = stored_labels(con)
        assert held  # the demo stores programs and sites
        assert {(v, d, lab) for v, d, lab, _s in registry(con)} >= held
        sources = {s for _v, _d, _lab, s in registry(con)}
        assert sources == {"demo"}
