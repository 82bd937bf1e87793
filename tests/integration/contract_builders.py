"""Small builders for contract, scorecard and credit tests: vendors, fact rows and contracts in a
real DuckDB file, written through the library's services (facts.insert_batch, create_contract)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from governance import contracts
from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import facts

BUILDER = Actor("builder@client.example", "admin")


def add_vendors(con, *names: str) -> None:
    vendors.add_vendors(con, BUILDER, list(names))


def add_facts(con, vendor: str, rows: list[dict]) -> None:
    """Load fact rows (``date`` plus any dimensions and components) for one vendor."""
    frame = pd.DataFrame(rows)
    facts.insert_batch(
        con,
        BUILDER,
        vendor=vendor,
        frame=frame,
        file_name=f"test {vendor}",
        content_hash=facts.frame_hash(frame),
    )


def sl_row(day: date, offered: float, within: float, **extra) -> dict:
    """A voice fact row for one day with a service-level outcome (and anything else given)."""
    return {
        "date": day,
        "program": "Billing care",
        "channel": "voice",
        "offered": offered,
        "answered": offered,
        "answered_within_sl": within,
        **extra,
    }


def target(kpi: str, expected: float, minimum: float, weight: float, **extra) -> dict:
    return {"kpi": kpi, "expected": expected, "minimum": minimum, "weight": weight, **extra}


def contract(vendor: str, targets: list[dict], **terms) -> dict:
    """A contract spec (the contracts-file form) starting 2025-01-01 with the given targets."""
    spec = {
        "vendor": vendor,
        "name": f"{vendor} MSA",
        "start": date(2025, 1, 1),
        "end": date(2027, 12, 31),
        "pricing": "per_contact",
        "at_risk_pct": 10,
        "earn_back_windows": 3,
        "service_level": {"over": "offered", "threshold_seconds": 20},
        "programs": ["Billing care"],
        "targets": targets,
    }
    spec.update(terms)
    return spec


def create(con, spec: dict) -> int:
    return contracts.create_contract(con, BUILDER, spec)
