"""Importing vendor exports end to end: real files, independent expected values, all or nothing."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from governance import demo, kpis
from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import PermissionDenied
from governance.ingest import batches, importer, profiles, staging, suggest
from governance.store import db, queries
from tests.conftest import REAL_DATA

ADMIN = Actor("imp@client.example", "vendor_manager")
TODAY = date(2026, 11, 22)
MONTH = (date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    work = tmp_path_factory.mktemp("demo")
    path = work / "template.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=work / "exports"
        )
    return path, work / "exports"


@pytest.fixture
def demo_db(demo_template, tmp_path):
    template, exports = demo_template
    path = tmp_path / "demo.duckdb"
    shutil.copy(template, path)
    return path, exports


def state(con) -> dict:
    """Every table's rows, sorted: two states compare equal only if nothing changed."""
    out = {}
    for table in queries.table_names(con):
        rows = con.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608
        out[table] = sorted(rows, key=repr)
    return out


def month_kpi(con, vendor, code, dims=("vendor",)):
    frame = kpis.rollup(
        con,
        by="month",
        dims=dims,
        kpis=[code],
        vendors=[vendor],
        date_from=MONTH[0],
        date_to=MONTH[1],
    )
    return float(frame[code].iloc[0])


def rows_of(path: Path, delimiter=",", encoding="utf-8"):
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def run(con, path: Path, **kw):
    kw.setdefault("today", TODAY)
    kw.setdefault("add_labels", True)  # the files' programs and sites are new to these vendors
    return importer.run(con, ADMIN, path, file_name=path.name, **kw)


# --- the demo exports, each in its vendor's layout -------------------------------------------


def test_daily_csv_restates_the_month_with_the_same_figures(demo_db):
    path, exports = demo_db
    f = exports / "northwind_daily_2026-10.csv"
    rows = rows_of(f)
    with db.connect(path) as con:
        csat_before = month_kpi(con, "Northwind Contact", "csat")
        result = run(con, f, vendor="Northwind Contact")
        assert result.status == "restated", result.errors
        assert result.rows_read == len(rows)
        expected_sl = sum(float(r["Ans < 20s"]) for r in rows) / sum(
            float(r["Calls Offered"]) for r in rows
        )
        assert month_kpi(con, "Northwind Contact", "service_level") == pytest.approx(expected_sl)
        handled = sum(float(r["Calls Handled"]) for r in rows)
        expected_aht = sum(float(r["AHT"]) * float(r["Calls Handled"]) for r in rows) / handled
        assert month_kpi(con, "Northwind Contact", "aht") == pytest.approx(expected_aht)
        # CSAT is not in this file: it stays exactly as it was.
        assert month_kpi(con, "Northwind Contact", "csat") == pytest.approx(csat_before)
        restated = queries.restatements(con, "Northwind Contact")
        assert len(restated) == 1 and restated["period_from"][0].date() == MONTH[0]


def test_the_same_file_again_is_unchanged(demo_db):
    path, exports = demo_db
    f = exports / "northwind_daily_2026-10.csv"
    with db.connect(path) as con:
        first = run(con, f, vendor="Northwind Contact")
        before = state(con)
        again = run(con, f, vendor="Northwind Contact")
        assert again.status == "unchanged"
        assert f"batch {first.batch_ids[0]}" in again.warnings[-1]
        assert state(con) == before


def test_restatement_records_totals_and_rollback_restores_exactly(demo_db, tmp_path):
    path, exports = demo_db
    text = (exports / "northwind_daily_2026-10.csv").read_text()
    lines = text.splitlines()
    cells = lines[1].split(",")
    cells[4] = str(int(cells[4]) + 100)  # 100 more calls offered on the first row
    lines[1] = ",".join(cells)
    changed = tmp_path / "northwind_resent.csv"
    changed.write_text("\n".join(lines) + "\n")
    with db.connect(path) as con:
        before = state(con)
        offered_before = con.execute(
            "SELECT sum(offered) FROM kpi_facts WHERE vendor_id = 1 AND date BETWEEN ? AND ?",
            list(MONTH),
        ).fetchone()[0]
        result = run(con, changed, vendor="Northwind Contact")
        assert result.status == "restated"
        write = result.writes[0]
        assert write.after_totals["offered"] - write.before_totals["offered"] == pytest.approx(100)
        assert write.before_totals["offered"] == pytest.approx(offered_before)
        done = batches.rollback(con, ADMIN, result.batch_ids[0])
        assert done["rows_restored"] == done["rows_removed"]
        after = state(con)
        for table in ("kpi_facts", "vendors", "contracts", "targets"):
            assert after[table] == before[table], table
        status = con.execute(
            "SELECT status FROM import_batches WHERE batch_id = ?", result.batch_ids
        ).fetchone()[0]
        assert status == "rolled_back"
        actions = [
            r[0]
            for r in con.execute("SELECT action FROM audit_events ORDER BY event_id").fetchall()
        ]
        assert actions[-3:] == ["facts.import", "facts.restate", "facts.rollback"]


