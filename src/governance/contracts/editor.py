"""The Contracts page's helpers: the targets table editor and the tables the page shows.

``editable_targets`` gives the editor's rows (codes, stored units), ``table_changes`` turns the
rows as shown and as edited into amendment items, and ``amend_from_table`` records them as one
dated amendment (refusing when the targets changed meanwhile). The page's editor shows the same
rows as people read them (``editor_table``: KPI names, levels in the KPI's own unit, the worse
limit labelled as such) and records through ``amend_from_editor``, which converts back.
``history_table`` and ``amendment_table`` lay a contract's target versions and amendments out
for reading; ``amendment_note`` and ``default_effective_date`` help the amendment form.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from governance.access.actors import Actor, require
from governance.contracts import lines, rate_editor, terms
from governance.contracts.spec import parse_date
from governance.errors import InvalidInput, StaleRecord
from governance.kpis import catalogue
from governance.kpis.frames import format_value, plain_records
from governance.kpis.periods import add_months
from governance.store import queries
from governance.store.db import transaction

# --- the targets table editor --------------------------------------------------------------------

EDITOR_COLUMNS = (
    "target_id",
    "kpi",
    "program",
    "channel",
    "expected",
    "minimum",
    "weight",
    "tier",
    "allocation_pct",
    "category_pct",
    "window",
)


def editable_targets(con: duckdb.DuckDBPyConnection, contract_id: int, on: date) -> pd.DataFrame:
    """The targets in force on ``on`` as the Contracts page's table editor shows them."""
    frame = terms.targets_in_force(con, contract_id, on).rename(
        columns={"measurement_window": "window"}
    )
    return frame[list(EDITOR_COLUMNS)].reset_index(drop=True)


def table_changes(shown: pd.DataFrame, edited: pd.DataFrame) -> list[dict]:
    """The target changes between the editor's rows as shown and as edited (amendment items).

    Rows are matched by ``target_id``: a changed row gives its scope and changed fields; a
    deleted row retires its target; a new row (no ``target_id``) adds a target; a row whose KPI,
    program or channel was edited retires the old target and adds the new one. Raises
    ``InvalidInput`` when nothing changed.
    """
    changes = _target_changes(shown, edited)
    if not changes:
        raise InvalidInput("Nothing in the targets table changed, so there is nothing to amend.")
    return changes


def _target_changes(shown: pd.DataFrame, edited: pd.DataFrame) -> list[dict]:
    """``table_changes`` without the refusal: no change is an empty list."""

    before = {int(r["target_id"]): _cells(r) for r in shown.to_dict("records")}
    changes: list[dict] = []
    seen = set()
    for raw in edited.to_dict("records"):
        row = _cells(raw)
        tid = row.get("target_id")
        scope = {
            "kpi": row.get("kpi"),
            "program": row.get("program"),
            "channel": row.get("channel"),
        }
        fields = {
            k: row.get(k)
            for k in (
                "expected",
                "minimum",
                "weight",
                "tier",
                "allocation_pct",
                "category_pct",
                "window",
            )
        }
        if tid is None or int(tid) not in before:
            if all(v is None for v in (*scope.values(), *fields.values())):
                continue  # an empty row the editor added
            changes.append({**scope, **{k: v for k, v in fields.items() if v is not None}})
            continue
        old = before[int(tid)]
        seen.add(int(tid))
        old_scope = {k: old.get(k) for k in ("kpi", "program", "channel")}
        if scope != old_scope:
            changes.append({**old_scope, "retire": True})
            changes.append({**scope, **{k: v for k, v in fields.items() if v is not None}})
            continue
        diff = {k: v for k, v in fields.items() if not _same(v, old.get(k))}
        if diff:
            changes.append({**scope, **diff})
    for tid, old in before.items():
        if tid not in seen:
            changes.append(
                {k: old.get(k) for k in ("kpi", "program", "channel")} | {"retire": True}
            )
    for change in changes:  # the service takes only the keys it knows; scope keys may be None
        for key in ("program", "channel"):
            if change.get(key) is None:
                change.pop(key, None)
    return changes


def _blank(value) -> bool:
    """True for an empty editor cell: None, NaN, ``pd.NA`` or text of white space only."""
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and value != value)
        or (isinstance(value, str) and not value.strip())
    )


