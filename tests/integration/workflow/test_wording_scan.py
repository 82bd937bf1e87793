"""The wording check over stored free text (``wording.scan_stored_text``), on real files.

The services refuse risky text unless the caller acknowledges its findings, so the fixture
stores its risky texts as a user who saw the findings and saved anyway does."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance import contracts, demo
from governance.access import audit, records, vendors
from governance.errors import InvalidInput, WordingNotAcknowledged
from governance.store import queries
from governance.workflow import compliance, escalations, meetings, training, wording


def acknowledged(*texts: str) -> dict:
    """The acknowledgement a page passes after showing these texts' findings."""
    return wording.acknowledgement([f for text in texts for f in wording.check(text)])


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
        acknowledged=acknowledged("Xiomara's AHT is too high; coach her on call control."),
    )
    escalations.transition(
        con,
        admin,
        esc,
        to_status="acknowledged",
        note="Client asked the vendor to let him go.",
        acknowledged=acknowledged("Client asked the vendor to let him go."),
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
        acknowledged=acknowledged("- Fatima: QA 62%, CSAT 70%"),
    )
    decision = "Invite them to our all-hands in December."
    meetings.add_decision(con, admin, meeting, decision, acknowledged=acknowledged(decision))
    meetings.add_action_item(
        con,
        admin,
        vendor="Beacon Support",
        description="give the agents a bonus for the peak",
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 11, 1),
        meeting_id=meeting,
        acknowledged=acknowledged("give the agents a bonus for the peak"),
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
        acknowledged=acknowledged("Approve overtime for Sipho and Thandi during the peak"),
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
        ("amendment", "Crestline", "reason", "scheduling", "Approve overtime for Sipho and Thandi"),
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
        "records": 0,
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


# --- the gate every service that stores free text runs ----------------------------------------

RISKY = "coach John on his tone"


@pytest.fixture
def two_vendors(con, admin):
    vendors.add_vendors(con, admin, ["Crestline", "Beacon Support"])
    return con


def _raise(con, admin, description, acknowledged=None):
    return escalations.raise_escalation(
        con,
        admin,
        vendor="Crestline",
        category="service_performance",
        severity="P3",
        title="AHT above target",
        description=description,
        acknowledged=acknowledged,
    )


def test_risky_text_is_refused_and_nothing_is_written(two_vendors, admin):
    con = two_vendors
    with pytest.raises(WordingNotAcknowledged) as info:
        _raise(con, admin, RISKY)
    message = str(info.value)
    assert "Description: \u201ccoach John\u201d" in message
    assert "discipline or coaching of a person" in message
    assert "Vendor to submit a QA remediation plan" in message
    assert "acknowledge" in message
    assert queries.wording_stored_text(con).empty
    assert audit_events(con, admin) == []


def test_acknowledged_text_is_stored_and_the_acknowledgement_audited(two_vendors, admin):
    con = two_vendors
    ack = acknowledged(RISKY)
    esc = _raise(con, admin, RISKY, acknowledged=ack)
    (event,) = audit_events(con, admin)
    assert str(event["entity_id"]) == str(esc)
    assert event["after"][records.WORDING_KEY] == ack


def test_an_acknowledgement_of_older_text_does_not_cover_new_findings(two_vendors, admin):
    con = two_vendors
    with pytest.raises(WordingNotAcknowledged, match="does not cover"):
        _raise(con, admin, RISKY + " and give the agents a bonus", acknowledged=acknowledged(RISKY))


def test_clean_text_needs_no_acknowledgement_and_records_none(two_vendors, admin):
    con = two_vendors
    _raise(con, admin, "Vendor to submit a QA remediation plan", acknowledged=acknowledged(RISKY))
    (event,) = audit_events(con, admin)
    assert records.WORDING_KEY not in event["after"]


