"""Business-review packs: the MBR (vendor, month), the QBR (vendor, quarter) and the portfolio pack
(every vendor, quarter) as Excel workbooks whose sheets are slides (domain.md, Governance → Packs).

This module gathers what a pack shows, through the same functions as the ``scorecard`` and
``credits`` commands and the governance pages (one code path, so a pack's figures are the
command's figures); ``packs_book`` lays it out with openpyxl.

Decisions where the domain is silent:

- **Trends** are the scorecard (``published.trend``: published periods as published) of the 13
  months (MBR) or 5 quarters (QBR) ending with the period, at the whole-vendor level. A people KPI whose counts are small is left
  out of the trend (a gap) and reads "< k" in the scorecard (``privacy``).
- **As of the period's end**: everything a pack shows stands as it did at the end of its period
  (``as_of``: the last second of the period, or the generation time for a period not yet over).
  Escalations raised later are left out, and each one's status, level and clock are those its
  recorded changes gave it then; action items created later are left out, and one completed
  later counts as open; attestations, contract dates and the calendar are counted from that day,
  not from the day the pack is made.
- **Escalations**: *opened* = raised in the period, *closed* = resolved or closed in the period;
  the ones open at the period's end are aged at it and counted by severity.
- **Action items**: *open* = open or in progress; *due* = open and due by the end of the month
  after the period (or overdue); *done since the last review* = completed on or after the
  period's first day (the previous review covered up to it).
- **Highlights**: at most five one-line sentences (weakest KPI, defaults, credits, P1/P2
  escalations, health); the health detail has its own slide.
- **Appendix**: the period's monthly KPI table by program / site / channel (nothing lower), with
  the catalogue's non-people KPIs and the offered / answered volumes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

import duckdb
import pandas as pd

from governance import kpis
from governance.errors import InvalidInput
from governance.kpis import catalogue, frames, periods, privacy, withholding
from governance.kpis.periods import Period
from governance.scoring import (
    billing,
    credits,
    health,
    presentation,
    published,
    risk,
    scorecard,
    standings,
    survey,
)
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
    "Billing",
    "Escalations",
    "Action items",
    "Health & people",
    "Compliance & calendar",
    "Appendix",
)
# A quarterly pack (QBR, portfolio) adds the stakeholder survey after "Health & people".
QUARTERLY_SHEETS = ("Relationship",)


def sheets(period: Period) -> tuple[str, ...]:
    """The slides of a pack for ``period``, in order (before any "(2)" continuation and the
    vendor packs' "More trends")."""
    if period.kind != "quarter":
        return SHEETS
    at = SHEETS.index("Health & people") + 1
    return (*SHEETS[:at], *QUARTERLY_SHEETS, *SHEETS[at:])


@dataclass(frozen=True)
class PackData:
    """Everything one pack shows; ``vendor`` is None for the portfolio pack."""

    kind: str  # MBR | QBR | portfolio
    vendor: str | None
    period: Period
    generated: datetime
    as_of: datetime  # the end of the period (or the generation time, for a period not yet over)
    summary: pd.DataFrame  # scorecard.scorecards(...).summary (vendor and program cards)
    lines: pd.DataFrame  # their KPI lines
    highlights: tuple[str, ...]
    trend: pd.DataFrame  # scorecard lines per period (vendor) or vendor summaries (portfolio)
    trend_periods: tuple[str, ...]
    credit_summary: pd.DataFrame
    credit_items: pd.DataFrame
    escalations: pd.DataFrame  # the log as of ``as_of``, with resolved_at / closed_at
    actions: pd.DataFrame  # as of ``as_of``
    health: pd.DataFrame
    people: pd.DataFrame  # suppressed display copy
    attestations: pd.DataFrame
    contract_dates: pd.DataFrame
    calendar: pd.DataFrame
    appendix: pd.DataFrame
    meeting_id: int | None = None
    # The quarter's stakeholder survey (quarterly packs): ``survey.summary`` of each vendor.
    relationship: tuple[dict, ...] = ()
    # Each vendor's risk tier at the period's last month (``risk.assess``): beside the score.
    risk: pd.DataFrame | None = None
    # Each month's reconciliation of each vendor's invoices (``billing.reconcile``).
    billing: tuple[dict, ...] = ()

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

    @property
    def as_of_day(self) -> date:
        return self.as_of.date()

    @property
    def as_of_text(self) -> str:
        """The day everything in the pack stands at, as people read it: "30 Sep 2026"."""
        return day_text(self.as_of)


def day_text(day: date) -> str:
    """A day as people read it: "1 Jul 2026"."""
    return f"{day.day} {day:%b %Y}"


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
    exposure: bool = True,
) -> PackData:
    """What the MBR / QBR of ``vendor`` (or, with ``vendor`` None, the portfolio pack) shows.

    ``exposure`` False leaves out the risk tier: the client's own view of how exposed it is to
    the vendor, made from the whole portfolio (a vendor partner's pack has none).

    ``period`` is a month (MBR) or a quarter (QBR and portfolio). Raises ``InvalidInput`` for an
    unreadable period or a monthly portfolio pack, ``NotFound`` for an unknown vendor.
    """
    p = scorecard.parse_period(period)
    kind = kind_of(p, portfolio=vendor is None)
    now = now or datetime.now().replace(microsecond=0)
    as_of = min(now, datetime.combine(p.end, time(23, 59, 59)))
    day = as_of.date()
    terms = scorecard.load_terms(con)
    names = [vendor] if vendor else None
    cards = published.scorecards(con, p, names, terms=terms)
    if vendor is None:
        cards = scorecard.Scorecards(
            p,
            cards.summary[cards.summary["program"].isna()].reset_index(drop=True),
            cards.lines[cards.lines["program"].isna()].reset_index(drop=True),
        )
    trend, trend_periods = _trend(con, p, vendor, terms)
    book = credits.ledger(con, p, names, terms=terms)
    esc = _escalations(con, as_of, vendor)
    acts = _actions(con, p, day, vendor)
    assessed = health.assess(con, periods.month(day).start, names)
    if vendor is None:
        assessed = assessed[assessed["program"].isna()].reset_index(drop=True)
    attest = _attestations(con, day, vendor)
    dates = compliance.contract_dates(con, day, vendor)
    cal = _calendar(con, day, vendor, esc, acts)
    data = PackData(
        kind=kind,
        vendor=vendor,
        period=p,
        generated=now,
        as_of=as_of,
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
        relationship=_relationship(con, p, vendor),
        billing=_billing(con, p, vendor, terms),
        risk=risk.assess(con, periods.month(day).start, names, health_table=assessed)
        if exposure
        else None,
    )
    return _with_highlights(data)


