"""Stakeholder-survey exports (``governance.ingest.survey_file``): each tool's real layout read into
rows, header suggestions on real question texts, ratings and quarters written every way, and the
refusals a user reads (file, row, column, the one cell).

The corpus is ``tests/data/surveys/`` (its README says what each file imitates); every expected
value below is written out by hand from the file, not computed by the code under test.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from governance.errors import InvalidInput
from governance.ingest import survey_file
from governance.ingest.survey_file import DIMENSIONS, SurveyFile, SurveyRow

SURVEYS = Path(__file__).resolve().parents[2] / "data" / "surveys"


def row(number, vendor, quarter, role, ratings, comment=None) -> SurveyRow:
    return SurveyRow(
        row=number,
        vendor=vendor,
        quarter=quarter,
        role=role,
        ratings=dict(zip(DIMENSIONS, ratings, strict=True)),
        comment=comment,
    )


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def read_rows(rows: list[list[str]], **kwargs) -> SurveyFile:
    return survey_file.read(csv_bytes(rows), file_name="survey.csv", **kwargs)


def refusal(source, file_name: str = "survey.csv", **kwargs) -> str:
    with pytest.raises(InvalidInput) as caught:
        survey_file.read(source, file_name=file_name, **kwargs)
    return str(caught.value)


FOUR = {
    "responsiveness": "Responsiveness",
    "reporting": "Reporting",
    "proactivity": "Proactivity",
    "partnership": "Partnership",
}

# --- the corpus, file by file -------------------------------------------------------------------

EXPECTED = {
    "ms_forms.xlsx": SurveyFile(
        file_name="ms_forms.xlsx",
        rows=[
            row(
                2,
                "Acme Care",
                "2026Q3",
                "Operations manager",
                (4, 3, 2, 4),
                "Good quarter; the weekly MI arrived late twice.",
            ),
            row(3, "Acme Care", "2026Q3", "Finance", (5, 4, 3, 5)),
            row(
                4,
                "Northwind BPO",
                "2026Q3",
                "Customer experience lead",
                (3, None, 2, 3),
                "Reports were not shared this quarter.",
            ),
            row(6, "Acme Care", "2026Q3", None, (2, 2, 1, 3), "Escalations took days to answer."),
        ],
        mapping={
            "vendor": "Which vendor are you rating?",
            "quarter": "Quarter",
            "role": "Your role",
            "responsiveness": "How would you rate the vendor's responsiveness to requests?",
            "reporting": "Quality of reporting (MI, dashboards)",
            "proactivity": "Proactivity – brings ideas before we ask",
            "partnership": "Overall partnership / relationship",
            "comment": "Any other comments?",
        },
        ignored=["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"],
        skipped=[(5, "no rating")],
    ),
    "google_forms.csv": SurveyFile(
        file_name="google_forms.csv",
        rows=[
            row(2, None, None, "Claims operations", (4, 4, 3, 4), "Solid quarter."),
            row(
                3,
                None,
                None,
                "Finance",
                (5, 3, 3, 4),
                "Invoices reconciled on time, but the monthly pack\nhad errors in October.",
            ),
            row(4, None, None, "Customer experience", (3, 2, None, 3)),
            row(
                5,
                None,
                None,
                "Claims operations",
                (2, 3, 2, 2),
                "Slow to answer escalations; needs to bring more ideas",
            ),
        ],
        mapping={
            "role": "Which team are you in?",
            "responsiveness": "Rate Acme Care on each area [Responsiveness]",
            "reporting": "Rate Acme Care on each area [Reporting]",
            "proactivity": "Rate Acme Care on each area [Proactivity]",
            "partnership": "Rate Acme Care on each area [Partnership]",
            "comment": "Anything else you would like to tell us?",
        },
        ignored=["Timestamp", "Email address"],
        skipped=[],
    ),
    # SurveyMonkey's default choices: Poor 1, Fair 2, Good 3, Very good 4, Excellent 5.
    "surveymonkey_two_header_rows.csv": SurveyFile(
        file_name="surveymonkey_two_header_rows.csv",
        rows=[
            row(3, "Acme Care", None, "Operations", (4, 3, 2, 4), "Weekly calls are useful."),
            row(4, "Acme Care", None, "Finance", (5, 4, 3, 5)),
            row(
                5,
                "Northwind BPO",
                None,
                "Customer service",
                (3, 1, 1, 2),
                "Reporting errors every month; no improvement ideas.",
            ),
            row(6, "Northwind BPO", None, "Operations", (2, None, 1, 3)),
        ],
        mapping={
            "vendor": "Which vendor are you rating?",
            "role": "What is your role?",
            "responsiveness": "Please rate the vendor on each of the following. - Responsiveness",
            "reporting": "Please rate the vendor on each of the following. - Reporting",
            "proactivity": "Please rate the vendor on each of the following. - Proactivity",
            "partnership": "Please rate the vendor on each of the following. - Partnership",
            "comment": "Any other comments?",
        },
        ignored=[
            "Respondent ID",
            "Collector ID",
            "Start Date",
            "End Date",
            "IP Address",
            "Email Address",
            "First Name",
            "Last Name",
            "Custom Data 1",
            "What is your role? - Other (please specify)",
        ],
        skipped=[(7, "no rating")],
    ),
    "qualtrics_three_header_rows.csv": SurveyFile(
        file_name="qualtrics_three_header_rows.csv",
        rows=[
            row(
                4,
                "Acme Care",
                None,
                "Operations",
                (4, 4, 3, 5),
                "Dependable, though the MI pack is late.",
            ),
            row(7, "Northwind BPO", None, "Finance", (1, 2, 1, 2), "Escalations sit for days."),
            row(8, "Northwind BPO", None, "Customer experience", (4, 5, 4, 4)),
        ],
        mapping={
            "vendor": "Which vendor are you rating?",
            "role": "Which function do you work in?",
            "responsiveness": "To what extent do you agree with the following statements? - "
            "The vendor responds quickly to our requests",
            "reporting": "To what extent do you agree with the following statements? - "
            "The vendor's reports are accurate and on time",
            "proactivity": "To what extent do you agree with the following statements? - "
            "The vendor brings improvement ideas without being asked",
            "partnership": "To what extent do you agree with the following statements? - "
            "We have a strong working relationship with the vendor",
            "comment": "Any other comments about the vendor?",
        },
        ignored=[
            "Start Date",
            "End Date",
            "Response Type",
            "IP Address",
            "Progress",
            "Duration (in seconds)",
            "Finished",
            "Recorded Date",
            "Response ID",
            "Recipient Last Name",
            "Recipient First Name",
            "Recipient Email",
            "External Data Reference",
            "Location Latitude",
            "Location Longitude",
            "Distribution Channel",
            "User Language",
        ],
        skipped=[
            (5, "not a real response (Response Type: Survey Preview)"),
            (6, 'incomplete response ("Finished" is False)'),
        ],
    ),
    "typeform.csv": SurveyFile(
        file_name="typeform.csv",
        rows=[
            row(
                2,
                "Acme Care",
                "2026Q3",
                "Workforce planning",
                (5, 4, 4, 5),
                "Great partner this quarter",
            ),
            row(3, "Acme Care", "2026Q3", "Quality assurance", (4, 4, 3, 4)),
            row(
                4,
                "Northwind BPO",
                "2026Q3",
                "Workforce planning",
                (2, 3, 1, 2),
                "Forecast misses are never explained",
            ),
        ],
        mapping={
            "vendor": "Which BPO partner is this feedback about?",
            "quarter": "Which quarter are you rating?",
            "role": "What is your role?",
            "responsiveness": "Responsiveness (1 = poor, 5 = excellent)",
            "reporting": "Reporting (1 = poor, 5 = excellent)",
            "proactivity": "Proactivity (1 = poor, 5 = excellent)",
            "partnership": "Partnership (1 = poor, 5 = excellent)",
            "comment": "Anything else?",
        },
        ignored=["#", "Start Date (UTC)", "Submit Date (UTC)", "Network ID", "Tags"],
        skipped=[],
    ),
    # A title on row 1, an empty row 2, the header on row 3; row 5's comment spans two lines of
    # the file but is one row of the sheet; row 7 is empty.
    "excel_unicode_text_utf16.txt": SurveyFile(
        file_name="excel_unicode_text_utf16.txt",
        rows=[
            row(
                4,
                "Acme Care",
                "2026Q3",
                "Opérations",
                (4, 4, 3, 4),
                "Très réactifs ; les rapports arrivent à l'heure.",
            ),
            row(
                5,
                "Northwind BPO",
                "2026Q3",
                "Finance",
                (3, 2, 2, 3),
                "Reporting late:\ntwo packs missing.",
            ),
            row(6, "Acme Care", "2026Q3", "Ventes", (5, 4, 4, 5), 'Équipe très "proactive"'),
            row(8, "Northwind BPO", "2026Q3", "Opérations", (None, 3, 2, 3)),
        ],
        mapping={
            "vendor": "Vendor",
            "quarter": "Quarter",
            "role": "Department",
            **FOUR,
            "comment": "Comments",
        },
        ignored=[],
        skipped=[],
    ),
    "fr_semicolon_cp1252.csv": SurveyFile(
        file_name="fr_semicolon_cp1252.csv",
        rows=[
            row(
                2,
                "Acme Care",
                "2026Q3",
                "Direction financière",
                (4, 3, 3, 4),
                "Bonne réactivité – l’équipe répond vite, reporting à améliorer.",
            ),
            row(3, "Acme Care", "2026Q3", "Relation client", (5, 4, None, 4)),
            row(
                4,
                "Northwind BPO",
                "2026Q3",
                "Opérations",
                (2, 2, 1, None),
                "Délais de réponse trop longs (> 48 h).",
            ),
        ],
        mapping={
            "vendor": "Prestataire",
            "quarter": "Trimestre",
            "role": "Service / fonction",
            "responsiveness": "Réactivité",
            "reporting": "Qualité du reporting",
            "proactivity": "Proactivité",
            "partnership": "Partenariat",
            "comment": "Commentaires",
        },
        ignored=[],
        skipped=[(5, "no rating")],
    ),
    # Quality words without "Very good": Very poor 1, Poor 2, Fair 3, Good 4, Excellent 5.
    "likert_words.csv": SurveyFile(
        file_name="likert_words.csv",
        rows=[
            row(2, "Acme Care", "2026Q3", "Operations", (5, 4, 4, 5)),
            row(3, "Acme Care", "2026Q3", "Finance", (4, 5, 3, 4), "Solid, steady."),
            row(4, "Northwind BPO", "2026Q3", "Operations", (2, 2, 1, 2), "Reports arrive late."),
            row(5, "Northwind BPO", "2026Q3", "Quality", (None, 4, None, 3)),
            row(6, "Northwind BPO", "2026Q3", "Finance", (1, 1, 2, 1), "No improvement at all."),
        ],
        mapping={
            "vendor": "Vendor",
            "quarter": "Quarter",
            "role": "Team",
            "responsiveness": "The vendor responds quickly to requests",
            "reporting": "Reports are accurate and on time",
            "proactivity": "The vendor proposes improvements before we ask",
            "partnership": "Overall, how satisfied are you with the partnership?",
            "comment": "Comments",
        },
        ignored=[],
        skipped=[],
    ),
    "multi_vendor_quarter.csv": SurveyFile(
        file_name="multi_vendor_quarter.csv",
        rows=[
            row(2, "Acme Care", "2026Q3", "Operations manager", (4, 4, 3, 4)),
            row(3, "Acme Care", "2026Q3", "Finance analyst", (5, 4, 3, 4), "Good, steady"),
            row(5, "Northwind BPO", "2026Q3", "CX lead", (2, 4, 1, 3), "Needs more ideas"),
            row(7, "Blue Harbor Services", "2026Q3", "Procurement", (3, 3, 3, 3)),
            row(
                8,
                "Blue Harbor Services",
                "2026Q2",
                "Procurement",
                (4, None, 5, 4),
                "Late entry for last quarter",
            ),
        ],
        mapping={
            "vendor": "Vendor",
            "quarter": "Quarter",
            "role": "Role",
            **FOUR,
            "comment": "Comment",
        },
        ignored=[],
        skipped=[(6, "no rating")],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_tool_export_reads_as_written(name):
    assert survey_file.read(SURVEYS / name, file_name=name) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_upload_reads_as_the_file_on_disk(name):
    data = (SURVEYS / name).read_bytes()
    assert survey_file.read(data, file_name=f"uploads/{name}") == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_respondent_identity_is_returned(name):
    shown = repr(survey_file.read(SURVEYS / name, file_name=name))
    for identity in (
        "@",
        "Jane Smith",
        "Ravi",
        "Garcia",
        "203.0.113",
        "198.51.100",
        "R_",
        "114367890",
        "k2m1x9",
        "anonymous",
        "39.7392",
        "GMT+1",
    ):
        assert identity not in shown


def test_the_ten_point_scale_is_refused_naming_each_row_column_and_cell():
    assert refusal(SURVEYS / "ten_point_scale.csv", "ten_point_scale.csv") == (
        'ten_point_scale.csv: 6 values cannot be read (ratings are 1 to 5: a number ("4", '
        '"4 - Good", "4/5") or a five-point word such as Poor, Fair, Good, Excellent, Agree or '
        "Satisfied; blank, N/A and Don't know are no answer):\n"
        '  row 2, column "Responsiveness (0-10)": "8" is outside 1 to 5\n'
        '  row 2, column "Reporting (0-10)": "7" is outside 1 to 5\n'
        '  row 2, column "Proactivity (0-10)": "6" is outside 1 to 5\n'
        '  row 2, column "Partnership (0-10)": "9" is outside 1 to 5\n'
        '  row 4, column "Responsiveness (0-10)": "0" is outside 1 to 5\n'
        '  row 4, column "Reporting (0-10)": "10" is outside 1 to 5'
    )


def test_a_file_without_rating_columns_is_refused_with_its_headers_and_the_way_out():
    assert refusal(SURVEYS / "no_rating_columns.csv", "no_rating_columns.csv") == (
        "no_rating_columns.csv has no rating column: no header reads as responsiveness, "
        'reporting, proactivity or partnership. Its columns: "Timestamp", "Email address", '
        '"Vendor", "Overall satisfaction", "How likely are you to recommend the vendor?", '
        '"Comments". Name the rating columns with columns, for example columns='
        '{"responsiveness": "<header>", "reporting": "<header>", "proactivity": "<header>", '
        '"partnership": "<header>"}.'
    )


def test_columns_name_the_rating_columns_of_a_file_without_recognisable_headers():
    got = survey_file.read(
        SURVEYS / "no_rating_columns.csv",
        file_name="no_rating_columns.csv",
        columns={"partnership": "  overall SATISFACTION "},
    )
    assert got.mapping == {
        "vendor": "Vendor",
        "partnership": "Overall satisfaction",
        "comment": "Comments",
    }
    assert got.rows == [row(2, "Acme Care", None, None, (None, None, None, 4))]
    assert got.ignored == [
        "Timestamp",
        "Email address",
        "How likely are you to recommend the vendor?",
    ]


# --- columns: the user's mapping --------------------------------------------------------------


def test_a_qualtrics_column_is_named_by_its_export_tag_or_its_question():
    by_tag = survey_file.read(
        SURVEYS / "qualtrics_three_header_rows.csv",
        file_name="q.csv",
        columns={"comment": "q4", "role": "Which function do you work in?"},
    )
    assert by_tag.mapping["comment"] == "Any other comments about the vendor?"
    assert [r.comment for r in by_tag.rows] == [
        "Dependable, though the MI pack is late.",
        "Escalations sit for days.",
        None,
    ]


def test_a_named_column_takes_its_header_from_the_field_suggested_for_it():
    rows = [
        ["Vendor", "Responsiveness", "Reporting", "Partnership", "Notes"],
        ["Acme Care", "4", "3", "5", "fine"],
    ]
    got = read_rows(rows, columns={"proactivity": "Partnership", "comment": "Notes"})
    assert got.mapping == {
        "vendor": "Vendor",
        "responsiveness": "Responsiveness",
        "reporting": "Reporting",
        "proactivity": "Partnership",
        "comment": "Notes",
    }
    assert got.rows == [row(2, "Acme Care", None, None, (4, 3, 5, None), "fine")]


def test_a_field_named_none_is_not_read():
    rows = [["Vendor", "Responsiveness", "Reporting", "Comments"], ["Acme", "4", "3", "x"]]
    got = read_rows(rows, columns={"comment": None, "reporting": ""})
    assert got.mapping == {"vendor": "Vendor", "responsiveness": "Responsiveness"}
    assert got.ignored == ["Reporting", "Comments"]
    assert got.rows == [row(2, "Acme", None, None, (4, None, None, None))]


def test_a_named_header_missing_from_the_file_is_refused_listing_its_headers():
    message = refusal(
        SURVEYS / "google_forms.csv", "google_forms.csv", columns={"vendor": "Supplier"}
    )
    assert message == (
        'google_forms.csv has no column "Supplier" (given for vendor). Its columns: "Timestamp", '
        '"Email address", "Which team are you in?", "Rate Acme Care on each area '
        '[Responsiveness]", "Rate Acme Care on each area [Reporting]", "Rate Acme Care on each '
        'area [Proactivity]", "Rate Acme Care on each area [Partnership]", "Anything else you '
        'would like to tell us?".'
    )


def test_an_identity_column_cannot_be_named_for_a_field():
    message = refusal(
        SURVEYS / "google_forms.csv", "google_forms.csv", columns={"role": "email ADDRESS"}
    )
    assert message == (
        'Column "Email address" of google_forms.csv identifies a respondent; it is never read, '
        "so it cannot be the role."
    )


def test_columns_must_name_fields_and_one_header_per_field():
    rows = [["Vendor", "Responsiveness"], ["Acme", "4"]]
    assert refusal(csv_bytes(rows), columns={"speed": "Responsiveness"}) == (
        "columns names 'speed', which is not a survey field; the fields are vendor, quarter, "
        "role, responsiveness, reporting, proactivity, partnership, comment."
    )
    assert refusal(
        csv_bytes(rows), columns={"responsiveness": "Responsiveness", "reporting": "responsiveness"}
    ) == (
        'columns gives "Responsiveness" for both responsiveness and reporting; one column '
        "serves one field."
    )


# --- layouts ------------------------------------------------------------------------------------


def test_a_label_spanning_several_columns_is_merged_with_the_items_below_it():
    rows = [
        ["Vendor", "Quarter", "Ratings (1-5)", "", "", "", "Comment"],
        ["", "", "Responsiveness", "Reporting", "Proactivity", "Partnership", ""],
        ["Acme Care", "Q3 2026", "4", "3", "3", "4", "ok"],
    ]
    got = read_rows(rows)
    assert got.mapping == {
        "vendor": "Vendor",
        "quarter": "Quarter",
        "responsiveness": "Ratings (1-5) - Responsiveness",
        "reporting": "Ratings (1-5) - Reporting",
        "proactivity": "Ratings (1-5) - Proactivity",
        "partnership": "Ratings (1-5) - Partnership",
        "comment": "Comment",
    }
    assert got.rows == [row(3, "Acme Care", "2026Q3", None, (4, 3, 3, 4), "ok")]


def test_a_first_row_of_words_is_data_not_a_second_header():
    rows = [
        ["Vendor", "Quarter", "Responsiveness", "Reporting", "Proactivity", "Partnership"],
        ["Acme Care", "", "Good", "Good", "Poor", "Excellent"],
    ]
    assert read_rows(rows).rows == [row(2, "Acme Care", None, None, (4, 4, 2, 5))]


def test_a_qualtrics_export_with_numeric_values():
    rows = [
        ["StartDate", "Status", "Finished", "ResponseId", "Q1_1", "Q1_2", "Q1_3", "Q1_4"],
        [
            "Start Date",
            "Response Type",
            "Finished",
            "Response ID",
            "Rate the vendor - Responsiveness",
            "Rate the vendor - Reporting",
            "Rate the vendor - Proactivity",
            "Rate the vendor - Partnership",
        ],
        [
            '{"ImportId":"startDate","timeZone":"Z"}',
            '{"ImportId":"status"}',
            '{"ImportId":"finished"}',
            '{"ImportId":"_recordId"}',
            '{"ImportId":"QID1_1"}',
            '{"ImportId":"QID1_2"}',
            '{"ImportId":"QID1_3"}',
            '{"ImportId":"QID1_4"}',
        ],
        ["2026-10-01 10:00:00", "0", "1", "R_a", "5", "4", "3", "2"],
        ["2026-10-01 11:00:00", "1", "1", "R_b", "1", "1", "1", "1"],
        ["2026-10-01 12:00:00", "0", "0", "R_c", "2", "", "", ""],
        ["2026-10-01 13:00:00", "0", "1", "R_d", "3", "3", "3", "3"],
    ]
    got = read_rows(rows)
    assert got.rows == [
        row(4, None, None, None, (5, 4, 3, 2)),
        row(7, None, None, None, (3, 3, 3, 3)),
    ]
    assert got.skipped == [
        (5, "not a real response (Response Type: 1)"),
        (6, 'incomplete response ("Finished" is 0)'),
    ]
    assert got.ignored == ["Start Date", "Response Type", "Finished", "Response ID"]


def test_the_delimiter_and_encoding_are_found_from_the_content():
    rows = [["Fournisseur", "Réactivité", "Commentaire"], ["Acme", "4", "Très bien; merci"]]
    text = "\r\n".join("\t".join(r) for r in rows) + "\r\n"
    expected = [row(2, "Acme", None, None, (4, None, None, None), "Très bien; merci")]
    for data in (
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("utf-16"),  # with its BOM
        b"\xfe\xff" + text.encode("utf-16-be"),
        text.encode("cp1252"),
    ):
        got = survey_file.read(data, file_name="export.txt")
        assert got.rows == expected
        assert got.mapping == {
            "vendor": "Fournisseur",
            "responsiveness": "Réactivité",
            "comment": "Commentaire",
        }


def xlsx(*sheets: tuple[str, list[list[object]], bool]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows, hidden in sheets:
        sheet = book.create_sheet(title)
        for r in rows:
            sheet.append(r)
        if hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_is_read_from_its_first_visible_sheet_with_data():
    data = xlsx(
        ("Hidden", [["Vendor", "Responsiveness"], ["Wrong", 1]], True),
        ("Empty", [], False),
        (
            "Responses",
            [
                ["Vendor", "Responsiveness", "Reporting"],
                [None, None, None],
                ["Acme", 4.0, "5 - Excellent"],
                ["Blue", 3, None],
            ],
            False,
        ),
    )
    got = survey_file.read(data, file_name="book.xlsx")
    assert got.rows == [
        row(3, "Acme", None, None, (4, 5, None, None)),
        row(4, "Blue", None, None, (3, None, None, None)),
    ]


def test_a_workbook_of_empty_sheets_is_refused():
    data = xlsx(("Sheet1", [], False))
    assert refusal(data, "book.xlsx") == "book.xlsx has no data: every sheet is empty."


def test_a_damaged_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "not xml")
    message = refusal(out.getvalue(), "broken.xlsx")
    assert message.startswith("broken.xlsx could not be opened as an .xlsx workbook")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "report.pdf is empty."),
        (b"  \r\n", "report.pdf is empty."),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "report.pdf is a PDF document, not a CSV or .xlsx",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "report.pdf is an old-style Excel .xls"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "report.pdf is a PNG image, not a CSV or .xlsx"),
    ],
)
def test_what_is_not_a_csv_or_workbook_is_refused_plainly(data, message):
    assert refusal(data, "report.pdf").startswith(message)


def test_a_file_over_five_megabytes_is_refused(tmp_path):
    data = b"Vendor,Responsiveness\n" + b"Acme Care,4\n" * 480_000
    assert refusal(data, "big.csv") == (
        "big.csv is 5.5 MB; a survey export is at most 5 MB. Export one quarter (or one "
        "vendor) at a time."
    )
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    assert refusal(path, "big.csv").startswith("big.csv is 5.5 MB;")


def test_a_file_over_five_thousand_responses_is_refused():
    data = b"Vendor,Responsiveness\n" + b"Acme Care,4\n" * 5_001
    assert refusal(data, "many.csv") == (
        "many.csv holds 5,001 responses; a survey export is at most 5,000. Export one quarter "
        "(or one vendor) at a time."
    )
    assert len(survey_file.read(data[: -len(b"Acme Care,4\n")], file_name="m.csv").rows) == 5_000


def test_a_quote_left_open_is_refused_not_read_as_one_cell():
    data = b'Vendor,Responsiveness,Comment\nAcme,4,"Late again\nBlue,3,ok\nRed,2,ok\n'
    assert refusal(data, "open.csv") == (
        "open.csv could not be read as CSV: a quotation mark is not closed, or a value is far "
        "too long. Export the survey again."
    )


def test_quotes_inside_values_are_kept():
    data = b'Vendor,Responsiveness,Comment\nAcme,4,"Said ""fine"""\nBlue,3,5" screens\n'
    assert [r.comment for r in survey_file.read(data, file_name="q.csv").rows] == [
        'Said "fine"',
        '5" screens',
    ]


