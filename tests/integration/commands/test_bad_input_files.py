"""Files a command is given that are not what it needs are bad input (exit 2, one line naming the
file), never an internal error: a binary file as a contracts file or a profile, a directory, a
profile whose numbers are not numbers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from governance.errors import InvalidInput
from governance.ingest import profiles

CONTACT = """
shape = "contact"
[columns]
date = "Contact Date"
[contact]
satisfaction = {{ column = "Satisfaction (1-5)", scale = {scale}, top_box = 2 }}
"""


def _governance(*argv) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "governance", *argv], capture_output=True, text=True
    )


@pytest.fixture
def binary(tmp_path):
    path = tmp_path / "contracts.toml"
    path.write_bytes(b"\x00\x01\x02 binary \xff\xfe")
    return path


def test_a_binary_contracts_file_is_bad_input(db_path, binary, tmp_path):
    for target, says in ((binary, "not UTF-8 text"), (tmp_path, "it is a directory")):
        proc = _governance("contracts", "load", str(target), "--db", str(db_path))
        assert proc.returncode == 2, proc.stderr
        assert says in proc.stderr and str(target) in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_a_binary_profile_is_bad_input(db_path, binary, tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("Date,Offered\n2026-10-01,5\n")
    _governance("vendors", "add", "Acme Care", "--db", str(db_path))
    proc = _governance(
        "import",
        str(data),
        "--vendor",
        "Acme Care",
        "--profile",
        str(binary),
        "--db",
        str(db_path),
    )
    assert proc.returncode == 2, proc.stderr
    assert "Cannot read the profile" in proc.stderr and "not UTF-8 text" in proc.stderr


@pytest.mark.parametrize("scale", ['"x"', "true", "2.5", "[5]"])
def test_a_profile_number_that_is_not_a_whole_number_is_refused(scale):
    with pytest.raises(InvalidInput, match="scale must be a whole number"):
        profiles.parse(CONTACT.format(scale=scale))
    assert profiles.parse(CONTACT.format(scale="5")) is not None
