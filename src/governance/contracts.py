"""Contracts, their targets and dated amendments: the write services and target look-ups.

A target is versioned: an amendment closes the version in force (``effective_to`` = the day
before the amendment) and adds a new version; no other change is ever made to a history row, so
a scorecard for any past period can be reproduced from the target versions in force then.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd

from governance import audit, vendors
from governance.actors import Actor, require
from governance.catalogue import CHANNELS, KPI_CODES
from governance.db import transaction
from governance.errors import InvalidInput, NotFound

PRICING = ("per_productive_hour", "per_handled_minute", "per_contact", "per_fte", "outcome_based")
SL_OVER = ("offered", "answered", "offered_less_short_abandons")
TIERS = ("critical", "key")
WINDOWS = ("month", "quarter")

_CONTRACT_KEYS = {
    "vendor", "name", "start", "end", "pricing", "monthly_fee_basis", "at_risk_pct",
    "pool_pct_available", "earn_back_windows", "repeated_miss_count", "renewal_notice",
    "legal_review", "service_level", "csat", "programs", "targets", "target", "amendments",
    "amendment",
}  # fmt: skip
_TARGET_KEYS = {
    "kpi", "program", "channel", "expected", "minimum", "weight", "tier", "allocation_pct",
    "category_pct", "window", "effective_from",
}  # fmt: skip
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
        audit.record(con, actor, "program.add", "program", name, None,
                     {"name": name, "description": description})  # fmt: skip
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
        "monthly_fee_basis": _number(spec.get("monthly_fee_basis"), "monthly_fee_basis", low=0,
                                     optional=True),
        "at_risk_pct": _number(spec.get("at_risk_pct", 10), "at_risk_pct", low=0, high=100),
        "pool_pct_available": _number(spec.get("pool_pct_available"), "pool_pct_available",
                                      low=0, high=1000, optional=True),
        "earn_back_windows": int(_number(spec.get("earn_back_windows", 3), "earn_back_windows",
                                         low=0)),
        "repeated_miss_count": int(_number(spec.get("repeated_miss_count", 4),
                                           "repeated_miss_count", low=1)),
        "renewal_notice": _date(spec.get("renewal_notice"), "renewal_notice", optional=True),
        "legal_review": _date(spec.get("legal_review"), "legal_review", optional=True),
        "sl_over": sl_over,
        "sl_threshold_seconds": int(threshold),
        "short_abandon_seconds": None if short_abandon is None else int(
            _number(short_abandon, "short_abandon_seconds", low=0)),
        "csat_scale": int(_number(csat.get("scale", 5), "csat scale", low=2)),
        "csat_top_box": int(_number(csat.get("top_box", 2), "csat top_box", low=1)),
    }  # fmt: skip
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
    amendments = sorted(_both(spec, "amendments", "amendment"),
                        key=lambda a: _date(a.get("effective_from"), "amendment effective_from"))  # fmt: skip

    with transaction(con):
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
        after = {**row, "contract_id": contract_id, "vendor": vendor_name,
                 "programs": list(dict.fromkeys(programs)),
                 "targets": _target_rows(con, "contract_id = ?", [contract_id])}  # fmt: skip
        audit.record(con, actor, "contract.create", "contract", contract_id, None, after)
        for a in amendments:
            _no_unknown(a, _AMENDMENT_KEYS, "amendment")
            _amend(con, actor, contract_id, effective_from=a.get("effective_from"),
                   reason=a.get("reason"), approved_by=a.get("approved_by"),
                   targets=a.get("targets") or [])  # fmt: skip
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
) -> int:
    """Record a dated amendment that changes targets; returns the ``amendment_id``.

    Each item of ``targets`` names a target by ``kpi`` (+ ``program``, ``channel`` when scoped)
    and the fields that change (expected, minimum, weight, tier, allocation_pct, category_pct,
    window). The version in force on ``effective_from`` is closed the day before and a new
    version carries the unchanged fields over. A target not yet in the contract is added (it
    then needs expected and minimum). Raises ``PermissionDenied``, ``NotFound`` (contract) or
    ``InvalidInput``; nothing is written then.
    """
    require(actor, "contracts.write")
    with transaction(con):
        return _amend(con, actor, contract_id, effective_from=effective_from, reason=reason,
                      approved_by=approved_by, targets=targets)  # fmt: skip


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


def _amend(con, actor, contract_id, *, effective_from, reason, approved_by, targets) -> int:
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
        _no_unknown(change, _TARGET_KEYS - {"effective_from"}, "amended target")
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
        if not current:
            new = _target({**change, "effective_from": when}, when, name)
            version = 1
        else:
            old = current[0]
            merged = {
                "kpi": kpi, "program": program, "channel": channel,
                "expected": old["expected"], "minimum": old["minimum"], "weight": old["weight"],
                "tier": old["tier"], "allocation_pct": old["allocation_pct"],
                "category_pct": old["category_pct"], "window": old["measurement_window"],
                "effective_from": when,
            }  # fmt: skip
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
    audit.record(con, actor, "contract.amend", "amendment", amendment_id,
                 {"contract_id": contract_id, "targets": before},
                 {"contract_id": contract_id, "effective_from": when, "reason": reason,
                  "approved_by": approved_by, "targets": after})  # fmt: skip
    return amendment_id


def _insert_target(con, contract_id: int, t: dict, *, version: int, amendment_id) -> int:
    return con.execute(
        "INSERT INTO targets (contract_id, kpi, program, channel, expected, minimum, weight, tier, "
        "allocation_pct, category_pct, measurement_window, effective_from, amendment_id, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING target_id",
        [contract_id, t["kpi"], t["program"], t["channel"], t["expected"], t["minimum"],
         t["weight"], t["tier"], t["allocation_pct"], t["category_pct"], t["window"],
         t["effective_from"], amendment_id, version],
    ).fetchone()[0]  # fmt: skip


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
    allocation = _number(spec.get("allocation_pct"), f"{what} allocation_pct", low=0, high=1000,
                         optional=True)  # fmt: skip
    if tier == "critical" and allocation is None:
        raise InvalidInput(
            f"{what} a critical service level needs allocation_pct (its share of credits)."
        )
    return {
        "kpi": kpi,
        "program": None if program is None else _text(program, f"{what} program"),
        "channel": channel,
        "expected": _number(spec["expected"], f"{what} expected"),
        "minimum": _number(spec["minimum"], f"{what} minimum"),
        "weight": _number(spec.get("weight", 0), f"{what} weight", low=0),
        "tier": tier,
        "allocation_pct": allocation,
        "category_pct": _number(spec.get("category_pct"), f"{what} category_pct", low=0,
                                high=100, optional=True),
        "window": window,
        "effective_from": _date(spec.get("effective_from", default_from), f"{what} effective_from"),
    }  # fmt: skip


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
