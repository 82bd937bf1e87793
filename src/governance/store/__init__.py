"""The store: connections and their lifetime (``db``), the schema's migrations, every read query
(``queries``), the one identifier-quoting helper (``db.quote_ident``), backups and a vendor
partner's scope.

Start at ``db.connect`` (a migrated connection for one unit of work) and ``db.transaction``.
"""
