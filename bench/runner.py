"""Time the selected benchmarks and lay the figures out as a table (and, on request, JSON)."""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import duckdb
import pandas as pd

from bench import workloads
from bench.registry import Benchmark, Run
from governance.store import db


@dataclass
class Result:
    """The timings of one benchmark: a cold first run, then ``repeat`` warm runs."""

    name: str
    workload: str
    cold: float
    warm: list[float]
    output_rows: int | None
    target: float | None
    target_note: str
    baseline: str | None
    ratio_target: float | None
    reference: bool
    baseline_ratio: float | None = None  # median ÷ the baseline's median

    @property
    def median(self) -> float:
        return statistics.median(self.warm)

    @property
    def min(self) -> float:
        return min(self.warm)

    @property
    def target_ratio(self) -> float | None:
        """median ÷ target (or baseline ratio ÷ ratio target when only that is set); > 1 is SLOW."""
        if self.target is not None:
            return self.median / self.target
        if self.ratio_target is not None and self.baseline_ratio is not None:
            return self.baseline_ratio / self.ratio_target
        return None

    @property
    def verdict(self) -> str:
        if self.reference:
            return "ref"
        checks = []
        if self.target is not None:
            checks.append(self.median <= self.target)
        if self.ratio_target is not None and self.baseline_ratio is not None:
            checks.append(self.baseline_ratio <= self.ratio_target)
        if not checks:
            return "-"
        return "ok" if all(checks) else "SLOW"

    def as_dict(self) -> dict:
        out = asdict(self)
        out.update(
            median=self.median, min=self.min, target_ratio=self.target_ratio, verdict=self.verdict
        )
        return out


def _rows(value: object) -> int | None:
    if isinstance(value, pd.DataFrame):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _time_once(b: Benchmark, prepared: workloads.Prepared) -> tuple[float, object]:
    """One repetition: a fresh connection (untimed) unless the benchmark opens its own."""
    gc.collect()
    gc.disable()
    try:
        if b.connection:
            with db.connect(prepared.path) as con:
                run = Run(prepared.path, prepared.meta, con)  # the path: a file, or a server's URL
                started = time.perf_counter()
                value = b.fn(run)
                seconds = time.perf_counter() - started
        else:
            run = Run(prepared.path, prepared.meta, None)
            if b.setup is not None:
                b.setup(run)
            started = time.perf_counter()
            value = b.fn(run)
            seconds = time.perf_counter() - started
    finally:
        gc.enable()
    return seconds, value


def run_all(
    selected: list[Benchmark],
    prepared: dict[str, workloads.Prepared],
    repeat: int,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Result]:
    """Time every selected benchmark: one cold run, then ``repeat`` warm runs."""
    results: dict[str, Result] = {}
    for b in selected:
        progress(f"running {b.name} ({repeat + 1} runs)")
        cold, value = _time_once(b, prepared[b.workload])
        warm = [_time_once(b, prepared[b.workload])[0] for _ in range(repeat)]
        results[b.name] = Result(
            b.name,
            prepared[b.workload].name,
            cold,
            warm,
            _rows(value),
            b.target,
            b.target_note,
            b.baseline,
            b.ratio_target,
            b.reference,
        )
    for r in results.values():
        if r.baseline is not None and r.baseline in results:
            r.baseline_ratio = r.median / results[r.baseline].median
    return list(results.values())


def pair(file_results: list[Result], server_results: list[Result]) -> list[Result]:
    """Both stores' results, each step's server figure right after its file figure (the server's
    workload named ``<workload>@server``); server-only steps last."""
    by_name = {r.name: r for r in server_results}
    floors = {r.name: r for r in file_results}
    for r in server_results:  # a server step compared with a file floor (the bare read_csv)
        if r.baseline_ratio is None and r.baseline in floors:
            r.baseline_ratio = r.median / floors[r.baseline].median
    out = []
    for r in file_results:
        out.append(r)
        if r.name in by_name:
            out.append(by_name.pop(r.name))
    return out + list(by_name.values())


def machine_info() -> dict:
    """Where the figures were taken: cores, CPU, load, Python, DuckDB, pandas."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    with duckdb.connect() as con:
        threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "duckdb_threads": threads,
        "load_average": [round(x, 2) for x in load] if load else None,
        "python": sys.version.split()[0],
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "platform": platform.platform(),
    }


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def table(results: list[Result]) -> str:
    """A plain aligned text table, one line per step."""
    header = (
        "step",
        "workload",
        "median s",
        "min s",
        "cold s",
        "target s",
        "med/target",
        "vs baseline",
        "rows",
        "verdict",
    )
    lines = [header]
    for r in results:
        parts = []
        if r.target is not None:
            parts.append(f"{r.target:.3f}" + (f" ({r.target_note})" if r.target_note else ""))
        if r.ratio_target is not None:
            parts.append(f"≤{r.ratio_target:g}× {r.baseline}")
        target = ", ".join(parts) or "-"
        ratio = "-" if r.target_ratio is None else f"{r.target_ratio:.2f}"
        versus = "-" if r.baseline_ratio is None else f"{r.baseline_ratio:.1f}× {r.baseline}"
        rows = "-" if r.output_rows is None else str(r.output_rows)
        lines.append(
            (
                r.name,
                r.workload,
                _s(r.median),
                _s(r.min),
                _s(r.cold),
                target,
                ratio,
                versus,
                rows,
                r.verdict,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    numeric = {2, 3, 4, 6, 8}
    out = []
    for n, line in enumerate(lines):
        cells = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