def test_a_file_of_separators_only_has_no_data():
    assert refusal(b",,,\r\n ,, ,\r\n", "s.csv") == "s.csv has no data: every row is empty."


def test_one_rating_column_is_enough():
    got = survey_file.read(b"Responsiveness\n4\n\n5 - Excellent\n", file_name="one.csv")
    assert got.mapping == {"responsiveness": "Responsiveness"}
    assert got.rows == [
        row(2, None, None, None, (4, None, None, None)),
        row(4, None, None, None, (5, None, None, None)),
    ]


def test_a_header_without_responses_reads_as_no_rows():
    got = read_rows([["Vendor", "Responsiveness", "Reporting"]])
    assert (got.rows, got.skipped) == ([], [])


# --- ratings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "rating"),
    [
        ("4", 4),
        (" 5 ", 5),
        ("1", 1),
        ("4.0", 4),
        ("4,0", 4),
        ("4 - Good", 4),
        ("5 = Excellent", 5),
        ("1 = Strongly disagree", 1),
        ("Very good (4)", 4),
        ("4/5", 4),
        ("3 out of 5", 3),
        ("4 sur 5", 4),
        ("★★★", 3),
        ("2 stars", 2),
        ("", None),
        ("N/A", None),
        ("n/a", None),
        ("NA", None),
        ("#N/A", None),
        ("-", None),
        ("—", None),
        ("Don't know", None),
        ("Don’t know", None),
        ("dont know", None),
        ("Not applicable", None),
        ("Don't know (6)", None),
        ("6 - Not applicable", None),
        ("NSP", None),
        ("Sans objet", None),
        ("No sé", None),
        ("Weiß nicht", None),
        ("Strongly disagree", 1),
        ("Disagree", 2),
        ("Somewhat disagree", 2),
        ("Neither agree nor disagree", 3),
        ("Neutral", 3),
        ("Agree", 4),
        ("somewhat AGREE", 4),
        ("Strongly agree", 5),
        ("Very dissatisfied", 1),
        ("Dissatisfied", 2),
        ("Neither satisfied nor dissatisfied", 3),
        ("Satisfied", 4),
        ("Very satisfied", 5),
        ("Never", 1),
        ("Rarely", 2),
        ("Sometimes", 3),
        ("Often", 4),
        ("Always", 5),
        ("Pas du tout d'accord", 1),
        ("Pas d’accord", 2),
        ("Ni d'accord ni pas d'accord", 3),
        ("D'accord", 4),
        ("Tout à fait d'accord", 5),
        ("Très insatisfait", 1),
        ("Très satisfait", 5),
        ("Totalmente en desacuerdo", 1),
        ("En desacuerdo", 2),
        ("Ni de acuerdo ni en desacuerdo", 3),
        ("De acuerdo", 4),
        ("Totalmente de acuerdo", 5),
        ("Muy satisfecho", 5),
        ("Stimme voll und ganz zu", 5),
        ("Stimme nicht zu", 2),
        ("Very poor", 1),
        ("Poor", 2),
        ("Fair", 3),
        ("Average", 3),
        ("Good", 4),
        ("Excellent", 5),
        ("EXCELLENT", 5),
        ("Très mauvais", 1),
        ("Moyen", 3),
        ("Bon", 4),
        ("Excelente", 5),
        ("Malo", 2),
        ("Regular", 3),
        ("Gut", 4),
        ("Schlecht", 2),
    ],
)
def test_a_rating_cell(cell, rating):
    got = read_rows([["Vendor", "Responsiveness", "Reporting"], ["Acme", cell, "3"]])
    assert got.rows == [row(2, "Acme", None, None, (rating, 3, None, None))]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("8", "is outside 1 to 5"),
        ("0", "is outside 1 to 5"),
        ("10 - Extremely likely", "is outside 1 to 5"),
        ("-1", "is outside 1 to 5"),
        ("3.5", "is not a whole number from 1 to 5"),
        ("8/10", "is not on a five-point scale"),
        ("4 out of 10", "is not on a five-point scale"),
        ("3-4", "is not one rating"),
        ("Great", "is not a rating"),
        ("Yes", "is not a rating"),
        ("Somewhat", "is not a rating"),
    ],
)
def test_a_cell_that_is_not_a_rating(cell, reason):
    message = refusal(csv_bytes([["Vendor", "Partnership"], ["Acme", cell]]), "s.csv")
    assert message.startswith("s.csv: 1 value cannot be read (ratings are 1 to 5: ")
    assert message.endswith(f'\n  row 2, column "Partnership": "{cell}" {reason}')


