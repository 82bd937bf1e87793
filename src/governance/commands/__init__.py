"""Every command family of the command line (``governance.cli`` builds the parser from them).

Each module here defines ``register(subparsers)`` that adds its commands (with help text and
``--db``) and points them at functions returning an exit status. Add a module's name to
``MODULES`` to make its commands appear.
"""

MODULES: tuple[str, ...] = (
    "database",
    "stores",
    "vendors",
    "labels",
    "kpis",
    "contracts",
    "scorecards",
    "disputes",
    "ratchet",
    "excused",
    "survey",
    "risk",
    "billing",
    "allocation",
    "lint",
    "imports",
    "packs",
    "backups",
    "users",
)
