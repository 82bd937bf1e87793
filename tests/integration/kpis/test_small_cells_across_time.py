"""No people figure withheld as a small cell can be recovered by subtraction across time or across
outputs: the scorecards of each month and of each quarter (the command's JSON and CSV, the
Vendor scorecard page's table, explanations and trend lines), the MBR of each month, the QBR and
the portfolio pack (opened with openpyxl: scorecard, trends and people tables), the scorecard
breakdowns, the ``kpis`` command and the vendor-health reasons, all put side by side.

The data: one vendor, three programs (on two sites and two channels, which cut across them),
February to September 2026, each month's counts set by hand (``MONTHLY``). The third quarter holds the cases: the vendor's July has 2 early leavers
(shown alone as "< 5" beside August, September and the quarter, it is the quarter less the
other two); Retention's quarter has 3 early leavers and 3 new hires; Tech support's new hires
are all in September (so its quarter, withheld beside Retention's, would be its shown months
added up); Tech support's September has 3 staff trained. Earlier months are large, and the
leavers rise every month of the third quarter, so that health warns of attrition.

The test takes every cell (a count, for the vendor, a program, a site or a channel, for a month
or a quarter) that some output shows, or a rate built on it, as known; then adds, from
plain-Python sums over the inserted rows, every cell subtraction finds: a total less its shown
parts, or shown parts added up, along every line that adds up (a month's programs, sites or
channels to the vendor's month, a quarter's months to the quarter, and the rolling three months
a health reason's rates are taken over), until nothing more is found. No cell found may stand for fewer than k people, and along every line
with a known total what stays unknown adds up to nothing or to at least k.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from governance import cli, packs
from governance.access import vendors
from governance.access.actors import Actor
from governance.kpis import catalogue, periods, privacy
from governance.packs import workbook
from governance.scoring import credits, health, scorecard, vendor_view
from governance.store import db, server
from tests import postgres
from tests.integration import contract_builders as cb
from tests.integration.kpis.test_engine import COMPONENTS, insert_facts

K = 5
VENDOR = "Alpha Care"
NOW = datetime(2026, 10, 20, 9, 0)
MONTHS = [date(2026, m, 1) for m in range(2, 10)]  # February to September 2026
COUNTS = ("headcount", "leavers", "early_leavers", "new_hires", "trained", "training_assigned")
RATE_OF = {  # the counts a shown rate gives away
    "attrition": ("leavers", "headcount"),
    "early_attrition": ("early_leavers", "new_hires"),
    "training_completion": ("trained", "training_assigned"),
}
NAME_OF = {code: catalogue.kpi(code).name for code in RATE_OF}
# program: count: one figure per month, February to September (headcount: people each day)
MONTHLY = {
    "Billing care": {
        "headcount": [100] * 8,
        "leavers": [6, 6, 6, 6, 6, 9, 12, 15],
        "early_leavers": [5, 5, 5, 6, 6, 1, 4, 5],
        "new_hires": [20, 20, 20, 20, 20, 10, 10, 10],
        "trained": [20] * 8,
        "training_assigned": [22] * 8,
    },
    "Retention": {
        "headcount": [60] * 8,
        "leavers": [6, 6, 6, 6, 6, 9, 12, 15],
        "early_leavers": [5, 5, 5, 5, 5, 0, 0, 3],
        "new_hires": [20, 20, 20, 20, 20, 0, 3, 0],
        "trained": [20] * 8,
        "training_assigned": [22] * 8,
    },
    "Tech support": {
        "headcount": [90] * 8,
        "leavers": [6, 6, 6, 6, 6, 9, 12, 15],
        "early_leavers": [5, 5, 5, 5, 5, 1, 6, 0],
        "new_hires": [20, 20, 20, 20, 20, 0, 0, 8],
        "trained": [20, 20, 20, 20, 20, 20, 20, 3],
        "training_assigned": [22, 22, 22, 22, 22, 22, 22, 6],
    },
}
PROGRAMS = tuple(MONTHLY)
SITE = {"Billing care": "Manila", "Retention": "Manila", "Tech support": "Cebu"}
CHANNEL = {"Billing care": "voice", "Retention": "chat", "Tech support": "chat"}
# A cell's scope: None (the vendor), a program's name, or ("site", name) / ("channel", name).
PARTS = {
    "program": list(PROGRAMS),
    "site": [("site", s) for s in sorted(set(SITE.values()))],
    "channel": [("channel", c) for c in sorted(set(CHANNEL.values()))],
}
SCOPES = (None, *(scope for parts in PARTS.values() for scope in parts))


def _label(d: date, kind: str) -> str:
    return periods.month(d).label if kind == "month" else periods.quarter(d).label


MONTH_LABELS = [_label(m, "month") for m in MONTHS]
QUARTERS = sorted({_label(m, "quarter") for m in MONTHS})


def rows() -> list[dict]:
    """Daily rows: the headcount every day, each monthly flow as 1 on its first days."""
    out = []
    for program, counts in MONTHLY.items():
        for i, first in enumerate(MONTHS):
            day = first
            while day.month == first.month:
                row = dict.fromkeys(COMPONENTS) | {
                    "vendor": VENDOR,
                    "program": program,
                    "site": SITE[program],
                    "channel": CHANNEL[program],
                    "language": "en",
                    "queue": None,
                    "date": day,
                    "offered": 100,
                    "answered": 95,
                    "answered_within_sl": 80,
                    "headcount": counts["headcount"][i],
                }
                for name in COUNTS[1:]:
                    row[name] = 1 if day.day <= counts[name][i] else 0
                out.append(row)
                day += timedelta(days=1)
    return out


def build(path) -> None:
    """The database: the vendor, its facts and a contract scoring the three people KPIs."""
    with db.connect(path) as con:
        vendors.add_vendors(con, Actor("a", "admin"), [VENDOR])
        insert_facts(con, rows())
        targets = [
            cb.target("service_level", 0.8, 0.75, 40),
            cb.target("attrition", 0.05, 0.08, 20),
            cb.target("early_attrition", 0.2, 0.3, 20),
            cb.target("training_completion", 0.95, 0.9, 20),
        ]
        cb.create(con, cb.contract(VENDOR, targets=targets, programs=list(PROGRAMS)))


@pytest.fixture(scope="module", params=["file", "server"])
def path(request, tmp_path_factory):
    """The database in a file, then on a server (whose month and quarter cells come from its
    monthly roll-up, ``store.rollup``: the same cells must stay withheld)."""
    if request.param == "file":
        out = tmp_path_factory.mktemp("time") / "time.duckdb"
        build(out)
        yield out
        return
    pg = request.getfixturevalue("pg_server")
    url = postgres.new_database(pg)
    try:
        build(url)
        yield url
    finally:
        server.close_pools(url)
        postgres.drop_database(pg, url)


# --- the figures, summed in plain Python -------------------------------------------------------


def values(data: list[dict]) -> dict[tuple, float]:
    """(count, scope, period label) -> the figure: flows summed, the headcount averaged over the
    days of the period (summed over the scope's programs each day)."""
    out = {}
    for kind in ("month", "quarter"):
        for scope in SCOPES:
            mine = [r for r in data if _within(r, scope)]
            for label in {_label(r["date"], kind) for r in mine}:
                inside = [r for r in mine if _label(r["date"], kind) == label]
                for count in COUNTS:
                    total = sum(r[count] for r in inside)
                    if count == "headcount":
                        total /= len({r["date"] for r in inside})
                    out[(count, scope, label)] = total
    return out


def _within(row: dict, scope) -> bool:
    if scope is None:
        return True
    if isinstance(scope, tuple):
        return row[scope[0]] == scope[1]
    return row["program"] == scope


def lines() -> list[tuple[tuple, list[tuple], bool]]:
    """Every (total, parts, additive) that adds up: a month's or quarter's programs, sites or
    channels to the vendor's, a quarter's months to the quarter (the headcount, an average, is
    not additive over time: a weighted sum, still one equation)."""
    out = []
    for count in COUNTS:
        for label in MONTH_LABELS + QUARTERS:
            for parts in PARTS.values():
                out.append(((count, None, label), [(count, p, label) for p in parts], True))
        for scope in SCOPES:
            for q in QUARTERS:
                months = [m for m in MONTH_LABELS if _label(periods.parse(m).start, "quarter") == q]
                out.append(
                    ((count, scope, q), [(count, scope, m) for m in months], count != "headcount")
                )
    return out


# --- what the outputs show ----------------------------------------------------------------------


class Shown:
    """The cells some output shows, and the rolling sums health reasons give away."""

    def __init__(self):
        self.cells: set[tuple] = set()
        self.rolling: set[tuple] = set()  # (count, scope, last month label)

    def mark(self, what: str, scope, label: str, value) -> None:
        """``what`` (a count or a rate) of ``scope`` in ``label`` read ``value``."""
        if not _is_figure(value):
            return
        for count in RATE_OF.get(what, (what,) if what in COUNTS else ()):
            self.cells.add((count, scope, label))


def _is_figure(value) -> bool:
    """A number, or a formatted number ("12.5%"); not "< 5", "—", blank or missing."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value == value
    text = str(value).strip()
    return bool(re.fullmatch(r"-?[\d,]+(\.\d+)?\s*%?", text))


def _cli(*argv) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(list(argv)) == 0
    return out.getvalue()


def _scope(text) -> str | None:
    return None if text in (None, "", "Whole vendor", "All programs", VENDOR) else text


def read_commands(path, shown: Shown) -> None:
    """``scorecard --format json`` of every month and quarter, ``--format csv`` of the third
    quarter and its months, and the ``kpis`` command by program and by vendor, by month and by
    quarter."""
    for label in MONTH_LABELS + QUARTERS:
        doc = json.loads(
            _cli(
                "scorecard",
                "--db",
                str(path),
                "--period",
                label,
                "--vendor",
                VENDOR,
                "--format",
                "json",
            )
        )
        for card in doc:
            for k in card["kpis"]:
                shown.mark(k["kpi"], card["program"], card["period"], k["actual"])
    for label in ("2026-07", "2026-08", "2026-09", "2026Q3"):
        text = _cli(
            "scorecard", "--db", str(path), "--period", label, "--vendor", VENDOR, "--format", "csv"
        )
        for r in csv.DictReader(io.StringIO(text)):
            shown.mark(r["kpi"], _scope(r["program"]), r["period"], r["actual"])
    for dims in (["--dims", "program"], ["--dims", "site"], ["--dims", "channel"], []):
        for by in ("month", "quarter"):
            doc = json.loads(
                _cli(
                    "kpis",
                    "--db",
                    str(path),
                    *dims,
                    "--by",
                    by,
                    "--from",
                    "2026-02-01",
                    "--to",
                    "2026-09-30",
                    "--format",
                    "json",
                )
            )
            for r in doc:
                label = _label(date.fromisoformat(r["period"]), by)
                scope = r.get("program") or next(
                    ((d, r[d]) for d in ("site", "channel") if r.get(d)), None
                )
                for rate in RATE_OF:
                    shown.mark(rate, scope, label, r[rate])


def read_pages(path, shown: Shown) -> None:
    """The Vendor scorecard page's frames (``vendor_view`` through ``privacy.suppress_view``, as
    the page renders them): the table's actual, the explanations' sums, the 13-month trend
    lines; for the whole vendor and each program, every month and quarter of the second and
    third quarters. And the breakdowns by program, site and channel of every month and
    quarter."""
    with db.connect(path) as con:
        for label in MONTH_LABELS[2:] + QUARTERS[1:]:
            for scope in (None, *PROGRAMS):
                # what app_pages/scorecard.py renders
                view = privacy.suppress_view(vendor_view.vendor_view(con, VENDOR, label, scope))
                assert view.program == scope
                names = {v: c for c, v in NAME_OF.items()}
                for row in view.table.to_dict("records"):
                    if row["KPI"] in names:
                        shown.mark(names[row["KPI"]], scope, label, row["Actual"])
                for title, _, text in view.explanations:
                    sums = re.search(r"Actual \S+ \(([\d,.]+) ÷ ([\d,.]+)\)", text)
                    if title in names and sums:  # "Actual 15.0% (9 ÷ 60)": both counts shown
                        shown.mark(names[title], scope, label, sums.group(1))
                for line in view.trend.lines.to_dict("records"):
                    shown.mark(line["kpi"], scope, line["period"], line["actual"])
        for label in MONTH_LABELS + QUARTERS:
            for by in scorecard.BREAKDOWN_DIMS:
                for r in scorecard.breakdown(con, VENDOR, label, by).to_dict("records"):
                    scope = r[by] if by == "program" else (by, r[by])
                    shown.mark(r["kpi"], scope, label, r["actual"])
                    shown.mark(r["kpi"], scope, label, r["shown"])


PEOPLE_HEADER = {
    "Average headcount": "headcount",
    "Leavers": "leavers",
    "New hires": "new_hires",
    "Early leavers": "early_leavers",
    "Attrition": "attrition",
    "Early-tenure attrition": "early_attrition",
    "Trained": "trained",
    "Assigned": "training_assigned",
    "Training completion": "training_completion",
}


def read_pack(wb: openpyxl.Workbook, label: str, who: str | None, shown: Shown) -> None:
    """Every people figure of a pack, on whichever sheet and in whichever column it is: the
    tables of KPI lines (under a header naming "Scope", "KPI" and "Actual"), the trend tables
    (under "Period", "Actual", below the KPI's name), the people table (under "Average
    headcount") and the health reasons (under "Reasons")."""
    names = {v: c for c, v in NAME_OF.items()}
    month = periods.month(periods.parse(label).end).start
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        header: dict = {}
        for i, row in enumerate(rows):
            if {"Scope", "KPI", "Actual"} <= set(row):
                header = {name: row.index(name) for name in ("Scope", "KPI", "Actual")}
            elif header and row[header["KPI"]] in names:
                what = names[row[header["KPI"]]]
                shown.mark(what, _scope(row[header["Scope"]]), label, row[header["Actual"]])
            for j, value in enumerate(row):
                if value == "Period" and "Actual" in row[j + 1 : j + 3]:
                    read_trend(rows, i, j, row.index("Actual", j), shown)
            if "Average headcount" in row:
                at = row.index("Program") if "Program" in row else None
                for below in rows[i + 1 :]:
                    if not below or below[0] is None:
                        break
                    scope = _scope(below[at]) if at is not None else None
                    for j, name in enumerate(row):
                        if name in PEOPLE_HEADER:
                            shown.mark(PEOPLE_HEADER[name], scope, label, below[j])
            if "Reasons" in row:
                at = row.index("Reasons")
                where = row.index("Program") if "Program" in row else None
                for below in rows[i + 1 :]:
                    if not below or below[at] is None:
                        break
                    scope = _scope(below[where]) if where is not None and who else None
                    read_reasons(below[at], scope, month, shown)


def read_trend(rows: list[list], i: int, j: int, actual: int, shown: Shown) -> None:
    """A trend table whose "Period" header is at row ``i``, column ``j``: its KPI is the name
    the nearest text above it begins with; each period below reads its actual (the vendor's)."""
    names = sorted(NAME_OF.values(), key=len, reverse=True)
    title = None
    for above in reversed(rows[:i]):
        text = above[j]
        if isinstance(text, str):
            title = next((n for n in names if text.startswith(n)), None)
            if title:
                break
    code = {v: c for c, v in NAME_OF.items()}.get(title)
    for below in rows[i + 1 :]:
        period = below[j]
        if period is None:
            break
        if code:
            text = period if isinstance(period, str) else f"{period:%Y-%m}"
            shown.mark(code, None, text, below[actual])


def read_packs(path, shown: Shown) -> None:
    """The MBR of every month of the second and third quarters, the QBRs and the portfolio
    packs of those quarters."""
    with db.connect(path) as con:
        asked = [(m, VENDOR) for m in MONTH_LABELS[2:]]
        asked += [(q, who) for q in QUARTERS[1:] for who in (VENDOR, None)]
        for label, who in asked:
            data = packs.gather(con, label, who, now=NOW)
            wb = openpyxl.load_workbook(io.BytesIO(workbook.to_bytes(data)))
            read_pack(wb, label, who, shown)


def read_reasons(reasons: str, scope, month: date, shown: Shown) -> None:
    """A people signal whose figures a health reason prints gives away its rolling three-month
    sums: counted as shown for every month of the health window."""
    window = periods.months_back(month, health.WINDOW_MONTHS)
    for code, counts in RATE_OF.items():
        what = f"{NAME_OF[code]} (3-month rate)"
        if f"{what} rose from" in reasons or f"{what} fell from" in reasons:
            for p in window:
                for count in counts:
                    shown.rolling.add((count, scope, p.label))


def read_health(path, shown: Shown) -> None:
    """The health reasons as of July, August and September (what the pages show)."""
    with db.connect(path) as con:
        for month in (date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)):
            for r in health.assess(con, month, [VENDOR]).to_dict("records"):
                scope = r["program"] if isinstance(r["program"], str) else None
                read_reasons(r["reasons"], scope, month, shown)


