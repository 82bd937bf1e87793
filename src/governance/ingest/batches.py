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
from governance.store.db import quote_ident, transaction

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
    sums = ", ".join(f"SUM({quote_ident(c)})" for c in components)
    row = con.execute(
        f"SELECT {sums} FROM kpi_facts WHERE vendor_id = ? AND date BETWEEN ? AND ?",  # noqa: S608
        [vendor_id, first, last],
    ).fetchone()
    return _rounded(components, row)


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
    src = quote_ident(source_table)
    comps = _components(components)
    rows_loaded = con.execute(
        f"SELECT count(*) FROM {src} WHERE vendor_id = ?",  # noqa: S608 - src is quoted
        [vendor_id],
    ).fetchone()[0]
    ((batch_id, _vendor),) = _insert_batches(
        con, actor, [(vendor_id, rows_loaded, period_from, period_to)], comps, grain, batch
    )
    slice_args = [vendor_id, period_from, period_to]
    in_slice = "vendor_id = ? AND date BETWEEN ? AND ?"

    # 1. Keep the slice as it was.
    cols = ", ".join(quote_ident(c) for c in FACT_COLUMNS)
    con.execute(
        f"INSERT INTO restated_facts (restated_by, {cols}) "  # noqa: S608
        f"SELECT ?, {cols} FROM kpi_facts WHERE {in_slice}",
        [batch_id, *slice_args],
    )
    rows_before, replaced = con.execute(
        "SELECT count(*), string_agg(DISTINCT CAST(batch_id AS VARCHAR), ',') "
        "FROM restated_facts WHERE restated_by = ? AND ("
        + " OR ".join(f"{quote_ident(c)} IS NOT NULL" for c in comps)
        + ")",
        [batch_id],
    ).fetchone()
    before = _totals(con, vendor_id, period_from, period_to, comps)

    # 2. Clear this file's components in the slice.
    cleared = ", ".join(f"{quote_ident(c)} = NULL" for c in comps)
    con.execute(f"UPDATE kpi_facts SET {cleared} WHERE {in_slice}", slice_args)  # noqa: S608

    # 3. Merge: existing keys take the new components; new keys are inserted.
    match = " AND ".join(f"f.{quote_ident(k)} IS NOT DISTINCT FROM s.{quote_ident(k)}" for k in KEY)
    sets = ", ".join(f"{quote_ident(c)} = s.{quote_ident(c)}" for c in comps)
    con.execute(
        f"UPDATE kpi_facts AS f SET {sets}, batch_id = ? FROM {src} AS s "  # noqa: S608
        f"WHERE f.vendor_id = ? AND s.vendor_id = ? AND {match}",
        [batch_id, vendor_id, vendor_id],
    )
    insert_cols = ["vendor_id", *_DIMS, "date", "grain", *comps]
    names = ", ".join(quote_ident(c) for c in insert_cols)
    picked = ", ".join(f"s.{quote_ident(c)}" for c in insert_cols)
    con.execute(
        f"INSERT INTO kpi_facts ({names}, batch_id) SELECT {picked}, ? FROM {src} AS s "  # noqa: S608
        f"WHERE s.vendor_id = ? AND NOT EXISTS (SELECT 1 FROM kpi_facts AS f "
        f"WHERE f.vendor_id = ? AND {match})",
        [batch_id, vendor_id, vendor_id],
    )
    # 4. Rows that hold nothing any more.
    empty = " AND ".join(f"{quote_ident(c)} IS NULL" for c in COMPONENT_NAMES)
    con.execute(f"DELETE FROM kpi_facts WHERE {in_slice} AND {empty}", slice_args)  # noqa: S608

    after = _totals(con, vendor_id, period_from, period_to, comps)
    replaced_ids = tuple(sorted(int(b) for b in (replaced or "").split(",") if b))
    status = "restated" if rows_before else "loaded"
    if rows_before:
        con.execute("UPDATE import_batches SET status = 'restated' WHERE batch_id = ?", [batch_id])
        con.execute(
            "INSERT INTO restatements (batch_id, vendor_id, period_from, period_to, components, "
            "replaced_batches, rows_before, before_totals, after_totals, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                batch_id,
                vendor_id,
                period_from,
                period_to,
                ",".join(comps),
                ",".join(map(str, replaced_ids)),
                rows_before,
                audit.to_json(before),
                audit.to_json(after),
                audit.now(),
            ],
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
    src = quote_ident(source_table)
    periods = " UNION ALL ".join("SELECT ? AS vendor_id, ? AS first, ? AS last" for _ in slices)
    args = [x for sl in slices for x in (sl["vendor_id"], sl["from"], sl["to"])]
    held = {
        vid
        for (vid,) in con.execute(
            f"SELECT DISTINCT p.vendor_id FROM ({periods}) p JOIN kpi_facts f "  # noqa: S608
            "ON f.vendor_id = p.vendor_id AND f.date BETWEEN p.first AND p.last",
            args,
        ).fetchall()
    }
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
        sums = ", ".join(f"SUM({quote_ident(c)})" for c in comps)
        counted = {
            vid: (n, sums_row)
            for vid, n, *sums_row in con.execute(
                f"SELECT vendor_id, count(*), {sums} FROM {src} GROUP BY vendor_id"  # noqa: S608
            ).fetchall()
        }
        made = _insert_batches(
            con,
            actor,
            [(sl["vendor_id"], counted[sl["vendor_id"]][0], sl["from"], sl["to"]) for sl in fresh],
            comps,
            grain,
            batch,
        )
        batch_of = {vid: bid for bid, vid in made}
        pairs = " UNION ALL ".join("SELECT ? AS vendor_id, ? AS batch_id" for _ in made)
        insert_cols = ["vendor_id", *_DIMS, "date", "grain", *comps]
        names = ", ".join(quote_ident(c) for c in insert_cols)
        picked = ", ".join(f"s.{quote_ident(c)}" for c in insert_cols)
        con.execute(
            f"INSERT INTO kpi_facts ({names}, batch_id) SELECT {picked}, b.batch_id "  # noqa: S608
            f"FROM {src} AS s JOIN ({pairs}) b ON b.vendor_id = s.vendor_id",
            [x for bid, vid in made for x in (vid, bid)],
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
    values = ", ".join(
        "(?, ?, ?, 'import', 'loaded', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" for _ in rows
    )
    at = audit.now()
    params = [
        x
        for vendor_id, loaded, first, last in rows
        for x in (
            vendor_id,
            batch["file_name"],
            batch["content_hash"],
            actor.name,
            at,
            batch.get("profile"),
            batch.get("rows_read", loaded),
            loaded,
            batch.get("rows_rejected", 0),
            first,
            last,
            batch.get("import_id"),
            grain,
            batch.get("shape", "aggregated"),
            ",".join(comps),
            batch.get("identifying_data", "none"),
        )
    ]
    return con.execute(
        "INSERT INTO import_batches (vendor_id, file_name, content_hash, source, status, "  # noqa: S608 - placeholders only
        "imported_by, imported_at, profile, rows_read, rows_loaded, rows_rejected, period_from, "
        "period_to, import_id, grain, shape, components, identifying_data) "
        f"VALUES {values} RETURNING batch_id, vendor_id",
        params,
    ).fetchall()


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
    cur = con.execute(
        "SELECT batch_id, file_name, imported_at, imported_by FROM import_batches "
        "WHERE vendor_id = ? AND content_hash = ? AND status <> 'rolled_back' "
        "ORDER BY batch_id DESC LIMIT 1",
        [vendor_id, content_hash],
    )
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))


