"""Stakeholder-survey exports read into plain data: client staff's quarterly ratings of a vendor.

Once a quarter client staff rate each outsourcing vendor on four dimensions (``DIMENSIONS``, 1 to
5 each) and may add a comment. The answers arrive as whatever survey tool collected them exports:
Microsoft Forms (.xlsx), Google Forms, SurveyMonkey (two header rows), Qualtrics (three header
rows), Typeform or a hand-made sheet, as CSV (UTF-8 with or without BOM, UTF-16 as Excel's
"Unicode text" saves it, Windows-1252; comma, semicolon or tab separated) or .xlsx, told apart by
content. ``read`` turns one file into a ``SurveyFile``; ``suggest`` is the automatic mapping of
headers onto ``FIELDS`` that ``read`` uses for every field its ``columns`` do not name.

**Headers** are read as folded words (accents off, camelCase split) in English, French, Spanish and
German. A column that identifies a respondent (name, email, IP address, phone, respondent,
response or recipient id, external reference) is never mapped; a header that reads as two fields
goes to the more specific one (an open question about reporting is a comment, not a rating; "the
vendor's responsiveness" is a rating, not the vendor); one header serves one field. The part of a
header after " - " or ":" or inside a trailing "[...]" (a matrix or grid item: SurveyMonkey,
Qualtrics, Google Forms) decides the dimension when it names one.

**Tools' layouts**: Qualtrics' second row holds the question texts (matched, and shown as the
headers) and its third the ``{"ImportId": ...}`` row (skipped); a response whose "Finished" is
False or 0 is skipped, and so is a "Survey Preview", "Survey Test" or "Spam" one (Status 1, 2 or
8 in a numeric export). Microsoft Forms' quiz columns are never mapped. SurveyMonkey's
second header row (and a hand-made sheet's row of items under a label spanning several columns) is
merged into the names: "Please rate the vendor - Reporting".

**Ratings** are whole numbers 1 to 5 ("4", "4.0", "4 - Good", "5 = Excellent", "Very good (4)",
"4/5", "★★★★") or words of a five-point scale, in any case and with or without accents (agreement,
satisfaction, frequency, quality; English, French, Spanish, German). Quality words are placed by
the words the file's rating columns use: Poor, Fair (or Average), Good, Very good, Excellent
(SurveyMonkey's default) when they use "Very good" and not "Very poor"; Very poor, Poor, Average,
Good, Very good when they use both "Very" words; else Very poor, Poor, Fair (or Average), Good,
Excellent (a file of Poor, Fair, Good and Excellent alone reads so). Blank, N/A, Don't know,
Not applicable and "-" are no answer. A number outside 1 to 5, a ten-point answer, or anything else
is refused: every problem (up to ``MAX_PROBLEMS`` shown) in one ``InvalidInput`` naming the file,
each row and column and the one cell, never more of the file.

No value of a column that is not mapped is ever kept, and a respondent's identity never is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from governance.errors import InvalidInput
from governance.ingest import small_file, uploads
from governance.ingest.readers.headers import unique_names
from governance.ingest.readers.sniff import HEAD_BYTES, sniff
from governance.store.db import fold_text

__all__ = [
    "DIMENSIONS",
    "FIELDS",
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "SurveyFile",
    "SurveyRow",
    "read",
    "suggest",
]

DIMENSIONS = ("responsiveness", "reporting", "proactivity", "partnership")
FIELDS = ("vendor", "quarter", "role", *DIMENSIONS, "comment")

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000  # responses in one file
MAX_PROBLEMS = 10  # unreadable cells listed in one message
_CELL_SHOWN = 40  # characters of an offending cell a message shows
_HEADER_SHOWN = 80  # characters of a header a message shows


@dataclass(frozen=True)
class SurveyRow:
    """One response: its row number in the file as a spreadsheet user counts it (the header row
    being its own number), the vendor and quarter when the file has such columns, the respondent's
    role, a rating 1..5 or None for every dimension, and the comment."""

    row: int
    vendor: str | None
    quarter: str | None
    role: str | None
    ratings: dict[str, int | None]
    comment: str | None


@dataclass(frozen=True)
class SurveyFile:
    """A survey export as read: the responses holding at least one rating, the header each field
    was read from, the headers not read, and the rows skipped with their reason."""

    file_name: str
    rows: list[SurveyRow]
    mapping: dict[str, str]
    ignored: list[str]
    skipped: list[tuple[int, str]]


# --- headers as words -------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _words(text: str) -> str:
    """Lower-case folded words separated by one space: "Réactivité (1-5)" -> "reactivite 1 5",
    "RecipientEmail" -> "recipient email"; apostrophes are dropped ("vendor's" -> "vendors")."""
    text = fold_text(_CAMEL.sub(" ", str(text))).lower()
    text = re.sub(r"['’‘`´]", "", text)
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", text).split())


def _terms(*lines: str) -> re.Pattern[str]:
    """One pattern matching any of the comma-separated terms (regular expressions over
    ``_words``), each as whole words."""
    terms = [t.strip() for line in lines for t in line.split(",") if t.strip()]
    return re.compile("|".join(rf"\b(?:{t})\b" for t in terms))


# Each dimension's words, by weight: its own word 3, a synonym 2.
_DIMENSION_WORDS = {
    "responsiveness": (
        (3, _terms(r"responsive\w*, reactiv\w*, reaktion\w*, capacidad de respuesta")),
        (
            2,
            _terms(
                r"response (time|speed)s?, speed of (response|reply), time to (respond|reply),",
                r"turn ?around, timely, timeliness, promptness, responds?, delais? de reponse,",
                r"tiempos? de respuesta, antwortzeit\w*",
            ),
        ),
    ),
    "reporting": (
        (3, _terms(r"report(s|ing|ings)?, reportes?, informes, rapports, bericht\w*")),
        (
            2,
            _terms(
                r"management information, dashboards?, tableaux? de bord, cuadros? de mando,",
                r"comptes? rendus?, metrics",
            ),
        ),
    ),
    "proactivity": (
        (3, _terms(r"pro ?activ\w*, pro ?aktiv\w*")),
        (
            2,
            _terms(
                r"initiative\w*, innovat\w*, innovac\w*, anticip\w*, ideas?, idees?,",
                r"continuous improvement, amelioration continue, mejora continua,",
                r"before (we|you|i) ask, without being asked, eigeninitiative, vorausschau\w*",
            ),
        ),
    ),
    "partnership": (
        (3, _terms(r"partnerships?, partenariats?, partnerschaft\w*, asociacion")),
        (
            2,
            _terms(
                r"relationships?, relations?, relacion\w*, beziehung\w*, collaborat\w*,",
                r"colaboracion\w*, zusammenarbeit, working together, as a partner,",
                r"strategic partner",
            ),
        ),
    ),
}
_MI = re.compile(r"\bMI\b")  # management information: upper case only ("mi" is Spanish "my")

# A general open question ("Any other comments?") outweighs a specific one ("Why?"); either
# outweighs a dimension it mentions, as its answers are text.
_GENERAL_COMMENT = _terms(
    r"comments?, commentaires?, comentarios?, kommentar\w*, anmerkung\w*, bemerkung\w*,",
    r"remarks?, remarques?, observations?, observaciones, anything else, any other, additional,",
    r"suggestions?, sugerencias?, vorschlag\w*, (?<!to )(?<!our )(?<!on )feedback, open ended,",
    r"verbatim",
)
_SPECIFIC_COMMENT = _terms(
    r"why, pourquoi, por que, warum, explain\w*, expliqu\w*, explica\w*, reasons?, raisons?,",
    r"razon\w*, elaborate, tell us more, begrund\w*",
)
_VENDOR_WORD = _terms(
    r"vendors?, suppliers?, providers?, bpos?, outsourc\w*, fournisseurs?, prestataires?,",
    r"proveedor(es)?, lieferant\w*, dienstleister\w*, anbieter",
)
_QUARTER_WORD = _terms(r"quarters?, qtr, trimestres?, quartal\w*, period\w*")
_ROLE_WORD = _terms(
    r"roles?, departments?, dept, teams?, functions?, business units?, divisions?, fonctions?,",
    r"departements?, rol, departamentos?, equipos?, equipes?, funcion, puesto, rolle, abteilung,",
    r"funktion, bereich",
)
# A question asking for the entity itself, at the header's start: "Which vendor are you rating?",
# "Your role", "Name of the supplier", "Select the quarter"; and "Reporting period".
_ASKS = (
    r"^(q?\d+ )?(in |for |from )?(which|what( is| was)?|select|choose|please (select|choose"
    r"|indicate)|indicate|name of|your|votre|su|ihre?|quel(le)?|welche[rnms]?)( the| your| a"
    r"| this)? "
)
_VENDOR_ASKED = re.compile(
    _ASKS + r"(bpo |outsourcing )?(vendor|supplier|provider|bpo|partner|fournisseur|prestataire"
    r"|proveedor|lieferant|dienstleister)\b|^(bpo |outsourcing )?partner$"
)
_QUARTER_ASKED = re.compile(
    _ASKS + r"(quarter|period|trimestre|quartal)\b"
    r"|\b(reporting|review|survey|rating|evaluation|feedback) (quarter|period)\b"
)
_ROLE_ASKED = re.compile(
    _ASKS + r"(job )?(role|department|team|function|business unit|division|fonction|service"
    r"|departement|equipe|rol|departamento|area|equipo|funcion|puesto|rolle|abteilung|funktion"
    r"|bereich)\b|^respondent (role|department|team|function)\b"
)

_IDENTITY_WORDS = set(
    "email emails mail courriel correo ip ipaddress phone telephone telefono latitude longitude"
    " username login firstname lastname fullname surname uuid guid token".split()
)
_NAME_WORDS = set("name names nom nombre prenom vorname nachname apellido apellidos".split())
_ID_WORDS = set("id ids identifier identifiant".split())
_PERSON_WORDS = set(
    "respondent respondents recipient participant responder repondant encuestado".split()
)
# Beside a vendor's word, these make a name or id a person's: "Vendor contact name".
_CONTACT_WORDS = set(
    "contact contacts manager lead leader owner representative rep person staff agent employee"
    " supervisor poc spoc".split()
)
_VENDOR_CONTACT = re.compile(rf"(?:{_VENDOR_WORD.pattern}) contacts?\b")

# Ties go to the earlier field here: the more specific reading of a header.
_PRIORITY = ("comment", "vendor", "quarter", "role", *DIMENSIONS)
_SHORT = 4  # words: a header this short holding an entity's word is that entity's column


def _is_identity(header: str) -> bool:
    """True for a column that identifies a respondent (never mapped, never read)."""
    words = _words(header)
    tokens = set(words.split())
    if header.strip() == "#" or tokens & _IDENTITY_WORDS:
        return True
    if re.search(r"\bexternal (data )?ref\w*", words):
        return True
    if tokens & (_NAME_WORDS | _ID_WORDS) and (
        tokens & _CONTACT_WORDS or not _VENDOR_WORD.search(words)
    ):
        return True
    if _VENDOR_CONTACT.search(words):
        return True
    return bool(tokens & _PERSON_WORDS) and not _ROLE_WORD.search(words)


def _dimension_scores(header: str) -> dict[str, int]:
    words, scores = _words(header), {}
    for field, weighted in _DIMENSION_WORDS.items():
        weight = max((w for w, pattern in weighted if pattern.search(words)), default=0)
        if weight:
            scores[field] = weight
    if _MI.search(header):
        scores["reporting"] = max(scores.get("reporting", 0), 2)
    return scores


def _item(header: str) -> str | None:
    """The item of a matrix or grid question: after the last " - " or ": ", or in a trailing
    "[...]"; None for a plain header."""
    bracket = re.search(r"\[([^\[\]]+)\]\s*$", header)
    if bracket:
        return bracket.group(1)
    parts = re.split(r"\s[-–—]\s|:\s", header)
    return parts[-1] if len(parts) > 1 and parts[-1].strip() else None


# Columns a tool adds around the questions: Microsoft Forms' quiz columns ("Total points",
# "Quiz feedback", "Points - <question>", "Feedback - <question>").
_TOOL_COLUMNS = re.compile(r"^(total points|quiz feedback|points - |feedback - )", re.I)


def _scores(header: str) -> dict[str, int]:
    """Each field's score for one header; none for a column identifying a respondent."""
    if _is_identity(header) or _TOOL_COLUMNS.match(header.strip()):
        return {}
    words = _words(header)
    item = _item(header)
    mentioned = _dimension_scores(header)
    scores = dict((_dimension_scores(item) if item else {}) or mentioned)
    if _GENERAL_COMMENT.search(words):
        scores["comment"] = 5 - bool(mentioned)
    elif _SPECIFIC_COMMENT.search(words):
        scores["comment"] = 4 - bool(mentioned)
    short = len(words.split()) <= _SHORT and not mentioned
    for field, word, asked in (
        ("vendor", _VENDOR_WORD, _VENDOR_ASKED),
        ("quarter", _QUARTER_WORD, _QUARTER_ASKED),
        ("role", _ROLE_WORD, _ROLE_ASKED),
    ):
        if asked.search(words):
            scores[field] = 6
        elif word.search(words):
            scores[field] = 4 if short else 1  # a long question only mentioning it: not its column
    return scores


