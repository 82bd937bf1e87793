"""The import pipeline behind one front door, ``importer``: an upload is checked (``uploads``),
read (``readers``), refused when it holds people (``agent_guard``), mapped by a profile
(``profiles``), parsed cell by cell (``cells``) and staged in DuckDB (``staging``), then written
as day slices of facts (``facts``, ``batches``, through ``store.imports``) in one transaction.
The staging engine's SQL binds every value it needs through ``sql.Params``.
"""
