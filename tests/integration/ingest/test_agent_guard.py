"""Agent-level files in each disguise are refused and leave nothing behind; aggregates import.

Every agent-level file here has one row per agent and day (ten agents, a few dozen contacts
each). Each disguise is imported the way a user would: without a profile (the importer suggests
one), with the vendor's profile ignoring the person column, or with a profile that maps it to a
dimension. A refusal must come from the people guard (``guard_findings``), name the file and the
column, never suggest mapping it, and leave the database as it was: no row in ``kpi_facts`` or
``import_batches``, and no person value anywhere (``import_batches.profile``, ``audit_events``,
any table), nor in what the import reports.
"""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import importer, profiles
from governance.store import queries
from tests import store_tables
from tests.conftest import REAL_DATA

ACTOR = Actor("vmo@client.example", "vendor_manager")
VENDOR = "Harbour Voice Services"
TODAY = date(2026, 11, 22)
DAYS = [date(2026, 10, 5) + timedelta(days=i) for i in range(3)]

WESTERN = [
    ("Diane", "Smith"),
    ("Greg", "Jones"),
    ("Maria", "Lopez"),
    ("Becky", "Turner"),
    ("James", "Walker"),
    ("Laura", "Bennett"),
    ("Peter", "Collins"),
    ("Sarah", "Mitchell"),
    ("Robert", "Hughes"),
    ("Karen", "Foster"),
]
FILIPINO = [
    ("Maricel", "Bautista"),
    ("Jhoanna", "Reyes"),
    ("Rhea", "Santos"),
    ("Jericho", "Dela Cruz"),
    ("Marites", "Villanueva"),
    ("Rodel", "Mendoza"),
    ("Aileen", "Garcia"),
    ("Jomar", "Aquino"),
    ("Lovely", "Ramos"),
    ("Mark Anthony", "Castillo"),
]


def person(style: str, first: str, last: str, i: int) -> str:
    """How the ``i``-th agent is written in the person column."""
    login = (first[0] + last.replace(" ", "")).lower()
    return {
        "full": f"{first} {last}",
        "last_first": f"{last.upper()}, {first.upper()}",
        "first_initial": f"{first} {last[0]}.",
        "initial_last": f"{first[0]}. {last}",
        "team": f"Team {first.split()[0]}",
        "lower": f"{first} {last}".lower(),
        "login": f"{login}{i + 1:02d}",
        "dotted": f"{first[0].lower()}.{last.replace(' ', '').lower()}",
        "login_digit": f"{login}{i + 2}",
        "at_vendor": f"{login}@vendor",
        "email": f"{first[0].lower()}.{last.replace(' ', '').lower()}@harbourvoice.com",
        "empno": f"E{10234 + 7 * i}",
        "digits": str(10234 + 7 * i),
        "ext": str(4011 + 37 * i),
        "station": str(412 + 3 * i),
    }[style]


def agent_file(
    tmp_path: Path, header: str, style: str = "full", pool=WESTERN, name="agents.csv"
) -> tuple[Path, list[str]]:
    """A daily agent-level export: program, site, channel, the person column, calls."""
    values = [person(style, f, last, i) for i, (f, last) in enumerate(pool)]
    rows = [["Date", "Program", "Site", "Channel", header, "Calls Offered", "Calls Handled"]]
    for d in DAYS:
        for i, value in enumerate(values):
            site = ("Manila", "Cebu")[i % 2]
            offered = 30 + (7 * i + d.day) % 25
            rows.append([d, "Billing care", site, "Voice", value, offered, offered - 2])
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path, values


VENDOR_PROFILE = """
vendor = "Harbour Voice Services"
ignore = [{person}]
[columns]
date = "Date"
program = "Program"
site = "Site"
channel = "Channel"
offered = "Calls Offered"
answered = "Calls Handled"
"""


def vendor_profile(header: str, **changes) -> profiles.Profile:
    prof = profiles.parse(VENDOR_PROFILE.format(person=json.dumps(header)))
    return prof.with_changes(**changes) if changes else prof


