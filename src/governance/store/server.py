"""The PostgreSQL store: a team's database on a server, for several app servers and scheduled jobs
at once (the embedded DuckDB file stays the default for one machine).

``GOVERNANCE_DB`` (or ``--db``) names it with a URL, ``postgresql://user@host:5432/dbname``;
TLS and other libpq options pass through the URL (``?sslmode=verify-full``), and the password
comes from libpq's own sources (``PGPASSWORD``, or a ``~/.pgpass`` / ``PGPASSFILE`` file), never a
command-line argument. Connections come from one pool per URL and process (psycopg 3).

A ``ServerConnection`` answers the few calls the store layer makes of a DuckDB connection
(``execute`` with ``?`` parameters, ``fetchone``, ``fetchall``, ``df``, ``executemany``,
``description``, ``close``), with every SQL text read through ``dialect.postgres``; errors come
back as the DuckDB error classes the services already handle (a unique key as
``ConstraintException``, a missing table as ``CatalogException``, a serialization failure as a
write conflict), so services and pages never know which store they are on.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import duckdb
import pandas as pd
import psycopg
import psycopg_pool
from psycopg import errors as pg_errors

from governance.errors import DatabaseLocked, InvalidInput, PermissionDenied
from governance.store import dialect
from governance.store.quoting import quote_ident

SCHEMES = ("postgresql://", "postgres://")

_pools: dict[str, psycopg_pool.ConnectionPool] = {}
_pools_lock = threading.Lock()


def is_url(target: object) -> bool:
    """True when ``target`` names a PostgreSQL server rather than a database file."""
    return isinstance(target, str) and target.startswith(SCHEMES)


def shown(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    return f"postgresql://{info.get('user', '')}@{info.get('host', '')}:{info.get('port', 5432)}/{info.get('dbname', '')}"


CONNECT_WAIT = 30  # seconds a unit of work waits for a free connection of the pool


def _pool(url: str) -> psycopg_pool.ConnectionPool:
    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            pool = psycopg_pool.ConnectionPool(
                url,
                min_size=1,
                max_size=8,
                kwargs={"autocommit": True},
                open=False,
                name="governance",
            )
            try:
                pool.open(wait=True, timeout=10)
            except psycopg_pool.PoolTimeout:
                pool.close()
                raise InvalidInput(
                    f"Could not reach the database server {shown(url)} within 10 s: check the "
                    "URL ($GOVERNANCE_DB or --db), that the server is running, and the password "
                    "(PGPASSWORD or a .pgpass file)."
                ) from None
            _pools[url] = pool
        return pool


def close_pools(url: str | None = None) -> None:
    """Close the pool of ``url`` (every pool this process opened when None): a database about to
    be dropped, a process that is ending."""
    with _pools_lock:
        for key in [url] if url else list(_pools):
            pool = _pools.pop(key, None)
            if pool is not None:
                pool.close()


def connect(url: str) -> ServerConnection:
    """A connection from the URL's pool, for one unit of work; ``close()`` gives it back."""
    pool = _pool(url)
    try:
        raw = pool.getconn(timeout=CONNECT_WAIT)
    except psycopg_pool.PoolTimeout:
        raise DatabaseLocked(
            f"Every connection this program keeps to {shown(url)} stayed busy for "
            f"{CONNECT_WAIT} s: other work is running. Try again in a minute."
        ) from None
    return ServerConnection(raw, pool)


def _translate(exc: psycopg.Error) -> Exception:
    """The DuckDB error class the services handle for a PostgreSQL error."""
    text = str(exc).strip()
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        return PermissionDenied(
            f"The database server refused this to the role the program connects as ({text})."
        )
    if isinstance(exc, pg_errors.IntegrityConstraintViolation):
        return duckdb.ConstraintException(f"Constraint Error: {text}")
    if isinstance(exc, pg_errors.UndefinedTable | pg_errors.UndefinedObject):
        return duckdb.CatalogException(f"Catalog Error: {text}")
    if isinstance(exc, pg_errors.UndefinedColumn | pg_errors.UndefinedFunction):
        return duckdb.BinderException(f"Binder Error: {text}")
    if isinstance(exc, pg_errors.SerializationFailure | pg_errors.DeadlockDetected):
        return duckdb.TransactionException(f"Transaction conflict: {text}")
    if isinstance(exc, pg_errors.DataError):
        return duckdb.ConversionException(f"Conversion Error: {text}")
    return duckdb.Error(text)


