"""The Portfolio page's widgets: the headline tiles and the standings board in status colours."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from governance.kpis import catalogue
from governance.scoring import headline, portfolio, presentation
from governance.ui import tables
from governance.ui.text import plain

WIDTHS = {"credits": 1.3, "service_level": 1.15}  # room for money and the target beside the change
NBSP = "\u00a0"


def tiles(found: list[headline.Tile]) -> None:
    """The headline tiles in one row: value, change against the month before (red when it moves
    the bad way), the sparkline in the change's colour, and the definition on hover."""
    widths = [WIDTHS.get(t.key, 1.0) for t in found]
    for column, t in zip(st.columns(widths), found, strict=True):
        with column:
            bad_when_up = t.worse == "up"
            unchanged = t.change is None or t.change == 0
            st.metric(
                t.label,
                t.value,
                delta=t.delta,
                delta_color="off" if unchanged else ("inverse" if bad_when_up else "normal"),
                delta_arrow="off" if unchanged else "auto",
                delta_description=t.note or None,
                chart_data=list(t.series) if len(t.series) > 1 else None,
                help=plain(t.help),
                border=False,
            )


def styled_board(board: portfolio.Board):
    """The board as shown: each status cell filled in its status's colour-blind-safe colour (the
    scorecard's colours; the symbol and word say it too). Cells are Markdown in a table, so text
    is escaped; a status, score or KPI value never breaks across lines (the action wraps)."""
    shown = board.table.copy()
    for column in shown.columns:
        if column in ("Vendor", "Recommended action"):
            shown[column] = [plain(v) for v in shown[column]]
        else:
            shown[column] = [
                plain(v).replace(" ", NBSP).replace("," + NBSP, ", ") for v in shown[column]
            ]
    statuses = board.statuses

    def fill(col: pd.Series) -> list[str]:
        out = []
        for status in statuses[col.name]:
            if isinstance(status, str):
                s = presentation.STATUS_STYLES[status]
                out.append(f"background-color: {s.colour}; color: {s.text_colour}")
            else:
                out.append("")
        return out

    return shown.style.apply(fill, axis=0)


def board_key(board: portfolio.Board) -> str:
    """What the board's short KPI headers stand for, in one line."""
    return " · ".join(
        f"**{plain(column)}** {plain(text.split(':')[0].lower())}"
        for column, text in board.kpis.items()
    )


def actions_key(board: portfolio.Board) -> str:
    """The recommended actions of the standings on the board, in full."""
    return "Recommended actions in full: " + " ".join(
        f"**{plain(name)}**: {plain(action)}" for name, action in board.actions.items()
    )


def kpi_order(summary: pd.DataFrame) -> list[str]:
    """The month summary's columns with the service-level definition (long words) last, so the
    figures stay in view."""
    return [c for c in summary.columns if c != "sl_definition"] + ["sl_definition"]


def health_order(table: pd.DataFrame) -> list[str]:
    """Vendor health's columns with the month of the projected breach before the long reasons,
    so it stays in view."""
    columns = [c for c in table.columns if c != "Projected breach"]
    if "Projected breach" in table.columns:
        at = columns.index("Reasons") if "Reasons" in columns else len(columns)
        columns.insert(at, "Projected breach")
    return columns


def with_data(summary: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The month summary's vendors with any figure for the month, and the names of the others
    (said in words, not shown as rows of blanks)."""
    shown = summary[summary[[portfolio.VOLUME, *portfolio.HEADLINE_KPIS]].notna().any(axis=1)]
    return shown, [v for v in summary["vendor"] if v not in set(shown["vendor"])]


_DECIMALS = {"ratio": 1, "seconds": 0, "money": 2}  # as ``tables.kpi_column`` shows a change


def shown_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """``tables.as_display`` with each change rounded as it is shown, so that a change that
    rounds to nothing reads +0.0, never -0.0."""
    out = tables.as_display(summary)
    for code in portfolio.HEADLINE_KPIS:
        column = f"{code}_change"
        if column in out:
            places = _DECIMALS.get(catalogue.kpi(code).unit, 1)
            out[column] = out[column].round(places) + 0.0
    return out