def hostile_profile(header: str, dim: str = "queue") -> profiles.Profile:
    """The person column mapped to a dimension, asking to aggregate."""
    prof = vendor_profile(header)
    columns = {**prof.columns, dim: header}
    return prof.with_changes(columns=columns, ignore=[], on_agent_data="aggregate")


@pytest.fixture
def con(con):
    vendors.add_vendors(con, ACTOR, [VENDOR])
    return con


def every_text(con) -> str:
    """Every text value of every table, the schema's and any temporary one left behind (text
    only: a three-digit staff code must not be "found" in a timestamp's digits)."""
    parts = []
    for (table,) in con.execute(store_tables.TABLES).fetchall():
        for row in con.execute(f'SELECT * FROM "{table}"').fetchall():  # noqa: S608
            parts.extend(v for v in row if isinstance(v, str))
    return "\n".join(parts)


def counts(con) -> tuple[int, int, int]:
    facts = con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0]
    batches = con.execute("SELECT count(*) FROM import_batches").fetchone()[0]
    audits = con.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    return facts, batches, audits


def run(con, path: Path, profile=None, **kw):
    return importer.run(
        con,
        ACTOR,
        path,
        file_name=path.name,
        vendor=VENDOR,
        profile=profile,
        today=TODAY,
        **{"add_labels": True, **kw},  # the files' programs and sites are new to the vendor
    )


def reported(result) -> str:
    return " ".join(
        [
            result.summary(),
            *result.warnings,
            *(e.text() for e in result.errors),
            json.dumps(result.to_json(), default=str),
            importer.errors_csv(result),
        ]
    )


def assert_refused_by_the_guard(con, result, path: Path, column: str, values: list[str]):
    before_audits = counts(con)[2]
    assert result.status == "rejected", reported(result)
    assert column in {f.column for f in result.guard_findings}, reported(result)
    message = " ".join(e.text() for e in result.errors)
    assert path.name in message and f"'{column}'" in message
    assert "Map it" not in message and "without agent columns" in message
    assert counts(con) == (0, 0, before_audits)
    stored = every_text(con)
    shown = reported(result)
    leaked = [v for v in values if v in stored or v.lower() in stored.lower() or v in shown]
    assert leaked == []


# --- headers in the languages of BPO locations, and look-alike letters -----------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Nombre del Agente",
        "Atendente",
        "Conseiller",
        "Mitarbeiter",
        "Ahente",
        "Operatore",
        "Konsultant",
        "Analyst",
        "Ag\u200bent",  # a zero-width space inside
        "\u0410g\u0435nt",  # Cyrillic А and е
    ],
)
@pytest.mark.parametrize("how", ["default", "vendor profile"])
def test_a_person_header_in_any_language_or_disguise_is_refused(con, tmp_path, header, how):
    path, values = agent_file(tmp_path, header, pool=FILIPINO)
    result = run(con, path, vendor_profile(header) if how == "vendor profile" else None)
    assert_refused_by_the_guard(con, result, path, header, values)


@pytest.mark.parametrize(
    "header, style",
    [
        ("Emp#", "digits"),
        ("Handle", "login"),
        ("Ext", "ext"),
        ("Station ID", "station"),
        ("Analyst", "full"),
    ],
)
def test_identifier_headers_over_codes_are_refused(con, tmp_path, header, style):
    path, values = agent_file(tmp_path, header, style=style)
    result = run(con, path, vendor_profile(header))
    assert_refused_by_the_guard(con, result, path, header, values)


# --- agent columns headed as dimensions, under the default profile --------------------------------


@pytest.mark.parametrize("header", ["Split", "Account", "Reason", "Location"])
def test_an_agent_column_headed_as_a_dimension_is_refused_without_a_profile(con, tmp_path, header):
    path, values = agent_file(tmp_path, header)
    result = run(con, path)
    assert_refused_by_the_guard(con, result, path, header, values)