def rollback(con: duckdb.DuckDBPyConnection, actor: Actor, batch_id: int) -> dict:
    """Undo an import batch: its rows go, the rows it restated come back exactly as they were.

    Refused (``InvalidInput``) when a later live batch of the same vendor overlaps its period:
    roll that one back first. Raises ``NotFound`` for an unknown batch. Audited.
    """
    require(actor, "facts.write")
    with transaction(con):
        cur = con.execute(
            "SELECT b.batch_id, b.vendor_id, v.name AS vendor, b.file_name, b.status, b.source, "
            "b.period_from, b.period_to FROM import_batches b JOIN vendors v USING (vendor_id) "
            "WHERE b.batch_id = ?",
            [batch_id],
        )
        row = cur.fetchone()
        if row is None:
            raise NotFound(f"There is no import batch {batch_id}.")
        b = dict(zip([d[0] for d in cur.description], row, strict=True))
        if b["status"] == "rolled_back":
            raise InvalidInput(f"Batch {batch_id} ({b['file_name']}) is already rolled back.")
        if b["source"] != "import":
            raise InvalidInput(
                f"Batch {batch_id} is {b['source']} data, not an import; it cannot be rolled back."
            )
        later = con.execute(
            "SELECT batch_id FROM import_batches WHERE vendor_id = ? AND batch_id > ? "
            "AND status <> 'rolled_back' AND period_from <= ? AND period_to >= ? ORDER BY batch_id",
            [b["vendor_id"], batch_id, b["period_to"], b["period_from"]],
        ).fetchall()
        if later:
            ids = ", ".join(str(r[0]) for r in later)
            raise InvalidInput(
                f"Batch {batch_id} cannot be rolled back while later batch(es) {ids} of "
                f"{b['vendor']} cover the same period; roll back {ids} first."
            )
        slice_args = [b["vendor_id"], b["period_from"], b["period_to"]]
        removed = con.execute(
            "SELECT count(*) FROM kpi_facts WHERE vendor_id = ? AND date BETWEEN ? AND ?",
            slice_args,
        ).fetchone()[0]
        con.execute(
            "DELETE FROM kpi_facts WHERE vendor_id = ? AND date BETWEEN ? AND ?", slice_args
        )
        cols = ", ".join(quote_ident(c) for c in FACT_COLUMNS)
        con.execute(
            f"INSERT INTO kpi_facts ({cols}) SELECT {cols} FROM restated_facts "  # noqa: S608
            "WHERE restated_by = ?",
            [batch_id],
        )
        restored = con.execute(
            "SELECT count(*) FROM restated_facts WHERE restated_by = ?", [batch_id]
        ).fetchone()[0]
        con.execute(
            "UPDATE import_batches SET status = 'rolled_back', rolled_back_by = ?, "
            "rolled_back_at = ? WHERE batch_id = ?",
            [actor.name, audit.now(), batch_id],
        )
        result = {
            "batch_id": batch_id,
            "vendor": b["vendor"],
            "file_name": b["file_name"],
            "rows_removed": removed,
            "rows_restored": restored,
        }
        audit.record(con, actor, "facts.rollback", "import_batch", batch_id, b, result)
    return result
