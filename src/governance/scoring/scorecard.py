"""Scorecards: each vendor, and each vendor × program, against its contract for a month or quarter.

How a score is made (domain.md, "Scorecards"); the decisions taken where the domain is silent:

- **Contract**: the vendor's contract in force during the window: the newest one that starts on
  or before the window's last day and has not ended before its first day.
- **Target version**: the version in force on the *last day of the window*. A month or quarter is
  scored on one version only, so an amendment effective 2026-01-01 scores January 2026 onwards
  and leaves December 2025 as it was. Each line carries its target id, version, effective dates
  and the amendment that made it, for the explanation.
- **Actuals** are ratios of the window's summed components (``kpis.rollup`` by month or quarter),
  so a quarter is scored from its own sums, never from averaged months. Service level uses the
  contract's definition (``catalogue.service_level``); billing accuracy the contract's pricing
  units (``catalogue.billing_accuracy``; outcome-based pricing is not scored).
- **Status and points** (``rules.assess``): met at or better than expected (100 points), default
  worse than the minimum (0), below target in between (linear; 0 exactly at the minimum). A
  window without data for a KPI is ``no_data``: neither a pass nor a fail, and left out of the
  weighted score. "Close to 1" KPIs (billing accuracy) compare the distance from 1 with the
  distance of the expected and minimum levels from 1. Comparisons allow 1e-9 for floating-point
  noise.
- **Scopes**: a target without a program applies to the whole contract and is scored over all
  the vendor's activity in the vendor scorecard, and over one program in that program's
  scorecard. A target naming a program replaces the contract-wide target of the same KPI (and
  channel) in that program's scorecard. A contract with no contract-wide target scores its
  vendor scorecard on every program's targets, each over its program (programs count by their
  weights). A channel on a target narrows its actual to that channel (said in its definition).
- **Weighted score** (``rules.weighted_score``) = Σ weight × points ÷ Σ weight over the KPIs with
  data; the number without data is kept beside it. A people KPI whose figure is withheld as a
  small cell (``withhold``) keeps its status but not its points, and is left out of the score
  like a KPI without data: its points would give its figure back. **Standing** from ``standings.BANDS``.
  **Change** is against the previous period; **rolling three** is the score of the three periods
  ending with this one, computed from their summed components (not an average of scores).
  **Rank** is among the vendors scored on the same program (the vendor scorecards among all
  vendors), highest first; equal scores share a rank (1, 1, 3).
- **Restated or partial data**: scores are computed from the facts as stored now, never
  snapshotted, so a restatement re-scores its periods (the import log records it). A window the
  vendor's data does not yet cover to its last day is marked ``complete = False``.

This module is the engine and the front door: it computes the lines and summaries and re-exports
the rules it applies (``STATUSES``, ``assess``, ``weighted_score`` from ``rules``). Showing them
(status styles, tables, headlines, explanations, the command's documents) is ``presentation``'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import duckdb
import pandas as pd

from governance import kpis
from governance.contracts import excused
from governance.contracts.terms import scorecard_sets
from governance.errors import InvalidInput, NotFound
from governance.kpis import catalogue, periods, privacy, withholding
from governance.kpis.catalogue import Kpi
from governance.kpis.frames import format_value, plain_records, plain_value
from governance.kpis.periods import Period
from governance.scoring import standings, survey
from governance.scoring.rules import STATUSES, assess, weighted_score
from governance.store import queries

__all__ = [
    "BREAKDOWN_DIMS",
    "LINE_COLUMNS",
    "MONTHLY_RATES",
    "STATUSES",
    "SUMMARY_COLUMNS",
    "Scorecards",
    "Terms",
    "Window",
    "assess",
    "band_move",
    "breakdown",
    "check_vendors",
    "evaluate_lines",
    "kpi_entry",
    "load_terms",
    "parse_period",
    "rank",
    "scorecards",
    "sl_definition",
    "summarise",
    "trend",
    "weighted_score",
]

# KPIs whose targets are monthly rates (domain.md: "Attrition (monthly)"): over a window of n
# months the actual is the window's rate ÷ n, the average monthly rate, so that a quarter is
# compared with the same monthly target.
MONTHLY_RATES = ("attrition",)
BREAKDOWN_DIMS = ("program", "site", "channel")


# --- windows and contract terms ---------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A measurement window: a month, a quarter, or a span of several (the rolling three)."""

    label: str
    start: date
    end: date
    kind: str  # month | quarter | span

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @classmethod
    def of(cls, p: Period) -> Window:
        return cls(p.label, p.start, p.end, p.kind)

    @classmethod
    def span(cls, first: Period, last: Period) -> Window:
        return cls(f"{first.label}..{last.label}", first.start, last.end, "span")


