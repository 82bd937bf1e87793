"""The continuous-improvement ratchet: next year's expected levels proposed from the last twelve
months, as a contract's clause (``[contract.ratchet]``, docs/contracts.md) sets them.

For each target the clause covers (the contract-wide targets and each program's, every channel),
on the last twelve months before the year (January to December of the year before):

- **level now**: the target's expected level in force on the year before's last day (so a
  proposal reads the same after it is applied);
- **the best N months**: the N months of the twelve with the best actual (highest for a KPI
  where higher is better, lowest where lower is); months without data, and people figures
  withheld as small cells, do not count; fewer than N months with data: no proposal;
- **gap**: ``basis = "best"``: from the level now to the mean of the best N months;
  ``basis = "limit"``: to the KPI's limit (100 % for a share where higher is better, 0 where
  lower is; a KPI with no natural limit, such as handle time, takes the best months' mean).
  A gap that is not an improvement (the level is already past it) gives no step;
- **step** = share × gap, capped at ``cap`` when the clause sets one; the proposal is the level
  now moved by the step in the KPI's better direction (``cap`` is in percentage points for a
  share, ``cap_seconds`` in seconds for a time). The worse limit is left as it is.

KPIs best near 1 (billing accuracy) are not ratcheted. ``apply`` records the proposals as one
amendment effective on the year's first day, so the history before it is scored as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from governance import contracts
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound
from governance.kpis import catalogue, periods
from governance.kpis.frames import format_value, plain_records
from governance.scoring import scorecard
from governance.store import contract_rows, queries

LIMITS = {("ratio", "higher"): 1.0, ("ratio", "lower"): 0.0}


@dataclass(frozen=True)
class Proposal:
    """One target's proposal, with the arithmetic that made it."""

    kpi: str
    kpi_name: str
    program: str | None
    channel: str | None
    unit: str
    direction: str
    current: float | None
    proposed: float | None  # None: no proposal (see ``note``)
    best_months: tuple[tuple[str, float], ...]  # (month label, actual), best first
    best_mean: float | None
    basis_value: float | None  # what the gap is measured to
    gap: float | None
    step: float | None
    capped: bool
    note: str

    def record(self) -> dict:
        return {
            "kpi": self.kpi,
            "kpi_name": self.kpi_name,
            "program": self.program,
            "channel": self.channel,
            "current_expected": self.current,
            "proposed_expected": self.proposed,
            "best_months": [{"month": m, "actual": v} for m, v in self.best_months],
            "best_mean": self.best_mean,
            "gap_to": self.basis_value,
            "gap": self.gap,
            "step": self.step,
            "capped": self.capped,
            "arithmetic": self.note,
        }


@dataclass(frozen=True)
class Ratchet:
    vendor: str
    contract: str
    contract_id: int
    year: int
    clause: dict
    months: tuple[str, ...]  # the twelve months looked at
    proposals: tuple[Proposal, ...]

    def record(self) -> dict:
        return {
            "vendor": self.vendor,
            "contract": self.contract,
            "year": self.year,
            "effective_from": date(self.year, 1, 1),
            "clause": self.clause,
            "months": list(self.months),
            "proposals": [p.record() for p in self.proposals],
        }