# --- how names are written --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "style, pool",
    [
        ("last_first", WESTERN),  # SMITH, DIANE
        ("first_initial", WESTERN),  # Diane S.
        ("initial_last", WESTERN),  # D. Smith
        ("team", WESTERN),  # Team Diane
        ("lower", WESTERN),  # diane smith
        ("full", FILIPINO),  # Maricel Bautista
        ("lower", FILIPINO),
        ("login", WESTERN),  # dsmith01
        ("dotted", WESTERN),  # d.smith
        ("login_digit", WESTERN),  # dsmith2
        ("at_vendor", WESTERN),  # dsmith@vendor
        ("email", FILIPINO),  # m.bautista@harbourvoice.com
        ("empno", WESTERN),  # E10234
    ],
)
@pytest.mark.parametrize("how", ["default", "vendor profile", "mapped to queue"])
def test_people_written_any_way_under_a_neutral_header_are_refused(con, tmp_path, style, pool, how):
    header = "Queue" if how == "default" else "Group"
    path, values = agent_file(tmp_path, header, style=style, pool=pool)
    prof = {
        "default": None,
        "vendor profile": vendor_profile(header),
        "mapped to queue": hostile_profile(header),
    }[how]
    result = run(con, path, prof)
    assert_refused_by_the_guard(con, result, path, header, values)


def test_a_profile_mapping_the_agent_column_to_queue_is_refused_even_to_aggregate(con, tmp_path):
    path, values = agent_file(tmp_path, "Agent Name")
    result = run(con, path, hostile_profile("Agent Name"))
    assert_refused_by_the_guard(con, result, path, "Agent Name", values)
    assert "maps 'Agent Name' as queue" in result.errors[0].reason


# --- the grain signature ----------------------------------------------------------------------------


def test_anonymous_labels_with_one_persons_volume_are_refused(con, tmp_path):
    """Ids that look like nothing (A001…A040) mapped as queue: only their volume tells."""
    lines = ["Date,Program,Channel,Queue,Calls Offered,Calls Handled"]
    for d in DAYS:
        for i in range(40):
            offered = 20 + (i * 7 + d.day) % 30
            lines.append(f"{d},Billing care,Voice,A{i + 1:03d},{offered},{offered - 1}")
    path = tmp_path / "anonymous.csv"
    path.write_text("\n".join(lines) + "\n")
    prof = profiles.parse(
        'vendor = "Harbour Voice Services"\n[columns]\ndate = "Date"\nprogram = "Program"\n'
        'channel = "Channel"\nqueue = "Queue"\noffered = "Calls Offered"\n'
        'answered = "Calls Handled"\n'
    )
    result = run(con, path, prof)
    assert_refused_by_the_guard(con, result, path, "Queue", [f"A{i:03d}" for i in range(1, 41)])
    assert "one person" in result.errors[0].reason


# --- aggregating on request keeps working -----------------------------------------------------------


def test_aggregate_drops_the_person_column_and_records_it_without_its_header(con, tmp_path):
    path, values = agent_file(tmp_path, "Nombre del Agente")
    result = run(con, path, vendor_profile("Nombre del Agente"), on_agent_data="aggregate")
    assert result.ok, reported(result)
    offered = sum(30 + (7 * i + d.day) % 25 for d in DAYS for i in range(10))
    stored = con.execute("SELECT sum(offered), count(DISTINCT site) FROM kpi_facts").fetchone()
    assert stored == (offered, 2)
    (profile_text,) = con.execute("SELECT profile FROM import_batches").fetchone()
    assert "1 column about individual staff left out" in profile_text
    assert "Nombre del Agente" not in profile_text
    text = every_text(con) + reported(result)
    assert not [v for v in values if v in text]


# --- real aggregates are not refused ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "nhs111_iuc_daily_provider.csv",
        "sf_hss_call_center_monthly.csv",
        "van311_daily.csv",
        "wfm_interval_15min_synth.csv",
        "callcenter_daily_es_synth.csv",
        "sfdc_calls_by_hour_gsc.xlsx",
    ],
)
def test_the_real_aggregate_files_hold_no_people(con, name):
    """Imported as they are, without a profile: whatever else the suggestion leaves to do, the
    people guard finds nothing and no message speaks of staff."""
    path = REAL_DATA / name
    prof, _unplaced, _read = importer.suggest_profile(con, path, file_name=name)
    assert prof.people_dropped == 0
    result = run(con, path, dry_run=True)
    assert result.guard_findings == []
    assert not [e for e in result.errors if "individual staff" in e.reason], reported(result)


