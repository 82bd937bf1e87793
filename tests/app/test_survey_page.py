"""The Stakeholder survey page: answers entered through its widgets are stored and audited, the
quarter's figures follow (withheld under three respondents), risky wording needs its
acknowledgement, and nothing typed is lost on a refusal."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from governance.kpis import periods
from governance.scoring import survey
from governance.store import db
from tests.app.test_governance_pages import audit
from tests.app.test_pages import APP

PAGE = "app_pages/survey.py"
QUARTER = periods.quarter(date.today()).label


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def answer(at: AppTest, role: str, ratings: tuple, comment: str = "") -> AppTest:
    at.selectbox(key="sv_vendor").set_value("Alpha Care")
    at.selectbox(key="sv_quarter").set_value(QUARTER)
    at.text_input(key="sv_role").set_value(role)
    for d, r in zip(survey.DIMENSIONS, ratings, strict=True):
        at.radio(key=f"sv_{d}").set_value(r)
    at.text_area(key="sv_comment").set_value(comment)
    at.button(key="sv_save").click().run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_answers_entered_on_the_page_make_the_quarters_score(small_db):
    at = open_page()
    assert metric(at, "Respondents") == "0"
    answer(at, "Operations", (4, 4, 3, 5), "Reports arrive on time")
    assert any("Recorded an answer on Alpha Care" in s.value for s in at.success)
    assert at.text_input(key="sv_role").value == ""  # the form is emptied for the next one
    answer(at, "Finance", (5, 3, "not rated", 4))
    # Two answers: withheld, and the comment with them.
    assert metric(at, "Relationship score") == "withheld"
    assert not any("Reports arrive on time" in t.value for t in at.text)
    answer(at, "Quality", (3, 4, 4, 4))
    # (16 + 12 + 15) ÷ (4 + 3 + 4) ratings
    assert metric(at, "Relationship score") == f"{43 / 11:.2f}"
    assert metric(at, "Respondents") == "3"
    assert any("Reports arrive on time" in t.value for t in at.text)
    stored = audit(small_db, "survey.add")
    assert [a["stakeholder_role"] for a in stored] == ["Operations", "Finance", "Quality"]
    assert stored[1]["proactivity"] is None


def test_a_refused_answer_keeps_what_was_typed(small_db):
    at = open_page()
    answer(at, "Diane Smith", (4, 4, 4, 4), "Fine")
    assert any("names a person" in e.value for e in at.error)
    assert at.text_input(key="sv_role").value == "Diane Smith"
    assert at.text_area(key="sv_comment").value == "Fine"
    with db.connect(small_db) as con:
        assert survey.listing(con) == []


def test_risky_wording_in_a_comment_needs_its_acknowledgement(small_db):
    at = open_page()
    risky = "The agent Maria should be coached on her tone"
    answer(at, "Operations", (4, 4, 4, 4), risky)
    assert at.button(key="sv_save").disabled
    at.checkbox(key="sv_ack").check().run()
    at.button(key="sv_save").click().run()
    assert not at.exception, at.exception
    [stored] = audit(small_db, "survey.add")
    assert stored["comment"] == risky and stored["wording_acknowledged"]["acknowledged"]
