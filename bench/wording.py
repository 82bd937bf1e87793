"""The co-employment wording check (``governance.wording``): precision, recall and speed.

``python -m bench.wording`` prints, for each corpus, precision (of the lines flagged, how many
are risky), recall (of the risky lines, how many are flagged), how many flagged risky lines
carry the labelled term, and lines per second of ``wording.check``:

- ``dev``: tests/data/wording/dev_corpus.tsv, written to build and tune the check (its later
  batches, by term and with hard negatives, were each measured before any tuning on them);
- ``holdout``: tests/data/wording/holdout.tsv, written in other voices (terse minutes, e-mails,
  escalation notes, British, Indian and Filipino English) before the tuning; its lines were never
  tuned on, but the classes of its misses were fixed by general rules;
- ``fresh``: tests/data/wording/fresh.tsv, written with the development corpus's second batch and
  set aside before any tuning on it: it is measured, never tuned on (a second held-out set);
- ``reference``: tests/data/wording_corpus.csv, the corpus the previous rules were written on.

``python -m bench --only wording`` times one pass over each corpus against the issue's target
of 200 lines per second (the target in seconds is the corpus's lines ÷ 200). The workload is an
empty database: the check reads no data.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from bench.registry import Run, benchmark
from bench.workloads import workload
from governance import wording
from governance.store import db

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LINES_PER_SECOND = 200  # issue 13's target
W = "wording_corpora"


def corpus(name: str) -> list[tuple[bool, str, str]]:
    """(risky, term, text) for each line of a corpus."""
    if name == "reference":
        with (DATA / "wording_corpus.csv").open(encoding="utf-8", newline="") as fh:
            return [(r["risky"] == "1", r["family"], r["text"]) for r in csv.DictReader(fh)]
    file = {"dev": "dev_corpus.tsv", "holdout": "holdout.tsv", "fresh": "fresh.tsv"}[name]
    with (DATA / "wording" / file).open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return [(r["label"] == "risky", r["term"], r["text"]) for r in rows]


CORPORA = {name: corpus(name) for name in ("dev", "holdout", "fresh", "reference")}


@workload(
    W,
    version=2,
    description="an empty database: the wording check reads only the corpora's text",
)
def build_wording_corpora(path: Path) -> dict:
    with db.connect(path):
        pass
    return {"rows": sum(len(rows) for rows in CORPORA.values())}


def _pass(name: str) -> int:
    rules = wording.default_rules()
    for _, _, text in CORPORA[name]:
        wording.check(text, rules=rules)
    return len(CORPORA[name])


for _name, _rows in CORPORA.items():

    def _bench(run: Run, name: str = _name) -> int:
        return _pass(name)

    _bench.__doc__ = f"wording.check on each of the {len(_rows)} lines of the {_name} corpus."
    benchmark(
        f"wording_{_name}",
        workload=W,
        target=round(len(_rows) / LINES_PER_SECOND, 3),
        target_note="issue",
        connection=False,
    )(_bench)


def measure(rows: list[tuple[bool, str, str]]) -> dict:
    """Counts and rates of one pass over ``rows``."""
    tp = fp = fn = term = 0
    started = time.perf_counter()
    found = [wording.check(text) for _, _, text in rows]
    seconds = time.perf_counter() - started
    for (risky, family, _), findings in zip(rows, found, strict=True):
        if risky and findings:
            tp += 1
            term += family in {f.family for f in findings}
        elif risky:
            fn += 1
        elif findings:
            fp += 1
    return {
        "lines": len(rows),
        "risky": tp + fn,
        "precision": tp / max(1, tp + fp),
        "recall": tp / max(1, tp + fn),
        "false_positives": fp,
        "missed": fn,
        "term_agrees": term / max(1, tp),
        "lines_per_second": len(rows) / seconds,
    }


def main() -> int:
    wording.check("warm up the vocabulary")
    print(
        f"{'corpus':<10} {'lines':>5} {'risky':>5} {'precision':>9} {'recall':>6} "
        f"{'FP':>3} {'missed':>6} {'term':>5} {'lines/s':>8}"
    )
    for name, rows in CORPORA.items():
        m = measure(rows)
        print(
            f"{name:<10} {m['lines']:>5} {m['risky']:>5} {m['precision']:>9.3f} "
            f"{m['recall']:>6.3f} {m['false_positives']:>3} {m['missed']:>6} "
            f"{m['term_agrees']:>5.2f} {m['lines_per_second']:>8.0f}"
        )
    print(
        "precision = flagged risky / flagged; recall = flagged risky / risky; term = flagged "
        f"risky lines that carry the labelled term; target {LINES_PER_SECOND} lines/s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