# PostgreSQL type OIDs and the pandas dtype DuckDB's ``df()`` gives the same SQL type.
_INT = {21: ("int16", "Int16"), 23: ("int32", "Int32"), 20: ("int64", "Int64")}
_FLOAT = {700, 701, 1700}
_TIME = {1082, 1114}
_TIME_ZONED = 1184
_BOOL = 16


def _column(values: list, oid: int) -> pd.Series:
    has_none = any(v is None for v in values)
    if oid in _INT:
        plain, nullable = _INT[oid]
        return pd.Series(values, dtype=nullable if has_none else plain)
    if oid in _FLOAT:
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if oid == _TIME_ZONED:  # an expression's timestamptz: aware, as DuckDB gives it
        return pd.Series(pd.to_datetime(values, utc=True)).dt.as_unit("us")
    if oid in _TIME:
        return pd.Series(pd.to_datetime(values), dtype="datetime64[us]")
    if oid == _BOOL:
        return pd.Series(values, dtype="boolean" if has_none else "bool")
    if oid in (25, 1043, 1042):
        # DuckDB leaves a text column with no value at all (or no rows) as object
        return pd.Series(values, dtype="str" if any(v is not None for v in values) else "object")
    return pd.Series(values, dtype="object")


class ServerConnection:
    """A pooled PostgreSQL connection that reads like the DuckDB connection the store layer uses."""

    def __init__(self, raw: psycopg.Connection, pool: psycopg_pool.ConnectionPool | None = None):
        self._raw = raw
        self._pool = pool
        self._cur: psycopg.Cursor | None = None

    @property
    def raw(self) -> psycopg.Connection:
        """The psycopg connection, for what only a server does (``COPY``, advisory locks)."""
        return self._raw

    def execute(self, sql: str, parameters: Sequence | None = None) -> ServerConnection:
        cur = self._raw.cursor()
        try:
            cur.execute(dialect.postgres(sql), tuple(parameters or ()))
        except psycopg.Error as exc:
            raise _translate(exc) from exc
        self._cur = cur
        return self

    def execute_native(self, sql: str, parameters: Sequence | None = None) -> ServerConnection:
        """One statement written for PostgreSQL (``%s`` placeholders), not translated: what only a
        server runs (``store.rollup``)."""
        cur = self._raw.cursor()
        try:
            cur.execute(sql, tuple(parameters or ()))
        except psycopg.Error as exc:
            raise _translate(exc) from exc
        self._cur = cur
        return self

    def execute_script(self, sql: str) -> None:
        """Every statement of a script (a migration), in order."""
        for statement in dialect.postgres_script(sql):
            try:
                self._raw.execute(statement, ())
            except psycopg.Error as exc:
                raise _translate(exc) from exc

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> ServerConnection:
        cur = self._raw.cursor()
        try:
            cur.executemany(dialect.postgres(sql), [tuple(r) for r in rows])
        except psycopg.Error as exc:
            raise _translate(exc) from exc
        self._cur = cur
        return self

    @property
    def description(self):
        return None if self._cur is None else self._cur.description

    def fetchone(self):
        return self._cur.fetchone() if self._cur is not None and self._cur.description else None

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall() if self._cur is not None and self._cur.description else []

    def df(self) -> pd.DataFrame:
        """The result as DuckDB's ``df()`` gives it: integers as integers (nullable when a value is
        missing), DECIMAL and floats as float64, dates and timestamps as datetime64, text as str."""
        if self._cur is None or not self._cur.description:
            return pd.DataFrame()
        rows = self._cur.fetchall()
        columns = {}
        for i, d in enumerate(self._cur.description):
            columns[d.name] = _column([r[i] for r in rows], d.type_code)
        return pd.DataFrame(columns)

    def copy_frame(self, table: str, frame: pd.DataFrame) -> int:
        """Every row of ``frame`` into ``table`` (its columns by name) with one ``COPY``, in the
        current transaction; missing values (None, NaN, NaT, NA) as NULL. Returns the rows."""
        values = frame.astype(object).where(frame.notna(), None)
        return self.copy_rows(table, list(frame.columns), values.itertuples(index=False, name=None))

    def copy_rows(self, table: str, columns: Sequence[str], rows) -> int:
        """Rows (tuples of Python values, None for NULL) into ``table``'s ``columns`` with one
        ``COPY``, in the current transaction. Returns how many."""
        names = ", ".join(quote_ident(c) for c in columns)
        count = 0
        try:
            with self._raw.cursor().copy(
                f"COPY {quote_ident(table)} ({names}) FROM STDIN"  # identifiers quoted
            ) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        except psycopg.Error as exc:
            raise _translate(exc) from exc
        return count

    def cursor(self) -> ServerConnection:
        return ServerConnection(self._raw)

    def close(self) -> None:
        if self._pool is not None:
            if self._raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                self._raw.rollback()
            self._pool.putconn(self._raw)
            self._pool = None


