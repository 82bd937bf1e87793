"""Scorecard and credit benchmarks on kpi_1m_contracts: 20 vendors, 3 years, a contract with ten
targets per vendor. Targets from issue 4: all vendors' monthly scorecards and the Portfolio page's
data under 0.5 s warm; one vendor's 13-month trend under 0.2 s. Issue 19: every vendor's month
reconciled under 0.5 s."""

from __future__ import annotations

from bench.registry import Run, benchmark
from governance.scoring import billing, credits, portfolio, scorecard, vendor_view
from governance.store import queries

W = "kpi_1m_contracts"
VENDOR = "Granite BPO"


def _month(run: Run) -> str:
    return run.meta["latest_month"][:7]


@benchmark("scorecards_month_all", workload=W, target=0.5, target_note="issue")
def scorecards_month_all(run: Run):
    """All vendors' monthly scorecards (vendor and vendor × program) with change, rolling three, rank."""
    return scorecard.scorecards(run.con, _month(run)).lines


@benchmark("portfolio_page_full", workload=W, target=0.5, target_note="issue")
def portfolio_page_full(run: Run) -> int:
    """The whole Portfolio page's data: month summary, 18-month trend, league, heatmap, cost, credits YTD, attention."""
    month = queries.months_with_data(run.con)[0]
    summary = portfolio.month_summary(run.con, month)
    trend = portfolio.trend(run.con, "service_level", month, 18)
    lead = portfolio.leadership(run.con, month)
    return len(summary) + len(trend) + len(lead.heatmap) + len(lead.credits)


@benchmark("vendor_trend_13m", workload=W, target=0.2, target_note="issue")
def vendor_trend_13m(run: Run):
    """One vendor's scorecard for each of the last 13 months (the trend charts' data)."""
    return scorecard.trend(run.con, VENDOR, _month(run), 13).lines


@benchmark("credits_month_all", workload=W, target=0.5, target_note="ours")
def credits_month_all(run: Run):
    """The service-credit ledger of every vendor for the latest month (repeated misses, earn-back)."""
    return credits.ledger(run.con, _month(run)).summary


@benchmark("vendor_scorecard_page", workload=W, target=0.5, target_note="ours")
def vendor_scorecard_page(run: Run):
    """The Vendor scorecard page's data for one vendor: scorecards, 13-month trend, credits."""
    return vendor_view.vendor_view(run.con, VENDOR, _month(run)).trend.lines


@benchmark("reconcile_month_all", workload=W, target=0.5, target_note="issue")
def reconcile_month_all(run: Run) -> int:
    """Every vendor's invoice for the latest month reconciled (a line per program: supported
    contacts, banded price, credits netted)."""
    return sum(len(r["lines"]) for r in billing.reconcile_month(run.con, _month(run)))
