"""The agent-data guard: nothing that identifies an individual vendor employee gets in.

Every column of an upload is checked before anything else happens: by its header (agent, agent
id, employee, rep, advisor, login, user id, supervisor, team lead, …) and by its values (e-mail
addresses; person names in a text column). Findings name the column and why, never a value, so
no identifier reaches an error message, a log or a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from governance.ingest.sql import Params
from governance.store import db
from governance.store.quoting import quote_ident

# Header words (beyond db.is_person_column's) that identify a person in an export.
_EXTRA_HEADERS = {
    "server",
    "name",
    "full name",
    "first name",
    "last name",
    "surname",
    "email",
    "e mail",
    "email address",
    "mail",
    "user",
    "username",
    "user name",
    "employee name",
    "advisor name",
    "handled by",
    "assigned to",
    "owner name",
    "agent",
}
# A header that counts people ("Agents staffed", "# Agents", "Staff count") is a measure, not an id.
_COUNT_WORDS = re.compile(
    r"\b(count|counts|number|num|no\.? of|total|#|staffed|on shift|fte|ftes|headcount|qty|available)\b|#"
)
_EMAIL = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
_NAME_SHAPE = r"^[A-Z][a-z'\-]{1,20}( [A-Z][a-z'\-]{1,20}){0,2}$"
# Common given names (lower case), enough to tell a column of first names from places or programs.
GIVEN_NAMES = frozenset(
    """
