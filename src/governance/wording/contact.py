"""Frames of direct contact between the client and vendor staff: calling a person in ("need
a quick word with Sipho about his closing script"), client staff taking over the vendor's
supervising ("our team leaders will take over floor walking"), the client's approval over
people, its feelings about an individual, and staff's work routed to the client."""

from __future__ import annotations

from governance.wording.base import _Frame
from governance.wording.clauses import IMPERATIVE, _actor_at, _decide, _possessed_by
from governance.wording.phrases import CLIENT, NP, PERSON, STAFF, VENDOR, _lemma
from governance.wording.text import _POSSESSIVES

_ABOUT = frozenset("about regarding re concerning".split())


class _Contact(_Frame):
    """Frames of contact (mixed into ``_Frames``)."""

    def summons(self) -> None:
        """Calling an individual in: "need a quick word with Sipho about his closing script",
        "we need a quick chat with Nadia and Omar before their shift", "call Marisol into a
        meeting about her attendance". About something they did, it is discipline; otherwise
        it is the client directing them."""
        u = self.u
        talks = self.w("talks")
        for k, unit in enumerate(u):
            if _lemma(unit) not in talks and unit.low.removesuffix("s") not in talks:
                continue
            who, start = None, k
            if k + 1 < len(u) and u[k + 1].low in ("with", "to"):
                who = self.np(k + 2)  # "a quick word with Sipho"
                start = self._governor(self._np_start(k))
            else:
                # "call Marisol into a meeting", "need Divya and Karthik on a call"
                opened = self._np_start(k)
                if opened >= 2 and u[opened - 1].low in ("into", "on", "onto", "to", "for", "in"):
                    who = self._np_ending_at(opened - 1)
                    if who is not None and who.start > 0 and u[who.start - 1].has("verb"):
                        start = who.start - 1
                    else:
                        who = None
            if who is None or not who.target or not self.person_ok(who, True):
                continue
            if self.client_person(who) is not None:
                continue  # "a call with Priya from finance"
            about = any(x.low in _ABOUT for x in u[k:]) or any(
                x.low in ("through", "over") and y.has(*_POSSESSIVES)
                for x, y in zip(u[k:], u[k + 1 :], strict=False)
            )  # "… about his closing script", "… to go through his mistakes"
            family = "discipline" if about else "supervision"
            actor, negated = _actor_at(self.c, start)
            if _decide(family, actor, negated, who):
                end = max(who.end, k + 1)
                self.hit(family, start, end, "person-called-in", unit.low)

    def takes_over(self) -> None:
        """Client staff doing the vendor's supervising: "our team leaders will take over floor
        walking at the Pune site", "client supervisors to run the huddles on the floor"."""
        u = self.u
        tasks = self.w("people_tasks")
        for t, unit in enumerate(u):
            lemma = unit.entry.base if unit.entry is not None and unit.entry.base else unit.low
            if lemma == "take" and t + 1 < len(u) and u[t + 1].low == "over":
                k = t + 2
            elif lemma in self.w("takeovers"):
                k = t + 1
            else:
                continue
            task = self.np(k)
            if task is None or not any(
                _lemma(x) in tasks or x.low in tasks for x in u[task.start : task.end]
            ):
                continue
            actor, negated = _actor_at(self.c, t)
            ourselves = actor == IMPERATIVE and self._client_itself()
            if (actor == CLIENT or ourselves) and not negated:
                self.hit("supervision", t, task.end, "client-takes-over", u[task.head].low)

    def approvals(self) -> None:
        """The client's approval over people: "we need final approval on anyone the vendor
        wants to put on the premium desk", "the vendor must get our sign-off before promoting
        any agent", "client reserves a veto over every TL appointment"."""
        u = self.u
        for k, unit in enumerate(u):
            if _lemma(unit) not in self.w("approval_nouns"):
                continue
            opened = self._np_start(k)
            holder = self.np(opened)
            ours = holder is not None and (
                _possessed_by(holder, CLIENT)
                or any(x.has("client") for x in u[holder.start : holder.end])
            )
            actor, negated = _actor_at(self.c, opened)
            if negated or not (ours or actor in (CLIENT, IMPERATIVE)):
                continue
            p = k + 1
            while p < len(u) and (u[p].low in self.w("needed") or u[p].has("adverb")):
                p += 1  # "client approval required for …"
            if p + 1 >= len(u):
                continue
            family = None
            end = p
            if u[p].low in ("on", "of", "over", "for", "in", "to"):
                np = self.np(p + 1)
                if np is not None and self._chosen_people(np):
                    family, end = "hiring_firing", np.end
            if family is None and u[p].low in ("before", "for", "prior"):
                q = p + 1 + (u[p].low == "prior" and p + 1 < len(u) and u[p + 1].low == "to")
                if q < len(u) and u[q].entry is not None and u[q].entry.verbs:
                    who = self.np(q + 1)
                    if who is not None and who.target:
                        family = u[q].entry.verbs[0].family
                        end = who.end
            if family is not None:
                self.hit(family, self._governor(opened), end, "client-approves-people", unit.low)

    def _chosen_people(self, np: NP) -> bool:
        """People being chosen: new hires, anyone, every agent, or a hiring term ("every TL
        appointment", "the promotions")."""
        if "hiring_firing" in np.families:
            return True
        if not np.target:
            return False
        head = self.u[np.head]
        return head.has("recruits", "anyone") or np.quant in ("every", "each", "any", "all")

    def impressions(self) -> None:
        """The client's feelings about an individual: "not impressed with agent Kowalski",
        "unhappy with Ms Cruz's tone" (judging them); "not comfortable with Arnaud continuing
        on our account", "not happy for agent 6612 to keep taking our calls" (keeping them)."""
        u = self.u
        for k, unit in enumerate(u):
            if unit.low not in self.w("feelings") or k + 2 >= len(u):
                continue
            if u[k + 1].low not in ("with", "about", "by", "in", "for", "that"):
                continue
            who = self.np(k + 2)
            if who is None or who.kind != PERSON or not who.strong:
                continue
            if self.client_person(who) is not None:
                continue
            end = who.end
            rest = [x.low for x in u[end : end + 3]]
            staying = any(w in self.w("stays") or w.startswith("continu") for w in rest)
            family = "hiring_firing" if staying or "keep" in rest else "named_performance"
            actor, _ = _actor_at(self.c, k)
            if actor in (VENDOR, STAFF) and self.c.subject is not None:
                continue
            self.hit(
                family,
                max(0, k - 1) if k and u[k - 1].has("negations") else k,
                end,
                "client-judges-person",
                unit.low,
            )

    def routes(self) -> None:
        """Vendor staff's work routed to the client: "route all escalations from agents directly
        to me", "agents' questions go to our product team"."""
        u = self.u
        for np in self.noun_phrases():
            if _lemma(u[np.head]) not in self.w("staff_outputs"):
                continue
            owner = np.owner()
            end = np.end
            if owner is None and end + 1 < len(u) and u[end].low == "from":
                owner = self.np(end + 1)
                end = owner.end if owner is not None else end
            if owner is None or owner.kind != STAFF:
                continue
            k = end
            while k < len(u) and (u[k].has("adverb", "verb") or u[k].low in ("go", "goes")):
                k += 1
            if k + 1 >= len(u) or u[k].low not in ("to", "with"):
                continue
            boss = self.np(k + 1)
            if boss is None or not (boss.kind == CLIENT or self.client_person(boss) is not None):
                continue
            if u[boss.head].has("client"):
                continue
            actor, negated = _actor_at(self.c, np.start)
            if not negated and actor not in (VENDOR,):
                self.hit("supervision", np.start, boss.end, "answers-to-client", u[np.head].low)
