"""Contracts, amendments and targets on real DuckDB files: validation that names the problem,
history that is never rewritten, audited changes, and the contracts file (TOML) round trip."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from governance import cli, contracts
from governance.access.actors import Actor
from governance.errors import InvalidInput, PermissionDenied, StaleRecord
from governance.scoring import presentation, scorecard
from governance.store import db
from tests.integration.contract_builders import (
    BUILDER,
    add_facts,
    add_vendors,
    contract,
    create,
    target,
)

V = "Acme Care"
SEVEN = [
    target("service_level", 0.80, 0.75, 25, tier="critical", allocation_pct=50),
    target("abandon_rate", 0.04, 0.06, 15, tier="critical", allocation_pct=30),
    target("csat", 0.80, 0.75, 20, tier="critical", allocation_pct=35),
    target("qa_score", 0.90, 0.85, 15, tier="critical", allocation_pct=35),
    target("aht", 420, 460, 10),
    target("fcr", 0.72, 0.66, 10),
    target("attrition", 0.055, 0.075, 5),
]


def counts(con) -> tuple[int, int, int, int]:
    return tuple(
        con.execute(
            "SELECT (SELECT count(*) FROM contracts), (SELECT count(*) FROM targets), "
            "(SELECT count(*) FROM amendments), (SELECT count(*) FROM audit_events)"
        ).fetchone()
    )


# --- validation --------------------------------------------------------------------------------


def _replace(targets, code, **changes):
    return [t | changes if t["kpi"] == code else t for t in targets]


@pytest.mark.parametrize(
    "targets, terms, fragment",
    [
        (
            _replace(SEVEN, "aht", weight=20),
            {},
            "weights of the contract-wide targets add up to 110, not 100",
        ),
        (
            _replace(SEVEN, "service_level", expected=0.70),
            {},
            "expected 0.7 is below the minimum 0.75; service level is better when higher",
        ),
        (
            _replace(SEVEN, "abandon_rate", expected=0.07),
            {},
            "expected 0.07 is above the minimum 0.06; abandonment rate is better when lower",
        ),
        (
            [*SEVEN[:-1], target("billing_accuracy", 0.95, 0.98, 5)],
            {},
            "further from 1 than the minimum",
        ),
        (
            _replace(SEVEN, "csat", expected=80, minimum=75),
            {},
            "csat: expected 80 is not a fraction",
        ),
        (
            SEVEN,
            {"pool_pct_available": None},
            "credit allocations of the contract-wide targets add up to 150%, more than 100% (no pool)",
        ),
        (SEVEN, {"pool_pct_available": 120}, "more than the pool available (120%)"),
        (
            _replace(SEVEN, "fcr", kpi="first_call_res"),
            {},
            "target kpi 'first_call_res' is not a KPI code",
        ),
        (
            SEVEN,
            {"service_level": {"over": "handled"}},
            "service_level over 'handled' is not known",
        ),
        (
            [
                *SEVEN,
                target(
                    "service_level",
                    0.85,
                    0.80,
                    30,
                    program="Billing care",
                    tier="critical",
                    allocation_pct=50,
                ),
            ],
            {},
            "the weights of the targets for Billing care add up to 105, not 100",
        ),
        (_replace(SEVEN, "qa_score", allocation_pct=None), {}, "needs allocation_pct"),
        ([*SEVEN, SEVEN[0]], {}, "is given twice"),
    ],
)
def test_invalid_contracts_are_refused_with_a_message_naming_the_problem(
    con, targets, terms, fragment
):
    add_vendors(con, V)
    before = counts(con)
    spec = contract(V, targets, pool_pct_available=150) | terms
    with pytest.raises(InvalidInput) as raised:
        create(con, spec)
    assert fragment in str(raised.value)
    assert f"Contract '{V} MSA'" in str(raised.value)
    assert counts(con) == before  # nothing written


def test_a_valid_contract_is_stored_and_audited(con):
    add_vendors(con, V)
    cid = create(con, contract(V, SEVEN, pool_pct_available=150))
    now = contracts.targets_in_force(con, cid, date(2025, 6, 1))
    assert len(now) == 7 and now["weight"].sum() == 100
    event = con.execute(
        "SELECT actor, action, after FROM audit_events WHERE action = 'contract.create'"
    ).fetchone()
    assert event[0] == BUILDER.name and json.loads(event[2])["name"] == f"{V} MSA"


def test_overlapping_versions_of_one_target_are_refused(con):
    add_vendors(con, V)
    cid = create(con, contract(V, SEVEN, pool_pct_available=150))
    con.execute(
        "INSERT INTO targets (contract_id, kpi, expected, minimum, weight, effective_from, version) "
        "SELECT contract_id, kpi, 0.9, 0.8, 0, DATE '2025-06-01', 2 FROM targets "
        "WHERE contract_id = ? AND kpi = 'service_level'",
        [cid],
    )
    with pytest.raises(
        InvalidInput, match="service_level has versions from 2025-01-01 and 2025-06-01 that overlap"
    ):
        contracts.check_contract(con, cid)


# --- amendments ----------------------------------------------------------------------------------


@pytest.fixture
def acme(con) -> int:
    add_vendors(con, V)
    return create(con, contract(V, SEVEN, pool_pct_available=150))


def test_an_amendment_closes_the_version_in_force_and_adds_the_next(con, acme):
    aid = contracts.add_amendment(
        con,
        BUILDER,
        acme,
        effective_from=date(2026, 1, 1),
        reason="Peak season",
        approved_by="VMO lead",
        targets=[{"kpi": "service_level", "expected": 0.85, "minimum": 0.80}],
    )
    versions = con.execute(
        "SELECT version, expected, minimum, weight, effective_from, effective_to, amendment_id "
        "FROM targets WHERE contract_id = ? AND kpi = 'service_level' ORDER BY version",
        [acme],
    ).fetchall()
    assert versions == [
        (1, 0.80, 0.75, 25.0, date(2025, 1, 1), date(2025, 12, 31), None),
        (2, 0.85, 0.80, 25.0, date(2026, 1, 1), None, aid),  # unchanged fields carried over
    ]
    before, after = con.execute(
        "SELECT before, after FROM audit_events WHERE action = 'contract.amend'"
    ).fetchone()
    assert json.loads(before)["targets"][0]["expected"] == 0.80
    assert json.loads(after)["targets"][0]["expected"] == 0.85
    assert json.loads(after)["reason"] == "Peak season"


def test_an_amendment_can_retire_one_target_and_add_another_keeping_weights_at_100(con, acme):
    contracts.add_amendment(
        con,
        BUILDER,
        acme,
        effective_from=date(2026, 1, 1),
        reason="Replace FCR by NPS",
        approved_by="VMO lead",
        targets=[
            {"kpi": "fcr", "retire": True},
            {"kpi": "nps", "expected": 40, "minimum": 30, "weight": 10},
        ],
    )
    old = set(contracts.targets_in_force(con, acme, date(2025, 12, 31))["kpi"])
    new = set(contracts.targets_in_force(con, acme, date(2026, 1, 1))["kpi"])
    assert old - new == {"fcr"} and new - old == {"nps"}


def test_an_amendment_that_breaks_a_rule_writes_nothing(con, acme):
    before = counts(con)
    with pytest.raises(InvalidInput, match="add up to 110, not 100"):
        contracts.add_amendment(
            con,
            BUILDER,
            acme,
            effective_from=date(2026, 1, 1),
            reason="More weight on AHT",
            approved_by="VMO lead",
            targets=[{"kpi": "aht", "weight": 20}],
        )
    assert counts(con) == before
    assert contracts.targets_in_force(con, acme, date(2026, 6, 1))["effective_to"].isna().all()


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"kpi": "service_level", "expected": 0.70}, "below the minimum"),
        ({"kpi": "nps", "expected": 40, "minimum": 30, "weight": 5}, "add up to 105"),
        ({"kpi": "nps", "retire": True}, "is not in force on 2026-01-01"),
        ({"kpi": "service_level", "colour": "red"}, "Unknown key 'colour'"),
    ],
)
def test_invalid_amendments_are_refused(con, acme, change, fragment):
    with pytest.raises(InvalidInput, match=fragment):
        contracts.add_amendment(
            con,
            BUILDER,
            acme,
            effective_from=date(2026, 1, 1),
            reason="r",
            approved_by="VMO lead",
            targets=[change],
        )


@pytest.mark.parametrize("role", ["leadership", "auditor"])
def test_only_managers_and_admins_change_contracts(con, acme, role):
    who = Actor("someone@client.example", role)
    with pytest.raises(PermissionDenied, match="contracts.write"):
        contracts.add_amendment(
            con,
            who,
            acme,
            effective_from=date(2026, 1, 1),
            reason="r",
            approved_by="a",
            targets=[{"kpi": "aht", "expected": 400}],
        )
    with pytest.raises(PermissionDenied):
        contracts.load_toml(con, who, contracts.export_toml(con))


def test_an_amendment_never_changes_a_past_score(con, acme):
    add_facts(
        con,
        V,
        [{"date": date(2025, 12, d), "offered": 100, "answered_within_sl": 82} for d in (1, 31)],
    )
    dec = presentation.records(scorecard.scorecards(con, "2025-12"))
    contracts.add_amendment(
        con,
        BUILDER,
        acme,
        effective_from=date(2026, 1, 1),
        reason="r",
        approved_by="a",
        targets=[{"kpi": "service_level", "expected": 0.9}],
    )
    assert presentation.records(scorecard.scorecards(con, "2025-12")) == dec


# --- the targets table editor ------------------------------------------------------------------------


def editor(con, cid, day=date(2026, 1, 1)) -> pd.DataFrame:
    return contracts.editable_targets(con, cid, day)


def test_table_changes_become_amendment_items(con, acme):
    shown = editor(con, acme)
    edited = shown.copy()
    edited.loc[edited["kpi"] == "service_level", "expected"] = 0.85
    edited = edited[edited["kpi"] != "fcr"]
    edited = pd.concat(
        [
            edited,
            pd.DataFrame(
                [
                    {
                        "kpi": "nps",
                        "expected": 40.0,
                        "minimum": 30.0,
                        "weight": 10.0,
                        "tier": "key",
                        "window": "month",
                    }
                ]
            ),
        ]
    )
    changes = contracts.table_changes(shown, edited)
    assert {"kpi": "service_level", "expected": 0.85} in changes
    assert {"kpi": "fcr", "retire": True} in changes
    assert {
        "kpi": "nps",
        "expected": 40.0,
        "minimum": 30.0,
        "weight": 10.0,
        "tier": "key",
        "window": "month",
    } in changes
    assert len(changes) == 3


def test_editing_a_targets_scope_retires_it_and_adds_the_new_one(con, acme):
    shown = editor(con, acme)
    edited = shown.copy()
    edited.loc[edited["kpi"] == "aht", "channel"] = "voice"
    changes = contracts.table_changes(shown, edited)
    assert changes[0] == {"kpi": "aht", "retire": True}
    assert changes[1]["channel"] == "voice" and changes[1]["expected"] == 420


def test_an_unchanged_table_is_not_an_amendment(con, acme):
    with pytest.raises(InvalidInput, match="Nothing in the targets table changed"):
        contracts.table_changes(editor(con, acme), editor(con, acme))


def test_amend_from_table_records_one_amendment(con, acme):
    shown = editor(con, acme)
    edited = shown.copy()
    edited.loc[edited["kpi"] == "aht", "expected"] = 400
    aid = contracts.amend_from_table(
        con,
        BUILDER,
        acme,
        shown,
        edited,
        effective_from=date(2026, 1, 1),
        reason="AHT tightened",
        approved_by="VMO lead",
    )
    assert aid is not None
    now = contracts.targets_in_force(con, acme, date(2026, 1, 1)).set_index("kpi")
    assert now.loc["aht", "expected"] == 400 and now.loc["aht", "version"] == 2


def test_a_table_opened_before_another_amendment_is_refused_as_stale(con, acme):
    shown = editor(con, acme)
    contracts.add_amendment(
        con,
        BUILDER,
        acme,
        effective_from=date(2026, 1, 1),
        reason="first",
        approved_by="VMO lead",
        targets=[{"kpi": "aht", "expected": 410}],
    )
    edited = shown.copy()
    edited.loc[edited["kpi"] == "fcr", "expected"] = 0.75
    before = counts(con)
    with pytest.raises(StaleRecord, match="changed since this table was opened"):
        contracts.amend_from_table(
            con,
            BUILDER,
            acme,
            shown,
            edited,
            effective_from=date(2026, 1, 1),
            reason="second",
            approved_by="VMO lead",
        )
    assert counts(con) == before


# --- the contracts file ----------------------------------------------------------------------------


def rich(con) -> None:
    """A vendor with two contracts, program scope, a channel target and three amendments."""
    add_vendors(con, V, "Zenith BPO")
    wide = [t for t in SEVEN if t["kpi"] != "attrition"] + [
        target("attrition", 0.055, 0.075, 5, window="quarter")
    ]
    billing = [
        t | {"program": "Billing care"} for t in SEVEN if t["kpi"] in ("service_level", "csat")
    ]
    spec = contract(
        V,
        wide + billing,
        pool_pct_available=150,
        programs=["Billing care", "Collections"],
        amendments=[
            {
                "effective_from": date(2025, 7, 1),
                "reason": "SL up",
                "approved_by": "VMO lead",
                "targets": [{"kpi": "service_level", "expected": 0.82, "minimum": 0.77}],
            },
            {
                "effective_from": date(2026, 1, 1),
                "reason": "Swap FCR for NPS",
                "approved_by": "COO",
                "targets": [
                    {"kpi": "fcr", "retire": True},
                    {"kpi": "nps", "expected": 40, "minimum": 30, "weight": 10},
                ],
            },
        ],
    )
    create(con, spec)
    create(
        con,
        contract(
            "Zenith BPO",
            [target("service_level", 0.8, 0.7, 100)],
            pricing="outcome_based",
            service_level={
                "over": "offered_less_short_abandons",
                "threshold_seconds": 30,
                "short_abandon_seconds": 5,
            },
        ),
    )


def test_the_export_loads_back_to_the_same_contracts(con, tmp_path):
    rich(con)
    text = contracts.export_toml(con)
    with db.connect(tmp_path / "other.duckdb") as other:
        add_vendors(other, V, "Zenith BPO")
        results = contracts.load_toml(other, BUILDER, text)
        assert [r["result"] for r in results] == ["created", "created"]
        assert contracts.export_toml(other) == text
        for cid in (1, 2):
            mine = contracts.target_history(con, cid).drop(
                columns=["target_id", "amendment_id", "contract_id"]
            )
            theirs = contracts.target_history(other, cid).drop(
                columns=["target_id", "amendment_id", "contract_id"]
            )
            pd.testing.assert_frame_equal(mine, theirs)


def test_loading_the_same_file_again_changes_nothing(con):
    rich(con)
    text = contracts.export_toml(con)
    before = counts(con)
    assert {r["result"] for r in contracts.load_toml(con, BUILDER, text)} == {"unchanged"}
    assert counts(con) == before


def test_a_file_with_a_new_amendment_records_it(con):
    rich(con)
    text = contracts.export_toml(con).replace(
        '[[contract]]\nvendor = "Zenith BPO"',
        '[[contract.amendment]]\neffective_from = 2026-07-01\nreason = "Peak"\napproved_by = "VMO lead"\n'
        'targets = [{ kpi = "service_level", expected = 0.86 }]\n\n[[contract]]\nvendor = "Zenith BPO"',
    )
    results = contracts.load_toml(con, BUILDER, text)
    assert [(r["result"], r["amendments_added"]) for r in results] == [
        ("amended", 1),
        ("unchanged", 0),
    ]
    now = contracts.targets_in_force(con, 1, date(2026, 7, 1))
    assert now[(now["kpi"] == "service_level") & now["program"].isna()]["expected"].tolist() == [
        0.86
    ]


@pytest.mark.parametrize(
    "edit, fragment",
    [
        (("at_risk_pct = 10.0", "at_risk_pct = 12.0"), "differs in 'at_risk_pct'"),
        (
            ('reason = "SL up"', 'reason = "SL raised"'),
            "amendments differ from the stored ones at the amendment effective 2025-07-01",
        ),
        (("# Load with", 'title = "x"\n# Load with'), "Unknown key 'title' at the top"),
        (("pricing = ", "colour = 'red'\npricing = "), "Unknown key 'colour' in a contract"),
        (("[[contract]]", "[[contract"), "not valid TOML"),
    ],
)
def test_a_file_that_would_rewrite_history_or_is_malformed_is_refused(con, edit, fragment):
    rich(con)
    text = contracts.export_toml(con).replace(*edit, 1)
    before = counts(con)
    with pytest.raises(InvalidInput, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        contracts.load_toml(con, BUILDER, text)
    assert counts(con) == before


INTERFACES_EXAMPLE = """
[[contract]]
vendor = "Northwind Contact"
name = "Customer care MSA 2026"
start = 2026-01-01
end = 2028-12-31
pricing = "per_productive_hour"
at_risk_pct = 10                  # % of the month's invoice
pool_pct_available = 150          # optional
earn_back_windows = 3
renewal_notice = 2028-06-30
legal_review = 2026-12-15
service_level = { over = "offered", threshold_seconds = 20 }   # or over = "answered" / "offered_less_short_abandons"

  [[contract.target]]
  kpi = "service_level"
  program = "Billing care"        # optional scope: program, channel
  expected = 0.80
  minimum = 0.75
  weight = 25
  tier = "critical"               # or "key" (reported, no credit)
  allocation_pct = 40
  category_pct = 50               # optional
  window = "month"                # or "quarter"
  effective_from = 2026-01-01

  [[contract.amendment]]
  effective_from = 2026-07-01
  reason = "Peak season: service level target raised"
  approved_by = "VMO lead"
  targets = [ { kpi = "service_level", program = "Billing care", expected = 0.85, minimum = 0.80 } ]