aaron abby adam adrian aisha alan albert alex alexander alice alicia alison amanda amber amy ana
andre andrea andrew angela angelo anita ann anna anne annie anthony antonio april arjun arthur
ashley austin barbara becky ben benjamin beth betty bill billy bob bobby brad brandon brenda brian
brittany bruce bryan carl carla carlos carmen carol caroline carrie catherine cathy charles
charlie cheryl chris christian christina christine christopher cindy claire clara craig crystal
cynthia dale dan dana daniel danielle david dawn dean debbie deborah denise dennis derek diana
diane donald donna doris dorothy douglas dylan earl ed eddie edward elaine elena elizabeth ella
ellen emily emma eric erica erin ethan eugene eva evan frances francis frank fred gabriel gary
george gerald gina glenn gloria grace greg gregory hannah harold harry heather helen henry holly
howard ian isabel jack jacob jacqueline james jamie jane janet janice jason jean jeff jeffrey
jennifer jenny jeremy jerry jesse jessica jill jim jimmy joan joe joel john johnny jon jonathan
jordan jorge jose joseph joshua joy joyce juan judith judy julia julie justin karen kate katherine
kathleen kathy katie keith kelly ken kenneth kevin kim kimberly kyle larry laura lauren lawrence
leah lee leo leslie linda lisa liz lori louis louise lucas lucy luis luke lynn maria marie marilyn
mark martha martin mary matt matthew megan melissa michael michelle mike monica nancy nathan
nicholas nicole noah norma olivia oscar pamela patricia patrick paul paula peggy peter philip
phillip priya rachel ralph raj ramon randy ray raymond rebecca richard rick rita rob robert
robin roger ronald rose roy russell ruth ryan sally sam samantha samuel sandra sara sarah scott
sean sharon shawn shirley sophia stacy stephanie stephen steve steven stewart susan tammy tara
teresa terry thomas tim timothy tina todd tom tony tracy travis tyler valerie vanessa victor
victoria vincent virginia walter wanda wayne william willie yolanda zach zoe ahmed ali fatima
mohammed muhammad omar hassan layla wei li ming hiroshi yuki kenji sanjay anil deepak sunita
ravi vikram neha pooja rahul amit rohan siddharth kavya meera arjun jose luis miguel pedro
sofia lucia diego javier carlos andres camila valentina mateo santiago isabella gabriela
""".split()
)


@dataclass(frozen=True)
class Finding:
    """One column that identifies people: why, and where to look (a row number, never a value)."""

    column: str
    reason: str  # header | emails | names
    detail: str
    example_row: int | None = None

    def message(self) -> str:
        where = f" (e.g. row {self.example_row})" if self.example_row else ""
        return f"column '{self.column}' {self.detail}{where}"


def header_identifies_person(header: str) -> bool:
    """True when a header names people (Agent, Emp ID, Team Lead, E-mail…), not a count of them."""
    norm = " ".join(re.sub(r"[^a-z0-9#]+", " ", str(header).lower()).split())
    if not (db.is_person_column(str(header)) or norm in _EXTRA_HEADERS):
        return False
    return not _COUNT_WORDS.search(norm)


def inspect(
    con: duckdb.DuckDBPyConnection, table: str, headers: list[str], *, skip: set[str] = frozenset()
) -> list[Finding]:
    """Check every column of the staging ``table`` for people, by header and by values.

    ``skip`` lists headers not to value-check (the time column). Returns the findings in column
    order; an empty list means the file holds no per-person data that we can see.
    """
    findings: list[Finding] = []
    by_header = [h for h in headers if header_identifies_person(h)]
    findings += [Finding(h, "header", "identifies individual staff by its name") for h in by_header]
    rest = [h for h in headers if h not in by_header and h not in skip]
    # A column of numbers cannot hold e-mail addresses or names; the text columns are looked at.
    # The first rows settle most columns (a failed cast is slow, a million of them more so); the
    # columns all numbers there are then checked over every row, where casts succeed fast.
    texty = _text_columns(con, table, rest, sample=_SAMPLE_ROWS)
    texty |= _text_columns(con, table, [h for h in rest if h not in texty], sample=None)
    for header in rest:
        finding = _inspect_values(con, table, header) if header in texty else None
        if finding:
            findings.append(finding)
    order = {h: i for i, h in enumerate(headers)}
    return sorted(findings, key=lambda f: order[f.column])


_SAMPLE_ROWS = 1000


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


def _inspect_values(con, table: str, header: str) -> Finding | None:
    """Look at the column's distinct values only: e-mail addresses, or mostly given names."""
    col = quote_ident(header)
    t = quote_ident(table)
    distinct, emails, email_row, named_shape = con.execute(
        f"WITH d0 AS (SELECT {col} AS v0, min(_row) AS r FROM {t} WHERE {col} IS NOT NULL GROUP BY {col}), "  # noqa: S608
        "d AS (SELECT trim(v0) AS v, min(r) AS r FROM d0 GROUP BY trim(v0)) "
        # Blanks are left out by FILTER, not WHERE: DuckDB pushes a WHERE on trim(v) down to the
        # table scan, trimming every row instead of each distinct value (4× slower).
        "SELECT count(*) FILTER (WHERE v <> ''), "
        "count(*) FILTER (WHERE v <> '' AND contains(v, '@') AND regexp_matches(v, ?)), "
        "min(r) FILTER (WHERE v <> '' AND contains(v, '@') AND regexp_matches(v, ?)), "
        "count(*) FILTER (WHERE v <> '' AND regexp_matches(v, ?)) FROM d",
        [_EMAIL, _EMAIL, _NAME_SHAPE],
    ).fetchone()
    if emails:
        return Finding(header, "emails", f"holds e-mail addresses ({emails} distinct)", email_row)
    # Person names: a text column whose distinct values are mostly given names ("Diane", "Greg
    # Smith"). Places and programs rarely are; a few coincidences (Austin, Regina) stay below.
    if named_shape < 3:
        return None
    rows = con.execute(
        f"SELECT v, min(r) FROM (SELECT trim({col}) AS v, min(_row) AS r FROM {t} "  # noqa: S608
        f"WHERE {col} IS NOT NULL GROUP BY {col}) WHERE regexp_matches(v, ?) GROUP BY v LIMIT 5000",
        [_NAME_SHAPE],
    ).fetchall()
    named = [(v, r) for v, r in rows if v.split()[0].lower() in GIVEN_NAMES]
    if len(named) >= 3 and len(named) >= 0.6 * distinct:
        return Finding(
            header,
            "names",
            f"holds person names ({len(named)} of {distinct} distinct values)",
            min(r for _, r in named),
        )
    return None


def refusal_message(file_name: str, vendor: str | None, findings: list[Finding]) -> str:
    """The plain-language rejection: which columns, why it matters, what to ask the vendor for."""
    cols = "; ".join(f.message() for f in findings)
    who = vendor or "the vendor"
    return (
        f"{file_name} holds data about individual vendor staff: {cols}. The VMO governs outcomes "
        "under the contract and never stores per-person data (co-employment risk), so nothing was "
        f"imported. Ask {who} for the same export totalled by program / site / channel and day, "
        "without agent columns; or, if totals are all you need, import again with the "
        "'aggregate' option, which drops these columns and sums the rows before anything is stored."
    )
