"""Cached reads and table styling for the Vendor scorecard, Contracts and Portfolio pages."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from governance import contracts
from governance.contracts import excused, lines, rate_editor
from governance.contracts.spec import BANDINGS, EXCUSABLE_DEFAULT
from governance.errors import GovernanceError
from governance.kpis import catalogue, periods, privacy
from governance.kpis.catalogue import CHANNELS
from governance.kpis.frames import format_value
from governance.scoring import disputes, portfolio, presentation, published, ratchet, scorecard
from governance.scoring import vendor_view as views
from governance.store import db, queries
from governance.ui import session, tables
from governance.ui import wording as wording_ui
from governance.ui.data import TTL
from governance.ui.text import plain


def _con(path: str):
    return db.connect(path, migrate_schema=False)


@st.cache_data(ttl=TTL, show_spinner="Scoring…")
def vendor_view(path: str, vendor: str, period: str, program: str | None):
    """``views.vendor_view`` for the page, cached."""
    with _con(path) as con:
        return views.vendor_view(con, vendor, period, program)


def shown_view(path: str, vendor: str, period: str, program: str | None):
    """``vendor_view`` as the page shows it: small cells suppressed (``privacy.suppress_view``),
    cached with the small-cell threshold in force as part of the key."""
    return _shown_view(path, vendor, period, program, privacy.threshold())


@st.cache_data(ttl=TTL, show_spinner="Scoring…")
def _shown_view(path: str, vendor: str, period: str, program: str | None, k: int):
    return privacy.suppress_view(vendor_view(path, vendor, period, program), k)


@st.cache_data(ttl=TTL, show_spinner=False)
def sl_mismatch(path: str, vendor: str, contract: str, first: date, last: date) -> str | None:
    """``portfolio.sl_mismatch`` against the threshold of the vendor's contract named
    ``contract``: a warning when the vendor's files counted service level at another one."""
    with _con(path) as con:
        found = queries.contracts(con, [vendor])
        row = found[found["name"] == contract]
        if row.empty:
            return None
        seconds = int(row.iloc[-1]["sl_threshold_seconds"])
        return portfolio.sl_mismatch(con, vendor, first, last, seconds)


@st.cache_data(ttl=TTL, show_spinner=False)
def breakdown(path: str, vendor: str, period: str, by: str) -> pd.DataFrame:
    """The vendor scorecard's KPIs by program, site or channel, as a status-and-value table."""
    with _con(path) as con:
        return presentation.breakdown_table(scorecard.breakdown(con, vendor, period, by), by)


@st.cache_data(ttl=TTL, show_spinner=False)
def contract_list(path: str) -> pd.DataFrame:
    """Every contract with its vendor."""
    with _con(path) as con:
        return queries.contracts(con)


NO_CONTRACT = "no contract yet"


@st.cache_data(ttl=TTL, show_spinner=False)
def vendor_choices(path: str) -> tuple[list[str], list[str]]:
    """Every vendor the session may see, by name, and those of them that have a contract."""
    with _con(path) as con:
        names = queries.vendor_names(con)
        contracted = sorted(set(queries.contracts(con)["vendor"]))
    return names, contracted


def vendor_label(contracted: list[str]):
    """A picker's ``format_func``: a vendor without a contract reads "Name — no contract yet"."""
    have = set(contracted)
    return lambda name: name if name in have else f"{name} — {NO_CONTRACT}"


def default_vendor(names: list[str], contracted: list[str], wanted: str | None) -> str:
    """The vendor a picker opens on: ``wanted`` (the sidebar's, or one asked for) when it is
    listed, else the first with a contract, else the first."""
    if wanted in names:
        return wanted
    return next((n for n in names if n in set(contracted)), names[0])


@st.cache_data(ttl=TTL, show_spinner=False)
def contract_detail(path: str, contract_id: int) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """A contract's terms (as in the contracts file), its target history and its amendments."""
    with _con(path) as con:
        return (
            contracts.contract_spec(con, contract_id),
            contracts.history_table(con, contract_id),
            contracts.amendment_table(con, contract_id),
        )