"""


def test_the_interfaces_example_loads_once_its_weights_add_up(con):
    add_vendors(con, "Northwind Contact")
    with pytest.raises(InvalidInput, match="targets for Billing care add up to 25, not 100"):
        contracts.load_toml(con, BUILDER, INTERFACES_EXAMPLE)
    [result] = contracts.load_toml(
        con, BUILDER, INTERFACES_EXAMPLE.replace("weight = 25", "weight = 100")
    )
    assert result["result"] == "created"
    sl = contracts.target_history(con, result["contract_id"])
    assert list(zip(sl["expected"], sl["minimum"], sl["program"], strict=True)) == [
        (0.80, 0.75, "Billing care"),
        (0.85, 0.80, "Billing care"),
    ]


# --- the commands --------------------------------------------------------------------------------------


def test_contracts_commands_load_export_and_list(db_path, tmp_path, capsys):
    with db.connect(db_path) as con:
        rich(con)
        text = contracts.export_toml(con)
    file = tmp_path / "contracts.toml"
    assert cli.main(["contracts", "export", "-o", str(file), "--db", str(db_path)]) == 0
    assert file.read_text() == text
    assert cli.main(["contracts", "--db", str(db_path), "load", str(file)]) == 0
    assert capsys.readouterr().out.count("unchanged: ") == 2
    assert cli.main(["contracts", "list", "--format", "json", "--db", str(db_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["vendor"], c["pricing"]) for c in listed] == [
        (V, "per_contact"),
        ("Zenith BPO", "outcome_based"),
    ]
    assert "abandons within" in listed[1]["service_level"]
    file.write_text(text.replace("at_risk_pct = 10.0", "at_risk_pct = 11.0", 1))
    assert cli.main(["contracts", "load", str(file), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "differs in 'at_risk_pct'" in err and len(err.strip().splitlines()) == 1
    assert (
        cli.main(["contracts", "load", str(tmp_path / "missing.toml"), "--db", str(db_path)]) == 2
    )
    assert "Cannot read" in capsys.readouterr().err
