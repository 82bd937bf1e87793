"""The rate card on the Contracts page: the rates in force on a day as an editable table, the
changes between the table as shown and as edited (amendment items for ``terms.add_amendment``),
and every rate version laid out for reading.

Prices and minimums are shown and read as decimal text, so what is typed is what is stored (no
binary float on the way). Volume bands are one cell of text, ``1,000: 0.80; 5,000: 0.70``
(from that many units a month, that price).
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import duckdb
import pandas as pd

from governance import amounts
from governance.contracts.spec import BANDINGS, RATE_UNIT_ALIASES, RATE_UNITS
from governance.errors import InvalidInput
from governance.store import billing_rows, contract_rows

# The editor's columns; ``rate_id`` stays hidden and matches an edited row to its rate.
RATE_COLUMNS = (
    "rate_id",
    "Unit",
    "Program",
    "Channel",
    "Price",
    "Bands",
    "Banding",
    "Minimum monthly",
)
RATE_HISTORY_COLUMNS = (
    "Unit",
    "Scope",
    "Version",
    "Price",
    "Bands",
    "Minimum monthly",
    "From",
    "To",
    "Amendment",
)
UNIT_WORDS = {
    "contact": "handled contact",
    "handled_minute": "handled minute",
    "productive_hour": "productive hour",
    "fte": "FTE (month)",
    "training_hour": "training hour",
}
# The editor's words, the codes and the contracts file's other names, folded (``_unit_code``).
_UNIT_CODES = {
    **{w.casefold(): c for c, w in UNIT_WORDS.items()},
    **{c: c for c in RATE_UNITS},
    **RATE_UNIT_ALIASES,
}
_BAND = re.compile(r"^\s*([\d.,]+)\s*\+?\s*(?::|=|@|at)\s*([\d.,]+)\s*$", re.IGNORECASE)


def amount_text(value, *, grouped: bool = False) -> str | None:
    """An amount as plain decimal text without trailing zeros ("0.95", "5000"; grouped:
    "1,500,000"); None stays None."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), ",f" if grouped else "f")


def bands_text(bands: str | None) -> str | None:
    """A rate's stored bands (JSON) as the editor's text: ``1,000: 0.8; 5,000: 0.7``."""
    if not bands:
        return None
    return "; ".join(
        f"{amount_text(start, grouped=True)}: {amount_text(price)}"
        for start, price in json.loads(bands)["bands"]
    )


def parse_bands(text: str | None, what: str) -> list[list[str]]:
    """The editor's bands text as ``[[from_units, price], …]`` (decimal text); empty: none."""
    if text is None or not str(text).strip():
        return []
    out = []
    for part in re.split(r"[;\n]+", str(text)):
        if not part.strip():
            continue
        found = _BAND.match(part)
        if not found:
            raise InvalidInput(
                f"{what}: bands read '{part.strip()}'; write each band as FROM_UNITS: PRICE, "
                "separated by semicolons, e.g. 1000: 0.80; 5000: 0.70."
            )
        try:
            start, price = (amounts.parse(x) for x in found.groups())
        except ValueError:
            raise InvalidInput(f"{what}: band '{part.strip()}' is not two amounts.") from None
        out.append([amount_text(start), amount_text(price)])
    return out


def rate_table(con: duckdb.DuckDBPyConnection, contract_id: int, on: date) -> pd.DataFrame:
    """The rates in force on ``on`` as the editor shows them (``RATE_COLUMNS``)."""
    rows = []
    for r in billing_rows.rates(con, contract_id):
        if r["effective_from"] > on or (r["effective_to"] is not None and r["effective_to"] < on):
            continue
        rows.append(
            {
                "rate_id": r["rate_id"],
                "Unit": UNIT_WORDS[r["unit"]],
                "Program": r["program"],
                "Channel": r["channel"],
                "Price": amount_text(r["price"], grouped=True),
                "Bands": bands_text(r["bands"]),
                "Banding": json.loads(r["bands"])["banding"] if r["bands"] else None,
                "Minimum monthly": amount_text(r["minimum_monthly"], grouped=True),
            }
        )
    return pd.DataFrame(rows, columns=list(RATE_COLUMNS), dtype=object)


