"""The contracts file's format (docs: the contracts file; interfaces.md): its vocabulary, the
keys each table may hold, and the parsing and checking of a contract spec's values.

Pure functions: no database, no actor. Each raises ``InvalidInput`` naming the contract, the
key and the problem. ``parse_toml`` reads a contracts file into contract specs;
``parse_target`` checks one target and fills in its defaults; the small readers
(``required_text``, ``parse_date``, ``parse_number``, ``plural_items``, ``reject_unknown``)
read one value or table of a spec. The services that store a spec are in ``terms``.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal

import pandas as pd

from governance import amounts
from governance.errors import InvalidInput
from governance.kpis import catalogue
from governance.kpis.catalogue import CHANNELS, KPI_CODES, SCORED_CODES

PRICING = ("per_productive_hour", "per_handled_minute", "per_contact", "per_fte", "outcome_based")
SL_OVER = ("offered", "answered", "offered_less_short_abandons")
TIERS = ("critical", "key")
WINDOWS = ("month", "quarter")

CONTRACT_KEYS = {
    "vendor",
    "name",
    "start",
    "end",
    "pricing",
    "currency",
    "monthly_fee_basis",
    "at_risk_pct",
    "pool_pct_available",
    "earn_back_windows",
    "repeated_miss_count",
    "dispute_days",
    "dispute_resolve_days",
    "ratchet",
    "excused_kpis",
    "renewal_notice",
    "legal_review",
    "service_level",
    "csat",
    "programs",
    "targets",
    "target",
    "amendments",
    "amendment",
    "rates",
    "rate",
    "billing_tolerance_pct",
}
# The rate card: what a vendor may bill per unit (see ``parse_rate``).
RATE_UNITS = ("contact", "handled_minute", "productive_hour", "fte", "training_hour")
# Other ways a contract names a unit (compared folded, spaces and hyphens as underscores).
RATE_UNIT_ALIASES = {
    **{f"per_{u}": u for u in RATE_UNITS},
    **{f"{u}s": u for u in RATE_UNITS},
    "contacts_handled": "contact",
    "handled_contact": "contact",
    "handled_contacts": "contact",
    "call": "contact",
    "calls": "contact",
    "per_call": "contact",
    "minute": "handled_minute",
    "minutes": "handled_minute",
    "per_minute": "handled_minute",
    "per_handled_minute": "handled_minute",
    "hour": "productive_hour",
    "hours": "productive_hour",
    "per_hour": "productive_hour",
    "per_productive_hour": "productive_hour",
    "per_fte": "fte",
    "training": "training_hour",
    "per_training_hour": "training_hour",
}
RATE_KEYS = {
    "program",
    "channel",
    "unit",
    "price",
    "bands",
    "banding",
    "minimum_monthly",
    "effective_from",
}
BANDINGS = ("graduated", "all_units")
# The unit a pricing model bills when a rate names none.
PRICING_UNITS = {
    "per_contact": "contact",
    "per_handled_minute": "handled_minute",
    "per_productive_hour": "productive_hour",
    "per_fte": "fte",
}
TARGET_KEYS = {
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
AMENDMENT_KEYS = {"effective_from", "reason", "approved_by", "targets", "rates"}
# Fields an amendment may change on a target; the scope (kpi, program, channel) identifies it.
CHANGEABLE = ("expected", "minimum", "weight", "tier", "allocation_pct", "category_pct", "window")


def parse_target(spec: dict, default_from: date, contract: str) -> dict:
    """One target of contract ``contract`` checked, with its defaults (tier key, window month,
    weight 0, ``effective_from`` = ``default_from``) filled in; ``window`` names the measurement
    window."""
    if not isinstance(spec, dict):
        raise InvalidInput(f"Contract '{contract}': each target is a table of keys.")
    reject_unknown(spec, TARGET_KEYS, "target")
    kpi = spec.get("kpi")
    if kpi not in SCORED_CODES:
        raise InvalidInput(
            f"Contract '{contract}': target kpi '{kpi}' is not a KPI code; use one of "
            f"{', '.join(SCORED_CODES)}."
        )
    channel = spec.get("channel")
    if channel is not None and channel not in CHANNELS:
        raise InvalidInput(
            f"Contract '{contract}': target channel '{channel}' is not known; channels are "
            f"{', '.join(CHANNELS)}."
        )
    program = spec.get("program")
    what = f"Contract '{contract}', target {scope_text(kpi, program, channel)}:"
    for key in ("expected", "minimum"):
        if spec.get(key) is None:
            raise InvalidInput(f"{what} {key} is required.")
    tier = spec.get("tier", "key")
    if tier not in TIERS:
        raise InvalidInput(f"{what} tier '{tier}' is not known; use critical or key.")
    window = spec.get("window", "month")
    if window not in WINDOWS:
        raise InvalidInput(f"{what} window '{window}' is not known; use month or quarter.")
    allocation = parse_number(
        spec.get("allocation_pct"), f"{what} allocation_pct", low=0, high=1000, optional=True
    )
    if tier == "critical" and allocation is None:
        raise InvalidInput(
            f"{what} a critical service level needs allocation_pct (its share of credits)."
        )
    expected = parse_number(spec["expected"], f"{what} expected")
    minimum = parse_number(spec["minimum"], f"{what} minimum")
    check_levels(kpi, expected, minimum, what)
    return {
        "kpi": kpi,
        "program": None if program is None else required_text(program, f"{what} program"),
        "channel": channel,
        "expected": expected,
        "minimum": minimum,
        "weight": parse_number(spec.get("weight", 0), f"{what} weight", low=0),
        "tier": tier,
        "allocation_pct": allocation,
        "category_pct": parse_number(
            spec.get("category_pct"), f"{what} category_pct", low=0, high=100, optional=True
        ),
        "window": window,
        "effective_from": parse_date(
            spec.get("effective_from", default_from), f"{what} effective_from"
        ),
    }


def parse_money(value, what: str, *, optional: bool = False) -> Decimal | None:
    """An exact, non-negative amount from a number or text as people write it ("0.85",
    "12,500", "0,85": ``amounts.parse``); text keeps every digit (a TOML float is read as its
    shortest decimal form)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise InvalidInput(f"{what} is required.")
    if isinstance(value, bool):
        raise InvalidInput(f"{what} must be an amount, not {value}.")
    try:
        amount = amounts.parse(value)
    except ValueError:
        raise InvalidInput(f"{what} must be an amount such as 0.85 (got '{value}').") from None
    if not amount.is_finite() or amount < 0:
        raise InvalidInput(f"{what} must be an amount of 0 or more (got '{value}').")
    return amount


