"""``invoices load|list|status`` and ``reconcile``: a vendor's invoices against what its KPI
data and rate card support (``scoring.billing``)."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd

from governance.commands import shell
from governance.errors import InvalidInput, NotFound
from governance.ingest import invoice_file
from governance.kpis import periods
from governance.scoring import billing
from governance.store import db

LIST_COLUMNS = [
    "vendor",
    "invoice_no",
    "month",
    "currency",
    "total",
    "status",
    "source",
    "version",
    "revision",
]
LINE_COLUMNS = [
    "invoice_no",
    "line_no",
    "program",
    "channel",
    "unit",
    "billed_units",
    "supported_units",
    "invoiced",
    "expected",
    "variance",
    "variance_pct",
    "flag",
    "payable",
]


def register(sub) -> None:
    """Add ``invoices`` and ``reconcile`` to the command line."""
    pi = sub.add_parser(
        "invoices",
        help="record and list vendors' invoices",
        description="A vendor's monthly invoice: lines by program, site and channel (never by "
        "person) with the unit billed, units, rate and amount, exact to the cent.",
    )
    isub = pi.add_subparsers(dest="invoices_command", metavar="ACTION", parser_class=shell.Parser)
    p = isub.add_parser(
        "load",
        help="load an invoice file (CSV or Excel)",
        description="Load a vendor's invoice from its CSV or .xlsx, all or nothing. Columns are "
        "recognised by their headers (name any with --column); subtotal, tax and total rows are "
        "skipped; an invoice billed per person is refused.",
    )
    shell.add_db(p)
    p.add_argument("file", type=Path, help="the invoice file")
    p.add_argument("--vendor", required=True, metavar="V", help="the vendor that sent it")
    p.add_argument("--month", metavar="2026-10", help="the month billed, when the file has none")
    p.add_argument("--number", metavar="NO", help="the invoice number, when the file has none")
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help=f"read FIELD from column HEADER (fields: {', '.join(invoice_file.FIELDS)})",
    )
    p.add_argument(
        "--correct",
        action="store_true",
        help="the vendor's corrected invoice under a number already recorded: it becomes the "
        "next revision (back to received); the one it replaces is kept, superseded",
    )
    shell.add_acknowledge_wording(p)
    shell.add_format(p)
    p.set_defaults(func=cmd_load)
    p = isub.add_parser(
        "list",
        help="list invoices",
        description="Every invoice in force (of one vendor) with its total; with --number, "
        "every revision of that invoice, superseded ones included.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", metavar="V", help="only this vendor")
    p.add_argument("--number", metavar="NO", help="every revision of this invoice (needs --vendor)")
    shell.add_format(p)
    p.set_defaults(func=cmd_list)
    p = isub.add_parser(
        "status",
        help="move an invoice through review",
        description="Set an invoice's status: received, under_review, approved, disputed, paid.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", required=True, metavar="V", help="the vendor")
    p.add_argument("--number", required=True, metavar="NO", help="the invoice number")
    p.add_argument("--status", required=True, choices=billing.STATUSES, help="the new status")
    p.set_defaults(func=cmd_status)
    pi.set_defaults(func=None, subparser=pi)

    p = sub.add_parser(
        "reconcile",
        help="a vendor's invoices for a month against what its data supports, credits netted",
        description="Each invoice line against the units the month's KPI data supports and the "
        "contract's rate card (bands, minimum commitment), flagged past the contract's "
        "tolerance; then the month's service credits netted: invoiced, supported, payable, "
        "credits, net payable. Amounts are exact decimals.",
    )
    shell.add_db(p)
    p.add_argument("--vendor", required=True, metavar="V", help="the vendor")
    p.add_argument("--month", required=True, metavar="2026-10", help="the month")
    shell.add_format(p)
    p.set_defaults(func=cmd_reconcile)


def _one(values: set, what: str, given: str | None, option: str, file_name: str) -> str:
    values = {v for v in values if v}
    if given:
        return given
    if len(values) == 1:
        return values.pop()
    if not values:
        raise InvalidInput(f"{file_name} names no {what}: give it with {option}.")
    raise InvalidInput(
        f"{file_name} holds {len(values)} {what}s ({', '.join(sorted(values))}): load one "
        f"invoice at a time, or give {option}."
    )


def cmd_load(args) -> int:
    if not args.file.is_file():
        raise InvalidInput(f"{args.file} is not a file.")
    given = shell.column_overrides(args.column, invoice_file.FIELDS)
    headers = invoice_file.headers(args.file, file_name=args.file.name)
    with db.connect(args.db) as con:
        remembered = billing.remembered_columns(con, args.vendor, headers)
    read = invoice_file.read(
        args.file,
        file_name=args.file.name,
        columns={**invoice_file.exactly(remembered), **given} if remembered else given,
    )
    month = _one({r.period for r in read.rows}, "month", args.month, "--month", read.file_name)
    number = _one(
        {r.invoice_no for r in read.rows}, "invoice number", args.number, "--number", read.file_name
    )
    lines = [dataclasses.asdict(r) for r in read.rows]
    with db.connect(args.db) as con:
        described = "\n".join(r["description"] for r in lines if r["description"])
        done = billing.record_invoice(
            con,
            shell.cli_actor(),
            vendor=args.vendor,
            month=month,
            invoice_no=number,
            lines=lines,
            source=read.file_name,
            acknowledged=shell.acknowledged_wording(con, args, described),
            correction=args.correct,
            layout=(headers, read.mapping),
        )
    if args.format == "json":
        print(
            json.dumps(
                {**done, "lines": len(lines), "skipped": read.skipped}, default=str, indent=2
            )
        )
        return shell.EXIT_OK
    corrected = f" (revision {done['revision']}, replacing the one before)" if args.correct else ""
    print(
        f"Invoice {done['invoice_no']}{corrected} of {done['vendor']} for "
        f"{periods.label(done['month'])}: "
        f"{len(lines)} line{'s' if len(lines) != 1 else ''}, total {_money(done['total'], done['currency'])}."
    )
    if remembered:
        print(f"Columns read as in {args.vendor}'s last invoice file with these headers.")
    for n, why in read.skipped:
        print(f"Row {n} skipped: {why}")
    return shell.EXIT_OK


def cmd_list(args) -> int:
    if args.number and not args.vendor:
        raise InvalidInput("--number names one vendor's invoice: give --vendor too.")
    with db.connect(args.db) as con:
        if args.number:
            found = billing.revisions(con, args.vendor, args.number)
            if not found:
                raise NotFound(f"{args.vendor} has no invoice {args.number}.")
        else:
            found = billing.invoices(con, args.vendor)
    columns = LIST_COLUMNS + (["superseded_at"] if args.number else [])
    frame = pd.DataFrame(found, columns=columns)
    frame["total"] = [None if t is None else str(t) for t in frame["total"]]
    if args.number:
        frame["superseded_at"] = pd.Series(
            [None if r["superseded_at"] is None else r["superseded_at"].isoformat() for r in found],
            dtype=object,
        )
    shell.print_frame(frame, args.format)
    return shell.EXIT_OK


def cmd_status(args) -> int:
    with db.connect(args.db) as con:
        done = billing.set_status(
            con, shell.cli_actor(), vendor=args.vendor, invoice_no=args.number, status=args.status
        )
    print(
        f"Invoice {done['invoice_no']} of {done['vendor']} is now {done['status'].replace('_', ' ')}."
    )
    return shell.EXIT_OK


def _money(value, currency: str | None) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value):,.2f}" + (f" {currency}" if currency else "")


def _plain(value):
    """A reconciliation value for JSON: an exact decimal as its text, a date as ISO."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def cmd_reconcile(args) -> int:
    with db.connect(args.db) as con:
        found = billing.reconcile(con, args.vendor, args.month)
    if args.format == "json":
        print(json.dumps(_plain(found), indent=2))
        return shell.EXIT_OK
    cur = found["currency"]
    t = found["totals"]
    print(
        f"{found['vendor']}, {periods.label(found['month'])} ({found['contract']}; tolerance "
        f"{found['tolerance_pct']}%): invoiced {_money(t['invoiced'], cur)}, supported "
        f"{_money(t['supported'], cur)}, payable {_money(t['payable_before_credits'], cur)}, "
        f"credits {_money(t['credits'], cur)}, net payable {_money(t['net_payable'], cur)}; "
        f"{t['flagged']} line{'s' if t['flagged'] != 1 else ''} flagged."
    )
    if not found["lines"]:
        print("No invoice recorded for the month.")
        return shell.EXIT_OK
    frame = pd.DataFrame(found["lines"], columns=LINE_COLUMNS)
    for c in LINE_COLUMNS:
        frame[c] = [_plain(v) for v in frame[c]]
    shell.print_frame(frame, args.format)
    return shell.EXIT_OK
