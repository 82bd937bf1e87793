"""The Escalations page through its widgets: the log, raising, moving along the path, roles, the
wording gate and the refusal of a save over someone else's change.

The page is run on its own (``AppTest.from_file`` on the page script): it reads the sidebar's
vendor filter from session state, so it does not need the entrypoint; ``tests/app/test_pages.py``
smoke-tests it through ``app.py`` with every other registered page.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from streamlit.testing.v1 import AppTest

from governance.access.actors import Actor
from governance.store import db
from governance.ui import session
from governance.workflow import escalations

from .test_pages import ROOT

PAGE = str(ROOT / "app_pages" / "escalations.py")
ADMIN = Actor("fixture", "admin")


def open_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.run()
    return at


@pytest.fixture
def with_escalation(small_db):
    """small_db's two vendors and one open P2 escalation at Alpha Care."""
    with db.connect(small_db) as con:
        esc = escalations.raise_escalation(
            con,
            ADMIN,
            vendor="Alpha Care",
            category="service_performance",
            severity="P2",
            title="Service level on Billing care below the minimum",
            description="Service level fell below the 80% minimum last month.",
            program="Billing care",
            raised_at=datetime(2026, 10, 1, 9),
        )
    return small_db, esc


def stored(path, esc):
    with db.connect(path) as con:
        return escalations.get(con, esc), escalations.history(con, esc)


def test_the_page_runs_on_an_empty_database():
    at = open_page()
    assert not at.exception, at.exception
    assert any("No escalation matches" in i.value for i in at.info)


@pytest.mark.parametrize("role", ["admin", "vendor_manager", "leadership", "auditor"])
def test_every_role_sees_the_log_and_only_writers_see_the_forms(with_escalation, monkeypatch, role):
    monkeypatch.setattr(session, "actor", lambda: Actor(f"{role}@client.example", role))
    at = open_page()
    assert not at.exception, at.exception
    log = at.dataframe[0].value
    assert log["title"].tolist() == ["Service level on Billing care below the minimum"]
    # raised 2026-10-01: long past P2's 1 d / 5 d, so both are breached, labelled in text
    assert (log["response"][0], log["resolution"][0]) == ("Breached", "Breached")
    assert "escalate to L2 management" in log["suggestion"][0]
    assert "Raised by fixture" in " ".join(t.value for t in at.text)
    labels = [b.label for b in at.button]
    writer = role in ("admin", "vendor_manager")
    assert ("Raise escalation" in labels) is writer
    assert ("Acknowledge" in labels) is writer


def test_filters_narrow_the_log(with_escalation):
    at = open_page()
    at.multiselect(key="esc_f_status").set_value(["closed"]).run()
    assert not at.exception
    assert any("No escalation matches" in i.value for i in at.info)
    at.multiselect(key="esc_f_status").set_value([]).run()
    at.selectbox(key="esc_f_breached").set_value("resolution").run()
    assert len(at.dataframe[0].value) == 1


def test_raising_an_escalation_from_the_form(small_db):
    at = open_page()
    at.selectbox(key="esc_new_vendor").set_value("Beacon Support").run()
    at.selectbox(key="esc_new_site").set_value("Site A")
    at.selectbox(key="esc_new_category").set_value("billing")
    at.selectbox(key="esc_new_severity").set_value("P3")
    at.text_input(key="esc_new_title").input("Invoice above handled contacts")
    at.text_area(key="esc_new_description").input("The invoice bills 1.8% more contacts.")
    at.button(key="esc_raise_submit").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("Raised escalation #1 against Beacon Support" in s.value for s in at.success)
    assert at.dataframe[0].value["title"].tolist() == ["Invoice above handled contacts"]
    row, history = stored(small_db, 1)
    assert (row["vendor"], row["site"], row["severity"], row["raised_by"]) == (
        "Beacon Support",
        "Site A",
        "P3",
        "local admin",
    )
    assert len(history) == 1
    assert at.text_input(key="esc_new_title").value == ""  # the form is emptied after a save


