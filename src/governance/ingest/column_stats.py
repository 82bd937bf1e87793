"""What the values of an upload's columns look like, for mapping suggestions (``suggest``).

Part of the staging engine: SQL over a sample of ``staging_raw`` (its first ``SAMPLE_ROWS`` rows,
copied into ``staging_sample``), so that suggesting a mapping costs the same for a file of a
thousand rows or of a million. Nothing here decides a mapping; it measures:

- ``describe``: per column, how many cells are numbers (whole, negative, with "%"), clock text,
  times of day or time ranges, yes/no words or dates, their range and how many distinct values;
- ``relations``: between numeric columns, which is at most which, and which is the sum of two
  others (offered = answered + abandoned), row by row;
- ``time_spread``: for a time column, how its values are spaced (months, weeks, days, intervals);
- ``variation``: whether a duration grows with a count row by row (a total) or not (an average);
- ``rate_exceeds``: where a rate times one count would exceed another (a service level over
  offered that is above the answered count is over answered);
- ``labels``: a text column's distinct values when they are few (to recognise channels,
  languages and companies); ``same_grouping``: whether one column is a code for another.

No value is spliced into SQL (``ingest.sql.Params``); headers go through ``quote_ident``. Values
leave this module only as counts, or as the distinct labels of a low-cardinality column, which
``suggest`` compares with word lists and never shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import duckdb

from governance.ingest import cells
from governance.ingest.sql import Params
from governance.store.quoting import quote_ident as q

SAMPLE = "staging_sample"
NUMBERS = "staging_sample_numbers"
VALUES = "staging_sample_values"
SAMPLE_ROWS = 20_000
MAX_LABELS = 60  # a column with more distinct values than this is not listed by ``labels``
MAX_RELATED = 14  # numeric columns related pairwise and in sums (14: 1,092 sums)
_FLAG_WORDS = ("Y", "N", "YES", "NO", "TRUE", "FALSE", "T", "F", "SI", "SIM", "NAO", "OUI", "NON")
_CLOCK = r"^\s*\d{1,3}:\d{2}(:\d{2}(\.\d+)?)?\s*$"
_RANGE = r"(?i)^\s*\d{1,2}[:h]\d{2}(:\d{2})?\s*([ap]\.?m\.?)?\s*(-|–|—|to|a|à|até|hasta|bis)\s*\d{1,2}[:h]\d{2}"
_HAS_LETTER = r"[A-Za-z]"


@dataclass(frozen=True)
class ColumnStats:
    """One column of the sample: counts of its non-blank ``cells`` by what they look like."""

    header: str
    cells: int
    distinct: int
    numbers: int  # read as numbers with the sample's decimal mark (a "%" allowed)
    integers: int
    negatives: int
    low: float | None
    high: float | None
    mean: float | None
    percents: int  # numbers written with "%"
    clocks: int  # "0:02:14", "5:12", "08:30"
    times_of_day: int  # read by ``cells.time_of_day`` from clock text or a range
    ranges: int  # "08:00 - 08:30"
    flags: int  # yes/no words (Y, N, Yes, TRUE, 0/1 are numbers)
    dates: int  # read by the default date parser (ISO, month labels, ISO weeks)
    letters: int  # cells holding a letter
    longest: int
    durations: int  # read as a duration (clock text, or a number of seconds)
    seconds_mean: float | None  # their mean, in seconds

    def share(self, count: int) -> float:
        return count / self.cells if self.cells else 0.0

    @property
    def numeric(self) -> bool:
        return self.cells > 0 and self.numbers >= 0.95 * self.cells

    @property
    def whole(self) -> bool:
        return self.numbers > 0 and self.integers >= 0.99 * self.numbers


@dataclass(frozen=True)
class Relations:
    """Row-by-row relations between numeric columns of the sample.

    ``at_most[(a, b)]``: the share of rows holding both where a ≤ b; ``sums[(a, b, c)]``: the
    share of rows holding all three, a above 0, where a = b + c (within 1 or 1 %)."""

    at_most: dict[tuple[str, str], float]
    sums: dict[tuple[str, str, str], float]
    rows: dict[tuple[str, str, str], int]


@dataclass(frozen=True)
class TimeSpread:
    """How a time column's values are spaced (read with its format)."""

    values: int  # distinct times
    days: int  # distinct days
    first_of_month: bool  # every day is the 1st
    one_weekday: bool  # every day is the same weekday
    with_time: bool  # some values carry a time of day
    step_minutes: float | None  # the smallest gap between two times of one day
    day_gap: int | None  # the smallest gap between two days, in days


