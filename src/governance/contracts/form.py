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
``category_pct`` and ``window``.
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


def spec_from_form(terms: dict, lines: Sequence[dict]) -> dict:
    """The contract spec (contracts-file form) of a filled-in form; ``InvalidInput`` with one
    plain message naming the field or KPI line and what to change.

    Checked here, in the form's words: a name; at least one KPI line; each KPI once; each line's
    levels in its unit and the expected level at least as good as the worse limit; a critical
    line's credit allocation; weights totalling 100; critical allocations within the pool (100 %
    without one). Everything else is checked by ``terms.create_contract``.
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

    targets, seen = [], set()
    for i, line in enumerate(lines, start=1):
        if not line.get("kpi"):
            raise InvalidInput(f"KPI line {i}: pick a KPI.")
        code = kpi_lines.code_of(line["kpi"])
        label = kpi_lines.name_of(code)
        if code in seen:
            raise InvalidInput(f"{label} is listed twice; keep one line per KPI.")
        seen.add(code)
        expected, limit = kpi_lines.check_levels(code, line.get("expected"), line.get("limit"))
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

    total = sum(t["weight"] for t in targets)
    if abs(total - 100) > _TOLERANCE:
        raise InvalidInput(
            f"The weights add up to {total:g}, not 100. Change them so that they total 100 "
            "(each KPI's weight is its share of the weighted score)."
        )
    pool = _number(
        terms.get("pool_pct_available"), "The pool available %", low=0, high=1000, optional=True
    )
    limit = 100.0 if pool is None else pool
    allocated = sum(t.get("allocation_pct") or 0 for t in targets if t["tier"] == "critical")
    if allocated > limit + _TOLERANCE:
        where = f"the pool available ({limit:g} %)" if pool is not None else "100 % (no pool)"
        raise InvalidInput(
            f"The credit allocations of the critical KPIs add up to {allocated:g} %, more than "
            f"{where}. Lower an allocation, or set a larger pool."
        )

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
        "renewal_notice": terms.get("renewal_notice"),
        "legal_review": terms.get("legal_review"),
        "service_level": service_level,
        "programs": program_list(terms.get("programs")),
        "target": targets,
    }
    if spec["start"] is None:
        raise InvalidInput("Give the contract's start date.")
    return {k: v for k, v in spec.items() if v is not None and v != ""}


def form_from_spec(spec: dict) -> tuple[dict, list[dict]]:
    """The form's terms and KPI lines (names, levels in their units) of a contract spec with
    contract-wide targets, such as a starter template. Scoped targets (a program or a channel)
    are left out: the form makes contract-wide lines."""
    sl = spec.get("service_level") or {}
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
        "renewal_notice": spec.get("renewal_notice"),
        "legal_review": spec.get("legal_review"),
        "sl_over": sl.get("over", "offered"),
        "sl_threshold_seconds": sl.get("threshold_seconds", 20),
        "short_abandon_seconds": sl.get("short_abandon_seconds"),
        "programs": list(spec.get("programs") or []),
    }
    form_lines = []
    for t in spec.get("target") or spec.get("targets") or []:
        if t.get("program") or t.get("channel"):
            continue
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
            }
        )
    return terms, form_lines


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
