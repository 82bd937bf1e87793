"""The benchmark registry: one decorated function per benchmark.

A benchmark names its workload, the function to time and its target: an absolute time for the
median warm run, and/or a ratio to a named baseline step. By default the runner opens a fresh
``governance.store.db.connect(path)`` for every repetition, untimed, as a page render does, and hands
it to the function in ``Run.con``; with ``connection=False`` the function opens what it needs and
that cost is timed.

    @benchmark("kpi_rollup_vendor_month", workload="kpi_1m", target=0.3, baseline="kpi_floor_sql")
    def kpi_rollup_vendor_month(run):
        return kpis.rollup(run.con, by="month", dims=("vendor",))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

# The modules that register benchmarks, in the order their benchmarks run. A new family of
# benchmarks (imports, scorecards, packs) is a new module listed here.
SUITES = (
    "bench.kpis",
    "bench.scorecards",
    "bench.imports",
    "bench.guard",
    "bench.suggest",
    "bench.packs",
    "bench.wording",
)


@dataclass(frozen=True)
class Run:
    """What a benchmark function gets on each repetition."""

    path: Path  # the workload's database file
    meta: dict  # the workload's sidecar facts (rows, latest_month, …)
    con: duckdb.DuckDBPyConnection | None  # a fresh migrated connection, or None (connection=False)


@dataclass(frozen=True)
class Benchmark:
    """One timed step."""

    name: str
    workload: str
    fn: Callable[[Run], object]  # returns its result (a DataFrame's length is reported)
    description: str
    target: float | None = None  # seconds, for the median warm run
    target_note: str = ""  # where the target comes from
    baseline: str | None = None  # another benchmark's name, to report median ÷ its median
    ratio_target: float | None = None  # highest acceptable median ÷ baseline median
    connection: bool = True  # open governance.store.db.connect per repetition, untimed
    reference: bool = False  # a floor to compare with, not a feature: no verdict
    server: bool = False  # runs on a PostgreSQL server only (``--server``)
    setup: Callable[[Run], None] | None = None  # run before each repetition, untimed


BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(
    name: str,
    *,
    workload: str,
    target: float | None = None,
    target_note: str = "",
    baseline: str | None = None,
    ratio_target: float | None = None,
    connection: bool = True,
    reference: bool = False,
    server: bool = False,
    setup: Callable[[Run], None] | None = None,
):
    """Register the decorated function as a benchmark; its docstring is its description."""

    def register(fn: Callable[[Run], object]) -> Callable[[Run], object]:
        if name in BENCHMARKS:
            raise ValueError(f"benchmark {name!r} registered twice")
        if ratio_target is not None and baseline is None:
            raise ValueError(f"benchmark {name!r}: a ratio target needs a baseline")
        description = " ".join((fn.__doc__ or "").split())
        BENCHMARKS[name] = Benchmark(
            name,
            workload,
            fn,
            description,
            target,
            target_note,
            baseline,
            ratio_target,
            connection,
            reference,
            server,
            setup,
        )
        return fn

    return register


def load() -> dict[str, Benchmark]:
    """Import every suite so its benchmarks register; returns them in registration order."""
    import importlib

    for module in SUITES:
        importlib.import_module(module)
    return BENCHMARKS


def select(only: str | None) -> list[Benchmark]:
    """Benchmarks whose name contains ``only`` (all when None), plus the baselines they need.

    Baselines run before the steps compared with them; otherwise registration order is kept.
    """
    everything = load()
    chosen = [b for b in everything.values() if only is None or only in b.name]
    names = {b.name for b in chosen}
    for b in list(chosen):
        if b.baseline is not None:
            if b.baseline not in everything:
                raise ValueError(f"benchmark {b.name!r}: unknown baseline {b.baseline!r}")
            names.add(b.baseline)
    return [b for b in everything.values() if b.name in names]
