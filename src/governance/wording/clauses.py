"""Clauses read for who acts: an order, a question, or a subject and its verb group; who does an
act at a given word and whether it is negated; and whether that act is a finding."""

from __future__ import annotations

from dataclasses import dataclass, field

from governance.wording.lexicon import CONTROL_FAMILIES, RuleSet
from governance.wording.phrases import (
    CLIENT,
    COUNTER,
    NP,
    PERSON,
    STAFF,
    THING,
    VENDOR,
    _np,
    _personish,
    _typed,
    _vocabulary_noun,
)
from governance.wording.text import (
    _OBJECT_PRONOUNS,
    _PERSONISH,
    _POSSESSIVES,
    _SUBJECT_PRONOUNS,
    Unit,
)

# --- clauses: who acts ---------------------------------------------------------------------------

IMPERATIVE, DIRECTED = "imperative", "directed"  # the writer orders; the vendor is told to
_HAVE_GET = set("have has had get gets got do does did need needs".split())
_MODAL_WORDS = set("to allowed permitted required supposed expected able needed".split())
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
    requested: bool = False  # the complement of the client's request: "(we asked) that X …"
    actor: str = THING
    nps: dict[int, NP | None] = field(default_factory=dict)

    def np(self, i: int) -> NP | None:
        """The noun phrase starting at unit ``i`` (computed once)."""
        if i not in self.nps:
            self.nps[i] = _np(self.units, i, self.rules) if 0 <= i < len(self.units) else None
        return self.nps[i]


def _analyse(
    units: list[Unit], rules: RuleSet, requested: bool = False, told: str | None = None
) -> Clause:
    """Read a clause's opening: an order (imperative), a question, or a subject and its verb
    group; and from the subject, who acts. ``requested``: the clause is what the client asked
    for ("we asked that …"), so the vendor in it is told to act, and a person in it is made to;
    ``told``: the kind of whom the client asked, whom "they" or "he" then stands for ("tell the
    agents they can't …")."""
    c = Clause(units, rules, requested=requested)
    n = len(units)
    k = 0
    while k < n and units[k].has("fillers", "punct", "adverb") and not _imperative_at(units, k):
        k += 1
    # a leading phrase of time or reference: "Per our call, …", "From next week …"
    if k < n and units[k].low in rules.words("intro_prepositions"):
        np = c.np(k + 1)
        if np is not None:
            if np.quant == "no" or units[k + 1].has("negations"):
                c.negated_at = k + 1  # "Under no circumstances should client staff …"
            k = np.end
            while k + 1 < n and units[k].has("prepositions") and c.np(k + 1) is not None:
                k = c.np(k + 1).end
            while k < n and units[k].has("punct", "fillers"):
                k += 1
    # someone addressed: "Team, please make sure …", "Hi Maria, can you …"
    if k < n and not _imperative_at(units, k):
        called = c.np(k)
        if called is not None and called.end + 1 < n and units[called.end].low == ",":
            after = called.end + 1
            if units[after].has("fillers") or _imperative_at(units, after):
                k = after
                while k < n and units[k].has("fillers", "punct", "adverb"):
                    if _imperative_at(units, k):
                        break
                    k += 1
    # a question: "can we get Svetlana moved …", "could someone from our side shadow …"
    if k + 1 < n and units[k].low in _QUESTION and not units[k + 1].has("negations"):
        if _starts_np(units[k + 1]):
            c.question = units[k].has("modals")
            k += 1
    c.lead = k
    if k >= n:
        return c
    intro_negation = c.negated_at
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
    c.negated_at = c.negated_at if c.negated_at is not None else intro_negation
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
        if team is not None and _client_side(units, team, rules):
            kind = subject.kind = CLIENT  # "Rahul from client WFM", "someone from our side"
    pronoun = units[subject.head].has("pron:they", "pron:he") and subject.end == subject.head + 1
    if told is not None and pronoun:
        kind = subject.kind = told  # "tell the agents they can't take leave …"
    elif units[subject.head].has("pron:they", "pron:it"):
        kind = VENDOR  # "they will hire …": the vendor, as a rule
    if kind == PERSON and not subject.strong and any(u.has("pron:its") for u in units):
        kind = VENDOR  # "Bluebird has removed the agent under its own process"
    if kind in (VENDOR, COUNTER) and (requested or c.question):
        # "(we asked) that the vendor let go of the agent who …", "could the vendor swap …?"
        c.actor = DIRECTED
    elif kind in (VENDOR, COUNTER):
        shall = any(units[m].low == "shall" for m in range(first, j))
        c.actor = DIRECTED if c.directive and not shall else VENDOR
        if c.verb is not None and units[c.verb].has("reporting"):
            c.report, c.actor = True, VENDOR
    else:
        c.actor = kind
    return c


