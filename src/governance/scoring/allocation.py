"""Volume allocation: the share of a program's contacts each vendor was allocated, against what
it received and how it served it.

For a program and month the client forecasts the offered contacts and allocates each vendor a
share (percent, adding up to 100; ``set_plan``, or ``load`` from a file). The facts then say:

- **actual share**: the vendor's offered contacts over all the plan's vendors' offered contacts
  in that program and month;
- **over / under**: actual contacts minus the allocated share of the actual total (contacts),
  and actual share minus allocated share (points);
- **forecast accuracy**: the actual total over the forecast;
- **staffed to its share**: the vendor's service level in the program and month (its
  contract's definition) against the service level it is expected to reach there (the target
  in force on the month's last day: the program's, else the contract-wide one); met or not,
  "no data" without volume or target.

All of it at vendor × program × month: never below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

import duckdb
import pandas as pd

from governance import amounts, kpis
from governance.access import audit, records, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput
from governance.kpis import frames, periods
from governance.scoring import scorecard
from governance.store import allocation_rows
from governance.store.db import transaction

TOLERANCE = Decimal("0.01")  # shares must add up to 100 within this (percent)


def _month(value) -> periods.Period:
    p = (
        value
        if isinstance(value, periods.Period)
        else (periods.parse(value) if isinstance(value, str) else periods.month(value))
    )
    if p.kind != "month":
        raise InvalidInput(f"A volume plan is for a month, such as 2026-10, not {p.label}.")
    return p


def _share(value, where: str) -> Decimal:
    try:
        share = Decimal(str(value).strip().rstrip("%").strip())
    except (InvalidOperation, AttributeError):
        raise InvalidInput(f"{where}: share '{value}' is not a percentage.") from None
    if not share.is_finite() or not 0 <= share <= 100:
        raise InvalidInput(f"{where}: share {value} is not a percentage from 0 to 100.")
    return share


def _forecast(value, where: str) -> float:
    try:
        forecast = float(amounts.parse(value))
    except ValueError:
        raise InvalidInput(f"{where}: forecast '{value}' is not a number of contacts.") from None
    if not forecast >= 0:
        raise InvalidInput(f"{where}: forecast {value} is not a number of contacts.")
    return forecast


def set_plan(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    program: str,
    month,
    forecast,
    shares: Mapping[str, object],
    source: str = "entered",
) -> dict:
    """Record (or replace) a program's plan for a month: the forecast of offered contacts and
    each vendor's share in percent (adding up to 100). Returns it. Raises ``PermissionDenied``,
    ``NotFound`` (a vendor) or ``InvalidInput``; nothing is written then."""
    return _write(con, actor, [(program, month, forecast, shares, "The plan")], source)[0]


def load(con: duckdb.DuckDBPyConnection, actor: Actor, rows: Iterable[Mapping], *, source: str):
    """Plans from a file's rows (``row``, ``program``, ``month``, ``vendor``, ``share``,
    ``forecast``: one row per vendor, the forecast repeated on each of a program's rows), all or
    nothing; returns the plans recorded."""
    groups: dict[tuple, dict] = {}
    for raw in rows:
        where = f"{source} row {raw.get('row', '?')}"
        program = records.required_text(raw.get("program"), f"{where}: the program")
        text = str(raw.get("month") or "").strip()
        if not text:
            raise InvalidInput(f"{where}: no month; write it as 2026-10.")
        try:
            month = _month(text)
        except InvalidInput as exc:
            raise InvalidInput(f"{where}: {exc}") from None
        key = (program, month.start)
        group = groups.setdefault(
            key, {"forecast": raw.get("forecast"), "shares": {}, "where": where}
        )
        if _forecast(raw.get("forecast"), where) != _forecast(group["forecast"], group["where"]):
            raise InvalidInput(
                f"{where}: forecast {raw.get('forecast')} differs from {group['forecast']} given "
                f"for {program}, {periods.label(month)} on {group['where']}."
            )
        vendor = records.required_text(raw.get("vendor"), f"{where}: the vendor")
        if vendor in group["shares"]:
            raise InvalidInput(f"{where}: {vendor} has a share of {program} twice.")
        group["shares"][vendor] = raw.get("share")
    if not groups:
        raise InvalidInput(f"{source} holds no volume plan.")
    plans = [
        (program, m, g["forecast"], g["shares"], g["where"]) for (program, m), g in groups.items()
    ]
    return _write(con, actor, plans, source)


def _write(con, actor: Actor, plans: list[tuple], source: str) -> list[dict]:
    require(actor, "governance.write")
    source = records.required_text(source, "The source")
    checked = []
    for program, month, forecast, shares, where in plans:
        program = records.required_text(program, f"{where}: the program")
        m = _month(month)
        amount = _forecast(forecast, where)
        if not shares:
            raise InvalidInput(f"{where}: no vendor has a share of {program}.")
        pct = {
            records.required_text(v, f"{where}: the vendor"): _share(s, where)
            for v, s in shares.items()
        }
        total = sum(pct.values())
        if abs(total - 100) > TOLERANCE:
            raise InvalidInput(
                f"{where}: the shares of {program}, {periods.label(m)} add up to {total}%, not "
                "100%."
            )
        checked.append((program, m, amount, pct))
    out = []
    with transaction(con):
        for program, m, amount, pct in checked:
            ids = [(vendors.vendor_id(con, v), s) for v, s in pct.items()]
            before = allocation_rows.plan(con, program, m.start)
            at = audit.now()
            if before is None:
                plan_id = allocation_rows.insert_plan(
                    con,
                    program=program,
                    month=m.start,
                    forecast=amount,
                    source=source,
                    recorded_by=actor.name,
                    recorded_at=at,
                )
            else:
                plan_id = before["plan_id"]
                allocation_rows.replace_plan(
                    con,
                    plan_id,
                    forecast=amount,
                    source=source,
                    recorded_by=actor.name,
                    recorded_at=at,
                )
            allocation_rows.insert_shares(con, plan_id, ids)
            after = {
                "program": program,
                "month": m.start,
                "forecast_offered": amount,
                "shares": {v: str(s) for v, s in pct.items()},
                "source": source,
            }
            audit.record(con, actor, "allocation.set", "volume_plan", plan_id, before, after)
            out.append(after)
    return out


def allocation(con: duckdb.DuckDBPyConnection, month: date | str) -> list[dict]:
    """Each plan of ``month``, per program and vendor (see the module docstring): ``program``,
    ``vendor``, ``forecast_offered``, ``allocated_pct``, ``actual_offered``, ``actual_pct``,
    ``allocated_contacts`` (the share of the actual total), ``over_under_contacts``,
    ``over_under_points``, ``program_offered``, ``forecast_accuracy``, ``service_level``,
    ``sl_expected``, ``staffed`` (met, below, no data)."""
    m = _month(month)
    plans = allocation_rows.shares(con, m.start)
    if not plans:
        return []
    terms = scorecard.load_terms(con)
    window = scorecard.Window.of(m)
    names = sorted({p["vendor"] for p in plans})
    volume = kpis.rollup(
        con,
        by=None,
        dims=("vendor", "program"),
        kpis=(),
        vendors=names,
        date_from=m.start,
        date_to=m.end,
        components=("offered",),
    )
    offered = {
        (r["vendor"], r["program"]): r["offered"] or 0.0 for r in frames.plain_records(volume)
    }
    by_program: dict[str, list[dict]] = {}
    for p in plans:
        by_program.setdefault(p["program"], []).append(p)
    out = []
    for program, rows in by_program.items():
        total = sum(offered.get((r["vendor"], program), 0.0) for r in rows)
        forecast = rows[0]["forecast_offered"]
        for r in rows:
            got = offered.get((r["vendor"], program), 0.0)
            share = float(r["share_pct"])
            allocated = total * share / 100
            sl, expected = _service_level(con, terms, window, r["vendor"], program)
            out.append(
                {
                    "program": program,
                    "month": m.label,
                    "vendor": r["vendor"],
                    "forecast_offered": forecast,
                    "allocated_pct": share,
                    "actual_offered": got,
                    "actual_pct": None if not total else 100 * got / total,
                    "allocated_contacts": allocated,
                    "over_under_contacts": got - allocated,
                    "over_under_points": None if not total else 100 * got / total - share,
                    "program_offered": total,
                    "forecast_accuracy": None if not forecast else total / forecast,
                    "service_level": sl,
                    "sl_expected": expected,
                    "staffed": "no data"
                    if sl is None or expected is None
                    else ("met" if sl >= expected - 1e-12 else "below"),
                }
            )
    return out


def _service_level(con, terms, window, vendor: str, program: str):
    """The vendor's service level in the program and month under its contract's definition,
    and the level expected there (None, None without a contract)."""
    c = terms.contract(vendor, window)
    if c is None:
        return None, None
    entry, _ = scorecard.kpi_entry(c, "service_level")
    frame = kpis.rollup(
        con,
        by=None,
        dims=("vendor",),
        kpis=[entry],
        vendors=[vendor],
        date_from=window.start,
        date_to=window.end,
        where={"program": program},
    )
    value = None if frame.empty else frames.plain_value(frame[entry.code].iloc[0])
    targets = [
        t
        for t in terms.in_force(c["contract_id"], window.end)
        if t["kpi"] == "service_level" and t["channel"] is None
    ]
    chosen = next((t for t in targets if t["program"] == program), None) or next(
        (t for t in targets if t["program"] is None), None
    )
    return value, None if chosen is None else chosen["expected"]


STAFFED_WORDS = {"met": "✔ met", "below": "▼ below", "no data": "no data"}


def shown(rows: list[dict], vendor: str | None = None) -> pd.DataFrame:
    """The allocation as people read it (one vendor's rows when ``vendor`` is given): shares in
    percent, over / under signed, service level against the level expected."""
    out = []
    for r in rows:
        if vendor is not None and r["vendor"] != vendor:
            continue
        sl, expected = r["service_level"], r["sl_expected"]
        out.append(
            {
                "Program": r["program"],
                "Vendor": r["vendor"],
                "Allocated": f"{r['allocated_pct']:.0f}%",
                "Received": "—" if r["actual_pct"] is None else f"{r['actual_pct']:.1f}%",
                "Over / under": "—"
                if r["over_under_points"] is None
                else f"{r['over_under_points']:+.1f} pts ({r['over_under_contacts']:+,.0f})",
                "Service level": "—" if sl is None else f"{sl:.1%}",
                "Expected": "—" if expected is None else f"{expected:.1%}",
                "Served its share": STAFFED_WORDS[r["staffed"]],
                "Forecast accuracy": "—"
                if r["forecast_accuracy"] is None
                else f"{r['forecast_accuracy']:.1%}",
            }
        )
    return pd.DataFrame(out)
