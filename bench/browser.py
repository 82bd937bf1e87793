"""Speed as a person feels it (issue 16): every page of the app in Chromium, after a click in the
sidebar and on a direct load, on the demo portfolio and on the 1M-row workload; and the first
Portfolio after an import made on the Imports page.

``python -m bench.browser`` serves ``app.py`` with Streamlit (headless, a free loopback port, the
local admin as in the browser tests) against a copy of each workload's database, drives Debian's
Chromium (``/usr/bin/chromium``, never a downloaded browser) with Playwright and prints one table:
per page, the median over ``--repeat`` runs after a click and on a direct load, per workload, the
target and the verdict. Speed is reported, never asserted: the exit status is 0 unless
``--check`` is given and a target is missed.

When a page counts as shown (``READY``): the app says its script is not running
(``data-test-script-state`` on ``stApp``), the page's own heading is there, no element is stale
(left from the page before), every visible chart has drawn its SVG and every visible table its
canvas, and nothing in the document has changed for ``--quiet`` milliseconds. The time is taken
at the last change before that quiet spell, in the page's own clock: from the click (made in the
same script tick that reads the clock) or from the start of the navigation (a direct load).

A run, per workload: one direct load of the default page (the browser's first, not in the
table), one pass of clicks through every page (the server's caches are cold for each page's own
reads, and the tab draws each kind of element for the first time: reported as ``first``), then
``--repeat`` passes of clicks to each page, then ``--repeat`` passes of direct loads of each page.
Then, ``--repeat`` times: the Imports page imports a small file that restates one vendor's latest
month (one figure changed each time, so every import writes), and the Portfolio is clicked: the
first Portfolio after an import, its caches dropped by the import.

Workloads: ``browser_demo`` (the demo portfolio, ``governance demo`` with its last month fixed at
2026-11 so every build gives the same data; its sample exports beside it) and
``kpi_1m_contracts`` (986,400 fact rows, 20 vendors with contracts; see bench/README.md). Each
run serves a fresh copy, so the imports never change the workload files.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from bench import runner, workloads
from bench.workloads import workload
from governance.store import db

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("GOVERNANCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 60_000  # one page; a page slower than this has no figure ("none")
GIVE_UP = 5  # timeouts in a row on one workload: the app is stuck, its run stops there

# The heading each page draws, where it is not the page's title in the navigation.
HEADINGS = {"Packs": "Business-review packs"}

# Targets from issue 16, in seconds: (workload, kind) -> target for every page, and the few
# pages with their own. None: no target.
TARGETS = {
    ("demo", "click"): 1.0,
    ("demo", "direct"): 2.0,
}
PAGE_TARGETS = {
    ("1m", "click", "Portfolio"): 1.5,
    ("1m", "click", "Vendor scorecard"): 1.5,
}
AFTER_IMPORT_TARGET = 1.5
AFTER_IMPORT = "Portfolio, first after an import"

# Installed in every document before its own scripts: the time of the last change to the DOM.
OBSERVER = """
window.__lastChange = performance.now();
new MutationObserver(() => { window.__lastChange = performance.now(); }).observe(document, {
  subtree: true, childList: true, attributes: true, characterData: true });
"""

READY = """
([heading, quiet]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const headings = [...document.querySelectorAll('[data-testid="stMain"] h1')];
  if (!headings.some((h) => h.textContent.trim() === heading)) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  // what is on screen is drawn (a table in a closed expander or a chart in another tab is not)
  const shown = (e) => e.checkVisibility() && e.getBoundingClientRect().height > 0;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    if (shown(c) && !c.querySelector('.main-svg')) return false;
  for (const g of document.querySelectorAll('[data-testid="stDataFrame"]'))
    if (shown(g) && !g.querySelector('canvas')) return false;
  return performance.now() - window.__lastChange >= quiet;
}
"""


# --- workloads -------------------------------------------------------------------------------

DEMO_END = date(2026, 11, 1)


def demo_exports(path: Path) -> Path:
    """Where the demo workload's sample exports are, beside its file."""
    return path.parent / "browser_demo_exports"


