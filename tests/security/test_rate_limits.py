"""Rate limits per client address on sign-up, login and search (marketplace.ratelimit)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from marketplace.ratelimit import client_ip

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings):
    limits = {scope: {**rule, "limit": 3} for scope, rule in settings.RATE_LIMITS.items()}
    settings.RATE_LIMITS = limits
    return limits


def test_seller_sign_up_is_limited_per_address(client, tight_limits):
    url = reverse("sellers:apply")
    statuses = [client.post(url, {"email": "x"}, REMOTE_ADDR="203.0.113.5").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]  # the form with its errors, three times
    limited = client.post(url, {"email": "x"}, REMOTE_ADDR="203.0.113.5")
    assert int(limited["Retry-After"]) > 0
    # Another address is not held back, and merely looking at the form is not counted.
    assert client.post(url, {"email": "x"}, REMOTE_ADDR="198.51.100.1").status_code == 200
    assert client.get(url, REMOTE_ADDR="203.0.113.5").status_code == 200


def test_customer_registration_shares_the_sign_up_limit(client, tight_limits):
    for _ in range(3):
        client.post(reverse("sellers:apply"), {"email": "x"}, REMOTE_ADDR="203.0.113.5")
    response = client.post(reverse("customer:register"), {"email": "x"}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429


def test_choosing_a_region_without_javascript_is_not_counted_as_a_sign_up(client, tight_limits):
    from regions.forms import REFRESH_FIELD

    url = reverse("sellers:apply")
    for _ in range(5):
        assert client.post(url, {REFRESH_FIELD: "province"}, REMOTE_ADDR="203.0.113.5").status_code == 200


def test_search_is_limited_per_address(client, tight_limits, product):
    statuses = [
        client.get("/search/", {"q": "kerupuk"}, REMOTE_ADDR="203.0.113.5").status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/search/", {"q": "kerupuk"}, REMOTE_ADDR="198.51.100.1").status_code == 200


def test_login_posts_are_limited_per_address(client, tight_limits):
    statuses = [
        client.post(
            "/accounts/login/",
            {"login-username": f"orang{n}@contoh.id", "login-password": "x", "login_submit": "1"},
            REMOTE_ADDR="203.0.113.5",
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_default_limits_leave_room_for_people_sharing_a_carrier_address(settings):
    assert settings.RATE_LIMITS["search"]["limit"] / settings.RATE_LIMITS["search"]["period"] >= 1
    assert settings.RATE_LIMITS["signup"]["limit"] >= 10


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),  # no proxy: the header is the client's own words
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged entry on the left is ignored
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (1, "", "10.0.0.2"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_the_limit_page_is_the_shops_page_in_indonesian(client, tight_limits):
    for _ in range(3):
        client.get("/search/", {"q": "kerupuk"}, REMOTE_ADDR="203.0.113.5")
    response = client.get("/search/", {"q": "kerupuk"}, REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<html lang="id"' in page and reverse("basket:summary") in page  # the shop's layout
    assert "Terlalu banyak permintaan" in page and "Coba lagi dalam 1 menit" in page


def test_login_posts_from_one_carrier_address_for_many_accounts_are_not_cut_off(client, settings):
    # Phones behind carrier NAT share one address; axes guards each account's password.
    assert settings.RATE_LIMITS["login"]["limit"] >= 300 and settings.RATE_LIMITS["login"]["period"] <= 600
    statuses = {
        client.post(
            "/accounts/login/",
            {"login-username": f"orang{n}@contoh.id", "login-password": "x", "login_submit": "1"},
            REMOTE_ADDR="203.0.113.5",
        ).status_code
        for n in range(40)
    }
    assert statuses == {200}
