"""Small-cell suppression (domain.md, privacy rule 3): a figure that stands for fewer than *k*
people is shown as "< k", so that no individual can be inferred.

What counts as a figure standing for people: a headcount-based component (headcount, leavers,
early leavers, new hires, staff trained, staff assigned to training) and every KPI built from
them (attrition, early-tenure attrition, training completion). Such a figure is suppressed when
any of the people counts behind it is at least one and below k; a count of zero names nobody
and is shown. k is ``config.small_cell_k()`` (default 5, ``$GOVERNANCE_SMALL_CELL_K``).

Where it applies: the scorecard lines (``scoring.scorecard.withhold``: a withheld line has no
actual and no counts, so the scorecard table, its explanations, the command's JSON and CSV, the
packs and the trend charts, where a withheld month is a gap, all withhold it); the scorecard
breakdowns; the vendor-health reasons (``health`` withholds the figures of a people signal);
the packs' people tables and the ``kpis`` command; and any export or display copy of a frame
that carries people counts through ``suppress``.

Complementary (secondary) suppression, as statistical agencies apply it: a breakdown's cells add
up to totals that other outputs show (a vendor's figure across programs is in the portfolio pack,
its programs in the vendor's QBR; a quarter's months are in the monthly scorecards, the quarter
in the quarterly one), so a lone suppressed cell could be recovered by subtraction.
``withheld`` therefore also withholds, in every group of cells that adds up to a shown total
(the cells sharing every breakdown dimension but one), the next smallest cells until what is
withheld in the group adds up to nothing or to at least k people in every count: neither one
cell nor the withheld cells together can then be derived as a small figure. ``withholding``
decides the cells of the facts that several outputs show (each vendor's and each program's,
site's or channel's months and quarters, with their totals) once, from the data only, not from
the output asking, so every output withholds the same cells.

k below ``MIN_K`` is refused: with k = 1 or 2 a "< k" cell still names one person.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

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
    totals: Sequence[str] = (),
) -> pd.Series:
    """Which rows of ``frame`` to withhold (a boolean Series on its index).

    Primary: a row any of whose ``counts`` is small. Complementary: for each breakdown dimension
    d in ``dims`` (a row's other dimensions in ``frame`` name the total it adds up to; "vendor"
    is never left out, as no output sums people figures across vendors), the rows that share
    every other dimension form a group; in a group with a withheld row, the row with the fewest
    people among the rest (never one with none) is withheld too, until at least two rows are
    withheld and in every count they add up to 0 or to at least k (or every row with people in
    the group is withheld). Repeated over the dimensions until nothing changes, so a row withheld
    for one total is protected in the others as well. ``within``: columns that always part
    groups (a KPI, a period), never summed across.

    ``totals``: dimensions whose missing value marks the row holding the group's total, when the
    frame carries the totals as well as the parts (a vendor's month beside its programs' months,
    a quarter beside its months). A withheld total needs one withheld part beside it (the shown
    parts would otherwise add up to it); a shown total needs the rule above of its withheld parts,
    and is withheld itself only when no part with people is left to take.
    """
    return withheld_each(frame, [list(counts)], dims, k, within=within, totals=totals)[0]


def withheld_each(
    frame: pd.DataFrame,
    sets: Sequence[Sequence[str]],
    dims: Sequence[str] = (),
    k: int | None = None,
    *,
    within: Sequence[str] = (),
    totals: Sequence[str] = (),
) -> list[pd.Series]:
    """``withheld`` for each set of counts in ``sets`` on its own (a KPI's numerator, then its
    denominator, as every output decides them), the frame's groups worked out once."""
    k = threshold(k)
    breakdown = [d for d in dims if d != "vendor" and d in frame.columns]
    groups = []  # (positions, which of them hold the total) per breakdown dimension and group
    for d in breakdown:
        rest = [c for c in dict.fromkeys((*within, *dims, "vendor")) if c != d and c in frame]
        keys = list(zip(*(frame[c].map(_key) for c in rest), strict=True)) if rest else []
        found: dict[tuple, list[int]] = {}
        for i, key in enumerate(keys or [()] * len(frame)):
            found.setdefault(key, []).append(i)
        total = frame[d].isna().to_numpy() if d in totals else [False] * len(frame)
        groups += [(members, [bool(total[i]) for i in members]) for members in found.values()]
    named = [c for c in (*within, *dims, "vendor") if c in frame.columns]
    labels = list(zip(*(frame[c].astype(str) for c in named), strict=True)) if named else []
    return withheld_grouped(frame, sets, groups, labels or [()] * len(frame), k)


def withheld_grouped(
    frame: pd.DataFrame,
    sets: Sequence[Sequence[str]],
    groups: Sequence[tuple[list[int], list[bool]]],
    labels: Sequence[tuple],
    k: int | None = None,
) -> list[pd.Series]:
    """``withheld`` over groups given as they are, for each set of counts in ``sets``: each
    group holds the positions of ``frame``'s rows that add up to a total and, for each, whether
    it is that total (a row may be in several groups: a vendor's month is the total of its
    programs', of its sites' and of its channels'). ``labels``, one tuple per row, order rows
    with as many people, so that every output picks the same."""
    k = threshold(k)
    out = []
    for counts in sets:
        counts = list(counts)
        numbers = frame[counts].apply(pd.to_numeric, errors="coerce")
        small = numbers.apply(lambda col: col.map(lambda v: is_small(v, k))).any(axis=1)
        hidden = small.to_numpy(dtype=bool).copy()
        if hidden.any() and groups:
            rows = numbers.fillna(0.0).abs().to_numpy(dtype="float64")
            _complete(hidden, rows, groups, labels, k)
        out.append(pd.Series(hidden, index=frame.index, dtype=bool))
    return out


