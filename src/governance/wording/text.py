"""Reading a text: tokens, clauses and the units of a clause (the vocabulary's longest phrases,
tagged), with the words that may be a person's name marked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from governance.wording import names
from governance.wording.lexicon import Entry, RuleSet

# --- reading a text: tokens, clauses, units ------------------------------------------------------

# A word (letters and digits, with inner hyphens, apostrophes, dots, slashes or colons: "e-mail",
# "O'Neil", "12:30", "24/7"), a sign-led number ("#4471", "$50") or one other character.
_TOKEN = re.compile(
    r"[#$€£]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?(?![\w,])|[#$€£]?[^\W_]+(?:[-'’./:][^\W_]+)*%?|[^\w\s]"
)
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
_OPENERS = set("so ok okay then and but now pls please just".split())
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
        return not self.tags.isdisjoint(tags)


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
        third = low == "lets" and out and out[-1][0][:1].isalnum() and out[-1][0] not in _OPENERS
        if low in _SPLIT and not third:  # "the vendor lets go of …" is not "let's"
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
    text: str,
    tokens: list[Token],
    clause: list[int],
    rules: RuleSet,
    blocked: frozenset[str],
    lower: bool = False,
) -> list[Unit]:
    """The clause's tokens grouped into the vocabulary's longest phrases, each tagged (``lower``:
    the text is written without capitals for names, ``lower_case_names``)."""
    words = [tokens[i][0] for i in clause]
    adverbs = rules.words("adverbs")
    units: list[Unit] = []
    k = 0
    while k < len(words):
        entry, size = None, 1
        after_det = k > 0 and words[k - 1] in _NOUN_OPENERS
        word = words[k]
        if word.startswith("re") and (word,) not in rules.phrases and len(word) > 5:
            # "re-certify", "reassess": the verb again
            stem = word[3:] if word.startswith("re-") else word[2:]
            again = rules.phrases.get((stem,))
            if again is not None and again.verbs:
                words[k] = stem
        for n in range(min(rules.longest, len(words) - k), 0, -1):
            found = rules.phrases.get(tuple(words[k : k + n]))
            if found is not None:
                if n > 1 and after_det and _verb_phrase(found) and (words[k],) in rules.phrases:
                    continue  # "the pay for Tagalog speakers": a noun, not "pay for"
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
    _function_titles(units, rules)
    _mark_names(units, rules, blocked, lower)
    return units


_NOUN_OPENERS = frozenset("the a an this that these those our their his her its my your".split())


def _verb_phrase(entry: Entry) -> bool:
    """A phrase of the vocabulary that is only a verb ("pay for", "sit with")."""
    return bool(entry.verbs or entry.base) and not (entry.nouns or entry.tags & _NOUN_TAGS)


def _function_titles(units: list[Unit], rules: RuleSet) -> None:
    """A job title after a function or a party is a noun, not a verb: "our VMO lead", "the QA
    lead", "our legal counsel", "client finance head" name a role of the client or the vendor."""
    titles = rules.words("function_titles")
    for k in range(1, len(units)):
        u, prev = units[k], units[k - 1]
        if u.low not in titles:
            continue
        acronym = prev.text.isupper() and prev.text.isalpha() and len(prev.text) >= 2
        department = prev.low in rules.words("departments")
        if (
            acronym
            or department
            or prev.has("client_functions", "client", "vendor", "counterparts")
        ):
            u.tags -= {"verb", "act", "base"}
            u.tags |= {"counterparts", "noun"}


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


_NAME_WORD = re.compile(r"[^\W\d_]{2,}(?:[-'][^\W\d_]+)*")
# The rank a word must have among first names to be read as one: a capitalised word inside a
# sentence, one opening it (there capitals say less), a word in text written without capitals,
# a word that is also the name of a country or a region.
NAME_RANK, OPENING_NAME_RANK, LOWER_CASE_NAME_RANK, PLACE_NAME_RANK = 2000, 1000, 300, 300


