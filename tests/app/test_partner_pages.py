"""A vendor partner in the app: its own vendor's scorecard and credits, escalations, packs and
uploads, and nothing about any other vendor (no name, no rank, no portfolio figure)."""

from __future__ import annotations

import shutil
from datetime import date
from io import BytesIO

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from governance import demo, packs
from governance.access import users
from governance.access.actors import Actor
from governance.contracts import excused
from governance.kpis import frames
from governance.packs import workbook
from governance.scoring import published, scorecard
from governance.store import db, queries
from governance.store.scope import Scoped
from tests.app.test_access import APP, shown_text

PARTNER = "pat@bluebird.example"
VENDOR = "Bluebird BPO"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    root = tmp_path_factory.mktemp("partner_pages")
    path = root / "template.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=root / "x"
        )
        users.add(con, Actor("fixture", "admin"), PARTNER, "vendor_partner", VENDOR)
        others = [n for n in queries.vendor_names(con) if n != VENDOR]
    return path, root / "x", others


@pytest.fixture
def partner_db(demo_file, tmp_path, monkeypatch):
    template, exports, others = demo_file
    path = tmp_path / "governance.duckdb"
    shutil.copy(template, path)
    monkeypatch.setenv("GOVERNANCE_DB", str(path))
    return path, exports, others


