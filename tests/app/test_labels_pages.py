"""The known labels on the pages: the Imports page asks to register a file's new programs, sites,
languages and queues before importing it; the Vendor registry page lists each vendor's labels and
lets a vendor manager or admin add or remove one."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from governance.access import users
from governance.access.actors import Actor
from governance.ingest import labels
from governance.store import db

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
# Alpha Care's known labels (tests/app/conftest.py): program Billing care, sites Site A and Leeds.
CSV = (
    "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT\n"
    "2026-11-01,Billing care,Leeds,Voice,900,880,20,800,300\n"
    "2026-11-01,Billing care,{a},Voice,900,880,20,800,300\n"
    "2026-11-01,Billing care,{b},Voice,900,880,20,800,300\n"
)


def page(name: str, email: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if email:
        at.user = {"is_logged_in": True, "email": email}
    at.run()
    at.switch_page(f"app_pages/{name}.py").run()
    assert not at.exception, at.exception
    return at


def upload_for_alpha(at: AppTest, text: str) -> AppTest:
    at.get("file_uploader")[0].set_value(("alpha.csv", text.encode(), "text/csv")).run()
    at.selectbox(key="import_vendor").set_value("Alpha Care").run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    parts = [*at.success, *at.warning, *at.error, *at.info, *at.markdown, *at.text]
    return " ".join(str(e.value) for e in parts)


def known(path, vendor="Alpha Care") -> dict[tuple[str, str], str]:
    with db.connect(path) as con:
        frame = labels.registered(con, vendor)
    return {(r.dimension, r.label): r.source for r in frame.itertuples(index=False)}


def test_the_imports_page_registers_new_labels_only_once_confirmed(small_db):
    at = upload_for_alpha(page("imports"), CSV.format(a="Manila", b="Cebu"))
    assert "The file brings 2 label(s) not registered for their vendor yet" in shown(at)
    assert "Alpha Care, site (2)" in shown(at)
    assert [t.value for t in at.text] == ["Cebu, Manila"]
    assert at.button(key="import_go").disabled  # not before the user confirms
    box = next(c for c in at.checkbox if c.label == "Register these 2 labels with this import")
    box.check().run()
    assert not at.button(key="import_go").disabled
    at.button(key="import_go").click().run()
    assert not at.exception, at.exception
    assert any("registered 2 new label(s)" in s.value for s in at.success), shown(at)
    assert known(small_db) == {
        ("program", "Billing care"): "command",
        ("site", "Leeds"): "command",
        ("site", "Site A"): "command",
        ("site", "Manila"): "import",
        ("site", "Cebu"): "import",
    }
    with db.connect(small_db) as con:
        sites = con.execute(
            "SELECT DISTINCT site FROM kpi_facts WHERE date = DATE '2026-11-01' ORDER BY 1"
        ).fetchall()
    assert sites == [("Cebu",), ("Leeds",), ("Manila",)]


def test_the_imports_page_refuses_a_label_that_looks_like_a_person(small_db):
    at = upload_for_alpha(page("imports"), CSV.format(a="Manila", b="Diane Smith"))
    assert at.button(key="import_go").disabled
    assert not [c for c in at.checkbox if c.label.startswith("Register th")]
    assert any("rejected; nothing was imported" in e.value for e in at.error)
    report = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    reasons = " ".join(report["reason"])
    assert "column 'Location'" in reasons and "look like a person's name" in reasons
    assert "Diane" not in reasons + shown(at)
    assert known(small_db) == {
        ("program", "Billing care"): "command",
        ("site", "Leeds"): "command",
        ("site", "Site A"): "command",
    }


def test_the_vendor_registry_lists_adds_and_removes_labels(small_db):
    at = page("vendors")
    at.selectbox(key="labels_vendor").set_value("Alpha Care").run()
    table = next(d.value for d in at.dataframe if "label" in d.value.columns)
    assert list(zip(table["dimension"], table["label"], strict=True)) == [
        ("program", "Billing care"),
        ("site", "Leeds"),
        ("site", "Site A"),
    ]
    at.selectbox(key="label_dimension").set_value("queue")
    at.text_input(key="label_text").input("Billing disputes")
    at.button(key=next(b.key for b in at.button if b.label == "Register label")).click().run()
    assert not at.exception, at.exception
    assert any(
        "Registered the queue 'Billing disputes' of Alpha Care" in s.value for s in at.success
    )
    assert known(small_db)[("queue", "Billing disputes")] == "page"
    # A person's name is refused, and nothing is registered.
    at.selectbox(key="label_dimension").set_value("queue")
    at.text_input(key="label_text").input("Diane Smith")
    at.button(key=next(b.key for b in at.button if b.label == "Register label")).click().run()
    assert any("looks like a person's name" in e.value for e in at.error)
    assert ("queue", "Diane Smith") not in known(small_db)
    # Removing one.
    at.selectbox(key="label_dimension").set_value("site")
    at.text_input(key="label_text").input("Leeds")
    at.button(key=next(b.key for b in at.button if b.label == "Remove label")).click().run()
    assert any("Removed the site 'Leeds' of Alpha Care" in s.value for s in at.success)
    assert ("site", "Leeds") not in known(small_db)
    assert ("site", "Leeds") in known(small_db, "Beacon Support")  # only Alpha's is removed


def test_leadership_sees_the_labels_but_no_form(small_db):
    with db.connect(small_db) as con:
        users.add(con, Actor("fixture", "admin"), "lee@client.example", "leadership")
    at = page("vendors", "lee@client.example")
    at.selectbox(key="labels_vendor").set_value("Beacon Support").run()
    table = next(d.value for d in at.dataframe if "label" in d.value.columns)
    assert set(table["label"]) == {"Billing care", "Leeds", "Site A"}
    assert not [b for b in at.button if b.label in ("Register label", "Remove label")]
