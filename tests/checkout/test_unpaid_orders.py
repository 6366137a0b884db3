"""Stock hoarding (issue 15, item 5): one buyer or address cannot hold a product's stock with
a string of unpaid orders. Unpaid orders are limited per e-mail/account and per client
address, an unpaid bank transfer holds its units for hours rather than a day, and staff see
hoards grouped by e-mail and address and release them (cancelled, recorded, stock back)."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from payment.models import OrderPayment
from payment.services import bank_transfers_expire
from tests.checkout.conftest import checkout_as_guest, checkout_to_preview, fill_basket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")

HOARDER = "203.0.113.66"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.UNPAID_ORDERS_PER_BUYER = 3
    settings.UNPAID_ORDERS_PER_ADDRESS = 5


def _order(client, product, village, *, email, address=HOARDER):
    client.defaults["REMOTE_ADDR"] = address
    fill_basket(client, (product, 1))
    return checkout_as_guest(client, village, email=email)


def _allocated(product) -> int:
    return product.stockrecords.get().num_allocated or 0


def test_a_fourth_unpaid_order_for_one_email_is_refused_with_a_message(client, products, buyer_village):
    kerupuk, _kerudung = products
    for _ in range(3):
        assert _order(client, kerupuk, buyer_village, email="penimbun@contoh.id").status_code == 302

    refused = _order(client, kerupuk, buyer_village, email="PENIMBUN@contoh.id")

    assert refused["Location"] == reverse("basket:summary")
    page = client.get(refused["Location"]).content.decode()
    assert "Anda masih punya 3 pesanan yang belum dibayar" in page
    assert "batal otomatis 6 jam setelah dibuat" in page
    assert Order.objects.count() == 3
    assert _allocated(kerupuk) == 3
    # The basket is kept: nothing the buyer chose is lost.
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 1


def test_many_emails_from_one_address_are_limited_too(client, products, buyer_village):
    kerupuk, _kerudung = products
    for n in range(5):
        assert _order(client, kerupuk, buyer_village, email=f"akun{n}@contoh.id").status_code == 302

    refused = _order(client, kerupuk, buyer_village, email="akun-baru@contoh.id")

    assert refused["Location"] == reverse("basket:summary")
    assert "dari jaringan internet ini" in client.get(refused["Location"]).content.decode()
    assert Order.objects.count() == 5
    assert set(Order.objects.values_list("placed_from", flat=True)) == {HOARDER}
    # Another buyer elsewhere still buys.
    assert _order(Client(), kerupuk, buyer_village, email="tetangga@contoh.id", address="198.51.100.4")[
        "Location"
    ].startswith("/checkout/pesanan/")


def test_a_paid_or_expired_order_no_longer_counts(client, products, buyer_village):
    kerupuk, _kerudung = products
    for _ in range(3):
        _order(client, kerupuk, buyer_village, email="ani@contoh.id")
    OrderPayment.objects.update(deadline=timezone.now() - timedelta(minutes=1))
    assert len(bank_transfers_expire()) == 3
    assert _allocated(kerupuk) == 0

    assert _order(client, kerupuk, buyer_village, email="ani@contoh.id")["Location"].startswith(
        "/checkout/pesanan/"
    )


def test_an_unpaid_bank_transfer_holds_its_units_for_hours_not_a_day(
    client, products, buyer_village, settings
):
    assert settings.BANK_TRANSFER_HOURS <= 6
    kerupuk, _kerudung = products
    placed = _order(client, kerupuk, buyer_village, email="ani@contoh.id")
    payment = OrderPayment.objects.get()

    hold = payment.deadline - payment.created_at
    assert timedelta(hours=settings.BANK_TRANSFER_HOURS) - timedelta(minutes=1) < hold
    assert hold <= timedelta(hours=settings.BANK_TRANSFER_HOURS)
    # What the buyer is told matches the hold: on the payment choice and the payment page.
    wib = timezone.localtime(payment.deadline)
    assert f"Bayar sebelum {wib:%-d}" in client.get(placed["Location"]).content.decode()
    fill_basket(client, (kerupuk, 1))
    checkout_to_preview(client, buyer_village, email="ani@contoh.id")
    choice = client.get(reverse("checkout:payment-method")).content.decode()
    assert f"dalam {settings.BANK_TRANSFER_HOURS} jam" in choice


def test_staff_see_a_hoard_by_email_and_address_and_release_it(client, staff_client, products, buyer_village):
    kerupuk, _kerudung = products
    buyer = Client()
    for _ in range(3):
        _order(buyer, kerupuk, buyer_village, email="penimbun@contoh.id")
    assert _allocated(kerupuk) == 3

    page = staff_client.get(reverse("unpaid-dashboard:list")).content.decode()
    assert "penimbun@contoh.id" in page
    assert HOARDER in page
    assert "3 pesanan belum dibayar" in page

    response = staff_client.post(
        reverse("unpaid-dashboard:list"),
        {"kind": "email", "key": "penimbun@contoh.id", "reason": "Menimbun stok tanpa membayar"},
        follow=True,
    )

    assert "3 pesanan dari penimbun@contoh.id dibatalkan" in response.content.decode()
    assert set(OrderPayment.objects.values_list("status", flat=True)) == {OrderPayment.Status.CANCELLED}
    assert set(Order.objects.values_list("status", flat=True)) == {"Cancelled"}
    assert _allocated(kerupuk) == 0
    notes = OrderNote.objects.all()
    assert len(notes) == 3
    assert all(note.user.username == "staf" and "Menimbun stok" in note.message for note in notes)
    assert "penimbun@contoh.id" not in staff_client.get(reverse("unpaid-dashboard:list")).content.decode()
    # Released, the buyer may order again.
    assert _order(buyer, kerupuk, buyer_village, email="penimbun@contoh.id")["Location"].startswith(
        "/checkout/pesanan/"
    )


def test_the_unpaid_orders_page_is_for_staff_only(client, products):
    assert client.get(reverse("unpaid-dashboard:list")).status_code == 302
    assert client.post(reverse("unpaid-dashboard:list"), {"kind": "email", "key": "x"}).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_simultaneous_checkouts_for_one_email_cannot_all_pass_the_limit(products, buyer_village):
    kerupuk, _kerudung = products
    tabs = []
    for n in range(5):  # five browsers, one e-mail, each at "Buat pesanan"
        tab = Client(REMOTE_ADDR=f"198.51.100.{n}")
        fill_basket(tab, (kerupuk, 1))
        checkout_to_preview(tab, buyer_village, email="penimbun@contoh.id")
        tabs.append(tab)
    start = threading.Barrier(len(tabs))
    answers: list = []
    lock = threading.Lock()

    def place(tab) -> None:
        close_old_connections()
        try:
            start.wait(timeout=30)
            answer = tab.post(reverse("checkout:preview"))["Location"]
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            answer = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=place, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(answer.startswith("/checkout/pesanan/") for answer in answers) == [False] * 2 + [True] * 3
    assert answers.count(reverse("basket:summary")) == 2
    assert Order.objects.count() == 3