def _cells(row: dict) -> dict:
    """An editor row's cells as plain values: empty cells None, text trimmed, numpy scalars as
    Python numbers."""
    out = {}
    for k, v in row.items():
        if _blank(v):
            out[k] = None
        elif isinstance(v, str):
            out[k] = v.strip()
        elif hasattr(v, "item"):
            out[k] = v.item()
        else:
            out[k] = v
    return out


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) <= 1e-12
    return a == b


def amend_from_table(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    contract_id: int,
    shown: pd.DataFrame,
    edited: pd.DataFrame,
    *,
    effective_from: date | str,
    reason: str,
    approved_by: str,
    acknowledged: dict | None = None,
    rates_shown: pd.DataFrame | None = None,
    rates_edited: pd.DataFrame | None = None,
) -> int:
    """Record the editor's changes as one dated amendment; returns its id.

    ``shown`` is what ``editable_targets`` returned for ``effective_from``, ``rates_shown`` what
    ``rate_editor.rate_table`` did (the rate card's editor; optional); if the targets or rates
    in force then have changed since (someone else amended), ``StaleRecord`` is raised and
    nothing is written. Otherwise as ``add_amendment``.
    """
    require(actor, "contracts.write")
    changes = _target_changes(shown, edited)
    rate_changes = (
        [] if rates_shown is None else rate_editor.rate_changes(rates_shown, rates_edited)
    )
    if not changes and not rate_changes:
        raise InvalidInput(
            "Nothing in the targets or the rate card changed, so there is nothing to amend."
        )
    when = parse_date(effective_from, "The amendment's effective date")
    with transaction(con):
        now = set(terms.targets_in_force(con, contract_id, when)["target_id"].astype(int))
        stale = now != {int(t) for t in shown["target_id"].dropna()}
        if rates_shown is not None:
            in_force = rate_editor.rate_table(con, contract_id, when)["rate_id"]
            stale |= set(in_force.astype(int)) != {int(t) for t in rates_shown["rate_id"].dropna()}
        if stale:
            raise StaleRecord(
                "The contract's targets or rates changed since this table was opened (another "
                "amendment was recorded). Reload the page: your edits are kept below, re-apply "
                "them to the current contract."
            )
        # Through the module, so a patched ``terms._amend`` (the crash-safety seam) is the one run.
        return terms._amend(
            con,
            actor,
            contract_id,
            effective_from=when,
            reason=reason,
            approved_by=approved_by,
            targets=changes,
            rates=rate_changes,
            acknowledged=acknowledged,
        )


# --- the editor as people read it: KPI names, levels in their units ----------------------------------

TABLE_COLUMNS = (
    "target_id",
    "KPI",
    "Program",
    "Channel",
    "Better",
    "Unit",
    "Expected",
    "Worse limit",
    "Weight",
    "Tier",
    "Allocation %",
    "Category %",
    "Window",
)
# Editor column -> table column, for the columns the two share one to one.
_SAME = {
    "program": "Program",
    "channel": "Channel",
    "weight": "Weight",
    "tier": "Tier",
    "allocation_pct": "Allocation %",
    "category_pct": "Category %",
    "window": "Window",
}


def target_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``editable_targets`` rows as the page's editor shows them: the KPI by name, which way is
    better, the unit, and the expected level and worse limit in that unit (85 for 85 %)."""
    rows = []
    for t in plain_records(frame):
        code = t["kpi"]
        row = {
            "target_id": t["target_id"],
            "KPI": lines.name_of(code),
            "Better": lines.better(code),
            "Unit": lines.entry_unit(code).symbol,
            "Expected": lines.to_entry(code, t["expected"]),
            "Worse limit": lines.to_entry(code, t["minimum"]),
        }
        rows.append(row | {label: t[key] for key, label in _SAME.items()})
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def editor_table(con: duckdb.DuckDBPyConnection, contract_id: int, on: date) -> pd.DataFrame:
    """The targets in force on ``on`` as the page's editor shows them (``target_table``)."""
    return target_table(editable_targets(con, contract_id, on))


