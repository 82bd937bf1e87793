"""Vendor health (proactive care): leading signals per vendor and vendor × program, before any
service level is missed.

How it is judged (the decisions taken where domain.md is silent):

- **Window**: the ``WINDOW_MONTHS`` months ending with the month assessed. Each signal reads one
  value per month: a KPI as a ratio of the month's summed components (``kpis.rollup``), or the
  number of escalations raised. A month without data is left out (not a zero), except for
  escalations, where a month without one counts zero.
- **Trend**: the least-squares slope per month over the months with data, and a level check:
  the latest month against the mean of the first ``BASELINE_MONTHS`` months. A signal needs at
  least ``MIN_POINTS`` months; fewer and it is "not judged" (said so).
- **Signal rules** (``RULES``, data users tune): a measure moving the wrong way fires when both
  the fitted change over the window (slope × months spanned) and the level change reach the
  rule's ``watch`` size, and counts as at risk when both reach ``at_risk``. Requiring both keeps
  one noisy month from raising or hiding a flag.
- **Service level toward its minimum** (``SL_RULE``): per service-level target of the scorecard
  (the contract's own definition, the target in force in the month assessed). When it falls by
  at least ``min_fall_per_month`` a month, the trend is projected from the latest month with the
  window's slope; the first month it would be below the minimum is the projected breach. A
  breach within ``at_risk_within`` months is at risk, within ``watch_within`` months watch.
  Already below the minimum is at risk.
- **Status**: at risk when any signal is at risk or at least ``AT_RISK_IF_WATCH_SIGNALS`` are on
  watch; watch when any is; healthy otherwise; not assessed without any data in the window.
- **Small cells**: a people signal (attrition, early-tenure attrition) still counts, but its
  reason withholds the figures when its counts are small in any month (``privacy.is_small``) or
  when any month they are summed over is withheld elsewhere (``withholding.decide``: a small
  cell, or a complement of one against the vendor's figure or the quarter's). Its rates are
  sums over rolling months, so a rate over a withheld month and shown ones would give the
  withheld month away; printed only over shown months, they say nothing the scorecards do not.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from governance import kpis
from governance.kpis import catalogue, periods, privacy, withholding
from governance.scoring import scorecard
from governance.store import queries

WINDOW_MONTHS = 6
BASELINE_MONTHS = 2
MIN_POINTS = 3
STATUSES = ("healthy", "watch", "at_risk", "not_assessed")
STATUS_TEXT = {
    "healthy": "✔ Healthy",
    "watch": "▲ Watch",
    "at_risk": "✖ At risk",
    "not_assessed": "— Not assessed",
}
COLUMNS = ("vendor", "program", "status", "reasons", "projected_breach", "signals", "months")


@dataclass(frozen=True)
class Rule:
    """A leading signal: ``source`` (a KPI code or ``escalations``) moving ``worse`` (up/down)."""

    signal: str
    label: str
    source: str
    worse: str  # up | down
    watch: float  # the change (in the measure's own units) that puts a vendor on watch
    at_risk: float  # the change that puts it at risk
    unit: str  # ratio | count
    months: int = 1  # each value is the ratio of sums over this many months ending with it


RULES: tuple[Rule, ...] = (
    # People measures over three months: a program hires and loses a few dozen people a month,
    # so a single month's rate swings by several points.
    Rule("attrition_rising", "Attrition", "attrition", "up", 0.010, 0.020, "ratio", 3),
    Rule(
        "early_attrition_rising",
        "Early-tenure attrition",
        "early_attrition",
        "up",
        0.08,
        0.12,
        "ratio",
        3,
    ),
    Rule("csat_falling", "CSAT", "csat", "down", 0.02, 0.04, "ratio"),
    Rule("qa_falling", "QA score", "qa_score", "down", 0.015, 0.03, "ratio"),
    Rule("escalations_rising", "Escalations", "escalations", "up", 2.0, 4.0, "count"),
)


@dataclass(frozen=True)
class ServiceLevelRule:
    """When a falling service level is a warning: its fall per month and the months to breach."""

    trend_months: int = 4  # the current trend: the latest months of the window
    min_fall_per_month: float = 0.0025
    watch_within: int = 12
    at_risk_within: int = 4


SL_RULE = ServiceLevelRule()
AT_RISK_IF_WATCH_SIGNALS = 3


def validate(rules: Sequence[Rule] = RULES, sl: ServiceLevelRule = SL_RULE) -> None:
    """Check the rules; raises ``ValueError`` naming the first problem."""
    seen = set()
    for r in rules:
        if r.signal in seen:
            raise ValueError(f"health rule {r.signal} declared twice")
        seen.add(r.signal)
        if r.worse not in ("up", "down"):
            raise ValueError(f"health rule {r.signal}: worse must be up or down")
        if not 0 < r.watch <= r.at_risk:
            raise ValueError(f"health rule {r.signal}: need 0 < watch <= at_risk")
        if r.months < 1:
            raise ValueError(f"health rule {r.signal}: months must be at least 1")
        if r.unit not in ("ratio", "count"):
            raise ValueError(f"health rule {r.signal}: unit {r.unit!r}")
        if r.source != "escalations" and r.source not in catalogue.KPI_CODES:
            raise ValueError(f"health rule {r.signal}: unknown source {r.source}")
    if not (sl.min_fall_per_month > 0 and 0 < sl.at_risk_within <= sl.watch_within):
        raise ValueError("service-level rule: need a positive fall and 0 < at_risk <= watch")
    if not MIN_POINTS <= sl.trend_months <= WINDOW_MONTHS:
        raise ValueError("service-level rule: trend_months must fit the window")


validate()


# --- the math: pure functions of a monthly series -------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """A monthly series' least-squares trend and level check (indexes are months in the window)."""

    points: int
    slope: float  # per month
    first_index: int
    last_index: int
    baseline: float  # mean of the first BASELINE_MONTHS months with data
    first: float  # the first month's value
    last: float  # the latest month's value

    @property
    def fitted_change(self) -> float:
        return self.slope * (self.last_index - self.first_index)

    @property
    def level_change(self) -> float:
        return self.last - self.baseline


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def fit(values: Sequence[float | None]) -> Trend | None:
    """The trend of one value per month (None / NaN = no data); None with fewer than MIN_POINTS."""
    pts = [(i, float(v)) for i, v in enumerate(values) if not _missing(v)]
    if len(pts) < MIN_POINTS:
        return None
    n = len(pts)
    mx = sum(i for i, _ in pts) / n
    my = sum(v for _, v in pts) / n
    sxx = sum((i - mx) ** 2 for i, _ in pts)
    slope = sum((i - mx) * (v - my) for i, v in pts) / sxx
    base = [v for _, v in pts[:BASELINE_MONTHS]]
    return Trend(n, slope, pts[0][0], pts[-1][0], sum(base) / len(base), pts[0][1], pts[-1][1])


