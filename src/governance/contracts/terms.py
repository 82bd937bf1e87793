"""Contracts, their targets and dated amendments: the write services and target look-ups.

A target is versioned: an amendment closes the version in force (``effective_to`` = the day
before the amendment) and adds a new version; no other change is ever made to a history row, so
a scorecard for any past period can be reproduced from the target versions in force then.

The contracts file's format and the checks on a spec's values are in ``spec``; the Contracts
page's editor and tables in ``editor``; the SQL in ``governance.store.contract_rows``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal

import duckdb
import pandas as pd
import tomli_w

from governance import wording
from governance.access import audit, vendors
from governance.access.actors import Actor, require
from governance.contracts.spec import (
    AMENDMENT_KEYS,
    CHANGEABLE,
    CONTRACT_KEYS,
    PRICING,
    RATE_KEYS,
    SL_OVER,
    TARGET_KEYS,
    parse_currency,
    parse_date,
    parse_excused_kpis,
    parse_number,
    parse_ratchet,
    parse_rate,
    parse_target,
    parse_toml,
    plural_items,
    rate_scope_text,
    rate_unit,
    reject_unknown,
    required_text,
    scope_text,
)
from governance.errors import InvalidInput, NotFound
from governance.kpis.catalogue import SCORED_CODES
from governance.store import billing_rows, contract_rows, db, queries
from governance.store.db import transaction


def add_program(
    con: duckdb.DuckDBPyConnection, actor: Actor, name: str, description: str | None = None
) -> bool:
    """Register a program (line of business); returns False when it was already registered."""
    require(actor, "contracts.write")
    name = required_text(name, "A program name")
    with transaction(con):
        if contract_rows.program_exists(con, name):
            return False
        contract_rows.insert_program(con, name, description)
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


def create_contract(
    con: duckdb.DuckDBPyConnection, actor: Actor, spec: dict, *, acknowledged: dict | None = None
) -> int:
    """Create a contract with its programs in scope, targets and any amendments; returns its id.

    ``spec`` follows the contracts TOML (interfaces.md): ``vendor``, ``name``, ``start``, ``end``,
    ``pricing``, ``currency``, ``at_risk_pct``, ``pool_pct_available``, ``earn_back_windows``,
    ``renewal_notice``, ``legal_review``, ``service_level = {over, threshold_seconds,
    short_abandon_seconds}``, ``programs``, ``targets`` (or ``target``) and optionally
    ``amendments`` (or ``amendment``), applied in date order. Dates are ``date`` objects or ISO
    text. Programs in scope not yet registered are registered. An amendment's reason with
    co-employment wording findings needs ``acknowledged`` (``wording.acknowledgement`` of them).
    Raises ``PermissionDenied``, ``NotFound`` (vendor) or ``InvalidInput`` naming the offending
    key; nothing is written then.
    """
    require(actor, "contracts.write")
    with transaction(con):
        return _create(con, actor, spec, acknowledged)


def _create(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    spec: dict,
    acknowledged: dict | None = None,
    screened: bool = True,
) -> int:
    """``create_contract`` inside the caller's transaction (``screened=False``: a scratch copy
    that is never stored, so its reasons are not screened)."""
    if not isinstance(spec, dict):
        raise InvalidInput("A contract must be given as a table of keys and values.")
    reject_unknown(spec, CONTRACT_KEYS, "contract")
    name = required_text(spec.get("name"), "A contract name")
    vendor_name = required_text(spec.get("vendor"), f"Contract '{name}': the vendor")
    vendor_id = vendors.vendor_id(con, vendor_name)
    start = parse_date(spec.get("start"), f"Contract '{name}': start")
    end = parse_date(spec.get("end"), f"Contract '{name}': end", optional=True)
    if end is not None and end < start:
        raise InvalidInput(f"Contract '{name}': end {end} is before start {start}.")
    pricing = spec.get("pricing")
    if pricing not in PRICING:
        raise InvalidInput(
            f"Contract '{name}': pricing '{pricing}' is not known; use one of {', '.join(PRICING)}."
        )
    sl = dict(spec.get("service_level") or {})
    reject_unknown(sl, {"over", "threshold_seconds", "short_abandon_seconds"}, "service_level")
    sl_over = sl.get("over", "offered")
    if sl_over not in SL_OVER:
        raise InvalidInput(
            f"Contract '{name}': service_level over '{sl_over}' is not known; use one of "
            f"{', '.join(SL_OVER)}."
        )
    threshold = parse_number(
        sl.get("threshold_seconds", 20), "service_level threshold_seconds", low=1
    )
    short_abandon = sl.get("short_abandon_seconds")
    if sl_over == "offered_less_short_abandons" and short_abandon is None:
        raise InvalidInput(
            f"Contract '{name}': service level over offered less short abandons needs "
            "short_abandon_seconds (how quick an abandon is to count as short)."
        )
    csat = dict(spec.get("csat") or {})
    reject_unknown(csat, {"scale", "top_box"}, "csat")
    row = {
        "vendor_id": vendor_id,
        "name": name,
        "start_date": start,
        "end_date": end,
        "pricing": pricing,
        "currency": parse_currency(spec.get("currency"), f"Contract '{name}': currency"),
        "monthly_fee_basis": parse_number(
            spec.get("monthly_fee_basis"), "monthly_fee_basis", low=0, optional=True
        ),
        "at_risk_pct": parse_number(spec.get("at_risk_pct", 10), "at_risk_pct", low=0, high=100),
        "pool_pct_available": parse_number(
            spec.get("pool_pct_available"), "pool_pct_available", low=0, high=1000, optional=True
        ),
        "earn_back_windows": int(
            parse_number(spec.get("earn_back_windows", 3), "earn_back_windows", low=0)
        ),
        "repeated_miss_count": int(
            parse_number(spec.get("repeated_miss_count", 4), "repeated_miss_count", low=1)
        ),
        "dispute_days": int(parse_number(spec.get("dispute_days", 10), "dispute_days", low=1)),
        "ratchet": _clause_json(parse_ratchet(spec.get("ratchet"), name)),
        "excused_kpis": _clause_json(parse_excused_kpis(spec.get("excused_kpis"), name)),
        "dispute_resolve_days": int(
            parse_number(spec.get("dispute_resolve_days", 20), "dispute_resolve_days", low=1)
        ),
        "renewal_notice": parse_date(spec.get("renewal_notice"), "renewal_notice", optional=True),
        "legal_review": parse_date(spec.get("legal_review"), "legal_review", optional=True),
        "sl_over": sl_over,
        "sl_threshold_seconds": int(threshold),
        "short_abandon_seconds": None
        if short_abandon is None
        else int(parse_number(short_abandon, "short_abandon_seconds", low=0)),
        "csat_scale": int(parse_number(csat.get("scale", 5), "csat scale", low=2)),
        "csat_top_box": int(parse_number(csat.get("top_box", 2), "csat top_box", low=1)),
        "billing_tolerance_pct": parse_number(
            spec.get("billing_tolerance_pct", 2), "billing_tolerance_pct", low=0, high=100
        ),
    }
    rates = [parse_rate(r, start, name, pricing) for r in plural_items(spec, "rates", "rate")]
    programs = [required_text(p, "A program in scope") for p in spec.get("programs") or []]
    targets = [parse_target(t, start, name) for t in plural_items(spec, "targets", "target")]
    seen = set()
    for t in targets:
        key = (t["kpi"], t["program"], t["channel"])
        if key in seen:
            raise InvalidInput(
                f"Contract '{name}': target {scope_text(*key)} is given twice; change a "
                "target with an amendment instead."
            )
        seen.add(key)
    amendments = sorted(
        plural_items(spec, "amendments", "amendment"),
        key=lambda a: parse_date(a.get("effective_from"), "amendment effective_from"),
    )

    if contract_rows.contract_id_by_name(con, vendor_id, name) is not None:
        raise InvalidInput(f"{vendor_name} already has a contract named '{name}'.")
    contract_id = contract_rows.insert_contract(con, row, audit.now())
    for program in dict.fromkeys(programs):
        contract_rows.insert_contract_program(con, contract_id, program)
        contract_rows.insert_program_if_new(con, program)
    for t in targets:
        contract_rows.insert_target(con, contract_id, t, version=1, amendment_id=None)
    billing_rows.insert_rates(con, _rate_versions(contract_id, rates, name))
    after = {
        **row,
        "contract_id": contract_id,
        "vendor": vendor_name,
        "programs": list(dict.fromkeys(programs)),
        "targets": contract_rows.target_rows(con, contract_id),
    }
    audit.record(con, actor, "contract.create", "contract", contract_id, None, after)
    for a in amendments:
        reject_unknown(a, AMENDMENT_KEYS, "amendment")
        _amend(
            con,
            actor,
            contract_id,
            effective_from=a.get("effective_from"),
            reason=a.get("reason"),
            approved_by=a.get("approved_by"),
            targets=a.get("targets") or [],
            rates=a.get("rates") or [],
            check=False,
            acknowledged=acknowledged,
            screened=screened,
        )
    check_contract(con, contract_id)
    return contract_id


def _rate_versions(contract_id: int, rates: list[dict], name: str) -> list[tuple]:
    """The rate card's rows: each scope's rates by start, a later one closing the one before
    (its day before) and numbered as versions."""
    by_scope: dict[tuple, list[dict]] = {}
    for r in rates:
        by_scope.setdefault((r["unit"], r["program"], r["channel"]), []).append(r)
    rows = []
    for scope, versions in by_scope.items():
        versions.sort(key=lambda r: r["effective_from"])
        for i, r in enumerate(versions):
            after = versions[i + 1]["effective_from"] if i + 1 < len(versions) else None
            if after is not None and after == r["effective_from"]:
                raise InvalidInput(
                    f"Contract '{name}': two rates {rate_scope_text(*scope)} start on {after}."
                )
            rows.append(
                _rate_row(
                    contract_id,
                    r,
                    effective_to=None if after is None else after - timedelta(days=1),
                    version=i + 1,
                    amendment_id=None,
                )
            )
    return rows


def _rate_row(
    contract_id: int, r: dict, *, effective_to, version: int, amendment_id: int | None
) -> tuple:
    """A checked rate (``parse_rate``) as a ``billing_rows.RATE_COLUMNS`` tuple."""
    bands = (
        json.dumps({"banding": r["banding"], "bands": [[str(a), str(p)] for a, p in r["bands"]]})
        if r["bands"]
        else None
    )
    return (
        contract_id,
        r["program"],
        r["channel"],
        r["unit"],
        r["price"],
        bands,
        r["minimum_monthly"],
        r["effective_from"],
        effective_to,
        version,
        amendment_id,
    )


def rate_spec(row: dict) -> dict:
    """A stored rate-card version in the contracts-file form (amounts as exact text)."""
    banded = json.loads(row["bands"]) if row.get("bands") else None
    return _compact(
        {
            "unit": row["unit"],
            "program": row["program"],
            "channel": row["channel"],
            "price": _decimal_text(row["price"]),
            "bands": None if banded is None else banded["bands"],
            "banding": None if banded is None else banded["banding"],
            "minimum_monthly": None
            if row["minimum_monthly"] is None
            else _decimal_text(row["minimum_monthly"]),
            "effective_from": row["effective_from"],
        }
    )


def _decimal_text(value) -> str:
    """An amount as plain decimal text without trailing zeros: "0.85", "12500"."""
    return format(Decimal(value).normalize(), "f")


def add_amendment(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    contract_id: int,
    *,
    effective_from: date | str,
    reason: str,
    approved_by: str,
    targets: list[dict] | None = None,
    rates: list[dict] | None = None,
    acknowledged: dict | None = None,
) -> int:
    """Record a dated amendment that changes targets or rates; returns the ``amendment_id``.

    ``acknowledged``: the co-employment wording findings the user saw on the reason and chose to
    keep (``wording.acknowledgement``), recorded in the audit event; a reason with findings it
    does not cover is refused (``WordingNotAcknowledged``).

    Each item of ``targets`` names a target by ``kpi`` (+ ``program``, ``channel`` when scoped)
    and the fields that change (expected, minimum, weight, tier, allocation_pct, category_pct,
    window). The version in force on ``effective_from`` is closed the day before and a new
    version carries the unchanged fields over. A target not yet in the contract is added (it
    then needs expected and minimum).

    Each item of ``rates`` names a rate of the rate card by ``unit`` (+ ``program``,
    ``channel``) and what changes (price, bands, banding, minimum_monthly), or ``retire = true``;
    the rate in force is closed the day before and the new version carries the rest over (a
    rate not yet on the card is added and needs its price). Raises ``PermissionDenied``,
    ``NotFound`` (contract) or ``InvalidInput``; nothing is written then.
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
            targets=targets or [],
            rates=rates or [],
            acknowledged=acknowledged,
        )


