"""The people KPIs' counts at every level the small-cell rule decides over, in one statement:
per vendor, and per vendor and program, site or channel, each by month and by quarter (GROUPING
SETS), for ``kpis.withholding``.

Values are bound parameters; the KPI expressions are the engine's (``queries.kpi_select_sql``),
so each count is exactly the figure the scorecards and the ``kpis`` command show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from governance.store import rollup
from governance.store.queries import fact_filters, kpi_select_sql

PARTS = ("program", "site", "channel")
_MONTH = "CAST(date_trunc('month', f.date) AS DATE)"
_QUARTER = "CAST(date_trunc('quarter', f.date) AS DATE)"


def people_cells(
    con: duckdb.DuckDBPyConnection,
    kpis: Sequence,
    *,
    vendors: Iterable[str] | None,
    date_from: date,
    date_to: date,
    channel: str | None = None,
) -> pd.DataFrame:
    """One row per cell: ``vendor``, ``dim`` (None for the vendor's own figure, else program,
    site or channel) and ``part`` (its value; None where the facts name none), ``month`` (None
    for the quarter's row) and ``quarter`` (first days), then each of ``kpis``' ``<code>__num``
    and ``<code>__den``. ``kpis`` are catalogue entries; with ``channel``, that channel's facts
    only."""
    sets = []
    for part in (None, *PARTS):
        for period in ((_QUARTER,), (_QUARTER, _MONTH)):
            keys = ["v.name", *([f"f.{part}"] if part else []), *period]
            sets.append("(" + ", ".join(keys) + ")")
    select = [
        "v.name AS vendor",
        *(f"f.{p} AS {p}" for p in PARTS),
        *(f"GROUPING(f.{p}) AS grouped_{p}" for p in PARTS),
        f"{_QUARTER} AS quarter",
        f"CASE WHEN GROUPING({_MONTH}) = 0 THEN {_MONTH} END AS month",
        *(kpi_select_sql(k, parts=True) for k in kpis),
    ]
    names = None if vendors is None else list(vendors)
    where = None if channel is None else {"channel": channel}
    if rollup.serves(con, by="quarter", date_from=date_from, date_to=date_to, excused=False):
        filters = fact_filters(
            names, date_from, date_to, where, places=rollup.PLACES, day="r.month", mark="%s"
        )
        frame = rollup.people_cells(con, kpis, filters)
    else:
        conditions, params = fact_filters(names, date_from, date_to, where)
        # The identifiers are the fixed PARTS and the catalogue's expressions; values are bound.
        sql = (
            "SELECT "  # noqa: S608
            + ", ".join(select)
            + " FROM kpi_facts f JOIN vendors v ON v.vendor_id = f.vendor_id WHERE "
            + " AND ".join(conditions)
            + " GROUP BY GROUPING SETS ("
            + ", ".join(sets)
            + ")"
        )
        frame = con.execute(sql, params).df()
    dims = [None] * len(frame)
    parts = [None] * len(frame)
    for p in reversed(PARTS):
        values = frame[p].tolist()
        for i in np.flatnonzero((frame[f"grouped_{p}"] == 0).to_numpy()):
            dims[i], parts[i] = p, values[i]
    frame.insert(1, "dim", dims)
    frame.insert(2, "part", parts)
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["quarter"] = pd.to_datetime(frame["quarter"]).dt.date
    return frame.drop(columns=[*PARTS, *(f"grouped_{p}" for p in PARTS)])
