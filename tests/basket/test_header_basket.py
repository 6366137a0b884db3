"""The basket in every page's header (its total, its drop-down of lines), the dashboard link and
the notification count are cached per visitor and shown fresh after every change to what they
show: lines, prices, login merges, group permissions, notifications.

Changes commit inside django_capture_on_commit_callbacks(execute=True): a new version of a
visitor's fragments starts when the change commits, as it does in the shop.
"""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Notification = get_model("communication", "Notification")
CATALOGUE = "/catalogue/"
MINI_TOTAL = re.compile(r'class="header-basket__total">([^<]*)</span>')
BASKET_COUNT = re.compile(r'class="header-basket__count">(\d+)<')


def _header(client, url=CATALOGUE) -> tuple[str, str]:
    """(the header basket's total, its count of items: "" for an empty basket)"""
    html = client.get(url).content.decode()
    count = BASKET_COUNT.search(html)
    return MINI_TOTAL.search(html).group(1), count.group(1) if count else ""


def _add(client, product, capture, quantity=1):
    with capture(execute=True):
        response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


@pytest.fixture
def buyer_client(client):
    client.force_login(UserFactory(username="pembeli", email="pembeli@contoh.id"))
    return client


def test_logged_in_header_follows_every_change_to_the_basket(
    buyer_client, product, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert _header(buyer_client) == ("Rp\xa00", "")
    _add(buyer_client, product, capture)
    assert _header(buyer_client) == ("Rp\xa025.000", "1")

    line = Basket.objects.get(owner__username="pembeli").lines.get()
    with capture(execute=True):
        line.quantity = 2
        line.save()
    assert _header(buyer_client) == ("Rp\xa050.000", "2")

    with capture(execute=True):  # the producer changes the price: the catalogue changed
        stockrecord = product.stockrecords.get()
        stockrecord.price = Decimal("30000")
        stockrecord.save()
    assert _header(buyer_client)[0] == "Rp\xa060.000"

    with capture(execute=True):
        line.delete()
    assert _header(buyer_client) == ("Rp\xa00", "")


def test_an_unchanged_basket_is_not_loaded_again(buyer_client, product, django_capture_on_commit_callbacks):
    _add(buyer_client, product, django_capture_on_commit_callbacks)
    buyer_client.get(CATALOGUE)  # shows the "added to your basket" message, which loads the basket
    first = buyer_client.get(CATALOGUE).content.decode()  # renders the header's basket once
    with CaptureQueriesContext(connection) as queries:
        second = buyer_client.get(CATALOGUE).content.decode()
    assert not [q["sql"] for q in queries.captured_queries if "basket_" in q["sql"] or "offer_" in q["sql"]]
    assert MINI_TOTAL.search(second).group(1) == MINI_TOTAL.search(first).group(1) == "Rp\xa025.000"


def test_each_visitor_sees_only_their_own_basket(product, django_capture_on_commit_callbacks):
    anonymous, other = Client(), Client()
    _add(anonymous, product, django_capture_on_commit_callbacks, quantity=3)
    assert _header(anonymous)[0] == "Rp\xa075.000"
    other.force_login(UserFactory(username="tetangga"))
    assert _header(other)[0] == "Rp\xa00"
    assert _header(Client())[0] == "Rp\xa00"


def test_a_basket_from_before_login_is_merged_and_shown(client, product, django_capture_on_commit_callbacks):
    _add(client, product, django_capture_on_commit_callbacks)
    assert "oscar_open_basket" in client.cookies
    client.force_login(UserFactory(username="pembeli"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(CATALOGUE)
    assert MINI_TOTAL.search(response.content.decode()).group(1) == "Rp\xa025.000"
    assert response.cookies["oscar_open_basket"].value == ""  # merged: the cookie is deleted
    assert _header(client)[0] == "Rp\xa025.000"
    assert Basket.objects.get(owner__username="pembeli", status=Basket.OPEN).num_items == 1


def test_a_submitted_basket_leaves_the_header(buyer_client, product, django_capture_on_commit_callbacks):
    _add(buyer_client, product, django_capture_on_commit_callbacks)
    assert _header(buyer_client)[0] == "Rp\xa025.000"
    with django_capture_on_commit_callbacks(execute=True):
        Basket.objects.get(owner__username="pembeli").submit()
    assert _header(buyer_client)[0] == "Rp\xa00"


def test_dashboard_link_follows_group_and_permission_changes(client, django_capture_on_commit_callbacks):
    user = UserFactory(username="koperasi")
    client.force_login(user)
    dashboard = f'href="{reverse("dashboard:index")}"'
    assert dashboard not in client.get(CATALOGUE).content.decode()

    group = Group.objects.create(name="Pengurus koperasi")
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.add(group)
    assert dashboard not in client.get(CATALOGUE).content.decode()  # the group has no permission yet

    access = Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    with django_capture_on_commit_callbacks(execute=True):
        group.permissions.add(access)
    assert dashboard in client.get(CATALOGUE).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        user.groups.remove(group)
    assert dashboard not in client.get(CATALOGUE).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        user.user_permissions.add(access)
    assert dashboard in client.get(CATALOGUE).content.decode()


def test_unread_notification_count_follows_the_inbox(buyer_client, django_capture_on_commit_callbacks):
    buyer = get_user_model().objects.get(username="pembeli")
    inbox = f'href="{reverse("customer:notifications-inbox")}"'
    assert inbox not in buyer_client.get(CATALOGUE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        notification = Notification.objects.create(recipient=buyer, subject="Pesanan Anda sudah dikirim")
    html = buyer_client.get(CATALOGUE).content.decode()
    assert inbox in html and '<span class="badge badge-warning">1</span>' in html
    with django_capture_on_commit_callbacks(execute=True):
        notification.date_read = timezone.now()
        notification.save()
    assert inbox not in buyer_client.get(CATALOGUE).content.decode()
