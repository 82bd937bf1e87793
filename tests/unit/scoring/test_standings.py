"""Standing bands are rules as data: contiguous, covering 0–100 with an inclusive top, validated."""

from __future__ import annotations

import pytest

from governance.errors import InvalidInput
from governance.scoring import standings


@pytest.mark.parametrize(
    "score, band",
    [
        (100.0, "Excellent"),
        (90.0, "Excellent"),
        (89.999, "Good"),
        (75.0, "Good"),
        (74.99, "Watch"),
        (60.0, "Watch"),
        (59.99, "At risk"),
        (0.0, "At risk"),
        (None, None),
        (float("nan"), None),
    ],
)
def test_default_bands(score, band):
    found = standings.standing(score)
    assert (found.name if found else None) == band


def test_every_default_band_recommends_an_action():
    assert [b.name for b in standings.BANDS] == ["Excellent", "Good", "Watch", "At risk"]
    assert all(len(b.action) > 20 for b in standings.BANDS)


def _band(name, low, high, action="Review at the MBR."):
    return {"name": name, "low": low, "high": high, "action": action}


@pytest.mark.parametrize(
    "rows, fragment",
    [
        ([_band("A", 50, 100), _band("B", 0, 40)], "leave a gap"),
        ([_band("A", 50, 100), _band("B", 0, 60)], "overlap"),
        ([_band("A", 50, 90), _band("B", 0, 50)], "cover 0 to 100"),
        ([_band("A", 50, 100), _band("B", 10, 50)], "cover 0 to 100"),
        ([_band("A", 50, 100), _band("A", 0, 50)], "declared twice"),
        ([_band("A", 50, 50), _band("B", 0, 50)], "must be below"),
        ([_band("A", 50, 100, action=""), _band("B", 0, 50)], "has no action"),
        ([_band("A", 50, 100) | {"colour": "red"}, _band("B", 0, 50)], "unknown key 'colour'"),
        ([], "at least one"),
    ],
)
def test_band_rules_are_validated_on_load(rows, fragment):
    with pytest.raises(InvalidInput, match=fragment):
        standings.load_bands(rows)


def test_custom_bands_load_in_any_order_and_are_used():
    bands = standings.load_bands([_band("Low", 0, 50), _band("High", 50, 100)])
    assert standings.standing(50, bands).name == "High"
    assert standings.standing(49.9, bands).name == "Low"
