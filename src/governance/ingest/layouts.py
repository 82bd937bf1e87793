"""Layouts: saved mappings, named apart from any vendor and recognised by a file's headers.

A layout is a mapping profile (TOML, ``governance.ingest.profiles``) kept under a name of its
own ("Northwind daily", "Genesys interval export"): a file whose headers it fits is mapped with
it, whichever vendor sent the file. Every saved version is kept; a save names the version its
caller read (``expected_version``) and is refused (``StaleRecord``) when someone saved another
since. Saving the same text again makes no new version.

A layout holds the file's headers and the roles they take, never a value of a file, and never
a vendor: the ``vendor`` key of a profile is left out when it is saved (each import names its
vendor, or the file's vendor column does). A layout is listed with the vendor it was first saved
for, if any: that vendor's partners see it and may use it and save new versions of it; layouts
saved for a file of many vendors (or for none) are seen by the client's staff only. Saving takes
the ``facts.upload`` permission, as importing does. A mapping of a column about individual staff
is refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from governance.access import audit, records, vendors
from governance.access.actors import Actor, require, require_vendor
from governance.errors import InvalidInput, NotFound, PermissionDenied, StaleRecord
from governance.ingest import profiles
from governance.ingest.profiles import Profile
from governance.store import imports, queries
from governance.store.db import transaction

MAX_NAME = 80  # characters of a layout's name
LIST_COLUMNS = ("name", "version", "vendor", "time", "reads", "saved_by", "saved_at")


@dataclass(frozen=True)
class Layout:
    """One saved version of a layout: its ``name`` (as first saved), ``version``, the profile
    (without a vendor; None when the saved text no longer reads as a profile, ``problem`` says
    why), the saved ``text``, the ``vendor`` it was first saved for (or None), and who saved this
    version when."""

    name: str
    version: int
    profile: Profile | None
    text: str
    vendor: str | None
    saved_by: str
    saved_at: datetime
    problem: str | None = None

    @property
    def reads(self) -> list[str]:
        """The file columns it reads, sorted (the time column among them)."""
        return sorted(self.profile.source_columns()) if self.profile else []

    @property
    def time(self) -> str:
        """The column (or date and time-of-day columns) it reads the time from, with the
        canonical time key: "Report Date (date)"; empty without one."""
        if self.profile is None or self.profile.time_column is None:
            return ""
        return f"{' + '.join(self.profile.time_sources)} ({self.profile.time_column})"


def check_name(name: object) -> str:
    """The layout name ``name`` with its spaces folded; ``InvalidInput`` when it is empty,
    longer than ``MAX_NAME`` characters or holds a control or bidirectional-override character."""
    raw = "" if name is None else str(name)
    records.check_characters(raw, "The layout name")
    text = _folded(raw)
    if not text:
        raise InvalidInput(
            "A layout needs a name, e.g. the export it reads ('Northwind daily'); nothing was "
            "saved."
        )
    if len(text) > MAX_NAME:
        raise InvalidInput(
            f"The layout name is {len(text)} characters long; keep it to {MAX_NAME}. Nothing was "
            "saved."
        )
    return text


def _folded(name: object) -> str:
    """A name as looked up: its spaces folded, as ``check_name`` stores it."""
    return " ".join(str(name or "").split())


def _layout(row: dict, *, name: str | None = None) -> Layout:
    """A ``Layout`` from a stored record (a layout's latest, or one kept version)."""
    text = row["profile"]
    try:
        prof = profiles.parse(text)
    except InvalidInput as exc:  # saved by an older program, no longer valid
        prof, problem = None, str(exc)
    else:
        problem = None
        if prof.vendor is not None:  # saved before layouts left the vendor out
            prof = dataclasses.replace(prof, vendor=None)
    return Layout(
        name=name or row["name"],
        version=row["version"],
        profile=prof,
        text=text,
        vendor=row.get("vendor"),
        saved_by=row.get("saved_by") or row["updated_by"],
        saved_at=row.get("saved_at") or row["updated_at"],
        problem=problem,
    )


def saved(con: duckdb.DuckDBPyConnection, *, vendor: str | None = None) -> list[Layout]:
    """Every layout the connection sees at its latest version, newest first; with ``vendor``,
    only those first saved for that vendor (what its partners see)."""
    return [_layout(row) for row in queries.layouts(con, vendor)]


def listed(con: duckdb.DuckDBPyConnection, *, vendor: str | None = None) -> pd.DataFrame:
    """The layouts as a table, newest first: name, version, vendor (first saved for), time (the
    column it reads the time from), reads (the columns it reads), saved_by, saved_at (of the
    latest version)."""
    rows = [
        {
            "name": x.name,
            "version": x.version,
            "vendor": x.vendor,
            "time": x.time,
            "reads": ", ".join(x.reads) if x.profile else f"(does not read: {x.problem})",
            "saved_by": x.saved_by,
            "saved_at": x.saved_at,
        }
        for x in saved(con, vendor=vendor)
    ]
    return pd.DataFrame(rows, columns=list(LIST_COLUMNS))


def _unknown(con: duckdb.DuckDBPyConnection, name: str, vendor: str | None) -> NotFound:
    names = [x["name"] for x in queries.layouts(con, vendor)]
    shown = ", ".join(f"'{n}'" for n in names[:10]) + (
        f" and {len(names) - 10} more" if len(names) > 10 else ""
    )
    known = f"Saved layouts: {shown}." if names else "No layout is saved yet."
    return NotFound(f"No layout named '{name}'. {known}")


def get(
    con: duckdb.DuckDBPyConnection,
    name: str,
    version: int | None = None,
    *,
    vendor: str | None = None,
) -> Layout:
    """The named layout (any letter case) at its latest version, or at ``version``. With
    ``vendor``, only a layout first saved for that vendor is found (a partner's). ``NotFound``
    names the saved layouts, or the versions kept."""
    name = _folded(name)
    record = queries.layout_record(con, name)
    if record is None or (vendor is not None and record["vendor"] != vendor):
        raise _unknown(con, name, vendor)
    if version is None or version == record["version"]:
        return _layout(record)
    kept = queries.layout_version(con, record["name"], version)
    if kept is None:
        versions = queries.layout_history(con, record["name"])["version"].tolist()
        raise NotFound(
            f"The layout '{record['name']}' has no version {version} kept (it is at version "
            f"{record['version']}; kept: {', '.join(str(v) for v in versions)})."
        )
    return _layout({**kept, "vendor": record["vendor"]}, name=record["name"])


def for_import(con: duckdb.DuckDBPyConnection, name: str, *, vendor: str | None = None) -> Layout:
    """The named layout's latest version, to map a file with; ``NotFound`` as ``get`` says,
    ``InvalidInput`` when its saved text no longer reads as a profile."""
    found = get(con, name, vendor=vendor)
    if found.profile is None:
        raise InvalidInput(
            f"The layout '{found.name}' (version {found.version}) no longer reads as a mapping: "
            f"{found.problem} Save it again from a file's mapping; nothing was imported."
        )
    return found


def version_of(con: duckdb.DuckDBPyConnection, name: str) -> int | None:
    """The latest version of the named layout (any letter case), None when there is none: what
    a caller keeps from when it showed the mapping and hands to ``save``."""
    record = queries.layout_record(con, _folded(name))
    return record["version"] if record else None


def fit(found: Iterable[Layout], headers: Iterable[str], *, prefer: str | None = None):
    """Of the layouts ``found`` (newest first), the one that fits a file with these headers, or
    None. A layout fits when it has a time column and every column it reads is in the file; of
    several, the one that accounts for most of the file's columns (read or ignored), then one
    first saved for ``prefer`` (the file's vendor), then the newest."""
    present = set(headers)
    best, best_key = None, None
    for layout in found:
        prof = layout.profile
        if prof is None:
            continue
        used = prof.source_columns()
        if prof.time_column is None or not used or not used <= present:
            continue
        key = (
            len((used | set(prof.ignore)) & present),
            prefer is not None and layout.vendor == prefer,
        )
        if best_key is None or key > best_key:
            best, best_key = layout, key
    return best


def fitting(
    con: duckdb.DuckDBPyConnection,
    headers: Iterable[str],
    *,
    prefer: str | None = None,
    vendor: str | None = None,
) -> Layout | None:
    """The saved layout that fits a file with these headers (``fit``), or None. With
    ``vendor``, only layouts first saved for that vendor are looked at (a partner's)."""
    return fit(saved(con, vendor=vendor), headers, prefer=prefer)


def as_read(prof: Profile, sheet: str | None, header_row: int | None) -> Profile:
    """A layout's profile for a file whose headers it fits where the reader found them: the
    sheet (none for a CSV file) and header row the reader found, where the layout names its
    own (the file it was saved from had its headers elsewhere); left to the reader otherwise."""
    return dataclasses.replace(
        prof,
        sheet=sheet if prof.sheet is not None else None,
        header_row=header_row if prof.header_row is not None else None,
    )


def _refuse_people(name: str, prof: Profile) -> None:
    """``InvalidInput`` when the profile gives a column about individual staff a role (any of
    ``profiles.roles``)."""
    roles = profiles.roles(prof)
    people = {src: role for src, role in roles.items() if profiles.is_person_header(src)}
    if people:
        which = ", ".join(f"'{h}' as {c}" for h, c in people.items())
        raise InvalidInput(
            f"The layout '{name}' maps {which}: a column about individual staff is never "
            "mapped (imports refuse it, or drop it with the 'aggregate' option). Remove that "
            "mapping; nothing was saved."
        )


def save(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    name: str,
    prof: Profile,
    *,
    expected_version: int | None,
    vendor: str | None = None,
) -> int:
    """Save ``prof`` as the layout ``name`` (audited, before and after); returns the version now
    saved. A new name starts at version 1; a name saved before (in any letter case) gets its
    next version, unless the text is the same as its latest (then nothing is written).

    ``expected_version`` is the version of the layout the caller read (``version_of``), None
    when there was none then. ``vendor`` is the vendor the mapping is saved for (a new layout
    is listed with it; a vendor partner's is always its own). Raises ``StaleRecord`` when
    someone saved that layout since (theirs stays), ``PermissionDenied`` for a role that may not
    upload, a partner naming another vendor or a layout not saved for its vendor, ``NotFound``
    for an unknown vendor and ``InvalidInput`` for a bad name or a mapping of a column about
    individual staff."""
    require(actor, "facts.upload")
    if actor.role == "vendor_partner":
        vendor = vendor or actor.vendor
    require_vendor(actor, vendor)
    name = check_name(name)
    vendor_id = vendors.vendor_id(con, vendor) if vendor else None
    _refuse_people(name, prof)
    text = profiles.to_toml(dataclasses.replace(prof, vendor=None))
    with transaction(con):
        before = queries.layout_record(con, name)
        if actor.role == "vendor_partner" and before is not None and before["vendor"] != vendor:
            raise PermissionDenied(
                f"A layout named '{before['name']}' is not one saved for {actor.vendor}: a vendor "
                "partner may change only its own vendor's layouts. Save yours under another "
                "name; nothing was saved."
            )
        _check_version(name, before, expected_version)
        if before is not None and before["profile"] == text:
            return before["version"]
        at = audit.now()
        if before is None:
            layout_id, version = (
                imports.insert_layout(con, name, vendor_id, text, actor.name, at),
                1,
            )
            after = {"name": name, "vendor": vendor, "version": 1, "profile": text}
        else:
            layout_id = before["layout_id"]
            version = imports.update_layout(con, layout_id, text, actor.name, at)
            after = {
                "name": before["name"],
                "vendor": before["vendor"],
                "version": version,
                "profile": text,
            }
        audit.record(
            con,
            actor,
            "layout.save",
            "layout",
            layout_id,
            {k: before[k] for k in ("name", "vendor", "version", "profile")} if before else None,
            after,
        )
        return version


def _check_version(name: str, before: dict | None, expected: int | None) -> None:
    """``StaleRecord`` when the saved layout is not the one the caller read at ``expected``."""
    if before is not None and expected is not None:
        records.check_version(before, expected, f"The layout '{before['name']}'")
        return
    if before is None and expected is None:
        return
    if before is not None:
        raise StaleRecord(
            f"Someone else saved a layout named '{before['name']}' since you opened it (now "
            f"version {before['version']}); nothing was saved. Reload to see theirs, then apply "
            "yours again, or save yours under another name."
        )
    raise StaleRecord(
        f"There is no layout named '{name}' (you had its version {expected}); nothing was "
        "saved. Check the name, or save it as a new layout."
    )
