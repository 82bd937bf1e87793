"""Excused events: days the vendor is not measured on, for the KPIs its contract lets them excuse.

A vendor manager records an event (a client-caused outage, force majeure, a holiday the contract
excludes, or another reason) for a vendor, optionally one program, site or channel, over a date
range, with a reason and who approved it (``add``). The facts of the days it covers are left out
of the measurement of the contract's excusable KPIs (``excused_kpis`` in the contracts file;
service level, abandonment and speed of answer when it names none): not counted as zero, not
counted at all. Scorecard lines of those KPIs say how many days were excused and by which event
(``words``); the other KPIs are measured on every day.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta

import duckdb

from governance.access import audit, records, vendors
from governance.access.actors import Actor, require
from governance.contracts.spec import EXCUSABLE_DEFAULT
from governance.errors import InvalidInput
from governance.kpis.catalogue import CHANNELS
from governance.store import excused_rows, queries
from governance.store.db import transaction
from governance.wording.gate import require_acknowledged

KINDS = {
    "client_outage": "client-caused outage",
    "force_majeure": "force majeure",
    "holiday": "holiday the contract excludes",
    "other": "other",
}
MAX_DAYS = 366


def excusable(contract: dict) -> tuple[str, ...]:
    """The KPIs an excused event may excuse under ``contract`` (a contract row)."""
    named = contract.get("excused_kpis")
    if named:
        return tuple(json.loads(named) if isinstance(named, str) else named)
    return EXCUSABLE_DEFAULT


def add(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    date_from: date,
    date_to: date,
    kind: str,
    reason: str,
    approved_by: str,
    program: str | None = None,
    site: str | None = None,
    channel: str | None = None,
    acknowledged: dict | None = None,
) -> dict:
    """Record an excused event; returns it. Raises ``PermissionDenied``, ``NotFound`` (vendor)
    or ``InvalidInput`` (dates, kind, channel, an empty reason or approver, unacknowledged
    wording); nothing is written then."""
    require(actor, "contracts.write")
    first = records.day(date_from, "The first excused day")
    last = records.day(date_to, "The last excused day")
    if last < first:
        raise InvalidInput(f"The last excused day, {last}, is before the first, {first}.")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(f"An excused event covers at most {MAX_DAYS} days.")
    if kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not a kind of excused event; use {', '.join(KINDS)}.")
    if channel is not None and channel not in CHANNELS:
        raise InvalidInput(f"'{channel}' is not a channel; use one of {', '.join(CHANNELS)}.")
    reason = records.required_text(reason, "The reason")
    approved_by = records.required_text(approved_by, "Who approved it")
    program = records.optional_text(program, "The program")
    site = records.optional_text(site, "The site")
    ack = require_acknowledged(
        {"reason": reason}, acknowledged, not_people=queries.wording_known_names(con)
    )
    with transaction(con):
        vendor_id = vendors.vendor_id(con, vendor)
        event_id = excused_rows.insert(
            con,
            vendor_id=vendor_id,
            program=program,
            site=site,
            channel=channel,
            date_from=first,
            date_to=last,
            kind=kind,
            reason=reason,
            approved_by=approved_by,
            recorded_by=actor.name,
            recorded_at=audit.now(),
        )
        [after] = [
            e for e in excused_rows.events(con, vendor_id=vendor_id) if e["event_id"] == event_id
        ]
        audit.record(
            con,
            actor,
            "excused_event.add",
            "excused_event",
            event_id,
            None,
            records.with_acknowledgement(after, ack),
        )
    return after


def listing(
    con: duckdb.DuckDBPyConnection,
    vendor: str | None = None,
    first: date | None = None,
    last: date | None = None,
) -> list[dict]:
    """Excused events (of ``vendor``; overlapping ``first``…``last``), by start."""
    vendor_id = None if vendor is None else vendors.vendor_id(con, vendor)
    return excused_rows.events(con, vendor_id=vendor_id, first=first, last=last)


def events_for(con, vendor_names: Iterable[str], first: date, last: date) -> list[dict]:
    """The events of these vendors overlapping ``first``…``last``."""
    wanted = set(vendor_names)
    return [e for e in excused_rows.events(con, first=first, last=last) if e["vendor"] in wanted]


def covers(event: dict, vendor: str, program: str | None, channel: str | None) -> bool:
    """True when the event excuses facts of a line measured over ``program`` and ``channel``
    (None: all of them) of ``vendor``: an event of one program excuses that program's days in
    the vendor's line too (its other programs are still measured)."""
    if event["vendor"] != vendor:
        return False
    if program is not None and event["program"] not in (None, program):
        return False
    return channel is None or event["channel"] in (None, channel)


def words(events: list[dict], vendor: str, program, channel, start: date, end: date) -> str | None:
    """ "n days excused (…)" for a line, or None when no event covers a day of it."""
    days: set[date] = set()
    named = []
    for e in events:
        if not covers(e, vendor, program, channel):
            continue
        first, last = max(e["date_from"], start), min(e["date_to"], end)
        if first > last:
            continue
        days |= {first + timedelta(days=i) for i in range((last - first).days + 1)}
        scope = ", ".join(x for x in (e["program"], e["site"], e["channel"]) if x)
        named.append(
            f"{KINDS[e['kind']]} {span(first, last)}"
            + (f" ({scope})" if scope else "")
            + f": {e['reason']}"
        )
    if not days:
        return None
    n = len(days)
    return f"{n} day{'s' if n != 1 else ''} excused — " + "; ".join(named)


def span(first: date, last: date) -> str:
    """E.g. "14–16 Nov 2026", "30 Nov – 2 Dec 2026", "14 Nov 2026"."""
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
