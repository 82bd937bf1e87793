"""Service credits: what a vendor owes back when a critical service level defaults (domain.md).

The rules, and the decisions taken where the domain is silent:

- **At-risk amount** = the contract's at-risk % × the month's invoice, where the invoice is the
  sum of ``invoiced_amount`` over the vendor's facts in the month. A month without invoiced
  amounts has no at-risk amount: its credits cannot be valued and are shown empty, not zero.
- **Which levels**: critical targets (tier ``critical``), each assessed over its own scope
  (contract-wide, or its program / channel) and its own measurement window. A monthly window is
  assessed every month; a quarterly one in the quarter's last month, against that month's
  at-risk amount. The target version is the one in force on the window's last day (as scorecards).
- **Credit** for a level in default = category % × allocation % × at-risk amount (allocation %
  × at-risk amount when the target has no category %). Worked example: invoice 100,000, at-risk
  10 % → 10,000; 50 % × 40 % → 2,000.
- **Repeated misses**: a window below expected but not past the worse limit (the target's
  ``minimum``: a floor when higher is better, a ceiling when lower is better) counts as a default
  when, with it, the level was below expected (not in default) in at least the contract's
  ``repeated_miss_count`` windows (default 4) ending in the last twelve months.
- **Cap**: the month's credits are summed and capped at the at-risk amount; when the cap bites,
  each credit is scaled down in proportion (to the cent, the rounding remainder on the largest),
  so the credits listed always add up to the total.
- **Earn-back**: a credit is returned when the level meets its expected level in each of the
  next N windows (the contract's ``earn_back_windows``). Status ``earned_back`` when all N are
  met; ``final`` as soon as one of them is not met (no data in a window the vendor's data
  covers does not meet it; neither does a window after the target or contract has ended), or
  when N is 0; ``pending_earn_back`` while windows are still to come.
- **Currency**: money is in the currency of the contract in force in the month (``currency``,
  None for a contract that states none); each summary row and credit carries it, and the tables
  and explanations show it beside every amount. Amounts in different currencies are never added.
- **Upheld disputes**: a line of a published scorecard that the client upheld a dispute on
  takes the ruling's value wherever the ledger reads that level for that window (the credit it
  would raise, the repeated misses it counts, the earn-back windows it decides), when the line
  measures what the credit does: the whole vendor's line for a contract-wide target, a program's
  line for that program's target. The credit says so ("dispute #3 upheld").
- Everything is computed from the stored facts, target history and rulings, never stored, so
  the ledger can be reproduced; a restatement of facts re-values the months it touches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from governance import kpis
from governance.errors import InvalidInput
from governance.kpis import catalogue, periods, privacy
from governance.kpis.frames import format_value, plain_records
from governance.kpis.periods import Period
from governance.scoring import presentation
from governance.scoring.rules import assess
from governance.scoring.scorecard import (
    LINE_COLUMNS,
    Terms,
    Window,
    check_vendors,
    evaluate_lines,
    load_terms,
    withhold,
)
from governance.store import dispute_rows

CREDIT_STATUSES = ("pending_earn_back", "earned_back", "final")
STATUS_LABELS = {
    "pending_earn_back": "Pending earn-back",
    "earned_back": "Earned back",
    "final": "Final",
}
REASONS = {
    "default": "default (past the worse limit)",
    "repeated_miss": "repeated miss of expected",
}


# --- the rules, as pure functions ---------------------------------------------------------------


def cents(value: float) -> float:
    """Money rounded to the cent (half away from zero, as invoices are)."""
    sign = -1 if value < 0 else 1
    return sign * int(abs(value) * 100 + 0.5 + 1e-9) / 100


def at_risk_amount(invoice: float | None, at_risk_pct: float) -> float | None:
    """The at-risk amount of a month: at-risk % × invoice (None when there is no invoice)."""
    if invoice is None:
        return None
    return cents(invoice * at_risk_pct / 100)


def credit_amount(
    at_risk: float, allocation_pct: float, category_pct: float | None = None
) -> float:
    """Credit for one level in default: category % × allocation % × at-risk amount."""
    share = allocation_pct / 100 * (1.0 if category_pct is None else category_pct / 100)
    return cents(at_risk * share)


def apply_cap(amounts: Sequence[float], cap: float) -> list[float]:
    """The month's credits capped at ``cap``: scaled in proportion, summing to the cap exactly."""
    total = sum(amounts)
    if total <= cap + 1e-9:
        return list(amounts)
    scaled = [cents(a * cap / total) for a in amounts]
    remainder = cents(cap - sum(scaled))
    if remainder and scaled:
        largest = max(range(len(scaled)), key=lambda i: scaled[i])
        scaled[largest] = cents(scaled[largest] + remainder)
    return scaled


