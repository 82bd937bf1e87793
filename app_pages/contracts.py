"""Contracts: terms, targets and rates over time and amendments; make a contract, amend targets
and rates, load and export the contracts file."""

from datetime import date

import streamlit as st

from governance import contracts, errors
from governance.ui import contract_form, session, wording
from governance.ui import page as ui_page
from governance.ui import scorecards as ui
from governance.ui.text import plain

page = ui_page.start(
    "Contracts",
    "What each vendor promised. Targets change only through dated amendments with a reason and "
    "an approver: a month is scored on the targets in force on its last day, so an amendment "
    "changes scores from its date on and never before.",
    flash="contracts_flash",
)
path = session.db_path()
who = page.who
listing = ui.contract_list(path)
names, contracted = ui.vendor_choices(path)
state = st.session_state
if contract_form.PICK_KEY in state:  # a contract just made: open it
    state["contracts_contract"] = state.pop(contract_form.PICK_KEY)
default_vendor = page.vendor
if "contracts_pick_vendor" in state:  # "Make a contract" on the scorecard page
    default_vendor = state.pop("contracts_pick_vendor")
    state.pop("contracts_vendor", None)

if not names:
    st.info(
        "No vendor is registered yet. Register one on the Vendor registry page, then make its "
        "contract here; or load the demo portfolio (`python -m governance demo`)."
    )
    vendor = None
else:
    vendor = st.selectbox(
        "Vendor",
        names,
        key="contracts_vendor",
        index=names.index(ui.default_vendor(names, contracted, default_vendor)),
        format_func=ui.vendor_label(contracted),
        help="Vendors marked 'no contract yet' have no targets and no scorecard until one is made.",
    )

if vendor is not None and vendor not in contracted:
    st.info(contract_form.no_contract_note(vendor, who.may("contracts.write")))
    if who.may("contracts.write"):
        st.subheader(f"New contract for {plain(vendor)}")
        contract_form.new_contract(page, vendor)
