"""Two app servers on one PostgreSQL database (issue 17, items 3 and 4): the demo loaded into a
server database, two Streamlit processes serving it, Debian's Chromium driving both.

- A record saved on one server and then saved, stale, on the other is refused there, and what
  the second person typed is kept on the form.
- An import from the command line while both serve succeeds with no wait for a lock allowed
  (``GOVERNANCE_LOCK_WAIT=0``: on a server nobody holds one), and a vendor registered from the
  command line shows on both servers' next page run (a write drops every server's cached reads).
- A command-line import killed with SIGKILL inside its write transaction leaves the server's
  data wholly as before; run again, the import is there whole.
- Two processes migrating one new database at once apply each migration once.

Screenshots go to test-artifacts/two-servers/.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from governance.store import db, server
from tests import postgres
from tests.e2e.conftest import ARTIFACTS, ROOT, start_app, stop_app
from tests.e2e.test_crash_safety import open_page, wait_until_idle

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "two-servers"
NORTHWIND = "Northwind Contact"
END_MONTH = "2026-10"

# Installed as sitecustomize.py on a command's PYTHONPATH for the kill test only: the import's
# write step runs, then the process writes a marker and waits inside the open transaction.
SEAM = textwrap.dedent('''
    """Test-only: pause an import inside its transaction (tests/e2e/test_two_servers.py)."""
    import os

    if os.environ.get("CRASH_MARKER"):
        import time
        from pathlib import Path

        from governance.ingest import batches

        _real = batches.write_slices

        def _write_then_wait(*args, **kwargs):
            result = _real(*args, **kwargs)  # rows written, transaction still open
            Path(os.environ["CRASH_MARKER"]).write_text("written, not committed")
            time.sleep(300)  # the test kills the process here
            return result

        batches.write_slices = _write_then_wait
''')


def governance(*args: str, url: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "governance", *args, "--db", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="module")
def shared(pg_server, tmp_path_factory):
    """The demo in a new server database, with its sample exports."""
    work = tmp_path_factory.mktemp("two-servers")
    url = postgres.new_database(pg_server)
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "governance",
            "demo",
            "--db",
            url,
            "--exports",
            str(work / "exports"),
            "--end-month",
            END_MONTH,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    yield url, work
    server.close_pools(url)
    postgres.drop_database(pg_server, url)


@pytest.fixture(scope="module")
def apps(shared):
    url, work = shared
    first, first_url = start_app(url, work / "app-a.log")
    second, second_url = start_app(url, work / "app-b.log")
    yield first_url, second_url
    stop_app(first)
    stop_app(second)


@pytest.fixture
def two_pages(browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    contexts = [browser.new_context(viewport={"width": 1440, "height": 900}) for _ in range(2)]
    pages = [c.new_page() for c in contexts]
    for p in pages:
        p.set_default_timeout(30_000)
    yield pages
    for c in contexts:
        c.close()


def account_manager(url: str) -> str | None:
    with db.connect(url) as con:
        return con.execute(
            "SELECT account_manager FROM vendors WHERE name = ?", [first_vendor(con)]
        ).fetchone()[0]


def first_vendor(con) -> str:
    """The vendor the Vendor registry's contacts form opens on (the registry's first)."""
    return con.execute("SELECT name FROM vendors ORDER BY name LIMIT 1").fetchone()[0]


def test_a_stale_save_on_the_other_server_is_refused_and_keeps_what_was_typed(
    shared, apps, two_pages
):
    url, _ = shared
    a, b = two_pages
    for page, app in zip(two_pages, apps, strict=True):
        open_page(page, app, "Vendor registry")
        page.get_by_role("heading", name="Governance contacts").wait_for()
    # Both people have the contacts form open; the first saves.
    a.get_by_role("textbox", name="Account manager").fill("Dana Reyes, account director")
    a.get_by_role("button", name="Save contacts").click()
    a.get_by_text("Saved the contacts of").wait_for()
    a.screenshot(path=str(SHOTS / "saved-on-a.png"))
    # The second, on the other server, saves over a form read before that save.
    b.get_by_role("textbox", name="Account manager").fill("Sam Okafor, account lead")
    b.get_by_role("button", name="Save contacts").click()
    b.get_by_text("changed by someone else").first.wait_for()
    b.screenshot(path=str(SHOTS / "refused-on-b.png"))
    assert b.get_by_role("textbox", name="Account manager").input_value() == (
        "Sam Okafor, account lead"
    )
    assert account_manager(url) == "Dana Reyes, account director"


def test_commands_run_while_both_serve_and_both_show_their_writes(shared, apps, two_pages):
    url, work = shared
    for page, app in zip(two_pages, apps, strict=True):
        open_page(page, app, "Vendor registry")
        wait_until_idle(page)
        assert page.get_by_text("Harbor Relay Services").count() == 0
    export = work / "exports" / f"northwind_daily_{END_MONTH}.csv"
    # No wait for a lock is allowed: on a server the app servers hold none.
    done = governance(
        "import",
        str(export),
        "--vendor",
        NORTHWIND,
        "--format",
        "json",
        url=url,
        env={"GOVERNANCE_LOCK_WAIT": "0"},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] in {"restated", "unchanged", "loaded"}
    added = governance(
        "vendors", "add", "Harbor Relay Services", url=url, env={"GOVERNANCE_LOCK_WAIT": "0"}
    )
    assert added.returncode == 0, added.stderr
    # The next page run on either server reads the new state (its cached reads are dropped).
    for name, (page, app) in zip("ab", zip(two_pages, apps, strict=True), strict=True):
        open_page(page, app, "Vendor registry")
        # (the registry is a data grid: its cells are in the page, drawn on a canvas)
        page.get_by_text("Harbor Relay Services").first.wait_for(state="attached")
        page.screenshot(path=str(SHOTS / f"registered-seen-on-{name}.png"))


def fingerprint(url: str) -> tuple:
    """What an import may change: facts (count and sums), batches and audit events."""
    with db.connect(url) as con:
        return (
            con.execute(
                "SELECT count(*), sum(offered), sum(answered), sum(handle_time_sec) FROM kpi_facts"
            ).fetchone(),
            con.execute("SELECT count(*), max(batch_id) FROM import_batches").fetchone(),
            con.execute("SELECT count(*) FROM audit_events").fetchone(),
        )


def test_sigkill_inside_an_import_on_a_server_leaves_it_wholly_absent(shared, tmp_path):
    url, work = shared
    export = work / "exports" / f"northwind_daily_{END_MONTH}.csv"
    # A restatement with other figures, so a half-written import would show in the sums.
    restated = tmp_path / f"northwind_daily_{END_MONTH}_restated.csv"
    head, *rows = export.read_text(encoding="utf-8").splitlines()
    columns = head.split(",")
    offered = next(i for i, c in enumerate(columns) if "offered" in c.lower())
    changed = []
    for row in rows:
        cells = row.split(",")
        cells[offered] = str(int(float(cells[offered])) + 7)
        changed.append(",".join(cells))
    restated.write_text("\n".join([head, *changed]) + "\n", encoding="utf-8")
    seam = tmp_path / "seam"
    seam.mkdir()
    (seam / "sitecustomize.py").write_text(SEAM, encoding="utf-8")
    marker = tmp_path / "marker"
    before = fingerprint(url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "governance", "import", str(restated), "--vendor", NORTHWIND]
        + ["--db", url],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(seam), str(ROOT / "src"), str(ROOT)]),
            "CRASH_MARKER": str(marker),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 240
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import never reached its write"
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    # The server ends the dead client's transaction; wait for its backend to go.
    deadline = time.monotonic() + 30
    while fingerprint(url) != before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert fingerprint(url) == before
    done = governance("import", str(restated), "--vendor", NORTHWIND, "--format", "json", url=url)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "restated"
    [batch_id] = result["batch_ids"]
    with db.connect(url) as con:
        stored = con.execute(
            "SELECT count(*), sum(offered) FROM kpi_facts WHERE batch_id = ?", [batch_id]
        ).fetchone()
    assert stored[0] == result["rows_loaded"] == len(changed)
    assert stored[1] == sum(float(r.split(",")[offered]) for r in changed)


def test_two_processes_migrating_a_new_database_apply_each_migration_once(pg_server):
    url = postgres.new_database(pg_server)
    try:
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "governance", "init", "--db", url],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        with db.connect(url) as con:
            versions = [v for (v,) in con.execute("SELECT version FROM schema_version").fetchall()]
        expected = [v for v, _, _ in db.available_migrations()]
        assert sorted(versions) == expected  # each once
    finally:
        server.close_pools(url)
        postgres.drop_database(pg_server, url)
