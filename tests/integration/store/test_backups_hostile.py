"""Restore trusts nothing in the archive but its data: hostile archives whose manifest was
recomputed to match (SQL appended to the export, tables and columns the program does not know,
a column naming staff, rows that break the schema, a sequence pushed out of reach), damaged bytes
(exit 2, never 3), and archives signed with ``$GOVERNANCE_BACKUP_KEY``."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
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

KEY_ENV = "GOVERNANCE_BACKUP_KEY"
KEY = "a-long-enough-backup-key-for-tests"


@pytest.fixture(autouse=True)
def no_key(monkeypatch):
    """Unsigned unless a test sets the key."""
    monkeypatch.delenv(KEY_ENV, raising=False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
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


@pytest.fixture
def live(tmp_path) -> Path:
    target = tmp_path / "live.duckdb"
    with db.connect(target) as con:
        vendors.add_vendors(con, Actor("ada@client.example", "admin"), ["Keep Me"])
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}


def rewrite(archive: Path, contents: dict[str, bytes], *, rehash: bool = True) -> None:
    """Write ``contents`` as the archive; with ``rehash``, first make the manifest match the
    members again, as anyone editing an archive can (and drop a signature it no longer fits)."""
    contents = dict(contents)
    if rehash:
        manifest = json.loads(contents["manifest.json"])
        manifest["files"] = {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for name, data in contents.items()
            if name not in ("manifest.json", "manifest.sig")
        }
        contents["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in contents.items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def all_rows(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM {quoting.quote_ident(t)} ORDER BY ALL").fetchall()  # noqa: S608
            for t in queries.table_names(con)
        }
    finally:
        con.close()


def refused(archive: Path, live: Path, tmp_path: Path, match: str) -> InvalidInput:
    """Restore is refused with ``match`` in its message and the live database is untouched."""
    before, names = digest(live), {p.name for p in tmp_path.iterdir()}
    with pytest.raises(InvalidInput, match=match) as caught:
        backups.restore(archive, live)
    assert digest(live) == before
    assert {p.name for p in tmp_path.iterdir()} == names  # no temporary file left behind
    return caught.value


# --- the archive's SQL is never run ------------------------------------------------------------


@pytest.mark.parametrize("member", ["schema.sql", "load.sql"])
@pytest.mark.parametrize(
    "payload",
    [
        "COPY (SELECT 'x') TO '{out}';",
        "COPY (SELECT 'x') TO '{out}' (FORMAT csv); -- a comment",
        "CREATE TABLE pwn AS SELECT 1; COPY pwn TO '{out}';",
    ],
    ids=["copy", "copy-csv", "two-statements"],
)
def test_sql_added_to_the_export_is_never_run(archive, tmp_path, member, payload):
    out = tmp_path / "written-by-the-archive.txt"
    contents = members(archive)
    contents[member] += ("\n" + payload.format(out=out) + "\n").encode()
    rewrite(archive, contents)
    target = tmp_path / "restored.duckdb"

    try:
        backups.restore(archive, target)
    except InvalidInput:
        pass
    assert not out.exists(), "restore ran SQL from the archive"
    if target.exists():
        assert "pwn" not in all_rows(target)


def test_sql_in_place_of_the_schema_is_never_run(archive, source, tmp_path):
    out = tmp_path / "written-by-the-archive.txt"
    contents = members(archive)
    contents["schema.sql"] = f"COPY (SELECT 'x') TO '{out}';\n".encode()
    contents["load.sql"] = b""
    rewrite(archive, contents)
    target = tmp_path / "restored.duckdb"

    backups.restore(archive, target)  # the data is in the parquet files, the schema is ours

    assert not out.exists()
    assert all_rows(target) == all_rows(source)


def test_the_cli_restores_a_tampered_export_without_running_it(archive, tmp_path):
    out = tmp_path / "written-by-the-archive.txt"
    contents = members(archive)
    contents["schema.sql"] += f"\nCOPY (SELECT 'x') TO '{out}';\n".encode()
    rewrite(archive, contents)

    proc = subprocess.run(
        [sys.executable, "-m", "governance", "restore", str(archive)]
        + ["--db", str(tmp_path / "r.duckdb")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 2), proc.stderr
    assert not out.exists()


# --- only what the program knows -----------------------------------------------------------------


def test_a_table_the_program_does_not_know_is_refused_by_name(source, live, tmp_path):
    with db.connect(source) as con:
        con.execute("CREATE TABLE side_notes (note VARCHAR)")
        con.execute("INSERT INTO side_notes VALUES ('kept outside the schema')")
    backups.backup(source, tmp_path / "extra.zip")

    err = refused(tmp_path / "extra.zip", live, tmp_path, "side_notes")
    assert "does not know" in str(err)


def test_a_column_the_program_does_not_know_is_refused_by_name(source, live, tmp_path):
    with db.connect(source) as con:
        con.execute("ALTER TABLE vendors ADD COLUMN notes VARCHAR")
    backups.backup(source, tmp_path / "extra.zip")

    refused(tmp_path / "extra.zip", live, tmp_path, r"vendors\.notes")


def test_a_column_that_identifies_staff_is_refused(source, live, tmp_path):
    with db.connect(source) as con:
        con.execute("ALTER TABLE kpi_facts ADD COLUMN agent_name VARCHAR")
        con.execute("UPDATE kpi_facts SET agent_name = 'Jane Doe' WHERE vendor_id = 1")
    backups.backup(source, tmp_path / "people.zip")

    err = refused(tmp_path / "people.zip", live, tmp_path, r"kpi_facts\.agent_name")
    assert "individual" in str(err)


def test_a_table_missing_from_the_archive_is_refused_by_name(archive, live, tmp_path):
    contents = members(archive)
    del contents["users.parquet"]
    manifest = json.loads(contents["manifest.json"])
    del manifest["tables"]["users"]
    contents["manifest.json"] = json.dumps(manifest).encode()
    rewrite(archive, contents)

    refused(archive, live, tmp_path, "users")


def parquet_of(sql: str, tmp_path: Path, source: Path) -> bytes:
    """The parquet bytes of a query over the source database."""
    out = tmp_path / "made.parquet"
    con = duckdb.connect(str(source), read_only=True)
    try:
        con.execute(f"COPY ({sql}) TO '{out}' (FORMAT parquet)")
    finally:
        con.close()
    data = out.read_bytes()
    out.unlink()
    return data


def test_rows_that_break_the_schema_are_refused_with_exit_2(archive, source, live, tmp_path):
    contents = members(archive)
    contents["vendors.parquet"] = parquet_of(
        "SELECT * REPLACE ('bribed' AS status) FROM vendors", tmp_path, source
    )
    rewrite(archive, contents)

    refused(archive, live, tmp_path, "vendors")
    code = cli.main(["restore", str(archive), "--db", str(tmp_path / "r.duckdb")])
    assert code == 2


def test_a_column_of_another_type_is_refused(archive, source, live, tmp_path):
    contents = members(archive)
    contents["vendors.parquet"] = parquet_of(
        "SELECT * REPLACE (vendor_id::VARCHAR AS vendor_id) FROM vendors", tmp_path, source
    )
    rewrite(archive, contents)

    refused(archive, live, tmp_path, r"vendors\.vendor_id")


def test_a_schema_version_the_data_contradicts_is_refused(archive, source, live, tmp_path):
    contents = members(archive)
    contents["schema_version.parquet"] = parquet_of(
        "SELECT * FROM schema_version WHERE version < 3", tmp_path, source
    )
    manifest = json.loads(contents["manifest.json"])
    manifest["tables"]["schema_version"]["rows"] = 2
    contents["manifest.json"] = json.dumps(manifest).encode()
    rewrite(archive, contents)

    refused(archive, live, tmp_path, "schema version")


@pytest.mark.parametrize("version", [0, -1, 999])
def test_a_schema_version_the_program_does_not_know_is_refused(archive, live, tmp_path, version):
    contents = members(archive)
    manifest = json.loads(contents["manifest.json"])
    manifest["schema_version"] = version
    contents["manifest.json"] = json.dumps(manifest).encode()
    rewrite(archive, contents)

    refused(archive, live, tmp_path, f"schema version {version}")


def test_a_sequence_pushed_out_of_reach_is_refused(archive, live, tmp_path):
    contents = members(archive)
    contents["schema.sql"] = re.sub(  # wherever the sequence stood when the archive was made
        rb"(CREATE SEQUENCE seq_audit_id INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 )"
        rb"START \d+",
        rb"\1START 9223372036854775000",
        contents["schema.sql"],
    )
    assert b"START 9223372036854775000" in contents["schema.sql"]
    rewrite(archive, contents)

    refused(archive, live, tmp_path, "seq_audit_id")


def test_members_the_manifest_does_not_list_are_refused(archive, live, tmp_path):
    contents = members(archive)
    contents["run-me.sh"] = b"rm -rf /"
    rewrite(archive, contents, rehash=False)

    refused(archive, live, tmp_path, "run-me.sh")


# --- sequences ---------------------------------------------------------------------------------------


def test_sequences_continue_where_they_were_even_past_the_data(source, tmp_path):
    with db.connect(source) as con:
        top = con.execute("SELECT max(vendor_id) FROM vendors").fetchone()[0]
        # Ids handed out and never stored (a rolled-back write): they are not reused.
        con.execute("SELECT nextval('seq_vendor_id') FROM range(5)").fetchall()
        expected = con.execute("SELECT nextval('seq_vendor_id')").fetchone()[0] + 1
        audit_next = con.execute("SELECT max(event_id) FROM audit_events").fetchone()[0] + 1
    backups.backup(source, tmp_path / "b.zip")
    target = tmp_path / "r.duckdb"
    backups.restore(tmp_path / "b.zip", target)

    with db.connect(target) as con:
        assert con.execute("SELECT nextval('seq_vendor_id')").fetchone()[0] == expected > top + 5
        assert con.execute("SELECT nextval('seq_audit_id')").fetchone()[0] == audit_next


def test_sequences_never_fall_behind_the_data(archive, tmp_path):
    contents = members(archive)
    lines = contents["schema.sql"].decode().splitlines()
    contents["schema.sql"] = "\n".join(
        line for line in lines if not line.startswith("CREATE SEQUENCE")
    ).encode()
    rewrite(archive, contents)
    target = tmp_path / "r.duckdb"
    backups.restore(archive, target)

    with db.connect(target) as con:
        top = con.execute("SELECT max(vendor_id) FROM vendors").fetchone()[0]
        assert con.execute("SELECT nextval('seq_vendor_id')").fetchone()[0] == top + 1


# --- damage: exit 2, never 3 -------------------------------------------------------------------------


def flip(archive: Path, member: str, at: float = 0.5) -> None:
    """Flip one byte inside ``member``'s stored (compressed) bytes."""
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(member)
    raw = bytearray(archive.read_bytes())
    with archive.open("rb") as fh:
        fh.seek(info.header_offset + 26)
        name_len, extra_len = (int.from_bytes(fh.read(2), "little") for _ in range(2))
    start = info.header_offset + 30 + name_len + extra_len
    raw[start + int(info.compress_size * at)] ^= 0x5A
    archive.write_bytes(bytes(raw))


