"""The stakeholder survey: how the client's own staff rate each vendor's relationship.

Each quarter, internal stakeholders (client staff, by role: never by name) rate a vendor on four
dimensions, 1 to 5 (``DIMENSIONS``), with an optional comment. Answers are entered one at a time
on a page (``add``) or loaded from any survey tool's export (``load``, after
``ingest.survey_file.read``). Who answered is not kept: a response holds the stakeholder's role,
the ratings and the comment, and a role that names a person is refused.

The quarter's mean over every rating given (each rating counts once, whatever its dimension) is
the **relationship score**, a KPI a contract may score like any other (target
``relationship_score``, expected and minimum on the 1 to 5 scale, with its weight): a month's
scorecard reads the survey of its quarter, a quarter's its own. A figure from fewer than
``MIN_RESPONDENTS`` respondents is withheld everywhere (the score, each dimension's mean and the
comments), so no stakeholder's answer can be told from it. Comments pass the co-employment
wording check before they are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb

from governance import contracts
from governance.access import audit, records, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound
from governance.kpis import periods
from governance.store import queries, survey_rows
from governance.store.db import transaction
from governance.wording.gate import person_in_owner, require_acknowledged

DIMENSIONS = survey_rows.DIMENSIONS
DIMENSION_NAMES = {
    "responsiveness": "Responsiveness",
    "reporting": "Quality of reporting",
    "proactivity": "Proactivity",
    "partnership": "Partnership",
}
RELATIONSHIP = "relationship_score"
MIN_RESPONDENTS = 3
PAGE_SOURCE = "entered on a page"
NO_ROLE = "role not given"
MAX_COMMENT = 2000


def quarter_start(value: periods.Period | date | str) -> date:
    """The first day of a quarter given as ``2026Q3`` (or ``2026-Q3``), a quarter ``Period`` or
    any day in it; ``InvalidInput`` for a month or other text."""
    if isinstance(value, date):
        return periods.quarter(value).start
    p = value if isinstance(value, periods.Period) else periods.parse(str(value))
    if p.kind != "quarter":
        raise InvalidInput(
            f"The survey is quarterly: give a quarter such as 2026Q3, not the month {p.label}."
        )
    return p.start


def _quarter(value, today: date, what: str) -> date:
    start = quarter_start(value)
    if start > today:
        raise InvalidInput(
            f"{what}: {periods.label(periods.quarter(start))} has not begun; a survey is "
            "recorded for the current quarter or an earlier one."
        )
    return start


def _rating(value, where: str, dimension: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number != int(number) or not 1 <= number <= 5:
        raise InvalidInput(
            f"{where}: {DIMENSION_NAMES[dimension].lower()} '{value}' is not a rating; ratings "
            "are whole numbers from 1 (poor) to 5 (excellent), or blank."
        )
    return int(number)


def _role(value, where: str, known_names: Iterable[str]) -> str:
    text = records.optional_text(value, f"{where}: the stakeholder's role")
    if text is None:
        return NO_ROLE
    if len(text) > 80:
        raise InvalidInput(f"{where}: the stakeholder's role is longer than 80 characters.")
    person = person_in_owner(text, not_people=known_names)
    if person is not None:
        raise InvalidInput(
            f"{where}: the stakeholder's role '{text}' names a person ('{person}'); the survey "
            "keeps a role such as 'Operations' or 'Finance', never who answered."
        )
    return text


@dataclass(frozen=True)
class Answer:
    """One respondent's answer, checked: ``where`` names it in messages ("survey.csv row 7")."""

    where: str
    vendor: str
    quarter: date
    role: str
    ratings: dict[str, int | None]
    comment: str | None


def _answer(
    raw: Mapping, where: str, vendor: str, quarter: date, known_names: Sequence[str]
) -> Answer:
    ratings = {d: _rating((raw.get("ratings") or {}).get(d), where, d) for d in DIMENSIONS}
    if all(v is None for v in ratings.values()):
        raise InvalidInput(f"{where}: no dimension is rated; rate at least one from 1 to 5.")
    comment = records.optional_text(raw.get("comment"), f"{where}: the comment")
    if comment is not None and len(comment) > MAX_COMMENT:
        raise InvalidInput(f"{where}: the comment is longer than {MAX_COMMENT} characters.")
    return Answer(
        where, vendor, quarter, _role(raw.get("role"), where, known_names), ratings, comment
    )


