"""Contracts on a page (issue 15, item 7): a contract made from a template or from scratch on the
Contracts page, KPIs by name with levels in their own units and direction-aware labels, the
amendment editor in the same names and units, and vendors without a contract in the pickers."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from governance import contracts, demo
from governance.access import users, vendors
from governance.access.actors import Actor
from governance.kpis import catalogue, frames
from governance.scoring import ratchet, scorecard
from governance.store import db

from .test_pages import APP

CONTRACTS = "app_pages/contracts.py"
SCORECARD = "app_pages/scorecard.py"
NEW_VENDOR = "Beacon Support"  # small_db's second vendor; no contract in small_db


def errors(at: AppTest) -> list[str]:
    """The error boxes' text as read (the page escapes Markdown in messages)."""
    return [e.value.replace("\\", "") for e in at.error]


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def pick_vendor(at: AppTest, vendor: str) -> AppTest:
    at.selectbox(key="contracts_vendor").set_value(vendor).run()
    assert not at.exception, at.exception
    return at


def stored(path, vendor: str) -> tuple[dict, list[tuple]]:
    """The vendor's contract terms and its targets (kpi, expected, minimum, weight, tier,
    allocation_pct, category_pct, window), read straight from the tables."""
    with db.connect(path) as con:
        cur = con.execute(
            "SELECT c.name, c.start_date, c.end_date, c.pricing, c.currency, c.at_risk_pct, "
            "c.sl_threshold_seconds FROM contracts c JOIN vendors v USING (vendor_id) "
            "WHERE v.name = ?",
            [vendor],
        )
        row = cur.fetchone()
        terms = dict(zip([d[0] for d in cur.description], row, strict=True)) if row else {}
        targets = con.execute(
            "SELECT t.kpi, t.expected, t.minimum, t.weight, t.tier, t.allocation_pct, "
            "t.category_pct, t.measurement_window FROM targets t "
            "JOIN contracts c USING (contract_id) JOIN vendors v USING (vendor_id) "
            "WHERE v.name = ? ORDER BY t.target_id",
            [vendor],
        ).fetchall()
    return terms, targets


def line(at: AppTest, kpi_code: str, field: str):
    return at.number_input(key=f"cn_{kpi_code}_{field}")


def fill_from_scratch(at: AppTest) -> None:
    """A two-KPI contract typed by hand: service level 80 % / 65 %, AHT 280 s / 320 s."""
    at.text_input(key="cn_name").input("Billing care SOW")
    at.date_input(key="cn_start").set_value(date(2026, 9, 1))
    at.selectbox(key="cn_pricing").set_value("per_contact")
    at.selectbox(key="cn_currency").set_value("EUR")
    at.number_input(key="cn_at_risk").set_value(12.0)
    at.multiselect(key="cn_kpis").set_value(["Service level", "Average handle time"]).run()
    line(at, "service_level", "expected").set_value(80.0)
    line(at, "service_level", "limit").set_value(65.0)
    line(at, "service_level", "weight").set_value(50.0)
    at.selectbox(key="cn_service_level_tier").set_value("critical").run()  # enables allocation
    line(at, "service_level", "allocation_pct").set_value(50.0)
    line(at, "aht", "expected").set_value(280.0)
    line(at, "aht", "limit").set_value(320.0)
    line(at, "aht", "weight").set_value(40.0)  # 50 + 40: not 100 yet
    at.run()
    assert not at.exception, at.exception


# --- a vendor without a contract ------------------------------------------------------------------


