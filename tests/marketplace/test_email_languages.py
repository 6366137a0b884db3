"""Every e-mail in its reader's language (issue 14 item 3): the language they signed in,
signed up or switched to is kept, and mail sent later, from someone else's request, uses it."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from core.emails import user_language
from fulfilment.emails import send_new_order_to_producers
from sellers.services import seller_approve
from tests.factories import CooperativeFactory, SellerProfileFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

ProductAlert = get_model("customer", "ProductAlert")
PASSWORD = "rahasia-uji-123"


def _sign_in_in(client, user, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        "/accounts/login/",
        {"login-username": user.email, "login-password": PASSWORD, "login_submit": "1"},
    )
    assert response.status_code == 302


def test_signing_in_and_switching_language_are_remembered(client):
    ani = UserFactory(email="ani@contoh.id")
    assert user_language(ani) == "id"
    _sign_in_in(client, ani, "en")
    assert user_language(ani) == "en"

    client.post(reverse("set_language"), {"language": "id", "next": "/"})

    assert user_language(ani) == "id"


def test_producers_and_operators_each_get_the_new_order_in_their_language(client, product):
    seller = product.stockrecords.get().partner.seller_profile
    _sign_in_in(client, seller.user, "en")
    with translation.override("id"):
        operator = UserFactory(email="operator@contoh.id")  # signed up in Indonesian
    seller.cooperative = CooperativeFactory()
    seller.cooperative.operators.add(operator)
    seller.save()
    order, _parts = order_with_lines((product, 1))
    mail.outbox.clear()

    with translation.override("id"):  # sent from the buyer's Indonesian checkout
        send_new_order_to_producers(order.pk)

    subjects = {tuple(message.to): message.subject for message in mail.outbox}
    assert subjects[(seller.user.email,)].startswith("New order")
    assert subjects[(operator.email,)].startswith("Pesanan baru")


def test_the_approval_email_is_in_the_applicants_language(client, django_capture_on_commit_callbacks):
    applicant = UserFactory(email="penenun@contoh.id")
    _sign_in_in(client, applicant, "en")
    seller = SellerProfileFactory(user=applicant, status="applied")
    mail.outbox.clear()

    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        seller_approve(seller=seller)  # a staff member working in Indonesian

    (message,) = mail.outbox
    assert message.subject == "Congratulations, your producer registration has been approved"


def test_back_in_stock_emails_go_out_in_each_readers_language(client, seller):
    product = ProductFactory(seller=seller, title="Sirup Mangga", num_in_stock=0)
    reader = UserFactory(email="reader@contoh.id")
    _sign_in_in(client, reader, "en")
    ProductAlert.objects.create(product=product, user=reader, status=ProductAlert.ACTIVE)
    # A guest's alert: the language of their last order.
    order, _parts = order_with_lines((ProductFactory(seller=seller), 1), email="tamu@contoh.id")
    order.language = "en"
    order.save()
    for email in ("tamu@contoh.id", "budi@contoh.id"):
        ProductAlert.objects.create(product=product, email=email).confirm()
    mail.outbox.clear()

    with translation.override("id"):  # the producer restocks from the Indonesian portal
        stock = product.stockrecords.get()
        stock.num_in_stock = 5
        stock.save()

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "is back in stock" in bodies["reader@contoh.id"]
    assert "is back in stock" in bodies["tamu@contoh.id"]
    assert "Kabar baik: produk" in bodies["budi@contoh.id"]
