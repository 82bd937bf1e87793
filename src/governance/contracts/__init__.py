"""Contracts: terms, targets in force on a day and their amendments, the contracts file, and the
service credits they produce (``contracts.credits``).

The front door: ``from governance import contracts; contracts.create_contract(...)``.
"""

from governance.contracts.terms import (
    EDITOR_COLUMNS,
    PRICING,
    SL_OVER,
    TIERS,
    WINDOWS,
    add_amendment,
    add_program,
    amend_from_table,
    amendment_note,
    amendment_table,
    check_contract,
    contract_id,
    contract_spec,
    create_contract,
    default_effective_date,
    editable_targets,
    export_toml,
    history_table,
    load_toml,
    parse_toml,
    scorecard_sets,
    table_changes,
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
