"""The Oversight report page: findings across stored free text, filtered by family and vendor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from governance.access.actors import Actor
from governance.store import db
from governance.workflow import escalations, meetings, wording

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGE = "app_pages/oversight.py"
ADMIN = Actor("ada@client.example", "admin")


def open_page(vendor: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if vendor:
        at.session_state["filter_vendor"] = vendor
    at.run()
    at.switch_page(PAGE)
    at.run()
    return at


def acknowledged(text: str) -> dict:
    """What the page passes after the user saw the text's findings and saved anyway."""
    return wording.acknowledgement(wording.check(text))


@pytest.fixture
def risky_records(small_db):
    """small_db's two vendors with a risky escalation, a risky action item and a clean one
    (the risky ones saved with an acknowledgement, as the gate requires)."""
    with db.connect(small_db) as con:
        esc = escalations.raise_escalation(
            con,
            ADMIN,
            vendor="Alpha Care",
            category="service_performance",
            severity="P3",
            title="Handle time above target",
            description="Xiomara's AHT is too high, coach her on call control.",
            acknowledged=acknowledged("Xiomara's AHT is too high, coach her on call control."),
        )
        meetings.add_action_item(
            con,
            ADMIN,
            vendor="Beacon Support",
            description="give the agents a bonus",
            owner_side="vendor",
            owner="Vendor account manager",
            due_date=date(2026, 11, 1),
            acknowledged=acknowledged("give the agents a bonus"),
        )
        meetings.add_action_item(
            con,
            ADMIN,
            vendor="Alpha Care",
            escalation_id=esc,
            owner_side="vendor",
            description="Vendor to submit a QA remediation plan for Billing care",
            owner="Vendor account manager",
            due_date=date(2026, 11, 1),
        )
    return small_db


def test_an_empty_database_says_there_is_nothing_to_report():
    at = open_page()
    assert not at.exception, at.exception
    assert any("No risky wording" in s.value for s in at.success)
    assert at.title[0].value == "Oversight report"


def test_clean_data_says_there_is_nothing_to_report(small_db):
    at = open_page()
    assert not at.exception, at.exception
    assert any("No risky wording" in s.value for s in at.success)


def test_the_page_lists_each_finding_with_family_words_and_suggestion(risky_records):
    at = open_page()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    rows = {(r.record_type, r.vendor, r.label, r.matched) for r in table.itertuples()}
    assert rows == {
        ("escalation", "Alpha Care", "a named person beside a performance term", "Xiomara's AHT"),
        ("escalation", "Alpha Care", "discipline or coaching of a person", "coach her"),
        (
            "action_item",
            "Beacon Support",
            "pay or incentives of vendor staff",
            "give the agents a bonus",
        ),
    }
    pay = table[table["family"] == "pay"].iloc[0]
    assert pay["suggestion"].startswith("Commercial terms are set with the vendor")
    assert pay["excerpt"] == "give the agents a bonus"
    assert any("3 of 3 findings" in c.value for c in at.caption)


def test_the_family_filter_narrows_the_list(risky_records):
    at = open_page()
    at.multiselect(key="oversight_families").set_value(["pay", "discipline"]).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert sorted(table["family"]) == ["discipline", "pay"]
    at.multiselect(key="oversight_families").set_value(["integration"]).run()
    assert not at.dataframe or at.dataframe[0].value.empty
    assert any("No findings match" in i.value for i in at.info)


def test_the_sidebar_vendor_filter_narrows_the_list(risky_records):
    at = open_page(vendor="Beacon Support")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert set(table["vendor"]) == {"Beacon Support"} and len(table) == 1
    assert any("1 of 3 findings for Beacon Support" in c.value for c in at.caption)


@pytest.mark.parametrize("role", ["leadership", "auditor", "vendor_manager"])
def test_every_role_can_read_the_report(risky_records, monkeypatch, role):
    from governance.ui import session

    monkeypatch.setattr(session, "actor", lambda: Actor(f"{role}@client.example", role))
    at = open_page()
    assert not at.exception, at.exception
    assert len(at.dataframe[0].value) == 3
