"""Backup and restore: the whole database to one verified file and back.

The archive is a zip holding ``manifest.json`` and a DuckDB ``EXPORT DATABASE`` (FORMAT
parquet): ``schema.sql`` (tables, sequences at their current values), ``load.sql`` and one
``<table>.parquet`` per table. The manifest records the schema version, the app and DuckDB
versions, when it was made, a sha256 and size per member, and per table its row count and an
order-independent content checksum computed in SQL. When ``$GOVERNANCE_BACKUP_KEY`` is set, the
archive also holds ``manifest.sig``: an HMAC-SHA256 of ``manifest.json`` under that key.

Restore runs none of the archive's SQL. It checks the signature (when the key is set), the
manifest and every member's checksum, builds the schema from this program's own migrations up
to the archive's schema version, loads each table the program knows from its parquet file
(known columns only, each of the type the schema gives it; any other table or column is
refused by name), sets each sequence to the value ``schema.sql`` gives it (read as a number,
never run, and never behind the ids stored), re-verifies every table, migrates to the current
schema and checks that no column identifies a person. All of that happens in a new file beside
the target, swapped in with ``os.replace`` only when everything passed; the previous database is
kept as ``<name>.before-restore``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import struct
import tempfile
import uuid
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from governance import config
from governance.errors import InvalidInput
from governance.store import db, quoting

FORMAT_NAME = "governance-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
KEY_ENV = "GOVERNANCE_BACKUP_KEY"
MIN_KEY_CHARS = 16
_CHUNK = 1 << 20
_MAX_MANIFEST_BYTES = 16 << 20
_SAFE_MEMBER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_SIGNATURE_TEXT = re.compile(r"^hmac-sha256 ([0-9a-f]{64})\s*$")
# The one thing restore reads from schema.sql: where each sequence stands (as a number).
_SEQUENCE_LINE = re.compile(
    r'^\s*CREATE\s+SEQUENCE\s+(?:"?main"?\.)?"?([A-Za-z0-9_]+)"?\s.*?\bSTART\s+(?:WITH\s+)?(-?\d+)\b',
    re.IGNORECASE,
)
_NEXTVAL = re.compile(r"^nextval\('([A-Za-z0-9_]+)'\)$")
# A sequence may run ahead of the ids stored (ids handed out by writes that were rolled back),
# but not by more than this: a larger gap is an altered archive, and would take long to replay.
_MAX_SEQUENCE_GAP = 10_000_000
# What reading a damaged zip can raise, besides BadZipFile: a corrupt deflate stream, a short
# read, a garbled header field.
_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    NotImplementedError,
    RuntimeError,
)


@dataclass(frozen=True)
class TableInfo:
    """One table in a backup: its row count and content checksum."""

    rows: int
    checksum: str


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; written as ``manifest.json`` in the archive."""

    schema_version: int
    app_version: str
    duckdb_version: str
    created_at: str
    source: str
    tables: dict[str, TableInfo]
    files: dict[str, dict] = field(default_factory=dict)
    format: str = FORMAT_NAME
    format_version: int = FORMAT_VERSION

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables.values())

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        try:
            tables = {
                str(name): TableInfo(int(t["rows"]), str(t["checksum"]))
                for name, t in data["tables"].items()
            }
            return cls(
                schema_version=int(data["schema_version"]),
                app_version=str(data["app_version"]),
                duckdb_version=str(data["duckdb_version"]),
                created_at=str(data["created_at"]),
                source=str(data.get("source", "")),
                tables=tables,
                files={str(k): dict(v) for k, v in data["files"].items()},
                format=str(data["format"]),
                format_version=int(data["format_version"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidInput(
                f"The backup's manifest is incomplete or malformed ({exc})."
            ) from None


# --- signing ------------------------------------------------------------------------------


def signing_key() -> bytes | None:
    """The key archives are signed and checked with (``$GOVERNANCE_BACKUP_KEY``), or None.

    Raises ``InvalidInput`` for a key shorter than ``MIN_KEY_CHARS`` characters.
    """
    raw = os.environ.get(KEY_ENV, "")
    if not raw.strip():
        return None
    if len(raw) < MIN_KEY_CHARS:
        raise InvalidInput(
            f"${KEY_ENV} is too short to sign backups with: use at least {MIN_KEY_CHARS} "
            "characters (for instance the output of 'openssl rand -hex 32')."
        )
    return raw.encode("utf-8")


def _signature(manifest_bytes: bytes, key: bytes) -> str:
    return hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()


# --- checksums ------------------------------------------------------------------------------


def _table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The base tables of the connection's own database (not of any database attached to it)."""
    return [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT temporary ORDER BY table_name"
        ).fetchall()
    ]


def table_summary(con: duckdb.DuckDBPyConnection, table: str) -> TableInfo:
    """Row count and an order-independent checksum (sum of row hashes) of one table."""
    q = quoting.quote_ident(table)
    rows, total = con.execute(
        f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {q} AS t"  # noqa: S608 - quoted identifier
    ).fetchone()
    return TableInfo(int(rows), str(total))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- backup -------------------------------------------------------------------------------


def _open_for_backup(path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only when we can; when this process already holds the file read-write, DuckDB refuses
    a second configuration, so share that instance instead (a backup writes nothing either way)."""
    try:
        return db.open_connection(path, read_only=True)
    except duckdb.ConnectionException as exc:
        if "different configuration" not in str(exc):
            raise
        return db.open_connection(path)


def backup(db_path: str | Path, out_file: str | Path, *, force: bool = False) -> Manifest:
    """Write the whole database at ``db_path`` to the single archive ``out_file``.

    Returns the manifest written. The archive is signed when ``$GOVERNANCE_BACKUP_KEY`` is set
    (see ``signing_key``). Raises ``InvalidInput`` when the database does not exist, when
    ``out_file`` exists and ``force`` is not set, or when the key is too short; ``DatabaseLocked``
    when another process holds the database for longer than the lock wait. The database file is
    never written to; the archive is written beside ``out_file`` under a temporary name and
    renamed when complete.
    """
    db_path, out_file = Path(db_path), Path(out_file)
    key = signing_key()
    if not db_path.is_file():
        raise InvalidInput(f"There is no database at {db_path} to back up.")
    if out_file.exists() and not force:
        raise InvalidInput(
            f"{out_file} already exists; choose another name or use --force to replace it."
        )
    if out_file.exists() and not out_file.is_file():
        raise InvalidInput(f"{out_file} is not a file.")
    out_file.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="governance-backup-") as tmp:
        export_dir = Path(tmp) / "export"
        con = _open_for_backup(db_path)
        try:
            # One transaction: the checksums and the export see the same snapshot even while
            # another connection of this process writes.
            con.execute("BEGIN TRANSACTION")
            version = db.schema_version(con)
            tables = {t: table_summary(con, t) for t in _table_names(con)}
            # EXPORT DATABASE takes no bound parameters (see quoting.quote_path); the directory
            # is our own temporary one.
            con.execute(f"EXPORT DATABASE {quoting.quote_path(export_dir)} (FORMAT parquet)")
            con.execute("COMMIT")
        finally:
            con.close()

        members = sorted(p for p in export_dir.iterdir() if p.is_file())
        files = {p.name: {"sha256": _sha256(p), "bytes": p.stat().st_size} for p in members}
        manifest = Manifest(
            schema_version=version,
            app_version=config.VERSION,
            duckdb_version=duckdb.__version__,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            source=db_path.name,
            tables=tables,
            files=files,
        )
        manifest_bytes = json.dumps(manifest.to_json(), indent=2, sort_keys=True).encode()
        partial = out_file.with_name(f".{out_file.name}.{uuid.uuid4().hex[:8]}.partial")
        try:
            with zipfile.ZipFile(partial, "w") as zf:
                zf.writestr(MANIFEST, manifest_bytes, compress_type=zipfile.ZIP_DEFLATED)
                if key is not None:
                    zf.writestr(SIGNATURE, f"hmac-sha256 {_signature(manifest_bytes, key)}\n")
                for p in members:
                    # Parquet is compressed already; the SQL files are small text.
                    kind = zipfile.ZIP_STORED if p.suffix == ".parquet" else zipfile.ZIP_DEFLATED
                    zf.write(p, p.name, compress_type=kind)
            os.replace(partial, out_file)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# --- reading the archive ------------------------------------------------------------------------


def _damaged(member: str, exc: BaseException) -> InvalidInput:
    reason = str(exc).strip() or type(exc).__name__
    return InvalidInput(
        f"The backup is a damaged archive: {member} cannot be read ({reason}). "
        "Nothing was restored."
    )


def _shown(name: str) -> str:
    """A name from the archive, safe to print on one line."""
    return name if _SAFE_MEMBER.match(name) else repr(name)


def _read_small(zf: zipfile.ZipFile, member: str, limit: int) -> bytes:
    try:
        with zf.open(member) as src:
            data = src.read(limit + 1)
    except _DAMAGE as exc:
        raise _damaged(member, exc) from None
    if len(data) > limit:
        raise InvalidInput(f"The backup's {member} is implausibly large; it is not a backup.")
    return data


def _extract(zf: zipfile.ZipFile, member: str, target: Path, size: int) -> str:
    """Copy one member to ``target``, no more than ``size`` bytes; returns its sha256."""
    digest = hashlib.sha256()
    written = 0
    try:
        src = zf.open(member)
    except _DAMAGE as exc:
        raise _damaged(member, exc) from None
    with src, target.open("wb") as out:
        while True:
            try:
                chunk = src.read(_CHUNK)
            except _DAMAGE as exc:
                raise _damaged(member, exc) from None
            if not chunk:
                break
            written += len(chunk)
            if written > size:
                raise InvalidInput(
                    f"The backup's member {member} is larger than its manifest says: the file "
                    "is damaged or was altered."
                )
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _latest_schema_version() -> int:
    migrations = db.available_migrations()
    return migrations[-1][0] if migrations else 0


def _check_signature(zf: zipfile.ZipFile, names: set[str], raw: bytes) -> None:
    key = signing_key()
    if key is None:
        return
    if SIGNATURE not in names:
        raise InvalidInput(
            f"The backup is not signed, and ${KEY_ENV} is set: only archives signed with that "
            "key are restored. Nothing was restored."
        )
    found = _SIGNATURE_TEXT.match(_read_small(zf, SIGNATURE, 1024).decode("ascii", "replace"))
    if not found or not hmac.compare_digest(found.group(1), _signature(raw, key)):
        raise InvalidInput(
            f"The backup's signature does not match its manifest under the key in ${KEY_ENV}: "
            "the archive was altered, or signed with another key. Nothing was restored."
        )


def _manifest_of(zf: zipfile.ZipFile, backup_file: Path) -> Manifest:
    names = set(zf.namelist())
    if MANIFEST not in names:
        raise InvalidInput(f"{backup_file} is not a governance backup: it has no {MANIFEST}.")
    raw = _read_small(zf, MANIFEST, _MAX_MANIFEST_BYTES)
    _check_signature(zf, names, raw)
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"The backup's {MANIFEST} is not valid JSON ({exc}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise InvalidInput(
            f"{backup_file} is not a governance backup (its manifest names no '{FORMAT_NAME}' format)."
        )
    manifest = Manifest.from_json(data)
    if manifest.format_version > FORMAT_VERSION:
        raise InvalidInput(
            f"The backup uses archive format {manifest.format_version}, newer than this program "
            f"reads ({FORMAT_VERSION}). Upgrade the program to restore it."
        )
    return manifest


def _check_schema_version(manifest: Manifest) -> None:
    version, latest = manifest.schema_version, _latest_schema_version()
    if version > latest:
        raise InvalidInput(
            f"The backup is at schema version {version}, newer than this program knows "
            f"({latest}). Upgrade the program before restoring it."
        )
    if version not in {v for v, _, _ in db.available_migrations()}:
        raise InvalidInput(
            f"The backup is at schema version {version}, which this program does not know (it "
            f"knows 1 to {latest}): it was not written by this program, or was altered."
        )


def _member_kind(member: str) -> str | None:
    if member in ("schema.sql", "load.sql"):
        return "sql"
    if member.endswith(".parquet"):
        return "table"
    return None


def _extract_verified(backup_file: Path, dest: Path) -> Manifest:
    """Check the archive (signature, manifest, members) and extract its members into ``dest``."""
    try:
        zf = zipfile.ZipFile(backup_file)
    except _DAMAGE as exc:
        raise InvalidInput(
            f"{backup_file} is not a governance backup (not a readable zip: {exc})."
        ) from None
    with zf:
        manifest = _manifest_of(zf, backup_file)
        _check_schema_version(manifest)
        names = set(zf.namelist())
        unlisted = sorted(names - set(manifest.files) - {MANIFEST, SIGNATURE})
        if unlisted:
            raise InvalidInput(
                "The backup holds members its manifest does not list: "
                f"{', '.join(_shown(n) for n in unlisted)}; it was altered."
            )
        for member, meta in manifest.files.items():
            if not _SAFE_MEMBER.match(member) or _member_kind(member) is None:
                raise InvalidInput(
                    f"The backup lists a member this program does not know: {_shown(member)}."
                )
            if member not in names:
                raise InvalidInput(f"The backup is missing {member}, listed in its manifest.")
            try:
                size = int(meta["bytes"])
            except (KeyError, TypeError, ValueError):
                raise InvalidInput(
                    f"The backup's manifest gives no size for {member}; it is malformed."
                ) from None
            if _extract(zf, member, dest / member, size) != meta.get("sha256"):
                raise InvalidInput(
                    f"The backup's member {member} does not match its checksum in the "
                    "manifest: the file is damaged or was altered."
                )
    return manifest


# --- loading into the program's own schema -------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _schema_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Each base table of the schema on ``con`` -> its (column, type) in order."""
    tables = set(_table_names(con))
    columns: dict[str, list[tuple[str, str]]] = {t: [] for t in sorted(tables)}
    for table, column, kind in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' "
        "ORDER BY table_name, column_index"
    ).fetchall():
        if table in tables:
            columns[table].append((column, kind))
    return columns


def _check_tables(manifest: Manifest, schema: dict[str, list]) -> None:
    in_archive = set(manifest.tables) | {
        m.removesuffix(".parquet") for m in manifest.files if m.endswith(".parquet")
    }
    unknown = sorted(in_archive - set(schema))
    if unknown:
        raise InvalidInput(
            f"The backup holds tables this program does not know at schema version "
            f"{manifest.schema_version}: {', '.join(_shown(t) for t in unknown)}. Nothing was "
            "restored."
        )
    missing = sorted(
        t for t in schema if t not in manifest.tables or f"{t}.parquet" not in manifest.files
    )
    if missing:
        raise InvalidInput(
            f"The backup lacks tables of schema version {manifest.schema_version}: "
            f"{', '.join(missing)}; it is incomplete or was altered. Nothing was restored."
        )


def _load_table(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]], path: Path
) -> None:
    """Insert the rows of ``path`` into ``table``: its known columns, of their known types."""
    source = "read_parquet(?, hive_partitioning = false)"
    try:
        found = con.execute(f"DESCRIBE SELECT * FROM {source}", [str(path)]).fetchall()  # noqa: S608 - fixed text, path bound
    except duckdb.Error as exc:
        raise InvalidInput(
            f"The backup's {table}.parquet cannot be read as a table ({_first_line(exc)})."
        ) from None
    archived = {str(row[0]): str(row[1]) for row in found}
    known = dict(columns)
    extra = [c for c in archived if c not in known]
    people = [c for c in extra if db.is_person_column(c)]
    if people:
        raise InvalidInput(
            f"The backup's table {table} has columns that identify individual vendor staff "
            f"({', '.join(f'{table}.{_shown(c)}' for c in people)}); that is never stored. "
            "Nothing was restored."
        )
    if extra:
        raise InvalidInput(
            f"The backup's table {table} has columns this program does not know: "
            f"{', '.join(f'{table}.{_shown(c)}' for c in extra)}. Nothing was restored."
        )
    missing = [c for c in known if c not in archived]
    if missing:
        raise InvalidInput(
            f"The backup's table {table} lacks columns of its schema version: "
            f"{', '.join(f'{table}.{c}' for c in missing)}. Nothing was restored."
        )
    for column, kind in columns:
        if archived[column] != kind:
            raise InvalidInput(
                f"The backup's column {table}.{column} holds {_shown(archived[column])} where "
                f"this program stores {kind}; it was altered. Nothing was restored."
            )
    names = ", ".join(quoting.quote_ident(c) for c, _ in columns)
    try:
        con.execute(
            f"INSERT INTO {quoting.quote_ident(table)} ({names}) SELECT {names} FROM {source}",  # noqa: S608 - identifiers from our own schema, path bound
            [str(path)],
        )
    except duckdb.Error as exc:
        raise InvalidInput(
            f"The backup's table {table} does not fit this program's schema "
            f"({_first_line(exc)}). Nothing was restored."
        ) from None


