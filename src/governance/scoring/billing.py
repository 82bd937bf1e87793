"""Billing accuracy as each vendor is billed: billed units over the units its KPI data supports
under its own contract's pricing model, never a ratio of unlike units.

The catalogue's generic ``billing_accuracy`` divides billed units by handled contacts, which
only means something for per-contact pricing: a vendor billed per handled minute would read
7.27 (minutes ÷ contacts). ``by_pricing`` recomputes the column of a roll-up per vendor with the
KPI its contract's pricing defines (``catalogue.billing_accuracy``: billed minutes ÷ handle time
in minutes, billed hours ÷ handle hours, billed FTE ÷ average headcount, billed contacts ÷
handled contacts), and names the basis in ``billing_basis``. It is left empty where it cannot
mean anything: outcome-based pricing (outcomes the data cannot count), a vendor without a
contract in force (its pricing is unknown), or a period in which the pricing changed.
``cost_per_contact`` (invoiced amount ÷ handled contacts) is a cost, meaningful under any
model, and stays as the catalogue computes it.

Invoices and their reconciliation (issue 19), money exact (``Decimal``, to the cent, half up):

- **Invoices** (``record_invoice``): a vendor's invoice for a month, its lines (unit, units,
  rate, amount; a credit line is negative) by program, site and channel, never by person; an
  invoice number is recorded once; status received → under review → approved / disputed → paid.
- **Supported units**: what the month's KPI data supports for a line's scope: handled contacts
  per contact, handle time in minutes per handled minute, handle time in hours per productive
  hour (the proxy the data has), average headcount per FTE. Training hours are not in the KPI
  data: priced as billed and flagged for review against the training plan.
- **Expected amount**: the supported units priced on the contract's rate card in force on the
  month's first day (the most specific scope: program and channel, program, channel, whole
  contract; ``priced``: volume bands, then the minimum monthly commitment).
- **Flag**: a line whose invoiced amount differs from the expected one by more than the
  contract's ``billing_tolerance_pct`` (2 % by default) of it: over or under; no rate: flagged.
- **Payable**: a line within tolerance or under-billed is payable as invoiced; an over-billed
  line as expected. **Net payable** = payable − the month's service credits not earned back
  (pending and final; ``credits.ledger``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pandas as pd

from governance import amounts, kpis
from governance.access import audit, records, vendors
from governance.access.actors import Actor, require
from governance.errors import InvalidInput, NotFound, StaleRecord
from governance.kpis import catalogue, frames, periods
from governance.scoring import credits, scorecard
from governance.store import billing_rows, queries
from governance.store.db import transaction
from governance.wording.gate import require_acknowledged

CODE = "billing_accuracy"
BASIS = "billing_basis"
NO_CONTRACT = "no contract in force: pricing unknown"
CHANGED = "pricing changed within the period"


def basis_words(pricing: str) -> str:
    """What billing accuracy divides under ``pricing``."""
    entry = catalogue.billing_accuracy(pricing)
    if entry is None:
        return f"{pricing}: not computed (outcomes the data cannot count)"
    return f"{pricing}: {entry.definition}"


def by_pricing(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    *,
    by: str | None,
    dims: Sequence[str],
    date_from: date | None = None,
    date_to: date | None = None,
    terms: scorecard.Terms | None = None,
) -> pd.DataFrame:
    """``frame`` (a ``kpis.rollup`` by ``dims`` and ``by``, with ``billing_accuracy`` and, with
    parts, its ``__num`` / ``__den``) with billing accuracy as each vendor's contract defines it
    and ``billing_basis`` after it (see the module docstring)."""
    if CODE not in frame.columns or frame.empty:
        return frame
    terms = terms or scorecard.load_terms(con)
    keys = [*dims, "period"]
    parts = [c for c in (f"{CODE}__num", f"{CODE}__den") if c in frame.columns]
    found: dict[tuple, tuple[float | None, float | None, float | None, str]] = {}
    for vendor in sorted(set(frame["vendor"])):
        for c in terms.contracts.get(vendor, ()):
            first = max(d for d in (date_from, c["start_date"]) if d is not None)
            ends = [d for d in (date_to, c["end_date"]) if d is not None]
            last = min(ends) if ends else None
            if last is not None and first > last:
                continue
            entry = catalogue.billing_accuracy(c["pricing"])
            words = basis_words(c["pricing"])
            if entry is None:
                rows = kpis.rollup(
                    con,
                    by=by,
                    dims=dims,
                    kpis=(),
                    vendors=[vendor],
                    date_from=first,
                    date_to=last,
                    components=("billed_units",),
                )
                values = [(None, None, None)] * len(rows)
            else:
                rows = kpis.rollup(
                    con,
                    by=by,
                    dims=dims,
                    kpis=[entry],
                    vendors=[vendor],
                    date_from=first,
                    date_to=last,
                    parts=True,
                )
                values = list(
                    zip(rows[CODE], rows[f"{CODE}__num"], rows[f"{CODE}__den"], strict=True)
                )
            for key, value in zip(_keys(rows, keys), values, strict=True):
                if key in found and found[key][3] != words:
                    found[key] = (None, None, None, CHANGED)
                else:
                    found[key] = (*value, words)
    out = frame.copy()
    shown = [found.get(k, (None, None, None, NO_CONTRACT)) for k in _keys(out, keys)]
    out[CODE] = pd.Series([s[0] for s in shown], index=out.index, dtype="float64")
    for i, column in enumerate(parts, start=1):
        out[column] = pd.Series([s[i] for s in shown], index=out.index, dtype="float64")
    at = list(out.columns).index(parts[-1] if parts else CODE) + 1
    out.insert(at, BASIS, [s[3] for s in shown])
    return out


def _keys(frame: pd.DataFrame, keys: list[str]) -> list[tuple]:
    return [
        tuple(
            pd.Timestamp(v).date() if k == "period" and v is not None else v
            for k, v in zip(keys, row, strict=True)
        )
        for row in frame[keys].itertuples(index=False, name=None)
    ]


# --- invoices ---------------------------------------------------------------------------------

UNITS = ("contact", "handled_minute", "productive_hour", "fte", "training_hour", "other")
STATUSES = ("received", "under_review", "approved", "disputed", "paid")
CENT = Decimal("0.01")
MAX_LINES = 20_000


def _period(value: periods.Period | date | str) -> periods.Period:
    """A period from its label (2026-10), a ``Period``, or any day of its month."""
    if isinstance(value, periods.Period):
        return value
    return periods.parse(value) if isinstance(value, str) else periods.month(value)


def _text(value, what: str, *, optional: bool = True) -> str | None:
    text = records.optional_text(value, what)
    if text is None and not optional:
        raise InvalidInput(f"{what} is required.")
    return text


def _amount(value, what: str, *, signed: bool = True) -> Decimal:
    if value is None or str(value).strip() == "":
        raise InvalidInput(f"{what} is required.")
    try:
        amount = amounts.parse(value)  # "1,348.00", "1.348,00", "(120.00)"
    except ValueError:
        raise InvalidInput(f"{what} '{value}' is not an amount.") from None
    if not amount.is_finite() or (not signed and amount < 0):
        raise InvalidInput(f"{what} '{value}' is not an amount of 0 or more.")
    return amount


def record_invoice(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    month: date | str,
    invoice_no: str,
    lines: Sequence[Mapping],
    currency: str | None = None,
    source: str = "entered",
    acknowledged: dict | None = None,
    correction: bool = False,
    layout: tuple[Sequence[str], Mapping[str, str]] | None = None,
) -> dict:
    """Record a vendor's invoice for a month with its lines, all or nothing; returns it with its
    total.

    ``lines`` are mappings with ``unit`` (``UNITS``), ``units`` and ``amount`` (exact: ``Decimal``
    or text as people write it, ``amounts.parse``; a credit line is negative), optional ``rate``,
    ``program``, ``site``, ``channel``, ``description`` and ``row`` (its row in a file). The
    descriptions pass the co-employment wording check (``acknowledged`` covers what was kept
    anyway). The currency is the contract's when not given, and must be it when given.

    ``correction``: the vendor's corrected invoice under a number already recorded, for the same
    month: it becomes the next revision, back to "received", and the revision it replaces is
    kept, marked superseded (a paid invoice is not corrected: the vendor issues a credit note
    under a new number). ``layout``: a file's headers and the header each field was read from
    (``InvoiceFile.mapping``), kept so the vendor's next file with those headers is read the same
    way (``remembered_columns``).

    Raises ``PermissionDenied``, ``NotFound`` or ``InvalidInput`` (a line named by its row: unit,
    amounts; a number the vendor already used, unless a correction)."""
    require(actor, "commercial.write")
    m = _period(month)
    if m.kind != "month":
        raise InvalidInput(f"An invoice bills a month, such as 2026-10, not {m.label}.")
    number = _text(invoice_no, "The invoice number", optional=False)
    source = _text(source, "The source", optional=False)
    if not lines:
        raise InvalidInput(f"Invoice {number} has no line.")
    if len(lines) > MAX_LINES:
        raise InvalidInput(f"Invoice {number} has more than {MAX_LINES:,} lines.")
    checked = []
    for i, line in enumerate(lines, start=1):
        n = int(line.get("row") or i)
        where = f"Invoice {number}, line {n}"
        unit = line.get("unit") or "other"
        if unit not in UNITS:
            raise InvalidInput(
                f"{where}: unit '{unit}' is not known; use one of {', '.join(UNITS)}."
            )
        channel = _text(line.get("channel"), f"{where}: channel")
        checked.append(
            (
                n,
                _text(line.get("program"), f"{where}: program"),
                _text(line.get("site"), f"{where}: site"),
                channel,
                unit,
                _amount(line.get("units"), f"{where}: units"),
                None if line.get("rate") in (None, "") else _amount(line["rate"], f"{where}: rate"),
                _amount(line.get("amount"), f"{where}: amount").quantize(CENT, ROUND_HALF_UP),
                _text(line.get("description"), f"{where}: description"),
            )
        )
    ack = require_acknowledged(
        {f"{number}, line {row[0]}, description": row[-1] for row in checked},
        acknowledged,
        not_people=queries.wording_known_names(con),
    )
    with transaction(con):
        vendor_id = vendors.vendor_id(con, vendor)
        before = billing_rows.invoice_by_number(con, vendor_id, number)
        _check_correction(vendor, number, m, before, correction)
        terms = scorecard.load_terms(con)
        c = terms.contract(vendor, scorecard.Window.of(m))
        expected = None if c is None else c.get("currency")
        if currency is not None and expected is not None and currency.upper() != expected:
            raise InvalidInput(
                f"Invoice {number} is in {currency.upper()}, but {vendor}'s contract bills in "
                f"{expected}."
            )
        invoice_id = billing_rows.insert_invoice(
            con,
            vendor_id=vendor_id,
            invoice_no=number,
            month=m.start,
            currency=(currency or expected or "").upper() or None,
            source=source,
            recorded_by=actor.name,
            recorded_at=audit.now(),
            revision=1 if before is None else int(before["revision"]) + 1,
        )
        if before is not None and not billing_rows.supersede(
            con, before["invoice_id"], before["version"], audit.now()
        ):
            raise StaleRecord(
                f"Invoice {number} changed while the correction was recorded: try again."
            )
        billing_rows.insert_lines(con, [(invoice_id, *row) for row in checked])
        if layout is not None:
            headers, columns = layout
            billing_rows.remember_layout(
                con,
                vendor_id,
                _headers_key(headers),
                json.dumps(dict(columns), sort_keys=True),
                actor.name,
                audit.now(),
            )
        after = billing_rows.invoice_by_number(con, vendor_id, number)
        audit.record(
            con,
            actor,
            "invoice.correct" if before else "invoice.record",
            "invoice",
            invoice_id,
            before,
            records.with_acknowledgement({**after, "lines": len(checked)}, ack),
        )
    return after


def _headers_key(headers: Iterable[str]) -> str:
    """A file's headers as the key of its layout: folded, white space collapsed, sorted."""
    return json.dumps(sorted({" ".join(str(h).split()).casefold() for h in headers}))


