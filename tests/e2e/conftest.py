"""A real app server and a real headless Chromium (Debian's), for tests AppTest cannot do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GOVERNANCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
SERVED_LOGS: list[Path] = []  # every app server's log started in this process, newest last


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test reports the tail of each app server's log: the page only shows a
    redacted error, and a failure on a CI machine leaves nothing else to read."""
    report = yield
    if report.failed:
        for log in SERVED_LOGS[-3:]:
            if log.exists():
                report.sections.append((f"app log {log}", log.read_text()[-6000:]))
    return report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(
    db_file: Path, log_file: Path, *, port: int | None = None, secrets_file: Path | None = None
) -> tuple[subprocess.Popen, str]:
    """Serve app.py on a loopback port (free, unless given) against ``db_file``; returns the
    process and its URL.

    ``secrets_file`` replaces every secrets.toml Streamlit would otherwise read (``~/.streamlit``,
    the working directory's and app.py's ``.streamlit``) with that one file, e.g. one with an
    ``[auth]`` section for single sign-on; the repo's ``.streamlit/config.toml`` still applies.
    """
    port = port or free_port()
    env = {**os.environ, "GOVERNANCE_DB": str(db_file)}
    args = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]
    if secrets_file is not None:
        args += ["--secrets.files", str(secrets_file)]
    log = log_file.open("w")
    SERVED_LOGS.append(log_file)
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
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


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
