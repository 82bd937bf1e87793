"""The documentation under docs/ stays true.

- Every command and action of the command line has help text, is described in docs/cli.md, and
  every command docs/cli.md names exists.
- Every ```bash block of docs/cli.md runs, line by line, against a fresh copy of the demo database
  (prepared once per module with ``python -m governance demo``) in a scratch directory, and each
  line ends with the exit status the docs give it (0 unless the line ends in ``# exit N``).
- Every ```toml block of docs/profiles.md is a profile the real parser accepts and that imports a
  small file generated to fit it (CSV, or .xlsx when it names a sheet) into a fresh database;
  the examples written for a demo export also import that export.
- Every ```toml block of docs/contracts.md loads into a fresh database, and ``contracts export``
  then holds each of its terms, targets and amendments.

The command lines run in this process through ``governance.cli.main``, the function
``python -m governance`` calls (a new interpreter per line would cost most of a second each);
the demo database is made by a real ``python -m governance`` process.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from governance import cli, contracts
from governance.ingest import profiles

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = ROOT / "tests" / "data" / "docs"
CLI_MD = DOCS / "cli.md"
PROFILES_MD = DOCS / "profiles.md"
CONTRACTS_MD = DOCS / "contracts.md"
END_MONTH = "2026-11"  # the demo month the examples name (exports are for this month)
PREFIX = ["python", "-m", "governance"]
EXIT_NOTE = re.compile(r"#\s*exit\s+(\d+)\s*$")
SHELL_SYNTAX = {"|", "||", "&&", ";", ">>", "<", "2>", "&"}


# --- reading the docs ----------------------------------------------------------------------------


def blocks(path: Path, lang: str) -> list[tuple[str, int, str]]:
    """The fenced ``lang`` blocks of a Markdown file: (nearest heading, first line, text)."""
    out, heading, current, start = [], "", None, 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if current is None:
            if line.startswith("#"):
                heading = line.lstrip("#").strip().strip("`")
            elif line.strip() == f"```{lang}":
                current, start = [], number + 1
        elif line.strip() == "```":
            out.append((heading, start, "\n".join(current) + "\n"))
            current = None
        else:
            current.append(line)
    assert current is None, (
        f"{path.name}: a ```{lang} block opened on line {start - 1} never closes"
    )
    return out


def block_id(block: tuple[str, int, str]) -> str:
    heading, line, _text = block
    return f"{heading} (line {line})"


# --- the command line's commands -------------------------------------------------------------------


def command_tree(parser, prefix=()) -> dict[tuple[str, ...], tuple[str | None, object]]:
    """Every command path of the CLI, e.g. ('vendors', 'add'), with its summary help and parser."""
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                found[(*prefix, name)] = (helps.get(name), sub)
                found.update(command_tree(sub, (*prefix, name)))
    return found


PARSER = cli.build_parser()
COMMANDS = command_tree(PARSER)
PATHS = sorted(COMMANDS)


def documented_commands() -> set[tuple[str, ...]]:
    """The command paths docs/cli.md gives a section: headings such as ## `vendors add`."""
    found = set()
    for line in CLI_MD.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"#{2,4} `([a-z][a-z -]*)`", line.strip())
        if m:
            found.add(tuple(m.group(1).split()))
    return found


def command_of(args: list[str]) -> tuple[str, ...]:
    """The command path an argument list names (options and their values skipped)."""
    parser, path, i = PARSER, (), 0
    while i < len(args):
        token = args[i]
        if token.startswith("-"):
            option = parser._option_string_actions.get(token.split("=")[0])
            if option is not None and option.nargs != 0 and "=" not in token:
                i += 1  # the option's value
        else:
            subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
            if not subs:
                break
            if token not in subs[0].choices:
                return (*path, token)
            parser, path = subs[0].choices[token], (*path, token)
        i += 1
    return path


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_command_has_help(path):
    name = " ".join(path)
    summary, parser = COMMANDS[path]
    assert summary and summary.strip(), f"'{name}' has no help text in the list of commands"
    assert parser.description and parser.description.strip(), f"'{name}' has no description"
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        what = "/".join(action.option_strings) or action.metavar or action.dest
        assert action.help and action.help.strip(), f"'{name}': argument {what} has no help text"


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_command_is_described_in_cli_md(path):
    name = " ".join(path)
    assert path in documented_commands(), f"docs/cli.md has no section for '{name}'"
    runs = [cmd for cmd in cli_example_commands() if cmd[: len(path)] == path]
    assert runs, f"docs/cli.md has no example running '{name}'"