def judge(trend: Trend | None, rule: Rule) -> str | None:
    """``at_risk``, ``watch`` or None (no flag) for a trend under a rule."""
    if trend is None:
        return None
    sign = 1.0 if rule.worse == "up" else -1.0
    change = min(sign * trend.fitted_change, sign * trend.level_change)
    if change >= rule.at_risk - 1e-12:
        return "at_risk"
    if change >= rule.watch - 1e-12:
        return "watch"
    return None


def months_to_breach(
    values: Sequence[float | None],
    minimum: float,
    direction: str = "higher",
    min_slope: float = SL_RULE.min_fall_per_month,
) -> int | None:
    """Months after the latest month until the trend is worse than ``minimum``.

    0 when the latest month already is; None when there are too few months or the series is not
    moving toward the minimum by at least ``min_slope`` a month. The line starts at the latest
    value and moves by the least-squares slope of the whole series.
    """
    t = fit(values)
    if t is None:
        return None
    sign = 1.0 if direction == "higher" else -1.0  # sign × value falls as it worsens
    if sign * (t.last - minimum) < 0:
        return 0
    fall = -sign * t.slope
    if fall < min_slope:
        return None
    headroom = sign * (t.last - minimum)
    return math.floor(headroom / fall + 1e-12) + 1


# --- assessment -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Signal:
    level: str  # watch | at_risk
    reason: str
    breach: date | None = None


