"""The stakeholder survey (issue 18, item 4): answers entered or loaded, the relationship score a
contract scores like a KPI, fewer than three respondents withheld, comments checked for wording.
Expected values are worked out here by hand from the answers."""

from __future__ import annotations

from datetime import date

import pytest

from governance.access.actors import Actor
from governance.errors import InvalidInput, NotFound, PermissionDenied, WordingNotAcknowledged
from governance.kpis import frames
from governance.scoring import presentation, scorecard, survey
from tests.integration.contract_builders import (
    BUILDER,
    add_facts,
    add_vendors,
    contract,
    create,
    sl_row,
    target,
)

VENDOR = "Acme Care"
TODAY = date(2026, 12, 6)
Q4 = "2026Q4"
# Three stakeholders: (role, responsiveness, reporting, proactivity, partnership, comment).
ANSWERS = [
    ("Operations", 4, 4, 3, 5, "Quick on escalations, slow on root causes"),
    ("Finance", 5, 3, None, 4, None),
    ("Quality", 3, 4, 4, 4, "Reports arrive on time"),
]
# Σ ratings 16 + 12 + 15 = 43 over 4 + 3 + 4 = 11 ratings: 43 ÷ 11.
SCORE = 43 / 11


def setup(con, *, weight: float = 40) -> None:
    """October 2026: service level 90 of 100 a day (met: 100 points, weight 60); the contract
    scores the relationship at expected 4.0, minimum 3.0 (weight 40)."""
    add_vendors(con, VENDOR)
    add_facts(con, VENDOR, [sl_row(date(2026, 10, n), 100, 90) for n in range(1, 11)])
    targets = [
        target("service_level", 0.80, 0.75, 60),
        target("relationship_score", 4.0, 3.0, weight),
    ]
    create(con, contract(VENDOR, targets))


def enter(con, answers=ANSWERS, quarter=Q4) -> None:
    for role, *scores, comment in answers:
        survey.add(
            con,
            BUILDER,
            vendor=VENDOR,
            quarter=quarter,
            role=role,
            ratings=dict(zip(survey.DIMENSIONS, scores, strict=True)),
            comment=comment,
            today=TODAY,
        )


def card(con, period: str) -> tuple[dict, dict]:
    cards = scorecard.scorecards(con, period, programs=False)
    [summary] = frames.plain_records(cards.summary)
    [line] = [x for x in frames.plain_records(cards.lines) if x["kpi"] == "relationship_score"]
    return summary, line


def test_the_relationship_score_is_the_mean_of_every_rating_scored_like_a_kpi(con):
    setup(con)
    enter(con)
    summary, line = card(con, "2026-10")
    assert line["actual"] == pytest.approx(SCORE)
    assert (line["numerator"], line["denominator"], line["respondents"]) == (43, 11, 3)
    # Between the minimum 3.0 and expected 4.0: 100 × (3.909 − 3) ÷ (4 − 3) points.
    assert line["status"] == "below_target"
    assert line["points"] == pytest.approx(100 * (SCORE - 3))
    assert summary["weighted_score"] == pytest.approx((60 * 100 + 40 * 100 * (SCORE - 3)) / 100)
    assert "3 stakeholders answered" in presentation.explain(line)
    # A quarter's scorecard reads the same survey; so does each month of the quarter.
    assert card(con, Q4)[1]["actual"] == pytest.approx(SCORE)
    assert card(con, "2026-11")[1]["actual"] == pytest.approx(SCORE)


def test_a_quarter_without_a_survey_is_no_data_not_a_fail(con):
    setup(con)
    enter(con)
    summary, line = card(con, "2026-09")  # 2026Q3: nobody answered
    assert (line["status"], line["actual"], line["respondents"]) == ("no_data", None, None)


def test_fewer_than_three_respondents_withholds_the_score_its_dimensions_and_comments(con):
    setup(con)
    enter(con, ANSWERS[:2])
    summary, line = card(con, "2026-10")
    assert line["withheld"] and line["actual"] is None and line["numerator"] is None
    assert line["status"] == "no_data" and line["points"] is None
    assert summary["weighted_score"] == pytest.approx(100.0)  # the service level alone
    assert "only 2 stakeholders answered" in presentation.explain(line)
    shown = survey.summary(con, VENDOR, Q4)
    assert shown["withheld"] and shown["score"] is None and shown["comments"] == []
    assert all(d["mean"] is None for d in shown["dimensions"])
    assert [x["score"] for x in survey.listing(con, VENDOR)] == [None]


