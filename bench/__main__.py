"""``python -m bench``: build the workloads if needed, time the benchmarks, print a table."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import registry, runner, workloads


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Time the governance library on fixed, generated workloads (kept under bench/.work/) "
            "and print, per step, the median and min of the warm runs, the cold first run, the "
            "target and the verdict. Run from the repository root."
        ),
    )
    parser.add_argument(
        "--only",
        metavar="NAME",
        help="run only benchmarks whose name contains NAME (plus their baselines)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=7,
        metavar="N",
        help="warm runs per benchmark, after one cold run (default 7)",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="regenerate the workloads even if they are up to date",
    )
    parser.add_argument(
        "--json",
        metavar="FILE",
        type=Path,
        help="also write the results and machine info to FILE as JSON",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when a step misses its target"
    )
    parser.add_argument(
        "--list", action="store_true", help="list the benchmarks and their targets, run nothing"
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="also run the selected steps on a PostgreSQL server (postgresql://USER@HOST:PORT/DB): "
        "each workload is copied once into its own database there (bench_<workload>_v<version>, "
        "reused while it holds the same rows), and both stores' figures are printed side by side",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    selected = registry.select(args.only)
    if not selected:
        _say(f"No benchmark name contains {args.only!r}; known: {', '.join(registry.load())}.")
        return 2
    if args.list:
        for b in selected:
            target = (
                "reference" if b.reference else f"target {b.target} s" if b.target else "no target"
            )
            print(f"{b.name:28} {b.workload:8} {target:16} {b.description}")
        return 0

    prepared: dict[str, workloads.Prepared] = {}
    for name in dict.fromkeys(b.workload for b in selected):
        _say(f"workload {name}: {'rebuilding' if args.rebuild else 'checking'} …")
        p = workloads.prepare(name, rebuild=args.rebuild)
        prepared[name] = p
        state = f"built in {p.meta['build_seconds']} s" if p.built_now else "reused"
        _say(f"workload {name}: {state}, {p.meta.get('rows', '?'):,} fact rows, {p.path}")

    started = datetime.now(UTC)
    machine = runner.machine_info()  # before the runs, so the load average is other work's
    results = runner.run_all(
        [b for b in selected if not b.server], prepared, args.repeat, progress=_say
    )
    if not args.server and any(b.server for b in selected):
        _say(
            "server-only steps need --server URL: "
            + ", ".join(b.name for b in selected if b.server)
        )
    if args.server:
        on_server = [b for b in selected if b.connection or b.server]
        skipped = [b.name for b in selected if not (b.connection or b.server)]
        if skipped:
            _say(f"not on the server (they read the workload's file): {', '.join(skipped)}")
        served = {}
        for name in dict.fromkeys(b.workload for b in on_server):
            _say(f"workload {name}: on the server …")
            served[name] = workloads.on_server(prepared[name], args.server, progress=_say)
        results = runner.pair(
            results, runner.run_all(on_server, served, args.repeat, progress=_say)
        )

    print()
    print(runner.table(results))
    print()
    print(
        f"warm = {args.repeat} runs after 1 cold run; each run opens its own connection "
        "(untimed, except for `connect`)."
    )
    print(
        f"machine: {machine['cpu']}; {machine['cores']} cores ({machine['usable_cores']} usable), "
        f"duckdb threads {machine['duckdb_threads']}, load average before the runs "
        f"{machine['load_average']}"
    )
    print(
        f"python {machine['python']}, duckdb {machine['duckdb']}, pandas {machine['pandas']}, {machine['platform']}"
    )
    for p in prepared.values():
        m = p.meta
        print(
            f"workload {p.name} v{m['version']}: {m.get('rows', 0):,} rows, "
            f"{m.get('file_bytes', 0) / 1e6:.1f} MB, {m.get('date_from')}..{m.get('date_to')}, "
            f"built in {m.get('build_seconds')} s"
        )

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "started_at": started.isoformat(timespec="seconds"),
            "repeat": args.repeat,
            "machine": machine,
            "workloads": {p.name: p.meta for p in prepared.values()},
            "results": [r.as_dict() for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
        _say(f"results written to {args.json}")
    slow = [r.name for r in results if r.verdict == "SLOW"]
    if slow:
        _say(f"missed target: {', '.join(slow)}")
    return 1 if args.check and slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
