"""The co-employment wording check: find free text that directs or evaluates individual vendor
staff, explain the risk, and propose an outcome-based rewording.

The rules are data (``rules/wording.toml``), loaded once and validated: an unknown family or
key, a regular expression that does not compile or an unknown ``{term}`` raises ``RulesError``
naming the rule. The checker warns; it never blocks. A user may save anyway, and
``acknowledgement`` turns the findings they acknowledged into a JSON-ready record for the audit
trail.

    >>> [f.family for f in check("coach John on his tone")]
    ['discipline']
    >>> check("the vendor will hire 10 agents for the peak")
    []
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from governance.errors import InvalidInput
from governance.store import queries

# The seven families of domain.md, in its order. The rules file describes each one.
FAMILIES: tuple[str, ...] = (
    "hiring_firing",
    "discipline",
    "scheduling",
    "pay",
    "supervision",
    "integration",
    "named_performance",
)

REPORT_COLUMNS = [
    "record_type",
    "record_id",
    "vendor",
    "field",
    "family",
    "label",
    "matched",
    "excerpt",
    "explanation",
    "suggestion",
    "start",
    "end",
    "rule",
]

_TOP_KEYS = {"version", "families", "terms", "names", "rule"}
_FAMILY_KEYS = {"label", "explanation", "suggestion"}
_NAMES_KEYS = {"not_names", "given_names", "org_suffixes"}
_RULE_KEYS = {
    "id",
    "family",
    "pattern",
    "unless_before",
    "explanation",
    "suggestion",
    "examples",
    "safe_examples",
}
_BUILT_IN = {"name", "given"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TERM_NAME = re.compile(r"^[a-z][a-z_]*$")
_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")
_FLAGS = re.IGNORECASE | re.VERBOSE | re.MULTILINE
# Where a sentence ends, for ``unless_before``: the subject of a verb is in its own sentence.
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")
# Words are marked before matching: a known given name (any case) gets GIVEN around it, any
# other capitalised word that may be a name gets NAME. Both are ASCII separator characters that
# regular expressions read as whitespace (so ``\s+`` steps over them) and that never occur in
# user text (they are blanked out first). ``{name}`` and ``{given}`` match marked words.
GIVEN, NAME = "\x1e", "\x1f"
_MARKED = {
    "name": f"[{GIVEN}{NAME}][^{GIVEN}{NAME}\\s]+[{GIVEN}{NAME}]",
    "given": f"{GIVEN}[^{GIVEN}{NAME}\\s]+{GIVEN}",
}
# A word: letters with inner hyphens or apostrophes (O'Neil, Jean-Luc), never a possessive 's.
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*(?:['’](?![sS]\b)[^\W\d_]+)*")


class RulesError(InvalidInput):
    """The wording rules file is not valid; the message names the rule or key at fault."""


@dataclass(frozen=True)
class Finding:
    """One risky phrase: its family, where it is (``span`` = start, end in the text checked),
    the words matched, a one-line explanation of the risk and an outcome-based rewording."""

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


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    regex: re.Pattern
    unless_before: re.Pattern | None
    explanation: str
    suggestion: str
    examples: tuple[str, ...] = ()
    safe_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    """A validated rule set: the families' labels and the compiled rules, in file order."""

    version: int
    labels: dict[str, str]
    rules: tuple[Rule, ...]
    source: str = ""
    not_names: frozenset[str] = field(default_factory=frozenset)
    given_names: frozenset[str] = field(default_factory=frozenset)
    org_suffixes: frozenset[str] = field(default_factory=frozenset)

    def label(self, family: str) -> str:
        return self.labels.get(family, family)


# --- loading -----------------------------------------------------------------------------------


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and validate a wording rules file (default: the packaged ``rules/wording.toml``).

    Raises ``RulesError`` for a file that cannot be read or parsed, an unknown or missing key,
    an unknown family, a duplicate rule id, an unknown ``{term}`` or a pattern that does not
    compile; the message names the rule or key.
    """
    if path is None:
        source = "rules/wording.toml"
        text = (
            resources.files("governance.workflow.rules").joinpath("wording.toml").read_text("utf-8")
        )
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(f"Cannot read the wording rules {source}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"The wording rules {source} are not valid TOML: {exc}") from None
    return _build(data, source)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The packaged rule set, loaded and compiled once per process."""
    return load_rules()


