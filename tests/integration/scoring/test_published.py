"""Published scorecards (issue 18, item 1): a period's scorecards frozen as the vendor's record.

The expected figures are worked out here from the rows the tests insert (service level =
answered within the threshold ÷ offered; met at or above expected: 100 points; worse than the
minimum: 0; linear between), never asked of the engine. Runs on a file, and on a PostgreSQL
server with ``GOVERNANCE_TEST_STORE=server``.
"""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from governance import cli, contracts
from governance.access import audit
from governance.access.actors import Actor
from governance.errors import InvalidInput, PermissionDenied, WordingNotAcknowledged
from governance.kpis import frames
from governance.scoring import presentation, published, scorecard
from governance.store import db
from governance.store.scope import Scoped
from tests.integration.contract_builders import (
    BUILDER,
    add_facts,
    add_vendors,
    contract,
    create,
    target,
)
from tests.integration.scoring.publication_scenario import JAN, MANAGER, voice, whole


def test_a_published_scorecard_keeps_its_figures_when_the_data_is_restated(two_vendors):
    con = two_vendors
    [pub] = published.publish(con, MANAGER, JAN, ["Acme Care"])
    assert (pub.vendor, pub.period, pub.version) == ("Acme Care", JAN, 1)
    # The vendor restates January: another 100 offered on the same day, 50 of them in time.
    # Live: (90 + 50) ÷ 200 = 70 %, below the 75 % minimum: default, 0 points.
    add_facts(con, "Acme Care", [voice(5, 100, 50)])
    cards = published.scorecards(con, JAN)
    card, line = whole(cards, "Acme Care")
    assert card["weighted_score"] == pytest.approx(100.0)
    assert line["actual"] == pytest.approx(0.90) and line["status"] == "met"
    assert card["published_version"] == 1 and card["published_by"] == MANAGER.name
    assert card["live_score"] == pytest.approx(0.0) and card["changed"] is True
    assert line["live_actual"] == pytest.approx(0.70) and line["live_status"] == "default"
    assert line["since_publication"] == "restated since publication: 90.0% → 70.0%"
    words = presentation.publication_words(card)
    assert words.startswith("Published on ") and "live score is now 0.0" in words
    # Zenith was not published: live figures, said so, and no publication columns filled.
    z_card, z_line = whole(cards, "Zenith BPO")
    assert z_card["published_version"] is None and z_line["actual"] == pytest.approx(0.76)
    assert z_line["points"] == pytest.approx(20.0)
    assert presentation.publication_words(z_card).startswith("Not yet published")
    # Ranks are among the scores shown: the published 100 above Zenith's 20.
    assert (card["rank"], z_card["rank"], card["ranked"]) == (1, 2, 2)


def test_an_amended_target_is_shown_beside_the_published_one(two_vendors):
    con = two_vendors
    published.publish(con, MANAGER, JAN)
    [cid] = [
        r[0]
        for r in con.execute(
            "SELECT contract_id FROM contracts c JOIN vendors v USING (vendor_id) "
            "WHERE v.name = 'Acme Care'"
        ).fetchall()
    ]
    contracts.add_amendment(
        con,
        BUILDER,
        cid,
        effective_from=date(2026, 1, 1),
        reason="Service level raised",
        approved_by="VMO lead",
        targets=[{"kpi": "service_level", "expected": 0.95, "minimum": 0.85}],
    )
    card, line = whole(published.scorecards(con, JAN), "Acme Care")
    assert line["expected"] == pytest.approx(0.80) and line["status"] == "met"
    assert line["since_publication"] == "target amended since publication: expected 80.0% → 95.0%"
    # Live: 90 % against 95 % expected and 85 % minimum: (0.90 − 0.85) ÷ 0.10 × 100 = 50 points.
    assert card["live_score"] == pytest.approx(50.0)
    assert card["weighted_score"] == pytest.approx(100.0)


def test_republishing_needs_a_reason_and_keeps_every_version(two_vendors):
    con = two_vendors
    published.publish(con, MANAGER, JAN, ["Acme Care"])
    add_facts(con, "Acme Care", [voice(5, 100, 50)])
    with pytest.raises(InvalidInput, match="already published"):
        published.publish(con, MANAGER, JAN, ["Acme Care"])
    with pytest.raises(InvalidInput, match="give the reason"):
        published.publish(con, MANAGER, JAN, ["Acme Care"], republish=True)
    [again] = published.publish(
        con, MANAGER, JAN, ["Acme Care"], republish=True, reason="January restated on 3 Feb"
    )
    assert again.version == 2
    card, line = whole(published.scorecards(con, JAN), "Acme Care")
    assert line["actual"] == pytest.approx(0.70) and card["weighted_score"] == pytest.approx(0)
    assert card["published_version"] == 2 and card["changed"] is False
    assert line["since_publication"] is None
    kept = published.versions(con, "Acme Care", JAN)
    assert [p.version for p in kept] == [2, 1]
    [v1_line] = [x for x in kept[1].lines if x["program"] is None]
    assert v1_line["actual"] == pytest.approx(0.90)
    assert kept[0].reason == "January restated on 3 Feb" and kept[1].reason is None
    events = audit.events(con, entity="scorecard_publication", actor=BUILDER)
    assert sorted(events["action"]) == ["scorecard.publish", "scorecard.republish"]


