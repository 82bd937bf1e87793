"""A vendor partner's view of the database: its own vendor's rows and nothing else, enforced by
the database for every query on the connection, not by each page remembering to filter.

``restrict(con, vendor)`` shadows every table with a TEMP VIEW of the same name holding only
that vendor's rows: tables with a ``vendor_id`` filter on it, tables without one follow their
parent (targets and amendments their contract, escalation events their escalation, decisions
their meeting). The client's own tables (users, the audit log, training content, wording
reviews) come out empty, and so does any table ``RULES`` does not name: a new table is hidden
from partners until someone decides how to scope it. The views are read-only, so nothing can be
written through a restricted connection; a partner's upload is written by the importer on its own
connection, which refuses any vendor but the partner's.

``Scoped`` names a database file together with the vendor its reader is restricted to; pass it
wherever a database path goes (``db.connect`` applies the restriction). It has no ``__fspath__``,
so code that would open the file as a plain path fails instead of reading everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from governance.errors import NotFound
from governance.store.quoting import quote_ident

VENDOR = "vendor_id = {v}"
_CONTRACT = "contract_id IN (SELECT contract_id FROM {db}.main.contracts WHERE vendor_id = {v})"
# Table -> the rows a partner of vendor {v} may read ({db} is the database's catalog name).
RULES: dict[str, str] = {
    "schema_version": "true",
    "vendors": VENDOR,
    "sites": VENDOR,
    "programs": (
        "name IN (SELECT program FROM {db}.main.contract_programs WHERE " + _CONTRACT + ") "  # noqa: S608
        "OR name IN (SELECT DISTINCT program FROM {db}.main.kpi_facts WHERE vendor_id = {v})"
    ),
    "kpi_facts": VENDOR,
    "import_batches": VENDOR,
    "restatements": VENDOR,
    "restated_facts": VENDOR,
    "mapping_profiles": VENDOR,
    "contracts": VENDOR,
    "contract_programs": _CONTRACT,
    "amendments": _CONTRACT,
    "targets": _CONTRACT,
    "escalations": VENDOR,
    "escalation_events": (
        "escalation_id IN (SELECT escalation_id FROM {db}.main.escalations WHERE vendor_id = {v})"
    ),
    "meetings": VENDOR,
    "decisions": "meeting_id IN (SELECT meeting_id FROM {db}.main.meetings WHERE vendor_id = {v})",
    "action_items": VENDOR,
    "kt_sessions": VENDOR,
    "training_completion": VENDOR,
    "compliance_attestations": VENDOR,
}


@dataclass(frozen=True)
class Scoped:
    """A database file read as one vendor's partner sees it."""

    path: str
    vendor: str

    def __str__(self) -> str:
        return f"{self.path} (as seen by {self.vendor}'s partners)"


def restrict(con: duckdb.DuckDBPyConnection, vendor: str) -> int:
    """Restrict ``con`` to ``vendor``'s rows (see the module docstring); returns its vendor_id.

    Raises ``NotFound`` when no vendor has that name (a partner of a removed vendor sees nothing).
    """
    found = con.execute("SELECT vendor_id FROM vendors WHERE name = ?", [vendor]).fetchall()
    if not found:
        raise NotFound(f"No vendor named '{vendor}': this partner account is tied to no vendor.")
    vendor_id = int(found[0][0])
    catalog = con.execute("SELECT current_database()").fetchall()[0][0]
    db = quote_ident(catalog)
    tables = [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT temporary ORDER BY table_name"
        ).fetchall()
    ]
    for table in tables:
        rule = RULES.get(table, "false").format(v=vendor_id, db=db)
        ident = quote_ident(table)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {ident} AS SELECT * FROM {db}.main.{ident} WHERE {rule}"  # noqa: S608 - identifiers quoted, vendor_id an int
        )
    return vendor_id
