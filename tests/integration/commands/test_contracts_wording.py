"""`contracts load` and the co-employment wording check on amendment reasons: a risky reason
rejects the file (exit 2, the findings and how to acknowledge them on stderr, nothing written);
`--acknowledge-wording` stores it, prints what it acknowledged and audits the acknowledgement."""

from __future__ import annotations

import json

import pytest

from governance import cli
from governance.access import audit, records, vendors
from governance.access.actors import Actor
from governance.store import db, queries

ADMIN = Actor("fixture", "admin")
RISKY = "Approve overtime for Sipho and Thandi during the peak"
FILE = """
[[contract]]
vendor = "Crestline"
name = "MSA"
start = 2026-01-01
pricing = "per_contact"

[[contract.target]]
kpi = "service_level"
expected = 0.8
minimum = 0.75
weight = 100

[[contract.amendment]]
effective_from = 2026-07-01
approved_by = "VMO lead"
reason = "{reason}"

[[contract.amendment.targets]]
kpi = "service_level"
expected = 0.85
"""


@pytest.fixture
def setup(tmp_path):
    path = tmp_path / "g.duckdb"
    with db.connect(path) as con:
        vendors.add_vendors(con, ADMIN, ["Crestline"])
    return path, tmp_path


def load(capsys, path, file, *extra) -> tuple[int, str, str]:
    code = cli.main(["contracts", "load", str(file), "--db", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_risky_reason_rejects_the_file_and_says_how_to_acknowledge(setup, capsys):
    path, tmp = setup
    file = tmp / "contracts.toml"
    file.write_text(FILE.format(reason=RISKY), encoding="utf-8")
    code, out, err = load(capsys, path, file)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "\u201cApprove overtime for Sipho and Thandi\u201d" in err
    assert "scheduling or time off of a person" in err
    assert "--acknowledge-wording" in err
    with db.connect(path) as con:
        assert queries.contracts(con).empty


def test_acknowledge_wording_stores_the_reason_and_audits_the_acknowledgement(setup, capsys):
    path, tmp = setup
    file = tmp / "contracts.toml"
    file.write_text(FILE.format(reason=RISKY), encoding="utf-8")
    code, out, err = load(capsys, path, file, "--acknowledge-wording")
    assert code == 0, err
    assert out.strip() == "created: Crestline — MSA"
    assert "Acknowledged 1 co-employment wording finding" in err
    assert "\u201cApprove overtime for Sipho and Thandi\u201d" in err
    with db.connect(path) as con:
        events = audit.events(con, action="contract.amend", actor=ADMIN)
        (after,) = events["after"]
        after = json.loads(after) if isinstance(after, str) else after
        acknowledged = after[records.WORDING_KEY]
        assert acknowledged["acknowledged"] is True
        assert [f["matched"] for f in acknowledged["findings"]] == [
            "Approve overtime for Sipho and Thandi"
        ]


def test_a_clean_file_loads_with_or_without_the_flag(setup, capsys):
    path, tmp = setup
    file = tmp / "contracts.toml"
    file.write_text(FILE.format(reason="Peak season: service level target raised"), "utf-8")
    code, out, err = load(capsys, path, file, "--acknowledge-wording")
    assert code == 0 and "Acknowledged" not in err
    assert load(capsys, path, file)[:2] == (0, "unchanged: Crestline — MSA\n")