def propose(con: duckdb.DuckDBPyConnection, vendor: str, year: int) -> Ratchet:
    """Next ``year``'s expected levels for ``vendor`` by its contract's ratchet clause. Raises
    ``NotFound`` (vendor, no contract in force on the year's first day) or ``InvalidInput`` (a
    contract without the clause, an unreadable year)."""
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput(f"A ratchet year is a year such as 2027, not '{year}'.")
    scorecard.check_vendors(con, [vendor])
    first = date(year, 1, 1)
    contract = _contract_on(con, vendor, first)
    clause = json.loads(contract["ratchet"]) if contract.get("ratchet") else None
    if not clause:
        raise InvalidInput(
            f"{vendor}'s contract '{contract['name']}' has no continuous-improvement clause: add "
            "[contract.ratchet] (share, best_months, basis, cap, kpis) to it; see docs/contracts.md."
        )
    end = periods.month(date(year - 1, 12, 1))
    months = tuple(p.label for p in periods.months_back(end.start, 12))
    terms = scorecard.load_terms(con)
    out: list[Proposal] = []
    programs = [None, *sorted(terms.programs.get(int(contract["contract_id"]), ()))]
    in_force = _in_force(con, contract, first - timedelta(days=1))
    for program in programs:
        trend = scorecard.trend(con, vendor, end, 12, program=program, terms=terms)
        lines = [
            x for x in plain_records(trend.lines) if x["contract_id"] == contract["contract_id"]
        ]
        wanted = clause.get("kpis")
        keys = []
        for x in lines:
            key = (x["kpi"], x["channel"])
            if key not in keys and (not wanted or x["kpi"] in wanted):
                keys.append(key)
        for kpi, channel in keys:
            own = [x for x in lines if (x["kpi"], x["channel"]) == (kpi, channel)]
            if program is not None and not _program_target(terms, contract, kpi, program, channel):
                continue  # a contract-wide target measured over one program: the vendor's own
            current = in_force.get((kpi, program, channel))
            out.append(_proposal(clause, kpi, program, channel, own, current))
    return Ratchet(
        vendor=vendor,
        contract=contract["name"],
        contract_id=int(contract["contract_id"]),
        year=year,
        clause=clause,
        months=months,
        proposals=tuple(out),
    )


def apply(
    con: duckdb.DuckDBPyConnection, actor: Actor, ratchet: Ratchet, *, approved_by: str
) -> int:
    """Record the proposals as one amendment effective on the year's first day; its id. Raises
    ``InvalidInput`` when there is nothing to change."""
    require(actor, "contracts.write")
    reason = f"Continuous-improvement ratchet for {ratchet.year} (the contract's clause)"
    done = [
        a for a, _, r, _ in contract_rows.amendment_rows(con, ratchet.contract_id) if r == reason
    ]
    if done:
        raise InvalidInput(
            f"The ratchet for {ratchet.year} is already applied to {ratchet.vendor}'s contract "
            f"(amendment #{done[0]}); amend the targets by hand to change them again."
        )
    changes = [
        {
            "kpi": p.kpi,
            "expected": p.proposed,
            **({"program": p.program} if p.program else {}),
            **({"channel": p.channel} if p.channel else {}),
        }
        for p in ratchet.proposals
        if p.proposed is not None and abs(p.proposed - p.current) > 1e-12
    ]
    if not changes:
        raise InvalidInput(
            f"The ratchet proposes no change to {ratchet.vendor}'s targets for {ratchet.year}: "
            "nothing to apply."
        )
    contracts.add_amendment(
        con,
        actor,
        ratchet.contract_id,
        effective_from=date(ratchet.year, 1, 1),
        reason=reason,
        approved_by=approved_by,
        targets=changes,
    )
    return max(int(a) for a, _, _, _ in contract_rows.amendment_rows(con, ratchet.contract_id))


# --- helpers ------------------------------------------------------------------------------------


def _contract_on(con, vendor: str, day: date) -> dict:
    found = [
        r
        for r in plain_records(queries.contracts(con, [vendor]))
        if r["start_date"] <= day and (r["end_date"] is None or r["end_date"] >= day)
    ]
    if not found:
        raise NotFound(f"{vendor} has no contract in force on {day.day} {day:%b %Y}.")
    return max(found, key=lambda r: r["start_date"])


def _program_target(terms, contract: dict, kpi: str, program: str, channel) -> bool:
    versions = terms.targets.get(int(contract["contract_id"]), [])
    return any(
        t["kpi"] == kpi and t["program"] == program and t["channel"] == channel for t in versions
    )