def suggest(headers: list[str]) -> dict[str, str]:
    """The automatic mapping: field -> header, for the fields some header reads as (in
    ``FIELDS`` order). Each header goes to the field it reads as most specifically, if it reads
    as more than a passing mention; among one field's headers the strongest reading wins, then
    the first. A column identifying a respondent is never mapped."""
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


# --- values ----------------------------------------------------------------------------------


def _letters(text: str) -> str:
    """A cell's words only: folded, lower case, apostrophes dropped, no digits or punctuation."""
    text = re.sub(r"['’‘`´]", "", fold_text(text).lower())
    return " ".join(re.sub(r"[^a-z]+", " ", text).split())


def _vocabulary(text: str) -> list[str]:
    return [_letters(w) for w in text.split(",") if w.strip()]


# Quality words, placed on a five-point scale by the words the file uses (``_quality_scale``).
_QUALITY = {
    word: level
    for level, text in {
        "very poor": "very poor, tres mauvais, muy malo, sehr schlecht, ungenugend",
        "poor": "poor, mauvais, insuffisant, mediocre, malo, deficiente, schlecht, mangelhaft",
        "fair": "fair, average, moyen, passable, regular, aceptable, befriedigend, mittel,"
        " durchschnittlich",
        "good": "good, bon, bueno, gut",
        "very good": "very good, tres bon, muy bueno, sehr gut",
        "excellent": "excellent, excelente, ausgezeichnet, hervorragend, exzellent",
    }.items()
    for word in _vocabulary(text)
}
_QUALITY_SCALES = (
    # uses "Very good" and not "Very poor": Poor, Fair, Good, Very good, Excellent
    {"poor": 1, "fair": 2, "good": 3, "very good": 4, "excellent": 5},
    # uses both: Very poor, Poor, Average, Good, Very good
    {"very poor": 1, "poor": 2, "fair": 3, "good": 4, "very good": 5},
    # otherwise: Very poor, Poor, Fair (or Average), Good, Excellent
    {"very poor": 1, "poor": 2, "fair": 3, "good": 4, "excellent": 5},
)
# Agreement, satisfaction and frequency: the same level whatever else the file uses.
_LIKERT = {
    word: level
    for level, text in {
        1: "strongly disagree, very dissatisfied, very unsatisfied, never, pas du tout d'accord,"
        " tout a fait en desaccord, tres insatisfait, pas du tout satisfait, jamais,"
        " totalmente en desacuerdo, muy en desacuerdo, muy insatisfecho, nunca,"
        " stimme gar nicht zu, stimme uberhaupt nicht zu, sehr unzufrieden, nie",
        2: "disagree, somewhat disagree, dissatisfied, somewhat dissatisfied, unsatisfied, rarely,"
        " pas d'accord, plutot pas d'accord, plutot en desaccord, insatisfait, plutot insatisfait,"
        " peu satisfait, rarement, en desacuerdo, algo en desacuerdo, insatisfecho, rara vez,"
        " stimme nicht zu, stimme eher nicht zu, unzufrieden, selten",
        3: "neither agree nor disagree, neither agree or disagree, neither satisfied nor"
        " dissatisfied, neither satisfied or dissatisfied, neutral, sometimes,"
        " ni d'accord ni pas d'accord, ni d'accord ni en desaccord, ni satisfait ni insatisfait,"
        " neutre, parfois, ni de acuerdo ni en desacuerdo, ni satisfecho ni insatisfecho,"
        " a veces, teils teils, weder noch, manchmal",
        4: "agree, somewhat agree, satisfied, somewhat satisfied, often, d'accord,"
        " plutot d'accord, satisfait, plutot satisfait, souvent, de acuerdo, algo de acuerdo,"
        " satisfecho, a menudo, stimme zu, stimme eher zu, zufrieden, oft",
        5: "strongly agree, very satisfied, always, tout a fait d'accord, tres satisfait,"
        " toujours, totalmente de acuerdo, muy de acuerdo, muy satisfecho, siempre,"
        " stimme voll zu, stimme voll und ganz zu, sehr zufrieden, immer",
    }.items()
    for word in _vocabulary(text)
}
_NO_ANSWER = set(
    _vocabulary(
        "n/a, na, not applicable, does not apply, don't know, do not know, don't know / n/a,"
        " n/a / don't know, not applicable / don't know, no opinion, not sure, unsure, unknown,"
        " prefer not to say, not answered, no answer, ne sait pas, je ne sais pas, nsp,"
        " sans objet, non applicable, non concerne, sin opinion, no se, no sabe, no aplica,"
        " no procede, ns/nc, weiss nicht, keine angabe, nicht zutreffend, entfallt, k.a."
    )
)
_NUMBER = re.compile(r"(?<!\d)-?\d+(?:[.,]\d+)?")
_OUT_OF = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:/|out of|of|sur|de|von|su)\s*(\d+)\b", re.I)

