"""KPI facts: the service that writes one batch of additive components for one vendor.

A batch is a frame of rows at grain program × site × channel × language × queue × date holding
canonical components (totals, never averages). Everything lands in one transaction: the
``import_batches`` row, the ``kpi_facts`` rows and one audit event that summarises the batch
(row count, period, component totals), never the rows themselves. NULL (NaN) means "not
reported" and is kept as NULL, never turned into zero.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from governance.access import audit, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput
from governance.ingest import labels, uploads
from governance.kpis.catalogue import CHANNELS, COMPONENT_NAMES
from governance.store import imports
from governance.store import labels as label_rows
from governance.store.db import transaction

DIMENSION_COLUMNS = ("program", "site", "channel", "language", "queue")
GRAINS = ("day", "week", "month")
SOURCES = ("import", "demo")
# Money may be negative (a credit note); every other component is a count, seconds or units.
_MAY_BE_NEGATIVE = {"invoiced_amount"}
_MAX_DIM_LENGTH = 200

_FACT_COLUMNS = ("vendor_id", *DIMENSION_COLUMNS, "date", "grain", "batch_id", *COMPONENT_NAMES)


def frame_hash(frame: pd.DataFrame) -> str:
    """A SHA-256 of a frame's values and column names: a content hash for batches not read from a file."""
    digest = hashlib.sha256()
    digest.update("\x1f".join(map(str, frame.columns)).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def normalise(frame: pd.DataFrame, *, grain: str = "day") -> pd.DataFrame:
    """Check a facts frame and return it in canonical form, without writing anything.

    The result has ``date`` (``datetime.date``), the five dimension columns (strings or None) and
    one float column per catalogue component (NaN where not reported). Raises ``InvalidInput``
    naming the first problem: an unknown column, no ``date``, an unreadable or misaligned date,
    an unknown channel, a non-numeric or negative component.
    """
    if grain not in GRAINS:
        raise InvalidInput(f"Unknown grain '{grain}': use one of {', '.join(GRAINS)}.")
    if not isinstance(frame, pd.DataFrame):
        raise InvalidInput("KPI facts must be given as a table (a pandas DataFrame).")
    columns = [str(c) for c in frame.columns]
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise InvalidInput(f"Column '{duplicated[0]}' appears more than once.")
    if "vendor" in columns:
        raise InvalidInput(
            "Column 'vendor' is not expected in a batch: a batch holds one vendor, named separately."
        )
    allowed = {"date", *DIMENSION_COLUMNS, *COMPONENT_NAMES}
    unknown = [c for c in columns if c not in allowed]
    if unknown:
        raise InvalidInput(
            f"Column '{unknown[0]}' is not a KPI dimension or component. Allowed: date, "
            f"{', '.join(DIMENSION_COLUMNS)} and the components {', '.join(COMPONENT_NAMES)}."
        )
    if "date" not in columns:
        raise InvalidInput("A batch of KPI facts needs a 'date' column.")
    if frame.empty:
        raise InvalidInput("The batch has no rows: there is nothing to load.")
    present = [c for c in COMPONENT_NAMES if c in columns]
    if not present:
        raise InvalidInput("The batch has no KPI component columns: there is nothing to load.")

    frame = frame.reset_index(drop=True)
    out = pd.DataFrame(index=frame.index)
    out["date"] = _dates(frame["date"], grain)
    for dim in DIMENSION_COLUMNS:
        out[dim] = _dimension(frame[dim], dim) if dim in columns else None
    if "channel" in columns:
        bad = sorted({c for c in out["channel"].dropna() if c not in CHANNELS})
        if bad:
            raise InvalidInput(
                f"Channel '{bad[0]}' is not known; channels are {', '.join(CHANNELS)}."
            )
    for name in COMPONENT_NAMES:
        out[name] = _component(frame[name], name) if name in columns else np.nan
    return out


def insert_batch(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    frame: pd.DataFrame,
    file_name: str,
    content_hash: str,
    source: str = "import",
    profile: str | None = None,
    grain: str = "day",
) -> int:
    """Load ``frame`` as one batch of KPI facts for ``vendor``; returns the new ``batch_id``.

    ``frame`` has a ``date`` column, optional dimensions (program, site, channel, language, queue)
    and any canonical components; NaN components are stored as NULL (not reported). Creates the
    ``import_batches`` row (status ``loaded``), the facts and one ``facts.load`` audit event in
    one transaction, and registers the programs, sites, languages and queues it stores for the
    vendor in that transaction (``labels``: the registry holds every stored label). Raises
    ``PermissionDenied`` (role), ``NotFound`` (vendor) or ``InvalidInput`` (anything wrong with
    the frame or the arguments, a label that looks like a person); nothing is written then.
    """
    require(actor, "facts.write")
    if source not in SOURCES:
        raise InvalidInput(f"Unknown source '{source}': use one of {', '.join(SOURCES)}.")
    file_name = uploads.short(str(file_name or "").strip())  # the history keeps a sane length
    if not file_name:
        raise InvalidInput("A batch needs the name of the file (or feed) it came from.")
    if not str(content_hash or "").strip():
        raise InvalidInput("A batch needs the content hash of what was loaded.")
    vendor_id = vendors.vendor_id(con, vendor)
    facts = normalise(frame, grain=grain)
    brought = [
        (dim, label) for dim in labels.DIMENSIONS for label in facts[dim].dropna().unique().tolist()
    ]
    labels.check_people(brought)  # before anything is written
    period_from, period_to = min(facts["date"]), max(facts["date"])
    if grain != "day":
        period_to = _grain_end(period_to, grain)

    with transaction(con):
        ((batch_id, _vendor_id),) = imports.insert_batches(
            con,
            [
                {
                    "vendor_id": vendor_id,
                    "file_name": file_name,
                    "content_hash": content_hash,
                    "source": source,
                    "status": "loaded",
                    "imported_by": actor.name,
                    "imported_at": audit.now(),
                    "profile": profile,
                    "rows_read": len(facts),
                    "rows_loaded": len(facts),
                    "rows_rejected": 0,
                    "period_from": period_from,
                    "period_to": period_to,
                }
            ],
        )
        facts.insert(0, "vendor_id", vendor_id)
        facts["grain"] = grain
        facts["batch_id"] = batch_id
        _insert_frame(con, facts)
        # The labels it stores are the vendor's registered labels (with the rows: both, or neither).
        new = label_rows.unregistered(con, vendor_id, list(dict.fromkeys(brought)))
        if new:
            labels.register(
                con,
                actor,
                [
                    {"vendor_id": vendor_id, "vendor": vendor, "dimension": d, "label": x}
                    for d, x in new
                ],
                source="demo" if source == "demo" else "import",
            )
        summary = {
            "vendor": vendor,
            "file_name": file_name,
            "content_hash": content_hash,
            "source": source,
            "grain": grain,
            "rows": len(facts),
            "period_from": period_from,
            "period_to": period_to,
            "dimensions": [d for d in DIMENSION_COLUMNS if facts[d].notna().any()],
            "totals": {
                c: round(float(facts[c].sum()), 2)
                for c in COMPONENT_NAMES
                if facts[c].notna().any()
            },
        }
        audit.record(con, actor, "facts.load", "import_batch", batch_id, None, summary)
    return batch_id


def _insert_frame(con: duckdb.DuckDBPyConnection, facts: pd.DataFrame) -> None:
    """Bulk insert through DuckDB's scan of the frame (one statement, not row by row)."""
    casts = {"vendor_id": "INTEGER", "date": "DATE", "grain": "VARCHAR", "batch_id": "INTEGER"}
    casts.update({d: "VARCHAR" for d in DIMENSION_COLUMNS})
    casts.update({c: "DOUBLE" for c in COMPONENT_NAMES})
    imports.insert_facts_frame(con, facts, {c: casts[c] for c in _FACT_COLUMNS})


def _distinct(values: pd.Series, clean) -> pd.Series:
    """Apply ``clean`` to each distinct value only (a file has few) and map the results back.

    Missing values (None, NaN, NA) come back as None; ``clean`` may raise ``InvalidInput`` and
    is given the distinct value and the 1-based row where it first occurs.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    present = codes >= 0
    first_row = dict(zip(codes[present][::-1], np.flatnonzero(present)[::-1], strict=True))
    cleaned = [clean(u, int(first_row[i]) + 1) for i, u in enumerate(uniques)]
    lookup = np.array([*cleaned, None], dtype=object)  # code -1 (missing) picks the trailing None
    return pd.Series(lookup[codes], index=values.index, dtype=object)


def _dates(values: pd.Series, grain: str) -> pd.Series:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if (codes < 0).any():
        raise InvalidInput(
            f"Row {int(np.flatnonzero(codes < 0)[0]) + 1}: the date is missing "
            f"({int((codes < 0).sum())} row(s) like this)."
        )
    parsed = pd.DatetimeIndex(pd.to_datetime(pd.Index(uniques), errors="coerce", format="mixed"))

    def first_row(unique_index: int) -> int:
        return int(np.flatnonzero(codes == unique_index)[0]) + 1

    bad = np.flatnonzero(parsed.isna())
    if len(bad):
        i = int(bad[0])
        raise InvalidInput(f"Row {first_row(i)}: date '{uniques[i]}' is not a date.")
    if grain == "month":
        off = np.flatnonzero(parsed.day != 1)
        if len(off):
            i = int(off[0])
            raise InvalidInput(
                f"Row {first_row(i)}: a monthly row's date must be the first day of its month "
                f"(got {parsed[i].date()})."
            )
    elif grain == "week":
        off = np.flatnonzero(parsed.day_of_week != 0)
        if len(off):
            i = int(off[0])
            raise InvalidInput(
                f"Row {first_row(i)}: a weekly row's date must be the Monday starting its week "
                f"(got {parsed[i].date()})."
            )
    days = np.array([d.date() for d in parsed], dtype=object)
    return pd.Series(days[codes], index=values.index, dtype=object)


def _dimension(values: pd.Series, name: str) -> pd.Series:
    def clean(value, row: int) -> str | None:
        text = " ".join(str(value).split())
        if len(text) > _MAX_DIM_LENGTH:
            raise InvalidInput(
                f"Row {row}: the {name} value is longer than {_MAX_DIM_LENGTH} characters."
            )
        if name == "channel":
            text = text.lower().replace(" ", "_")
        return text or None

    return _distinct(values, clean)


def _component(values: pd.Series, name: str) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    unreadable = numbers.isna() & values.notna()
    if unreadable.any():
        row = int(np.flatnonzero(unreadable.to_numpy())[0])
        raise InvalidInput(
            f"Row {row + 1}: {name} '{values.iloc[row]}' is not a number "
            f"({int(unreadable.sum())} row(s) like this)."
        )
    if np.isinf(numbers.to_numpy()).any():
        raise InvalidInput(f"Column {name} holds an infinite value.")
    if name not in _MAY_BE_NEGATIVE:
        negative = numbers < 0
        if negative.any():
            row = int(np.flatnonzero(negative.to_numpy())[0])
            raise InvalidInput(
                f"Row {row + 1}: {name} is negative ({numbers.iloc[row]:g}); it is a total "
                "and cannot be below zero."
            )
    return numbers


def _grain_end(start: date, grain: str) -> date:
    if grain == "week":
        return start + timedelta(days=6)
    nxt = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return nxt - timedelta(days=1)
