"""Compliance and legal: attestations per vendor (PCI DSS, SOC 2 Type II, ISO 27001, the
data-processing agreement, …) with issue and expiry dates and an evidence reference, and the
contracts' legal-review and renewal-notice dates (owned by ``contracts``, read here)."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd

from governance.access import audit, records, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound
from governance.store import queries, workflow_rows
from governance.store.db import transaction
from governance.workflow import wording

KINDS = (
    "PCI DSS",
    "SOC 2 Type II",
    "ISO 27001",
    "ISO 27701",
    "Data-processing agreement",
    "HIPAA",
    "Business continuity test",
)
EXPIRING_DAYS = 90


def record_attestation(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    kind: str,
    issued: date,
    expires: date | None = None,
    evidence_ref: str | None = None,
    notes: str | None = None,
    acknowledged: dict | None = None,
) -> int:
    """Record an attestation a vendor provided; returns its id. A newer one of the same kind
    supersedes the older (both are kept). Wording findings in the evidence reference or notes
    need ``acknowledged`` (``wording.acknowledgement``). Raises ``PermissionDenied``,
    ``NotFound``, ``InvalidInput``."""
    require(actor, "governance.write")
    kind, issued, expires = _checked(kind, issued, expires)
    evidence_ref = records.optional_text(evidence_ref, "The evidence reference")
    notes = records.optional_text(notes, "The notes")
    vendor_id = vendors.vendor_id(con, vendor)
    acknowledged = wording.screen(con, {"Evidence": evidence_ref, "Notes": notes}, acknowledged)
    with transaction(con):
        attestation_id = workflow_rows.insert_attestation(
            con,
            vendor_id=vendor_id,
            kind=kind,
            issued=issued,
            expires=expires,
            evidence_ref=evidence_ref,
            notes=notes,
            created_at=audit.now(),
        )
        audit.record(
            con,
            actor,
            "attestation.add",
            "attestation",
            attestation_id,
            None,
            records.with_acknowledgement(queries.attestation(con, attestation_id), acknowledged),
        )
    return attestation_id


def update_attestation(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    attestation_id: int,
    *,
    expected_version: int,
    issued: date,
    expires: date | None = None,
    evidence_ref: str | None = None,
    notes: str | None = None,
    acknowledged: dict | None = None,
) -> dict:
    """Correct an attestation's dates, evidence reference or notes; returns the new row.
    Wording findings in the evidence reference or notes need ``acknowledged``. Raises
    ``NotFound``, ``InvalidInput`` or ``StaleRecord``."""
    require(actor, "governance.write")
    evidence_ref = records.optional_text(evidence_ref, "The evidence reference")
    notes = records.optional_text(notes, "The notes")
    acknowledged = wording.screen(con, {"Evidence": evidence_ref, "Notes": notes}, acknowledged)
    with transaction(con):
        before = queries.attestation(con, attestation_id)
        if before is None:
            raise NotFound(f"No attestation with id {attestation_id}.")
        records.check_version(before, expected_version, f"The {before['kind']} attestation")
        _, issued, expires = _checked(before["kind"], issued, expires)
        workflow_rows.update_attestation(
            con,
            attestation_id,
            issued=issued,
            expires=expires,
            evidence_ref=evidence_ref,
            notes=notes,
        )
        after = queries.attestation(con, attestation_id)
        audit.record(
            con,
            actor,
            "attestation.update",
            "attestation",
            attestation_id,
            before,
            records.with_acknowledgement(after, acknowledged),
        )
    return after


def status(expires, today: date, soon_days: int = EXPIRING_DAYS) -> str:
    """``expired`` (expiry before today), ``expiring`` (within ``soon_days``), ``valid``, or
    ``no expiry``."""
    if expires is None or pd.isna(expires):
        return "no expiry"
    expires = records.day(expires, "The expiry date")
    if expires < today:
        return "expired"
    return "expiring" if expires <= today + timedelta(days=soon_days) else "valid"


def attestations(
    con: duckdb.DuckDBPyConnection,
    today: date,
    vendor: str | None = None,
    *,
    current_only: bool = False,
) -> pd.DataFrame:
    """Attestations with their ``status`` on ``today``; ``current``: the latest of its vendor and
    kind (older ones are superseded)."""
    frame = queries.attestations(con, vendor)
    if current_only:
        frame = frame[frame["current"]].reset_index(drop=True)
    frame["status"] = [
        status(e, today) if c else "superseded"
        for e, c in zip(frame["expires"], frame["current"], strict=True)
    ]
    return frame


def contract_dates(
    con: duckdb.DuckDBPyConnection, today: date, vendor: str | None = None
) -> pd.DataFrame:
    """The legal-review and renewal-notice dates of contracts still running: one row per date
    with vendor, contract, kind, date, days (from today; negative when past) and status
    ("overdue" once past, else "due"), by date."""
    wide = queries.contract_dates(con, today)
    if vendor is not None:
        wide = wide[wide["vendor"] == vendor]
    rows = []
    for r in wide.itertuples(index=False):
        for kind, value in (("legal review", r.legal_review), ("renewal notice", r.renewal_notice)):
            if value is not None and not pd.isna(value):
                day = records.day(value, kind)
                rows.append(
                    {
                        "vendor": r.vendor,
                        "contract": r.contract,
                        "kind": kind,
                        "date": day,
                        "days": (day - today).days,
                    }
                )
    frame = pd.DataFrame(rows, columns=["vendor", "contract", "kind", "date", "days"])
    frame["status"] = ["overdue" if d < 0 else "due" for d in frame["days"]]
    return frame.sort_values(["date", "vendor", "kind"]).reset_index(drop=True)


def _checked(kind: str, issued, expires) -> tuple[str, date, date | None]:
    if kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not an attestation type; use one of {', '.join(KINDS)}.")
    issued = records.day(issued, "The issue date")
    expires = None if expires in (None, "") else records.day(expires, "The expiry date")
    if expires is not None and expires < issued:
        raise InvalidInput(
            f"The attestation cannot expire ({expires}) before it was issued ({issued})."
        )
    return kind, issued, expires


def current_only(attestations_frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``attestations`` that are current (the latest of their vendor and kind)."""
    return attestations_frame[attestations_frame["current"]]