# --- subtraction --------------------------------------------------------------------------------


def recovered(shown: Shown, figures: dict[tuple, float]) -> tuple[set[tuple], list]:
    """Every cell the shown ones give away, and every line that adds up (rolling sums too)."""
    all_lines = lines()
    for count, scope, last in shown.rolling:
        end = periods.parse(last).start
        months = [_label(periods.add_months(end, -i), "month") for i in (2, 1, 0)]
        parts = [(count, scope, m) for m in months if (count, scope, m) in figures]
        all_lines.append((("rolling", count, scope, last), parts, count != "headcount"))
    known = set(shown.cells) | {("rolling", *r) for r in shown.rolling}
    changed = True
    while changed:
        changed = False
        for total, parts, _ in all_lines:
            unknown = [c for c in (total, *parts) if c not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                changed = True
    return known, all_lines


def _small(value: float) -> bool:
    return 0 < value < K


def test_the_case_holds_small_cells_in_the_third_quarter():
    figures = values(rows())
    assert figures[("early_leavers", None, "2026-07")] == 2  # the vendor's July
    assert figures[("early_leavers", None, "2026Q3")] == 20
    assert figures[("new_hires", "Retention", "2026Q3")] == 3
    assert figures[("new_hires", "Tech support", "2026Q3")] == 8  # all of it in September
    assert figures[("trained", "Tech support", "2026-09")] == 3
    assert figures[("headcount", None, "2026Q3")] == 250


def test_no_withheld_cell_can_be_recovered_across_months_quarters_and_outputs(path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", str(K))
    figures = values(rows())
    shown = Shown()
    for read in (read_commands, read_pages, read_packs, read_health):
        alone = Shown()
        read(path, alone)
        assert alone.cells or alone.rolling, read.__name__  # each output is read, not skipped
        shown.cells |= alone.cells
        shown.rolling |= alone.rolling
    known, all_lines = recovered(shown, figures)

    # Nothing shown or found stands for fewer than k people …
    found = sorted((c for c in known if c in figures and _small(figures[c])), key=str)
    assert not found, found
    # … and along every line whose total is known, what stays unknown is nothing or k or more.
    for total, parts, additive in all_lines:
        if total not in known or not additive:
            continue
        hidden = [c for c in parts if c not in known]
        rest = sum(figures[c] for c in hidden)
        assert not _small(rest), (total, hidden, rest)
    # The small cells are withheld, and the outputs still show most figures.
    assert ("early_leavers", None, "2026-07") not in known
    assert ("trained", "Tech support", "2026-09") not in known
    assert ("early_leavers", None, "2026Q3") in shown.cells
    assert len(shown.cells) > len(figures) / 2
    # A people signal whose months are all shown prints its rates; one over a withheld month
    # does not.
    assert ("leavers", None, "2026-09") in shown.rolling
    assert ("early_leavers", None, "2026-09") not in shown.rolling


def test_a_kpis_row_over_part_of_a_withheld_month_is_withheld(path, monkeypatch):
    # 15 June to 15 August by quarter: the second quarter's row is 16 days of June (no month
    # withheld there), the third's is July and half of August; the vendor's July early leavers
    # (2) are withheld, so a sum over July and shown days would give them away.
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", str(K))
    doc = json.loads(
        _cli(
            "kpis",
            "--db",
            str(path),
            "--by",
            "quarter",
            "--from",
            "2026-06-15",
            "--to",
            "2026-08-15",
            "--format",
            "json",
        )
    )
    by_period = {r["period"]: r for r in doc}
    assert by_period["2026-07-01"]["early_attrition"] == privacy.label(K)
    june = [r for r in rows() if date(2026, 6, 15) <= r["date"] <= date(2026, 6, 30)]
    leavers = sum(r["early_leavers"] for r in june)
    hires = sum(r["new_hires"] for r in june)
    assert hires >= K and by_period["2026-04-01"]["early_attrition"] == leavers / hires


def test_every_breakdown_of_a_vendor_month_keeps_its_withheld_cells_unknown(tmp_path):
    # Programs A and B work on site North, C on site South. A's July (2 early leavers) is small;
    # its complement in A's months is August (6), the only August with people: the vendor's
    # August is A's August, so it is withheld too. The sites add up to the same vendor's
    # August (North 6, South 0): decided apart, they would be shown and give it away. Decided
    # together, every line that adds up keeps two unknowns or none.
    counts = {  # program: early leavers in July, August, September
        "A": [2, 6, 10],
        "B": [7, 0, 9],
        "C": [8, 0, 12],
    }
    site = {"A": "North", "B": "North", "C": "South"}
    start = date(2026, 7, 1)
    facts = []
    for program, months in counts.items():
        for i, n in enumerate(months):
            first = periods.add_months(start, i)
            for d in range(28):
                facts.append(
                    dict.fromkeys(COMPONENTS)
                    | {
                        "vendor": VENDOR,
                        "program": program,
                        "site": site[program],
                        "channel": "voice",
                        "language": "en",
                        "queue": None,
                        "date": first + timedelta(days=d),
                        "early_leavers": 1 if d < n else 0,
                        "new_hires": 2,
                    }
                )
    from governance.kpis import withholding  # the decision itself (the other tests: outputs)

    with db.connect(tmp_path / "sites.duckdb") as con:
        vendors.add_vendors(con, Actor("a", "admin"), [VENDOR])
        insert_facts(con, facts)
        decided = withholding.decide(con, [VENDOR], start, date(2026, 9, 30), k=K)

    def figure(dim, part, i):  # plain-Python sums of the inserted rows; i = 3: the quarter
        return sum(
            r["early_leavers"]
            for r in facts
            if (dim is None or r[dim] == part) and (i == 3 or r["date"].month == 7 + i)
        )

    def hidden(dim, part, i):
        when, kind = (start, "quarter") if i == 3 else (periods.add_months(start, i), "month")
        return "early_attrition__num" in decided.counts(VENDOR, part, when, kind, dim or "program")

    assert hidden("program", "A", 0) and figure("program", "A", 0) == 2
    groups = [[(None, None, i)] + [("program", p, i) for p in counts] for i in range(4)]
    groups += [[(None, None, i)] + [("site", s, i) for s in ("North", "South")] for i in range(4)]
    scopes = (
        [(None, None)] + [("program", p) for p in counts] + [("site", "North"), ("site", "South")]
    )
    groups += [[(*scope, 3)] + [(*scope, i) for i in range(3)] for scope in scopes]
    for total, *parts in groups:
        unknown = [c for c in (total, *parts) if hidden(*c)]
        assert len(unknown) != 1, (total, unknown)
        withheld = [c for c in parts if hidden(*c)]
        if withheld and not hidden(*total):
            assert not _small(sum(figure(*c) for c in withheld)), (total, withheld)


def test_a_withheld_line_gives_no_points_and_the_score_is_made_of_the_shown_lines(
    path, monkeypatch
):
    """The points of a line between its levels are its figure rescaled, so a withheld line
    shows none, and the weighted score is exactly the weighted mean of the points shown: the
    score less the shown lines' points gives nothing back."""
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", str(K))
    withheld_seen = 0
    with db.connect(path) as con:
        for label in [*MONTH_LABELS, *QUARTERS]:
            cards = scorecard.scorecards(con, label)
            for card in cards.summary.to_dict("records"):
                mine = [
                    line
                    for line in cards.lines.to_dict("records")
                    if line["vendor"] == card["vendor"]
                    and (line["program"] if isinstance(line["program"], str) else None)
                    == (card["program"] if isinstance(card["program"], str) else None)
                ]
                for line in mine:
                    if line["withheld"]:
                        withheld_seen += 1
                        assert line["points"] != line["points"] or line["points"] is None
                        assert line["actual"] != line["actual"] or line["actual"] is None
                shown = [
                    (line["weight"], line["points"])
                    for line in mine
                    if not line["withheld"]
                    and line["points"] == line["points"]
                    and line["points"] is not None
                ]
                total = sum(w for w, _ in shown)
                expected = sum(w * p for w, p in shown) / total if total else None
                score = card["weighted_score"]
                if expected is None:
                    assert score is None or score != score, (label, card["program"])
                else:
                    assert score == pytest.approx(expected), (label, card["program"])
    assert withheld_seen  # the case has withheld lines to hide


def test_a_credit_on_a_withheld_people_figure_does_not_print_it(tmp_path, monkeypatch):
    """With attrition and early attrition as critical targets, a credit on a month whose figure
    is withheld says so in its words, without the figure."""
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", str(K))
    path = tmp_path / "credits.duckdb"
    critical = {"tier": "critical", "allocation_pct": 50}
    with db.connect(path) as con:
        vendors.add_vendors(con, Actor("a", "admin"), [VENDOR])
        insert_facts(con, rows())
        targets = [
            cb.target("service_level", 0.8, 0.75, 40),
            cb.target("attrition", 0.0, 0.0, 30, **critical),
            cb.target("early_attrition", 0.0, 0.0, 30, **critical),
        ]
        cb.create(con, cb.contract(VENDOR, targets=targets, programs=list(PROGRAMS)))
        book = credits.ledger(con, MONTH_LABELS)
        withheld = 0
        for item in book.items.to_dict("records"):
            words = credits.explain(item)
            if item["withheld"]:
                withheld += 1
                assert item["actual"] != item["actual"] or item["actual"] is None
                assert "actual withheld" in words
            else:
                assert "actual withheld" not in words
    assert withheld  # any leaver at all defaults against a zero limit: small months are credited


def test_a_day_withheld_in_a_shown_month_is_not_the_month_less_its_other_days(
    tmp_path, monkeypatch
):
    """August 2026: new hires on three days (10, 10, 6) and early leavers (5, 5, 1) on them; one
    day in July (8 and 4) and one in September (7 and 3), small months both. Asked by day over
    the quarter, the small days (1, 3, 4) are enough together across the range, but the month of
    August (11 of 26) is shown, and less its two other days it would give the 1 back. So
    another August day must be withheld with it."""
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", str(K))
    path = tmp_path / "days.duckdb"
    days = {date(2026, 8, 3): (10, 5), date(2026, 8, 10): (10, 5), date(2026, 8, 17): (6, 1)}
    others = {date(2026, 7, 20): (8, 4), date(2026, 9, 14): (7, 3)}  # small months, withheld
    facts = []
    for d in (date(2026, 7, 1) + timedelta(i) for i in range(92)):
        hires, leavers = (days | others).get(d, (0, 0))
        facts.append(
            dict.fromkeys(COMPONENTS)
            | {
                "vendor": VENDOR,
                "program": "Billing care",
                "site": "Manila",
                "channel": "voice",
                "language": "en",
                "queue": None,
                "date": d,
                "headcount": 200,
                "new_hires": hires,
                "early_leavers": leavers,
            }
        )
    with db.connect(path) as con:
        vendors.add_vendors(con, Actor("a", "admin"), [VENDOR])
        insert_facts(con, facts)
    common = ["kpis", "--db", str(path), "--from", "2026-07-01", "--to", "2026-09-30"]
    month = {
        r["period"]: r["early_attrition"]
        for r in json.loads(_cli(*common, "--by", "month", "--format", "json"))
    }
    assert month["2026-08-01"] == pytest.approx(11 / 26)  # August is shown
    by_day = {
        r["period"]: r["early_attrition"]
        for r in json.loads(_cli(*common, "--by", "day", "--format", "json"))
    }
    hidden = [d for d in days if by_day[d.isoformat()] == privacy.label(K)]
    assert date(2026, 8, 17).isoformat() in {d.isoformat() for d in hidden}
    leavers_hidden = sum(days[d][1] for d in hidden)
    assert len(hidden) >= 2 and leavers_hidden >= K  # the month less the shown days is not small
