"""The vendor-invoice corpus (``governance.ingest.invoice_file``), written as vendors' systems and
Excel write it.

    python tests/data/invoices/make_corpus.py [OUT_DIR]

writes every file of this folder (default: the folder itself) from the rows below, with the
encodings, delimiters, line ends, title blocks, totals rows and cell types of real invoice
exports. The generated files are committed; the tests read them and hold their expected contents
written out by hand. Vendors, clients, people and numbers are invented.

Rows are written one per line with cells separated by " | " (" ; " for the French file, whose
amounts hold commas); a row of nothing but separators is a blank line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent


def _rows(text: str, sep: str = "|") -> list[list[str]]:
    return [[cell.strip() for cell in line.split(sep)] for line in text.strip("\n").splitlines()]


def _csv(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


def us_handled_minutes(out: Path) -> None:
    """A US vendor's billing system, saved from Excel as CSV (UTF-8, CRLF): a letterhead block,
    the invoice number and date as "Label:, value" lines, lines per handled minute with dollar
    amounts, a blank line, then Subtotal, Sales tax and TOTAL DUE under the units column."""
    rows = _rows(
        """
Bluebird BPO LLC | | | | | | | |
1200 Harbor Blvd, Suite 400, Tampa, FL 33602 | | | | | | | |
INVOICE | | | | | | | |
Invoice #: | BB-2026-1042 | | | | | | |
Invoice date: | 11/05/2026 | | | | | | |
Bill to: | Northwind Retail Inc. | | | | | | |
 | | | | | | | |
Service Month | Program | Site | Channel | Description | Unit of Measure | Billable Units | Unit Price | Line Total
Oct 2026 | Customer Care | Tampa | Inbound voice | Inbound customer care – handled minutes | Handled minutes | 182,450 | $0.8500 | $155,082.50
Oct 2026 | Customer Care | Tampa | Webchat | Chat support – handled minutes | Handled minutes | 41,200 | $0.7800 | $32,136.00
Oct 2026 | Billing Support | Manila | Phone | Billing inquiries – talk minutes | Talk minutes | 96,310 | $0.4200 | $40,450.20
Oct 2026 | Billing Support | Manila | E-mail | Billing e-mail queue – AHT minutes | AHT minutes | 12,075 | $0.3900 | $4,709.25
 | | | | | | | |
 | | | | | | Subtotal | | $232,377.95
 | | | | | | Sales tax (8.25%) | | $19,171.18
 | | | | | | TOTAL DUE | | $251,549.13
"""
    )
    (out / "us_handled_minutes.csv").write_bytes(_csv(rows).encode("utf-8"))


def xlsx_uom_line_total(out: Path) -> None:
    """An Indian vendor's tax invoice as .xlsx: a title block, numeric cells (whole numbers,
    decimals, a date for the billing period, the tax rate formatted as a percentage), "UOM" and
    "Line Total", line-level tax columns, then Sub-total, IGST and Invoice total rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Invoice"
    period = dt.datetime(2026, 10, 31)
    for row in (
        ["Northwind Contact Solutions Pvt Ltd"],
        ["Tax invoice"],
        ["Invoice Number", "NCS/26-27/0318"],
        ["Invoice date", dt.datetime(2026, 11, 3)],
        [],
        [
            "Invoice No",
            "Billing Period",
            "LOB",
            "Location",
            "Media type",
            "Service description",
            "UOM",
            "Qty",
            "Rate (USD)",
            "Line Total",
            "Tax rate",
            "Tax amount",
        ],
    ):
        sheet.append(row)
    lines = (
        ("Retail Care", "Pune", "Voice", "Inbound voice – productive hours", "Productive hours")
        + (6240, 14.25, 88920, 0.18, 16005.6),
        ("Retail Care", "Pune", "Chat", "Chat – productive hours", "Billable hours")
        + (1875.5, 13.5, 25319.25, 0.18, 4557.47),
        ("Collections", "Chennai", "Outbound voice", "Collections – contacts handled")
        + ("Calls handled", 18450, 1.15, 21217.5, 0.18, 3819.15),
        ("Collections", "Chennai", "Social media", "Social care – interactions", "Interactions")
        + (3120, 2.4, 7488, 0.18, 1347.84),
        ("Collections", "Chennai", "Back office", "Dispute processing – transactions")
        + ("Transactions", 2210, 3.05, 6740.5, 0.18, 1213.29),
    )
    for line in lines:
        sheet.append(["NCS-0318", period, *line])
    sheet.append([])
    sheet.append([None] * 8 + ["Sub-total", 149685.25])
    sheet.append([None] * 8 + ["IGST 18%", 26943.35])
    sheet.append([None] * 8 + ["Invoice total", 176628.6])
    for row in sheet.iter_rows(min_row=7, max_row=11):
        row[1].number_format = "mmm-yy"
        for cell in row[8:10] + row[11:12]:
            cell.number_format = '"$"#,##0.00'
        row[10].number_format = "0%"
    sheet["B4"].number_format = "dd/mm/yyyy"
    book.save(out / "xlsx_uom_line_total.xlsx")


