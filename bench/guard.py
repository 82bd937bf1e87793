"""The agent guard's cost on the 1M-row interval import (issue 13: under 0.15 s).

The guard is the part of an import that looks for people; everything else an import does it would
do without the guard. On the ``import_1m`` workload's ``interval_1m.csv`` (1,036,800 rows, read
with the benchmark profile), it is:

- **columns** (``importer._guard``: ``agent_guard.examine`` over ``staging_raw``, as an import
  with a mapping of its own runs it): which columns hold text (the first 1,000 rows; every row of
  a column the import does not parse as numbers), their headers (person words, headers that are
  people: one column per agent) and the distinct values of the text columns the mapping does not
  map to a vendor, program, site, channel, language or queue (here none);
- **after the roll-up** (``importer._grain``): the values of the dimension columns, judged over
  the distinct raw labels the roll-up left in ``staging_labels`` (``agent_guard.examine_later``),
  and the grain check over ``staging_final`` (``agent_guard.grain_findings``: whether a
  dimension holds one label per person, by its labels' volume per day);
- **labels** (``labels.person_reason`` over every label the file brings, registered or not; the
  labels themselves are listed by the import anyway, to register the new ones).

The file is read and rolled up once per process, untimed except in the cold run (which also reads
it: about 2 s): each repetition then times the guard alone over those staging tables, as the
import runs it. ``import_guard_1m`` is the three together, against the issue's 0.15 s;
``import_guard_1m_columns`` and ``import_guard_1m_after_rollup`` are its two SQL parts, to show
where the time goes. The guard adds nothing to the roll-up itself: a column found to hold people
is pointed at (its first row) by a look-up of ``staging_raw`` on that path only.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import duckdb

from bench import imports
from bench.registry import Run, benchmark
from governance.ingest import agent_guard, importer, labels, readers, staging
from governance.store import db

TODAY = date(2026, 12, 1)  # after the file's last day


class _Staged:
    """The 1M-row file read into ``staging_raw`` and rolled up into ``staging_final`` on a copy of
    the workload's database, as an import leaves them just before its guard's checks."""

    def __init__(self, path: Path) -> None:
        csv_path, _ = imports.files(path)
        self.tmp = tempfile.TemporaryDirectory(prefix="bench-guard-")
        target = Path(self.tmp.name) / "db.duckdb"
        shutil.copy(path, target)
        self.con: duckdb.DuckDBPyConnection = db.open_connection(target)
        db.migrate(self.con)
        read = readers.read_into(self.con, csv_path, file_name=csv_path.name, table=staging.RAW)
        self.headers = list(read.headers)
        self.plan = staging.plan(self.con, imports.PROFILE, vendor=None)
        if not staging.roll_up_clean(self.con, self.plan, today=TODAY):
            raise RuntimeError("the benchmark file needs the full path: not the import's own")
        self.rows = read.rows


_STAGED: dict[Path, _Staged] = {}


def _staged(run: Run) -> _Staged:
    if run.path not in _STAGED:
        _STAGED[run.path] = _Staged(run.path)
    return _STAGED[run.path]


def _columns(s: _Staged) -> agent_guard.Examination:
    exam = importer._guard(s.con, imports.PROFILE, s.headers, defer=True)
    assert not exam.findings and not exam.suspects, exam
    return exam


def _grain(s: _Staged, exam: agent_guard.Examination) -> None:
    found, _message = importer._grain(s.con, imports.PROFILE, s.plan, exam, "interval_1m.csv", None)
    assert not found, found


def _labels(s: _Staged) -> int:
    brought = staging.labels_brought(s.con)
    assert not [b for b in brought if labels.person_reason(b["label"])]
    return len(brought)


@benchmark(
    "import_guard_1m",
    workload="import_1m",
    connection=False,
    target=0.15,
    target_note="issue: the guard's added cost on the 1M-row interval import",
)
def import_guard_1m(run: Run) -> int:
    """The agent guard alone on the 1M-row interval CSV, staged as the import stages it: its
    column look (headers, text, distinct values), its grain check and the person check of every
    label the file brings."""
    s = _staged(run)
    exam = _columns(s)
    _grain(s, exam)
    _labels(s)
    return s.rows


@benchmark("import_guard_1m_columns", workload="import_1m", reference=True, connection=False)
def import_guard_1m_columns(run: Run) -> int:
    """Part of the guard: its look at the columns of ``staging_raw`` (``agent_guard.examine``)."""
    s = _staged(run)
    _columns(s)
    return s.rows


@benchmark("import_guard_1m_after_rollup", workload="import_1m", reference=True, connection=False)
def import_guard_1m_after_rollup(run: Run) -> int:
    """Part of the guard: the dimensions' values over ``staging_labels`` and the grain check over
    ``staging_final``."""
    s = _staged(run)
    dims = ("vendor", "program", "site", "channel", "language", "queue")
    deferred = {src: d for d, src in imports.PROFILE.columns.items() if d in dims}
    _grain(s, agent_guard.Examination(deferred=deferred))
    return s.rows
