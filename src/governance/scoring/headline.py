"""The Portfolio's headline for leadership: five figures for a month, each with its change against
the month before and the months leading up to it (``SERIES_MONTHS``) for a sparkline.

How each is made (the decisions taken where domain.md is silent):

- **Vendors at risk**: vendors whose weighted score against their contract (the vendor
  scorecard, as ``scorecard.scorecards`` scores it) falls in the lowest standing band (``At
  risk``: below 60 with the default bands), out of the vendors scored that month.
- **Portfolio service level**: the vendors' service-level sums added up, never their
  percentages averaged: Σ answered within each contract's threshold ÷ Σ each contract's
  denominator (offered, answered, or offered less short abandons), over the vendors whose
  contract sets a service-level target with data in the month. Its **target** is the same
  vendors' expected levels weighted by those denominators: where the portfolio would stand with
  every vendor exactly at its expected level. The definitions summed are listed, as they may
  differ. Per vendor the contract-wide target is used; without one, its targets per program or
  per channel when they do not overlap; otherwise the vendor is left out (and named).
- **Service credits**: the month's credits and the year to date (January to the month) from
  the credit ledger (``credits.ledger``), per currency: amounts in different currencies are
  never added. The change and sparkline are shown only when every amount is in one currency.
- **Open P1/P2 escalations**: escalations of severity P1 or P2 whose recorded status at the end
  of the month (its last day, midnight; for the month in progress that is now, as nothing later
  is recorded) was open, acknowledged or escalated: neither resolved nor closed. A status is
  read from the escalation's history, so one since resolved counts where it was open then.
- **Trending to breach**: vendors with at least one KPI of their scorecard that is within its
  worse limit in the month (met or below target) but moved toward it over the last
  ``TREND_MONTHS`` months (each with data; the least-squares slope) and, at that pace, would
  pass it within ``BREACH_WITHIN`` months (``health.months_to_breach``). People measures are
  left out: their figures may be withheld for small cells, and vendor health watches them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

import duckdb
import pandas as pd

from governance.kpis import frames, periods, privacy
from governance.kpis.periods import Period
from governance.scoring import credits, health, presentation, scorecard, standings
from governance.store import queries

SERIES_MONTHS = 12
TREND_MONTHS = 3
BREACH_WITHIN = 3
OPEN_STATUSES = ("open", "acknowledged", "escalated")
URGENT = ("P1", "P2")
_MOVING = 1e-9  # the least slope toward the limit that counts as moving (floating-point noise)


@dataclass(frozen=True)
class Headline:
    """The headline figures of ``month`` and of each month of its series (``months``, oldest
    first, ending with ``month``).

    ``scored``: per month, the vendors with a weighted score; ``at_risk``: those of them in the
    lowest standing band. ``service_level``: per month with data, ``period``, ``value``,
    ``target``, ``numerator``, ``denominator``, ``vendors`` (how many summed);
    ``sl_definitions``: the service-level definitions summed in ``month``; ``sl_left_out``: the
    vendors scored in ``month`` whose service-level targets overlap (not summed). ``credits``:
    per month and currency the month's credits, ``period``, ``currency`` (None: the contract
    states none), ``total``; ``ytd``: per currency, January to ``month``. ``escalations``: per
    month end, vendor and severity the P1/P2 escalations open, ``period``, ``vendor``,
    ``severity``, ``open``. ``trending``: per month, the vendors trending to breach; ``trends``:
    ``month``'s KPIs trending to breach, ``vendor``, ``kpi``, ``kpi_name``, ``channel``,
    ``actual``, ``minimum``, ``unit``, ``direction``, ``slope`` (per month), ``breach`` (the
    month it would pass its worse limit).
    """

    month: Period
    months: tuple[date, ...]
    scored: dict[date, tuple[str, ...]]
    at_risk: dict[date, tuple[str, ...]]
    service_level: pd.DataFrame
    sl_definitions: tuple[str, ...]
    sl_left_out: tuple[str, ...]
    credits: pd.DataFrame
    ytd: pd.DataFrame
    escalations: pd.DataFrame
    trending: dict[date, tuple[str, ...]]
    trends: pd.DataFrame


def headline(
    con: duckdb.DuckDBPyConnection,
    month: date,
    vendors: Iterable[str] | None = None,
    *,
    terms: scorecard.Terms | None = None,
) -> Headline:
    """The headline figures for ``month`` (see the module docstring), for every vendor or those
    named. Raises ``NotFound`` for an unknown vendor."""
    m = periods.month(month)
    terms = terms or scorecard.load_terms(con)
    wanted = scorecard.check_vendors(con, vendors)
    names = [v for v in terms.vendors if wanted is None or v in wanted]
    series = periods.months_back(m.start, SERIES_MONTHS)
    months = tuple(p.start for p in series)
    reach = periods.months_back(m.start, SERIES_MONTHS + TREND_MONTHS - 1)
    lines = scorecard.evaluate_lines(
        con, [scorecard.Window.of(p) for p in reach], terms, mode="vendor", vendors=names
    )
    scored, at_risk = _standings(lines, terms, months)
    sl, definitions, left_out = _service_level(lines, months, m.start)
    trending, trends = _trending(lines, months, m.start)

    ledger = credits.ledger(con, series, names, terms=terms)
    valued = [
        (periods.parse(r["period"]).start, r["currency"], r["total"])
        for r in frames.plain_records(ledger.summary)
        if r["total"] is not None
    ]
    credit_months = _sums(valued, with_period=True)
    ytd = _sums([x for x in valued if x[0].year == m.start.year], with_period=False)

    ends = [datetime.combine(periods.add_months(d, 1), time()) for d in months]
    # Every vendor's escalations (or the named ones'), with a contract or not.
    found = queries.open_escalations_at(con, ends, OPEN_STATUSES, URGENT, wanted)
    found["period"] = [periods.add_months(pd.Timestamp(t).date(), -1) for t in found["at"]]
    escalations = found[["period", "vendor", "severity", "open"]].reset_index(drop=True)

    return Headline(
        m,
        months,
        scored,
        at_risk,
        sl,
        definitions,
        left_out,
        credit_months,
        ytd,
        escalations,
        trending,
        trends,
    )


def _standings(lines: list[dict], terms: scorecard.Terms, months: tuple[date, ...]):
    """Per month: the vendors scored, and those in the lowest standing band."""
    summary = scorecard.summarise([x for x in lines if x["period_start"] in months], terms)
    lowest = standings.BANDS[-1].name
    scored: dict[date, list[str]] = {d: [] for d in months}
    at_risk: dict[date, list[str]] = {d: [] for d in months}
    for r in frames.plain_records(summary):
        if r["weighted_score"] is None:
            continue
        scored[r["period_start"]].append(r["vendor"])
        if r["standing"] == lowest:
            at_risk[r["period_start"]].append(r["vendor"])
    return (
        {d: tuple(sorted(v)) for d, v in scored.items()},
        {d: tuple(sorted(v)) for d, v in at_risk.items()},
    )


def _summable(group: list[dict]) -> list[dict] | None:
    """The service-level lines of one vendor and month that add up without counting a contact
    twice: the contract-wide one; else lines per channel, or per program, when each names a
    different one; None when they overlap."""
    whole = [x for x in group if x["measured_over"] is None and x["channel"] is None]
    if whole:
        return whole[:1]
    for apart, same in (("channel", "measured_over"), ("measured_over", "channel")):
        if all(x[same] is None for x in group) and len({x[apart] for x in group}) == len(group):
            return group
    return None


def _service_level(lines: list[dict], months: tuple[date, ...], month: date):
    """Per month the portfolio's service level and target from the vendors' service-level sums;
    the definitions summed in ``month`` and the vendors left out of it."""
    groups: dict[tuple[str, date], list[dict]] = {}
    for x in lines:
        if x["kpi"] == "service_level" and x["period_start"] in months:
            groups.setdefault((x["vendor"], x["period_start"]), []).append(x)
    sums = {
        d: {"numerator": 0.0, "denominator": 0.0, "expected": 0.0, "vendors": 0} for d in months
    }
    definitions, left_out = set(), set()
    for (vendor, start), group in sorted(groups.items()):
        chosen = _summable(group)
        if chosen is None:
            if start == month:
                left_out.add(vendor)
            continue
        counted = [x for x in chosen if x["numerator"] is not None and x["denominator"]]
        if not counted:
            continue
        s = sums[start]
        s["vendors"] += 1
        for x in counted:
            s["numerator"] += x["numerator"]
            s["denominator"] += x["denominator"]
            s["expected"] += x["denominator"] * x["expected"]
            if start == month:
                definitions.add(x["definition"])
    rows = [
        {
            "period": d,
            "value": s["numerator"] / s["denominator"],
            "target": s["expected"] / s["denominator"],
            "numerator": s["numerator"],
            "denominator": s["denominator"],
            "vendors": s["vendors"],
        }
        for d, s in sums.items()
        if s["denominator"] > 0
    ]
    frame = pd.DataFrame(
        rows, columns=["period", "value", "target", "numerator", "denominator", "vendors"]
    )
    return frame, tuple(sorted(definitions)), tuple(sorted(left_out))


TREND_COLUMNS = (
    "vendor",
    "kpi",
    "kpi_name",
    "channel",
    "actual",
    "minimum",
    "unit",
    "direction",
    "slope",
    "breach",
)


def _trending(lines: list[dict], months: tuple[date, ...], month: date):
    """Per month the vendors with a KPI trending to breach, and ``month``'s trending KPIs."""
    by_key: dict[tuple, dict[date, dict]] = {}
    for x in lines:
        key = (x["vendor"], x["kpi"], x["channel"], x["measured_over"])
        by_key.setdefault(key, {})[x["period_start"]] = x
    trending: dict[date, set[str]] = {d: set() for d in months}
    rows = []
    for start in months:
        window = [p.start for p in periods.months_back(start, TREND_MONTHS)]
        for by_start in by_key.values():
            now = by_start.get(start)
            if (
                now is None
                or now["status"] not in ("met", "below_target")
                or now["kpi"] in privacy.PEOPLE_KPIS
                or now["direction"] not in ("higher", "lower")
            ):
                continue
            values = [(by_start.get(d) or {}).get("actual") for d in window]
            if any(v is None for v in values):
                continue
            gap = health.months_to_breach(values, now["minimum"], now["direction"], _MOVING)
            if gap is None or not 1 <= gap <= BREACH_WITHIN:
                continue
            trending[start].add(now["vendor"])
            if start == month:
                rows.append(
                    {
                        "vendor": now["vendor"],
                        "kpi": now["kpi"],
                        "kpi_name": now["kpi_name"],
                        "channel": now["channel"],
                        "actual": now["actual"],
                        "minimum": now["minimum"],
                        "unit": now["unit"],
                        "direction": now["direction"],
                        "slope": health.fit(values).slope,
                        "breach": periods.add_months(start, gap),
                    }
                )
    frame = pd.DataFrame(rows, columns=TREND_COLUMNS)
    frame = frame.sort_values(["vendor", "kpi_name"], kind="stable").reset_index(drop=True)
    return {d: tuple(sorted(v)) for d, v in trending.items()}, frame