def rate_history(con: duckdb.DuckDBPyConnection, contract_id: int) -> pd.DataFrame:
    """Every rate version of a contract as people read it (``RATE_HISTORY_COLUMNS``)."""
    reasons = {aid: reason for aid, _, reason, _ in contract_rows.amendment_rows(con, contract_id)}
    rows = [
        {
            "Unit": UNIT_WORDS[r["unit"]],
            "Scope": ", ".join(x for x in (r["program"], r["channel"]) if x) or "whole contract",
            "Version": r["version"],
            "Price": amount_text(r["price"], grouped=True),
            "Bands": bands_text(r["bands"]),
            "Minimum monthly": amount_text(r["minimum_monthly"], grouped=True),
            "From": r["effective_from"],
            "To": r["effective_to"],
            "Amendment": "original"
            if r["amendment_id"] is None
            else f"#{r['amendment_id']}: {reasons.get(r['amendment_id'], '')}",
        }
        for r in billing_rows.rates(con, contract_id)
    ]
    return pd.DataFrame(rows, columns=list(RATE_HISTORY_COLUMNS))


def _cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _row(raw: dict) -> dict:
    """An editor row as a rate item: unit code, scope, amounts as text (blank cells None)."""
    cells = {k: _cell(v) for k, v in raw.items()}
    unit_text = cells.get("Unit")
    unit = None if unit_text is None else _unit_code(unit_text)
    scope = ", ".join(x for x in (cells.get("Program"), cells.get("Channel")) if x)
    what = f"The rate per {unit_text or '?'}" + (f" ({scope})" if scope else "")
    if unit_text is not None and unit is None:
        raise InvalidInput(
            f"{what}: the unit is not known; use one of {', '.join(UNIT_WORDS.values())}."
        )
    banding = cells.get("Banding")
    if banding is not None and banding not in BANDINGS:
        raise InvalidInput(f"{what}: banding '{banding}' is not known; use graduated or all_units.")
    return {
        "unit": unit,
        "program": cells.get("Program"),
        "channel": cells.get("Channel"),
        "price": cells.get("Price"),
        "bands": parse_bands(cells.get("Bands"), what),
        "banding": banding,
        "minimum_monthly": cells.get("Minimum monthly"),
    }


def _unit_code(text: str) -> str | None:
    """A unit as the editor shows it ("FTE (month)") or as a contract names it, as its code."""
    folded = text.casefold()
    return _UNIT_CODES.get(folded) or _UNIT_CODES.get("_".join(folded.replace("-", " ").split()))


def _same_amount(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return amounts.parse(a) == amounts.parse(b)
    except ValueError:
        return False


def rate_changes(shown: pd.DataFrame, edited: pd.DataFrame) -> list[dict]:
    """The rate changes between the editor's rows as shown and as edited (amendment items for
    ``add_amendment(rates=…)``): a changed row gives its scope and what changed; a deleted row
    retires its rate; a new row adds one; a row whose unit or scope was edited retires the old
    rate and adds the new one. No change: an empty list."""
    scope_keys = ("unit", "program", "channel")
    before = {int(r["rate_id"]): _row(r) for r in shown.to_dict("records")}
    changes: list[dict] = []
    seen = set()
    for raw in edited.to_dict("records"):
        rid = _cell(raw.get("rate_id"))
        rid = None if rid is None else int(float(rid))
        row = _row(raw)
        if rid not in before:
            if all(v in (None, []) for v in row.values()):
                continue  # an empty row the editor added
            if row["unit"] is None:
                raise InvalidInput("A new rate needs a unit: pick one in its Unit column.")
            changes.append({k: v for k, v in row.items() if v not in (None, [])})
            continue
        old = before[rid]
        seen.add(rid)
        scope = {k: row[k] for k in scope_keys}
        old_scope = {k: old[k] for k in scope_keys}
        if scope != old_scope:
            changes.append({**old_scope, "retire": True})
            changes.append({k: v for k, v in row.items() if v not in (None, [])})
            continue
        diff = {}
        for key in ("price", "minimum_monthly"):
            if not _same_amount(row[key], old[key]):
                diff[key] = row[key]
        if row["bands"] != old["bands"] or (row["banding"] or "graduated") != (
            old["banding"] or "graduated"
        ):
            diff["bands"] = row["bands"]
            if row["banding"] is not None:
                diff["banding"] = row["banding"]
        if diff:
            changes.append({**scope, **diff})
    for rid, old in before.items():
        if rid not in seen:
            changes.append({**{k: old[k] for k in scope_keys}, "retire": True})
    for change in changes:  # the service takes only the keys it knows; scope keys may be None
        for key in ("program", "channel"):
            if change.get(key) is None:
                change.pop(key, None)
    return changes
