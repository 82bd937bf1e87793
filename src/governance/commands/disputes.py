"""``acknowledge`` and ``disputes raise|resolve|list``: the vendor's answer to a published
scorecard and the client's ruling on it (``scoring.disputes``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from governance.commands import shell
from governance.errors import InvalidInput
from governance.kpis import periods
from governance.scoring import disputes
from governance.store import db

LIST_COLUMNS = [
    "dispute_id",
    "vendor",
    "period",
    "program",
    "kpi_name",
    "channel",
    "status",
    "generated_shown",
    "new_shown",
    "reason",
    "raised_by",
    "raised_at",
    "resolve_by",
    "overdue",
    "resolution",
    "resolved_by",
    "evidence_name",
]


def register(sub) -> None:
    """Add ``acknowledge`` and ``disputes`` to the command line."""
    p = sub.add_parser(
        "acknowledge",
        help="acknowledge a vendor's published scorecard for a period",
        description="Record that the vendor acknowledges its published scorecard for the "
        "period (the newest version), with an optional note.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", required=True, metavar="V", help="the vendor")
    p.add_argument("--period", required=True, metavar="2026-09|2026Q3", help="a month or quarter")
    p.add_argument("--note", metavar="TEXT", help="a note kept with the acknowledgement")
    shell.add_acknowledge_wording(p)
    p.set_defaults(func=cmd_acknowledge)

    pd_ = sub.add_parser(
        "disputes",
        help="dispute lines of a published scorecard, rule on disputes, list them",
        description="A vendor disputes lines of its published scorecard within the contract's "
        "dispute window; the client upholds (the line takes a new value) or rejects each one.",
    )
    dsub = pd_.add_subparsers(dest="disputes_command", metavar="ACTION", parser_class=shell.Parser)
    p = dsub.add_parser(
        "raise",
        help="dispute one line of a published scorecard",
        description="Dispute one KPI line of a vendor's published scorecard for the period, "
        "with a reason and optionally a PDF, PNG, JPEG or text file of evidence (at most 5 MB).",
    )
    shell.add_db(p)
    p.add_argument("--vendor", required=True, metavar="V", help="the vendor")
    p.add_argument("--period", required=True, metavar="2026-09|2026Q3", help="a month or quarter")
    p.add_argument("--kpi", required=True, metavar="KPI", help="the KPI's code or name")
    p.add_argument("--program", metavar="P", help="the program's card (default: the whole vendor)")
    p.add_argument("--channel", metavar="C", help="the line's channel, when it has one")
    p.add_argument("--reason", required=True, metavar="TEXT", help="why the line is disputed")
    p.add_argument("--evidence", metavar="FILE", help="a file of evidence kept with the dispute")
    shell.add_acknowledge_wording(p)
    add_json(p)
    p.set_defaults(func=cmd_raise)

    p = dsub.add_parser(
        "resolve",
        help="uphold or reject a dispute",
        description="Rule on an open dispute: --upheld with --value (the value the line takes, "
        "in the KPI's stored form: 0.802 for 80.2 %, seconds for handle time) or --rejected; "
        "--reason either way. The scorecard shown then carries the override.",
    )
    shell.add_db(p)
    p.add_argument("dispute_id", type=int, metavar="ID", help="the dispute's number")
    ruling = p.add_mutually_exclusive_group(required=True)
    ruling.add_argument("--upheld", action="store_true", help="the vendor is right")
    ruling.add_argument("--rejected", action="store_true", help="the line stands")
    p.add_argument("--value", type=float, metavar="X", help="upheld: the value the line takes")
    p.add_argument("--reason", required=True, metavar="TEXT", help="the ruling's reason")
    shell.add_acknowledge_wording(p)
    add_json(p)
    p.set_defaults(func=cmd_resolve)

    p = dsub.add_parser(
        "list",
        help="list disputes with their deadlines",
        description="Every dispute, newest first: the line, the published value, the status, "
        "the day it should be resolved by and whether it is overdue.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", metavar="V", help="only this vendor")
    p.add_argument("--open", action="store_true", help="only disputes still open")
    shell.add_format(p)
    p.set_defaults(func=cmd_list)
    pd_.set_defaults(func=None, subparser=pd_)


def add_json(p) -> None:
    p.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format (default table)"
    )


def cmd_acknowledge(args) -> int:
    with db.connect(args.db) as con:
        done = disputes.acknowledge(
            con,
            shell.cli_actor(),
            args.vendor,
            args.period,
            args.note,
            acknowledged=shell.acknowledged_wording(con, args, args.note),
        )
    print(
        f"Acknowledged: {done['vendor']}'s scorecard for {periods.label(done['period'])} "
        f"(version {done['version']})."
    )
    return shell.EXIT_OK


def cmd_raise(args) -> int:
    evidence = None
    if args.evidence:
        path = Path(args.evidence)
        if not path.is_file():
            raise InvalidInput(f"No file at '{args.evidence}' to attach as evidence.")
        size = path.stat().st_size
        if size > disputes.MAX_EVIDENCE:  # said before the file is read
            raise InvalidInput(
                f"Evidence '{path.name}' is {size / 1024 / 1024:.1f} MB; the most a dispute "
                f"keeps is {disputes.MAX_EVIDENCE // 1024 // 1024} MB."
            )
        evidence = (path.name, path.read_bytes())
    with db.connect(args.db) as con:
        done = disputes.dispute(
            con,
            shell.cli_actor(),
            args.vendor,
            args.period,
            kpi=args.kpi,
            program=args.program,
            channel=args.channel,
            reason=args.reason,
            evidence=evidence,
            acknowledged=shell.acknowledged_wording(con, args, args.reason),
        )
    _one(done, args.format)
    return shell.EXIT_OK


def cmd_resolve(args) -> int:
    with db.connect(args.db) as con:
        done = disputes.resolve(
            con,
            shell.cli_actor(),
            args.dispute_id,
            outcome="upheld" if args.upheld else "rejected",
            new_value=args.value,
            reason=args.reason,
            acknowledged=shell.acknowledged_wording(con, args, args.reason),
        )
    _one(done, args.format)
    return shell.EXIT_OK


def cmd_list(args) -> int:
    with db.connect(args.db) as con:
        found = disputes.listing(con, args.vendor, open_only=args.open)
    frame = pd.DataFrame(found, columns=LIST_COLUMNS)
    if args.format == "table" and not frame.empty:
        frame["period"] = frame["period"].map(periods.label)
        for column in ("raised_at", "resolve_by"):
            frame[column] = [f"{d.day} {d:%b %Y}" for d in frame[column]]
        frame["overdue"] = frame["overdue"].map({True: "OVERDUE", False: ""})
        frame = frame.astype(object).where(frame.notna(), "")
    shell.print_frame(frame, args.format)
    return shell.EXIT_OK


def _one(d: dict, fmt: str) -> None:
    if fmt == "json":
        json.dump(d, sys.stdout, indent=2, default=str, allow_nan=False)
        sys.stdout.write("\n")
        return
    line = d["kpi_name"] + (f" ({d['channel']})" if d["channel"] else "")
    card = d["program"] or "whole vendor"
    text = (
        f"Dispute #{d['dispute_id']} ({d['status']}): {d['vendor']}, "
        f"{periods.label(d['period'])}, {card}, {line}, published {d['generated_shown']}"
    )
    if d["status"] == "upheld":
        text += f", now {d['new_shown']}"
    if d["status"] == "open":
        text += f"; to be resolved by {d['resolve_by'].day} {d['resolve_by']:%b %Y}."
    else:
        text += f"; {d['status']} by {d['resolved_by']}: {d['resolution']}."
    print(text)
