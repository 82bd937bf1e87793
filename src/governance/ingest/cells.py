"""SQL expressions that read the text cells of an import's staging table as numbers, durations,
percentages, dates and flags, plus the per-column detection the import needs before it can choose.

Every builder takes an SQL expression over a VARCHAR source (usually ``quoting.quote_ident(column)``)
and returns a ``Parsed`` pair of SQL expressions, evaluated row by row inside DuckDB (no Python per
row):

- ``value``: the parsed value (DOUBLE, DATE or TIMESTAMP), NULL when the cell is blank or bad;
- ``error``: NULL when the cell is blank or was read, else a short reason (VARCHAR) for the
  validation report, which lists row, column, value and this reason.

So a non-blank cell gives exactly one of value / error. *Blank* means not reported: NULL, only
whitespace, or one of ``MISSING_TOKENS`` ("n/a", "NULL", "#N/A" …); it is never read as zero.

No value is ever spliced into SQL: every builder takes a ``Params`` collector (``ingest.sql``)
and binds what it needs (patterns, missing-value words, date formats, flag words, reasons) as
parameters; the statement that uses the expressions runs with ``params.execute``. Date formats are
still checked by ``validate_date_format`` (strptime codes and a few literal characters only) and
flag words by ``_check_word``, so a profile's mistakes are reported plainly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import duckdb

from governance.errors import InvalidInput
from governance.ingest.sql import Params
from governance.store.quoting import quote_ident

DECIMALS = (".", ",")
PERCENT_MODES = ("fraction", "points")
DURATION_MODES = ("seconds", "hms", "minutes", "day_fraction")
# Cells holding one of these (compared lower-case, trimmed) mean "not reported", like a blank.
# "-" is deliberately not here: accounting formats print zero as "-", so it is an error instead.
MISSING_TOKENS = ("", "n/a", "na", "#n/a", "null", "none")
TRUE_VALUES = ("Y", "YES", "1", "TRUE", "T")
FALSE_VALUES = ("N", "NO", "0", "FALSE", "F")
# Plausible years for a KPI export; anything else is a misread format (e.g. "26" read as year 26).
MIN_YEAR, MAX_YEAR = 1900, 2199
# Month labels read by ``date``/``timestamp`` without a format, as the first day of the month.
MONTH_LABEL_FORMATS = (
    "%b %Y",
    "%B %Y",
    "%b-%y",
    "%b-%Y",
    "%B-%y",
    "%B-%Y",
    "%Y-%m",
    "%b %y",
    "%m/%Y",
    "%Y/%m",
)
# Also read without a format: ISO weeks ("2026-W03", "2026W3": the Monday of the week) and Excel
# date serials ("46031", "46031.5": days since 1899-12-30, a fraction being the time of day)
# between these bounds (1954 to 2119), which a CSV saved from Excel can hold.
_ISO_WEEK = r"(?i)^\s*(\d{4})-?W(\d{1,2})(?:-?[1-7])?\s*$"
_SERIAL = r"^\s*\d{5}(?:\.\d+)?\s*$"
SERIAL_RANGE = (20000, 80000)

_DATE_CODE = re.compile(r"%-?[dmyYbBHIMSpfjaAGVu]|%%")
_DATE_LITERAL = re.compile(r"[ \-/.:,T_W]")
_WORD = re.compile(r"[\w .+/-]{1,40}")


class Parsed(NamedTuple):
    """Two SQL expressions over one source cell: its parsed ``value`` and its ``error`` reason."""

    value: str
    error: str


@dataclass(frozen=True)
class DateFormat:
    """What ``detect_date_format`` found: ``fmt`` (None = ISO / month labels, the default parser),
    ``grain_hint`` ("interval" when values carry a time of day other than midnight, "month" when
    they name months only, "week" when they name ISO weeks, else "day") and one ``example`` value
    from the column."""

    fmt: str | None
    grain_hint: str
    example: str | None


# Whitespace as exports write it: ASCII whitespace, non-breaking and narrow non-breaking spaces.
_WS = r"[\s\x{A0}\x{202F}]"
# A thousands separator: comma (or dot with a decimal comma), apostrophe, space, NBSP, NNBSP.
_SEP_DOT = r"[,' \x{A0}\x{202F}]"
_SEP_COMMA = r"[.' \x{A0}\x{202F}]"
_ANY = r"^[\s\S]*$"

# How these expressions stay fast over a million rows: DuckDB evaluates CASE and COALESCE branches
# only for the rows that reach them, but its optimizer first hoists any subexpression that occurs
# twice out of those branches and computes it for every row. So the cheap path (a plain cast) may
# repeat, while each slow path is one chain of nested calls (regexp_replace(regexp_replace(...)))
# in which nothing repeats. A slow chain canonicalises the text to "X<digits>" when it is valid
# and to "X" when not (the last alternative of the pattern matches anything), then casts what
# follows the marker: one pass, no repeated subexpression.


def _rx(params: Params, expr: str, pattern: str, replacement: str, flags: str | None = None) -> str:
    args = f"{expr}, {params.bind(pattern)}, {params.bind(replacement)}"
    return f"regexp_replace({args}, {params.bind(flags)})" if flags else f"regexp_replace({args})"


def blank(expr: str, *, params: Params) -> str:
    """SQL: TRUE when the cell is NULL, only whitespace, or a MISSING_TOKENS word."""
    return (
        f"({expr} IS NULL OR regexp_full_match({expr}, {params.bind(_WS + '*')}) "
        f"OR lower(trim({expr})) IN ({params.bind_all(MISSING_TOKENS)}))"
    )


def _check_decimal(decimal: str) -> None:
    if decimal not in DECIMALS:
        raise InvalidInput(f"Decimal separator '{decimal}' is not supported: use '.' or ','.")


def _number_core(expr: str, decimal: str, params: Params) -> str:
    """DOUBLE from text, NULL when blank or not a number (no reason)."""
    _check_decimal(decimal)
    # "(12)" is an accounting negative; currency symbols are dropped.
    chain = _rx(params, expr, rf"^{_WS}*\(([\s\S]*)\){_WS}*$", r"-\1")
    chain = _rx(params, chain, "[$€£¥]", "", "g")
    if decimal == ".":
        # Plain numbers (nearly all cells) take the cast; 'nan'/'inf' fall to the chain and fail.
        fast = f"TRY_CAST({expr} AS DOUBLE)"
        grouped = rf"(?:[1-9]\d{{0,2}}(?:{_SEP_DOT}\d{{3}})+|\d+)?(?:\.\d+)?"
        chain = _rx(params, chain, rf"^{_WS}*([+-]?){_WS}*({grouped}){_WS}*$|{_ANY}", r"X\1\2")
        chain = _rx(params, chain, _SEP_DOT, "", "g")
    else:
        fast = f"(CASE WHEN NOT contains({expr}, '.') THEN TRY_CAST(replace({expr}, ',', '.') AS DOUBLE) END)"
        # A '.' is a thousands separator only in groups of three after a non-zero lead
        # ("1.234" = 1234); otherwise it is a decimal point written by a spreadsheet ("0.953",
        # "12.5"), rewritten here to a decimal comma so numeric xlsx cells still read.
        chain = _rx(params, chain, rf"^{_WS}*([+-]?)(0|\d{{4,}}|)\.(\d+){_WS}*$", r"\1\2,\3")
        chain = _rx(
            params, chain, rf"^{_WS}*([+-]?[1-9]\d{{0,2}})\.(\d{{1,2}}|\d{{4,}}){_WS}*$", r"\1,\2"
        )
        grouped = rf"(?:[1-9]\d{{0,2}}(?:{_SEP_COMMA}\d{{3}})+|\d+)?(?:,\d+)?"
        chain = _rx(params, chain, rf"^{_WS}*([+-]?){_WS}*({grouped}){_WS}*$|{_ANY}", r"X\1\2")
        chain = f"replace({_rx(params, chain, _SEP_COMMA, '', 'g')}, ',', '.')"
    slow = f"TRY_CAST(substr({chain}, 2) AS DOUBLE)"
    return f"(CASE WHEN isfinite({fast}) THEN {fast} ELSE {slow} END)"


def _error(value: str, expr: str, reasons: str, params: Params) -> str:
    # Evaluated only where the value is NULL: blank cells have no error, the rest a reason.
    return (
        f"(CASE WHEN {value} IS NOT NULL THEN NULL WHEN {blank(expr, params=params)} THEN NULL "
        f"{reasons} END)"
    )


def number(expr: str, decimal: str = ".", *, params: Params) -> Parsed:
    """A number: "1234", "1,234", "1 234", "1.234,5" (decimal=","), "$1,200.50", "(12)" = -12.

    Thousands separators (",", space, non-breaking space, "'" — or ".", space, "'" with a decimal
    comma) must come in groups of three. Signs are kept: whether a component may be negative is
    the validator's rule. Value DOUBLE; error "not a number".
    """
    value = _number_core(expr, decimal, params)
    return Parsed(value, _error(value, expr, "ELSE 'not a number'", params))


def percent(expr: str, mode: str, decimal: str = ".", *, params: Params) -> Parsed:
    """A percentage as a fraction 0–1: "95%", "95,3 %" (decimal=","), 0.95 or 95.

    A value written with "%" is always in points. Without "%", ``mode`` says how the column is
    written: "fraction" (0.95) or "points" (95); for "auto" call ``detect_percent_mode`` first.
    Value DOUBLE in [0, 1]; error "not a percentage" or "percentage outside 0–100 %".
    """
    if mode not in PERCENT_MODES:
        raise InvalidInput(
            f"Percent mode '{mode}' must be 'fraction' or 'points' here "
            "(resolve 'auto' per column with detect_percent_mode)."
        )
    n = _number_core(f"replace({expr}, '%', '')", decimal, params)
    scale = (
        "100.0"
        if mode == "points"
        else f"(CASE WHEN contains({expr}, '%') THEN 100.0 ELSE 1.0 END)"
    )
    scaled = f"({n} / {scale})"
    value = f"(CASE WHEN {scaled} BETWEEN 0 AND 1 THEN {scaled} END)"
    reasons = f"WHEN {n} IS NULL THEN 'not a percentage' ELSE 'percentage outside 0–100 %'"
    return Parsed(value, _error(value, expr, reasons, params))


# "H:MM:SS" or "M:SS" (seconds may carry a fraction) → "0H:MM:SS" / "0:M:SS", anything else "0::".
_CLOCK = (
    rf"^{_WS}*(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?){_WS}*$"
    rf"|^{_WS}*(\d+):([0-5]\d(?:\.\d+)?){_WS}*$|{_ANY}"
)
_CLOCK_TO = r"0\1:\2\4:\3\5"
_NEGATIVE_CLOCK = rf"{_WS}*-[\d:.]+{_WS}*"


def duration(expr: str, mode: str = "seconds", decimal: str = ".", *, params: Params) -> Parsed:
    """A duration in seconds.

    Text with colons is always clock notation: "H:MM:SS" ("00:05:12", "125:00:00") or, with two
    parts, "M:SS" ("5:12" = 312 s), seconds optionally with a fraction; minutes and seconds must be
    two digits below 60. Plain numbers follow ``mode``: "seconds" (also "hms"), "minutes", or
    "day_fraction" (Excel: 0.0036111 = 312 s, rounded to the millisecond); for "auto" call
    ``detect_duration_mode`` first. Value DOUBLE ≥ 0; error "negative duration" / "not a duration".
    """
    if mode not in DURATION_MODES:
        raise InvalidInput(
            f"Duration mode '{mode}' must be one of {', '.join(DURATION_MODES)} here "
            "(resolve 'auto' per column with detect_duration_mode)."
        )
    colon = f"contains({expr}, ':')"
    canonical = _rx(params, expr, _CLOCK, _CLOCK_TO)
    clock = f"epoch(TRY_CAST({canonical} AS INTERVAL))"
    n = f"(CASE WHEN NOT {colon} THEN {_number_core(expr, decimal, params)} END)"
    if mode == "day_fraction":
        plain = f"round({n} * 86400.0, 3)"
    elif mode == "minutes":
        plain = f"({n} * 60.0)"
    else:
        plain = n
    value = f"(CASE WHEN {colon} THEN {clock} WHEN {n} >= 0 THEN {plain} END)"
    if decimal == ".":
        # Most cells are plain numbers DuckDB casts itself: that branch comes first and is cheap.
        cast = f"TRY_CAST({expr} AS DOUBLE)"
        scaled = {"day_fraction": f"round({cast} * 86400.0, 3)", "minutes": f"({cast} * 60.0)"}
        value = f"(CASE WHEN isfinite({cast}) AND {cast} >= 0 THEN {scaled.get(mode, cast)} ELSE {value} END)"
    negative_clock = f"regexp_full_match({expr}, {params.bind(_NEGATIVE_CLOCK)})"
    reasons = (
        f"WHEN {n} < 0 OR ({colon} AND {negative_clock}) THEN 'negative duration' "
        "ELSE 'not a duration'"
    )
    return Parsed(value, _error(value, expr, reasons, params))


def validate_date_format(fmt: str) -> str:
    """Check a strptime format from a profile and return it; raise ``InvalidInput`` naming the
    problem. Allowed: codes %d %m %y %Y %b %B %H %I %M %S %p %f %j %a %A (also %-d style) and the
    literal characters space - / . : , T _; a year and a month (or day-of-year) code are required."""
    text = str(fmt)
    hint = 'use strptime codes, e.g. "%d/%m/%Y" or "%m/%d/%Y %H:%M"'
    if not text or len(text) > 40:
        raise InvalidInput(f"Date format '{text}' is not valid: {hint}.")
    rest = _DATE_LITERAL.sub("", _DATE_CODE.sub("", text))
    if rest:
        raise InvalidInput(
            f"Date format '{text}' is not valid: '{rest[0]}' is neither a strptime code nor one "
            f"of the separators space - / . : , T _; {hint}."
        )
    codes = {c.replace("-", "") for c in _DATE_CODE.findall(text)}
    if not codes & {"%Y", "%y", "%G"} or not codes & {"%m", "%b", "%B", "%j", "%V"}:
        raise InvalidInput(f"Date format '{text}' needs a year and a month: {hint}.")
    return text


def _iso_timestamp(expr: str) -> str:
    # ISO dates and date-times ("2026-10-01", "2026-10-01T08:30", "2026-10-01 08:30:00"); the LIKE
    # keeps DuckDB's special words ('epoch', 'infinity') and other shapes out of the cast.
    return f"(CASE WHEN trim({expr}) LIKE '____-%' THEN TRY_CAST(trim({expr}) AS TIMESTAMP) END)"


def _timestamp_core(expr: str, fmt: str | None, params: Params, iso_fallback: bool = True) -> str:
    # DuckDB's strptime reads the words 'epoch' and 'infinity' as 1900-01-01 whatever the format,
    # so strptime only sees text with a digit in it.
    if fmt is None:
        tries = ", ".join(f"try_strptime({expr}, {params.bind(f)})" for f in MONTH_LABEL_FORMATS)
        return (
            f"coalesce({_iso_timestamp(expr)}, "
            f"CASE WHEN regexp_matches({expr}, '[0-9]') THEN coalesce({tries}, "
            f"{_iso_week(expr, params)}, {_excel_serial(expr, params)}) END)"
        )
    fmt = validate_date_format(fmt)
    ts = f"(CASE WHEN regexp_matches({expr}, '[0-9]') THEN try_strptime({expr}, {params.bind(fmt)}) END)"
    if iso_fallback and not fmt.startswith(("%Y", "%y")):
        # Real date cells of a workbook arrive as ISO text: an unambiguous shape, still read.
        ts = f"coalesce({ts}, {_iso_timestamp(expr)})"
    return ts


def _iso_week(expr: str, params: Params) -> str:
    # "2026-W03" → the Monday of ISO week 3 of 2026 (a weekday after it is dropped).
    week = params.bind(_ISO_WEEK)
    return (
        f"(CASE WHEN regexp_matches({expr}, {week}) THEN try_strptime("
        f"regexp_replace({expr}, {week}, '\\1-W\\2'), '%G-W%V') END)"
    )


def _excel_serial(expr: str, params: Params) -> str:
    # Days since 1899-12-30 (Excel's day 0, past its phantom 1900-02-29), within SERIAL_RANGE.
    n = f"TRY_CAST(trim({expr}) AS DOUBLE)"
    low, high = (params.bind(float(b)) for b in SERIAL_RANGE)
    return (
        f"(CASE WHEN regexp_full_match({expr}, {params.bind(_SERIAL)}) AND {n} >= {low} "
        f"AND {n} < {high} THEN TIMESTAMP '1899-12-30' + "
        f"to_microseconds(CAST(round({n} * 86400000000.0) AS BIGINT)) END)"
    )


def _date_parsed(
    expr: str, fmt: str | None, cast: str, params: Params, iso_fallback: bool = True
) -> Parsed:
    ts = _timestamp_core(expr, fmt, params, iso_fallback)
    value = (
        f"(CASE WHEN year({ts}) BETWEEN {MIN_YEAR} AND {MAX_YEAR} THEN CAST({ts} AS {cast}) END)"
    )
    if fmt is None:
        reason = params.bind("not a date (use ISO such as 2026-10-01, or set formats.date)")
    else:
        reason = params.bind(f"not a date in the format {fmt}")
    reasons = f"WHEN {ts} IS NULL THEN {reason} ELSE 'implausible year'"
    return Parsed(value, _error(value, expr, reasons, params))


def date(expr: str, fmt: str | None = None, *, params: Params) -> Parsed:
    """A day (DATE). Without ``fmt``: ISO dates or date-times (the time is dropped), month
    labels ("Apr 2024", "April 2024", "Apr-15" = April 2015, "2024-04", "04/2024") as the first of
    the month, ISO weeks ("2026-W03") as their Monday and Excel date serials ("46031"). With ``fmt`` (checked by ``validate_date_format``): that strptime format, plus ISO
    text when ``fmt`` does not itself start with the year. Years outside 1900–2199 are errors."""
    return _date_parsed(expr, fmt, "DATE", params)


def timestamp(expr: str, fmt: str | None = None, *, params: Params) -> Parsed:
    """Like ``date`` but keeps the time of day (TIMESTAMP): for interval_start columns such as
    "2026-10-01 08:30" or, with fmt "%d/%m/%Y %H:%M", "01/10/2026 08:30"."""
    return _date_parsed(expr, fmt, "TIMESTAMP", params)


# A time of day, alone or starting a range, optionally after an ISO date (a workbook's time cell
# may carry Excel's day 0): "08:30", "8:30:15", "8:30 AM", "08h30", "08:00 - 08:30",
# "8:00 AM – 8:30 AM", "08:00 to 08:30". The groups: hour, minute, second, a/p.
_CLOCK_TIME = r"(\d{1,2})[:h](\d{2})(?::(\d{2}(?:\.\d+)?))?"
_MERIDIEM = r"(?:([AaPp])\.?[Mm]\.?)?"
_TIME_OF_DAY = (
    rf"^{_WS}*(?:\d{{4}}-\d{{2}}-\d{{2}}[ T])?{_CLOCK_TIME}{_WS}*{_MERIDIEM}"
    rf"(?:{_WS}*(?:-|–|—|to|a|à|até|hasta|bis){_WS}*\d{{1,2}}[:h]\d{{2}}(?::\d{{2}}(?:\.\d+)?)?"
    rf"{_WS}*(?:[AaPp]\.?[Mm]\.?)?)?{_WS}*$"
)
TIME_OF_DAY_REASON = "not a time of day (use 08:30, 8:30 AM or a range such as 08:30 - 09:00)"


def time_of_day(expr: str, *, params: Params) -> Parsed:
    """A time of day in seconds after midnight (DOUBLE in [0, 86400)): "08:30", "8:30:15",
    "8:30 PM", "08h30", a range read as its start ("08:00 - 08:30", "8:00 AM – 8:30 AM"), the
    time of an ISO date-time ("1899-12-30 08:30:00", as a workbook may give a time cell), an
    Excel time value (a fraction of a day, 0 ≤ x < 1) or a whole hour ("8", "17"). For a
    ``date`` column's time of day in a column of its own (interval_start). Error
    ``TIME_OF_DAY_REASON``."""
    parts = f"regexp_extract({expr}, {params.bind(_TIME_OF_DAY)}, ['h', 'm', 's', 'ap'])"
    hour = f"TRY_CAST(nullif({parts}.h, '') AS INTEGER)"
    minute = f"TRY_CAST({parts}.m AS INTEGER)"
    second = f"coalesce(TRY_CAST(nullif({parts}.s, '') AS DOUBLE), 0)"
    meridiem = f"upper({parts}.ap)"
    # With AM/PM the hour runs 1–12 (12 AM is midnight); without, 0–23.
    hour24 = (
        f"(CASE WHEN {meridiem} = '' THEN CASE WHEN {hour} < 24 THEN {hour} END "
        f"WHEN {hour} BETWEEN 1 AND 12 THEN {hour} % 12 + CASE WHEN {meridiem} = 'P' THEN 12 "
        "ELSE 0 END END)"
    )
    clock = (
        f"(CASE WHEN {minute} < 60 AND {second} < 60 THEN "
        f"{hour24} * 3600.0 + {minute} * 60.0 + {second} END)"
    )
    fraction = f"TRY_CAST(trim({expr}) AS DOUBLE)"
    value = (
        f"(CASE WHEN contains({expr}, ':') OR contains(lower({expr}), 'h') THEN {clock} "
        f"WHEN {fraction} >= 0 AND {fraction} < 1 THEN round({fraction} * 86400.0) "
        f"WHEN {fraction} IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, "
        f"20, 21, 22, 23) THEN {fraction} * 3600.0 END)"
    )
    reason = f"ELSE {params.bind(TIME_OF_DAY_REASON)}"
    return Parsed(value, _error(value, expr, reason, params))


def _check_word(word: str) -> str:
    text = str(word).strip()
    if not _WORD.fullmatch(text):
        raise InvalidInput(
            f"Flag value '{word}' is not usable: use up to 40 letters, digits, spaces or . + / - _"
        )
    return text.upper()


def flag(
    expr: str,
    true_values: tuple[str, ...] | list[str] = TRUE_VALUES,
    false_values: tuple[str, ...] | list[str] | None = FALSE_VALUES,
    *,
    params: Params,
) -> Parsed:
    """A yes/no cell as 1.0 / 0.0 (compared trimmed, case-insensitive).

    With ``false_values=None`` every non-blank value that is not a true value reads as 0.0;
    otherwise a value in neither list is an error "not one of the yes/no values".
    """
    trues = [_check_word(w) for w in true_values]
    falses = None if false_values is None else [_check_word(w) for w in false_values]
    if not trues:
        raise InvalidInput("A flag needs at least one value that means yes.")
    both = set(trues) & set(falses or [])
    if both:
        raise InvalidInput(f"Flag value '{sorted(both)[0]}' cannot mean both yes and no.")
    u = f"upper(trim({expr}))"
    yes = params.bind_all(trues)
    if falses is None:
        value = (
            f"(CASE WHEN {u} IN ({yes}) THEN CAST(1 AS DOUBLE) "
            f"WHEN NOT {blank(expr, params=params)} THEN CAST(0 AS DOUBLE) END)"
        )
        return Parsed(value, "CAST(NULL AS VARCHAR)")
    no = params.bind_all(falses) if falses else "NULL"
    value = (
        f"(CASE WHEN {u} IN ({yes}) THEN CAST(1 AS DOUBLE) "
        f"WHEN {u} IN ({no}) THEN CAST(0 AS DOUBLE) END)"
    )
    return Parsed(value, _error(value, expr, "ELSE 'not one of the yes/no values'", params))


def label(expr: str, *, params: Params) -> str:
    """SQL: a dimension's text, trimmed, inner runs of whitespace made one space; blank → NULL."""
    untidy = rf"^{_WS}|{_WS}$|{_WS}{{2}}|[\t\r\n\x{{A0}}\x{{202F}}]"
    tidy = f"trim({_rx(params, expr, _WS + '+', ' ', 'g')})"
    return (
        f"nullif(CASE WHEN regexp_matches({expr}, {params.bind(untidy)}) THEN {tidy} "
        f"ELSE {expr} END, '')"
    )


