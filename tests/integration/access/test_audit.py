"""The audit log: filtered reads, before/after side by side, a formula-safe CSV, append-only."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from governance import spreadsheet
from governance.access import audit, vendors
from governance.access.actors import Actor
from governance.errors import InvalidInput, PermissionDenied
from governance.workflow import escalations

SRC = Path(audit.__file__).resolve().parents[1]  # the whole governance package


@pytest.fixture
def logged(con, admin, manager):
    """Two vendors added by the admin, contacts set and an escalation raised by the manager."""
    vendors.add_vendors(con, admin, ["Alpha Care", "Beacon Support"])
    vendors.update_contacts(con, manager, "Alpha Care", account_manager="Vendor account lead")
    escalations.raise_escalation(
        con,
        manager,
        vendor="Beacon Support",
        category="billing",
        severity="P3",
        title="Invoice mismatch",
        description="October invoice does not match the volumes.",
    )
    return con


def test_events_are_newest_first_and_filter_by_who_what_and_record(logged, admin, manager):
    every = audit.events(logged, actor=admin)
    assert every["action"].tolist()[:2] == ["escalation.raise", "vendor.update"]
    assert list(every["event_id"]) == sorted(every["event_id"], reverse=True)
    assert len(every) == 4

    assert set(audit.events(logged, who=admin.name, actor=admin)["action"]) == {"vendor.add"}
    assert len(audit.events(logged, who=manager.name, actor=admin)) == 2
    raised = audit.events(logged, action="escalation.raise", actor=admin)
    assert list(raised["entity"]) == ["escalation"]
    one = audit.events(logged, entity="vendor", entity_id="1", actor=admin)
    assert len(one) == 2 and set(one["entity_id"]) == {"1"}
    assert audit.events(logged, entity="vendor", entity_id=1, actor=admin)[
        "entity_id"
    ].tolist() == ["1", "1"]
    assert audit.events(logged, who="nobody@client.example", actor=admin).empty
    assert len(audit.events(logged, limit=1, actor=admin)) == 1


def test_events_filter_by_inclusive_date_range(logged, manager, admin):
    logged.execute(
        "INSERT INTO audit_events (occurred_at, actor, role, action, entity, entity_id) "
        "VALUES (?, 'old@client.example', 'admin', 'vendor.add', 'vendor', '9')",
        [datetime(2025, 3, 31, 23, 59, 59)],
    )
    day = date(2025, 3, 31)
    assert audit.events(logged, date_from=day, date_to=day, actor=admin)["actor"].tolist() == [
        "old@client.example"
    ]
    assert audit.events(logged, date_to=date(2025, 3, 30), actor=admin).empty
    assert len(audit.events(logged, date_from="2025-04-01", actor=admin)) == 4
    with pytest.raises(InvalidInput, match="reversed"):
        audit.events(logged, date_from=date(2026, 1, 2), date_to=date(2026, 1, 1), actor=admin)
    with pytest.raises(InvalidInput, match="not a date"):
        audit.events(logged, date_from="last tuesday", actor=admin)


def test_reading_the_log_is_for_auditors_and_admins(logged, auditor, admin, leader, manager):
    assert len(audit.events(logged, actor=auditor)) == 4
    assert len(audit.events(logged, actor=admin)) == 4
    for refused in (leader, manager):
        with pytest.raises(PermissionDenied):
            audit.events(logged, actor=refused)
    with pytest.raises(TypeError, match="actor"):  # no default that reads everything
        audit.events(logged)  # type: ignore[call-arg]


def test_filter_values_are_bound_not_spliced(logged, admin):
    assert audit.events(logged, who="x' OR '1'='1", actor=admin).empty
    assert audit.events(logged, entity_id="1; DROP TABLE audit_events; --", actor=admin).empty
    assert len(audit.events(logged, actor=admin)) == 4


def test_diff_shows_each_field_before_and_after(logged, admin):
    event = audit.events(logged, action="vendor.update", actor=admin).iloc[0]
    table = audit.diff(event["before"], event["after"])
    assert list(table.columns) == ["field", "before", "after", "changed"]
    rows = table.set_index("field")
    assert rows.loc["account_manager", "before"] == ""
    assert rows.loc["account_manager", "after"] == "Vendor account lead"
    assert bool(rows.loc["account_manager", "changed"]) is True
    assert bool(rows.loc["name", "changed"]) is False
    assert rows.loc["name", "before"] == rows.loc["name", "after"] == "Alpha Care"


def test_diff_of_a_creation_and_of_odd_payloads():
    created = audit.diff(None, '{"b": 2, "a": "x", "n": {"k": [1]}}')
    assert created["field"].tolist() == ["b", "a", "n"]
    assert created["before"].tolist() == ["", "", ""]
    assert created["after"].tolist() == ["2", "x", '{"k": [1]}']
    assert created["changed"].all()
    removed = audit.diff('{"a": 1}', None)
    assert removed.to_dict("records") == [
        {"field": "a", "before": "1", "after": "", "changed": True}
    ]
    assert audit.diff(None, None).empty
    assert audit.diff("not json", '"text"')["field"].tolist() == ["value"]


def test_csv_export_is_formula_safe_and_round_trips(logged, admin):
    hostile = Actor('=HYPERLINK("http://example.invalid")', "admin")
    vendors.add_vendors(logged, hostile, ["@SUM(A1)", "+1", "-2", "\tTab", "\rCR", "Plain"])
    frame = audit.events(logged, actor=admin)
    text = audit.to_csv(frame)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(frame)
    assert list(rows[0]) == list(frame.columns)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert {r["actor"] for r in rows} >= {'\'=HYPERLINK("http://example.invalid")'}
    # The JSON payloads start with "{" and come back intact.
    plain = next(r for r in rows if r["action"] == "vendor.add" and '"Plain"' in r["after"])
    assert plain["before"] == ""
    assert re.match(r"\d{4}-\d\d-\d\dT", plain["occurred_at"])
    assert spreadsheet.safe_text(-3) == -3 and spreadsheet.safe_text("-3") == "'-3"


# --- append-only ---------------------------------------------------------------------------------

_WRITES = re.compile(
    r"\b(UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?|DROP\s+TABLE(\s+IF\s+EXISTS)?|ALTER\s+TABLE"
    r"(\s+IF\s+EXISTS)?|INSERT\s+OR\s+REPLACE\s+INTO|REPLACE\s+INTO)\s+[\"']?(main\.)?audit_events\b",
    re.IGNORECASE,
)


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*") if p.suffix in (".py", ".sql"))


def test_no_module_updates_or_deletes_audit_events():
    offenders = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for match in _WRITES.finditer(text):
            offenders.append(f"{path.relative_to(SRC)}: {match.group(0)}")
    assert not offenders, "audit_events is append-only:\n" + "\n".join(offenders)
    assert len(_sources()) > 20  # the scan saw the package


def test_the_scan_would_catch_an_update_or_delete():
    for sql in (
        "UPDATE audit_events SET actor = ?",
        "delete from audit_events where 1=1",
        'DELETE FROM "audit_events"',
        "TRUNCATE audit_events",
        "DROP TABLE IF EXISTS main.audit_events",
        "ALTER TABLE audit_events ADD x INT",
    ):
        assert _WRITES.search(sql), sql
    assert not _WRITES.search("INSERT INTO audit_events (actor) VALUES (?)")


def test_audit_module_exposes_no_way_to_change_events():
    public = {n for n in dir(audit) if not n.startswith("_") and callable(getattr(audit, n))}
    forbidden = re.compile(r"update|delete|remove|purge|truncate|clear|edit|erase|drop|amend")
    assert not {n for n in public if forbidden.search(n)}
    source = Path(audit.__file__).read_text(encoding="utf-8")
    assert not re.search(r"\b(UPDATE|DELETE)\b", source)
    # The log's one writer: a single INSERT, in the store, called only by ``audit.record`` (one
    # event) and ``audit.record_many`` (many at once).
    texts = {str(p.relative_to(SRC)): p.read_text(encoding="utf-8") for p in _sources()}
    inserts = {name: t.count("INSERT INTO audit_events") for name, t in texts.items()}
    assert {name: n for name, n in inserts.items() if n} == {"store/accounts.py": 1}
    callers = {name: t.count("insert_audit_event(") for name, t in texts.items()}
    assert {name: n for name, n in callers.items() if n} == {
        "store/accounts.py": 1,  # its definition
        "access/audit.py": 1,  # in record
    }
    batched = {name: t.count("insert_audit_events(") for name, t in texts.items()}
    assert {name: n for name, n in batched.items() if n} == {
        "store/accounts.py": 2,  # its definition, and the one-event writer
        "access/audit.py": 1,  # in record_many
    }