@workload(
    "browser_demo",
    version=1,
    description="the demo portfolio (4 vendors, 18 months to 2026-11, contracts, records) "
    "and its sample exports",
)
def build_browser_demo(path: Path) -> dict:
    """``governance demo`` into the file, its last month fixed; the exports beside it."""
    from governance import demo
    from governance.access.actors import Actor

    out = demo_exports(path)
    shutil.rmtree(out, ignore_errors=True)
    with db.connect(path) as con:
        summary = demo.load_demo(
            con, Actor("demo loader", "admin"), end_month=DEMO_END, exports_dir=out
        )
    return {
        "rows": summary["fact_rows"],
        "vendors": summary["vendors"],
        "date_from": summary["period_from"].isoformat(),
        "date_to": summary["period_to"].isoformat(),
        "latest_month": DEMO_END.isoformat(),
    }


@dataclass(frozen=True)
class Target:
    """One workload of the browser benchmark and the import made on it."""

    key: str  # "demo" or "1m", as in the table
    workload: str
    vendor: str  # whose latest month the import restates
    import_file: Callable[[Path, Path, int], Path]  # (workload file, folder, n) -> a file


def _demo_import(path: Path, folder: Path, n: int) -> Path:
    """Northwind's sample export for the demo's last month, its first row's calls offered and
    abandons raised by ``n`` (so the file differs from the one before and restates)."""
    source = demo_exports(path) / "northwind_daily_2026-11.csv"
    with source.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, first = rows[0], rows[1]
    for column in ("Calls Offered", "Abandons"):
        i = header.index(column)
        first[i] = str(int(first[i]) + n)
    out = folder / f"northwind_daily_2026-11_{n}.csv"
    with out.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return out


def _workload_import(path: Path, folder: Path, n: int) -> Path:
    """One vendor's latest month as the database holds it, every program, site and channel by
    day, as a vendor's daily export; the first row's offered and abandoned raised by ``n``."""
    vendor = TARGETS_BY_KEY["1m"].vendor
    with db.connect(path, migrate_schema=False) as con:
        con.execute("SET enable_progress_bar = false")
        rows = con.execute(
            "SELECT f.date, f.program, f.site, f.channel, f.offered, f.answered, f.abandoned, "
            "f.answered_within_sl, f.handle_time_sec FROM kpi_facts f "
            "JOIN vendors v USING (vendor_id) WHERE v.name = ? "
            "AND f.date >= (SELECT date_trunc('month', max(date)) FROM kpi_facts) "
            "ORDER BY f.date, f.program, f.site, f.channel",
            [vendor],
        ).fetchall()
    out = folder / f"granite_daily_{n}.csv"
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            ["Date", "Program", "Site", "Channel", "Offered", "Answered", "Abandoned"]
            + ["Answered within SL", "Handle Time (s)"]
        )
        for i, (day, program, site, channel, *counts) in enumerate(rows):
            offered, answered, abandoned, within, handle = (int(c) for c in counts)
            if i == 0:
                offered, abandoned = offered + n, abandoned + n
            w.writerow(
                [day.isoformat(), program, site, channel.title()]
                + [offered, answered, abandoned, within, handle]
            )
    return out


TARGETS_BY_KEY = {
    "demo": Target("demo", "browser_demo", "Northwind Contact", _demo_import),
    "1m": Target("1m", "kpi_1m_contracts", "Granite BPO", _workload_import),
}


# --- the app and the browser ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db_file: Path, log_file: Path) -> tuple[subprocess.Popen, str]:
    """``streamlit run app.py`` on a free loopback port against ``db_file``; waits until healthy."""
    port = _free_port()
    args = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    args += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    args += ["--server.headless", "true"]
    env = {**os.environ, "GOVERNANCE_DB": str(db_file)}
    log = log_file.open("w")
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early: {log_file.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"the app did not become healthy: {log_file.read_text()[-2000:]}")


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


class Timeout(Exception):
    """The page did not settle within ``TIMEOUT_MS``."""


class Stuck(Exception):
    """``GIVE_UP`` pages in a row did not settle."""


class Broken(Timeout):
    """The page showed an exception instead of its content: no figure."""