def counts_as_default(
    status: str, misses_in_twelve_months: int, repeated_miss_count: int
) -> str | None:
    """Why a window earns a credit: ``default``, ``repeated_miss`` or None.

    ``misses_in_twelve_months`` counts the windows below expected but not in default in the
    twelve months ending with this one, this one included.
    """
    if status == "default":
        return "default"
    if status == "below_target" and misses_in_twelve_months >= repeated_miss_count:
        return "repeated_miss"
    return None


def earn_back_status(following: Sequence[str | None], windows: int) -> str:
    """A credit's status from the statuses of the windows after it that the data covers so far.

    ``following`` lists those windows in order (None: the target was no longer in force);
    ``windows`` is N, the consecutive windows at expected needed to earn the credit back.
    """
    if windows <= 0:
        return "final"
    for status in following[:windows]:
        if status != "met":
            return "final"
    return "earned_back" if len(following) >= windows else "pending_earn_back"


# --- the ledger ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ledger:
    """Credits per vendor and month: ``summary`` (one row each) and ``items`` (one per credit)."""

    months: tuple[Period, ...]
    summary: pd.DataFrame
    items: pd.DataFrame


SUMMARY_COLUMNS = (
    "vendor",
    "period",
    "period_start",
    "contract",
    "currency",
    "invoiced_amount",
    "at_risk_pct",
    "at_risk_amount",
    "uncapped",
    "total",
    "capped",
    "pending_earn_back",
    "earned_back",
    "final",
)
ITEM_COLUMNS = (
    "vendor",
    "period",
    "period_start",
    "kpi",
    "kpi_name",
    "program",
    "channel",
    "window",
    "reason",
    "actual",
    "withheld",
    "expected",
    "minimum",
    "direction",
    "unit",
    "currency",
    "allocation_pct",
    "category_pct",
    "uncapped",
    "amount",
    "status",
    "windows_met",
    "earn_back_windows",
    "misses_in_12_months",
    "override",  # "dispute #3 upheld: 76.9% → 80.5%" when a ruling set the actual
)


def months_of(period: Period | str) -> list[Period]:
    """The months of a period: a month itself, or a quarter's three months."""
    p = periods.parse(period) if isinstance(period, str) else period
    if p.kind == "quarter":
        return [periods.month(periods.add_months(p.start, i)) for i in range(3)]
    return [p]


