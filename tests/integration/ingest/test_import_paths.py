"""The import's two paths agree: the single pass a clean file takes (``staging.roll_up_clean``)
and the full path (``map_rows``, ``validate``, ``roll_up``) store the same rows and report the
same errors. Each file is imported twice into copies of one database, once as shipped and once
with the single pass switched off, and everything the import wrote is compared."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import demo
from governance.access import audit, vendors
from governance.access.actors import Actor
from governance.ingest import importer, labels, profiles, staging
from governance.store import db
from tests.conftest import REAL_DATA
from tests.integration.ingest.test_importer import DUNMORE_PROFILE, SF_PROFILE

ACTOR = Actor("paths@client.example", "vendor_manager")
TODAY = date(2026, 11, 22)
INTERVAL_HEADER = "Vendor,Interval,LOB,Location,Channel,Offered,Handled,Abandons,Ans < 20s,AHT"
INTERVAL_PROFILE = profiles.parse("""
[columns]
vendor = "Vendor"
interval_start = "Interval"
program = "LOB"
site = "Location"
channel = "Channel"
offered = "Offered"
answered = "Handled"
abandoned = "Abandons"
answered_within_sl = "Ans < 20s"
[averages]
handle_time_sec = { column = "AHT", over = "answered" }
""")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The demo portfolio (with its sample exports) and the vendor of the real SF file."""
    work = tmp_path_factory.mktemp("paths")
    path = work / "template.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=work / "exports"
        )
        vendors.add_vendors(con, ACTOR, ["SF Health Service System"])
    return path, work / "exports"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Two vendors, no facts yet: the interval files' database."""
    path = tmp_path_factory.mktemp("paths-small") / "template.duckdb"
    with db.connect(path) as con:
        vendors.add_vendors(con, ACTOR, ["Acme Care", "Zenith Care"])
    return path


def written(con) -> dict:
    """What an import leaves behind, without the clock: facts, batches, restatement records."""
    return {
        "facts": sorted(con.execute("SELECT * FROM kpi_facts").fetchall(), key=repr),
        "restated": sorted(con.execute("SELECT * FROM restated_facts").fetchall(), key=repr),
        "batches": con.execute(
            "SELECT batch_id, vendor_id, file_name, content_hash, status, rows_read, rows_loaded, "
            "rows_rejected, period_from, period_to, grain, shape, components FROM import_batches "
            "ORDER BY batch_id"
        ).fetchall(),
        "restatements": con.execute(
            "SELECT batch_id, vendor_id, period_from, period_to, components, replaced_batches, "
            "rows_before, before_totals, after_totals FROM restatements ORDER BY batch_id"
        ).fetchall(),
        "audit": con.execute(
            "SELECT action, entity, entity_id, before, after FROM audit_events "
            "WHERE action LIKE 'facts.%' ORDER BY event_id"
        ).fetchall(),
    }


def import_both_ways(template_db: Path, tmp_path: Path, source: Path, monkeypatch, **kw):
    """Import ``source`` with the single pass and without it; returns (took_single_pass,
    (result, written) with it, (result, written) without it)."""
    taken: list[bool] = []
    real = staging.roll_up_clean

    def spy(*args, **kwargs):
        taken.append(real(*args, **kwargs))
        return taken[-1]

    outcomes = []
    for name, replacement in (("single", spy), ("full", lambda *a, **k: False)):
        path = tmp_path / f"{name}.duckdb"
        shutil.copy(template_db, path)
        monkeypatch.setattr(staging, "roll_up_clean", replacement)
        with db.connect(path) as con:
            result = importer.run(
                con, ACTOR, source, file_name=source.name, today=TODAY, **{"add_labels": True, **kw}
            )
            outcomes.append((summary(result), written(con)))
    monkeypatch.setattr(staging, "roll_up_clean", real)
    return bool(taken and taken[0]), outcomes[0], outcomes[1]


