"""KPI engine benchmarks on the kpi_1m workload: opening the database, the roll-up, the Portfolio page."""

from __future__ import annotations

from bench.registry import Run, benchmark
from governance import kpis
from governance.scoring import portfolio
from governance.store import db, queries


@benchmark("connect", workload="kpi_1m", target=0.05, target_note="ours", connection=False)
def connect(run: Run) -> None:
    """Open the database file with governance.store.db.connect (lock retry + migration check) and close it."""
    with db.connect(run.path) as con:
        con.execute("SELECT 1").fetchall()


@benchmark("kpi_floor_sql", workload="kpi_1m", reference=True)
def kpi_floor_sql(run: Run):
    """Reference floor: a hand-written vendor × month sum of two components, no KPI logic."""
    return run.con.execute(
        "SELECT vendor_id, CAST(date_trunc('month', date) AS DATE) AS period, "
        "sum(offered) AS offered, sum(answered_within_sl) AS answered_within_sl "
        "FROM kpi_facts GROUP BY vendor_id, period ORDER BY vendor_id, period"
    ).df()


@benchmark(
    "kpi_rollup_vendor_month",
    workload="kpi_1m",
    target=0.3,
    target_note="issue",
    baseline="kpi_floor_sql",
)
def kpi_rollup_vendor_month(run: Run):
    """All 14 catalogue KPIs by vendor × month over the 3 years: kpis.rollup(con, by="month", dims=("vendor",))."""
    return kpis.rollup(run.con, by="month", dims=("vendor",))


@benchmark("portfolio_page", workload="kpi_1m", target=0.3, target_note="ours")
def portfolio_page(run: Run) -> int:
    """The Portfolio page's reads: the newest month, month_summary for it, 18-month service-level trend."""
    month = queries.months_with_data(run.con)[0]
    summary = portfolio.month_summary(run.con, month)
    trend = portfolio.trend(run.con, "service_level", month, 18)
    return len(summary) + len(trend)
