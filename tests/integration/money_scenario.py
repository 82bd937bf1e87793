"""One month (March 2026) of three vendors whose contracts state EUR, USD and no currency, each
with a higher-is-better, a lower-is-better and a best-at-1 KPI in default, for the tests of worse
limits and currencies (scorecard table, credits, Portfolio, packs, pages).

Worked by hand, per vendor: 100 offered, 9 abandoned (91 answered), 70 answered within 20 s,
97 units billed. Service level 70 ÷ 100 = 70.0 % against a floor of 75 % (default); abandonment
9 ÷ 100 = 9.0 % against a ceiling of 6 % (default); billing accuracy 97 ÷ 91 = 1.066 against the
band 0.980–1.020 (default). At risk = 10 % of the invoice; the service level's credit is
50 % × 40 % = 20 % of it, abandonment's 60 %, together 80 % (under the cap). Billing accuracy is
a key measure: no credit.
"""

from __future__ import annotations

from datetime import date

from tests.integration.contract_builders import add_facts, add_vendors, contract, create, target

MONTH = "2026-03"
# vendor -> (currency stated by its contract, the month's invoice)
VENDORS = {
    "Euro Care": ("EUR", 100_000.0),
    "Dollar Care": ("USD", 50_000.0),
    "Plain Care": (None, 20_000.0),
}
AT_RISK = {v: invoice * 0.10 for v, (_, invoice) in VENDORS.items()}
SL_CREDIT = {v: risk * 0.50 * 0.40 for v, risk in AT_RISK.items()}
AB_CREDIT = {v: risk * 0.60 for v, risk in AT_RISK.items()}
TOTAL = {v: SL_CREDIT[v] + AB_CREDIT[v] for v in VENDORS}


def targets() -> list[dict]:
    return [
        target(
            "service_level", 0.80, 0.75, 50, tier="critical", allocation_pct=40, category_pct=50
        ),
        target("abandon_rate", 0.04, 0.06, 40, tier="critical", allocation_pct=60),
        target("billing_accuracy", 1.0, 0.98, 10, tier="key"),
    ]


def load(con, vendors=tuple(VENDORS)) -> None:
    """The vendors' facts and contracts (EUR, USD, none) in ``con``."""
    add_vendors(con, *vendors)
    for vendor in vendors:
        currency, invoice = VENDORS[vendor]
        row = {
            "date": date(2026, 3, 31),
            "offered": 100,
            "answered": 91,
            "abandoned": 9,
            "answered_within_sl": 70,
            "billed_units": 97,
            "invoiced_amount": invoice,
        }
        add_facts(con, vendor, [row])
        terms = {} if currency is None else {"currency": currency}
        create(con, contract(vendor, targets(), **terms))


def money(amount: float, currency: str | None) -> str:
    """An amount as a reader expects it: "EUR 8,000.00", or "1,600.00" with no currency."""
    return (f"{currency} " if currency else "") + f"{amount:,.2f}"
