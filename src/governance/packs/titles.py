"""Slide titles that state the slide's finding, worked out from the pack's figures:
"Service level fell 1.5 pts from 2026Q2 to 84.2%, below the 85.0% target", "2 escalations open
at 30 Sep 2026, 1 past a target; 1 raised and 0 closed in 2026Q3". Each has plain words for no
data and for no change.
"""

from __future__ import annotations

from governance.kpis import catalogue, frames, periods, privacy
from governance.packs import data as packdata
from governance.packs.data import PackData, count
from governance.scoring import billing, presentation, survey
from governance.workflow import escalations, meetings

# the smallest change that shows in a KPI's format, below which it "held"
_STEP = {"ratio": 0.0005, "seconds": 0.5, "accuracy": 0.0005, "money": 0.005}


def _value(value, unit: str) -> str:
    return frames.format_value(value, unit)


def change_text(before, now, unit: str) -> str:
    """How far a KPI moved, in its own units: "1.5 pts" (a rate), "12 s", "0.004"."""
    gap = abs(now - before)
    if unit == "ratio":
        return f"{gap * 100:.1f} pts"
    if unit == "seconds":
        return f"{gap:,.0f} s"
    if unit == "accuracy":
        return f"{gap:.3f}"
    if unit == "score":
        return f"{gap:.2f}"
    return f"{gap:,.1f}"


def against(line: dict) -> str:
    """Where an actual stands against its contract: "meeting the 85.0% target", "below the
    85.0% target", "past the 80.0% worse limit"."""
    unit = line["unit"]
    direction = line.get("direction") or catalogue.kpi(line["kpi"]).direction
    expected = _value(line.get("expected"), unit)
    status = line.get("status")
    if status == "met":
        return f"meeting the {expected} target"
    if status == "default":
        limit = _value(line.get("minimum"), unit)
        return f"past the {limit} worse limit"
    if status == "below_target":
        side = {"higher": "below", "lower": "above"}.get(direction, "off")
        return f"{side} the {expected} target"
    return ""


def kpi_finding(
    name: str, now: dict | None, before: dict | None, label: str, prev: str, *, short: bool = False
) -> str:
    """One KPI's finding for ``label`` against ``prev``: "Service level fell 1.5 pts from
    Q2 2026 to 84.2%, below the 85.0% target"; "Attrition held at 7.7% …"; "Service level: no
    data in Q3 2026" (``label`` and ``prev`` are machine labels, 2026Q3, read as Q3 2026); a figure withheld for small counts is said so. ``short``: the move alone
    ("Service level fell 1.5 pts to 84.2%")."""
    label, prev = periods.label(label), periods.label(prev) if prev else ""
    if now is None or now.get("actual") is None:
        if now is not None and privacy.small_line(now):
            return f"{name}: figure withheld in {label} (fewer than 5 people)"
        return f"{name}: no data in {label}"
    unit = now["unit"]
    value = _value(now["actual"], unit)
    where = against(now)
    tail = f", {where}" if where and not short else ""
    since = "" if short else f" from {prev}"
    if before is None or before.get("actual") is None:
        return f"{name} at {value} in {label}{tail}"
    step = _STEP.get(unit, 0.05)
    if abs(now["actual"] - before["actual"]) < step:
        return f"{name} held at {value}{since}{tail}"
    verb = "rose" if now["actual"] > before["actual"] else "fell"
    change = change_text(before["actual"], now["actual"], unit)
    return f"{name} {verb} {change}{since} to {value}{tail}"


def executive(d: PackData) -> str:
    if d.vendor is None:
        rows = [r for r in frames.plain_records(d.summary) if r["weighted_score"] is not None]
        if not rows:
            return f"No vendor had KPI data in {periods.label(d.period)}: no weighted score"
        top, bottom = packdata.ends(rows)
        if top is bottom:
            return f"All {len(rows)} vendors scored {top[0]['weighted_score']:.1f} in {periods.label(d.period)}"
        score = f"{top[0]['weighted_score']:.1f}"
        if len(top) == 1:
            text = f"{top[0]['vendor']} led {len(rows)} vendors in {periods.label(d.period)} on {score}"
        else:
            text = f"{len(top)} of {len(rows)} vendors shared the lead in {periods.label(d.period)} on {score}"
        low = packdata._listed([r["vendor"] for r in bottom], 2)
        return text + f"; {low} lowest on {bottom[0]['weighted_score']:.1f}"
    s = packdata.whole_vendor(d)
    if s is None:
        return f"{d.vendor} has no contract in force in {periods.label(d.period)}"
    if s["weighted_score"] is None:
        return f"No KPI had data for {d.vendor} in {periods.label(d.period)}: no weighted score"
    text = f"{d.vendor} scored {s['weighted_score']:.1f} ({s['standing']}) in {periods.label(d.period)}"
    change = s.get("change")
    prev = periods.label(periods.shift(d.period, -1))
    if change is None:
        return text
    if abs(change) < 0.05:
        return text + f", level with {prev}"
    return text + f", {'up' if change > 0 else 'down'} {abs(change):.1f} points on {prev}"