def _sums(valued: list[tuple[date, str | None, float]], *, with_period: bool) -> pd.DataFrame:
    """Credit totals per currency (and per month ``with_period``), to the cent."""
    totals: dict[tuple, float] = {}
    for start, currency, amount in valued:
        key = (start, currency) if with_period else (currency,)
        totals[key] = credits.cents(totals.get(key, 0.0) + amount)
    columns = ["period", "currency", "total"] if with_period else ["currency", "total"]
    rows = [(*k, v) for k, v in sorted(totals.items(), key=lambda kv: tuple(str(x) for x in kv[0]))]
    return pd.DataFrame(rows, columns=columns)


# --- the tiles, as people read them ---------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    """One headline figure as shown: ``value`` and its ``delta`` (the change against the month
    before, as text: "+1", "-0.4 pp"; None when there is nothing to compare with), ``change``
    (its sign: negative, zero or positive; None with no delta), ``worse`` (``up`` or ``down``:
    which way is bad news), ``note`` (beside the change), ``series`` (the sparkline, oldest
    first) and ``help`` (what the figure is, and who is behind it)."""

    key: str
    label: str
    value: str
    delta: str | None
    change: float | None
    worse: str
    note: str
    series: tuple[float, ...]
    help: str


def month_text(d: date) -> str:
    return d.strftime("%b %Y")


# (below this size, divide by, format): three significant figures, "950", "9.85k", "118k", "1.25M"
_SIZES = (
    (999.5, 1, "{:,.0f}"),
    (9_995, 1e3, "{:.2f}k"),
    (99_950, 1e3, "{:.1f}k"),
    (999_500, 1e3, "{:.0f}k"),
    (9_995_000, 1e6, "{:.2f}M"),
    (99_950_000, 1e6, "{:.1f}M"),
    (float("inf"), 1e6, "{:,.0f}M"),
)


def short_money(value: float, currency: str | None = None, *, signed: bool = False) -> str:
    """Money for a tile in three significant figures, with its currency: "USD 118k", "EUR 9.85k",
    "USD 1.25M", "950"; with ``signed`` a sign first ("+USD 48.4k", "-EUR 300"). An amount that
    rounds to nothing has no sign. Exact amounts are in the tables."""
    size = abs(value)
    _, divide, fmt = next(x for x in _SIZES if size < x[0])
    shown = fmt.format(size / divide)
    if float(shown.rstrip("kM").replace(",", "")) == 0:
        sign = ""
    else:
        sign = "-" if value < 0 else ("+" if signed else "")
    return sign + (f"{currency} {shown}" if currency else shown)


def _count_delta(now: int, before: int | None) -> tuple[str | None, float | None]:
    if before is None:
        return None, None
    return (f"{now - before:+d}" if now != before else "±0"), float(now - before)


def tiles(h: Headline) -> list[Tile]:
    """The five headline tiles of ``h``'s month, in reading order."""
    return [
        _at_risk(h),
        _service_level_tile(h),
        _credits_tile(h),
        _escalations_tile(h),
        _trending_tile(h),
    ]


