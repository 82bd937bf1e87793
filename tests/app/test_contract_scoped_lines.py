"""A KPI line for one program on the Contracts page's form (issue 15, item 7): ＋ adds another
line of a KPI, its program and channel are picked by name, each scorecard's weights are totalled
and checked as scoring counts them, and the program's scorecard is scored on its own target."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance.scoring import scorecard
from governance.store import db

from .test_contract_pages import CONTRACTS, NEW_VENDOR, SCORECARD, errors, open_page, pick_vendor

TECH_OFFERED, TECH_WITHIN = 50.0, 45.0  # Beacon Support's Tech support, a day (added here)


@pytest.fixture
def two_programs(small_db):
    """small_db with a second program for Beacon Support (vendor 2) in Sep and Oct 2026: 50
    offered a day, 45 answered within the threshold, 300 s per answered contact."""
    rows = []
    day = date(2026, 9, 1)
    while day <= date(2026, 10, 31):
        answered = TECH_OFFERED - 3
        rows.append(
            (2, "Tech support", "Site A", "voice", day, TECH_OFFERED, answered, 3.0, TECH_WITHIN)
            + (300.0 * answered,)
        )
        day += timedelta(days=1)
    with db.connect(small_db) as con:
        con.executemany(
            "INSERT INTO kpi_facts (vendor_id, program, site, channel, date, offered, answered, "
            "abandoned, answered_within_sl, handle_time_sec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return small_db


def number(at, key: str):
    return at.number_input(key=key)


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_a_service_level_for_one_program_is_made_on_the_form_and_scored(two_programs):
    at = pick_vendor(open_page(CONTRACTS), NEW_VENDOR)
    at.text_input(key="cn_name").input("Care MSA")
    at.date_input(key="cn_start").set_value(date(2026, 9, 1))
    at.selectbox(key="cn_pricing").set_value("per_contact")
    at.text_input(key="cn_programs").input("Billing care, Tech support")
    at.multiselect(key="cn_kpis").set_value(["Service level", "Average handle time"]).run()
    # Service level 80 % / 65 % and AHT 280 s / 320 s for all programs, half the weight each.
    number(at, "cn_service_level_expected").set_value(80.0)
    number(at, "cn_service_level_limit").set_value(65.0)
    number(at, "cn_service_level_weight").set_value(50.0)
    at.selectbox(key="cn_service_level_tier").set_value("critical").run()
    number(at, "cn_service_level_allocation_pct").set_value(50.0)
    number(at, "cn_aht_expected").set_value(280.0)
    number(at, "cn_aht_limit").set_value(320.0)
    number(at, "cn_aht_weight").set_value(50.0).run()
    assert at.selectbox(key="cn_service_level_program").value == ""  # all programs
    assert at.selectbox(key="cn_service_level_program").options == [
        "All programs",
        "Billing care",
        "Tech support",
    ]
    assert "Weights total **100** of 100" in markdown(at)

    # ＋ on the service level line: a second line, for the first program without one.
    at.button(key="cn_service_level_add").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="cn_service_level_1_program").value == "Billing care"
    assert at.selectbox(key="cn_service_level_1_channel").value == ""  # all channels
    assert number(at, "cn_service_level_1_expected").value == 80.0  # copied, to be changed
    number(at, "cn_service_level_1_expected").set_value(70.0)
    number(at, "cn_service_level_1_limit").set_value(60.0)
    number(at, "cn_service_level_1_weight").set_value(40.0).run()
    shown = markdown(at)
    assert "All programs: weights total **100** of 100" in shown
    assert "Billing care: weights total **90** of 100" in shown  # its 40 + AHT's 50

    at.button(key="cn_create").click().run()
    assert not at.exception, at.exception
    assert errors(at) == [
        "The weights of the Billing care scorecard (its own lines and the lines for all programs "
        "they do not replace) add up to 90, not 100. Change them so that they total 100 (a line "
        "for one program takes the place of the line for all programs of the same KPI and "
        "channel in that program's scorecard)."
    ]
    with db.connect(two_programs) as con:
        assert con.execute("SELECT count(*) FROM contracts").fetchone() == (0,)
    # Nothing typed is lost, the second line included.
    assert at.text_input(key="cn_programs").value == "Billing care, Tech support"
    assert at.selectbox(key="cn_service_level_1_program").value == "Billing care"
    assert number(at, "cn_service_level_1_expected").value == 70.0
    assert number(at, "cn_service_level_1_limit").value == 60.0
    assert at.selectbox(key="cn_service_level_1_tier").value == "critical"

    number(at, "cn_service_level_1_weight").set_value(50.0).run()
    at.button(key="cn_create").click().run()
    assert not at.exception, at.exception
    assert errors(at) == []
    assert any("with 3 KPI lines" in s.value for s in at.success)
    with db.connect(two_programs) as con:
        stored = con.execute(
            "SELECT kpi, program, channel, expected, minimum, weight, tier, allocation_pct "
            "FROM targets ORDER BY target_id"
        ).fetchall()
    assert stored == [  # a KPI's lines together, in the form's order
        ("service_level", None, None, 0.80, 0.65, 50.0, "critical", 50.0),
        ("service_level", "Billing care", None, 0.70, 0.60, 50.0, "critical", 50.0),
        ("aht", None, None, 280.0, 320.0, 50.0, "key", None),
    ]

    # October 2026 by hand. Billing care: 200 offered a day, 140 within; Tech support: 50, 45.
    billing_sl = 140 / 200  # 0.70: at its own expected level 70 % -> met
    tech_sl = TECH_WITHIN / TECH_OFFERED  # 0.90: above 80 % for all programs -> met
    vendor_sl = (140 + TECH_WITHIN) / (200 + TECH_OFFERED)  # 0.74: between 65 % and 80 %
    vendor_sl_points = (vendor_sl - 0.65) / (0.80 - 0.65) * 100  # 60
    aht_points = (320 - 300) / (320 - 280) * 100  # 300 s everywhere: 50
    with db.connect(two_programs) as con:
        cards = scorecard.scorecards(con, "2026-10", [NEW_VENDOR])
    lines = cards.lines[cards.lines["kpi"] == "service_level"]
    sl = {
        (None if p != p else p): row
        for p, row in zip(lines["program"], lines.to_dict("records"), strict=True)
    }
    assert sl["Billing care"]["expected"] == pytest.approx(0.70)  # the program's own target
    assert sl["Billing care"]["actual"] == pytest.approx(billing_sl)
    assert (sl["Billing care"]["status"], sl["Billing care"]["points"]) == ("met", 100.0)
    assert sl["Tech support"]["expected"] == pytest.approx(0.80)
    assert sl["Tech support"]["actual"] == pytest.approx(tech_sl)
    assert sl["Tech support"]["status"] == "met"
    assert sl[None]["actual"] == pytest.approx(vendor_sl)
    assert sl[None]["status"] == "below_target"
    assert sl[None]["points"] == pytest.approx(vendor_sl_points)
    score = {
        (None if p != p else p): s
        for p, s in zip(cards.summary["program"], cards.summary["weighted_score"], strict=True)
    }
    assert score["Billing care"] == pytest.approx((50 * 100 + 50 * aht_points) / 100)  # 75
    assert score[None] == pytest.approx((50 * vendor_sl_points + 50 * aht_points) / 100)  # 55

    at = open_page(SCORECARD)
    at.selectbox(key="scorecard_vendor").set_value(NEW_VENDOR).run()
    assert not at.exception, at.exception
    assert at.metric[0].value == f"{(50 * vendor_sl_points + 50 * aht_points) / 100:.1f}"
    at.selectbox(key="scorecard_program").set_value("Billing care").run()
    assert not at.exception, at.exception
    assert at.metric[0].value == f"{(50 * 100 + 50 * aht_points) / 100:.1f}"


def test_a_further_line_goes_with_its_kpi_and_can_be_removed(small_db):
    at = pick_vendor(open_page(CONTRACTS), NEW_VENDOR)
    at.text_input(key="cn_programs").input("Billing care")
    at.multiselect(key="cn_kpis").set_value(["Service level", "Abandonment rate"]).run()
    at.button(key="cn_abandon_rate_add").click().run()
    assert at.selectbox(key="cn_abandon_rate_1_program").value == "Billing care"
    # The only program has a line now: the next one is for all programs, to be changed.
    at.button(key="cn_abandon_rate_add").click().run()
    assert at.selectbox(key="cn_abandon_rate_2_program").value == ""
    at.selectbox(key="cn_abandon_rate_2_channel").set_value("chat").run()
    assert at.selectbox(key="cn_abandon_rate_2_channel").value == "chat"
    assert "Chat" in at.selectbox(key="cn_abandon_rate_2_channel").options
    at.button(key="cn_abandon_rate_1_remove").click().run()
    assert not at.exception, at.exception
    keys = {s.key for s in at.selectbox}
    assert "cn_abandon_rate_1_program" not in keys and "cn_abandon_rate_2_program" in keys
    # Taking the KPI out of the picker takes its lines with it; putting it back starts afresh.
    at.multiselect(key="cn_kpis").set_value(["Service level"]).run()
    at.multiselect(key="cn_kpis").set_value(["Service level", "Abandonment rate"]).run()
    assert not at.exception, at.exception
    keys = {s.key for s in at.selectbox}
    assert "cn_abandon_rate_program" in keys and "cn_abandon_rate_2_program" not in keys


def test_a_program_taken_out_of_scope_stays_on_its_line_and_is_named(small_db):
    at = pick_vendor(open_page(CONTRACTS), NEW_VENDOR)
    at.text_input(key="cn_name").input("Care MSA")
    at.selectbox(key="cn_pricing").set_value("per_contact")
    at.text_input(key="cn_programs").input("Billing care")
    at.multiselect(key="cn_kpis").set_value(["Service level"]).run()
    number(at, "cn_service_level_weight").set_value(100.0)
    at.selectbox(key="cn_service_level_program").set_value("Billing care").run()
    at.text_input(key="cn_programs").input("Tech support").run()
    assert at.selectbox(key="cn_service_level_program").value == "Billing care"
    at.button(key="cn_create").click().run()
    assert not at.exception, at.exception
    assert errors(at) == [
        "Service level (Billing care): 'Billing care' is not one of the programs in scope (Tech "
        "support). Add it to the programs in scope, or pick another program for the line."
    ]
