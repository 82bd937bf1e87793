"""Four months (January to April 2026) of three contracted vendors and one without a contract,
with escalations, for the tests of the Portfolio's headline and standings board (library and
page). One fact row per vendor and month, dated its last day (the month is then complete).

Worked by hand:

- **Aster Care** (EUR, invoice 100,000 a month; at risk 10 % = 10,000): service level, critical,
  expected 80 %, worse limit 70 %, weight 100, allocation 50 %. 1,000 offered; answered within
  20 s 850, 840, 650, 640: 85 %, 84 % (met, score 100), 65 %, 64 % (default, score 0: At risk).
  Credits 50 % × 10,000 = EUR 5,000 in March and in April.
- **Birch Support** (USD, invoice 50,000; at risk 5,000): service level, critical, expected
  85 %, limit 75 %, weight 50, allocation 40 %; abandonment, critical, expected 4 %, limit 6 %,
  weight 50, allocation 60 %. 2,000 offered; within 1,760, 1,800, 1,720, 1,640 (88, 90, 86, 82 %);
  abandoned 40, 40, 160, 60 (2, 2, 8, 3 %). March: abandonment in default (score 50: At risk),
  credit 60 % × 5,000 = USD 3,000. April: service level below target, (82 − 75) ÷ (85 − 75) =
  70 points, abandonment met: (70 × 50 + 100 × 50) ÷ 100 = 85.0, Good (+35.0 on March).
  Service level over February–April: 90, 86, 82 %, falling 4 pp a month; 7 pp above its limit,
  so it passes it in the second month after April (7 ÷ 4 = 1.75): June 2026, trending to breach.
  Over January–March (88, 90, 86 %) the slope is −1 pp a month: 11 pp of room, not within three
  months.
- **Cedar Contact** (no currency, no invoices): service level expected 85 %, limit 80 %, weight
  100, not critical. 1,000 offered; within 900, 900, 910 in January to March; no April data.
- **Dale Services**: registered, no contract.

Portfolio service level: January (850 + 1,760 + 900) ÷ 4,000 = 87.75 %; February 3,540 ÷ 4,000
= 88.5 %; March 3,280 ÷ 4,000 = 82.0 %; April (640 + 1,640) ÷ 3,000 = 76.0 %, target (1,000 ×
80 % + 2,000 × 85 %) ÷ 3,000 = 83.3 %, change −6.0 pp.

Escalations, P1/P2 open at each month's end: Aster P1 raised 10 March, resolved 5 April; Aster
P2 raised 20 April, acknowledged; Birch P2 raised 10 February, resolved 20 February, reopened
15 April; Birch P3 raised 1 April (not counted: P3); Cedar P1 raised 30 April at 23:30. End of
February 0, March 1, April 3 (Aster P2, Birch P2, Cedar P1).
"""

from __future__ import annotations

from datetime import date, datetime

from governance.access.actors import Actor
from governance.kpis import periods
from governance.workflow import escalations
from tests.integration.contract_builders import add_facts, add_vendors, contract, create, target

MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04")
APRIL = date(2026, 4, 1)
ASTER, BIRCH, CEDAR, DALE = "Aster Care", "Birch Support", "Cedar Contact", "Dale Services"
# vendor -> month -> (offered, answered within 20 s, abandoned, invoice or None)
FACTS = {
    ASTER: {m: (1000, w, 0, 100_000.0) for m, w in zip(MONTHS, (850, 840, 650, 640), strict=True)},
    BIRCH: {
        m: (2000, w, a, 50_000.0)
        for m, w, a in zip(MONTHS, (1760, 1800, 1720, 1640), (40, 40, 160, 60), strict=True)
    },
    CEDAR: {m: (1000, w, 0, None) for m, w in zip(MONTHS[:3], (900, 900, 910), strict=True)},
}
EXPECTED_SL = {ASTER: 0.80, BIRCH: 0.85, CEDAR: 0.85}
CURRENCY = {ASTER: "EUR", BIRCH: "USD", CEDAR: None}
ACTOR = Actor("builder@client.example", "admin")


def targets(vendor: str) -> list[dict]:
    if vendor == ASTER:
        return [target("service_level", 0.80, 0.70, 100, tier="critical", allocation_pct=50)]
    if vendor == BIRCH:
        return [
            target("service_level", 0.85, 0.75, 50, tier="critical", allocation_pct=40),
            target("abandon_rate", 0.04, 0.06, 50, tier="critical", allocation_pct=60),
        ]
    return [target("service_level", 0.85, 0.80, 100)]


def load(con) -> None:
    """The four vendors, their facts, contracts and escalations in ``con``."""
    add_vendors(con, ASTER, BIRCH, CEDAR, DALE)
    for vendor, months in FACTS.items():
        rows = []
        for month, (offered, within, abandoned, invoice) in months.items():
            row = {
                "date": periods.parse(month).end,
                "program": "Billing care",
                "channel": "voice",
                "offered": offered,
                "answered": offered - abandoned,
                "abandoned": abandoned,
                "answered_within_sl": within,
            }
            if invoice is not None:
                row["invoiced_amount"] = invoice
            rows.append(row)
        add_facts(con, vendor, rows)
        currency = CURRENCY[vendor]
        create(
            con, contract(vendor, targets(vendor), **({"currency": currency} if currency else {}))
        )
    _escalations(con)


def _raise(con, vendor: str, severity: str, at: datetime) -> int:
    return escalations.raise_escalation(
        con,
        ACTOR,
        vendor=vendor,
        category="service_performance",
        severity=severity,
        title="Service level below contract",
        description="The queue missed its service level for several days.",
        raised_at=at,
    )


def _step(con, escalation_id: int, status: str, at: datetime, **extra) -> None:
    escalations.transition(con, ACTOR, escalation_id, to_status=status, at=at, **extra)


def _escalations(con) -> None:
    fixed = {"resolution": "Staffing plan for the queue restored the service level."}
    e1 = _raise(con, ASTER, "P1", datetime(2026, 3, 10, 9))
    _step(con, e1, "resolved", datetime(2026, 4, 5, 9), **fixed)
    e2 = _raise(con, ASTER, "P2", datetime(2026, 4, 20, 9))
    _step(con, e2, "acknowledged", datetime(2026, 4, 21, 9))
    e3 = _raise(con, BIRCH, "P2", datetime(2026, 2, 10, 9))
    _step(con, e3, "resolved", datetime(2026, 2, 20, 9), **fixed)
    _step(con, e3, "open", datetime(2026, 4, 15, 9), note="The service level fell again.")
    _raise(con, BIRCH, "P3", datetime(2026, 4, 1, 9))
    _raise(con, CEDAR, "P1", datetime(2026, 4, 30, 23, 30))
