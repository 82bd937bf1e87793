"""``kpis``: the KPI roll-up at any allowed level, small cells suppressed."""

from __future__ import annotations

from datetime import date

import pandas as pd

from governance import errors, kpis
from governance.access import vendors
from governance.commands import shell
from governance.kpis import periods, withholding
from governance.scoring import billing
from governance.store import db


def register(sub) -> None:
    """Add ``kpis`` to the command line."""
    p = sub.add_parser(
        "kpis",
        help="KPI roll-up at any allowed level",
        description="Compute every KPI of the catalogue as a ratio of summed components, by vendor "
        "and the chosen dimensions and period. A KPI with no data is empty (null in json). "
        "Billing accuracy is computed under each vendor's contract pricing (billing_basis says "
        "how), empty for outcome-based pricing or without a contract.",
    )
    shell.add_db(p)
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
            con,
            by=args.by,
            dims=dims,
            vendors=[args.vendor] if args.vendor else None,
            date_from=date_from,
            date_to=date_to,
            parts=True,
        )
        # Billing accuracy as each vendor is billed (its contract's pricing), with its basis.
        frame = billing.by_pricing(
            con, frame, by=args.by, dims=dims, date_from=date_from, date_to=date_to
        )
        # People figures for fewer than k people read "< k", with the complements that keep
        # them from being recovered by subtraction from a total (across each dimension and
        # period, and as the scorecards and packs withhold the same months and quarters).
        frame = withholding.suppress_kpis(con, frame, dims, args.by, date_from, date_to)
    frame["period"] = pd.to_datetime(frame["period"]).dt.date.map(date.isoformat)
    shell.print_frame(frame, args.format)
    return shell.EXIT_OK