def _complete(hidden, rows, groups, labels, k: int) -> None:
    """Withhold complements in ``hidden`` (in place) until every group is covered."""
    people = rows.sum(axis=1)
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            if not any(hidden[i] for i in members):
                continue
            while not _covered(rows, hidden, members, total, k):
                # A zero is not taken while a part with people is left: it names nobody, hides
                # nothing, and can be told anyway (a rate over no one reads "no data"). With
                # every part with people withheld, the total goes (it is protected in the
                # groups it is a part of); without a total in the frame, a zero.
                free = [i for i, t in zip(members, total, strict=True) if not hidden[i] and not t]
                with_people = [i for i in free if people[i] > 0]
                if not with_people:
                    spare = [i for i, t in zip(members, total, strict=True) if t and not hidden[i]]
                    spare = [i for i in spare if people[i] > 0]
                    if spare:
                        hidden[spare] = True
                        changed = True
                        continue
                if not (with_people or free):  # every part withheld
                    break
                # The fewest people first; ties by the labels, so that every output of the
                # same figures picks the same complement whatever its row order.
                pick = min(with_people or free, key=lambda i: (people[i], labels[i]))
                hidden[pick] = True
                changed = True


def _key(value):
    """A group key: every missing value alike."""
    return None if value is None or value != value else value


def _covered(rows, hidden, members: list[int], total: list[bool], k: int) -> bool:
    """True when no withheld row of a group can be found from the others: beside a withheld
    total row, at least one part is withheld; else at least two parts are (a lone one is its
    total minus the rest) and, in every count, they add up to nothing or to k or more."""
    parts = [i for i, t in zip(members, total, strict=True) if hidden[i] and not t]
    if any(hidden[i] for i, t in zip(members, total, strict=True) if t):
        return len(parts) >= 1
    sums = rows[parts].sum(axis=0)
    return len(parts) >= 2 and bool(((sums == 0) | (sums >= k)).all())


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
    denominator is small, or one ``scoring.scorecard.withhold`` marked ``withheld`` (a small
    cell or a complement of one, against the vendor's figure or the quarter's)."""
    return line.get("kpi") in PEOPLE_KPIS and (
        bool(line.get("withheld"))
        or is_small(line.get("numerator"), k)
        or is_small(line.get("denominator"), k)
    )


def suppress_people(
    frame: pd.DataFrame,
    dims: Sequence[str] = (),
    k: int | None = None,
    *,
    also: Mapping[str, pd.Series] | None = None,
):
    """A display copy of a roll-up holding people components (``PEOPLE_COMPONENTS`` columns)
    and people KPIs: each component withheld on its own (``withheld`` across ``dims``, and the
    rows ``also`` names for it: cells withheld against other outputs), each KPI with any of its
    components, reading "< k"; other columns untouched."""
    k = threshold(k)
    out = frame.copy()
    also = also or {}
    masks = {
        c: withheld(frame, [c], dims, k) | _also(also, c, frame.index)
        for c in PEOPLE_COMPONENTS
        if c in frame.columns
    }
    for code in PEOPLE_KPIS:
        if code in frame.columns:
            parts = [masks[c] for c in catalogue.kpi(code).components if c in masks]
            masks[code] = pd.concat(parts, axis=1).any(axis=1) if parts else None
    for col, mask in masks.items():
        if mask is not None and mask.any():
            out[col] = out[col].astype(object)
            out.loc[mask, col] = label(k)
    return out


def _also(also, name: str, index: pd.Index) -> pd.Series:
    """The rows ``also`` withholds for ``name`` (none when it names nothing for it)."""
    if name not in also:
        return pd.Series(False, index=index, dtype=bool)
    return also[name].reindex(index, fill_value=False).astype(bool)


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


def withheld_note(lines: pd.DataFrame, k: int | None = None) -> str:
    """What a trend chart of scorecard ``lines`` says of its withheld months (a gap, not "no
    data"): "Withheld (fewer than 5 people, …): Jul 2026, Sep 2026; no point is drawn." ("" when
    no month is withheld)."""
    if lines.empty or "withheld" not in lines:
        return ""
    rows = lines[lines["withheld"].fillna(False).astype(bool)].sort_values("period_start")
    months = list(dict.fromkeys(f"{d:%b %Y}" for d in rows["period_start"]))
    if not months:
        return ""
    return (
        f"Withheld (fewer than {threshold(k)} people, or they would give such a figure away): "
        f"{', '.join(months)}; no point is drawn."
    )


def _withheld(k: int) -> str:
    return (
        f"Figure withheld: it stands for fewer than {k} people (small-cell rule), so neither the "
        "value nor its counts are shown."
    )


def suppress_kpis(
    frame: pd.DataFrame,
    k: int | None = None,
    *,
    dims: Sequence[str] = (),
    also: pd.DataFrame | Mapping[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """A roll-up from ``kpis.rollup(..., parts=True)`` ready to export: each people KPI whose
    numerator or denominator stands for fewer than k people reads "< k", with its complements
    across ``dims`` (the roll-up's dimensions, and "period" when it is by period: ``withheld``)
    and the rows ``also`` names for it (cells withheld against other outputs), and the
    ``__num`` / ``__den`` columns are dropped."""
    out = frame.copy()
    also = {} if also is None else also
    for code in PEOPLE_KPIS:
        num, den = f"{code}__num", f"{code}__den"
        if code in out and num in out and den in out:
            small = withheld(out, [num], dims, k) | withheld(out, [den], dims, k)
            small |= _also(also, code, out.index)
            if small.any():
                out[code] = out[code].astype(object)
                out.loc[small, code] = label(k)
    return out.drop(columns=[c for c in out.columns if c.endswith(("__num", "__den"))])