def test_risky_wording_waits_for_an_acknowledgement_that_is_then_audited(small_db):
    at = open_page()
    at.text_input(key="esc_new_title").input("Handle time too high")
    at.text_area(key="esc_new_description").input("Coach John on call control.")
    at.button(key="esc_raise_submit").click().run()
    assert not at.exception, at.exception
    assert any("tick the acknowledgement" in e.value for e in at.error)
    assert at.text_area(key="esc_new_description").value == "Coach John on call control."
    with db.connect(small_db) as con:
        assert escalations.log(con, datetime(2026, 11, 1)).empty
    at.checkbox(key="esc_raise_ack").check().run()
    at.button(key="esc_raise_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    with db.connect(small_db) as con:
        after = con.execute(
            "SELECT after FROM audit_events WHERE action = 'escalation.raise'"
        ).fetchone()[0]
    assert json.loads(after)["wording_acknowledged"]["families"] == ["discipline"]


def test_acknowledging_with_a_note_from_the_page(with_escalation):
    path, esc = with_escalation
    at = open_page()
    at.text_area(key=f"esc_note_{esc}").input("Vendor to present a recovery plan at the MBR.")
    at.button(key=f"esc_do_acknowledge_{esc}").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("acknowledge saved" in s.value for s in at.success)
    row, history = stored(path, esc)
    assert (row["status"], row["version"]) == ("acknowledged", 2)
    assert history["note"].tolist()[-1] == "Vendor to present a recovery plan at the MBR."
    assert history["actor"].tolist()[-1] == "local admin"
    # the page shows the new history and offers the next steps
    assert at.dataframe[-1].value["to_status"].tolist() == ["open", "acknowledged"]
    assert "Acknowledge" not in [b.label for b in at.button]
    # and a second step works too: the page now holds the new version
    at.button(key=f"esc_do_escalate_{esc}").click().run()
    assert not at.error, [e.value for e in at.error]
    assert stored(path, esc)[0]["level"] == "L2"


def test_resolving_from_the_page_needs_root_cause_and_resolution(with_escalation):
    path, esc = with_escalation
    at = open_page()
    at.text_area(key=f"esc_res_{esc}").input("Staffing plan restored service level.")
    at.button(key=f"esc_do_resolve_{esc}").click().run()
    assert any("root cause" in e.value for e in at.error)
    assert at.text_area(key=f"esc_res_{esc}").value == "Staffing plan restored service level."
    at.text_area(key=f"esc_root_{esc}").input("Forecast missed the seasonal peak.")
    at.button(key=f"esc_do_resolve_{esc}").click().run()
    assert not at.error, [e.value for e in at.error]
    row, _ = stored(path, esc)
    assert (row["status"], row["root_cause"]) == ("resolved", "Forecast missed the seasonal peak.")


def test_a_save_over_someone_elses_change_is_refused_and_the_text_is_kept(with_escalation):
    path, esc = with_escalation
    at = open_page()  # the page opens version 1
    note = "Raised with the vendor operations director after the second missed month."
    at.text_area(key=f"esc_note_{esc}").input(note)
    with db.connect(path) as con:  # someone else acknowledges it meanwhile
        escalations.acknowledge(
            con,
            Actor("other@client.example", "vendor_manager"),
            esc,
            expected_version=1,
            note="Seen",
        )
    before = stored(path, esc)
    at.button(key=f"esc_do_escalate_{esc}").click().run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert "was changed by other@client.example" in errors and "Nothing was saved" in errors
    assert at.text_area(key=f"esc_note_{esc}").value == note  # the user's text is still there
    after = stored(path, esc)
    assert after[0] == before[0] and after[0]["level"] == "L1"
    assert len(after[1]) == len(before[1]) == 2
    # reloading picks up the other change; the text stays, and saving now works
    at.button(key=f"esc_reload_{esc}").click().run()
    assert at.text_area(key=f"esc_note_{esc}").value == note
    at.button(key=f"esc_do_escalate_{esc}").click().run()
    assert not at.error, [e.value for e in at.error]
    row, history = stored(path, esc)
    assert (row["status"], row["level"]) == ("escalated", "L2")
    assert history["note"].tolist()[-1] == note
