"""store.imports: the import's writes, values bound, identifiers quoted, nothing else accepted."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from governance.access import vendors
from governance.errors import StaleRecord
from governance.store import db, imports

HOSTILE = "x'); DELETE FROM vendors; --"


@pytest.fixture
def vendor_id(con, admin):
    vendors.add_vendors(con, admin, ["Acme Care"])
    return vendors.vendor_id(con, "Acme Care")


def _batch(vendor_id, **extra):
    row = {
        "vendor_id": vendor_id,
        "file_name": HOSTILE,
        "content_hash": "h1",
        "source": "import",
        "status": "loaded",
        "imported_by": HOSTILE,
        "imported_at": datetime(2026, 11, 1, 9, 0),
        "period_from": date(2026, 10, 1),
        "period_to": date(2026, 10, 31),
    }
    return {**row, **extra}


def test_batches_are_inserted_with_their_values_verbatim(con, vendor_id):
    made = imports.insert_batches(con, [_batch(vendor_id), _batch(vendor_id, content_hash="h2")])
    assert [v for _b, v in made] == [vendor_id, vendor_id]
    first = imports.batch(con, made[0][0])
    assert first["file_name"] == HOSTILE and first["vendor"] == "Acme Care"
    assert imports.find_duplicate(con, vendor_id, "h2")["batch_id"] == made[1][0]
    assert imports.find_duplicate(con, vendor_id, HOSTILE) is None
    assert con.execute("SELECT count(*) FROM vendors").fetchone()[0] == 1


def test_a_batch_column_outside_the_schema_is_refused(con, vendor_id):
    with pytest.raises(ValueError, match="same known columns"):
        imports.insert_batches(con, [_batch(vendor_id, **{"status = 'x' --": 1})])
    with pytest.raises(ValueError, match="same known columns"):
        imports.insert_batches(con, [_batch(vendor_id), _batch(vendor_id, profile="p")])


def test_facts_from_a_frame_are_cast_and_counted_by_slice(con, vendor_id):
    frame = pd.DataFrame(
        {
            "vendor_id": [vendor_id, vendor_id],
            "date": [date(2026, 10, 1), date(2026, 10, 2)],
            "grain": ["day", "day"],
            "site": [HOSTILE, None],
            "offered": ["100", "50"],
        }
    )
    types = {"vendor_id": "INTEGER", "date": "DATE", "grain": "VARCHAR", "site": "VARCHAR"}
    db.settle(con)  # registering a frame needs the connection idle
    imports.insert_facts_frame(con, frame, {**types, "offered": "DOUBLE"})
    assert imports.slice_fact_count(con, vendor_id, date(2026, 10, 1), date(2026, 10, 1)) == 1
    first, last = date(2026, 10, 1), date(2026, 10, 31)
    assert imports.slice_totals(con, vendor_id, first, last, ["offered"]) == (150.0,)
    assert imports.vendors_holding_facts(con, [(vendor_id, first, last)]) == {vendor_id}
    assert imports.vendors_holding_facts(con, [(vendor_id, last, last)]) == set()
    with pytest.raises(ValueError, match="unknown SQL type"):
        imports.insert_facts_frame(con, frame, {**types, "offered": "DOUBLE); DROP TABLE x; --"})


def test_layouts_are_stored_versioned_and_every_version_kept(con, vendor_id):
    at, later = datetime(2026, 11, 1, 9, 0), datetime(2026, 11, 2, 9, 0)
    layout_id = imports.insert_layout(con, HOSTILE, vendor_id, HOSTILE, "ada", at)
    assert imports.update_layout(con, layout_id, "[columns]", "ben", later) == 2
    row = con.execute(
        "SELECT name, vendor_id, profile, version, created_by, updated_by FROM layouts "
        "WHERE layout_id = ?",
        [layout_id],
    ).fetchone()
    assert row == (HOSTILE, vendor_id, "[columns]", 2, "ada", "ben")
    kept = con.execute(
        "SELECT version, profile, saved_by, saved_at FROM layout_versions WHERE layout_id = ? "
        "ORDER BY version",
        [layout_id],
    ).fetchall()
    assert kept == [(1, HOSTILE, "ada", at), (2, "[columns]", "ben", later)]
    # A name is one layout in any letter case; a second one is refused as a stale save.
    with pytest.raises(StaleRecord):
        imports.insert_layout(con, HOSTILE.upper(), None, "[columns]", "cy", later)
    with pytest.raises(StaleRecord):
        imports.insert_layout_version(con, layout_id, 2, "[columns]", "cy", later)
    assert con.execute("SELECT count(*) FROM vendors").fetchone() == (1,)
