"""The wording check generalises: personal names from the names index (in the languages of BPO
locations), and the classes of wording that direct or evaluate individuals however they are
phrased (requests reported in a "that" clause, people joined by "and", reporting lines to
client managers, welcomes, calling a person in, demands on given days, client staff taking
over the vendor's supervising), while the client's own staff named in their client role stay
safe. Each class is pinned by sentences not in the corpora (tests/data/wording/)."""

from __future__ import annotations

import pytest

from governance.ingest import people
from governance.wording import names
from governance.workflow.wording import check


@pytest.fixture(scope="module", autouse=True)
def names_index():
    """The guard's names index, built when missing, read by the wording check."""
    people.load_index()
    index = names.reload()
    assert index is not None
    return index


def families(text: str) -> set[str]:
    return {f.family for f in check(text)}


def test_the_check_reads_the_index_the_agent_guard_builds():
    assert names.index_path() == people.index_path()
    index = names.index()
    assert index is not None and index.first_rank("priya") <= 300
    assert names.fold("Łukasz") == "lukasz" and names.fold("Inês") == "ines"


# Names no hand list held, in the languages of BPO locations; at the start of a sentence a
# capitalised word is a person only when it is a name ("Crestline" is not).
NAMES = [
    "Brenda",  # English
    "Joaquín",  # Spanish
    "Gonçalo",  # Portuguese
    "Aurélie",  # French
    "Jürgen",  # German
    "Giulia",  # Italian
    "Małgorzata",  # Polish
    "Marivic",  # Filipino
    "Priyanka",  # Indian
    "Abdelkader",  # Arabic in Latin script
]


@pytest.mark.parametrize("name", NAMES)
def test_personal_names_of_many_languages_are_people(name):
    assert families(f"{name} is underperforming on the billing queue") == {"named_performance"}
    assert "discipline" in families(f"Please give {name} a final warning")


@pytest.mark.parametrize(
    "text",
    [
        "Crestline is underperforming on the billing queue",
        "September was the best month for CSAT",
        "Attrition rose to 7% in Cebu",
        "SL dipped on Boxing Day; vendor to confirm the Christmas Eve plan",
        "CSAT on the Gold queue and the Polish line improved",
    ],
)
def test_words_that_are_also_names_somewhere_do_not_make_people(text):
    assert check(text) == []


def test_lower_case_names_count_in_text_written_without_capitals():
    assert families("pls approve ana's leave for friday") == {"scheduling"}
    assert check("attrition rose to 7% and the win rate fell") == []


CASES = [
    # requests reported in a complement clause
    ("We asked that the vendor's agent Maria stop taking personal calls", "discipline"),
    ("Our team requested that Kwame be moved to nights from Monday", "scheduling"),
    ("Client insists that Mr Adeyemi is not redeployed on our line", "hiring_firing"),
    ("I've told their TL that Jerome has to go", "hiring_firing"),
    ("We told the vendor that Lena and Ilse must cover Sunday", "scheduling"),
    ("Tell the reps they can't take leave during the launch", "scheduling"),
    ("Let the agents know they must log in on Saturday", "scheduling"),
    # people joined by "and" or commas
    ("Sipho and Thandi must be retrained before they go back on calls", "discipline"),
    ("Move Ana, Priyanka and Kofi to the weekend rota", "scheduling"),
    ("Please give Arnel and Rhea a bonus for the saves", "pay"),
    # reporting lines of vendor staff to client managers
    ("Agents report directly to our ops manager from next week", "supervision"),
    ("The vendor's TLs will take instructions from our operations manager", "supervision"),
    ("From Monday the Manila agents report to Joana on our side", "supervision"),
    # welcome and onboarding language
    ("Welcome aboard to our new associates at the Makati site!", "integration"),
    ("Welcome to the team, new Cebu advisors!", "integration"),
    # calling an individual in
    ("Need a quick word with Sipho about his closing script", "discipline"),
    ("We need a short call with Nadia and Omar before their shift", "supervision"),
    # demands on staff for given days
    ("We need all advisors in on Boxing Day", "scheduling"),
    ("All agents are expected in on Easter Sunday", "scheduling"),
    ("Nobody on the French line takes holidays in August", "scheduling"),
    # client staff taking over the vendor's supervising
    ("Our team leaders will take over floor walking at the Pune site", "supervision"),
    ("Client supervisors to run the morning huddles on the floor", "supervision"),
    # coming back to, or kept off, a place of work
    ("Do not allow Ms Fernandez to rejoin the billing team", "hiring_firing"),
    ("Rohan should not be allowed back on the collections queue", "hiring_firing"),
]


@pytest.mark.parametrize(("text", "family"), CASES, ids=[c[0][:40] for c in CASES])
def test_classes_of_directing_and_evaluating_wording_are_found(text, family):
    found = check(text)
    assert family in {f.family for f in found}, [(f.rule, f.text) for f in found]
    for f in found:
        assert f.text and f.suggestion and f.label and f.rule.startswith(f.family + "/")


SAFE = [
    # the client's own staff, named with their client role
    "Our VMO lead Priya will chair the QBR on the 14th",
    "Client finance manager Rahul approved the October invoice",
    "Joana from our procurement team will lead the renewal",
    "Mehmet, our category manager, will join the renewal meeting",
    "Wojciech and Marta from our legal team will review the DPA",
    "Welcome aboard to our new procurement lead, Agnieszka",
    "We need a quick word with the vendor's account director about the credit",
    # the vendor as a company, in the same shapes
    "We asked that the vendor submit its revised forecast by Friday",
    "The vendor's team leads report to the vendor's site director",
    "Vendor to confirm its Boxing Day staffing plan",
    "Our ops manager will take over the QBR preparation from Priya",
    "Vendor to invite its own staff to its annual awards night",
    "Under no circumstances should client staff coach vendor agents",
    "Ask the vendor how it schedules its agents for the Easter weekend",
    # figures and lists of things
    "Send the full list of sites with their opening hours",
    "Acme employees get business cards from the marketing team",
]


@pytest.mark.parametrize("text", SAFE, ids=[t[:40] for t in SAFE])
def test_the_same_shapes_about_the_vendor_or_client_staff_are_safe(text):
    assert check(text) == [], [(f.rule, f.text) for f in check(text)]
