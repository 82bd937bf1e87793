"""Single sign-on end to end (issue 7, items 1 and 9): a real OpenID Connect provider
(oidc-provider-mock), the real app configured against it, and Debian's Chromium signing in as
each kind of user through the provider's own form.

One provider and one app serve the whole module; every flow gets a fresh browser context (its
own cookies). The provider accepts any client, and a subject typed into its form that it does not
know becomes a user whose e-mail claim is what was typed, so typing an e-mail signs in as that
e-mail. Each step is saved as a screenshot under test-artifacts/sso/.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import openpyxl
import pytest
from playwright.sync_api import expect

from governance.kpis import catalogue
from governance.store import db
from tests.e2e.conftest import ARTIFACTS, ROOT, free_port, start_app, stop_app

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "sso"
# Typed at the provider in mixed case, added to the users table in lower case: the app must
# match the e-mail whatever its case.
MANAGER = "Manager@Client.example"
LEADER = "leader@client.example"
PARTNER, PARTNER_VENDOR = "partner@bluebird.example", "Bluebird BPO"
STRANGER = "stranger@elsewhere.example"  # signs in, but has no role
USERS = [
    (MANAGER.lower(), "vendor_manager", None),
    (LEADER, "leadership", None),
    (PARTNER, "vendor_partner", PARTNER_VENDOR),
]
IMPORT_VENDOR, IMPORT_FILE = "Northwind Contact", "northwind_daily_*.csv"
WAIT_MS = 60_000

# The label of a control that changes data. Read-only chrome (download, search, fullscreen,
# show/hide columns, help, tabs, expanders) never matches.
WRITE_WORDS = re.compile(
    r"\b(add|save|edit|delete|remove|import|upload|load|register|record|raise|roll ?back|"
    r"create|new|update|amend|resolve|reopen|escalate|submit|assign|attest|correct)\b",
    re.IGNORECASE,
)


# --- the provider, the app, the database ------------------------------------------------------


@dataclass(frozen=True)
class SsoApp:
    url: str  # the app, exactly as in redirect_uri (127.0.0.1: cookies are per host)
    provider: str
    db_file: Path
    exports: Path
    vendors: tuple[str, ...]


def _cli(*args) -> None:
    subprocess.run(
        [sys.executable, "-m", "governance", *map(str, args)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )


def _serving(proc: subprocess.Popen, url: str, log_file: Path, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited early: {log_file.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"{what} did not start: {log_file.read_text()[-2000:]}")


def start_provider(log_file: Path) -> tuple[subprocess.Popen, str]:
    """oidc-provider-mock (its own CLI: uvicorn, AUTHLIB_INSECURE_TRANSPORT for plain http)."""
    port = free_port()
    log = log_file.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        cwd=log_file.parent,
        env={**os.environ, "NO_COLOR": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    _serving(proc, url + "/.well-known/openid-configuration", log_file, "the OIDC provider")
    return proc, url


@pytest.fixture(scope="module")
def sso_app(tmp_path_factory):
    work = tmp_path_factory.mktemp("sso")
    db_file, exports = work / "governance.duckdb", work / "exports"
    _cli("demo", "--db", db_file, "--exports", exports)
    for email, role, vendor in USERS:
        _cli(
            "users",
            "add",
            email,
            "--role",
            role,
            *(["--vendor", vendor] if vendor else []),
            "--db",
            db_file,
        )
    with db.connect(db_file, migrate_schema=False) as con:
        vendors = tuple(
            r[0] for r in con.execute("SELECT name FROM vendors ORDER BY name").fetchall()
        )
    provider_proc, provider = start_provider(work / "provider.log")
    with urllib.request.urlopen(provider + "/.well-known/openid-configuration") as r:
        assert json.load(r)["issuer"] == provider
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    secrets = work / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{url}/oauth2callback"\n'
        'cookie_secret = "sso-test-cookie-secret-0123456789abcdef"\n'
        'client_id = "governance-e2e"\n'
        'client_secret = "governance-e2e-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    try:
        proc, served = start_app(db_file, work / "app.log", port=port, secrets_file=secrets)
    except BaseException:
        stop_app(provider_proc)
        raise
    assert served == url
    yield SsoApp(url, provider, db_file, exports, vendors)
    stop_app(proc)
    stop_app(provider_proc)


@pytest.fixture
def new_context(browser):
    """Fresh browser contexts (cookie jars) for a test, closed after it. Requests leave only for
    loopback: the provider's page links a stylesheet on a CDN, which must not stall a test."""
    made = []

    def make():
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("http://127.0.0.1")
                else route.abort()
            ),
        )
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


