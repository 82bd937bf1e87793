"""The SQL of an import: staging tables, mapping, row checks, roll-up. Used by ``importer``.

Temporary tables live on the importing connection and are dropped afterwards:
``staging_raw`` (the file as text, one column per header, ``_row`` = the file's row number) and
``staging_final`` (rolled up to the stored grain). A clean file goes from one to the other in a
single pass (``roll_up_clean``): parsed, checked and summed by the vendor's own labels into
``staging_groups``, whose few rows then get the canonical labels. Anything that needs a look row
by row sends the file down the full path instead: ``staging_rows`` (one row per source row in
canonical names, with a cheap flag per cell that may not have been read; the reason is worked
out from ``staging_raw`` only for flagged rows), ``validate`` and ``roll_up``; both paths store
the same rows. Values are parsed by the expressions of ``cells``. No value is ever spliced into
SQL: the vendor's name, the profile's constants, formats, words and thresholds, patterns and
reasons are bound as parameters of the plan (``Plan.params``, see ``ingest.sql``), and every
statement runs with the values it names; identifiers go through ``quote_ident``.

A file whose per-person columns were dropped (``drop_columns`` on ``staging_raw``, the
``aggregate`` answer to the agent guard) is *summed*: the rows left may repeat their time and
dimensions (two agents, one day and queue), and those rows are added up instead of being refused
as repeated keys, whatever the file's grain (contact, interval, day, week, month). Nothing of the
dropped columns is read after that point, so no value of theirs can reach a message or the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from governance.access import records
from governance.errors import InvalidInput
from governance.ingest import cells, people
from governance.ingest.profiles import Profile
from governance.ingest.sql import Params
from governance.kpis.catalogue import CHANNELS, COMPONENT_NAMES, component
from governance.kpis.periods import month_end
from governance.store import labels as label_store
from governance.store.quoting import quote_ident as q

RAW, ROWS, FINAL = "staging_raw", "staging_rows", "staging_final"
GROUPS, TIMES, LABELS = "staging_groups", "staging_times", "staging_labels"
_SLOTS = 127  # times per period whose repeats a HUGEINT bit mask can count (1 << 127 overflows)
MAX_LABEL = 200  # a program, site, channel, language or queue name longer than this is refused
DIMS = ("program", "site", "channel", "language", "queue")
# A label (a dimension's or the vendor's) holding a character that can disguise text on a screen
# (ESC and other control characters, U+202E and the other bidirectional overrides) is refused:
# the access policy's characters, less tabs and line breaks, which a label folds into spaces.
_UNSAFE_PATTERN = "[{}]".format(
    "".join(
        f"\\x{{{ord(ch):x}}}" for ch in sorted(records.UNSAFE_CHARACTERS - set(records.MULTILINE))
    )
)
UNSAFE_REASON = (
    "holds a control or bidirectional-override character, which can disguise text on a screen: "
    "remove it from the file"
)
SECONDS = {c for c in COMPONENT_NAMES if component(c).unit == "seconds"}
MONEY = {c for c in COMPONENT_NAMES if component(c).unit == "money"}
# Vendors write channels many ways; these are the ones we recognise (lower case, trimmed).
CHANNEL_SYNONYMS = {
    "voice": ("voice", "phone", "telephone", "call", "calls", "inbound", "ivr", "telephony"),
    "chat": ("chat", "webchat", "web chat", "live chat", "livechat"),
    "email": ("email", "e-mail", "mail", "e mail"),
    "messaging": ("messaging", "sms", "text", "whatsapp", "messenger", "in-app"),
    "social": ("social", "social media", "twitter", "facebook", "x"),
    "back_office": ("back office", "back_office", "backoffice", "case", "cases", "back-office"),
}


def _channel_case(x: str, params: Params) -> str:
    """SQL: the canonical channel of the text ``x`` (NULL when it is not one we recognise)."""
    whens = " ".join(
        f"WHEN lower(trim({x})) IN ({params.bind_all(syn)}) THEN {params.bind(canon)}"
        for canon, syn in CHANNEL_SYNONYMS.items()
    )
    return f"CASE {whens} ELSE NULL END"


@dataclass
class ColumnCheck:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    """A canonical column: its SQL value, and for each source cell it reads, an SQL expression
    giving the reason the cell is unreadable (NULL when it was read or is blank)."""

    value: str
    checks: list[tuple[str, str, str]] = field(default_factory=list)  # (source, bad_sql, error_sql)


def _check(src: str, parsed: cells.Parsed) -> tuple[str, str, str]:
    """A cheap test that a cell may not have been read (no value, yet not empty), and the costlier
    SQL for the reason, worked out only for the rows the test flags. Blank words ("n/a") pass the
    cheap test too; their reason is NULL, so they are not reported."""
    return (src, f"(({parsed.value}) IS NULL AND {q(src)} IS NOT NULL)", parsed.error)


@dataclass
class Plan:
    profile: Profile
    grain: str
    time: Parsed
    time_source: str
    vendor: Parsed
    vendor_source: str | None
    dims: dict[str, Parsed]
    components: list[str]
    parsed: dict[str, Parsed]
    notes: list[str] = field(default_factory=list)
    feeds: dict[int, str] = field(default_factory=dict)  # check index -> the output column it feeds
    only_vendor: str | None = None  # the vendor chosen for a file that also names vendors
    params: Params = field(default_factory=Params)  # the values the plan's SQL names
    # Per-person columns were dropped: rows sharing a time and dimensions are summed, not refused.
    summed: bool = False
    # ``roll_up_clean`` made ``staging_final`` and left ``staging_labels``: the distinct raw labels
    # (``_v``, ``_d_<dimension>``).
    labels_ready: bool = False


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the staging tables (they hold the upload's text; nothing of it is kept)."""
    for table in (RAW, ROWS, TIMES, GROUPS, LABELS, FINAL):
        con.execute(f"DROP TABLE IF EXISTS {q(table)}")


