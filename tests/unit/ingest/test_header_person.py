"""Headers that are people (a file with one column per agent) and headers that are not: the
measures, times and labels of real exports, however their words collide with names."""

from __future__ import annotations

import csv
import itertools

import openpyxl
import pytest

from governance.ingest import people, profiles
from tests.conftest import REAL_DATA


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Diane Smith", "a person's name"),
        ("SMITH, Diane", "a person's name"),
        ("SMITH DIANE", "a person's name"),
        ("Maricel Santos", "a person's name"),
        ("DELA CRUZ, Rizalyn", "a person's name"),
        ("María José Hernández", "a person's name"),
        ("Karthik Subramanian", "a person's name"),
        ("D. Smith", "a person's name"),
        ("jdoe01", "a login"),
        ("asmith02", "a login"),
        ("g.russo", "a login"),
        ("d.smith@vendor.com", "an e-mail address"),
        ("Agent 4471", "an extension or employee number"),
        ("Ext 4471", "an extension or employee number"),
        ("Emp# 10234", "an extension or employee number"),
        ("Team Diane", "a team named after a person"),
    ],
)
def test_a_header_that_is_a_person(header, kind):
    assert people.header_person(header) == kind
    assert profiles.is_person_header(header)  # never suggested, ignored by name or stored


# Headers of call-centre exports whose words are names too ("Max", "Mark", "Grace", "Hunt").
MEASURES = [
    "Max Wait",
    "Max Wait Time",
    "Min Wait",
    "Max Answer",
    "Answer Max",
    "Mark Up",
    "Grace Period",
    "Hold Time",
    "Wrap Time",
    "Talk Time",
    "Top 2 Box",
    "Short Abandons",
    "Ring Time",
    "Hunt Group",
    "Early Leavers",
    "Speed of Answer",
    "Service Level",
    "Calls Offered",
    "Agents Staffed",
    "Live Agent Chat",
    "Nhs1 Time Clinical Staff SUM",
    "Queue",
    "Partner",
    "Provider",
    "Victoria Park",
    "Tier 2",
    "Q101",
    "2026-10-05",
]


@pytest.mark.parametrize("header", MEASURES)
def test_a_measure_or_label_header_is_not_a_person(header):
    assert people.header_person(header) is None


def real_headers() -> list[str]:
    found = []
    for path in sorted(REAL_DATA.iterdir()):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                line = fh.readline()
            found += next(csv.reader([line], delimiter=";" if line.count(";") > 1 else ","))
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            for sheet in book.worksheets:
                row = next(sheet.iter_rows(max_row=1, values_only=True), ())
                found += [str(v) for v in row if v is not None]
    return found


def test_no_header_of_the_real_files_is_a_person():
    headers = real_headers()
    assert len(headers) > 40
    assert [h for h in headers if people.header_person(h)] == []
    assert [h for h in headers if people.header_maybe_person(h)] == []


def test_two_words_of_the_headers_vocabulary_never_make_a_person():
    """Every pair of words a header is made of ("Answer Fin", "Segundo Max") that the names index
    also knows: none reads as a person, in either order."""
    words = sorted(people.HEADER_TERMS | people.MEASURE_WORDS | people.GROUP_WORDS)
    idx = people.names()
    named = [w for w in words if idx.is_first(w, 2000) or idx.is_last(w, 3000)]
    assert len(named) > 30
    pairs = [f"{a.title()} {b.title()}" for a, b in itertools.product(named, repeat=2)]
    assert [h for h in pairs if people.header_person(h)] == []


@pytest.mark.parametrize(
    ("header", "form"),
    [
        ("BAUTISTA, Jhunrey", "comma"),
        ("Agent 4471", "numbered"),
        ("msantos01", "login"),
        ("g.russo", "login"),
        ("Jhunrey Bautista", "words"),
        ("Paul", "word"),
        ("d.smith@vendor.com", "email"),
        ("SL %", None),
    ],
)
def test_the_form_of_a_header(header, form):
    assert people.header_form(header) == form
