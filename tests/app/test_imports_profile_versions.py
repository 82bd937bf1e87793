"""Saving a mapping as a layout on the Imports page sends the version of the layout of that name
as the page first showed it for that upload: a layout someone else saved in between is not
overwritten (the save is refused with the stale-record message), and a save after that refusal
goes ahead."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from governance.access.actors import Actor
from governance.ingest import importer, profiles
from governance.store import db

ROOT = Path(__file__).resolve().parents[2]
VENDOR = "Alpha Care"
CSV = (
    "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT\n"
    "2026-10-01,Billing care,Leeds,Voice,100,95,5,80,300\n"
    "2026-10-02,Billing care,Leeds,Voice,120,110,10,90,310\n"
)
THEIRS = profiles.parse('[columns]\ndate = "Report Date"\noffered = "Calls Offered"\n')


def _page_with_upload() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/imports.py").run()
    at.get("file_uploader")[0].set_value(("alpha.csv", CSV.encode(), "text/csv")).run()
    at.selectbox(key="import_vendor").set_value(VENDOR).run()
    assert not at.exception, at.exception
    return at


def _stored(path) -> tuple[str, int]:
    with db.connect(path, migrate_schema=False) as con:
        return con.execute("SELECT profile, version FROM layouts").fetchone()


def test_a_mapping_saved_by_someone_else_meanwhile_is_not_overwritten(small_db):
    at = _page_with_upload()  # no layout named after the vendor yet: the page opened at none
    with db.connect(small_db, migrate_schema=False) as con:  # another user saves one meanwhile
        importer.save_profile(
            con, Actor("other@client.example", "admin"), VENDOR, THEIRS, expected_version=None
        )
    at.button(key="import_save").click().run()
    assert not at.exception, at.exception
    refused = " ".join(e.value for e in at.error)
    assert f"Someone else saved a layout named '{VENDOR}' since you opened it" in refused
    assert not any("Saved the layout" in s.value for s in at.success)
    assert _stored(small_db) == (profiles.to_toml(THEIRS), 1)  # theirs, untouched
    # Having been told, the user saves again: the page now holds the current version.
    at.button(key="import_save").click().run()
    assert not at.exception, at.exception
    assert any(f"Saved the layout '{VENDOR}' (version 2)" in s.value for s in at.success)
    assert _stored(small_db)[1] == 2


def test_two_saves_from_one_page_each_send_the_version_they_follow(small_db):
    at = _page_with_upload()
    at.button(key="import_save").click().run()
    assert any(f"Saved the layout '{VENDOR}' (version 1)" in s.value for s in at.success)
    first = _stored(small_db)
    assert first[1] == 1
    at.button(key="import_save").click().run()  # the user's own save is not "someone else's"
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("nothing new was saved" in i.value for i in at.info)
    assert _stored(small_db) == first  # the same mapping: nothing new to store
