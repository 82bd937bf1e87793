"""The stakeholder-survey corpus (``governance.ingest.survey_file``), written as each tool writes it.

    python tests/data/surveys/make_corpus.py [OUT_DIR]

writes every file of this folder (default: the folder itself) from the rows below, with the
encodings, delimiters, line ends, header rows and cell types of Microsoft Forms, Google Forms,
SurveyMonkey, Qualtrics, Typeform and Excel. The generated files are committed; the tests read
them and hold their expected contents written out by hand. Names, e-mail and IP addresses are
invented (example.com, documentation IP ranges).

Rows are written one per line with cells separated by " | "; "\\n" inside a cell is a line break.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent


def _rows(text: str) -> list[list[str]]:
    return [
        [cell.strip().replace("\\n", "\n") for cell in line.split("|")]
        for line in text.strip("\n").splitlines()
    ]


def _csv(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


def ms_forms(out: Path) -> None:
    """Microsoft Forms' "Open results in Excel": one sheet, the six columns it always writes,
    then one column per question; ratings as numbers, times as date-times, an unanswered
    question as an empty cell."""
    header, *answers = _rows(
        """
ID | Start time | Completion time | Email | Name | Last modified time | Which vendor are you rating? | Quarter | Your role | How would you rate the vendor's responsiveness to requests? | Quality of reporting (MI, dashboards) | Proactivity – brings ideas before we ask | Overall partnership / relationship | Any other comments?
1 | | | j.smith@client.example.com | Jane Smith | | Acme Care | Q3 2026 | Operations manager | 4 | 3 | 2 | 4 | Good quarter; the weekly MI arrived late twice.
2 | | | anonymous | | | Acme Care | Q3 2026 | Finance | 5 | 4 | 3 | 5 |
3 | | | r.patel@client.example.com | Ravi Patel | | Northwind BPO | Q3 2026 | Customer experience lead | 3 | | 2 | 3 | Reports were not shared this quarter.
4 | | | m.garcia@client.example.com | Maria Garcia | | Northwind BPO | Q3 2026 | Operations manager | | | | | No dealings with them this quarter.
5 | | | anonymous | | | Acme Care | Q3 2026 | | 2 | 2 | 1 | 3 | Escalations took days to answer.
"""
    )
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(header)
    first = dt.datetime(2026, 10, 5, 9, 12, 44)
    for row in answers:
        i = int(row[0])
        start = first + dt.timedelta(hours=5 * i)
        values: list[object] = [i, start, start + dt.timedelta(minutes=3, seconds=17 * i)]
        values += [c or None for c in row[3:9]]
        values += [int(c) if c else None for c in row[9:13]]
        values.append(row[13] or None)
        sheet.append(values)
    for cells in sheet.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in cells:
            cell.number_format = "m/d/yy h:mm:ss"
    book.properties.created = book.properties.modified = dt.datetime(2026, 10, 10, 8, 0, 0)
    book.save(out / "ms_forms.xlsx")


def google_forms(out: Path) -> None:
    """Google Forms' "Download responses (.csv)": Timestamp, Email address, then each question;
    a multiple-choice grid as "Question [Row]" columns; a paragraph answer may hold a line break."""
    rows = _rows(
        """
