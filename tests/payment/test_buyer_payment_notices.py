"""The buyer is told of payment, refund and cancellation, with dates, and gives the account a
bank-transfer refund goes to (issue 14, item 13)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from fulfilment.models import SellerOrder
from order.tokens import order_status_token
from payment.models import OrderPayment, RefundBankAccount
from payment.services import payment_mark_succeeded
from tests.checkout.conftest import checkout_as_guest, fill_basket
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = OrderPayment.Status


def _place(buyer, products, village, **kwargs) -> OrderPayment:
    fill_basket(buyer, (products[0], 2), (products[1], 1))
    checkout_as_guest(buyer, village, **kwargs)
    return OrderPayment.objects.select_related("order").latest("pk")


@pytest.fixture
def buyer():
    return Client()


@pytest.fixture
def placed(buyer, products, buyer_village):
    return _place(buyer, products, buyer_village)


def _order_page(payment) -> str:
    return reverse("checkout:order-status", args=[payment.order.number, order_status_token(payment.order)])


def _account_url(payment) -> str:
    return reverse("payment:refund-account", args=[payment.order.number, order_status_token(payment.order)])


def _rupiah(amount) -> str:
    return f"Rp\u00a0{int(amount):,}".replace(",", ".")


def _text(html: str) -> str:
    # Tags out, runs of whitespace (but not the no-break space in "Rp 25.000") made one.
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def _between(html: str, start: str, end: str) -> str:
    return _text(html.split(start, 1)[1].split(end, 1)[0])


def _refund_part(staff_client, payment, part):
    return staff_client.post(
        reverse("payment-dashboard:detail", args=[payment.pk]),
        {"action": "refund", "seller_order": part.number, "amount": str(int(part.total)), "reason": "rusak"},
    )


def test_buyer_is_told_the_payment_arrived_with_its_date(
    buyer, staff_client, placed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("payment-dashboard:mark-paid", args=[placed.pk]), {"reference": "M-1"})

    placed.refresh_from_db()
    date = placed.paid_at.astimezone().strftime("%-d")
    notice = next(message for message in mail.outbox if message.to == ["siti@contoh.id"])
    assert placed.order.number in notice.subject and "terima" in notice.subject
    assert _rupiah(placed.amount_due) in notice.body
    assert _order_page(placed) in notice.body
    page = _text(buyer.get(_order_page(placed)).content.decode())
    assert "Pembayaran diterima pada" in page and date in page
    assert "Lunas" in page
    # No transfer instructions any more once paid.
    assert "Transfer tepat sejumlah" not in page


def test_partial_bank_transfer_refund_collects_the_buyers_account_and_shows_what_remains(
    buyer, staff_client, placed, django_capture_on_commit_callbacks
):
    payment_mark_succeeded(payment=placed, reference="M-1")
    part = SellerOrder.objects.order_by("number").first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _refund_part(staff_client, placed, part)
    placed.refresh_from_db()

    # The e-mail: amount, what remains, and the link to give an account.
    notice = mail.outbox[-1]
    assert notice.to == ["siti@contoh.id"]
    assert _rupiah(part.total) in notice.body
    assert _rupiah(placed.amount_due - part.total) in notice.body
    assert _account_url(placed) in notice.body

    # The order page: refunded, remaining, date, and the same link.
    page = buyer.get(_order_page(placed)).content.decode()
    text = _text(page)
    assert "Dikembalikan sebagian" in text
    assert _rupiah(part.total) in _text(page.split('id="refunded-amount"')[1].split("</dd>")[0])
    assert _rupiah(placed.amount_due - part.total) in _text(
        page.split('id="remaining-amount"')[1].split("</dd>")[0]
    )
    assert "dikembalikan pada" in text
    assert _account_url(placed) in page

    # A wrong number is refused with a message and nothing is stored.
    form = {"bank_name": "BNI", "account_number": "0123-45-67x901", "holder_name": "Siti Aminah"}
    refused = buyer.post(_account_url(placed), form)
    assert refused.status_code == 400
    assert "hanya angka" in refused.content.decode()
    assert not RefundBankAccount.objects.exists()

    # Separators are accepted, digits stored, through the guest's signed link only.
    assert (
        Client().get(_account_url(placed).replace(order_status_token(placed.order), "x" * 20)).status_code
        == 404
    )
    form["account_number"] = "0123-45-678901-50-1"
    assert buyer.post(_account_url(placed), form).status_code == 302
    account = RefundBankAccount.objects.get(payment=placed)
    assert (account.bank_name, account.account_number, account.holder_name) == (
        "BNI",
        "012345678901501",
        "Siti Aminah",
    )

    # Staff see it beside the refund and record the transfer; the buyer is told.
    detail = staff_client.get(reverse("payment-dashboard:detail", args=[placed.pk])).content.decode()
    assert "012345678901501" in detail.split('id="refund-account"')[1].split("</p>")[0]
    refund = placed.refunds.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("payment-dashboard:detail", args=[placed.pk]),
            {"action": "refund_transferred", "refund": refund.pk, "reference": "TRF-BALIK-5"},
        )
    refund.refresh_from_db()
    assert refund.reference == "TRF-BALIK-5" and refund.transferred_at is not None
    assert "TRF-BALIK-5" in mail.outbox[-1].body
    page = _text(buyer.get(_order_page(placed)).content.decode())
    assert "TRF-BALIK-5" in page and "Ditransfer ke rekening Anda pada" in page
    assert "••••" in page and "012345678901501" not in page  # the buyer's page shows it masked


def test_logged_in_buyer_sees_the_refund_on_their_account_order_page(products, buyer_village, staff_client):
    user = UserFactory(email="ani@contoh.id")
    buyer = Client()
    buyer.force_login(user)
    fill_basket(buyer, (products[0], 2), (products[1], 1))
    checkout_as_guest(buyer, buyer_village, email=user.email)
    payment = OrderPayment.objects.select_related("order").get()
    assert payment.order.user == user
    payment_mark_succeeded(payment=payment, reference="M-1")
    part = SellerOrder.objects.order_by("number").first()
    _refund_part(staff_client, payment, part)

    page = buyer.get(
        reverse("customer:order", kwargs={"order_number": payment.order.number})
    ).content.decode()

    assert _rupiah(part.total) in _text(page.split('id="refunded-amount"')[1].split("</dd>")[0])
    assert "Dikembalikan sebagian" in page
    assert _account_url(payment) in page


def test_buyer_is_told_of_a_cancellation_with_its_date(
    buyer, staff_client, placed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("payment-dashboard:detail", args=[placed.pk]), {"action": "cancel"})
    placed.refresh_from_db()

    notice = mail.outbox[-1]
    assert notice.to == ["siti@contoh.id"] and "dibatalkan" in notice.subject
    # A transfer may have arrived too late: the buyer can say where it goes back.
    assert _account_url(placed) in notice.body
    page = _text(buyer.get(_order_page(placed)).content.decode())
    assert "Pesanan dibatalkan pada" in page
    assert placed.cancelled_at.astimezone().strftime("%Y") in page
    assert "Transfer tepat sejumlah" not in page


def test_refund_account_form_is_only_for_a_bank_transfer_owed_money(buyer, placed):
    assert buyer.get(_account_url(placed)).status_code == 404
    form = {"bank_name": "BNI", "account_number": "1234567890", "holder_name": "Siti"}
    assert buyer.post(_account_url(placed), form).status_code == 404
    assert not RefundBankAccount.objects.exists()


def test_the_refund_account_is_exported_and_erased_with_the_buyers_data(buyer, staff_client, placed):
    from privacy.services import personal_data_erase, personal_data_export

    payment_mark_succeeded(payment=placed, reference="M-1")
    _refund_part(staff_client, placed, SellerOrder.objects.order_by("number").first())
    form = {"bank_name": "BNI", "account_number": "1234 5678 90", "holder_name": "Siti Aminah"}
    assert buyer.post(_account_url(placed), form).status_code == 302

    (order,) = personal_data_export(email="siti@contoh.id")["orders"]
    assert order["refund_bank_accounts"][0]["account_number"] == "1234567890"

    personal_data_erase(email="siti@contoh.id")
    assert not RefundBankAccount.objects.exists()
    assert placed.refunds.get().amount > 0  # the books keep the refund itself
