from decimal import Decimal


def rupiah_digits(amount) -> str:
    """Whole rupiah with Indonesian thousands dots: 1250000 -> '1.250.000'."""
    return f"{Decimal(amount):,.0f}".replace(",", ".")
