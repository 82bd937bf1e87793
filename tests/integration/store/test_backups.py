"""Backup and restore on real DuckDB files: a verified round trip, refusals that leave the
database untouched, an atomic swap, ids that keep increasing, and the command line."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from governance import cli, demo
from governance.access import vendors
from governance.access.actors import Actor
from governance.errors import InvalidInput
from governance.store import backups, db, queries, quoting


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The demo portfolio in a DuckDB file, built once and copied by each test that needs it."""
    base = tmp_path_factory.mktemp("demo")
    path = base / "demo.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=base / "x"
        )
    return path


@pytest.fixture
def source(demo_db, tmp_path) -> Path:
    path = tmp_path / "source.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture
def archive(source, tmp_path) -> Path:
    out = tmp_path / "backup.zip"
    backups.backup(source, out)
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def all_rows(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM {quoting.quote_ident(t)} ORDER BY ALL").fetchall()  # noqa: S608
            for t in queries.table_names(con)
        }
    finally:
        con.close()


def rewrite_member(archive: Path, member: str, change) -> None:
    """Rewrite one member of the archive through ``change(bytes) -> bytes`` (a valid zip)."""
    with zipfile.ZipFile(archive) as zf:
        contents = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    contents[member] = change(contents[member])
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in contents.items():
            zf.writestr(name, data)


def a_parquet_member(archive: Path) -> str:
    with zipfile.ZipFile(archive) as zf:
        return next(n for n in zf.namelist() if n == "vendors.parquet")


# --- round trip ------------------------------------------------------------------------------


def test_round_trip_restores_every_table_row_for_row(source, archive, tmp_path):
    target = tmp_path / "restored.duckdb"
    manifest = backups.restore(archive, target)

    original, restored = all_rows(source), all_rows(target)
    assert set(restored) == set(original)
    assert len(original) >= 20  # the demo fills the whole schema, not a sample of it
    for table, rows in original.items():
        assert restored[table] == rows, table
    assert manifest.total_rows == sum(len(r) for r in original.values()) > 10_000
    assert not backups.before_restore_path(target).exists()  # nothing was there before


def manifest_of(archive) -> dict:
    """The archive's manifest as written, read straight from the zip."""
    with zipfile.ZipFile(archive) as zf:
        return json.loads(zf.read("manifest.json"))


def test_the_manifest_describes_the_archive(source, archive):
    manifest = manifest_of(archive)
    with duckdb.connect(str(source), read_only=True) as con:
        assert manifest["schema_version"] == db.schema_version(con)
        assert set(manifest["tables"]) == set(queries.table_names(con))
        assert manifest["tables"]["vendors"]["rows"] == 4
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
    assert names == {"manifest.json", *manifest["files"]}
    assert {"schema.sql", "load.sql", "vendors.parquet", "audit_events.parquet"} <= names
    assert manifest["app_version"] and manifest["created_at"] and manifest["duckdb_version"]
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())


def test_ids_keep_increasing_after_restore(source, archive, tmp_path):
    target = tmp_path / "restored.duckdb"
    backups.restore(archive, target)
    with db.connect(target) as con:
        before_max = con.execute("SELECT max(vendor_id) FROM vendors").fetchone()[0]
        audit_max = con.execute("SELECT max(event_id) FROM audit_events").fetchone()[0]
        vendors.add_vendors(con, Actor("ada@client.example", "admin"), ["Restored Vendor Ltd"])
        new_id = con.execute(
            "SELECT vendor_id FROM vendors WHERE name = 'Restored Vendor Ltd'"
        ).fetchone()[0]
        new_audit = con.execute("SELECT max(event_id) FROM audit_events").fetchone()[0]
    assert new_id > before_max
    assert new_audit > audit_max


def test_restore_replaces_an_existing_database_and_keeps_the_previous_one(
    source, archive, tmp_path
):
    target = tmp_path / "live.duckdb"
    with db.connect(target) as con:
        vendors.add_vendors(con, Actor("ada@client.example", "admin"), ["Only Here"])
    old = digest(target)

    backups.restore(archive, target)

    assert digest(backups.before_restore_path(target)) == old
    assert all_rows(target)["vendors"] == all_rows(source)["vendors"]
    leftovers = {p.name for p in tmp_path.iterdir()} - {
        "source.duckdb",
        "backup.zip",
        "live.duckdb",
        "live.duckdb.before-restore",
    }
    assert leftovers == set()


def test_an_older_backup_is_migrated_to_this_schema(tmp_path):
    old = tmp_path / "old.duckdb"
    con = db.open_connection(old)
    db.migrate(con, db.available_migrations()[:1])
    con.close()
    backups.backup(old, tmp_path / "old.zip")

    target = tmp_path / "new.duckdb"
    manifest = backups.restore(tmp_path / "old.zip", target)

    assert manifest.schema_version == 1
    with db.connect(target, migrate_schema=False) as con:
        assert db.schema_version(con) == db.available_migrations()[-1][0]


# --- backup ----------------------------------------------------------------------------------


def test_backup_works_while_this_process_holds_the_database(source, tmp_path):
    with db.connect(source) as con:
        vendors.add_vendors(con, Actor("ada@client.example", "admin"), ["Committed Co"])
        manifest = backups.backup(source, tmp_path / "live.zip")
        # The connection is still usable afterwards.
        assert "Committed Co" in queries.vendor_names(con)
    assert manifest.tables["vendors"].rows == 5
    backups.restore(tmp_path / "live.zip", tmp_path / "r.duckdb")
    assert "Committed Co" in {r[1] for r in all_rows(tmp_path / "r.duckdb")["vendors"]}


