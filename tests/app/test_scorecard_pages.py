"""The Vendor scorecard, Contracts and Portfolio pages on the demo portfolio: the numbers they show
are the ``scorecard`` and ``credits`` commands' numbers, and an amendment made on the page lands."""

from __future__ import annotations

import base64
import json
import re
import shutil
from datetime import date

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from governance import cli, demo
from governance.access import users
from governance.access.actors import Actor
from governance.kpis import catalogue, frames
from governance.scoring import presentation
from governance.store import db

from .test_pages import APP

END = date(2026, 9, 1)
BLUEBIRD = "Bluebird BPO"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con,
            Actor("demo@client.example", "admin"),
            end_month=END,
            exports_dir=path.parent / "exports",
        )
    return path


@pytest.fixture
def demo_db(demo_file, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_DB", str(demo_file))
    return demo_file


@pytest.fixture
def writable_demo(demo_file, tmp_path, monkeypatch):
    """A copy of the demo the test may change."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_file, path)
    monkeypatch.setenv("GOVERNANCE_DB", str(path))
    return path


def command(capsys, *argv) -> list[dict]:
    assert cli.main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def values(array) -> list:
    """A plotly array from a chart spec (plotly may send numbers as base64 typed arrays)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def frame_with(at: AppTest, *columns: str):
    """The first table on the page that has these columns (AppTest does not expose table keys)."""
    for element in at.dataframe:
        frame = element.value
        if all(c in frame.columns for c in columns):
            return frame
    raise AssertionError(f"no table with columns {columns}")


def shown_card(at: AppTest) -> list[dict]:
    return scorecard_table(at).to_dict("records")


def scorecard_table(at: AppTest):
    """The scorecard's table: the first with a KPI and a Status column."""
    return next(f.value for f in at.dataframe if {"KPI", "Status"} <= set(f.value.columns))


def without(row: dict, column: str) -> dict:
    return {k: v for k, v in row.items() if k != column}


def worse_limit(kpi: str, limit: float, unit: str) -> str:
    """The limit as the table should show it: "≥ 80.0%" a floor, "≤ 6.0%" a ceiling, and for a
    KPI best at 1 the band it accepts around 1 ("0.980–1.020")."""
    direction = catalogue.kpi(kpi).direction
    if direction == "higher":
        return "≥ " + frames.format_value(limit, unit)
    if direction == "lower":
        return "≤ " + frames.format_value(limit, unit)
    gap = abs(limit - 1)
    return f"{1 - gap:.3f}–{1 + gap:.3f}"


def assert_same_card(rows: list[dict], card: dict) -> None:
    """The page's table and metric show exactly the command's figures, formatted."""
    by_name = {r["KPI"]: r for r in rows}
    assert len(by_name) == len(card["kpis"])
    for k in card["kpis"]:
        unit = "accuracy" if k["kpi"] == "billing_accuracy" else catalogue.kpi(k["kpi"]).unit
        row = by_name[catalogue.kpi(k["kpi"]).name]
        assert row["Actual"] == frames.format_value(k["actual"], unit)
        assert row["Expected"] == frames.format_value(k["expected"], unit)
        assert row["Worse limit"] == worse_limit(k["kpi"], k["minimum"], unit)
        assert row["Points"] == ("—" if k["points"] is None else f"{k['points']:.1f}")
        assert row["Status"].endswith(presentation.STATUS_STYLES[k["status"]].label)


def test_the_scorecard_page_shows_the_commands_numbers(demo_db, capsys):
    at = open_page("app_pages/scorecard.py")
    assert at.selectbox(key="scorecard_vendor").value == BLUEBIRD
    assert at.selectbox(key="scorecard_period").value == "2026-09"
    [card] = [
        c
        for c in command(capsys, "scorecard", "--period", "2026-09", "--vendor", BLUEBIRD)
        if c["program"] is None
    ]
    assert_same_card(shown_card(at), card)
    assert at.metric[0].value == f"{card['weighted_score']:.1f}"
    assert at.metric[1].value == card["standing"] == "At risk"
    assert "answered within 20 s ÷ offered" in " ".join(c.value for c in at.caption)
    # Each score opens to its explanation, with the target version and amendment in force.
    sl = next(e for e in at.expander if e.label.startswith("Service level"))
    text = sl.markdown[0].value
    assert "Target version 2" in text and "VMO lead" in text
    assert re.search(r"amendment #\d+ effective", text), text  # an id, never "#1.0"


def test_the_credits_on_the_scorecard_page_are_the_ledgers(demo_db, capsys):
    at = open_page("app_pages/scorecard.py")
    [ledger] = command(capsys, "credits", "--period", "2026-09", "--vendor", BLUEBIRD)
    assert ledger["total"] > 0
    with db.connect(demo_db) as con:  # the contract's currency, read apart from the page
        [(currency,)] = con.execute(
            "SELECT DISTINCT c.currency FROM contracts c JOIN vendors v USING (vendor_id) "
            "WHERE v.name = ?",
            [BLUEBIRD],
        ).fetchall()
    code = f"{currency} " if currency else ""
    table = frame_with(at, "Invoiced", "At risk").iloc[0]
    assert table["Credits"] == f"{code}{ledger['total']:,.2f}"
    assert table["At risk"].startswith(f"{code}{ledger['at_risk_amount']:,.2f}")
    items = frame_with(at, "Why", "Amount")
    assert list(items["Amount"]) == [f"{code}{c['amount']:,.2f}" for c in ledger["credits"]]


def test_a_program_and_a_quarter_show_their_own_scorecards(demo_db, capsys):
    at = open_page("app_pages/scorecard.py")
    at.selectbox(key="scorecard_program").set_value("Billing care").run()
    assert not at.exception
    cards = command(capsys, "scorecard", "--period", "2026-09", "--vendor", BLUEBIRD)
    assert_same_card(shown_card(at), next(c for c in cards if c["program"] == "Billing care"))

    at.selectbox(key="scorecard_program").set_value("Whole vendor").run()
    at.radio(key="scorecard_kind").set_value("quarter").run()
    assert not at.exception
    assert at.selectbox(key="scorecard_period").value == "2026Q3"
    quarter = command(capsys, "scorecard", "--period", "2026Q3", "--vendor", BLUEBIRD)
    assert_same_card(shown_card(at), next(c for c in quarter if c["program"] is None))


def test_the_trend_charts_mark_the_amendment_and_carry_units(demo_db):
    at = open_page("app_pages/scorecard.py")
    [score] = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]  # the open tab's only
    assert score["layout"]["title"]["text"].startswith("Weighted score of Bluebird BPO")
    at.session_state["scorecard_trend_kpi"] = "Service level"
    at.run()
    [sl] = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert (
        sl["layout"]["title"]["text"] == "Service level of Bluebird BPO against target, 13 months"
    )
    assert sl["layout"]["yaxis"]["title"]["text"] == "Service level (%)"
    assert any(
        "Amendment #" in a["text"] and "01 Jan 2026" in a["text"]
        for a in sl["layout"]["annotations"]
    )
    expected = next(t for t in sl["data"] if t["name"] == "Expected")
    assert values(expected["y"]) == [0.80] * 4 + [0.85] * 9  # Sep-Dec 2025, then from January
    actual = next(t for t in sl["data"] if t["name"] == "Actual")
    assert "Default" in actual["customdata"][-1]  # the status is named, not only coloured
    assert "%{y:.1%}" in actual["hovertemplate"]


