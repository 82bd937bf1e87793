"""``scorecard`` and ``credits``: scorecards and the service-credit ledger (interfaces.md).

The numbers are the pages' numbers: both call ``scorecard.scorecards`` / ``credits.ledger``.
"""

from __future__ import annotations

import json
import sys

from governance import spreadsheet
from governance.commands import shell
from governance.kpis import frames
from governance.scoring import credits, presentation, scorecard
from governance.store import db


def register(sub) -> None:
    """Add ``scorecard`` and ``credits`` to the command line."""
    p = sub.add_parser(
        "scorecard",
        help="vendor scorecards against contract targets for a month or quarter",
        description="Scorecards per vendor and per vendor × program: each KPI with a target in "
        "force at the end of the period, its status (met, below_target, default, no_data), "
        "points and weight; the weighted score over the KPIs with data, the standing and the "
        "service-level definition used. A quarter is scored from its summed components.",
    )
    shell.add_db(p)
    p.add_argument("--period", required=True, metavar="2026-09|2026Q3", help="a month or a quarter")
    p.add_argument("--vendor", metavar="V", help="only this vendor")
    shell.add_format(p)
    p.set_defaults(func=cmd_scorecard)

    p = sub.add_parser(
        "credits",
        help="service-credit ledger for a month",
        description="Service credits per vendor and month: the invoice, the at-risk amount, each "
        "credit for a critical service level in default (or repeatedly missed) with its "
        "earn-back status (pending_earn_back, earned_back, final), and the capped total. "
        "A quarter lists its three months.",
    )
    shell.add_db(p)
    p.add_argument("--period", required=True, metavar="2026-09", help="a month (or a quarter)")
    p.add_argument("--vendor", metavar="V", help="only this vendor")
    shell.add_format(p)
    p.set_defaults(func=cmd_credits)


def cmd_scorecard(args) -> int:
    with db.connect(args.db) as con:
        cards = scorecard.scorecards(con, args.period, [args.vendor] if args.vendor else None)
    if args.format == "json":
        _json(presentation.records(cards))
    elif args.format == "csv":
        sys.stdout.write(spreadsheet.to_csv(presentation.flat(cards)))
    elif cards.summary.empty:
        print(f"No scorecard for {cards.period.label}: no vendor has a contract in force then.")
    else:
        for s, lines in presentation.by_card(cards):
            print(presentation.headline(s))
            print(presentation.table(lines).to_string(index=False))
            print()
    return shell.EXIT_OK


def cmd_credits(args) -> int:
    with db.connect(args.db) as con:
        book = credits.ledger(con, args.period, [args.vendor] if args.vendor else None)
    if args.format == "json":
        _json(credits.records(book))
    elif args.format == "csv":
        sys.stdout.write(spreadsheet.to_csv(credits.flat(book)))
    elif book.summary.empty:
        print("No vendor has a contract in force in that period.")
    else:
        print(credits.table(book).to_string(index=False))
        items = frames.plain_records(book.items)
        if items:
            print()
            for item in items:
                print(f"{item['vendor']}, {item['period']}: {credits.explain(item)}")
    return shell.EXIT_OK


def _json(document: list[dict]) -> None:
    json.dump(document, sys.stdout, indent=2, default=str, allow_nan=False)
    sys.stdout.write("\n")
