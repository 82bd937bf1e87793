"""Text that can rewrite what a terminal or a reader sees (ESC/OSC/BEL sequences, bidirectional
overrides) is refused where it enters, naming the character, and nothing is stored."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest

from governance.access import records, vendors
from governance.access.actors import Actor
from governance.errors import InvalidInput
from governance.workflow import meetings

ADMIN = Actor("ada@client.example", "admin")
HOSTILE = [
    ("Alpha\x1b[2J Care", "ESC (U+001B) at position 6"),
    ("Alpha \x1b]0;pwned\x07Care", "ESC (U+001B) at position 7"),
    ("Alpha\x07Care", "BEL (U+0007)"),
    ("Care\u202egnp.exe", "RIGHT-TO-LEFT OVERRIDE (U+202E) at position 5"),
    ("Care\u2066isolate\u2069", "LEFT-TO-RIGHT ISOLATE (U+2066)"),
    ("nul\x00byte", "NUL (U+0000)"),
]


@pytest.mark.parametrize(("text", "named"), HOSTILE)
def test_a_vendor_name_with_a_disguising_character_is_refused(con, text, named):
    with pytest.raises(InvalidInput, match="disguise text") as refused:
        vendors.add_vendors(con, ADMIN, [text])
    assert named in str(refused.value)
    assert con.execute("SELECT count(*) FROM vendors").fetchone()[0] == 0


@pytest.mark.parametrize(("text", "named"), HOSTILE)
def test_free_text_with_a_disguising_character_is_refused(con, text, named):
    vendors.add_vendors(con, ADMIN, ["Alpha Care"])
    with pytest.raises(InvalidInput, match=re.escape(named.split(" at ")[0])):
        meetings.create_meeting(
            con,
            ADMIN,
            vendor="Alpha Care",
            kind="MBR",
            meeting_date=date(2026, 10, 8),
            title="October MBR",
            minutes=text,
        )
    assert con.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_line_breaks_and_tabs_are_text_not_tricks():
    assert records.optional_text("Agenda:\n\t1. Service level\r\n\t2. Staffing plan")
    assert records.required_text("Two\nlines", "A title") == "Two lines"


def test_the_command_line_refuses_it_with_exit_2_and_never_echoes_it_raw(db_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "governance",
            "vendors",
            "add",
            "Evil\x1b]0;x\x07Co",
            "--db",
            str(db_path),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2, proc.stderr
    assert "ESC (U+001B)" in proc.stderr
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
