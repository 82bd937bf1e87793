"""One reader of the names index: the guard (``ingest.people``) writes the file and reads it with
the wording check's reader (``wording.names``); ``python -m governance.ingest.people`` (run by
``make``) still builds it."""

from __future__ import annotations

import os
import subprocess
import sys

from governance.ingest import people
from governance.wording import names


def test_the_module_builds_the_index_that_both_read(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "governance.ingest.people"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (built,) = (tmp_path / "governance").iterdir()
    assert done.stdout.startswith(f"built {built} in ")
    assert "first and" in done.stdout and "last names, loaded in" in done.stdout
    read = names.load(built)  # the wording check's reader
    guard = people.load_index(built)  # the guard's, the same reader
    assert read is not None and read == guard
    # Ranks as the guard wrote them: "priya" a common first name, "smith" a common last name.
    assert read.first_rank("priya") <= 300 and read.is_first("priya", 300)
    assert read.last_rank("smith") <= 100 and guard.is_last("smith", 100)
    assert read.first_rank("billing") == names.MISSING and not guard.is_first("billing", 3000)
    assert guard.is_place("victoria")
