"""Import one vendor export: read, guard, map, validate, roll up, write. All or nothing.

The steps, in order (each may reject the file; nothing is written unless every check passes):

1. **read** the upload into a staging table (``readers``), by content, not by extension;
2. **guard**: every column is checked for people (``guard``); by default such a file is refused,
   or with ``on_agent_data = "aggregate"`` those columns are dropped before anything else;
3. **map** the columns onto canonical names with the profile given, else a saved layout (named,
   or the one that fits the file's headers: ``layouts``), else a suggestion, converting values
   (``values``: percentages, durations, decimal commas, dates, flags) in SQL;
4. **validate** every row: unreadable values, counts below zero, answered > offered, …, dates in
   the future, unknown vendors, duplicate keys; errors carry the file row, column, value, reason;
5. **roll up** intervals and contacts to days (weekly and monthly files keep their grain); the
   programs, sites, languages and queues must be registered for their vendor (``labels``), or be
   registered with the file (``add_labels``), and never look like a person;
6. **write** each vendor's slice in one transaction (``batches.write_slices``), or report
   ``unchanged`` when the same file was already loaded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from governance import spreadsheet
from governance.access import records, vendors
from governance.access.actors import Actor, require, require_vendor
from governance.errors import InvalidInput
from governance.ingest import (
    agent_guard,
    batches,
    labels,
    layouts,
    profiles,
    readers,
    staging,
    suggest,
    uploads,
)
from governance.ingest.profiles import Profile
from governance.ingest.suggest import Reason
from governance.kpis.catalogue import COMPONENT_NAMES
from governance.store import db, imports, queries
from governance.store.db import transaction

MAX_LISTED_ROWS = 20  # per reason; beyond that the reason is reported once with a count
MAX_QUOTED = 100  # characters of a cell a message quotes; a longer one is cut, its length said


@dataclass(frozen=True)
class RowError:
    """One reason a file was rejected, at a row and column of the file where that applies."""

    reason: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    count: int = 1  # rows sharing this reason when grouped

    def __post_init__(self) -> None:
        # A file's text (a cell, a header) reaches terminals and pages through these fields:
        # control and bidirectional-override characters in it are shown escaped, never obeyed.
        # A huge cell (a megabyte pasted into one) is quoted by its start and its length.
        if isinstance(self.value, str) and len(self.value) > MAX_QUOTED:
            cut = f"{self.value[:MAX_QUOTED]}… ({len(self.value):,} characters)"
            object.__setattr__(self, "value", cut)
        for name, multiline in (("reason", True), ("column", False), ("value", False)):
            text = getattr(self, name)
            if isinstance(text, str):
                object.__setattr__(self, name, records.shown(text, multiline=multiline))

    def text(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        head = ", ".join(where)
        value = f" (value '{self.value}')" if self.value not in (None, "") else ""
        more = f" [and {self.count - 1:,} more rows like it]" if self.count > 1 else ""
        return f"{head}: {self.reason}{value}{more}" if head else f"{self.reason}{more}"


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    file_name: str
    status: str  # loaded | restated | unchanged | rejected
    dry_run: bool = False
    vendors: list[str] = field(default_factory=list)
    batch_ids: list[int] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    periods: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    guard_findings: list[agent_guard.Finding] = field(default_factory=list)
    profile: Profile | None = None
    profile_source: str = ""  # given | layout | suggested
    # The saved layout the file was mapped with (named, or found by its headers), and its version.
    layout: str | None = None
    layout_version: int | None = None
    writes: list[batches.SliceWrite] = field(default_factory=list)
    # The months of data already held that this file replaces, per vendor (a restatement):
    # [{"vendor": name, "months": ["2026-09", ...]}], empty when nothing is replaced.
    replaces: list[dict] = field(default_factory=list)
    new_vendors: list[str] = field(default_factory=list)  # registered with it (``add_vendors``)
    # Labels the file brings that were not registered for their vendor, registered with it
    # (``add_labels``): [{"vendor": name, "dimension": "program", "label": "Billing"}, ...].
    new_labels: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def summary(self) -> str:
        """One plain sentence for a page or the command line."""
        if self.status == "rejected":
            return f"{self.file_name} was rejected; nothing was imported. {len(self.errors)} problem(s) below."
        span = "; ".join(f"{p['vendor']} {p['from']} to {p['to']}" for p in self.periods)
        verb = {
            "loaded": "loaded",
            "restated": "loaded, restating data already held",
            "unchanged": "already imported earlier; nothing changed",
        }[self.status]
        prefix = "Dry run: would be " if self.dry_run else ""
        rows = f"{self.rows_loaded:,} of {self.rows_read:,} rows"
        added = ""
        if self.new_vendors:
            how = "would register" if self.dry_run else "registered"
            added = (
                f" It {how} {len(self.new_vendors)} new vendor(s): {', '.join(self.new_vendors)}."
            )
        if self.new_labels:
            how = "would register" if self.dry_run else "registered"
            added += (
                f" It {how} {len(self.new_labels)} new label(s): {labels.listed(self.new_labels)}."
            )
        return f"{prefix}{self.file_name} {verb} ({rows}; {span}).{added}"

    def replaced_text(self) -> str:
        """The data already held that the file replaces, in words ("2026-09 and 2026-10 of
        Bluebird BPO"); empty when it replaces nothing."""
        parts = []
        for r in self.replaces:
            months = r["months"]
            listed = (
                months[0] if len(months) == 1 else ", ".join(months[:-1]) + f" and {months[-1]}"
            )
            parts.append(f"{listed} of {r['vendor']}")
        return "; ".join(parts)

    def to_json(self) -> dict:
        """The document of ``import --format json`` (interfaces.md)."""
        return {
            "status": self.status,
            "dry_run": self.dry_run,
            "batch_id": self.batch_ids[0] if self.batch_ids else None,
            "batch_ids": self.batch_ids,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "periods": self.periods,
            "replaces": self.replaces,
            "new_vendors": self.new_vendors,
            "new_labels": self.new_labels,
            "errors": [
                {
                    "row": e.row,
                    "column": e.column,
                    "value": e.value,
                    "reason": e.reason,
                    "count": e.count,
                }
                for e in self.errors
            ],
            "warnings": self.warnings,
            "layout": (
                {"name": self.layout, "version": self.layout_version} if self.layout else None
            ),
        }


def content_hash(source: bytes | Path) -> str:
    """SHA-256 of the file's bytes: the same file again is recognised whatever its name."""
    digest = hashlib.sha256()
    if isinstance(source, (bytes, bytearray)):
        digest.update(source)
    else:
        with Path(source).open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def known_layout(
    con: duckdb.DuckDBPyConnection, headers: list[str], *, vendor: str | None = None
) -> layouts.Layout | None:
    """The saved layout that fits a file with these headers, whichever vendor it was saved for
    (``layouts.fit``: every column it reads is in the file and it has a time column; of several,
    the one that accounts for most of the file's columns, then one saved for ``vendor``, then
    the newest): its name, version and profile (without a vendor). None when none fits."""
    return layouts.fitting(con, headers, prefer=vendor)


def run(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    source: bytes | Path,
    *,
    file_name: str,
    vendor: str | None = None,
    profile: Profile | None = None,
    on_agent_data: str | None = None,
    dry_run: bool = False,
    today: date | None = None,
    progress: Callable[[str, float], None] | None = None,
    add_vendors: bool = False,
    add_labels: bool = False,
    layout: str | None = None,
) -> ImportResult:
    """Validate and (unless ``dry_run``) load one export; see the module docstring for the steps.

    The file is mapped with ``profile``, else with the saved layout named ``layout``, else with
    the saved layout that fits its headers (``known_layout``), else with one suggested from its
    headers and values; ``layout`` and ``layout_version`` say which layout, when one was used.
    A vendor partner uses only layouts saved for its vendor. A layout that is not saved (or not
    for the partner's vendor) raises ``NotFound``; ``profile`` and ``layout`` together,
    ``InvalidInput``.
    Returns an ``ImportResult``; a rejected file is a result with ``errors``, not an exception,
    and leaves the database exactly as it was. Raises ``PermissionDenied`` for a read-only role,
    and for a vendor partner naming another vendor (a partner's files are its own vendor's).

    A file whose vendor column names vendors that are not registered is refused with their names,
    unless ``add_vendors``: then a vendor manager or administrator registers them with the import,
    in the transaction that writes its rows (``new_vendors`` lists them; a dry run only says so).

    Likewise a file that brings programs, sites, languages or queues not registered for their
    vendor (``governance.ingest.labels``) is refused with the list, unless ``add_labels``: then a
    vendor manager or administrator registers them in the transaction that writes the rows
    (``new_labels``; a dry run only lists them). A vendor partner cannot: its refusal says to ask
    the VMO. A label that looks like a person is refused whatever ``add_labels`` says.
    """
    require(actor, "facts.upload")
    if actor.role == "vendor_partner":
        vendor = vendor or actor.vendor
    require_vendor(actor, vendor)
    step = progress or (lambda _label, _fraction: None)
    today = today or date.today()
    file_name = uploads.base_name(file_name)  # a name, never a path
    result = ImportResult(file_name=file_name, status="rejected", dry_run=dry_run)
    if layout is not None:
        if profile is not None:
            raise InvalidInput("Map the file with a profile or with a saved layout, not both.")
        chosen = layouts.for_import(con, layout, vendor=actor.vendor)
        profile, result.layout, result.layout_version = chosen.profile, chosen.name, chosen.version
    with (
        ThreadPoolExecutor(max_workers=1) as pool,  # hashes the file while DuckDB reads it
        imports.staging_workspace(con) as stage,
    ):
        try:
            return _run(
                con,
                stage,
                actor,
                source,
                file_name,
                vendor,
                profile,
                on_agent_data,
                dry_run,
                today,
                step,
                result,
                pool,
                add_vendors,
                add_labels,
            )
        except InvalidInput as exc:
            result.status = "rejected"
            result.errors.append(RowError(str(exc)))
            return result
        finally:
            staging.drop(stage)


def _run(
    con,
    stage,
    actor,
    source,
    file_name,
    vendor,
    profile,
    on_agent_data,
    dry_run,
    today,
    step,
    result,
    pool: ThreadPoolExecutor,
    add_vendors: bool,
    add_labels: bool = False,
):
    step("Reading the file", 0.05)
    uploads.check(source, file_name=file_name)  # size and zip-bomb limits before anything reads it
    hashing = pool.submit(content_hash, source)  # hashed while DuckDB reads (both drop the GIL)
    if vendor is not None:
        if queries.vendor_by_name(con, vendor) is None:
            known = ", ".join(queries.vendor_names(con)) or "none yet"
            raise InvalidInput(f"No vendor named '{vendor}' (known: {known}). Register it first.")
    prof, result.profile_source = _choose_profile(result, profile)
    db.settle(stage)
    read = readers.read_into(
        stage,
        source,
        file_name=file_name,
        table=staging.RAW,
        sheet=prof.sheet if prof else None,
        header_row=prof.header_row if prof else None,
    )
    if prof is None:
        prof = _known(con, actor, vendor, read, result)
    if prof is None:
        prof, _unplaced = _suggest(stage, read)
        result.profile_source = "suggested"
    result.profile = prof
    result.rows_read = read.rows
    if read.dropped:
        result.warnings.append(_dropped_note(read))

    step("Checking for per-person data", 0.15)
    policy = on_agent_data or prof.on_agent_data
    # With a mapping of its own, the dimensions' values are judged after the roll-up, over the
    # distinct labels it makes (a scan saved); a suggested one is settled here (``_unsuggest``).
    exam = _guard(stage, prof, read.headers, defer=result.profile_source != "suggested")
    if result.profile_source == "suggested":
        prof, exam = _unsuggest(stage, prof, read.headers, exam)
        result.profile = prof
    findings = exam.findings
    result.guard_findings = findings
    who = vendor or prof.vendor
    if findings:
        roles = profiles.roles(prof)
        mapped = {f.column: roles[f.column] for f in findings if f.column in roles}
        if policy == "refuse" or mapped:
            message = agent_guard.refusal_message(file_name, who, findings, mapped=mapped)
            return _refused(result, message)
        staging.drop_columns(stage, staging.RAW, [f.column for f in findings])
        result.warnings.append(agent_guard.dropped_note(findings))
    # A text column that may be about people and is neither mapped nor ignored: never "map it".
    loose = [s for s in exam.suspects if s.column not in prof.source_columns() | set(prof.ignore)]
    if loose:
        return _refused(result, agent_guard.suspects_message(file_name, who, loose))
    headers = [h for h in read.headers if h not in {f.column for f in findings}]

    step("Mapping columns", 0.3)
    problems = staging.check_columns(stage, prof, headers, people_dropped=len(findings))
    if problems.errors:
        result.errors = [RowError(e) for e in problems.errors]
        result.rows_rejected = result.rows_read
        return result
    result.warnings += problems.warnings
    job = _Job(exam, findings, file_name, who, hashing, dry_run, today, step, add_labels=add_labels)
    if vendor is None and "vendor" in prof.columns:
        new = staging.unregistered_vendors(stage, prof)
        if new:  # the names are said or registered: the guard judges the columns first
            later, message = _deferred(stage, prof, None, exam, file_name, who)
            if later:
                result.guard_findings = findings + later
                return _refused(result, message)
        if new and not add_vendors:
            return _refused(result, _unregistered_message(file_name, new))
        if new:
            result.new_vendors = new
            # Registered in the transaction that writes the file's rows: both, or neither.
            try:
                with transaction(con):
                    vendors.register(con, actor, new)
                    imports.refresh_mirrors(con, stage)
                    job.in_transaction = True
                    done = _load(con, stage, actor, prof, vendor, job, result)
                    if dry_run or not done.ok or done.status == "unchanged":
                        raise _Undo
            except _Undo:
                pass
            return result
    return _load(con, stage, actor, prof, vendor, job, result)


@dataclass
class _Job:
    """What the later steps of an import need from the earlier ones."""

    exam: agent_guard.Examination
    findings: list
    file_name: str
    who: str | None
    hashing: object  # the future of the file's hash
    dry_run: bool
    today: date
    step: Callable[[str, float], None]
    in_transaction: bool = False
    add_labels: bool = False


class _Undo(Exception):  # noqa: N818 - a signal, not an error
    """Roll back the vendors a dry run (or a rejected file) registered on the way."""


def _load(
    con, stage, actor, prof: Profile, vendor, job: _Job, result: ImportResult
) -> ImportResult:
    """Map every row, validate, roll up, check the grain (in ``stage``, where the file was read)
    and write to the store ``con`` (unless a dry run)."""
    exam, findings, file_name, who = job.exam, job.findings, job.file_name, job.who
    hashing, dry_run, today, step = job.hashing, job.dry_run, job.today, job.step
    in_transaction = job.in_transaction
    plan = staging.plan(stage, prof, vendor=vendor)
    result.warnings += plan.notes

    step("Checking every row and rolling up to days", 0.5)
    if not staging.roll_up_clean(stage, plan, today=today):
        # Something needs a look row by row: the full path lists the rows (or clears the doubt),
        # once the dimensions' values the guard deferred are judged (no row of people is listed).
        later, message = _deferred(stage, prof, plan, exam, file_name, who)
        if later:
            result.guard_findings = findings + later
            return _refused(result, message)
        staging.map_rows(stage, plan)
        errors = staging.validate(stage, plan, today=today, max_rows=MAX_LISTED_ROWS)
        if errors:
            result.errors = [RowError(**e) for e in errors]
            result.rows_rejected = result.rows_read  # all or nothing: the whole file is rejected
            return result
        staging.roll_up(stage, plan)
    # The grain signature: a dimension with one label per person, whatever its labels look like.
    by_grain, message = _grain(stage, prof, plan, exam, file_name, who)
    if by_grain:
        result.guard_findings = findings + by_grain
        return _refused(result, message)
    per_vendor = staging.vendor_slices(stage, plan)
    result.vendors = [s["vendor"] for s in per_vendor]
    result.periods = [
        {
            "vendor": s["vendor"],
            "from": s["from"].isoformat(),
            "to": s["to"].isoformat(),
            "grain": plan.grain,
            "rows": s["rows"],
        }
        for s in per_vendor
    ]
    result.rows_loaded = sum(s["rows"] for s in per_vendor)

    digest = hashing.result()
    duplicates = [batches.find_duplicate(con, s["vendor_id"], digest) for s in per_vendor]
    if all(duplicates):
        result.status = "unchanged"
        result.batch_ids = [d["batch_id"] for d in duplicates]
        first = duplicates[0]
        result.warnings.append(
            f"This file was already imported as batch {first['batch_id']} on "
            f"{first['imported_at']:%Y-%m-%d %H:%M} by {first['imported_by']}; nothing changed."
        )
        result.rows_loaded = 0
        return result
    brought = staging.labels_brought(stage)  # every label, registered or not, is checked
    new_labels = [b for b in brought if not b["registered"]]
    if brought:
        refusal = _label_refusal(actor, prof, file_name, brought, job.add_labels)
        if refusal:
            return _refused(result, refusal)
    if new_labels:
        result.new_labels = [
            {k: n[k] for k in ("vendor", "dimension", "label")} for n in new_labels
        ]
    result.replaces = [
        {"vendor": s["vendor"], "months": [f"{m:%Y-%m}" for m in held]}
        for s in per_vendor
        if (held := imports.months_held(con, s["vendor_id"], s["from"], s["to"]))
    ]
    if dry_run:
        result.status = "restated" if result.replaces else "loaded"
        return result

    step("Writing", 0.85)
    import_id = uuid.uuid4().hex
    with contextlib.nullcontext() if in_transaction else transaction(con):
        if new_labels:  # registered with the rows that bring them: both, or neither
            labels.register(con, actor, new_labels, source="import")
        imports.upload_staged(con, stage, staging.FINAL)  # on a server: COPY to a temp table
        result.writes = batches.write_slices(
            con,
            actor,
            per_vendor,
            source_table=staging.FINAL,
            components=plan.components,
            grain=plan.grain,
            batch={
                "file_name": file_name,
                "content_hash": digest,
                # The profile as used, less the columns about staff: it says how many were
                # dropped, never their headers.
                "profile": profiles.to_toml(
                    profiles.without_people(prof, [f.column for f in findings])
                ),
                "rows_read": result.rows_read,
                "rows_rejected": 0,
                "import_id": import_id,
                "shape": prof.shape,
                "identifying_data": "aggregated" if findings else "none",
            },
        )
        result.batch_ids = [w.batch_id for w in result.writes]
    result.status = "restated" if any(w.status == "restated" for w in result.writes) else "loaded"
    step("Done", 1.0)
    return result


def _guard(
    con, prof: Profile, headers: list[str], *, defer: bool = False
) -> agent_guard.Examination:
    """The guard over the staged file, with what the profile expects of each column; ``defer``:
    the values of the columns mapped to a dimension are judged after the roll-up (``_grain``)."""
    times = list(prof.time_sources)  # one column, or a date and its time of day
    dims = {
        src: canon for canon, src in prof.columns.items() if canon in profiles.DIMENSION_COLUMNS
    }
    present = set(headers)
    timed = bool(times) and set(times) <= present
    key = [h for h in (*times, *dims) if h in present] if timed else None
    # The columns the import reads as numbers: every cell of them is parsed when the rows are.
    parsed = {src for canon, src in prof.columns.items() if canon in COMPONENT_NAMES}
    parsed |= {a.column for a in prof.averages.values()}
    return agent_guard.examine(
        con,
        staging.RAW,
        headers,
        skip=set(times),
        dimensions=dims,
        mapped=prof.source_columns(),
        parsed=parsed,
        key=key,
        contact=prof.shape == "contact",
        defer=defer,
    )


def _unsuggest(
    con, prof: Profile, headers: list[str], exam: agent_guard.Examination
) -> tuple[Profile, agent_guard.Examination]:
    """A suggested profile never maps a column about people, nor one of codes that may be staff
    numbers (first names alone stay mapped: the grain judges them, as sites named Florence are
    common): it leaves those unmapped (and the guard looks at them again as such). Nor does it
    ignore one that may be about people (a column of one code per row): whether it is, the user
    says, by ignoring it or asking for the export without it."""
    mapped = prof.source_columns()
    doubtful = [f.column for f in exam.suspects if f.reason == "codes" and f.column in mapped]
    if doubtful:
        prof = profiles.unmap(prof, doubtful)
        exam = _guard(con, prof, headers)
    suspects = {f.column for f in exam.suspects}
    if suspects & set(prof.ignore):
        kept = tuple(h for h in prof.ignore if h not in suspects)
        prof = dataclasses.replace(prof, ignore=kept)
    return profiles.without_people(prof, [f.column for f in exam.findings]), exam


def _label_refusal(
    actor: Actor, prof: Profile, file_name: str, brought: list[dict], add_labels: bool
) -> str | None:
    """Why the labels the file brings (``staging.labels_brought``: each with ``registered``) stop
    the import, or None: any that looks like a person, always, registered or not (a label
    registered before the check, by migration 005 say, is no exception); those not registered
    for their vendor unless ``add_labels`` and the actor may register them."""
    found = []
    kinds: dict[str, str | None] = {}  # vendors share labels: each is judged once
    for item in brought:
        text = item["label"]
        kind = kinds[text] if text in kinds else kinds.setdefault(text, labels.person_reason(text))
        if kind:
            column = prof.columns.get(item["dimension"])
            found.append({**item, "column": column, "kind": kind})
    if found:
        return labels.people_message(file_name, found)
    new = [b for b in brought if not b.get("registered")]
    if not new:
        return None
    may = actor.may("vendors.write")
    if add_labels and may:
        return None
    return labels.unregistered_message(file_name, new, may_register=may)


def _deferred(
    con, prof: Profile, plan, exam: agent_guard.Examination, file_name: str, who: str | None
) -> tuple[list[agent_guard.Finding], str | None]:
    """The values of the dimension columns the guard deferred (``agent_guard.examine_later``),
    judged once: over the distinct raw labels of ``staging_labels`` when the roll-up left them,
    else (or before there is a ``plan``) over ``staging_raw``, before any row or name is listed.
    The columns that hold people, and the refusal that names them (None when none does)."""
    if not exam.deferred:
        return [], None
    if plan is not None and plan.labels_ready:
        table, columns, source = staging.LABELS, staging.raw_label_columns(plan), staging.RAW
    else:
        table, columns, source = staging.RAW, {h: h for h in exam.deferred}, None
    later = agent_guard.examine_later(con, exam, table, columns, source=source)
    if not later:
        return [], None
    mapped = {f.column: profiles.roles(prof)[f.column] for f in later}
    return later, agent_guard.refusal_message(file_name, who, later, mapped=mapped)


def _grain(
    con, prof: Profile, plan, exam: agent_guard.Examination, file_name: str, who: str | None
) -> tuple[list[agent_guard.Finding], str | None]:
    """The guard's looks after the roll-up: the values of the dimension columns it deferred
    (``agent_guard.examine_later``, over the distinct raw labels of ``staging_labels`` when the
    roll-up left them, else over ``staging_raw``), then the grain check
    (``agent_guard.grain_findings``) over ``staging_final``: the dimensions that hold people,
    and the refusal that names them (None when none does). ``run`` and ``preview`` both ask it,
    so the page says before the full check what the import would."""
    later, message = _deferred(con, prof, plan, exam, file_name, who)
    if later:
        return later, message
    by_grain = agent_guard.grain_findings(
        con,
        staging.FINAL,
        columns={d: prof.columns[d] for d in profiles.DIMENSION_COLUMNS if d in prof.columns},
        components=plan.components,
        grain=plan.grain,
        suspects={f.column for f in exam.suspects},
    )
    if not by_grain:
        return [], None
    mapped = {f.column: profiles.roles(prof)[f.column] for f in by_grain}
    message = agent_guard.refusal_message(
        file_name, who, by_grain, mapped=mapped, can_aggregate=False
    )
    return by_grain, message


def _unregistered_message(file_name: str, names: list[str]) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:10])
    more = f" and {len(names) - 10} more" if len(names) > 10 else ""
    return (
        f"{file_name} names {len(names)} vendor(s) that are not registered: {shown}{more}. "
        "Check the names; to register them with this import, confirm it on the Imports page or "
        "add --add-vendors on the command line (vendor managers and administrators); or register "
        "them on the Vendor registry page first. Nothing was imported."
    )


