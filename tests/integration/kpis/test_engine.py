"""The KPI engine: every KPI of the catalogue, at every roll-up, is a ratio of sums of components.

Expected values are computed here in plain Python from domain.md's formulas, over the very rows
that were inserted, never by calling the engine. The fact rows live in
``tests/data/kpi_facts.csv`` (a blank cell = "not reported"); deliberate edge cases in it:

- days on both sides of a year, month, quarter and ISO-week boundary (2025-12-29 is the Monday of
  the ISO week holding 2026-01-01; 2026-03-31/04-01 and 06-30/07-01 share a week, not a quarter);
- Globex Services 2026-06-30 is a day with zero traffic (every component 0) and its only row of
  Q2: no data, never 0 % or 100 %; its 2026-07-01 has 0 satisfaction responses;
- Northwind's 2025-12-31 Manila voice row did not report answered-within-threshold, Acme's e-mail
  rows report no queue measures, Acme reports no NPS at all, Northwind's chat rows report leavers
  but no headcount, one Cebu row reports headcount but no leavers, one Acme row has no program,
  one Acme row reports offered but not answered, Globex 2026-01-01 has QA points but not possible;
- NPS with more detractors than promoters (negative), training 0 of 0 for Northwind in July.
"""

from __future__ import annotations

import contextlib
import csv
import math
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import kpis
from governance.errors import InvalidInput
from governance.kpis import catalogue
from governance.store import db, rollup, server
from tests import postgres

DATA = Path(__file__).resolve().parents[2] / "data" / "kpi_facts.csv"
NAN = float("nan")

# domain.md's KPI catalogue, written out independently of governance.kpis.catalogue:
# code -> (numerator terms, denominator terms, scale); a term is (component, sign).
FORMULAS: dict[str, tuple[list[tuple[str, int]], list[tuple[str, int]], float]] = {
    "service_level": ([("answered_within_sl", 1)], [("offered", 1)], 1.0),
    "asa": ([("wait_time_sec", 1)], [("answered", 1)], 1.0),
    "abandon_rate": ([("abandoned", 1)], [("offered", 1)], 1.0),
    "aht": ([("handle_time_sec", 1)], [("answered", 1)], 1.0),
    "fcr": ([("resolved_first_contact", 1)], [("fcr_eligible", 1)], 1.0),
    "csat": ([("csat_satisfied", 1)], [("csat_responses", 1)], 1.0),
    "nps": ([("nps_promoters", 1), ("nps_detractors", -1)], [("nps_responses", 1)], 100.0),
    "qa_score": ([("qa_points", 1)], [("qa_possible", 1)], 1.0),
    "interval_sl_attainment": ([("intervals_meeting_sl", 1)], [("intervals", 1)], 1.0),
    "attrition": ([("leavers", 1)], [("headcount", 1)], 1.0),
    "early_attrition": ([("early_leavers", 1)], [("new_hires", 1)], 1.0),
    "training_completion": ([("trained", 1)], [("training_assigned", 1)], 1.0),
    "cost_per_contact": ([("invoiced_amount", 1)], [("answered", 1)], 1.0),
    "billing_accuracy": ([("billed_units", 1)], [("answered", 1)], 1.0),
}
# Headcount is a stock: summed across places for a day, averaged over the days that reported it.
STOCK = {"attrition"}

# The service-level definitions a contract may choose (domain.md, "Definitions differ by contract").
SL_DENOMINATORS = {
    "offered": [("offered", 1)],
    "answered": [("answered", 1)],
    "offered_less_short_abandons": [("offered", 1), ("short_abandoned", -1)],
}

DIMS = ("vendor", "program", "site", "channel", "language", "queue")
COMPONENTS = (
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "answered_within_sl",
    "wait_time_sec",
    "handle_time_sec",
    "resolved_first_contact",
    "fcr_eligible",
    "csat_satisfied",
    "csat_responses",
    "nps_promoters",
    "nps_detractors",
    "nps_responses",
    "qa_points",
    "qa_possible",
    "intervals",
    "intervals_meeting_sl",
    "headcount",
    "leavers",
    "early_leavers",
    "new_hires",
    "trained",
    "training_assigned",
    "invoiced_amount",
    "billed_units",
)