@st.cache_data(ttl=TTL, show_spinner=False)
def editor_table(path: str, contract_id: int, on: date) -> pd.DataFrame:
    """The targets in force on ``on`` as the amendment editor shows them (names, units)."""
    with _con(path) as con:
        return contracts.editor_table(con, contract_id, on)


@st.cache_data(ttl=TTL, show_spinner=False)
def rate_table(path: str, contract_id: int, on: date) -> pd.DataFrame:
    """The rates in force on ``on`` as the amendment's rate editor shows them."""
    with _con(path) as con:
        return rate_editor.rate_table(con, contract_id, on)


@st.cache_data(ttl=TTL, show_spinner=False)
def rate_history(path: str, contract_id: int) -> pd.DataFrame:
    """Every rate version of a contract, for reading."""
    with _con(path) as con:
        return rate_editor.rate_history(con, contract_id)


BANDS_NOTE = (
    "Bands: from that many units a month, that price (1,000: 0.80; 5,000: 0.70); graduated prices "
    "each band's units at its price, all units prices every unit at the band the month reaches."
)


def rate_editor_columns() -> dict:
    """Column formats of the rate card's editor (``rate_editor.rate_table``)."""
    return {
        "Unit": st.column_config.SelectboxColumn(
            "Unit", options=list(rate_editor.UNIT_WORDS.values()), required=True
        ),
        "Program": st.column_config.TextColumn("Program", help="Blank: every program"),
        "Channel": st.column_config.SelectboxColumn(
            "Channel", options=list(CHANNELS), help="Blank: every channel"
        ),
        "Price": st.column_config.TextColumn("Price", help="Per unit, e.g. 0.85"),
        "Bands": st.column_config.TextColumn("Bands", help="e.g. 1000: 0.80; 5000: 0.70"),
        "Banding": st.column_config.SelectboxColumn("Banding", options=list(BANDINGS)),
        "Minimum monthly": st.column_config.TextColumn(
            "Minimum monthly", help="The least billed in a month for this rate (optional)"
        ),
    }


@st.cache_data(ttl=TTL, show_spinner=False)
def export_text(path: str, vendor: str | None) -> str:
    with _con(path) as con:
        return contracts.export_toml(con, [vendor] if vendor else None)


def styled(table: pd.DataFrame, statuses: pd.Series, column: str = "Status"):
    """The table with its status column filled in the status's colour-blind-safe colour."""
    colours = [presentation.STATUS_STYLES[s] for s in statuses]

    def fill(col: pd.Series) -> list[str]:
        if col.name != column:
            return [""] * len(col)
        return [f"background-color: {c.colour}; color: {c.text_colour}" for c in colours]

    return table.style.apply(fill, axis=0)


def status_key() -> str:
    """A one-line legend of the statuses (symbols and words, never colour alone)."""
    return (
        " · ".join(f"**{s.symbol} {s.label}**" for s in presentation.STATUS_STYLES.values())
        + " — met: at or better than expected; below target: between the worse limit and "
        "expected; default: past the worse limit (≥ marks a floor, ≤ a ceiling); no data: not "
        "scored."
    )


EDITOR_ORDER = [c for c in contracts.TABLE_COLUMNS if c != "target_id"]  # the id stays hidden
EDITOR_CAPTION = (
    "One row per target in force on that day. Levels are in each KPI's own unit (the Unit "
    "column): 85 means 85 % for a rate, seconds for times. The worse limit is the level past "
    "which a target is in default: a floor when higher is better, a ceiling when lower is "
    "better. Change levels, weights, tiers or allocations; add a row for a new target; delete a "
    "row to retire a target."
)