class Driver:
    """One browser tab on the app, timing how long each page takes to be shown."""

    def __init__(self, page, url: str, quiet_ms: int):
        self.page = page
        self.url = url
        self.quiet_ms = quiet_ms
        self.timeouts = 0  # in a row
        self.failed: dict[str, str] = {}  # page heading -> why it has no figure

    def _settled(self, heading: str) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                READY, arg=[heading, self.quiet_ms], polling=50, timeout=TIMEOUT_MS
            )
        except PlaywrightTimeout:
            self.timeouts += 1
            self.failed.setdefault(heading, "not shown within a minute")
            if self.timeouts >= GIVE_UP:
                raise Stuck(f"{GIVE_UP} pages in a row were not shown within a minute") from None
            raise Timeout(heading) from None
        self.timeouts = 0
        if self.page.locator('[data-testid="stException"]').count():
            self.failed.setdefault(heading, "showed an exception")
            raise Broken(heading)

    def _expand(self) -> None:
        """Show every page in the sidebar (Streamlit lists ten, then "View n more")."""
        more = self.page.locator('[data-testid="stSidebarNavViewButton"]')
        if more.count() and more.inner_text().strip().endswith("more"):
            more.click()
            self.page.get_by_text("View less").wait_for()

    def links(self) -> dict[str, str]:
        """The sidebar's pages: title -> path."""
        self.page.locator('[data-testid="stSidebarNav"] a').first.wait_for()
        self._expand()
        found = self.page.eval_on_selector_all(
            '[data-testid="stSidebarNav"] a',
            "as => as.map(a => [a.querySelector('span[label]').getAttribute('label'),"
            " new URL(a.href).pathname])",
        )
        return {title.strip(): path for title, path in found}

    def direct(self, path: str, title: str) -> float:
        """Load ``path`` as typed in the address bar; seconds until it is shown."""
        self.page.goto(self.url + path, wait_until="commit")
        self._settled(HEADINGS.get(title, title))
        return self.page.evaluate("window.__lastChange") / 1000

    def click(self, title: str) -> float:
        """Click ``title`` in the sidebar; seconds until its page is shown."""
        link = self.page.locator(f'[data-testid="stSidebarNav"] a:has(span[label="{title}"])')
        if not link.count():
            self._expand()
        link.evaluate("a => { window.__clicked = performance.now(); a.click(); }")
        self._settled(HEADINGS.get(title, title))
        return self.page.evaluate("window.__lastChange - window.__clicked") / 1000

    def import_file(self, file: Path, vendor: str) -> None:
        """Import ``file`` for ``vendor`` on the Imports page, as a user does (untimed)."""
        pg = self.page
        self.direct("/imports", "Imports")
        pg.locator("input[type=file]").set_input_files(str(file))
        main = pg.get_by_test_id("stMainBlockContainer")
        picker = main.get_by_role("combobox", name="Vendor who sent this file")
        picker.wait_for(timeout=TIMEOUT_MS)
        picker.click()
        pg.keyboard.type(vendor)
        pg.keyboard.press("Enter")
        pg.get_by_text("Ready to import").wait_for(timeout=TIMEOUT_MS)
        self._settled("Imports")
        register = pg.get_by_text("labels with this import")
        if register.count():
            register.click()
            self._settled("Imports")
        pg.get_by_role("button", name="Import", exact=True).click()
        pg.get_by_text("restating data already held").or_(
            pg.get_by_text("was rejected")
        ).first.wait_for(timeout=TIMEOUT_MS)
        if pg.get_by_text("was rejected").count():
            raise RuntimeError(f"the benchmark's import of {file.name} was rejected")
        self._settled("Imports")


# --- one workload ----------------------------------------------------------------------------


@dataclass
class Figures:
    """Every time taken on one workload, in seconds (None: no figure, see ``notes``)."""

    key: str
    pages: list[str] = field(default_factory=list)
    first_load: float | None = None  # the browser's first direct load of the default page
    first_click: dict[str, float | None] = field(default_factory=dict)
    click: dict[str, list[float | None]] = field(default_factory=dict)
    direct: dict[str, list[float | None]] = field(default_factory=dict)
    after_import: list[float | None] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what went wrong, said under the table


def _timed(fn: Callable[[], float]) -> float | None:
    try:
        return fn()
    except Timeout:
        return None


def measure(
    browser,
    target: Target,
    repeat: int,
    quiet_ms: int,
    progress: Callable[[str], None],
    *,
    imports: bool = True,
) -> Figures:
    """Serve a copy of the workload and time every page (see the module's docstring)."""
    prepared = workloads.prepare(target.workload)
    figures = Figures(target.key, meta=prepared.meta)
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        work = Path(tmp)
        served = work / "governance.duckdb"
        shutil.copy(prepared.path, served)
        files = [target.import_file(prepared.path, work, n + 1) for n in range(repeat)]
        proc, url = start_app(served, work / "app.log")
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(OBSERVER)
            driver = Driver(context.new_page(), url, quiet_ms)
            try:
                progress(f"{target.key}: first load")
                figures.first_load = _timed(lambda: driver.direct("/", "Portfolio"))
                links = driver.links()
                figures.pages = list(links)
                _pages(driver, links, figures, repeat, progress)
                if imports and "Imports" in links:
                    _imports(driver, target, files, figures, progress)
            except Stuck as exc:
                figures.notes.append(f"{target.key}: stopped, {exc}; the app's log ends:")
                figures.notes.append((work / "app.log").read_text(errors="replace")[-1500:])
            finally:
                figures.notes += [f"{target.key}: {h} {why}" for h, why in driver.failed.items()]
                context.close()
        finally:
            stop_app(proc)
    return figures


