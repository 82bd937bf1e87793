"""``on_agent_data = "aggregate"``: person columns dropped and rows summed, whatever the grain.

Each file here has one row per agent and day, interval, week or month (or one row per contact with
an agent column), so after the agent column is dropped its rows repeat their keys. Imported with
``aggregate``, the stored rows must be exactly what plain Python computes from the file's rows as
written (read back with ``csv``): totals summed, rates and averages turned into counts row by row
(SL % × offered, AHT × answered) and then summed, per period and program / site / queue. KPIs are
then ratios of those sums, never averages of the agents' rates. No agent's value is stored
anywhere, nor shown in what the import says, even when the file is rejected.
"""

from __future__ import annotations

import csv
import math
import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from governance import kpis
from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import batches, importer, profiles
from governance.store import queries
from tests import store_tables

ACTOR = Actor("vmo@client.example", "vendor_manager")
VENDOR = "Harbour Voice Services"
TODAY = date(2026, 11, 22)
AGENTS = [
    ("Maricel Santos", "msantos01", "m.santos@vendor.com"),
    ("Jomar Reyes", "jreyes02", "j.reyes@vendor.com"),
    ("Rizalyn Dela Cruz", "rdelacruz03", "r.delacruz@vendor.com"),
    ("Priyanka Venkataraman", "pvenkataraman04", "p.venkataraman@vendor.com"),
    ("Diane Smith", "dsmith05", "d.smith@vendor.com"),
    ("Juan Pablo Gutiérrez", "jgutierrez06", "j.gutierrez@vendor.com"),
    ("Youssef El Amrani", "yelamrani07", "y.elamrani@vendor.com"),
    ("Karen Holt", "kholt08", "k.holt@vendor.com"),
]
EVERY_AGENT_VALUE = [v for agent in AGENTS for v in agent]
TEAMS = [  # (program, site, queue): each agent works in one
    ("Billing care", "Manila", "Billing"),
    ("Billing care", "Cebu", "Disputes"),
    ("Retention", "Manila", "Cancellations"),
]
COMPONENTS = ("offered", "answered", "abandoned", "answered_within_sl", "handle_time_sec")


@pytest.fixture
def harbour(con):
    vendors.add_vendors(con, ACTOR, [VENDOR])
    return con


# --- reading what the file says, in plain Python ---------------------------------------------------


def pct(text: str) -> float:
    return float(text.strip().rstrip("%").replace(",", ".")) / 100


def clock(text: str) -> int:
    h, m, s = (int(x) for x in text.split(":"))
    return 3600 * h + 60 * m + s


def read_rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def sums_by(rows, key, loaded) -> dict[tuple, dict[str, float]]:
    out: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        for component, value in loaded(row).items():
            out[key(row)][component] += value
    return {k: dict(v) for k, v in out.items()}


def stored(con, components=COMPONENTS) -> dict[tuple, dict[str, float]]:
    cols = ", ".join(f'"{c}"' for c in components)
    rows = con.execute(
        f"SELECT date, program, site, queue, grain, {cols} FROM kpi_facts"  # noqa: S608
    ).fetchall()
    out = {}
    for d, program, site, queue, _grain, *values in rows:
        key = (d, program, site, queue)
        assert key not in out, f"{key} stored twice"
        out[key] = dict(zip(components, values, strict=True))
    return out


def assert_same(got: dict, want: dict) -> None:
    assert set(got) == set(want), (sorted(set(want) - set(got)), sorted(set(got) - set(want)))
    for key, sums in want.items():
        for component, value in sums.items():
            assert math.isclose(got[key][component], value, rel_tol=1e-12, abs_tol=1e-9), (
                key,
                component,
                got[key][component],
                value,
            )


def every_text(con) -> str:
    """Every stored cell of every table, as text."""
    parts = []
    for table in queries.table_names(con):
        for row in con.execute(f'SELECT * FROM "{table}"').fetchall():  # noqa: S608
            parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def said(result: importer.ImportResult) -> str:
    return "\n".join(
        [
            result.summary(),
            *result.warnings,
            *(e.text() for e in result.errors),
            str(result.to_json()),
            importer.errors_csv(result),
        ]
    )