@pytest.mark.parametrize(
    ("words", "levels"),
    [
        # SurveyMonkey's default: Excellent, Very good, Good, Fair, Poor
        (["Poor", "Fair", "Good", "Very good", "Excellent"], [1, 2, 3, 4, 5]),
        (["Poor", "Average", "Good", "Very good", "Excellent"], [1, 2, 3, 4, 5]),
        (["Good", "Very good"], [3, 4]),
        (["Very poor", "Poor", "Fair", "Good", "Excellent"], [1, 2, 3, 4, 5]),
        (["Very poor", "Poor", "Average", "Good", "Very good"], [1, 2, 3, 4, 5]),
        (["Très mauvais", "Mauvais", "Moyen", "Bon", "Très bon"], [1, 2, 3, 4, 5]),
        (["Malo", "Regular", "Bueno", "Muy bueno", "Excelente"], [1, 2, 3, 4, 5]),
        (["Good", "Excellent", "Poor"], [4, 5, 2]),  # no "Very" word: Very poor … Excellent
    ],
)
def test_quality_words_take_their_level_from_the_scale_the_file_uses(words, levels):
    rows = [["Vendor", "Responsiveness", "Reporting"]]
    rows += [["Acme", w, "Very good (4)"] for w in words]  # a number does not set the scale
    got = read_rows(rows)
    assert [r.ratings["responsiveness"] for r in got.rows] == levels


