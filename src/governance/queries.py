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


# --- contracts & scorecards -------------------------------------------------------------------

_CONTRACT_COLUMNS = (
    "c.contract_id, v.name AS vendor, c.vendor_id, c.name, c.start_date, c.end_date, c.pricing, "
    "c.monthly_fee_basis, c.at_risk_pct, c.pool_pct_available, c.earn_back_windows, "
    "c.repeated_miss_count, c.renewal_notice, c.legal_review, c.sl_over, c.sl_threshold_seconds, "
    "c.short_abandon_seconds, c.csat_scale, c.csat_top_box, c.created_at, c.version"
)


def contracts(con: duckdb.DuckDBPyConnection, vendors: Iterable[str] | None = None) -> pd.DataFrame:
    """Every contract (of ``vendors`` when given) with its vendor's name, by vendor and start."""
    sql = f"SELECT {_CONTRACT_COLUMNS} FROM contracts c JOIN vendors v ON v.vendor_id = c.vendor_id"  # noqa: S608 - fixed columns
    params: list = []
    if vendors is not None:
        names = list(vendors)
        where = " WHERE v.name IN (" + ", ".join("?" for _ in names) + ")"
        sql += where if names else " WHERE FALSE"
        params += names
    return con.execute(sql + " ORDER BY v.name, c.start_date, c.contract_id", params).df()


def contract_programs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Programs in scope of each contract: ``contract_id``, ``program``."""
    return con.execute(
        "SELECT contract_id, program FROM contract_programs ORDER BY contract_id, program"
    ).df()


def target_versions(
    con: duckdb.DuckDBPyConnection, contract_ids: Iterable[int] | None = None
) -> pd.DataFrame:
    """Every target version (of ``contract_ids`` when given) with the amendment that made it.

    Columns: the ``targets`` columns plus ``amendment_from``, ``amendment_reason``,
    ``amendment_approved_by`` (NULL for original targets).
    """
    sql = (
        "SELECT t.target_id, t.contract_id, t.kpi, t.program, t.channel, t.expected, t.minimum, "
        "t.weight, t.tier, t.allocation_pct, t.category_pct, t.measurement_window, "
        "t.effective_from, t.effective_to, t.amendment_id, t.version, "
        "a.effective_from AS amendment_from, a.reason AS amendment_reason, "
        "a.approved_by AS amendment_approved_by "
        "FROM targets t LEFT JOIN amendments a ON a.amendment_id = t.amendment_id"
    )
    params: list = []
    if contract_ids is not None:
        ids = [int(i) for i in contract_ids]
        where = " WHERE t.contract_id IN (" + ", ".join("?" for _ in ids) + ")"
        sql += where if ids else " WHERE FALSE"
        params += ids
    sql += (
        " ORDER BY t.contract_id, t.kpi, t.program NULLS FIRST, t.channel NULLS FIRST, "
        "t.effective_from"
    )
    return con.execute(sql, params).df()


def amendments(con: duckdb.DuckDBPyConnection, contract_id: int | None = None) -> pd.DataFrame:
    """Amendments (of one contract when given), oldest first."""
    sql = (
        "SELECT amendment_id, contract_id, effective_from, reason, approved_by, recorded_by, "
        "recorded_at FROM amendments"
    )
    params: list = []
    if contract_id is not None:
        sql += " WHERE contract_id = ?"
        params.append(int(contract_id))
    return con.execute(sql + " ORDER BY contract_id, effective_from, amendment_id", params).df()


def fact_coverage(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[date, date]]:
    """Per vendor name: the first day and the last day its KPI facts cover (a weekly or monthly
    row covers its whole week or month)."""
    rows = con.execute(
        "SELECT v.name, min(f.date), max(CASE f.grain WHEN 'month' THEN last_day(f.date) "
        "WHEN 'week' THEN CAST(f.date + INTERVAL 6 DAY AS DATE) ELSE f.date END) "
        "FROM kpi_facts f JOIN vendors v ON v.vendor_id = f.vendor_id GROUP BY v.name"
    ).fetchall()
    return {name: (first, last) for name, first, last in rows}


# --- imports -------------------------------------------------------------------------------


def mapping_profile(con: duckdb.DuckDBPyConnection, vendor: str) -> str | None:
    """The vendor's saved mapping profile (TOML), or None."""
    row = con.execute(
        "SELECT p.profile FROM mapping_profiles p JOIN vendors v USING (vendor_id) WHERE v.name = ?",
        [vendor],
    ).fetchone()
    return row[0] if row else None


