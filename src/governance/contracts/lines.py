"""KPI lines as people read and enter them: the KPI's name (never its code), levels in the KPI's
own unit (85 % for a rate, 480 s for a duration) and labels that follow its direction.

The contracts file and the store hold codes and fractions (80 % is 0.80); ``to_stored`` and
``to_entry`` convert one level between the two, and ``check_levels`` checks a line's levels
and says what is wrong in the KPI's own words and unit. The contract form (``form``) and the
amendment editor (``editor``) both go through here, so a page never converts a unit itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.errors import InvalidInput
from governance.kpis import catalogue


@dataclass(frozen=True)
class EntryUnit:
    """How a KPI's levels are typed: ``entered = stored × scale``, within ``low``..``high``."""

    symbol: str  # "%", "s", "points", "per contact", "ratio"
    scale: float
    low: float | None
    high: float | None
    hint: str  # one line: how to write a level


_PERCENT = EntryUnit("%", 100.0, 0.0, 100.0, "in percent: 85 means 85 %")
_UNITS = {
    "seconds": EntryUnit("s", 1.0, 0.0, None, "in seconds: 480 means 8 minutes"),
    "points": EntryUnit("points", 1.0, -100.0, 100.0, "in NPS points, −100 to 100"),
    "money": EntryUnit("per contact", 1.0, 0.0, None, "in the contract's currency per contact"),
    "score": EntryUnit("of 5", 1.0, 1.0, 5.0, "on the survey's scale of 1 to 5: 4 means good"),
}
# Billing accuracy is best at exactly 1 (billed what the data supports); it is read as 1.000.
_ACCURACY = EntryUnit(
    "ratio", 1.0, 0.0, 2.0, "as a ratio: 1.000 is billed exactly what the data supports"
)

KPI_NAMES = tuple(k.name for k in catalogue.SCORED_KPIS)
_CODE_BY_NAME = {k.name.casefold(): k.code for k in catalogue.SCORED_KPIS}


def entry_unit(code: str) -> EntryUnit:
    """The unit a KPI's levels are typed in."""
    k = catalogue.kpi(code)
    if k.direction == "target":
        return _ACCURACY
    if k.unit == "ratio":
        return _PERCENT
    return _UNITS[k.unit]


def name_of(code: str) -> str:
    """The KPI's display name."""
    return catalogue.kpi(code).name


def code_of(name: str) -> str:
    """The code of the KPI named ``name`` (case and spacing aside); ``InvalidInput`` otherwise."""
    found = _CODE_BY_NAME.get(" ".join(str(name or "").split()).casefold())
    if found is None:
        raise InvalidInput(
            f"'{name}' is not a KPI of the catalogue; pick one of: {', '.join(KPI_NAMES)}."
        )
    return found


def to_stored(code: str, entered: float) -> float:
    """A level as typed (85 for 85 %) in the stored form (0.85)."""
    return round(float(entered) / entry_unit(code).scale, 12)


def to_entry(code: str, stored: float) -> float:
    """A stored level (0.85) as it is typed (85)."""
    return round(float(stored) * entry_unit(code).scale, 9)


def format_level(code: str, entered: float) -> str:
    """A typed level as people read it: "85 %", "480 s", "30 points", "4.5 per contact", "1.000"."""
    unit = entry_unit(code)
    if unit is _ACCURACY:
        return f"{entered:.3f}"
    if unit is _PERCENT:
        return f"{entered:g} %"
    return f"{entered:g} {unit.symbol}"


def better(code: str) -> str:
    """Which way is better, in a few words: "higher is better", "lower is better", "best at 1"."""
    direction = catalogue.kpi(code).direction
    if direction == "higher":
        return "higher is better"
    if direction == "lower":
        return "lower is better"
    return "best at 1.000"


def limit_label(code: str) -> str:
    """The label of the level past which the KPI is in default, following its direction.

    Never "minimum" for a KPI that is better when lower: its limit is a ceiling.
    """
    direction = catalogue.kpi(code).direction
    if direction == "higher":
        return "Worse limit (default below)"
    if direction == "lower":
        return "Worse limit (default above)"
    return "Worse limit (default further from 1)"


def limit_phrase(code: str) -> str:
    """When the KPI is in default, in a few words: "in default below the worse limit"."""
    direction = catalogue.kpi(code).direction
    if direction == "higher":
        return "in default below the worse limit"
    if direction == "lower":
        return "in default above the worse limit"
    return "in default further from 1 than the worse limit"


LIMIT_HELP = (
    "The worst level the contract accepts. Worse than this is a default (a critical service "
    "level in default earns a service credit); between it and the expected level is 'below "
    "target'. For a KPI that is better when higher (service level) it is a floor; for one that "
    "is better when lower (abandonment, handle time) it is a ceiling."
)
EXPECTED_HELP = "The level the vendor is expected to reach: at or better than it is 'met'."


def check_levels(code: str, expected, limit, what: str | None = None) -> tuple[float, float]:
    """The typed levels of a line as numbers, checked: both given, within the unit's range, and
    the expected level at least as good as the worse limit in the KPI's direction.

    ``what`` names the line in messages (default: the KPI's name). Raises ``InvalidInput``.
    """
    k = catalogue.kpi(code)
    unit = entry_unit(code)
    what = what or k.name
    levels = []
    for label, value in (("expected level", expected), ("worse limit", limit)):
        if value is None or value == "" or (isinstance(value, float) and value != value):
            raise InvalidInput(f"{what}: give the {label} ({unit.hint}).")
        if isinstance(value, bool):
            raise InvalidInput(f"{what}: the {label} must be a number.")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"{what}: the {label} '{value}' is not a number.") from None
        if (unit.low is not None and number < unit.low) or (
            unit.high is not None and number > unit.high
        ):
            span = (
                f"{unit.low:g} to {unit.high:g}"
                if unit.high is not None
                else f"{unit.low:g} or more"
            )
            raise InvalidInput(
                f"{what}: the {label} {number:g} is out of range; write it {unit.hint} ({span})."
            )
        levels.append(number)
    exp, lim = levels
    shown_exp, shown_lim = format_level(code, exp), format_level(code, lim)
    if k.direction == "higher" and exp < lim:
        raise InvalidInput(
            f"{what}: the expected level ({shown_exp}) is below the worse limit ({shown_lim}). "
            f"{k.name} is better when higher, so the expected level must be at or above the "
            "worse limit."
        )
    if k.direction == "lower" and exp > lim:
        raise InvalidInput(
            f"{what}: the expected level ({shown_exp}) is above the worse limit ({shown_lim}). "
            f"{k.name} is better when lower, so the expected level must be at or below the "
            "worse limit."
        )
    if k.direction == "target" and abs(exp - 1) > abs(lim - 1):
        raise InvalidInput(
            f"{what}: the expected level ({shown_exp}) is further from 1 than the worse limit "
            f"({shown_lim}). {k.name} is best at 1, so the expected level must be at least as "
            "close to 1."
        )
    return exp, lim
