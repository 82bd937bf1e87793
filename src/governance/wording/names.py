"""Personal names for the wording check: the names index the agent-data guard uses.

The index holds the first and last names of the countries contact centers run from (English,
Spanish, Portuguese, French, German, Italian, Polish and Filipino speaking countries, India and
the Arabic-speaking countries, names in Latin script), each with its best rank there rounded up
to a bucket, and the names of countries and their regions. It is derived once from the
``names-dataset`` package by ``governance.ingest.people`` (``python -m governance.ingest.people``;
``make`` runs it) and cached as one small file; this module only reads that file (the check sits
below the import layer in the architecture, so it never imports ``governance.ingest``), and never
builds it: until the file exists the check reads names from the syntax alone ("coach Xiomara",
"Xiomara's AHT"). This is the one reader of the file: its path (``index_path``), its format
(``FORMAT``, ``BUCKETS``) and its parser (``parse``, ``NameIndex``) are the guard's too, which
imports them from here and only adds the writer.

A look-up folds the word (accents and the few Latin letters without one, as the guard does) and
searches a span of a few kilobytes of the file's body: a few microseconds a word.
"""

from __future__ import annotations

import json
import os
import threading
import time
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

FORMAT = 3  # the index file's format (the guard writes it, governance.ingest.people)
BUCKETS = (100, 300, 500, 700, 1000, 2000, 3000)  # a name's rank, rounded up to one of these
MISSING = 10**6  # the rank of a word that is no name
_PLAIN_LATIN = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ß": "ss", "æ": "ae", "œ": "oe"}
    | {"þ": "th", "ð": "d", "ı": "i"}
)


@dataclass(frozen=True)
class NameIndex:
    """First and last names with their rank bucket, and places, in one text (``body``): one
    ``name<TAB>bucket`` line each, sorted; the spans map a name's first two letters to its lines."""

    body: str
    first: dict[str, list[int]]
    last: dict[str, list[int]]
    places: list[int]

    def _rank(self, spans: dict[str, list[int]], word: str) -> int:
        span = spans.get(word[:2]) if word else None
        if span is None:
            return MISSING
        at = self.body.find(f"\n{word}\t", span[0], span[1])
        if at < 0:
            return MISSING
        return BUCKETS[int(self.body[at + len(word) + 2])]

    def first_rank(self, word: str) -> int:
        """The best rank of ``word`` (folded) as a first name, or ``MISSING``."""
        return self._rank(self.first, word)

    def last_rank(self, word: str) -> int:
        """The best rank of ``word`` (folded) as a last name, or ``MISSING``."""
        return self._rank(self.last, word)

    def is_first(self, word: str, rank: int = 1000) -> bool:
        """Whether ``word`` (folded) is a first name ranked ``rank`` or better."""
        return self._rank(self.first, word) <= rank

    def is_last(self, word: str, rank: int = 3000) -> bool:
        """Whether ``word`` (folded) is a last name ranked ``rank`` or better."""
        return self._rank(self.last, word) <= rank

    def is_place(self, text: str) -> bool:
        """Whether ``text`` (folded) is a country or a region: a place, not a person."""
        return self.body.find(f"\n{text}\n", self.places[0], self.places[1]) >= 0


def fold(word: str) -> str:
    """``word`` as the index spells it: lower case, accents removed ("Inês" → "ines",
    "Łukasz" → "lukasz")."""
    text = unicodedata.normalize("NFKD", word.casefold().translate(_PLAIN_LATIN))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def index_path() -> Path:
    """Where the guard caches the index: ``$XDG_CACHE_HOME/governance/`` (default ``~/.cache``),
    named by the versions of names-dataset and pycountry it was derived from."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    try:
        dataset, places = metadata.version("names-dataset"), metadata.version("pycountry")
    except metadata.PackageNotFoundError:
        return Path(base) / "governance" / "names-missing.txt"
    return Path(base) / "governance" / f"names-{dataset}-{places}-v{FORMAT}.txt"


def parse(text: str) -> NameIndex:
    """The index from the text of its file; ``ValueError`` for another format."""
    head, _, body = text.partition("\n")
    header = json.loads(head)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("an index of another format")
    return NameIndex(body, header["first"], header["last"], header["places"])


def load(path: Path | None = None) -> NameIndex | None:
    """The index from its file, or None when there is none (or it cannot be read)."""
    try:
        return parse((path or index_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, UnicodeDecodeError):
        return None


RETRY_SECONDS = 30.0  # how often a process without the index looks for its file again
_lock = threading.Lock()
_state: dict[str, object] = {"index": None, "looked": None}


def index() -> NameIndex | None:
    """The index, read once per process; None while the guard has not built it (then looked for
    again every ``RETRY_SECONDS``, so a process that builds it starts using it)."""
    found = _state["index"]
    if found is not None:
        return found  # type: ignore[return-value]
    looked = _state["looked"]
    if looked is not None and time.monotonic() - looked < RETRY_SECONDS:  # type: ignore[operator]
        return None
    with _lock:
        if _state["index"] is None:
            _state["index"] = load()
            _state["looked"] = time.monotonic()
        return _state["index"]  # type: ignore[return-value]


def reload() -> NameIndex | None:
    """Read the index's file again (after the guard has built it, say)."""
    with _lock:
        _state["index"] = load()
        _state["looked"] = time.monotonic()
        return _state["index"]  # type: ignore[return-value]