def remembered_columns(
    con: duckdb.DuckDBPyConnection, vendor: str, headers: Sequence[str]
) -> dict[str, str] | None:
    """How the vendor's last invoice file with these headers was mapped (field -> header; a
    field it left unread is absent), or None when none with these headers was recorded."""
    found = billing_rows.layout(con, vendors.vendor_id(con, vendor), _headers_key(headers))
    return None if found is None else json.loads(found)


def _check_correction(vendor, number, m, before: dict | None, correction: bool) -> None:
    """Refuse a number used twice, a correction of nothing, of another month or of a paid
    invoice (``record_invoice``)."""
    if before is None:
        if correction:
            raise InvalidInput(
                f"{vendor} has no invoice {number} to correct: record it as a new invoice."
            )
        return
    if not correction:
        raise InvalidInput(
            f"{vendor} already has invoice {number}. If this is the vendor's corrected invoice, "
            "record it as a correction: tick 'This corrects an invoice already recorded' on the "
            "Billing page, or add --correct to 'invoices load' (it replaces the lines and goes "
            "back to received). Otherwise check the number."
        )
    if before["month"] != m.start:
        raise InvalidInput(
            f"Invoice {number} bills {periods.label(before['month'])}, so its correction cannot "
            f"bill {periods.label(m)}; a different month is a new invoice."
        )
    if before["status"] == "paid":
        raise InvalidInput(
            f"Invoice {number} is paid, so it is not corrected: the vendor issues a credit note "
            "under a new number, recorded as an invoice with negative lines."
        )