# --- detection: one query per column over the staging table ------------------------------------


def _fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: Params) -> tuple:
    # fetchall, not fetchone: an undrained result keeps the connection busy (DuckDB 2.0).
    return params.execute(con, sql).fetchall()[0]


def detect_percent_mode(
    con: duckdb.DuckDBPyConnection, table: str, column: str, decimal: str = "."
) -> str:
    """ "points" when any value written without "%" exceeds 1, else "fraction" (decided for the
    whole column, never row by row). A points column whose values all stay ≤ 1 (an abandonment
    rate of 0.8 %) reads as fractions: set formats.percent = "points" for such files."""
    col = quote_ident(column)
    params = Params()
    n = _number_core(col, decimal, params)
    sql = f"SELECT max({n}) FROM {quote_ident(table)} WHERE NOT contains(coalesce({col}, ''), '%')"  # noqa: S608 - identifiers quoted
    (top,) = _fetch_one(con, sql, params)
    return "points" if top is not None and top > 1.0 else "fraction"


def detect_duration_mode(
    con: duckdb.DuckDBPyConnection, table: str, column: str, decimal: str = "."
) -> str:
    """How a duration column writes plain numbers: "day_fraction" when every plain number lies in
    [0, 1) and some are above 0 (Excel time values), "hms" when all values use colons, else
    "seconds". Clock text ("00:05:12") reads the same in every mode."""
    col = quote_ident(column)
    params = Params()
    if decimal == ".":
        # A plain number of 1 or more settles it, and DuckDB's own cast finds one cheaply.
        sql = f"SELECT max(TRY_CAST({col} AS DOUBLE)) FROM {quote_ident(table)}"  # noqa: S608 - identifiers quoted
        (plain_top,) = _fetch_one(con, sql, params)
        if plain_top is not None and 1 <= plain_top < float("inf"):
            return "seconds"
    n = _number_core(col, decimal, params)
    sql = (
        f"SELECT max({n}) FILTER (WHERE NOT contains({col}, ':')), "  # noqa: S608 - identifiers quoted
        f"count(*) FILTER (WHERE contains({col}, ':')) FROM {quote_ident(table)}"
    )
    top, clocks = _fetch_one(con, sql, params)
    if top is None:
        return "hms" if clocks else "seconds"
    return "day_fraction" if 0 < top < 1 else "seconds"