def import_batches(
    con: duckdb.DuckDBPyConnection, vendor: str | None = None, limit: int = 200
) -> pd.DataFrame:
    """Import batches, newest first: provenance, counts, period, status."""
    sql = (
        "SELECT b.batch_id, v.name AS vendor, b.file_name, b.status, b.source, b.imported_by, "
        "b.imported_at, b.grain, b.shape, b.rows_read, b.rows_loaded, b.rows_rejected, "
        "b.period_from, b.period_to, b.components, b.identifying_data, b.content_hash, "
        "b.rolled_back_by, b.rolled_back_at FROM import_batches b JOIN vendors v USING (vendor_id)"
    )
    params: list = []
    if vendor:
        sql += " WHERE v.name = ?"
        params.append(vendor)
    sql += " ORDER BY b.batch_id DESC LIMIT ?"
    params.append(limit)
    return con.execute(sql, params).df()


def restatements(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> pd.DataFrame:
    """Restatements, newest first, with the slice's totals before and after (JSON)."""
    sql = (
        "SELECT r.restatement_id, r.batch_id, v.name AS vendor, r.period_from, r.period_to, "
        "r.components, r.replaced_batches, r.rows_before, r.before_totals, r.after_totals, "
        "r.recorded_at FROM restatements r JOIN vendors v USING (vendor_id)"
    )
    params: list = []
    if vendor:
        sql += " WHERE v.name = ?"
        params.append(vendor)
    return con.execute(sql + " ORDER BY r.restatement_id DESC", params).df()


# --- wording ---------------------------------------------------------------------------------

# Every stored free-text field the co-employment wording check screens: (record type, id,
# vendor, field, text). Escalation history notes are reported under their escalation's id.
_WORDING_TEXT_SQL = """
SELECT 'escalation' AS record_type, e.escalation_id AS record_id, v.name AS vendor,
       f.field, f.text
FROM escalations e
JOIN vendors v ON v.vendor_id = e.vendor_id,
     (VALUES ('title', e.title), ('description', e.description),
             ('root_cause', e.root_cause), ('resolution', e.resolution)) AS f(field, text)
WHERE f.text IS NOT NULL
UNION ALL
SELECT 'escalation_note', ev.escalation_id, v.name, 'note', ev.note
FROM escalation_events ev
JOIN escalations e ON e.escalation_id = ev.escalation_id
JOIN vendors v ON v.vendor_id = e.vendor_id
WHERE ev.note IS NOT NULL
UNION ALL
SELECT 'action_item', a.action_id, v.name, 'description', a.description
FROM action_items a JOIN vendors v ON v.vendor_id = a.vendor_id
UNION ALL
SELECT 'meeting', m.meeting_id, v.name, f.field, f.text
FROM meetings m
JOIN vendors v ON v.vendor_id = m.vendor_id,
     (VALUES ('agenda', m.agenda), ('minutes', m.minutes)) AS f(field, text)
WHERE f.text IS NOT NULL
UNION ALL
SELECT 'decision', d.decision_id, v.name, 'text', d.text
FROM decisions d
JOIN meetings m ON m.meeting_id = d.meeting_id
JOIN vendors v ON v.vendor_id = m.vendor_id
UNION ALL
SELECT 'amendment', am.amendment_id, v.name, 'reason', am.reason
FROM amendments am
JOIN contracts c ON c.contract_id = am.contract_id
JOIN vendors v ON v.vendor_id = c.vendor_id
"""


def wording_stored_text(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every stored free-text value to screen: ``record_type``, ``record_id``, ``vendor``,
    ``field``, ``text``, ordered by record type, id and field."""
    return con.execute(
        f"SELECT * FROM ({_WORDING_TEXT_SQL}) ORDER BY record_type, record_id, field"  # noqa: S608
    ).df()


def wording_known_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of vendors, sites and programs: words the wording check never reads as a person."""
    rows = con.execute(
        "SELECT name FROM vendors UNION SELECT name FROM sites UNION SELECT name FROM programs "
        "UNION SELECT DISTINCT site FROM kpi_facts WHERE site IS NOT NULL "
        "UNION SELECT DISTINCT program FROM kpi_facts WHERE program IS NOT NULL"
    ).fetchall()
    return sorted(r[0] for r in rows if r[0])
