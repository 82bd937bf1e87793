"""Small rules every editable record shares: required and optional text, days, versions, and the
wording acknowledgement that goes into an audit event. One place, so every service words its
refusals the same way."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from governance.errors import InvalidInput, StaleRecord

WORDING_KEY = "wording_acknowledged"  # where an acknowledged wording finding sits in an audit event


# Characters that can rewrite what a terminal or a reader sees: control characters (ESC starts
# terminal escape sequences, BEL, NUL …) other than line breaks and tabs, and the bidirectional
# overrides and isolates that reorder text (U+202E shows "exe.txt" as "txt.exe").
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


MULTILINE = "\n\r\t"  # the control characters multi-line text may hold


def is_unsafe(ch: str) -> bool:
    """Whether the character ``ch`` is a control character or a bidirectional override, isolate
    or mark: one that can disguise text on a screen."""
    return ch in _BIDI or unicodedata.category(ch) == "Cc"


# Every character ``is_unsafe`` holds (control characters are U+0000-U+001F and U+007F-U+009F),
# for checks that cannot call it: the import's SQL builds its pattern from this set.
UNSAFE_CHARACTERS = frozenset(ch for ch in map(chr, range(0xA0)) if is_unsafe(ch)) | _BIDI


def _escape(ch: str) -> str:
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


_SHOWN = {ord(ch): _escape(ch) for ch in UNSAFE_CHARACTERS}
_SHOWN_MULTILINE = {k: v for k, v in _SHOWN.items() if chr(k) not in MULTILINE}


def shown(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control or bidirectional-override character written as a visible
    escape (ESC as ``\\x1b``, U+202E as ``\\u202e``), so a terminal or a reader shows it instead
    of obeying it. Line breaks and tabs stay as they are in ``multiline`` text."""
    return text.translate(_SHOWN_MULTILINE if multiline else _SHOWN)


def unsafe_character(text: str, *, multiline: bool = False) -> str | None:
    """A description of the first control or bidirectional-override character in ``text``
    (e.g. "ESC (U+001B) at position 4"), or None when there is none. Line breaks and tabs are
    allowed in ``multiline`` text."""
    allowed = MULTILINE if multiline else ""
    for i, ch in enumerate(text, start=1):
        if ch in allowed:
            continue
        if is_unsafe(ch):
            name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch), "control character")
            return f"{name} (U+{ord(ch):04X}) at position {i}"
    return None


_CONTROL_NAMES = {0x1B: "ESC", 0x07: "BEL", 0x00: "NUL", 0x08: "BACKSPACE", 0x9B: "CSI"}


def check_characters(text: str, what: str, *, multiline: bool = False) -> str:
    """``text`` when it holds no control or bidirectional-override character; ``InvalidInput``
    naming the character and where it is otherwise (nothing is stored, nothing printed raw)."""
    found = unsafe_character(text, multiline=multiline)
    if found:
        raise InvalidInput(
            f"{what} contains a character that can disguise text on a screen: {found}. Remove "
            "it and save again."
        )
    return text


def required_text(value, what: str) -> str:
    """``value`` with its whitespace folded; ``InvalidInput`` ("… is required") when empty or
    when it holds a control or bidirectional-override character."""
    raw = str(value or "")
    check_characters(raw, what, multiline=True)
    text = " ".join(raw.split())
    if not text:
        raise InvalidInput(f"{what} is required.")
    return text


def optional_text(value, what: str = "The text") -> str | None:
    """``value`` trimmed, or None when empty; ``InvalidInput`` when it holds a control or
    bidirectional-override character (line breaks and tabs are fine)."""
    text = str(value).strip() if value is not None else ""
    check_characters(text, what, multiline=True)
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