# --- parts -------------------------------------------------------------------------------------


def _trend(con, p: Period, vendor: str | None, terms) -> tuple[pd.DataFrame, tuple[str, ...]]:
    count = TREND_COUNT[p.kind]
    labels = tuple(periods.shift(p, -i).label for i in range(count - 1, -1, -1))
    if vendor is not None:
        lines = published.trend(con, vendor, p, count, terms=terms).lines.copy()
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


def _escalations(con, as_of: datetime, vendor: str | None) -> pd.DataFrame:
    """The escalation log as it stood at ``as_of``: the escalations raised by then, each with the
    status and level its recorded changes gave it then, its clock at ``as_of``, and
    ``resolved_at`` / ``closed_at`` only when they came by then."""
    rows = queries.escalation_log_rows(con, vendor=vendor)
    out = []
    for r in rows.to_dict("records"):
        raised = _moment(r["raised_at"])
        if raised is None or raised > as_of:
            continue
        state = _state_at(con, r, as_of)
        c = escalations.clock(
            severity=r["severity"],
            level=state["level"],
            status=state["status"],
            raised_at=raised,
            now=as_of,
            level_since=state["level_since"],
            acknowledged_at=state["acknowledged"],
            resolved_at=state["resolved_at"],
        )
        done = state["resolved_at"] if state["status"] in ("resolved", "closed") else None
        acknowledged = state["acknowledged"] or done
        out.append(
            {
                **{
                    k: r[k]
                    for k in (
                        "escalation_id",
                        "vendor",
                        "program",
                        "site",
                        "category",
                        "severity",
                        "title",
                        "raised_by",
                        "raised_at",
                        "version",
                    )
                },
                "level": state["level"],
                "status": state["status"],
                "level_since": state["level_since"] or raised,
                "age": escalations.describe(c.age),
                "age_hours": c.age.total_seconds() / 3600,
                "response_target": escalations.describe(c.target.response),
                "resolution_target": escalations.describe(c.target.resolution),
                "response_due": c.response_due,
                "resolution_due": c.resolution_due,
                "response": escalations.target_state(c.response_breached, acknowledged),
                "resolution": escalations.target_state(c.resolution_breached, done),
                "response_breached": c.response_breached,
                "resolution_breached": c.resolution_breached,
                "suggestion": c.suggestion or "",
                "resolved_at": state["resolved_at"],
                "closed_at": state["closed_at"],
            }
        )
    columns = [*escalations.LOG_COLUMNS, "resolved_at", "closed_at"]
    return pd.DataFrame(out, columns=columns)


