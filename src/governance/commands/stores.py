"""``store copy``: move a whole database between a DuckDB file and a PostgreSQL server."""

from __future__ import annotations

import json

from governance import config, errors
from governance.commands import shell
from governance.store import db, server, transfer


def register(sub) -> None:
    """Add ``store copy`` to the command line."""
    p = sub.add_parser(
        "store",
        help="move a whole database between a file and a PostgreSQL server",
        description="Work on whole databases: a DuckDB file (a path) or a PostgreSQL server "
        "(a postgresql:// URL; the password from PGPASSWORD or a .pgpass file).",
    )
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    c = verbs.add_parser(
        "copy",
        help="copy every table of one database into a new, empty one, and check the copy",
        description="Copy every table of FROM into TO (a new, empty database, given its schema "
        "by this program's migrations), in one transaction; then compare each table's row "
        "count and checksum on both. FROM must be at this program's schema version (run 'init' "
        "on it first). Nothing is kept in TO when a check fails. Stop the app on FROM first, or "
        "writes made during the copy are not in it.",
    )
    c.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="FILE_OR_URL",
        help="the database to copy: a file path or a postgresql:// URL",
    )
    c.add_argument(
        "--to",
        dest="dest",
        required=True,
        metavar="FILE_OR_URL",
        help="the new, empty database to copy into: a file path or a postgresql:// URL",
    )
    c.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    c.set_defaults(func=cmd_copy)

    g = verbs.add_parser(
        "grant",
        help="give the app's runtime role what it needs on a PostgreSQL server, and no more",
        description="Run as the database owner (the role that ran 'init'): the runtime ROLE may "
        "read and write rows and use sequences, only read schema_version, only read and add to "
        "audit_events (no update, delete or truncate), and change no schema. Tables that later "
        "migrations add get the same grants.",
    )
    shell.add_db(g)
    g.add_argument("--role", required=True, help="the login role the app servers connect as")
    g.set_defaults(func=cmd_grant)


def cmd_grant(args) -> int:
    target = config.db_path(args.db)
    if not server.is_url(target):
        raise errors.InvalidInput(
            f"{target} is a database file: a file has no roles; grants are for a PostgreSQL "
            "server (--db postgresql://…)."
        )
    with db.connect(target) as con:
        server.grant_runtime(con, args.role)
    print(
        f"Granted {args.role} the rows of every table (audit_events: read and add only; "
        f"schema_version: read only) on {server.shown(target)}."
    )
    return shell.EXIT_OK


def cmd_copy(args) -> int:
    done = transfer.copy(args.source, args.dest)
    if args.format == "json":
        print(
            json.dumps(
                {"schema_version": done.schema_version, "rows": done.rows, "tables": done.tables},
                indent=2,
            )
        )
    else:
        print(
            f"Copied {done.rows:,} rows in {len(done.tables)} tables (schema version "
            f"{done.schema_version}); every table's row count and checksum match."
        )
    return shell.EXIT_OK
