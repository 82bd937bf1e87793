"""Which people figures are withheld, decided once from the facts, so that every output of the
same figures withholds the same cells: the scorecards of a month and of its quarter and their
trends, the scorecard breakdowns, the packs' people tables, the ``kpis`` command and the health
reasons (``privacy`` holds the rule; this module applies it to the facts).

The cells are, for each vendor and quarter, the vendor's figure and each of its programs',
sites' and channels', for the quarter and for each of its months. They add up two ways: the
programs (or the sites, or the channels) of a month or quarter to the vendor's (a program's
monthly scorecard beside the vendor's, a site breakdown beside the vendor's figure), and a
cell's months to its quarter (the monthly scorecards and trends beside the quarterly scorecard
and the QBR). ``privacy.withheld_grouped`` decides over all of them together: the small cells,
and beside them the fewest-people cells until no withheld figure can be found by subtracting
shown ones from a shown total, along any of those lines, nor by adding shown parts up to a
withheld total. Decided together, a vendor's month is withheld or shown alike whichever
breakdown sits beside it; decided from the data only (never from the output asking), every
output withholds the same cells.

Each count of a people KPI (``<code>__num``, ``<code>__den``, as the KPI engine sums them) is
decided on its own, as the ``kpis`` command decides them; a KPI is withheld where either of its
counts is, and a people component (``privacy.PEOPLE_COMPONENTS``) where the count it is is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from governance.kpis import catalogue, periods, privacy
from governance.kpis.periods import Period
from governance.store import people_cells, queries

DIMS = ("program", "site", "channel")  # the parts a vendor's people figures are broken into
UNLABELLED = ""  # the part of the facts that names no program (site, channel): never shown alone
KINDS = ("month", "quarter")

# The KPI count each people component is (as the packs' people tables show them).
COUNT_OF = {
    name: f"{k.code}__{side}"
    for k in catalogue.KPIS
    if k.code in privacy.PEOPLE_KPIS
    for side, terms in (("num", k.numerator), ("den", k.denominator))
    for name, _ in terms
}


@dataclass(frozen=True)
class Withholding:
    """The withheld people counts per cell: ``cells[(vendor, dim, part, start, kind)]`` is the
    set of counts withheld (``dim`` and ``part`` None for the vendor's own figure, else program,
    site or channel and its value, ``UNLABELLED`` for facts that name none; ``start`` the first
    day of the month or quarter; ``kind`` month or quarter)."""

    channel: str | None
    cells: Mapping[tuple, frozenset[str]]

    def counts(
        self, vendor: str, part: str | None, start: date, kind: str, dim: str = "program"
    ) -> frozenset[str]:
        part = _part(part)
        key = (vendor, None if part is None else dim, part, start, kind)
        return self.cells.get(key, frozenset())

    def kpi(
        self, code: str, vendor: str, part: str | None, start: date, kind: str, dim="program"
    ) -> bool:
        """True when the people KPI ``code`` of that cell is withheld (either of its counts)."""
        found = self.counts(vendor, part, start, kind, dim)
        return f"{code}__num" in found or f"{code}__den" in found

    def component(
        self, name: str, vendor: str, part: str | None, start: date, kind: str, dim="program"
    ) -> bool:
        """True when the people component ``name`` of that cell is withheld."""
        return COUNT_OF.get(name) in self.counts(vendor, part, start, kind, dim)


def _part(value) -> str | None:
    return None if not isinstance(value, str) and pd.isna(value) else value


def _day(value) -> date | None:
    if value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    return value


def quarters(first: date, last: date) -> list[Period]:
    """The quarters that overlap ``first`` to ``last``."""
    out = [periods.quarter(first)]
    while out[-1].end < last:
        out.append(periods.shift(out[-1], 1))
    return out


def decide(
    con: duckdb.DuckDBPyConnection,
    vendors: Iterable[str] | None,
    first: date,
    last: date,
    *,
    channel: str | None = None,
    k: int | None = None,
) -> Withholding:
    """The withheld cells of every quarter overlapping ``first`` to ``last``, for ``vendors``
    (all when None): the vendor's, and its programs', sites' and channels', decided together
    (a vendor's month is the total of each of them); with ``channel``, over that channel's
    facts only."""
    k = privacy.threshold(k)
    span = quarters(first, last)
    counts = [f"{code}__{side}" for code in privacy.PEOPLE_KPIS for side in ("num", "den")]
    table = people_cells.people_cells(
        con,
        [catalogue.kpi(code) for code in privacy.PEOPLE_KPIS],
        vendors=None if vendors is None else sorted(set(vendors)),
        date_from=span[0].start,
        date_to=span[-1].end,
        channel=channel,
    )
    keys = [
        (v, _part(d), None if _part(d) is None else (UNLABELLED if _part(p) is None else p))
        for v, d, p in zip(table["vendor"], table["dim"], table["part"], strict=True)
    ]
    months = [_day(m) for m in table["month"]]
    quarter = list(table["quarter"])
    # Two ways to add up: the parts of one breakdown in a month or quarter to the vendor's
    # figure (the vendor's row is the total of its programs', sites' and channels'), and the
    # months of one cell to its quarter.
    columns: dict[tuple, list[int]] = {}
    lines: dict[tuple, list[int]] = {}
    for i, ((vendor, dim, _), month) in enumerate(zip(keys, months, strict=True)):
        for d in DIMS if dim is None else (dim,):
            columns.setdefault((vendor, quarter[i], month, d), []).append(i)
        lines.setdefault((*keys[i], quarter[i]), []).append(i)
    groups = [(m, [keys[i][1] is None for i in m]) for m in columns.values()]
    groups += [(m, [months[i] is None for i in m]) for m in lines.values()]
    labels = [
        (str(quarter[i]), str(months[i]), str(d), str(p), v) for i, (v, d, p) in enumerate(keys)
    ]
    masks = privacy.withheld_grouped(table, [[c] for c in counts], groups, labels, k)
    cells: dict[tuple, set[str]] = {}
    for count, mask in zip(counts, masks, strict=True):
        for i in mask[mask].index:
            start, kind = (quarter[i], "quarter") if months[i] is None else (months[i], "month")
            cells.setdefault((*keys[i], start, kind), set()).add(count)
    return Withholding(channel, {key: frozenset(v) for key, v in cells.items()})


def window_kind(start: date, end: date) -> str | None:
    """``month`` or ``quarter`` when ``start`` to ``end`` is exactly one, else None."""
    if start == periods.month(start).start and end == periods.month(start).end:
        return "month"
    q = periods.quarter(start)
    if start == q.start and end == q.end:
        return "quarter"
    return None


def suppress_people(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    period: Period,
    dims: Sequence[str] = ("vendor",),
    k: int | None = None,
) -> pd.DataFrame:
    """``privacy.suppress_people`` for a roll-up of one month or quarter ``period`` (one row per
    vendor, or per vendor and one of ``DIMS``): besides its own small cells and their
    complements, every cell withheld by ``decide`` reads "< k"."""
    parts = [d for d in dims if d != "vendor"]
    if frame.empty or len(parts) > 1 or (parts and parts[0] not in DIMS):
        return privacy.suppress_people(frame, dims, k)
    kind = window_kind(period.start, period.end)
    if kind is None:
        return privacy.suppress_people(frame, dims, k)
    dim = parts[0] if parts else "program"
    decided = decide(con, frame["vendor"].unique(), period.start, period.end, k=k)
    cells = list(zip(frame["vendor"], _parts(frame, parts), strict=True))
    also = {
        name: pd.Series(
            [decided.component(name, v, p, period.start, kind, dim) for v, p in cells],
            index=frame.index,
            dtype=bool,
        )
        for name in privacy.PEOPLE_COMPONENTS
        if name in frame.columns
    }
    return privacy.suppress_people(frame, dims, k, also=also)


def _parts(frame: pd.DataFrame, parts: Sequence[str]) -> list[str | None]:
    """Each row's part: None for a vendor's own row, ``UNLABELLED`` where the facts name none."""
    if not parts:
        return [None] * len(frame)
    return [UNLABELLED if _part(v) is None else v for v in frame[parts[0]]]


def suppress_kpis(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    dims: Sequence[str],
    by: str | None,
    date_from: date | None,
    date_to: date | None,
    k: int | None = None,
) -> pd.DataFrame:
    """``privacy.suppress_kpis`` for the ``kpis`` command's roll-up (``parts=True``) by ``dims``
    and ``by`` over ``date_from`` to ``date_to``, withholding at least what the scorecards,
    packs and pages withhold: besides its own small cells and complements (across the
    dimensions and periods it holds), a row that is a whole month or quarter of the vendor or
    of one program, site or channel withholds what ``decide`` withholds for that cell; any other
    row (a day, a week, a month cut by the range, a range of months, a finer breakdown) is
    withheld where ``decide`` withholds any month it covers, of the programs, sites or channels
    it names (of the vendor when it names none): it is a part of those cells, and its sums with
    shown ones would give them away."""
    parts = [d for d in dims if d != "vendor"]
    split = [d for d in parts if d in DIMS]
    if frame.empty:
        return privacy.suppress_kpis(frame, k, dims=[*dims, "period"] if by else dims)
    spans = _spans(con, frame, by, date_from, date_to)
    first = min(a for a, _ in spans)
    last = max(b for _, b in spans)
    decided = decide(con, frame["vendor"].unique(), first, last, k=k)
    names = {d: _parts(frame, [d]) for d in split}
    exact = len(parts) == len(split) <= 1
    flags: dict[str, list[bool]] = {code: [] for code in privacy.PEOPLE_KPIS}
    for n, vendor in enumerate(frame["vendor"]):
        a, b = spans[n]
        kind = window_kind(a, b)
        scopes = [(d, names[d][n]) for d in split] or [("program", None)]
        if exact and kind is not None:
            cells = [(d, part, a, kind) for d, part in scopes]
        else:
            months = [periods.add_months(periods.month_start(a), j) for j in range(_months(a, b))]
            cells = [(d, part, m, "month") for d, part in scopes for m in months]
        for code, out in flags.items():
            out.append(any(decided.kpi(code, vendor, p, s, kd, d) for d, p, s, kd in cells))
    also = pd.DataFrame(flags, index=frame.index, dtype=bool)
    if by in ("day", "week"):
        # Days and weeks are parts of their month, whose total other outputs show: their
        # complements are found among the month's other days (or weeks, by the month they
        # start in), not anywhere in the range, so no one of them is the month less the rest.
        keyed = frame.assign(_month=[periods.month_start(a) for a, _ in spans])
        dims_by = [*dims, "period", "_month"]
        return privacy.suppress_kpis(keyed, k, dims=dims_by, also=also).drop(columns="_month")
    return privacy.suppress_kpis(frame, k, dims=[*dims, "period"] if by else dims, also=also)


def _months(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month + 1


def _spans(con, frame: pd.DataFrame, by, date_from, date_to) -> list[tuple[date, date]]:
    """The days each row of a roll-up by ``by`` covers: its period cut to the range asked (the
    range itself without a period; the facts' days when the range is open)."""
    if by is None or "period" not in frame:
        low, high = queries.fact_date_range(con)
        span = (date_from or low, date_to or high)
        return [span] * len(frame)
    out = []
    for start in pd.to_datetime(frame["period"]).dt.date:
        if by == "month":
            end = periods.month(start).end
        elif by == "quarter":
            end = periods.quarter(start).end
        elif by == "week":
            end = start + timedelta(days=6)
        else:
            end = start
        out.append((max(start, date_from or start), min(end, date_to or end)))
    return out