def targets_in_force(con: duckdb.DuckDBPyConnection, contract_id: int, on: date) -> pd.DataFrame:
    """The target versions of a contract in force on day ``on``, one row per KPI and scope."""
    return contract_rows.targets_in_force(con, contract_id, on)


def contract_id(con: duckdb.DuckDBPyConnection, vendor: str, name: str | None = None) -> int:
    """The id of a vendor's contract (its only or newest one when ``name`` is None); ``NotFound``."""
    vid = vendors.vendor_id(con, vendor)
    if name is None:
        found = contract_rows.newest_contract_id(con, vid)
    else:
        found = contract_rows.contract_id_by_name(con, vid, name)
    if found is None:
        what = f"a contract named '{name}'" if name else "a contract"
        raise NotFound(f"{vendor} has no {what}.")
    return found


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
    rates=(),
    check=True,
    acknowledged=None,
    screened=True,
) -> int:
    contract = contract_rows.contract_term(con, contract_id)
    if contract is None:
        raise NotFound(f"No contract with id {contract_id}.")
    name, start, end = contract
    when = parse_date(effective_from, f"Contract '{name}': amendment effective_from")
    if when <= start:
        raise InvalidInput(
            f"Contract '{name}': an amendment must take effect after the contract starts "
            f"({start}); change the original targets instead."
        )
    if end is not None and when > end:
        raise InvalidInput(
            f"Contract '{name}': the amendment date {when} is after the contract ends ({end})."
        )
    reason = required_text(reason, "An amendment's reason")
    approved_by = required_text(approved_by, "An amendment's approver")
    acknowledged = (
        wording.require_acknowledged(
            {"Reason": reason}, acknowledged, not_people=queries.wording_known_names(con)
        )
        if screened
        else None
    )
    if not targets and not rates:
        raise InvalidInput(f"Contract '{name}': the amendment changes no target and no rate.")

    amendment_id = contract_rows.insert_amendment(
        con,
        contract_id,
        effective_from=when,
        reason=reason,
        approved_by=approved_by,
        recorded_by=actor.name,
        recorded_at=audit.now(),
    )
    before, after = [], []
    for change in targets:
        if not isinstance(change, dict):
            raise InvalidInput(f"Contract '{name}': each amended target is a table of keys.")
        reject_unknown(change, (TARGET_KEYS - {"effective_from"}) | {"retire"}, "amended target")
        kpi = change.get("kpi")
        if kpi not in SCORED_CODES:
            raise InvalidInput(f"Contract '{name}': amended target kpi '{kpi}' is not a KPI code.")
        program, channel = change.get("program"), change.get("channel")
        scope = scope_text(kpi, program, channel)
        if contract_rows.target_versions_from(con, contract_id, kpi, program, channel, when):
            raise InvalidInput(
                f"Contract '{name}': target {scope} already has a version from {when} or later; "
                "amendments are recorded in date order."
            )
        current = contract_rows.target_rows_in_force(con, contract_id, kpi, program, channel, when)
        if change.get("retire"):
            if not current:
                raise InvalidInput(
                    f"Contract '{name}': target {scope} is not in force on {when}, so it cannot "
                    "be retired then."
                )
            contract_rows.close_target(con, int(current[0]["target_id"]), when - timedelta(days=1))
            before.append(current[0])
            after.append({"kpi": kpi, "program": program, "channel": channel, "retired": True})
            continue
        if not current:
            new = parse_target({**change, "effective_from": when}, when, name)
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
            merged.update({k: change[k] for k in CHANGEABLE if k in change})
            new = parse_target(merged, when, name)
            version = int(old["version"]) + 1
            contract_rows.close_target(con, int(old["target_id"]), when - timedelta(days=1))
            before.append(old)
        target_id = contract_rows.insert_target(
            con, contract_id, new, version=version, amendment_id=amendment_id
        )
        after.append({**new, "target_id": target_id, "version": version})
    rates_before, rates_after = _amend_rates(con, contract_id, name, amendment_id, when, rates)
    audit.record(
        con,
        actor,
        "contract.amend",
        "amendment",
        amendment_id,
        {"contract_id": contract_id, "targets": before, "rates": rates_before},
        {
            "contract_id": contract_id,
            "effective_from": when,
            "reason": reason,
            "approved_by": approved_by,
            "targets": after,
            "rates": rates_after,
            **({"wording_acknowledged": acknowledged} if acknowledged else {}),
        },
    )
    if check:
        check_contract(con, contract_id)
    return amendment_id


