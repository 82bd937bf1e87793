"""The import pipeline behind one front door, ``importer``: an upload is checked (``uploads``),
read (``readers``), refused when it holds people (``agent_guard``), mapped by a profile
(``profiles``; one suggested from its headers and values by ``suggest``, measured by
``column_stats``), parsed cell by cell (``cells``) and staged in DuckDB (``staging``), its labels
checked against the vendor's known labels (``labels``), then written as day slices of facts
(``facts``, ``batches``, through ``store.imports``) in one transaction.
The staging engine's SQL binds every value it needs through ``sql.Params``.
"""