ACCEPTED_RATINGS = (
    'ratings are 1 to 5: a number ("4", "4 - Good", "4/5") or a five-point word such as Poor, '
    "Fair, Good, Excellent, Agree or Satisfied; blank, N/A and Don't know are no answer"
)
ACCEPTED_QUARTERS = 'quarters are written like "2026Q3", "Q3 2026", "2026-Q3", "Q3-26" or "3Q2026"'


@dataclass(frozen=True)
class _Bad:
    reason: str


def _rating(cell: str) -> int | str | _Bad | None:
    """A cell as a rating: 1..5, None (no answer), a quality level to place by the file's scale
    ("good"), or why it is not a rating."""
    text = cell.strip()
    if not text or re.fullmatch(r"[-–—.]+", text):
        return None
    letters = _letters(text)
    if letters in _NO_ANSWER:
        return None
    if re.fullmatch(r"[★⭐]+", text):
        return _whole(str(len(text)))
    fraction = _OUT_OF.search(text)
    if fraction:
        if fraction.group(2) != "5":
            return _Bad("is not on a five-point scale")
        return _whole(fraction.group(1))
    numbers = _NUMBER.findall(text)
    if len(numbers) == 1:
        return _whole(numbers[0])
    if numbers:
        return _Bad("is not one rating")
    if letters in _LIKERT:
        return _LIKERT[letters]
    if letters in _QUALITY:
        return _QUALITY[letters]
    return _Bad("is not a rating")


