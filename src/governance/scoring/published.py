"""Published scorecards: a vendor's scorecards for a month or quarter frozen as a record.

A vendor manager publishes (``publish``); from then on the pages, the packs, the vendor partner's
view and the ``scorecard`` command show that period's published figures (``scorecards``), never
the live ones, so a later restatement or amendment does not quietly change last quarter's score.
Where the live figures now differ, each line says so beside the published one ("restated since
publication: 84.1 % → 83.2 %"); the publication itself is never rewritten. Republishing is an
explicit act with a reason that adds the next version and keeps the earlier ones (``versions``).

What is frozen, per vendor and period: every card's summary (score, standing, change, rolling
three, counts, completeness, service-level definition), every line (actual, expected and
minimum, the target version and amendment in force, points, weight, status, tier; a people
figure withheld as a small cell stays withheld) and the period's credits. Ranks are not frozen:
they compare with other vendors (whose figures a vendor's partners may not see), so they are
made afresh among the scores shown, published or live.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from governance.access import audit
from governance.access.actors import Actor, require
from governance.errors import InvalidInput
from governance.kpis import periods
from governance.kpis.frames import format_value, plain_records, plain_value
from governance.kpis.periods import Period
from governance.scoring import credits, scorecard, standings
from governance.scoring.rules import assess, weighted_score
from governance.scoring.scorecard import Scorecards, Terms
from governance.store import dispute_rows, publication_rows, queries
from governance.store.db import transaction
from governance.wording.gate import require_acknowledged

MAX_REASON = 500
UNRANKED = ("rank", "ranked")  # made afresh among the scores shown; never frozen
DATE_FIELDS = frozenset(
    {"period_start", "period_end", "data_to", "target_from", "target_to", "amendment_from"}
)
# Published columns beside a scorecard's own (empty for a period not yet published).
SUMMARY_EXTRA = ("published_version", "published_at", "published_by", "live_score", "changed")
LINE_EXTRA = (
    "live_actual",
    "live_status",
    "live_expected",
    "live_minimum",
    "since_publication",
    "override",
)
LINE_KEY = ("vendor", "program", "kpi", "channel")


@dataclass(frozen=True)
class Publication:
    """One published version of a vendor's scorecards for a period."""

    publication_id: int
    vendor: str
    period: str
    version: int
    published_by: str
    published_at: datetime
    reason: str | None
    summary: list[dict]
    lines: list[dict]
    credits: list[dict]

    def describe(self) -> str:
        """E.g. "Published (version 2) on 6 Dec 2026 by ada@client.example"."""
        version = f" (version {self.version})" if self.version > 1 else ""
        when = f"{self.published_at.day} {self.published_at:%b %Y}"
        return f"Published{version} on {when} by {self.published_by}"


def _json(value) -> str:
    def default(v):
        if isinstance(v, (date, datetime)):
            return v.isoformat()
        raise TypeError(f"{type(v).__name__} is not kept in a publication")

    return json.dumps(value, default=default, allow_nan=False, ensure_ascii=False)


def _restore(record: dict) -> dict:
    return {
        k: date.fromisoformat(v) if k in DATE_FIELDS and isinstance(v, str) else v
        for k, v in record.items()
    }


def _publication(row: dict) -> Publication:
    document = json.loads(row["document"])
    return Publication(
        publication_id=int(row["publication_id"]),
        vendor=row["vendor"],
        period=row["period"],
        version=int(row["version"]),
        published_by=row["published_by"],
        published_at=row["published_at"],
        reason=row["reason"],
        summary=[_restore(r) for r in document["summary"]],
        lines=[_restore(r) for r in document["lines"]],
        credits=document.get("credits", []),
    )


# --- publishing ----------------------------------------------------------------------------------


