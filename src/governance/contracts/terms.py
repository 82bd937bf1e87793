"""Contracts, their targets and dated amendments: the write services and target look-ups.

A target is versioned: an amendment closes the version in force (``effective_to`` = the day
before the amendment) and adds a new version; no other change is ever made to a history row, so
a scorecard for any past period can be reproduced from the target versions in force then.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import duckdb
import pandas as pd
import tomli_w

from governance.access import audit, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound, StaleRecord
from governance.kpis import catalogue
from governance.kpis.catalogue import CHANNELS, KPI_CODES
from governance.kpis.frames import format_value, plain_records
from governance.store import queries
from governance.store.db import transaction

PRICING = ("per_productive_hour", "per_handled_minute", "per_contact", "per_fte", "outcome_based")
SL_OVER = ("offered", "answered", "offered_less_short_abandons")
TIERS = ("critical", "key")
WINDOWS = ("month", "quarter")

_CONTRACT_KEYS = {
    "vendor",
    "name",
    "start",
    "end",
    "pricing",
    "monthly_fee_basis",
    "at_risk_pct",
    "pool_pct_available",
    "earn_back_windows",
    "repeated_miss_count",
    "renewal_notice",
    "legal_review",
    "service_level",
    "csat",
    "programs",
    "targets",
    "target",
    "amendments",
    "amendment",
}
_TARGET_KEYS = {
    "kpi",
    "program",
    "channel",
    "expected",
    "minimum",
    "weight",
    "tier",
    "allocation_pct",
    "category_pct",
    "window",
    "effective_from",
}
_AMENDMENT_KEYS = {"effective_from", "reason", "approved_by", "targets"}
# Fields an amendment may change on a target; the scope (kpi, program, channel) identifies it.
_CHANGEABLE = ("expected", "minimum", "weight", "tier", "allocation_pct", "category_pct", "window")

_TARGET_SELECT = (
    "SELECT target_id, contract_id, kpi, program, channel, expected, minimum, weight, tier, "
    "allocation_pct, category_pct, measurement_window, effective_from, effective_to, "
    "amendment_id, version FROM targets"
)


def add_program(
    con: duckdb.DuckDBPyConnection, actor: Actor, name: str, description: str | None = None
) -> bool:
    """Register a program (line of business); returns False when it was already registered."""
    require(actor, "contracts.write")
    name = _text(name, "A program name")
    with transaction(con):
        exists = con.execute("SELECT count(*) FROM programs WHERE name = ?", [name]).fetchone()[0]
        if exists:
            return False
        con.execute("INSERT INTO programs (name, description) VALUES (?, ?)", [name, description])
        audit.record(
            con,
            actor,
            "program.add",
            "program",
            name,
            None,
            {"name": name, "description": description},
        )
    return True


def create_contract(con: duckdb.DuckDBPyConnection, actor: Actor, spec: dict) -> int:
    """Create a contract with its programs in scope, targets and any amendments; returns its id.

    ``spec`` follows the contracts TOML (interfaces.md): ``vendor``, ``name``, ``start``, ``end``,
    ``pricing``, ``at_risk_pct``, ``pool_pct_available``, ``earn_back_windows``,
    ``renewal_notice``, ``legal_review``, ``service_level = {over, threshold_seconds,
    short_abandon_seconds}``, ``programs``, ``targets`` (or ``target``) and optionally
    ``amendments`` (or ``amendment``), applied in date order. Dates are ``date`` objects or ISO
    text. Programs in scope not yet registered are registered. Raises ``PermissionDenied``,
    ``NotFound`` (vendor) or ``InvalidInput`` naming the offending key; nothing is written then.
    """
    require(actor, "contracts.write")
    with transaction(con):
        return _create(con, actor, spec)


def _create(con: duckdb.DuckDBPyConnection, actor: Actor, spec: dict) -> int:
    """``create_contract`` inside the caller's transaction."""
    if not isinstance(spec, dict):
        raise InvalidInput("A contract must be given as a table of keys and values.")
    _no_unknown(spec, _CONTRACT_KEYS, "contract")
    name = _text(spec.get("name"), "A contract name")
    vendor_name = _text(spec.get("vendor"), f"Contract '{name}': the vendor")
    vendor_id = vendors.vendor_id(con, vendor_name)
    start = _date(spec.get("start"), f"Contract '{name}': start")
    end = _date(spec.get("end"), f"Contract '{name}': end", optional=True)
    if end is not None and end < start:
        raise InvalidInput(f"Contract '{name}': end {end} is before start {start}.")
    pricing = spec.get("pricing")
    if pricing not in PRICING:
        raise InvalidInput(
            f"Contract '{name}': pricing '{pricing}' is not known; use one of {', '.join(PRICING)}."
        )
    sl = dict(spec.get("service_level") or {})
    _no_unknown(sl, {"over", "threshold_seconds", "short_abandon_seconds"}, "service_level")
    sl_over = sl.get("over", "offered")
    if sl_over not in SL_OVER:
        raise InvalidInput(
            f"Contract '{name}': service_level over '{sl_over}' is not known; use one of "
            f"{', '.join(SL_OVER)}."
        )
    threshold = _number(sl.get("threshold_seconds", 20), "service_level threshold_seconds", low=1)
    short_abandon = sl.get("short_abandon_seconds")
    if sl_over == "offered_less_short_abandons" and short_abandon is None:
        raise InvalidInput(
            f"Contract '{name}': service level over offered less short abandons needs "
            "short_abandon_seconds (how quick an abandon is to count as short)."
        )
    csat = dict(spec.get("csat") or {})
    _no_unknown(csat, {"scale", "top_box"}, "csat")
    row = {
        "vendor_id": vendor_id,
        "name": name,
        "start_date": start,
        "end_date": end,
        "pricing": pricing,
        "monthly_fee_basis": _number(
            spec.get("monthly_fee_basis"), "monthly_fee_basis", low=0, optional=True
        ),
        "at_risk_pct": _number(spec.get("at_risk_pct", 10), "at_risk_pct", low=0, high=100),
        "pool_pct_available": _number(
            spec.get("pool_pct_available"), "pool_pct_available", low=0, high=1000, optional=True
        ),
        "earn_back_windows": int(
            _number(spec.get("earn_back_windows", 3), "earn_back_windows", low=0)
        ),
        "repeated_miss_count": int(
            _number(spec.get("repeated_miss_count", 4), "repeated_miss_count", low=1)
        ),
        "renewal_notice": _date(spec.get("renewal_notice"), "renewal_notice", optional=True),
        "legal_review": _date(spec.get("legal_review"), "legal_review", optional=True),
        "sl_over": sl_over,
        "sl_threshold_seconds": int(threshold),
        "short_abandon_seconds": None
        if short_abandon is None
        else int(_number(short_abandon, "short_abandon_seconds", low=0)),
        "csat_scale": int(_number(csat.get("scale", 5), "csat scale", low=2)),
        "csat_top_box": int(_number(csat.get("top_box", 2), "csat top_box", low=1)),
    }
    programs = [_text(p, "A program in scope") for p in spec.get("programs") or []]
    targets = [_target(t, start, name) for t in _both(spec, "targets", "target")]
    seen = set()
    for t in targets:
        key = (t["kpi"], t["program"], t["channel"])
        if key in seen:
            raise InvalidInput(
                f"Contract '{name}': target {_scope_text(*key)} is given twice; change a "
                "target with an amendment instead."
            )
        seen.add(key)
    amendments = sorted(
        _both(spec, "amendments", "amendment"),
        key=lambda a: _date(a.get("effective_from"), "amendment effective_from"),
    )

    taken = con.execute(
        "SELECT count(*) FROM contracts WHERE vendor_id = ? AND name = ?", [vendor_id, name]
    ).fetchone()[0]
    if taken:
        raise InvalidInput(f"{vendor_name} already has a contract named '{name}'.")
    cols = list(row)
    contract_id = con.execute(
        f"INSERT INTO contracts ({', '.join(cols)}, created_at) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join('?' for _ in cols)}, ?) RETURNING contract_id",
        [*row.values(), audit.now()],
    ).fetchone()[0]
    for program in dict.fromkeys(programs):
        con.execute(
            "INSERT INTO contract_programs (contract_id, program) VALUES (?, ?)",
            [contract_id, program],
        )
        con.execute(
            "INSERT INTO programs (name) SELECT ? WHERE NOT EXISTS "
            "(SELECT 1 FROM programs WHERE name = ?)",
            [program, program],
        )
    for t in targets:
        _insert_target(con, contract_id, t, version=1, amendment_id=None)
    after = {
        **row,
        "contract_id": contract_id,
        "vendor": vendor_name,
        "programs": list(dict.fromkeys(programs)),
        "targets": _target_rows(con, "contract_id = ?", [contract_id]),
    }
    audit.record(con, actor, "contract.create", "contract", contract_id, None, after)
    for a in amendments:
        _no_unknown(a, _AMENDMENT_KEYS, "amendment")
        _amend(
            con,
            actor,
            contract_id,
            effective_from=a.get("effective_from"),
            reason=a.get("reason"),
            approved_by=a.get("approved_by"),
            targets=a.get("targets") or [],
            check=False,
        )
    check_contract(con, contract_id)
    return contract_id