def _build(data: dict, source: str) -> RuleSet:
    where = f"wording rules {source}"
    _known(data, _TOP_KEYS, where)
    families = data.get("families")
    if not isinstance(families, dict):
        raise RulesError(f"The {where} need a [families] table describing {', '.join(FAMILIES)}.")
    for fam, spec in families.items():
        if fam not in FAMILIES:
            raise RulesError(
                f"The {where} describe an unknown family '{fam}'; the families are "
                f"{', '.join(FAMILIES)}."
            )
        if not isinstance(spec, dict):
            raise RulesError(f"[families.{fam}] in the {where} must be a table.")
        _known(spec, _FAMILY_KEYS, f"[families.{fam}]")
        for key in sorted(_FAMILY_KEYS):
            _one_line(spec.get(key), f"[families.{fam}] {key}")
    missing = [f for f in FAMILIES if f not in families]
    if missing:
        raise RulesError(f"The {where} do not describe the families {', '.join(missing)}.")

    names = data.get("names", {})
    if not isinstance(names, dict):
        raise RulesError(f"[names] in the {where} must be a table.")
    _known(names, _NAMES_KEYS, "[names]")
    word_lists = {key: _words(names.get(key, []), f"[names] {key}") for key in _NAMES_KEYS}

    terms = data.get("terms", {})
    if not isinstance(terms, dict):
        raise RulesError(f"[terms] in the {where} must be a table.")
    for term, value in terms.items():
        if not _TERM_NAME.match(term) or term in _BUILT_IN:
            raise RulesError(
                f"[terms] {term}: a term name is lower-case letters and _ (and not "
                f"{' or '.join(sorted(_BUILT_IN))}, which are built in)."
            )
        if not isinstance(value, str) or not value.strip():
            raise RulesError(f"[terms] {term} must be a non-empty string.")

    expander = _Expander(terms)
    for term in terms:
        _compile(expander.expand(f"{{{term}}}", f"[terms] {term}"), f"[terms] {term}")

    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RulesError(f"The {where} hold no [[rule]].")
    rules, seen = [], set()
    for i, spec in enumerate(raw_rules, start=1):
        if not isinstance(spec, dict):
            raise RulesError(f"Rule {i} in the {where} must be a table.")
        rid = spec.get("id")
        if not isinstance(rid, str) or not rid.strip():
            raise RulesError(f"Rule {i} in the {where} has no id.")
        label = f"rule '{rid}'"
        if rid in seen:
            raise RulesError(f"The {where} define {label} twice.")
        seen.add(rid)
        _known(spec, _RULE_KEYS, label)
        fam = spec.get("family")
        if fam not in FAMILIES:
            raise RulesError(
                f"{label.capitalize()}: unknown family '{fam}'; the families are "
                f"{', '.join(FAMILIES)}."
            )
        if not isinstance(spec.get("pattern"), str) or not spec["pattern"].strip():
            raise RulesError(f"{label.capitalize()} needs a pattern.")
        regex = _compile(expander.expand(spec["pattern"], label), f"{label} pattern")
        unless = None
        if spec.get("unless_before") is not None:
            if not isinstance(spec["unless_before"], str):
                raise RulesError(f"{label.capitalize()}: unless_before must be a string.")
            unless = _compile(
                expander.expand(spec["unless_before"], label), f"{label} unless_before"
            )
        explanation = spec.get("explanation", families[fam]["explanation"])
        suggestion = spec.get("suggestion", families[fam]["suggestion"])
        _one_line(explanation, f"{label} explanation")
        _one_line(suggestion, f"{label} suggestion")
        examples = _texts(spec.get("examples", []), f"{label} examples")
        safe_examples = _texts(spec.get("safe_examples", []), f"{label} safe_examples")
        rules.append(
            Rule(rid, fam, regex, unless, explanation, suggestion, examples, safe_examples)
        )
    unused = [f for f in FAMILIES if not any(r.family == f for r in rules)]
    if unused:
        raise RulesError(f"The {where} have no rule for the families {', '.join(unused)}.")
    version = data.get("version", 1)
    if not isinstance(version, int):
        raise RulesError(f"The {where}: version must be a whole number.")
    return RuleSet(
        version=version,
        labels={f: families[f]["label"] for f in FAMILIES},
        rules=tuple(rules),
        source=source,
        not_names=frozenset(w.casefold() for w in word_lists["not_names"]),
        given_names=frozenset(w.casefold() for w in word_lists["given_names"]),
        org_suffixes=frozenset(w.casefold() for w in word_lists["org_suffixes"]),
    )


