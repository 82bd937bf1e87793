"""The Imports page: upload, mapping, guard verdict, validation report, import, history, rollback."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from governance.store import db

ROOT = Path(__file__).resolve().parents[2]

CSV = (
    "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT\n"
    "2026-10-01,Billing care,Leeds,Voice,100,95,5,80,300\n"
    "2026-10-02,Billing care,Leeds,Voice,120,110,10,90,310\n"
)


def imports_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/imports.py").run()
    return at


def upload(at: AppTest, text: str, name: str = "northwind.csv") -> AppTest:
    at.get("file_uploader")[0].set_value((name, text.encode(), "text/csv")).run()
    assert not at.exception, at.exception
    return at


def choose_vendor(at: AppTest, vendor: str = "Alpha Care") -> AppTest:
    at.selectbox(key="import_vendor").set_value(vendor).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    return " ".join(
        str(e.value) for e in [*at.success, *at.warning, *at.error, *at.info, *at.caption]
    )


def test_upload_map_preview_and_import(small_db):
    at = upload(imports_page(), CSV)
    assert "Suggested from the file" in " ".join(c.value for c in at.caption)
    preview = [d.value for d in at.dataframe]
    assert any("offered" in f.columns and list(f["offered"]) == [100, 120] for f in preview)
    # No vendor is chosen for the user: nothing can be imported until one is.
    assert at.selectbox(key="import_vendor").value is None
    assert at.button(key="import_go").disabled
    assert "Choose the vendor" in shown(at)
    choose_vendor(at)
    # Before importing, the page says what the file replaces (the fixture holds October).
    assert "Ready to import 2 rows" in shown(at)
    assert "replaces the data already held for 2026-10 of Alpha Care" in shown(at)
    at.button(key="import_go").click().run()
    assert not at.exception, at.exception
    assert any("loaded" in s.value and "2 of 2 rows" in s.value for s in at.success)
    history = [d.value for d in at.dataframe if "file_name" in d.value.columns]
    assert history and list(history[0]["file_name"]) == ["northwind.csv"]
    assert any("restatement_id" in d.value.columns for d in at.dataframe)
    # The import can be rolled back from the same page.
    at.checkbox(key="rollback_sure").check()
    at.button(key=next(b.key for b in at.button if b.label == "Roll back")).click().run()
    assert not at.exception, at.exception
    assert any(
        "Rolled back batch" in s.value and "2 earlier rows restored" in s.value for s in at.success
    ), [*(s.value for s in at.success), *(e.value for e in at.error)]


def _grid(at: AppTest):
    editor = at.data_editor[0]
    return editor.key, editor.value


def _edit(at: AppTest, **roles) -> AppTest:
    """Set "Maps to" of the named file columns in the mapping grid, as a user would."""
    key, rows = _grid(at)
    at.session_state[key] = {
        "edited_rows": {
            int(i): {"role": roles[c]} for i, c in enumerate(rows["column"]) if c in roles
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    return at


def _preview(at: AppTest):
    return next(d.value for d in at.dataframe if "period" in d.value.columns)


def test_an_edit_in_the_grid_changes_the_mapping_the_preview_and_the_profile(small_db):
    at = choose_vendor(upload(imports_page(), CSV))
    assert "handle_time_sec" in _preview(at).columns
    _edit(at, AHT="(ignore)")
    assert "handle_time_sec" not in _preview(at).columns
    assert tomllib.loads(at.text_area[0].value)["ignore"] == ["AHT"]
    # Unmapping the date is seen at once, and mapping it again clears it.
    _edit(at, **{"AHT": "(ignore)", "Report Date": "(not loaded)"})
    assert "no column is mapped as date" in shown(at)
    assert at.button(key="import_go").disabled
    _edit(at, **{"AHT": "(ignore)", "Report Date": "date"})
    assert "no column is mapped as date" not in shown(at)
    at.button(key="import_go").click().run()
    assert any("2 of 2 rows" in s.value for s in at.success)


def test_ignore_all_the_rest_in_one_click(small_db):
    text = CSV.replace("AHT\n", "AHT,Spare 1,Spare 2\n").replace("300\n", "300,1,2\n")
    text = text.replace("310\n", "310,3,4\n")
    at = upload(imports_page(), text)
    assert any(e.label == "2 column(s) not loaded" for e in at.expander)
    at.button(key=next(b.key for b in at.button if b.label == "Ignore all the rest")).click().run()
    assert not at.exception, at.exception
    _key, rows = _grid(at)
    assert dict(zip(rows["column"], rows["role"], strict=True))["Spare 2"] == "(ignore)"
    assert not any("not loaded" in e.label for e in at.expander)


def test_a_profile_replaces_the_mapping_only_on_its_button_and_a_bad_one_is_kept(small_db):
    at = upload(imports_page(), CSV)
    box = at.text_area[0]  # in a form: applied by its button only
    box.set_value(box.value.replace("[columns]", "bogus = 1\n[columns]"))
    at.button(key=next(b.key for b in at.button if "Replace the mapping" in b.label)).click()
    at.run()
    assert "The profile was not applied" in shown(at)
    assert "bogus = 1" in at.text_area[0].value  # what the user typed is kept
    fixed = "\n".join(
        line
        for line in at.text_area[0].value.splitlines()
        if line not in ("bogus = 1", 'abandoned = "Abandons"')
    )
    at.text_area[0].set_value(fixed)
    at.button(key=next(b.key for b in at.button if "Replace the mapping" in b.label)).click()
    at.run()
    assert not at.exception, at.exception
    _key, rows = _grid(at)
    assert dict(zip(rows["column"], rows["role"], strict=True))["Abandons"] == "(not loaded)"


def test_a_vendor_column_decides_the_vendor(small_db):
    text = CSV.replace("Report Date,", "Report Date,Provider,")
    text = text.replace("\n2026-10-01,", "\n2026-10-01,Beacon Support,")
    text = text.replace("\n2026-10-02,", "\n2026-10-02,Beacon Support,")
    at = upload(imports_page(), text)
    assert "import_vendor" not in [b.key for b in at.selectbox]  # no picker to get wrong
    assert "column 'Provider'" in shown(at)
    assert "of Beacon Support" in shown(at)
    at.button(key="import_go").click().run()
    assert any("2 of 2 rows" in s.value and "Beacon Support" in s.value for s in at.success)


def test_a_saved_mapping_maps_any_file_with_its_columns(small_db):
    at = choose_vendor(upload(imports_page(), CSV))
    _edit(at, AHT="(ignore)")
    at.button(key="import_save").click().run()  # the name starts as the vendor's
    assert any("Saved the layout 'Alpha Care' (version 1)" in s.value for s in at.success)
    other = imports_page()
    upload(other, CSV.replace("2026-10-0", "2026-09-0"), name="beacon.csv")
    assert "Mapped with the saved layout 'Alpha Care' (version 1)" in shown(other)
    assert "it fits this file's columns" in shown(other)
    _key, rows = _grid(other)
    assert dict(zip(rows["column"], rows["role"], strict=True))["AHT"] == "(ignore)"
    assert other.selectbox(key="import_vendor").value is None  # still chosen deliberately


def test_a_bad_file_shows_the_report_and_keeps_the_mapping(small_db):
    at = imports_page()
    bad = CSV.replace("120,110,10,90", "120,130,10,90")
    choose_vendor(upload(at, bad, "bad.csv"))
    assert at.button(key="import_go").disabled  # the check already ran: nothing to import
    assert any("rejected" in e.value for e in at.error)
    report = [d.value for d in at.dataframe if "reason" in d.value.columns][0]
    assert report.iloc[0]["row"] == 3 and report.iloc[0]["column"] == "Calls Handled"
    assert at.get("file_uploader")  # the upload is still there to fix and retry


def test_per_person_columns_are_flagged_before_anything_else(small_db):
    at = imports_page()
    text = (
        CSV.replace("Report Date,", "Report Date,Agent Name,")
        .replace("\n2026-10-01,", "\n2026-10-01,Maria Lopez,")
        .replace("\n2026-10-02,", "\n2026-10-02,John Smith,")
    )
    at.get("file_uploader")[0].set_value(("agents.csv", text.encode(), "text/csv")).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "Agent Name" in warnings
    shown = " ".join(str(e.value) for e in [*at.warning, *at.error, *at.caption, *at.markdown])
    assert "Maria" not in shown and "John" not in shown


def test_a_file_of_many_vendors_registers_the_new_ones_on_confirmation(small_db):
    text = (
        "Provider,Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons\n"
        "Alpha Care,2026-10-01,Billing care,Leeds,Voice,100,95,5\n"
        "Delta Voice,2026-10-01,Billing care,Leeds,Voice,70,60,10\n"
        "Echo Contact,2026-10-02,Billing care,Leeds,Voice,40,38,2\n"
    )
    at = upload(imports_page(), text, name="providers.csv")
    assert "not registered yet" in shown(at) and "Delta Voice, Echo Contact" in shown(at)
    assert at.button(key="import_go").disabled  # not before the user confirms
    box = next(c for c in at.checkbox if c.label.startswith("Register these 2 vendor(s)"))
    box.check().run()
    # Their program and site are new labels too: registered only once confirmed as well.
    assert at.button(key="import_go").disabled
    next(c for c in at.checkbox if c.label == "Register these 4 labels with this import").check()
    at.run()
    assert not at.button(key="import_go").disabled
    at.button(key="import_go").click().run()
    assert not at.exception, at.exception
    assert any("registered 2 new vendor(s)" in s.value for s in at.success), shown(at)
    with db.connect(small_db) as con:
        names = [r[0] for r in con.execute("SELECT name FROM vendors ORDER BY name").fetchall()]
    assert names == ["Alpha Care", "Beacon Support", "Delta Voice", "Echo Contact"]