def test_the_summary_gives_each_dimension_and_the_quarter_before(con):
    setup(con)
    enter(con, ANSWERS, "2026Q3")
    enter(con, [*ANSWERS, ("Legal", 2, 2, 2, 2, None)])
    shown = survey.summary(con, VENDOR, Q4)
    means = {d["key"]: d["mean"] for d in shown["dimensions"]}
    assert means == pytest.approx(
        {
            "responsiveness": (4 + 5 + 3 + 2) / 4,
            "reporting": (4 + 3 + 4 + 2) / 4,
            "proactivity": (3 + 4 + 2) / 3,
            "partnership": (5 + 4 + 4 + 2) / 4,
        }
    )
    assert shown["respondents"] == 4 and shown["score"] == pytest.approx((43 + 8) / 15)
    assert shown["previous_score"] == pytest.approx(SCORE)
    assert shown["comments"] == [
        "Quick on escalations, slow on root causes",
        "Reports arrive on time",
    ]


def rows(*answers, vendor=None, quarter=None):
    return [
        {
            "row": i + 2,
            "vendor": vendor,
            "quarter": quarter,
            "role": role,
            "ratings": dict(zip(survey.DIMENSIONS, scores, strict=True)),
            "comment": comment,
        }
        for i, (role, *scores, comment) in enumerate(answers)
    ]


def test_a_loaded_file_is_all_or_nothing_and_names_the_row(con):
    setup(con)
    bad = rows(*ANSWERS, ("Legal", 7, 3, 3, 3, None))
    with pytest.raises(InvalidInput) as raised:
        survey.load(con, BUILDER, bad, source="q4.csv", vendor=VENDOR, quarter=Q4, today=TODAY)
    assert "q4.csv row 5" in str(raised.value) and "'7'" in str(raised.value)
    assert survey.listing(con) == []
    done = survey.load(
        con, BUILDER, rows(*ANSWERS), source="q4.csv", vendor=VENDOR, quarter=Q4, today=TODAY
    )
    assert done["responses"] == 3 and done["quarters"] == [
        {"vendor": VENDOR, "quarter": Q4, "responses": 3}
    ]
    assert card(con, "2026-10")[1]["actual"] == pytest.approx(SCORE)


def test_loading_a_quarter_again_needs_replace_and_replaces_whatever_was_there(con):
    setup(con)
    enter(con, ANSWERS[:1])  # one entered on the page
    again = rows(*ANSWERS, vendor=VENDOR.upper(), quarter="2026Q4")  # a vendor column, any case
    with pytest.raises(
        InvalidInput, match="already has 1 answer for Q4 2026: load again choosing to replace"
    ):
        survey.load(con, BUILDER, again, source="q4.csv", today=TODAY)
    done = survey.load(con, BUILDER, again, source="q4.csv", replace=True, today=TODAY)
    assert (done["replaced"], done["responses"]) == (1, 3)
    assert survey.summary(con, VENDOR, Q4)["respondents"] == 3


def test_answers_are_checked(con):
    setup(con)
    good = {
        "vendor": VENDOR,
        "quarter": Q4,
        "role": "Operations",
        "ratings": {"responsiveness": 4},
        "today": TODAY,
    }
    for change, words in [
        ({"quarter": "2027Q1"}, "has not begun"),
        ({"quarter": "2026-10"}, "give a quarter such as 2026Q3"),
        ({"ratings": {"responsiveness": 0}}, "whole numbers from 1"),
        ({"ratings": {"responsiveness": 4.5}}, "whole numbers from 1"),
        ({"ratings": {"responsiveness": None}}, "no dimension is rated"),
        ({"ratings": {"speed": 4}}, "not a survey dimension"),
        ({"role": "Diane Smith"}, "names a person"),
        ({"role": "diane.smith@client.example"}, "names a person"),
    ]:
        with pytest.raises(InvalidInput, match=words):
            survey.add(con, BUILDER, **{**good, **change})
    with pytest.raises(NotFound):
        survey.add(con, BUILDER, **{**good, "vendor": "Nobody Ltd"})
    with pytest.raises(PermissionDenied):
        survey.add(con, Actor("auditor@client.example", "auditor"), **good)
    risky = "The agent Maria should be coached on her tone and written up"
    with pytest.raises(WordingNotAcknowledged):
        survey.add(con, BUILDER, **{**good, "comment": risky})
    with pytest.raises(WordingNotAcknowledged):
        survey.load(
            con,
            BUILDER,
            rows(("Operations", 4, 4, 4, 4, risky)),
            source="q4.csv",
            vendor=VENDOR,
            quarter=Q4,
            today=TODAY,
        )
    assert survey.listing(con) == []
    # A blank role is kept as such, not guessed.
    survey.add(con, BUILDER, **{**good, "role": "  "})
    assert survey.listing(con)[0]["respondents"] == 1


def test_a_relationship_target_is_on_the_survey_scale(con):
    add_vendors(con, VENDOR)
    with pytest.raises(InvalidInput, match="from 1 to 5"):
        create(con, contract(VENDOR, [target("relationship_score", 0.8, 0.7, 10)]))
