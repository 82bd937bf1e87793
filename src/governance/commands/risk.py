"""``risk``: each vendor's risk tier for a month, apart from its performance (``scoring.risk``)."""

from __future__ import annotations

from governance.commands import shell
from governance.errors import InvalidInput
from governance.kpis import periods
from governance.scoring import risk
from governance.store import db


def register(sub) -> None:
    """Add ``risk`` to the command line."""
    p = sub.add_parser(
        "risk",
        help="each vendor's risk tier: how exposed the client is to it, apart from its score",
        description="Each vendor's risk tier for a month (critical, high, medium, low), set from "
        "declared inputs: its share of the portfolio's volume and spend, compliance attestations "
        "expired, P1/P2 escalations open and its health (src/governance/scoring/"
        "risk_tiers.toml). It is shown beside the weighted score, never part of it.",
    )
    shell.add_db(p)
    p.add_argument("--month", required=True, metavar="2026-11", help="the month")
    p.add_argument("--vendor", metavar="V", help="only this vendor")
    shell.add_format(p)
    p.set_defaults(func=cmd_risk)


def cmd_risk(args) -> int:
    month = periods.parse(args.month)
    if month.kind != "month":
        raise InvalidInput(f"--month takes a month such as 2026-11, not {args.month}.")
    with db.connect(args.db) as con:
        found = risk.assess(con, month.start, [args.vendor] if args.vendor else None)
    shell.print_frame(found, args.format)
    return shell.EXIT_OK
