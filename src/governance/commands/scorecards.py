"""``scorecard``, ``publish``, ``publications`` and ``credits``: scorecards, their publication
and the service-credit ledger (interfaces.md).

The numbers are the pages' numbers: both call ``scorecard.scorecards`` / ``credits.ledger``.
"""

from __future__ import annotations

import json
import sys

import pandas as pd

from governance import spreadsheet
from governance.commands import shell
from governance.kpis import frames, periods
from governance.scoring import credits, presentation, published, scorecard
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
        "publish",
        help="publish vendors' scorecards for a month or quarter (a frozen record)",
        description="Freeze each vendor's scorecards for the period as published: every line "
        "(actual, targets and the amendment in force, points, weight, status), each card's "
        "score and standing, and the period's credits. Pages, packs, the vendor partner's view "
        "and 'scorecard' then show the published figures; a later restatement or amendment is "
        "shown beside them and never rewrites them. A period already published is refused "
        "unless --republish is given with a --reason (the earlier version is kept).",
    )
    shell.add_db(p)
    p.add_argument("--period", required=True, metavar="2026-09|2026Q3", help="a month or a quarter")
    p.add_argument("--vendor", metavar="V", help="only this vendor (default: every vendor)")
    p.add_argument(
        "--republish", action="store_true", help="publish a new version over an earlier one"
    )
    p.add_argument("--reason", metavar="TEXT", help="why it is republished (required then)")
    shell.add_acknowledge_wording(p)
    p.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format (default table)"
    )
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser(
        "publications",
        help="list published scorecards: vendor, period, version, who and when",
        description="Every published scorecard, newest period first, each version kept.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", metavar="V", help="only this vendor")
    shell.add_format(p)
    p.set_defaults(func=cmd_publications)

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
        cards = published.scorecards(con, args.period, [args.vendor] if args.vendor else None)
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


def cmd_publish(args) -> int:
    with db.connect(args.db) as con:
        acknowledged = shell.acknowledged_wording(con, args, args.reason)
        done = published.publish(
            con,
            shell.cli_actor(),
            args.period,
            [args.vendor] if args.vendor else None,
            reason=args.reason,
            republish=args.republish,
            acknowledged=acknowledged,
        )
    if args.format == "json":
        _json(
            [
                {
                    "vendor": d.vendor,
                    "period": d.period,
                    "version": d.version,
                    "published_by": d.published_by,
                    "published_at": d.published_at,
                    "reason": d.reason,
                    "scores": {
                        (s["program"] or "whole vendor"): s["weighted_score"] for s in d.summary
                    },
                }
                for d in done
            ]
        )
    else:
        for d in done:
            score = next((s["weighted_score"] for s in d.summary if s["program"] is None), None)
            shown = "no data" if score is None else f"{score:.1f}"
            print(f"{d.describe()}: {d.vendor}, {periods.label(d.period)}, score {shown}")
    return shell.EXIT_OK


def cmd_publications(args) -> int:
    with db.connect(args.db) as con:
        if args.vendor:
            scorecard.check_vendors(con, [args.vendor])
        found = published.listing(con, args.vendor)
    frame = pd.DataFrame(
        found,
        columns=[
            "vendor",
            "period",
            "version",
            "published_by",
            "published_at",
            "reason",
        ],
    )
    if args.format == "table" and not frame.empty:
        frame["period"] = frame["period"].map(periods.label)
        frame["published_at"] = [f"{t:%d %b %Y %H:%M} UTC" for t in frame["published_at"]]
    shell.print_frame(frame, args.format)
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
