"""Scorecards as people read them: status styles, the KPI table, headlines and explanations in
words, the command's JSON and CSV documents, the breakdown table and the trend charts' amendment
marks, for the pages, the packs and the command line.

Nothing here scores: it turns the lines and summaries ``scorecard`` computed into text, tables and
colours. Statuses are shown by a word and a symbol, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from governance.kpis import catalogue, periods, privacy
from governance.kpis.frames import format_value, plain_field, plain_records, plain_value
from governance.scoring.scorecard import Scorecards
from governance.scoring.survey import MIN_RESPONDENTS

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


# --- worse limits and money, as people read them -------------------------------------------------

LIMIT_HEADER = "Worse limit"
LIMIT_NOTE = (
    "Worse limit: the level past which a KPI is in default. ≥ marks a floor (higher is better), "
    "≤ a ceiling (lower is better); a range is the band around 1.000 for billing accuracy."
)
_SIGNS = {"higher": "≥", "lower": "≤"}
_PAST = {"higher": "below", "lower": "above"}


def accepted_range(limit: float) -> tuple[float, float]:
    """The band around 1 that a "best at 1" KPI's worse limit accepts: 0.98 → (0.98, 1.02)."""
    gap = abs(limit - 1)
    return 1 - gap, 1 + gap


def format_limit(value, unit: str, direction: str) -> str:
    """A worse limit with the side the actual must stay on: "≥ 80.0%" (a floor), "≤ 8.0%" (a
    ceiling), "0.980–1.020" (best at 1); "—" when there is none."""
    value = plain_value(value)
    if value is None:
        return "—"
    if direction in _SIGNS:
        return f"{_SIGNS[direction]} {format_value(value, unit)}"
    low, high = accepted_range(value)
    return f"{format_value(low, unit)}–{format_value(high, unit)}"


def limit_words(value, unit: str, direction: str) -> str:
    """A worse limit in a sentence: "worse limit 80.0% (default below it)"."""
    value = plain_value(value)
    if direction in _PAST:
        return f"worse limit {format_value(value, unit)} (default {_PAST[direction]} it)"
    return f"worse limit {format_limit(value, unit, direction)} (default outside it)"


def past_limit(value, unit: str, direction: str) -> str:
    """Where a default stands against its worse limit: "above its worse limit of 8.0%"."""
    value = plain_value(value)
    if direction in _PAST:
        return f"{_PAST[direction]} its worse limit of {format_value(value, unit)}"
    return f"outside its worse limit of {format_limit(value, unit, direction)}"


def format_money(value, currency: str | None = None) -> str:
    """Money as people read it, with the contract's currency when it states one: "EUR 2,000.00",
    "2,000.00" (no currency stated); "—" for none."""
    value = plain_value(value)
    if value is None:
        return "—"
    currency = plain_value(currency)
    return f"{currency} {value:,.2f}" if currency else f"{value:,.2f}"


def money_totals(pairs) -> str:
    """Amounts summed per currency, never across: "EUR 2,000.00 and USD 500.00". ``pairs`` are
    (currency or None, amount or None); a currency whose amounts are all None or add up to zero
    is left out unless every total is zero."""
    totals: dict[str, float] = {}
    for currency, amount in pairs:
        amount = plain_value(amount)
        if amount is None:
            continue
        key = plain_value(currency) or ""
        totals[key] = totals.get(key, 0.0) + float(amount)
    if not totals:
        return format_money(0.0)
    if any(abs(v) >= 0.005 for v in totals.values()):
        totals = {k: v for k, v in totals.items() if abs(v) >= 0.005}
    elif len(totals) > 1:
        return format_money(0.0)
    coded = sorted(k for k in totals if k)
    parts = [format_money(round(totals[k], 2), k) for k in coded]
    if "" in totals:
        plain = format_money(round(totals[""], 2))
        parts.append(plain + " (no currency stated)" if coded else plain)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --- scorecards in words and tables, shared by the pages, the packs and the command line -------


