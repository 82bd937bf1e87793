"""Layouts on the Imports page: the page names the saved layout that fits a file (and its
version), applies another saved layout on request, saves a mapping as a named layout (a file of
many vendors too), keeps what was typed when a name is refused, and lists the saved layouts; a
vendor partner sees only its vendor's."""

from __future__ import annotations

import tomllib

from streamlit.testing.v1 import AppTest

from governance.access import users
from governance.access.actors import Actor
from governance.ingest import layouts, profiles
from governance.store import db
from tests.app.test_imports_page import (
    CSV,
    ROOT,
    _edit,
    _grid,
    choose_vendor,
    imports_page,
    shown,
    upload,
)

BEN = Actor("ben@client.example", "admin")
FITS = profiles.from_dict(
    {
        "columns": {
            "date": "Report Date",
            "program": "LOB",
            "site": "Location",
            "channel": "Channel",
            "offered": "Calls Offered",
            "answered": "Calls Handled",
            "abandoned": "Abandons",
        },
        "ignore": ["AHT"],
    }
)
# Reads a column the test files do not have: it never fits them.
ELSEWHERE = profiles.from_dict(
    {"columns": {"date": "Report Date", "offered": "Calls Offered", "answered": "Answered Calls"}}
)


def saved(db_path, name, prof, vendor=None, expected=None) -> int:
    with db.connect(db_path, migrate_schema=False) as con:
        return layouts.save(con, BEN, name, prof, expected_version=expected, vendor=vendor)


def stored(db_path) -> list[tuple]:
    with db.connect(db_path, migrate_schema=False) as con:
        return con.execute(
            "SELECT l.name, v.name, l.version FROM layouts l LEFT JOIN vendors v USING (vendor_id) "
            "ORDER BY l.name"
        ).fetchall()


def roles(at: AppTest) -> dict[str, str]:
    _key, rows = _grid(at)
    return dict(zip(rows["column"], rows["role"], strict=True))


def layout_choice(at: AppTest):
    return next(s for s in at.selectbox if s.label == "Saved layout")


def name_box(at: AppTest):
    return next(t for t in at.text_input if t.label == "Save this mapping as a layout named")


def layout_table(at: AppTest):
    return next(d.value for d in at.dataframe if "reads" in d.value.columns)


def test_the_fitting_layout_is_named_and_another_can_be_applied(small_db):
    saved(small_db, "Alpha daily", FITS, "Alpha Care")
    saved(small_db, "Alpha daily", FITS.with_changes(sl_threshold_seconds=30), expected=1)
    saved(small_db, "Elsewhere", ELSEWHERE)
    at = upload(imports_page(), CSV)
    assert "Mapped with the saved layout 'Alpha daily' (version 2)" in shown(at)
    assert "it fits this file's columns" in shown(at)
    assert layout_choice(at).value == "Alpha daily"
    assert roles(at)["AHT"] == "(ignore)"
    # Another saved layout, chosen: the page says which, and what it reads that the file lacks.
    layout_choice(at).set_value("Elsewhere").run()
    assert not at.exception, at.exception
    assert "Mapped with the saved layout 'Elsewhere' (version 1)" in shown(at)
    assert "it fits" not in shown(at)
    assert "reads 1 column(s) this file does not have" in shown(at)
    assert "Answered Calls. They are left out of the mapping below" in shown(at)
    assert roles(at)["Calls Offered"] == "offered" and roles(at)["AHT"] == "(not loaded)"
    # None: the suggestion from the file's columns.
    layout_choice(at).set_value("").run()
    assert not at.exception, at.exception
    assert "Suggested from the file's columns and values" in shown(at)


