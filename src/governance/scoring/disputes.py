"""The vendor's answer to a published scorecard, and the client's ruling on it.

A vendor partner (or the client's staff on the vendor's behalf) acknowledges a published
scorecard (``acknowledge``) or disputes lines of it (``dispute``): a reason and, optionally, a
file of evidence kept with the dispute. The client's vendor managers resolve each dispute
(``resolve``): *upheld*, with the value the line takes instead (an override: the published value,
the new one and the reason are kept, and the scorecard shown recomputes that line's status and
points and the card's score), or *rejected* with a reason. Both sides read the same thread
(``thread``).

Deadlines come from the vendor's contract, in business days (Monday to Friday): a dispute must be
raised within ``dispute_days`` of publication (10 by default; later ones are refused), and should
be resolved within ``dispute_resolve_days`` of being raised (20 by default; later it is flagged
overdue in ``listing`` and on the Calendar). Every text passes the co-employment wording check;
everything is audited. Disputes stay at the scorecard's level (vendor, program, channel, KPI):
they name no person.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

import duckdb

from governance.access import audit, records
from governance.access.actors import Actor, require, require_vendor
from governance.errors import InvalidInput, NotFound, StaleRecord
from governance.kpis import catalogue, periods
from governance.kpis.frames import format_value
from governance.kpis.periods import Period
from governance.scoring import published, scorecard
from governance.store import dispute_rows, queries
from governance.store.db import transaction
from governance.wording.gate import require_acknowledged

MAX_TEXT = 2000
MAX_EVIDENCE = 5 * 1024 * 1024
# Evidence a dispute may carry, by extension, with the bytes such a file starts with. Tables
# (CSV, Excel) are not taken: figures go through Imports, which refuses per-person data.
EVIDENCE_KINDS = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".txt": (),
}
OUTCOMES = ("upheld", "rejected")


business_days_after = periods.business_days_after


def _vendor_id(con, vendor: str) -> int:
    found = queries.vendor_by_name(con, vendor)
    if found is None:
        raise NotFound(f"No vendor named '{vendor}'.")
    return int(found["vendor_id"])


def _published(con, vendor: str, p: Period) -> published.Publication:
    found = published.current(con, p).get(vendor)
    if found is None:
        raise InvalidInput(
            f"{vendor}'s scorecard for {periods.label(p.label)} is not published: only a "
            "published scorecard can be acknowledged or disputed."
        )
    return found


def _text(value, what: str, *, required: bool) -> str | None:
    text = records.optional_text(value, what)
    if text is None:
        if required:
            raise InvalidInput(f"{what} cannot be empty.")
        return None
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"{what} is at most {MAX_TEXT} characters (got {len(text)}).")
    return text


def check_evidence(name: str | None, data: bytes | None) -> tuple[str, bytes] | None:
    """A file of evidence, checked as an upload is: a PDF, PNG, JPEG or plain-text file whose
    bytes are what its name says, of at most 5 MB; ``InvalidInput`` otherwise."""
    if data is None:
        return None
    shown = PurePath(str(name or "evidence")).name[:200]
    kind = PurePath(shown).suffix.lower()
    if kind not in EVIDENCE_KINDS:
        raise InvalidInput(
            f"Evidence '{shown}': attach a PDF, PNG, JPEG or plain-text file. Figures belong in "
            "a KPI export on the Imports page, where they are checked for per-person data."
        )
    if not data:
        raise InvalidInput(f"Evidence '{shown}' is empty.")
    if len(data) > MAX_EVIDENCE:
        raise InvalidInput(
            f"Evidence '{shown}' is {len(data) / 1024 / 1024:.1f} MB; the most a dispute keeps "
            f"is {MAX_EVIDENCE // 1024 // 1024} MB."
        )
    starts = EVIDENCE_KINDS[kind]
    if starts and not any(data.startswith(s) for s in starts):
        raise InvalidInput(f"Evidence '{shown}' is not a {kind[1:].upper()} file (its contents).")
    if kind == ".txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"Evidence '{shown}' is not plain UTF-8 text.") from None
    return shown, data


def acknowledge(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    vendor: str,
    period: Period | str,
    note: str | None = None,
    *,
    acknowledged: dict | None = None,
) -> dict:
    """The vendor acknowledges its published scorecard for the period (its newest version)."""
    require(actor, "scorecards.respond")
    require_vendor(actor, vendor)
    p = scorecard.parse_period(period)
    note = _text(note, "A note", required=False)
    ack = require_acknowledged(
        {"note": note}, acknowledged, not_people=queries.wording_known_names(con)
    )
    with transaction(con):
        pub = _published(con, vendor, p)
        vendor_id = _vendor_id(con, vendor)
        at = audit.now()
        dispute_rows.insert_acknowledgement(
            con, pub.publication_id, vendor_id, actor.name, at, note
        )
        after = {
            "vendor": vendor,
            "period": p.label,
            "version": pub.version,
            "note": note,
        }
        audit.record(
            con,
            actor,
            "scorecard.acknowledge",
            "scorecard_publication",
            pub.publication_id,
            None,
            records.with_acknowledgement(after, ack),
        )
    return after


def dispute(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    vendor: str,
    period: Period | str,
    *,
    kpi: str,
    reason: str,
    program: str | None = None,
    channel: str | None = None,
    evidence: tuple[str, bytes] | None = None,
    acknowledged: dict | None = None,
    today: date | None = None,
) -> dict:
    """Dispute one line of the vendor's published scorecard for the period: the KPI (its code or
    name) of the card of ``program`` (None: the whole vendor) and ``channel``. Returns the
    dispute. Refused (``InvalidInput``) after the contract's dispute window, for a line with an
    open dispute, without a reason, or for evidence that is not a PDF, image or text file."""
    require(actor, "scorecards.respond")
    require_vendor(actor, vendor)
    p = scorecard.parse_period(period)
    reason = _text(reason, "A dispute's reason", required=True)
    ack = require_acknowledged(
        {"reason": reason}, acknowledged, not_people=queries.wording_known_names(con)
    )
    kept = check_evidence(*evidence) if evidence else None
    today = today or audit.now().date()
    with transaction(con):
        pub = _published(con, vendor, p)
        vendor_id = _vendor_id(con, vendor)
        line = _line(pub, kpi, program, channel)
        window, _ = dispute_rows.contract_days(con, vendor_id)
        closes = business_days_after(pub.published_at.date(), window)
        if today > closes:
            raise InvalidInput(
                f"The window to dispute {vendor}'s {periods.label(p.label)} scorecard closed on "
                f"{_day(closes)} ({window} business days after publication, as the contract "
                "sets)."
            )
        for other in dispute_rows.disputes(con, publication_id=pub.publication_id):
            if other["status"] == "open" and _same_line(other, line):
                raise InvalidInput(
                    f"{_line_name(line)} already has an open dispute (#{other['dispute_id']}): "
                    "add to it when the client answers, or wait for its ruling."
                )
        at = audit.now()
        dispute_id = dispute_rows.insert_dispute(
            con,
            publication_id=pub.publication_id,
            vendor_id=vendor_id,
            program=line["program"],
            kpi=line["kpi"],
            channel=line["channel"],
            reason=reason,
            evidence_name=kept[0] if kept else None,
            evidence=kept[1] if kept else None,
            raised_by=actor.name,
            raised_at=at,
            generated_value=line["actual"],
        )
        after = dispute_rows.dispute(con, dispute_id)
        audit.record(
            con,
            actor,
            "dispute.raise",
            "scorecard_dispute",
            dispute_id,
            None,
            records.with_acknowledgement(_audited(after), ack),
        )
    return _shown(con, after)


def resolve(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    dispute_id: int,
    *,
    outcome: str,
    reason: str,
    new_value: float | None = None,
    expected_version: int | None = None,
    acknowledged: dict | None = None,
) -> dict:
    """Rule on an open dispute: ``upheld`` with ``new_value`` (the line's value in its stored
    form: a ratio as 0.802, seconds as seconds) or ``rejected``; ``reason`` either way."""
    require(actor, "scorecards.publish")
    if outcome not in OUTCOMES:
        raise InvalidInput(f"A ruling is 'upheld' or 'rejected', not '{outcome}'.")
    reason = _text(reason, "A ruling's reason", required=True)
    if outcome == "upheld":
        if new_value is None:
            raise InvalidInput("An upheld dispute gives the value the line takes instead.")
        new_value = float(new_value)
        if new_value != new_value or new_value < 0:
            raise InvalidInput("The value the line takes must be a number, 0 or more.")
    else:
        new_value = None
    ack = require_acknowledged(
        {"reason": reason}, acknowledged, not_people=queries.wording_known_names(con)
    )
    with transaction(con):
        before = dispute_rows.dispute(con, int(dispute_id))
        if before is None:
            raise NotFound(f"No dispute #{dispute_id}.")
        if before["status"] != "open":
            raise InvalidInput(
                f"Dispute #{dispute_id} was already {before['status']} by "
                f"{before['resolved_by']}; a ruling is not changed (record a new dispute)."
            )
        records.check_version(before, expected_version, f"Dispute #{dispute_id}")
        if outcome == "upheld" and catalogue.kpi(before["kpi"]).unit == "ratio" and new_value > 1:
            raise InvalidInput(
                f"{catalogue.kpi(before['kpi']).name} is a share: give the new value as a share "
                f"(0.802 for 80.2 %), not {new_value:g}."
            )
        changed = dispute_rows.resolve(
            con,
            int(dispute_id),
            status=outcome,
            new_value=new_value,
            resolution=reason,
            by=actor.name,
            at=audit.now(),
            version=int(before["version"]),
        )
        if not changed:
            raise StaleRecord(f"Dispute #{dispute_id} changed meanwhile: reload it and rule again.")
        after = dispute_rows.dispute(con, int(dispute_id))
        audit.record(
            con,
            actor,
            f"dispute.{outcome}",
            "scorecard_dispute",
            dispute_id,
            _audited(before),
            records.with_acknowledgement(_audited(after), ack),
        )
    return _shown(con, after)


def listing(
    con: duckdb.DuckDBPyConnection,
    vendor: str | None = None,
    *,
    open_only: bool = False,
    today: date | None = None,
) -> list[dict]:
    """Every dispute (of ``vendor``), newest first, with its resolve-by day and whether it is
    overdue (open past it)."""
    vendor_id = None if vendor is None else _vendor_id(con, vendor)
    found = [_shown(con, d, today) for d in dispute_rows.disputes(con, vendor_id=vendor_id)]
    return [d for d in found if d["status"] == "open"] if open_only else found


def thread(con: duckdb.DuckDBPyConnection, vendor: str, period: Period | str) -> dict:
    """The vendor's answers to its published scorecard for the period (every version):
    acknowledgements and disputes, oldest first; empty lists when not published."""
    p = scorecard.parse_period(period)
    out = {"acknowledgements": [], "disputes": []}
    for pub in published.versions(con, vendor, p):
        for a in dispute_rows.acknowledgements(con, pub.publication_id):
            out["acknowledgements"].append({**a, "version": pub.version})
        out["disputes"] += [
            _shown(con, d) for d in dispute_rows.disputes(con, publication_id=pub.publication_id)
        ]
    out["acknowledgements"].sort(key=lambda a: a["acknowledged_at"])
    out["disputes"].sort(key=lambda d: (d["raised_at"], d["dispute_id"]))
    return out


def evidence(con: duckdb.DuckDBPyConnection, actor: Actor, dispute_id: int):
    """The evidence file of a dispute (name, bytes), for the client's staff and the vendor's
    own partners."""
    found = dispute_rows.dispute(con, int(dispute_id))
    if found is None:
        raise NotFound(f"No dispute #{dispute_id}.")
    require_vendor(actor, found["vendor"])
    return dispute_rows.evidence(con, int(dispute_id))


# --- helpers ------------------------------------------------------------------------------------


def _line(pub: published.Publication, kpi: str, program, channel) -> dict:
    wanted = str(kpi).strip().casefold()
    found = [
        line
        for line in pub.lines
        if wanted in (line["kpi"].casefold(), str(line["kpi_name"]).casefold())
        and line["program"] == program
        and (channel is None or line["channel"] == channel)
    ]
    if len(found) != 1:
        on = [_line_name(x) for x in pub.lines if x["program"] == program]
        card = program or "the whole vendor"
        raise NotFound(
            f"The published scorecard of {card} has "
            + ("several lines" if found else "no line")
            + f" for '{kpi}'"
            + (" (name its channel)" if found else "")
            + f"; its lines: {', '.join(on) or 'none'}."
        )
    return found[0]


def _same_line(a: dict, b: dict) -> bool:
    return (a["program"], a["kpi"], a["channel"]) == (b["program"], b["kpi"], b["channel"])


def _line_name(line: dict) -> str:
    name = catalogue.kpi(line["kpi"]).name
    return name + (f" ({line['channel']})" if line.get("channel") else "")


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _audited(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "evidence"}


def _shown(con, d: dict, today: date | None = None) -> dict:
    """A dispute as the pages and the command give it: with its resolve-by day, whether it is
    overdue, and its values in words."""
    _, resolve_days = dispute_rows.contract_days(con, int(d["vendor_id"]))
    due = business_days_after(d["raised_at"].date(), resolve_days)
    today = today or audit.now().date()
    unit = catalogue.kpi(d["kpi"]).unit
    return {
        "dispute_id": int(d["dispute_id"]),
        "vendor": d["vendor"],
        "period": d["period"],
        "publication_version": int(d["publication_version"]),
        "program": d["program"],
        "kpi": d["kpi"],
        "kpi_name": catalogue.kpi(d["kpi"]).name,
        "channel": d["channel"],
        "reason": d["reason"],
        "evidence_name": d["evidence_name"],
        "raised_by": d["raised_by"],
        "raised_at": d["raised_at"],
        "status": d["status"],
        "generated_value": d["generated_value"],
        "generated_shown": format_value(d["generated_value"], unit),
        "new_value": d["new_value"],
        "new_shown": None if d["new_value"] is None else format_value(d["new_value"], unit),
        "resolution": d["resolution"],
        "resolved_by": d["resolved_by"],
        "resolved_at": d["resolved_at"],
        "resolve_by": due,
        "overdue": d["status"] == "open" and today > due,
        "version": int(d["version"]),
    }
