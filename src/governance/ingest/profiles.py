"""Mapping profiles: how one vendor's export maps onto the canonical names (interfaces.md).

A profile is TOML. It is validated strictly: an unknown key, an unknown canonical name or a
malformed entry is an ``InvalidInput`` that names it. ``governance.ingest.suggest`` proposes a
profile from a file's headers and values; users edit it; it is stored per vendor.

The time is one column (``date``, ``month``, ``week`` or ``interval_start``), or two: ``date``
and ``interval_start`` together when the day and its time of day ("08:30", "08:30 - 09:00")
come in columns of their own (``split_time``).

Two extensions to the documented format, both optional:
``[constants]`` fixes a dimension for the whole file (``channel = "voice"``), and ``[derived]``
computes a component from others (``answered = { total = "offered", less = ["abandoned"] }``)
for files that give, say, offered and abandoned but not answered.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field

import tomli_w

from governance.errors import InvalidInput
from governance.ingest import people
from governance.kpis.catalogue import COMPONENT_NAMES, component

SHAPES = ("aggregated", "contact")
AGENT_POLICIES = ("refuse", "aggregate")
TIME_COLUMNS = ("date", "month", "week", "interval_start")
DIMENSION_COLUMNS = ("vendor", "program", "site", "channel", "language", "queue")
CANONICAL_COLUMNS = (*TIME_COLUMNS, *DIMENSION_COLUMNS, *COMPONENT_NAMES)
PERCENT_MODES = ("auto", "fraction", "points")
DURATION_MODES = ("auto", "seconds", "minutes", "hms", "day_fraction")
DECIMALS = (".", ",")
CONTACT_KEYS = ("answered", "wait_seconds", "handle_seconds", "satisfaction", "resolved")
TOP_KEYS = {
    "vendor",
    "shape",
    "sheet",
    "header_row",
    "on_agent_data",
    "sl_threshold_seconds",
    "ignore",
    "columns",
    "averages",
    "formats",
    "contact",
    "constants",
    "derived",
}


@dataclass(frozen=True)
class Average:
    """The source gives an average (or a rate): total = average × the ``over`` component."""

    column: str
    over: str


@dataclass(frozen=True)
class Derived:
    """A component computed as ``total`` minus the ``less`` components (all canonical)."""

    total: str
    less: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    column: str
    true: tuple[str, ...] = ("Y", "Yes", "1", "TRUE", "T")


@dataclass(frozen=True)
class Satisfaction:
    column: str
    scale: int = 5
    top_box: int = 2


@dataclass(frozen=True)
class Contact:
    """How one contact-level row (a call, chat or ticket) becomes components."""

    answered: Flag | None = None
    wait_seconds: str | None = None
    handle_seconds: str | None = None
    satisfaction: Satisfaction | None = None
    resolved: Flag | None = None


@dataclass(frozen=True)
class Formats:
    date: str | None = None
    percent: str = "auto"
    duration: str = "auto"
    decimal: str = "."


@dataclass(frozen=True)
class Profile:
    """A validated mapping profile."""

    vendor: str | None = None
    shape: str = "aggregated"
    sheet: str | None = None
    header_row: int | None = None
    on_agent_data: str = "refuse"
    sl_threshold_seconds: int = 20
    ignore: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    averages: dict[str, Average] = field(default_factory=dict)
    derived: dict[str, Derived] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    formats: Formats = field(default_factory=Formats)
    contact: Contact | None = None
    # How many columns about individual staff were left out of this profile (a suggestion) or
    # dropped from the file it loaded: written as a comment by ``to_toml``, never their headers.
    people_dropped: int = field(default=0, compare=False)

    @property
    def time_column(self) -> str | None:
        """The canonical time key the file uses (date, month, week or interval_start); with a
        date column and a time-of-day column mapped together (``split_time``), interval_start."""
        if self.split_time:
            return "interval_start"
        for key in TIME_COLUMNS:
            if key in self.columns:
                return key
        return None

    @property
    def split_time(self) -> bool:
        """Whether the time comes from two columns: ``date`` (the day) and ``interval_start``
        (its time of day, "08:30" or a range "08:30 - 09:00", read as the interval's start)."""
        return "date" in self.columns and "interval_start" in self.columns

    @property
    def time_sources(self) -> tuple[str, ...]:
        """The source headers of the time: one, or the date and time-of-day columns."""
        if self.split_time:
            return (self.columns["date"], self.columns["interval_start"])
        key = self.time_column
        return (self.columns[key],) if key else ()

    @property
    def grain(self) -> str:
        """How rows are stored: month and week files keep their grain; the rest become days."""
        return {"month": "month", "week": "week"}.get(self.time_column or "", "day")

    def source_columns(self) -> set[str]:
        """Every source header the profile reads."""
        used = set(self.columns.values()) | {a.column for a in self.averages.values()}
        if self.contact:
            c = self.contact
            used |= {x for x in (c.wait_seconds, c.handle_seconds) if x}
            used |= {x.column for x in (c.answered, c.resolved, c.satisfaction) if x}
        return used

    def with_changes(self, **changes) -> Profile:
        data = to_dict(self)
        data.update(changes)
        return dataclasses.replace(from_dict(data), people_dropped=self.people_dropped)


# --- parsing and validation ----------------------------------------------------------------


def _fail(message: str) -> InvalidInput:
    return InvalidInput(f"Mapping profile: {message}")


def _str(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{where} must be a non-empty text (got {value!r}).")
    return value.strip()


def _table(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(f"{where} must be a table of key = value lines.")
    return value


def _check_keys(data: dict, allowed, where: str) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(f"unknown key '{key}' in {where}; allowed: {', '.join(sorted(allowed))}.")


def _flag(value, where: str) -> Flag:
    if isinstance(value, str):
        return Flag(_str(value, where))
    data = _table(value, where)
    _check_keys(data, {"column", "true"}, where)
    true = data.get("true", list(Flag.true))
    if not isinstance(true, list) or not all(isinstance(t, str) for t in true) or not true:
        raise _fail(f'{where}.true must be a list of texts, e.g. ["Y"].')
    return Flag(_str(data.get("column"), f"{where}.column"), tuple(true))


def from_dict(data: dict) -> Profile:
    """A validated ``Profile`` from parsed TOML; ``InvalidInput`` names the first problem."""
    data = _table(data, "the profile")
    _check_keys(data, TOP_KEYS, "the profile")
    shape = data.get("shape", "aggregated")
    if shape not in SHAPES:
        raise _fail(f"shape must be one of {', '.join(SHAPES)} (got {shape!r}).")
    policy = data.get("on_agent_data", "refuse")
    if policy not in AGENT_POLICIES:
        raise _fail(f"on_agent_data must be one of {', '.join(AGENT_POLICIES)} (got {policy!r}).")
    header_row = data.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise _fail(f"header_row must be a row number from 1 (got {header_row!r}).")
    threshold = data.get("sl_threshold_seconds", 20)
    if not isinstance(threshold, int) or threshold <= 0:
        raise _fail(f"sl_threshold_seconds must be a whole number of seconds (got {threshold!r}).")
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(i, str) for i in ignore):
        raise _fail('ignore must be a list of column headers, e.g. ["Comments"].')

    columns = {}
    for key, value in _table(data.get("columns", {}), "[columns]").items():
        if key not in CANONICAL_COLUMNS:
            raise _fail(
                f"unknown canonical name '{key}' in [columns]; use a time key "
                f"({', '.join(TIME_COLUMNS)}), a dimension ({', '.join(DIMENSION_COLUMNS)}) "
                "or a component (see docs/profiles.md)."
            )
        columns[key] = _str(value, f"[columns].{key}")
    times = [k for k in TIME_COLUMNS if k in columns]
    if len(times) > 1 and times != ["date", "interval_start"]:
        raise _fail(
            f"map only one time column; [columns] maps {', '.join(times)} (two are allowed only "
            "as date and interval_start: the day, and its time of day in another column)."
        )

    averages = {}
    for key, value in _table(data.get("averages", {}), "[averages]").items():
        if key not in COMPONENT_NAMES:
            raise _fail(f"unknown component '{key}' in [averages].")
        entry = _table(value, f"[averages].{key}")
        _check_keys(entry, {"column", "over"}, f"[averages].{key}")
        over = _str(entry.get("over"), f"[averages].{key}.over")
        if over not in COMPONENT_NAMES:
            raise _fail(f"[averages].{key}.over names unknown component '{over}'.")
        if key in columns:
            raise _fail(f"'{key}' is mapped both in [columns] and in [averages]; keep one.")
        averages[key] = Average(_str(entry.get("column"), f"[averages].{key}.column"), over)

    derived = {}
    for key, value in _table(data.get("derived", {}), "[derived]").items():
        if key not in COMPONENT_NAMES:
            raise _fail(f"unknown component '{key}' in [derived].")
        entry = _table(value, f"[derived].{key}")
        _check_keys(entry, {"total", "less"}, f"[derived].{key}")
        total = _str(entry.get("total"), f"[derived].{key}.total")
        less = entry.get("less", [])
        if not isinstance(less, list) or not less:
            raise _fail(f"[derived].{key}.less must list components to subtract.")
        for name in (total, *less):
            if name not in COMPONENT_NAMES:
                raise _fail(f"[derived].{key} names unknown component '{name}'.")
        if key in columns or key in averages:
            raise _fail(f"'{key}' is both mapped and derived; keep one.")
        derived[key] = Derived(total, tuple(less))

    constants = {}
    for key, value in _table(data.get("constants", {}), "[constants]").items():
        if key not in DIMENSION_COLUMNS or key == "vendor":
            raise _fail(
                f"[constants] may fix program, site, channel, language or queue, not '{key}'."
            )
        if key in columns:
            raise _fail(f"'{key}' is both a column and a constant; keep one.")
        constants[key] = _str(value, f"[constants].{key}")

    f = _table(data.get("formats", {}), "[formats]")
    _check_keys(f, {"date", "percent", "duration", "decimal"}, "[formats]")
    formats = Formats(
        date=_str(f["date"], "[formats].date") if "date" in f else None,
        percent=f.get("percent", "auto"),
        duration=f.get("duration", "auto"),
        decimal=f.get("decimal", "."),
    )
    if formats.percent not in PERCENT_MODES:
        raise _fail(f"[formats].percent must be one of {', '.join(PERCENT_MODES)}.")
    if formats.duration not in DURATION_MODES:
        raise _fail(f"[formats].duration must be one of {', '.join(DURATION_MODES)}.")
    if formats.decimal not in DECIMALS:
        raise _fail('[formats].decimal must be "." or ",".')
    if formats.date is not None and not re.fullmatch(r"[%A-Za-z0-9 /:.\-T,_]+", formats.date):
        raise _fail(f"[formats].date '{formats.date}' is not a date pattern such as \"%d/%m/%Y\".")

    contact = None
    if "contact" in data:
        c = _table(data["contact"], "[contact]")
        _check_keys(c, set(CONTACT_KEYS), "[contact]")
        sat = None
        if "satisfaction" in c:
            s = _table(c["satisfaction"], "[contact].satisfaction")
            _check_keys(s, {"column", "scale", "top_box"}, "[contact].satisfaction")
            sat = Satisfaction(
                _str(s.get("column"), "[contact].satisfaction.column"),
                _whole(s.get("scale", 5), "[contact].satisfaction.scale"),
                _whole(s.get("top_box", 2), "[contact].satisfaction.top_box"),
            )
            if not (2 <= sat.scale <= 11 and 1 <= sat.top_box < sat.scale):
                raise _fail(
                    "[contact].satisfaction needs 2 <= scale <= 11 and 1 <= top_box < scale."
                )
        contact = Contact(
            answered=_flag(c["answered"], "[contact].answered") if "answered" in c else None,
            wait_seconds=_str(c["wait_seconds"], "[contact].wait_seconds")
            if "wait_seconds" in c
            else None,
            handle_seconds=_str(c["handle_seconds"], "[contact].handle_seconds")
            if "handle_seconds" in c
            else None,
            satisfaction=sat,
            resolved=_flag(c["resolved"], "[contact].resolved") if "resolved" in c else None,
        )
    if shape == "contact" and contact is None:
        raise _fail('shape = "contact" needs a [contact] section saying how each row counts.')
    if shape == "aggregated" and contact is not None:
        raise _fail('[contact] applies only to shape = "contact".')

    vendor = data.get("vendor")
    return Profile(
        vendor=_str(vendor, "vendor") if vendor is not None else None,
        shape=shape,
        sheet=_str(data["sheet"], "sheet") if "sheet" in data else None,
        header_row=header_row,
        on_agent_data=policy,
        sl_threshold_seconds=threshold,
        ignore=tuple(ignore),
        columns=columns,
        averages=averages,
        derived=derived,
        constants=constants,
        formats=formats,
        contact=contact,
    )


def parse(text: str) -> Profile:
    """A validated profile from TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(f"not valid TOML ({exc}).") from None
    return from_dict(data)


def is_person_header(header: str) -> bool:
    """True when a header, read without its values, names individual staff ("Agent Name",
    "Emp#", "Nombre del agente"); such a header is never suggested, ignored by name or stored."""
    return people.header_reason(header, numeric=None) is not None


def unmap(p: Profile, headers) -> Profile:
    """``p`` with the columns ``headers`` no longer mapped (nor averaged, nor derived from)."""
    gone = set(headers)
    if not gone & p.source_columns():
        return p
    data = to_dict(p)
    data["columns"] = {k: v for k, v in p.columns.items() if v not in gone}
    data["averages"] = {
        k: {"column": a.column, "over": a.over}
        for k, a in p.averages.items()
        if a.column not in gone
    }
    removed = {k for k, v in p.columns.items() if v in gone}
    data["derived"] = {
        k: d for k, d in data.get("derived", {}).items() if not {d["total"], *d["less"]} & removed
    }
    return dataclasses.replace(from_dict(data), people_dropped=p.people_dropped)


def without_people(p: Profile, headers) -> Profile:
    """``p`` without the columns ``headers`` (every column of the file about individual staff)
    wherever it names them (mapped, averaged or ignored); ``people_dropped`` counts them."""
    gone = set(headers)
    if not gone:
        return p
    p = unmap(p, gone)
    p = dataclasses.replace(p, ignore=tuple(h for h in p.ignore if h not in gone))
    return dataclasses.replace(p, people_dropped=len(gone))


def to_dict(p: Profile) -> dict:
    """The profile as plain data, in the TOML layout of interfaces.md (defaults left out).

    A header in ``ignore`` that names individual staff is left out: the guard refuses (or drops)
    such a column whatever the profile says, and a stored profile never holds one."""
    out: dict = {}
    if p.vendor:
        out["vendor"] = p.vendor
    out["shape"] = p.shape
    if p.sheet:
        out["sheet"] = p.sheet
    if p.header_row:
        out["header_row"] = p.header_row
    out["on_agent_data"] = p.on_agent_data
    out["sl_threshold_seconds"] = p.sl_threshold_seconds
    ignore = [h for h in p.ignore if not is_person_header(h)]
    if ignore:
        out["ignore"] = ignore
    out["columns"] = dict(p.columns)
    if p.averages:
        out["averages"] = {k: {"column": a.column, "over": a.over} for k, a in p.averages.items()}
    if p.derived:
        out["derived"] = {k: {"total": d.total, "less": list(d.less)} for k, d in p.derived.items()}
    if p.constants:
        out["constants"] = dict(p.constants)
    fmt = {
        "percent": p.formats.percent,
        "duration": p.formats.duration,
        "decimal": p.formats.decimal,
    }
    if p.formats.date:
        fmt = {"date": p.formats.date, **fmt}
    out["formats"] = fmt
    if p.contact:
        c, contact = p.contact, {}
        if c.answered:
            contact["answered"] = {"column": c.answered.column, "true": list(c.answered.true)}
        if c.wait_seconds:
            contact["wait_seconds"] = c.wait_seconds
        if c.handle_seconds:
            contact["handle_seconds"] = c.handle_seconds
        if c.satisfaction:
            s = c.satisfaction
            contact["satisfaction"] = {"column": s.column, "scale": s.scale, "top_box": s.top_box}
        if c.resolved:
            contact["resolved"] = {"column": c.resolved.column, "true": list(c.resolved.true)}
        out["contact"] = contact
    return out


def to_toml(p: Profile) -> str:
    """The profile as TOML text that ``parse`` reads back to the same profile. When columns about
    individual staff were left out, a first comment line says how many (never which)."""
    text = tomli_w.dumps(to_dict(p))
    if p.people_dropped:
        n = p.people_dropped
        text = (
            f"# {n} column{'s' if n > 1 else ''} about individual staff left out: never mapped, "
            "ignored by name or stored.\n" + text
        )
    return text


def describe(p: Profile) -> list[tuple[str, str, str]]:
    """(canonical name, source, how) rows for showing a profile as a mapping table."""
    rows = []
    for canonical, source in p.columns.items():
        how = (
            "time"
            if canonical in TIME_COLUMNS
            else (
                "dimension"
                if canonical in DIMENSION_COLUMNS
                else f"total ({component(canonical).unit})"
            )
        )
        rows.append((canonical, source, how))
    for canonical, a in p.averages.items():
        rows.append((canonical, a.column, f"average × {a.over}"))
    for canonical, d in p.derived.items():
        rows.append((canonical, f"{d.total} − {' − '.join(d.less)}", "derived"))
    for canonical, value in p.constants.items():
        rows.append((canonical, f'"{value}"', "constant"))
    return rows


# --- the mapping as a table (the Imports page edits it) ---------------------------------------

NOT_LOADED = "(not loaded)"
IGNORED = "(ignore)"
AVERAGE_ROLES = {  # role label -> (component, over)
    "handle_time_sec as an average over answered (AHT)": ("handle_time_sec", "answered"),
    "wait_time_sec as an average over answered (ASA)": ("wait_time_sec", "answered"),
    "answered_within_sl as a rate over offered (service level %)": (
        "answered_within_sl",
        "offered",
    ),
    "answered_within_sl as a rate over answered (service level % of answered)": (
        "answered_within_sl",
        "answered",
    ),
    "abandoned as a rate over offered (abandonment %)": ("abandoned", "offered"),
    # For a file with no answered count (nor offered and abandoned to derive it from).
    "handle_time_sec as an average over offered (AHT)": ("handle_time_sec", "offered"),
    "wait_time_sec as an average over offered (ASA)": ("wait_time_sec", "offered"),
    "csat_satisfied as a rate over csat_responses (CSAT %)": ("csat_satisfied", "csat_responses"),
    "resolved_first_contact as a rate over fcr_eligible (FCR %)": (
        "resolved_first_contact",
        "fcr_eligible",
    ),
    "qa_points as a rate over qa_possible (QA %)": ("qa_points", "qa_possible"),
}
ROLES = (NOT_LOADED, IGNORED, *CANONICAL_COLUMNS, *AVERAGE_ROLES)
_ROLE_WORDS = {
    NOT_LOADED: "(not loaded)",
    IGNORED: "(ignore)",
    "date": "Date (a row per day)",
    "month": "Month (a row per month)",
    "week": "Week (a row per week)",
    "interval_start": "Interval start (date and time)",
    "vendor": "Vendor",
    "program": "Program",
    "site": "Site",
    "channel": "Channel",
    "language": "Language",
    "queue": "Queue",
}
_UNIT_WORDS = {"seconds": " (total seconds)"}
_AVERAGE_WORDS = {
    ("handle_time_sec", "answered"): "Average handle time per answered contact (AHT)",
    ("wait_time_sec", "answered"): "Average speed of answer per answered contact (ASA)",
    ("answered_within_sl", "offered"): "Service level % (answered in threshold ÷ offered)",
    ("answered_within_sl", "answered"): "Service level % (answered in threshold ÷ answered)",
    ("abandoned", "offered"): "Abandonment % (abandoned ÷ offered)",
    ("handle_time_sec", "offered"): "Average handle time per offered contact (AHT)",
    ("wait_time_sec", "offered"): "Average wait per offered contact (ASA)",
    ("csat_satisfied", "csat_responses"): "CSAT % (satisfied ÷ responses)",
    ("resolved_first_contact", "fcr_eligible"): "FCR % (resolved ÷ eligible)",
    ("qa_points", "qa_possible"): "QA score % (points ÷ possible)",
}


def role_label(role: str) -> str:
    """A role as the mapping grid shows it: words first, the profile's name after them
    ("Contacts offered (count) · offered"), so the grid reads plainly and still matches the
    profile text. An unknown role is shown as it is."""
    if role in _ROLE_WORDS:
        words = _ROLE_WORDS[role]
        return words if role in (NOT_LOADED, IGNORED) else f"{words} · {role}"
    if role in AVERAGE_ROLES:
        comp, over = AVERAGE_ROLES[role]
        return f"{_AVERAGE_WORDS.get((comp, over), role)} · {comp} ÷ {over}"
    if role in COMPONENT_NAMES:
        c = component(role)
        return f"{c.label}{_UNIT_WORDS.get(c.unit, '')} · {role}"
    return role


def roles(p: Profile) -> dict[str, str]:
    """Source header -> the role the profile gives it: a canonical name, "an average of X", or
    "contact K" for a contact-level file's keys."""
    out = {a.column: f"an average of {comp}" for comp, a in p.averages.items()}
    out |= {src: canon for canon, src in p.columns.items()}
    if p.contact:
        for key in CONTACT_KEYS:
            entry = getattr(p.contact, key)
            if entry is not None:
                out[entry if isinstance(entry, str) else entry.column] = f"contact {key}"
    return out


def mapping_rows(p: Profile, headers: list[str]) -> list[dict]:
    """One row per file column: ``column`` and the ``role`` the profile gives it (see ``ROLES``)."""
    by_source = {src: canon for canon, src in p.columns.items()}
    for comp, avg in p.averages.items():
        label = next((k for k, v in AVERAGE_ROLES.items() if v == (comp, avg.over)), None)
        by_source[avg.column] = label or f"{comp} as an average over {avg.over}"
    rows = []
    for h in headers:
        role = by_source.get(h) or (IGNORED if h in p.ignore else NOT_LOADED)
        rows.append({"column": h, "role": role})
    return rows


def apply_mapping(p: Profile, rows: list[dict]) -> Profile:
    """The profile with its [columns], [averages] and ignore list rebuilt from mapping rows.

    Raises ``InvalidInput`` when two columns take the same canonical name or a role is unknown.
    """
    columns: dict[str, str] = {}
    averages: dict[str, dict] = {}
    ignore: list[str] = []
    for row in rows:
        column, role = str(row["column"]), str(row.get("role") or NOT_LOADED)
        if role == NOT_LOADED:
            continue
        if role == IGNORED:
            ignore.append(column)
            continue
        if role in AVERAGE_ROLES:
            comp, over = AVERAGE_ROLES[role]
            if comp in averages or comp in columns:
                raise _fail(
                    f"two columns are mapped to {comp}: keep one ('{column}' is the second)."
                )
            averages[comp] = {"column": column, "over": over}
            continue
        if role not in CANONICAL_COLUMNS:
            raise _fail(f"'{role}' is not a role a column can take.")
        if role in columns or role in averages:
            raise _fail(f"two columns are mapped to {role}: '{columns.get(role)}' and '{column}'.")
        columns[role] = column
    data = to_dict(p)
    data["columns"] = columns
    data["averages"] = averages
    data["ignore"] = ignore
    # A component now mapped straight from the file is no longer derived.
    derived = {
        k: v for k, v in data.get("derived", {}).items() if k not in columns and k not in averages
    }
    data["derived"] = derived
    return from_dict(data)


def _whole(value, where: str) -> int:
    """A whole number from the profile; the profile's own refusal when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _fail(f"{where} must be a whole number, not {value!r}.")
    try:
        return int(value)
    except ValueError:
        raise _fail(f"{where} must be a whole number, not {value!r}.") from None
