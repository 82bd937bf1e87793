"""A server's monthly roll-up (``store.rollup``) follows every write to the facts, whoever makes
it, and never answers from what it has not yet recomputed.

Every expectation is computed in plain Python over the rows the test wrote (the KPI engine
test's reference formulas), never by the code under test: the same reads must give the same
figures whether they went through the roll-up or, when it could not serve, through the facts.
"""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from governance import kpis
from governance.kpis import catalogue
from governance.store import db, rollup, server, transfer
from tests.integration.kpis.test_engine import COMPONENTS, insert_facts, load_rows, mismatches

CODES = list(catalogue.KPI_CODES)


@pytest.fixture
def served(pg_url):
    """A server database holding the engine test's facts (every edge case of it)."""
    rows = load_rows()
    with db.connect(pg_url) as con:
        insert_facts(con, rows)
        yield con, rows


def _marks(con) -> list[tuple]:
    return con.execute(
        "SELECT DISTINCT v.name, d.month FROM kpi_rollup_dirty d "
        "JOIN vendors v ON v.vendor_id = d.vendor_id ORDER BY 1, 2"
    ).fetchall()


def _check(con, rows, by="month", dims=("vendor", "program")):
    frame = kpis.rollup(con, by=by, dims=dims, parts=True)
    assert mismatches(frame, rows, by, dims, CODES, check_parts=True) == []


def test_a_write_marks_only_the_vendor_months_it_touched_and_a_read_settles_them(served):
    con, rows = served
    months = sorted({(r["vendor"], r["date"].replace(day=1)) for r in rows})
    assert _marks(con) == months  # the insert marked every vendor-month it wrote
    _check(con, rows)
    assert _marks(con) == []  # the read settled them
    con.execute(
        "UPDATE kpi_facts SET offered = offered + 10 WHERE vendor_id = "
        "(SELECT vendor_id FROM vendors WHERE name = 'Acme BPO') "
        "AND date >= ? AND date < ? AND offered IS NOT NULL",
        [date(2026, 1, 1), date(2026, 2, 1)],
    )
    assert _marks(con) == [("Acme BPO", date(2026, 1, 1))]
    for r in rows:
        if r["vendor"] == "Acme BPO" and r["date"].strftime("%Y-%m") == "2026-01":
            r["offered"] = None if r["offered"] is None else r["offered"] + 10
    _check(con, rows)
    _check(con, rows, by="quarter", dims=("vendor", "site"))
    _check(con, rows, by=None, dims=("channel",))


def test_deletes_inserts_and_truncation_are_followed(served):
    con, rows = served
    _check(con, rows)
    con.execute(
        "DELETE FROM kpi_facts WHERE date >= ? AND date < ?", [date(2026, 3, 1), date(2026, 4, 1)]
    )
    rows = [r for r in rows if r["date"].strftime("%Y-%m") != "2026-03"]
    _check(con, rows)
    assert date(2026, 3, 1) not in [
        m.date() for m in kpis.rollup(con, by="month", dims=())["period"]
    ]

    extra = [dict(r, date=r["date"].replace(year=2027)) for r in rows[:5]]
    insert_facts(con, extra)
    rows += extra
    _check(con, rows, dims=("vendor",))

    con.execute("TRUNCATE kpi_facts")
    assert con.execute("SELECT count(*) FROM kpi_month_rollup").fetchone()[0] == 0
    assert kpis.rollup(con, by="month", dims=("vendor",)).empty


def test_a_stock_is_averaged_over_the_days_it_was_reported_across_places_and_months(pg_url):
    """Headcount adds across sites and averages over the distinct days that reported it: the
    roll-up keeps each month's days as bits, so a quarter counts 2 + 1 days, not 3 rows."""
    day = {
        "program": "P",
        "channel": "voice",
        "language": None,
        "queue": None,
        **dict.fromkeys(COMPONENTS),
    }
    rows = [
        dict(day, vendor="V", site="A", date=date(2026, 1, 5), headcount=100.0, leavers=4.0),
        dict(day, vendor="V", site="B", date=date(2026, 1, 5), headcount=50.0, leavers=2.0),
        dict(day, vendor="V", site="A", date=date(2026, 1, 6), headcount=120.0, leavers=0.0),
        dict(day, vendor="V", site="A", date=date(2026, 2, 6), headcount=90.0, leavers=3.0),
    ]
    with db.connect(pg_url) as con:
        insert_facts(con, rows)
        frame = kpis.rollup(con, by="quarter", dims=("vendor",), kpis=["attrition"], parts=True)
        assert rollup.serves(con, by="quarter", date_from=None, date_to=None, excused=False)
    # Worked by hand: leavers 9; headcount per day 150, 120, 90 over 3 days = 120 on average.
    assert frame["attrition__num"].tolist() == [9.0]
    assert frame["attrition__den"].tolist() == [120.0]
    assert frame["attrition"].tolist() == [pytest.approx(9 / 120)]