def detect_decimal(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str] | tuple[str, ...]
) -> str:
    """ "," when more distinct values in ``columns`` read only with a decimal comma ("0,95",
    "1.234,5") than only with a decimal point ("1,234.5"), else ".". Values that read either way
    ("1,234") count for neither."""
    if not columns:
        return "."
    t = quote_ident(table)
    union = " UNION ".join(
        f"SELECT DISTINCT {quote_ident(c)} AS v FROM {t}"  # noqa: S608 - identifiers quoted
        for c in columns
    )
    params = Params()
    dot, comma = _number_core("v", ".", params), _number_core("v", ",", params)
    sql = (
        f"SELECT count(*) FILTER (WHERE {dot} IS NULL AND {comma} IS NOT NULL), "  # noqa: S608 - fixed SQL
        f"count(*) FILTER (WHERE {comma} IS NULL AND {dot} IS NOT NULL) FROM ({union}) WHERE v IS NOT NULL"
    )
    comma_only, dot_only = _fetch_one(con, sql, params)
    return "," if comma_only > dot_only else "."


_DAY_FORMATS = (
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d/%m/%y",
    "%m/%d/%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
)
_TIME_SUFFIXES = (" %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p")
# Tried in order; among formats that read equally many values the same way, the first wins.
DATE_CANDIDATES: tuple[str | None, ...] = (
    None,
    *MONTH_LABEL_FORMATS,
    *_DAY_FORMATS,
    *(f + s for f in _DAY_FORMATS for s in _TIME_SUFFIXES),
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%Y%m%d",
)
_SAMPLE = 20000
_GLANCE = 200