def _state_at(con, row: dict, as_of: datetime) -> dict:
    """Status, level, when it reached the level, its first acknowledgement there, and when it
    was resolved and closed, as they stood at ``as_of`` (from the escalation's recorded
    changes; from the row itself when it has none)."""
    resolved = _moment(row["resolved_at"])
    closed = _moment(row["closed_at"])
    resolved = resolved if resolved is not None and resolved <= as_of else None
    closed = closed if closed is not None and closed <= as_of else None
    history = queries.escalation_history(con, int(row["escalation_id"]))
    events = [e for e in history.to_dict("records") if _moment(e["occurred_at"]) <= as_of]
    if not events:
        status = row["status"]
        if status in ("resolved", "closed") and resolved is None:
            status = "open"
        elif status == "closed" and closed is None:
            status = "resolved"
        since = _moment(row["level_since"])
        return {
            "status": status,
            "level": row["level"],
            "level_since": since if since is not None and since <= as_of else None,
            "acknowledged": _moment(row["acknowledged_at_level"]),
            "resolved_at": resolved,
            "closed_at": closed,
        }
    level = events[-1]["to_level"]
    reached = [
        _moment(e["occurred_at"])
        for e in events
        if e["to_level"] == level and (_blank(e["from_level"]) or e["from_level"] != level)
    ]
    since = max(reached) if reached else _moment(row["raised_at"])
    acks = [
        _moment(e["occurred_at"])
        for e in events
        if e["to_status"] == "acknowledged" and _moment(e["occurred_at"]) >= since
    ]
    return {
        "status": events[-1]["to_status"],
        "level": level,
        "level_since": since,
        "acknowledged": min(acks) if acks else None,
        "resolved_at": resolved,
        "closed_at": closed,
    }


def risk_words(data: PackData) -> str | None:
    """The vendor pack's risk tier in one sentence, said apart from the score; None without."""
    if data.vendor is None or data.risk is None or data.risk.empty:
        return None
    r = data.risk.iloc[0]
    return (
        f"Risk tier: {r['risk_tier']} ({r['risk_reasons']}). It says how exposed the client is "
        "to this vendor (its share of volume and spend, compliance, urgent escalations, "
        "health) and is not part of the score."
    )


def _billing(con, p: Period, vendor: str | None, terms) -> tuple[dict, ...]:
    """Each month of the period reconciled, for the vendor (or every vendor with a contract in
    force); months without a contract are left out."""
    names = [vendor] if vendor else None
    return tuple(
        r for m in credits.months_of(p) for r in billing.reconcile_month(con, m, names, terms=terms)
    )


def _relationship(con, p: Period, vendor: str | None) -> tuple[dict, ...]:
    """Each vendor's stakeholder survey of a quarter (none for a month)."""
    if p.kind != "quarter":
        return ()
    names = [vendor] if vendor else queries.vendor_names(con)
    return tuple(survey.summary(con, name, p) for name in names)


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _moment(value) -> datetime | None:
    if _blank(value):
        return None
    return pd.Timestamp(value).to_pydatetime()


def _day(value) -> date | None:
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.date() if isinstance(value, datetime) else value


def escalation_counts(frame: pd.DataFrame, p: Period) -> dict:
    """Opened and closed in ``p``, and those open at the frame's ``as_of`` (``_escalations``) by
    age bucket × severity."""
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
    breached = int((active["response_breached"] | active["resolution_breached"]).sum())
    return {
        "opened": opened,
        "closed": closed,
        "open": len(active),
        "breached": breached,
        "grid": grid,
    }


