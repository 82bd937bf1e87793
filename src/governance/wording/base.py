"""What the frames share: a found phrase (``_Hit``), the words they look for, and the
helpers that find noun phrases, people and their side around a word of a clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

from governance.wording.clauses import (
    _OF_SIDE,
    Clause,
    _client_side,
    _np_start_ok,
    _possessed_by,
    _verbal,
)
from governance.wording.phrases import CLIENT, NP, PERSON, STAFF, VENDOR, _lemma, _nouns_of
from governance.wording.text import _OBJECT_PRONOUNS, _POSSESSIVES, Unit

# Families whose term nouns make an act with a person they belong to or are aimed at.
_NOUN_FAMILIES = ("hiring_firing", "discipline", "scheduling", "pay", "supervision")
_LINK_PREPS = (
    "of",
    "for",
    "to",
    "on",
    "from",
    "by",
    "with",
    "among",
    "against",
    "per",
    "between",
)


_MAKE_LET = ("make", "let", "have", "allow")
_TAKING = ("take", "get", "receive", "accept", "obey")
_NOT_VERBS = (
    "negations",
    "modals",
    "auxiliaries",
    "prepositions",
    "determiners",
    "punct",
    "name",
    "noun",
    *_OBJECT_PRONOUNS,
    *_POSSESSIVES,
)
_TIME_UNITS = ("minute", "minutes", "mins", "min", "second", "seconds", "secs", "sec", "hours")
_SLOT_PREPS = ("to", "on", "onto", "into", "for", "from", "off")
_TEMPORAL = ("before", "after", "during", "until", "till", "since", "throughout", "within")


def _stem(u: Unit) -> str:
    """The base form of a verb's past form, known or guessed ("deployed" → "deploy")."""
    if u.entry is not None and u.entry.base:
        return u.entry.base.split()[0]
    low = u.low
    for cut in ("ied", "ed", "d"):
        if low.endswith(cut):
            return low[: -len(cut)] + ("y" if cut == "ied" else "")
    return low


def _score(u: Unit) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?(?:%|s|secs?|mins?)", u.low))


@dataclass(frozen=True)
class _Hit:
    family: str
    start: int  # characters of the words matched in the text
    end: int
    frame: str
    word: str


class _Frame:
    """One clause read by the frames: its units, its noun phrases (computed once) and the
    findings made so far; the helpers every frame uses."""

    def __init__(self, clause: Clause):
        self.c = clause
        self.u = clause.units
        self.rules = clause.rules
        self.w = clause.rules.words
        self.hits: list[_Hit] = []
        self._nps: list[NP] | None = None

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

    def noun_phrases(self) -> list[NP]:
        """The clause's noun phrases, left to right (none starting at a verb; computed once)."""
        if self._nps is None:
            self._nps = self._noun_phrases()
        return self._nps

    def _noun_phrases(self) -> list[NP]:
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

    def client_person(self, np: NP) -> NP | None:
        """A person of the client's side named with it: "Joana on our side", "Priya from
        finance", "Rahul in our WFM team" (the phrase that says so, or None)."""
        u = self.u
        if np.kind != PERSON or np.end + 1 >= len(u) or u[np.end].low not in _OF_SIDE:
            return None
        team = self.np(np.end + 1)
        if team is not None and _client_side(u, team, self.rules):
            return team
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
        times = self.w("time_words")
        for j in range(k, min(len(u), k + 8)):
            if "scheduling" in _nouns_of(u[j]) or u[j].low in times:
                return j + 1
            if j + 1 < len(u) and f"{u[j].low} {u[j + 1].low}" in times:
                return j + 2  # "on Boxing Day", "over Christmas Eve"
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
        if np.vendor_side or _possessed_by(np, VENDOR):
            return False  # "its annual awards night", "the vendor's uniform"
        if strict:
            return self._ours(np)
        return "integration" in np.families and self._branded(np)

    def _family_of(self, np: NP) -> str | None:
        """The family of the term nouns in ``np`` that make an act with a person (its head's
        first)."""
        families = [f for f in _NOUN_FAMILIES if f in np.families]
        if not families:
            return None
        return next((f for f in families if f in _nouns_of(self.u[np.head])), families[0])

    def _negated_before(self, j: int) -> bool:
        """Whether a negation ("not", "never") is in the verb group before unit ``j``."""
        u = self.u
        k = j - 1
        while k >= 0 and u[k].has("modals", "auxiliaries", "negations", "adverb"):
            if u[k].has("negations"):
                return True
            k -= 1
        return False

    def _by_client(self, k: int) -> bool:
        """Whether "by us", "by our ops head", "by the client" follows within a few units."""
        u = self.u
        for q in range(k, min(len(u) - 1, k + 3)):
            if u[q].low == "by":
                agent = self.np(q + 1)
                return agent is not None and (
                    agent.kind == CLIENT or self.client_person(agent) is not None
                )
        return False

    def _verb_family(self, v: Unit) -> str | None:
        """The family of a verb of the vocabulary: its acts first, then approving or choosing
        people (hiring)."""
        if v.entry is not None and v.entry.verbs:
            return v.entry.verbs[0].family
        if v.has("hiring_firing.approvals", "hiring_firing.decides"):
            return "hiring_firing"
        return None

    def _from_client(self, k: int) -> bool:
        """Whether "from us", "from the client", "from our budget" follows at unit ``k``."""
        u = self.u
        if k + 1 >= len(u) or u[k].low not in ("from", "by", "courtesy"):
            return False
        giver = self.np(k + 1)
        return giver is not None and (giver.kind == CLIENT or _possessed_by(giver, CLIENT))

    def _np_start(self, k: int) -> int:
        """Where the noun phrase holding unit ``k`` starts ("a quick word": at "a")."""
        for start in range(max(self.c.lead, k - 4), k + 1):
            np = self.np(start)
            if np is not None and np.start <= k < np.end:
                return start
        return k

    def _np_ending_at(self, end: int) -> NP | None:
        for start in range(max(self.c.lead, end - 8), end):
            np = self.np(start)
            if np is not None and np.end == end and np.target:
                return np
        return None