def test_every_catalogue_kpi_has_an_independent_formula_here():
    assert set(FORMULAS) == set(catalogue.KPI_CODES)


# --- plain-Python reference ----------------------------------------------------------------


def load_rows(path: Path = DATA) -> list[dict]:
    rows = []
    with path.open(newline="", encoding="utf-8") as fh:
        for raw in csv.DictReader(fh):
            row: dict = {d: (raw[d] or None) for d in DIMS}
            row["date"] = date.fromisoformat(raw["date"])
            for c in COMPONENTS:
                row[c] = float(raw[c]) if raw[c] != "" else None
            rows.append(row)
    return rows


def period_start(day: date, by: str | None) -> date | None:
    if by is None:
        return None
    if by == "day":
        return day
    if by == "week":  # ISO week: Monday first
        return day - timedelta(days=day.weekday())
    if by == "month":
        return date(day.year, day.month, 1)
    if by == "quarter":  # quarters start in January, April, July, October
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    raise AssertionError(by)


def expected_parts(rows, num_terms, den_terms, *, stock=False) -> tuple[float, float]:
    """(Σ numerator, denominator) over rows that reported every component; NaN, NaN if none did."""
    used = {c for c, _ in num_terms + den_terms}
    reported = [r for r in rows if all(r[c] is not None for c in used)]
    if not reported:
        return NAN, NAN
    num = sum(sign * r[c] for r in reported for c, sign in num_terms)
    if stock:
        per_day: dict[date, float] = defaultdict(float)
        for r in reported:
            per_day[r["date"]] += sum(sign * r[c] for c, sign in den_terms)
        den = sum(per_day.values()) / len(per_day)
    else:
        den = sum(sign * r[c] for r in reported for c, sign in den_terms)
    return num, den


def expected_value(rows, code: str) -> tuple[float, float, float]:
    """(value, numerator, denominator) of one KPI over rows; value NaN when there is no data."""
    num_terms, den_terms, scale = FORMULAS[code]
    num, den = expected_parts(rows, num_terms, den_terms, stock=code in STOCK)
    if math.isnan(den) or den == 0:
        return NAN, num, den
    return scale * num / den, num, den


def group(rows, by, dims) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        key = tuple(r[d] for d in dims)
        if by is not None:
            key += (period_start(r["date"], by),)
        groups[key].append(r)
    if not dims and by is None:
        groups.setdefault((), [])  # the whole range is one row, even with nothing in it
    return dict(groups)


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def by_key(frame: pd.DataFrame, by, dims) -> dict[tuple, dict]:
    out: dict[tuple, dict] = {}
    for rec in frame.to_dict("records"):
        key = tuple(_plain(rec[d]) for d in dims)
        if by is not None:
            key += (_plain(rec["period"]),)
        assert key not in out, f"group {key} appears twice"
        out[key] = rec
    return out


def same(actual, expected) -> bool:
    if expected is None or math.isnan(expected):
        return actual is None or pd.isna(actual)
    return (
        actual is not None
        and not pd.isna(actual)
        and math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)
    )


def mismatches(frame, rows, by, dims, codes, *, check_parts=False) -> list[str]:
    expected_groups = group(rows, by, dims)
    actual = by_key(frame, by, dims)
    problems = []
    if set(actual) != set(expected_groups):
        problems.append(
            f"groups differ: missing {sorted(set(expected_groups) - set(actual), key=str)}, "
            f"extra {sorted(set(actual) - set(expected_groups), key=str)}"
        )
    for key, members in expected_groups.items():
        rec = actual.get(key)
        if rec is None:
            continue
        for code in codes:
            value, num, den = expected_value(members, code)
            if not same(rec[code], value):
                problems.append(f"{code} at {key}: got {rec[code]!r}, expected {value!r}")
            if isinstance(rec[code], float) and math.isinf(rec[code]):
                problems.append(f"{code} at {key} is infinite")
            if check_parts:
                if not same(rec[f"{code}__num"], num):
                    problems.append(
                        f"{code}__num at {key}: got {rec[f'{code}__num']!r}, expected {num!r}"
                    )
                if not same(rec[f"{code}__den"], den):
                    problems.append(
                        f"{code}__den at {key}: got {rec[f'{code}__den']!r}, expected {den!r}"
                    )
    return problems