def drop_columns(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> None:
    """Drop the columns that identify people from the staging ``table``, before anything maps it.

    Dropping any from ``staging_raw`` marks that table (a comment on it, gone with the table when
    a new file is read), so that ``plan`` sums its rows that now share a key instead of refusing
    them as repeats (``summed``).
    """
    for col in columns:
        con.execute(f"ALTER TABLE {q(table)} DROP COLUMN {q(col)}")
    if columns and table == RAW:
        con.execute(f"COMMENT ON TABLE {q(table)} IS '{_SUMMED}'")


_SUMMED = "per-person columns dropped: rows are summed"  # a fixed mark, no quote in it


def people_dropped(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether per-person columns were dropped from ``staging_raw`` (so its rows are summed)."""
    found = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE temporary AND table_name = ?", [RAW]
    ).fetchall()
    return bool(found) and found[0][0] == _SUMMED


def _is_text_column(con, header: str, decimal: str) -> bool:
    params = Params()
    error = cells.number(q(header), decimal, params=params).error
    sql = f"SELECT count(*) FROM {q(RAW)} WHERE {error} IS NOT NULL"  # noqa: S608
    (n,) = params.execute(con, sql).fetchone()
    return n > 0


def check_columns(
    con: duckdb.DuckDBPyConnection, prof: Profile, headers: list[str], *, people_dropped: int = 0
) -> ColumnCheck:
    """Mapped columns must exist; an unmapped text column rejects the file, a number is reported.
    ``people_dropped``: how many columns about individual staff were dropped first (their numbers
    are no total of the vendor's: a file with nothing else says what to ask for)."""
    out = ColumnCheck()
    present = set(headers)
    missing = sorted(c for c in prof.source_columns() if c not in present)
    if missing:
        out.errors.append(
            f"The profile maps column(s) {', '.join(repr(m) for m in missing)} that the file does "
            f"not have. The file's columns are: {', '.join(repr(h) for h in headers)}. "
            "Edit the mapping (or check that this is the right vendor's file)."
        )
    if prof.time_column is None:
        out.errors.append(
            "The file's period cannot be determined: no column is mapped as date, month, week or "
            "interval_start. Map the column that holds the day (or month) of each row."
        )
    comps = set(prof.columns) | set(prof.averages) | set(prof.derived)
    if prof.shape == "aggregated" and not comps & set(COMPONENT_NAMES) and people_dropped:
        out.errors.append(
            f"Once the {people_dropped:,} column(s) about individual staff are dropped, the file "
            "holds no total of its own (offered, answered, …): nothing would load. Ask the vendor "
            "for the totals per queue, program or site and per day or interval."
        )
    elif prof.shape == "aggregated" and not comps & set(COMPONENT_NAMES):
        out.errors.append(
            "The profile maps no KPI component (offered, answered, …): nothing would load."
        )
    used = prof.source_columns() | set(prof.ignore)
    loose = [h for h in headers if h not in used]
    text = [h for h in loose if _is_text_column(con, h, prof.formats.decimal)]
    numbers = [h for h in loose if h not in text]
    if text:
        out.errors.append(
            f"{_columns(text)} {'holds' if len(text) == 1 else 'hold'} text but "
            f"{'is' if len(text) == 1 else 'are'} neither mapped to a dimension (program, site, "
            "channel, language, queue) nor ignored. Map each to the dimension it is, or ignore it "
            "if it is not needed."
        )
    if numbers:
        verb = "is" if len(numbers) == 1 else "are"
        out.warnings.append(f"{_columns(numbers)} {verb} not mapped, so not loaded.")
    return out


def _columns(headers: list[str], shown: int = 8) -> str:
    """ "Column 'A'" or "11 columns ('A', 'B', … and 3 more)": one message about many columns."""
    if len(headers) == 1:
        return f"Column '{headers[0]}'"
    named = ", ".join(repr(h) for h in headers[:shown])
    more = f" and {len(headers) - shown} more" if len(headers) > shown else ""
    return f"{len(headers)} columns ({named}{more})"


def unregistered_vendors(con: duckdb.DuckDBPyConnection, prof: Profile) -> list[str]:
    """The names in the file's vendor column, tidied as labels, that no registered vendor has
    (not even written in other case, nor with a character no name may hold: those are the rows'
    own errors, reported with their row), in order."""
    src = q(prof.columns["vendor"])
    # The few distinct cells are fetched first and tidied apart: in one query the optimiser
    # pushes the tests below the DISTINCT, onto every row (seven times slower on 1M rows).
    distinct = [s for (s,) in con.execute(f"SELECT DISTINCT {src} FROM {q(RAW)}").fetchall()]  # noqa: S608
    ps = Params()
    label = cells.label("s", params=ps)
    sql = (
        f"SELECT DISTINCT lv FROM (SELECT {label} AS lv FROM unnest({ps.bind(distinct)}::VARCHAR[]) "  # noqa: S608
        f"AS t(s) WHERE NOT coalesce(regexp_matches(s, {ps.bind(_UNSAFE_PATTERN)}), false)) "
        "WHERE lv IS NOT NULL AND lower(lv) NOT IN (SELECT lower(name) FROM vendors) ORDER BY lv"
    )
    return [name for (name,) in ps.execute(con, sql).fetchall()]


def plan(con: duckdb.DuckDBPyConnection, prof: Profile, *, vendor: str | None) -> Plan:
    """Decide how each canonical column is computed from the staging table (detecting formats)."""
    notes: list[str] = []
    ps = Params()
    decimal = prof.formats.decimal
    time = _time(con, prof, ps)
    time_src = prof.time_sources[0]
    grain = prof.grain

    if "vendor" in prof.columns:
        src = prof.columns["vendor"]
        vend = Parsed(cells.label(q(src), params=ps), [_unsafe_check(src, ps)])
        vendor_source = src
    else:
        name = vendor or prof.vendor
        if not name:
            raise InvalidInput(
                "Say which vendor sent this file: choose the vendor (--vendor NAME), or map a "
                "vendor column in the profile."
            )
        vend = Parsed(ps.bind(name), [])
        vendor_source = None

    dims: dict[str, Parsed] = {}
    for dim in DIMS:
        if dim in prof.columns:
            src = q(prof.columns[dim])
            expr = _channel_case(src, ps) if dim == "channel" else cells.label(src, params=ps)
            dims[dim] = Parsed(expr, [_unsafe_check(prof.columns[dim], ps)])
            if dim == "channel":
                unknown = ps.bind(f"not a channel we know (use {', '.join(CHANNELS)})")
                bad = f"({cells.label(src, params=ps)} IS NOT NULL AND ({expr}) IS NULL)"
                dims[dim].checks.append(
                    (prof.columns[dim], bad, f"(CASE WHEN {bad} THEN {unknown} END)")
                )
        elif dim in prof.constants:
            const = prof.constants[dim]
            if dim == "channel":
                canon = next(
                    (c for c, syn in CHANNEL_SYNONYMS.items() if const.lower() in syn), None
                )
                if canon is None:
                    raise InvalidInput(
                        f"[constants] channel '{const}' is not one of {', '.join(CHANNELS)}."
                    )
                const = canon
            dims[dim] = Parsed(ps.bind(const), [])
        else:
            dims[dim] = Parsed("CAST(NULL AS VARCHAR)", [])

    parsed: dict[str, Parsed] = {}
    if prof.shape == "contact":
        parsed.update(_contact_components(con, prof, notes, ps))
    for comp, src in prof.columns.items():
        if comp in COMPONENT_NAMES:
            parsed[comp] = _measure(con, comp, src, decimal, prof, ps)
    for comp, avg in prof.averages.items():
        if avg.over not in parsed and avg.over not in prof.derived:
            raise InvalidInput(
                f"[averages].{comp} is over '{avg.over}', which the profile does not map; map "
                f"{avg.over} too (or derive it)."
            )
    for comp, d in prof.derived.items():
        missing = [c for c in (d.total, *d.less) if c not in parsed]
        if missing:
            raise InvalidInput(
                f"[derived].{comp} needs {', '.join(missing)}, which the profile does not map."
            )
        expr = f"({parsed[d.total].value})" + "".join(f" - ({parsed[c].value})" for c in d.less)
        parsed[comp] = Parsed(expr, [])
    for comp, avg in prof.averages.items():
        over = parsed[avg.over].value
        if comp in SECONDS:
            mode = prof.formats.duration
            if mode == "auto":
                mode = cells.detect_duration_mode(con, RAW, avg.column, decimal)
            v = cells.duration(q(avg.column), mode, decimal, params=ps)
        elif comp in MONEY or component(comp).unit == "units":
            v = cells.number(q(avg.column), decimal, params=ps)
        else:  # a rate of a count over another count: a percentage
            mode = prof.formats.percent
            if mode == "auto":
                mode = cells.detect_percent_mode(con, RAW, avg.column, decimal)
            v = cells.percent(q(avg.column), mode, decimal, params=ps)
        parsed[comp] = Parsed(f"(({v.value}) * ({over}))", [_check(avg.column, v)])
    plan = Plan(
        prof,
        grain,
        time,
        time_src,
        vend,
        vendor_source,
        dims,
        [c for c in COMPONENT_NAMES if c in parsed],
        parsed,
        notes,
        params=ps,
    )
    # Which output column each check's cell feeds, where a NULL there means "not read" (a time,
    # a channel, a component mapped straight or as an average). Contact-level components fall
    # back to 0 when a cell is blank, so their checks keep the full test.
    index = len(plan.time.checks)
    label_reason = ps.bind(UNSAFE_REASON)
    for d in DIMS:
        for check in dims[d].checks:
            if label_reason not in check[2]:  # a label's characters are a test of their own
                plan.feeds[index] = d
            index += 1
    index += len(vend.checks)
    for c in plan.components:
        for _ in parsed[c].checks:
            if prof.shape == "aggregated":
                plan.feeds[index] = c
            index += 1
    if vendor_source and vendor:
        plan.only_vendor = vendor
    plan.summed = people_dropped(con)
    return plan


def _time(con, prof: Profile, ps: Params) -> Parsed:
    """The time of each row: its one time column, or (``split_time``) the day of the date column
    plus the time of day of the interval column ("08:30", or a range "08:30 - 09:00" read as its
    start). ``formats.date`` (else the detected format) reads the date column."""
    date_src = prof.time_sources[0]
    fmt = prof.formats.date
    if fmt is None:
        fmt = cells.detect_date_format(con, RAW, date_src).fmt
    if prof.split_time:
        day = cells.date(q(date_src), fmt, params=ps)
        clock = cells.time_of_day(q(prof.time_sources[1]), params=ps)
        value = f"(CAST({day.value} AS TIMESTAMP) + to_seconds({clock.value}))"
        parts = ((date_src, day), (prof.time_sources[1], clock))
    else:
        parse = cells.timestamp if prof.time_column == "interval_start" else cells.date
        t = parse(q(date_src), fmt, params=ps)
        value, parts = t.value, ((date_src, t),)
    # Time cells get the exact blank test, so a blank word ("n/a") there is a missing date.
    checks = [
        (src, f"(({t.value}) IS NULL AND NOT {cells.blank(q(src), params=ps)})", t.error)
        for src, t in parts
    ]
    return Parsed(value, checks)


def _unsafe_check(src: str, ps: Params) -> tuple[str, str, str]:
    """The check (see ``Parsed``) that the label cell ``src`` holds no character that can
    disguise text on a screen; the same values bound once, so the same check is the same text."""
    bad = f"regexp_matches({q(src)}, {ps.bind(_UNSAFE_PATTERN)})"
    return (src, bad, f"(CASE WHEN {bad} THEN {ps.bind(UNSAFE_REASON)} END)")


def _measure(con, comp: str, src: str, decimal: str, prof: Profile, ps: Params) -> Parsed:
    if comp in SECONDS:
        v = cells.duration(q(src), _duration_mode(con, prof, src), decimal, params=ps)
    else:
        v = cells.number(q(src), decimal, params=ps)
    return Parsed(v.value, [_check(src, v)])


def _duration_mode(con, prof: Profile, src: str) -> str:
    mode = prof.formats.duration
    if mode == "auto":
        mode = cells.detect_duration_mode(con, RAW, src, prof.formats.decimal)
    return mode


def _contact_components(con, prof: Profile, notes: list[str], ps: Params) -> dict[str, Parsed]:
    """One contact per row: offered 1, answered by its flag, within SL by its wait, and so on."""
    c = prof.contact
    decimal = prof.formats.decimal
    out: dict[str, Parsed] = {"offered": Parsed("1.0", [])}
    answered = "1.0"
    if c.answered:
        a = cells.flag(q(c.answered.column), c.answered.true, None, params=ps)
        answered = f"coalesce({a.value}, 0.0)"
        out["answered"] = Parsed(answered, [_check(c.answered.column, a)])
        out["abandoned"] = Parsed(f"(1.0 - {answered})", [])
    else:
        out["answered"] = Parsed("1.0", [])
    if c.wait_seconds:
        w = cells.duration(
            q(c.wait_seconds), _duration_mode(con, prof, c.wait_seconds), decimal, params=ps
        )
        t = ps.bind(int(prof.sl_threshold_seconds))
        out["wait_time_sec"] = Parsed(
            f"(CASE WHEN {answered} = 1 THEN coalesce({w.value}, 0) ELSE 0 END)",
            [_check(c.wait_seconds, w)],
        )
        out["answered_within_sl"] = Parsed(
            f"(CASE WHEN {answered} = 1 AND coalesce({w.value}, 0) <= {t} THEN 1.0 ELSE 0.0 END)",
            [],
        )
    if c.handle_seconds:
        h = cells.duration(
            q(c.handle_seconds), _duration_mode(con, prof, c.handle_seconds), decimal, params=ps
        )
        out["handle_time_sec"] = Parsed(
            f"(CASE WHEN {answered} = 1 THEN coalesce({h.value}, 0) ELSE 0 END)",
            [_check(c.handle_seconds, h)],
        )
    if c.satisfaction:
        sat = c.satisfaction
        score = cells.number(q(sat.column), decimal, params=ps)
        out_of_scale = ps.bind(f"not a satisfaction score from 1 to {sat.scale}")
        out["csat_responses"] = Parsed(
            f"(CASE WHEN ({score.value}) IS NULL THEN 0.0 ELSE 1.0 END)", []
        )
        scale, satisfied_above = ps.bind(int(sat.scale)), ps.bind(int(sat.scale - sat.top_box))
        outside = f"(({score.value}) < 1 OR ({score.value}) > {scale})"
        out["csat_satisfied"] = Parsed(
            f"(CASE WHEN ({score.value}) > {satisfied_above} THEN 1.0 ELSE 0.0 END)",
            [
                (
                    sat.column,
                    f"({_check(sat.column, score)[1]} OR {outside})",
                    f"coalesce({score.error}, CASE WHEN {outside} THEN {out_of_scale} END)",
                )
            ],
        )
    if c.resolved:
        r = cells.flag(q(c.resolved.column), c.resolved.true, None, params=ps)
        out["resolved_first_contact"] = Parsed(
            f"(CASE WHEN {answered} = 1 THEN coalesce({r.value}, 0.0) ELSE 0.0 END)",
            [_check(c.resolved.column, r)],
        )
        out["fcr_eligible"] = Parsed(answered, [])
    notes.append(
        f"Contact-level rows: each row is one contact offered; answered within "
        f"{prof.sl_threshold_seconds} s counts toward service level; nothing contact-level is kept."
    )
    return out


def map_rows(con: duckdb.DuckDBPyConnection, p: Plan) -> None:
    """Create ``staging_rows``: canonical columns per source row, plus one flag per check that is
    true where a cell may not have been read. Each cell is parsed once: where a check feeds an
    output column, its flag is "that column is NULL though the cell is not" (cheap); the reasons
    (costly text) are worked out later from ``staging_raw`` for the flagged rows only."""
    inner = ["_row", f"{p.vendor.value} AS vendor", f"{p.time.value} AS ts"]
    inner += [f"{p.dims[d].value} AS {q(d)}" for d in DIMS]
    inner += [f"CAST({p.parsed[c].value} AS DOUBLE) AS {q(c)}" for c in p.components]
    flags, tests = _cell_flags(p, q, first=0)
    inner += flags
    flags = [f"{test} AS {q(f'_bad{i}')}" for i, test in tests]
    con.execute(f"DROP TABLE IF EXISTS {q(ROWS)}")
    p.params.execute(
        con,
        f"CREATE TEMP TABLE {q(ROWS)} AS SELECT *, {', '.join(flags)} "  # noqa: S608
        f"FROM (SELECT {', '.join(inner)} FROM {q(RAW)})",
    )


def _cell_flags(p: Plan, col, *, first: int) -> tuple[list[str], list[tuple[int, str]]]:
    """The checks from index ``first`` on, as (columns for the inner select, [(index, SQL that is
    true where the cell may not have been read)]). Where a check feeds an output column (named by
    ``col(name)``), the test is "that column is NULL though the cell is not", so the cell is
    parsed once; otherwise the check's own test."""
    selects: list[str] = []
    tests: list[tuple[int, str]] = []
    for i, (src, bad, _error) in enumerate(_all_checks(p)):
        if i < first:
            continue
        feeds = p.feeds.get(i)
        if feeds is None:
            selects.append(f"({bad}) AS {q(f'_bad{i}')}")
            tests.append((i, q(f"_bad{i}")))
        else:
            selects.append(f"({q(src)} IS NOT NULL) AS {q(f'_nn{i}')}")
            tests.append((i, f"({col(feeds)} IS NULL AND {q(f'_nn{i}')})"))
    return selects, tests


def _all_checks(p: Plan) -> list[tuple[str, str, str]]:
    checks = list(p.time.checks)
    for d in DIMS:
        checks += p.dims[d].checks
    checks += p.vendor.checks
    for c in p.components:
        checks += p.parsed[c].checks
    return checks


def _rule(
    con, p: Plan, where: str, reason: str, column: str | None, value_sql: str, limit: int
) -> list[dict]:
    """Rows breaking one rule: each listed when few, else one entry with the first and a count."""
    n = p.params.bind(int(limit))
    count, rows, vals = p.params.execute(
        con,
        f"SELECT count(*), list(_row ORDER BY _row)[1:{n}], "  # noqa: S608
        f"list(coalesce(CAST({value_sql} AS VARCHAR), '') ORDER BY _row)[1:{n}] "
        f"FROM {q(ROWS)} WHERE {where}",
    ).fetchone()
    if not count:
        return []
    if count <= limit:
        return [
            {"reason": reason, "row": r, "column": column, "value": v}
            for r, v in zip(rows, vals, strict=True)
        ]
    return [{"reason": reason, "row": rows[0], "column": column, "value": vals[0], "count": count}]


# (part, whole): a row's part can never exceed its whole.
_PAIRS = (
    ("answered", "offered"),
    ("answered_within_sl", "answered"),
    ("abandoned", "offered"),
    ("short_abandoned", "abandoned"),
    ("csat_satisfied", "csat_responses"),
    ("resolved_first_contact", "fcr_eligible"),
    ("qa_points", "qa_possible"),
    ("intervals_meeting_sl", "intervals"),
    ("early_leavers", "new_hires"),
    ("trained", "training_assigned"),
)


def validate(con: duckdb.DuckDBPyConnection, p: Plan, *, today: date, max_rows: int) -> list[dict]:
    """Every rule over every row; returns error dicts (reason, row, column, value[, count]).

    All rules are counted in one pass over the rows; only the rules that fail are then listed
    row by row (the rare path), so a clean file costs one scan.
    """
    src_of = _sources(p)
    bind = p.params.bind
    rules: list[tuple[str, str, str | None, str]] = []  # (where, reason, column, value)
    checks = _all_checks(p)
    for i, (src, _bad, _error) in enumerate(checks):
        rules.append((q(f"_bad{i}"), "", src, str(i)))  # the reason comes from staging_raw
    unread = " AND ".join(f"NOT {q(f'_bad{i}')}" for i in range(len(p.time.checks)))
    missing = (
        "the date or time of day is missing" if p.profile.split_time else "the date is missing"
    )
    rules.append((f"ts IS NULL AND {unread}", missing, p.time_source, "NULL"))
    rules.append(
        (
            f"CAST(ts AS DATE) > {bind(today)}",
            f"is in the future (after {today:%Y-%m-%d})",
            p.time_source,
            "CAST(ts AS DATE)",
        )
    )
    for c in p.components:
        if c not in MONEY:
            rules.append(
                (
                    f"{q(c)} < 0",
                    f"{c} is below zero; totals cannot be negative",
                    src_of.get(c),
                    q(c),
                )
            )
    for part, whole in _PAIRS:
        if part in p.components and whole in p.components:
            rules.append(
                (
                    f"{q(part)} > {q(whole)} + 1e-9",
                    f"{part} is more than {whole}",
                    src_of.get(part),
                    f"{q(part)} || ' > ' || {q(whole)}",
                )
            )
    for d in DIMS:
        if d in p.profile.columns:
            rules.append(
                (
                    f"length({q(d)}) > {MAX_LABEL}",
                    f"{d} is longer than {MAX_LABEL} characters",
                    p.profile.columns[d],
                    f"left({q(d)}, 40) || '…'",
                )
            )
    if p.vendor_source and p.only_vendor:
        rules.append(
            (
                f"vendor IS DISTINCT FROM {bind(p.only_vendor)}",
                f"belongs to another vendor than {p.only_vendor}",
                p.vendor_source,
                "vendor",
            )
        )
    if p.vendor_source and not p.only_vendor:
        # With a vendor chosen (a partner's own, always), any other name in the column is
        # "another vendor", registered or not: whether a name is registered is not disclosed.
        rules.append(
            (
                "vendor IS NOT NULL AND vendor NOT IN (SELECT name FROM vendors)",
                "is not a registered vendor (register it first, or fix the name)",
                p.vendor_source,
                "vendor",
            )
        )
    if p.vendor_source:
        rules.append(("vendor IS NULL", "has no vendor", p.vendor_source, "NULL"))

    counts_sql = ", ".join(f"count(*) FILTER (WHERE {where})" for where, *_ in rules)
    counts = p.params.execute(con, f"SELECT {counts_sql} FROM {q(ROWS)}").fetchone()  # noqa: S608
    errors: list[dict] = []
    for (where, reason, column, value), n in zip(rules, counts, strict=True):
        if not n:
            continue
        if reason:
            errors += _rule(con, p, where, reason, column, value, max_rows)
            continue
        errors += _cell_errors(con, p, checks[int(value)], where, max_rows)
    if p.profile.shape == "aggregated" and not p.summed:
        key = ", ".join(["vendor", "ts", *(q(d) for d in DIMS)])
        dup = con.execute(
            f"SELECT count(*), min(first_row) FROM (SELECT min(_row) AS first_row "  # noqa: S608
            f"FROM {q(ROWS)} WHERE ts IS NOT NULL GROUP BY {key} HAVING count(*) > 1)"
        ).fetchone()
        if dup[0]:
            keys = ", ".join(["date", *sorted(p.profile.columns.keys() & set(DIMS))])
            errors.append(
                {
                    "reason": f"the same {keys} appears more than once ({dup[0]} duplicated key(s)); "
                    "each must appear once",
                    "row": dup[1],
                    "column": p.time_source,
                    "value": None,
                    "count": dup[0],
                }
            )
    for e in errors:  # name the character; the importer shows the value itself escaped
        found = e["reason"] == UNSAFE_REASON and records.unsafe_character(
            e["value"] or "", multiline=True
        )
        if found:
            e["reason"] = (
                f"holds {found}, a character that can disguise text on a screen: remove it "
                "from the file"
            )
    return errors


def _cell_errors(con, p: Plan, check: tuple[str, str, str], flag: str, limit: int) -> list[dict]:
    """Unreadable cells of one check, by reason: rows listed when few, else counted."""
    src, _bad, error = check
    n = p.params.bind(int(limit))
    found = p.params.execute(
        con,
        f"SELECT reason, count(*), list(_row ORDER BY _row)[1:{n}], "  # noqa: S608
        f"list(coalesce(raw, '') ORDER BY _row)[1:{n}] FROM (SELECT {error} AS reason, "
        f"{q(src)} AS raw, _row FROM {q(RAW)} WHERE _row IN (SELECT _row FROM {q(ROWS)} WHERE {flag})) "
        "WHERE reason IS NOT NULL GROUP BY reason ORDER BY reason",
    ).fetchall()
    out: list[dict] = []
    for reason, count, rows, raws in found:
        reason = reason or "could not be read"
        # A cell that reads like a person (a name, a login, a staff code) is not quoted: the
        # guard looks at the first rows of a column the import parses as numbers, and a person
        # further down is refused here, unseen.
        if any(people.value_shape(v) is not None for v in raws):
            reason += " (the value is not shown: it may identify a person)"
            raws = [None] * len(raws)
        if count <= limit:
            out += [
                {"reason": reason, "row": r, "column": src, "value": v}
                for r, v in zip(rows, raws, strict=True)
            ]
        else:
            out.append(
                {"reason": reason, "row": rows[0], "column": src, "value": raws[0], "count": count}
            )
    return out


def _sources(p: Plan) -> dict[str, str]:
    out = dict((c, s) for c, s in p.profile.columns.items())
    for c, a in p.profile.averages.items():
        out[c] = a.column
    return out


def _day(p: Plan, ts: str) -> str:
    """SQL: the stored period of a row's time (intervals and contacts fall on their day)."""
    if p.grain == "day":
        return f"CAST({ts} AS DATE)"
    return f"CAST(date_trunc({p.params.bind(p.grain)}, {ts}) AS DATE)"  # 'week' or 'month'


def _row_rules(p: Plan, col) -> list[str]:
    """SQL conditions, over parsed columns named by ``col(component)``, that break a row rule of
    ``validate`` (a date in the future is checked by the caller)."""
    rules = [f"{col(c)} < 0" for c in p.components if c not in MONEY]
    rules += [
        f"{col(part)} > {col(whole)} + 1e-9"
        for part, whole in _PAIRS
        if part in p.components and whole in p.components
    ]
    return rules


def roll_up_clean(con: duckdb.DuckDBPyConnection, p: Plan, *, today: date) -> bool:
    """The single pass for a clean file: create ``staging_final`` straight from ``staging_raw``
    and return True, or return False when any row needs a closer look, leaving the full path
    (``map_rows``, ``validate``, ``roll_up``) to list the errors or settle the doubt.

    The times are parsed once per distinct value (a million intervals hold about a thousand).
    One scan then parses every other cell, counts the rows that break a rule and sums the rows
    by the vendor's own labels and day into ``staging_groups`` (a few thousand rows); labels are
    tidied and checked once per distinct tuple of them (``staging_labels``), not on every row.
    The full path is taken for: a time not read, missing or in the future, or two ways of writing
    one time; a cell not read (or a blank word such as "n/a"); a rule broken; a key repeated (or
    a hash collision, which only costs the full path); a label too long, an unknown channel or
    vendor; and labels written two ways that tidy to the same key (on any day). So a file either
    passes every rule of ``validate`` here or goes there.
    """
    when = ", ".join(q(src) for src in p.profile.time_sources)  # one column, or date and time
    daily = p.grain == "day" and p.profile.time_column == "date"
    # Rows that must each have their own key: an aggregated file's, unless per-person columns
    # were dropped from it (then rows sharing a key are summed, as contacts are).
    unique = p.profile.shape == "aggregated" and not p.summed
    keyed = unique and not daily  # repeats are checked time by time
    # For those, each time's slot: its place among the file's times in its stored period, as one
    # bit of a HUGEINT when there are few enough (see the repeat check below).
    slot = (
        f"row_number() OVER (PARTITION BY {_day(p, '_ts')} ORDER BY _ts) - 1" if keyed else "NULL"
    )
    run = p.params.execute
    run(
        con,
        f"CREATE OR REPLACE TEMP TABLE {q(TIMES)} AS SELECT {when}, _ts, "  # noqa: S608
        f"CASE WHEN _slot < {_SLOTS} THEN CAST(1 AS HUGEINT) << CAST(_slot AS HUGEINT) END AS _bit "
        f"FROM (SELECT *, {slot} AS _slot FROM (SELECT {when}, {p.time.value} AS _ts "
        f"FROM (SELECT DISTINCT {when} FROM {q(RAW)})))",
    )
    bad_times, one_way = run(
        con,
        f"SELECT count(*) FILTER (WHERE _ts IS NULL OR CAST(_ts AS DATE) > {p.params.bind(today)}), "  # noqa: S608
        f"count(DISTINCT _ts) = count(*) FROM {q(TIMES)}",
    ).fetchone()
    if bad_times or not one_way:
        return False
    raw_keys = [q(p.vendor_source)] if p.vendor_source else []
    raw_keys += [q(p.profile.columns[d]) for d in DIMS if d in p.profile.columns]
    # Aggregated rows must each have their own key. A daily file's group is its key: more than
    # one row in a group is a repeat. Otherwise, with one way of writing each time, a group (its
    # raw labels and period) repeats a key when it holds more rows than distinct times: counted
    # as the bits set by its rows' slots when each period has at most _SLOTS times (48
    # half-hours a day), else by hashing the raw keys (a collision only costs the full path).
    repeats = "count(*) - 1" if unique and daily else "0"
    if keyed:
        (bits,) = con.execute(f"SELECT bool_and(_bit IS NOT NULL) FROM {q(TIMES)}").fetchone()  # noqa: S608
        if bits:
            repeats = "count(*) - bit_count(bit_or(_bit))"
        else:
            (repeated,) = con.execute(
                f"SELECT count(*) - count(DISTINCT hash({', '.join([*raw_keys, when])})) "  # noqa: S608
                f"FROM {q(RAW)}"
            ).fetchone()
            if repeated:
                return False

    time_checks = len(p.time.checks)
    dim_checks = sum(len(p.dims[d].checks) for d in DIMS) + len(p.vendor.checks)
    inner = [
        f"{q(p.vendor_source) if p.vendor_source else p.vendor.value} AS _v",
        "_t._ts AS _ts",
        "_t._bit AS _bit",
    ]
    inner += [
        f"{q(p.profile.columns[d]) if d in p.profile.columns else p.dims[d].value} AS {q('_d_' + d)}"
        for d in DIMS
    ]
    inner += [f"CAST({p.parsed[c].value} AS DOUBLE) AS {q('_c_' + c)}" for c in p.components]
    # Times are checked above, and labels (channels, characters) on the groups below; the other
    # cells here.
    flags, tests = _cell_flags(p, lambda c: q("_c_" + c), first=time_checks + dim_checks)
    inner += flags
    broken = [test for _i, test in tests]
    broken += _row_rules(p, lambda c: q("_c_" + c))
    keys = ["_v", *(q("_d_" + d) for d in DIMS)]
    sums = ", ".join(f"sum({q('_c_' + c)}) AS {q('_c_' + c)}" for c in p.components)
    con.execute(f"DROP TABLE IF EXISTS {q(GROUPS)}")
    run(
        con,
        f"CREATE TEMP TABLE {q(GROUPS)} AS SELECT {', '.join(keys)}, {_day(p, '_ts')} AS date, "  # noqa: S608
        f"{sums}, count(*) FILTER (WHERE {' OR '.join(broken) or 'false'}) AS _broken, "
        f"{repeats} AS _repeats FROM (SELECT {', '.join(inner)} FROM {q(RAW)} "
        f"JOIN {q(TIMES)} AS _t USING ({when})) GROUP BY {', '.join(keys)}, {_day(p, '_ts')}",
    )
    # Labels are tidied and checked once per distinct raw tuple (a few hundred), not per group.
    vendor = cells.label("_v", params=p.params) if p.vendor_source else "_v"
    labels = {d: _dim_label(p, d, q("_d_" + d)) for d in DIMS}
    tidied = ", ".join([f"{vendor} AS _lv", *(f"{labels[d]} AS {q('_l_' + d)}" for d in DIMS)])
    run(
        con,
        f"CREATE OR REPLACE TEMP TABLE {q(LABELS)} AS SELECT *, {tidied} "  # noqa: S608
        f"FROM (SELECT DISTINCT {', '.join(keys)} FROM {q(GROUPS)})",
    )
    doubts = [
        "_lv IS NULL",
        "_lv NOT IN (SELECT name FROM vendors)",  # noqa: S608 - fixed SQL
        *(f"length({q('_l_' + d)}) > {MAX_LABEL}" for d in DIMS if d in p.profile.columns),
    ]
    if p.vendor_source and p.only_vendor:
        doubts.append(f"_lv IS DISTINCT FROM {p.params.bind(p.only_vendor)}")
    if "channel" in p.profile.columns:
        raw = q("_d_channel")
        doubts.append(f"({cells.label(raw, params=p.params)} IS NOT NULL AND _l_channel IS NULL)")
    unsafe = p.params.bind(_UNSAFE_PATTERN)
    raw_labels = [q("_d_" + d) for d in DIMS if d in p.profile.columns]
    raw_labels += ["_v"] if p.vendor_source else []
    doubts += [f"regexp_matches({raw}, {unsafe})" for raw in raw_labels]
    # Two raw tuples that tidy to one key (" Billing" and "Billing") are left to the full path,
    # which decides whether they make a repeated row.
    tidy = ", ".join(["_lv", *(q("_l_" + d) for d in DIMS)])
    doubtful, tuples, distinct_tuples = run(
        con,
        f"SELECT count(*) FILTER (WHERE {' OR '.join(doubts)}), count(*), "  # noqa: S608
        f"count(DISTINCT ({tidy})) FROM {q(LABELS)}",
    ).fetchone()
    (broken,) = con.execute(
        f"SELECT count(*) FILTER (WHERE _broken > 0 OR _repeats > 0) FROM {q(GROUPS)}"  # noqa: S608
    ).fetchone()
    if doubtful or broken or (tuples != distinct_tuples and unique):
        return False
    same = " AND ".join(f"g.{k} IS NOT DISTINCT FROM l.{k}" for k in keys)
    labels = [f"l.{q('_l_' + d)}" for d in DIMS]
    dims = ", ".join(f"{label} AS {q(d)}" for label, d in zip(labels, DIMS, strict=True))
    totals = ", ".join(f"sum(g.{q('_c_' + c)}) AS {q(c)}" for c in p.components)
    con.execute(f"DROP TABLE IF EXISTS {q(FINAL)}")
    run(
        con,
        f"CREATE TEMP TABLE {q(FINAL)} AS SELECT v.vendor_id, {dims}, g.date, "  # noqa: S608
        f"{p.params.bind(p.grain)} AS grain, {totals} FROM {q(GROUPS)} g JOIN {q(LABELS)} l "
        f"ON {same} JOIN vendors v ON v.name = l._lv "
        f"GROUP BY v.vendor_id, {', '.join(labels)}, g.date",
    )
    p.labels_ready = True
    return True


def raw_label_columns(p: Plan) -> dict[str, str]:
    """The mapped vendor and dimension columns' raw labels in ``staging_labels`` (after
    ``roll_up_clean``): source header -> its column there."""
    out = {src: f"_d_{d}" for d, src in p.profile.columns.items() if d in DIMS}
    if p.vendor_source:
        out[p.vendor_source] = "_v"
    return out


def _dim_label(p: Plan, dim: str, raw: str) -> str:
    """SQL: a dimension's stored label from the vendor's text ``raw`` (a constant stays as it is)."""
    if dim not in p.profile.columns:
        return raw
    if dim == "channel":
        return _channel_case(raw, p.params)
    return cells.label(raw, params=p.params)


def roll_up(con: duckdb.DuckDBPyConnection, p: Plan, *, registered: bool = True) -> None:
    """Create ``staging_final``: rows summed to the stored grain (intervals and contacts to days).

    ``registered=False`` (a preview, before the vendor is known or every row checked): the rows of
    any vendor name, registered or not, are summed, the name standing in for ``vendor_id``."""
    day = _day(p, "ts")
    sums = ", ".join(f"SUM({q(c)}) AS {q(c)}" for c in p.components)
    dims = ", ".join(f"r.{q(d)}" for d in DIMS)
    vendor, join = (
        ("v.vendor_id", "JOIN vendors v ON v.name = r.vendor") if registered else ("r.vendor", "")
    )
    con.execute(f"DROP TABLE IF EXISTS {q(FINAL)}")
    p.params.execute(
        con,
        f"CREATE TEMP TABLE {q(FINAL)} AS SELECT {vendor} AS vendor_id, {dims}, {day} AS date, "  # noqa: S608
        f"{p.params.bind(p.grain)} AS grain, {sums} FROM {q(ROWS)} r "
        f"{join} GROUP BY {vendor}, {dims}, {day}",
    )


def vendor_slices(con: duckdb.DuckDBPyConnection, p: Plan) -> list[dict]:
    """Per vendor in the file: id, name, first and last day covered, rows after roll-up."""
    rows = con.execute(
        f"SELECT f.vendor_id, v.name, min(f.date), max(f.date), count(*) FROM {q(FINAL)} f "  # noqa: S608
        "JOIN vendors v ON v.vendor_id = f.vendor_id GROUP BY 1, 2 ORDER BY 2"
    ).fetchall()
    out = []
    for vid, name, first, last, n in rows:
        if p.grain == "month":
            last = month_end(last)
        elif p.grain == "week":
            last = last + timedelta(days=6)
        out.append({"vendor_id": vid, "vendor": name, "from": first, "to": last, "rows": n})
    return out


def unregistered_labels(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The labels of ``staging_final`` not registered for their vendor in ``vendor_labels``:
    {vendor_id, vendor, dimension, label} per label, by vendor, dimension (program, site,
    language, queue; channels are a fixed vocabulary, never registered) and label."""
    return [
        {k: v for k, v in item.items() if k != "registered"}
        for item in labels_brought(con)
        if not item["registered"]
    ]


def labels_brought(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every label of ``staging_final``, registered for its vendor or not: {vendor_id, vendor,
    dimension, label, registered} per label, by vendor, dimension (program, site, language,
    queue) and label. The import checks each for people, registered or not."""
    dims = label_store.DIMENSIONS
    held = " UNION ALL ".join(
        f"SELECT DISTINCT vendor_id, {i} AS ord, {q(d)} AS label FROM {q(FINAL)} "  # noqa: S608 - identifiers quoted
        f"WHERE {q(d)} IS NOT NULL"
        for i, d in enumerate(dims)
    )
    rows = con.execute(
        f"SELECT f.vendor_id, v.name, f.ord, f.label, EXISTS (SELECT 1 FROM vendor_labels r "  # noqa: S608 - fixed SQL
        f"WHERE r.vendor_id = f.vendor_id AND r.dimension = ({_DIM_NAME}) AND r.label = f.label) "
        f"FROM ({held}) f JOIN vendors v ON v.vendor_id = f.vendor_id "
        "ORDER BY v.name, f.ord, f.label",
        list(dims),
    ).fetchall()
    return [
        {
            "vendor_id": vid,
            "vendor": name,
            "dimension": dims[o],
            "label": label,
            "registered": known,
        }
        for vid, name, o, label, known in rows
    ]


# A registered dimension's name from its place in ``DIMENSIONS`` (bound as $1 … $4).
_DIM_NAME = (
    "CASE f.ord "
    + " ".join(f"WHEN {i} THEN ${i + 1}" for i in range(len(label_store.DIMENSIONS)))
    + " END"
)


def preview(con: duckdb.DuckDBPyConnection, p: Plan, limit: int = 20):
    """The first rows already converted, as a DataFrame (for the Imports page)."""
    cols = [
        "_row AS row",
        "vendor",
        "ts AS period",
        *(q(d) for d in DIMS if d in p.profile.columns or d in p.profile.constants),
        *(q(c) for c in p.components),
    ]
    sql = f"SELECT {', '.join(cols)} FROM {q(ROWS)} ORDER BY _row LIMIT {p.params.bind(int(limit))}"  # noqa: S608
    return p.params.execute(con, sql).df()
