"""The Billing page's forms: a vendor's invoice loaded from its file, an invoice moved through
review, and a flagged line raised as a billing escalation (``scoring.billing``)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import streamlit as st

from governance.errors import InvalidInput
from governance.ingest import invoice_file
from governance.kpis import periods
from governance.scoring import billing
from governance.ui import session, wording
from governance.ui.page import Page
from governance.ui.text import plain
from governance.workflow.escalations import workflow

PREVIEW_ROWS = 20


def invoice_table(found: dict) -> pd.DataFrame:
    """The month's invoices: number, status, total, source."""
    return pd.DataFrame(
        [
            {
                "Invoice": i["invoice_no"]
                + (f" · revision {i['revision']}" if (i.get("revision") or 1) > 1 else ""),
                "Status": i["status"].replace("_", " "),
                "Total": billing.money_text(i["total"], found["currency"]),
                "From": i["source"],
            }
            for i in found["invoices"]
        ],
        columns=["Invoice", "Status", "Total", "From"],
    )


def escalate(page: Page, vendor: str, found: dict) -> None:
    """Raise a flagged line as a billing escalation (P3, L1) with its figures, and mark its
    invoice disputed."""
    flagged = [x for x in found["lines"] if x["flag"] in ("over", "under", "no rate")]
    if not flagged:
        return
    options = {f"Invoice {x['invoice_no']}, line {x['line_no']}": x for x in flagged}
    with st.expander("Raise a flagged line as a billing escalation"):
        picked = st.selectbox("Line", list(options), key="bl_escalate_line")
        title, description = billing.escalation_text(found, options[picked])
        st.text(f"{title}\n\n{description}")
        if st.button("Raise escalation and mark the invoice disputed", key="bl_escalate"):

            def write(con):
                escalation_id = workflow.raise_escalation(
                    con,
                    page.who,
                    vendor=vendor,
                    category="billing",
                    severity="P3",
                    title=title,
                    description=description,
                    program=options[picked]["program"],
                    site=options[picked]["site"],
                )
                billing.set_status(
                    con,
                    page.who,
                    vendor=vendor,
                    invoice_no=options[picked]["invoice_no"],
                    status="disputed",
                )
                return escalation_id

            page.save(write, lambda n: f"Escalation #{n} raised; the invoice is disputed.")


def status_form(page: Page, vendor: str, found: dict) -> None:
    """Move one of the month's invoices through review."""
    if not found["invoices"]:
        return
    with st.expander("Change an invoice's status"):
        numbers = [i["invoice_no"] for i in found["invoices"]]
        number = st.selectbox("Invoice", numbers, key="bl_status_invoice")
        now = next(i for i in found["invoices"] if i["invoice_no"] == number)
        status = st.selectbox(
            "Status",
            billing.STATUSES,
            index=billing.STATUSES.index(now["status"]),
            key="bl_status",
            format_func=lambda s: s.replace("_", " "),
        )
        if st.button("Save status", key="bl_status_save"):
            page.save(
                lambda con: billing.set_status(
                    con,
                    page.who,
                    vendor=vendor,
                    invoice_no=number,
                    status=status,
                    expected_version=now["version"],
                ),
                f"Invoice {number} is now {status.replace('_', ' ')}.",
            )


CORRECTION_HELP = (
    "The vendor's corrected invoice: it becomes the next revision of the number and goes back "
    "to received; the revision it replaces is kept, marked superseded. A paid invoice is not "
    "corrected: the vendor sends a credit note under a new number."
)


def recorded_text(done: dict) -> str:
    """The message once an invoice (or its correction) is recorded."""
    what = f"revision {done['revision']} of invoice" if done["revision"] > 1 else "invoice"
    return (
        f"Recorded {what} {done['invoice_no']} of {done['vendor']}, total "
        f"{billing.money_text(done['total'], done['currency'])}."
    )