def editor_columns() -> dict:
    """Column formats of the targets editor (``contracts.editor_table``)."""
    return {
        "KPI": st.column_config.SelectboxColumn(
            "KPI", options=list(lines.KPI_NAMES), required=True, width=180
        ),
        "Program": st.column_config.TextColumn(
            "Program", help="Blank: the whole contract", width="small"
        ),
        "Channel": st.column_config.SelectboxColumn(
            "Channel", options=list(CHANNELS), help="Blank: every channel", width="small"
        ),
        "Better": st.column_config.TextColumn(
            "Better when", help="Which way the KPI is better", width=115
        ),
        "Unit": st.column_config.TextColumn(
            "Unit", help="The unit the levels are written in", width=50
        ),
        "Expected": st.column_config.NumberColumn(
            "Expected", format="%.6g", required=True, help=lines.EXPECTED_HELP, width=95
        ),
        "Worse limit": st.column_config.NumberColumn(
            "Worse limit", format="%.6g", required=True, help=lines.LIMIT_HELP, width=110
        ),
        "Weight": st.column_config.NumberColumn(
            "Weight",
            min_value=0,
            format="%g",
            help="Share of the weighted score; totals 100",
            width="small",
        ),
        "Tier": st.column_config.SelectboxColumn(
            "Tier",
            options=list(contracts.TIERS),
            help="critical: a default can earn a service credit; key: scored, no credit",
        ),
        "Allocation %": st.column_config.NumberColumn(
            "Credit allocation %",
            min_value=0,
            format="%g",
            help="For a critical target: the share of the at-risk amount a default costs",
        ),
        "Category %": st.column_config.NumberColumn(
            "Category share %",
            min_value=0,
            max_value=100,
            format="%g",
            help="Optional: a further share (credit = category % × allocation % × at risk)",
        ),
        "Window": st.column_config.SelectboxColumn(
            "Window",
            options=list(contracts.WINDOWS),
            help="Measured per month or per quarter",
            width="small",
        ),
    }


@st.cache_data(ttl=TTL, show_spinner=False)
def last_day(path: str) -> date | None:
    """The last day with KPI facts (None when there are none)."""
    with _con(path) as con:
        return queries.fact_date_range(con)[1]


