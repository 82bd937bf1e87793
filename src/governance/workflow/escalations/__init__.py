"""Escalations: raise one and move it along its path (open → acknowledged → escalated → resolved →
closed), keeping every change with who and when in ``escalation_events``; and the clock that says
how old each one is, which response and resolution targets are in force and whether they are
breached.

The path runs L1 operational (client vendor manager ↔ vendor account manager), L2 management
(VMO lead ↔ vendor operations director), L3 executive (sponsors / steering committee).

Targets are data (``rules/escalation_targets.toml``): a response and a resolution target per
severity, the same at every level unless the file overrides one level. Each level runs its own
clock from when the escalation reached it (L1: from when it was raised), so moving up a level
gives the next level its own window rather than arriving already breached. Times are naive UTC,
as stored.

Every write takes ``expected_version`` (the version the caller read); a record changed since is
refused with ``StaleRecord`` and nothing is written. Free text goes through the co-employment
wording check before anything is written: findings the caller did not acknowledge
(``wording.acknowledgement``, passed as ``acknowledged``) are refused with
``WordingNotAcknowledged``; an acknowledgement that covers them is kept in the audit event's
``after`` payload.

The modules, along the seams:

- ``vocabulary``: categories, severities, levels, statuses, the path and the named actions.
- ``targets``: the response and resolution targets, loaded from ``workflow/rules/*.toml``.
- ``clock``: due times, breached flags and the suggestion to move up, and the log built on them.
- ``workflow``: the services (raise, transition and its named actions, get, history).

Every public name is importable from here: ``from governance.workflow import escalations``.
"""

from __future__ import annotations

from governance.workflow.escalations.clock import (
    BREACHED_CHOICES,
    LOG_COLUMNS,
    Clock,
    clock,
    log,
    target_state,
)
from governance.workflow.escalations.targets import (
    Target,
    Targets,
    TargetsError,
    default_targets,
    describe,
    load_targets,
    parse_duration,
)
from governance.workflow.escalations.vocabulary import (
    ACTIONS,
    ACTIVE,
    CATEGORIES,
    CATEGORY_LABELS,
    LEVEL_LABELS,
    LEVELS,
    MAX_TEXT,
    MAX_TITLE,
    SEVERITIES,
    STATUSES,
    TRANSITIONS,
)
from governance.workflow.escalations.workflow import (
    acknowledge,
    apply,
    close,
    escalate,
    get,
    history,
    next_actions,
    raise_escalation,
    reopen,
    resolve,
    transition,
)

__all__ = [
    "ACTIONS",
    "ACTIVE",
    "BREACHED_CHOICES",
    "CATEGORIES",
    "CATEGORY_LABELS",
    "LEVELS",
    "LEVEL_LABELS",
    "LOG_COLUMNS",
    "MAX_TEXT",
    "MAX_TITLE",
    "SEVERITIES",
    "STATUSES",
    "TRANSITIONS",
    "Clock",
    "Target",
    "Targets",
    "TargetsError",
    "acknowledge",
    "apply",
    "clock",
    "close",
    "default_targets",
    "describe",
    "escalate",
    "get",
    "history",
    "load_targets",
    "log",
    "next_actions",
    "parse_duration",
    "raise_escalation",
    "reopen",
    "resolve",
    "target_state",
    "transition",
]
