"""No rupiah amount a buyer in Hong Kong reads stands alone: a signed-in buyer who chose
Hong Kong, with a fresh rate, walks basket → every checkout step → the order's page and
Oscar's order pages → the e-mails, and on each page (its header basket, flash messages and
all) every "Rp …" amount has its "≈ HK$…" right beside it. The pages' text is read as a
person reads it (markup stripped), so a price added later without {% price %} fails here.

An amount that is deliberately rupiah only (the bank transfer's unique code, no price) sits
in an element marked ``data-rupiah-only``."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from exchange.models import ExchangeRate
from payment.models import OrderPayment
from payment.services import payment_mark_succeeded
from tests.checkout.conftest import address_data, fill_basket
from tests.factories import ProductFactory, UserFactory
from tests.payment.localstripe import localstripe, stripe_settings  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")

RUPIAH = re.compile(r"Rp\s?\d[\d.]*")
CONVERTED_BESIDE = re.compile(r"\s*·\s*≈\s*HK\$\d")
# Elements whose text nobody reads as page text, and elements without an end tag.
UNREAD = {"script", "style", "template", "head"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ReadableText(HTMLParser):
    """The text a reader sees, without what is unread or marked rupiah-only."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0  # depth inside a skipped element

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.skipping or tag in UNREAD or "data-rupiah-only" in dict(attrs):
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag not in VOID and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def readable_text(html: str) -> str:
    parser = _ReadableText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.chunks).split())


def assert_every_rupiah_converted(text: str, where: str, *, at_least: int = 1) -> int:
    amounts = list(RUPIAH.finditer(text))
    alone = [
        text[max(0, found.start() - 60) : found.end() + 30]
        for found in amounts
        if not CONVERTED_BESIDE.match(text, found.end())
    ]
    assert not alone, f"{where}: rupiah without HK$ beside it: {alone}"
    assert len(amounts) >= at_least, f"{where}: {len(amounts)} rupiah amounts, expected {at_least}+"
    return len(amounts)


def page_checked(client: Client, url: str, where: str, *, at_least: int = 1) -> str:
    response = client.get(url)
    assert response.status_code == 200, (where, response.status_code)
    html = response.content.decode()
    assert_every_rupiah_converted(readable_text(html), where, at_least=at_least)
    return html


def email_checked(message, where: str, *, at_least: int = 1) -> None:
    assert_every_rupiah_converted(" ".join(message.body.split()), f"{where} (text)", at_least=at_least)
    (html, _type) = message.alternatives[0]
    assert_every_rupiah_converted(readable_text(html), f"{where} (HTML)", at_least=at_least)


def formset_data(formset, **changes_by_index) -> dict:
    """The basket page's formset as the browser posts it, with some fields changed."""
    data = {f"{formset.prefix}-{name}": value for name, value in formset.management_form.initial.items()}
    for index, form in enumerate(formset):
        data[f"{form.prefix}-id"] = form.instance.pk
        data[f"{form.prefix}-quantity"] = form.instance.quantity
        for name, value in changes_by_index.get(f"line{index}", {}).items():
            data[f"{form.prefix}-{name}"] = value
    return data


@pytest.fixture
def hong_kong_buyer(db):
    ExchangeRate.objects.create(currency="HKD", rate=Decimal("2000"), date=timezone.localdate())
    client = Client()
    client.force_login(UserFactory(email="rina@contoh.hk"))
    client.post(reverse("exchange:country-of-work"), {"country": "HK"})
    return client


