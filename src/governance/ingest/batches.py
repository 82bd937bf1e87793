"""Import batches: write one vendor × period slice of KPI facts, restate, and roll back.

A batch writes the components its file carries into the vendor's slice of days (first to last
day the file covers, whole weeks or months for weekly or monthly files):

1. every fact row of the slice is copied to ``restated_facts`` (what rolling back restores);
2. the batch's components are cleared in the slice (a re-sent period replaces the old figures,
   including days the new file no longer has);
3. the new rows are merged in, keyed by program × site × channel × language × queue × date ×
   grain: a row that exists gets these components, a new key is inserted;
4. rows left with no component at all are removed.

Components the file does not carry (say, CSAT from a survey file) are left alone, so a vendor's
call file and survey file for the same days do not overwrite each other. A batch that changed
stored values is a restatement and is recorded with the slice's totals before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from governance.access import audit
from governance.access.actors import Actor, require, require_vendor
from governance.errors import InvalidInput, NotFound
from governance.kpis.catalogue import COMPONENT_NAMES
from governance.store import imports
from governance.store.db import transaction

KEY = ("program", "site", "channel", "language", "queue", "date", "grain")
_DIMS = ("program", "site", "channel", "language", "queue")
FACT_COLUMNS = ("vendor_id", *_DIMS, "date", "grain", "batch_id", *COMPONENT_NAMES)


@dataclass(frozen=True)
class SliceWrite:
    """What a batch did to its slice."""

    batch_id: int
    status: str  # loaded | restated
    rows_loaded: int
    rows_restated: int
    replaced_batches: tuple[int, ...]
    before_totals: dict[str, float]
    after_totals: dict[str, float]


def _totals(con, vendor_id: int, first: date, last: date, components) -> dict[str, float]:
    return _rounded(components, imports.slice_totals(con, vendor_id, first, last, components))


def _rounded(components, sums) -> dict[str, float | None]:
    """A slice's totals as recorded (4 decimals; None where nothing was summed)."""
    return {
        c: (None if v is None else round(float(v), 4))
        for c, v in zip(components, sums, strict=True)
    }


def write_slice(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor_id: int,
    vendor: str,
    source_table: str,
    components: list[str],
    grain: str,
    period_from: date,
    period_to: date,
    batch: dict,
) -> SliceWrite:
    """Write the rows of ``source_table`` for ``vendor_id`` as one batch; call inside a transaction.

    ``source_table`` has ``vendor_id``, the five dimensions, ``date``, ``grain`` and the
    ``components`` columns (already validated and rolled up to ``grain``). ``batch`` holds the
    provenance columns of ``import_batches`` (file_name, content_hash, profile, rows_read,
    rows_rejected, import_id, shape, identifying_data). Returns what happened.
    """
    require(actor, "facts.upload")
    require_vendor(actor, vendor)
    comps = _components(components)
    rows_loaded = imports.source_row_count(con, source_table, vendor_id)
    ((batch_id, _vendor),) = _insert_batches(
        con, actor, [(vendor_id, rows_loaded, period_from, period_to)], comps, grain, batch
    )
    in_slice = (vendor_id, period_from, period_to)

    # 1. Keep the slice as it was.
    imports.keep_restated(con, batch_id, *in_slice, FACT_COLUMNS)
    rows_before, replaced = imports.restated_summary(con, batch_id, comps)
    before = _totals(con, *in_slice, comps)

    # 2. Clear this file's components in the slice.
    imports.clear_components(con, *in_slice, comps)

    # 3. Merge: existing keys take the new components; new keys are inserted.
    imports.merge_into_facts(
        con,
        source_table,
        vendor_id=vendor_id,
        batch_id=batch_id,
        key=KEY,
        columns=["vendor_id", *_DIMS, "date", "grain", *comps],
        components=comps,
    )
    # 4. Rows that hold nothing any more.
    imports.delete_empty_facts(con, *in_slice, COMPONENT_NAMES)

    after = _totals(con, *in_slice, comps)
    replaced_ids = tuple(sorted(int(b) for b in (replaced or "").split(",") if b))
    status = "restated" if rows_before else "loaded"
    if rows_before:
        imports.set_batch_status(con, batch_id, "restated")
        imports.insert_restatement(
            con,
            batch_id=batch_id,
            vendor_id=vendor_id,
            period_from=period_from,
            period_to=period_to,
            components=",".join(comps),
            replaced_batches=",".join(map(str, replaced_ids)),
            rows_before=rows_before,
            before_totals=audit.to_json(before),
            after_totals=audit.to_json(after),
            recorded_at=audit.now(),
        )
    summary = _summary(vendor, status, grain, period_from, period_to, rows_loaded, comps, batch)
    audit.record(con, actor, "facts.import", "import_batch", batch_id, None, summary)
    if rows_before:
        audit.record(
            con,
            actor,
            "facts.restate",
            "import_batch",
            batch_id,
            {"replaced_batches": replaced_ids, "totals": before},
            {"totals": after},
        )
    return SliceWrite(batch_id, status, rows_loaded, rows_before, replaced_ids, before, after)


