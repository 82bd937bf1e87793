"""A vendor partner's view of the database: its own vendor's rows and nothing else, enforced by
the database for every query on the connection, not by each page remembering to filter.

A partner's connection is not a connection to the database file at all. ``snapshot`` copies,
from an ordinary connection to the file, only the rows the partner of one vendor may read into a
new database file of its own (the vendor bound as a parameter): tables with a ``vendor_id``
filter on it, tables without one follow their parent (targets and amendments their contract,
escalation events their escalation, decisions their meeting). The client's own tables (users,
the audit log, training content, wording reviews) come out empty, and so does any table
``RULES`` does not name: a new table is hidden from partners until someone decides how to scope
it. ``db.connect`` then opens that copy read-only in a DuckDB instance that never attached the
file, and ``seal`` turns off access to other files (but the temporary directory, where an upload
is parsed). So no catalog-qualified name, ``duckdb_tables()`` size, ``duckdb_columns()``,
``duckdb_databases()`` or ``ATTACH`` reaches another vendor's rows or counts, and a write is
refused (``refusal`` turns DuckDB's read-only error into ``PermissionDenied``). A partner's
upload is written by the importer on its own connection, which refuses any vendor but the
partner's.

``Scoped`` names a database file together with the vendor its reader is restricted to; pass it
wherever a database path goes (``db.connect`` applies the restriction). It has no ``__fspath__``,
so code that would open the file as a plain path fails instead of reading everything.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from governance.errors import NotFound, PermissionDenied
from governance.store import bulk, server
from governance.store.quoting import quote_ident

VENDOR = "vendor_id = $vendor_id"
_CONTRACT = (
    "contract_id IN (SELECT contract_id FROM {db}.main.contracts WHERE vendor_id = $vendor_id)"
)
# Table -> the rows a partner of vendor $vendor_id may read ({db} is the file's catalog name).
RULES: dict[str, str] = {
    "schema_version": "true",
    "vendors": VENDOR,
    "sites": VENDOR,
    "vendor_labels": VENDOR,  # its own programs, sites, languages and queues
    "programs": (
        "name IN (SELECT program FROM {db}.main.contract_programs WHERE " + _CONTRACT + ") "  # noqa: S608
        "OR name IN (SELECT DISTINCT program FROM {db}.main.kpi_facts WHERE vendor_id = $vendor_id)"
    ),
    "kpi_facts": VENDOR,
    "import_batches": VENDOR,
    "restatements": VENDOR,
    "restated_facts": VENDOR,
    "layouts": VENDOR,  # the layouts first saved for its vendor
    "layout_versions": (
        "layout_id IN (SELECT layout_id FROM {db}.main.layouts WHERE vendor_id = $vendor_id)"
    ),
    "contracts": VENDOR,
    "contract_programs": _CONTRACT,
    "amendments": _CONTRACT,
    "targets": _CONTRACT,
    "escalations": VENDOR,
    "escalation_events": (
        "escalation_id IN (SELECT escalation_id FROM {db}.main.escalations "
        "WHERE vendor_id = $vendor_id)"
    ),
    "meetings": VENDOR,
    "decisions": (
        "meeting_id IN (SELECT meeting_id FROM {db}.main.meetings WHERE vendor_id = $vendor_id)"
    ),
    "action_items": VENDOR,
    "kt_sessions": VENDOR,
    "training_completion": VENDOR,
    "compliance_attestations": VENDOR,
    "scorecard_publications": VENDOR,  # its own published scorecards (no ranks are frozen)
    "scorecard_acknowledgements": VENDOR,
    "scorecard_disputes": VENDOR,  # its own disputes, their evidence and rulings
    # Its excused events: without them its scorecard would count the days the client's own
    # scorecard leaves out.
    "excused_events": VENDOR,
    # Its stakeholder survey: its scorecard's relationship score is read from it (each page
    # shows only figures of at least three respondents, never an answer).
    "survey_responses": VENDOR,
    # Its own rate card and invoices (never another vendor's rates).
    "rate_cards": _CONTRACT,
    "invoices": VENDOR,
    "invoice_lines": (
        "invoice_id IN (SELECT invoice_id FROM {db}.main.invoices WHERE vendor_id = $vendor_id)"
    ),
    "invoice_layouts": VENDOR,  # the headers of its own invoice files, as last mapped
    # Its own share of each program's plan and the program's forecast (never another's share).
    "volume_shares": VENDOR,
    "volume_plans": (
        "plan_id IN (SELECT plan_id FROM {db}.main.volume_shares WHERE vendor_id = $vendor_id)"
    ),
}


@dataclass(frozen=True)
class Scoped:
    """A database file read as one vendor's partner sees it."""

    path: str
    vendor: str

    def __str__(self) -> str:
        return f"{self.path} (as seen by {self.vendor}'s partners)"


