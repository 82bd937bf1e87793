"""Business-review packs: the MBR (vendor, month), the QBR (vendor, quarter) and the portfolio pack
(every vendor, quarter) as Excel workbooks whose sheets are slides (domain.md, Governance → Packs).

This module gathers what a pack shows, through the same functions as the ``scorecard`` and
``credits`` commands and the governance pages (one code path, so a pack's figures are the
command's figures); ``packs_book`` lays it out with openpyxl.

Decisions where the domain is silent:

- **Trends** are the scorecard (``scorecard.trend``) of the 13 months (MBR) or 5 quarters (QBR)
  ending with the period, at the whole-vendor level. A people KPI whose counts are small is left
  out of the trend (a gap) and reads "< k" in the scorecard (``privacy``).
- **Escalations**: *opened* = raised in the period, *closed* = resolved or closed in the period;
  the open ones (any period) are aged at the generation time and counted by severity.
- **Action items**: *open* = open or in progress; *due* = open and due by the end of the month
  after the period (or overdue); *done since the last review* = completed on or after the
  period's first day (the previous review covered up to it).
- **Appendix**: the period's monthly KPI table by program / site / channel (nothing lower), with
  the catalogue's non-people KPIs and the offered / answered volumes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb
import pandas as pd

from governance import kpis
from governance.errors import InvalidInput
from governance.kpis import catalogue, frames, periods, privacy
from governance.kpis.periods import Period
from governance.scoring import credits, health, presentation, scorecard
from governance.store import queries
from governance.workflow import compliance, due_dates, escalations, meetings

KINDS = ("MBR", "QBR", "portfolio")
TREND_COUNT = {"month": 13, "quarter": 5}
AGE_BUCKETS = ((7, "Under 7 days"), (30, "7–30 days"), (90, "30–90 days"), (None, "Over 90 days"))
APPENDIX_DIMS = ("program", "site", "channel")
APPENDIX_KPIS = ("service_level", "asa", "abandon_rate", "aht", "fcr", "csat", "qa_score")
PEOPLE_COUNTS = (
    "headcount",
    "leavers",
    "new_hires",
    "early_leavers",
    "trained",
    "training_assigned",
)
PEOPLE_RATES = ("attrition", "early_attrition", "training_completion")
SHEETS = (
    "Cover",
    "Executive summary",
    "Scorecard",
    "Trends",
    "SLA & credits",
    "Escalations",
    "Action items",
    "Health & people",
    "Compliance & calendar",
    "Appendix",
)


@dataclass(frozen=True)
class PackData:
    """Everything one pack shows; ``vendor`` is None for the portfolio pack."""

    kind: str  # MBR | QBR | portfolio
    vendor: str | None
    period: Period
    generated: datetime
    summary: pd.DataFrame  # scorecard.scorecards(...).summary (vendor and program cards)
    lines: pd.DataFrame  # their KPI lines
    highlights: tuple[str, ...]
    trend: pd.DataFrame  # scorecard lines per period (vendor) or vendor summaries (portfolio)
    trend_periods: tuple[str, ...]
    credit_summary: pd.DataFrame
    credit_items: pd.DataFrame
    escalations: pd.DataFrame  # the log with resolved_at / closed_at
    actions: pd.DataFrame
    health: pd.DataFrame
    people: pd.DataFrame  # suppressed display copy
    attestations: pd.DataFrame
    contract_dates: pd.DataFrame
    calendar: pd.DataFrame
    appendix: pd.DataFrame
    meeting_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return {
            "MBR": "Monthly business review",
            "QBR": "Quarterly business review",
            "portfolio": "Portfolio review",
        }[self.kind]

    @property
    def who(self) -> str:
        return self.vendor or "All vendors"


def kind_of(period: Period, portfolio: bool = False) -> str:
    if portfolio:
        if period.kind != "quarter":
            raise InvalidInput("The portfolio pack is quarterly: name a quarter such as 2026Q3.")
        return "portfolio"
    return "MBR" if period.kind == "month" else "QBR"


def gather(
    con: duckdb.DuckDBPyConnection,
    period: Period | str,
    vendor: str | None = None,
    *,
    now: datetime | None = None,
) -> PackData:
    """What the MBR / QBR of ``vendor`` (or, with ``vendor`` None, the portfolio pack) shows.

    ``period`` is a month (MBR) or a quarter (QBR and portfolio). Raises ``InvalidInput`` for an
    unreadable period or a monthly portfolio pack, ``NotFound`` for an unknown vendor.
    """
    p = scorecard.parse_period(period)
    kind = kind_of(p, portfolio=vendor is None)
    now = now or datetime.now().replace(microsecond=0)
    today = now.date()
    terms = scorecard.load_terms(con)
    names = [vendor] if vendor else None
    cards = scorecard.scorecards(con, p, names, terms=terms)
    if vendor is None:
        cards = scorecard.Scorecards(
            p,
            cards.summary[cards.summary["program"].isna()].reset_index(drop=True),
            cards.lines[cards.lines["program"].isna()].reset_index(drop=True),
        )
    trend, trend_periods = _trend(con, p, vendor, terms)
    book = credits.ledger(con, p, names, terms=terms)
    esc = _escalations(con, now, vendor)
    acts = _actions(con, p, today, vendor)
    assessed = health.assess(con, periods.month(p.end).start, names)
    if vendor is None:
        assessed = assessed[assessed["program"].isna()].reset_index(drop=True)
    attest = compliance.attestations(con, today, vendor, current_only=True)
    dates = compliance.contract_dates(con, today, vendor)
    cal = due_dates.items(con, today, vendor=vendor or None)
    data = PackData(
        kind=kind,
        vendor=vendor,
        period=p,
        generated=now,
        summary=cards.summary,
        lines=cards.lines,
        highlights=(),
        trend=trend,
        trend_periods=trend_periods,
        credit_summary=book.summary,
        credit_items=book.items,
        escalations=esc,
        actions=acts,
        health=assessed,
        people=_people(con, p, vendor),
        attestations=attest,
        contract_dates=dates,
        calendar=cal,
        appendix=_appendix(con, p, vendor),
        meeting_id=_meeting_for(con, kind, vendor, p),
    )
    return _with_highlights(data)


# --- parts -------------------------------------------------------------------------------------


def _trend(con, p: Period, vendor: str | None, terms) -> tuple[pd.DataFrame, tuple[str, ...]]:
    count = TREND_COUNT[p.kind]
    labels = tuple(periods.shift(p, -i).label for i in range(count - 1, -1, -1))
    if vendor is not None:
        lines = scorecard.trend(con, vendor, p, count, terms=terms).lines.copy()
        small = [privacy.small_line(x) for x in frames.plain_records(lines)]
        if any(small):
            lines["actual"] = (
                lines["actual"].astype("float64").mask(pd.Series(small, index=lines.index))
            )
        return lines, labels
    windows = [scorecard.Window.of(periods.shift(p, -i)) for i in range(count - 1, -1, -1)]
    lines = scorecard.evaluate_lines(con, windows, terms, mode="vendor")
    summary = scorecard.summarise([x for x in lines if x["program"] is None], terms)
    return summary, labels


def _escalations(con, now: datetime, vendor: str | None) -> pd.DataFrame:
    frame = escalations.log(con, now, vendor=vendor)
    rows = queries.escalation_log_rows(con, vendor=vendor)[
        ["escalation_id", "resolved_at", "closed_at"]
    ]
    return frame.merge(rows, on="escalation_id", how="left")


def _day(value) -> date | None:
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.date() if isinstance(value, datetime) else value


def escalation_counts(frame: pd.DataFrame, p: Period) -> dict:
    """Opened and closed in ``p`` and open now by age bucket × severity."""
    raised = [_day(x) for x in frame["raised_at"]]
    done = [
        _day(c) or _day(r) for c, r in zip(frame["closed_at"], frame["resolved_at"], strict=True)
    ]
    opened = sum(d is not None and p.start <= d <= p.end for d in raised)
    closed = sum(d is not None and p.start <= d <= p.end for d in done)
    active = frame[frame["status"].isin(escalations.ACTIVE)]
    grid = {label: dict.fromkeys(escalations.SEVERITIES, 0) for _, label in AGE_BUCKETS}
    for hours, sev in zip(active["age_hours"], active["severity"], strict=True):
        grid[age_bucket(hours / 24)][sev] += 1
    return {"opened": opened, "closed": closed, "open": len(active), "grid": grid}


def age_bucket(days: float) -> str:
    for limit, label in AGE_BUCKETS:
        if limit is None or days < limit:
            return label
    return AGE_BUCKETS[-1][1]


def _actions(con, p: Period, today: date, vendor: str | None) -> pd.DataFrame:
    frame = meetings.action_items(con, today, vendor)
    horizon = periods.month_end(periods.add_months(p.end, 1))
    is_open = ~frame["status"].isin(meetings.CLOSED_STATUSES)
    due = [
        o and (_day(d) is not None and _day(d) <= horizon)
        for o, d in zip(is_open, frame["due_date"], strict=True)
    ]
    done = [
        s == "done" and _day(c) is not None and _day(c) >= p.start
        for s, c in zip(frame["status"], frame["completed_at"], strict=True)
    ]
    frame["group"] = [
        "Done since last review" if d else ("Due" if u else ("Open" if o else None))
        for o, u, d in zip(is_open, due, done, strict=True)
    ]
    return frame[frame["group"].notna()].reset_index(drop=True)


def _people(con, p: Period, vendor: str | None) -> pd.DataFrame:
    dims = ("vendor",) if vendor is None else ("vendor", "program")
    frame = kpis.rollup(
        con,
        by=None,
        dims=dims,
        kpis=list(PEOPLE_RATES),
        vendors=[vendor] if vendor else None,
        date_from=p.start,
        date_to=p.end,
        components=PEOPLE_COUNTS,
    )
    if frame.empty:
        return frame
    # headcount is a stock summed over days: show the period's average per day
    days = (p.end - p.start).days + 1
    frame["headcount"] = frame["headcount"].astype("float64") / days
    return privacy.suppress_people(frame, dims)


def _appendix(con, p: Period, vendor: str | None) -> pd.DataFrame:
    dims = ("vendor", "program") if vendor is None else ("vendor", *APPENDIX_DIMS)
    frame = kpis.rollup(
        con,
        by="month",
        dims=dims,
        kpis=list(APPENDIX_KPIS),
        vendors=[vendor] if vendor else None,
        date_from=p.start,
        date_to=p.end,
        components=("offered", "answered"),
    )
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame.sort_values(["period", *dims]).reset_index(drop=True)


def _meeting_for(con, kind: str, vendor: str | None, p: Period) -> int | None:
    """The MBR / QBR meeting that reviews ``p``: the first of that kind held after the period
    ended (within two months), else None."""
    if vendor is None:
        return None
    frame = queries.meetings(con, vendor)
    if frame.empty:
        return None
    limit = periods.month_end(periods.add_months(p.end, 2))
    frame = frame[frame["kind"] == kind]
    dates = [_day(d) for d in frame["meeting_date"]]
    hits = [
        (d, int(m))
        for d, m in zip(dates, frame["meeting_id"], strict=True)
        if d is not None and p.end < d <= limit
    ]
    return min(hits)[1] if hits else None


# --- highlights ---------------------------------------------------------------------------------


def _fmt(value, unit: str) -> str:
    return frames.format_value(value, unit)


def _with_highlights(data: PackData) -> PackData:
    out = vendor_highlights(data) if data.vendor else portfolio_highlights(data)
    return PackData(**{**data.__dict__, "highlights": tuple(out)})


def vendor_highlights(data: PackData) -> list[str]:
    """Plain sentences for the executive summary of an MBR / QBR."""
    out: list[str] = []
    whole = data.summary[data.summary["program"].isna()]
    if whole.empty:
        return [f"{data.vendor} has no contract in force in {data.period.label}: no scorecard."]
    s = frames.plain_records(whole)[0]
    score = s["weighted_score"]
    if score is None:
        out.append(f"No KPI had data in {data.period.label}, so there is no weighted score.")
    else:
        text = f"Weighted score {score:.1f} ({s['standing']})"
        if s.get("change") is not None:
            text += f", {s['change']:+.1f} points against the previous period"
        out.append(text + ".")
    lines = [x for x in frames.plain_records(data.lines) if x["program"] is None]
    scored = [x for x in lines if x["status"] != "no_data" and not privacy.small_line(x)]
    if scored:
        best = max(scored, key=lambda x: (x["points"], x["weight"]))
        worst = min(scored, key=lambda x: (x["points"], -x["weight"]))
        out.append(f"Best KPI: {_kpi_phrase(best)}.")
        if worst is not best and worst["points"] < 100:
            out.append(f"Weakest KPI: {_kpi_phrase(worst)}.")
        elif worst["points"] >= 100:
            out.append("Every KPI with data met its expected level.")
    defaults = [x for x in lines if x["status"] == "default"]
    if defaults:
        names = ", ".join(_kpi_name(x) for x in defaults)
        out.append(f"{len(defaults)} KPI(s) in default (worse than the minimum): {names}.")
    else:
        out.append("No KPI in default.")
    out.append(_credit_sentence(data))
    out.append(_p1p2_sentence(data))
    out.extend(_health_sentences(data))
    return out


def portfolio_highlights(data: PackData) -> list[str]:
    """Plain sentences for the executive summary of the portfolio pack."""
    out: list[str] = []
    rows = [r for r in frames.plain_records(data.summary) if r["weighted_score"] is not None]
    out.append(f"{len(data.summary)} vendor(s) scored for {data.period.label}.")
    if rows:
        best = max(rows, key=lambda r: r["weighted_score"])
        worst = min(rows, key=lambda r: r["weighted_score"])
        out.append(
            f"Highest score: {best['vendor']}, {best['weighted_score']:.1f} ({best['standing']})."
        )
        if worst is not best:
            out.append(
                f"Lowest score: {worst['vendor']}, {worst['weighted_score']:.1f} ({worst['standing']})."
            )
    in_default = [r for r in frames.plain_records(data.summary) if r["defaults"]]
    if in_default:
        out.append(
            "KPIs in default: "
            + ", ".join(f"{r['vendor']} ({r['defaults']})" for r in in_default)
            + "."
        )
    else:
        out.append("No vendor has a KPI in default.")
    out.append(_credit_sentence(data))
    out.append(_p1p2_sentence(data))
    out.extend(_health_sentences(data))
    return out


def _kpi_name(line: dict) -> str:
    return line["kpi_name"] + (f" ({line['channel']})" if line.get("channel") else "")


def _kpi_phrase(line: dict) -> str:
    unit = line["unit"]
    return (
        f"{_kpi_name(line)} at {_fmt(line['actual'], unit)} against an expected "
        f"{_fmt(line['expected'], unit)} ({presentation.STATUS_STYLES[line['status']].label.lower()}, "
        f"{line['points']:.0f} points)"
    )


def _credit_sentence(data: PackData) -> str:
    items = frames.plain_records(data.credit_items)
    if not items:
        return f"No service credit arose in {data.period.label}."
    total = float(pd.to_numeric(data.credit_summary["total"], errors="coerce").fillna(0).sum())
    pending = sum(i["status"] == "pending_earn_back" for i in items)
    earned = sum(i["status"] == "earned_back" for i in items)
    return (
        f"Service credits of {total:,.2f} in {data.period.label} from {len(items)} credit(s): "
        f"{pending} pending earn-back, {earned} earned back, {len(items) - pending - earned} final."
    )


def _p1p2_sentence(data: PackData) -> str:
    esc = data.escalations
    hot = esc[esc["status"].isin(escalations.ACTIVE) & esc["severity"].isin(("P1", "P2"))]
    if hot.empty:
        return "No P1 or P2 escalation is open."
    breached = int((hot["resolution_breached"] | hot["response_breached"]).sum())
    ids = ", ".join(f"#{int(i)}" for i in hot["escalation_id"])
    return (
        f"{len(hot)} P1/P2 escalation(s) open ({ids}); {breached} past a response or "
        "resolution target."
    )


def _health_sentences(data: PackData) -> list[str]:
    warn = data.health[data.health["status"].isin(("watch", "at_risk"))]
    if warn.empty:
        return ["No vendor-health warning."]
    out = []
    for r in frames.plain_records(warn):
        scope = r["program"] or "whole vendor"
        who = r["vendor"] if data.vendor is None else scope
        out.append(f"Health {health.STATUS_TEXT[r['status']]} for {who}: {r['reasons']}")
    return out


# --- formats ------------------------------------------------------------------------------------


def number_format(kpi_code: str) -> str:
    """The Excel number format of a KPI (the catalogue's)."""
    try:
        return catalogue.kpi(kpi_code).fmt
    except KeyError:
        return "0.00"


def pack_name(data: PackData) -> str:
    """A file name for the pack: ``QBR_Northwind_Contact_2026Q3.xlsx``."""
    who = (
        "Portfolio"
        if data.vendor is None
        else "".join(c if c.isalnum() else "_" for c in data.vendor)
    )
    prefix = "" if data.vendor is None else f"{data.kind}_"
    return f"{prefix}{who}_{data.period.label}.xlsx"


def portfolio_table(data: PackData) -> pd.DataFrame:
    """The portfolio pack's scorecard as people read it: one row per vendor."""
    rows = [
        {
            "Vendor": r["vendor"],
            "Weighted score": presentation._num(r["weighted_score"], ".1f"),
            "Standing": r["standing"] or "No data",
            "Change": presentation._num(r["change"], "+.1f"),
            "Rank": "—" if r["rank"] is None else f"{r['rank']} of {r['ranked']}",
            "KPIs in default": r["defaults"],
            "KPIs without data": r["kpis_without_data"],
        }
        for r in frames.plain_records(data.summary)
    ]
    return pd.DataFrame(rows)
