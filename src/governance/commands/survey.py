"""``survey add|load|show|list``: the stakeholder survey (``scoring.survey``)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from governance.commands import shell
from governance.errors import InvalidInput
from governance.ingest import survey_file
from governance.kpis import frames, periods
from governance.scoring import survey
from governance.store import db


def register(sub) -> None:
    """Add ``survey`` with its actions to the command line."""
    ps = sub.add_parser(
        "survey",
        help="the stakeholder survey: the client's staff rate each vendor's relationship",
        description="Each quarter the client's stakeholders (by role, never by name) rate a "
        "vendor on responsiveness, quality of reporting, proactivity and partnership, 1 to 5, "
        "with a comment. The quarter's mean rating is the relationship score a contract may "
        "score (target relationship_score); under 3 respondents it is withheld.",
    )
    ssub = ps.add_subparsers(dest="survey_command", metavar="ACTION", parser_class=shell.Parser)

    p = ssub.add_parser(
        "add",
        help="record one stakeholder's answer",
        description="Record one stakeholder's answer about a vendor for a quarter: the role "
        "(never a name), each dimension 1 to 5 (at least one) and an optional comment.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", required=True, metavar="V", help="the vendor rated")
    p.add_argument("--quarter", required=True, metavar="YYYYQn", help="the quarter, e.g. 2026Q4")
    p.add_argument("--role", metavar="ROLE", help="the stakeholder's role, e.g. Operations")
    for d in survey.DIMENSIONS:
        p.add_argument(f"--{d}", type=int, metavar="1-5", help=survey.DIMENSION_NAMES[d].lower())
    p.add_argument("--comment", metavar="TEXT", help="the stakeholder's comment")
    shell.add_acknowledge_wording(p)
    p.set_defaults(func=cmd_add)

    p = ssub.add_parser(
        "load",
        help="load a survey tool's export (CSV or Excel)",
        description="Load the answers of a survey export (Microsoft Forms, Google Forms, "
        "SurveyMonkey, Qualtrics, Typeform or a sheet of your own), all or nothing. Columns are "
        "recognised by their questions; name any that are not with --column. Names, e-mail "
        "addresses and respondent ids in the file are never read.",
    )
    shell.add_db(p)
    p.add_argument("file", type=Path, help="the export")
    p.add_argument("--vendor", metavar="V", help="the vendor, when the file has no vendor column")
    p.add_argument(
        "--quarter", metavar="YYYYQn", help="the quarter, when the file has no quarter column"
    )
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help=f"read FIELD from the column HEADER (fields: {', '.join(survey_file.FIELDS)})",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the answers a vendor and quarter already hold",
    )
    shell.add_acknowledge_wording(p)
    shell.add_format(p)
    p.set_defaults(func=cmd_load)

    p = ssub.add_parser(
        "show",
        help="a vendor's survey for a quarter, by dimension",
        description="A vendor's quarter: the relationship score, each dimension's mean against "
        "the quarter before, and the comments (withheld under 3 respondents).",
    )
    shell.add_db(p)
    p.add_argument("--vendor", required=True, metavar="V", help="the vendor")
    p.add_argument("--quarter", required=True, metavar="YYYYQn", help="the quarter")
    shell.add_format(p)
    p.set_defaults(func=cmd_show)

    p = ssub.add_parser(
        "list",
        help="the surveyed quarters of each vendor",
        description="Each vendor's surveyed quarters, newest first, with the respondents and the "
        "relationship score (empty when withheld).",
    )
    shell.add_db(p)
    p.add_argument("--vendor", metavar="V", help="only this vendor")
    shell.add_format(p)
    p.set_defaults(func=cmd_list)
    ps.set_defaults(func=None, subparser=ps)


def cmd_add(args) -> int:
    with db.connect(args.db) as con:
        done = survey.add(
            con,
            shell.cli_actor(),
            vendor=args.vendor,
            quarter=args.quarter,
            role=args.role,
            ratings={d: getattr(args, d) for d in survey.DIMENSIONS},
            comment=args.comment,
            acknowledged=shell.acknowledged_wording(con, args, args.comment),
        )
    print(
        f"Recorded an answer ({done['stakeholder_role']}) on {done['vendor']} for "
        f"{periods.label(done['quarter'])}."
    )
    return shell.EXIT_OK


def cmd_load(args) -> int:
    if not args.file.is_file():
        raise InvalidInput(f"{args.file} is not a file.")
    read = survey_file.read(
        args.file,
        file_name=args.file.name,
        columns=shell.column_overrides(args.column, survey_file.FIELDS),
    )
    rows = [dataclasses.asdict(r) for r in read.rows]
    with db.connect(args.db) as con:
        comments = "\n".join(r["comment"] for r in rows if r["comment"])
        done = survey.load(
            con,
            shell.cli_actor(),
            rows,
            source=read.file_name,
            vendor=args.vendor,
            quarter=args.quarter,
            replace=args.replace,
            acknowledged=shell.acknowledged_wording(con, args, comments),
        )
    done = {
        **done,
        "columns": read.mapping,
        "ignored": read.ignored,
        "skipped": [{"row": n, "reason": why} for n, why in read.skipped],
    }
    if args.format == "json":
        print(json.dumps(done, indent=2))
        return shell.EXIT_OK
    print(
        f"Loaded {done['responses']} answer{'s' if done['responses'] != 1 else ''} from "
        f"{done['source']}"
        + (f", replacing {done['replaced']}" if done["replaced"] else "")
        + ": "
        + "; ".join(
            f"{q['vendor']} {periods.label(q['quarter'])} ({q['responses']})"
            for q in done["quarters"]
        )
        + "."
    )
    print("Columns read: " + ", ".join(f"{f} ← '{h}'" for f, h in read.mapping.items()) + ".")
    if read.ignored:
        print("Not read: " + ", ".join(f"'{h}'" for h in read.ignored) + ".")
    for n, why in read.skipped:
        print(f"Row {n} skipped: {why}")
    return shell.EXIT_OK


def cmd_show(args) -> int:
    with db.connect(args.db) as con:
        shown = survey.summary(con, args.vendor, args.quarter)
    if args.format == "json":
        print(json.dumps(shown, indent=2, default=str))
        return shell.EXIT_OK
    head = f"{shown['vendor']}, {periods.label(shown['quarter'])}: "
    if not shown["respondents"]:
        print(head + "nobody has answered the survey.")
        return shell.EXIT_OK
    if shown["withheld"]:
        print(
            head + f"{shown['respondents']} respondents, fewer than {survey.MIN_RESPONDENTS}: "
            "figures and comments withheld."
        )
        return shell.EXIT_OK
    print(
        head + f"relationship score {frames.format_value(shown['score'], 'score')} from "
        f"{shown['respondents']} respondents."
    )
    table = pd.DataFrame(
        [
            {
                "dimension": d["name"],
                "mean": frames.format_value(d["mean"], "score"),
                "ratings": d["ratings"],
                "quarter before": frames.format_value(d["previous"], "score"),
            }
            for d in shown["dimensions"]
        ]
    )
    shell.print_frame(table, "table")
    for c in shown["comments"]:
        print(f"- {c}")
    return shell.EXIT_OK


def cmd_list(args) -> int:
    with db.connect(args.db) as con:
        found = survey.listing(con, args.vendor)
    frame = pd.DataFrame(found, columns=["vendor", "quarter", "respondents", "withheld", "score"])
    shell.print_frame(frame, args.format)
    return shell.EXIT_OK
