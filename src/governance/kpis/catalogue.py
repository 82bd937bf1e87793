"""The KPI catalogue and the additive components it is built from, declared once as data.

Every KPI is a ratio of sums: ``scale × Σ(numerator terms) ÷ Σ(denominator terms)`` over the rows
where every component it uses was reported. Percentages are never averaged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

DIMENSIONS = ("vendor", "program", "site", "channel", "language", "queue")
PERIODS = ("day", "week", "month", "quarter")
CHANNELS = ("voice", "chat", "email", "messaging", "social", "back_office")


@dataclass(frozen=True)
class Component:
    """An additive measure stored in ``kpi_facts``."""

    name: str
    label: str
    unit: str  # count | seconds | money | units
    stock: bool = False  # a stock (headcount) is summed across places and averaged over days


COMPONENTS: tuple[Component, ...] = (
    Component("offered", "Contacts offered", "count"),
    Component("answered", "Contacts answered (handled)", "count"),
    Component("abandoned", "Contacts abandoned", "count"),
    Component("short_abandoned", "Short abandons", "count"),
    Component("answered_within_sl", "Answered within threshold", "count"),
    Component("wait_time_sec", "Queue wait of answered contacts", "seconds"),
    Component("handle_time_sec", "Handle time (talk + hold + after-call work)", "seconds"),
    Component("resolved_first_contact", "Resolved at first contact", "count"),
    Component("fcr_eligible", "Contacts eligible for FCR", "count"),
    Component("csat_satisfied", "Satisfied (top-box) responses", "count"),
    Component("csat_responses", "Satisfaction responses", "count"),
    Component("nps_promoters", "Promoters", "count"),
    Component("nps_detractors", "Detractors", "count"),
    Component("nps_responses", "NPS responses", "count"),
    Component("qa_points", "QA points earned", "count"),
    Component("qa_possible", "QA points possible", "count"),
    Component("intervals", "Intervals", "count"),
    Component("intervals_meeting_sl", "Intervals meeting service level", "count"),
    Component("headcount", "Headcount", "count", stock=True),
    Component("leavers", "Leavers", "count"),
    Component("early_leavers", "Leavers within early-tenure window", "count"),
    Component("new_hires", "New hires", "count"),
    Component("trained", "Staff trained on current material", "count"),
    Component("training_assigned", "Staff assigned to training", "count"),
    Component("invoiced_amount", "Invoiced amount", "money"),
    Component("billed_units", "Billed units", "units"),
)
COMPONENT_NAMES = tuple(c.name for c in COMPONENTS)
_COMPONENTS_BY_NAME = {c.name: c for c in COMPONENTS}


@dataclass(frozen=True)
class Kpi:
    """A KPI: ``scale × Σ numerator ÷ Σ denominator`` with signed terms over components."""

    code: str
    name: str
    numerator: tuple[tuple[str, int], ...]
    denominator: tuple[tuple[str, int], ...]
    direction: str  # higher | lower | target (close to 1)
    unit: str  # ratio | seconds | points | money
    fmt: str  # Excel-style number format, also used by the pages
    per_agent: bool  # naturally measured per agent: only ever shown aggregated
    scale: float = 1.0
    definition: str = ""

    @property
    def components(self) -> tuple[str, ...]:
        """Every component the KPI reads; a row counts only when all of them were reported."""
        seen: list[str] = []
        for name, _ in self.numerator + self.denominator:
            if name not in seen:
                seen.append(name)
        return tuple(seen)

    @property
    def stock_denominator(self) -> bool:
        return any(_COMPONENTS_BY_NAME[n].stock for n, _ in self.denominator)

    def better(self, a: float, b: float) -> bool:
        """True when ``a`` is strictly better than ``b`` in this KPI's direction."""
        if self.direction == "higher":
            return a > b
        if self.direction == "lower":
            return a < b
        return abs(a - 1.0) < abs(b - 1.0)


