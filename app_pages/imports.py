"""Imports: load a vendor's KPI export with its mapping, see what the guard and the checks found."""

import hashlib
from pathlib import Path

import streamlit as st

from governance import errors
from governance.ingest import batches, importer, labels, layouts, profiles
from governance.ui import data, filters, imports, session
from governance.ui.text import plain

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


SUGGESTION = ""  # the layout choice that maps the file with the suggestion instead


def _layout_choice(base, upload_id):
    """The saved layout the mapping starts from: the one that fits the file's columns, unless
    the user chooses another, or none (the suggestion). None when none is chosen."""
    usable = {x.name for x in base.layouts if x.profile is not None}
    # The choice keeps the layouts it first offered for this upload: a layout someone saves
    # meanwhile must not swap the mapping being edited (the user's edits would be lost).
    offered = st.session_state.setdefault(
        f"import_layouts_offered_{upload_id}",
        ([x.name for x in base.layouts if x.profile is not None], base.fit),
    )
    names = [n for n in offered[0] if n in usable]
    fit = offered[1]
    if not names:
        return None

    def label(name: str) -> str:
        if name == SUGGESTION:
            return "None: the mapping suggested from the file's columns"
        layout = base.layout(name)
        fits = " · fits this file" if name == fit else ""
        return f"{name} (version {layout.version}){fits}"  # options show as text, not Markdown

    chosen = st.selectbox(
        "Saved layout",
        [SUGGESTION, *names],
        index=names.index(fit) + 1 if fit in names else 0,
        format_func=label,
        key=f"import_layout_{upload_id}",
        help="A saved layout maps any file with its columns, from any vendor. Choose another "
        "to map this file with it, or none to start from the suggestion.",
    )
    return base.layout(chosen) if chosen else None


def _save_layout(name, vendor, prof, save, upload_id) -> tuple[int, bool] | None:
    """Run on every render that shows the save button: the first for this upload and layout
    name keeps the version of the layout of that name then; a click saves with that version, so
    a layout someone else saved since is refused, not overwritten. Returns (the version saved,
    whether it is new) on a click, None otherwise."""
    name = " ".join(str(name or "").split())
    opened = f"import_layout_version_{upload_id}_{name.lower()}"
    if opened not in st.session_state:
        with session.connection() as con:
            st.session_state[opened] = layouts.version_of(con, name)
    if not save:
        return None
    had = st.session_state[opened]
    try:
        with session.write_connection() as con:
            version = layouts.save(con, who, name, prof, expected_version=had, vendor=vendor)
    finally:
        del st.session_state[opened]  # saved or refused: the next render reads it afresh
    return version, version != had


def _run(content, file_name, vendor, prof, aggregate, add_vendors, add_labels, bar):
    with session.write_connection() as con:
        return importer.run(
            con,
            who,
            content,
            file_name=file_name,
            vendor=vendor,
            profile=prof,
            on_agent_data="aggregate" if aggregate else "refuse",
            add_vendors=add_vendors,
            add_labels=add_labels,
            progress=lambda label, f: bar.progress(f, text=label),
        )


def _vendor_choice(prof) -> tuple[bool, str | None]:
    """Whose file this is: (decided, vendor). From the file's vendor column (vendor None), else
    chosen deliberately: no vendor is preselected, but a vendor partner's own (its only one)."""
    if prof is not None and "vendor" in prof.columns:
        st.info(
            plain(f"Each row's vendor comes from the file's column '{prof.columns['vendor']}'.")
        )
        return True, None
    if not vendor_names:
        st.info(
            "No vendor is registered yet. Register the vendor on the Vendor registry page, or "
            "map the file's vendor column: a vendor manager can register its vendors with the "
            "import."
        )
        return False, None
    vendor = st.selectbox(
        "Vendor who sent this file",
        vendor_names,
        index=0 if who.role == "vendor_partner" else None,  # a partner's only vendor
        placeholder="Choose the vendor (the file has no vendor column)",
        key="import_vendor",
    )
    return vendor is not None, vendor


