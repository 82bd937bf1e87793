"""Starter contracts for the usual kinds of outsourced work: voice, chat, email and back office.

A starter is a contract spec in the contracts file's form (codes, fractions, seconds): the
Contracts page fills its form from it ("Start from a template") and ``governance contracts
template`` prints it as a contracts file that ``contracts load`` accepts unchanged. Levels are
the typical ones of the industry (domain: voice service level 80 % in 20 s, abandonment under
5 %, AHT 300–600 s, CSAT 75–90 %, QA 85–95 %); weights total 100 and the critical service
levels' credit allocations total 100 %, so a starter is a valid contract as it stands.
"""

from __future__ import annotations

from datetime import date

import tomli_w

from governance.contracts import lines
from governance.contracts.spec import parse_currency
from governance.errors import InvalidInput
from governance.kpis.periods import add_months, month_end

KINDS = {
    "voice": "Voice",
    "chat": "Chat",
    "email": "Email",
    "back_office": "Back office",
}
PLACEHOLDER_VENDOR = "Example vendor"

# A typical (expected, worse limit) per KPI in stored units, offered when a KPI is added by hand.
# Cost per contact depends on the market and currency: no typical level.
TYPICAL = {
    "service_level": (0.80, 0.75),
    "asa": (30.0, 45.0),
    "abandon_rate": (0.05, 0.08),
    "aht": (420.0, 480.0),
    "fcr": (0.70, 0.65),
    "csat": (0.80, 0.75),
    "nps": (30.0, 20.0),
    "qa_score": (0.90, 0.85),
    "interval_sl_attainment": (0.85, 0.75),
    "attrition": (0.04, 0.06),
    "early_attrition": (0.20, 0.25),
    "training_completion": (0.95, 0.90),
    "cost_per_contact": (None, None),
    "billing_accuracy": (1.0, 1.02),
}


def _t(kpi, expected, minimum, weight, allocation=None, **extra) -> dict:
    target = {"kpi": kpi, "expected": expected, "minimum": minimum, "weight": weight}
    if allocation is not None:
        target |= {"tier": "critical", "allocation_pct": allocation}
    return target | extra


# kind -> (pricing, service-level definition, targets)
_STARTERS = {
    "voice": (
        "per_productive_hour",
        {"over": "offered", "threshold_seconds": 20},
        [
            _t("service_level", 0.80, 0.75, 25, 40),
            _t("abandon_rate", 0.05, 0.08, 15, 20),
            _t("asa", 30.0, 45.0, 10),
            _t("aht", 420.0, 480.0, 10),
            _t("fcr", 0.70, 0.65, 10),
            _t("csat", 0.80, 0.75, 15, 20),
            _t("qa_score", 0.90, 0.85, 15, 20),
        ],
    ),
    "chat": (
        "per_contact",
        {"over": "offered", "threshold_seconds": 60},
        [
            _t("service_level", 0.80, 0.75, 25, 40),
            _t("abandon_rate", 0.05, 0.10, 10, 20),
            _t("aht", 600.0, 720.0, 10),
            _t("fcr", 0.70, 0.65, 15),
            _t("csat", 0.80, 0.75, 20, 20),
            _t("qa_score", 0.90, 0.85, 20, 20),
        ],
    ),
    "email": (
        "per_contact",
        # Answered within 24 hours of arrival.
        {"over": "offered", "threshold_seconds": 86400},
        [
            _t("service_level", 0.90, 0.85, 30, 40),
            _t("aht", 480.0, 600.0, 10),
            _t("fcr", 0.75, 0.70, 15),
            _t("csat", 0.80, 0.75, 20, 30),
            _t("qa_score", 0.90, 0.85, 25, 30),
        ],
    ),
    "back_office": (
        "per_fte",
        # Items completed within two days of arrival.
        {"over": "offered", "threshold_seconds": 172800},
        [
            _t("service_level", 0.95, 0.90, 30, 40),
            _t("aht", 900.0, 1080.0, 15),
            _t("qa_score", 0.97, 0.95, 30, 40),
            _t("attrition", 0.04, 0.06, 10),
            _t("training_completion", 0.95, 0.90, 15, 20),
        ],
    ),
}


def kind_of(text: str) -> str:
    """The template kind ``text`` names ("back-office" and "Back office" are ``back_office``)."""
    kind = "_".join(str(text or "").strip().lower().replace("-", " ").split())
    if kind not in KINDS:
        raise InvalidInput(
            f"'{text}' is not a template; use one of: {', '.join(KINDS).replace('_', '-')}."
        )
    return kind


def starter(
    kind: str,
    *,
    vendor: str = PLACEHOLDER_VENDOR,
    name: str | None = None,
    start: date | None = None,
    currency: str = "USD",
) -> dict:
    """A starter contract of ``kind`` (voice, chat, email, back_office) for ``vendor``, as a
    contract spec: starting on ``start`` (default: the first day of next month), ending at the
    end of its 36th month, 10 % of the monthly invoice at risk, three earn-back windows. ``InvalidInput`` for an
    unknown kind."""
    kind = kind_of(kind)
    pricing, service_level, targets = _STARTERS[kind]
    start = start or add_months(date.today(), 1)
    spec = {
        "vendor": vendor,
        "name": name or f"{KINDS[kind]} services",
        "start": start,
        "end": month_end(add_months(start, 35)),
        "pricing": pricing,
        "currency": parse_currency(currency, "The currency"),
        "at_risk_pct": 10.0,
        "earn_back_windows": 3,
        "repeated_miss_count": 4,
        "service_level": dict(service_level),
        "target": [dict(t) for t in targets],
    }
    return {k: v for k, v in spec.items() if v is not None}


def starter_toml(kind: str, **options) -> str:
    """``starter`` as a contracts file (TOML) with a short header saying how to use it."""
    spec = starter(kind, **options)
    header = (
        f"# A starter {KINDS[kind_of(kind)].lower()} contract (governance contracts template).\n"
        "# Levels are fractions (0.80 is 80 %), durations in seconds; weights total 100.\n"
        "# The vendor must be registered: python -m governance vendors add NAME\n"
        "# Load with: python -m governance contracts load FILE.toml\n\n"
    )
    parts = tomli_w.dumps({"contract": [spec]}).split("[[contract.target]]\n")
    text = parts[0]
    for target, part in zip(spec["target"], parts[1:], strict=True):
        code = target["kpi"]
        levels = (
            f"expected {lines.format_level(code, lines.to_entry(code, target['expected']))}, "
            f"worse limit {lines.format_level(code, lines.to_entry(code, target['minimum']))}"
        )
        text += f"# {lines.name_of(code)} ({lines.better(code)}): {levels}\n"
        text += "[[contract.target]]\n" + part
    return header + text
