"""Every role x every write service, against a real DuckDB file.

``ALLOWED`` below is the policy, written out by hand (never derived from ``actors.PERMISSIONS``):
an allowed call must succeed, change the database and leave an audit event by its actor; a
refused call must raise ``PermissionDenied`` and leave every table and sequence exactly as it
was, with no audit event. Each service is called with the same arguments for every role, and
the admin row succeeds with them, so a refusal is due to the role, never to bad input.

``test_every_write_service_has_a_row`` parses ``src/governance`` with ``ast``: a public function
that calls ``require(actor, <write permission>)`` (or a public function of the same module
that does) fails the suite until it is given a row here.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from governance import contracts, demo
from governance.access import users, vendors
from governance.access.actors import ROLES, Actor
from governance.contracts import excused
from governance.errors import PermissionDenied
from governance.ingest import batches, facts, importer, labels, layouts, suggest
from governance.scoring import allocation, billing, disputes, published, ratchet, survey
from governance.store import db
from governance.store.db import transaction
from governance.workflow import compliance, escalations, meetings, training

SRC = Path(__file__).resolve().parents[3] / "src" / "governance"
TODAY = date(2026, 11, 22)
END_MONTH = date(2026, 10, 1)
SETUP = Actor("setup@client.example", "admin")
PARTNER_VENDOR = "Northwind Contact"
# Permissions that only read; every other permission a service requires makes it a write.
READ_PERMISSIONS = {"data.read", "audit.read"}

ACTORS = {
    "admin": Actor("ada@client.example", "admin"),
    "vendor_manager": Actor("vince@client.example", "vendor_manager"),
    "leadership": Actor("lee@client.example", "leadership"),
    "auditor": Actor("audrey@client.example", "auditor"),
    "vendor_partner": Actor("pia@northwind.example", "vendor_partner", PARTNER_VENDOR),
}

# --- the policy, stated independently -----------------------------------------------------------

GOVERNANCE_WRITES = {
    # vendors
    "access.vendors.add_vendors",
    "access.vendors.register",
    "access.vendors.update_contacts",
    "access.vendors.add_site",
    # the known labels of each vendor
    "ingest.labels.add",
    "ingest.labels.register",
    "ingest.labels.remove",
    # contracts
    "contracts.terms.add_program",
    "contracts.terms.create_contract",
    "contracts.terms.add_amendment",
    "contracts.editor.amend_from_table",
    "contracts.editor.amend_from_editor",
    "contracts.form.create_from_form",
    "contracts.terms.load_toml",
    "contracts.excused.add",
    "scoring.ratchet.apply",
    # the stakeholder survey
    "scoring.survey.add",
    "scoring.survey.load",
    # invoices and volume allocation
    "scoring.billing.record_invoice",
    "scoring.billing.set_status",
    "scoring.allocation.set_plan",
    "scoring.allocation.load",
    # escalations
    "workflow.escalations.workflow.raise_escalation",
    "workflow.escalations.workflow.transition",
    "workflow.escalations.workflow.acknowledge",
    "workflow.escalations.workflow.escalate",
    "workflow.escalations.workflow.resolve",
    "workflow.escalations.workflow.close",
    "workflow.escalations.workflow.reopen",
    "workflow.escalations.workflow.apply",
    # meetings, decisions, actions
    "workflow.meetings.create_meeting",
    "workflow.meetings.add_decision",
    "workflow.meetings.add_action_item",
    "workflow.meetings.set_action_status",
    "workflow.meetings.update_meeting",
    "workflow.meetings.update_action_item",
    "workflow.meetings.edit_action_item",
    "workflow.meetings.link_pack",
    # training & KT
    "workflow.training.add_material",
    "workflow.training.release_material",
    "workflow.training.record_kt_session",
    "workflow.training.attest_completion",
    "workflow.training.add_best_practice",
    # compliance
    "workflow.compliance.record_attestation",
    "workflow.compliance.update_attestation",
    # facts and imports ("[other vendor]": the same call for a vendor that is not the partner's)
    "ingest.facts.insert_batch",
    "ingest.batches.rollback",
    "ingest.batches.write_slice",
    "ingest.batches.write_slice[other vendor]",
    "ingest.batches.write_slices",
    "ingest.batches.write_slices[other vendor]",
    "ingest.importer.run",
    "ingest.importer.run[other vendor]",
    "ingest.importer.save_profile",
    "ingest.importer.save_profile[other vendor]",
    "ingest.layouts.save",
    "ingest.layouts.save[other vendor]",
    # published scorecards and the vendor's answers ("[other vendor]": not the partner's own)
    "scoring.published.publish",
    "scoring.disputes.acknowledge",
    "scoring.disputes.acknowledge[other vendor]",
    "scoring.disputes.dispute",
    "scoring.disputes.dispute[other vendor]",
    "scoring.disputes.resolve",
}
ADMIN_ONLY = {
    "access.users.add",
    "access.users.set_role",
    "access.users.remove",
    "demo.loader.load_demo",
}

ALLOWED: dict[str, set[str]] = {
    "admin": GOVERNANCE_WRITES | ADMIN_ONLY,  # everything
    "vendor_manager": set(GOVERNANCE_WRITES),  # every write except users and the demo
    "leadership": set(),  # reads only
    "auditor": set(),  # reads (and the audit log) only
    # Uploads for its own vendor only (facts.upload with require_vendor): the import, the mapping
    # it saves, and the slice writers the import calls. Every "[other vendor]" row stays refused,
    # and so does everything else (rolling back, loading facts directly, governance records).
    "vendor_partner": {
        "ingest.importer.run",
        "ingest.importer.save_profile",
        "ingest.layouts.save",
        "ingest.batches.write_slice",
        "ingest.batches.write_slices",
        # It answers its own vendor's published scorecards, and rules on nothing.
        "scoring.disputes.acknowledge",
        "scoring.disputes.dispute",
    },
}


# --- the database every case starts from ---------------------------------------------------------


@dataclass
class Ctx:
    con: object
    actor: Actor
    ids: dict
    tmp: Path
    prepared: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    name: str
    call: Callable[[Ctx], object]
    prepare: Callable[[Ctx], dict] | None = None  # reads or temp objects, before the snapshot
    empty_db: bool = False  # runs on a new, empty database instead of the demo portfolio


CASES: dict[str, Case] = {}


def case(name: str, *, prepare=None, empty_db: bool = False):
    def register(fn):
        CASES[name] = Case(name, fn, prepare, empty_db)
        return fn

    return register


NORTHWIND_HEADER = (
    "Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT"
)


def northwind_layout_csv(path: Path, days: range, offered: int) -> Path:
    """A small export in Northwind's layout (see demo_exports) for October 2026."""
    lines = [NORTHWIND_HEADER]
    for day in days:
        for site in ("Leeds", "Manila"):
            lines.append(
                f"2026-10-{day:02d},Billing care,{site},Voice,{offered},{offered - 2},2,"
                f"{offered - 10},300"
            )
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, dict]:
    """The demo portfolio plus one record of each kind a service below needs, ids in a dict."""
    work = tmp_path_factory.mktemp("matrix")
    path = work / "template.duckdb"
    ids: dict = {"work": work}
    with db.connect(path) as con:
        demo.load_demo(con, SETUP, end_month=END_MONTH, exports_dir=work / "exports")
        ids["open_escalation"] = escalations.raise_escalation(
            con,
            SETUP,
            vendor="Bluebird BPO",
            category="billing",
            severity="P3",
            title="Invoice lines without a program",
            description="The September invoice lists "
            "hours without the program they were worked for.",
        )
        resolved = escalations.raise_escalation(
            con,
            SETUP,
            vendor="Bluebird BPO",
            category="service_performance",
            severity="P2",
            title="Service level under the minimum",
            description="Billing care voice missed.",
        )
        escalations.resolve(
            con,
            SETUP,
            resolved,
            expected_version=1,
            root_cause="Understaffed late shift",
            resolution="Shift re-planned",
        )
        ids["resolved_escalation"] = resolved
        ids["meeting"] = meetings.create_meeting(
            con,
            SETUP,
            vendor="Bluebird BPO",
            kind="MBR",
            meeting_date=date(2026, 11, 5),
            title="Bluebird MBR: October",
        )
        ids["action"] = meetings.add_action_item(
            con,
            SETUP,
            vendor="Bluebird BPO",
            description="Send the revised staffing plan",
            owner_side="vendor",
            owner="Vendor account manager",
            due_date=date(2026, 11, 30),
        )
        ids["material"] = training.add_material(
            con,
            SETUP,
            title="Billing disputes playbook",
            programs=["Billing care"],
            released_on=date(2026, 6, 1),
        )
        ids["attestation"] = compliance.record_attestation(
            con,
            SETUP,
            vendor="Bluebird BPO",
            kind="PCI DSS",
            issued=date(2026, 1, 15),
            expires=date(2027, 1, 14),
        )
        users.add(con, SETUP, "first.admin@client.example", "admin")
        users.add(con, SETUP, "bob@client.example", "leadership")
        # An import batch to roll back (Crestline: its own slice, no later batch over it).
        crest = northwind_layout_csv(work / "crestline_small.csv", range(1, 4), 40)
        done = importer.run(
            con,
            SETUP,
            crest,
            file_name=crest.name,
            vendor="Crestline Services",
            today=TODAY,
            add_labels=True,  # Leeds and Manila are not Crestline's sites in the demo
        )
        assert done.ok, [e.text() for e in done.errors]
        ids["import_batch"] = done.batch_ids[0]
        ids["contract"] = contracts.contract_id(con, "Northwind Contact")
        # September published for the partner's vendor and another, with a dispute open.
        published.publish(con, SETUP, "2026-09", ["Northwind Contact", "Bluebird BPO"])
        ids["dispute"] = disputes.dispute(
            con, SETUP, "Bluebird BPO", "2026-09", kpi="service_level", reason="Outage"
        )["dispute_id"]
    ids["northwind_file"] = northwind_layout_csv(work / "northwind_small.csv", range(5, 8), 50)
    ids["crestline_file"] = northwind_layout_csv(work / "crestline_more.csv", range(10, 12), 30)
    return path, ids


