"""The one CSV writer: every CSV the product makes (command output, the audit export, the import's
validation report) goes through ``to_csv``, so none can carry a spreadsheet formula.

A text cell (or header) that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
could run as a formula when the file is opened in a spreadsheet (CSV injection). As OWASP
advises, such a cell gets a leading ``'``, which spreadsheets show as text. Numbers stay numbers:
only text is changed, so a negative value in a numeric column is written as it is.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """``value`` with a leading ``'`` when it is text that a spreadsheet would read as a formula;
    anything that is not text is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headers are spreadsheet-safe (``safe_text``)."""
    out = frame.copy()
    out.columns = [safe_text(c) for c in frame.columns]
    for i, dtype in enumerate(out.dtypes):
        if not pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_datetime64_any_dtype(
            dtype
        ):
            out.isetitem(i, out.iloc[:, i].map(safe_text))
    return out


def to_csv(frame: pd.DataFrame, **options) -> str:
    """``frame`` as CSV text, spreadsheet-safe, without the index (``options`` go to pandas).

    Lines end in CRLF, as RFC 4180 has it: with that terminator a value holding a carriage
    return or a line feed is quoted, so the file still reads back one row per record."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n", **options)
