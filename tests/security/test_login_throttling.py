"""django-axes: repeated wrong passwords lock one login name from one address out for a while."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _shop_login(client, username, password, *, address="203.0.113.7"):
    return client.post(
        "/accounts/login/",
        {"login-username": username, "login-password": password, "login_submit": "1"},
        REMOTE_ADDR=address,
    )


def _fail(client, username, times, **kwargs):
    """Wrong passwords: the form again with its error, until the attempt that reaches the limit."""
    statuses = [_shop_login(client, username, "salah-sekali", **kwargs).status_code for _ in range(times)]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * min(times, settings.AXES_FAILURE_LIMIT - 1)
    return statuses


def test_axes_backend_comes_first():
    assert settings.AUTHENTICATION_BACKENDS[0] == "marketplace.ratelimit.LoginThrottleBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client):
    user = UserFactory(email="ani@contoh.id")
    assert _fail(client, user.email, 5)[-1] == 429

    response = _shop_login(client, user.email, PASSWORD)

    assert response.status_code == 429
    assert "Coba lagi dalam 15 menit" in response.content.decode()
    # The shop's own page, not a bare line of text, and when to come back.
    assert response["Retry-After"] == "900"
    assert '<html lang="id"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="ani@contoh.id").exists()


def test_lockout_counts_the_account_whatever_name_or_case_is_typed(client):
    user = UserFactory(email="ani@contoh.id")
    statuses = [
        _shop_login(client, name, "salah-sekali").status_code
        for name in ("ANI@contoh.id", "Ani@Contoh.id", "ani@CONTOH.ID", "aNi@contoh.id", " ani@contoh.id ")
    ]
    assert statuses == [200, 200, 200, 200, 429]

    assert _shop_login(client, user.email, PASSWORD).status_code == 429


def test_lockout_is_per_name_and_address_so_others_are_not_locked_out(client):
    victim = UserFactory(email="ani@contoh.id")
    neighbour = UserFactory(email="budi@contoh.id")
    _fail(client, victim.email, 5, address="203.0.113.7")

    # Someone else behind the same carrier address still signs in,
    assert _shop_login(client, neighbour.email, PASSWORD, address="203.0.113.7").status_code == 302
    client.logout()
    # and the owner from her own phone is not locked out by a stranger's guesses.
    assert _shop_login(client, victim.email, PASSWORD, address="198.51.100.20").status_code == 302


def test_fewer_failures_than_the_limit_still_let_the_owner_in_and_reset_the_count(client):
    user = UserFactory(email="ani@contoh.id")
    _fail(client, user.email, 4)

    assert _shop_login(client, user.email, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="ani@contoh.id", failures_since_start__gt=0).exists()


def test_lockout_ends_after_the_cool_off(client):
    user = UserFactory(email="ani@contoh.id")
    _fail(client, user.email, 5)
    assert _shop_login(client, user.email, PASSWORD).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )

    assert _shop_login(client, user.email, PASSWORD).status_code == 302


@pytest.mark.parametrize("url", ["/cms/login/", "/django-admin/login/", "/dashboard/login/"])
def test_staff_logins_are_throttled_too(client, url):
    staff = UserFactory(username="staf", email="staf@contoh.id", is_staff=True, is_superuser=True)
    # Staff sign in by username; its letter case does not buy extra guesses.
    statuses = [
        client.post(url, {"username": name, "password": "salah"}, REMOTE_ADDR="203.0.113.9").status_code
        for name in ("staf", "STAF", "Staf", "staf", "sTaf")
    ]
    assert statuses == [200, 200, 200, 200, 429]

    response = client.post(url, {"username": staff.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429


def test_a_new_customer_is_signed_in_after_registering(client):
    # Oscar signs the new account in with authenticate() and no request.
    response = client.post(
        "/accounts/register/",
        {
            "email": "baru@contoh.id",
            "password1": "kata-sandi-panjang-99",
            "password2": "kata-sandi-panjang-99",
        },
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")