def snapshot(con) -> dict:
    """Row count and an order-free content checksum of every table, and every sequence's value."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_catalog = current_database() AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
    ]
    counts = " UNION ALL ".join(
        f"SELECT '{t}', count(*), sum(hash(x)::HUGEINT) FROM \"{t}\" x"  # noqa: S608
        for t in tables
    )
    out = {t: (n, h) for t, n, h in con.execute(counts).fetchall()}
    out["sequences"] = con.execute(
        "SELECT sequence_name, last_value FROM duckdb_sequences() "
        "WHERE database_name = current_database() ORDER BY 1"
    ).fetchall()
    return out


def audit_count(con, actor: Actor) -> int:
    return con.execute(
        "SELECT count(*) FROM audit_events WHERE actor = ?", [actor.name]
    ).fetchone()[0]


# --- the cases: one per write service, arguments that succeed for an admin -----------------------


@case("access.vendors.add_vendors")
def _add_vendors(c):
    vendors.add_vendors(c.con, c.actor, ["Matrix Care"])


@case("access.vendors.register")
def _register_vendors(c):
    with transaction(c.con):  # within the caller's transaction, as an import registers them
        vendors.register(c.con, c.actor, ["Matrix Partners"])


@case("access.vendors.update_contacts")
def _update_contacts(c):
    vendors.update_contacts(c.con, c.actor, "Bluebird BPO", account_manager="Account director")


@case("access.vendors.add_site")
def _add_site(c):
    vendors.add_site(c.con, c.actor, "Bluebird BPO", "Durban", "South Africa")


@case("ingest.labels.add")
def _add_labels(c):
    assert labels.add(c.con, c.actor, "Bluebird BPO", "queue", ["Matrix queue"]) == ["Matrix queue"]


@case("ingest.labels.register")
def _register_labels(c):
    vid = vendors.vendor_id(c.con, "Bluebird BPO")
    new = {"vendor_id": vid, "vendor": "Bluebird BPO", "dimension": "queue", "label": "Matrix"}
    labels.register(c.con, c.actor, [new], source="import")


@case("ingest.labels.remove")
def _remove_label(c):
    labels.remove(c.con, c.actor, "Northwind Contact", "site", "Leeds")


@case("contracts.terms.add_program")
def _add_program(c):
    assert contracts.add_program(c.con, c.actor, "Matrix program", "A line of business") is True


def new_contract_spec(name: str) -> dict:
    return {
        "vendor": "Dunmore Digital",
        "name": name,
        "start": date(2026, 11, 1),
        "end": date(2027, 10, 31),
        "pricing": "per_contact",
        "at_risk_pct": 10,
        "service_level": {"over": "offered", "threshold_seconds": 20},
        "programs": ["Collections"],
        "targets": [{"kpi": "service_level", "expected": 0.8, "minimum": 0.75, "weight": 100}],
    }


@case("contracts.terms.create_contract")
def _create_contract(c):
    contracts.create_contract(c.con, c.actor, new_contract_spec("Matrix SOW"))


def _a_changeable_target(c) -> dict:
    """A target of the Northwind contract in force on 2027-01-01 whose expected differs from its
    minimum: setting expected to the minimum is a valid amendment for any KPI direction."""
    when = date(2027, 1, 1)
    shown = contracts.editable_targets(c.con, c.ids["contract"], when)
    row = shown[shown["expected"] != shown["minimum"]].index[0]
    return {"when": when, "shown": shown, "row": row}


@case("contracts.terms.add_amendment", prepare=_a_changeable_target)
def _add_amendment(c):
    t = c.prepared["shown"].loc[c.prepared["row"]]
    change = {"kpi": t["kpi"], "expected": float(t["minimum"])}
    for key in ("program", "channel"):
        if isinstance(t[key], str):
            change[key] = t[key]
    contracts.add_amendment(
        c.con,
        c.actor,
        c.ids["contract"],
        effective_from=c.prepared["when"],
        reason="Volume mix changed",
        approved_by="VMO lead",
        targets=[change],
    )


@case("contracts.editor.amend_from_table", prepare=_a_changeable_target)
def _amend_from_table(c):
    shown = c.prepared["shown"]
    edited = shown.copy()
    edited.loc[c.prepared["row"], "expected"] = edited.loc[c.prepared["row"], "minimum"]
    contracts.amend_from_table(
        c.con,
        c.actor,
        c.ids["contract"],
        shown,
        edited,
        effective_from=c.prepared["when"],
        reason="Volume mix changed",
        approved_by="VMO lead",
    )


@case("contracts.editor.amend_from_editor", prepare=_a_changeable_target)
def _amend_from_editor(c):
    shown = contracts.target_table(c.prepared["shown"])
    edited = shown.copy()
    edited.loc[c.prepared["row"], "Expected"] = edited.loc[c.prepared["row"], "Worse limit"]
    contracts.amend_from_editor(
        c.con,
        c.actor,
        c.ids["contract"],
        shown,
        edited,
        effective_from=c.prepared["when"],
        reason="Volume mix changed",
        approved_by="VMO lead",
    )


@case("contracts.form.create_from_form")
def _create_from_form(c):
    terms = {
        "vendor": "Dunmore Digital",
        "name": "Matrix SOW from the form",
        "start": date(2026, 11, 1),
        "pricing": "per_contact",
    }
    line = {"kpi": "Service level", "expected": 80.0, "limit": 75.0, "weight": 100.0}
    contracts.create_from_form(c.con, c.actor, terms, [line])


@case("contracts.terms.load_toml")
def _load_toml(c):
    import tomli_w

    text = tomli_w.dumps({"contract": [new_contract_spec("Matrix SOW from a file")]})
    [result] = contracts.load_toml(c.con, c.actor, text)
    assert result["result"] == "created"


@case("workflow.escalations.workflow.raise_escalation")
def _raise(c):
    escalations.raise_escalation(
        c.con,
        c.actor,
        vendor="Crestline Services",
        category="relationship",
        severity="P4",
        title="Late MBR pack",
        description="The October MBR pack arrived a day late.",
    )


@case("workflow.escalations.workflow.transition")
def _transition(c):
    escalations.transition(
        c.con, c.actor, c.ids["open_escalation"], to_status="acknowledged", expected_version=1
    )


@case("workflow.escalations.workflow.acknowledge")
def _acknowledge(c):
    escalations.acknowledge(c.con, c.actor, c.ids["open_escalation"], expected_version=1)


@case("workflow.escalations.workflow.escalate")
def _escalate(c):
    escalations.escalate(
        c.con, c.actor, c.ids["open_escalation"], expected_version=1, note="No answer at L1"
    )


@case("workflow.escalations.workflow.resolve")
def _resolve(c):
    escalations.resolve(
        c.con,
        c.actor,
        c.ids["open_escalation"],
        expected_version=1,
        root_cause="Mapping gap",
        resolution="Program added to invoice lines",
    )


@case("workflow.escalations.workflow.close")
def _close(c):
    escalations.close(c.con, c.actor, c.ids["resolved_escalation"], expected_version=2)


@case("workflow.escalations.workflow.reopen")
def _reopen(c):
    escalations.reopen(
        c.con,
        c.actor,
        c.ids["resolved_escalation"],
        expected_version=2,
        note="Missed again in the following week",
    )


@case("workflow.escalations.workflow.apply")
def _apply(c):
    escalations.apply(c.con, c.actor, c.ids["open_escalation"], "acknowledge", expected_version=1)


@case("workflow.meetings.create_meeting")
def _create_meeting(c):
    meetings.create_meeting(
        c.con,
        c.actor,
        vendor="Crestline Services",
        kind="QBR",
        meeting_date=date(2026, 12, 3),
        title="Crestline QBR: Q4",
    )


@case("workflow.meetings.add_decision")
def _add_decision(c):
    meetings.add_decision(c.con, c.actor, c.ids["meeting"], "Adopt the revised forecast method")


@case("workflow.meetings.add_action_item")
def _add_action_item(c):
    meetings.add_action_item(
        c.con,
        c.actor,
        vendor="Crestline Services",
        description="Share the Q4 capacity plan",
        owner_side="vendor",
        owner="Vendor operations director",
        due_date=date(2026, 12, 15),
    )


@case("workflow.meetings.set_action_status")
def _set_action_status(c):
    meetings.set_action_status(c.con, c.actor, c.ids["action"], "in_progress", expected_version=1)


@case("workflow.meetings.update_meeting")
def _update_meeting(c):
    meetings.update_meeting(
        c.con,
        c.actor,
        c.ids["meeting"],
        expected_version=1,
        meeting_date=date(2026, 11, 6),
        title="Bluebird MBR: October",
        minutes="Service level back above expected.",
    )


@case("workflow.meetings.update_action_item")
def _update_action_item(c):
    meetings.update_action_item(
        c.con,
        c.actor,
        c.ids["action"],
        expected_version=1,
        description="Send the revised staffing plan for December",
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 12, 5),
    )


@case("workflow.meetings.edit_action_item")
def _edit_action_item(c):
    meetings.edit_action_item(
        c.con,
        c.actor,
        c.ids["action"],
        expected_version=1,
        details_changed=True,
        description="Send the revised staffing plan for December",
        owner_side="vendor",
        owner="Vendor account manager",
        due_date=date(2026, 12, 5),
        status="in_progress",
    )


@case("workflow.meetings.link_pack")
def _link_pack(c):
    meetings.link_pack(c.con, c.actor, c.ids["meeting"], "bluebird-mbr-2026-10.xlsx")


@case("workflow.training.add_material")
def _add_material(c):
    training.add_material(
        c.con,
        c.actor,
        title="Collections call flow",
        programs=["Collections"],
        released_on=date(2026, 9, 1),
    )


@case("workflow.training.release_material")
def _release_material(c):
    training.release_material(
        c.con,
        c.actor,
        c.ids["material"],
        expected_version=1,
        released_on=date(2026, 10, 1),
        notes="New refund rules",
    )


@case("workflow.training.record_kt_session")
def _record_kt_session(c):
    training.record_kt_session(
        c.con,
        c.actor,
        vendor="Bluebird BPO",
        session_date=date(2026, 10, 8),
        topic="Refund rules",
        vendor_attendees=14,
        material_id=c.ids["material"],
    )


@case("workflow.training.attest_completion")
def _attest_completion(c):
    training.attest_completion(
        c.con,
        c.actor,
        vendor="Bluebird BPO",
        program="Billing care",
        month=date(2026, 10, 1),
        trained=40,
        assigned=45,
    )


@case("workflow.training.add_best_practice")
def _add_best_practice(c):
    training.add_best_practice(
        c.con,
        c.actor,
        title="Callback windows",
        body="Offer a callback window when the queue passes 5 minutes.",
    )


@case("workflow.compliance.record_attestation")
def _record_attestation(c):
    compliance.record_attestation(
        c.con,
        c.actor,
        vendor="Crestline Services",
        kind="ISO 27001",
        issued=date(2026, 3, 1),
        expires=date(2029, 2, 28),
    )


@case("workflow.compliance.update_attestation")
def _update_attestation(c):
    compliance.update_attestation(
        c.con,
        c.actor,
        c.ids["attestation"],
        expected_version=1,
        issued=date(2026, 1, 15),
        expires=date(2027, 1, 14),
        evidence_ref="AOC-2026.pdf",
    )


@case("ingest.facts.insert_batch")
def _insert_batch(c):
    import pandas as pd

    frame = pd.DataFrame(
        [
            {
                "date": date(2026, 10, 1),
                "program": "Matrix program",
                "channel": "voice",
                "offered": 10.0,
                "answered": 9.0,
            }
        ]
    )
    facts.insert_batch(
        c.con,
        c.actor,
        vendor="Bluebird BPO",
        frame=frame,
        file_name="matrix feed",
        content_hash=facts.frame_hash(frame),
    )


def _vendor_id(con, name: str) -> int:
    return con.execute("SELECT vendor_id FROM vendors WHERE name = ?", [name]).fetchone()[0]


def _slice_source(vendor: str, shift: str = "0 days"):
    """Prepare a TEMP table of the vendor's facts for 1-2 October 2026 (moved back by ``shift``),
    in the shape the importer's staging hands to the slice writers, with one more call offered."""

    def prepare(c) -> dict:
        vid = _vendor_id(c.con, vendor)
        c.con.execute(
            "CREATE TEMP TABLE matrix_slice AS SELECT vendor_id, program, site, channel, language, "
            "queue, CAST(date - CAST(? AS INTERVAL) AS DATE) AS date, grain, offered + 1 AS offered "
            "FROM kpi_facts WHERE vendor_id = ? AND date BETWEEN DATE '2026-10-01' AND DATE '2026-10-02'",
            [shift, vid],
        )
        first, last = c.con.execute("SELECT min(date), max(date) FROM matrix_slice").fetchone()
        return {"vendor_id": vid, "vendor": vendor, "from": first, "to": last}

    return prepare


