"""Escalation targets: a response and a resolution target per severity, the same at every level
unless the rules file overrides one level, loaded and validated from
``workflow/rules/escalation_targets.toml`` (or another file of the same shape)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from governance.errors import InvalidInput
from governance.workflow.escalations.vocabulary import LEVELS, SEVERITIES, one_of


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
        one_of(severity, SEVERITIES, "severity")
        one_of(level, LEVELS, "level")
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