def _pages(driver: Driver, links: dict, figures: Figures, repeat: int, progress) -> None:
    """A first pass of clicks, ``repeat`` passes of clicks, then ``repeat`` direct loads of each
    page. The clicks come first so that they are timed in a tab that has already drawn every
    kind of element once (the browser compiles the code of a chart or a table the first time a
    tab draws one; a direct load pays that each time)."""
    # Each pass starts on the first page: click to the second, …, the last, the first.
    order = figures.pages[1:] + figures.pages[:1]
    for n in range(repeat + 1):
        progress(f"{figures.key}: clicks, pass {n + 1} of {repeat + 1}")
        for title in order:
            seconds = _timed(lambda t=title: driver.click(t))
            if n == 0:
                figures.first_click[title] = seconds
            else:
                figures.click.setdefault(title, []).append(seconds)
    for n in range(repeat):
        progress(f"{figures.key}: direct loads, pass {n + 1} of {repeat}")
        for title in figures.pages:
            figures.direct.setdefault(title, []).append(
                _timed(lambda t=title: driver.direct(links[t], t))
            )


def _imports(driver: Driver, target: Target, files: list[Path], figures: Figures, progress):
    """Import each file on the Imports page, then time the click to Portfolio."""
    from playwright.sync_api import Error as PlaywrightError

    for n, file in enumerate(files):
        progress(f"{target.key}: import {n + 1} of {len(files)}, then Portfolio")
        try:
            driver.import_file(file, target.vendor)
        except (PlaywrightError, RuntimeError, Timeout) as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            figures.notes.append(f"{target.key}: the import did not finish ({first_line})")
            return
        figures.after_import.append(_timed(lambda: driver.click("Portfolio")))


# --- the table -------------------------------------------------------------------------------


def _median(values: list[float | None]) -> float | None:
    """The median, or None when a run has no figure (not shown in time, or an exception)."""
    if not values or any(v is None for v in values):
        return None
    return statistics.median(values)


def _cell(value: float | None, measured: bool = True) -> str:
    if not measured:
        return ""
    return "none" if value is None else f"{value:.2f}"


def rows(results: dict[str, Figures]) -> list[dict]:
    """One row per page (in the navigation's order) and one for the Portfolio after an import."""
    pages: list[str] = []
    for f in results.values():
        pages += [p for p in f.pages if p not in pages]
    out = []
    for title in pages:
        row = {"page": title, "targets": [], "missed": []}
        for key, f in results.items():
            for kind, found in (("click", f.click), ("direct", f.direct)):
                if title not in found:
                    continue
                value = _median(found[title])
                row[f"{key}_{kind}"] = value
                row[f"{key}_{kind}_measured"] = True
                limit = PAGE_TARGETS.get((key, kind, title), TARGETS.get((key, kind)))
                if limit is not None:
                    row["targets"].append(f"{key} {kind} ≤ {limit:g}")
                    if value is None or value > limit:
                        row["missed"].append(f"{key} {kind}")
            row[f"{key}_first"] = f.first_click.get(title)
        out.append(row)
    after = {"page": AFTER_IMPORT, "targets": [], "missed": []}
    for key, f in results.items():
        if f.after_import:
            value = _median(f.after_import)
            after[f"{key}_click"] = value
            after[f"{key}_click_measured"] = True
            after["targets"].append(f"{key} click ≤ {AFTER_IMPORT_TARGET:g}")
            if value is None or value > AFTER_IMPORT_TARGET:
                after["missed"].append(f"{key} click")
    if after["targets"]:
        out.append(after)
    for row in out:
        if not row["targets"]:
            row["verdict"] = "-"
        elif row["missed"]:
            row["verdict"] = "SLOW " + ", ".join(row["missed"])
        else:
            row["verdict"] = "ok"
    return out


