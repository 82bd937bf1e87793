"""A PostgreSQL server's monthly roll-up of ``kpi_facts`` (migration 016), so the Portfolio and
the monthly scorecards read a summed row per place, month and pattern of unreported components
instead of a row per place and day (issue 17: about a ninth of the rows on the 1M-row workload).

How it stays right, whoever writes the facts (an import, a rollback, a migration, ``psql``):

- Statement triggers on ``kpi_facts`` (``install``) note the vendor-months a write touched in
  ``kpi_rollup_dirty``, in the writer's transaction: a write commits with its marks or not at all.
  The writer waits for nothing: it only adds marks.
- A read that would use the roll-up first ``settle``s: it recomputes the marked vendor-months
  from ``kpi_facts`` and deletes exactly the marks it read, in one transaction. Marks committed
  while it worked stay for the next read. One settles at a time (an advisory lock tried, never
  waited for): a read that finds another settling, or that runs inside a transaction it cannot
  commit early, reads ``kpi_facts`` as before.
- It serves only what it answers exactly (``serves``): whole months (a quarter, a range of whole
  months, or no period), and no excused event in the range when excused days are to be left out.
  Days, weeks and ranges that cut a month read ``kpi_facts``.

A DuckDB file never uses it: its tables stay empty there, and copies and backups leave them out.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Sequence
from datetime import date

import pandas as pd
import psycopg

from governance.kpis.catalogue import COMPONENT_NAMES, DIMENSIONS, Kpi
from governance.store import server
from governance.store.quoting import quote_ident

TABLE = "kpi_month_rollup"
MARKS = "kpi_rollup_dirty"
DERIVED = (TABLE, MARKS)  # derived from kpi_facts: never copied, backed up or restored
SETTLE_LOCK = 7_140_518  # the advisory-lock key of a settle (migrations hold 7_140_517)

_KEYS = ("vendor_id", "program", "site", "channel", "language", "queue", "grain")
_MONTH = "CAST(date_trunc('month', f.date) AS DATE)"
# One bit per component not reported: rows that report the same components sum together.
_NULLS = " + ".join(
    f"(CASE WHEN f.{quote_ident(c)} IS NULL THEN {1 << i} ELSE 0 END)"
    for i, c in enumerate(COMPONENT_NAMES)
)
_COLUMNS = (*_KEYS, "month", "nulls", "days", "fact_rows", "first_date", "last_date")

# The function and triggers that mark what a write to kpi_facts touched. Statement-level, with
# the statement's rows as transition tables: a 1M-row COPY marks once, not a million times.
_MARK_FUNCTION = """
CREATE OR REPLACE FUNCTION governance_rollup_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM kpi_month_rollup;
        DELETE FROM kpi_rollup_dirty;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO kpi_rollup_dirty (vendor_id, month)
        SELECT DISTINCT vendor_id, CAST(date_trunc('month', date) AS DATE) FROM governance_new_facts;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO kpi_rollup_dirty (vendor_id, month)
        SELECT DISTINCT vendor_id, CAST(date_trunc('month', date) AS DATE) FROM governance_old_facts;
    END IF;
    RETURN NULL;
