"""KPI lines for one program or one channel on the new-contract form: each program in scope gets
the lines it names in place of the lines for all programs of the same KPI and channel, each
scorecard's weights total 100, and a scoped line round-trips through the form."""

from __future__ import annotations

from datetime import date

import pytest

from governance.contracts import form
from governance.errors import InvalidInput
from tests.unit.contracts.test_form import line as form_line

TERMS = {
    "vendor": "Quayside Support",
    "name": "Care MSA",
    "start": date(2026, 4, 1),
    "pricing": "per_contact",
    "currency": "EUR",
    "at_risk_pct": 10.0,
    "sl_over": "offered",
    "sl_threshold_seconds": 20,
    "programs": "Billing care, Tech support",
}


def line(*levels, program=None, channel=None, **extra) -> dict:
    """A form line (``test_form.line``) with its scope; None for all programs or channels."""
    return form_line(*levels, program=program, channel=channel, **extra)


# Service level 80 % / 75 % for all programs, 70 % / 60 % for Billing care; AHT for all programs.
SL_ALL = line("Service level", 80.0, 75.0, 50.0, "critical", 50.0)
SL_BILLING = line("Service level", 70.0, 60.0, 50.0, "critical", 50.0, program="Billing care")
AHT_ALL = line("Average handle time", 420.0, 480.0, 50.0)
LINES = [SL_ALL, AHT_ALL, SL_BILLING]


def refusal(lines, **terms) -> str:
    with pytest.raises(InvalidInput) as err:
        form.spec_from_form(TERMS | terms, lines)
    return str(err.value)


def test_a_line_for_one_program_becomes_a_target_scoped_to_it():
    spec = form.spec_from_form(TERMS, LINES)
    assert spec["programs"] == ["Billing care", "Tech support"]
    assert spec["target"] == [
        {
            "kpi": "service_level",
            "expected": 0.80,
            "minimum": 0.75,
            "weight": 50.0,
            "tier": "critical",
            "window": "month",
            "allocation_pct": 50.0,
        },
        {
            "kpi": "aht",
            "expected": 420.0,
            "minimum": 480.0,
            "weight": 50.0,
            "tier": "key",
            "window": "month",
        },
        {
            "kpi": "service_level",
            "expected": 0.70,
            "minimum": 0.60,
            "weight": 50.0,
            "tier": "critical",
            "window": "month",
            "program": "Billing care",
            "allocation_pct": 50.0,
        },
    ]


def test_lines_for_one_channel_count_with_the_lines_for_all_programs():
    # Voice 30 + chat 20 + AHT 50 = 100: one scorecard, the vendor's.
    lines = [
        line("Service level", 80.0, 75.0, 30.0, channel="voice"),
        line("Service level", 70.0, 60.0, 20.0, channel="chat"),
        AHT_ALL,
    ]
    spec = form.spec_from_form(TERMS, lines)
    assert [(t["kpi"], t.get("program"), t.get("channel")) for t in spec["target"]] == [
        ("service_level", None, "voice"),
        ("service_level", None, "chat"),
        ("aht", None, None),
    ]
    assert form.scorecard_totals(lines) == [{"program": None, "weight": 100.0, "allocated": 0.0}]
    # A program's line for voice replaces only the voice line in that program's scorecard:
    # 40 (its own) + 20 (chat) + 50 (AHT) = 110.
    message = refusal(
        [*lines, line("Service level", 85.0, 80.0, 40.0, program="Tech support", channel="voice")]
    )
    assert message.startswith(
        "The weights of the Tech support scorecard (its own lines and the lines for all "
        "programs they do not replace) add up to 110, not 100."
    ), message


def test_a_line_for_a_program_not_in_scope_is_refused_by_name():
    claims = {**SL_BILLING, "program": "Claims"}
    assert refusal([SL_ALL, AHT_ALL, claims]).startswith(
        "Service level (Claims): 'Claims' is not one of the programs in scope (Billing care, "
        "Tech support). Add it to the programs in scope, or pick another program for the line."
    )
    assert refusal(LINES, programs="").startswith(
        "Service level (Billing care): 'Billing care' is not one of the programs in scope "
        "(none is listed)."
    )
    # Spacing aside, a program in scope is found.
    spaced = {**SL_BILLING, "program": "  Billing   care "}
    assert form.spec_from_form(TERMS, [SL_ALL, AHT_ALL, spaced])["target"][2]["program"] == (
        "Billing care"
    )


def test_an_unknown_channel_is_refused():
    message = refusal([{**SL_ALL, "channel": "fax"}, AHT_ALL])
    assert message.startswith("Service level (fax): 'fax' is not a channel; pick one of Voice,")


def test_the_same_kpi_and_scope_twice_is_refused_other_scopes_are_not():
    assert refusal([*LINES, {**SL_BILLING, "weight": 0.0}]).startswith(
        "Service level (Billing care) is listed twice; keep one line per KPI for the same "
        "program and channel."
    )
    assert refusal([*LINES, {**SL_ALL, "weight": 0.0}]).startswith("Service level is listed twice")
    # Same program, another channel: a line of its own (the program's scorecard: 50 + 0 + 50).
    chat = line("Service level", 60.0, 50.0, 0.0, program="Billing care", channel="chat")
    spec = form.spec_from_form(TERMS, [*LINES, chat])
    assert spec["target"][3]["channel"] == "chat" and spec["target"][3]["program"] == (
        "Billing care"
    )


