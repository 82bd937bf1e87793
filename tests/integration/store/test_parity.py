"""One KPI engine on two stores (issue 17): the demo portfolio loaded into a DuckDB file and into a
PostgreSQL database gives the same output, field by field, for every command that reads it (KPIs
at every roll-up, scorecards, credits) and for what the pages and packs show (health, the
Portfolio's headline and board, the MBR, QBR and portfolio packs' data).

Figures are compared exactly, except floating-point values, which may differ in their last bits
where the two engines add the same numbers in another order (relative 1e-9); money is DECIMAL on
both and compared exactly."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, datetime

import pandas as pd
import pytest

from governance import cli, demo
from governance.access.actors import Actor
from governance.packs import data as pack_data
from governance.scoring import headline, health, portfolio
from governance.store import db, server

from ... import postgres

END = date(2026, 10, 1)
NOW = datetime(2026, 11, 2, 9, 0)


@pytest.fixture(scope="module")
def stores(tmp_path_factory, pg_server):
    """The demo in a file and on the server, built the same way (same actor, same last month)."""
    root = tmp_path_factory.mktemp("parity")
    file = root / "governance.duckdb"
    url = postgres.new_database(pg_server)
    for target in (file, url):
        with db.connect(target) as con:
            demo.load_demo(con, Actor("demo", "admin"), end_month=END, exports_dir=root / "x")
    yield {"file": file, "server": url}
    server.close_pools(url)
    postgres.drop_database(pg_server, url)


def same(a, b, where: str = "") -> list[str]:
    """Every difference between two JSON-like values, as paths."""
    if (
        isinstance(a, float)
        and isinstance(b, float | int)
        or isinstance(b, float)
        and isinstance(a, int)
    ):
        if a != a and b != b:
            return []
        return (
            [] if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) else [f"{where}: {a!r} != {b!r}"]
        )
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{where}: keys {sorted(set(a) ^ set(b))}"]
        return [d for k in a for d in same(a[k], b[k], f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items != {len(b)}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in same(x, y, f"{where}[{i}]")
        ]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def command(capsys, target, *args) -> object:
    assert cli.main([*args, "--db", str(target)]) == 0
    return json.loads(capsys.readouterr().out)


# Every dimension alone by month and quarter; days and weeks whole and by program and channel.
ROLLUPS = [
    (by, dims)
    for by in ("month", "quarter")
    for dims in (None, "program", "site", "channel", "language", "queue", "program,site,channel")
] + [(by, dims) for by in ("day", "week") for dims in (None, "program,channel")]


@pytest.mark.parametrize(("by", "dims"), ROLLUPS, ids=[f"{b}-{d}" for b, d in ROLLUPS])
def test_kpis_at_every_rollup_are_the_same_on_both_stores(stores, capsys, by, dims):
    args = ["kpis", "--by", by, "--format", "json"] + (["--dims", dims] if dims else [])
    on_file = command(capsys, stores["file"], *args)
    on_server = command(capsys, stores["server"], *args)
    assert on_file, "the demo has KPI data"
    assert same(on_file, on_server) == []


PERIODS = ["2026-08", "2026-09", "2026-10", "2026Q2", "2026Q3"]


@pytest.mark.parametrize("period", PERIODS)
def test_scorecards_and_credits_are_the_same_on_both_stores(stores, capsys, period):
    for name in ("scorecard", "credits"):
        args = [name, "--period", period, "--format", "json"]
        on_file = command(capsys, stores["file"], *args)
        on_server = command(capsys, stores["server"], *args)
        assert on_file, f"{name} {period} has results"
        assert same(on_file, on_server) == [], name


def plain(value):
    """A page's or pack's data as JSON-like values: frames as records, dataclasses as dicts."""
    if isinstance(value, pd.DataFrame):
        return json.loads(value.to_json(orient="records", date_format="iso", default_handler=str))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value if value is None or isinstance(value, int | float | str | bool) else str(value)


def on_both(stores, read) -> tuple[object, object]:
    found = []
    for target in (stores["file"], stores["server"]):
        with db.connect(target) as con:
            found.append(plain(read(con)))
    return found[0], found[1]


@pytest.mark.parametrize("month", [date(2026, 8, 1), END])
def test_what_the_portfolio_shows_is_the_same_on_both_stores(stores, month):
    for read in (
        lambda con: health.assess(con, month),
        lambda con: headline.headline(con, month, None),
        lambda con: portfolio.leadership(con, month),
        lambda con: portfolio.month_summary(con, month, None),
    ):
        on_file, on_server = on_both(stores, read)
        assert on_file
        assert same(on_file, on_server) == []


@pytest.mark.parametrize(
    ("period", "vendor"),
    [("2026-10", "Bluebird BPO"), ("2026Q3", "Northwind Contact"), ("2026Q3", None)],
    ids=["MBR", "QBR", "portfolio"],
)
def test_packs_data_is_the_same_on_both_stores(stores, period, vendor):
    on_file, on_server = on_both(stores, lambda con: pack_data.gather(con, period, vendor, now=NOW))
    assert on_file["summary"] and on_file["lines"]
    assert same(on_file, on_server) == []
