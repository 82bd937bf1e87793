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
wording check in the shell; what the user acknowledged (``guardrails.acknowledgement``) is passed
as ``acknowledged`` and kept in the audit event's ``after`` payload.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from governance.access import audit, records, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound, StaleRecord
from governance.store import queries
from governance.store.db import transaction

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

_SELECT = (
    "SELECT e.escalation_id, v.name AS vendor, e.vendor_id, e.program, e.site, e.category, "
    "e.severity, e.level, e.status, e.title, e.description, e.raised_by, e.raised_at, "
    "e.acknowledged_at, e.resolved_at, e.closed_at, e.root_cause, e.resolution, e.version "
    "FROM escalations e JOIN vendors v ON v.vendor_id = e.vendor_id WHERE e.escalation_id = ?"
)


# --- targets ------------------------------------------------------------------------------------


class TargetsError(InvalidInput):
    """The escalation targets file is not valid; the message names the entry at fault."""


@dataclass(frozen=True)
class Target:
    """The response and resolution targets for one severity at one level."""

    response: timedelta
    resolution: timedelta


@dataclass(frozen=True)
class Targets:
    """Validated targets: a default per severity and optional per-level overrides."""

    version: int
    defaults: dict[str, Target]
    overrides: dict[tuple[str, str], Target]
    source: str = ""

    def target(self, severity: str, level: str) -> Target:
        """The target in force for ``severity`` at ``level``."""
        _one_of(severity, SEVERITIES, "severity")
        _one_of(level, LEVELS, "level")
        return self.overrides.get((level, severity), self.defaults[severity])

    def table(self) -> pd.DataFrame:
        """Every severity × level with its targets as text, for display."""
        rows = [
            {
                "severity": s,
                "level": lv,
                "response": describe(t.response),
                "resolution": describe(t.resolution),
            }
            for s in SEVERITIES
            for lv in LEVELS
            for t in [self.target(s, lv)]
        ]
        return pd.DataFrame(rows, columns=["severity", "level", "response", "resolution"])


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhd])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_duration(text: object, where: str = "duration") -> timedelta:
    """``"4h"`` → 4 hours, ``"2d"`` → 2 days, ``"90m"`` → 90 minutes; ``TargetsError`` otherwise."""
    match = _DURATION.match(str(text)) if isinstance(text, str) else None
    if not match or float(match.group(1)) <= 0:
        raise TargetsError(
            f"{where}: {text!r} is not a duration; write a positive number and a unit, "
            "e.g. '4h', '2d' or '90m'."
        )
    return timedelta(**{_UNITS[match.group(2)]: float(match.group(1))})


def load_targets(path: str | Path | None = None) -> Targets:
    """Load and validate an escalation targets file (default: the packaged one).

    Raises ``TargetsError`` for a file that cannot be read or parsed, an unknown key, severity or
    level, a missing severity, a value that is not a duration, or a response target longer than
    the resolution target; the message names the entry.
    """
    if path is None:
        source = "rules/escalation_targets.toml"
        text = (
            resources.files("governance.workflow.rules")
            .joinpath("escalation_targets.toml")
            .read_text("utf-8")
        )
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise TargetsError(f"Cannot read the escalation targets file {source}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TargetsError(
            f"The escalation targets file {source} is not valid TOML: {exc}"
        ) from None
    return _build_targets(data, source)


def _build_targets(data: dict, source: str) -> Targets:
    unknown = set(data) - {"version", "defaults", "levels"}
    if unknown:
        raise TargetsError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}.")
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise TargetsError(f"{source}: version must be a whole number.")
    defaults_spec = data.get("defaults", {})
    if not isinstance(defaults_spec, dict):
        raise TargetsError(f"{source}: [defaults] must be a table of severities.")
    missing = [s for s in SEVERITIES if s not in defaults_spec]
    if missing:
        raise TargetsError(f"{source}: no default target for {', '.join(missing)}.")
    defaults = {}
    for severity, spec in defaults_spec.items():
        defaults[severity] = _target(spec, severity, f"{source} [defaults.{severity}]")
    overrides = {}
    levels_spec = data.get("levels", {})
    if not isinstance(levels_spec, dict):
        raise TargetsError(f"{source}: [levels] must be a table of levels.")
    for level, per_severity in levels_spec.items():
        if level not in LEVELS:
            raise TargetsError(
                f"{source}: [levels.{level}] is not a level; use {', '.join(LEVELS)}."
            )
        if not isinstance(per_severity, dict):
            raise TargetsError(f"{source}: [levels.{level}] must be a table of severities.")
        for severity, spec in per_severity.items():
            where = f"{source} [levels.{level}.{severity}]"
            base = defaults.get(severity)
            overrides[(level, severity)] = _target(spec, severity, where, base)
    return Targets(version=version, defaults=defaults, overrides=overrides, source=source)


