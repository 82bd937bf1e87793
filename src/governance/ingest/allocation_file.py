"""A volume plan file: one row per program, month and vendor with the vendor's share (percent)
and the program's forecast of offered contacts, as a planning team keeps it in a sheet (CSV).

Headers are recognised by their words (program / line of business / campaign, month / period,
vendor / provider / BPO, share / allocation / split, forecast / offered / volume); a column that
names a person refuses the file (a plan is at program level, never per person). Returns plain
rows for ``scoring.allocation.load``."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from governance.errors import InvalidInput
from governance.store.db import fold_text, is_person_column

FIELDS = ("program", "month", "vendor", "share", "forecast")
_WORDS = {
    "program": re.compile(r"\b(program(me)?|lob|line of business|campaign|queue group)\b"),
    "month": re.compile(r"\b(month|period|mois|mes)\b"),
    "vendor": re.compile(r"\b(vendor|provider|supplier|bpo|outsourcer|partner)\b"),
    "share": re.compile(r"\b(share|allocation|allocated|split|percent|pct)\b|%"),
    "forecast": re.compile(r"\b(forecast|offered|volume|contacts|calls)\b"),
}
MAX_BYTES = 2 * 1024 * 1024


def read(source: bytes | Path, *, file_name: str) -> list[dict]:
    """The plan rows of a CSV file: ``row`` (its line), ``program``, ``month``, ``vendor``,
    ``share``, ``forecast`` as text. ``InvalidInput`` names the file, and the row and column for
    a missing value."""
    data = source.read_bytes() if isinstance(source, Path) else bytes(source)
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{file_name} is larger than 2 MB: a volume plan is a short sheet.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = list(csv.reader(io.StringIO(text), dialect))
    if not lines:
        raise InvalidInput(f"{file_name} is empty.")
    headers = [h.strip() for h in lines[0]]
    people = [h for h in headers if is_person_column(h)]
    if people:
        raise InvalidInput(
            f"{file_name} has a column that names people ('{people[0]}'): a volume plan is by "
            "program and vendor, never per person."
        )
    where: dict[str, int] = {}
    for field in FIELDS:
        for i, h in enumerate(headers):
            if i not in where.values() and _WORDS[field].search(fold_text(h).lower()):
                where[field] = i
                break
    missing = [f for f in FIELDS if f not in where]
    if missing:
        raise InvalidInput(
            f"{file_name} has no column for {', '.join(missing)}; its headers are "
            f"{', '.join(repr(h) for h in headers)}. Name them program, month, vendor, share "
            "and forecast."
        )
    rows = []
    for n, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {"row": n}
        for field, i in where.items():
            value = cells[i].strip() if i < len(cells) else ""
            if not value:
                raise InvalidInput(f"{file_name} row {n}, column '{headers[i]}': no {field}.")
            row[field] = value
        rows.append(row)
    return rows