def test_the_scale_is_the_file_s_not_a_column_s():
    rows = [
        ["Vendor", "Responsiveness", "Reporting"],
        ["Acme", "Very good", "Good"],
        ["Acme", "Excellent", "Poor"],
    ]
    got = read_rows(rows)
    assert [tuple(r.ratings.values())[:2] for r in got.rows] == [(4, 3), (5, 1)]


def test_six_quality_levels_are_refused():
    rows = [
        ["Vendor", "Responsiveness"],
        ["A", "Very poor"],
        ["A", "Very good"],
        ["A", "Excellent"],
    ]
    assert refusal(csv_bytes(rows), "s.csv").endswith(
        '  row 2, column "Responsiveness": "Very poor" is one of six levels (the file uses Very '
        "poor, Very good and Excellent)\n"
        '  row 3, column "Responsiveness": "Very good" is one of six levels (the file uses Very '
        "poor, Very good and Excellent)\n"
        '  row 4, column "Responsiveness": "Excellent" is one of six levels (the file uses Very '
        "poor, Very good and Excellent)"
    )


def test_problems_are_listed_ten_at_most_each_cell_cut_short():
    long_text = "Excellent service overall but the reporting was late every single month"
    rows = [["Email", "Vendor", "Quarter", "Responsiveness", "Reporting"]]
    rows += [[f"p{i}@client.example.com", "Acme", "2026Q3", "7", "2"] for i in range(12)]
    rows += [["x@client.example.com", "Acme", "July 2026", long_text, "4"]]
    message = refusal(csv_bytes(rows), "s.csv")
    assert message == (
        's.csv: 14 values cannot be read (ratings are 1 to 5: a number ("4", "4 - Good", '
        '"4/5") or a five-point word such as Poor, Fair, Good, Excellent, Agree or Satisfied; '
        'blank, N/A and Don\'t know are no answer; quarters are written like "2026Q3", '
        '"Q3 2026", "2026-Q3", "Q3-26" or "3Q2026"):\n'
        + "".join(
            f'  row {n}, column "Responsiveness": "7" is outside 1 to 5\n' for n in range(2, 12)
        )
        + "  and 4 more."
    )
    assert "@" not in message