def _write_slice(c):
    p = c.prepared
    with db.transaction(c.con):
        batches.write_slice(
            c.con,
            c.actor,
            vendor_id=p["vendor_id"],
            vendor=p["vendor"],
            source_table="matrix_slice",
            components=["offered"],
            grain="day",
            period_from=p["from"],
            period_to=p["to"],
            batch={"file_name": "matrix slice", "content_hash": "matrix-slice-1"},
        )


def _write_slices(c):
    p = c.prepared
    with db.transaction(c.con):
        batches.write_slices(
            c.con,
            c.actor,
            [
                {
                    "vendor_id": p["vendor_id"],
                    "vendor": p["vendor"],
                    "from": p["from"],
                    "to": p["to"],
                }
            ],
            source_table="matrix_slice",
            components=["offered"],
            grain="day",
            batch={"file_name": "matrix slices", "content_hash": "matrix-slices-1"},
        )


# A slice that holds facts already (restated by write_slice) ...
case("ingest.batches.write_slice", prepare=_slice_source(PARTNER_VENDOR))(_write_slice)
case("ingest.batches.write_slice[other vendor]", prepare=_slice_source("Bluebird BPO"))(
    _write_slice
)
# ... and a new period two years before the demo's data (write_slices' shared path for slices
# that hold nothing yet).
case("ingest.batches.write_slices", prepare=_slice_source(PARTNER_VENDOR, "2 years"))(_write_slices)
case("ingest.batches.write_slices[other vendor]", prepare=_slice_source("Bluebird BPO", "2 years"))(
    _write_slices
)