def _whole(number: str) -> int | _Bad:
    value = float(number.replace(",", "."))
    if not value.is_integer():
        return _Bad("is not a whole number from 1 to 5")
    if not 1 <= value <= 5:
        return _Bad("is outside 1 to 5")
    return int(value)


def _quality_scale(seen: set[str]) -> dict[str, int] | None:
    """The five levels of the quality words a file uses; None when they are six."""
    if {"very poor", "very good", "excellent"} <= seen:
        return None
    if "very good" in seen:
        return _QUALITY_SCALES[1 if "very poor" in seen else 0]
    return _QUALITY_SCALES[2]


_QUARTER_FORMS = (
    re.compile(r"(?P<year>\d{4}|\d{2})\s*[-/ ]?\s*[QT]\s*(?P<q>[1-4])"),
    re.compile(r"[QT]\s*(?P<q>[1-4])\s*[-/ ']?\s*(?P<year>\d{4}|\d{2})"),
    re.compile(r"(?P<q>[1-4])\s*Q\s*[-/ ']?\s*(?P<year>\d{4}|\d{2})"),
    re.compile(r"(QUARTER|QTR|TRIMESTRE|QUARTAL)\s*(?P<q>[1-4])\s*[-/ ,]?\s*(?P<year>\d{4})"),
)