def _refused(result: ImportResult, message: str) -> ImportResult:
    result.errors = [RowError(message)]
    result.rows_rejected = result.rows_read
    return result


@dataclass
class Preview:
    """What the Imports page shows before anything is written."""

    profile: Profile
    headers: list[str]
    sheet: str | None
    header_row: int
    rows_read: int
    guard_findings: list[agent_guard.Finding]
    frame: object = None  # pandas DataFrame of the first rows, converted; None when mapping fails
    problems: list[str] = field(default_factory=list)


def preview(
    con: duckdb.DuckDBPyConnection,
    source: bytes | Path,
    *,
    file_name: str,
    profile: Profile,
    on_agent_data: str = "refuse",
    limit: int = 20,
) -> Preview:
    """Read the file, run the guard and map it with ``profile``; return the first rows converted.

    Writes nothing. Columns that identify people are never shown: with ``aggregate`` they are
    dropped first; otherwise the preview stops at the guard's verdict. The grain check runs too,
    over every row summed as the import would (``_grain``): a dimension whose labels are one per
    person is refused here, as ``run`` refuses it, and no row is shown.
    """
    with imports.staging_workspace(con) as stage:
        return _preview(stage, source, file_name, profile, on_agent_data, limit)


def _preview(con, source, file_name, profile: Profile, on_agent_data: str, limit: int) -> Preview:
    try:
        db.settle(con)
        read = readers.read_into(
            con,
            source,
            file_name=Path(str(file_name)).name,
            table=staging.RAW,
            sheet=profile.sheet,
            header_row=profile.header_row,
        )
        exam = _guard(con, profile, read.headers)
        findings = exam.findings
        out = Preview(
            profile,
            [h for h in read.headers if h not in {f.column for f in findings}],
            read.sheet,
            read.header_row,
            read.rows,
            findings,
        )
        name = Path(str(file_name)).name
        roles = profiles.roles(profile)
        mapped = {f.column: roles[f.column] for f in findings if f.column in roles}
        if findings and (on_agent_data != "aggregate" or mapped):
            out.problems.append(
                agent_guard.refusal_message(name, profile.vendor, findings, mapped=mapped)
            )
            return out
        staging.drop_columns(con, staging.RAW, [f.column for f in findings])
        used = profile.source_columns() | set(profile.ignore)
        loose = [s for s in exam.suspects if s.column not in used]
        if loose:
            out.problems.append(agent_guard.suspects_message(name, profile.vendor, loose))
            return out
        check = staging.check_columns(con, profile, out.headers, people_dropped=len(findings))
        if check.errors:
            out.problems += check.errors
            return out
        try:
            plan = staging.plan(con, profile, vendor=profile.vendor or "(vendor)")
            staging.map_rows(con, plan)
            # The grain check, as the import runs it: a dimension with one label per person is
            # said here, and its labels are not shown.
            staging.roll_up(con, plan, registered=False)
        except InvalidInput as exc:
            out.problems.append(str(exc))
            return out
        by_grain, message = _grain(con, profile, plan, exam, name, profile.vendor)
        if by_grain:
            out.guard_findings = findings + by_grain
            out.problems.append(message)
            return out
        out.frame = staging.preview(con, plan, limit)
        return out
    finally:
        staging.drop(con)


