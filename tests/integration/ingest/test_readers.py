"""readers.read_into: real exports as they are, small readable fixtures, and variants generated
here (encodings, delimiters, title blocks, totals rows, workbooks, files that are not tables)."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from governance.errors import InvalidInput
from governance.ingest import cells, readers
from governance.ingest.sql import Params
from governance.store.quoting import quote_ident
from tests import store_tables
from tests.conftest import REAL_DATA

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "imports"
SF_MONTHLY = REAL_DATA / "sf_hss_call_center_monthly.csv"
PWC = REAL_DATA / "pwc_call_center_telecom.xlsx"


def rows(con, table="staging_raw", order="_row"):
    return con.execute(f"SELECT * FROM {quote_ident(table)} ORDER BY {order}").fetchall()  # noqa: S608


def column(con, name, table="staging_raw"):
    return [
        r[0]
        for r in con.execute(
            f"SELECT {quote_ident(name)} FROM {quote_ident(table)} ORDER BY _row"  # noqa: S608
        ).fetchall()
    ]


@pytest.fixture
def params():
    return Params()


def bad_rows(con, parsed: cells.Parsed, params, table="staging_raw"):
    """(row, error) for every cell the builder cannot read: what the validator will report."""
    return params.execute(
        con,
        f"SELECT _row, {parsed.error} AS e FROM {quote_ident(table)} WHERE e IS NOT NULL ORDER BY _row",  # noqa: S608
    ).fetchall()


def workbook_bytes(build) -> bytes:
    book = openpyxl.Workbook()
    build(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the real files, as they are -----------------------------------------------------------------


def test_real_sf_monthly_csv(con, params):
    result = readers.read_into(con, SF_MONTHLY, file_name=SF_MONTHLY.name)
    assert (result.kind, result.delimiter, result.encoding) == ("csv", ",", "utf-8")
    assert result.rows == 160 and result.header_row == 1
    assert result.headers == (
        "Month",
        "Inbound Calls",
        "Average Speed of Answer in Secs",
        "Abandoned Calls",
        "Call Abandonment Rate",
        "In-person visits",
    )
    assert result.dropped == () and result.blank_rows == result.totals_rows == 0
    first = rows(con)[0]
    assert first == ("Apr 2024", "3036", "95", "298", "8.7", "33", 2)  # line 2 of the file

    found = cells.detect_date_format(con, "staging_raw", "Month")
    assert found.grain_hint == "month"
    month = cells.date(quote_ident("Month"), found.fmt, params=params)
    months = params.execute(con, f"SELECT {month.value} FROM staging_raw ORDER BY _row").fetchall()  # noqa: S608
    assert months[0] == (dt.date(2024, 4, 1),) and months[-1] == (dt.date(2011, 1, 1),)
    assert bad_rows(con, month, params) == []

    assert cells.detect_percent_mode(con, "staging_raw", "Call Abandonment Rate") == "points"
    rate = cells.percent(quote_ident("Call Abandonment Rate"), "points", params=params)
    sql = f"SELECT {rate.value} FROM staging_raw WHERE _row = 2"  # noqa: S608
    assert params.execute(con, sql).fetchall() == [(pytest.approx(0.087),)]
    assert bad_rows(con, rate, params) == []
    # Blank cells stay blank: not reported, never zero.
    asa = cells.number(quote_ident("Average Speed of Answer in Secs"), params=params)
    march_2023 = params.execute(
        con,
        f"SELECT {asa.value}, {asa.error} FROM staging_raw WHERE \"Month\" = 'Mar 2023'",  # noqa: S608
    ).fetchall()
    assert march_2023 == [(None, None)]


def test_real_pwc_workbook(con, params):
    result = readers.read_into(con, PWC, file_name=PWC.name)
    assert result.kind == "xlsx"
    assert result.sheets == ("Sheet1", "Sheet2") and result.sheet == "Sheet1"  # Sheet2 is prose
    assert result.rows == 5000 and result.header_row == 1
    assert result.headers == (
        "Call Id",
        "Agent",
        "Date",
        "Time",
        "Topic",
        "Answered (Y/N)",
        "Resolved",
        "Speed of answer in seconds",
        "AvgTalkDuration",
        "Satisfaction rating",
    )
    assert result.dropped_columns == ()  # the declared range is wider than the used columns
    assert result.cell_types["Date"] == "text"  # Date is text in this workbook, not a date
    assert result.cell_types["Time"] == result.cell_types["AvgTalkDuration"] == "time"
    assert result.cell_types["Speed of answer in seconds"] == "number"

    first = dict(zip([*result.headers, "_row"], rows(con)[0], strict=True))
    assert first["_row"] == 2 and first["Date"] == "2021-01-01" and first["Time"] == "09:12:58"
    assert first["AvgTalkDuration"] == "00:02:23" and first["Speed of answer in seconds"] == "109"

    date = cells.detect_date_format(con, "staging_raw", "Date")
    assert (date.fmt, date.grain_hint) == (None, "day")
    days = cells.date(quote_ident("Date"), date.fmt, params=params)
    assert bad_rows(con, days, params) == []
    span = params.execute(
        con,
        f"SELECT min({days.value}), max({days.value}) FROM staging_raw",  # noqa: S608
    ).fetchall()
    assert span == [(dt.date(2021, 1, 1), dt.date(2021, 3, 31))]

    # Excel day-fractions arrive as clock text and read as seconds.
    mode = cells.detect_duration_mode(con, "staging_raw", "AvgTalkDuration")
    talk = cells.duration(quote_ident("AvgTalkDuration"), mode, params=params)
    sql = f"SELECT {talk.value} FROM staging_raw WHERE _row = 2"  # noqa: S608
    assert params.execute(con, sql).fetchall() == [(143.0,)]
    assert bad_rows(con, talk, params) == []

    answered = cells.flag(quote_ident("Answered (Y/N)"), params=params)
    speed = cells.number(quote_ident("Speed of answer in seconds"), params=params)
    counts = params.execute(
        con,
        f"SELECT {answered.value} AS a, count(*), count({speed.value}), count({speed.error}) "  # noqa: S608
        "FROM staging_raw GROUP BY a ORDER BY a",
    ).fetchall()
    # Unanswered calls have a blank speed: NULL, not zero, and not an error.
    assert [(a, n == s, e) for a, n, s, e in counts] == [(0.0, False, 0), (1.0, True, 0)]
    assert counts[0][2] == 0


def test_real_pwc_workbook_sheet_by_name(con):
    assert readers.read_into(con, PWC, file_name=PWC.name, sheet="sheet1 ").sheet == "Sheet1"
    with pytest.raises(
        InvalidInput, match="Sheet 'Sheet2' of pwc_call_center_telecom.xlsx has no header row"
    ):
        readers.read_into(con, PWC, file_name=PWC.name, sheet="Sheet2")
    with pytest.raises(InvalidInput, match="has no sheet 'Daily'. Its sheets: 'Sheet1', 'Sheet2'"):
        readers.read_into(con, PWC, file_name=PWC.name, sheet="Daily")


# --- CSV shapes ----------------------------------------------------------------------------------


def test_title_block_blank_rows_and_totals_row(con, params):
    path = FIXTURES / "title_block_totals.csv"
    result = readers.read_into(con, path, file_name=path.name)
    assert result.header_row == 4
    assert result.headers == ("Date", "Program", "Site", "Calls Offered", "Calls Handled", "AHT")
    assert result.rows == 5
    assert result.dropped == ((8, "blank row"), (10, "blank row"), (12, "totals row"))
    assert (result.blank_rows, result.totals_rows) == (2, 1)
    assert [r[-1] for r in rows(con)] == [5, 6, 7, 9, 11]
    # The bad value sits on line 7 of the file and is reported as row 7.
    calls_handled = cells.number(quote_ident("Calls Handled"), params=params)
    assert bad_rows(con, calls_handled, params) == [(7, "not a number")]


def test_header_row_given_by_the_profile(con):
    path = FIXTURES / "title_block_totals.csv"
    assert readers.read_into(con, path, file_name=path.name, header_row=4).headers[0] == "Date"
    with pytest.raises(InvalidInput, match="Row 3 of title_block_totals.csv is not a header row"):
        readers.read_into(con, path, file_name=path.name, header_row=3)
    with pytest.raises(InvalidInput, match="header_row"):
        readers.read_into(con, path, file_name=path.name, header_row=0)


def test_semicolons_and_decimal_commas(con, params):
    path = FIXTURES / "semicolon_decimal_comma.csv"
    result = readers.read_into(con, path, file_name=path.name)
    assert (result.delimiter, result.encoding, result.rows) == (";", "utf-8", 3)
    assert column(con, "Standort") == ["München", "München", "Wien"]
    assert cells.detect_decimal(con, "staging_raw", ["Angebotene Anrufe", "AHT (s)"]) == ","
    offered = cells.number(quote_ident("Angebotene Anrufe"), ",", params=params)
    level = cells.percent(quote_ident("Servicelevel"), "fraction", ",", params=params)
    aht = cells.duration(quote_ident("AHT (s)"), "seconds", ",", params=params)
    got = params.execute(
        con,
        f"SELECT {offered.value}, {level.value}, {aht.value} FROM staging_raw ORDER BY _row",  # noqa: S608
    ).fetchall()
    assert got == [
        (1234.0, pytest.approx(0.953), 312.5),
        (1180.0, pytest.approx(0.91), 298.0),
        (987.0, pytest.approx(0.887), 305.25),
    ]
    assert cells.detect_date_format(con, "staging_raw", "Datum").fmt == "%d.%m.%Y"


def test_windows_1252_text_with_accents_and_euro_signs(con, tmp_path, params):
    text = "Région;Coût (€);Appels\nÎle-de-France;1.234,50 €;120\nCôte d'Azur;99,90 €;45\n"
    data = text.encode("cp1252")
    for source in (data, tmp_path / "export.csv"):
        if isinstance(source, Path):
            source.write_bytes(data)
        result = readers.read_into(con, source, file_name="export.csv")
        assert (result.encoding, result.delimiter) == ("cp1252", ";")
        assert result.headers == ("Région", "Coût (€)", "Appels")
        assert column(con, "Région") == ["Île-de-France", "Côte d'Azur"]
        cost = cells.number(quote_ident("Coût (€)"), ",", params=params)
        sql = f"SELECT {cost.value} FROM staging_raw ORDER BY _row"  # noqa: S608
        assert params.execute(con, sql).fetchall() == [(1234.5,), (99.9,)]


def test_windows_1252_detected_late_in_a_large_file(con, tmp_path):
    """The first part is plain ASCII; an accented name far below says it is not UTF-8."""
    lines = ["Site,Offered"] + [f"Manila,{i}" for i in range(30000)] + ["Brasília,7"]
    path = tmp_path / "late.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    result = readers.read_into(con, path, file_name="late.csv")
    assert result.encoding == "cp1252" and result.rows == 30001
    assert con.execute(
        'SELECT "Site", _row FROM staging_raw ORDER BY _row DESC LIMIT 1'
    ).fetchall() == [("Brasília", 30002)]


def test_latin_1_when_a_byte_is_undefined_in_windows_1252(con):
    result = readers.read_into(con, b"Site,Offered\nA\x81B,5\n", file_name="odd.csv")
    assert result.encoding == "latin-1" and column(con, "Site") == ["A\x81B"]


def test_utf8_with_a_byte_order_mark(con, tmp_path):
    data = codecs.BOM_UTF8 + b"Date,Calls Offered\n2026-10-01,120\n"
    path = tmp_path / "bom.csv"
    path.write_bytes(data)
    for source in (data, path):
        result = readers.read_into(con, source, file_name="bom.csv")
        assert result.encoding == "utf-8-sig"
        assert result.headers == ("Date", "Calls Offered")  # no stray BOM on the first name
        assert rows(con) == [("2026-10-01", "120", 2)]


def test_utf16_with_a_byte_order_mark(con):
    data = "Date\tCalls\n2026-10-01\t120\n".encode("utf-16")
    result = readers.read_into(con, data, file_name="unicode.txt")
    assert (result.encoding, result.delimiter) == ("utf-16", "\t")
    assert rows(con) == [("2026-10-01", "120", 2)]


def test_tab_delimited(con):
    path = FIXTURES / "contacts_tab.tsv"
    result = readers.read_into(con, path, file_name=path.name)
    assert result.delimiter == "\t" and result.rows == 3
    assert result.headers == ("Queue", "Date", "Answered (Y/N)", "Wait (s)", "Talk", "Rating")
    assert rows(con)[1] == ("Billing", "01/10/2026", "N", None, None, None, 3)
    assert cells.detect_date_format(con, "staging_raw", "Date").fmt == "%d/%m/%Y"


def test_pipe_delimited_text_file(con):
    path = FIXTURES / "intervals_pipe.txt"
    result = readers.read_into(con, path, file_name=path.name)
    assert (result.kind, result.delimiter, result.rows) == ("csv", "|", 3)
    found = cells.detect_date_format(con, "staging_raw", "interval_start")
    assert found.grain_hint == "interval"


def test_csv_named_xlsx_and_workbook_named_csv_are_read_by_content(con):
    data = (FIXTURES / "intervals_pipe.txt").read_bytes()
    assert readers.read_into(con, data, file_name="intervals.xlsx").kind == "csv"
    book = PWC.read_bytes()
    assert readers.read_into(con, book, file_name="calls.csv").kind == "xlsx"


def test_the_file_name_is_never_used_as_a_path(con):
    result = readers.read_into(con, b"Site,Calls\nManila,5\n", file_name="../../etc/passwd")
    assert result.rows == 1 and rows(con) == [("Manila", "5", 2)]


def test_quoted_values_keep_their_delimiters(con):
    data = b'Program,Site,Calls\n"Billing, EMEA","Manila ""North""",5\n'
    readers.read_into(con, data, file_name="quoted.csv")
    assert rows(con) == [("Billing, EMEA", 'Manila "North"', "5", 2)]


