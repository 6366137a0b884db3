"""The bank-transfer page: amount and account number to copy, and a photo of the transfer
slip that staff see beside "Tandai lunas" (issue 14, storefront)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from order.tokens import order_status_token
from payment.models import OrderPayment, TransferReceipt
from payment.services import payment_mark_succeeded
from tests.checkout.conftest import checkout_as_guest, fill_basket

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return Client()


@pytest.fixture
def placed(buyer, products, buyer_village):
    fill_basket(buyer, (products[0], 1))
    checkout_as_guest(buyer, buyer_village)
    return OrderPayment.objects.select_related("order").get()


def _photo(name="bukti.jpg", size=(900, 1200), fmt="JPEG", exif=True) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 220, 240))
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "HP Ani"  # camera make: metadata that must not be kept
        options["exif"] = data.tobytes()
    image.save(buffer, fmt, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _args(payment):
    return [payment.order.number, order_status_token(payment.order)]


def _upload(buyer, payment, upload):
    return buyer.post(reverse("payment:transfer-receipt", args=_args(payment)), {"image": upload})


def test_amount_and_account_number_are_text_with_copy_buttons_from_a_static_script(buyer, placed, settings):
    page = buyer.get(reverse("checkout:order-status", args=_args(placed))).content.decode()

    amount = str(int(placed.amount_due))
    account = settings.BANK_TRANSFER_ACCOUNT["number"]
    # Selectable text without JavaScript…
    assert f"{int(placed.amount_due):,}".replace(",", ".") in page
    assert f'<strong class="copyable" id="account-number">{account}</strong>' in page
    # …and buttons the static script shows, copying the bare digits.
    assert f'data-copy="{amount}"' in page
    assert f'data-copy="{account.replace("-", "")}"' in page
    assert (
        page.count('<button type="button" class="btn btn-sm btn-outline-secondary copy-button" data-copy=')
        == 2
    )
    # A static script (the shop's CSP allows no inline one), deferred.
    assert re.search(r'<script src="/static/js/copy\.js[^"]*" defer></script>', page)


def test_buyer_uploads_a_transfer_receipt_that_staff_see_beside_tandai_lunas(buyer, staff_client, placed):
    response = _upload(buyer, placed, _photo())
    assert response.status_code == 302

    receipt = TransferReceipt.objects.get(payment=placed)
    # Re-encoded: no metadata, not the buyer's file name, at most 1600 px.
    with receipt.image.open("rb") as stored, Image.open(stored) as image:
        assert "exif" not in image.info
        assert max(image.size) <= 1600
    assert "bukti" not in receipt.image.name
    page = buyer.get(response["Location"]).content.decode()
    assert "1 foto bukti transfer sudah terkirim" in page

    image_url = reverse("payment-dashboard:transfer-receipt", args=[receipt.pk])
    confirm = staff_client.get(reverse("payment-dashboard:mark-paid", args=[placed.pk])).content.decode()
    assert image_url in confirm
    detail = staff_client.get(reverse("payment-dashboard:detail", args=[placed.pk])).content.decode()
    assert image_url in detail
    served = staff_client.get(image_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    # It shows a bank account: nobody else gets it.
    assert buyer.get(image_url).status_code == 302
    assert Client().get(image_url).status_code == 302


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("bukti.jpg", b"<html><script>alert(1)</script>"), "bukan foto"),
        (lambda: _photo(size=(100, 80)), "terlalu kecil"),
        (lambda: _photo(name="bukti.gif", fmt="GIF", exif=False), "JPG, PNG atau WebP"),
    ],
)
def test_a_file_that_is_not_a_usable_photo_is_refused_with_a_message(buyer, placed, upload, message):
    response = _upload(buyer, placed, upload())

    assert response.status_code == 302
    assert message in buyer.get(response["Location"]).content.decode()
    assert not TransferReceipt.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(buyer, placed, monkeypatch):
    monkeypatch.setattr("sellers.images.MAX_UPLOAD_BYTES", 1000)

    response = _upload(buyer, placed, _photo())

    assert "terlalu besar" in buyer.get(response["Location"]).content.decode()
    assert not TransferReceipt.objects.exists()


def test_no_receipt_for_a_paid_order_or_a_wrong_link(buyer, placed):
    wrong = reverse("payment:transfer-receipt", args=[placed.order.number, "x" * 20])
    assert buyer.post(wrong, {"image": _photo()}).status_code == 404

    payment_mark_succeeded(payment=placed, reference="M-1")
    response = _upload(buyer, placed, _photo())

    assert "tidak menunggu transfer bank" in buyer.get(response["Location"]).content.decode()
    assert not TransferReceipt.objects.exists()