def _store(con, actor: Actor, answers: list[Answer], source: str, ids: dict[str, int], at) -> None:
    survey_rows.insert(
        con,
        [
            (
                ids[a.vendor],
                a.quarter,
                a.role,
                *(a.ratings[d] for d in DIMENSIONS),
                a.comment,
                source,
                actor.name,
                at,
            )
            for a in answers
        ],
    )


def add(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    quarter: periods.Period | date | str,
    role: str | None,
    ratings: Mapping[str, int | None],
    comment: str | None = None,
    acknowledged: dict | None = None,
    today: date | None = None,
) -> dict:
    """Record one stakeholder's answer for ``vendor`` and ``quarter``; returns what was stored
    (without who answered). Raises ``PermissionDenied``, ``NotFound`` (vendor) or
    ``InvalidInput`` (a quarter not begun, a rating outside 1 to 5, nothing rated, a role that
    names a person, unacknowledged wording in the comment); nothing is written then."""
    require(actor, "governance.write")
    today = today or audit.now().date()
    unknown = set(ratings) - set(DIMENSIONS)
    if unknown:
        raise InvalidInput(
            f"'{sorted(unknown)[0]}' is not a survey dimension; they are {', '.join(DIMENSIONS)}."
        )
    start = _quarter(quarter, today, "The survey's quarter")
    known = queries.wording_known_names(con)
    answer = _answer(
        {"role": role, "ratings": dict(ratings), "comment": comment},
        "The answer",
        vendor,
        start,
        known,
    )
    ack = require_acknowledged({"Comment": answer.comment}, acknowledged, not_people=known)
    with transaction(con):
        ids = {vendor: vendors.vendor_id(con, vendor)}
        at = audit.now()
        _store(con, actor, [answer], PAGE_SOURCE, ids, at)
        after = {
            "vendor": vendor,
            "quarter": periods.quarter(start).label,
            "stakeholder_role": answer.role,
            **answer.ratings,
            "comment": answer.comment,
            "source": PAGE_SOURCE,
        }
        audit.record(
            con,
            actor,
            "survey.add",
            "survey_response",
            f"{vendor}/{start.isoformat()}",
            None,
            records.with_acknowledgement({**after, "quarter": start}, ack),
        )
    return after


