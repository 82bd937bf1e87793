"""`governance lint` as interfaces.md describes it: TEXT or --file (one text per line), exit 1
when anything is flagged, 0 when clean, 2 for bad input; json: a list of {text, findings}."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest

from governance import cli


def lint(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["lint", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("coach John on his tone", 1),
        ("remove agent Maria from our account", 1),
        ("the vendor will hire 10 agents for the peak", 0),
        ("terminate the contract", 0),
        ("Vendor to present a staffing plan that restores service level by June", 0),
    ],
)
def test_exit_status_says_whether_anything_was_flagged(capsys, text, code):
    assert lint(capsys, text)[0] == code


def test_text_output_names_the_family_the_words_the_risk_and_a_rewording(capsys):
    code, out, _ = lint(capsys, "coach John on his tone")
    assert code == 1
    assert 'discipline or coaching of a person: "coach John" (characters 0-10)' in out
    assert "risk: Coaching, warning or disciplining an individual" in out
    assert "instead: Vendor to submit a QA remediation plan for <program>." in out
    assert out.rstrip().endswith("1 of 1 text flagged (1 finding).")


def test_a_clean_text_says_so(capsys):
    code, out, _ = lint(capsys, "terminate the contract")
    assert (code, out) == (0, "No risky wording found (1 text checked).\n")


def test_json_is_a_list_of_text_and_findings(capsys):
    code, out, _ = lint(capsys, "Priya's AHT is too high", "--format", "json")
    assert code == 1
    (doc,) = json.loads(out)
    assert doc["text"] == "Priya's AHT is too high"
    (finding,) = doc["findings"]
    assert set(finding) >= {"family", "span", "explanation", "suggestion"}
    assert finding["family"] == "named_performance"
    assert finding["span"] == [0, 11]
    assert doc["text"][slice(*finding["span"])] == finding["matched"] == "Priya's AHT"
    assert finding["suggestion"] == "AHT on <program>, <site> is above target."


def test_file_checks_one_text_per_line_and_keeps_blank_lines_in_place(tmp_path, capsys):
    path = tmp_path / "minutes.txt"
    path.write_text(
        "\ufeffterminate the contract\n\napprove her PTO\nlet him go\n", encoding="utf-8"
    )
    code, out, _ = lint(capsys, "--file", str(path), "--format", "json")
    assert code == 1
    docs = json.loads(out)
    assert [d["text"] for d in docs] == [
        "terminate the contract",
        "",
        "approve her PTO",
        "let him go",
    ]
    assert [[f["family"] for f in d["findings"]] for d in docs] == [
        [],
        [],
        ["scheduling"],
        ["hiring_firing"],
    ]
    code, out, _ = lint(capsys, "--file", str(path))
    assert "line 3: approve her PTO" in out and "line 4: let him go" in out
    assert out.rstrip().endswith("2 of 3 texts flagged (2 findings).")


def test_a_clean_file_exits_0(tmp_path, capsys):
    path = tmp_path / "clean.txt"
    path.write_text("terminate the contract\nVendor to cover the interval gap\n")
    code, out, _ = lint(capsys, "--file", str(path), "--format", "json")
    assert code == 0
    assert all(d["findings"] == [] for d in json.loads(out))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--file", "nope.txt"], "governance: Cannot read nope.txt: no such file.\n"),
        (["   "], "governance: Nothing to check: give a TEXT or --file FILE.\n"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = lint(capsys, *args)
    assert (code, out, err) == (2, "", message)


def test_a_file_that_is_not_text_exits_2(tmp_path, capsys):
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK\x03\x04\xff\xfe\x00binary")
    code, _, err = lint(capsys, "--file", str(path))
    assert code == 2 and "is not UTF-8 text" in err


def test_neither_text_nor_file_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["lint"])
    assert info.value.code == 2
    assert "one of the arguments TEXT --file is required" in capsys.readouterr().err


def test_text_and_file_together_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["lint", "coach John", "--file", str(tmp_path / "x.txt")])
    assert info.value.code == 2


def test_a_tuned_rules_file_can_be_tried_and_a_broken_one_is_refused(tmp_path, capsys):
    text = resources.files("governance.workflow.rules").joinpath("wording.toml").read_text("utf-8")
    tuned = tmp_path / "tuned.toml"
    # local slang: "crew" for the vendor's front-line staff, so "our crew" is integration language
    tuned.write_text(text.replace('    "agent", "rep",', '    "crew", "agent", "rep",', 1), "utf-8")
    assert lint(capsys, "our crew in Manila")[0] == 0
    assert lint(capsys, "our crew in Manila", "--rules", str(tuned))[0] == 1
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("[families.pay]", "[families.perks]", 1), encoding="utf-8")
    code, _, err = lint(capsys, "our crew", "--rules", str(broken))
    assert code == 2
    assert "unknown family 'perks'" in err and len(err.strip().splitlines()) == 1


def test_db_is_accepted_and_no_database_is_created(tmp_path, capsys):
    path = tmp_path / "somewhere" / "governance.duckdb"
    assert lint(capsys, "terminate the contract", "--db", str(path))[0] == 0
    assert not path.exists()


def test_help_explains_the_command(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["lint", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for words in ("co-employment", "--file FILE", "--format {text,json}", "--db PATH", "Exit"):
        assert words in out


def test_stdin_and_the_installed_module_work_end_to_end():
    done = subprocess.run(
        [sys.executable, "-m", "governance", "lint", "--file", "-", "--format", "json"],
        input="give the agents a bonus\nterminate the contract\n",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    docs = json.loads(done.stdout)
    assert [len(d["findings"]) for d in docs] == [1, 0]
    assert docs[0]["findings"][0]["family"] == "pay"
