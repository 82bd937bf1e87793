"""Frames and values as people and JSON read them: database values as plain Python (``None`` for
missing, ints for ids) and KPI values formatted by their unit."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def plain_value(value):
    """A database value as plain Python: NaN / NaT -> None, Timestamp -> date, numpy -> builtin."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def plain_field(key: str, value):
    """``plain_value``, and an id, version or count of respondents that pandas widened to float (a
    column with gaps) back to an int, so it prints as "#3", not "#3.0"."""
    value = plain_value(value)
    if (
        isinstance(value, float)
        and key.endswith(("_id", "version", "respondents"))
        and value.is_integer()
    ):
        return int(value)
    return value


def plain_records(frame: pd.DataFrame) -> list[dict]:
    """Rows of a frame as dicts of plain Python values (None for missing; ids as ints): each of
    ``plain_field``, taken a column at a time (a scorecard's frames have thousands of cells)."""
    keys = list(frame.columns)
    columns = [_plain_column(key, frame.iloc[:, i]) for i, key in enumerate(keys)]
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]


def _plain_column(key: str, column: pd.Series) -> list:
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else None
    if kind in ("i", "u", "b"):  # no missing values: plain ints and bools already
        return column.tolist()
    if kind == "f":
        whole = str(key).endswith(("_id", "version", "respondents"))
        return [
            None
            if v != v  # NaN
            else int(v)
            if whole and v.is_integer()
            else v
            for v in column.tolist()
        ]
    if kind == "M":
        return [None if v is pd.NaT else v.date() for v in column.tolist()]
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.na_value is np.nan:
        return [None if isinstance(v, float) else v for v in column.tolist()]  # NaN: missing
    return [plain_field(key, v) for v in column.tolist()]


def format_value(value: float | None, unit: str) -> str:
    """A KPI value as people read it: 84.3%, 412 s, 4.10, 1.012; "—" for no data."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "ratio":
        return f"{value:.1%}"
    if unit == "seconds":
        return f"{value:,.0f} s"
    if unit == "money":
        return f"{value:,.2f}"
    if unit == "accuracy":
        return f"{value:.3f}"
    if unit == "score":
        return f"{value:.2f}"
    return f"{value:,.1f}"