# Row-level security for vendor partners: the vendor a transaction acts for, set with
# ``set_config(PARTNER_SETTING, id, true)`` (local to the transaction); unset, every row shows.
PARTNER_SETTING = "governance.vendor_id"
PARTNER_POLICY = "governance_partner_scope"
# Each read once per query (an init plan), not once per row.
# (The setting's name is PARTNER_SETTING's, written out: no value is spliced into SQL text.)
_UNSCOPED = "(SELECT NULLIF(current_setting('governance.vendor_id', true), '') IS NULL)"
_ACTING = "(SELECT CAST(NULLIF(current_setting('governance.vendor_id', true), '') AS INTEGER))"


def partner_policy_sql(table: str) -> str:
    """The row-level security policy of ``table``: every row when no vendor is acting, else the
    rows ``scope.RULES`` gives that vendor's partners (none for a table it does not name)."""
    # scope imports this module (a partner's server snapshot acts for its vendor through it)
    from governance.store import scope

    rule = scope.RULES.get(table, "false").replace("{db}.main.", "").replace("$vendor_id", _ACTING)
    return f"CREATE POLICY {PARTNER_POLICY} ON {quote_ident(table)} USING ({_UNSCOPED} OR ({rule}))"


def partner_policies(con: ServerConnection) -> list[str]:
    """Enable (and force, so the owner is held too) row-level security on every table of the
    schema with ``partner_policy_sql``, replacing what a migration before set; run as the owner
    after migrating. Returns the statements run."""
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    statements = []
    for table in tables:
        ident = quote_ident(table)
        statements += [
            f"ALTER TABLE {ident} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {ident} FORCE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS {PARTNER_POLICY} ON {ident}",
            partner_policy_sql(table),
        ]
    with con.raw.transaction():
        for sql in statements:
            con.raw.execute(sql)
    return statements


def act_for_vendor(con: ServerConnection, vendor_id: int) -> None:
    """From now to the end of the open transaction, ``con`` reads only the rows vendor
    ``vendor_id``'s partners may (``partner_policies``)."""
    con.raw.execute("SELECT set_config(%s, %s, true)", [PARTNER_SETTING, str(int(vendor_id))])


# Privileges of the runtime role: rows, never the schema; the audit trail only grows.
APPEND_ONLY = ("audit_events",)
READ_ONLY = ("schema_version",)


def grant_runtime(con: ServerConnection, role: str) -> list[str]:
    """Give ``role`` (an existing login role, not the owner) what the app and the scheduled
    commands need on the current schema and no more: read and write rows of every table, use the
    sequences; only read ``schema_version`` and only read and add to ``audit_events`` (no update,
    delete or truncate); no DDL (it owns nothing, and PostgreSQL 15 lets no one but the owner
    create in a schema). Tables later migrations add get the same grants (default privileges of
    the role that runs this, the owner). Returns the statements run."""
    who = quote_ident(role)
    schema = quote_ident(con.execute("SELECT current_schema()").fetchone()[0])
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {who}",
        *(f"REVOKE UPDATE, DELETE, TRUNCATE ON {quote_ident(t)} FROM {who}" for t in APPEND_ONLY),
        *(
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {quote_ident(t)} FROM {who}"
            for t in READ_ONLY
        ),
    ]
    try:
        with con.raw.transaction():
            for sql in statements:
                con.raw.execute(sql)
    except pg_errors.UndefinedObject:
        raise InvalidInput(
            f"There is no role {role} on the server: create it first (CREATE ROLE {who} LOGIN)."
        ) from None
    except psycopg.Error as exc:
        raise InvalidInput(
            f"The grants were refused ({str(exc).strip()}); run this as the "
            "database owner (the role that ran 'init')."
        ) from None
    return statements
