"""The portfolio view for leadership: every vendor's headline KPIs for a month, and trends."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from governance import kpis, periods, queries

HEADLINE_KPIS = ("service_level", "abandon_rate", "aht", "csat")
VOLUME = "offered"


def month_summary(
    con: duckdb.DuckDBPyConnection, month: date, vendors: list[str] | None = None
) -> pd.DataFrame:
    """One row per vendor: volume and headline KPIs for ``month`` with the change vs the month before.

    Columns: ``vendor``, ``offered``, then for each headline KPI its value and ``<kpi>_change``
    (this month minus last; NaN where either month has no data). Every registered vendor (or each
    of ``vendors``) gets a row, with NaN where it has no data for the month.
    """
    this = periods.month(month)
    prev = this.previous()
    data = kpis.rollup(
        con, by="month", dims=("vendor",), kpis=HEADLINE_KPIS, vendors=vendors,
        date_from=prev.start, date_to=this.end, components=(VOLUME,),
    )  # fmt: skip
    data["period"] = pd.to_datetime(data["period"]).dt.date
    cur = data[data["period"] == this.start].set_index("vendor")
    old = data[data["period"] == prev.start].set_index("vendor")
    names = vendors if vendors is not None else queries.vendor_names(con)
    out = pd.DataFrame({"vendor": list(names)})
    out[VOLUME] = out["vendor"].map(cur[VOLUME]).astype("float64")
    for code in HEADLINE_KPIS:
        now_v = out["vendor"].map(cur[code]).astype("float64")
        before = out["vendor"].map(old[code]).astype("float64")
        out[code] = now_v
        out[f"{code}_change"] = now_v - before
    return out


def trend(
    con: duckdb.DuckDBPyConnection,
    kpi_code: str,
    end_month: date,
    months: int = 18,
    vendors: list[str] | None = None,
) -> pd.DataFrame:
    """Monthly ``kpi_code`` per vendor over ``months`` months ending with ``end_month``.

    Columns: ``vendor``, ``period`` (a date, the first of the month), ``value``.
    """
    window = periods.months_back(end_month, months)
    data = kpis.rollup(
        con, by="month", dims=("vendor",), kpis=(kpi_code,), vendors=vendors,
        date_from=window[0].start, date_to=window[-1].end,
    )  # fmt: skip
    data["period"] = pd.to_datetime(data["period"]).dt.date
    return data.rename(columns={kpi_code: "value"})[["vendor", "period", "value"]]


def default_month(con: duckdb.DuckDBPyConnection) -> date | None:
    """The newest month with data, the natural month to open the portfolio on."""
    months = queries.months_with_data(con)
    return months[0] if months else None