def _in_force(con, contract: dict, day: date) -> dict[tuple, float]:
    """The contract's expected levels in force on ``day``, by (KPI, program, channel)."""
    out = {}
    for t in contracts.editable_targets(con, int(contract["contract_id"]), day).to_dict("records"):
        program = t["program"] if isinstance(t["program"], str) else None
        channel = t["channel"] if isinstance(t["channel"], str) else None
        out[(t["kpi"], program, channel)] = float(t["expected"])
    return out


def _proposal(clause, kpi, program, channel, lines, current: float | None) -> Proposal:
    entry = catalogue.kpi(kpi)
    unit = lines[0]["unit"] if lines else entry.unit
    direction = lines[0]["direction"] if lines else entry.direction
    base = {
        "kpi": kpi,
        "kpi_name": entry.name,
        "program": program,
        "channel": channel,
        "unit": unit,
        "direction": direction,
    }
    if current is None:
        return Proposal(
            **base,
            current=None,
            proposed=None,
            best_months=(),
            best_mean=None,
            basis_value=None,
            gap=None,
            step=None,
            capped=False,
            note="No target in force at the end of the year before.",
        )
    if direction == "target":
        return _none(base, current, "Best near 1: not ratcheted.")
    measured = [
        (periods.label(x["period"]), float(x["actual"]))
        for x in lines
        if x["actual"] is not None and not x.get("withheld")
    ]
    n = int(clause["best_months"])
    if len(measured) < n:
        return _none(
            base,
            current,
            f"Only {len(measured)} of the 12 months have data; the clause needs the best {n}.",
        )
    higher = direction == "higher"
    best = sorted(measured, key=lambda m: m[1], reverse=higher)[:n]
    mean = sum(v for _, v in best) / n
    to = mean
    if clause["basis"] == "limit":
        to = LIMITS.get((unit, direction), mean)
    gap = (to - current) if higher else (current - to)
    shown = "; ".join(f"{m} {format_value(v, unit)}" for m, v in best)
    words = f"Best {n} of the last 12 months: {shown} (mean {format_value(mean, unit)})."
    if clause["basis"] == "limit" and (unit, direction) in LIMITS:
        words += f" Gap measured to the limit, {format_value(to, unit)}."
    if gap <= 0:
        return _none(
            base,
            current,
            words + f" The level now, {format_value(current, unit)}, is already there: no step.",
            best=tuple(best),
            mean=mean,
            to=to,
            gap=gap,
        )
    raw = clause["share"] * gap
    cap = _cap(clause, unit)
    capped = cap is not None and raw > cap
    step = min(raw, cap) if cap is not None else raw
    proposed = current + step if higher else current - step
    words += (
        f" Gap from the level now, {format_value(current, unit)}: {_amount(gap, unit)}; "
        f"{clause['share']:.0%} of it is {_amount(raw, unit)}"
        + (f", capped at {_amount(cap, unit)}" if capped else "")
        + f". Proposed expected: {format_value(proposed, unit)}."
    )
    return Proposal(
        **base,
        current=current,
        proposed=proposed,
        best_months=tuple(best),
        best_mean=mean,
        basis_value=to,
        gap=gap,
        step=step,
        capped=capped,
        note=words,
    )


def _cap(clause: dict, unit: str) -> float | None:
    """The clause's cap for a KPI of ``unit``, in its stored unit (None: uncapped)."""
    if unit == "ratio" and clause.get("cap") is not None:
        return clause["cap"] / 100  # percentage points of a share
    if unit == "seconds":
        return clause.get("cap_seconds")
    return None


def _none(base, current, note, *, best=(), mean=None, to=None, gap=None) -> Proposal:
    return Proposal(
        **base,
        current=current,
        proposed=None,
        best_months=best,
        best_mean=mean,
        basis_value=to,
        gap=gap,
        step=None,
        capped=False,
        note=note,
    )


def _amount(value: float, unit: str) -> str:
    """A difference in the KPI's unit: points of a share, seconds, or a plain number."""
    if unit == "ratio":
        return f"{value * 100:.2f} pts"
    if unit == "seconds":
        return f"{value:,.1f} s"
    return f"{value:,.3f}"
