"""The starter contracts: each is a valid contract as it stands (weights 100, critical credit
allocations within 100 %), in the industry's typical ranges (domain.md)."""

from __future__ import annotations

from datetime import date

import pytest

from governance.contracts import templates
from governance.errors import InvalidInput


@pytest.mark.parametrize("kind", ["voice", "chat", "email", "back_office"])
def test_a_starter_is_a_whole_contract(kind):
    spec = templates.starter(kind, vendor="V", start=date(2026, 3, 1))
    targets = spec["target"]
    assert sum(t["weight"] for t in targets) == 100
    assert sum(t.get("allocation_pct", 0) for t in targets if t.get("tier") == "critical") == 100
    assert spec["start"] == date(2026, 3, 1) and spec["end"] == date(2029, 2, 28)
    assert spec["at_risk_pct"] == 10.0 and spec["currency"] == "USD"
    assert len({t["kpi"] for t in targets}) == len(targets)


def test_the_voice_starter_has_the_usual_voice_levels():
    voice = {t["kpi"]: t for t in templates.starter("voice")["target"]}
    assert (voice["service_level"]["expected"], voice["service_level"]["minimum"]) == (0.80, 0.75)
    assert voice["abandon_rate"]["expected"] == 0.05
    assert 300 <= voice["aht"]["expected"] <= 600
    assert templates.starter("voice")["service_level"]["threshold_seconds"] == 20


@pytest.mark.parametrize("text", ["back-office", "Back office", "BACK_OFFICE"])
def test_kinds_are_read_as_people_write_them(text):
    assert templates.kind_of(text) == "back_office"


def test_an_unknown_kind_is_refused_naming_the_kinds():
    with pytest.raises(InvalidInput, match="use one of: voice, chat, email, back-office"):
        templates.starter("fax")
