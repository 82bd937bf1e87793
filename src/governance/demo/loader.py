"""The demo portfolio (``governance demo``): four BPO vendors with different stories, 18 months of
daily KPI facts, a contract with an amendment per vendor, escalations, governance meetings with
decisions and action items, and sample vendor exports for trying the import.

Everything is written through the library's services with the acting user, so the demo leaves
the same audit trail as real use. The numbers come from ``demo_data`` (reproducible from a seed
and an end month), the governance records from ``demo_records``, the sample files from
``demo_exports``. The stories are told in ``demo_data``'s docstring.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import duckdb

from governance import config, contracts
from governance.access import vendors
from governance.access.actors import Actor, require
from governance.demo.allocations import load_allocations
from governance.demo.exports import write_exports
from governance.demo.invoices import load_invoices
from governance.demo.plans import MONTHS, PLANS, PROGRAMS, generate, monthly_kpis
from governance.demo.records import load_contracts, load_escalations, load_meetings
from governance.demo.surveys import load_surveys
from governance.errors import InvalidInput
from governance.ingest import facts, labels
from governance.store import accounts, contract_rows


def load_demo(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    seed: int = 2026,
    end_month: date | None = None,
    exports_dir: Path | None = None,
) -> dict:
    """Load the demo portfolio into an empty database and write sample vendor exports.

    ``end_month`` (any day of it; default: the last complete month before today) is the last of
    the 18 months of data. The same ``seed`` and ``end_month`` give identical facts. Exports go to
    ``exports_dir`` (default ``config.DEFAULT_EXPORTS``). Returns a summary: ``vendors``,
    ``fact_rows``, ``contracts``, ``amendments``, ``escalations``, ``meetings``, ``decisions``,
    ``actions``, ``period_from`` / ``period_to``, ``exports`` (the files written) and more.
    Raises ``PermissionDenied`` unless the actor may load the demo (admin) and ``InvalidInput``
    when the database already has vendors; nothing is written then.
    """
    require(actor, "demo.load")
    started = time.perf_counter()
    if accounts.vendor_count(con):
        raise InvalidInput(
            "The database already has vendors, so the demo was not loaded: it only loads into an "
            "empty database. Use a new database file, or start over from an empty one."
        )
    data = generate(seed=seed, end_month=end_month)
    window = data.window

    for plan in PLANS:
        vendors.add_vendors(con, actor, [plan.name])
        am, od, sponsor = plan.contacts
        vendors.update_contacts(
            con,
            actor,
            plan.name,
            account_manager=am,
            operations_director=od,
            executive_sponsor=sponsor,
        )
        for site in plan.sites:
            vendors.add_site(con, actor, plan.name, site.name, site.country)
    for name, description in PROGRAMS.items():
        contracts.add_program(con, actor, name, description)

    for plan in PLANS:
        frame = data.facts[plan.name]
        facts.insert_batch(
            con,
            actor,
            vendor=plan.name,
            frame=frame,
            file_name=f"demo: {plan.name}",
            content_hash=facts.frame_hash(frame),
            source="demo",
        )
        # Its programs and sites are the vendor's known labels: the sample exports written
        # below import without asking to register them.
        for dimension in labels.DIMENSIONS:
            if dimension in frame.columns:
                known = sorted(frame[dimension].dropna().unique().tolist())
                if known:
                    labels.add(con, actor, plan.name, dimension, known, source="demo")

    contract_ids = load_contracts(con, actor, window)
    escalation_ids = load_escalations(con, actor, window)
    monthly = {name: monthly_kpis(frame) for name, frame in data.facts.items()}
    counts = load_meetings(con, actor, window, monthly, escalation_ids)
    answers = load_surveys(con, actor, window, seed)
    invoice_count = load_invoices(con, actor, window)
    plan_count = load_allocations(con, actor, window)
    out_dir = Path(exports_dir) if exports_dir is not None else config.DEFAULT_EXPORTS
    files = write_exports(out_dir, data)

    return {
        "vendors": len(PLANS),
        "vendor_names": [p.name for p in PLANS],
        "programs": len(PROGRAMS),
        "sites": sum(len(p.sites) for p in PLANS),
        "months": MONTHS,
        "period_from": window[0].start,
        "period_to": window[-1].end,
        "batches": len(PLANS),
        "fact_rows": int(sum(len(f) for f in data.facts.values())),
        "contracts": len(contract_ids),
        "amendments": contract_rows.amendment_count(con),
        "escalations": len(escalation_ids),
        **counts,
        "survey_answers": answers,
        "invoices": invoice_count,
        "volume_plans": plan_count,
        "exports": [str(f) for f in files],
        "seconds": round(time.perf_counter() - started, 2),
    }
