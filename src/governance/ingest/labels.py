"""The known-labels registry: each vendor's programs, sites, languages and queues, registered.

An import whose file brings labels not registered for their vendor is refused with the list,
until a vendor manager or administrator confirms them (``importer.run(add_labels=True)``, the
Imports page's checkbox, ``import --add-labels``) or registers them here first (the Vendor
registry page, ``governance labels add``). Channels are not registered: they are a fixed
canonical vocabulary already.

A label that looks like a person (a name in any of the usual formats, a login, an e-mail address,
an extension or employee number, initials, a team named after someone; ``person_reason``) is
never registered, confirmed or not: the agent guard refuses most such columns before this point,
and this is the last line.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from governance.access import audit, records, vendors
from governance.access.actors import Actor, require, require_vendor
from governance.errors import InvalidInput, NotFound
from governance.ingest import people
from governance.store import labels as rows
from governance.store.db import transaction

DIMENSIONS = rows.DIMENSIONS
MAX_LABEL = 200  # as the import refuses a longer label (staging.MAX_LABEL)
MAX_LISTED = 12  # labels a message lists; beyond that it says how many more


def person_reason(label: str) -> str | None:
    """What a label looks like when it may identify a person ("a person's name", "a login", "an
    e-mail address", "an extension or employee number", ...), or None for a plain label
    (``people.person_kind``: a first name alone or a bare number is a label, since sites are
    named after towns and queues are numbered; the agent guard judges such columns by their
    grain)."""
    return people.person_kind(label)


def tidy(label: str) -> str:
    """A label as an import stores it: trimmed, inner runs of whitespace made one space."""
    return " ".join(str(label or "").split())


def check_label(label: str, dimension: str) -> str:
    """A label given by hand (a page, a command) tidied and checked; ``InvalidInput`` for an
    unknown dimension, an empty or too long label, a control or bidirectional-override character,
    or a label that looks like a person."""
    check_dimension(dimension)
    records.check_characters(str(label or ""), f"The {dimension} label")
    text = tidy(label)
    if not text:
        raise InvalidInput(f"A {dimension} label cannot be empty.")
    if len(text) > MAX_LABEL:
        raise InvalidInput(
            f"A {dimension} label is at most {MAX_LABEL} characters (got {len(text)})."
        )
    kind = person_reason(text)
    if kind:
        raise InvalidInput(
            f"The {dimension} label '{text}' looks like {kind}: labels name programs, sites, "
            "languages and queues, never a person, so it cannot be registered. Use the name of "
            "the program, site, language or queue."
        )
    return text


def check_dimension(dimension: str) -> None:
    """``InvalidInput`` unless ``dimension`` is one whose labels are registered."""
    if dimension not in DIMENSIONS:
        extra = " (channels are a fixed list, not registered)" if dimension == "channel" else ""
        raise InvalidInput(
            f"'{dimension}' is not a dimension with registered labels{extra}; use one of "
            f"{', '.join(DIMENSIONS)}."
        )


def registered(con: duckdb.DuckDBPyConnection, vendor: str | None = None) -> pd.DataFrame:
    """The registered labels (vendor, dimension, label, registered_by, registered_at, source), of
    one vendor when ``vendor`` is given (``NotFound`` for an unknown one)."""
    vid = vendors.vendor_id(con, vendor) if vendor is not None else None
    return rows.registered(con, vid)


PERSON_COLUMN = "looks like a person"


def reviewed(
    con: duckdb.DuckDBPyConnection, vendor: str | None = None, *, people_only: bool = False
) -> pd.DataFrame:
    """``registered`` with one more column, ``looks like a person``: what a label reads like when
    it may be a person ("a person's name", "a login", …; ``person_reason``), else empty; with
    ``people_only``, only those labels. Labels registered before they were checked for people
    (migration 005 registered every label already stored, as it was) show up here, to be removed
    with ``remove``."""
    frame = registered(con, vendor)
    frame[PERSON_COLUMN] = [person_reason(label) or "" for label in frame["label"]]
    if people_only:
        frame = frame[frame[PERSON_COLUMN] != ""].reset_index(drop=True)
    return frame


def add(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    vendor: str,
    dimension: str,
    labels: Iterable[str],
    *,
    source: str = "command",
) -> list[str]:
    """Register labels of one vendor's ``dimension`` in one transaction, each audited; returns
    the labels newly registered (those already registered are skipped).

    Raises ``PermissionDenied`` unless the actor may write the vendor registry (vendor managers
    and administrators), ``NotFound`` for an unknown vendor and ``InvalidInput`` for a bad label
    (see ``check_label``) or none at all; nothing is written then."""
    require(actor, "vendors.write")
    _check_source(source)
    cleaned: list[str] = []
    for label in labels:
        text = check_label(label, dimension)
        if text not in cleaned:
            cleaned.append(text)
    if not cleaned:
        raise InvalidInput(f"Name at least one {dimension} label to register.")
    with transaction(con):
        vid = vendors.vendor_id(con, vendor)
        added = []
        for text in cleaned:
            if rows.is_registered(con, vid, dimension, text):
                continue
            _insert(con, actor, vid, vendor, dimension, text, source)
            added.append(text)
    return added


def register(
    con: duckdb.DuckDBPyConnection, actor: Actor, new: list[dict], *, source: str = "import"
) -> None:
    """Register ``new`` labels ({vendor_id, vendor, dimension, label}, as
    ``staging.unregistered_labels`` gives them) within the caller's transaction, each audited:
    an import registers the labels its file brings in the transaction that writes its rows, both
    or neither. Raises ``PermissionDenied`` for a role that may not write the registry and
    ``InvalidInput`` for a label that looks like a person (nothing of it is stored)."""
    require(actor, "vendors.write")
    _check_source(source)
    for item in new:
        require_vendor(actor, item["vendor"])
        kind = person_reason(item["label"])
        if kind:  # the importer refuses these first; a caller that did not is refused here
            raise InvalidInput(
                f"A {item['dimension']} label of {item['vendor']} looks like {kind}; labels that "
                "look like people are never registered. Nothing was imported."
            )
    # ``new`` holds only labels not registered when the file was checked (one statement for
    # them all; a label registered since by someone else is left as it is), each audited.
    at = audit.now()
    rows.insert_labels(
        con,
        [(i["vendor_id"], i["dimension"], i["label"], actor.name, at, source) for i in new],
    )
    events = (_added(i["vendor_id"], i["vendor"], i["dimension"], i["label"], source) for i in new)
    audit.record_many(con, actor, "label.add", "vendor_label", events)


def remove(
    con: duckdb.DuckDBPyConnection, actor: Actor, vendor: str, dimension: str, label: str
) -> dict:
    """Remove one registered label (audited); returns the row removed. The data already stored
    under it stays; a later file with that label asks to register it again.

    Raises ``PermissionDenied``, ``NotFound`` (vendor or label) or ``InvalidInput`` (dimension)."""
    require(actor, "vendors.write")
    check_dimension(dimension)
    records.check_characters(str(label or ""), f"The {dimension} label")
    text = tidy(label)
    with transaction(con):
        vid = vendors.vendor_id(con, vendor)
        before = rows.label_record(con, vid, dimension, text)
        if before is None:
            raise NotFound(
                f"{vendor} has no registered {dimension} label '{text}' (see labels list)."
            )
        rows.delete_label(con, vid, dimension, text)
        audit.record(
            con,
            actor,
            "label.remove",
            "vendor_label",
            f"{vid}:{dimension}:{text}",
            {**before, "vendor": vendor},
            None,
        )
    return before


def _insert(con, actor: Actor, vid: int, vendor: str, dimension: str, label: str, source: str):
    rows.insert_label(con, vid, dimension, label, actor.name, audit.now(), source)
    _audit_added(con, actor, vid, vendor, dimension, label, source)


def _audit_added(con, actor: Actor, vid: int, vendor: str, dimension: str, label: str, source):
    audit.record(
        con, actor, "label.add", "vendor_label", *_added(vid, vendor, dimension, label, source)
    )


def _added(vid: int, vendor: str, dimension: str, label: str, source: str) -> tuple:
    """The audit event of a label registered: (entity id, before, after)."""
    after = {"vendor": vendor, "dimension": dimension, "label": label, "source": source}
    return f"{vid}:{dimension}:{label}", None, after


def _check_source(source: str) -> None:
    if source not in rows.SOURCES:
        raise InvalidInput(f"Unknown source '{source}': use one of {', '.join(rows.SOURCES)}.")


# --- what an import says about labels -------------------------------------------------------


def listed(new: list[dict], limit: int = MAX_LISTED) -> str:
    """ "Acme Care program: 'Billing', 'Sales'; site: 'Leeds'; Bluebird BPO queue: 'Q1' and 3
    more": the labels per vendor and dimension, at most ``limit`` of them named."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in new[:limit]:
        groups.setdefault((item["vendor"], item["dimension"]), []).append(item["label"])
    parts, last_vendor = [], None
    for (vendor, dimension), names in groups.items():
        head = f"{vendor} {dimension}" if vendor != last_vendor else dimension
        parts.append(f"{head}: {', '.join(repr(n) for n in names)}")
        last_vendor = vendor
    more = f" and {len(new) - limit:,} more" if len(new) > limit else ""
    return "; ".join(parts) + more


def unregistered_message(file_name: str, new: list[dict], *, may_register: bool) -> str:
    """The refusal of an import whose file brings labels not registered for their vendor: the
    list, and what to do (for a role that may not register them: ask the VMO)."""
    head = (
        f"{file_name} brings {len(new):,} label(s) not registered for their vendor: {listed(new)}."
    )
    if not may_register:
        return (
            f"{head} Ask the vendor management office (VMO) to register them (a vendor manager "
            "or administrator, on the Vendor registry page), then import the file again. Nothing "
            "was imported."
        )
    return (
        f"{head} Check them: to register them with this import, confirm it on the Imports page, "
        "or add --add-labels to `governance import` (vendor manager or admin); or register them "
        "on the Vendor registry page (or with `governance labels add`) first. Nothing was "
        "imported."
    )


def people_message(file_name: str, found: list[dict]) -> str:
    """The refusal of an import whose file brings labels that look like people. ``found``:
    {vendor, dimension, column, kind} per such label. Names the column and what the labels look
    like, never a label itself (no value that may be a person reaches a message or a report)."""
    columns: dict[tuple[str, str], list[str]] = {}
    for item in found:
        columns.setdefault((item["column"], item["dimension"]), []).append(item["kind"])
    parts = []
    for (column, dimension), kinds in columns.items():
        what = " or ".join(sorted(set(kinds)))
        where = f"column '{column}'" if column else f"the profile's constant {dimension}"
        parts.append(
            f"{where} (mapped as {dimension}) holds {len(kinds):,} label(s) that look like {what}"
        )
    held = sum(1 for item in found if item.get("registered"))
    registry = (
        f" {held:,} of them {'is' if held == 1 else 'are'} in the vendor's registry, registered "
        "before labels were checked for people: a vendor manager or administrator should remove "
        "them (`governance labels list --people`, then `governance labels remove`)."
        if held
        else ""
    )
    return (
        f"{file_name}: {'; '.join(parts)}. Labels name programs, sites, languages and queues, "
        "never a person, so these are never registered or stored, whoever confirms them, "
        f"registered or not.{registry} If the column is about individual staff, ask the vendor "
        "for the export summed to program / site / channel level with no column about staff; if "
        "it really is a program, site, language or queue, ask the vendor to name it as one. "
        "Nothing was imported."
    )


def check_people(brought: list[tuple[str, str]]) -> None:
    """``InvalidInput`` when any (dimension, label) pair looks like a person: the dimension and
    what the label looks like are said, never the label."""
    for dimension, label in brought:
        kind = person_reason(label)
        if kind:
            raise InvalidInput(
                f"A {dimension} label of the batch looks like {kind}: labels name programs, "
                "sites, languages and queues, never a person, so none is stored or registered. "
                "Sum the rows to program / site / language / queue level without it. Nothing "
                "was written."
            )


def grouped(new: list[dict]) -> list[tuple[str, str, list[str]]]:
    """``new`` labels ({vendor, dimension, label}) as (vendor, dimension, labels) in order: one
    list per vendor and dimension, as the Imports page shows them."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in new:
        groups.setdefault((item["vendor"], item["dimension"]), []).append(item["label"])
    return [(vendor, dimension, names) for (vendor, dimension), names in groups.items()]
