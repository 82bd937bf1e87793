"""``governance lint``: the co-employment wording check on the command line.

Exit status: 0 nothing flagged, 1 something flagged, 2 bad input (no text, a file that cannot be
read, an invalid rules file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from governance.commands.shell import EXIT_FINDINGS, EXIT_OK, add_db
from governance.errors import InvalidInput
from governance.workflow import wording

DESCRIPTION = (
    "Check text for wording that directs or evaluates individual vendor staff (co-employment "
    "risk): hiring or firing, discipline or coaching of a person, their schedule or time off, "
    "their pay, direct training or supervision by the client, treating them as our employees, "
    "a named person beside a performance measure, or keeping their employment records. Each "
    "finding gives the family, the words matched, the risk and an outcome-based rewording. Exit "
    "status 1 when anything is flagged, 0 when the text is clean, 2 when the input is rejected."
)
EPILOG = (
    'examples:\n  governance lint "coach John on his tone"\n'
    "  governance lint --file minutes.txt --format json\n"
    "  cat notes.txt | governance lint --file -"
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lint",
        help="check text for co-employment wording",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db(p)  # every command takes --db; the check itself needs no database
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("text", nargs="?", metavar="TEXT", help="the text to check")
    source.add_argument(
        "--file", metavar="FILE", help="check each line of FILE as one text ('-' reads stdin)"
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default text); json: a list of {text, findings: [{family, span, "
        "explanation, suggestion, matched}]}",
    )
    p.add_argument(
        "--rules",
        metavar="FILE.toml",
        help="a wording vocabulary file to use instead of the packaged one (to try a tuned copy)",
    )
    p.set_defaults(func=cmd_lint)


def cmd_lint(args) -> int:
    texts = _read(args)
    rules = wording.load_rules(args.rules) if args.rules else wording.default_rules()
    results = [(text, wording.check(text, rules=rules)) for text in texts]
    if args.format == "json":
        json.dump([_as_json(t, f) for t, f in results], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_text(results, numbered=args.file is not None)
    return EXIT_FINDINGS if any(f for _, f in results) else EXIT_OK


def _read(args) -> list[str]:
    if args.file is None:
        if not args.text or not args.text.strip():
            raise InvalidInput("Nothing to check: give a TEXT or --file FILE.")
        return [args.text]
    if args.file == "-":
        raw = sys.stdin.read()
    else:
        path = Path(args.file)
        try:
            raw = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise InvalidInput(f"Cannot read {args.file}: no such file.") from None
        except IsADirectoryError:
            raise InvalidInput(f"Cannot read {args.file}: it is a directory.") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"Cannot read {args.file}: it is not UTF-8 text.") from None
        except OSError as exc:
            raise InvalidInput(f"Cannot read {args.file}: {exc.strerror or exc}.") from None
    # One text per line; blank lines stay in place so results line up with the file's lines.
    return raw.splitlines()


def _as_json(text: str, findings: list[wording.Finding]) -> dict:
    return {
        "text": text,
        "findings": [
            {
                "family": f.family,
                "span": list(f.span),
                "explanation": f.explanation,
                "suggestion": f.suggestion,
                "matched": f.text,
            }
            for f in findings
        ],
    }


def _print_text(results: list[tuple[str, list[wording.Finding]]], *, numbered: bool) -> None:
    flagged = [(i, t, f) for i, (t, f) in enumerate(results, start=1) if f]
    for line, text, findings in flagged:
        print(f"line {line}: {text}" if numbered else text)
        for f in findings:
            print(f'  {f.label}: "{f.text}" (characters {f.span[0]}-{f.span[1]})')
            print(f"    risk: {f.explanation}")
            print(f"    instead: {f.suggestion}")
    checked = sum(1 for t, _ in results if t.strip())
    if flagged:
        count = sum(len(f) for _, _, f in flagged)
        print(
            f"{len(flagged)} of {checked} text{'s' if checked != 1 else ''} flagged "
            f"({count} finding{'s' if count != 1 else ''})."
        )
    else:
        print(f"No risky wording found ({checked} text{'s' if checked != 1 else ''} checked).")
