"""Vendor invoice exports (``governance.ingest.invoice_file``): real layouts read into lines with
exact amounts, header suggestions on real invoice headers, numbers, months, channels and units
written every way, the rows an invoice adds around its lines, and the refusals a user reads:
per-person billing, cells that are no numbers (file, row, column, the one cell), missing columns.

The corpus is ``tests/data/invoices/`` (its README says what each file imitates); every expected
value below is written out by hand from the file, not computed by the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from governance.errors import InvalidInput
from governance.ingest import invoice_file
from governance.ingest.invoice_file import InvoiceFile, InvoiceRow

INVOICES = Path(__file__).resolve().parents[2] / "data" / "invoices"
D = Decimal


def line(
    number: int,
    period: str | None,
    program: str | None,
    site: str | None,
    channel: str | None,
    unit: str,
    units: str,
    rate: str | None,
    amount: str,
    description: str | None = None,
    invoice_no: str | None = None,
) -> InvoiceRow:
    return InvoiceRow(
        row=number,
        invoice_no=invoice_no,
        period=period,
        program=program,
        site=site,
        channel=channel,
        unit=unit,
        units=D(units),
        rate=None if rate is None else D(rate),
        amount=D(amount),
        description=description,
    )


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def read_rows(rows: list[list[str]], **kwargs) -> InvoiceFile:
    return invoice_file.read(csv_bytes(rows), file_name="invoice.csv", **kwargs)


def refusal(source, file_name: str = "invoice.csv", **kwargs) -> str:
    with pytest.raises(InvalidInput) as caught:
        invoice_file.read(source, file_name=file_name, **kwargs)
    return str(caught.value)


def xlsx_bytes(*sheets: tuple[str, list[list[object]], bool]) -> bytes:
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


# --- the corpus, file by file -------------------------------------------------------------------

EXPECTED = {
    "us_handled_minutes.csv": InvoiceFile(
        file_name="us_handled_minutes.csv",
        rows=[
            line(
                9,
                "2026-10",
                "Customer Care",
                "Tampa",
                "voice",
                "handled_minute",
                "182450",
                "0.8500",
                "155082.50",
                "Inbound customer care – handled minutes",
            ),
            line(
                10,
                "2026-10",
                "Customer Care",
                "Tampa",
                "chat",
                "handled_minute",
                "41200",
                "0.7800",
                "32136.00",
                "Chat support – handled minutes",
            ),
            line(
                11,
                "2026-10",
                "Billing Support",
                "Manila",
                "voice",
                "handled_minute",
                "96310",
                "0.4200",
                "40450.20",
                "Billing inquiries – talk minutes",
            ),
            line(
                12,
                "2026-10",
                "Billing Support",
                "Manila",
                "email",
                "handled_minute",
                "12075",
                "0.3900",
                "4709.25",
                "Billing e-mail queue – AHT minutes",
            ),
        ],
        mapping={
            "period": "Service Month",
            "program": "Program",
            "site": "Site",
            "channel": "Channel",
            "unit": "Unit of Measure",
            "units": "Billable Units",
            "rate": "Unit Price",
            "amount": "Line Total",
            "description": "Description",
        },
        ignored=[],
        skipped=[
            (13, "blank line"),
            (14, 'subtotal row ("Subtotal")'),
            (15, 'tax row ("Sales tax (8.25%)")'),
            (16, 'amount due row ("TOTAL DUE")'),
        ],
    ),
    "xlsx_uom_line_total.xlsx": InvoiceFile(
        file_name="xlsx_uom_line_total.xlsx",
        rows=[
            line(
                7,
                "2026-10",
                "Retail Care",
                "Pune",
                "voice",
                "productive_hour",
                "6240",
                "14.25",
                "88920",
                "Inbound voice – productive hours",
                "NCS-0318",
            ),
            line(
                8,
                "2026-10",
                "Retail Care",
                "Pune",
                "chat",
                "productive_hour",
                "1875.5",
                "13.5",
                "25319.25",
                "Chat – productive hours",
                "NCS-0318",
            ),
            line(
                9,
                "2026-10",
                "Collections",
                "Chennai",
                "voice",
                "contact",
                "18450",
                "1.15",
                "21217.5",
                "Collections – contacts handled",
                "NCS-0318",
            ),
            line(
                10,
                "2026-10",
                "Collections",
                "Chennai",
                "social",
                "contact",
                "3120",
                "2.4",
                "7488",
                "Social care – interactions",
                "NCS-0318",
            ),
            line(
                11,
                "2026-10",
                "Collections",
                "Chennai",
                "back_office",
                "contact",
                "2210",
                "3.05",
                "6740.5",
                "Dispute processing – transactions",
                "NCS-0318",
            ),
        ],
        mapping={
            "invoice_no": "Invoice No",
            "period": "Billing Period",
            "program": "LOB",
            "site": "Location",
            "channel": "Media type",
            "unit": "UOM",
            "units": "Qty",
            "rate": "Rate (USD)",
            "amount": "Line Total",
            "description": "Service description",
        },
        ignored=["Tax rate", "Tax amount"],
        skipped=[
            (12, "blank line"),
            (13, 'subtotal row ("Sub-total")'),
            (14, 'tax row ("IGST 18%")'),
            (15, 'total row ("Invoice total")'),
        ],
    ),
    "fr_semicolon_cp1252.csv": InvoiceFile(
        file_name="fr_semicolon_cp1252.csv",
        rows=[
            line(
                7,
                "2026-10",
                "Service client",
                "Nantes",
                "voice",
                "handled_minute",
                "48250",
                "0.62",
                "29915.00",
                "Appels entrants – minutes traitées",
            ),
            line(
                8,
                "2026-10",
                "Service client",
                "Nantes",
                "email",
                "contact",
                "3410",
                "2.15",
                "7331.50",
                "Courriels traités",
            ),
            line(
                9,
                "2026-10",
                "Recouvrement",
                "Casablanca",
                "voice",
                "productive_hour",
                "1240.5",
                "28.40",
                "35230.20",
                "Recouvrement amiable",
            ),
            line(
                10,
                "2026-10",
                "Recouvrement",
                "Casablanca",
                "back_office",
                "training_hour",
                "320",
                "22.00",
                "7040.00",
                "Formation nouvelle vague",
            ),
        ],
        mapping={
            "period": "Période",
            "program": "Programme",
            "site": "Site",
            "channel": "Canal",
            "unit": "Unité",
            "units": "Quantité",
            "rate": "Prix unitaire",
            "amount": "Montant HT",
            "description": "Désignation",
        },
        ignored=["TVA", "Montant TTC"],
        skipped=[
            (11, "blank line"),
            (12, 'total row ("Total HT")'),
            (13, 'tax row ("TVA 20 %")'),
            (14, 'total row ("Total TTC")'),
            (15, 'amount due row ("Net à payer")'),
        ],
    ),
    "per_fte_seats.csv": InvoiceFile(
        file_name="per_fte_seats.csv",
        rows=[
            line(
                2,
                "2026-10",
                "Tech Support",
                "Cebu",
                "voice",
                "fte",
                "42",
                "3850.00",
                "161700.00",
                invoice_no="CC-88231",
            ),
            line(
                3,
                "2026-10",
                "Tech Support",
                "Cebu",
                "chat",
                "fte",
                "18.5",
                "3600.00",
                "66600.00",
                invoice_no="CC-88231",
            ),
            line(
                4,
                "2026-10",
                "Tech Support",
                "Cebu",
                None,
                "fte",
                "60",
                "450.00",
                "27000.00",
                invoice_no="CC-88231",
            ),
            line(
                5,
                "2026-10",
                "Tech Support",
                "Cebu",
                None,
                "fte",
                "4",
                "4900.00",
                "19600.00",
                invoice_no="CC-88231",
            ),
            line(
                6,
                "2026-10",
                "Tech Support",
                "Cebu",
                None,
                "other",
                "1",
                "2500.00",
                "2500.00",
                "Monthly platform fee",
                invoice_no="CC-88231",
            ),
        ],
        mapping={
            "invoice_no": "Invoice Number",
            "period": "Billing Period",
            "program": "Program",
            "site": "Site",
            "channel": "Channel",
            "unit": "Unit",
            "units": "Qty",
            "rate": "Price per unit",
            "amount": "Amount",
        },
        ignored=["PO Number", "Vendor"],
        skipped=[(7, "blank line"), (8, 'total row ("Total")')],
    ),
    "training_ramp_utf16.txt": InvoiceFile(
        file_name="training_ramp_utf16.txt",
        rows=[
            line(
                4,
                "2026-10",
                "Onboarding",
                "Bogotá",
                "chat",
                "productive_hour",
                "5120.00",
                "18.75",
                "96000.00",
                "Production – productive hours",
            ),
            line(
                5,
                "2026-10",
                "Onboarding",
                "Bogotá",
                "chat",
                "training_hour",
                "1440.00",
                "15.00",
                "21600.00",
                "New-hire training, wave 14",
            ),
            line(
                6,
                "2026-10",
                "Onboarding",
                "Bogotá",
                "chat",
                "training_hour",
                "960.00",
                "16.50",
                "15840.00",
                "Nesting (supervised floor time)",
            ),
            line(
                7,
                "2026-10",
                "Onboarding",
                "Bogotá",
                "voice",
                "training_hour",
                "640.00",
                "17.25",
                "11040.00",
                "Ramp-up at 70% productivity",
            ),
            line(
                8,
                "2026-10",
                "Onboarding",
                "Bogotá",
                "voice",
                "productive_hour",
                "2300.50",
                "18.75",
                "43134.38",
                "Production – productive hours",
            ),
        ],
        mapping={
            "period": "Month",
            "program": "Line of business",
            "site": "Delivery centre",
            "channel": "Channel",
            "unit": "UOM",
            "units": "Billable Units",
            "rate": "Rate",
            "amount": "Extended Amount",
            "description": "Service description",
        },
        ignored=[],
        skipped=[(9, 'total row ("Total")')],
    ),
    "credit_line.csv": InvoiceFile(
        file_name="credit_line.csv",
        rows=[
            line(
                2,
                "2026-10",
                "Care",
                "Kingston",
                "voice",
                "handled_minute",
                "64800",
                "0.92",
                "59616.00",
                "Handled minutes",
                "INV-20417",
            ),
            line(
                3,
                "2026-10",
                "Care",
                "Kingston",
                "chat",
                "contact",
                "9350",
                "3.10",
                "28985.00",
                "Chats handled",
                "INV-20417",
            ),
            line(
                4,
                "2026-10",
                "Care",
                "Kingston",
                None,
                "other",
                "1",
                "-1200.00",
                "-1200.00",
                "SLA service credit – September",
                "INV-20417",
            ),
            line(
                5,
                "2026-10",
                "Care",
                "Kingston",
                "voice",
                "handled_minute",
                "-850",
                "0.92",
                "-782.00",
                "Minutes re-billed in error (September)",
                "INV-20417",
            ),
        ],
        mapping={
            "invoice_no": "Invoice #",
            "period": "Service date",
            "program": "Program",
            "site": "Site",
            "channel": "Channel",
            "unit": "Unit type",
            "units": "Units",
            "rate": "Unit rate",
            "amount": "Net amount",
            "description": "Item",
        },
        ignored=["Tax", "Gross amount"],
        skipped=[
            (6, 'subtotal row ("Subtotal")'),
            (7, 'tax row ("Tax")'),
            (8, 'payment row ("Less: payments received")'),
            (9, 'amount due row ("Balance due")'),
        ],
    ),
    "derived_amounts.csv": InvoiceFile(
        file_name="derived_amounts.csv",
        rows=[
            line(
                2,
                "2026-10",
                "Sales",
                "Monterrey",
                "voice",
                "handled_minute",
                "1234.5",
                "0.8525",
                "1052.41",  # 1052.41125
                "Outbound sales – handled minutes",
            ),
            line(
                3,
                "2026-10",
                "Sales",
                "Monterrey",
                "chat",
                "contact",
                "333",
                "0.125",
                "41.63",  # 41.625, half up (half even would give 41.62)
                "Chat sales – contacts",
            ),
            line(
                4,
                "2026-10",
                "Sales",
                "Monterrey",
                "messaging",
                "contact",
                "2043",
                "0.615",
                "1256.45",  # 1256.445
                "WhatsApp conversations",
            ),
            line(
                5,
                "2026-10",
                "Sales",
                "Monterrey",
                "voice",
                "other",
                "1",
                "950.00",
                "950.00",
                "Quality monitoring fee",
            ),
            line(
                6,
                "2026-10",
                "Sales",
                "Monterrey",
                "email",
                "contact",
                "410",
                "1.05",
                "430.50",
                "Email sales follow-up",
            ),
        ],
        mapping={
            "period": "Period",
            "program": "Program",
            "site": "Site",
            "channel": "Channel",
            "unit": "Unit",
            "units": "Quantity",
            "rate": "Rate",
            "amount": "Amount",
            "description": "Description",
        },
        ignored=[],
        skipped=[(7, 'total row ("Total")')],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_invoice_reads_as_written(name):
    assert invoice_file.read(INVOICES / name, file_name=name) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_upload_reads_as_the_file_on_disk(name):
    data = (INVOICES / name).read_bytes()
    assert invoice_file.read(data, file_name=f"uploads/{name}") == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_units_rates_and_amounts_are_exact_decimals(name):
    for r in invoice_file.read(INVOICES / name, file_name=name).rows:
        assert type(r.units) is Decimal and type(r.amount) is Decimal
        assert r.rate is None or type(r.rate) is Decimal
        assert r.unit in invoice_file.UNITS


def test_a_numeric_xlsx_cell_is_its_decimal_text_not_float_arithmetic():
    rows = [["Description", "Qty", "Rate", "Amount"], ["Fee", 3, 0.1, 1234.56]]
    rows += [["Credit", 1, None, -1052.41], ["Seats", 60, 450, 27000]]
    got = invoice_file.read(xlsx_bytes(("Invoice", rows, False)), file_name="i.xlsx")
    assert [(str(r.units), str(r.rate), str(r.amount)) for r in got.rows] == [
        ("3", "0.1", "1234.56"),
        ("1", "None", "-1052.41"),
        ("60", "450", "27000"),
    ]
    assert got.rows[0].amount != D(1234.56)  # the binary float's value: 1234.5599999999999…


def test_a_workbook_reads_text_numbers_by_the_same_rules_as_csv():
    rows = [["Description", "Qty", "Amount"], ["Voice", "1.240,5", "35.230,20 €"], ["Chat", 2, 10]]
    got = invoice_file.read(xlsx_bytes(("Invoice", rows, False)), file_name="i.xlsx")
    assert [(r.units, r.amount) for r in got.rows] == [(D("1240.5"), D("35230.20")), (2, 10)]


def test_a_percentage_formatted_cell_is_not_money():
    book = Workbook()
    sheet = book.active
    sheet.append(["Description", "Qty", "Unit price"])
    sheet.append(["Gain share", 410, 0.125])
    sheet["C2"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    assert refusal(out.getvalue(), "g.xlsx").endswith(
        '\n  row 2, column "Unit price": "12.5%" is a percentage, not an amount'
    )


# --- the refusals a user reads ------------------------------------------------------------------

THE_WAY_OUT = (
    "Invoices are read at program, site and channel level, never per person (directing or "
    "evaluating individual vendor staff creates co-employment risk). Ask the vendor to send the "
    "lines summed per program, site and channel, not per person."
)


def test_an_invoice_billing_per_agent_is_refused_as_a_whole():
    message = refusal(INVOICES / "per_agent.csv", "per_agent.csv")
    assert message == (
        'per_agent.csv bills per person: column "Agent Name" identifies individual vendor '
        'staff; column "Employee ID" identifies individual vendor staff. ' + THE_WAY_OUT
    )
    for value in ("Maria", "Lopez", "Smith", "Priya", "104233", "162.5"):
        assert value not in message


def test_an_invoice_naming_people_in_its_description_is_refused_as_a_whole():
    message = refusal(INVOICES / "names_in_description.csv", "names_in_description.csv")
    assert message == (
        'names_in_description.csv bills per person: column "Description" names individual '
        "people on rows 2, 3, 4. " + THE_WAY_OUT
    )
    for value in ("Maria", "Lopez", "Smith", "John", "Priya", "Nair"):
        assert value not in message


def test_text_in_amount_cells_is_refused_naming_each_row_column_and_cell():
    assert refusal(INVOICES / "text_in_amount.csv", "text_in_amount.csv") == (
        "text_in_amount.csv: 3 values cannot be read (amounts and quantities are numbers such "
        'as "1,234.50", "$1,234.50", "1.234,50 €", "(120.00)" or "-120.00"):\n'
        '  row 3, column "Line Total": "TBC" is not a number\n'
        '  row 4, column "Unit Price": "12.5%" is a percentage, not an amount\n'
        '  row 5, column "Line Total": "see annex" is not a number'
    )


def test_an_invoice_without_a_units_column_is_refused_with_its_headers_and_the_way_out():
    assert refusal(INVOICES / "no_units_column.csv", "no_units_column.csv") == (
        'no_units_column.csv has no units column (a header such as "Quantity", "Qty" or '
        '"Billable units"). Its columns: "Invoice Number", "Billing Month", "Program", "Site", '
        '"Service description", "Net Amount", "VAT", "Total". Name them with columns, for '
        'example columns={"units": "<header>", "amount": "<header>"}.'
    )


def test_an_invoice_without_amount_or_rate_is_refused_too():
    message = refusal(csv_bytes([["Program", "Description"], ["Care", "Voice"]]), "x.csv")
    assert message == (
        'x.csv has no units column (a header such as "Quantity", "Qty" or "Billable units") and '
        'no amount column (a header such as "Amount", "Line total" or "Net amount") nor rate '
        'column ("Unit price", "Rate") to work the amount out from the units. Its columns: '
        '"Program", "Description". Name them with columns, for example columns={"units": '
        '"<header>", "amount": "<header>"}.'
    )


def test_a_column_that_never_shows_its_decimal_separator_is_refused():
    assert refusal(INVOICES / "ambiguous_separator.csv", "ambiguous_separator.csv") == (
        'ambiguous_separator.csv: column "Quantity" cannot be read: "1,200" could use "," as a '
        "thousands separator or as a decimal comma, and no number in the file shows which. Ask "
        'the vendor to write the numbers with their decimals (e.g. "1,234.00" or "1.234,00"), or '
        "to send the invoice as .xlsx."
    )


def test_headers_lists_the_columns_below_the_title_block():
    path = INVOICES / "us_handled_minutes.csv"
    assert invoice_file.headers(path, file_name=path.name) == [
        "Service Month",
        "Program",
        "Site",
        "Channel",
        "Description",
        "Unit of Measure",
        "Billable Units",
        "Unit Price",
        "Line Total",
    ]
    path = INVOICES / "no_units_column.csv"
    assert invoice_file.headers(path.read_bytes(), file_name=path.name)[-3:] == [
        "Net Amount",
        "VAT",
        "Total",
    ]


# --- columns: naming what the suggestion missed -------------------------------------------------


def test_columns_name_the_columns_a_suggestion_cannot_find():
    rows = [["Wk", "Prog", "Vol", "Px", "Val"], ["2026-10", "Care", "1,000", "0.50", "500.00"]]
    assert "units" not in invoice_file.suggest(rows[0])
    got = read_rows(
        rows, columns={"program": "prog", "units": "VOL", "rate": " Px ", "amount": "Val"}
    )
    assert got.mapping == {"program": "Prog", "units": "Vol", "rate": "Px", "amount": "Val"}
    assert got.ignored == ["Wk"]
    assert got.rows == [line(2, None, "Care", None, None, "other", "1000", "0.50", "500.00")]


def test_a_field_named_none_is_not_read():
    rows = [["Channel", "Qty", "Amount"], ["Voice", "10", "5.00"]]
    got = read_rows(rows, columns={"channel": None})
    assert got.mapping == {"units": "Qty", "amount": "Amount"}
    assert got.ignored == ["Channel"]
    assert got.rows[0].channel is None


def test_columns_must_name_fields_headers_of_the_file_and_one_header_per_field():
    rows = [["Qty", "Amount"], ["10", "5.00"]]
    assert refusal(csv_bytes(rows), columns={"price": "Amount"}) == (
        "columns names 'price', which is not an invoice field; the fields are invoice_no, "
        "period, program, site, channel, unit, units, rate, amount, description."
    )
    assert refusal(csv_bytes(rows), columns={"units": "Hours"}) == (
        'invoice.csv has no column "Hours" (given for units). Its columns: "Qty", "Amount".'
    )
    assert refusal(csv_bytes(rows), columns={"units": "Qty", "amount": "qty"}) == (
        'columns gives "Qty" for both units and amount; one column serves one field.'
    )


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1,234.50", "1234.50"),
        ("$1,234.50", "1234.50"),
        ("USD 1,234.50", "1234.50"),
        ("US$ 1,234.50", "1234.50"),
        ("1,234.50 USD", "1234.50"),
        ("£1,234.50", "1234.50"),
        ("1.234,50 €", "1234.50"),
        ("€ 1.234,50", "1234.50"),
        ("1 234,50", "1234.50"),
        ("1\u00a0234,50", "1234.50"),
        ("1\u202f234,50 EUR", "1234.50"),
        ("1'234.50", "1234.50"),
        ("12 345 678,90", "12345678.90"),
        ("1,000,000", "1000000"),
        ("1.000.000", "1000000"),
        ("1,49,685.25", "149685.25"),
        ("(120.00)", "-120.00"),
        ("($1,200.00)", "-1200.00"),
        ("$(1,200.00)", "-1200.00"),
        ("-120.00", "-120.00"),
        ("−120.00", "-120.00"),
        ("-$120.00", "-120.00"),
        ("€ -120,00", "-120.00"),
        ("120.00-", "-120.00"),
        ("120.00 CR", "-120.00"),
        ("+120.00", "120.00"),
        ("0,125", "0.125"),
        ("12,5", "12.5"),
        (".5", "0.5"),
        ("0.1", "0.1"),
        ("1234", "1234"),
        ("-", "0"),
        ("$ -", "0"),
    ],
)
def test_an_amount_cell(cell, amount):
    got = read_rows([["Description", "Qty", "Amount"], ["Voice", "1", cell]])
    assert got.rows[0].amount == D(amount)
    assert str(got.rows[0].amount) == amount


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("12.5%", "is a percentage, not an amount"),
        ("TBC", "is not a number"),
        ("N/A", "is not a number"),
        ("see annex", "is not a number"),
        ("1.234.56", "is not a number"),
        ("1,23.45", "is not a number"),
        ("--5", "is not a number"),
        ("(-5)", "is not a number"),
        ("1e5", "is not a number"),
        ("NaN", "is not a number"),
        ("2026-10-31", "is not a number"),
    ],
)
def test_a_cell_that_is_not_an_amount(cell, reason):
    message = refusal(csv_bytes([["Description", "Qty", "Amount"], ["Voice", "1", cell]]))
    assert message.startswith("invoice.csv: 1 value cannot be read (amounts and quantities ")
    assert message.endswith(f'\n  row 2, column "Amount": "{cell}" {reason}')


@pytest.mark.parametrize(
    ("cell", "units"),
    [("12,345", "12345"), ("1,234.5", "1234.5"), ("-850", "-850"), ("0", "0"), ("7.25", "7.25")],
)
def test_a_units_cell(cell, units):
    got = read_rows([["Description", "Qty", "Amount"], ["Voice", cell, "1,000.00"]])
    assert got.rows[0].units == D(units)


@pytest.mark.parametrize(("cell", "reason"), [("$5", "is not a number"), ("5%", "is a percentage")])
def test_units_are_no_money(cell, reason):
    message = refusal(csv_bytes([["Description", "Qty", "Amount"], ["Voice", cell, "1.00"]]))
    assert message.endswith(f'\n  row 2, column "Qty": "{cell}" {reason}')


@pytest.mark.parametrize(
    ("cell", "rate"),
    [("0.85/min", "0.85"), ("$32.50 per hour", "32.50"), ("28,40 € / heure", "28.40")],
)
def test_a_rate_may_say_what_it_is_per(cell, rate):
    got = read_rows([["Description", "Qty", "Rate"], ["Voice", "2", cell]])
    assert got.rows[0].rate == D(rate)


def test_a_columns_decimal_separator_is_decided_from_all_its_cells():
    # "1.234" alone could be 1234 or 1.234; "2.500,75" below says the comma is the decimal.
    got = read_rows([["Description", "Qty", "Amount"], ["A", "1", "1.234"], ["B", "1", "2.500,75"]])
    assert [r.amount for r in got.rows] == [D("1234"), D("2500.75")]
    got = read_rows([["Description", "Qty", "Amount"], ["A", "1", "1.234"], ["B", "1", "7.5"]])
    assert [r.amount for r in got.rows] == [D("1.234"), D("7.5")]


def test_a_column_that_shows_nothing_takes_the_files_other_number_columns():
    rows = [["Description", "Qty", "Amount"], ["A", "12,345", "1,234.50"], ["B", "1,000", "2.00"]]
    assert [r.units for r in read_rows(rows).rows] == [D("12345"), D("1000")]
    rows = [["Description", "Qty", "Amount"], ["A", "1,234", "1.234,50"], ["B", "2,000", "2,00"]]
    assert [r.units for r in read_rows(rows).rows] == [D("1.234"), D("2.000")]


def test_a_cell_against_its_columns_decimal_separator_is_refused():
    rows = [["Description", "Qty", "Amount"]]
    rows += [["A", "1", "1,234.50"], ["B", "1", "2,000.00"], ["C", "1", "3.000,00"]]
    assert refusal(csv_bytes(rows)).endswith(
        '\n  row 4, column "Amount": "3.000,00" is written with a decimal comma where the '
        "column's numbers use a decimal point"
    )


def test_a_column_as_often_one_way_as_the_other_is_refused():
    rows = [["Description", "Qty", "Amount"], ["A", "1", "1,234.50"], ["B", "1", "2.000,00"]]
    assert refusal(csv_bytes(rows)) == (
        'invoice.csv: column "Amount" cannot be read: as many of its numbers use a decimal '
        "point as use a decimal comma, so which one is its decimal separator is not clear. Ask "
        'the vendor to write every number the same way (e.g. "1,234.50").'
    )


# --- amounts worked out, lines that lack what they need -------------------------------------------


@pytest.mark.parametrize(
    ("units", "rate", "amount"),
    [
        ("333", "0.125", "41.63"),
        ("2043", "0.615", "1256.45"),
        ("-333", "0.125", "-41.63"),
        ("1", "0.005", "0.01"),
        ("1234.5", "0.8525", "1052.41"),
        ("42", "3850", "161700.00"),
    ],
)
def test_a_blank_amount_is_units_times_rate_rounded_half_up_to_the_cent(units, rate, amount):
    got = read_rows([["Description", "Qty", "Rate", "Amount"], ["Voice", units, rate, ""]])
    assert got.rows[0].amount == D(amount)
    assert str(got.rows[0].amount) == amount


def test_without_an_amount_column_the_rate_gives_the_amount():
    got = read_rows([["Description", "Qty", "Unit price"], ["Voice", "1,000", "0.85"]])
    assert got.mapping == {"units": "Qty", "rate": "Unit price", "description": "Description"}
    assert got.rows[0].amount == D("850.00")


def test_a_line_needs_its_units_and_an_amount_or_a_rate():
    rows = [
        ["Description", "Qty", "Rate", "Amount"],
        ["Setup fee", "", "", "2,500.00"],
        ["Voice", "100", "", ""],
    ]
    assert refusal(csv_bytes(rows)).endswith(
        '\n  row 2, column "Qty" is blank: a line needs its units\n'
        '  row 3, column "Amount" is blank, and the line has no rate to work the amount out from'
    )
    rows = [["Description", "Qty", "Rate"], ["Voice", "100", ""]]
    assert refusal(csv_bytes(rows)).endswith(
        '\n  row 2, column "Rate" is blank: without an amount column a line needs its rate'
    )


def test_problems_are_listed_ten_at_most_each_cell_cut_short():
    long_text = "to be confirmed once the September dispute has been settled by both sides"
    rows = [["Period", "Description", "Qty", "Amount"]]
    rows += [["2026-10", "Voice", "10", "TBC"] for _ in range(11)]
    rows += [["Q4 2026", "Voice", "10", long_text]]
    message = refusal(csv_bytes(rows))
    assert message == (
        "invoice.csv: 13 values cannot be read (amounts and quantities are numbers such as "
        '"1,234.50", "$1,234.50", "1.234,50 €", "(120.00)" or "-120.00"; periods are months '
        'such as "2026-10", "Oct 2026", "10/2026" or a date in the month):\n'
        + "".join(f'  row {n}, column "Amount": "TBC" is not a number\n' for n in range(2, 12))
        + "  and 3 more."
    )
    assert "dispute" not in message


def test_the_last_problem_shows_the_cell_cut_short():
    long_text = "to be confirmed once the September dispute has been settled by both sides"
    rows = [["Description", "Qty", "Amount"], ["Voice", "10", long_text]]
    assert refusal(csv_bytes(rows)).endswith(
        '\n  row 2, column "Amount": "to be confirmed once the September disp…" is not a number'
    )


# --- periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "period"),
    [
        ("2026-10", "2026-10"),
        ("2026/10", "2026-10"),
        ("202610", "2026-10"),
        ("Oct 2026", "2026-10"),
        ("oct. 2026", "2026-10"),
        ("October 2026", "2026-10"),
        ("OCTOBER 2026", "2026-10"),
        ("Oct-26", "2026-10"),
        ("Oct '26", "2026-10"),
        ("10/2026", "2026-10"),
        ("1/2027", "2027-01"),
        ("10-2026", "2026-10"),
        ("2026-10-31", "2026-10"),
        ("2026-10-31 00:00:00", "2026-10"),
        ("31/10/2026", "2026-10"),
        ("31.10.2026", "2026-10"),
        ("10/31/2026", "2026-10"),
        ("01/10/2026", "2026-10"),  # the first of October, not the tenth of January
        ("10/01/2026", "2026-10"),  # the first of October, the US way
        ("1 Oct 2026", "2026-10"),
        ("Oct 1, 2026", "2026-10"),
        ("Oct 1 - Oct 31, 2026", "2026-10"),
        ("October 1-31, 2026", "2026-10"),
        ("10/01/2026 - 10/31/2026", "2026-10"),
        ("2026-10-01 to 2026-10-31", "2026-10"),
        ("octobre 2026", "2026-10"),
        ("Février 2027", "2027-02"),
        ("diciembre de 2026", "2026-12"),
        ("Okt. 2026", "2026-10"),
        ("März 2026", "2026-03"),
        ("", None),
    ],
)
def test_a_period_cell(cell, period):
    got = read_rows([["Period", "Qty", "Amount"], [cell, "1", "1.00"]])
    assert got.rows[0].period == period


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("Q4 2026", "is not a month"),
        ("FY26", "is not a month"),
        ("2026-13", "is not a month"),
        ("2026", "is not a month"),
        ("next month", "is not a month"),
        ("2026-10-01 to 2026-11-30", "spans more than one month"),
        ("Sep-Oct 2026", "spans more than one month"),
        ("12/11/2026", 'could be month 12 or month 11 of 2026: write it as "2026-12" or "2026-11"'),
    ],
)
def test_a_cell_that_is_not_a_period(cell, reason):
    message = refusal(csv_bytes([["Period", "Qty", "Amount"], [cell, "1", "1.00"]]))
    assert message.endswith(f'\n  row 2, column "Period": "{cell}" {reason}')
    assert "periods are months such as" in message


def test_a_period_columns_dates_show_its_day_and_month_order():
    rows = [["Period", "Qty", "Amount"], ["31/10/2026", "1", "1.00"], ["05/11/2026", "1", "1.00"]]
    assert [r.period for r in read_rows(rows).rows] == ["2026-10", "2026-11"]
    rows = [["Period", "Qty", "Amount"], ["10/31/2026", "1", "1.00"], ["05/11/2026", "1", "1.00"]]
    assert [r.period for r in read_rows(rows).rows] == ["2026-10", "2026-05"]


def test_a_date_cell_is_its_month():
    rows = [["Billing Period", "Qty", "Amount"], [dt.datetime(2026, 10, 31), 1, 1]]
    rows += [[dt.date(2026, 11, 1), 1, 1]]
    got = invoice_file.read(xlsx_bytes(("Invoice", rows, False)), file_name="d.xlsx")
    assert [r.period for r in got.rows] == ["2026-10", "2026-11"]


def test_without_a_period_column_the_period_is_none():
    got = read_rows([["Description", "Qty", "Amount"], ["October voice", "1", "1.00"]])
    assert got.rows[0].period is None


# --- channels and units -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "channel"),
    [
        ("Inbound voice", "voice"),
        ("Outbound voice", "voice"),
        ("Voice", "voice"),
        ("Phone", "voice"),
        ("Telephone", "voice"),
        ("Calls", "voice"),
        ("Voix", "voice"),
        ("Téléphone", "voice"),
        ("Llamadas", "voice"),
        ("Webchat", "chat"),
        ("WebChat", "chat"),
        ("Live chat", "chat"),
        ("Chat", "chat"),
        ("E-mail", "email"),
        ("Email", "email"),
        ("Courriel", "email"),
        ("Correo electrónico", "email"),
        ("Messaging", "messaging"),
        ("SMS", "messaging"),
        ("WhatsApp", "messaging"),
        ("In-app messaging", "messaging"),
        ("Social media", "social"),
        ("Facebook", "social"),
        ("Back office", "back_office"),
        ("Back-office", "back_office"),
        ("Backoffice", "back_office"),
        ("Case work", "back_office"),
        # not one channel: kept as given
        ("Voice & email", "Voice & email"),
        ("Video", "Video"),
        ("Blended", "Blended"),
        ("", None),
    ],
)
def test_a_channel_cell(cell, channel):
    got = read_rows([["Channel", "Qty", "Amount"], [cell, "1", "1.00"]])
    assert got.rows[0].channel == channel


@pytest.mark.parametrize(
    ("cell", "unit"),
    [
        ("Handled minutes", "handled_minute"),
        ("Talk minutes", "handled_minute"),
        ("AHT minutes", "handled_minute"),
        ("per minute", "handled_minute"),
        ("Min", "handled_minute"),
        ("Minutes traitées", "handled_minute"),
        ("Productive hours", "productive_hour"),
        ("Billable hours", "productive_hour"),
        ("Hours", "productive_hour"),
        ("Hrs", "productive_hour"),
        ("Heures productives", "productive_hour"),
        ("Horas productivas", "productive_hour"),
        ("Contacts", "contact"),
        ("Calls handled", "contact"),
        ("Transactions", "contact"),
        ("Interactions", "contact"),
        ("Per contact", "contact"),
        ("Tickets", "contact"),
        ("FTE", "fte"),
        ("Seats", "fte"),
        ("Headcount", "fte"),
        ("Seat month", "fte"),
        ("Training hours", "training_hour"),
        ("Nesting", "training_hour"),
        ("Nesting hours", "training_hour"),
        ("Ramp hours", "training_hour"),
        ("Ramp-up hours", "training_hour"),
        ("Heures de formation", "training_hour"),
        ("Schulungsstunden", "training_hour"),
    ],
)
def test_a_unit_cell(cell, unit):
    got = read_rows([["UOM", "Qty", "Amount"], [cell, "1", "1.00"]])
    assert (got.rows[0].unit, got.rows[0].description) == (unit, None)


@pytest.mark.parametrize("cell", ["Each", "EA", "Lump sum", "Month", "Credit"])
def test_any_other_unit_is_other_its_text_the_description_when_there_is_none(cell):
    got = read_rows([["UOM", "Qty", "Amount"], [cell, "1", "1.00"]])
    assert (got.rows[0].unit, got.rows[0].description) == ("other", cell)
    rows = [["Description", "UOM", "Qty", "Amount"], ["Platform fee", cell, "1", "1.00"]]
    assert (read_rows(rows).rows[0].unit, read_rows(rows).rows[0].description) == (
        "other",
        "Platform fee",
    )


def test_without_a_unit_column_every_line_is_other_and_its_description_says_what():
    rows = [["Description", "Qty", "Amount"], ["Inbound voice – handled minutes", "100", "85.00"]]
    got = read_rows(rows)
    assert got.rows == [line(2, None, None, None, None, "other", "100", None, "85.00", rows[1][0])]


# --- rows around the lines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("Subtotal", 'subtotal row ("Subtotal")'),
        ("Sub-total:", 'subtotal row ("Sub-total:")'),
        ("Sous-total", 'subtotal row ("Sous-total")'),
        ("Zwischensumme", 'subtotal row ("Zwischensumme")'),
        ("Total", 'total row ("Total")'),
        ("TOTAL (USD)", 'total row ("TOTAL (USD)")'),
        ("Grand total", 'total row ("Grand total")'),
        ("Invoice total", 'total row ("Invoice total")'),
        ("Total for Billing Support", 'total row ("Total for Billing Support")'),
        ("Total HT", 'total row ("Total HT")'),
        ("Importe total", 'total row ("Importe total")'),
        ("Gesamtsumme", 'total row ("Gesamtsumme")'),
        ("Sales tax (8.25%)", 'tax row ("Sales tax (8.25%)")'),
        ("VAT @ 20%", 'tax row ("VAT @ 20%")'),
        ("GST 18%", 'tax row ("GST 18%")'),
        ("IVA 21%", 'tax row ("IVA 21%")'),
        ("MwSt. 19 %", 'tax row ("MwSt. 19 %")'),
        ("Discount", 'discount row ("Discount")'),
        ("Less: volume discount 2%", 'discount row ("Less: volume discount 2%")'),
        ("Balance due", 'amount due row ("Balance due")'),
        ("Amount due", 'amount due row ("Amount due")'),
        ("TOTAL DUE", 'amount due row ("TOTAL DUE")'),
        ("Total amount due", 'amount due row ("Total amount due")'),
        ("Net à payer", 'amount due row ("Net à payer")'),
        ("Less: payments received", 'payment row ("Less: payments received")'),
        ("Previous balance", 'payment row ("Previous balance")'),
    ],
)
def test_a_summary_row_is_skipped_with_its_reason(label, reason):
    rows = [
        ["Description", "UOM", "Qty", "Rate", "Amount"],
        ["Voice", "Minutes", "100", "0.85", "85.00"],
        ["", "", "", label, "85.00"],
        [label, "", "", "", "85.00"],
    ]
    got = read_rows(rows)
    assert got.skipped == [(3, reason), (4, reason)]
    assert [r.row for r in got.rows] == [2]


def test_a_label_with_a_unit_is_a_line():
    rows = [
        ["Program", "Description", "UOM", "Qty", "Amount"],
        ["Total Care", "Total Care – voice", "Minutes", "100", "85.00"],
        ["Care", "Tax preparation queue", "Transactions", "10", "30.00"],
        ["Care", "Total", "Hours", "2", "40.00"],
    ]
    got = read_rows(rows)
    assert [(r.row, r.program, r.unit) for r in got.rows] == [
        (2, "Total Care", "handled_minute"),
        (3, "Care", "contact"),
        (4, "Care", "productive_hour"),
    ]
    assert got.skipped == []


def test_a_tax_or_discount_label_with_units_is_a_line_but_a_total_with_units_is_not():
    rows = [
        ["Description", "Qty", "Amount"],
        ["Tax preparation – back office", "12", "600.00"],
        ["Credit: volume discount", "1", "(50.00)"],
        ["Total", "13", "550.00"],
    ]
    got = read_rows(rows)
    assert [(r.row, r.amount) for r in got.rows] == [(2, D("600.00")), (3, D("-50.00"))]
    assert got.skipped == [(4, 'total row ("Total")')]


def test_a_row_of_numbers_alone_equal_to_the_lines_above_is_their_total():
    rows = [
        ["Program", "Description", "Qty", "Amount"],
        ["Care", "Voice", "100", "85.00"],
        ["Care", "Chat", "10", "15.50"],
        ["", "", "110", "100.50"],
        ["", "", "3", "7.00"],  # not the sum of anything above: a line
    ]
    got = read_rows(rows)
    assert got.skipped == [(4, "a total without its label (the sum of the lines above)")]
    assert [(r.row, r.units, r.amount) for r in got.rows] == [
        (2, D("100"), D("85.00")),
        (3, D("10"), D("15.50")),
        (5, D("3"), D("7.00")),
    ]


def test_blank_lines_and_notes_are_skipped_and_nothing_after_the_last_row():
    rows = [
        ["Program", "Description", "Qty", "Amount"],
        ["Care", "Voice", "100", "85.00"],
        ["", "", "", ""],
        ["Sales", "", "", ""],
        ["Sales", "Chat", "10", "15.50"],
        ["", "Payment terms: net 30 days. Thank you for your business.", "", ""],
        ["", "", "", ""],
        ["", "", "", ""],
    ]
    got = read_rows(rows)
    assert got.skipped == [
        (3, "blank line"),
        (4, "no units, rate or amount (a heading or a note)"),
        (6, "no units, rate or amount (a heading or a note)"),
    ]
    assert [r.row for r in got.rows] == [2, 5]


def test_a_header_without_lines_reads_as_no_rows():
    got = read_rows([["Description", "Qty", "Amount"]])
    assert (got.rows, got.skipped) == ([], [])


# --- never per person ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Agent",
        "Agent Name",
        "AgentID",
        "Employee ID",
        "Emp #",
        "Advisor name",
        "Rep",
        "Staff member",
        "Login",
        "Associate",
        "Team lead",
        "Nombre del agente",
        "Conseiller",
        "Personalnummer",
        "Matricule",
    ],
)
def test_a_column_identifying_staff_refuses_the_invoice(header):
    rows = [["Program", header, "Hours", "Amount"], ["Care", "104233", "160", "3,000.00"]]
    rows += [["Care", "104871", "158", "2,962.50"]]
    message = refusal(csv_bytes(rows))
    assert message == (
        f'invoice.csv bills per person: column "{header}" identifies individual vendor staff. '
        + THE_WAY_OUT
    )
    assert "104233" not in message


@pytest.mark.parametrize(
    "header", ["Agent hours", "Billable agent hours", "FTE agents", "Login hours", "Staff count"]
)
def test_a_measure_of_staff_time_is_no_person_column(header):
    rows = [["Program", header, "Amount"], ["Care", "1,240.5", "23,259.38"]]
    got = read_rows(rows, columns={"units": header})
    assert got.rows[0].units == D("1240.5")


def test_columns_naming_the_vendor_client_or_document_are_not_read():
    rows = [
        [
            "Vendor name",
            "Vendor address",
            "Tax ID",
            "PO Number",
            "Bill to",
            "Account manager",
            "Qty",
            "Amount",
        ],
        [
            "Bluebird BPO LLC",
            "1200 Harbor Blvd, Tampa",
            "59-1234567",
            "PO-55120",
            "Northwind Retail",
            "Dana Whitfield",
            "1",
            "10.00",
        ],
        [
            "Bluebird BPO LLC",
            "1200 Harbor Blvd, Tampa",
            "59-1234567",
            "PO-55120",
            "Northwind Retail",
            "Dana Whitfield",
            "2",
            "20.00",
        ],
    ]
    got = read_rows(rows)
    assert got.mapping == {"units": "Qty", "amount": "Amount"}
    assert got.ignored == rows[0][:6]
    assert "Dana" not in repr(got) and "Bluebird" not in repr(got)


@pytest.mark.parametrize(
    ("header", "values"),
    [
        ("Description", ["Maria Lopez", "Smith, John"]),
        ("Description", ["Handled minutes (Priya Nair)", "Handled minutes (Kevin Brooks)"]),
        ("Service description", ["Agent 4471 – minutes", "Agent 5120 – minutes"]),
        ("Notes", ["jdoe01", "msantos02"]),
        ("Worked by", ["Lisa Ward", "Tom Baker"]),
    ],
)
def test_people_named_in_a_text_column_refuse_the_invoice(header, values):
    rows = [["Program", header, "Qty", "Amount"]]
    rows += [["Care", v, "100", "85.00"] for v in values]
    message = refusal(csv_bytes(rows))
    assert message == (
        f'invoice.csv bills per person: column "{header}" names individual people on rows 2, '
        "3. " + THE_WAY_OUT
    )
    for v in values:
        assert v not in message


def test_one_name_in_a_description_is_not_billing_per_person():
    rows = [
        ["Program", "Description", "Qty", "Amount"],
        ["Care", "Trainer travel – Maria Lopez", "1", "450.00"],
        ["Care", "Inbound voice – handled minutes", "1000", "850.00"],
        ["Dallas Fort Worth", "Inbound voice – handled minutes", "1000", "850.00"],
    ]
    assert [r.row for r in read_rows(rows).rows] == [2, 3, 4]


# --- reading: formats, sizes, title blocks ------------------------------------------------------


def test_the_delimiter_and_encoding_are_found_from_the_content():
    rows = [
        ["Période", "Désignation", "Quantité", "Montant"],
        ["octobre 2026", "Appels – minutes", "1 000", "620,00 €"],
    ]
    expected = [line(2, "2026-10", None, None, None, "other", "1000", None, "620.00", rows[1][1])]
    for delimiter in (",", ";", "\t"):
        text = csv_bytes(rows, delimiter=delimiter).decode("utf-8")
        for data in (
            text.encode("utf-8"),
            b"\xef\xbb\xbf" + text.encode("utf-8"),
            text.encode("utf-16"),
            text.encode("cp1252"),
        ):
            assert invoice_file.read(data, file_name="f.csv").rows == expected


def test_a_german_invoice_reads_its_units_by_the_files_decimal_comma():
    data = (
        "Rechnung Nr. 2026-0815;;;;;;;;;;\r\n"
        "Leistungszeitraum;Kampagne;Standort;Kanal;Beschreibung;Einheit;Menge;Einzelpreis;"
        "Nettobetrag;MwSt;Bruttobetrag\r\n"
        "Okt. 2026;Kundenservice;Berlin;Telefon;Inbound Telefonie;Minuten;12.400;0,72 EUR;"
        "8.928,00 EUR;1.696,32 EUR;10.624,32 EUR\r\n"
        "Okt. 2026;Kundenservice;Berlin;E-Mail;E-Mail Bearbeitung;Vorgänge;1.830;2,10 EUR;"
        "3.843,00 EUR;730,17 EUR;4.573,17 EUR\r\n"
        ";;;;;;;Zwischensumme;12.771,00 EUR;;\r\n"
        ";;;;;;;MwSt. 19 %;2.426,49 EUR;;\r\n"
        ";;;;;;;Gesamtbetrag;15.197,49 EUR;;\r\n"
    ).encode("cp1252")
    got = invoice_file.read(data, file_name="rechnung.csv")
    assert got == InvoiceFile(
        file_name="rechnung.csv",
        rows=[
            line(
                3,
                "2026-10",
                "Kundenservice",
                "Berlin",
                "voice",
                "handled_minute",
                "12400",  # "12.400": the file's amounts say its comma is the decimal
                "0.72",
                "8928.00",
                "Inbound Telefonie",
            ),
            line(
                4,
                "2026-10",
                "Kundenservice",
                "Berlin",
                "email",
                "contact",
                "1830",
                "2.10",
                "3843.00",
                "E-Mail Bearbeitung",
            ),
        ],
        mapping={
            "period": "Leistungszeitraum",
            "program": "Kampagne",
            "site": "Standort",
            "channel": "Kanal",
            "unit": "Einheit",
            "units": "Menge",
            "rate": "Einzelpreis",
            "amount": "Nettobetrag",
            "description": "Beschreibung",
        },
        ignored=["MwSt", "Bruttobetrag"],
        skipped=[
            (5, 'subtotal row ("Zwischensumme")'),
            (6, 'tax row ("MwSt. 19 %")'),
            (7, 'total row ("Gesamtbetrag")'),
        ],
    )


def test_a_spanish_invoice_prefers_the_net_amount():
    rows = [
        ["Periodo", "Campaña", "Sede", "Canal", "Concepto", "Unidad", "Cantidad"]
        + ["Precio unitario", "Importe neto", "IVA", "Total con IVA"],
        ["oct-26", "Cobranza", "Bogotá", "Voz", "Minutos atendidos", "Minutos", "15.200"]
        + ["0,41", "6.232,00", "1.184,08", "7.416,08"],
        ["", "", "", "", "Total", "", "", "", "6.232,00", "", ""],
    ]
    got = read_rows(rows)
    assert (got.mapping["amount"], got.ignored) == ("Importe neto", ["IVA", "Total con IVA"])
    assert got.rows == [
        line(
            2,
            "2026-10",
            "Cobranza",
            "Bogotá",
            "voice",
            "handled_minute",
            "15200",
            "0.41",
            "6232.00",
            "Minutos atendidos",
        )
    ]
    assert got.skipped == [(3, 'total row ("Total")')]


def test_a_title_block_above_the_header_is_passed_over():
    rows = [
        ["ACME CONTACT CENTERS", "", "", ""],
        ["INVOICE", "", "", ""],
        ["Invoice #:", "A-1", "Date:", "2026-11-02"],
        ["Amount due:", "$85.00", "Terms:", "Net 30"],
        ["Bill to", "Northwind Retail", "", ""],
        ["", "", "", ""],
        ["Description", "Quantity", "Unit price", "Amount"],
        ["Voice", "100", "0.85", "85.00"],
    ]
    got = read_rows(rows)
    assert got.mapping == {
        "units": "Quantity",
        "rate": "Unit price",
        "amount": "Amount",
        "description": "Description",
    }
    assert [r.row for r in got.rows] == [8]


def test_a_file_without_a_header_row_is_refused():
    rows = [["Thank you for your business"], ["12", "34"], ["56", "78"]]
    assert refusal(csv_bytes(rows)) == (
        "invoice.csv has no header row that can be found: a row of column names (such as "
        '"Description", "Quantity", "Unit price", "Amount") above the invoice lines.'
    )


def test_a_workbook_is_read_from_its_first_visible_sheet_with_data():
    data = xlsx_bytes(
        ("Hidden", [["Description", "Qty", "Amount"], ["Secret", 1, 1]], True),
        ("Empty", [], False),
        ("Invoice", [["Description", "Qty", "Amount"], ["Voice", 100, 85]], False),
    )
    got = invoice_file.read(data, file_name="w.xlsx")
    assert got.rows == [line(2, None, None, None, None, "other", "100", None, "85", "Voice")]


def test_a_workbook_of_empty_sheets_is_refused():
    data = xlsx_bytes(("One", [], False), ("Two", [], False))
    assert refusal(data, "e.xlsx") == "e.xlsx has no data: every sheet is empty."


def test_a_damaged_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "not xml")
    assert refusal(out.getvalue(), "broken.xlsx").startswith(
        "broken.xlsx could not be opened as an .xlsx workbook"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "invoice.pdf is empty."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "invoice.pdf is a PDF document, not a CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "invoice.pdf is an old-style Excel"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "invoice.pdf is a PNG image, not a CSV or .xlsx"),
    ],
)
def test_what_is_not_a_csv_or_workbook_is_refused_plainly(data, message):
    assert refusal(data, "invoice.pdf").startswith(message)


def test_a_file_over_five_megabytes_is_refused(tmp_path):
    data = b"Description,Qty,Amount\n" + b"Voice,1,1.00\n" * 440_000
    assert refusal(data, "big.csv") == (
        "big.csv is 5.5 MB; an invoice export is at most 5 MB. Ask the vendor for one month's "
        "invoice per file."
    )
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    assert refusal(path, "big.csv").startswith("big.csv is 5.5 MB;")


def test_a_file_over_twenty_thousand_lines_is_refused():
    data = b"Description,Qty,Amount\n" + b"Voice,1,1.00\n" * 20_001
    assert refusal(data, "many.csv") == (
        "many.csv holds 20,001 lines; an invoice export is at most 20,000. Ask the vendor for "
        "one month's invoice per file, its lines summed per program, site and channel."
    )
    assert len(invoice_file.read(data[: -len(b"Voice,1,1.00\n")], file_name="m.csv").rows) == 20_000


def test_a_quote_left_open_is_refused_not_read_as_one_cell():
    data = b'Description,Qty,Amount\nVoice,1,"1.00\nChat,2,2.00\nEmail,3,3.00\n'
    assert refusal(data, "open.csv") == (
        "open.csv could not be read as CSV: a quotation mark is not closed, or a value is far "
        "too long. Ask the vendor to export the invoice again."
    )


# --- suggest: real invoice headers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Invoice #", "invoice_no"),
        ("Invoice Number", "invoice_no"),
        ("Invoice No.", "invoice_no"),
        ("InvoiceNo", "invoice_no"),
        ("N° de facture", "invoice_no"),
        ("Número de factura", "invoice_no"),
        ("Rechnungsnummer", "invoice_no"),
        ("Billing Period", "period"),
        ("Service Month", "period"),
        ("Service period", "period"),
        ("Month", "period"),
        ("Period", "period"),
        ("Période", "period"),
        ("Mois de facturation", "period"),
        ("Periodo", "period"),
        ("Leistungszeitraum", "period"),
        ("LOB", "program"),
        ("Line of business", "program"),
        ("Program/Campaign", "program"),
        ("Campaign", "program"),
        ("Programme", "program"),
        ("Campaña", "program"),
        ("Kampagne", "program"),
        ("Location", "site"),
        ("Delivery centre", "site"),
        ("Delivery Center", "site"),
        ("Site", "site"),
        ("Sede", "site"),
        ("Standort", "site"),
        ("Channel", "channel"),
        ("Media type", "channel"),
        ("Canal", "channel"),
        ("Kanal", "channel"),
        ("Unit of Measure", "unit"),
        ("UOM", "unit"),
        ("U/M", "unit"),
        ("Unit", "unit"),
        ("Unit type", "unit"),
        ("Unité", "unit"),
        ("Unidad", "unit"),
        ("Einheit", "unit"),
        ("Billable Units", "units"),
        ("Qty", "units"),
        ("Quantity", "units"),
        ("Units", "units"),
        ("Billable hours", "units"),
        ("Handled minutes", "units"),
        ("Volume", "units"),
        ("Quantité", "units"),
        ("Cantidad", "units"),
        ("Menge", "units"),
        ("Unit Price", "rate"),
        ("Rate (USD)", "rate"),
        ("Price per unit", "rate"),
        ("Rate", "rate"),
        ("Hourly rate", "rate"),
        ("Rate per hour", "rate"),
        ("Unit cost", "rate"),
        ("Prix unitaire", "rate"),
        ("Precio unitario", "rate"),
        ("Einzelpreis", "rate"),
        ("Line Total", "amount"),
        ("Extended Amount", "amount"),
        ("Extended price", "amount"),
        ("Net Amount", "amount"),
        ("Amount (excl. tax)", "amount"),
        ("Amount", "amount"),
        ("Amount (USD)", "amount"),
        ("Total", "amount"),
        ("Montant HT", "amount"),
        ("Importe", "amount"),
        ("Nettobetrag", "amount"),
        ("Description", "description"),
        ("Service description", "description"),
        ("Item", "description"),
        ("Désignation", "description"),
        ("Libellé", "description"),
        ("Concepto", "description"),
        ("Beschreibung", "description"),
        # identity, tax and other columns: never mapped
        ("Invoice date", None),
        ("Due date", None),
        ("Vendor name", None),
        ("Vendor address", None),
        ("PO Number", None),
        ("Tax ID", None),
        ("VAT number", None),
        ("Currency", None),
        ("Tax", None),
        ("Tax rate", None),
        ("Tax amount", None),
        ("Sales tax", None),
        ("VAT", None),
        ("TVA", None),
        ("IVA", None),
        ("MwSt", None),
        ("Exchange rate", None),
        ("Cost center", None),
        ("Agent", None),
        ("Agent Name", None),
        ("Employee ID", None),
        ("Login", None),
    ],
)
def test_suggest_reads_a_header(header, field):
    assert invoice_file.suggest([header]) == ({field: header} if field else {})


def test_suggest_prefers_the_net_amount_to_the_gross_one():
    assert invoice_file.suggest(["Amount incl. VAT", "VAT", "Net amount"]) == {
        "amount": "Net amount"
    }
    assert invoice_file.suggest(["Montant TTC", "TVA", "Montant HT"]) == {"amount": "Montant HT"}
    assert invoice_file.suggest(["Total", "Tax", "Amount (excl. tax)"]) == {
        "amount": "Amount (excl. tax)"
    }
    assert invoice_file.suggest(["Bruttobetrag", "MwSt", "Nettobetrag"]) == {
        "amount": "Nettobetrag"
    }
    assert invoice_file.suggest(["Amount incl. VAT"]) == {"amount": "Amount incl. VAT"}


def test_suggest_gives_each_header_one_field_and_each_field_its_strongest_header():
    headers = [
        "Invoice #",
        "Invoice date",
        "Service Month",
        "Campaign",
        "Program",
        "Unit Price",
        "Unit",
        "Units",
        "Total hours",
        "Line Total",
        "Service description",
        "Service",
    ]
    assert invoice_file.suggest(headers) == {
        "invoice_no": "Invoice #",
        "period": "Service Month",
        "program": "Campaign",
        "unit": "Unit",
        "units": "Units",
        "rate": "Unit Price",
        "amount": "Line Total",
        "description": "Service description",
    }