def test_a_vendor_without_a_contract_is_in_both_pickers_marked(small_db):
    with db.connect(small_db) as con:  # Alpha Care gets a contract, Beacon Support none
        contracts.create_contract(
            con,
            Actor("a", "admin"),
            contracts.starter("voice", vendor="Alpha Care", start=date(2026, 1, 1)),
        )
    at = open_page(CONTRACTS)
    assert at.selectbox(key="contracts_vendor").options == [
        "Alpha Care",
        f"{NEW_VENDOR} — no contract yet",
    ]
    pick_vendor(at, NEW_VENDOR)
    assert any("has no contract yet" in i.value for i in at.info)
    assert at.button(key="cn_create")  # the page offers to make one

    at = open_page(SCORECARD)
    box = at.selectbox(key="scorecard_vendor")
    assert box.options == ["Alpha Care", f"{NEW_VENDOR} — no contract yet"]
    box.set_value(NEW_VENDOR).run()
    assert not at.exception, at.exception
    assert any(f"{NEW_VENDOR}** has no contract yet" in i.value for i in at.info)
    assert not at.metric  # no score pretends to exist
    at.button(key="scorecard_make_contract").click().run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Contracts"]
    assert at.selectbox(key="contracts_vendor").value == NEW_VENDOR
    assert at.button(key="cn_create")


def test_a_reader_sees_the_vendor_without_a_contract_but_no_form(small_db):
    with db.connect(small_db) as con:
        users.add(con, Actor("a", "admin"), "lee@client.example", "leadership")
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = {"is_logged_in": True, "email": "lee@client.example"}
    at.run()
    at.switch_page(CONTRACTS).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="contracts_vendor").options[0] == "Alpha Care — no contract yet"
    [note] = [i.value for i in at.info]
    assert "has no contract yet" in note and "Make one below" not in note
    assert not [b for b in at.button if b.key == "cn_create"]
    at.switch_page(SCORECARD).run()
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key == "scorecard_make_contract"]


# --- a contract from a template ---------------------------------------------------------------------


def test_a_contract_from_the_chat_template(small_db):
    at = pick_vendor(open_page(CONTRACTS), NEW_VENDOR)
    at.selectbox(key="cn_template").set_value("chat").run()
    at.button(key="cn_apply_template").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="cn_name").value == "Chat services"
    # KPIs by name, levels in their own unit: 80 (%), 600 (s); never codes or fractions.
    assert at.multiselect(key="cn_kpis").value == [
        "Service level",
        "Abandonment rate",
        "Average handle time",
        "First contact resolution",
        "Customer satisfaction",
        "Quality score",
    ]
    assert line(at, "service_level", "expected").value == 80.0
    assert line(at, "abandon_rate", "limit").value == 10.0
    assert line(at, "aht", "expected").value == 600.0
    assert at.number_input(key="cn_sl_threshold").value == 60
    assert any("Weights total **100** of 100" in m.value for m in at.markdown)
    at.date_input(key="cn_start").set_value(date(2026, 9, 1))
    at.date_input(key="cn_end").set_value(date(2029, 8, 31)).run()
    at.button(key="cn_create").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    assert any("Created the contract 'Chat services'" in s.value for s in at.success)
    # The page now shows the vendor's contract, no longer marked.
    assert at.selectbox(key="contracts_vendor").options[1] == NEW_VENDOR
    assert any(s.value == "Targets over time" for s in at.subheader)

    terms, targets = stored(small_db, NEW_VENDOR)
    assert terms == {
        "name": "Chat services",
        "start_date": date(2026, 9, 1),
        "end_date": date(2029, 8, 31),
        "pricing": "per_contact",
        "currency": "USD",
        "at_risk_pct": 10.0,
        "sl_threshold_seconds": 60,
    }
    assert targets == [
        ("service_level", 0.80, 0.75, 25.0, "critical", 40.0, None, "month"),
        ("abandon_rate", 0.05, 0.10, 10.0, "critical", 20.0, None, "month"),
        ("aht", 600.0, 720.0, 10.0, "key", None, None, "month"),
        ("fcr", 0.70, 0.65, 15.0, "key", None, None, "month"),
        ("csat", 0.80, 0.75, 20.0, "critical", 20.0, None, "month"),
        ("qa_score", 0.90, 0.85, 20.0, "critical", 20.0, None, "month"),
    ]
    with db.connect(small_db) as con:
        [(actor, after)] = con.execute(
            "SELECT actor, after FROM audit_events WHERE action = 'contract.create'"
        ).fetchall()
    assert json.loads(after)["name"] == "Chat services" and actor


