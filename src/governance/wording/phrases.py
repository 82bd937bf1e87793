"""Noun phrases: who or what a phrase names (a person, vendor staff, the vendor, the client, a
counterpart, a thing), its possessor, quantifier and the term nouns inside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from governance.wording.lexicon import RuleSet
from governance.wording.text import _OBJECT_PRONOUNS, _PERSONISH, _POSSESSIVES, Unit

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
    """The noun phrase starting at unit ``i``, or None when none starts there. People joined by
    "and", "or", "&" or commas are one phrase ("Sipho and Thandi", "Ana, Priya and Kwame"): an
    act on them is an act on each."""
    if i >= len(units):  # nothing left (a clause of punctuation only)
        return None
    np = _simple_np(units, i, rules)
    if np is None or not np.target:
        return np
    n = len(units)
    while np.end + 1 < n and units[np.end].low in ("and", "or", "&", ",", "nor"):
        k = np.end + 1
        if units[np.end].low == "," and k < n and units[k].low in ("and", "or", "&"):
            k += 1  # the serial comma: "Ana, Priya, and Kwame"
        other = _simple_np(units, k, rules) if k < n else None
        if other is None or not other.target or other.start == other.end:
            break
        if other.kind == PERSON and not (other.strong or units[other.head].has("name")):
            break
        if units[np.end].low == "," and not (np.kind == PERSON and other.kind == PERSON):
            break  # "the agents, the vendor …": only names are listed with commas
        np = NP(
            np.start,
            other.end,
            np.head,
            STAFF if STAFF in (np.kind, other.kind) else PERSON,
            strong=np.strong or other.strong,
            possessor=np.possessor,
            quant=np.quant or other.quant,
            ours=np.ours or other.ours,
            vendor_side=np.vendor_side or other.vendor_side,
            families=np.families | other.families,
            measure=np.measure or other.measure,
            org_measure=np.org_measure or other.org_measure,
        )
    return np


def _simple_np(units: list[Unit], i: int, rules: RuleSet) -> NP | None:
    """The noun phrase starting at unit ``i`` without coordination."""
    n = len(units)
    if i >= n:
        return None
    if units[i].low in ("nobody", "no-one", "noone"):
        return NP(i, i + 1, i, STAFF, quant="no")  # "nobody on the Spanish line takes …"
    if units[i].low == "no" and i + 1 < n and units[i + 1].low == "one":
        return NP(i, i + 2, i + 1, STAFF, quant="no")  # "no one on our line gets …"
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
            possessor = NP(j, j + 1, j, _their(units, j))
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
        if (
            head is not None
            and units[head].low in rules.words("time_nouns")
            and u.has("frontline", "roles", "name")
        ):
            break  # a date, then who: "from next week agents report …"
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
                elif _compound(units, head, j):
                    pass  # "our staff parking permits": the staff's thing
                elif not _vocabulary_noun(u):
                    break
                elif u.has("verb") and u.low.endswith("s") and _singular(h):
                    break  # "the BPO pays …", "Priya coaches …": a verb agreeing with its subject
            elif (
                u.has("verb")
                and not _vocabulary_noun(u)
                and (u.has("act", "causatives", "reporting") or not h.has("noun", "term"))
                and not _plural_noun_here(units, j)
            ):
                break
            mods.append(head)
        head = j
        j += 1
    if head is None:
        return possessor
    if j < n and _personish(units[head]) and units[j].low in _POSTMODIFIERS:
        j += 1  # "the agents involved", "the rep concerned"
    return _finish(units, i, j, head, mods, quant, ours, vendor_side, possessor, rules)


_POSTMODIFIERS = frozenset("involved concerned responsible affected mentioned named".split())


def _their(units: list[Unit], j: int) -> str:
    """Whom "their" at unit ``j`` stands for: staff, unless the nearest plural before it is a
    thing ("the list of sites with their opening hours")."""
    for k in range(j - 1, max(-1, j - 8), -1):
        u = units[k]
        if _personish(u) or u.has("pron:they"):
            return STAFF
        plural = u.low.endswith("s") and not u.low.endswith("ss") and len(u.low) > 3
        if plural and not u.has("verb", "pron:our", "pron:its", "poss") and u.low.isalpha():
            return THING
    return STAFF


def _compound(units: list[Unit], head: int, j: int) -> bool:
    """Whether an unknown word after a group word opens a compound noun ending the phrase:
    "our staff parking permits", "the team lunch budget"."""
    u = units[j]
    if not units[head].has("groups") or u.entry is not None or not u.text.isalpha() or u.cap:
        return False
    if j + 1 >= len(units):
        return False
    nxt = units[j + 1]
    return nxt.has("noun", "term") or _plural_noun_here(units, j + 1)


def _plural_noun_here(units: list[Unit], j: int) -> bool:
    """Whether the verb-like word at ``j`` is a plural noun ending a phrase: "the commission
    rates for …", "the shift schedules." (a verb would have what it acts on after it)."""
    if j == 0 or not (units[j - 1].has("noun", "term") or units[j - 1].entry is None):
        return False
    plural = units[j].low.endswith("s") and not units[j].low.endswith("ss")
    if not plural and not units[j - 1].has("term"):
        return False  # "the commission plan for …": a noun after a term noun
    nxt = units[j + 1] if j + 1 < len(units) else None
    return nxt is None or nxt.has("prepositions", "punct", "conjunctions", "modals", "auxiliaries")


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
    if h.has("counterparts", "client_functions"):
        # a name after a role of the client or of the vendor's leadership: "our VMO lead Priya",
        # "the vendor's account manager Giovanni" (the same person, not someone acted on)
        return u.has("name") and u.cap and not u.has("initial", "org")
    if not h.has("frontline", "roles", "person_nouns"):
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
    # the client's brand before its own people: "Acme employees" (a vendor's name is known)
    branded = any(u.has("name") and u.cap and not u.has("given", "org") for u in inside[:-1])
    client_mod = client_mod or (branded and _lemma(h) in ("employee", "staff", "colleague"))
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