Timestamp | Email address | Which team are you in? | Rate Acme Care on each area [Responsiveness] | Rate Acme Care on each area [Reporting] | Rate Acme Care on each area [Proactivity] | Rate Acme Care on each area [Partnership] | Anything else you would like to tell us?
2026/10/02 9:14:07 AM GMT+1 | ana.ruiz@client.example.com | Claims operations | 4 | 4 | 3 | 4 | Solid quarter.
2026/10/02 11:40:55 AM GMT+1 | b.okafor@client.example.com | Finance | 5 | 3 | 3 | 4 | Invoices reconciled on time, but the monthly pack\\nhad errors in October.
2026/10/03 8:02:31 AM GMT+1 | c.lind@client.example.com | Customer experience | 3 | 2 | | 3 |
2026/10/05 4:17:12 PM GMT+1 | d.marsh@client.example.com | Claims operations | 2 | 3 | 2 | 2 | Slow to answer escalations; needs to bring more ideas
"""
    )
    (out / "google_forms.csv").write_bytes(_csv(rows).encode("utf-8"))


def surveymonkey(out: Path) -> None:
    """SurveyMonkey's "All individual responses" CSV (expanded): its respondent columns, then the
    questions on row 1 (a matrix's text over its first column only) and on row 2 "Response",
    "Open-Ended Response" or the matrix rows and "Other (please specify)"; the rating choices
    are SurveyMonkey's default Excellent, Very good, Good, Fair, Poor (and N/A). The collector
    is anonymous: no e-mail, names or custom data."""
    rows = _rows(
        """
Respondent ID | Collector ID | Start Date | End Date | IP Address | Email Address | First Name | Last Name | Custom Data 1 | Which vendor are you rating? | Please rate the vendor on each of the following. | | | | What is your role? | | Any other comments?
 | | | | | | | | | Response | Responsiveness | Reporting | Proactivity | Partnership | Response | Other (please specify) | Open-Ended Response
114367890123 | 431234567 | 10/06/2026 09:12:44 AM | 10/06/2026 09:15:02 AM | 203.0.113.17 | | | | | Acme Care | Very good | Good | Fair | Very good | Operations | | Weekly calls are useful.
114367890456 | 431234567 | 10/06/2026 10:01:13 AM | 10/06/2026 10:04:40 AM | 203.0.113.52 | | | | | Acme Care | Excellent | Very good | Good | Excellent | Finance | |
114367890789 | 431234567 | 10/07/2026 02:45:09 PM | 10/07/2026 02:51:30 PM | 198.51.100.8 | | | | | Northwind BPO | Good | Poor | Poor | Fair | Customer service | | Reporting errors every month; no improvement ideas.
114367891012 | 431234567 | 10/08/2026 11:20:00 AM | 10/08/2026 11:22:41 AM | 198.51.100.9 | | | | | Northwind BPO | Fair | N/A | Poor | Good | Operations | |
114367891345 | 431234567 | 10/09/2026 04:03:12 PM | 10/09/2026 04:03:30 PM | 203.0.113.99 | | | | | Northwind BPO | | | | | | |
"""
    )
    (out / "surveymonkey_two_header_rows.csv").write_bytes(_csv(rows).encode("utf-8"))


def qualtrics(out: Path) -> None:
    """Qualtrics' "Download data table" CSV with choice text, UTF-8 with a BOM: row 1 the export
    tags, row 2 the question texts (a matrix as "question - statement"), row 3 the ImportId
    JSON. One response is a preview, one is incomplete (Finished False, Progress 40)."""
    stem = "To what extent do you agree with the following statements?"
    tags = _rows(
        f"""
StartDate | EndDate | Status | IPAddress | Progress | Duration (in seconds) | Finished | RecordedDate | ResponseId | RecipientLastName | RecipientFirstName | RecipientEmail | ExternalReference | LocationLatitude | LocationLongitude | DistributionChannel | UserLanguage | Q1 | Q2_1 | Q2_2 | Q2_3 | Q2_4 | Q3 | Q4
Start Date | End Date | Response Type | IP Address | Progress | Duration (in seconds) | Finished | Recorded Date | Response ID | Recipient Last Name | Recipient First Name | Recipient Email | External Data Reference | Location Latitude | Location Longitude | Distribution Channel | User Language | Which vendor are you rating? | {stem} - The vendor responds quickly to our requests | {stem} - The vendor's reports are accurate and on time | {stem} - The vendor brings improvement ideas without being asked | {stem} - We have a strong working relationship with the vendor | Which function do you work in? | Any other comments about the vendor?
"""
    )
    ids = (
        "startDate endDate status ipAddress progress duration finished recordedDate _recordId"
        " recipientLastName recipientFirstName recipientEmail externalDataReference"
        " locationLatitude locationLongitude distributionChannel userLanguage QID1 QID2_1 QID2_2"
        " QID2_3 QID2_4 QID3 QID4_TEXT"
    ).split()
    zone = ',"timeZone":"America/Denver"'
    import_ids = [
        '{"ImportId":"' + i + '"' + (zone if i.endswith("Date") else "") + "}" for i in ids
    ]
    rows = _rows(
        """
2026-10-05 09:12:44 | 2026-10-05 09:16:02 | IP Address | 198.51.100.23 | 100 | 198 | True | 2026-10-05 09:16:03 | R_1a2B3c4D5e6F7g8 | | | | | 39.7392 | -104.9903 | anonymous | EN | Acme Care | Somewhat agree | Somewhat agree | Neither agree nor disagree | Strongly agree | Operations | Dependable, though the MI pack is late.
2026-10-05 10:00:00 | 2026-10-05 10:01:12 | Survey Preview | 198.51.100.40 | 100 | 72 | True | 2026-10-05 10:01:13 | R_9zY8xW7vU6tS5rQ | | | | | | | preview | EN | Acme Care | Strongly agree | Strongly agree | Strongly agree | Strongly agree | Operations | test
2026-10-06 14:20:31 | 2026-10-13 14:21:02 | IP Address | 198.51.100.23 | 40 | 604831 | False | 2026-10-13 14:21:03 | R_3cD4eF5gH6iJ7kL | | | | | 39.7392 | -104.9903 | anonymous | EN | Acme Care | Somewhat disagree | | | | |
2026-10-07 08:45:10 | 2026-10-07 08:49:55 | IP Address | 198.51.100.77 | 100 | 285 | True | 2026-10-07 08:49:56 | R_5eF6gH7iJ8kL9mN | | | | | 40.0150 | -105.2705 | anonymous | EN | Northwind BPO | Strongly disagree | Somewhat disagree | Strongly disagree | Somewhat disagree | Finance | Escalations sit for days.
2026-10-08 16:02:55 | 2026-10-08 16:05:20 | IP Address | 198.51.100.90 | 100 | 145 | True | 2026-10-08 16:05:21 | R_7gH8iJ9kL0mN1oP | | | | | 40.0150 | -105.2705 | anonymous | EN | Northwind BPO | Somewhat agree | Strongly agree | Somewhat agree | Somewhat agree | Customer experience |
"""
    )
    text = _csv([*tags, import_ids, *rows])
    (out / "qualtrics_three_header_rows.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def typeform(out: Path) -> None:
    """Typeform's "Download responses" CSV (LF): "#" (the response token), each question's
    title, then Start Date (UTC), Submit Date (UTC), Network ID and Tags; opinion scales as
    numbers."""
    rows = _rows(
        """
# | Which BPO partner is this feedback about? | Which quarter are you rating? | What is your role? | Responsiveness (1 = poor, 5 = excellent) | Reporting (1 = poor, 5 = excellent) | Proactivity (1 = poor, 5 = excellent) | Partnership (1 = poor, 5 = excellent) | Anything else? | Start Date (UTC) | Submit Date (UTC) | Network ID | Tags
k2m1x9q8w7e6r5t4y3u2i1o0p9a8s7d6 | Acme Care | Q3 2026 | Workforce planning | 5 | 4 | 4 | 5 | Great partner this quarter | 2026-10-06 14:02:11 | 2026-10-06 14:04:39 | 5c7f1e2a9b |
z1x2c3v4b5n6m7a8s9d0f1g2h3j4k5l6 | Acme Care | Q3-26 | Quality assurance | 4 | 4 | 3 | 4 | | 2026-10-06 15:30:02 | 2026-10-06 15:31:15 | 9d3b7a1c4e |
q9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h4 | Northwind BPO | Q3 2026 | Workforce planning | 2 | 3 | 1 | 2 | Forecast misses are never explained | 2026-10-07 09:12:40 | 2026-10-07 09:16:02 | 5c7f1e2a9b |
"""
    )
    (out / "typeform.csv").write_bytes(_csv(rows, newline="\n").encode("utf-8"))


def excel_unicode_text(out: Path) -> None:
    """A hand-made Excel sheet saved as "Unicode Text (*.txt)": UTF-16 LE with a BOM, tab
    separated, CRLF, every row as wide as the used range; a title above the table; a cell with a
    line break or a double quote is quoted."""
    rows = _rows(
        """
Vendor feedback – Q3 2026 | | | | | | |
 | | | | | | |
Vendor | Quarter | Department | Responsiveness | Reporting | Proactivity | Partnership | Comments
Acme Care | 2026Q3 | Opérations | 4 | 4 | 3 | 4 | Très réactifs ; les rapports arrivent à l'heure.
Northwind BPO | 2026Q3 | Finance | 3 | 2 | 2 | 3 | Reporting late:\\ntwo packs missing.
Acme Care | 2026Q3 | Ventes | 5 | 4 | 4 | 5 | Équipe très "proactive"
 | | | | | | |
Northwind BPO | 2026Q3 | Opérations | N/A | 3 | 2 | 3 |
"""
    )
    text = _csv(rows, delimiter="\t")
    (out / "excel_unicode_text_utf16.txt").write_bytes(text.encode("utf-16"))


def french_semicolon(out: Path) -> None:
    """French Excel's "CSV (séparateur: point-virgule)": Windows-1252, semicolons, CRLF; a
    decimal comma, "NSP" and "Sans objet"; "T3 2026" for the third quarter; "’" and "–" (bytes
    of Windows-1252 that Latin-1 lacks)."""
    rows = _rows(
        """
Prestataire | Trimestre | Service / fonction | Réactivité | Qualité du reporting | Proactivité | Partenariat | Commentaires
Acme Care | T3 2026 | Direction financière | 4 | 3,0 | 3 | 4 | Bonne réactivité – l’équipe répond vite, reporting à améliorer.
Acme Care | T3 2026 | Relation client | 5 - Excellent | 4 | NSP | 4 |
Northwind BPO | T3 2026 | Opérations | 2 | 2 | 1 | Sans objet | Délais de réponse trop longs (> 48 h).
Northwind BPO | T3 2026 | Opérations | | | | | Pas d’avis ce trimestre.
"""
    )
    (out / "fr_semicolon_cp1252.csv").write_bytes(_csv(rows, delimiter=";").encode("cp1252"))


def likert_words(out: Path) -> None:
    """A Microsoft Forms Likert question (one column per statement, the chosen label as text)
    opened in Excel and saved as "CSV UTF-8" (BOM, CRLF), the respondent columns deleted."""
    rows = _rows(
        """
Vendor | Quarter | Team | The vendor responds quickly to requests | Reports are accurate and on time | The vendor proposes improvements before we ask | Overall, how satisfied are you with the partnership? | Comments
Acme Care | 2026Q3 | Operations | Strongly agree | Good | Agree | Very satisfied |
Acme Care | 2026Q3 | Finance | agree | Excellent | Neither agree nor disagree | Satisfied | Solid, steady.
Northwind BPO | 2026Q3 | Operations | Disagree | Poor | Strongly disagree | Dissatisfied | Reports arrive late.
Northwind BPO | 2026Q3 | Quality | Don’t know | Very good (4) | Not applicable | Neither satisfied nor dissatisfied |
Northwind BPO | 2026Q3 | Finance | STRONGLY DISAGREE | Very poor | Disagree | Very dissatisfied | No improvement at all.
"""
    )
    (out / "likert_words.csv").write_bytes(b"\xef\xbb\xbf" + _csv(rows).encode("utf-8"))


def ten_point(out: Path) -> None:
    """A Google Forms export whose linear scales were set to 0–10: must be refused."""
    rows = _rows(
        """
Timestamp | Email address | Vendor | Responsiveness (0-10) | Reporting (0-10) | Proactivity (0-10) | Partnership (0-10) | Comments
2026/10/02 9:14:07 AM GMT+1 | ana.ruiz@client.example.com | Acme Care | 8 | 7 | 6 | 9 |
2026/10/02 9:20:41 AM GMT+1 | b.okafor@client.example.com | Acme Care | 5 | 4 | 3 | 5 |
2026/10/03 1:05:12 PM GMT+1 | c.lind@client.example.com | Northwind BPO | 0 | 10 | 2 | 3 | Poor all round
"""
    )
    (out / "ten_point_scale.csv").write_bytes(_csv(rows).encode("utf-8"))


def multi_vendor(out: Path) -> None:
    """The vendor-management office's own consolidated tracker (UTF-8, LF, as typed): several
    vendors, a quarter column written every way, ratings written every way, a blank line, a row
    without a rating."""
    text = (
        "Vendor,Quarter,Role,Responsiveness,Reporting,Proactivity,Partnership,Comment\n"
        "Acme Care,2026Q3,Operations manager,4,4.0,3,4,\n"
        'Acme Care,Q3 2026,Finance analyst,5 = Excellent,4/5,3,4 - Good,"Good, steady"\n'
        "\n"
        "Northwind BPO,2026-Q3,CX lead,2,Very good (4),1,3,Needs more ideas\n"
        "Northwind BPO,Q3-26,Operations manager,n/a,-,Don't know,Not applicable,Joined late\n"
        "Blue Harbor Services,3Q2026,Procurement,3,3,3,3,\n"
        "Blue Harbor Services,Q2 2026,Procurement,4,,5,4,Late entry for last quarter\n"
    )
    (out / "multi_vendor_quarter.csv").write_bytes(text.encode("utf-8"))


def no_ratings(out: Path) -> None:
    """A survey whose questions are not the four dimensions: must be refused with its headers."""
    text = (
        "Timestamp,Email address,Vendor,Overall satisfaction,"
        "How likely are you to recommend the vendor?,Comments\n"
        "2026/10/02 9:14:07 AM GMT+1,ana.ruiz@client.example.com,Acme Care,4,9,\n"
    )
    (out / "no_rating_columns.csv").write_bytes(text.encode("utf-8"))


MAKERS = (
    ms_forms,
    google_forms,
    surveymonkey,
    qualtrics,
    typeform,
    excel_unicode_text,
    french_semicolon,
    likert_words,
    ten_point,
    multi_vendor,
    no_ratings,
)


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else HERE
    out.mkdir(parents=True, exist_ok=True)
    for make in MAKERS:
        make(out)


if __name__ == "__main__":
    main(sys.argv[1:])