def sample(con: duckdb.DuckDBPyConnection, table: str, rows: int = SAMPLE_ROWS) -> int:
    """Copy the first ``rows`` rows of ``table`` into ``staging_sample``; return how many."""
    params = Params()
    params.execute(
        con,
        f"CREATE OR REPLACE TEMP TABLE {SAMPLE} AS SELECT * FROM {q(table)} "  # noqa: S608 - identifier quoted
        f"LIMIT {params.bind(int(rows))}",
    )
    (n,) = con.execute(f"SELECT count(*) FROM {SAMPLE}").fetchall()[0]  # noqa: S608 - fixed SQL
    return int(n)


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the sample tables."""
    for table in (SAMPLE, NUMBERS, VALUES):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def decimal_mark(con: duckdb.DuckDBPyConnection, headers: list[str]) -> str:
    """The decimal mark of the sample's numbers ("." or ","), as ``cells.detect_decimal``
    decides it over the columns holding a comma (without one, it is ".")."""
    if not headers:
        return "."
    tests = ", ".join(f"bool_or(contains({q(h)}, ','))" for h in headers)
    counts = con.execute(f"SELECT {tests} FROM {SAMPLE}").fetchall()[0]  # noqa: S608 - identifiers quoted
    commas = [h for h, has in zip(headers, counts, strict=True) if has]
    return cells.detect_decimal(con, SAMPLE, commas) if commas else "."


def describe(
    con: duckdb.DuckDBPyConnection, headers: list[str], decimal: str
) -> dict[str, ColumnStats]:
    """``ColumnStats`` for each of ``headers`` over the sample. Each column's distinct values are
    judged once (weighted by how often they occur), and only text is tried as clock times, time
    ranges, dates and yes/no words: a column of a million numbers costs one cast per value."""
    if not headers:
        return {}
    params = Params()
    union = " UNION ALL ".join(
        f"SELECT {i} AS i, trim({q(h)}) AS v, count(*) AS n FROM {SAMPLE} "  # noqa: S608 - identifiers quoted
        f"WHERE {q(h)} IS NOT NULL GROUP BY trim({q(h)})"
        for i, h in enumerate(headers)
    )
    blank = cells.blank("v", params=params)
    number = cells.number("replace(v, '%', '')", decimal, params=params).value
    params.execute(
        con,
        f"CREATE OR REPLACE TEMP TABLE {VALUES} AS SELECT i, v, n, {number} AS x "  # noqa: S608 - fixed SQL
        f"FROM ({union}) WHERE NOT {blank}",
    )
    numbers = con.execute(
        "SELECT i, sum(n), count(*), sum(n) FILTER (WHERE x IS NOT NULL), "  # noqa: S608 - fixed SQL
        "sum(n) FILTER (WHERE x = trunc(x)), sum(n) FILTER (WHERE x < 0), min(x), max(x), "
        "sum(x * n) / nullif(sum(n) FILTER (WHERE x IS NOT NULL), 0), "
        "sum(n) FILTER (WHERE x IS NOT NULL AND contains(v, '%')), "
        "sum(n) FILTER (WHERE x IS NOT NULL AND x >= 0 AND NOT contains(v, '%')), "
        "sum(x * n) FILTER (WHERE x >= 0 AND NOT contains(v, '%')), "
        f"coalesce(max(length(v)), 0) FROM {VALUES} GROUP BY i"
    ).fetchall()
    text = Params()
    flag_words = text.bind_all(_FLAG_WORDS)
    clock, ranges, letter = (text.bind(p) for p in (_CLOCK, _RANGE, _HAS_LETTER))
    dated = text.bind(r"^\s*\d{4}-\d")  # a date and time is not a time of day
    tod = cells.time_of_day("v", params=text).value
    day = cells.timestamp("v", params=text).value
    seconds = cells.duration("v", "seconds", decimal, params=text).value
    words = text.execute(
        con,
        f"SELECT i, sum(n) FILTER (WHERE regexp_matches(v, {clock})), "  # noqa: S608 - fixed SQL
        f"sum(n) FILTER (WHERE (contains(v, ':') OR regexp_matches(v, {ranges})) "
        f"AND NOT regexp_matches(v, {dated}) AND {tod} IS NOT NULL), "
        f"sum(n) FILTER (WHERE regexp_matches(v, {ranges})), "
        f"sum(n) FILTER (WHERE upper(v) IN ({flag_words})), "
        f"sum(n) FILTER (WHERE {day} IS NOT NULL), "
        f"sum(n) FILTER (WHERE regexp_matches(v, {letter})), "
        f"sum(n) FILTER (WHERE contains(v, ':') AND {seconds} IS NOT NULL), "
        f"sum({seconds} * n) FILTER (WHERE contains(v, ':')) "
        f"FROM {VALUES} WHERE x IS NULL GROUP BY i",
    ).fetchall()
    con.execute(f"DROP TABLE IF EXISTS {VALUES}")
    by_number = {r[0]: r[1:] for r in numbers}
    by_text = {r[0]: r[1:] for r in words}
    out = {}
    for i, h in enumerate(headers):
        cells_, distinct, nums, ints, neg, low, high, mean, pct, plain, plain_sum, longest = (
            by_number.get(i) or (0, 0, 0, 0, 0, None, None, None, 0, 0, None, 0)
        )
        clocks, tods, rngs, flags, dates, letters, clock_n, clock_sum = by_text.get(i) or (
            (0,) * 6 + (0, None)
        )
        durations = int(plain or 0) + int(clock_n or 0)
        total = (plain_sum or 0.0) + (clock_sum or 0.0)
        out[h] = ColumnStats(
            h,
            int(cells_ or 0),
            int(distinct or 0),
            int(nums or 0),
            int(ints or 0),
            int(neg or 0),
            low,
            high,
            mean,
            int(pct or 0),
            int(clocks or 0),
            int(tods or 0),
            int(rngs or 0),
            int(flags or 0),
            int(dates or 0),
            int(letters or 0),
            int(longest or 0),
            durations,
            total / durations if durations else None,
        )
    return out


def relations(con: duckdb.DuckDBPyConnection, headers: list[str], decimal: str) -> Relations:
    """Pairwise ≤ and a = b + c over the sample's numbers in ``headers`` (the first
    ``MAX_RELATED``), in one query over a table of the parsed numbers."""
    headers = list(headers)[:MAX_RELATED]
    if len(headers) < 2:
        return Relations({}, {}, {})
    params = Params()
    cols = [f"n{i}" for i in range(len(headers))]
    parsed = ", ".join(
        f"{cells.number(q(h), decimal, params=params).value} AS {c}"
        for h, c in zip(headers, cols, strict=True)
    )
    params.execute(
        con,
        f"CREATE OR REPLACE TEMP TABLE {NUMBERS} AS SELECT {parsed} FROM {SAMPLE}",  # noqa: S608 - identifiers quoted
    )
    pairs = [(a, b) for a in range(len(cols)) for b in range(len(cols)) if a != b]
    triples = [(a, b, c) for a in range(len(cols)) for b, c in combinations(range(len(cols)), 2)]
    triples = [t for t in triples if t[0] not in t[1:]]
    selects = []
    for a, b in pairs:
        x, y = cols[a], cols[b]
        selects.append(f"count(*) FILTER (WHERE {x} <= {y} + 1e-9)")
        selects.append(f"count(*) FILTER (WHERE {x} IS NOT NULL AND {y} IS NOT NULL)")
    for a, b, c in triples:
        x, y, z = cols[a], cols[b], cols[c]
        both = f"{x} > 0 AND {y} IS NOT NULL AND {z} IS NOT NULL"
        selects.append(
            f"count(*) FILTER (WHERE {both} AND abs({x} - {y} - {z}) <= greatest(1, 0.01 * {x}))"
        )
        selects.append(f"count(*) FILTER (WHERE {both})")
    row = con.execute(f"SELECT {', '.join(selects)} FROM {NUMBERS}").fetchall()[0]  # noqa: S608 - fixed SQL
    at_most, sums, rows = {}, {}, {}
    for i, (a, b) in enumerate(pairs):
        hits, n = row[2 * i], row[2 * i + 1]
        if n:
            at_most[(headers[a], headers[b])] = hits / n
    base = 2 * len(pairs)
    for i, (a, b, c) in enumerate(triples):
        hits, n = row[base + 2 * i], row[base + 2 * i + 1]
        key = (headers[a], headers[b], headers[c])
        rows[key] = int(n)
        if n:
            sums[key] = hits / n
    return Relations(at_most, sums, rows)


def time_spread(
    con: duckdb.DuckDBPyConnection, column: str, fmt: str | None, clock: str | None = None
) -> TimeSpread:
    """How the values of the time ``column`` (read with ``fmt``) are spaced over the sample;
    with ``clock``, the days of ``column`` and the times of day of ``clock``. Each distinct
    value is parsed once."""
    params = Params()
    if clock is None:
        ts = cells.timestamp("v", fmt, params=params).value
        times = f"SELECT DISTINCT {ts} AS t FROM (SELECT DISTINCT {q(column)} AS v FROM {SAMPLE})"  # noqa: S608 - identifiers quoted
    else:
        day = cells.date("v", fmt, params=params).value
        tod = cells.time_of_day("v", params=params).value
        times = (
            f"SELECT DISTINCT CAST({day} AS TIMESTAMP) AS t FROM (SELECT DISTINCT {q(column)} AS v "  # noqa: S608 - identifiers quoted
            f"FROM {SAMPLE}) UNION SELECT TIMESTAMP '2000-01-01' + to_seconds({tod}) "
            f"FROM (SELECT DISTINCT {q(clock)} AS v FROM {SAMPLE})"
        )
    sql = (
        f"WITH w AS (SELECT t FROM ({times}) WHERE t IS NOT NULL), "  # noqa: S608 - fixed SQL
        "d AS (SELECT DISTINCT CAST(t AS DATE) AS d FROM w WHERE t <> TIMESTAMP '2000-01-01' OR "
        f"{params.bind(clock is None)}) "
        "SELECT (SELECT count(*) FROM w), (SELECT count(*) FROM d), "
        "(SELECT bool_and(day(d) = 1) FROM d), "
        "(SELECT count(DISTINCT dayofweek(d)) = 1 FROM d), "
        "(SELECT bool_or(t <> date_trunc('day', t)) FROM w), "
        "(SELECT min(g) FROM (SELECT epoch(t - lag(t) OVER (PARTITION BY CAST(t AS DATE) "
        "ORDER BY t)) / 60.0 AS g FROM w) WHERE g > 0), "
        "(SELECT min(g) FROM (SELECT d - lag(d) OVER (ORDER BY d) AS g FROM d) WHERE g > 0)"
    )
    n, days, first, weekday, timed, step, gap = params.execute(con, sql).fetchall()[0]
    return TimeSpread(
        int(n), int(days), bool(first), bool(weekday), bool(timed), step, gap and int(gap)
    )


def variation(
    con: duckdb.DuckDBPyConnection, column: str, over: str, decimal: str
) -> tuple[float | None, float | None]:
    """Over the sample's rows where ``over`` is above 0: the coefficient of variation of the
    durations in ``column`` (in seconds), and of ``column`` ÷ ``over``."""
    params = Params()
    x = cells.duration(q(column), "seconds", decimal, params=params).value
    y = cells.number(q(over), decimal, params=params).value
    sql = (
        "SELECT stddev_samp(x) / nullif(avg(x), 0), stddev_samp(x / y) / nullif(avg(x / y), 0) "  # noqa: S608 - identifiers quoted
        f"FROM (SELECT {x} AS x, {y} AS y FROM {SAMPLE}) WHERE y > 0 AND x IS NOT NULL"
    )
    cv, cv_per = params.execute(con, sql).fetchall()[0]
    return cv, cv_per


def rate_exceeds(
    con: duckdb.DuckDBPyConnection,
    rate: str,
    over: str,
    part: str,
    decimal: str,
    mode: str,
) -> float | None:
    """The share of the sample's rows (holding all three) where the rate in ``rate`` (a
    percentage written as ``mode``: "fraction" or "points") times ``over`` exceeds ``part``: a
    service level "over offered" above the answered count is over answered (and the import
    would refuse the rows where it is above, even by a rounding)."""
    params = Params()
    r = cells.percent(q(rate), mode, decimal, params=params).value
    o = cells.number(q(over), decimal, params=params).value
    p = cells.number(q(part), decimal, params=params).value
    sql = (
        "SELECT count(*) FILTER (WHERE r * o > p + 1e-9), count(*) FROM (SELECT "  # noqa: S608 - identifiers quoted
        f"{r} AS r, {o} AS o, {p} AS p FROM {SAMPLE}) WHERE r IS NOT NULL AND o IS NOT NULL "
        "AND p IS NOT NULL"
    )
    above, n = params.execute(con, sql).fetchall()[0]
    return above / n if n else None


def labels(con: duckdb.DuckDBPyConnection, headers: list[str]) -> dict[str, list[str]]:
    """The distinct trimmed values of each of ``headers`` holding at most ``MAX_LABELS`` of them
    in the sample (others are left out)."""
    out: dict[str, list[str]] = {}
    for h in headers:
        params = Params()
        found = params.execute(
            con,
            f"SELECT DISTINCT trim({q(h)}) FROM {SAMPLE} WHERE {q(h)} IS NOT NULL "  # noqa: S608 - identifier quoted
            f"LIMIT {params.bind(MAX_LABELS + 1)}",
        ).fetchall()
        values = [v for (v,) in found if v]
        if len(values) <= MAX_LABELS:
            out[h] = values
    return out


def same_grouping(con: duckdb.DuckDBPyConnection, a: str, b: str) -> bool:
    """Whether columns ``a`` and ``b`` pair their values one to one over the sample (a code and
    a name of the same thing): at least two values, each seen twice on average."""
    x, y = q(a), q(b)
    sql = (
        f"SELECT count(DISTINCT {x}), count(DISTINCT {y}), count(DISTINCT ({x}, {y})), count(*) "  # noqa: S608 - identifiers quoted
        f"FROM {SAMPLE} WHERE {x} IS NOT NULL AND {y} IS NOT NULL"
    )
    n_a, n_b, n_ab, rows = con.execute(sql).fetchall()[0]
    return 2 <= n_a == n_b == n_ab and rows >= 2 * n_a