def test_crlf_line_ends_and_empty_lines_keep_row_numbers(con, params):
    data = b"Date,Calls\r\n2026-10-01,5\r\n\r\n2026-10-02,oops\r\n\r\n\r\n2026-10-03,7\r\n"
    result = readers.read_into(con, data, file_name="crlf.csv")
    assert [r[-1] for r in rows(con)] == [2, 4, 7]
    assert result.dropped == ((3, "blank row"), (5, "blank row"), (6, "blank row"))
    calls = cells.number(quote_ident("Calls"), params=params)
    assert bad_rows(con, calls, params) == [(4, "not a number")]


def test_empty_lines_far_down_a_large_file_keep_row_numbers(con, tmp_path, params):
    lines = ["Date,Calls"] + [f"2026-10-01,{i}" for i in range(5000)]
    lines[3000] = ""  # line 3001 is empty
    lines.insert(4000, "")  # so is line 4001
    lines[4500] = "2026-10-01,bad"  # line 4501
    path = tmp_path / "gaps.csv"
    path.write_text("\n".join(lines) + "\n")
    result = readers.read_into(con, path, file_name="gaps.csv")
    assert result.dropped == ((3001, "blank row"), (4001, "blank row"))
    calls = cells.number(quote_ident("Calls"), params=params)
    assert bad_rows(con, calls, params) == [(4501, "not a number")]
    got = dict(con.execute('SELECT _row, "Calls" FROM staging_raw').fetchall())
    assert got[3000] == "2998" and got[3002] == "3000" and got[5001] == "4998"