def credit_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The Portfolio credits table as shown: without its currency column when no contract in it
    states a currency (the amounts then read as before, without a code)."""
    if table["currency"].notna().any():
        return table
    return table.drop(columns="currency")


def credit_columns(label: str) -> dict:
    """Column formats of the Portfolio credits table (money, in the row's currency)."""
    money = "%,.2f"
    return {
        "vendor": st.column_config.TextColumn("Vendor"),
        "currency": st.column_config.TextColumn(
            "Currency", help="The contract's currency (blank: the contract states none)"
        ),
        "month_total": st.column_config.NumberColumn(f"Credits {label}", format=money),
        "ytd_total": st.column_config.NumberColumn("Year to date", format=money),
        "ytd_pending_earn_back": st.column_config.NumberColumn(
            "YTD pending earn-back", format=money
        ),
        "ytd_earned_back": st.column_config.NumberColumn("YTD earned back", format=money),
        "ytd_final": st.column_config.NumberColumn("YTD final", format=money),
    }


@st.cache_data(ttl=TTL, show_spinner=False)
def publication_versions(path: str, vendor: str, period: str) -> pd.DataFrame:
    """Every published version of the vendor's scorecards for the period, newest first."""
    with _con(path) as con:
        found = published.versions(con, vendor, period)
    return pd.DataFrame(
        {
            "Version": [p.version for p in found],
            "Published": [f"{p.published_at:%d %b %Y %H:%M} UTC" for p in found],
            "By": [p.published_by for p in found],
            "Reason": [p.reason or "" for p in found],
        }
    )


def publication_panel(vendor: str, card: dict, period: str) -> None:
    """Whether the scorecard shown is published (and changed since), with Publish and
    Republish for the roles that may publish."""
    words = presentation.publication_words(card)
    if card.get("published_version") is None:
        st.caption(f":material/edit_note: {words}")
    elif card.get("changed"):
        st.warning(words, icon=":material/history:")
    else:
        st.success(words, icon=":material/verified:")
    actor = session.actor()
    if not actor.may("scorecards.publish"):
        return
    shown = periods.label(period)
    if card.get("published_version") is None:
        if st.button(
            f"Publish {vendor}'s scorecards for {shown}",
            key="scorecard_publish",
            help="Freeze every line, score and credit of this period as the vendor's record: "
            "later restatements and amendments are shown beside it, never written over it.",
        ):
            _publish(vendor, period, reason=None, republish=False, acknowledged=None)
        return
    with st.expander("Versions and republishing"):
        history = publication_versions(session.db_path(), vendor, period)
        st.dataframe(history, hide_index=True, width="stretch", key="scorecard_versions")
        reason = st.text_area(
            "Reason for republishing",
            key="scorecard_republish_reason",
            max_chars=published.MAX_REASON,
            placeholder="e.g. The vendor restated October's file on 3 Dec",
        )
        gate = wording_ui.findings_gate({"Reason": reason}, key="scorecard_republish_wording")
        if st.button(
            f"Republish {shown} as version {int(card['published_version']) + 1}",
            key="scorecard_republish",
            disabled=not gate.ok_to_save,
        ):
            _publish(vendor, period, reason=reason, republish=True, acknowledged=gate.record)


def _publish(vendor, period, *, reason, republish, acknowledged) -> None:
    try:
        with session.connection() as con:
            done = published.publish(
                con,
                session.actor(),
                period,
                [vendor],
                reason=reason,
                republish=republish,
                acknowledged=acknowledged,
            )
    except GovernanceError as exc:
        st.error(str(exc))
        return
    session.data_changed()
    st.session_state.pop("scorecard_republish_reason", None)
    st.toast(f"{done[0].describe()}: {vendor}, {periods.label(period)}.")
    st.rerun()


@st.cache_data(ttl=TTL, show_spinner=False)
def dispute_thread(path: str, vendor: str, period: str) -> dict:
    """The vendor's acknowledgements and disputes of its published scorecard for the period."""
    with _con(path) as con:
        return disputes.thread(con, vendor, period)


def _thread_table(found: list[dict]) -> pd.DataFrame:
    """The disputes as people read them: the ruling and its deadline before the long reasons."""
    return pd.DataFrame(
        {
            "#": [d["dispute_id"] for d in found],
            "Line": [
                (d["program"] or "Whole vendor")
                + " · "
                + d["kpi_name"]
                + (f" ({d['channel']})" if d["channel"] else "")
                for d in found
            ],
            "Published": [d["generated_shown"] for d in found],
            "Status": [d["status"].title() + (" — overdue" if d["overdue"] else "") for d in found],
            "Ruling": [
                ""
                if d["status"] == "open"
                else (f"now {d['new_shown']}: " if d["new_shown"] else "") + (d["resolution"] or "")
                for d in found
            ],
            "Resolve by": [_day(d["resolve_by"]) if d["status"] == "open" else "" for d in found],
            "Raised": [_day(d["raised_at"]) for d in found],
            "Vendor's reason": [d["reason"] for d in found],
        }
    )


def _day(d) -> str:
    return f"{d.day} {d:%b %Y}"


def responses_panel(vendor: str, card: dict, period: str, lines: pd.DataFrame) -> None:
    """A published scorecard's thread: the vendor's acknowledgements and disputes and the
    client's rulings; acknowledge and dispute for the vendor's side, rule for the client's."""
    if card.get("published_version") is None:
        return
    path = session.db_path()
    found = dispute_thread(path, vendor, period)
    st.subheader("The vendor's response")
    acks = found["acknowledgements"]
    if acks:
        last = acks[-1]
        st.caption(
            f":material/task_alt: Acknowledged (version {last['version']}) on "
            f"{_day(last['acknowledged_at'])} by {last['acknowledged_by']}"
            + (f": {last['note']}" if last["note"] else ".")
        )
    if found["disputes"]:
        table = _thread_table(found["disputes"])
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            height=tables.rows_height(len(table)),
            key="scorecard_disputes",
        )
        for d in found["disputes"]:
            if d["evidence_name"]:
                _evidence_button(d)
    elif not acks:
        st.caption("No acknowledgement or dispute yet.")
    actor = session.actor()
    if actor.may("scorecards.respond") and actor.vendor in (None, vendor):
        _respond(vendor, period, lines)
    if actor.may("scorecards.publish"):
        for d in found["disputes"]:
            if d["status"] == "open":
                _rule(d, lines)


