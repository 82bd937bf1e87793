"""Backup and restore: the whole database to one verified file and back.

The archive is a zip holding ``manifest.json`` and a DuckDB ``EXPORT DATABASE`` (FORMAT
parquet): ``schema.sql`` (tables, sequences at their current values, so ids keep increasing after
a restore), ``load.sql`` and one ``<table>.parquet`` per table. The manifest records the schema
version, the app and DuckDB versions, when it was made, a sha256 and size per member, and per
table its row count and an order-independent content checksum computed in SQL.

Restore verifies the archive before touching anything, loads it into a new file beside the
target, re-verifies every table there, and only then swaps it in with ``os.replace``; the
previous database is kept as ``<name>.before-restore``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from governance import config
from governance.errors import InvalidInput
from governance.store import db, queries, quoting

FORMAT_NAME = "governance-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_CHUNK = 1 << 20
_SAFE_MEMBER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
# What EXPORT DATABASE writes to load.sql, and all we let IMPORT DATABASE run from it.
_LOAD_LINE = re.compile(r"""^COPY "?[A-Za-z0-9_]+"? FROM '[^']*' \(FORMAT 'parquet'\);$""")


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


# --- checksums ------------------------------------------------------------------------------


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

    Returns the manifest written. Raises ``InvalidInput`` when the database does not exist, or
    when ``out_file`` exists and ``force`` is not set; ``DatabaseLocked`` when another process
    holds the database for longer than the lock wait. The database file is never written to;
    the archive is written beside ``out_file`` under a temporary name and renamed when complete.
    """
    db_path, out_file = Path(db_path), Path(out_file)
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
            tables = {t: table_summary(con, t) for t in queries.table_names(con)}
            # EXPORT / IMPORT DATABASE take no bound parameters (see quoting.quote_path); the
            # directories are our own temporary ones.
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
        partial = out_file.with_name(f".{out_file.name}.{uuid.uuid4().hex[:8]}.partial")
        try:
            with zipfile.ZipFile(partial, "w") as zf:
                zf.writestr(
                    MANIFEST,
                    json.dumps(manifest.to_json(), indent=2, sort_keys=True),
                    compress_type=zipfile.ZIP_DEFLATED,
                )
                for p in members:
                    # Parquet is compressed already; the SQL files are small text.
                    kind = zipfile.ZIP_STORED if p.suffix == ".parquet" else zipfile.ZIP_DEFLATED
                    zf.write(p, p.name, compress_type=kind)
            os.replace(partial, out_file)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# --- restore ------------------------------------------------------------------------------


def _latest_schema_version() -> int:
    migrations = db.available_migrations()
    return migrations[-1][0] if migrations else 0


def _manifest_of(zf: zipfile.ZipFile, backup_file: Path) -> Manifest:
    try:
        raw = zf.read(MANIFEST)
    except KeyError:
        raise InvalidInput(
            f"{backup_file} is not a governance backup: it has no {MANIFEST}."
        ) from None
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


def _extract_verified(backup_file: Path, dest: Path) -> Manifest:
    """Check the archive against its manifest and extract the listed members into ``dest``."""
    try:
        with zipfile.ZipFile(backup_file) as zf:
            manifest = _manifest_of(zf, backup_file)
            latest = _latest_schema_version()
            if manifest.schema_version > latest:
                raise InvalidInput(
                    f"The backup is at schema version {manifest.schema_version}, newer than this "
                    f"program knows ({latest}). Upgrade the program before restoring it."
                )
            names = set(zf.namelist())
            for required in ("schema.sql", "load.sql"):
                if required not in manifest.files:
                    raise InvalidInput(f"The backup's manifest lists no {required}.")
            for member, meta in manifest.files.items():
                if not _SAFE_MEMBER.match(member):
                    raise InvalidInput(f"The backup lists an unsafe member name {member!r}.")
                if member not in names:
                    raise InvalidInput(f"The backup is missing {member}, listed in its manifest.")
                digest = hashlib.sha256()
                target = dest / member
                try:
                    with zf.open(member) as src, target.open("wb") as out:
                        for chunk in iter(lambda src=src: src.read(_CHUNK), b""):
                            digest.update(chunk)
                            out.write(chunk)
                except zipfile.BadZipFile as exc:
                    raise InvalidInput(
                        f"The backup's member {member} is damaged ({exc})."
                    ) from None
                if digest.hexdigest() != meta.get("sha256"):
                    raise InvalidInput(
                        f"The backup's member {member} does not match its checksum in the "
                        "manifest: the file is damaged or was altered."
                    )
    except zipfile.BadZipFile as exc:
        raise InvalidInput(
            f"{backup_file} is not a governance backup (not a readable zip: {exc})."
        ) from None
    for line in (dest / "load.sql").read_text(encoding="utf-8").splitlines():
        if line.strip() and not _LOAD_LINE.match(line.strip()):
            raise InvalidInput("The backup's load.sql holds something other than table loads.")
    return manifest


def _verify_restored(con: duckdb.DuckDBPyConnection, manifest: Manifest) -> None:
    """Every table of the manifest, and no other, with the same rows and content."""
    found = set(queries.table_names(con))
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


def _remove_db_file(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def before_restore_path(db_path: str | Path) -> Path:
    """Where restore keeps the database it replaced."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".before-restore")


def restore(backup_file: str | Path, db_path: str | Path) -> Manifest:
    """Replace the database at ``db_path`` with the contents of ``backup_file``.

    The archive is verified first (manifest, member checksums, schema version not newer than this
    code); it is loaded into a new file beside the target, every table is re-verified there
    (rows and content checksum), migrations bring it up to this code's schema, and only then is
    it swapped in atomically. An existing database is kept as ``<name>.before-restore``
    (replacing an older one of that name). Returns the archive's manifest.

    Raises ``InvalidInput`` for a damaged, altered or too-new archive, ``DatabaseLocked`` when
    another process holds the target; in every failure the existing database is left as it was
    and no temporary file remains.
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
                con.execute(f"IMPORT DATABASE {quoting.quote_path(tmp)}")
                _verify_restored(con, manifest)
                db.migrate(con)
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