def test_every_command_cli_md_names_exists():
    missing = sorted(" ".join(p) for p in documented_commands() if p not in COMMANDS)
    assert not missing, f"docs/cli.md describes commands that do not exist: {missing}"
    unknown = sorted({" ".join(c) for c in cli_example_commands() if c and c not in COMMANDS})
    assert not unknown, f"docs/cli.md runs commands that do not exist: {unknown}"


def test_commands_named_anywhere_in_the_docs_exist():
    pattern = re.compile(r"python -m governance ((?:[a-z][a-z-]* ?){1,2})")
    wrong = []
    for page in sorted(DOCS.glob("*.md")):
        for m in pattern.finditer(page.read_text(encoding="utf-8")):
            words = tuple(m.group(1).split())
            if words[:1] and words[:1] not in COMMANDS:
                wrong.append(f"{page.name}: python -m governance {' '.join(words)}")
            elif len(words) == 2 and words not in COMMANDS and words[:1] in COMMANDS:
                sub = [p for p in COMMANDS if len(p) == 2 and p[0] == words[0]]
                if sub:  # the first word is a group: the second must be one of its actions
                    wrong.append(f"{page.name}: python -m governance {' '.join(words)}")
    assert not wrong, f"the docs name commands that do not exist: {wrong}"


# --- running the command lines --------------------------------------------------------------------


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """``python -m governance ARGV`` in this process: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv)
        except SystemExit as exc:  # argparse: --help, --version and usage errors
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return status, out.getvalue(), err.getvalue()


def parse_example(line: str) -> tuple[list[str], str | None, int]:
    """An example line as (arguments after ``python -m governance``, stdout file, exit status)."""
    note = EXIT_NOTE.search(line)
    expected = int(note.group(1)) if note else 0
    words = shlex.split(line, comments=True)
    assert words[:3] == PREFIX, f"not a python -m governance command: {line}"
    args, output = words[3:], None
    if len(args) >= 2 and args[-2] == ">":
        args, output = args[:-2], args[-1]
    bad = [w for w in args if w in SHELL_SYNTAX or w == ">" or "$(" in w or "`" in w]
    assert not bad, f"the example uses shell syntax the test cannot run ({bad[0]}): {line}"
    return args, output, expected


def cli_example_lines() -> list[tuple[int, str]]:
    lines = []
    for _heading, start, text in blocks(CLI_MD, "bash"):
        for offset, line in enumerate(text.splitlines()):
            if line.strip() and not line.lstrip().startswith("#"):
                lines.append((start + offset, line.strip()))
    return lines


@functools.cache
def cli_example_commands() -> tuple[tuple[str, ...], ...]:
    return tuple(command_of(parse_example(line)[0]) for _n, line in cli_example_lines())


def test_cli_md_bash_blocks_hold_only_governance_commands():
    others = [f"line {n}: {line}" for n, line in cli_example_lines() if line.split()[:3] != PREFIX]
    assert not others, f"docs/cli.md has bash lines the test does not run: {others}"


def without_db_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GOVERNANCE_DB"}
    env["GOVERNANCE_LOCK_WAIT"] = "2"
    return env


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    """A directory as the examples expect it: the demo database and exports under data/, and
    the files the examples name that the demo does not write. Never changed after it is made."""
    root = tmp_path_factory.mktemp("demo")
    done = subprocess.run(
        [sys.executable, "-m", "governance", "demo", "--end-month", END_MONTH],
        cwd=root,
        env=without_db_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "data" / "governance.duckdb").is_file()
    assert (root / "data" / "demo_exports").is_dir()
    shutil.copy(DATA / "minutes.txt", root / "minutes.txt")
    shutil.copy(DATA / "agents.csv", root / "agents.csv")
    shutil.copy(DATA / "survey.csv", root / "survey.csv")
    shutil.copy(DATA / "invoice.csv", root / "invoice.csv")
    (root / "contracts.toml").write_text(blocks(CONTRACTS_MD, "toml")[0][2], encoding="utf-8")
    return root


@pytest.fixture
def demo_copy(demo_dir, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the demo directory as the current directory, with no $GOVERNANCE_DB, so
    that commands use data/governance.duckdb there as they would for a user."""
    work = tmp_path / "work"
    shutil.copytree(demo_dir, work)
    monkeypatch.chdir(work)
    monkeypatch.delenv("GOVERNANCE_DB", raising=False)
    return work


