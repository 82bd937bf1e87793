"""Amounts as people type them (governance.amounts): every separator style read to the exact
decimal a person means, and what cannot be read one way refused, never guessed. The old reading
(strip every comma) made a European "0,95" a price of 95."""

from __future__ import annotations

from decimal import Decimal

import pytest

from governance import amounts


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("0.95", "0.95"),
        ("0,95", "0.95"),  # a decimal comma: the lead 0 never starts a thousands group
        ("12,5", "12.5"),
        ("1,000", "1000"),
        ("12,500,000", "12500000"),
        ("1,234.50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("1.234.567", "1234567"),
        ("1 234,50", "1234.50"),
        ("1\u00a0234,50", "1234.50"),
        ("1'234.50", "1234.50"),
        ("(120.00)", "-120.00"),
        ("-48.00", "-48.00"),
        ("+3", "3"),
        (" 1348.00 ", "1348.00"),
        (".5", "0.5"),
        (1348, "1348"),
        (0.1, "0.1"),
        (Decimal("2.505"), "2.505"),
    ],
)
def test_each_way_of_writing_an_amount_reads_as_meant(typed, meant):
    assert amounts.parse(typed) == Decimal(meant)


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "abc", "1,2,3", "1.23.4", "1,23.456,7", "12 EUR", "€5", "1e3", "--5", True, ","],
)
def test_what_does_not_read_as_one_amount_is_refused(typed):
    with pytest.raises(ValueError):
        amounts.parse(typed)


def test_a_european_price_on_the_rate_card_and_an_invoice_line_is_the_amount_meant():
    from governance.contracts.spec import parse_money

    assert parse_money("0,95", "price") == Decimal("0.95")
    assert parse_money("5.000,00", "minimum") == Decimal("5000.00")
