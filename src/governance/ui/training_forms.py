"""The record forms of the Training & KT page: a knowledge-transfer session, an attested
completion, a material, a new release of one (versioned: ``governance.ui.editing``) and a
best practice."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from governance.kpis import periods
from governance.ui import session, wording
from governance.ui.editing import Edit
from governance.ui.page import Page
from governance.workflow import training


@dataclass(frozen=True)
class Known:
    """What the forms pick from: vendors, programs and the training materials."""

    vendor_names: list[str]
    program_names: list[str]
    materials: pd.DataFrame

    @property
    def titles(self) -> dict[int, str]:
        """Material id → title."""
        m = self.materials
        return dict(zip(m["material_id"].astype(int), m["title"], strict=True))

    def material_picker(self, key: str):
        titles = self.titles
        return st.selectbox(
            "Material (its current release)",
            [None, *titles],
            key=key,
            format_func=lambda m: "—" if m is None else titles[m],
        )


def kt_session(page: Page, known: Known) -> None:
    """A knowledge-transfer session delivered to a vendor: how many of its people attended."""
    names = known.vendor_names
    new = {"vendor": st.selectbox("Vendor", names, page.vendor_index(names), key="kt_vendor")}
    new["session_date"] = st.date_input("Date", value=page.today, key="kt_date")
    new["topic"] = st.text_input("Topic", key="kt_topic")
    new["material_id"] = known.material_picker("kt_material")
    count = st.number_input("Vendor attendees (how many)", min_value=0, step=1, key="kt_count")
    new["notes"] = st.text_area("Notes", key="kt_notes")
    gate = wording.findings_gate({"Topic": new["topic"], "Notes": new["notes"]}, key="kt_ack")
    if st.button("Save session", key="kt_save", disabled=not gate.ok_to_save, type="primary"):
        page.save(
            lambda con: training.record_kt_session(
                con, page.who, **new, vendor_attendees=int(count), acknowledged=gate.record
            ),
            f"Recorded the knowledge-transfer session with {new['vendor']}.",
            clear=("kt_topic", "kt_notes", "kt_count", "kt_ack"),
        )


def completion(page: Page, known: Known) -> None:
    """The vendor's attested completion for a program and month: trained of assigned."""
    names = known.vendor_names
    new = {"vendor": st.selectbox("Vendor", names, page.vendor_index(names), key="tc_vendor")}
    new["program"] = st.selectbox(
        "Program", known.program_names, key="tc_program", accept_new_options=True
    )
    last_month = periods.add_months(page.today, -1)
    new["month"] = st.date_input("Month (any day of it)", value=last_month, key="tc_month")
    new["trained"] = int(st.number_input("Trained", min_value=0, step=1, key="tc_trained"))
    new["assigned"] = int(st.number_input("Assigned", min_value=0, step=1, key="tc_assigned"))
    new["material_id"] = known.material_picker("tc_material")
    with session.connection() as con:
        stored = training.completion_version(con, new["vendor"], new["program"], new["month"])
    month_edit = Edit("tc", f"{new['vendor']}|{new['program']}|{new['month']:%Y-%m}")
    expected = None if stored is None else month_edit.open({"version": stored})
    if expected is not None:
        st.caption("This month is already attested: saving corrects it.")
    if st.button("Save completion", key="tc_save", type="primary"):
        page.save(
            lambda con: training.attest_completion(
                con, page.who, **new | {"program": new["program"] or ""}, expected_version=expected
            ),
            f"Recorded {new['vendor']}'s completion for {new['program']}, {new['month']:%B %Y}.",
            edit=month_edit,
        )
    month_edit.stale_notice()


def material(page: Page, known: Known) -> None:
    """A new training material (release 1) and the programs it covers."""
    new = {"title": st.text_input("Title", key="tm_title")}
    new["programs"] = st.multiselect(
        "Programs covered", known.program_names, key="tm_programs", accept_new_options=True
    )
    new["description"] = st.text_area("Description", key="tm_description")
    new["released_on"] = st.date_input("Released", value=page.today, key="tm_released")
    text = {"Title": new["title"], "Description": new["description"]}
    gate = wording.findings_gate(text, key="tm_ack")
    if st.button("Save material", key="tm_save", disabled=not gate.ok_to_save, type="primary"):
        page.save(
            lambda con: training.add_material(con, page.who, **new, acknowledged=gate.record),
            f"Added '{new['title'].strip()}' (release 1).",
            clear=("tm_title", "tm_programs", "tm_description", "tm_ack"),
        )


def release(page: Page, known: Known) -> None:
    """The next release of a material, refused when someone else released it since it was opened."""
    titles = known.titles
    chosen = st.selectbox("Material", list(titles), format_func=titles.get, key="tr_material")
    row = known.materials.set_index("material_id").loc[chosen]
    edit = Edit("tr", chosen)
    version = edit.open(row.to_dict())
    st.caption(f"Current release: {int(row['current_release'])}.")
    released_on = st.date_input("Released", value=page.today, key="tr_released")
    notes = st.text_area("What changed", key="tr_notes")
    gate = wording.findings_gate({"What changed": notes}, key="tr_ack")
    if st.button("Publish release", key="tr_save", disabled=not gate.ok_to_save, type="primary"):
        page.save(
            lambda con: training.release_material(
                con,
                page.who,
                chosen,
                expected_version=version,
                released_on=released_on,
                notes=notes,
                acknowledged=gate.record,
            ),
            lambda number: f"Published release {number} of '{titles[chosen]}'.",
            clear=("tr_notes", "tr_ack"),
            edit=edit,
        )
    edit.stale_notice()


def best_practice(page: Page, known: Known) -> None:
    """A practice for the library every vendor sees, for one program or all."""
    new = {"title": st.text_input("Title", key="bp_title")}
    new["program"] = st.selectbox(
        "Program",
        [None, *known.program_names],
        key="bp_program",
        format_func=lambda p: "Every program" if p is None else p,
    )
    new["body"] = st.text_area("Practice (shared with every vendor)", key="bp_body")
    gate = wording.findings_gate({"Title": new["title"], "Practice": new["body"]}, key="bp_ack")
    if st.button("Add to the library", key="bp_save", disabled=not gate.ok_to_save, type="primary"):
        page.save(
            lambda con: training.add_best_practice(con, page.who, **new, acknowledged=gate.record),
            f"Added '{new['title'].strip()}' to the best-practice library.",
            clear=("bp_title", "bp_body", "bp_ack"),
        )


FORMS = {
    "KT session": (kt_session, "vendor_names", "Register a vendor first."),
    "Completion": (completion, "vendor_names", "Register a vendor first."),
    "Material": (material, None, None),
    "New release": (release, "titles", "Add a material first."),
    "Best practice": (best_practice, None, None),
}


def record(page: Page, known: Known) -> None:
    """The "Record" section: a choice of form, and the form chosen (or what it needs first)."""
    st.divider()
    st.subheader("Record")
    chosen = st.radio("What to record", list(FORMS), horizontal=True, key="tr_form")
    form, needs, missing = FORMS[chosen]
    if needs and not getattr(known, needs):
        st.info(missing)
    else:
        form(page, known)
