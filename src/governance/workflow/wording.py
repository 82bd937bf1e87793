"""The co-employment wording check for the workflow services and pages, and the Oversight
report over stored free text.

The check itself is ``governance.wording`` (pure text analysis, at the bottom of the library so
that every service that stores free text, contracts included, can run it); this module
re-exports it and adds what needs the database: ``screen`` (the gate a workflow service runs
before it writes, reading the vendor, site and program names that are never people) and
``scan_stored_text`` (every stored free-text field, for the Oversight report).

    >>> [f.family for f in check("coach John on his tone")]
    ['discipline']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import duckdb
import pandas as pd

from governance.store import queries
from governance.wording import (
    ACKNOWLEDGE_HOW,
    CONTROL_FAMILIES,
    FAMILIES,
    Finding,
    RulesError,
    RuleSet,
    acknowledgement,
    check,
    check_fields,
    check_owner,
    covers,
    default_rules,
    excerpt,
    family_label,
    load_rules,
    person_in_owner,
    refusal,
    require_acknowledged,
)

__all__ = [
    "ACKNOWLEDGE_HOW",
    "CONTROL_FAMILIES",
    "FAMILIES",
    "REPORT_COLUMNS",
    "Finding",
    "RuleSet",
    "RulesError",
    "acknowledgement",
    "check",
    "check_fields",
    "check_owner",
    "covers",
    "default_rules",
    "excerpt",
    "family_counts",
    "family_label",
    "filter_report",
    "load_rules",
    "person_in_owner",
    "refusal",
    "require_acknowledged",
    "scan_stored_text",
    "screen",
    "screen_owner",
]

REPORT_COLUMNS = [
    "record_type",
    "record_id",
    "vendor",
    "field",
    "family",
    "label",
    "matched",
    "excerpt",
    "explanation",
    "suggestion",
    "start",
    "end",
    "rule",
]


def screen(
    con: duckdb.DuckDBPyConnection,
    fields: Mapping[str, str | None],
    acknowledged: Mapping | None,
) -> dict | None:
    """``require_acknowledged`` with the database's vendor, site and program names as words
    that are never people: the acknowledgement to record (None for clean text), or
    ``WordingNotAcknowledged``."""
    return require_acknowledged(fields, acknowledged, not_people=queries.wording_known_names(con))


def screen_owner(con: duckdb.DuckDBPyConnection, owner: str | None) -> None:
    """``check_owner`` with the database's vendor, site and program names as organisations."""
    check_owner(owner, not_people=queries.wording_known_names(con))


def scan_stored_text(
    con: duckdb.DuckDBPyConnection, *, rules: RuleSet | None = None
) -> pd.DataFrame:
    """Findings across every stored free-text field, one row per finding.

    Columns: ``record_type`` (escalation, escalation_note, action_item, meeting, decision,
    amendment, kt_session, best_practice, training_material, material_release, attestation),
    ``record_id``, ``vendor``, ``field``, ``family``, ``label``, ``matched``, ``excerpt``,
    ``explanation``, ``suggestion``, ``start``, ``end``, ``rule``. Vendor, site and program
    names in the database are never read as a person's name.
    """
    rules = rules or default_rules()
    known = queries.wording_known_names(con)
    rows = []
    for rec in queries.wording_stored_text(con).itertuples(index=False):
        for f in check(rec.text, rules=rules, not_people=known):
            rows.append(
                {
                    "record_type": rec.record_type,
                    "record_id": int(rec.record_id),
                    "vendor": rec.vendor,
                    "field": rec.field,
                    "family": f.family,
                    "label": f.label,
                    "matched": f.text,
                    "excerpt": excerpt(rec.text, f.span),
                    "explanation": f.explanation,
                    "suggestion": f.suggestion,
                    "start": f.span[0],
                    "end": f.span[1],
                    "rule": f.rule,
                }
            )
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def filter_report(
    report: pd.DataFrame,
    *,
    families: Iterable[str] | None = None,
    vendor: str | None = None,
) -> pd.DataFrame:
    """The report rows of the given families (all when None or empty) and vendor (all when None)."""
    keep = pd.Series(True, index=report.index)
    families = list(families or [])
    if families:
        keep &= report["family"].isin(families)
    if vendor:
        keep &= report["vendor"] == vendor
    return report[keep].reset_index(drop=True)


def family_counts(report: pd.DataFrame, rules: RuleSet | None = None) -> pd.DataFrame:
    """Findings per family, every family listed (zero included), in the order of ``FAMILIES``."""
    counts = report["family"].value_counts() if not report.empty else pd.Series(dtype=int)
    return pd.DataFrame(
        {
            "family": list(FAMILIES),
            "label": [family_label(f, rules) for f in FAMILIES],
            "findings": [int(counts.get(f, 0)) for f in FAMILIES],
        }
    )
