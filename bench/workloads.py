"""Workloads: deterministic databases the benchmarks run against, built once and reused.

A workload is a name, a version and a builder that fills a fresh DuckDB file through the library
(``governance.store.db.connect`` migrates it; vendors are registered by ``governance.access.vendors``). The
file lives under ``bench/.work/`` (ignored by git) with a sidecar ``<name>.json`` recording what
was built. It is reused while the workload version, the DuckDB version and the schema version
match, and rebuilt otherwise or on ``--rebuild``. Bump a workload's version whenever its builder
changes what it generates.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from governance.access import vendors
from governance.access.actors import Actor
from governance.store import db

WORK_DIR = Path(__file__).resolve().parent / ".work"
BENCH_ADMIN = Actor("bench@client.example", "admin")


@dataclass(frozen=True)
class Workload:
    """A named, versioned generator of one DuckDB file."""

    name: str
    version: int
    description: str
    build: Callable[[Path], dict]  # fills a fresh file at the path; returns facts for the sidecar


@dataclass(frozen=True)
class Prepared:
    """A workload ready on disk: its file and what its sidecar says about it."""

    name: str
    path: Path
    meta: dict
    built_now: bool


WORKLOADS: dict[str, Workload] = {}


def workload(name: str, *, version: int, description: str):
    """Register the decorated builder as workload ``name``."""

    def register(build: Callable[[Path], dict]) -> Callable[[Path], dict]:
        if name in WORKLOADS:
            raise ValueError(f"workload {name!r} registered twice")
        WORKLOADS[name] = Workload(name, version, description, build)
        return build

    return register


def _key(w: Workload) -> dict:
    """What must match for an existing file to be reused."""
    return {
        "workload": w.name,
        "version": w.version,
        "duckdb": duckdb.__version__,
        "schema_version": db.available_migrations()[-1][0],
    }


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def prepare(name: str, *, rebuild: bool = False, work_dir: Path = WORK_DIR) -> Prepared:
    """The workload's file, built now if it is missing, stale, or ``rebuild`` is asked."""
    w = WORKLOADS[name]
    path = work_dir / f"{name}.duckdb"
    sidecar = work_dir / f"{name}.json"
    if not rebuild and path.exists() and sidecar.exists():
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if all(meta.get(k) == v for k, v in _key(w).items()):
            return Prepared(name, path, meta, built_now=False)

    work_dir.mkdir(parents=True, exist_ok=True)
    sidecar.unlink(missing_ok=True)
    _remove(path)
    building = work_dir / f"{name}.building.duckdb"
    _remove(building)
    started = time.perf_counter()
    facts = w.build(building)
    seconds = time.perf_counter() - started
    building.rename(path)  # the builder closed its connection, so the WAL is checkpointed
    meta = {
        **_key(w),
        **facts,
        "build_seconds": round(seconds, 2),
        "file_bytes": path.stat().st_size,
    }
    sidecar.write_text(json.dumps(meta, indent=2, default=str) + "\n", encoding="utf-8")
    return Prepared(name, path, meta, built_now=True)


# --- kpi_1m --------------------------------------------------------------------------------

KPI_1M_START = date(2023, 1, 1)
KPI_1M_END = date(2025, 12, 31)  # inclusive: 1096 days, so 900 combinations × 1096 = 986,400 rows

VENDOR_NAMES = (
    "Apex Contact Solutions",
    "Brightline CX",
    "Cobalt Care Partners",
    "Delta Response Group",
    "Evergreen Outsourcing",
    "Fjord Customer Services",
    "Granite BPO",
    "Harbor Support Co",
    "Indigo Interactions",
    "Juniper Service Hub",
    "Keystone Contact",
    "Lumen Care",
    "Meridian CX Services",
    "Northstar Engagement",
    "Orchid Outsourcing",
    "Pioneer Response",
    "Quartz Customer Care",
    "Redwood Contact Centre",
    "Summit Service Partners",
    "Tidewater CX",
)
PROGRAMS = ("Retail Care", "Billing", "Tech Support", "Sales", "Collections")
CITIES = (
    ("Manila", "PH", "en"),
    ("Cebu", "PH", "en"),
    ("Bogotá", "CO", "es"),
    ("Kraków", "PL", "pl"),
    ("Cape Town", "ZA", "en"),
    ("Cairo", "EG", "ar"),
    ("Pune", "IN", "en"),
    ("Monterrey", "MX", "es"),
    ("Lisbon", "PT", "pt"),
    ("Kuala Lumpur", "MY", "en"),
)