@dataclass(frozen=True)
class Terms:
    """Contracts, programs in scope, every target version and each vendor's data coverage."""

    contracts: dict[str, list[dict]]  # vendor -> its contracts, newest start first
    programs: dict[int, tuple[str, ...]]
    targets: dict[int, list[dict]]  # contract_id -> target versions
    coverage: dict[str, tuple[date, date]]
    vendors: tuple[str, ...] = field(default=())

    def contract(self, vendor: str, window: Window) -> dict | None:
        """The vendor's contract in force during the window (newest start first)."""
        for c in self.contracts.get(vendor, ()):
            if c["start_date"] <= window.end and (
                c["end_date"] is None or c["end_date"] >= window.start
            ):
                return c
        return None

    def in_force(self, contract_id: int, day: date) -> list[dict]:
        """The contract's target versions in force on ``day``."""
        return [
            t
            for t in self.targets.get(contract_id, ())
            if t["effective_from"] <= day
            and (t["effective_to"] is None or t["effective_to"] >= day)
        ]

    def complete(self, vendor: str, window: Window) -> bool:
        """True when the vendor's data covers the window to its last day."""
        cov = self.coverage.get(vendor)
        return cov is not None and cov[1] >= window.end


def load_terms(con: duckdb.DuckDBPyConnection) -> Terms:
    """Everything a scorecard needs besides the facts, read once (a few small queries)."""
    contracts: dict[str, list[dict]] = {}
    for c in plain_records(queries.contracts(con)):
        contracts.setdefault(c["vendor"], []).append(c)
    for rows in contracts.values():
        rows.sort(key=lambda c: (c["start_date"], c["contract_id"]), reverse=True)
    programs: dict[int, list[str]] = {}
    for row in plain_records(queries.contract_programs(con)):
        programs.setdefault(row["contract_id"], []).append(row["program"])
    targets: dict[int, list[dict]] = {}
    for t in plain_records(queries.target_versions(con)):
        targets.setdefault(t["contract_id"], []).append(t)
    return Terms(
        contracts=contracts,
        programs={k: tuple(v) for k, v in programs.items()},
        targets=targets,
        coverage=queries.fact_coverage(con),
        vendors=tuple(sorted(contracts)),
    )


def sl_definition(contract: dict) -> str:
    """The contract's service-level definition in words."""
    text = catalogue.service_level(contract["sl_over"], contract["sl_threshold_seconds"]).definition
    if contract["sl_over"] == "offered_less_short_abandons" and contract.get(
        "short_abandon_seconds"
    ):
        text += f"; short abandons: within {contract['short_abandon_seconds']} s"
    return text


