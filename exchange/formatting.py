"""Prices in the buyer's currency, written the way their language writes numbers (babel)."""

import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from exchange.countries import CURRENCIES

BABEL_LOCALES = {"id": "id_ID", "en": "en"}


def babel_locale(language: str | None) -> str:
    return BABEL_LOCALES.get((language or "id").split("-")[0].lower(), "id_ID")


def money_format(*, currency: str, amount: Decimal, language: str | None) -> str:
    """'HK$12,40' in Indonesian, 'HK$12.40' in English; '¥1.250' / '¥1,250' (no decimals).

    Our symbols, not CLDR's (which writes 'MYR' and 'JP¥' in Indonesian): the ones workers
    see on price tags where they live."""
    info = CURRENCIES[currency]
    decimals = "." + "0" * info.decimals if info.decimals else ""
    # The symbol is quoted so babel prints it as it is and only formats the number.
    symbol = info.symbol.replace("'", "''")
    return format_decimal(amount, format=f"'{symbol}'#,##0{decimals}", locale=babel_locale(language))


def rate_date_format(*, date: datetime.date, language: str | None) -> str:
    """'1 Des' / '1 Dec': short, as beside a price."""
    return format_date(date, "d MMM", locale=babel_locale(language))
