"""Billing accuracy as each vendor is billed: billed units over the units its KPI data supports
under its own contract's pricing model, never a ratio of unlike units.

The catalogue's generic ``billing_accuracy`` divides billed units by handled contacts, which
only means something for per-contact pricing: a vendor billed per handled minute would read
7.27 (minutes ÷ contacts). ``by_pricing`` recomputes the column of a roll-up per vendor with the
KPI its contract's pricing defines (``catalogue.billing_accuracy``: billed minutes ÷ handle time
in minutes, billed hours ÷ handle hours, billed FTE ÷ average headcount, billed contacts ÷
handled contacts), and names the basis in ``billing_basis``. It is left empty where it cannot
mean anything: outcome-based pricing (outcomes the data cannot count), a vendor without a
contract in force (its pricing is unknown), or a period in which the pricing changed.
``cost_per_contact`` (invoiced amount ÷ handled contacts) is a cost, meaningful under any
model, and stays as the catalogue computes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import pandas as pd

from governance import kpis
from governance.kpis import catalogue
from governance.scoring import scorecard

CODE = "billing_accuracy"
BASIS = "billing_basis"
NO_CONTRACT = "no contract in force: pricing unknown"
CHANGED = "pricing changed within the period"


def basis_words(pricing: str) -> str:
    """What billing accuracy divides under ``pricing``."""
    entry = catalogue.billing_accuracy(pricing)
    if entry is None:
        return f"{pricing}: not computed (outcomes the data cannot count)"
    return f"{pricing}: {entry.definition}"


def by_pricing(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    *,
    by: str | None,
    dims: Sequence[str],
    date_from: date | None = None,
    date_to: date | None = None,
    terms: scorecard.Terms | None = None,
) -> pd.DataFrame:
    """``frame`` (a ``kpis.rollup`` by ``dims`` and ``by``, with ``billing_accuracy`` and, with
    parts, its ``__num`` / ``__den``) with billing accuracy as each vendor's contract defines it
    and ``billing_basis`` after it (see the module docstring)."""
    if CODE not in frame.columns or frame.empty:
        return frame
    terms = terms or scorecard.load_terms(con)
    keys = [*dims, "period"]
    parts = [c for c in (f"{CODE}__num", f"{CODE}__den") if c in frame.columns]
    found: dict[tuple, tuple[float | None, float | None, float | None, str]] = {}
    for vendor in sorted(set(frame["vendor"])):
        for c in terms.contracts.get(vendor, ()):
            first = max(d for d in (date_from, c["start_date"]) if d is not None)
            ends = [d for d in (date_to, c["end_date"]) if d is not None]
            last = min(ends) if ends else None
            if last is not None and first > last:
                continue
            entry = catalogue.billing_accuracy(c["pricing"])
            words = basis_words(c["pricing"])
            if entry is None:
                rows = kpis.rollup(
                    con,
                    by=by,
                    dims=dims,
                    kpis=(),
                    vendors=[vendor],
                    date_from=first,
                    date_to=last,
                    components=("billed_units",),
                )
                values = [(None, None, None)] * len(rows)
            else:
                rows = kpis.rollup(
                    con,
                    by=by,
                    dims=dims,
                    kpis=[entry],
                    vendors=[vendor],
                    date_from=first,
                    date_to=last,
                    parts=True,
                )
                values = list(
                    zip(rows[CODE], rows[f"{CODE}__num"], rows[f"{CODE}__den"], strict=True)
                )
            for key, value in zip(_keys(rows, keys), values, strict=True):
                if key in found and found[key][3] != words:
                    found[key] = (None, None, None, CHANGED)
                else:
                    found[key] = (*value, words)
    out = frame.copy()
    shown = [found.get(k, (None, None, None, NO_CONTRACT)) for k in _keys(out, keys)]
    out[CODE] = pd.Series([s[0] for s in shown], index=out.index, dtype="float64")
    for i, column in enumerate(parts, start=1):
        out[column] = pd.Series([s[i] for s in shown], index=out.index, dtype="float64")
    at = list(out.columns).index(parts[-1] if parts else CODE) + 1
    out.insert(at, BASIS, [s[3] for s in shown])
    return out


def _keys(frame: pd.DataFrame, keys: list[str]) -> list[tuple]:
    return [
        tuple(
            pd.Timestamp(v).date() if k == "period" and v is not None else v
            for k, v in zip(keys, row, strict=True)
        )
        for row in frame[keys].itertuples(index=False, name=None)
    ]