# Each vendor has 3 sites: cities (3·v + s) mod 10 for s = 0, 1, 2 (distinct for a vendor).
_SITES_SQL = """
INSERT INTO sites (vendor_id, name, country)
SELECT v.vendor_id, c.city, c.country
FROM vendors v
CROSS JOIN range(3) s(si)
JOIN bench_cities c ON c.ci = (3 * v.vendor_id + s.si) % 10
"""

# One row per vendor × program × site × channel × day. Every pseudo-random draw is
# bench_u(key, salt): a hash of the row key, so the data is the same on every build with the
# same DuckDB. The per-vendor "quality" q in [0, 1) drives service level, FCR, CSAT, QA … so
# vendors differ consistently. Counts use floor() so parts never exceed their whole.
_FACTS_SQL = """
INSERT INTO kpi_facts (
    vendor_id, program, site, channel, language, queue, date, grain, batch_id,
    offered, answered, abandoned, short_abandoned, answered_within_sl, wait_time_sec,
    handle_time_sec, resolved_first_contact, fcr_eligible, csat_satisfied, csat_responses,
    nps_promoters, nps_detractors, nps_responses, qa_points, qa_possible, intervals,
    intervals_meeting_sl, headcount, leavers, early_leavers, new_hires, trained,
    training_assigned, invoiced_amount, billed_units)
WITH
programs(pi, program, volume, aht) AS (VALUES
    (0, 'Retail Care', 1.0, 420.0), (1, 'Billing', 0.8, 480.0), (2, 'Tech Support', 0.6, 560.0),
    (3, 'Sales', 0.5, 360.0), (4, 'Collections', 0.4, 330.0)),
channels(ci, channel, volume, aht_factor, price, answer_floor) AS (VALUES
    (0, 'voice', 1.0, 1.0, 4.6, 0.80), (1, 'chat', 0.7, 1.1, 3.1, 0.88),
    (2, 'email', 0.4, 0.9, 2.4, 0.97)),
combos AS (
    SELECT v.vendor_id, b.batch_id, p.pi, p.program, s.si, c.city AS site, c.language,
           ch.ci, ch.channel, ch.price, ch.answer_floor,
           p.aht * ch.aht_factor AS aht_base,
           ((v.vendor_id * 5 + p.pi) * 3 + s.si) * 3 + ch.ci AS combo,
           bench_u(v.vendor_id, 1) AS q,
           (60 + 440 * bench_u(((v.vendor_id * 5 + p.pi) * 3 + s.si) * 3 + ch.ci, 2))
               * p.volume * ch.volume AS base
    FROM vendors v
    JOIN import_batches b ON b.vendor_id = v.vendor_id
    CROSS JOIN programs p
    CROSS JOIN range(3) s(si)
    JOIN bench_cities c ON c.ci = (3 * v.vendor_id + s.si) % 10
    CROSS JOIN channels ch),
days AS (
    SELECT d AS day_index, CAST(? AS DATE) + CAST(d AS INTEGER) AS date
    FROM range(?) t(d)),
drawn AS (
    SELECT c.*, d.day_index, d.date,
           CASE WHEN dayofweek(d.date) IN (0, 6) THEN 0.45 ELSE 1.0 END
               * (1 + 0.12 * sin(2 * pi() * dayofyear(d.date) / 365.25))
               * (1 + 0.10 * d.day_index / 1096.0) AS shape,
           c.combo * 4096 + d.day_index AS k
    FROM combos c CROSS JOIN days d),
counts AS (
    SELECT *,
           greatest(1, floor(base * shape * (0.85 + 0.30 * bench_u(k, 10)))) AS o,
           least(0.995, answer_floor + (0.99 - answer_floor) * (0.5 * q + 0.5 * bench_u(k, 11)))
               AS answer_rate,
           least(1.0, greatest(0.0, 0.55 + 0.35 * q + 0.20 * (bench_u(k, 12) - 0.5))) AS sl_frac,
           -- agents needed: contacts × handle time ÷ 6.5 productive hours, plus 25% shrinkage
           greatest(2, round(1.25 * base * aht_base / 23400)) AS fte
    FROM drawn),
facts AS (
    SELECT *, floor(o * answer_rate) AS a, floor(floor(o * answer_rate) * 0.92) AS elig
    FROM counts)
SELECT
    vendor_id, program, site, channel, language,
    lower(replace(program, ' ', '_')) || '.' || channel AS queue,
    date, 'day', batch_id,
    o,
    a,
    o - a,
    floor((o - a) * (0.10 + 0.20 * bench_u(k, 13))),
    -- a reporting gap: one vendor sent no service-level counts for March 2024
    CASE WHEN vendor_id = 7 AND date BETWEEN DATE '2024-03-01' AND DATE '2024-03-31' THEN NULL
         ELSE floor(a * sl_frac) END,
    round(a * (6 + 50 * (1 - q) + 12 * bench_u(k, 14))),
    round(a * least(600.0, greatest(300.0, aht_base * (0.90 + 0.20 * bench_u(k, 15))))),
    floor(elig * (0.60 + 0.25 * q + 0.10 * (bench_u(k, 16) - 0.5))),
    elig,
    -- 2% of days have no survey feed
    CASE WHEN bench_u(k, 17) < 0.02 THEN NULL
         ELSE floor(floor(a * (0.06 + 0.08 * bench_u(k, 18)))
                    * (0.70 + 0.20 * q + 0.08 * (bench_u(k, 19) - 0.5))) END,
    CASE WHEN bench_u(k, 17) < 0.02 THEN NULL ELSE floor(a * (0.06 + 0.08 * bench_u(k, 18))) END,
    -- a quarter of the vendors do not run NPS at all
    CASE WHEN vendor_id % 4 = 0 THEN NULL
         ELSE floor(floor(a * (0.02 + 0.04 * bench_u(k, 20))) * (0.35 + 0.25 * q)) END,
    CASE WHEN vendor_id % 4 = 0 THEN NULL
         ELSE floor(floor(a * (0.02 + 0.04 * bench_u(k, 20))) * (0.05 + 0.20 * (1 - q))) END,
    CASE WHEN vendor_id % 4 = 0 THEN NULL ELSE floor(a * (0.02 + 0.04 * bench_u(k, 20))) END,
    -- QA evaluations happen on weekdays only
    CASE WHEN dayofweek(date) IN (0, 6) THEN NULL
         ELSE floor(100 * (1 + floor(4 * bench_u(k, 21))) * (0.75 + 0.20 * q + 0.05 * bench_u(k, 22))) END,
    CASE WHEN dayofweek(date) IN (0, 6) THEN NULL ELSE 100 * (1 + floor(4 * bench_u(k, 21))) END,
    -- interval service level is a voice measure
    CASE WHEN channel = 'voice' THEN 48 END,
    CASE WHEN channel = 'voice'
         THEN floor(48 * least(1.0, greatest(0.0, sl_frac + 0.10 + 0.10 * (bench_u(k, 23) - 0.5)))) END,
    fte - CAST(bench_u(k, 24) < 0.08 AS INTEGER),
    -- about 4% of headcount leaves a month (a third of them early-tenure), about as many join
    CASE WHEN bench_u(k, 25) < 0.0014 * fte THEN 1 ELSE 0 END,
    CASE WHEN bench_u(k, 25) < 0.0014 * fte AND bench_u(k, 27) < 0.35 THEN 1 ELSE 0 END,
    CASE WHEN bench_u(k, 28) < 0.0015 * fte THEN 1 ELSE 0 END,
    -- training is attested monthly, on the first day of the month
    CASE WHEN day(date) = 1 THEN least(fte, round(fte * (0.80 + 0.20 * bench_u(k, 29)))) END,
    CASE WHEN day(date) = 1 THEN fte END,
    round(a * price * (0.95 + 0.10 * bench_u(vendor_id, 3)), 2),
    a + CASE WHEN bench_u(k, 30) < 0.05 THEN floor(3 * bench_u(k, 31)) ELSE 0 END
FROM facts
"""