# --- database --------------------------------------------------------------------------------


def insert_facts(con, rows: list[dict]) -> None:
    """One plain INSERT with bound parameters; vendors are registered as they appear."""
    ids = dict(con.execute("SELECT name, vendor_id FROM vendors").fetchall())
    for name in sorted({r["vendor"] for r in rows} - set(ids)):
        ids[name] = con.execute(
            "INSERT INTO vendors (name, created_at) VALUES (?, now()) RETURNING vendor_id", [name]
        ).fetchone()[0]
    columns = ["vendor_id", *DIMS[1:], "date", *COMPONENTS]
    placeholders = "(" + ", ".join("?" for _ in columns) + ")"
    # One multi-row INSERT: much faster than executemany, which the property tests feel.
    values = ", ".join(placeholders for _ in rows)
    sql = f"INSERT INTO kpi_facts ({', '.join(columns)}) VALUES {values}"  # noqa: S608
    params = [
        value
        for r in rows
        for value in (
            ids[r["vendor"]],
            *(r[d] for d in DIMS[1:]),
            r["date"],
            *(r[c] for c in COMPONENTS),
        )
    ]
    con.execute(sql, params)


@contextlib.contextmanager
def _database(request, tmp_path_factory):
    """A new database on the store ``request.param`` names: a DuckDB file or a server's."""
    if request.param == "file":
        with db.connect(tmp_path_factory.mktemp("kpis") / "facts.duckdb") as con:
            yield con
        return
    pg = request.getfixturevalue("pg_server")
    url = postgres.new_database(pg)
    try:
        with db.connect(url) as con:
            yield con
    finally:
        server.close_pools(url)
        postgres.drop_database(pg, url)


@pytest.fixture(scope="module", params=["file", "server"])
def facts_con(request, tmp_path_factory):
    """One database holding tests/data/kpi_facts.csv, shared by the read-only tests below: a
    DuckDB file, then a PostgreSQL database (whose whole-month reads go through its monthly
    roll-up, ``store.rollup``: the same expectations hold it to the rows)."""
    with _database(request, tmp_path_factory) as con:
        insert_facts(con, load_rows())
        if request.param == "server":
            assert rollup.serves(con, by="month", date_from=None, date_to=None, excused=False)
            assert con.execute("SELECT count(*) FROM kpi_month_rollup").fetchone()[0] > 0
        yield con


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load_rows()


def test_fixture_covers_the_edge_cases_it_claims(rows):
    # Guards the fixture file itself: if someone "tidies" it, the cases below would go untested.
    assert any(r["answered_within_sl"] is None and r["offered"] is not None for r in rows)
    assert any(r["offered"] == 0 and r["csat_responses"] == 0 for r in rows)
    assert any(
        r["nps_promoters"] is not None and r["nps_promoters"] < r["nps_detractors"] for r in rows
    )
    assert any(r["program"] is None for r in rows) and any(r["language"] is None for r in rows)
    assert any(r["headcount"] is None and r["leavers"] is not None for r in rows)
    days = {r["date"] for r in rows}
    assert {date(2025, 12, 29), date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1)} <= days


# --- every KPI, every roll-up ------------------------------------------------------------------

BYS = ["day", "week", "month", "quarter", None]
DIM_SETS = [
    ("vendor",),
    ("vendor", "program"),
    ("vendor", "site", "channel"),
    ("program",),
    ("language", "queue"),
    (),
]


@pytest.mark.parametrize("dims", DIM_SETS, ids=lambda d: "+".join(d) or "portfolio")
@pytest.mark.parametrize("by", BYS, ids=lambda b: b or "whole-range")
def test_every_kpi_is_the_ratio_of_sums_at_every_rollup(facts_con, rows, by, dims):
    frame = kpis.rollup(facts_con, by=by, dims=dims, parts=True)
    assert mismatches(frame, rows, by, dims, catalogue.KPI_CODES, check_parts=True) == []


