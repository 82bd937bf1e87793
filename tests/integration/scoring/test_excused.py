"""Excused events (issue 18, item 3): the days they cover are left out of the measurement of
the KPIs the contract lets them excuse, not counted as zero; scorecards, credits and the command
say how many days were excused and by which event. Expected values are worked out here by hand
from the inserted rows."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance import cli
from governance.access.actors import Actor
from governance.contracts import excused
from governance.errors import InvalidInput, PermissionDenied, WordingNotAcknowledged
from governance.kpis import frames
from governance.scoring import credits, presentation, scorecard
from tests.integration.contract_builders import (
    BUILDER,
    add_facts,
    add_vendors,
    contract,
    create,
    target,
)

VENDOR = "Acme Care"
OCT = "2026-10"


def day(n: int, within: int, *, program: str = "Billing care", channel: str = "voice") -> dict:
    return {
        "date": date(2026, 10, n),
        "program": program,
        "channel": channel,
        "offered": 100,
        "answered": 100,
        "answered_within_sl": within,
        "csat_satisfied": 40 if n in (5, 6) else 80,
        "csat_responses": 100,
        "invoiced_amount": 1000,
    }


def load(con, **terms) -> None:
    """Ten days of October: 90 of 100 answered in time, except the 5th and 6th (an outage of the
    client's telephony): 10. Service level 740 ÷ 1,000 = 74 % (below the 75 % minimum: default);
    without the two days 720 ÷ 800 = 90 % (met). CSAT 720 ÷ 1,000 = 72 % either way unless the
    contract lets events excuse it (then 640 ÷ 800 = 80 %)."""
    add_vendors(con, VENDOR)
    add_facts(con, VENDOR, [day(n, 10 if n in (5, 6) else 90) for n in range(1, 11)])
    targets = [
        target("service_level", 0.80, 0.75, 60, tier="critical", allocation_pct=100),
        target("csat", 0.80, 0.70, 40),
    ]
    create(con, contract(VENDOR, targets, **terms))


def lines(con) -> dict[str, dict]:
    cards = scorecard.scorecards(con, OCT, programs=False)
    return {x["kpi"]: x for x in frames.plain_records(cards.lines)}


def outage(con, **scope) -> dict:
    return excused.add(
        con,
        BUILDER,
        vendor=VENDOR,
        date_from=date(2026, 10, 5),
        date_to=date(2026, 10, 6),
        kind="client_outage",
        reason="Client telephony down: calls could not reach the vendor",
        approved_by="VMO lead",
        **scope,
    )


def test_excused_days_are_left_out_of_the_excusable_kpis_only(con):
    load(con)
    before = lines(con)
    assert before["service_level"]["actual"] == pytest.approx(0.74)
    assert (
        before["service_level"]["status"] == "default"
        and before["service_level"]["excused"] is None
    )
    outage(con)
    after = lines(con)
    sl, csat = after["service_level"], after["csat"]
    assert sl["actual"] == pytest.approx(0.90) and sl["status"] == "met"
    assert (sl["numerator"], sl["denominator"]) == (720, 800)
    assert sl["excused"].startswith("2 days excused — client-caused outage 5–6 Oct 2026")
    assert csat["actual"] == pytest.approx(0.72) and csat["excused"] is None  # not excusable
    assert "left out, not counted as zero" in presentation.explain(sl)


def test_the_contract_names_the_kpis_an_event_excuses(con):
    load(con, excused_kpis=["csat"])
    outage(con)
    found = lines(con)
    assert found["service_level"]["actual"] == pytest.approx(0.74)
    assert found["csat"]["actual"] == pytest.approx(0.80)  # 640 ÷ 800
    assert found["csat"]["excused"].startswith("2 days excused")


def test_an_event_for_another_program_or_channel_excuses_nothing_here(con):
    load(con)
    outage(con, program="Sales & retention")
    outage(con, channel="chat")
    cards = scorecard.scorecards(con, OCT)
    [billing] = [
        x
        for x in frames.plain_records(cards.lines)
        if x["program"] == "Billing care" and x["kpi"] == "service_level"
    ]
    assert billing["actual"] == pytest.approx(0.74)
    # The vendor's own line counts the events' days, named with their scope; its facts (all
    # Billing care, all voice) are measured on every day.
    whole = lines(con)["service_level"]
    assert whole["actual"] == pytest.approx(0.74)
    assert "(Sales & retention)" in whole["excused"] and "(chat)" in whole["excused"]


def test_an_excused_default_earns_no_credit(con):
    load(con)
    assert len(credits.ledger(con, OCT).items) == 1  # service level in default: one credit
    outage(con)
    assert len(credits.ledger(con, OCT).items) == 0


def test_recording_an_event_is_checked(con):
    load(con)
    with pytest.raises(PermissionDenied):
        excused.add(
            con,
            Actor("lee@client.example", "leadership"),
            vendor=VENDOR,
            date_from=date(2026, 10, 5),
            date_to=date(2026, 10, 6),
            kind="holiday",
            reason="x",
            approved_by="y",
        )
    good = {
        "vendor": VENDOR,
        "date_from": date(2026, 10, 5),
        "date_to": date(2026, 10, 6),
        "kind": "client_outage",
        "reason": "Outage",
        "approved_by": "VMO lead",
    }
    for change, words in (
        ({"date_to": date(2026, 10, 4)}, "before the first"),
        ({"kind": "strike"}, "not a kind"),
        ({"channel": "fax"}, "not a channel"),
        ({"reason": "  "}, "reason is required"),
        ({"approved_by": ""}, "approved it is required"),
        ({"date_to": date(2027, 12, 31)}, "at most 366 days"),
    ):
        with pytest.raises(InvalidInput, match=words):
            excused.add(con, BUILDER, **{**good, **change})
    with pytest.raises(WordingNotAcknowledged):
        excused.add(con, BUILDER, **{**good, "reason": "Agent Maria was lazy on the phones"})
    assert excused.listing(con, VENDOR) == []


def test_the_commands(db_path, capsys):
    from governance.store import db

    with db.connect(db_path) as con:
        load(con)
    argv = ["excused", "add", "--vendor", VENDOR, "--from", "2026-10-05", "--to", "2026-10-06"]
    argv += ["--kind", "client_outage", "--reason", "Telephony down", "--approved-by", "VMO lead"]
    assert cli.main([*argv, "--db", str(db_path)]) == 0
    assert "Excused event #1: Acme Care, 5–6 Oct 2026" in capsys.readouterr().out
    assert cli.main(["excused", "list", "--format", "json", "--db", str(db_path)]) == 0
    [event] = json.loads(capsys.readouterr().out)
    assert (event["date_from"], event["date_to"], event["kind"]) == (
        "2026-10-05",
        "2026-10-06",
        "client_outage",
    )
    assert cli.main(["scorecard", "--period", OCT, "--format", "json", "--db", str(db_path)]) == 0
    [card] = [c for c in json.loads(capsys.readouterr().out) if c["program"] is None]
    [sl] = [k for k in card["kpis"] if k["kpi"] == "service_level"]
    assert sl["actual"] == pytest.approx(0.90) and sl["excused"].startswith("2 days excused")
    bad = [*argv[:5], "2026-10-32", *argv[6:]]
    assert cli.main([*bad, "--db", str(db_path)]) == 2
