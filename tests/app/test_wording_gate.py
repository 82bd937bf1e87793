"""The wording gate (governance/ui/wording.py) that pages put in front of a save."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _gate_script():
    import streamlit as st

    from governance.ui import wording

    text = st.text_area("Description", key="desc")
    root = st.text_input("Root cause", key="root")
    known = st.session_state.get("known")
    gate = wording.findings_gate(
        {"Description": text, "Root cause": root}, key="ack", not_people=known
    )
    st.text(f"ok_to_save={gate.ok_to_save}")
    st.session_state["record"] = gate.record


def run(desc: str, root: str = "", known=()) -> AppTest:
    at = AppTest.from_function(_gate_script, default_timeout=30)
    at.session_state["known"] = list(known)
    at.run()
    at.text_area(key="desc").input(desc)
    at.text_input(key="root").input(root)
    at.run()
    return at


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_clean_text_passes_without_a_word():
    at = run("Vendor to cover the 18:00-22:00 interval gap by 1 June")
    assert not at.exception, at.exception
    assert "ok_to_save=True" in texts(at)
    assert not at.warning and not at.checkbox
    assert at.session_state["record"] is None


def test_risky_text_shows_each_finding_and_waits_for_an_acknowledgement():
    at = run("coach John on his tone", root="Priya's AHT is too high")
    assert not at.exception, at.exception
    assert "ok_to_save=False" in texts(at)
    body = " ".join(w.value for w in at.warning)
    assert "2 phrases" in body
    assert "discipline or coaching of a person" in body
    assert "a named person beside a performance term" in body
    assert "Vendor to submit a QA remediation plan for \\<program\\>" in body  # shown as written
    assert "In Description: “coach John”" in texts(at)
    assert "In Root cause: “Priya's AHT”" in texts(at)
    box = at.checkbox(key="ack")
    assert box.label.startswith("Save anyway — I acknowledge the co-employment risk")
    assert box.value is False


def test_ticking_the_acknowledgement_allows_saving_and_records_the_findings():
    at = run("coach John on his tone")
    at.checkbox(key="ack").check().run()
    assert "ok_to_save=True" in texts(at)
    record = at.session_state["record"]
    assert record["acknowledged"] is True and record["families"] == ["discipline"]
    assert record["findings"][0]["field"] == "Description"
    assert record["findings"][0]["matched"] == "coach John"


def test_changed_findings_need_a_fresh_acknowledgement():
    at = run("coach John on his tone")
    at.checkbox(key="ack").check().run()
    at.text_area(key="desc").input("coach John on his tone and give the agents a bonus").run()
    assert "ok_to_save=False" in texts(at)
    assert at.checkbox(key="ack").value is False
    at.text_area(key="desc").input("Vendor to submit a QA remediation plan").run()
    assert "ok_to_save=True" in texts(at) and not at.checkbox


def test_user_text_is_never_rendered_as_markdown():
    risky = "remove agent #4471 from our account [details](https://evil.example) <b>now</b>"
    at = run(risky)
    assert not at.exception, at.exception
    # The matched words appear as plain text; nothing the user typed reaches Markdown.
    assert "In Description: “remove agent #4471”" in texts(at)
    shown = [m.value for m in at.markdown] + [w.value for w in at.warning]
    assert not any("4471" in s or "evil.example" in s or "<b>" in s for s in shown)


def test_known_names_are_not_read_as_people():
    assert "ok_to_save=False" in texts(run("Crestline's AHT is above target"))
    assert "ok_to_save=True" in texts(run("Crestline's AHT is above target", known=["Crestline"]))