def _archived_sequences(schema_sql: Path) -> dict[str, int]:
    """Where ``schema.sql`` puts each sequence: name -> next value. Read as text, never run."""
    if not schema_sql.is_file():
        return {}
    found = {}
    for line in schema_sql.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _SEQUENCE_LINE.match(line)
        if match:
            found[match.group(1)] = int(match.group(2))
    return found


def _set_sequences(con: duckdb.DuckDBPyConnection, archived: dict[str, int]) -> None:
    """Every sequence of the schema continues where the archive says it stood, and never behind
    the largest id stored through it."""
    sequences = {
        name: (start, last, step)
        for name, start, last, step in con.execute(
            "SELECT sequence_name, start_value, last_value, increment_by FROM duckdb_sequences() "
            "WHERE database_name = current_database() AND schema_name = 'main'"
        ).fetchall()
    }
    unknown = sorted(set(archived) - set(sequences))
    if unknown:
        raise InvalidInput(
            "The backup sets sequences this program does not know: "
            f"{', '.join(_shown(s) for s in unknown)}. Nothing was restored."
        )
    used_by: dict[str, list[tuple[str, str]]] = {}
    for table, column, default in con.execute(
        "SELECT table_name, column_name, column_default FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' "
        "AND column_default IS NOT NULL"
    ).fetchall():
        match = _NEXTVAL.match(str(default))
        if match:
            used_by.setdefault(match.group(1), []).append((table, column))
    for name, (start, last, step) in sorted(sequences.items()):
        if step != 1:
            continue  # none of ours; nothing to replay
        floor = 1
        for table, column in used_by.get(name, []):
            top = con.execute(
                f"SELECT max({quoting.quote_ident(column)}) FROM {quoting.quote_ident(table)}"  # noqa: S608 - identifiers from our own schema
            ).fetchone()[0]
            if top is not None:
                floor = max(floor, int(top) + 1)
        wanted = max(archived.get(name, 1), floor)
        if wanted - floor > _MAX_SEQUENCE_GAP:
            raise InvalidInput(
                f"The backup sets sequence {name} to {wanted}, far past the largest id stored "
                f"through it ({floor - 1}); this program never writes that, so the archive was "
                "altered. Nothing was restored."
            )
        current = start if last is None else last + 1
        if wanted > current:
            con.execute("SELECT max(nextval(?)) FROM range(?)", [name, wanted - current]).fetchall()