def parse_rate(spec: dict, default_from: date, contract: str, pricing: str) -> dict:
    """One line of a contract's rate card, checked: the ``unit`` billed (by default the one its
    pricing bills), its ``price``, optional volume ``bands`` (``[[from_units, price], …]``,
    rising; ``banding`` graduated: each band's units at its price, or all_units: every unit at
    the price of the band the month's volume reaches), an optional ``minimum_monthly`` (the
    least billed in a month for this line), its scope (``program``, ``channel``) and
    ``effective_from`` (the contract's start by default)."""
    if not isinstance(spec, dict):
        raise InvalidInput(f"Contract '{contract}': each rate is a table of keys.")
    reject_unknown(spec, RATE_KEYS, "rate")
    unit = rate_unit(spec.get("unit"), pricing, contract)
    channel = spec.get("channel")
    if channel is not None and channel not in CHANNELS:
        raise InvalidInput(
            f"Contract '{contract}': rate channel '{channel}' is not known; channels are "
            f"{', '.join(CHANNELS)}."
        )
    program = spec.get("program")
    what = f"Contract '{contract}', rate {rate_scope_text(unit, program, channel)}"
    bands = []
    for i, band in enumerate(spec.get("bands") or []):
        band = _band_pair(band, what)
        start = parse_money(band[0], f"{what}: band {i + 1}'s from_units")
        if bands and start <= bands[-1][0]:
            raise InvalidInput(f"{what}: bands must start at rising volumes.")
        bands.append((start, parse_money(band[1], f"{what}: band {i + 1}'s price")))
    banding = spec.get("banding", "graduated")
    if banding not in BANDINGS:
        raise InvalidInput(f"{what}: banding '{banding}' is not known; use graduated or all_units.")
    return {
        "program": None if program is None else required_text(program, f"{what}: program"),
        "channel": channel,
        "unit": unit,
        "price": parse_money(spec.get("price"), f"{what}: price"),
        "bands": bands,
        "banding": banding,
        "minimum_monthly": parse_money(
            spec.get("minimum_monthly"), f"{what}: minimum_monthly", optional=True
        ),
        "effective_from": parse_date(
            spec.get("effective_from", default_from), f"{what}: effective_from"
        ),
    }