def snapshot(source: duckdb.DuckDBPyConnection, vendor: str, target: Path) -> int:
    """Write the rows ``vendor``'s partners may read (see the module docstring), table by table
    with the same columns, from ``source`` into the new database file ``target``; returns the
    vendor's id. One transaction, so the copy is one consistent moment of the file.

    Raises ``NotFound`` when no vendor has that name (a partner of a removed vendor sees nothing).
    """
    found = source.execute("SELECT vendor_id FROM vendors WHERE name = ?", [vendor]).fetchall()
    if not found:
        raise NotFound(f"No vendor named '{vendor}': this partner account is tied to no vendor.")
    vendor_id = int(found[0][0])
    db = quote_ident(source.execute("SELECT current_database()").fetchall()[0][0])
    tables = [
        name
        for (name,) in source.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT temporary ORDER BY table_name"
        ).fetchall()
    ]
    alias = quote_ident(f"partner_copy_{uuid.uuid4().hex}")
    source.execute(f"ATTACH ? AS {alias}", [str(target)])
    try:
        source.execute("BEGIN TRANSACTION")
        try:
            for table in tables:
                rule = RULES.get(table, "false").format(db=db)
                ident = quote_ident(table)
                source.execute(
                    f"CREATE TABLE {alias}.main.{ident} AS SELECT * FROM {db}.main.{ident} "  # noqa: S608 - identifiers quoted, the vendor bound
                    f"WHERE {rule}",
                    {"vendor_id": vendor_id} if "$vendor_id" in rule else None,
                )
            source.execute("COMMIT")
        except BaseException:
            source.execute("ROLLBACK")
            raise
    finally:
        source.execute(f"DETACH {alias}")
    return vendor_id


def snapshot_from_server(source, vendor: str, into: duckdb.DuckDBPyConnection) -> int:
    """``snapshot`` for a PostgreSQL server: the rows ``vendor``'s partners may read, by the same
    ``RULES``, read from the server in one repeatable-read transaction (one consistent moment)
    and written into ``into``, a DuckDB file migrated to the same schema. Returns the vendor's id.
    """
    found = source.execute("SELECT vendor_id FROM vendors WHERE name = ?", [vendor]).fetchall()
    if not found:
        raise NotFound(f"No vendor named '{vendor}': this partner account is tied to no vendor.")
    vendor_id = int(found[0][0])
    tables = [
        name
        for (name,) in into.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    source.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    try:
        # The server holds the scope too: its row-level security shows this transaction only the
        # vendor's rows (``server.partner_policies``), whatever the query below asks.
        server.act_for_vendor(source, vendor_id)
        into.execute("BEGIN TRANSACTION")
        into.execute("DELETE FROM schema_version")  # the copy's own, replaced by the server's
        for table in tables:
            rule = RULES.get(table, "false").replace("{db}.main.", "")
            ident = quote_ident(table)
            rows = source.execute(
                f"SELECT * FROM {ident} WHERE {rule.replace('$vendor_id', '?')}",  # noqa: S608 - identifiers quoted, the vendor bound
                [vendor_id] * rule.count("$vendor_id"),
            )
            columns = [d[0] for d in rows.description]
            bulk.insert_rows(into, table, columns, rows.fetchall())
        into.execute("COMMIT")
    finally:
        source.raw.execute("ROLLBACK")
    return vendor_id


def seal(con: duckdb.DuckDBPyConnection) -> None:
    """No file but the partner's copy and the temporary directory (where an upload is parsed) is
    readable on ``con`` from now on, and that cannot be undone on it."""
    con.execute("SET allowed_directories = ?", [[tempfile.gettempdir().rstrip(os.sep) + os.sep]])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def refusal(exc: BaseException) -> PermissionDenied | None:
    """The ``PermissionDenied`` for DuckDB refusing a write on a partner's read-only copy."""
    if isinstance(exc, duckdb.Error) and "read-only mode" in str(exc):
        return PermissionDenied(
            "A vendor partner's view of the data is read-only: nothing can be written through it."
        )
    return None
