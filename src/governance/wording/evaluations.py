"""Frames that evaluate individuals or keep their records: a person beside a measure or a
judgement ("Priya's AHT is too high", "Kenji is underperforming"), figures asked per person,
employment records of vendor staff, and "Name: figures" lines."""

from __future__ import annotations

from governance.wording.base import _TIME_UNITS, _Frame, _Hit, _score
from governance.wording.clauses import _actor_at, _decide, _skip_modifiers, _verb_group
from governance.wording.lexicon import RuleSet
from governance.wording.phrases import NP, PERSON, STAFF, _lemma, _nouns_of, _np, _personish
from governance.wording.text import _BE, _BE_LIKE, _POSSESSIVES, Unit


class _Evaluations(_Frame):
    """Frames of evaluation and records (mixed into ``_Frames``)."""

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
            # a ranking among people: "Fernanda is our top seller", "the slowest agent"
            ranked = w.low in self.w("rank_words") and p + 1 < len(u) and _personish(u[p + 1])
            predicate = predicate or ranked
            # on their phone: "the guy on desk 12 is always on his phone"
            habit = any(u[x].low in self.w("frequency") for x in range(j, p))
            if habit and w.low == "on" and p + 1 < len(u) and u[p + 1].has(*_POSSESSIVES):
                self.hit(
                    "named_performance", s.start, min(len(u), p + 3), "conduct-of-person", "on"
                )
                return
            if predicate and (not weak or person_only) and not late_with:
                self.hit("named_performance", s.start, p + 1, "judgement-of-person", w.low)
                return
        if v.has("named_performance.behaviours"):
            self.hit("named_performance", s.start, k + 1, "conduct-of-person", v.low)
            return
        # "Ibrahim talks too much on calls", "Ana speaks too fast", "he doesn't listen enough"
        if not weak and v.has("verb") or (not weak and v.entry is None and v.low.endswith("s")):
            for q in range(k + 1, min(len(u) - 1, k + 3)):
                if u[q].low == "too" and u[q + 1].low in self.w("excess_adverbs"):
                    self.hit("named_performance", s.start, q + 2, "conduct-of-person", v.low)
                    return
        if v.low in ("keeps", "kept", "keep") and k + 1 < len(u):
            nxt = u[k + 1]
            if nxt.has("named_performance.behaviours") or (not weak and nxt.low.endswith("ing")):
                self.hit("named_performance", s.start, k + 2, "conduct-of-person", nxt.low)
                return
        if v.has("named_performance.holds") and not weak:
            # a habit of their time: "Aisha takes very long breaks"
            for q in range(k + 1, min(len(u) - 1, k + 4)):
                if u[q].low in self.w("excess") and any(
                    "scheduling" in _nouns_of(x) for x in u[q + 1 : q + 3]
                ):
                    self.hit("named_performance", s.start, q + 2, "conduct-of-person", u[q].low)
                    return
        if v.has("named_performance.holds"):
            among = self._among_people(k + 1)
            for q in range(k + 1, min(len(u), k + 8)):
                w = u[q]
                if w.has("named_performance.org_measures", "punct", "conjunctions"):
                    return
                timed = w.has("num") and q + 1 < len(u) and u[q + 1].low in _TIME_UNITS
                timed = timed or (w.has("num") and self._counted(q + 1))  # "had 4 … breaks"
                if w.has("named_performance.person_measures") or (
                    (not weak or among)
                    and (w.has("named_performance.measures") or _score(w) or timed)
                ):
                    end = q + 2 if timed else q + 1
                    self.hit("named_performance", s.start, end, "figure-of-person", w.low)
                    return
        # a habit at work: "Aditi never follows the verification steps", "Omar doesn't follow
        # the script"
        habit = any(u[x].low in self.w("frequency") for x in range(j, k)) or (
            _verb_group(u, j).negated and not be
        )
        if not weak and not be and k + 1 < len(u) and (v.has("verb") or v.entry is None):
            thing = self.np(k + 1)
            staff = u[s.head].has("frontline", "roles", "person_nouns")
            work = thing is not None and _lemma(u[thing.head]) in self.w("work_things")
            every = thing is not None and thing.quant in ("every", "each", "all")
            if thing is not None and (habit and (work or staff) or (every and work)):
                # "Aditi never follows the verification steps", "Agent 2231 never offers the
                # callback option", "Leila rushes every call"
                self.hit("named_performance", s.start, thing.end, "conduct-of-person", v.low)
                return

    def _counted(self, k: int) -> bool:
        """Whether a count at ``k`` - 1 counts a person's conduct or figures: a measure, a term
        or conduct within the next three units ("4 unauthorised breaks", "14 late logins")."""
        for x in self.u[k : k + 3]:
            if x.has(
                "named_performance.measures",
                "named_performance.person_measures",
                "named_performance.behaviours",
                "supervision.objects",
                "term",
            ):
                return not x.has("named_performance.org_measures")
            if x.has("punct", "prepositions", "conjunctions"):
                return False
        return False

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