def test_a_read_while_another_settles_answers_from_the_facts(served, pg_url):
    con, rows = served
    _check(con, rows)
    con.execute("UPDATE kpi_facts SET answered_within_sl = 0 WHERE answered_within_sl IS NOT NULL")
    for r in rows:
        if r["answered_within_sl"] is not None:
            r["answered_within_sl"] = 0.0
    with psycopg.connect(pg_url) as other:  # another app server, settling right now
        other.execute("SELECT pg_advisory_xact_lock(%s)", [rollup.SETTLE_LOCK])
        assert not rollup.settle(con)
        assert not rollup.serves(con, by="month", date_from=None, date_to=None, excused=False)
        _check(con, rows)  # from the facts: the roll-up is not yet recomputed
        assert _marks(con)
    _check(con, rows)  # the lock let go: this read settles
    assert _marks(con) == []


def test_a_read_inside_a_transaction_does_not_settle_and_reads_the_facts(served):
    con, rows = served
    _check(con, rows)
    con.execute("DELETE FROM kpi_facts WHERE channel = 'email'")
    rows = [r for r in rows if r["channel"] != "email"]
    with con.raw.transaction():
        assert not rollup.serves(con, by="month", date_from=None, date_to=None, excused=False)
        _check(con, rows)
    assert _marks(con)
    _check(con, rows)


def test_only_whole_months_without_excused_days_are_served(served):
    con, _rows = served
    _check(con, _rows)
    ask = {"by": "month", "excused": False}
    assert rollup.serves(con, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), **ask)
    assert not rollup.serves(con, date_from=date(2026, 1, 2), date_to=date(2026, 3, 31), **ask)
    assert not rollup.serves(con, date_from=date(2026, 1, 1), date_to=date(2026, 3, 30), **ask)
    assert not rollup.serves(con, by="week", date_from=None, date_to=None, excused=False)
    assert not rollup.serves(con, by="day", date_from=None, date_to=None, excused=False)
    con.execute(
        "INSERT INTO excused_events (vendor_id, date_from, date_to, kind, reason, approved_by, "
        "recorded_by, recorded_at) SELECT vendor_id, ?, ?, 'force_majeure', 'Storm', 'a', 'b', now() "
        "FROM vendors WHERE name = 'Acme BPO'",
        [date(2026, 1, 10), date(2026, 1, 12)],
    )
    january = {"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)}
    assert not rollup.serves(con, by="month", excused=True, **january)
    assert rollup.serves(con, by="month", excused=False, **january)
    assert rollup.serves(
        con, by="month", excused=True, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)
    )


def test_excused_days_are_left_out_on_a_server_as_in_a_file(served, tmp_path):
    con, rows = served
    con.execute(
        "INSERT INTO excused_events (vendor_id, date_from, date_to, kind, reason, approved_by, "
        "recorded_by, recorded_at) SELECT vendor_id, ?, ?, 'force_majeure', 'Storm', 'a', 'b', now() "
        "FROM vendors WHERE name = 'Northwind Contact'",
        [date(2026, 1, 1), date(2026, 1, 15)],
    )
    kept = [
        r
        for r in rows
        if not (
            r["vendor"] == "Northwind Contact"
            and date(2026, 1, 1) <= r["date"] <= date(2026, 1, 15)
        )
    ]
    frame = kpis.rollup(con, by="month", dims=("vendor",), excused=True, parts=True)
    assert mismatches(frame, kept, "month", ("vendor",), CODES, check_parts=True) == []


def test_copies_leave_the_roll_up_out_and_the_destination_rebuilds_it(
    served, pg_url, pg_server, tmp_path
):
    from tests import postgres

    con, rows = served
    _check(con, rows)
    assert set(rollup.DERIVED).isdisjoint(transfer.tables(con))
    file = tmp_path / "copy.duckdb"
    transfer.copy(pg_url, str(file))
    again = postgres.new_database(pg_server)
    try:
        transfer.copy(str(file), again)
        with db.connect(again) as copied:
            # the copy's facts were marked as they arrived, and the copy settled them
            assert _marks(copied) == []
            assert copied.execute("SELECT count(*) FROM kpi_month_rollup").fetchone()[0] > 0
            _check(copied, rows)
            _check(copied, rows, by="quarter", dims=("site", "channel"))
    finally:
        server.close_pools(again)
        postgres.drop_database(pg_server, again)
