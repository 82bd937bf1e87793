"""Files with one column per agent: refused by default, the agents' columns dropped with
``aggregate``, and their headers (the people) nowhere: not in a table, the audit log, the batch's
profile, a saved profile, a suggestion, a message or an error report.

Each file here is written by the test: rows per day and queue holding the queue's own totals
(offered, answered), then one column per agent holding the calls that agent answered on the rows
of their queue (blank on the others). The totals an import must store are summed here in plain
Python from the rows written.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from governance import cli
from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import agent_guard, importer, profiles
from tests import store_tables

ACTOR = Actor("vmo@client.example", "vendor_manager")
VENDOR = "Harbour Voice Services"
TODAY = date(2026, 11, 22)
DAYS = [date(2026, 10, 5) + timedelta(days=i) for i in range(3)]
QUEUES = ["Billing", "Disputes", "Upgrades"]

# How the agents head their columns: the disguises of a wide export.
AGENTS = {
    "title": ["Diane Smith", "Greg Walker", "Maria Garcia", "Karen Holt", "Brian Foster"],
    "surname_first": ["SMITH, Diane", "WALKER, Greg", "GARCIA, Maria", "HOLT, Karen"],
    "capitals": ["SMITH DIANE", "WALKER GREG", "GARCIA MARIA", "HOLT KAREN"],
    "logins": ["dsmith01", "gwalker02", "mgarcia03", "kholt04"],
    "emails": ["d.smith@vendor.com", "g.walker@vendor.com", "m.garcia@vendor.com"],
    "numbers": ["Agent 4471", "Agent 4472", "Agent 4473", "Agent 4474"],
    "filipino": ["Maricel Santos", "Jomar Reyes", "Rowena Castillo", "Arnel Mendoza"],
    "spanish": ["HERNÁNDEZ, María José", "GUTIÉRREZ, Juan Pablo", "RESTREPO, Luz Marina"],
    "indian": ["Karthik Subramanian", "Sneha Kulkarni", "Rohit Chaturvedi", "Divya Menon"],
    "given": ["Diane", "Greg", "Karen", "Brian", "Linda"],
}


def wide_file(tmp_path: Path, agents: list[str], name: str = "wide.csv") -> tuple[Path, dict]:
    """The file, and the totals per (day, queue) an import may store, summed from its rows."""
    header = ["Date", "Queue", "Offered", "Answered", *agents]
    team = {a: QUEUES[i % len(QUEUES)] for i, a in enumerate(agents)}
    rows, totals = [header], {}
    for d in DAYS:
        for q, queue in enumerate(QUEUES):
            offered = 200 + 10 * q + d.day
            answered = offered - 5 - q
            theirs = [a for a in agents if team[a] == queue]
            calls = {a: answered // len(theirs) for a in theirs}
            calls[theirs[-1]] += answered - sum(calls.values())
            rows.append(
                [d.isoformat(), queue, offered, answered, *(calls.get(a, "") for a in agents)]
            )
            totals[(d, queue)] = (offered, answered)
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path, totals


PROFILE = """
vendor = "Harbour Voice Services"
[columns]
date = "Date"
queue = "Queue"
offered = "Offered"
answered = "Answered"
"""


@pytest.fixture
def con(con):
    vendors.add_vendors(con, ACTOR, [VENDOR])
    return con


def run(con, path: Path, profile=None, **kw) -> importer.ImportResult:
    return importer.run(
        con,
        ACTOR,
        path,
        file_name=path.name,
        vendor=VENDOR,
        profile=profile,
        today=TODAY,
        **{"add_labels": True, **kw},
    )


def text_cells(con) -> str:
    """Every VARCHAR cell of every table (the schema's and any temporary one left behind)."""
    columns = con.execute(
        "SELECT database_name, schema_name, table_name, column_name FROM duckdb_columns() "
        "WHERE data_type = 'VARCHAR' AND NOT internal"
    ).fetchall()
    cells = []
    for database, schema, table, column in columns:
        name = ".".join(f'"{part}"' for part in (database, schema, table))
        cells += [v for (v,) in con.execute(f'SELECT "{column}" FROM {name}').fetchall() if v]  # noqa: S608
    return "\n".join(cells)


def said(result: importer.ImportResult) -> str:
    return "\n".join(
        [
            result.summary(),
            *result.warnings,
            *(e.text() for e in result.errors),
            json.dumps(result.to_json(), default=str),
            importer.errors_csv(result),
            *(f.message() for f in result.guard_findings),
            *agent_guard.shown(result.guard_findings),
        ]
    )


def named(text: str, agents: list[str]) -> list[str]:
    """The agents ``text`` names, as whole words ("Greg", not the "greg" of "aggregated")."""
    return [a for a in agents if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", text, re.IGNORECASE)]


def state(con) -> dict:
    return {
        t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # noqa: S608
        for (t,) in con.execute(store_tables.TABLES).fetchall()
    }


# --- refused by default, every disguise -----------------------------------------------------------


@pytest.mark.parametrize("disguise", list(AGENTS))
def test_a_file_with_one_column_per_agent_is_refused_without_naming_anyone(con, tmp_path, disguise):
    agents = AGENTS[disguise]
    path, _ = wide_file(tmp_path, agents)
    before = state(con)
    for profile in (None, profiles.parse(PROFILE)):  # suggested, then the vendor's own mapping
        result = run(con, path, profile)
        assert result.status == "rejected", said(result)
        hidden = {f.column for f in result.guard_findings if not f.named}
        assert hidden == set(agents), disguise
        message = " ".join(e.text() for e in result.errors)
        assert path.name in message
        assert f"{len(agents)} columns are one per person" in message
        assert "totalled by queue, program or site and by day or interval" in message
        assert "not one column per agent" in message
        assert named(said(result), agents) == []
        assert state(con) == before


def test_the_command_line_exits_2_and_names_no_agent(con, tmp_path, db_path):
    agents = AGENTS["title"]
    path, _ = wide_file(tmp_path, agents)
    con.close()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["import", str(path), "--vendor", VENDOR, "--db", str(db_path)])
    assert status == 2
    text = out.getvalue() + err.getvalue()
    assert "wide.csv holds data about individual vendor staff" in text
    assert "5 columns are one per person" in text
    assert named(text, agents) == []
    assert "Traceback" not in text


# --- aggregate: dropped, counted, never named ------------------------------------------------------


@pytest.mark.parametrize("disguise", ["title", "surname_first", "logins", "numbers", "given"])
def test_aggregate_drops_the_agents_columns_and_stores_the_queues_totals(con, tmp_path, disguise):
    agents = AGENTS[disguise]
    path, totals = wide_file(tmp_path, agents)
    result = run(con, path, profiles.parse(PROFILE), on_agent_data="aggregate")
    assert result.ok, said(result)
    stored = {
        (d, queue): (offered, answered)
        for d, queue, offered, answered in con.execute(
            "SELECT date, queue, offered, answered FROM kpi_facts"
        ).fetchall()
    }
    assert stored == totals
    (profile_text, identifying) = con.execute(
        "SELECT profile, identifying_data FROM import_batches"
    ).fetchone()
    n = len(agents)
    assert profile_text.startswith(f"# {n} columns about individual staff left out")
    assert identifying == "aggregated"
    assert f"Dropped {n} column(s) that identify individual staff ({n} headed by a person" in (
        " ".join(result.warnings)
    )
    assert named(text_cells(con), agents) == []
    assert named(said(result), agents) == []


def test_a_profile_mapping_an_agents_column_is_refused_without_naming_it(con, tmp_path):
    agents = AGENTS["title"]
    path, _ = wide_file(tmp_path, agents)
    hostile = profiles.parse(PROFILE).with_changes(
        columns={"date": "Date", "queue": "Queue", "offered": "Offered", "answered": agents[0]},
        ignore=["Answered"],
        on_agent_data="aggregate",
    )
    result = run(con, path, hostile)
    assert result.status == "rejected"
    message = result.errors[0].reason
    assert "The profile maps 1 of the columns headed by a person (as answered)" in message
    assert "remove that mapping" in message
    assert named(said(result), agents) == []
    assert con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0] == 0