@workload(
    "kpi_1m",
    version=1,
    description=(
        "20 vendors × 5 programs × 3 sites × 3 channels × 1096 days (2023-01-01..2025-12-31) "
        "of daily KPI components: 986,400 rows"
    ),
)
def build_kpi_1m(path: Path) -> dict:
    """Registered vendors plus ~1M consistent daily fact rows, generated in DuckDB SQL."""
    days = (KPI_1M_END - KPI_1M_START).days + 1
    with db.connect(path) as con:
        con.execute("SET enable_progress_bar = false")  # keep the bench output to its table
        vendors.add_vendors(con, BENCH_ADMIN, VENDOR_NAMES)
        con.execute("CREATE TEMP MACRO bench_u(k, s) AS (hash(k, s) % 1000003) / 1000003.0")
        con.execute(
            "CREATE TEMP TABLE bench_cities (ci INTEGER, city VARCHAR, country VARCHAR, language VARCHAR)"
        )
        con.executemany(
            "INSERT INTO bench_cities VALUES (?, ?, ?, ?)",
            [[i, *city] for i, city in enumerate(CITIES)],
        )
        with db.transaction(con):
            con.executemany(
                "INSERT INTO programs (name, description) VALUES (?, ?)",
                [[p, f"{p} (benchmark)"] for p in PROGRAMS],
            )
            con.execute(_SITES_SQL)
            con.execute(
                "INSERT INTO import_batches (vendor_id, file_name, content_hash, source, status, "
                "imported_by, imported_at, period_from, period_to) "
                "SELECT vendor_id, 'bench-kpi_1m.csv', 'bench-kpi_1m-v1', 'demo', 'loaded', ?, "
                "TIMESTAMP '2026-01-05 09:00:00', ?, ? FROM vendors ORDER BY vendor_id",
                [BENCH_ADMIN.name, KPI_1M_START, KPI_1M_END],
            )
            con.execute(_FACTS_SQL, [KPI_1M_START, days])
            con.execute(
                "UPDATE import_batches SET rows_read = n, rows_loaded = n FROM "
                "(SELECT batch_id AS b, count(*) AS n FROM kpi_facts GROUP BY batch_id) "
                "WHERE batch_id = b"
            )
        rows, offered, answered = con.execute(
            "SELECT count(*), sum(offered), sum(answered) FROM kpi_facts"
        ).fetchone()
        first, last = con.execute("SELECT min(date), max(date) FROM kpi_facts").fetchone()
        # order-independent hash of every fact row: equal across builds with the same DuckDB
        content = con.execute("SELECT bit_xor(hash(f)) FROM kpi_facts f").fetchone()[0]
    return {
        "rows": rows,
        "vendors": len(VENDOR_NAMES),
        "date_from": first.isoformat(),
        "date_to": last.isoformat(),
        "latest_month": last.replace(day=1).isoformat(),
        "checksum": {"offered": offered, "answered": answered, "rows_hash": f"{content:016x}"},
    }


