"""Checks on an uploaded file before anything parses it: its size, and what a zip would expand to.

``check`` runs first thing in ``readers.read_into`` (so the CLI import and every page get it, not
only Streamlit's own upload limit). A file over the size limit is refused; an .xlsx (a zip
archive) whose members would expand past ``config.MAX_UNCOMPRESSED_MB`` in all, or whose large
members compress more than ``config.MAX_COMPRESSION_RATIO`` to one, is refused as a likely zip
bomb before any XML is inflated. File names are for messages and the import history only:
``base_name`` keeps the last part of whatever path a browser or a caller sent, drops control and
bidirectional-override characters, and cuts a long name to ``MAX_NAME`` characters (``short``).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from governance import config
from governance.access import records
from governance.errors import InvalidInput

_MB = 1024 * 1024
_ZIP = b"PK\x03\x04"
# Members smaller than this are not ratio-checked: a tiny, very regular XML part compresses well.
_RATIO_FLOOR = 10 * _MB
_UNSAFE = dict.fromkeys(map(ord, records.UNSAFE_CHARACTERS))  # str.translate: deleted
MAX_NAME = 200  # characters of a file name kept: what import_batches.file_name holds at most
_MAX_EXTENSION = 10


def base_name(file_name: object, default: str = "upload") -> str:
    """The last part of a file name (``/`` or ``\\`` separated), without control or
    bidirectional-override characters, cut to ``MAX_NAME`` characters (``short``)."""
    text = str(file_name or "").translate(_UNSAFE)
    last = re.split(r"[/\\]", text)[-1].strip()
    return default if last in ("", ".", "..") else short(last)


def short(name: str, limit: int = MAX_NAME) -> str:
    """``name`` when it has at most ``limit`` characters; else cut to ``limit``, keeping its
    extension: the stem ends in "…" ("a-very-long-name….xlsx")."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    suffix = dot + extension if stem and 0 < len(extension) <= _MAX_EXTENSION else ""
    return name[: limit - len(suffix) - 1].rstrip() + "…" + suffix


def _mb(size: int) -> str:
    value = size / _MB
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def size_of(source: bytes | bytearray | memoryview | Path | str) -> int:
    """The file's size in bytes (an upload's bytes, or a file on disk)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return len(source)
    try:
        return Path(source).stat().st_size
    except OSError:
        return 0  # the reader reports the unreadable file in its own words


def check(
    source: bytes | bytearray | memoryview | Path | str,
    *,
    file_name: str = "The file",
    max_bytes: int | None = None,
    max_uncompressed: int | None = None,
    max_ratio: float | None = None,
) -> None:
    """Refuse a file over the size limit, or a zip (.xlsx) that would expand too far.

    Raises ``InvalidInput``: "NAME is 250 MB; the limit is 200 MB." or a zip-bomb message. Only
    the zip's directory is read (names and declared sizes); nothing is decompressed.
    """
    name = base_name(file_name, "The file")
    limit = config.max_upload_bytes() if max_bytes is None else max_bytes
    size = size_of(source)
    if size > limit:
        raise InvalidInput(
            f"{name} is {_mb(size)} MB; the limit is {_mb(limit)} MB. "
            "Split the export (for example by month) and upload the parts."
        )
    check_zip(source, file_name=name, max_uncompressed=max_uncompressed, max_ratio=max_ratio)


def check_zip(
    source: bytes | bytearray | memoryview | Path | str,
    *,
    file_name: str = "The file",
    max_uncompressed: int | None = None,
    max_ratio: float | None = None,
) -> None:
    """For a zip archive (an .xlsx): refuse it when its members expand too far; else do nothing."""
    ceiling = config.MAX_UNCOMPRESSED_MB * _MB if max_uncompressed is None else max_uncompressed
    ratio_limit = config.MAX_COMPRESSION_RATIO if max_ratio is None else max_ratio
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if not data.startswith(_ZIP):
            return
        opened = io.BytesIO(data)
    else:
        try:
            with Path(source).open("rb") as fh:
                if fh.read(4) != _ZIP:
                    return
        except OSError:
            return
        opened = Path(source)
    try:
        with zipfile.ZipFile(opened) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader names a damaged archive itself
    name = base_name(file_name, "The file")
    total = sum(m.file_size for m in members)
    refusal = f"{name} was refused before reading: as a workbook it would expand to {_mb(total)} MB"
    if total > ceiling:
        raise InvalidInput(
            f"{refusal}, over the {_mb(ceiling)} MB limit. It may be damaged or built to "
            "exhaust the server. Save the data again from the original program, or as CSV."
        )
    for m in members:
        if m.file_size >= _RATIO_FLOOR and m.file_size > ratio_limit * max(m.compress_size, 1):
            raise InvalidInput(
                f"{refusal}, and one part is compressed more than {ratio_limit:g} to 1, which real "
                "exports are not. It may be damaged or built to exhaust the server. Save the "
                "data again from the original program, or as CSV."
            )
