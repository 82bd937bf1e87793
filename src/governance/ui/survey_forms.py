"""The Stakeholder survey page's forms: one stakeholder's answer, and a survey tool's export
loaded whole (``scoring.survey``; the file is read by ``ingest.survey_file``)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import streamlit as st

from governance.errors import InvalidInput
from governance.ingest import survey_file
from governance.kpis import periods
from governance.scoring import survey
from governance.ui import wording
from governance.ui.page import Page
from governance.ui.text import plain

NOT_RATED = "not rated"
SCALE = [NOT_RATED, 1, 2, 3, 4, 5]
SCALE_WORDS = {1: "1 poor", 2: "2", 3: "3", 4: "4", 5: "5 excellent", NOT_RATED: "not rated"}


FIELD_NAMES = {
    "vendor": "Vendor",
    "quarter": "Quarter",
    "role": "Stakeholder's role",
    **survey.DIMENSION_NAMES,
    "comment": "Comment",
}
PREVIEW_ROWS = 20


def _columns(headers: list[str], suggested: dict[str, str], upload) -> dict[str, str | None]:
    """The column each field is read from: the suggestion, changed where the user picks
    another (or none). The pickers are the upload's own, so a new file starts afresh."""
    chosen: dict[str, str | None] = {}
    st.caption("Columns read (change any the suggestion got wrong):")
    cols = st.columns(4)
    options = [None, *headers]
    for i, field in enumerate(survey_file.FIELDS):
        suggested_header = suggested.get(field)
        chosen[field] = cols[i % 4].selectbox(
            FIELD_NAMES[field],
            options,
            index=options.index(suggested_header) if suggested_header in options else 0,
            format_func=lambda h: "— not in the file —" if h is None else h,
            key=f"sv_col_{field}_{upload.file_id}",
        )
    return chosen


def _preview(read: survey_file.SurveyFile, vendor: str, quarter: str) -> pd.DataFrame:
    """The first answers as they will be stored (the file's row numbers kept; a row without a
    vendor or quarter takes the page's)."""
    rows = [
        {
            "Row": r.row,
            "Vendor": r.vendor or vendor,
            "Quarter": periods.label(r.quarter or quarter),
            "Role": r.role or survey.NO_ROLE,
            **{survey.DIMENSION_NAMES[d]: r.ratings[d] for d in survey.DIMENSIONS},
            "Comment": r.comment or "",
        }
        for r in read.rows[:PREVIEW_ROWS]
    ]
    return pd.DataFrame(rows)


def quarter_choices(today: date, count: int = 8) -> list[str]:
    """The current quarter and the ``count`` − 1 before it, newest first (machine labels)."""
    now = periods.quarter(today)
    return [periods.shift(now, -i).label for i in range(count)]


def answer(page: Page, vendor: str, quarter: str) -> None:
    """One stakeholder's answer about ``vendor`` for ``quarter``."""
    st.caption(
        f"One stakeholder's answer about {plain(vendor)} for {periods.label(quarter)}. Give the "
        "role, not the name: who answered is never kept."
    )
    role = st.text_input("Stakeholder's role", key="sv_role", placeholder="e.g. Operations")
    ratings = {}
    cols = st.columns(len(survey.DIMENSIONS))
    for col, d in zip(cols, survey.DIMENSIONS, strict=True):
        with col:
            picked = st.radio(
                survey.DIMENSION_NAMES[d],
                SCALE,
                index=0,
                key=f"sv_{d}",
                format_func=SCALE_WORDS.get,
            )
            ratings[d] = None if picked == NOT_RATED else picked
    comment = st.text_area("Comment", key="sv_comment", height=90)
    gate = wording.findings_gate({"Comment": comment}, key="sv_ack")
    if st.button("Save answer", key="sv_save", type="primary", disabled=not gate.ok_to_save):
        page.save(
            lambda con: survey.add(
                con,
                page.who,
                vendor=vendor,
                quarter=quarter,
                role=role,
                ratings=ratings,
                comment=comment,
                acknowledged=gate.record,
            ),
            f"Recorded an answer on {vendor} for {periods.label(quarter)}.",
            clear=("sv_role", "sv_comment", "sv_ack", *(f"sv_{d}" for d in survey.DIMENSIONS)),
        )


def load(page: Page, vendor: str, quarter: str) -> None:
    """A survey tool's export (CSV or Excel): read, shown, then loaded all or nothing."""
    st.caption(
        "An export of Microsoft Forms, Google Forms, SurveyMonkey, Qualtrics, Typeform or a "
        "sheet of your own: one row per answer, a column per dimension (1 to 5 or words such "
        "as 'Good'). Names, e-mail addresses and respondent ids in it are never read. Rows "
        f"without a vendor or quarter column are taken as {plain(vendor)}, "
        f"{periods.label(quarter)}."
    )
    upload = st.file_uploader(
        "Survey export", type=["csv", "xlsx", "txt", "tsv"], key="sv_file", max_upload_size=5
    )
    if upload is None:
        return
    data = upload.getvalue()
    try:
        found = survey_file.headers(data, file_name=upload.name)
        chosen = _columns(found, survey_file.suggest(found), upload)
        read = survey_file.read(data, file_name=upload.name, columns=chosen)
    except InvalidInput as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return
    st.markdown(
        f"**{len(read.rows)} answer{'s' if len(read.rows) != 1 else ''}** read from "
        f"{plain(read.file_name)}"
        + (f"; not read: {plain(', '.join(read.ignored))}." if read.ignored else ".")
    )
    st.dataframe(_preview(read, vendor, quarter), hide_index=True, width="stretch", placeholder="—")
    for n, why in read.skipped:
        st.caption(plain(f"Row {n} skipped: {why}"))
    comments = {f"Row {r.row}, comment": r.comment for r in read.rows if r.comment}
    gate = wording.findings_gate(comments, key="sv_file_ack")
    replace = st.checkbox(
        "Replace the answers already held for these vendors and quarters",
        key="sv_replace",
        help="Without it, a vendor and quarter that already hold answers are refused.",
    )
    if st.button("Load answers", key="sv_load", type="primary", disabled=not gate.ok_to_save):
        rows = [dataclasses.asdict(r) for r in read.rows]
        page.save(
            lambda con: survey.load(
                con,
                page.who,
                rows,
                source=read.file_name,
                vendor=vendor,
                quarter=quarter,
                replace=replace,
                acknowledged=gate.record,
            ),
            lambda done: (
                f"Loaded {done['responses']} answers from {done['source']}"
                + (f", replacing {done['replaced']}" if done["replaced"] else "")
                + "."
            ),
            clear=("sv_file", "sv_replace", "sv_file_ack"),
        )
