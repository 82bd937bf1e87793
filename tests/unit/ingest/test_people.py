"""Who is a person in a vendor's file: header words in context, value shapes, the names index.

Expected verdicts are worked out by reading the header or value as a VMO analyst would: "Nombre
del Agente" is the agent's name, "Agents Staffed" over numbers is a count of people, "SMITH,
DIANE" is a person, "Billing care" is a program.
"""

from __future__ import annotations

import pytest

from governance.ingest import people

# --- headers --------------------------------------------------------------------------------------

PERSON_HEADERS = [
    # English, and the disguises that beat the old word list
    "Agent",
    "Agent Name",
    "AgentID",
    "Analyst",
    "Emp#",
    "Handle",
    "Ext",
    "Station ID",
    "Team Lead",
    "TLName",
    "Supervisor",
    "Login ID",
    "E-mail",
    "Handled By",
    # Spanish, Portuguese, French, German, Italian, Polish, Tagalog
    "Nombre del Agente",
    "Asesor",
    "Ejecutivo",
    "Número de empleado",
    "Atendente",
    "Colaborador",
    "Conseiller",
    "Téléconseiller",
    "Nom du conseiller",
    "Mitarbeiter",
    "Sachbearbeiter",
    "Mitarbeiter-ID",
    "Operatore",
    "Konsultant",
    "Pracownik",
    "Imię i nazwisko",
    "Ahente",
    "Kinatawan",
    "Pangalan",
    # look-alike letters and invisible characters
    "Ag\u200bent",  # zero-width space
    "\u0410gent",  # Cyrillic А
    "Ag\u0435nt",  # Cyrillic е
    "Ａｇｅｎｔ",  # full width
    "A g e n t",
]


@pytest.mark.parametrize("header", PERSON_HEADERS)
def test_headers_that_name_staff_are_found_over_text(header):
    assert people.header_reason(header, numeric=False)


@pytest.mark.parametrize(
    "header", ["Agent", "Agent ID", "Emp#", "Ext", "Station ID", "Badge", "Login", "Employee No"]
)
def test_identifiers_stay_identifiers_over_numbers(header):
    assert people.header_reason(header, numeric=True)


@pytest.mark.parametrize(
    "header",
    [
        "Nhs1 Time Clinical Staff SUM",
        "Nhs1 Cost Clinical Staff SUM",
        "Staff Cost",
        "Agents Staffed",
        "Avg Agents",
        "# Agents",
        "Number of agents",
        "agentes_programados",
        "agentes_efectivos",
        "Nombre de conseillers",
        "Anzahl Mitarbeiter",
        "Agent Talk Time",
        "Login Time",
        "Staff Required",
        "Employee Count",
        "Email",  # a channel's volume in a wide file
    ],
)
def test_measures_of_people_over_numbers_are_not_identifiers(header):
    assert people.header_reason(header, numeric=True) is None


@pytest.mark.parametrize(
    "header",
    [
        "FTE",
        "Headcount",
        "Program Name",
        "contract_name",
        "Call Reporting: Name",
        "Call Id",
        "Queue",
        "Split",
        "Account",
        "Reason",
        "Location",
        "Agent Group",
        "In-person visits",
        "Handle Time",
        "Report Date",
    ],
)
def test_labels_and_measures_are_not_person_headers_by_their_words(header):
    assert people.header_reason(header, numeric=None) is None


def test_header_words_fold_and_split():
    assert people.header_words("Ag\u200bent\u00adName") == ["agent", "name"]
    assert people.header_words("\u0415mp#") == ["emp", "#"]
    assert people.header_words("Mitarbeiternummer") == ["mitarbeiter", "nummer"]
    assert people.header_words("Téléconseiller") == ["teleconseiller"]


# --- values ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, kind",
    [
        ("Diane Smith", "name"),
        ("SMITH, DIANE", "name"),
        ("Dela Cruz, Maria", "name"),
        ("Diane S.", "name"),
        ("D. Smith", "name"),
        ("diane smith", "name"),
        ("Maria Cristina Dela Cruz", "name"),
        ("Jhoanna Reyes", "name"),
        ("Ravi Kumar", "name"),
        ("Mohamed Ahmed", "name"),
        ("Łukasz Nowak", "name"),
        ("Jürgen Müller", "name"),
        ("João Silva", "name"),
        ("Team Diane", "team"),
        ("Diane's team", "team"),
        ("jdoe01", "login"),
        ("d.smith", "login"),
        ("dsmith2", "login"),
        ("x@vendor", "email"),
        ("diane.smith@vendor.com", "email"),
        ("E12345", "code"),
        ("4411", "code"),
        ("Diane", "first"),
    ],
)
def test_values_shaped_like_people(value, kind):
    shape = people.value_shape(value)
    assert shape is not None and shape.kind == kind