def add_amendment(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    contract_id: int,
    *,
    effective_from: date | str,
    reason: str,
    approved_by: str,
    targets: list[dict],
    acknowledged: dict | None = None,
) -> int:
    """Record a dated amendment that changes targets; returns the ``amendment_id``.

    ``acknowledged``: the co-employment wording findings the user saw on the reason and chose to
    keep (``guardrails.acknowledgement``), recorded in the audit event.

    Each item of ``targets`` names a target by ``kpi`` (+ ``program``, ``channel`` when scoped)
    and the fields that change (expected, minimum, weight, tier, allocation_pct, category_pct,
    window). The version in force on ``effective_from`` is closed the day before and a new
    version carries the unchanged fields over. A target not yet in the contract is added (it
    then needs expected and minimum). Raises ``PermissionDenied``, ``NotFound`` (contract) or
    ``InvalidInput``; nothing is written then.
    """
    require(actor, "contracts.write")
    with transaction(con):
        return _amend(
            con,
            actor,
            contract_id,
            effective_from=effective_from,
            reason=reason,
            approved_by=approved_by,
            targets=targets,
            acknowledged=acknowledged,
        )


def targets_in_force(con: duckdb.DuckDBPyConnection, contract_id: int, on: date) -> pd.DataFrame:
    """The target versions of a contract in force on day ``on``, one row per KPI and scope."""
    return con.execute(
        _TARGET_SELECT + " WHERE contract_id = ? AND effective_from <= ? "
        "AND (effective_to IS NULL OR effective_to >= ?) "
        "ORDER BY kpi, program NULLS FIRST, channel NULLS FIRST",
        [contract_id, on, on],
    ).df()


