"""The Imports page: upload, mapping, guard verdict, validation report, import, history, rollback."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

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


def test_upload_map_preview_and_import(small_db):
    at = imports_page()
    assert not at.exception
    uploader = at.get("file_uploader")[0]
    uploader.set_value(("northwind.csv", CSV.encode(), "text/csv")).run()
    assert not at.exception, at.exception
    assert "Suggested from the file" in " ".join(c.value for c in at.caption)
    preview = [d.value for d in at.dataframe]
    assert any("offered" in f.columns and list(f["offered"]) == [100, 120] for f in preview)
    at.button(key="import_go").click().run()
    assert not at.exception, at.exception
    assert any("loaded" in s.value and "2 of 2 rows" in s.value for s in at.success)
    history = [d.value for d in at.dataframe if "file_name" in d.value.columns]
    assert history and list(history[0]["file_name"]) == ["northwind.csv"]
    # The fixture already held October for Alpha Care: this import restated it.
    assert any("restatement_id" in d.value.columns for d in at.dataframe)


def test_a_bad_file_shows_the_report_and_keeps_the_mapping(small_db):
    at = imports_page()
    bad = CSV.replace("120,110,10,90", "120,130,10,90")
    at.get("file_uploader")[0].set_value(("bad.csv", bad.encode(), "text/csv")).run()
    at.button(key="import_go").click().run()
    assert not at.exception
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