def load(page: Page, vendor: str, month: date) -> None:
    """A vendor's invoice file: read, shown as it will be stored, then recorded whole."""
    upload = st.file_uploader(
        "The vendor's invoice (CSV or Excel)", type=["csv", "xlsx", "txt"], key="bl_file"
    )
    if upload is None:
        return
    data = upload.getvalue()
    try:
        found = invoice_file.headers(data, file_name=upload.name)
        with session.connection() as con:
            remembered = billing.remembered_columns(con, vendor, found)
        suggested = invoice_file.suggest(found) if remembered is None else remembered
        st.caption(
            "Columns read (change any the suggestion got wrong):"
            if remembered is None
            else plain(
                f"Columns read as in {vendor}'s last invoice file with these headers (change "
                "any that moved):"
            )
        )
        cols = st.columns(5)
        options = [None, *found]
        chosen = {}
        for i, field in enumerate(invoice_file.FIELDS):
            guess = suggested.get(field)
            chosen[field] = cols[i % 5].selectbox(
                field.replace("_", " ").capitalize(),
                options,
                index=options.index(guess) if guess in options else 0,
                format_func=lambda h: "— not in the file —" if h is None else h,
                key=f"bl_col_{field}_{upload.file_id}",
            )
        read = invoice_file.read(data, file_name=upload.name, columns=chosen)
    except InvalidInput as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return
    numbers = sorted({r.invoice_no for r in read.rows if r.invoice_no})
    months = sorted({r.period for r in read.rows if r.period})
    number = st.text_input(
        "Invoice number", value=numbers[0] if len(numbers) == 1 else "", key="bl_number"
    )
    billed = months[0] if len(months) == 1 else periods.month(month).label
    st.caption(plain(f"Month billed: {periods.label(billed)}."))
    correction = st.checkbox(
        "This corrects an invoice already recorded under this number",
        key="bl_correct",
        help=CORRECTION_HELP,
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Row": r.row,
                    "Program": r.program or "",
                    "Site": r.site or "",
                    "Channel": r.channel or "",
                    "Unit": r.unit.replace("_", " "),
                    "Units": str(r.units),
                    "Rate": "" if r.rate is None else str(r.rate),
                    "Amount": str(r.amount),
                    "Description": r.description or "",
                }
                for r in read.rows[:PREVIEW_ROWS]
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    for n, why in read.skipped:
        st.caption(plain(f"Row {n} skipped: {why}"))
    gate = wording.findings_gate(
        {f"Row {r.row}, description": r.description for r in read.rows if r.description},
        key="bl_file_ack",
    )
    if st.button("Record invoice", key="bl_record", type="primary", disabled=not gate.ok_to_save):
        page.save(
            lambda con: billing.record_invoice(
                con,
                page.who,
                vendor=vendor,
                month=billed,
                invoice_no=number,
                lines=[dataclasses.asdict(r) for r in read.rows],
                source=read.file_name,
                acknowledged=gate.record,
                correction=correction,
                layout=(found, read.mapping),
            ),
            recorded_text,
            clear=("bl_file", "bl_number", "bl_correct"),
        )


ENTRY_COLUMNS = ["Program", "Site", "Channel", "Unit", "Units", "Rate", "Amount", "Description"]


def enter(page: Page, vendor: str, month: date) -> None:
    """An invoice typed in: its number and its lines (unit, units, amount; program, site,
    channel, rate and description when given), recorded whole; what was typed stays on a
    refusal."""
    number = st.text_input("Invoice number", key="bl_enter_number")
    correction = st.checkbox(
        "This corrects an invoice already recorded under this number",
        key="bl_enter_correct",
        help=CORRECTION_HELP,
    )
    blank = pd.DataFrame([{c: "" for c in ENTRY_COLUMNS}], columns=ENTRY_COLUMNS, dtype=object)
    edited = st.data_editor(
        blank,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key="bl_enter_lines",
        placeholder="",
        column_config={
            "Unit": st.column_config.SelectboxColumn(
                "Unit", options=list(billing.UNITS), required=True
            ),
            "Units": st.column_config.TextColumn("Units", help="e.g. 1560 or 1,560.5"),
            "Rate": st.column_config.TextColumn("Rate", help="optional, e.g. 0.90"),
            "Amount": st.column_config.TextColumn("Amount", help="exact, e.g. 1348.00"),
        },
    )
    typed = {
        f"Line {i + 1}, description": r.get("Description") or None
        for i, r in enumerate(edited.to_dict("records"))
    }
    gate = wording.findings_gate(typed, key="bl_enter_ack")
    if st.button("Record the invoice", key="bl_enter_save", disabled=not gate.ok_to_save):
        lines = [
            {
                "row": i + 1,
                "program": r.get("Program") or None,
                "site": r.get("Site") or None,
                "channel": r.get("Channel") or None,
                "unit": r.get("Unit") or None,
                "units": _typed(r.get("Units")),
                "rate": _typed(r.get("Rate")),
                "amount": _typed(r.get("Amount")),
                "description": r.get("Description") or None,
            }
            for i, r in enumerate(edited.to_dict("records"))
            if any(str(v or "").strip() for v in r.values())
        ]
        page.save(
            lambda con: billing.record_invoice(
                con,
                page.who,
                vendor=vendor,
                month=periods.month(month).label,
                invoice_no=number,
                lines=lines,
                acknowledged=gate.record,
                correction=correction,
            ),
            recorded_text,
            clear=("bl_enter_number", "bl_enter_lines", "bl_enter_ack", "bl_enter_correct"),
        )


def _typed(value):
    """A typed amount as typed ("1,560.5", "1.560,5"): the service reads its separators."""
    return None if value is None or not str(value).strip() else str(value).strip()