def test_python_m_governance_runs():
    done = subprocess.run(
        [sys.executable, "-m", "governance", "--help"],
        capture_output=True,
        text=True,
        env=without_db_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for path in PATHS:
        if len(path) == 1:
            assert path[0] in done.stdout


@pytest.mark.parametrize("block", blocks(CLI_MD, "bash"), ids=block_id)
def test_cli_md_example(block, demo_copy):
    _heading, start, text = block
    for offset, line in enumerate(text.splitlines()):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        args, output, expected = parse_example(line)
        status, out, err = run_cli(args)
        assert status == expected, (
            f"docs/cli.md line {start + offset}: `{line}` exited {status}, the docs say "
            f"{expected}.\nstderr: {err.strip()[-2000:]}\nstdout: {out.strip()[-1000:]}"
        )
        if status == 0 and "json" in args and args[args.index("json") - 1] == "--format":
            json.loads(out)  # --format json prints one JSON document and nothing else
        if output:
            (demo_copy / output).write_text(out, encoding="utf-8")


# --- profile examples ------------------------------------------------------------------------------

DAYS = [date(2026, 9, 1), date(2026, 9, 2), date(2026, 9, 3)]
TIMES = {
    "date": [datetime.combine(d, datetime.min.time()) for d in DAYS],
    "interval_start": [
        datetime(2026, 9, d, 8, 0) + timedelta(minutes=15 * i) for d in (1, 2) for i in range(3)
    ],
    "week": [datetime(2026, 8, 31) + timedelta(weeks=i) for i in range(3)],  # Mondays
    "month": [datetime(2026, m, 1) for m in (7, 8, 9)],
}
ISO = {"date": "%Y-%m-%d", "interval_start": "%Y-%m-%d %H:%M", "week": "%Y-%m-%d"}
ISO["month"] = ISO["week"]
DIMENSIONS = {
    "program": ["Billing care", "Collections"],
    "site": ["Leeds"],
    "channel": ["Voice"],
    "language": ["English"],
    "queue": ["General"],
}
# One row's totals, consistent with every part-of-whole rule; an average is total ÷ its "over".
TOTALS = {
    "offered": 200,
    "answered": 180,
    "abandoned": 20,
    "short_abandoned": 5,
    "answered_within_sl": 150,
    "wait_time_sec": 4500,
    "handle_time_sec": 81000,
    "resolved_first_contact": 120,
    "fcr_eligible": 170,
    "csat_satisfied": 30,
    "csat_responses": 40,
    "nps_promoters": 20,
    "nps_detractors": 5,
    "nps_responses": 35,
    "qa_points": 850,
    "qa_possible": 1000,
    "intervals": 48,
    "intervals_meeting_sl": 40,
    "headcount": 60,
    "leavers": 3,
    "early_leavers": 1,
    "new_hires": 4,
    "trained": 55,
    "training_assigned": 60,
    "invoiced_amount": 123456.78,
    "billed_units": 1500.5,
}
SECONDS = {"wait_time_sec", "handle_time_sec"}
PLAIN = {"invoiced_amount", "billed_units"}
HEADING_TIME = {"interval": "interval_start", "daily": "date", "weekly": "week", "monthly": "month"}
DEFAULT_VENDOR = "Docs Example Vendor"
# Profile examples written for a demo export: that export must import with them too.
DEMO_EXPORTS = {
    "Dunmore Digital": "data/demo_exports/dunmore_contacts_2026-11.csv",
    "Bluebird BPO": "data/demo_exports/bluebird_daily_2026-11.xlsx",
}


def number(value: float, decimal: str) -> str:
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", decimal)


def duration(seconds: float, mode: str, decimal: str) -> str:
    if mode == "hms":
        s = int(seconds)
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    if mode == "day_fraction":
        return f"{seconds / 86400:.8f}".replace(".", decimal)
    return number(seconds, decimal)


def percent(fraction: float, mode: str, decimal: str) -> str:
    if mode == "fraction":
        return number(fraction, decimal)
    points = number(round(fraction * 100, 4), decimal)
    return points if mode == "points" else f"{points}%"


def flag_words(flag: profiles.Flag) -> tuple[str, str]:
    """A value meaning yes, and one meaning no, for a [contact] flag."""
    trues = {t.upper() for t in flag.true}
    no = next(w for w in ("No", "N", "Abandoned", "0", "False") if w.upper() not in trues)
    return flag.true[0], no


def example_file(prof: profiles.Profile, vendor: str, excel: bool) -> tuple[list, list[list]]:
    """Headers and rows of a small export in the layout ``prof`` describes."""
    fmt = prof.formats
    time_key = prof.time_column

    def when(t: datetime):
        if fmt.date:
            return t.strftime(fmt.date)
        return t if excel else t.strftime(ISO[time_key])

    def stamp(t: datetime) -> dict:
        """The time cells of a row: one column, or the date and its time of day."""
        if not prof.split_time:
            return {prof.columns[time_key]: when(t)}
        day = t.strftime(fmt.date) if fmt.date else t.strftime(ISO["date"])
        return {prof.columns["date"]: day, prof.columns["interval_start"]: t.strftime("%H:%M")}

    headers = list(prof.time_sources)
    dims = [d for d in ("vendor", *DIMENSIONS) if d in prof.columns]
    headers += [prof.columns[d] for d in dims]
    combos = [{}]
    for d in dims:
        values = [vendor] if d == "vendor" else DIMENSIONS[d]
        combos = [{**c, d: v} for c in combos for v in values]

    measures: dict[str, object] = {}
    for comp, src in prof.columns.items():
        if comp in TOTALS:
            value = TOTALS[comp]
            if comp in SECONDS:
                measures[src] = duration(value, fmt.duration, fmt.decimal)
            else:
                measures[src] = (
                    value if excel and fmt.decimal == "." else number(value, fmt.decimal)
                )
    for comp, avg in prof.averages.items():
        value = TOTALS[comp] / TOTALS[avg.over]
        if comp in SECONDS:
            measures[avg.column] = duration(value, fmt.duration, fmt.decimal)
        elif comp in PLAIN:
            measures[avg.column] = number(value, fmt.decimal)
        else:
            measures[avg.column] = percent(value, fmt.percent, fmt.decimal)
    for header in prof.ignore:
        measures[header] = "see notes"
    headers += list(measures)

    contact_rows: list[dict[str, object]] = [{}]
    c = prof.contact
    if c is not None:
        contact_rows = [{} for _ in range(4)]
        answered = [True, True, True, False]
        if c.answered:
            yes, no = flag_words(c.answered)
            for row, a in zip(contact_rows, answered, strict=True):
                row[c.answered.column] = yes if a else no
        timings = ((c.wait_seconds, (8, 25, 3, 40)), (c.handle_seconds, (300, 420, 95, 0)))
        for header, values in timings:
            if header:
                for row, v in zip(contact_rows, values, strict=True):
                    row[header] = duration(v, fmt.duration, fmt.decimal)
        if c.satisfaction:
            scale = c.satisfaction.scale
            for row, v in zip(contact_rows, (scale, scale - 1, 1, ""), strict=True):
                row[c.satisfaction.column] = str(v)
        if c.resolved:
            yes, no = flag_words(c.resolved)
            for row, r in zip(contact_rows, (True, False, True, False), strict=True):
                row[c.resolved.column] = yes if r else no
        headers += [h for h in contact_rows[0] if h not in headers]

    rows = []
    for t in TIMES[time_key]:
        for combo in combos:
            for extra in contact_rows:
                values = {**stamp(t), **measures, **extra}
                values.update({prof.columns[d]: v for d, v in combo.items()})
                rows.append([values[h] for h in headers])
    return headers, rows


def write_example(path: Path, prof: profiles.Profile, vendor: str) -> Path:
    excel = prof.sheet is not None
    headers, rows = example_file(prof, vendor, excel)
    above = (prof.header_row or 1) - 1
    titles = [[f"{vendor}: performance report"], ["Generated for the documentation test"]]
    titles = (titles + [[""]] * above)[:above]
    if excel:
        path = path.with_suffix(".xlsx")
        book = openpyxl.Workbook()
        book.active.title = "Notes"
        book.active.append(["Read the other sheet."])
        sheet = book.create_sheet(prof.sheet)
        for row in [*titles, headers, *rows, ["Total"]]:
            sheet.append(row)
        book.save(path)
        return path
    path = path.with_suffix(".csv")
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";" if prof.formats.decimal == "," else ",")
        writer.writerows([*titles, headers, *rows])
    return path


