"""Import benchmarks (issue 3): a 1M-row interval CSV and a 100k-row xlsx, against their floors.

Workload ``import_1m``: an empty database with 20 vendors, plus two files beside it:
``interval_1m.csv`` (20 vendors × 5 programs × 3 sites × 3 channels × 48 half-hours × 24 days =
1,036,800 rows, ~80 MB, vendor column, "2026-10-01 08:30" interval starts) and
``interval_100k.xlsx`` (the first 100,000 rows of the same, written with openpyxl).

Each import repetition copies the empty database first (a few ms, included), because importing
the same file twice is a no-op. Peak memory is measured by ``python -m bench.import_memory``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from bench.registry import Run, benchmark
from bench.workloads import workload
from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import importer, profiles
from governance.store import db

VENDORS = [f"Vendor {i:02d}" for i in range(1, 21)]
ACTOR = Actor("bench", "admin")
PROFILE = profiles.parse("""
[columns]
vendor = "vendor"
program = "program"
site = "site"
channel = "channel"
interval_start = "interval_start"
offered = "offered"
answered = "answered"
abandoned = "abandoned"
answered_within_sl = "answered_within_sl"
wait_time_sec = "wait_time_sec"
handle_time_sec = "handle_time_sec"
""")


def files(path: Path) -> tuple[Path, Path]:
    folder = path.parent / "import_1m_files"
    return folder / "interval_1m.csv", folder / "interval_100k.xlsx"


@workload(
    "import_1m",
    version=3,
    description="empty db with 20 vendors; 1M-row interval CSV; 100k-row xlsx",
)
def build_import_1m(path: Path) -> dict:
    csv_path, xlsx_path = files(path.with_name("import_1m.duckdb"))
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with db.connect(path) as con:
        vendors.add_vendors(con, ACTOR, VENDORS)
    con = duckdb.connect()
    # Deterministic, consistent values from hashes of the row key (no random()).
    con.execute(f"""
        COPY (
          WITH k AS (
            SELECT v, p, s, c, d, h,
                   'Vendor ' || lpad(CAST(v AS VARCHAR), 2, '0') AS vendor,
                   ['Billing care', 'Tech support', 'Sales', 'Collections', 'Retention'][p] AS program,
                   'Site ' || CAST(s AS VARCHAR) AS site,
                   ['Voice', 'Chat', 'Email'][c] AS channel,
                   TIMESTAMP '2026-10-01' + INTERVAL (d) DAY + INTERVAL (h * 30) MINUTE AS ts,
                   hash(v, p, s, c, d, h) AS r
            FROM range(1, 21) t1(v), range(1, 6) t2(p), range(1, 4) t3(s), range(1, 4) t4(c),
                 range(0, 24) t5(d), range(0, 48) t6(h)
          ), n AS (SELECT *, 20 + r % 60 AS offered, (r >> 8) % 5 AS aban FROM k)
          SELECT vendor, program, site, channel, strftime(ts, '%Y-%m-%d %H:%M') AS interval_start,
                 offered, offered - least(aban, offered) AS answered, least(aban, offered) AS abandoned,
                 CAST((offered - least(aban, offered)) * (70 + (r >> 16) % 25) / 100 AS INTEGER) AS answered_within_sl,
                 (offered - least(aban, offered)) * (5 + (r >> 20) % 30) AS wait_time_sec,
                 (offered - least(aban, offered)) * (300 + (r >> 24) % 300) AS handle_time_sec
          FROM n ORDER BY v, d, h, p, s, c
        ) TO '{csv_path}' (HEADER, DELIMITER ',')
    """)  # noqa: S608 - a fixed path of our own
    rows = con.execute(f"SELECT count(*) FROM read_csv('{csv_path}')").fetchone()[0]  # noqa: S608
    sql = f"SELECT * FROM read_csv('{csv_path}', all_varchar = true) LIMIT 100000"  # noqa: S608
    head = con.execute(sql).df()
    con.close()
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Intervals")
    ws.append(list(head.columns))
    numeric = set(head.columns[5:])
    for rec in head.itertuples(index=False):
        ws.append([int(v) if c in numeric else v for c, v in zip(head.columns, rec, strict=True)])
    wb.save(xlsx_path)
    return {
        "rows": rows,
        "csv_rows": rows,
        "csv_bytes": csv_path.stat().st_size,
        "xlsx_rows": len(head),
        "xlsx_bytes": xlsx_path.stat().st_size,
    }


def _fresh(run: Run) -> tuple[Path, tempfile.TemporaryDirectory]:
    tmp = tempfile.TemporaryDirectory(prefix="bench-import-")
    target = Path(tmp.name) / "db.duckdb"
    shutil.copy(run.path, target)
    return target, tmp


@benchmark("import_floor_read_csv", workload="import_1m", reference=True, connection=False)
def import_floor_read_csv(run: Run) -> int:
    """Floor: DuckDB's own read_csv of the 1M-row file into a table of an on-disk database."""
    csv_path, _ = files(run.path)
    target, tmp = _fresh(run)
    with tmp:
        con = duckdb.connect(str(target))
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv_path}')")  # noqa: S608
        n = con.execute("SELECT count(*) FROM t").fetchone()[0]
        con.close()
    return n