def test_the_last_problems_show_the_cell_cut_and_the_quarter():
    long_text = "Excellent service overall but the reporting was late every single month"
    rows = [
        ["Email", "Vendor", "Quarter", "Responsiveness"],
        ["x@client.example.com", "Acme", "FY26 Q3", long_text],
    ]
    message = refusal(csv_bytes(rows), "s.csv")
    assert message.endswith(
        '\n  row 2, column "Quarter": "FY26 Q3" is not a quarter\n'
        '  row 2, column "Responsiveness": "Excellent service overall but the repor…" is '
        "not a rating"
    )
    assert "@" not in message and "every single month" not in message


# --- quarters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "quarter"),
    [
        ("2026Q3", "2026Q3"),
        ("2026 Q3", "2026Q3"),
        ("2026-Q3", "2026Q3"),
        ("2026/Q3", "2026Q3"),
        ("Q3 2026", "2026Q3"),
        ("q3 2026", "2026Q3"),
        ("Q3-2026", "2026Q3"),
        ("Q3/2026", "2026Q3"),
        ("Q3-26", "2026Q3"),
        ("Q3 '26", "2026Q3"),
        ("3Q2026", "2026Q3"),
        ("3Q26", "2026Q3"),
        ("T3 2026", "2026Q3"),
        ("2026-T4", "2026Q4"),
        ("Quarter 1 2027", "2027Q1"),
        ("", None),
    ],
)
def test_a_quarter_cell(cell, quarter):
    got = read_rows([["Quarter", "Responsiveness"], [cell, "4"]])
    assert got.rows[0].quarter == quarter