@case("ingest.batches.rollback")
def _rollback(c):
    batches.rollback(c.con, c.actor, c.ids["import_batch"])


def _imported(result) -> None:
    assert result.ok and result.status in ("loaded", "restated"), [e.text() for e in result.errors]


@case("ingest.importer.run")
def _import_own_vendor(c):
    # The vendor partner's own vendor (PARTNER_VENDOR).
    f = c.ids["northwind_file"]
    _imported(importer.run(c.con, c.actor, f, file_name=f.name, vendor=PARTNER_VENDOR, today=TODAY))


@case("ingest.importer.run[other vendor]")
def _import_other_vendor(c):
    f = c.ids["crestline_file"]
    _imported(
        importer.run(c.con, c.actor, f, file_name=f.name, vendor="Crestline Services", today=TODAY)
    )


@case("ingest.importer.save_profile")
def _save_profile(c):
    prof, _unplaced = suggest.from_headers(NORTHWIND_HEADER.split(","))
    version = importer.stored_profile_version(c.con, PARTNER_VENDOR)
    importer.save_profile(c.con, c.actor, PARTNER_VENDOR, prof, expected_version=version)


@case("ingest.importer.save_profile[other vendor]")
def _save_other_profile(c):
    prof, _unplaced = suggest.from_headers(NORTHWIND_HEADER.split(","))
    version = importer.stored_profile_version(c.con, "Bluebird BPO")
    importer.save_profile(c.con, c.actor, "Bluebird BPO", prof, expected_version=version)


