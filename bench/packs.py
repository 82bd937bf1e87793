"""Pack benchmarks on kpi_1m_contracts (20 vendors, 3 years, contracts with ten targets). Targets
from issue 6: an MBR and a QBR for one vendor each under 2 s; the portfolio pack for the 20
vendors under 10 s. Each step gathers the data and writes the workbook to memory."""

from __future__ import annotations

from bench.registry import Run, benchmark
from governance import packs
from governance.kpis import periods
from governance.packs import workbook

W = "kpi_1m_contracts"
VENDOR = "Granite BPO"


def _month(run: Run) -> str:
    return run.meta["latest_month"][:7]


def _quarter(run: Run) -> str:
    return periods.quarter(periods.parse(_month(run)).start).label


@benchmark("pack_mbr", workload=W, target=2.0, target_note="issue")
def pack_mbr(run: Run) -> int:
    """One vendor's MBR: every slide's data and the workbook (10 sheets, 13-month trend charts)."""
    return len(workbook.to_bytes(packs.gather(run.con, _month(run), VENDOR)))


@benchmark("pack_qbr", workload=W, target=2.0, target_note="issue")
def pack_qbr(run: Run) -> int:
    """One vendor's QBR: every slide's data and the workbook (5-quarter trend charts)."""
    return len(workbook.to_bytes(packs.gather(run.con, _quarter(run), VENDOR)))


@benchmark("pack_portfolio", workload=W, target=10.0, target_note="issue")
def pack_portfolio(run: Run) -> int:
    """The portfolio pack for all 20 vendors for the latest quarter."""
    return len(workbook.to_bytes(packs.gather(run.con, _quarter(run))))