def _load(con: duckdb.DuckDBPyConnection, manifest: Manifest, dest: Path) -> None:
    """Build the archive's schema version from our migrations and load the archive's data."""
    version = manifest.schema_version
    db.migrate(con, [m for m in db.available_migrations() if m[0] <= version])
    schema = _schema_columns(con)
    _check_tables(manifest, schema)
    with db.transaction(con):
        con.execute("DELETE FROM schema_version")  # the archive's own rows are loaded instead
        for table, columns in schema.items():
            _load_table(con, table, columns, dest / f"{table}.parquet")
    _set_sequences(con, _archived_sequences(dest / "schema.sql"))
    loaded = [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()]
    expected = [v for v, _, _ in db.available_migrations() if v <= version]
    if loaded != expected:
        raise InvalidInput(
            f"The backup's manifest says schema version {version}, but its schema_version table "
            f"lists {', '.join(map(str, loaded)) or 'nothing'}; the archive is inconsistent or "
            "was altered. Nothing was restored."
        )


def _verify_restored(con: duckdb.DuckDBPyConnection, manifest: Manifest) -> None:
    """Every table of the manifest, and no other, with the same rows and content."""
    found = set(_table_names(con))
    expected = set(manifest.tables)
    if found != expected:
        diff = sorted(found ^ expected)
        raise InvalidInput(
            f"The restored database does not have the backup's tables (differs in: {', '.join(diff)})."
        )
    # Row hashes are only comparable within one DuckDB version; counts always are, and the
    # members' sha256 already proved the data is what was written.
    same_engine = manifest.duckdb_version == duckdb.__version__
    for table, info in sorted(manifest.tables.items()):
        got = table_summary(con, table)
        if got.rows != info.rows:
            raise InvalidInput(
                f"Table {table} restored {got.rows} rows; the backup holds {info.rows}."
            )
        if same_engine and got.checksum != info.checksum:
            raise InvalidInput(
                f"Table {table} restored with different content than the backup's checksum."
            )


