from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from fulfilment.models import SellerOrder
from payment.models import OrderPayment
from tests.checkout.conftest import address_data, checkout_as_guest, fill_basket
from tests.factories.shipping import courier_rate, flat_rates

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


def test_guest_buys_from_two_producers_by_bank_transfer(
    client, products, two_producers, buyer_village, django_capture_on_commit_callbacks
):
    kerupuk, kerudung = products
    first, second = two_producers
    # A cheaper row for the buyer's own kabupaten wins over the province's Rp 20.000 fallback.
    destination = buyer_village.district.regency
    courier_rate(
        origin=first.village.district.regency,
        province=destination.province,
        regency=destination,
        first_kg=15000,
    )
    fill_basket(client, (kerupuk, 2), (kerudung, 1))

    with django_capture_on_commit_callbacks(execute=True):
        response = checkout_as_guest(client, buyer_village, shipping={str(second.pk): "pickup"})
    assert response.status_code == 302

    order = Order.objects.get()
    assert order.guest_email == "siti@contoh.id"
    assert order.shipping_address.village == buyer_village
    assert order.shipping_address.phone_number == "+6281298765432"
    parts = {so.seller: so for so in order.seller_orders.all()}
    assert parts[first].lines_total == Decimal("50000") and parts[first].shipping_charge == Decimal("15000")
    assert parts[second].lines_total == Decimal("125000") and parts[second].shipping_charge == 0
    assert "Balai desa Waled" in parts[second].shipping_method
    assert {so.status for so in parts.values()} == {SellerOrder.Status.AWAITING_PAYMENT}
    assert order.total_incl_tax == Decimal("190000")

    payment = order.payment
    assert payment.method == "bank_transfer" and payment.status == OrderPayment.Status.PENDING
    assert 1 <= payment.unique_code <= 999
    assert payment.amount_due == Decimal("190000") + payment.unique_code
    assert payment.deadline is not None

    # The buyer lands on the order page with the transfer instructions.
    page = client.get(response["Location"]).content.decode()
    assert f"{int(payment.amount_due):,}".replace(",", ".") in page
    assert "Dapur Bu Warsini" in page and "Bordir Waled" in page

    confirmation = mail.outbox[-1]
    assert confirmation.to == ["siti@contoh.id"]
    assert order.number in confirmation.subject
    assert confirmation.alternatives[0][1] == "text/html"

    # Stock is reserved, not yet consumed.
    kerudung.stockrecords.get().refresh_from_db()
    stock = kerudung.stockrecords.get()
    assert (stock.num_in_stock, stock.num_allocated) == (3, 1)


def test_checkout_groups_the_basket_by_producer_with_dispatch_estimates(client, products, buyer_village):
    kerupuk, kerudung = products
    kerudung.processing_days = 7
    kerudung.save()
    fill_basket(client, (kerupuk, 1), (kerudung, 1))
    client.post(reverse("checkout:index"), {"username": "a@contoh.id", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    page = client.get(reverse("checkout:shipping-method")).content.decode()
    assert "Dapur Bu Warsini" in page and "Bordir Waled" in page
    assert "dikirim dalam 7 hari" in page
    assert "Ambil sendiri" in page  # only the producer that offers pickup
    assert page.count("Ambil sendiri") == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone_number", "+620812345", "tidak valid"),
        ("phone_number", "０８１２９８７６５４３２", "angka biasa"),
        ("postcode", "4522", "5 angka"),
        ("postcode", "abcde", "5 angka"),
        ("postcode", "٤٥٢١٣", "angka biasa"),  # Arabic-Indic digits, refused as phones are
        ("postcode", "４５２１３", "angka biasa"),  # full-width digits
        ("name", "", "Siti"),
    ],
)
def test_address_form_explains_bad_input_and_keeps_the_rest(
    client, products, buyer_village, field, value, message
):
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "a@contoh.id", "options": "anonymous"})
    response = client.post(
        reverse("checkout:shipping-address"), address_data(buyer_village, **{field: value})
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    content = response.content.decode()
    if value:
        assert message in content
    assert "Jl. Melati No. 5 RT 02/RW 03" in content


def test_address_regions_are_chosen_without_javascript(client, products, buyer_village):
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "a@contoh.id", "options": "anonymous"})
    data = address_data(buyer_village)
    partial = {k: v for k, v in data.items() if k not in ("regency", "district", "village")}
    page = client.post(reverse("checkout:shipping-address"), {**partial, "_pilih_wilayah": "1"})
    assert page.status_code == 200
    assert str(buyer_village.district.regency) in page.content.decode()


def test_empty_basket_cannot_check_out(client):
    response = client.get(reverse("checkout:shipping-address"))
    assert response.status_code == 302


