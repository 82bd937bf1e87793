"""A new contract from the Contracts page's form.

The form gives the contract's terms and its KPI lines as people enter them: KPIs by name, levels
in the KPI's own unit (85 for 85 %, 480 for 480 s, see ``lines``). ``spec_from_form`` checks
them, saying what is wrong in those words, and turns them into a contract spec (the contracts
file's form: codes and fractions); ``create_from_form`` stores it through
``terms.create_contract``, the service ``contracts load`` uses. ``form_from_spec`` goes the other
way, to fill the form from a starter template (``templates``).

Terms (keys of the ``terms`` dict): ``vendor``, ``name``, ``start``, ``end``, ``pricing``,
``currency``, ``monthly_fee_basis``, ``at_risk_pct``, ``pool_pct_available``,
``earn_back_windows``, ``repeated_miss_count``, ``renewal_notice``, ``legal_review``,
``sl_over``, ``sl_threshold_seconds``, ``short_abandon_seconds`` and ``programs`` (a list, or
text with one program per line or comma). A line (``LINE_FIELDS``): ``kpi`` (the KPI's name),
``expected``, ``limit`` (the worse limit), ``weight``, ``tier``, ``allocation_pct``,
``category_pct`` and ``window``; and its scope (``SCOPE_FIELDS``, optional): ``program`` (one of
the programs in scope) and ``channel`` (a canonical channel), absent or empty for all.

A KPI may have several lines, one per scope. Weights count as scoring counts them
(``terms.scorecard_sets``): each scorecard's weights total 100 — the lines for all programs
together (the vendor's scorecard; a line for one channel counts with them), and each program with
lines of its own: those lines with the lines for all programs they do not replace (a line for one
program replaces the all-programs line of the same KPI and channel in that program's scorecard).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from governance.access import records
from governance.access.actors import Actor, require
from governance.contracts import lines as kpi_lines
from governance.contracts import terms as services
from governance.contracts.spec import PRICING, SL_OVER, TIERS, WINDOWS, parse_number
from governance.contracts.templates import TYPICAL
from governance.errors import InvalidInput
from governance.kpis.catalogue import CHANNELS

LINE_FIELDS = (
    "kpi",
    "expected",
    "limit",
    "weight",
    "tier",
    "allocation_pct",
    "category_pct",
    "window",
)
SCOPE_FIELDS = ("program", "channel")
PRICING_LABELS = {
    "per_productive_hour": "Per productive hour",
    "per_handled_minute": "Per handled minute",
    "per_contact": "Per contact",
    "per_fte": "Per FTE (full-time equivalent)",
    "outcome_based": "Outcome-based",
}
SL_OVER_LABELS = {
    "offered": "answered within the threshold ÷ offered",
    "answered": "answered within the threshold ÷ answered",
    "offered_less_short_abandons": "answered within the threshold ÷ (offered − short abandons)",
}
TIER_LABELS = {
    "critical": "Critical (credit)",
    "key": "Key (no credit)",
}
WINDOW_LABELS = {"month": "Month", "quarter": "Quarter"}
CHANNEL_LABELS = {c: c.replace("_", " ").capitalize() for c in CHANNELS}
ALL_PROGRAMS = "All programs"
ALL_CHANNELS = "All channels"
# The currencies of the usual outsourcing markets first; any ISO 4217 code is accepted.
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "INR", "PHP", "MXN", "COP", "BRL", "ZAR", "PLN")

_TOLERANCE = 1e-6


def _number(value, what: str, *, low=None, high=None, optional=False):
    if value == "":
        value = None
    return parse_number(value, what, low=low, high=high, optional=optional)


def program_list(value) -> list[str]:
    """Programs in scope from a list, or from text with one per line or comma; no repeats."""
    items = (
        value if isinstance(value, list | tuple) else str(value or "").replace("\n", ",").split(",")
    )
    found = []
    for item in items:
        text = records.optional_text(item, "A program name")
        if text:
            found.append(" ".join(text.split()))
    return list(dict.fromkeys(found))


def line_scope(line: dict) -> tuple[str | None, str | None]:
    """A line's (program, channel), None for all programs or all channels."""
    program = " ".join(str(line.get("program") or "").split()) or None
    channel = str(line.get("channel") or "").strip() or None
    return program, channel


