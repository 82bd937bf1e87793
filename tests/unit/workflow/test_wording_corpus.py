"""Precision and recall of the co-employment wording check on its development corpus.

tests/data/wording/dev_corpus.tsv holds labelled lines (``label`` risky or safe, ``term`` the
family of a risky line, ``text``) covering every term with hard negatives: the vendor acting as a
company, negations, aggregate figures, client staff, policy statements and contract language.
The figures are counted here, line by line, independently of the bench (bench/wording.py also
prints them for the held-out sets, holdout.tsv and fresh.tsv, which no test tunes against:
fresh.tsv was written with the development corpus's second batch and set aside untouched).
"""

from __future__ import annotations

import csv
from pathlib import Path

from governance.workflow.wording import FAMILIES, check

DATA = Path(__file__).resolve().parents[2] / "data" / "wording"


def read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_the_corpora_are_well_formed_and_separate():
    dev, holdout, fresh = read("dev_corpus.tsv"), read("holdout.tsv"), read("fresh.tsv")
    assert len(dev) >= 300 and len(holdout) >= 100 and len(fresh) >= 60
    for rows in (dev, holdout, fresh):
        assert list(rows[0]) == ["label", "term", "text"]
        assert len({r["text"] for r in rows}) == len(rows), "a line appears twice"
        for r in rows:
            assert r["label"] in ("risky", "safe") and r["text"].strip()
            assert (r["term"] in FAMILIES) if r["label"] == "risky" else r["term"] == ""
        # every term has risky lines, and safe lines are plentiful
        assert {r["term"] for r in rows if r["label"] == "risky"} == set(FAMILIES)
        assert sum(r["label"] == "safe" for r in rows) >= len(rows) // 3
    texts = [{r["text"] for r in rows} for rows in (dev, holdout, fresh)]
    assert not texts[0] & texts[1] and not texts[0] & texts[2] and not texts[1] & texts[2]


def test_dev_corpus_precision_and_recall_are_at_least_0_90():
    true_positives = false_positives = false_negatives = 0
    for row in read("dev_corpus.tsv"):
        flagged = bool(check(row["text"]))
        if row["label"] == "risky":
            true_positives += flagged
            false_negatives += not flagged
        else:
            false_positives += flagged
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / (true_positives + false_negatives)
    summary = (
        f"precision {precision:.3f} ({false_positives} safe lines flagged), "
        f"recall {recall:.3f} ({false_negatives} risky lines missed)"
    )
    print("\ndev corpus: " + summary)
    assert precision >= 0.90, summary
    assert recall >= 0.90, summary
