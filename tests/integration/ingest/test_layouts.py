"""Layouts: a saved mapping is named apart from any vendor, versioned with every version kept,
found for any file whose headers it fits (whichever vendor sends it), and a vendor partner sees,
uses and changes only the layouts saved for its own vendor. Real DuckDB files throughout."""

from __future__ import annotations

import json
import tomllib
from datetime import date

import pandas as pd
import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import InvalidInput, NotFound, PermissionDenied, StaleRecord
from governance.ingest import importer, labels, layouts, profiles
from governance.store import db, queries, scope

ADA = Actor("ada@client.example", "vendor_manager")
BEN = Actor("ben@client.example", "admin")
PAT = Actor("pat@acme.example", "vendor_partner", "Acme Care")
TODAY = date(2026, 11, 22)
HEADER = "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,AHT"
ROWS = [
    "2026-10-01,Billing care,Leeds,Voice,100,95,5,300",
    "2026-10-02,Billing care,Leeds,Voice,120,110,10,310",
    "2026-10-03,Billing care,Leeds,Voice,90,88,2,290",
]
DAILY = {
    "date": "Report Date",
    "program": "LOB",
    "site": "Location",
    "channel": "Channel",
    "offered": "Calls Offered",
    "answered": "Calls Handled",
    "abandoned": "Abandons",
}


def daily(**changes) -> profiles.Profile:
    """The mapping of HEADER's files: AHT ignored."""
    data = {"columns": dict(DAILY), "ignore": ["AHT"], **changes}
    return profiles.from_dict(data)


@pytest.fixture
def acme(db_path):
    with db.connect(db_path) as con:
        vendors.add_vendors(con, BEN, ["Acme Care", "Zenith BPO", "Quayside Support"])
        for vendor in ("Acme Care", "Zenith BPO", "Quayside Support"):
            labels.add(con, BEN, vendor, "program", ["Billing care"])
            labels.add(con, BEN, vendor, "site", ["Leeds"])
        yield con


def versions_kept(con, name: str) -> list[tuple[int, str]]:
    return con.execute(
        "SELECT h.version, h.saved_by FROM layout_versions h JOIN layouts l USING (layout_id) "
        "WHERE l.name = ? ORDER BY h.version",
        [name],
    ).fetchall()


def audit_saves(con) -> list[tuple[str, dict | None, dict]]:
    rows = con.execute(
        "SELECT actor, before, after FROM audit_events WHERE action = 'layout.save' "
        "ORDER BY event_id"
    ).fetchall()
    return [(a, json.loads(b) if b else None, json.loads(c)) for a, b, c in rows]


def everything(con) -> dict:
    return {
        t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # noqa: S608
        for t in ("layouts", "layout_versions", "audit_events")
    }