def score_words(card: dict) -> str:
    """A card's score in words: "91.6 (Excellent)", "no score (no KPI had data)"."""
    if card.get("weighted_score") is None:
        return "no score (no KPI had data)"
    return f"{card['weighted_score']:.1f} ({card['standing']})"


def scorecard(lines: list[dict]) -> str:
    """The whole vendor's KPI lines in one sentence: how many met, which fell short, which are
    in default."""
    if not lines:
        return "No scorecard: no contract in force"
    scored = [x for x in lines if x["status"] != "no_data"]
    met = [x for x in scored if x["status"] == "met"]
    short = [packdata._kpi_name(x) for x in scored if x["status"] == "below_target"]
    default = [packdata._kpi_name(x) for x in scored if x["status"] == "default"]
    text = f"{len(met)} of {len(lines)} KPIs met their target"
    if short:
        text += f"; {packdata._listed(short, 3)} below target"
    if default:
        text += f"; {packdata._listed(default, 3)} in default"
    elif scored:
        text += "; none in default"
    if len(scored) < len(lines):
        text += f"; {len(lines) - len(scored)} without data"
    return text


def portfolio_scorecard(d: PackData) -> str:
    rows = frames.plain_records(d.summary)
    defaults = [r for r in rows if r["defaults"]]
    low = [r for r in rows if r["standing"] not in (None, "Excellent", "Good")]
    text = f"{len(rows)} vendors scored for {periods.label(d.period)}"
    if low:
        text += f"; {packdata._listed([r['vendor'] for r in low], 3)} below Good"
    if defaults:
        text += f"; {len(defaults)} with KPIs in default"
    else:
        text += "; no KPI in default"
    return text


def trends(findings: list[str], short: list[str]) -> str:
    """The trend slide's title, one line: its KPIs' findings; their moves alone when that is
    too long; the first move alone when even that is."""
    if not findings:
        return "No KPI trend: no scorecard in force"
    for text in ("; ".join(findings), "; ".join(short)):
        if len(text) <= 70:  # one line at the title's size
            return text
    return short[0]


def portfolio_trend(d: PackData) -> str:
    rows = frames.plain_records(d.trend)
    labels = d.trend_periods
    if len(labels) < 2:
        return "Weighted score by vendor"
    now = {r["vendor"]: r["weighted_score"] for r in rows if r["period"] == labels[-1]}
    before = {r["vendor"]: r["weighted_score"] for r in rows if r["period"] == labels[-2]}
    moves = [
        (now[v] - before[v], v) for v in now if now[v] is not None and before.get(v) is not None
    ]
    text = f"Weighted score by vendor, {labels[0]} to {labels[-1]}"
    if moves:
        change, vendor = max(moves, key=lambda m: abs(m[0]))
        if abs(change) >= 0.05:
            way = "up" if change > 0 else "down"
            text += f": {vendor} moved most, {way} {abs(change):.1f} points on {labels[-2]}"
        else:
            text += ": no vendor moved"
    return text


def credits(d: PackData) -> str:
    items = frames.plain_records(d.credit_items)
    defaults = [x for x in frames.plain_records(d.lines) if x["status"] == "default"]
    if items:
        summary = frames.plain_records(d.credit_summary)
        total = presentation.money_totals((r["currency"], r["total"]) for r in summary)
        pending = sum(i["status"] == "pending_earn_back" for i in items)
        text = f"Service credits of {total} in {periods.label(d.period)} from {count(len(items), 'credit')}"
        return text + (f"; {pending} pending earn-back" if pending else "")
    text = f"No service credit in {periods.label(d.period)}"
    if not defaults:
        return text + "; no KPI in default"
    where = [
        x["vendor"] if d.vendor is None else (x["program"] or "whole vendor") for x in defaults
    ]
    names = [f"{packdata._kpi_name(x)} ({w})" for x, w in zip(defaults, where, strict=True)]
    return text + f"; {count(len(defaults), 'KPI')} in default: {packdata._listed(names, 2)}"


def escalation_title(d: PackData, counts: dict) -> str:
    when = d.as_of_text
    if counts["open"]:
        text = f"{count(counts['open'], 'escalation')} open at {when}"
        text += (
            f", {counts['breached']} past a target"
            if counts["breached"]
            else ", none past a target"
        )
    else:
        text = f"No escalation open at {when}"
    return (
        text
        + f"; {counts['opened']} raised and {counts['closed']} closed in {periods.label(d.period)}"
    )


