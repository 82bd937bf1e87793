"""Stakeholder survey: each quarter the client's own staff rate each vendor's relationship
(responsiveness, quality of reporting, proactivity, partnership; 1 to 5 and a comment). The
quarter's mean rating is the relationship score a contract may score; under three respondents
every figure and comment is withheld."""

import pandas as pd
import streamlit as st

from governance.kpis import frames, periods
from governance.scoring import charts, survey
from governance.store import queries
from governance.ui import filters, session, survey_forms
from governance.ui import page as ui_page
from governance.ui.text import plain

page = ui_page.start(
    "Stakeholder survey",
    "How the client's own staff rate each vendor's relationship each quarter, by role — never "
    f"by name. A quarter with fewer than {survey.MIN_RESPONDENTS} respondents shows no figure "
    "and no comment, so no one's answer can be told apart.",
    flash="survey_flash",
)

with session.connection() as con:
    names = queries.vendor_names(con)
    surveyed = survey.listing(con)
if not names:
    st.info("No vendor is registered yet: add vendors (Vendor registry) before their survey.")
    st.stop()

quarters = survey_forms.quarter_choices(page.today)
month = filters.current().month
default = periods.quarter(month).label if month else quarters[0]
left, right, _ = st.columns([2, 1, 2])
vendor = left.selectbox("Vendor", names, index=page.vendor_index(names), key="sv_vendor")
quarter = right.selectbox(
    "Quarter",
    quarters,
    index=quarters.index(default) if default in quarters else 0,
    key="sv_quarter",
    format_func=periods.label,
)
with session.connection() as con:
    shown = survey.summary(con, vendor, quarter)

score, before, n = shown["score"], shown["previous_score"], shown["respondents"]
tiles = st.columns(4)
tiles[0].metric(
    "Relationship score",
    "withheld" if shown["withheld"] else frames.format_value(score, "score"),
    None if score is None or before is None else f"{score - before:+.2f} vs quarter before",
    border=True,
)
tiles[1].metric("Respondents", n, border=True)
tiles[2].metric("Ratings given", "—" if shown["withheld"] else shown["ratings"], border=True)
target = shown["target"]
tiles[3].metric(
    "Contract target",
    "not scored" if target is None else frames.format_value(target["expected"], "score"),
    None if target is None else f"minimum {target['minimum']:.2f}, weight {target['weight']:g}",
    delta_color="off",
    border=True,
    help="The relationship score's expected level in the vendor's contract (target "
    "relationship_score), when the contract scores it.",
)
if shown["withheld"]:
    st.info(
        f"{n} stakeholder{'s' if n != 1 else ''} answered for {periods.label(quarter)}: fewer "
        f"than {survey.MIN_RESPONDENTS}, so the score, the dimensions and the comments are "
        "withheld until more answer.",
        icon=":material/visibility_off:",
    )
st.plotly_chart(
    charts.survey_dimensions(shown, f"{vendor}, {periods.label(quarter)}: by dimension"),
    width="stretch",
    key="survey_chart",
)
if shown["comments"]:
    st.subheader("Comments")
    for comment in shown["comments"]:
        st.text(f"“{comment}”")

st.subheader("Every vendor's relationship score")
if surveyed:
    board = pd.DataFrame(surveyed)
    board["shown"] = [
        "withheld" if w else frames.format_value(s, "score")
        for w, s in zip(board["withheld"], board["score"], strict=True)
    ]
    grid = board.pivot(index="vendor", columns="quarter", values="shown")
    grid = grid[sorted(grid.columns)].fillna("")  # oldest quarter first
    grid.columns = [periods.label(q) for q in grid.columns]
    st.dataframe(grid, width="stretch")
else:
    st.info("No survey answer is recorded yet.")

if page.who.may("governance.write"):
    st.subheader(plain(f"Record answers on {vendor} for {periods.label(quarter)}"))
    one, many = st.tabs(["Enter an answer", "Load a survey export"])
    with one:
        survey_forms.answer(page, vendor, quarter)
    with many:
        survey_forms.load(page, vendor, quarter)