def test_an_earlier_batch_cannot_be_rolled_back_under_a_later_one(demo_db, tmp_path):
    path, exports = demo_db
    f = exports / "northwind_daily_2026-10.csv"
    second = tmp_path / "again.csv"
    second.write_text(f.read_text().replace("\n2026-10-01,", "\n2026-10-01,", 1) + "\n")
    with db.connect(path) as con:
        first = run(con, f, vendor="Northwind Contact")
        later = run(con, second, vendor="Northwind Contact")
        assert later.status == "restated"
        with pytest.raises(Exception, match=f"roll back {later.batch_ids[0]} first"):
            batches.rollback(con, ADMIN, first.batch_ids[0])


def test_semicolon_decimal_comma_day_first_dates(demo_db):
    path, exports = demo_db
    f = exports / "crestline_daily_2026-10.csv"
    rows = rows_of(f, delimiter=";")
    with db.connect(path) as con:
        result = run(con, f, vendor="Crestline Services")
        assert result.ok, [e.text() for e in result.errors]
        assert result.profile.formats.decimal == ","
        stored = con.execute(
            "SELECT sum(offered), sum(invoiced_amount), sum(answered_within_sl) FROM kpi_facts "
            "WHERE vendor_id = (SELECT vendor_id FROM vendors WHERE name = 'Crestline Services') "
            "AND date BETWEEN ? AND ?",
            list(MONTH),
        ).fetchone()
        assert stored[0] == sum(float(r["Offered"]) for r in rows)
        assert stored[1] == pytest.approx(
            sum(float(r["Invoiced Amount"].replace(",", ".")) for r in rows)
        )
        assert stored[2] == sum(float(r["Answered in SL"]) for r in rows)


def test_xlsx_with_title_block_and_totals_row(demo_db):
    path, exports = demo_db
    f = exports / "bluebird_daily_2026-10.xlsx"
    sheet = openpyxl.load_workbook(f, read_only=True)["Daily report"]
    table = list(sheet.iter_rows(min_row=4, values_only=True))
    header, body = (
        table[0],
        [r for r in table[1:] if r[0] is not None and str(r[0]).strip().lower() != "total"],
    )
    offered = sum(float(r[header.index("Contacts Offered")]) for r in body)
    with db.connect(path) as con:
        result = run(con, f, vendor="Bluebird BPO")
        assert result.ok, [e.text() for e in result.errors]
        assert result.rows_read == len(body)
        stored = con.execute(
            "SELECT sum(offered) FROM kpi_facts WHERE vendor_id = (SELECT vendor_id FROM vendors "
            "WHERE name = 'Bluebird BPO') AND date BETWEEN ? AND ?",
            list(MONTH),
        ).fetchone()[0]
        assert stored == offered


DUNMORE_PROFILE = """
shape = "contact"
sl_threshold_seconds = 20
[columns]
date = "Contact Date"
program = "Program"
site = "Site"
channel = "Channel"
[contact]
answered = { column = "Answered (Y/N)", true = ["Y"] }
wait_seconds = "Wait Seconds"
handle_seconds = "Talk Seconds"
satisfaction = { column = "Satisfaction (1-5)", scale = 5, top_box = 2 }
"""


