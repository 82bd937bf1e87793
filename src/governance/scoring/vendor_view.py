"""What the Vendor scorecard page shows, read in one unit of work through the same functions as the
``scorecard`` and ``credits`` commands (so the page's numbers are the commands' numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from governance.kpis import frames, periods, privacy
from governance.kpis.periods import Period
from governance.scoring import credits, presentation, published, scorecard

TREND_MONTHS = 13


@dataclass(frozen=True)
class VendorView:
    """One vendor's (or vendor × program's) scorecard for a period, its trend and its credits."""

    vendor: str
    period: Period
    program: str | None
    programs: tuple[str, ...]  # the programs that have a scorecard this period
    card: dict | None  # the scorecard's summary row (None: no contract in force)
    headline: str
    table: pd.DataFrame  # presentation.table: what people read, one row per KPI
    lines: pd.DataFrame  # the scored lines behind it (status, explanation fields)
    explanations: tuple[tuple[str, str, str], ...]  # (KPI, status text, explanation)
    trend: scorecard.Scorecards  # the last 13 months, per KPI, for the charts
    credits: pd.DataFrame  # credits.table for the period's months
    credit_items: pd.DataFrame  # credits.item_table
    credit_notes: tuple[str, ...]  # credits.explain per credit


def period_options(months: list[date], kind: str) -> list[str]:
    """Labels of the months (or quarters) that have data, newest first."""
    if kind == "quarter":
        return list(dict.fromkeys(periods.quarter(m).label for m in months))
    return [periods.month(m).label for m in months]


def vendor_view(
    con: duckdb.DuckDBPyConnection,
    vendor: str,
    period: Period | str,
    program: str | None = None,
) -> VendorView:
    """The Vendor scorecard page's data. Raises ``NotFound`` (vendor) or ``InvalidInput`` (period)."""
    p = scorecard.parse_period(period)
    terms = scorecard.load_terms(con)
    cards = published.scorecards(con, p, [vendor], terms=terms)
    programs = tuple(x for x in cards.summary["program"] if isinstance(x, str))
    if program not in programs:
        program = None
    card, lines = None, cards.lines.iloc[0:0]
    for s, card_lines in presentation.by_card(cards):
        if s["program"] == program:
            card, lines = s, card_lines
    end_month = periods.month(p.end)
    trend = published.trend(con, vendor, end_month, TREND_MONTHS, program=program, terms=terms)
    book = credits.ledger(con, p, [vendor], terms=terms)
    items = frames.plain_records(book.items)
    # People figures withheld (small cells and their complements) are withheld in what is
    # returned: "< k" in the table, no figures in the explanation, a gap in the trend.
    view = VendorView(
        vendor=vendor,
        period=p,
        program=program,
        programs=programs,
        card=card,
        headline=presentation.headline(card, publication=False) if card else "",
        table=presentation.table(lines),
        lines=lines,
        explanations=tuple(
            (
                line["kpi_name"] + (f" ({line['channel']})" if line["channel"] else ""),
                presentation.STATUS_STYLES[line["status"]].text,
                presentation.explain(line),
            )
            for line in frames.plain_records(lines)
        ),
        trend=trend,
        credits=credits.table(book),
        credit_items=credits.item_table(book.items),
        credit_notes=tuple(credits.explain(i) for i in items),
    )
    return privacy.suppress_view(view)


def kpis_in(view: VendorView) -> list[tuple[str, str]]:
    """The (KPI code, title) pairs to chart: the scorecard's KPIs, in its order."""
    seen: dict[str, str] = {}
    for code, name in zip(view.lines["kpi"], view.lines["kpi_name"], strict=True):
        seen.setdefault(code, name)
    return list(seen.items())


def kpi_lines(view: VendorView, kpi: str) -> pd.DataFrame:
    """The 13-month trend lines of one KPI (all channels of it); a withheld month (``withheld``,
    a people figure for fewer than k people or a complement of one) has no actual: a gap."""
    return view.trend.lines[view.trend.lines["kpi"] == kpi]
