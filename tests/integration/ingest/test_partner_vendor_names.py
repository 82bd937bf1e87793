"""A vendor partner's file that names other vendors learns nothing about the registry: a
registered vendor and a name nobody registered are refused in the same words."""

from __future__ import annotations

from datetime import date

import pytest

from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import importer, profiles
from governance.store import db

OWN, REGISTERED, UNKNOWN = "Acme Care", "Bluebird BPO", "Nobody Registered Ltd"
PARTNER = Actor("pat@acme.example", "vendor_partner", vendor=OWN)
PROFILE = profiles.parse(
    '[columns]\ndate = "Day"\nvendor = "Provider"\nprogram = "LOB"\noffered = "Offered"\n'
    'answered = "Handled"\n'
)


@pytest.fixture
def registered(db_path):
    with db.connect(db_path) as con:
        vendors.add_vendors(con, Actor("root@client.example", "admin"), [OWN, REGISTERED])
    return db_path


def _refusal(db_path, tmp_path, other: str, rows: int) -> list[str]:
    # The other vendor's rows come first (taking the single pass as far as it goes) or alone.
    lines = ["Day,Provider,LOB,Offered,Handled"]
    lines += [f"2026-10-{d:02d},{other},Billing,100,90" for d in range(1, rows + 1)]
    lines += [f"2026-10-{d:02d},{OWN},Billing,100,90" for d in range(1, 4)]
    path = tmp_path / f"{len(other)}_{rows}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with db.connect(db_path, migrate_schema=False) as con:
        result = importer.run(
            con, PARTNER, path, file_name="export.csv", profile=PROFILE, today=date(2026, 11, 1)
        )
        assert con.execute("SELECT count(*) FROM kpi_facts").fetchone() == (0,)
    assert result.status == "rejected"
    # The name itself is the only difference a message may show: the rest must be identical.
    return [e.text().replace(other, "<name>") for e in result.errors]


@pytest.mark.parametrize("rows", [1, 25])  # listed row by row, and counted past the listing
def test_a_registered_and_an_unregistered_vendor_get_the_same_refusal(registered, tmp_path, rows):
    known = _refusal(registered, tmp_path, REGISTERED, rows)
    unknown = _refusal(registered, tmp_path, UNKNOWN, rows)
    assert known == unknown
    assert all("registered" not in text for text in known)
    assert f"belongs to another vendor than {OWN}" in known[0]