END
$$
"""
_TRIGGERS = {
    "governance_rollup_insert": "AFTER INSERT ON kpi_facts "
    "REFERENCING NEW TABLE AS governance_new_facts",
    "governance_rollup_update": "AFTER UPDATE ON kpi_facts "
    "REFERENCING OLD TABLE AS governance_old_facts NEW TABLE AS governance_new_facts",
    "governance_rollup_delete": "AFTER DELETE ON kpi_facts "
    "REFERENCING OLD TABLE AS governance_old_facts",
    "governance_rollup_truncate": "AFTER TRUNCATE ON kpi_facts",
}


def install(con: server.ServerConnection) -> None:
    """Create (or replace) the marking triggers on a server, and mark every vendor-month the facts
    hold when the roll-up is empty and nothing is marked (a database migrated to 016, or one
    whose roll-up a migration emptied). Run as the owner, after migrating; nothing before
    migration 016 made the tables."""
    if con.raw.execute("SELECT to_regclass(%s)", [MARKS]).fetchone()[0] is None:
        return
    with con.raw.transaction():
        con.raw.execute(_MARK_FUNCTION)
        for name, when in _TRIGGERS.items():
            con.raw.execute(f"DROP TRIGGER IF EXISTS {name} ON kpi_facts")
            con.raw.execute(
                f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT "
                "EXECUTE FUNCTION governance_rollup_mark()"
            )
        con.raw.execute(
            "INSERT INTO kpi_rollup_dirty (vendor_id, month) "
            "SELECT DISTINCT vendor_id, CAST(date_trunc('month', date) AS DATE) FROM kpi_facts "
            "WHERE NOT EXISTS (SELECT 1 FROM kpi_month_rollup) "
            "AND NOT EXISTS (SELECT 1 FROM kpi_rollup_dirty)"
        )


def _recompute_sql() -> str:
    places = ", ".join(f"f.{quote_ident(p)}" for p in _KEYS)
    sums = ", ".join(f"SUM(f.{quote_ident(c)}) AS {quote_ident(c)}" for c in COMPONENT_NAMES)
    columns = ", ".join(quote_ident(c) for c in (*_COLUMNS, *COMPONENT_NAMES))
    # The marked vendors' facts between the first and the last marked month are summed, then
    # only the marked vendor-months kept: a join after grouping meets a ninth of the rows.
    return (
        f"INSERT INTO {TABLE} ({columns}) "  # noqa: S608 - fixed identifiers, values bound
        f"SELECT g.* FROM (SELECT {places}, {_MONTH} AS month, {_NULLS} AS nulls, "
        "bit_or(CAST(1 AS BIGINT) << (CAST(EXTRACT(DAY FROM f.date) AS INTEGER) - 1)) AS days, "
        "count(*) AS fact_rows, min(f.date) AS first_date, max(f.date) AS last_date, "
        f"{sums} FROM kpi_facts f "
        "WHERE f.vendor_id = ANY(%s) AND f.date >= %s AND f.date < %s "
        f"GROUP BY {places}, {_MONTH}, {_NULLS}) g "
        "JOIN (SELECT DISTINCT vendor_id, month FROM kpi_rollup_dirty WHERE mark_id = ANY(%s)) d "
        "ON g.vendor_id = d.vendor_id AND g.month = d.month"
    )


_RECOMPUTE = _recompute_sql()


def _idle(con: server.ServerConnection) -> bool:
    return con.raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def marked(con: server.ServerConnection) -> bool:
    """True while some write's vendor-months wait to be recomputed."""
    return con.raw.execute("SELECT EXISTS (SELECT 1 FROM kpi_rollup_dirty)").fetchone()[0]