SITES = [
    "Manila",
    "Cebu",
    "Davao",
    "Bogotá",
    "Medellín",
    "Guadalajara",
    "Cairo",
    "Bangalore",
    "Pune",
    "Kraków",
    "Lisbon",
    "Porto",
    "Victoria",
    "Santa Rosa",
    "San Fernando",
    "Quezon City",
    "Cape Town",
]
PROGRAMS = ["Billing care", "Tech support", "Retention", "Collections", "Sales & retention"]
QUEUES = ["Sales_EN", "Support-ES", "VIP", "Tier 2", "Tier 1", "General", "Escalations"]


@pytest.mark.parametrize("value", [*SITES, *PROGRAMS, *QUEUES])
def test_labels_are_not_clear_people(value):
    shape = people.value_shape(value)
    assert shape is None or shape.weight < people.STRONG


@pytest.mark.parametrize(
    "labels",
    [
        SITES,
        PROGRAMS,
        QUEUES,
        [*SITES, "Florence", "Chelsea"],  # a site or two named like a person
        ["Leeds", "Belfast", "Victoria", "Florence"],
        ["Voice", "Chat", "Email"],
        ["English", "Spanish", "Tagalog"],
    ],
)
def test_real_dimension_columns_are_not_people(labels):
    verdict = people.judge_values(labels)
    assert verdict.kind is None or verdict.suspect


@pytest.mark.parametrize(
    "values, kind",
    [
        (["Diane Smith", "Greg Jones", "Maria Lopez", "Ravi Kumar"], "names"),
        (["SMITH, DIANE", "JONES, GREG", "LOPEZ, MARIA"], "names"),
        (["Diane S.", "Greg J.", "Maria L.", "Unassigned"], "names"),
        (["Team Diane", "Team Greg", "Team Maria"], "names"),
        (["maricel bautista", "jhoanna reyes", "rhea santos", "jericho cruz"], "names"),
        (["jdoe01", "gjones02", "mlopez03"], "logins"),
        (["diane@vendor.com", "Billing care"], "emails"),
    ],
)
def test_columns_of_people_are_found_despite_a_label_or_two(values, kind):
    verdict = people.judge_values(values)
    assert verdict.kind == kind and not verdict.suspect
    assert not any(v in verdict.detail for v in values)  # a count, never a value


def test_first_names_alone_and_staff_codes_are_only_suspects():
    names = people.judge_values(["diane", "greg", "maria", "becky", "jim", "martha"])
    codes = people.judge_values([f"E{10234 + 7 * i}" for i in range(12)])
    queues = people.judge_values([f"Q{101 + i}" for i in range(30)])
    assert names.kind == "names" and names.suspect
    assert codes.kind == "codes" and codes.suspect
    assert queues.kind == "codes" and queues.suspect  # the grain decides (hundreds of calls)


# --- the names index ------------------------------------------------------------------------------


def test_the_index_knows_first_and_last_names_of_bpo_countries():
    idx = people.names()
    for given in ("diane", "maricel", "jhoanna", "priya", "mohamed", "lukasz", "giulia", "joao"):
        assert idx.is_first(given, 2000), given
    for family in ("smith", "reyes", "bautista", "kumar", "nowak", "rossi", "silva", "garcia"):
        assert idx.is_last(family, 3000), family
    assert not idx.is_first("billing", 2000) and not idx.is_last("retention", 3000)
    assert idx.is_place("victoria") and not idx.is_place("diane")


def test_the_index_is_cached_by_version_and_small(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = people.index_path()
    assert path.parent == tmp_path / "governance"
    assert people.dataset_version() in path.name
    index = people.load_index()  # missing: derived from names-dataset and written atomically
    assert path.is_file() and path.stat().st_size < 5_000_000
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    again = people.load_index()  # read back from the file
    assert again.is_first("diane") and index.is_last("smith")