@pytest.mark.parametrize("method", ["bank_transfer", "stripe_card"])
def test_every_rupiah_a_buyer_in_hong_kong_reads_has_hk_dollars_beside_it(
    hong_kong_buyer,
    two_producers,
    products,
    buyer_village,
    method,
    localstripe,  # noqa: F811 - the fixture imported above
    stripe_settings,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = hong_kong_buyer
    kerupuk, kerudung = products
    later = ProductFactory(seller=two_producers[0], title="Sirup Mangga", price=30000)
    fill_basket(client, (kerupuk, 2), (kerudung, 1), (later, 1))

    # The basket: each line's price and total, the total, the header's basket, and the flash
    # message of the additions ("Total keranjang Anda sekarang …").
    page = page_checked(client, reverse("basket:summary"), "basket", at_least=8)
    assert "Total keranjang Anda sekarang" in page
    # One more kerupuk and the syrup saved for later: the update's message, the saved item.
    formset = client.get(reverse("basket:summary")).context["formset"]
    lines = {form.instance.product_id: f"line{index}" for index, form in enumerate(formset)}
    changes = {lines[kerupuk.pk]: {"quantity": 3}, lines[later.pk]: {"save_for_later": "on"}}
    response = client.post(reverse("basket:summary"), formset_data(formset, **changes))
    assert response.status_code == 302
    page = page_checked(client, reverse("basket:summary"), "basket after an update", at_least=7)
    assert 'id="saved_basket_formset"' in page and "Rp\xa030.000" in page

    # Each checkout step (the address step shows no price today; it is read all the same).
    assert client.get(reverse("checkout:index"))["Location"].endswith(reverse("checkout:shipping-address"))
    page_checked(client, reverse("checkout:shipping-address"), "address step", at_least=0)
    response = client.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    assert response.status_code == 302, response.content.decode()[:2000]
    form = client.get(reverse("checkout:shipping-method")).context["form"]
    page_checked(client, reverse("checkout:shipping-method"), "delivery step", at_least=3)
    assert client.post(reverse("checkout:shipping-method"), dict(form.initial)).status_code == 302
    page_checked(client, reverse("checkout:payment-method"), "payment step", at_least=0)
    # From abroad the bank transfer is one of the Indonesian methods shown on request.
    choice = {"method": method, "metode_indonesia": "1"}
    assert client.post(reverse("checkout:payment-method"), choice).status_code == 302
    page_checked(client, reverse("checkout:preview"), "preview", at_least=7)
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(reverse("checkout:preview"))
    assert placed.status_code == 302
    order = Order.objects.get()
    assert order.country_of_work == "HK" and order.payment.method == method

    # The order's page with how to pay (the amount to transfer, or "Bayar … dengan kartu").
    page = page_checked(client, placed["Location"], "order page, unpaid", at_least=5)
    assert ('id="bank-transfer-instructions"' if method == "bank_transfer" else 'id="card-form"') in page
    (confirmation,) = mail.outbox
    email_checked(confirmation, "order confirmation", at_least=3)

    # Paid: the payment e-mail, the impact receipt and the money's state per producer.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payment_mark_succeeded(payment=OrderPayment.objects.get(order=order))
    (received,) = (message for message in mail.outbox if message.to == [order.email])
    email_checked(received, "payment received", at_least=2)
    page = page_checked(client, placed["Location"], "order page, paid", at_least=6)
    assert 'id="impact-receipt"' in page
    page_checked(client, reverse("customer:order", args=[order.number]), "account: order", at_least=6)
    page_checked(client, reverse("customer:order-list"), "account: orders")


def test_the_check_finds_a_rupiah_only_price():
    """The check itself: a price without its conversion, and one marked rupiah-only."""
    converted = 'Rp\xa025.000 <span class="price-converted">· ≈ HK$12,50 (kurs 1 Des)</span>'
    assert assert_every_rupiah_converted(readable_text(f"<p>{converted}</p>"), "converted") == 1
    with pytest.raises(AssertionError, match="Rp 7.000"):
        assert_every_rupiah_converted(readable_text(f"<p>{converted}</p><td>Rp\xa07.000</td>"), "alone")
    marked = f"<p>{converted} <small data-rupiah-only>kode Rp 123<br></small></p>"
    assert assert_every_rupiah_converted(readable_text(marked), "marked") == 1