def explain(line: dict) -> str:
    """A score's explanation in words: actual (with its sums), levels, points, weight, target version."""
    line = {k: plain_field(k, v) for k, v in line.items()}
    unit = line["unit"]
    parts = [f"{line['kpi_name']} — {line['definition']}."]
    answered = line.get("respondents")
    if line["kpi"] == catalogue.RELATIONSHIP.code and line.get("withheld"):
        parts.append(
            f"Withheld: only {answered} stakeholder{'s' if answered != 1 else ''} answered the "
            f"survey, fewer than {MIN_RESPONDENTS}, so a score would show what each said. Not "
            "scored, neither a pass nor a fail."
        )
    elif line["status"] == "no_data":
        parts.append("No data in this period: not scored, neither a pass nor a fail.")
    elif line.get("withheld"):
        parts.append(
            f"Figure withheld: it stands for fewer than {privacy.threshold()} people, or would "
            f"give such a figure away (small-cell rule). Against expected "
            f"{format_value(line['expected'], unit)} and "
            f"{limit_words(line['minimum'], unit, line['direction'])}: "
            f"{STATUS_STYLES[line['status']].label.lower()}; left out of the weighted score, "
            "whose points would give the figure back."
        )
    else:
        sums = ""
        if line.get("numerator") is not None and line.get("denominator") is not None:
            sums = f" ({line['numerator']:,.2f} ÷ {line['denominator']:,.2f})".replace(".00", "")
        parts.append(
            f"Actual {format_value(line['actual'], unit)}{sums} against expected "
            f"{format_value(line['expected'], unit)} and "
            f"{limit_words(line['minimum'], unit, line['direction'])}: "
            f"{STATUS_STYLES[line['status']].label.lower()}, {line['points']:.1f} points × weight "
            f"{line['weight']:g}." + (f" {answered} stakeholders answered." if answered else "")
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
    if line.get("excused"):
        parts.append(
            f"Measured without the days excused events cover: {line['excused']} (those days "
            "are left out, not counted as zero)."
        )
    if line.get("override"):
        parts.append(f"Overridden by the client's ruling on a dispute: {line['override']}.")
    if line.get("since_publication"):
        parts.append(
            f"These are the published figures; {line['since_publication']} (the live figures, "
            "which stand only if the scorecard is republished)."
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
            LIMIT_HEADER: [
                format_limit(v, u, d)
                for v, u, d in zip(lines["minimum"], lines["unit"], lines["direction"], strict=True)
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
    notes = [
        "; ".join(
            n
            for n in (
                plain_value(line.get("override")),
                (plain_value(line.get("since_publication")) or "").replace(
                    " since publication", ""
                ),
            )
            if n
        )
        for line in plain_records(lines)
    ]
    if any(notes):
        out["Since publication"] = notes
    if "excused" in lines and lines["excused"].notna().any():
        out["Excused"] = [
            (plain_value(v) or "").split(" — ")[0] for v in lines["excused"]
        ]  # "3 days excused"; the events are in the explanation
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
                        **(
                            {
                                "since_publication": line["since_publication"],
                                "live_actual": line["live_actual"],
                                "live_status": line["live_status"],
                            }
                            if line.get("since_publication")  # a published line since changed
                            else {}
                        ),
                        **({"excused": line["excused"]} if line.get("excused") else {}),
                        **(
                            {"override": line["override"]}
                            if line.get("override")  # a dispute upheld on it
                            else {}
                        ),
                    }
                    for line in by_card.get((s["vendor"], s["program"]), [])
                ],
                **(_published_fields(s) if "published_version" in s else {}),
            }
        )
    return out


def _published_fields(s: dict) -> dict:
    """The ``published`` object of a published scorecard's JSON (none until published)."""
    if s["published_version"] is None:
        return {}
    return {
        "published": {
            "version": s["published_version"],
            "published_at": s["published_at"],
            "published_by": s["published_by"],
            "live_score": s["live_score"],
            "changed_since": bool(s["changed"]),
        }
    }


def publication_words(s: dict) -> str:
    """Whether a scorecard is published, in words ("" for one read without that question)."""
    if "published_version" not in s:
        return ""
    version = plain_value(s["published_version"])
    if version is None:
        return "Not yet published: live figures, which may still change."
    at = plain_value(s["published_at"])
    when = f"{at.day} {at:%b %Y}" if at is not None else "an unknown day"
    text = (
        f"Published{f' (version {version})' if version > 1 else ''} on {when} by "
        f"{s['published_by']}."
    )
    if s.get("changed"):
        live = plain_value(s.get("live_score"))
        published = plain_value(s["weighted_score"])
        same = live is not None and published is not None and abs(live - published) < 0.05
        text += (
            " Data or targets behind it changed since (see each line); "
            + (
                "the score would be the same"
                if same
                else f"the live score is now {_num(live, '.1f')}"
            )
            + ". The published figures stand until it is republished."
        )
    return text


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


def headline(s: dict, *, publication: bool = True) -> str:
    """One scorecard's headline in words (the command's table output and the page's caption);
    ``publication``: with whether it is published (the page says so in its own box)."""
    s = {k: plain_value(v) for k, v in s.items()}
    who = f"{s['vendor']} — {s['program'] or 'whole vendor'} — {periods.label(s['period'])}"
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
    missing = s["kpis_without_data"] or 0
    parts.append(
        "every KPI with data"
        if not missing
        else f"{missing} KPI{'' if missing == 1 else 's'} without data"
    )
    text = "; ".join(parts) + "."
    if not s["complete"]:
        text += f" Partial: data to {s['data_to'] or 'no date'} only."
    text += f" Service level here: {s['sl_definition']}."
    published = publication_words(s) if publication else ""
    return f"{text} {published}" if published else text


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
