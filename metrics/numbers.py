from decimal import Decimal


def plain(value):
    """A number as people write it: no exponent, no trailing zeros (29620, 16.1, -4)."""
    return f"{Decimal(value).normalize():f}"