def test_whitespace_rows_and_delimiter_only_rows_are_blank(con):
    data = b"Site,Calls\nManila,5\n   \n,,\n \t , \nCebu,7\n"
    result = readers.read_into(con, data, file_name="spaces.csv")
    assert [r[-1] for r in rows(con)] == [2, 6]
    assert result.dropped == ((3, "blank row"), (4, "blank row"), (5, "blank row"))


@pytest.mark.parametrize(
    "label",
    [
        "Total",
        "TOTAL:",
        "Totals",
        "Grand Total",
        "grand total",
        "Subtotal",
        "Sub-total",
        "Sum",
        " Total ",
    ],
)
def test_totals_rows_in_many_spellings(con, label):
    data = f"Site,Calls\nManila,5\n{label},5\n".encode()
    result = readers.read_into(con, data, file_name="t.csv")
    assert result.rows == 1 and result.dropped == ((3, "totals row"),)


def test_a_totals_label_in_a_later_column_and_look_alikes(con):
    data = b"Date,Program,Calls\n2026-10-01,Total care,5\n,Total,5\n2026-10-02,Summit,4\n"
    result = readers.read_into(con, data, file_name="t.csv")
    assert result.dropped == ((3, "totals row"),)
    assert column(con, "Program") == ["Total care", "Summit"]


