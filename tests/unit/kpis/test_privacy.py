"""Small-cell suppression: a figure standing for fewer than k people reads "< k"."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from governance.kpis import privacy


@pytest.mark.parametrize(
    ("count", "k", "small"),
    [
        (5, 5, False),  # exactly k: shown
        (4, 5, True),  # k − 1: suppressed
        (1, 5, True),
        (0, 5, False),  # zero people: nobody to infer
        (None, 5, False),
        (math.nan, 5, False),
        (4.6, 5, True),  # an average headcount below k
        (10, 11, True),
        (11, 11, False),
    ],
)
def test_is_small_at_the_k_boundary(count, k, small):
    assert privacy.is_small(count, k) is small


@pytest.mark.parametrize(
    ("env", "k"),
    [(None, 5), ("10", 10), ("3", 3), ("0", 1), ("not a number", 5)],
)
def test_k_comes_from_the_environment(monkeypatch, env, k):
    if env is not None:
        monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", env)
    assert privacy.threshold() == k
    assert privacy.label() == f"< {k}"


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "site": ["Cebu", "Bogota", "Leeds", "Quiet"],
            "leavers": [5, 4, 12, 0],
            "headcount": [120.0, 90.0, 3.0, 40.0],
            "attrition": [5 / 120, 4 / 90, 12 / 3, 0.0],
        }
    )


def test_suppress_masks_the_counts_and_the_figures_built_on_them():
    out = privacy.suppress(frame(), ["leavers", "headcount"], figures=["attrition"])
    assert out["leavers"].tolist() == [5, "< 5", "< 5", 0]
    assert out["headcount"].tolist() == [120.0, "< 5", "< 5", 40.0]
    assert out["attrition"].tolist()[0] == pytest.approx(5 / 120)
    assert out["attrition"].tolist()[1:3] == ["< 5", "< 5"]
    assert out["site"].tolist() == ["Cebu", "Bogota", "Leeds", "Quiet"]  # dimensions untouched


def test_suppress_leaves_the_input_alone_and_follows_the_environment(monkeypatch):
    original = frame()
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", "13")
    out = privacy.suppress(original, "leavers")
    assert out["leavers"].tolist() == ["< 13", "< 13", "< 13", 0]
    assert original["leavers"].tolist() == [5, 4, 12, 0]
    assert privacy.suppress(original, "leavers", k=4)["leavers"].tolist() == [5, 4, 12, 0]


def test_suppress_names_a_missing_column():
    with pytest.raises(KeyError, match="leavers_total"):
        privacy.suppress(frame(), "leavers_total")


def test_the_people_kpis_are_those_built_on_headcount_components():
    assert set(privacy.PEOPLE_KPIS) >= {"attrition", "early_attrition", "training_completion"}
    assert "service_level" not in privacy.PEOPLE_KPIS
    assert "csat" not in privacy.PEOPLE_KPIS


@pytest.mark.parametrize(
    ("line", "small"),
    [
        ({"kpi": "attrition", "numerator": 4.0, "denominator": 200.0}, True),
        ({"kpi": "attrition", "numerator": 5.0, "denominator": 200.0}, False),
        ({"kpi": "early_attrition", "numerator": 0.0, "denominator": 3.0}, True),
        ({"kpi": "service_level", "numerator": 2.0, "denominator": 3.0}, False),  # not people
        ({"kpi": "attrition", "numerator": None, "denominator": None}, False),  # no data
    ],
)
def test_a_scorecard_line_is_small_when_its_people_counts_are(line, small):
    assert privacy.small_line(line) is small


def test_the_scorecard_breakdown_withholds_people_figures_of_small_sites(tmp_path):

    from governance.access import vendors
    from governance.access.actors import Actor
    from governance.scoring import scorecard
    from governance.store import db
    from tests.integration import contract_builders as cb

    with db.connect(tmp_path / "g.duckdb") as con:
        actor = Actor("a", "admin")
        vendors.add_vendors(con, actor, ["Acme Care"])
        cb.create(
            con,
            cb.contract(
                "Acme Care",
                targets=[
                    cb.target("service_level", 0.80, 0.75, 50),
                    cb.target("attrition", 0.05, 0.08, 50),
                ],
            ),
        )
        con.execute(
            "INSERT INTO kpi_facts (vendor_id, site, date, offered, answered_within_sl, headcount, leavers) "
            "VALUES (1, 'Tiny', DATE '2026-09-01', 100, 80, 3, 1), (1, 'Big', DATE '2026-09-01', 100, 90, 80, 6)"
        )
        frame = scorecard.breakdown(con, "Acme Care", "2026-09", "site")
    rows = {(r["site"], r["kpi"]): r for r in frame.to_dict("records")}
    assert rows[("Tiny", "attrition")]["shown"] == "< 5" and pd.isna(
        rows[("Tiny", "attrition")]["actual"]
    )
    assert rows[("Big", "attrition")]["actual"] == 6 / 80
    assert rows[("Tiny", "service_level")]["actual"] == 0.8  # not a people figure: shown
