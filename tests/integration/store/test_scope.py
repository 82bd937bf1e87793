"""A vendor partner's connection holds its own vendor's rows and nothing else: every table, and
every read query in ``queries`` called with every other vendor's names and record ids."""

from __future__ import annotations

import inspect
import shutil
from datetime import date, datetime

import pandas as pd
import pytest

from governance import demo, kpis, packs
from governance.access.actors import Actor
from governance.errors import GovernanceError
from governance.kpis import catalogue
from governance.scoring import scorecard
from governance.store import db, queries, scope

VENDOR = "Bluebird BPO"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    root = tmp_path_factory.mktemp("scope")
    path = root / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=root / "x"
        )
    return path


@pytest.fixture(scope="module")
def world(demo_file):
    """Names and ids, read without any restriction: the vendor's own and everyone else's."""
    with db.connect(demo_file) as con:
        ids = dict(con.execute("SELECT name, vendor_id FROM vendors").fetchall())

        def of(sql: str) -> dict[bool, list]:
            rows = con.execute(sql).fetchall()
            return {own: [i for i, v in rows if (v == ids[VENDOR]) == own] for own in (True, False)}

        records = {
            "meeting_id": of("SELECT meeting_id, vendor_id FROM meetings"),
            "escalation_id": of("SELECT escalation_id, vendor_id FROM escalations"),
            "contract_id": of("SELECT contract_id, vendor_id FROM contracts"),
            "attestation_id": of("SELECT attestation_id, vendor_id FROM compliance_attestations"),
        }
    others = [n for n in ids if n != VENDOR]
    return {
        "own_id": ids[VENDOR],
        "other_ids": [ids[n] for n in others],
        "others": others,
        "records": records,
    }


@pytest.fixture
def partner_con(demo_file, tmp_path):
    path = tmp_path / "governance.duckdb"
    shutil.copy(demo_file, path)
    with db.connect(scope.Scoped(str(path), VENDOR), migrate_schema=False) as con:
        yield con


def test_every_table_holds_only_the_vendors_rows(demo_file, partner_con, world):
    with db.connect(demo_file) as full:
        tables = queries.table_names(full)
        for table in tables:
            seen = partner_con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            total = full.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            if table not in scope.RULES:
                assert seen == 0, f"{table} is not in scope.RULES yet a partner sees {seen} rows"
                continue
            columns = [
                c
                for (c,) in full.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]
                ).fetchall()
            ]
            if "vendor_id" in columns:
                sql = f'SELECT DISTINCT vendor_id FROM "{table}"'  # noqa: S608
                ids = {v for (v,) in partner_con.execute(sql).fetchall()}
                assert ids <= {world["own_id"]}, f"{table} shows vendors {ids}"
            assert seen <= total
    # The rule for rows without a vendor_id of their own: their parent's vendor, counted apart.
    with db.connect(demo_file) as full:
        for child, parent, key in (
            ("targets", "contracts", "contract_id"),
            ("amendments", "contracts", "contract_id"),
            ("escalation_events", "escalations", "escalation_id"),
            ("decisions", "meetings", "meeting_id"),
        ):
            expected = full.execute(
                f"SELECT count(*) FROM {child} c JOIN {parent} p USING ({key}) WHERE p.vendor_id = ?",  # noqa: S608
                [world["own_id"]],
            ).fetchone()[0]
            seen = partner_con.execute(f"SELECT count(*) FROM {child}").fetchone()[0]  # noqa: S608
            assert seen == expected, child
            assert expected > 0, f"the demo has no {child} for {VENDOR}: the test proves nothing"


def test_the_client_s_own_tables_are_empty(partner_con):
    for table in ("audit_events", "users", "training_materials", "best_practices"):
        assert partner_con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0  # noqa: S608


def test_nothing_can_be_written_through_it(partner_con):
    for sql in (
        "INSERT INTO vendors (name) VALUES ('Sneaky Ltd')",
        "DELETE FROM kpi_facts",
        "UPDATE escalations SET title = 'x'",
        "DELETE FROM audit_events",
    ):
        with pytest.raises(Exception):  # noqa: B017 - DuckDB says "not a table" or "base table"
            partner_con.execute(sql)


# --- every read query ------------------------------------------------------------------------------

NOT_VENDOR_DATA = {"kpi_select_sql", "fact_filters", "table_names"}  # SQL text, the table names


