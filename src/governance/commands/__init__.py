"""Command families of the CLI beyond the core ones in ``governance.cli``.

Each module here defines ``register(subparsers)`` that adds its commands (with help text and
``--db``) and points them at functions returning an exit status. Add a module's name to
``MODULES`` to make its commands appear.
"""

MODULES: tuple[str, ...] = (
    "contracts",
    "scorecards",
    "lint",
    "imports",
    "packs",
    "backups",
    "users",
)