@dataclass(frozen=True)
class SuggestedMapping:
    """A mapping suggested for a file (``suggest_mapping``): the ``profile``; the headers it
    could not place (``unplaced``); what the reader found (``read``: sheet, header row, headers);
    per header, the role given and why (``reasons``: a ``Reason(role, confidence, why)``, roles
    named as ``profiles.mapping_rows`` names them); and the ``grain`` of the file's rows
    (interval, day, week or month; None without a time column). Columns about individual staff,
    or that may be, are in none of them: the profile only counts them (``people_dropped``)."""

    profile: Profile
    unplaced: tuple[str, ...]
    read: readers.ReadResult
    reasons: dict[str, Reason] = field(default_factory=dict)
    grain: str | None = None


SUGGEST_SAMPLE_ROWS = 20_000  # rows of a CSV file read to suggest its mapping


def suggest_mapping(
    con: duckdb.DuckDBPyConnection,
    source: bytes | Path,
    *,
    file_name: str,
    sheet: str | None = None,
) -> SuggestedMapping:
    """A mapping guessed from the file's headers and values (``governance.ingest.suggest``), with
    a confidence and a reason per column. Reads the first rows of the file (a CSV file no further
    than ``SUGGEST_SAMPLE_ROWS`` rows) into the connection's staging table, then drops it."""
    with imports.staging_workspace(con) as stage:
        return _suggest_mapping(stage, source, file_name, sheet)


