"""Imports: load a vendor's KPI export with its mapping, see what the guard and the checks found."""

import streamlit as st

from governance import errors
from governance.ingest import batches, importer, profiles
from governance.ui import data, filters, imports, session

MAX_MB = 200
st.title("Imports")
st.caption(
    f"Load the KPI exports vendors send: CSV or Excel (.xlsx), up to {MAX_MB} MB. Any error rejects "
    "the whole file and nothing is written. Files with columns about individual staff (agent, "
    "employee, e-mail…) are refused unless you choose to aggregate them to program / site / channel."
)
path = session.db_path()
who = session.actor()
vendor_names = data.vendor_names(path)
chosen = filters.current()
upload = base = None


def _save_profile(vendor, prof) -> bool:
    with session.write_connection() as con:
        importer.save_profile(con, who, vendor, prof)
    return True


def _run(content, file_name, vendor, prof, aggregate, dry_run, bar):
    with session.write_connection() as con:
        return importer.run(
            con,
            who,
            content,
            file_name=file_name,
            vendor=vendor,
            profile=prof,
            on_agent_data="aggregate" if aggregate else "refuse",
            dry_run=dry_run,
            progress=lambda label, f: bar.progress(f, text=label),
        )


if not who.may("facts.upload"):
    st.info("Your role can read the import history below but not import files.")
elif not vendor_names:
    st.info("Register a vendor first (Vendor registry).")
else:
    vendor = st.selectbox(
        "Vendor",
        vendor_names,
        key="import_vendor",
        index=vendor_names.index(chosen.vendor) if chosen.vendor in vendor_names else 0,
    )
    upload = st.file_uploader(
        "Vendor export",
        type=["csv", "txt", "xlsx"],
        key="import_file",
        help=f"Read by its content, not its name. Up to {MAX_MB} MB.",
    )
    if upload is not None:
        content = upload.getvalue()
        base = imports.attempt(lambda: data.import_profile(path, vendor, content, upload.name))
    if upload is not None and base is not None:
        st.subheader("Mapping")
        st.caption(
            f"{'Saved mapping of ' + vendor if base.source == 'stored' else 'Suggested from the file'}; "
            "edit the column roles, then check the preview."
        )
        prof = imports.mapping_editor(base.profile, base.headers, key=f"map_{upload.file_id}")
        aggregate = st.checkbox(
            "Aggregate per-person data: drop columns that identify individual staff and sum the rows "
            "to program / site / channel before anything is stored",
            key="import_aggregate",
        )
        if prof is not None:
            with st.expander("Mapping as TOML (advanced: contact-level files, derived components)"):
                toml_text = st.text_area(
                    "Profile", value=profiles.to_toml(prof), height=260, key="import_toml"
                )
                try:
                    prof = profiles.parse(toml_text)
                except errors.InvalidInput as exc:
                    st.error(str(exc))
                    prof = None
        view = prof and imports.attempt(
            lambda: data.import_preview(
                path, content, upload.name, profiles.to_toml(prof), aggregate
            )
        )
        if view is not None:
            for finding in view.guard_findings:
                st.warning(f"Column '{finding.column}' {finding.detail}.")
            for problem in view.problems:
                st.error(problem)
            if view.frame is not None:
                st.caption(
                    f"Preview: the first rows of {view.rows_read:,}, converted (nothing written yet)."
                )
                st.dataframe(view.frame, hide_index=True, width="stretch", placeholder="—")
            c1, c2, c3 = st.columns(3)
            save = c1.button("Save mapping for " + vendor, key="import_save")
            check = c2.button("Validate only", key="import_check")
            go = c3.button("Import", type="primary", key="import_go")
            if save and imports.attempt(lambda: _save_profile(vendor, prof)):
                session.data_changed()
                st.success(f"Saved the mapping of {vendor}; it is used for its next files.")
            if check or go:
                bar = st.progress(0.0, text="Starting")
                result = imports.attempt(
                    lambda: _run(content, upload.name, vendor, prof, aggregate, check, bar)
                )
                if result is not None:
                    bar.empty()
                    if not result.dry_run and result.ok:
                        session.data_changed()
                    imports.show_result(result, key="import_result")

st.subheader("Import history")
history = data.import_batches(path, chosen.vendor)
if history.empty:
    st.caption("No import yet.")
else:
    st.dataframe(
        history,
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config=imports.HISTORY_COLUMNS,
    )
    restated = data.restatements(path, chosen.vendor)
    if not restated.empty:
        st.subheader("Restatements")
        st.dataframe(
            restated,
            hide_index=True,
            width="stretch",
            placeholder="—",
            column_config=imports.RESTATEMENT_COLUMNS,
        )
    if who.may("facts.write"):
        with st.form("rollback"):
            st.markdown(
                "**Roll back an import**: its rows are removed and the rows it restated come back."
            )
            live = history[(history["status"] != "rolled_back") & (history["source"] == "import")]
            batch = st.selectbox("Batch", live["batch_id"].tolist(), key="rollback_batch")
            sure = st.checkbox(
                "I understand this changes the figures every page shows", key="rollback_sure"
            )
            undo = st.form_submit_button("Roll back")
        if undo:
            if not sure:
                st.error("Tick the box to confirm the rollback.")
            elif batch is None:
                st.error("There is no import batch to roll back.")
            else:
                try:
                    with session.connection() as con:
                        done = batches.rollback(con, who, int(batch))
                    session.data_changed()
                    st.success(
                        f"Rolled back batch {done['batch_id']}: {done['rows_removed']} rows removed, "
                        f"{done['rows_restored']} earlier rows restored."
                    )
                except errors.GovernanceError as exc:
                    st.error(str(exc))
