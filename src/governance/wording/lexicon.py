"""The vocabulary: the families (terms of employment), the morphology that makes every form of
a lemma, and the loader of ``workflow/rules/wording.toml`` into a phrase index."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from governance.errors import InvalidInput

FAMILIES: tuple[str, ...] = (
    "hiring_firing",
    "discipline",
    "scheduling",
    "pay",
    "supervision",
    "integration",
    "named_performance",
    "records",
)
# Forbidding is control too: a negated order on these terms still directs a person ("don't let
# Xiomara back on the queue"); on the others, "don't" is the client keeping out of it.
CONTROL_FAMILIES = frozenset({"hiring_firing", "discipline", "scheduling", "pay"})


class RulesError(InvalidInput):
    """The wording vocabulary file is not valid; the message names the key at fault."""


# --- morphology --------------------------------------------------------------------------------

_IRREGULAR_VERBS = {
    "be": "is are was were been being am",
    "have": "has had having",
    "do": "does did done doing",
    "go": "goes went gone going",
    "get": "got gotten",
    "give": "gave given",
    "take": "took taken",
    "write": "wrote written",
    "pay": "paid",
    "overpay": "overpaid",
    "underpay": "underpaid",
    "make": "made",
    "keep": "kept",
    "hold": "held",
    "tell": "told",
    "send": "sent",
    "sit": "sat",
    "speak": "spoke spoken",
    "swear": "swore sworn",
    "hang": "hung",
    "lead": "led",
    "buy": "bought",
    "bring": "brought",
    "teach": "taught",
    "choose": "chose chosen",
    "find": "found",
    "leave": "left",
    "see": "saw seen",
    "say": "said",
    "run": "ran",
    "feel": "felt",
    "meet": "met",
    "sell": "sold",
    "win": "won",
    "forbid": "forbade forbidden",
    "lay": "laid",
    "spend": "spent",
    "deal": "dealt",
    "read": "read",
    "mean": "meant",
    "come": "came",
    "forget": "forgot forgotten",
    "misread": "misread",
    "mislead": "misled",
    "sleep": "slept",
    "fall": "fell fallen",
    "rise": "rose risen",
    "shake": "shook shaken",
    "hit": "hit",
    "let": "let",
    "put": "put",
    "set": "set",
    "cut": "cut",
    "quit": "quit",
    "split": "split",
    "think": "thought",
    "catch": "caught",
    "learn": "learnt",
}
_IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women"}
# Nouns without a plural of their own.
_UNCOUNTED = set(
    "staff personnel headcount leadership management workforce manpower people hr wfm pto ot "
    "payroll".split()
)
_VOWELS = set("aeiou")


def _third(v: str) -> str:
    if v.endswith(("s", "sh", "ch", "x", "z", "o")):
        return v + "es"
    if len(v) > 1 and v.endswith("y") and v[-2] not in _VOWELS:
        return v[:-1] + "ies"
    return v + "s"


def _doubles(v: str) -> bool:
    # ending consonant-vowel-consonant: stop → stopped, plan → planned; counsel → counselled
    # (British) and counseled are both made, so the double is only ever an extra form.
    return (
        len(v) >= 3
        and v[-1] not in _VOWELS
        and v[-1] not in "wxy"
        and v[-2] in _VOWELS
        and v[-3] not in _VOWELS
    )


def verb_forms(lemma: str) -> set[str]:
    """Every form of a verb: coach → coach, coaches, coached, coaching (both spellings where a
    final consonant may double: cancelled / canceled)."""
    v = lemma
    forms = {v, _third(v), *_IRREGULAR_VERBS.get(v, "").split()}
    if v.endswith("e") and not v.endswith("ee"):
        forms |= {v + "d", v[:-1] + "ing"}
    elif len(v) > 1 and v.endswith("y") and v[-2] not in _VOWELS:
        forms |= {v[:-1] + "ied", v + "ing"}
    else:
        forms |= {v + "ed", v + "ing"}
        if _doubles(v):
            forms |= {v + v[-1] + "ed", v + v[-1] + "ing"}
    return forms


def noun_forms(lemma: str) -> set[str]:
    """A noun and its plural: agent → agents, party → parties, person → people."""
    n = lemma
    if n in _UNCOUNTED:
        return {n}
    if n in _IRREGULAR_PLURALS:
        return {n, _IRREGULAR_PLURALS[n]}
    if n.endswith(("s", "sh", "ch", "x", "z")):
        return {n, n + "es"}
    if len(n) > 1 and n.endswith("y") and n[-2] not in _VOWELS:
        return {n, n[:-1] + "ies"}
    return {n, n + "s"}


# --- the vocabulary ----------------------------------------------------------------------------

# How each list of the vocabulary file is read: "noun" (its plural is made), "verb" (its forms
# are made), "word" (as written), "term" (a term noun of the family), "act" / "person_act" (a
# verb of the family acting on a person), "state" (what the act leaves the person: "sacked"),
# "list" (words the parser looks for, as written, not indexed as phrases).
_SCHEMA: dict[str, dict[str, str]] = {
    "people": {
        "frontline": "noun",
        "roles": "noun",
        "recruits": "noun",
        "groups": "noun",
        "person_nouns": "noun",
        "anyone": "noun",
        "titles": "word",
        "counterparts": "noun",
    },
    "parties": {"vendor": "noun", "client_functions": "noun", "client": "noun"},
    "grammar": {
        "determiners": "word",
        "quantifiers": "word",
        "negations": "word",
        "modals": "word",
        "auxiliaries": "word",
        "fillers": "word",
        "conjunctions": "word",
        "prepositions": "word",
        "relatives": "word",
        "reporting": "verb",
        "causatives": "verb",
        "permission": "verb",
        "orders": "verb",
    },
    "acts.hiring_firing": {
        "verbs": "act",
        "person_verbs": "person_act",
        "nouns": "term",
        "states": "state",
        "approvals": "verb",
        "decides": "verb",
        "headcount_verbs": "verb",
    },
    "acts.discipline": {
        "verbs": "act",
        "person_verbs": "person_act",
        "nouns": "term",
        "states": "state",
    },
    "acts.scheduling": {
        "verbs": "act",
        "person_verbs": "person_act",
        "nouns": "term",
        "states": "state",
        "rule_verbs": "verb",
        "stops": "verb",
    },
    "acts.pay": {
        "verbs": "act",
        "person_verbs": "person_act",
        "nouns": "term",
        "states": "state",
        "gives": "verb",
    },
    "acts.supervision": {
        "verbs": "act",
        "person_verbs": "person_act",
        "nouns": "term",
        "states": "state",
        "objects": "noun",
        "assigns": "verb",
        "answer_verbs": "verb",
        "data_words": "word",
        "data_verbs": "verb",
    },
    "acts.integration": {
        "nouns": "term",
        "branded": "noun",
        "brand_words": "noun",
        "verbs": "verb",
    },
    "acts.named_performance": {
        "measures": "noun",
        "org_measures": "noun",
        "person_measures": "noun",
        "predicates": "word",
        "person_predicates": "word",
        "behaviours": "verb",
        "holds": "verb",
    },
    "acts.records": {"nouns": "term", "verbs": "verb"},
    "parser": dict.fromkeys(
        (
            "adverbs intro_prepositions ident_places transfer not_ours our_people ours_as "
            "hand_out stays directing correcting ensuring desire leaders data_nouns coaching "
            "of_person perf_modifiers work_slots receive time_words generic_records "
            "function_titles time_nouns requests client_sides talks people_tasks takeovers greetings "
            "destinations client_marks approval_nouns presence returns rank_words work_things deploys frequency opinions needed feelings staff_outputs excess weak_cues decisions excess_adverbs setting departments shift_slots"
        ).split(),
        "list",
    ),
}
_FAMILY_KEYS = {"label", "basis", "explanation", "suggestion"}
_NAMES_KEYS = {"not_names", "org_suffixes"}
_TOP_KEYS = {"version", "families", "names", *(s.split(".")[0] for s in _SCHEMA)}
_ENTRY = re.compile(r"^[a-z0-9][a-z0-9'’:.&-]*(?: (?:[a-z0-9][a-z0-9'’:.&-]*|_))*$")
_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")


@dataclass(frozen=True)
class Family:
    """A term of employment: its label, legal basis, why it is a risk and what to write."""

    label: str
    basis: str
    explanation: str
    suggestion: str


@dataclass(frozen=True)
class VerbEntry:
    """A verb of a family: the words ``before`` the person and ``after`` it (``let _ go``:
    ("let",), ("go",)); ``person``: a bare capitalised word after it is a person."""

    family: str
    lemma: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    person: bool


@dataclass
class Entry:
    """What one word or phrase of the vocabulary is (its tags) and which family's term it is."""

    tags: set[str] = field(default_factory=set)
    lemma: str = ""
    base: str = ""  # the base form, when the entry is a verb's form ("stops" → "stop")
    verbs: list[VerbEntry] = field(default_factory=list)
    nouns: set[str] = field(default_factory=set)  # families whose term noun it is
    states: set[str] = field(default_factory=set)  # families whose resulting state it is