@pytest.mark.parametrize("member", ["manifest.json", "schema.sql", "load.sql", "vendors.parquet"])
def test_a_flipped_byte_is_a_damaged_archive(archive, live, tmp_path, member):
    with zipfile.ZipFile(archive) as zf:
        assert (zf.getinfo(member).compress_type == zipfile.ZIP_DEFLATED) == (
            not member.endswith(".parquet")
        )
    flip(archive, member)

    refused(archive, live, tmp_path, f"damaged archive: {member}")


def test_a_flipped_byte_anywhere_is_exit_2_or_harmless(archive, tmp_path, capsys):
    size = archive.stat().st_size
    original = archive.read_bytes()
    with zipfile.ZipFile(archive) as zf:
        # The zip's own structures: each field of the local headers of the first members (the
        # manifest, the SQL) and of the last ones (tables), and the central directory. (Every
        # member's header was 300 restores for the same seven kinds of damage.)
        members = zf.infolist()
        chosen = members[:3] + members[-2:]
        spots = [i.header_offset + k for i in chosen for k in (0, 8, 14, 18, 22, 26, 30)]
    spots += [size - k for k in (2, 6, 10, 12, 16, 20, 22)] + [size // 3, size // 2]
    for spot in spots:
        raw = bytearray(original)
        raw[spot] ^= 0xFF
        archive.write_bytes(bytes(raw))
        target = tmp_path / "r.duckdb"
        code = cli.main(["restore", str(archive), "--db", str(target), "--yes"])
        err = capsys.readouterr().err
        assert code in (0, 2), f"byte {spot}: {err}"
        if code == 2:
            assert len(err.strip().splitlines()) == 1 and "internal error" not in err


def test_a_damaged_compressed_member_is_exit_2_in_a_real_process(archive, tmp_path):
    flip(archive, "schema.sql")
    proc = subprocess.run(
        [sys.executable, "-m", "governance", "restore", str(archive)]
        + ["--db", str(tmp_path / "r.duckdb")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "damaged archive: schema.sql" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


# --- signing ---------------------------------------------------------------------------------------


def test_with_a_key_the_archive_is_signed_and_restores(source, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    out = tmp_path / "signed.zip"
    backups.backup(source, out)
    contents = members(out)
    expected = hmac.new(KEY.encode(), contents["manifest.json"], hashlib.sha256).hexdigest()
    assert expected in contents["manifest.sig"].decode()

    backups.restore(out, tmp_path / "r.duckdb")
    assert all_rows(tmp_path / "r.duckdb") == all_rows(source)


def test_with_a_key_an_altered_and_rehashed_archive_is_refused(source, live, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    out = tmp_path / "signed.zip"
    backups.backup(source, out)
    contents = members(out)
    contents["vendors.parquet"] = parquet_of(
        "SELECT * REPLACE ('Someone Else' AS account_manager) FROM vendors", tmp_path, source
    )
    rewrite(out, contents)  # the manifest matches again; the old signature no longer does

    refused(out, live, tmp_path, "signature")


def test_with_a_key_an_unsigned_archive_is_refused(archive, live, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    err = refused(archive, live, tmp_path, "not signed")
    assert KEY_ENV in str(err)


def test_an_archive_signed_with_another_key_is_refused(source, live, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    backups.backup(source, tmp_path / "signed.zip")
    monkeypatch.setenv(KEY_ENV, "another-key-of-enough-length")
    refused(tmp_path / "signed.zip", live, tmp_path, "signature")


def test_a_key_too_short_to_sign_with_is_refused(source, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(InvalidInput, match=KEY_ENV):
        backups.backup(source, tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()


def test_the_cli_says_whether_the_signature_was_checked(source, tmp_path, monkeypatch, capsys):
    out, target = tmp_path / "b.zip", tmp_path / "r.duckdb"
    assert cli.main(["backup", "--db", str(source), "-o", str(out)]) == 0
    assert "not signed" in capsys.readouterr().out
    assert cli.main(["restore", str(out), "--db", str(target)]) == 0
    text = capsys.readouterr().out
    assert "not checked" in text and KEY_ENV in text

    monkeypatch.setenv(KEY_ENV, KEY)
    assert cli.main(["backup", "--db", str(source), "-o", str(out), "--force"]) == 0
    assert "signed" in capsys.readouterr().out
    assert cli.main(["restore", str(out), "--db", str(target), "--yes", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["signature"] == "verified"