def test_blank_and_repeated_headers_get_unique_names(con):
    data = b"Calls, calls ,,Site,_row,Unnamed 3,,\n5,6,7,Manila,x,y,,\n"
    result = readers.read_into(con, data, file_name="dups.csv")
    # A blank header takes "Unnamed N" first; a real header of that name then becomes "(2)".
    assert result.headers == (
        "Calls",
        "calls (2)",
        "Unnamed 3",
        "Site",
        "_row (2)",
        "Unnamed 3 (2)",
    )
    assert result.dropped_columns == ("Unnamed 7", "Unnamed 8")  # no name and no value
    assert rows(con) == [("5", "6", "7", "Manila", "x", "y", 2)]


def test_header_names_are_trimmed_and_squeezed(con):
    assert readers.read_into(
        con, b"  Calls   Offered ,Site\n5,Manila\n", file_name="h.csv"
    ).headers == (
        "Calls Offered",
        "Site",
    )


def test_a_line_with_too_many_fields_is_reported_by_number_without_its_content(con, tmp_path):
    lines = ["Program,Calls"] + [f"Billing,{i}" for i in range(3000)]
    lines.append("Billing,Priya Sharma,9")  # line 3002: an unquoted name shifts the columns
    path = tmp_path / "shifted.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InvalidInput) as raised:
        readers.read_into(con, path, file_name="shifted.csv")
    message = str(raised.value)
    assert "Line 3002 of shifted.csv has 3 fields but the table has 2 columns" in message
    assert "Priya" not in message and "Sharma" not in message


