"""What every command of the command line shares: the parser that fails in one line, exit
statuses, the acting user, ``--db`` and ``--format``, printing a frame, and an output stream that
never writes a character able to disguise text on a terminal."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

import pandas as pd

from governance import spreadsheet
from governance.access.actors import Actor
from governance.access.records import shown as escaped
from governance.errors import InvalidInput
from governance.store import queries
from governance.workflow import wording

EXIT_OK, EXIT_FINDINGS, EXIT_REJECTED, EXIT_INTERNAL = 0, 1, 2, 3


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error (exit 2) instead of a usage dump."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.exit(EXIT_REJECTED, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def cli_actor() -> Actor:
    """Who runs the command: ``$GOVERNANCE_ACTOR`` or the OS user, as a local admin."""
    name = os.environ.get("GOVERNANCE_ACTOR") or f"cli:{getpass.getuser()}"
    return Actor(name, "admin")


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="PATH",
        help="database file, or a postgresql:// URL (default: $GOVERNANCE_DB, else "
        "data/governance.duckdb)",
    )


def add_format(p: argparse.ArgumentParser) -> None:
    """``--format table|csv|json`` for a command that lists records."""
    p.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format (default table)",
    )


def add_acknowledge_wording(p: argparse.ArgumentParser) -> None:
    """``--acknowledge-wording`` for a command that stores free text."""
    p.add_argument(
        "--acknowledge-wording",
        action="store_true",
        help="store text that directs or evaluates individual vendor staff (co-employment "
        "wording) anyway: the findings are printed on stderr and their acknowledgement is "
        "recorded in the audit log (without it such text is refused, exit 2)",
    )


def acknowledge(findings: list[wording.Finding]) -> dict:
    """Print the findings being acknowledged on standard error; their acknowledgement."""
    n = len(findings)
    print(
        f"Acknowledged {n} co-employment wording finding{'s' if n != 1 else ''}:", file=sys.stderr
    )
    for f in findings:
        print(f"  {f.field or 'text'}: \u201c{f.text}\u201d ({f.label})", file=sys.stderr)
        print(f"    instead: {f.suggestion}", file=sys.stderr)
    return wording.acknowledgement(findings)


def acknowledged_wording(con, args, text: str | None) -> dict | None:
    """With ``--acknowledge-wording``, the acknowledgement of the findings in ``text`` (printed
    on standard error) for a service to record; None without the flag or without findings."""
    if not (args.acknowledge_wording and text):
        return None
    found = wording.check_fields({"text": text}, not_people=queries.wording_known_names(con))
    return acknowledge(found) if found else None


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts: NaN becomes None, numpy scalars plain Python."""
    out = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and pd.isna(value)):
                clean[key] = None
            elif isinstance(value, pd.Timestamp):
                clean[key] = value.isoformat()
            elif hasattr(value, "item"):
                clean[key] = value.item()
            else:
                clean[key] = value
        out.append(clean)
    return out


def print_frame(frame: pd.DataFrame, fmt: str) -> None:
    """Print a frame as ``json``, ``csv`` or an aligned ``table``. Text reaches the terminal
    with its control and bidirectional-override characters escaped (``VisibleText``); a table's
    cells are escaped before it is laid out, so its columns stay aligned."""
    if fmt == "json":
        json.dump(records(frame), sys.stdout, default=str, indent=2)
        sys.stdout.write("\n")
    elif fmt == "csv":
        sys.stdout.write(spreadsheet.to_csv(frame))
    elif frame.empty:
        print("(no rows)")
    else:
        print(_visible_frame(frame).to_string(index=False, na_rep=""))


def _visible_frame(frame: pd.DataFrame) -> pd.DataFrame:
    def show(value):
        if value is None:
            return ""  # a missing text reads as an empty cell, never "None"
        return escaped(value) if isinstance(value, str) else value

    out = frame.copy()
    out.columns = [show(c) for c in frame.columns]
    for i in range(out.shape[1]):
        if out.iloc[:, i].dtype == object or pd.api.types.is_string_dtype(out.iloc[:, i].dtype):
            out.isetitem(i, out.iloc[:, i].map(show))
    return out


class VisibleText:
    """A text stream (stdout, stderr) that writes control and bidirectional-override characters
    as visible escapes (``access.records.shown``: ESC as ``\\x1b``, U+202E as ``\\u202e``):
    whatever a vendor's file or a stored label holds, a terminal shows it and never obeys it.
    Line breaks and tabs pass, as multi-line text may hold them (a CSV field keeps its CR); a
    table's cells are escaped whole by ``print_frame``."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escaped(text, multiline=True))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def read_text_file(path: str | Path, what: str) -> str:
    """The UTF-8 text of a file a command was given (a contracts file, a profile);
    ``InvalidInput`` naming the file when it is missing, a directory, unreadable or not text."""
    p = Path(path)
    try:
        return p.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"Cannot read {what} {p}: no such file.") from None
    except IsADirectoryError:
        raise InvalidInput(f"Cannot read {what} {p}: it is a directory.") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"Cannot read {what} {p}: it is not UTF-8 text (byte {exc.start + 1} is not). "
            "Give the TOML file itself, saved as UTF-8."
        ) from None
    except OSError as exc:
        raise InvalidInput(f"Cannot read {what} {p}: {exc.strerror or exc}.") from None


def column_overrides(given: list[str], fields: tuple[str, ...]) -> dict[str, str]:
    """``--column FIELD=HEADER`` options as field → header; ``InvalidInput`` for one that is
    not written so or names a field outside ``fields``."""
    out = {}
    for item in given:
        field, sep, header = item.partition("=")
        field = field.strip().lower()
        if not sep or not header.strip() or field not in fields:
            raise InvalidInput(
                f"--column '{item}': write FIELD=HEADER with a field among {', '.join(fields)}."
            )
        out[field] = header.strip()
    return out
