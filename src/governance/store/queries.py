"""Read queries, as named functions. The only place besides migrations where SQL is written.

Values are always bound parameters; identifiers that must be dynamic (catalogue components,
dimension names) come from fixed lists and go through ``quoting.quote_ident``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

import duckdb
import pandas as pd

from governance.kpis.catalogue import COMPONENT_NAMES, DIMENSIONS, PERIODS, Kpi
from governance.store import excused_rows, rollup
from governance.store.quoting import quote_ident

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
    excused: bool = False,
) -> pd.DataFrame:
    """KPIs rolled up to ``dims`` × period ``by`` (or no period when ``by`` is None); with
    ``excused``, the facts on days an excused event covers are left out.

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

    if rollup.serves(con, by=by, date_from=date_from, date_to=date_to, excused=excused):
        filters = fact_filters(
            vendors, date_from, date_to, where, places=rollup.PLACES, day="r.month", mark="%s"
        )
        return rollup.kpi_rollup(
            con, kpis, by=by, dims=dims, filters=filters, components=components, parts=parts
        )
    group_exprs = [f"{_FACT_DIMS[d]} AS {quote_ident(d)}" for d in dims]
    group_keys = [_FACT_DIMS[d] for d in dims]
    if by is not None:
        period = f"CAST(date_trunc('{by}', f.date) AS DATE)"  # `by` is from the fixed PERIODS list
        group_exprs.append(f"{period} AS period")
        group_keys.append(period)

    select = list(group_exprs)
    select += [f"SUM(f.{quote_ident(c)}) AS {quote_ident(c)}" for c in components]
    select += [kpi_select_sql(k, parts=parts) for k in kpis]

    conditions, params = fact_filters(vendors, date_from, date_to, where)
    if excused:
        conditions.append("NOT " + excused_rows.EXCUSED_FACT)
    # Identifiers come from the catalogue and fixed lists through quote_ident; values are bound.
    source = " FROM kpi_facts f JOIN vendors v ON v.vendor_id = f.vendor_id"
    sql = "SELECT " + ", ".join(select) + source  # noqa: S608
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    if group_keys:
        order = ", ".join(str(i + 1) for i in range(len(group_keys)))
        sql += " GROUP BY " + ", ".join(group_keys) + " ORDER BY " + order
    return con.execute(sql, params).df()


def fact_filters(
    vendors, date_from, date_to, where, *, places=_FACT_DIMS, day="f.date", mark="?"
) -> tuple[list[str], list]:
    """The conditions (and their bound values) that keep ``vendors``' facts from ``date_from``
    to ``date_to`` matching ``where``: over ``kpi_facts f`` by default; ``places``, ``day`` and
    ``mark`` name the columns and the placeholder of another source (``rollup.PLACES``)."""
    conditions: list[str] = []
    params: list = []
    if vendors is not None:
        names = list(vendors)
        if not names:
            conditions.append("FALSE")
        else:
            conditions.append(f"{places['vendor']} IN (" + ", ".join(mark for _ in names) + ")")
            params += names
    if date_from is not None:
        conditions.append(f"{day} >= {mark}")
        params.append(date_from)
    if date_to is not None:
        conditions.append(f"{day} <= {mark}")
        params.append(date_to)
    for dim, value in (where or {}).items():
        if dim not in places:
            raise ValueError(f"unknown dimension {dim!r}")
        if value is None:
            conditions.append(f"{places[dim]} IS NULL")
        elif isinstance(value, (list, tuple, set)):
            values = list(value)
            conditions.append(f"{places[dim]} IN (" + ", ".join(mark for _ in values) + ")")
            params += values
        else:
            conditions.append(f"{places[dim]} = {mark}")
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
    if rollup.serves(con, by=None, date_from=None, date_to=None, excused=False):
        return rollup.date_range(con)
    return tuple(con.execute("SELECT min(date), max(date) FROM kpi_facts").fetchone())


def months_with_data(con: duckdb.DuckDBPyConnection) -> list[date]:
    """First days of the months that have KPI facts, newest first."""
    if rollup.serves(con, by="month", date_from=None, date_to=None, excused=False):
        return rollup.months(con)
    rows = con.execute(
        "SELECT DISTINCT CAST(date_trunc('month', date) AS DATE) AS m FROM kpi_facts ORDER BY m DESC"
    ).fetchall()
    return [r[0] for r in rows]