def age_bucket(days: float) -> str:
    for limit, label in AGE_BUCKETS:
        if limit is None or days < limit:
            return label
    return AGE_BUCKETS[-1][1]


def _actions(con, p: Period, as_of: date, vendor: str | None) -> pd.DataFrame:
    """The action items as they stood at the end of ``as_of``: those created by then, one
    completed later counting as open, grouped Open / Due / Done since last review."""
    frame = meetings.action_items(con, as_of, vendor)
    created = [_day(c) for c in frame["created_at"]]
    frame = frame.loc[[c is None or c <= as_of for c in created]].reset_index(drop=True)
    later = [
        s == "done" and _day(c) is not None and _day(c) > as_of
        for s, c in zip(frame["status"], frame["completed_at"], strict=True)
    ]
    frame.loc[later, "status"] = "open"
    frame.loc[later, "completed_at"] = None
    frame["overdue"] = [
        meetings.is_overdue(d, s, as_of)
        for d, s in zip(frame["due_date"], frame["status"], strict=True)
    ]
    horizon = periods.month_end(periods.add_months(p.end, 1))
    is_open = ~frame["status"].isin(meetings.CLOSED_STATUSES)
    due = [
        o and (_day(d) is not None and _day(d) <= horizon)
        for o, d in zip(is_open, frame["due_date"], strict=True)
    ]
    done = [
        s == "done" and _day(c) is not None and p.start <= _day(c) <= as_of
        for s, c in zip(frame["status"], frame["completed_at"], strict=True)
    ]
    frame["group"] = [
        "Done since last review" if d else ("Due" if u else ("Open" if o else None))
        for o, u, d in zip(is_open, due, done, strict=True)
    ]
    return frame[frame["group"].notna()].reset_index(drop=True)


def _attestations(con, as_of: date, vendor: str | None) -> pd.DataFrame:
    """Each vendor's latest attestation of each kind issued by ``as_of``, with its status then."""
    frame = compliance.attestations(con, as_of, vendor)
    frame = frame.loc[[(_day(i) or as_of) <= as_of for i in frame["issued"]]]
    frame = frame.drop_duplicates(["vendor", "kind"], keep="first").reset_index(drop=True)
    frame["status"] = [compliance.status(e, as_of) for e in frame["expires"]]
    return frame


def _calendar(
    con, as_of: date, vendor: str | None, esc: pd.DataFrame, actions: pd.DataFrame
) -> pd.DataFrame:
    """The governance calendar counted from ``as_of``: the meetings, contract dates and
    attestations of ``due_dates``, with the action items and escalations as they stood then."""
    found = [
        x for x in due_dates.sources(con, as_of) if x["kind"] not in ("action item", "escalation")
    ]
    for r in frames.plain_records(actions):
        if r["status"] not in meetings.CLOSED_STATUSES and r["due_date"] is not None:
            what = f"{r['description']} (owner: {r['owner']})"
            found.append(
                {"date": r["due_date"], "vendor": r["vendor"], "kind": "action item", "what": what}
            )
    active = esc[esc["status"].isin(escalations.ACTIVE)]
    for r in active.to_dict("records"):
        if not (r["response_breached"] or r["resolution_breached"]):
            continue
        which = "resolution" if r["resolution_breached"] else "response"
        due = r["resolution_due"] if r["resolution_breached"] else r["response_due"]
        found.append(
            {
                "date": pd.Timestamp(due).date(),
                "vendor": r["vendor"],
                "kind": "escalation",
                "what": f"{r['severity']} {r['title']}: {which} target breached at {r['level']}",
            }
        )
    cal = due_dates.assemble(found, as_of, due_dates.DEFAULT_DAYS)
    if vendor is not None:
        cal = cal[cal["vendor"] == vendor]
    return cal.reset_index(drop=True)


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
    return withholding.suppress_people(con, frame, p, dims)


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


def whole_vendor(data: PackData) -> dict | None:
    """The vendor's whole-vendor scorecard summary (a plain dict), None without one."""
    whole = data.summary[data.summary["program"].isna()]
    return frames.plain_records(whole)[0] if not whole.empty else None


