"""Billing: a vendor's invoices for a month reconciled against what its KPI data and rate card
support, the month's service credits netted; invoices loaded from the vendor's file and moved
through review; a flagged line raised as a billing escalation in one click."""

import streamlit as st

from governance.errors import InvalidInput
from governance.kpis import periods
from governance.scoring import billing
from governance.store import queries
from governance.ui import billing_forms, filters, session
from governance.ui import page as ui_page
from governance.ui.text import plain

page = ui_page.start(
    "Billing",
    "Each invoice line against the units the month's KPI data supports, priced on the "
    "contract's rate card; lines past the contract's tolerance are flagged, then the month's "
    "service credits are netted. Amounts are exact, in the contract's currency.",
    flash="billing_flash",
)

with session.connection() as con:
    names = queries.vendor_names(con)
if not names:
    st.info("No vendor is registered yet.")
    st.stop()
month = filters.current().month or page.today
choices = [periods.add_months(periods.month_start(page.today), -i) for i in range(1, 13)]
if periods.month_start(month) not in choices:
    choices.insert(0, periods.month_start(month))
left, right, _ = st.columns([2, 1, 2])
vendor = left.selectbox("Vendor", names, index=page.vendor_index(names), key="bl_vendor")
chosen = right.selectbox(
    "Month",
    choices,
    index=choices.index(periods.month_start(month)),
    key="bl_month",
    format_func=periods.label,
)
label = periods.label(chosen)
try:
    with session.connection() as con:
        found = billing.reconcile(con, vendor, chosen)
except InvalidInput as exc:
    st.info(plain(str(exc)))
    st.stop()

cur = found["currency"]
t = found["totals"]
tiles = st.columns(4)
for col, (name, key, words) in zip(
    tiles,
    (
        ("Invoiced", "invoiced", "What the vendor's invoices for the month add up to."),
        (
            "Supported by the data",
            "supported",
            "The units the month's KPI data supports, priced on the rate card (bands, minimum).",
        ),
        ("Service credits", "credits", "The month's credits not earned back (pending and final)."),
        (
            "Net payable",
            "net_payable",
            "Each line as invoiced, an over-billed one as supported; less the credits.",
        ),
    ),
    strict=True,
):
    col.metric(
        f"{name} ({cur})" if cur else name,
        billing.short_money(t[key]),
        help=f"{words} Exactly {billing.money_text(t[key], cur)}.",
        border=True,
    )
if not found["lines"]:
    st.info(plain(f"No invoice from {vendor} is recorded for {label}."))
else:
    flagged = t["flagged"]
    st.subheader(
        plain(
            f"{vendor}, {label}: "
            + (
                f"{flagged} line{'s' if flagged != 1 else ''} flagged"
                if flagged
                else "every line within tolerance"
            )
        )
    )
    st.dataframe(billing.line_table(found), hide_index=True, width="stretch", key="bl_lines")
    st.caption(
        (f"Amounts in {cur}. " if cur else "")
        + f"Tolerance {found['tolerance_pct']}% of the expected amount ({plain(found['contract'])}). "
        "Training hours are not in the KPI data: priced as billed, for review."
    )
    if page.who.may("governance.write") and flagged:
        billing_forms.escalate(page, vendor, found)

st.subheader("Invoices")
st.dataframe(billing_forms.invoice_table(found), hide_index=True, width="stretch")
if page.who.may("commercial.write"):
    billing_forms.status_form(page, vendor, found)
    from_file, typed = st.tabs(["Load the vendor's invoice file", "Enter an invoice"])
    with from_file:
        billing_forms.load(page, vendor, chosen)
    with typed:
        billing_forms.enter(page, vendor, chosen)