def expected_components(prof: profiles.Profile) -> set[str]:
    comps = {c for c in prof.columns if c in TOTALS} | set(prof.averages) | set(prof.derived)
    c = prof.contact
    if c is not None:
        comps |= {"offered", "answered"} | ({"abandoned"} if c.answered else set())
        comps |= {"wait_time_sec", "answered_within_sl"} if c.wait_seconds else set()
        comps |= {"handle_time_sec"} if c.handle_seconds else set()
        comps |= {"csat_responses", "csat_satisfied"} if c.satisfaction else set()
        comps |= {"resolved_first_contact", "fcr_eligible"} if c.resolved else set()
    return comps


def import_json(args: list[str]) -> dict:
    # The example files' programs and sites are new to their vendor: registered with the import.
    status, out, err = run_cli(["import", *args, "--add-labels", "--format", "json"])
    doc = json.loads(out) if out.strip() else {}
    assert status == 0 and doc.get("status") in ("loaded", "restated"), (
        f"import {' '.join(args)} exited {status}: {err.strip()} {json.dumps(doc.get('errors'))}"
    )
    assert doc["rows_loaded"] > 0
    return doc


@pytest.mark.parametrize("block", blocks(PROFILES_MD, "toml"), ids=block_id)
def test_profiles_md_example(block, tmp_path, demo_dir, monkeypatch):
    heading, start, text = block
    prof = profiles.parse(text)  # the parser the import uses: unknown keys would fail here
    assert prof.time_column, f"docs/profiles.md line {start}: the profile maps no time column"
    for word, key in HEADING_TIME.items():  # the heading says which grain the example shows
        if word in heading.lower():
            assert prof.time_column == key, (
                f"docs/profiles.md line {start}: {heading} maps no {key}"
            )
    vendor = prof.vendor or DEFAULT_VENDOR
    profile_file = tmp_path / "profile.toml"
    profile_file.write_text(text, encoding="utf-8")
    source = write_example(tmp_path / "export", prof, vendor)

    status, _out, err = run_cli(["vendors", "add", vendor])
    assert status == 0, err
    args = [str(source), "--profile", str(profile_file)]
    doc = import_json(args if prof.vendor else [*args, "--vendor", vendor])
    assert [p["grain"] for p in doc["periods"]] == [prof.grain]
    assert doc["periods"][0]["from"] == TIMES[prof.time_column][0].date().isoformat()
    status, out, err = run_cli(["batches", "list", "--format", "json"])
    assert status == 0, err
    loaded = set(json.loads(out)[0]["components"].split(","))
    assert loaded == expected_components(prof), f"docs/profiles.md line {start}"

    if prof.vendor in DEMO_EXPORTS:  # the example says it reads this demo export
        shutil.copy(demo_dir / "data" / "governance.duckdb", tmp_path / "demo.duckdb")
        monkeypatch.setenv("GOVERNANCE_DB", str(tmp_path / "demo.duckdb"))
        import_json([str(demo_dir / DEMO_EXPORTS[prof.vendor]), "--profile", str(profile_file)])