def test_a_file_of_many_vendors_is_saved_as_a_named_layout(small_db):
    text = CSV.replace("Report Date,", "Report Date,Provider,")
    text = text.replace("\n2026-10-01,", "\n2026-10-01,Alpha Care,")
    text = text.replace("\n2026-10-02,", "\n2026-10-02,Beacon Support,")
    at = upload(imports_page(), text, name="mixed_export.csv")
    assert "import_vendor" not in [s.key for s in at.selectbox]  # the file says whose rows
    box = name_box(at)
    assert box.value == "mixed_export"  # no layout fits, no vendor: the file's name
    box.set_value("Many vendors daily").run()
    at.button(key="import_save").click().run()
    assert not at.exception, at.exception
    assert any(
        "Saved the layout 'Many vendors daily' (version 1)" in s.value for s in at.success
    ), shown(at)
    assert stored(small_db) == [("Many vendors daily", None, 1)]
    table = layout_table(at)
    assert table["name"].tolist() == ["Many vendors daily"]
    assert "Provider" in table["reads"].iloc[0].split(", ")
    assert any(e.label == "Saved layouts (1)" for e in at.expander)


def test_the_name_starts_as_the_vendor_and_a_refused_name_keeps_what_was_typed(small_db):
    at = choose_vendor(upload(imports_page(), CSV))
    assert name_box(at).value == "Alpha Care"  # no layout fits: the vendor's name
    name_box(at).set_value("Alpha\u202edaily").run()
    _edit(at, AHT="(ignore)")
    at.button(key="import_save").click().run()
    assert not at.exception, at.exception
    assert any("can disguise text on a screen" in e.value for e in at.error), shown(at)
    assert not any("\u202e" in e.value for e in at.error)
    assert name_box(at).value == "Alpha\u202edaily"  # nothing typed is lost
    assert tomllib.loads(at.text_area[0].value)["ignore"] == ["AHT"]  # nor the grid's edit
    assert stored(small_db) == []
    name_box(at).set_value("Alpha  daily ").run()
    at.button(key="import_save").click().run()
    assert any("Saved the layout 'Alpha daily' (version 1)" in s.value for s in at.success)
    assert stored(small_db) == [("Alpha daily", "Alpha Care", 1)]
    # Saving it again unchanged makes no new version, and says so.
    at.button(key="import_save").click().run()
    assert any("nothing new was saved" in i.value for i in at.info)
    assert stored(small_db) == [("Alpha daily", "Alpha Care", 1)]


def test_the_name_starts_as_the_fitting_layout_and_saving_makes_its_next_version(small_db):
    saved(small_db, "Alpha daily", FITS, "Alpha Care")
    at = choose_vendor(upload(imports_page(), CSV), "Beacon Support")
    assert name_box(at).value == "Alpha daily"
    _edit(at, AHT="(not loaded)")
    at.button(key="import_save").click().run()
    assert any("Saved the layout 'Alpha daily' (version 2)" in s.value for s in at.success)
    assert stored(small_db) == [("Alpha daily", "Alpha Care", 2)]  # first saved for Alpha


def test_a_partner_sees_and_saves_only_its_vendors_layouts(small_db):
    saved(small_db, "Alpha daily", FITS, "Alpha Care")
    saved(small_db, "Beacon daily", FITS.with_changes(sl_threshold_seconds=30), "Beacon Support")
    with db.connect(small_db, migrate_schema=False) as con:
        users.add(con, BEN, "pat@beacon.example", "vendor_partner", "Beacon Support")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = {"is_logged_in": True, "email": "pat@beacon.example"}
    at.run()
    at.switch_page("app_pages/imports.py").run()
    assert not at.exception, at.exception
    assert layout_table(at)["name"].tolist() == ["Beacon daily"]
    upload(at, CSV)
    assert "Mapped with the saved layout 'Beacon daily' (version 1)" in shown(at)
    assert list(layout_choice(at).options) == [
        "None: the mapping suggested from the file's columns",
        "Beacon daily (version 1) · fits this file",
    ]
    # A name another vendor's layout holds is refused; nothing of theirs changes.
    name_box(at).set_value("Alpha daily").run()
    at.button(key="import_save").click().run()
    assert any("not one saved for Beacon Support" in e.value for e in at.error), shown(at)
    name_box(at).set_value("Beacon daily").run()
    _edit(at, AHT="(not loaded)")
    at.button(key="import_save").click().run()
    assert any("Saved the layout 'Beacon daily' (version 2)" in s.value for s in at.success)
    assert stored(small_db) == [
        ("Alpha daily", "Alpha Care", 1),
        ("Beacon daily", "Beacon Support", 2),
    ]