# --- helpers --------------------------------------------------------------------------------


class Shots:
    """Numbered full-page screenshots of one flow: test-artifacts/sso/<flow>-NN-<step>.png."""

    def __init__(self, flow: str):
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob(f"{flow}-*.png"):
            old.unlink()
        self.flow, self.count = flow, itertools.count(1)

    def __call__(self, page, step: str) -> None:
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = SHOTS / f"{self.flow}-{next(self.count):02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)


def settle(page, quiet_ms: int = 700) -> None:
    """Wait until Streamlit has finished the run: no running indicator, spinner, skeleton or stale
    element for ``quiet_ms`` in a row."""
    page.evaluate("() => { window.__ssoQuiet = null; }")
    page.wait_for_function(
        """(quiet) => {
            const busy = document.querySelector(
                '[data-testid=stStatusWidgetRunningIcon], [data-testid=stSpinner], '
                + '[data-testid=stSkeleton], [data-stale=true]');
            const now = performance.now();
            if (busy) { window.__ssoQuiet = null; return false; }
            if (window.__ssoQuiet === null) { window.__ssoQuiet = now; return false; }
            return now - window.__ssoQuiet >= quiet;
        }""",
        arg=quiet_ms,
        polling=100,
        timeout=WAIT_MS,
    )


def wait_grids(page) -> None:
    """Wait until every table in view (not in a closed expander or tab) has drawn its cells: they
    are in the DOM from then."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid=stDataFrame]')]
                 .every(g => !g.checkVisibility() || g.querySelector('[aria-rowcount]'))""",
        timeout=WAIT_MS,
    )


def reveal(page) -> None:
    """Open every closed expander of the page, so that what is folded away is checked too."""
    closed = page.locator("[data-testid=stMain] details:not([open]) > summary")
    for _ in range(50):
        if closed.count() == 0:
            break
        closed.first.click()
    wait_grids(page)


def ready(page) -> None:
    settle(page)
    wait_grids(page)
    assert page.get_by_test_id("stException").count() == 0, page.get_by_test_id(
        "stException"
    ).first.inner_text()


def sidebar_note(page) -> str:
    return page.get_by_test_id("stSidebar").inner_text()


def page_text(page) -> str:
    """All the text of the page, seen or not: sidebar, main, table cells, chart labels, dialogs."""
    return page.evaluate("() => document.body.textContent")


def nav_links(page) -> list[tuple[str, str]]:
    """(label, href) of every page the sidebar navigation offers (expanded first if folded)."""
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.count() and "more" in more.inner_text():
        more.click()
    links = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stSidebarNav] a[href]')]
                 .map(a => [a.innerText, a.href])"""
    )
    # a link reads "<icon name>\n\n<label>": the label is its last line
    return [
        (text.strip().splitlines()[-1].strip() if text.strip() else "", href)
        for text, href in links
    ]


def nav_paths(links: list[tuple[str, str]]) -> set[str]:
    return {urlparse(href).path.strip("/") for _, href in links}


def page_stems() -> list[str]:
    """The URL path of every page file of the app (Streamlit names a page after its file)."""
    return sorted(p.stem for p in (ROOT / "app_pages").glob("*.py") if p.stem != "no_access")


def write_controls(page) -> list[str]:
    """Every control on the page that could change data: file uploaders, data editors (tables
    with an editable cell), multi-line text fields, form submit buttons, and buttons whose label
    is a write (WRITE_WORDS)."""
    found = [
        f"file uploader: {u.inner_text()[:40]!r}"
        for u in page.get_by_test_id("stFileUploader").all()
    ]
    found += ["data editor"] * page.locator(
        '[data-testid=stDataFrame]:has([aria-readonly="false"])'
    ).count()
    found += ["text area"] * page.locator("[data-testid=stMain] textarea").count()
    found += [
        f"form button: {b.inner_text()!r}" for b in page.get_by_test_id("stFormSubmitButton").all()
    ]
    labels = page.evaluate(
        """() => [...document.querySelectorAll(
                    '[data-testid=stMain] button, [data-testid=stSidebar] button')]
                 .map(b => (b.innerText || b.getAttribute('aria-label') || '').trim())"""
    )
    found += [f"button: {label!r}" for label in labels if WRITE_WORDS.search(label)]
    return found


def choose(page, scope, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox ``label`` within ``scope`` and wait for the rerun."""
    box = scope.get_by_role("combobox", name=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)
    settle(page)