NHS_PROFILE = """
vendor = "Harbour Voice Services"
ignore = ["contract_code", "calls_triaged", "week_ending", "pct_answered_60s", "pct_abandoned",
          "meets_60s_target"]
[columns]
date = "date"
program = "region_code"
site = "contract_name"
offered = "calls_received"
answered = "calls_answered"
answered_within_sl = "calls_answered_60s"
[constants]
channel = "voice"
"""


def test_the_nhs_provider_file_imports(con):
    path = REAL_DATA / "nhs111_iuc_daily_provider.csv"
    result = run(con, path, profiles.parse(NHS_PROFILE))
    assert result.ok, reported(result)
    assert result.guard_findings == []
    (sites,) = con.execute("SELECT count(DISTINCT site) FROM kpi_facts").fetchone()
    assert sites == 28


def nhs_style_file(tmp_path: Path) -> Path:
    """NHS 111 provider statistics: per provider and day, with clinical staff time and cost."""
    providers = ["Leeds", "Wakefield", "Bradford", "Kirklees"]
    lines = [
        "Date,Site,Calls Offered,Calls Handled,Nhs1 Time Clinical Staff SUM,"
        "Nhs1 Cost Clinical Staff SUM,Staff Cost,Agents Staffed"
    ]
    for d in DAYS:
        for i, site in enumerate(providers):
            offered = 900 + 37 * i + d.day
            lines.append(
                f"{d},{site},{offered},{offered - 40},{3600 * (20 + i)},"
                f"{1520.5 + 10 * i},{2100 + 5 * i},{25 + i}"
            )
    path = tmp_path / "nhs_provider_statistics.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("with_profile", [True, False])
def test_an_nhs_style_provider_statistics_file_is_not_refused(con, tmp_path, with_profile):
    path = nhs_style_file(tmp_path)
    prof = None
    if with_profile:
        prof = profiles.parse(
            'vendor = "Harbour Voice Services"\nignore = ["Nhs1 Time Clinical Staff SUM", '
            '"Nhs1 Cost Clinical Staff SUM", "Staff Cost", "Agents Staffed"]\n[columns]\n'
            'date = "Date"\nsite = "Site"\noffered = "Calls Offered"\n'
            'answered = "Calls Handled"\n[constants]\nchannel = "voice"\n'
        )
    result = run(con, path, prof)
    assert result.guard_findings == []
    assert result.ok, reported(result)
    (offered,) = con.execute("SELECT sum(offered) FROM kpi_facts").fetchone()
    assert offered == sum(900 + 37 * i + d.day for d in DAYS for i in range(4))


def test_sites_named_like_people_import(con, tmp_path):
    sites = ["Victoria", "Florence", "Chelsea", "Austin", "Manila", "Cebu", "Kraków", "Porto"]
    lines = ["Date,Program,Site,Channel,Calls Offered,Calls Handled"]
    for d in DAYS:
        for program in ("Billing care", "Tech support", "Retention", "Collections"):
            for i, site in enumerate(sites):
                lines.append(f"{d},{program},{site},Voice,{400 + 11 * i},{380 + 11 * i}")
    path = tmp_path / "sites.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(con, path)
    assert result.ok, reported(result)
    (stored,) = con.execute("SELECT count(DISTINCT site) FROM kpi_facts").fetchone()
    assert stored == len(sites)


def test_the_state_of_a_refused_import_is_the_state_before(con, tmp_path):
    path, _values = agent_file(tmp_path, "Split")
    before = {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in queries.table_names(con)}  # noqa: S608
    run(con, path)
    after = {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in queries.table_names(con)}  # noqa: S608
    assert after == before
