"""Streamlit widgets for the co-employment wording check.

Before a page saves free text, put the text through the gate; it shows each finding (family,
the words matched, the risk, an outcome-based rewording) and an explicit "save anyway"
acknowledgement. Nothing is blocked silently: the user rewrites, or acknowledges and saves, and
the acknowledgement goes into the audit record::

    gate = wording.findings_gate({"Description": description}, key="escalation_wording")
    if st.button("Save", disabled=not gate.ok_to_save):
        escalations.raise_escalation(..., )  # put gate.record into the audit ``after`` payload

User text is shown with ``st.text`` (never rendered as Markdown or HTML).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import streamlit as st

from governance.errors import GovernanceError
from governance.store import db, queries
from governance.ui import session
from governance.workflow import wording

ACKNOWLEDGE = "Save anyway — I acknowledge the co-employment risk"
TTL = 60

_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:")


@dataclass(frozen=True)
class Gate:
    """The gate's answer: may the page save, and which findings the user acknowledged."""

    ok_to_save: bool
    acknowledged: list[wording.Finding] = field(default_factory=list)
    findings: list[wording.Finding] = field(default_factory=list)

    @property
    def record(self) -> dict | None:
        """The JSON-ready acknowledgement for the audit trail, or None when nothing was flagged."""
        return wording.acknowledgement(self.acknowledged) if self.acknowledged else None


def findings_gate(
    fields: dict[str, str | None], key: str, *, not_people: list[str] | None = None
) -> Gate:
    """Check ``fields`` (label → text) and show what was found.

    No findings: nothing is drawn and saving may proceed. Findings: a warning per finding and an
    acknowledgement checkbox keyed by ``key``; saving may proceed once it is ticked. A changed
    set of findings (the user edited the text) needs a fresh tick. ``not_people``: names that
    are never people (default: the vendor, site and program names in the database).
    """
    if not_people is None:
        not_people = known_names(session.db_path())
    findings = wording.check_fields(fields, not_people=not_people)
    signature_key = f"{key}__findings"
    if not findings:
        st.session_state.pop(signature_key, None)
        return Gate(ok_to_save=True)
    signature = _signature(findings)
    if st.session_state.get(signature_key) != signature:
        st.session_state[key] = False  # new or different findings: acknowledge them afresh
        st.session_state[signature_key] = signature

    n = len(findings)
    st.warning(
        f"**Co-employment wording:** {n} phrase{'s' if n != 1 else ''} below direct or evaluate "
        "individual vendor staff. Rewrite as an outcome for the vendor to deliver, or save anyway "
        "with the acknowledgement below (it is recorded in the audit log).",
        icon=":material/gpp_maybe:",
    )
    for f in findings:
        with st.container(border=True):
            st.warning(
                f"**{_md(f.label)}**: {_md(f.explanation)}  \n**Instead:** {_md(f.suggestion)}",
                icon=":material/warning:",
            )
            st.text(f"In {f.field}: “{f.text}”")
    acknowledged = st.checkbox(
        ACKNOWLEDGE,
        key=key,
        help="Ticking this saves the text as written and records the findings you acknowledged.",
    )
    return Gate(
        ok_to_save=acknowledged, acknowledged=findings if acknowledged else [], findings=findings
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def known_names(path: str) -> list[str]:
    """Vendor, site and program names: never read as a person's name."""
    try:
        with db.connect(path, migrate_schema=False) as con:
            return queries.wording_known_names(con)
    except (duckdb.Error, GovernanceError):
        return []


@st.cache_data(ttl=TTL, show_spinner="Screening stored text…")
def oversight_report(path: str) -> pd.DataFrame:
    """The Oversight report: every finding in stored free text (``wording.scan_stored_text``)."""
    with db.connect(path, migrate_schema=False) as con:
        return wording.scan_stored_text(con)


def _signature(findings: list[wording.Finding]) -> str:
    raw = "|".join(f"{f.field}:{f.rule}:{f.span[0]}:{f.span[1]}:{f.text}" for f in findings)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _md(text: str) -> str:
    """Text from the rules file, escaped so Markdown shows it as written (e.g. "<program>")."""
    return "".join("\\" + c if c in _MARKDOWN_SPECIALS else c for c in str(text))
