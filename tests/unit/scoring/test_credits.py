"""Service-credit rules as tables (domain.md, "Service credits"), independent of any database."""

from __future__ import annotations

import pytest

from governance.scoring import credits


@pytest.mark.parametrize(
    "invoice, pct, allocation, category, at_risk, credit",
    [
        (100_000, 10, 40, 50, 10_000, 2_000),  # domain.md's worked example
        (100_000, 10, 40, None, 10_000, 4_000),  # pool-less: allocation × at-risk
        (123_456.78, 12, 35, None, 14_814.81, 5_185.18),  # cents, rounded half up
        (0, 10, 50, None, 0, 0),
    ],
)
def test_credit_for_a_level_in_default(invoice, pct, allocation, category, at_risk, credit):
    risk = credits.at_risk_amount(invoice, pct)
    assert risk == pytest.approx(at_risk)
    assert credits.credit_amount(risk, allocation, category) == pytest.approx(credit)


def test_no_invoice_no_at_risk_amount():
    assert credits.at_risk_amount(None, 10) is None


@pytest.mark.parametrize(
    "amounts, cap, capped",
    [
        ([2_000, 3_000], 10_000, [2_000, 3_000]),  # under the cap: unchanged
        ([5_000, 5_000], 10_000, [5_000, 5_000]),  # exactly the cap
        # scaled by 10,000 / 15,000; the rounding remainder (a cent) goes to the largest
        ([5_000, 3_500, 3_500, 3_000], 10_000, [3_333.34, 2_333.33, 2_333.33, 2_000.0]),
        ([10_000, 10_000, 10_000], 10_000, [3_333.34, 3_333.33, 3_333.33]),
        ([], 10_000, []),
    ],
)
def test_the_months_credits_are_capped_at_the_at_risk_amount(amounts, cap, capped):
    got = credits.apply_cap(amounts, cap)
    assert got == pytest.approx(capped)
    assert sum(got) == pytest.approx(min(sum(amounts), cap))


@pytest.mark.parametrize(
    "status, misses, needed, why",
    [
        ("default", 0, 4, "default"),
        ("below_target", 4, 4, "repeated_miss"),
        ("below_target", 5, 4, "repeated_miss"),
        ("below_target", 3, 4, None),
        ("below_target", 2, 2, "repeated_miss"),  # configurable per contract
        ("met", 6, 4, None),
        ("no_data", 6, 4, None),
    ],
)
def test_what_counts_as_a_default(status, misses, needed, why):
    assert credits.counts_as_default(status, misses, needed) == why


@pytest.mark.parametrize(
    "following, windows, status",
    [
        (["met", "met", "met"], 3, "earned_back"),
        (["met", "met"], 3, "pending_earn_back"),
        ([], 3, "pending_earn_back"),
        (["met", "below_target"], 3, "final"),
        (["default"], 3, "final"),
        (["met", "no_data"], 3, "final"),  # no data in a covered window does not meet expected
        (["met", None], 3, "final"),  # the target or contract ended
        (["met", "met", "met", "default"], 3, "earned_back"),  # only the next N count
        (["met"], 0, "final"),  # no earn-back in the contract
    ],
)
def test_earn_back(following, windows, status):
    assert credits.earn_back_status(following, windows) == status