def actions(d: PackData) -> str:
    frame = d.actions
    open_ = frame[~frame["status"].isin(meetings.CLOSED_STATUSES)]
    overdue = int(open_["overdue"].sum()) if len(open_) else 0
    done = int((frame["group"] == "Done since last review").sum())
    if len(open_):
        text = f"{count(len(open_), 'action item')} open at {d.as_of_text}"
        text += f", {overdue} overdue" if overdue else ", none overdue"
    else:
        text = f"No action item open at {d.as_of_text}"
    return text + (
        f"; {done} done since the last review" if done else "; none done since the last review"
    )


def health(d: PackData) -> str:
    return packdata._health_sentence(d).rstrip(".")


def compliance(d: PackData) -> str:
    cal = d.calendar
    overdue = int((cal["status"] == "overdue").sum())
    due = int((cal["status"] == "due").sum())
    when = d.as_of_text
    if not overdue and not due:
        return f"Nothing overdue at {when} or due in the 90 days after it"
    if not overdue:
        return f"Nothing overdue at {when}; {count(due, 'item')} due in the 90 days after it"
    text = f"{count(overdue, 'item')} overdue at {when}"
    return text + (f" and {due} due in the 90 days after it" if due else "; nothing else due")


def appendix(d: PackData, dims: list[str]) -> str:
    by = packdata._listed(dims[1:], 4) or "vendor"
    return f"Monthly KPIs by {by} in {periods.label(d.period)}: the figures behind the slides"


def open_escalations(frame) -> list[dict]:
    """The escalations open at the pack's date, the most severe and oldest first."""
    active = frame[frame["status"].isin(escalations.ACTIVE)]
    rows = frames.plain_records(active)
    order = {s: i for i, s in enumerate(escalations.SEVERITIES)}
    return sorted(rows, key=lambda r: (order.get(r["severity"], 9), -(r["age_hours"] or 0)))


def relationship(d: PackData) -> str:
    """The stakeholder survey's finding: the vendor's score and its move, or the portfolio's
    lowest."""
    q = periods.label(d.period)
    if d.vendor is None:
        shown = [s for s in d.relationship if s["score"] is not None]
        if not shown:
            return f"No relationship score to show for {q}"
        low = min(shown, key=lambda s: s["score"])
        return (
            f"Relationship scores, {q}: {count(len(shown), 'vendor')} scored; lowest "
            f"{low['vendor']} at {low['score']:.2f} of 5"
        )
    [s] = d.relationship
    if not s["respondents"]:
        return f"No stakeholder survey recorded for {q}"
    if s["withheld"]:
        return (
            f"Stakeholder survey, {q}: {count(s['respondents'], 'respondent')}, fewer than "
            f"{survey.MIN_RESPONDENTS}, so its figures are withheld"
        )
    text = f"Relationship score {s['score']:.2f} of 5 from {count(s['respondents'], 'stakeholder')}"
    before = s["previous_score"]
    if before is not None and round(s["score"] - before, 2) != 0:
        text += f", {'up' if s['score'] > before else 'down'} {abs(s['score'] - before):.2f}"
        text += f" on {periods.label(periods.shift(d.period, -1))}"
    rated = [x for x in s["dimensions"] if x["mean"] is not None]
    if len(rated) > 1:
        weakest = min(rated, key=lambda x: x["mean"])
        text += f"; weakest: {weakest['name'].lower()} at {weakest['mean']:.2f}"
    return text


def billing_title(d: PackData) -> str:
    """The reconciliation's finding: the lines billed above what the data supports, or that the
    invoices match it, with the net payable."""
    if not d.billing:
        return f"No contract in force in {periods.label(d.period)}: nothing to reconcile"
    lines = [(r, x) for r in d.billing for x in r["lines"]]
    if not lines:
        return f"No invoice recorded for {periods.label(d.period)}"
    over = [(r, x) for r, x in lines if x["flag"] == "over"]
    if over:
        r, worst = max(over, key=lambda rx: rx[1]["variance"])
        more = f" and {count(len(over) - 1, 'more line')}" if len(over) > 1 else ""
        return (
            f"{r['vendor'] if d.vendor is None else 'Invoice ' + worst['invoice_no']} billed "
            f"{billing.money_text(worst['variance'], r['currency'])} ({worst['variance_pct']}%) "
            f"above what the data supports{more}"
        )
    net = presentation.money_totals(
        (r["currency"], float(r["totals"]["net_payable"])) for r in d.billing
    )
    return f"Invoices match the data within tolerance: {net} payable after credits"