def test_an_unclosed_quote_is_reported_plainly(con, tmp_path):
    lines = ["Program,Calls"] + [f"Billing,{i}" for i in range(3000)] + ['"Billing,5', "Tech,6"]
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InvalidInput, match="quote.csv could not be read as CSV at line 3002"):
        readers.read_into(con, path, file_name="quote.csv")


def test_reading_again_replaces_the_table_and_other_names_work(con):
    readers.read_into(con, b"A,B\n1,2\n", file_name="one.csv", table="stage one")
    readers.read_into(con, b"C,D\n3,4\n5,6\n", file_name="two.csv", table="stage one")
    assert rows(con, "stage one") == [("3", "4", 2), ("5", "6", 3)]
    tables = {r[0] for r in con.execute(store_tables.TEMPORARY_TABLES).fetchall()}
    assert tables == {"stage one"}  # no helper tables left behind


# --- workbooks -----------------------------------------------------------------------------------


def build_daily_workbook(book):
    notes = book.active
    notes.title = "Read me"
    notes["A1"] = "This workbook holds the daily service report for Northwind Contact."
    notes["A2"] = "Figures are final after the 5th business day."
    hidden = book.create_sheet("Lookup")
    hidden.sheet_state = "hidden"
    hidden.append(["Code", "Program"])
    hidden.append(["B1", "Billing care"])
    daily = book.create_sheet("Daily")
    table = {
        1: [None, "Northwind Contact"],
        2: [None, "Daily service report"],
        3: [None, "Period: October 2026"],
        # row 4 empty; the table starts in column B
        5: [None, "Date", "Program", "Calls Offered", "SL %", "AHT", "Interval", "Audited"],
        6: [
            None,
            dt.date(2026, 10, 1),
            "Billing care",
            1200,
            0.953,
            dt.time(0, 5, 12),
            dt.datetime(2026, 10, 1, 8, 30),
            True,
        ],
        7: [
            None,
            dt.date(2026, 10, 1),
            "Tech support",
            450.5,
            0.8,
            dt.time(0, 7, 3),
            dt.datetime(2026, 10, 1, 0, 0),
            False,
        ],
        # row 8 blank
        9: [
            None,
            dt.date(2026, 10, 2),
            "Billing care",
            "n/a",
            0.91,
            dt.timedelta(hours=25, seconds=3),
            dt.datetime(2026, 10, 2, 9, 0),
            None,
        ],
        10: [None, "Total", None, 1650.5, None, None, None, None],
    }
    for r, row_cells in table.items():
        for c, value in enumerate(row_cells, start=1):
            if value is not None:
                daily.cell(row=r, column=c, value=value)
    daily["K12"] = ""  # a stray empty cell widens the used range