def write_csv(tmp_path, rows, header=HEADER, name="export.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


# --- saving, versions, history ---------------------------------------------------------------------


def test_a_layout_is_saved_by_name_versioned_and_every_version_kept(acme):
    first = daily()
    second = daily(sl_threshold_seconds=30)
    assert layouts.version_of(acme, "Acme daily") is None
    assert (
        layouts.save(acme, ADA, "Acme daily", first, expected_version=None, vendor="Acme Care") == 1
    )
    assert layouts.save(acme, BEN, "Acme daily", second, expected_version=1) == 2
    # The same text again makes no new version and writes nothing.
    before = everything(acme)
    assert layouts.save(acme, BEN, "Acme daily", second, expected_version=2) == 2
    assert everything(acme) == before
    assert versions_kept(acme, "Acme daily") == [(1, ADA.name), (2, BEN.name)]
    assert layouts.get(acme, "Acme daily", 1).profile.sl_threshold_seconds == 20
    latest = layouts.get(acme, "Acme daily")
    assert (latest.version, latest.profile.sl_threshold_seconds, latest.saved_by) == (
        2,
        30,
        BEN.name,
    )
    assert latest.vendor == "Acme Care"  # the vendor it was first saved for stays
    with pytest.raises(NotFound, match=r"has no version 3 kept \(it is at version 2; kept: 2, 1\)"):
        layouts.get(acme, "Acme daily", 3)
    # Audited with before and after.
    saves = audit_saves(acme)
    assert [(a, b and b["version"], c["version"]) for a, b, c in saves] == [
        (ADA.name, None, 1),
        (BEN.name, 1, 2),
    ]
    assert saves[1][1]["profile"] == profiles.to_toml(first)
    assert saves[1][2]["profile"] == profiles.to_toml(second)


def test_the_list_says_what_each_layout_reads_and_who_saved_it(acme):
    layouts.save(acme, ADA, "Acme daily", daily(), expected_version=None, vendor="Acme Care")
    split = profiles.from_dict(
        {"columns": {"date": "Day", "interval_start": "Slot", "offered": "Calls"}}
    )
    layouts.save(acme, BEN, "Many vendors", split.with_changes(), expected_version=None)
    frame = layouts.listed(acme)
    assert list(frame.columns) == list(layouts.LIST_COLUMNS)
    rows = frame.to_dict(orient="records")
    assert [r["name"] for r in rows] == ["Many vendors", "Acme daily"]  # newest first
    assert pd.isna(rows[0]["vendor"]) and rows[0]["time"] == "Day + Slot (interval_start)"
    assert rows[0]["reads"] == "Calls, Day, Slot"
    assert rows[1]["reads"] == ", ".join(sorted(DAILY.values()))
    assert rows[1]["time"] == "Report Date (date)"
    assert (rows[1]["version"], rows[1]["vendor"], rows[1]["saved_by"]) == (
        1,
        "Acme Care",
        ADA.name,
    )
    assert layouts.listed(acme, vendor="Acme Care")["name"].tolist() == ["Acme daily"]


def test_a_name_is_one_layout_in_any_letter_case_and_spacing(acme):
    layouts.save(acme, ADA, "Acme daily", daily(), expected_version=None)
    again = daily(sl_threshold_seconds=15)
    assert layouts.save(acme, ADA, "  acme   DAILY ", again, expected_version=1) == 2
    assert acme.execute("SELECT name FROM layouts").fetchall() == [("Acme daily",)]
    assert layouts.get(acme, "ACME DAILY").profile.sl_threshold_seconds == 15


def test_the_vendor_of_a_profile_is_not_kept_in_the_layout(acme):
    layouts.save(acme, ADA, "Acme daily", daily(vendor="Acme Care"), expected_version=None)
    (text,) = acme.execute("SELECT profile FROM layouts").fetchone()
    assert "vendor" not in tomllib.loads(text)
    assert layouts.get(acme, "Acme daily").vendor is None  # and no vendor was given to list it


def test_a_save_over_a_newer_version_is_refused_and_theirs_kept(acme):
    layouts.save(acme, ADA, "Acme daily", daily(), expected_version=None)
    ben_read = layouts.version_of(acme, "Acme daily")
    layouts.save(acme, ADA, "Acme daily", daily(sl_threshold_seconds=30), expected_version=1)
    before = everything(acme)
    with pytest.raises(StaleRecord) as stale:
        layouts.save(
            acme, BEN, "Acme daily", daily(sl_threshold_seconds=40), expected_version=ben_read
        )
    assert "The layout 'Acme daily' was changed by someone else" in str(stale.value)
    assert "(version 2, you had 1)" in str(stale.value) and "nothing was saved" in str(stale.value)
    with pytest.raises(StaleRecord, match="Someone else saved a layout named 'Acme daily'"):
        layouts.save(acme, BEN, "Acme daily", daily(sl_threshold_seconds=40), expected_version=None)
    with pytest.raises(StaleRecord, match="There is no layout named 'Nothing yet'"):
        layouts.save(acme, BEN, "Nothing yet", daily(), expected_version=3)
    assert everything(acme) == before
    assert layouts.get(acme, "Acme daily").profile.sl_threshold_seconds == 30


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("", "A layout needs a name"),
        ("   ", "A layout needs a name"),
        ("x" * 81, "The layout name is 81 characters long; keep it to 80"),
        ("Daily\x1b[31m", "contains a character that can disguise text on a screen"),
        ("Daily\u202eexport", "contains a character that can disguise text on a screen"),
    ],
)
def test_a_bad_name_is_refused_and_nothing_saved(acme, name, says):
    before = everything(acme)
    with pytest.raises(InvalidInput, match=says) as refused:
        layouts.save(acme, ADA, name, daily(), expected_version=None)
    assert "\x1b" not in str(refused.value) and "\u202e" not in str(refused.value)
    assert everything(acme) == before