def fr_semicolon(out: Path) -> None:
    """A French vendor's invoice saved by French Excel as "CSV (séparateur: point-virgule)":
    Windows-1252 (é, €, an en dash, no-break spaces grouping thousands), French headers, amounts
    written "29.915,00 €", net (HT), VAT (TVA) and gross (TTC) amounts, then the totals."""
    nbsp = "\u00a0"
    rows = _rows(
        f"""
Services Clients Atlantique SAS ; ; ; ; ; ; ; ; ; ;
12 rue de la République, 44000 Nantes ; ; ; ; ; ; ; ; ; ;
FACTURE N° F-2026-118 ; ; ; ; ; ; ; ; ; ;
Date : 04/11/2026 ; ; ; ; ; ; ; ; ; ;
 ; ; ; ; ; ; ; ; ; ;
Période ; Programme ; Site ; Canal ; Désignation ; Unité ; Quantité ; Prix unitaire ; Montant HT ; TVA ; Montant TTC
octobre 2026 ; Service client ; Nantes ; Voix ; Appels entrants – minutes traitées ; Minutes traitées ; 48{nbsp}250 ; 0,62 € ; 29.915,00 € ; 5.983,00 € ; 35.898,00 €
octobre 2026 ; Service client ; Nantes ; Courriel ; Courriels traités ; Contacts ; 3{nbsp}410 ; 2,15 € ; 7.331,50 € ; 1.466,30 € ; 8.797,80 €
octobre 2026 ; Recouvrement ; Casablanca ; Téléphone ; Recouvrement amiable ; Heures productives ; 1.240,5 ; 28,40 € ; 35.230,20 € ; 7.046,04 € ; 42.276,24 €
octobre 2026 ; Recouvrement ; Casablanca ; Back-office ; Formation nouvelle vague ; Heures de formation ; 320 ; 22,00 € ; 7.040,00 € ; 1.408,00 € ; 8.448,00 €
 ; ; ; ; ; ; ; ; ; ;
 ; ; ; ; ; ; ; Total HT ; 79.516,70 € ; ;
 ; ; ; ; ; ; ; TVA 20 % ; 15.903,34 € ; ;
 ; ; ; ; ; ; ; Total TTC ; 95.420,04 € ; ;
 ; ; ; ; ; ; ; Net à payer ; 95.420,04 € ; ;
""",
        sep=";",
    )
    text = _csv(rows, delimiter=";")
    (out / "fr_semicolon_cp1252.csv").write_bytes(text.encode("cp1252"))


def per_fte_seats(out: Path) -> None:
    """A Philippine vendor's per-FTE invoice (UTF-8, LF): the invoice number, PO number and
    vendor on every line, "10/2026" periods, FTE, seat and headcount lines, a platform fee whose
    unit is none of ours, a blank line and a Total row."""
    rows = _rows(
        """
Invoice Number | Billing Period | Program | Site | Channel | Unit | Qty | Price per unit | Amount | PO Number | Vendor
CC-88231 | 10/2026 | Tech Support | Cebu | Voice | FTE | 42 | $3,850.00 | $161,700.00 | PO-55120 | Coral Coast Outsourcing
CC-88231 | 10/2026 | Tech Support | Cebu | Chat | FTE | 18.5 | $3,600.00 | $66,600.00 | PO-55120 | Coral Coast Outsourcing
CC-88231 | 10/2026 | Tech Support | Cebu | | Seats | 60 | $450.00 | $27,000.00 | PO-55120 | Coral Coast Outsourcing
CC-88231 | 10/2026 | Tech Support | Cebu | | Headcount | 4 | $4,900.00 | $19,600.00 | PO-55120 | Coral Coast Outsourcing
CC-88231 | 10/2026 | Tech Support | Cebu | | Monthly platform fee | 1 | $2,500.00 | $2,500.00 | PO-55120 | Coral Coast Outsourcing
 | | | | | | | | | |
 | | | | | | | Total | $277,400.00 | |
"""
    )
    (out / "per_fte_seats.csv").write_bytes(_csv(rows, newline="\n").encode("utf-8"))