def assess(
    con: duckdb.DuckDBPyConnection, as_of_month: date, vendors: Iterable[str] | None = None
) -> pd.DataFrame:
    """Health of each vendor (``program`` None) and each vendor × program for ``as_of_month``.

    Columns ``COLUMNS``: ``status`` (one of ``STATUSES``), ``reasons`` (plain words, "; "
    between them), ``projected_breach`` (the first month service level would be below its
    minimum on its current trend, or None), ``signals`` (how many fired), ``months`` (months
    with data in the window). Every vendor asked for (all registered when None) has its own row,
    "not assessed" when it has no data in the window. Raises ``NotFound`` for an unknown vendor.
    """
    names = scorecard.check_vendors(con, vendors) or queries.vendor_names(con)
    window = periods.months_back(as_of_month, WINDOW_MONTHS)
    starts = [p.start for p in window]
    span = f"the {WINDOW_MONTHS} months to {_month_text(window[-1].start)}"
    if not names:
        return pd.DataFrame(columns=COLUMNS)
    series = _kpi_series(con, window, names)
    escal = _escalation_totals(
        queries.health_escalations(con, window[0].start, window[-1].end, names)
    )
    sl_lines = _sl_lines(con, window, names)

    out = []
    for vendor in names:
        programs = sorted(
            {p for (v, p) in series if v == vendor and p is not None}
            | {p for (v, p, _) in sl_lines if v == vendor and p is not None}
        )
        for program in (None, *programs):
            monthly = series.get((vendor, program))
            sls = {
                ch: lines for (v, p, ch), lines in sl_lines.items() if (v, p) == (vendor, program)
            }
            months = 0 if monthly is None else monthly["months"]
            if months == 0 and not any(x["actual"] is not None for ls in sls.values() for x in ls):
                out.append(
                    _row(
                        vendor,
                        program,
                        "not_assessed",
                        [f"No KPI data in {span}: not assessed."],
                        None,
                        0,
                        0,
                    )
                )
                continue
            signals, unjudged, missing = [], [], []
            for rule in RULES:
                if rule.source == "escalations":
                    values = _escalation_counts(escal, vendor, program, starts)
                    small = False
                elif monthly is None:
                    values, small = [None] * len(starts), False
                else:
                    values, small = monthly[rule.source]
                if all(v is None for v in values):
                    missing.append(rule.label)
                    continue
                sig = _rule_signal(rule, values, starts, small)
                if sig == "unjudged":
                    unjudged.append(rule.label)
                elif sig is not None:
                    signals.append(sig)
            for channel, lines in sorted(sls.items(), key=lambda x: x[0] or ""):
                sig = _sl_signal(lines, starts, channel)
                if sig == "unjudged":
                    unjudged.append("service level")
                elif sig is not None:
                    signals.append(sig)
            status = _status(signals)
            reasons = [s.reason for s in signals]
            if not signals:
                reasons = [f"No warning sign over {span}."]
            if not sls:
                reasons.append(
                    "Service level not judged: no contract with a service-level target in force."
                )
            if missing:
                reasons.append(f"No data to judge {', '.join(missing)}.")
            if unjudged:
                reasons.append(f"Too few months of data to judge: {', '.join(unjudged)}.")
            breaches = [s.breach for s in signals if s.breach is not None]
            out.append(
                _row(
                    vendor,
                    program,
                    status,
                    reasons,
                    min(breaches, default=None),
                    len(signals),
                    months,
                )
            )
    return pd.DataFrame(out, columns=COLUMNS)


def _row(vendor, program, status, reasons, breach, signals, months) -> dict:
    return {
        "vendor": vendor,
        "program": program,
        "status": status,
        "reasons": "; ".join(reasons),
        "projected_breach": breach,
        "signals": signals,
        "months": months,
    }


def _status(signals: list[_Signal]) -> str:
    if any(s.level == "at_risk" for s in signals) or len(signals) >= AT_RISK_IF_WATCH_SIGNALS:
        return "at_risk"
    return "watch" if signals else "healthy"