def test_a_name_of_80_characters_is_fine(acme):
    name = "Daily export " + "y" * 67
    assert len(name) == 80
    assert layouts.save(acme, ADA, name, daily(), expected_version=None) == 1


def test_a_mapping_of_a_column_about_staff_is_refused(acme):
    columns = {**DAILY, "queue": "Agent Name"}
    with pytest.raises(InvalidInput, match="maps 'Agent Name' as queue"):
        layouts.save(
            acme, ADA, "Acme daily", profiles.from_dict({"columns": columns}), expected_version=None
        )
    averaged = profiles.from_dict(
        {
            "columns": DAILY,
            "averages": {"handle_time_sec": {"column": "Agent ID", "over": "answered"}},
        }
    )
    with pytest.raises(InvalidInput, match="maps 'Agent ID' as an average of handle_time_sec"):
        layouts.save(acme, ADA, "Acme daily", averaged, expected_version=None)
    assert everything(acme)["layouts"] == []
    # Ignoring such a column by name is not stored either: the guard handles it in every file.
    layouts.save(
        acme, ADA, "Acme daily", daily(ignore=["AHT", "Agent Name"]), expected_version=None
    )
    (text,) = acme.execute("SELECT profile FROM layouts").fetchone()
    assert tomllib.loads(text)["ignore"] == ["AHT"]


def test_an_unknown_vendor_or_a_read_only_role_saves_nothing(acme):
    with pytest.raises(NotFound, match="No vendor named 'Nobody Ltd'"):
        layouts.save(acme, ADA, "Acme daily", daily(), expected_version=None, vendor="Nobody Ltd")
    with pytest.raises(PermissionDenied):
        layouts.save(
            acme,
            Actor("lee@client.example", "leadership"),
            "Acme daily",
            daily(),
            expected_version=None,
        )
    assert everything(acme)["layouts"] == []


def test_save_profile_is_the_layout_named_after_the_vendor(acme):
    assert importer.save_profile(acme, ADA, "Zenith BPO", daily(), expected_version=None) == 1
    assert importer.stored_profile_version(acme, "Zenith BPO") == 1
    found = layouts.get(acme, "Zenith BPO")
    assert (found.vendor, found.profile.columns) == ("Zenith BPO", DAILY)


# --- fitting a file by its headers -----------------------------------------------------------------


def test_a_layout_fits_any_file_with_its_columns_whichever_vendor_saved_it(acme):
    layouts.save(acme, ADA, "Acme daily", daily(), expected_version=None, vendor="Acme Care")
    headers = HEADER.split(",")
    found = importer.known_layout(acme, [*reversed(headers), "Another column"])
    assert (found.name, found.version, found.vendor) == ("Acme daily", 1, "Acme Care")
    assert found.profile.columns == DAILY and found.profile.vendor is None
    # A file without one of the columns it reads does not fit it.
    assert importer.known_layout(acme, [h for h in headers if h != "Abandons"]) is None
    # A layout without a time column never fits.
    layouts.save(
        acme,
        ADA,
        "No time",
        profiles.from_dict({"columns": {"offered": "Calls Offered"}}),
        expected_version=None,
    )
    assert importer.known_layout(acme, ["Calls Offered", "Other"]) is None


