"""The escalation clock: how old an escalation is, when its response and resolution are due at
its current level, whether either target is breached, and the log that shows all of it.

Each level runs its own clock from when the escalation reached it (L1: from when it was raised),
so moving up a level gives the next level its own window rather than arriving already breached.
Times are naive UTC, as stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from governance.errors import InvalidInput
from governance.store import queries
from governance.workflow.escalations.targets import Target, Targets, default_targets, describe
from governance.workflow.escalations.vocabulary import (
    ACTIVE,
    CATEGORIES,
    LEVEL_LABELS,
    LEVELS,
    SEVERITIES,
    STATUSES,
    one_of,
)


@dataclass(frozen=True)
class Clock:
    """Where one escalation stands against its targets at ``now``."""

    age: timedelta
    target: Target
    response_due: datetime
    resolution_due: datetime
    response_breached: bool
    resolution_breached: bool
    suggestion: str | None


def clock(
    *,
    severity: str,
    level: str,
    status: str,
    raised_at: datetime,
    now: datetime,
    level_since: datetime | None = None,
    acknowledged_at: datetime | None = None,
    resolved_at: datetime | None = None,
    targets: Targets | None = None,
) -> Clock:
    """The clock of one escalation at ``now`` (a pure function).

    The current level's clock starts at ``level_since`` (default ``raised_at``). The response
    target is met by an acknowledgement at this level (``acknowledged_at`` on or after the start)
    or by resolving it; the resolution target by resolving it. A target is breached when the
    response or resolution came — or, while it has not come, ``now`` is — later than the due
    time: exactly at the due time is not breached. A breached resolution target on an active
    escalation below L3 suggests moving up one level; at L3 there is nowhere further to go.
    """
    targets = targets or default_targets()
    target = targets.target(severity, level)
    start = level_since or raised_at
    resolved = resolved_at if status in ("resolved", "closed") else None
    responses = [t for t in (acknowledged_at, resolved) if t is not None and t >= start]
    responded = min(responses) if responses else None
    response_due = start + target.response
    resolution_due = start + target.resolution
    response_breached = (responded or now) > response_due
    resolution_breached = (resolved or now) > resolution_due
    suggestion = None
    if status in ACTIVE and resolution_breached and level != LEVELS[-1]:
        up = LEVELS[LEVELS.index(level) + 1]
        suggestion = (
            f"Resolution target ({describe(target.resolution)} at {level}) breached: "
            f"escalate to {LEVEL_LABELS[up]}."
        )
    return Clock(
        age=(resolved or now) - raised_at,
        target=target,
        response_due=response_due,
        resolution_due=resolution_due,
        response_breached=response_breached,
        resolution_breached=resolution_breached,
        suggestion=suggestion,
    )


def target_state(breached: bool, done: datetime | None) -> str:
    """A text label for the log: ``Breached``, ``Met`` (done in time) or ``Running``."""
    if breached:
        return "Breached"
    return "Met" if done is not None else "Running"


LOG_COLUMNS = [
    "escalation_id",
    "vendor",
    "program",
    "site",
    "category",
    "severity",
    "level",
    "status",
    "title",
    "raised_by",
    "raised_at",
    "level_since",
    "age",
    "age_hours",
    "response_target",
    "resolution_target",
    "response_due",
    "resolution_due",
    "response",
    "resolution",
    "response_breached",
    "resolution_breached",
    "suggestion",
    "version",
]
BREACHED_CHOICES = ("any", "response", "resolution", "none")


def log(
    con: duckdb.DuckDBPyConnection,
    now: datetime,
    *,
    vendor: str | None = None,
    status: str | Iterable[str] | None = None,
    severity: str | Iterable[str] | None = None,
    category: str | Iterable[str] | None = None,
    breached: str | bool | None = None,
    targets: Targets | None = None,
) -> pd.DataFrame:
    """The escalation log at ``now``: one row per escalation, newest first, with its age, the
    targets in force (by severity and current level), due times, breached flags, text labels
    (``response`` / ``resolution``: Breached, Met or Running) and a ``suggestion`` ("" for none).

    Filters: ``vendor`` (a name), ``status`` / ``severity`` / ``category`` (one value or several),
    ``breached``: ``"any"`` or True (either target), ``"response"``, ``"resolution"``, ``"none"``
    or False (neither). Raises ``InvalidInput`` for an unknown filter value.
    """
    statuses = _many(status, STATUSES, "status")
    severities = _many(severity, SEVERITIES, "severity")
    categories = _many(category, CATEGORIES, "category")
    if breached is True:
        breached = "any"
    elif breached is False:
        breached = "none"
    if breached is not None and breached not in BREACHED_CHOICES:
        raise InvalidInput(
            f"'{breached}' is not a breached filter; use one of {', '.join(BREACHED_CHOICES)}."
        )
    targets = targets or default_targets()
    rows = queries.escalation_log_rows(
        con, vendor=vendor, statuses=statuses, severities=severities, categories=categories
    )
    out = []
    for r in rows.to_dict("records"):
        c = clock(
            severity=r["severity"],
            level=r["level"],
            status=r["status"],
            raised_at=_ts(r["raised_at"]),
            now=now,
            level_since=_ts(r["level_since"]),
            acknowledged_at=_ts(r["acknowledged_at_level"]),
            resolved_at=_ts(r["resolved_at"]),
            targets=targets,
        )
        resolved = _ts(r["resolved_at"]) if r["status"] in ("resolved", "closed") else None
        acknowledged = _ts(r["acknowledged_at_level"]) or resolved
        out.append(
            {
                **{
                    k: r[k]
                    for k in (
                        "escalation_id",
                        "vendor",
                        "program",
                        "site",
                        "category",
                        "severity",
                        "level",
                        "status",
                        "title",
                        "raised_by",
                        "raised_at",
                        "version",
                    )
                },
                "level_since": _ts(r["level_since"]) or r["raised_at"],
                "age": describe(c.age),
                "age_hours": c.age.total_seconds() / 3600,
                "response_target": describe(c.target.response),
                "resolution_target": describe(c.target.resolution),
                "response_due": c.response_due,
                "resolution_due": c.resolution_due,
                "response": target_state(c.response_breached, acknowledged),
                "resolution": target_state(c.resolution_breached, resolved),
                "response_breached": c.response_breached,
                "resolution_breached": c.resolution_breached,
                "suggestion": c.suggestion or "",
            }
        )
    frame = pd.DataFrame(out, columns=LOG_COLUMNS)
    if breached == "any":
        frame = frame[frame["response_breached"] | frame["resolution_breached"]]
    elif breached == "response":
        frame = frame[frame["response_breached"]]
    elif breached == "resolution":
        frame = frame[frame["resolution_breached"]]
    elif breached == "none":
        frame = frame[~(frame["response_breached"] | frame["resolution_breached"])]
    return frame.reset_index(drop=True)


def _ts(value) -> datetime | None:
    # pandas' NaT is a datetime too: test for missing first.
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).to_pydatetime()


def _many(value, allowed: tuple[str, ...], what: str) -> list[str] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    for v in values:
        one_of(v, allowed, what)
    return values or None