def _suggest_mapping(con, source, file_name, sheet: str | None) -> SuggestedMapping:
    try:
        db.settle(con)
        read = readers.read_into(
            con,
            source,
            file_name=Path(str(file_name)).name,
            table=staging.RAW,
            sheet=sheet,
            sample_rows=SUGGEST_SAMPLE_ROWS,
        )
        found = _suggest_from(con, read)
        # Columns about people are never proposed, for a role or for ignoring by name: the
        # profile only counts them, and the unplaced list and the reasons leave them (and
        # suspects) out.
        prof, exam = _unsuggest(
            con, found.profile, read.headers, _guard(con, found.profile, read.headers)
        )
        doubtful = {f.column for f in exam.findings} | {f.column for f in exam.suspects}
        doubtful |= {h for h in read.headers if profiles.is_person_header(h)}
        reasons = {h: r for h, r in found.reasons.items() if h not in doubtful}
        kept = prof.source_columns() | set(prof.ignore)
        for h, reason in list(reasons.items()):
            if reason.role != profiles.NOT_LOADED and h not in kept:
                reasons[h] = Reason(profiles.NOT_LOADED, 0.3, "not mapped: check what it holds")
        unplaced = tuple(h for h in found.unplaced if h not in doubtful)
        # A column whose header is a person (one column per agent) is not even listed among the
        # file's columns (the mapping grid's rows): its header is the person.
        hidden = {f.column for f in exam.findings if not f.named}
        if hidden:
            read = dataclasses.replace(read, headers=[h for h in read.headers if h not in hidden])
        return SuggestedMapping(prof, unplaced, read, reasons, found.grain)
    finally:
        staging.drop(con)