def _target(spec: object, severity: str, where: str, base: Target | None = None) -> Target:
    if severity not in SEVERITIES:
        raise TargetsError(f"{where}: {severity!r} is not a severity; use {', '.join(SEVERITIES)}.")
    if not isinstance(spec, dict):
        raise TargetsError(f'{where}: give response and resolution, e.g. response = "4h".')
    unknown = set(spec) - {"response", "resolution"}
    if unknown:
        raise TargetsError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}.")
    if base is None and set(spec) != {"response", "resolution"}:
        raise TargetsError(f"{where}: both response and resolution are required.")
    response = (
        parse_duration(spec["response"], f"{where} response")
        if "response" in spec
        else base.response
    )
    resolution = (
        parse_duration(spec["resolution"], f"{where} resolution")
        if "resolution" in spec
        else base.resolution
    )
    if response > resolution:
        raise TargetsError(
            f"{where}: the response target ({describe(response)}) is longer than the resolution "
            f"target ({describe(resolution)})."
        )
    return Target(response=response, resolution=resolution)


@lru_cache(maxsize=1)
def default_targets() -> Targets:
    """The packaged targets, loaded and validated once per process."""
    return load_targets()


def describe(delta: timedelta) -> str:
    """A duration in plain words: ``4 h``, ``2 d``, ``3 d 4 h``, ``45 min``."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 0:
        return "-" + describe(-delta)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if not days and (mins or not hours):
        parts.append(f"{mins} min")
    return " ".join(parts)


# --- the clock ----------------------------------------------------------------------------------


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


def history(con: duckdb.DuckDBPyConnection, escalation_id: int) -> pd.DataFrame:
    """Every recorded change of one escalation, oldest first: ``occurred_at``, ``actor``,
    ``from_status``, ``to_status``, ``from_level``, ``to_level``, ``note``. ``NotFound`` if the
    escalation does not exist."""
    get(con, escalation_id)
    return queries.escalation_history(con, escalation_id)


def next_actions(status: str, level: str) -> list[str]:
    """The named actions (``ACTIONS``) allowed from ``status`` at ``level``, in path order."""
    allowed = TRANSITIONS.get(status, ())
    out = [a for a, to in ACTIONS.items() if to in allowed]
    if level == LEVELS[-1] and "escalate" in out:
        out.remove("escalate")
    return out


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
        _one_of(v, allowed, what)
    return values or None


# --- services -----------------------------------------------------------------------------------


def get(con: duckdb.DuckDBPyConnection, escalation_id: int) -> dict:
    """One escalation as a dict (with the vendor's name); ``NotFound`` if there is none."""
    cur = con.execute(_SELECT, [escalation_id])
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"No escalation with id {escalation_id}.")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def raise_escalation(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    category: str,
    severity: str,
    title: str,
    description: str,
    program: str | None = None,
    site: str | None = None,
    raised_at: datetime | None = None,
    level: str = "L1",
    acknowledged: dict | None = None,
) -> int:
    """Open an escalation against a vendor (optionally one program and/or site); returns its id.

    ``raised_by`` is the acting user. Records the first ``escalation_events`` row (status
    ``open`` at ``level``) and an audit event whose ``after`` carries ``wording_acknowledged``
    when the user saved flagged wording anyway. Raises ``PermissionDenied``, ``NotFound``
    (vendor) or ``InvalidInput`` (unknown category, severity or level, empty title or
    description, text too long).
    """
    require(actor, "governance.write")
    _one_of(category, CATEGORIES, "category")
    _one_of(severity, SEVERITIES, "severity")
    _one_of(level, LEVELS, "level")
    title = _text(title, "An escalation's title", MAX_TITLE)
    description = _text(description, "An escalation's description (what went wrong)")
    program = _optional(program, "The program")
    site = _optional(site, "The site")
    vendor_id = vendors.vendor_id(con, vendor)
    at = raised_at or audit.now()
    with transaction(con):
        escalation_id = con.execute(
            "INSERT INTO escalations (vendor_id, program, site, category, severity, level, status, "
            "title, description, raised_by, raised_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING escalation_id",
            [
                vendor_id,
                program,
                site,
                category,
                severity,
                level,
                title,
                description,
                actor.name,
                at,
            ],
        ).fetchone()[0]
        con.execute(
            "INSERT INTO escalation_events (escalation_id, occurred_at, actor, from_status, "
            "to_status, from_level, to_level, note) VALUES (?, ?, ?, NULL, 'open', NULL, ?, ?)",
            [escalation_id, at, actor.name, level, "Raised"],
        )
        after = records.with_acknowledgement(get(con, escalation_id), acknowledged)
        audit.record(con, actor, "escalation.raise", "escalation", escalation_id, None, after)
    return escalation_id