def test_rollup_columns_are_dims_period_then_one_per_kpi(facts_con):
    frame = kpis.rollup(facts_con, by="month", dims=("vendor", "program"))
    assert list(frame.columns) == ["vendor", "program", "period", *catalogue.KPI_CODES]
    frame = kpis.rollup(facts_con, by=None, dims=("site",), kpis=["csat", "nps"])
    assert list(frame.columns) == ["site", "csat", "nps"]


def test_requested_components_are_plain_sums(facts_con, rows):
    frame = kpis.rollup(
        facts_con, by="quarter", dims=("vendor",), kpis=["aht"], components=["offered", "answered"]
    )
    got = by_key(frame, "quarter", ("vendor",))
    for key, members in group(rows, "quarter", ("vendor",)).items():
        for c in ("offered", "answered"):
            values = [r[c] for r in members if r[c] is not None]
            assert same(got[key][c], sum(values) if values else NAN), (key, c)


# --- periods ---------------------------------------------------------------------------------


def test_a_week_is_the_iso_week_starting_monday_across_the_new_year(facts_con):
    frame = kpis.rollup(facts_con, by="week", dims=(), kpis=["aht"])
    periods = {_plain(p) for p in frame["period"]}
    # 2025-12-29..2026-01-04 is one week; 2026-03-31 and 2026-04-01 share the week of 03-30.
    assert periods == {date(2025, 12, 29), date(2026, 1, 5), date(2026, 3, 30), date(2026, 6, 29)}
    assert all(p.weekday() == 0 for p in periods)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (
            "month",
            {
                date(2025, 12, 1),
                date(2026, 1, 1),
                date(2026, 3, 1),
                date(2026, 4, 1),
                date(2026, 6, 1),
                date(2026, 7, 1),
            },
        ),
        ("quarter", {date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)}),
    ],
)
def test_months_and_quarters_start_on_their_first_day(facts_con, by, expected):
    frame = kpis.rollup(facts_con, by=by, dims=(), kpis=["aht"])
    assert {_plain(p) for p in frame["period"]} == expected


# --- filters ---------------------------------------------------------------------------------

FILTER_CASES = [
    ("one vendor", {"vendors": ["Acme BPO"]}, lambda r: r["vendor"] == "Acme BPO"),
    ("one vendor as a string", {"vendors": "Acme BPO"}, lambda r: r["vendor"] == "Acme BPO"),
    (
        "two vendors",
        {"vendors": ["Acme BPO", "Globex Services"]},
        lambda r: r["vendor"] != "Northwind Contact",
    ),
    ("unknown vendor", {"vendors": ["Nobody Ltd"]}, lambda r: False),
    ("no vendors", {"vendors": []}, lambda r: False),
    ("from (inclusive)", {"date_from": date(2026, 1, 1)}, lambda r: r["date"] >= date(2026, 1, 1)),
    ("to (inclusive)", {"date_to": date(2026, 3, 31)}, lambda r: r["date"] <= date(2026, 3, 31)),
    (
        "from and to",
        {"date_from": date(2025, 12, 31), "date_to": date(2026, 4, 1)},
        lambda r: date(2025, 12, 31) <= r["date"] <= date(2026, 4, 1),
    ),
    (
        "where program",
        {"where": {"program": "Billing care"}},
        lambda r: r["program"] == "Billing care",
    ),
    (
        "where channel list",
        {"where": {"channel": ["chat", "email"]}},
        lambda r: r["channel"] in ("chat", "email"),
    ),
    ("where language is null", {"where": {"language": None}}, lambda r: r["language"] is None),
    ("where program is null", {"where": {"program": None}}, lambda r: r["program"] is None),
    (
        "where vendor",
        {"where": {"vendor": "Globex Services"}},
        lambda r: r["vendor"] == "Globex Services",
    ),
    (
        "everything at once",
        {
            "vendors": ["Northwind Contact", "Acme BPO"],
            "date_from": date(2026, 1, 1),
            "where": {"channel": ["voice"], "site": "Manila"},
        },
        lambda r: (
            r["vendor"] in ("Northwind Contact", "Acme BPO")
            and r["date"] >= date(2026, 1, 1)
            and r["channel"] == "voice"
            and r["site"] == "Manila"
        ),
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "keep"), [c[1:] for c in FILTER_CASES], ids=[c[0] for c in FILTER_CASES]
)
@pytest.mark.parametrize("by", ["month", None], ids=["month", "whole-range"])
def test_filters_keep_exactly_the_matching_rows(facts_con, rows, kwargs, keep, by):
    dims = ("vendor", "program")
    frame = kpis.rollup(facts_con, by=by, dims=dims, **kwargs)
    kept = [r for r in rows if keep(r)]
    assert mismatches(frame, kept, by, dims, catalogue.KPI_CODES) == []


