"""Vendor invoice exports read into plain data: what an outsourcing vendor bills in a month.

A vendor (BPO) sends its monthly invoice as CSV (UTF-8 with or without BOM, UTF-16 as Excel's
"Unicode text" saves it, Windows-1252; comma, semicolon or tab separated) or .xlsx, told apart by
content: one line per billed item (period, program, site, channel, unit of measure, units, rate,
amount, often a description, the invoice number, tax columns), under a title block (the vendor's
letterhead, "INVOICE", the bill-to address, the invoice number and date) and above subtotal, tax
and total rows. ``read`` turns one file into an ``InvoiceFile``; ``suggest`` is the automatic
mapping of headers onto ``FIELDS`` that ``read`` uses for every field its ``columns`` do not name.
The reconciliation of units, rates and amounts against the contract and the KPI volumes is not
done here: the lines are read as written.

**The header row** is the first row among the first ones whose names read as two or more fields,
one of them the units, unit, rate or amount (a title block's "Invoice #: 1042" lines are passed
over); failing that, the first row of names above rows of numbers, else the first row of names.
**Headers** are read as folded words (accents off, camelCase split) in English, French, Spanish
and German; a net amount ("Net amount", "Amount (excl. tax)", "Montant HT", "Nettobetrag") is
preferred to a gross one ("Total incl. VAT", "Montant TTC") and a tax column is never the amount;
one header serves one field.

**Numbers** are read exactly, as ``Decimal``: "1,234.50", "$1,234.50", "USD 1,234.50",
"1.234,50 €", "1 234,50", "1'234.50", "(120.00)", "-120.00", "120.00-" and "120.00 CR" (credits),
"-" (an accounting zero); a rate may end in "/hr" or "per minute". Whether a column's "," or "."
is its decimal separator is decided from all its cells, as a person would ("1,234.50" shows it;
"1,234" alone does not), else from the file's other number columns; a column that never shows it
is refused. A numeric .xlsx cell is taken as ``Decimal(str(value))``; a percentage is not money.

**Lines**: the unit of measure is one of ``UNITS`` (``_unit``), the channel one of the catalogue's
channels when it reads as one (``_channel``), the period a month "YYYY-MM" (``_period``). A line
without an amount takes units × rate, rounded half up to the cent. Subtotal, total, tax, discount,
payment and amount-due rows (a label in any text cell, and no unit), blank lines, notes without
units, rate or amount, and a row of numbers alone equal to the sum of the lines above it are
skipped, each with its reason. Every cell that cannot be read is reported (up to ``MAX_PROBLEMS``
shown) in one ``InvalidInput`` naming the file, each row and column and the one cell.

**Never per person.** Invoices are read at program, site and channel level: a file with a column
identifying individual vendor staff (agent, employee id, advisor name, rep, staff member,
login…), or whose description (or other text) column names people on several rows, is refused
as a whole, without showing any of their values. Columns identifying the vendor or the client
(vendor name and address, tax id, PO number) are merely not read.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from governance.errors import InvalidInput
from governance.ingest import people, small_file, uploads
from governance.ingest.readers.headers import unique_names
from governance.ingest.readers.sniff import HEAD_BYTES, sniff
from governance.kpis.catalogue import CHANNELS
from governance.store.db import fold_text, is_person_column

__all__ = [
    "FIELDS",
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "UNITS",
    "InvoiceFile",
    "InvoiceRow",
    "headers",
    "read",
    "suggest",
]

UNITS = ("contact", "handled_minute", "productive_hour", "fte", "training_hour", "other")
FIELDS = (
    "invoice_no",
    "period",
    "program",
    "site",
    "channel",
    "unit",
    "units",
    "rate",
    "amount",
    "description",
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # lines below the header
MAX_PROBLEMS = 10  # unreadable cells listed in one message
MIN_PERSON_VALUES = 2  # distinct person-like values in one text column that refuse the file
_CELL_SHOWN = 40  # characters of an offending cell a message shows
_HEADER_SHOWN = 80  # characters of a header a message shows
_HEADER_SEARCH = 30  # non-empty rows looked at for the header row
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class InvoiceRow:
    """One billed line: its row number in the file as a spreadsheet user counts it, the invoice
    number, the month ("YYYY-MM"), program, site and channel when the file has such columns, the
    unit of measure (one of ``UNITS``), the units, rate and amount exactly, and the line's text."""

    row: int
    invoice_no: str | None
    period: str | None
    program: str | None
    site: str | None
    channel: str | None
    unit: str
    units: Decimal
    rate: Decimal | None
    amount: Decimal
    description: str | None


@dataclass(frozen=True)
class InvoiceFile:
    """An invoice as read: its lines, the header each field was read from, the headers not read,
    and the rows skipped with their reason (subtotals, totals, taxes, blank lines, notes)."""

    file_name: str
    rows: list[InvoiceRow]
    mapping: dict[str, str]
    ignored: list[str]
    skipped: list[tuple[int, str]]


# --- headers as words -------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_CURRENCY_CODES = (
    "usd eur gbp cad aud nzd inr php mxn chf zar brl jpy cny sgd myr pln sek nok dkk ils aed egp"
    " cop clp pen ars"
)
_CURRENCY_WORDS = frozenset(_CURRENCY_CODES.split())


def _words(text: str) -> str:
    """Lower-case folded words separated by one space, "#" kept as a word: "Rate (USD)" ->
    "rate usd", "Unité" -> "unite", "InvoiceNo" -> "invoice no", "N° de facture" -> "n de facture"."""
    text = fold_text(_CAMEL.sub(" ", str(text))).lower()
    text = re.sub(r"['’‘`´]", "", text)
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", text).replace("#", " # ").split())


def _header_words(header: str) -> str:
    """A header's words without currency codes: "Amount (USD)" reads as "amount"."""
    return " ".join(w for w in _words(header).split() if w not in _CURRENCY_WORDS)


def _terms(*lines: str) -> re.Pattern[str]:
    """One pattern matching any of the comma-separated terms (regular expressions over
    ``_words``), each as whole words ("#" counting as a word). The lines are one text: a term
    may go on over the next line ("(leistungs|" then "rechnungs)zeitraum")."""
    terms, depth, term = [], 0, ""
    for ch in "".join(lines) + ",":
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            terms.append(term.strip())
            term = ""
        else:
            term += ch
    terms = [t for t in terms if t]
    return re.compile("|".join(rf"(?<![a-z0-9#])(?:{t})(?![a-z0-9#])" for t in terms))


_TAX = _terms(
    r"tax, taxes, vat, gst, hst, pst, qst, tva, iva, mwst, ust, igv, impuestos?, taxes?, steuer,",
    r"umsatzsteuer, mehrwertsteuer, withholding, igst, cgst, sgst, mw st",
)
_NET = _terms(
    r"net, nett, netto, neto, nettobetrag, excl, excluding, exclusive, ex (tax|vat|gst),",
    r"pre tax, before (tax|taxes|vat), ht, hors taxes?, sin (iva|impuestos?), ohne (mwst|ust|steuer),",
    r"sans (tva|taxes?)",
)
_GROSS = _terms(
    r"gross, brutto, bruto, bruttobetrag, incl, including, inclusive, inc (tax|vat|gst),",
    r"with (tax|vat|gst), after (tax|taxes), ttc, con iva, mit (mwst|ust), toutes taxes comprises",
)