def kpi_entry(contract: dict, code: str) -> tuple[Kpi | None, str]:
    """The KPI entry a contract scores ``code`` with, and its definition in words.

    Service level follows the contract's definition and billing accuracy its pricing; the
    entry's ``code`` is then an alias naming the variant, so that one roll-up can hold several.
    Outcome-based billing accuracy has no entry (None): it is not scored.
    """
    if code == "service_level":
        k = catalogue.service_level(contract["sl_over"], contract["sl_threshold_seconds"])
        return replace(k, code=f"service_level|{contract['sl_over']}"), sl_definition(contract)
    if code == "billing_accuracy":
        k = catalogue.billing_accuracy(contract["pricing"])
        if k is None:
            return (
                None,
                "not scored: outcome-based pricing bills outcomes the KPI data cannot count",
            )
        return replace(k, code=f"billing_accuracy|{contract['pricing']}"), k.definition
    k = catalogue.kpi(code)
    return k, k.definition


# --- evaluation -------------------------------------------------------------------------------


def evaluate_lines(
    con: duckdb.DuckDBPyConnection,
    windows: Sequence[Window],
    terms: Terms,
    *,
    mode: str = "scorecard",
    vendors: Iterable[str] | None = None,
    tiers: Iterable[str] | None = None,
) -> list[dict]:
    """One line (a dict) per scorecard × KPI target × window, scored (see the module docstring).

    ``windows`` are months or quarters (of one kind) or a single span. ``mode``: ``scorecard``
    (vendor and vendor × program scorecards), ``vendor`` (vendor scorecards only) or ``native``
    (each target once, over its own scope: what service credits assess). Facts are read with one
    roll-up per level of detail needed (vendor, vendor × program, … by channel), for every
    vendor, KPI and window at once.
    """
    kinds = {w.kind for w in windows}
    if len(kinds) > 1 or ("span" in kinds and len(windows) > 1):
        raise ValueError("windows must be months, quarters, or one span")
    names = list(terms.vendors if vendors is None else vendors)
    tiers = set(tiers) if tiers is not None else None
    plan = []  # (window, vendor, contract, scorecard program, target, measured-over program)
    for w in windows:
        for vendor in names:
            c = terms.contract(vendor, w)
            if c is None:
                continue
            targets = [
                t
                for t in terms.in_force(c["contract_id"], w.end)
                if tiers is None or t["tier"] in tiers
            ]
            if mode == "native":
                items = [(t["program"], t, t["program"]) for t in targets]
            else:
                sets = scorecard_sets(targets, terms.programs.get(c["contract_id"], ()))
                if mode == "vendor":
                    sets = {None: sets[None]}
                items = [(p, t, over) for p, pairs in sets.items() for t, over in pairs]
            plan += [(w, vendor, c, p, t, over) for p, t, over in items]

    vendors_used = sorted({v for _, v, *_ in plan})
    events = (
        excused.events_for(
            con, vendors_used, min(w.start for w in windows), max(w.end for w in windows)
        )
        if plan
        else []
    )
    surveyed = (
        survey.tallies(
            con, vendors_used, min(w.start for w in windows), max(w.end for w in windows)
        )
        if any(t["kpi"] == survey.RELATIONSHIP for *_, t, _ in plan)
        else {}
    )
    entries: dict[tuple[int, str], tuple[Kpi | None, str]] = {}
    needed: dict[tuple, dict[str, Kpi]] = {}
    for _, vendor, c, _, t, over in plan:
        key = (c["contract_id"], t["kpi"])
        if key not in entries:
            entries[key] = kpi_entry(c, t["kpi"])
        entry = entries[key][0]
        if entry is not None and t["kpi"] != survey.RELATIONSHIP:
            level = (_level(over, t["channel"]), _excusable(events, vendor, c, t["kpi"]))
            needed.setdefault(level, {})[entry.code] = entry
    facts = {
        level: _actuals(con, windows, level[0], vendors_used, list(ks.values()), level[1])
        for level, ks in needed.items()
    }

    lines = []
    for w, vendor, c, program, t, over in plan:
        entry, definition = entries[(c["contract_id"], t["kpi"])]
        base = catalogue.kpi(t["kpi"])
        actual = num = den = respondents = None
        exempt = _excusable(events, vendor, c, t["kpi"])
        if t["kpi"] == survey.RELATIONSHIP:
            # The survey is the vendor's, whatever program or channel the line is of.
            tally = survey.window_tally(surveyed, vendor, w.start, w.end)
            respondents = tally.respondents or None
            actual = tally.score
            if actual is not None:
                num, den = float(tally.points), float(tally.ratings)
        elif entry is not None:
            level = (_level(over, t["channel"]), exempt)
            key = (vendor, *(x for x in (over, t["channel"]) if x is not None), w.start)
            row = facts[level].get(key)
            if row is not None:
                actual = plain_value(row[entry.code])
                num, den = (
                    plain_value(row[entry.code + "__num"]),
                    plain_value(row[entry.code + "__den"]),
                )
        if t["kpi"] in MONTHLY_RATES and w.months > 1:
            definition += f"; monthly average over the window's {w.months} months"
            if actual is not None:
                actual /= w.months
        status, points = assess(actual, t["expected"], t["minimum"], base.direction)
        scope = [s for s in ((over if program is None else None), t["channel"]) if s]
        lines.append(
            {
                "vendor": vendor,
                "program": program,
                "period": w.label,
                "period_start": w.start,
                "period_end": w.end,
                "kpi": t["kpi"],
                "kpi_name": base.name,
                "channel": t["channel"],
                "measured_over": over,
                "actual": actual,
                "numerator": num,
                "denominator": den,
                "expected": t["expected"],
                "minimum": t["minimum"],
                "direction": base.direction,
                "unit": "accuracy" if base.direction == "target" else base.unit,
                "status": status,
                "points": points,
                "weight": t["weight"],
                "tier": t["tier"],
                "allocation_pct": t["allocation_pct"],
                "category_pct": t["category_pct"],
                "measurement_window": t["measurement_window"],
                "definition": definition + (f" ({', '.join(scope)} only)" if scope else ""),
                "target_id": t["target_id"],
                "target_version": t["version"],
                "target_from": t["effective_from"],
                "target_to": t["effective_to"],
                "amendment_id": t["amendment_id"],
                "amendment_from": t["amendment_from"],
                "amendment_reason": t["amendment_reason"],
                "amendment_approved_by": t["amendment_approved_by"],
                "contract_id": c["contract_id"],
                "contract": c["name"],
                "excused": excused.words(events, vendor, over, t["channel"], w.start, w.end)
                if exempt
                else None,
                "respondents": respondents,
            }
        )
    return lines


