"""A vendor's saved mapping (the layout named after it, ``importer.save_profile``) is versioned:
a save names the version its caller read, and a save over a mapping someone else saved since is
refused (StaleRecord), theirs kept."""

from __future__ import annotations

import threading

import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import StaleRecord
from governance.ingest import importer, profiles
from governance.store import db

ADA = Actor("ada@client.example", "vendor_manager")
BEN = Actor("ben@client.example", "vendor_manager")
VENDOR = "Acme Care"


def _mapping(offered: str) -> profiles.Profile:
    return profiles.parse(f'[columns]\ndate = "Report Date"\noffered = "{offered}"\n')


def _stored(db_path, vendor=VENDOR) -> tuple[str, int] | None:
    with db.connect(db_path, migrate_schema=False) as con:
        row = con.execute(
            "SELECT l.profile, l.version FROM layouts l JOIN vendors v USING (vendor_id) "
            "WHERE v.name = ? AND l.name = v.name",
            [vendor],
        ).fetchone()
    return None if row is None else (profiles.parse(row[0]).columns["offered"], row[1])


def _two_sessions(db_path, first, second) -> tuple[object, object]:
    """Two threads, each on its own connection, read the mapping's version; then the first
    saves, and only after it has finished the second saves. Returns what each save gave."""
    both_read = threading.Barrier(2)
    first_done = threading.Event()
    outcome: dict[str, object] = {}

    def session(name, actor, offered, after=None):
        with db.connect(db_path, migrate_schema=False) as con:
            version = importer.stored_profile_version(con, VENDOR)
            both_read.wait()
            if after is not None:
                after.wait()
            try:
                outcome[name] = importer.save_profile(
                    con, actor, VENDOR, _mapping(offered), expected_version=version
                )
            except StaleRecord as exc:
                outcome[name] = exc
            finally:
                if name == "first":
                    first_done.set()

    threads = [
        threading.Thread(target=session, args=("first", ADA, first)),
        threading.Thread(target=session, args=("second", BEN, second, first_done)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome["first"], outcome["second"]


@pytest.fixture
def registered(db_path):
    with db.connect(db_path) as con:
        vendors.add_vendors(con, Actor("root@client.example", "admin"), [VENDOR, "Bluebird BPO"])
    return db_path


def test_the_version_of_a_saved_mapping_is_read_and_counted_up(registered):
    with db.connect(registered, migrate_schema=False) as con:
        assert importer.stored_profile_version(con, VENDOR) is None
        assert (
            importer.save_profile(con, ADA, VENDOR, _mapping("Calls"), expected_version=None) == 1
        )
        assert importer.stored_profile_version(con, VENDOR) == 1
        assert importer.save_profile(con, ADA, VENDOR, _mapping("Offered"), expected_version=1) == 2
        assert importer.stored_profile_version(con, VENDOR) == 2
        assert importer.stored_profile_version(con, "Bluebird BPO") is None
    assert _stored(registered) == ("Offered", 2)


def test_a_second_first_mapping_is_refused_and_the_first_survives(registered):
    first, second = _two_sessions(registered, "Calls Offered", "Offered Calls")
    assert first == 1
    assert isinstance(second, StaleRecord)
    assert str(second).startswith(f"Someone else saved a layout named '{VENDOR}' since you opened")
    assert "nothing was saved" in str(second)
    assert _stored(registered) == ("Calls Offered", 1)


def test_a_save_over_a_newer_mapping_is_refused_and_the_newer_survives(registered):
    with db.connect(registered, migrate_schema=False) as con:
        importer.save_profile(con, ADA, VENDOR, _mapping("Original"), expected_version=None)
    first, second = _two_sessions(registered, "Ada's column", "Ben's column")
    assert first == 2
    assert isinstance(second, StaleRecord)
    assert f"The layout '{VENDOR}' was changed by someone else since you opened it" in str(second)
    assert "(version 2, you had 1)" in str(second)
    assert _stored(registered) == ("Ada's column", 2)
    with db.connect(registered, migrate_schema=False) as con:
        saves = con.execute(
            "SELECT actor FROM audit_events WHERE action = 'layout.save' ORDER BY event_id"
        ).fetchall()
    assert saves == [(ADA.name,), (ADA.name,)]  # Ben's refused save left no trace


def test_two_saves_at_one_moment_never_raise_a_raw_database_error(registered):
    # Both read "no mapping yet" and save at once: one is stored, the other refused as stale
    # (a version check or a write conflict), never DuckDB's own constraint or conflict error.
    for attempt in range(4):
        vendor = f"Racer {attempt}"
        with db.connect(registered, migrate_schema=False) as con:
            vendors.add_vendors(con, Actor("root@client.example", "admin"), [vendor])
        start = threading.Barrier(2)
        outcomes: dict[str, object] = {}

        def save(offered, vendor=vendor, start=start, outcomes=outcomes):
            with db.connect(registered, migrate_schema=False) as con:
                start.wait()
                try:
                    outcomes[offered] = importer.save_profile(
                        con, ADA, vendor, _mapping(offered), expected_version=None
                    )
                except StaleRecord as exc:
                    outcomes[offered] = exc

        threads = [threading.Thread(target=save, args=(o,)) for o in ("One", "Two")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        saved = [o for o, got in outcomes.items() if got == 1]
        refused = [o for o, got in outcomes.items() if isinstance(got, StaleRecord)]
        assert len(saved) == 1 and len(refused) == 1, outcomes
        assert _stored(registered, vendor) == (saved[0], 1)
