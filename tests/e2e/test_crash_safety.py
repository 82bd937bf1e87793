"""Crash safety with the app running: the real app (Streamlit) on a demo database, Debian's
Chromium driving it, scheduled commands run beside it, and the app killed with SIGKILL in the
middle of an import and of a contract amendment.

- A scheduled ``import`` and ``backup`` run while the app serves and a browser clicks around:
  both wait for the database lock, exit 0, and the batch is stored, the backup verifies.
- SIGKILL during an import started on the Imports page, and during an amendment recorded on the
  Contracts page, at several moments; after each, the database holds the change wholly or not
  at all (compared with the state before and with the same change made by the library), and a
  restarted app serves the page without an error.

The moments: ``seam`` kills inside the write transaction for certain (the app process runs with
a test-only wrapper around the service's write step, installed by a ``sitecustomize`` on the
app's PYTHONPATH, like the CLI kill test in tests/integration/test_import.py); ``db-grows`` when
the database file starts growing (DuckDB writes a large insert to the file before the commit);
``wal`` when the write-ahead log appears (the commit); ``success`` once the page says it is done
(then the change must be there). Screenshots go to test-artifacts/crash/.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from governance import contracts
from governance.access.actors import Actor
from governance.contracts import lines
from governance.ingest import importer
from governance.store import db
from tests.e2e.conftest import ARTIFACTS, ROOT, start_app, stop_app

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "crash"
END_MONTH = "2026-10"
NORTHWIND = "Northwind Contact"
APP_ACTOR = Actor("local admin", "admin")  # who the app acts as without single sign-on
BIG_FILE = "northwind_sites_daily.csv"
AMEND_REASON = "Volume mix changed after the October review"

# Installed as sitecustomize.py on the app's PYTHONPATH for the ``seam`` runs only: the service's
# write step runs, then the process writes a marker and waits, inside the open transaction.
SEAM = textwrap.dedent('''
    """Test-only: pause a write inside its transaction (tests/e2e/test_crash_safety.py)."""
    import os

    _seam = os.environ.get("CRASH_SEAM")
    if _seam:
        import time
        from pathlib import Path

        from governance.contracts import terms
        from governance.ingest import batches

        _module, _name = {"import": (batches, "write_slice"), "amend": (terms, "_amend")}[_seam]
        _real = getattr(_module, _name)

        def _write_then_wait(*args, **kwargs):
            result = _real(*args, **kwargs)  # rows written, transaction still open
            Path(os.environ["CRASH_MARKER"]).write_text("written, not committed")
            time.sleep(300)  # the test kills the process here
            return result

        setattr(_module, _name, _write_then_wait)
''')


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> tuple[Path, Path]:
    """The demo portfolio built by the command line, and its sample exports."""
    work = tmp_path_factory.mktemp("crash-demo")
    db_file, exports = work / "template.duckdb", work / "exports"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "governance",
            "demo",
            "--db",
            str(db_file),
            "--exports",
            str(exports),
            "--end-month",
            END_MONTH,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return db_file, exports


@pytest.fixture
def fresh_db(demo_template, tmp_path) -> Path:
    path = tmp_path / "governance.duckdb"
    shutil.copy(demo_template[0], path)
    return path


@pytest.fixture(autouse=True)
def _lock_wait(monkeypatch):
    """The documented default wait for the lock (10 s), for the app and the commands alike."""
    monkeypatch.setenv("GOVERNANCE_LOCK_WAIT", "10")


@pytest.fixture
def screen(browser, request):
    """A browser page; ``shot(step)`` saves test-artifacts/crash/<test>-<step>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    name = request.node.name.replace("[", "-").replace("]", "")

    def shot(step: str) -> None:
        page.screenshot(path=str(SHOTS / f"{name}-{step}.png"))

    page.shot = shot
    yield page
    context.close()


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> Path:
    """Northwind's daily layout (see demo_exports) for all 18 months, 45 sites x 2 programs x
    3 channels: about 150,000 rows, more than a DuckDB row group (122,880), so DuckDB writes them
    to the database file before the commit."""
    path = tmp_path_factory.mktemp("big") / BIG_FILE
    lines = ["Report Date,LOB,Location,Channel,Calls Offered,Calls Handled,Abandons,Ans < 20s,AHT"]
    day, last = date(2025, 5, 1), date(2026, 10, 31)
    n = 0
    while day <= last:
        for lob in ("Billing care", "Tech support tier 1"):
            for site in range(45):
                for channel in ("Voice", "Chat", "Email"):
                    offered = 100 + (n * 37) % 800
                    handled = offered - n % 17
                    lines.append(
                        f"{day},{lob},Site {site:02d},{channel},{offered},{handled},"
                        f"{offered - handled},{handled * 4 // 5},{200 + n % 500}.5"
                    )
                    n += 1
        day += timedelta(days=1)
    path.write_text("\n".join(lines) + "\n")
    return path