def _terms(*names: str) -> tuple[tuple[str, int], ...]:
    return tuple((n, 1) for n in names)


PCT = "0.0%"
SECONDS = '0" s"'
MONEY = "#,##0.00"

KPIS: tuple[Kpi, ...] = (
    Kpi(
        "service_level",
        "Service level",
        _terms("answered_within_sl"),
        _terms("offered"),
        "higher",
        "ratio",
        PCT,
        False,
        definition="answered within threshold ÷ offered",
    ),
    Kpi(
        "asa",
        "Average speed of answer",
        _terms("wait_time_sec"),
        _terms("answered"),
        "lower",
        "seconds",
        SECONDS,
        False,
        definition="queue wait of answered ÷ answered",
    ),
    Kpi(
        "abandon_rate",
        "Abandonment rate",
        _terms("abandoned"),
        _terms("offered"),
        "lower",
        "ratio",
        PCT,
        False,
        definition="abandoned ÷ offered",
    ),
    Kpi(
        "aht",
        "Average handle time",
        _terms("handle_time_sec"),
        _terms("answered"),
        "lower",
        "seconds",
        SECONDS,
        True,
        definition="(talk + hold + after-call work) ÷ handled",
    ),
    Kpi(
        "fcr",
        "First contact resolution",
        _terms("resolved_first_contact"),
        _terms("fcr_eligible"),
        "higher",
        "ratio",
        PCT,
        True,
        definition="resolved at first contact ÷ eligible contacts",
    ),
    Kpi(
        "csat",
        "Customer satisfaction",
        _terms("csat_satisfied"),
        _terms("csat_responses"),
        "higher",
        "ratio",
        PCT,
        True,
        definition="top-box responses ÷ responses",
    ),
    Kpi(
        "nps",
        "Net promoter score",
        (("nps_promoters", 1), ("nps_detractors", -1)),
        _terms("nps_responses"),
        "higher",
        "points",
        "0.0",
        True,
        scale=100.0,
        definition="(promoters − detractors) ÷ responses × 100",
    ),
    Kpi(
        "qa_score",
        "Quality score",
        _terms("qa_points"),
        _terms("qa_possible"),
        "higher",
        "ratio",
        PCT,
        True,
        definition="points earned ÷ points possible",
    ),
    Kpi(
        "interval_sl_attainment",
        "Interval SL attainment",
        _terms("intervals_meeting_sl"),
        _terms("intervals"),
        "higher",
        "ratio",
        PCT,
        False,
        definition="intervals meeting service level ÷ intervals",
    ),
    Kpi(
        "attrition",
        "Attrition",
        _terms("leavers"),
        _terms("headcount"),
        "lower",
        "ratio",
        PCT,
        True,
        definition="leavers ÷ average headcount over the period (headcount summed across places, averaged over days)",
    ),
    Kpi(
        "early_attrition",
        "Early-tenure attrition",
        _terms("early_leavers"),
        _terms("new_hires"),
        "lower",
        "ratio",
        PCT,
        True,
        definition="leavers within the early window ÷ new hires",
    ),
    Kpi(
        "training_completion",
        "Training completion",
        _terms("trained"),
        _terms("training_assigned"),
        "higher",
        "ratio",
        PCT,
        True,
        definition="staff trained on current material ÷ staff assigned (vendor-attested)",
    ),
    Kpi(
        "cost_per_contact",
        "Cost per contact",
        _terms("invoiced_amount"),
        _terms("answered"),
        "lower",
        "money",
        MONEY,
        False,
        definition="invoiced amount ÷ handled contacts",
    ),
    Kpi(
        "billing_accuracy",
        "Billing accuracy",
        _terms("billed_units"),
        _terms("answered"),
        "target",
        "ratio",
        "0.000",
        False,
        definition="billed units ÷ units supported by the KPI data (handled contacts for per-contact pricing)",
    ),
)
KPI_CODES = tuple(k.code for k in KPIS)
# Not from the facts: the mean rating of the quarter's stakeholder survey (``scoring.survey``), a
# KPI a contract may score. It has no components: the roll-ups of the facts never compute it.
RELATIONSHIP = Kpi(
    "relationship_score",
    "Relationship score",
    (),
    (),
    "higher",
    "score",
    "0.00",
    False,
    definition="the stakeholder survey's mean rating (1 to 5) over every dimension and "
    "respondent of the quarter",
)
# What a contract's target may name.
SCORED_KPIS = (*KPIS, RELATIONSHIP)
SCORED_CODES = tuple(k.code for k in SCORED_KPIS)
_KPIS_BY_CODE = {k.code: k for k in SCORED_KPIS}

