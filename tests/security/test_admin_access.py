"""Admin areas (Oscar's dashboard, Wagtail, Django admin, staff views) are for staff only."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STAFF_URLS = [
    "/dashboard/",
    "/dashboard/orders/",
    "/dashboard/users/",
    "/dashboard/produsen/",
    "/dashboard/pembayaran/",
    "/django-admin/",
    "/django-admin/auth/user/",
    "/cms/",
]


def _refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("url", STAFF_URLS)
def test_anonymous_visitors_are_sent_to_a_login(client, url):
    assert _refused(client.get(url)), url


@pytest.mark.parametrize("url", STAFF_URLS)
def test_buyers_are_refused(client, url):
    client.force_login(UserFactory())
    assert _refused(client.get(url)), url


@pytest.mark.parametrize("url", STAFF_URLS)
def test_producers_are_refused(client, seller, url):
    client.force_login(seller.user)
    assert _refused(client.get(url)), url


def test_impact_dashboard_is_refused_to_non_staff(client):
    client.force_login(UserFactory())
    assert _refused(client.get(reverse("impact:dashboard")))


@pytest.mark.parametrize("url", STAFF_URLS)
def test_staff_get_in(staff_client, url):
    response = staff_client.get(url, follow=True)
    assert response.status_code == 200, url