def combobox_options(page) -> list[str]:
    """The options of every selectbox on the page (each opened, read and closed; a long list
    shows only its first options)."""
    seen = []
    for box in page.get_by_role("combobox").all():
        box.click()
        seen += page.get_by_role("option").all_inner_texts()
        page.keyboard.press("Escape")
    return seen


def sign_in(page, app: SsoApp, email: str, shots: Shots) -> None:
    """From the app's sign-in page, through the provider's form, back into the app."""
    page.goto(app.url)
    button = page.get_by_role("button", name="Sign in")
    button.wait_for()
    settle(page)
    assert "Not signed in." in sidebar_note(page)
    shots(page, "signed out")
    button.click()
    page.wait_for_url(f"{app.provider}/oauth2/authorize?**")
    assert f"redirected to {app.url}/oauth2callback" in page.locator("body").inner_text()
    page.locator("input[name=sub]").fill(email)
    shots(page, "provider form")
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{app.url}/**")
    page.get_by_test_id("stSidebar").get_by_text(re.compile(r"^Signed in\b")).wait_for(
        timeout=WAIT_MS
    )
    ready(page)
    shots(page, "signed in")


def signed_in_page(new_context, app: SsoApp, email: str, shots: Shots):
    page = new_context().new_page()
    page.set_default_timeout(30_000)
    sign_in(page, app, email, shots)
    return page


def open_nav(page, href: str) -> None:
    page.get_by_test_id("stSidebarNav").locator(f'a[href="{href}"]').click()
    page.wait_for_url(href)
    ready(page)


def open_url(page, url: str) -> bool:
    """Open an address in a new session (the sign-in cookie carries over); returns whether
    Streamlit said "Page not found" (and ran the default page), closing that dialog."""
    page.goto(url)
    page.get_by_test_id("stSidebar").wait_for()
    ready(page)
    dialog = page.get_by_role("dialog").filter(has_text="Page not found")
    if dialog.count() == 0:
        return False
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    return True


def assert_signed_out(page, app: SsoApp) -> None:
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT_MS)
    settle(page)
    assert "Not signed in." in sidebar_note(page)
    assert not [
        c["name"] for c in page.context.cookies() if c["name"].startswith("_streamlit_user")
    ]
    assert not [v for v in app.vendors if v in page_text(page)]


# --- independent figures ----------------------------------------------------------------------


def file_figures(path: Path) -> dict:
    """The month's service level, abandonment and handle time as the vendor's own file says."""
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))

    def total(col):
        return sum(float(r[col]) for r in rows)

    return {
        "rows": len(rows),
        "month": min(r["Report Date"] for r in rows)[:7],
        "Service level": total("Ans < 20s") / total("Calls Offered"),
        "Abandonment rate": total("Abandons") / total("Calls Offered"),
        "Average handle time": sum(float(r["AHT"]) * float(r["Calls Handled"]) for r in rows)
        / total("Calls Handled"),
    }


def quarter_dates(label: str) -> tuple[date, date]:
    """The days of a quarter as the page shows it: "Q3 2026"."""
    q, year = int(label[1]), int(label[-4:])
    start = date(year, 3 * q - 2, 1)
    after = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, after - timedelta(days=1)


def database_figures(app: SsoApp, vendor: str, start: date, end: date) -> dict:
    """The vendor's whole-vendor KPIs over [start, end] straight from the stored facts, and the
    contract's whole-vendor targets in force at ``end`` (name -> expected)."""
    with db.connect(app.db_file, migrate_schema=False) as con:
        sl_over = con.execute(
            "SELECT c.sl_over FROM contracts c JOIN vendors v USING (vendor_id) WHERE v.name = ?",
            [vendor],
        ).fetchone()[0]
        within, offered, abandoned, handle, answered = con.execute(
            "SELECT sum(answered_within_sl), sum(offered), sum(abandoned), sum(handle_time_sec), "
            "sum(answered) FROM kpi_facts f JOIN vendors v USING (vendor_id) "
            "WHERE v.name = ? AND f.date BETWEEN ? AND ?",
            [vendor, start, end],
        ).fetchone()
        targets = con.execute(
            "SELECT t.kpi, t.expected FROM targets t JOIN contracts c USING (contract_id) "
            "JOIN vendors v USING (vendor_id) WHERE v.name = ? AND t.program IS NULL "
            "AND t.channel IS NULL AND t.effective_from <= ? "
            "AND (t.effective_to IS NULL OR t.effective_to >= ?)",
            [vendor, end, end],
        ).fetchall()
    assert sl_over == "offered", f"the test computes service level over offered, not {sl_over}"
    return {
        "actual": {
            "Service level": within / offered,
            "Abandonment rate": abandoned / offered,
            "Average handle time": handle / answered,
        },
        "expected": {catalogue.kpi(code).name: value for code, value in targets},
    }


def import_batches(app: SsoApp) -> list[tuple]:
    with db.connect(app.db_file, migrate_schema=False) as con:
        return con.execute(
            "SELECT b.file_name, b.status, b.imported_by, b.rows_loaded, v.name FROM import_batches b "
            "JOIN vendors v USING (vendor_id) WHERE b.source = 'import' ORDER BY batch_id"
        ).fetchall()


# --- the flows --------------------------------------------------------------------------------


def test_vendor_manager_imports_reads_the_scorecard_and_downloads_a_qbr(sso_app, new_context):
    """(a) Sign in, import a vendor's export, see its figures on the scorecard, download its QBR
    and find them in the workbook's Scorecard sheet."""
    shots = Shots("a-vendor-manager")
    export = next(sso_app.exports.glob(IMPORT_FILE))
    figures = file_figures(export)
    page = signed_in_page(new_context, sso_app, MANAGER, shots)
    assert f"Signed in as {MANAGER.lower()} (vendor manager)" in sidebar_note(page)
    links = dict(nav_links(page))
    assert {"Imports", "Vendor scorecard", "Packs"} <= set(links), links
    main = page.get_by_test_id("stMain")

    # Imports: upload the export, check the preview, import it.
    open_nav(page, links["Imports"])
    page.get_by_role("heading", name="Imports").first.wait_for()
    main.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(export)
    main.get_by_text(f"the first rows of {figures['rows']:,}").wait_for(timeout=WAIT_MS)
    picker = main.get_by_role("combobox", name="Vendor who sent this file")  # none is chosen
    picker.click()
    page.keyboard.type(IMPORT_VENDOR)
    page.keyboard.press("Enter")
    expect(picker).to_have_value(IMPORT_VENDOR)
    main.get_by_text("Ready to import").wait_for(timeout=WAIT_MS)
    ready(page)
    shots(page, "imports preview")
    controls = write_controls(page)  # the detector used on leadership's pages does see writes
    assert "data editor" in controls and "button: 'Import'" in controls, controls
    assert any(c.startswith("file uploader") for c in controls), controls
    assert import_batches(sso_app) == []
    main.get_by_role("button", name="Import", exact=True).click()
    done = main.get_by_test_id("stAlertContentSuccess").filter(has_text=export.name)
    done.wait_for(timeout=WAIT_MS)
    ready(page)
    shots(page, "imported")
    n = figures["rows"]
    assert f"{export.name} loaded" in done.inner_text()
    assert f"{n:,} of {n:,} rows" in done.inner_text() and IMPORT_VENDOR in done.inner_text()
    [(file_name, status, by, loaded, vendor)] = import_batches(sso_app)
    assert (file_name, by, loaded, vendor) == (export.name, MANAGER.lower(), n, IMPORT_VENDOR)
    assert status in ("loaded", "restated")

    # Vendor scorecard: the vendor's month, with the figures of the file just imported.
    open_nav(page, links["Vendor scorecard"])
    page.get_by_role("heading", name="Vendor scorecard").first.wait_for()
    choose(page, main, "Vendor", IMPORT_VENDOR)
    shown_month = f"{date.fromisoformat(figures['month'] + '-01'):%b %Y}"  # "Mar 2026"
    expect(main.get_by_role("combobox", name="Period")).to_have_value(shown_month)
    headline = main.get_by_text(f"{IMPORT_VENDOR} — whole vendor — {shown_month}:")
    headline.wait_for(timeout=WAIT_MS)
    ready(page)
    shots(page, "scorecard")
    table = main.get_by_test_id("stDataFrame").first
    cells = table.inner_text() + table.inner_html()
    month_start = date.fromisoformat(figures["month"] + "-01")
    month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    for name in database_figures(sso_app, IMPORT_VENDOR, month_start, month_end)["expected"]:
        assert name in cells, name
    assert f"{figures['Service level']:.1%}" in cells
    assert f"{figures['Abandonment rate']:.1%}" in cells
    assert f"{figures['Average handle time']:.0f} s" in cells

    # Packs: the vendor's QBR, downloaded.
    open_nav(page, links["Packs"])
    page.get_by_role("heading", name="Business-review packs").first.wait_for()
    main.get_by_text("QBR", exact=True).click()
    period = main.get_by_role("combobox", name="Period")
    expect(period).to_have_value(re.compile(r"^Q[1-4] \d{4}$"), timeout=WAIT_MS)
    settle(page)
    choose(page, main, "Vendor", IMPORT_VENDOR)
    quarter = period.input_value()
    start, end = quarter_dates(quarter)
    assert end < date.today(), quarter  # the last quarter that has ended, never an unfinished one
    main.get_by_role("heading", name=f"Executive summary — {IMPORT_VENDOR}, {quarter}").wait_for(
        timeout=WAIT_MS
    )
    ready(page)
    shots(page, "packs qbr")
    button = main.get_by_test_id("stDownloadButton").get_by_role("button")
    assert "Download the QBR pack (.xlsx)" in button.inner_text()
    with page.expect_download(timeout=WAIT_MS) as download:
        button.click()
    machine = f"{start.year}Q{(start.month + 2) // 3}"  # file names keep the machine form
    pack_name = f"QBR_{IMPORT_VENDOR.replace(' ', '_')}_{machine}.xlsx"
    assert download.value.suggested_filename == pack_name
    saved = SHOTS / download.value.suggested_filename
    download.value.save_as(saved)
    settle(page)
    shots(page, "downloaded")

    # The workbook's Scorecard sheet: the vendor, the quarter, every KPI of its contract, and the
    # figures computed here from the stored facts.
    book = openpyxl.load_workbook(saved)
    sheet = book["Scorecard"]
    assert sheet["A1"].value  # the slide's title states its finding (issue 16)
    assert str(sheet["A2"].value).startswith(
        f"{IMPORT_VENDOR} · {quarter} · Scorecard — Quarterly business review"
    )
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    header = next(r for r in rows if r[:2] == ("Scope", "KPI"))
    whole = {
        r[1]: dict(zip(header, r, strict=True))
        for r in rows
        if r[0] == "Whole vendor" and r[1] not in ("KPI", "Weighted score")
    }
    want = database_figures(sso_app, IMPORT_VENDOR, start, end)
    assert set(whole) == set(want["expected"]), (sorted(whole), sorted(want["expected"]))
    for name, expected in want["expected"].items():
        assert whole[name]["Expected"] == pytest.approx(expected), name
    for name, actual in want["actual"].items():
        assert whole[name]["Actual"] == pytest.approx(actual, rel=1e-9), name
    [score_row] = [r for r in rows if r[0] == "Whole vendor: weighted score"]
    scored = [line for line in whole.values() if line["Points"] is not None]
    weighted = sum(line["Weight"] * line["Points"] for line in scored) / sum(
        line["Weight"] for line in scored
    )
    assert score_row[3] == pytest.approx(weighted)
    everything = " ".join(
        str(v) for ws in book for r in ws.iter_rows(values_only=True) for v in r if v is not None
    )
    assert IMPORT_VENDOR in everything
    leaked = [v for v in sso_app.vendors if v != IMPORT_VENDOR and v in everything]
    assert not leaked, f"the {IMPORT_VENDOR} QBR names other vendors: {leaked}"


def test_leadership_reads_every_page_and_can_change_nothing(sso_app, new_context):
    """(b) Every page of leadership's navigation is read-only: no upload, no editor, no write."""
    shots = Shots("b-leadership")
    page = signed_in_page(new_context, sso_app, LEADER, shots)
    assert f"Signed in as {LEADER} (leadership)" in sidebar_note(page)
    # The text check used on the partner's pages does see vendor names where a page shows them.
    text = page_text(page)
    assert all(v in text for v in sso_app.vendors), sso_app.vendors
    assert set(sso_app.vendors) <= set(combobox_options(page))  # the sidebar's vendor filter
    links = nav_links(page)
    assert len(links) >= 5 and "Packs" in dict(links), links
    assert not [
        label for label, href in links if re.search(r"import|upload|users", href + label, re.I)
    ]
    assert write_controls(page) == []
    for label, href in links:
        open_nav(page, href)
        page.locator("[data-testid=stMain] h1").first.wait_for()
        reveal(page)
        shots(page, label)
        assert write_controls(page) == [], label
    # The pages it is not offered are not served at their addresses either.
    paths = nav_paths(links)
    for stem in page_stems():
        if stem in paths:
            continue
        assert open_url(page, f"{sso_app.url}/{stem}"), f"/{stem} is served to leadership"
        reveal(page)
        shots(page, f"url {stem}")
        assert write_controls(page) == [], stem


def test_vendor_partner_sees_no_other_vendor(sso_app, new_context):
    """(c) On every page a vendor partner can reach (its navigation, and every page's address),
    no other vendor is named, in text, tables, charts or any selectbox's options."""
    shots = Shots("c-vendor-partner")
    others = [v for v in sso_app.vendors if v != PARTNER_VENDOR]
    assert PARTNER_VENDOR in sso_app.vendors and len(others) >= 3
    page = signed_in_page(new_context, sso_app, PARTNER, shots)
    assert f"Signed in as {PARTNER} (vendor partner for {PARTNER_VENDOR})" in sidebar_note(page)

    def no_other_vendor(where: str) -> None:
        reveal(page)
        text = page_text(page).lower()
        assert not [v for v in others if v.lower() in text], where
        options = combobox_options(page)
        assert not [v for v in others if v in options], (where, options)

    no_other_vendor("home")
    links = nav_links(page)
    for label, href in links:
        open_nav(page, href)
        shots(page, label)
        no_other_vendor(label)
    # Any other page's address is not served: the default page (checked above) runs instead.
    paths = nav_paths(links)
    for stem in page_stems():
        if stem in paths:
            continue
        assert open_url(page, f"{sso_app.url}/{stem}"), f"/{stem} is served to a vendor partner"
        shots(page, f"url {stem}")
        text = page_text(page).lower()
        assert not [v for v in others if v.lower() in text], stem
        assert nav_links(page) == links, stem  # an address opens no other navigation


def test_signed_in_without_a_role_sees_only_the_no_access_page(sso_app, new_context):
    """(d) Someone the users table does not know is told so, and sees no vendor anywhere."""
    shots = Shots("d-no-role")
    page = signed_in_page(new_context, sso_app, STRANGER, shots)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="No access", exact=True)).to_be_visible()
    warning = main.get_by_test_id("stAlertContentWarning").inner_text()
    assert STRANGER in warning and "no role in this tool" in warning
    assert f"Signed in as {STRANGER}, with no role in this tool." in sidebar_note(page)
    assert nav_links(page) == []
    assert page.get_by_role("combobox").count() == 0
    assert not [v for v in sso_app.vendors if v in page_text(page)]
    for stem in page_stems():
        open_url(page, f"{sso_app.url}/{stem}")
        assert not [v for v in sso_app.vendors if v in page_text(page)], stem
        expect(main.get_by_role("heading", name="No access", exact=True)).to_be_visible()
    shots(page, "after every address")


def no_access_for(sso_app, new_context, subject: str, claims: dict, shots, *, warning, note):
    """Give ``subject`` these claims at the provider, sign in as it and check the no-access page
    (its warning and sidebar note, no navigation, no vendor); returns the main area."""
    put = urllib.request.Request(
        f"{sso_app.provider}/users/{subject}",
        data=json.dumps(claims).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(put) as r:
        assert r.status == 204
    page = signed_in_page(new_context, sso_app, subject, shots)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="No access", exact=True)).to_be_visible()
    assert warning in main.get_by_test_id("stAlertContentWarning").inner_text()
    assert note in sidebar_note(page)
    assert nav_links(page) == []
    assert not [v for v in sso_app.vendors if v in page_text(page)]
    return main


def test_signed_in_without_an_email_is_told_so(sso_app, new_context):
    """(d) A provider that shares no e-mail (only a subject) signs someone in whom the app cannot
    look up: they are told so, see no vendor, and can sign out (no sign-in loop)."""
    shots = Shots("d-no-email")
    main = no_access_for(
        sso_app,
        new_context,
        "no-mail-subject",
        {"name": "No Mail"},
        shots,
        warning="did not share your e-mail",
        note="shared no e-mail address",
    )
    page = main.page
    main.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{sso_app.provider}/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{sso_app.url}/**")
    assert_signed_out(page, sso_app)
    shots(page, "signed out")


def test_an_unverified_email_gets_no_role(sso_app, new_context):
    """(d) The provider vouches for the subject, not for an address it marks unverified: someone
    who set the manager's address on another account does not get the manager's role."""
    shots = Shots("d-unverified")
    claims = {"email": MANAGER.lower(), "email_verified": False}
    no_access_for(
        sso_app,
        new_context,
        "unverified-subject",
        claims,
        shots,
        warning="not verified",
        note="not verified",
    )


def test_sign_out_from_the_no_access_page(sso_app, new_context):
    """(e) Sign out ends the app's session (through the provider's end-session page); the next
    person on the same browser signs in as themselves."""
    shots = Shots("e-sign-out")
    page = signed_in_page(new_context, sso_app, STRANGER, shots)
    page.get_by_test_id("stMain").get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{sso_app.provider}/oauth2/end_session?**")
    shots(page, "provider end session")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{sso_app.url}/**")
    assert_signed_out(page, sso_app)
    shots(page, "signed out")
    page.reload()
    assert_signed_out(page, sso_app)
    sign_in(page, sso_app, LEADER, shots)
    assert f"Signed in as {LEADER} (leadership)" in sidebar_note(page)
    assert STRANGER not in page_text(page)


@pytest.mark.parametrize("email", [LEADER, PARTNER])
def test_a_user_with_pages_can_sign_out(sso_app, new_context, email):
    """(e) A signed-in user with a role and pages signs out from the sidebar."""
    shots = Shots(f"e-role-sign-out-{email.split('@')[0]}")
    page = signed_in_page(new_context, sso_app, email, shots)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{sso_app.provider}/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{sso_app.url}/**")
    assert_signed_out(page, sso_app)
    shots(page, "signed out")