def training_ramp(out: Path) -> None:
    """A sheet saved by Excel as "Unicode Text" (UTF-16 LE with BOM, tab separated, CRLF): a
    title line and a blank line above the header, production, training, nesting and ramp hours,
    numbers written "5,120.00", and a Total row."""
    rows = _rows(
        """
Coral Coast Outsourcing – Invoice CCO-7781 | | | | | | | |
 | | | | | | | |
Month | Line of business | Delivery centre | Channel | Service description | UOM | Billable Units | Rate | Extended Amount
2026-10 | Onboarding | Bogotá | Webchat | Production – productive hours | Productive hours | 5,120.00 | 18.75 | 96,000.00
2026-10 | Onboarding | Bogotá | Webchat | New-hire training, wave 14 | Training hours | 1,440.00 | 15.00 | 21,600.00
2026-10 | Onboarding | Bogotá | Webchat | Nesting (supervised floor time) | Nesting hours | 960.00 | 16.50 | 15,840.00
2026-10 | Onboarding | Bogotá | Phone | Ramp-up at 70% productivity | Ramp hours | 640.00 | 17.25 | 11,040.00
2026-10 | Onboarding | Bogotá | Phone | Production – productive hours | Billable hours | 2,300.50 | 18.75 | 43,134.38
 | | | | Total | | | | 187,614.38
"""
    )
    text = _csv(rows, delimiter="\t")
    (out / "training_ramp_utf16.txt").write_bytes(text.encode("utf-16"))


def credit_line(out: Path) -> None:
    """A Jamaican vendor's invoice saved as "CSV UTF-8" (BOM, CRLF): a service credit written
    "(1,200.00)", minutes re-billed in error as a negative line, net and gross amounts, then
    Subtotal, Tax, payments received and Balance due."""
    rows = _rows(
        """
Invoice # | Service date | Program | Site | Channel | Item | Unit type | Units | Unit rate | Net amount | Tax | Gross amount
INV-20417 | 2026-10-31 | Care | Kingston | Inbound voice | Handled minutes | Per minute | 64,800 | 0.92 | 59,616.00 | 0.00 | 59,616.00
INV-20417 | 2026-10-31 | Care | Kingston | Chat | Chats handled | Per contact | 9,350 | 3.10 | 28,985.00 | 0.00 | 28,985.00
INV-20417 | 2026-10-31 | Care | Kingston | | SLA service credit – September | Credit | 1 | (1,200.00) | (1,200.00) | 0.00 | (1,200.00)
INV-20417 | 2026-10-31 | Care | Kingston | Inbound voice | Minutes re-billed in error (September) | Per minute | -850 | 0.92 | -782.00 | 0.00 | -782.00
 | | | | | | | | Subtotal | 86,619.00 | 0.00 | 86,619.00
 | | | | | | | | Tax | 0.00 | |
 | | | | | | | | Less: payments received | (10,000.00) | |
 | | | | | | | | Balance due | 76,619.00 | |
"""
    )
    (out / "credit_line.csv").write_bytes(b"\xef\xbb\xbf" + _csv(rows).encode("utf-8"))


def derived_amounts(out: Path) -> None:
    """A hand-made sheet where the vendor left the amount blank on some lines: the amount is
    units × rate, rounded half up to the cent (41.625 -> 41.63, 1,256.445 -> 1,256.45)."""
    rows = _rows(
        """
Period | Program | Site | Channel | Description | Unit | Quantity | Rate | Amount
2026-10 | Sales | Monterrey | Voice | Outbound sales – handled minutes | Handled minutes | 1234.5 | 0.8525 |
2026-10 | Sales | Monterrey | Chat | Chat sales – contacts | Contacts | 333 | 0.125 |
2026-10 | Sales | Monterrey | Messaging | WhatsApp conversations | Interactions | 2043 | 0.615 |
2026-10 | Sales | Monterrey | Voice | Quality monitoring fee | Lump sum | 1 | 950.00 | 950.00
2026-10 | Sales | Monterrey | Email | Email sales follow-up | Emails | 410 | 1.05 | 430.50
Total | | | | | | | | 3730.99
"""
    )
    (out / "derived_amounts.csv").write_bytes(_csv(rows, newline="\n").encode("utf-8"))