def test_who_may_publish_and_what_is_refused(two_vendors):
    con = two_vendors
    for role in ("leadership", "auditor"):
        with pytest.raises(PermissionDenied):
            published.publish(con, Actor("x@client.example", role), JAN)
    with pytest.raises(PermissionDenied):
        published.publish(con, Actor("pat@acme.example", "vendor_partner", "Acme Care"), JAN)
    with pytest.raises(InvalidInput, match="no contract is in force"):
        published.publish(con, MANAGER, "2031-01")
    published.publish(con, MANAGER, JAN, ["Acme Care"])
    with pytest.raises(WordingNotAcknowledged):
        published.publish(
            con,
            MANAGER,
            JAN,
            ["Acme Care"],
            republish=True,
            reason="Agent Maria was lazy on the phones",
        )
    assert [p.version for p in published.versions(con, "Acme Care", JAN)] == [1]
    assert published.publish(con, MANAGER, "2026Q1", ["Zenith BPO"])[0].period == "2026Q1"


def test_a_vendor_partner_sees_its_published_record_and_no_rank(tmp_path):
    path = tmp_path / "governance.duckdb"
    with db.connect(path) as con:
        add_vendors(con, "Acme Care", "Zenith BPO")
        for name, within in (("Acme Care", 90), ("Zenith BPO", 76)):
            add_facts(con, name, [voice(5, 100, within)])
            create(con, contract(name, [target("service_level", 0.80, 0.75, 100)]))
        published.publish(con, MANAGER, JAN)
        add_facts(con, "Acme Care", [voice(5, 100, 50)])
    with db.connect(Scoped(str(path), "Acme Care"), migrate_schema=False) as con:
        cards = published.scorecards(con, JAN)
        assert set(cards.summary["vendor"]) == {"Acme Care"}
        card, line = whole(cards, "Acme Care")
        assert line["actual"] == pytest.approx(0.90) and line["live_actual"] == pytest.approx(0.7)
        assert card["rank"] is None and card["published_version"] == 1
        rows = con.execute("SELECT DISTINCT vendor_id FROM scorecard_publications").fetchall()
        assert len(rows) == 1  # its own publications only


def test_the_commands_publish_list_and_show_the_published_record(
    two_vendors, request, db_path, capsys
):
    con = two_vendors
    # The commands run on the store the fixture's connection is on: its file, or its server.
    server_mode = os.environ.get("GOVERNANCE_TEST_STORE") == "server"
    where = request.getfixturevalue("pg_url") if server_mode else str(db_path)
    assert cli.main(["publish", "--period", JAN, "--db", where, "--format", "json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert [(d["vendor"], d["version"]) for d in done] == [("Acme Care", 1), ("Zenith BPO", 1)]
    assert done[1]["scores"]["whole vendor"] == pytest.approx(20.0)
    assert cli.main(["publish", "--period", JAN, "--db", where]) == 2
    assert "already published" in capsys.readouterr().err
    add_facts(con, "Acme Care", [voice(5, 100, 50)])
    assert cli.main(["scorecard", "--period", JAN, "--format", "json", "--db", where]) == 0
    cards = json.loads(capsys.readouterr().out)
    [acme] = [c for c in cards if c["vendor"] == "Acme Care" and c["program"] is None]
    assert acme["published"]["version"] == 1 and acme["published"]["changed_since"] is True
    assert acme["published"]["live_score"] == pytest.approx(0.0)
    [sl] = [k for k in acme["kpis"] if k["kpi"] == "service_level"]
    assert sl["actual"] == pytest.approx(0.9) and sl["live_actual"] == pytest.approx(0.7)
    assert cli.main(["publications", "--format", "json", "--db", where]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {(r["vendor"], r["period"], r["version"]) for r in listed} == {
        ("Acme Care", JAN, 1),
        ("Zenith BPO", JAN, 1),
    }


def test_the_trend_reads_published_periods_as_published(two_vendors):
    """Zenith's January published at 76 %, then restated with another 100 offered, 50 in time:
    (76 + 50) ÷ 200 = 63 % live. The trend beside the scorecard keeps 76 % for January, as the
    scorecard does; the live trend has 63 %."""
    con = two_vendors
    published.publish(con, MANAGER, JAN, ["Zenith BPO"])
    add_facts(con, "Zenith BPO", [voice(5, 100, 50)])
    shown = published.trend(con, "Zenith BPO", JAN, 1)
    [line] = [x for x in frames.plain_records(shown.lines) if x["kpi"] == "service_level"]
    assert line["actual"] == pytest.approx(0.76)
    [card] = frames.plain_records(shown.summary)
    assert card["weighted_score"] == pytest.approx(20.0)
    live = scorecard.trend(con, "Zenith BPO", JAN, 1)
    assert live.lines["actual"].iloc[0] == pytest.approx(0.63)
