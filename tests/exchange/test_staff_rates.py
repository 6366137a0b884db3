import datetime
from decimal import Decimal

import pytest

from exchange.models import ExchangeRate

pytestmark = pytest.mark.django_db


def test_staff_see_and_add_rates_in_the_cms(staff_client):
    ExchangeRate.objects.create(currency="HKD", rate=Decimal("2145.05"), date=datetime.date(2026, 12, 1))
    listing = staff_client.get("/cms/snippets/exchange/exchangerate/")
    assert listing.status_code == 200
    assert "2145" in listing.content.decode()
    response = staff_client.post(
        "/cms/snippets/exchange/exchangerate/add/",
        {"currency": "JPY", "rate": "108.1913", "date": "2026-12-01", "source": "Kurs Transaksi BI"},
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.get(currency="JPY").rate == Decimal("108.1913")


def test_one_rate_per_currency_and_day(staff_client):
    ExchangeRate.objects.create(currency="HKD", rate=Decimal("2145.05"), date=datetime.date(2026, 12, 1))
    response = staff_client.post(
        "/django-admin/exchange/exchangerate/add/",
        {"currency": "HKD", "rate": "2150", "date": "2026-12-01", "source": "manual"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert ExchangeRate.objects.get(currency="HKD").rate == Decimal("2145.05")