def suggest_profile(
    con: duckdb.DuckDBPyConnection,
    source: bytes | Path,
    *,
    file_name: str,
    sheet: str | None = None,
) -> tuple[Profile, list[str], readers.ReadResult]:
    """``suggest_mapping`` as (profile, the headers left unplaced, what the reader found)."""
    found = suggest_mapping(con, source, file_name=file_name, sheet=sheet)
    return found.profile, list(found.unplaced), found.read


def _suggest_from(con: duckdb.DuckDBPyConnection, read) -> suggest.Suggestion:
    """The suggestion for the file staged in ``staging_raw`` (see ``governance.ingest.suggest``)."""
    return suggest.from_values(
        con, staging.RAW, list(read.headers), sheet=read.sheet, header_row=read.header_row
    )


def _suggest(con: duckdb.DuckDBPyConnection, read) -> tuple[Profile, list[str]]:
    """The suggested profile for the staged file and the headers it could not place."""
    found = _suggest_from(con, read)
    return found.profile, list(found.unplaced)


def stored_profile_version(con: duckdb.DuckDBPyConnection, vendor: str) -> int | None:
    """The version of the layout named after the vendor, or None when there is none: what a
    caller keeps from when it showed the mapping and hands to ``save_profile``."""
    return layouts.version_of(con, vendor)