def contract_id(con: duckdb.DuckDBPyConnection, vendor: str, name: str | None = None) -> int:
    """The id of a vendor's contract (its only or newest one when ``name`` is None); ``NotFound``."""
    vid = vendors.vendor_id(con, vendor)
    if name is None:
        row = con.execute(
            "SELECT contract_id FROM contracts WHERE vendor_id = ? "
            "ORDER BY start_date DESC, contract_id DESC LIMIT 1",
            [vid],
        ).fetchone()
    else:
        row = con.execute(
            "SELECT contract_id FROM contracts WHERE vendor_id = ? AND name = ?", [vid, name]
        ).fetchone()
    if row is None:
        what = f"a contract named '{name}'" if name else "a contract"
        raise NotFound(f"{vendor} has no {what}.")
    return row[0]


# --- internals --------------------------------------------------------------------------------


def _amend(
    con,
    actor,
    contract_id,
    *,
    effective_from,
    reason,
    approved_by,
    targets,
    check=True,
    acknowledged=None,
) -> int:
    contract = con.execute(
        "SELECT name, start_date, end_date FROM contracts WHERE contract_id = ?", [contract_id]
    ).fetchone()
    if contract is None:
        raise NotFound(f"No contract with id {contract_id}.")
    name, start, end = contract
    when = _date(effective_from, f"Contract '{name}': amendment effective_from")
    if when <= start:
        raise InvalidInput(
            f"Contract '{name}': an amendment must take effect after the contract starts "
            f"({start}); change the original targets instead."
        )
    if end is not None and when > end:
        raise InvalidInput(
            f"Contract '{name}': the amendment date {when} is after the contract ends ({end})."
        )
    reason = _text(reason, "An amendment's reason")
    approved_by = _text(approved_by, "An amendment's approver")
    if not targets:
        raise InvalidInput(f"Contract '{name}': the amendment changes no target.")

    amendment_id = con.execute(
        "INSERT INTO amendments (contract_id, effective_from, reason, approved_by, recorded_by, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING amendment_id",
        [contract_id, when, reason, approved_by, actor.name, audit.now()],
    ).fetchone()[0]
    before, after = [], []
    for change in targets:
        if not isinstance(change, dict):
            raise InvalidInput(f"Contract '{name}': each amended target is a table of keys.")
        _no_unknown(change, (_TARGET_KEYS - {"effective_from"}) | {"retire"}, "amended target")
        kpi = change.get("kpi")
        if kpi not in KPI_CODES:
            raise InvalidInput(f"Contract '{name}': amended target kpi '{kpi}' is not a KPI code.")
        program, channel = change.get("program"), change.get("channel")
        scope = _scope_text(kpi, program, channel)
        later = con.execute(
            "SELECT count(*) FROM targets WHERE contract_id = ? AND kpi = ? "
            "AND program IS NOT DISTINCT FROM ? AND channel IS NOT DISTINCT FROM ? "
            "AND effective_from >= ?",
            [contract_id, kpi, program, channel, when],
        ).fetchone()[0]
        if later:
            raise InvalidInput(
                f"Contract '{name}': target {scope} already has a version from {when} or later; "
                "amendments are recorded in date order."
            )
        current = _target_rows(
            con,
            "contract_id = ? AND kpi = ? AND program IS NOT DISTINCT FROM ? "
            "AND channel IS NOT DISTINCT FROM ? AND effective_from <= ? "
            "AND (effective_to IS NULL OR effective_to >= ?)",
            [contract_id, kpi, program, channel, when, when],
        )
        if change.get("retire"):
            if not current:
                raise InvalidInput(
                    f"Contract '{name}': target {scope} is not in force on {when}, so it cannot "
                    "be retired then."
                )
            con.execute(
                "UPDATE targets SET effective_to = ? WHERE target_id = ?",
                [when - timedelta(days=1), int(current[0]["target_id"])],
            )
            before.append(current[0])
            after.append({"kpi": kpi, "program": program, "channel": channel, "retired": True})
            continue
        if not current:
            new = _target({**change, "effective_from": when}, when, name)
            version = 1
        else:
            old = current[0]
            merged = {
                "kpi": kpi,
                "program": program,
                "channel": channel,
                "expected": old["expected"],
                "minimum": old["minimum"],
                "weight": old["weight"],
                "tier": old["tier"],
                "allocation_pct": old["allocation_pct"],
                "category_pct": old["category_pct"],
                "window": old["measurement_window"],
                "effective_from": when,
            }
            merged.update({k: change[k] for k in _CHANGEABLE if k in change})
            new = _target(merged, when, name)
            version = int(old["version"]) + 1
            con.execute(
                "UPDATE targets SET effective_to = ? WHERE target_id = ?",
                [when - timedelta(days=1), int(old["target_id"])],
            )
            before.append(old)
        target_id = _insert_target(
            con, contract_id, new, version=version, amendment_id=amendment_id
        )
        after.append({**new, "target_id": target_id, "version": version})
    audit.record(
        con,
        actor,
        "contract.amend",
        "amendment",
        amendment_id,
        {"contract_id": contract_id, "targets": before},
        {
            "contract_id": contract_id,
            "effective_from": when,
            "reason": reason,
            "approved_by": approved_by,
            "targets": after,
            **({"wording_acknowledged": acknowledged} if acknowledged else {}),
        },
    )
    if check:
        check_contract(con, contract_id)
    return amendment_id


