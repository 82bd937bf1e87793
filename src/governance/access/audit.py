"""The append-only audit log: every write records who, when, what, before and after.

``record`` is the only writer (it appends one row, through ``store.accounts.insert_audit_event``,
inside the service's transaction); nothing here, in the store or in any service changes or
removes an audit event (tests/integration/access/test_audit.py greps for it).
``events`` reads the log with filters, ``diff`` lays an event's before and after side by side,
field by field, and ``to_csv`` exports events safely for a spreadsheet.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import duckdb
import pandas as pd

from governance import spreadsheet
from governance.access import records
from governance.access.actors import Actor, require
from governance.errors import InvalidInput
from governance.store import accounts, queries

DEFAULT_LIMIT = 1000
MAX_LIMIT = 100_000
DIFF_COLUMNS = ["field", "before", "after", "changed"]


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
    accounts.insert_audit_event(
        con,
        occurred_at=now(),
        actor=actor.name,
        role=actor.role,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=to_json(before),
        after=to_json(after),
    )


def record_many(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    action: str,
    entity: str,
    events: Iterable[tuple[object, object, object]],
) -> None:
    """Append one audit event per (entity_id, before, after) in ``events``, all by ``actor`` with
    one ``action`` on one kind of ``entity``, in one statement per few hundred: what ``record``
    writes, for a service that changes many records at once (an import registering its labels).
    Call inside the service's transaction."""
    at = now()
    rows = [
        (
            at,
            actor.name,
            actor.role,
            action,
            entity,
            None if entity_id is None else str(entity_id),
            to_json(before),
            to_json(after),
        )
        for entity_id, before, after in events
    ]
    if rows:
        accounts.insert_audit_events(con, rows)


def events(
    con: duckdb.DuckDBPyConnection,
    who: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    entity_id: object = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = DEFAULT_LIMIT,
    *,
    actor: Actor,
) -> pd.DataFrame:
    """Audit events matching every filter given, newest first, at most ``limit`` of them.

    ``actor`` is who reads: the role must be allowed to read the log (``PermissionDenied``
    otherwise; there is no default that reads everything). ``who`` is the acting user of the
    events, ``action`` e.g. "escalation.raise", ``entity`` and ``entity_id`` the record;
    ``date_from`` and ``date_to`` are inclusive days (UTC). ``InvalidInput`` for a reversed date
    range or a limit outside 1..100000.
    """
    require(actor, "audit.read")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"The number of events to show is 1 to {MAX_LIMIT}, not {limit!r}.")
    start = _day(date_from, "The first day")
    end = _day(date_to, "The last day")
    if start and end and start > end:
        raise InvalidInput(f"The date range is reversed: {start} is after {end}.")
    return queries.audit_events_filtered(
        con,
        who=_blank_none(who),
        action=_blank_none(action),
        entity=_blank_none(entity),
        entity_id=_blank_none(entity_id),
        since=datetime.combine(start, datetime.min.time()) if start else None,
        before=datetime.combine(end + timedelta(days=1), datetime.min.time()) if end else None,
        limit=limit,
    )


def diff(before_json: str | None, after_json: str | None) -> pd.DataFrame:
    """An event's before and after, field by field: columns field, before, after, changed.

    Fields keep the record's order (before's fields, then fields only in after). Values are
    shown as text: strings as written, other values as JSON, a missing or null value as "".
    A payload that is not a JSON object is shown as one field, "value".
    """
    old, new = _fields(before_json), _fields(after_json)
    names = list(old) + [k for k in new if k not in old]
    rows = [
        {
            "field": name,
            "before": _shown(old.get(name)),
            "after": _shown(new.get(name)),
            "changed": old.get(name) != new.get(name),
        }
        for name in names
    ]
    return pd.DataFrame(rows, columns=DIFF_COLUMNS).astype({"changed": bool})


def to_csv(frame: pd.DataFrame) -> str:
    """The events (any frame) as CSV text, safe to open in a spreadsheet (``spreadsheet.to_csv``:
    no cell can become a formula); timestamps are written as ISO text; missing values are empty.
    """
    return spreadsheet.to_csv(frame.apply(lambda column: column.map(_cell)))


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.isoformat()
    return value


def _blank_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _day(value: object, what: str) -> date | None:
    return None if value is None or value == "" else records.day(value, what)


def _fields(payload: str | None) -> dict:
    if payload is None or (not isinstance(payload, str) and pd.isna(payload)):
        return {}
    try:
        value = json.loads(payload)
    except (TypeError, ValueError):
        return {"value": payload}
    if value is None:
        return {}
    return value if isinstance(value, dict) else {"value": value}


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
