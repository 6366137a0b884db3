"""The producer's order page: the label and packing slip as PDFs (own orders only), the
waybill checked against the buyer's courier at hand-over, and the parcel marked arrived."""

import pytest
from django.urls import reverse

from fulfilment.models import SellerOrder, SellerOrderEvent
from tests.factories import SellerProfileFactory
from tests.fulfilment.conftest import kerupuk_part, paid_order  # noqa: F401
from tests.fulfilment.pdfs import barcodes, pdf_text

pytestmark = pytest.mark.django_db

Status = SellerOrder.Status


def _label_url(part):
    return reverse("sellers:portal-order-label", args=[part.number])


def _slip_url(part):
    return reverse("sellers:portal-order-slip", args=[part.number])


def test_the_producer_downloads_the_label_and_slip_from_the_order_page(client, kerupuk_part):  # noqa: F811
    client.force_login(kerupuk_part.seller.user)
    page = client.get(kerupuk_part.get_absolute_url()).content.decode()
    assert _label_url(kerupuk_part) in page and _slip_url(kerupuk_part) in page

    label = client.get(_label_url(kerupuk_part))
    assert label.status_code == 200
    assert label["Content-Type"] == "application/pdf"
    assert f'filename="label-{kerupuk_part.number}.pdf"' in label["Content-Disposition"]
    assert "JNE REG" in pdf_text(label.content)
    assert barcodes(label.content) == [("Code128", kerupuk_part.number)]

    slip = client.get(_slip_url(kerupuk_part))
    assert slip.status_code == 200
    assert "2 × Kerupuk Kulit Ikan" in pdf_text(slip.content)


def test_another_producer_gets_404_for_the_label_and_slip(client, kerupuk_part):  # noqa: F811
    client.force_login(SellerProfileFactory(name="Tenun Ibu Sari").user)

    assert client.get(_label_url(kerupuk_part)).status_code == 404
    assert client.get(_slip_url(kerupuk_part)).status_code == 404


def test_no_label_before_the_order_is_paid(client, kerupuk_part):  # noqa: F811
    SellerOrder.objects.filter(pk=kerupuk_part.pk).update(status=Status.AWAITING_PAYMENT)
    client.force_login(kerupuk_part.seller.user)

    assert client.get(_label_url(kerupuk_part)).status_code == 404


@pytest.mark.parametrize(
    ("waybill", "message"),
    [
        ("12345", "panjangnya 10 sampai 18 karakter"),
        ("CGK-1A2345678901", "hanya berisi huruf dan angka"),
    ],
)
def test_a_waybill_that_cannot_be_the_couriers_is_refused_with_a_reason(
    client,
    kerupuk_part,  # noqa: F811
    waybill,
    message,
):
    client.force_login(kerupuk_part.seller.user)

    response = client.post(kerupuk_part.get_absolute_url(), {"action": "ship", "tracking_number": waybill})

    assert response.status_code == 400
    assert message in response.content.decode()
    kerupuk_part.refresh_from_db()
    assert (kerupuk_part.status, kerupuk_part.tracking_number) == (Status.PAID, "")


def test_hand_over_keeps_the_waybill_as_the_courier_prints_it_and_records_who(client, kerupuk_part):  # noqa: F811
    producer = kerupuk_part.seller.user
    client.force_login(producer)

    response = client.post(
        kerupuk_part.get_absolute_url(), {"action": "ship", "tracking_number": " cgk1a 2345678901 "}
    )

    assert response.status_code == 302
    kerupuk_part.refresh_from_db()
    assert kerupuk_part.status == Status.SHIPPED
    assert (kerupuk_part.courier, kerupuk_part.tracking_number) == ("JNE REG", "CGK1A2345678901")
    event = SellerOrderEvent.objects.filter(seller_order=kerupuk_part).last()
    assert (event.old_status, event.new_status, event.by) == (Status.PAID, Status.SHIPPED, producer)
    assert "CGK1A2345678901" in event.note
    assert "CGK1A2345678901" in client.get(kerupuk_part.get_absolute_url()).content.decode()


def test_the_producer_marks_a_shipped_parcel_arrived(client, kerupuk_part):  # noqa: F811
    client.force_login(kerupuk_part.seller.user)
    client.post(kerupuk_part.get_absolute_url(), {"action": "ship", "tracking_number": "CGK1A2345678901"})

    assert "Tandai sudah sampai di pembeli" in client.get(kerupuk_part.get_absolute_url()).content.decode()
    client.post(kerupuk_part.get_absolute_url(), {"action": "deliver"})

    kerupuk_part.refresh_from_db()
    assert kerupuk_part.status == Status.DELIVERED
    assert kerupuk_part.events.last().by == kerupuk_part.seller.user