@dataclass(frozen=True)
class RuleSet:
    """The loaded vocabulary: families, the phrase index, the word lists and the name lists."""

    version: int
    families: dict[str, Family]
    phrases: dict[tuple[str, ...], Entry]
    longest: int
    lists: dict[str, frozenset[str]]
    not_names: frozenset[str]
    org_suffixes: frozenset[str]
    source: str = ""

    @property
    def labels(self) -> dict[str, str]:
        return {f: fam.label for f, fam in self.families.items()}

    def label(self, family: str) -> str:
        fam = self.families.get(family)
        return fam.label if fam else family

    def words(self, key: str) -> frozenset[str]:
        """A word list of the file by its key ("adverbs", "supervision.objects")."""
        return self.lists[key]


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and validate a wording vocabulary file (default: the packaged
    ``workflow/rules/wording.toml``). ``RulesError`` names the key or entry at fault."""
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
    """The packaged vocabulary, loaded once per process."""
    return load_rules()


def _build(data: dict, source: str) -> RuleSet:
    where = f"wording rules {source}"
    _known(data, _TOP_KEYS, where)
    version = data.get("version", 1)
    if not isinstance(version, int):
        raise RulesError(f"The {where}: version must be a whole number.")
    families = _table(data, "families", where)
    fams: dict[str, Family] = {}
    for name, spec in families.items():
        if name not in FAMILIES:
            raise RulesError(
                f"The {where} describe an unknown family '{name}'; the families are "
                f"{', '.join(FAMILIES)}."
            )
        if not isinstance(spec, dict):
            raise RulesError(f"[families.{name}] in the {where} must be a table.")
        _known(spec, _FAMILY_KEYS, f"[families.{name}]")
        for key in sorted(_FAMILY_KEYS):
            _one_line(spec.get(key), f"[families.{name}] {key}")
        fams[name] = Family(**{k: spec[k].strip() for k in _FAMILY_KEYS})
    missing = [f for f in FAMILIES if f not in fams]
    if missing:
        raise RulesError(f"The {where} do not describe the families {', '.join(missing)}.")

    phrases: dict[tuple[str, ...], Entry] = {}
    lists: dict[str, frozenset[str]] = {}
    for section, keys in _SCHEMA.items():
        table = data
        for part in section.split("."):
            table = _table(table, part, where if table is data else f"[{section}]")
        _known(table, set(keys), f"[{section}]")
        family = section.split(".")[1] if section.startswith("acts.") else None
        for key, kind in keys.items():
            values = _entries(table.get(key, []), f"[{section}] {key}")
            name = f"{family}.{key}" if family else key
            lists[name] = frozenset(values)
            if kind != "list":
                _index(phrases, values, kind, name, family)
    names = data.get("names", {})
    if not isinstance(names, dict):
        raise RulesError(f"[names] in the {where} must be a table.")
    _known(names, _NAMES_KEYS, "[names]")
    word_lists = {key: _words(names.get(key, []), f"[names] {key}") for key in _NAMES_KEYS}
    return RuleSet(
        version=version,
        families=fams,
        phrases=phrases,
        longest=max(len(k) for k in phrases),
        lists=lists,
        not_names=frozenset(w.casefold() for w in word_lists["not_names"]),
        org_suffixes=frozenset(w.casefold() for w in word_lists["org_suffixes"]),
        source=source,
    )


def _index(
    phrases: dict[tuple[str, ...], Entry],
    values: list[str],
    kind: str,
    name: str,
    family: str | None,
) -> None:
    """Put each entry of a list, in all its forms, in the phrase index under its tag."""

    def add(words: tuple[str, ...], tag: str) -> Entry:
        entry = phrases.setdefault(words, Entry(lemma=" ".join(words)))
        entry.tags.add(tag)
        return entry

    tag = {"term": "term", "act": "act", "person_act": "act", "state": "state"}.get(kind, name)
    for value in values:
        words = tuple(value.split())
        if kind in ("noun", "term"):
            for last in noun_forms(words[-1]):
                entry = add((*words[:-1], last), tag)
                entry.lemma = value
                if kind == "term":
                    entry.nouns.add(family)
        elif kind in ("verb", "act", "person_act"):
            gap = words.index("_") if "_" in words else len(words)
            before, after = words[:gap], words[gap + 1 :]
            base = before[0]
            for form in verb_forms(base):
                entry = add((form, *before[1:]), tag)
                entry.base = entry.base or " ".join(before)
                if form == base:
                    entry.tags.add("base")
                if kind != "verb":
                    person = kind == "person_act"
                    entry.verbs.append(VerbEntry(family, value, before, after, person))
                    participle = form not in (base, _third(base)) and not form.endswith("ing")
                    if participle and not after:
                        entry.states.add(family)  # "sacked", "coached": what the act leaves
        elif kind == "state":
            add(words, tag).states.add(family)
        else:
            add(words, tag)


def _table(data: dict, key: str, where: str) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        raise RulesError(f"The {where} need a [{key}] table.")
    return value


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


def _entries(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"{where[0].upper()}{where[1:]} must be a list of strings.")
    for v in value:
        if not _ENTRY.match(v):
            raise RulesError(
                f"{where[0].upper()}{where[1:]}: {v!r} is not a lower-case word or phrase "
                "(words separated by one space, _ for the person in a verb)."
            )
        if "_" in v.split() and (v.split()[0] == "_" or v.split().count("_") > 1):
            raise RulesError(f"{where[0].upper()}{where[1:]}: {v!r} needs a verb before one _.")
    return value


def _words(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise RulesError(f"{where} must be a list of words.")
    for word in value:
        if not isinstance(word, str) or not _WORD.match(word):
            raise RulesError(f"{where}: {word!r} is not a single word.")
    return tuple(value)
