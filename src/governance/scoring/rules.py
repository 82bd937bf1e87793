"""The scoring rules: how one KPI actual earns a status and points, and how points make a score.

Pure functions of numbers, with no database, contract or period in sight; ``scorecard`` applies
them to every KPI target of every scorecard (domain.md, "Scorecards").

- **Status and points**: met at or better than expected (100 points), default worse than the
  minimum (0), below target in between (linear; 0 exactly at the minimum). No actual is
  ``no_data``: neither a pass nor a fail, and left out of the weighted score. "Close to 1" KPIs
  (billing accuracy) compare the distance from 1 with the distance of the expected and minimum
  levels from 1. Comparisons allow 1e-9 for floating-point noise.
- **Weighted score** = Σ weight × points ÷ Σ weight over the KPIs with data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

STATUSES = ("met", "below_target", "default", "no_data")
_EPS = 1e-9


def assess(
    actual: float | None, expected: float, minimum: float, direction: str
) -> tuple[str, float | None]:
    """Status and points (0–100) of an actual against expected and minimum levels.

    ``direction`` is the KPI's: ``higher``, ``lower`` or ``target`` (close to 1). No actual (None
    or NaN) gives ``("no_data", None)``.
    """
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return "no_data", None
    if direction == "target":
        actual, expected, minimum = abs(actual - 1), abs(expected - 1), abs(minimum - 1)
        direction = "lower"
    sign = 1.0 if direction == "higher" else -1.0
    a, e, m = sign * actual, sign * expected, sign * minimum  # now higher is better
    if a >= e - _EPS:
        return "met", 100.0
    if a < m - _EPS:
        return "default", 0.0
    if e - m <= _EPS:  # expected equals minimum: a single pass level
        return "below_target", 0.0
    return "below_target", max(0.0, min(100.0, 100.0 * (a - m) / (e - m)))


def weighted_score(weights: Sequence[float], points: Sequence[float | None]) -> float | None:
    """Σ weight × points ÷ Σ weight over the KPIs with points; None when none has data or weight."""
    pairs = [(w, p) for w, p in zip(weights, points, strict=True) if p is not None and p == p]
    total = sum(w for w, _ in pairs)
    if total <= 0:
        return None
    return sum(w * p for w, p in pairs) / total
