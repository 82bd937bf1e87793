"""``excused add`` / ``excused list``: days a vendor is not measured on (``contracts.excused``)."""

from __future__ import annotations

import pandas as pd

from governance.commands import shell
from governance.contracts import excused
from governance.kpis import periods
from governance.store import db

LIST_COLUMNS = [
    "event_id",
    "vendor",
    "date_from",
    "date_to",
    "kind",
    "program",
    "site",
    "channel",
    "reason",
    "approved_by",
    "recorded_by",
]


def register(sub) -> None:
    """Add ``excused`` with its actions to the command line."""
    pe = sub.add_parser(
        "excused",
        help="record and list excused events (days left out of a vendor's measurement)",
        description="An excused event (a client-caused outage, force majeure, a holiday the "
        "contract excludes) leaves its days out of the measurement of the KPIs the vendor's "
        "contract lets it excuse (excused_kpis; service level, abandonment and speed of answer "
        "by default).",
    )
    esub = pe.add_subparsers(dest="excused_command", metavar="ACTION", parser_class=shell.Parser)
    p = esub.add_parser(
        "add",
        help="record an excused event",
        description="Record an excused event for a vendor (optionally one program, site or "
        "channel) over a date range, with its kind, reason and approver.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", required=True, metavar="V", help="the vendor")
    p.add_argument(
        "--from", dest="date_from", required=True, metavar="YYYY-MM-DD", help="first day"
    )
    p.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD", help="last day")
    p.add_argument("--kind", required=True, choices=sorted(excused.KINDS), help="the kind")
    p.add_argument("--reason", required=True, metavar="TEXT", help="what happened")
    p.add_argument("--approved-by", required=True, metavar="NAME", help="who approved it")
    p.add_argument("--program", metavar="P", help="only this program")
    p.add_argument("--site", metavar="S", help="only this site")
    p.add_argument("--channel", metavar="C", help="only this channel")
    shell.add_acknowledge_wording(p)
    p.set_defaults(func=cmd_add)
    p = esub.add_parser(
        "list",
        help="list excused events",
        description="Every excused event (of one vendor), by its first day.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", metavar="V", help="only this vendor")
    shell.add_format(p)
    p.set_defaults(func=cmd_list)
    pe.set_defaults(func=None, subparser=pe)


def cmd_add(args) -> int:
    with db.connect(args.db) as con:
        acknowledged = shell.acknowledged_wording(con, args, args.reason)
        done = excused.add(
            con,
            shell.cli_actor(),
            vendor=args.vendor,
            date_from=periods.parse_date(args.date_from, "--from"),
            date_to=periods.parse_date(args.date_to, "--to"),
            kind=args.kind,
            reason=args.reason,
            approved_by=args.approved_by,
            program=args.program,
            site=args.site,
            channel=args.channel,
            acknowledged=acknowledged,
        )
    scope = ", ".join(x for x in (done["program"], done["site"], done["channel"]) if x)
    print(
        f"Excused event #{done['event_id']}: {done['vendor']}"
        + (f" ({scope})" if scope else "")
        + f", {excused.span(done['date_from'], done['date_to'])}, "
        f"{excused.KINDS[done['kind']]}."
    )
    return shell.EXIT_OK


def cmd_list(args) -> int:
    with db.connect(args.db) as con:
        found = excused.listing(con, args.vendor)
    shell.print_frame(pd.DataFrame(found, columns=LIST_COLUMNS), args.format)
    return shell.EXIT_OK