# Each field's words by weight; a header goes to the field it reads as most strongly.
_FIELD_WORDS: dict[str, tuple[tuple[int, re.Pattern[str]], ...]] = {
    "invoice_no": (
        (
            5,
            _terms(
                r"(vendor |supplier )?invoice (#|no|nr|num|number|numero|id|ref|reference),",
                r"inv (#|no|nr|num|number), bill (#|no|number), (n|no|num|numero|nr) (de )?factur[ea],",
                r"factur[ea] (#|n|no|nr|num|numero), rechnungs ?(nummer|nr|no), rechnung (nr|no|nummer)",
            ),
        ),
        (3, re.compile(r"^(vendor |supplier )?(invoice|facture|factura|rechnung)$")),
        (2, re.compile(r"^(document|doc) (#|no|number)$")),
    ),
    "period": (
        (
            5,
            _terms(
                r"(billing|billed|service|invoice|invoiced|usage|reporting|accounting) (period|month),",
                r"month of service, period (covered|of service), periode (de )?(facturation|service),",
                r"periode facturee, mois (de )?(facturation|service|prestation), periodo (de )?",
                r"(facturacion|servicio), mes (de )?(facturacion|servicio), (leistungs|abrechnungs|",
                r"rechnungs)(zeitraum|monat|periode), (leistungs|abrechnungs)? ?(zeitraum|monat)",
            ),
        ),
        (
            4,
            _terms(
                r"(service|billing) dates?, date of service, (period|month) (end|ending|start),",
                r"period, month, periode, mois, periodo, mes, zeitraum, monat",
            ),
        ),
        (2, re.compile(r"^(date|fecha|datum)$")),
    ),
    "program": (
        (
            5,
            _terms(
                r"programs?, programmes?, campaigns?, lob, lobs, lines? of business, programas?,",
                r"campanas?, campagnes?, kampagnen?, programm",
            ),
        ),
        (
            4,
            _terms(
                r"projects?, projets?, proyectos?, projekte?, business lines?, linea de negocio,",
                r"ligne de (metier|service|produit), geschaftsbereich, workstreams?, service lines?",
            ),
        ),
        (2, re.compile(r"^(client |customer )?accounts?$")),
    ),
    "site": (
        (
            5,
            _terms(
                r"sites?, locations?, delivery (cent(er|re)|location|site)s?, standorte?, sitios?,",
                r"sedes?, ubicacion(es)?, localisation, lieu",
            ),
        ),
        (4, _terms(r"cent(er|re)s?, centros?, facility, facilities, hubs?")),
        (2, _terms(r"city, cities, ville, ciudad, country, pays, pais")),
    ),
    "channel": (
        (5, _terms(r"channels?, media types?, canal, canaux, canales, kanal, kanale")),
        (3, _terms(r"media, medium, contact (type|channel), type of contact, interaction type")),
    ),
    "unit": (
        (
            5,
            _terms(
                r"uom, u m, units? of (measure|measurement), unit (type|basis), (billing|pricing|",
                r"charge) (unit|basis), unite( de mesure)?, unidad( de medida)?, einheit,",
                r"mengeneinheit, abrechnungseinheit",
            ),
        ),
        (4, re.compile(r"^((billable|billed|service) )?unit$")),
        (2, re.compile(r"^(measure|basis)$")),
    ),
    "units": (
        (
            5,
            _terms(
                r"qty, quantity, quantities, units, (billable|billed|invoiced) (units|quantity),",
                r"(no|number) of units, quantite, qte, cantidad, cant, unidades, menge, anzahl,",
                r"volume, volumes, volumen",
            ),
        ),
        (
            4,
            _terms(
                r"(billable|billed|productive|handled|talk|logged|paid|invoiced) (hours|minutes|",
                r"mins|hrs)",
            ),
        ),
        (
            3,
            _terms(
                r"hours, hrs, minutes, mins, ftes?, seats, headcount, heures, horas, minutos,",
                r"stunden, minuten, count, transactions, contacts, calls, interactions",
            ),
        ),
    ),
    "rate": (
        (
            5,
            _terms(
                r"rates?, unit (price|rate|cost), (price|rate|cost) per \w+, (bill|billing|hourly|",
                r"contract) rate, prix unitaire, tarifs?, taux, precio unitario, tarifa,",
                r"valor unitario, einzelpreis, stundensatz, verrechnungssatz",
            ),
        ),
        (4, _terms(r"price, prix, precio, preis")),
        (3, _terms(r"pu")),
    ),
    "amount": (
        (
            4,
            _terms(
                r"amount, amt, line total, extended (amount|price|cost|total|value), ext (amount|",
                r"price|amt), line (amount|value), (billed|invoice|invoiced|line item) amount,",
                r"charges?, fees?, montant, importe, monto, betrag, gesamtbetrag, gesamtpreis,",
                r"(prix|precio|valor) total, nettobetrag, bruttobetrag",
            ),
        ),
        (
            3,
            re.compile(
                r"^(line |grand |invoice |item )?total( amount| price| cost| charges?| value"
                r"| fees?)?( (net|gross|ht|ttc|incl|excl|including|excluding)( \w+)*)?$"
                r"|^(total|montant|importe) (ht|ttc|neto|net|brut|con iva|sin iva)$"
            ),
        ),
        (2, re.compile(r"^(cost|value|total cost|summe|net|gross)$")),
    ),
    "description": (
        (
            5,
            _terms(
                r"descriptions?, desc, (service|item|line) description, libelle, designation,",
                r"descripcion, beschreibung, bezeichnung, leistungsbeschreibung, concepto, detalle,",
                r"particulars, narrative",
            ),
        ),
        (
            4,
            re.compile(
                r"^((line )?items?|item name|details?|services?|prestations?|servicios?"
                r"|leistung(en)?|memo)$"
            ),
        ),
        (2, re.compile(r"^(notes?|product|products|article|artikel)$")),
    ),
}
_NOT_PERIOD = _terms(
    r"(invoice|issue|issued|due|payment|order|po|document|print|posting) date, date (de |d )?",
    r"(facture|echeance|emission), fecha de (factura|vencimiento|emision), rechnungsdatum,",
    r"falligkeit\w*, due",
)
_NOT_SITE = _terms(
    r"(cost|profit|responsibility) cent(er|re)s?, centre de (cout|profit), centro de (costo|coste|",
    r"beneficio), kostenstelle",
)
_NOT_RATE = _terms(r"exchange, fx, conversion, total, extended, ext, line")
# Ties go to the earlier field: the more specific reading of a header.
_PRIORITY = (
    "invoice_no",
    "period",
    "rate",
    "amount",
    "unit",
    "units",
    "channel",
    "site",
    "program",
    "description",
)


