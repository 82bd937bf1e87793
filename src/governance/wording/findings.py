"""Findings: what ``check`` returns, and the check itself."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from governance.wording.clauses import _analyse, _complements
from governance.wording.frames import _Frames, _Hit, _line_names
from governance.wording.lexicon import FAMILIES, RuleSet, default_rules
from governance.wording.text import _clauses, _tokens, _units, lower_case_names


@dataclass(frozen=True)
class Finding:
    """One risky phrase: its family (the term of employment), where it is (``span`` = start,
    end in the text checked), the words matched, why it is a risk and an outcome-based
    rewording; ``rule`` names the parser's frame and the word it matched on."""

    family: str
    span: tuple[int, int]
    text: str
    explanation: str
    suggestion: str
    rule: str
    label: str = ""
    field: str | None = None

    def to_dict(self) -> dict:
        """A JSON-ready dict (``span`` as a two-item list)."""
        out = {
            "family": self.family,
            "label": self.label,
            "span": list(self.span),
            "matched": self.text,
            "explanation": self.explanation,
            "suggestion": self.suggestion,
            "rule": self.rule,
        }
        if self.field is not None:
            out["field"] = self.field
        return out


# --- checking ----------------------------------------------------------------------------------


def check(
    text: str | None, *, rules: RuleSet | None = None, not_people: Iterable[str] = ()
) -> list[Finding]:
    """The risky phrases in ``text``, in order of position (empty when the text is clean).

    ``not_people``: names that are never a person here (vendor, site and program names known
    to the caller), so "Crestline's AHT" is read as a vendor's figure. Overlapping findings of
    one family are reported once.
    """
    if not text or not text.strip():
        return []
    rules = rules or default_rules()
    blocked = frozenset(w.casefold() for w in _split_words(not_people))
    tokens = _tokens(text)
    lower = lower_case_names(text)
    clauses = [_units(text, tokens, c, rules, blocked, lower) for c in _clauses(text, tokens)]
    hits: list[_Hit] = []
    for k, units in enumerate(clauses):
        for part, requested, told in _complements(units, rules):
            hits += _Frames(_analyse(part, rules, requested, told)).run()
        if k + 1 < len(clauses):
            hits += _line_names(units, clauses[k + 1], rules)
    return _dedupe([_finding(text, h, rules) for h in hits])


def _finding(text: str, hit: _Hit, rules: RuleSet) -> Finding:
    fam = rules.families[hit.family]
    start, end = _trim(text, hit.start, hit.end)
    return Finding(
        family=hit.family,
        span=(start, end),
        text=text[start:end],
        explanation=f"{fam.explanation} {fam.basis}",
        suggestion=fam.suggestion,
        rule=f"{hit.family}/{hit.frame}:{hit.word}",
        label=fam.label,
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "-•*·,;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _dedupe(found: list[Finding]) -> list[Finding]:
    """One finding per family where findings overlap (the longest kept), in text order."""
    kept: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.span[0] - f.span[1], f.span[0])):
        if any(
            k.family == f.family and k.span[0] < f.span[1] and f.span[0] < k.span[1] for k in kept
        ):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: (f.span[0], -f.span[1], FAMILIES.index(f.family)))


def _split_words(values: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for value in values:
        words.update(w for w in re.split(r"[^\w'’-]+", str(value or "")) if w)
    return words


def check_fields(
    fields: Mapping[str, str | None],
    *,
    rules: RuleSet | None = None,
    not_people: Iterable[str] = (),
) -> list[Finding]:
    """``check`` each named text field; every finding carries its ``field`` name."""
    out: list[Finding] = []
    for name, value in fields.items():
        out += [replace(f, field=name) for f in check(value, rules=rules, not_people=not_people)]
    return out


def family_label(family: str, rules: RuleSet | None = None) -> str:
    """The readable name of a family ("discipline, coaching or appraisal of a person")."""
    return (rules or default_rules()).label(family)


def excerpt(text: str, span: tuple[int, int], width: int = 40) -> str:
    """The matched words with up to ``width`` characters of context each side, on one line."""
    start, end = span
    lo, hi = max(0, start - width), min(len(text), end + width)
    while lo > 0 and not text[lo - 1].isspace() and start - lo < width + 15:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - end < width + 15:
        hi += 1
    body = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
