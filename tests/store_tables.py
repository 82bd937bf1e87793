"""What a test asks of either store about its tables (information_schema, which DuckDB and
PostgreSQL both answer): every table, the schema's and temporary ones, and the temporary ones."""

TABLES = (
    "SELECT table_name FROM information_schema.tables "
    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
)
TEMPORARY_TABLES = TABLES + " AND table_type = 'LOCAL TEMPORARY'"
