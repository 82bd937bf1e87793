"""The agent-data guard: nothing that identifies an individual vendor employee gets in.

Three looks, each naming the column and why, never a value, so that no identifier reaches an error
message, a log or a report:

1. **headers** (``people.header_reason``): agent, advisor, analyst, login, handle, ext, station
   id, emp#, supervisor, name, e-mail… and their equivalents in the languages of BPO locations,
   after folding look-alike letters and invisible characters; read in context, so that a header
   over numbers that counts or times people ("Agents Staffed", "Staff Cost") is a measure. A
   header that is itself a person ("Diane Smith", "SMITH, DIANE", "jdoe01", "Agent 4471":
   ``people.header_person``), or one of ``WIDE_NAMES`` or more given names alone ("Diane",
   "Maricel"), makes a file with one column per agent; and then any header written as
   ``WIDE_FORM`` of those are ("BAUTISTA, Jhunrey" beside "SANTOS, Maricel"), with no word of the
   headers' vocabulary, is one more. Such a column is a finding that is never named
   (``Finding.named``), its header being the person;
2. **values** (``people.judge_values``), in every text column, every column mapped to a
   dimension and every column left unread, whatever its header: person names in the usual
   formats, logins, e-mail addresses, teams named after someone. A column whose values might be
   people without clearly being them (first names alone, staff codes) is a *suspect*: unmapped,
   it is a person column when it splits the file's rows below its stored grain; mapped, its
   volume decides (look 3); it is never to be mapped;
3. **grain** (``grain_findings``, after the roll-up, on ``staging_final``): a dimension whose
   labels are many, each with the volume of one person, or as many per site and day as a site has
   staff, or a headcount of one each, is one label per person whatever its labels look like.

Looks 1 and 2 run on ``staging_raw`` before anything is mapped; look 3 needs the mapped, parsed
and summed rows, so the importer runs it after the roll-up and before anything is written. An
import with a mapping of its own defers look 2 for the columns it maps to a dimension to the
same moment (``examine(defer=True)``, ``examine_later``), over the distinct labels the roll-up
makes anyway: a scan of a million rows saved, and the same verdict, as such a column is refused,
never dropped, whatever the policy.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import duckdb

from governance.ingest import cells, people
from governance.ingest.sql import Params
from governance.store.quoting import quote_ident

_SAMPLE_ROWS = 1000  # the first rows settle most columns' text-or-number question
_SAMPLE_VALUES = 2000  # distinct values of one column judged (a deterministic sample beyond)
# A value written as a number, an amount, a percentage or a duration ("1,234", "$12.50", "85 %",
# "0:05:12"): a column of these under a header such as "Staff Cost" is a measure.
_NUMBER_LIKE = (
    r"[-+(]?\s*[$€£¥]?\s*[-+]?\d[\d.,' \x{A0}\x{202F}]*\s*%?\s*\)?"
    r"|\d{1,3}(:\d{2}){1,2}([.,]\d+)?"
)

# The grain signature (look 3). A person handles a few dozen contacts a day; a site has tens of
# staff on a day. Weekly and monthly rows are brought to a day by their working days.
GRAIN_DIMS = ("program", "site", "language", "queue")
MIN_LABELS = 8  # distinct labels in the file …
MIN_LABELS_PER_DAY = 5  # … and, on a median day, within one site / program / channel …
PERSON_DAY_VOLUME = 80  # … each with at most this many contacts on a median day: one person each
HEADCOUNT_LABELS = 30  # this many labels per site and day is a headcount, unless each is busy …
HEADCOUNT_VOLUME = 150  # … with more contacts a day than a person handles
ONE_PERSON = 1.5  # a label whose headcount is at most this is a person
SUSPECT_LABELS = 3  # labels like names or staff codes: this many, each with one person's volume
WIDE_NAMES = 4  # headers that are given names alone ("Diane"): this many make one column per agent
# Headers that are people, written one way ("SMITH, Diane"): this many make every other header
# written that way, with no word of the headers' vocabulary, one too ("BAUTISTA, Jhunrey", whose
# given name the names index lacks).
WIDE_FORM = 3
_WORKING_DAYS = {"day": 1, "week": 5, "month": 21}
_ALL_DIMS = ("program", "site", "channel", "language", "queue")
# Numbers that recur: the distinct values of the file at most this many times those of a period.
_RECURRING = 1.5


@dataclass(frozen=True)
class Finding:
    """One column that identifies people: why, and where to look (a row number, never a value)."""

    column: str
    reason: str  # header | emails | names | logins | codes | grain
    detail: str
    example_row: int | None = None
    # False for a column whose header is itself a person ("Diane Smith", "jdoe01"): its header is
    # never shown, logged or stored; messages count such columns instead (``per_person``).
    named: bool = True

    def message(self) -> str:
        if not self.named:
            return f"a column {self.detail} (its header is not repeated here)"
        where = f" (e.g. row {self.example_row})" if self.example_row else ""
        return f"column '{self.column}' {self.detail}{where}"


@dataclass
class Examination:
    """What the guard found: columns that identify people, and columns that might (suspects)."""

    findings: list[Finding] = field(default_factory=list)
    suspects: list[Finding] = field(default_factory=list)
    # Columns mapped to a vendor, program, site, channel, language or queue whose values are
    # judged after the roll-up (``examine_later``), over the distinct labels the import makes
    # anyway: header -> dimension. Empty unless ``examine(defer=True)``.
    deferred: dict[str, str] = field(default_factory=dict)


def examine(
    con: duckdb.DuckDBPyConnection,
    table: str,
    headers: list[str],
    *,
    skip: set[str] = frozenset(),
    dimensions: dict[str, str] | None = None,
    mapped: set[str] | None = None,
    parsed: set[str] = frozenset(),
    key: list[str] | None = None,
    contact: bool = False,
    defer: bool = False,
) -> Examination:
    """Check every column of the staging ``table`` for people, by header and by values.

    ``skip`` lists headers not to check (the time column); ``dimensions`` maps the headers the
    profile maps to a dimension to that dimension; ``mapped`` lists every header the profile
    reads (the others are looked at even when they hold numbers: an extension, an employee
    number); ``parsed`` those it reads as numbers (a component, an average): the import parses
    every cell of them, and one that is not a number refuses the file without showing a value
    that may be a person (``staging.validate``), so here only their first rows say whether they
    hold text; ``key`` lists the headers that make a row's
    key as the profile maps the file (its time and dimension columns), ``contact`` says the file
    has one row per contact. A column whose values only might be people (first names alone,
    staff codes) is a person column when, unmapped, it splits that key into several rows (one
    row per person and period), or in a contact file repeats across contacts; mapped to a
    dimension it stays a suspect, for ``grain_findings`` to judge by its volume. Findings and
    suspects come in column order.

    ``defer``: the values of the columns mapped to a vendor, program, site, channel, language or
    queue are not read here but listed in ``deferred``, for ``examine_later`` to judge after the
    roll-up over the distinct labels (a scan of the rows saved), or before, if a name of them is
    to be said first (an unregistered vendor). Such a column is never dropped (the profile maps
    it: a person there refuses the file whatever the policy).
    """
    dimensions = dimensions or {}
    rest = [h for h in headers if h not in skip]
    # A column of numbers cannot hold names; the text columns are looked at. The first rows settle
    # most columns (a failed cast is slow, a million of them more so); the columns all numbers
    # there are then checked over every row, where casts succeed fast, unless the import parses
    # every cell of them anyway (``parsed``).
    texty = _text_columns(con, table, rest, sample=_SAMPLE_ROWS)
    unsure = [h for h in rest if h not in texty and h not in parsed]
    texty |= _text_columns(con, table, unsure, sample=None)
    # Over text that is written like numbers ("$1,234", "85 %", "0:05:12"), a header is read as
    # over numbers: only those whose verdict depends on it are looked at again.
    doubtful = [
        h
        for h in rest
        if h in texty
        and people.header_reason(h, numeric=True) is None
        and people.header_reason(h, numeric=False) is not None
    ]
    number_like = _number_like(con, table, doubtful)
    out = Examination()
    # Headers that are people: one column per agent ("Diane Smith", "jdoe01", "Agent 4471"), or
    # many given names alone ("Diane", "Greg", "Maricel", "Jomar").
    wide = {h: f"headed by {kind}" for h in rest if (kind := people.header_person(h))}
    given = [h for h in rest if h not in wide and people.header_maybe_person(h)]
    if len(given) >= WIDE_NAMES:
        wide |= dict.fromkeys(given, "headed by a given name or a login, one of many")
    forms: dict[str, int] = {}
    for h in wide:
        form = people.header_form(h)
        forms[form] = forms.get(form, 0) + 1
    common = {form for form, n in forms.items() if form and n >= WIDE_FORM}
    for h in rest:
        if h not in wide and people.header_form(h) in common and not people.header_has_term(h):
            wide[h] = "headed like the file's other per-person columns"
    for h in rest:
        if h in wide:
            out.findings.append(Finding(h, "header", wide[h], named=False))
            continue
        reason = people.header_reason(h, numeric=h not in texty or h in number_like)
        if reason:
            out.findings.append(Finding(h, "header", reason))
    flagged = {f.column for f in out.findings}
    # Every text column, every column mapped to a dimension and every column the profile does not
    # read, even if it holds numbers (the columns loaded as components are numbers, nothing else).
    unread = set(rest) - mapped if mapped is not None else set()
    looked = [
        h for h in rest if h not in flagged and (h in texty or h in dimensions or h in unread)
    ]
    if defer:
        out.deferred = {h: dimensions[h] for h in looked if h in dimensions}
        looked = [h for h in looked if h not in out.deferred]
    for header, (distinct, values, rows) in _distinct_values(con, table, looked).items():
        finding, suspect = _judged(header, distinct, values, rows)
        if finding is None:
            continue
        if not suspect:
            out.findings.append(finding)
        elif (
            header not in dimensions
            and key
            and _splits(con, table, header, key, contact=contact, numbers=header not in texty)
        ):
            how = "recurs across contacts" if contact else "splits each period's rows"
            detail = f"{finding.detail}, one value per person: it {how}"
            out.findings.append(Finding(header, finding.reason, detail, finding.example_row))
        elif header in texty or header in dimensions:
            out.suspects.append(finding)  # numbers left unread are not stored: no suspect
    order = {h: i for i, h in enumerate(headers)}
    out.findings.sort(key=lambda f: order[f.column])
    out.suspects.sort(key=lambda f: order[f.column])
    return out


def _judged(header: str, distinct: int, values: list[str], rows: list[int]):
    """(a finding, whether it is only a suspect) for one column's distinct values, or (None,
    False) when they do not look like people."""
    verdict = people.judge_values(values, distinct=distinct)
    if not verdict.kind:
        return None, False
    example = min((rows[i] for i in verdict.hits if rows[i] is not None), default=None)
    return Finding(header, verdict.kind, verdict.detail, example), verdict.suspect


def examine_later(
    con: duckdb.DuckDBPyConnection,
    exam: Examination,
    table: str,
    columns: dict[str, str],
    *,
    source: str | None = None,
) -> list[Finding]:
    """Judge the values of the columns ``examine`` deferred (``exam.deferred``), as it would
    have: the findings are returned, the suspects added to ``exam.suspects`` (for
    ``grain_findings``). ``table`` holds their values in ``columns`` (header -> column of
    ``table``): after the roll-up, the distinct raw labels of ``staging_labels``, a few hundred
    rows, whose rows of the file are then looked up in ``source`` (``staging_raw``) for a column
    found to hold people only; or ``staging_raw`` itself (``source`` None). Judged once:
    ``exam.deferred`` is emptied."""
    if not exam.deferred:
        return []
    found: list[Finding] = []
    headers = list(exam.deferred)
    mapped = {h: columns[h] for h in headers}
    row = "_row" if source is None else None
    values = _distinct_values(con, table, headers, columns=mapped, row=row)
    for header, (distinct, sample, rows) in values.items():
        finding, suspect = _judged(header, distinct, sample, rows)
        if finding is None:
            continue
        if suspect:
            exam.suspects.append(finding)
            continue
        if source is not None:  # the first row holding a value that counted
            hits = people.judge_values(sample, distinct=distinct).hits
            example = _first_row(con, source, header, [sample[i] for i in hits])
            finding = dataclasses.replace(finding, example_row=example)
        found.append(finding)
    exam.deferred = {}
    return found


def _first_row(con, table: str, header: str, values: list[str]) -> int | None:
    """The first row of ``table`` whose ``header`` (trimmed) is one of ``values``."""
    if not values:
        return None
    params = Params()
    sql = (
        f"SELECT min(_row) FROM {quote_ident(table)} "  # noqa: S608 - identifiers quoted
        f"WHERE trim(CAST({quote_ident(header)} AS VARCHAR)) IN "
        f"(SELECT unnest({params.bind(values)}::VARCHAR[]))"
    )
    return params.execute(con, sql).fetchone()[0]


def _splits(con, table: str, header: str, key: list[str], *, contact: bool, numbers: bool) -> bool:
    """Whether ``header`` splits the rows that share a ``key`` (its time column first, then the
    dimensions): a file with one row per person and period. In a contact file rows share keys
    anyway; there its values must also repeat (an agent takes many contacts; a ticket number is
    one contact's). A column of numbers must also hold the same values period after period (an
    agent's extension recurs; a count left unmapped takes new values every day)."""
    cols = ", ".join(quote_ident(h) for h in key)
    col = quote_ident(header)
    t = quote_ident(table)
    keys, split, distinct, rows, periods, per_period = con.execute(
        f"SELECT count(DISTINCT row({cols})), count(DISTINCT row({cols}, {col})), "  # noqa: S608 - identifiers quoted
        f"count(DISTINCT {col}), count(*), count(DISTINCT {quote_ident(key[0])}), "
        f"(SELECT avg(n) FROM (SELECT count(DISTINCT {col}) AS n FROM {t} "
        f"GROUP BY {quote_ident(key[0])})) FROM {t}"
    ).fetchone()
    if split <= keys or (contact and distinct > rows / 2):
        return False
    return not numbers or (periods >= 2 and distinct <= _RECURRING * (per_period or 0))


def _text_columns(con, table: str, headers: list[str], *, sample: int | None) -> set[str]:
    """The ``headers`` holding a value that is not a number (in the first ``sample`` rows)."""
    if not headers:
        return set()
    counts = ", ".join(
        f"count(*) FILTER (WHERE {quote_ident(h)} IS NOT NULL AND TRY_CAST({quote_ident(h)} AS DOUBLE) IS NULL)"
        for h in headers
    )
    params = Params()
    rows = quote_ident(table)
    if sample:
        rows = f"(SELECT * FROM {rows} LIMIT {params.bind(int(sample))})"  # noqa: S608 - identifier quoted
    found = params.execute(con, f"SELECT {counts} FROM {rows}").fetchone()  # noqa: S608 - identifiers quoted
    return {h for h, n in zip(headers, found, strict=True) if n}


def _number_like(con, table: str, headers: list[str]) -> set[str]:
    """The ``headers`` whose every non-blank value is written as a number, amount, % or duration."""
    if not headers:
        return set()
    params = Params()
    pattern = params.bind(_NUMBER_LIKE)
    counts = ", ".join(
        f"count(*) FILTER (WHERE NOT {cells.blank(quote_ident(h), params=params)} "
        f"AND NOT regexp_full_match(trim({quote_ident(h)}), {pattern}))"
        for h in headers
    )
    found = params.execute(con, f"SELECT {counts} FROM {quote_ident(table)}").fetchone()  # noqa: S608
    return {h for h, n in zip(headers, found, strict=True) if n == 0}


def _distinct_values(
    con,
    table: str,
    headers: list[str],
    *,
    columns: dict[str, str] | None = None,
    row: str | None = "_row",
) -> dict[str, tuple[int, list[str], list[int]]]:
    """Per header: how many distinct non-blank values (trimmed) it has, and up to
    ``_SAMPLE_VALUES`` of them (a sample by hash, the same on every run) with the first row of
    each (``row``: the file's row of a table's row; None, a table without one: no rows). One
    scan of the table for all the headers (grouping sets). ``columns`` names the table's column
    of a header when it is not the header itself."""
    if not headers:
        return {}
    cols = [quote_ident((columns or {}).get(h, h)) for h in headers]
    top = (1 << len(cols)) - 1
    params = Params()
    # GROUPING(c1, …, cn) sets the bit of every column not grouped: one bit clear per set.
    which = " ".join(
        f"WHEN {params.bind(top ^ (1 << (len(cols) - 1 - i)))} THEN {c}" for i, c in enumerate(cols)
    )
    sets = ", ".join(f"({c})" for c in cols)
    limit = params.bind(_SAMPLE_VALUES)
    first = f"min({quote_ident(row)})" if row else "CAST(NULL AS BIGINT)"
    sql = (
        f"WITH g AS (SELECT GROUPING({', '.join(cols)}) AS k, {', '.join(cols)}, {first} AS r "  # noqa: S608 - identifiers quoted
        f"FROM {quote_ident(table)} GROUP BY GROUPING SETS ({sets})), "
        f"v0 AS (SELECT k, CAST(CASE k {which} END AS VARCHAR) AS v, r FROM g), "
        "d AS (SELECT k, trim(v) AS v, min(r) AS r FROM v0 WHERE v IS NOT NULL GROUP BY k, trim(v)) "
        # Blanks are left out by FILTER, not WHERE, so that the trim stays on distinct values.
        "SELECT k, count(*) FILTER (WHERE v <> ''), "
        f"list(v ORDER BY hash(v)) FILTER (WHERE v <> '')[1:{limit}], "
        f"list(r ORDER BY hash(v)) FILTER (WHERE v <> '')[1:{limit}] FROM d GROUP BY k"
    )
    by_key = {top ^ (1 << (len(cols) - 1 - i)): h for i, h in enumerate(headers)}
    out = {}
    for key, distinct, values, rows in params.execute(con, sql).fetchall():
        out[by_key[key]] = (distinct, values or [], rows or [])
    return {h: out[h] for h in headers if h in out}


def grain_findings(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    columns: dict[str, str],
    components: list[str],
    grain: str,
    suspects: set[str] = frozenset(),
) -> list[Finding]:
    """Dimensions of the rolled-up ``table`` (``staging_final``) that hold one label per person.

    ``columns`` maps each dimension the profile maps to its source header (named in a finding),
    ``components`` are the components loaded, ``grain`` the stored grain, and ``suspects`` the
    source headers whose values might be people (first names alone, staff codes). A dimension is
    a person column when its labels are many (``MIN_LABELS`` in the file, ``MIN_LABELS_PER_DAY``
    on a median day within one site / program / channel) and each has the volume of one person
    (``PERSON_DAY_VOLUME`` contacts on a median day); when a site has as many of them on a day as
    it has staff (``HEADCOUNT_LABELS``) and none is busier than people are; when each has a
    headcount of about one; or, for a suspect, when a few (``SUSPECT_LABELS``) each have the
    volume of one person.
    """
    dims = [d for d in GRAIN_DIMS if d in columns]
    volume = next((c for c in ("offered", "answered") if c in components), None)
    t = quote_ident(table)
    found = []
    for dim in dims:
        label = quote_ident(dim)
        others = [quote_ident(d) for d in _ALL_DIMS if d != dim]
        params = Params()
        vol = f"sum({quote_ident(volume)})" if volume else "NULL"
        hc = f"sum({quote_ident('headcount')})" if "headcount" in components else "NULL"
        labels, per_context, day_volume, headcount = params.execute(
            con,
            f"WITH ctx AS (SELECT count(DISTINCT {label}) AS n FROM {t} WHERE {label} IS NOT NULL "  # noqa: S608 - identifiers quoted
            f"GROUP BY vendor_id, date, {', '.join(others)}), "
            f"lab AS (SELECT {vol} AS v, {hc} AS h FROM {t} WHERE {label} IS NOT NULL "
            f"GROUP BY vendor_id, {label}, date) "
            f"SELECT (SELECT count(DISTINCT {label}) FROM {t}), (SELECT median(n) FROM ctx), "
            f"(SELECT median(v) FROM lab) / {params.bind(_WORKING_DAYS.get(grain, 1))}, "
            "(SELECT median(h) FROM lab)",
        ).fetchone()
        detail = _grain_detail(
            labels or 0, per_context or 0, day_volume, headcount, suspect=columns[dim] in suspects
        )
        if detail:
            found.append(Finding(columns[dim], "grain", f"(mapped as {dim}) {detail}"))
    return found


def _grain_detail(
    labels: int, per_context: float, day_volume, headcount, *, suspect: bool
) -> str | None:
    if headcount is not None and headcount <= ONE_PERSON and labels >= MIN_LABELS_PER_DAY:
        return f"has {labels} labels with a headcount of about one each: one label per person"
    one_each = day_volume is not None and day_volume <= PERSON_DAY_VOLUME
    if one_each and labels >= MIN_LABELS and per_context >= MIN_LABELS_PER_DAY:
        return (
            f"has {labels} labels, about {per_context:.0f} a day within each site, program and "
            f"channel, each with about {day_volume:.0f} contacts a day: the volume of one person"
        )
    if per_context >= HEADCOUNT_LABELS and (day_volume is None or day_volume <= HEADCOUNT_VOLUME):
        return (
            f"has about {per_context:.0f} labels a day within each site, program and channel: "
            "as many as a site has staff"
        )
    if suspect and one_each and labels >= SUSPECT_LABELS:
        return (
            f"has {labels} labels that read like names or staff codes, each with about "
            f"{day_volume:.0f} contacts a day: the volume of one person"
        )
    return None


# --- messages -------------------------------------------------------------------------------------


def refusal_message(
    file_name: str,
    vendor: str | None,
    findings: list[Finding],
    *,
    mapped: dict[str, str] | None = None,
    can_aggregate: bool = True,
) -> str:
    """The plain-language rejection: the file, which columns and why, what to ask the vendor for.
    ``mapped`` names the columns the profile maps (header → canonical name): they never may be.
    Columns whose header is a person (``Finding.named`` false) are counted, never named."""
    hidden = {f.column for f in findings if not f.named}
    parts = [f.message() for f in findings if f.named]
    if hidden:
        parts.append(per_person(findings))
    who = vendor or "the vendor"
    text = (
        f"{file_name} holds data about individual vendor staff: {'; '.join(parts)}. Nothing was "
        "imported: the VMO governs outcomes under the contract and never stores per-person data "
        "(co-employment risk)."
    )
    if mapped:
        which = [f"'{h}' as {c}" for h, c in mapped.items() if h not in hidden]
        roles = [c for h, c in mapped.items() if h in hidden]
        if roles:
            which.append(f"{len(roles)} of the columns headed by a person (as {', '.join(roles)})")
        text += (
            f" The profile maps {', '.join(which)}: a column about individual staff is never "
            "mapped (it can never be a program, site, channel, language or queue label, nor a "
            "measure of the vendor), so remove that mapping."
        )
    if hidden:
        text += (
            f" Ask {who} for the same export with one column per measure, totalled by queue, "
            "program or site and by day or interval, not one column per agent"
        )
    else:
        text += (
            f" Ask {who} for the same export totalled by program / site / channel and day (or "
            "by queue), without agent columns"
        )
    if can_aggregate:
        text += (
            "; or, if totals are all you need, import again with the 'aggregate' option, which "
            "drops these columns and sums the rows before anything is stored"
        )
    return text + "."


def per_person(findings: list[Finding]) -> str:
    """The columns whose header is a person, counted by what their headers look like ("12
    columns are one per person, headed by a person's name (10), headed by a login (2)"), never
    named."""
    hidden = [f for f in findings if not f.named]
    kinds: dict[str, int] = {}
    for f in hidden:
        kinds[f.detail] = kinds.get(f.detail, 0) + 1
    how = ", ".join(f"{detail} ({n})" if len(kinds) > 1 else detail for detail, n in kinds.items())
    many = f"{len(hidden):,} columns are" if len(hidden) > 1 else "1 column is"
    return f"{many} one per person, {how} (their headers are not repeated here)"


def dropped_note(findings: list[Finding]) -> str:
    """What an import with ``aggregate`` says of the columns it dropped: the named ones by name,
    those whose header is a person only counted."""
    named = [f"'{f.column}'" for f in findings if f.named]
    hidden = sum(1 for f in findings if not f.named)
    which = ", ".join(named)
    if hidden:
        which += f"{' and ' if named else ''}{hidden:,} headed by a person, not named here"
    return (
        f"Dropped {len(findings):,} column(s) that identify individual staff ({which}) and summed "
        "the rows to program / site / channel level before anything was stored."
    )


def shown(findings: list[Finding]) -> list[str]:
    """The findings as lines for a page: one per named column ("Column 'Agent' holds person
    names"), and one for all the columns whose header is a person, counted."""
    lines = [f"Column '{f.column}' {f.detail}" for f in findings if f.named]
    if any(not f.named for f in findings):
        text = per_person(findings)
        lines.append(text[0].upper() + text[1:])
    return lines


def suspects_message(file_name: str, vendor: str | None, suspects: list[Finding]) -> str:
    """For text columns neither mapped nor ignored whose values might identify staff: never
    "map it"; ask the vendor, or ignore the column if it is not about people."""
    cols = ", ".join(f"'{f.column}'" for f in suspects)
    who = vendor or "the vendor"
    return (
        f"{file_name}: column(s) {cols} hold text that is neither mapped nor ignored, and their "
        "values look like they may identify individual staff (names, logins or staff codes). "
        f"Nothing was imported. If they identify agents, ask {who} for the same export totalled "
        "by program / site / channel and day, without them; if they do not (a ticket or order "
        "number, say), add them to the profile's ignore list."
    )
