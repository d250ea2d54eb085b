"""Amounts of money as people read them: with their currency, never a bare number."""

from __future__ import annotations

from decimal import Decimal

# The currencies a campaign may report deals in, with the sign a sales team writes.
CURRENCIES = {
    "USD": "$",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "GBP": "£",
    "EUR": "€",
    "CHF": "CHF ",
    "SGD": "S$",
    "INR": "₹",
}
DEFAULT_CURRENCY = "USD"


def money(amount: Decimal | float | int, currency: str = DEFAULT_CURRENCY) -> str:
    """'$12,500.50', '€9,000.00'; a currency without a sign reads '12,500.50 JPY'."""
    figure = f"{Decimal(str(amount)):,.2f}"
    sign = CURRENCIES.get(currency)
    if sign is None:
        return f"{figure} {currency}"
    return f"-{sign}{figure[1:]}" if figure.startswith("-") else f"{sign}{figure}"