def _amend_rates(con, contract_id, name, amendment_id, when, changes) -> tuple[list, list]:
    """Apply an amendment's rate changes (see ``add_amendment``); returns the versions closed
    and the versions added, for the audit event."""
    pricing = contract_rows.contract_row(con, contract_id)["pricing"]
    before, after = [], []
    for change in changes:
        if not isinstance(change, dict):
            raise InvalidInput(f"Contract '{name}': each amended rate is a table of keys.")
        reject_unknown(change, (RATE_KEYS - {"effective_from"}) | {"retire"}, "amended rate")
        unit = rate_unit(change.get("unit"), pricing, name)
        program, channel = change.get("program"), change.get("channel")
        scope = rate_scope_text(unit, program, channel)
        if billing_rows.rate_versions_from(con, contract_id, unit, program, channel, when):
            raise InvalidInput(
                f"Contract '{name}': the rate {scope} already has a version from {when} or "
                "later; amendments are recorded in date order."
            )
        current = billing_rows.rate_in_force(con, contract_id, unit, program, channel, when)
        if change.get("retire") and current is None:
            raise InvalidInput(
                f"Contract '{name}': the rate {scope} is not in force on {when}, so it cannot be "
                "retired then."
            )
        if current is not None:
            billing_rows.close_rate(con, current["rate_id"], when - timedelta(days=1))
            before.append({**rate_spec(current), "version": current["version"]})
        if change.get("retire"):
            after.append({"unit": unit, "program": program, "channel": channel, "retired": True})
            continue
        merged = {} if current is None else rate_spec(current)
        merged.update({k: v for k, v in change.items() if k != "retire"})
        merged.update({"unit": unit, "effective_from": when})
        if "bands" in change and not change["bands"]:
            merged.pop("banding", None)
        version = 1 if current is None else int(current["version"]) + 1
        row = _rate_row(
            contract_id,
            parse_rate(merged, when, name, pricing),
            effective_to=None,
            version=version,
            amendment_id=amendment_id,
        )
        billing_rows.insert_rates(con, [row])
        after.append(
            {
                **rate_spec(dict(zip(billing_rows.RATE_COLUMNS, row, strict=True))),
                "version": version,
            }
        )
    return before, after


