"""The countries where the program's migrant workers work, and what their money looks like.

Data, not logic: which currency each country pays in, the symbol workers there read on a
price tag, and how many decimals prices are written with there (not always ISO 4217's: a
price in Taiwan is written in whole NT$, though the ISO currency has cents).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Currency:
    code: str  # ISO 4217
    symbol: str  # as printed in front of the amount, with its space if it takes one
    decimals: int


@dataclass(frozen=True)
class CountryOfWork:
    code: str  # ISO 3166-1 alpha-2
    name: str
    currency: Currency
    time_zones: tuple[str, ...]


IDR = Currency("IDR", "Rp\u00a0", 0)
CURRENCIES = {
    currency.code: currency
    for currency in (
        IDR,
        Currency("HKD", "HK$", 2),
        Currency("TWD", "NT$", 0),
        Currency("MYR", "RM", 2),
        Currency("SGD", "S$", 2),
        # Workers in Saudi Arabia read the Latin code on remittance counters; "ر.س" is not
        # what an Indonesian reads at a glance.
        Currency("SAR", "SAR\u00a0", 2),
        Currency("KRW", "₩", 0),
        Currency("JPY", "¥", 0),
    )
}

# In the order Bank Indonesia's remittance figures rank them, Indonesia (home) first.
COUNTRIES_OF_WORK = {
    country.code: country
    for country in (
        CountryOfWork(
            "ID",
            _("Indonesia"),
            IDR,
            ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"),
        ),
        CountryOfWork("SA", _("Arab Saudi"), CURRENCIES["SAR"], ("Asia/Riyadh",)),
        CountryOfWork("MY", _("Malaysia"), CURRENCIES["MYR"], ("Asia/Kuala_Lumpur", "Asia/Kuching")),
        CountryOfWork("TW", _("Taiwan"), CURRENCIES["TWD"], ("Asia/Taipei",)),
        CountryOfWork("HK", _("Hong Kong"), CURRENCIES["HKD"], ("Asia/Hong_Kong",)),
        CountryOfWork("SG", _("Singapura"), CURRENCIES["SGD"], ("Asia/Singapore",)),
        CountryOfWork("KR", _("Korea Selatan"), CURRENCIES["KRW"], ("Asia/Seoul",)),
        CountryOfWork("JP", _("Jepang"), CURRENCIES["JPY"], ("Asia/Tokyo",)),
    )
}
HOME_COUNTRY = "ID"
FOREIGN_CURRENCY_CODES = tuple(code for code in CURRENCIES if code != IDR.code)