def scope_words(program: str | None, channel: str | None) -> str:
    """A scope as the form says it: "Billing care", "chat", "Billing care, back office"; "" for
    the whole contract."""
    parts = [program, None if channel is None else CHANNEL_LABELS.get(channel, channel).lower()]
    return ", ".join(p for p in parts if p)


def _scorecards(targets: Sequence[dict]) -> list[dict]:
    """Each scorecard the targets make, as scoring makes them (``terms.scorecard_sets``), with
    its weight and critical allocations totalled: the lines for all programs (``program`` None;
    left out when there is none), then each program with lines of its own."""
    sets = services.scorecard_sets(targets, ())
    wide = any(t["program"] is None for t in targets)
    found = []
    for program, pairs in sets.items():
        if program is None and not wide:
            continue  # no line for all programs: each program's scorecard stands on its own
        found.append(
            {
                "program": program,
                "weight": sum(t["weight"] for t, _ in pairs),
                "allocated": sum(
                    t.get("allocation_pct") or 0 for t, _ in pairs if t["tier"] == "critical"
                ),
            }
        )
    return found


def _loose_number(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if number != number else number


def scorecard_totals(lines: Sequence[dict]) -> list[dict]:
    """The running totals the form shows while it is filled in: per scorecard (``program`` None
    for the lines for all programs, then each program with lines of its own), the ``weight``
    total and the critical lines' ``allocated`` credit %. Numbers not (yet) readable count as 0."""
    targets = []
    for line in lines:
        program, channel = line_scope(line)
        tier = line.get("tier") or "key"
        targets.append(
            {
                "kpi": " ".join(str(line.get("kpi") or "").split()).casefold(),
                "program": program,
                "channel": channel,
                "weight": _loose_number(line.get("weight")),
                "tier": tier,
                "allocation_pct": _loose_number(line.get("allocation_pct")),
            }
        )
    return _scorecards(targets)


def _check_scorecards(targets: Sequence[dict], pool: float | None) -> None:
    """Each scorecard's weights total 100 and its critical allocations fit the pool (100 %
    without one); ``InvalidInput`` names the scorecard (as ``terms.check_contract`` counts)."""
    scoped = [{"program": None, "channel": None} | t for t in targets]
    cards = _scorecards(scoped)
    by_program = len(cards) > 1 or cards[0]["program"] is not None
    limit = 100.0 if pool is None else pool
    where_pool = f"the pool available ({limit:g} %)" if pool is not None else "100 % (no pool)"
    for card in cards:
        program = card["program"]
        if not by_program:
            weights, allocations = "The weights", "The credit allocations of the critical KPIs"
        elif program is None:
            weights = "The weights of the lines for all programs (the vendor's scorecard)"
            allocations = "The credit allocations of the critical KPIs for all programs"
        else:
            weights = (
                f"The weights of the {program} scorecard (its own lines and the lines for all "
                "programs they do not replace)"
            )
            allocations = (
                f"The credit allocations of the critical KPIs in the {program} scorecard (its "
                "own lines and the lines for all programs they do not replace)"
            )
        if abs(card["weight"] - 100) > _TOLERANCE:
            why = (
                "each KPI's weight is its share of the weighted score"
                if not by_program
                else "a line for one program takes the place of the line for all programs of "
                "the same KPI and channel in that program's scorecard"
            )
            raise InvalidInput(
                f"{weights} add up to {card['weight']:g}, not 100. Change them so that they "
                f"total 100 ({why})."
            )
        if card["allocated"] > limit + _TOLERANCE:
            raise InvalidInput(
                f"{allocations} add up to {card['allocated']:g} %, more than {where_pool}. "
                "Lower an allocation, or set a larger pool."
            )


def spec_from_form(terms: dict, lines: Sequence[dict]) -> dict:
    """The contract spec (contracts-file form) of a filled-in form; ``InvalidInput`` with one
    plain message naming the field or KPI line and what to change.

    Checked here, in the form's words: a name; at least one KPI line; each line's program one of
    the programs in scope; each KPI once per scope (program and channel); each line's levels in
    its unit and the expected level at least as good as the worse limit; a critical line's
    credit allocation; each scorecard's weights totalling 100 and its critical allocations
    within the pool (100 % without one), scorecards as the module docstring says. Everything
    else is checked by ``terms.create_contract``.
    """
    name = records.required_text(terms.get("name"), "The contract's name")
    vendor = records.required_text(terms.get("vendor"), "The vendor")
    pricing = terms.get("pricing")
    if pricing not in PRICING:
        raise InvalidInput("Pick how the vendor is paid (the pricing model).")
    over = terms.get("sl_over") or "offered"
    if over not in SL_OVER:
        raise InvalidInput("Pick how service level is counted.")
    if not lines:
        raise InvalidInput("Add at least one KPI line: pick the KPIs the contract measures.")
    programs = program_list(terms.get("programs"))

    targets, seen = [], set()
    for i, line in enumerate(lines, start=1):
        if not line.get("kpi"):
            raise InvalidInput(f"KPI line {i}: pick a KPI.")
        code = kpi_lines.code_of(line["kpi"])
        program, channel = line_scope(line)
        scope = scope_words(program, channel)
        label = kpi_lines.name_of(code) + (f" ({scope})" if scope else "")
        if channel is not None and channel not in CHANNELS:
            raise InvalidInput(
                f"{label}: '{channel}' is not a channel; pick one of "
                f"{', '.join(CHANNEL_LABELS.values())}, or all channels."
            )
        if program is not None and program not in programs:
            listed = f"({', '.join(programs)})" if programs else "(none is listed)"
            raise InvalidInput(
                f"{label}: '{program}' is not one of the programs in scope {listed}. Add it to "
                "the programs in scope, or pick another program for the line."
            )
        if (code, program, channel) in seen:
            raise InvalidInput(
                f"{label} is listed twice; keep one line per KPI for the same program and channel."
            )
        seen.add((code, program, channel))
        expected, limit = kpi_lines.check_levels(
            code, line.get("expected"), line.get("limit"), label
        )
        weight = _number(line.get("weight") or 0, f"{label}: the weight", low=0)
        tier = line.get("tier") or "key"
        if tier not in TIERS:
            raise InvalidInput(f"{label}: pick critical or key.")
        window = line.get("window") or "month"
        if window not in WINDOWS:
            raise InvalidInput(f"{label}: the measurement window is a month or a quarter.")
        target = {
            "kpi": code,
            "expected": kpi_lines.to_stored(code, expected),
            "minimum": kpi_lines.to_stored(code, limit),
            "weight": weight,
            "tier": tier,
            "window": window,
        }
        if program is not None:
            target["program"] = program
        if channel is not None:
            target["channel"] = channel
        if tier == "critical":
            allocation = _number(
                line.get("allocation_pct"),
                f"{label}: the credit allocation %",
                low=0,
                high=1000,
                optional=True,
            )
            if allocation is None:
                raise InvalidInput(
                    f"{label} is critical (it can earn a service credit): give its credit "
                    "allocation, the share of the at-risk amount a default costs."
                )
            target["allocation_pct"] = allocation
            category = _number(
                line.get("category_pct"),
                f"{label}: the category share %",
                low=0,
                high=100,
                optional=True,
            )
            if category is not None:
                target["category_pct"] = category
        targets.append(target)

    pool = _number(
        terms.get("pool_pct_available"), "The pool available %", low=0, high=1000, optional=True
    )
    _check_scorecards(targets, pool)

    service_level = {
        "over": over,
        "threshold_seconds": _number(
            terms.get("sl_threshold_seconds") or 20, "The service-level threshold (s)", low=1
        ),
    }
    if over == "offered_less_short_abandons":
        service_level["short_abandon_seconds"] = _number(
            terms.get("short_abandon_seconds"),
            "The short-abandon window (s)",
            low=0,
        )
    spec = {
        "vendor": vendor,
        "name": name,
        "start": terms.get("start"),
        "end": terms.get("end"),
        "pricing": pricing,
        "currency": terms.get("currency"),
        "monthly_fee_basis": _number(
            terms.get("monthly_fee_basis"), "The monthly fee basis", low=0, optional=True
        ),
        "at_risk_pct": _number(
            10 if terms.get("at_risk_pct") is None else terms["at_risk_pct"],
            "The at-risk %",
            low=0,
            high=100,
        ),
        "pool_pct_available": pool,
        "earn_back_windows": int(
            _number(
                3 if terms.get("earn_back_windows") is None else terms["earn_back_windows"],
                "The earn-back windows",
                low=0,
            )
        ),
        "repeated_miss_count": int(
            _number(
                4 if terms.get("repeated_miss_count") is None else terms["repeated_miss_count"],
                "The repeated-miss count",
                low=1,
            )
        ),
        "dispute_days": terms.get("dispute_days"),
        "dispute_resolve_days": terms.get("dispute_resolve_days"),
        "renewal_notice": terms.get("renewal_notice"),
        "legal_review": terms.get("legal_review"),
        "service_level": service_level,
        "programs": programs,
        "target": targets,
    }
    if spec["start"] is None:
        raise InvalidInput("Give the contract's start date.")
    return {k: v for k, v in spec.items() if v is not None and v != ""}


def form_from_spec(spec: dict) -> tuple[dict, list[dict]]:
    """The form's terms and KPI lines (names, levels in their units) of a contract spec, such as
    a starter template or a stored contract's original targets, in the spec's order. A target's
    scope is kept on its line (``program``, ``channel``: None for all); a program a target names
    that the spec does not list in scope is added to the programs in scope, as scoring gives it
    a scorecard anyway."""
    sl = spec.get("service_level") or {}
    targets = spec.get("target") or spec.get("targets") or []
    programs = list(spec.get("programs") or [])
    programs += [t["program"] for t in targets if t.get("program") and t["program"] not in programs]
    terms = {
        "vendor": spec.get("vendor"),
        "name": spec.get("name"),
        "start": spec.get("start"),
        "end": spec.get("end"),
        "pricing": spec.get("pricing"),
        "currency": spec.get("currency"),
        "monthly_fee_basis": spec.get("monthly_fee_basis"),
        "at_risk_pct": spec.get("at_risk_pct", 10.0),
        "pool_pct_available": spec.get("pool_pct_available"),
        "earn_back_windows": spec.get("earn_back_windows", 3),
        "repeated_miss_count": spec.get("repeated_miss_count", 4),
        "dispute_days": spec.get("dispute_days"),
        "dispute_resolve_days": spec.get("dispute_resolve_days"),
        "renewal_notice": spec.get("renewal_notice"),
        "legal_review": spec.get("legal_review"),
        "sl_over": sl.get("over", "offered"),
        "sl_threshold_seconds": sl.get("threshold_seconds", 20),
        "short_abandon_seconds": sl.get("short_abandon_seconds"),
        "programs": list(dict.fromkeys(programs)),
    }
    form_lines = []
    for t in targets:
        code = t["kpi"]
        form_lines.append(
            {
                "kpi": kpi_lines.name_of(code),
                "expected": kpi_lines.to_entry(code, t["expected"]),
                "limit": kpi_lines.to_entry(code, t["minimum"]),
                "weight": float(t.get("weight", 0)),
                "tier": t.get("tier", "key"),
                "allocation_pct": t.get("allocation_pct"),
                "category_pct": t.get("category_pct"),
                "window": t.get("window", "month"),
                "program": t.get("program") or None,
                "channel": t.get("channel") or None,
            }
        )
    return terms, form_lines


def another_line(line: dict, lines: Sequence[dict], programs: Sequence[str]) -> dict:
    """A new line of ``line``'s KPI with its levels, weight, tier and allocations, for the first
    program in scope that no line of that KPI and channel has yet (none left: all programs,
    for the user to change)."""
    _, channel = line_scope(line)
    key = " ".join(str(line.get("kpi") or "").split()).casefold()
    taken = {
        line_scope(other)[0]
        for other in lines
        if " ".join(str(other.get("kpi") or "").split()).casefold() == key
        and line_scope(other)[1] == channel
    }
    free = [p for p in programs if p not in taken]
    return {**line, "program": free[0] if free else None, "channel": channel}


def typical_line(name: str) -> dict:
    """A new KPI line for the KPI named ``name`` with the industry's typical levels (none for
    cost per contact), weight 0, key tier, measured monthly."""
    code = kpi_lines.code_of(name)
    expected, limit = TYPICAL[code]
    return {
        "kpi": kpi_lines.name_of(code),
        "expected": None if expected is None else kpi_lines.to_entry(code, expected),
        "limit": None if limit is None else kpi_lines.to_entry(code, limit),
        "weight": 0.0,
        "tier": "key",
        "allocation_pct": None,
        "category_pct": None,
        "window": "month",
    }


def create_from_form(
    con: duckdb.DuckDBPyConnection, actor: Actor, terms: dict, lines: Sequence[dict]
) -> int:
    """Create the contract a filled-in form describes; returns its id. Raises
    ``PermissionDenied``, ``NotFound`` (vendor) or ``InvalidInput``; nothing is written then."""
    require(actor, "contracts.write")
    return services.create_contract(con, actor, spec_from_form(terms, lines))
