"""Compliance attestations (expiry status, supersession, stale edits, roles) and the contracts'
legal-review and renewal-notice dates."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance.access import vendors
from governance.errors import InvalidInput, PermissionDenied, StaleRecord
from governance.workflow import compliance
from tests.integration import contract_builders as cb

TODAY = date(2026, 11, 22)


@pytest.fixture
def alpha(con, admin):
    vendors.add_vendors(con, admin, ["Alpha Care"])
    return con


def test_attestation_is_recorded_and_audited(alpha, manager):
    aid = compliance.record_attestation(
        alpha,
        manager,
        vendor="Alpha Care",
        kind="SOC 2 Type II",
        issued=date(2026, 3, 1),
        expires=date(2027, 2, 28),
        evidence_ref="SOC2-2026-114",
    )
    after = json.loads(
        alpha.execute("SELECT after FROM audit_events WHERE action = 'attestation.add'").fetchone()[
            0
        ]
    )
    assert after["attestation_id"] == aid and after["evidence_ref"] == "SOC2-2026-114"
    with pytest.raises(InvalidInput, match="not an attestation type"):
        compliance.record_attestation(
            alpha, manager, vendor="Alpha Care", kind="Pinky promise", issued=date(2026, 3, 1)
        )
    with pytest.raises(InvalidInput, match="before it was issued"):
        compliance.record_attestation(
            alpha,
            manager,
            vendor="Alpha Care",
            kind="PCI DSS",
            issued=date(2026, 3, 1),
            expires=date(2026, 2, 1),
        )


@pytest.mark.parametrize(
    ("field", "named"), [("evidence_ref", "The evidence reference"), ("notes", "The notes")]
)
def test_a_disguising_character_is_refused_naming_the_field(alpha, manager, field, named):
    # An escape sequence in free text is refused with the field's own name, not "The text".
    with pytest.raises(InvalidInput) as refused:
        compliance.record_attestation(
            alpha,
            manager,
            vendor="Alpha Care",
            kind="SOC 2 Type II",
            issued=date(2026, 3, 1),
            **{field: "SOC2 \x1b]8;;http://evil.example\x07report"},
        )
    assert str(refused.value).startswith(f"{named} contains a character that can disguise text")
    assert "ESC (U+001B)" in str(refused.value)
    assert alpha.execute("SELECT count(*) FROM compliance_attestations").fetchone() == (0,)


def test_status_on_the_boundaries():
    assert compliance.status(date(2026, 11, 21), TODAY) == "expired"
    assert compliance.status(TODAY, TODAY) == "expiring"
    assert compliance.status(date(2027, 2, 20), TODAY) == "expiring"  # day 90
    assert compliance.status(date(2027, 2, 21), TODAY) == "valid"  # day 91
    assert compliance.status(None, TODAY) == "no expiry"


def test_a_newer_attestation_supersedes_the_older(alpha, manager):
    compliance.record_attestation(
        alpha,
        manager,
        vendor="Alpha Care",
        kind="PCI DSS",
        issued=date(2025, 6, 1),
        expires=date(2026, 6, 1),
    )
    compliance.record_attestation(
        alpha,
        manager,
        vendor="Alpha Care",
        kind="PCI DSS",
        issued=date(2026, 6, 1),
        expires=date(2027, 6, 1),
    )
    frame = compliance.attestations(alpha, TODAY)
    assert list(frame["status"]) == ["valid", "superseded"]
    assert len(compliance.attestations(alpha, TODAY, current_only=True)) == 1


def test_a_stale_correction_is_refused(alpha, manager, admin):
    aid = compliance.record_attestation(
        alpha,
        manager,
        vendor="Alpha Care",
        kind="ISO 27001",
        issued=date(2026, 1, 1),
        expires=date(2029, 1, 1),
    )
    compliance.update_attestation(
        alpha,
        admin,
        aid,
        expected_version=1,
        issued=date(2026, 1, 2),
        expires=date(2029, 1, 2),
        evidence_ref="ISO-9",
    )
    with pytest.raises(StaleRecord):
        compliance.update_attestation(
            alpha, manager, aid, expected_version=1, issued=date(2026, 1, 3)
        )
    assert alpha.execute(
        "SELECT evidence_ref, version FROM compliance_attestations"
    ).fetchone() == ("ISO-9", 2)


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_leadership_and_auditors_may_not_write(alpha, manager, who, request):
    actor = request.getfixturevalue(who)
    aid = compliance.record_attestation(
        alpha, manager, vendor="Alpha Care", kind="PCI DSS", issued=date(2026, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        compliance.record_attestation(
            alpha, actor, vendor="Alpha Care", kind="PCI DSS", issued=date(2026, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        compliance.update_attestation(
            alpha, actor, aid, expected_version=1, issued=date(2026, 1, 1)
        )


def test_contract_dates_come_from_running_contracts(con):
    cb.add_vendors(con, "Alpha Care", "Beacon Support")
    sl = [cb.target("service_level", 0.8, 0.75, 100, tier="critical", allocation_pct=100)]
    cb.create(
        con,
        cb.contract(
            "Alpha Care", sl, legal_review=date(2026, 12, 1), renewal_notice=date(2027, 6, 30)
        ),
    )
    cb.create(
        con,
        cb.contract("Beacon Support", sl, end=date(2026, 10, 31), legal_review=date(2026, 12, 1)),
    )  # ended: not listed
    frame = compliance.contract_dates(con, TODAY)
    assert frame[["vendor", "kind", "date", "days"]].values.tolist() == [
        ["Alpha Care", "legal review", date(2026, 12, 1), 9],
        ["Alpha Care", "renewal notice", date(2027, 6, 30), 220],
    ]