def _rule_signal(rule: Rule, values, starts, small: bool):
    t = fit(values)
    if t is None:
        return "unjudged"
    level = judge(t, rule)
    if level is None:
        return None
    verb = "rose" if rule.worse == "up" else "fell"
    months = t.last_index - t.first_index
    what = rule.label + (f" ({rule.months}-month rate)" if rule.months > 1 else "")
    if small:
        return _Signal(
            level,
            f"{what} {verb} over {months} months (figures withheld: "
            f"fewer than {privacy.threshold()} people, or they would give such a figure away)",
        )
    a, b = _value_text(t.baseline, rule.unit), _value_text(t.last, rule.unit)
    base = "the first months" if BASELINE_MONTHS > 1 else _month_text(starts[t.first_index])
    return _Signal(
        level,
        f"{what} {verb} from {a} ({base}) to {b} in {_month_text(starts[t.last_index])}, "
        f"over {months} months",
    )


def _sl_signal(lines: list[dict], starts: list[date], channel: str | None):
    lines, starts = lines[-SL_RULE.trend_months :], starts[-SL_RULE.trend_months :]
    values = [x["actual"] for x in lines]
    latest = next((x for x in reversed(lines) if x["minimum"] is not None), None)
    if latest is None:
        return None
    minimum = latest["minimum"]
    what = "Service level" + (f" ({channel})" if channel else "")
    t = fit(values)
    if t is None:
        return "unjudged"
    last_month = starts[t.last_index]
    gap = months_to_breach(values, minimum, "higher", SL_RULE.min_fall_per_month)
    if gap is None or gap > SL_RULE.watch_within:
        return None
    if gap == 0:
        return _Signal(
            "at_risk",
            f"{what} is below its minimum of {_pct(minimum)}: {_pct(t.last)} in "
            f"{_month_text(last_month)}",
            last_month,
        )
    breach = periods.add_months(last_month, gap)
    level = "at_risk" if gap <= SL_RULE.at_risk_within else "watch"
    return _Signal(
        level,
        f"{what} fell from {_pct(t.first)} to {_pct(t.last)} over "
        f"{t.last_index - t.first_index} months ({-t.slope * 100:.1f} pp a month); on this trend "
        f"it reaches its minimum of {_pct(minimum)} in {_month_text(breach)}",
        breach,
    )


_KPI_RULES = tuple(r for r in RULES if r.source != "escalations")


def _kpi_series(con, window, names) -> dict[tuple, dict]:
    """Per (vendor, program or None): ``{source: (values, small)}`` for each KPI rule, one value
    per window month (None without data), and ``months``: window months with any data."""
    starts = [p.start for p in window]
    reach = max(r.months for r in _KPI_RULES) - 1
    first = periods.add_months(window[0].start, -reach)
    span = [periods.add_months(first, i) for i in range(len(starts) + reach)]
    codes = tuple(dict.fromkeys(r.source for r in _KPI_RULES))
    # Months with data count any headline figure (volume and service level too), not only the
    # ones the rules judge: a vendor with service level but no CSAT has data, and is assessed.
    counted = (*codes, "service_level")
    decided = withholding.decide(con, names, first, window[-1].end)
    at = [span.index(s) for s in starts]  # the window's months among the span's
    out: dict[tuple, dict] = {}
    for dims in (("vendor",), ("vendor", "program")):
        data = kpis.rollup(
            con,
            by="month",
            dims=dims,
            kpis=counted,
            vendors=names,
            date_from=first,
            date_to=window[-1].end,
            parts=True,
        )
        if data.empty:
            continue
        data["period"] = pd.to_datetime(data["period"]).dt.date
        for key, part in data.groupby(list(dims), dropna=False):
            program = None if len(dims) == 1 else key[1]
            if len(dims) == 2 and not isinstance(program, str):
                continue
            frame = part.set_index("period").reindex(span)
            # Plain arrays per column (NaN without data): a few months per group, many groups,
            # so the arithmetic is done on arrays rather than through pandas' indexing.
            col = {
                c: frame[c].to_numpy(dtype="float64", na_value=np.nan)
                for c in (*counted, *(r.source + p for r in _KPI_RULES for p in ("__num", "__den")))
            }
            shown = np.column_stack([~np.isnan(col[c][at]) for c in counted])
            entry: dict = {"months": int(shown.any(axis=1).sum())}
            for rule in _KPI_RULES:
                num = _trailing_sum(col[rule.source + "__num"], rule.months)
                den = _trailing_sum(col[rule.source + "__den"], rule.months)
                has = ~np.isnan(col[rule.source])
                values = [float(num[i] / den[i]) if has[i] and den[i] > 0 else None for i in at]
                small = rule.source in privacy.PEOPLE_KPIS and (
                    any(privacy.is_small(num[i]) or privacy.is_small(den[i]) for i in at if has[i])
                    or any(decided.kpi(rule.source, key[0], program, m, "month") for m in span)
                )
                entry[rule.source] = (values, small)
            out[(key[0], program)] = entry
    return out