def revisions(con: duckdb.DuckDBPyConnection, vendor: str, invoice_no: str) -> list[dict]:
    """Every revision of a vendor's invoice, the first first, each with its total and, when a
    correction replaced it, when."""
    return billing_rows.revisions(con, vendors.vendor_id(con, vendor), invoice_no)


def set_status(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    vendor: str,
    invoice_no: str,
    status: str,
    expected_version: int | None = None,
) -> dict:
    """Move an invoice to ``status`` (``STATUSES``); refused as stale when it changed since
    ``expected_version`` was read."""
    require(actor, "commercial.write")
    if status not in STATUSES:
        raise InvalidInput(f"'{status}' is not an invoice status; use {', '.join(STATUSES)}.")
    with transaction(con):
        before = billing_rows.invoice_by_number(con, vendors.vendor_id(con, vendor), invoice_no)
        if before is None:
            raise NotFound(f"{vendor} has no invoice {invoice_no}.")
        version = before["version"] if expected_version is None else expected_version
        if not billing_rows.set_status(con, before["invoice_id"], status, version):
            raise StaleRecord(
                f"Invoice {invoice_no} changed since it was read: reload it and try again."
            )
        after = billing_rows.invoice_by_number(con, before["vendor_id"], invoice_no)
        audit.record(con, actor, "invoice.status", "invoice", before["invoice_id"], before, after)
    return after