# --- kpi_1m_contracts: the same facts with one contract and ten targets per vendor ------------------

CONTRACT_TARGETS = (
    # kpi, expected, minimum, weight, critical allocation % (None: a key measure)
    ("service_level", 0.80, 0.75, 20, 40),
    ("abandon_rate", 0.05, 0.08, 10, 20),
    ("csat", 0.80, 0.72, 15, 20),
    ("qa_score", 0.88, 0.82, 10, 20),
    ("asa", 30, 45, 5, None),
    ("aht", 470, 520, 10, None),
    ("fcr", 0.72, 0.66, 10, None),
    ("attrition", 0.045, 0.06, 5, None),
    ("interval_sl_attainment", 0.75, 0.65, 5, None),
    ("billing_accuracy", 0.99, 0.97, 10, None),
)


@workload(
    "kpi_1m_contracts",
    version=2,
    description=(
        "kpi_1m plus one contract per vendor (per-contact pricing, 10 targets of which 4 critical) "
        "with one amendment raising service level from 2025-01-01, a rate card (3.20 a contact, "
        "2.90 beyond 50,000 a month) and the latest month's invoice, a line per program"
    ),
)
def build_kpi_1m_contracts(path: Path) -> dict:
    """The kpi_1m facts, then a contract with ten targets and an amendment for each vendor."""
    from governance import contracts

    facts = build_kpi_1m(path)
    with db.connect(path) as con:
        for name in VENDOR_NAMES:
            contracts.create_contract(
                con,
                BENCH_ADMIN,
                {
                    "vendor": name,
                    "name": f"{name} MSA",
                    "start": KPI_1M_START,
                    "end": date(2027, 12, 31),
                    "pricing": "per_contact",
                    "at_risk_pct": 10,
                    "earn_back_windows": 3,
                    "programs": list(PROGRAMS),
                    "service_level": {"over": "offered", "threshold_seconds": 20},
                    "rates": [{"price": "3.20", "bands": [["50000", "2.90"]]}],
                    "targets": [
                        {
                            "kpi": k,
                            "expected": e,
                            "minimum": m,
                            "weight": w,
                            "tier": "critical" if a else "key",
                            **({"allocation_pct": a} if a else {}),
                        }
                        for k, e, m, w, a in CONTRACT_TARGETS
                    ],
                    "amendments": [
                        {
                            "effective_from": date(2025, 1, 1),
                            "reason": "Service level raised",
                            "approved_by": "VMO lead",
                            "targets": [
                                {"kpi": "service_level", "expected": 0.82, "minimum": 0.77}
                            ],
                        }
                    ],
                },
            )
        targets = con.execute("SELECT count(*) FROM targets").fetchone()[0]
        invoices = _latest_invoices(con, date.fromisoformat(facts["latest_month"]))
    return {
        **facts,
        "contracts": len(VENDOR_NAMES),
        "target_versions": targets,
        "invoice_lines": invoices,
    }


