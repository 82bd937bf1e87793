"""``pack``: the MBR, QBR or portfolio workbook (interfaces.md).

The figures are the ``scorecard`` and ``credits`` commands' figures: ``packs.gather`` calls the
same library functions.
"""

from __future__ import annotations

from pathlib import Path

from governance import errors, packs
from governance.commands import shell
from governance.kpis import periods
from governance.packs import workbook
from governance.store import db
from governance.workflow import meetings


def register(sub) -> None:
    """Add ``pack`` to the command line."""
    p = sub.add_parser(
        "pack",
        help="write an MBR, QBR or portfolio pack as an Excel workbook",
        description="Write a business-review pack whose sheets are slides, each one landscape "
        "page with a title that states its finding: cover, executive summary, scorecard, trends "
        "(native charts, two a slide), SLA defaults and credits, escalations, action items, "
        "vendor health and people, compliance and calendar, appendix; a table too long for its "
        "page goes on in the next sheet. Everything stands as at the end of the period. "
        "--vendor with --month gives the MBR, with --quarter the QBR; --portfolio with "
        "--quarter gives the leadership pack for every vendor.",
    )
    shell.add_db(p)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--vendor", metavar="V", help="the vendor (MBR or QBR)")
    who.add_argument("--portfolio", action="store_true", help="every vendor (quarter only)")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="2026-09", help="a month: the MBR")
    when.add_argument("--quarter", metavar="2026Q3", help="a quarter: the QBR or portfolio pack")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="where to write it")
    p.set_defaults(func=cmd_pack)


def cmd_pack(args) -> int:
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise errors.InvalidInput(f"-o {out}: a pack is an Excel workbook; name it FILE.xlsx.")
    if not out.parent.is_dir():
        raise errors.InvalidInput(f"-o {out}: the folder {out.parent} does not exist.")
    period = periods.parse(args.month or args.quarter)
    if args.month and period.kind != "month":
        raise errors.InvalidInput(f"--month {args.month}: write a month as 2026-09.")
    if args.quarter and period.kind != "quarter":
        raise errors.InvalidInput(f"--quarter {args.quarter}: write a quarter as 2026Q3.")
    with db.connect(args.db) as con:
        data = packs.gather(con, period, None if args.portfolio else args.vendor)
    workbook.save(data, out)
    print(f"{data.title} for {data.who}, {periods.label(data.period)}: {out}")
    if data.meeting_id is not None:
        with db.connect(args.db) as con:
            meetings.link_pack(con, shell.cli_actor(), data.meeting_id, str(out))
        print(f"Linked to the {data.kind} meeting #{data.meeting_id}.")
    return shell.EXIT_OK