def rate_unit(value, pricing: str, contract: str) -> str:
    """A rate's unit as stored (``RATE_UNITS``), from its code or another common name of it
    ("minute", "per_contact", "Handled minutes"); none given: the unit ``pricing`` bills."""
    if value is None:
        value = PRICING_UNITS.get(pricing)
    folded = "_".join(str(value).casefold().replace("-", " ").split())
    unit = folded if folded in RATE_UNITS else RATE_UNIT_ALIASES.get(folded)
    if unit is None:
        raise InvalidInput(
            f"Contract '{contract}': rate unit '{value}' is not known; use one of "
            f"{', '.join(RATE_UNITS)}."
        )
    return unit


_BAND_FROM = ("from_units", "from", "above", "min_units", "start")
_BAND_PRICE = ("price", "rate")


def _band_pair(band, what: str) -> tuple:
    """A volume band as (from_units, price): ``[1000, "0.80"]`` or a table such as
    ``{ from_units = 1000, price = "0.80" }``."""
    if isinstance(band, dict):
        start = next((band[k] for k in _BAND_FROM if k in band), None)
        price = next((band[k] for k in _BAND_PRICE if k in band), None)
        if start is not None and price is not None and len(band) == 2:
            return start, price
    elif isinstance(band, list) and len(band) == 2:
        return band[0], band[1]
    raise InvalidInput(
        f"{what}: each band is [from_units, price] or {{ from_units = …, price = … }}."
    )


def rate_scope_text(unit, program, channel) -> str:
    """A rate named as people read it: "per handled_minute (Billing care) (voice)"."""
    return f"per {unit}" + "".join(f" ({x})" for x in (program, channel) if x)


def plural_items(spec: dict, plural: str, singular: str) -> list:
    """The list under ``plural`` or ``singular`` (either spelling, not both; none: empty)."""
    if plural in spec and singular in spec:
        raise InvalidInput(f"Give either '{plural}' or '{singular}', not both.")
    items = spec.get(plural, spec.get(singular)) or []
    if not isinstance(items, list):
        raise InvalidInput(f"'{plural}' must be a list.")
    return items


def reject_unknown(spec: dict, known: set[str], what: str) -> None:
    """``InvalidInput`` naming the first key of ``spec`` (a ``what``) that is not ``known``."""
    unknown = sorted(set(spec) - known)
    if unknown:
        raise InvalidInput(
            f"Unknown key '{unknown[0]}' in a {what}; known keys: {', '.join(sorted(known))}."
        )


def scope_text(kpi, program, channel) -> str:
    """A target's scope as people read it: "kpi (program, channel)"."""
    parts = [p for p in (program, channel) if p]
    return kpi + (f" ({', '.join(parts)})" if parts else "")


def required_text(value, what: str) -> str:
    """The value as text with its white space collapsed; required (``what`` names it)."""
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidInput(f"{what} is required.")
    return text


def parse_date(value, what: str, *, optional: bool = False) -> date | None:
    """A ``date`` from a date, a timestamp or ISO text; None only when ``optional``."""
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