def _evidence_button(d: dict) -> None:
    try:
        with session.connection() as con:
            name, data = disputes.evidence(con, session.actor(), d["dispute_id"])
    except GovernanceError:
        return
    if data:
        st.download_button(
            f"Evidence of dispute #{d['dispute_id']}: {name}",
            data,
            file_name=name,
            key=f"scorecard_evidence_{d['dispute_id']}",
            icon=":material/attach_file:",
        )


def _line_options(lines: pd.DataFrame) -> dict[str, tuple[str, str | None]]:
    out = {}
    for kpi, name, channel in zip(lines["kpi"], lines["kpi_name"], lines["channel"], strict=True):
        channel = None if channel is None or channel != channel else channel
        out[name + (f" ({channel})" if channel else "")] = (kpi, channel)
    return out


def _respond(vendor: str, period: str, lines: pd.DataFrame) -> None:
    shown = periods.label(period)
    program = st.session_state.get("scorecard_program")
    program = None if program in (None, "Whole vendor") else program
    with st.expander(f"Acknowledge or dispute {vendor}'s scorecard for {shown}"):
        note = st.text_input("Note (optional)", key="scorecard_ack_note", max_chars=2000)
        gate = wording_ui.findings_gate({"Note": note}, key="scorecard_ack_wording")
        if st.button("Acknowledge", key="scorecard_acknowledge", disabled=not gate.ok_to_save):
            _write(
                lambda con: disputes.acknowledge(
                    con, session.actor(), vendor, period, note, acknowledged=gate.record
                ),
                f"Acknowledged {vendor}'s scorecard for {shown}.",
                clear=("scorecard_ack_note",),
            )
        st.divider()
        options = _line_options(lines)
        picked = st.selectbox(
            f"Line to dispute ({program or 'whole vendor'})",
            list(options),
            key="scorecard_dispute_line",
        )
        reason = st.text_area(
            "Why the line is wrong",
            key="scorecard_dispute_reason",
            max_chars=disputes.MAX_TEXT,
            placeholder="e.g. The 14 Nov outage was client-caused (IVR down 3 h)",
        )
        upload = st.file_uploader(
            "Evidence (optional): PDF, PNG, JPEG or text, at most 5 MB",
            type=["pdf", "png", "jpg", "jpeg", "txt"],
            key="scorecard_dispute_evidence",
        )
        gate = wording_ui.findings_gate({"Reason": reason}, key="scorecard_dispute_wording")
        if st.button("Dispute this line", key="scorecard_dispute", disabled=not gate.ok_to_save):
            kpi, channel = options[picked]
            evidence = (upload.name, upload.getvalue()) if upload is not None else None
            _write(
                lambda con: disputes.dispute(
                    con,
                    session.actor(),
                    vendor,
                    period,
                    kpi=kpi,
                    program=program,
                    channel=channel,
                    reason=reason,
                    evidence=evidence,
                    acknowledged=gate.record,
                ),
                f"Disputed {picked} of {vendor}'s scorecard for {shown}.",
                clear=(
                    "scorecard_dispute_reason",
                    "scorecard_dispute_evidence",
                    "scorecard_dispute_wording",
                ),
            )


