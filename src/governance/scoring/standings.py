"""Standings: the bands a weighted score falls in, each with its recommended governance action.

Rules as data: the bands are declared once (``DEFAULT_BANDS``), validated when loaded
(``load_bands``) and looked up with ``standing``. Bands are contiguous and cover 0–100; each band
holds scores from its ``low`` (inclusive) up to its ``high`` (exclusive), except the top band,
which includes 100 (the "inclusive top"). So with the defaults 90 is Excellent, 89.99 Good.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from governance.errors import InvalidInput


@dataclass(frozen=True)
class Band:
    """A standing: scores in [low, high) (the top band: [low, 100]) and what governance does."""

    name: str
    low: float
    high: float
    action: str


DEFAULT_BANDS: tuple[dict, ...] = (
    {
        "name": "Excellent",
        "low": 90,
        "high": 100,
        "action": "Recognise the results at the MBR; keep the normal governance cadence.",
    },
    {
        "name": "Good",
        "low": 75,
        "high": 90,
        "action": "Review at the monthly MBR; no action beyond the normal cadence.",
    },
    {
        "name": "Watch",
        "low": 60,
        "high": 75,
        "action": "Ask the vendor for an improvement plan with dates at the next MBR and track it "
        "as an action item.",
    },
    {
        "name": "At risk",
        "low": 0,
        "high": 60,
        "action": "Escalate to L2 (VMO lead and vendor operations director): require a remediation "
        "plan, review service credits and contract options at the QBR.",
    },
)


def load_bands(rows: Iterable[dict] = DEFAULT_BANDS) -> tuple[Band, ...]:
    """Validate band rules and return them from the highest band down.

    Each row has ``name``, ``low``, ``high``, ``action``. Raises ``InvalidInput`` naming the
    problem: a missing field, a band whose low is not below its high, a gap or an overlap
    between neighbours, bands that do not cover 0–100 exactly, or a name used twice.
    """
    bands = []
    for i, row in enumerate(rows, start=1):
        missing = [k for k in ("name", "low", "high", "action") if row.get(k) in (None, "")]
        if missing:
            raise InvalidInput(f"Standing band {i} has no {missing[0]}.")
        unknown = sorted(set(row) - {"name", "low", "high", "action"})
        if unknown:
            raise InvalidInput(f"Standing band '{row['name']}': unknown key '{unknown[0]}'.")
        try:
            low, high = float(row["low"]), float(row["high"])
        except (TypeError, ValueError):
            raise InvalidInput(
                f"Standing band '{row['name']}': low and high must be numbers."
            ) from None
        if not low < high:
            raise InvalidInput(
                f"Standing band '{row['name']}': low {low:g} must be below high {high:g}."
            )
        bands.append(Band(str(row["name"]), low, high, str(row["action"])))
    if not bands:
        raise InvalidInput("There must be at least one standing band.")
    names = [b.name for b in bands]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InvalidInput(f"Standing band '{twice[0]}' is declared twice.")
    bands.sort(key=lambda b: b.low, reverse=True)
    if bands[0].high != 100 or bands[-1].low != 0:
        raise InvalidInput(
            f"Standing bands must cover 0 to 100; these cover {bands[-1].low:g} to {bands[0].high:g}."
        )
    for upper, lower in zip(bands, bands[1:], strict=False):
        if lower.high != upper.low:
            what = "overlap" if lower.high > upper.low else "leave a gap"
            raise InvalidInput(
                f"Standing bands '{lower.name}' (up to {lower.high:g}) and '{upper.name}' "
                f"(from {upper.low:g}) {what}: a band must end where the next one starts."
            )
    return tuple(bands)


BANDS = load_bands()


def standing(score: float | None, bands: tuple[Band, ...] = BANDS) -> Band | None:
    """The band a weighted score falls in (None when there is no score)."""
    if score is None or score != score:  # None or NaN: no data, no standing
        return None
    for band in bands:  # highest first
        if score >= band.low:
            return band
    return bands[-1]


def rank_of(name: str | None, bands: tuple[Band, ...] = BANDS) -> int | None:
    """Position of a standing from the top (0 = best); None for no standing."""
    for i, band in enumerate(bands):
        if band.name == name:
            return i
    return None