@case("ingest.layouts.save")
def _save_layout(c):
    prof, _unplaced = suggest.from_headers(NORTHWIND_HEADER.split(","))
    version = layouts.version_of(c.con, "Northwind daily")
    layouts.save(
        c.con, c.actor, "Northwind daily", prof, expected_version=version, vendor=PARTNER_VENDOR
    )


@case("ingest.layouts.save[other vendor]")
def _save_other_layout(c):
    prof, _unplaced = suggest.from_headers(NORTHWIND_HEADER.split(","))
    version = layouts.version_of(c.con, "Bluebird daily")
    layouts.save(
        c.con, c.actor, "Bluebird daily", prof, expected_version=version, vendor="Bluebird BPO"
    )


@case("contracts.excused.add")
def _add_excused(c):
    excused.add(
        c.con,
        c.actor,
        vendor="Bluebird BPO",
        date_from=date(2026, 10, 14),
        date_to=date(2026, 10, 16),
        kind="client_outage",
        reason="Client IVR outage",
        approved_by="VMO lead",
    )


@case("scoring.survey.add")
def _add_survey_answer(c):
    survey.add(
        c.con,
        c.actor,
        vendor="Bluebird BPO",
        quarter="2026Q4",
        role="Operations",
        ratings={"responsiveness": 4, "partnership": 3},
        comment="Reports arrive on time",
        today=TODAY,
    )