# --- suggestions and saved profiles hold no agent ----------------------------------------------------


@pytest.mark.parametrize("disguise", ["title", "capitals", "emails", "spanish", "given"])
def test_the_suggestion_neither_lists_nor_ignores_the_agents_columns(con, tmp_path, disguise):
    agents = AGENTS[disguise]
    path, _ = wide_file(tmp_path, agents)
    found = importer.suggest_mapping(con, path, file_name=path.name)
    assert found.read.headers == ["Date", "Queue", "Offered", "Answered"]
    assert named(" ".join(found.unplaced), agents) == []
    assert named(" ".join(found.reasons), agents) == []
    assert found.profile.people_dropped == len(agents)
    text = profiles.to_toml(found.profile)
    assert named(text, agents) == []
    assert f"# {len(agents)} columns about individual staff left out" in text
    rows = profiles.mapping_rows(found.profile, found.read.headers)  # the page's grid
    assert named(" ".join(r["column"] for r in rows), agents) == []


def test_profiles_suggest_on_the_command_line_names_no_agent(con, tmp_path, db_path):
    agents = AGENTS["filipino"]
    path, _ = wide_file(tmp_path, agents)
    con.close()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(["profiles", "suggest", str(path), "--db", str(db_path)])
    assert status == 0
    text = out.getvalue()
    assert "Not placed" not in text
    assert named(text, agents) == []
    assert "# 4 columns about individual staff left out" in text