def _insert_target(con, contract_id: int, t: dict, *, version: int, amendment_id) -> int:
    return con.execute(
        "INSERT INTO targets (contract_id, kpi, program, channel, expected, minimum, weight, tier, "
        "allocation_pct, category_pct, measurement_window, effective_from, amendment_id, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING target_id",
        [
            contract_id,
            t["kpi"],
            t["program"],
            t["channel"],
            t["expected"],
            t["minimum"],
            t["weight"],
            t["tier"],
            t["allocation_pct"],
            t["category_pct"],
            t["window"],
            t["effective_from"],
            amendment_id,
            version,
        ],
    ).fetchone()[0]


def _target(spec: dict, default_from: date, contract: str) -> dict:
    if not isinstance(spec, dict):
        raise InvalidInput(f"Contract '{contract}': each target is a table of keys.")
    _no_unknown(spec, _TARGET_KEYS, "target")
    kpi = spec.get("kpi")
    if kpi not in KPI_CODES:
        raise InvalidInput(
            f"Contract '{contract}': target kpi '{kpi}' is not a KPI code; use one of "
            f"{', '.join(KPI_CODES)}."
        )
    channel = spec.get("channel")
    if channel is not None and channel not in CHANNELS:
        raise InvalidInput(
            f"Contract '{contract}': target channel '{channel}' is not known; channels are "
            f"{', '.join(CHANNELS)}."
        )
    program = spec.get("program")
    what = f"Contract '{contract}', target {_scope_text(kpi, program, channel)}:"
    for key in ("expected", "minimum"):
        if spec.get(key) is None:
            raise InvalidInput(f"{what} {key} is required.")
    tier = spec.get("tier", "key")
    if tier not in TIERS:
        raise InvalidInput(f"{what} tier '{tier}' is not known; use critical or key.")
    window = spec.get("window", "month")
    if window not in WINDOWS:
        raise InvalidInput(f"{what} window '{window}' is not known; use month or quarter.")
    allocation = _number(
        spec.get("allocation_pct"), f"{what} allocation_pct", low=0, high=1000, optional=True
    )
    if tier == "critical" and allocation is None:
        raise InvalidInput(
            f"{what} a critical service level needs allocation_pct (its share of credits)."
        )
    expected = _number(spec["expected"], f"{what} expected")
    minimum = _number(spec["minimum"], f"{what} minimum")
    _check_levels(kpi, expected, minimum, what)
    return {
        "kpi": kpi,
        "program": None if program is None else _text(program, f"{what} program"),
        "channel": channel,
        "expected": expected,
        "minimum": minimum,
        "weight": _number(spec.get("weight", 0), f"{what} weight", low=0),
        "tier": tier,
        "allocation_pct": allocation,
        "category_pct": _number(
            spec.get("category_pct"), f"{what} category_pct", low=0, high=100, optional=True
        ),
        "window": window,
        "effective_from": _date(spec.get("effective_from", default_from), f"{what} effective_from"),
    }


