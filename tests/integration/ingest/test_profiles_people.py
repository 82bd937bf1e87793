"""Profiles never hold a column about people: suggestions leave them out, saved mappings refuse or
drop them, and what is stored says only how many were left out."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from governance import cli
from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import InvalidInput
from governance.ingest import importer, profiles

ACTOR = Actor("vmo@client.example", "vendor_manager")
VENDOR = "Northwind Contact"
AGENTS = ["Maria Lopez", "John Smith", "Diane Turner", "Ravi Kumar"]


@pytest.fixture
def con(con):
    vendors.add_vendors(con, ACTOR, [VENDOR])
    return con


def agents_csv(tmp_path: Path, header: str = "Nombre del Agente") -> Path:
    lines = [f"Report Date,LOB,Location,Channel,{header},Calls Offered,Calls Handled"]
    for day in ("2026-10-05", "2026-10-06"):
        for i, name in enumerate(AGENTS):
            lines.append(f"{day},Billing care,Leeds,Voice,{name},{100 + i},{95 + i}")
    path = tmp_path / "agents.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("header", ["Nombre del Agente", "Agent Name", "Emp#", "Split"])
def test_a_suggestion_never_proposes_a_person_column(con, tmp_path, header):
    path = agents_csv(tmp_path, header)
    prof, unplaced, _read = importer.suggest_profile(con, path, file_name=path.name)
    text = profiles.to_toml(prof)
    assert header not in text and header not in unplaced
    assert prof.people_dropped == 1
    assert text.startswith("# 1 column about individual staff left out")
    assert not [n for n in AGENTS if n in text]


def test_profiles_suggest_prints_no_person_header(con, tmp_path, db_path):
    path = agents_csv(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["profiles", "suggest", str(path), "--db", str(db_path)])
    assert code == 0
    printed = out.getvalue()
    assert "Nombre del Agente" not in printed and "left out" in printed
    assert profiles.parse(printed).columns["program"] == "LOB"


def test_a_saved_mapping_never_holds_a_person_header(con, tmp_path):
    prof = profiles.parse(
        'ignore = ["Agent Name", "Comments"]\n[columns]\ndate = "Report Date"\n'
        'offered = "Calls Offered"\n'
    )
    importer.save_profile(con, ACTOR, VENDOR, prof, expected_version=None)
    (stored,) = con.execute("SELECT profile FROM layouts").fetchone()
    assert "Agent Name" not in stored and "Comments" in stored
    audit = " ".join(str(r) for r in con.execute("SELECT * FROM audit_events").fetchall())
    assert "Agent Name" not in audit


def test_a_mapping_of_a_person_column_is_not_saved(con):
    prof = profiles.parse(
        '[columns]\ndate = "Report Date"\nqueue = "Agent Name"\noffered = "Calls Offered"\n'
    )
    with pytest.raises(InvalidInput, match="maps 'Agent Name' as queue"):
        importer.save_profile(con, ACTOR, VENDOR, prof, expected_version=None)
    assert con.execute("SELECT count(*) FROM layouts").fetchone() == (0,)


def test_an_import_batch_records_that_columns_were_dropped_not_which(con, tmp_path):
    path = agents_csv(tmp_path, "Agent Name")
    prof = profiles.parse(
        'ignore = ["Agent Name"]\non_agent_data = "aggregate"\n[columns]\ndate = "Report Date"\n'
        'program = "LOB"\nsite = "Location"\nchannel = "Channel"\noffered = "Calls Offered"\n'
        'answered = "Calls Handled"\n'
    )
    result = importer.run(
        con,
        ACTOR,
        path,
        file_name=path.name,
        vendor=VENDOR,
        profile=prof,
        today=None,
        add_labels=True,
    )
    assert result.ok, [e.text() for e in result.errors]
    stored, identifying = con.execute(
        "SELECT profile, identifying_data FROM import_batches"
    ).fetchone()
    assert identifying == "aggregated"
    assert "Agent Name" not in stored and "1 column about individual staff left out" in stored
    assert profiles.parse(stored).ignore == ()
    audit = " ".join(str(r) for r in con.execute("SELECT * FROM audit_events").fetchall())
    assert not [n for n in AGENTS if n in audit or n in stored]