def summary(result: importer.ImportResult) -> dict:
    return {
        "status": result.status,
        "rows_read": result.rows_read,
        "rows_loaded": result.rows_loaded,
        "periods": result.periods,
        "errors": [e.text() for e in result.errors],
        "warnings": result.warnings,
        "batch_ids": result.batch_ids,
        "writes": [
            (w.status, w.rows_loaded, w.rows_restated, w.before_totals, w.after_totals)
            for w in result.writes
        ],
    }


# --- every clean file takes the single pass and stores what the full path stores ----------------


@pytest.mark.parametrize(
    "name, vendor, profile",
    [
        ("northwind_daily_2026-10.csv", "Northwind Contact", None),
        ("crestline_daily_2026-10.csv", "Crestline Services", None),
        ("bluebird_daily_2026-10.xlsx", "Bluebird BPO", None),
        ("dunmore_contacts_2026-10.csv", "Dunmore Digital", DUNMORE_PROFILE),
        (REAL_DATA / "sf_hss_call_center_monthly.csv", None, SF_PROFILE),
    ],
)
def test_clean_files_take_the_single_pass_and_store_the_same(
    template, tmp_path, monkeypatch, name, vendor, profile
):
    template_db, exports = template
    source = name if isinstance(name, Path) else exports / name
    kw = {"vendor": vendor, "profile": profiles.parse(profile) if profile else None}
    took, single, full = import_both_ways(template_db, tmp_path, source, monkeypatch, **kw)
    assert single[0]["status"] in ("loaded", "restated"), single[0]["errors"]
    assert took, "a clean file should not need the row-by-row path"
    assert single == full