def _quarter(cell: str) -> str | _Bad | None:
    """ "Q3 2026", "2026-Q3", "Q3-26", "3Q2026", "T3 2026" … as "2026Q3"; None when blank."""
    text = " ".join(fold_text(cell).upper().split())
    if not text:
        return None
    for form in _QUARTER_FORMS:
        match = form.fullmatch(text)
        if match:
            year = match.group("year")
            return f"{2000 + int(year) if len(year) == 2 else year}Q{match.group('q')}"
    return _Bad("is not a quarter")


def _shown(cell: str) -> str:
    text = " ".join(str(cell).split())
    return text if len(text) <= _CELL_SHOWN else text[: _CELL_SHOWN - 1] + "…"


def _header_shown(header: str) -> str:
    return header if len(header) <= _HEADER_SHOWN else header[: _HEADER_SHOWN - 1] + "…"


def _listed(headers: Iterable[str]) -> str:
    return ", ".join(f'"{_header_shown(h)}"' for h in headers) or "(none)"


# --- the file as a grid of text ----------------------------------------------------------------

Grid = list[list[str]]  # the file's rows in order (row n is grid[n - 1]), each a list of cells


def _load(source: bytes | bytearray | memoryview | Path | str, name: str) -> bytes:
    return small_file.load(
        source,
        name,
        limit=MAX_BYTES,
        what="a survey export",
        advice="Export one quarter (or one vendor) at a time.",
    )