def invoices(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> list[dict]:
    """Invoices (of ``vendor``) with their totals, newest month first."""
    vendor_id = None if vendor is None else vendors.vendor_id(con, vendor)
    return billing_rows.invoices(con, vendor_id=vendor_id)


# --- reconciliation -----------------------------------------------------------------------------

# The KPI data behind each billed unit: components summed, divided by this.
SUPPORT = {
    "contact": ("answered", Decimal(1)),
    "handled_minute": ("handle_time_sec", Decimal(60)),
    "productive_hour": ("handle_time_sec", Decimal(3600)),
    "fte": ("headcount", Decimal(1)),
}
SUPPORT_WORDS = {
    "contact": "handled contacts",
    "handled_minute": "handle time in minutes",
    "productive_hour": "handle time in hours (the proxy for productive hours)",
    "fte": "average headcount",
    "training_hour": "not in the KPI data: check against the training plan",
    "other": "no rate in the contract",
}


def priced(units: Decimal, rate: dict) -> Decimal:
    """What ``units`` cost on a rate-card version (``billing_rows.rates`` row), to the cent
    (half up): the price per unit, or by its volume bands (graduated: each band's units at its
    price, below the first band at ``price``; all_units: every unit at the price of the band
    the volume reaches), then at least its ``minimum_monthly``."""
    price = Decimal(rate["price"])
    banded = json.loads(rate["bands"]) if rate.get("bands") else None
    if banded is None:
        amount = units * price
    else:
        bands = [(Decimal(a), Decimal(p)) for a, p in banded["bands"]]
        if banded["banding"] == "all_units":
            reached = [p for a, p in bands if units >= a]
            amount = units * (reached[-1] if reached else price)
        else:
            amount = Decimal(0)
            edges = [*bands, (None, None)]
            if bands[0][0] > 0:
                amount += min(units, bands[0][0]) * price
            for (start, p), (nxt, _) in zip(edges, edges[1:], strict=False):
                if units <= start:
                    break
                top = units if nxt is None else min(units, nxt)
                amount += (top - start) * p
    if rate.get("minimum_monthly") is not None:
        amount = max(amount, Decimal(rate["minimum_monthly"]))
    return amount.quantize(CENT, ROUND_HALF_UP)


def rate_for(rates: list[dict], unit: str, program, channel, day: date) -> dict | None:
    """The rate-card version in force on ``day`` for a line: the most specific scope (program
    and channel, program, channel, the whole contract)."""
    best = None
    for r in rates:
        if r["unit"] != unit or r["effective_from"] > day:
            continue
        if r["effective_to"] is not None and r["effective_to"] < day:
            continue
        if r["program"] not in (None, program) or r["channel"] not in (None, channel):
            continue
        rank = (r["program"] is not None) * 2 + (r["channel"] is not None)
        if best is None or rank > best[0]:
            best = (rank, r)
    return None if best is None else best[1]


SCOPE = ("program", "site", "channel")


def _probe(component: str) -> catalogue.Kpi:
    """A ratio of the component to itself: its denominator part is the component's sum over the
    rows that reported it, and for a stock (headcount) its average over the days that reported
    it, as every KPI of the catalogue reads it."""
    return catalogue.Kpi(
        f"supported_{component}",
        "Supported units",
        ((component, 1),),
        ((component, 1),),
        "higher",
        "count",
        "0",
        False,
    )


def supported_units(
    con: duckdb.DuckDBPyConnection, m: periods.Period, lines: Iterable[Mapping]
) -> list[Decimal | None]:
    """The units the KPI data supports for each line (a mapping with ``vendor``, ``unit`` and,
    when given, ``program``, ``site`` and ``channel``) in month ``m``; None for a unit the data
    cannot count (training hours, other). Lines of one shape (the same scope dimensions and
    unit) are read with one roll-up grouped by exactly those dimensions."""
    lines = list(lines)
    shapes: dict[tuple, list[int]] = {}
    for i, line in enumerate(lines):
        if line["unit"] in SUPPORT:
            dims = tuple(d for d in SCOPE if line.get(d))
            shapes.setdefault((dims, line["unit"]), []).append(i)
    out: list[Decimal | None] = [None] * len(lines)
    for (dims, unit), at in shapes.items():
        component, divisor = SUPPORT[unit]
        probe = _probe(component)
        frame = kpis.rollup(
            con,
            by=None,
            dims=("vendor", *dims),
            kpis=[probe],
            vendors=sorted({lines[i]["vendor"] for i in at}),
            date_from=m.start,
            date_to=m.end,
            parts=True,
        )
        found = {
            tuple(r[d] for d in ("vendor", *dims)): r[f"{probe.code}__den"]
            for r in frames.plain_records(frame)
        }
        for i in at:
            total = found.get(tuple(lines[i].get(d) for d in ("vendor", *dims)))
            units = Decimal(0) if total is None else Decimal(str(total)) / divisor
            out[i] = units.quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return out


def supported(con, vendor: str, m: periods.Period, line: Mapping) -> Decimal | None:
    """The units the KPI data supports for one line of the vendor's month (``supported_units``)."""
    return supported_units(con, m, [{**line, "vendor": vendor}])[0]


def reconcile(
    con: duckdb.DuckDBPyConnection, vendor: str, month: periods.Period | date | str
) -> dict:
    """A vendor's invoices for a month against what its KPI data and rate card support, line by
    line, with the month's service credits netted (see the module docstring): ``{"vendor",
    "month", "currency", "contract", "tolerance_pct", "invoices", "lines", "totals"}``, amounts
    as ``Decimal``. Raises ``NotFound`` (vendor) or ``InvalidInput`` (not a month, no contract
    in force)."""
    vendors.vendor_id(con, vendor)  # NotFound for an unknown vendor
    found = reconcile_month(con, month, [vendor])
    if not found:
        raise InvalidInput(
            f"{vendor} has no contract in force in {periods.label(_period(month))}: no rate "
            "card to reconcile against."
        )
    return found[0]


def reconcile_month(
    con: duckdb.DuckDBPyConnection,
    month: periods.Period | date | str,
    vendor_names: Iterable[str] | None = None,
    *,
    terms: scorecard.Terms | None = None,
) -> list[dict]:
    """``reconcile`` for every vendor with a contract in force in the month (or those named),
    read together: one roll-up per line shape and one credit ledger for all of them."""
    m = _period(month)
    if m.kind != "month":
        raise InvalidInput(
            f"Reconciliation is monthly: give a month such as 2026-10, not {m.label}."
        )
    terms = terms or scorecard.load_terms(con)
    window = scorecard.Window.of(m)
    names = [
        v
        for v in (terms.vendors if vendor_names is None else vendor_names)
        if terms.contract(v, window) is not None
    ]
    if not names:
        return []
    every = billing_rows.invoices(con, month=m.start)
    held = {}
    for inv in every:
        if inv["vendor"] in names:
            held.setdefault(inv["vendor"], []).append(inv)
    pending = []  # (vendor, invoice, line)
    for name in names:
        for inv in held.get(name, []):
            pending += [(name, inv, line) for line in billing_rows.lines(con, inv["invoice_id"])]
    units = supported_units(con, m, [{**line, "vendor": name} for name, _, line in pending])
    book = {
        r["vendor"]: r
        for r in frames.plain_records(credits.ledger(con, m, names, terms=terms).summary)
    }
    out = []
    for name in names:
        c = terms.contract(name, window)
        rates = billing_rows.rates(con, c["contract_id"])
        tolerance = Decimal(str(c.get("billing_tolerance_pct") or 0))
        lines = [
            _reconciled(m, inv, line, rates, tolerance, got)
            for (vendor, inv, line), got in zip(pending, units, strict=True)
            if vendor == name
        ]
        out.append(_totals(name, m, c, tolerance, held.get(name, []), lines, book.get(name, {})))
    return out


def _totals(name, m, c, tolerance, found, out_lines, row) -> dict:
    invoiced = sum((x["invoiced"] for x in out_lines), Decimal(0))
    supported_total = sum(
        (x["expected"] for x in out_lines if x["expected"] is not None), Decimal(0)
    )
    payable = sum((x["payable"] for x in out_lines), Decimal(0))

    def money(value) -> Decimal:
        return Decimal(0) if value is None else Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)

    deducted = money(row.get("pending_earn_back")) + money(row.get("final"))
    return {
        "vendor": name,
        "month": m.label,
        "currency": c.get("currency"),
        "contract": c["name"],
        "tolerance_pct": tolerance,
        "invoices": [
            {k: inv[k] for k in ("invoice_no", "revision", "status", "total", "source", "version")}
            for inv in found
        ],
        "lines": out_lines,
        "totals": {
            "invoiced": invoiced,
            "supported": supported_total,
            "payable_before_credits": payable,
            "credits": deducted,
            "earned_back": money(row.get("earned_back")),
            "net_payable": payable - deducted,
            "flagged": sum(1 for x in out_lines if x["flag"]),
        },
    }


