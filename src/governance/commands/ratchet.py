"""``ratchet``: next year's expected levels by a contract's continuous-improvement clause."""

from __future__ import annotations

import json
import sys

from governance.commands import shell
from governance.errors import InvalidInput
from governance.kpis.frames import format_value
from governance.scoring import ratchet
from governance.store import db


def register(sub) -> None:
    """Add ``ratchet`` to the command line."""
    p = sub.add_parser(
        "ratchet",
        help="propose next year's targets by the contract's continuous-improvement clause",
        description="For each target the vendor's contract's [contract.ratchet] clause covers: "
        "the level in force on the year's first day, the best N of the last 12 months, the gap "
        "(to their mean, or to the KPI's limit), the share of it and the cap, and the proposed "
        "expected level, with the arithmetic. --apply records the proposals as one amendment "
        "effective on the year's first day.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", required=True, metavar="V", help="the vendor")
    p.add_argument("--year", required=True, type=int, metavar="2027", help="the year proposed for")
    p.add_argument("--apply", action="store_true", help="record the proposals as an amendment")
    p.add_argument("--approved-by", metavar="NAME", help="who approved it (required with --apply)")
    p.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format (default table)"
    )
    p.set_defaults(func=cmd_ratchet)


def cmd_ratchet(args) -> int:
    if args.apply and not (args.approved_by or "").strip():
        raise InvalidInput("--apply records an amendment: say who approved it (--approved-by).")
    with db.connect(args.db) as con:
        found = ratchet.propose(con, args.vendor, args.year)
        amendment = None
        if args.apply:
            amendment = ratchet.apply(con, shell.cli_actor(), found, approved_by=args.approved_by)
    if args.format == "json":
        document = found.record() | {"amendment_id": amendment}
        json.dump(document, sys.stdout, indent=2, default=str, allow_nan=False)
        sys.stdout.write("\n")
        return shell.EXIT_OK
    print(f"{found.vendor} — {found.contract}: targets for {found.year} by its ratchet clause")
    for p in found.proposals:
        scope = ", ".join(x for x in (p.program, p.channel) if x) or "whole contract"
        now = format_value(p.current, p.unit)
        then = "no change" if p.proposed is None else format_value(p.proposed, p.unit)
        print(f"- {p.kpi_name} ({scope}): {now} → {then}. {p.note}")
    if amendment is not None:
        print(f"Recorded as amendment #{amendment}, effective 1 Jan {found.year}.")
    return shell.EXIT_OK