def vendor_highlights(data: PackData) -> list[str]:
    """At most five one-line sentences for the executive summary of an MBR / QBR: the weakest
    KPI, the KPIs in default, service credits, P1/P2 escalations and health (the score, its
    standing and change are the summary's tiles)."""
    s = whole_vendor(data)
    if s is None:
        return [
            f"{data.vendor} has no contract in force in {periods.label(data.period)}: no scorecard."
        ]
    out: list[str] = []
    lines = [x for x in frames.plain_records(data.lines) if x["program"] is None]
    scored = [x for x in lines if x["status"] != "no_data" and not privacy.small_line(x)]
    if s["weighted_score"] is None:
        out.append(
            f"No KPI had data in {periods.label(data.period)}, so there is no weighted score."
        )
    elif scored:
        worst = min(scored, key=lambda x: (x["points"], -x["weight"]))
        if worst["points"] < 100:
            out.append(f"Weakest KPI: {_kpi_phrase(worst)}.")
        else:
            out.append("Every KPI with data met its target.")
    out.append(_default_sentence(frames.plain_records(data.lines), by_vendor=False))
    out.append(_credit_sentence(data))
    out.append(_p1p2_sentence(data))
    out.append(_health_sentence(data))
    return out[:5]


def portfolio_highlights(data: PackData) -> list[str]:
    """At most five one-line sentences for the executive summary of the portfolio pack."""
    out: list[str] = []
    rows = [r for r in frames.plain_records(data.summary) if r["weighted_score"] is not None]
    if rows:
        top, bottom = ends(rows)
        text = (
            f"{count(len(rows), 'vendor')} scored for {periods.label(data.period)}: highest "
            f"{_listed([r['vendor'] for r in top], 1)}, {top[0]['weighted_score']:.1f} "
            f"({top[0]['standing']})"
        )
        if bottom is not top:
            text += (
                f"; lowest {_listed([r['vendor'] for r in bottom], 1)}, "
                f"{bottom[0]['weighted_score']:.1f} ({bottom[0]['standing']})"
            )
        out.append(text + ".")
    else:
        out.append(f"No vendor had KPI data for {periods.label(data.period)}: no weighted score.")
    out.append(_default_sentence(frames.plain_records(data.lines), by_vendor=True))
    out.append(_credit_sentence(data))
    out.append(_p1p2_sentence(data))
    out.append(_health_sentence(data))
    return out[:5]