# --- scorecard scopes and the checks on a contract's target history ---------------------------

_TOLERANCE = 1e-6


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
    contract = contract_rows.contract_row(con, contract_id)
    name, pool = contract["name"], contract["pool_pct_available"]
    rows = contract_rows.target_rows(con, contract_id)
    by_scope: dict[tuple, list[dict]] = {}
    for t in rows:
        by_scope.setdefault((t["kpi"], t["program"], t["channel"]), []).append(t)
    for key, versions in by_scope.items():
        versions.sort(key=lambda t: t["effective_from"])
        for a, b in zip(versions, versions[1:], strict=False):
            if a["effective_to"] is None or a["effective_to"] >= b["effective_from"]:
                raise InvalidInput(
                    f"Contract '{name}': target {scope_text(*key)} has versions from "
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


def contract_spec(con: duckdb.DuckDBPyConnection, contract_id: int) -> dict:
    """A stored contract in the contracts-file form (interfaces.md), amendments included.

    Original targets are listed under ``target``; each amendment lists the full new version of
    every target it changed (or ``retire = true``), so loading the result reproduces the same
    target history. Keys without a value are left out (TOML has no null).
    """
    r = contract_rows.contract_row(con, contract_id)
    if r is None:
        raise NotFound(f"No contract with id {contract_id}.")
    programs = contract_rows.contract_program_names(con, contract_id)
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
        "currency": r.get("currency"),
        "monthly_fee_basis": r["monthly_fee_basis"],
        "at_risk_pct": r["at_risk_pct"],
        "pool_pct_available": r["pool_pct_available"],
        "earn_back_windows": r["earn_back_windows"],
        "repeated_miss_count": r["repeated_miss_count"],
        "dispute_days": r["dispute_days"],
        "dispute_resolve_days": r["dispute_resolve_days"],
        "ratchet": None if not r.get("ratchet") else json.loads(r["ratchet"]),
        "excused_kpis": None if not r.get("excused_kpis") else json.loads(r["excused_kpis"]),
        "renewal_notice": r["renewal_notice"],
        "legal_review": r["legal_review"],
        "service_level": _compact(sl),
        "csat": {"scale": r["csat_scale"], "top_box": r["csat_top_box"]},
        "billing_tolerance_pct": None
        if r.get("billing_tolerance_pct") is None
        else float(r["billing_tolerance_pct"]),
        "programs": programs,
    }
    rate_rows = billing_rows.rates(con, contract_id)
    rates = [rate_spec(x) for x in rate_rows if x["amendment_id"] is None]
    if rates:
        spec["rate"] = rates
    rows = contract_rows.target_rows(con, contract_id)
    spec["target"] = [
        _compact({**_version_fields(t), "effective_from": t["effective_from"]})
        for t in sorted(rows, key=_scope_order)
        if t["amendment_id"] is None
    ]
    amendments = []
    for aid, when, reason, approved_by in contract_rows.amendment_rows(con, contract_id):
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
            _compact(
                {
                    "effective_from": when,
                    "reason": reason,
                    "approved_by": approved_by,
                    "targets": (made + retired) or None,
                    "rates": _amended_rates(rate_rows, aid, when) or None,
                }
            )
        )
    if amendments:
        spec["amendment"] = amendments
    return _compact(spec)


