"""A save made from a form refuses to overwrite a change someone else saved after the form was
opened (the version the form was rendered with travels with the save), on every record page
that edits a stored record: training releases, vendor contacts and users' roles."""

from __future__ import annotations

from datetime import date

from governance.access import users, vendors
from governance.access.actors import Actor
from governance.store import db
from governance.workflow import training
from tests.app.test_access import give, signed_in
from tests.app.test_governance_pages import run_page

OTHER = Actor("other@client.example", "admin")


def stored(path, sql: str, params=()) -> list[tuple]:
    with db.connect(path) as con:
        return con.execute(sql, list(params)).fetchall()


def errors_of(at) -> str:
    return " ".join(e.value for e in at.error)


def test_a_release_over_someone_elses_release_is_refused(small_db):
    with db.connect(small_db) as con:
        mid = training.add_material(
            con,
            OTHER,
            title="Billing disputes",
            programs=["Billing care"],
            released_on=date(2026, 1, 5),
        )
    at = run_page("app_pages/training.py")
    at.radio(key="tr_form").set_value("New release").run()
    at.text_area(key="tr_notes").input("New refund rules").run()
    with db.connect(small_db) as con:  # someone else publishes release 2 meanwhile
        training.release_material(
            con, OTHER, mid, expected_version=1, released_on=date(2026, 2, 1), notes="theirs"
        )
    at.button(key="tr_save").click().run()
    assert not at.exception, at.exception
    assert "changed by someone else" in errors_of(at)
    assert at.text_area(key="tr_notes").value == "New refund rules"  # the text is kept
    releases = stored(small_db, "SELECT release_no FROM material_releases ORDER BY release_no")
    assert [r[0] for r in releases] == [1, 2]  # only theirs
    next(b for b in at.button if b.label.startswith("Reload")).click().run()
    at.button(key="tr_save").click().run()
    assert any("Published release 3" in s.value for s in at.success), errors_of(at)


def test_contacts_saved_over_someone_elses_change_are_refused(small_db):
    at = run_page("app_pages/vendors.py")
    at.selectbox(key="contacts_vendor").set_value("Alpha Care").run()
    at.text_input(key="vc_account_manager_Alpha Care").input("Dana Reyes, account director")
    with db.connect(small_db) as con:  # someone else edits the contacts meanwhile
        vendors.update_contacts(
            con, OTHER, "Alpha Care", executive_sponsor="Chief Operating Officer"
        )
    at.button(key="FormSubmitter:contacts-Save contacts").click().run()
    assert not at.exception, at.exception
    assert "changed by someone else" in errors_of(at)
    assert at.text_input(key="vc_account_manager_Alpha Care").value == (
        "Dana Reyes, account director"
    )
    row = stored(
        small_db,
        "SELECT account_manager, executive_sponsor FROM vendors WHERE name = ?",
        ["Alpha Care"],
    )
    assert row == [(None, "Chief Operating Officer")]  # theirs stands, nothing of ours


def test_a_role_saved_over_someone_elses_change_is_refused(small_db):
    give(small_db, "ada@client.example", "admin")
    give(small_db, "lee@client.example", "leadership")
    at = signed_in("ada@client.example", "app_pages/admin_users.py")
    at.selectbox(key="edit_user_email").set_value("lee@client.example").run()
    at.selectbox(key="uc_role_lee@client.example").set_value("auditor")
    with db.connect(small_db) as con:  # another admin makes them a vendor manager meanwhile
        users.set_role(con, OTHER, "lee@client.example", "vendor_manager")
    at.button(key="FormSubmitter:change_user-Save role").click().run()
    assert not at.exception, at.exception
    assert "changed by someone else" in errors_of(at)
    assert stored(small_db, "SELECT role FROM users WHERE email = 'lee@client.example'") == [
        ("vendor_manager",)
    ]