def per_agent(out: Path) -> None:
    """An invoice billing each agent's hours: refused as a whole."""
    rows = _rows(
        """
Billing Period | Program | Site | Agent Name | Employee ID | Billable Hours | Hourly Rate | Amount
Oct 2026 | Customer Care | Tampa | Maria Lopez | 104233 | 162.5 | 18.75 | 3046.88
Oct 2026 | Customer Care | Tampa | John Smith | 104871 | 158.0 | 18.75 | 2962.50
Oct 2026 | Customer Care | Tampa | Priya Nair | 105012 | 171.25 | 18.75 | 3210.94
"""
    )
    (out / "per_agent.csv").write_bytes(_csv(rows).encode("utf-8"))


def names_in_description(out: Path) -> None:
    """An invoice whose headers are harmless but whose description names the agent billed on
    each line ("Maria Lopez – handled minutes", "Smith, John – handled minutes"): refused."""
    rows = _rows(
        """
Period | Program | Site | Channel | Description | UOM | Units | Rate | Amount
2026-10 | Customer Care | Tampa | Voice | Maria Lopez – handled minutes | Handled minutes | 9,120 | 0.85 | 7,752.00
2026-10 | Customer Care | Tampa | Voice | Smith, John – handled minutes | Handled minutes | 8,455 | 0.85 | 7,186.75
2026-10 | Customer Care | Tampa | Voice | Priya Nair – handled minutes | Handled minutes | 9,870 | 0.85 | 8,389.50
2026-10 | Customer Care | Tampa | Voice | Team overhead – handled minutes | Handled minutes | 1,200 | 0.85 | 1,020.00
"""
    )
    (out / "names_in_description.csv").write_bytes(_csv(rows).encode("utf-8"))


def text_in_amount(out: Path) -> None:
    """An invoice with words where numbers belong ("TBC", "see annex") and a percentage as a
    unit price: refused, naming each row, column and cell."""
    rows = _rows(
        """
Invoice No | Service Month | Campaign | Location | Channel | Description | UOM | Qty | Unit Price | Line Total
BB-2026-1043 | October 2026 | Retention | Tampa | Voice | Save desk – handled minutes | Handled minutes | 22,140 | 0.95 | 21,033.00
BB-2026-1043 | October 2026 | Retention | Tampa | Voice | Save desk – overtime minutes | Handled minutes | 3,300 | 1.10 | TBC
BB-2026-1043 | October 2026 | Retention | Tampa | Voice | Gain-share on saves | Saves | 410 | 12.5% | 1,845.00
BB-2026-1043 | October 2026 | Retention | Tampa | Chat | Retention chat – contacts | Contacts | 2,950 | 2.20 | see annex
"""
    )
    (out / "text_in_amount.csv").write_bytes(_csv(rows).encode("utf-8"))


def no_units_column(out: Path) -> None:
    """An invoice that gives amounts per line without any quantity: refused with its headers."""
    rows = _rows(
        """
Invoice Number | Billing Month | Program | Site | Service description | Net Amount | VAT | Total
GL-5531 | 2026-10 | Care | Leeds | Inbound voice service, October | 48,200.00 | 9,640.00 | 57,840.00
GL-5531 | 2026-10 | Care | Leeds | Chat service, October | 12,350.00 | 2,470.00 | 14,820.00
"""
    )
    (out / "no_units_column.csv").write_bytes(_csv(rows).encode("utf-8"))


def ambiguous_separator(out: Path) -> None:
    """Every number written with one comma before three digits and no rate: "1,200" could be
    1200 or 1.2, and nothing in the file says which: refused."""
    rows = _rows(
        """
Period | Program | Unit | Quantity | Amount
2026-10 | Care | Contacts | 1,200 | 1,020
2026-10 | Care | Contacts | 2,400 | 2,040
"""
    )
    (out / "ambiguous_separator.csv").write_bytes(_csv(rows).encode("utf-8"))


MAKERS = (
    us_handled_minutes,
    xlsx_uom_line_total,
    fr_semicolon,
    per_fte_seats,
    training_ramp,
    credit_line,
    derived_amounts,
    per_agent,
    names_in_description,
    text_in_amount,
    no_units_column,
    ambiguous_separator,
)


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else HERE
    out.mkdir(parents=True, exist_ok=True)
    for make in MAKERS:
        make(out)


if __name__ == "__main__":
    main(sys.argv[1:])
