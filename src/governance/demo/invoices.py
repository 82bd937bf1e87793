"""The demo's invoices: three months per vendor, priced from its rate card on what its data
supports, so that reconciliation has something to find: Bluebird's last invoice bills 4 % more
minutes than it handled, and Northwind's carries a line of client-specific training hours."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import duckdb

from governance import contracts
from governance.access.actors import Actor
from governance.kpis import periods
from governance.scoring import billing
from governance.store import billing_rows

UNITS = {
    "Northwind Contact": "productive_hour",
    "Bluebird BPO": "handled_minute",
    "Crestline Services": "contact",
    "Dunmore Digital": "fte",
}
PREFIX = {
    "Northwind Contact": "NW",
    "Bluebird BPO": "BB",
    "Crestline Services": "CS",
    "Dunmore Digital": "DD",
}
OVERBILLED = ("Bluebird BPO", Decimal("1.04"))  # its last month
TRAINING_HOURS = Decimal(40)


def load_invoices(con: duckdb.DuckDBPyConnection, actor: Actor, window) -> int:
    """Record the demo's invoices for the last three months of ``window``; returns how many."""
    count = 0
    months = window[-3:]
    for vendor, unit in UNITS.items():
        rates = billing_rows.rates(con, contracts.contract_id(con, vendor))
        for m in months:
            p = periods.month(m.start)
            units = billing.supported(con, vendor, p, {"unit": unit})
            if units is None or units <= 0:
                continue
            if vendor == OVERBILLED[0] and m == months[-1]:
                units = (units * OVERBILLED[1]).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            rate = billing.rate_for(rates, unit, None, None, p.start)
            lines = [{"unit": unit, "units": units, "amount": billing.priced(units, rate)}]
            if vendor == "Northwind Contact" and m == months[-1]:
                training = billing.rate_for(rates, "training_hour", None, None, p.start)
                lines.append(
                    {
                        "unit": "training_hour",
                        "units": TRAINING_HOURS,
                        "rate": training["price"],
                        "amount": billing.priced(TRAINING_HOURS, training),
                        "description": "Training hours on the new billing system (client-specific content)",
                    }
                )
            billing.record_invoice(
                con,
                actor,
                vendor=vendor,
                month=p.label,
                invoice_no=f"{PREFIX[vendor]}-{p.start:%Y%m}",
                lines=lines,
                source="demo",
            )
            count += 1
    return count
