"""Small-cell suppression (domain.md, privacy rule 3): a figure that stands for fewer than *k*
people is shown as "< k", so that no individual can be inferred.

What counts as a figure standing for people: a headcount-based component (headcount, leavers,
early leavers, new hires, staff trained, staff assigned to training) and every KPI built from
them (attrition, early-tenure attrition, training completion). Such a figure is suppressed when
any of the people counts behind it is at least one and below k; a count of zero names nobody
and is shown. k is ``config.small_cell_k()`` (default 5, ``$GOVERNANCE_SMALL_CELL_K``).

Where it applies: the Vendor scorecard page (the scorecard table's actual, the explanation's
sums, the trend charts) through ``suppress_view``; the vendor-health reasons (``health``
withholds the figures of a people signal); and any export or display copy of a frame that
carries people counts through ``suppress``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import pandas as pd

from governance import config
from governance.kpis import catalogue, frames

PEOPLE_COMPONENTS = (
    "headcount",
    "leavers",
    "early_leavers",
    "new_hires",
    "trained",
    "training_assigned",
)
# KPIs whose numerator or denominator counts people.
PEOPLE_KPIS = tuple(
    k.code for k in catalogue.KPIS if any(c in PEOPLE_COMPONENTS for c in k.components)
)


def threshold(k: int | None = None) -> int:
    """The k in force: ``k`` when given (at least 1), else ``config.small_cell_k()``."""
    return max(1, int(k)) if k is not None else config.small_cell_k()


def label(k: int | None = None) -> str:
    """What a suppressed figure reads: "< 5"."""
    return f"< {threshold(k)}"


def is_small(count, k: int | None = None) -> bool:
    """True when ``count`` people is at least one and below k (missing and zero are not small)."""
    if count is None or count != count:
        return False
    return 0 < float(count) < threshold(k)


def suppress(
    frame: pd.DataFrame,
    counts: str | Sequence[str],
    k: int | None = None,
    *,
    figures: Iterable[str] | None = None,
) -> pd.DataFrame:
    """A display copy of ``frame`` in which small cells read "< k".

    ``counts`` are the columns holding people counts; in each row where any of them is small
    (``is_small``) the counts themselves and the ``figures`` derived from them (e.g. a rate
    column) are replaced by "< k". Those columns become text-or-number (object) columns; other
    columns and rows are untouched. The input frame is not changed.
    """
    k = threshold(k)
    counts = [counts] if isinstance(counts, str) else list(counts)
    masked = list(dict.fromkeys([*counts, *(figures or ())]))
    missing = [c for c in masked if c not in frame.columns]
    if missing:
        raise KeyError(f"no column {missing[0]!r} to suppress")
    out = frame.copy()
    small = pd.Series(False, index=frame.index)
    for col in counts:
        small |= frame[col].map(lambda v: is_small(v, k)).astype(bool)
    for col in masked:
        out[col] = out[col].astype(object)
        out.loc[small, col] = label(k)
    return out


def small_line(line: dict, k: int | None = None) -> bool:
    """True when a scorecard line is a people KPI whose numerator or denominator is small."""
    return line.get("kpi") in PEOPLE_KPIS and (
        is_small(line.get("numerator"), k) or is_small(line.get("denominator"), k)
    )


def suppress_view(view, k: int | None = None):
    """A ``scoring.vendor_view.VendorView`` with its small cells suppressed: the table's actual reads
    "< k", the explanation withholds the figures, and the trend lines drop the value (a gap)."""

    k = threshold(k)
    flags = [small_line(line, k) for line in frames.plain_records(view.lines)]
    table = view.table.copy()
    if "Actual" in table and any(flags):
        table["Actual"] = [
            label(k) if f else a for a, f in zip(table["Actual"], flags, strict=True)
        ]
    notes = tuple(
        (title, status, _withheld(k)) if f else (title, status, text)
        for (title, status, text), f in zip(view.explanations, flags, strict=True)
    )
    trend = view.trend
    tl = trend.lines
    if not tl.empty:
        mask = [small_line(line, k) for line in frames.plain_records(tl)]
        if any(mask):
            tl = tl.copy()
            tl["actual"] = tl["actual"].astype("float64").mask(pd.Series(mask, index=tl.index))
            trend = dataclasses.replace(trend, lines=tl)
    return dataclasses.replace(view, table=table, explanations=notes, trend=trend)


def _withheld(k: int) -> str:
    return (
        f"Figure withheld: it stands for fewer than {k} people (small-cell rule), so neither the "
        "value nor its counts are shown."
    )


def suppress_kpis(frame: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """A roll-up from ``kpis.rollup(..., parts=True)`` ready to export: each people KPI whose
    numerator or denominator stands for fewer than k people reads "< k", and the ``__num`` /
    ``__den`` columns are dropped."""
    out = frame.copy()
    for code in PEOPLE_KPIS:
        num, den = f"{code}__num", f"{code}__den"
        if code in out and num in out and den in out:
            small = out[num].map(lambda v: is_small(v, k)) | out[den].map(lambda v: is_small(v, k))
            if small.any():
                out[code] = out[code].astype(object)
                out.loc[small.astype(bool), code] = label(k)
    return out.drop(columns=[c for c in out.columns if c.endswith(("__num", "__den"))])