def load(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    rows: Iterable[Mapping],
    *,
    source: str,
    vendor: str | None = None,
    quarter: periods.Period | date | str | None = None,
    replace: bool = False,
    acknowledged: dict | None = None,
    today: date | None = None,
) -> dict:
    """Load the answers of a survey export, all or nothing.

    ``rows`` are mappings with ``row`` (its number in the file), ``vendor`` and ``quarter`` (text
    or None), ``role``, ``ratings`` (dimension → 1..5 or None) and ``comment``, as
    ``ingest.survey_file.read`` gives them. A row without a vendor takes ``vendor``, without a
    quarter ``quarter``. A vendor and quarter that already hold answers are refused unless
    ``replace`` (their earlier answers, however entered, are then replaced). Comments pass the
    wording check together (``acknowledged`` covers them). Returns ``{"source", "responses",
    "replaced", "quarters": [{"vendor", "quarter", "responses"}]}``. Raises ``InvalidInput``
    naming the file, the row and the value; nothing is written then.
    """
    require(actor, "governance.write")
    today = today or audit.now().date()
    source = records.required_text(source, "The file's name")
    default_quarter = None if quarter is None else _quarter(quarter, today, source)
    registered = {name.casefold(): name for name in queries.vendor_names(con)}
    default_vendor = None
    if vendor is not None:
        default_vendor = registered.get(str(vendor).strip().casefold())
        if default_vendor is None:
            raise InvalidInput(f"'{vendor}' is not a registered vendor.")
    known = queries.wording_known_names(con)
    answers: list[Answer] = []
    problems: list[str] = []
    for raw in rows:
        where = f"{source} row {raw.get('row', '?')}"
        try:
            name = default_vendor
            if raw.get("vendor"):
                name = registered.get(str(raw["vendor"]).strip().casefold())
                if name is None:
                    raise InvalidInput(
                        f"{where}, vendor column: '{raw['vendor']}' is not a registered vendor "
                        f"(registered: {', '.join(sorted(registered.values())) or 'none'})."
                    )
            if name is None:
                raise InvalidInput(
                    f"{where}: no vendor; the file has no vendor column, so name the vendor "
                    "the survey is about."
                )
            start = default_quarter
            if raw.get("quarter"):
                start = _quarter(raw["quarter"], today, f"{where}, quarter column")
            if start is None:
                raise InvalidInput(
                    f"{where}: no quarter; the file has no quarter column, so give the quarter "
                    "the survey covers (e.g. 2026Q3)."
                )
            answers.append(_answer(raw, where, name, start, known))
        except InvalidInput as exc:
            problems.append(str(exc))
    if problems:
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise InvalidInput("Nothing loaded: " + " ".join(problems[:10]) + more)
    if not answers:
        raise InvalidInput(f"Nothing loaded: {source} holds no rated answer.")
    ack = require_acknowledged(
        {f"{a.where}, comment": a.comment for a in answers}, acknowledged, not_people=known
    )
    groups: dict[tuple[str, date], int] = {}
    for a in answers:
        groups[(a.vendor, a.quarter)] = groups.get((a.vendor, a.quarter), 0) + 1
    with transaction(con):
        ids = {name: vendors.vendor_id(con, name) for name, _ in groups}
        replaced = 0
        for name, start in groups:
            held = dict(survey_rows.quarters(con, ids[name])).get(start, 0)
            if held and not replace:
                raise InvalidInput(
                    f"{name} already has {held} answer{'s' if held != 1 else ''} for "
                    f"{periods.label(periods.quarter(start))}: load again choosing to replace them "
                    "(--replace on the command line), or leave that quarter out of the file."
                )
            if held:
                replaced += survey_rows.delete(con, ids[name], start)
        at = audit.now()
        _store(con, actor, answers, source, ids, at)
        summary = {
            "source": source,
            "responses": len(answers),
            "replaced": replaced,
            "quarters": [
                {"vendor": name, "quarter": periods.quarter(start).label, "responses": n}
                for (name, start), n in sorted(groups.items())
            ],
        }
        dated = [{**q, "quarter": quarter_start(q["quarter"])} for q in summary["quarters"]]
        audit.record(
            con,
            actor,
            "survey.load",
            "survey_response",
            source,
            None,
            records.with_acknowledgement({**summary, "quarters": dated}, ack),
        )
    return summary