def _amended_rates(rows: list[dict], amendment_id: int, when: date) -> list[dict]:
    """The rates an amendment set (their new versions) or retired, in the contracts-file form."""
    scope = ("unit", "program", "channel")
    made = [
        {k: v for k, v in rate_spec(r).items() if k != "effective_from"}
        for r in rows
        if r["amendment_id"] == amendment_id
    ]
    retired = [
        _compact({**{k: r[k] for k in scope}, "retire": True})
        for r in rows
        if r["effective_to"] == when - timedelta(days=1)
        and not any(o["effective_from"] == when and all(o[k] == r[k] for k in scope) for o in rows)
    ]
    return made + retired


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


def _clause_json(clause: dict | list | None) -> str | None:
    """A clause of the contract (the ratchet, the excusable KPIs) as stored: JSON, or None."""
    return None if clause is None else json.dumps(clause, sort_keys=True)


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


def load_toml(
    con: duckdb.DuckDBPyConnection, actor: Actor, text: str, *, acknowledged: dict | None = None
) -> list[dict]:
    """Load a contracts file: create new contracts, record new amendments of known ones.

    A contract already stored (same vendor and name) must match the file, except that the file
    may add amendments after the stored ones: those are recorded. Returns one dict per contract:
    ``vendor``, ``name``, ``contract_id``, ``result`` (created, unchanged or amended) and
    ``amendments_added``. A new amendment's reason with co-employment wording findings needs
    ``acknowledged`` covering them (``wording.acknowledgement`` of ``reason_findings(text)``).
    All or nothing: ``InvalidInput`` (naming the contract and the problem; ``WordingNotAcknowledged``),
    ``NotFound`` (an unknown vendor) or ``PermissionDenied`` leave the database unchanged.
    """
    require(actor, "contracts.write")
    specs = parse_toml(text)
    results = []
    with transaction(con):
        for spec in specs:
            reject_unknown(spec, CONTRACT_KEYS, "contract")
            name = required_text(spec.get("name"), "A contract name")
            vendor = required_text(spec.get("vendor"), f"Contract '{name}': the vendor")
            vid = vendors.vendor_id(con, vendor)
            cid = contract_rows.contract_id_by_name(con, vid, name)
            if cid is None:
                cid = _create(con, actor, spec, acknowledged)
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
                plural_items(spec, "amendments", "amendment"),
                key=lambda a: parse_date(a.get("effective_from"), "amendment effective_from"),
            )[len(have) :]
            for a in extra:
                reject_unknown(a, AMENDMENT_KEYS, "amendment")
                _amend(
                    con,
                    actor,
                    cid,
                    effective_from=a.get("effective_from"),
                    reason=a.get("reason"),
                    approved_by=a.get("approved_by"),
                    targets=a.get("targets") or [],
                    rates=a.get("rates") or [],
                    acknowledged=acknowledged,
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

    with db.connect(":memory:") as scratch:
        vendors.add_vendors(scratch, actor, [spec["vendor"]])
        with transaction(scratch):
            contract_id = _create(scratch, actor, spec, screened=False)
        return contract_spec(scratch, contract_id)


def reason_findings(text: str, not_people: Iterable[str] = ()) -> list[wording.Finding]:
    """The co-employment wording findings in the amendment reasons of a contracts file (each
    with its field: "Reason (<vendor> — <contract>, <effective_from>)"), to show before loading
    it and to acknowledge them."""
    found: list[wording.Finding] = []
    for spec in parse_toml(text):
        if not isinstance(spec, dict):
            continue
        for a in plural_items(spec, "amendments", "amendment"):
            if isinstance(a, dict) and a.get("reason"):
                where = (
                    f"Reason ({spec.get('vendor')} — {spec.get('name')}, {a.get('effective_from')})"
                )
                found += wording.check_fields(
                    {where: " ".join(str(a["reason"]).split())}, not_people=not_people
                )
    return found
