"""Mapping suggestions (issue 15): how many key columns are suggested right on real files, and
how long suggesting takes on the 1M-row interval file.

``python -m bench.suggest`` prints, for each real export in ``tests/data/real/`` (public files
nobody here wrote; see their ``SOURCES.md``), the key columns it really has, stated here by hand
(time, vendor when present, offered, answered, abandoned, answered within SL, handle time), what
``importer.suggest_mapping`` suggested for each, and the share right per file and overall; then
the time to suggest a mapping for the ``import_1m`` workload's CSV (a million half-hour rows;
target under 1 s, as a suggestion reads a sample, not the file). ``--check`` exits 1 when the
overall share is under 90 % or the timing misses its target.

A key column is right when the suggestion loads that component from that header: mapped in
``[columns]``, as an average in ``[averages]`` or, for a contact-level file, as its ``[contact]``
field (answered: the answered flag; answered within SL: the wait, which decides it; handle time:
the handle seconds). The time is right when the time columns are exactly the ones listed (a
date and its time of day count as one key).

The suggestion is also registered as a benchmark (``suggest_csv_1m``) for ``python -m bench``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import duckdb

from bench import imports  # registers the import_1m workload and names its files
from bench.registry import Run, benchmark
from bench.workloads import prepare
from governance.ingest import importer
from governance.ingest.profiles import Profile

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"
TARGET_SECONDS = 1.0
TARGET_SHARE = 0.9

# Per file, the key columns it really has: key -> the header (or, for the time, the accepted
# tuples of time headers). Written from each file's values and SOURCES.md, not from a suggestion.
EXPECTED: dict[str, dict[str, object]] = {
    "callcenter_daily_es_synth.csv": {
        "time": [("fecha",)],
        "offered": "llamadas",  # calls per day: the volume
        "answered_within_sl": "nivel_servicio",  # a 0–100 service level
        "handle_time_sec": "tmo",  # tiempo medio de operación, in minutes
    },
    "nhs111_iuc_daily_provider.csv": {
        "time": [("date",)],
        "vendor": "contract_name",  # 28 NHS 111 providers in one file
        "offered": "calls_received",
        "answered": "calls_answered",
        "abandoned": "calls_abandoned",  # wrong at the source, but that is the column
        "answered_within_sl": "calls_answered_60s",
    },
    "pwc_call_center_telecom.xlsx": {  # one row per call
        "time": [("Date",), ("Date", "Time")],
        "answered": "Answered (Y/N)",
        "answered_within_sl": "Speed of answer in seconds",
        "handle_time_sec": "AvgTalkDuration",  # the call's talk time
    },
    "sf_hss_call_center_monthly.csv": {
        "time": [("Month",)],
        "offered": "Inbound Calls",
        "abandoned": "Abandoned Calls",
    },
    "sfdc_calls_by_hour_gsc.xlsx": {  # one row per call
        "time": [("Conversation Start Time",)],
        "answered_within_sl": "Time Hunting",  # queue seconds
        "handle_time_sec": "Time Talking",
    },
    "van311_daily.csv": {
        "time": [("Date",)],
        "offered": "CallsOffered",
        "answered": "CallsHandled",
        "abandoned": "CallsAbandoned",
        "answered_within_sl": "ServiceLevel",  # a 0–1 service level
    },
    "wfm_interval_15min_synth.csv": {
        "time": [("Date", "Time")],  # a date and a separate time of day
        "offered": "Offered",
        "answered": "Handled",
        "handle_time_sec": "AHT",
    },
}


def suggested_source(p: Profile, key: str) -> object:
    """The header (or the time headers) from which the profile loads ``key``."""
    if key == "time":
        return tuple(p.time_sources)
    if key in p.columns:
        return p.columns[key]
    if key in p.averages:
        return p.averages[key].column
    c = p.contact
    if c is not None:
        if key == "answered" and c.answered:
            return c.answered.column
        if key == "answered_within_sl":
            return c.wait_seconds
        if key == "handle_time_sec":
            return c.handle_seconds
    return None


def right(expected: object, got: object, key: str) -> bool:
    if key == "time":
        return got in [tuple(t) for t in expected]
    return got == expected


def score_file(name: str) -> tuple[int, int, list[tuple[str, object, object, bool]]]:
    con = duckdb.connect()
    try:
        found = importer.suggest_mapping(con, REAL / name, file_name=name)
    finally:
        con.close()
    rows = []
    for key, expected in EXPECTED[name].items():
        got = suggested_source(found.profile, key)
        rows.append((key, expected, got, right(expected, got, key)))
    return sum(r[3] for r in rows), len(rows), rows


def time_1m(repeat: int) -> list[float]:
    csv_path, _xlsx = imports.files(prepare("import_1m").path)
    times = []
    for _ in range(repeat + 1):  # the first run is cold
        con = duckdb.connect()
        started = time.perf_counter()
        importer.suggest_mapping(con, csv_path, file_name=csv_path.name)
        times.append(time.perf_counter() - started)
        con.close()
    return times


def _show(value: object) -> str:
    if isinstance(value, list):
        return " or ".join(" + ".join(v) for v in value)
    if isinstance(value, tuple):
        return " + ".join(value) or "-"
    return str(value) if value else "-"


@benchmark(
    "suggest_csv_1m",
    workload="import_1m",
    target=TARGET_SECONDS,
    target_note="issue: suggesting reads a sample, under 1 s",
    connection=False,
)
def suggest_csv_1m(run: Run) -> int:
    """Suggest a mapping for the 1M-row interval CSV (reads its first rows only)."""
    csv_path, _xlsx = imports.files(run.path)
    con = duckdb.connect()
    try:
        found = importer.suggest_mapping(con, csv_path, file_name=csv_path.name)
    finally:
        con.close()
    return len(found.profile.columns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.suggest", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=5, help="warm timing runs (default 5)")
    parser.add_argument("--no-timing", action="store_true", help="skip the 1M-row timing")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every key column")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    total = good = 0
    print(f"{'file':34} {'right':>7} {'share':>6}")
    for name in EXPECTED:
        ok, n, rows = score_file(name)
        total, good = total + n, good + ok
        print(f"{name:34} {ok:>3} / {n:<2} {ok / n:>6.0%}")
        for key, expected, got, hit in rows:
            if args.verbose or not hit:
                mark = "ok " if hit else "MISS"
                print(f"    {mark} {key:20} expected {_show(expected)!r}, got {_show(got)!r}")
    share = good / total
    print(f"{'overall':34} {good:>3} / {total:<2} {share:>6.0%}  (target {TARGET_SHARE:.0%})")
    failed = share < TARGET_SHARE
    if not args.no_timing:
        times = time_1m(args.repeat)
        warm = times[1:]
        median = statistics.median(warm)
        print(
            f"\nsuggest_mapping on the 1M-row interval CSV: median {median:.3f} s, "
            f"min {min(warm):.3f} s, cold {times[0]:.3f} s over {len(warm)} warm runs "
            f"(target {TARGET_SECONDS:.1f} s)"
        )
        failed = failed or median > TARGET_SECONDS
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