def _at_risk(h: Headline) -> Tile:
    m, prev = h.months[-1], h.months[-2]
    now, scored = h.at_risk[m], h.scored[m]
    band = standings.BANDS[-1]
    compared = h.scored[m] and h.scored[prev]
    delta, change = _count_delta(len(now), len(h.at_risk[prev]) if compared else None)
    who = f"At risk: {', '.join(now)}." if now else "None is."
    return Tile(
        "at_risk",
        "Vendors at risk",
        f"{len(now)} of {len(scored)}" if scored else "none scored",
        delta,
        change,
        "up",
        "",
        tuple(float(len(h.at_risk[d])) for d in h.months if h.scored[d]),
        f"Vendors whose weighted score against their contract is in the lowest standing band "
        f"({band.name}: below {band.high:g}), of the {len(scored)} scored in {month_text(m)}. "
        f"{who} The band's action: {band.action}",
    )


def _service_level_tile(h: Headline) -> Tile:
    m, prev = h.months[-1], h.months[-2]
    by = {r["period"]: r for r in frames.plain_records(h.service_level)}
    now, before = by.get(m), by.get(prev)
    how = (
        "Contacts answered within each contract's threshold ÷ each contract's denominator, summed "
        "over the vendors whose contract sets a service-level target (never an average of "
        "percentages). The target is their expected levels weighted the same way: where the "
        "portfolio would stand with every vendor at its expected level."
    )
    if len(h.sl_definitions) > 1:
        how += (
            " The contracts do not define service level alike ("
            + "; ".join(h.sl_definitions)
            + "): compare with care."
        )
    if h.sl_left_out:
        how += (
            f" Left out: {', '.join(h.sl_left_out)} (service-level targets that overlap: "
            "adding them would count contacts twice)."
        )
    if now is None:
        return Tile(
            "service_level",
            "Service level",
            "no data",
            None,
            None,
            "down",
            f"for {month_text(m)}",
            (),
            how,
        )
    delta = change = None
    if before is not None:
        change = round((now["value"] - before["value"]) * 100, 1) + 0.0
        delta = f"{change:+.1f} pp" if change else "±0.0 pp"
    return Tile(
        "service_level",
        "Service level",
        frames.format_value(now["value"], "ratio"),
        delta,
        change,
        "down",
        f"target {frames.format_value(now['target'], 'ratio')}",
        tuple(float(by[d]["value"]) for d in h.months if d in by),
        how + f" {month_text(m)}: {now['vendors']} vendor(s).",
    )