SERVICES = {
    "meeting minutes": lambda con, a, text, ack: meetings.create_meeting(
        con,
        a,
        vendor="Crestline",
        kind="MBR",
        meeting_date=date(2026, 10, 8),
        title="MBR",
        minutes=text,
        acknowledged=ack,
    ),
    "a decision": lambda con, a, text, ack: meetings.add_decision(
        con,
        a,
        meetings.create_meeting(
            con, a, vendor="Crestline", kind="MBR", meeting_date=date(2026, 10, 8), title="MBR"
        ),
        text,
        acknowledged=ack,
    ),
    "an action item": lambda con, a, text, ack: meetings.add_action_item(
        con,
        a,
        vendor="Crestline",
        description=text,
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 11, 1),
        acknowledged=ack,
    ),
    "an escalation note": lambda con, a, text, ack: escalations.transition(
        con,
        a,
        _raise(con, a, "Late pack"),
        to_status="acknowledged",
        note=text,
        acknowledged=ack,
    ),
    "a training material": lambda con, a, text, ack: training.add_material(
        con,
        a,
        title="Refunds",
        programs=["Billing"],
        released_on=date(2026, 9, 1),
        description=text,
        acknowledged=ack,
    ),
    "a KT session": lambda con, a, text, ack: training.record_kt_session(
        con,
        a,
        vendor="Crestline",
        session_date=date(2026, 9, 1),
        topic="Refunds",
        vendor_attendees=12,
        notes=text,
        acknowledged=ack,
    ),
    "a best practice": lambda con, a, text, ack: training.add_best_practice(
        con, a, title="Refunds", body=text, acknowledged=ack
    ),
    "an attestation's notes": lambda con, a, text, ack: compliance.record_attestation(
        con,
        a,
        vendor="Crestline",
        kind="PCI DSS",
        issued=date(2026, 1, 1),
        notes=text,
        acknowledged=ack,
    ),
    "an amendment's reason": lambda con, a, text, ack: contracts.add_amendment(
        con,
        a,
        _contract(con, a),
        effective_from=date(2026, 7, 1),
        reason=text,
        approved_by="VMO lead",
        targets=[{"kpi": "service_level", "expected": 0.85}],
        acknowledged=ack,
    ),
}


def _contract(con, admin) -> int:
    if not queries.contracts(con).empty:
        return contracts.contract_id(con, "Crestline")
    return contracts.create_contract(
        con,
        admin,
        {
            "vendor": "Crestline",
            "name": "MSA",
            "start": date(2026, 1, 1),
            "pricing": "per_contact",
            "targets": [{"kpi": "service_level", "expected": 0.8, "minimum": 0.75, "weight": 100}],
        },
    )


@pytest.mark.parametrize("what", SERVICES)
def test_every_service_that_stores_free_text_runs_the_gate(two_vendors, admin, what):
    con = two_vendors
    store = SERVICES[what]
    with pytest.raises(WordingNotAcknowledged):
        store(con, admin, RISKY, None)
    assert wording.scan_stored_text(con).empty  # nothing risky was stored
    store(con, admin, RISKY, acknowledged(RISKY))
    found = wording.scan_stored_text(con)
    assert list(found["matched"]) == ["coach John"]


@pytest.mark.parametrize("owner", ["Diane Smith", "D. Smith", "SMITH, Diane", "Agent 4471"])
def test_an_action_item_owned_by_a_person_is_refused_even_when_acknowledged(
    two_vendors, admin, owner
):
    con = two_vendors
    ack = wording.acknowledgement(wording.check_fields({"Owner": owner}))
    with pytest.raises(InvalidInput, match="role or an organisation") as info:
        meetings.add_action_item(
            con,
            admin,
            vendor="Crestline",
            description="Vendor to submit a QA remediation plan",
            owner_side="vendor",
            owner=owner,
            due_date=date(2026, 11, 1),
            acknowledged=ack,
        )
    assert not isinstance(info.value, WordingNotAcknowledged)
    assert "Vendor account manager" in str(info.value)
    assert queries.action_items(con).empty


def test_editing_an_action_item_to_a_person_owner_is_refused(two_vendors, admin):
    con = two_vendors
    action = meetings.add_action_item(
        con,
        admin,
        vendor="Crestline",
        description="Vendor to submit a QA remediation plan",
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 11, 1),
    )
    with pytest.raises(InvalidInput, match="never a person"):
        meetings.update_action_item(
            con,
            admin,
            action,
            expected_version=1,
            description="Vendor to submit a QA remediation plan",
            owner_side="vendor",
            owner="diane.smith@crestline.example",
            due_date=date(2026, 11, 1),
        )
    assert queries.action_items(con)["owner"].tolist() == ["Vendor account manager"]


def audit_events(con, admin) -> list[dict]:
    """The escalation events of the audit log, their ``after`` payload read."""
    rows = audit.events(con, action="escalation.raise", actor=admin).to_dict(orient="records")
    for row in rows:
        after = row["after"]
        row["after"] = json.loads(after) if isinstance(after, str) else after
    return rows
