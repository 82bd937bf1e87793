"""Commands that manage who may use the tool: ``users add`` and ``users list``."""

from __future__ import annotations

from governance.access import users
from governance.access.actors import ROLES
from governance.commands.shell import EXIT_OK, Parser, add_db, add_format, cli_actor, print_frame
from governance.store import db


def cmd_add(args) -> int:
    with db.connect(args.db) as con:
        user = users.add(con, cli_actor(), args.email, args.role, args.vendor)
    tied = f" for {user['vendor']}" if user["vendor"] else ""
    print(f"added: {user['email']} as {user['role'].replace('_', ' ')}{tied}")
    return EXIT_OK


def cmd_list(args) -> int:
    with db.connect(args.db) as con:
        frame = users.list(con)
    print_frame(frame, args.format)
    return EXIT_OK


def register(sub) -> None:
    pu = sub.add_parser(
        "users",
        help="give people roles and list them",
        description="Who may do what: single sign-on says who someone is, this list gives each "
        "e-mail a role. Roles: admin (configuration, users), vendor_manager (imports, contracts, "
        "governance), leadership (reads, packs), auditor (reads and the audit log), "
        "vendor_partner (one vendor's own data; needs --vendor). Someone signed in without a role "
        "sees only a page saying so.",
    )
    usub = pu.add_subparsers(dest="users_command", metavar="ACTION", parser_class=Parser)
    p = usub.add_parser(
        "add",
        help="give an e-mail a role",
        description="Give a person (by the e-mail they sign in with, any case) a role. Exit 0 "
        "added, 2 rejected (bad e-mail, unknown role or vendor, a vendor partner without "
        "--vendor, already a user).",
    )
    add_db(p)
    p.add_argument("email", metavar="EMAIL", help="the e-mail the person signs in with")
    p.add_argument("--role", required=True, choices=ROLES, help="the role to give")
    p.add_argument("--vendor", metavar="NAME", help="the vendor a vendor_partner works for")
    p.set_defaults(func=cmd_add)

    p = usub.add_parser(
        "list",
        help="list users and their roles",
        description="List every user: e-mail, role, vendor (partners only), "
        "when added and record version.",
    )
    add_db(p)
    add_format(p)
    p.set_defaults(func=cmd_list)
    pu.set_defaults(func=None, subparser=pu)