def ends(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The vendors with the highest weighted score and those with the lowest (several when
    tied); the same list twice when every score is equal."""
    high = max(r["weighted_score"] for r in rows)
    low = min(r["weighted_score"] for r in rows)
    top = [r for r in rows if abs(r["weighted_score"] - high) < 0.05]
    if high - low < 0.05:
        return top, top
    return top, [r for r in rows if abs(r["weighted_score"] - low) < 0.05]


def _kpi_name(line: dict) -> str:
    return line["kpi_name"] + (f" ({line['channel']})" if line.get("channel") else "")


def _kpi_phrase(line: dict) -> str:
    unit = line["unit"]
    return (
        f"{_kpi_name(line)} at {_fmt(line['actual'], unit)} against an expected "
        f"{_fmt(line['expected'], unit)} ({presentation.STATUS_STYLES[line['status']].label.lower()}, "
        f"{line['points']:.0f} points)"
    )


def _default_sentence(lines: list[dict], *, by_vendor: bool) -> str:
    """The KPIs in default on the pack's scorecards (every card), named with where."""
    defaults = [x for x in lines if x["status"] == "default"]
    if not defaults:
        return "No vendor has a KPI in default." if by_vendor else "No KPI in default."
    where = [x["vendor"] if by_vendor else (x["program"] or "whole vendor") for x in defaults]
    names = [f"{_kpi_name(x)} ({w})" for x, w in zip(defaults, where, strict=True)]
    what = count(len(defaults), "KPI")
    return f"{what} in default (past the worse limit): {_listed(names, 2)}."


def count(n: int, word: str, words: str | None = None) -> str:
    """ "1 escalation", "2 escalations" (``words`` for an irregular plural)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _listed(names: list[str], most: int) -> str:
    """ "a, b and c"; past ``most`` names, "a, b, c and 2 more"."""
    if len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} more"
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _credit_sentence(data: PackData) -> str:
    items = frames.plain_records(data.credit_items)
    if not items:
        return f"No service credit arose in {periods.label(data.period)}."
    summary = frames.plain_records(data.credit_summary)
    total = presentation.money_totals((r["currency"], r["total"]) for r in summary)
    pending = sum(i["status"] == "pending_earn_back" for i in items)
    earned = sum(i["status"] == "earned_back" for i in items)
    return (
        f"Service credits of {total} in {periods.label(data.period)} from {count(len(items), 'credit')}: "
        f"{pending} pending earn-back, {earned} earned back, {len(items) - pending - earned} final."
    )


def _p1p2_sentence(data: PackData) -> str:
    esc = data.escalations
    hot = esc[esc["status"].isin(escalations.ACTIVE) & esc["severity"].isin(("P1", "P2"))]
    if hot.empty:
        return f"No P1 or P2 escalation open at {data.as_of_text}."
    breached = int((hot["resolution_breached"] | hot["response_breached"]).sum())
    ids = _listed([f"#{int(i)}" for i in hot["escalation_id"]], 4)
    return (
        f"{count(len(hot), 'P1/P2 escalation')} open at {data.as_of_text} ({ids}); {breached} past a "
        "response or resolution target."
    )


SIGNAL = re.compile(r"(?:^|; )([^;]+?) (?:(?:rose|fell) from|is (?:below|above) its)")


def health_signals(reasons: str) -> list[str]:
    """The leading signals a health row's reasons name ("attrition", "CSAT", "service level"),
    in order, without their measurement notes."""
    out = []
    for name in SIGNAL.findall(reasons or ""):
        name = name.replace(" (3-month rate)", "").strip()
        if len(name) > 1 and name[1].islower():
            name = name[0].lower() + name[1:]
        if name not in out:
            out.append(name)
    return out


def _health_sentence(data: PackData) -> str:
    """Health in one line: which scopes are at risk or on watch and which signals moved."""
    warn = frames.plain_records(data.health[data.health["status"].isin(("watch", "at_risk"))])
    if not warn:
        return f"No vendor-health warning for the six months to {data.period.end:%b %Y}."
    parts = []
    for status in ("at_risk", "watch"):
        rows = [r for r in warn if r["status"] == status]
        if not rows:
            continue
        if data.vendor is None:
            who = _listed([r["vendor"] for r in rows], 3)
        else:
            programs = [r["program"] for r in rows if r["program"]]
            whole = any(r["program"] is None for r in rows)
            bits = (["the whole vendor"] if whole else []) + (
                [f"{len(programs)} programs"] if len(programs) > 1 else programs
            )
            who = " and ".join(bits)
        word = "at risk" if status == "at_risk" else "on watch"
        parts.append(f"{who} {word}" if data.vendor is None else f"{word} for {who}")
    signals: list[str] = []
    for r in warn:
        signals += [x for x in health_signals(r["reasons"]) if x not in signals]
    text = ("Health: " if data.vendor is None else "Health ") + "; ".join(parts)
    if signals:
        text += f" ({_listed(signals, 4)} worsening)"
    return text + "."


def standing_note(data: PackData) -> str | None:
    """One line where a score's standing and the health status could seem to disagree (a high
    standing beside a health warning, or a low one beside healthy): they measure different
    things. None when they agree or either is missing."""
    health_of = {
        (r["vendor"], r["program"]): r["status"] for r in frames.plain_records(data.health)
    }
    odd = []
    for r in frames.plain_records(data.summary):
        if r["program"] is not None or not r["standing"]:
            continue
        status = health_of.get((r["vendor"], None))
        high = r["standing"] in _HIGH_STANDINGS
        if (high and status in ("watch", "at_risk")) or (not high and status == "healthy"):
            odd.append((r, status))
    if not odd:
        return None
    months = health.WINDOW_MONTHS
    r, status = odd[0]
    who = "" if data.vendor else f"{r['vendor']}: "
    more = f" (and {count(len(odd) - 1, 'more vendor')})" if len(odd) > 1 else ""
    return (
        f"{who}{r['weighted_score']:.1f} {r['standing']} beside health "
        f"{health.STATUS_TEXT[status]}{more}: the score rates {periods.label(data.period)} against the "
        f"contract's KPI targets; health reads the trend of the {months} months to "
        f"{data.period.end:%b %Y} (attrition, CSAT, QA, escalations, service level's course)."
    )


_HIGH_STANDINGS = tuple(b.name for b in standings.BANDS[:2])


# --- tiles --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    """One tile of the executive summary: a label, a value (a number, or text) and a short note.
    ``kind``: score, change, count, money (``currency`` names it) or text."""

    label: str
    value: object
    kind: str
    note: str
    currency: str | None = None


def tiles(data: PackData) -> list[Tile]:
    """The executive summary's tiles: score, standing, change, rank and credits for an MBR /
    QBR (KPIs in default instead of the rank when there is none, e.g. for a vendor partner);
    vendors scored, highest, lowest, KPIs in default and credits for the portfolio pack."""
    credit = _credit_tile(data)
    rows = frames.plain_records(data.summary)
    if data.vendor is None:
        scored = [r for r in rows if r["weighted_score"] is not None]
        top, bottom = ends(scored) if scored else ([], [])
        defaults = sum(int(r["defaults"] or 0) for r in rows)
        in_default = sum(bool(r["defaults"]) for r in rows)
        return [
            Tile("Vendors scored", len(scored), "count", f"of {len(rows)} with a contract"),
            _end_tile("Highest score", top),
            _end_tile("Lowest score", bottom),
            Tile("KPIs in default", defaults, "count", f"at {count(in_default, 'vendor')}"),
            credit,
        ]
    s = whole_vendor(data)
    previous = periods.label(periods.shift(data.period, -1))
    if s is None:
        return [Tile("Weighted score", "—", "text", "no contract in force"), credit]
    score = s["weighted_score"]
    band = standings.standing(score) if score is not None else None
    out = [
        Tile(
            "Weighted score",
            score if score is not None else "—",
            "score" if score is not None else "text",
            "out of 100" if score is not None else "no KPI had data",
        ),
        Tile(
            "Standing",
            s["standing"] or "No data",
            "text",
            f"score {band.low:g} to {band.high:g}" if band else "no score",
        ),
        Tile(
            f"Change vs {previous}",
            s.get("change") if s.get("change") is not None else "—",
            "change" if s.get("change") is not None else "text",
            f"from {s['previous_score']:.1f}"
            if s.get("previous_score") is not None
            else "no score before",
        ),
    ]
    if s.get("rank") is not None:
        out.append(Tile("Rank among vendors", f"{s['rank']} of {s['ranked']}", "text", "by score"))
    else:
        defaults = [x for x in frames.plain_records(data.lines) if x["status"] == "default"]
        out.append(Tile("KPIs in default", len(defaults), "count", "past the worse limit"))
    out.append(credit)
    return out


def tile_text(tile: Tile) -> str:
    """A tile's value as people read it: "92.4", "-7.6", "USD 0.00", "4 of 4"."""
    value = tile.value
    if tile.kind == "score":
        return f"{value:.1f}"
    if tile.kind == "change":
        return f"{value:+.1f}"
    if tile.kind == "money":
        return presentation.format_money(value, tile.currency)
    return str(value)


def _end_tile(label: str, rows: list[dict]) -> Tile:
    if not rows:
        return Tile(label, "—", "text", "no data")
    who = rows[0]["vendor"] if len(rows) == 1 else f"{rows[0]['vendor']} and {len(rows) - 1} more"
    return Tile(label, rows[0]["weighted_score"], "score", f"{who} ({rows[0]['standing']})")


def _credit_tile(data: PackData) -> Tile:
    summary = frames.plain_records(data.credit_summary)
    items = frames.plain_records(data.credit_items)
    pending = sum(i["status"] == "pending_earn_back" for i in items)
    note = f"{count(len(items), 'credit')}, {pending} pending earn-back" if items else "none arose"
    currencies = {r["currency"] for r in summary if r["total"]}
    if len(currencies) <= 1:
        total = sum(float(r["total"] or 0) for r in summary)
        currency = next(iter(currencies), None) or next(
            (r["currency"] for r in summary if r["currency"]), None
        )
        return Tile("Service credits", total, "money", note, currency)
    text = presentation.money_totals((r["currency"], r["total"]) for r in summary)
    return Tile("Service credits", text, "text", note)


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