def ledger(
    con: duckdb.DuckDBPyConnection,
    months: Iterable[Period | str] | Period | str,
    vendors: Iterable[str] | None = None,
    *,
    terms: Terms | None = None,
) -> Ledger:
    """The service-credit ledger for the given months (a month, a quarter, or a list of months).

    Every vendor with a contract in force in the month gets a summary row, credits or not. Reads
    the critical levels' statuses from twelve months before the first month (repeated misses) to
    the windows that decide earn-back, with one roll-up per window kind and level of detail.
    Raises ``InvalidInput`` for an unreadable period and ``NotFound`` for an unknown vendor.
    """
    if isinstance(months, (str, Period)):
        months = [months]
    wanted = sorted({m for p in months for m in months_of(p)})
    if not wanted:
        raise InvalidInput("Name at least one month for the credit ledger.")
    terms = terms or load_terms(con)
    only = check_vendors(con, vendors)
    names = [v for v in terms.vendors if only is None or v in only]
    contracts = [
        c
        for v in names
        for c in terms.contracts[v]
        if any(
            c["start_date"] <= m.end and (c["end_date"] is None or c["end_date"] >= m.start)
            for m in wanted
        )
    ]
    horizon = max((int(c["earn_back_windows"]) for c in contracts), default=0)
    data_end = max((cov[1] for v, cov in terms.coverage.items() if v in names), default=None)
    first = periods.add_months(wanted[0].start, -11)
    last = periods.add_months(wanted[-1].start, 3 * horizon)
    if data_end is not None:
        last = max(min(last, data_end), wanted[-1].start)
    kinds = {
        t["measurement_window"]
        for c in contracts
        for t in terms.targets.get(c["contract_id"], ())
        if t["tier"] == "critical"
    }
    windows = {
        "month": [
            Window.of(periods.month(periods.add_months(first, i)))
            for i in range(_months_between(first, last) + 1)
        ],
        "quarter": [
            Window.of(periods.shift(periods.quarter(first), i))
            for i in range(_months_between(first, last) // 3 + 2)
        ],
    }
    # (vendor, contract_id) -> scope -> window start -> the scored line
    series: dict[tuple, dict[tuple, dict[date, dict]]] = {}
    for kind in sorted(kinds):
        lines = evaluate_lines(
            con, windows[kind], terms, mode="native", vendors=names, tiers=("critical",)
        )
        # A people KPI's figure withheld as a small cell stays withheld in the credit's words.
        lines = plain_records(withhold(con, pd.DataFrame(lines, columns=LINE_COLUMNS), kind))
        for line in (x for x in lines if x["measurement_window"] == kind):
            scope = (line["kpi"], line["measured_over"], line["channel"], kind)
            by_scope = series.setdefault((line["vendor"], line["contract_id"]), {})
            by_scope.setdefault(scope, {})[line["period_start"]] = line
    _apply_rulings(con, series, names)

    invoices = _invoices(con, names, wanted)
    summary_rows, item_rows = [], []
    for m in wanted:
        w = Window.of(m)
        for vendor in names:
            c = terms.contract(vendor, w)
            if c is None:
                continue
            invoice = invoices.get((vendor, m.start))
            at_risk = at_risk_amount(invoice, c["at_risk_pct"])
            cov_end = terms.coverage.get(vendor, (None, date.min))[1]
            found = []
            for scope, by_start in series.get((vendor, c["contract_id"]), {}).items():
                window = m if scope[-1] == "month" else periods.quarter(m.start)
                if window.end != m.end or window.start not in by_start:
                    continue
                line = by_start[window.start]
                twelve_months = periods.add_months(m.start, -11)  # windows ending from here to m
                misses = sum(
                    1
                    for start, other in by_start.items()
                    if other["status"] == "below_target"
                    and start <= window.start
                    and other["period_end"] >= twelve_months
                )
                reason = counts_as_default(line["status"], misses, int(c["repeated_miss_count"]))
                if reason is None:
                    continue
                following = []
                n = int(c["earn_back_windows"])
                nxt = window
                for _ in range(n):
                    nxt = periods.shift(nxt, 1)
                    if nxt.end > cov_end:
                        break
                    after = by_start.get(nxt.start)
                    following.append(None if after is None else after["status"])
                status = earn_back_status(following, n)
                raw = (
                    None
                    if at_risk is None
                    else credit_amount(at_risk, line["allocation_pct"], line["category_pct"])
                )
                found.append(
                    {
                        "vendor": vendor,
                        "period": m.label,
                        "period_start": m.start,
                        "kpi": line["kpi"],
                        "kpi_name": line["kpi_name"],
                        "program": line["measured_over"],
                        "channel": line["channel"],
                        "window": window.label,
                        "reason": reason,
                        "actual": line["actual"],
                        "withheld": bool(line["withheld"]),
                        "expected": line["expected"],
                        "minimum": line["minimum"],
                        "direction": line["direction"],
                        "unit": line["unit"],
                        "currency": c.get("currency"),
                        "allocation_pct": line["allocation_pct"],
                        "category_pct": line["category_pct"],
                        "uncapped": raw,
                        "amount": raw,
                        "status": status,
                        "windows_met": _met_run(following),
                        "earn_back_windows": n,
                        "misses_in_12_months": misses,
                        "override": line.get("override"),
                    }
                )
            found.sort(key=lambda i: (i["kpi"], i["program"] or "", i["channel"] or ""))
            if at_risk is not None and found:
                for item, amount in zip(
                    found, apply_cap([i["uncapped"] for i in found], at_risk), strict=True
                ):
                    item["amount"] = amount
            amounts = [i["amount"] for i in found]
            total = None if at_risk is None else cents(sum(amounts))
            uncapped = None if at_risk is None else cents(sum(i["uncapped"] for i in found))
            by_status = {
                s: (
                    None
                    if at_risk is None
                    else cents(sum(i["amount"] for i in found if i["status"] == s))
                )
                for s in CREDIT_STATUSES
            }
            summary_rows.append(
                {
                    "vendor": vendor,
                    "period": m.label,
                    "period_start": m.start,
                    "contract": c["name"],
                    "currency": c.get("currency"),
                    "invoiced_amount": invoice,
                    "at_risk_pct": c["at_risk_pct"],
                    "at_risk_amount": at_risk,
                    "uncapped": uncapped,
                    "total": total,
                    "capped": bool(
                        at_risk is not None and uncapped is not None and uncapped > at_risk + 1e-9
                    ),
                    **by_status,
                }
            )
            item_rows += found
    summary = pd.DataFrame(summary_rows, columns=SUMMARY_COLUMNS)
    summary = summary.sort_values(["vendor", "period_start"], kind="stable").reset_index(drop=True)
    items = pd.DataFrame(item_rows, columns=ITEM_COLUMNS)
    items = items.sort_values(["vendor", "period_start"], kind="stable").reset_index(drop=True)
    return Ledger(tuple(wanted), summary, items)


def _apply_rulings(con, series: dict, names: list[str]) -> None:
    """Each upheld dispute's value on the critical lines it decides (see the module docstring):
    their actual, status and points as assessed again."""
    wanted = set(names)
    for r in dispute_rows.upheld_in_force(con):
        if r["vendor"] not in wanted:
            continue
        kind = "quarter" if "Q" in r["period"] else "month"
        for (vendor, _), by_scope in series.items():
            if vendor != r["vendor"]:
                continue
            line = by_scope.get((r["kpi"], r["program"], r["channel"], kind), {}).get(
                r["period_start"]
            )
            if line is None:
                continue
            status, points = assess(
                r["new_value"], line["expected"], line["minimum"], line["direction"]
            )
            unit = line["unit"]
            line.update(
                actual=r["new_value"],
                withheld=False,
                status=status,
                points=points,
                override=f"dispute #{r['dispute_id']} upheld: "
                f"{format_value(r['generated_value'], unit)} → "
                f"{format_value(r['new_value'], unit)}",
            )


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _met_run(following: Sequence[str | None]) -> int:
    run = 0
    for s in following:
        if s != "met":
            break
        run += 1
    return run


def _invoices(
    con, vendors: list[str], months: list[Period]
) -> dict[tuple[str, date], float | None]:
    """The month's invoice per vendor: Σ invoiced_amount of its facts (None when none reported)."""
    if not vendors:
        return {}
    frame = kpis.rollup(
        con,
        by="month",
        dims=("vendor",),
        kpis=[],
        vendors=vendors,
        date_from=months[0].start,
        date_to=months[-1].end,
        components=("invoiced_amount",),
    )
    out = {}
    for row in plain_records(frame):
        amount = row["invoiced_amount"]
        out[(row["vendor"], row["period"])] = None if amount is None else cents(amount)
    return out


def year_to_date(
    con: duckdb.DuckDBPyConnection,
    month: Period | str,
    vendors: Iterable[str] | None = None,
    *,
    terms: Terms | None = None,
) -> Ledger:
    """The ledger from January of ``month``'s year to ``month``."""
    m = periods.parse(month) if isinstance(month, str) else month
    first = periods.month(m.start.replace(month=1))
    return ledger(
        con, [periods.shift(first, i) for i in range(m.start.month)], vendors, terms=terms
    )


def records(book: Ledger) -> list[dict]:
    """The ``credits --format json`` document (interfaces.md), one dict per vendor and month."""
    by_row: dict[tuple, list[dict]] = {}
    for item in plain_records(book.items):
        by_row.setdefault((item["vendor"], item["period"]), []).append(item)
    return [
        {
            "vendor": s["vendor"],
            "period": s["period"],
            "invoiced_amount": s["invoiced_amount"],
            "at_risk_amount": s["at_risk_amount"],
            "total": s["total"],
            "credits": [
                {
                    "kpi": i["kpi"],
                    "program": i["program"],
                    "amount": i["amount"],
                    "status": i["status"],
                }
                for i in by_row.get((s["vendor"], s["period"]), [])
            ],
        }
        for s in plain_records(book.summary)
    ]


def explain(item: dict) -> str:
    """One credit in words: why it arose, how it was valued, where its earn-back stands."""
    scope = (
        ", ".join(s for s in (item.get("program"), item.get("channel")) if s) or "whole contract"
    )
    share = f"{item['allocation_pct']:g}% allocation"
    if item.get("category_pct") is not None:
        share = f"{item['category_pct']:g}% category × " + share
    unit, currency = item["unit"], item.get("currency")
    direction = item.get("direction") or catalogue.kpi(item["kpi"]).direction
    actual = (
        f"actual withheld (fewer than {privacy.threshold()} people, small-cell rule)"
        if item.get("withheld")
        else f"actual {format_value(item['actual'], unit)}"
    )
    text = (
        f"{item['kpi_name']} ({scope}), {periods.label(item['window'])}: "
        f"{REASONS[item['reason']]} — {actual}"
        " against expected "
        f"{format_value(item['expected'], unit)} and "
        f"{presentation.limit_words(item['minimum'], unit, direction)}. Credit = {share} × "
        "at-risk amount"
    )
    if item.get("amount") is not None and item.get("uncapped") is not None:
        text += f" = {_money(item['uncapped'], currency)}"
        if abs(item["amount"] - item["uncapped"]) > 0.004:
            text += f", {_money(item['amount'], currency)} after the monthly cap"
    if item.get("override"):
        text += f" ({item['override']})"
    text += f". {STATUS_LABELS[item['status']]}"
    if item["status"] == "pending_earn_back":
        text += f": {item['windows_met']} of {item['earn_back_windows']} windows at expected so far"
    elif item["status"] == "earned_back":
        text += f": expected met in the next {item['earn_back_windows']} windows"
    return text + "."


def _money(value, currency: str | None = None) -> str:
    return presentation.format_money(value, currency)


def table(book: Ledger) -> pd.DataFrame:
    """The ledger people read (page and ``credits --format table``): one row per vendor and month."""
    rows = []
    for s in plain_records(book.summary):
        rows.append(
            {
                "Vendor": s["vendor"],
                "Month": periods.label(s["period"]),
                "Invoiced": _money(s["invoiced_amount"], s["currency"]),
                "At risk": _money(s["at_risk_amount"], s["currency"]) + f" ({s['at_risk_pct']:g}%)",
                "Credits": _money(s["total"], s["currency"]) + (" (capped)" if s["capped"] else ""),
                "Pending earn-back": _money(s["pending_earn_back"], s["currency"]),
                "Earned back": _money(s["earned_back"], s["currency"]),
                "Final": _money(s["final"], s["currency"]),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Vendor",
            "Month",
            "Invoiced",
            "At risk",
            "Credits",
            "Pending earn-back",
            "Earned back",
            "Final",
        ],
    )


def item_table(items: pd.DataFrame) -> pd.DataFrame:
    """Credits people read: one row per credit, with why and where its earn-back stands."""
    rows = []
    for i in plain_records(items):
        rows.append(
            {
                "Vendor": i["vendor"],
                "Month": periods.label(i["period"]),
                "KPI": i["kpi_name"],
                "Scope": ", ".join(x for x in (i["program"], i["channel"]) if x)
                or "whole contract",
                "Window": periods.label(i["window"]),
                "Why": REASONS[i["reason"]],
                "Amount": _money(i["amount"], i["currency"]),
                "Status": STATUS_LABELS[i["status"]],
                "Earn-back": f"{i['windows_met']} of {i['earn_back_windows']} windows at expected",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Vendor",
            "Month",
            "KPI",
            "Scope",
            "Window",
            "Why",
            "Amount",
            "Status",
            "Earn-back",
        ],
    )


FLAT_COLUMNS = (
    "vendor",
    "period",
    "invoiced_amount",
    "at_risk_amount",
    "total",
    "capped",
    "kpi",
    "program",
    "channel",
    "window",
    "reason",
    "actual",
    "expected",
    "minimum",
    "uncapped",
    "amount",
    "status",
)


def flat(book: Ledger) -> pd.DataFrame:
    """One row per credit with its month's figures (months without credits: one row, no KPI)."""
    summary = book.summary[
        ["vendor", "period", "invoiced_amount", "at_risk_amount", "total", "capped"]
    ]
    merged = summary.merge(
        book.items.drop(columns=["period_start"]), on=["vendor", "period"], how="left"
    )
    return merged.reindex(columns=FLAT_COLUMNS)