def test_workbook_with_title_block_totals_and_extra_sheets(con, params):
    data = workbook_bytes(build_daily_workbook)
    result = readers.read_into(con, data, file_name="northwind.xlsx")
    assert result.sheets == ("Read me", "Lookup", "Daily")
    assert result.sheet == "Daily"  # prose and hidden sheets are passed over
    assert result.header_row == 5
    assert result.headers == (
        "Date",
        "Program",
        "Calls Offered",
        "SL %",
        "AHT",
        "Interval",
        "Audited",
    )
    assert result.dropped == ((8, "blank row"), (10, "totals row"))
    assert rows(con) == [
        (
            "2026-10-01",
            "Billing care",
            "1200",
            "0.953",
            "00:05:12",
            "2026-10-01 08:30:00",
            "TRUE",
            6,
        ),
        (
            "2026-10-01",
            "Tech support",
            "450.5",
            "0.8",
            "00:07:03",
            "2026-10-01 00:00:00",
            "FALSE",
            7,
        ),
        ("2026-10-02", "Billing care", "n/a", "0.91", "25:00:03", "2026-10-02 09:00:00", None, 9),
    ]
    # Types describe every cell below the header, the totals row's "Total" included.
    assert result.cell_types == {
        "Date": "mixed",
        "Program": "text",
        "Calls Offered": "mixed",
        "SL %": "number",
        "AHT": "mixed",  # time cells and a duration cell of more than a day
        "Interval": "datetime",
        "Audited": "bool",
    }
    aht = cells.duration(quote_ident("AHT"), "seconds", params=params)
    sql = f"SELECT {aht.value} FROM staging_raw ORDER BY _row"  # noqa: S608
    got = params.execute(con, sql).fetchall()
    assert got == [(312.0,), (423.0,), (90003.0,)]
    assert cells.detect_percent_mode(con, "staging_raw", "SL %") == "fraction"


def test_workbook_sheet_chosen_by_name_and_header_row_given(con):
    data = workbook_bytes(build_daily_workbook)
    result = readers.read_into(con, data, file_name="northwind.xlsx", sheet="Lookup")
    assert result.headers == ("Code", "Program") and rows(con) == [("B1", "Billing care", 2)]
    result = readers.read_into(con, data, file_name="northwind.xlsx", sheet="Daily", header_row=5)
    assert result.rows == 3
    with pytest.raises(
        InvalidInput, match="Row 4 of Sheet 'Daily' of northwind.xlsx is not a header"
    ):
        readers.read_into(con, data, file_name="northwind.xlsx", sheet="Daily", header_row=4)