class _Expander:
    """Inserts ``{term}`` texts (recursively) and the built-in ``{name}`` and ``{given}``."""

    def __init__(self, terms: dict[str, str]):
        self.terms = terms

    def expand(self, text: str, where: str, stack: tuple[str, ...] = ()) -> str:
        def sub(match: re.Match) -> str:
            key = match.group(1)
            if key in _MARKED:
                return f"(?:{_MARKED[key]})"
            if key not in self.terms:
                raise RulesError(
                    f"{where.capitalize()}: unknown term {{{key}}}; the terms are "
                    f"{', '.join(sorted(self.terms))}, and {{name}} / {{given}} are built in."
                )
            if key in stack:
                raise RulesError(f"[terms] {key} refers to itself ({' → '.join((*stack, key))}).")
            return "(?:" + self.expand(self.terms[key], f"[terms] {key}", (*stack, key)) + ")"

        return _PLACEHOLDER.sub(sub, text)


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern, _FLAGS)
    except re.error as exc:
        raise RulesError(
            f"{where.capitalize()} is not a valid regular expression: {exc.msg}"
        ) from None


def _known(spec: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise RulesError(
            f"{where[0].upper()}{where[1:]}: unknown key {', '.join(repr(k) for k in unknown)}; "
            f"the keys are {', '.join(sorted(allowed))}."
        )


def _one_line(value, where: str) -> None:
    if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
        raise RulesError(f"{where[0].upper()}{where[1:]} must be one non-empty line of text.")


def _texts(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"{where[0].upper()}{where[1:]} must be a list of strings.")
    return tuple(value)


def _words(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise RulesError(f"{where} must be a list of words.")
    for word in value:
        if not isinstance(word, str) or not _WORD.match(word):
            raise RulesError(f"{where}: {word!r} is not a single word.")
    return tuple(value)


# --- checking ----------------------------------------------------------------------------------


def check(
    text: str | None, *, rules: RuleSet | None = None, not_people: Iterable[str] = ()
) -> list[Finding]:
    """The risky phrases in ``text``, in order of position (empty when the text is clean).

    ``not_people``: extra words that are never a person's name here (vendor, site and program
    names known to the caller), so "Crestline's AHT" is not read as a person's. Overlapping
    matches of one family are reported once (the rule listed first in the file wins).
    """
    if not text or not text.strip():
        return []
    rules = rules or default_rules()
    blocked = {w.casefold() for w in _split_words(not_people)}
    marked, origin = _mark(text, rules, blocked)
    found: list[Finding] = []
    for rule in rules.rules:
        for match in rule.regex.finditer(marked):
            if match.end() == match.start():
                continue
            if rule.unless_before is not None and rule.unless_before.search(
                marked, _sentence_start(marked, match.start()), match.start()
            ):
                continue
            positions = [i for i in origin[match.start() : match.end()] if i >= 0]
            if not positions:
                continue
            start, end = _trim(text, positions[0], positions[-1] + 1)
            found.append(
                Finding(
                    family=rule.family,
                    span=(start, end),
                    text=text[start:end],
                    explanation=rule.explanation,
                    suggestion=rule.suggestion,
                    rule=rule.id,
                    label=rules.label(rule.family),
                )
            )
    return _dedupe(found)


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
    """The readable name of a family ("discipline or coaching of a person")."""
    return (rules or default_rules()).label(family)


def acknowledgement(findings: Iterable[Finding], rules: RuleSet | None = None) -> dict:
    """A JSON-ready record of findings a user saw and chose to save anyway.

    Put it in the audit event's ``after`` payload (e.g. under ``"wording_acknowledged"``).
    ``acknowledged`` is False when there was nothing to acknowledge.
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


def excerpt(text: str, span: tuple[int, int], width: int = 40) -> str:
    """The matched words with up to ``width`` characters of context each side, on one line."""
    start, end = span
    lo, hi = max(0, start - width), min(len(text), end + width)
    # Widen to whole words where the cut falls inside one.
    while lo > 0 and not text[lo - 1].isspace() and start - lo < width + 15:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - end < width + 15:
        hi += 1
    body = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


def _split_words(values: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for value in values:
        words.update(w for w in re.split(r"[^\w'’-]+", str(value or "")) if w)
    return words


def _mark(text: str, rules: RuleSet, blocked: set[str]) -> tuple[str, list[int]]:
    """The text with possible names marked, and for each of its characters the position in the
    original text (-1 for a marker)."""
    text = text.replace(GIVEN, " ").replace(NAME, " ")
    tokens = list(_TOKEN.finditer(text))
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for i, tok in enumerate(tokens):
        word = tok.group()
        folded = word.casefold()
        marker = None
        if folded in rules.not_names or folded in blocked:
            marker = None
        elif folded in rules.given_names:
            marker = GIVEN
        elif word[0].isupper() and any(c.islower() for c in word[1:]):
            # Capitalised, not an acronym; not the first word of "Crestline Services".
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            joined = nxt is not None and not text[tok.end() : nxt.start()].strip()
            if not (joined and nxt.group().casefold() in rules.org_suffixes):
                marker = NAME
        if marker is None:
            continue
        out.append(text[pos : tok.start()])
        origin.extend(range(pos, tok.start()))
        out += [marker, word, marker]
        origin += [-1, *range(tok.start(), tok.end()), -1]
        pos = tok.end()
    out.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return "".join(out), origin


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    return start


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "-•*·,;:"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _dedupe(found: list[Finding]) -> list[Finding]:
    # ``found`` is in rule order: the file lists specific rules before broad ones, so where two
    # rules of one family overlap, the more specific (earlier) finding is kept.
    kept: list[Finding] = []
    for f in found:
        if any(
            k.family == f.family and k.span[0] < f.span[1] and f.span[0] < k.span[1] for k in kept
        ):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: (f.span[0], -f.span[1]))


# --- stored text -------------------------------------------------------------------------------


def scan_stored_text(
    con: duckdb.DuckDBPyConnection, *, rules: RuleSet | None = None
) -> pd.DataFrame:
    """Findings across every stored free-text field, one row per finding.

    Columns: ``record_type`` (escalation, escalation_note, action_item, meeting, decision,
    amendment), ``record_id``, ``vendor``, ``field``, ``family``, ``label``, ``matched``,
    ``excerpt``, ``explanation``, ``suggestion``, ``start``, ``end``, ``rule``. Vendor, site and
    program names in the database are never read as a person's name.
    """
    rules = rules or default_rules()
    known = queries.wording_known_names(con)
    rows = []
    for rec in queries.wording_stored_text(con).itertuples(index=False):
        for f in check(rec.text, rules=rules, not_people=known):
            rows.append(
                {
                    "record_type": rec.record_type,
                    "record_id": int(rec.record_id),
                    "vendor": rec.vendor,
                    "field": rec.field,
                    "family": f.family,
                    "label": f.label,
                    "matched": f.text,
                    "excerpt": excerpt(rec.text, f.span),
                    "explanation": f.explanation,
                    "suggestion": f.suggestion,
                    "start": f.span[0],
                    "end": f.span[1],
                    "rule": f.rule,
                }
            )
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def filter_report(
    report: pd.DataFrame,
    *,
    families: Iterable[str] | None = None,
    vendor: str | None = None,
) -> pd.DataFrame:
    """The report rows of the given families (all when None or empty) and vendor (all when None)."""
    keep = pd.Series(True, index=report.index)
    families = list(families or [])
    if families:
        keep &= report["family"].isin(families)
    if vendor:
        keep &= report["vendor"] == vendor
    return report[keep].reset_index(drop=True)


def family_counts(report: pd.DataFrame, rules: RuleSet | None = None) -> pd.DataFrame:
    """Findings per family, every family listed (zero included), in domain order."""
    counts = report["family"].value_counts() if not report.empty else pd.Series(dtype=int)
    return pd.DataFrame(
        {
            "family": list(FAMILIES),
            "label": [family_label(f, rules) for f in FAMILIES],
            "findings": [int(counts.get(f, 0)) for f in FAMILIES],
        }
    )