def _reconciled(m, inv: dict, line: dict, rates, tolerance: Decimal, held) -> dict:
    units, invoiced = Decimal(line["units"]), Decimal(line["amount"])
    rate = (
        None
        if line["unit"] == "other"
        else rate_for(rates, line["unit"], line["program"], line["channel"], m.start)
    )
    expected = None
    flag = None
    if rate is None:
        flag, note = (
            "no rate",
            SUPPORT_WORDS["other"]
            if line["unit"] == "other"
            else (f"the contract has no rate per {line['unit']} for this line"),
        )
    elif held is None:  # billable beyond the KPI data (training hours): priced as billed
        expected = priced(units, rate)
        flag, note = "review", SUPPORT_WORDS[line["unit"]]
    else:
        expected = priced(held, rate)
        note = f"supported by {SUPPORT_WORDS[line['unit']]}"
    variance_units = None if held is None else units - held
    variance = None if expected is None else invoiced - expected
    variance_pct = (
        None
        if variance is None or not expected
        else (variance / expected * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    )
    if flag is None and variance is not None and expected is not None:
        if abs(variance) > expected * tolerance / 100:
            flag = "over" if variance > 0 else "under"
    payable = invoiced if flag in (None, "under") or expected is None else min(invoiced, expected)
    return {
        "invoice_no": inv["invoice_no"],
        "line_no": line["line_no"],
        "program": line["program"],
        "site": line["site"],
        "channel": line["channel"],
        "unit": line["unit"],
        "billed_units": units,
        "rate": line["rate"],
        "invoiced": invoiced,
        "supported_units": held,
        "price": None if rate is None else Decimal(rate["price"]),
        "expected": expected,
        "variance_units": variance_units,
        "variance": variance,
        "variance_pct": variance_pct,
        "flag": flag,
        "note": note,
        "payable": payable,
    }


# --- in words -------------------------------------------------------------------------------

FLAG_WORDS = {
    "over": "over-billed",
    "under": "under-billed",
    "review": "check: not in the KPI data",
    "no rate": "no rate in the contract",
}


def money_text(value, currency: str | None = None) -> str:
    """An exact amount as people read it: "1,348.00 USD"; "—" for none."""
    if value is None:
        return "—"
    return f"{Decimal(value):,.2f}" + (f" {currency}" if currency else "")


def short_money(value) -> str:
    """An amount for a tile: "2.03 M", "118.0 k", "950.00"; "—" for none."""
    if value is None:
        return "—"
    v = Decimal(value)
    if abs(v) >= 1_000_000:
        return f"{v / 1_000_000:,.2f} M"
    if abs(v) >= 10_000:
        return f"{v / 1_000:,.1f} k"
    return f"{v:,.2f}"


def line_table(found: dict) -> pd.DataFrame:
    """A reconciliation's lines as the Billing page shows them (amounts as exact text, in the
    contract's currency)."""
    rows = []
    for x in found["lines"]:
        scope = ", ".join(s for s in (x["program"], x["site"], x["channel"]) if s) or "whole"
        rows.append(
            {
                "Invoice": x["invoice_no"],
                "Line": x["line_no"],
                "Scope": scope,
                "Unit": x["unit"].replace("_", " "),
                "Flag": FLAG_WORDS.get(x["flag"], "") if x["flag"] else "within tolerance",
                "Billed units": f"{x['billed_units']:,.2f}",
                "Supported units": "—"
                if x["supported_units"] is None
                else f"{x['supported_units']:,.2f}",
                "Invoiced": money_text(x["invoiced"]),
                "Expected": money_text(x["expected"]),
                "Variance": money_text(x["variance"]),
                "Variance %": "—" if x["variance_pct"] is None else f"{x['variance_pct']}%",
                "Payable": money_text(x["payable"]),
            }
        )
    return pd.DataFrame(rows)


def escalation_text(found: dict, line: dict) -> tuple[str, str]:
    """The title and description of a billing escalation about a reconciled line, with its
    figures (vendor and line level: no person is named)."""
    cur = found["currency"]
    scope = ", ".join(s for s in (line["program"], line["site"], line["channel"]) if s)
    title = (
        f"Invoice {line['invoice_no']} line {line['line_no']}: "
        f"{FLAG_WORDS.get(line['flag'], 'billing query')} against the KPI data"
    )
    supported = (
        "not in the KPI data"
        if line["supported_units"] is None
        else f"{line['supported_units']:,.2f} supported by the KPI data"
    )
    description = (
        f"{periods.label(found['month'])}, {line['unit'].replace('_', ' ')}"
        + (f" ({scope})" if scope else "")
        + f": {line['billed_units']:,.2f} units billed, {supported}. Invoiced "
        f"{money_text(line['invoiced'], cur)} against {money_text(line['expected'], cur)} "
        f"expected from the rate card: variance {money_text(line['variance'], cur)}"
        + (f" ({line['variance_pct']}%)" if line["variance_pct"] is not None else "")
        + f", beyond the contract's {found['tolerance_pct']}% tolerance. Please correct the "
        "invoice or send the data that supports it."
    )
    return title, description