# --- helpers -------------------------------------------------------------------------------------


def governance_cli(*args: str, db_file: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "governance", *args, "--db", str(db_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the app process (only it: it runs no children) and reap it."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def start_seamed_app(db_file: Path, log: Path, seam: str, marker: Path, tmp: Path, monkeypatch):
    """The app with the test-only pause inside ``seam``'s write transaction (see SEAM)."""
    site = tmp / "seam"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(SEAM)
    with monkeypatch.context() as m:
        m.setenv("PYTHONPATH", str(site))
        m.setenv("CRASH_SEAM", seam)
        m.setenv("CRASH_MARKER", str(marker))
        return start_app(db_file, log)


def wait_for(condition: Callable[[], str | None], timeout: float) -> str:
    """Poll every 2 ms until ``condition`` names what it saw; "timeout" if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = condition()
        if seen:
            return seen
        time.sleep(0.002)
    return "timeout"


def wal(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + ".wal")


def table_fingerprint(con, ignore: dict[str, set[str]] | None = None) -> dict:
    """Per table: row count and an order-free checksum of its columns (minus ``ignore``'s)."""
    ignore = ignore or {}
    columns: dict[str, list[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
        "'main' AND table_catalog = current_database() ORDER BY table_name, ordinal_position"
    ).fetchall():
        if column not in ignore.get(table, set()):
            columns.setdefault(table, []).append(column)
    out = {}
    for table, cols in columns.items():
        quoted = ", ".join(f'"{c}"' for c in cols)
        out[table] = con.execute(
            f'SELECT count(*), coalesce(sum(hash({quoted})::HUGEINT), 0) FROM "{table}"'  # noqa: S608
        ).fetchone()
    return out


# Columns that differ between two runs of the same import: times, the run id, the profile text
# (the page's mapping editor writes it out in its own key order).
IMPORT_VOLATILE = {
    "import_batches": {"imported_at", "import_id", "profile"},
    "restatements": {"recorded_at"},
    "audit_events": {"occurred_at"},
    "vendor_labels": {"registered_at"},
}


def fingerprint(db_file: Path, ignore=IMPORT_VOLATILE) -> dict:
    with db.connect(db_file) as con:
        return table_fingerprint(con, ignore)


def wait_until_idle(page) -> None:
    """Until no script run is in progress: no running indicator, no element marked stale."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidgetRunningIcon],"
        "[data-testid=stStatusWidgetRunningManIcon],[data-stale=true]')"
    )


def open_page(page, url: str, title: str) -> None:
    """Load the app at its root, then follow the sidebar link to ``title``, as a user does.

    (A deep link as the first request to a freshly started server shows Streamlit's pages/
    directory listing in the sidebar and a greyed page without the filters, until the root has
    been loaded once; see the report. The root first avoids that.)
    """
    page.goto(url)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("local admin").wait_for()  # app.py ran: identity, filters, navigation
    if title != "Portfolio":
        sidebar.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).first.wait_for()


def assert_serves_without_error(page, url: str, title: str) -> None:
    open_page(page, url, title)
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()


# --- scheduled commands while the app serves ---------------------------------------------------


def test_scheduled_import_and_backup_succeed_while_the_app_serves(
    fresh_db, demo_template, screen, tmp_path
):
    exports = demo_template[1]
    export = exports / "northwind_daily_2026-10.csv"
    archive = tmp_path / "backups" / "governance-nightly.zip"
    proc, url = start_app(fresh_db, tmp_path / "app.log")
    try:
        open_page(screen, url, "Portfolio")
        sidebar = screen.locator('[data-testid="stSidebar"]')
        commands = {
            "import": governance_cli(
                "import", str(export), "--vendor", NORTHWIND, "--format", "json", db_file=fresh_db
            ),
            "backup": governance_cli(
                "backup", "-o", str(archive), "--format", "json", db_file=fresh_db
            ),
        }
        # Keep the app reading the database (each page render opens it) until both are done.
        tour = [
            "Vendor scorecard",
            "Imports",
            "Contracts",
            "Escalations",
            "Vendor registry",
            "Portfolio",
        ]
        clicks = 0
        deadline = time.monotonic() + 90
        while any(p.poll() is None for p in commands.values()) or clicks < len(tour):
            assert time.monotonic() < deadline, "the commands did not finish"
            title = tour[clicks % len(tour)]
            sidebar.get_by_role("link", name=title).click()
            screen.get_by_role("heading", name=title).first.wait_for()
            clicks += 1
        screen.shot("browsing")
        out = {}
        for name, p in commands.items():
            stdout, stderr = p.communicate()
            assert p.returncode == 0, f"{name} exited {p.returncode}: {stderr}"
            out[name] = stdout

        # The import: its batch is stored with the whole file (read while the app still serves).
        result = json.loads(out["import"])
        assert result["status"] == "restated"
        [batch_id] = result["batch_ids"]
        with db.connect(fresh_db) as con:
            row = con.execute(
                "SELECT file_name, status, rows_loaded FROM import_batches WHERE batch_id = ?",
                [batch_id],
            ).fetchone()
            stored = con.execute(
                "SELECT count(*) FROM kpi_facts WHERE batch_id = ?", [batch_id]
            ).fetchone()[0]
        assert row == (export.name, "restated", result["rows_loaded"])
        assert stored == result["rows_loaded"] > 0

        # The backup: restore checks the manifest, every checksum and every table's rows again.
        manifest = json.loads(out["backup"])
        check = subprocess.run(
            [
                sys.executable,
                "-m",
                "governance",
                "restore",
                str(archive),
                "--db",
                str(tmp_path / "restored.duckdb"),
                "--format",
                "json",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stderr
        assert json.loads(check.stdout)["total_rows"] == manifest["total_rows"]

        # The app kept serving throughout and still does. (Its history shows the new batch only
        # once its cached read expires: data.import_batches keeps results for 10 s.)
        assert proc.poll() is None
        assert_serves_without_error(screen, url, "Imports")
        screen.shot("after")
    finally:
        stop_app(proc)


# --- SIGKILL during an import on the Imports page ------------------------------------------------


@pytest.fixture(scope="module")
def import_reference(demo_template, big_export, tmp_path_factory) -> tuple[dict, dict]:
    """The fingerprints before and after the big file is imported by the library itself."""
    work = tmp_path_factory.mktemp("import-reference")
    path = work / "reference.duckdb"
    shutil.copy(demo_template[0], path)
    before = fingerprint(path)
    with db.connect(path) as con:
        result = importer.run(
            con, APP_ACTOR, big_export, file_name=big_export.name, vendor=NORTHWIND, add_labels=True
        )
        assert result.status == "restated", [e.text() for e in result.errors]
    return before, fingerprint(path)


def import_batches_match_their_facts(db_file: Path, file_name: str) -> bool:
    """Whether ``file_name`` was imported, checking that its batch record agrees with the facts:
    rows loaded = the facts carrying the batch id, the slice it replaced kept in restated_facts
    and its restatement recorded, one audit event."""
    with db.connect(db_file) as con:
        batches = con.execute(
            "SELECT batch_id, rows_loaded, status FROM import_batches WHERE file_name = ?",
            [file_name],
        ).fetchall()
        for batch_id, rows_loaded, status in batches:
            facts, kept, restatements, events = con.execute(
                "SELECT (SELECT count(*) FROM kpi_facts WHERE batch_id = $b), "
                "(SELECT count(*) FROM restated_facts WHERE restated_by = $b), "
                "(SELECT count(*) FROM restatements WHERE batch_id = $b), "
                "(SELECT count(*) FROM audit_events WHERE action = 'facts.import' "
                " AND entity_id = CAST($b AS VARCHAR))",
                {"b": batch_id},
            ).fetchone()
            assert (status, facts, restatements, events) == ("restated", rows_loaded, 1, 1)
            assert kept > 0
    assert len(batches) <= 1
    return bool(batches)


def start_import_on_page(page, url: str, export: Path) -> None:
    """Choose Northwind, upload the file, wait for the preview; the Import button is next."""
    open_page(page, url, "Imports")
    main = page.locator('[data-testid="stMain"]')
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(export))
    main.get_by_text("Preview: the first rows").wait_for(timeout=60_000)
    picker = main.get_by_role("combobox", name="Vendor who sent this file")  # none is chosen
    picker.click()
    page.keyboard.type(NORTHWIND)
    page.keyboard.press("Enter")
    main.get_by_text("Ready to import").wait_for(timeout=60_000)
    # Its 45 sites are new to Northwind: registered with the import, as the page asks.
    main.get_by_text("Register these 45 labels with this import").click()


@pytest.mark.parametrize("moment", ["seam", "db-grows", "wal", "success"])
def test_sigkill_during_an_import_leaves_it_wholly_present_or_absent(
    moment, fresh_db, big_export, import_reference, screen, tmp_path, monkeypatch
):
    before, after = import_reference
    assert fingerprint(fresh_db) == before
    marker = tmp_path / "written.marker"
    if moment == "seam":
        proc, url = start_seamed_app(
            fresh_db, tmp_path / "app.log", "import", marker, tmp_path, monkeypatch
        )
    else:
        proc, url = start_app(fresh_db, tmp_path / "app.log")
    try:
        start_import_on_page(screen, url, big_export)
        size = fresh_db.stat().st_size
        assert not wal(fresh_db).exists()
        screen.get_by_role("button", name="Import", exact=True).click()
        if moment == "success":
            done = screen.locator('[data-testid="stAlertContentSuccess"]')
            done.filter(has_text=big_export.name).wait_for(timeout=60_000)  # not "Ready to…"
            seen = "success"
        else:
            seen = wait_for(
                {
                    "seam": lambda: "seam" if marker.exists() else None,
                    "db-grows": lambda: (
                        "wal"
                        if wal(fresh_db).exists()
                        else "db-grows"
                        if fresh_db.stat().st_size > size
                        else None
                    ),
                    "wal": lambda: "wal" if wal(fresh_db).exists() else None,
                }[moment],
                timeout=60,
            )
        kill(proc)
    finally:
        if proc.poll() is None:
            kill(proc)
    screen.shot("killed")
    assert seen != "timeout", f"never saw {moment}; see {tmp_path / 'app.log'}"

    state = fingerprint(fresh_db)
    outcome = "absent" if state == before else "present" if state == after else "PARTIAL"
    record_kill("import", moment, seen, outcome)
    assert outcome != "PARTIAL", {
        t: (before[t], state[t], after[t]) for t in state if not before[t] == state[t] == after[t]
    }
    assert import_batches_match_their_facts(fresh_db, big_export.name) == (outcome == "present")
    if moment == "seam":
        assert outcome == "absent"  # killed before the commit, for certain
    if moment == "success":
        assert outcome == "present"  # the page said it was imported: it must survive the kill

    # The app starts again on the same file and shows the Imports page without an error.
    proc, url = start_app(fresh_db, tmp_path / "restart.log")
    try:
        assert_serves_without_error(screen, url, "Imports")
        history = screen.locator('[data-testid="stMain"]')
        if outcome == "present":
            history.get_by_text(big_export.name).first.wait_for(state="attached")
        screen.shot("restarted")
    finally:
        stop_app(proc)
    assert fingerprint(fresh_db) == state  # restarting changed nothing


# --- SIGKILL during an amendment on the Contracts page ---------------------------------------------

VENDOR = "Bluebird BPO"  # the Contracts page's first vendor
EDITED_ROWS = 3  # the first three targets of the table get a new expected level


def planned_amendment(db_file: Path) -> dict:
    """The targets the page will show (KPI names, levels in their units) and the new expected
    levels typed for the first rows: half way from expected to the worse limit, which is valid
    whichever way the KPI is better; ``stored`` holds them as the targets table will (fractions)."""
    when = contracts.default_effective_date()
    with db.connect(db_file) as con:
        cid = contracts.contract_id(con, VENDOR)
        shown = contracts.editor_table(con, cid, when)
    new, stored = {}, {}
    for i in range(EDITED_ROWS):
        t = shown.iloc[i]
        tid = int(t["target_id"])
        new[tid] = float(f"{(t['Expected'] + t['Worse limit']) / 2:.6g}")
        stored[tid] = lines.to_stored(lines.code_of(t["KPI"]), new[tid])
    return {"contract_id": cid, "when": when, "shown": shown, "new": new, "stored": stored}


def amendment_state(db_file: Path) -> dict:
    with db.connect(db_file) as con:
        return {
            "targets": con.execute(
                "SELECT target_id, contract_id, kpi, program, channel, expected, minimum, weight, "
                "tier, allocation_pct, category_pct, measurement_window, effective_from, "
                "effective_to, amendment_id, version FROM targets ORDER BY target_id"
            ).fetchall(),
            "amendments": con.execute(
                "SELECT amendment_id, contract_id, effective_from, reason, approved_by, "
                "recorded_by FROM amendments ORDER BY amendment_id"
            ).fetchall(),
            "audit": con.execute(
                "SELECT action, entity, entity_id FROM audit_events ORDER BY event_id"
            ).fetchall(),
            "tables": table_fingerprint(con),
        }


def classify_amendment(before: dict, now: dict, plan: dict) -> str:
    """Whether the amendment is "absent" (nothing changed) or "applied": exactly the planned
    amendment (one amendment row, the edited targets closed the day before and succeeded by new
    versions, one audit event) and nothing else changed. Any other state fails the test."""
    if now == before:
        return "absent"
    changed = {t for t in now["tables"] if now["tables"][t] != before["tables"].get(t)}
    assert changed == {"targets", "amendments", "audit_events"}, changed
    [amendment] = [a for a in now["amendments"] if a not in before["amendments"]]
    aid, cid, when, reason, approver, _by = amendment
    assert (cid, when, reason, approver) == (
        plan["contract_id"],
        plan["when"],
        AMEND_REASON,
        "VMO lead",
    )
    assert now["amendments"] == [*before["amendments"], amendment]
    assert now["audit"] == [*before["audit"], ("contract.amend", "amendment", str(aid))]
    old = {t[0]: t for t in before["targets"]}
    closed = plan["when"] - timedelta(days=1)
    kept = {t[0]: t for t in now["targets"] if t[0] in old}
    for tid, row in old.items():
        if tid in plan["new"]:
            assert kept[tid] == (*row[:13], closed, *row[14:]), kept[tid]
        else:
            assert kept[tid] == row
    added = [t for t in now["targets"] if t[0] not in old]
    assert len(added) == len(plan["new"])
    for tid, level in plan["stored"].items():
        [successor] = [t for t in added if t[2:5] == old[tid][2:5]]
        assert successor[5] == pytest.approx(level)
        assert (successor[12], successor[13], successor[14]) == (plan["when"], None, aid)
    return "applied"


def open_expected_editor(page, grid, row: int, value: float):
    """The cell editor of Expected in ``row``, which must hold ``value``.

    The grid is a canvas: click a cell of the row, go to its first column (KPI; the id is
    hidden), then right to Expected (KPI, Program, Channel, Better when, Unit, Expected) and open
    the editor; retried when the click lands while the page is still re-rendering.
    """
    editor = page.locator("input.gdg-input")
    for _attempt in range(4):
        wait_until_idle(page)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 120, box["y"] + 35 * (row + 1) + 17)  # header, rows: 35 px
        for key in ["ArrowLeft"] * 14 + ["ArrowRight"] * 5 + ["Enter"]:
            page.keyboard.press(key)
        try:
            editor.wait_for(timeout=3_000)
        except PlaywrightTimeout:
            continue
        if float(editor.input_value()) == pytest.approx(value):
            return editor
        page.keyboard.press("Escape")
    raise AssertionError(f"could not open the editor of row {row}'s expected level")


def record_amendment_on_page(page, url: str, plan: dict) -> None:
    """Type the new expected levels in the targets editor, a reason and an approver, and submit."""
    open_page(page, url, "Contracts")
    form = page.locator('[data-testid="stForm"]')
    grid = form.locator('[data-testid="stDataFrame"]').first  # the targets (the rate card below)
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    shown = plan["shown"]
    for i in range(EDITED_ROWS):
        editor = open_expected_editor(page, grid, i, shown.iloc[i]["Expected"])
        editor.fill(f"{plan['new'][int(shown.iloc[i]['target_id'])]:g}")
        editor.press("Enter")  # commit
        editor.wait_for(state="detached")
    form.get_by_role("textbox", name="Reason").fill(AMEND_REASON)
    form.get_by_role("textbox", name="Approved by").fill("VMO lead")
    page.shot("edited")
    form.get_by_role("button", name="Record the amendment").click()


@pytest.mark.parametrize("moment", ["seam", "wal", "success"])
def test_sigkill_during_a_contract_amendment_applies_it_wholly_or_not_at_all(
    moment, fresh_db, screen, tmp_path, monkeypatch
):
    plan = planned_amendment(fresh_db)
    before = amendment_state(fresh_db)
    marker = tmp_path / "written.marker"
    if moment == "seam":
        proc, url = start_seamed_app(
            fresh_db, tmp_path / "app.log", "amend", marker, tmp_path, monkeypatch
        )
    else:
        proc, url = start_app(fresh_db, tmp_path / "app.log")
    try:
        record_amendment_on_page(screen, url, plan)
        if moment == "success":
            screen.get_by_text("Recorded amendment #").wait_for()
            seen = "success"
        elif moment == "wal":
            # The amendment is small: the log may come and go between two polls, so the
            # success message also ends the wait.
            success = screen.get_by_text("Recorded amendment #")
            seen = wait_for(
                lambda: "wal" if wal(fresh_db).exists() else "success" if success.count() else None,
                timeout=30,
            )
        else:
            seen = wait_for(lambda: "seam" if marker.exists() else None, timeout=30)
        # What the page said, should it be neither (a refusal, an error): named in the failure.
        said = screen.get_by_test_id("stAlert").all_inner_texts() if seen == "timeout" else []
        kill(proc)
    finally:
        if proc.poll() is None:
            kill(proc)
    screen.shot("killed")
    assert seen != "timeout", (
        f"never saw {moment}; the page said {said}; see {tmp_path / 'app.log'}"
    )

    state = amendment_state(fresh_db)
    outcome = classify_amendment(before, state, plan)
    record_kill("amendment", moment, seen, outcome)
    if moment == "seam":
        assert outcome == "absent"
    if seen == "success":
        assert outcome == "applied"  # the page said it was recorded: it must survive the kill

    proc, url = start_app(fresh_db, tmp_path / "restart.log")
    try:
        assert_serves_without_error(screen, url, "Contracts")
        if outcome == "applied":
            screen.get_by_text(AMEND_REASON).first.wait_for(state="attached")
        screen.shot("restarted")
    finally:
        stop_app(proc)
    assert amendment_state(fresh_db) == state  # restarting changed nothing


KILLS: list[dict] = []


def record_kill(what: str, moment: str, seen: str, outcome: str) -> None:
    """Keep what each kill saw and left, in test-artifacts/crash/kills.json, for the report."""
    KILLS.append({"write": what, "moment": moment, "seen": seen, "outcome": outcome})
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "kills.json").write_text(json.dumps(KILLS, indent=2) + "\n")