def test_backup_refuses_to_overwrite_without_force(source, archive):
    before = digest(archive)
    with pytest.raises(InvalidInput, match="already exists"):
        backups.backup(source, archive)
    assert digest(archive) == before
    backups.backup(source, archive, force=True)
    assert manifest_of(archive)["tables"]["vendors"]["rows"] == 4


def test_backup_of_a_missing_database_is_refused(tmp_path):
    with pytest.raises(InvalidInput, match="no database"):
        backups.backup(tmp_path / "nothing.duckdb", tmp_path / "b.zip")
    assert not (tmp_path / "nothing.duckdb").exists()
    assert not (tmp_path / "b.zip").exists()


def test_backup_never_writes_to_the_database(source, tmp_path):
    before = digest(source)
    backups.backup(source, tmp_path / "b.zip")
    assert digest(source) == before
    assert not source.with_name(source.name + ".wal").exists()


# --- refusals leave the database untouched ---------------------------------------------------


@pytest.fixture
def live(tmp_path) -> Path:
    target = tmp_path / "live.duckdb"
    with db.connect(target) as con:
        vendors.add_vendors(con, Actor("ada@client.example", "admin"), ["Keep Me"])
    return target


def assert_untouched(live: Path, before: str, tmp_path: Path, expected: set[str]) -> None:
    assert digest(live) == before
    assert {p.name for p in tmp_path.iterdir()} == expected  # no temporary file left behind


def test_flipped_bytes_in_a_data_member_are_refused(archive, live, tmp_path):
    member = a_parquet_member(archive)
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(member)
    raw = bytearray(archive.read_bytes())
    # The member's data starts after its 30-byte local header, name and extra field.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + 28):
        raw[i] ^= 0xFF
    archive.write_bytes(bytes(raw))
    before, names = digest(live), {p.name for p in tmp_path.iterdir()}

    with pytest.raises(InvalidInput, match=member):
        backups.restore(archive, live)

    assert_untouched(live, before, tmp_path, names)


def test_a_member_altered_behind_the_manifest_is_refused(archive, live, tmp_path):
    rewrite_member(archive, "vendors.parquet", lambda b: b[:-40] + b"\0" * 40)
    before, names = digest(live), {p.name for p in tmp_path.iterdir()}

    with pytest.raises(InvalidInput, match=r"vendors\.parquet does not match its checksum"):
        backups.restore(archive, live)

    assert_untouched(live, before, tmp_path, names)


def test_a_backup_from_a_newer_schema_is_refused(archive, live, tmp_path):
    def newer(raw: bytes) -> bytes:
        data = json.loads(raw)
        data["schema_version"] = 999
        return json.dumps(data).encode()

    rewrite_member(archive, "manifest.json", newer)
    before, names = digest(live), {p.name for p in tmp_path.iterdir()}

    with pytest.raises(InvalidInput, match="schema version 999, newer than this program"):
        backups.restore(archive, live)

    assert_untouched(live, before, tmp_path, names)


@pytest.mark.parametrize(
    "damage, fragment",
    [
        (lambda p: p.write_bytes(b"not a zip at all"), "not a governance backup"),
        (lambda p: zipfile.ZipFile(p, "w").close(), "has no manifest.json"),
    ],
    ids=["not a zip", "no manifest"],
)
def test_a_file_that_is_not_a_backup_is_refused(tmp_path, live, damage, fragment):
    bogus = tmp_path / "bogus.zip"
    damage(bogus)
    before, names = digest(live), {p.name for p in tmp_path.iterdir()}
    with pytest.raises(InvalidInput, match=fragment):
        backups.restore(bogus, live)
    assert_untouched(live, before, tmp_path, names)


def test_restore_is_atomic_when_verification_fails_after_loading(
    archive, live, tmp_path, monkeypatch
):
    loaded = []

    def fail(con, manifest):
        loaded.append(con.execute("SELECT count(*) FROM vendors").fetchone()[0])
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(backups, "_verify_restored", fail)
    before, names = digest(live), {p.name for p in tmp_path.iterdir()}

    with pytest.raises(RuntimeError, match="disk pulled out"):
        backups.restore(archive, live)

    assert loaded == [4]  # the new file was written in full before the failure
    assert_untouched(live, before, tmp_path, names)
    assert all_rows(live)["vendors"][0][1] == "Keep Me"


# --- command line ----------------------------------------------------------------------------


def test_cli_backup_and_restore(source, tmp_path, capsys):
    out = tmp_path / "cli.zip"
    target = tmp_path / "target.duckdb"

    assert cli.main(["backup", "--db", str(source), "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Backed up {source} to {out}:")
    assert cli.main(["backup", "--db", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and len(err.strip().splitlines()) == 1

    assert cli.main(["restore", str(out), "--db", str(target), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["tables"]["vendors"]["rows"] == 4 and doc["previous"] is None

    assert cli.main(["restore", str(out), "--db", str(target)]) == 2
    err = capsys.readouterr().err
    assert "--yes" in err and len(err.strip().splitlines()) == 1

    assert cli.main(["restore", str(out), "--db", str(target), "--yes"]) == 0
    assert "target.duckdb.before-restore" in capsys.readouterr().out


def test_cli_exit_codes_in_a_real_process(archive, tmp_path):
    target = tmp_path / "t.duckdb"
    rewrite_member(archive, "vendors.parquet", lambda b: b + b"x")

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "governance", *args], capture_output=True, text=True, timeout=120
        )

    bad = run("restore", str(archive), "--db", str(target))
    assert bad.returncode == 2
    assert bad.stderr.startswith("governance: The backup's member vendors.parquet")
    assert len(bad.stderr.strip().splitlines()) == 1
    assert not target.exists()

    missing = run("backup", "--db", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "o.zip"))
    assert missing.returncode == 2 and "no database" in missing.stderr