def test_the_portfolio_shows_the_league_credits_and_attention_of_the_commands(demo_db, capsys):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    cards = {
        c["vendor"]: c
        for c in command(capsys, "scorecard", "--period", "2026-09")
        if c["program"] is None
    }
    # The board's cells are escaped Markdown with no-break spaces: read as shown.
    board = at.table[0].value.map(lambda v: re.sub(r"\\(.)", r"\1", str(v)).replace("\xa0", " "))
    board = board.set_index("Vendor")
    for vendor, card in cards.items():
        assert board.loc[vendor, "Score"].split(" ")[0] == f"{card['weighted_score']:.1f}"
        assert board.loc[vendor, "Standing"].split(", was")[0].endswith(card["standing"])
    assert board.index[0] == BLUEBIRD  # the lowest score comes first
    ledger = {r["vendor"]: r for r in command(capsys, "credits", "--period", "2026-09")}
    credits_table = frame_with(at, "month_total").set_index("vendor")
    for vendor, row in ledger.items():
        assert credits_table.loc[vendor, "month_total"] == pytest.approx(row["total"])
    ytd = sum(
        r["total"] for r in command(capsys, "credits", "--period", "2026Q3", "--vendor", BLUEBIRD)
    )
    ytd += sum(
        r["total"]
        for q in ("2026Q1", "2026Q2")
        for r in command(capsys, "credits", "--period", q, "--vendor", BLUEBIRD)
    )
    assert credits_table.loc[BLUEBIRD, "ytd_total"] == pytest.approx(ytd)
    attention = frame_with(at, "issue")
    assert set(attention["vendor"]) == {BLUEBIRD}
    assert any("Service level in default" in t for t in attention["issue"])
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert any(
        t.startswith("Invoiced amount per handled contact vs weighted score") for t in titles
    )


