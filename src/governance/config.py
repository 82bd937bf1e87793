"""Configuration: defaults first, then environment variables. One small module, read on demand."""

from __future__ import annotations

import os
from pathlib import Path

VERSION = "0.1.0"

DEFAULT_DB = Path("data") / "governance.duckdb"
DEFAULT_EXPORTS = Path("data") / "demo_exports"

# How long a writer waits for another process to release the database file.
LOCK_WAIT_SECONDS = 10.0

# Small-cell suppression threshold: a figure standing for fewer people is shown as "< k".
SMALL_CELL_K = 5


SERVER_SCHEMES = ("postgresql://", "postgres://")


def db_path(explicit: str | os.PathLike | None = None) -> Path | str:
    """The database: an explicit path or URL (``--db``), else ``$GOVERNANCE_DB``, else the default
    file. A file is a ``Path`` (embedded DuckDB); a ``postgresql://`` URL stays a ``str`` (a
    PostgreSQL server, see ``store.server``)."""
    chosen = explicit or os.environ.get("GOVERNANCE_DB")
    if not chosen:
        return DEFAULT_DB
    if isinstance(chosen, str) and chosen.startswith(SERVER_SCHEMES):
        return chosen
    return Path(chosen)


def lock_wait_seconds() -> float:
    """Seconds to wait for a locked database file (``$GOVERNANCE_LOCK_WAIT`` overrides)."""
    raw = os.environ.get("GOVERNANCE_LOCK_WAIT")
    try:
        return float(raw) if raw else LOCK_WAIT_SECONDS
    except ValueError:
        return LOCK_WAIT_SECONDS


def small_cell_k() -> int:
    """The small-cell threshold k (``$GOVERNANCE_SMALL_CELL_K`` overrides)."""
    raw = os.environ.get("GOVERNANCE_SMALL_CELL_K")
    try:
        return max(1, int(raw)) if raw else SMALL_CELL_K
    except ValueError:
        return SMALL_CELL_K


# Uploads: the largest file accepted (Streamlit's server.maxUploadSize says the same), and what an
# .xlsx (a zip) may expand to before it is parsed.
MAX_UPLOAD_MB = 200
MAX_UNCOMPRESSED_MB = 1024
MAX_COMPRESSION_RATIO = 100


def max_upload_bytes() -> int:
    """The upload size limit in bytes (``$GOVERNANCE_MAX_UPLOAD_MB`` overrides the 200 MB default)."""
    raw = os.environ.get("GOVERNANCE_MAX_UPLOAD_MB")
    try:
        return int(float(raw) * 1024 * 1024) if raw else MAX_UPLOAD_MB * 1024 * 1024
    except ValueError:
        return MAX_UPLOAD_MB * 1024 * 1024
