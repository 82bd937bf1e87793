"""No figure withheld as a small cell can be recovered by subtraction, whatever outputs are put
side by side: the portfolio pack (a vendor's totals), the vendor's QBR (its programs), the
``kpis`` command (by program, by program and month) and the scorecard breakdown by program.

The data is the issue's case: a vendor whose programs' early leavers in a quarter are 8, 2 and 6
(16 in all). Shown alone, "< 5" for the 2 could be read back as the total minus the others.
The test takes every program a figure is shown for in any output as revealed, and checks, from
the facts summed in plain Python, that what stays hidden is never a small figure: at least two
programs, and 0 or at least k people in every count."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, timedelta

import pytest

from governance import cli, packs
from governance.access import vendors
from governance.access.actors import Actor
from governance.kpis import privacy
from governance.scoring import scorecard
from governance.store import db
from tests.integration import contract_builders as cb
from tests.integration.kpis.test_engine import COMPONENTS, insert_facts

K = 5
VENDOR = "Alpha Care"
QUARTER = (date(2026, 7, 1), date(2026, 9, 30))
# program: (headcount, leavers, early leavers, new hires, trained, assigned) over the quarter
PROGRAMS = {
    "Billing care": (120, 15, 8, 30, 40, 44),
    "Retention": (60, 9, 2, 12, 20, 22),
    "Tech support": (90, 11, 6, 25, 30, 31),
}
COUNTS = ("headcount", "leavers", "early_leavers", "new_hires", "trained", "training_assigned")
RATE_OF = {  # which counts a shown rate reveals
    "attrition": ("leavers", "headcount"),
    "early_attrition": ("early_leavers", "new_hires"),
    "training_completion": ("trained", "training_assigned"),
}


def _rows() -> list[dict]:
    """Daily rows: a steady headcount, and each flow counted on a few days spread over the
    quarter (so monthly figures differ from the quarter's)."""
    rows = []
    start, end = QUARTER
    days = [start + timedelta(d) for d in range((end - start).days + 1)]
    for program, (head, *flows) in PROGRAMS.items():
        for i, day in enumerate(days):
            row = dict.fromkeys(COMPONENTS) | {
                "vendor": VENDOR,
                "program": program,
                "site": "Manila",
                "channel": "voice",
                "language": "en",
                "queue": None,
                "date": day,
                "offered": 100,
                "answered": 95,
                "answered_within_sl": 80,
                "headcount": head,
            }
            for name, total in zip(COUNTS[1:], flows, strict=True):
                # total spread as 1 per chosen day, on every (len(days) // total)-th day
                step = max(1, len(days) // total)
                row[name] = 1 if i % step == 0 and i // step < total else 0
            rows.append(row)
    return rows


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    path = tmp_path_factory.mktemp("cells") / "cells.duckdb"
    rows = _rows()
    with db.connect(path) as con:
        vendors.add_vendors(con, Actor("a", "admin"), [VENDOR])
        insert_facts(con, rows)
        targets = [
            cb.target("service_level", 0.8, 0.75, 40),
            cb.target("attrition", 0.05, 0.08, 20),
            cb.target("early_attrition", 0.2, 0.3, 20),
            cb.target("training_completion", 0.95, 0.9, 20),
        ]
        cb.create(con, cb.contract(VENDOR, targets=targets))
    return path, rows


def _sums(rows, program, start, end) -> dict[str, float]:
    """Plain-Python sums of a program's counts (headcount: the average over the days)."""
    mine = [r for r in rows if r["program"] == program and start <= r["date"] <= end]
    out = {c: sum(r[c] for r in mine) for c in COUNTS}
    out["headcount"] = out["headcount"] / ((end - start).days + 1)
    return out


def _shown(value) -> bool:
    return value is not None and value == value and value != privacy.label(K)


def _cli_json(*argv) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(list(argv)) == 0
    return json.loads(out.getvalue())


def _revealed(path) -> dict[str, set[str]]:
    """count → programs for which some output shows that count or a rate built on it."""
    revealed = {c: set() for c in COUNTS}

    def mark(program, column, value):
        if not _shown(value):
            return
        for count in RATE_OF.get(column, (column,) if column in COUNTS else ()):
            revealed[count].add(program)

    with db.connect(path) as con:
        portfolio = packs.gather(con, "2026Q3").people
        qbr = packs.gather(con, "2026Q3", VENDOR).people
        split = scorecard.breakdown(con, VENDOR, "2026Q3", "program")
    assert list(portfolio["vendor"]) == [VENDOR]  # the total is shown…
    assert _shown(portfolio["early_leavers"].iloc[0])
    for r in qbr.to_dict("records"):
        for column in (*COUNTS, *RATE_OF):
            mark(r["program"], column, r.get(column))
    for r in split.to_dict("records"):
        mark(r["program"], r["kpi"], r["actual"])
    by_program = _cli_json(
        "kpis",
        "--db",
        str(path),
        "--dims",
        "program",
        "--from",
        "2026-07-01",
        "--to",
        "2026-09-30",
        "--format",
        "json",
    )
    for r in by_program:
        for column in RATE_OF:
            mark(r["program"], column, r[column])
    return revealed


def test_no_withheld_program_figure_can_be_recovered_from_any_outputs(setup, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", str(K))
    path, rows = setup
    revealed = _revealed(path)
    start, end = QUARTER
    sums = {p: _sums(rows, p, start, end) for p in PROGRAMS}
    assert sums["Retention"]["early_leavers"] == 2  # the case: a small cell exists
    assert "Retention" not in revealed["early_leavers"]
    for count, shown in revealed.items():
        hidden = [p for p in PROGRAMS if p not in shown]
        if not hidden:
            continue
        total = sum(sums[p][count] for p in hidden)
        assert len(hidden) >= 2, (count, hidden)  # one alone is the total minus the rest
        assert total == 0 or total >= K, (count, hidden, total)


def test_months_are_protected_against_the_quarter(setup, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", str(K))
    path, rows = setup
    monthly = _cli_json(
        "kpis",
        "--db",
        str(path),
        "--dims",
        "program",
        "--by",
        "month",
        "--from",
        "2026-07-01",
        "--to",
        "2026-09-30",
        "--format",
        "json",
    )
    months = [(date(2026, m, 1), date(2026, m + 1, 1) - timedelta(1)) for m in (7, 8, 9)]
    quarter = {
        r["program"]: r
        for r in _cli_json(
            "kpis",
            "--db",
            str(path),
            "--dims",
            "program",
            "--from",
            "2026-07-01",
            "--to",
            "2026-09-30",
            "--format",
            "json",
        )
    }
    for program in PROGRAMS:
        for rate, counts in RATE_OF.items():
            shown = {
                r["period"][:7] for r in monthly if r["program"] == program and _shown(r[rate])
            }
            hidden = [(s, e) for s, e in months if f"{s:%Y-%m}" not in shown]
            if not hidden:
                continue
            assert len(hidden) >= 2, (program, rate, hidden)
            if len(hidden) == len(months) and not _shown(quarter[program][rate]):
                continue  # every month and the quarter withheld: nothing to subtract from
            for count in counts:
                if count == "headcount":
                    continue  # a stock: its quarter is an average, not the months' sum
                total = sum(_sums(rows, program, s, e)[count] for s, e in hidden)
                assert total == 0 or total >= K, (program, rate, count, total)