def test_the_portfolio_shows_a_standing_that_dropped(demo_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.sidebar.selectbox(key="filter_month").set_value(date(2026, 7, 1)).run()
    assert not at.exception
    attention = frame_with(at, "issue")
    assert list(attention["kind"]) == ["standing fell"]
    assert "from Excellent to Good" in attention["issue"].iloc[0]


def test_the_contracts_page_records_an_amendment_from_the_table(writable_demo):
    at = open_page("app_pages/contracts.py")
    assert at.selectbox(key="contracts_vendor").value == BLUEBIRD
    history = frame_with(at, "Version", "Amendment")
    assert list(history[history["KPI"] == "Service level"]["Expected"]) == ["80.0%", "85.0%"]
    at.date_input(key="contracts_effective_from").set_value(date(2026, 10, 1)).run()
    assert not at.exception, at.exception
    # The editor lists the targets in force on that day; row 6 is service level, in percent.
    assert frame_with(at, "Worse limit", "Unit").loc[6, "KPI"] == "Service level"
    at.session_state["contracts_targets_editor"] = {
        "edited_rows": {6: {"Expected": 87.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_input(key="contracts_reason").input("Retention push")
    at.text_input(key="contracts_approver").input("VMO lead")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    assert any("Recorded amendment" in s.value for s in at.success)
    with db.connect(writable_demo) as con:
        row = con.execute(
            "SELECT t.expected, a.reason, a.effective_from FROM targets t JOIN amendments a USING (amendment_id) "
            "JOIN contracts c ON c.contract_id = t.contract_id JOIN vendors v USING (vendor_id) "
            "WHERE v.name = ? ORDER BY t.target_id DESC LIMIT 1",
            [BLUEBIRD],
        ).fetchone()
    assert row == (0.87, "Retention push", date(2026, 10, 1))


def test_a_refused_amendment_shows_why_and_keeps_what_was_typed(writable_demo):
    at = open_page("app_pages/contracts.py")
    at.date_input(key="contracts_effective_from").set_value(date(2026, 10, 1)).run()
    at.session_state["contracts_targets_editor"] = {
        "edited_rows": {1: {"Weight": 99}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_input(key="contracts_reason").input("Too much weight")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("approver is required" in e.value for e in at.error)
    assert at.text_input(key="contracts_reason").value == "Too much weight"


def test_an_amendment_reason_that_directs_staff_needs_an_acknowledgement(writable_demo):
    at = open_page("app_pages/contracts.py")
    at.date_input(key="contracts_effective_from").set_value(date(2026, 10, 1)).run()
    at.session_state["contracts_targets_editor"] = {
        "edited_rows": {6: {"Expected": 87.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_input(key="contracts_reason").input("Coach John on his tone until AHT improves")
    at.text_input(key="contracts_approver").input("VMO lead")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("Co-employment wording" in w.value for w in at.warning)
    assert any("tick the acknowledgement" in e.value for e in at.error)
    with db.connect(writable_demo) as con:
        assert (
            con.execute(
                "SELECT count(*) FROM amendments WHERE reason LIKE 'Coach John%'"
            ).fetchone()[0]
            == 0
        )
    at.checkbox(key="contracts_reason_ack").check().run()
    at.button[0].click().run()
    assert any("Recorded amendment" in s.value for s in at.success)
    with db.connect(writable_demo) as con:
        after = con.execute(
            "SELECT after FROM audit_events WHERE action = 'contract.amend' ORDER BY event_id DESC LIMIT 1"
        ).fetchone()[0]
    acknowledged = json.loads(after)["wording_acknowledged"]
    assert acknowledged["acknowledged"] is True and acknowledged["count"] >= 1


def test_publishing_on_the_scorecard_page_freezes_what_the_page_shows(writable_demo, capsys):
    at = open_page("app_pages/scorecard.py")
    assert any(c.value.startswith(":material/edit_note: Not yet published") for c in at.caption)
    before = shown_card(at)
    at.button(key="scorecard_publish").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Published on ") for s in at.success)
    assert shown_card(at) == before
    # The vendor restates September: every service-level answer in time. The page keeps the
    # published figures and says what the live ones are now.
    with db.connect(writable_demo) as con:
        con.execute(
            "UPDATE kpi_facts SET answered_within_sl = offered WHERE date >= ? AND date < ? "
            "AND vendor_id = (SELECT vendor_id FROM vendors WHERE name = ?)",
            [date(2026, 9, 1), date(2026, 10, 1), BLUEBIRD],
        )
    at.run()
    assert [without(r, "Since publication") for r in shown_card(at)] == before
    [changed] = [w.value for w in at.warning if w.value.startswith("Published on ")]
    assert "changed since" in changed
    table = scorecard_table(at)
    [note] = [n for n in table["Since publication"] if n]
    assert note.startswith("restated: ") and note.endswith("→ 100.0%")
    # Republishing asks for a reason, screens its wording, and keeps the first version.
    at.text_area(key="scorecard_republish_reason").input("Coach Maria until AHT improves").run()
    assert at.button(key="scorecard_republish").disabled
    at.text_area(key="scorecard_republish_reason").input("September restated by the vendor").run()
    at.button(key="scorecard_republish").click().run()
    assert not at.exception, at.exception
    assert any("(version 2)" in s.value for s in at.success)
    [card] = [
        c
        for c in command(capsys, "scorecard", "--period", "2026-09", "--vendor", BLUEBIRD)
        if c["program"] is None
    ]
    assert card["published"]["version"] == 2 and not card["published"]["changed_since"]
    assert_same_card(shown_card(at), card)


def test_a_role_that_may_not_publish_sees_no_publish_button(writable_demo):
    with db.connect(writable_demo) as con:
        users.add(con, Actor("fixture", "admin"), "lee@client.example", "leadership")
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = {"is_logged_in": True, "email": "lee@client.example"}
    at.run()
    at.switch_page("app_pages/scorecard.py").run()
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key == "scorecard_publish"]