@pytest.mark.parametrize("disguise", ["title", "surname_first", "logins", "emails", "numbers"])
def test_a_mapping_ignoring_the_agents_by_name_is_saved_without_them(con, disguise):
    agents = AGENTS[disguise]
    prof = profiles.parse(PROFILE).with_changes(ignore=agents)
    importer.save_profile(con, ACTOR, VENDOR, prof, expected_version=None)
    assert named(text_cells(con), agents) == []  # the saved mapping and its audit event
    assert profiles.parse(profiles.to_toml(prof)).columns == prof.columns


# --- the preview: the same verdict, no agent ----------------------------------------------------------


def test_the_preview_says_the_file_is_per_person_and_shows_no_agent(con, tmp_path):
    agents = AGENTS["logins"]
    path, _ = wide_file(tmp_path, agents)
    view = importer.preview(con, path, file_name=path.name, profile=profiles.parse(PROFILE))
    assert view.frame is None
    assert len(view.problems) == 1 and "4 columns are one per person" in view.problems[0]
    assert view.headers == ["Date", "Queue", "Offered", "Answered"]
    assert agent_guard.shown(view.guard_findings) == [
        "4 columns are one per person, headed by a login (their headers are not repeated here)"
    ]
    shown = " ".join([*view.problems, *agent_guard.shown(view.guard_findings)])
    assert named(shown, agents) == []
    aggregated = importer.preview(
        con,
        path,
        file_name=path.name,
        profile=profiles.parse(PROFILE),
        on_agent_data="aggregate",
    )
    assert aggregated.problems == []
    assert list(aggregated.frame.columns) == [
        "row",
        "vendor",
        "period",
        "queue",
        "offered",
        "answered",
    ]
    assert named(aggregated.frame.to_csv(), agents) == []


def test_a_file_of_agents_columns_only_says_what_to_ask_for_when_aggregated(con, tmp_path):
    agents = AGENTS["numbers"]
    path = tmp_path / "agents_only.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Interval", *agents])
        for slot in range(4):
            writer.writerow([f"2026-10-05 08:{30 * (slot % 2):02d}", *(slot + i for i in range(4))])
    before = state(con)
    result = run(con, path, on_agent_data="aggregate")
    assert result.status == "rejected"
    (error,) = result.errors
    assert error.reason.startswith("Once the 4 column(s) about individual staff are dropped")
    assert "Ask the vendor for the totals per queue, program or site" in error.reason
    assert named(said(result), agents) == []
    assert state(con) == before