def _excusable(events: list[dict], vendor: str, contract: dict, kpi: str) -> bool:
    """True when the vendor has excused events in the windows and its contract lets them
    excuse ``kpi``: its facts are then read without the excused days."""
    return any(e["vendor"] == vendor for e in events) and kpi in excused.excusable(contract)


LINE_COLUMNS = (
    "vendor",
    "program",
    "period",
    "period_start",
    "period_end",
    "kpi",
    "kpi_name",
    "channel",
    "measured_over",
    "actual",
    "numerator",
    "denominator",
    "expected",
    "minimum",
    "direction",
    "unit",
    "status",
    "points",
    "weight",
    "tier",
    "allocation_pct",
    "category_pct",
    "measurement_window",
    "definition",
    "target_id",
    "target_version",
    "target_from",
    "target_to",
    "amendment_id",
    "amendment_from",
    "amendment_reason",
    "amendment_approved_by",
    "contract_id",
    "contract",
    "excused",  # "n days excused (…)", or None
    "respondents",  # the relationship score's: how many stakeholders answered; else None
)


def _level(program: str | None, channel: str | None) -> tuple[str, ...]:
    return tuple(d for d, v in (("program", program), ("channel", channel)) if v is not None)


def _actuals(con, windows, level, vendors, entries, exempt: bool = False) -> dict[tuple, dict]:
    """Roll-up rows keyed by (vendor, program?, channel?, window start); ``exempt``: without the
    days excused events cover."""
    dims = ("vendor", *level)
    span = windows[0].kind == "span"
    frame = kpis.rollup(
        con,
        by=None if span else windows[0].kind,
        dims=dims,
        kpis=entries,
        vendors=vendors,
        date_from=min(w.start for w in windows),
        date_to=max(w.end for w in windows),
        parts=True,
        excused=exempt,
    )
    if span:
        frame["period"] = windows[0].start
    else:
        frame["period"] = pd.to_datetime(frame["period"]).dt.date
    keys = [*dims, "period"]
    out = {}
    for row in frame.to_dict("records"):
        key = tuple(plain_value(row[k]) for k in keys)
        if None not in key:
            out[key] = row
    return out


