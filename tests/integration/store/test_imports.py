"""store.imports: the import's writes, values bound, identifiers quoted, nothing else accepted."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from governance.access import vendors
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


def test_mapping_profiles_are_stored_and_versioned(con, vendor_id):
    at = datetime(2026, 11, 1, 9, 0)
    imports.insert_mapping_profile(con, vendor_id, HOSTILE, "ada", at)
    imports.update_mapping_profile(con, vendor_id, "[columns]", "ada", at)
    row = con.execute(
        "SELECT profile, version FROM mapping_profiles WHERE vendor_id = ?", [vendor_id]
    ).fetchone()
    assert row == ("[columns]", 2)