def test_contact_level_rows_become_daily_components(demo_db):
    path, exports = demo_db
    f = exports / "dunmore_contacts_2026-10.csv"
    rows = rows_of(f)
    answered = [r for r in rows if r["Answered (Y/N)"] == "Y"]
    within = [r for r in answered if float(r["Wait Seconds"]) <= 20]
    scored = [r for r in rows if r["Satisfaction (1-5)"].strip()]
    satisfied = [r for r in scored if float(r["Satisfaction (1-5)"]) >= 4]
    with db.connect(path) as con:
        result = run(con, f, vendor="Dunmore Digital", profile=profiles.parse(DUNMORE_PROFILE))
        assert result.ok, [e.text() for e in result.errors]
        got = con.execute(
            "SELECT sum(offered), sum(answered), sum(answered_within_sl), sum(csat_responses), "
            "sum(csat_satisfied), sum(handle_time_sec), count(DISTINCT date), min(channel) FROM kpi_facts "
            "WHERE vendor_id = (SELECT vendor_id FROM vendors WHERE name = 'Dunmore Digital') "
            "AND date BETWEEN ? AND ? AND program = 'Collections' AND site = 'Belfast' AND channel = 'voice'",
            list(MONTH),
        ).fetchone()
        assert got[:5] == (len(rows), len(answered), len(within), len(scored), len(satisfied))
        assert got[5] == sum(float(r["Talk Seconds"]) for r in answered)
        assert got[6] == len({r["Contact Date"] for r in rows})
        assert got[7] == "voice"  # "Phone" is the voice channel


# --- the real public files, as they are ------------------------------------------------------

SF_PROFILE = """
vendor = "SF Health Service System"
ignore = ["Call Abandonment Rate", "In-person visits"]
[columns]
month = "Month"
offered = "Inbound Calls"
abandoned = "Abandoned Calls"
[derived]
answered = { total = "offered", less = ["abandoned"] }
[averages]
wait_time_sec = { column = "Average Speed of Answer in Secs", over = "answered" }
[constants]
channel = "voice"
"""


def test_sf_monthly_file_imports_with_a_profile(con):
    vendors.add_vendors(con, ADMIN, ["SF Health Service System"])
    f = REAL_DATA / "sf_hss_call_center_monthly.csv"
    rows = rows_of(f)
    prof = profiles.parse(SF_PROFILE)
    result = importer.run(
        con, ADMIN, f, file_name=f.name, profile=prof, today=TODAY, add_labels=True
    )
    assert result.ok, [e.text() for e in result.errors]
    assert result.rows_read == 160
    stored = con.execute(
        "SELECT count(*), sum(offered), min(date), max(date), min(grain), max(grain) FROM kpi_facts"
    ).fetchone()
    with_data = [
        r
        for r in rows
        if any(
            r[c].strip()
            for c in ("Inbound Calls", "Abandoned Calls", "Average Speed of Answer in Secs")
        )
    ]
    assert stored[0] == len(with_data)
    assert stored[1] == sum(float(r["Inbound Calls"]) for r in rows if r["Inbound Calls"].strip())
    assert (stored[2], stored[3]) == (date(2011, 1, 1), date(2024, 4, 1))
    assert stored[4] == stored[5] == "month"
    # ASA of a month is the file's own figure: total wait / answered = the average given.
    april = kpis.rollup(
        con, by="month", kpis=["asa"], date_from=date(2024, 4, 1), date_to=date(2024, 4, 30)
    )
    assert float(april["asa"].iloc[0]) == pytest.approx(95.0)


def pwc_agent_names() -> set[str]:
    sheet = openpyxl.load_workbook(REAL_DATA / "pwc_call_center_telecom.xlsx", read_only=True)[
        "Sheet1"
    ]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    col = header.index("Agent")
    return {str(r[col]).strip() for r in rows if r[col]}


PWC_PROFILE = """
shape = "contact"
ignore = ["Call Id", "Time"]
[columns]
date = "Date"
queue = "Topic"
[constants]
channel = "voice"
[contact]
answered = { column = "Answered (Y/N)", true = ["Y"] }
resolved = { column = "Resolved", true = ["Y"] }
wait_seconds = "Speed of answer in seconds"
handle_seconds = "AvgTalkDuration"
satisfaction = { column = "Satisfaction rating", scale = 5, top_box = 2 }
"""


