"""Training & KT: client-owned training materials and their releases, knowledge-transfer
sessions per vendor, vendor-attested completion per program and month, and the best-practice
library shared with every vendor."""

from datetime import date

import streamlit as st

from governance import errors
from governance.kpis import periods, privacy
from governance.store import queries
from governance.ui import feedback, filters, session, wording
from governance.ui.text import plain
from governance.workflow import training

st.title("Training & KT")
st.caption(
    "The client owns the content; each vendor trains and manages its own people. Sessions count "
    "the vendor's attendees and completion is attested as trained of assigned, per program and "
    "month — aggregates only, never a list of people."
)
who = session.actor()
vendor = filters.current().vendor
today = date.today()

FLASH = "training_flash"
feedback.show_saved(FLASH)


def _saved(message: str, clear: tuple[str, ...] = ()) -> None:
    feedback.saved(FLASH, message, clear)


with session.connection() as con:
    materials = queries.training_materials(con)
    old = training.outdated(con, vendor)
    sessions = queries.kt_sessions(con, vendor)
    done = training.completion(con, vendor)
    library = queries.best_practices(con)
    vendor_names = queries.vendor_names(con)
    program_names = queries.program_names(con)

if not old.empty:
    st.warning(
        f"{old['vendor'].nunique()} vendor(s) still on an older release of a material: "
        "deliver the current release (a KT session) or ask for an updated attestation.",
        icon=":material/update:",
    )
    st.dataframe(
        old,
        hide_index=True,
        width="stretch",
        column_config={
            "vendor": "Vendor",
            "material": "Material",
            "on_release": "On release",
            "current_release": "Current release",
            "since": "Last reference",
            "source": "From",
        },
    )

tab_mat, tab_kt, tab_done, tab_lib = st.tabs(
    ["Materials", "Knowledge transfer", "Completion", "Best-practice library"]
)
with tab_mat:
    if materials.empty:
        st.info("No training material recorded yet.")
    else:
        st.dataframe(
            materials.drop(columns=["material_id", "version"]),
            hide_index=True,
            width="stretch",
            column_config={
                "title": "Material",
                "description": "Description",
                "current_release": "Current release",
                "released_on": "Released",
                "programs": "Programs",
            },
        )
with tab_kt:
    if sessions.empty:
        st.info(
            "No knowledge-transfer session recorded" + (plain(f" for {vendor}.") if vendor else ".")
        )
    else:
        st.dataframe(
            privacy.suppress(sessions.drop(columns=["session_id"]), "vendor_attendees"),
            hide_index=True,
            width="stretch",
            column_config={
                "vendor": "Vendor",
                "session_date": "Date",
                "topic": "Topic",
                "material": "Material",
                "release_no": "Release",
                "vendor_attendees": "Vendor attendees (count)",
                "notes": "Notes",
            },
        )
with tab_done:
    if done.empty:
        st.info("No completion attested" + (plain(f" for {vendor}.") if vendor else "."))
    else:
        shown = done.assign(rate=[None if r != r else f"{r:.1%}" for r in done["rate"]])
        shown = privacy.suppress(shown, ["trained", "assigned"], figures=["rate"])
        st.dataframe(
            shown[
                [
                    "vendor",
                    "program",
                    "month",
                    "trained",
                    "assigned",
                    "rate",
                    "material",
                    "release_no",
                ]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "vendor": "Vendor",
                "program": "Program",
                "month": st.column_config.DateColumn("Month", format="MMM YYYY"),
                "trained": "Trained",
                "assigned": "Assigned",
                "rate": "Completion",
                "material": "Material",
                "release_no": "Release",
            },
        )
        st.caption(f'Counts below {privacy.threshold()} people read "{privacy.label()}".')
with tab_lib:
    if library.empty:
        st.info("The best-practice library is empty.")
    for entry in library.itertuples():
        with st.expander(
            plain(f"{entry.title}" + (f" · {entry.program}" if entry.program else ""))
        ):
            st.text(entry.body)

if not who.may("governance.write"):
    st.stop()

st.divider()
st.subheader("Record")
form = st.radio(
    "What to record",
    ["KT session", "Completion", "Material", "New release", "Best practice"],
    horizontal=True,
    key="tr_form",
)
titles = dict(zip(materials["material_id"].astype(int), materials["title"], strict=True))

if form == "KT session":
    if not vendor_names:
        st.info("Register a vendor first.")
    else:
        k_vendor = st.selectbox(
            "Vendor",
            vendor_names,
            key="kt_vendor",
            index=vendor_names.index(vendor) if vendor in vendor_names else 0,
        )
        k_date = st.date_input("Date", value=today, key="kt_date")
        k_topic = st.text_input("Topic", key="kt_topic")
        k_material = st.selectbox(
            "Material (its current release)",
            [None, *titles],
            key="kt_material",
            format_func=lambda m: "—" if m is None else titles[m],
        )
        k_count = st.number_input(
            "Vendor attendees (how many)", min_value=0, step=1, key="kt_count"
        )
        k_notes = st.text_area("Notes", key="kt_notes")
        gate = wording.findings_gate({"Topic": k_topic, "Notes": k_notes}, key="kt_ack")
        if st.button("Save session", key="kt_save", disabled=not gate.ok_to_save, type="primary"):
            try:
                with session.connection() as con:
                    training.record_kt_session(
                        con,
                        who,
                        vendor=k_vendor,
                        session_date=k_date,
                        topic=k_topic,
                        vendor_attendees=int(k_count),
                        material_id=k_material,
                        notes=k_notes,
                        acknowledged=gate.record,
                    )
            except errors.GovernanceError as exc:
                st.error(str(exc))
            else:
                _saved(
                    f"Recorded the knowledge-transfer session with {k_vendor}.",
                    ("kt_topic", "kt_notes", "kt_count", "kt_ack"),
                )