def _latest_invoices(con, month: date) -> int:
    """Each vendor's invoice for ``month``: a line per program billing the contacts its data
    supports (every fifth vendor 3 % more), priced on its rate card; returns the lines."""
    from decimal import Decimal

    from governance import contracts
    from governance.kpis import periods
    from governance.scoring import billing
    from governance.store import billing_rows

    m = periods.month(month)
    lines = 0
    for i, name in enumerate(VENDOR_NAMES):
        rates = billing_rows.rates(con, contracts.contract_id(con, name))
        rows = []
        for program in PROGRAMS:
            units = billing.supported(con, name, m, {"unit": "contact", "program": program})
            if not units:
                continue
            if i % 5 == 0:
                units = (units * Decimal("1.03")).quantize(Decimal("1"))
            rate = billing.rate_for(rates, "contact", program, None, m.start)
            rows.append(
                {
                    "unit": "contact",
                    "program": program,
                    "units": units,
                    "amount": billing.priced(units, rate),
                }
            )
        if rows:
            billing.record_invoice(
                con,
                BENCH_ADMIN,
                vendor=name,
                month=m.label,
                invoice_no=f"BENCH-{i + 1:02d}",
                lines=rows,
                source="bench",
            )
            lines += len(rows)
    return lines


def on_server(prepared: Prepared, server_url: str, progress=lambda _: None) -> Prepared:
    """The workload in a database of its own on a PostgreSQL server (``bench_<name>_v<version>``,
    created on the server ``server_url`` reaches): copied there with ``governance store copy``'s
    checked copy once, and reused while it holds the workload's fact rows."""
    import urllib.parse

    import psycopg

    from governance.store import server, transfer

    name = f"bench_{prepared.name}_v{prepared.meta['version']}"
    parts = urllib.parse.urlsplit(server_url)
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(server_url, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found:
            with db.connect(url) as con:
                rows = con.execute("SELECT count(*) FROM kpi_facts").fetchone()[0]
            if rows == prepared.meta.get("rows"):
                progress(f"workload {prepared.name}: reused on the server ({rows:,} fact rows)")
                meta = {**prepared.meta, "file": str(prepared.path)}
                return Prepared(f"{prepared.name}@server", url, meta, built_now=False)
            server.close_pools(url)
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    transfer.copy(str(prepared.path), url)
    progress(
        f"workload {prepared.name}: copied to the server in {time.perf_counter() - started:.0f} s"
    )
    return Prepared(
        f"{prepared.name}@server",
        url,
        {**prepared.meta, "file": str(prepared.path)},
        built_now=True,
    )