def test_each_scorecards_weights_must_total_100():
    # Billing care: its service level (40) replaces the one for all programs, AHT (50) stays.
    message = refusal([SL_ALL, AHT_ALL, {**SL_BILLING, "weight": 40.0}])
    assert message == (
        "The weights of the Billing care scorecard (its own lines and the lines for all programs "
        "they do not replace) add up to 90, not 100. Change them so that they total 100 (a line "
        "for one program takes the place of the line for all programs of the same KPI and "
        "channel in that program's scorecard)."
    )
    # A KPI only Billing care measures adds to its scorecard: 50 + 50 + 10.
    fcr = line("First contact resolution", 70.0, 65.0, 10.0, program="Billing care")
    assert "Billing care scorecard" in refusal([*LINES, fcr])
    assert "add up to 110, not 100" in refusal([*LINES, fcr])
    # The lines for all programs are the vendor's scorecard: 60 + 50.
    assert refusal([{**SL_ALL, "weight": 60.0}, AHT_ALL, SL_BILLING]).startswith(
        "The weights of the lines for all programs (the vendor's scorecard) add up to 110, not 100."
    )
    # Without a line for one program the message is the plain one.
    assert refusal([SL_ALL, {**AHT_ALL, "weight": 40.0}]).startswith(
        "The weights add up to 90, not 100."
    )


def test_a_contract_of_program_lines_only_totals_100_per_program():
    lines = [
        line("Service level", 70.0, 60.0, 100.0, program="Billing care"),
        line("Service level", 85.0, 80.0, 60.0, program="Tech support"),
        line("Average handle time", 600.0, 700.0, 40.0, program="Tech support"),
    ]
    spec = form.spec_from_form(TERMS, lines)
    assert [t["weight"] for t in spec["target"]] == [100.0, 60.0, 40.0]
    assert form.scorecard_totals(lines) == [
        {"program": "Billing care", "weight": 100.0, "allocated": 0.0},
        {"program": "Tech support", "weight": 100.0, "allocated": 0.0},
    ]
    message = refusal([*lines[:2], {**lines[2], "weight": 30.0}])
    assert "Tech support scorecard" in message and "add up to 90, not 100" in message


def test_critical_allocations_fit_the_pool_per_scorecard():
    # For all programs 50 + 50 = 100; Billing care's own 70 with AHT's 50 = 120.
    aht_critical = {**AHT_ALL, "tier": "critical", "allocation_pct": 50.0}
    lines = [SL_ALL, aht_critical, {**SL_BILLING, "allocation_pct": 70.0}]
    assert refusal(lines).startswith(
        "The credit allocations of the critical KPIs in the Billing care scorecard (its own "
        "lines and the lines for all programs they do not replace) add up to 120 %, more than "
        "100 % (no pool)."
    )
    assert form.spec_from_form(TERMS | {"pool_pct_available": 120.0}, lines)["target"]
    assert form.scorecard_totals(lines) == [
        {"program": None, "weight": 100.0, "allocated": 100.0},
        {"program": "Billing care", "weight": 100.0, "allocated": 120.0},
    ]


def test_running_totals_count_what_is_not_yet_a_number_as_zero():
    lines = [{**SL_ALL, "weight": None}, AHT_ALL, {**SL_BILLING, "weight": "x"}]
    assert form.scorecard_totals(lines) == [
        {"program": None, "weight": 50.0, "allocated": 50.0},
        {"program": "Billing care", "weight": 50.0, "allocated": 50.0},
    ]
    assert form.scorecard_totals([]) == []


def test_scoped_lines_round_trip_through_the_form():
    chat = line("Service level", 60.0, 50.0, 0.0, program="Tech support", channel="chat")
    lines = [*LINES, chat]
    spec = form.spec_from_form(TERMS, lines)
    terms, again = form.form_from_spec(spec)
    assert again == lines
    assert terms["programs"] == ["Billing care", "Tech support"]
    assert form.spec_from_form(terms, again) == spec


def test_a_program_a_target_names_joins_the_programs_in_scope_on_the_form():
    spec = form.spec_from_form(TERMS, LINES)
    spec["programs"] = ["Tech support"]  # a contracts file may name a program only on a target
    terms, lines = form.form_from_spec(spec)
    assert terms["programs"] == ["Tech support", "Billing care"]
    assert lines[2]["program"] == "Billing care"
    assert form.spec_from_form(terms, lines)["target"] == spec["target"]


def test_another_line_takes_the_next_program_without_a_line_of_that_kpi():
    assert form.another_line(SL_ALL, LINES, ["Billing care", "Tech support"]) == {
        **SL_ALL,
        "program": "Tech support",
        "channel": None,
    }
    every = [*LINES, {**SL_BILLING, "program": "Tech support"}]
    assert form.another_line(SL_ALL, every, ["Billing care", "Tech support"])["program"] is None
    # A chat line looks for programs without a chat line of its KPI.
    chat = {**SL_ALL, "channel": "chat"}
    assert form.another_line(chat, [*LINES, chat], ["Billing care"]) == {
        **chat,
        "program": "Billing care",
    }
