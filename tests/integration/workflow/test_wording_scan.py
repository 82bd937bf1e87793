"""The wording check over stored free text (``wording.scan_stored_text``), on real files."""

from __future__ import annotations

from datetime import date

import pytest

from governance import contracts, demo
from governance.access import vendors
from governance.store import queries
from governance.workflow import escalations, meetings, wording


@pytest.fixture
def risky_db(con, admin):
    """Two vendors with risky and clean text in every kind of free-text field."""
    vendors.add_vendors(con, admin, ["Crestline", "Beacon Support"])
    esc = escalations.raise_escalation(
        con,
        admin,
        vendor="Crestline",
        category="service_performance",
        severity="P3",
        title="AHT above target on Billing care",
        description="Xiomara's AHT is too high; coach her on call control.",
    )
    escalations.transition(
        con, admin, esc, to_status="acknowledged", note="Vendor asked to let him go."
    )
    escalations.transition(
        con,
        admin,
        esc,
        to_status="resolved",
        root_cause="Crestline's AHT rose after a system change.",
        resolution="Vendor to submit a QA remediation plan for Billing care.",
    )
    meeting = meetings.create_meeting(
        con,
        admin,
        vendor="Beacon Support",
        kind="MBR",
        meeting_date=date(2026, 10, 8),
        title="Beacon MBR October",
        agenda="Scorecard; credits; actions.",
        minutes="Scorecard reviewed.\n- Fatima: QA 62%, CSAT 70%\nNext MBR in November.",
    )
    meetings.add_decision(con, admin, meeting, "Invite them to our all-hands in December.")
    meetings.add_action_item(
        con,
        admin,
        vendor="Beacon Support",
        description="give the agents a bonus for the peak",
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 11, 1),
        meeting_id=meeting,
    )
    meetings.add_action_item(
        con,
        admin,
        vendor="Crestline",
        description="Vendor to cover the 18:00-22:00 gap",
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 11, 1),
    )
    contracts.create_contract(
        con,
        admin,
        {
            "vendor": "Crestline",
            "name": "MSA",
            "start": date(2026, 1, 1),
            "pricing": "per_contact",
            "targets": [{"kpi": "service_level", "expected": 0.8, "minimum": 0.75, "weight": 100}],
            "amendments": [
                {
                    "effective_from": date(2026, 7, 1),
                    "approved_by": "VMO lead",
                    "reason": "Approve overtime for Sipho and Thandi during the peak",
                    "targets": [{"kpi": "service_level", "expected": 0.85, "minimum": 0.8}],
                }
            ],
        },
    )
    return con


def test_every_kind_of_stored_text_is_screened(risky_db):
    report = wording.scan_stored_text(risky_db)
    assert list(report.columns) == wording.REPORT_COLUMNS
    got = {
        (r.record_type, r.vendor, r.field, r.family, r.matched)
        for r in report.itertuples(index=False)
    }
    assert got == {
        ("escalation", "Crestline", "description", "named_performance", "Xiomara's AHT"),
        ("escalation", "Crestline", "description", "discipline", "coach her"),
        ("escalation_note", "Crestline", "note", "hiring_firing", "let him go"),
        ("meeting", "Beacon Support", "minutes", "named_performance", "Fatima: QA"),
        ("decision", "Beacon Support", "text", "integration", "Invite them to our all-hands"),
        ("action_item", "Beacon Support", "description", "pay", "give the agents a bonus"),
        ("amendment", "Crestline", "reason", "scheduling", "Approve overtime for Sipho"),
    }


def test_a_report_row_says_where_the_words_are_and_what_to_write_instead(risky_db):
    report = wording.scan_stored_text(risky_db)
    row = report[report["family"] == "pay"].iloc[0]
    text = queries.wording_stored_text(risky_db).query("record_type == 'action_item'")
    source = text[text["record_id"] == row["record_id"]]["text"].iloc[0]
    assert source[row["start"] : row["end"]] == row["matched"]
    assert row["excerpt"] == "give the agents a bonus for the peak"
    assert row["label"] == "pay or incentives of vendor staff"
    assert row["suggestion"].startswith("Commercial terms are set with the vendor")


def test_vendor_names_in_the_database_are_not_read_as_people(risky_db):
    # "Crestline's AHT rose…" is in the root cause; alone, the checker cannot tell it from a name.
    assert wording.check("Crestline's AHT rose after a system change.")
    report = wording.scan_stored_text(risky_db)
    assert not (report["field"] == "root_cause").any()
    assert "Crestline" in queries.wording_known_names(risky_db)


def test_filters_narrow_the_report_by_family_and_vendor(risky_db):
    report = wording.scan_stored_text(risky_db)
    only = wording.filter_report(report, families=["pay", "integration"], vendor=None)
    assert set(only["family"]) == {"pay", "integration"}
    beacon = wording.filter_report(report, vendor="Beacon Support")
    assert set(beacon["vendor"]) == {"Beacon Support"} and len(beacon) == 3
    assert wording.filter_report(report, families=[], vendor=None).equals(report)
    counts = wording.family_counts(beacon).set_index("family")["findings"].to_dict()
    assert counts == {
        "hiring_firing": 0,
        "discipline": 0,
        "scheduling": 0,
        "pay": 1,
        "supervision": 0,
        "integration": 1,
        "named_performance": 1,
    }


def test_an_empty_database_has_an_empty_report(con):
    report = wording.scan_stored_text(con)
    assert report.empty and list(report.columns) == wording.REPORT_COLUMNS


def test_every_free_text_the_demo_writes_is_clean(tmp_path, con, admin):
    summary = demo.load_demo(con, admin, end_month=date(2026, 9, 1), exports_dir=tmp_path / "x")
    texts = queries.wording_stored_text(con)
    assert len(texts) >= summary["escalations"] + summary["actions"] + summary["decisions"]
    assert set(texts["record_type"]) == {
        "escalation",
        "escalation_note",
        "action_item",
        "meeting",
        "decision",
        "amendment",
    }
    report = wording.scan_stored_text(con)
    assert report.empty, report[["record_type", "field", "matched", "rule"]].to_string()
    # Without the database's vendor and site names too: the demo text is clean on its own.
    flagged = [t for t in texts["text"] if wording.check(t)]
    assert flagged == []