def _complements(units: list[Unit], rules: RuleSet) -> list[tuple[list[Unit], bool, str | None]]:
    """The clause, or its main part and the complement of a request the client makes in it,
    each with whether it was requested: "We asked that the vendor's agent Maria stop …",
    "client requests that agent ID 20931 is not redeployed", "I've told their TL that Dariusz
    has to go", "Our preference is that the vendor lets go of …". The vendor's own account
    ("Vendor confirmed that …") is not a request."""
    requests = rules.words("requests")
    opinions = rules.words("opinions")
    n = len(units)
    for t, u in enumerate(units):
        if u.low in opinions and t + 1 < n:
            # "I think Tiago needs a refresher": what the client thinks is read on its own
            q = t + 1 + (units[t + 1].low == "that")
            main = _analyse(units[:t], rules) if t else None
            opening = all(x.has("fillers", "punct", "adverb") for x in units[:t])
            if (opening or (main is not None and main.actor == CLIENT)) and q < n:
                # "(I) noticed that Aisha takes very long breaks"
                return [(units[:t], False, None), (units[q:], False, None)]
            continue
        if u.low not in requests:
            continue
        q = t + 1
        while q < n and units[q].has("adverb", "auxiliaries"):
            q += 1  # "requested again that", "preference is that"
        if q < n and units[q].low in ("of", "from", "to") and q + 1 < n:
            q += 1  # "asked of the vendor that"
        told = None
        for start in range(max(0, t - 6), t):  # the one told before the verb: "let the agents
            before = _np(units, start, rules)  # know they must …"
            if before is not None and before.end == t and before.target:
                told = before.kind
                break
        if q < n and units[q].low != "that" and not _opens_clause(units, q, rules):
            np = _np(units, q, rules)
            if np is not None and np.kind != THING:
                q = np.end  # the one told: "told their TL that", "told the vendor that"
                told = np.kind
        if q + 1 < n and units[q].low == "that":
            cut = q + 1
        elif q < n and _opens_clause(units, q, rules):
            cut = q  # "The client has decided Mr Banerjee will not continue …", "tell the
            # agents they can't take leave …"
        else:
            continue
        main = _analyse(units[:q], rules)
        subject = main.subject
        ours = subject is not None and subject.kind == THING and _possessed_by(subject, CLIENT)
        if main.actor in (CLIENT, IMPERATIVE, DIRECTED) or ours:
            return [(units[:q], False, None), (units[cut:], True, told)]
        return [(units, False, None)]
    return [(units, False, None)]


def _opens_clause(units: list[Unit], q: int, rules: RuleSet) -> bool:
    """Whether a clause with its own subject starts at ``q``: a noun phrase of someone, then a
    modal or an auxiliary ("Mr Banerjee will not …", "they can't …")."""
    np = _np(units, q, rules)
    if np is None or not (np.target or units[np.head].has("pron:they", "pron:he")):
        return False
    return np.end < len(units) and units[np.end].has("modals", "auxiliaries")