def _csv_grid(data: bytes, name: str) -> Grid:
    return small_file.csv_grid(data, name, again="Export the survey again.")


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _xlsx_grid(data: bytes, name: str) -> Grid:
    """The first visible worksheet holding any value, as text (whole numbers without ".0")."""
    return small_file.xlsx_grid(
        data,
        name,
        lambda value, _format: _xlsx_text(value),
        again="Save it again from the survey tool or Excel, or export CSV.",
    )


# --- the table: headers and data rows ----------------------------------------------------------

_RESPONSE_LABELS = {"response", "open-ended response", "open ended response"}
_IMPORT_ID = re.compile(r'^\{\s*"importid"', re.I)


@dataclass(frozen=True)
class _Table:
    names: list[str]  # a header per column kept (as matched and shown)
    aliases: list[str | None]  # Qualtrics' first-row code of each column ("Q3_1")
    columns: list[int]  # each kept column's index in the grid's rows
    rows: list[tuple[int, list[str]]]  # (row number, cells) of every non-empty data row
    qualtrics: bool


def _filled(row: list[str]) -> int:
    return sum(1 for c in row if c.strip())


def _cell(row: list[str], i: int) -> str:
    return row[i].strip() if i < len(row) else ""


def _header_index(grid: Grid, name: str) -> int:
    """The first row of two or more names among the first ten rows with anything in them (a
    title above the table is passed over), else the first non-empty row."""
    non_empty = [i for i, r in enumerate(grid) if _filled(r)]
    if not non_empty:
        raise InvalidInput(f"{name} has no data: every row is empty.")
    return next((i for i in non_empty[:10] if _filled(grid[i]) >= 2), non_empty[0])


def _is_subheader(top: list[str], below: list[str], width: int) -> bool:
    """True when ``below`` is a second header row: SurveyMonkey's ("Response", "Open-Ended
    Response", the items of a matrix), or a sheet's items under a label spanning columns."""
    filled = [i for i in range(width) if _cell(below, i)]
    if not filled:
        return False
    if any(_cell(below, i).casefold() in _RESPONSE_LABELS for i in filled):
        return True
    if any(ch.isdigit() for i in filled for ch in _cell(below, i)):
        return False
    spanned = False
    for i in filled:
        if _cell(top, i):  # a label over this column: it must start a span
            if not (i + 1 < width and not _cell(top, i + 1) and _cell(below, i + 1)):
                return False
        elif not any(_cell(top, j) for j in range(i)):
            return False
        else:
            spanned = True
    return spanned


def _merged(top: list[str], below: list[str], width: int) -> list[str]:
    names, label = [], ""
    for i in range(width):
        question, item = _cell(top, i), _cell(below, i)
        if question:
            label = question
        elif item:
            question = label
        if item and item.casefold() not in _RESPONSE_LABELS and question:
            names.append(f"{question} - {item}")
        else:
            names.append(question or item)
    return names


def _table(grid: Grid, name: str) -> _Table:
    h = _header_index(grid, name)
    top = grid[h]
    below = grid[h + 1] if h + 1 < len(grid) else []
    third = grid[h + 2] if h + 2 < len(grid) else []
    third_filled = [c for c in third if c.strip()]
    qualtrics = bool(third_filled) and (
        sum(1 for c in third_filled if _IMPORT_ID.match(c.strip())) * 2 >= len(third_filled)
    )
    width = max((len(r) for r in grid), default=0)
    while width and not any(_cell(r, width - 1) for r in grid[h:]):
        width -= 1
    aliases: list[str | None] = [None] * width
    if qualtrics:
        raw = [_cell(below, i) or _cell(top, i) for i in range(width)]
        aliases = [_cell(top, i) or None for i in range(width)]
        first = h + 3
    elif below and _is_subheader(top, below, width):
        raw, first = _merged(top, below, width), h + 2
    else:
        raw, first = [_cell(top, i) for i in range(width)], h + 1
    names, generated = unique_names([" ".join(r.split()) or None for r in raw])
    rows = [(n + 1, grid[n]) for n in range(first, len(grid)) if _filled(grid[n])]
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            f"{name} holds {len(rows):,} responses; a survey export is at most {MAX_ROWS:,}. "
            "Export one quarter (or one vendor) at a time."
        )
    # A column without a header and without a value is no column at all.
    kept = [i for i in range(width) if i not in generated or any(_cell(r, i) for _, r in rows)]
    return _Table(
        names=[names[i] for i in kept],
        aliases=[aliases[i] for i in kept],
        columns=kept,
        rows=rows,
        qualtrics=qualtrics,
    )


