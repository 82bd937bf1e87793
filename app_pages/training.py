"""Training & KT: client-owned training materials and their releases, knowledge-transfer
sessions per vendor, vendor-attested completion per program and month, and the best-practice
library shared with every vendor."""

import streamlit as st

from governance.kpis import privacy
from governance.store import queries
from governance.ui import page as ui_page
from governance.ui import session, tables, training_forms
from governance.ui.text import plain
from governance.workflow import training

page = ui_page.start(
    "Training & KT",
    "The client owns the content; each vendor trains and manages its own people. Sessions count "
    "the vendor's attendees and completion is attested as trained of assigned, per program and "
    "month — aggregates only, never a list of people.",
    flash="training_flash",
)
who, vendor = page.who, page.vendor

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
    tables.show(
        old,
        {"vendor": "Vendor", "material": "Material", "on_release": "On release"}
        | {"current_release": "Current release", "since": "Last reference", "source": "From"},
    )

tab_mat, tab_kt, tab_done, tab_lib = st.tabs(
    ["Materials", "Knowledge transfer", "Completion", "Best-practice library"]
)
with tab_mat:
    if materials.empty:
        st.info("No training material recorded yet.")
    else:
        tables.show(
            materials,
            {"title": "Material", "description": "Description"}
            | {"current_release": "Current release", "released_on": "Released"}
            | {"programs": "Programs"},
        )
with tab_kt:
    if sessions.empty:
        st.info(
            "No knowledge-transfer session recorded" + (plain(f" for {vendor}.") if vendor else ".")
        )
    else:
        tables.show(
            training.sessions_shown(sessions),
            {"vendor": "Vendor", "session_date": "Date", "topic": "Topic", "material": "Material"}
            | {"release_no": "Release", "vendor_attendees": "Vendor attendees (count)"}
            | {"notes": "Notes"},
        )
with tab_done:
    if done.empty:
        st.info("No completion attested" + (plain(f" for {vendor}.") if vendor else "."))
    else:
        month = st.column_config.DateColumn("Month", format="MMM YYYY")
        tables.show(
            training.completion_shown(done),
            {"vendor": "Vendor", "program": "Program", "month": month, "trained": "Trained"}
            | {"assigned": "Assigned", "rate": "Completion", "material": "Material"}
            | {"release_no": "Release"},
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

if who.may("governance.write"):
    training_forms.record(page, training_forms.Known(vendor_names, program_names, materials))