def every_text(con) -> str:
    parts = []
    for table in queries.table_names(con):
        for row in con.execute(f'SELECT * FROM "{table}"').fetchall():  # noqa: S608
            parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def test_agent_level_file_is_refused_by_default_without_naming_anyone(con):
    vendors.add_vendors(con, ADMIN, ["Telecom BPO"])
    names = pwc_agent_names()
    assert len(names) >= 5
    before = state(con)
    f = REAL_DATA / "pwc_call_center_telecom.xlsx"
    result = importer.run(
        con,
        ADMIN,
        f,
        file_name=f.name,
        vendor="Telecom BPO",
        profile=profiles.parse(PWC_PROFILE),
        today=TODAY,
    )
    assert result.status == "rejected"
    message = " ".join(e.text() for e in result.errors)
    assert "'Agent'" in message and "aggregate" in message and "program / site / channel" in message
    shown = message + " ".join(result.warnings) + str(result.to_json())
    assert not [n for n in names if n in shown]
    assert state(con) == before


def test_agent_level_file_is_aggregated_on_request_and_no_name_is_stored(con):
    vendors.add_vendors(con, ADMIN, ["Telecom BPO"])
    names = pwc_agent_names()
    f = REAL_DATA / "pwc_call_center_telecom.xlsx"
    sheet = openpyxl.load_workbook(f, read_only=True)["Sheet1"]
    it = sheet.iter_rows(values_only=True)
    header = list(next(it))
    body = [r for r in it if any(v is not None for v in r)]
    answered = sum(1 for r in body if r[header.index("Answered (Y/N)")] == "Y")
    resolved = sum(
        1
        for r in body
        if r[header.index("Answered (Y/N)")] == "Y" and r[header.index("Resolved")] == "Y"
    )
    result = importer.run(
        con,
        ADMIN,
        f,
        file_name=f.name,
        vendor="Telecom BPO",
        profile=profiles.parse(PWC_PROFILE),
        on_agent_data="aggregate",
        today=TODAY,
        add_labels=True,
    )
    assert result.ok, [e.text() for e in result.errors]
    assert any("identify individual staff" in w for w in result.warnings)
    got = con.execute(
        "SELECT sum(offered), sum(answered), sum(resolved_first_contact), min(date), max(date) FROM kpi_facts"
    ).fetchone()
    assert got[:3] == (len(body), answered, resolved)
    assert (got[3], got[4]) == (date(2021, 1, 1), date(2021, 3, 31))
    stored = every_text(con)
    shown = " ".join(result.warnings) + str(result.to_json()) + result.summary()
    leaked = [n for n in names if n in stored or n in shown]
    assert leaked == []


# --- validation: all or nothing, with row, column, value and reason ---------------------------


BASE_HEADER = "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT"


