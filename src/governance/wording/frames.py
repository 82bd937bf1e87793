"""The frames: the patterns that combine an act of a term, its actor and its target. Each
family of frames is a mixin of ``_Frames`` in its own module (``acts``, ``subjects``,
``evaluations``, ``integration``, ``contact``); the backstop here catches a person and a
term in a clause the client drives where no frame matched."""

from __future__ import annotations

from governance.wording.acts import _Acts
from governance.wording.base import _Hit
from governance.wording.clauses import IMPERATIVE
from governance.wording.contact import _Contact
from governance.wording.evaluations import _Evaluations, _line_names
from governance.wording.integration import _Integration
from governance.wording.lexicon import FAMILIES
from governance.wording.phrases import CLIENT, PERSON, STAFF
from governance.wording.subjects import _Subjects
from governance.wording.text import _OBJECT_PRONOUNS, Unit

__all__ = ["_Frames", "_Hit", "_line_names"]


class _Frames(_Acts, _Subjects, _Evaluations, _Integration, _Contact):
    """The frames of one clause: each finds acts of a family on a target and asks ``_decide``
    whether the actor, the negation and the target make it a finding."""

    def run(self) -> list[_Hit]:
        self.choices()
        self.chosen_by_us()
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
        self.summons()
        self.takes_over()
        self.welcomes()
        self.belongs()
        self.approvals()
        self.impressions()
        self.routes()
        self.records()
        self.data_requests()
        self.backstop()
        return self.hits

    def backstop(self) -> None:
        """Where no frame matched: someone of the vendor's staff, a word of a term and the
        client driving the clause (an order, the client as subject, a request) make a finding
        of the term nearest the person."""
        if self.hits or self.c.report or self.c.negated_at is not None:
            return
        c, u = self.c, self.u
        driven = c.actor in (CLIENT, IMPERATIVE) or c.requested
        if not driven:
            return
        people = [
            np
            for np in self.noun_phrases()
            if self.client_person(np) is None
            and (
                (np.kind == PERSON and np.strong and not u[np.head].has(*_OBJECT_PRONOUNS))
                or (np.kind == STAFF and u[np.head].has("frontline", "roles"))
            )
        ]
        if not people:
            return
        cues = []
        for k, x in enumerate(u):
            fam = self._cue(x)
            if fam is not None:
                cues.append((k, fam))
        if not cues:
            return
        who = people[0]
        k, family = min(cues, key=lambda kf: min(abs(kf[0] - who.start), abs(kf[0] - who.end)))
        start, end = min(k, who.start), max(k + 1, who.end)
        self.hit(family, start, end, "person-and-term", u[k].low)

    def _cue(self, x: Unit) -> str | None:
        """The family a word is a strong sign of: a verb acting on people, a term noun, what an
        act leaves a person, conduct or a person's figure."""
        if x.low in self.w("weak_cues"):
            return None
        if x.entry is not None:
            person = [v.family for v in x.entry.verbs if v.person and not v.after]
            if person:
                return person[0]
            nouns = [f for f in FAMILIES if f in x.entry.nouns and f != "records"]
            if nouns:
                return nouns[0]
            if x.entry.states:
                return next(f for f in FAMILIES if f in x.entry.states)
        if x.has(
            "named_performance.person_predicates",
            "named_performance.person_measures",
            "named_performance.behaviours",
        ):
            return "named_performance"
        return None
