"""``vendors add`` / ``vendors list``: the vendor registry."""

from __future__ import annotations

from governance.access import vendors
from governance.commands import shell
from governance.store import db, queries


def register(sub) -> None:
    """Add ``vendors`` with its actions to the command line."""
    pv = sub.add_parser(
        "vendors",
        help="register and list vendors",
        description="Register vendors (an import names only known vendors) and list them.",
    )
    vsub = pv.add_subparsers(dest="vendors_command", metavar="ACTION", parser_class=shell.Parser)
    p = vsub.add_parser(
        "add",
        help="register one or more vendors",
        description="Register vendors by name; names already registered are skipped.",
    )
    shell.add_db(p)
    p.add_argument("names", nargs="+", metavar="NAME", help="vendor name")
    p.set_defaults(func=cmd_vendors_add)
    p = vsub.add_parser(
        "list",
        help="list registered vendors",
        description="List the registered vendors with status and governance contacts.",
    )
    shell.add_db(p)
    shell.add_format(p)
    p.set_defaults(func=cmd_vendors_list)
    pv.set_defaults(func=None, subparser=pv)


def cmd_vendors_add(args) -> int:
    with db.connect(args.db) as con:
        added = vendors.add_vendors(con, shell.cli_actor(), args.names)
    skipped = [n for n in args.names if n.strip() and n.strip() not in added]
    for name in added:
        print(f"added: {name}")
    for name in skipped:
        print(f"already registered: {name}")
    return shell.EXIT_OK


def cmd_vendors_list(args) -> int:
    with db.connect(args.db) as con:
        frame = queries.vendors(con).drop(columns=["vendor_id", "version"])
    shell.print_frame(frame, args.format)
    return shell.EXIT_OK
