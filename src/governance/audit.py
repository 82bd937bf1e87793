"""The append-only audit log: every write records who, when, what, before and after."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import duckdb

from governance.actors import Actor


def _default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def to_json(value) -> str | None:
    """A stable JSON text of a record (None stays None)."""
    if value is None:
        return None
    return json.dumps(value, default=_default, sort_keys=True, ensure_ascii=False)


def now() -> datetime:
    """The current UTC time without a zone, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def record(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object = None,
    before: object = None,
    after: object = None,
) -> None:
    """Append one audit event. Call inside the service's transaction so both land or neither."""
    con.execute(
        "INSERT INTO audit_events (occurred_at, actor, role, action, entity, entity_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [now(), actor.name, actor.role, action, entity,
         None if entity_id is None else str(entity_id), to_json(before), to_json(after)],
    )  # fmt: skip
