"""The command line: a thin shell over the library. ``python -m governance --help``.

Every command lives in a module of ``governance.commands``; this module builds the parser from
them and maps the library's errors to exit statuses: 0 success, 1 findings or a partial result
where the command says so, 2 the input was rejected (the reason on stderr, in plain language),
3 an internal error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from governance import commands, config, errors
from governance.commands.shell import EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED, Parser, VisibleText
from governance.kpis import privacy


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="governance",
        description="Vendor governance for BPO oversight: load KPI exports, keep contracts, "
        "score vendors, prepare business-review packs. Nothing below vendor / program / site / "
        "channel is ever stored.",
    )
    parser.add_argument("--version", action="version", version=f"governance {config.VERSION}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in commands.MODULES:
        importlib.import_module(f"governance.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Everything a command prints (a vendor's labels, a file's headers, a refusal quoting them)
    # reaches the terminal with control and bidirectional-override characters escaped.
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleText(out), VisibleText(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable | None = getattr(args, "func", None)
    if func is None:
        sub = getattr(args, "subparser", None) or parser
        print(f"{sub.prog}: error: name an action (see '{sub.prog} --help')", file=sys.stderr)
        return EXIT_REJECTED
    try:
        privacy.check_threshold()  # a small-cell k below 3 is refused before anything runs
        return func(args)
    except (
        errors.InvalidInput,
        errors.NotFound,
        errors.PermissionDenied,
        errors.StaleRecord,
        errors.DatabaseLocked,  # busy, not broken: try again
    ) as exc:
        print(f"governance: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except errors.GovernanceError as exc:
        print(f"governance: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an internal error: one line, the details only on request
        if os.environ.get("GOVERNANCE_DEBUG"):
            raise
        print(
            f"governance: internal error: {type(exc).__name__}: {exc} "
            "(set GOVERNANCE_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
