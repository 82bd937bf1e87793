"""Commands that bring data in: ``import``, ``profiles suggest|list|show|save`` (mapping profiles
and the saved layouts), ``batches list|rollback``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from governance import errors
from governance.commands.shell import (
    EXIT_OK,
    EXIT_REJECTED,
    Parser,
    add_db,
    add_format,
    cli_actor,
    print_frame,
    read_text_file,
)
from governance.ingest import batches, importer, layouts, profiles
from governance.store import db, queries


def _read_profile(path: str | None):
    if not path:
        return None
    if not Path(path).exists():
        raise errors.InvalidInput(f"Profile file {path} does not exist.")
    return profiles.parse(read_text_file(path, "the profile"))


def _source(path: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise errors.InvalidInput(f"{path} is not a file.")
    return p


def cmd_import(args) -> int:
    source = _source(args.file)
    prof = _read_profile(args.profile)
    with db.connect(args.db) as con:
        result = importer.run(
            con,
            cli_actor(),
            source,
            file_name=source.name,
            vendor=args.vendor,
            profile=prof,
            on_agent_data=args.on_agent_data,
            dry_run=args.dry_run,
            add_vendors=args.add_vendors,
            add_labels=args.add_labels,
            layout=args.layout,
        )
    if args.format == "json":
        json.dump(result.to_json(), sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(result.summary())
        if result.layout and not args.layout:
            print(
                f"  note: mapped with the saved layout '{result.layout}' (version "
                f"{result.layout_version}), which fits the file's columns."
            )
        if result.ok and result.replaces:
            verb = "would replace" if result.dry_run else "replaced"
            print(f"  note: {verb} the data already held for {result.replaced_text()}.")
        for w in result.warnings:
            print(f"  note: {w}")
        for e in result.errors:
            print(f"  {e.text()}", file=sys.stderr if result.status == "rejected" else sys.stdout)
    return EXIT_REJECTED if result.status == "rejected" else EXIT_OK


def cmd_suggest(args) -> int:
    source = _source(args.file)
    with db.connect(args.db) as con:
        found = importer.suggest_mapping(con, source, file_name=source.name, sheet=args.sheet)
    prof, unplaced, read = found.profile, found.unplaced, found.read
    if args.vendor:
        prof = prof.with_changes(vendor=args.vendor)
    print(
        f"# Suggested from {source.name} (sheet {read.sheet}, header on row {read.header_row})."
        if read.sheet
        else f"# Suggested from {source.name} (header on row {read.header_row})."
    )
    if found.grain:
        print(
            f"# Rows per {found.grain}"
            + (" (summed to days)." if found.grain == "interval" else ".")
        )
    for header, reason in found.reasons.items():
        if reason.role != profiles.NOT_LOADED:
            print(f"# {header} -> {reason.role} ({reason.confidence:.0%}): {reason.why}")
    if unplaced:
        print(f"# Not placed (map or ignore them): {', '.join(unplaced)}")
    print(profiles.to_toml(prof), end="")
    return EXIT_OK


def cmd_profiles_list(args) -> int:
    with db.connect(args.db) as con:
        frame = layouts.listed(con)
    print_frame(frame, args.format)
    return EXIT_OK


def cmd_profiles_show(args) -> int:
    with db.connect(args.db) as con:
        found = layouts.get(con, args.name, args.version)
        latest = layouts.version_of(con, found.name)
    saved_for = f", saved for {found.vendor}'s files" if found.vendor else ""
    print(
        f"# Layout '{found.name}', version {found.version} of {latest}, saved by "
        f"{found.saved_by} on {found.saved_at:%Y-%m-%d %H:%M} UTC{saved_for}."
    )
    if found.problem:
        print(f"# It no longer reads as a mapping: {found.problem}")
    print(found.text, end="" if found.text.endswith("\n") else "\n")
    return EXIT_OK


def cmd_profiles_save(args) -> int:
    prof = profiles.parse(read_text_file(args.file, "the profile"))
    with db.connect(args.db) as con:
        if args.expected_version is None:  # over whatever is saved now
            expected = layouts.version_of(con, args.name)
        else:  # 0: only as a new layout
            expected = args.expected_version or None
        version = layouts.save(
            con, cli_actor(), args.name, prof, expected_version=expected, vendor=prof.vendor
        )
        name = layouts.get(con, args.name).name
    if version == expected:
        print(f"unchanged: layout '{name}' is at version {version} with this mapping already")
    else:
        print(f"saved: layout '{name}' version {version}")
    if prof.vendor:
        print(
            f"  note: listed as saved for {prof.vendor}; the layout itself names no vendor "
            "(an import names it with --vendor, or maps the file's vendor column)."
        )
    return EXIT_OK


def _version(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a version number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a version number (0 or more)")
    return value


def cmd_batches_list(args) -> int:
    with db.connect(args.db) as con:
        frame = queries.import_batches(con, args.vendor)
    cols = [
        "batch_id",
        "vendor",
        "file_name",
        "status",
        "imported_by",
        "imported_at",
        "period_from",
        "period_to",
        "rows_loaded",
        "components",
    ]
    print_frame(frame[cols] if args.format == "table" else frame, args.format)
    return EXIT_OK


def cmd_batches_rollback(args) -> int:

    with db.connect(args.db) as con:
        done = batches.rollback(con, cli_actor(), args.batch_id)
    print(
        f"Rolled back batch {done['batch_id']} ({done['file_name']}, {done['vendor']}): "
        f"{done['rows_removed']} rows removed, {done['rows_restored']} earlier rows restored."
    )
    return EXIT_OK


def register(sub) -> None:
    p = sub.add_parser(
        "import",
        help="validate and load one vendor export",
        description="Validate and load one vendor KPI export (CSV or .xlsx, read by content). "
        "Any error rejects the whole file and nothing is written; the report gives row, column, "
        "value and reason. Files holding per-person columns are refused unless "
        "--on-agent-data aggregate. Exit 0 loaded/unchanged/restated, 2 rejected.",
    )
    add_db(p)
    p.add_argument("file", metavar="FILE", help="the export: .csv, .txt or .xlsx")
    p.add_argument(
        "--vendor",
        metavar="NAME",
        help="the vendor who sent it (unless the profile maps a vendor column)",
    )
    mapping = p.add_mutually_exclusive_group()
    mapping.add_argument(
        "--profile",
        metavar="P.toml",
        help="mapping profile (default: the saved layout that fits the file's columns, else a "
        "suggestion)",
    )
    mapping.add_argument(
        "--layout",
        metavar="NAME",
        help="map the file with this saved layout (see profiles list); not with --profile",
    )
    p.add_argument(
        "--on-agent-data",
        choices=("refuse", "aggregate"),
        help="refuse files with per-person columns (default), or drop them and sum the rows",
    )
    p.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    p.add_argument(
        "--add-vendors",
        action="store_true",
        help="register the vendors the file's vendor column names that are not registered yet, "
        "with the import (vendor manager or admin); without it such a file is refused",
    )
    p.add_argument(
        "--add-labels",
        action="store_true",
        help="register the programs, sites, languages and queues the file brings that are not "
        "registered for their vendor yet, with the import (vendor manager or admin); without it "
        "such a file is refused with the list. Labels that look like people are refused always",
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    p.set_defaults(func=cmd_import)

    pp = sub.add_parser(
        "profiles",
        help="mapping profiles and the saved layouts",
        description="Mapping profiles say how a vendor's export maps onto the canonical names. "
        "A profile saved under a name is a layout: a file whose columns it fits is mapped with "
        "it, whichever vendor sent it. Layouts are listed, shown and saved here and on the "
        "Imports page; every saved version is kept.",
    )
    psub = pp.add_subparsers(dest="profiles_command", metavar="ACTION", parser_class=Parser)
    p = psub.add_parser(
        "suggest",
        help="print a mapping profile guessed from a file",
        description="Print a mapping profile (TOML) guessed from the file's headers and values; "
        "edit it and pass it to import --profile.",
    )
    add_db(p)
    p.add_argument("file", metavar="FILE", help="the export to look at")
    p.add_argument("--vendor", metavar="NAME", help="write this vendor into the profile")
    p.add_argument(
        "--sheet", metavar="NAME", help="Excel sheet to read (default: the first with data)"
    )
    p.set_defaults(func=cmd_suggest)

    p = psub.add_parser(
        "list",
        help="list the saved layouts",
        description="List the saved layouts, newest first: name, version, the vendor it was "
        "first saved for, the column it reads the time from, the columns it reads, and who saved "
        "the latest version when.",
    )
    add_db(p)
    add_format(p)
    p.set_defaults(func=cmd_profiles_list)

    p = psub.add_parser(
        "show",
        help="print a saved layout's profile",
        description="Print a saved layout (TOML) at its latest version, or at --version N; a "
        "first comment line says which version, who saved it and when. Exit 2 for a name or "
        "version not saved.",
    )
    add_db(p)
    p.add_argument("name", metavar="NAME", help="the layout's name (any letter case)")
    p.add_argument("--version", type=_version, metavar="N", help="this saved version")
    p.set_defaults(func=cmd_profiles_show)

    p = psub.add_parser(
        "save",
        help="save a profile file as a named layout",
        description="Save a mapping profile (TOML) as the layout NAME: a new name starts at "
        "version 1, a saved one gets its next version (the same text again changes nothing). "
        "The profile's vendor, if any, is not kept in the layout: it is the vendor the layout "
        "is listed for. Audited. Exit 2, nothing saved, for a bad file or name, a mapping of a "
        "column about individual staff, or --expected-version not the saved one.",
    )
    add_db(p)
    p.add_argument("name", metavar="NAME", help="the layout's name (up to 80 characters)")
    p.add_argument("--file", required=True, metavar="P.toml", help="the mapping profile to save")
    p.add_argument(
        "--expected-version",
        type=_version,
        metavar="N",
        help="save only if the layout is at version N now (0: only if no layout has that name)",
    )
    p.set_defaults(func=cmd_profiles_save)
    pp.set_defaults(func=None, subparser=pp)

    pb = sub.add_parser(
        "batches",
        help="list or roll back import batches",
        description="Import batches: what was loaded, when, by whom; roll one back.",
    )
    bsub = pb.add_subparsers(dest="batches_command", metavar="ACTION", parser_class=Parser)
    p = bsub.add_parser(
        "list",
        help="list import batches, newest first",
        description="List import batches with status, period and counts.",
    )
    add_db(p)
    p.add_argument("--vendor", metavar="NAME", help="only this vendor")
    add_format(p)
    p.set_defaults(func=cmd_batches_list)
    p = bsub.add_parser(
        "rollback",
        help="undo an import batch",
        description="Remove a batch's rows and bring back the rows it restated, exactly.",
    )
    add_db(p)
    p.add_argument("batch_id", type=int, metavar="BATCH", help="the batch number")
    p.set_defaults(func=cmd_batches_rollback)
    pb.set_defaults(func=None, subparser=pb)
