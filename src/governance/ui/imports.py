"""Widgets of the Imports page: the mapping editor, the guard's verdict, the result report."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from governance.errors import GovernanceError
from governance.ingest import agent_guard, importer, profiles
from governance.ingest.profiles import Profile
from governance.ui.text import plain

T = TypeVar("T")
log = logging.getLogger("governance.ui.imports")
UNEXPECTED = (
    "The file could not be processed: something unexpected went wrong (it is logged for the "
    "administrator). Check that it is a CSV or .xlsx export from the vendor's system and try "
    "again; if it persists, send the file to your administrator."
)


def attempt(action: Callable[[], T]) -> T | None:
    """Run one read or write of the uploaded file. A refusal (``GovernanceError``) is shown as
    its plain message; anything else is logged here, on the server, with its traceback, and the
    page says so in one sentence: a browser never sees a stack trace. None when it failed."""
    try:
        return action()
    except GovernanceError as exc:
        st.error(plain(str(exc)))
    except Exception:  # noqa: BLE001 - the user gets one sentence, the log the details
        log.exception("Imports page: an upload could not be processed")
        st.error(UNEXPECTED)
    return None


HISTORY_COLUMNS = {
    "batch_id": "Batch",
    "vendor": "Vendor",
    "file_name": "File",
    "status": "Status",
    "source": "Source",
    "imported_by": "By",
    "imported_at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm"),
    "grain": "Grain",
    "shape": "Shape",
    "rows_read": "Rows read",
    "rows_loaded": "Rows loaded",
    "rows_rejected": "Rows rejected",
    "period_from": "From",
    "period_to": "To",
    "components": "Components",
    "identifying_data": "Per-person columns",
    "content_hash": None,
    "rolled_back_by": "Rolled back by",
    "rolled_back_at": "Rolled back at",
}
RESTATEMENT_COLUMNS = {
    "restatement_id": "#",
    "batch_id": "By batch",
    "vendor": "Vendor",
    "period_from": "From",
    "period_to": "To",
    "components": "Components",
    "replaced_batches": "Replaced batches",
    "rows_before": "Rows before",
    "before_totals": "Totals before",
    "after_totals": "Totals after",
    "recorded_at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm"),
}


def mapping_editor(
    prof: Profile, headers: list[str], key: str, reasons: dict[str, str] | None = None
) -> Profile | None:
    """The mapping, edited in one table (one row per file column and the role it takes), which
    is the single source of truth; the profile (TOML) follows it and replaces it only when its
    own button says so. Returns the new profile, or None with the error shown (the edits stay).

    ``key`` names this file's mapping: the table starts from ``prof`` and keeps the user's edits
    across reruns; "Ignore all the rest" and a replaced profile start it again from a new base."""
    state = st.session_state.setdefault(f"{key}_state", {"base": prof, "gen": 0})
    base, k = state["base"], f"{key}_{state['gen']}"
    rows = pd.DataFrame(profiles.mapping_rows(base, headers))
    config = {
        "column": st.column_config.TextColumn("File column", width="medium"),
        "role": st.column_config.SelectboxColumn(
            "Maps to",
            width="large",
            options=list(profiles.ROLES),
            format_func=profiles.role_label,
            required=True,
            help="What the column holds: a time, a dimension, a count or total, an average or "
            "rate to turn into a total, or ignore.",
        ),
    }
    if reasons:
        rows["why"] = [reasons.get(h, "") for h in rows["column"]]
        config["why"] = st.column_config.TextColumn("Why suggested", width="large")
    edited = st.data_editor(
        rows,
        key=f"{k}_grid",
        hide_index=True,
        width="stretch",
        height=min(35 * (len(rows) + 1) + 3, 600),
        disabled=["column", "why"],
        column_config=config,
    )
    records = edited.to_dict(orient="records")
    formats = _formats(base, k)
    try:
        changed = profiles.apply_mapping(base, records).with_changes(formats=formats)
    except GovernanceError as exc:
        st.error(plain(str(exc)))
        return None
    used = changed.source_columns()
    rest = [
        r["column"] for r in records if r["role"] == profiles.NOT_LOADED and r["column"] not in used
    ]
    if rest:
        with st.expander(f"{len(rest)} column(s) not loaded"):
            st.text(", ".join(rest))
            if st.button("Ignore all the rest", key=f"{k}_ignore_rest"):
                _restart(state, changed.with_changes(ignore=[*changed.ignore, *rest]))
    _profile_text(changed, state, k)
    return changed


def _formats(base: Profile, k: str) -> dict:
    """The format choices (date format, decimal mark, percentages, durations) as profile keys."""
    with st.expander("Formats"):
        c1, c2, c3, c4 = st.columns(4)
        date_fmt = c1.text_input(
            "Date format",
            value=base.formats.date or "",
            key=f"{k}_date",
            help="strptime, e.g. %d/%m/%Y; empty = ISO or month labels (detected)",
        )
        decimal = c2.selectbox(
            "Decimal mark",
            profiles.DECIMALS,
            index=profiles.DECIMALS.index(base.formats.decimal),
            key=f"{k}_decimal",
        )
        percent = c3.selectbox(
            "Percentages",
            profiles.PERCENT_MODES,
            index=profiles.PERCENT_MODES.index(base.formats.percent),
            key=f"{k}_pct",
        )
        duration = c4.selectbox(
            "Durations",
            profiles.DURATION_MODES,
            index=profiles.DURATION_MODES.index(base.formats.duration),
            key=f"{k}_dur",
        )
    formats = {"percent": percent, "duration": duration, "decimal": decimal}
    if date_fmt.strip():
        formats["date"] = date_fmt.strip()
    return formats


def _profile_text(prof: Profile, state: dict, k: str) -> None:
    """The mapping as a profile file: shown as the table makes it, downloadable, and editable for
    what the table cannot say (contact-level files, derived components), applied on its button."""
    text = profiles.to_toml(prof)
    with st.expander("The mapping as a profile file (TOML, advanced)"):
        st.caption(
            "This follows the table above. Edit it only for what the table cannot express "
            "(contact-level files, derived components, constants) and press the button; the "
            "format is described in docs/profiles.md."
        )
        st.download_button(
            "Download the profile", text, file_name="profile.toml", mime="text/plain", key=f"{k}_dl"
        )
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        with st.form(f"{k}_toml_form", border=False):
            edited = st.text_area("Profile", value=text, height=260, key=f"{k}_toml_{digest}")
            replace = st.form_submit_button("Replace the mapping with this profile")
        if replace:
            try:
                new = profiles.parse(edited)
            except GovernanceError as exc:  # the text stays in the box to be fixed
                st.error(plain(f"The profile was not applied: {exc}"))
            else:
                _restart(state, new)


def _restart(state: dict, base: Profile) -> None:
    """Start the table again from ``base`` (a new generation of widgets) and rerun."""
    state["base"] = base
    state["gen"] += 1
    st.rerun()


def show_findings(findings, problems: list[str]) -> None:
    """The guard's findings (one warning) and the mapping's problems (one error)."""
    if findings:
        lines = [f"- {plain(line)}." for line in agent_guard.shown(findings)]
        st.warning("\n".join(["**Columns about individual staff**", *lines]))
    if len(problems) == 1:
        st.error(plain(problems[0]))
    elif problems:
        st.error(
            "\n".join(
                [f"**{len(problems)} things to fix before importing**"]
                + [f"- {plain(p)}" for p in problems]
            )
        )


def show_preview(frame: pd.DataFrame, *, interval: bool) -> None:
    """The first rows as they would be stored: no placeholder vendor, days without a clock."""
    if "vendor" in frame.columns and (frame["vendor"] == "(vendor)").all():
        frame = frame.drop(columns="vendor")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config={
            "row": st.column_config.NumberColumn("Row", help="The row of the file"),
            "vendor": "Vendor",
            "period": st.column_config.DatetimeColumn(
                "Interval start" if interval else "Period",
                format="YYYY-MM-DD HH:mm" if interval else "YYYY-MM-DD",
            ),
        },
    )


def show_result(result: importer.ImportResult, key: str) -> None:
    """The outcome in plain words, the notes, and the validation report with a CSV download."""
    if result.status == "rejected":
        st.error(plain(result.summary()))
    elif result.status == "unchanged":
        st.info(plain(result.summary()))
    else:
        st.success(plain(result.summary()))
    if len(result.warnings) == 1:
        st.caption(plain(result.warnings[0]))
    elif result.warnings:
        with st.expander(f"{len(result.warnings)} notes"):
            for note in result.warnings:
                st.caption(plain(note))
    if result.errors:
        report = pd.DataFrame(
            [
                {
                    "row": e.row,
                    "column": e.column,
                    "value": e.value,
                    "reason": e.reason,
                    "rows": e.count,
                }
                for e in result.errors
            ]
        )
        st.dataframe(
            report,
            hide_index=True,
            width="stretch",
            placeholder="",
            column_config={"rows": st.column_config.NumberColumn("Rows like it")},
        )
        st.download_button(
            "Download the report (CSV)",
            importer.errors_csv(result),
            file_name=f"{result.file_name}.errors.csv",
            mime="text/csv",
            key=f"{key}_errors",
        )
