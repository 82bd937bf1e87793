"""The co-employment wording check: find free text in which the client directs or evaluates
individual vendor staff, say which term of employment it touches and why that is a risk, and
propose an outcome-based rewording. Pure text in, findings out: no database, no Streamlit, so
every service that stores free text (contracts included) can run it.

The check is built from the law, not from example sentences. Its *families* are the terms of
employment: the joint-employer rule's essential terms (wages and benefits, hours and
scheduling, hiring, discharge, discipline, supervision and direction), the US DOL factors
(hire or fire; supervise and control schedules or conditions of employment; set the rate or
method of pay; keep employment records) and what staffing guidance warns about (coaching or
appraising individuals, approving leave or overtime, onboarding vendor staff into the client's
HR, payroll, benefits, badges, handbooks, events and awards, "our agents"). Their words are data
(``workflow/rules/wording.toml``, as lemmas: the loader makes every inflection). A small parser
reads each clause for *who acts on whom*:

- the **target** is an individual ("agent 4471", "the rep", "Diane", "her", "Sipho and
  Thandi") or vendor staff as a workforce ("the agents", "vendor staff", "them") — never the
  vendor as a company, a site, a program, a figure, client staff ("our VMO lead Priya", "Joana
  from procurement") or the vendor's leadership. Personal names come from the names index the
  agent-data guard derives from the names-dataset package (``names``: first names of the
  English, Spanish, Portuguese, French, German, Italian, Polish, Filipino, Indian and Arabic
  speaking countries, in Latin script); a capitalised word no index knows is a person only
  where the syntax says so ("coach Xiomara");
- the **actor** is the client (we, our supervisors, "Client to …"), the writer giving an order
  (an imperative: "coach John"), or the vendor (the vendor, "it", a vendor name): the vendor
  acting on its own people is safe ("the vendor will hire 30 agents"), a directive to the
  vendor about a person is not ("Vendor to remove the agent who …");
- **negation** of the client's act makes it a policy statement ("we will not coach vendor
  agents"), except where forbidding is itself control ("don't let Xiomara back on the queue");
- **what the client asks for** is read as its own clause: in "we asked that the vendor's agent
  Maria stop …", "I've told their TL that Dariusz has to go" or "tell the agents they can't
  take leave", the person in the request is made to act and the vendor in it is told to.

The parser's *frames* combine them: a verb of a term acting on a person ("coach John"), a term
noun owned by or aimed at a person ("approve her PTO", "overtime for the reps", "give the
agents a bonus"), a person put on a slot ("move Ana to the night shift"), a rule on a person's
time ("agents must work the Saturday overtime"), a person beside a measure or a judgement
("Priya's AHT", "Kenji is underperforming"), vendor staff as the client's own ("our agents",
"invite them to our all-hands", "welcome aboard to our new associates"), the client keeping
their records ("send us each agent's attendance records"), calling a person in ("need a quick
word with Sipho about his closing script"), vendor staff answering to the client ("agents report
directly to our ops manager"), client staff taking over the vendor's supervising ("take over
floor walking"), people wanted at work on given days ("need all advisors in on Boxing Day"); a
backstop flags a person and a term in a clause the client drives where no frame matched. Each
finding names its family (the term), the words matched, why it is a risk (with the legal basis)
and an outcome-based rewording; ``rule`` names the frame and the word it matched on
("discipline/act-on-person:coach").

The modules, bottom up: ``lexicon`` (families, morphology, the vocabulary file), ``names`` (the
names index), ``text`` (tokens, clauses, units, names marked), ``phrases`` (noun phrases and
who they are), ``clauses`` (who acts, negation, requests), ``base`` and the frames' mixins
(``acts``, ``subjects``, ``evaluations``, ``integration``, ``contact``) joined in ``frames``,
``findings`` (``check``) and ``gate`` (acknowledgements and owners).

The services that store free text refuse findings that were not acknowledged
(``require_acknowledged``); an action item's owner must be a role or an organisation, never a
person (``check_owner``).

    >>> [f.family for f in check("coach John on his tone")]
    ['discipline']
    >>> check("the vendor will hire 10 agents for the peak")
    []
"""

from governance.wording.findings import Finding, check, check_fields, excerpt, family_label
from governance.wording.gate import (
    ACKNOWLEDGE_HOW,
    acknowledgement,
    check_owner,
    covers,
    person_in_owner,
    refusal,
    require_acknowledged,
)
from governance.wording.lexicon import (
    CONTROL_FAMILIES,
    FAMILIES,
    RulesError,
    RuleSet,
    default_rules,
    load_rules,
    noun_forms,
    verb_forms,
)

__all__ = [
    "ACKNOWLEDGE_HOW",
    "CONTROL_FAMILIES",
    "FAMILIES",
    "Finding",
    "RuleSet",
    "RulesError",
    "acknowledgement",
    "check",
    "check_fields",
    "check_owner",
    "covers",
    "default_rules",
    "excerpt",
    "family_label",
    "load_rules",
    "noun_forms",
    "person_in_owner",
    "refusal",
    "require_acknowledged",
    "verb_forms",
]
