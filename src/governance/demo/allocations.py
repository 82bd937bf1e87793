"""The demo's volume plans: each program's forecast and vendor shares for the last three months,
set as a planning team would (shares in steps of 5 %, a forecast a little off), so that the
allocation view has over- and under-allocated vendors to show."""

from __future__ import annotations

import duckdb

from governance import kpis
from governance.access.actors import Actor
from governance.kpis import frames, periods
from governance.scoring import allocation

FORECAST_ERROR = (1.03, 0.97, 1.05)  # the forecast over the actual, month by month


def load_allocations(con: duckdb.DuckDBPyConnection, actor: Actor, window) -> int:
    """Record a plan per program for each of the last three months; returns how many."""
    count = 0
    for m, error in zip(window[-3:], FORECAST_ERROR, strict=True):
        p = periods.month(m.start)
        frame = kpis.rollup(
            con,
            by=None,
            dims=("vendor", "program"),
            kpis=(),
            date_from=p.start,
            date_to=p.end,
            components=("offered",),
        )
        by_program: dict[str, dict[str, float]] = {}
        for r in frames.plain_records(frame):
            if r["offered"]:
                by_program.setdefault(r["program"], {})[r["vendor"]] = r["offered"]
        for program, got in sorted(by_program.items()):
            if len(got) < 2:
                continue
            total = sum(got.values())
            names = sorted(got)
            # Planned in steps of 5 %: the first vendor's actual share rounded down, so it is
            # a little over-served and the others a little under.
            first = 5 * int(100 * got[names[0]] / total // 5)
            rest = 100 - first
            shares = {names[0]: first}
            for name in names[1:]:
                left = [n for n in names[1:] if n not in shares]
                if len(left) == 1:
                    shares[name] = rest
                else:
                    step = 5 * round(rest * got[name] / sum(got[n] for n in left) / 5)
                    shares[name] = step
                    rest -= step
            allocation.set_plan(
                con,
                actor,
                program=program,
                month=p.label,
                forecast=round(total * error),
                shares=shares,
                source="demo",
            )
            count += 1
    return count
