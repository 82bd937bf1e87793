"""Small rules every editable record shares: required and optional text, days, versions, and the
wording acknowledgement that goes into an audit event. One place, so every service words its
refusals the same way."""

from __future__ import annotations

from datetime import date, datetime

from governance.errors import InvalidInput, StaleRecord

WORDING_KEY = "wording_acknowledged"  # where an acknowledged wording finding sits in an audit event


def required_text(value, what: str) -> str:
    """``value`` with its whitespace folded; ``InvalidInput`` ("… is required") when empty."""
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidInput(f"{what} is required.")
    return text


def optional_text(value) -> str | None:
    """``value`` trimmed, or None when empty."""
    text = str(value).strip() if value is not None else ""
    return text or None


def day(value, what: str) -> date:
    """A date from a date, a datetime or ISO text; ``InvalidInput`` naming ``what`` otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{what} '{value}' is not a date: write it as YYYY-MM-DD.") from None


def check_version(before: dict, expected_version: int | None, what: str) -> None:
    """``StaleRecord`` when the record changed since it was read at ``expected_version``."""
    if expected_version is not None and before["version"] != expected_version:
        raise StaleRecord(
            f"{what} was changed by someone else since you opened it (version "
            f"{before['version']}, you had {expected_version}); nothing was saved. Reload to see "
            "their change, then apply yours again."
        )


def with_acknowledgement(after: dict, acknowledged: dict | None) -> dict:
    """The audit ``after`` payload with the wording acknowledgement, when there was one."""
    return after if not acknowledged else {**after, WORDING_KEY: acknowledged}