def _strict(expr: str, fmt: str | None, params: Params) -> str:
    # Detection judges each candidate on its own: no ISO fallback, or every format would tie.
    return _date_parsed(expr, fmt, "TIMESTAMP", params, iso_fallback=False).value


_PROBE = "governance_date_probe"


def _loose(expr: str, fmt: str | None, params: Params) -> str:
    # Reads at least what _strict reads, in far less SQL (a query of 60-odd _strict expressions
    # takes a tenth of a second just to plan): for ruling candidates out at a glance.
    if fmt is None:
        return _timestamp_core(expr, None, params, iso_fallback=False)
    return f"try_strptime({expr}, {params.bind(validate_date_format(fmt))})"


def _date_scores(
    con: duckdb.DuckDBPyConnection, formats: list[str | None], limit: int | None, *, loose=False
) -> list[int]:
    """For each format, how many of the probe's distinct values (the first ``limit``) it reads
    (``loose``: may read, an upper bound used to rule formats out)."""
    params = Params()
    limit_sql = f" LIMIT {params.bind(int(limit))}" if limit else ""
    select = ", ".join(f"count({(_loose if loose else _strict)('v', f, params)})" for f in formats)
    sql = f"SELECT {select} FROM (SELECT v FROM {_PROBE} ORDER BY v{limit_sql})"  # noqa: S608 - fixed SQL
    return list(_fetch_one(con, sql, params))