# --- a contract from scratch ------------------------------------------------------------------------


def test_direction_aware_labels_and_units_on_the_form(small_db):
    at = pick_vendor(open_page(CONTRACTS), NEW_VENDOR)
    at.multiselect(key="cn_kpis").set_value(
        ["Abandonment rate", "Service level", "Average handle time"]
    )
    at.run()
    assert not at.exception, at.exception
    assert line(at, "abandon_rate", "limit").label == (
        "Abandonment rate: worse limit (default above) (%)"
    )
    assert line(at, "service_level", "limit").label == (
        "Service level: worse limit (default below) (%)"
    )
    assert line(at, "aht", "limit").label == "Average handle time: worse limit (default above) (s)"
    assert line(at, "aht", "expected").label == "Average handle time: expected (s)"
    shown = [m.value for m in at.markdown]
    assert "**Abandonment rate** · %  \nlower is better; in default above the worse limit" in shown
    assert "**Service level** · %  \nhigher is better; in default below the worse limit" in shown
    # A KPI added by hand starts at typical levels, in its unit: 5 % and 8 %.
    assert (
        line(at, "abandon_rate", "expected").value,
        line(at, "abandon_rate", "limit").value,
    ) == (
        5.0,
        8.0,
    )
    labels = [w.label for w in at.number_input] + [str(o) for o in at.multiselect[0].options]
    assert not [x for x in labels if "Minimum" in x or "abandon_rate" in x or "_" in x]


def test_weights_that_do_not_total_100_are_refused_and_what_was_typed_is_kept(small_db):
    at = pick_vendor(open_page(CONTRACTS), NEW_VENDOR)
    fill_from_scratch(at)
    assert any("Weights total **90** of 100" in m.value for m in at.markdown)
    at.button(key="cn_create").click().run()
    assert not at.exception, at.exception
    assert errors(at) == [
        "The weights add up to 90, not 100. Change them so that they total 100 (each KPI's "
        "weight is its share of the weighted score)."
    ]
    assert stored(small_db, NEW_VENDOR) == ({}, [])
    # Everything typed is still there.
    assert at.text_input(key="cn_name").value == "Billing care SOW"
    assert at.selectbox(key="cn_currency").value == "EUR"
    assert at.multiselect(key="cn_kpis").value == ["Service level", "Average handle time"]
    assert line(at, "service_level", "expected").value == 80.0
    assert line(at, "aht", "limit").value == 320.0
    assert line(at, "aht", "weight").value == 40.0

    line(at, "aht", "weight").set_value(50.0).run()
    at.button(key="cn_create").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    terms, targets = stored(small_db, NEW_VENDOR)
    assert (terms["name"], terms["currency"], terms["at_risk_pct"]) == (
        "Billing care SOW",
        "EUR",
        12.0,
    )
    # 80 % is stored as 0.80, seconds as seconds.
    assert targets == [
        ("service_level", 0.80, 0.65, 50.0, "critical", 50.0, None, "month"),
        ("aht", 280.0, 320.0, 50.0, "key", None, None, "month"),
    ]


def test_an_expected_level_worse_than_the_limit_is_explained_in_the_kpis_words(small_db):
    at = pick_vendor(open_page(CONTRACTS), NEW_VENDOR)
    at.text_input(key="cn_name").input("Abandonment only")
    at.selectbox(key="cn_pricing").set_value("per_contact")
    at.multiselect(key="cn_kpis").set_value(["Abandonment rate"]).run()
    line(at, "abandon_rate", "expected").set_value(8.0)
    line(at, "abandon_rate", "limit").set_value(5.0)
    line(at, "abandon_rate", "weight").set_value(100.0).run()
    at.button(key="cn_create").click().run()
    assert errors(at) == [
        "Abandonment rate: the expected level (8 %) is above the worse limit (5 %). Abandonment "
        "rate is better when lower, so the expected level must be at or below the worse limit."
    ]
    assert line(at, "abandon_rate", "expected").value == 8.0