def transition(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    to_status: str,
    to_level: str | None = None,
    note: str | None = None,
    at: datetime | None = None,
    root_cause: str | None = None,
    resolution: str | None = None,
    expected_version: int | None = None,
    acknowledged: dict | None = None,
) -> dict:
    """Move an escalation to ``to_status`` (and ``to_level``); returns the updated escalation.

    ``escalated`` moves it up one level unless ``to_level`` names a higher one; ``resolved``
    needs a ``resolution`` (given now or earlier). Timestamps: ``acknowledged_at`` is set the
    first time it is acknowledged, ``resolved_at`` / ``closed_at`` when resolved / closed
    (cleared on reopening). With ``expected_version``, a record changed since it was read raises
    ``StaleRecord`` and nothing is written (the named actions below always pass it). Raises
    ``NotFound``, ``PermissionDenied`` or ``InvalidInput`` for a step the path does not allow or
    a time before the last recorded change.
    """
    require(actor, "governance.write")
    _one_of(to_status, STATUSES, "status")
    if to_level is not None:
        _one_of(to_level, LEVELS, "level")
    when = at or audit.now()
    note = _optional(note, "A note", MAX_TEXT)
    root_cause = _optional(root_cause, "The root cause", MAX_TEXT)
    resolution = _optional(resolution, "The resolution", MAX_TEXT)
    with transaction(con):
        before = get(con, escalation_id)
        if expected_version is not None and before["version"] != expected_version:
            raise StaleRecord(_stale_message(con, before))
        status, level = before["status"], before["level"]
        if to_status not in TRANSITIONS[status]:
            allowed = ", ".join(TRANSITIONS[status]) or "nothing (it is closed)"
            raise InvalidInput(
                f"Escalation {escalation_id} is {status}; it can move to {allowed}, not {to_status}."
            )
        new_level = to_level or level
        if to_status == "escalated":
            if to_level is None:
                if level == LEVELS[-1]:
                    raise InvalidInput(
                        f"Escalation {escalation_id} is already at {level}, the executive level: "
                        "there is no higher level to escalate to."
                    )
                new_level = LEVELS[LEVELS.index(level) + 1]
            elif LEVELS.index(to_level) <= LEVELS.index(level):
                raise InvalidInput(
                    f"Escalating moves up the path: escalation {escalation_id} is at {level}, "
                    f"so escalate to a higher level than {to_level}."
                )
        elif to_level is not None and to_level != level:
            raise InvalidInput(
                f"Only escalating changes the level; escalation {escalation_id} stays at {level} "
                f"when it is {to_status}."
            )
        last = con.execute(
            "SELECT max(occurred_at) FROM escalation_events WHERE escalation_id = ?",
            [escalation_id],
        ).fetchone()[0]
        if last is not None and when < last:
            raise InvalidInput(
                f"The change is dated {when:%Y-%m-%d %H:%M}, before the escalation's last recorded "
                f"change ({last:%Y-%m-%d %H:%M})."
            )
        root_cause = root_cause or before["root_cause"]
        resolution = resolution or before["resolution"]
        if to_status == "resolved" and not resolution:
            raise InvalidInput(
                "Say how the escalation was resolved (the resolution) to resolve it."
            )
        acknowledged_at = before["acknowledged_at"]
        if to_status == "acknowledged" and acknowledged_at is None:
            acknowledged_at = when
        resolved_at, closed_at = before["resolved_at"], before["closed_at"]
        if to_status == "resolved":
            resolved_at = when
        elif to_status == "closed":
            closed_at = when
        elif to_status == "open":
            resolved_at = closed_at = None
        con.execute(
            "UPDATE escalations SET status = ?, level = ?, acknowledged_at = ?, resolved_at = ?, "
            "closed_at = ?, root_cause = ?, resolution = ?, version = version + 1 "
            "WHERE escalation_id = ?",
            [
                to_status,
                new_level,
                acknowledged_at,
                resolved_at,
                closed_at,
                root_cause,
                resolution,
                escalation_id,
            ],
        )
        con.execute(
            "INSERT INTO escalation_events (escalation_id, occurred_at, actor, from_status, "
            "to_status, from_level, to_level, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [escalation_id, when, actor.name, status, to_status, level, new_level, note],
        )
        after = get(con, escalation_id)
        recorded = records.with_acknowledgement({**after, "note": note}, acknowledged)
        audit.record(
            con, actor, "escalation.transition", "escalation", escalation_id, before, recorded
        )
    return after