def test_staff_marks_transfer_paid_and_each_producer_hears_only_of_their_lines(
    client, products, two_producers, buyer_village, django_capture_on_commit_callbacks
):
    from payment.services import payment_mark_succeeded

    fill_basket(client, (products[0], 2), (products[1], 1))
    checkout_as_guest(client, buyer_village)
    payment = OrderPayment.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payment_mark_succeeded(payment=payment, reference="BRI-001")
    assert {so.status for so in SellerOrder.objects.all()} == {SellerOrder.Status.PAID}
    first, second = two_producers
    to_first = next(m for m in mail.outbox if m.to == [first.user.email])
    to_second = next(m for m in mail.outbox if m.to == [second.user.email])
    assert "Kerupuk Kulit Ikan" in to_first.body and "Kerudung Bordir" not in to_first.body
    assert "Kerudung Bordir" in to_second.body and "Kerupuk Kulit Ikan" not in to_second.body


def test_unpaid_transfer_is_cancelled_after_the_deadline_and_stock_returns(client, products, buyer_village):
    from datetime import timedelta

    from django.utils import timezone

    from payment.services import bank_transfers_expire

    fill_basket(client, (products[1], 2))
    checkout_as_guest(client, buyer_village)
    stock = products[1].stockrecords.get()
    stock.refresh_from_db()
    assert stock.num_allocated == 2
    assert bank_transfers_expire() == []  # not yet
    cancelled = bank_transfers_expire(now=timezone.now() + timedelta(hours=25))
    assert len(cancelled) == 1
    stock.refresh_from_db()
    assert stock.num_allocated == 0
    assert SellerOrder.objects.get().status == SellerOrder.Status.CANCELLED
    assert Order.objects.get().status == "Cancelled"


def test_last_units_cannot_be_bought_twice(client, products, buyer_village, django_user_model):
    from django.test import Client

    kerudung = products[1]
    other = Client()
    fill_basket(client, (kerudung, 3))
    fill_basket(other, (kerudung, 1))  # both baskets hold it while stock lasts
    # The second buyer reaches the last step first, then the first buyer places the order.
    other.post(reverse("checkout:index"), {"username": "budi@contoh.id", "options": "anonymous"})
    other.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    other.post(reverse("checkout:shipping-method"), {})
    other.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    assert other.get(reverse("checkout:preview")).status_code == 200
    checkout_as_guest(client, buyer_village)
    response = other.post(reverse("checkout:preview"))
    assert response["Location"] == reverse("basket:summary")
    assert Order.objects.count() == 1
    assert "tinggal 0" in other.get(reverse("basket:summary")).content.decode()


def test_signed_in_buyer_sees_each_producers_status_in_their_account(client, products, buyer_village):
    from tests.factories import UserFactory

    buyer = UserFactory(username="budi")
    client.force_login(buyer)
    fill_basket(client, (products[0], 1), (products[1], 1))
    client.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    client.post(reverse("checkout:shipping-method"), {})
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    client.post(reverse("checkout:preview"))
    order = Order.objects.get(user=buyer)
    page = client.get(reverse("customer:order", args=[order.number])).content.decode()
    assert "Dapur Bu Warsini" in page and "Bordir Waled" in page
    assert "Menunggu pembayaran" in page
    assert reverse("checkout:order-status", args=[order.number, "x"]).rsplit("x/", 1)[0] in page


def test_order_status_page_needs_the_right_token(client, products, buyer_village):
    fill_basket(client, (products[0], 1))
    response = checkout_as_guest(client, buyer_village)
    order = Order.objects.get()
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("checkout:order-status", args=[order.number, "tebakan"])).status_code == 404


def test_a_basket_from_five_producers_checks_out_into_five_parts(
    client, buyer_village, django_capture_on_commit_callbacks
):
    from tests.factories import ProductFactory, SellerProfileFactory

    sellers = [SellerProfileFactory(name=f"Produsen {n}") for n in range(5)]
    flat_rates(sellers=sellers, village=buyer_village)
    items = [(ProductFactory(seller=seller, price=10000 * (n + 1)), 1) for n, seller in enumerate(sellers)]
    fill_basket(client, *items)
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout_as_guest(client, buyer_village)
    assert response.status_code == 302
    order = Order.objects.get()
    parts = order.seller_orders.order_by("number")
    assert [part.seller for part in parts] == sorted(sellers, key=lambda s: s.partner_id)
    assert sum(part.lines_total for part in parts) == Decimal("150000")
    assert sum(part.shipping_charge for part in parts) == Decimal("100000")  # Rp 20.000 per kg, 1 kg each
    assert order.total_incl_tax == Decimal("250000")
    assert sorted(part.lines().count() for part in parts) == [1, 1, 1, 1, 1]
