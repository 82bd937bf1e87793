"""The Billing page on the demo: the month's reconciliation (Bluebird's October invoice bills 4 %
more minutes than it handled), its figures equal the reconcile command's, and a flagged line is
raised as a billing escalation in one click, the invoice then disputed."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from governance.scoring import billing
from governance.store import db
from tests.app import test_governance_pages as governance_pages
from tests.app.test_pages import APP

# The demo loaded once for the module (end month October 2026), copied for each test.
demo_file = governance_pages.demo_file
demo_db = governance_pages.demo_db
audit = governance_pages.audit
PAGE = "app_pages/billing.py"
VENDOR = "Bluebird BPO"


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    at.selectbox(key="bl_vendor").set_value(VENDOR).run()
    assert not at.exception, at.exception
    return at


def test_the_page_shows_the_reconciliation_and_escalates_a_flagged_line(demo_db):
    at = open_page()
    assert at.selectbox(key="bl_month").value.isoformat() == "2026-10-01"
    with db.connect(demo_db) as con:
        found = billing.reconcile(con, VENDOR, "2026-10")
    t = found["totals"]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Invoiced (USD)"] == billing.short_money(t["invoiced"])
    assert shown["Net payable (USD)"] == billing.short_money(t["net_payable"])
    exact = {m.label: m.help for m in at.metric}
    assert billing.money_text(t["net_payable"], "USD") in exact["Net payable (USD)"]
    [table] = [d.value for d in at.dataframe if "Flag" in d.value.columns]
    assert list(table["Flag"]) == ["over-billed"]
    assert any("1 line flagged" in s.value for s in at.subheader)
    at.button(key="bl_escalate").click().run()
    assert not at.exception, at.exception
    assert any("raised; the invoice is disputed" in s.value for s in at.success)
    [raised] = audit(demo_db, "escalation.raise")[-1:]
    assert raised["category"] == "billing" and "BB-202610" in raised["title"]
    with db.connect(demo_db) as con:
        [inv] = [i for i in billing.invoices(con, VENDOR) if i["invoice_no"] == "BB-202610"]
    assert inv["status"] == "disputed"


def test_an_invoice_typed_without_lines_is_refused_and_keeps_its_number(demo_db):
    at = open_page()
    at.text_input(key="bl_enter_number").set_value("BB-MANUAL-1")
    at.button(key="bl_enter_save").click().run()
    assert not at.exception, at.exception
    assert any("has no line" in e.value for e in at.error)
    assert at.text_input(key="bl_enter_number").value == "BB-MANUAL-1"
    with db.connect(demo_db) as con:
        assert "BB-MANUAL-1" not in {i["invoice_no"] for i in billing.invoices(con, VENDOR)}


def test_a_corrected_invoice_typed_on_the_page_replaces_the_overbilled_one(demo_db):
    """The vendor reissues October's invoice at the minutes its data supports: ticked as a
    correction, it is revision 2 and the month reconciles with nothing flagged."""
    with db.connect(demo_db) as con:
        [line] = billing.reconcile(con, VENDOR, "2026-10")["lines"]
    at = open_page()
    at.text_input(key="bl_enter_number").set_value("BB-202610")
    at.session_state["bl_enter_lines"] = {
        "edited_rows": {
            0: {
                "Program": line["program"] or "",
                "Channel": line["channel"] or "",
                "Unit": line["unit"],
                "Units": str(line["supported_units"]),
                "Amount": str(line["expected"]),
            }
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="bl_enter_save").click().run()
    assert not at.exception, at.exception
    assert any("already has invoice BB-202610" in e.value for e in at.error)
    at.checkbox(key="bl_enter_correct").check()
    at.button(key="bl_enter_save").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    assert any("revision 2 of invoice BB-202610" in s.value for s in at.success)
    with db.connect(demo_db) as con:
        found = billing.reconcile(con, VENDOR, "2026-10")
        history = billing.revisions(con, VENDOR, "BB-202610")
    assert found["totals"]["flagged"] == 0
    assert found["totals"]["invoiced"] == line["expected"]
    assert [h["revision"] for h in history] == [1, 2]
    invoices = next(d.value for d in at.dataframe if "From" in d.value.columns)
    assert "BB-202610 · revision 2" in list(invoices["Invoice"])


def test_an_amount_typed_the_european_way_is_recorded_as_meant(demo_db):
    """ "1.348,00" is one thousand three hundred and forty-eight (the old reading dropped the
    comma and stored 1.34800)."""
    at = open_page()
    at.text_input(key="bl_enter_number").set_value("BB-EU-1")
    at.session_state["bl_enter_lines"] = {
        "edited_rows": {0: {"Unit": "handled_minute", "Units": "1560", "Amount": "1.348,00"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="bl_enter_save").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    with db.connect(demo_db) as con:
        [inv] = [i for i in billing.invoices(con, VENDOR) if i["invoice_no"] == "BB-EU-1"]
    assert str(inv["total"]) == "1348.00"
