"""The signed-in visitor's user row comes from the cache (marketplace.users): a logged-in
listing served from the shared page asks the database for no user, and whatever changes the
user (password, deactivation, name) shows on their very next request."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
LISTING = "catalogue:index"
PROFILE = "customer:profile-view"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _tables_read(client: Client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return " ".join(query["sql"] for query in queries)


def test_a_signed_in_listing_asks_the_database_for_no_user(product):
    url = reverse(LISTING)
    Client().get(url)  # the shared page
    buyer = _signed_in(UserFactory())
    assert "auth_user" in _tables_read(buyer, url)  # the first page loads the row, and keeps it
    with CaptureQueriesContext(connection) as queries:
        assert buyer.get(url)["X-Page-Cache"] == "hit, own parts"
    # The session's row alone (the tests keep sessions in the database, production in Redis).
    assert [q["sql"] for q in queries.captured_queries if "django_session" not in q["sql"]] == []
    assert buyer.get(url)["X-Page-Cache"] == "hit, own parts"


def test_a_changed_password_signs_out_the_other_sessions(product, django_capture_on_commit_callbacks):
    user = UserFactory()
    phone = _signed_in(user)
    assert phone.get(reverse(PROFILE)).status_code == 200  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        changed = User.objects.get(pk=user.pk)
        changed.set_password("sandi-baru-2026")
        changed.save()
    response = phone.get(reverse(PROFILE))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in phone.session


def test_a_deactivated_user_is_signed_out_on_their_next_request(product, django_capture_on_commit_callbacks):
    user = UserFactory()
    phone = _signed_in(user)
    assert phone.get(reverse(PROFILE)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        deactivated = User.objects.get(pk=user.pk)
        deactivated.is_active = False
        deactivated.save()
    response = phone.get(reverse(PROFILE))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_changed_name_shows_on_the_next_page(product, django_capture_on_commit_callbacks):
    user = UserFactory(first_name="Siti", last_name="Aminah")
    phone = _signed_in(user)
    assert "Siti Aminah" in phone.get(reverse(PROFILE)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        renamed = User.objects.get(pk=user.pk)
        renamed.first_name = "Sri"
        renamed.save()
    assert "Sri Aminah" in phone.get(reverse(PROFILE)).content.decode()


def test_two_buyers_never_get_each_others_row(product):
    url = reverse(PROFILE)
    siti, budi = UserFactory(email="siti@contoh.id"), UserFactory(email="budi@contoh.id")
    siti_phone, budi_phone = _signed_in(siti), _signed_in(budi)
    for _ in range(2):
        assert "siti@contoh.id" in siti_phone.get(url).content.decode()
        page = budi_phone.get(url).content.decode()
        assert "budi@contoh.id" in page and "siti@contoh.id" not in page
