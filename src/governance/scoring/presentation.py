"""Scorecards as people read them: status styles, the KPI table, headlines and explanations in
words, the command's JSON and CSV documents, the breakdown table and the trend charts' amendment
marks, for the pages, the packs and the command line.

Nothing here scores: it turns the lines and summaries ``scorecard`` computed into text, tables and
colours. Statuses are shown by a word and a symbol, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from governance.kpis import privacy
from governance.kpis.frames import format_value, plain_field, plain_records, plain_value
from governance.scoring.scorecard import Scorecards

# --- statuses -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusStyle:
    """How a status is shown: a word and a symbol (never colour alone) and colour-blind-safe fills."""

    label: str
    symbol: str
    colour: str
    text_colour: str

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.label}"


# Okabe–Ito blue, yellow and vermillion stay apart for the common colour-vision deficiencies;
# the symbol and word carry the meaning on their own as well.
STATUS_STYLES = {
    "met": StatusStyle("Met", "✔", "#0072B2", "#FFFFFF"),
    "below_target": StatusStyle("Below target", "▼", "#F0E442", "#000000"),
    "default": StatusStyle("Default", "✖", "#D55E00", "#FFFFFF"),
    "no_data": StatusStyle("No data", "–", "#DDDDDD", "#000000"),
}


# --- scorecards in words and tables, shared by the pages, the packs and the command line -------


def explain(line: dict) -> str:
    """A score's explanation in words: actual (with its sums), levels, points, weight, target version."""
    line = {k: plain_field(k, v) for k, v in line.items()}
    unit = line["unit"]
    parts = [f"{line['kpi_name']} — {line['definition']}."]
    if line["status"] == "no_data":
        parts.append("No data in this period: not scored, neither a pass nor a fail.")
    else:
        sums = ""
        if line.get("numerator") is not None and line.get("denominator") is not None:
            sums = f" ({line['numerator']:,.2f} ÷ {line['denominator']:,.2f})".replace(".00", "")
        parts.append(
            f"Actual {format_value(line['actual'], unit)}{sums} against expected "
            f"{format_value(line['expected'], unit)} and minimum {format_value(line['minimum'], unit)}: "
            f"{STATUS_STYLES[line['status']].label.lower()}, {line['points']:.1f} points × weight "
            f"{line['weight']:g}."
        )
    to = line.get("target_to")
    version = (
        f"Target version {line['target_version']} (id {line['target_id']}), in force from "
        f"{line['target_from']}"
        + (f" to {to}" if to else " onwards")
        + f", scored as in force on {line['period_end']}, the window's last day"
    )
    if line.get("amendment_id") is not None:
        version += (
            f"; set by amendment #{line['amendment_id']} effective {line['amendment_from']} "
            f'("{line["amendment_reason"]}", approved by {line["amendment_approved_by"]})'
        )
    else:
        version += "; the contract's original target"
    parts.append(version + ".")
    if line["tier"] == "critical":
        parts.append(
            f"Critical service level: credits apply on default over its {line['measurement_window']} "
            f"window (allocation {line['allocation_pct']:g}%)."
        )
    return " ".join(parts)


def table(lines: pd.DataFrame) -> pd.DataFrame:
    """The scorecard table people read (page and ``scorecard --format table``): one row per KPI."""
    out = pd.DataFrame(
        {
            "KPI": [
                n + (f" ({c})" if c else "")
                for n, c in zip(lines["kpi_name"], lines["channel"].map(plain_value), strict=True)
            ],
            "Status": [STATUS_STYLES[s].text for s in lines["status"]],
            "Actual": [
                format_value(plain_value(v), u)
                for v, u in zip(lines["actual"], lines["unit"], strict=True)
            ],
            "Expected": [
                format_value(plain_value(v), u)
                for v, u in zip(lines["expected"], lines["unit"], strict=True)
            ],
            "Minimum": [
                format_value(plain_value(v), u)
                for v, u in zip(lines["minimum"], lines["unit"], strict=True)
            ],
            "Points": [_num(plain_value(v), ".1f") for v in lines["points"]],
            "Weight": [_num(plain_value(v), "g") for v in lines["weight"]],
            "Tier": lines["tier"],
            "Target version": [
                f"v{v}" + (f" (amendment #{int(a)})" if plain_value(a) is not None else "")
                for v, a in zip(lines["target_version"], lines["amendment_id"], strict=True)
            ],
        }
    )
    return out


def records(cards: Scorecards) -> list[dict]:
    """The ``scorecard --format json`` document (interfaces.md), one dict per scorecard."""
    by_card: dict[tuple, list[dict]] = {}
    for line in plain_records(cards.lines):
        if privacy.small_line(line):  # a people figure standing for fewer than k: "< k"
            line["actual"] = privacy.label()
        by_card.setdefault((line["vendor"], line["program"]), []).append(line)
    out = []
    for s in plain_records(cards.summary):
        out.append(
            {
                "vendor": s["vendor"],
                "program": s["program"],
                "period": s["period"],
                "weighted_score": s["weighted_score"],
                "standing": s["standing"],
                "kpis_without_data": s["kpis_without_data"],
                "kpis": [
                    {
                        "kpi": line["kpi"],
                        "actual": line["actual"],
                        "expected": line["expected"],
                        "minimum": line["minimum"],
                        "status": line["status"],
                        "points": line["points"],
                        "weight": line["weight"],
                        "definition": line["definition"],
                    }
                    for line in by_card.get((s["vendor"], s["program"]), [])
                ],
            }
        )
    return out


