"""Contracts: terms, targets in force on a day and their amendments, and the contracts file.

``terms`` holds the services (create, amend, read contracts and targets; load and export the
contracts file), ``spec`` the contracts file's format and the checks on its values, ``editor``
the Contracts page's targets editor and tables. The SQL is in ``governance.store.contract_rows``;
the service credits contracts produce are computed in ``governance.scoring.credits``.

The front door: ``from governance import contracts; contracts.create_contract(...)``.
"""

from governance.contracts.editor import (
    EDITOR_COLUMNS,
    amend_from_table,
    amendment_note,
    amendment_table,
    default_effective_date,
    editable_targets,
    history_table,
    table_changes,
)
from governance.contracts.spec import PRICING, SL_OVER, TIERS, WINDOWS, parse_toml
from governance.contracts.terms import (
    add_amendment,
    add_program,
    check_contract,
    contract_id,
    contract_spec,
    create_contract,
    export_toml,
    load_toml,
    scorecard_sets,
    target_history,
    targets_in_force,
)

__all__ = [
    "EDITOR_COLUMNS",
    "PRICING",
    "SL_OVER",
    "TIERS",
    "WINDOWS",
    "add_amendment",
    "add_program",
    "amend_from_table",
    "amendment_note",
    "amendment_table",
    "check_contract",
    "contract_id",
    "contract_spec",
    "create_contract",
    "default_effective_date",
    "editable_targets",
    "export_toml",
    "history_table",
    "load_toml",
    "parse_toml",
    "scorecard_sets",
    "table_changes",
    "target_history",
    "targets_in_force",
]
