from decimal import Decimal

import pytest

from console.domain.money import money


@pytest.mark.parametrize(
    ("amount", "currency", "words"),
    [
        (12500.5, "USD", "$12,500.50"),
        (Decimal("9000"), "EUR", "€9,000.00"),
        (48000, "GBP", "£48,000.00"),
        (250, "AUD", "A$250.00"),
        (1200, "CHF", "CHF 1,200.00"),
        (-75, "USD", "-$75.00"),
        (1000, "JPY", "1,000.00 JPY"),
    ],
)
def test_an_amount_reads_with_its_currency(amount, currency, words):
    assert money(amount, currency) == words
