"""The demo portfolio: loaded into a real DuckDB file, its stories checked from the raw fact rows.

Every expectation here is computed independently in pandas over ``kpi_facts`` (ratios of sums),
not through the KPI engine, so the demo and the engine check each other.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from governance import contracts, demo
from governance.access.actors import Actor
from governance.demo import plans
from governance.errors import InvalidInput, PermissionDenied
from governance.kpis import periods
from governance.kpis.catalogue import COMPONENT_NAMES
from governance.scoring import scorecard
from governance.store import db, quoting

END = date(2026, 9, 1)
LAST = periods.month(END)
DEMO_ACTOR = Actor("demo-loader@client.example", "admin")
VENDORS = {"Northwind Contact", "Bluebird BPO", "Crestline Services", "Dunmore Digital"}

# Wording that directs or evaluates individual vendor staff (the co-employment families of
# domain.md). None of it may appear in any text the demo writes.
RISKY = [
    r"\bagents?\b",
    r"\breps?\b",
    r"\brepresentatives?\b",
    r"\bemployees?\b",
    r"\bassociates?\b",
    r"\badvisors?\b",
    r"\bsupervis",
    r"\bteam ?leads?\b",
    r"\bcoach",
    r"\bwrite[- ]?up\b",
    r"\bdisciplin",
    r"\bwarn (the|him|her|them)\b",
    r"\bfired?\b",
    r"\blet (him|her|them) go\b",
    r"\bhire\b",
    r"\bremove .* from (our|the) account\b",
    r"\bpto\b",
    r"\btime off\b",
    r"\bnight shift\b",
    r"\btheir breaks\b",
    r"\bbonus",
    r"\bhourly rate\b",
    r"\bour (agents|staff|team|people|reps)\b",
    r"\ball-hands\b",
    r"\bbadges?\b",
    r"\b(he|she|him|her|his|hers)\b",
    r"\bperformance review\b",
    r"\btrain them\b",
    r"\bmonitor their\b",
    r"'s (aht|csat|qa|tone|attrition|calls)\b",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """One demo load into a tmp database file, shared by the read-only tests of this module."""
    root = tmp_path_factory.mktemp("demo")
    path = root / "governance.duckdb"
    with db.connect(path) as con:
        summary = demo.load_demo(con, DEMO_ACTOR, end_month=END, exports_dir=root / "exports")
    return path, summary, root / "exports"


@pytest.fixture(scope="module")
def dcon(loaded):
    with db.connect(loaded[0]) as con:
        yield con


@pytest.fixture(scope="module")
def rows(dcon) -> pd.DataFrame:
    """Every fact row with its vendor name and month."""
    f = dcon.execute(
        "SELECT v.name AS vendor, f.* FROM kpi_facts f JOIN vendors v USING (vendor_id)"
    ).df()
    f["month"] = pd.to_datetime(f["date"]).dt.to_period("M")
    f["date"] = pd.to_datetime(f["date"]).dt.date
    return f


def monthly(rows: pd.DataFrame, vendor: str) -> pd.DataFrame:
    """Vendor-level KPIs per month, as ratios of sums over the raw rows."""
    f = rows[rows["vendor"] == vendor]
    g = f.groupby("month")[list(COMPONENT_NAMES)].sum()
    days = f.groupby("month")["date"].nunique()
    return pd.DataFrame(
        {
            "service_level": g["answered_within_sl"] / g["offered"],
            "sl_less_short": g["answered_within_sl"] / (g["offered"] - g["short_abandoned"]),
            "abandon_rate": g["abandoned"] / g["offered"],
            "aht": g["handle_time_sec"] / g["answered"],
            "csat": g["csat_satisfied"] / g["csat_responses"],
            "qa_score": g["qa_points"] / g["qa_possible"],
            "fcr": g["resolved_first_contact"] / g["fcr_eligible"],
            "attrition": g["leavers"] / (g["headcount"] / days),
            "leavers": g["leavers"],
            "headcount_avg": g["headcount"] / days,
            "early_leavers": g["early_leavers"],
            "new_hires": g["new_hires"],
        }
    )


def target(con, vendor: str, kpi: str, month: pd.Period) -> dict:
    cid = contracts.contract_id(con, vendor)
    found = contracts.targets_in_force(con, cid, month.end_time.date())
    return found[found["kpi"] == kpi].iloc[0].to_dict()


# --- shape ------------------------------------------------------------------------------------


def test_the_demo_has_four_vendors_eighteen_months_and_three_channels(loaded, dcon, rows):
    _, summary, _ = loaded
    assert set(rows["vendor"]) == VENDORS
    assert summary["vendors"] == 4 and summary["fact_rows"] == len(rows)
    assert rows["month"].nunique() == 18
    assert rows["date"].min() == date(2025, 4, 1) and rows["date"].max() == date(2026, 9, 30)
    assert set(rows["channel"]) == {"voice", "chat", "email"}
    assert (rows["grain"] == "day").all()
    # Each vendor serves two programs; each program has at least two vendors to rank.
    programs = rows.groupby("vendor")["program"].nunique()
    assert (programs == 2).all()
    assert (rows.groupby("program")["vendor"].nunique() >= 2).all()
    assert set(rows["program"]) == {
        r[0] for r in dcon.execute("SELECT name FROM programs").fetchall()
    }
    sites = dcon.execute(
        "SELECT v.name, count(*), count(country) FROM sites JOIN vendors v USING (vendor_id) GROUP BY 1"
    ).fetchall()
    assert all(2 <= n <= 3 and n == with_country for _, n, with_country in sites)
    assert len(sites) == 4
    assert dcon.execute("SELECT DISTINCT source FROM import_batches").fetchall() == [("demo",)]
    # Leadership contacts are recorded for every vendor.
    assert (
        dcon.execute(
            "SELECT count(*) FROM vendors WHERE account_manager IS NOT NULL "
            "AND operations_director IS NOT NULL AND executive_sponsor IS NOT NULL"
        ).fetchone()[0]
        == 4
    )


def test_the_new_vendor_starts_seven_months_before_the_end(rows):
    first = rows.groupby("vendor")["date"].min()
    assert first["Dunmore Digital"] == periods.add_months(END, -6)
    assert (first.drop("Dunmore Digital") == date(2025, 4, 1)).all()


def test_every_component_is_filled_and_internally_consistent(rows):
    c = rows[list(COMPONENT_NAMES)]
    assert not c.isna().any().any(), "every component of the catalogue is reported"
    assert (c.drop(columns=["invoiced_amount"]) >= 0).all().all()
    counts = [
        n
        for n in COMPONENT_NAMES
        if n not in ("invoiced_amount", "billed_units", "wait_time_sec", "handle_time_sec")
    ]
    assert (c[counts] == c[counts].round()).all().all(), "counts are whole numbers"
    r = rows
    assert (r["answered"] + r["abandoned"] == r["offered"]).all()
    assert (r["answered_within_sl"] <= r["answered"]).all()
    assert (r["short_abandoned"] <= r["abandoned"]).all()
    assert (r["fcr_eligible"] <= r["answered"]).all()
    assert (r["resolved_first_contact"] <= r["fcr_eligible"]).all()
    assert (r["csat_satisfied"] <= r["csat_responses"]).all()
    assert (r["csat_responses"] <= r["answered"]).all()
    assert (r["nps_promoters"] + r["nps_detractors"] <= r["nps_responses"]).all()
    assert (r["qa_points"] <= r["qa_possible"]).all()
    assert (r["intervals"] == 48).all()
    assert (r["intervals_meeting_sl"] <= r["intervals"]).all()
    assert (r["early_leavers"] <= r["leavers"]).all()
    assert (r["trained"] <= r["training_assigned"]).all()
    assert (r["headcount"] >= 1).all()
    assert ((r["answered"] > 0) | (r["handle_time_sec"] == 0)).all()


def test_levels_are_in_realistic_ranges(rows):
    for vendor in VENDORS:
        m = monthly(rows, vendor)
        assert m["service_level"].between(0.6, 0.95).all(), vendor
        assert (m["abandon_rate"] < 0.08).all(), vendor
        assert m["csat"].between(0.74, 0.92).all(), vendor
        assert m["qa_score"].between(0.82, 0.96).all(), vendor
        assert m["attrition"].between(0.01, 0.2).all(), vendor
        # About one in five new hires leaves early (over the whole period, per vendor).
        early = m["early_leavers"].sum() / m["new_hires"].sum()
        assert 0.12 <= early <= 0.45, (vendor, early)  # the new vendor's ramp runs higher
    steady = monthly(rows, "Northwind Contact")
    assert (steady["abandon_rate"] < 0.05).all()
    assert steady["csat"].between(0.75, 0.90).all() and steady["qa_score"].between(0.85, 0.95).all()
    assert steady["attrition"].between(0.02, 0.08).all()
    assert 0.15 <= steady["early_leavers"].sum() / steady["new_hires"].sum() <= 0.25
    voice = rows[rows["channel"] == "voice"]
    aht = (
        voice.groupby(["vendor", "program"])["handle_time_sec"].sum()
        / voice.groupby(["vendor", "program"])["answered"].sum()
    )
    assert aht.between(300, 600).all()


def test_headcount_is_a_stock_that_moves_with_hires_and_leavers(rows):
    place = ["vendor", "program", "site", "channel"]
    f = rows.sort_values([*place, "date"])
    step = f.groupby(place)["headcount"].diff().dropna()
    flow = (f["new_hires"] - f["leavers"]).loc[step.index]
    # A day's headcount is the day before plus hires minus leavers (never below 1).
    assert ((step == flow) | (f.loc[step.index, "headcount"] == 1)).mean() > 0.99


def test_volumes_follow_the_week(rows):
    dow = pd.to_datetime(rows["date"]).dt.day_of_week
    by_day = rows.assign(dow=dow).groupby(["channel", "dow"])["offered"].sum()
    for channel in ("voice", "chat", "email"):
        assert by_day[channel][0] == by_day[channel].max()  # Monday peak
        assert by_day[channel][6] < 0.5 * by_day[channel][0]  # Sunday low
    weekend_share = {
        ch: (by_day[ch][5] + by_day[ch][6]) / by_day[ch].sum() for ch in ("voice", "chat", "email")
    }
    assert weekend_share["email"] < weekend_share["chat"] < weekend_share["voice"]


def test_invoices_follow_each_pricing_model(dcon, rows):
    pricing = dict(
        dcon.execute(
            "SELECT v.name, c.pricing FROM contracts c JOIN vendors v USING (vendor_id)"
        ).fetchall()
    )
    assert len(set(pricing.values())) == 4
    for vendor in VENDORS:
        f = rows[rows["vendor"] == vendor]
        rate = f["invoiced_amount"] / f["billed_units"]
        assert np.allclose(rate, rate.median(), rtol=0.01), vendor  # one unit rate per contract
    per_contact = rows[rows["vendor"] == "Crestline Services"]
    assert (per_contact["billed_units"] >= per_contact["answered"]).all()
    over_billed = per_contact.groupby("month")[["billed_units", "answered"]].sum()
    ratio = over_billed["billed_units"] / over_billed["answered"]
    assert (ratio > 1.01).sum() == 1  # the one over-billed month behind the billing escalation


# --- stories ----------------------------------------------------------------------------------


def test_the_steady_vendor_meets_every_critical_level_every_month(dcon, rows):
    m = monthly(rows, "Northwind Contact")
    for month, k in m.iterrows():
        sl = target(dcon, "Northwind Contact", "service_level", month)
        assert k["service_level"] >= sl["expected"], month
        assert (
            k["abandon_rate"]
            <= target(dcon, "Northwind Contact", "abandon_rate", month)["expected"]
        )
        assert k["csat"] >= target(dcon, "Northwind Contact", "csat", month)["expected"]
        assert k["qa_score"] >= target(dcon, "Northwind Contact", "qa_score", month)["expected"]


def test_the_declining_vendor_defaults_on_service_level_only_in_its_last_two_months(dcon, rows):
    m = monthly(rows, "Bluebird BPO")
    months = list(m.index)
    minimum = {p: target(dcon, "Bluebird BPO", "service_level", p)["minimum"] for p in months}
    below = [p for p in months if m.loc[p, "service_level"] < minimum[p]]
    assert below == months[-2:]
    first_year = rows[(rows["vendor"] == "Bluebird BPO") & rows["month"].isin(months[:12])]
    first_year_sl = first_year["answered_within_sl"].sum() / first_year["offered"].sum()
    assert (m["service_level"].iloc[-2:] < first_year_sl - 0.05).all()
    # The slide is visible before the default: four months of decline, each lower than the last.
    slide = m["service_level"].iloc[-6:-2]
    assert (slide.diff().dropna() < 0).all()
    assert slide.iloc[-1] < target(dcon, "Bluebird BPO", "service_level", months[-3])["expected"]


def test_the_declining_vendor_shows_rising_attrition_and_falling_quality(rows):
    f = rows[rows["vendor"] == "Bluebird BPO"]
    months = sorted(f["month"].unique())
    first, last3 = f[f["month"].isin(months[:12])], f[f["month"].isin(months[-3:])]

    def attrition(part):
        return (
            part["leavers"].sum()
            / (part["headcount"].sum() / part["date"].nunique())
            / part["month"].nunique()
        )

    def ratio(part, num, den):
        return part[num].sum() / part[den].sum()

    assert attrition(last3) > 1.4 * attrition(first)
    assert ratio(last3, "early_leavers", "new_hires") > ratio(first, "early_leavers", "new_hires")
    assert (
        ratio(last3, "csat_satisfied", "csat_responses")
        < ratio(first, "csat_satisfied", "csat_responses") - 0.03
    )
    assert (
        ratio(last3, "qa_points", "qa_possible") < ratio(first, "qa_points", "qa_possible") - 0.02
    )
    # Attrition already rises six months before the end, before service level defaults.
    m = monthly(rows, "Bluebird BPO")
    assert m["attrition"].iloc[-6:-2].mean() > m["attrition"].iloc[:12].mean()


def test_the_volatile_vendor_swings_and_sometimes_misses(dcon, rows):
    volatile = monthly(rows, "Crestline Services")["sl_less_short"]
    steady = monthly(rows, "Northwind Contact")["service_level"]
    assert volatile.diff().abs().mean() > 4 * steady.diff().abs().mean()
    expected = [
        target(dcon, "Crestline Services", "service_level", p)["expected"] for p in volatile.index
    ]
    misses = (volatile < expected).sum()
    assert 2 <= misses <= 5  # sometimes, not always, and never four in a row of twelve
    minimum = [
        target(dcon, "Crestline Services", "service_level", p)["minimum"] for p in volatile.index
    ]
    assert (volatile >= minimum).all()


def test_the_new_vendor_ramps_up_to_target(dcon, rows):
    m = monthly(rows, "Dunmore Digital")
    assert len(m) == 7
    sl = m["service_level"]
    first, last = sl.index[0], sl.index[-1]
    assert sl[first] < target(dcon, "Dunmore Digital", "service_level", first)["expected"]
    assert sl[first] < sl[last] - 0.1
    for p in sl.index[-2:]:
        assert sl[p] >= target(dcon, "Dunmore Digital", "service_level", p)["expected"]
    assert m["aht"].iloc[0] > m["aht"].iloc[-1] and m["qa_score"].iloc[0] < m["qa_score"].iloc[-1]


# --- contracts and governance records -----------------------------------------------------------


def test_each_contract_has_weighted_targets_and_an_amendment_that_keeps_history(dcon):
    for vendor in VENDORS:
        cid = contracts.contract_id(dcon, vendor)
        original = contracts.targets_in_force(
            dcon,
            cid,
            dcon.execute(
                "SELECT start_date FROM contracts WHERE contract_id = ?", [cid]
            ).fetchone()[0],
        )
        # Seven KPIs; Crestline's contract also scores the stakeholder survey.
        kpis = 8 if vendor == "Crestline Services" else 7
        assert len(original) == kpis and original["weight"].sum() == 100
        critical = original[original["tier"] == "critical"]
        assert set(critical["kpi"]) == {"service_level", "abandon_rate", "csat", "qa_score"}
        assert critical["allocation_pct"].notna().all()
        now = contracts.targets_in_force(dcon, cid, LAST.end)
        assert len(now) == kpis and now["weight"].sum() == 100
        assert (now["version"] > 1).any(), vendor  # an amendment changed at least one target
    amendments = dcon.execute(
        "SELECT count(*), count(DISTINCT contract_id), bool_and(reason <> '' AND approved_by <> '') "
        "FROM amendments"
    ).fetchone()
    assert amendments == (4, 4, True)
    # Amended versions close the day before the new one starts; nothing overlaps.
    gaps = dcon.execute(
        "SELECT count(*) FROM targets a JOIN targets b ON a.contract_id = b.contract_id "
        "AND a.kpi = b.kpi AND b.version = a.version + 1 "
        "WHERE a.effective_to <> b.effective_from - INTERVAL 1 DAY OR b.amendment_id IS NULL"
    ).fetchone()[0]
    assert gaps == 0
    sl = dcon.execute(
        "SELECT t.expected, t.minimum, t.effective_from FROM targets t JOIN contracts c USING (contract_id) "
        "JOIN vendors v USING (vendor_id) WHERE v.name = 'Northwind Contact' AND t.kpi = 'service_level' "
        "ORDER BY t.version"
    ).fetchall()
    assert [(e, m) for e, m, _ in sl] == [(0.80, 0.75), (0.85, 0.80)]
    assert sl[1][2] == periods.add_months(END, -8)


def test_escalations_cover_severities_statuses_and_keep_their_history(dcon):
    esc = dcon.execute(
        "SELECT v.name, e.severity, e.status, e.level, e.category, e.escalation_id "
        "FROM escalations e JOIN vendors v USING (vendor_id)"
    ).df()
    assert set(esc["status"]) == {"open", "acknowledged", "escalated", "resolved", "closed"}
    assert len(set(esc["severity"])) >= 3 and len(set(esc["category"])) >= 4
    open_p2 = esc[
        (esc["name"] == "Bluebird BPO") & (esc["severity"] == "P2") & (esc["status"] == "open")
    ]
    assert len(open_p2) == 1
    last = dcon.execute(
        "SELECT escalation_id, arg_max(to_status, event_id), arg_max(to_level, event_id), count(*) "
        "FROM escalation_events GROUP BY 1"
    ).fetchall()
    by_id = esc.set_index("escalation_id")
    for escalation_id, status, level, events in last:
        assert (by_id.loc[escalation_id, "status"], by_id.loc[escalation_id, "level"]) == (
            status,
            level,
        )
        assert events >= 1
    done = dcon.execute(
        "SELECT count(*) FROM escalations WHERE status IN ('resolved', 'closed') "
        "AND (resolved_at IS NULL OR resolution IS NULL)"
    ).fetchone()[0]
    assert done == 0


def test_meetings_decisions_and_actions_are_recorded(dcon):
    kinds = dict(dcon.execute("SELECT kind, count(*) FROM meetings GROUP BY 1").fetchall())
    assert kinds["MBR"] >= 12 and kinds["QBR"] >= 3 and kinds["steering"] >= 1
    held = dcon.execute(
        "SELECT count(*), count(minutes) FROM meetings WHERE meeting_date <= ?", [LAST.end]
    ).fetchone()
    assert held[0] == held[1] > 0  # every meeting already held has minutes
    assert dcon.execute("SELECT count(*) FROM decisions").fetchone()[0] >= 5
    actions = dcon.execute(
        "SELECT owner_side, status, due_date, completed_at FROM action_items"
    ).df()
    assert set(actions["owner_side"]) == {"client", "vendor"}
    done = actions[actions["status"] == "done"]
    assert len(done) >= 2 and done["completed_at"].notna().all()
    overdue = actions[
        actions["status"].isin(["open", "in_progress"])
        & (pd.to_datetime(actions["due_date"]) <= pd.Timestamp(LAST.end))
    ]
    assert len(overdue) >= 2


def test_everything_was_written_through_audited_services(dcon):
    actions = dict(
        dcon.execute(
            "SELECT action, count(*) FROM audit_events WHERE actor = ? GROUP BY 1",
            [DEMO_ACTOR.name],
        ).fetchall()
    )
    assert actions["facts.load"] == 4
    assert actions["contract.create"] == 4 and actions["contract.amend"] == 4
    assert actions["vendor.add"] == 4 and actions["site.add"] == 10
    assert (
        actions["escalation.raise"]
        == dcon.execute("SELECT count(*) FROM escalations").fetchone()[0]
    )
    assert actions["meeting.create"] == dcon.execute("SELECT count(*) FROM meetings").fetchone()[0]
    assert actions["action.add"] == dcon.execute("SELECT count(*) FROM action_items").fetchone()[0]
    others = dcon.execute("SELECT count(*) FROM audit_events WHERE actor <> ?", [DEMO_ACTOR.name])
    assert others.fetchone()[0] == 0


def test_no_text_anywhere_directs_or_evaluates_individual_staff(dcon):
    columns = dcon.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' AND data_type = 'VARCHAR'"
    ).fetchall()
    pattern = re.compile("|".join(RISKY), re.IGNORECASE)
    texts = 0
    for table, column in columns:
        values = dcon.execute(
            f"SELECT DISTINCT {quoting.quote_ident(column)} FROM {quoting.quote_ident(table)} "  # noqa: S608
            f"WHERE {quoting.quote_ident(column)} IS NOT NULL"
        ).fetchall()
        for (value,) in values:
            texts += 1
            found = pattern.search(value)
            assert found is None, f"{table}.{column}: {found.group(0)!r} in {value!r}"
    assert texts > 100
    assert db.agent_columns(dcon) == []


def test_the_patterns_catch_the_risky_examples_of_the_domain():
    pattern = re.compile("|".join(RISKY), re.IGNORECASE)
    for text in (
        "remove agent Maria from our account",
        "hire 10 more reps",
        "coach John on his tone",
        "approve her PTO",
        "give the agents a bonus",
        "our supervisors will monitor their calls",
        "invite them to our all-hands",
        "Priya's AHT is too high",
        "write up the agent",
    ):
        assert pattern.search(text), text
    assert not pattern.search("Vendor to present a staffing plan that restores service level")


# --- refusal, permissions, reproducibility ------------------------------------------------------


def test_a_second_load_is_refused_and_changes_nothing(dcon):
    before = dcon.execute("SELECT count(*) FROM kpi_facts").fetchone()[0]
    with pytest.raises(InvalidInput, match="already has vendors"):
        demo.load_demo(dcon, DEMO_ACTOR, end_month=END, exports_dir=Path("/nonexistent"))
    assert dcon.execute("SELECT count(*) FROM kpi_facts").fetchone()[0] == before


def test_only_an_admin_may_load_the_demo(con, manager, tmp_path):
    with pytest.raises(PermissionDenied):
        demo.load_demo(con, manager, end_month=END, exports_dir=tmp_path / "x")
    assert con.execute("SELECT count(*) FROM vendors").fetchone()[0] == 0
    assert not (tmp_path / "x").exists()


def test_the_same_seed_gives_the_same_facts(loaded, rows, tmp_path):
    with db.connect(tmp_path / "again.duckdb") as con:
        demo.load_demo(con, DEMO_ACTOR, end_month=END, exports_dir=tmp_path / "exports")
        again = con.execute(
            "SELECT v.name AS vendor, f.* FROM kpi_facts f JOIN vendors v USING (vendor_id)"
        ).df()
    again["date"] = pd.to_datetime(again["date"]).dt.date
    keys = ["vendor", "program", "site", "channel", "date"]
    a = (
        rows.drop(columns=["month", "vendor_id", "batch_id"])
        .sort_values(keys)
        .reset_index(drop=True)
    )
    b = again.drop(columns=["vendor_id", "batch_id"]).sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b[a.columns])
    first_export = (loaded[2] / "dunmore_contacts_2026-09.csv").read_bytes()
    assert (tmp_path / "exports" / "dunmore_contacts_2026-09.csv").read_bytes() == first_export


def test_another_seed_gives_other_numbers():
    a = plans.generate(seed=1, end_month=END).facts["Northwind Contact"]
    b = plans.generate(seed=2, end_month=END).facts["Northwind Contact"]
    assert a["offered"].sum() != b["offered"].sum()
    assert (
        (a[["date", "program", "site", "channel"]] == b[["date", "program", "site", "channel"]])
        .all()
        .all()
    )


def test_the_end_month_defaults_to_the_last_complete_month():
    assert plans.default_end_month(date(2026, 10, 14)) == date(2026, 9, 1)
    assert plans.default_end_month(date(2026, 1, 1)) == date(2025, 12, 1)
    data = plans.generate(seed=3, end_month=date(2026, 1, 20))
    assert data.window[-1].start == date(2026, 1, 1) and len(data.window) == 18


# --- sample vendor exports ----------------------------------------------------------------------


def facts_for(rows, vendor, **where) -> pd.DataFrame:
    f = rows[(rows["vendor"] == vendor) & (rows["month"] == pd.Period(END, "M"))]
    for k, v in where.items():
        f = f[f[k] == v]
    return f


def test_exports_are_written_with_a_readme(loaded):
    _, summary, out = loaded
    names = sorted(Path(p).name for p in summary["exports"])
    assert names == sorted(
        [
            "README.txt",
            "northwind_daily_2026-09.csv",
            "crestline_daily_2026-09.csv",
            "bluebird_daily_2026-09.xlsx",
            "dunmore_contacts_2026-09.csv",
        ]
    )
    readme = (out / "README.txt").read_text(encoding="utf-8")
    for name in names:
        if name != "README.txt":
            assert name in readme


def test_the_plain_daily_csv_matches_the_loaded_month(loaded, rows):
    a = pd.read_csv(loaded[2] / "northwind_daily_2026-09.csv")
    assert list(a.columns) == [
        "Report Date",
        "LOB",
        "Location",
        "Channel",
        "Calls Offered",
        "Calls Handled",
        "Abandons",
        "Ans < 20s",
        "AHT",
    ]
    f = facts_for(rows, "Northwind Contact")
    assert len(a) == len(f)
    assert a["Calls Offered"].sum() == f["offered"].sum()
    assert a["Ans < 20s"].sum() == f["answered_within_sl"].sum()
    handle = (a["AHT"] * a["Calls Handled"]).sum()
    assert handle == pytest.approx(f["handle_time_sec"].sum(), rel=1e-4)


def test_the_european_csv_uses_semicolons_and_decimal_commas(loaded, rows):
    path = loaded[2] / "crestline_daily_2026-09.csv"
    b = pd.read_csv(path, sep=";", decimal=",", dtype={"Service Level %": str})
    assert b["Date"].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
    assert b["Service Level %"].str.fullmatch(r"\d{1,3},\d %").all()
    assert b["Offered"].sum() == facts_for(rows, "Crestline Services")["offered"].sum()
    assert b["Invoiced Amount"].sum() == pytest.approx(
        facts_for(rows, "Crestline Services")["invoiced_amount"].sum()
    )
    assert "," in path.read_text(encoding="utf-8").splitlines()[1]  # decimal commas in the text


def test_the_excel_report_has_a_title_block_text_durations_and_a_totals_row(loaded, rows):
    wb = openpyxl.load_workbook(loaded[2] / "bluebird_daily_2026-09.xlsx")
    ws = wb.active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0].startswith("Bluebird BPO") and values[3][0] == "Date"
    header = list(values[3])
    body, total = values[4:-1], values[-1]
    f = facts_for(rows, "Bluebird BPO")
    assert len(body) == len(f)
    assert total[0] == "Total"
    assert total[header.index("Contacts Offered")] == f["offered"].sum()
    assert all(re.fullmatch(r"\d+:\d{2}:\d{2}", r[header.index("AHT")]) for r in body)
    assert all(re.fullmatch(r"\d{1,3}\.\d%", r[header.index("Service Level")]) for r in body)


def test_the_contact_level_csv_adds_up_to_the_loaded_slice(loaded, rows):
    d = pd.read_csv(
        loaded[2] / "dunmore_contacts_2026-09.csv", dtype={"Satisfaction (1-5)": "Int64"}
    )
    assert not any(db.is_person_column(c) for c in d.columns)
    assert {"Answered (Y/N)", "Wait Seconds", "Talk Seconds", "Satisfaction (1-5)"} <= set(
        d.columns
    )
    f = facts_for(rows, "Dunmore Digital", program="Collections", site="Belfast", channel="voice")
    answered = d[d["Answered (Y/N)"] == "Y"]
    assert len(d) == f["offered"].sum()
    assert len(answered) == f["answered"].sum()
    assert (answered["Wait Seconds"] <= 20).sum() == f["answered_within_sl"].sum()
    assert answered["Wait Seconds"].sum() == f["wait_time_sec"].sum()
    assert answered["Talk Seconds"].sum() == f["handle_time_sec"].sum()
    scores = d["Satisfaction (1-5)"].dropna()
    assert scores.between(1, 5).all()
    assert len(scores) == f["csat_responses"].sum()
    assert (scores >= 4).sum() == f["csat_satisfied"].sum()


def test_no_export_has_a_column_that_identifies_a_person(loaded):
    out = loaded[2]
    headers = []
    for name in ("northwind_daily_2026-09.csv", "dunmore_contacts_2026-09.csv"):
        headers += list(pd.read_csv(out / name, nrows=1).columns)
    headers += list(pd.read_csv(out / "crestline_daily_2026-09.csv", sep=";", nrows=1).columns)
    headers += [
        c
        for c in list(
            openpyxl.load_workbook(out / "bluebird_daily_2026-09.xlsx").active.iter_rows(
                min_row=4, max_row=4, values_only=True
            )
        )[0]
    ]
    assert headers and not [h for h in headers if db.is_person_column(h)]


def test_the_demo_has_a_stakeholder_survey_that_crestline_scores(dcon):
    """Four quarters of answers per vendor (Dunmore's first with two answers: withheld), and
    Crestline's scorecard scoring the relationship from its quarter's answers, worked out here
    from the stored ratings."""
    answers = dcon.execute(
        "SELECT v.name, r.quarter, count(*), "
        "sum(coalesce(responsiveness, 0) + coalesce(reporting, 0) + coalesce(proactivity, 0) "
        "+ coalesce(partnership, 0)), "
        "count(responsiveness) + count(reporting) + count(proactivity) + count(partnership) "
        "FROM survey_responses r JOIN vendors v USING (vendor_id) GROUP BY ALL"
    ).fetchall()
    by = {(name, q): (n, points, given) for name, q, n, points, given in answers}
    assert {name for name, _ in by} == VENDORS
    quarter = periods.quarter(LAST.start).start
    assert by[("Dunmore Digital", periods.shift(periods.quarter(quarter), -1).start)][0] == 2
    n, points, given = by[("Crestline Services", quarter)]
    cards = scorecard.scorecards(dcon, LAST, vendors=["Crestline Services"], programs=False)
    [line] = cards.lines[cards.lines["kpi"] == "relationship_score"].to_dict("records")
    assert line["actual"] == pytest.approx(points / given) and line["respondents"] == n