def settle(con: server.ServerConnection) -> bool:
    """Recompute the marked vendor-months; True when the roll-up then matches every write
    committed before this call (False: another connection is settling, or ``con`` is inside a
    transaction; read ``kpi_facts`` instead)."""
    if not _idle(con):
        # Not ours to commit; and a partner's transaction sees neither marks nor roll-up rows
        # (row-level security), so it could not tell a settled roll-up from an empty one.
        return False
    if not marked(con):
        return True
    with con.raw.transaction():
        if not con.raw.execute("SELECT pg_try_advisory_xact_lock(%s)", [SETTLE_LOCK]).fetchone()[0]:
            return False
        marks = con.raw.execute("SELECT mark_id, vendor_id, month FROM kpi_rollup_dirty").fetchall()
        if not marks:
            return True  # another connection settled between the look and the lock
        ids = [m for m, _, _ in marks]
        vendors = sorted({v for _, v, _ in marks})
        first = min(m for _, _, m in marks)
        last = max(m for _, _, m in marks)
        after = date(last.year + last.month // 12, last.month % 12 + 1, 1)
        con.raw.execute(
            f"DELETE FROM {TABLE} r USING (SELECT DISTINCT vendor_id, month "  # noqa: S608 - fixed table name
            "FROM kpi_rollup_dirty WHERE mark_id = ANY(%s)) d "
            "WHERE r.vendor_id = d.vendor_id AND r.month = d.month",
            [ids],
        )
        # Room to group a whole database's facts in memory (a copy, a first import): on disk,
        # sorting 1M rows takes seconds. For this transaction only.
        con.raw.execute("SET LOCAL work_mem = '256MB'")
        con.raw.execute(_RECOMPUTE, [vendors, first, after, ids])
        con.raw.execute("DELETE FROM kpi_rollup_dirty WHERE mark_id = ANY(%s)", [ids])
    return True


def _last_day(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def serves(
    con,
    *,
    by: str | None,
    date_from: date | None,
    date_to: date | None,
    excused: bool,
) -> bool:
    """True when ``con`` is a server's and its roll-up answers this read exactly (settling it
    first): whole months by month, quarter or no period, and, with ``excused``, no excused event
    in the range."""
    if not isinstance(con, server.ServerConnection):
        return False
    if by not in ("month", "quarter", None):
        return False
    if date_from is not None and date_from.day != 1:
        return False
    if date_to is not None and date_to != _last_day(date_to):
        return False
    if excused:
        found = con.raw.execute(
            "SELECT EXISTS (SELECT 1 FROM excused_events "
            "WHERE (%s::date IS NULL OR date_to >= %s::date) "
            "AND (%s::date IS NULL OR date_from <= %s::date))",
            [date_from, date_from, date_to, date_to],
        ).fetchone()[0]
        if found:
            return False
    try:
        return settle(con)
    except psycopg.Error:
        # A roll-up that cannot be brought up to date (a role without rights on it, say) is
        # not used: the facts still answer, only more slowly.
        logging.getLogger(__name__).warning("the monthly roll-up was not settled", exc_info=True)
        return False


def labels_table(con) -> str:
    """The table to read the facts' vendors, programs, sites, channels, languages and queues from
    (each distinct value is in both): the roll-up when it serves, else ``kpi_facts``."""
    if serves(con, by=None, date_from=None, date_to=None, excused=False):
        return TABLE
    return "kpi_facts"


def months(con: server.ServerConnection) -> list[date]:
    """``queries.months_with_data`` from the roll-up (after ``serves``)."""
    sql = f"SELECT DISTINCT month FROM {TABLE} ORDER BY month DESC"  # noqa: S608 - fixed name
    return [m for (m,) in con.execute_native(sql).fetchall()]


def date_range(con: server.ServerConnection) -> tuple[date | None, date | None]:
    """``queries.fact_date_range`` from the roll-up (after ``serves``)."""
    sql = f"SELECT min(first_date), max(last_date) FROM {TABLE}"  # noqa: S608 - fixed name
    return tuple(con.execute_native(sql).fetchone())


def coverage(con: server.ServerConnection) -> list[tuple[str, date, date]]:
    """``queries.fact_coverage``'s rows from the roll-up (after ``serves``): per vendor name, its
    first day and the last day its facts cover."""
    sql = (
        "SELECT v.name, min(r.first_date), max(CASE r.grain "  # noqa: S608 - fixed name
        "WHEN 'month' THEN CAST(date_trunc('month', r.last_date) + INTERVAL '1 month' "
        "- INTERVAL '1 day' AS DATE) "
        "WHEN 'week' THEN r.last_date + 6 ELSE r.last_date END) "
        f"FROM {TABLE} r JOIN vendors v ON v.vendor_id = r.vendor_id GROUP BY v.name"
    )
    return con.execute_native(sql).fetchall()


def _terms(terms: Sequence[tuple[str, int]]) -> str:
    """Signed components over the roll-up's rows, as ``queries._terms_sql`` writes them."""
    out = []
    for i, (name, sign) in enumerate(terms):
        op = ("" if sign > 0 else "-") if i == 0 else ("+ " if sign > 0 else "- ")
        out.append(f"{op}r.{quote_ident(name)}")
    return "(" + " ".join(out) + ")"


def _kpi_sql(kpis: Sequence[Kpi], *, parts: bool) -> tuple[list[str], list[str]]:
    """Each KPI as the sums a month's rows give (``n<i>``, ``d<i>`` and, for a stock
    denominator, ``c<i>`` the days it was reported) and as the ratio of those sums over months,
    as ``queries.kpi_select_sql`` gives it over the facts (with ``parts``, its numerator and
    denominator too)."""
    sums, ratios = [], []
    for i, k in enumerate(kpis):
        reported = " AND ".join(f"r.{quote_ident(c)} IS NOT NULL" for c in k.components)
        sums.append(f"SUM(CASE WHEN {reported} THEN {_terms(k.numerator)} END) AS n{i}")
        sums.append(f"SUM(CASE WHEN {reported} THEN {_terms(k.denominator)} END) AS d{i}")
        num, den = f"SUM(n{i})", f"SUM(d{i})"
        if k.stock_denominator:
            sums.append(
                f"bit_count(CAST(bit_or(CASE WHEN {reported} THEN r.days END) AS BIT(64))) AS c{i}"
            )
            den = f"({den} / NULLIF(CAST(SUM(c{i}) AS DOUBLE PRECISION), 0))"
        scale = "" if k.scale == 1 else f"{float(k.scale)!r} * "
        ratios.append(f"{scale}{num} / NULLIF({den}, 0) AS {quote_ident(k.code)}")
        if parts:
            ratios.append(f"{num} AS {quote_ident(k.code + '__num')}")
            ratios.append(f"{den} AS {quote_ident(k.code + '__den')}")
    return sums, ratios


# Each dimension as a column of the roll-up's rows (``r``, joined to ``vendors v``).
PLACES = {d: f"r.{quote_ident(d)}" for d in DIMENSIONS if d != "vendor"}
PLACES["vendor"] = "v.name"


def kpi_rollup(
    con: server.ServerConnection,
    kpis: Sequence[Kpi],
    *,
    by: str | None,
    dims: Sequence[str],
    filters: tuple[list[str], list],
    components: Sequence[str],
    parts: bool,
) -> pd.DataFrame:
    """``queries.kpi_rollup`` over the roll-up (call only when ``serves`` said so): the same
    columns, types and values; ``filters`` are ``queries.fact_filters``' over ``PLACES``. Sums
    are taken per month first, so a stock's reporting days are counted within each month
    (``days``' bits) and added over the period's months."""
    keys = [quote_ident(d) for d in dims]
    inner = [f"{PLACES[d]} AS {quote_ident(d)}" for d in dims] + ["r.month AS m"]
    inner += [f"SUM(r.{quote_ident(c)}) AS {quote_ident(c)}" for c in components]
    outer = list(keys)
    if by is not None:
        # `by` is month or quarter (``serves``)
        outer.append(f"CAST(date_trunc('{by}', m) AS DATE) AS period")
    outer += [f"SUM({quote_ident(c)}) AS {quote_ident(c)}" for c in components]
    sums, ratios = _kpi_sql(kpis, parts=parts)
    inner += sums
    outer += ratios

    conditions, params = filters
    inner_keys = [PLACES[d] for d in dims] + ["r.month"]
    sql = (
        "SELECT "  # noqa: S608 - identifiers from the catalogue and fixed lists, values bound
        + ", ".join(inner)
        + f" FROM {TABLE} r JOIN vendors v ON v.vendor_id = r.vendor_id"
        + (" WHERE " + " AND ".join(conditions) if conditions else "")
        + " GROUP BY "
        + ", ".join(inner_keys)
    )
    group = list(keys) + (["period"] if by is not None else [])
    sql = "SELECT " + ", ".join(outer) + f" FROM ({sql}) s"  # noqa: S608 - as above
    if group:
        order = ", ".join(str(i + 1) for i in range(len(group)))
        sql += " GROUP BY " + ", ".join(group) + " ORDER BY " + order
    return con.execute_native(sql, params).df()


_PARTS = ("program", "site", "channel")


def people_cells(
    con: server.ServerConnection, kpis: Sequence[Kpi], filters: tuple[list[str], list]
) -> pd.DataFrame:
    """``people_cells.people_cells``' statement over the roll-up (call only when ``serves`` said
    so; ``filters`` as for ``kpi_rollup``): the months' cells summed from the roll-up's rows, then
    the quarters' from the months'."""
    sets = ", ".join(
        "(" + ", ".join(["v.name", *([f"r.{p}"] if p else []), "r.month"]) + ")"
        for p in (None, *_PARTS)
    )
    sums, ratios = _kpi_sql(kpis, parts=True)
    conditions, params = filters
    by_month = (
        "SELECT v.name AS vendor, "  # noqa: S608 - identifiers from fixed lists, values bound
        + ", ".join(f"r.{p} AS {p}, GROUPING(r.{p}) AS grouped_{p}" for p in _PARTS)
        + ", CAST(date_trunc('quarter', r.month) AS DATE) AS quarter, r.month AS month, "
        + ", ".join(sums)
        + f" FROM {TABLE} r JOIN vendors v ON v.vendor_id = r.vendor_id WHERE "
        + " AND ".join(conditions)
        + f" GROUP BY GROUPING SETS ({sets})"
    )
    cell = ["vendor", *_PARTS, *(f"grouped_{p}" for p in _PARTS), "quarter"]
    sql = (
        "SELECT "  # noqa: S608 - as above
        + ", ".join(cell)
        + ", CASE WHEN GROUPING(month) = 0 THEN month END AS month, "
        + ", ".join(ratios)
        + f" FROM ({by_month}) s GROUP BY GROUPING SETS (({', '.join(cell)}, month), "
        + f"({', '.join(cell)}))"
    )
    return con.execute_native(sql, params).df()