def _check_no_person_columns(con: duckdb.DuckDBPyConnection) -> None:
    bad = db.agent_columns(con)
    if bad:
        raise InvalidInput(
            f"The restored database would have columns that identify individual vendor staff "
            f"({', '.join(bad)}); that is never stored. Nothing was restored."
        )


# --- restore ------------------------------------------------------------------------------


def _remove_db_file(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def before_restore_path(db_path: str | Path) -> Path:
    """Where restore keeps the database it replaced."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".before-restore")


def restore(backup_file: str | Path, db_path: str | Path) -> Manifest:
    """Replace the database at ``db_path`` with the contents of ``backup_file``.

    Runs none of the archive's SQL (see the module docstring). The archive is verified first
    (its signature when ``$GOVERNANCE_BACKUP_KEY`` is set, the manifest, member checksums, a
    schema version this program knows); it is loaded into a new file beside the target through
    the program's own schema, every table is re-verified there (rows and content checksum),
    migrations bring it up to this code's schema, no column may identify a person, and only
    then is it swapped in atomically. An existing database is kept as ``<name>.before-restore``
    (replacing an older one of that name). Returns the archive's manifest.

    Raises ``InvalidInput`` for a damaged, altered, unsigned (when a key is set), foreign or
    too-new archive, ``DatabaseLocked`` when another process holds the target; in every failure
    the existing database is left as it was and no temporary file remains.
    """
    backup_file, db_path = Path(backup_file), Path(db_path)
    if not backup_file.is_file():
        raise InvalidInput(f"Backup file {backup_file} does not exist.")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fresh = db_path.with_name(f".{db_path.name}.restore-{uuid.uuid4().hex[:8]}")
    try:
        with tempfile.TemporaryDirectory(prefix="governance-restore-") as tmp:
            manifest = _extract_verified(backup_file, Path(tmp))
            con = db.open_connection(fresh)
            try:
                _load(con, manifest, Path(tmp))
                _verify_restored(con, manifest)
                db.migrate(con)
                _check_no_person_columns(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
        _swap_in(fresh, db_path)
    finally:
        _remove_db_file(fresh)
    return manifest


def _swap_in(fresh: Path, db_path: Path) -> None:
    """Put ``fresh`` at ``db_path`` in one rename, keeping the old file as ``.before-restore``."""
    if db_path.exists():
        # Waits for (and holds out) other processes, and folds any WAL into the file, so the old
        # log can never be replayed onto the restored database.
        old = db.open_connection(db_path)
        try:
            old.execute("CHECKPOINT")
        finally:
            old.close()
        kept = before_restore_path(db_path)
        _remove_db_file(kept)
        try:
            os.link(db_path, kept)  # the old file stays reachable; the rename below is atomic
        except OSError:
            shutil.copy2(db_path, kept)
        wal = db_path.with_name(db_path.name + ".wal")
        if wal.exists():
            os.replace(wal, kept.with_name(kept.name + ".wal"))
    os.replace(fresh, db_path)
