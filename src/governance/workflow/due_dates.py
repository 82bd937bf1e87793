"""The governance calendar: one list of what is due or overdue in the next ``days`` days.

Sources: the next MBR and QBR of each vendor (from the cadence), contract legal reviews and
renewal notices, compliance attestations expiring or expired, open action items due or overdue,
and escalations whose response or resolution target is breached (dated by the breached target).

Only what a contract or a record makes due is listed: a vendor's next MBR or QBR comes from a
meeting scheduled or held (the cadence after it), or from a contract still running (a first one
due on the contract's start, or today when it has started); a vendor with neither has none.

``items`` depends only on the database and the ``today`` it is given (no clock), so the window's
boundaries are testable: due today is ``due``, yesterday is ``overdue``, day ``days`` is in and
day ``days + 1`` is out. Overdue items stay on the list however old they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import duckdb
import pandas as pd

from governance.access import records
from governance.kpis import catalogue, periods
from governance.store import dispute_rows, publication_rows, queries
from governance.workflow import compliance, escalations, meetings

COLUMNS = ["date", "vendor", "kind", "what", "status", "days"]
KINDS = (
    "MBR",
    "QBR",
    "legal review",
    "renewal notice",
    "attestation",
    "action item",
    "escalation",
    "dispute",
    "scorecard answer",
)
DEFAULT_DAYS = 90
_MEETING_NAMES = {"MBR": "Monthly business review", "QBR": "Quarterly business review"}


def items(
    con: duckdb.DuckDBPyConnection,
    today: date,
    days: int = DEFAULT_DAYS,
    *,
    vendor: str | None = None,
    kinds: Sequence[str] = (),
) -> pd.DataFrame:
    """What is due (``today`` … ``today + days``) or overdue (before ``today``), sorted by date,
    vendor and kind; only ``vendor``'s and only ``kinds`` when given. Columns: date, vendor,
    kind, what, status (due | overdue), days (from today; negative when overdue)."""
    today = records.day(today, "Today")
    if days < 0:
        raise ValueError("days must be 0 or more")
    found = assemble(sources(con, today), today, days)
    if vendor is not None:
        found = found[found["vendor"] == vendor]
    if kinds:
        found = found[found["kind"].isin(list(kinds))]
    return found.reset_index(drop=True)


def counts(found: pd.DataFrame) -> tuple[int, int]:
    """(overdue, due) among ``items``."""
    return int((found["status"] == "overdue").sum()), int((found["status"] == "due").sum())


def sources(con: duckdb.DuckDBPyConnection, today: date) -> list[dict]:
    """Every dated obligation, before windowing: dicts of date, vendor, kind, what."""
    out: list[dict] = []
    starts = _contract_starts(con, today)
    for r in meetings.next_due(con, today).itertuples(index=False):
        if not r.scheduled and pd.isna(r.last_held):  # none on record: only a contract makes one
            if r.vendor not in starts:
                continue
            r = r._replace(next_due=max(r.next_due, starts[r.vendor]))
        what = _MEETING_NAMES[r.kind] + (f": {r.title}" if r.scheduled and r.title else "")
        if not r.scheduled:
            what += " (from the cadence)" if r.last_held else " (none held yet)"
        out.append({"date": r.next_due, "vendor": r.vendor, "kind": r.kind, "what": what})
    for r in compliance.contract_dates(con, today).itertuples(index=False):
        out.append(
            {
                "date": r.date,
                "vendor": r.vendor,
                "kind": r.kind,
                "what": f"{r.kind.capitalize()}: {r.contract}",
            }
        )
    for r in compliance.attestations(con, today, current_only=True).itertuples(index=False):
        if r.expires is None or pd.isna(r.expires):
            continue
        out.append(
            {
                "date": records.day(r.expires, "expires"),
                "vendor": r.vendor,
                "kind": "attestation",
                "what": f"{r.kind} expires",
            }
        )
    for r in meetings.action_items(con, today).itertuples(index=False):
        if r.status in meetings.CLOSED_STATUSES:
            continue
        out.append(
            {
                "date": records.day(r.due_date, "due"),
                "vendor": r.vendor,
                "kind": "action item",
                "what": f"{r.description} (owner: {r.owner})",
            }
        )
    now = pd.Timestamp(today) + pd.Timedelta(hours=23, minutes=59, seconds=59)  # the end of today
    for r in escalations.log(con, now.to_pydatetime(), breached="any").itertuples(index=False):
        which = "resolution" if r.resolution_breached else "response"
        due = r.resolution_due if r.resolution_breached else r.response_due
        out.append(
            {
                "date": pd.Timestamp(due).date(),
                "vendor": r.vendor,
                "kind": "escalation",
                "what": f"{r.severity} {r.title}: {which} target breached at {r.level}",
            }
        )
    out += _scorecard_answers(con, today)
    return out


def _scorecard_answers(con: duckdb.DuckDBPyConnection, today: date) -> list[dict]:
    """Open disputes, dated by the day they should be resolved by (overdue after it), and
    published scorecards the vendor has neither acknowledged nor disputed, dated by the day its
    window to dispute closes (listed until then: unanswered after it, the scorecard stands)."""
    out = []
    for d in dispute_rows.disputes(con):
        if d["status"] != "open":
            continue
        _, resolve_days = dispute_rows.contract_days(con, int(d["vendor_id"]))
        line = catalogue.kpi(d["kpi"]).name + (f" ({d['channel']})" if d["channel"] else "")
        out.append(
            {
                "date": periods.business_days_after(d["raised_at"].date(), resolve_days),
                "vendor": d["vendor"],
                "kind": "dispute",
                "what": f"Rule on dispute #{d['dispute_id']}: {line}, "
                f"{d['program'] or 'whole vendor'}, {periods.label(d['period'])} scorecard",
            }
        )
    for p in publication_rows.answers(con):
        if p["acknowledgements"] or p["disputes"]:
            continue
        closes = periods.business_days_after(p["published_at"].date(), int(p["dispute_days"]))
        if closes < today:
            continue
        out.append(
            {
                "date": closes,
                "vendor": p["vendor"],
                "kind": "scorecard answer",
                "what": f"{periods.label(p['period'])} scorecard: acknowledge or dispute by "
                "this day (the vendor's window)",
            }
        )
    return out


def _contract_starts(con: duckdb.DuckDBPyConnection, today: date) -> dict[str, date]:
    """Each vendor with a contract still running on ``today`` (or yet to start): the first
    start among them."""
    out: dict[str, date] = {}
    for r in queries.contracts(con).itertuples(index=False):
        if r.end_date is not None and not pd.isna(r.end_date):
            if records.day(r.end_date, "end") < today:
                continue
        start = records.day(r.start_date, "start")
        out[r.vendor] = min(out.get(r.vendor, start), start)
    return out


def assemble(found: list[dict], today: date, days: int) -> pd.DataFrame:
    """Window and label ``found``: keep what is dated up to ``today + days``; status ``overdue``
    before today, else ``due``. Pure."""
    until = today + timedelta(days=days)
    rows = []
    for item in found:
        day = records.day(item["date"], "date")
        if day > until:
            continue
        rows.append(
            {
                **item,
                "date": day,
                "status": "overdue" if day < today else "due",
                "days": (day - today).days,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = {k: i for i, k in enumerate(KINDS)}
    frame["_kind"] = frame["kind"].map(lambda k: order.get(k, len(order)))
    frame = frame.sort_values(["date", "vendor", "_kind", "what"], kind="stable")
    return frame.drop(columns="_kind").reset_index(drop=True)