# --- mapping -----------------------------------------------------------------------------------


def _key(header: str) -> str:
    return " ".join(str(header).split()).casefold()


def _mapping(table: _Table, columns: Mapping[str, str | None] | None, name: str) -> dict[str, int]:
    """field -> position in ``table.names``: the fields ``columns`` names, the rest suggested."""
    chosen: dict[str, int] = {}
    excluded: set[str] = set()
    lookup: dict[str, int] = {}
    for position, alias in enumerate(table.aliases):
        if alias:
            lookup.setdefault(_key(alias), position)
    for position, header in enumerate(table.names):
        lookup[_key(header)] = position
    for field, header in (columns or {}).items():
        if field not in FIELDS:
            raise InvalidInput(
                f"columns names {field!r}, which is not a survey field; the fields are "
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
        if _is_identity(table.names[position]):
            raise InvalidInput(
                f'Column "{_header_shown(table.names[position])}" of {name} identifies a '
                f"respondent; it is never read, so it cannot be the {field}."
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


def _no_ratings(name: str, headers: list[str]) -> InvalidInput:
    return InvalidInput(
        f"{name} has no rating column: no header reads as {', '.join(DIMENSIONS[:-1])} or "
        f"{DIMENSIONS[-1]}. Its columns: {_listed(headers)}. Name the rating columns with "
        'columns, for example columns={"responsiveness": "<header>", "reporting": "<header>", '
        '"proactivity": "<header>", "partnership": "<header>"}.'
    )


# --- reading ---------------------------------------------------------------------------------


def _finished_column(table: _Table) -> int | None:
    for position, (header, alias) in enumerate(zip(table.names, table.aliases, strict=True)):
        if _key(header) == "finished" or (alias and _key(alias) == "finished"):
            return position
    return None


def _status_column(table: _Table) -> int | None:
    if not table.qualtrics:
        return None
    for position, alias in enumerate(table.aliases):
        if alias and _key(alias) == "status":
            return position
    return None


# Qualtrics' Status (as text, or as its number with "Use numeric values"): answers that are not
# a respondent's. 0 is a response, 4 an imported one, 16 an offline one.
_NOT_REAL = {"survey preview", "survey test", "spam", "1", "2", "8"}


def _skip_reason(
    table: _Table, cells: list[str], finished: int | None, status: int | None
) -> str | None:
    if finished is not None:
        value = _cell(cells, table.columns[finished])
        if value.casefold() in ("false", "0"):
            return f'incomplete response ("{table.names[finished]}" is {value})'
    if status is not None:
        value = _cell(cells, table.columns[status])
        if value.casefold() in _NOT_REAL:
            return f"not a real response ({table.names[status]}: {value})"
    return None


def headers(source: bytes | Path, *, file_name: str) -> list[str]:
    """The headers of a survey export as ``read`` names them (question texts for Qualtrics, the
    two header rows merged for SurveyMonkey), for a person to pick the columns ``read`` should
    use when its suggestion missed; ``InvalidInput`` as ``read`` for a file it cannot read."""
    name = uploads.base_name(file_name, "The file")
    data = _load(source, name)
    kind = sniff(data[:HEAD_BYTES], name, data, None)
    grid = _xlsx_grid(data, name) if kind == "xlsx" else _csv_grid(data, name)
    return list(_table(grid, name).names)


def read(
    source: bytes | Path,
    *,
    file_name: str,
    columns: dict[str, str | None] | None = None,
) -> SurveyFile:
    """Read a survey export (an upload's bytes, or a path) into a ``SurveyFile``.

    ``file_name`` is used in messages only. ``columns`` maps a field of ``FIELDS`` to a header of
    the file (case and surrounding spaces ignored; for Qualtrics, the question text or the
    first-row code such as "Q3_1"), overriding ``suggest`` for that field; a field given as None
    or "" is not read.

    Raises ``InvalidInput`` (a plain message naming the file) when the file is empty, not CSV or
    .xlsx, over ``MAX_BYTES`` or ``MAX_ROWS``, has no rating column, ``columns`` names a header
    the file lacks (the message lists its headers) or an identity column, or cells cannot be read
    as ratings or quarters (every such cell by row and column, up to ``MAX_PROBLEMS``).
    """
    name = uploads.base_name(file_name, "The file")
    data = _load(source, name)
    kind = sniff(data[:HEAD_BYTES], name, data, None)
    grid = _xlsx_grid(data, name) if kind == "xlsx" else _csv_grid(data, name)
    table = _table(grid, name)
    mapping = _mapping(table, columns, name)
    if not any(d in mapping for d in DIMENSIONS):
        raise _no_ratings(name, table.names)
    finished, status = _finished_column(table), _status_column(table)

    kept: list[tuple[int, list[str]]] = []
    skipped: list[tuple[int, str]] = []
    for number, cells in table.rows:
        reason = _skip_reason(table, cells, finished, status)
        if reason:
            skipped.append((number, reason))
        else:
            kept.append((number, cells))

    def value(cells: list[str], field: str) -> str:
        return _cell(cells, table.columns[mapping[field]]) if field in mapping else ""

    # Ratings first as tokens, so that the quality words the file uses fix their scale.
    tokens = {d: [_rating(value(c, d)) for _, c in kept] for d in DIMENSIONS if d in mapping}
    scale = _quality_scale({t for column in tokens.values() for t in column if isinstance(t, str)})
    problems: list[tuple[int, int, str]] = []  # (row, column position, text)
    kinds: set[str] = set()

    def problem(number: int, field: str, cell: str, reason: str, kind: str) -> None:
        kinds.add(kind)
        header = _header_shown(table.names[mapping[field]])
        problems.append(
            (number, mapping[field], f'row {number}, column "{header}": "{_shown(cell)}" {reason}')
        )

    rows: list[SurveyRow] = []
    for index, (number, cells) in enumerate(kept):
        ratings: dict[str, int | None] = dict.fromkeys(DIMENSIONS)
        before = len(problems)
        for d, column in tokens.items():
            token = column[index]
            if isinstance(token, str):
                token = (
                    _Bad("is one of six levels (the file uses Very poor, Very good and Excellent)")
                    if scale is None
                    else scale.get(token, _Bad("is not on the file's five-point scale"))
                )
            if isinstance(token, _Bad):
                problem(number, d, value(cells, d), token.reason, "rating")
            else:
                ratings[d] = token
        if all(r is None for r in ratings.values()) and len(problems) == before:
            skipped.append((number, "no rating"))
            continue
        quarter = _quarter(value(cells, "quarter"))
        if isinstance(quarter, _Bad):
            problem(number, "quarter", value(cells, "quarter"), quarter.reason, "quarter")
            quarter = None
        rows.append(
            SurveyRow(
                row=number,
                vendor=value(cells, "vendor") or None,
                quarter=quarter,
                role=value(cells, "role") or None,
                ratings=ratings,
                comment=value(cells, "comment") or None,
            )
        )
    if problems:
        raise _unreadable(name, problems, kinds)
    used = set(mapping.values())
    return SurveyFile(
        file_name=name,
        rows=rows,
        mapping={f: table.names[p] for f, p in mapping.items()},
        ignored=[h for p, h in enumerate(table.names) if p not in used],
        skipped=sorted(skipped),
    )


def _unreadable(name: str, problems: list[tuple[int, int, str]], kinds: set[str]) -> InvalidInput:
    problems.sort()
    rules = [
        r for k, r in (("rating", ACCEPTED_RATINGS), ("quarter", ACCEPTED_QUARTERS)) if k in kinds
    ]
    count = len(problems)
    lines = [f"  {text}" for _, _, text in problems[:MAX_PROBLEMS]]
    if count > MAX_PROBLEMS:
        lines.append(f"  and {count - MAX_PROBLEMS} more.")
    noun = "value cannot" if count == 1 else "values cannot"
    return InvalidInput(
        f"{name}: {count} {noun} be read ({'; '.join(rules)}):\n" + "\n".join(lines)
    )