def _credits_tile(h: Headline) -> Tile:
    m, prev = h.months[-1], h.months[-2]
    rows = frames.plain_records(h.credits)
    this = [(r["currency"], r["total"]) for r in rows if r["period"] == m]
    ytd = [(r["currency"], r["total"]) for r in frames.plain_records(h.ytd)]
    currencies = {r["currency"] for r in rows} | {c for c, _ in ytd}
    label = "Service credits"
    year = f"January to {month_text(m)}"
    help_text = (
        f"Credits in {month_text(m)}: {presentation.money_totals(this)}; {year}: "
        f"{presentation.money_totals(ytd)}. What vendors owe back when a critical service "
        "level is in default, capped at the month's at-risk amount; a pending credit may still "
        "be earned back."
    )
    if len(currencies) > 1:
        help_text += " Amounts in different currencies are totalled separately, never added."
    if not this:
        return Tile(
            "credits",
            label,
            "not valued",
            None,
            None,
            "up",
            f"no invoiced amounts for {month_text(m)}",
            (),
            help_text,
        )
    note = f"YTD {_shorts(ytd)}"
    if len(currencies) > 1:
        return Tile("credits", label, _shorts(this), None, None, "up", note, (), help_text)
    (currency,) = currencies
    before = [r["total"] for r in rows if r["period"] == prev]
    delta = change = None
    if before:
        change = credits.cents(this[0][1] - before[0]) + 0.0
        delta = short_money(change, currency, signed=True) if change else "±0"
    series = tuple(float(r["total"]) for r in rows)
    return Tile("credits", label, _shorts(this), delta, change, "up", note, series, help_text)