# --- service-level definitions ---------------------------------------------------------------


@pytest.mark.parametrize("over", list(SL_DENOMINATORS))
@pytest.mark.parametrize("dims", [("vendor",), ("vendor", "site", "channel")])
def test_each_service_level_definition_is_its_own_ratio_of_sums(facts_con, rows, over, dims):
    sl = catalogue.service_level(over=over, threshold_seconds=30)
    frame = kpis.rollup(facts_con, by="month", dims=dims, kpis=[sl])
    got = by_key(frame, "month", dims)
    for key, members in group(rows, "month", dims).items():
        num, den = expected_parts(members, [("answered_within_sl", 1)], SL_DENOMINATORS[over])
        value = NAN if math.isnan(den) or den == 0 else num / den
        assert same(got[key]["service_level"], value), (over, key, got[key]["service_level"], value)


def test_service_level_definitions_give_different_answers_on_the_same_rows(facts_con):
    values = {
        over: kpis.rollup(
            facts_con,
            by=None,
            dims=(),
            kpis=[catalogue.service_level(over=over)],
            vendors=["Northwind Contact"],
        )["service_level"].iloc[0]
        for over in SL_DENOMINATORS
    }
    # Fewer in the denominator, higher the level: over offered < less short abandons < over answered.
    assert values["offered"] < values["offered_less_short_abandons"] < values["answered"]


# --- the rules, spelled out on tiny examples ---------------------------------------------------


def _row(vendor="V", program="P", site="S", channel="voice", day=date(2026, 9, 1), **components):
    row = {
        "vendor": vendor,
        "program": program,
        "site": site,
        "channel": channel,
        "language": None,
        "queue": None,
    }
    row["date"] = day
    row.update({c: components.get(c) for c in COMPONENTS})
    return row


def _one(con, **kwargs) -> pd.Series:
    frame = kpis.rollup(con, by=None, dims=(), **kwargs)
    assert len(frame) == 1
    return frame.iloc[0]


def test_a_site_with_10_contacts_does_not_weigh_like_one_with_10000(con):
    insert_facts(
        con,
        [
            _row(site="Small", offered=10, answered_within_sl=5),
            _row(site="Large", offered=10_000, answered_within_sl=9_000),
        ],
    )
    value = _one(con, kpis=["service_level"])["service_level"]
    assert value == pytest.approx(9_005 / 10_010)
    assert value != pytest.approx((0.5 + 0.9) / 2)


def test_zero_denominator_is_no_data_not_zero_or_100(con):
    insert_facts(
        con,
        [
            _row(
                offered=0,
                answered=0,
                abandoned=0,
                answered_within_sl=0,
                csat_satisfied=0,
                csat_responses=0,
            )
        ],
    )
    got = _one(con, kpis=["service_level", "abandon_rate", "csat", "aht"])
    assert got.isna().all(), got.to_dict()