def _trailing_sum(values: np.ndarray, months: int) -> np.ndarray:
    """For each month, the sum over the ``months`` ending with it, of those with a value (NaN
    when none has): a ratio of sums over a rolling window, as pandas' ``rolling(months,
    min_periods=1).sum()`` gives it."""
    if months <= 1:
        return values
    out = np.full(len(values), np.nan)
    for i in range(len(values)):
        part = values[max(0, i - months + 1) : i + 1]
        part = part[~np.isnan(part)]
        if len(part):
            out[i] = part.sum()
    return out


def _escalation_totals(escal: pd.DataFrame) -> dict[tuple, dict[date, int]]:
    """Escalations raised per (vendor, None) and (vendor, program), per month: a vendor's own
    count is every escalation of it, one that names a program counts for that program too."""
    totals: dict[tuple, dict[date, int]] = {}
    months = pd.to_datetime(escal["month"]).dt.date
    for vendor, program, month, n in zip(
        escal["vendor"], escal["program"], months, escal["raised"], strict=True
    ):
        keys = [(vendor, None)] + ([(vendor, program)] if isinstance(program, str) else [])
        for k in keys:
            per_month = totals.setdefault(k, {})
            per_month[month] = per_month.get(month, 0) + int(n)
    return totals


def _escalation_counts(
    totals: dict[tuple, dict[date, int]], vendor, program, starts
) -> list[float]:
    found = totals.get((vendor, program), {})
    return [float(found.get(s, 0)) for s in starts]


def _sl_lines(con, window, names) -> dict[tuple, list[dict]]:
    """Service-level scorecard lines per (vendor, program, channel), one per window month."""
    terms = scorecard.load_terms(con)
    wins = [scorecard.Window.of(p) for p in window]
    lines = scorecard.evaluate_lines(con, wins, terms, mode="scorecard", vendors=names)
    starts = [p.start for p in window]
    grouped: dict[tuple, dict[date, dict]] = {}
    for x in lines:
        if x["kpi"] == "service_level":
            grouped.setdefault((x["vendor"], x["program"], x["channel"]), {})[x["period_start"]] = x
    empty = {"actual": None, "minimum": None}
    return {key: [by.get(s, empty) for s in starts] for key, by in grouped.items()}


# --- words ------------------------------------------------------------------------------------


def _month_text(d: date) -> str:
    return d.strftime("%b %Y")


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _value_text(x: float, unit: str) -> str:
    if unit == "count":
        return f"{x:g} a month"
    return _pct(x)


def table(frame: pd.DataFrame, *, with_program: bool = True) -> pd.DataFrame:
    """``assess`` as people read it: Vendor, Program, Status (symbol and word), Reasons,
    Projected breach (month and year, or blank)."""
    out = pd.DataFrame(
        {
            "Vendor": frame["vendor"],
            "Program": [p if isinstance(p, str) else "Whole vendor" for p in frame["program"]],
            "Status": [STATUS_TEXT[s] for s in frame["status"]],
            "Reasons": frame["reasons"],
            "Projected breach": [
                _month_text(d) if isinstance(d, date) else "" for d in frame["projected_breach"]
            ],
        }
    )
    return out if with_program else out.drop(columns="Program")