SUMMARY_COLUMNS = (
    "vendor",
    "program",
    "period",
    "period_start",
    "period_end",
    "contract",
    "weighted_score",
    "standing",
    "action",
    "kpis_scored",
    "kpis_without_data",
    "defaults",
    "complete",
    "data_to",
    "sl_definition",
)


def summarise(lines: pd.DataFrame | list[dict], terms: Terms) -> pd.DataFrame:
    """One row per scorecard (vendor, program, period): weighted score, standing, counts.

    ``lines`` are ``evaluate_lines``' dicts or a frame of them.
    """
    records = plain_records(lines) if isinstance(lines, pd.DataFrame) else lines
    groups: dict[tuple, list[dict]] = {}
    for line in records:
        groups.setdefault((line["vendor"], line["program"], line["period"]), []).append(line)
    rows = []
    for (vendor, program, label), group in groups.items():
        first = group[0]
        statuses = [line["status"] for line in group]
        score = weighted_score(
            [line["weight"] for line in group], [line["points"] for line in group]
        )
        band = standings.standing(score)
        window = Window(label, first["period_start"], first["period_end"], "month")
        contract = next(
            c for c in terms.contracts[vendor] if c["contract_id"] == first["contract_id"]
        )
        cov = terms.coverage.get(vendor)
        complete = terms.complete(vendor, window)
        rows.append(
            {
                "vendor": vendor,
                "program": program,
                "period": label,
                "period_start": first["period_start"],
                "period_end": first["period_end"],
                "contract": first["contract"],
                "weighted_score": score,
                "standing": band.name if band else None,
                "action": band.action if band else None,
                "kpis_scored": sum(s != "no_data" for s in statuses),
                "kpis_without_data": statuses.count("no_data"),
                "defaults": statuses.count("default"),
                "complete": complete,
                "data_to": None if complete or cov is None else cov[1],
                "sl_definition": sl_definition(contract),
            }
        )
    rows.sort(
        key=lambda r: (r["vendor"], r["program"] is not None, r["program"] or "", r["period_start"])
    )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


# --- scorecards for a period ----------------------------------------------------------------


@dataclass(frozen=True)
class Scorecards:
    """Scorecards for one period: ``summary`` (one row per scorecard) and ``lines`` (per KPI)."""

    period: Period
    summary: pd.DataFrame
    lines: pd.DataFrame


def parse_period(period: Period | str) -> Period:
    return periods.parse(period) if isinstance(period, str) else period