SL_DEFINITIONS = {
    "offered": (_terms("offered"), "answered within {t} s ÷ offered"),
    "answered": (_terms("answered"), "answered within {t} s ÷ answered"),
    "offered_less_short_abandons": (
        (("offered", 1), ("short_abandoned", -1)),
        "answered within {t} s ÷ (offered − abandons within the short-abandon window)",
    ),
}


def kpi(code: str) -> Kpi:
    """The catalogue entry for a KPI code; ``KeyError`` names the unknown code."""
    try:
        return _KPIS_BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown KPI code {code!r}; known: {', '.join(SCORED_CODES)}") from None


def component(name: str) -> Component:
    """The catalogue entry for a component name."""
    try:
        return _COMPONENTS_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown component {name!r}") from None


def service_level(over: str = "offered", threshold_seconds: int = 20) -> Kpi:
    """The service-level KPI under a contract's definition (over offered, answered, or less short abandons)."""
    if over not in SL_DEFINITIONS:
        raise KeyError(
            f"unknown service-level definition {over!r}; known: {', '.join(SL_DEFINITIONS)}"
        )
    denominator, text = SL_DEFINITIONS[over]
    return replace(
        kpi("service_level"), denominator=denominator, definition=text.format(t=threshold_seconds)
    )


# Billing accuracy under a contract's pricing: billed units ÷ the units the KPI data supports.
# (denominator terms, scale, text); outcome-based pricing bills outcomes the data cannot count.
BILLING_UNITS = {
    "per_contact": (_terms("answered"), 1.0, "billed units ÷ handled contacts"),
    "per_handled_minute": (
        _terms("handle_time_sec"),
        60.0,
        "billed minutes ÷ handle time in minutes",
    ),
    "per_productive_hour": (
        _terms("handle_time_sec"),
        3600.0,
        "billed hours ÷ handle time in hours (the supported proxy for productive hours)",
    ),
    "per_fte": (_terms("headcount"), 1.0, "billed FTE ÷ average headcount"),
    "outcome_based": None,
}


def billing_accuracy(pricing: str) -> Kpi | None:
    """Billing accuracy under a pricing model (None for outcome-based: not scored); ``KeyError`` if unknown."""
    if pricing not in BILLING_UNITS:
        raise KeyError(f"unknown pricing {pricing!r}; known: {', '.join(BILLING_UNITS)}")
    if BILLING_UNITS[pricing] is None:
        return None
    denominator, scale, text = BILLING_UNITS[pricing]
    return replace(kpi("billing_accuracy"), denominator=denominator, scale=scale, definition=text)


def validate() -> None:
    """Check the catalogue is self-consistent; raises ``ValueError`` naming the first problem."""
    codes = set()
    for k in KPIS:
        if k.code in codes:
            raise ValueError(f"KPI code {k.code} declared twice")
        codes.add(k.code)
        if k.direction not in ("higher", "lower", "target"):
            raise ValueError(f"KPI {k.code}: direction {k.direction!r}")
        for name, sign in k.numerator + k.denominator:
            if name not in _COMPONENTS_BY_NAME:
                raise ValueError(f"KPI {k.code}: unknown component {name}")
            if sign not in (1, -1):
                raise ValueError(f"KPI {k.code}: term sign must be ±1")


validate()
