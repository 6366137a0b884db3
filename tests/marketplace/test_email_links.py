"""Every e-mail links to the shop's own public address (SHOP_URL) and nowhere else: password
resets named example.com (Django's Site), order and portal e-mails localhost:8000."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from checkout.emails import send_order_confirmation
from fulfilment.emails import send_new_order_to_producers
from marketplace.sites import site_sync
from payment.services import payment_create
from sellers.services import send_status_email
from tests.factories import UserFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

SHOP = "https://pasar.example.id"
LINK = re.compile(r"""https?://[^\s"'<>]+""")


@pytest.fixture
def public_shop(settings):
    settings.SHOP_URL = SHOP
    settings.OSCAR_URL_SCHEMA = "https"  # as the settings derive it from SHOP_URL
    site_sync()  # what `migrate` does with this SHOP_URL
    yield
    settings.SHOP_URL = "http://localhost:8000"
    site_sync()


def _links(message) -> list[str]:
    bodies = [message.body, *(content for content, _type in getattr(message, "alternatives", []))]
    return [link for body in bodies for link in LINK.findall(body)]


def _foreign_links(messages) -> list[str]:
    # Doctypes (www.w3.org) and Oscar's microdata types (schema.org) are names, not links.
    return [
        link
        for message in messages
        for link in _links(message)
        if not link.startswith(SHOP + "/") and not re.match(r"https?://(www\.w3\.org|schema\.org)/", link)
    ]


def test_order_producer_and_portal_emails_link_only_to_the_shop(public_shop, product, seller):
    order, _parts = order_with_lines((product, 1))
    payment_create(order=order, method_code="bank_transfer")
    send_order_confirmation(order.pk)
    send_new_order_to_producers(order.pk)
    seller.user = UserFactory(username="produsen", email="produsen@contoh.id")
    seller.save()
    send_status_email(seller_id=seller.pk)
    assert len(mail.outbox) >= 3
    assert all(_links(message) for message in mail.outbox)
    assert _foreign_links(mail.outbox) == []


def test_a_password_reset_links_to_the_shop_and_works_end_to_end(public_shop, client):
    UserFactory(username="ani", email="ani@contoh.id")
    response = client.post(reverse("password-reset"), {"email": "ani@contoh.id"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert _foreign_links([message]) == []
    (link,) = {link for link in _links(message) if "/password-reset/confirm/" in link}
    confirm = client.get(link.removeprefix(SHOP), follow=True)
    assert confirm.status_code == 200
    new_password = "Kerupuk-Renyah-2026"
    done = client.post(
        confirm.redirect_chain[-1][0] if confirm.redirect_chain else link.removeprefix(SHOP),
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert client.login(username="ani@contoh.id", password=new_password)
