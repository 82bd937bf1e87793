"""Calendar periods: months and quarters as the governance cadence uses them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from governance.errors import InvalidInput

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    """A month or a quarter: ``start`` and ``end`` are inclusive days."""

    start: date
    end: date
    kind: str  # month | quarter

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    def previous(self) -> Period:
        return shift(self, -1)

    def __str__(self) -> str:
        return self.label


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, n: int) -> date:
    """The first day of the month ``n`` months after ``d``'s month."""
    index = d.year * 12 + d.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(d: date) -> date:
    return add_months(d, 1) - timedelta(days=1)


def month(d: date) -> Period:
    """The month containing ``d``."""
    start = month_start(d)
    return Period(start, month_end(start), "month")


def quarter(d: date) -> Period:
    """The quarter containing ``d``."""
    start = date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    return Period(start, add_months(start, 3) - timedelta(days=1), "quarter")


def shift(p: Period, n: int) -> Period:
    """The period ``n`` periods after ``p`` (negative for before)."""
    step = 3 if p.kind == "quarter" else 1
    start = add_months(p.start, n * step)
    return quarter(start) if p.kind == "quarter" else month(start)


def parse(text: str) -> Period:
    """``2026-09`` (a month) or ``2026Q3`` / ``2026-Q3`` (a quarter); ``InvalidInput`` otherwise."""
    text = (text or "").strip()
    m = _MONTH.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return month(date(int(m.group(1)), int(m.group(2)), 1))
    q = _QUARTER.match(text)
    if q:
        return quarter(date(int(q.group(1)), 3 * int(q.group(2)) - 2, 1))
    raise InvalidInput(
        f"'{text}' is not a period: write a month as 2026-09 or a quarter as 2026Q3."
    )


def parse_date(text: str, what: str = "date") -> date:
    """An ISO date (2026-09-30); ``InvalidInput`` naming ``what`` otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidInput(f"{what} '{text}' is not a date: write it as YYYY-MM-DD.") from None


def months_back(end: date, count: int) -> list[Period]:
    """``count`` consecutive months ending with the month of ``end``, oldest first."""
    last = month(end)
    return [shift(last, i) for i in range(-(count - 1), 1)]
