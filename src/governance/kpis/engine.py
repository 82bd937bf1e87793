"""The KPI engine: any KPI of the catalogue at any allowed roll-up, as a ratio of sums."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import duckdb
import pandas as pd

from governance.errors import InvalidInput
from governance.kpis import catalogue
from governance.kpis.catalogue import Kpi
from governance.store import queries


def resolve(codes: Iterable[str] | None = None) -> list[Kpi]:
    """Catalogue entries for KPI codes (all when None); ``InvalidInput`` names an unknown code."""
    if codes is None:
        return list(catalogue.KPIS)
    out = []
    for code in codes:
        try:
            out.append(catalogue.kpi(code))
        except KeyError as exc:
            raise InvalidInput(str(exc.args[0])) from None
    return out


def rollup(
    con: duckdb.DuckDBPyConnection,
    *,
    by: str | None = "month",
    dims: Sequence[str] = ("vendor",),
    kpis: Iterable[str] | Sequence[Kpi] | None = None,
    vendors: Iterable[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    where: dict[str, object] | None = None,
    components: Sequence[str] = (),
    parts: bool = False,
    excused: bool = False,
) -> pd.DataFrame:
    """KPIs by ``dims`` and period (``day``, ``week``, ``month``, ``quarter`` or None for the whole range).

    ``kpis`` are codes or ``Kpi`` entries (e.g. a contract's service-level definition); all of the
    catalogue when None. Returns a DataFrame: dims, ``period``, requested component sums, one
    column per KPI code (NaN = no data). With ``excused``, the facts on days an excused event
    covers (of their vendor, and program, site or channel where the event names one) are left
    out: a contract's excusable KPIs are measured so. Raises ``InvalidInput`` for an unknown period,
    dimension (in ``dims`` or ``where``), component or KPI code.
    """
    entries = _entries(kpis)
    if isinstance(dims, str):  # one dimension or vendor, not an iterable of characters
        dims = (dims,)
    if isinstance(vendors, str):
        vendors = [vendors]
    if by is not None and by not in catalogue.PERIODS:
        raise InvalidInput(f"Unknown period '{by}': use one of {', '.join(catalogue.PERIODS)}.")
    bad = [d for d in [*dims, *(where or {})] if d not in catalogue.DIMENSIONS]
    if bad:
        raise InvalidInput(
            f"Unknown dimension '{bad[0]}': KPIs roll up only by {', '.join(catalogue.DIMENSIONS)}."
        )
    bad = [c for c in components if c not in catalogue.COMPONENT_NAMES]
    if bad:
        raise InvalidInput(
            f"Unknown component '{bad[0]}': use one of {', '.join(catalogue.COMPONENT_NAMES)}."
        )
    return queries.kpi_rollup(
        con,
        entries,
        by=by,
        dims=dims,
        vendors=vendors,
        date_from=date_from,
        date_to=date_to,
        where=where,
        components=components,
        parts=parts,
        excused=excused,
    )


def _entries(kpis) -> list[Kpi]:
    if kpis is None:
        return list(catalogue.KPIS)
    if isinstance(kpis, (str, Kpi)):  # one code or one entry, not an iterable of characters
        kpis = [kpis]
    return [k if isinstance(k, Kpi) else resolve([k])[0] for k in kpis]
