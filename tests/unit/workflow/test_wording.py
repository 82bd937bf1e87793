"""The co-employment wording check (governance/guardrails.py and rules/wording.toml).

Run ``pytest tests/unit/test_guardrails.py -s -k corpus`` to print recall and precision on the
corpus in tests/data/wording_corpus.csv, overall and per family, and on its last held-out set
(sentences written after the rules were frozen, never tuned on).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from governance.workflow import wording
from governance.workflow.wording import FAMILIES, RulesError, check

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "data" / "wording_corpus.csv"
DOMAIN_MD = ROOT / "tests" / "data" / "domain_risky_wording.md"  # the table from domain.md
RULES = wording.default_rules()

# domain.md's table of risky-wording families: every risky example with its family. Two are
# fragments without the person ("write up", "performance review of"); they are checked in the
# completed form staff would write.
DOMAIN_EXAMPLES = [
    ("remove agent Maria from our account", "remove agent Maria from our account", "hiring_firing"),
    ("hire 10 more reps", "hire 10 more reps", "hiring_firing"),
    ("let him go", "let him go", "hiring_firing"),
    ("write up", "write up the agent who was rude on the 14th", "discipline"),
    ("coach John on his tone", "coach John on his tone", "discipline"),
    ("warn the agent", "warn the agent", "discipline"),
    ("performance review of", "performance review of Ana next week", "discipline"),
    ("approve her PTO", "approve her PTO", "scheduling"),
    ("move Ana to the night shift", "move Ana to the night shift", "scheduling"),
    ("set their breaks", "set their breaks", "scheduling"),
    ("give the agents a bonus", "give the agents a bonus", "pay"),
    ("raise their hourly rate", "raise their hourly rate", "pay"),
    (
        "our supervisors will monitor their calls",
        "our supervisors will monitor their calls",
        "supervision",
    ),
    ("we will train them ourselves", "we will train them ourselves", "supervision"),
    ("our agents", "our agents", "integration"),
    ("invite them to our all-hands", "invite them to our all-hands", "integration"),
    ("issue company badges", "issue company badges", "integration"),
    ("Priya's AHT is too high", "Priya's AHT is too high", "named_performance"),
]
# Its outcome-based rewordings: the suggestions themselves must pass.
DOMAIN_REWORDINGS = [
    "Vendor to present a staffing plan that restores service level on Program X by <date>",
    "Vendor to submit a QA remediation plan for Program X",
    "Vendor to cover the 18:00–22:00 interval gap by <date>",
    "commercial terms are set with the vendor, in the contract",
    "Client to deliver updated training materials to the vendor's trainers",
    "vendor team",
    "vendor staff on Program X",
    "AHT on Program X, Site Y is above target",
]

# text -> the family it must be flagged with (None: it must be clean).
CASES = [
    # the issue's own examples
    ("the vendor will hire 10 agents for the peak", None),
    ("terminate the contract", None),
    ("Vendor to present a staffing plan for the peak", None),
    ("coach John", "discipline"),
    ("remove agent Maria from our account", "hiring_firing"),
    # names not in the helper list: the syntax says it is a person
    ("coach Xiomara on call control", "discipline"),
    ("Xiomara's AHT keeps going up", "named_performance"),
    ("put Nomvula on earlies next month", "scheduling"),
    ("take Tomasz off the Billing care queue", "hiring_firing"),
    # lower case and typos
    ("priya's aht is too high", "named_performance"),
    ("pls get rid of agent #4471, too many complaints", "hiring_firing"),
    ("put him on a PIP if his QA doesnt improve", "discipline"),
    # the same words, safe
    ("warn the vendor in writing that a service credit applies", None),
    ("performance review of the vendor at the QBR", None),
    ("write up the minutes and circulate by Friday", None),
    ("move the MBR to Thursday", None),
    ("raise the SL target to 85% from July", None),
    ("gainshare bonus is paid to the vendor when CSAT exceeds 85%", None),
    ("we will monitor service level daily during the peak", None),
    ("invite the vendor's leadership to our annual partner summit", None),
    ("our customers complained about hold times", None),
    ("fire drill at the Leeds site passed on 3 May", None),
    ("the vendor trains its agents on the new refund policy", None),
    # vendors, sites and months in the possessive are not people
    ("Cebu's AHT rose 40 s in October", None),
    ("Bluebird BPO's service level fell below the minimum", None),
    ("Crestline Services' QA score dipped to 86%", None),
    ("September's AHT was the highest of the year", None),
    # a bare capitalised word after a commercial verb could be a vendor: not flagged
    ("terminate Crestline for cause if the defaults continue", None),
    ("warn Bluebird that a service credit applies", None),
    ("we will monitor Bluebird weekly until service level recovers", None),
    # the vendor's own decision vs a directive to the vendor
    ("Vendor confirmed it is hiring 25 agents for the Manila site", None),
    ("Vendor to hire 15 additional agents for the Q4 peak", "hiring_firing"),
    ("the vendor removed the agent from the program under its own policy", None),
    ("Vendor to remove the agent who mishandled the PCI call from the program", "hiring_firing"),
    # client staff and vendor leadership are named without evaluating anyone
    ("Priya (VMO lead) to send the scorecard pack to leadership", None),
    ("Wanjiru Kamau to present the attestation timeline at the MBR", None),
    ("Per Kofi's analysis, AHT on Collections rose 8%", None),
    # agent-level data asked for, or refused
    ("send us the agent-level QA scores weekly", "supervision"),
    ("agent-level data is refused on import; the vendor sends aggregates", None),
]


def families(text: str, **kwargs) -> set[str]:
    return {f.family for f in check(text, **kwargs)}


@pytest.mark.parametrize(("text", "family"), CASES, ids=[c[0][:40] for c in CASES])
def test_cases(text, family):
    found = check(text)
    if family is None:
        assert found == [], f"{text!r} should be clean, got {[(f.rule, f.text) for f in found]}"
    else:
        assert family in {f.family for f in found}, f"{text!r} should be {family}: {found}"


@pytest.mark.parametrize(("example", "text", "family"), DOMAIN_EXAMPLES, ids=lambda v: v[:30])
def test_every_risky_example_of_domain_md_is_flagged_with_its_family(example, text, family):
    assert family in families(text)


@pytest.mark.parametrize("text", DOMAIN_REWORDINGS)
def test_the_outcome_based_rewordings_of_domain_md_are_clean(text):
    assert check(text) == []


def test_the_domain_examples_here_are_those_of_domain_md():
    table = DOMAIN_MD.read_text(encoding="utf-8").split("Risky-wording families")[1]
    table = table.split("\n## ")[0]
    quoted = set()
    for row in table.splitlines():
        cells = row.split("|")
        if len(cells) > 3 and cells[2].strip().startswith('"'):
            quoted |= set(re.findall(r"\"([^\"]+)\"", cells[2]))
    assert quoted == {example for example, _, _ in DOMAIN_EXAMPLES}


def test_every_suggestion_of_the_rules_is_itself_clean():
    # (Explanations describe the risky act, so they may quote it; suggestions never may.)
    texts = {r.suggestion for r in RULES.rules}
    flagged = {t: [f.text for f in check(t)] for t in texts if check(t)}
    assert flagged == {}


# --- findings ------------------------------------------------------------------------------


def test_a_finding_says_where_what_why_and_what_instead():
    text = "MBR notes: coach John on his tone. Priya's AHT is too high."
    found = check(text)
    assert [(f.family, f.text) for f in found] == [
        ("discipline", "coach John"),
        ("named_performance", "Priya's AHT"),
    ]
    for f in found:
        assert text[f.span[0] : f.span[1]] == f.text
        assert f.label == wording.family_label(f.family)
        assert f.explanation and "\n" not in f.explanation
        assert f.suggestion and f.rule
    assert found[0].suggestion == "Vendor to submit a QA remediation plan for <program>."


def test_spans_point_into_the_original_text_whatever_the_marking():
    text = "Update: pls move Ana to the night shift and approve Kwame's vacation request."
    for f in check(text):
        assert text[f.span[0] : f.span[1]] == f.text
        assert not f.text[0].isspace() and not f.text[-1].isspace()


def test_multi_line_minutes_are_checked_line_by_line():
    minutes = "Scorecard reviewed.\n- Fatima: QA 62%, CSAT 70%\nNext MBR on the 8th."
    (f,) = check(minutes)
    assert f.family == "named_performance" and f.text.startswith("Fatima")


def test_overlapping_matches_of_one_family_are_reported_once():
    found = check("give agent 2231 a final warning")
    assert [f.family for f in found] == ["discipline"]


@pytest.mark.parametrize("text", [None, "", "   ", "\n"])
def test_nothing_to_check_finds_nothing(text):
    assert check(text) == []


def test_marker_characters_in_user_text_cannot_forge_a_name():
    assert check("coach \x1fthe\x1f vendor") == []


def test_words_known_not_to_be_people_are_not_read_as_names():
    assert families("Crestline's AHT is above target") == {"named_performance"}
    assert check("Crestline's AHT is above target", not_people=["Crestline Services"]) == []
    # A known name of a vendor does not hide a person with another name.
    assert families("Ana's AHT is high", not_people=["Crestline"]) == {"named_performance"}


def test_check_fields_names_the_field():
    found = wording.check_fields(
        {"Title": "Leeds outage", "Description": "coach John on his tone", "Root cause": None}
    )
    assert [(f.field, f.family) for f in found] == [("Description", "discipline")]


def test_the_acknowledgement_is_a_json_ready_record():
    found = wording.check_fields({"Minutes": "approve her PTO and give the agents a bonus"})
    record = wording.acknowledgement(found)
    assert json.loads(json.dumps(record)) == record
    assert record["acknowledged"] is True
    assert record["count"] == 2
    assert record["families"] == ["scheduling", "pay"]
    assert record["rules_version"] == RULES.version
    assert record["findings"][0] == {
        "field": "Minutes",
        "family": "scheduling",
        "rule": "time-off-of-person",
        "span": [0, 15],
        "matched": "approve her PTO",
    }
    assert wording.acknowledgement([])["acknowledged"] is False


def test_to_dict_is_json_ready():
    (f,) = check("coach John on his tone")
    assert json.loads(json.dumps(f.to_dict()))["span"] == [0, 10]


def test_excerpt_shows_the_words_in_context_on_one_line():
    text = "Long minutes.\n" + "x " * 40 + "coach John on his tone" + " y" * 40
    (f,) = check(text)
    out = wording.excerpt(text, f.span, width=20)
    assert "coach John" in out and out.startswith("…") and out.endswith("…")
    assert "\n" not in out
    assert wording.excerpt("coach John", (0, 10)) == "coach John"


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "text", ["x" * 20000, "word-" * 3000, "the " * 3000 + "agents", "Maria " * 2000]
)
def test_long_pathological_text_is_checked_in_linear_time(text):
    # Guards against catastrophic backtracking: each of these took minutes before the
    # free-word slots were anchored to word starts.
    check(text)


# --- the rules file ------------------------------------------------------------------------


def test_the_rules_cover_all_seven_families_of_domain_md():
    assert FAMILIES == (
        "hiring_firing",
        "discipline",
        "scheduling",
        "pay",
        "supervision",
        "integration",
        "named_performance",
    )
    assert {r.family for r in RULES.rules} == set(FAMILIES)
    assert set(RULES.labels) == set(FAMILIES)


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_each_rule_flags_its_examples_and_not_its_safe_examples(rule):
    alone = replace(RULES, rules=(rule,))
    assert rule.examples, f"rule {rule.id} has no examples"
    for text in rule.examples:
        assert check(text, rules=alone), f"rule {rule.id} does not flag {text!r}"
    for text in rule.safe_examples:
        found = check(text, rules=alone)
        assert not found, f"rule {rule.id} flags {text!r}: {[f.text for f in found]}"


def _rules_text() -> str:
    return (ROOT / "src" / "governance" / "workflow" / "rules" / "wording.toml").read_text(
        encoding="utf-8"
    )


def _minimal(rule_extra: str = "", family: str = "pay", pattern: str = r"\bbonus\b") -> str:
    fams = "\n".join(
        f'[families.{f}]\nlabel = "{f}"\nexplanation = "risk {f}"\nsuggestion = "do {f}"\n'
        for f in FAMILIES
    )
    rules = "\n".join(
        f'[[rule]]\nid = "r-{f}"\nfamily = "{f}"\npattern = \'\\b{f}\\b\'\n' for f in FAMILIES
    )
    return (
        f"version = 1\n{fams}\n[terms]\nstaff = 'agents?'\n{rules}\n"
        f"[[rule]]\nid = \"extra\"\nfamily = \"{family}\"\npattern = '''{pattern}'''\n{rule_extra}"
    )


def test_a_minimal_rules_file_loads_and_works(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(_minimal(pattern=r"\bgive\s+{staff}\s+a\s+bonus"), encoding="utf-8")
    rules = wording.load_rules(path)
    assert [f.rule for f in check("give agents a bonus", rules=rules)] == ["extra"]


INVALID = [
    ("an unknown family", _minimal(family="perks"), "unknown family 'perks'"),
    (
        "a bad regular expression",
        _minimal(pattern="(unclosed"),
        "Rule 'extra' pattern is not a valid regular expression",
    ),
    ("an unknown term", _minimal(pattern=r"{staffers}"), "unknown term {staffers}"),
    ("an unknown key", _minimal('severity = "high"\n'), "unknown key 'severity'"),
    (
        "a bad unless_before",
        _minimal("unless_before = '[a-'\n"),
        "Rule 'extra' unless_before is not a valid",
    ),
    (
        "a two-line explanation",
        _minimal('explanation = """one\ntwo"""\n'),
        "explanation must be one non-empty line",
    ),
    (
        "examples not a list",
        _minimal('examples = "give agents a bonus"\n'),
        "examples must be a list",
    ),
    (
        "a duplicate id",
        _minimal().replace('id = "extra"', 'id = "r-pay"'),
        "define rule 'r-pay' twice",
    ),
    (
        "a missing family",
        _minimal().replace("[families.pay]", "[families_pay]"),
        "unknown key 'families_pay'",
    ),
    (
        "a family without a label",
        _minimal().replace('label = "pay"\n', ""),
        "[families.pay] label must be one",
    ),
    (
        "a term referring to itself",
        _minimal().replace("staff = 'agents?'", "staff = '{staff}s'"),
        "refers to itself",
    ),
    (
        "a name list entry that is not a word",
        _minimal() + '\n[names]\nnot_names = ["Cape Town"]\n',
        "'Cape Town' is not a single word",
    ),
    ("not TOML", "version = = 1", "not valid TOML"),
]


@pytest.mark.parametrize(("what", "text", "message"), INVALID, ids=[c[0] for c in INVALID])
def test_an_invalid_rules_file_is_refused_with_a_clear_message(tmp_path, what, text, message):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        wording.load_rules(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_missing_rules_file_is_refused(tmp_path):
    with pytest.raises(RulesError, match="Cannot read the wording rules"):
        wording.load_rules(tmp_path / "nope.toml")


def test_a_rules_file_without_some_family_is_refused(tmp_path):
    text = _minimal()
    start = text.index("[families.pay]")
    text = text[:start] + text[text.index("[families.supervision]") :]
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match="do not describe the families pay"):
        wording.load_rules(path)


def test_the_packaged_rules_file_is_what_default_rules_loads():
    assert "[[rule]]" in _rules_text()
    assert len(wording.load_rules().rules) == len(RULES.rules)


# --- the corpus ----------------------------------------------------------------------------


def _corpus() -> list[dict]:
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def measure(rows: list[dict]) -> dict:
    """Recall on the risky rows (overall: flagged at all; per family: flagged with the family),
    precision over every flagged row."""
    out = {"families": {}}
    flagged_risky = flagged_safe = 0
    for row in rows:
        found = families(row["text"])
        if row["risky"] == "1":
            fam = out["families"].setdefault(row["family"], [0, 0])
            fam[1] += 1
            fam[0] += row["family"] in found
            flagged_risky += bool(found)
        else:
            flagged_safe += bool(found)
    risky = sum(r["risky"] == "1" for r in rows)
    out["risky"], out["safe"] = risky, len(rows) - risky
    out["recall"] = flagged_risky / risky
    out["precision"] = flagged_risky / max(1, flagged_risky + flagged_safe)
    out["false_positives"] = flagged_safe
    return out


def report(m: dict, title: str) -> str:
    lines = [
        f"{title}: {m['risky']} risky, {m['safe']} safe sentences",
        f"  recall (risky flagged)       {m['recall']:.3f}",
        f"  precision (flagged are risky) {m['precision']:.3f}  ({m['false_positives']} false positives)",
    ]
    for fam in FAMILIES:
        hit, n = m["families"].get(fam, (0, 0))
        lines.append(
            f"  {fam:<18} {hit:>3}/{n:<3} flagged with this family ({hit / max(1, n):.3f})"
        )
    return "\n".join(lines)


def test_the_corpus_is_well_formed():
    rows = _corpus()
    assert set(rows[0]) == {"text", "risky", "family", "note"}
    assert len({r["text"] for r in rows}) == len(rows), "duplicate sentences"
    for r in rows:
        assert r["risky"] in ("0", "1") and r["text"].strip()
        assert (r["family"] in FAMILIES) if r["risky"] == "1" else r["family"] == ""
    assert sum(r["risky"] == "1" for r in rows) >= 80
    assert sum(r["risky"] == "0" for r in rows) >= 80


def test_corpus_recall_and_precision():
    rows = _corpus()
    m = measure(rows)
    text = report(m, "Wording corpus")
    # The last held-out set was measured once and never tuned on: its figures are the honest
    # estimate for wording nobody has seen yet (the others were folded in after tuning).
    unseen = [r for r in rows if r["note"].startswith("held-out set 6")]
    print("\n" + text + "\n" + report(measure(unseen), "of which held-out set 6 (unseen)"))
    assert m["recall"] >= 0.90, text
    assert m["precision"] >= 0.90, text
    for fam in FAMILIES:
        hit, n = m["families"][fam]
        assert n >= 8, f"{fam} has only {n} risky examples\n{text}"
        assert hit / n >= 0.80, text