def _scores(header: str) -> dict[str, int]:
    """Each field's score for one header; none for a column identifying a person."""
    if people.header_reason(str(header), numeric=None) is not None:
        return {}
    words = _header_words(header)
    if not words:
        return {}
    scores: dict[str, int] = {}
    for field, weighted in _FIELD_WORDS.items():
        weight = max((w for w, pattern in weighted if pattern.search(words)), default=0)
        if weight:
            scores[field] = weight
    net, gross, tax = _NET.search(words), _GROSS.search(words), _TAX.search(words)
    if "amount" in scores or net or gross:
        if net and ("amount" in scores or words in ("net", "netto", "neto")):
            scores["amount"] = 5  # "Net amount", "Amount (excl. tax)", "Montant HT"
        elif gross:
            scores["amount"] = 2  # "Total incl. VAT", "Montant TTC": only without a net one
        elif tax:
            scores.pop("amount", None)  # "Tax amount", "VAT": the tax, not the line
    if tax and not net:
        scores.pop("rate", None)  # "Tax rate", "Taux de TVA"
    if "rate" in scores and _NOT_RATE.search(words):
        scores.pop("rate")  # "Exchange rate", "Extended price": not the price of one unit
    if "period" in scores and _NOT_PERIOD.search(words) and scores["period"] < 5:
        scores.pop("period")  # "Invoice date", "Due date": not the month billed
    if "site" in scores and _NOT_SITE.search(words):
        scores.pop("site")
    return scores


def suggest(headers: list[str]) -> dict[str, str]:
    """The automatic mapping: field -> header, for the fields some header reads as (in
    ``FIELDS`` order). Each header goes to the field it reads as most strongly (ties to the more
    specific field); among one field's headers the strongest reading wins, then the first. A
    column identifying a person is never mapped."""
    best: dict[str, tuple[int, int]] = {}  # field -> (score, position)
    for position, header in enumerate(headers):
        scores = _scores(str(header))
        if not scores:
            continue
        field = max(scores, key=lambda f: (scores[f], -_PRIORITY.index(f)))
        score = scores[field]
        if score >= 2 and (field not in best or score > best[field][0]):
            best[field] = (score, position)
    return {f: str(headers[best[f][1]]) for f in FIELDS if f in best}


# --- values: numbers ---------------------------------------------------------------------------

ACCEPTED_NUMBERS = (
    'amounts and quantities are numbers such as "1,234.50", "$1,234.50", "1.234,50 €", '
    '"(120.00)" or "-120.00"'
)
ACCEPTED_PERIODS = (
    'periods are months such as "2026-10", "Oct 2026", "10/2026" or a date in the month'
)

_SYMBOLS = "$€£¥₹₱₩₺₽¢"
_CODES = _CURRENCY_CODES.replace(" ", "|")
_CURRENCY_START = re.compile(
    rf"^(?:(?:us|ca|c|a|au|nz|r|s|hk|mx)?\$|[{_SYMBOLS}]|(?:{_CODES})(?![a-z]))\s*", re.IGNORECASE
)
_CURRENCY_END = re.compile(rf"\s*(?:[{_SYMBOLS}]|(?<![a-z])(?:{_CODES}))$", re.IGNORECASE)
_PER_UNIT = re.compile(r"\s*(?:/|\bper\b|\bpar\b|\bpor\b|\bpro\b)\s*[^\W\d_][^\d]*$", re.IGNORECASE)
_CREDIT = re.compile(r"\s*\bcr\.?$", re.IGNORECASE)
_DIGITS = re.compile(r"[\d.,' ]*\d|[.,]\d+|\d")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})


@dataclass(frozen=True)
class _Bad:
    reason: str


@dataclass(frozen=True)
class _Num:
    """A number as written: its sign, digits and separators (``core``), the decimal separator
    its writing shows ("1,234.50": "."), or the one separator that could be either ("1,234")."""

    negative: bool
    core: str
    decimal: str | None
    ambiguous: str | None


@functools.lru_cache(maxsize=4096)
def _scan(cell: object, *, money: bool, per_unit: bool = False) -> _Num | Decimal | _Bad | None:
    """A cell as a number: an .xlsx number as is, a text as a ``_Num`` to read once the column's
    decimal separator is known; None when blank; ``_Bad`` when it is no number."""
    if isinstance(cell, Decimal):
        return cell
    if isinstance(cell, dt.date):
        return _Bad("is a date, not a number")
    text = " ".join(str(cell).translate(_SPACES).replace("\u2212", "-").split())
    if not text:
        return None
    if re.fullmatch(r"[-–—]+", text) or (money and re.fullmatch(rf"[{_SYMBOLS}$]?\s*-", text)):
        return _Num(False, "0", None, None)  # an accounting zero: "-", "$ -"
    if "%" in text:
        return _Bad("is a percentage, not an amount" if money else "is a percentage")
    if per_unit:
        text = _PER_UNIT.sub("", text)
    signs = 0
    for _ in range(4):
        before = text
        if money:
            text = _CURRENCY_END.sub("", _CURRENCY_START.sub("", text)).strip()
            if _CREDIT.search(text):
                text, signs = _CREDIT.sub("", text), signs + 1
        if text.startswith("(") and text.endswith(")"):
            text, signs = text[1:-1].strip(), signs + 1
        if text[:1] in "-+":
            text, signs = text[1:].strip(), signs + (text[0] == "-")
        if text.endswith("-"):
            text, signs = text[:-1].strip(), signs + 1
        if text == before:
            break
    if signs > 1 or not _DIGITS.fullmatch(text):
        return _Bad("is not a number")
    core = text.replace("'", "").replace(" ", "")
    grouped = core != text  # spaces or apostrophes group the thousands: "," or "." is decimal
    commas, dots = core.count(","), core.count(".")
    decimal = ambiguous = None
    if commas and dots:
        decimal = "," if core.rfind(",") > core.rfind(".") else "."
    elif commas or dots:
        mark = "," if commas else "."
        whole, _, after = core.partition(mark)
        if commas + dots > 1:
            decimal = "." if mark == "," else ","  # "1,234,567": the marks group thousands
        elif grouped or len(after) != 3 or whole in ("", "0") or whole.startswith("-"):
            decimal = mark
        else:
            ambiguous = mark  # "1,234": 1234 or 1.234
    return _Num(signs == 1, text, decimal, ambiguous)


_SEPARATOR_NAMES = {".": "point", ",": "comma"}