def write_slices(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    slices: list[dict],
    *,
    source_table: str,
    components: list[str],
    grain: str,
    batch: dict,
) -> list[SliceWrite]:
    """Write every vendor's slice of ``source_table`` as its own batch; call inside a transaction.

    ``slices`` are dicts with ``vendor_id``, ``vendor``, ``from`` and ``to``. A slice that holds
    facts already is restated by ``write_slice``; the slices that hold none (a new period, the
    usual case) are written together, a few statements for all of them, with the same batches,
    rows and audit events ``write_slice`` would have written. Returns one ``SliceWrite`` per slice,
    in the order given.
    """
    require(actor, "facts.upload")
    for sl in slices:
        require_vendor(actor, sl["vendor"])
    comps = _components(components)
    if not slices:
        return []
    held = imports.vendors_holding_facts(
        con, [(sl["vendor_id"], sl["from"], sl["to"]) for sl in slices]
    )
    writes: dict[int, SliceWrite] = {}
    for sl in slices:
        if sl["vendor_id"] in held:
            writes[sl["vendor_id"]] = write_slice(
                con,
                actor,
                vendor_id=sl["vendor_id"],
                vendor=sl["vendor"],
                source_table=source_table,
                components=comps,
                grain=grain,
                period_from=sl["from"],
                period_to=sl["to"],
                batch=batch,
            )
    fresh = [sl for sl in slices if sl["vendor_id"] not in held]
    if fresh:
        counted = imports.source_totals_by_vendor(con, source_table, comps)
        made = _insert_batches(
            con,
            actor,
            [(sl["vendor_id"], counted[sl["vendor_id"]][0], sl["from"], sl["to"]) for sl in fresh],
            comps,
            grain,
            batch,
        )
        batch_of = {vid: bid for bid, vid in made}
        imports.insert_from_source(
            con,
            source_table,
            [(vid, bid) for bid, vid in made],
            ["vendor_id", *_DIMS, "date", "grain", *comps],
        )
        for sl in fresh:
            n, totals = counted[sl["vendor_id"]]
            after = _rounded(comps, totals)
            summary = _summary(sl["vendor"], "loaded", grain, sl["from"], sl["to"], n, comps, batch)
            bid = batch_of[sl["vendor_id"]]
            audit.record(con, actor, "facts.import", "import_batch", bid, None, summary)
            writes[sl["vendor_id"]] = SliceWrite(
                bid, "loaded", n, 0, (), dict.fromkeys(comps), after
            )
    return [writes[sl["vendor_id"]] for sl in slices]


def _components(components) -> list[str]:
    comps = [c for c in components if c in COMPONENT_NAMES]
    if not comps:
        raise InvalidInput("The file maps no KPI component: there is nothing to load.")
    return comps


