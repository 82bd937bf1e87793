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

Complementary (secondary) suppression, as statistical agencies apply it: a breakdown's cells add
up to totals that other outputs show (a vendor's figure across programs is in the portfolio pack,
its programs in the vendor's QBR), so a lone suppressed cell could be recovered by subtraction.
``withheld`` therefore also withholds, in every group of cells that adds up to a shown total
(the cells sharing every breakdown dimension but one), the next smallest cells until what is
withheld in the group adds up to nothing or to at least k people in every count: neither one
cell nor the withheld cells together can then be derived as a small figure. The rule depends on
the data only, not on the output asking, so every output withholds the same cells.

k below ``MIN_K`` is refused: with k = 1 or 2 a "< k" cell still names one person.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import pandas as pd

from governance import config
from governance.errors import InvalidInput
from governance.kpis import catalogue, frames

MIN_K = 3  # the smallest threshold that protects anyone

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
    """The k in force: ``k`` when given (at least 1), else ``config.small_cell_k()``.

    Raises ``InvalidInput`` when the configured k (``$GOVERNANCE_SMALL_CELL_K``) is below
    ``MIN_K``; the app and the command line check this on start (``check_threshold``)."""
    if k is not None:
        return max(1, int(k))
    return check_threshold()


def check_threshold() -> int:
    """The configured k, or ``InvalidInput`` saying how to fix a k below ``MIN_K``."""
    k = config.small_cell_k()
    if k < MIN_K:
        raise InvalidInput(
            f"GOVERNANCE_SMALL_CELL_K is {k}: figures standing for fewer than {MIN_K} people "
            f"could then name someone. Set it to {MIN_K} or more (the default is "
            f"{config.SMALL_CELL_K}), or unset it."
        )
    return k


def label(k: int | None = None) -> str:
    """What a suppressed figure reads: "< 5"."""
    return f"< {threshold(k)}"


def is_small(count, k: int | None = None) -> bool:
    """True when ``count`` people is at least one and below k (missing and zero are not small)."""
    if count is None or count != count:
        return False
    return 0 < float(count) < threshold(k)


def withheld(
    frame: pd.DataFrame,
    counts: Sequence[str],
    dims: Sequence[str] = (),
    k: int | None = None,
    *,
    within: Sequence[str] = (),
) -> pd.Series:
    """Which rows of ``frame`` to withhold (a boolean Series on its index).

    Primary: a row any of whose ``counts`` is small. Complementary: for each breakdown dimension
    d in ``dims`` (a row's other dimensions in ``frame`` name the total it adds up to; "vendor"
    is never left out, as no output sums people figures across vendors), the rows that share
    every other dimension form a group; in a group with a withheld row, the row with the fewest
    people among the rest is withheld too, until at least two rows are withheld and in every
    count they add up to 0 or to at least k (or the whole group is withheld). Repeated over the dimensions until nothing
    changes, so a row withheld for one total is protected in the others as well. ``within``:
    columns that always part groups (a KPI, a period), never summed across.
    """
    k = threshold(k)
    if frame.empty:
        return pd.Series(False, index=frame.index, dtype=bool)
    counts = list(counts)
    values = frame[counts].apply(pd.to_numeric, errors="coerce").fillna(0.0).abs()
    mask = frame[counts].apply(lambda col: col.map(lambda v: is_small(v, k))).any(axis=1)
    mask = mask.astype(bool)
    breakdown = [d for d in dims if d != "vendor" and d in frame.columns]
    if not mask.any() or not breakdown:
        return mask
    people = values.sum(axis=1)
    named = [c for c in (*within, *dims, "vendor") if c in frame.columns]
    labels = frame[named].astype(str).apply(tuple, axis=1) if named else people.map(lambda _: ())
    changed = True
    while changed:
        changed = False
        for d in breakdown:
            rest = [c for c in (*within, *dims, "vendor") if c != d and c in frame.columns]
            rest = list(dict.fromkeys(rest))
            groups = (
                frame.groupby(
                    rest[0] if len(rest) == 1 else rest, dropna=False, sort=False
                ).groups.values()
                if rest
                else [frame.index]
            )
            for index in groups:
                group = mask.loc[index]
                if not group.any():
                    continue
                while not group.all() and not _covered(values.loc[group[group].index], k):
                    # The fewest people first; ties by the labels, so that every output of the
                    # same figures picks the same complement whatever its row order.
                    pick = min(group[~group].index, key=lambda i: (people[i], labels[i]))
                    group.loc[pick] = True
                    mask.loc[pick] = True
                    changed = True
    return mask


def _covered(rows: pd.DataFrame, k: int) -> bool:
    """True when at least two ``rows`` are withheld (a lone one is its total minus the rest)
    and, in every count, they add up to nothing or to k or more."""
    totals = rows.sum(axis=0)
    return len(rows) >= 2 and bool(((totals == 0) | (totals >= k)).all())


def suppress(
    frame: pd.DataFrame,
    counts: str | Sequence[str],
    k: int | None = None,
    *,
    figures: Iterable[str] | None = None,
    dims: Sequence[str] = (),
) -> pd.DataFrame:
    """A display copy of ``frame`` in which small cells read "< k".

    ``counts`` are the columns holding people counts; in each row where ``withheld`` picks one of
    them (a small count, or a complement across ``dims``, the frame's breakdown dimensions) the
    counts themselves and the ``figures`` derived from them (e.g. a rate column) read "< k".
    Those columns become text-or-number (object) columns; other columns and rows are untouched.
    The input frame is not changed.
    """
    k = threshold(k)
    counts = [counts] if isinstance(counts, str) else list(counts)
    masked = list(dict.fromkeys([*counts, *(figures or ())]))
    missing = [c for c in masked if c not in frame.columns]
    if missing:
        raise KeyError(f"no column {missing[0]!r} to suppress")
    out = frame.copy()
    small = pd.Series(False, index=frame.index, dtype=bool)
    for col in counts:  # each count decided on its own, as every other output decides it
        small |= withheld(frame, [col], dims, k)
    for col in masked:
        out[col] = out[col].astype(object)
        out.loc[small, col] = label(k)
    return out


def small_line(line: dict, k: int | None = None) -> bool:
    """True when a scorecard line's figure is withheld: a people KPI whose numerator or
    denominator is small, or a complement of one (``withheld`` marked by ``withheld_lines``)."""
    return line.get("kpi") in PEOPLE_KPIS and (
        bool(line.get("withheld"))
        or is_small(line.get("numerator"), k)
        or is_small(line.get("denominator"), k)
    )


def withheld_lines(lines: pd.DataFrame, k: int | None = None) -> pd.Series:
    """Which scorecard lines to withhold: people KPI lines with small counts and, among one
    vendor's program scorecards for a KPI, channel and period (which add up to the vendor's own
    line), their complements (``withheld``)."""
    mask = pd.Series(False, index=lines.index, dtype=bool)
    people = lines[lines["kpi"].isin(PEOPLE_KPIS)]
    if people.empty:
        return mask
    own = people[people["program"].isna()]
    parts = people[people["program"].notna()]
    within = ["kpi", "channel", "period"]
    for count in ("numerator", "denominator"):
        mask.loc[own.index] |= withheld(own, [count], k=k)
        mask.loc[parts.index] |= withheld(parts, [count], ["program"], k, within=within)
    return mask


def suppress_people(frame: pd.DataFrame, dims: Sequence[str] = (), k: int | None = None):
    """A display copy of a roll-up holding people components (``PEOPLE_COMPONENTS`` columns)
    and people KPIs: each component withheld on its own (``withheld`` across ``dims``), each
    KPI with any of its components, reading "< k"; other columns untouched."""
    k = threshold(k)
    out = frame.copy()
    masks = {c: withheld(frame, [c], dims, k) for c in PEOPLE_COMPONENTS if c in frame.columns}
    for code in PEOPLE_KPIS:
        if code in frame.columns:
            parts = [masks[c] for c in catalogue.kpi(code).components if c in masks]
            masks[code] = pd.concat(parts, axis=1).any(axis=1) if parts else None
    for col, mask in masks.items():
        if mask is not None and mask.any():
            out[col] = out[col].astype(object)
            out.loc[mask, col] = label(k)
    return out


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


def suppress_kpis(
    frame: pd.DataFrame, k: int | None = None, *, dims: Sequence[str] = ()
) -> pd.DataFrame:
    """A roll-up from ``kpis.rollup(..., parts=True)`` ready to export: each people KPI whose
    numerator or denominator stands for fewer than k people reads "< k", with its complements
    across ``dims`` (the roll-up's dimensions, and "period" when it is by period: ``withheld``),
    and the ``__num`` / ``__den`` columns are dropped."""
    out = frame.copy()
    for code in PEOPLE_KPIS:
        num, den = f"{code}__num", f"{code}__den"
        if code in out and num in out and den in out:
            small = withheld(out, [num], dims, k) | withheld(out, [den], dims, k)
            if small.any():
                out[code] = out[code].astype(object)
                out.loc[small, code] = label(k)
    return out.drop(columns=[c for c in out.columns if c.endswith(("__num", "__den"))])
