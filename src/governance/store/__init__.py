"""The store: every SQL statement on the stored data, with its values bound.

- ``db``: connections and their lifetime, migrations (``db.connect`` opens a migrated connection
  for one unit of work; ``db.transaction``).
- ``quoting``: ``quote_ident``, the one way a name goes into SQL text.
- ``queries``: the read queries pages, commands and services share.
- ``accounts``, ``contract_rows``, ``imports``, ``labels``, ``workflow_rows``: each service
  family's statements (users, vendors and audit; contracts and targets; import batches and facts;
  each vendor's known labels; escalations, meetings, training and compliance). The services keep
  their rules and call these.
- ``backups`` and ``scope`` (a vendor partner's view of the file).
"""