@case("scoring.survey.load")
def _load_survey(c):
    rows = [
        {"row": n, "role": "Finance", "ratings": {"reporting": 3}, "comment": None}
        for n in (2, 3, 4)
    ]
    survey.load(
        c.con, c.actor, rows, source="q.csv", vendor="Bluebird BPO", quarter="2025Q4", today=TODAY
    )


INVOICE_LINES = [{"unit": "handled_minute", "units": "1200", "amount": "1080.00"}]


@case("scoring.billing.record_invoice")
def _record_invoice(c):
    billing.record_invoice(
        c.con,
        c.actor,
        vendor="Bluebird BPO",
        month="2026-10",
        invoice_no="BB-1",
        lines=INVOICE_LINES,
    )


def _an_invoice(c) -> dict:
    billing.record_invoice(
        c.con, SETUP, vendor="Bluebird BPO", month="2026-10", invoice_no="BB-2", lines=INVOICE_LINES
    )
    return {}


@case("scoring.billing.set_status", prepare=_an_invoice)
def _invoice_status(c):
    billing.set_status(c.con, c.actor, vendor="Bluebird BPO", invoice_no="BB-2", status="approved")


@case("scoring.allocation.set_plan")
def _set_plan(c):
    allocation.set_plan(
        c.con,
        c.actor,
        program="Billing care",
        month="2026-10",
        forecast=100000,
        shares={"Bluebird BPO": 70, "Northwind Contact": 30},
    )