@pytest.mark.parametrize("cell", ["Q5 2026", "2026", "July 2026", "2026-07-01", "FY26 Q3", "H2"])
def test_a_cell_that_is_not_a_quarter(cell):
    message = refusal(csv_bytes([["Quarter", "Responsiveness"], [cell, "4"]]), "s.csv")
    assert message.endswith(f'\n  row 2, column "Quarter": "{cell}" is not a quarter')


def test_a_row_without_rating_is_skipped_whatever_its_quarter():
    got = read_rows([["Quarter", "Responsiveness"], ["someday", ""], ["Q1 2027", "2"]])
    assert got.skipped == [(2, "no rating")]
    assert got.rows == [row(3, None, "2027Q1", None, (2, None, None, None))]


# --- suggest: real headers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # ratings, as survey tools word them
        ("How would you rate the vendor's responsiveness to requests?", "responsiveness"),
        ("Responsiveness (1 = poor, 5 = excellent)", "responsiveness"),
        ("The vendor responds quickly to our requests", "responsiveness"),
        ("Timeliness of responses", "responsiveness"),
        ("Réactivité", "responsiveness"),
        ("Capacidad de respuesta", "responsiveness"),
        ("Reaktionsfähigkeit", "responsiveness"),
        ("Quality of reporting (MI, dashboards)", "reporting"),
        ("Quality of MI", "reporting"),
        ("Qualité du reporting", "reporting"),
        ("Calidad de los informes", "reporting"),
        ("Berichtswesen", "reporting"),
        ("Proactivity – brings ideas before we ask", "proactivity"),
        ("Proactividad", "proactivity"),
        ("Proaktivität", "proactivity"),
        ("Innovation and continuous improvement", "proactivity"),
        ("Overall partnership / relationship", "partnership"),
        ("Partnerschaft", "partnership"),
        ("Partenariat", "partnership"),
        ("Quality of the working relationship", "partnership"),
        ("Please rate the vendor on the following: - Reporting", "reporting"),
        ("Rate Acme Care on each area [Partnership]", "partnership"),
        # the other fields
        ("Which vendor are you rating?", "vendor"),
        ("Name of the supplier you are rating", "vendor"),
        ("Vendor / BPO", "vendor"),
        ("Prestataire", "vendor"),
        ("Proveedor", "vendor"),
        ("Quarter", "quarter"),
        ("Reporting period", "quarter"),
        ("Trimestre", "quarter"),
        ("What is your role?", "role"),
        ("Which team are you in?", "role"),
        ("Department", "role"),
        ("Respondent role", "role"),
        ("Abteilung", "role"),
        ("Any other comments?", "comment"),
        ("Commentaires", "comment"),
        ("Comentarios", "comment"),
        ("Kommentar", "comment"),
        ("Suggestions for improvement", "comment"),
        ("Why did you give this score?", "comment"),
        ("Comments on reporting", "comment"),
        ("Responsiveness - Comments", "comment"),
        # identity and metadata columns: never mapped
        ("ID", None),
        ("Start time", None),
        ("Completion time", None),
        ("Email", None),
        ("Name", None),
        ("Last modified time", None),
        ("Timestamp", None),
        ("Email address", None),
        ("Respondent ID", None),
        ("Collector ID", None),
        ("IP Address", None),
        ("First Name", None),
        ("Last Name", None),
        ("Custom Data 1", None),
        ("IPAddress", None),
        ("ResponseId", None),
        ("RecipientEmail", None),
        ("RecipientFirstName", None),
        ("ExternalReference", None),
        ("LocationLatitude", None),
        ("Finished", None),
        ("Response Type", None),
        ("#", None),
        ("Network ID", None),
        ("Submit Date (UTC)", None),
        ("Your name", None),
        ("Respondent", None),
        ("Team lead name", None),
        ("Phone number", None),
        # not one of the fields
        ("Total points", None),
        ("Quiz feedback", None),
        ("Feedback - Responsiveness", None),
        ("Overall satisfaction", None),
        ("How likely are you to recommend the vendor?", None),
        ("Q3_1", None),
    ],
)
def test_suggest_reads_a_header(header, field):
    assert survey_file.suggest([header]) == ({field: header} if field else {})