def _value(number: _Num | Decimal, decimal: str | None) -> Decimal | _Bad:
    """The exact value of a scanned number, its column's decimal separator being ``decimal``."""
    if isinstance(number, Decimal):
        return number
    if number.decimal and decimal and number.decimal != decimal:
        return _Bad(
            f"is written with a decimal {_SEPARATOR_NAMES[number.decimal]} where the column's "
            f"numbers use a decimal {_SEPARATOR_NAMES[decimal]}"
        )
    mark = number.decimal or decimal or "."
    group = "." if mark == "," else ","
    whole, _, fraction = (
        number.core.partition(mark) if mark in number.core else (number.core, "", "")
    )
    if mark in fraction:
        return _Bad("is not a number")
    if re.search(rf"[ '{re.escape(group)}]", whole):
        western = rf"\d{{1,3}}(?:[ '{re.escape(group)}]\d{{3}})+"
        indian = r"\d{1,2}(?:,\d{2})+,\d{3}"  # lakhs and crores: "1,49,685.25"
        if not re.fullmatch(western, whole) and not (group == "," and re.fullmatch(indian, whole)):
            return _Bad("is not a number")
        whole = re.sub(r"\D", "", whole)
    if not re.fullmatch(r"\d*", whole) or not re.fullmatch(r"\d*", fraction):
        return _Bad("is not a number")
    try:
        value = Decimal(f"{whole or '0'}.{fraction}" if fraction else whole)
    except InvalidOperation:
        return _Bad("is not a number")
    return -value if number.negative else value


# --- values: periods, channels, units -----------------------------------------------------------

_MONTH_NAMES = {
    1: "january jan janvier janv enero ene januar janner",
    2: "february feb fevrier fevr fev febrero februar",
    3: "march mar mars marzo marz",
    4: "april apr avril avr abril abr",
    5: "may mai mayo",
    6: "june jun juin junio juni",
    7: "july jul juillet juil julio juli",
    8: "august aug aout agosto ago",
    9: "september sep sept septembre septiembre setiembre set",
    10: "october oct octobre octubre oktober okt",
    11: "november nov novembre noviembre",
    12: "december dec decembre diciembre dic dezember dez",
}
_MONTHS = {word: month for month, words in _MONTH_NAMES.items() for word in words.split()}
_PERIOD_FILLERS = frozenset(
    "to through thru till until au al a bis de del of the st nd rd th er le el des y and et und"
    " vom du from period month ending ended for".split()
)
_RANGE = re.compile(r"\s+(?:-|–|—|to|through|thru|au|al|bis|until)\s+", re.IGNORECASE)


def _month(year: int, month: int) -> str | _Bad:
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        return _Bad("is not a month")
    return f"{year:04d}-{month:02d}"


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _day_order(text: str) -> str | None:
    """ "dmy" or "mdy" when a date's numbers show their order ("31/10/2026", "10/31/2026")."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", text.strip())
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if a > 12 >= b:
        return "dmy"
    if b > 12 >= a:
        return "mdy"
    return None


def _period(cell: object, order: str | None) -> str | _Bad | None:
    """A month "YYYY-MM" from "2026-10", "Oct 2026", "10/2026", "October 2026", "Oct-26",
    "202610", a date in the month ("2026-10-31", "31/10/2026", a date cell), or a range of dates
    in one month; None when blank. ``order`` is the column's day/month order ("dmy", "mdy")."""
    if isinstance(cell, dt.date):
        return _month(cell.year, cell.month)
    if isinstance(cell, Decimal):
        cell = _plain(cell)
    text = " ".join(str(cell).split())
    if not text:
        return None
    parts = _RANGE.split(text)
    if len(parts) == 2:
        first, last = _period(parts[0], order), _period(parts[1], order)
        if isinstance(first, str) and isinstance(last, str):
            return first if first == last else _Bad("spans more than one month")
    return _one_period(text, order)


