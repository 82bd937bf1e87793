"""The portfolio view for leadership: every vendor's headline KPIs for a month, and trends."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from governance import kpis
from governance.kpis import frames, periods
from governance.scoring import credits, scorecard
from governance.store import queries

HEADLINE_KPIS = ("service_level", "abandon_rate", "aht", "csat")
VOLUME = "offered"


def month_summary(
    con: duckdb.DuckDBPyConnection, month: date, vendors: list[str] | None = None
) -> pd.DataFrame:
    """One row per vendor: volume and headline KPIs for ``month`` with the change vs the month before.

    Columns: ``vendor``, ``offered``, then for each headline KPI its value and ``<kpi>_change``
    (this month minus last; NaN where either month has no data), and ``sl_definition`` (see
    ``sl_definitions``; None when unknown). Every registered vendor (or each of ``vendors``) gets
    a row, with NaN where it has no data for the month.
    """
    this = periods.month(month)
    prev = this.previous()
    data = kpis.rollup(
        con,
        by="month",
        dims=("vendor",),
        kpis=HEADLINE_KPIS,
        vendors=vendors,
        date_from=prev.start,
        date_to=this.end,
        components=(VOLUME,),
    )
    data["period"] = pd.to_datetime(data["period"]).dt.date
    cur = data[data["period"] == this.start].set_index("vendor")
    old = data[data["period"] == prev.start].set_index("vendor")
    names = vendors if vendors is not None else queries.vendor_names(con)
    out = pd.DataFrame({"vendor": list(names)})
    out[VOLUME] = out["vendor"].map(cur[VOLUME]).astype("float64")
    for code in HEADLINE_KPIS:
        now_v = out["vendor"].map(cur[code]).astype("float64")
        before = out["vendor"].map(old[code]).astype("float64")
        out[code] = now_v
        out[f"{code}_change"] = now_v - before
    where = list(out.columns).index("service_level_change") + 1
    out.insert(where, "sl_definition", out["vendor"].map(sl_definitions(con, this.start, this.end)))
    return out


def sl_thresholds_counted(
    con: duckdb.DuckDBPyConnection, first: date, last: date
) -> dict[str, set[int]]:
    """Per vendor, the service-level thresholds (seconds) at which the files imported for
    ``first``..``last`` counted "answered within": how its figures for those days were made."""
    seen: dict[str, set[int]] = {}
    for vendor, text in queries.batch_profiles(con, first, last):
        try:
            threshold = tomllib.loads(text).get("sl_threshold_seconds")
        except tomllib.TOMLDecodeError:  # a demo batch's note, not a profile
            continue
        if isinstance(threshold, int) and not isinstance(threshold, bool):
            seen.setdefault(vendor, set()).add(threshold)
    return seen


def sl_mismatch(
    con: duckdb.DuckDBPyConnection, vendor: str, first: date, last: date, contract_seconds: int
) -> str | None:
    """A warning when the vendor's files for ``first``..``last`` counted service level at
    another threshold than its contract's ``contract_seconds``; None when they agree (or no
    imported file says)."""
    counted = sl_thresholds_counted(con, first, last).get(vendor, set())
    other = sorted(t for t in counted if t != contract_seconds)
    if not other:
        return None
    at = " and ".join(f"{t} s" for t in other)
    return (
        f"The files imported for this period counted calls answered within {at}, but the "
        f"contract's service level is answered within {contract_seconds} s: the service level "
        f"below is measured at {at}. Ask the vendor for exports counted at {contract_seconds} s, "
        "or amend the contract."
    )


def sl_definitions(con: duckdb.DuckDBPyConnection, first: date, last: date) -> dict[str, str]:
    """Per vendor, how its service level for ``first``..``last`` is defined, in words: the
    threshold its files counted "answered within" at ("20 s"; "20/60 s" when files differ), else
    the one its contract sets, and what the portfolio divides by (offered), with the contract's
    own denominator when that differs ("20 s ÷ offered (contract: ÷ answered)")."""
    seen = sl_thresholds_counted(con, first, last)
    in_force = queries.contracts(con)
    in_force = in_force[
        (pd.to_datetime(in_force["start_date"]).dt.date <= last)
        & (in_force["end_date"].isna() | (pd.to_datetime(in_force["end_date"]).dt.date >= first))
    ]
    contract = {r.vendor: r for r in in_force.itertuples()}  # the latest starting one wins
    out = {}
    for vendor in sorted(set(seen) | set(contract)):
        c = contract.get(vendor)
        thresholds = sorted(seen.get(vendor) or ([int(c.sl_threshold_seconds)] if c else []))
        if not thresholds:
            continue
        text = f"{'/'.join(str(t) for t in thresholds)} s ÷ offered"
        if c is not None and c.sl_over != "offered":
            text += f" (contract: ÷ {c.sl_over.replace('_', ' ')})"  # words, not a code
        out[vendor] = text
    return out


def trend(
    con: duckdb.DuckDBPyConnection,
    kpi_code: str,
    end_month: date,
    months: int = 18,
    vendors: list[str] | None = None,
) -> pd.DataFrame:
    """Monthly ``kpi_code`` per vendor over ``months`` months ending with ``end_month``.

    Columns: ``vendor``, ``period`` (a date, the first of the month), ``value``.
    """
    window = periods.months_back(end_month, months)
    data = kpis.rollup(
        con,
        by="month",
        dims=("vendor",),
        kpis=(kpi_code,),
        vendors=vendors,
        date_from=window[0].start,
        date_to=window[-1].end,
    )
    data["period"] = pd.to_datetime(data["period"]).dt.date
    return data.rename(columns={kpi_code: "value"})[["vendor", "period", "value"]]


# --- leadership: scorecards, credits and what needs attention (issue 4) ----------------------------


@dataclass(frozen=True)
class Leadership:
    """The Portfolio page's governance views for a month, from one set of scorecards and credits.

    ``league``: one row per vendor by weighted score (rank, standing, change, standing moved);
    ``heatmap``: vendor × KPI status (long: ``vendor``, ``kpi``, ``kpi_name``, ``status``,
    ``shown`` value, ``expected``); ``cost``: ``vendor``, ``weighted_score``, ``standing``,
    ``cost_per_contact`` (invoiced amount ÷ handled contacts); ``credits``: per vendor the
    month's credits and the year to date by status; ``attention``: what needs attention
    (defaults, repeated misses, standings that dropped), most serious first.
    """

    month: periods.Period
    league: pd.DataFrame
    heatmap: pd.DataFrame
    cost: pd.DataFrame
    credits: pd.DataFrame
    attention: pd.DataFrame


def leadership(
    con: duckdb.DuckDBPyConnection, month: date, vendors: list[str] | None = None
) -> Leadership:
    """League table, status heatmap, cost vs performance, credits and attention list for ``month``.

    The numbers are those of ``scorecard.scorecards`` (vendor scorecards) and
    ``credits.ledger`` for the same month, the ones the ``scorecard`` and ``credits`` commands
    print. Ranks are among all vendors even when ``vendors`` narrows the view.
    """

    m = periods.month(month)
    terms = scorecard.load_terms(con)
    cards = scorecard.scorecards(con, m, vendors, programs=False, terms=terms)
    ytd = credits.year_to_date(con, m, vendors, terms=terms)

    s = cards.summary
    league = pd.DataFrame(
        {
            "rank": s["rank"],
            "vendor": s["vendor"],
            "weighted_score": s["weighted_score"],
            "standing": s["standing"],
            "change": s["change"],
            "previous_standing": s["previous_standing"],
            "standing_moved": [_moved(x) for x in s["standing_change"]],
            "rolling_three": s["rolling_three"],
            "kpis_without_data": s["kpis_without_data"],
            "defaults": s["defaults"],
            "action": s["action"],
        }
    )
    league = league.sort_values(["rank", "vendor"], na_position="last", kind="stable")
    league = league.reset_index(drop=True)

    lines = cards.lines
    heatmap = pd.DataFrame(
        {
            "vendor": lines["vendor"],
            "kpi": lines["kpi"],
            "kpi_name": [
                n + (f" ({c})" if isinstance(c, str) else "")
                for n, c in zip(lines["kpi_name"], lines["channel"], strict=True)
            ],
            "status": lines["status"],
            "shown": [
                frames.format_value(frames.plain_value(v), u)
                for v, u in zip(lines["actual"], lines["unit"], strict=True)
            ],
            "expected": [
                frames.format_value(frames.plain_value(v), u)
                for v, u in zip(lines["expected"], lines["unit"], strict=True)
            ],
        }
    )

    spend = kpis.rollup(
        con,
        by=None,
        dims=("vendor",),
        kpis=("cost_per_contact",),
        vendors=list(s["vendor"]),
        date_from=m.start,
        date_to=m.end,
    )
    cost = s[["vendor", "weighted_score", "standing"]].merge(
        spend[["vendor", "cost_per_contact"]], on="vendor", how="left"
    )

    book = ytd.summary
    this = book[book["period"] == m.label].set_index("vendor")
    by_vendor = book.groupby("vendor")[["total", "pending_earn_back", "earned_back", "final"]].sum(
        min_count=1
    )
    credit_rows = pd.DataFrame({"vendor": sorted(set(book["vendor"]))})
    credit_rows["month_total"] = credit_rows["vendor"].map(this["total"]).astype("float64")
    for col in ("total", "pending_earn_back", "earned_back", "final"):
        credit_rows[f"ytd_{col}"] = credit_rows["vendor"].map(by_vendor[col]).astype("float64")

    attention = _attention(cards, ytd, m)
    return Leadership(m, league, heatmap, cost, credit_rows, attention)


def _moved(step) -> str:
    if step is None or step != step:
        return ""
    return "▲ rose" if step > 0 else ("▼ fell" if step < 0 else "= same")


def _attention(cards, ytd, m: periods.Period) -> pd.DataFrame:
    """Defaults, credits and standings that dropped, most serious first (defaults, then falls)."""

    rows = []
    for line in frames.plain_records(cards.lines[cards.lines["status"] == "default"]):
        rows.append(
            {
                "vendor": line["vendor"],
                "severity": 1,
                "kind": "default",
                "issue": f"{line['kpi_name']} in default: {frames.format_value(line['actual'], line['unit'])} "
                f"against a minimum of {frames.format_value(line['minimum'], line['unit'])}"
                + (" (critical: service credit)" if line["tier"] == "critical" else ""),
            }
        )
    items = ytd.items[(ytd.items["period"] == m.label) & (ytd.items["reason"] == "repeated_miss")]
    for item in frames.plain_records(items):
        rows.append(
            {
                "vendor": item["vendor"],
                "severity": 1,
                "kind": "repeated miss",
                "issue": f"{item['kpi_name']} below expected {item['misses_in_12_months']} times in "
                f"twelve months: counts as a default ({credits.REASONS['repeated_miss']})",
            }
        )
    for s in frames.plain_records(cards.summary):
        if s["standing_change"] is not None and s["standing_change"] < 0:
            rows.append(
                {
                    "vendor": s["vendor"],
                    "severity": 2,
                    "kind": "standing fell",
                    "issue": f"Standing fell from {s['previous_standing']} to {s['standing']} "
                    f"({s['change']:+.1f} points). {s['action']}",
                }
            )
        if not s["complete"]:
            rows.append(
                {
                    "vendor": s["vendor"],
                    "severity": 3,
                    "kind": "partial data",
                    "issue": f"Data for {m.label} covers only up to {s['data_to'] or 'no day'}: the score may change.",
                }
            )
    frame = pd.DataFrame(rows, columns=["vendor", "severity", "kind", "issue"])
    return frame.sort_values(["severity", "vendor"], kind="stable").reset_index(drop=True)
