"""facts.insert_batch: one vendor's KPI components land as one audited batch, or nothing lands."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from governance import kpis
from governance.access import vendors
from governance.errors import InvalidInput, NotFound, PermissionDenied
from governance.ingest import facts

VENDOR = "Northwind Contact"


@pytest.fixture
def vendor(con, manager):
    vendors.add_vendors(con, manager, [VENDOR])
    return VENDOR


def small_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": [date(2026, 9, 1), date(2026, 9, 1), date(2026, 9, 2)],
            "program": ["Billing care", "Billing care", "Collections"],
            "site": ["Leeds", "Manila", "Leeds"],
            "channel": ["voice", "chat", "voice"],
            "offered": [1000, 10, 500],
            "answered": [960, 10, 480],
            "answered_within_sl": [800, 9, 400],
            "handle_time_sec": [960 * 400.0, 10 * 600.0, 480 * 300.0],
            # Not reported on one row: kept as NULL, never 0.
            "csat_responses": [100, np.nan, 50],
            "csat_satisfied": [85, np.nan, 40],
        }
    )


def nothing_written(con) -> bool:
    counts = con.execute(
        "SELECT (SELECT count(*) FROM kpi_facts), (SELECT count(*) FROM import_batches), "
        "(SELECT count(*) FROM audit_events WHERE action = 'facts.load')"
    ).fetchone()
    return counts == (0, 0, 0)


def test_a_batch_lands_with_its_import_row_and_one_audit_event(con, manager, vendor):
    batch_id = facts.insert_batch(
        con,
        manager,
        vendor=vendor,
        frame=small_frame(),
        file_name="northwind_sept.csv",
        content_hash="abc123",
    )

    batch = con.execute(
        "SELECT vendor_id, file_name, content_hash, source, status, imported_by, rows_read, "
        "rows_loaded, rows_rejected, period_from, period_to FROM import_batches WHERE batch_id = ?",
        [batch_id],
    ).fetchone()
    assert batch == (
        vendors.vendor_id(con, vendor),
        "northwind_sept.csv",
        "abc123",
        "import",
        "loaded",
        "vince@client.example",
        3,
        3,
        0,
        date(2026, 9, 1),
        date(2026, 9, 2),
    )

    rows = con.execute(
        "SELECT program, site, channel, date, grain, batch_id, offered, csat_responses, "
        "abandoned FROM kpi_facts ORDER BY date, site"
    ).fetchall()
    assert rows == [
        ("Billing care", "Leeds", "voice", date(2026, 9, 1), "day", batch_id, 1000.0, 100.0, None),
        ("Billing care", "Manila", "chat", date(2026, 9, 1), "day", batch_id, 10.0, None, None),
        ("Collections", "Leeds", "voice", date(2026, 9, 2), "day", batch_id, 500.0, 50.0, None),
    ]

    # The KPIs read back as ratios of sums; the unreported CSAT row does not count.
    got = kpis.rollup(con, by=None, dims=("vendor",), kpis=("service_level", "csat", "aht"))
    assert got["service_level"].iloc[0] == pytest.approx(1209 / 1510)
    assert got["csat"].iloc[0] == pytest.approx(125 / 150)
    assert got["aht"].iloc[0] == pytest.approx((960 * 400 + 6000 + 480 * 300) / 1450)

    events = con.execute(
        "SELECT actor, role, entity, entity_id, before, after FROM audit_events "
        "WHERE action = 'facts.load'"
    ).fetchall()
    assert len(events) == 1
    actor, role, entity, entity_id, before, after = events[0]
    assert (actor, role, entity, entity_id, before) == (
        "vince@client.example",
        "vendor_manager",
        "import_batch",
        str(batch_id),
        None,
    )
    summary = json.loads(after)
    assert summary["rows"] == 3
    assert (summary["period_from"], summary["period_to"]) == ("2026-09-01", "2026-09-02")
    assert summary["totals"]["offered"] == 1510
    assert summary["totals"]["csat_responses"] == 150
    assert "abandoned" not in summary["totals"]  # never reported, so no total
    # A summary, not the rows: no site or per-row value is in the audit log.
    assert "Manila" not in after and "960" not in after


def test_the_source_grain_and_profile_are_recorded(con, admin, vendor):
    frame = pd.DataFrame({"date": ["2026-08-01", "2026-09-01"], "offered": [3000, 3100]})
    batch_id = facts.insert_batch(
        con,
        admin,
        vendor=vendor,
        frame=frame,
        file_name="monthly.xlsx",
        content_hash="h",
        source="demo",
        profile='vendor = "Northwind Contact"',
        grain="month",
    )
    row = con.execute(
        "SELECT source, profile, period_from, period_to FROM import_batches WHERE batch_id = ?",
        [batch_id],
    ).fetchone()
    assert row == ("demo", 'vendor = "Northwind Contact"', date(2026, 8, 1), date(2026, 9, 30))
    assert con.execute("SELECT DISTINCT grain FROM kpi_facts").fetchall() == [("month",)]


def test_an_unknown_column_is_rejected_by_name_and_nothing_is_written(con, manager, vendor):
    frame = small_frame().assign(agent_name="x")
    with pytest.raises(InvalidInput, match="'agent_name'"):
        facts.insert_batch(
            con, manager, vendor=vendor, frame=frame, file_name="f.csv", content_hash="h"
        )
    assert nothing_written(con)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns=["date"]), "needs a 'date' column"),
        (lambda f: f.assign(vendor="Bluebird BPO"), "'vendor' is not expected"),
        (
            lambda f: f.assign(date=["2026-09-01", "yesterday", "2026-09-02"]),
            "Row 2: date 'yesterday'",
        ),
        (lambda f: f.assign(date=["2026-09-01", "2026-09-02", None]), "Row 3: the date is missing"),
        (lambda f: f.assign(channel=["voice", "fax", "voice"]), "Channel 'fax' is not known"),
        (lambda f: f.assign(offered=[1000, "ten", 500]), "Row 2: offered 'ten' is not a number"),
        (lambda f: f.assign(answered=[960, -1, 480]), "Row 2: answered is negative"),
        (lambda f: f.iloc[0:0], "no rows"),
        (lambda f: f[["date", "program"]], "no KPI component"),
    ],
)
def test_a_bad_frame_is_rejected_with_a_plain_reason(con, manager, vendor, change, message):
    with pytest.raises(InvalidInput, match=message):
        facts.insert_batch(
            con,
            manager,
            vendor=vendor,
            frame=change(small_frame()),
            file_name="f.csv",
            content_hash="h",
        )
    assert nothing_written(con)


def test_a_monthly_row_must_start_its_month(con, manager, vendor):
    frame = pd.DataFrame({"date": ["2026-09-15"], "offered": [10]})
    with pytest.raises(InvalidInput, match="first day of its month"):
        facts.insert_batch(
            con,
            manager,
            vendor=vendor,
            frame=frame,
            file_name="m.csv",
            content_hash="h",
            grain="month",
        )
    assert nothing_written(con)


def test_leadership_may_not_load_facts_and_nothing_is_written(con, leader, vendor):
    with pytest.raises(PermissionDenied, match="facts.write"):
        facts.insert_batch(
            con, leader, vendor=vendor, frame=small_frame(), file_name="f.csv", content_hash="h"
        )
    assert nothing_written(con)


def test_an_unknown_vendor_is_not_found(con, manager, vendor):
    with pytest.raises(NotFound, match="Known vendors: Northwind Contact"):
        facts.insert_batch(
            con,
            manager,
            vendor="Nobody Ltd",
            frame=small_frame(),
            file_name="f.csv",
            content_hash="h",
        )
    assert nothing_written(con)


def test_channel_names_are_read_case_insensitively_and_dims_trimmed(con, manager, vendor):
    frame = small_frame().assign(
        channel=["Voice", " Chat", "VOICE"], site=[" Leeds ", "Manila", "Leeds"]
    )
    facts.insert_batch(con, manager, vendor=vendor, frame=frame, file_name="f", content_hash="h")
    rows = con.execute("SELECT DISTINCT channel, site FROM kpi_facts ORDER BY 1, 2").fetchall()
    assert rows == [("chat", "Manila"), ("voice", "Leeds")]


def test_frame_hash_follows_the_content():
    a = small_frame()
    assert facts.frame_hash(a) == facts.frame_hash(a.copy())
    assert facts.frame_hash(a) != facts.frame_hash(a.assign(offered=[1000, 10, 501]))


def test_timestamps_and_blank_dimensions_are_read(con, manager, vendor):
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-09-01 00:00", "2026-09-02 00:00"]),
            "program": ["Billing care", "   "],
            "queue": [None, np.nan],
            "offered": [5, 6],
        }
    )
    facts.insert_batch(con, manager, vendor=vendor, frame=frame, file_name="f", content_hash="h")
    rows = con.execute("SELECT date, program, queue FROM kpi_facts ORDER BY date").fetchall()
    assert rows == [(date(2026, 9, 1), "Billing care", None), (date(2026, 9, 2), None, None)]