def _rule(d: dict, lines: pd.DataFrame) -> None:
    key = f"scorecard_rule_{d['dispute_id']}"
    name = d["kpi_name"] + (f" ({d['channel']})" if d["channel"] else "")
    unit = catalogue.kpi(d["kpi"]).unit
    with st.expander(
        f"Rule on dispute #{d['dispute_id']}: {name}, published {d['generated_shown']}"
    ):
        outcome = st.radio(
            "Ruling",
            ["upheld", "rejected"],
            key=f"{key}_outcome",
            horizontal=True,
            format_func=str.title,
        )
        value = None
        if outcome == "upheld":
            start = d["generated_value"] or 0.0
            value = st.number_input(
                "Value the line takes" + (" (%)" if unit == "ratio" else ""),
                value=float(start * 100 if unit == "ratio" else start),
                min_value=0.0,
                max_value=100.0 if unit == "ratio" else None,
                key=f"{key}_value",
            )
        reason = st.text_area("Reason for the ruling", key=f"{key}_reason", max_chars=2000)
        gate = wording_ui.findings_gate({"Reason": reason}, key=f"{key}_wording")
        if st.button("Record the ruling", key=f"{key}_save", disabled=not gate.ok_to_save):
            stored = None if value is None else (value / 100 if unit == "ratio" else value)
            _write(
                lambda con: disputes.resolve(
                    con,
                    session.actor(),
                    d["dispute_id"],
                    outcome=outcome,
                    new_value=stored,
                    reason=reason,
                    expected_version=d["version"],
                    acknowledged=gate.record,
                ),
                f"Dispute #{d['dispute_id']} {outcome}.",
                clear=(f"{key}_reason",),
            )


def _write(action, done: str, *, clear: tuple[str, ...] = ()) -> None:
    """Run a write on the unrestricted connection (a partner's answer is its one write here;
    the service checks it acts for its own vendor); an error is shown and nothing typed is lost."""
    try:
        with session.write_connection() as con:
            action(con)
    except GovernanceError as exc:
        st.error(str(exc))
        return
    session.data_changed()
    for k in clear:
        st.session_state.pop(k, None)
    st.toast(done)
    st.rerun()


@st.cache_data(ttl=TTL, show_spinner="Working out the ratchet…")
def ratchet_proposal(path: str, vendor: str, year: int) -> ratchet.Ratchet:
    with _con(path) as con:
        return ratchet.propose(con, vendor, year)


def ratchet_table(found: ratchet.Ratchet) -> pd.DataFrame:
    """The proposals as people read them: the level now, the proposal, then the arithmetic."""
    return pd.DataFrame(
        {
            "KPI": [
                p.kpi_name + "".join(f" · {x}" for x in (p.program, p.channel) if x)
                for p in found.proposals
            ],
            "Expected now": [format_value(p.current, p.unit) for p in found.proposals],
            "Proposed": [
                "no change" if p.proposed is None else format_value(p.proposed, p.unit)
                for p in found.proposals
            ],
            "How": [p.note for p in found.proposals],
        }
    )


def ratchet_section(vendor: str, terms: dict, today: date) -> None:
    """The contract's continuous-improvement clause: next year's proposal, and applying it."""
    clause = terms.get("ratchet")
    if not clause:
        return
    st.subheader("Continuous improvement")
    cap = []
    if clause.get("cap") is not None:
        cap.append(f"at most {clause['cap']:g} points a year for a share")
    if clause.get("cap_seconds") is not None:
        cap.append(f"{clause['cap_seconds']:g} s for a time")
    basis = (
        "the KPI's limit"
        if clause["basis"] == "limit"
        else f"the best {clause['best_months']} months"
    )
    st.caption(
        f"The contract's clause: each year, expected levels move {clause['share']:.0%} of the way "
        f"to {basis} of the last twelve" + (f" ({'; '.join(cap)})" if cap else "") + "."
    )
    year = st.columns([1, 3])[0].selectbox(
        "Year", [today.year + 1, today.year], key="contracts_ratchet_year", format_func=str
    )
    try:
        found = ratchet_proposal(session.db_path(), vendor, int(year))
    except GovernanceError as exc:
        st.info(str(exc))
        return
    table = ratchet_table(found)
    st.dataframe(
        table.drop(columns="How"),
        hide_index=True,
        width="stretch",
        height=tables.rows_height(len(table)),
        key="contracts_ratchet_table",
    )
    with st.expander("The arithmetic"):
        for kpi, how in zip(table["KPI"], table["How"], strict=True):
            st.markdown(f"**{plain(kpi)}.** {plain(how)}")
    if not session.actor().may("contracts.write"):
        return
    approver = st.text_input("Approved by", key="contracts_ratchet_approver")
    if st.button(f"Apply as an amendment from 1 Jan {year}", key="contracts_ratchet_apply"):
        try:
            with session.connection() as con:
                amendment = ratchet.apply(con, session.actor(), found, approved_by=approver)
        except GovernanceError as exc:
            st.error(str(exc))
            return
        session.data_changed()
        st.success(f"Recorded amendment #{amendment}, effective 1 Jan {year}.")


