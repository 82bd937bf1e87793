"""A suggested mapping is one that imports: the real files of ``tests/data/real/`` (those without
per-person columns) and the layouts of the issue, each suggested and then imported as suggested,
with no edit."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import importer
from tests.conftest import REAL_DATA
from tests.unit.ingest.test_suggest import (
    DAILY_QUEUE,
    NHS_MONTHLY,
    PROVIDERS,
    daily_queue_rows,
    nhs_monthly_rows,
)

MANAGER = Actor("imp@client.example", "vendor_manager")
VENDOR = "Docs Example Vendor"
TODAY = date(2026, 11, 22)


@pytest.fixture
def registered(con):
    vendors.add_vendors(con, Actor("admin@client.example", "admin"), [VENDOR])
    return con


def suggest_and_import(con, path: Path, *, vendor: str | None = VENDOR):
    found = importer.suggest_mapping(con, path, file_name=path.name)
    result = importer.run(
        con,
        MANAGER,
        path,
        file_name=path.name,
        vendor=None if "vendor" in found.profile.columns else vendor,
        profile=found.profile,
        today=TODAY,
        add_vendors=True,
        add_labels=True,
    )
    return found, result


@pytest.mark.parametrize(
    ("name", "grain", "stored"),
    [
        ("callcenter_daily_es_synth.csv", "day", "day"),
        ("nhs111_iuc_daily_provider.csv", "day", "day"),
        ("sf_hss_call_center_monthly.csv", "month", "month"),
        ("sfdc_calls_by_hour_gsc.xlsx", "interval", "day"),
        ("van311_daily.csv", "day", "day"),
        ("wfm_interval_15min_synth.csv", "interval", "day"),
    ],
)
def test_the_real_files_import_as_suggested(registered, name, grain, stored):
    found, result = suggest_and_import(registered, REAL_DATA / name)
    assert found.grain == grain
    assert result.status == "loaded", [e.text() for e in result.errors]
    assert {p["grain"] for p in result.periods} == {stored}


def test_a_contact_level_file_with_an_agent_column_is_still_refused(registered):
    path = REAL_DATA / "pwc_call_center_telecom.xlsx"
    found, result = suggest_and_import(registered, path)
    assert found.profile.shape == "contact" and found.profile.people_dropped == 1
    assert "Agent" not in found.reasons and "Agent" not in found.unplaced
    assert result.status == "rejected" and "'Agent'" in result.errors[0].reason


def write(tmp_path: Path, header: list[str], rows: list[list]) -> Path:
    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_the_nhs_monthly_layout_imports_every_provider(registered, tmp_path):
    found, result = suggest_and_import(registered, write(tmp_path, NHS_MONTHLY, nhs_monthly_rows()))
    assert result.status == "loaded", [e.text() for e in result.errors]
    assert sorted(result.vendors) == sorted(name for _code, name in PROVIDERS)
    assert {p["grain"] for p in result.periods} == {"month"}


def test_the_daily_queue_layout_imports(registered, tmp_path):
    found, result = suggest_and_import(registered, write(tmp_path, DAILY_QUEUE, daily_queue_rows()))
    assert result.status == "loaded", [e.text() for e in result.errors]
    assert result.rows_loaded == 60