def interval_file(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "intervals.csv"
    path.write_text("\n".join([INTERVAL_HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def clean_intervals(days=2) -> list[str]:
    out = []
    for vendor in ("Acme Care", "Zenith Care"):
        for day in range(1, days + 1):
            for slot in range(4):
                stamp = f"2026-10-{day:02d} {8 + slot // 2:02d}:{30 * (slot % 2):02d}"
                for lob in ("Billing", "Sales"):
                    out.append(f"{vendor},{stamp},{lob},Leeds,Voice,20,18,2,15,{300 + slot}")
    return out


def test_a_clean_interval_file_for_two_vendors(small, tmp_path, monkeypatch):
    source = interval_file(tmp_path, clean_intervals())
    took, single, full = import_both_ways(
        small, tmp_path, source, monkeypatch, profile=INTERVAL_PROFILE
    )
    assert took and single == full
    # Independently: each vendor × program × day sums its four half-hours.
    expected: dict[tuple, list[float]] = {}
    for line in clean_intervals():
        vendor, stamp, lob, _site, _channel, offered, handled, *_rest, aht = line.split(",")
        sums = expected.setdefault((vendor, lob, date.fromisoformat(stamp[:10])), [0.0, 0.0])
        sums[0] += float(offered)
        sums[1] += float(handled) * float(aht)
    with db.connect(tmp_path / "single.duckdb") as con:
        got = con.execute(
            "SELECT v.name, f.program, f.date, f.offered, f.handle_time_sec FROM kpi_facts f "
            "JOIN vendors v USING (vendor_id) WHERE v.name IN ('Acme Care', 'Zenith Care')"
        ).fetchall()
    assert {(v, p, d): [o, h] for v, p, d, o, h in got} == expected


# --- anything doubtful goes the full way, which decides ------------------------------------------

ODD_CELLS = {
    # what -> (column, value, the outcome, whether the single pass may settle it)
    "a blank word in a count": ("Offered", "n/a", "loaded", False),
    "a count that is not a number": ("Offered", "lots", "rejected", False),
    "a negative count": ("Abandons", "-2", "rejected", False),
    "answered above offered": ("Handled", "25", "rejected", False),
    "a channel we do not know": ("Channel", "Pigeon", "rejected", False),
    "a channel written two ways": ("Channel", "Phone", "loaded", False),
    "a label with untidy spaces": ("LOB", "  Retention  desk ", "loaded", True),
    "untidy spaces making two rows one": ("LOB", "  Billing  ", "rejected", False),
    "a label too long": ("Location", "L" * 250, "rejected", False),
    "a vendor not registered": ("Vendor", "Nobody Ltd", "rejected", False),
    "a vendor written two ways": ("Vendor", " Acme  Care", "loaded", False),
    "a new channel": ("Channel", "Chat", "loaded", True),
    "a blank vendor": ("Vendor", "", "rejected", False),
    "a time in the future": ("Interval", "2027-01-01 08:00", "rejected", False),
    "a time that is not a time": ("Interval", "soon", "rejected", False),
    "a blank time": ("Interval", "", "rejected", False),
    "a time written another way": ("Interval", "2026-10-01 08:00:00", "rejected", False),
    "a clock duration": ("AHT", "0:05:00", "loaded", True),
}
COLUMNS = INTERVAL_HEADER.split(",")


@pytest.mark.parametrize("odd", list(ODD_CELLS))
def test_an_odd_cell_is_stored_or_refused_the_same_either_way(small, tmp_path, monkeypatch, odd):
    column, value, outcome, single_pass = ODD_CELLS[odd]
    lines = clean_intervals()
    cells = lines[5].split(",")
    cells[COLUMNS.index(column)] = value
    lines[5] = ",".join(cells)
    source = interval_file(tmp_path, lines)
    took, single, full = import_both_ways(
        small, tmp_path, source, monkeypatch, profile=INTERVAL_PROFILE
    )
    assert took == single_pass
    assert single == full
    assert single[0]["status"] == outcome, single[0]["errors"]


def test_a_repeated_row_is_a_duplicate_either_way(small, tmp_path, monkeypatch):
    lines = clean_intervals()
    source = interval_file(tmp_path, [*lines, lines[3]])
    took, single, full = import_both_ways(
        small, tmp_path, source, monkeypatch, profile=INTERVAL_PROFILE
    )
    assert not took and single == full
    assert "appears more than once" in single[0]["errors"][0]


def test_a_label_written_two_ways_on_different_days_is_one_label_either_way(
    small, tmp_path, monkeypatch
):
    lines = [
        line.replace(",Billing,", ",  Billing ,") if "2026-10-02" in line else line
        for line in clean_intervals()
    ]
    source = interval_file(tmp_path, lines)
    took, single, full = import_both_ways(
        small, tmp_path, source, monkeypatch, profile=INTERVAL_PROFILE
    )
    assert not took and single == full
    assert single[0]["status"] == "loaded", single[0]["errors"]
    with db.connect(tmp_path / "single.duckdb") as con:
        programs = con.execute("SELECT DISTINCT program FROM kpi_facts ORDER BY 1").fetchall()
    assert programs == [("Billing",), ("Sales",)]


def many_times(per_day: int) -> list[str]:
    """One vendor, one program, two days of ``per_day`` one-minute intervals."""
    return [
        f"Acme Care,2026-10-0{day} {8 + m // 60:02d}:{m % 60:02d},Billing,Leeds,Voice,20,18,2,15,300"
        for day in (1, 2)
        for m in range(per_day)
    ]


# Up to 127 times a day, repeats are counted with a bit per time; beyond, by hashing the keys.
@pytest.mark.parametrize("per_day", [126, 127, 128, 200])
@pytest.mark.parametrize("repeat", [None, 0, -1, 126])
def test_repeats_are_found_however_many_times_a_day(small, tmp_path, monkeypatch, per_day, repeat):
    lines = many_times(per_day)
    if repeat is not None:
        lines.insert(len(lines) // 3, lines[repeat])
    source = interval_file(tmp_path, lines)
    took, single, full = import_both_ways(
        small, tmp_path, source, monkeypatch, profile=INTERVAL_PROFILE
    )
    assert single == full
    assert took is (repeat is None)
    if repeat is None:
        assert single[0]["status"] == "loaded" and single[0]["rows_read"] == 2 * per_day
    else:
        assert "appears more than once" in single[0]["errors"][0]


@pytest.mark.parametrize("second", ["Voice", "Phone"])
def test_a_daily_file_with_a_repeated_day_is_a_duplicate_either_way(
    small, tmp_path, monkeypatch, second
):
    header = "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT"
    row = "2026-10-01,Billing care,Leeds,Voice,100,95,5,80,300"
    other = "2026-10-02,Billing care,Leeds,Voice,100,95,5,80,300"
    source = tmp_path / "daily.csv"
    source.write_text(
        f"{header}\n{row}\n{other}\n{row.replace('Voice', second)}\n", encoding="utf-8"
    )
    took, single, full = import_both_ways(small, tmp_path, source, monkeypatch, vendor="Acme Care")
    assert not took and single == full
    assert single[0]["status"] == "rejected"
    assert "appears more than once" in single[0]["errors"][0]


def test_a_clean_daily_file_takes_the_single_pass(small, tmp_path, monkeypatch):
    header = "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT"
    rows = [
        f"2026-10-0{d},Billing care,Leeds,{c},100,95,5,80,300"
        for d in (1, 2)
        for c in ("Voice", "Chat")
    ]
    source = tmp_path / "daily.csv"
    source.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    took, single, full = import_both_ways(small, tmp_path, source, monkeypatch, vendor="Acme Care")
    assert took and single == full
    assert single[0]["status"] == "loaded" and single[0]["rows_loaded"] == 4


def test_rows_of_another_vendor_go_the_full_way(small, tmp_path, monkeypatch):
    source = interval_file(tmp_path, clean_intervals())
    took, single, full = import_both_ways(
        small, tmp_path, source, monkeypatch, profile=INTERVAL_PROFILE, vendor="Acme Care"
    )
    assert not took and single == full
    assert "belongs to another vendor than Acme Care" in single[0]["errors"][0]


def test_a_failure_while_writing_new_slices_leaves_the_database_as_it_was(
    small, tmp_path, monkeypatch
):
    path = tmp_path / "fail.duckdb"
    shutil.copy(small, path)
    source = interval_file(tmp_path, clean_intervals())
    calls = {"n": 0}
    real = audit.record

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the first vendor's batch is recorded, the second fails
            raise OSError("disk full")
        return real(*args, **kwargs)

    with db.connect(path) as con:
        for vendor in ("Acme Care", "Zenith Care"):  # known labels: the failure is the slices'
            labels.add(con, ACTOR, vendor, "program", ["Billing", "Sales"])
            labels.add(con, ACTOR, vendor, "site", ["Leeds"])
        before = written(con)
        monkeypatch.setattr(audit, "record", failing)
        with pytest.raises(OSError, match="disk full"):
            importer.run(
                con, ACTOR, source, file_name=source.name, profile=INTERVAL_PROFILE, today=TODAY
            )
        monkeypatch.setattr(audit, "record", real)
        assert written(con) == before


# --- and for any mixture of such cells, the two paths agree --------------------------------------

CELL_CHOICES = {
    "Vendor": ["Acme Care", "Zenith Care", "Acme Care ", "Nobody Ltd", ""],
    "Interval": [
        "2026-10-01 08:00",
        "2026-10-01 08:30",
        "2026-10-02 08:00",
        "2026-10-01 08:00:00",
        "2026-10-01",
        "2027-02-01 08:00",
        "x",
        "",
    ],
    "LOB": ["Billing", "Sales", " Sales", "", "L" * 201],
    "Location": ["Leeds", "leeds", "Manila"],
    "Channel": ["Voice", "Phone", "Chat", "chat ", "Pigeon", ""],
    "Offered": ["20", "n/a", "-1", "1,000", "x", ""],
    "Handled": ["18", "0", "25", ""],
    "Abandons": ["2", "0", "-3"],
    "Ans < 20s": ["15", "0", "19"],
    "AHT": ["300", "0:05:00", "-5", ""],
}

row_strategy = st.fixed_dictionaries({c: st.sampled_from(v) for c, v in CELL_CHOICES.items()})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row_strategy, min_size=1, max_size=12))
def test_any_file_is_stored_and_reported_the_same_either_way(small, tmp_path, monkeypatch, rows):
    lines = [",".join(f'"{r[c]}"' for c in COLUMNS) for r in rows]
    source = interval_file(tmp_path, lines)
    took, single, full = import_both_ways(
        small, tmp_path, source, monkeypatch, profile=INTERVAL_PROFILE
    )
    assert single == full
    if took:
        assert single[0]["status"] in ("loaded", "restated")