def test_unreported_component_drops_the_row_from_that_kpi_only(con):
    insert_facts(
        con,
        [
            _row(site="A", offered=100, abandoned=10, answered_within_sl=80),
            _row(site="B", offered=900, abandoned=90, answered_within_sl=None),  # SL not reported
        ],
    )
    got = _one(con, kpis=["service_level", "abandon_rate"])
    assert got["service_level"] == pytest.approx(80 / 100)  # not 80 / 1000
    assert got["abandon_rate"] == pytest.approx(100 / 1000)


def test_nps_is_scaled_to_points_and_can_be_negative(con):
    insert_facts(con, [_row(nps_promoters=10, nps_detractors=30, nps_responses=50)])
    assert _one(con, kpis=["nps"])["nps"] == pytest.approx(-40.0)


def test_headcount_adds_across_sites_and_averages_across_days(con):
    d1, d2 = date(2026, 9, 1), date(2026, 9, 2)
    insert_facts(
        con,
        [
            _row(site="A", day=d1, headcount=100, leavers=3),
            _row(site="B", day=d1, headcount=50, leavers=0),
            _row(site="A", day=d2, headcount=110, leavers=1),
            _row(site="B", day=d2, headcount=40, leavers=2),
        ],
    )
    got = _one(con, kpis=["attrition"], parts=True)
    # Average headcount = ((100 + 50) + (110 + 40)) / 2 days = 150, not 300 (sum) or 75 (mean row).
    assert got["attrition__den"] == pytest.approx(150)
    assert got["attrition"] == pytest.approx(6 / 150)


# --- invalid input ---------------------------------------------------------------------------

INVALID = [
    ("period", {"by": "year"}, "year"),
    ("dimension", {"dims": ("vendor", "agent")}, "agent"),
    ("kpi code", {"kpis": ["service_level", "sla"]}, "sla"),
    ("where dimension", {"where": {"agent_id": "A17"}}, "agent_id"),
    ("component", {"components": ["offered", "calls"]}, "calls"),
]


@pytest.mark.parametrize(("kwargs", "bad"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_unknown_names_raise_invalid_input_naming_them(con, kwargs, bad):
    with pytest.raises(InvalidInput, match=bad):
        kpis.rollup(con, **kwargs)


def test_codes_and_catalogue_entries_can_be_mixed_and_one_dim_given_as_a_string(con):
    insert_facts(
        con,
        [
            _row(
                answered=90, offered=100, answered_within_sl=72, csat_satisfied=8, csat_responses=10
            )
        ],
    )
    frame = kpis.rollup(
        con, by=None, dims="site", kpis=["csat", catalogue.service_level(over="answered")]
    )
    assert list(frame.columns) == ["site", "csat", "service_level"]
    assert frame.iloc[0]["service_level"] == pytest.approx(72 / 90)
    assert frame.iloc[0]["csat"] == pytest.approx(0.8)


def test_a_single_kpi_code_as_a_string_is_one_code(con):
    insert_facts(con, [_row(csat_satisfied=8, csat_responses=10)])
    assert _one(con, kpis="csat")["csat"] == pytest.approx(0.8)


# --- properties ------------------------------------------------------------------------------

PROPERTY_DAYS = [
    date(2026, 3, 30),
    date(2026, 3, 31),
    date(2026, 4, 1),
    date(2026, 4, 2),
    date(2026, 4, 5),
]
NON_STOCK = [c for c in FORMULAS if c not in STOCK]

component_value = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=400).map(float),
    st.integers(min_value=0, max_value=40_000).map(lambda v: v / 100),
)
fact_row = st.fixed_dictionaries(
    {
        "program": st.sampled_from(["P1", "P2", None]),
        "site": st.sampled_from(["S1", "S2"]),
        "channel": st.sampled_from(["voice", "chat"]),
        "date": st.sampled_from(PROPERTY_DAYS),
        **{c: component_value for c in COMPONENTS},
    }
)


@pytest.fixture(scope="module", params=["file", "server"])
def scratch(request, tmp_path_factory):
    """One database reused by every hypothesis example: each example replaces the facts. A file,
    then a server database (each example's writes mark the roll-up, its first read settles it)."""
    with _database(request, tmp_path_factory) as con:
        yield con


