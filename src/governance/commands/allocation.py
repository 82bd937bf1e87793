"""``allocation``: each vendor's allocated share of a program's volume against what it received
and how it served it (``scoring.allocation``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from governance.commands import shell
from governance.errors import InvalidInput
from governance.ingest import allocation_file
from governance.scoring import allocation
from governance.store import db

COLUMNS = [
    "program",
    "vendor",
    "forecast_offered",
    "program_offered",
    "allocated_pct",
    "actual_pct",
    "actual_offered",
    "over_under_contacts",
    "over_under_points",
    "service_level",
    "sl_expected",
    "staffed",
]


def register(sub) -> None:
    """Add ``allocation`` to the command line."""
    p = sub.add_parser(
        "allocation",
        help="each vendor's allocated share of a program's volume against what it received",
        description="For each program with a volume plan in the month: the forecast, each "
        "vendor's allocated share, the share it actually received (its offered contacts over "
        "all the plan's vendors'), over or under in contacts and points, and whether it served "
        "its share at the service level its contract expects. With --load, the plans of a CSV "
        "(program, month, vendor, share in percent, forecast) are recorded first.",
    )
    shell.add_db(p)
    p.add_argument("--month", required=True, metavar="2026-10", help="the month")
    p.add_argument("--load", type=Path, metavar="FILE", help="record the plans of this CSV first")
    shell.add_format(p)
    p.set_defaults(func=cmd_allocation)


def cmd_allocation(args) -> int:
    with db.connect(args.db) as con:
        if args.load is not None:
            if not args.load.is_file():
                raise InvalidInput(f"{args.load} is not a file.")
            rows = allocation_file.read(args.load, file_name=args.load.name)
            allocation.load(con, shell.cli_actor(), rows, source=args.load.name)
        found = allocation.allocation(con, args.month)
    shell.print_frame(pd.DataFrame(found, columns=COLUMNS), args.format)
    return shell.EXIT_OK
