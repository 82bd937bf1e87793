"""Frames of integration: vendor staff spoken of, welcomed, or treated as the client's own
("our agents", "welcome aboard to our new associates", "invite them to our all-hands",
"include the BPO reps in our bonus pool"), and direction by the client's own things ("work off
our task list")."""

from __future__ import annotations

from governance.wording.base import _Frame
from governance.wording.clauses import (
    IMPERATIVE,
    _actor_at,
    _decide,
    _np_ending,
    _possessed_by,
    _verbal,
)
from governance.wording.phrases import CLIENT, NP, PERSON, STAFF, VENDOR, _lemma, _nouns_of
from governance.wording.text import _BE

_STAFF_MARKS = frozenset("staff employee employees company corporate".split())


class _Integration(_Frame):
    """Frames of integration (mixed into ``_Frames``)."""

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
            people = u[np.head].low in self.w("our_people") or u[np.head].has("roles", "recruits")
            if ours and people and np.end + 1 < len(u):
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

    def welcomes(self) -> None:
        """Vendor staff welcomed as the client's own: "welcome aboard to our new associates at
        the Makati site", "welcome to the team, new Manila associates", "say hello to our
        newest team members at the Lisbon site" (a person of the client, "our new VMO analyst",
        is not vendor staff)."""
        u = self.u
        if self.c.negated_at is not None:
            return
        for k, unit in enumerate(u):
            if unit.low.split()[0] not in self.w("greetings"):
                continue
            p = k + 1
            while p < len(u):
                if u[p].has("punct", "adverb") or u[p].low in ("aboard", "to", "into", "and"):
                    p += 1
                    continue
                np = self.np(p)
                if np is None or np.end <= p:
                    break
                head = u[np.head]
                if _lemma(head) in self.w("destinations") and not head.has("frontline"):
                    p = np.end  # "welcome to the team, …": where to, not whom
                    continue
                if self._welcomed_staff(np):
                    self.hit("integration", k, np.end, "welcomed-as-ours", unit.low)
                break

    def _welcomed_staff(self, np: NP) -> bool:
        """Whether a welcomed phrase is vendor staff: staff, front-line or role words (ours too:
        "our new associates", "our newest team members"), never the client's functions or
        roles ("our new procurement lead") nor a bare name."""
        inside = self.u[np.start : np.end]
        if any(x.has("client_functions", "counterparts", "client") for x in inside):
            return False
        head = self.u[np.head]
        if not (
            head.has("frontline", "roles", "recruits", "groups") or head.low in self.w("our_people")
        ):
            return False
        return np.kind in (STAFF, PERSON) or (np.kind == CLIENT and _possessed_by(np, CLIENT))

    def belongs(self) -> None:
        """Vendor staff beside a thing of the client's workforce, whatever the verb: "include
        the BPO reps in our year-end bonus pool", "the BPO staff are eligible for our employee
        referral bonus", "the offshore reps will follow our employee code of conduct"."""
        if self.c.negated_at is not None or self.c.report or self.c.actor == VENDOR:
            return
        nps = self.noun_phrases()
        people = [
            np
            for np in nps
            if (np.kind == STAFF or (np.kind == PERSON and np.strong)) and not self._ours(np)
        ]
        for thing in nps:
            owner = thing.owner()
            if not thing.target and (people or owner) and self._directs(thing):
                # "the agents will work off our task list", "set the agents' priorities"
                near = [*people, owner] if owner is not None else people
                who = min(near, key=lambda np: abs(np.start - thing.start))
                start, end = min(who.start, thing.start), max(who.end, thing.end)
                self.hit("supervision", start, end, "directed-by-client", self.u[thing.head].low)
                return
            if not people or thing.target or not self._clients_own(thing):
                continue
            who = min(people, key=lambda np: abs(np.start - thing.start))
            if self.u[who.head].has("pron:they") and who is self.c.subject:
                continue  # "they" may be the vendor
            start, end = min(who.start, thing.start), max(who.end, thing.end)
            self.hit("integration", start, end, "beside-our-workforce", self.u[thing.head].low)
            return

    def _directs(self, np: NP) -> bool:
        """Direction of the client's: "our task list", "our instructions", or the agents' own
        priorities or targets set by the client ("set the agents' priorities")."""
        head = _lemma(self.u[np.head])
        if head not in self.w("leaders") and not any(
            _lemma(x) in self.w("leaders") for x in self.u[np.start : np.end]
        ):
            return False
        if head in ("supervisor", "manager", "lead"):
            return False
        if _possessed_by(np, CLIENT):
            return True
        owner = np.owner()
        if owner is None or owner.kind != STAFF:
            return False
        governor = self._governor(np.start)
        return (
            governor < np.start
            and self.u[governor].low.split()[0] in self.w("setting")
            and (self.c.actor in (CLIENT, IMPERATIVE))
        )

    def _clients_own(self, np: NP) -> bool:
        """A thing of the client's workforce, marked as the client's: "our bonus pool", "the
        company picnic", "Acme lanyards", "our employee handbook" (never the vendor's own)."""
        inside = self.u[np.start : np.end]
        if np.vendor_side or _possessed_by(np, VENDOR):
            return False
        perk = any(x.low in _STAFF_MARKS for x in inside[:-1])  # "our staff parking permits"
        if not perk and not any("integration" in _nouns_of(x) for x in inside):
            return False
        if _possessed_by(np, CLIENT):
            return True
        return any(
            x.low in self.w("client_marks") or (x.has("name") and x.cap and not x.has("given"))
            for x in inside
        )