def table(results: dict[str, Figures]) -> str:
    """A plain aligned text table: page, per workload the median after a click and on a direct
    load, the first click after the server started (cold caches), the targets and the verdict."""
    keys = list(results)
    header = ["page"]
    for key in keys:
        header += [f"{key} click s", f"{key} direct s", f"{key} first s"]
    header += ["targets s", "verdict"]
    lines = [tuple(header)]
    for row in rows(results):
        cells = [row["page"]]
        for key in keys:
            cells += [
                _cell(row.get(f"{key}_click"), row.get(f"{key}_click_measured", False)),
                _cell(row.get(f"{key}_direct"), row.get(f"{key}_direct_measured", False)),
                _cell(row.get(f"{key}_first"), f"{key}_first" in row),
            ]
        cells += ["; ".join(row["targets"]) or "-", row["verdict"]]
        lines.append(tuple(cells))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    numeric = set(range(1, 1 + 3 * len(keys)))
    out = []
    for n, line in enumerate(lines):
        out.append(
            "  ".join(
                c.rjust(w) if i in numeric else c.ljust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


# --- the command -----------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.browser",
        description=(
            "Time every page of the app in Chromium, after a click and on a direct load, on the "
            "demo and on the 1M-row workload, and the first Portfolio after an import; print "
            "the medians, the targets of issue 16 and the verdicts. Run from the repository root."
        ),
    )
    parser.add_argument(
        "--workload",
        action="append",
        choices=list(TARGETS_BY_KEY),
        help="time only this workload (repeatable; default: demo and 1m)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="N", help="timed runs per figure (default 3)"
    )
    parser.add_argument(
        "--quiet",
        type=int,
        default=500,
        metavar="MS",
        help="a page is shown when nothing changed for this long (default 500 ms; not counted)",
    )
    parser.add_argument("--no-import", action="store_true", help="skip the import and Portfolio")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures to FILE")
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when a page misses its target"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not Path(CHROMIUM).exists():
        _say(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).")
        return 2
    from playwright.sync_api import sync_playwright

    chosen = args.workload or list(TARGETS_BY_KEY)
    for key in chosen:
        name = TARGETS_BY_KEY[key].workload
        _say(f"workload {name}: checking …")
        p = workloads.prepare(name)
        state = f"built in {p.meta['build_seconds']} s" if p.built_now else "reused"
        _say(f"workload {name}: {state}, {p.meta.get('rows', 0):,} fact rows, {p.path}")

    started = datetime.now(UTC)
    machine = runner.machine_info()
    results: dict[str, Figures] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for key in chosen:
                results[key] = measure(
                    browser,
                    TARGETS_BY_KEY[key],
                    args.repeat,
                    args.quiet,
                    _say,
                    imports=not args.no_import,
                )
        finally:
            browser.close()

    print()
    print(table(results))
    print()
    print(
        f"click: from the page before in the sidebar, in a tab that has drawn every page once; "
        f"direct: the page's address loaded in the tab; medians of {args.repeat} run(s) after a "
        "first pass. first: the first click to the "
        "page after the server started (its cached reads cold; Portfolio's follows the tab's "
        "first load, which computed them). A page is shown when the app "
        f"is idle, its heading, tables and charts are drawn and nothing changed for {args.quiet} "
        "ms (not counted). none: a run of the page was not shown within a minute or showed an "
        "exception (said below)."
    )
    for key, f in results.items():
        for note in f.notes:
            print(note)
        m = f.meta
        print(
            f"{key}: workload {TARGETS_BY_KEY[key].workload} v{m.get('version')}, "
            f"{m.get('rows', 0):,} fact rows; the tab's first load "
            f"{_cell(f.first_load)} s (browser cache empty)"
        )
    print(
        f"machine: {machine['cpu']}; {machine['cores']} cores, load average before the runs "
        f"{machine['load_average']}; python {machine['python']}, Chromium {CHROMIUM}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "started_at": started.isoformat(timespec="seconds"),
            "repeat": args.repeat,
            "quiet_ms": args.quiet,
            "machine": machine,
            "figures": {k: f.__dict__ for k, f in results.items()},
            "rows": rows(results),
        }
        args.json.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
        _say(f"results written to {args.json}")
    slow = [r["page"] for r in rows(results) if r["verdict"].startswith("SLOW")]
    if slow:
        _say(f"missed target: {', '.join(slow)}")
    return 1 if args.check and slow else 0


if __name__ == "__main__":
    sys.exit(main())