@st.cache_data(ttl=TTL, show_spinner=False)
def excused_events(path: str, vendor: str) -> pd.DataFrame:
    """The vendor's excused events as people read them, newest first."""
    with _con(path) as con:
        found = excused.listing(con, vendor)
    found.sort(key=lambda e: e["date_from"], reverse=True)
    return pd.DataFrame(
        {
            "#": [e["event_id"] for e in found],
            "Days": [excused.span(e["date_from"], e["date_to"]) for e in found],
            "Kind": [excused.KINDS[e["kind"]] for e in found],
            "Scope": [
                ", ".join(x for x in (e["program"], e["site"], e["channel"]) if x) or "whole vendor"
                for e in found
            ],
            "Reason": [e["reason"] for e in found],
            "Approved by": [e["approved_by"] for e in found],
        }
    )


def excused_section(vendor: str, terms: dict, programs: list[str]) -> None:
    """The vendor's excused events, and recording one (for the roles that amend contracts)."""
    st.subheader("Excused events")
    kpis = terms.get("excused_kpis") or list(EXCUSABLE_DEFAULT)
    st.caption(
        "Days left out of the measurement of "
        + ", ".join(catalogue.kpi(k).name.lower() for k in kpis)
        + " (as the contract sets): a client-caused outage, force majeure, a holiday the "
        "contract excludes. Other KPIs are measured on every day."
    )
    table = excused_events(session.db_path(), vendor)
    if table.empty:
        st.caption("No excused event is recorded for this vendor.")
    else:
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            height=tables.rows_height(len(table)),
            key="contracts_excused_table",
        )
    if not session.actor().may("contracts.write"):
        return
    with st.expander("Record an excused event"):
        left, right, kind_col = st.columns(3)
        first = left.date_input("First day", value=None, key="excused_from")
        last = right.date_input("Last day", value=None, key="excused_to")
        kind = kind_col.selectbox(
            "Kind", list(excused.KINDS), format_func=excused.KINDS.get, key="excused_kind"
        )
        a, b = st.columns(2)
        program = a.selectbox("Program", ["All programs", *programs], key="excused_program")
        channel = b.selectbox("Channel", ["All channels", *CHANNELS], key="excused_channel")
        reason = st.text_area("What happened", key="excused_reason", max_chars=2000)
        approver = st.text_input("Approved by", key="excused_approver")
        gate = wording_ui.findings_gate({"Reason": reason}, key="excused_wording")
        if st.button("Record the excused event", key="excused_save", disabled=not gate.ok_to_save):
            if first is None or last is None:
                st.error("Give the first and the last excused day.")
                return
            try:
                with session.connection() as con:
                    done = excused.add(
                        con,
                        session.actor(),
                        vendor=vendor,
                        date_from=first,
                        date_to=last,
                        kind=kind,
                        reason=reason,
                        approved_by=approver,
                        program=None if program == "All programs" else program,
                        channel=None if channel == "All channels" else channel,
                        acknowledged=gate.record,
                    )
            except GovernanceError as exc:
                st.error(str(exc))
                return
            session.data_changed()
            for k in ("excused_reason", "excused_from", "excused_to"):
                st.session_state.pop(k, None)
            st.toast(f"Excused event #{done['event_id']} recorded.")
            st.rerun()