def detect_date_format(con: duckdb.DuckDBPyConnection, table: str, column: str) -> DateFormat:
    """Find the one date format that reads the column's values.

    Tries ``DATE_CANDIDATES`` over the distinct values (ISO and month labels first, then day-first,
    month-first, with times of day …) and keeps those that read the most values. Raises
    ``InvalidInput`` when none reads any value, or when two read equally many but disagree (every
    value like 01/02/2026 fits both %d/%m/%Y and %m/%d/%Y): the message names the column, shows a
    value with its two readings and says to set formats.date in the profile. A value such as
    13/02/2026 decides it. Values that no format reads are left for the validator to report.
    """
    col = quote_ident(column)
    # Two statements: in one, the optimizer pushes the blank test below DISTINCT, onto every row.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_PROBE} AS SELECT DISTINCT {col} AS v "  # noqa: S608 - identifiers quoted
        f"FROM {quote_ident(table)} WHERE {col} IS NOT NULL"
    )
    params = Params()
    params.execute(
        con,
        f"CREATE OR REPLACE TEMP TABLE {_PROBE} AS SELECT DISTINCT trim(v) AS v FROM {_PROBE} "  # noqa: S608 - fixed SQL
        f"WHERE NOT {blank('v', params=params)}",
    )
    try:
        return _detect_from_probe(con, column)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {_PROBE}")


