"""The portfolio view for leadership: every vendor's headline KPIs for a month, and trends."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from governance import kpis
from governance.kpis import catalogue, frames, periods, privacy
from governance.scoring import credits, presentation, published, scorecard, standings
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


# --- the standings board: every vendor, worst first, each KPI in its status colour ------------------

# Short KPI names for the board's narrow columns; the column's help gives the full name.
SHORT_NAMES = {
    "service_level": "SL",
    "asa": "ASA",
    "abandon_rate": "Abandon",
    "aht": "AHT",
    "fcr": "FCR",
    "csat": "CSAT",
    "nps": "NPS",
    "qa_score": "QA",
    "interval_sl_attainment": "Interval SL",
    "attrition": "Attrition",
    "early_attrition": "Early attrition",
    "training_completion": "Training",
    "cost_per_contact": "Cost/contact",
    "billing_accuracy": "Billing",
    "relationship_score": "Relationship",
}
# The board's KPI columns: the headline KPIs first, then the catalogue's order.
KPI_ORDER = tuple(
    dict.fromkeys(("service_level", "abandon_rate", "csat", "aht", *catalogue.SCORED_CODES))
)
SL_WORDS = (
    "Service level: as each vendor's contract defines it (answered within its threshold ÷ "
    "offered, answered, or offered less short abandons)"
)
_CHANNELS = list(catalogue.CHANNELS)  # a KPI's channel columns in the catalogue's order
BOARD_COLUMNS = ("Vendor", "Standing", "Score", "Recommended action")
_WORST_FIRST = {s: i for i, s in enumerate(("default", "below_target", "met", "no_data"))}


@dataclass(frozen=True)
class Board:
    """Every vendor by standing as the Portfolio shows it: ``table`` (text, one row per vendor:
    ``BOARD_COLUMNS`` then one column per KPI with a target), ``statuses`` (the same shape: the
    ``presentation.STATUS_STYLES`` key a cell is coloured with, None for none), ``kpis``
    (KPI column → the KPI's name and definition, for its header) and ``actions`` (each standing
    on the board → its recommended action in full; the table gives its first clause)."""

    table: pd.DataFrame
    statuses: pd.DataFrame
    kpis: dict[str, str]
    actions: dict[str, str]


def standing_status(name: str | None) -> str:
    """The status colour of a standing: the lowest band reads as a default, the one above it as
    below target, the others as met; no standing as no data."""
    rank = standings.rank_of(name)
    if rank is None:
        return "no_data"
    below = len(standings.BANDS) - 1 - rank  # 0 = the lowest band
    return "default" if below == 0 else ("below_target" if below == 1 else "met")


def standings_board(cards: scorecard.Scorecards, names: list[str], m: periods.Period) -> Board:
    """Every vendor in ``names`` by standing, worst first (the lowest band first, then the lower
    score, then the name); then the vendors with a contract but no data for the month ("No data
    for Sep 2026"); then those with no contract in force. Each KPI of the vendor scorecard reads
    its status symbol and value ("✖ 76.9%"), "no data" without data, the small-cell label when
    the figure is withheld, and nothing where the contract sets no target for it. The score reads
    with its change against the previous month ("39.1 (-10.4)"); the standing says the one it
    moved from ("✖ At risk, was Good"); the recommended action is its first clause
    (``first_clause``), in full in ``actions``."""
    label = m.start.strftime("%b %Y")
    cells: dict[str, dict[str, tuple[str, str | None]]] = {}
    headers: dict[tuple, str] = {}
    for line in frames.plain_records(cards.lines[cards.lines["program"].isna()]):
        channel = line["channel"]
        key = (KPI_ORDER.index(line["kpi"]), -1 if channel is None else _CHANNELS.index(channel))
        short = SHORT_NAMES.get(line["kpi"], line["kpi_name"])
        name = short + (f" {line['channel']}" if line["channel"] else "")
        headers[key] = name
        if privacy.small_line(line):
            cell = (privacy.label(), None)
        elif line["status"] == "no_data":
            cell = ("no data", "no_data")
        else:
            style = presentation.STATUS_STYLES[line["status"]]
            cell = (
                f"{style.symbol} {frames.format_value(line['actual'], line['unit'])}",
                line["status"],
            )
        held = cells.setdefault(line["vendor"], {}).get(name)
        if held is None or _WORST_FIRST.get(cell[1] or "", 9) < _WORST_FIRST.get(held[1] or "", 9):
            cells[line["vendor"]][name] = cell  # per-program targets: the worst one shows
    kpi_columns = [headers[k] for k in sorted(headers)]
    kpis = {}
    for (order, at), name in headers.items():
        k, channel = catalogue.kpi(KPI_ORDER[order]), None if at < 0 else _CHANNELS[at]
        words = SL_WORDS if k.code == "service_level" else f"{k.name}: {k.definition}"
        kpis[name] = words.replace(":", f" ({channel} only):", 1) if channel else words

    summary = {
        s["vendor"]: s for s in frames.plain_records(cards.summary[cards.summary["program"].isna()])
    }
    ranked = []
    for vendor in names:
        s = summary.get(vendor)
        if s is not None and s["weighted_score"] is not None:
            band = standings.rank_of(s["standing"])
            ranked.append(((0, -band, s["weighted_score"], vendor), vendor, s))
        else:
            ranked.append(((1 if s is not None else 2, 0, 0.0, vendor), vendor, s))
    rows, colours, actions = [], [], {}
    for (group, *_), vendor, s in sorted(ranked, key=lambda x: x[0]):
        kpi_cells = cells.get(vendor, {}) if group == 0 else {}
        if group == 0:
            style = presentation.STATUS_STYLES[standing_status(s["standing"])]
            standing = f"{style.symbol} {s['standing']}"
            if s["previous_standing"] and s["previous_standing"] != s["standing"]:
                standing += f", was {s['previous_standing']}"
            score = f"{s['weighted_score']:.1f}"
            if s["change"] is not None:
                change = round(s["change"], 1) + 0.0
                score += f" ({change:+.1f})" if change else " (±0.0)"
            action, colour = first_clause(s["action"]), standing_status(s["standing"])
            actions[s["standing"]] = s["action"]
        elif group == 1:
            standing, score, colour = f"No data for {label}", "", "no_data"
            action = "Not scored: no KPI data this month, neither a pass nor a fail."
        else:
            standing, score, colour = "No contract", "", "no_data"
            action = f"No contract in force in {label}: nothing to score against."
        rows.append(
            {"Vendor": vendor, "Standing": standing, "Score": score, "Recommended action": action}
            | {c: kpi_cells.get(c, ("", None))[0] for c in kpi_columns}
        )
        colours.append(
            {"Vendor": None, "Standing": colour, "Score": None, "Recommended action": None}
            | {c: kpi_cells.get(c, ("", None))[1] for c in kpi_columns}
        )
    columns = [*BOARD_COLUMNS, *kpi_columns]
    return Board(
        pd.DataFrame(rows, columns=columns),
        pd.DataFrame(colours, columns=columns, dtype=object),
        kpis,
        {b.name: actions[b.name] for b in reversed(standings.BANDS) if b.name in actions},
    )


RISK_COLUMN = "Risk tier"


def with_risk(board: Board, tiers: pd.DataFrame) -> Board:
    """``board`` with each vendor's risk tier (``risk.assess``) beside its name: how exposed the
    client is to it, a column of its own, never a status colour or part of the score."""
    if tiers.empty or board.table.empty:
        return board
    by_vendor = dict(zip(tiers["vendor"], tiers["risk_tier"], strict=True))
    table = board.table.copy()
    statuses = board.statuses.copy()
    at = list(table.columns).index("Vendor") + 1
    table.insert(at, RISK_COLUMN, [by_vendor.get(v, "").capitalize() for v in table["Vendor"]])
    statuses.insert(at, RISK_COLUMN, pd.Series([None] * len(statuses), dtype=object))
    return Board(table, statuses, board.kpis, board.actions)


def risk_note(tiers: pd.DataFrame) -> str:
    """The risk tiers in one line, each with the inputs that set it."""
    shown = [
        f"{r['vendor']} {r['risk_tier']} ({r['risk_reasons']})" for r in frames.plain_records(tiers)
    ]
    return (
        "Risk tier, apart from performance: how exposed the client is to each vendor (share of "
        "volume and spend, expired attestations, open P1/P2 escalations, health). "
        + "; ".join(shown)
        + "."
    )


def first_clause(action: str) -> str:
    """An action's first clause, up to its first colon or semicolon: "Escalate to L2 (VMO lead
    and vendor operations director)"; the whole action when it has none."""
    for i, ch in enumerate(action):
        if ch in ":;":
            return action[:i].strip()
    return action.strip().rstrip(".")