@case("scoring.allocation.load")
def _load_plan(c):
    rows = [
        {"row": 2, "program": "Billing care", "month": "2026-10", "vendor": "Bluebird BPO"}
        | {"share": "100", "forecast": "90000"}
    ]
    allocation.load(c.con, c.actor, rows, source="plan.csv")


def _a_ratchet(c) -> dict:
    return {"found": ratchet.propose(c.con, "Crestline Services", 2027)}


@case("scoring.ratchet.apply", prepare=_a_ratchet)
def _apply_ratchet(c):
    ratchet.apply(c.con, c.actor, c.prepared["found"], approved_by="VMO lead")


@case("scoring.published.publish")
def _publish(c):
    published.publish(c.con, c.actor, "2026-10", ["Northwind Contact"])


@case("scoring.disputes.acknowledge")
def _acknowledge(c):
    disputes.acknowledge(c.con, c.actor, "Northwind Contact", "2026-09", "Seen")


@case("scoring.disputes.acknowledge[other vendor]")
def _acknowledge_other(c):
    disputes.acknowledge(c.con, c.actor, "Bluebird BPO", "2026-09", "Seen")


@case("scoring.disputes.dispute")
def _dispute(c):
    disputes.dispute(
        c.con, c.actor, "Northwind Contact", "2026-09", kpi="service_level", reason="Outage"
    )