def _shorts(pairs: list[tuple[str | None, float]]) -> str:
    """Totals per currency (one each) for a tile: those that are not nothing, or the first when
    all are (as ``presentation.money_totals``)."""
    shown = [(c, a) for c, a in pairs if abs(a) >= 0.005] or pairs[:1]
    return " · ".join(short_money(amount, currency) for currency, amount in shown)


def _escalations_tile(h: Headline) -> Tile:
    m, prev = h.months[-1], h.months[-2]
    e = h.escalations
    counts = {d: int(e.loc[e["period"] == d, "open"].sum()) for d in h.months}
    delta, change = _count_delta(counts[m], counts[prev])
    now = frames.plain_records(e[e["period"] == m])
    by_vendor: dict[str, list[str]] = {}
    for r in now:
        by_vendor.setdefault(r["vendor"], []).append(f"{r['open']} {r['severity']}")
    who = "; ".join(f"{v}: {', '.join(s)}" for v, s in sorted(by_vendor.items()))
    return Tile(
        "escalations",
        f"{'/'.join(URGENT)} escalations",
        str(counts[m]),
        delta,
        change,
        "up",
        "open",
        tuple(float(counts[d]) for d in h.months),
        f"Escalations of severity {' or '.join(URGENT)} neither resolved nor closed at the end "
        f"of {month_text(m)} ({periods.month_end(m):%d %b %Y}: open, acknowledged or escalated, "
        "as recorded then). " + (f"{who}." if who else "None was open."),
    )


def _trending_tile(h: Headline) -> Tile:
    m, prev = h.months[-1], h.months[-2]
    now = h.trending[m]
    compared = h.scored[m] and h.scored[prev]
    delta, change = _count_delta(len(now), len(h.trending[prev]) if compared else None)
    found = []
    for r in frames.plain_records(h.trends):
        name = r["kpi_name"] + (f" ({r['channel']})" if r["channel"] else "")
        found.append(
            f"{r['vendor']}: {name} at {frames.format_value(r['actual'], r['unit'])} would pass "
            f"its worse limit of {frames.format_value(r['minimum'], r['unit'])} by "
            f"{month_text(r['breach'])}"
        )
    return Tile(
        "trending",
        "Trending to breach",
        str(len(now)),
        delta,
        change,
        "up",
        "",
        tuple(float(len(h.trending[d])) for d in h.months if h.scored[d]),
        f"Vendors with a KPI within its worse limit in {month_text(m)} that moved toward it over "
        f"the last {TREND_MONTHS} months and, at that pace, would pass it within "
        f"{BREACH_WITHIN} months. People measures are left out (vendor health watches them). "
        + ("; ".join(found) + "." if found else "None is."),
    )