def assert_nobody(con, result: importer.ImportResult) -> None:
    """No agent value in any table or in what the import said, and no staging table left over
    (they hold the upload's text)."""
    text, shown = every_text(con), said(result)
    assert [v for v in EVERY_AGENT_VALUE if v in text] == []
    assert [v for v in EVERY_AGENT_VALUE if v in shown] == []
    left = con.execute(store_tables.TEMPORARY_TABLES).fetchall()
    assert left == []


def run(con, path: Path, profile: str, **kw) -> importer.ImportResult:
    return importer.run(
        con,
        ACTOR,
        path,
        file_name=path.name,
        vendor=VENDOR,
        profile=profiles.parse(profile),
        today=TODAY,
        **{"add_labels": True, **kw},  # the files' programs and sites are new to the vendor
    )


# --- the files -------------------------------------------------------------------------------------


def write(path: Path, header: list[str], rows: list[list], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def daily_file(path: Path, seed: int = 1, *, days: int = 5) -> Path:
    """One row per agent and day; abandonment and service level as rates, AHT as clock text."""
    rng = random.Random(seed)
    rows = []
    for d in range(days):
        day = date(2026, 9, 7) + timedelta(days=d)
        for i, (name, _login, _mail) in enumerate(AGENTS):
            program, site, queue = TEAMS[i % len(TEAMS)]
            offered = rng.randint(20, 70)
            abandoned = rng.randint(0, offered // 6)
            answered = offered - abandoned
            within = rng.randint(answered // 2, answered)
            aht = rng.randint(150, 700)
            rows.append(
                [
                    day.strftime("%d/%m/%Y"),
                    program,
                    site,
                    queue,
                    name,
                    offered,
                    answered,
                    f"{math.floor(abandoned * 1000 / offered) / 10}%",
                    f"{math.floor(within * 1000 / offered) / 10}%",
                    f"0:{aht // 60:02d}:{aht % 60:02d}",
                ]
            )
    rng.shuffle(rows)
    header = ["Date", "Program", "Site", "Queue", "Agent Name", "Offered", "Answered"]
    return write(path, [*header, "Abandon %", "SL %", "AHT"], rows)


DAILY_PROFILE = """
vendor = "Harbour Voice Services"
on_agent_data = "aggregate"

[columns]
date = "Date"
program = "Program"
site = "Site"
queue = "Queue"
offered = "Offered"
answered = "Answered"

[averages]
abandoned = { column = "Abandon %", over = "offered" }
answered_within_sl = { column = "SL %", over = "offered" }
handle_time_sec = { column = "AHT", over = "answered" }

[constants]
channel = "voice"

[formats]
date = "%d/%m/%Y"
duration = "hms"
"""


def daily_expected(path: Path) -> dict:
    def key(r):
        return (
            datetime.strptime(r["Date"], "%d/%m/%Y").date(),
            r["Program"],
            r["Site"],
            r["Queue"],
        )

    def loaded(r):
        offered, answered = float(r["Offered"]), float(r["Answered"])
        return {
            "offered": offered,
            "answered": answered,
            "abandoned": pct(r["Abandon %"]) * offered,
            "answered_within_sl": pct(r["SL %"]) * offered,
            "handle_time_sec": clock(r["AHT"]) * answered,
        }

    return sums_by(read_rows(path), key, loaded)


def interval_file(path: Path, seed: int = 2) -> Path:
    """One row per agent (by login) and half hour, totals; ';' separated."""
    rng = random.Random(seed)
    rows = []
    for d in range(2):
        for k in range(10):
            start = datetime(2026, 9, 8 + d, 8) + timedelta(minutes=30 * k)
            for i, (_name, login, _mail) in enumerate(AGENTS):
                program, site, queue = TEAMS[i % len(TEAMS)]
                offered = rng.randint(0, 9)
                abandoned = rng.randint(0, offered // 3)
                answered = offered - abandoned
                within = rng.randint(0, answered)
                rows.append(
                    [
                        start.strftime("%Y-%m-%d %H:%M"),
                        site,
                        queue,
                        program,
                        login,
                        offered,
                        answered,
                        abandoned,
                        within,
                        answered * rng.randint(120, 600),
                    ]
                )
    header = ["Interval Start", "Site", "Skill", "LOB", "Login", "Offered", "Handled"]
    header += ["Abandoned", "Handled < 20s", "Total Handle Time"]
    return write(path, header, rows, delimiter=";")


INTERVAL_PROFILE = """
vendor = "Harbour Voice Services"
on_agent_data = "aggregate"
ignore = ["Login"]

[columns]
interval_start = "Interval Start"
site = "Site"
queue = "Skill"
program = "LOB"
offered = "Offered"
answered = "Handled"
abandoned = "Abandoned"
answered_within_sl = "Handled < 20s"
handle_time_sec = "Total Handle Time"

[constants]
channel = "voice"

[formats]
duration = "seconds"
"""


def interval_expected(path: Path) -> dict:
    def key(r):
        day = datetime.strptime(r["Interval Start"], "%Y-%m-%d %H:%M").date()
        return (day, r["LOB"], r["Site"], r["Skill"])

    def loaded(r):
        return {
            "offered": float(r["Offered"]),
            "answered": float(r["Handled"]),
            "abandoned": float(r["Abandoned"]),
            "answered_within_sl": float(r["Handled < 20s"]),
            "handle_time_sec": float(r["Total Handle Time"]),
        }

    return sums_by(read_rows(path, ";"), key, loaded)


def period_file(path: Path, grain: str, seed: int = 3) -> Path:
    """One row per agent (by e-mail) and week or month; service level as a fraction."""
    rng = random.Random(seed)
    if grain == "week":
        periods = [date(2026, 9, 7) + timedelta(weeks=w) for w in range(4)]
        label = "%d-%b-%Y"
    else:
        periods = [date(2026, m, 1) for m in (7, 8, 9)]
        label = "%b %Y"
    rows = []
    for p in periods:
        for i, (_name, _login, mail) in enumerate(AGENTS):
            program, site, queue = TEAMS[i % len(TEAMS)]
            offered = rng.randint(150, 900)
            answered = offered - rng.randint(0, offered // 10)
            within = rng.randint(answered // 2, answered)
            rows.append(
                [
                    p.strftime(label),
                    program,
                    site,
                    queue,
                    mail,
                    offered,
                    answered,
                    f"{math.floor(within * 10000 / offered) / 10000}",
                    answered * rng.randint(200, 500),
                ]
            )
    header = ["Period", "Program", "Site", "Queue", "E-mail", "Offered", "Answered"]
    return write(path, [*header, "Service Level", "Handle Time"], rows)


def period_profile(grain: str) -> str:
    fmt = "%d-%b-%Y" if grain == "week" else "%b %Y"
    return f"""
vendor = "Harbour Voice Services"
on_agent_data = "aggregate"

[columns]
{grain} = "Period"
program = "Program"
site = "Site"
queue = "Queue"
offered = "Offered"
answered = "Answered"
handle_time_sec = "Handle Time"

[averages]
answered_within_sl = {{ column = "Service Level", over = "offered" }}

[constants]
channel = "voice"

[formats]
date = "{fmt}"
percent = "fraction"
duration = "seconds"
"""


def period_expected(path: Path, grain: str) -> dict:
    fmt = "%d-%b-%Y" if grain == "week" else "%b %Y"

    def key(r):
        return (datetime.strptime(r["Period"], fmt).date(), r["Program"], r["Site"], r["Queue"])

    def loaded(r):
        return {
            "offered": float(r["Offered"]),
            "answered": float(r["Answered"]),
            "answered_within_sl": float(r["Service Level"]) * float(r["Offered"]),
            "handle_time_sec": float(r["Handle Time"]),
        }

    return sums_by(read_rows(path), key, loaded)


def contact_file(path: Path, seed: int = 4) -> Path:
    """One row per call with the agent who took it (blank for an abandoned call)."""
    rng = random.Random(seed)
    rows = []
    for d in range(3):
        for i, (name, _login, _mail) in enumerate(AGENTS):
            program, site, queue = TEAMS[i % len(TEAMS)]
            for _ in range(rng.randint(5, 12)):
                answered = rng.random() < 0.85
                wait = rng.randint(0, 60)
                talk = rng.randint(60, 800) if answered else ""
                rows.append(
                    [
                        (date(2026, 9, 8) + timedelta(days=d)).isoformat(),
                        program,
                        site,
                        queue,
                        name if answered else "",
                        "Y" if answered else "N",
                        wait,
                        talk,
                    ]
                )
    rng.shuffle(rows)
    header = ["Call Date", "Program", "Site", "Queue", "Agent", "Answered (Y/N)"]
    return write(path, [*header, "Wait Seconds", "Talk Seconds"], rows)


CONTACT_PROFILE = """
vendor = "Harbour Voice Services"
shape = "contact"
on_agent_data = "aggregate"
sl_threshold_seconds = 20

[columns]
date = "Call Date"
program = "Program"
site = "Site"
queue = "Queue"

[constants]
channel = "voice"

[contact]
answered = { column = "Answered (Y/N)", true = ["Y"] }
wait_seconds = "Wait Seconds"
handle_seconds = "Talk Seconds"

[formats]
duration = "seconds"
"""


def contact_expected(path: Path) -> dict:
    def key(r):
        return (date.fromisoformat(r["Call Date"]), r["Program"], r["Site"], r["Queue"])

    def loaded(r):
        answered = r["Answered (Y/N)"] == "Y"
        wait = float(r["Wait Seconds"])
        return {
            "offered": 1.0,
            "answered": float(answered),
            "abandoned": float(not answered),
            "answered_within_sl": float(answered and wait <= 20),
            "wait_time_sec": wait if answered else 0.0,
            "handle_time_sec": float(r["Talk Seconds"]) if answered else 0.0,
        }

    return sums_by(read_rows(path), key, loaded)


CASES = {
    "daily": (daily_file, DAILY_PROFILE, daily_expected, "day"),
    "interval": (interval_file, INTERVAL_PROFILE, interval_expected, "day"),
    "weekly": (
        lambda p: period_file(p, "week"),
        period_profile("week"),
        lambda p: period_expected(p, "week"),
        "week",
    ),
    "monthly": (
        lambda p: period_file(p, "month"),
        period_profile("month"),
        lambda p: period_expected(p, "month"),
        "month",
    ),
    "contact": (contact_file, CONTACT_PROFILE, contact_expected, "day"),
}


# --- the sums --------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", list(CASES))
def test_aggregate_stores_the_plain_python_sums_and_no_agent(shape, harbour, tmp_path):
    make, profile, expected_of, grain = CASES[shape]
    path = make(tmp_path / f"agents_{shape}.csv")
    want = expected_of(path)
    agent_rows = len(read_rows(path, ";" if shape == "interval" else ","))
    assert agent_rows > len(want)  # the rows do repeat their keys once the agent is dropped

    result = run(harbour, path, profile)

    assert result.ok, [e.text() for e in result.errors]
    assert result.guard_findings, "the agent column was not seen"
    assert any("identify individual staff" in w for w in result.warnings)
    components = sorted({c for sums in want.values() for c in sums})
    assert_same(stored(harbour, components), want)
    assert {g for (g,) in harbour.execute("SELECT DISTINCT grain FROM kpi_facts").fetchall()} == {
        grain
    }
    (identifying,) = harbour.execute("SELECT identifying_data FROM import_batches").fetchone()
    assert identifying == "aggregated"
    assert result.rows_loaded == len(want)
    assert_nobody(harbour, result)


def test_rates_come_from_the_summed_components_not_the_agents_rates(harbour, tmp_path):
    path = daily_file(tmp_path / "agents_daily.csv", seed=11)
    assert run(harbour, path, DAILY_PROFILE).ok
    frame = kpis.rollup(
        harbour,
        by="day",
        dims=("program", "site", "queue"),
        kpis=["service_level", "abandon_rate", "aht"],
        vendors=[VENDOR],
    )
    want = daily_expected(path)
    rows = read_rows(path)
    mean_differs = 0
    for rec in frame.to_dict("records"):
        day = rec["period"].date() if hasattr(rec["period"], "date") else rec["period"]
        key = (day, rec["program"], rec["site"], rec["queue"])
        sums = want[key]
        assert math.isclose(rec["service_level"], sums["answered_within_sl"] / sums["offered"])
        assert math.isclose(rec["abandon_rate"], sums["abandoned"] / sums["offered"])
        assert math.isclose(rec["aht"], sums["handle_time_sec"] / sums["answered"])
        agents = [
            r
            for r in rows
            if (
                datetime.strptime(r["Date"], "%d/%m/%Y").date(),
                r["Program"],
                r["Site"],
                r["Queue"],
            )
            == key
        ]
        naive = sum(pct(r["SL %"]) for r in agents) / len(agents)
        mean_differs += not math.isclose(naive, rec["service_level"], rel_tol=1e-6)
    assert len(frame) == len(want)
    assert mean_differs > 0  # the figures would be wrong as a mean of the agents' rates


# --- nothing of an agent anywhere --------------------------------------------------------------------


def test_a_rejected_aggregate_import_names_no_agent_and_changes_nothing(harbour, tmp_path):
    path = daily_file(tmp_path / "agents_daily.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[6] = str(int(cells[5]) + 5)  # answered above offered on one agent's row
    bad_agent = cells[4]
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = every_text(harbour)

    result = run(harbour, path, DAILY_PROFILE)

    assert result.status == "rejected"
    assert any(e.row == 4 and e.column == "Answered" for e in result.errors), said(result)
    assert bad_agent not in said(result)
    assert_nobody(harbour, result)
    assert every_text(harbour) == before


def test_restating_and_rolling_back_an_aggregated_file_keeps_no_agent(harbour, tmp_path):
    first = daily_file(tmp_path / "week1.csv", seed=5)
    again = run(harbour, first, DAILY_PROFILE)
    assert again.status == "loaded"
    assert run(harbour, first, DAILY_PROFILE).status == "unchanged"
    corrected = daily_file(tmp_path / "week1_corrected.csv", seed=6)
    restated = run(harbour, corrected, DAILY_PROFILE)
    assert restated.status == "restated", [e.text() for e in restated.errors]
    assert_same(stored(harbour), daily_expected(corrected))
    assert harbour.execute("SELECT count(*) FROM restatements").fetchone()[0] == 1
    batches.rollback(harbour, ACTOR, restated.batch_ids[0])
    assert_same(stored(harbour), daily_expected(first))
    assert_nobody(harbour, restated)


def test_the_preview_with_aggregate_shows_no_agent(harbour, tmp_path):
    path = daily_file(tmp_path / "agents_daily.csv")
    shown = importer.preview(
        harbour,
        path,
        file_name=path.name,
        profile=profiles.parse(DAILY_PROFILE),
        on_agent_data="aggregate",
    )
    assert shown.problems == []
    assert "Agent Name" not in shown.headers
    text = shown.frame.to_csv()
    assert [v for v in EVERY_AGENT_VALUE if v in text] == []


# --- the summing is for files whose people were dropped, and only for them ----------------------


def test_repeated_keys_are_still_refused_when_no_person_column_was_dropped(harbour, tmp_path):
    """A totals file that repeats a day and queue is an error, even right after an aggregated
    import on the same connection (the mark of a dropped column does not outlive its file)."""
    assert run(harbour, daily_file(tmp_path / "agents.csv"), DAILY_PROFILE).ok
    path = write(
        tmp_path / "totals.csv",
        ["Date", "Queue", "Offered", "Answered"],
        [["01/10/2026", "Billing", 100, 90], ["01/10/2026", "Billing", 50, 45]],
    )
    profile = """
vendor = "Harbour Voice Services"
on_agent_data = "aggregate"
[columns]
date = "Date"
queue = "Queue"
offered = "Offered"
answered = "Answered"
[formats]
date = "%d/%m/%Y"
"""
    result = run(harbour, path, profile)
    assert result.status == "rejected"
    assert any("more than once" in e.reason for e in result.errors), said(result)