def calls(name: str, world: dict):
    """Argument sets for ``queries.<name>``: the vendor's own and every other vendor's."""
    every = [VENDOR, *world["others"]]
    rec = world["records"]
    today = date(2026, 10, 31)
    table = {
        "vendors": lambda: [{}],
        "vendor_names": lambda: [{}],
        "months_with_data": lambda: [{}],
        "fact_coverage": lambda: [{}],
        "fact_date_range": lambda: [{}],
        "contract_programs": lambda: [{}],
        "program_names": lambda: [{}],
        "training_materials": lambda: [{}],
        "best_practices": lambda: [{}],
        "material_references": lambda: [{}],
        "wording_known_names": lambda: [{}],
        "wording_stored_text": lambda: [{}],
        "audit_facets": lambda: [{}],
        "audit_events": lambda: [{}],
        "audit_events_filtered": lambda: [{}],
        "vendor_by_name": lambda: [{"name": n} for n in every],
        "layouts": lambda: [{}, *({"vendor": n} for n in every)],
        "layout_record": lambda: [{"name": n} for n in every],
        "layout_version": lambda: [{"name": n, "version": 1} for n in every],
        "layout_history": lambda: [{"name": n} for n in every],
        "batch_profiles": lambda: [{"first": date(2020, 1, 1), "last": today}],
        "escalation_scopes": lambda: [{"vendor": n} for n in every],
        "open_escalations_at": lambda: [
            {
                "moments": [datetime(2027, 1, 1)],
                "statuses": ["open", "acknowledged", "escalated", "resolved", "closed"],
                "severities": ["P1", "P2", "P3", "P4"],
            },
            *(
                {
                    "moments": [datetime(2027, 1, 1)],
                    "statuses": ["open", "acknowledged", "escalated", "resolved", "closed"],
                    "severities": ["P1", "P2", "P3", "P4"],
                    "vendors": [n],
                }
                for n in every
            ),
        ],
        "contracts": lambda: [{}, *({"vendors": [n]} for n in every)],
        "health_escalations": lambda: [
            {"date_from": date(2025, 1, 1), "date_to": today},
            *({"date_from": date(2025, 1, 1), "date_to": today, "vendors": [n]} for n in every),
        ],
        "kpi_rollup": lambda: [
            {"kpis": list(catalogue.KPIS), "by": "month", "dims": ("vendor",)},
            *({"kpis": list(catalogue.KPIS), "vendors": [n]} for n in every),
        ],
        "contract_dates": lambda: [{"today": today}],
        "meeting_cadence": lambda: [{"today": today, "kinds": ["MBR", "QBR", "steering"]}],
        "meeting": lambda: [
            {"meeting_id": i} for i in rec["meeting_id"][True] + rec["meeting_id"][False]
        ],
        "decisions": lambda: [
            {"meeting_id": i} for i in rec["meeting_id"][True] + rec["meeting_id"][False]
        ],
        "escalation_history": lambda: [
            {"escalation_id": i} for i in rec["escalation_id"][True] + rec["escalation_id"][False]
        ],
        "amendments": lambda: [
            {},
            *({"contract_id": i} for i in rec["contract_id"][True] + rec["contract_id"][False]),
        ],
        "target_versions": lambda: [
            {},
            {"contract_ids": rec["contract_id"][True] + rec["contract_id"][False]},
        ],
        "attestation": lambda: [
            {"attestation_id": i}
            for i in rec["attestation_id"][True] + rec["attestation_id"][False]
        ],
        "training_material": lambda: [{"material_id": i} for i in range(1, 6)],
        "material_releases": lambda: [{"material_id": i} for i in range(1, 6)],
        "best_practice": lambda: [{"practice_id": i} for i in range(1, 6)],
        "training_completion_row": lambda: [
            {"vendor_id": v, "program": "Billing care", "month": date(2026, 10, 1)}
            for v in [world["own_id"], *world["other_ids"]]
        ],
    }
    for per_vendor in (
        "action_items",
        "attestations",
        "meetings",
        "kt_sessions",
        "restatements",
        "training_completion",
        "import_batches",
        "escalation_log_rows",
    ):
        table[per_vendor] = lambda: [{}, *({"vendor": n} for n in every)]
    return table[name]()


def as_text(result) -> str:
    if isinstance(result, pd.DataFrame):
        return result.to_csv()
    return repr(result)


def vendor_ids_in(result) -> set:
    if isinstance(result, pd.DataFrame) and "vendor_id" in result.columns:
        return set(result["vendor_id"].dropna())
    if isinstance(result, dict) and "vendor_id" in result:
        return {result["vendor_id"]}
    return set()


def test_every_read_query_returns_only_the_vendors_rows(partner_con, world):
    functions = {
        n: f
        for n, f in inspect.getmembers(queries, inspect.isfunction)
        if f.__module__ == "governance.store.queries"
        and not n.startswith("_")
        and n not in NOT_VENDOR_DATA
    }
    own_seen = 0
    for name, function in sorted(functions.items()):
        for kwargs in calls(name, world):  # KeyError here: a new query needs a line in calls()
            try:
                result = function(partner_con, **kwargs)
            except GovernanceError:
                continue  # "no vendor named …": refusing is fine, it names nobody else
            text = as_text(result)
            for other in world["others"]:
                assert other not in text, f"queries.{name}({kwargs}) shows {other}"
            assert vendor_ids_in(result) <= {world["own_id"]}, f"queries.{name}({kwargs})"
            own_seen += VENDOR in text
    assert own_seen > 10, "the partner's own rows should show up in many queries"


def test_computed_reads_see_one_vendor_and_rank_nobody(partner_con, world):
    cards = scorecard.scorecards(partner_con, "2026Q3")
    assert set(cards.summary["vendor"]) == {VENDOR}
    assert cards.summary["rank"].isna().all() and cards.summary["ranked"].isna().all()
    frame = kpis.rollup(partner_con, by="month", dims=("vendor",), kpis=["service_level"])
    assert set(frame["vendor"]) == {VENDOR}
    pack = packs.gather(partner_con, "2026Q3", VENDOR)
    for other in world["others"]:
        assert other not in repr(pack)