def by_card(cards: Scorecards) -> list[tuple[dict, pd.DataFrame]]:
    """Each scorecard's summary (a plain dict) with its KPI lines, in summary order."""
    out = []
    for s in plain_records(cards.summary):
        mask = (cards.lines["vendor"] == s["vendor"]) & (
            cards.lines["program"].isna()
            if s["program"] is None
            else cards.lines["program"] == s["program"]
        )
        out.append((s, cards.lines[mask].reset_index(drop=True)))
    return out


def _num(value, fmt: str, empty: str = "—") -> str:
    return empty if value is None or value != value else format(value, fmt)


def headline(s: dict) -> str:
    """One scorecard's headline in words (the command's table output and the page's caption)."""
    s = {k: plain_value(v) for k, v in s.items()}
    who = f"{s['vendor']} — {s['program'] or 'whole vendor'} — {s['period']}"
    score = _num(s["weighted_score"], ".1f")
    parts = [
        f"{who}: weighted score {score}"
        + (f" ({s['standing']})" if s["standing"] else " (no data)")
    ]
    if "change" in s:
        parts.append(f"change {_num(s['change'], '+.1f')} vs the previous period")
        parts.append(f"rolling three {_num(s['rolling_three'], '.1f')}")
    if s.get("rank") is not None:
        parts.append(f"rank {s['rank']} of {s['ranked']}")
    parts.append(f"{s['kpis_without_data']} KPI(s) without data")
    text = "; ".join(parts) + "."
    if not s["complete"]:
        text += f" Partial: data to {s['data_to'] or 'no date'} only."
    return text + f" Service level here: {s['sl_definition']}."


FLAT_COLUMNS = (
    "vendor",
    "program",
    "period",
    "weighted_score",
    "standing",
    "kpis_without_data",
    "change",
    "rolling_three",
    "rank",
    "kpi",
    "channel",
    "actual",
    "expected",
    "minimum",
    "status",
    "points",
    "weight",
    "tier",
    "target_version",
    "amendment_id",
    "definition",
)


def flat(cards: Scorecards) -> pd.DataFrame:
    """One row per scorecard KPI with its scorecard's figures (``scorecard --format csv``)."""
    key = ["vendor", "program"]
    summary = cards.summary[
        [*key, "weighted_score", "standing", "kpis_without_data", "change", "rolling_three", "rank"]
    ]
    lines = cards.lines.assign(program=cards.lines["program"].astype(object))
    summary = summary.assign(program=summary["program"].astype(object))
    merged = lines.merge(summary, on=key, how="left")
    merged["amendment_id"] = merged["amendment_id"].astype("Int64")
    out = merged.reindex(columns=FLAT_COLUMNS)
    small = [privacy.small_line(line) for line in plain_records(merged)]
    if any(small):  # a people figure standing for fewer than k people reads "< k"
        out["actual"] = out["actual"].astype(object)
        out.loc[pd.Series(small, index=out.index), "actual"] = privacy.label()
    return out


def breakdown_table(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """``breakdown`` as people read it: one row per value of ``by``, one column per KPI, each
    cell the status symbol and the value (e.g. "▼ 84.3%")."""
    if frame.empty:
        return pd.DataFrame(columns=[by.title()])
    cells = {}
    order: list[str] = []
    for r in frame.to_dict("records"):
        order.append(r["kpi_name"]) if r["kpi_name"] not in order else None
        style = STATUS_STYLES[r["status"]]
        cells.setdefault(r[by], {})[r["kpi_name"]] = f"{style.symbol} {r['shown']}"
    rows = [
        {by.title(): key, **{k: vals.get(k, "—") for k in order}}
        for key, vals in sorted(cells.items())
    ]
    return pd.DataFrame(rows, columns=[by.title(), *order])


# --- the trend charts ---------------------------------------------------------------------------


def amendment_marks(lines: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """The amendments that changed ``kpi``'s target within the lines' periods: date, reason, levels."""
    rows = lines[(lines["kpi"] == kpi) & lines["amendment_id"].notna()]
    if rows.empty:
        return pd.DataFrame(
            columns=["amendment_id", "date", "reason", "approved_by", "expected", "minimum"]
        )
    first = min(lines["period_start"])
    last = max(lines["period_end"])
    out = rows.drop_duplicates("amendment_id")[
        [
            "amendment_id",
            "amendment_from",
            "amendment_reason",
            "amendment_approved_by",
            "expected",
            "minimum",
        ]
    ].rename(
        columns={
            "amendment_from": "date",
            "amendment_reason": "reason",
            "amendment_approved_by": "approved_by",
        }
    )
    return out[(out["date"] >= first) & (out["date"] <= last)].reset_index(drop=True)