def save_profile(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    vendor: str,
    profile: Profile,
    *,
    expected_version: int | None,
) -> int:
    """Save ``profile`` as the layout named after the vendor, saved for it (``layouts.save``:
    audited, versioned); returns the version now saved.

    ``expected_version`` is the version of that layout the caller read
    (``stored_profile_version``), None when there was none then. Raises ``StaleRecord`` when
    someone saved it since (theirs stays), ``PermissionDenied`` for a role that may not upload
    or another vendor's partner, ``NotFound`` for an unknown vendor and ``InvalidInput`` for a
    mapping of a column about individual staff.
    """
    require(actor, "facts.upload")
    require_vendor(actor, vendor)
    return layouts.save(
        con, actor, vendor, profile, expected_version=expected_version, vendor=vendor
    )


def errors_csv(result: ImportResult) -> str:
    """The validation report as CSV (row, column, value, reason, rows), for download: written
    by ``spreadsheet.to_csv``, so no cell can become a formula."""
    rows = [(e.row or "", e.column or "", e.value or "", e.reason, e.count) for e in result.errors]
    return spreadsheet.to_csv(
        pd.DataFrame(rows, columns=["row", "column", "value", "reason", "rows"])
    )


def _choose_profile(result: ImportResult, given: Profile | None) -> tuple[Profile | None, str]:
    """The profile given (or the named layout's, which ``run`` put in ``given``), and where it
    came from; (None, "") when the file's headers decide (``_known``, else a suggestion)."""
    if given is not None:
        return given, "layout" if result.layout else "given"
    return None, ""


def _known(con, actor: Actor, vendor, read, result: ImportResult) -> Profile | None:
    """The profile of the saved layout that fits the staged file's headers (a vendor partner's:
    only its vendor's), as the reader found them; the layout is noted in ``result``."""
    found = layouts.fitting(con, read.headers, prefer=vendor, vendor=actor.vendor)
    if found is None:
        return None
    result.layout, result.layout_version, result.profile_source = (
        found.name,
        found.version,
        "layout",
    )
    return layouts.as_read(found.profile, read.sheet, read.header_row)


def _dropped_note(read) -> str:
    reasons = {}
    for _row, reason in read.dropped:
        reasons[reason] = reasons.get(reason, 0) + 1
    parts = ", ".join(f"{n} {reason}" for reason, n in reasons.items())
    return f"Skipped {parts} row(s) of the file (not data)."
