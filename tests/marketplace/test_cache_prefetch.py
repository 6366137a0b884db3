"""A logged-in page reads its header's cache entries in one round trip
(marketplace.prefetch), and what the visitor changes still shows on their next page."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from oscar.core.loading import get_model

from tests.cache_reads import cache_reads
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Notification = get_model("communication", "Notification")


@pytest.fixture
def buyer_client(client):
    buyer = UserFactory(email="wati@contoh.id")
    client.force_login(buyer)
    client.buyer = buyer
    return client


def _cache_reads(client, url) -> list[list[str]]:
    response, reads = cache_reads(client, url)
    assert response.status_code == 200
    return reads


def test_the_header_of_a_logged_in_page_is_one_cache_read(buyer_client, products):
    url = reverse("catalogue:index")
    buyer_client.get(url)  # fills the cache
    reads = _cache_reads(buyer_client, url)
    header_reads = [
        keys for keys in reads if any("permissions" in k or "unread-notifications" in k for k in keys)
    ]
    assert len(header_reads) == 1, reads
    (header,) = header_reads
    assert any("unread-notifications" in key for key in header)
    assert any("version:listing" in key for key in header)
    # Without the prefetch these were three reads of six; with it, the search and the
    # cards are all that is left beside it and the visitor's own user row (marketplace.users,
    # read before the prefetch can know whose entries to read).
    assert len(reads) <= 4, reads


def test_a_new_notification_shows_on_the_next_page(
    buyer_client, products, django_capture_on_commit_callbacks
):
    url = reverse("catalogue:index")
    assert buyer_client.get(url).context["num_unread_notifications"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        Notification.objects.create(recipient=buyer_client.buyer, subject="Pesanan Anda dikirim")
    assert buyer_client.get(url).context["num_unread_notifications"] == 1


def test_a_permission_given_shows_on_the_next_page(
    buyer_client, products, django_capture_on_commit_callbacks
):
    url = reverse("catalogue:index")
    assert not buyer_client.get(url).context["perms"]["partner"]["dashboard_access"]
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.buyer.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    assert buyer_client.get(url).context["perms"]["partner"]["dashboard_access"]