def test_of_several_that_fit_the_one_covering_most_columns_then_the_vendors_then_the_newest(acme):
    headers = HEADER.split(",")
    small = {"date": "Report Date", "offered": "Calls Offered"}
    # "Narrow" reads 2 of the file's 8 columns; "Wide" reads 7 and ignores AHT: 8.
    layouts.save(acme, ADA, "Wide", daily(), expected_version=None, vendor="Zenith BPO")
    layouts.save(
        acme,
        ADA,
        "Narrow",
        profiles.from_dict({"columns": small}),
        expected_version=None,
        vendor="Acme Care",
    )
    assert importer.known_layout(acme, headers).name == "Wide"
    assert importer.known_layout(acme, headers, vendor="Acme Care").name == "Wide"
    # Two that cover the same columns: the one saved for the file's vendor, else the newest.
    layouts.save(
        acme,
        ADA,
        "Wide too",
        daily(sl_threshold_seconds=30),
        expected_version=None,
        vendor="Acme Care",
    )
    assert importer.known_layout(acme, headers).name == "Wide too"  # the newer
    assert importer.known_layout(acme, headers, vendor="Zenith BPO").name == "Wide"
    assert importer.known_layout(acme, headers, vendor="Acme Care").name == "Wide too"


def test_an_import_without_a_profile_is_mapped_with_the_layout_that_fits(acme, tmp_path):
    layouts.save(acme, ADA, "Acme daily", daily(), expected_version=None, vendor="Acme Care")
    path = write_csv(tmp_path, ROWS)
    result = importer.run(acme, ADA, path, file_name=path.name, vendor="Zenith BPO", today=TODAY)
    assert result.ok, [e.text() for e in result.errors]
    assert (result.profile_source, result.layout, result.layout_version) == (
        "layout",
        "Acme daily",
        1,
    )
    assert result.to_json()["layout"] == {"name": "Acme daily", "version": 1}
    offered = sum(int(r.split(",")[4]) for r in ROWS)
    got = acme.execute(
        "SELECT sum(offered), count(*) FROM kpi_facts JOIN vendors USING (vendor_id) "
        "WHERE name = 'Zenith BPO'"
    ).fetchone()
    assert got == (offered, len(ROWS))
    # The batch records the profile as used: the layout's, AHT ignored.
    (stored,) = acme.execute("SELECT profile FROM import_batches").fetchone()
    assert tomllib.loads(stored)["ignore"] == ["AHT"]
    # Without a fitting layout, the suggestion as before.
    other = write_csv(
        tmp_path,
        [r.replace("10-0", "09-0") for r in ROWS],
        HEADER.replace("Abandons", "Abandoned"),
        "other.csv",
    )
    suggested = importer.run(
        acme, ADA, other, file_name=other.name, vendor="Zenith BPO", today=TODAY, dry_run=True
    )
    assert suggested.profile_source == "suggested" and suggested.layout is None
    assert suggested.to_json()["layout"] is None


def test_an_import_may_name_its_layout(acme, tmp_path):
    layouts.save(acme, ADA, "Acme daily", daily(), expected_version=None)
    layouts.save(acme, ADA, "Acme daily", daily(sl_threshold_seconds=30), expected_version=1)
    path = write_csv(tmp_path, ROWS)
    result = importer.run(
        acme,
        ADA,
        path,
        file_name=path.name,
        vendor="Acme Care",
        layout="ACME daily",
        today=TODAY,
        dry_run=True,
    )
    assert result.ok and (result.profile_source, result.layout, result.layout_version) == (
        "layout",
        "Acme daily",
        2,
    )
    assert result.profile.sl_threshold_seconds == 30
    with pytest.raises(NotFound, match="No layout named 'Nope'. Saved layouts: 'Acme daily'."):
        importer.run(acme, ADA, path, file_name=path.name, vendor="Acme Care", layout="Nope")
    with pytest.raises(InvalidInput, match="not both"):
        importer.run(
            acme,
            ADA,
            path,
            file_name=path.name,
            vendor="Acme Care",
            layout="Acme daily",
            profile=daily(),
        )
    assert acme.execute("SELECT count(*) FROM import_batches").fetchone() == (0,)


