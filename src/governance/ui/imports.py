"""Widgets of the Imports page: the mapping editor, the guard's verdict, the result report."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from governance.errors import GovernanceError
from governance.ingest import importer, profiles
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


def mapping_editor(prof: Profile, headers: list[str], key: str) -> Profile | None:
    """An editable table, one row per file column with the role it takes; returns the new profile
    (or None with the error shown, the user's edits kept on screen)."""
    rows = pd.DataFrame(profiles.mapping_rows(prof, headers))
    edited = st.data_editor(
        rows,
        key=key,
        hide_index=True,
        width="stretch",
        disabled=["column"],
        column_config={
            "column": st.column_config.TextColumn("File column"),
            "role": st.column_config.SelectboxColumn(
                "Maps to",
                options=list(profiles.ROLES),
                required=True,
                help="A canonical name, an average or rate to turn into a total, or ignore.",
            ),
        },
    )
    with st.expander("Formats"):
        c1, c2, c3, c4 = st.columns(4)
        date_fmt = c1.text_input(
            "Date format",
            value=prof.formats.date or "",
            key=f"{key}_date",
            help="strptime, e.g. %d/%m/%Y; empty = ISO or month labels (detected)",
        )
        decimal = c2.selectbox(
            "Decimal mark",
            profiles.DECIMALS,
            index=profiles.DECIMALS.index(prof.formats.decimal),
            key=f"{key}_decimal",
        )
        percent = c3.selectbox(
            "Percentages",
            profiles.PERCENT_MODES,
            index=profiles.PERCENT_MODES.index(prof.formats.percent),
            key=f"{key}_pct",
        )
        duration = c4.selectbox(
            "Durations",
            profiles.DURATION_MODES,
            index=profiles.DURATION_MODES.index(prof.formats.duration),
            key=f"{key}_dur",
        )
    try:
        changed = profiles.apply_mapping(prof, edited.to_dict(orient="records"))
        formats = {"percent": percent, "duration": duration, "decimal": decimal}
        if date_fmt.strip():
            formats["date"] = date_fmt.strip()
        return changed.with_changes(formats=formats)
    except Exception as exc:  # InvalidInput: shown, the edits stay in the editor
        st.error(str(exc))
        return None


def show_result(result: importer.ImportResult, key: str) -> None:
    """The outcome in plain words, the notes, and the validation report with a CSV download."""
    if result.status == "rejected":
        st.error(result.summary())
    elif result.status == "unchanged":
        st.info(result.summary())
    else:
        st.success(result.summary())
    for note in result.warnings:
        st.caption(note)
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
