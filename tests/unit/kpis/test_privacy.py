"""Small-cell suppression: a figure standing for fewer than k people reads "< k"."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from governance.errors import InvalidInput
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
    [(None, 5), ("10", 10), ("3", 3), ("not a number", 5)],
)
def test_k_comes_from_the_environment(monkeypatch, env, k):
    if env is not None:
        monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", env)
    assert privacy.threshold() == k
    assert privacy.label() == f"< {k}"


@pytest.mark.parametrize("env", ["2", "1", "0", "-4"])
def test_a_k_below_three_is_refused(monkeypatch, env):
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", env)
    with pytest.raises(InvalidInput, match="GOVERNANCE_SMALL_CELL_K .* Set it to 3 or more"):
        privacy.check_threshold()
    with pytest.raises(InvalidInput):
        privacy.label()


def _cells(rows):
    return pd.DataFrame(rows, columns=["vendor", "program", "early_leavers", "headcount"])


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    # Alpha's programs add up to its total (10 early leavers), which another output shows:
    # B alone withheld would be 10 - 8 = 2. The next smallest (C, 3 + 40 people) goes too, and
    # B + C = 5 >= k, so neither can be told from the total.
    frame = _cells(
        [
            ("Alpha", "A", 5, 80),
            ("Alpha", "B", 2, 30),
            ("Alpha", "C", 3, 40),
            ("Beta", "A", 9, 90),  # another vendor's programs are another total
        ]
    )
    mask = privacy.withheld(frame, ["early_leavers", "headcount"], ["vendor", "program"], 5)
    assert mask.tolist() == [False, True, True, False]


def test_complements_are_added_until_the_withheld_add_up_to_k():
    # B (1) and C (2) are both small, and 1 + 2 = 3 < 5: D (4, the next smallest) joins, 7 >= 5.
    frame = _cells([("V", "A", 20, 200), ("V", "B", 1, 50), ("V", "C", 2, 60), ("V", "D", 4, 70)])
    mask = privacy.withheld(frame, ["early_leavers", "headcount"], ["program"], 5)
    assert mask.tolist() == [False, True, True, True]


def test_zero_needs_no_complement_and_a_whole_group_may_go():
    zero = _cells([("V", "A", 0, 50), ("V", "B", 7, 60)])
    assert not privacy.withheld(zero, ["early_leavers"], ["program"], 5).any()
    # a small cell and a zero: the zero hides nothing (and a rate over no one reads "no data"
    # anyway), so the next smallest with people goes with it: 3 + 9 >= 5
    one = _cells([("V", "A", 0, 50), ("V", "B", 3, 60), ("V", "C", 9, 90)])
    assert privacy.withheld(one, ["early_leavers"], ["program"], 5).tolist() == [False, True, True]
    two = _cells([("V", "A", 1, 50), ("V", "B", 2, 60)])  # 1 + 2 < 5: both go, nothing left
    assert privacy.withheld(two, ["early_leavers"], ["program"], 5).tolist() == [True, True]


def test_without_a_breakdown_only_the_small_cells_go():
    frame = _cells([("V", None, 2, 50), ("W", None, 8, 60)])
    assert privacy.withheld(frame, ["early_leavers"], ["vendor"], 5).tolist() == [True, False]


def test_two_way_breakdowns_are_protected_along_both_totals():
    # program x site: the program totals and the site totals are both shown elsewhere. The
    # small cell (A, Cebu: 2) takes a complement in its program (A, Manila) and in its site
    # (B, Cebu); that one would be alone in program B (B's total minus B, Manila), so B, Manila
    # goes too, closing the square: every row and column then has two withheld cells.
    frame = pd.DataFrame(
        [
            ("V", "A", "Manila", 6),
            ("V", "A", "Cebu", 2),
            ("V", "B", "Manila", 7),
            ("V", "B", "Cebu", 8),
        ],
        columns=["vendor", "program", "site", "leavers"],
    )
    mask = privacy.withheld(frame, ["leavers"], ["vendor", "program", "site"], 5)
    assert mask.tolist() == [True, True, True, True]
    for _d, other in (("program", "site"), ("site", "program")):
        for _, group in frame[mask].groupby(other):
            withheld = group["leavers"].sum()
            assert withheld == 0 or withheld >= 5  # nothing small to recover from any total


def _quarter(rows):
    """A vendor's leavers by program (None: the vendor) and month (None: the quarter)."""
    return pd.DataFrame(rows, columns=["vendor", "program", "period", "leavers"])