# --- leadership: scorecards, credits and what needs attention (issue 4) ----------------------------


@dataclass(frozen=True)
class Leadership:
    """The Portfolio page's governance views for a month, from one set of scorecards and credits.

    ``league``: one row per vendor by weighted score (rank, standing, change, standing moved);
    ``heatmap``: vendor × KPI status (long: ``vendor``, ``kpi``, ``kpi_name``, ``status``,
    ``shown`` value, ``expected``); ``cost``: ``vendor``, ``weighted_score``, ``standing``,
    ``cost_per_contact`` (invoiced amount ÷ handled contacts), ``currency`` (the contract's);
    ``credits``: per vendor and currency the month's credits and the year to date by status
    (``credit_table``); ``attention``: what needs attention
    (defaults, repeated misses, standings that dropped), most serious first; ``board``: every
    vendor by standing, worst first, each KPI with its status (``standings_board``).
    """

    month: periods.Period
    league: pd.DataFrame
    heatmap: pd.DataFrame
    cost: pd.DataFrame
    credits: pd.DataFrame
    attention: pd.DataFrame
    board: Board


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
    cards = published.scorecards(con, m, vendors, programs=False, terms=terms)
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
    window = scorecard.Window.of(m)
    cost["currency"] = [(terms.contract(v, window) or {}).get("currency") for v in cost["vendor"]]

    attention = _attention(cards, ytd, m)
    names = scorecard.check_vendors(con, vendors) or queries.vendor_names(con)
    board = standings_board(cards, names, m)
    return Leadership(m, league, heatmap, cost, credit_table(ytd.summary, m), attention, board)