def test_workbook_cells_as_text(con):
    def build(book):
        sheet = book.active
        sheet.append(["Number", "Float", "Big", "Tiny", "When", "Day", "Clock", "Flag", "Text"])
        sheet.append(
            [
                120,
                1234.5678,
                1e20,
                1e-05,
                dt.datetime(2026, 10, 1, 8, 29, 59, 700000),
                dt.date(2026, 10, 1),
                dt.time(8, 30),
                True,
                " padded ",
            ]
        )
        sheet.append(
            [
                -3,
                2.5,
                123456789012,
                0.5,
                dt.datetime(2026, 10, 1, 23, 0),
                dt.date(2026, 2, 28),
                dt.time(23, 59, 59),
                False,
                "x",
            ]
        )

    readers.read_into(con, workbook_bytes(build), file_name="cells.xlsx")
    assert rows(con) == [
        (
            "120",
            "1234.5678",
            "1e+20",
            "1e-05",
            "2026-10-01 08:30:00",
            "2026-10-01",
            "08:30:00",
            "TRUE",
            " padded ",
            2,
        ),
        (
            "-3",
            "2.5",
            "123456789012",
            "0.5",
            "2026-10-01 23:00:00",
            "2026-02-28",
            "23:59:59",
            "FALSE",
            "x",
            3,
        ),
    ]


def test_a_workbook_with_no_table_anywhere(con):
    def build(book):
        book.active["A1"] = "Nothing to see here."
        book.create_sheet("Empty")

    with pytest.raises(
        InvalidInput, match="No sheet of empty.xlsx holds a table.*'Sheet', 'Empty'"
    ):
        readers.read_into(con, workbook_bytes(build), file_name="empty.xlsx")


def test_a_workbook_with_a_header_but_no_rows(con):
    def build(book):
        book.active.append(["Date", "Calls"])
        book.active.append([None, None])
        book.active.append(["Total", 0])

    with pytest.raises(
        InvalidInput, match="Sheet 'Sheet' of hollow.xlsx has a header row \\(row 1\\) but no data"
    ):
        readers.read_into(con, workbook_bytes(build), file_name="hollow.xlsx")


def test_a_damaged_workbook(con):
    source = zipfile.ZipFile(PWC)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            body = source.read(item)
            archive.writestr(
                item,
                b"<worksheet><sheetData><row" if "worksheets/sheet1" in item.filename else body,
            )
    with pytest.raises(
        InvalidInput, match="broken.xlsx looks like an Excel workbook but could not be read"
    ):
        readers.read_into(con, out.getvalue(), file_name="broken.xlsx")
    with pytest.raises(InvalidInput, match="cut.xlsx is a damaged or incomplete zip archive"):
        readers.read_into(con, PWC.read_bytes()[:5000], file_name="cut.xlsx")


# --- files that are not tables -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty.csv is empty. Upload a CSV or .xlsx file"),
        (b" \r\n\n", "empty.csv is empty"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
            "empty.csv is a PNG image, not a CSV or .xlsx file",
        ),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF document, not a CSV or .xlsx file"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "is a JPEG image"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "old-style Excel .xls workbook.*save it as .xlsx",
        ),
        (b"<!DOCTYPE html><html><table><tr><td>1</td></tr></table>", "is a web page \\(HTML\\)"),
        (bytes(range(256)) * 4, "is a binary file"),
        (b"Date,Calls\n", "no data rows"),
        (b"Date,Calls\n\n,\nTotal,5\n", "has a header row \\(row 1\\) but no data rows"),
        (b"1,2,3\n4,5,6\n", "no header row that this import can find"),
        (b"just one line of prose\nand another\n", "no header row"),
    ],
)
def test_files_that_are_not_tables_get_a_plain_message(con, data, expected):
    with pytest.raises(InvalidInput, match=expected):
        readers.read_into(con, data, file_name="empty.csv")


def test_zip_archives_that_are_not_workbooks(con):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(
        InvalidInput, match="an OpenDocument spreadsheet \\(.ods\\), not a CSV or .xlsx file"
    ):
        readers.read_into(con, out.getvalue(), file_name="sheet.ods")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    with pytest.raises(InvalidInput, match="data.zip is a zip archive, not a CSV or .xlsx file"):
        readers.read_into(con, out.getvalue(), file_name="data.zip")


def test_a_missing_path(con, tmp_path):
    with pytest.raises(InvalidInput, match="gone.csv could not be opened"):
        readers.read_into(con, tmp_path / "gone.csv", file_name="gone.csv")