def _one_period(text: str, order: str | None) -> str | _Bad:
    folded = fold_text(text).lower().strip()
    folded = re.sub(r"[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[ap]m)?$", "", folded).strip()
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?", folded)
    if m:
        return _month(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", folded)
    if m:
        return _month(int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(r"(20\d{2})(0[1-9]|1[0-2])", folded)
    if m:
        return _month(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", folded)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        own = _day_order(folded) or order
        if own == "dmy":
            return _month(year, b)
        if own == "mdy":
            return _month(year, a)
        # Neither says: a billing date is the first or the last day of its month.
        fits = {
            _month(year, month)
            for day, month in ((a, b), (b, a))
            if 1 <= month <= 12 and day in (1, _last_day(year, month))
        }
        if len(fits) == 1:
            return fits.pop()
        return _Bad(
            f'could be month {a} or month {b} of {year}: write it as "{year}-{a:02d}" or '
            f'"{year}-{b:02d}"'
        )
    m = re.fullmatch(r"([a-z]+)\.?[\s\-'./]*(\d{2})", folded)
    if m and m.group(1) in _MONTHS:
        return _month(_year(m.group(2)), _MONTHS[m.group(1)])  # "Oct-26", "Oct '26"
    tokens = re.findall(r"[a-z]+|\d+", folded)
    months = {_MONTHS[t] for t in tokens if t in _MONTHS}
    years = {int(t) for t in tokens if len(t) == 4 and t.isdigit()}
    others = [
        t
        for t in tokens
        if t not in _MONTHS
        and t not in _PERIOD_FILLERS
        and not (t.isdigit() and (len(t) == 4 or 1 <= int(t) <= 31))
    ]
    if len(months) == 1 and len(years) == 1 and not others:
        return _month(years.pop(), months.pop())
    if len(months) > 1 and years and not others:
        return _Bad("spans more than one month")
    return _Bad("is not a month")


def _last_day(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


_CHANNEL_WORDS = {
    "voice": _terms(
        r"voice, phone, telephone, telephony, calls?, ivr, voix, telephonique, voz, llamadas?,",
        r"telefon\w*, anrufe?, appels?, sprache",
    ),
    "chat": _terms(r"chats?, webchat, livechat, tchat"),
    "email": _terms(r"e ?mails?, courriels?, correos?( electronicos?)?, mail"),
    "messaging": _terms(
        r"messaging, messages?, sms, text, whats ?app, messenger, in app, async, messagerie,",
        r"mensajeria, mensajes, nachrichten, rcs",
    ),
    "social": _terms(
        r"social( media)?, twitter, facebook, instagram, tiktok, reseaux sociaux, redes sociales,",
        r"soziale medien",
    ),
    "back_office": _terms(
        r"back ?office, non ?voice, case ?work, fulfil+ment, processing, data entry, admin,",
        r"traitement, backoffice, sachbearbeitung",
    ),
}


@functools.lru_cache(maxsize=4096)
def _channel(text: str) -> str | None:
    """One of the catalogue's channels when the text reads as exactly one ("Inbound voice",
    "Phone", "Webchat", "E-mail", "Back office"); else the text as given; None when blank."""
    if not text:
        return None
    words = _words(text)
    found = [c for c in CHANNELS if _CHANNEL_WORDS[c].search(words)]
    return found[0] if len(found) == 1 else text


_UNIT_WORDS = (
    (
        "training_hour",
        _terms(
            r"training, train, nesting, nest, ramp( ?up)?, onboarding, uptraining, induction, ojt,",
            r"formation, capacitacion, entrenamiento, schulung\w*, einarbeitung\w*",
        ),
    ),
    (
        "fte",
        _terms(
            r"ftes?, full time equivalents?, seats?, headcount, hc, heads?, postes?, puestos?,",
            r"asientos?, arbeitsplatze?, etp",
        ),
    ),
    ("handled_minute", _terms(r"minutes?, mins?, minutos?, minuten, mn")),
    ("productive_hour", _terms(r"hours?, hrs?, h, heures?, horas?, stunden?, std")),
    (
        "contact",
        _terms(
            r"contacts?, calls?, transactions?, interactions?, tickets?, cases?, emails?, chats?,",
            r"contactos?, llamadas?, appels?, anrufe?, kontakte?, vorgange?, transacciones?,",
            r"interacciones?, handled",
        ),
    ),
)


@functools.lru_cache(maxsize=4096)
def _unit(text: str) -> str:
    """The unit of measure ``UNITS`` names: training (nesting, ramp) hours, FTE (seats,
    headcount), handled minutes, productive hours, contacts; anything else is "other"."""
    words = _words(text)
    return next((unit for unit, pattern in _UNIT_WORDS if pattern.search(words)), "other")


# --- summary rows ------------------------------------------------------------------------------

# A label is read as words without numbers, currency codes and a "less"/"plus" in front.
_SUMMARY_LABELS = (
    (
        "subtotal",
        True,
        re.compile(
            r"(sub ?totals?|sous totals?|subtotales?|zwischen ?summen?|zwischentotal"
            r"|total (parcial|partiel))( .*)?"
        ),
    ),
    (
        "amount due",
        False,
        re.compile(
            r"((total|balance|amount|net amount|invoice amount|total amount|montant|solde|saldo"
            r"|importe|monto|betrag|rechnungsbetrag|net|invoice total) )?(now )?(due|payable"
            r"|owing|outstanding|a payer|du|pendiente|a pagar|adeudado|fallig|zahlbar|to pay)"
            r"( .*)?|net a payer|reste a payer|please (pay|remit)( .*)?|zu zahlen( .*)?"
        ),
    ),
    (
        "payment",
        False,
        re.compile(
            r"(less )?payments? (received|applied)( .*)?|previous balance|balance (forward"
            r"|brought forward)|amount paid( .*)?|paid to date|solde anterieur"
        ),
    ),
    (
        "tax",
        False,
        re.compile(
            r"((sales|state|local|county|city|federal|provincial|withholding|service|use"
            r"|value added|goods and services) )?(tax|taxes|vat|gst|igst|cgst|sgst|hst|pst|qst|tva|iva|mw ?st|ust"
            r"|igv|impuestos?|taxes?|steuer|umsatzsteuer|mehrwertsteuer|retencion|retenue)( .*)?"
        ),
    ),
    (
        "discount",
        False,
        re.compile(
            r"((volume|early payment|prompt payment|loyalty|total|trade) )?(discounts?|rebates?"
            r"|remises?|descuentos?|rabatt|rabatte|skonto|bonificacion)( .*)?"
        ),
    ),
    (
        "total",
        True,
        re.compile(
            r"((grand|invoice|net|gross|overall|document|montant|importe|prix) )?totals?"
            r"( (amount|amounts|invoice|invoiced|net|gross|ht|ttc|hors|taxes?|toutes|comprises"
            r"|incl|including|inclusive|excl|excluding|exclusive|ex|before|after|vat|gst|tva|iva"
            r"|mwst|services?|charges|fees|this|period|month|general|generale|factura|rechnung"
            r"|brut|brutto|netto|neto|bruto|en|euros|dollars|con|sin|mit|ohne|lines|billed"
            r"|all|hours|minutes|units|qty|quantity|seats|ftes?))*|totals? (for|of) .+"
            r"|gesamt(summe|betrag)?|endsumme|endbetrag|rechnungssumme|rechnungsbetrag|summe"
            r"|somme|sum"
        ),
    ),
)
_LABEL_NOISE = frozenset({"less", "plus", "add", "at", "#", *_CURRENCY_WORDS})


@functools.lru_cache(maxsize=4096)
def _summary(text: str) -> tuple[str, bool] | None:
    """(kind, may hold units) when a cell is a summary row's label ("Subtotal", "Sales tax
    (8.25%)", "TOTAL DUE", "Balance due"), else None. The whole cell must read so: "Total care"
    is a program."""
    words = " ".join(w for w in _words(text).split() if not w.isdigit() and w not in _LABEL_NOISE)
    if not words:
        return None
    for kind, with_units, pattern in _SUMMARY_LABELS:
        if pattern.fullmatch(words):
            return kind, with_units
    return None


# --- shown in messages -------------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    """A number as text without exponent, a whole one without ".0": 10042.0 -> "10042"."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _shown(cell: object) -> str:
    text = " ".join(_text(cell).split())
    return text if len(text) <= _CELL_SHOWN else text[: _CELL_SHOWN - 1] + "…"


def _header_shown(header: str) -> str:
    return header if len(header) <= _HEADER_SHOWN else header[: _HEADER_SHOWN - 1] + "…"


def _listed(headers: Iterable[str]) -> str:
    return ", ".join(f'"{_header_shown(h)}"' for h in headers) or "(none)"


# --- the file as a grid ------------------------------------------------------------------------

Cell = str | Decimal | dt.date  # CSV cells are text; .xlsx cells keep their numbers and dates
Grid = list[list[Cell]]  # the file's rows in order (row n is grid[n - 1])


def _text(cell: object) -> str:
    if isinstance(cell, Decimal):
        return _plain(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _load(source: bytes | bytearray | memoryview | Path | str, name: str) -> bytes:
    return small_file.load(
        source,
        name,
        limit=MAX_BYTES,
        what="an invoice export",
        advice="Ask the vendor for one month's invoice per file.",
    )


def _csv_grid(data: bytes, name: str) -> Grid:
    return small_file.csv_grid(data, name, again="Ask the vendor to export the invoice again.")


def _xlsx_cell(value: object, number_format: str | None) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        number = Decimal(str(value))  # the value as Excel shows it, never float arithmetic
        if "%" in (number_format or ""):
            return f"{_plain(number * 100)}%"  # a percentage, as the sheet shows it
        return number
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def _xlsx_grid(data: bytes, name: str) -> Grid:
    """The first visible worksheet holding any value: numbers as ``Decimal``, dates as dates."""
    return small_file.xlsx_grid(
        data,
        name,
        _xlsx_cell,
        again="Ask the vendor to save it again from Excel, or to export CSV.",
    )


def _grid(data: bytes, name: str) -> Grid:
    kind = sniff(data[:HEAD_BYTES], name, data, None)
    return _xlsx_grid(data, name) if kind == "xlsx" else _csv_grid(data, name)


# --- the table: the header row and the rows below it -------------------------------------------


@dataclass(frozen=True)
class _Table:
    names: list[str]  # a header per column kept
    columns: list[int]  # each kept column's index in the grid's rows
    rows: list[tuple[int, list[Cell]]]  # (row number, cells) below the header to the last filled


def _filled(row: list[Cell]) -> list[str]:
    return [t for t in (_text(c) for c in row) if t]


def _cell(row: list[Cell], i: int) -> Cell:
    if i >= len(row):
        return ""
    value = row[i]
    return value.strip() if isinstance(value, str) else value


_VALUE_WORDS = re.compile(rf"\b(?:{'|'.join(_MONTHS)}|{_CODES})\b", re.IGNORECASE)


def _is_value(text: str) -> bool:
    """A cell that reads as data (a number, an amount, a date) rather than a name."""
    if not any(ch.isdigit() for ch in text):
        return False
    return not re.search(r"[^\W\d_]{3,}", _VALUE_WORDS.sub(" ", text))


def _reads_as_header(cells: list[str]) -> bool:
    """Two or more names, mostly not values nor "Label:" cells, of which two or more read as
    fields, one of them a line's units, unit, rate or amount."""
    if len(cells) < 2:
        return False
    names = [c for c in cells if not _is_value(c) and not c.endswith(":")]
    if len(names) < 0.75 * len(cells):
        return False
    found = suggest(names)
    return len(found) >= 2 and bool({"units", "unit", "rate", "amount"} & set(found))


def _header_index(grid: Grid, name: str) -> int:
    """The first row among the first ones that reads as an invoice's header; else the first row
    of two or more names above rows holding numbers (a title block above is passed over); else
    the first row of two or more names."""
    non_empty = [i for i, r in enumerate(grid) if _filled(r)]
    if not non_empty:
        raise InvalidInput(f"{name} has no data: every row is empty.")
    for i in non_empty[:_HEADER_SEARCH]:
        if _reads_as_header(_filled(grid[i])):
            return i
    for position, i in enumerate(non_empty[:_HEADER_SEARCH]):
        cells = _filled(grid[i])
        below = non_empty[position + 1 : position + 4]
        if (
            len(cells) >= 2
            and all(not _is_value(c) for c in cells)
            and any(_is_value(c) for j in below for c in _filled(grid[j]))
            and all(len(_filled(grid[j])) <= len(cells) + 1 for j in below)
        ):
            return i
    for i in non_empty[:_HEADER_SEARCH]:
        cells = _filled(grid[i])
        if len(cells) >= 2 and all(not _is_value(c) for c in cells):
            return i  # names above no numbers: the file's other checks say what it lacks
    raise InvalidInput(
        f"{name} has no header row that can be found: a row of column names (such as "
        '"Description", "Quantity", "Unit price", "Amount") above the invoice lines.'
    )


def _table(grid: Grid, name: str) -> _Table:
    h = _header_index(grid, name)
    width = max((len(r) for r in grid[h:]), default=0)
    while width and not any(_text(_cell(r, width - 1)) for r in grid[h:]):
        width -= 1
    raw = [" ".join(_text(_cell(grid[h], i)).split()) or None for i in range(width)]
    names, generated = unique_names(raw)
    last = max((n for n in range(h + 1, len(grid)) if _filled(grid[n])), default=h)
    rows = [(n + 1, grid[n]) for n in range(h + 1, last + 1)]
    lines = sum(1 for _, r in rows if _filled(r))
    if lines > MAX_ROWS:
        raise InvalidInput(
            f"{name} holds {lines:,} lines; an invoice export is at most {MAX_ROWS:,}. Ask the "
            "vendor for one month's invoice per file, its lines summed per program, site and "
            "channel."
        )
    # A column without a header and without a value is no column at all.
    kept = [
        i for i in range(width) if i not in generated or any(_text(_cell(r, i)) for _, r in rows)
    ]
    return _Table(names=[names[i] for i in kept], columns=kept, rows=rows)


# --- never per person --------------------------------------------------------------------------

# Columns that identify the vendor, the client or the document, whose values are not looked at.
_PARTY = _terms(
    r"vendors?, suppliers?, providers?, bill to, ship to, sold to, remit( to)?, address\w*,",
    r"customers?, clients?, company, companies, attn, attention, contact, prepared by,",
    r"approved by, fournisseur, prestataire, proveedor, lieferant, adresse, direccion",
)
_PARTS = re.compile(r"\s[-–—|/]\s|[:;()\[\]|]|\s[–—]|[–—]\s")
_PERSON_KINDS = {"a person's name", "a login", "an e-mail address", people.STAFF_NUMBER}


@functools.lru_cache(maxsize=4096)
def _person_kind(part: str) -> str | None:
    return people.person_kind(part)


def _numeric(table: _Table, position: int) -> bool:
    """Whether a column holds numbers (four in five of its filled cells, at least one)."""
    cells = [_cell(r, table.columns[position]) for _, r in table.rows]
    filled = [c for c in cells if _text(c)]
    numbers = sum(1 for c in filled if isinstance(_scan(c, money=True), Decimal | _Num))
    return bool(filled) and numbers >= 0.8 * len(filled)


def _measure(header: str) -> bool:
    """A header that counts or times people ("Agent hours", "FTE agents", "# of agents")."""
    words = people.header_words(header)
    return bool(set(words) & people.MEASURE_WORDS) or (
        bool(words) and words[0] in people.COUNT_OPENERS | {"#"}
    )


def _person_columns(table: _Table) -> list[str]:
    """The headers of columns identifying individual staff: by ``is_person_column`` or the agent
    guard's reading of the header; a column of numbers headed by a measure is not one."""
    found = []
    for position, header in enumerate(table.names):
        numeric = _numeric(table, position)
        if people.header_reason(header, numeric=numeric) is not None:
            found.append(header)
        elif is_person_column(header) and not (numeric and _measure(header)):
            found.append(header)
    return found


def _person_values(table: _Table, mapping: dict[str, int]) -> list[tuple[str, list[int]]]:
    """(header, rows) for each text column (the description, and the columns not read but those
    naming the vendor, the client or the document) whose values name at least
    ``MIN_PERSON_VALUES`` different people; no value is returned."""
    labels = {p for f, p in mapping.items() if f != "description"}
    found = []
    for position, header in enumerate(table.names):
        if position in labels or (
            position != mapping.get("description") and _PARTY.search(_words(header))
        ):
            continue
        seen: set[str] = set()
        rows: list[int] = []
        for number, cells in table.rows:
            cell = _cell(cells, table.columns[position])
            if not isinstance(cell, str) or not cell:
                continue
            for part in _PARTS.split(cell):
                part = part.strip(" .,-")
                if part and _person_kind(part) in _PERSON_KINDS:
                    seen.add(fold_text(part).casefold())
                    rows.append(number)
                    break
        if len(seen) >= MIN_PERSON_VALUES:
            found.append((header, rows))
    return found


def _per_person(name: str, what: list[str]) -> InvalidInput:
    return InvalidInput(
        f"{name} bills per person: {'; '.join(what)}. Invoices are read at program, site and "
        "channel level, never per person (directing or evaluating individual vendor staff "
        "creates co-employment risk). Ask the vendor to send the lines summed per program, site "
        "and channel, not per person."
    )


def _rows_shown(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:MAX_PROBLEMS])
    return shown + (f" and {len(rows) - MAX_PROBLEMS} more" if len(rows) > MAX_PROBLEMS else "")


# --- mapping -----------------------------------------------------------------------------------


def _key(header: str) -> str:
    return " ".join(str(header).split()).casefold()


def _mapping(table: _Table, columns: Mapping[str, str | None] | None, name: str) -> dict[str, int]:
    """field -> position in ``table.names``: the fields ``columns`` names, the rest suggested."""
    chosen: dict[str, int] = {}
    excluded: set[str] = set()
    lookup = {_key(header): position for position, header in enumerate(table.names)}
    for field, header in (columns or {}).items():
        if field not in FIELDS:
            raise InvalidInput(
                f"columns names {field!r}, which is not an invoice field; the fields are "
                f"{', '.join(FIELDS)}."
            )
        if header is None or not str(header).strip():
            excluded.add(field)
            continue
        position = lookup.get(_key(header))
        if position is None:
            raise InvalidInput(
                f'{name} has no column "{_header_shown(str(header).strip())}" (given for '
                f"{field}). Its columns: {_listed(table.names)}."
            )
        if position in chosen.values():
            other = next(f for f, p in chosen.items() if p == position)
            raise InvalidInput(
                f'columns gives "{_header_shown(table.names[position])}" for both {other} and '
                f"{field}; one column serves one field."
            )
        chosen[field] = position
    free = [p for p in range(len(table.names)) if p not in chosen.values()]
    suggested = suggest([table.names[p] for p in free])
    by_name = {table.names[p]: p for p in free}
    for field, header in suggested.items():
        if field not in chosen and field not in excluded:
            chosen[field] = by_name[header]
    return {f: chosen[f] for f in FIELDS if f in chosen}


def _missing(name: str, headers: list[str], mapping: dict[str, int]) -> InvalidInput | None:
    lacking = []
    if "units" not in mapping:
        lacking.append('units column (a header such as "Quantity", "Qty" or "Billable units")')
    if "amount" not in mapping and "rate" not in mapping:
        lacking.append(
            'amount column (a header such as "Amount", "Line total" or "Net amount") nor rate '
            'column ("Unit price", "Rate") to work the amount out from the units'
        )
    if not lacking:
        return None
    return InvalidInput(
        f"{name} has no {' and no '.join(lacking)}. Its columns: {_listed(headers)}. Name them "
        'with columns, for example columns={"units": "<header>", "amount": "<header>"}.'
    )


# --- reading -----------------------------------------------------------------------------------


def exactly(columns: Mapping[str, str]) -> dict[str, str | None]:
    """A remembered mapping (field -> header) as ``read``'s ``columns`` that repeats it exactly:
    every field it leaves out is left unread (None), not suggested."""
    return {field: columns.get(field) for field in FIELDS}


def headers(source: bytes | Path, *, file_name: str) -> list[str]:
    """The headers of an invoice export as ``read`` names them (the header row below any title
    block), for a person to pick the columns ``read`` should use when its suggestion missed;
    ``InvalidInput`` as ``read`` for a file it cannot read."""
    name = uploads.base_name(file_name, "The file")
    return list(_table(_grid(_load(source, name), name), name).names)


def read(
    source: bytes | Path,
    *,
    file_name: str,
    columns: dict[str, str | None] | None = None,
) -> InvoiceFile:
    """Read a vendor's invoice export (an upload's bytes, or a path) into an ``InvoiceFile``.

    ``file_name`` is used in messages only. ``columns`` maps a field of ``FIELDS`` to a header of
    the file (case and surrounding spaces ignored), overriding ``suggest`` for that field; a
    field given as None or "" is not read.

    Raises ``InvalidInput`` (a plain message naming the file) when the file is empty, not CSV or
    .xlsx, over ``MAX_BYTES`` or ``MAX_ROWS``, bills per person, has no units column or neither
    an amount nor a rate column (the message lists its headers), ``columns`` names a header the
    file lacks, a number column never shows its decimal separator, or cells cannot be read as
    numbers or months (every such cell by row and column, up to ``MAX_PROBLEMS``).
    """
    name = uploads.base_name(file_name, "The file")
    table = _table(_grid(_load(source, name), name), name)
    persons = _person_columns(table)
    if persons:
        raise _per_person(
            name,
            [f'column "{_header_shown(h)}" identifies individual vendor staff' for h in persons],
        )
    mapping = _mapping(table, columns, name)
    named = _person_values(table, mapping)
    if named:
        raise _per_person(
            name,
            [
                f'column "{_header_shown(h)}" names individual people on rows {_rows_shown(rows)}'
                for h, rows in named
            ],
        )
    missing = _missing(name, table.names, mapping)
    if missing:
        raise missing
    return _Reader(name, table, mapping).read()


_NUMBER_FIELDS = ("units", "rate", "amount")

_Scan = _Num | Decimal | _Bad | None


class _Reader:
    """One file's lines read with its mapping. The number columns are scanned first, so that
    each column's decimal separator is decided from all its cells, and the period column, so
    that its day/month order is."""

    def __init__(self, name: str, table: _Table, mapping: dict[str, int]) -> None:
        self.name, self.table, self.mapping = name, table, mapping
        self.problems: list[tuple[int, int, str]] = []  # (row, column position, text)
        self.kinds: set[str] = set()
        self.by_number = dict(table.rows)
        self.scans: dict[str, dict[int, _Scan]] = {
            field: {
                number: _scan(
                    self.cell(cells, field), money=field != "units", per_unit=field == "rate"
                )
                for number, cells in table.rows
            }
            for field in _NUMBER_FIELDS
            if field in mapping
        }

    def cell(self, cells: list[Cell], field: str) -> Cell:
        if field not in self.mapping:
            return ""
        return _cell(cells, self.table.columns[self.mapping[field]])

    def text(self, cells: list[Cell], field: str) -> str:
        return " ".join(_text(self.cell(cells, field)).split())

    def header(self, field: str) -> str:
        return _header_shown(self.table.names[self.mapping[field]])

    def problem(self, number: int, field: str, cell: Cell, reason: str, kind: str) -> None:
        self.kinds.add(kind)
        where = f'row {number}, column "{self.header(field)}"'
        text = f"{where} {reason}" if not _text(cell) else f'{where}: "{_shown(cell)}" {reason}'
        self.problems.append((number, self.mapping[field], text))

    # -- what the columns show as a whole

    def decimals(self) -> dict[str, str | None]:
        """Each number column's decimal separator: what most of its cells show, else what the
        file's other number columns show; a column showing neither, with a cell such as "1,234"
        that reads either way, is refused."""
        evidence = {
            field: Counter(s.decimal for s in scans.values() if isinstance(s, _Num) and s.decimal)
            for field, scans in self.scans.items()
        }
        chosen: dict[str, str | None] = {}
        for field, counts in evidence.items():
            if counts["."] and counts["."] == counts[","]:
                raise self.mixed(field)
            chosen[field] = _majority(counts)
        overall = sum(evidence.values(), Counter())
        for field in evidence:
            chosen[field] = chosen[field] or _majority(overall)
            if chosen[field] is None:
                for number, scan in self.scans[field].items():
                    if isinstance(scan, _Num) and scan.ambiguous:
                        raise self.undecided(field, self.cell(self.by_number[number], field), scan)
        return chosen

    def mixed(self, field: str) -> InvalidInput:
        return InvalidInput(
            f'{self.name}: column "{self.header(field)}" cannot be read: as many of its numbers '
            "use a decimal point as use a decimal comma, so which one is its decimal separator "
            'is not clear. Ask the vendor to write every number the same way (e.g. "1,234.50").'
        )

    def undecided(self, field: str, cell: Cell, scan: _Num) -> InvalidInput:
        mark = scan.ambiguous or ","
        return InvalidInput(
            f'{self.name}: column "{self.header(field)}" cannot be read: "{_shown(cell)}" could '
            f'use "{mark}" as a thousands separator or as a decimal {_SEPARATOR_NAMES[mark]}, '
            "and no number in the file shows which. Ask the vendor to write the numbers with "
            'their decimals (e.g. "1,234.00" or "1.234,00"), or to send the invoice as .xlsx.'
        )

    def day_order(self) -> str | None:
        """ "dmy" or "mdy" when the period column's dates show it ("31/10/2026"), else None."""
        if "period" not in self.mapping:
            return None
        counts: Counter[str] = Counter()
        for _, cells in self.table.rows:
            cell = self.cell(cells, "period")
            if isinstance(cell, str):
                counts.update(o for part in _RANGE.split(cell) if (o := _day_order(part)))
        return _majority(counts)

    # -- one row

    def summary(self, cells: list[Cell], units: _Scan) -> str | None:
        """The reason to skip a subtotal, total, tax, discount, payment or amount-due row: a
        label in any text cell, and no unit (nor units, but for totals and subtotals)."""
        if self.text(cells, "unit"):
            return None
        for i in self.table.columns:
            cell = _cell(cells, i)
            if not isinstance(cell, str) or not cell or isinstance(_scan(cell, money=True), _Num):
                continue
            found = _summary(cell)
            if found and (found[1] or not isinstance(units, _Num | Decimal)):
                return f'{found[0]} row ("{_shown(cell)}")'
        return None

    def unlabelled(self, cells: list[Cell]) -> bool:
        """Whether a row holds nothing but numbers in the units, rate and amount columns."""
        numbers = {self.table.columns[self.mapping[f]] for f in self.scans}
        return not any(_text(_cell(cells, i)) for i in self.table.columns if i not in numbers)

    def period(self, number: int, cells: list[Cell], order: str | None) -> str | _Bad | None:
        """The row's month; a cell that is none is reported (and returned as ``_Bad``)."""
        cell = self.cell(cells, "period")
        period = _period(cell, order)
        if isinstance(period, _Bad):
            self.problem(number, "period", cell, period.reason, "period")
        return period

    def line(
        self, number: int, cells: list[Cell], values: dict[str, Decimal | None], period: str | None
    ) -> InvoiceRow | None:
        """The row as a line, or None when it lacks its units, or both its amount and rate."""
        units, rate, amount = values["units"], values["rate"], values["amount"]
        if units is None:
            self.problem(number, "units", "", "is blank: a line needs its units", "number")
            return None
        if amount is None:
            if rate is None:
                field = "amount" if "amount" in self.mapping else "rate"
                reason = (
                    "is blank, and the line has no rate to work the amount out from"
                    if field == "amount"
                    else "is blank: without an amount column a line needs its rate"
                )
                self.problem(number, field, "", reason, "number")
                return None
            amount = (units * rate).quantize(_CENT, rounding=ROUND_HALF_UP)
        unit_text = self.text(cells, "unit")
        unit = _unit(unit_text) if unit_text else "other"
        description = self.text(cells, "description") or None
        if unit == "other" and description is None and unit_text:
            description = unit_text
        return InvoiceRow(
            row=number,
            invoice_no=self.text(cells, "invoice_no") or None,
            period=period,
            program=self.text(cells, "program") or None,
            site=self.text(cells, "site") or None,
            channel=_channel(self.text(cells, "channel")),
            unit=unit,
            units=units,
            rate=rate,
            amount=amount,
            description=description,
        )

    def read(self) -> InvoiceFile:
        decimals, order = self.decimals(), self.day_order()
        rows: list[InvoiceRow] = []
        skipped: list[tuple[int, str]] = []
        since_total = Decimal(0)  # the lines' amounts since the last summary row
        for number, cells in self.table.rows:
            if not _filled(cells):
                skipped.append((number, "blank line"))
                continue
            scans = {f: self.scans[f][number] if f in self.scans else None for f in _NUMBER_FIELDS}
            summary = self.summary(cells, scans["units"])
            if summary:
                skipped.append((number, summary))
                since_total = Decimal(0)
                continue
            if all(s is None for s in scans.values()):
                skipped.append((number, "no units, rate or amount (a heading or a note)"))
                continue
            values: dict[str, Decimal | None] = {}
            readable = True
            for field, scan in scans.items():
                value = (
                    scan
                    if scan is None or isinstance(scan, _Bad)
                    else _value(scan, decimals[field])
                )
                if isinstance(value, _Bad):
                    self.problem(number, field, self.cell(cells, field), value.reason, "number")
                    readable, value = False, None
                values[field] = value
            period = self.period(number, cells, order)
            if not readable or isinstance(period, _Bad):
                continue
            amount = values["amount"]
            if rows and amount is not None and amount == since_total and self.unlabelled(cells):
                skipped.append((number, "a total without its label (the sum of the lines above)"))
                since_total = Decimal(0)
                continue
            line = self.line(number, cells, values, period)
            if line:
                rows.append(line)
                since_total += line.amount
        if self.problems:
            raise _unreadable(self.name, self.problems, self.kinds)
        used = set(self.mapping.values())
        return InvoiceFile(
            file_name=self.name,
            rows=rows,
            mapping={f: self.table.names[p] for f, p in self.mapping.items()},
            ignored=[h for p, h in enumerate(self.table.names) if p not in used],
            skipped=sorted(skipped),
        )


def _majority(counts: Counter[str]) -> str | None:
    """The most counted key; None when there is none or two share the most."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _unreadable(name: str, problems: list[tuple[int, int, str]], kinds: set[str]) -> InvalidInput:
    problems.sort()
    rules = [
        r for k, r in (("number", ACCEPTED_NUMBERS), ("period", ACCEPTED_PERIODS)) if k in kinds
    ]
    count = len(problems)
    lines = [f"  {text}" for _, _, text in problems[:MAX_PROBLEMS]]
    if count > MAX_PROBLEMS:
        lines.append(f"  and {count - MAX_PROBLEMS} more.")
    noun = "value cannot" if count == 1 else "values cannot"
    return InvalidInput(
        f"{name}: {count} {noun} be read ({'; '.join(rules)}):\n" + "\n".join(lines)
    )