def _load_parts(con, rows: list[dict], parts: list[int]) -> list[dict]:
    # The partition is carried in the queue column, so one query returns every part's sums.
    placed = [
        {**r, "vendor": "V", "language": None, "queue": f"part{p}"}
        for r, p in zip(rows, parts, strict=True)
    ]
    con.execute("DELETE FROM kpi_facts")
    insert_facts(con, placed)
    return placed


def _nansum(values) -> float:
    present = [v for v in values if not pd.isna(v)]
    return sum(present) if present else NAN


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), rows=st.lists(fact_row, min_size=1, max_size=12))
def test_kpi_of_the_union_is_sum_of_numerators_over_sum_of_denominators_of_any_partition(
    scratch, data, rows
):
    parts = data.draw(
        st.lists(st.integers(0, 3), min_size=len(rows), max_size=len(rows)), label="parts"
    )
    placed = _load_parts(scratch, rows, parts)
    union = kpis.rollup(scratch, by=None, dims=(), parts=True).iloc[0]
    per_part = kpis.rollup(scratch, by=None, dims=("queue",), parts=True)
    for code in NON_STOCK:
        scale = FORMULAS[code][2]
        num, den = _nansum(per_part[f"{code}__num"]), _nansum(per_part[f"{code}__den"])
        from_parts = NAN if pd.isna(den) or den == 0 else scale * num / den
        assert same(union[code], from_parts), (code, union[code], from_parts)
        assert same(union[code], expected_value(placed, code)[0]), code


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    n_sites=st.integers(1, 4),
    days=st.sets(st.sampled_from(PROPERTY_DAYS), min_size=1, max_size=5),
)
def test_attrition_of_the_union_is_the_ratio_of_parts_split_across_places(
    scratch, data, n_sites, days
):
    # A stock denominator only adds across places that share the same days.
    site_part = data.draw(
        st.lists(st.integers(0, 2), min_size=n_sites, max_size=n_sites), label="site parts"
    )
    rows, parts = [], []
    for s in range(n_sites):
        for day in sorted(days):
            hc = data.draw(st.integers(0, 500), label="headcount")
            leavers = data.draw(st.integers(0, 20), label="leavers")
            rows.append(
                {
                    "program": "P",
                    "site": f"S{s}",
                    "channel": "voice",
                    "date": day,
                    **dict.fromkeys(COMPONENTS),
                }
            )
            rows[-1].update(headcount=float(hc), leavers=float(leavers))
            parts.append(site_part[s])
    placed = _load_parts(scratch, rows, parts)
    union = kpis.rollup(scratch, by=None, dims=(), kpis=["attrition"], parts=True).iloc[0]
    per_part = kpis.rollup(scratch, by=None, dims=("queue",), kpis=["attrition"], parts=True)
    num, den = _nansum(per_part["attrition__num"]), _nansum(per_part["attrition__den"])
    from_parts = NAN if pd.isna(den) or den == 0 else num / den
    assert same(union["attrition"], from_parts), (union["attrition"], from_parts)
    assert same(union["attrition"], expected_value(placed, "attrition")[0])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(fact_row, min_size=1, max_size=14),
    vendors=st.lists(st.sampled_from(["V", "W"]), min_size=14, max_size=14),
    by=st.sampled_from(["month", "quarter", None]),
    dims=st.sampled_from([(), ("vendor",), ("vendor", "program"), ("site", "channel")]),
)
def test_random_rows_give_the_ratio_of_sums_by_month_and_quarter(scratch, rows, vendors, by, dims):
    """Rows with any components unreported, over days on both sides of a month's and a quarter's
    end: every KPI by month, quarter or the whole range is the plain-Python ratio of sums (on a
    server, through its roll-up, stock days counted per month and added)."""
    placed = [
        {**r, "vendor": v, "language": None, "queue": None}
        for r, v in zip(rows, vendors, strict=False)
    ]
    scratch.execute("DELETE FROM kpi_facts")
    insert_facts(scratch, placed)
    frame = kpis.rollup(scratch, by=by, dims=dims, parts=True)
    assert mismatches(frame, placed, by, dims, list(FORMULAS), check_parts=True) == []
