"""The rows of the known-labels registry (``vendor_labels``): each vendor's registered programs,
sites, languages and queues, as named functions.

The service in ``governance.ingest.labels`` keeps the rules (who may register, labels that look
like people, the audit trail, the transaction); these functions only say the SQL. Every value is
a bound parameter.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

# The dimensions whose labels are registered, in the order they are shown. Channels are not:
# they are a fixed canonical vocabulary (voice, chat, email, messaging, social, back office).
DIMENSIONS = ("program", "site", "language", "queue")
SOURCES = ("existing", "import", "page", "command", "demo")

# Shown in DIMENSIONS order, then by label.
_ORDER = (
    "ORDER BY v.name, CASE l.dimension WHEN 'program' THEN 1 WHEN 'site' THEN 2 "
    "WHEN 'language' THEN 3 ELSE 4 END, l.label"
)


def registered(con: duckdb.DuckDBPyConnection, vendor_id: int | None = None) -> pd.DataFrame:
    """The registered labels: vendor, dimension, label, registered_by, registered_at, source;
    of one vendor when ``vendor_id`` is given; by vendor, dimension (in ``DIMENSIONS`` order)
    and label."""
    where, params = ("WHERE l.vendor_id = ?", [vendor_id]) if vendor_id is not None else ("", [])
    return con.execute(
        "SELECT v.name AS vendor, l.dimension, l.label, l.registered_by, l.registered_at, "  # noqa: S608 - fixed SQL, values bound
        f"l.source FROM vendor_labels l JOIN vendors v ON v.vendor_id = l.vendor_id {where} "
        f"{_ORDER}",
        params,
    ).df()


def is_registered(
    con: duckdb.DuckDBPyConnection, vendor_id: int, dimension: str, label: str
) -> bool:
    """Whether the vendor has exactly this label registered for ``dimension``."""
    return bool(
        con.execute(
            "SELECT count(*) FROM vendor_labels WHERE vendor_id = ? AND dimension = ? AND label = ?",
            [vendor_id, dimension, label],
        ).fetchone()[0]
    )


def unregistered(
    con: duckdb.DuckDBPyConnection, vendor_id: int, items: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Of ``items`` ((dimension, label) pairs), those the vendor has not registered, in order."""
    if not items:
        return []
    found = con.execute(
        "SELECT d, l FROM (SELECT unnest(CAST(? AS VARCHAR[])) AS d, unnest(CAST(? AS VARCHAR[])) AS l) t "
        "WHERE NOT EXISTS (SELECT 1 FROM vendor_labels r WHERE r.vendor_id = ? "
        "AND r.dimension = t.d AND r.label = t.l)",
        [[d for d, _ in items], [lab for _, lab in items], vendor_id],
    ).fetchall()
    missing = set(found)
    return [item for item in items if item in missing]


def insert_label(
    con: duckdb.DuckDBPyConnection,
    vendor_id: int,
    dimension: str,
    label: str,
    registered_by: str,
    registered_at: datetime,
    source: str,
) -> None:
    """Register one label of a vendor (the caller checks it is not registered yet)."""
    con.execute(
        "INSERT INTO vendor_labels (vendor_id, dimension, label, registered_by, registered_at, "
        "source) VALUES (?, ?, ?, ?, ?, ?)",
        [vendor_id, dimension, label, registered_by, registered_at, source],
    )


def insert_labels(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Register many labels at once: (vendor_id, dimension, label, registered_by, registered_at,
    source) each; one already registered is left as it is."""
    for start in range(0, len(rows), 500):  # one statement per 500 (executemany is slow)
        chunk = rows[start : start + 500]
        values = ", ".join("(?, ?, ?, ?, ?, ?)" for _ in chunk)
        con.execute(
            "INSERT INTO vendor_labels (vendor_id, dimension, label, registered_by, "  # noqa: S608
            f"registered_at, source) VALUES {values} ON CONFLICT DO NOTHING",
            [v for row in chunk for v in row],
        )


def delete_label(
    con: duckdb.DuckDBPyConnection, vendor_id: int, dimension: str, label: str
) -> None:
    """Remove one registered label of a vendor."""
    con.execute(
        "DELETE FROM vendor_labels WHERE vendor_id = ? AND dimension = ? AND label = ?",
        [vendor_id, dimension, label],
    )


def label_record(
    con: duckdb.DuckDBPyConnection, vendor_id: int, dimension: str, label: str
) -> dict | None:
    """One registered label as a dict (vendor_id, dimension, label, registered_by, registered_at,
    source), or None."""
    cur = con.execute(
        "SELECT vendor_id, dimension, label, registered_by, registered_at, source "
        "FROM vendor_labels WHERE vendor_id = ? AND dimension = ? AND label = ?",
        [vendor_id, dimension, label],
    )
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))
