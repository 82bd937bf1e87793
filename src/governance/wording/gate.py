"""The gate the services run: acknowledgements of findings, and owners that are never a person."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from governance.errors import InvalidInput, WordingNotAcknowledged
from governance.wording.findings import Finding, _split_words, check_fields
from governance.wording.lexicon import FAMILIES, RuleSet, default_rules
from governance.wording.text import _tokens, _units, lower_case_names

# --- the gate: acknowledgements and owners ------------------------------------------------------

ACKNOWLEDGE_HOW = (
    "Rewrite it as an outcome for the vendor to deliver, or save it with an acknowledgement of "
    "these findings (on the page: tick \u201cSave anyway\u201d; on the command line: "
    "--acknowledge-wording); the acknowledgement is recorded in the audit log."
)


def acknowledgement(findings: Iterable[Finding], rules: RuleSet | None = None) -> dict:
    """A JSON-ready record of findings a user saw and chose to save anyway.

    Pass it to a service as ``acknowledged``; the service keeps it in the audit event's
    ``after`` payload (under ``"wording_acknowledged"``). ``acknowledged`` is False when there
    was nothing to acknowledge.
    """
    items = list(findings)
    rules = rules or default_rules()
    return {
        "acknowledged": bool(items),
        "count": len(items),
        "families": sorted({f.family for f in items}, key=FAMILIES.index),
        "rules_version": rules.version,
        "findings": [
            {
                "field": f.field,
                "family": f.family,
                "rule": f.rule,
                "span": list(f.span),
                "matched": f.text,
            }
            for f in items
        ],
    }


def _key(family, matched) -> tuple[str, str]:
    return str(family), " ".join(str(matched or "").split()).casefold()


def covers(acknowledged: Mapping | None, findings: Iterable[Finding]) -> bool:
    """Whether ``acknowledged`` (an ``acknowledgement``) covers every one of ``findings``: each
    finding's family and words were among those acknowledged (field names and positions may
    differ: a page labels its fields in its own words and text is trimmed before it is
    stored). Text changed since it was acknowledged yields findings it does not cover."""
    wanted = Counter(_key(f.family, f.text) for f in findings)
    if not wanted:
        return True
    if not isinstance(acknowledged, Mapping) or not acknowledged.get("acknowledged"):
        return False
    items = acknowledged.get("findings")
    if not isinstance(items, list):
        return False
    given = Counter(
        _key(item.get("family"), item.get("matched")) for item in items if isinstance(item, Mapping)
    )
    return all(given[k] >= n for k, n in wanted.items())


def require_acknowledged(
    fields: Mapping[str, str | None],
    acknowledged: Mapping | None,
    *,
    not_people: Iterable[str] = (),
    rules: RuleSet | None = None,
) -> dict | None:
    """The gate every service that stores free text passes before it writes.

    Checks ``fields`` (name → text). Clean text: returns None (nothing to record, whatever was
    passed). Findings covered by ``acknowledged``: returns the acknowledgement to keep in the
    audit event. Otherwise raises ``WordingNotAcknowledged`` naming each finding's field, term
    and words and the rewording, and saying how to acknowledge.
    """
    findings = check_fields(fields, rules=rules, not_people=not_people)
    if not findings:
        return None
    if covers(acknowledged, findings):
        return dict(acknowledged)
    raise WordingNotAcknowledged(refusal(findings, stale=bool(acknowledged)))


def refusal(findings: list[Finding], *, stale: bool = False) -> str:
    """The one-line message refusing unacknowledged findings."""
    n = len(findings)
    parts = [
        f"{f.field or 'Text'}: \u201c{f.text}\u201d ({f.label}; instead: {f.suggestion.rstrip('.')})"
        for f in findings
    ]
    lead = (
        "The acknowledgement does not cover the text as it is now (it changed since the findings "
        "were acknowledged); "
        if stale
        else ""
    )
    return (
        f"{lead}Not saved: {n} phrase{'s' if n != 1 else ''} direct{'' if n != 1 else 's'} or "
        f"evaluate{'' if n != 1 else 's'} individual vendor staff (co-employment risk): "
        + "; ".join(parts)
        + ". "
        + ACKNOWLEDGE_HOW
    )


# An owner that is a person: an e-mail address, a number of three digits or more (an employee
# number or login), a login-like single token ("dsmith01", "diane.smith").
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_EMPLOYEE_NO = re.compile(r"(?<![\w-])[A-Za-z]{0,4}[-#]?\d{3,}(?![\w-])|#\s?\d+")
_LOGIN = re.compile(r"^[a-z][a-z0-9]*[._][a-z0-9._]+$|^[a-z]+\d+$", re.IGNORECASE)
_INITIAL_SURNAME = re.compile(r"\b[A-Z]\.\s?[A-Z][a-z'’-]+")
_SURNAME_COMMA = re.compile(r"^\s*[A-Z][A-Za-z'’-]+\s*,\s*[A-Z][a-z'’-]+")


def person_in_owner(
    owner: str | None, *, not_people: Iterable[str] = (), rules: RuleSet | None = None
) -> str | None:
    """What in ``owner`` names a person (an e-mail, an employee number or login, a personal
    name: "Diane Smith", "D. Smith", "SMITH, Diane", "Agent 4471", a given name), or None when
    it reads as a role or an organisation ("Vendor account manager", "Bluebird BPO")."""
    text = " ".join(str(owner or "").split())
    if not text:
        return None
    rules = rules or default_rules()
    found = _EMAIL.search(text) or _EMPLOYEE_NO.search(text) or _INITIAL_SURNAME.search(text)
    if found:
        return found.group()
    if _SURNAME_COMMA.match(text):
        return text
    if " " not in text and _LOGIN.match(text) and text.casefold() not in rules.phrases:
        return text
    blocked = frozenset(w.casefold() for w in _split_words(not_people))
    tokens = _tokens(text)
    lower = lower_case_names(text)
    units = _units(text, tokens, list(range(len(tokens))), rules, blocked, lower)
    for k, u in enumerate(units):
        if u.has("given") and not (u.entry and u.entry.tags - {"verb", "base"}):
            end = k + 1
            while end < len(units) and units[end].cap and units[end].has("name"):
                end += 1  # the surname: "Zodwa Khumalo"
            return text[u.start : units[end - 1].end]
        if u.has("titles") and k + 1 < len(units) and units[k + 1].cap:
            return f"{u.text} {units[k + 1].text}"
        if u.has("frontline", "roles", "person_nouns") and k + 1 < len(units):
            nxt = units[k + 1]
            if nxt.has("num") or (nxt.has("name") and nxt.cap):
                return f"{u.text} {nxt.text}"
        if u.has("name") and k + 1 < len(units) and units[k + 1].has("name"):
            if not units[k + 1].has("org"):
                return f"{u.text} {units[k + 1].text}"
    return None


def check_owner(
    owner: str | None, *, not_people: Iterable[str] = (), rules: RuleSet | None = None
) -> None:
    """Refuse an owner that names a person: an action item is owned by a role or an
    organisation, never an individual. This refusal cannot be acknowledged."""
    person = person_in_owner(owner, not_people=not_people, rules=rules)
    if person is not None:
        raise InvalidInput(
            f"An action item's owner is a role or an organisation, never a person: "
            f"\u201c{' '.join(str(owner).split())}\u201d names one (\u201c{person}\u201d). "
            "Name the role instead, e.g. \u201cVendor account manager\u201d or \u201cClient VMO "
            "lead\u201d. This cannot be saved with an acknowledgement."
        )