def publish(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    period: Period | str,
    vendors: Iterable[str] | None = None,
    *,
    reason: str | None = None,
    republish: bool = False,
    acknowledged: dict | None = None,
) -> list[Publication]:
    """Publish the period's scorecards of ``vendors`` (every vendor with a scorecard then when
    None), one publication per vendor, in one transaction; returns them.

    A vendor already published for the period is refused unless ``republish`` is set with a
    ``reason``: its next version is then added and the earlier ones kept. A period the vendor's
    data does not yet cover to its end may be published (its cards say "partial"). Raises
    ``PermissionDenied`` (role), ``InvalidInput`` (period, reason, already published, nothing to
    publish; ``WordingNotAcknowledged`` for a reason that directs or evaluates individual vendor
    staff, unless ``acknowledged``) or ``NotFound`` (vendor); nothing is written then.
    """
    require(actor, "scorecards.publish")
    p = scorecard.parse_period(period)
    reason = " ".join(str(reason or "").split()) or None
    if reason is not None and len(reason) > MAX_REASON:
        raise InvalidInput(f"A reason is at most {MAX_REASON} characters (got {len(reason)}).")
    if republish and reason is None:
        raise InvalidInput("Republishing replaces what the vendor was shown: give the reason.")
    wanted = list(vendors) if vendors is not None else None
    wording_ack = require_acknowledged(
        {"reason": reason}, acknowledged, not_people=queries.wording_known_names(con)
    )
    with transaction(con):
        terms = scorecard.load_terms(con)
        live = scorecard.scorecards(con, p, wanted, terms=terms)
        names = list(dict.fromkeys(live.summary["vendor"]))
        if not names:
            who = ", ".join(wanted) if wanted else "any vendor"
            raise InvalidInput(
                f"There is no scorecard to publish for {who} in {periods.label(p.label)}: no "
                "contract is in force then."
            )
        book = credits.ledger(con, p, names, terms=terms)
        book_rows = credits.records(book)
        at = audit.now()
        done = []
        for vendor in names:
            vendor_id = queries.vendor_by_name(con, vendor)["vendor_id"]
            before = publication_rows.latest_version(con, vendor_id, p.label)
            if before and not republish:
                raise InvalidInput(
                    f"{vendor}'s scorecard for {periods.label(p.label)} is already published "
                    f"(version {before}). To replace it, republish with a reason "
                    "(--republish --reason TEXT); the earlier version is kept."
                )
            summary = [
                {k: v for k, v in r.items() if k not in UNRANKED}
                for r in plain_records(live.summary[live.summary["vendor"] == vendor])
            ]
            lines = plain_records(live.lines[live.lines["vendor"] == vendor])
            owed = [r for r in book_rows if r.get("vendor") == vendor]
            document = _json({"summary": summary, "lines": lines, "credits": owed})
            publication_id = publication_rows.insert(
                con,
                vendor_id=vendor_id,
                period=p.label,
                period_start=p.start,
                period_end=p.end,
                version=before + 1,
                published_by=actor.name,
                published_at=at,
                reason=reason,
                document=document,
            )
            audit.record(
                con,
                actor,
                "scorecard.republish" if before else "scorecard.publish",
                "scorecard_publication",
                publication_id,
                None,
                {
                    "vendor": vendor,
                    "period": p.label,
                    "version": before + 1,
                    "reason": reason,
                    **({"wording_acknowledged": wording_ack} if wording_ack else {}),
                    "scores": {
                        (s["program"] or "whole vendor"): s["weighted_score"] for s in summary
                    },
                },
            )
            done.append(
                Publication(
                    publication_id=int(publication_id),
                    vendor=vendor,
                    period=p.label,
                    version=before + 1,
                    published_by=actor.name,
                    published_at=at,
                    reason=reason,
                    summary=summary,
                    lines=lines,
                    credits=owed,
                )
            )
    return done


def current(con: duckdb.DuckDBPyConnection, period: Period | str) -> dict[str, Publication]:
    """The newest publication of each vendor for the period, by vendor."""
    p = scorecard.parse_period(period)
    return {r["vendor"]: _publication(r) for r in publication_rows.current(con, p.label)}


def versions(
    con: duckdb.DuckDBPyConnection, vendor: str, period: Period | str
) -> list[Publication]:
    """Every publication of the vendor for the period, newest first."""
    p = scorecard.parse_period(period)
    found = queries.vendor_by_name(con, vendor)
    if found is None:
        return []
    return [_publication(r) for r in publication_rows.versions(con, found["vendor_id"], p.label)]


