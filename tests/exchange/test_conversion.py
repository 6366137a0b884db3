import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from exchange.formatting import money_format
from exchange.models import ExchangeRate
from exchange.selectors import idr_to, rate_current

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def rate(currency, value, days_old=1):
    return ExchangeRate.objects.create(
        currency=currency, rate=Decimal(value), date=TODAY - datetime.timedelta(days=days_old)
    )


def test_current_rate_is_the_newest():
    rate("HKD", "2100", days_old=3)
    newest = rate("HKD", "2145.05", days_old=1)
    rate("TWD", "530", days_old=0)
    assert rate_current(currency="HKD") == newest
    assert rate_current(currency="SGD") is None


def test_a_rate_older_than_a_week_converts_nothing(settings):
    rate("HKD", "2145.05", days_old=8)
    assert idr_to(currency="HKD", amount=25000) is None
    rate("HKD", "2140", days_old=7)
    assert idr_to(currency="HKD", amount=25000) == Decimal("11.68")
    settings.EXCHANGE_RATE_MAX_AGE_DAYS = 6
    assert idr_to(currency="HKD", amount=25000) is None


@pytest.mark.parametrize(
    "currency, value, amount, expected",
    [
        ("HKD", "2145.05", 25000, Decimal("11.65")),
        ("TWD", "530.0450", 25000, Decimal("47")),  # whole NT$, as prices are written in Taiwan
        ("MYR", "3978.385", 187500, Decimal("47.13")),
        ("SGD", "12876.81", 25000, Decimal("1.94")),
        ("SAR", "4447.275", 25000, Decimal("5.62")),
        ("KRW", "11.4644", 25000, Decimal("2181")),
        ("JPY", "108.1913", 25000, Decimal("231")),
    ],
)
def test_conversion_rounds_as_each_currency_is_written(currency, value, amount, expected):
    rate(currency, value)
    converted = idr_to(currency=currency, amount=amount)
    assert converted == expected
    assert converted.as_tuple().exponent == expected.as_tuple().exponent


def test_no_conversion_to_rupiah_or_unknown_currencies():
    assert idr_to(currency="IDR", amount=25000) is None
    assert idr_to(currency="USD", amount=25000) is None


@pytest.mark.parametrize(
    "currency, amount, indonesian, english",
    [
        ("HKD", "1234.5", "HK$1.234,50", "HK$1,234.50"),
        ("TWD", "1234", "NT$1.234", "NT$1,234"),
        ("MYR", "47.13", "RM47,13", "RM47.13"),
        ("SGD", "1.94", "S$1,94", "S$1.94"),
        ("SAR", "5.62", "SAR\u00a05,62", "SAR\u00a05.62"),
        ("KRW", "21810", "₩21.810", "₩21,810"),
        ("JPY", "2310", "¥2.310", "¥2,310"),
    ],
)
def test_money_is_written_in_the_buyers_language(currency, amount, indonesian, english):
    assert money_format(currency=currency, amount=Decimal(amount), language="id") == indonesian
    assert money_format(currency=currency, amount=Decimal(amount), language="en") == english


def render(price, currency):
    template = Template("{% load exchange_tags %}{{ price|in_currency:currency }}")
    return template.render(Context({"price": price, "currency": currency}))


def test_filter_shows_the_converted_price_with_the_rate_date():
    rate("HKD", "2145.05", days_old=1)
    with translation.override("id"):
        assert render(Decimal("25000"), "HKD") == "≈ HK$11,65 (kurs 1 Des)"
    with translation.override("en"):
        assert render(Decimal("25000"), "HKD") == "≈ HK$11.65 (rate 1 Dec)"


def test_filter_hides_what_it_cannot_convert_honestly():
    rate("HKD", "2145.05", days_old=10)
    assert render(Decimal("25000"), "HKD") == ""  # stale
    assert render(Decimal("25000"), "IDR") == ""  # at home
    assert render(None, "HKD") == ""
    assert render("bukan harga", "HKD") == ""