# --- contracts examples ----------------------------------------------------------------------------


def same(documented, exported) -> bool:
    if isinstance(documented, bool) or isinstance(exported, bool):
        return documented == exported
    if isinstance(documented, int | float) and isinstance(exported, int | float):
        return abs(float(documented) - float(exported)) < 1e-9
    if isinstance(documented, str) and isinstance(exported, date):
        return date.fromisoformat(documented) == exported
    return documented == exported


def scope(target: dict) -> tuple:
    return target["kpi"], target.get("program"), target.get("channel")


def differences(documented: dict, exported: dict, where: str) -> list[str]:
    """Keys of ``documented`` whose value ``exported`` does not hold."""
    wrong = []
    for key, value in documented.items():
        if isinstance(value, dict):
            wrong += differences(value, exported.get(key) or {}, f"{where}.{key}")
        elif key == "programs":
            if sorted(value) != sorted(exported.get(key, [])):
                wrong.append(f"{where}.{key}")
        elif not same(value, exported.get(key)):
            wrong.append(f"{where}.{key}: {value!r} became {exported.get(key)!r}")
    return wrong


def both(spec: dict, plural: str, singular: str) -> list[dict]:
    return spec.get(plural, spec.get(singular)) or []


@pytest.mark.parametrize("block", blocks(CONTRACTS_MD, "toml"), ids=block_id)
def test_contracts_md_example(block, tmp_path):
    _heading, start, text = block
    documented = contracts.parse_toml(text)  # the parser contracts load uses
    path = tmp_path / "contracts.toml"
    path.write_text(text, encoding="utf-8")
    status, _out, err = run_cli(["vendors", "add", *sorted({c["vendor"] for c in documented})])
    assert status == 0, err

    status, out, err = run_cli(["contracts", "load", str(path), "--format", "json"])
    assert status == 0, f"docs/contracts.md line {start}: contracts load exited {status}: {err}"
    assert [r["result"] for r in json.loads(out)] == ["created"] * len(documented)

    status, exported_text, err = run_cli(["contracts", "export"])
    assert status == 0, err
    exported = {(c["vendor"], c["name"]): c for c in tomllib.loads(exported_text)["contract"]}
    wrong = []
    for spec in documented:
        where = f"{spec['vendor']} / {spec['name']}"
        got = exported[(spec["vendor"], spec["name"])]
        terms = {
            k: v
            for k, v in spec.items()
            if k not in ("target", "targets", "amendment", "amendments")
        }
        wrong += differences(terms, got, where)
        stored = {scope(t): t for t in got.get("target", [])}
        for t in both(spec, "targets", "target"):
            if scope(t) not in stored:
                wrong.append(f"{where}: target {scope(t)} is missing")
            else:
                wrong += differences(t, stored[scope(t)], f"{where}: target {scope(t)}")
        amendments = sorted(
            both(spec, "amendments", "amendment"), key=lambda a: str(a["effective_from"])
        )
        kept = got.get("amendment", [])
        if len(kept) != len(amendments):
            wrong.append(f"{where}: {len(amendments)} amendments became {len(kept)}")
            continue
        for a, k in zip(amendments, kept, strict=True):
            head = {key: a[key] for key in ("effective_from", "reason", "approved_by")}
            wrong += differences(head, k, f"{where}: amendment {a['effective_from']}")
            changed = {scope(t): t for t in k.get("targets", [])}
            for t in a.get("targets", []):
                label = f"{where}: amendment {a['effective_from']} target {scope(t)}"
                if scope(t) not in changed:
                    wrong.append(f"{label} is missing")
                else:
                    wrong += differences(t, changed[scope(t)], label)
    assert not wrong, f"docs/contracts.md line {start}: the export differs: {wrong}"

    # What export writes loads back as the same contracts.
    path.write_text(exported_text, encoding="utf-8")
    status, out, err = run_cli(["contracts", "load", str(path), "--format", "json"])
    assert status == 0, err
    assert [r["result"] for r in json.loads(out)] == ["unchanged"] * len(documented)
