"""The vendor risk tier: how exposed the client is to a vendor, shown beside its performance,
never mixed into it.

A vendor that runs a third of the portfolio's contacts, with compliance attestations expired and
P1 escalations open, is a risk to the client even while it meets every target; a small vendor in
default is a performance problem more than an exposure. The tier (critical, high, medium, low)
is set from declared inputs, each worth points by the steps in ``risk_tiers.toml``:

- **volume share**: the vendor's share of the portfolio's offered contacts in the month;
- **spend share**: its share of the portfolio's invoiced amount in the month;
- **overdue attestations**: its current compliance attestations expired at the month's end;
- **open P1/P2**: its P1 and P2 escalations open at the month's end;
- **health**: its health at the month (``health.assess``: at risk, watch).

The points add up and the tier is the highest whose minimum they reach. Each tier comes with
the inputs that gave it points, in words ("32% of volume; 1 open P1/P2"). The weighted score,
standings, ranks and credits never read it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import duckdb
import pandas as pd

from governance import kpis
from governance.kpis import frames, periods
from governance.scoring import headline, health, scorecard
from governance.store import queries

RULES = Path(__file__).with_name("risk_tiers.toml")
TIERS = ("critical", "high", "medium", "low")
COLUMNS = (
    "vendor",
    "risk_tier",
    "risk_points",
    "risk_reasons",
    "volume_share",
    "spend_share",
    "overdue_attestations",
    "open_p1p2",
    "health",
)


@dataclass(frozen=True)
class Rules:
    """The declared steps: input → ((threshold, points), …) from the highest; health status →
    points; tier → least points."""

    steps: dict[str, tuple[tuple[float, int], ...]]
    health: dict[str, int]
    tiers: dict[str, int]


def rules(path: Path = RULES) -> Rules:
    """The steps of ``risk_tiers.toml``; ``ValueError`` naming what is wrong in it."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    inputs = data.get("inputs", {})
    steps = {}
    for name in ("volume_share", "spend_share", "overdue_attestations", "open_p1p2"):
        pairs = inputs.get(name, {}).get("steps")
        if not pairs or any(len(p) != 2 for p in pairs):
            raise ValueError(f"{path.name}: inputs.{name}.steps must list [threshold, points]")
        steps[name] = tuple(sorted(((float(t), int(p)) for t, p in pairs), reverse=True))
    tiers = {t: int(data.get("tiers", {}).get(t, -1)) for t in TIERS}
    if tiers["low"] != 0 or list(tiers.values()) != sorted(tiers.values(), reverse=True):
        raise ValueError(f"{path.name}: tiers must fall from critical to low = 0")
    health_points = {k: int(v) for k, v in inputs.get("health", {}).items()}
    return Rules(steps, health_points, tiers)


def points_of(value: float, steps: tuple[tuple[float, int], ...]) -> int:
    """The points of the first step (from the highest) ``value`` reaches; 0 below them all."""
    for threshold, points in steps:
        if value >= threshold - 1e-12:
            return points
    return 0


def tier_of(points: int, declared: Rules) -> str:
    """The highest tier whose least points ``points`` reach."""
    return next(t for t in TIERS if points >= declared.tiers[t])


def assess(
    con: duckdb.DuckDBPyConnection,
    month: date,
    vendors: Iterable[str] | None = None,
    *,
    health_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each vendor's risk tier for ``month`` (``COLUMNS``), most exposed first. Shares are of
    every vendor's total (the portfolio), whichever vendors are asked for; ``health_table``: a
    ``health.assess`` of the month already made (else it is made here)."""
    m = periods.month(month)
    declared = rules()
    everyone = queries.vendor_names(con)
    names = scorecard.check_vendors(con, vendors) or everyone
    sums = kpis.rollup(
        con,
        by=None,
        dims=("vendor",),
        kpis=(),
        vendors=everyone,
        date_from=m.start,
        date_to=m.end,
        components=("offered", "invoiced_amount"),
    )
    volume = dict(zip(sums["vendor"], sums["offered"].astype("float64").fillna(0), strict=True))
    spend = dict(
        zip(sums["vendor"], sums["invoiced_amount"].astype("float64").fillna(0), strict=True)
    )
    all_volume, all_spend = sum(volume.values()), sum(spend.values())
    end = datetime.combine(periods.add_months(m.start, 1), time())
    urgent = queries.open_escalations_at(con, [end], headline.OPEN_STATUSES, headline.URGENT, names)
    open_p1p2 = urgent.groupby("vendor")["open"].sum().to_dict() if not urgent.empty else {}
    attest = queries.attestations(con)
    expired = attest[
        attest["current"]
        & attest["expires"].notna()
        & (pd.to_datetime(attest["expires"]).dt.date < m.end)
    ]
    overdue = expired.groupby("vendor").size().to_dict()
    if health_table is None:
        health_table = health.assess(con, m.start, names)
    vendor_health = {
        r["vendor"]: r["status"]
        for r in frames.plain_records(health_table)
        if r.get("program") is None
    }
    rows = []
    for name in names:
        shares = {
            "volume_share": volume.get(name, 0.0) / all_volume if all_volume else 0.0,
            "spend_share": spend.get(name, 0.0) / all_spend if all_spend else 0.0,
        }
        counts = {
            "overdue_attestations": int(overdue.get(name, 0)),
            "open_p1p2": int(open_p1p2.get(name, 0)),
        }
        status = vendor_health.get(name)
        scored = {k: points_of(v, declared.steps[k]) for k, v in {**shares, **counts}.items()}
        scored["health"] = declared.health.get(str(status).replace(" ", "_"), 0)
        total = sum(scored.values())
        rows.append(
            {
                "vendor": name,
                "risk_tier": tier_of(total, declared),
                "risk_points": total,
                "risk_reasons": _reasons(scored, shares, counts, status),
                **shares,
                **counts,
                "health": status,
            }
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    order = {t: i for i, t in enumerate(TIERS)}
    out["_order"] = out["risk_tier"].map(order)
    out = out.sort_values(["_order", "risk_points", "vendor"], ascending=[True, False, True])
    return out.drop(columns="_order").reset_index(drop=True)


def _reasons(scored: dict, shares: dict, counts: dict, status) -> str:
    """The inputs that gave points, in words: "32% of volume; 1 open P1/P2"."""
    words = {
        "volume_share": f"{shares['volume_share']:.0%} of volume",
        "spend_share": f"{shares['spend_share']:.0%} of spend",
        "overdue_attestations": f"{counts['overdue_attestations']} attestation"
        f"{'s' if counts['overdue_attestations'] != 1 else ''} expired",
        "open_p1p2": f"{counts['open_p1p2']} open P1/P2",
        "health": f"health {str(status).replace('_', ' ')}",
    }
    given = [words[k] for k, p in scored.items() if p > 0]
    return "; ".join(given) if given else "no input gives points"
