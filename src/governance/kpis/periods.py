"""Calendar periods: months and quarters as the governance cadence uses them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from governance.errors import InvalidInput

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
# Month names fixed here, not by the machine's locale: every page, chart and pack reads alike.
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
RANGE_DASH = "\u2013"  # en dash, as in "Sep–Nov 2026"


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


def business_days_after(day: date, n: int) -> date:
    """The n-th business day (Monday to Friday) after ``day`` (``day`` itself for n = 0)."""
    out = day
    while n > 0:
        out += timedelta(days=1)
        if out.weekday() < 5:
            n -= 1
    return out


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


class _Spanned(Protocol):
    start: date
    end: date
    kind: str


def _month_name(d: date) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {d.year}"


def label(period: _Spanned | date | str) -> str:
    """How a period reads to a user, the one form on every page, chart and pack.

    A month reads ``Nov 2026``, a quarter ``Q3 2026``, a span of months ``Sep–Nov 2026`` (or
    ``Nov 2026–Jan 2027`` across a year's end). ``period`` is a ``Period`` (or anything with
    ``start``, ``end`` and ``kind``, such as a scorecard window), a date (its month), or a machine
    label: ``2026-11``, ``2026Q3``, ``2026-09..2026-11``. Machine labels stay the form of keys,
    files and the command line; this is only for reading.
    """
    if isinstance(period, str):
        first, _, last = period.partition("..")
        if not last:
            return label(parse(first))
        start, end = parse(first).start, parse(last).end
        kind = "span"
    elif isinstance(period, date):
        return _month_name(period)
    else:
        start, end, kind = period.start, period.end, period.kind
    if kind == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return _month_name(start)
    if start.year == end.year:
        return f"{MONTH_NAMES[start.month - 1]}{RANGE_DASH}{_month_name(end)}"
    return f"{_month_name(start)}{RANGE_DASH}{_month_name(end)}"


def last_ended(
    months: Iterable[date], kind: str, today: date, upto: date | None = None
) -> Period | None:
    """The newest month (``kind`` "month") or quarter ("quarter") that has data and has ended.

    ``months`` are the months with data; a period has ended when its last day is before
    ``today``. With ``upto`` (a month chosen elsewhere, such as the sidebar's), only periods up
    to the one containing it count. None when no period qualifies.
    """
    make = quarter if kind == "quarter" else month
    ceiling = make(upto).end if upto is not None else None
    ended = {
        make(m)
        for m in months
        if make(m).end < today and (ceiling is None or make(m).end <= ceiling)
    }
    return max(ended) if ended else None