def listing(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> list[dict]:
    """Every publication (without its figures), newest period first."""
    vendor_id = None
    if vendor is not None:
        found = queries.vendor_by_name(con, vendor)
        if found is None:
            return []
        vendor_id = found["vendor_id"]
    return publication_rows.listed(con, vendor_id)


# --- reading: published where published, live elsewhere -----------------------------------------


def scorecards(
    con: duckdb.DuckDBPyConnection,
    period: Period | str,
    vendors: Iterable[str] | None = None,
    *,
    programs: bool = True,
    terms: Terms | None = None,
) -> Scorecards:
    """``scorecard.scorecards`` as people are shown it: for each vendor published for the
    period, its newest publication's cards and lines instead of the live ones, with
    ``SUMMARY_EXTRA`` and ``LINE_EXTRA`` saying what was published and what the live figures
    now are where they differ; a vendor not yet published keeps its live figures with those
    columns empty. Ranks are made among the scores returned."""
    live = scorecard.scorecards(con, period, vendors, programs=programs, terms=terms)
    found = current(con, live.period) if not live.summary.empty else {}
    summary = live.summary.assign(
        published_version=pd.array([None] * len(live.summary), dtype="Int64"),
        published_at=None,
        published_by=None,
        live_score=live.summary["weighted_score"],
        changed=False,
    )
    lines = live.lines.assign(**{c: None for c in LINE_EXTRA})
    if not found:
        return Scorecards(live.period, summary, lines)
    live_lines = {tuple(plain_value(r[k]) for k in LINE_KEY): r for r in plain_records(live.lines)}
    live_scores = {
        (r["vendor"], r["program"]): r["weighted_score"] for r in plain_records(live.summary)
    }
    order = {name: i for i, name in enumerate(dict.fromkeys(live.summary["vendor"]))}
    rulings = {}
    for d in dispute_rows.upheld(con, [pub.publication_id for pub in found.values()]):
        rulings[(d["publication_id"], d["program"], d["kpi"], d["channel"])] = d
    kept_summary = [r for r in plain_records(summary) if r["vendor"] not in found]
    kept_lines = [r for r in plain_records(lines) if r["vendor"] not in found]
    for vendor, pub in found.items():
        if vendor not in order:
            continue  # not asked for, or no longer scored in the period
        cards = [s for s in pub.summary if programs or s["program"] is None]
        changed_cards = set()
        by_card: dict = {}
        for line in pub.lines:
            if not programs and line["program"] is not None:
                continue
            now = live_lines.get(tuple(line.get(k) for k in LINE_KEY))
            line = {**line, **_since(line, now), "override": None}
            if line["since_publication"]:
                changed_cards.add(line["program"])
            ruling = rulings.get(
                (pub.publication_id, line["program"], line["kpi"], line["channel"])
            )
            if ruling is not None:
                line = _overridden(line, ruling)
            by_card.setdefault(line["program"], []).append(line)
            kept_lines.append(line)
        for s in cards:
            published_score = s["weighted_score"]  # as published, before any ruling
            if any(x["override"] for x in by_card.get(s["program"], [])):
                s = _rescored(s, by_card[s["program"]])
            now_score = live_scores.get((vendor, s["program"]))
            kept_summary.append(
                {
                    **s,
                    "published_version": pub.version,
                    "published_at": pub.published_at,
                    "published_by": pub.published_by,
                    "live_score": now_score,
                    "changed": s["program"] in changed_cards
                    or not _same(now_score, published_score),
                }
            )
    kept_summary.sort(
        key=lambda r: (
            order.get(r["vendor"], len(order)),
            r["program"] is not None,
            r["program"] or "",
        )
    )
    kept_lines.sort(key=lambda r: order.get(r["vendor"], len(order)))  # stable: card order kept
    out_summary = _frame(kept_summary, summary)
    out_lines = _frame(kept_lines, lines)
    return Scorecards(
        live.period, scorecard.rank(out_summary.drop(columns=list(UNRANKED))), out_lines
    )


def trend(
    con: duckdb.DuckDBPyConnection,
    vendor: str,
    end: Period | str,
    count: int,
    *,
    program: str | None = None,
    terms: Terms | None = None,
) -> Scorecards:
    """``scorecard.trend`` as people are shown it: each period the vendor has published reads
    its newest publication's card and lines (with the rulings on its disputes), the others their
    live figures, so a chart and the scorecard beside it agree."""
    live = scorecard.trend(con, vendor, end, count, program=program, terms=terms)
    if live.lines.empty:
        return live
    found = {}
    for label in dict.fromkeys(live.summary["period"]):
        pub = current(con, label).get(vendor)
        if pub is not None:
            found[label] = pub
    if not found:
        return live
    rulings = {
        (d["publication_id"], d["program"], d["kpi"], d["channel"]): d
        for d in dispute_rows.upheld(con, [pub.publication_id for pub in found.values()])
    }
    lines = [r for r in plain_records(live.lines) if r["period"] not in found]
    summary = [r for r in plain_records(live.summary) if r["period"] not in found]
    for pub in found.values():
        card_lines = []
        for line in pub.lines:
            if line["program"] != program:
                continue
            ruling = rulings.get((pub.publication_id, program, line["kpi"], line["channel"]))
            card_lines.append(line if ruling is None else _overridden(line, ruling))
        lines += card_lines
        for card in pub.summary:
            if card["program"] == program:
                ruled = any(x.get("override") for x in card_lines)
                summary.append(_rescored(card, card_lines) if ruled else card)
    lines.sort(key=lambda r: r["period_start"])  # stable: each period's lines keep their order
    summary.sort(key=lambda r: r["period_start"])
    return Scorecards(live.period, _frame(summary, live.summary), _frame(lines, live.lines))


def _overridden(line: dict, ruling: dict) -> dict:
    """The line with an upheld dispute's value: its status and points assessed again."""
    status, points = assess(
        ruling["new_value"], line["expected"], line["minimum"], line["direction"]
    )
    unit = line["unit"]
    return {
        **line,
        "actual": ruling["new_value"],
        "numerator": None,
        "denominator": None,
        "status": status,
        "points": points,
        "override": (
            f"dispute #{ruling['dispute_id']} upheld: {format_value(line['actual'], unit)} → "
            f"{format_value(ruling['new_value'], unit)} ({ruling['resolution']})"
        ),
    }


def _rescored(card: dict, lines: list[dict]) -> dict:
    """A card's score, standing and counts from its lines (after an override)."""
    score = weighted_score([x["weight"] for x in lines], [x["points"] for x in lines])
    band = standings.standing(score)
    return {
        **card,
        "weighted_score": score,
        "standing": band.name if band else None,
        "action": band.action if band else None,
        "defaults": sum(x["status"] == "default" for x in lines),
        "standing_change": scorecard.band_move(
            card.get("previous_standing"), band.name if band else None
        ),
        "change": None
        if score is None or card.get("previous_score") is None
        else score - card["previous_score"],
    }


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def _since(published: dict, now: dict | None) -> dict:
    """The live figures of a published line where they differ, and the words for it."""
    blank = {c: None for c in LINE_EXTRA if c != "override"}
    if now is None:
        return {**blank, "since_publication": "no longer scored on the live data"}
    unit = published["unit"]
    notes = []
    if not _same(now["actual"], published["actual"]) and not (
        published.get("withheld") or now.get("withheld")
    ):
        notes.append(
            f"restated since publication: {format_value(published['actual'], unit)} → "
            f"{format_value(now['actual'], unit)}"
        )
    elif published.get("withheld") != now.get("withheld"):
        notes.append("the data behind it changed since publication")
    if not _same(now["expected"], published["expected"]) or not _same(
        now["minimum"], published["minimum"]
    ):
        notes.append(
            f"target amended since publication: expected {format_value(published['expected'], unit)}"
            f" → {format_value(now['expected'], unit)}"
        )
    if not notes and now["status"] != published["status"]:
        notes.append(f"status since publication: {published['status']} → {now['status']}")
    if not notes:
        return blank
    return {
        "live_actual": None if now.get("withheld") else now["actual"],
        "live_status": now["status"],
        "live_expected": now["expected"],
        "live_minimum": now["minimum"],
        "since_publication": "; ".join(notes),
    }


def _frame(records: list[dict], like: pd.DataFrame) -> pd.DataFrame:
    """``records`` as a frame with ``like``'s columns and types."""
    frame = pd.DataFrame(records, columns=list(like.columns))
    for column in like.columns:
        dtype = like[column].dtype
        if pd.api.types.is_object_dtype(dtype):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        else:
            try:
                frame[column] = frame[column].astype(dtype)
            except (TypeError, ValueError):
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(dtype)
    return frame