@case("scoring.disputes.dispute[other vendor]")
def _dispute_other(c):
    disputes.dispute(c.con, c.actor, "Bluebird BPO", "2026-09", kpi="csat", reason="Survey")


@case("scoring.disputes.resolve")
def _resolve_dispute(c):
    disputes.resolve(c.con, c.actor, c.ids["dispute"], outcome="rejected", reason="Counts hold")


@case("access.users.add")
def _users_add(c):
    users.add(c.con, c.actor, "new.auditor@client.example", "auditor")


@case("access.users.set_role")
def _users_set_role(c):
    users.set_role(c.con, c.actor, "bob@client.example", "auditor", expected_version=1)


@case("access.users.remove")
def _users_remove(c):
    users.remove(c.con, c.actor, "bob@client.example", expected_version=1)


@case("demo.loader.load_demo", empty_db=True)
def _load_demo(c):
    demo.load_demo(c.con, c.actor, end_month=END_MONTH, exports_dir=c.tmp / "demo_exports")


# --- the tests ----------------------------------------------------------------------------------

MATRIX = [(role, name) for role in ROLES for name in sorted(CASES)]


def test_the_policy_table_covers_every_role_and_only_known_services():
    assert set(ALLOWED) == set(ROLES) == set(ACTORS)
    assert set().union(*ALLOWED.values()) <= set(CASES)
    assert ALLOWED["admin"] == set(CASES)  # an admin may do everything


@pytest.mark.parametrize(("role", "service"), MATRIX, ids=[f"{r}-{s}" for r, s in MATRIX])
def test_role_x_write_service(role, service, template, tmp_path):
    case_ = CASES[service]
    actor = ACTORS[role]
    path = tmp_path / "matrix.duckdb"
    template_path, ids = template
    if not case_.empty_db:
        shutil.copy(template_path, path)
    with db.connect(path) as con:
        ctx = Ctx(con, actor, ids, tmp_path)
        if case_.prepare is not None:
            ctx.prepared = case_.prepare(ctx)
        before = snapshot(con)
        events_before = audit_count(con, actor)
        if service in ALLOWED[role]:
            case_.call(ctx)
            assert snapshot(con) != before, f"{role} {service} succeeded but changed nothing"
            assert audit_count(con, actor) > events_before, f"{service} wrote no audit event"
        else:
            with pytest.raises(PermissionDenied):
                case_.call(ctx)
            assert audit_count(con, actor) == events_before
            assert snapshot(con) == before
            if case_.empty_db:
                assert not (tmp_path / "demo_exports").exists()
    # The outcome is on disk, not only in this connection.
    with db.connect(path) as con:
        assert (snapshot(con) == before) is (service not in ALLOWED[role])


def _module_functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _required_permissions(fn: ast.FunctionDef) -> set[str]:
    """The permissions ``fn`` passes to ``require(...)`` ("?" when not a literal)."""
    found = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            callee = node.func
            name = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", None)
            if name == "require" and len(node.args) >= 2:
                arg = node.args[1]
                found.add(arg.value if isinstance(arg, ast.Constant) else "?")
    return found


def _local_calls(fn: ast.FunctionDef) -> set[str]:
    return {
        n.func.id for n in ast.walk(fn) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }


def write_services() -> set[str]:
    """Every public ``module.function`` under src/governance that requires a write permission,
    directly or through another function of its module that does (escalations.acknowledge)."""
    found = set()
    for source in sorted(SRC.rglob("*.py")):
        module = ".".join(source.relative_to(SRC).with_suffix("").parts)
        functions = _module_functions(ast.parse(source.read_text(encoding="utf-8")))
        guarded = {
            name for name, fn in functions.items() if _required_permissions(fn) - READ_PERMISSIONS
        }
        changed = True
        while changed:  # close over calls within the module
            more = {name for name, fn in functions.items() if _local_calls(fn) & guarded}
            changed = not more <= guarded
            guarded |= more
        found |= {f"{module}.{name}" for name in guarded if not name.startswith("_")}
    return found


def test_every_write_service_has_a_row():
    services = write_services()
    # the discovery sees through the wrappers
    assert "workflow.escalations.workflow.acknowledge" in services
    rows = {name.split("[")[0] for name in CASES}
    missing = sorted(services - rows)
    assert not missing, f"write services without a row in the role matrix: {missing}"
    stale = sorted(rows - services)
    assert not stale, f"matrix rows for functions that are not write services: {stale}"