def scorecards(
    con: duckdb.DuckDBPyConnection,
    period: Period | str,
    vendors: Iterable[str] | None = None,
    *,
    programs: bool = True,
    terms: Terms | None = None,
) -> Scorecards:
    """Every vendor's scorecards (and each vendor × program's with ``programs``) for a period.

    ``period`` is a ``Period`` or text (2026-09, 2026Q3). Summary columns: ``SUMMARY_COLUMNS``
    plus ``previous_score``, ``previous_standing``, ``change``, ``rolling_three``,
    ``standing_change`` (bands moved: negative = fell), ``rank`` and ``ranked`` (how many were
    ranked; both empty when fewer than two were). Ranks are among all vendors the connection
    sees, even when ``vendors`` narrows the result. Raises
    ``InvalidInput`` for an unreadable period and ``NotFound`` for an unknown vendor.
    """
    p = parse_period(period)
    terms = terms or load_terms(con)
    wanted = check_vendors(con, vendors)
    mode = "scorecard" if programs else "vendor"
    both = withhold(
        con,
        pd.DataFrame(
            evaluate_lines(con, [Window.of(p.previous()), Window.of(p)], terms, mode=mode),
            columns=LINE_COLUMNS,
        ),
        p.kind,
    )
    rolling = evaluate_lines(con, [Window.span(periods.shift(p, -2), p)], terms, mode=mode)
    summary = summarise(both, terms)
    current = summary[summary["period"] == p.label].reset_index(drop=True)
    before = summary[summary["period"] == p.previous().label]
    roll = summarise(rolling, terms)
    key = ["vendor", "program"]
    prev = before.set_index(key)
    idx = pd.MultiIndex.from_frame(current[key]) if not current.empty else None
    if idx is not None:
        current["previous_score"] = prev["weighted_score"].reindex(idx).to_numpy(dtype="float64")
        current["previous_standing"] = prev["standing"].reindex(idx).to_numpy(dtype=object)
        current["rolling_three"] = (
            roll.set_index(key)["weighted_score"].reindex(idx).to_numpy(dtype="float64")
        )
    else:
        current = current.assign(previous_score=[], previous_standing=[], rolling_three=[])
    current["weighted_score"] = current["weighted_score"].astype("float64")
    current["change"] = current["weighted_score"] - current["previous_score"]
    current["standing_change"] = [
        band_move(b, a)
        for b, a in zip(current["previous_standing"], current["standing"], strict=True)
    ]
    current = rank(current)
    lines = both[both["period"] == p.label].reset_index(drop=True)
    if wanted is not None:
        current = current[current["vendor"].isin(wanted)].reset_index(drop=True)
        lines = lines[lines["vendor"].isin(wanted)].reset_index(drop=True)
    return Scorecards(p, current, lines)


def rank(summary: pd.DataFrame) -> pd.DataFrame:
    """``summary`` with ``rank`` and ``ranked``: each card's place by weighted score among the
    cards of the same program (vendor cards among vendor cards), highest first, equal scores
    sharing a place; both empty where fewer than two were scored."""
    current = summary.copy()
    current["program_key"] = current["program"].map(lambda x: "" if plain_value(x) is None else x)
    current["rank"] = (
        current.groupby("program_key")["weighted_score"]
        .rank(method="min", ascending=False)
        .astype("Int64")
    )
    current["ranked"] = current.groupby("program_key")["weighted_score"].transform("count")
    # A rank needs others to be ranked against: "1 of 1" says nothing (and a vendor partner,
    # who sees one vendor only, is never shown a rank).
    alone = current["ranked"] < 2
    current["rank"] = current["rank"].mask(alone)
    current["ranked"] = current["ranked"].astype("Int64").mask(alone)
    return current.drop(columns="program_key")


def band_move(before, after) -> int | None:
    """Bands moved from ``before`` to ``after`` (standings): positive rose, negative fell."""
    b, a = standings.rank_of(plain_value(before)), standings.rank_of(plain_value(after))
    if a is None or b is None:
        return None
    return b - a  # positive = rose, negative = fell


def check_vendors(con, vendors) -> list[str] | None:
    """The vendor names asked for (None for all); ``NotFound`` names an unknown one."""
    if vendors is None:
        return None
    if isinstance(vendors, str):
        vendors = [vendors]
    names = list(vendors)
    known = set(queries.vendor_names(con))
    for name in names:
        if name not in known:
            hint = f" Known vendors: {', '.join(sorted(known))}." if known else ""
            raise NotFound(f"No vendor named '{name}'.{hint}")
    return names


