"""The wording check never fails on text of any shape: punctuation alone, word salad, nothing."""

from __future__ import annotations

import random
import string

import pytest

from governance import wording

WORDS = (
    "agent Maria John the vendor must , ; : - — and or & ( ) coach fire our staff Sipho report "
    "to nobody no one every advisor '; DROP TABLE \" x=1 -- 100% SL AHT"
).split()


def _samples() -> list[str]:
    rng = random.Random(20261206)
    alphabet = string.punctuation + " aA0—–…«»“”\t"
    out = ["", " ", ",", "and", "- and", "'; DROP TABLE vendors; --", 'x" OR "1"="1']
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(800)]
    out += [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 14))) for _ in range(800)]
    return out


@pytest.mark.parametrize("chunk", range(4))
def test_any_text_is_checked_without_an_error(chunk):
    samples = _samples()[chunk::4]
    for text in samples:
        findings = wording.check(text)
        assert isinstance(findings, list), text