elif vendor is not None:
    mine = listing[listing["vendor"] == vendor]
    cid = st.selectbox(
        "Contract",
        list(mine["contract_id"]),
        key="contracts_contract",
        format_func=lambda i: mine.set_index("contract_id").loc[i, "name"],
    )
    terms, history, amendments = ui.contract_detail(path, int(cid))
    sl = terms["service_level"]
    fee = terms.get("monthly_fee_basis")
    money = terms.get("currency", "")
    st.markdown(
        f"**{plain(terms['name'])}** · "
        + plain(
            f"{terms['start']} to {terms.get('end', 'open-ended')} · pricing "
            f"{terms['pricing'].replace('_', ' ')}"
            + (f" · currency {money}" if money else "")
            + (f" · monthly fee basis {fee:,.0f} {money}".rstrip() if fee is not None else "")
            + f" · at risk {terms['at_risk_pct']:g}% of the monthly invoice · pool "
            f"{terms.get('pool_pct_available', 100):g}% · earn-back after "
            f"{terms['earn_back_windows']} windows at expected · repeated miss at "
            f"{terms['repeated_miss_count']} misses in 12 months · service level over "
            f"{sl['over'].replace('_', ' ')} within {sl['threshold_seconds']} s · programs: "
            f"{', '.join(terms.get('programs', [])) or 'not listed'}"
        )
    )

    st.subheader("Targets over time")
    st.dataframe(
        history,
        hide_index=True,
        width="stretch",
        placeholder="—",
        key="contracts_history",
        column_config={
            "From": st.column_config.DateColumn("From", format="YYYY-MM-DD"),
            "To": st.column_config.DateColumn("To", format="YYYY-MM-DD"),
        },
    )
    st.subheader("Rate card over time")
    rate_history = ui.rate_history(path, int(cid))
    if rate_history.empty:
        st.caption(
            "No rate card yet: add the rates the vendor may bill (per contact, minute, hour or "
            "FTE) in an amendment below, so its invoices can be reconciled."
        )
    else:
        st.dataframe(
            rate_history,
            hide_index=True,
            width="stretch",
            placeholder="—",
            key="contracts_rate_history",
            column_config={
                "From": st.column_config.DateColumn("From", format="YYYY-MM-DD"),
                "To": st.column_config.DateColumn("To", format="YYYY-MM-DD"),
            },
        )
        st.caption(f"Prices and minimums in {money or 'the contract currency'}. {ui.BANDS_NOTE}")
    st.subheader("Amendments")
    st.dataframe(
        amendments,
        hide_index=True,
        width="stretch",
        placeholder="—",
        key="contracts_amendments",
        column_config={
            "Effective from": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Recorded at": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
        },
    )

    if who.may("contracts.write"):
        st.subheader("Amend the targets and rates")
        when = st.date_input(
            "Takes effect on",
            value=contracts.default_effective_date(),
            key="contracts_effective_from",
            help="Usually the first day of a month; the targets in force that day are shown.",
        )
        note = contracts.amendment_note(when, ui.last_day(path))
        if note:
            st.warning(note)
        shown = ui.editor_table(path, int(cid), when)
        rates_shown = ui.rate_table(path, int(cid), when)
        with st.form("contracts_amend", clear_on_submit=False):
            st.caption(ui.EDITOR_CAPTION)
            edited = st.data_editor(
                shown,
                num_rows="dynamic",
                hide_index=True,
                width="stretch",
                key="contracts_targets_editor",
                disabled=["target_id", "Better", "Unit"],
                column_order=ui.EDITOR_ORDER,
                placeholder="—",
                column_config=ui.editor_columns(),
            )
            st.caption(
                f"The rate card in force that day ({money or 'contract currency'}). Change a "
                f"price, add a row for a new rate, delete a row to stop a rate. {ui.BANDS_NOTE}"
            )
            rates_edited = st.data_editor(
                rates_shown,
                num_rows="dynamic",
                hide_index=True,
                width="stretch",
                key="contracts_rates_editor",
                column_order=[c for c in rates_shown.columns if c != "rate_id"],
                placeholder="—",
                column_config=ui.rate_editor_columns(),
            )
            reason = st.text_input("Reason", key="contracts_reason")
            approver = st.text_input(
                "Approved by",
                key="contracts_approver",
                help="The role that approved the change, e.g. VMO lead",
            )
            submitted = st.form_submit_button("Record the amendment")
        gate = wording.findings_gate({"Reason": reason}, key="contracts_reason_ack")
        if submitted and not gate.ok_to_save:
            st.error("Rewrite the flagged wording, or tick the acknowledgement and record again.")
        elif submitted:
            try:
                with session.connection() as con:
                    aid = contracts.amend_from_editor(
                        con,
                        who,
                        int(cid),
                        shown,
                        edited,
                        effective_from=when,
                        reason=reason,
                        approved_by=approver,
                        acknowledged=gate.record,
                        rates_shown=rates_shown,
                        rates_edited=rates_edited,
                    )
            except errors.GovernanceError as exc:
                st.error(plain(str(exc)))
            else:
                session.data_changed()
                st.success(f"Recorded amendment #{aid}, effective {when}.")

        with st.expander(f"Make another contract for {plain(vendor)}"):
            contract_form.new_contract(page, vendor)

    ui.ratchet_section(vendor, terms, date.today())
    ui.excused_section(vendor, terms, list(terms.get("programs", [])))

st.subheader("Contracts file")
st.download_button(
    "Export contracts (TOML)",
    ui.export_text(path, None),
    file_name="contracts.toml",
    mime="application/toml",
    key="contracts_export",
    help="Every contract with its targets and amendments; loads back to the same contracts.",
)
if who.may("contracts.write"):
    upload = st.file_uploader("Load a contracts file", type=["toml"], key="contracts_upload")
    if upload is not None and st.button("Load", key="contracts_load"):
        try:
            with session.connection() as con:
                results = contracts.load_toml(con, who, upload.getvalue().decode("utf-8"))
        except (errors.GovernanceError, UnicodeDecodeError) as exc:
            st.error(str(exc))
        else:
            session.data_changed()
            for r in results:
                st.success(
                    f"{r['result'].title()}: {r['vendor']} — {r['name']}"
                    + (
                        f" ({r['amendments_added']} amendments added)"
                        if r["amendments_added"]
                        else ""
                    )
                )
