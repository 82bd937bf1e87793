"""The words of an escalation: its categories, severities, levels, statuses, the path between the
statuses and the named actions that move along it, with the check every value passes."""

from __future__ import annotations

from governance.errors import InvalidInput

CATEGORIES = (
    "service_performance",
    "compliance_data_security",
    "billing",
    "relationship",
    "operational_incident",
)
CATEGORY_LABELS = {
    "service_performance": "Service performance",
    "compliance_data_security": "Compliance / data security",
    "billing": "Billing",
    "relationship": "Relationship",
    "operational_incident": "Operational incident",
}
SEVERITIES = ("P1", "P2", "P3", "P4")
LEVELS = ("L1", "L2", "L3")
LEVEL_LABELS = {"L1": "L1 operational", "L2": "L2 management", "L3": "L3 executive"}
STATUSES = ("open", "acknowledged", "escalated", "resolved", "closed")
ACTIVE = ("open", "acknowledged", "escalated")  # the clock runs; a suggestion may apply
MAX_TITLE = 200
MAX_TEXT = 4000

# Which status may follow which. A resolved escalation may be reopened; a closed one is final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("acknowledged", "escalated", "resolved"),
    "acknowledged": ("escalated", "resolved"),
    "escalated": ("acknowledged", "escalated", "resolved"),
    "resolved": ("closed", "open"),
    "closed": (),
}
# The named actions of the page and the services, and the status each one moves to.
ACTIONS: dict[str, str] = {
    "acknowledge": "acknowledged",
    "escalate": "escalated",
    "resolve": "resolved",
    "close": "closed",
    "reopen": "open",
}


def one_of(value, allowed: tuple[str, ...], what: str) -> None:
    """``InvalidInput`` unless ``value`` is one of ``allowed`` (``what`` names the field)."""
    if value not in allowed:
        raise InvalidInput(
            f"'{value}' is not an escalation {what}; use one of {', '.join(allowed)}."
        )