def trend(
    con: duckdb.DuckDBPyConnection,
    vendor: str,
    end: Period | str,
    count: int = 13,
    *,
    program: str | None = None,
    terms: Terms | None = None,
) -> Scorecards:
    """One vendor's scorecard (or one program's) for ``count`` periods ending with ``end``.

    ``lines`` hold every KPI per period (actual, expected, minimum, target version, amendment)
    for the trend charts; ``summary`` the weighted score and standing per period.
    """
    p = parse_period(end)
    if count < 1:
        raise InvalidInput("A trend needs at least one period.")
    terms = terms or load_terms(con)
    check_vendors(con, [vendor])
    windows = [Window.of(periods.shift(p, -i)) for i in range(count - 1, -1, -1)]
    mode = "vendor" if program is None else "scorecard"
    lines = [
        x
        for x in evaluate_lines(con, windows, terms, mode=mode, vendors=[vendor])
        if x["program"] == program
    ]
    frame = withhold(con, pd.DataFrame(lines, columns=LINE_COLUMNS), p.kind)
    return Scorecards(p, summarise(frame, terms), frame)


def withhold(con: duckdb.DuckDBPyConnection, lines: pd.DataFrame, kind: str) -> pd.DataFrame:
    """``lines`` (of months or quarters, ``kind``) with ``withheld`` set on each people KPI line
    whose figure is withheld, and that line's ``actual``, ``numerator``, ``denominator`` and
    ``points`` emptied, so that no output of the lines can show it. Its status (met, below
    target, in default) stays: a band, not the figure. Its points go because, between the
    expected level and the worse limit, they are the figure rescaled; so the weighted score
    (``summarise``) leaves the line out, as it leaves out a KPI without data, or the score less
    the other lines' points would give the figure back.

    A line is withheld when its own counts are small or when ``withholding.decide`` withholds
    its cell: the vendor's figure, or the program's it is measured over, for that month or
    quarter (so a month against its quarter and a program against its vendor, the same cells in
    every scorecard, trend, pack and page). A line narrowed to a channel is decided over that
    channel's facts, and the vendor's line also as the vendor's channel among its channels.

    A relationship score from fewer than ``survey.MIN_RESPONDENTS`` stakeholders is withheld
    too (``evaluate_lines`` gave it no figure and no status band: "no data").
    """
    lines = lines.copy()
    answered = lines["respondents"] if "respondents" in lines else [None] * len(lines)
    flags = [
        (kpi in privacy.PEOPLE_KPIS and (privacy.is_small(n) or privacy.is_small(d)))
        or (kpi == survey.RELATIONSHIP and 0 < (plain_value(r) or 0) < survey.MIN_RESPONDENTS)
        for kpi, n, d, r in zip(
            lines["kpi"], lines["numerator"], lines["denominator"], answered, strict=True
        )
    ]
    people = lines[lines["kpi"].isin(privacy.PEOPLE_KPIS)]
    if not people.empty and kind in withholding.KINDS:
        vendors = sorted(set(people["vendor"]))
        first, last = min(people["period_start"]), max(people["period_end"])
        channels = sorted({plain_value(c) for c in people["channel"]} - {None})
        decided = {
            c: withholding.decide(con, vendors, first, last, channel=c) for c in [None, *channels]
        }
        for i, line in zip(people.index, plain_records(people), strict=True):
            key = (line["vendor"], line["measured_over"], line["period_start"], kind)
            found = decided[line["channel"]].kpi(line["kpi"], *key)
            if line["channel"] is not None and line["measured_over"] is None:
                found |= decided[None].kpi(
                    line["kpi"],
                    line["vendor"],
                    line["channel"],
                    line["period_start"],
                    kind,
                    "channel",
                )
            flags[lines.index.get_loc(i)] |= found
    lines["withheld"] = pd.Series(flags, index=lines.index, dtype=bool)
    for column in ("actual", "numerator", "denominator", "points"):
        lines[column] = lines[column].astype("float64").mask(lines["withheld"])
    return lines