# --- audit ---------------------------------------------------------------------------------


def audit_events(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The newest audit events first."""
    return con.execute(
        "SELECT event_id, occurred_at, actor, role, action, entity, entity_id, before, after "
        "FROM audit_events ORDER BY event_id DESC LIMIT ?",
        [limit],
    ).df()


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every base table in the database (its own: not those of another attached database)."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = current_database() AND table_schema = 'main' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


# --- contracts & scorecards -------------------------------------------------------------------

_CONTRACT_COLUMNS = (
    "c.contract_id, v.name AS vendor, c.vendor_id, c.name, c.start_date, c.end_date, c.pricing, "
    "c.monthly_fee_basis, c.at_risk_pct, c.pool_pct_available, c.earn_back_windows, "
    "c.repeated_miss_count, c.dispute_days, c.dispute_resolve_days, c.ratchet, c.excused_kpis, c.renewal_notice, c.legal_review, c.sl_over, c.sl_threshold_seconds, "
    "c.short_abandon_seconds, c.csat_scale, c.csat_top_box, c.currency, c.billing_tolerance_pct, "
    "c.created_at, c.version"
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
    if rollup.serves(con, by=None, date_from=None, date_to=None, excused=False):
        rows = rollup.coverage(con)
    else:
        rows = con.execute(
            "SELECT v.name, min(f.date), max(CASE f.grain WHEN 'month' THEN last_day(f.date) "
            "WHEN 'week' THEN CAST(f.date + INTERVAL 6 DAY AS DATE) ELSE f.date END) "
            "FROM kpi_facts f JOIN vendors v ON v.vendor_id = f.vendor_id GROUP BY v.name"
        ).fetchall()
    return {name: (first, last) for name, first, last in rows}


# --- imports -------------------------------------------------------------------------------


_LAYOUT = (
    "SELECT l.layout_id, l.name, l.vendor_id, v.name AS vendor, l.profile, l.version, "
    "l.created_by, l.created_at, l.updated_by, l.updated_at "
    "FROM layouts l LEFT JOIN vendors v USING (vendor_id)"
)


def layout_record(con: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    """The layout of this name, in any letter case, as a record (layout_id, name, vendor_id,
    vendor: the one it was first saved for or None, profile: the latest TOML, version,
    created_by, created_at, updated_by, updated_at); None when there is none."""
    cur = con.execute(f"{_LAYOUT} WHERE lower(l.name) = lower(?)", [name])  # noqa: S608 - fixed SQL
    return next(iter(_rows(cur)), None)


def layouts(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> list[dict]:
    """Every layout the connection can see, as ``layout_record`` gives one, newest first; with
    ``vendor``, only those first saved for that vendor."""
    sql, params = _LAYOUT, []
    if vendor is not None:
        sql += " WHERE v.name = ?"
        params.append(vendor)
    return _rows(con.execute(sql + " ORDER BY l.updated_at DESC, l.name", params))


def layout_version(con: duckdb.DuckDBPyConnection, name: str, version: int) -> dict | None:
    """One kept version of the named layout (any letter case): name, version, profile (TOML),
    saved_by, saved_at; None when that version is not kept."""
    cur = con.execute(
        "SELECT l.name, h.version, h.profile, h.saved_by, h.saved_at FROM layout_versions h "
        "JOIN layouts l USING (layout_id) WHERE lower(l.name) = lower(?) AND h.version = ?",
        [name, version],
    )
    return next(iter(_rows(cur)), None)


def layout_history(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """The kept versions of the named layout (any letter case), newest first: version,
    saved_by, saved_at."""
    return con.execute(
        "SELECT h.version, h.saved_by, h.saved_at FROM layout_versions h "
        "JOIN layouts l USING (layout_id) WHERE lower(l.name) = lower(?) ORDER BY h.version DESC",
        [name],
    ).df()


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


def batch_profiles(
    con: duckdb.DuckDBPyConnection, first: date, last: date
) -> list[tuple[str, str]]:
    """(vendor, profile TOML) of every live import batch whose period overlaps ``first`` to
    ``last``: how the figures held for those days were read (e.g. the service-level threshold)."""
    return con.execute(
        "SELECT v.name, b.profile FROM import_batches b JOIN vendors v USING (vendor_id) "
        "WHERE b.status <> 'rolled_back' AND b.profile IS NOT NULL AND b.period_from <= ? "
        "AND b.period_to >= ? "
        "ORDER BY v.name, b.batch_id",
        [last, first],
    ).fetchall()


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
JOIN vendors v ON v.vendor_id = e.vendor_id
CROSS JOIN LATERAL (VALUES ('title', e.title), ('description', e.description),
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
JOIN vendors v ON v.vendor_id = m.vendor_id
CROSS JOIN LATERAL (VALUES ('agenda', m.agenda), ('minutes', m.minutes)) AS f(field, text)
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
UNION ALL
SELECT 'kt_session', k.session_id, v.name, f.field, f.text
FROM kt_sessions k
JOIN vendors v ON v.vendor_id = k.vendor_id
CROSS JOIN LATERAL (VALUES ('topic', k.topic), ('notes', k.notes)) AS f(field, text)
WHERE f.text IS NOT NULL
UNION ALL
SELECT 'best_practice', b.practice_id, 'All vendors', f.field, f.text
FROM best_practices b
CROSS JOIN LATERAL (VALUES ('title', b.title), ('body', b.body)) AS f(field, text)
UNION ALL
SELECT 'training_material', t.material_id, 'All vendors', 'description', t.description
FROM training_materials t WHERE t.description IS NOT NULL
UNION ALL
SELECT 'material_release', r.material_id, 'All vendors', 'notes (release ' || r.release_no || ')', r.notes
FROM material_releases r WHERE r.notes IS NOT NULL
UNION ALL
SELECT 'attestation', a.attestation_id, v.name, 'notes', a.notes
FROM compliance_attestations a JOIN vendors v ON v.vendor_id = a.vendor_id
WHERE a.notes IS NOT NULL
"""


def wording_stored_text(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every stored free-text value to screen: ``record_type``, ``record_id``, ``vendor``,
    ``field``, ``text``, ordered by record type, id and field."""
    return con.execute(
        f"SELECT * FROM ({_WORDING_TEXT_SQL}) AS texts ORDER BY record_type, record_id, field"  # noqa: S608
    ).df()


def wording_known_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of vendors, sites and programs: words the wording check never reads as a person."""
    facts = rollup.labels_table(con)
    rows = con.execute(
        "SELECT name FROM vendors UNION SELECT name FROM sites UNION SELECT name FROM programs "  # noqa: S608 - a fixed table name
        f"UNION SELECT DISTINCT site FROM {facts} WHERE site IS NOT NULL "
        f"UNION SELECT DISTINCT program FROM {facts} WHERE program IS NOT NULL"
    ).fetchall()
    return sorted(r[0] for r in rows if r[0])


# --- meetings, training, compliance ---


def _rows(cur) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def meeting(con: duckdb.DuckDBPyConnection, meeting_id: int) -> dict | None:
    """One meeting with its vendor's name, or None."""
    rows = _rows(
        con.execute(
            "SELECT m.meeting_id, m.vendor_id, v.name AS vendor, m.kind, m.meeting_date, m.title, "
            "m.attendees, m.agenda, m.minutes, m.pack_file, m.version "
            "FROM meetings m JOIN vendors v ON v.vendor_id = m.vendor_id WHERE m.meeting_id = ?",
            [meeting_id],
        )
    )
    return rows[0] if rows else None


def meetings(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> pd.DataFrame:
    """Meetings, newest first, with their count of decisions and action items."""
    return con.execute(
        "SELECT m.meeting_id, v.name AS vendor, m.kind, m.meeting_date, m.title, m.attendees, "
        "m.agenda, m.minutes, m.version, "
        "(SELECT count(*) FROM decisions d WHERE d.meeting_id = m.meeting_id) AS decisions, "
        "(SELECT count(*) FROM action_items a WHERE a.meeting_id = m.meeting_id) AS actions "
        "FROM meetings m JOIN vendors v ON v.vendor_id = m.vendor_id "
        "WHERE CAST(? AS VARCHAR) IS NULL OR v.name = ? ORDER BY m.meeting_date DESC, m.meeting_id DESC",
        [vendor, vendor],
    ).df()


def decisions(con: duckdb.DuckDBPyConnection, meeting_id: int) -> pd.DataFrame:
    """The decisions of one meeting, in the order recorded."""
    return con.execute(
        "SELECT decision_id, text FROM decisions WHERE meeting_id = ? ORDER BY decision_id",
        [meeting_id],
    ).df()


def action_items(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> pd.DataFrame:
    """Action items with their vendor and meeting: open ones first, then by due date."""
    return con.execute(
        "SELECT a.action_id, v.name AS vendor, a.description, a.owner_side, a.owner, a.due_date, "
        "a.status, a.kpi, a.escalation_id, a.meeting_id, m.title AS meeting, a.created_at, "
        "a.completed_at, a.version "
        "FROM action_items a JOIN vendors v ON v.vendor_id = a.vendor_id "
        "LEFT JOIN meetings m ON m.meeting_id = a.meeting_id "
        "WHERE CAST(? AS VARCHAR) IS NULL OR v.name = ? "
        "ORDER BY a.status IN ('done', 'cancelled'), a.due_date, a.action_id",
        [vendor, vendor],
    ).df()


def meeting_cadence(con: duckdb.DuckDBPyConnection, today: date, kinds: list[str]) -> pd.DataFrame:
    """Per vendor (not inactive) and meeting kind: the last meeting held on or before ``today``
    and the first scheduled after it (date and title). Ordered by vendor and kind."""
    return con.execute(
        "WITH k AS (SELECT unnest(CAST(? AS VARCHAR[])) AS kind) "
        "SELECT v.name AS vendor, k.kind, "
        "(SELECT max(m.meeting_date) FROM meetings m WHERE m.vendor_id = v.vendor_id "
        " AND m.kind = k.kind AND m.meeting_date <= ?) AS last_held, "
        "(SELECT min(m.meeting_date) FROM meetings m WHERE m.vendor_id = v.vendor_id "
        " AND m.kind = k.kind AND m.meeting_date > ?) AS next_scheduled, "
        "(SELECT m.title FROM meetings m WHERE m.vendor_id = v.vendor_id "
        " AND m.kind = k.kind AND m.meeting_date > ? "
        " ORDER BY m.meeting_date, m.meeting_id LIMIT 1) AS next_title "
        "FROM vendors v, k WHERE v.status <> 'inactive' ORDER BY v.name, k.kind",
        [kinds, today, today, today],
    ).df()


def contract_dates(con: duckdb.DuckDBPyConnection, today: date) -> pd.DataFrame:
    """Legal-review and renewal-notice dates of contracts still running on ``today``:
    vendor, contract, legal_review, renewal_notice, end_date."""
    return con.execute(
        "SELECT v.name AS vendor, c.name AS contract, c.legal_review, c.renewal_notice, c.end_date "
        "FROM contracts c JOIN vendors v ON v.vendor_id = c.vendor_id "
        "WHERE c.end_date IS NULL OR c.end_date >= ? ORDER BY v.name, c.name",
        [today],
    ).df()


def attestations(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> pd.DataFrame:
    """Compliance attestations with a ``current`` flag (the latest issued of its vendor and
    kind), by vendor, kind and newest issue first."""
    return con.execute(
        "SELECT a.attestation_id, v.name AS vendor, a.kind, a.issued, a.expires, a.evidence_ref, "
        "a.notes, a.version, row_number() OVER (PARTITION BY a.vendor_id, a.kind "
        "ORDER BY a.issued DESC, a.attestation_id DESC) = 1 AS current "
        "FROM compliance_attestations a JOIN vendors v ON v.vendor_id = a.vendor_id "
        "WHERE CAST(? AS VARCHAR) IS NULL OR v.name = ? ORDER BY v.name, a.kind, a.issued DESC, a.attestation_id DESC",
        [vendor, vendor],
    ).df()


def attestation(con: duckdb.DuckDBPyConnection, attestation_id: int) -> dict | None:
    rows = _rows(
        con.execute(
            "SELECT a.attestation_id, a.vendor_id, v.name AS vendor, a.kind, a.issued, a.expires, "
            "a.evidence_ref, a.notes, a.version FROM compliance_attestations a "
            "JOIN vendors v ON v.vendor_id = a.vendor_id WHERE a.attestation_id = ?",
            [attestation_id],
        )
    )
    return rows[0] if rows else None


def training_materials(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Client-owned training materials: current release, its date, and the programs covered."""
    return con.execute(
        "SELECT t.material_id, t.title, t.description, r.release_no AS current_release, "
        "r.released_on, (SELECT string_agg(p.program, ', ' ORDER BY p.program) "
        "FROM material_programs p WHERE p.material_id = t.material_id) AS programs, t.version "
        "FROM training_materials t LEFT JOIN material_releases r ON r.material_id = t.material_id "
        "AND r.release_no = (SELECT max(release_no) FROM material_releases x "
        "WHERE x.material_id = t.material_id) ORDER BY t.title"
    ).df()


def training_material(con: duckdb.DuckDBPyConnection, material_id: int) -> dict | None:
    rows = _rows(
        con.execute(
            "SELECT t.material_id, t.title, t.description, t.version, "
            "(SELECT max(release_no) FROM material_releases r WHERE r.material_id = t.material_id) "
            "AS current_release FROM training_materials t WHERE t.material_id = ?",
            [material_id],
        )
    )
    return rows[0] if rows else None


def material_releases(con: duckdb.DuckDBPyConnection, material_id: int) -> pd.DataFrame:
    return con.execute(
        "SELECT release_no, released_on, notes FROM material_releases WHERE material_id = ? "
        "ORDER BY release_no DESC",
        [material_id],
    ).df()


def kt_sessions(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> pd.DataFrame:
    """Knowledge-transfer sessions, newest first (vendor attendees as a count)."""
    return con.execute(
        "SELECT s.session_id, v.name AS vendor, s.session_date, s.topic, t.title AS material, "
        "s.release_no, s.vendor_attendees, s.notes "
        "FROM kt_sessions s JOIN vendors v ON v.vendor_id = s.vendor_id "
        "LEFT JOIN training_materials t ON t.material_id = s.material_id "
        "WHERE CAST(? AS VARCHAR) IS NULL OR v.name = ? ORDER BY s.session_date DESC, s.session_id DESC",
        [vendor, vendor],
    ).df()


def training_completion(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> pd.DataFrame:
    """Vendor-attested completion per vendor, program and month (aggregate counts)."""
    return con.execute(
        "SELECT v.name AS vendor, c.program, c.month, c.trained, c.assigned, "
        "t.title AS material, c.release_no, c.attested_at, c.version "
        "FROM training_completion c JOIN vendors v ON v.vendor_id = c.vendor_id "
        "LEFT JOIN training_materials t ON t.material_id = c.material_id "
        "WHERE CAST(? AS VARCHAR) IS NULL OR v.name = ? ORDER BY c.month DESC, v.name, c.program",
        [vendor, vendor],
    ).df()


def training_completion_row(
    con: duckdb.DuckDBPyConnection, vendor_id: int, program: str, month: date
) -> dict | None:
    rows = _rows(
        con.execute(
            "SELECT vendor_id, program, month, trained, assigned, material_id, release_no, "
            "attested_at, version FROM training_completion "
            "WHERE vendor_id = ? AND program = ? AND month = ?",
            [vendor_id, program, month],
        )
    )
    return rows[0] if rows else None


def material_references(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every reference of a vendor to a material release (KT sessions and completion
    attestations): vendor, material_id, title, release_no, on (date), source, current_release."""
    return con.execute(
        "WITH refs AS ("
        " SELECT vendor_id, material_id, release_no, session_date AS on_date, 'KT session' AS source "
        " FROM kt_sessions WHERE material_id IS NOT NULL AND release_no IS NOT NULL "
        " UNION ALL "
        " SELECT vendor_id, material_id, release_no, month, 'completion attestation' "
        " FROM training_completion WHERE material_id IS NOT NULL AND release_no IS NOT NULL) "
        "SELECT v.name AS vendor, r.material_id, t.title AS material, r.release_no, "
        "r.on_date AS on, r.source, (SELECT max(x.release_no) FROM material_releases x "
        "WHERE x.material_id = r.material_id) AS current_release "
        "FROM refs r JOIN vendors v ON v.vendor_id = r.vendor_id "
        "JOIN training_materials t ON t.material_id = r.material_id "
        "ORDER BY v.name, t.title, r.on_date, r.release_no"
    ).df()


def best_practices(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The best-practice library, shared with every vendor, newest first."""
    return con.execute(
        "SELECT practice_id, title, program, body, created_at, version FROM best_practices "
        "ORDER BY created_at DESC, practice_id DESC"
    ).df()


def best_practice(con: duckdb.DuckDBPyConnection, practice_id: int) -> dict | None:
    rows = _rows(
        con.execute(
            "SELECT practice_id, title, program, body, created_at, version FROM best_practices "
            "WHERE practice_id = ?",
            [practice_id],
        )
    )
    return rows[0] if rows else None


def program_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Programs known from the catalogue table and the facts, sorted."""
    rows = con.execute(
        f"SELECT name FROM programs UNION SELECT DISTINCT program FROM {rollup.labels_table(con)} "  # noqa: S608 - a fixed table name
        "WHERE program IS NOT NULL"
    ).fetchall()
    return sorted(r[0] for r in rows if r[0])


# --- health ---


def health_escalations(
    con: duckdb.DuckDBPyConnection,
    date_from: date,
    date_to: date,
    vendors: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Escalations raised per vendor, program (NULL when none was named) and month between two
    days inclusive: ``vendor``, ``program``, ``month`` (a date, the first of the month), ``raised``."""
    sql = (
        "SELECT v.name AS vendor, e.program, "
        "CAST(date_trunc('month', e.raised_at) AS DATE) AS month, count(*) AS raised "
        "FROM escalations e JOIN vendors v ON v.vendor_id = e.vendor_id "
        "WHERE CAST(e.raised_at AS DATE) BETWEEN ? AND ?"
    )
    params: list = [date_from, date_to]
    if vendors is not None:
        names = list(vendors)
        if not names:
            return pd.DataFrame(columns=["vendor", "program", "month", "raised"])
        sql += f" AND v.name IN ({', '.join('?' for _ in names)})"
        params += names
    sql += (
        " GROUP BY v.name, e.program, CAST(date_trunc('month', e.raised_at) AS DATE)"
        " ORDER BY vendor, program, month"
    )
    return con.execute(sql, params).df()


# --- escalations ---------------------------------------------------------------------------


def escalation_log_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    vendor: str | None = None,
    statuses: list[str] | None = None,
    severities: list[str] | None = None,
    categories: list[str] | None = None,
) -> pd.DataFrame:
    """Escalations for the log, newest first, with ``level_since`` (when the escalation reached
    its current level) and ``acknowledged_at_level`` (its first acknowledgement since then)."""
    where, params = [], []
    if vendor:
        where.append("v.name = ?")
        params.append(vendor)
    for column, values in (
        ("e.status", statuses),
        ("e.severity", severities),
        ("e.category", categories),
    ):
        if values:
            where.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    sql = f"""
WITH reached AS (
    SELECT ev.escalation_id, max(ev.occurred_at) AS level_since
    FROM escalation_events ev JOIN escalations e ON e.escalation_id = ev.escalation_id
    WHERE ev.to_level = e.level AND (ev.from_level IS NULL OR ev.from_level <> ev.to_level)
    GROUP BY ev.escalation_id
), acked AS (
    SELECT ev.escalation_id, min(ev.occurred_at) AS acknowledged_at_level
    FROM escalation_events ev JOIN reached r ON r.escalation_id = ev.escalation_id
    WHERE ev.to_status = 'acknowledged' AND ev.occurred_at >= r.level_since
    GROUP BY ev.escalation_id
)
SELECT e.escalation_id, v.name AS vendor, e.program, e.site, e.category, e.severity, e.level,
       e.status, e.title, e.raised_by, e.raised_at, coalesce(r.level_since, e.raised_at) AS level_since,
       a.acknowledged_at_level, e.resolved_at, e.closed_at, e.version
FROM escalations e
JOIN vendors v ON v.vendor_id = e.vendor_id
LEFT JOIN reached r ON r.escalation_id = e.escalation_id
LEFT JOIN acked a ON a.escalation_id = e.escalation_id
{"WHERE " + " AND ".join(where) if where else ""}
ORDER BY e.raised_at DESC, e.escalation_id DESC
"""  # noqa: S608 - only placeholders and fixed column names are spliced in
    return con.execute(sql, params).df()


def escalation_history(con: duckdb.DuckDBPyConnection, escalation_id: int) -> pd.DataFrame:
    """One escalation's recorded changes, oldest first."""
    return con.execute(
        "SELECT occurred_at, actor, from_status, to_status, from_level, to_level, note "
        "FROM escalation_events WHERE escalation_id = ? ORDER BY occurred_at, event_id",
        [escalation_id],
    ).df()


def escalation_scopes(con: duckdb.DuckDBPyConnection, vendor: str) -> tuple[list[str], list[str]]:
    """The programs and sites known for a vendor (from its sites and KPI data), to raise against."""
    facts = rollup.labels_table(con)
    programs = con.execute(
        f"SELECT DISTINCT f.program FROM {facts} f JOIN vendors v ON v.vendor_id = f.vendor_id "  # noqa: S608 - a fixed table name
        "WHERE v.name = ? AND f.program IS NOT NULL ORDER BY 1",
        [vendor],
    ).fetchall()
    sites = con.execute(
        "SELECT s.name FROM sites s JOIN vendors v ON v.vendor_id = s.vendor_id WHERE v.name = ? "  # noqa: S608 - a fixed table name
        f"UNION SELECT DISTINCT f.site FROM {facts} f JOIN vendors v ON v.vendor_id = f.vendor_id "
        "WHERE v.name = ? AND f.site IS NOT NULL ORDER BY 1",
        [vendor, vendor],
    ).fetchall()
    return [r[0] for r in programs], [r[0] for r in sites]


# --- audit: filtered reads -----------------------------------------------------------------------


def audit_events_filtered(
    con: duckdb.DuckDBPyConnection,
    *,
    who: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    since: date | None = None,
    before: date | None = None,
    limit: int = 1000,
) -> pd.DataFrame:
    """Audit events matching every given filter, newest first (``before`` is exclusive)."""
    where, params = [], []
    for column, value in (
        ("actor", who),
        ("action", action),
        ("entity", entity),
        ("entity_id", entity_id),
    ):
        if value is not None:
            where.append(f"{quote_ident(column)} = ?")
            params.append(value)
    if since is not None:
        where.append("occurred_at >= ?")
        params.append(since)
    if before is not None:
        where.append("occurred_at < ?")
        params.append(before)
    sql = (
        "SELECT event_id, occurred_at, actor, role, action, entity, entity_id, before, after "
        "FROM audit_events "
        + ("WHERE " + " AND ".join(where) + " " if where else "")
        + "ORDER BY occurred_at DESC, event_id DESC LIMIT ?"
    )  # noqa: S608 - only fixed column names and placeholders are spliced in
    return con.execute(sql, [*params, limit]).df()


def audit_facets(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The distinct actors, actions and entities in the audit log, for the filters."""
    facets = {}
    for column in ("actor", "action", "entity"):
        rows = con.execute(
            f"SELECT DISTINCT {quote_ident(column)} FROM audit_events ORDER BY 1"  # noqa: S608 - fixed names
        ).fetchall()
        facets[column] = [r[0] for r in rows]
    return facets


# --- the Portfolio's headline -------------------------------------------------------------------


def open_escalations_at(
    con: duckdb.DuckDBPyConnection,
    moments: Sequence[datetime],
    statuses: Sequence[str],
    severities: Sequence[str],
    vendors: Iterable[str] | None = None,
) -> pd.DataFrame:
    """How many escalations of ``severities`` were in one of ``statuses`` just before each of
    ``moments``, per vendor and severity: ``at``, ``vendor``, ``severity``, ``open``.

    An escalation's status at a moment is the one its last recorded change before that moment
    set (``escalation_events``), so one resolved and reopened since is counted as it then was.
    The severity is the escalation's current one (its changes are not kept). A moment, vendor
    and severity with none open has no row."""
    columns = ["at", "vendor", "severity", "open"]
    names = None if vendors is None else list(vendors)
    if not moments or not statuses or not severities or names == []:
        return pd.DataFrame(columns=columns)
    sql = f"""
WITH moments AS (SELECT unnest(CAST(? AS TIMESTAMP[])) AS at),
states AS (
    SELECT m.at, ev.escalation_id, ev.to_status,
           row_number() OVER (
               PARTITION BY m.at, ev.escalation_id ORDER BY ev.occurred_at DESC, ev.event_id DESC
           ) AS latest
    FROM moments m JOIN escalation_events ev ON ev.occurred_at < m.at
)
SELECT s.at, v.name AS vendor, e.severity, count(*) AS open
FROM states s
JOIN escalations e ON e.escalation_id = s.escalation_id
JOIN vendors v ON v.vendor_id = e.vendor_id
WHERE s.latest = 1 AND s.to_status IN ({", ".join("?" for _ in statuses)})
  AND e.severity IN ({", ".join("?" for _ in severities)})
{"AND v.name IN (" + ", ".join("?" for _ in names) + ")" if names is not None else ""}
GROUP BY s.at, v.name, e.severity
ORDER BY s.at, v.name, e.severity
"""  # noqa: S608 - only placeholders are spliced in
    params = [list(moments), *statuses, *severities, *(names or [])]
    return con.execute(sql, params).df()
