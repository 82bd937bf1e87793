"""Frames of acts on people: a verb or a noun of a term with a person it acts on ("coach
John", "approve her PTO", "give the agents a bonus", "move Ana to the night shift"), choosing
people, headcounts and work handed out."""

from __future__ import annotations

from governance.wording.base import _LINK_PREPS, _NOT_VERBS, _SLOT_PREPS, _TEMPORAL, _Frame
from governance.wording.clauses import (
    DIRECTED,
    _actor_at,
    _decide,
    _possessed_by,
    _verb_group,
    _verbal,
)
from governance.wording.lexicon import FAMILIES
from governance.wording.phrases import CLIENT, NP, STAFF, THING, VENDOR, _lemma, _nouns_of


class _Acts(_Frame):
    """Frames of acts on people (mixed into ``_Frames``)."""

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
                if target is None and np.kind == THING and np.families <= {"records"}:
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
                if target is None and ve.family == "pay":
                    target = np.owner()  # "reimburse the reps' internet costs"
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
            # "it's our call who gets onto the premium desk", "the client's decision which …"
            ours = unit.low in self.w("decisions") and 0 < t < len(u) - 1
            ours = ours and (
                u[t - 1].has("pron:our", "client")
                or (t > 1 and u[t - 1].has("poss") and u[t - 2].has("client"))
            )
            if say and u[t + 1].low == "in":
                t += 1  # "we'd like a say in who gets promoted"
            elif ours:
                say = True  # the client's call, whoever the clause's subject is
            elif not unit.has("hiring_firing.approvals", "hiring_firing.decides"):
                continue
            elif not _verbal(self.c, t):
                continue
            actor, negated = _actor_at(self.c, t)
            if ours:
                actor, negated = CLIENT, False
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

    def chosen_by_us(self) -> None:
        """People the client chooses, in a relative clause: "filled by a candidate we choose",
        "only agents we have approved", "the reps the client interviewed"."""
        u = self.u
        for np in self.noun_phrases():
            if not np.target or not u[np.head].has("recruits", "frontline", "roles", "anyone"):
                continue
            k = np.end + (np.end < len(u) and u[np.end].low in ("that", "who", "whom"))
            who = self.np(k) if k < len(u) else None
            if who is None or who.kind != CLIENT:
                continue
            g = _verb_group(u, who.end)
            v = u[g.end] if g.end < len(u) else None
            if v is None or g.negated:
                continue
            chooses = v.has("hiring_firing.decides", "hiring_firing.approvals")
            if chooses or self._verb_family(v) == "hiring_firing":
                self.hit("hiring_firing", np.start, g.end + 1, "choose-people", v.low)
                return

    def slots(self) -> None:
        """Putting a person on a shift, a day, a plan or a queue: "move Ana to the night
        shift", "put Farah on a performance improvement plan", "don't let Xiomara back on the
        retention queue", "we don't want the night shift TL on our account"."""
        u = self.u
        for t, unit in enumerate(u):
            returning = any(x.low == "back" for x in u[t + 2 : t + 6]) and not unit.has(*_NOT_VERBS)
            if (unit.entry is None and not returning) or not _verbal(self.c, t):
                continue
            entry_verbs = unit.entry.verbs if unit.entry is not None else []
            verbs = [v.lemma for v in entry_verbs if v.family == "scheduling"]
            wish = unit.has("permission") or unit.low.split()[0] in self.w("desire")
            # "I'd rather not see Yolanda on the phones", "don't want to see him on our queue"
            wanting = any(x.low in self.w("desire") for x in u[max(0, t - 3) : t])
            wish = wish or (unit.low.split()[0] in ("see", "have", "keep", "get") and wanting)
            if not verbs and not wish and not returning:
                continue
            np = self.np(t + 1)
            if np is None or not np.target or not self.person_ok(np, True):
                continue
            p = np.end
            while p < len(u) and u[p].has("adverb"):
                p += 1
            back = np.end < p and any(x.low == "back" for x in u[np.end : p])
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
                # off a queue, wanted (or not) on it, or back on it: "we won't accept Bartek
                # back on our team"
                removing = u[p].low in ("off", "from") or (wish and not verbs) or back
                family = "hiring_firing" if removing else "supervision"
            else:
                continue
            if back and not (verbs or wish) and not _verbal(self.c, t):
                continue
            actor, negated = _actor_at(self.c, t)
            if _decide(family, actor, negated, np, permission=wish or back):
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
            more = any(x.low in ("more", "extra", "additional") for x in self.u[np.start : np.head])
            if np.quant not in ("number", "more", "extra", "additional") and not more:
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
            if family is None and _lemma(u[thing.head]) in self.w("leaders"):
                family = "supervision"  # "give each agent their call targets every morning"
            if family is None and self._from_client(thing.end):
                family = "pay"  # "give Mr Ortega a spot award from the client budget"
            if thing.end < len(u) and u[thing.end].low == "off" and self._time_end(thing.start):
                family = "scheduling"  # "give Sunil Diwali off"
                thing = NP(thing.start, thing.end + 1, thing.head, THING)
            if family is None:
                continue
            actor, negated = _actor_at(self.c, t)
            if _decide(family, actor, negated, who):
                self.hit(family, t, thing.end, "term-given-to-person", u[thing.head].low)

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
            if _possessed_by(np, VENDOR):
                continue  # the vendor's own: "the vendor's incentive plan for its staff"
            target, frame = np.owner(), "term-of-person"
            if target is None:
                preps = ("for", "to", "with") if family == "supervision" else _LINK_PREPS
                p = np.end
                while p < len(u) and u[p].low in self.w("needed"):
                    p += 1  # "retraining needed for Chiara and Matteo"
                target = self.target_after(p, preps)
            if target is None:
                p = np.end
                while p < len(u) and u[p].has("auxiliaries", "modals", "adverb"):
                    p += 1  # "a formal warning should be issued to agent 7719"
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