CREDIT_SUMS = ("total", "pending_earn_back", "earned_back", "final")


def credit_table(book: pd.DataFrame, m: periods.Period) -> pd.DataFrame:
    """Per vendor and currency: the month's credits and the year to date by status.

    ``book`` is a ledger's summary (``credits.ledger``) from January to ``m``. Amounts are summed
    within one currency only: a vendor whose contracts changed currency in the year has a row per
    currency (``currency`` None: the contract states none). Columns: ``vendor``, ``currency``,
    ``month_total``, ``ytd_total``, ``ytd_pending_earn_back``, ``ytd_earned_back``, ``ytd_final``.
    """
    sums = [f"ytd_{c}" for c in CREDIT_SUMS]
    rows: dict[tuple[str, str], dict] = {}
    for r in frames.plain_records(book):
        key = (r["vendor"], r["currency"] or "")
        row = rows.setdefault(
            key,
            {"vendor": r["vendor"], "currency": r["currency"], "month_total": None}
            | dict.fromkeys(sums),
        )
        if r["period"] == m.label:
            row["month_total"] = r["total"]
        for col, ytd in zip(CREDIT_SUMS, sums, strict=True):
            if r[col] is not None:
                row[ytd] = credits.cents((row[ytd] or 0.0) + r[col])
    out = pd.DataFrame(
        [rows[k] for k in sorted(rows)], columns=["vendor", "currency", "month_total", *sums]
    )
    return out.astype({c: "float64" for c in ("month_total", *sums)})


def credit_note(table: pd.DataFrame, label: str) -> str:
    """The credits of the vendors in ``table`` (``credit_table``) in one sentence, summed per
    currency: "Credits in Sep 2026: EUR 2,000.00 and USD 500.00; year to date: …"."""
    rows = frames.plain_records(table)
    month = presentation.money_totals((r["currency"], r["month_total"]) for r in rows)
    ytd = presentation.money_totals((r["currency"], r["ytd_total"]) for r in rows)
    text = f"Credits in {label}: {month}; year to date: {ytd}."
    if len({r["currency"] for r in rows}) > 1:
        text += " Amounts in different currencies are totalled separately, never added."
    return text


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
                "issue": f"{line['kpi_name']} in default: {frames.format_value(line['actual'], line['unit'])}, "
                + presentation.past_limit(line["minimum"], line["unit"], line["direction"])
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
