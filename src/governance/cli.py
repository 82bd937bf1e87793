"""The command line: a thin shell over the library. ``python -m governance --help``.

Exit status: 0 success, 1 findings or a partial result where the command says so, 2 the input
was rejected (the reason on stderr, in plain language), 3 an internal error.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from governance import commands, config, errors, kpis, vendors
from governance.access.actors import Actor
from governance.kpis import periods, privacy
from governance.store import db, queries

EXIT_OK, EXIT_FINDINGS, EXIT_REJECTED, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (exit 2) instead of a usage dump."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.exit(EXIT_REJECTED, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def cli_actor() -> Actor:
    """Who runs the command: ``$GOVERNANCE_ACTOR`` or the OS user, as a local admin."""
    name = os.environ.get("GOVERNANCE_ACTOR") or f"cli:{getpass.getuser()}"
    return Actor(name, "admin")


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="PATH",
        help="database file (default: $GOVERNANCE_DB, else data/governance.duckdb)",
    )


def add_format(p: argparse.ArgumentParser) -> None:
    """``--format table|csv|json`` for a command that lists records."""
    p.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format (default table)",
    )


# --- commands ------------------------------------------------------------------------------


def cmd_init(args) -> int:
    path = config.db_path(args.db)
    with db.connect(path) as con:
        version = db.schema_version(con)
    print(f"Database {path} is ready at schema version {version}.")
    return EXIT_OK


def cmd_demo(args) -> int:
    from governance import demo

    path = config.db_path(args.db)
    end = periods.parse(args.end_month).start if args.end_month else None
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
            con, Actor("demo loader", "admin"), seed=args.seed, end_month=end,
            exports_dir=Path(args.exports) if args.exports else None,
        )  # fmt: skip
    print(f"Demo portfolio loaded into {path}:")
    for key, value in summary.items():
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        print(f"  {key}: {value}")
    return EXIT_OK


def cmd_vendors_add(args) -> int:
    with db.connect(args.db) as con:
        added = vendors.add_vendors(con, cli_actor(), args.names)
    skipped = [n for n in args.names if n.strip() and n.strip() not in added]
    for name in added:
        print(f"added: {name}")
    for name in skipped:
        print(f"already registered: {name}")
    return EXIT_OK


def cmd_vendors_list(args) -> int:
    with db.connect(args.db) as con:
        frame = queries.vendors(con).drop(columns=["vendor_id", "version"])
    print_frame(frame, args.format)
    return EXIT_OK


def cmd_kpis(args) -> int:
    dims = ["vendor"] + [d.strip() for d in (args.dims or "").split(",") if d.strip()]
    dims = list(dict.fromkeys(dims))
    date_from = periods.parse_date(args.date_from, "--from") if args.date_from else None
    date_to = periods.parse_date(args.date_to, "--to") if args.date_to else None
    if date_from and date_to and date_from > date_to:
        raise errors.InvalidInput(f"--from {date_from} is after --to {date_to}.")
    with db.connect(args.db) as con:
        if args.vendor:
            vendors.vendor_id(con, args.vendor)  # NotFound names the known vendors
        frame = kpis.rollup(
            con, by=args.by, dims=dims, vendors=[args.vendor] if args.vendor else None,
            date_from=date_from, date_to=date_to, parts=True,
        )  # fmt: skip
    frame = privacy.suppress_kpis(frame)  # people figures for fewer than k people: "< k"
    frame["period"] = pd.to_datetime(frame["period"]).dt.date.map(date.isoformat)
    print_frame(frame, args.format)
    return EXIT_OK


# --- output --------------------------------------------------------------------------------


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts: NaN becomes None, numpy scalars plain Python."""
    out = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and pd.isna(value)):
                clean[key] = None
            elif isinstance(value, pd.Timestamp):
                clean[key] = value.isoformat()
            elif hasattr(value, "item"):
                clean[key] = value.item()
            else:
                clean[key] = value
        out.append(clean)
    return out


def print_frame(frame: pd.DataFrame, fmt: str) -> None:
    """Print a frame as ``json``, ``csv`` or an aligned ``table``."""
    if fmt == "json":
        json.dump(records(frame), sys.stdout, default=str, indent=2)
        sys.stdout.write("\n")
    elif fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif frame.empty:
        print("(no rows)")
    else:
        print(frame.to_string(index=False, na_rep=""))


# --- parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="governance",
        description="Vendor governance for BPO oversight: load KPI exports, keep contracts, "
        "score vendors, prepare business-review packs. Nothing below vendor / program / site / "
        "channel is ever stored.",
    )
    parser.add_argument("--version", action="version", version="governance 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("init", help="create or migrate the database",
                       description="Create the database file if needed and apply every pending schema migration.")  # fmt: skip
    add_db(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "demo",
        help="load the demo portfolio and write sample vendor exports",
        description="Load the demo portfolio (4 vendors, contracts, 18 months of daily KPI data, "
        "escalations, meetings, action items) into an empty database, and write sample vendor "
        "exports in different layouts to data/demo_exports/.",
    )
    add_db(p)
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

    pv = sub.add_parser("vendors", help="register and list vendors",
                        description="Register vendors (an import names only known vendors) and list them.")  # fmt: skip
    vsub = pv.add_subparsers(dest="vendors_command", metavar="ACTION", parser_class=_Parser)
    p = vsub.add_parser("add", help="register one or more vendors",
                        description="Register vendors by name; names already registered are skipped.")  # fmt: skip
    add_db(p)
    p.add_argument("names", nargs="+", metavar="NAME", help="vendor name")
    p.set_defaults(func=cmd_vendors_add)
    p = vsub.add_parser("list", help="list registered vendors",
                        description="List the registered vendors with status and governance contacts.")  # fmt: skip
    add_db(p)
    add_format(p)
    p.set_defaults(func=cmd_vendors_list)
    pv.set_defaults(func=None, subparser=pv)

    p = sub.add_parser(
        "kpis",
        help="KPI roll-up at any allowed level",
        description="Compute every KPI of the catalogue as a ratio of summed components, by vendor "
        "and the chosen dimensions and period. A KPI with no data is empty (null in json).",
    )
    add_db(p)
    p.add_argument(
        "--by",
        choices=("day", "week", "month", "quarter"),
        default="month",
        help="period (default month)",
    )
    p.add_argument("--vendor", metavar="V", help="only this vendor")
    p.add_argument(
        "--dims", metavar="D1,D2", help="extra dimensions: program, site, channel, language, queue"
    )
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day included")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day included")
    p.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="output format (default csv)"
    )
    p.set_defaults(func=cmd_kpis)

    for name in commands.MODULES:
        importlib.import_module(f"governance.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable | None = getattr(args, "func", None)
    if func is None:
        sub = getattr(args, "subparser", None) or parser
        print(f"{sub.prog}: error: name an action (see '{sub.prog} --help')", file=sys.stderr)
        return EXIT_REJECTED
    try:
        return func(args)
    except (
        errors.InvalidInput,
        errors.NotFound,
        errors.PermissionDenied,
        errors.StaleRecord,
    ) as exc:
        print(f"governance: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except errors.GovernanceError as exc:
        print(f"governance: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an internal error: one line, the details only on request
        if os.environ.get("GOVERNANCE_DEBUG"):
            raise
        print(f"governance: internal error: {type(exc).__name__}: {exc} "
              "(set GOVERNANCE_DEBUG=1 for details)", file=sys.stderr)  # fmt: skip
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