def _ready(check) -> tuple[bool, bool, bool]:
    """What the import would do, in plain words; whether it can go ahead, whether the user
    confirmed registering the vendors it names that are not registered yet, and whether the
    labels it brings (programs, sites, languages, queues) that are not registered yet."""
    if check.status in ("rejected", "unchanged"):
        imports.show_result(check, key="import_check")
        return False, False, False
    if len(check.periods) > 3:
        first = min(p["from"] for p in check.periods)
        last = max(p["to"] for p in check.periods)
        spans = f"{len(check.periods)} vendors, {first} to {last}"
    else:
        spans = "; ".join(f"{p['vendor']} {p['from']} to {p['to']}" for p in check.periods)
    st.success(plain(f"Ready to import {check.rows_loaded:,} rows ({spans})."))
    if check.replaces:
        st.warning(
            plain(
                f"Importing replaces the data already held for {check.replaced_text()}. The rows "
                "it replaces are kept: rolling the import back brings them back."
            )
        )
    if check.new_vendors:
        names = ", ".join(check.new_vendors)
        st.warning(
            plain(
                f"The file names {len(check.new_vendors)} vendor(s) that are not registered yet: "
                f"{names}. Check the names before registering them."
            )
        )
        confirmed = st.checkbox(
            f"Register these {len(check.new_vendors)} vendor(s) with this import",
            key="import_add_vendors_" + hashlib.sha256(names.encode()).hexdigest()[:12],
        )
    else:
        confirmed = None
    add_labels = _new_labels(check.new_labels)
    return confirmed is not False and add_labels is not False, bool(confirmed), bool(add_labels)


def _new_labels(new: list[dict]) -> bool | None:
    """The labels the file brings that are not registered for their vendor, one list per vendor
    and dimension, and the box that registers them with the import: whether it is ticked (None
    when there are none)."""
    if not new:
        return None
    st.warning(
        plain(
            f"The file brings {len(new)} label(s) not registered for their vendor yet. Check "
            "them before registering them: each must be a program, site, language or queue, "
            "never a person."
        )
    )
    for vendor, dimension, names in labels.grouped(new):
        st.markdown(plain(f"{vendor}, {dimension} ({len(names)}):"))
        st.text(", ".join(names))
    listed = "\n".join(f"{n['vendor']}\t{n['dimension']}\t{n['label']}" for n in new)
    return st.checkbox(
        f"Register these {len(new)} labels with this import"
        if len(new) != 1
        else "Register this label with this import",
        key="import_add_labels_" + hashlib.sha256(listed.encode()).hexdigest()[:12],
    )


if not who.may("facts.upload"):
    st.info("Your role can read the import history below but not import files.")