def write_csv(tmp_path, body: list[str], header=BASE_HEADER, name="export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *body]) + "\n")
    return path


GOOD = "2026-10-0{d},Billing care,Leeds,Voice,100,95,5,80,300"


@pytest.fixture
def acme(con):
    vendors.add_vendors(con, ADMIN, ["Acme Care"])
    return con


@pytest.mark.parametrize(
    "bad_line, column, reason",
    [
        (
            "2026-10-03,Billing care,Leeds,Voice,100,120,5,80,300",
            "Calls Handled",
            "answered is more than offered",
        ),
        (
            "2026-10-03,Billing care,Leeds,Voice,100,95,5,99,300",
            "Ans < 20s",
            "answered_within_sl is more than answered",
        ),
        (
            "2026-10-03,Billing care,Leeds,Voice,100,95,-5,80,300",
            "Abandons",
            "abandoned is below zero",
        ),
        ("2026-10-03,Billing care,Leeds,Voice,lots,95,5,80,300", "Calls Offered", "not a number"),
        ("2026-10-03,Billing care,Leeds,Pigeon,100,95,5,80,300", "Channel", "not a channel"),
        ("2026-12-03,Billing care,Leeds,Voice,100,95,5,80,300", "Report Date", "in the future"),
        ("2026-10-03,Billing care,Leeds,Voice,100,95,5,80,-12", "AHT", "negative"),
    ],
)
def test_a_bad_row_rejects_the_file_and_names_row_column_value(
    acme, tmp_path, bad_line, column, reason
):
    path = write_csv(tmp_path, [GOOD.format(d=1), GOOD.format(d=2), bad_line, GOOD.format(d=4)])
    before = state(acme)
    result = run(acme, path, vendor="Acme Care")
    assert result.status == "rejected"
    hit = [e for e in result.errors if reason in e.reason]
    assert hit, [e.text() for e in result.errors]
    assert hit[0].row == 4  # the file's 4th line: header, two good rows, then this one
    assert hit[0].column == column
    assert state(acme) == before


def test_thousands_of_rows_with_one_problem_are_reported_once_with_a_count(acme, tmp_path):
    body = [
        f"2026-{m:02d}-{d:02d},P{i},Leeds,Voice,10,12,0,5,300"
        for i in range(20)
        for m in range(1, 11)
        for d in range(1, 28)
    ]
    path = write_csv(tmp_path, body)
    result = run(acme, path, vendor="Acme Care")
    grouped = [e for e in result.errors if "answered is more than offered" in e.reason]
    assert len(grouped) == 1 and grouped[0].count == len(body) and grouped[0].row == 2
    assert "more rows like it" in grouped[0].text()
    csv_text = importer.errors_csv(result)
    assert csv_text.splitlines()[0] == "row,column,value,reason,rows"


def test_duplicate_keys_inside_a_file_are_rejected(acme, tmp_path):
    path = write_csv(tmp_path, [GOOD.format(d=1), GOOD.format(d=2), GOOD.format(d=1)])
    result = run(acme, path, vendor="Acme Care")
    assert result.status == "rejected"
    assert any("more than once" in e.reason for e in result.errors)


def test_ambiguous_dates_are_an_error_not_a_guess(acme, tmp_path):
    path = write_csv(
        tmp_path, ["01/02/2026,P,Leeds,Voice,10,9,1,8,300", "02/03/2026,P,Leeds,Voice,10,9,1,8,300"]
    )
    result = run(acme, path, vendor="Acme Care")
    assert result.status == "rejected"
    assert "formats.date" in result.errors[0].reason and "Report Date" in result.errors[0].reason


def test_a_file_whose_period_cannot_be_determined_is_rejected(acme, tmp_path):
    path = write_csv(tmp_path, ["Billing care,100,95"], header="LOB,Calls Offered,Calls Handled")
    result = run(acme, path, vendor="Acme Care")
    assert result.status == "rejected"
    assert "period cannot be determined" in result.errors[0].reason


def test_an_unmapped_text_column_rejects_the_file_a_number_is_reported(acme, tmp_path):
    path = write_csv(
        tmp_path, [GOOD.format(d=1) + ",fine,12"], header=BASE_HEADER + ",Comments,Extra"
    )
    result = run(acme, path, vendor="Acme Care")
    assert result.status == "rejected"
    assert any("'Comments' holds text" in e.reason for e in result.errors)
    assert not any("Extra" in e.reason for e in result.errors)


def test_unknown_vendor_is_rejected_with_the_known_ones(acme, tmp_path):
    result = run(acme, write_csv(tmp_path, [GOOD.format(d=1)]), vendor="Nobody Ltd")
    assert result.status == "rejected" and "Acme Care" in result.errors[0].reason


def test_rows_of_another_vendor_are_rejected_when_a_vendor_is_chosen(acme, tmp_path):
    vendors.add_vendors(acme, ADMIN, ["Zenith BPO"])
    header = "Vendor," + BASE_HEADER
    path = write_csv(
        tmp_path, ["Acme Care," + GOOD.format(d=1), "Zenith BPO," + GOOD.format(d=2)], header=header
    )
    prof, _ = suggest.from_headers(header.split(","))
    result = run(acme, path, vendor="Acme Care", profile=prof)
    assert result.status == "rejected"
    hit = [e for e in result.errors if "another vendor" in e.reason]
    assert hit and hit[0].row == 3 and hit[0].column == "Vendor"


def test_dry_run_writes_nothing(acme, tmp_path):
    before = state(acme)
    result = run(acme, write_csv(tmp_path, [GOOD.format(d=1)]), vendor="Acme Care", dry_run=True)
    assert result.status == "loaded" and result.dry_run
    assert state(acme) == before


def test_the_months_a_file_replaces_are_said_before_and_after(acme, tmp_path):
    """A file over 30 Sep - 1 Oct when only October is held replaces October, not September."""
    run(acme, write_csv(tmp_path, [GOOD.format(d=1), GOOD.format(d=2)]), vendor="Acme Care")
    later = write_csv(tmp_path, [GOOD.format(d=1), GOOD.replace("10-0{d}", "09-30")], name="b.csv")
    before = state(acme)
    check = run(acme, later, vendor="Acme Care", dry_run=True)
    assert check.status == "restated"
    assert check.replaces == [{"vendor": "Acme Care", "months": ["2026-10"]}]
    assert check.replaced_text() == "2026-10 of Acme Care"
    assert state(acme) == before
    done = run(acme, later, vendor="Acme Care")
    assert done.status == "restated" and done.to_json()["replaces"] == check.replaces
    fresh = run(
        acme,
        write_csv(tmp_path, [GOOD.replace("10-0{d}", "08-03")], name="c.csv"),
        vendor="Acme Care",
    )
    assert fresh.status == "loaded" and fresh.replaces == [] and fresh.replaced_text() == ""


def test_many_columns_left_out_are_one_note_not_one_each(acme, tmp_path):
    extra = [f"Spare {i}" for i in range(12)]
    path = write_csv(
        tmp_path,
        [GOOD.format(d=1) + "," + ",".join(str(i) for i in range(12))],
        header=BASE_HEADER + "," + ",".join(extra),
    )
    result = run(acme, path, vendor="Acme Care")
    assert result.ok
    notes = [w for w in result.warnings if "Spare" in w]
    assert len(notes) == 1
    assert notes[0].startswith("12 columns ('Spare 0', ") and "and 4 more" in notes[0]


def test_a_saved_mapping_is_found_for_any_file_with_its_columns(acme, tmp_path):
    vendors.add_vendors(acme, ADMIN, ["Zenith BPO"])
    headers = BASE_HEADER.split(",")
    columns = {
        "date": "Report Date",
        "program": "LOB",
        "site": "Location",
        "channel": "Channel",
        "offered": "Calls Offered",
        "answered": "Calls Handled",
        "abandoned": "Abandons",
        "answered_within_sl": "Ans < 20s",
    }
    prof = profiles.from_dict({"vendor": "Acme Care", "columns": columns, "ignore": ["AHT"]})
    importer.save_profile(acme, ADMIN, "Acme Care", prof, expected_version=None)
    found = importer.known_layout(acme, [*reversed(headers), "Another column"])
    assert found is not None
    assert (found.name, found.version, found.vendor) == ("Acme Care", 1, "Acme Care")
    layout = found.profile
    assert layout.vendor is None and layout.ignore == ("AHT",)
    assert layout.columns == prof.columns
    # A file without one of the columns the mapping reads does not fit it.
    assert importer.known_layout(acme, [h for h in headers if h != "Calls Offered"]) is None


def test_read_only_roles_cannot_import(acme, tmp_path):
    with pytest.raises(PermissionDenied):
        importer.run(
            acme,
            Actor("lee@client.example", "leadership"),
            write_csv(tmp_path, [GOOD.format(d=1)]),
            file_name="x.csv",
            vendor="Acme Care",
        )


def test_monthly_and_weekly_rows_roll_up_with_daily_ones(acme, tmp_path):
    """Weekly and monthly files keep their grain (date = the first day of the week or month); a
    month or quarter sums them with daily rows. A weekly row counts in the month of its Monday."""
    daily = write_csv(
        tmp_path,
        [
            "2026-09-29,Billing care,Leeds,Voice,100,95,5,80,300",
            "2026-09-30,Billing care,Leeds,Voice,100,95,5,80,300",
        ],
        name="daily.csv",
    )
    weekly = write_csv(
        tmp_path,
        ["2026-07-06,Billing care,Leeds,Voice,500,450,50,400,300"],
        header=BASE_HEADER.replace("Report Date", "Week Starting"),
        name="weekly.csv",
    )
    monthly = write_csv(
        tmp_path,
        ["Aug 2026,Billing care,Leeds,Voice,1000,900,100,700,300"],
        header=BASE_HEADER.replace("Report Date", "Month"),
        name="monthly.csv",
    )
    assert run(acme, daily, vendor="Acme Care").ok
    w = run(acme, weekly, vendor="Acme Care")
    assert w.ok and w.periods[0] == {
        "vendor": "Acme Care",
        "from": "2026-07-06",
        "to": "2026-07-12",
        "grain": "week",
        "rows": 1,
    }
    m = run(acme, monthly, vendor="Acme Care")
    assert m.ok and (m.periods[0]["grain"], m.periods[0]["to"]) == ("month", "2026-08-31")
    q = kpis.rollup(acme, by="quarter", kpis=["service_level"], components=["offered"])
    assert float(q["offered"].iloc[0]) == 1700
    assert float(q["service_level"].iloc[0]) == pytest.approx((400 + 700 + 160) / 1700)
    by_month = kpis.rollup(acme, by="month", kpis=["service_level"], components=["offered"])
    assert list(by_month["offered"]) == [500, 1000, 200]
    grains = acme.execute("SELECT grain, date FROM kpi_facts ORDER BY date").fetchall()
    assert grains == [
        ("week", date(2026, 7, 6)),
        ("month", date(2026, 8, 1)),
        ("day", date(2026, 9, 29)),
        ("day", date(2026, 9, 30)),
    ]


# --- atomic under faults ---------------------------------------------------------------------


def test_a_failure_during_the_write_leaves_the_database_as_it_was(demo_db, monkeypatch):
    path, exports = demo_db
    calls = {"n": 0}
    real = batches._totals

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # after the slice was cleared and merged, before the commit
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(batches, "_totals", failing)
    with db.connect(path) as con:
        before = state(con)
        with pytest.raises(OSError, match="disk full"):
            run(con, exports / "northwind_daily_2026-10.csv", vendor="Northwind Contact")
        assert state(con) == before


def test_killing_the_process_mid_import_leaves_the_database_whole(demo_db, tmp_path):
    """A large interval file (about 100,000 rows) for a vendor that already has data: the process
    is killed inside the write transaction, after its rows went in and before the commit."""
    path, _exports = demo_db
    big = tmp_path / "northwind_intervals.csv"
    lines = ["Interval,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT"]
    for day in range(1, 32):
        for half_hour in range(48):
            for lob in ("Billing care", "Tech support tier 1"):
                for site in ("Leeds", "Cape Town", "Manila"):
                    for channel in ("Voice", "Chat"):
                        stamp = f"2026-10-{day:02d} {half_hour // 2:02d}:{30 * (half_hour % 2):02d}"
                        lines.append(f"{stamp},{lob},{site},{channel},20,19,1,15,300")
    big.write_text("\n".join(lines) + "\n")
    with db.connect(path) as con:
        before = state(con)
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from governance.ingest import batches, importer
        from governance.store import db
        from governance.access.actors import Actor
        real = batches.write_slices
        def write_then_die(*args, **kwargs):
            real(*args, **kwargs)  # rows written inside the open transaction ...
            os.kill(os.getpid(), signal.SIGKILL)  # ... and the process dies before the commit
        batches.write_slices = write_then_die
        with db.connect({str(path)!r}) as con:
            f = Path({str(big)!r})
            importer.run(
                con, Actor("x", "admin"), f, file_name=f.name, vendor="Northwind Contact",
                add_labels=True,
            )
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    with db.connect(path) as con:
        assert state(con) == before


def test_a_dimension_value_longer_than_200_characters_is_refused(acme, tmp_path):
    long_site = "S" * 250
    path = write_csv(tmp_path, [GOOD.format(d=1).replace("Leeds", long_site)])
    result = run(acme, path, vendor="Acme Care")
    assert result.status == "rejected"
    hit = [e for e in result.errors if "longer than 200 characters" in e.reason]
    assert hit and hit[0].row == 2 and hit[0].column == "Location" and len(hit[0].value) < 50


QUOTED_PROFILE = """
[columns]
date = "Report Date"
program = "$p1"
site = "it's \\"here\\""
offered = "Calls Offered"
answered = "Calls Handled"
[constants]
language = "O'Brien's $p2 --"
channel = "voice"
"""


@pytest.mark.parametrize("single_pass", [True, False])
def test_names_and_values_that_look_like_sql_or_parameters_are_only_data(
    con, tmp_path, monkeypatch, single_pass
):
    """The staging engine binds every value: a vendor, a header, a constant or a cell holding
    quotes, a parameter's name or a comment marker is stored as it is, on either path."""
    if not single_pass:
        monkeypatch.setattr(staging, "roll_up_clean", lambda *a, **k: False)
    vendor = 'O\'Hara $p1 "Care"; --'
    vendors.add_vendors(con, ADMIN, [vendor])
    header = 'Report Date,$p1,"it\'s ""here""",Calls Offered,Calls Handled'
    lines = ["2026-10-01,Billing '$p3',Leeds,100,95", '2026-10-02,"x"" --",Leeds,50,40']
    path = write_csv(tmp_path, lines, header=header)
    result = run(con, path, vendor=vendor, profile=profiles.parse(QUOTED_PROFILE))
    assert result.status == "loaded", result.errors
    stored = con.execute(
        "SELECT v.name, f.program, f.site, f.language, f.channel, f.offered FROM kpi_facts f "
        "JOIN vendors v USING (vendor_id) ORDER BY f.date"
    ).fetchall()
    assert stored == [
        (vendor, "Billing '$p3'", "Leeds", "O'Brien's $p2 --", "voice", 100.0),
        (vendor, 'x" --', "Leeds", "O'Brien's $p2 --", "voice", 50.0),
    ]


# --- one file, many vendors ----------------------------------------------------------------

MANY = [
    "Provider,Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s",
    "Acme Care,2026-10-01,Billing care,Leeds,Voice,100,95,5,80",
    "Bravo Contact,2026-10-01,Billing care,Leeds,Voice,200,190,10,150",
    "Bravo Contact,2026-10-02,Billing care,Leeds,Voice,210,200,10,160",
    "Coral BPO,2026-10-02,Billing care,Leeds,Voice,50,45,5,40",
]


def many_vendors(tmp_path, lines=MANY) -> Path:
    path = tmp_path / "providers.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_unregistered_vendors_in_a_vendor_column_are_named_and_nothing_is_stored(acme, tmp_path):
    before = state(acme)
    result = run(acme, many_vendors(tmp_path))
    assert result.status == "rejected"
    reason = result.errors[0].reason
    assert "2 vendor(s) that are not registered: 'Bravo Contact', 'Coral BPO'" in reason
    assert "--add-vendors" in reason
    assert state(acme) == before


def test_add_vendors_registers_them_with_the_import_in_one_transaction(acme, tmp_path):
    before = state(acme)
    check = run(acme, many_vendors(tmp_path), add_vendors=True, dry_run=True)
    assert check.status == "loaded" and check.new_vendors == ["Bravo Contact", "Coral BPO"]
    assert "would register 2 new vendor(s)" in check.summary()
    assert state(acme) == before  # a dry run registers nobody
    done = run(acme, many_vendors(tmp_path), add_vendors=True)
    assert done.status == "loaded" and done.to_json()["new_vendors"] == check.new_vendors
    assert set(queries.vendor_names(acme)) == {"Acme Care", "Bravo Contact", "Coral BPO"}
    # Each vendor's offered calls: summed by hand from the lines above.
    got = dict(
        acme.execute(
            "SELECT v.name, sum(f.offered) FROM kpi_facts f JOIN vendors v USING (vendor_id) "
            "GROUP BY 1"
        ).fetchall()
    )
    assert got == {"Acme Care": 100, "Bravo Contact": 410, "Coral BPO": 50}
    assert len(done.batch_ids) == 3


def test_a_rejected_file_registers_no_vendor(acme, tmp_path):
    bad = [*MANY[:-1], "Coral BPO,2026-10-02,Billing care,Leeds,Voice,50,60,5,40"]  # 60 > 50
    before = state(acme)
    result = run(acme, many_vendors(tmp_path, bad), add_vendors=True)
    assert result.status == "rejected" and result.errors[0].row == 5
    assert state(acme) == before


def test_only_those_who_may_register_vendors_can_add_them(acme, tmp_path):
    partner = Actor("p@acme.example", "vendor_partner", vendor="Acme Care")
    result = importer.run(
        acme, partner, many_vendors(tmp_path), file_name="p.csv", add_vendors=True, today=TODAY
    )
    assert result.status == "rejected"  # a partner's file is its own vendor's rows only
    assert queries.vendor_names(acme) == ["Acme Care"]


def test_a_vendor_name_with_a_hidden_character_is_a_row_error_not_a_new_vendor(acme, tmp_path):
    lines = [*MANY[:2], "Bravo\u202eContact,2026-10-01,Billing care,Leeds,Voice,200,190,10,150"]
    before = state(acme)
    result = run(acme, many_vendors(tmp_path, lines), add_vendors=True)
    assert result.status == "rejected" and result.new_vendors == []
    hit = [e for e in result.errors if e.column == "Provider"]
    assert hit and hit[0].row == 3
    assert state(acme) == before