def parse_currency(value, what: str) -> str | None:
    """An ISO 4217 currency code (three letters, e.g. USD), upper-cased; None when not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = str(value).strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise InvalidInput(
            f"{what} '{value}' is not a currency code: write the three letters of ISO 4217 "
            "(USD, EUR, GBP…)."
        )
    return code


def parse_number(value, what: str, *, low=None, high=None, optional: bool = False) -> float | None:
    """A float within ``low``..``high`` (inclusive, when given); None only when ``optional``."""
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


def check_levels(kpi: str, expected: float, minimum: float, what: str) -> None:
    """Expected must be at least as good as the minimum in the KPI's direction; ratios are 0–1."""
    k = catalogue.kpi(kpi)
    if k.unit == "score":
        for key, value in (("expected", expected), ("minimum", minimum)):
            if not 1 <= value <= 5:
                raise InvalidInput(
                    f"{what} {key} {value:g} is off the survey's scale: write the relationship "
                    "score's levels from 1 to 5 (4 means good)."
                )
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


RATCHET_KEYS = {"share", "best_months", "basis", "cap", "cap_seconds", "kpis"}
RATCHET_BASES = ("best", "limit")


def parse_ratchet(value, name: str) -> dict | None:
    """A contract's continuous-improvement clause, checked, with its defaults; None for none.

    ``share`` (0–1) of the gap closed each year; ``best_months`` N (1–12): the gap is from the
    current expected level to the mean of the best N of the last 12 months (``basis = "best"``)
    or to the KPI's limit, 100 % for a share (``basis = "limit"``); ``cap``: the most one step
    may move a share's expected level, in percentage points (2 = 2 points); ``cap_seconds``: the
    most it may move a time's (handle time, speed of answer); ``kpis``: the KPI codes it covers
    (default: every KPI with a target).
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidInput(f"Contract '{name}': ratchet must be a table of keys and values.")
    reject_unknown(value, RATCHET_KEYS, "ratchet")
    share = parse_number(value.get("share"), f"Contract '{name}': ratchet share", low=0, high=1)
    best = int(
        parse_number(
            value.get("best_months", 3), f"Contract '{name}': ratchet best_months", low=1, high=12
        )
    )
    basis = value.get("basis", "best")
    if basis not in RATCHET_BASES:
        raise InvalidInput(
            f"Contract '{name}': ratchet basis '{basis}' is not known; use best or limit."
        )
    cap = parse_number(
        value.get("cap"), f"Contract '{name}': ratchet cap", low=0, high=100, optional=True
    )
    cap_seconds = parse_number(
        value.get("cap_seconds"), f"Contract '{name}': ratchet cap_seconds", low=0, optional=True
    )
    kpis = value.get("kpis")
    if kpis is not None:
        if not isinstance(kpis, list) or not all(isinstance(k, str) for k in kpis):
            raise InvalidInput(f"Contract '{name}': ratchet kpis must be a list of KPI codes.")
        unknown = [k for k in kpis if k not in KPI_CODES]
        if unknown:
            raise InvalidInput(
                f"Contract '{name}': ratchet kpis names unknown KPIs ({', '.join(unknown)}); "
                f"use codes such as {', '.join(KPI_CODES[:4])}."
            )
    out = {"share": share, "best_months": best, "basis": basis}
    if cap is not None:
        out["cap"] = cap
    if cap_seconds is not None:
        out["cap_seconds"] = cap_seconds
    if kpis:
        out["kpis"] = list(kpis)
    return out


EXCUSABLE_DEFAULT = ("service_level", "abandon_rate", "asa")


def parse_excused_kpis(value, name: str) -> list[str] | None:
    """The KPIs an excused event may excuse under the contract (None: ``EXCUSABLE_DEFAULT``)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise InvalidInput(f"Contract '{name}': excused_kpis must be a list of KPI codes.")
    unknown = [k for k in value if k not in KPI_CODES]
    if unknown:
        raise InvalidInput(
            f"Contract '{name}': excused_kpis names unknown KPIs ({', '.join(unknown)})."
        )
    return list(dict.fromkeys(value))
