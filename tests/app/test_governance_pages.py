"""Meetings & actions, Training & KT, Compliance and Calendar: each runs on an empty database
and on the demo, and its main flow works through the widgets (from app.py, via switch_page)."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from governance import demo
from governance.access.actors import Actor
from governance.store import db
from governance.workflow import meetings
from tests.app.test_pages import APP

PAGES = [
    "app_pages/meetings.py",
    "app_pages/training.py",
    "app_pages/compliance.py",
    "app_pages/calendar.py",
]
TODAY = date.today()


def run_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def audit(path, action: str) -> list[dict]:
    with db.connect(path) as con:
        rows = con.execute(
            "SELECT after FROM audit_events WHERE action = ? ORDER BY event_id", [action]
        ).fetchall()
    return [json.loads(r[0]) for r in rows]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=path.parent / "x"
        )
    return path


@pytest.fixture
def demo_db(demo_file, db_path, monkeypatch):
    shutil.copy(demo_file, db_path)
    monkeypatch.setenv("GOVERNANCE_DB", str(db_path))
    return db_path


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_an_empty_database(page):
    run_page(page)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_the_demo(demo_db, page):
    at = run_page(page)
    if page == "app_pages/meetings.py":
        for form in ["Update an action item", "Meeting", "Edit a meeting", "Decision"]:
            at.radio(key="rec_form").set_value(form).run()
            assert not at.exception, (form, at.exception)
    if page == "app_pages/training.py":
        for form in ["Completion", "Material", "New release", "Best practice"]:
            at.radio(key="tr_form").set_value(form).run()
            assert not at.exception, (form, at.exception)


def test_record_an_action_item_with_the_wording_gate(small_db):
    at = run_page("app_pages/meetings.py")
    at.selectbox(key="ai_vendor").set_value("Beacon Support")
    at.text_area(key="ai_description").input("Coach John on his handle time")
    at.text_input(key="ai_owner").input("Vendor operations director")
    at.run()
    assert at.button(key="ai_save").disabled  # risky wording: acknowledge or rewrite
    assert any("Co-employment wording" in w.value for w in at.warning)
    at.checkbox(key="ai_ack").check().run()
    at.button(key="ai_save").click().run()
    assert not at.exception, at.exception
    assert any("Action item 1 recorded" in s.value for s in at.success)
    [after] = audit(small_db, "action.add")
    assert after["owner"] == "Vendor operations director"
    assert after["wording_acknowledged"]["families"] == ["discipline"]
    table = at.dataframe[-1].value
    assert "Coach John on his handle time" in set(table["description"])


def test_a_stale_action_edit_is_refused_and_the_text_kept(small_db):
    with db.connect(small_db) as con:
        aid = meetings.add_action_item(
            con,
            Actor("a", "admin"),
            vendor="Alpha Care",
            description="Vendor to send the staffing plan",
            owner_side="vendor",
            owner="Vendor account manager",
            due_date=TODAY - timedelta(days=2),
        )
    at = run_page("app_pages/meetings.py")
    assert at.metric[1].value == "1"  # overdue
    at.radio(key="rec_form").set_value("Update an action item").run()
    at.text_area(key=f"au_description_{aid}").input("Vendor to send the staffing plan by Friday")
    at.run()
    with db.connect(small_db) as con:  # someone else changes it meanwhile
        meetings.set_action_status(con, Actor("b", "vendor_manager"), aid, "in_progress")
    at.button(key="au_save").click().run()
    assert not at.exception, at.exception
    assert any("changed by someone else" in e.value for e in at.error)
    assert (
        at.text_area(key=f"au_description_{aid}").value
        == "Vendor to send the staffing plan by Friday"
    )
    # Reload takes the saved version; the edit then goes through.
    next(b for b in at.button if b.label.startswith("Reload")).click().run()
    at.text_area(key=f"au_description_{aid}").input("Vendor to send the staffing plan by Friday")
    at.selectbox(key=f"au_status_{aid}").set_value("done")
    at.run()
    at.button(key="au_save").click().run()
    assert any(f"Saved action item {aid}" in s.value for s in at.success), [
        e.value for e in at.error
    ]
    with db.connect(small_db) as con:
        row = con.execute("SELECT description, status FROM action_items").fetchone()
    assert row == ("Vendor to send the staffing plan by Friday", "done")


def test_record_a_meeting_and_see_the_cadence(small_db):
    at = run_page("app_pages/meetings.py")
    at.radio(key="rec_form").set_value("Meeting").run()
    at.selectbox(key="mt_vendor").set_value("Alpha Care")
    at.selectbox(key="mt_kind").set_value("QBR")
    at.date_input(key="mt_date").set_value(TODAY - timedelta(days=1))
    at.text_input(key="mt_title").input("Alpha QBR")
    at.text_area(key="mt_attendees").input("Client: VMO lead. Alpha Care: executive sponsor.")
    at.text_area(key="mt_minutes").input("Quarter reviewed; improvement plan agreed.")
    at.run()
    at.button(key="mt_save").click().run()
    assert not at.exception, at.exception
    assert any("Recorded meeting 1" in s.value for s in at.success)
    assert "wording_acknowledged" not in audit(small_db, "meeting.create")[0]
    cadence = at.dataframe[0].value.set_index(["vendor", "kind"])
    assert cadence.loc[("Alpha Care", "QBR"), "next_due"] == meetings.plus_months(
        TODAY - timedelta(days=1), 3
    )


def test_record_a_kt_session_and_a_completion(small_db):
    at = run_page("app_pages/training.py")
    at.selectbox(key="kt_vendor").set_value("Alpha Care")
    at.text_input(key="kt_topic").input("Billing dispute rules")
    at.number_input(key="kt_count").set_value(14)
    at.run()
    at.button(key="kt_save").click().run()
    assert any("knowledge-transfer session with Alpha Care" in s.value for s in at.success)
    assert audit(small_db, "kt_session.add")[0]["vendor_attendees"] == 14
    at.radio(key="tr_form").set_value("Completion").run()
    at.selectbox(key="tc_vendor").set_value("Beacon Support")
    at.selectbox(key="tc_program").set_value("Billing care")
    at.number_input(key="tc_trained").set_value(18)
    at.number_input(key="tc_assigned").set_value(20)
    at.run()
    at.button(key="tc_save").click().run()
    assert not at.exception, at.exception
    assert any("Recorded Beacon Support's completion" in s.value for s in at.success)
    at.run()
    done = next(d.value for d in at.dataframe if "rate" in d.value.columns)
    assert done["rate"].tolist() == ["90.0%"]


def test_record_an_attestation_and_see_it_on_the_calendar(small_db):
    at = run_page("app_pages/compliance.py")
    at.selectbox(key="cmp_vendor").set_value("Beacon Support")
    at.selectbox(key="cmp_kind").set_value("PCI DSS")
    at.date_input(key="cmp_issued").set_value(TODAY - timedelta(days=360))
    at.date_input(key="cmp_expires").set_value(TODAY + timedelta(days=5))
    at.text_input(key="cmp_evidence").input("AOC-2025-77")
    at.run()
    at.button(key="cmp_save").click().run()
    assert not at.exception, at.exception
    assert any("PCI DSS attestation of Beacon Support" in s.value for s in at.success)
    at.run()
    assert at.dataframe[0].value["status"].tolist() == ["expiring"]
    at.switch_page("app_pages/calendar.py").run()
    assert not at.exception, at.exception
    items = at.dataframe[0].value
    assert "PCI DSS expires" in set(items["what"])
    at.number_input(key="cal_days").set_value(0).run()  # today only: the attestation leaves
    # and nothing else is due today: these vendors have no contract and no meeting on record,
    # so no MBR or QBR is due for them (issue 16)
    assert not at.dataframe
    assert any("Nothing is due or overdue" in i.value for i in at.info)


def test_a_stale_attestation_correction_is_refused_and_the_entry_kept(small_db):
    from governance.workflow import compliance

    with db.connect(small_db) as con:
        aid = compliance.record_attestation(
            con,
            Actor("a", "admin"),
            vendor="Alpha Care",
            kind="ISO 27001",
            issued=date(2026, 1, 5),
            expires=date(2029, 1, 5),
        )
    at = run_page("app_pages/compliance.py")
    at.text_input(key=f"cmp_e_evidence_{aid}").input("ISO-CERT-2").run()
    with db.connect(small_db) as con:
        compliance.update_attestation(
            con,
            Actor("b", "vendor_manager"),
            aid,
            expected_version=1,
            issued=date(2026, 1, 6),
            expires=date(2029, 1, 5),
        )
    at.button(key="cmp_e_save").click().run()
    assert not at.exception, at.exception
    assert any("changed by someone else" in e.value for e in at.error)
    assert at.text_input(key=f"cmp_e_evidence_{aid}").value == "ISO-CERT-2"
    at.button(key=f"cmp_reload_{aid}").click().run()
    assert at.date_input(key=f"cmp_e_issued_{aid}").value == date(2026, 1, 6)
    at.text_input(key=f"cmp_e_evidence_{aid}").input("ISO-CERT-2").run()
    at.button(key="cmp_e_save").click().run()
    assert any("Attestation corrected" in s.value for s in at.success)


def test_small_headcounts_read_below_k_on_the_training_page(small_db):
    from governance.workflow import training

    with db.connect(small_db) as con:
        training.attest_completion(
            con,
            Actor("a", "admin"),
            vendor="Alpha Care",
            program="Billing care",
            month=date(2026, 9, 1),
            trained=3,
            assigned=4,
        )
        training.record_kt_session(
            con,
            Actor("a", "admin"),
            vendor="Alpha Care",
            session_date=date(2026, 9, 3),
            topic="Refunds",
            vendor_attendees=2,
        )
    at = run_page("app_pages/training.py")
    frames = [d.value for d in at.dataframe]
    done = next(f for f in frames if "rate" in f.columns)
    assert done[["trained", "assigned", "rate"]].values.tolist() == [["< 5", "< 5", "< 5"]]
    kt = next(f for f in frames if "vendor_attendees" in f.columns)
    assert kt["vendor_attendees"].tolist() == ["< 5"]