def test_suggest_gives_each_field_its_most_specific_header():
    headers = [
        "Response ID",
        "Why?",
        "Comments on reporting",
        "Reporting",
        "Reporting timeliness",
        "How responsive is the vendor to your team?",
        "Any other comments?",
        "Which vendor is this feedback about?",
    ]
    assert survey_file.suggest(headers) == {
        "vendor": "Which vendor is this feedback about?",
        "responsiveness": "How responsive is the vendor to your team?",
        "reporting": "Reporting",
        "comment": "Any other comments?",
    }


def test_suggest_never_maps_identity_columns_even_when_they_name_a_field():
    headers = ["Respondent email", "Partner name", "Vendor contact name", "Role", "Reporting"]
    assert survey_file.suggest(headers) == {"role": "Role", "reporting": "Reporting"}


def test_headers_lists_a_files_columns_even_when_none_reads_as_a_rating():
    """What the page offers to pick from when the suggestion found no rating column; picking
    one then reads the file."""
    path = SURVEYS / "no_rating_columns.csv"
    found = survey_file.headers(path, file_name=path.name)
    assert found == [
        "Timestamp",
        "Email address",
        "Vendor",
        "Overall satisfaction",
        "How likely are you to recommend the vendor?",
        "Comments",
    ]
    read = survey_file.read(
        path, file_name=path.name, columns={"partnership": "Overall satisfaction"}
    )
    assert read.mapping["partnership"] == "Overall satisfaction"
    assert read.rows[0].ratings["partnership"] == 4