def _insert_batches(
    con,
    actor: Actor,
    rows: list[tuple[int, int, date, date]],
    comps: list[str],
    grain: str,
    batch: dict,
) -> list[tuple[int, int]]:
    """Insert one ``import_batches`` row per (vendor_id, rows_loaded, first, last); returns the
    (batch_id, vendor_id) pairs."""
    at = audit.now()
    return imports.insert_batches(
        con,
        [
            {
                "vendor_id": vendor_id,
                "file_name": batch["file_name"],
                "content_hash": batch["content_hash"],
                "source": "import",
                "status": "loaded",
                "imported_by": actor.name,
                "imported_at": at,
                "profile": batch.get("profile"),
                "rows_read": batch.get("rows_read", loaded),
                "rows_loaded": loaded,
                "rows_rejected": batch.get("rows_rejected", 0),
                "period_from": first,
                "period_to": last,
                "import_id": batch.get("import_id"),
                "grain": grain,
                "shape": batch.get("shape", "aggregated"),
                "components": ",".join(comps),
                "identifying_data": batch.get("identifying_data", "none"),
            }
            for vendor_id, loaded, first, last in rows
        ],
    )


def _summary(vendor, status, grain, first, last, rows_loaded, comps, batch) -> dict:
    """The audit event's record of one batch."""
    return {
        "vendor": vendor,
        "file_name": batch["file_name"],
        "content_hash": batch["content_hash"],
        "status": status,
        "grain": grain,
        "period_from": first,
        "period_to": last,
        "rows_read": batch.get("rows_read"),
        "rows_loaded": rows_loaded,
        "components": comps,
        "identifying_data": batch.get("identifying_data", "none"),
    }


def find_duplicate(
    con: duckdb.DuckDBPyConnection, vendor_id: int, content_hash: str
) -> dict | None:
    """The live batch of this vendor that loaded the same content, if any."""
    return imports.find_duplicate(con, vendor_id, content_hash)


def rollback(con: duckdb.DuckDBPyConnection, actor: Actor, batch_id: int) -> dict:
    """Undo an import batch: its rows go, the rows it restated come back exactly as they were.

    Refused (``InvalidInput``) when a later live batch of the same vendor overlaps its period:
    roll that one back first. Raises ``NotFound`` for an unknown batch. Audited.
    """
    require(actor, "facts.write")
    with transaction(con):
        b = imports.batch(con, batch_id)
        if b is None:
            raise NotFound(f"There is no import batch {batch_id}.")
        if b["status"] == "rolled_back":
            raise InvalidInput(f"Batch {batch_id} ({b['file_name']}) is already rolled back.")
        if b["source"] != "import":
            raise InvalidInput(
                f"Batch {batch_id} is {b['source']} data, not an import; it cannot be rolled back."
            )
        later = imports.later_overlapping_batches(
            con, b["vendor_id"], batch_id, b["period_from"], b["period_to"]
        )
        if later:
            ids = ", ".join(str(r) for r in later)
            raise InvalidInput(
                f"Batch {batch_id} cannot be rolled back while later batch(es) {ids} of "
                f"{b['vendor']} cover the same period; roll back {ids} first."
            )
        in_slice = (b["vendor_id"], b["period_from"], b["period_to"])
        removed = imports.slice_fact_count(con, *in_slice)
        imports.delete_slice(con, *in_slice)
        restored = imports.restore_restated(con, batch_id, FACT_COLUMNS)
        imports.mark_rolled_back(con, batch_id, actor.name, audit.now())
        result = {
            "batch_id": batch_id,
            "vendor": b["vendor"],
            "file_name": b["file_name"],
            "rows_removed": removed,
            "rows_restored": restored,
        }
        audit.record(con, actor, "facts.rollback", "import_batch", batch_id, b, result)
    return result