@benchmark("import_naive_pandas", workload="import_1m", reference=True, connection=False)
def import_naive_pandas(run: Run) -> int:
    """Naive peer: pandas reads the CSV, groups the intervals to days and inserts into DuckDB."""
    csv_path, _ = files(run.path)
    target, tmp = _fresh(run)
    with tmp:
        frame = pd.read_csv(csv_path)
        frame["date"] = pd.to_datetime(frame["interval_start"]).dt.date
        daily = (
            frame.drop(columns=["interval_start"])
            .groupby(["vendor", "program", "site", "channel", "date"], as_index=False)
            .sum()
        )
        con = duckdb.connect(str(target))
        con.register("daily", daily)
        con.execute("CREATE TABLE t AS SELECT * FROM daily")
        n = con.execute("SELECT count(*) FROM t").fetchone()[0]
        con.close()
    return n


@benchmark(
    "import_csv_1m",
    workload="import_1m",
    connection=False,
    baseline="import_floor_read_csv",
    ratio_target=2.0,
    target_note="issue: within 2× the floor, faster than pandas",
)
def import_csv_1m(run: Run) -> int:
    """Our import of the 1M-row interval CSV: read, guard, map, validate, roll up to days, write."""
    csv_path, _ = files(run.path)
    target, tmp = _fresh(run)
    with tmp, db.connect(target) as con:
        result = importer.run(
            con, ACTOR, csv_path, file_name=csv_path.name, profile=PROFILE, add_labels=True
        )
        assert result.status == "loaded", [e.text() for e in result.errors]
        return result.rows_read


def _fresh_server_database(run: Run) -> None:
    """Untimed: a new database on the server made from the workload's (its 20 vendors)."""
    import psycopg

    from governance.store import server

    server.close_pools()  # CREATE DATABASE … TEMPLATE needs the template without connections
    with psycopg.connect(_server_url(run, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{_fresh_name(run)}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{_fresh_name(run)}" TEMPLATE "{_fresh_name(run, "")}"')


def _fresh_name(run: Run, suffix: str = "_fresh") -> str:
    return str(run.path).rsplit("/", 1)[1] + suffix


def _server_url(run: Run, name: str) -> str:
    return str(run.path).rsplit("/", 1)[0] + f"/{name}"


@benchmark(
    "import_csv_1m_server",
    workload="import_1m",
    connection=False,
    server=True,
    setup=_fresh_server_database,
    baseline="import_floor_read_csv",
    ratio_target=3.0,
    target_note="issue 17: within 3× DuckDB's bare read_csv",
)
def import_csv_1m_server(run: Run) -> int:
    """Our import of the 1M-row interval CSV into a PostgreSQL server: read and checked by DuckDB
    in the importing process, the day rows sent with COPY in one transaction, into a new database
    made (untimed) from the workload's."""
    from governance.store import server

    url = _server_url(run, _fresh_name(run))
    csv_path, _ = files(Path(run.meta["file"]))
    with db.connect(url) as con:
        result = importer.run(
            con, ACTOR, csv_path, file_name=csv_path.name, profile=PROFILE, add_labels=True
        )
    server.close_pools(url)
    assert result.status == "loaded", [e.text() for e in result.errors]
    return result.rows_read


@benchmark("import_floor_calamine", workload="import_1m", reference=True, connection=False)
def import_floor_calamine(run: Run) -> int:
    """Floor: a bare python-calamine read of the 100k-row sheet into a DataFrame."""
    _, xlsx_path = files(run.path)
    return len(pd.read_excel(xlsx_path, engine="calamine"))


@benchmark(
    "import_xlsx_100k",
    workload="import_1m",
    connection=False,
    baseline="import_floor_calamine",
    ratio_target=1.3,
    target_note="issue: within 1.3× a bare calamine read",
)
def import_xlsx_100k(run: Run) -> int:
    """Our import of the 100k-row xlsx."""
    _, xlsx_path = files(run.path)
    target, tmp = _fresh(run)
    with tmp, db.connect(target) as con:
        result = importer.run(
            con, ACTOR, xlsx_path, file_name=xlsx_path.name, profile=PROFILE, add_labels=True
        )
        assert result.status == "loaded", [e.text() for e in result.errors]
        return result.rows_read
