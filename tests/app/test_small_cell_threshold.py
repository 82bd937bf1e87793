"""A small-cell threshold below 3 is refused on start: the app shows why and nothing else, and
the command line exits 2 with the same reason."""

from __future__ import annotations

import subprocess
import sys

from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP


def test_the_app_refuses_to_start_with_k_below_three(small_db, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", "2")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        "GOVERNANCE_SMALL_CELL_K is 2: figures standing for fewer than 3 people could then "
        "name someone. Set it to 3 or more (the default is 5), or unset it."
    ]
    assert not at.dataframe and not at.metric  # no figure at all


def test_the_command_line_refuses_k_below_three(small_db):
    proc = subprocess.run(
        [sys.executable, "-m", "governance", "kpis", "--db", str(small_db)],
        capture_output=True,
        text=True,
        env={"GOVERNANCE_SMALL_CELL_K": "1", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 2, proc.stderr
    assert "GOVERNANCE_SMALL_CELL_K is 1" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""