def acknowledge(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    note: str | None = None,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Acknowledge an open (or newly escalated) escalation at its current level."""
    return transition(
        con,
        actor,
        escalation_id,
        to_status="acknowledged",
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def escalate(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    note: str | None = None,
    to_level: str | None = None,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Move an escalation up the path (L1 → L2 → L3, or to ``to_level``); refused beyond L3."""
    return transition(
        con,
        actor,
        escalation_id,
        to_status="escalated",
        to_level=to_level,
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def resolve(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    root_cause: str,
    resolution: str,
    note: str | None = None,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Resolve an escalation; both the root cause and the resolution are required."""
    root_cause = _text(root_cause, "The root cause (why it happened)", MAX_TEXT)
    resolution = _text(resolution, "The resolution (what was done)", MAX_TEXT)
    return transition(
        con,
        actor,
        escalation_id,
        to_status="resolved",
        root_cause=root_cause,
        resolution=resolution,
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def close(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    note: str | None = None,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Close a resolved escalation (final: a closed escalation cannot be reopened)."""
    return transition(
        con,
        actor,
        escalation_id,
        to_status="closed",
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def reopen(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    *,
    expected_version: int,
    note: str,
    acknowledged: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Reopen a resolved escalation at its current level; the note (why) is required."""
    note = _text(note, "A note saying why the escalation is reopened", MAX_TEXT)
    return transition(
        con,
        actor,
        escalation_id,
        to_status="open",
        note=note,
        at=at,
        expected_version=expected_version,
        acknowledged=acknowledged,
    )


def apply(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    escalation_id: int,
    action: str,
    *,
    expected_version: int,
    note: str | None = None,
    root_cause: str | None = None,
    resolution: str | None = None,
    acknowledged: dict | None = None,
) -> dict:
    """Run one named action (a key of ``ACTIONS``), as the page does."""
    common = {"expected_version": expected_version, "note": note, "acknowledged": acknowledged}
    if action == "acknowledge":
        return acknowledge(con, actor, escalation_id, **common)
    if action == "escalate":
        return escalate(con, actor, escalation_id, **common)
    if action == "resolve":
        return resolve(
            con,
            actor,
            escalation_id,
            root_cause=root_cause or "",
            resolution=resolution or "",
            **common,
        )
    if action == "close":
        return close(con, actor, escalation_id, **common)
    if action == "reopen":
        return reopen(con, actor, escalation_id, **{**common, "note": note or ""})
    raise InvalidInput(f"'{action}' is not an escalation action; use one of {', '.join(ACTIONS)}.")


def _stale_message(con: duckdb.DuckDBPyConnection, current: dict) -> str:
    last = con.execute(
        "SELECT actor, occurred_at FROM escalation_events WHERE escalation_id = ? "
        "ORDER BY occurred_at DESC, event_id DESC LIMIT 1",
        [current["escalation_id"]],
    ).fetchone()
    by = f" by {last[0]} at {last[1]:%Y-%m-%d %H:%M} UTC" if last else ""
    return (
        f"Escalation {current['escalation_id']} was changed{by} since you opened it (it is now "
        f"{current['status']} at {current['level']}). Nothing was saved: reload it to see that "
        "change, then apply yours again. Your text is kept."
    )


def _one_of(value, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise InvalidInput(
            f"'{value}' is not an escalation {what}; use one of {', '.join(allowed)}."
        )


def _text(value, what: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidInput(f"{what} is required.")
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text)} characters long; keep it to {limit}.")
    return text


def _optional(value, what: str, limit: int = MAX_TITLE) -> str | None:
    text = " ".join(str(value or "").split())
    return _text(text, what, limit) if text else None
