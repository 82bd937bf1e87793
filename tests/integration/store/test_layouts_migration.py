"""Migration 007: the mapping profiles saved per vendor become layouts named after their vendor,
at the version they had, with that version kept; mapping_profiles goes; nothing saved is lost."""

from __future__ import annotations

from datetime import datetime

import pytest

from governance.access.actors import Actor
from governance.errors import NotFound
from governance.ingest import importer, layouts, profiles
from governance.store import db, queries

NORTHWIND = (
    'vendor = "Northwind Contact"\n[columns]\ndate = "Report Date"\noffered = "Calls Offered"\n'
    'answered = "Calls Handled"\n'
)
BLUEBIRD = '[columns]\nmonth = "Month"\noffered = "Offered"\n'


@pytest.fixture
def at_schema_6(db_path):
    """A database as version 6 of the program left it, with two vendors' saved mappings."""
    with db.connect(db_path, migrate_schema=False) as con:
        db.migrate(con, [m for m in db.available_migrations() if m[0] <= 6])
        assert db.schema_version(con) == 6
        con.execute(
            "INSERT INTO vendors (name, created_at) VALUES ('Northwind Contact', ?), ('Bluebird BPO', ?)",
            [datetime(2026, 1, 5), datetime(2026, 1, 5)],
        )
        ids = dict(con.execute("SELECT name, vendor_id FROM vendors").fetchall())
        con.execute(
            "INSERT INTO mapping_profiles (vendor_id, profile, updated_by, updated_at, version) "
            "VALUES (?, ?, 'ada', ?, 3), (?, ?, 'ben', ?, 1)",
            [
                ids["Northwind Contact"],
                NORTHWIND,
                datetime(2026, 10, 1, 9, 0),
                ids["Bluebird BPO"],
                BLUEBIRD,
                datetime(2026, 11, 1, 9, 0),
            ],
        )
    return db_path, ids


def test_saved_mappings_become_layouts_named_after_their_vendor(at_schema_6):
    path, ids = at_schema_6
    with db.connect(path) as con:  # opening migrates
        assert db.schema_version(con) == db.available_migrations()[-1][0] >= 7
        assert "mapping_profiles" not in queries.table_names(con)
        got = con.execute(
            "SELECT name, vendor_id, profile, version, created_by, updated_by, updated_at "
            "FROM layouts ORDER BY name"
        ).fetchall()
        assert got == [
            (
                "Bluebird BPO",
                ids["Bluebird BPO"],
                BLUEBIRD,
                1,
                "ben",
                "ben",
                datetime(2026, 11, 1, 9),
            ),
            (
                "Northwind Contact",
                ids["Northwind Contact"],
                NORTHWIND,
                3,
                "ada",
                "ada",
                datetime(2026, 10, 1, 9),
            ),
        ]
        kept = con.execute(
            "SELECT l.name, h.version, h.profile, h.saved_by, h.saved_at FROM layout_versions h "
            "JOIN layouts l USING (layout_id) ORDER BY l.name"
        ).fetchall()
        assert kept == [
            ("Bluebird BPO", 1, BLUEBIRD, "ben", datetime(2026, 11, 1, 9)),
            ("Northwind Contact", 3, NORTHWIND, "ada", datetime(2026, 10, 1, 9)),
        ]
        # They work as layouts: found by a file's headers (without the vendor the old profile
        # named), listed for their vendor, and saved on from the version they had.
        found = importer.known_layout(con, ["Report Date", "Calls Offered", "Calls Handled"])
        assert (found.name, found.version, found.vendor) == (
            "Northwind Contact",
            3,
            "Northwind Contact",
        )
        assert found.profile.vendor is None
        assert importer.stored_profile_version(con, "Northwind Contact") == 3
        newer = profiles.parse(NORTHWIND.replace("Calls Handled", "Handled"))
        actor = Actor("cy@client.example", "admin")
        assert (
            importer.save_profile(con, actor, "Northwind Contact", newer, expected_version=3) == 4
        )
        with pytest.raises(NotFound, match=r"no version 2 kept \(it is at version 4; kept: 4, 3\)"):
            layouts.get(con, "Northwind Contact", 2)
        # New layouts take ids after the migrated ones.
        assert layouts.save(con, actor, "Fresh", newer, expected_version=None) == 1
        assert con.execute("SELECT count(DISTINCT layout_id) FROM layouts").fetchone() == (3,)


def test_a_database_with_no_saved_mapping_migrates_to_no_layout(db_path):
    with db.connect(db_path) as con:
        assert con.execute("SELECT count(*) FROM layouts").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM layout_versions").fetchone() == (0,)
