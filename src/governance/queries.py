"""Read queries, as named functions. The only place besides migrations where SQL is written.

Values are always bound parameters; identifiers that must be dynamic (catalogue components,
dimension names) come from fixed lists and go through ``db.quote_ident``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import duckdb
import pandas as pd

from governance.catalogue import COMPONENT_NAMES, DIMENSIONS, PERIODS, Kpi
from governance.db import quote_ident

_FACT_DIMS = {d: f"f.{quote_ident(d)}" for d in DIMENSIONS if d != "vendor"}
_FACT_DIMS["vendor"] = "v.name"


def _terms_sql(terms: Sequence[tuple[str, int]]) -> str:
    out = ""
    for i, (name, sign) in enumerate(terms):
        col = f"f.{quote_ident(name)}"
        if i == 0:
            out = col if sign > 0 else f"-{col}"
        else:
            out += f" {'+' if sign > 0 else '-'} {col}"
    return f"({out})"


def kpi_select_sql(k: Kpi, *, alias: str | None = None, parts: bool = False) -> str:
    """SQL aggregate expressions for one KPI over ``kpi_facts f``, ratio of sums.

    Only rows where every component the KPI uses was reported count. A zero or missing
    denominator gives NULL ("no data"). Stock denominators (headcount) are summed across
    places and averaged over the distinct days that reported them.
    """
    alias = alias or k.code
    reported = " AND ".join(f"f.{quote_ident(c)} IS NOT NULL" for c in k.components)
    num = f"SUM(CASE WHEN {reported} THEN {_terms_sql(k.numerator)} END)"
    den = f"SUM(CASE WHEN {reported} THEN {_terms_sql(k.denominator)} END)"
    if k.stock_denominator:
        den = f"({den} / NULLIF(COUNT(DISTINCT CASE WHEN {reported} THEN f.date END), 0))"
    scale = "" if k.scale == 1 else f"{float(k.scale)!r} * "
    expr = f"{scale}{num} / NULLIF({den}, 0) AS {quote_ident(alias)}"
    if parts:
        expr += (
            f", {num} AS {quote_ident(alias + '__num')}, {den} AS {quote_ident(alias + '__den')}"
        )
    return expr


def kpi_rollup(
    con: duckdb.DuckDBPyConnection,
    kpis: Sequence[Kpi],
    *,
    by: str = "month",
    dims: Sequence[str] = ("vendor",),
    vendors: Iterable[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    where: dict[str, object] | None = None,
    components: Sequence[str] = (),
    parts: bool = False,
) -> pd.DataFrame:
    """KPIs rolled up to ``dims`` × period ``by`` (or no period when ``by`` is None).

    Returns one row per group: the dims, ``period`` (first day of the period), summed
    ``components`` if asked, then one column per KPI (NaN where there is no data), and with
    ``parts`` the numerator and denominator of each KPI as ``<code>__num`` / ``<code>__den``.
    """
    if by is not None and by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")
    for d in dims:
        if d not in DIMENSIONS:
            raise ValueError(f"unknown dimension {d!r}; allowed: {', '.join(DIMENSIONS)}")
    for c in components:
        if c not in COMPONENT_NAMES:
            raise ValueError(f"unknown component {c!r}")

    group_exprs = [f"{_FACT_DIMS[d]} AS {quote_ident(d)}" for d in dims]
    group_keys = [_FACT_DIMS[d] for d in dims]
    if by is not None:
        period = f"CAST(date_trunc('{by}', f.date) AS DATE)"  # `by` is from the fixed PERIODS list
        group_exprs.append(f"{period} AS period")
        group_keys.append(period)

    select = list(group_exprs)
    select += [f"SUM(f.{quote_ident(c)}) AS {quote_ident(c)}" for c in components]
    select += [kpi_select_sql(k, parts=parts) for k in kpis]

    conditions, params = _fact_filters(vendors, date_from, date_to, where)
    # Identifiers come from the catalogue and fixed lists through quote_ident; values are bound.
    source = " FROM kpi_facts f JOIN vendors v ON v.vendor_id = f.vendor_id"
    sql = "SELECT " + ", ".join(select) + source  # noqa: S608
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    if group_keys:
        order = ", ".join(str(i + 1) for i in range(len(group_keys)))
        sql += " GROUP BY " + ", ".join(group_keys) + " ORDER BY " + order
    return con.execute(sql, params).df()


def _fact_filters(vendors, date_from, date_to, where) -> tuple[list[str], list]:
    conditions: list[str] = []
    params: list = []
    if vendors is not None:
        names = list(vendors)
        if not names:
            conditions.append("FALSE")
        else:
            conditions.append("v.name IN (" + ", ".join("?" for _ in names) + ")")
            params += names
    if date_from is not None:
        conditions.append("f.date >= ?")
        params.append(date_from)
    if date_to is not None:
        conditions.append("f.date <= ?")
        params.append(date_to)
    for dim, value in (where or {}).items():
        if dim not in _FACT_DIMS:
            raise ValueError(f"unknown dimension {dim!r}")
        if value is None:
            conditions.append(f"{_FACT_DIMS[dim]} IS NULL")
        elif isinstance(value, (list, tuple, set)):
            values = list(value)
            conditions.append(f"{_FACT_DIMS[dim]} IN (" + ", ".join("?" for _ in values) + ")")
            params += values
        else:
            conditions.append(f"{_FACT_DIMS[dim]} = ?")
            params.append(value)
    return conditions, params


# --- vendors -------------------------------------------------------------------------------


def vendors(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every vendor with its status and governance contacts, by name."""
    return con.execute(
        "SELECT vendor_id, name, status, account_manager, operations_director, executive_sponsor, "
        "created_at, version FROM vendors ORDER BY name"
    ).df()


def vendor_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Vendor names in alphabetical order."""
    return [r[0] for r in con.execute("SELECT name FROM vendors ORDER BY name").fetchall()]


def vendor_by_name(con: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    """The vendor row as a dict, or None."""
    cur = con.execute(
        "SELECT vendor_id, name, status, account_manager, operations_director, executive_sponsor, "
        "version FROM vendors WHERE name = ?",
        [name],
    )
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


# --- facts ---------------------------------------------------------------------------------


def fact_date_range(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """First and last day with KPI facts (None, None when empty)."""
    return tuple(con.execute("SELECT min(date), max(date) FROM kpi_facts").fetchone())


def months_with_data(con: duckdb.DuckDBPyConnection) -> list[date]:
    """First days of the months that have KPI facts, newest first."""
    rows = con.execute(
        "SELECT DISTINCT CAST(date_trunc('month', date) AS DATE) AS m FROM kpi_facts ORDER BY m DESC"
    ).fetchall()
    return [r[0] for r in rows]


def fact_count(con: duckdb.DuckDBPyConnection) -> int:
    """Number of KPI fact rows."""
    return con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0]


# --- audit ---------------------------------------------------------------------------------


def audit_events(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The newest audit events first."""
    return con.execute(
        "SELECT event_id, occurred_at, actor, role, action, entity, entity_id, before, after "
        "FROM audit_events ORDER BY event_id DESC LIMIT ?",
        [limit],
    ).df()


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every base table in the database."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]