else:
    upload = st.file_uploader(
        "Vendor export",
        type=["csv", "txt", "xlsx"],
        key="import_file",
        help=f"Read by its content, not its name. Up to {MAX_MB} MB.",
    )
    if upload is not None:
        content = upload.getvalue()
        base = imports.attempt(lambda: data.import_mapping(path, content, upload.name))
    if upload is not None and base is not None:
        st.subheader("Mapping")
        applied = _layout_choice(base, upload.file_id)
        grain = {
            "interval": "The rows are intervals (summed to days on import).",
            "day": "The rows are days.",
            "week": "The rows are weeks.",
            "month": "The rows are months.",
        }.get(
            base.grain, "No time column found: map the column that holds each row's day or month."
        )
        if applied is None:
            how = "Suggested from the file's columns and values: check the column roles"
        elif applied.name == base.fit:
            how = (
                f"Mapped with the saved layout '{applied.name}' (version {applied.version}): it "
                "fits this file's columns"
            )
        else:
            how = f"Mapped with the saved layout '{applied.name}' (version {applied.version})"
        st.caption(plain(f"{how}. {grain}"))
        missing = [c for c in applied.reads if c not in base.headers] if applied else []
        if missing:
            st.warning(
                plain(
                    f"The layout '{applied.name}' reads {len(missing)} column(s) this file does "
                    f"not have: {', '.join(missing)}. They are left out of the mapping below."
                )
            )
        started_from = f"{applied.name}_{applied.version}" if applied else ""
        key = f"map_{upload.file_id}_{started_from}"
        prof = imports.mapping_editor(
            applied.profile if applied else base.profile,
            base.headers,
            key=key,
            reasons=None if applied else base.reasons,
        )
        aggregate = st.checkbox(
            "Aggregate per-person data: drop columns that identify individual staff and sum the rows "
            "to program / site / channel before anything is stored",
            key="import_aggregate",
        )
        st.subheader("Vendor")
        decided, vendor = _vendor_choice(prof)
        st.subheader("Check")
        shown = prof.with_changes(vendor=vendor) if prof is not None and vendor else prof
        view = shown and imports.attempt(
            lambda: data.import_preview(
                path, content, upload.name, profiles.to_toml(shown), aggregate
            )
        )
        ready = add_vendors = add_labels = False
        if view is not None:
            imports.show_findings(view.guard_findings, view.problems)
            if view.frame is not None:
                st.caption(
                    f"Preview: the first rows of {view.rows_read:,}, converted (nothing written yet)."
                )
                imports.show_preview(view.frame, interval=prof.time_column == "interval_start")
            blocked = view.problems or (view.guard_findings and not aggregate)
            if not blocked and not decided:
                st.info("Choose the vendor who sent this file to check every row.")
            elif not blocked:
                check = imports.attempt(
                    lambda: data.import_check(
                        session.file_path(),
                        who,
                        content,
                        upload.name,
                        vendor,
                        profiles.to_toml(prof),
                        aggregate,
                    )
                )
                if check is not None:
                    ready, add_vendors, add_labels = _ready(check)
        go = st.button("Import", type="primary", key="import_go", disabled=not ready)
        if prof is not None:
            # The name starts as the layout the mapping came from, else the vendor, else the
            # file's name; what the user types stays until that starting name changes.
            default = (applied.name if applied else vendor or Path(upload.name).stem)[:80]
            n1, n2 = st.columns([3, 1], vertical_alignment="bottom")
            name = n1.text_input(
                "Save this mapping as a layout named",
                value=default,
                max_chars=layouts.MAX_NAME,
                key=f"import_layout_name_{upload.file_id}_"
                + hashlib.sha256(default.encode()).hexdigest()[:12],
                help="A layout maps any file with these columns from now on, whichever vendor "
                "sends it. Saving under a saved layout's name makes its next version.",
            )
            save = n2.button("Save as a layout", key="import_save")
            done = imports.attempt(lambda: _save_layout(name, vendor, prof, save, upload.file_id))
            if done is not None:
                version, new = done
                shown_name = " ".join(name.split())
                if new:
                    session.data_changed()
                    st.success(
                        plain(
                            f"Saved the layout '{shown_name}' (version {version}): any file "
                            "with these columns is mapped with it from now on, whichever vendor "
                            "sends it."
                        )
                    )
                else:
                    st.info(
                        plain(
                            f"The layout '{shown_name}' is at version {version} with this "
                            "mapping already; nothing new was saved."
                        )
                    )
        if go:
            bar = st.progress(0.0, text="Starting")
            result = imports.attempt(
                lambda: _run(
                    content,
                    upload.name,
                    vendor,
                    prof,
                    aggregate,
                    add_vendors,
                    add_labels,
                    bar,
                )
            )
            if result is not None:
                bar.empty()
                if result.ok:
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

saved_layouts = data.saved_layouts(path)
with st.expander(f"Saved layouts ({len(saved_layouts)})"):
    if saved_layouts.empty:
        st.caption(
            "No layout saved yet: save a file's mapping as a layout above (or with `governance "
            "profiles save`), and any later file with its columns is mapped with it."
        )
    else:
        st.dataframe(
            saved_layouts,
            hide_index=True,
            width="stretch",
            placeholder="—",
            column_config={
                "name": "Layout",
                "version": "Version",
                "vendor": "Saved for",
                "time": "Time column",
                "reads": "Columns it reads",
                "saved_by": "Saved by",
                "saved_at": st.column_config.DatetimeColumn(
                    "When (UTC)", format="YYYY-MM-DD HH:mm"
                ),
            },
        )
