"""``init`` and ``demo``: create or migrate the database, load the demo portfolio."""

from __future__ import annotations

from pathlib import Path

from governance import config, demo, errors
from governance.access.actors import Actor
from governance.commands import shell
from governance.kpis import periods
from governance.store import db, queries, server


def register(sub) -> None:
    """Add ``init`` and ``demo`` to the command line."""
    p = sub.add_parser(
        "init",
        help="create or migrate the database",
        description="Create the database file if needed and apply every pending schema migration.",
    )
    shell.add_db(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "demo",
        help="load the demo portfolio and write sample vendor exports",
        description="Load the demo portfolio (4 vendors, contracts, 18 months of daily KPI data, "
        "escalations, meetings, action items) into an empty database, and write sample vendor "
        "exports in different layouts to data/demo_exports/.",
    )
    shell.add_db(p)
    p.add_argument(
        "--force", action="store_true", help="replace the database file if it already exists"
    )
    p.add_argument(
        "--seed",
        type=int,
        default=2026,
        help="random seed (default 2026): the same seed gives the same data",
    )
    p.add_argument(
        "--end-month",
        metavar="YYYY-MM",
        help="last month of data (default: the last complete month)",
    )
    p.add_argument(
        "--exports",
        metavar="DIR",
        help=f"where to write sample exports (default {config.DEFAULT_EXPORTS})",
    )
    p.set_defaults(func=cmd_demo)


def cmd_init(args) -> int:
    path = config.db_path(args.db)
    with db.connect(path) as con:
        version = db.schema_version(con)
    print(f"Database {path} is ready at schema version {version}.")
    return shell.EXIT_OK


def cmd_demo(args) -> int:
    path = config.db_path(args.db)
    end = periods.parse(args.end_month).start if args.end_month else None
    if args.force and server.is_url(path):
        raise errors.InvalidInput(
            "--force replaces a database file; on a server, load the demo into a new, empty "
            "database instead."
        )
    if args.force and path.exists():
        # Take the lock first so we never delete a file another process is using.
        db.open_connection(path).close()
        for p in (path, path.with_name(path.name + ".wal")):
            p.unlink(missing_ok=True)
    with db.connect(path) as con:
        if queries.vendor_names(con):
            raise errors.InvalidInput(
                f"{path} already holds data; the demo only loads into an empty database. "
                "Use 'demo --force' to replace it, or '--db' to choose another file."
            )
        summary = demo.load_demo(
            con,
            Actor("demo loader", "admin"),
            seed=args.seed,
            end_month=end,
            exports_dir=Path(args.exports) if args.exports else None,
        )
    print(f"Demo portfolio loaded into {path}:")
    for key, value in summary.items():
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        print(f"  {key}: {value}")
    return shell.EXIT_OK
