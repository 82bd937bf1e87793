"""The one module that owns DuckDB connections, their lifetime, transactions and migrations.

A DuckDB file is locked by whichever process opens it, so connections are opened per unit of
work (one page render's reads, one service's write) and closed promptly. Opening waits a few
seconds for another process to let go before it gives up with ``DatabaseLocked``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

from governance import config
from governance.errors import (
    DatabaseLocked,
    InvalidInput,
    PermissionDenied,
    SchemaError,
    StaleRecord,
)
from governance.store import rollup, scope, server

MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

# Column names that would identify an individual person working for a vendor. No table may have
# one: the migration runner refuses a migration that adds such a column (see ``agent_columns``).
_PERSON_TOKENS = {
    "agent",
    "agents",
    "employee",
    "employees",
    "emp",
    "empid",
    "staff",
    "staffer",
    "rep",
    "reps",
    "representative",
    "advisor",
    "adviser",
    "associate",
    "login",
    "userid",
    "supervisor",
    "teamlead",
    "tl",
    "operator",
    "csr",
    "worker",
    "badge",
    "payroll",
}
_PERSON_PAIRS = {("user", "id"), ("team", "lead"), ("team", "leader"), ("emp", "id")}
# Run-together forms such as "agentid", "employeename", "repid": a person word plus one of these.
_PERSON_SUFFIXES = (
    "id",
    "ids",
    "name",
    "names",
    "no",
    "num",
    "number",
    "code",
    "email",
    "mail",
    "key",
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


# Letters of other scripts drawn like Latin ones (a Cyrillic "А" in "Аgent"), read as those.
_LOOKALIKES = str.maketrans(
    {
        **dict(zip("АВЕКМНОРСТУХІЈЅԁԚԜҮҺӀ", "ABEKMHOPCTYXIJSdQWYHI", strict=True)),
        **dict(zip("аеорсухіјѕԛԝһӏүѵкмнтвпгь", "aeopcyxijsqwhlyvkmhtbnrb", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
        **dict(zip("αβεικνορτυχϲϳ", "abeikvoptuxcj", strict=True)),
        **dict(zip("ɑɡıօսհոℓ", "agiouhnl", strict=True)),
    }
)
# Latin letters that carry no accent to strip but stand for plain ones.
_PLAIN_LATIN = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "ŧ": "t", "ß": "ss"}
    | {"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d", "Ð": "D"}
)


def fold_text(text: str) -> str:
    """``text`` as a reader sees it, in plain Latin letters: NFKC (full-width and ligature forms
    as plain ones), invisible characters dropped (zero-width spaces and joiners, soft hyphens,
    direction marks), control characters as spaces, look-alike letters of other scripts (Cyrillic,
    Greek) as Latin ones, accents removed. Case is kept."""
    text = unicodedata.normalize("NFKC", str(text))
    kept = []
    for ch in text:
        kind = unicodedata.category(ch)
        if kind == "Cf":
            continue
        kept.append(" " if kind in ("Cc", "Zl", "Zp") else ch)
    text = unicodedata.normalize("NFKD", "".join(kept).translate(_LOOKALIKES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_PLAIN_LATIN)


def is_person_column(name: str) -> bool:
    """True when a column name reads like it identifies an individual (an agent, an employee…)."""
    # Split camelCase ("AgentName", "TLName") before lower-casing, then on anything not a letter or
    # digit; look-alike letters and invisible characters are folded first ("Аgent", "Ag\u200bent").
    tokens = [t for t in re.split(r"[^a-z0-9]+", _CAMEL.sub("_", fold_text(name)).lower()) if t]
    if any(t in _PERSON_TOKENS for t in tokens):
        return True
    for t in tokens:
        if any(t.startswith(w) and t[len(w) :] in _PERSON_SUFFIXES for w in _PERSON_TOKENS):
            return True
    return any(pair in _PERSON_PAIRS for pair in zip(tokens, tokens[1:], strict=False))


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _is_attach_race(exc: Exception) -> bool:
    """DuckDB's in-process race: a connection opened while this process's last connection to the
    same file is closing is refused ("Unique file handle conflict … already attached"); a moment
    later the file opens. Two threads of one app server (a page and the Portfolio's warm-up) meet
    it."""
    return isinstance(exc, duckdb.ResourceInUseException) and "already attached" in str(exc)


def open_connection(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database file, waiting up to the configured seconds if another process holds it.

    Raises ``DatabaseLocked`` with a plain-language message when the file stays locked, and
    ``InvalidInput`` for a directory or a file that is not a DuckDB database.
    """
    path = Path(path)
    if str(path) != ":memory:":
        if path.is_dir():
            raise InvalidInput(
                f"{path} is a directory, not a database file: give the file's path (--db or "
                "$GOVERNANCE_DB), e.g. data/governance.duckdb."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + config.lock_wait_seconds()
    delay = 0.05
    while True:
        try:
            # No replacement scans: a missing table must be an error, never a Python variable
            # of the same name picked up from the caller's frame.
            return duckdb.connect(
                str(path), read_only=read_only, config={"python_enable_replacements": False}
            )
        except duckdb.ResourceInUseException as exc:
            if not _is_attach_race(exc):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseLocked(
                    f"The database {path} stayed busy in this program for "
                    f"{config.lock_wait_seconds():.0f} s. Try again in a moment."
                ) from None
            time.sleep(0.01)
        except duckdb.IOException as exc:
            if "not a valid DuckDB database file" in str(exc):
                raise InvalidInput(
                    f"{path} is not a database file of this program (it is some other kind of "
                    "file): give the path of the governance database, or a new file name to "
                    "create one."
                ) from None
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseLocked(
                    f"The database {path} is in use by another program and stayed locked for "
                    f"{config.lock_wait_seconds():.0f} s. Try again in a moment; if it persists, "
                    "check for a long-running import or backup."
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextmanager
def connect(
    path: str | Path | scope.Scoped | None = None, *, migrate_schema: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for one unit of work, migrated to the current schema, closed on exit.

    Given a ``scope.Scoped`` (a vendor partner's view of the file), the connection is to a
    read-only copy of that vendor's rows only, made for this unit of work (see ``scope``): the
    file itself is out of its reach, and a write through it raises ``PermissionDenied``.
    """
    if isinstance(path, scope.Scoped):
        with _partner_connection(path, migrate_schema=migrate_schema) as con:
            yield con
        return
    target = config.db_path(path)
    con = server.connect(target) if server.is_url(target) else open_connection(target)
    try:
        if migrate_schema:
            migrate(con)
        yield con
    finally:
        con.close()


@contextmanager
def _partner_connection(
    scoped: scope.Scoped, *, migrate_schema: bool
) -> Iterator[duckdb.DuckDBPyConnection]:
    with tempfile.TemporaryDirectory(prefix="governance-partner-") as tmp:
        copy = Path(tmp) / "partner.duckdb"
        target = config.db_path(scoped.path)
        source = server.connect(target) if server.is_url(target) else open_connection(target)
        try:
            if migrate_schema:
                migrate(source)
            if isinstance(source, server.ServerConnection):
                with contextlib.closing(open_connection(copy)) as into:
                    migrate(into)
                    scope.snapshot_from_server(source, scoped.vendor, into)
            else:
                scope.snapshot(source, scoped.vendor, copy)
        finally:
            source.close()
        con = open_connection(copy, read_only=True)
        try:
            scope.seal(con)
            yield con
        except duckdb.Error as exc:
            denied = scope.refusal(exc)
            if denied is None:
                raise
            raise denied from None
        finally:
            con.close()


_server_versions: dict[str, tuple[float, tuple]] = {}  # URL -> (when asked, its version)
_server_versions_lock = threading.Lock()


def data_version(target: str | os.PathLike, *, max_age: float = 1.0) -> tuple:
    """Something that changes whenever a write is committed to the database, from any process,
    and not when it is only read. A file: the modification time and size of the file and of its
    write-ahead log (None for either that is not there). A server: the position of its
    write-ahead log, which also moves for maintenance (autovacuum) and for other databases on the
    same server: a change is then seen where there was none, never the other way round. A
    server is asked at most once per ``max_age`` seconds per process (every page run asks; a
    busy app server would otherwise ask for each); ``max_age=0`` asks now."""
    if server.is_url(str(target)):
        url = str(target)
        now = time.monotonic()
        with _server_versions_lock:
            known = _server_versions.get(url)
        if known is not None and now - known[0] < max_age:
            return known[1]
        con = server.connect(url)
        try:
            version = (
                "wal",
                con.execute("SELECT CAST(pg_current_wal_insert_lsn() AS VARCHAR)").fetchone()[0],
            )
        finally:
            con.close()
        with _server_versions_lock:
            _server_versions[url] = (now, version)
        return version
    found = []
    for part in (str(target), f"{target}.wal"):
        try:
            info = os.stat(part)
        except FileNotFoundError:
            found.append(None)
        else:
            found.append((info.st_mtime_ns, info.st_size))
    return tuple(found)


def settle(con: duckdb.DuckDBPyConnection) -> None:
    """Finish any half-read result on ``con`` (a ``fetchone()`` leaves one open), so that
    ``register`` and other work that needs the connection idle can run."""
    con.execute("SELECT 1").fetchall()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block in one transaction: committed when it ends, rolled back if it raises.

    Two writers changing the same row at the same moment (two sessions of the app) make DuckDB
    refuse the second with a write conflict; that becomes ``StaleRecord``, the same refusal as a
    save over someone else's newer version: nothing of it was written."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException as exc:
        con.execute("ROLLBACK")
        if _is_write_conflict(exc):
            raise StaleRecord(WRITE_CONFLICT) from None
        raise
    try:
        con.execute("COMMIT")
    except duckdb.Error as exc:
        if not _is_write_conflict(exc):
            raise
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise StaleRecord(WRITE_CONFLICT) from None


WRITE_CONFLICT = (
    "Someone else saved a change to the same record at the same moment; nothing was saved. "
    "Reload to see their change, then apply yours again."
)


def _is_write_conflict(exc: BaseException) -> bool:
    if not isinstance(exc, duckdb.Error):
        return False
    text = str(exc).lower()
    # A key that another writer committed while this transaction held it too is refused when
    # this one commits ("Failed to commit: PRIMARY KEY or UNIQUE constraint violation"): the
    # same race as a conflicting update, only on an insert.
    return "conflict" in text or ("failed to commit" in text and "constraint violation" in text)


def available_migrations() -> list[tuple[int, str, str]]:
    """The packaged migrations as (version, name, sql), in order."""
    found = []
    for entry in resources.files("governance.store.migrations").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort()
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to this database (0 for a new file)."""
    # Reading the table directly costs ~1 ms; asking information_schema first costs ~11 ms on a
    # fresh connection, paid on every page render. Called outside transactions only.
    try:
        return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    except duckdb.CatalogException:
        return 0


def agent_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every ``table.column`` in the database whose name reads like a person identifier."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() ORDER BY table_name, column_name"
    ).fetchall()
    return [f"{t}.{c}" for t, c in rows if is_person_column(c)]


def migrate(
    con: duckdb.DuckDBPyConnection, migrations: list[tuple[int, str, str]] | None = None
) -> int:
    """Apply, in order and each in its own transaction, the migrations not yet applied.

    Returns the schema version reached. Raises ``SchemaError`` when the database is newer than
    this code, or when a migration would add a column that identifies an individual person (the
    migration is rolled back).
    """
    migrations = available_migrations() if migrations is None else migrations
    current = schema_version(con)
    latest = migrations[-1][0] if migrations else 0
    if current > latest:
        raise SchemaError(
            f"This database is at schema version {current}, newer than this program knows "
            f"({latest}). Upgrade the program before opening it."
        )
    if current == latest:
        return current
    if isinstance(con, server.ServerConnection):
        # Several app servers may start together: one migrates, the others wait, then find
        # nothing left to apply. The lock is the session's, let go when migration ends.
        con.execute("SELECT pg_advisory_lock(?)", [MIGRATION_LOCK]).fetchall()
        try:
            found = schema_version(con)  # another server may have migrated while this one waited
            reached = _apply(con, migrations, found)
            if reached != found:
                server.partner_policies(con)  # every table, the new ones included
                rollup.install(con)  # the triggers that keep the monthly roll-up
            return reached
        except PermissionDenied:
            raise PermissionDenied(
                f"The database is at schema version {current} and this program needs {latest}; "
                "the role it connects as may not change the schema. Run 'governance init' as "
                "the database owner, then start it again."
            ) from None
        finally:
            con.execute("SELECT pg_advisory_unlock(?)", [MIGRATION_LOCK]).fetchall()
    return _apply(con, migrations, current)


def _refuse_foreign_tables(con) -> None:
    """A database this program has not set up must be empty: its migrations would otherwise meet
    (or mingle with) another application's tables."""
    found = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() ORDER BY table_name"
        ).fetchall()
    ]
    if found:
        shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        raise InvalidInput(
            f"This database already holds tables this program did not make ({shown}), so it "
            "was left as it is. Give the program a new, empty database ($GOVERNANCE_DB or --db)."
        )


MIGRATION_LOCK = 7_140_517  # the advisory-lock key migrations hold on a PostgreSQL server


def _apply(con, migrations: list[tuple[int, str, str]], current: int) -> int:
    if current == 0:
        _refuse_foreign_tables(con)
    for version, name, sql in migrations:
        if version <= current:
            continue
        with transaction(con):
            if isinstance(con, server.ServerConnection):
                con.execute_script(sql)
            else:
                con.execute(sql)
            bad = agent_columns(con)
            if bad:
                raise SchemaError(
                    f"Migration {version:03d}_{name} would add columns that identify individual "
                    f"vendor staff ({', '.join(bad)}); that is never stored. It was not applied."
                )
            con.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                [version, name, datetime.now(UTC).replace(tzinfo=None)],
            )
        current = version
    return current
