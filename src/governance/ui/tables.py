"""Table formats for the pages: percentages, seconds and money read as such; no data reads "—"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from governance.kpis import catalogue
from governance.scoring.portfolio import HEADLINE_KPIS, VOLUME

NO_DATA = "—"  # pass as st.dataframe(..., placeholder=NO_DATA): no data is never 0 or "None"
ROW_PX = 35  # a dataframe row, as Streamlit draws it
MAX_ROWS = 25  # up to this many rows a table shows them all, without a scroll box


def rows_height(rows: int) -> int | str:
    """A dataframe height (``st.dataframe(..., height=)``) that shows every row up to
    ``MAX_ROWS`` without a scroll box, and ``MAX_ROWS`` rows of a longer table (Streamlit's own
    default shows ten)."""
    return "content" if rows <= MAX_ROWS else ROW_PX * (MAX_ROWS + 1) + 3


def cell_text(value: object) -> str:
    """One value as text for ``st.text``: "—" when there is none (None, NaN, NaT, blank), never
    "None" or "nan"."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return NO_DATA
    return str(value) if str(value).strip() else NO_DATA


def kpi_column(code: str, change: bool = False):
    """A NumberColumn for a KPI value in display units (percent for ratios), or its change."""
    k = catalogue.kpi(code)
    if k.unit == "ratio":
        fmt = "%+.1f pp" if change else "%.1f%%"
    elif k.unit == "seconds":
        fmt = "%+.0f s" if change else "%.0f s"
    elif k.unit == "money":
        fmt = "%+,.2f" if change else "%,.2f"
    else:
        fmt = "%+.1f" if change else "%.1f"
    if change:
        return st.column_config.NumberColumn(
            f"Δ {k.name}", format=fmt, help=f"{k.name}: this month minus the previous month"
        )
    return st.column_config.NumberColumn(k.name, format=fmt, help=k.definition)


def as_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Ratios shown in percent (and their changes in percentage points) for display."""
    out = frame.copy()
    for code in HEADLINE_KPIS:
        if catalogue.kpi(code).unit == "ratio":
            for col in (code, f"{code}_change"):
                if col in out:
                    out[col] = out[col] * 100.0
    return out


def portfolio_columns() -> dict:
    cols = {
        "vendor": st.column_config.TextColumn("Vendor"),
        VOLUME: st.column_config.NumberColumn(
            "Volume (offered)", format="localized", help="Contacts offered in the month"
        ),
    }
    for code in HEADLINE_KPIS:
        cols[code] = kpi_column(code)
        cols[f"{code}_change"] = kpi_column(code, change=True)
    cols["sl_definition"] = st.column_config.TextColumn(
        "SL defined as",
        help="Answered within how many seconds (as the vendor's files counted it), divided by "
        "offered; the contract's own denominator in brackets when it differs",
    )
    return cols


def sl_footnote(summary: pd.DataFrame) -> str | None:
    """A warning when the vendors shown do not define service level alike, else None."""
    defined = summary["sl_definition"].dropna().unique() if "sl_definition" in summary else []
    if len(defined) < 2:
        return None
    return (
        "Service level is not defined alike for every vendor shown ("
        + "; ".join(sorted(defined))
        + "): compare their service levels with care."
    )


def show(frame: pd.DataFrame, columns: dict, **options) -> None:
    """``frame``'s ``columns`` (name → label or column config), in that order, as a table."""
    st.dataframe(
        frame[list(columns)],
        hide_index=True,
        width="stretch",
        column_config=columns,
        placeholder=NO_DATA,
        **options,
    )