def from_target_table(table: pd.DataFrame) -> pd.DataFrame:
    """The editor's rows back in the stored form (``EDITOR_COLUMNS``: codes, fractions).

    A row's levels are checked in the KPI's words and unit first (``lines.check_levels``), so a
    mistake reads "Abandonment rate: the expected level (8 %) is above the worse limit (5 %)…".
    A new row with values but no KPI is refused; an empty new row is dropped. Raises
    ``InvalidInput``.
    """
    rows = []
    for raw in table.to_dict("records"):
        values = {k: (None if _blank(v) else v) for k, v in raw.items()}
        if values.get("KPI") is None:
            if any(values.get(c) is not None for c in (*_SAME.values(), "Expected", "Worse limit")):
                raise InvalidInput("A new row needs a KPI: pick one in its KPI column.")
            continue
        code = lines.code_of(values["KPI"])
        scope = ", ".join(str(values[c]) for c in ("Program", "Channel") if values.get(c))
        what = lines.name_of(code) + (f" ({scope})" if scope else "")
        expected, limit = values.get("Expected"), values.get("Worse limit")
        if expected is not None and limit is not None:
            expected, limit = lines.check_levels(code, expected, limit, what)
        row = {
            "target_id": values.get("target_id"),
            "kpi": code,
            "expected": None if expected is None else lines.to_stored(code, expected),
            "minimum": None if limit is None else lines.to_stored(code, limit),
        }
        rows.append(row | {key: values.get(label) for key, label in _SAME.items()})
    return pd.DataFrame(rows, columns=list(EDITOR_COLUMNS))


def amend_from_editor(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    contract_id: int,
    shown: pd.DataFrame,
    edited: pd.DataFrame,
    *,
    effective_from: date | str,
    reason: str,
    approved_by: str,
    acknowledged: dict | None = None,
    rates_shown: pd.DataFrame | None = None,
    rates_edited: pd.DataFrame | None = None,
) -> int:
    """``amend_from_table`` for the editor's rows as the page shows them (``editor_table``):
    KPI names and levels in their units are converted back before the changes are worked out.
    ``rates_shown``/``rates_edited``: the rate card's editor (``rate_editor.rate_table``)."""
    require(actor, "contracts.write")
    return amend_from_table(
        con,
        actor,
        contract_id,
        from_target_table(shown),
        from_target_table(edited),
        effective_from=effective_from,
        reason=reason,
        approved_by=approved_by,
        acknowledged=acknowledged,
        rates_shown=rates_shown,
        rates_edited=rates_edited,
    )


# --- the Contracts page's tables ---------------------------------------------------------------------


def history_table(con: duckdb.DuckDBPyConnection, contract_id: int) -> pd.DataFrame:
    """Every target version as people read it: levels in their units, dates, the amendment."""

    rows = []
    for t in plain_records(terms.target_history(con, contract_id)):
        k = catalogue.kpi(t["kpi"])
        unit = "accuracy" if k.direction == "target" else k.unit
        rows.append(
            {
                "KPI": k.name,
                "Scope": ", ".join(x for x in (t["program"], t["channel"]) if x)
                or "whole contract",
                "Version": t["version"],
                "Expected": format_value(t["expected"], unit),
                "Worse limit": format_value(t["minimum"], unit),
                "Weight": t["weight"],
                "Tier": t["tier"],
                "Allocation %": t["allocation_pct"],
                "Category %": t["category_pct"],
                "Window": t["measurement_window"],
                "From": t["effective_from"],
                "To": t["effective_to"],
                "Amendment": (
                    f"#{t['amendment_id']}: {t['amendment_reason']}"
                    if t["amendment_id"] is not None
                    else "original"
                ),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "KPI",
            "Scope",
            "Version",
            "Expected",
            "Worse limit",
            "Weight",
            "Tier",
            "Allocation %",
            "Category %",
            "Window",
            "From",
            "To",
            "Amendment",
        ],
    )


def amendment_table(con: duckdb.DuckDBPyConnection, contract_id: int) -> pd.DataFrame:
    """A contract's amendments, oldest first: date, reason, approver, who recorded it and when."""
    frame = queries.amendments(con, contract_id)
    return frame.drop(columns=["contract_id"]).rename(
        columns={
            "amendment_id": "#",
            "effective_from": "Effective from",
            "reason": "Reason",
            "approved_by": "Approved by",
            "recorded_by": "Recorded by",
            "recorded_at": "Recorded at",
        }
    )


def amendment_note(effective_from: date, last_data_day: date | None) -> str | None:
    """A warning when an amendment would take effect in a month that already has data."""
    if last_data_day is None or effective_from > last_data_day:
        return None
    month = effective_from.replace(day=1)
    return (
        f"This amendment takes effect on {effective_from}, within data already loaded: scores and "
        f"credits from {month:%B %Y} on will be computed with the new targets (earlier months "
        "keep theirs). Record it only if the change was agreed to apply from that date."
    )


def default_effective_date(today: date | None = None) -> date:
    """The first day of next month: the usual date an amendment takes effect."""

    return add_months((today or date.today()).replace(day=1), 1)