# --- figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Sums of a vendor's ratings over some quarters: ``points`` over ``ratings`` given by
    ``respondents``, and per dimension."""

    points: int = 0
    ratings: int = 0
    respondents: int = 0
    by_dimension: tuple[tuple[int, int], ...] = tuple((0, 0) for _ in DIMENSIONS)

    def add(self, response: Mapping) -> Tally:
        given = [(response[d] or 0, response[d] is not None) for d in DIMENSIONS]
        return Tally(
            self.points + sum(v for v, _ in given),
            self.ratings + sum(1 for _, g in given if g),
            self.respondents + 1,
            tuple(
                (p + v, n + int(g)) for (p, n), (v, g) in zip(self.by_dimension, given, strict=True)
            ),
        )

    def plus(self, other: Tally) -> Tally:
        return Tally(
            self.points + other.points,
            self.ratings + other.ratings,
            self.respondents + other.respondents,
            tuple(
                (a + b, m + n)
                for (a, m), (b, n) in zip(self.by_dimension, other.by_dimension, strict=True)
            ),
        )

    @property
    def withheld(self) -> bool:
        """True when some answered but fewer than ``MIN_RESPONDENTS``."""
        return 0 < self.respondents < MIN_RESPONDENTS

    @property
    def score(self) -> float | None:
        """The mean rating, or None without ratings or when withheld."""
        if self.withheld or not self.ratings:
            return None
        return self.points / self.ratings


def tallies(
    con: duckdb.DuckDBPyConnection, vendor_names: Iterable[str], first: date, last: date
) -> dict[tuple[str, date], Tally]:
    """(vendor, quarter start) → ``Tally`` of the quarters overlapping ``first``…``last``."""
    wanted = set(vendor_names)
    out: dict[tuple[str, date], Tally] = {}
    for r in survey_rows.responses(
        con, first=periods.quarter(first).start, last=periods.quarter(last).start
    ):
        if r["vendor"] in wanted:
            key = (r["vendor"], r["quarter"])
            out[key] = out.get(key, Tally()).add(r)
    return out


def window_tally(
    found: Mapping[tuple[str, date], Tally], vendor: str, start: date, end: date
) -> Tally:
    """The vendor's tally over the quarters a window overlaps: a month reads its quarter's."""
    total = Tally()
    q = periods.quarter(start)
    while q.start <= end:
        total = total.plus(found.get((vendor, q.start), Tally()))
        q = periods.shift(q, 1)
    return total


def summary(
    con: duckdb.DuckDBPyConnection, vendor: str, quarter: periods.Period | date | str
) -> dict:
    """A vendor's survey for a quarter, with the quarter before for comparison.

    ``{"vendor", "quarter", "target", "respondents", "withheld", "score", "ratings",
    "dimensions": [{"key", "name", "mean", "ratings", "previous"}], "previous_score",
    "comments"}`` (``target``: see ``target``): means are None when
    nobody rated or when withheld (fewer than ``MIN_RESPONDENTS`` respondents), and the comments
    are listed only when the figures are shown (in the order given, without the role)."""
    start = quarter_start(quarter)
    before = periods.shift(periods.quarter(start), -1).start
    rows = survey_rows.responses(
        con, vendor_ids=[vendors.vendor_id(con, vendor)], first=before, last=start
    )
    now = Tally()
    prior = Tally()
    for r in rows:
        if r["quarter"] == start:
            now = now.add(r)
        else:
            prior = prior.add(r)

    def mean(t: Tally, i: int) -> float | None:
        points, n = t.by_dimension[i]
        return None if t.withheld or not n else points / n

    return {
        "vendor": vendor,
        "quarter": periods.quarter(start).label,
        "target": target(con, vendor, periods.quarter(start).end),
        "respondents": now.respondents,
        "withheld": now.withheld,
        "score": now.score,
        "ratings": now.ratings,
        "previous_score": prior.score,
        "previous_respondents": prior.respondents,
        "dimensions": [
            {
                "key": d,
                "name": DIMENSION_NAMES[d],
                "mean": mean(now, i),
                "ratings": now.by_dimension[i][1],
                "previous": mean(prior, i),
            }
            for i, d in enumerate(DIMENSIONS)
        ],
        "comments": []
        if now.withheld
        else [r["comment"] for r in rows if r["quarter"] == start and r["comment"]],
    }


def target(con: duckdb.DuckDBPyConnection, vendor: str, day: date) -> dict | None:
    """The vendor's relationship-score target in force on ``day`` (its newest contract's, for
    the whole vendor): ``{"expected", "minimum", "weight"}``, or None when it scores none."""
    try:
        found = contracts.targets_in_force(con, contracts.contract_id(con, vendor), day)
    except NotFound:
        return None
    found = found[(found["kpi"] == RELATIONSHIP) & found["program"].isna()]
    if found.empty:
        return None
    row = found.iloc[0]
    return {k: float(row[k]) for k in ("expected", "minimum", "weight")}


def listing(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> list[dict]:
    """Each vendor's surveyed quarters, newest first: ``{"vendor", "quarter", "respondents",
    "score"}`` (score None when withheld)."""
    ids = None if vendor is None else [vendors.vendor_id(con, vendor)]
    found: dict[tuple[str, date], Tally] = {}
    for r in survey_rows.responses(con, vendor_ids=ids):
        key = (r["vendor"], r["quarter"])
        found[key] = found.get(key, Tally()).add(r)
    return [
        {
            "vendor": name,
            "quarter": periods.quarter(start).label,
            "respondents": t.respondents,
            "withheld": t.withheld,
            "score": t.score,
        }
        for (name, start), t in sorted(
            found.items(), key=lambda kv: (kv[0][0], -kv[0][1].toordinal())
        )
    ]