def lower_case_names(text: str) -> bool:
    """Whether ``text`` is written without capitals for names: no capitalised word but those
    that open a sentence or a line ("pls coach priya on her tone")."""
    for m in _CAPITALISED.finditer(text):
        before = text[: m.start()].rstrip(" \t\"'“(")
        if before and before[-1] not in ".!?:;\n•-*–—":
            return False
    return True


_CAPITALISED = re.compile(r"\b[A-Z][a-z]")


def _known_name(units: list[Unit], k: int, opening: bool, lower: bool, rules: RuleSet) -> bool:
    """Whether unit ``k`` is a first name of the names index: capitalised (or, in text written
    without capitals, where a name goes), not a word of the vocabulary or of ``not_names``, not a
    place, and not the first word of a label ("Gold queue", "Polish line")."""
    u = units[k]
    low = u.low
    nxt = units[k + 1] if k + 1 < len(units) else None
    if nxt is not None and nxt.low in rules.org_suffixes:
        return False
    if k and units[k - 1].low in ("in", "at", "near", "across", "around"):
        return False  # a place: "our agents in Santiago"
    if low in rules.not_names or (u.entry is not None and u.entry.tags - {"verb", "base"}):
        return False
    if not _NAME_WORD.fullmatch(low):
        return False
    if u.cap:
        limit = OPENING_NAME_RANK if opening else NAME_RANK
    elif lower and len(low) >= 3 and u.entry is None and _name_slot(units, k, opening):
        limit = LOWER_CASE_NAME_RANK
    else:
        return False
    idx = names.index()
    if idx is None:
        return False
    word = names.fold(low)
    if idx.is_place(word):
        limit = min(limit, PLACE_NAME_RANK)  # "Sofia", "Jordan": a name when a very common one
    return all(idx.first_rank(part) <= limit for part in word.replace("'", "-").split("-"))


def _name_slot(units: list[Unit], k: int, opening: bool) -> bool:
    """Where a lower-case word is a name only: before 's ("priya's aht"), after a verb, a role or
    a title ("coach priya", "agent joy"), or opening the clause before its verb ("ana keeps
    transferring calls")."""
    nxt = units[k + 1] if k + 1 < len(units) else None
    if nxt is not None and nxt.has("poss"):
        return True
    prev = units[k - 1] if k else None
    if prev is not None and prev.has("verb", "causatives", "frontline", "roles", "titles"):
        return not prev.has("noun", "term") or prev.has("frontline", "roles", "titles")
    return opening and nxt is not None and nxt.has("modals", "auxiliaries", "verb")


def _mark_names(
    units: list[Unit], rules: RuleSet, blocked: frozenset[str], lower: bool = False
) -> None:
    """Tag words that may be a person's name: ``given`` (a first name of the names index,
    ``names``), ``name`` (a capitalised word nothing else explains), ``initial`` when it opens
    the clause, ``after_the`` after a determiner (then a brand or place: "the Acme family");
    ``org`` for a known vendor, site or program word or the first word of "Crestline
    Services". ``lower``: the text is written without capitals, so a lower-case word may be a
    name too ("priya's aht")."""
    for k, u in enumerate(units):
        if len(u.words) != 1 or u.has("num", "punct"):
            continue
        low = u.low
        if low in blocked:
            u.tags.add("org")
            continue
        opening = all(x.has("fillers", "punct", "adverb") for x in units[:k])
        nxt = units[k + 1] if k + 1 < len(units) else None
        suffixed = nxt is not None and nxt.cap and nxt.low in rules.org_suffixes
        if _known_name(units, k, opening, lower, rules):
            u.tags |= {"given", "name"}
            continue
        surname = k and units[k - 1].has("given") and low not in rules.words("time_nouns")
        if u.cap and low in rules.not_names and surname:
            idx = names.index()
            if idx is not None and idx.last_rank(names.fold(low)) < names.MISSING:
                u.tags.add("name")  # a surname that is also a place: "Ana Lima"
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
        if suffixed:
            u.tags.add("org")
            nxt.tags.add("org")
            continue
        u.tags.add("name")
        if opening:
            u.tags.add("initial")
        if k > 0 and units[k - 1].low in ("the", "a", "an", "our", "their", "its"):
            u.tags.add("after_the")