def _detect_from_probe(con: duckdb.DuckDBPyConnection, column: str) -> DateFormat:
    params = Params()
    (example,) = _fetch_one(con, f"SELECT min(v) FROM {_PROBE}", params)  # noqa: S608 - fixed SQL
    if example is None:
        raise InvalidInput(f"Column '{column}' has no dates: every cell is blank.")
    # A first, loose look at a few values rules out most candidates cheaply; the rest are scored
    # strictly on up to _SAMPLE values.
    formats = list(DATE_CANDIDATES)
    glance = _date_scores(con, formats, _GLANCE, loose=True)
    formats = [f for f, s in zip(formats, glance, strict=True) if s] or formats
    scores = _date_scores(con, formats, _SAMPLE)
    best = max(scores)
    if best == 0:
        raise InvalidInput(
            f"Column '{column}' does not hold dates in a format this import recognises "
            f"(for example '{example}'). Set formats.date in the profile, e.g. \"%d/%m/%Y\"."
        )
    tied = [f for f, s in zip(formats, scores, strict=True) if s == best]
    if len(tied) > 1:
        # Re-score the tied formats over every distinct value, not just the sample.
        full = _date_scores(con, tied, None)
        tied = [f for f, s in zip(tied, full, strict=True) if s == max(full)]
    chosen = tied[0]
    first = _strict("v", chosen, params)
    for other in tied[1:]:
        second = _strict("v", other, params)
        row = params.execute(
            con,
            f"SELECT v, {first}, {second} FROM {_PROBE} "  # noqa: S608 - fixed SQL
            f"WHERE {first} IS DISTINCT FROM {second} ORDER BY v LIMIT 1",
        ).fetchall()
        if not row:
            continue  # the two formats read every value the same way ("%b %Y" and "%B %Y")
        value, one, two = row[0]
        readings = [
            f'{_show(r)} with "{f}"' for f, r in ((chosen, one), (other, two)) if f is not None
        ]
        raise InvalidInput(
            f"Column '{column}' has dates that can be read more than one way: '{value}' reads as "
            f"{' or as '.join(readings)}. Set formats.date in the profile to say which, e.g. "
            f'formats.date = "{other or chosen}".'
        )
    return DateFormat(chosen, _grain_hint(con, chosen), example)


def _show(ts) -> str:
    """A parsed date for a message: the day, plus the time when it is not midnight."""
    if ts is None:
        return "nothing"
    return ts.strftime("%Y-%m-%d %H:%M" if (ts.hour, ts.minute) != (0, 0) else "%Y-%m-%d")


def _grain_hint(con: duckdb.DuckDBPyConnection, fmt: str | None) -> str:
    params = Params()
    ts = _strict("v", fmt, params)
    sql = (
        f"SELECT bool_or({ts} <> date_trunc('day', {ts})), count({_iso_timestamp('v')}), "  # noqa: S608 - fixed SQL
        f"count({_iso_week('v', params)}), count({_excel_serial('v', params)}) FROM {_PROBE}"
    )
    has_time, iso_count, weeks, serials = _fetch_one(con, sql, params)
    if has_time:
        return "interval"
    if fmt is None:
        if weeks:
            return "week"
        return "day" if iso_count or serials else "month"
    codes = {m.replace("-", "") for m in _DATE_CODE.findall(fmt)}
    if codes & {"%V"} and not codes & {"%d", "%j", "%u"}:
        return "week"
    return "day" if codes & {"%d", "%j"} else "month"