elif form == "Completion":
    if not vendor_names:
        st.info("Register a vendor first.")
    else:
        p_vendor = st.selectbox(
            "Vendor",
            vendor_names,
            key="tc_vendor",
            index=vendor_names.index(vendor) if vendor in vendor_names else 0,
        )
        p_program = st.selectbox(
            "Program", program_names, key="tc_program", accept_new_options=True
        )
        p_month = st.date_input(
            "Month (any day of it)", value=periods.add_months(today, -1), key="tc_month"
        )
        p_trained = st.number_input("Trained", min_value=0, step=1, key="tc_trained")
        p_assigned = st.number_input("Assigned", min_value=0, step=1, key="tc_assigned")
        p_material = st.selectbox(
            "Material (its current release)",
            [None, *titles],
            key="tc_material",
            format_func=lambda m: "—" if m is None else titles[m],
        )
        existing = done[
            (done["vendor"] == p_vendor)
            & (done["program"] == p_program)
            & (done["month"].astype(str).str[:7] == f"{p_month:%Y-%m}")
        ]
        expected = int(existing["version"].iloc[0]) if not existing.empty else None
        if expected is not None:
            st.caption("This month is already attested: saving corrects it.")
        if st.button("Save completion", key="tc_save", type="primary"):
            try:
                with session.connection() as con:
                    training.attest_completion(
                        con,
                        who,
                        vendor=p_vendor,
                        program=p_program or "",
                        month=p_month,
                        trained=int(p_trained),
                        assigned=int(p_assigned),
                        material_id=p_material,
                        expected_version=expected,
                    )
            except errors.GovernanceError as exc:
                st.error(str(exc))
            else:
                _saved(f"Recorded {p_vendor}'s completion for {p_program}, {p_month:%B %Y}.")

elif form == "Material":
    m_title = st.text_input("Title", key="tm_title")
    m_programs = st.multiselect(
        "Programs covered", program_names, key="tm_programs", accept_new_options=True
    )
    m_description = st.text_area("Description", key="tm_description")
    m_released = st.date_input("Released", value=today, key="tm_released")
    gate = wording.findings_gate({"Title": m_title, "Description": m_description}, key="tm_ack")
    if st.button("Save material", key="tm_save", disabled=not gate.ok_to_save, type="primary"):
        try:
            with session.connection() as con:
                training.add_material(
                    con,
                    who,
                    title=m_title,
                    programs=m_programs,
                    released_on=m_released,
                    description=m_description,
                    acknowledged=gate.record,
                )
        except errors.GovernanceError as exc:
            st.error(str(exc))
        else:
            _saved(
                f"Added '{m_title.strip()}' (release 1).",
                ("tm_title", "tm_programs", "tm_description", "tm_ack"),
            )

elif form == "New release":
    if not titles:
        st.info("Add a material first.")
    else:
        r_material = st.selectbox(
            "Material", list(titles), format_func=titles.get, key="tr_material"
        )
        row = materials.set_index("material_id").loc[r_material]
        st.caption(f"Current release: {int(row['current_release'])}.")
        r_date = st.date_input("Released", value=today, key="tr_released")
        r_notes = st.text_area("What changed", key="tr_notes")
        gate = wording.findings_gate({"What changed": r_notes}, key="tr_ack")
        if st.button(
            "Publish release", key="tr_save", disabled=not gate.ok_to_save, type="primary"
        ):
            try:
                with session.connection() as con:
                    number = training.release_material(
                        con,
                        who,
                        r_material,
                        expected_version=int(row["version"]),
                        released_on=r_date,
                        notes=r_notes,
                        acknowledged=gate.record,
                    )
            except errors.GovernanceError as exc:
                st.error(str(exc))
            else:
                _saved(
                    f"Published release {number} of '{titles[r_material]}'.", ("tr_notes", "tr_ack")
                )

elif form == "Best practice":
    b_title = st.text_input("Title", key="bp_title")
    b_program = st.selectbox(
        "Program",
        [None, *program_names],
        key="bp_program",
        format_func=lambda p: "Every program" if p is None else p,
    )
    b_body = st.text_area("Practice (shared with every vendor)", key="bp_body")
    gate = wording.findings_gate({"Title": b_title, "Practice": b_body}, key="bp_ack")
    if st.button("Add to the library", key="bp_save", disabled=not gate.ok_to_save, type="primary"):
        try:
            with session.connection() as con:
                training.add_best_practice(
                    con,
                    who,
                    title=b_title,
                    body=b_body,
                    program=b_program,
                    acknowledged=gate.record,
                )
        except errors.GovernanceError as exc:
            st.error(str(exc))
        else:
            _saved(
                f"Added '{b_title.strip()}' to the best-practice library.",
                ("bp_title", "bp_body", "bp_ack"),
            )
