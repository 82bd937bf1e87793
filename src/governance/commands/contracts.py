"""``contracts load`` / ``export`` / ``list`` / ``template``: the contracts file (docs/contracts.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from governance import contracts
from governance.commands import shell
from governance.contracts.spec import parse_date
from governance.contracts.templates import KINDS, PLACEHOLDER_VENDOR, kind_of
from governance.contracts.terms import reason_findings
from governance.kpis import frames
from governance.scoring import scorecard
from governance.store import db, queries

_DB_HELP = "database file (default: $GOVERNANCE_DB, else data/governance.duckdb)"


def register(sub) -> None:
    """Add ``contracts`` with its actions to the command line."""
    pc = sub.add_parser(
        "contracts",
        help="load, export and list contracts, amendments and targets",
        description="Contracts with their targets over time: load a contracts file (TOML, see "
        "docs/contracts.md), export the stored contracts to one, or list them. Targets change only "
        "through dated amendments, so past scores never change.",
    )
    # The action's own --db wins; this one lets `contracts --db X load F` work as well.
    pc.add_argument("--db", dest="parent_db", metavar="PATH", help=_DB_HELP)
    csub = pc.add_subparsers(dest="contracts_command", metavar="ACTION", parser_class=shell.Parser)

    p = csub.add_parser(
        "load",
        help="load a contracts file",
        description="Create the file's new contracts and record new amendments of stored ones. "
        "A stored contract must match the file, which may only add amendments after the stored "
        "ones. All or nothing: a rejected file changes nothing (exit 2, the reason on stderr). "
        "An amendment reason that directs or evaluates individual vendor staff (co-employment "
        "wording) is refused unless --acknowledge-wording is given.",
    )
    shell.add_db(p)
    p.add_argument("file", metavar="FILE.toml", help="the contracts file")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default text)"
    )
    shell.add_acknowledge_wording(p)
    p.set_defaults(func=cmd_load)

    p = csub.add_parser(
        "export",
        help="write the stored contracts as a contracts file",
        description="Write every contract (or one vendor's) with its original targets and its "
        "amendments as a contracts file that loads back to the same contracts.",
    )
    shell.add_db(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--vendor", metavar="V", help="only this vendor's contracts")
    p.set_defaults(func=cmd_export)

    p = csub.add_parser(
        "list",
        help="list the stored contracts",
        description="One row per contract: vendor, name, dates, pricing, at-risk %, pool, "
        "earn-back windows and the service-level definition.",
    )
    shell.add_db(p)
    shell.add_format(p)
    p.set_defaults(func=cmd_list)

    kinds = ", ".join(k.replace("_", "-") for k in KINDS)
    p = csub.add_parser(
        "template",
        help="print a starter contract (voice, chat, email, back-office) as a contracts file",
        description="Print a starter contract of one kind as a contracts file that `contracts "
        "load` accepts unchanged: typical targets with weights that total 100, the critical "
        "service levels' credit allocations, 10 %% at risk. The same starter the Contracts page "
        "offers under 'Start from a template'. Edit it, register the vendor, then load it.",
    )
    p.add_argument(
        "--kind",
        required=True,
        metavar="KIND",
        help=f"the kind of work: {kinds}",
    )
    p.add_argument(
        "--vendor",
        default=PLACEHOLDER_VENDOR,
        metavar="V",
        help=f"the vendor's registered name (default: '{PLACEHOLDER_VENDOR}')",
    )
    p.add_argument(
        "--name", metavar="NAME", help="the contract's name (default: '<Kind> services')"
    )
    p.add_argument(
        "--start", metavar="YYYY-MM-DD", help="first day (default: the first day of next month)"
    )
    p.add_argument("--currency", default="USD", metavar="CODE", help="ISO 4217 code (default USD)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    # Accepted like every command's; a template reads no database.
    p.add_argument("--db", metavar="PATH", help="accepted for uniformity; no database is read")
    p.set_defaults(func=cmd_template)
    pc.set_defaults(func=None, subparser=pc)


def _db(args) -> str | None:
    return args.db or getattr(args, "parent_db", None)


def cmd_load(args) -> int:
    text = shell.read_text_file(args.file, "the contracts file")
    with db.connect(_db(args)) as con:
        acknowledged = None
        if args.acknowledge_wording:
            found = reason_findings(text, not_people=queries.wording_known_names(con))
            acknowledged = shell.acknowledge(found) if found else None
        results = contracts.load_toml(con, shell.cli_actor(), text, acknowledged=acknowledged)
    if args.format == "json":
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for r in results:
            extra = f" ({r['amendments_added']} amendments added)" if r["amendments_added"] else ""
            print(f"{r['result']}: {r['vendor']} — {r['name']}{extra}")
    return shell.EXIT_OK


def cmd_export(args) -> int:
    with db.connect(_db(args)) as con:
        if args.vendor:
            scorecard.check_vendors(con, [args.vendor])
        text = contracts.export_toml(con, [args.vendor] if args.vendor else None)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return shell.EXIT_OK


def cmd_list(args) -> int:
    with db.connect(_db(args)) as con:
        frame = queries.contracts(con)
    if not frame.empty:
        frame["service_level"] = [scorecard.sl_definition(c) for c in frames.plain_records(frame)]
    keep = [
        "vendor",
        "name",
        "start_date",
        "end_date",
        "pricing",
        "at_risk_pct",
        "pool_pct_available",
        "earn_back_windows",
        "repeated_miss_count",
        "service_level",
    ]
    frame = frame.reindex(columns=keep)
    for col in ("start_date", "end_date"):
        frame[col] = frame[col].map(lambda d: None if d is None or d != d else str(d)[:10])
    shell.print_frame(frame, args.format)
    return shell.EXIT_OK


def cmd_template(args) -> int:
    start = parse_date(args.start, "--start", optional=True)
    text = contracts.starter_toml(
        kind_of(args.kind),
        vendor=args.vendor,
        name=args.name,
        start=start,
        currency=args.currency,
    )
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return shell.EXIT_OK