def test_a_file_of_many_vendors_is_saved_and_mapped_as_one_layout(acme, tmp_path):
    columns = {**DAILY, "vendor": "Provider"}
    mixed = profiles.from_dict({"columns": columns, "ignore": ["AHT"]})
    layouts.save(acme, BEN, "Many vendors daily", mixed, expected_version=None)
    assert layouts.get(acme, "Many vendors daily").vendor is None
    rows = [f"Acme Care,{ROWS[0]}", f"Zenith BPO,{ROWS[1]}", f"Zenith BPO,{ROWS[2]}"]
    path = write_csv(tmp_path, rows, "Provider," + HEADER)
    result = importer.run(acme, ADA, path, file_name=path.name, today=TODAY)
    assert result.ok and result.layout == "Many vendors daily", [e.text() for e in result.errors]
    got = dict(
        acme.execute(
            "SELECT name, sum(offered) FROM kpi_facts JOIN vendors USING (vendor_id) GROUP BY name"
        ).fetchall()
    )
    assert got == {"Acme Care": 100, "Zenith BPO": 120 + 90}


# --- a vendor partner ------------------------------------------------------------------------------


@pytest.fixture
def three_layouts(acme):
    layouts.save(acme, ADA, "Acme daily", daily(), expected_version=None, vendor="Acme Care")
    layouts.save(acme, ADA, "Acme daily", daily(sl_threshold_seconds=30), expected_version=1)
    layouts.save(acme, ADA, "Zenith daily", daily(), expected_version=None, vendor="Zenith BPO")
    mixed = profiles.from_dict({"columns": {**DAILY, "vendor": "Provider"}})
    layouts.save(acme, ADA, "Many vendors", mixed, expected_version=None)
    return acme


def test_a_partner_sees_only_its_vendors_layouts(three_layouts, db_path):
    with db.connect(scope.Scoped(str(db_path), "Acme Care"), migrate_schema=False) as con:
        assert layouts.listed(con)["name"].tolist() == ["Acme daily"]
        assert queries.layout_record(con, "Zenith daily") is None
        assert con.execute("SELECT count(*) FROM layout_versions").fetchone() == (2,)
        assert queries.layout_version(con, "Many vendors", 1) is None
        with pytest.raises(NotFound) as missing:
            layouts.get(con, "Zenith daily")
        assert "Zenith" not in str(missing.value).replace("'Zenith daily'", "")
        assert layouts.fit(layouts.saved(con), HEADER.split(",")).name == "Acme daily"


def test_a_partner_saves_only_its_vendors_layouts(three_layouts):
    con = three_layouts
    before = everything(con)
    with pytest.raises(PermissionDenied, match="not one saved for Acme Care"):
        layouts.save(con, PAT, "Zenith daily", daily(sl_threshold_seconds=45), expected_version=1)
    with pytest.raises(PermissionDenied, match="not one saved for Acme Care"):
        layouts.save(con, PAT, "many VENDORS", daily(), expected_version=1)
    with pytest.raises(PermissionDenied):
        layouts.save(con, PAT, "Their own", daily(), expected_version=None, vendor="Zenith BPO")
    assert everything(con) == before
    assert layouts.save(con, PAT, "Acme daily", daily(), expected_version=2) == 3
    assert layouts.save(con, PAT, "Acme new", daily(), expected_version=None) == 1
    assert layouts.get(con, "Acme new").vendor == "Acme Care"


def test_a_partners_import_uses_only_its_vendors_layouts(acme, tmp_path):
    layouts.save(acme, ADA, "Zenith daily", daily(), expected_version=None, vendor="Zenith BPO")
    path = write_csv(tmp_path, ROWS)
    result = importer.run(acme, PAT, path, file_name=path.name, today=TODAY, dry_run=True)
    assert result.profile_source == "suggested" and result.layout is None
    with pytest.raises(NotFound, match="No layout named 'Zenith daily'. No layout is saved yet."):
        importer.run(acme, PAT, path, file_name=path.name, layout="Zenith daily")
    layouts.save(acme, PAT, "Acme daily", daily(), expected_version=None)
    result = importer.run(acme, PAT, path, file_name=path.name, today=TODAY, dry_run=True)
    assert result.ok and result.layout == "Acme daily", [e.text() for e in result.errors]