# --- a contract made on the page scores ----------------------------------------------------------


def test_a_contract_made_on_the_page_is_scored(small_db):
    at = pick_vendor(open_page(CONTRACTS), NEW_VENDOR)
    fill_from_scratch(at)
    line(at, "aht", "weight").set_value(50.0).run()
    at.button(key="cn_create").click().run()
    assert [e.value for e in at.error] == []

    # Beacon Support in October 2026 (small_db): 200 offered a day, 140 answered within the
    # threshold, handle time 300 s per answered contact.
    service_level = (140 * 31) / (200 * 31)  # 0.70: between the limit 0.65 and expected 0.80
    sl_points = (service_level - 0.65) / (0.80 - 0.65) * 100  # 33.3
    aht_points = (320 - 300) / (320 - 280) * 100  # 300 s: half way from 320 to 280 -> 50
    with db.connect(small_db) as con:
        cards = scorecard.scorecards(con, "2026-10", [NEW_VENDOR])
    lines = cards.lines.set_index("kpi")
    assert lines.loc["service_level", "actual"] == pytest.approx(service_level)
    assert lines.loc["service_level", "status"] == "below_target"
    assert lines.loc["service_level", "points"] == pytest.approx(sl_points)
    assert lines.loc["aht", "actual"] == pytest.approx(300.0)
    assert lines.loc["aht", "points"] == pytest.approx(aht_points)
    [card] = cards.summary.to_dict("records")
    assert card["weighted_score"] == pytest.approx((50 * sl_points + 50 * aht_points) / 100)

    at = open_page(SCORECARD)
    at.selectbox(key="scorecard_vendor").set_value(NEW_VENDOR).run()
    assert not at.exception, at.exception
    assert at.metric[0].value == f"{(50 * sl_points + 50 * aht_points) / 100:.1f}"


# --- the amendment editor in names and units -----------------------------------------------------


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 9, 1), exports_dir=path.parent / "x"
        )
    return path


@pytest.fixture
def demo_db(demo_file, tmp_path, monkeypatch):
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_file, path)
    monkeypatch.setenv("GOVERNANCE_DB", str(path))
    return path


def editor_frame(at: AppTest):
    for element in at.dataframe:
        if "Worse limit" in element.value.columns and "Unit" in element.value.columns:
            return element
    raise AssertionError("no targets editor on the page")


def test_the_amendment_editor_shows_kpi_names_and_levels_in_their_units(demo_db):
    at = open_page(CONTRACTS)
    at.date_input(key="contracts_effective_from").set_value(date(2026, 10, 1)).run()
    element = editor_frame(at)
    shown = element.value.set_index("KPI")
    with db.connect(demo_db) as con:
        rows = con.execute(
            "SELECT t.kpi, t.expected, t.minimum FROM targets t JOIN contracts c USING "
            "(contract_id) JOIN vendors v USING (vendor_id) WHERE v.name = 'Bluebird BPO' "
            "AND t.program IS NULL AND t.channel IS NULL AND t.effective_from <= DATE '2026-10-01' "
            "AND (t.effective_to IS NULL OR t.effective_to >= DATE '2026-10-01')"
        ).fetchall()
    percent = {"service_level", "abandon_rate", "fcr", "csat", "qa_score", "attrition"}
    seconds = {"asa", "aht"}
    assert rows
    for kpi, expected, minimum in rows:
        name = catalogue.kpi(kpi).name
        assert name in shown.index, f"{name} missing from {list(shown.index)}"
        row = shown.loc[name]
        if kpi in percent:
            assert (row["Unit"], row["Expected"], row["Worse limit"]) == (
                "%",
                pytest.approx(expected * 100),
                pytest.approx(minimum * 100),
            )
        elif kpi in seconds:
            assert (row["Unit"], row["Expected"]) == ("s", pytest.approx(expected))
    assert shown.loc["Abandonment rate", "Better"] == "lower is better"
    assert shown.loc["Service level", "Better"] == "higher is better"
    assert not {"kpi", "expected", "minimum"} & set(element.value.columns)
    # No internal code anywhere in the table; the id column stays hidden.
    codes = set(catalogue.KPI_CODES)
    assert not codes & set(element.value["KPI"])
    config = json.loads(element.proto.columns)
    labels = {c.get("label") for c in config.values() if isinstance(c, dict)}
    assert "Worse limit" in labels and "Minimum" not in labels
    history = next(d.value for d in at.dataframe if "Amendment" in d.value.columns)
    assert "Worse limit" in history.columns and "Minimum" not in history.columns