def test_months_are_protected_against_the_quarter_and_the_programs_against_the_vendor():
    # Worked by hand. The vendor's July (2) and A's July (2) are small. July's column: the
    # vendor's total is withheld, A beside it will do. The vendor's months add up to its
    # quarter: August (6, the fewest with people) goes with July; A's months add up to A's
    # quarter: September (8; August is a zero and hides nothing) goes with July. August's column
    # then has the vendor withheld: B's August (6) goes with it. September's column has A
    # withheld and only a zero beside it, so the vendor's September goes. B's months then
    # have August alone beside zeros: B's quarter goes, and in the quarter's column A's quarter
    # with it (the vendor's 16 = A's + B's, both withheld).
    rows = [
        ("V", None, "Jul", 2),
        ("V", None, "Aug", 6),
        ("V", None, "Sep", 8),
        ("V", None, None, 16),
        ("V", "A", "Jul", 2),
        ("V", "A", "Aug", 0),
        ("V", "A", "Sep", 8),
        ("V", "A", None, 10),
        ("V", "B", "Jul", 0),
        ("V", "B", "Aug", 6),
        ("V", "B", "Sep", 0),
        ("V", "B", None, 6),
    ]
    mask = privacy.withheld(
        _quarter(rows), ["leavers"], ["program", "period"], 5, totals=["program", "period"]
    )
    shown = {(p, m) for (_, p, m, _), w in zip(rows, mask, strict=True) if not w}
    assert shown == {(None, None), ("A", "Aug"), ("B", "Jul"), ("B", "Sep")}
    # Every line (a total and its parts) keeps two unknowns: nothing is a shown total minus
    # shown parts, nor shown parts added up.
    value = {(p, m): v for _, p, m, v in rows}
    lines = [[(p, m) for p in (None, "A", "B")] for m in ("Jul", "Aug", "Sep", None)]
    lines += [[(p, m) for m in (None, "Jul", "Aug", "Sep")] for p in (None, "A", "B")]
    for line in lines:
        hidden = [c for c in line if c not in shown]
        assert len(hidden) != 1, line
        if line[0] in shown and hidden:
            assert sum(value[c] for c in hidden) >= 5, line


def test_without_totals_in_the_frame_the_rule_is_unchanged():
    frame = _quarter([("V", "A", "Jul", 2), ("V", "A", "Aug", 6), ("V", "A", "Sep", 8)])
    plain = privacy.withheld(frame, ["leavers"], ["period"], 5)
    assert plain.tolist() == [True, True, False]


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
            "VALUES (1, 'Tiny', DATE '2026-09-01', 100, 80, 3, 1), "
            "(1, 'Mid', DATE '2026-09-01', 100, 85, 40, 5), "
            "(1, 'Big', DATE '2026-09-01', 100, 90, 80, 6)"
        )
        frame = scorecard.breakdown(con, "Acme Care", "2026-09", "site")
    rows = {(r["site"], r["kpi"]): r for r in frame.to_dict("records")}
    # Tiny is small; Mid, the next smallest, is withheld with it (the sites add up to the
    # vendor's figure), and together they stand for 6 leavers and 43 people.
    for site in ("Tiny", "Mid"):
        assert rows[(site, "attrition")]["shown"] == "< 5" and pd.isna(
            rows[(site, "attrition")]["actual"]
        )
    assert rows[("Big", "attrition")]["actual"] == 6 / 80
    assert rows[("Tiny", "service_level")]["actual"] == 0.8  # not a people figure: shown
