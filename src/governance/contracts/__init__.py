"""Contracts: terms, targets in force on a day and their amendments, and the contracts file.

``terms`` holds the services (create, amend, read contracts and targets; load and export the
contracts file), ``spec`` the contracts file's format and the checks on its values, ``editor``
the Contracts page's targets editor and tables, ``form`` the page's new-contract form, ``lines``
KPI lines as people enter them (names, levels in the KPI's own unit, direction-aware labels)
and ``templates`` the starter contracts (voice, chat, email, back office). The SQL is in ``governance.store.contract_rows``;
the service credits contracts produce are computed in ``governance.scoring.credits``.

The front door: ``from governance import contracts; contracts.create_contract(...)``.
"""

from governance.contracts.editor import (
    EDITOR_COLUMNS,
    TABLE_COLUMNS,
    amend_from_editor,
    amend_from_table,
    amendment_note,
    amendment_table,
    default_effective_date,
    editable_targets,
    editor_table,
    from_target_table,
    history_table,
    table_changes,
    target_table,
)
from governance.contracts.form import create_from_form, form_from_spec, spec_from_form, typical_line
from governance.contracts.spec import PRICING, SL_OVER, TIERS, WINDOWS, parse_toml
from governance.contracts.templates import KINDS, starter, starter_toml
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
    "KINDS",
    "PRICING",
    "SL_OVER",
    "TABLE_COLUMNS",
    "TIERS",
    "WINDOWS",
    "add_amendment",
    "add_program",
    "amend_from_editor",
    "amend_from_table",
    "amendment_note",
    "amendment_table",
    "check_contract",
    "contract_id",
    "contract_spec",
    "create_contract",
    "create_from_form",
    "default_effective_date",
    "editable_targets",
    "editor_table",
    "export_toml",
    "form_from_spec",
    "from_target_table",
    "history_table",
    "load_toml",
    "parse_toml",
    "scorecard_sets",
    "spec_from_form",
    "starter",
    "starter_toml",
    "table_changes",
    "target_history",
    "target_table",
    "targets_in_force",
    "typical_line",
]
