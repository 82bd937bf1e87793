"""Frames whose person is a subject, or the person after a verb of wanting, telling or
causing: "X should be sacked", "we want Marco gone", "agents must work the Saturday overtime",
"tell the agents to use the new greeting", "agents will report to our ops manager"."""

from __future__ import annotations

from governance.wording.base import _TAKING, _Frame, _stem
from governance.wording.clauses import (
    DIRECTED,
    _actor_at,
    _possessed_by,
    _skip_modifiers,
    _verb_group,
    _verbal,
)
from governance.wording.lexicon import FAMILIES
from governance.wording.phrases import (
    CLIENT,
    COUNTER,
    NP,
    PERSON,
    STAFF,
    THING,
    VENDOR,
    _lemma,
    _np,
    _personish,
)


class _Subjects(_Frame):
    """Frames of people as subjects (mixed into ``_Frames``)."""

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
                if t + 2 < len(u) and u[t + 1].low == "for":
                    np = self.np(t + 2)  # "we're asking for Guillermo to be removed"
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
        # the person in what the client asked for: "(we asked) that Maria stop …"
        asked = causative is None and self.c.requested and np is self.c.subject
        bare = causative is None and np.kind == PERSON and np.initial and not asked
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
        wanted = asked or (
            causative is not None
            and (causative.has("permission") or causative.low.split()[0] in self.w("desire"))
        )
        start = t if t is not None else np.start
        if causative is None and u[np.head].has("pron:they") and not asked:
            self._joins(np, j, start, negated)  # "they" is only surely staff when joining us
            return
        # told what to do: "tell the agents to use the new greeting", "tell Imran to stop
        # interrupting customers", "make sure Diego stops taking personal calls"
        lemma = v.entry.base if v.entry is not None and v.entry.base else v.low.removesuffix("s")
        corrective = lemma in self.w("correcting") or v.has("named_performance.behaviours")
        told = causative is not None and causative.low.split()[0] in self.w("directing")
        told = told and (g.to or v.low in ("which", "what", "how", "when", "where"))
        checked = corrective and (
            asked or (causative is not None and causative.low in self.w("ensuring"))
        )
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
        # gone: "Dariusz has to go", "(we asked that) the rep go", "he must go"
        if v.low == "go" and (g.modal or asked) and (np.strong or np.kind == STAFF):
            rest = u[j + 1 :]
            if all(x.has("adverb", "punct", "fillers") or x.low in ("now",) for x in rest):
                if actor not in (VENDOR, STAFF, COUNTER, DIRECTED) or asked:
                    self.hit("hiring_firing", start, j + 1, "person-acted-on", "go")
                return
        # done by the client: "any new hire must be cleared by our ops head first"
        if g.be and v.entry is not None and v.low != v.entry.base and self._by_client(j + 1):
            family = self._verb_family(v)
            if family is not None and not negated:
                self.hit(family, start, j + 1, "person-acted-on", v.low)
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
        rule = g.modal or np.quant in ("no", "all", "each", "every") or asked
        rule = rule or (causative is None and np is self.c.subject and self.c.question)
        rule = rule or causative is not None
        end = self._time_end(j + 1)
        # being there: "all agents are expected in on Easter Sunday", "need all advisors in on
        # Boxing Day", "Sven and Magdalena must be on the floor on Christmas Eve"
        there = v.low in self.w("presence") and (g.be or g.modal or causative is not None)
        if rule and (v.has("scheduling.rule_verbs") or there) and end > j + 1:
            self.hit("scheduling", start, end, "work-rule", v.low)
            return
        # no longer on our work: "the three agents named in the complaint should no longer
        # handle our customers"
        if j >= 2 and u[j - 1].low == "longer" and u[j - 2].low == "no" and not asked:
            thing = self.np(j + 1)
            if thing is not None and (
                _possessed_by(thing, CLIENT)
                or any(_lemma(x) in self.w("work_slots") for x in u[thing.start : thing.end])
            ):
                if actor not in (VENDOR, STAFF, COUNTER) or causative is None:
                    self.hit("hiring_firing", start, thing.end, "person-acted-on", "no longer")
                    return
        # a heading of who works when: "Our ask: Joyce and Mark on mornings only"
        verbless = self.c.verb is None or u[self.c.verb].has("prepositions")
        if verbless and np.end < len(u) and u[np.end].low in ("on", "onto"):
            v, j = u[np.end], np.end
        if v.low in ("on", "onto") and j == np.end and (np.strong or np.kind == STAFF):
            slot = self.np(j + 1)
            if slot is not None and any(
                x.low in self.w("shift_slots") for x in u[slot.start : slot.end]
            ):
                if actor not in (VENDOR, STAFF, COUNTER) or causative is None:
                    self.hit("scheduling", start, slot.end, "person-to-slot", "on")
                    return
        # back on a queue, or kept off it: "do not allow Ms Fernandez to rejoin the billing
        # team", "Rohan should not be allowed back on the collections queue", "make sure
        # Giovanni does not come back to our line", "are not to be used on our program"
        placed = self._placed(j, g.be or g.modal or causative is not None)
        if placed is not None and (np.strong or np.kind == STAFF):
            family, end = placed
            family = "hiring_firing" if negated or family == "hiring_firing" else family
            if actor not in (VENDOR, STAFF, COUNTER) or asked:
                self.hit(family, start, end, "person-placed", v.low)
                return
        # answering to the client: "agents will report to our operations manager" (a rule, an
        # order or the present, not a past event: "she asked us directly")
        past = v.entry is not None and v.low != v.entry.base and not v.low.endswith("s")
        taking = (v.entry.base if v.entry is not None and v.entry.base else v.low) in _TAKING
        answers = v.has("supervision.answer_verbs") or taking
        if answers and not (past and not g.modal and causative is None):
            k = j + 1
            while k < len(u) and (u[k].has("adverb") or u[k].low in ("to", "in", "with", "from")):
                k += 1
            boss = self.np(k)
            if boss is not None and boss.kind == THING and boss.end + 1 < len(u):
                # "check every refund with our team", "take all escalations straight to our
                # duty manager"
                q = boss.end
                while q < len(u) - 1 and u[q].has("adverb"):
                    q += 1
                if u[q].low in ("with", "to", "by", "past"):
                    other = self.np(q + 1)
                    if other is not None and (
                        other.kind == CLIENT or self.client_person(other) is not None
                    ):
                        boss = other
            if boss is not None and _lemma(u[boss.head]) in self.w("leaders"):
                # "follow instructions from our duty manager", "take their priorities from us"
                if boss.end + 1 < len(u) and u[boss.end].low in ("from", "of", "by"):
                    giver = self.np(boss.end + 1)
                    if giver is not None and (
                        giver.kind == CLIENT or self.client_person(giver) is not None
                    ):
                        boss = giver
            if boss is not None and not negated:
                leads = _possessed_by(boss, CLIENT) and _lemma(u[boss.head]) in self.w("leaders")
                ours = self.client_person(boss)  # "report to Joana on our side"
                if (boss.kind == CLIENT and not u[boss.head].has("client")) or leads or ours:
                    end = ours.end if ours is not None else boss.end
                    self.hit("supervision", start, end, "answers-to-client", v.low)
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
                if not families and self._from_client(thing.end):
                    families = ["pay"]  # "… each get an iPad from us"
                if families:
                    self.hit(families[0], start, thing.end, "person-receives", u[thing.head].low)
                    return
        self._joins(np, j, start, negated)

    def _placed(self, j: int, ruled: bool) -> tuple[str, int] | None:
        """A person's coming back to, or being used on, a place of work from unit ``j``: the
        family (hiring_firing for a return, supervision for a deployment) and where it ends."""
        u = self.u
        v = u[j]
        lemma = v.entry.base if v.entry is not None and v.entry.base else v.low
        k = j + 1
        if v.has("prepositions") and j > 0 and u[j - 1].low == "back":
            lemma, k = "back", j  # "allowed back on the collections queue"
        if ruled and k < len(u) and u[k].low in ("off", "out") and v.low.endswith(("ed", "en")):
            # "(we asked that) Ana Lima be rotated off the Acme account"
            slot = self.np(k + 1 + (k + 1 < len(u) and u[k + 1].low == "of"))
            if slot is not None and any(
                _lemma(x) in self.w("work_slots") for x in u[slot.start : slot.end]
            ):
                return "hiring_firing", slot.end
        stopped = self._negated_before(j)
        if lemma in self.w("returns") or lemma == "back":
            family = "hiring_firing"
            if k < len(u) and u[k].low == "back":
                k += 1
            elif lemma in ("come", "go", "move") or (lemma == "work" and not stopped):
                return None  # "come back", "go back": only with "back"
        elif stopped and lemma in self.w("stays"):
            family = "hiring_firing"  # "will not continue on the program", "never works on"
        elif ruled and v.low.endswith("ed") and _stem(v) in self.w("deploys"):
            family = "supervision"  # "to be used on our program", "not to be deployed on …"
        else:
            return None
        if k < len(u) and u[k].low in ("to", "on", "onto", "into", "in", "at", "with"):
            k += 1
        slot = self.np(k)
        if slot is None:
            return None
        end = slot.end + (slot.end < len(u) and u[slot.end].has("noun"))  # "Acme calls"
        if not any(_lemma(x) in self.w("work_slots") for x in u[slot.start : end]):
            return None
        return family, end

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