_OF_SIDE = {"from", "in", "of", "at", "on"}


def _client_side(units: list[Unit], team: NP, rules: RuleSet) -> bool:
    """Whether ``team`` is the client's side of things: the client, a function of the client, or
    "our side", "our end", "our team" (but not "our account": the vendor works on it)."""
    if team.kind == CLIENT:
        return True
    return _possessed_by(team, CLIENT) and units[team.head].low in rules.words("client_sides")


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


def _opens_np(u: Unit) -> bool:
    """A word that can only open a noun phrase: a determiner, a possessive, a number."""
    return u.has("determiners", "num", "pron:our", "pron:their", "pron:its", "pron:his")


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
            nxt = units[j + 1] if j + 1 < n else None
            if u.low == "to" and nxt is not None and _opens_np(nxt):
                break  # "congratulations to our Cebu agents": a preposition
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
            j = _past_relative(units, j + 1)
        elif u.has("pron:we", "pron:they", "pron:you", "pron:he") and j + 1 < n:
            # a relative clause without its pronoun: "candidates we have interviewed can …"
            if not units[j + 1].has("modals", "auxiliaries", "verb"):
                return j
            j = _past_relative(units, j + 1)
        elif u.low in ("each", "all", "both") and j + 1 < n:
            j += 1  # "the top three agents each get …"
        elif _participle(u) and j + 1 < n and units[j + 1].has("prepositions", "adverb"):
            # "the three reps caught on their phones should …" (a phrase, then the verb group;
            # "Ms Cruz handled only 38 calls" is the verb itself)
            k = j + 1
            for _ in range(3):
                if k < n and units[k].has("adverb"):
                    k += 1
                elif k + 1 < n and units[k].has("prepositions") and c.np(k + 1) is not None:
                    k = c.np(k + 1).end
            if not (k < n and units[k].has("modals", "auxiliaries")):
                return j
            j = k
        elif u.low == "," and j + 1 < n:
            np = c.np(j + 1)
            if np is None or np.end >= n or units[np.end].low != ",":
                return j
            j = np.end + 1
        else:
            return j
    return j


def _past_relative(units: list[Unit], k: int) -> int:
    """The main verb after a relative clause whose words start at ``k``: a modal, or an
    auxiliary or verb after the relative's own verb and something after it ("who hit target get
    …", "who was rude gets …")."""
    n = len(units)
    content = nominal = False
    while k < n:
        w = units[k]
        if w.has("modals") or (content and w.has("auxiliaries")):
            break
        if nominal and w.has("verb") and not w.has("noun", "term"):
            break
        if nominal and w.has("negations") and k + 1 < n and units[k + 1].has("verb"):
            break  # "the rep who leaked the data never works …"
        if w.low == ",":
            return k + 1
        if content and not w.has("auxiliaries", "adverb", "prepositions", "determiners"):
            nominal = True
        content = content or not w.has("auxiliaries", "adverb")
        k += 1
    return k


_PARTICIPLES = frozenset(
    "caught seen found kept held left told given taken sent brought put set hit shown known "
    "heard made paid sold spoken written chosen".split()
)


def _participle(u: Unit) -> bool:
    """Whether ``u`` is a participle that opens a phrase after a noun ("caught on their phones",
    "working late", "hired in June")."""
    if u.has("modals", "auxiliaries", "prepositions", "punct", "num", "negations"):
        return False
    low = u.low
    if low in _PARTICIPLES:
        return True
    if u.entry is not None and u.entry.base and low == u.entry.base.split()[0]:
        return False
    return len(low) > 4 and low.endswith(("ed", "ing")) and not u.has("noun", "term")


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
    bound = c.subject.end if c.subject is not None else c.lead + 1
    if k >= bound and t != c.verb:
        # "… who the vendor hires", "ask the vendor how it schedules its agents"
        local = _np_ending(c, k + 1, bound)
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