def breakdown(
    con: duckdb.DuckDBPyConnection,
    vendor: str,
    period: Period | str,
    by: str,
    *,
    terms: Terms | None = None,
) -> pd.DataFrame:
    """The vendor scorecard's KPIs split by ``program``, ``site`` or ``channel`` (never below).

    One row per value of ``by`` and KPI: ``actual`` (and ``shown``, formatted), the vendor
    target's ``expected`` and ``minimum`` and the ``status`` the part would have against them
    (indicative: credits and scores use the scorecard's scope).
    """
    if by not in BREAKDOWN_DIMS:
        raise InvalidInput(
            f"A scorecard breaks down by {', '.join(BREAKDOWN_DIMS)} only, not '{by}'."
        )
    p = parse_period(period)
    terms = terms or load_terms(con)
    check_vendors(con, [vendor])
    w = Window.of(p)
    columns = [by, "kpi", "kpi_name", "actual", "shown", "expected", "minimum", "status", "unit"]
    c = terms.contract(vendor, w)
    if c is None:
        return pd.DataFrame(columns=columns)
    targets = [t for t, _ in scorecard_sets(terms.in_force(c["contract_id"], w.end), ())[None]]
    entries = {}
    for t in targets:
        entry, _ = kpi_entry(c, t["kpi"])
        if entry is not None and t["channel"] is None:
            entries[entry.code] = (entry, t)
    if not entries:
        return pd.DataFrame(columns=columns)
    frame = kpis.rollup(
        con,
        by=None,
        dims=("vendor", by),
        kpis=[e for e, _ in entries.values()],
        vendors=[vendor],
        date_from=w.start,
        date_to=w.end,
        parts=True,
    )
    frame = frame[frame[by].notna()].reset_index(drop=True)
    # The parts add up to the vendor's figure, and a month's to its quarter's: a people figure
    # is withheld when it, or enough of its siblings to protect it, stands for fewer than k
    # people (privacy.withheld), as every other output of these cells decides it.
    decided = withholding.decide(con, [vendor], w.start, w.end)
    withheld = {
        alias: privacy.withheld(frame, [f"{alias}__num"], ("vendor", by))
        | privacy.withheld(frame, [f"{alias}__den"], ("vendor", by))
        | pd.Series(
            [decided.kpi(t["kpi"], vendor, part, w.start, p.kind, by) for part in frame[by]],
            index=frame.index,
            dtype=bool,
        )
        for alias, (_, t) in entries.items()
        if t["kpi"] in privacy.PEOPLE_KPIS
    }
    rows = []
    for i, rec in enumerate(plain_records(frame)):
        for alias, (_, t) in entries.items():
            base = catalogue.kpi(t["kpi"])
            unit = "accuracy" if base.direction == "target" else base.unit
            small = alias in withheld and bool(withheld[alias].iloc[i])
            if small:  # a people figure for fewer than k people: neither value nor status shown
                rows.append(
                    {
                        by: rec[by],
                        "kpi": t["kpi"],
                        "kpi_name": base.name,
                        "actual": None,
                        "shown": privacy.label(),
                        "expected": t["expected"],
                        "minimum": t["minimum"],
                        "status": "no_data",
                        "unit": unit,
                    }
                )
                continue
            status, _ = assess(rec[alias], t["expected"], t["minimum"], base.direction)
            rows.append(
                {
                    by: rec[by],
                    "kpi": t["kpi"],
                    "kpi_name": base.name,
                    "actual": rec[alias],
                    "shown": format_value(rec[alias], unit),
                    "expected": t["expected"],
                    "minimum": t["minimum"],
                    "status": status,
                    "unit": unit,
                }
            )
    return pd.DataFrame(rows, columns=columns)