def signed_in(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.user = {"is_logged_in": True, "email": PARTNER}
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def everything_shown(at: AppTest) -> str:
    """Every text, table cell, metric, option and label on the page."""
    parts = [shown_text(at)]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    for metric in at.metric:
        parts += [str(metric.label), str(metric.value)]
    for box in [*at.selectbox, *at.sidebar.selectbox, *at.multiselect, *at.radio]:
        parts += [str(o) for o in box.options]
    parts += [str(e.label) for e in at.expander]
    return "\n".join(parts)


def test_the_partner_sees_its_own_pages_only(partner_db):
    at = signed_in()
    assert [t.value for t in at.title] == ["Vendor scorecard"]
    for page in (
        "app_pages/portfolio.py",
        "app_pages/vendors.py",
        "app_pages/contracts.py",
        "app_pages/meetings.py",
        "app_pages/audit.py",
        "app_pages/admin_users.py",
        "app_pages/oversight.py",
    ):
        with pytest.raises(ValueError):
            at.switch_page(page)


@pytest.mark.parametrize(
    "page",
    [
        "app_pages/scorecard.py",
        "app_pages/escalations.py",
        "app_pages/packs.py",
        "app_pages/imports.py",
        "app_pages/billing.py",
    ],
)
def test_no_page_names_another_vendor_or_a_rank(partner_db, page):
    _path, _exports, others = partner_db
    at = signed_in(page)
    text = everything_shown(at)
    assert VENDOR in text
    for other in others:
        assert other not in text, f"{other} appears on {page}"
    assert "Rank" not in text and "rank " not in text
    assert "Portfolio" not in [str(o) for r in at.radio for o in r.options]


def test_the_scorecard_shows_the_partners_credits(partner_db):
    at = signed_in("app_pages/scorecard.py")
    assert list(at.selectbox(key="scorecard_vendor").options) == [VENDOR]
    headers = [h.value for h in at.subheader]
    assert any(h.startswith("Service credits") for h in headers)
    assert [m.label for m in at.metric] == ["Weighted score", "Standing", "Rolling three"]


def test_the_partners_qbr_names_no_other_vendor_and_no_rank(partner_db):
    path, _exports, others = partner_db
    at = signed_in("app_pages/packs.py")
    assert list(at.radio(key="pack_kind").options) == ["MBR", "QBR"]
    at.radio(key="pack_kind").set_value("QBR").run()
    assert not at.exception, at.exception
    assert at.get("download_button"), "no download offered"
    # The bytes the page offers are packs_book over a connection restricted to the vendor.
    with db.connect(Scoped(str(path), VENDOR), migrate_schema=False) as con:
        data = packs.gather(con, "2026Q3", VENDOR)
    book = openpyxl.load_workbook(BytesIO(workbook.to_bytes(data)))
    texts = " ".join(
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    )
    assert VENDOR in texts and "Rank among vendors" not in texts
    for other in others:
        assert other not in texts


def test_the_partner_uploads_its_own_export_and_nothing_else(partner_db):
    path, exports, _others = partner_db
    f = exports / "bluebird_daily_2026-10.xlsx"
    at = signed_in("app_pages/imports.py")
    at.get("file_uploader")[0].set_value((f.name, f.read_bytes(), "application/octet-stream")).run()
    assert not at.exception, at.exception
    picker = at.selectbox(key="import_vendor")  # its only choice, chosen: it has no other
    assert list(picker.options) == [VENDOR] and picker.value == VENDOR
    at.button(key="import_go").click().run()
    assert not at.exception, at.exception
    assert any("restated" in s.value or "loaded" in s.value for s in at.success), [
        e.value for e in at.error
    ]
    assert not any(b.label == "Roll back" for b in at.button), "a partner is offered the rollback"
    with db.connect(path) as con:
        batch = con.execute(
            "SELECT v.name, b.imported_by FROM import_batches b JOIN vendors v USING (vendor_id) "
            "ORDER BY batch_id DESC LIMIT 1"
        ).fetchone()
    assert batch == (VENDOR, PARTNER)


def test_a_partner_sees_its_published_scorecard_not_the_live_figures(partner_db):
    path, _, others = partner_db
    with db.connect(path) as con:
        published.publish(con, Actor("vince@client.example", "vendor_manager"), "2026-10")
        shown = published.scorecards(con, "2026-10", [VENDOR])
        [line] = [
            x
            for x in frames.plain_records(shown.lines)
            if x["kpi"] == "service_level" and x["program"] is None
        ]
        con.execute(
            "UPDATE kpi_facts SET answered_within_sl = 0 WHERE date >= ? AND date < ? "
            "AND vendor_id = (SELECT vendor_id FROM vendors WHERE name = ?)",
            [date(2026, 10, 1), date(2026, 11, 1), VENDOR],
        )
    at = signed_in("app_pages/scorecard.py")
    at.selectbox(key="scorecard_period").set_value("2026-10").run()
    assert not at.exception, at.exception
    assert any(w.value.startswith("Published on ") for w in at.warning)
    table = next(f.value for f in at.dataframe if {"KPI", "Status"} <= set(f.value.columns))
    [row] = [r for r in table.to_dict("records") if r["KPI"] == "Service level"]
    assert row["Actual"] == f"{line['actual'] * 100:.1f}%"
    assert row["Since publication"].endswith("→ 0.0%")
    assert not [b for b in at.button if b.key in ("scorecard_publish", "scorecard_republish")]
    text = everything_shown(at)
    assert not [name for name in others if name in text]


def test_a_partner_disputes_a_line_on_the_page_and_the_client_rules_on_it(partner_db):
    path, _, _ = partner_db
    with db.connect(path) as con:
        published.publish(con, Actor("vince@client.example", "vendor_manager"), "2026-10")
    at = signed_in("app_pages/scorecard.py")
    at.selectbox(key="scorecard_period").set_value("2026-10").run()
    at.selectbox(key="scorecard_dispute_line").set_value("Service level").run()
    at.text_area(key="scorecard_dispute_reason").input("Tell Maria to stop lying").run()
    assert at.button(key="scorecard_dispute").disabled  # wording: acknowledge or rewrite
    reason = "The 14 Oct outage was the client's telephony"
    at.text_area(key="scorecard_dispute_reason").input(reason).run()
    at.button(key="scorecard_dispute").click().run()
    assert not at.exception, at.exception
    table = next(f.value for f in at.dataframe if "Vendor's reason" in f.value.columns)
    assert list(table["Vendor's reason"]) == [reason] and list(table["Status"]) == ["Open"]
    assert not [b for b in at.button if b.key and b.key.startswith("scorecard_rule_")]
    # The client's vendor manager rules on it: upheld at 86.0 %.
    with db.connect(path) as con:
        users.add(con, Actor("fixture", "admin"), "vince@client.example", "vendor_manager")
        [(dispute_id,)] = con.execute("SELECT dispute_id FROM scorecard_disputes").fetchall()
    staff = AppTest.from_file(APP, default_timeout=90)
    staff.user = {"is_logged_in": True, "email": "vince@client.example"}
    staff.run()
    staff.switch_page("app_pages/scorecard.py").run()
    staff.selectbox(key="scorecard_vendor").set_value(VENDOR).run()
    staff.selectbox(key="scorecard_period").set_value("2026-10").run()
    key = f"scorecard_rule_{dispute_id}"
    staff.number_input(key=f"{key}_value").set_value(86.0).run()
    staff.text_area(key=f"{key}_reason").input("Client IT confirmed the outage").run()
    staff.button(key=f"{key}_save").click().run()
    assert not staff.exception, staff.exception
    card = next(f.value for f in staff.dataframe if {"KPI", "Status"} <= set(f.value.columns))
    [row] = [r for r in card.to_dict("records") if r["KPI"] == "Service level"]
    assert row["Actual"] == "86.0%" and row["Since publication"].startswith(
        f"dispute #{dispute_id}"
    )
    with db.connect(path) as con:
        status, value = con.execute(
            "SELECT status, new_value FROM scorecard_disputes WHERE dispute_id = ?", [dispute_id]
        ).fetchone()
    assert status == "upheld" and value == pytest.approx(0.86)


def test_a_partner_s_scorecard_leaves_out_the_same_excused_days(partner_db):
    path, _, _ = partner_db
    with db.connect(path) as con:
        excused.add(
            con,
            Actor("vince@client.example", "admin"),
            vendor=VENDOR,
            date_from=date(2026, 10, 14),
            date_to=date(2026, 10, 16),
            kind="client_outage",
            reason="Client IVR outage",
            approved_by="VMO lead",
        )
        staff = frames.plain_records(scorecard.scorecards(con, "2026-10", [VENDOR]).lines)
    with db.connect(Scoped(str(path), VENDOR), migrate_schema=False) as con:
        seen = frames.plain_records(scorecard.scorecards(con, "2026-10", [VENDOR]).lines)
    assert [x["actual"] for x in seen] == [x["actual"] for x in staff]
    assert [x["excused"] for x in seen] == [x["excused"] for x in staff]
    assert any(x["excused"] for x in seen)


def test_the_partner_reads_its_own_invoices_and_records_none(partner_db):
    """Its own invoice reconciled (the demo's October one over-bills); no other vendor's rates
    or invoices are in its view, and it may not record or move an invoice."""
    path, _exports, _others = partner_db
    at = signed_in("app_pages/billing.py")
    assert at.selectbox(key="bl_vendor").options == [VENDOR]
    [table] = [d.value for d in at.dataframe if "Flag" in d.value.columns]
    assert list(table["Invoice"]) == ["BB-202610"]
    assert not [b for b in at.button if b.key in ("bl_record", "bl_status_save", "bl_escalate")]
    with db.connect(Scoped(path, VENDOR)) as con:
        assert {
            r[0] for r in con.execute("SELECT DISTINCT vendor_id FROM invoices").fetchall()
        } == {queries.vendor_by_name(con, VENDOR)["vendor_id"]}
        rates = con.execute("SELECT DISTINCT contract_id FROM rate_cards").fetchall()
        assert len(rates) == 1
