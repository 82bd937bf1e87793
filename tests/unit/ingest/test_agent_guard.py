"""The agent guard over a staged file: headers in context, values, suspects, the grain signature,
and messages that name file and column, never a value, never "map it"."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from governance.ingest import agent_guard

RAW = "staging_raw"


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def stage(con, headers: list[str], rows: list[list]) -> None:
    """The file as the reader stages it: every cell text, ``_row`` its spreadsheet row."""
    cols = ", ".join(f'"{h}" VARCHAR' for h in headers)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {RAW} ({cols}, _row BIGINT)")
    marks = ", ".join("?" for _ in range(len(headers) + 1))
    con.executemany(
        f"INSERT INTO {RAW} VALUES ({marks})",  # noqa: S608 - a test's own table
        [[None if v is None else str(v) for v in r] + [i + 2] for i, r in enumerate(rows)],
    )


AGENTS = ["Diane Smith", "Greg Jones", "Maria Lopez", "Ravi Kumar", "Jhoanna Reyes"]
DAYS = ["2026-10-01", "2026-10-02"]


def agent_rows(person_values=AGENTS):
    return [[d, "Billing care", p, 40 + i] for d in DAYS for i, p in enumerate(person_values)]


def test_a_person_header_is_found_and_a_measure_of_people_is_not(con):
    headers = ["Date", "Program", "Agent", "Agents Staffed", "Staff Cost", "Offered"]
    stage(con, headers, [[d, "Billing care", "A", 12, "$1,234.50", 100] for d in DAYS])
    found = agent_guard.examine(con, RAW, headers, skip={"Date"})
    assert [(f.column, f.reason) for f in found.findings] == [("Agent", "header")]


def test_numbers_under_an_identifier_header_are_still_an_identifier(con):
    headers = ["Date", "Program", "Emp#", "Offered"]
    stage(con, headers, [[d, "Billing care", 10234 + i, 50] for d in DAYS for i in range(3)])
    found = agent_guard.examine(con, RAW, headers, skip={"Date"})
    assert [f.column for f in found.findings] == ["Emp#"]


@pytest.mark.parametrize(
    "values",
    [
        AGENTS,
        ["SMITH, DIANE", "JONES, GREG", "LOPEZ, MARIA", "KUMAR, RAVI"],
        ["Team Diane", "Team Greg", "Team Maria"],
        ["jdoe01", "gjones02", "mlopez03", "rkumar04"],
        ["d.smith@vendor.com", "g.jones@vendor.com"],
    ],
)
def test_people_under_a_dimension_header_are_found_without_naming_them(con, values):
    headers = ["Date", "Program", "Split", "Offered"]
    stage(con, headers, agent_rows(values))
    found = agent_guard.examine(con, RAW, headers, skip={"Date"}, dimensions={"Split": "queue"})
    assert [f.column for f in found.findings] == ["Split"]
    text = " ".join(f.message() for f in found.findings)
    assert not any(v in text for v in values)
    assert found.findings[0].example_row == 2


def test_real_labels_are_neither_findings_nor_suspects(con):
    headers = ["Date", "Program", "Site", "Queue", "Offered"]
    sites = ["Manila", "Cebu", "Davao", "Bogotá", "Kraków", "Porto", "Victoria", "Pune"]
    queues = ["Sales_EN", "Support-ES", "VIP", "Tier 2"]
    rows = [
        [d, p, s, q, 500]
        for d in DAYS
        for p in ("Billing care", "Tech support", "Retention", "Collections")
        for s in sites
        for q in queues
    ]
    stage(con, headers, rows)
    dims = {"Program": "program", "Site": "site", "Queue": "queue"}
    found = agent_guard.examine(con, RAW, headers, skip={"Date"}, dimensions=dims)
    assert found.findings == [] and found.suspects == []


def test_first_names_alone_unmapped_are_a_person_column_when_they_split_the_rows(con):
    headers = ["Date", "Program", "Who", "Offered"]
    stage(con, headers, agent_rows(["diane", "greg", "maria", "becky", "jim", "martha"]))
    key = ["Date", "Program"]
    found = agent_guard.examine(
        con, RAW, headers, skip={"Date"}, dimensions={"Program": "program"}, key=key
    )
    assert [f.column for f in found.findings] == ["Who"]


def test_codes_left_unread_split_the_rows_even_as_numbers(con):
    headers = ["Date", "Program", "Location", "Offered"]
    stage(con, headers, agent_rows([str(4011 + 37 * i) for i in range(6)]))
    key = ["Date", "Program"]
    found = agent_guard.examine(
        con,
        RAW,
        headers,
        skip={"Date"},
        dimensions={"Program": "program"},
        mapped={"Date", "Program", "Offered"},
        key=key,
    )
    assert [f.column for f in found.findings] == ["Location"]


def test_ticket_numbers_in_a_contact_file_are_not_people(con):
    headers = ["Date", "Program", "Ticket", "Handle Seconds"]
    rows = [
        [d, "Billing care", f"T{100000 + 40 * n + i}", 300]
        for n, d in enumerate(DAYS)
        for i in range(40)
    ]
    stage(con, headers, rows)
    found = agent_guard.examine(
        con,
        RAW,
        headers,
        skip={"Date"},
        dimensions={"Program": "program"},
        mapped={"Date", "Program", "Handle Seconds"},
        key=["Date", "Program"],
        contact=True,
    )
    assert found.findings == []


# --- the grain signature --------------------------------------------------------------------------

FINAL = "staging_final"


def final(con, labels: list[str], per_day: int, days: int = 5, dim: str = "queue") -> None:
    """A rolled-up table as the importer leaves it: ``labels`` of ``dim``, each ``per_day``."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {FINAL} (vendor_id INTEGER, program VARCHAR, site VARCHAR, "
        "channel VARCHAR, language VARCHAR, queue VARCHAR, date DATE, grain VARCHAR, "
        "offered DOUBLE, answered DOUBLE)"
    )
    rows = []
    for d in range(days):
        day = date(2026, 10, 1) + timedelta(days=d)
        for label in labels:
            row = {"program": "Billing care", "site": "Manila", "queue": "General", dim: label}
            rows.append(
                [1, row["program"], row["site"], "voice", None, row["queue"], day, "day"]
                + [per_day, per_day - 2]
            )
    con.executemany(f"INSERT INTO {FINAL} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)  # noqa: S608


def grain(con, header="Queue", dim="queue", suspects=frozenset()):
    return agent_guard.grain_findings(
        con,
        FINAL,
        columns={dim: header},
        components=["offered", "answered"],
        grain="day",
        suspects=set(suspects),
    )


def test_many_labels_with_one_persons_volume_each_are_people(con):
    final(con, [f"A{i:03d}" for i in range(1, 21)], per_day=35)
    found = grain(con)
    assert [f.column for f in found] == ["Queue"] and "one person" in found[0].detail


def test_many_busy_queues_are_queues(con):
    final(con, [f"Q{101 + i}" for i in range(30)], per_day=275)
    assert grain(con, suspects={"Queue"}) == []


def test_a_few_small_queues_are_queues(con):
    final(con, ["VIP", "Tier 2", "Escalations"], per_day=12)
    assert grain(con) == []


def test_a_few_suspect_labels_with_one_persons_volume_are_people(con):
    final(con, ["diane", "greg", "maria", "becky"], per_day=40)
    assert grain(con) == []
    assert [f.column for f in grain(con, suspects={"Queue"})] == ["Queue"]


def test_as_many_labels_a_day_as_a_site_has_staff_are_people(con):
    final(con, [f"S{i}" for i in range(40)], per_day=120, dim="site")
    assert [f.column for f in grain(con, header="Location", dim="site")] == ["Location"]


# --- messages -------------------------------------------------------------------------------------


def test_the_refusal_names_file_and_column_says_what_to_ask_and_never_map_it():
    finding = agent_guard.Finding("Split", "names", "holds person names (5 of 5 distinct values)")
    text = agent_guard.refusal_message(
        "agents.csv", "Acme Care", [finding], mapped={"Split": "queue"}
    )
    assert text.startswith("agents.csv") and "'Split'" in text and "Acme Care" in text
    assert "totalled by program / site / channel and day" in text
    assert "without agent columns" in text and "remove that mapping" in text
    assert "Map it" not in text and "map it" not in text


def test_suspects_are_never_to_be_mapped():
    finding = agent_guard.Finding("Ref", "codes", "holds codes")
    text = agent_guard.suspects_message("export.csv", None, [finding])
    assert "export.csv" in text and "'Ref'" in text and "ignore list" in text
    assert "Map it" not in text and "map it" not in text.lower().replace("mapped", "")
