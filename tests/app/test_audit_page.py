"""The Audit page: filters, newest first, before and after side by side, CSV export."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from governance.access import vendors
from governance.access.actors import Actor
from governance.store import db
from governance.workflow import escalations
from tests.app.test_pages import APP

PAGE = "app_pages/audit.py"
ADMIN = Actor("ada@client.example", "admin")
MANAGER = Actor("vince@client.example", "vendor_manager")
HOSTILE = "**bold** [x](http://example.invalid) <script>alert(1)</script>"


@pytest.fixture
def logged(db_path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_DB", str(db_path))
    with db.connect(db_path) as con:
        vendors.add_vendors(con, ADMIN, ["Alpha Care", "Beacon Support"])
        vendors.update_contacts(con, MANAGER, "Alpha Care", account_manager=HOSTILE)
        escalations.raise_escalation(
            con,
            MANAGER,
            vendor="Beacon Support",
            category="billing",
            severity="P3",
            title="Invoice mismatch",
            description="October invoice does not match the volumes.",
        )
    return db_path


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def test_lists_events_newest_first_with_a_csv_download(logged):
    at = open_page()
    events = at.dataframe[0].value
    assert len(events) == 4
    assert list(events["event_id"]) == sorted(events["event_id"], reverse=True)
    assert events["action"].iloc[0] == "escalation.raise"
    # The raw before/after JSON stays out of the table's columns: it is shown field by field below.
    assert at.dataframe[0].proto.column_order == [
        "event_id",
        "occurred_at",
        "actor",
        "role",
        "action",
        "entity",
        "entity_id",
    ]
    assert len(at.get("download_button")) == 1
    # The newest event is picked: a creation, so every field is new.
    diff = at.dataframe[1].value
    assert list(diff.columns) == ["field", "before", "after", "changed"]
    title = diff.set_index("field").loc["title"]
    assert title["before"] == "" and title["after"] == "Invoice mismatch" and title["changed"]


def test_filters_by_who_what_record_and_date(logged):
    at = open_page()
    at.selectbox(key="audit_who").set_value(MANAGER.name).run()
    assert set(at.dataframe[0].value["actor"]) == {MANAGER.name}
    at.selectbox(key="audit_action").set_value("vendor.update").run()
    assert at.dataframe[0].value["action"].tolist() == ["vendor.update"]
    at.selectbox(key="audit_who").set_value(None).run()
    at.selectbox(key="audit_action").set_value(None).run()
    at.selectbox(key="audit_entity").set_value("vendor").run()
    at.text_input(key="audit_entity_id").input("2").run()
    assert at.dataframe[0].value["entity_id"].tolist() == ["2"]
    at.text_input(key="audit_entity_id").input("").run()
    at.date_input(key="audit_days").set_value((date(2000, 1, 1), date(2000, 1, 31))).run()
    assert not at.exception
    assert any("No audit event matches" in i.value for i in at.info)


def test_a_date_range_around_today_keeps_the_events(logged):
    at = open_page()
    today = date.today()
    at.date_input(key="audit_days").set_value((today.replace(day=1), today)).run()
    assert len(at.dataframe[0].value) == 4


def test_selected_event_shows_before_and_after_side_by_side_as_text(logged):
    at = open_page()
    at.selectbox(key="audit_action").set_value("vendor.update").run()
    picker = at.selectbox(key="audit_event")
    assert len(picker.options) == 1
    diff = at.dataframe[1].value.set_index("field")
    row = diff.loc["account_manager"]
    assert row["before"] == "" and row["after"] == HOSTILE and row["changed"]
    assert not diff.loc["name", "changed"]
    # The user's text is in a table cell, never rendered as Markdown.
    shown = [m.value for m in (*at.markdown, *at.caption, *at.info, *at.error, *at.subheader)]
    assert not any("**bold**" in s or "<script>" in s for s in shown)


def test_empty_log_says_so():
    at = open_page()
    assert any("No audit event matches" in i.value for i in at.info)


def test_other_roles_are_refused(logged, monkeypatch):
    from governance.ui import session

    monkeypatch.setattr(session, "actor", lambda: Actor("lee@client.example", "leadership"))
    at = AppTest.from_file(str(__import__("pathlib").Path(APP).parent / PAGE), default_timeout=30)
    at.run()
    assert not at.exception
    assert any("auditors and admins" in e.value for e in at.error)
    assert not at.dataframe
