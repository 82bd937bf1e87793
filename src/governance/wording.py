"""The co-employment wording check: find free text in which the client directs or evaluates
individual vendor staff, say which term of employment it touches and why that is a risk, and
propose an outcome-based rewording. Pure text in, findings out: no database, no Streamlit, so
every service that stores free text (contracts included) can run it.

The check is built from the law, not from example sentences. Its *families* are the terms of
employment: the joint-employer rule's essential terms (wages and benefits, hours and
scheduling, hiring, discharge, discipline, supervision and direction), the US DOL factors
(hire or fire; supervise and control schedules or conditions of employment; set the rate or
method of pay; keep employment records) and what staffing guidance warns about (coaching or
appraising individuals, approving leave or overtime, onboarding vendor staff into the client's
HR, payroll, benefits, badges, handbooks, events and awards, "our agents"). Their words are data
(``workflow/rules/wording.toml``, as lemmas: the loader makes every inflection). A small parser
reads each clause for *who acts on whom*:

- the **target** is an individual ("agent 4471", "the rep", "Diane", "her") or vendor staff as
  a workforce ("the agents", "vendor staff", "them") — never the vendor as a company, a site, a
  program, a figure, client staff or the vendor's leadership;
- the **actor** is the client (we, our supervisors, "Client to …"), the writer giving an order
  (an imperative: "coach John"), or the vendor (the vendor, "it", a vendor name): the vendor
  acting on its own people is safe ("the vendor will hire 30 agents"), a directive to the
  vendor about a person is not ("Vendor to remove the agent who …");
- **negation** of the client's act makes it a policy statement ("we will not coach vendor
  agents"), except where forbidding is itself control ("don't let Xiomara back on the queue").

The parser's *frames* combine them: a verb of a term acting on a person ("coach John"), a term
noun owned by or aimed at a person ("approve her PTO", "overtime for the reps", "give the
agents a bonus"), a person put on a slot ("move Ana to the night shift"), a rule on a person's
time ("agents must work the Saturday overtime"), a person beside a measure or a judgement
("Priya's AHT", "Kenji is underperforming"), vendor staff as the client's own ("our agents",
"invite them to our all-hands") and the client keeping their records ("send us each agent's
attendance records"). Each finding names its family (the term), the words matched, why it is a
risk (with the legal basis) and an outcome-based rewording; ``rule`` names the frame and the
word it matched on ("discipline/act-on-person:coach").

The services that store free text refuse findings that were not acknowledged
(``require_acknowledged``); an action item's owner must be a role or an organisation, never a
person (``check_owner``).

    >>> [f.family for f in check("coach John on his tone")]
    ['discipline']
    >>> check("the vendor will hire 10 agents for the peak")
    []
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from governance.errors import InvalidInput, WordingNotAcknowledged

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
            "of_person perf_modifiers work_slots receive time_words generic_records"
        ).split(),
        "list",
    ),
}
_FAMILY_KEYS = {"label", "basis", "explanation", "suggestion"}
_NAMES_KEYS = {"not_names", "given_names", "org_suffixes"}
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
    given_names: frozenset[str]
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
        given_names=frozenset(w.casefold() for w in word_lists["given_names"]),
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


# --- reading a text: tokens, clauses, units ------------------------------------------------------

# A word (letters and digits, with inner hyphens, apostrophes, dots, slashes or colons: "e-mail",
# "O'Neil", "12:30", "24/7"), a sign-led number ("#4471", "$50") or one other character.
_TOKEN = re.compile(r"[#$€£]?[^\W_]+(?:[-'’./:][^\W_]+)*%?|[^\w\s]")
_CONTRACTIONS = {
    "n't": "not",
    "'ll": "will",
    "'re": "are",
    "'ve": "have",
    "'d": "would",
    "'m": "am",
}
_NOT_STEMS = {"ca": "can", "wo": "will", "sha": "shall"}
# Contractions and their common misspellings, split into two words.
_SPLIT = {
    "cannot": ("can", "not"),
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "cant": ("can", "not"),
    "wont": ("will", "not"),
    "isnt": ("is", "not"),
    "arent": ("are", "not"),
    "wasnt": ("was", "not"),
    "shouldnt": ("should", "not"),
    "wouldnt": ("would", "not"),
    "mustnt": ("must", "not"),
    "havent": ("have", "not"),
    "hasnt": ("has", "not"),
    "let's": ("let", "us"),
    "lets": ("let", "us"),
}
_S_IS = set("it he she that there here what who where this everyone".split())
_NUMBER_WORDS = set(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty hundred dozen half couple once twice".split()
)
_ABBREVIATIONS = set("mr ms mrs dr st ext no vs e.g i.e etc approx".split())
_PRONOUNS = {
    **dict.fromkeys("he she".split(), "he"),
    **dict.fromkeys("him himself herself".split(), "him"),
    "her": "her",
    **dict.fromkeys("his hers".split(), "his"),
    **dict.fromkeys("they them themselves".split(), "they"),
    **dict.fromkeys("their theirs".split(), "their"),
    **dict.fromkeys("it itself".split(), "it"),
    "its": "its",
    **dict.fromkeys("we us ourselves i me myself".split(), "we"),
    **dict.fromkeys("our ours my".split(), "our"),
    **dict.fromkeys("you yourself".split(), "you"),
    "your": "your",
}
_SUBJECT_PRONOUNS = ("pron:we", "pron:they", "pron:he", "pron:it", "pron:you")
_OBJECT_PRONOUNS = (*_SUBJECT_PRONOUNS, "pron:him", "pron:her")
_POSSESSIVES = ("pron:our", "pron:their", "pron:his", "pron:its", "pron:her")
_BE = set("is was are were been be am being".split())
_BE_LIKE = set("seems seemed looks looked remains remained appears stays is".split())
_CLAUSE_OPENERS = set("we i they he she you".split())
_SPLITTING_CONJUNCTIONS = set("but so because while whereas although though".split())


@dataclass
class Unit:
    """One word or phrase of a clause, with what the vocabulary and the name lists say it is."""

    words: tuple[str, ...]
    text: str
    start: int
    end: int
    tags: set[str]
    entry: Entry | None = None
    cap: bool = False

    @property
    def low(self) -> str:
        return " ".join(self.words)

    def has(self, *tags: str) -> bool:
        return any(t in self.tags for t in tags)


Token = tuple[str, int, int, bool]  # lower-case word, start, end, a line break before it


def _tokens(text: str) -> list[Token]:
    """The words of ``text``; contractions and the possessive 's are split off as words of
    their own ("don't" → do, not; "Ana's" → Ana, 's; "agents'" → agents, 's)."""
    out: list[Token] = []
    last = 0
    for m in _TOKEN.finditer(text):
        raw, start, end = m.group(), m.start(), m.end()
        newline = "\n" in text[last:start]
        last = end
        low = raw.casefold().replace("’", "'")
        if low in _SPLIT:
            a, b = _SPLIT[low]
            cut = start + len(a)
            out += [(a, start, cut, newline), (b, cut, end, False)]
            continue
        tail = next((t for t in _CONTRACTIONS if low.endswith(t) and len(low) > len(t)), None)
        if tail is not None:
            cut = end - len(tail)
            base = low[: -len(tail)]
            base = _NOT_STEMS.get(base, base) if tail == "n't" else base
            out += [(base, start, cut, newline), (_CONTRACTIONS[tail], cut, end, False)]
        elif low.endswith("'s") and len(low) > 2:
            base = low[:-2]
            second = "is" if base in _S_IS else "'s"
            out += [(base, start, end - 2, newline), (second, end - 2, end, False)]
        elif low == "'" and out and out[-1][0].endswith("s") and out[-1][2] == start:
            out.append(("'s", start, end, False))  # the plural possessive: "agents'"
        else:
            out.append((low, start, end, newline))
    return out


def _clauses(text: str, tokens: list[Token]) -> list[list[int]]:
    """Token indexes grouped into clauses: split at sentence ends, semicolons, colons, dashes
    between spaces, brackets, line breaks and bullets, and where a comma or a conjunction
    starts a new subject ("…, we need cover", "… so attrition stops", "… but we will …")."""
    clauses: list[list[int]] = []
    current: list[int] = []

    def close() -> None:
        nonlocal current
        if current:
            clauses.append(current)
        current = []

    for i, (low, start, end, newline) in enumerate(tokens):
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if newline:
            close()
        if low in ("(", ")", "[", "]", "!", "?", ";", "•", "·", "|", "–", "—", '"', "“", "”"):
            close()
            continue
        if low == ".":
            prev = tokens[i - 1][0] if i else ""
            if not (prev in _ABBREVIATIONS or (len(prev) == 1 and prev.isalpha())):
                close()
            continue
        if low == ":":
            close()
            current.append(i)  # kept: "Fatima: QA 62%" reads the colon
            continue
        if low in ("-", "*") and (not current or text[start - 1 : start].isspace()):
            following = tokens[i + 1][1] if i + 1 < len(tokens) else end
            if not current or following > end:  # a bullet, or a dash between spaces
                close()
                current.append(i)
                continue
        if low == "," and (nxt in _CLAUSE_OPENERS or nxt in _SPLITTING_CONJUNCTIONS):
            close()
            continue
        if current and low in _SPLITTING_CONJUNCTIONS | {"and"} and nxt in _CLAUSE_OPENERS:
            close()  # "… and we will pay the difference"
        current.append(i)
    close()
    return clauses


def _units(
    text: str, tokens: list[Token], clause: list[int], rules: RuleSet, blocked: frozenset[str]
) -> list[Unit]:
    """The clause's tokens grouped into the vocabulary's longest phrases, each tagged."""
    words = [tokens[i][0] for i in clause]
    adverbs = rules.words("adverbs")
    units: list[Unit] = []
    k = 0
    while k < len(words):
        entry, size = None, 1
        for n in range(min(rules.longest, len(words) - k), 0, -1):
            found = rules.phrases.get(tuple(words[k : k + n]))
            if found is not None:
                entry, size = found, n
                break
        first, last = tokens[clause[k]], tokens[clause[k + size - 1]]
        surface = text[first[1] : last[2]]
        unit = Unit(
            words=tuple(words[k : k + size]),
            text=surface,
            start=first[1],
            end=last[2],
            tags=set(entry.tags) if entry else set(),
            entry=entry,
            cap=surface[:1].isupper() and any(c.islower() for c in surface[1:]),
        )
        low = unit.low
        if low == "'s":
            unit.tags.add("poss")
        elif low in _PRONOUNS:
            unit.tags.add("pron:" + _PRONOUNS[low])
        if low in _NUMBER_WORDS or re.fullmatch(
            r"[#$€£]?\d[\d.,:/]*(?:%|st|nd|rd|th|am|pm|s|k|m|h|hrs|mins?|secs?)?", low
        ):
            unit.tags.add("num")
        if not re.search(r"\w", low):
            unit.tags.add("punct")
        if low in adverbs or (low.endswith("ly") and len(low) > 4 and entry is None):
            unit.tags.add("adverb")
        if entry is not None and (entry.verbs or entry.base):
            unit.tags.add("verb")
        if entry is not None and (entry.nouns or entry.tags & _NOUN_TAGS):
            unit.tags.add("noun")
        units.append(unit)
        k += size
    _mark_names(units, rules, blocked)
    return units


# The endings of English common nouns and plurals ("Contacts", "Reporting", "Delivery",
# "Outage"): a capitalised word ending so is a word opening a sentence or a heading, not a name.
_COMMON = re.compile(
    r"(?:ing|tion|sion|ment|ness|ity|ance|ence|ery|ure|age|ism|ship|ous|ive|able|ible|ful"
    r"|less|[^suoaie]s)$"
)
_NOUN_TAGS = {
    "frontline",
    "roles",
    "groups",
    "person_nouns",
    "anyone",
    "counterparts",
    "vendor",
    "client_functions",
    "client",
    "named_performance.measures",
    "named_performance.org_measures",
    "named_performance.person_measures",
    "supervision.objects",
    "integration.branded",
}
_PERSONISH = {"frontline", "roles", "groups", "person_nouns", "anyone"}


def _mark_names(units: list[Unit], rules: RuleSet, blocked: frozenset[str]) -> None:
    """Tag words that may be a person's name: ``given`` (a known given name, any case),
    ``name`` (a capitalised word nothing else explains), ``initial`` when it opens the clause,
    ``after_the`` after a determiner (then a brand or place: "the Acme family"); ``org`` for a
    known vendor, site or program word or the first word of "Crestline Services"."""
    for k, u in enumerate(units):
        if len(u.words) != 1 or u.has("num", "punct"):
            continue
        low = u.low
        if low in blocked:
            u.tags.add("org")
            continue
        if low in rules.given_names and not (u.entry and u.entry.tags - {"verb", "base"}):
            u.tags |= {"given", "name"}
            continue
        if not u.cap or low in rules.not_names:
            continue
        if u.entry is not None:
            # A capitalised verb inside a sentence is a name: "get Mark taken off the queue",
            # "coach Will" (but not in a heading in title case: "Remove Coach Access").
            verb_only = u.entry.base and not (u.entry.nouns or u.entry.tags & _NOUN_TAGS)
            inside = k > 0 and not units[k - 1].cap and not units[k - 1].has("punct")
            if verb_only and inside:
                u.tags.add("name")
            continue
        if not re.fullmatch(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", low) or _COMMON.search(low):
            continue
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt is not None and nxt.cap and nxt.low in rules.org_suffixes:
            u.tags.add("org")
            nxt.tags.add("org")
            continue
        u.tags.add("name")
        if all(x.has("fillers", "punct", "adverb") for x in units[:k]):
            u.tags.add("initial")
        if k > 0 and units[k - 1].low in ("the", "a", "an", "our", "their", "its"):
            u.tags.add("after_the")


# --- noun phrases ------------------------------------------------------------------------------

PERSON, STAFF, VENDOR, CLIENT, COUNTER, THING = (
    "person",
    "staff",
    "vendor",
    "client",
    "counterpart",
    "thing",
)


@dataclass
class NP:
    """A noun phrase: units ``start``..``end`` (exclusive) of the clause, its head, what it is
    (``kind``), and what the parser learnt on the way."""

    start: int
    end: int
    head: int
    kind: str
    strong: bool = False  # a person identified beyond a bare capitalised word
    initial: bool = False  # a bare capitalised word opening the clause
    possessor: NP | None = None
    quant: str = ""  # each, every, all, no, a number, more…
    ours: bool = False  # "our agents": vendor staff spoken of as the client's
    vendor_side: bool = False  # "its …", "the vendor's …", "vendor staff"
    families: set[str] = field(default_factory=set)  # term nouns inside
    measure: bool = False
    org_measure: bool = False

    @property
    def target(self) -> bool:
        """A person or vendor staff: someone the client must not direct."""
        return self.kind in (PERSON, STAFF)

    def owner(self) -> NP | None:
        """Whose the thing named is: its possessor when that is a person or staff."""
        if self.possessor is not None and self.possessor.target:
            return self.possessor
        return None


_NP_STOPS = (
    "punct",
    "prepositions",
    "conjunctions",
    "relatives",
    "modals",
    "auxiliaries",
    "negations",
)


def _np(units: list[Unit], i: int, rules: RuleSet) -> NP | None:
    """The noun phrase starting at unit ``i``, or None when none starts there."""
    n = len(units)
    j = i
    quant, ours, vendor_side = "", False, False
    possessor: NP | None = None
    # determiners, quantifiers, possessive pronouns, numbers
    while j < n:
        u = units[j]
        if u.has("determiners"):
            j += 1
        elif u.has("quantifiers") and u.low != "new":
            quant = quant or u.low
            j += 1
            if j < n and units[j].low == "of":
                j += 1
        elif u.has("pron:our"):
            ours = True
            possessor = NP(j, j + 1, j, CLIENT)
            j += 1
        elif u.has("pron:their"):
            possessor = NP(j, j + 1, j, STAFF)
            j += 1
        elif u.has("pron:his") or (u.has("pron:her") and j + 1 < n and _nounish(units[j + 1])):
            possessor = NP(j, j + 1, j, PERSON, strong=True)
            j += 1
        elif u.has("pron:its"):
            vendor_side = True
            possessor = NP(j, j + 1, j, VENDOR)
            j += 1
        elif u.has("num") and j + 1 < n and _nounish(units[j + 1]):
            quant = quant or "number"
            j += 1
        elif u.low in ("top", "bottom") and j + 1 < n and units[j + 1].has("num"):
            quant = "number"
            j += 2
        else:
            break
    head: int | None = None
    mods: list[int] = []
    while j < n:
        u = units[j]
        if head is not None and _identifies(units, head, j, rules):
            j = _after_ident(units, j, rules)
            continue
        if u.has(*_NP_STOPS):
            break
        if u.has(*_OBJECT_PRONOUNS):
            if head is None and not (u.has("pron:her") and j + 1 < n and _nounish(units[j + 1])):
                head = j
                j += 1
            break
        if head is not None and u.has(*_POSSESSIVES):
            break
        if u.has("poss"):
            if head is None:
                break
            possessor = _finish(units, i, j, head, mods, quant, ours, vendor_side, possessor, rules)
            vendor_side = possessor.kind == VENDOR or possessor.vendor_side
            ours = ours or possessor.kind == CLIENT
            head, mods, quant = None, [], ""
            j += 1
            continue
        if head is not None:
            h = units[head]
            if u.has("determiners", "quantifiers", "num", "adverb"):
                break
            if u.entry is not None and u.entry.states and not _vocabulary_noun(u):
                break  # a participle after a noun: "the two reps … gone", "the agent removed"
            if h.has("name") and len(u.text) == 1 and u.text.isupper():
                j += 1  # an initial: "Priya S."
                if j < n and units[j].low == ".":
                    j += 1
                continue
            if _typed(h):
                if u.has("name") and h.has("name", "titles"):
                    pass  # a surname: "Diane Smith", "Ms Cruz"
                elif not _vocabulary_noun(u):
                    break
                elif u.has("verb") and u.low.endswith("s") and _singular(h):
                    break  # "the BPO pays …", "Priya coaches …": a verb agreeing with its subject
            elif (
                u.has("verb")
                and not _vocabulary_noun(u)
                and (u.has("act", "causatives", "reporting") or not h.has("noun", "term"))
            ):
                break
            mods.append(head)
        head = j
        j += 1
    if head is None:
        return possessor
    return _finish(units, i, j, head, mods, quant, ours, vendor_side, possessor, rules)


def _singular(u: Unit) -> bool:
    if u.has("name", "org", "vendor", "titles") and not u.low.endswith("s"):
        return True
    return u.words[-1] == _lemma(u) and not u.has("groups")


def _typed(u: Unit) -> bool:
    """A head that names who (a person, staff, a party), after which only a noun continues."""
    if u.has("after_the"):
        return False  # "the Acme customer care department", "the Leeds site"
    return _personish(u) or u.has(
        "name", "org", "vendor", "client", "client_functions", "counterparts", "titles"
    )


def _vocabulary_noun(u: Unit) -> bool:
    return u.has("noun", "term")


def _nounish(u: Unit) -> bool:
    return not u.has("punct", "prepositions", "conjunctions", "modals", "auxiliaries", "relatives")


def _personish(u: Unit) -> bool:
    return bool(u.tags & _PERSONISH) or u.has("name", "given")


def _lemma(u: Unit) -> str:
    """The last word of the unit's dictionary form ("employees" → "employee")."""
    return u.entry.lemma.split()[-1] if u.entry is not None else u.words[-1]


def _nouns_of(u: Unit) -> set[str]:
    """The families whose term noun the unit is."""
    return u.entry.nouns if u.entry is not None else set()


def _identifies(units: list[Unit], head: int, j: int, rules: RuleSet) -> bool:
    """Whether unit ``j`` identifies the person named by the role word at ``head``: "agent
    4471", "agent #4471", "agent ID 20931", "rep Maria", "the rep on ext 2210", "Ms Cruz"."""
    h, u = units[head], units[j]
    if h.has("titles"):
        return u.cap or u.has("name")
    if not h.has("frontline", "roles"):
        return False
    places = rules.words("ident_places")
    if u.has("num") and any(c.isdigit() for c in u.low):
        return True
    if u.low in places and j + 1 < len(units) and units[j + 1].has("num"):
        return True
    if u.low in ("on", "at", "with") and j + 2 < len(units):
        if units[j + 1].low.rstrip(".") in places:
            return True
    return u.has("name") and not u.has("initial")


def _after_ident(units: list[Unit], j: int, rules: RuleSet) -> int:
    places = rules.words("ident_places")
    if units[j].low in ("on", "at", "with"):
        j += 1
    while j < len(units) and (units[j].low.rstrip(".") in places or units[j].low == "."):
        j += 1
    if j < len(units) and units[j].has("num", "name"):
        j += 1
        while j < len(units) and units[j].has("name") and units[j].cap:
            j += 1  # a surname
    return j


def _finish(units, i, j, head, mods, quant, ours, vendor_side, possessor, rules) -> NP:
    """The noun phrase ``i``..``j`` with its ``head``: what kind of thing or who it is."""
    h = units[head]
    np = NP(i, j, head, THING, quant=quant, vendor_side=vendor_side, possessor=possessor)
    inside = [units[k] for k in (*mods, head)]
    for u in inside:
        np.families |= _nouns_of(u)
        np.measure = np.measure or u.has("named_performance.measures")
        np.org_measure = np.org_measure or u.has("named_performance.org_measures")
    client_mod = ours or any(u.has("client", "client_functions") for u in inside[:-1])
    vendor_mod = vendor_side or any(u.has("vendor", "org") for u in inside[:-1])
    if h.has("pron:he", "pron:him", "pron:her") or (h.has("pron:his") and head == j - 1):
        np.kind, np.strong = PERSON, True
    elif h.has("pron:they"):
        np.kind = STAFF
    elif h.has("pron:it"):
        np.kind = VENDOR
    elif h.has("pron:we"):
        np.kind = CLIENT
    elif h.has("counterparts"):
        np.kind = CLIENT if client_mod and not vendor_mod else COUNTER
    elif h.has(*_PERSONISH):
        plural = h.has("groups") or h.words[-1] != _lemma(h)
        if h.has("anyone"):
            plural = h.low.startswith(("every", "any"))
        if h.has("frontline") and not (client_mod and not ours):
            # "our agents" are still the vendor's: integration language, not client staff
            np.kind = STAFF if plural or quant else PERSON
            np.ours = ours
        elif client_mod and not vendor_mod:
            np.kind = CLIENT  # "our supervisors", "our team", "client staff": the client's own
        elif plural or quant in ("each", "every", "all", "any", "no"):
            np.kind = STAFF
        else:
            np.kind = PERSON
        if quant in ("each", "every", "any") and np.kind == PERSON:
            np.kind = STAFF  # "each agent": every one of them
        np.strong = np.kind == PERSON
        np.vendor_side = vendor_mod
        if any(_identifies(units, k, k + 1, rules) for k in (head,) if k + 1 < len(units)):
            np.kind, np.strong = PERSON, True  # "agent 4471", "the rep on desk 14"
    elif h.has("vendor", "org"):
        np.kind = VENDOR
    elif h.has("client", "client_functions"):
        np.kind = CLIENT
    elif h.has("name") and not h.has("after_the"):
        np.kind = PERSON
        named = [k for k in (*mods, head) if units[k].has("name")]
        np.strong = (
            h.has("given")
            or len(named) >= 2
            or any(units[k].has("titles", "frontline", "roles") for k in mods)
        )
        np.initial = h.has("initial") and not np.strong
    elif h.has("titles") and head + 1 < len(units):
        np.kind, np.strong = PERSON, True
    if np.kind == THING:
        owners = [k for k in mods if _personish(units[k])]
        if owners and possessor is None and not (client_mod and not vendor_mod):
            # "vendor staff leave", "agent schedules": the thing belongs to the people before it
            np.possessor = NP(i, owners[-1] + 1, owners[-1], STAFF, vendor_side=vendor_mod)
    return np


# --- clauses: who acts ---------------------------------------------------------------------------

IMPERATIVE, DIRECTED = "imperative", "directed"  # the writer orders; the vendor is told to
_HAVE_GET = set("have has had get gets got do does did need needs".split())
_MODAL_WORDS = set("to allowed permitted required supposed expected able".split())
_QUESTION = set("can could would will shall should do does did".split())


@dataclass
class Clause:
    """A clause read for who acts: its opening (``lead``), subject, main verb and negation."""

    units: list[Unit]
    rules: RuleSet
    lead: int = 0
    imperative: bool = False
    subject: NP | None = None
    verb: int | None = None  # the main verb's unit (None: a heading without a verb)
    negated_at: int | None = None  # a negation in the main verb group, or on the subject
    directive: bool = False  # "X to <verb>", "X must <verb>"
    question: bool = False  # opened by a modal: "can Ana not work Sundays …"
    report: bool = False  # the vendor reporting: what follows is the vendor's own account
    actor: str = THING
    nps: dict[int, NP | None] = field(default_factory=dict)

    def np(self, i: int) -> NP | None:
        """The noun phrase starting at unit ``i`` (computed once)."""
        if i not in self.nps:
            self.nps[i] = _np(self.units, i, self.rules) if 0 <= i < len(self.units) else None
        return self.nps[i]


def _analyse(units: list[Unit], rules: RuleSet) -> Clause:
    """Read a clause's opening: an order (imperative), a question, or a subject and its verb
    group; and from the subject, who acts."""
    c = Clause(units, rules)
    n = len(units)
    k = 0
    while k < n and units[k].has("fillers", "punct", "adverb") and not _imperative_at(units, k):
        k += 1
    # a leading phrase of time or reference: "Per our call, …", "From next week …"
    if k < n and units[k].low in rules.words("intro_prepositions"):
        np = c.np(k + 1)
        if np is not None:
            k = np.end
            while k + 1 < n and units[k].has("prepositions") and c.np(k + 1) is not None:
                k = c.np(k + 1).end
            while k < n and units[k].has("punct", "fillers"):
                k += 1
    # a question: "can we get Svetlana moved …", "could someone from our side shadow …"
    if k + 1 < n and units[k].low in _QUESTION and not units[k + 1].has("negations"):
        if _starts_np(units[k + 1]):
            c.question = units[k].has("modals")
            k += 1
    c.lead = k
    if k >= n:
        return c
    # a negated order: "don't let …", "do not send …", "never refer …"
    if units[k].low in ("do", "does") and k + 1 < n and units[k + 1].low == "not":
        c.imperative, c.negated_at, c.actor, c.verb = True, k + 1, IMPERATIVE, k + 2
        return c
    if units[k].low == "never" and k + 1 < n:
        c.imperative, c.negated_at, c.actor, c.verb = True, k, IMPERATIVE, k + 1
        return c
    if _imperative_at(units, k):
        c.imperative, c.actor, c.verb = True, IMPERATIVE, k
        return c
    subject = c.subject = c.np(k)
    if subject is None:
        return c
    if subject.quant == "no":
        c.negated_at = subject.start
    first = _skip_modifiers(c, subject.end)
    j = _verb_group(units, first).end
    for m in range(first, j):
        word = units[m].low
        if units[m].has("negations"):
            c.negated_at = m
        if word in ("must", "should", "ought") or (word == "to" and subject.kind != THING):
            c.directive = True
    c.verb = j if j < n else None
    kind = subject.kind
    if kind in (PERSON, STAFF) and subject.end + 1 < n and units[subject.end].low in _OF_SIDE:
        team = c.np(subject.end + 1)
        if team is not None and (team.kind == CLIENT or _possessed_by(team, CLIENT)):
            kind = subject.kind = CLIENT  # "Rahul from client WFM", "someone from our side"
    if units[subject.head].has("pron:they", "pron:it"):
        kind = VENDOR  # "they will hire …": the vendor, as a rule
    if kind == PERSON and not subject.strong and any(u.has("pron:its") for u in units):
        kind = VENDOR  # "Bluebird has removed the agent under its own process"
    if kind in (VENDOR, COUNTER):
        shall = any(units[m].low == "shall" for m in range(first, j))
        c.actor = DIRECTED if c.directive and not shall else VENDOR
        if c.verb is not None and units[c.verb].has("reporting"):
            c.report, c.actor = True, VENDOR
    else:
        c.actor = kind
    return c


_OF_SIDE = {"from", "in", "of", "at", "on"}


def _possessed_by(np: NP, kind: str) -> bool:
    return np.possessor is not None and np.possessor.kind == kind


def _starts_np(u: Unit) -> bool:
    return u.has(
        "determiners",
        "quantifiers",
        "num",
        "name",
        "given",
        "titles",
        "vendor",
        "org",
        "counterparts",
        "term",
        "poss",
        "client",
        "client_functions",
        *_PERSONISH,
        *_OBJECT_PRONOUNS,
        *_POSSESSIVES,
    ) and not u.has("named_performance.measures", "named_performance.org_measures")


def _imperative_at(units: list[Unit], k: int) -> bool:
    """Whether the clause opens with an order at unit ``k``: a verb in its base form followed by
    what it acts on ("coach John", "give the agents …", "let him go", "approve overtime …"),
    not a noun that looks like a verb ("fire drill", "schedule adherence")."""
    u = units[k]
    if not ("base" in u.tags or u.low in ("make sure", "see to it")) or u.has("modals"):
        return False
    if u.has("auxiliaries") and not u.has("causatives"):
        return False
    if len(u.words) > 1:
        return True
    if k + 1 >= len(units):
        return u.has("act")
    nxt = units[k + 1]
    if nxt.has("prepositions"):
        return nxt.low in ("up", "out", "off", "down", "over", "in", "on", "back", "to", "with")
    return _starts_np(nxt) or nxt.has("adverb")


@dataclass
class _Group:
    end: int  # the first unit after the verb group (the main verb)
    be: bool = False  # a form of be or get: a passive or a state follows
    modal: bool = False  # a modal, "to", "allowed to", "need to": a rule or an order
    negated: bool = False
    to: bool = False  # "X to <verb>": a heading's directive


def _verb_group(units: list[Unit], j: int) -> _Group:
    """The auxiliaries, modals, negations and adverbs from unit ``j`` to the main verb. "Have"
    and "get" are auxiliaries only before a participle ("has been", "gets coached"); otherwise
    they are the verb ("had three no-shows", "should get a bonus")."""
    g = _Group(j)
    n = len(units)
    first = j
    while j < n:
        u = units[j]
        if u.low in _HAVE_GET:
            nxt = units[j + 1] if j + 1 < n else None
            if nxt is None or not (
                nxt.low in ("been", "being", "to", "not")
                or nxt.has("negations", "adverb")
                or (nxt.entry is not None and nxt.entry.states)
                or (nxt.low.endswith(("ed", "en")) and not nxt.has("noun", "term"))
            ):
                break
            g.modal = g.modal or (u.low in ("need", "needs", "have", "has") and nxt.low == "to")
            g.be = g.be or u.low.startswith("g")
        elif u.has("modals") or u.low in _MODAL_WORDS:
            g.modal = True
            g.to = g.to or (u.low == "to" and j == first)
        elif u.has("auxiliaries"):
            g.be = True
        elif u.has("negations"):
            g.negated = True
        elif not u.has("adverb"):
            break
        j += 1
    g.end = j
    return g


def _skip_modifiers(c: Clause, j: int) -> int:
    """Past what follows a subject before its verb: a prepositional phrase ("the trainee from
    the June class is …"), a relative clause ("the rep who argued with the customer should
    be …") or an apposition between commas ("Thabo, the vendor's operations director, will …")."""
    units = c.units
    n = len(units)
    for _ in range(4):
        if j >= n:
            return j
        u = units[j]
        if u.has("prepositions") and u.low != "to" and j + 1 < n:
            np = c.np(j + 1)
            if np is None:
                return j
            j = np.end
        elif u.low in ("who", "that", "which", "whom"):
            # to the main verb: a modal, or an auxiliary or verb after the relative's own
            # verb and something after it ("who hit target get …", "who was rude gets …")
            k = j + 1
            content = nominal = False
            while k < n:
                w = units[k]
                if w.has("modals") or (content and w.has("auxiliaries")):
                    break
                if nominal and w.has("verb") and not w.has("noun", "term"):
                    break
                if w.low == ",":
                    k += 1
                    break
                if content and not w.has("auxiliaries", "adverb", "prepositions", "determiners"):
                    nominal = True
                content = content or not w.has("auxiliaries", "adverb")
                k += 1
            j = k
        elif u.low == "," and j + 1 < n:
            np = c.np(j + 1)
            if np is None or np.end >= n or units[np.end].low != ",":
                return j
            j = np.end + 1
        else:
            return j
    return j


def _np_start_ok(units: list[Unit], k: int) -> bool:
    """Whether a noun phrase may start at unit ``k`` (not at a verb: "give agent 2231 …")."""
    u = units[k]
    return not (u.has("verb") and not _vocabulary_noun(u) and not _personish(u))


def _np_ending(c: Clause, end: int, lead: int) -> NP | None:
    """The longest noun phrase ending just before unit ``end`` (starting at ``lead`` or later)."""
    for start in range(max(lead, end - 7), end):
        if _np_start_ok(c.units, start):
            np = c.np(start)
            if np is not None and np.end == end:
                return np
    return None


def _actor_at(c: Clause, t: int) -> tuple[str, bool]:
    """Who does the act at unit ``t`` and whether it is negated. A noun phrase right before
    the act's verb group is its own subject ("… who the vendor hires") unless a verb of asking
    or causing governs it ("ask the vendor to …", "have the vendor dismiss …")."""
    units = c.units
    if c.report:
        return VENDOR, False
    k = t - 1
    negated = False
    while k >= c.lead and (
        units[k].has("modals", "auxiliaries", "negations", "adverb") or units[k].low == "to"
    ):
        negated = negated or units[k].has("negations")
        k -= 1
    if c.subject is not None and k >= c.subject.end and t != c.verb:
        local = _np_ending(c, k + 1, c.subject.end)
        if local is not None and local.kind in (VENDOR, COUNTER, CLIENT):
            before = units[local.start - 1] if local.start > 0 else None
            governed = before is not None and (
                before.has("causatives", "verb", "act", "base", "prepositions")
                and not before.has("relatives")
            )
            if not governed:
                if local.kind == CLIENT:
                    return CLIENT, negated
                directive = k + 1 < len(units) and units[k + 1].low == "to"
                return (DIRECTED if directive else VENDOR), negated
    if c.negated_at is not None and c.negated_at < t:
        negated = True
    return c.actor, negated


def _decide(family: str, actor: str, negated: bool, target: NP | None, permission=False) -> bool:
    """Whether an act of ``family`` on ``target`` by ``actor`` is a finding."""
    if actor in (VENDOR, STAFF, COUNTER):
        return False  # the vendor (or its people) acting on its own staff
    if actor == DIRECTED:
        # the vendor told to act on a person; "its staff" in general is the vendor's own
        return not (target is not None and target.vendor_side and not target.strong)
    if negated:
        return permission or (actor == IMPERATIVE and family in CONTROL_FAMILIES)
    return True


def _verbal(c: Clause, t: int) -> bool:
    """Whether unit ``t`` is used as a verb here (not "the coaching", "her leave")."""
    units = c.units
    if t == c.verb:
        return True
    if t < c.lead:
        return False
    if t == 0:
        return True
    prev = units[t - 1]
    if prev.has("determiners", "quantifiers", "poss", "num", *_POSSESSIVES):
        return False
    if prev.has(
        "modals", "negations", "adverb", "auxiliaries", "fillers", "punct", *_SUBJECT_PRONOUNS
    ):
        return True
    if prev.low in ("to", "and", "or", "then", "also", "&"):
        return True
    u = units[t]
    base = u.entry.base.split()[0] if u.entry is not None and u.entry.base else u.low
    finite = u.words[0] != base and not u.low.endswith("ing")
    if _typed(prev):
        return finite or not u.has("term", "noun")
    return False


# --- the frames ----------------------------------------------------------------------------------

# Families whose term nouns make an act with a person they belong to or are aimed at.
_NOUN_FAMILIES = ("hiring_firing", "discipline", "scheduling", "pay", "supervision")
_LINK_PREPS = ("of", "for", "to", "on", "from", "by", "with", "among", "against", "per")


@dataclass(frozen=True)
class _Hit:
    family: str
    start: int  # characters of the words matched in the text
    end: int
    frame: str
    word: str


class _Frames:
    """The frames of one clause: each finds acts of a family on a target and asks ``_decide``
    whether the actor, the negation and the target make it a finding."""

    def __init__(self, clause: Clause):
        self.c = clause
        self.u = clause.units
        self.rules = clause.rules
        self.w = clause.rules.words
        self.hits: list[_Hit] = []

    def np(self, i: int) -> NP | None:
        return self.c.np(i)

    def hit(self, family: str, start: int, end: int, frame: str, word: str) -> None:
        """Record a finding over units ``start``..``end`` (exclusive). Coaching, training or
        appraising that the client does itself ("we will coach …", "… ourselves", "by us") is
        direct supervision; told to the vendor about a person it is discipline."""
        if family == "discipline" and word.split()[0] in self.w("coaching"):
            if self._client_itself():
                family = "supervision"
        self.hits.append(_Hit(family, self.u[start].start, self.u[end - 1].end, frame, word))

    def _client_itself(self) -> bool:
        words = [x.low for x in self.u]
        if "ourselves" in words or "myself" in words:
            return True
        if any(
            a == "by" and b in ("us", "our", "client")
            for a, b in zip(words, words[1:], strict=False)
        ):
            return True
        return not self.c.imperative and self.c.actor == CLIENT

    def run(self) -> list[_Hit]:
        self.choices()
        self.acts_on_people()
        self.slots()
        self.headcount()
        self.assignments()
        self.stops()
        self.gifts()
        self.paid_for()
        self.term_nouns()
        self.subjects()
        self.evaluations()
        self.integration()
        self.part_of_ours()
        self.records()
        self.data_requests()
        return self.hits

    # -- helpers -----------------------------------------------------------------------------

    def noun_phrases(self) -> list[NP]:
        """The clause's noun phrases, left to right (none starting at a verb)."""
        out, k = [], 0
        while k < len(self.u):
            np = None if k == self.c.verb or not _np_start_ok(self.u, k) else self.np(k)
            if np is None or np.end <= k:
                k += 1
                continue
            out.append(np)
            k = np.end
        return out

    def target_after(self, p: int, preps: tuple[str, ...], hops: int = 2) -> NP | None:
        """A person or staff in a prepositional phrase at ``p``, skipping up to ``hops``
        phrases that name something else ("a bonus of $100 for the vendor rep") or a
        coordinated noun ("the names and employee IDs of everyone")."""
        u = self.u
        for _ in range(hops + 1):
            while p < len(u) and u[p].has("adverb"):
                p += 1
            if p < len(u) and u[p].low in ("and", "or", "&") and hops:
                np = self.np(p + 1)
                if np is None:
                    return None
                p = np.end
                continue
            if p >= len(u) or u[p].low not in preps:
                return None
            np = self.np(p + 1)
            if np is None:
                return None
            if np.target:
                return np
            p = np.end
        return None

    def person_ok(self, np: NP, person_verb: bool) -> bool:
        """Whether ``np`` is someone the act may be on: staff, an identified person, or a bare
        capitalised word where the verb says it is a person."""
        if np.kind == STAFF:
            return True
        if np.kind != PERSON:
            return False
        return np.strong or (person_verb and not np.initial)

    def reduced_relative(self, np: NP) -> NP | None:
        """ "the targets each agent must hit", "every refund the agents make": the people right
        after a thing, followed by their verb, own it."""
        who = self.np(np.end)
        if who is None or not who.target or who.end >= len(self.u):
            return None
        nxt = self.u[who.end]
        if nxt.has("modals", "auxiliaries") or (nxt.has("verb") and not nxt.has("noun", "term")):
            return who
        if not nxt.has("punct", "prepositions", "determiners") and nxt.entry is None:
            return who  # an unknown verb: "the refunds the agents process"
        return None

    def _governor(self, start: int) -> int:
        """The verb governing a term noun ("approve" in "approve her PTO"), to start the match."""
        k = start - 1
        if k >= self.c.lead and self.u[k].has("verb") and _verbal(self.c, k):
            return k
        return start

    def _vendor_gives(self) -> bool:
        """The vendor is the giver: "… from the vendor", "… under its own policy"."""
        for k, x in enumerate(self.u[:-1]):
            if x.low in ("from", "by"):
                np = self.np(k + 1)
                if np is not None and np.kind == VENDOR:
                    return True
        return any(x.has("pron:its") for x in self.u)

    def _time_end(self, k: int) -> int:
        """The end of a word of time in the next few units ("before 9pm", "the Saturday
        overtime"), or ``k`` when there is none."""
        u = self.u
        for j in range(k, min(len(u), k + 8)):
            if "scheduling" in _nouns_of(u[j]) or u[j].low in self.w("time_words"):
                return j + 1
            if re.fullmatch(r"\d{1,2}:\d\d|\d{1,2}(?::\d\d)?(?:am|pm)", u[j].low):
                return j + 1
        return k

    def _branded(self, np: NP) -> bool:
        """Whether a thing of the integration list is the client's: "company badges", "Acme
        email addresses", "our uniform", "the employee handbook"."""
        inside = self.u[np.start : np.end]
        if not any(x.has("integration.branded") for x in inside):
            return True
        return self._branded_strict(np)

    def _branded_strict(self, np: NP) -> bool:
        if _possessed_by(np, CLIENT):
            return True
        return any(
            x.has("integration.brand_words", "client") or (x.has("name") and not x.has("given"))
            for x in self.u[np.start : np.end]
        )

    def _ours(self, np: NP) -> bool:
        """Whether ``np`` is the client's own workforce: "our own employees", "the Acme family",
        "part of our care team"."""
        inside = self.u[np.start : np.end]
        if not any(_lemma(x) in self.w("ours_as") or "integration" in _nouns_of(x) for x in inside):
            return False
        return self._branded_strict(np)

    def _integration_thing(self, np: NP, strict: bool) -> bool:
        if strict:
            return self._ours(np)
        return "integration" in np.families and self._branded(np)

    # -- frames ------------------------------------------------------------------------------

    def acts_on_people(self) -> None:
        """A verb of a term acting on a person: "coach John", "fire the rep", "let him go",
        "terminate the employment of the two reps", "monitor the agents' calls"."""
        u = self.u
        for t, unit in enumerate(u):
            if unit.entry is None or not unit.entry.verbs or not _verbal(self.c, t):
                continue
            done: set[tuple[str, str]] = set()
            for ve in sorted(unit.entry.verbs, key=lambda v: not v.person):
                if (ve.family, ve.lemma) in done or ve.family == "scheduling":
                    continue
                done.add((ve.family, ve.lemma))
                np = self.np(t + 1)
                if np is None:
                    continue
                end = np.end
                if ve.after:
                    if tuple(x.low for x in u[end : end + len(ve.after)]) != ve.after:
                        continue
                    end += len(ve.after)
                target = np if np.target else None
                if target is None and np.kind == THING and not np.families:
                    of = self.target_after(np.end, ("of",), 1)
                    if of is not None and _lemma(u[np.head]) in self.w("of_person"):
                        target, end = of, of.end
                work = any(
                    u[k].has("supervision.objects", "named_performance.measures")
                    for k in range(np.start, np.end)
                )
                if target is None and ve.family == "supervision" and work:
                    target = self.reduced_relative(np)
                    end = target.end if target is not None else end
                if target is None and ve.family in ("supervision", "discipline") and work:
                    target = np.owner()
                if target is None or not self.person_ok(target, ve.person or target is not np):
                    continue
                family = ve.family
                if ve.after and ve.after[-1] in ("off", "out") and end < len(u):
                    slot = self.np(end)
                    if slot is not None and "scheduling" in _nouns_of(u[slot.head]):
                        family = "scheduling"  # "take Yusuf off nights"
                actor, negated = _actor_at(self.c, t)
                headcount = ve.lemma in self.w("hiring_firing.headcount_verbs")
                if headcount and actor == DIRECTED and target.quant != "number":
                    continue  # "Vendor to recruit enough staff": an outcome, not a count
                if _decide(family, actor, negated, target, unit.has("permission")):
                    self.hit(family, t, max(end, target.end), "act-on-person", ve.lemma)
                    break

    def choices(self) -> None:
        """Choosing people: "approve each new hire" (hiring), "decide which agents stay on the
        account" (hiring), "decide who works on public holidays" (scheduling), "decide which
        agents handle the VIP calls" (assignment of work: supervision)."""
        u = self.u
        for t, unit in enumerate(u):
            say = unit.low == "say" and 0 < t < len(u) - 1 and u[t - 1].low == "a"
            if say and u[t + 1].low == "in":
                t += 1  # "we'd like a say in who gets promoted"
            elif not unit.has("hiring_firing.approvals", "hiring_firing.decides"):
                continue
            elif not _verbal(self.c, t):
                continue
            actor, negated = _actor_at(self.c, t)
            np = self.np(t + 1)
            if unit.has("hiring_firing.approvals") and np is not None and np.target:
                chosen = u[np.head].has("recruits", "anyone")
                if chosen and _decide("hiring_firing", actor, negated, np):
                    self.hit("hiring_firing", t, np.end, "choose-people", unit.low)
                    continue
            if not (say or unit.has("hiring_firing.decides")) or t + 1 >= len(u):
                continue
            if u[t + 1].low not in ("which", "who", "whoever", "whom"):
                continue
            k = t + 2 + (t + 2 < len(u) and u[t + 2].low == "of")
            group = self.np(k)
            if group is not None and group.target:
                k = group.end
            elif u[t + 1].low == "which":
                continue
            rest = u[k:]
            if any("scheduling" in _nouns_of(x) for x in rest):
                family = "scheduling"
            elif rest and (
                rest[0].low in self.w("stays") or (rest[0].entry and rest[0].entry.states)
            ):
                family = "hiring_firing"
            else:
                family = "supervision"
            if _decide(family, actor, negated, group):
                self.hit(family, t, min(len(u), k + 1), "choose-people", unit.low)

    def slots(self) -> None:
        """Putting a person on a shift, a day, a plan or a queue: "move Ana to the night
        shift", "put Farah on a performance improvement plan", "don't let Xiomara back on the
        retention queue", "we don't want the night shift TL on our account"."""
        u = self.u
        for t, unit in enumerate(u):
            if unit.entry is None or not _verbal(self.c, t):
                continue
            verbs = [v.lemma for v in unit.entry.verbs if v.family == "scheduling"]
            wish = unit.has("permission") or unit.low.split()[0] in self.w("desire")
            if not verbs and not wish:
                continue
            np = self.np(t + 1)
            if np is None or not np.target or not self.person_ok(np, True):
                continue
            p = np.end
            while p < len(u) and u[p].has("adverb"):
                p += 1
            if p < len(u) and u[p].low in ("who", "that"):
                p = self._past_relative(p)  # "put the rep who mis-sold the policy on probation"
            if p >= len(u) or u[p].low not in _SLOT_PREPS:
                continue
            slot = self.np(p + 1)
            if slot is None:
                continue
            families = [f for f in FAMILIES if f in slot.families and f != "named_performance"]
            if "integration" in families and not self._branded(slot):
                families.remove("integration")
            if families:
                family = families[0]
            elif any(_lemma(u[k]) in self.w("work_slots") for k in range(slot.start, slot.end)):
                removing = u[p].low in ("off", "from") or (wish and not verbs)
                family = "hiring_firing" if removing else "supervision"
            else:
                continue
            actor, negated = _actor_at(self.c, t)
            if _decide(family, actor, negated, np, permission=wish):
                self.hit(family, t, slot.end, "person-to-slot", verbs[0] if verbs else unit.low)

    def _past_relative(self, p: int) -> int:
        """The slot's preposition after a relative clause that starts at ``p``, or ``p``."""
        u = self.u
        for q in range(p + 2, min(len(u), p + 12)):
            if u[q].low in _SLOT_PREPS:
                slot = self.np(q + 1)
                if slot is not None and (
                    slot.families
                    or any(_lemma(x) in self.w("work_slots") for x in u[q + 1 : slot.end])
                ):
                    return q
        return p

    def headcount(self) -> None:
        """Hiring a number of people: "hire 10 more reps", "Vendor to hire 15 agents"."""
        for t, unit in enumerate(self.u):
            if not unit.has("hiring_firing.headcount_verbs") or not _verbal(self.c, t):
                continue
            np = self.np(t + 1)
            if np is None or np.kind != STAFF:
                continue
            if np.quant not in ("number", "more", "extra", "additional"):
                continue
            head = self.u[np.head]
            if unit.low.startswith("add") and not head.has("frontline", "roles"):
                continue  # "add two more people to the steering committee"
            actor, negated = _actor_at(self.c, t)
            if _decide("hiring_firing", actor, negated, np):
                self.hit("hiring_firing", t, np.end, "headcount", unit.low)

    def assignments(self) -> None:
        """Work handed to people: "assign the tickets to individual agents each morning"."""
        u = self.u
        for t, unit in enumerate(u):
            if not unit.has("supervision.assigns") or not _verbal(self.c, t):
                continue
            work = self.np(t + 1)
            if work is None or not any(
                u[k].has("supervision.objects") for k in range(work.start, work.end)
            ):
                continue
            who = self.target_after(work.end, ("to", "among", "between"), 1)
            if who is None or not self.person_ok(who, True):
                continue
            actor, negated = _actor_at(self.c, t)
            if _decide("supervision", actor, negated, who):
                self.hit("supervision", t, who.end, "work-assigned-to-person", unit.low)

    def stops(self) -> None:
        """Stopping people from a use of their time: "stop the agents from taking breaks in the
        first hour", "Vendor to stop Leon from working overtime"."""
        u = self.u
        for t, unit in enumerate(u):
            if not unit.has("scheduling.stops") or not _verbal(self.c, t):
                continue
            np = self.np(t + 1)
            if np is None or not np.target or np.end >= len(u) or u[np.end].low != "from":
                continue
            end = self._time_end(np.end + 1)
            if not self.person_ok(np, True) or end == np.end + 1:
                continue
            actor, negated = _actor_at(self.c, t)
            if _decide("scheduling", actor, negated, np, permission=True):
                self.hit("scheduling", t, end, "work-rule", unit.low)

    def gifts(self) -> None:
        """A term handed to people: "give the agents a bonus", "give every agent on the account
        a $20 voucher", "give the rep on desk 14 a written warning"."""
        u = self.u
        for t, unit in enumerate(u):
            if not unit.has("verb") or not _verbal(self.c, t):
                continue
            who = self.np(t + 1)
            if who is None or not who.target or not self.person_ok(who, True):
                continue
            k = who.end
            for _ in range(2):  # "every agent on the account …"
                if k < len(u) and u[k].low in ("on", "at", "in", "from", "with"):
                    place = self.np(k + 1)
                    if place is None or place.target:
                        break
                    k = place.end
            thing = self.np(k)
            if thing is None:
                continue
            family = self._family_of(thing)
            if family is None:
                continue
            actor, negated = _actor_at(self.c, t)
            if _decide(family, actor, negated, who):
                self.hit(family, t, thing.end, "term-given-to-person", u[thing.head].low)

    def _family_of(self, np: NP) -> str | None:
        """The family of the term nouns in ``np`` that make an act with a person (its head's
        first)."""
        families = [f for f in _NOUN_FAMILIES if f in np.families]
        if not families:
            return None
        return next((f for f in families if f in _nouns_of(self.u[np.head])), families[0])

    def paid_for(self) -> None:
        """Paying for things for people: "client will pay for the agents' lunches", "buy lunch
        for the agents on the launch day", "cover the cab fare for the night team"."""
        u = self.u
        for t, unit in enumerate(u):
            if not unit.has("pay.gives") or not _verbal(self.c, t):
                continue
            thing = self.np(t + 1)
            if thing is None:
                continue
            who = thing.owner() or self.target_after(thing.end, ("for", "to"), 1)
            if who is None or not self.person_ok(who, True):
                continue
            if not (thing.families or any(u[k].has("num") for k in range(thing.start, thing.end))):
                continue
            actor, negated = _actor_at(self.c, t)
            if _decide("pay", actor, negated, who):
                self.hit("pay", t, max(thing.end, who.end), "paid-for-person", unit.low)

    def term_nouns(self) -> None:
        """A term as a noun, owned by or aimed at a person: "approve her PTO", "overtime for the
        reps", "a memo be given to agent Marivic", "the incentive targets each agent must hit"."""
        u = self.u
        for np in self.noun_phrases():
            family = self._family_of(np)
            if family is None:
                continue
            if np.start > 0 and u[np.start - 1].low in _TEMPORAL:
                continue  # a time, not an act: "before his next shift", "during their break"
            target, frame = np.owner(), "term-of-person"
            if target is None:
                preps = ("for", "to", "with") if family == "supervision" else _LINK_PREPS
                target = self.target_after(np.end, preps)
            if target is None:
                p = np.end + (np.end < len(u) and u[np.end].has("auxiliaries"))
                if p + 1 < len(u) and u[p].low in self.w("transfer"):
                    target = self.target_after(p + 1, ("to", "for"), 1)
                    frame = "term-given-to-person"
            if target is None:
                target = self.reduced_relative(np)
            if target is None or not self.person_ok(target, True) or target.initial:
                continue
            if family == "supervision" and target.ours:
                continue
            actor, negated = _actor_at(self.c, np.start)
            if np is self.c.subject:
                actor = THING  # a heading: "Overtime for the Collections reps"
                negated = self.c.negated_at is not None
            if _decide(family, actor, negated, target):
                start = self._governor(min(np.start, target.start))
                end = max(np.end, target.end)
                self.hit(family, start, end, frame, u[np.head].low)

    def subjects(self) -> None:
        """Frames whose person is a subject, or the person after a verb of wanting, telling or
        causing: "X should be sacked", "we want Marco gone", "agents must work the Saturday
        overtime", "tell the agents to use the new greeting", "agents will report to our ops
        manager", "the agents get a cash reward from us", "all vendor agents to join our town
        hall"."""
        u = self.u
        people: list[tuple[NP, int | None]] = []
        s = self.c.subject
        if s is not None and not self.c.imperative and (s.target or u[s.head].has("pron:they")):
            people.append((s, None))
        for t, unit in enumerate(u):
            if unit.has("causatives") and _verbal(self.c, t):
                np = self.np(t + 1)
                if np is not None and np.end - np.start >= 2 and "base" in u[np.head].tags:
                    if _personish(u[np.head - 1]):  # "have the reps email our supervisor"
                        np = _np(u[: np.head], t + 1, self.rules)
                if np is not None and np.target:
                    people.append((np, t))
        if self.c.report or self._vendor_gives():
            return
        for np, causative in people:
            self._subject(np, causative)

    def _subject(self, np: NP, t: int | None) -> None:
        u = self.u
        causative = u[t] if t is not None else None
        bare = causative is None and np.kind == PERSON and np.initial
        j = np.end
        if causative is None or (j < len(u) and u[j].low in ("who", "that")):
            j = _skip_modifiers(self.c, j)  # "make sure the rep who was rude gets coached"
        elif j + 1 < len(u) and u[j].low in ("from", "on", "in", "at", "with"):
            if not (u[j].entry and u[j].entry.states):  # "I want the two reps from the … gone"
                more = self.np(j + 1)
                j = more.end if more is not None else j
        g = _verb_group(u, j)
        j, negated = g.end, g.negated
        if j >= len(u):
            return
        v = u[j]
        if bare and not self._person_only_state(j):
            return  # a bare capitalised word opening the clause may be a vendor
        actor, clause_negated = _actor_at(self.c, j)
        if causative is not None:
            if actor in (VENDOR, STAFF, COUNTER):
                return
            negated = negated or clause_negated
        wanted = causative is not None and (
            causative.has("permission") or causative.low.split()[0] in self.w("desire")
        )
        start = t if t is not None else np.start
        if causative is None and u[np.head].has("pron:they"):
            self._joins(np, j, start, negated)  # "they" is only surely staff when joining us
            return
        # told what to do: "tell the agents to use the new greeting", "tell Imran to stop
        # interrupting customers", "make sure Diego stops taking personal calls"
        lemma = v.entry.base if v.entry is not None and v.entry.base else v.low.removesuffix("s")
        corrective = lemma in self.w("correcting") or v.has("named_performance.behaviours")
        told = causative is not None and causative.low.split()[0] in self.w("directing")
        told = told and (g.to or v.low in ("which", "what", "how", "when", "where"))
        checked = causative is not None and causative.low in self.w("ensuring") and corrective
        if (told or checked) and (np.kind == STAFF or np.strong or (corrective and not np.initial)):
            if actor not in (VENDOR, STAFF, COUNTER, DIRECTED) and not negated:
                family = "discipline" if corrective else "supervision"
                self.hit(family, start, j + 1, "told-what-to-do", v.low)
            return
        # must do better: "Agent Bongani needs to be more polite with callers"
        if causative is None and np.strong and g.modal and u[j - 1].low == "be":
            if v.low in ("more", "less"):
                self.hit("discipline", start, j + 1, "told-what-to-do", "be more")
                return
        # what the act left the person: "should be sacked", "gets coached", "we want him gone"
        states = v.entry.states if v.entry is not None else set()
        if states and (g.be or causative is not None):
            if v.low in ("off", "out", "gone") and causative is None:
                return  # "Sandeep is off on Friday"
            family = next(f for f in FAMILIES if f in states)
            if not negated or wanted or causative is None:
                self.hit(family, start, j + 1, "person-acted-on", v.low)
            return
        if causative is not None and np.kind == PERSON and not np.strong:
            return  # "ask Northwind to take …": a bare name may be a vendor
        # a work rule on their time: "agents must work the Saturday overtime", "no advisor may
        # take annual leave", "make the night team stay an extra hour"
        rule = g.modal or np.quant in ("no", "all", "each", "every")
        rule = rule or (causative is None and np is self.c.subject and self.c.question)
        rule = rule or (causative is not None and causative.low.split()[0] in _MAKE_LET)
        end = self._time_end(j + 1)
        if rule and v.has("scheduling.rule_verbs") and end > j + 1:
            self.hit("scheduling", start, end, "work-rule", v.low)
            return
        # answering to the client: "agents will report to our operations manager" (a rule, an
        # order or the present, not a past event: "she asked us directly")
        past = v.entry is not None and v.low != v.entry.base and not v.low.endswith("s")
        if v.has("supervision.answer_verbs") and not (past and not g.modal and causative is None):
            k = j + 1
            while k < len(u) and (u[k].has("adverb") or u[k].low in ("to", "in", "with", "from")):
                k += 1
            boss = self.np(k)
            if boss is not None and not negated:
                leads = _possessed_by(boss, CLIENT) and _lemma(u[boss.head]) in self.w("leaders")
                if (boss.kind == CLIENT and not u[boss.head].has("client")) or leads:
                    self.hit("supervision", start, boss.end, "answers-to-client", v.low)
                    return
        # receiving pay, a warning, company things: "the agents get a cash reward from us"
        if v.low.split()[0] in self.w("receive") and not negated:
            thing = self.np(j + 1)
            if thing is not None and not thing.families and thing.end + 1 < len(u):
                if u[thing.end].low == "of":  # "an extra day of leave"
                    thing = self.np(thing.end + 1) or thing
            if thing is not None:
                families = [f for f in FAMILIES if f in thing.families]
                if "integration" in families and not self._branded(thing):
                    families.remove("integration")
                if families:
                    self.hit(families[0], start, thing.end, "person-receives", u[thing.head].low)
                    return
        self._joins(np, j, start, negated)

    def _joins(self, np: NP, j: int, start: int, negated: bool) -> None:
        """Joining the client's events, treated as the client's: "all vendor agents to join our
        town hall", "the vendor's staff will be treated as Acme employees"."""
        u = self.u
        v = u[j]
        if v.has("integration.verbs") and not negated:
            k = j + 1
            strict = k < len(u) and u[k].low in ("as", "like")
            if k < len(u) and u[k].low in ("to", "in", "into", "as", "like", "on"):
                k += 1
            thing = self.np(k)
            if thing is not None and self._integration_thing(thing, strict=strict):
                self.hit("integration", start, thing.end, "joined-to-our-workforce", v.low)

    def _person_only_state(self, j: int) -> bool:
        """Whether the state at unit ``j`` can only be a person's: the participle of a verb
        nobody uses of a company ("sacked", "coached"), or a move onto a shift ("moved to the
        late shift")."""
        u = self.u
        entry = u[j].entry
        if entry is not None and any(v.person for v in entry.verbs):
            return True
        if entry is not None and entry.states and j + 1 < len(u):
            if u[j + 1].low in ("to", "on", "onto", "off"):
                slot = self.np(j + 2)
                return slot is not None and "scheduling" in slot.families
        return False

    def evaluations(self) -> None:
        """A person beside a performance measure or a judgement: "Priya's AHT is too high",
        "FCR for Kwame is 40%", "Kenji is underperforming", "John scored 58%", "Mohammed hung up
        on two customers"; figures asked for each agent: "send us each agent's AHT"."""
        u = self.u
        for np in self.noun_phrases():
            owner = np.possessor
            if np.measure and owner is not None and self._measured(owner, np):
                if np.org_measure and not owner.strong:
                    continue
                if owner.kind == PERSON:
                    if u[owner.head].has("pron:his", "pron:her") and np.start != self.c.lead:
                        continue  # "coach John on his tone": the tone is not judged here
                    head = u[np.head].low
                    self.hit("named_performance", np.start, np.end, "measure-of-person", head)
                    continue
                if owner.kind == STAFF and owner.quant in ("each", "every", "individual"):
                    self._figures(np, np.start, np.end)
                    continue
            if np.measure and not np.org_measure:
                who = self.target_after(np.end, ("for", "of", "by"), 1)
                if who is not None and who.kind == PERSON and who.strong:
                    head = u[np.head].low
                    self.hit("named_performance", np.start, who.end, "measure-of-person", head)
                elif who is not None and who.kind == STAFF and who.quant in ("each", "every"):
                    self._figures(np, np.start, who.end)
        s = self.c.subject
        if s is not None and s.kind == PERSON and not self.c.imperative:
            self._judged(s)

    def _figures(self, np: NP, start: int, end: int) -> None:
        actor, negated = _actor_at(self.c, np.start)
        if _decide("supervision", actor, negated, None):
            self.hit("supervision", start, end, "individual-figures", self.u[np.head].low)

    def _judged(self, s: NP) -> None:
        """The subject person judged: a predicate, conduct, or a figure they have."""
        u = self.u
        j = _skip_modifiers(self.c, s.end)
        k = _verb_group(u, j).end
        be = any(u[x].low in _BE for x in range(j, k))
        if k < len(u) and u[k].low in _BE_LIKE:
            be, k = True, k + 1
        if k >= len(u):
            return
        weak = not s.strong
        v = u[k]
        p = k
        while p < len(u) and u[p].has("determiners", "adverb", *_POSSESSIVES):
            p += 1  # "is our weakest agent", "is the slowest on the floor"
        if be and p < len(u):
            w = u[p]
            person_only = (
                w.has("named_performance.person_predicates")
                or (p + 1 < len(u) and _personish(u[p + 1]))
                or any(word in ("performer", "agent", "rep") for word in w.words)
            )
            late_with = w.low == "late" and p + 1 < len(u) and u[p + 1].low in ("with", "on", "for")
            predicate = w.has("named_performance.predicates", "named_performance.person_predicates")
            if predicate and (not weak or person_only) and not late_with:
                self.hit("named_performance", s.start, p + 1, "judgement-of-person", w.low)
                return
        if v.has("named_performance.behaviours"):
            self.hit("named_performance", s.start, k + 1, "conduct-of-person", v.low)
            return
        if v.low in ("keeps", "kept", "keep") and k + 1 < len(u):
            nxt = u[k + 1]
            if nxt.has("named_performance.behaviours") or (not weak and nxt.low.endswith("ing")):
                self.hit("named_performance", s.start, k + 2, "conduct-of-person", nxt.low)
                return
        if v.has("named_performance.holds"):
            among = self._among_people(k + 1)
            for q in range(k + 1, min(len(u), k + 8)):
                w = u[q]
                if w.has("named_performance.org_measures", "punct", "conjunctions"):
                    return
                if w.has("named_performance.person_measures") or (
                    (not weak or among) and (w.has("named_performance.measures") or _score(w))
                ):
                    self.hit("named_performance", s.start, q + 1, "figure-of-person", w.low)
                    return

    def _measured(self, owner: NP, np: NP) -> bool:
        """Whether the possessed phrase is a measure ("Priya's AHT", "Priya's average handle
        time", "Samuel's abandonment numbers"), not something else that mentions one later
        ("Kofi's analysis shows AHT …")."""
        k = owner.end
        while k < np.end and self.u[k].has("poss", "determiners"):
            k += 1
        while k < np.end and self.u[k].low in self.w("perf_modifiers"):
            k += 1
        if k >= np.end:
            return False
        org = owner.strong and self.u[k].has("named_performance.org_measures")
        return org or self.u[k].has("named_performance.measures")

    def _among_people(self, k: int) -> bool:
        """Whether a figure from unit ``k`` on is compared among people ("the worst FCR of the
        new hires", "the lowest CSAT on the team"): then whoever has it is a person."""
        u = self.u
        for q in range(k, min(len(u), k + 8)):
            if u[q].low in ("of", "among", "on", "in") and q + 1 < len(u):
                np = self.np(q + 1)
                if np is not None and (np.kind == STAFF or _lemma(u[np.head]) in ("team", "floor")):
                    return True
        return False

    def integration(self) -> None:
        """Vendor staff spoken of, or treated, as the client's own: "our agents", "our
        employees at Bluebird", "invite them to our all-hands", "issue company badges to every
        agent", "treat them as our own employees", "give the reps access to our employee gym"."""
        u = self.u
        negated = self.c.negated_at is not None
        for np in self.noun_phrases():
            if negated:
                break
            if np.ours and np.kind in (PERSON, STAFF):
                if not {x.low for x in u[np.start : np.head]} & self.w("not_ours"):
                    self.hit("integration", np.start, np.end, "our-staff", u[np.head].low)
                continue
            ours = np.kind == CLIENT and _possessed_by(np, CLIENT)
            if ours and u[np.head].low in self.w("our_people") and np.end + 1 < len(u):
                if u[np.end].low in ("at", "in", "on", "from"):
                    place = self.np(np.end + 1)
                    if place is not None and any(
                        x.has("vendor", "org", "name") or x.cap for x in u[place.start : place.end]
                    ):
                        self.hit("integration", np.start, place.end, "our-staff", u[np.head].low)
        for t, unit in enumerate(u):
            if unit.has("integration.verbs") and _verbal(self.c, t):
                actor, neg = _actor_at(self.c, t)
                if _decide("integration", actor, neg, None):
                    self._integrated(t)

    def _integrated(self, t: int) -> None:
        u = self.u
        unit = u[t]
        first = self.np(t + 1)
        if first is None:
            return
        if first.target:
            # verb + person + to/into/as + our thing ("invite them to our all-hands", "treat
            # the Bluebird reps as part of our own team")
            p = first.end
            if p < len(u) and u[p].low in ("to", "into", "in", "on", "for", "as", "like", "onto"):
                thing = self.np(p + 1)
                if thing is not None and u[thing.head].low.startswith("part"):
                    q = thing.end if u[thing.head].low.endswith("of") else thing.end + 1
                    thing = self.np(q)
                if thing is not None and _lemma(u[thing.head]) == "access":
                    nxt = thing.end
                    thing = self.np(nxt + 1) if nxt < len(u) and u[nxt].low == "to" else thing
                strict = u[p].low in ("as", "like")
                if thing is not None and self._integration_thing(thing, strict=strict):
                    self.hit("integration", t, thing.end, "joined-to-our-workforce", unit.low)
                    return
            # verb + person + our thing ("give the vendor's staff Acme email addresses")
            thing = self.np(first.end)
            if thing is not None and _lemma(u[thing.head]) == "access":
                nxt = thing.end
                thing = self.np(nxt + 1) if nxt < len(u) and u[nxt].low == "to" else thing
            if thing is not None and self._integration_thing(thing, strict=False):
                self.hit("integration", t, thing.end, "given-our-things", unit.low)
        elif self._integration_thing(first, strict=False):
            # verb + our thing + to/for + person ("issue company badges to every agent"), or
            # the client's branded things handed out at all ("issue company badges")
            who = self.target_after(first.end, ("to", "for", "with"), 1)
            if who is not None:
                self.hit("integration", t, who.end, "given-our-things", unit.low)
                return
            branded = any(x.has("integration.branded") for x in u[first.start : first.end])
            if unit.low in self.w("hand_out") and branded and self._branded_strict(first):
                p = first.end
                other = self.np(p + 1) if p < len(u) and u[p].low in ("to", "for") else None
                if other is None or other.target:
                    self.hit("integration", t, first.end, "given-our-things", unit.low)

    def part_of_ours(self) -> None:
        """ "… they're now part of the Acme family", "the agents are part of our team now"."""
        u = self.u
        if self.c.negated_at is not None:
            return
        for k, unit in enumerate(u):
            if unit.low.endswith("part of"):
                whole = self.np(k + 1)
            elif unit.low == "part" and k + 1 < len(u) and u[k + 1].low == "of":
                whole = self.np(k + 2)
            else:
                continue
            if whole is None or not self._ours(whole):
                continue
            b = k - 1
            while b >= 0 and (u[b].has("adverb", "auxiliaries", "modals") or u[b].low in _BE):
                b -= 1
            if not (unit.low.startswith(("are", "is", "be", "were", "was")) or b < k - 1):
                continue
            who = _np_ending(self.c, b + 1, 0) if b >= 0 else None
            if who is not None and (who.target or u[who.head].has("pron:they")):
                self.hit("integration", who.start, whole.end, "part-of-our-workforce", "part of")

    def records(self) -> None:
        """Employment records of vendor staff kept or collected by the client: "keep a file on
        every agent", "send us each agent's attendance records"."""
        u = self.u
        for np in self.noun_phrases():
            if "records" not in np.families:
                continue
            target = np.owner() or self.target_after(np.end, ("of", "on", "for", "by", "from"))
            if target is None or target.kind not in (PERSON, STAFF):
                continue
            specific = any(
                "records" in _nouns_of(x) and x.words[-1] not in self.w("generic_records")
                for x in u[np.start : np.end]
            )
            gov = next(
                (
                    k
                    for k in range(np.start - 1, max(self.c.lead - 1, np.start - 7), -1)
                    if u[k].has("records.verbs")
                ),
                None,
            )
            if not specific and gov is None:
                continue
            actor, negated = _actor_at(self.c, gov if gov is not None else np.start)
            if _decide("records", actor, negated, target):
                start = gov if gov is not None else min(np.start, target.start)
                end = max(np.end, target.end)
                self.hit("records", start, end, "records-of-staff", u[np.head].low)

    def data_requests(self) -> None:
        """Figures per person asked for: "agent-level QA", "agent-wise AHT every morning"."""
        u = self.u
        if any(x.has("negations") or x.low.startswith(("refus", "reject")) for x in u):
            return  # "agent-level data must not be sent", "… is refused on import"
        for k, unit in enumerate(u):
            if not unit.has("supervision.data_words"):
                continue
            if not any(
                x.has("named_performance.measures", "named_performance.org_measures")
                or _lemma(x) in self.w("data_nouns")
                for x in u[max(0, k - 2) : k + 3]
            ):
                continue  # "100 USD per agent" is a rate, not a request for figures
            actor, negated = _actor_at(self.c, k)
            if _decide("supervision", actor, negated, None):
                end = k + 1
                while end < len(u) and u[end].has("noun", "term"):
                    end += 1
                self.hit("supervision", k, end, "individual-figures", unit.low)


_MAKE_LET = ("make", "let", "have", "allow")
_SLOT_PREPS = ("to", "on", "onto", "into", "for", "from", "off")
_TEMPORAL = ("before", "after", "during", "until", "till", "since", "throughout", "within")


def _score(u: Unit) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?(?:%|s|secs?|mins?)", u.low))


def _line_names(units: list[Unit], after: list[Unit], rules: RuleSet) -> list[_Hit]:
    """A line "Name: figures" or "Agent 7731 - 14 late logins": the clause holding only a
    person, then a clause opening with a colon or dash and holding a measure or conduct."""
    k = 0
    while k < len(units) and units[k].has("punct"):
        k += 1
    np = _np(units, k, rules)
    if np is None or np.kind != PERSON or np.end != len(units):
        return []
    if not after or after[0].low not in (":", "-"):
        return []
    for w in after[1:8]:
        if w.has("named_performance.org_measures"):
            return []
        if w.has(
            "named_performance.measures",
            "named_performance.person_measures",
            "named_performance.behaviours",
            "named_performance.predicates",
        ):
            start = units[np.start].start
            return [_Hit("named_performance", start, w.end, "figures-of-named-person", w.low)]
    return []


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
    clauses = [_units(text, tokens, c, rules, blocked) for c in _clauses(text, tokens)]
    hits: list[_Hit] = []
    for k, units in enumerate(clauses):
        hits += _Frames(_analyse(units, rules)).run()
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
    units = _units(text, tokens, list(range(len(tokens))), rules, blocked)
    for k, u in enumerate(units):
        if u.has("given") and not (u.entry and u.entry.tags - {"verb", "base"}):
            return u.text
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
