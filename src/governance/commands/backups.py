"""Commands that keep the database safe: ``backup -o FILE`` and ``restore FILE``."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from governance import config, errors
from governance.commands.shell import EXIT_OK, add_db
from governance.store import backups, db, server, transfer


def _print(manifest: backups.Manifest, fmt: str, text: str, **extra) -> None:
    if fmt == "json":
        doc = {**extra, **manifest.to_json(), "total_rows": manifest.total_rows}
        json.dump(doc, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(text)


def _backup_server(args, url: str) -> int:
    """A server's database in the same archive as a file's: copied (checked, at one moment) into
    a temporary DuckDB file, which is then backed up; so it restores into either store."""
    with tempfile.TemporaryDirectory(prefix="governance-backup-") as tmp:
        snapshot = Path(tmp) / "snapshot.duckdb"
        transfer.copy(url, str(snapshot))
        manifest = backups.backup(snapshot, args.output, force=args.force)
    signed = backups.signing_key() is not None
    _print(
        manifest,
        args.format,
        f"Backed up {server.shown(url)} to {args.output}: {len(manifest.tables)} tables, "
        f"{manifest.total_rows} rows, schema version {manifest.schema_version}, read at one "
        "moment and checked against the server; "
        + ("signed." if signed else f"not signed (set ${backups.KEY_ENV} to sign backups)."),
        database=server.shown(url),
        backup=str(args.output),
        signed=signed,
    )
    return EXIT_OK


def _restore_server(args, url: str) -> int:
    """A backup (made on either store) into a new, empty server database: verified into a
    temporary DuckDB file, then copied across and checked. A server's data is never replaced."""
    with db.connect(url) as con:
        held = transfer.holding(con)
    if held:
        raise errors.InvalidInput(
            f"{server.shown(url)} already holds data ({', '.join(held[:5])}"
            + (", …" if len(held) > 5 else "")
            + "). A restore onto a server goes into a new, empty database: create one, restore "
            "into it, check it, then point GOVERNANCE_DB at it. Nothing was changed."
        )
    checked = backups.signing_key() is not None
    with tempfile.TemporaryDirectory(prefix="governance-restore-") as tmp:
        restored = Path(tmp) / "restored.duckdb"
        manifest = backups.restore(args.file, restored)
        transfer.copy(str(restored), url)
    _print(
        manifest,
        args.format,
        f"Restored {server.shown(url)} from {args.file} (made {manifest.created_at}, schema "
        f"version {manifest.schema_version}): {len(manifest.tables)} tables, "
        f"{manifest.total_rows} rows, verified in the archive and checked on the server. "
        + (
            f"Its signature was checked with ${backups.KEY_ENV}."
            if checked
            else f"Its signature was not checked: ${backups.KEY_ENV} is not set."
        ),
        database=server.shown(url),
        backup=str(args.file),
        previous=None,
        signature="verified" if checked else "not_checked",
    )
    return EXIT_OK


def cmd_backup(args) -> int:
    path = config.db_path(args.db)
    if server.is_url(str(path)):
        return _backup_server(args, str(path))
    signed = backups.signing_key() is not None
    manifest = backups.backup(path, args.output, force=args.force)
    _print(
        manifest,
        args.format,
        f"Backed up {path} to {args.output}: {len(manifest.tables)} tables, "
        f"{manifest.total_rows} rows, schema version {manifest.schema_version}, "
        + (
            f"signed with ${backups.KEY_ENV}."
            if signed
            else f"not signed (set ${backups.KEY_ENV} to sign backups)."
        ),
        database=str(path),
        backup=str(args.output),
        signed=signed,
    )
    return EXIT_OK


def cmd_restore(args) -> int:
    path = config.db_path(args.db)
    if server.is_url(str(path)):
        return _restore_server(args, str(path))
    existed = path.exists()
    if existed and not args.yes:
        raise errors.InvalidInput(
            f"{path} already exists; restoring replaces it (the current one is kept as "
            f"{backups.before_restore_path(path).name}). Add --yes to go ahead."
        )
    checked = backups.signing_key() is not None
    manifest = backups.restore(args.file, path)
    kept = backups.before_restore_path(path) if existed else None
    text = (
        f"Restored {path} from {args.file} (made {manifest.created_at}, schema version "
        f"{manifest.schema_version}): {len(manifest.tables)} tables, {manifest.total_rows} rows, "
        "verified. "
        + (
            f"Its signature was checked with ${backups.KEY_ENV}."
            if checked
            else f"Its signature was not checked: ${backups.KEY_ENV} is not set, so an archive "
            "altered together with its manifest would not be noticed."
        )
    )
    if kept:
        text += f" The previous database is kept as {kept}."
    _print(
        manifest,
        args.format,
        text,
        database=str(path),
        backup=str(args.file),
        previous=str(kept) if kept else None,
        signature="verified" if checked else "not_checked",
    )
    return EXIT_OK


def register(sub) -> None:
    p = sub.add_parser(
        "backup",
        help="write the whole database to one verified file",
        description="Write the whole database (schema version, every table, sequences) to one "
        "zip archive with a manifest of row counts and checksums, signed when "
        f"${backups.KEY_ENV} is set. The database is only read; it may be in use by the app (the "
        "command waits briefly for the lock). On a PostgreSQL server the database is read at one "
        "moment into the same archive, which restores into a file or a server. Exit 0 written, "
        "2 rejected (no database, output exists without --force, key too short).",
    )
    add_db(p)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the archive to write (e.g. backups/governance-2026-10-01.zip)",
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="replace the database with a verified backup",
        description="Verify a backup (its signature when "
        f"${backups.KEY_ENV} is set, manifest, checksums, schema version), load its data into a "
        "new file built from this program's own schema (none of the archive's SQL is run; "
        "unknown tables or columns are refused), verify every table again, then swap it in at "
        "once. The previous database is kept as <name>.before-restore. Asks nothing: replacing "
        "an existing database needs --yes. On a PostgreSQL server it restores into a new, empty "
        "database only (checked against the archive), never over data. Exit 0 restored, 2 "
        "rejected (damaged, altered, unsigned or newer backup, no --yes, a server holding data).",
    )
    add_db(p)
    p.add_argument("file", metavar="FILE", help="the backup archive written by 'backup'")
    p.add_argument("--yes", action="store_true", help="replace an existing database")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    p.set_defaults(func=cmd_restore)