def test_an_amendment_in_percent_is_stored_as_a_fraction(demo_db):
    at = open_page(CONTRACTS)
    at.date_input(key="contracts_effective_from").set_value(date(2026, 10, 1)).run()
    table = editor_frame(at).value
    row = int(table.index[table["KPI"] == "Abandonment rate"][0])
    at.session_state["contracts_targets_editor"] = {
        "edited_rows": {row: {"Expected": 3.5}},
        "added_rows": [{"KPI": "Net promoter score", "Expected": 35.0, "Worse limit": 25.0}],
        "deleted_rows": [],
    }
    at.text_input(key="contracts_reason").input("Abandonment tightened, NPS reported")
    at.text_input(key="contracts_approver").input("VMO lead")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    with db.connect(demo_db) as con:
        got = dict(
            con.execute(
                "SELECT t.kpi, t.expected FROM targets t JOIN amendments a USING (amendment_id) "
                "WHERE a.reason = 'Abandonment tightened, NPS reported'"
            ).fetchall()
        )
    assert got == {"abandon_rate": pytest.approx(0.035), "nps": pytest.approx(35.0)}


def test_an_amendment_with_the_limit_on_the_wrong_side_says_so_in_units(demo_db):
    at = open_page(CONTRACTS)
    at.date_input(key="contracts_effective_from").set_value(date(2026, 10, 1)).run()
    table = editor_frame(at).value
    row = int(table.index[table["KPI"] == "Average handle time"][0])
    limit = table.loc[row, "Worse limit"]
    at.session_state["contracts_targets_editor"] = {
        "edited_rows": {row: {"Expected": limit + 60}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_input(key="contracts_reason").input("Longer calls")
    at.text_input(key="contracts_approver").input("VMO lead")
    at.button[0].click().run()
    assert not at.exception, at.exception
    [error] = errors(at)
    assert error.startswith(
        f"Average handle time: the expected level ({limit + 60:g} s) is above the worse limit "
        f"({limit:g} s)"
    )
    assert at.text_input(key="contracts_reason").value == "Longer calls"


def test_a_vendor_registered_after_the_demo_is_offered_a_contract(demo_db):
    with db.connect(demo_db) as con:  # sorts before every demo vendor
        vendors.add_vendors(con, Actor("a", "admin"), ["Acme Outsourcing"])
    at = open_page(CONTRACTS)
    box = at.selectbox(key="contracts_vendor")
    assert box.options[0] == "Acme Outsourcing — no contract yet"
    assert "Bluebird BPO" in box.options
    assert box.value == "Bluebird BPO"  # the page opens on a vendor with a contract
    at = open_page(SCORECARD)
    assert at.selectbox(key="scorecard_vendor").value == "Bluebird BPO"
    assert at.metric  # a scorecard, not the no-contract note


def test_the_ratchet_proposes_next_year_s_levels_and_applies_them(demo_db):
    at = pick_vendor(open_page("app_pages/contracts.py"), "Crestline Services")
    year = date.today().year + 1
    assert at.selectbox(key="contracts_ratchet_year").value == year
    table = next(f.value for f in at.dataframe if "Proposed" in f.value.columns)
    with db.connect(demo_db) as con:
        found = ratchet.propose(con, "Crestline Services", year)
    # The page shows the proposals the command gives, each with its arithmetic.
    assert len(table) == len(found.proposals) > 0
    arithmetic = " ".join(m.value for m in at.markdown)
    assert all(p.note in arithmetic.replace("\\", "") for p in found.proposals)
    at.text_input(key="contracts_ratchet_approver").input("VMO lead")
    at.button(key="contracts_ratchet_apply").click().run()
    assert not at.exception, at.exception
    assert any(f"effective 1 Jan {year}" in s.value for s in at.success)
    changed = [p for p in found.proposals if p.proposed is not None]
    with db.connect(demo_db) as con:
        cid = contracts.contract_id(con, "Crestline Services")
        after = contracts.editable_targets(con, cid, date(year, 1, 1))
    for p in changed:
        [row] = after[(after["kpi"] == p.kpi) & after["program"].isna()].to_dict("records")
        assert row["expected"] == pytest.approx(p.proposed)


def test_an_excused_event_recorded_on_the_page_is_left_out_of_the_scorecard(demo_db, capsys):
    at = pick_vendor(open_page("app_pages/contracts.py"), "Bluebird BPO")
    with db.connect(demo_db) as con:
        before = scorecard.scorecards(con, "2026-09", ["Bluebird BPO"], programs=False).lines
    at.date_input(key="excused_from").set_value(date(2026, 9, 14)).run()
    at.date_input(key="excused_to").set_value(date(2026, 9, 16)).run()
    at.text_area(key="excused_reason").input("Client telephony outage").run()
    at.text_input(key="excused_approver").input("VMO lead").run()
    at.button(key="excused_save").click().run()
    assert not at.exception, at.exception
    table = next(f.value for f in at.dataframe if {"Days", "Scope"} <= set(f.value.columns))
    assert list(table["Days"]) == ["14–16 Sep 2026"] and list(table["Scope"]) == ["whole vendor"]
    with db.connect(demo_db) as con:
        after = scorecard.scorecards(con, "2026-09", ["Bluebird BPO"], programs=False).lines
    sl_before = before[before["kpi"] == "service_level"].iloc[0]
    sl_after = after[after["kpi"] == "service_level"].iloc[0]
    assert sl_after["denominator"] < sl_before["denominator"]  # three days fewer offered
    assert sl_after["excused"].startswith("3 days excused")
    [csat] = frames.plain_records(after[after["kpi"] == "csat"])
    assert csat["excused"] is None
    assert csat["actual"] == before[before["kpi"] == "csat"].iloc[0]["actual"]


def test_a_rate_changed_in_the_amendment_editor_is_a_dated_rate_version(demo_db):
    """Issue 19, item 1: the rate card changes by amendment, on the page, like targets."""
    at = open_page(CONTRACTS)
    assert "Rate card over time" in [s.value for s in at.subheader]
    at.date_input(key="contracts_effective_from").set_value(date(2026, 12, 1)).run()
    rates = next(
        d
        for d in at.dataframe
        if "Minimum monthly" in d.value.columns and "Banding" in d.value.columns
    )
    shown = rates.value
    assert len(shown) >= 1
    assert "rate_id" not in rates.proto.column_order  # the id stays hidden
    first = shown.iloc[0]
    at.session_state["contracts_rates_editor"] = {
        "edited_rows": {0: {"Price": "9.99"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_input(key="contracts_reason").input("Rate indexation for 2027")
    at.text_input(key="contracts_approver").input("VMO lead")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    with db.connect(demo_db) as con:
        got = con.execute(
            "SELECT r.price, r.effective_from, r.version, a.approved_by FROM rate_cards r "
            "JOIN amendments a USING (amendment_id) WHERE a.reason = 'Rate indexation for 2027'"
        ).fetchall()
        closed = con.execute(
            "SELECT count(*) FROM rate_cards WHERE rate_id = ? AND effective_to = DATE '2026-11-30'",
            [int(first["rate_id"])],
        ).fetchone()[0]
    assert [(str(p), d, a) for p, d, _, a in got] == [("9.990000", date(2026, 12, 1), "VMO lead")]
    assert got[0][2] >= 2 and closed == 1
