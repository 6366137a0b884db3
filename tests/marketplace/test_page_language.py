"""The main pages and e-mails read in one language (issue 14 item 11): in Indonesian, none of
the English Oscar and we left ("38 available", "Re-order all items", "1 products"); in
English, no Indonesian where it is wrong ("Villages Kenanga")."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.checkout.conftest import address_data, fill_basket
from tests.factories import UserFactory
from tests.factories.orders import order_with_lines
from tests.marketplace.language_pages import (
    ENGLISH,
    INDONESIAN_IN_ENGLISH,
    ORDER_STATUSES,
    visible_text,
    wrong_words,
)

pytestmark = pytest.mark.django_db


def _get(client, url, pages, name):
    response = client.get(url)
    assert response.status_code == 200, (name, url, response.status_code)
    pages[name] = response.content.decode()
    return response


def _shop_pages(client, products, buyer_village) -> dict[str, str]:
    pages: dict[str, str] = {}
    kerupuk, kerudung = products
    _get(client, "/", pages, "home")
    _get(client, reverse("customer:login"), pages, "sign in")
    _get(client, reverse("sellers:apply"), pages, "producer sign-up")
    _get(
        client,
        reverse("sellers:profile", kwargs={"slug": kerupuk.stockrecords.get().partner.seller_profile.slug}),
        pages,
        "producer",
    )
    _get(client, reverse("catalogue:index"), pages, "catalogue")
    _get(client, kerupuk.get_absolute_url(), pages, "product")
    review_form = reverse(
        "catalogue:reviews-add", kwargs={"product_slug": kerupuk.slug, "product_pk": kerupuk.pk}
    )
    _get(client, review_form, pages, "review form")
    fill_basket(client, (kerupuk, 2), (kerudung, 1))
    _get(client, reverse("basket:summary"), pages, "basket")
    _get(client, reverse("checkout:index"), pages, "checkout: who")
    client.post(reverse("checkout:index"), {"username": "siti@contoh.id", "options": "anonymous"})
    _get(client, reverse("checkout:shipping-address"), pages, "checkout: address")
    client.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    page = _get(client, reverse("checkout:shipping-method"), pages, "checkout: delivery")
    client.post(
        reverse("checkout:shipping-method"), {field.name: "delivery" for field in page.context["form"]}
    )
    _get(client, reverse("checkout:payment-method"), pages, "checkout: payment")
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    _get(client, reverse("checkout:preview"), pages, "checkout: preview")
    placed = client.post(reverse("checkout:preview"))
    _get(client, placed["Location"], pages, "order status")
    return pages


def _account_pages(client, products) -> dict[str, str]:
    pages: dict[str, str] = {}
    buyer = UserFactory(email="ani@contoh.id")
    order, _parts = order_with_lines((products[0], 1), user=buyer)
    client.force_login(buyer)
    _get(client, reverse("customer:order-list"), pages, "account orders")
    _get(client, reverse("customer:order", kwargs={"order_number": order.number}), pages, "account order")
    _get(client, reverse("customer:profile-view"), pages, "account")
    _get(client, reverse("customer:address-list"), pages, "address book")
    _get(client, reverse("customer:alerts-list"), pages, "stock alerts")
    client.logout()
    return pages


def _portal_pages(client, products) -> dict[str, str]:
    pages: dict[str, str] = {}
    seller = products[0].stockrecords.get().partner.seller_profile
    _order, parts = order_with_lines((products[0], 1))
    client.force_login(seller.user)
    for name in (
        "portal",
        "portal-products",
        "portal-orders",
        "portal-earnings",
        "portal-profile",
        "portal-product-new",
    ):
        _get(client, reverse(f"sellers:{name}"), pages, name)
    _get(client, reverse("sellers:portal-order", kwargs={"number": parts[0].number}), pages, "portal order")
    _get(
        client, reverse("sellers:portal-product-edit", kwargs={"pk": products[0].pk}), pages, "portal product"
    )
    client.logout()
    return pages


def _dashboard_pages(client, staff_user, products) -> dict[str, str]:
    from payment.services import payment_create

    pages: dict[str, str] = {}
    order, _parts = order_with_lines((products[0], 1))
    payment = payment_create(order=order, method_code="bank_transfer")
    seller = products[0].stockrecords.get().partner.seller_profile
    client.force_login(staff_user)
    for name, url in [
        ("dashboard payments", reverse("payment-dashboard:list")),
        ("dashboard COD blocks", reverse("cod-dashboard:list")),
        ("dashboard payment", reverse("payment-dashboard:detail", kwargs={"pk": payment.pk})),
        ("dashboard producers", reverse("sellers-dashboard:seller-list")),
        ("dashboard producer", reverse("sellers-dashboard:seller-detail", kwargs={"pk": seller.pk})),
        ("dashboard payouts", reverse("sellers-dashboard:payout-list")),
        ("dashboard orders", reverse("dashboard:order-list")),
        ("dashboard order", reverse("dashboard:order-detail", kwargs={"number": order.number})),
        ("dashboard products", reverse("dashboard:catalogue-product-list")),
        ("dashboard partners", reverse("dashboard:partner-list")),
        ("dashboard offers", reverse("dashboard:offer-list")),
        ("dashboard vouchers", reverse("dashboard:voucher-list")),
        ("dashboard reviews", reverse("dashboard:reviews-list")),
    ]:
        _get(client, url, pages, name)
    client.logout()
    return pages


def _mistakes(pages: dict[str, str], words: list[str]) -> list[str]:
    return [
        f"{name}: {found}" for name, html in pages.items() for found in wrong_words(visible_text(html), words)
    ]


def test_the_main_pages_and_emails_in_indonesian_have_no_english(
    client, products, buyer_village, staff_user, django_capture_on_commit_callbacks
):
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        pages = _shop_pages(client, products, buyer_village)
    pages |= _account_pages(client, products)
    pages |= _portal_pages(client, products)
    pages |= _dashboard_pages(client, staff_user, products)
    for message in mail.outbox:
        pages[f"e-mail {message.subject}"] = message.subject + "\n" + message.body
        pages |= {f"e-mail {message.subject} (html)": html for html, _type in message.alternatives}
    assert mail.outbox  # the buyer's order confirmation

    mistakes = _mistakes(pages, ENGLISH)
    assert not mistakes, "\n".join(mistakes)


def test_the_main_pages_in_english_have_no_wrong_indonesian(client, products, buyer_village):
    client.cookies["django_language"] = "en"
    pages = _shop_pages(client, products, buyer_village)

    mistakes = _mistakes(pages, INDONESIAN_IN_ENGLISH)
    assert not mistakes, "\n".join(mistakes)


def test_order_statuses_are_shown_in_indonesian(client, products, staff_user):
    pages = _account_pages(client, products) | _dashboard_pages(client, staff_user, products)

    assert _mistakes(pages, ORDER_STATUSES) == []
