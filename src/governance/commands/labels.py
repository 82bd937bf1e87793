"""``labels list|add|remove``: each vendor's registered programs, sites, languages and queues."""

from __future__ import annotations

from governance.commands.shell import EXIT_OK, Parser, add_db, add_format, cli_actor, print_frame
from governance.ingest import labels
from governance.store import db


def cmd_list(args) -> int:
    with db.connect(args.db) as con:
        frame = labels.reviewed(con, args.vendor, people_only=args.people)
    print_frame(frame, args.format)
    return EXIT_OK


def cmd_add(args) -> int:
    with db.connect(args.db) as con:
        added = labels.add(
            con, cli_actor(), args.vendor, args.dimension, args.labels, source="command"
        )
    for label in added:
        print(f"registered: {args.vendor} {args.dimension} '{label}'")
    for label in dict.fromkeys(labels.tidy(x) for x in args.labels):
        if label not in added:
            print(f"already registered: {args.vendor} {args.dimension} '{label}'")
    return EXIT_OK


def cmd_remove(args) -> int:
    with db.connect(args.db) as con:
        gone = labels.remove(con, cli_actor(), args.vendor, args.dimension, args.label)
    print(f"removed: {args.vendor} {gone['dimension']} '{gone['label']}'")
    return EXIT_OK


def _vendor_and_dimension(p) -> None:
    p.add_argument("--vendor", required=True, metavar="NAME", help="the registered vendor")
    p.add_argument(
        "--dimension",
        required=True,
        choices=labels.DIMENSIONS,
        help="which list: program, site, language or queue (channels are a fixed list)",
    )


def register(sub) -> None:
    """Add ``labels`` with its actions to the command line."""
    pl = sub.add_parser(
        "labels",
        help="each vendor's registered programs, sites, languages and queues",
        description="Each vendor's programs, sites, languages and queues are a registered list: "
        "an import whose file brings a label not registered for its vendor is refused with the "
        "list, unless confirmed (import --add-labels). Channels are a fixed list and are not "
        "registered. A label that looks like a person (a name, a login, an e-mail address, an "
        "extension or employee number, initials) is never registered.",
    )
    lsub = pl.add_subparsers(dest="labels_command", metavar="ACTION", parser_class=Parser)
    p = lsub.add_parser(
        "list",
        help="list the registered labels",
        description="List the registered labels: vendor, dimension, label, who registered it, "
        "when, how (existing: held before the registry; import, page, command or demo), and "
        "whether it looks like a person (what it reads like: a person's name, a login, an "
        "e-mail address, an extension or employee number...). Labels held before the registry "
        "were registered as they were; one that looks like a person is refused by every import "
        "that brings it: remove it with labels remove.",
    )
    add_db(p)
    p.add_argument("--vendor", metavar="NAME", help="only this vendor")
    p.add_argument(
        "--people",
        action="store_true",
        help="only the registered labels that look like a person (to remove them)",
    )
    add_format(p)
    p.set_defaults(func=cmd_list)

    p = lsub.add_parser(
        "add",
        help="register labels of a vendor",
        description="Register one or more labels of a vendor's programs, sites, languages or "
        "queues (vendor manager or admin; audited). Labels already registered are skipped. Exit "
        "2, nothing registered, for an unknown vendor, an empty label, a control or "
        "bidirectional-override character, or a label that looks like a person.",
    )
    add_db(p)
    _vendor_and_dimension(p)
    p.add_argument("labels", nargs="+", metavar="LABEL", help="the label, as files write it")
    p.set_defaults(func=cmd_add)

    p = lsub.add_parser(
        "remove",
        help="remove a registered label",
        description="Remove one registered label (audited). Data already stored under it stays; "
        "a later file with that label is refused until it is registered again. Exit 2 when the "
        "vendor has no such label.",
    )
    add_db(p)
    _vendor_and_dimension(p)
    p.add_argument("label", metavar="LABEL", help="the registered label")
    p.set_defaults(func=cmd_remove)
    pl.set_defaults(func=None, subparser=pl)