def _target_rows(con, where: str, params: list) -> list[dict]:
    """Target versions as plain dicts; ``where`` is a fixed condition with ``?`` placeholders."""
    cur = con.execute(_TARGET_SELECT + " WHERE " + where + " ORDER BY target_id", params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _both(spec: dict, plural: str, singular: str) -> list:
    if plural in spec and singular in spec:
        raise InvalidInput(f"Give either '{plural}' or '{singular}', not both.")
    items = spec.get(plural, spec.get(singular)) or []
    if not isinstance(items, list):
        raise InvalidInput(f"'{plural}' must be a list.")
    return items


def _no_unknown(spec: dict, known: set[str], what: str) -> None:
    unknown = sorted(set(spec) - known)
    if unknown:
        raise InvalidInput(
            f"Unknown key '{unknown[0]}' in a {what}; known keys: {', '.join(sorted(known))}."
        )


def _scope_text(kpi, program, channel) -> str:
    parts = [p for p in (program, channel) if p]
    return kpi + (f" ({', '.join(parts)})" if parts else "")


def _text(value, what: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidInput(f"{what} is required.")
    return text


def _date(value, what: str, *, optional: bool = False) -> date | None:
    if value is None or value == "":
        if optional:
            return None
        raise InvalidInput(f"{what} is required (a date, YYYY-MM-DD).")
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{what} '{value}' is not a date: write it as YYYY-MM-DD.") from None


def _number(value, what: str, *, low=None, high=None, optional: bool = False) -> float | None:
    if value is None:
        if optional:
            return None
        raise InvalidInput(f"{what} is required.")
    if isinstance(value, bool):
        raise InvalidInput(f"{what} must be a number, not {value}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} must be a number (got '{value}').") from None
    if number != number:  # NaN
        raise InvalidInput(f"{what} must be a number.")
    if low is not None and number < low:
        raise InvalidInput(f"{what} must be at least {low:g} (got {number:g}).")
    if high is not None and number > high:
        raise InvalidInput(f"{what} must be at most {high:g} (got {number:g}).")
    return number


# --- validation -----------------------------------------------------------------------------------

_TOLERANCE = 1e-6


def _check_levels(kpi: str, expected: float, minimum: float, what: str) -> None:
    """Expected must be at least as good as the minimum in the KPI's direction; ratios are 0–1."""
    k = catalogue.kpi(kpi)
    if k.unit == "ratio":
        high = 2.0 if k.direction == "target" else 1.0
        for key, value in (("expected", expected), ("minimum", minimum)):
            if not 0 <= value <= high:
                raise InvalidInput(
                    f"{what} {key} {value:g} is not a fraction: write {k.name.lower()} levels as "
                    f"fractions (80% as 0.80)."
                )
    if k.direction == "higher" and expected < minimum:
        raise InvalidInput(
            f"{what} expected {expected:g} is below the minimum {minimum:g}; {k.name.lower()} is "
            "better when higher, so expected must be at or above the minimum."
        )
    if k.direction == "lower" and expected > minimum:
        raise InvalidInput(
            f"{what} expected {expected:g} is above the minimum {minimum:g}; {k.name.lower()} is "
            "better when lower, so expected must be at or below the minimum."
        )
    if k.direction == "target" and abs(expected - 1) > abs(minimum - 1):
        raise InvalidInput(
            f"{what} expected {expected:g} is further from 1 than the minimum {minimum:g}; "
            f"{k.name.lower()} is best at 1, so expected must be at least as close to 1."
        )


def scorecard_sets(
    targets: Sequence[dict], programs: Iterable[str]
) -> dict[str | None, list[tuple[dict, str | None]]]:
    """Which targets each scorecard of a contract holds, and the program each is measured over.

    Returns ``{None: [...], program: [...]}``: the vendor scorecard and one per program (those
    in scope and those named by a target), each a list of (target, program measured over).
    """
    wide = [t for t in targets if t["program"] is None]
    specific: dict[str, list[dict]] = {}
    for t in targets:
        if t["program"] is not None:
            specific.setdefault(t["program"], []).append(t)
    sets: dict[str | None, list[tuple[dict, str | None]]] = {}
    sets[None] = (
        [(t, None) for t in wide]
        if wide
        else [(t, t["program"]) for p in sorted(specific) for t in specific[p]]
    )
    for program in sorted(set(programs) | set(specific)):
        own = specific.get(program, [])
        keys = {(t["kpi"], t["channel"]) for t in own}
        sets[program] = [(t, program) for t in own] + [
            (t, program) for t in wide if (t["kpi"], t["channel"]) not in keys
        ]
    return sets


def check_contract(con: duckdb.DuckDBPyConnection, contract_id: int) -> None:
    """Check a contract's target history; ``InvalidInput`` names the first problem.

    On every day a target version starts: the weights of each scorecard scope add up to 100
    (the contract-wide targets, and each program with targets of its own together with the
    contract-wide targets it does not replace); the critical targets' allocation percentages
    in a scope fit the pool available (100 % without a pool); and no two versions of one target
    overlap. Called inside the writing transaction, so a failed check writes nothing.
    """
    name, pool = con.execute(
        "SELECT name, pool_pct_available FROM contracts WHERE contract_id = ?", [contract_id]
    ).fetchone()
    rows = _target_rows(con, "contract_id = ?", [contract_id])
    by_scope: dict[tuple, list[dict]] = {}
    for t in rows:
        by_scope.setdefault((t["kpi"], t["program"], t["channel"]), []).append(t)
    for key, versions in by_scope.items():
        versions.sort(key=lambda t: t["effective_from"])
        for a, b in zip(versions, versions[1:], strict=False):
            if a["effective_to"] is None or a["effective_to"] >= b["effective_from"]:
                raise InvalidInput(
                    f"Contract '{name}': target {_scope_text(*key)} has versions from "
                    f"{a['effective_from']} and {b['effective_from']} that overlap; a target has "
                    "one version in force on any day."
                )
    limit = 100.0 if pool is None else float(pool)
    for day in sorted({t["effective_from"] for t in rows}):
        in_force = [
            t
            for t in rows
            if t["effective_from"] <= day
            and (t["effective_to"] is None or t["effective_to"] >= day)
        ]
        if not in_force:
            continue
        sets = scorecard_sets(in_force, ())
        wide = any(t["program"] is None for t in in_force)
        for program, pairs in sets.items():
            if program is None and not wide:
                continue  # no contract-wide targets: each program's scope is checked on its own
            where = "the contract-wide targets" if program is None else f"the targets for {program}"
            weight = sum(t["weight"] for t, _ in pairs)
            if abs(weight - 100) > _TOLERANCE:
                raise InvalidInput(
                    f"Contract '{name}': on {day} the weights of {where} add up to {weight:g}, "
                    "not 100. Adjust the weights so that each scorecard's add up to 100."
                )
            allocation = sum(t["allocation_pct"] or 0 for t, _ in pairs if t["tier"] == "critical")
            if allocation > limit + _TOLERANCE:
                pool_text = (
                    f"the pool available ({limit:g}%)" if pool is not None else "100% (no pool)"
                )
                raise InvalidInput(
                    f"Contract '{name}': on {day} the credit allocations of {where} add up to "
                    f"{allocation:g}%, more than {pool_text}. Lower an allocation or set "
                    "pool_pct_available."
                )


# --- reading for the page and the export -----------------------------------------------------------


def target_history(con: duckdb.DuckDBPyConnection, contract_id: int) -> pd.DataFrame:
    """Every version of a contract's targets with the amendment that made it, oldest first."""
    frame = queries.target_versions(con, [contract_id])
    return frame.sort_values(
        ["kpi", "program", "channel", "effective_from"], na_position="first", kind="stable"
    ).reset_index(drop=True)


EDITOR_COLUMNS = (
    "target_id",
    "kpi",
    "program",
    "channel",
    "expected",
    "minimum",
    "weight",
    "tier",
    "allocation_pct",
    "category_pct",
    "window",
)


def editable_targets(con: duckdb.DuckDBPyConnection, contract_id: int, on: date) -> pd.DataFrame:
    """The targets in force on ``on`` as the Contracts page's table editor shows them."""
    frame = targets_in_force(con, contract_id, on).rename(columns={"measurement_window": "window"})
    return frame[list(EDITOR_COLUMNS)].reset_index(drop=True)


def table_changes(shown: pd.DataFrame, edited: pd.DataFrame) -> list[dict]:
    """The target changes between the editor's rows as shown and as edited (amendment items).

    Rows are matched by ``target_id``: a changed row gives its scope and changed fields; a
    deleted row retires its target; a new row (no ``target_id``) adds a target; a row whose KPI,
    program or channel was edited retires the old target and adds the new one. Raises
    ``InvalidInput`` when nothing changed.
    """

    def clean(row: dict) -> dict:
        out = {}
        for k, v in row.items():
            if v is None or (isinstance(v, float) and v != v) or v is pd.NA or v == "":
                out[k] = None
            elif isinstance(v, str):
                out[k] = v.strip() or None
            elif hasattr(v, "item"):
                out[k] = v.item()
            else:
                out[k] = v
        return out

    before = {int(r["target_id"]): clean(r) for r in shown.to_dict("records")}
    changes: list[dict] = []
    seen = set()
    for raw in edited.to_dict("records"):
        row = clean(raw)
        tid = row.get("target_id")
        scope = {
            "kpi": row.get("kpi"),
            "program": row.get("program"),
            "channel": row.get("channel"),
        }
        fields = {
            k: row.get(k)
            for k in (
                "expected",
                "minimum",
                "weight",
                "tier",
                "allocation_pct",
                "category_pct",
                "window",
            )
        }
        if tid is None or int(tid) not in before:
            if all(v is None for v in (*scope.values(), *fields.values())):
                continue  # an empty row the editor added
            changes.append({**scope, **{k: v for k, v in fields.items() if v is not None}})
            continue
        old = before[int(tid)]
        seen.add(int(tid))
        old_scope = {k: old.get(k) for k in ("kpi", "program", "channel")}
        if scope != old_scope:
            changes.append({**old_scope, "retire": True})
            changes.append({**scope, **{k: v for k, v in fields.items() if v is not None}})
            continue
        diff = {k: v for k, v in fields.items() if not _same(v, old.get(k))}
        if diff:
            changes.append({**scope, **diff})
    for tid, old in before.items():
        if tid not in seen:
            changes.append(
                {k: old.get(k) for k in ("kpi", "program", "channel")} | {"retire": True}
            )
    if not changes:
        raise InvalidInput("Nothing in the targets table changed, so there is nothing to amend.")
    for change in changes:  # the service takes only the keys it knows; scope keys may be None
        for key in ("program", "channel"):
            if change.get(key) is None:
                change.pop(key, None)
    return changes


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) <= 1e-12
    return a == b


def amend_from_table(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    contract_id: int,
    shown: pd.DataFrame,
    edited: pd.DataFrame,
    *,
    effective_from: date | str,
    reason: str,
    approved_by: str,
    acknowledged: dict | None = None,
) -> int:
    """Record the editor's changes as one dated amendment; returns its id.

    ``shown`` is what ``editable_targets`` returned for ``effective_from``; if the targets in
    force then have changed since (someone else amended), ``StaleRecord`` is raised and nothing
    is written. Otherwise as ``add_amendment``.
    """
    require(actor, "contracts.write")
    changes = table_changes(shown, edited)
    when = _date(effective_from, "The amendment's effective date")
    with transaction(con):
        now = set(targets_in_force(con, contract_id, when)["target_id"].astype(int))
        if now != {int(t) for t in shown["target_id"].dropna()}:
            raise StaleRecord(
                "The contract's targets changed since this table was opened (another amendment "
                "was recorded). Reload the page: your edits are kept below, re-apply them to the "
                "current targets."
            )
        return _amend(
            con,
            actor,
            contract_id,
            effective_from=when,
            reason=reason,
            approved_by=approved_by,
            targets=changes,
            acknowledged=acknowledged,
        )


def contract_spec(con: duckdb.DuckDBPyConnection, contract_id: int) -> dict:
    """A stored contract in the contracts-file form (interfaces.md), amendments included.

    Original targets are listed under ``target``; each amendment lists the full new version of
    every target it changed (or ``retire = true``), so loading the result reproduces the same
    target history. Keys without a value are left out (TOML has no null).
    """
    c = con.execute(
        "SELECT c.*, v.name AS vendor FROM contracts c JOIN vendors v USING (vendor_id) "
        "WHERE contract_id = ?",
        [contract_id],
    )
    names = [d[0] for d in c.description]
    row = c.fetchone()
    if row is None:
        raise NotFound(f"No contract with id {contract_id}.")
    r = dict(zip(names, row, strict=True))
    programs = [
        p
        for (p,) in con.execute(
            "SELECT program FROM contract_programs WHERE contract_id = ? ORDER BY program",
            [contract_id],
        ).fetchall()
    ]
    sl = {
        "over": r["sl_over"],
        "threshold_seconds": r["sl_threshold_seconds"],
        "short_abandon_seconds": r["short_abandon_seconds"],
    }
    spec = {
        "vendor": r["vendor"],
        "name": r["name"],
        "start": r["start_date"],
        "end": r["end_date"],
        "pricing": r["pricing"],
        "monthly_fee_basis": r["monthly_fee_basis"],
        "at_risk_pct": r["at_risk_pct"],
        "pool_pct_available": r["pool_pct_available"],
        "earn_back_windows": r["earn_back_windows"],
        "repeated_miss_count": r["repeated_miss_count"],
        "renewal_notice": r["renewal_notice"],
        "legal_review": r["legal_review"],
        "service_level": _compact(sl),
        "csat": {"scale": r["csat_scale"], "top_box": r["csat_top_box"]},
        "programs": programs,
    }
    rows = _target_rows(con, "contract_id = ?", [contract_id])
    spec["target"] = [
        _compact({**_version_fields(t), "effective_from": t["effective_from"]})
        for t in sorted(rows, key=_scope_order)
        if t["amendment_id"] is None
    ]
    amendments = []
    for aid, when, reason, approved_by in con.execute(
        "SELECT amendment_id, effective_from, reason, approved_by FROM amendments "
        "WHERE contract_id = ? ORDER BY effective_from, amendment_id",
        [contract_id],
    ).fetchall():
        made = [
            _compact(_version_fields(t))
            for t in sorted(rows, key=_scope_order)
            if t["amendment_id"] == aid
        ]
        made_scopes = {
            (t["kpi"], t["program"], t["channel"]) for t in rows if t["amendment_id"] == aid
        }
        retired = [
            _compact(
                {"kpi": t["kpi"], "program": t["program"], "channel": t["channel"], "retire": True}
            )
            for t in sorted(rows, key=_scope_order)
            if t["effective_to"] is not None
            and t["effective_to"] == when - timedelta(days=1)
            and (t["kpi"], t["program"], t["channel"]) not in made_scopes
            and not any(
                o["effective_from"] == when
                and (o["kpi"], o["program"], o["channel"]) == (t["kpi"], t["program"], t["channel"])
                for o in rows
            )
        ]
        amendments.append(
            {
                "effective_from": when,
                "reason": reason,
                "approved_by": approved_by,
                "targets": made + retired,
            }
        )
    if amendments:
        spec["amendment"] = amendments
    return _compact(spec)


def _version_fields(t: dict) -> dict:
    return {
        "kpi": t["kpi"],
        "program": t["program"],
        "channel": t["channel"],
        "expected": t["expected"],
        "minimum": t["minimum"],
        "weight": t["weight"],
        "tier": t["tier"],
        "allocation_pct": t["allocation_pct"],
        "category_pct": t["category_pct"],
        "window": t["measurement_window"],
    }


def _scope_order(t: dict) -> tuple:
    return (t["kpi"], t["program"] or "", t["channel"] or "", t["effective_from"])


def _compact(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


# --- the contracts file (TOML) ----------------------------------------------------------------------


def export_toml(con: duckdb.DuckDBPyConnection, vendors: list[str] | None = None) -> str:
    """Every contract (of ``vendors`` when given) as a contracts file that loads back the same."""
    frame = queries.contracts(con, vendors)
    specs = [contract_spec(con, int(cid)) for cid in frame["contract_id"]]
    header = (
        "# Contracts, amendments and targets (governance contracts export).\n"
        "# Load with: python -m governance contracts load FILE.toml\n\n"
    )
    return header + tomli_w.dumps({"contract": specs}) if specs else header


def parse_toml(text: str) -> list[dict]:
    """The contracts of a contracts file; ``InvalidInput`` for bad TOML or an unknown top-level key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"The contracts file is not valid TOML: {exc}.") from None
    unknown = sorted(set(data) - {"contract"})
    if unknown:
        raise InvalidInput(
            f"Unknown key '{unknown[0]}' at the top of the contracts file; it holds [[contract]] tables."
        )
    specs = data.get("contract", [])
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise InvalidInput("'contract' must be an array of tables: write each as [[contract]].")
    if not specs:
        raise InvalidInput("The contracts file has no [[contract]] table.")
    return specs


def load_toml(con: duckdb.DuckDBPyConnection, actor: Actor, text: str) -> list[dict]:
    """Load a contracts file: create new contracts, record new amendments of known ones.

    A contract already stored (same vendor and name) must match the file, except that the file
    may add amendments after the stored ones: those are recorded. Returns one dict per contract:
    ``vendor``, ``name``, ``contract_id``, ``result`` (created, unchanged or amended) and
    ``amendments_added``. All or nothing: ``InvalidInput`` (naming the contract and the problem),
    ``NotFound`` (an unknown vendor) or ``PermissionDenied`` leave the database unchanged.
    """
    require(actor, "contracts.write")
    specs = parse_toml(text)
    results = []
    with transaction(con):
        for spec in specs:
            _no_unknown(spec, _CONTRACT_KEYS, "contract")
            name = _text(spec.get("name"), "A contract name")
            vendor = _text(spec.get("vendor"), f"Contract '{name}': the vendor")
            vid = vendors.vendor_id(con, vendor)
            row = con.execute(
                "SELECT contract_id FROM contracts WHERE vendor_id = ? AND name = ?", [vid, name]
            ).fetchone()
            if row is None:
                cid = _create(con, actor, spec)
                results.append(
                    {
                        "vendor": vendor,
                        "name": name,
                        "contract_id": cid,
                        "result": "created",
                        "amendments_added": 0,
                    }
                )
                continue
            cid = row[0]
            stored = contract_spec(con, cid)
            wanted = _as_stored(actor, spec)
            first = next(
                (
                    k
                    for k in sorted(set(stored) | set(wanted))
                    if k != "amendment" and stored.get(k) != wanted.get(k)
                ),
                None,
            )
            if first is not None:
                raise InvalidInput(
                    f"Contract '{name}' of {vendor} is already stored and the file differs in "
                    f"'{first}'. Stored terms are not overwritten: record target changes as a new "
                    "[[contract.amendment]] after the stored ones."
                )
            have, new = stored.get("amendment", []), wanted.get("amendment", [])
            if new[: len(have)] != have:
                i = next(
                    (i for i, (a, b) in enumerate(zip(have, new, strict=False)) if a != b), len(new)
                )
                raise InvalidInput(
                    f"Contract '{name}' of {vendor}: the file's amendments differ from the stored "
                    f"ones at the amendment effective {have[i]['effective_from']}; stored "
                    "amendments are history and are never rewritten."
                )
            extra = sorted(
                _both(spec, "amendments", "amendment"),
                key=lambda a: _date(a.get("effective_from"), "amendment effective_from"),
            )[len(have) :]
            for a in extra:
                _no_unknown(a, _AMENDMENT_KEYS, "amendment")
                _amend(
                    con,
                    actor,
                    cid,
                    effective_from=a.get("effective_from"),
                    reason=a.get("reason"),
                    approved_by=a.get("approved_by"),
                    targets=a.get("targets") or [],
                )
            results.append(
                {
                    "vendor": vendor,
                    "name": name,
                    "contract_id": cid,
                    "result": "amended" if extra else "unchanged",
                    "amendments_added": len(extra),
                }
            )
    return results


def _as_stored(actor: Actor, spec: dict) -> dict:
    """The file's contract as it would be stored: created in a scratch in-memory database."""
    from governance.store import db

    with db.connect(":memory:") as scratch:
        vendors.add_vendors(scratch, actor, [spec["vendor"]])
        return contract_spec(scratch, create_contract(scratch, actor, spec))


# --- the Contracts page's tables ---------------------------------------------------------------------


def history_table(con: duckdb.DuckDBPyConnection, contract_id: int) -> pd.DataFrame:
    """Every target version as people read it: levels in their units, dates, the amendment."""

    rows = []
    for t in plain_records(target_history(con, contract_id)):
        k = catalogue.kpi(t["kpi"])
        unit = "accuracy" if k.direction == "target" else k.unit
        rows.append(
            {
                "KPI": k.name,
                "Scope": ", ".join(x for x in (t["program"], t["channel"]) if x)
                or "whole contract",
                "Version": t["version"],
                "Expected": format_value(t["expected"], unit),
                "Minimum": format_value(t["minimum"], unit),
                "Weight": t["weight"],
                "Tier": t["tier"],
                "Allocation %": t["allocation_pct"],
                "Category %": t["category_pct"],
                "Window": t["measurement_window"],
                "From": t["effective_from"],
                "To": t["effective_to"],
                "Amendment": (
                    f"#{t['amendment_id']}: {t['amendment_reason']}"
                    if t["amendment_id"] is not None
                    else "original"
                ),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "KPI",
            "Scope",
            "Version",
            "Expected",
            "Minimum",
            "Weight",
            "Tier",
            "Allocation %",
            "Category %",
            "Window",
            "From",
            "To",
            "Amendment",
        ],
    )


def amendment_table(con: duckdb.DuckDBPyConnection, contract_id: int) -> pd.DataFrame:
    """A contract's amendments, oldest first: date, reason, approver, who recorded it and when."""
    frame = queries.amendments(con, contract_id)
    return frame.drop(columns=["contract_id"]).rename(
        columns={
            "amendment_id": "#",
            "effective_from": "Effective from",
            "reason": "Reason",
            "approved_by": "Approved by",
            "recorded_by": "Recorded by",
            "recorded_at": "Recorded at",
        }
    )


def amendment_note(effective_from: date, last_data_day: date | None) -> str | None:
    """A warning when an amendment would take effect in a month that already has data."""
    if last_data_day is None or effective_from > last_data_day:
        return None
    month = effective_from.replace(day=1)
    return (
        f"This amendment takes effect on {effective_from}, within data already loaded: scores and "
        f"credits from {month:%B %Y} on will be computed with the new targets (earlier months "
        "keep theirs). Record it only if the change was agreed to apply from that date."
    )


def default_effective_date(today: date | None = None) -> date:
    """The first day of next month: the usual date an amendment takes effect."""
    from governance.kpis.periods import add_months

    return add_months((today or date.today()).replace(day=1), 1)
